#!/usr/bin/env bats
# mv-design: consistent characters, prompts and a picture per scene.
bats_require_minimum_version 1.5.0
load helper

setup() {
	d=$BATS_TEST_TMPDIR
	mv-analyze "$top/examples/star-sailors.json" | mv-research | mv-story |
	    mv-segment > "$d/04.json"
}

# png_size FILE: prints WIDTHxHEIGHT from the PNG header.
png_size() {
	local w h
	w=$(od -An -tu1 -j16 -N4 "$1" | awk '{ print $1*16777216 + $2*65536 + $3*256 + $4 }')
	h=$(od -An -tu1 -j20 -N4 "$1" | awk '{ print $1*16777216 + $2*65536 + $3*256 + $4 }')
	echo "${w}x$h"
}

@test "one PNG per scene at the requested size, paths relative to the folder" {
	run -0 --separate-stderr mv-design -d "$d/out" -s 320x180 "$d/04.json"
	echo "$output" > "$d/05.json"
	n=$(jq '.segments | length' "$d/05.json")
	assert_equal "$(jq '.scenes | length' "$d/05.json")" "$n"
	for img in $(jq -r '.scenes[].image' "$d/05.json"); do
		assert_regex "$img" '^scenes/[0-9][0-9]\.png$'
		assert_equal "$(head -c 8 "$d/out/$img" | od -An -c | tr -d ' ')" '211PNG\r\n032\n'
		assert_equal "$(png_size "$d/out/$img")" 320x180
	done
}

@test "the asset folder defaults to the output file's folder" {
	mkdir "$d/w"
	run -0 mv-design -s 160x90 -o "$d/w/05.json" "$d/04.json"
	[ -f "$d/w/scenes/01.png" ]
	assert_equal "$(jq -r '.scenes[0].image' "$d/w/05.json")" scenes/01.png
}

@test "every character has a look, a colour of its own and a body" {
	run -0 mv-design -d "$d/out" -s 160x90 "$d/04.json"
	run jq -e '.characters | length == 4 and all(.look != null and .body != null and .palette.color != null)' <<<"$output"
	assert_success
	run -0 mv-design -d "$d/out" -s 160x90 "$d/04.json"
	run jq -e '[.characters[].palette.color] | unique | length == 4' <<<"$output"
	assert_success
}

@test "each scene prompt carries the looks of the characters in it" {
	mv-design -d "$d/out" -s 160x90 -o "$d/05.json" "$d/04.json"
	run jq -e '. as $s | [$s.scenes[] as $sc | $s.characters[] | select(.name as $n | $sc.characters | index($n) != null) | .look as $l | $sc.prompt | contains($l)] | length > 0 and all' "$d/05.json"
	assert_success
	run jq -e 'all(.scenes[]; .prompt | contains("cartoon"))' "$d/05.json"
	assert_success
}

@test "pictures are deterministic and differ between scenes" {
	mv-design -d "$d/a" -s 320x180 "$d/04.json" > /dev/null
	mv-design -d "$d/b" -s 320x180 "$d/04.json" > /dev/null
	for p in "$d"/a/scenes/*.png; do
		cmp "$p" "$d/b/scenes/${p##*/}"
	done
	run cmp -s "$d/a/scenes/01.png" "$d/a/scenes/02.png"
	assert_failure
}

@test "a bad size is a usage error" {
	for s in 100 0x0 321x180 99999x99999 320x180x1; do
		run -2 --separate-stderr mv-design -s "$s" "$d/04.json"
		assert_regex "${stderr_lines[0]}" "^mv-design: -s '$s': expected WIDTHxHEIGHT"
	done
}

@test "an unwritable asset folder is a clear error" {
	touch "$d/file"
	run -1 --separate-stderr mv-design -d "$d/file" "$d/04.json"
	assert_regex "$stderr" "^mv-design: '$d/file/scenes': cannot create folder: Not a directory"
}
