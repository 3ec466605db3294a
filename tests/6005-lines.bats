#!/usr/bin/env bats
# Lines and speakers (issue 13): each scene's narration cut into lines,
# each with who speaks it, by the offline segmenter and by a model.
bats_require_minimum_version 1.5.0
load helper
load lib/fakeapi

# A story of three characters talking, in the three ways a quotation is
# tagged: after it, before it, and by a line naming the speaker.
STORY='One windy evening, Pip found a lost feather in the meadow. "Whose feather is this?" asked Pip. Leo padded over and sniffed it. Leo said, "It is not mine, I have no feathers at all." Grandma Hazel fluttered down from the old oak. "That feather is mine," said Grandma Hazel. "Thank you for keeping it safe, little one." Pip smiled. "I knew someone would miss it." Leo laughed, "Honesty makes the best friends."'

setup_file() {
	local d=$BATS_FILE_TMPDIR
	unset MV_LLM MV_TTS MV_TTS_VOICE
	mv-analyze -o "$d/01.json" "$top/tests/fixtures/three-voices.json"
	mv-research -o "$d/02.json" "$d/01.json"
	mv-story -o "$d/03.json" "$d/02.json"
	jq --arg t "$STORY" '.story.text = $t' "$d/03.json" > "$d/03t.json"
	mv "$d/03t.json" "$d/03.json"
}

setup() {
	d=$BATS_FILE_TMPDIR
	cd "$BATS_TEST_TMPDIR"
}

# said FILE: who says each quotation, "speaker|text" a line.
said() {
	jq -r '.segments[].lines[] | select(.speaker != "narrator") |
	    "\(.speaker)|\(.text)"' "$1"
}

@test "the offline segmenter records who speaks each line; the lines are the narration" {
	run -0 mv-segment -o 04.json "$d/03.json"
	run -0 said 04.json
	assert_output - <<'OUT'
Pip|"Whose feather is this?"
Leo|"It is not mine, I have no feathers at all."
Grandma Hazel|"That feather is mine,"
Grandma Hazel|"Thank you for keeping it safe, little one."
Pip|"I knew someone would miss it."
Leo|"Honesty makes the best friends."
OUT
	# The tags and the rest are the narrator's; each scene's lines,
	# joined by spaces, are its narration.
	run -0 jq -r '.segments[].lines[] | select(.speaker == "narrator") |
	    .text' 04.json
	assert_line --partial 'asked Pip.'
	assert_line 'Leo said,'
	run -0 jq '[.segments[] | (.lines | map(.text) | join(" ")) == .narration] | all' 04.json
	assert_output true
	# No line is empty and no two neighbours share a speaker.
	run -0 jq '[.segments[].lines | (.[] | .text | length > 0),
	    (range(1; length) as $i | .[$i].speaker != .[$i - 1].speaker)] | all' 04.json
	assert_output true
}

@test "a model's speakers are kept as it gives them; lines that are not the narration are attributed offline" {
	fake_start
	export MV_LLM=openai MV_LLM_BASE_URL=$FAKE_URL/v1 MV_LLM_API_KEY=sk-test \
	    MV_LLM_MODEL=fake-model
	run -0 mv-segment -o 04.json "$d/03.json"
	# The prompt asks for the lines.
	sys=$(fake_requests '^/v1/chat/completions$' | tail -1 |
	    jq -r '.body.messages[0].content')
	[[ $sys == *'"lines": [{"speaker"'* ]] || fail "$sys"
	# The fake names a speaker only for a quotation ending in a comma,
	# from the tag after it: the others are its narrator's, kept as the
	# model gave them.
	run -0 said 04.json
	assert_output 'Grandma Hazel|"That feather is mine,"'
	# A reply whose lines are not its narration is attributed offline.
	fake_ctl faults '[{"path":"^/v1/","action":"badlines"}]' > /dev/null
	run -0 mv-segment -o 04b.json "$d/03.json"
	run -0 said 04b.json
	assert_line 'Leo|"It is not mine, I have no feathers at all."'
	run -0 jq '[.segments[] | (.lines | map(.text) | join(" ")) == .narration] | all' 04.json
	assert_output true
}

