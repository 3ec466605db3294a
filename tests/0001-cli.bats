#!/usr/bin/env bats
# Common command-line behaviour of every program.
bats_require_minimum_version 1.5.0
load helper

@test "every program prints its usage on stdout for -h and --help and exits 0" {
	for t in $TOOLS; do
		run -0 --separate-stderr "$t" -h
		assert_output --regexp "^usage: $t \[-[A-Za-z]*h[A-Za-z]*\]"
		assert_equal "$stderr" ""
		run -0 --separate-stderr "$t" --help
		assert_output --regexp "^usage: $t "
	done
}

@test "every program prints its name and version for --version" {
	version=$(cat "$top/VERSION")
	for t in $TOOLS; do
		run -0 --separate-stderr "$t" --version
		assert_output "$t $version"
	done
}

@test "a bad option is reported on stderr with the usage and exit status 2" {
	for t in $TOOLS; do
		run -2 --separate-stderr "$t" -Z
		assert_output ""
		assert_equal "${stderr_lines[0]}" "$t: unknown option: '-Z'"
		assert_regex "${stderr_lines[1]}" "^usage: $t "
		run -2 --separate-stderr "$t" --bogus
		assert_equal "${stderr_lines[0]}" "$t: unknown option: '--bogus'"
	done
}

@test "an option without its argument is a usage error" {
	for t in $TOOLS; do
		run -2 --separate-stderr "$t" -o
		assert_equal "${stderr_lines[0]}" "$t: option requires an argument: '-o'"
	done
}

@test "more than one operand is a usage error" {
	for t in $TOOLS; do
		run -2 --separate-stderr "$t" a.json b.json
		assert_equal "${stderr_lines[0]}" "$t: too many operands"
	done
}

@test "malformed JSON names the file and line:column and does not echo the document" {
	printf '{\n  "context": {"theme": "secret-words-here",\n  "x" 1}\n' \
	    > "$BATS_TEST_TMPDIR/bad.json"
	for t in $TOOLS; do
		run -1 --separate-stderr "$t" "$BATS_TEST_TMPDIR/bad.json"
		assert_output ""
		assert_regex "$stderr" "^$t: '$BATS_TEST_TMPDIR/bad.json':3:[0-9]+: "
		refute_regex "$stderr" "secret-words-here"
		assert_equal "${#stderr_lines[@]}" 1
	done
}

@test "malformed JSON on stdin is named <stdin>" {
	run -1 --separate-stderr mv-story <<<'{"format": 1,'
	assert_regex "$stderr" "^mv-story: '<stdin>':[0-9]+:[0-9]+: "
}

@test "a missing input file is an error naming the file" {
	for t in $TOOLS; do
		run -1 --separate-stderr "$t" "$BATS_TEST_TMPDIR/nope.json"
		assert_equal "$stderr" "$t: '$BATS_TEST_TMPDIR/nope.json': cannot open: No such file or directory"
	done
}

@test "input that is not UTF-8, or holds a NUL byte, is refused with its position" {
	printf '{"context":\n {"theme": "caf\xe9"}}' > "$BATS_TEST_TMPDIR/latin1.json"
	run -1 --separate-stderr mv-analyze "$BATS_TEST_TMPDIR/latin1.json"
	assert_equal "$stderr" "mv-analyze: '$BATS_TEST_TMPDIR/latin1.json':2:16: invalid UTF-8"
	printf '{"a":\n"x\0y"}' > "$BATS_TEST_TMPDIR/nul.json"
	run -1 --separate-stderr mv-analyze "$BATS_TEST_TMPDIR/nul.json"
	assert_equal "$stderr" "mv-analyze: '$BATS_TEST_TMPDIR/nul.json':2:3: NUL byte in input"
}

@test "two JSON documents, an empty file and a top-level array are refused" {
	echo '{} {}' > "$BATS_TEST_TMPDIR/two.json"
	run -1 --separate-stderr mv-story "$BATS_TEST_TMPDIR/two.json"
	assert_regex "$stderr" "more than one JSON document"
	: > "$BATS_TEST_TMPDIR/empty.json"
	run -1 --separate-stderr mv-story "$BATS_TEST_TMPDIR/empty.json"
	assert_regex "$stderr" "empty input, expected a JSON object"
	echo '[1]' > "$BATS_TEST_TMPDIR/arr.json"
	run -1 --separate-stderr mv-story "$BATS_TEST_TMPDIR/arr.json"
	assert_regex "$stderr" "expected a JSON object at the top level, got array"
}

