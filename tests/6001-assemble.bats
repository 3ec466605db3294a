#!/usr/bin/env bats
# mv-assemble: narration, the video, its subtitles and the end card.
bats_require_minimum_version 1.5.0
load helper

# The default render of little-seed, made once for the file by the whole
# chain piped by hand (its input state kept with tee), and the same with
# -S, which several tests look at without changing them.
setup_file() {
	local d=$BATS_FILE_TMPDIR/seed p=$BATS_FILE_TMPDIR/plain
	mkdir -p "$d" "$p"
	mv-analyze "$top/examples/little-seed.json" | mv-research | mv-story |
	    mv-segment | mv-design -s "$SIZE" -d "$d" | tee "$d/05.json" |
	    mv-assemble -d "$d" > "$d/final.json"
	cp -r "$d/05.json" "$d/scenes" "$p/"
	mv-assemble -S -o "$p/06.json" "$p/05.json"
}

# two_scenes DIR: DIR/05.json cut to its first two scenes, for the tests
# whose checks hold scene by scene (a shorter video to render).
two_scenes() {
	jq '.segments |= .[:2] | .scenes |= .[:2]' "$1/05.json" > "$1/two.json"
	mv "$1/two.json" "$1/05.json"
}

# probe FILE ENTRIES: ffprobe's values, one per line.
probe() {
	ffprobe -v error -show_entries "$2" "${@:3}" -of default=nw=1:nk=1 "$1"
}

@test "the piped run renders a video whose streams and length ffprobe confirms" {
	d=$BATS_FILE_TMPDIR/seed
	f=$d/final.json
	[ -s "$d/video.mp4" ]
	# Video, sound, and the chapters' text track.
	assert_equal "$(probe "$d/video.mp4" stream=codec_type,codec_name | paste -sd' ')" "h264 video aac audio bin_data data"
	assert_equal "$(probe "$d/video.mp4" stream=width,height,pix_fmt,r_frame_rate -select_streams v | paste -sd' ')" "320 180 yuv420p 30/1"
	assert_equal "$(probe "$d/video.mp4" stream=sample_rate -select_streams a)" 48000
	# Duration = the title card + the narration clips + the end card,
	# within one frame per scene.
	n=$(jq '.narration | length' "$f")
	want=$(jq '[.narration[].seconds] | add + 3 + 3' "$f")
	got=$(probe "$d/video.mp4" format=duration)
	awk -v g="$got" -v w="$want" -v n="$n" 'BEGIN { d = g - w; if (d < 0) d = -d; exit !(d <= (n + 1) / 30) }'
	vdur=$(probe "$d/video.mp4" stream=duration -select_streams v)
	awk -v g="$vdur" -v w="$(jq .video.duration "$f")" 'BEGIN { d = g - w; if (d < 0) d = -d; exit !(d < 0.034) }'
	# Each clip really is as long as the state says.
	for i in $(seq "$n"); do
		wav=$d/$(jq -r ".narration[$((i - 1))].audio" "$f")
		s=$(probe "$wav" format=duration)
		awk -v a="$s" -v b="$(jq ".narration[$((i - 1))].seconds" "$f")" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d < 0.01) }'
	done
}

@test "the video starts with faststart and records its facts in the state" {
	d=$BATS_FILE_TMPDIR/seed
	f=$d/final.json
	assert_equal "$(jq -r '.video | [.path, .subtitles, .width, .height, .fps] | join(" ")' "$f")" "video.mp4 video.srt 320 180 30"
	assert_equal "$(jq .video.bytes "$f")" "$(stat -c %s "$d/video.mp4")"
	# moov before mdat: the file plays while it downloads.
	head -c 100000 "$d/video.mp4" | grep -q moov
	# The scenes follow the title card and each other without a gap.
	run jq -e '.video as $v | ($v.scenes[0].start == $v.title_card.end) and ([range(1; $v.scenes | length)] | all($v.scenes[.].start == $v.scenes[. - 1].end)) and ($v.scenes[-1].end == $v.end_card.start)' "$f"
	assert_success
	[ -s "$d/titlecard.png" ]
	run jq -e '[.video.scenes[] | .end - .start] | all(. > 0)' "$f"
	assert_success
	run jq -e '.video.end_card.end == .video.duration and (.video.end_card.end - .video.end_card.start) == 3' "$f"
	assert_success
}

