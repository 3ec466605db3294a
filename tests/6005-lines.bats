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
