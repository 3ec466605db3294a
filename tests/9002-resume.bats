#!/usr/bin/env bats
# Resume that never pays twice: every provider call is counted through
# MV_CALL_LOG (step, scene, provider, request hash), so each scenario can
# assert exactly which calls it made.
bats_require_minimum_version 1.5.0
load helper

brief=$top/examples/little-seed.json
# analyze, story, segment, design, 2 character sheets, then 5 pictures
# and 5 narration clips.
CLEAN=16

# One clean run (make -j1), made once for the file: fresh copies it (with
# its times, as a copied workflow keeps them) instead of paying for it in
# every test; its calls are in $BATS_FILE_TMPDIR/clean.calls.
setup_file() {
	SOURCE_DATE_EPOCH=1700000000 MV_CALL_LOG=$BATS_FILE_TMPDIR/clean.calls \
	    make -s -C "$top" --no-print-directory -j1 \
	    BIN="$MV_BIN" WORKFLOWS="$BATS_FILE_TMPDIR/clean" WORKFLOW=t \
	    INPUT="$brief" SIZE="$SIZE" 2> /dev/null
}

setup() {
	root=$BATS_TEST_TMPDIR/wf
	W=$root/t
	export MV_CALL_LOG=$BATS_TEST_TMPDIR/calls
	: > "$MV_CALL_LOG"
}

pipe() {
	make -s -C "$top" --no-print-directory BIN="$MV_BIN" \
	    WORKFLOWS="${ROOT:-$root}" WORKFLOW=t "$@"
}

fresh() {
	mkdir -p "$root"
	cp -a "$BATS_FILE_TMPDIR/clean/t" "$root/"
	: > "$MV_CALL_LOG"
}

