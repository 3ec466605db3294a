#!/usr/bin/env bash
# tests/soak.sh - the crash soak (make soak; not part of make check).
#
# Runs the offline pipeline with make -j2 and kills its whole process
# group with SIGKILL at KILLS (default 50) random moments, resuming after
# each. Whenever a run completes, the workflow must be byte-identical to
# an uninterrupted run of the same brief (every state, the subtitles, the
# decoded frames and samples of the video), hold no temp file, and its
# call log (MV_CALL_LOG) must show no call made twice for the same
# request; then it starts again from nothing. Prints what it did and
# exits 1 at the first difference.
#
# DISKFULL=1 fills the disk instead of killing: each run gets a random
# budget of bytes it may write under the workflow (tests/lib/enospc.c, an
# LD_PRELOAD shim, fails every write past it with ENOSPC, in make, the
# shell and every program alike). A run that runs out must fail saying
# "No space left on device" and leave no temp file; then the room is
# given back and the resume must complete and match the reference.
# FULLS (default 20) such runs.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${MV_BIN:-$top/build/bin}
. "$top/tests/lib/fingerprint.sh"
kills=${KILLS:-50}
size=${SOAK_SIZE:-320x180}
brief=${SOAK_BRIEF:-$top/examples/little-seed.json}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000 MV_QUIET=1

run() {	# run NAME: the pipeline, in the background, its own group; the
	# workflow is $tmp/NAME/w (the same id, as states record it)
	setsid make -s -C "$top" --no-print-directory BIN="$bin" \
	    WORKFLOWS="$tmp/$1" WORKFLOW=w INPUT="$brief" SIZE="$size" \
	    -j2 > /dev/null 2>> "$tmp/$1.err" &
	pid=$!
}


echo "soak: reference run (uninterrupted) ..."
export MV_CALL_LOG=$tmp/ref.calls
t0=$EPOCHREALTIME
run ref
wait "$pid"
t1=$EPOCHREALTIME
ref_ms=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%d", (b - a) * 1000 }')
fingerprint "$tmp/ref/w" > "$tmp/ref.fp"
echo "soak: reference took $ref_ms ms; $(wc -l < "$tmp/ref.calls") calls"

