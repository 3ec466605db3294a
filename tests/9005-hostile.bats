#!/usr/bin/env bats
# Hostile input, from the table in tests/hostile/cases: each case gets
# exit 1 and exactly its one line (file, field, what was expected), and
# nothing already made is lost or half-written.
bats_require_minimum_version 1.5.0
load helper

setup_file() {
	local base=$BATS_FILE_TMPDIR/base
	states_to "$base" "$top/examples/little-seed.json"
	cp "$top/examples/little-seed.json" "$base/brief.json"
	python3 "$top/tests/hostile/gen.py" "$base" "$BATS_FILE_TMPDIR/in"
}

# cases: the table without its comments, one case a line.
cases() {
	grep -v '^#' "$top/tests/hostile/cases" | grep .
}

@test "the table and the generator agree: every case has an input, every input a case" {
	diff <(cases | cut -f1 | sort) \
	    <(cd "$BATS_FILE_TMPDIR/in" && ls | sed 's/\.in$//' | sort)
}

@test "every hostile input gets exit 1 and its one line, and nothing made before is lost" {
	local name prog want d got rc bad=0 n=0
	while IFS=$'\t' read -r name prog want; do
		n=$((n + 1))
		d=$BATS_TEST_TMPDIR/$name
		mkdir -p "$d"
		# The pictures and clips of the run before, and an earlier
		# output that must survive.
		cp -r "$BATS_FILE_TMPDIR/base/scenes" "$BATS_FILE_TMPDIR/base/narration" "$d/" 2> /dev/null || :
		echo '{"earlier": true}' > "$d/out.json"
		rc=0
		# shellcheck disable=SC2086
		got=$(timeout 60 $prog -o "$d/out.json" "$BATS_FILE_TMPDIR/in/$name.in" 2>&1 > /dev/null) || rc=$?
		want=${want//FILE/$BATS_FILE_TMPDIR/in/$name.in}
		if [ "$rc" -ne 1 ] || [ "$got" != "$want" ]; then
			echo "# $name: exit $rc"
			echo "#   got:  $got"
			echo "#   want: $want"
			bad=1
		fi
		if [ "$(cat "$d/out.json")" != '{"earlier": true}' ]; then
			echo "# $name: the earlier output changed"
			bad=1
		fi
		if [ -n "$(leftover_temps "$d")" ]; then
			echo "# $name: temp files left: $(leftover_temps "$d")"
			bad=1
		fi
	done < <(cases)
	echo "# $n cases" >&3
	[ "$bad" -eq 0 ]
}

@test "hostile input never costs a program more than 64 MB" {
	[[ $MV_BIN != */san/* ]] || skip "sanitizers reserve memory of their own"
	local name prog want kb worst=0 bad=0
	while IFS=$'\t' read -r name prog want; do
		# shellcheck disable=SC2086
		kb=$(/usr/bin/time -f %M $prog -o "$BATS_TEST_TMPDIR/out.json" \
		    "$BATS_FILE_TMPDIR/in/$name.in" 2>&1 > /dev/null | tail -n 1)
		[ "$kb" -le "$worst" ] || worst=$kb
		if [ "$kb" -gt 65536 ]; then
			echo "# $name: $kb kB"
			bad=1
		fi
	done < <(cases)
	echo "# the most any case took: $worst kB" >&3
	[ "$bad" -eq 0 ]
}

@test "symbolic links are not followed out of the asset folder" {
	cd "$BATS_TEST_TMPDIR"
	SIZE=160x90 states_to s "$top/examples/little-seed.json"
	mkdir outside w
	# A scenes folder that leads out: refused before anything is drawn.
	ln -s "$PWD/outside" w/scenes
	run -1 mv-design -s 160x90 -o w/05.json s/04.json
	assert_output --regexp "^mv-design: 'w/scenes': a symbolic link out of the asset folder, to '/.*/outside' \(mv follows no link out of '/.*/w'\)$"
	[ -z "$(ls outside)" ] && [ ! -e w/05.json ]
	# A picture that is a link out, even to a good picture: refused
	# before a sound is made or a file written.
	rm w/scenes
	cp -r s/scenes w/
	cp s/05.json w/05.json
	ln -sf "$PWD/s/scenes/02.png" w/scenes/02.png
	run -1 mv-assemble -s 160x90 -o w/06.json w/05.json
	assert_output --regexp "^mv-assemble: 'w/scenes/02.png': a symbolic link out of the asset folder"
	assert_equal "$(ls w)" "$(printf '05.json\nscenes')"
	# One that leads nowhere is refused too.
	ln -sf "$PWD/nothing" w/scenes/02.png
	run -1 mv-assemble -s 160x90 -o w/06.json w/05.json
	assert_output --partial "'w/scenes/02.png': a symbolic link that leads nowhere"
}

@test "an empty narration clip is named, exit 1, and the sound made before is kept" {
	cd "$BATS_TEST_TMPDIR"
	SIZE=160x90 states_to s "$top/examples/little-seed.json"
	for n in $(jq '.segments[].scene' s/05.json); do
		mv-assemble -n "$n" -d s s/05.json
	done
	mkdir -p s/segments
	echo "an earlier sound" > s/segments/audio.m4a
	# (a scene's clip is its lines' joined again: a line's is named)
	: > s/narration/02-01.wav
	for mode in -X -A; do
		run -1 --separate-stderr mv-assemble "$mode" -d s s/05.json
		assert_equal "$stderr" "mv-assemble: scene 2: 's/narration/02-01.wav': not a RIFF/WAVE file (make it again: remove it and resume)"
	done
	assert_equal "$(cat s/segments/audio.m4a)" "an earlier sound"
	assert_equal "$(leftover_temps s)" ""
}