@test "the subtitles: short cues of at most two lines, timed within their scene's narration, as SRT and WebVTT" {
	d=$BATS_TEST_TMPDIR/out
	SIZE=128x72 states_to "$d" "$top/examples/honest-fox.json"
	# (What is tested here is the same at any size, burned in or not.)
	mv-assemble -S -s 128x72 -o "$d/06.json" "$d/05.json"
	n=$(jq '.segments | length' "$d/06.json")
	cues=$(grep -c -- ' --> ' "$d/video.srt")
	[ "$cues" -gt "$n" ]
	assert_equal "$(head -1 "$d/video.vtt")" WEBVTT
	assert_equal "$(grep -c -- ' --> ' "$d/video.vtt")" "$cues"
	# At most two lines a cue, at most 42 characters a line.
	run awk 'BEGIN { RS = ""; FS = "\n" } NF > 4 { print "cue " $1 " has " NF - 2 " lines" }' "$d/video.srt"
	assert_output ""
	export LC_ALL=C.UTF-8
	while IFS= read -r line; do
		[ "${#line}" -le 42 ] || fail "line too long: $line"
	done < "$d/video.srt"
	# The words of the cues are the words of the story, in order.
	run bash -c "grep -v -e ' --> ' -e '^[0-9]*\$' '$d/video.srt' | tr -s ' \n' '\n\n' | grep -v '^\$' | diff - <(jq -r .story.text '$d/06.json' | tr -s ' \n' '\n\n' | grep -v '^\$')"
	assert_success
	# Cues run in order without overlap, each inside the narration of a
	# scene (from its start for the length of its clip).
	awk -F' --> ' '/ --> / { split($1, a, /[:,]/); split($2, b, /[:,]/);
	    printf "%.3f %.3f\n", a[1]*3600+a[2]*60+a[3]+a[4]/1000, b[1]*3600+b[2]*60+b[3]+b[4]/1000 }' \
	    "$d/video.srt" > "$d/cues"
	jq -r '[.video.scenes, .narration] | transpose[] | "\(.[0].start) \([.[0].start + .[1].seconds, .[0].end] | min)"' \
	    "$d/06.json" > "$d/spans"
	run awk 'NR == FNR { s[NR] = $1; e[NR] = $2; ns = NR; next }
	    { if ($1 < last - 0.0015 || $2 < $1) bad++; last = $2; inside = 0
	      for (i = 1; i <= ns; i++)
	        if ($1 >= s[i] - 0.0015 && $2 <= e[i] + 0.0015) inside = 1
	      if (!inside) bad++ }
	    END { exit bad }' "$d/spans" "$d/cues"
	assert_success
	# Every scene's narration is covered from its first word (heard
	# within half a second of its start) to its end.
	run awk 'function abs(x) { return x < 0 ? -x : x }
	    NR == FNR { c[NR] = $0; nc = NR; next }
	    { fs = fe = 0
	      for (i = 1; i <= nc; i++) { split(c[i], v, " ")
	        if (v[1] > $1 - 0.0015 && v[1] < $1 + 0.5) fs = 1
	        if (abs(v[2] - $2) < 0.0015) fe = 1 }
	      if (!fs || !fe) { print "scene span " $0 " not covered"; bad++ } }
	    END { exit bad }' "$d/cues" "$d/spans"
	assert_success
}

@test "without narration the scenes keep their planned length and the audio is silent" {
	d=$BATS_TEST_TMPDIR/out
	jq '.preferences.narration = false' "$top/examples/little-seed.json" > "$BATS_TEST_TMPDIR/b.json"
	states_to "$d" "$BATS_TEST_TMPDIR/b.json"
	two_scenes "$d"
	run -0 mv-assemble -o "$d/06.json" "$d/05.json"
	assert_equal "$(jq '.segments | length' "$d/06.json")" 2
	[ ! -e "$d/narration" ]
	run jq -e '[.narration[].seconds] == [.segments[].seconds]' "$d/06.json"
	assert_success
	run bash -c "ffmpeg -v error -i '$d/video.mp4' -af volumedetect -f null - 2>&1 >/dev/null; ffmpeg -i '$d/video.mp4' -af volumedetect -f null - 2>&1 | grep max_volume"
	assert_output --partial "max_volume: -91"
}

