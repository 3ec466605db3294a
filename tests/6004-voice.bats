#!/usr/bin/env bats
# MV_TTS=flite: narration spoken in-process by libflite (lib/offline/flite.c).
bats_require_minimum_version 1.5.0
load helper

setup_file() {
	local d=$BATS_FILE_TMPDIR/seed
	mkdir -p "$d"
	mv-analyze -o "$d/01.json" "$top/examples/little-seed.json"
	mv-research -o "$d/02.json" "$d/01.json"
	mv-story -o "$d/03.json" "$d/02.json"
	mv-segment -o "$d/04.json" "$d/03.json"
}

setup() {
	d=$BATS_FILE_TMPDIR/seed
	w=$BATS_TEST_TMPDIR/w
	export MV_TTS=flite
	unset MV_TTS_VOICE MV_TTS_SPEED
}

# audio WAV: codec, rate, channels and seconds, comma-separated.
audio() {
	ffprobe -v error -show_entries stream=codec_name,sample_rate,channels,duration \
	    -of csv=p=0 "$1"
}

@test "flite narrates a scene: a 16 kHz mono clip as long as its words, rms for the brief's espeak-ng voice" {
	run -0 mv-assemble -x -d "$w" "$d/04.json"
	# The brief's voice is espeak-ng's en-us: flite speaks with rms.
	run -0 jq -c '[.provider, .voice, .wpm]' "$w/narration/01-01.json"
	assert_output '["flite","rms",150]'
	run -0 mv-assemble -n 1 -d "$w" "$d/04.json"
	run -0 audio "$w/narration/01.wav"
	assert_regex "$output" '^pcm_s16le,16000,1,[0-9.]+$'
	secs=${output##*,}
	words=$(jq -r '.segments[0].narration' "$d/04.json" | wc -w)
	# Within a third of the words' time at 150 a minute.
	awk -v s="$secs" -v w="$words" 'BEGIN { p = w * 60 / 150;
	    exit !(s > p * 2 / 3 && s < p * 4 / 3) }'
	assert_equal "$(leftover_temps "$w")" ""
}

@test "MV_TTS_VOICE picks flite's voice, MV_TTS_SPEED its pace; a voice it lacks is refused" {
	run -0 mv-assemble -n 1 -d "$w" "$d/04.json"
	rms=$(audio "$w/narration/01.wav")
	MV_TTS_VOICE=kal16 run -0 mv-assemble -n 1 -d "$w" "$d/04.json"
	kal=$(audio "$w/narration/01.wav")
	[ "${rms##*,}" != "${kal##*,}" ]
	MV_TTS_VOICE=kal16 MV_TTS_SPEED=2 run -0 mv-assemble -n 1 -d "$w" "$d/04.json"
	fast=$(audio "$w/narration/01.wav")
	awk -v a="${kal##*,}" -v b="${fast##*,}" 'BEGIN { exit !(b > a * 0.4 && b < a * 0.6) }'
	MV_TTS_VOICE=alloy run -1 --separate-stderr mv-assemble -n 1 -d "$w" "$d/04.json"
	assert_equal "$stderr" "mv-assemble: scene 1: '$w/narration/01-01.wav': flite: voice 'alloy': expected rms, slt, awb or kal16, with +pNNN (pitch) and +rNNN (pace) in percent, 50 to 200"
	# The clip before stays as it was.
	assert_equal "$(audio "$w/narration/01.wav")" "$fast"
}

@test "an unknown MV_TTS names flite among the providers" {
	MV_TTS=festival run -1 --separate-stderr mv-assemble -n 1 -d "$w" "$d/04.json"
	assert_equal "$stderr" "mv-assemble: MV_TTS: 'festival': expected espeak, flite, openai, elevenlabs or none"
}

@test "flite is the default narrator; espeak-ng when asked for, and for a language flite lacks" {
	unset MV_TTS
	run -0 mv-assemble -x -d "$w" "$d/04.json"
	run -0 jq -c '[.provider, .voice]' "$w/narration/01-01.json"
	assert_output '["flite","rms"]'
	MV_TTS=espeak run -0 mv-assemble -x -d "$w/e" "$d/04.json"
	run -0 jq -c '[.provider, .voice]' "$w/e/narration/01-01.json"
	assert_output '["espeak","en-us"]'
	# French: flite speaks English only, so espeak-ng speaks it.
	jq '.preferences.voice = "fr"' "$d/04.json" > "$w/fr.json"
	run -0 mv-assemble -x -d "$w/fr" "$w/fr.json"
	run -0 jq -c '[.provider, .voice]' "$w/fr/narration/01-01.json"
	assert_output '["espeak","fr"]'
	run -0 mv-assemble -n 1 -d "$w/fr" "$w/fr.json"
	run -0 audio "$w/fr/narration/01.wav"
	assert_regex "$output" '^pcm_s16le,22050,1,'
}
