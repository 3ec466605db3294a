#!/bin/sh
# pipelines/run.sh - run or resume one workflow, holding its lock.
#
# Sourced by the recipe shell of the top-level Makefile, with W set to the
# workflow folder and the positional parameters set to the command that
# runs pipeline.mk (sourcing saves a process on every run).
#
# Environment: MV_PARAMS, lines "NAME=value" given on make's command line,
# saved in W/params.mk so that a later plain run keeps them; MV_RETIRE,
# files that from=STEP moves to history before the run.
#
# The lock (pipelines/lock.sh) is taken first. Under it, temp files that
# a killed run left behind are swept away, and a file dated in the future
# (which would make every run redo its steps) stops the run.
#
# A workflow that cannot be written (read-only) is only checked: make -q
# for each phase; nothing to do succeeds, anything to do is refused with
# the first file it would make.
#
# SIGINT, SIGTERM and SIGHUP reach this shell (from the terminal, or
# SIGTERM passed on by the top make) but, by themselves, not the processes
# it started: it passes SIGTERM on to every one of them, waits for them all,
# then exits, so that when make has gone, the whole run has, and nothing
# holds the lock. (make 4.3 passes on only SIGTERM: a SIGINT or SIGHUP
# sent to the top make alone waits for the run to end.)
set -eu
. pipelines/lock.sh
mv_lock
step=pipelines/step.sh
export W

if [ -n "$MV_RO" ]; then
	for f in ${MV_RETIRE:-}; do
		echo "mv: $W: read-only: cannot run the step that makes" \
		    "${f#"$W"/}: from= asks for it again" >&2
		exit 1
	done
	for ph in split media all; do
		"$@" -q "$ph" 2> /dev/null || {
			# What it would make first, and why (why.sh); MAKE is
			# the command, quoted again for why.sh's eval.
			m=
			for a; do
				m="$m '$(printf '%s' "$a" | sed "s/'/'\\\\''/g")'"
			done
			t=$(MAKE=$m sh pipelines/why.sh "$W" | sed 1q)
			echo "mv: $W: read-only: cannot run the step that makes" \
			    "${t:-the files of its $ph phase}" >&2
			exit 1
		}
	done
	exit 0
fi

# Writing the lock's record dated it now: anything newer is in the
# future. Globs and test(1) built-ins keep this free of processes.
for f in "$W"/* "$W"/scenes/* "$W"/narration/* "$W"/segments/*; do
	if [ "$f" -nt "$W/.mv/lock" ]; then
		echo "mv: '$f': modification time is in the future; fix the" \
		    "clock or touch the file (otherwise every run would redo" \
		    "its steps)" >&2
		exit 1
	fi
done
for f in "$W"/.*.tmp.* "$W"/*.tmp.* "$W"/scenes/.*.tmp.* \
    "$W"/narration/.*.tmp.* "$W"/segments/.*.tmp.* "$W"/.mv/rec/*.tmp.* \
    "$W"/.mv/rec/*/*.tmp.*; do
	[ ! -f "$f" ] || rm -f -- "$f"
done

# mv_kill SIGNAL: sends SIGNAL to every process this shell started
# (children, their children...); false when none is left. Zombies, and
# the ps and awk doing it (children of this shell too), are left out.
mv_kill() {
	ps -e -o pid= -o ppid= -o stat= -o comm= | awk -v top=$$ -v sig="$1" '
	$3 ~ /^Z/ || $2 == top && ($4 == "ps" || $4 ~ /awk$/) { next }
	{ up[$1] = $2 }
	END {
		for (p in up) {
			q = p
			for (n = 0; q in up && q != top && n < 64; n++)
				q = up[q]
			if (q == top && p != top)
				k = k " " p
		}
		if (k == "")
			exit 1
		system("kill -" sig k " 2> /dev/null")
	}'
}

