#!/usr/bin/env bats
# The rendered video: segments joined frame-accurately, aspect ratios,
# chapters and metadata, loudness, music ducked under the voice, the
# storyboard, the progress bar, and incremental re-rendering under make.
bats_require_minimum_version 1.5.0
load helper

probe() {
	ffprobe -v error -show_entries "$2" "${@:3}" -of default=nw=1:nk=1 "$1"
}

# short DIR: a two-scene state in DIR/05.json (the suite's small size).
short() {
	states_to "$1" "$top/examples/little-seed.json"
	jq '.segments |= .[:2] | .scenes |= .[:2]' "$1/05.json" > "$1/short.json"
	mv "$1/short.json" "$1/05.json"
}

# The default render of the two-scene state, made once for the file and
# looked at (or copied) by the tests that need nothing else.
setup_file() {
	short "$BATS_FILE_TMPDIR/short"
	mv-assemble -o "$BATS_FILE_TMPDIR/short/06.json" \
	    "$BATS_FILE_TMPDIR/short/05.json"
}

# level FILE FROM TO FILTERS: the RMS level in dB of the sound from FROM to
# TO seconds, after FILTERS.
level() {
	ffmpeg -v info -nostats -i "$1" -vn \
	    -af "atrim=start=$2:end=$3,$4,astats=measure_overall=RMS_level:measure_perchannel=none" \
	    -f null - 2>&1 | awk '/RMS level dB/ { v = $NF } END { print v }'
}

@test "segments join frame-accurately: the video's frames are the segments' frames" {
	d=$BATS_FILE_TMPDIR/short
	f=$d/06.json
	# The frames, decoded, are exactly those of the segments in order.
	for s in $(jq -r '.video.segments[]' "$f"); do
		ffmpeg -v error -i "$d/segments/$s.ts" -f framemd5 - | grep -v '^#'
	done | awk -F, '{ print $6 }' > "$BATS_TEST_TMPDIR/parts"
	ffmpeg -v error -i "$d/video.mp4" -map 0:v -f framemd5 - | grep -v '^#' | awk -F, '{ print $6 }' > "$BATS_TEST_TMPDIR/whole"
	[ -s "$BATS_TEST_TMPDIR/whole" ]
	cmp "$BATS_TEST_TMPDIR/parts" "$BATS_TEST_TMPDIR/whole"
	# As many as the plan says: the cards and the scenes, to the frame.
	want=$(jq '.video.duration * 30 | round' "$f")
	assert_equal "$(wc -l < "$BATS_TEST_TMPDIR/whole")" "$want"
	assert_equal "$(probe "$d/video.mp4" stream=nb_frames -select_streams v)" "$want"
	# Every frame one frame after the last: no gap, no duplicate.
	run -0 bash -c "ffprobe -v error -select_streams v -show_entries packet=pts -of csv=p=0 '$d/video.mp4' | sort -n | awk 'NR > 1 { d[\$1 - p]++ } { p = \$1 } END { for (k in d) print k }'"
	assert_equal "${#lines[@]}" 1
	# The sound is exactly as long as the pictures (one encode, no joins).
	a=$(probe "$d/video.mp4" stream=duration -select_streams a)
	awk -v a="$a" -v w="$(jq .video.duration "$f")" 'BEGIN { d = a - w; if (d < 0) d = -d; exit !(d < 0.025) }'
	# A scene's length is its narration rounded up to a frame.
	run -0 jq -e '[.video.scenes[] as $s | .narration[] | select(.scene == $s.scene) | ($s.end - $s.start) - .seconds] | all(. >= -0.001 and . < 1/30 + 0.001)' "$f"
}

