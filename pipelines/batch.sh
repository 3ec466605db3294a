#!/bin/sh
# pipelines/batch.sh - many workflows, one per brief, under one make.
#
# usage: batch.sh run            (from make batch; environment below)
#        batch.sh one B N K      (from pipelines/batch.mk: the K-th brief
#                                 of N)
#        batch.sh estimate       (make estimate BRIEFS=...)
#
# run: expands BRIEFS (a list of files and shell patterns) into the plan
# of the batch BATCH in WORKFLOWS/.batch/BATCH/, holding that folder's
# lock, runs pipelines/batch.mk (so the jobserver of the make that called
# this is shared by all workflows), then writes summary.jsonl (one line a
# brief, in the order of the plan) and prints a report on stderr. Exits 1
# when a workflow failed.
#
# one: runs the workflow of one brief through the top-level Makefile
# (make WORKFLOW=ID INPUT=BRIEF, the id the brief's file name without
# ".json", checked there like any id; the settings on make's command line
# reach it in MAKEFLAGS and are remembered by it), its messages in
# log/ID.log, and records how it ended in status/K.json; prints progress.
#
# Environment: MAKE, BIN, WORKFLOWS, BATCH, BRIEFS; RUNNER (local, or
# slurm: each workflow a Slurm job) and SLURM_ARGS; BUDGET.
set -eu

# id_of BRIEF: sets id to the workflow id a brief's file name gives.
id_of() {
	id=${1##*/}
	id=${id%.json}
}

# progress B N WHAT: one line of what the batch has done so far (globs
# and built-ins only: a batch of thousands prints it often).
progress() {
	done=0 failed=0 running=0
	for f in "$1"/status/*.done.json; do
		[ -f "$f" ] && done=$((done + 1))
	done
	for f in "$1"/status/*.failed.json; do
		[ -f "$f" ] && failed=$((failed + 1))
	done
	for f in "$1"/running/*; do
		[ -f "$f" ] && running=$((running + 1))
	done
	echo "batch: $3 ($done/$2 done, $running running, $failed failed)" >&2
}

# error_of LOG: the line of a workflow's messages that says why it failed
# (make's own lines and progress left out; make's "*** ... Stop." unwrapped).
error_of() {
	awk '
	/^make(\[[0-9]+\])?: \*\*\* .*Error [0-9]+$/ { next }
	/^[^ ]*: \*\*\* .*\.  Stop\.$/ {
		sub(/^[^ ]*: \*\*\* /, ""); sub(/\.  Stop\.$/, ""); e = $0; next
	}
	/^mv: offline: / || /^mv: [^ :]+$/ || /^mv: [^ :]+( [^ :]+)+$/ { next }
	/^mv-[a-z]+: wrote / || /^mv-segment: [0-9]+ scenes$/ { next }
	/./ { e = $0 }
	END { print e }' "$1"
}

# runner MAKE ARGS...: runs a workflow's make here, or with RUNNER=slurm
# as a Slurm job (srun, which waits for it: make's -j is then how many
# jobs run at once), with SLURM_ARGS (such as "-p long -c 8") before it.
# On the node make starts a jobserver of its own, -j the CPUs Slurm gave
# the job (the one of this machine is not there); the command line's
# settings go along in MAKEFLAGS, but RUNNER=local: the workflow is a job
# already, its scenes steps of none. The workflows folder must be on
# storage the nodes share, and the node runs in this folder.
runner() {
	case ${RUNNER:-local} in
	local) "$@" ;;
	slurm)
		MAKEFLAGS=$(printf '%s' "${MAKEFLAGS:-}" | sed \
		    's/--jobserver-auth=[^ ]*//; s/--jobserver-fds=[^ ]*//')
		export MAKEFLAGS
		# A batch that is itself a Slurm job (sbatch) starts jobs of
		# their own, not steps of its allocation: srun sees none of
		# the SLURM_ variables of that job.
		args=${SLURM_ARGS:-}
		for v in $(env | sed -n 's/^\(SLURM_[A-Za-z0-9_]*\)=.*/\1/p'); do
			unset "$v"
		done
		# shellcheck disable=SC2086,SC2016
		srun --job-name="mv-$id" --quiet $args sh -c \
		    'echo "batch: slurm job $SLURM_JOB_ID on $(hostname)" &&
		    exec "$0" -j"${SLURM_CPUS_PER_TASK:-1}" "$@"' "$@" \
		    RUNNER=local ;;
	*)
		echo "mv: RUNNER=$RUNNER: expected local or slurm" ;
		return 2 ;;
	esac
}