# mv_stop SIGNAL: pass SIGTERM on to the whole run, wait for it, exit.
mv_stop() {
	trap '' INT TERM HUP
	echo stopping >> "$W/.mv/lock" 2> /dev/null || :
	# Once, then once more after 1 s (for a process started meanwhile);
	# what still runs after 2 s ignores SIGTERM.
	i=0
	while [ "$i" -lt 20 ]; do
		case $i in
		0 | 10) mv_kill TERM || break ;;
		*) mv_kill 0 || break ;;
		esac
		sleep 0.1
		i=$((i + 1))
	done
	[ "$i" -lt 20 ] || mv_kill KILL || :
	wait || :
	exit $((128 + $1))
}
trap 'mv_stop 2' INT
trap 'mv_stop 15' TERM
trap 'mv_stop 1' HUP
# phase ARGS: one make of the run, in the background so that the traps
# run at once (a shell runs them only after a foreground child ends).
phase() {
	"$@" &
	wait $!
}

# Settings are checked before they are remembered: a bad one saved would
# break every later run. What is a secret is refused here; what the
# programs accept, they say (mv-assemble -k, from BIN in the command).
check_settings() {
	for a; do
		case $a in
		BIN=*) bin=${a#BIN=} ;;
		esac
	done
	set --
	while IFS= read -r kv; do
		case $kv in
		'') continue ;;
		*_BASE_URL=*@*) echo "mv: ${kv%%=*}: a URL with a user or" \
			"password is a secret: set it in the environment," \
			"where it is not remembered" >&2
			exit 1 ;;
		esac
		set -- "$@" "$kv"
	done <<EOF
$MV_PARAMS
EOF
	bad=$("$bin/mv-assemble" -k "$@") && return
	[ -n "$bad" ] || exit 1
	printf '%s\n' "$bad" | sed 's/^/mv: /' >&2
	exit 1
}
[ -z "${MV_PARAMS:-}" ] || check_settings "$@"

if [ -n "${MV_PARAMS:-}" ]; then
	# Replace the lines of the names given, keep the others; rewrite the
	# file only when that changes it.
	[ -e "$W/params.mk" ] || : > "$W/params.mk"
	cp "$W/params.mk" "$W/params.mk.tmp.$$"
	printf '%s\n' "$MV_PARAMS" | while IFS= read -r kv; do
		[ -n "$kv" ] || continue
		name=${kv%%=*}
		value=$(printf '%s' "${kv#*=}" | sed 's/\$/$$/g; s/#/\\#/g')
		grep -v "^$name :=" "$W/params.mk.tmp.$$" > "$W/params.mk.tmp2.$$" ||
		    :
		printf '%s := %s\n' "$name" "$value" >> "$W/params.mk.tmp2.$$"
		mv -f "$W/params.mk.tmp2.$$" "$W/params.mk.tmp.$$"
	done
	if cmp -s "$W/params.mk.tmp.$$" "$W/params.mk"; then
		rm -f "$W/params.mk.tmp.$$"
	else
		mv -f "$W/params.mk.tmp.$$" "$W/params.mk"
	fi
fi

# RUNNER=slurm: pipeline.mk runs each picture, clip and video segment
# with srun, which must be here.
case ${RUNNER:-local} in
local) ;;
slurm)
	if ! command -v srun > /dev/null; then
		echo "mv: RUNNER=slurm: no srun here (Debian's slurm-client)" >&2
		exit 1
	fi
	;;
*)
	echo "mv: RUNNER=$RUNNER: expected local or slurm" >&2
	exit 1
	;;
esac

if [ -n "${MV_RETIRE:-}" ]; then
	# shellcheck disable=SC2086
	phase sh "$step" retire $MV_RETIRE
fi

if [ -n "${MV_OFFLINE_NOTE:-}" ] && [ -z "${MV_QUIET:-}" ]; then
	echo "mv: offline: no AI provider or key is set, so mv writes, draws" \
	    "and speaks with its own offline providers (see mv(7)," \
	    "ENVIRONMENT)" >&2
fi
# A workflow with nothing to do (run again, as in a batch's rerun): one
# make -q over the three phases says so, in one reading of pipeline.mk.
# (Split up to date means its lists are current, so media's and all's
# targets are the ones the phases would see.)
if [ -n "${MV_RETIRE:-}" ] || ! "$@" -q split media all 2> /dev/null; then
	phase "$@" split
	phase "$@" media
	phase "$@" all
fi
# What the AI calls of the finished workflow used (nothing when offline).
[ -n "${MV_OFFLINE_NOTE:-}" ] || sh pipelines/cost.sh "$W" brief >&2 || :
exit 0