@test "a frame rate and size can be chosen" {
	d=$BATS_TEST_TMPDIR/out
	states_to "$d" "$top/examples/little-seed.json"
	two_scenes "$d"
	run -0 mv-assemble -r 25 -s 256x144 -o "$d/06.json" "$d/05.json"
	assert_equal "$(probe "$d/video.mp4" stream=width,height,r_frame_rate -select_streams v | paste -sd' ')" "256 144 25/1"
	run -2 --separate-stderr mv-assemble -r 7 "$d/05.json"
	assert_equal "${stderr_lines[0]}" "mv-assemble: -r '7': expected a frame rate of 24, 25, 30, 48, 50 or 60"
	run -2 mv-assemble -r 30fps "$d/05.json"
}

@test "an image path that leaves the asset folder is refused before anything is written" {
	d=$BATS_TEST_TMPDIR/out
	states_to "$d" "$top/examples/little-seed.json"
	jq '.scenes[1].image = "../../etc/passwd"' "$d/05.json" > "$d/evil.json"
	run -1 --separate-stderr mv-assemble -o "$d/06.json" "$d/evil.json"
	assert_equal "$stderr" "mv-assemble: '$d/evil.json': scenes[1].image: expected a relative path inside the asset folder, got '../../etc/passwd'"
	[ ! -e "$d/06.json" ]
	[ ! -e "$d/video.mp4" ]
}

@test "a missing picture names the scene and the file" {
	d=$BATS_TEST_TMPDIR/out
	states_to "$d" "$top/examples/little-seed.json"
	rm "$d/scenes/02.png"
	run -1 --separate-stderr mv-assemble -o "$d/06.json" "$d/05.json"
	assert_equal "$stderr" "mv-assemble: '$d/05.json': scenes[1].image: '$d/scenes/02.png': No such file or directory"
}

@test "an FFmpeg failure is reported with FFmpeg's own last line" {
	d=$BATS_TEST_TMPDIR/out
	states_to "$d" "$top/examples/little-seed.json"
	mkdir "$BATS_TEST_TMPDIR/bin"
	printf '#!/bin/sh\necho "Conversion failed: disk on fire" >&2\nexit 1\n' > "$BATS_TEST_TMPDIR/bin/ffmpeg"
	chmod +x "$BATS_TEST_TMPDIR/bin/ffmpeg"
	PATH=$BATS_TEST_TMPDIR/bin:$PATH run -1 --separate-stderr mv-assemble -o "$d/06.json" "$d/05.json"
	assert_equal "$stderr" "mv-assemble: ffmpeg: exit status 1: Conversion failed: disk on fire"
	[ ! -e "$d/06.json" ]
	assert_equal "$(leftover_temps "$d")" ""
}

@test "a picture that is not a PNG is named, and nothing is written" {
	d=$BATS_TEST_TMPDIR/out
	states_to "$d" "$top/examples/little-seed.json"
	echo 'not a picture' > "$d/scenes/02.png"
	run -1 --separate-stderr mv-assemble -o "$d/06.json" "$d/05.json"
	assert_equal "$stderr" "mv-assemble: '$d/scenes/02.png': not a PNG file"
	[ ! -e "$d/06.json" ]
	[ ! -e "$d/video.mp4" ]
	assert_equal "$(leftover_temps "$d")" ""
}