@test "a step given a brief instead of a state says what it expected" {
	run -1 --separate-stderr mv-story "$top/examples/little-seed.json"
	assert_regex "$stderr" "^mv-story: '.*little-seed.json': format: missing, expected a number"
}

@test "a state from a later format version is refused" {
	echo '{"format": 2}' > "$BATS_TEST_TMPDIR/future.json"
	for t in mv-research mv-story mv-segment mv-design mv-assemble; do
		run -1 --separate-stderr "$t" "$BATS_TEST_TMPDIR/future.json"
		assert_regex "$stderr" "format: expected version 1 or older, got 2 \(made by a newer mv\?\)"
	done
}

@test "a step run before the one it needs names the missing step" {
	echo '{"format": 1}' > "$BATS_TEST_TMPDIR/bare.json"
	run -1 --separate-stderr mv-research "$BATS_TEST_TMPDIR/bare.json"
	assert_regex "$stderr" "search_queries: missing \(run mv-analyze first\)"
	run -1 --separate-stderr mv-design "$BATS_TEST_TMPDIR/bare.json"
	assert_regex "$stderr" "context: missing \(run mv-analyze first\)"
}

@test "a failing step leaves the existing output untouched and no temp file" {
	d=$BATS_TEST_TMPDIR
	echo 'old' > "$d/out.json"
	echo '{"format": 1}' > "$d/bare.json"
	for t in mv-research mv-story mv-segment mv-design mv-assemble; do
		run -1 "$t" -o "$d/out.json" "$d/bare.json"
		assert_equal "$(cat "$d/out.json")" "old"
	done
	assert_equal "$(leftover_temps "$d")" ""
}

@test "an unknown provider is refused with the valid ones" {
	MV_LLM=gpt run -1 --separate-stderr mv-story "$top/examples/little-seed.json"
	assert_equal "$stderr" "mv-story: MV_LLM: 'gpt': expected offline or openai"
}

@test "the same input gives byte-identical states when SOURCE_DATE_EPOCH is set" {
	export SOURCE_DATE_EPOCH=1700000000
	states_to "$BATS_TEST_TMPDIR/a" "$top/examples/honest-fox.json"
	states_to "$BATS_TEST_TMPDIR/b" "$top/examples/honest-fox.json"
	for f in 01 02 03 04 05; do
		cmp "$BATS_TEST_TMPDIR/a/$f.json" "$BATS_TEST_TMPDIR/b/$f.json"
	done
	for p in "$BATS_TEST_TMPDIR"/a/scenes/*.png; do
		cmp "$p" "$BATS_TEST_TMPDIR/b/scenes/${p##*/}"
	done
	run jq -r '.log[0].started' "$BATS_TEST_TMPDIR/a/05.json"
	assert_output "2023-11-14T22:13:20Z"
}

@test "SIGINT while a step writes leaves the old output intact and no temp files" {
	d=$BATS_TEST_TMPDIR
	states_to "$d" "$top/examples/star-sailors.json"
	cp "$d/05.json" "$d/keep.json"
	cp "$d/05.json" "$d/out.json"
	# A large picture size makes the drawing slow enough to interrupt.
	mv-design -s 7680x4320 -d "$d/big" -o "$d/out.json" "$d/04.json" &
	pid=$!
	seen=
	for i in $(seq 200); do
		seen=$(find "$d/big" -name '.*.tmp.*' 2>/dev/null || true)
		[ -n "$seen" ] && break
		sleep 0.05
	done
	assert [ -n "$seen" ]
	kill -INT "$pid"
	st=0
	wait "$pid" || st=$?
	assert_equal "$st" 130
	cmp "$d/keep.json" "$d/out.json"
	assert_equal "$(leftover_temps "$d")" ""
}

@test "data goes to stdout only, so the programs pipe into each other" {
	run -0 --separate-stderr bash -c "mv-analyze '$top/examples/little-seed.json' | mv-research | mv-story | mv-segment"
	assert_equal "$(jq -r '.format' <<<"$output")" 1
	assert_equal "$(jq -r '[.log[].program] | join(" ")' <<<"$output")" "mv-analyze mv-research mv-story mv-segment"
}
