#!/usr/bin/env bats
# Takes and edits of one scene (pipelines/takes.sh, pipelines/edit.sh):
# make redo, take and edit make exactly the calls they should
# (MV_CALL_LOG) and nothing more, keep every take, go back at no cost, and
# make -n and make why say truthfully what they would do. Also restore
# from a checkpoint file's path.
bats_require_minimum_version 1.5.0
load helper
load lib/fakeapi

# The smallest video that still has five scenes, voices and crossfades:
# every run of this file re-renders only what a take touches, at this size.
TINY="SIZE=160x90 FPS=24 PRESET=ultrafast"

# Two finished workflows, made side by side, copied by the tests: BASE
# offline, ONLINE with its scenes cut by a text model (the fake's), and
# silent (its voices are BASE's business).
setup_file() {
	export BASE=$BATS_FILE_TMPDIR/base ONLINE=$BATS_FILE_TMPDIR/online
	fake_start
	# shellcheck disable=SC2086
	make -s -C "$top" --no-print-directory -j2 BIN="$MV_BIN" \
	    WORKFLOWS="$BASE" WORKFLOW=t $TINY \
	    INPUT="$top/examples/little-seed.json" 2> /dev/null &
	# shellcheck disable=SC2086
	MV_SEGMENT_LLM=openai MV_SEGMENT_BASE_URL=$FAKE_URL/v1 \
	    MV_SEGMENT_API_KEY=sk-test-segment make -s -C "$top" \
	    --no-print-directory -j2 BIN="$MV_BIN" WORKFLOWS="$ONLINE" \
	    WORKFLOW=t $TINY MV_TTS=none CROSSFADE=0 \
	    INPUT="$top/examples/little-seed.json" 2> /dev/null
	wait $!
	fake_stop
}

# Each test works on its own copy (a copied workflow costs nothing).
setup() {
	root=$BATS_TEST_TMPDIR/wf
	mkdir -p "$root"
	cp -a "$BASE/t" "$root/t"
	W=$root/t
	export MV_CALL_LOG=$BATS_TEST_TMPDIR/calls
	: > "$MV_CALL_LOG"
}

pipe() {
	make -s -C "$top" --no-print-directory -j2 BIN="$MV_BIN" \
	    WORKFLOWS="$root" WORKFLOW=t "$@"
}

# stamps: every file of the workflow with its modification time.
stamps() {
	(cd "$W" && find . -type f ! -name lock -printf '%p %T@\n' | sort)
}

@test "make -n redo writes and calls nothing, and lists only that picture and the segments that show it" {
	before=$(stamps)
	run -0 --separate-stderr pipe -n redo SCENE=3
	assert_equal "$(stamps)" "$before"
	assert_equal "$(wc -l < "$MV_CALL_LOG")" 0
	assert_output --partial "mv: scenes/03.png: would make take 2 (take 1 is kept)"
	assert_equal "$(grep -o 'mv-design -n [0-9]*' <<<"$output" | sort -u)" "mv-design -n 03"
	refute_output --partial "mv-assemble -n"
	assert_equal "$(grep -o "mv-assemble -g '[a-z0-9]*'" <<<"$output" | sort -u | paste -sd' ')" \
	    "mv-assemble -g 's03' mv-assemble -g 's04'"
	run -0 --separate-stderr pipe -n redo SCENE=2 WHAT=voice
	assert_equal "$(grep -o 'mv-assemble -n [0-9]*' <<<"$output" | sort -u)" "mv-assemble -n 02"
	refute_output --partial "mv-design -n"
	assert_equal "$(stamps)" "$before"
}

@test "make why redo says what the redo would make, and why, and writes nothing" {
	before=$(stamps)
	run -0 --separate-stderr pipe why redo SCENE=3
	assert_equal "${lines[0]}" "mv: scenes/03.png: would make take 2 (take 1 is kept)"
	assert_line "scenes/03.png: scenes/03.json changed"
	assert_line "segments/s03.ts: segments/s03.json changed"
	assert_line "segments/s04.ts: segments/s04.json changed"
	refute_line --regexp '^(scenes/0[1245]|narration/|segments/s0[125])'
	assert_equal "$(stamps)" "$before"
	assert_equal "$(wc -l < "$MV_CALL_LOG")" 0
}

