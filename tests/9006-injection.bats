#!/usr/bin/env bats
# No injection: a brief whose names, title, setting, plot and moral are
# full of quotes, backslashes, colons, semicolons, brackets, %, $(...),
# backticks, braces, HTML and ASS override tags goes through the whole
# pipeline under make, from a brief file, with a music file and a
# remembered setting whose names are as hostile. Everything must reach
# the subtitle files, the burned-in subtitles' ASS script and the MP4's
# metadata as the literal text, never a command line; nothing may run.
bats_require_minimum_version 1.5.0
load helper

setup_file() {
	local d=$BATS_FILE_TMPDIR bin=$BATS_FILE_TMPDIR/bin real

	mkdir -p "$bin" "$d/ass" "$d/in"
	# Every FFmpeg run logs its arguments, one a line, then runs for real;
	# one that burns subtitles keeps a copy of the ASS script it reads
	# (named by its segment). FFmpeg is the only program mv runs with
	# text in hand: flite and espeak-ng speak in process.
	real=$(command -v ffmpeg)
	cat > "$bin/ffmpeg" <<EOF
#!/bin/sh
printf '%s\n' "\$@" >> "$d/args"
for a; do
	case \$a in
	ass=shaping=complex:filename=*)
		cp -- "\${a#ass=shaping=complex:filename=}" "$d/ass/" ;;
	esac
done
exec "$real" "\$@"
EOF
	chmod +x "$bin/ffmpeg"
	export PATH=$bin:$PATH

	BRIEF="$d/in/a brief 'q' \"d\" \$(touch CANARY5) \`touch CANARY6\` ;#%.json"
	MUSIC="$d/in/music 'x' \$(touch CANARY7) %:#.wav"
	cp "$top/tests/fixtures/injection.json" "$BRIEF"
	ffmpeg -v error -f lavfi -i "sine=f=440:d=3" -ac 2 "$MUSIC"
	: > "$d/args"
	STYLE="it's \$(touch CANARY8) \`touch CANARY9\` #x"
	cd "$d"
	# espeak-ng (asked for, as flite is the default) speaks the brief's
	# hostile text in process.
	make -s -C "$top" --no-print-directory BIN="$MV_BIN" MV_TTS=espeak \
	    WORKFLOWS="$d/wf" WORKFLOW=inj INPUT="$BRIEF" SIZE=160x90 \
	    CROSSFADE=0.25 MUSIC="$MUSIC" MV_IMAGE_STYLE="$STYLE" \
	    2> "$d/err" || { cat "$d/err" >&3; return 1; }
	export BRIEF MUSIC STYLE
}

setup() {
	d=$BATS_FILE_TMPDIR
	W=$d/wf/inj
}

# srt_cues FILE: each cue's text on one line (its lines joined by a space).
srt_cues() {
	awk 'BEGIN { RS = ""; FS = "\n" } { t = $3; for (i = 4; i <= NF; i++) t = t " " $i; print t }' "$1"
}

# vtt_cues FILE: the same for WebVTT (no cue numbers, a header first).
vtt_cues() {
	awk 'BEGIN { RS = ""; FS = "\n" } NR > 1 { t = $2; for (i = 3; i <= NF; i++) t = t " " $i; print t }' "$1"
}

# narrations: every scene's narration, white space squeezed, as one line.
narrations() {
	jq -r '[.segments[].narration] | join(" ")' "$W/06_final_output.json" |
	    tr -s ' \n\t' '   ' | sed 's/ $//'
}

@test "the run made the video, and nothing in any name or text ran" {
	[ -s "$W/video.mp4" ]
	cmp "$top/tests/fixtures/injection.json" "$W/00_input.json"
	run find "$top" "$d" "$HOME" -maxdepth 4 -name 'CANARY*'
	assert_output ""
	assert_equal "$(leftover_temps "$W")" ""
}

@test "the texts reach the states as typed" {
	run -0 jq -r '.context.characters[].name' "$W/01_validated_context.json"
	assert_output "$(jq -r '.context.characters[].name' "$top/tests/fixtures/injection.json")"
	run -0 jq -r .story.title "$W/06_final_output.json"
	assert_output --partial 'Ru"by'"'"'s \N {\an8}, O'"'"'li$(touch CANARY3)ver and P;i,p [x]=%s `touch CANARY4`'
	[[ $(narrations) == *'{\fs80}wins\N & <b>lasts</b> 100%.'* ]]
}

