#!/usr/bin/env bats
# mv-segment: scenes on sentence boundaries covering every word once.
bats_require_minimum_version 1.5.0
load helper

segments_of() {
	mv-analyze "$1" | mv-research | mv-story | mv-segment > "$BATS_TEST_TMPDIR/04.json"
}

@test "every word of the story is in exactly one scene, in order" {
	for f in "$top"/examples/*.json "$fixtures"/original-*.json; do
		segments_of "$f"
		run jq -e '(.story.text | [splits("\\s+")] | map(select(. != ""))) ==
		    ([.segments[].narration | splits("\\s+")] | map(select(. != "")))' "$BATS_TEST_TMPDIR/04.json"
		assert_success
	done
}

@test "scenes are numbered from 1 and each ends a sentence" {
	segments_of "$top/examples/honest-fox.json"
	run jq -e '[.segments[].scene] == [range(1; (.segments | length) + 1)]' "$BATS_TEST_TMPDIR/04.json"
	assert_success
	run jq -e 'all(.segments[].narration; test("[.!?][\"”’)]*$"))' "$BATS_TEST_TMPDIR/04.json"
	assert_success
}

@test "scenes last about 8 to 12 seconds of narration" {
	segments_of "$top/examples/star-sailors.json"
	n=$(jq '.segments | length' "$BATS_TEST_TMPDIR/04.json")
	inside=$(jq '[.segments[].seconds | select(. >= 7.5 and . <= 12.5)] | length' "$BATS_TEST_TMPDIR/04.json")
	# All but at most one scene (a single long sentence can exceed).
	[ "$inside" -ge $((n - 1)) ]
	run jq -e 'all(.segments[]; .seconds == ((.words * 600 / 160) | round) / 10)' "$BATS_TEST_TMPDIR/04.json"
	assert_success
}

@test "the scene count follows the target duration" {
	b=$BATS_TEST_TMPDIR/b.json
	jq '.context.duration_minutes = 1' "$top/examples/star-sailors.json" > "$b"
	segments_of "$b"
	few=$(jq '.segments | length' "$BATS_TEST_TMPDIR/04.json")
	jq '.context.duration_minutes = 4' "$top/examples/star-sailors.json" > "$b"
	segments_of "$b"
	many=$(jq '.segments | length' "$BATS_TEST_TMPDIR/04.json")
	[ "$many" -gt "$few" ]
}

@test "each scene lists the characters named or meant in it, the setting and a description" {
	segments_of "$top/examples/honest-fox.json"
	# Everyone named is listed; anyone else listed is meant by "she",
	# "he", "they" or their kind (tests/unit/referent.c has the rules).
	run jq -e 'all(.segments[]; . as $s | (["Ruby", "Pip", "Oliver"] | all(. as $n | ($s.narration | contains($n)) == false or ($s.characters | index($n) != null))))' "$BATS_TEST_TMPDIR/04.json"
	assert_success
	run jq -e 'all(.segments[]; . as $s | (.characters | all(. as $n | ($s.narration | contains($n)) or ($s.narration | test("\\b(she|her|he|him|his|they|them|their|fox|squirrel|owl)\\b"; "i")))))' "$BATS_TEST_TMPDIR/04.json"
	assert_success
	run jq -e 'all(.segments[]; .setting == "autumn forest beside a quiet river" and (.description | length > 20) and (.emotions | length > 0) and (.background | length > 0))' "$BATS_TEST_TMPDIR/04.json"
	assert_success
	run jq -e '[.segments[].characters[]] | unique == ["Oliver", "Pip", "Ruby"]' "$BATS_TEST_TMPDIR/04.json"
	assert_success
}

@test "quoted speech is recorded as dialogue" {
	segments_of "$top/examples/honest-fox.json"
	run jq -r '.segments[].dialogue[]' "$BATS_TEST_TMPDIR/04.json"
	assert_success
	assert_line "The truth is always the best way, even when it is hard"
}

@test "a state without a story text is refused with the field named" {
	mv-analyze "$top/examples/honest-fox.json" | jq '.story = {"title": "x"}' > "$BATS_TEST_TMPDIR/s.json"
	run -1 --separate-stderr mv-segment "$BATS_TEST_TMPDIR/s.json"
	assert_equal "$stderr" "mv-segment: '$BATS_TEST_TMPDIR/s.json': story.text: missing, expected a string"
}