@test "redo makes one new picture with a new seed, and only what shows it; take goes back at no cost" {
	cp "$W/scenes/03.png" "$BATS_TEST_TMPDIR/take1.png"
	seed1=$(jq -r .seed "$W/scenes/03.json")
	before=$(stamps)
	run -0 --separate-stderr pipe redo SCENE=3
	assert_equal "$(cut -f1-3 "$MV_CALL_LOG")" "image	3	offline"
	assert_equal "$(jq -r .take "$W/scenes/03.json")" 2
	[ "$(jq -r .seed "$W/scenes/03.json")" != "$seed1" ]
	! cmp -s "$W/scenes/03.png" "$BATS_TEST_TMPDIR/take1.png"
	after=$(stamps)
	# The other pictures, every clip and the other segments are as they were.
	for f in scenes/01.png scenes/02.png scenes/04.png scenes/05.png \
	    narration/01.wav narration/03.wav segments/s01.ts segments/s02.ts \
	    segments/s05.ts segments/audio.m4a 05_character_descriptions.json; do
		assert_equal "$(grep "^./$f " <<<"$after")" "$(grep "^./$f " <<<"$before")"
	done
	[ "$W/segments/s03.ts" -nt "$W/scenes/03.json" ]
	grep -q '<tr><th>take</th><td>2 (2 kept)</td></tr>' "$W/review.html"
	cp "$W/scenes/03.png" "$BATS_TEST_TMPDIR/take2.png"
	# Back to take 1: what it would do, then the same picture as before,
	# and no call.
	: > "$MV_CALL_LOG"
	mid=$(stamps)
	run -0 --separate-stderr pipe why take SCENE=3 TAKE=1
	assert_equal "${lines[0]}" "mv: scenes/03.png: would put take 1 back (no call)"
	assert_line "segments/s03.ts: segments/s03.json changed"
	refute_line --regexp '^(scenes/0[1245]|narration/)'
	run -0 --separate-stderr pipe -n take SCENE=3 TAKE=1
	assert_line "mv: scenes/03.png: would put take 1 back (no call)"
	assert_equal "$(stamps)" "$mid"
	assert_equal "$(wc -l < "$MV_CALL_LOG")" 0
	run -0 --separate-stderr pipe take SCENE=3 TAKE=1
	assert_equal "$(wc -l < "$MV_CALL_LOG")" 0
	cmp "$W/scenes/03.png" "$BATS_TEST_TMPDIR/take1.png"
	assert_equal "$(jq -r .seed "$W/scenes/03.json")" "$seed1"
	grep -q '<tr><th>take</th><td>1 (2 kept)</td></tr>' "$W/review.html"
	grep -qF 'make WORKFLOW=t take SCENE=3 TAKE=2</code>' "$W/review.html"
	# Another redo would be take 3, and take 2 stays kept.
	run -0 --separate-stderr pipe -n redo SCENE=3
	assert_line "mv: scenes/03.png: would make take 3 (take 1 is kept)"
	assert_equal "$(ls "$W/.mv/takes/scenes/03.png" | paste -sd' ')" "1 2"
	cmp "$W/.mv/takes/scenes/03.png/2/asset" "$BATS_TEST_TMPDIR/take2.png"
	assert_equal "$(wc -l < "$MV_CALL_LOG")" 0
	# Nothing is left to do.
	run -0 --separate-stderr pipe
	assert_equal "$stderr" ""
}

