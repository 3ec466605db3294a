#!/usr/bin/env bats
# The workflow's lock: one run at a time, whatever happens to .mv/lock; a
# signal to the top make reaches every process of the run; a holder that
# is exiting is waited for; a read-only finished workflow can be checked.
bats_require_minimum_version 1.5.0
load helper

brief=$top/examples/little-seed.json

# One clean run for the file, copied by fresh (as in 9002).
setup_file() {
	SOURCE_DATE_EPOCH=1700000000 make -s -C "$top" --no-print-directory \
	    -j2 BIN="$MV_BIN" WORKFLOWS="$BATS_FILE_TMPDIR/clean" WORKFLOW=t \
	    INPUT="$brief" SIZE="$SIZE" 2> /dev/null
}

setup() {
	root=$BATS_TEST_TMPDIR/wf
	W=$root/t
	export MV_CALL_LOG=$BATS_TEST_TMPDIR/calls
	: > "$MV_CALL_LOG"
}

teardown() {
	# Nothing of a background run may outlive its test.
	[ -z "${bg:-}" ] || kill -KILL -- "-$bg" 2> /dev/null || :
}

pipe() {
	make -s -C "$top" --no-print-directory BIN="$MV_BIN" \
	    WORKFLOWS="$root" WORKFLOW=t "$@"
}

fresh() {
	mkdir -p "$root"
	cp -a "$BATS_FILE_TMPDIR/clean/t" "$root/"
}

# run_bg ARGS: helper.bash's, slowed down so that there is time to act.
slow_bg() {
	MV_OFFLINE_DELAY=0.3 run_bg "$@"
}

# group_gone PGID: true once no process of the group is left (at most
# 10 s: on a loaded machine an FFmpeg takes a moment to exit).
group_gone() {
	for i in $(seq 200); do
		kill -0 -- "-$1" 2> /dev/null || return 0
		sleep 0.05
	done
	ps -o pid,stat,args -g "$1" >&2 || :
	return 1
}

@test "deleting .mv/lock lets no second run in; the refusal names the holder" {
	slow_bg INPUT="$brief" SIZE="$SIZE"
	wait_for "$W/scenes/index"
	rm -f "$W/.mv/lock"
	MV_CALL_LOG=$BATS_TEST_TMPDIR/second.calls run --separate-stderr \
	    pipe INPUT="$brief" SIZE="$SIZE"
	assert_equal "$status" 2
	assert_regex "$stderr" "^mv: another run \(pid [0-9]+, started [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\) holds $W"
	# The second run made no call at all.
	[ ! -s "$BATS_TEST_TMPDIR/second.calls" ]
	kill -TERM -- "-$bg"
	wait "$bg" || :
}

@test "SIGTERM to the top make alone stops every process of the run" {
	slow_bg INPUT="$brief" SIZE="$SIZE"
	wait_for "$W/scenes/01.png"
	kill -TERM "$bg"
	wait "$bg" || :
	# When make has gone, so has everything it started: nothing holds
	# the lock (a resume would run at once), no temp file is left, and
	# the record says the run was stopped.
	group_gone "$bg"
	flock -n "$W" true
	assert_equal "$(leftover_temps "$W")" ""
	assert_equal "$(tail -n 1 "$W/.mv/lock")" stopping
}

@test "Ctrl+C: when make has gone, the whole run has, and a new run may start at once" {
	slow_bg INPUT="$brief" SIZE="$SIZE"
	wait_for "$W/scenes/01.png"
	kill -INT -- "-$bg"
	rc=0
	wait "$bg" || rc=$?
	assert_equal "$rc" 130
	# No live process of the run is left, and the lock is free (on a
	# loaded machine the last of them may take a moment to exit: a new
	# run waits for that, MV_LOCK_WAIT).
	group_gone "$bg"
	flock -w 5 "$W" true
}

@test "a resume waits a moment for the processes of a run that is exiting" {
	fresh
	# A holder whose locking process has gone while one of its
	# children, still exiting, keeps the lock a little longer.
	sh -c 'exec 8< "$1" 9>> "$1/.mv/lock"; flock 8; flock 9;
	    sleep 1 & exit 0' sh "$W"
	run --separate-stderr pipe
	assert_success
	assert_equal "$(wc -l < "$MV_CALL_LOG")" 0
}

@test "a live run is refused at once, even when it holds only the folder" {
	fresh
	flock "$W" sleep 3 &
	holder=$!
	sleep 0.3
	SECONDS=0
	run --separate-stderr pipe
	assert_equal "$status" 2
	assert_regex "$stderr" "^mv: another run \(pid [0-9]+, started [0-9-]+ [0-9:]+\) holds $W"
	[ "$SECONDS" -le 1 ]
	kill "$holder"
	wait "$holder" || :
}

# ro CMD...: runs CMD with $W mounted read-only (a private mount namespace
# of its own, so root too gets EROFS); skips where that cannot be made.
ro() {
	unshare -rm true 2> /dev/null ||
	    skip "no user and mount namespaces here (unshare -rm)"
	unshare -rm sh -c 'mount --bind "$1" "$1" &&
	    mount -o remount,bind,ro "$1" && shift && "$@"' sh "$W" "$@"
}

@test "a read-only finished workflow: nothing to do succeeds, and writes nothing" {
	fresh
	before=$(cd "$W" && find . -printf '%p %T@ %s\n' | sort)
	run --separate-stderr ro make -s -C "$top" --no-print-directory \
	    BIN="$MV_BIN" WORKFLOWS="$root" WORKFLOW=t INPUT="$brief"
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$(cd "$W" && find . -printf '%p %T@ %s\n' | sort)" "$before"
}

@test "a read-only workflow with work to do is refused, naming what it would make" {
	fresh
	rm "$W/video.mp4"
	run --separate-stderr ro make -s -C "$top" --no-print-directory \
	    BIN="$MV_BIN" WORKFLOWS="$root" WORKFLOW=t
	assert_failure
	assert_equal "${stderr%%$'\n'*}" "mv: $W: read-only: cannot run the step that makes video.mp4: missing"
	assert_equal "$(wc -l < "$MV_CALL_LOG")" 0
}
