#!/usr/bin/env bats
# Subtitles timed to the words spoken, and read-along (issue 13): each cue
# starts where its first word is heard, found from the sound itself; with
# SUBTITLES=readalong every word is lit as it is spoken.
bats_require_minimum_version 1.5.0
load helper
load lib/fakeapi

# Sentences of a cue each (a cue ends at a sentence's end once half full),
# so that every cue but the first of a scene follows a pause.
STORY='The little fox ran down to the river. She saw a big green frog on a rock. The frog jumped into the cold water. Then the fox laughed and ran home again. Her mother was waiting at the door.'

setup_file() {
	local d=$BATS_FILE_TMPDIR
	unset MV_TTS MV_TTS_VOICE
	mv-analyze -o "$d/01.json" "$top/examples/little-seed.json"
	mv-research -o "$d/02.json" "$d/01.json"
	mv-story -o "$d/03.json" "$d/02.json"
	jq --arg t "$STORY" '.story.text = $t' "$d/03.json" > "$d/03t.json"
	mv-segment -o "$d/04.json" "$d/03t.json"
	mv-design -s 160x90 -d "$d/w" -o "$d/05.json" "$d/04.json"
}

setup() {
	d=$BATS_FILE_TMPDIR
	cd "$BATS_TEST_TMPDIR"
}

teardown() {
	fake_stop
}

# onsets WAV: where speech begins after each silence of 60 ms or more
# (quieter than -35 dBFS), and 0 when the clip begins with speech.
onsets() {
	ffmpeg -nostdin -v info -i "$1" -af silencedetect=noise=-35dB:d=0.06 \
	    -f null - 2>&1 | awk '/silence_start: 0$/ { s0 = 1 }
	    /silence_end/ { for (i = 1; i <= NF; i++) if ($i == "silence_end:") print $(i + 1) }
	    END { if (!s0) print 0 }' | sort -g
}

# cue_check DIR: every cue of DIR/video.srt starts within 150 ms of a
# speech onset of its scene's clip, no two cues at one onset.
cue_check() {
	local dir=$1 n s e no
	jq -r '.video.scenes[] | "\(.scene) \(.start) \(.end)"' "$dir/06.json" |
	while read -r no s e; do
		printf -v w '%s/narration/%02d.wav' "$dir" "$no"
		awk -v s="$s" -v e="$e" -F' --> ' '/-->/ {
		    split($1, a, /[:,]/); t = a[1] * 3600 + a[2] * 60 + a[3] + a[4] / 1000
		    if (t >= s - 0.001 && t < e) printf "%.3f\n", t - s }' \
		    "$dir/video.srt" > cues
		onsets "$w" > ons
		[ -s cues ] || { echo "scene $no: no cues"; return 1; }
		awk 'NR == FNR { o[++n] = $1; next }
		    { best = 9; for (i = 1; i <= n; i++) { d = $1 - o[i]; if (d < 0) d = -d
			if (d < best) { best = d; at = i } }
		      printf "# cue at %.3f s, onset %.3f s, %3.0f ms\n", $1, o[at], best * 1000
		      if (best > 0.15) bad = 1; if (used[at]++) bad = 1 }
		    END { exit bad }' ons cues || return 1
	done
}

@test "flite: each cue starts within 150 ms of its first word's onset in the sound" {
	cp -r "$d/w" w
	run -0 --separate-stderr mv-assemble -s 160x90 -d w -o w/06.json "$d/05.json"
	# flite's word times are kept beside each line's clip.
	run -0 jq -r '.words[0] | [.word, .start < .end] | @tsv' w/narration/01-01.wav.words.json
	assert_output $'The\ttrue'
	run cue_check w
	echo "$output" >&3
	assert_success
}

@test "espeak-ng: its word events put each cue within 150 ms of its onset" {
	cp -r "$d/w" w
	MV_TTS=espeak run -0 --separate-stderr mv-assemble -s 160x90 -d w -o w/06.json "$d/05.json"
	# The engine's word times, kept beside each line's clip: every word
	# of the line, in order, rising.
	run -0 jq -r '[.words[].word] | join(" ")' w/narration/01-01.wav.words.json
	assert_output "$(jq -r '.segments[0].lines[0].text' "$d/05.json")"
	run -0 jq '[.words[].start] | . == sort and .[0] < .[-1]' w/narration/01-01.wav.words.json
	assert_output true
	run cue_check w
	echo "$output" >&3
	assert_success
}