@test "redo WHAT=voice makes that scene's line's clip again with one call, said another way; going back costs nothing" {
	cp "$W/narration/02-01.wav" "$BATS_TEST_TMPDIR/take1.wav"
	before=$(stamps)
	run -0 --separate-stderr pipe redo SCENE=2 WHAT=voice
	assert_equal "$(cut -f1-2 "$MV_CALL_LOG")" "tts	2"
	after=$(stamps)
	for f in scenes/02.png narration/01.wav narration/03.wav segments/s01.ts; do
		assert_equal "$(grep "^./$f " <<<"$after")" "$(grep "^./$f " <<<"$before")"
	done
	# A clip is a line's: the scene's first by default (LINE=).
	assert_equal "$(cat "$W/narration/02-01.take")" 2
	[ -s "$W/narration/02-01.wav" ]
	# Offline, take 2 is said another way (narrate.h): other samples.
	run -1 cmp -s "$W/narration/02-01.wav" "$BATS_TEST_TMPDIR/take1.wav"
	: > "$MV_CALL_LOG"
	run -0 --separate-stderr pipe take SCENE=2 WHAT=voice TAKE=1
	assert_equal "$(wc -l < "$MV_CALL_LOG")" 0
	cmp "$W/narration/02-01.wav" "$W/.mv/takes/narration/02-01.wav/1/asset"
	cmp "$W/narration/02-01.wav" "$BATS_TEST_TMPDIR/take1.wav"
}

@test "a bad SCENE, WHAT or TAKE is refused and changes nothing" {
	before=$(stamps)
	run -2 --separate-stderr pipe redo SCENE=9
	[[ $stderr == *"mv: SCENE=9: no such scene in $W; its scenes: 1 2 3 4 5"* ]]
	run -2 --separate-stderr pipe redo SCENE='x;y'
	[[ $stderr == *"mv: SCENE='x;y': expected a scene number"* ]]
	run -2 --separate-stderr pipe redo SCENE=2 WHAT=music
	[[ $stderr == *"mv: WHAT='music': expected picture, voice or text"* ]]
	run -2 --separate-stderr pipe redo SCENE=7 WHAT=text
	[[ $stderr == *"mv: SCENE=7: no such scene in $W; its scenes: 1 2 3 4 5"* ]]
	run -2 --separate-stderr pipe take SCENE=2 WHAT=text TAKE=2
	[[ $stderr == *"mv: scene 2's words: no take 2; kept: "* ]]
	run -2 --separate-stderr pipe take SCENE=2 TAKE=4
	[[ $stderr == *"mv: scenes/02.png: no take 4; kept: "* ]]
	run -2 --separate-stderr pipe -n take SCENE=2 TAKE=4
	[[ $stderr == *"mv: scenes/02.png: no take 4; kept: "* ]]
	assert_equal "$(stamps)" "$before"
	assert_equal "$(wc -l < "$MV_CALL_LOG")" 0
}

@test "restore takes a kept version's path or a state file from elsewhere" {
	jq '.story.title = "Another Title"' "$W/06_final_output.json" > "$BATS_TEST_TMPDIR/06_final_output.json"
	run -0 --separate-stderr pipe restore CHECKPOINT="$BATS_TEST_TMPDIR/06_final_output.json"
	[[ $stderr == *"mv: 06_final_output.json: restored from '$BATS_TEST_TMPDIR/06_final_output.json'"* ]]
	grep -q '<h1>Another Title</h1>' "$W/review.html"
	v=$(ls "$W/.mv/history/06_final_output.json" | tail -1)
	run -0 --separate-stderr pipe restore CHECKPOINT="$W/.mv/history/06_final_output.json/$v"
	[[ $stderr == *"mv: 06_final_output.json: restored the version of $v"* ]]
	refute grep -q 'Another Title' "$W/06_final_output.json"
	assert_equal "$(wc -l < "$MV_CALL_LOG")" 0
	echo '{"x": 1}' > "$BATS_TEST_TMPDIR/04_script_segments.json"
	before=$(stamps)
	run -2 --separate-stderr pipe restore CHECKPOINT="$BATS_TEST_TMPDIR/04_script_segments.json"
	[[ $stderr == *"not an mv state"* ]]
	run -2 --separate-stderr pipe restore CHECKPOINT="$W/scenes/01.json"
	[[ $stderr == *"not a checkpoint"* ]]
	assert_equal "$(stamps)" "$before"
}

# editor LINES...: an $EDITOR that replaces the file with LINES.
editor() {
	local e=$BATS_TEST_TMPDIR/editor
	{
		echo '#!/bin/sh'
		echo 'cp "$1" "$1.seen" 2> /dev/null; cp "$1" '"'$BATS_TEST_TMPDIR/seen'"
		printf 'cat > "$1" <<'"'"'EOT'"'"'\n'
		printf '%s\n' "$@"
		echo EOT
	} > "$e"
	chmod +x "$e"
	export EDITOR=$e VISUAL=
}

