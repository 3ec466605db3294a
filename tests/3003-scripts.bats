#!/usr/bin/env bats
# Every script drawn whole (issue 14): held-out briefs in Spanish, Hindi,
# Arabic and Japanese, run offline by make to finished videos, show no
# missing-glyph box on their cards, storyboard or subtitles; Arabic runs
# from the right; the subtitles are burned into their band.
bats_require_minimum_version 1.5.0
load helper

LANGS="es hi ar ja"
: "${MV_UNIT:=$top/build/unit}"

# One batch of the four briefs for the file, tiny: 320x180 at 24 fps.
setup_file() {
	local d=$BATS_FILE_TMPDIR l
	mkdir -p "$d/briefs"
	for l in $LANGS; do
		cp "$top/tests/fixtures/lang/$l.json" "$d/briefs/"
	done
	make -C "$top" --no-print-directory -j2 BIN="$MV_BIN" \
	    WORKFLOWS="$d/wf" BRIEFS="$d/briefs/*.json" batch SIZE=320x180 \
	    FPS=24 PRESET=ultrafast > "$d/out" 2> "$d/err"
	echo $? > "$d/rc"
}

setup() {
	root=$BATS_FILE_TMPDIR/wf
}

# gray FILE [N]: frame N (0) of FILE as raw 8-bit grey on stdout.
gray() {
	ffmpeg -v error -i "$1" -vf "select=eq(n\,${2:-0})" -frames:v 1 \
	    -f rawvideo -pix_fmt gray -
}

@test "the Spanish, Hindi, Arabic and Japanese briefs run offline to finished videos" {
	assert_equal "$(cat "$BATS_FILE_TMPDIR/rc")" 0
	for l in $LANGS; do
		[ -s "$root/$l/video.mp4" ] || fail "$l: no video"
		for f in titlecard.png endcard.png storyboard.png video.srt; do
			[ -s "$root/$l/$f" ] || fail "$l: no $f"
		done
		assert_equal "$(jq -r .preferences.language \
		    "$root/$l/06_final_output.json")" "$l"
	done
}

@test "the cards, the storyboard and the subtitles show every letter: no unknown glyphs" {
	[ -x "$MV_UNIT/typeset" ] || fail "$MV_UNIT/typeset: not built (make unit)"
	for l in $LANGS; do
		run "$MV_UNIT/typeset" "$root/$l/06_final_output.json"
		assert_success
		refute_output --partial 'not ok'
		# The title, theme, moral, a name, the scenes' words, every
		# subtitle and three fixed words were all asked about.
		assert_line --regexp '^1\.\.(1[6-9]|[2-9][0-9])$'
	done
}

@test "Arabic runs from the right: a name under its sheet on the storyboard sits at the cell's right" {
	# The storyboard is 1600 wide with 4 columns (16:9): the first cell
	# spans x 32 to 401, its picture ends at y 328 and its name's line
	# follows (lib/offline/illustrate.c, board_layout).
	for l in $LANGS; do
		gray "$root/$l/storyboard.png" > "$BATS_TEST_TMPDIR/$l.gray"
		run -0 python3 - "$BATS_TEST_TMPDIR/$l.gray" <<-'EOF'
		import sys
		px = open(sys.argv[1], 'rb').read()
		def ink(x0, x1):
		    return sum(px[y * 1600 + x] > 150
		               for y in range(332, 395) for x in range(x0, x1))
		print(ink(32, 124), ink(309, 401))
		EOF
		read -r left right <<< "$output"
		echo "# $l: ink at the left $left, at the right $right" >&3
		if [ "$l" = ar ]; then
			[ "$right" -gt 20 ] && [ "$left" -eq 0 ] ||
			    fail "ar: the name is not at the right"
		else
			[ "$left" -gt 20 ] && [ "$right" -eq 0 ] ||
			    fail "$l: the name is not at the left"
		fi
	done
}

@test "the subtitles are burned into their band and change nothing above it" {
	for l in $LANGS; do
		d=$root/$l
		# The first scene's segment again, without its subtitles.
		jq '.subtitles = [] | .segment = "bare"' "$d/segments/s01.json" \
		    > "$d/segments/bare.json"
		run -0 mv-assemble -g bare -d "$d"
		# A frame in the middle of the first cue, after the fade.
		n=$(jq '(.subtitles[0].start + .subtitles[0].end) / 2 * .fps |
		    floor' "$d/segments/s01.json")
		gray "$d/segments/s01.ts" "$n" > "$BATS_TEST_TMPDIR/sub"
		gray "$d/segments/bare.ts" "$n" > "$BATS_TEST_TMPDIR/bare"
		run -0 python3 - "$BATS_TEST_TMPDIR/sub" "$BATS_TEST_TMPDIR/bare" <<-'EOF'
		import sys
		a = open(sys.argv[1], 'rb').read()
		b = open(sys.argv[2], 'rb').read()
		w, h = 320, 180
		assert len(a) == len(b) == w * h, (len(a), len(b))
		def diff(y0, y1):
		    n = sum(abs(a[i] - b[i]) > 40 for i in range(y0 * w, y1 * w))
		    return n
		print(diff(int(h * 0.77), h), diff(0, int(h * 0.7)))
		EOF
		read -r band above <<< "$output"
		echo "# $l: frame $n: $band pixels changed in the band, $above above" >&3
		[ "$band" -gt 100 ] || fail "$l: no subtitle in the band"
		[ "$above" -lt 20 ] || fail "$l: the subtitles changed the picture above the band"
	done
}

@test "the cards' own words are the language's, and English with a warning for a language without its row" {
	local d=$BATS_TEST_TMPDIR l
	for l in es en nl; do
		mkdir -p "$d/$l"
		jq --arg l "$l" '.preferences.language = $l' \
		    "$root/es/05_character_descriptions.json" > "$d/$l/05.json"
		run --separate-stderr "$MV_BIN/mv-assemble" -X -s 320x180 \
		    -r 24 -d "$root/es" "$d/$l/05.json"
		assert_success
		cp "$root/es/endcard.png" "$d/$l.end.png"
		cp "$root/es/titlecard.png" "$d/$l.title.png"
		if [ "$l" = nl ]; then
			[[ $stderr == *"language 'nl': mv has no card words"* ]] ||
			    fail "nl: no warning: $stderr"
		else
			[[ $stderr != *"card words"* ]] || fail "$l: $stderr"
		fi
	done
	# Spanish words on the end card differ from English ones; a language
	# without a row gets exactly the English card.
	! cmp -s "$d/es.end.png" "$d/en.end.png"
	cmp "$d/nl.end.png" "$d/en.end.png"
	cmp "$d/nl.title.png" "$d/en.title.png"
}
