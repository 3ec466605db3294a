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

# steps JOB: how many job steps Slurm launched for JOB (slurmd's log, as
# tests/lib/slurm-single-node.sh configures it: no accounting for sacct).
steps() {
	grep -c "launch task StepId=$1\.[0-9]" /var/log/slurm/slurmd.log || :
}

# job_of NAME: the id of the latest job named NAME.
job_of() {
	scontrol show jobs -o | sed -n "s/^JobId=\([0-9]*\) JobName=$1 .*/\1/p" |
	    tail -n 1
}

@test "RUNNER=slurm, one workflow: each picture, clip and segment a job step; a failed step fails its target and damages nothing; the video a local run makes" {
	local d=$BATS_TEST_TMPDIR one=mv-one-$$ local_fp slurm_fp j1 j2 n
	local -a args=(-C "$top" --no-print-directory -j2 BIN="$MV_BIN"
	    WORKFLOW=t INPUT="$top/examples/little-seed.json" SIZE=160x90
	    FPS=24 PRESET=ultrafast CROSSFADE=0)
	run -0 --separate-stderr make "${args[@]}" WORKFLOWS="$d/local"
	# The same workflow inside an allocation, its steps on the node; the
	# third picture's step fails the first time (MV_FAULT, in the
	# environment srun passes on).
	run --separate-stderr env MV_FAULT=image:3 salloc -Q -c 2 \
	    --job-name="$one" make "${args[@]}" WORKFLOWS="$d/slurm" \
	    RUNNER=slurm SLURM_ARGS='--comment=mv-steps'
	[ "$status" -ne 0 ]
	assert_regex "$stderr" "image: simulated failure"
	[ ! -e "$d/slurm/t/scenes/03.png" ]
	assert_equal "$(leftover_temps "$d/slurm/t")" ""
	j1=$(job_of "$one")
	[ "$(steps "$j1")" -ge 1 ]
	run -0 --separate-stderr salloc -Q -c 2 --job-name="$one" \
	    make "${args[@]}" WORKFLOWS="$d/slurm" RUNNER=slurm
	j2=$(job_of "$one")
	[ "$j2" != "$j1" ]
	# Every picture, clip and segment was made by a step of one job or
	# the other, once, and the failed picture by one more.
	n=$(cat "$d/slurm/t/scenes/index" "$d/slurm/t/narration/index" \
	    "$d/slurm/t/segments/index" | wc -l)
	assert_equal "$(($(steps "$j1") + $(steps "$j2")))" "$((n + 1))"
	# The same pictures, clips, subtitles and decoded video as here.
	. "$top/tests/lib/fingerprint.sh"
	local_fp=$(fingerprint "$d/local/t" | grep -v '^0[0-6]_')
	slurm_fp=$(fingerprint "$d/slurm/t" | grep -v '^0[0-6]_')
	assert_equal "$slurm_fp" "$local_fp"
	grep -q '^video ' <<<"$slurm_fp"
}

@test "RUNNER must be local or slurm" {
	run --separate-stderr make -C "$top" --no-print-directory \
	    BIN="$MV_BIN" WORKFLOWS="$BATS_TEST_TMPDIR/wf" \
	    BRIEFS="$top/examples/little-seed.json" batch RUNNER=pbs
	assert_equal "$status" 2
	assert_regex "$stderr" "mv: RUNNER=pbs: expected local or slurm"
	run --separate-stderr make -C "$top" --no-print-directory \
	    BIN="$MV_BIN" WORKFLOWS="$BATS_TEST_TMPDIR/wf" WORKFLOW=t \
	    INPUT="$top/examples/little-seed.json" RUNNER=pbs
	assert_equal "$status" 2
	assert_regex "$stderr" "RUNNER=pbs: expected local or slurm"
	[ ! -e "$BATS_TEST_TMPDIR/wf/t/01_validated_context.json" ]
}