@test "edit applies new lines with speakers to that scene only: its lines' clips again, no text or design call" {
	first=$(jq -r '.segments[1].narration | split(". ")[0]' "$W/04_script_segments.json").
	editor "# my edit" "narrator: $first" "mina:  I want it   all right now!"
	others=$(jq -c '[.segments[0,2].lines]' "$W/04_script_segments.json")
	before=$(stamps)
	run -0 --separate-stderr pipe edit SCENE=2
	# What the editor was given: the scene's narration as one line.
	assert_equal "$(tail -1 "$BATS_TEST_TMPDIR/seen")" "narrator: $(jq -r '.segments[1].narration' "$BATS_TEST_TMPDIR/wf/t/.mv/history/04_script_segments.json/"*)"
	# Two lines, two clips: both of scene 2.
	assert_equal "$(cut -f1-2 "$MV_CALL_LOG")" "tts	2
tts	2"
	for s in 04_script_segments.json 05_character_descriptions.json 06_final_output.json; do
		assert_equal "$(jq -c '.segments[1].lines' "$W/$s")" \
		    "[{\"speaker\":\"narrator\",\"text\":\"$first\"},{\"speaker\":\"Mina\",\"text\":\"I want it all right now!\"}]"
		assert_equal "$(jq -r '.segments[1].narration' "$W/$s")" "$first I want it all right now!"
		# The other scenes' lines are as they were.
		assert_equal "$(jq -c '[.segments[0,2].lines]' "$W/$s")" "$others"
	done
	after=$(stamps)
	for f in 03_story.json scenes/01.png scenes/02.png scenes/03.png \
	    narration/01.wav narration/03.wav segments/s01.ts segments/s04.ts; do
		assert_equal "$(grep "^./$f " <<<"$after")" "$(grep "^./$f " <<<"$before")"
	done
	grep -q 'I want it all right now!' "$W/video.srt"
	grep -qF '<li><span class="speaker">Mina:</span> I want it all right now!</li>' "$W/review.html"
	# Nothing is left to do, and the design step is not asked again.
	run -0 --separate-stderr pipe
	assert_equal "$stderr" ""
}

@test "a bad edit is refused with its line number and nothing changes" {
	before=$(stamps)
	editor "narrator: Fine words." "Bob: hello"
	run -2 --separate-stderr pipe edit SCENE=2
	[[ $stderr == *'mv: edit: scene 2: line 2: "Bob" is not a speaker of this story; the speakers: narrator, Mina, Grandpa Bo; nothing was changed'* ]]
	editor "# comment" "" "narrator: Fine words." "just words"
	run -2 --separate-stderr pipe edit SCENE=2
	[[ $stderr == *'line 4: expected "Speaker: text"'* ]]
	editor "Mina:   "
	run -2 --separate-stderr pipe edit SCENE=2
	[[ $stderr == *'line 1: no words after "Mina:"'* ]]
	editor "# nothing"
	run -2 --separate-stderr pipe edit SCENE=2
	[[ $stderr == *'no lines: a scene needs at least one'* ]]
	run -2 --separate-stderr pipe edit SCENE=8
	[[ $stderr == *'mv: SCENE=8: no such scene'* ]]
	assert_equal "$(stamps)" "$before"
	assert_equal "$(wc -l < "$MV_CALL_LOG")" 0
	# make -n edit writes nothing either, and lists that scene's clip.
	run -0 --separate-stderr pipe -n edit SCENE=2
	assert_equal "$(grep -o 'mv-assemble -n [0-9]*' <<<"$output" | sort -u)" "mv-assemble -n 02"
	refute_output --partial "mv-design -n"
	assert_equal "$(stamps)" "$before"
}