ncalls() {	# ncalls [STEP]: calls logged (of one step)
	if [ $# -eq 0 ]; then
		wc -l < "$MV_CALL_LOG"
	else
		awk -v s="$1" '$1 == s' "$MV_CALL_LOG" | wc -l
	fi
}

stamps() {
	(cd "$W" && find . -type f ! -name lock -printf '%p %T@ %s\n' | sort)
}

# no_call_twice: no step and scene was called twice with one request.
no_call_twice() {
	run bash -c "cut -f1,2,4 '$MV_CALL_LOG' | sort | uniq -d"
	assert_output ""
}

@test "a fresh run makes one call per step and per scene" {
	# (The run of setup_file.)
	export MV_CALL_LOG=$BATS_FILE_TMPDIR/clean.calls
	W=$BATS_FILE_TMPDIR/clean/t
	assert_equal "$(ncalls)" "$CLEAN"
	assert_equal "$(ncalls image)" 5
	assert_equal "$(ncalls sheet)" 2
	assert_equal "$(ncalls tts)" 5
	assert_equal "$(ncalls research)" 0
	run -0 cut -f3 "$MV_CALL_LOG"
	assert_line offline
	assert_line flite
	assert_equal "$(jq -r .checkpoint "$W/latest_checkpoint.json")" 06_final_output.json
	[ -s "$W/video.mp4" ]
}

@test "a rerun with nothing changed makes no call and rewrites no file" {
	fresh
	before=$(stamps)
	run -0 pipe
	run -0 pipe INPUT="$brief"
	assert_equal "$(ncalls)" 0
	assert_equal "$(stamps)" "$before"
}

@test "the same request is logged with the same hash" {
	# Another workflow against the clean one of setup_file.
	ROOT=$BATS_TEST_TMPDIR/other pipe INPUT="$brief" SIZE="$SIZE"
	assert_equal "$(ncalls)" "$CLEAN"
	run -0 bash -c "sort '$MV_CALL_LOG' '$BATS_FILE_TMPDIR/clean.calls' | uniq -c | awk '{ print \$1 }' | sort -u"
	assert_output 2
}


@test "Ctrl+C at several moments, then resume: every call made once" {
	export MV_OFFLINE_DELAY=0.15
	for t in 0.3 1.2 2.5; do
		run_bg INPUT="$brief" SIZE="$SIZE"
		sleep "$t"
		kill -INT -- "-$bg" 2>/dev/null || :
		# The run stopped: it did not go on to the end.
		st=0
		wait "$bg" || st=$?
		[ "$st" -ne 0 ]
		[ ! -e "$W/video.mp4" ]
		assert_equal "$(leftover_temps "$root")" ""
	done
	unset MV_OFFLINE_DELAY
	run -0 pipe INPUT="$brief" SIZE="$SIZE"
	[ -s "$W/video.mp4" ]
	no_call_twice
	assert_equal "$(cut -f1,2 "$MV_CALL_LOG" | sort -u | wc -l)" "$CLEAN"
	assert_equal "$(ncalls)" "$CLEAN"
}

@test "kill -9 of the whole run mid-pictures, then resume: no lock left, no temp files, nothing paid twice" {
	export MV_OFFLINE_DELAY=0.2
	run_bg INPUT="$brief" SIZE="$SIZE"
	wait_for "$W/scenes/02.png"
	# Inside the next picture's call, not in the microseconds between a
	# picture landing and its log line (a call killed there is made but
	# not logged; nothing can close that window against kill -9).
	sleep 0.08
	kill -KILL -- "-$bg"
	wait "$bg" || :
	unset MV_OFFLINE_DELAY
	[ ! -e "$W/video.mp4" ]
	run -0 pipe
	[ -s "$W/video.mp4" ]
	assert_equal "$(leftover_temps "$W")" ""
	no_call_twice
	assert_equal "$(ncalls)" "$CLEAN"
}

@test "make -j4 and make -j1 give byte-identical states and the same video" {
	export SOURCE_DATE_EPOCH=1700000000
	# The -j1 run is the clean one of setup_file (the same settings).
	j1=$BATS_FILE_TMPDIR/clean
	ROOT=$BATS_TEST_TMPDIR/j4 pipe -j4 INPUT="$brief" SIZE="$SIZE"
	for f in 01_validated_context 02_research_results 03_story \
	    04_script_segments 05_character_descriptions 06_final_output; do
		cmp "$j1/t/$f.json" "$BATS_TEST_TMPDIR/j4/t/$f.json"
	done
	cmp "$j1/t/video.srt" "$BATS_TEST_TMPDIR/j4/t/video.srt"
	a=$(ffmpeg -v error -i "$j1/t/video.mp4" -f framemd5 - | grep -v '^#')
	b=$(ffmpeg -v error -i "$BATS_TEST_TMPDIR/j4/t/video.mp4" -f framemd5 - | grep -v '^#')
	[ -n "$a" ]
	assert_equal "$a" "$b"
}

@test "a failing scene with -k: the others finish, and the rerun makes only it" {
	# A finished workflow without its pictures and video: the run has
	# every picture to make (in scene order at -j1: without -k it would
	# stop at the third), as a first run has.
	fresh
	rm "$W"/scenes/0[1-5].png "$W/video.mp4"
	run -2 pipe -k MV_FAULT=image:3
	[ -e "$W/scenes/02.png" ] && [ -e "$W/scenes/04.png" ]
	[ ! -e "$W/scenes/03.png" ]
	[ ! -e "$W/video.mp4" ]
	assert_equal "$(ncalls image)" 4
	: > "$MV_CALL_LOG"
	run -0 pipe
	assert_equal "$(cut -f1,2 "$MV_CALL_LOG")" "image	3"
}

@test "deleting one scene picture makes only that picture and the video again" {
	fresh
	before=$(stamps)
	rm "$W/scenes/04.png"
	run -0 pipe
	assert_equal "$(cut -f1,2 "$MV_CALL_LOG")" "image	4"
	after=$(stamps)
	for f in 03_story.json scenes/01.png narration/01.wav 05_character_descriptions.json; do
		assert_equal "$(grep " ^\./$f " <<<"$after")" "$(grep " ^\./$f " <<<"$before")"
	done
	[ "$(grep '^./video.mp4 ' <<<"$after")" != "$(grep '^./video.mp4 ' <<<"$before")" ]
}

@test "changing the picture size makes the pictures and video again, nothing else" {
	fresh
	run -0 pipe SIZE=256x144
	assert_equal "$(ncalls image)" 5
	assert_equal "$(ncalls)" 5
	assert_equal "$(jq .video.width "$W/06_final_output.json")" 256
	# Remembered: a plain run keeps the new size and pays nothing.
	: > "$MV_CALL_LOG"
	run -0 pipe
	assert_equal "$(ncalls)" 0
	assert_equal "$(jq .video.width "$W/06_final_output.json")" 256
}

@test "make why and make -n say what would run and why, and write nothing" {
	fresh
	before=$(stamps)
	run -0 pipe why SIZE=256x144
	assert_line "scenes/03.png: SIZE changed ($SIZE -> 256x144)"
	assert_line "06_final_output.json: SIZE changed ($SIZE -> 256x144)"
	refute_line --partial "03_story.json"
	run -0 pipe -n SIZE=256x144
	assert_output --partial "mv-design -n 03"
	refute_output --partial "mv-story"
	assert_equal "$(stamps)" "$before"
	assert_equal "$(ncalls)" 0
	run -0 pipe why
	assert_output ""
}

@test "from=story_generator and from=story redo the story, and only the story when it comes out the same" {
	fresh
	run -0 pipe from=story_generator
	assert_equal "$(cut -f1 "$MV_CALL_LOG")" story
	: > "$MV_CALL_LOG"
	run -0 pipe from=story
	assert_equal "$(cut -f1 "$MV_CALL_LOG")" story
	assert_equal "$(ls "$W/.mv/history/03_story.json" | wc -l)" 2
	run -2 --separate-stderr pipe from=storyteller
	assert_regex "$stderr" "from=storyteller: no such step; steps: context_analyzer web_researcher story_generator script_segmenter character_designer video_assembler or analyze research story segment design assemble"
}

@test "a changed brief is copied in and redoes the steps whose input changed" {
	fresh
	jq '.context.moral_lesson = "Patience makes gardens grow."' "$brief" > "$BATS_TEST_TMPDIR/b.json"
	run -0 pipe INPUT="$BATS_TEST_TMPDIR/b.json"
	assert_equal "$(ncalls analyze)" 1
	assert_equal "$(ncalls story)" 1
	assert_equal "$(jq -r .context.moral_lesson "$W/06_final_output.json")" "Patience makes gardens grow."
	cmp "$BATS_TEST_TMPDIR/b.json" "$W/00_input.json"
}

@test "touching every file costs no call" {
	fresh
	find "$W" -type f -exec touch {} +
	run -0 pipe
	assert_equal "$(ncalls)" 0
}

@test "a copied workflow folder costs no call" {
	fresh
	mkdir "$BATS_TEST_TMPDIR/copy"
	cp -r "$W" "$BATS_TEST_TMPDIR/copy/t"
	ROOT=$BATS_TEST_TMPDIR/copy run -0 pipe
	assert_equal "$(ncalls)" 0
	[ -s "$BATS_TEST_TMPDIR/copy/t/video.mp4" ]
}

@test "a second run of the same workflow is refused while one holds it" {
	fresh
	# The lock is the workflow folder itself (pipelines/lock.sh).
	flock "$W" sleep 2 &
	holder=$!
	sleep 0.3
	run --separate-stderr pipe
	assert_failure
	assert_regex "$stderr" "mv: another run \(pid $holder, started [0-9-]+ [0-9:]+\) holds $W"
	wait "$holder"
	run -0 pipe
	assert_equal "$(ncalls)" 0
}

@test "a workflow file dated in the future is refused" {
	fresh
	touch -d '+1 hour' "$W/03_story.json"
	run --separate-stderr pipe
	assert_failure
	assert_regex "$stderr" "mv: '$W/03_story.json': modification time is in the future"
	assert_equal "$(ncalls)" 0
}

@test "checkpoints lists every state, the scenes and the kept versions; restore puts one back" {
	fresh
	pipe from=story
	: > "$MV_CALL_LOG"
	run -0 pipe checkpoints
	assert_line --regexp '^03_story\.json +done +[0-9-]+ [0-9:]+ +[0-9]+  1$'
	assert_line --regexp '^06_final_output\.json +done '
	assert_line "scenes: 5 of 5 images, 5 of 5 narrations"
	assert_line "latest: 06_final_output.json"
	v=$(ls "$W/.mv/history/03_story.json")
	old=$(cat "$W/.mv/history/03_story.json/$v")
	run -0 pipe restore CHECKPOINT="03_story.json@$v"
	assert_equal "$(cat "$W/03_story.json")" "$old"
	# The current version was kept before it was replaced.
	assert_equal "$(ls "$W/.mv/history/03_story.json" | wc -l)" 2
	run -0 pipe checkpoints
	assert_line --regexp '^04_script_segments\.json +done '
	run --separate-stderr pipe restore CHECKPOINT=03_story.json@nope
	assert_failure
	assert_regex "$stderr" "no such kept version"
}

@test "KEEP bounds the versions kept of each file" {
	fresh
	for i in 1 2; do
		pipe from=story KEEP=1
	done
	assert_equal "$(ls "$W/.mv/history/03_story.json" | wc -l)" 1
}

@test "a bad workflow id is refused before anything is written" {
	for id in '../x' 'a b' '.' '..' '$(touch x)' "$(printf 'a%.0s' $(seq 65))"; do
		run --separate-stderr make -s -C "$top" BIN="$MV_BIN" WORKFLOWS="$root" WORKFLOW="$id"
		assert_failure
		assert_regex "$stderr" "expected 1 to 64 letters, digits"
	done
	[ ! -e "$root" ]
}

@test "a bad setting is refused before it is remembered" {
	fresh
	run --separate-stderr pipe SIZE=huge
	assert_failure
	assert_regex "$stderr" "mv: SIZE=huge: expected WIDTHxHEIGHT"
	run --separate-stderr pipe FPS=29
	assert_regex "$stderr" "mv: FPS=29: expected 24, 25, 30, 48, 50 or 60"
	run -0 pipe
	assert_equal "$(ncalls)" 0
	run -0 grep -c . "$W/params.mk"
	assert_output 1
}

@test "naming a provider's default changes nothing" {
	fresh
	run -0 pipe MV_LLM=offline MV_IMAGE=offline MV_TTS=flite MV_SEARCH=none
	assert_equal "$(ncalls)" 0
}

@test "a new workflow without a brief says so" {
	run --separate-stderr pipe
	assert_failure
	assert_regex "$stderr" "mv: $W: no brief yet; run make WORKFLOW=t INPUT=brief.json"
}

@test "make why names a missing picture as missing" {
	fresh
	rm "$W/scenes/02.png"
	run -0 pipe why
	assert_line "scenes/02.png: missing"
	assert_line "segments/index: scenes/02.png changed"
}