one() {
	B=$1 n=$2 k=$3
	brief=$(sed -n "${k}p" "$B/plan")
	id_of "$brief"
	log=$B/log/$id.log
	: > "$B/running/$k"
	progress "$B" "$n" "$id started"
	read -r start _ < /proc/uptime
	rc=0
	if [ -e "$B/dup/$k" ]; then
		echo "batch: '$brief': another brief of the batch has the id" \
		    "'$id'" > "$log"
		rc=1
	else
		# The brief and the id reach the Makefile as typed (it checks
		# them); stdout, the run's messages too, goes to the log. A
		# BUDGET given to the batch is the whole batch's: one ledger.
		[ -z "${BUDGET:-}" ] || MV_LEDGER=$B/ledger
		[ -z "${MV_LEDGER:-}" ] || export MV_LEDGER
		runner "$MAKE" --no-print-directory -f Makefile \
		    WORKFLOW="$id" INPUT="$brief" BIN="$BIN" \
		    WORKFLOWS="$WORKFLOWS" > "$log" 2>&1 || rc=$?
	fi
	read -r end _ < /proc/uptime
	W=$WORKFLOWS/$id
	calls=0 usd=0 err='' final=/dev/null
	[ "$rc" != 0 ] || final=$W/06_final_output.json
	[ "$rc" = 0 ] || err=$(error_of "$log")
	if [ -d "$W" ]; then
		# shellcheck disable=SC2046
		set -- $(sh pipelines/cost.sh "$W" sums 2> /dev/null) || :
		calls=${1:-0} usd=${2:-0}
	fi
	st='done'
	[ "$rc" = 0 ] || st=failed
	jq -nc --arg id "$id" --arg brief "$brief" --arg st "$st" \
	    --arg t0 "$start" --arg t1 "$end" --argjson calls "$calls" \
	    --arg usd "$usd" --arg err "$err" '(try input catch null) as $final |
	    {id: $id, brief: $brief,
	    status: $st, video_seconds: ($final.video.duration // null),
	    seconds: ((($t1 | tonumber) - ($t0 | tonumber)) * 10 |
		round / 10),
	    calls: $calls,
	    cost_usd: (if $usd == "?" then null else ($usd | tonumber) end),
	    error: (if $st == "done" then null else $err end)}' \
	    "$final" > "$B/status/.$k.tmp" 2> /dev/null ||
	    jq -nc --arg id "$id" --arg brief "$brief" '{id: $id,
	    brief: $brief, status: "failed", video_seconds: null,
	    seconds: null, calls: null, cost_usd: null,
	    error: "batch: no final state to read"}' > "$B/status/.$k.tmp"
	mv -f "$B/status/.$k.tmp" "$B/status/$k.$st.json"
	rm -f "$B/running/$k"
	if [ "$rc" = 0 ]; then
		progress "$B" "$n" "$id done"
	else
		progress "$B" "$n" "$id failed: $err"
	fi
}

# report B SECONDS: the batch on one screen (at most 15 workflows listed,
# the failed ones first).
report() {
	jq -rs --arg b "$1" --arg secs "$2" '
	def pad($n): tostring | if length >= $n then .[:$n] else
	    . + " " * ($n - length) end;
	(map(select(.status == "done")) | length) as $done |
	(length - $done) as $failed |
	"batch \($b | split("/") | last): \(length) workflows, \($done) done, " +
	"\($failed) failed, in \($secs) s; " +
	"\((map(.video_seconds // 0) | add // 0) / 60 * 10 | round / 10) min " +
	"of video, \(map(.calls) | add // 0) paid calls, about $" +
	"\(if any(.[]; .cost_usd == null) then "?" else
	    (map(.cost_usd) | add // 0) * 10000 | round / 10000 end)",
	"  \("id" | pad(24)) \("status" | pad(7)) \("video s" | pad(8)) " +
	"\("run s" | pad(7)) \("calls" | pad(6)) USD",
	((sort_by(.status != "failed") | .[:15])[] |
	"  \(.id | pad(24)) \(.status | pad(7)) " +
	"\(.video_seconds // "-" | if type == "number" then . * 10 | round /
	    10 else . end | pad(8)) \(.seconds | pad(7)) \(.calls | pad(6)) " +
	"\(.cost_usd // "?")" +
	(if .error then "\n      " + (.error | .[:160]) else "" end)),
	(if length > 15 then "  ... and \(length - 15) more" else empty end),
	"summary: \($b)/summary.jsonl; logs: \($b)/log/"' "$1/summary.jsonl" >&2
}