@test "the SRT shows every word as typed, markup defused with an invisible word joiner" {
	wj=$'\u2060'
	# Without the joiners, the cues are the narration word for word.
	assert_equal "$(srt_cues "$W/video.srt" | sed "s/$wj//g" | paste -sd' ')" "$(narrations)"
	# With them, no tag or override is left for a player to read.
	run grep -cE '<[a-z/]|\{\\|-->.*-->|[^0-9] --> ' "$W/video.srt"
	assert_output 0
	grep -qF "{$wj\\an8}" "$W/video.srt"
	grep -qF "<${wj}b>lasts<$wj/b>" "$W/video.srt"
}

@test "the WebVTT file has the same cues with <, > and & as entities" {
	assert_equal "$(vtt_cues "$W/video.vtt" | sed 's/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g' | paste -sd' ')" "$(narrations)"
	assert_equal "$(srt_cues "$W/video.srt" | grep -c .)" "$(vtt_cues "$W/video.vtt" | grep -c .)"
	assert_equal "$(vtt_cues "$W/video.vtt" | grep -c '[<>]')" 0
	grep -qF '&lt;b&gt;lasts&lt;/b&gt;' "$W/video.vtt"
}

@test "the burned-in subtitles' ASS script holds the same cues, escaped for libass" {
	n=$(jq '.segments | length' "$W/06_final_output.json")
	assert_equal "$(ls -A "$d/ass" | wc -l)" "$n"
	# Dialogue texts in segment order, unescaped: a backslash is written
	# with a word joiner after it, braces as \{ and \}, line breaks \N.
	got=$(for f in $(ls -A "$d/ass" | sort); do
		grep '^Dialogue:' "$d/ass/$f" | cut -d, -f10-
	done | perl -pe 's/\\\x{e2}\x{81}\x{a0}/\x00/g; s/\\N/ /g; s/\\\{/{/g; s/\\\}/}/g; s/\x00/\\/g')
	assert_equal "$(paste -sd' ' <<<"$got")" "$(narrations)"
	# What is left unescaped can't be an override: no "{" without "\"
	# before it, and every backslash but the escapes has the joiner.
	run bash -c "cat '$d'/ass/.* 2>/dev/null | grep '^Dialogue:' | cut -d, -f10- | perl -ne 'print if /(?<!\\\\)[{}]/ || /\\\\(?![{}N]|\xe2\x81\xa0)/'"
	assert_output ""
}

@test "the MP4's title, comment and chapters are the literal texts" {
	run -0 ffprobe -v error -show_entries format_tags=title,comment -of json "$W/video.mp4"
	assert_equal "$(jq -r .format.tags.title <<<"$output")" "$(jq -r .story.title "$W/06_final_output.json")"
	assert_equal "$(jq -r .format.tags.comment <<<"$output")" "The moral of the story: $(jq -r .context.moral_lesson "$W/06_final_output.json")"
	run -0 ffprobe -v error -show_chapters -of json "$W/video.mp4"
	n=$(jq '.segments | length' "$W/06_final_output.json")
	assert_equal "$(jq '.chapters | length' <<<"$output")" "$n"
	for i in $(seq 0 $((n - 1))); do
		t=$(jq -r ".chapters[$i].tags.title" <<<"$output")
		s=$(jq -r ".segments[$i].narration" "$W/06_final_output.json" | tr -s ' \n' '  ')
		[[ $t == "Scene $((i + 1)): "* ]] || fail "chapter $i: $t"
		t=${t#Scene $((i + 1)): }
		t=${t%...}
		[[ $s == "$t"* ]] || fail "chapter $i: '$t' does not start '$s'"
	done
}

@test "no text of the brief is ever an argument of FFmpeg" {
	[ -s "$d/args" ]
	for s in CANARY1 CANARY3 CANARY4 'Ru"by' an8 fs80 '<b>' 'li$(' '[x]=%s' 'quiet'; do
		run grep -cF -- "$s" "$d/args"
		assert_output 0
	done
	# The music file reaches FFmpeg as one argument, as named.
	grep -qxF -- "$MUSIC" "$d/args"
}

@test "the hostile setting is remembered as typed and a second run does nothing" {
	run -0 cat "$W/params.mk"
	assert_output --partial 'MV_IMAGE_STYLE := it'"'"'s $$(touch CANARY8) `touch CANARY9` \#x'
	: > "$d/args"
	run -0 --separate-stderr make -s -C "$top" --no-print-directory \
	    BIN="$MV_BIN" WORKFLOWS="$d/wf" WORKFLOW=inj INPUT="$BRIEF"
	refute_output --partial 'mv-'
	assert_equal "$(cat "$d/args")" ""
	run find "$top" "$d" -maxdepth 4 -name 'CANARY*'
	assert_output ""
}