@test "make -n and why redo WHAT=text: one text call named, that scene's clips and video listed, nothing written" {
	before=$(stamps)
	run -0 --separate-stderr pipe -n redo SCENE=3 WHAT=text
	assert_line "mv: scene 3's words: would make take 2 with one call to the text model (offline) (take 1 is kept), then make again that scene's clips and video"
	assert_line --partial "mv-segment -r 3 -t 2 -o"
	assert_equal "$(grep -o 'mv-assemble -n [0-9]*' <<<"$output" | sort -u)" "mv-assemble -n 03"
	assert_equal "$(grep -o "mv-assemble -g '[a-z0-9]*'" <<<"$output" | sort -u)" "mv-assemble -g 's03'"
	refute_output --partial "mv-design -n"
	run -0 --separate-stderr pipe why redo SCENE=3 WHAT=text
	assert_equal "${lines[0]}" "mv: scene 3's words: would make take 2 with one call to the text model (offline) (take 1 is kept), then make again that scene's clips and video"
	assert_line "narration/03-01.wav: narration/03-01.json changed"
	assert_line "segments/s03.ts: segments/s03.json changed"
	refute_line --regexp '^(scenes/|narration/0[1245]|segments/s0[1245])'
	assert_equal "$(stamps)" "$before"
	assert_equal "$(wc -l < "$MV_CALL_LOG")" 0
}

@test "redo WHAT=text: one text call for that scene, then only its clips and video; take 1 back at no cost" {
	old=$(jq -c '.segments[2].lines' "$W/04_script_segments.json")
	cp "$W/narration/03-01.wav" "$BATS_TEST_TMPDIR/take1.wav"
	before=$(stamps)
	run -0 --separate-stderr pipe redo SCENE=3 WHAT=text
	# One call of the text step, for scene 3, then its line's clip.
	assert_equal "$(cut -f1-2 "$MV_CALL_LOG")" "segment	3
tts	3"
	rec=$W/.mv/takes/text/03.json/2/words.json
	assert_equal "$(jq -r '[.take, .provider] | join(" ")' "$rec")" "2 offline"
	new=$(jq -c '.lines' "$rec")
	[ "$new" != "$old" ]
	for s in 04_script_segments.json 05_character_descriptions.json 06_final_output.json; do
		assert_equal "$(jq -c '.segments[2].lines' "$W/$s")" "$new"
		assert_equal "$(jq -c '[.segments[0,1,3,4].narration]' "$W/$s")" \
		    "$(jq -c '[.segments[0,1,3,4].narration]' "$BASE/t/$s")"
	done
	assert_equal "$(cat "$W/text/03.take")" 2
	after=$(stamps)
	for f in 03_story.json scenes/01.png scenes/02.png scenes/03.png \
	    scenes/04.png scenes/05.png narration/02-01.wav narration/04-01.wav \
	    segments/s01.ts segments/s02.ts segments/s04.ts segments/s05.ts; do
		assert_equal "$(grep "^./$f " <<<"$after")" "$(grep "^./$f " <<<"$before")"
	done
	[ "$W/segments/s03.ts" -nt "$W/04_script_segments.json" ]
	grep -qF 'make WORKFLOW=t take SCENE=3 WHAT=text TAKE=1</code>' "$W/review.html"
	# Back to take 1: what it would do, then its words and its clip, no
	# call at all.
	: > "$MV_CALL_LOG"
	mid=$(stamps)
	run -0 --separate-stderr pipe why take SCENE=3 WHAT=text TAKE=1
	assert_equal "${lines[0]}" "mv: scene 3's words: would put take 1 back (no call)"
	assert_line "segments/s03.ts: segments/s03.json changed"
	refute_line --regexp '^(scenes/|narration/0[1245]|segments/s0[1245])'
	assert_equal "$(stamps)" "$mid"
	run -0 --separate-stderr pipe take SCENE=3 WHAT=text TAKE=1
	assert_equal "$(wc -l < "$MV_CALL_LOG")" 0
	assert_equal "$(jq -c '.segments[2].lines' "$W/06_final_output.json")" "$old"
	cmp "$W/narration/03-01.wav" "$BATS_TEST_TMPDIR/take1.wav"
	assert_equal "$(cat "$W/text/03.take")" 1
	grep -qF 'make WORKFLOW=t take SCENE=3 WHAT=text TAKE=2</code>' "$W/review.html"
	# Each take is another wording offline, and the same one every time.
	t3=$(mv-segment -r 3 -t 3 "$W/04_script_segments.json" | jq -r .narration)
	[ "$t3" != "$(jq -r .narration "$rec")" ]
	[ "$t3" != "$(jq -r '.segments[2].narration' "$W/04_script_segments.json")" ]
	assert_equal "$(mv-segment -r 3 -t 3 "$W/04_script_segments.json" | jq -r .narration)" "$t3"
	# Nothing is left to do.
	run -0 --separate-stderr pipe
	assert_equal "$stderr" ""
}