@test "each aspect ratio gets its own frame size, pictures and subtitles" {
	d=$BATS_TEST_TMPDIR/out
	short "$d"
	for size in 180x320 240x240; do
		run -0 mv-assemble -s "$size" -o "$d/06.json" "$d/05.json"
		assert_equal "$(probe "$d/video.mp4" stream=width,height -select_streams v | paste -sd x)" "$size"
		run -0 jq -e --argjson w "${size%x*}" '.width == $w' "$d/segments/s01.json"
	done
	# -a picks the full-size frame of an aspect ratio: plan only (-X).
	for a in 16:9:1920:1080 9:16:1080:1920 1:1:1080:1080; do
		IFS=: read -r x y w h <<< "$a"
		run -0 mv-assemble -X -a "$x:$y" -d "$d" "$d/05.json"
		run -0 jq -e --argjson w "$w" --argjson h "$h" '.width == $w and .height == $h' "$d/segments/title.json"
	done
	run -2 --separate-stderr mv-assemble -a 4:3 "$d/05.json"
	assert_equal "${stderr_lines[0]}" "mv-assemble: -a '4:3': expected 16:9, 9:16 or 1:1"
}

@test "chapters, one a scene, and the title and moral as metadata" {
	d=$BATS_FILE_TMPDIR/short
	f=$d/06.json
	run -0 ffprobe -v error -show_chapters -of csv=p=0 "$d/video.mp4"
	assert_equal "${#lines[@]}" 2
	assert_regex "${lines[0]}" "^0,1/1000,0,0\.000000,[0-9]+,[0-9.]+,\"Scene 1: "
	assert_regex "${lines[1]}" ",\"Scene 2: "
	# Chapter 2 starts where scene 2 does.
	start2=$(ffprobe -v error -show_entries chapter=start_time -of csv=p=0 "$d/video.mp4" | sed -n 2p)
	awk -v a="$start2" -v b="$(jq '.video.scenes[1].start' "$f")" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d < 0.002) }'
	assert_equal "$(probe "$d/video.mp4" format_tags=title)" "$(jq -r .story.title "$f")"
	assert_equal "$(probe "$d/video.mp4" format_tags=comment)" "The moral of the story: $(jq -r .context.moral_lesson "$f")"
	# And the storyboard, a picture of every scene.
	assert_equal "$(jq -r .video.storyboard "$f")" storyboard.png
	assert_equal "$(probe "$d/storyboard.png" stream=codec_name,width | paste -sd' ')" "png 1600"
}

@test "the mix is brought to the target loudness with true peaks under the ceiling" {
	d=$BATS_TEST_TMPDIR/out
	mkdir "$d"
	cp -r "$BATS_FILE_TMPDIR/short/05.json" "$BATS_FILE_TMPDIR/short/scenes" "$d/"
	for target in -16 -23; do
		# (-16 is the default: the render of setup_file.)
		if [ "$target" = -16 ]; then
			cp "$BATS_FILE_TMPDIR/short/video.mp4" "$d/"
		else
			run -0 mv-assemble -L "$target" -o "$d/06.json" "$d/05.json"
		fi
		run -0 bash -c "ffmpeg -nostats -i '$d/video.mp4' -vn -af ebur128=peak=true -f null - 2>&1 | awk '/Integrated loudness/ { i = 1 } i && / I:/ { print \$2; i = 0 } /True peak/ { t = 1 } t && /Peak:/ { print \$2; t = 0 }'"
		echo "# target $target: I ${lines[0]} LUFS, true peak ${lines[1]} dBFS" >&3
		awk -v i="${lines[0]}" -v t="$target" 'BEGIN { d = i - t; if (d < 0) d = -d; exit !(d <= 1) }'
		awk -v p="${lines[1]}" 'BEGIN { exit !(p <= -1.5) }'
	done
	run -2 --separate-stderr mv-assemble -L 3 "$d/05.json"
	assert_equal "${stderr_lines[0]}" "mv-assemble: -L '3': expected a loudness of -70 to -5 LUFS"
}

