#!/usr/bin/env bats
# The make pipeline: numbered targets, resume, and redo by deletion.
bats_require_minimum_version 1.5.0
load helper

# One run from the example brief, made once for the file (its status in
# clean.rc, its output in clean.out): the first test checks it, the others
# start from a copy of it (cp -a keeps the times, so a copy is as
# finished as the run left it) instead of paying for it again.
setup_file() {
	st=0
	make -s -C "$top" --no-print-directory BIN="$MV_BIN" \
	    WORKFLOWS="$BATS_FILE_TMPDIR/clean" WORKFLOW=t SIZE="$SIZE" \
	    INPUT="$top/examples/little-seed.json" \
	    > "$BATS_FILE_TMPDIR/clean.out" 2>&1 || st=$?
	echo "$st" > "$BATS_FILE_TMPDIR/clean.rc"
}

setup() {
	wf=$BATS_TEST_TMPDIR/wf
	W=$wf/t
}

# finished: the test's workflow is a copy of the run of setup_file.
finished() {
	mkdir -p "$wf"
	cp -a "$BATS_FILE_TMPDIR/clean/t" "$wf/"
}

# pipe ARGS...: runs the top-level make on the test's workflow folder.
pipe() {
	make -s -C "$top" --no-print-directory BIN="$MV_BIN" WORKFLOWS="$wf" \
	    WORKFLOW=t SIZE="$SIZE" "$@"
}

# stamps: the modification time of every file of the workflow.
stamps() {
	(cd "$W" && find . -type f ! -name lock -printf '%p %T@\n' | sort)
}

@test "make WORKFLOW=id INPUT=brief runs the six steps into numbered files" {
	# (The run of setup_file.)
	W=$BATS_FILE_TMPDIR/clean/t
	cat "$BATS_FILE_TMPDIR/clean.out"
	assert_equal "$(cat "$BATS_FILE_TMPDIR/clean.rc")" 0
	for f in 00_input.json 01_validated_context.json \
	    02_research_results.json 02_research_summary.txt 03_story.json \
	    03_story.txt 04_script_segments.json \
	    05_character_descriptions.json 06_final_output.json video.mp4 \
	    video.srt endcard.png scenes/01.png narration/01.wav; do
		[ -s "$W/$f" ] || fail "missing $f"
	done
	cmp "$top/examples/little-seed.json" "$W/00_input.json"
	assert_equal "$(jq -r .workflow_id "$W/06_final_output.json")" t
	assert_equal "$(head -1 "$W/03_story.txt")" "$(jq -r .story.title "$W/03_story.json")"
	assert_equal "$(ffprobe -v error -show_entries stream=codec_name -of csv=p=0 "$W/video.mp4" | paste -sd' ')" "h264 aac bin_data"
	assert_equal "$(leftover_temps "$W")" ""
}

@test "a second run with nothing changed runs nothing and rewrites nothing" {
	finished
	before=$(stamps)
	run -0 --separate-stderr pipe INPUT="$top/examples/little-seed.json"
	refute_output --partial mv-
	run -0 --separate-stderr pipe
	refute_output --partial mv-
	assert_equal "$(stamps)" "$before"
}

@test "deleting a numbered file makes that step again, and the later ones only if its output changed" {
	finished
	before=$(stamps)
	cp "$W/video.mp4" "$BATS_TEST_TMPDIR/video.mp4"
	rm "$W/04_script_segments.json"
	export MV_CALL_LOG=$BATS_TEST_TMPDIR/calls
	run -0 --separate-stderr pipe
	after=$(stamps)
	for f in 00_input.json 01_validated_context.json \
	    02_research_results.json 03_story.json; do
		assert_equal "$(grep "^./$f " <<<"$after")" "$(grep "^./$f " <<<"$before")"
	done
	[ -s "$W/04_script_segments.json" ]
	# The offline segmenter splits the same story the same way, so the
	# later steps see the same input and are kept as they were.
	assert_equal "$(cut -f1 "$MV_CALL_LOG")" segment
	cmp "$W/video.mp4" "$BATS_TEST_TMPDIR/video.mp4"
}

# A changed brief (copied in, the steps whose input changed made again):
# tests/9002-resume.bats, which counts the calls it makes.

@test "a bad brief stops the run at mv-analyze with its message and no state" {
	jq 'del(.context.setting)' "$top/examples/little-seed.json" > "$BATS_TEST_TMPDIR/b.json"
	run pipe INPUT="$BATS_TEST_TMPDIR/b.json"
	assert_failure
	assert_output --partial "context.setting: missing, expected a string"
	[ ! -e "$W/01_validated_context.json" ]
}