# voices FILE DIR: per speaker (the narrator first), "SPEAKER<TAB>VOICE<TAB>F0
# Hz<TAB>centroid Hz" of all its line clips joined, as tests/lib/voiceprint.py
# measures them.
voices() {
	local f=$1 dir=$2 sp v i=0
	while IFS=$'\t' read -r sp v; do
		jq -r --arg s "$sp" '.narration[].lines[] | select(.speaker == $s) |
		    "file \(.audio)"' "$f" > "$dir/l$i.txt"
		(cd "$dir" && ffmpeg -nostdin -v error -y -f concat -safe 0 -i "l$i.txt" \
		    -c copy "v$i.wav")
		printf '%s\t%s\t%s\n' "$sp" "$v" \
		    "$(python3 "$top/tests/lib/voiceprint.py" "$dir/v$i.wav" | cut -f2,3)"
		i=$((i + 1))
	done < <(jq -r '(["narrator", .narration[0].voice] | @tsv),
	    (.characters[] | [.name, .voice] | @tsv)' "$f")
}

@test "three characters talking: four voices, measured apart in pitch or timbre, each line's speaker recorded" {
	mv-segment -o 04.json "$d/03.json"
	mv-design -s 160x90 -d w -o w/05.json 04.json
	run -0 --separate-stderr mv-assemble -s 160x90 -d w -o w/06.json w/05.json
	# The cast: a voice for each, none the narrator's, no two alike.
	run -0 jq -r '[.narration[0].voice] + [.characters[].voice] | unique | length' w/06.json
	assert_output 4
	run -0 jq -r '.characters[] | "\(.name) \(.voice)"' w/06.json
	# a grandmother owl, a small mouse, a lion (flite's voices, shifted)
	assert_line --regexp '^Grandma Hazel slt'
	assert_line --regexp '^Pip slt\+p1[0-9][0-9]'
	assert_line --regexp '^Leo (awb|kal16)\+p[5-9][0-9]'
	# Every line of the state is spoken by its speaker's voice, in its
	# own clip.
	run -0 jq -r '.narration[].lines[] | "\(.speaker)|\(.voice)|\(.audio)"' w/06.json
	assert_line 'narrator|rms|narration/01-01.wav'
	assert_line --regexp '^Pip\|slt\+p[0-9]+\+r[0-9]+\|narration/01-02.wav$'
	# Measured from the sound: each pair differs by 12% in F0 or 6% in
	# spectral centroid.
	voices w/06.json w > vp.tsv
	cat vp.tsv >&3
	run awk -F'\t' '{ f[NR] = $3; c[NR] = $4; n = NR }
	    END { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) {
		df = f[i] > f[j] ? f[i] / f[j] : f[j] / f[i]
		dc = c[i] > c[j] ? c[i] / c[j] : c[j] / c[i]
		if (!(f[i] > 0 && f[j] > 0) || (df < 1.12 && dc < 1.06)) {
			print "alike: " i " and " j; bad = 1 } }
	    exit bad }' vp.tsv
	assert_success
}

@test "a brief names a character's voice and the narrator's; one the provider lacks is cast instead" {
	mv-segment -o 04.json "$d/03.json"
	jq '.context.characters[1].voice = "kal16" | .context.characters[2].voice = "nova"' \
	    04.json > 04v.json
	run -0 --separate-stderr env MV_TTS_VOICE=awb mv-assemble -x -d w 04v.json
	[[ $stderr == *"Leo: voice 'nova': flite has no such voice; casting one"* ]] || fail "$stderr"
	run -0 jq -r '"\(.speaker) \(.voice)"' w/narration/01-01.json w/narration/01-02.json
	assert_output $'narrator awb\nPip kal16'
	run -0 jq -r 'select(.speaker == "Leo") | .voice' w/narration/*-*.json
	[[ $output != *nova* && $output != awb && $output != kal16 ]] || fail "$output"
}

@test "under make, changing one line of dialogue re-voices that line only" {
	local root=$BATS_TEST_TMPDIR/wf W=$BATS_TEST_TMPDIR/wf/t
	export MV_CALL_LOG=$BATS_TEST_TMPDIR/calls
	run -0 make -s -C "$top" --no-print-directory BIN="$MV_BIN" WORKFLOWS="$root" \
	    WORKFLOW=t INPUT="$top/tests/fixtures/three-voices.json" SIZE=160x90
	lines=$(jq '[.segments[].lines[]] | length' "$W/04_script_segments.json")
	assert_equal "$(awk '$1 == "tts"' "$MV_CALL_LOG" | wc -l)" "$lines"
	# The first character's line, reworded (its scene's narration too).
	read -r s l < <(jq -r '[.segments[] | .scene as $s | .lines | to_entries[] |
	    select(.value.speaker != "narrator") | [$s, .key]] | first | @tsv' \
	    "$W/04_script_segments.json")
	jq --argjson s "$s" --argjson l "$l" '(.segments[] | select(.scene == $s)) |=
	    (.lines[$l].text = "\"Hello there, everybody!\"" |
	     .narration = (.lines | map(.text) | join(" ")))' \
	    "$W/04_script_segments.json" > "$BATS_TEST_TMPDIR/04.json"
	mv "$BATS_TEST_TMPDIR/04.json" "$W/04_script_segments.json"
	: > "$MV_CALL_LOG"
	run -0 make -s -C "$top" --no-print-directory BIN="$MV_BIN" WORKFLOWS="$root" \
	    WORKFLOW=t
	run -0 awk '$1 == "tts" { print $2 }' "$MV_CALL_LOG"
	assert_output "$s"
	printf -v clip '%02d-%02d' "$s" "$((l + 1))"
	run -0 jq -r --arg c "narration/$clip.wav" '.narration[].lines[] |
	    select(.audio == $c) | .speaker' "$W/06_final_output.json"
	refute_output narrator
	assert_equal "$(jq -r '.video.path' "$W/06_final_output.json")" video.mp4
}