n=0 runs=0 lifes=0
life() {	# a fresh workflow and its own call log
	lifes=$((lifes + 1))
	rm -rf "$tmp/s/w"
	export MV_CALL_LOG=$tmp/s.calls
	: > "$MV_CALL_LOG"
}
check() {	# the completed workflow against the reference
	fingerprint "$tmp/s/w" > "$tmp/s.fp"
	if ! diff "$tmp/ref.fp" "$tmp/s.fp"; then
		echo "soak: FAIL: life $lifes differs from the reference" >&2
		exit 1
	fi
	if [ -n "$(find "$tmp/s/w" -name '*.tmp.*')" ]; then
		echo "soak: FAIL: temp files left:" >&2
		find "$tmp/s/w" -name '*.tmp.*' >&2
		exit 1
	fi
	if [ -n "$(cut -f1,2,4 "$MV_CALL_LOG" | sort | uniq -d)" ]; then
		echo "soak: FAIL: calls made twice for the same request:" >&2
		cut -f1,2,4 "$MV_CALL_LOG" | sort | uniq -d >&2
		exit 1
	fi
	if ! cmp -s <(cut -f1,2,4 "$tmp/ref.calls" | sort) \
	    <(cut -f1,2,4 "$MV_CALL_LOG" | sort); then
		echo "soak: FAIL: the calls differ from the reference's" >&2
		exit 1
	fi
}
life
if [ "${DISKFULL:-}" = 1 ]; then
	shim=${MV_UNIT:-$top/build/unit}/enospc.so
	[ -e "$shim" ] || { echo "soak: no $shim (make $shim)" >&2; exit 1; }
	fulls=${FULLS:-20} fails=0
	# The budget: up to what a whole run writes, temp files included.
	ref_bytes=$(du -sb "$tmp/ref/w" | cut -f1)
	while [ "$n" -lt "$fulls" ]; do
		n=$((n + 1)) runs=$((runs + 1))
		after=$(( (RANDOM * 32768 + RANDOM) % (ref_bytes * 2 + 1) ))
		mkdir -p "$tmp/s/w"
		rm -f "$tmp/count"
		: > "$tmp/s.err"
		if MV_ENOSPC_DIR=$tmp/s/w MV_ENOSPC_AFTER=$after \
		    MV_ENOSPC_COUNT=$tmp/count LD_PRELOAD=$shim \
		    make -s -C "$top" --no-print-directory BIN="$bin" \
		    WORKFLOWS="$tmp/s" WORKFLOW=w INPUT="$brief" \
		    SIZE="$size" -j2 > /dev/null 2>> "$tmp/s.err"; then
			check
			life
			continue
		fi
		fails=$((fails + 1))
		if ! grep -q 'No space left on device' "$tmp/s.err"; then
			echo "soak: FAIL: a full disk (after $after bytes) was" \
			    "not said plainly:" >&2
			tail -n 20 "$tmp/s.err" >&2
			exit 1
		fi
		if [ -n "$(find "$tmp/s/w" -name '*.tmp.*')" ]; then
			echo "soak: FAIL: temp files left by a full disk:" >&2
			find "$tmp/s/w" -name '*.tmp.*' >&2
			exit 1
		fi
		# Room again: the resume completes.
		runs=$((runs + 1))
		run s
		wait "$pid" || { echo "soak: FAIL: the resume after a full" \
			"disk (after $after bytes) failed:" >&2
			tail -n 20 "$tmp/s.err" >&2; exit 1; }
		check
		echo "soak: full disk after $after bytes: failed plainly," \
		    "resumed identical"
		life
	done
	echo "soak: PASS: $n runs on a full disk ($fails ran out of room)," \
	    "each resumed identical to the reference, no temp file, no" \
	    "call made twice"
	exit 0
fi
while [ "$n" -lt "$kills" ]; do
	runs=$((runs + 1))
	run s
	# A random moment within the reference's time.
	ms=$(( (RANDOM * 32768 + RANDOM) % (ref_ms + 1) ))
	sleep "$(awk -v m="$ms" 'BEGIN { printf "%.3f", m / 1000 }')"
	if kill -0 "$pid" 2> /dev/null; then
		kill -KILL -- "-$pid" 2> /dev/null || :
		wait "$pid" 2> /dev/null || :
		# make has gone, but under load the rest of its group may
		# still be exiting (and holding the lock): wait for them all
		# before resuming, at most 10 s.
		for i in $(seq 200); do
			kill -0 -- "-$pid" 2> /dev/null || break
			sleep 0.05
		done
		if kill -0 -- "-$pid" 2> /dev/null; then
			echo "soak: FAIL: processes of a killed run still" \
			    "run after 10 s:" >&2
			ps -o pid,stat,args -g "$pid" >&2 || :
			exit 1
		fi
		n=$((n + 1))
		continue
	fi
	# Finished before the kill: resume once more (nothing to do) and
	# check, then start a new life.
	wait "$pid" || { echo "soak: FAIL: a run failed:" >&2
		tail -n 20 "$tmp/s.err" >&2; exit 1; }
	check
	echo "soak: life $lifes complete and identical after $n kills so far"
	life
done
# Finish the last life without kills.
run s
wait "$pid" || { echo "soak: FAIL: the last run failed:" >&2
	tail -n 20 "$tmp/s.err" >&2; exit 1; }
check
echo "soak: PASS: $n kills (SIGKILL to the process group) over $runs runs" \
    "in $lifes lives; every completed workflow identical to the" \
    "reference, no temp file, no call made twice"