@test "the narration is mixed at one level, however loud each clip came" {
	d=$BATS_TEST_TMPDIR/out
	cp -r "$BATS_FILE_TMPDIR/short" "$d"
	# Scene 2's clip 12 dB quieter, as another voice or service might be.
	ffmpeg -v error -i "$d/narration/02.wav" -af volume=-12dB -c:a pcm_s16le "$d/quiet.wav"
	mv "$d/quiet.wav" "$d/narration/02.wav"
	lufs() {	# lufs FILE [FROM TO]: integrated loudness
		ffmpeg -nostats -i "$1" -vn -af "${2:+atrim=start=$2:end=$3,}ebur128" -f null - 2>&1 |
		    awk '/Integrated loudness/ { i = 1 } i && / I:/ { print $2; i = 0 }'
	}
	c1=$(lufs "$d/narration/01.wav") c2=$(lufs "$d/narration/02.wav")
	awk -v a="$c1" -v b="$c2" 'BEGIN { exit !(a - b >= 10) }' || fail "clips $c1, $c2"
	run -0 mv-assemble -A -d "$d" "$d/05.json"
	# Each scene's words, in the mixed sound: within 1 LU of each other.
	p=$d/segments/audio.json
	s1=$(jq '.title_frames / .fps' "$p")
	s2=$(jq '(.title_frames + .scenes[0].frames) / .fps' "$p")
	l1=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$d/narration/01.wav")
	l2=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$d/narration/02.wav")
	m1=$(lufs "$d/segments/audio.m4a" "$s1" "$(awk -v s="$s1" -v l="$l1" 'BEGIN { print s + l }')")
	m2=$(lufs "$d/segments/audio.m4a" "$s2" "$(awk -v s="$s2" -v l="$l2" 'BEGIN { print s + l }')")
	echo "# clips $c1 and $c2 LUFS; in the mix $m1 and $m2 LUFS" >&3
	awk -v a="$m1" -v b="$m2" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 1) }' || fail "mix $m1, $m2"
}

@test "music loops under the voice, ducked while it speaks, and fades out" {
	d=$BATS_TEST_TMPDIR/out
	short "$d"
	# A 13 kHz tone: the voice (flite's, 16 kHz) has nothing above 8 kHz,
	# so a high-pass filter hears the music alone. 7 s long, so it must loop.
	ffmpeg -v error -f lavfi -i "sine=f=13000:d=7,volume=0.5" -ac 2 "$d/music.wav"
	run -0 mv-assemble -m "$d/music.wav" -o "$d/06.json" "$d/05.json"
	f=$d/06.json
	assert_equal "$(probe "$d/video.mp4" stream=channels -select_streams a)" 2
	assert_equal "$(jq -r .video.audio.music "$f")" "$d/music.wav"
	hp=highpass=f=11000,highpass=f=11000
	# Alone during the title card; under the first scene's words; again
	# in the first scene's second half of speech; faded at the very end.
	s1=$(jq '.video.scenes[0].start' "$f")
	e1=$(jq '.video.scenes[0].start + .narration[0].seconds' "$f")
	end=$(jq '.video.duration' "$f")
	alone=$(level "$d/video.mp4" 1.5 2.8 "$hp")
	under=$(level "$d/video.mp4" "$(awk -v s="$s1" 'BEGIN { print s + 1 }')" "$(awk -v e="$e1" 'BEGIN { print e - 1 }')" "$hp")
	looped=$(level "$d/video.mp4" 8 9 "$hp")
	last=$(level "$d/video.mp4" "$(awk -v e="$end" 'BEGIN { print e - 0.15 }')" "$end" "$hp")
	echo "# music alone $alone dB, under the voice $under dB, at 8 s $looped dB, last 0.15 s $last dB" >&3
	awk -v a="$alone" -v u="$under" 'BEGIN { exit !(a - u >= 6) }'
	awk -v l="$looped" 'BEGIN { exit !(l > -60) }'
	awk -v a="$alone" -v l="$last" 'BEGIN { exit !(a - l >= 15) }'
	run -1 --separate-stderr mv-assemble -m "$d/nothing.mp3" -o "$d/06.json" "$d/05.json"
	assert_equal "$stderr" "mv-assemble: '$d/nothing.mp3': No such file or directory"
}

@test "a progress bar on a terminal, and nothing of the kind in a log" {
	d=$BATS_TEST_TMPDIR/out
	cp -r "$BATS_FILE_TMPDIR/short" "$d"
	unset MV_QUIET
	run -0 --separate-stderr mv-assemble -g s01 -d "$d"
	assert_equal "$stderr" ""
	run -0 script -qec "mv-assemble -g s01 -d '$d'" /dev/null
	assert_output --regexp "s01 \[[#.]{30}\] +[0-9]+%  [0-9]+:[0-9]{2} elapsed, ([0-9]+:[0-9]{2}|\?) left"
}