run() {
	case ${RUNNER:-local} in
	local) ;;
	slurm) if ! command -v srun > /dev/null; then
		echo "mv: RUNNER=slurm: no srun here (Debian's slurm-client)" >&2
		exit 2
	fi ;;
	*) echo "mv: RUNNER=$RUNNER: expected local or slurm" >&2
		exit 2 ;;
	esac
	case $BATCH in
	'' | . | .. | *[!A-Za-z0-9._-]*)
		echo "mv: BATCH='$BATCH': expected 1 to 64 letters, digits," \
		    "'.', '_' or '-'" >&2
		exit 2 ;;
	esac
	if [ "${#BATCH}" -gt 64 ]; then
		echo "mv: BATCH='$BATCH': expected 1 to 64 letters, digits," \
		    "'.', '_' or '-'" >&2
		exit 2
	fi
	B=$WORKFLOWS/.batch/$BATCH
	mkdir -p "$B"
	exec 8< "$B"
	if ! flock -n 8; then
		echo "mv: batch '$BATCH' is running already (its lock:" \
		    "$B)" >&2
		exit 75
	fi
	rm -rf "$B/status" "$B/running" "$B/dup"
	mkdir -p "$B/status" "$B/running" "$B/log" "$B/dup"
	: > "$B/plan.tmp"
	for f in $BRIEFS; do
		case $f in
		*'
'*) echo "mv: BRIEFS: a file name with a new line in it" >&2
			exit 2 ;;
		esac
		if [ ! -e "$f" ]; then
			echo "mv: BRIEFS: '$f': no such file" >&2
			exit 2
		fi
		printf '%s\n' "$f" >> "$B/plan.tmp"
	done
	if [ ! -s "$B/plan.tmp" ]; then
		echo "mv: BRIEFS: no brief given (make batch" \
		    "BRIEFS='briefs/*.json')" >&2
		exit 2
	fi
	mv -f "$B/plan.tmp" "$B/plan"
	# The briefs whose id an earlier one has already.
	awk '{ sub(/.*\//, ""); sub(/\.json$/, "") } seen[$0]++ { print NR }' \
	    "$B/plan" | while read -r k; do : > "$B/dup/$k"; done
	read -r start _ < /proc/uptime
	"$MAKE" --no-print-directory -f pipelines/batch.mk B="$B"
	read -r end _ < /proc/uptime
	for k in $(seq "$(wc -l < "$B/plan")"); do
		cat "$B/status/$k".*.json
	done > "$B/summary.jsonl.tmp"
	mv -f "$B/summary.jsonl.tmp" "$B/summary.jsonl"
	report "$B" "$(awk -v a="$start" -v b="$end" \
	    'BEGIN { printf "%.1f", b - a }')"
	! grep -q '"status":"failed"' "$B/summary.jsonl"
}

# estimate: each brief's workflow's estimate (pipelines/estimate.sh), in
# USD, and their total; runs nothing, writes nothing.
estimate() {
	sum=0
	for f in $BRIEFS; do
		id_of "$f"
		usd=$("$MAKE" -s --no-print-directory -f Makefile WORKFLOW="$id" \
		    INPUT="$f" BIN="$BIN" WORKFLOWS="$WORKFLOWS" EST_TOTAL=1 \
		    estimate) || usd="? ($id: cannot be estimated)"
		printf '%s\t%s\n' "$id" "$usd"
		sum=$(awk -v a="$sum" -v b="$usd" 'BEGIN {
		    if (a == "?" || b !~ /^[0-9.e-]+$/) print "?";
		    else print a + b }')
	done
	printf 'total\t%s\n' "$(awk -v a="$sum" 'BEGIN { if (a == "?")
	    print "?"; else printf "%.4f\n", a }')"
}

case ${1:-} in
run) run ;;
estimate) estimate ;;
one) shift; one "$@" ;;
*) echo "usage: batch.sh run | one B N K | estimate" >&2; exit 2 ;;
esac