@test "every scene has a slow camera move; the cards stand still" {
	d=$BATS_TEST_TMPDIR/out
	s=$BATS_FILE_TMPDIR/seed
	mkdir "$d"
	# YDIF: the mean difference of each frame from the one before.
	ffmpeg -v error -i "$s/video.mp4" -vf "signalstats,metadata=print:key=lavfi.signalstats.YDIF:file=-" \
	    -f null - | sed -n 's/.*YDIF=//p' > "$d/ydif"
	still=$(awk 'NR >= 20 && NR <= 85 { s += $1; n++ } END { print s / n }' "$d/ydif")
	n=$(jq '.video.scenes | length' "$s/final.json")
	for i in $(seq 0 $((n - 1))); do
		a=$(jq ".video.scenes[$i].start * 30 | round" "$s/final.json")
		b=$(jq ".video.scenes[$i].end * 30 | round" "$s/final.json")
		run awk -v a="$a" -v b="$b" -v still="$still" \
		    'NR > a + 1 && NR <= b { s += $1; n++ } END { exit !(s / n > 20 * still + 0.05) }' "$d/ydif"
		assert_success
	done
	# After its fade in, the title card barely changes (encoder noise).
	awk -v s="$still" 'BEGIN { exit !(s < 0.05) }'
}

@test "subtitles are burned into the picture unless -S turns them off" {
	d=$BATS_FILE_TMPDIR/seed
	p=$BATS_FILE_TMPDIR/plain
	assert_equal "$(jq .video.burned_subtitles "$d/final.json") $(jq .video.burned_subtitles "$p/06.json")" "true false"
	# 5 s in, a cue is showing: the bottom of the frame differs between
	# the two videos much more than the top does.
	psnr() {
		ffmpeg -v info -ss 5 -i "$d/video.mp4" -ss 5 -i "$p/video.mp4" \
		    -frames:v 1 -lavfi "[0]crop=iw:ih/4:0:$1[a];[1]crop=iw:ih/4:0:$1[b];[a][b]psnr" \
		    -f null - 2>&1 | sed -n 's/.* average:\([0-9.inf]*\).*/\1/p'
	}
	bottom=$(psnr 'ih*3/4')
	top=$(psnr 0)
	awk -v b="$bottom" -v t="$top" 'BEGIN { exit !(t == "inf" || b + 8 < t) }' ||
	    fail "bottom PSNR $bottom, top PSNR $top"
	# The sidecar files are written either way.
	[ -s "$p/video.srt" ] && [ -s "$p/video.vtt" ]
	cmp "$d/video.srt" "$p/video.srt"
}

@test "scenes crossfade (-t seconds, 0 cuts) and the length stays the same" {
	d=$BATS_TEST_TMPDIR/out
	mkdir "$d"
	cp -r "$BATS_FILE_TMPDIR/plain/05.json" "$BATS_FILE_TMPDIR/plain/scenes" "$d/"
	ydif() {
		ffmpeg -v error -i "$1" -vf "signalstats,metadata=print:key=lavfi.signalstats.YDIF:file=-" \
		    -f null - | sed -n 's/.*YDIF=//p'
	}
	mv-assemble -t 0 -S -o "$d/cut.json" "$d/05.json"
	ydif "$d/video.mp4" > "$d/cut"
	# (The default crossfade is 0.5 s: the render of setup_file.)
	cp "$BATS_FILE_TMPDIR/plain/06.json" "$d/fade.json"
	ydif "$BATS_FILE_TMPDIR/plain/video.mp4" > "$d/fade"
	assert_equal "$(jq .video.duration "$d/cut.json")" "$(jq .video.duration "$d/fade.json")"
	assert_equal "$(jq .video.crossfade "$d/fade.json")" 0.5
	# At each scene change the cut jumps in one frame; the crossfade
	# spreads the change over 15, so its largest step is far smaller.
	for b in $(jq '.video.scenes[1:][].start * 30 | round' "$d/cut.json"); do
		c=$(sed -n "$((b - 2)),$((b + 18))p" "$d/cut" | sort -g | tail -1)
		f=$(sed -n "$((b - 2)),$((b + 18))p" "$d/fade" | sort -g | tail -1)
		awk -v c="$c" -v f="$f" 'BEGIN { exit !(f < c / 3) }' ||
		    fail "at frame $b: cut $c, crossfade $f"
	done
	run -2 --separate-stderr mv-assemble -t 3 "$d/05.json"
	assert_regex "${stderr_lines[0]}" "expected a crossfade of 0 to 2 seconds"
}