@test "elevenlabs: each cue starts at the service's time for its first word; the key is nowhere" {
	local key=xi-test-SECRET-6006e1f0
	cp -r "$d/w" w
	fake_start
	MV_TTS=elevenlabs MV_TTS_BASE_URL=$FAKE_URL ELEVENLABS_API_KEY=$key \
	    run -0 --separate-stderr mv-assemble -s 160x90 -d w -o w/06.json "$d/05.json"
	[[ $stderr != *"$key"* ]]
	run -1 grep -rlF -- "$key" w
	# The service's words, one a token of the line, as the fake timed them.
	run -0 jq -r '[.words[].word] | join(" ")' w/narration/01-01.wav.words.json
	assert_output "$(jq -r '.segments[0].lines[0].text' "$d/05.json")"
	# Every cue starts at one of its scene's word times, to the ms (the
	# fake's are not on the aligner's 10 ms frames), and at a sound onset.
	jq -r '.video.scenes[] | "\(.scene) \(.start) \(.end)"' w/06.json | while read -r no s e; do
		printf -v f 'w/narration/%02d-01.wav.words.json' "$no"
		awk -v s="$s" -v e="$e" -F' --> ' '/-->/ { split($1, a, /[:,]/)
		    t = a[1] * 3600 + a[2] * 60 + a[3] + a[4] / 1000
		    if (t >= s - 0.001 && t < e) printf "%.3f\n", t - s }' w/video.srt > cues
		jq -r '.words[].start' "$f" > starts
		awk 'NR == FNR { w[++n] = $1; next } { ok = 0
		    for (i = 1; i <= n; i++) if ($1 - w[i] < 0.0015 && w[i] - $1 < 0.0015) ok = 1
		    if (!ok) { print "cue at " $1 " is no word time"; bad = 1 } }
		    END { exit bad }' starts cues || exit 1
	done
	run cue_check w
	echo "$output" >&3
	assert_success
}

@test "SUBTITLES=readalong is remembered and lights each word as it is spoken" {
	local root=$BATS_TEST_TMPDIR/wf W=$BATS_TEST_TMPDIR/wf/t
	run -0 make -s -C "$top" --no-print-directory BIN="$MV_BIN" WORKFLOWS="$root" \
	    WORKFLOW=t INPUT="$top/examples/little-seed.json" SIZE=320x180 SUBTITLES=readalong
	run -0 cat "$W/params.mk"
	assert_line 'SUBTITLES := readalong'
	# Every cue of a scene's segment has a karaoke time a word, adding
	# up to the cue's length (to a centisecond a word).
	run -0 jq -r '.subtitles[] | [(.text | split(" ") | map(split("\n")) | flatten | length),
	    (.karaoke | length), ((((.end - .start) * 100 - (.karaoke | add)) | fabs) <= (.karaoke | length))] | @tsv' \
	    "$W/segments/s01.json"
	while IFS=$'\t' read -r words ks ok; do
		assert_equal "$ks" "$words"
		assert_equal "$ok" true
	done <<< "$output"
	# A frame mid-cue: words lit (yellow) and words still to come (white)
	# in the subtitles, and more lit later in the cue.
	# (the first cue's times in the video, from the SRT)
	read -r c0 c1 < <(awk -F' --> ' '/-->/ { split($1, a, /[:,]/); split($2, b, /[:,]/)
	    print a[3] + a[4] / 1000, b[3] + b[4] / 1000; exit }' "$W/video.srt")
	colours() {	# colours T: yellow and white pixels of the subtitles at T s
		ffmpeg -nostdin -v error -ss "$1" -i "$W/video.mp4" -frames:v 1 \
		    -vf crop=iw:ih/4:0:ih*3/4 -f rawvideo -pix_fmt rgb24 - |
		    python3 -c 'import sys
b = sys.stdin.buffer.read()
px = [b[i:i + 3] for i in range(0, len(b), 3)]
# Small type is mostly edges: a pixel counts by its hue, yellow (the
# colour of words spoken, &H0000E5FF) or a light grey to white.
y = sum(1 for p in px if p[0] > 150 and p[1] > 130 and p[0] - p[2] > 90)
w = sum(1 for p in px if min(p) > 170 and max(p) - min(p) < 40)
print(y, w)'
	}
	t1=$(jq -n "$c0 + ($c1 - $c0) * 0.3")
	t2=$(jq -n "$c0 + ($c1 - $c0) * 0.9")
	read -r y1 w1 < <(colours "$t1")
	read -r y2 w2 < <(colours "$t2")
	echo "# lit at 30%: $y1 yellow, $w1 white; at 90%: $y2 yellow, $w2 white" >&3
	[ "$y1" -gt 5 ]
	[ "$w1" -gt 5 ]
	[ "$y2" -gt "$y1" ]
	[ "$w2" -lt "$w1" ]
	# Without the setting, remembered: nothing changes, nothing runs.
	run -0 --separate-stderr make -s -C "$top" --no-print-directory BIN="$MV_BIN" \
	    WORKFLOWS="$root" WORKFLOW=t
	refute_output --partial 'mv-'
}
