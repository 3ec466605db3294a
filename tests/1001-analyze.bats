#!/usr/bin/env bats
# mv-analyze: the rules of a brief and its normalised context.
bats_require_minimum_version 1.5.0
load helper

# brief JQ: writes examples/honest-fox.json changed by the jq program JQ
# to $b and runs mv-analyze on it.
brief() {
	b=$BATS_TEST_TMPDIR/brief.json
	jq "$1" "$top/examples/honest-fox.json" > "$b"
	run --separate-stderr mv-analyze "$b"
}

# rejects JQ MESSAGE: the changed brief fails with exactly this message.
rejects() {
	brief "$1"
	assert_equal "$status" 1
	assert_output ""
	assert_equal "$stderr" "mv-analyze: '$b': $2"
}

@test "the example briefs all pass" {
	for f in "$top"/examples/*.json; do
		run -0 --separate-stderr mv-analyze "$f"
		assert_equal "$(jq -r .format <<<"$output")" 1
	done
}

@test "a brief in the original tool's format passes with and without a topic" {
	run -0 --separate-stderr mv-analyze "$fixtures/original-no-topic.json"
	assert_equal "$(jq -r .context.topic <<<"$output")" "A story about kindness"
	run -0 --separate-stderr mv-analyze "$fixtures/original-topic.json"
	assert_equal "$(jq -r .context.topic <<<"$output")" "The crow and the clever pebbles"
	assert_equal "$(jq -r .preferences.art_style <<<"$output")" "traditional Indian cartoon"
	assert_equal "$(jq -r .preferences.color_palette <<<"$output")" "warm earth tones"
}

@test "a missing topic is taken from the plot's first sentence" {
	brief 'del(.context.topic)'
	assert_success
	assert_equal "$(jq -r .context.topic <<<"$output")" "Ruby finds a shiny golden acorn under an old oak tree"
}

@test "defaults fill in age group, duration, art style, narration and voice" {
	brief 'del(.context.age_group, .context.duration_minutes, .preferences)'
	assert_success
	assert_equal "$(jq -c '[.context.age_group, .context.duration_minutes, .preferences.art_style, .preferences.narration, .preferences.voice, .preferences.narration_wpm]' <<<"$output")" '["6-8",3,"cartoon",true,"en-us",150]'
}

@test "unknown keys are kept, and the brief is kept as given" {
	brief '.context.mood_board = "pastel" | .extra = {"a": [1, 2]}'
	assert_success
	assert_equal "$(jq -r .context.mood_board <<<"$output")" pastel
	assert_equal "$(jq -c .input.extra <<<"$output")" '{"a":[1,2]}'
	assert_equal "$(jq -s '.[0].input == .[1]' - "$b" <<<"$output")" true
}

@test "text is trimmed and UTF-8 names stay as they are" {
	brief '.context.characters[0].name = "  Zoë Ñandú " | .context.theme = " honesty\n"'
	assert_success
	assert_equal "$(jq -r '.context.characters[0].name' <<<"$output")" "Zoë Ñandú"
	assert_equal "$(jq -r '.context.theme' <<<"$output")" "honesty"
}

@test "traits may be given as one comma-separated string" {
	brief '.context.characters[0].traits = "brave, kind"'
	assert_success
	assert_equal "$(jq -c '.context.characters[0].traits' <<<"$output")" '["brave","kind"]'
}

@test "search queries are built from the brief" {
	brief '.'
	assert_success
	run jq -r '.search_queries[]' <<<"$output"
	assert_line --partial "honesty"
	assert_line --partial "autumn forest beside a quiet river"
}

@test "the workflow id comes from -w, or from the topic" {
	run -0 mv-analyze -w my-story "$top/examples/honest-fox.json"
	assert_equal "$(jq -r .workflow_id <<<"$output")" my-story
	run -0 mv-analyze "$top/examples/honest-fox.json"
	assert_equal "$(jq -r .workflow_id <<<"$output")" the-fox-who-found-a-golden-acorn
}

@test "the brief must have a context object" {
	rejects 'del(.context)' 'context: missing, expected an object'
	rejects '.context = [1]' 'context: expected an object, got array'
}

@test "theme, setting and moral_lesson are required non-empty strings" {
	rejects 'del(.context.theme)' 'context.theme: missing, expected a string'
	rejects '.context.theme = 7' 'context.theme: expected a string, got number'
	rejects '.context.theme = "  "' 'context.theme: expected a non-empty string, got an empty one'
	rejects 'del(.context.setting)' 'context.setting: missing, expected a string'
	rejects '.context.moral_lesson = false' 'context.moral_lesson: expected a string, got boolean'
}

@test "characters is a non-empty array of objects with a string name and type" {
	rejects 'del(.context.characters)' 'context.characters: missing, expected a non-empty array of characters'
	rejects '.context.characters = {}' 'context.characters: expected a non-empty array of characters, got object'
	rejects '.context.characters = []' 'context.characters: expected from 1 to 12 characters, got 0'
	rejects '.context.characters[1] = "Oliver"' 'context.characters[1]: expected an object with name and type, got string'
	rejects '.context.characters[1].type = 3' 'context.characters[1].type: expected a string, got number'
	rejects 'del(.context.characters[2].name)' 'context.characters[2].name: missing, expected a string'
	rejects '.context.characters[0].traits = [1]' 'context.characters[0].traits[0]: expected a string, got number'
}

@test "two characters may not share a name" {
	rejects '.context.characters[2].name = "Ruby"' 'context.characters[2].name: expected a name not used by context.characters[0], got a duplicate'
}

@test "look-alike names are refused with both spellings: case, NFC and NFD, invisible characters" {
	rejects '.context.characters[1].name = "ruby"' 'context.characters[1].name: "ruby" looks like context.characters[0].name "Ruby"'
	rejects '.context.characters[0].name = "Jos\u00e9" | .context.characters[2].name = "Jose\u0301"' 'context.characters[2].name: "Jose\u0301" looks like context.characters[0].name "José"'
	rejects '.context.characters[0].name = "Anna" | .context.characters[1].name = "An\u200bna"' 'context.characters[1].name: "An\u200bna" looks like context.characters[0].name "Anna"'
}

@test "a name given in NFD is stored in NFC" {
	brief '.context.characters[0].name = "Jose\u0301"'
	assert_success
	assert_equal "$(jq -r '.context.characters[0].name' <<<"$output")" "José"
	assert_equal "$(jq -r '.context.characters[0].name | explode | length' <<<"$output")" 4
}

@test "at most twelve characters" {
	rejects '.context.characters = [range(13) | {name: "c\(.)", type: "cat"}]' 'context.characters: expected from 1 to 12 characters, got 13'
}

@test "duration_minutes is an integer from 1 to 10" {
	for v in 0 11 3.5 -1 1e308; do
		brief ".context.duration_minutes = $v"
		assert_equal "$status" 1
		assert_regex "$stderr" "context.duration_minutes: expected an integer from 1 to 10, got "
	done
	rejects '.context.duration_minutes = true' 'context.duration_minutes: expected an integer from 1 to 10, got boolean'
	rejects '.context.duration_minutes = "3"' 'context.duration_minutes: expected an integer from 1 to 10, got string'
	brief '.context.duration_minutes = 10'
	assert_success
}

@test "age_group is a range of ages" {
	rejects '.context.age_group = "toddlers"' 'context.age_group: expected a range of ages from 1 to 18 like "6-8", got another string'
	rejects '.context.age_group = 6' 'context.age_group: expected a range like "6-8", got number'
	brief '.context.age_group = "9-12"'
	assert_success
}

@test "preferences are checked too" {
	rejects '.preferences = 1' 'preferences: expected an object, got number'
	rejects '.preferences.narration = "yes"' 'preferences.narration: expected true or false, got string'
	rejects '.preferences.narration_wpm = 20' 'preferences.narration_wpm: expected an integer from 80 to 300, got 20'
	rejects '.preferences.voice = "-x"' "preferences.voice: expected a voice name of letters, digits, '-', '_' or '+', got another string"
}

@test "an over-long field is refused with its size" {
	rejects '.context.setting = ("x" * 2001)' 'context.setting: expected at most 2000 bytes, got 2001 bytes'
}

@test "traits are limited in number and length, with a clear error" {
	rejects '.context.characters[0].traits = ["a","b","c","d","e","f","g","h","i"]' 'context.characters[0].traits: expected at most 8 traits, got more'
	rejects '.context.characters[1].traits = ["x", ("y" * 81)]' 'context.characters[1].traits[1]: expected at most 80 bytes, got 81 bytes'
}

@test "a workflow id given with -w must be safe as a folder name" {
	for id in "" . .. "a/b" "x y" "$(printf 'a%.0s' $(seq 65))"; do
		run -2 --separate-stderr mv-analyze -w "$id" "$top/examples/honest-fox.json"
		assert_regex "${stderr_lines[0]}" "^mv-analyze: -w '.*': expected 1 to 64 letters, digits"
	done
	run -0 mv-analyze -w "Fox_2.v-1" "$top/examples/honest-fox.json"
}
