#!/usr/bin/env bats
# make batch RUNNER=slurm: each workflow of a batch a Slurm job, on a
# one-node cluster started here (tests/lib/slurm-single-node.sh, as root,
# from Debian's slurmd, slurmctld, slurm-client and munge: deps/debian).
bats_require_minimum_version 1.5.0
load helper

TINY="SIZE=160x90 FPS=24 PRESET=ultrafast CROSSFADE=0 MV_TTS=none"

setup_file() {
	local p
	for p in srun sinfo scontrol slurmd slurmctld munged mungekey; do
		command -v "$p" > /dev/null ||
		    PATH=$PATH:/usr/sbin command -v "$p" > /dev/null ||
		    skip "Slurm is not installed ($p missing: apt-get install slurmd slurmctld slurm-client munge, listed in deps/debian)"
	done
	[ "$(id -u)" = 0 ] ||
	    skip "starting a one-node Slurm cluster needs root"
	PATH=$PATH:/usr/sbin sh "$top/tests/lib/slurm-single-node.sh" \
	    > "$BATS_FILE_TMPDIR/started" 2> "$BATS_FILE_TMPDIR/slurm.err" ||
	    { cat "$BATS_FILE_TMPDIR/slurm.err" >&2; return 1; }
}

teardown_file() {
	# The daemons this file started, and only those.
	local pid
	[ -f "$BATS_FILE_TMPDIR/started" ] || return 0
	while read -r pid; do
		kill "$pid" 2> /dev/null || :
	done < "$BATS_FILE_TMPDIR/started"
}

@test "RUNNER=slurm: three briefs, three Slurm jobs, SLURM_ARGS passed on" {
	local d=$BATS_TEST_TMPDIR n job
	mkdir -p "$d/briefs"
	for n in fox owl bee; do
		jq --arg n "$n" '.context.theme = "patience of the " + $n' \
		    "$top/examples/little-seed.json" > "$d/briefs/$n.json"
	done
	# shellcheck disable=SC2086
	run --separate-stderr make -C "$top" --no-print-directory -j3 \
	    BIN="$MV_BIN" WORKFLOWS="$d/wf" BRIEFS="$d/briefs/*.json" batch \
	    RUNNER=slurm SLURM_ARGS='--comment=mv-test -c 1' $TINY
	echo "$stderr" | tail -n 8 >&3
	assert_equal "$status" 0
	s=$d/wf/.batch/default/summary.jsonl
	assert_equal "$(jq -r .status "$s" | sort -u)" done
	for n in fox owl bee; do
		[ -s "$d/wf/$n/video.mp4" ]
		# Each ran as a job of its own, named for it, with the
		# arguments given; on the node, settings still arrive.
		job=$(sed -n 's/^batch: slurm job \([0-9]*\) on .*/\1/p' \
		    "$d/wf/.batch/default/log/$n.log")
		[ -n "$job" ]
		run -0 scontrol show job "$job"
		assert_regex "$output" "JobName=mv-$n[[:space:]]"
		assert_regex "$output" "Comment=mv-test"
		assert_regex "$output" "JobState=COMPLETED"
		grep -qx 'SIZE := 160x90' "$d/wf/$n/params.mk"
	done
	# Again: nothing to do, through Slurm as well.
	run -0 --separate-stderr make -C "$top" --no-print-directory -j3 \
	    BIN="$MV_BIN" WORKFLOWS="$d/wf" BRIEFS="$d/briefs/*.json" batch \
	    RUNNER=slurm
	assert_regex "$stderr" "batch default: 3 workflows, 3 done, 0 failed"
}

@test "RUNNER must be local or slurm" {
	run --separate-stderr make -C "$top" --no-print-directory \
	    BIN="$MV_BIN" WORKFLOWS="$BATS_TEST_TMPDIR/wf" \
	    BRIEFS="$top/examples/little-seed.json" batch RUNNER=pbs
	assert_equal "$status" 2
	assert_regex "$stderr" "mv: RUNNER=pbs: expected local or slurm"
}
