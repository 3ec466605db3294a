#!/bin/sh
# pipelines/lock.sh - the workflow's lock; sourced by run.sh and
# restore.sh, with W set to the workflow folder.
#
# mv_lock takes it on fd 9, or exits 75 with the holder named. The lock is
# flock(1) on the workflow folder itself, so removing a file (.mv/lock,
# even .mv) cannot let a second run in; it is held by this shell and
# inherited by everything it starts, and the kernel drops it when the last
# of them exits, so a crash or kill -9 never leaves a stale lock.
#
# Under the lock, W/.mv/lock records the holder, "PID TICKS YYYY-MM-DD
# HH:MM:SS" (TICKS: when PID started, from /proc, to tell it from a later
# process of the same number; a line "stopping" is added once it was told
# to stop), when the folder can be written; MV_RO is set to 1 when it
# cannot.
#
# A holder whose locking process has gone (killed with its group, its last
# processes still exiting) or that says it is stopping is waited for, up
# to MV_LOCK_WAIT seconds (default 5): a run started right after Ctrl+C or
# kill -9 goes ahead. A live one is refused at once.

# mv_started PID: when PID started, "YYYY-MM-DD HH:MM:SS" (empty if gone).
mv_started() {
	ps -o lstart= -p "$1" 2> /dev/null |
	    { read -r t && date -d "$t" '+%F %T'; } 2> /dev/null || :
}

# mv_alive PID [TICKS]: PID runs (and is not a zombie, which holds
# nothing), and started TICKS clock ticks after boot when given (so it is
# not another process that has the same number now).
mv_alive() {
	[ -r "/proc/$1/stat" ] || { kill -0 "$1" 2> /dev/null; return; }
	IFS= read -r st < "/proc/$1/stat" 2> /dev/null || return 1
	st=${st##*) }
	t=${2:-}
	# shellcheck disable=SC2086
	set -- $st
	[ "$1" != Z ] && [ "$1" != X ] && { [ -z "$t" ] || [ "$t" = "${20}" ]; }
}

# mv_ticks: when this shell started, in clock ticks after boot.
mv_ticks() {
	IFS= read -r st < "/proc/$$/stat" 2> /dev/null || { echo 0; return; }
	st=${st##*) }
	# shellcheck disable=SC2086
	set -- $st
	echo "${20}"
}

mv_lock() {
	MV_RO=
	[ -d "$W" ] || mkdir -p "$W"
	[ -w "$W" ] || MV_RO=1
	exec 9< "$W"
	flock -n 9 || mv_lock_held
	if [ -z "$MV_RO" ]; then
		mkdir -p "$W/.mv"
		# Written each run: its modification time is "now" for the
		# clock check of run.sh.
		printf '%s %s %s\n' "$$" "$(mv_ticks)" "$(date '+%F %T')" \
		    > "$W/.mv/lock"
	fi
}

# mv_fd_holder: the first process of a run holding W open on fd 9, the
# one whose parent does not (any process of a run holds the lock); this
# shell and the subshell doing it, which hold it too, left out.
mv_fd_holder() {
	hs= ps=
	for f in /proc/[0-9]*/fd/9; do
		[ "$f" -ef "$W" ] 2> /dev/null || continue
		f=${f#/proc/}
		f=${f%%/*}
		IFS= read -r st < "/proc/$f/stat" 2> /dev/null || continue
		st=${st##*) }
		# shellcheck disable=SC2086
		set -- $st
		[ "$f" != $$ ] && [ "$2" != $$ ] || continue
		hs="$hs $f"
		ps="$ps $2"
	done
	# shellcheck disable=SC2086
	set -- $ps
	for h in $hs; do
		case " $hs " in *" $1 "*) ;; *) echo "$h"; return ;; esac
		shift
	done
}

# The lock is taken: name the holder, or wait for one that is going away.
mv_lock_held() {
	rec= pid= ticks= since= stopping=
	[ ! -r "$W/.mv/lock" ] || rec=$(cat "$W/.mv/lock" 2> /dev/null) || :
	case $rec in
	[0-9]*" "[0-9]*" "*)
		pid=${rec%% *}
		since=${rec#* }
		ticks=${since%% *}
		since=${since#* }
		since=${since%%
*}
		case $rec in *stopping*) stopping=1 ;; esac
		;;
	esac
	if [ -n "$pid" ] && mv_alive "$pid" "$ticks"; then
		# The recorded run: live, or stopping (then waited for).
		[ -n "$stopping" ] || mv_refuse "$pid" "$since"
	else
		# Someone else: the process that took the lock, if it still
		# holds it (flock(1) running a command), or, with no record
		# (deleted), the first process of the run that holds it.
		pid=$(awk -v ino="$(stat -c %i "$W")" '$2 == "FLOCK" &&
		    $6 ~ ":" ino "$" { print $5; exit }' /proc/locks \
		    2> /dev/null) || :
		if [ -n "$pid" ] && mv_alive "$pid"; then
			mv_refuse "$pid" "$(mv_started "$pid")"
		elif [ -z "$rec" ]; then
			pid=$(mv_fd_holder)
			[ -z "$pid" ] || mv_refuse "$pid" "$(mv_started "$pid")"
		fi
	fi
	# Gone or stopping: its last processes are exiting.
	flock -w "${MV_LOCK_WAIT:-5}" 9 && return 0
	echo "mv: another run holds $W: it was stopping, but its processes" \
	    "still run after ${MV_LOCK_WAIT:-5} s" >&2
	exit 75
}

mv_refuse() {
	echo "mv: another run (pid $1, started ${2:-at an unknown time}) holds" \
	    "$W" >&2
	exit 75
}