@test "under make, a one-scene change encodes only that scene's segment and the sound once" {
	root=$BATS_TEST_TMPDIR/wf
	W=$root/t
	mkdir -p "$BATS_TEST_TMPDIR/bin"
	# Every FFmpeg run is logged, then run for real.
	cat > "$BATS_TEST_TMPDIR/bin/ffmpeg" <<EOF
#!/bin/sh
printf '%s\n' "\$*" >> "$BATS_TEST_TMPDIR/ffmpeg.log"
exec $(command -v ffmpeg) "\$@"
EOF
	chmod +x "$BATS_TEST_TMPDIR/bin/ffmpeg"
	export PATH=$BATS_TEST_TMPDIR/bin:$PATH
	mk() { make -s -C "$top" --no-print-directory BIN="$MV_BIN" WORKFLOWS="$root" WORKFLOW=t "$@"; }
	run -0 mk INPUT="$top/examples/little-seed.json" SIZE="$SIZE" -j2
	n=$(jq '.segments | length' "$W/04_script_segments.json")
	assert_equal "$(grep -c libx264 "$BATS_TEST_TMPDIR/ffmpeg.log")" "$((n + 2))"
	: > "$BATS_TEST_TMPDIR/ffmpeg.log"
	cp "$W/06_final_output.json" "$BATS_TEST_TMPDIR/06.before"
	# Nothing changed: nothing encoded.
	run -0 mk
	assert_equal "$(grep -c . "$BATS_TEST_TMPDIR/ffmpeg.log")" 0
	# Scene 2's words change after its first sentence (which its picture
	# shows), and so does its length: its own segment is encoded again,
	# and the sound, once. Scene 3's opens with the fade from scene 2's
	# last view, which does not depend on how long scene 2 lasts.
	jq '.segments[1].narration |= (split(". ")[0] + ". Mina wanted everything at once.")' \
	    "$W/04_script_segments.json" > "$BATS_TEST_TMPDIR/04.json"
	mv "$BATS_TEST_TMPDIR/04.json" "$W/04_script_segments.json"
	run -0 --separate-stderr mk -j2
	# (Each is written to a temp file named after it.)
	encoded() {
		grep -o 'segments/\.[a-z0-9]*\.ts\.tmp' "$BATS_TEST_TMPDIR/ffmpeg.log" |
		    sed 's|/\.|/|; s|\.tmp$||' | sort | paste -sd' '
	}
	assert_equal "$(encoded)" "segments/s02.ts"
	assert_equal "$(grep -c libx264 "$BATS_TEST_TMPDIR/ffmpeg.log")" 1
	assert_equal "$(grep -c -- '-c:a aac' "$BATS_TEST_TMPDIR/ffmpeg.log")" 1
	# It did change length, and the video follows.
	len() { jq '.video.scenes[1].end - .video.scenes[1].start' "$1"; }
	[ "$(len "$W/06_final_output.json")" != "$(len "$BATS_TEST_TMPDIR/06.before")" ]
	# Its first sentence changes too, and with it what its picture shows
	# (its description; the picture carries no caption under burned
	# subtitles): then the next segment, whose fade shows that picture,
	# is encoded again too.
	: > "$BATS_TEST_TMPDIR/ffmpeg.log"
	jq '.segments[1].narration = "The seed slept, and the rain sang to it softly all night long." |
	    .segments[1].description = "The seed asleep in the rain at night"' \
	    "$W/04_script_segments.json" > "$BATS_TEST_TMPDIR/04.json"
	mv "$BATS_TEST_TMPDIR/04.json" "$W/04_script_segments.json"
	run -0 --separate-stderr mk -j2
	assert_equal "$(encoded)" "segments/s02.ts segments/s03.ts"
	assert_equal "$(grep -c -- '-c:a aac' "$BATS_TEST_TMPDIR/ffmpeg.log")" 1
	assert_equal "$(leftover_temps "$W")" ""
}