@test "redo WHAT=text with a text model: one chat call given the scenes around it, at a take's temperature" {
	fake_start
	export MV_SEGMENT_LLM=openai MV_SEGMENT_BASE_URL=$FAKE_URL/v1 MV_SEGMENT_API_KEY=sk-test-segment
	root=$BATS_TEST_TMPDIR/online
	mkdir "$root"
	cp -a "$ONLINE/t" "$root/t"
	W=$root/t
	S=$W/04_script_segments.json
	# Its scenes are the model's (the fake cuts a story into at most 4).
	assert_equal "$(jq -r '.log[] | select(.program == "mv-segment") | .provider' "$S")" openai
	[ "$(jq '.segments | length' "$S")" -ge 3 ]
	narr=$(jq -r '.segments[1].narration' "$S")
	reply=$(jq -cn --arg n "Once more, $narr" '{lines: [{speaker: "narrator", text: $n},
	    {speaker: "mina", text: "\"I can wait.\""}]} | tojson')
	fake_state chat_replies "{\"scene_take\": [$reply]}"
	: > "$MV_CALL_LOG"
	n=$(fake_requests '^/v1/chat/completions$' | wc -l)
	before=$(stamps)
	run -0 --separate-stderr pipe redo SCENE=2 WHAT=text
	assert_equal "$(fake_requests '^/v1/chat/completions$' | wc -l)" $((n + 1))
	last=$(fake_requests '^/v1/chat/completions$' | tail -n 1)
	user=$(jq -r '.body.messages[] | select(.role == "user") | .content' <<<"$last")
	[[ $user == "mv step: scene_take"* ]]
	# The scenes before and after it are given, so the story joins up.
	[[ $user == *"$(jq -r '.segments[0].narration' "$S")"* ]]
	[[ $user == *"$(jq -r '.segments[2].narration' "$S")"* ]]
	[[ $user == *"take 2"* ]]
	assert_equal "$(jq '.body.temperature' <<<"$last")" 0.8
	# One call in all, then only that scene's segment is rendered again.
	assert_equal "$(cut -f1-3 "$MV_CALL_LOG")" "segment	2	openai"
	after=$(stamps)
	[ "$(grep '^./segments/s02.ts ' <<<"$after")" != "$(grep '^./segments/s02.ts ' <<<"$before")" ]
	for f in scenes/01.png scenes/02.png segments/s01.ts segments/s03.ts; do
		assert_equal "$(grep "^./$f " <<<"$after")" "$(grep "^./$f " <<<"$before")"
	done
	assert_equal "$(jq -c '.segments[1].lines' "$W/06_final_output.json")" \
	    "$(jq -c --arg n "Once more, $narr" '[{speaker: "narrator", text: $n}, {speaker: "Mina", text: "\"I can wait.\""}]' <<<null)"
	rec=$W/.mv/takes/text/02.json/2/words.json
	assert_equal "$(jq -r '[.provider, .temperature] | join(" ")' "$rec")" "openai 0.8"
	grep -qF '<tr><th>temperature</th><td>0.80</td></tr>' "$W/review.html"
	# A reply that is not lines of this story is refused, and nothing changes.
	fake_state chat_replies '{"scene_take": ["{\"lines\": [{\"speaker\": \"Bob\", \"text\": \"Hi.\"}]}", "{\"lines\": []}"]}'
	before=$(stamps)
	run -2 --separate-stderr pipe redo SCENE=2 WHAT=text
	[[ $stderr == *"mv: scene 2's words: no take 3 made; nothing changed"* ]]
	assert_equal "$(stamps)" "$before"
}
