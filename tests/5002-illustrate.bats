#!/usr/bin/env bats
# The offline illustrator draws the story: kinds from types and the
# characters a scene means by "she", "he" and "they" (the pictures
# themselves are measured in tests/unit/species.c and illustrate.c).
bats_require_minimum_version 1.5.0
load helper

# design BRIEF: the design state of tests/fixtures/illustrate/BRIEF.json,
# its pictures at 320x180 in $d/BRIEF.
design() {
	mv-analyze "$top/tests/fixtures/illustrate/$1.json" | mv-research |
	    mv-story | mv-segment 2>/dev/null > "$d/$1.04.json"
	mv-design -d "$d/$1" -s 320x180 -o "$d/$1.json" "$d/$1.04.json" 2>/dev/null
}

setup() {
	d=$BATS_TEST_TMPDIR
}

@test "the held-out briefs' characters are drawn as their kinds, the nearest one said" {
	design lion-owl
	design deer-monkey-elephant
	design girl-grandmother-cow
	design dove-mouse-human
	assert_equal "$(jq -r '[.characters[].kind] | join(" ")' "$d/lion-owl.json")" "lion owl"
	assert_equal "$(jq -r '[.characters[].kind] | join(" ")' "$d/deer-monkey-elephant.json")" "deer monkey elephant"
	assert_equal "$(jq -r '[.characters[].kind] | join(" ")' "$d/girl-grandmother-cow.json")" "girl grandmother cow"
	assert_equal "$(jq -r '[.characters[].kind] | join(" ")' "$d/dove-mouse-human.json")" "mouse dove man"
	# Only the human has no drawing of its own, and the state says so.
	run -0 jq -r '[.characters[] | select(.kind_note) | .kind_note] | join("|")' "$d/dove-mouse-human.json"
	assert_output "character 'Tom': no drawing of 'human': drawn as the nearest kind, a man"
	for b in lion-owl deer-monkey-elephant girl-grandmother-cow; do
		run -0 jq -e 'all(.characters[]; .kind_note == null)' "$d/$b.json"
	done
	# Each character's look says what marks its kind.
	run -0 jq -r '.characters[] | select(.name == "Ellie") | .look' "$d/deer-monkey-elephant.json"
	assert_output --partial "trunk"
}

@test "a scene about 'her grandmother' and 'they' shows them, not only who it names" {
	design girl-grandmother-cow
	# The narration names only Amara there, but means the grandmother
	# and the cow as well.
	run -0 jq -c '[.segments[] | select(.narration | test("^Amara and her grandmother")) | .characters]' "$d/girl-grandmother-cow.04.json"
	assert_output '[["Amara","Nana Ruth","Buttercup"]]'
	# and the picture's request carries their figures.
	run -0 jq -c '[.scenes[] | select(.characters | index("Nana Ruth")) | .scene] | length' "$d/girl-grandmother-cow.json"
	[ "$output" -ge 4 ]
}

@test "the nearest kind is said on stderr; -S (subtitles not burned) draws the caption banner, and only then" {
	mv-analyze "$top/tests/fixtures/illustrate/dove-mouse-human.json" |
	    mv-research | mv-story | mv-segment 2>/dev/null > "$d/04.json"
	run -0 --separate-stderr mv-design -p -o "$d/05.json" "$d/04.json"
	assert_regex "$stderr" "mv-design: character '[^']+': no drawing of 'human': drawn as the nearest kind, a man"
	mv-design -x -s 320x180 -d "$d/burn" "$d/05.json"
	mv-design -x -S -s 320x180 -d "$d/plain" "$d/05.json"
	assert_equal "$(jq -r .banner "$d/burn/scenes/01.json")" false
	assert_equal "$(jq -r .banner "$d/plain/scenes/01.json")" true
	mv-design -n 1 -s 320x180 -d "$d/burn" "$d/05.json"
	mv-design -n 1 -S -s 320x180 -d "$d/plain" "$d/05.json"
	run cmp -s "$d/burn/scenes/01.png" "$d/plain/scenes/01.png"
	assert_failure
}
