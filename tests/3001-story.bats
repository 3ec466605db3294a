#!/usr/bin/env bats
# mv-story: the offline storyteller retells the brief.
bats_require_minimum_version 1.5.0
load helper

story_of() {
	mv-analyze "$1" | mv-research | mv-story > "$BATS_TEST_TMPDIR/03.json"
	text=$(jq -r .story.text "$BATS_TEST_TMPDIR/03.json")
}

@test "the story introduces every character with its type and traits" {
	story_of "$top/examples/star-sailors.json"
	while IFS=$'\t' read -r name type traits; do
		assert_regex "$text" "$name the $type was"
		for t in $traits; do
			assert_regex "$text" "$t"
		done
	done < <(jq -r '.context.characters[] | [.name, .type, (.traits | join(" "))] | @tsv' "$BATS_TEST_TMPDIR/03.json")
}

@test "the story opens in the setting and ends by stating the moral" {
	story_of "$top/examples/honest-fox.json"
	assert_regex "$text" "^Once upon a time, in an autumn forest beside a quiet river,"
	moral=$(jq -r .context.moral_lesson "$BATS_TEST_TMPDIR/03.json")
	assert_regex "$text" "The moral of the story is: $moral\$"
}

@test "every plot sentence is told, in order" {
	story_of "$top/examples/honest-fox.json"
	rest=$text
	while read -r s; do
		[ -n "$s" ] || continue
		# The first may follow "One day, " with a lower-case first letter.
		core=${s:1}
		case $rest in
		*"$core"*) rest=${rest#*"$core"} ;;
		*) fail "plot sentence missing or out of order: $s" ;;
		esac
	done < <(jq -r '.context.plot' "$BATS_TEST_TMPDIR/03.json" | sed 's/\([.!?]\) /\1\n/g')
}

@test "a brief without a plot still gets a whole story from its theme" {
	story_of "$top/examples/little-seed.json"
	assert_regex "$text" "Mina"
	assert_regex "$text" "Grandpa Bo"
	assert_regex "$text" "The moral of the story is: Good things grow when we give them time.$"
	[ "$(jq .story.word_count "$BATS_TEST_TMPDIR/03.json")" -gt 80 ]
}

@test "counts are recorded: words, reading time and mentions of each character" {
	story_of "$top/examples/honest-fox.json"
	words=$(wc -w <<<"$text")
	assert_equal "$(jq .story.word_count "$BATS_TEST_TMPDIR/03.json")" "$words"
	ruby=$(grep -o '\bRuby\b' <<<"$text" | wc -l)
	assert_equal "$(jq '.story.character_mentions.Ruby' "$BATS_TEST_TMPDIR/03.json")" "$ruby"
	assert_equal "$(jq '.story.reading_minutes' "$BATS_TEST_TMPDIR/03.json")" "$(awk -v w="$words" 'BEGIN { printf "%g", int(w * 10 / 150 + 0.5) / 10 }')"
	assert_equal "$(jq -r '.story.title' "$BATS_TEST_TMPDIR/03.json")" "The Fox Who Found a Golden Acorn"
}

@test "the story grows with the target duration, within what the brief holds" {
	b=$BATS_TEST_TMPDIR/b.json
	jq '.context.duration_minutes = 1 | .context.age_group = "9-12"' "$top/examples/star-sailors.json" > "$b"
	story_of "$b"
	short=$(jq .story.word_count "$BATS_TEST_TMPDIR/03.json")
	jq '.context.duration_minutes = 5 | .context.age_group = "9-12"' "$top/examples/star-sailors.json" > "$b"
	story_of "$b"
	long=$(jq .story.word_count "$BATS_TEST_TMPDIR/03.json")
	[ "$long" -gt "$short" ]
}

@test "no placeholders or template markers reach the text" {
	for f in "$top"/examples/*.json "$fixtures"/original-*.json; do
		story_of "$f"
		refute_regex "$text" '\{[ABN]\}|%[0-9]?\$?s|lorem|TODO|\(null\)'
	done
}
