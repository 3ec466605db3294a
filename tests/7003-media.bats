#!/usr/bin/env bats
# Pictures and narration from the image and speech services (OpenAI,
# Automatic1111, OpenRouter, ElevenLabs) over HTTP, against the fake
# server: each request's shape, the media checked before they are kept,
# retries and failures, concurrency, provenance, and keys kept secret.
bats_require_minimum_version 1.5.0
load helper
load lib/fakeapi

KEY=sk-test-SECRET-5f2b9c41d7e0

setup_file() {
	local f=$BATS_FILE_TMPDIR

	mv-analyze "$top/examples/little-seed.json" | mv-research | mv-story |
	    mv-segment > "$f/04.json" 2> /dev/null
	mv-design -p -o "$f/05.json" "$f/04.json"
	# Twelve scenes, for the fan-out.
	mv-analyze "$top/tests/bench/brief-15.json" | mv-research | mv-story |
	    mv-segment 2> /dev/null | jq '.segments |= .[:12]' > "$f/12-04.json"
	mv-design -p -o "$f/12.json" "$f/12-04.json"
}

setup() {
	d=$BATS_TEST_TMPDIR
	cp "$BATS_FILE_TMPDIR"/*.json "$d/"
	fake_start
	unset OPENAI_API_KEY MV_LLM_API_KEY ELEVENLABS_API_KEY
	# The text stays offline even where a test sets OPENAI_API_KEY (which
	# would otherwise choose openai for the design's text too).
	export MV_BACKOFF_MS=50 MV_LLM=offline
	# Each scene from its text alone: the requests of one picture here;
	# the characters' sheets and the scenes made with them are 7006's.
	export MV_IMAGE_SHEETS=0
}

use_openai_images() {
	export MV_IMAGE=openai MV_IMAGE_BASE_URL=$FAKE_URL/v1
	export MV_IMAGE_API_KEY=$KEY
}

use_openai_speech() {
	export MV_TTS=openai MV_TTS_BASE_URL=$FAKE_URL/v1 MV_TTS_API_KEY=$KEY
}

# slots_refilled LIMIT: the logged calls ran as a queue with LIMIT slots,
# as the server saw them: the first LIMIT arrived before any had ended,
# and each later one only after one more had ended. (How fast, compared
# with the rounds' ideal, is for make bench-fanout: timed tests fail on a
# busy machine.)
slots_refilled() {
	run -0 jq -s --argjson n "$1" '(map(.t1) | sort) as $ends |
	    sort_by(.t0) | to_entries | map(
	      if .key < $n then .value.t0 < $ends[0]
	      else .value.t0 >= $ends[.key - $n] - 0.001 end) | all' "$FAKE_LOG"
	assert_output true
}

# size FILE: WIDTHxHEIGHT of a picture, as ffprobe decodes it.
size() {
	ffprobe -v error -select_streams v:0 -show_entries stream=width,height \
	    -of csv=p=0:s=x "$1"
}

# audio FILE: codec, rate, channels and duration, as ffprobe decodes it.
audio() {
	ffprobe -v error -show_entries stream=codec_name,sample_rate,channels \
	    -show_entries format=duration -of csv=p=0 "$1" | paste -sd, -
}

@test "openai gpt-image-1: the request, the b64_json pictures in place and their provenance" {
	use_openai_images
	run -0 --separate-stderr mv-design -d "$d/w" -s 320x180 "$d/04.json"
	echo "$output" > "$d/05.json"
	run -0 fake_requests '^/v1/images/generations$'
	assert_equal "${#lines[@]}" 5
	run -0 fake_requests '^/v1/images/generations$'
	run -0 jq -r '[.method, .headers.authorization,
	    .headers["content-type"], .body.model, .body.n, .body.size,
	    (.body | has("response_format")), (.body | has("style"))] | @tsv' \
	    <<< "${lines[0]}"
	assert_output "POST	Bearer $KEY	application/json	gpt-image-1	1	1536x1024	false	false"
	# Each prompt is the scene's, and each picture decodes.
	assert_equal "$(bodies images '.prompt' | sort)" \
	    "$(jq -c '.scenes[].prompt' "$d/05.json" | sort)"
	for i in 01 02 03 04 05; do
		assert_equal "$(size "$d/w/scenes/$i.png")" 1536x1024
	done
	run -0 jq -c '[.scenes[] | [.provider, .model, .size, .width,
	    .usage.images, .tokens.input_tokens > 0, .seed,
	    (has("request"))]] | unique' "$d/05.json"
	assert_output '[["openai","gpt-image-1","1536x1024",1536,1,true,null,false]]'
	run -0 jq -c '.log[-1] | [.provider, .model, .images, .usage.images]' \
	    "$d/05.json"
	assert_output '["openai","gpt-image-1",5,5]'
	assert_equal "$(leftover_temps "$d/w")" ""
}

@test "openai dall-e-3: URL replies are downloaded without the key, with style, quality and the revised prompt" {
	use_openai_images
	export MV_IMAGE_MODEL=dall-e-3 MV_IMAGE_STYLE=natural MV_IMAGE_QUALITY=hd
	run -0 --separate-stderr mv-design -d "$d/w" -s 320x180 -o "$d/05.json" "$d/04.json"
	run -0 bodies '^/v1/images/generations$' '[.model, .size, .style,
	    .quality, .response_format]'
	assert_equal "${#lines[@]}" 5
	assert_equal "$(printf '%s\n' "${lines[@]}" | sort -u)" \
	    '["dall-e-3","1792x1024","natural","hd","url"]'
	run -0 fake_requests '^/files/'
	assert_equal "${#lines[@]}" 5
	run -0 jq -r '[.method, .headers.authorization // "none"] | @tsv' <<< "$output"
	assert_equal "$(printf '%s\n' "${lines[@]}" | sort -u)" "GET	none"
	run -0 jq -r '.scenes[] | .revised_prompt | startswith("A picture book page: A ")' "$d/05.json"
	refute_output --partial false
	assert_equal "$(size "$d/w/scenes/03.png")" 1792x1024
}

@test "openai: the images request is refused without a key for api.openai.com, before any call" {
	export MV_IMAGE=openai
	run -1 --separate-stderr mv-design -d "$d/w" -n 1 "$d/05.json"
	assert_equal "$stderr" "mv-design: scene 1: openai: no API key: set MV_IMAGE_API_KEY or OPENAI_API_KEY"
}

@test "a1111: txt2img with steps, CFG, sampler, a seed per character, no key" {
	export MV_IMAGE=a1111 MV_IMAGE_BASE_URL=$FAKE_URL OPENAI_API_KEY=$KEY
	run -0 --separate-stderr mv-design -d "$d/w" -s 320x180 -o "$d/05.json" "$d/12-04.json"
	run -0 fake_requests '^/sdapi/v1/txt2img$'
	assert_equal "${#lines[@]}" 12
	run -0 jq -r '[.method, .headers.authorization // "none",
	    .body.steps, .body.cfg_scale, .body.sampler_name, .body.width,
	    .body.height, (.body.negative_prompt | test("text, words")),
	    (.body.seed | type)] | @tsv' <<< "${lines[0]}"
	assert_output "POST	none	25	7	Euler a	1344	768	true	number"
	# The same first character, the same seed; another, another.
	run -0 jq -c '[.characters[].name] as $all | [.scenes[] |
	    {first: (.characters as $in | [$all[] | select(. as $n |
	    $in | index($n))][0]), seed}] | group_by(.first) |
	    [all(map(.seed) | unique | length == 1),
	    (map(.[0].seed) | unique | length) == length, length > 1]' \
	    "$d/05.json"
	assert_output '[true,true,true]'
	# The seed the server reports is recorded; so is its checkpoint.
	run -0 jq -c '[.scenes[] | [.provider, .model, .checkpoint,
	    (.seed | type), .size]] | unique' "$d/05.json"
	assert_output '[["a1111",null,"fake-sd15","number","1344x768"]]'
	assert_equal "$(bodies txt2img .seed | sort)" "$(jq '.scenes[].seed' "$d/05.json" | sort)"

	export MV_IMAGE_STEPS=30 MV_IMAGE_CFG=5.5 MV_IMAGE_SAMPLER="DPM++ 2M" MV_IMAGE_SIZE=512x512
	: > "$FAKE_LOG"
	run -0 --separate-stderr mv-design -d "$d/w" -n 2 "$d/05.json"
	run -0 bodies txt2img '[.steps, .cfg_scale, .sampler_name, .width, .height]'
	assert_output '[30,5.5,"DPM++ 2M",512,512]'
	MV_IMAGE_STEPS=many run -1 --separate-stderr mv-design -d "$d/w" -x "$d/05.json"
	assert_equal "$stderr" "mv-design: MV_IMAGE_STEPS: expected a whole number from 1 to 150"
}

@test "openrouter: chat completions with image output, the picture from a data: URL" {
	export MV_IMAGE=openrouter MV_IMAGE_BASE_URL=$FAKE_URL/api/v1 MV_IMAGE_API_KEY=$KEY
	run -0 --separate-stderr mv-design -d "$d/w" -s 320x180 -o "$d/05.json" "$d/04.json"
	run -0 fake_requests '^/api/v1/chat/completions$'
	assert_equal "${#lines[@]}" 5
	run -0 jq -c '[.headers.authorization, .body.model, .body.modalities,
	    .body.image_config.aspect_ratio, .body.messages[0].role,
	    (.body.messages | length)]' <<< "${lines[0]}"
	assert_output "[\"Bearer $KEY\",\"google/gemini-2.5-flash-image\",[\"image\",\"text\"],\"16:9\",\"user\",1]"
	assert_equal "$(bodies chat/completions '.messages[0].content' | sort)" \
	    "$(jq -c '.scenes[].prompt' "$d/05.json" | sort)"
	assert_equal "$(size "$d/w/scenes/05.png")" 1344x768
	run -0 jq -c '[.scenes[] | [.provider, .usage.images,
	    .tokens.completion_tokens]] | unique' "$d/05.json"
	assert_output '[["openrouter",1,1290]]'
	# A reply with words but no picture says so.
	fake_ctl faults '{"path": "chat", "action": "noimage"}'
	prompt=$(jq -r '.scenes[1].prompt' "$d/05.json")
	run -1 --separate-stderr mv-design -d "$d/w" -n 2 "$d/05.json"
	assert_equal "$stderr" "mv-design: scene 2: openrouter: the reply has no picture: I can only describe it: ${prompt:0:80}"
}

@test "JPEG and WebP pictures are kept as PNG" {
	export MV_IMAGE=a1111 MV_IMAGE_BASE_URL=$FAKE_URL
	for fmt in mjpeg:jpg libwebp:webp; do
		ffmpeg -v error -f lavfi -i color=c=red:s=96x64 -frames:v 1 \
		    -c:v "${fmt%:*}" -y "$d/pic.${fmt#*:}"
		fake_state picture "\"$(base64 -w0 "$d/pic.${fmt#*:}")\""
		run -0 --separate-stderr mv-design -d "$d/w" -n 3 "$d/05.json"
		assert_equal "$(head -c 8 "$d/w/scenes/03.png" | od -An -c | tr -d ' ')" '211PNG\r\n032\n'
		assert_equal "$(size "$d/w/scenes/03.png")" 96x64
		assert_equal "$(jq -r .size "$d/w/scenes/03.png.json")" 96x64
		rm "$d/w/scenes/03.png"
	done
	assert_equal "$(leftover_temps "$d/w")" ""
}

@test "a service's picture larger than 8192 a side is refused from its header; the old one intact" {
	export MV_IMAGE=a1111 MV_IMAGE_BASE_URL=$FAKE_URL
	mv-design -d "$d/w" -n 3 "$d/05.json"
	cp "$d/w/scenes/03.png" "$d/old.png"
	ffmpeg -v error -f lavfi -i color=gray:s=9000x100 -frames:v 1 -y "$d/big.png"
	fake_state_file picture "$d/big.png"
	run -1 --separate-stderr mv-design -d "$d/w" -n 3 "$d/05.json"
	assert_equal "$stderr" "mv-design: scene 3: a1111: '$d/w/scenes/03.png': a PNG of 9000x100 pixels; at most 8192 a side and 40 megapixels"
	cmp "$d/old.png" "$d/w/scenes/03.png"
	assert_equal "$(leftover_temps "$d/w")" ""
}

@test "a rate-limit page, an empty picture or a broken URL never becomes a picture: exit 1, the old one intact" {
	use_openai_images
	mv-design -d "$d/w" -n 2 "$d/05.json"
	cp "$d/w/scenes/02.png" "$d/old.png"
	cp "$d/w/scenes/02.png.json" "$d/old.json"
	fake_ctl faults '{"path": "images", "action": "html"}'
	run -1 --separate-stderr mv-design -d "$d/w" -n 2 "$d/05.json"
	assert_regex "$stderr" '^mv-design: scene 2: openai: the picture is not an image \(text/html, [0-9]+ bytes\)$'
	fake_ctl faults '{"path": "images", "action": "emptyimage"}'
	run -1 --separate-stderr mv-design -d "$d/w" -n 2 "$d/05.json"
	assert_equal "$stderr" "mv-design: scene 2: openai: the picture is empty"
	fake_ctl faults '{"path": "images", "action": "nonjson"}'
	run -1 --separate-stderr mv-design -d "$d/w" -n 2 "$d/05.json"
	assert_regex "$stderr" '^mv-design: scene 2: openai: the reply is not JSON \(text/html, [0-9]+ bytes\)$'
	# dall-e-3's URLs: a page behind the URL, a URL that 404s, a slow one.
	export MV_IMAGE_MODEL=dall-e-3
	fake_ctl faults '{"path": "images", "action": "html"}'
	run -1 --separate-stderr mv-design -d "$d/w" -n 2 "$d/05.json"
	assert_regex "$stderr" '^mv-design: scene 2: openai: the picture is not an image \(text/html, [0-9]+ bytes\)$'
	fake_ctl faults '{"path": "images", "action": "badurl"}'
	run -1 --separate-stderr mv-design -d "$d/w" -n 2 "$d/05.json"
	assert_regex "$stderr" '^mv-design: scene 2: openai: downloading the picture: 404: '
	fake_ctl faults '{"path": "images", "action": "slowdownload", "seconds": 5}'
	SECONDS=0
	MV_TIMEOUT=1 MV_RETRIES=0 run -1 --separate-stderr mv-design -d "$d/w" -n 2 "$d/05.json"
	assert_regex "$stderr" '^mv-design: scene 2: openai: downloading the picture: .*timed out'
	[ "$SECONDS" -lt 4 ]
	cmp "$d/w/scenes/02.png" "$d/old.png"
	cmp "$d/w/scenes/02.png.json" "$d/old.json"
	assert_equal "$(leftover_temps "$d/w")" ""
}

@test "429 with Retry-After is waited out, then the picture is made" {
	use_openai_images
	fake_ctl faults '{"path": "images", "action": "429", "retry_after": "1"}'
	run -0 --separate-stderr mv-design -d "$d/w" -n 4 "$d/05.json"
	run -0 fake_requests images
	assert_equal "${#lines[@]}" 2
	run -0 jq -s -r '[.[0].status, .[1].status, (.[1].t0 - .[0].t1 >= 0.9)] | @tsv' "$FAKE_LOG"
	assert_output "429	200	true"
	[ -s "$d/w/scenes/04.png" ]
}

@test "a 401 fails at once, unretried, with the provider's message" {
	use_openai_images
	export MV_IMAGE_API_KEY=bad-key-1234
	run -1 --separate-stderr mv-design -d "$d/w" -s 320x180 "$d/04.json"
	assert_regex "$stderr" "^mv-design: scene 1: openai: 401: Incorrect API key provided: bad\\*+1234\\. You can find your API key at https://platform.openai.com/account/api-keys\\. \\(and 4 more pictures failed\\)$"
	assert_equal "$(fake_ctl stats | jq .requests)" 5
	[ ! -e "$d/w/scenes/01.png" ]
}

@test "concurrency: at most MV_CONCURRENCY in flight, and 12 pictures at 0.3 s in 3 rounds of 4" {
	use_openai_images
	export MV_IMAGE_SIZE=256x256
	fake_ctl latency '{"seconds": 0.3}'
	MV_CONCURRENCY=2 run -0 --separate-stderr mv-design -d "$d/w" -s 320x180 "$d/12-04.json"
	assert_equal "$(fake_ctl stats | jq -c '[.requests, .max_inflight]')" '[12,2]'
	fake_ctl reset '{}'
	fake_ctl latency '{"seconds": 0.3}'
	: > "$FAKE_LOG"
	MV_CONCURRENCY=4 run -0 --separate-stderr mv-design -d "$d/w" -s 320x180 "$d/12-04.json"
	assert_equal "$(fake_ctl stats | jq -c '[.requests, .max_inflight]')" '[12,4]'
	slots_refilled 4
	span=$(jq -s '(map(.t1) | max) - (map(.t0) | min)' "$FAKE_LOG")
	printf '# 12 pictures: calls %.3f s (make bench-fanout checks the bound)\n' "$span" >&3
}

@test "concurrency: the lines of 12 scenes at 0.3 s each, at most 4 in flight" {
	use_openai_speech
	fake_ctl latency '{"seconds": 0.3}'
	# (The video after the clips is not what is tested: the smallest.)
	mv-design -d "$d/w" -s 128x72 -o "$d/12-05.json" "$d/12-04.json"
	run -0 --separate-stderr mv-assemble -d "$d/w" -S -t 0 -s 128x72 -r 24 -p ultrafast -o "$d/06.json" "$d/12-05.json"
	# One clip a line (a scene with dialogue has several).
	n=$(jq '[.narration[].lines[]] | length' "$d/06.json")
	[ "$n" -ge 12 ]
	assert_equal "$(fake_ctl stats | jq -c '[.requests, .max_inflight]')" "[$n,4]"
	slots_refilled 4
	span=$(jq -s 'map(select(.path == "/v1/audio/speech")) |
	    (map(.t1) | max) - (map(.t0) | min)' "$FAKE_LOG")
	printf '# %d clips: calls %.3f s (make bench-fanout checks the bound)\n' "$n" "$span" >&3
	run -0 jq -c '[.narration[].lines[] | [.provider, .model,
	    (.usage.characters == (.text | length)),
	    (.usage.seconds == .seconds), .seconds > 0.2]] | unique' "$d/06.json"
	assert_output '[["openai","gpt-4o-mini-tts",true,true,true]]'
	# The narrator's lines in its voice, the characters' in theirs.
	run -0 jq -r '[.narration[].lines[] | select(.speaker == "narrator") |
	    .voice] | unique | .[]' "$d/06.json"
	assert_output alloy
	run -0 jq -c '.log[-1] as $l | [$l.provider, $l.clips,
	    $l.usage.characters == ([.narration[].lines[].text | length] | add)]' \
	    "$d/06.json"
	assert_output '["openai",12,true]'
}

@test "openai speech: the request, a real WAV of the words' length, its sidecar" {
	use_openai_speech
	run -0 --separate-stderr mv-assemble -d "$d/w" -n 2 "$d/05.json"
	run -0 fake_requests '^/v1/audio/speech$'
	assert_equal "${#lines[@]}" 1
	text=$(jq -r '.segments[] | select(.scene == 2) | .narration' "$d/05.json")
	run -0 jq -r '[.method, .headers.authorization, .body.model, .body.voice,
	    .body.speed, .body.response_format, (.body.instructions | length > 0),
	    .body.input] | @tsv' <<< "$output"
	assert_output "POST	Bearer $KEY	gpt-4o-mini-tts	alloy	1	wav	true	$text"
	want=$(bc <<< "scale=3; $(wc -w <<< "$text") / 2.5")
	run -0 audio "$d/w/narration/02.wav"
	assert_regex "$output" "^pcm_s16le,24000,1,[0-9.]+$"
	got=${output##*,}
	(( $(bc -l <<< "$got - $want < 0.01 && $want - $got < 0.01") ))
	run -0 jq -c --arg t "$text" '[.provider, .model, .voice, .speed,
	    .text == $t, .usage.characters == ($t | length),
	    .usage.seconds == .seconds, (.request | test("^[0-9a-f]{16}$"))]' \
	    "$d/w/narration/02-01.wav.json"
	assert_output '["openai","gpt-4o-mini-tts","alloy",1,true,true,true,true]'
	MV_TTS_VOICE=nova MV_TTS_SPEED=1.25 run -0 mv-assemble -d "$d/w" -n 2 "$d/05.json"
	run -0 bodies speech '[.voice, .speed]'
	assert_line '["nova",1.25]'
}

@test "openai speech: an MP3 reply is turned into a WAV" {
	use_openai_speech
	ffmpeg -v error -f lavfi -i sine=d=1.5 -c:a libmp3lame -y "$d/a.mp3"
	fake_state audio "\"$(base64 -w0 "$d/a.mp3")\""
	run -0 --separate-stderr mv-assemble -d "$d/w" -n 1 "$d/05.json"
	run -0 audio "$d/w/narration/01.wav"
	assert_regex "$output" '^pcm_s16le,44100,1,1\.5'
	assert_equal "$(leftover_temps "$d/w")" ""
}

@test "openai speech: a streamed WAV, its sizes unset, is kept with them set" {
	use_openai_speech
	wav=$(python3 -c 'import base64, struct, sys
data = struct.pack("<h", 1000) * 36000
sys.stdout.write(base64.b64encode(b"RIFF\xff\xff\xff\xffWAVEfmt " +
    struct.pack("<IHHIIHH", 16, 1, 1, 24000, 48000, 2, 16) +
    b"data\xff\xff\xff\xff" + data).decode())')
	fake_state audio "\"$wav\""
	fake_state audio_type '"audio/wav"'
	run -0 --separate-stderr mv-assemble -d "$d/w" -n 5 "$d/05.json"
	run -0 audio "$d/w/narration/05.wav"
	assert_output 'pcm_s16le,24000,1,1.500000'
	assert_equal "$(od -An -tu4 -j40 -N4 "$d/w/narration/05.wav" | tr -d ' ')" 72000
	assert_equal "$(jq .seconds "$d/w/narration/05-01.wav.json")" 1.5
}

@test "speech: a page or nothing where the sound should be is never kept" {
	use_openai_speech
	mv-assemble -d "$d/w" -n 3 "$d/05.json"
	cp "$d/w/narration/03.wav" "$d/old.wav"
	fake_ctl faults '{"path": "speech", "action": "html"}'
	run -1 --separate-stderr mv-assemble -d "$d/w" -n 3 "$d/05.json"
	assert_regex "$stderr" '^mv-assemble: scene 3: openai: the narration is not audio \(text/html, [0-9]+ bytes\)$'
	fake_ctl faults '{"path": "speech", "action": "emptyaudio"}'
	run -1 --separate-stderr mv-assemble -d "$d/w" -n 3 "$d/05.json"
	assert_equal "$stderr" "mv-assemble: scene 3: openai: the narration is empty"
	fake_state audio '"UklGRiQAAABXQVZFZm10IBAAAAABAAEAwF0AAIC7AAACABAAZGF0YQAAAAA="'
	run -1 --separate-stderr mv-assemble -d "$d/w" -n 3 "$d/05.json"
	assert_equal "$stderr" "mv-assemble: scene 3: openai: the narration is not usable audio (WAV: no samples in it)"
	cmp "$d/w/narration/03.wav" "$d/old.wav"
	assert_equal "$(leftover_temps "$d/w")" ""
}

@test "elevenlabs: the request with xi-api-key and timestamps, raw PCM kept as a WAV" {
	export MV_TTS=elevenlabs MV_TTS_BASE_URL=$FAKE_URL ELEVENLABS_API_KEY=$KEY
	export OPENAI_API_KEY=sk-not-this-one
	run -0 --separate-stderr mv-assemble -d "$d/w" -n 4 "$d/05.json"
	run -0 fake_requests '^/v1/text-to-speech/'
	assert_equal "${#lines[@]}" 1
	text=$(jq -r '.segments[] | select(.scene == 4) | .narration' "$d/05.json")
	run -0 jq -r '[.method, .path, .query.output_format[0],
	    .headers["xi-api-key"], .headers.authorization // "none",
	    .body.model_id, (.body | has("voice_settings")), .body.text] | @tsv' <<< "$output"
	assert_output "POST	/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/with-timestamps	pcm_24000	$KEY	none	eleven_multilingual_v2	false	$text"
	run -0 audio "$d/w/narration/04.wav"
	assert_regex "$output" '^pcm_s16le,24000,1,[1-9]'
	run -0 jq -c '[.provider, .model, .voice, .usage.seconds > 1]' "$d/w/narration/04-01.wav.json"
	assert_output '["elevenlabs","eleven_multilingual_v2","21m00Tcm4TlvDq8ikWAM",true]'
	MV_TTS_SPEED=1.1 run -0 mv-assemble -d "$d/w" -n 4 "$d/05.json"
	run -0 bodies text-to-speech '.voice_settings'
	assert_line '{"speed":1.1}'
}

@test "elevenlabs: a French brief with an English-only model is spoken by eleven_multilingual_v2, and said; language_code only for v2.5" {
	export MV_TTS=elevenlabs MV_TTS_BASE_URL=$FAKE_URL ELEVENLABS_API_KEY=$KEY
	jq '.preferences.language = "fr"' "$d/05.json" > "$d/fr.json"
	export MV_TTS_MODEL=eleven_monolingual_v1
	run -0 --separate-stderr mv-assemble -x -d "$d/w" "$d/fr.json"
	assert_equal "$stderr" "mv-assemble: elevenlabs: eleven_monolingual_v1 does not speak French: the narration uses eleven_multilingual_v2"
	run -0 --separate-stderr mv-assemble -d "$d/w" -n 1 "$d/fr.json"
	run -0 bodies text-to-speech '[.model_id, has("language_code")]'
	assert_equal "$(sort -u <<< "$output")" '["eleven_multilingual_v2",false]'
	run -0 jq -r .model "$d/w/narration/01-01.wav.json"
	assert_output eleven_multilingual_v2
	# Flash v2.5 speaks French as asked, and takes a language_code.
	: > "$FAKE_LOG"
	MV_TTS_MODEL=eleven_flash_v2_5 run -0 --separate-stderr \
	    mv-assemble -d "$d/w" -n 1 "$d/fr.json"
	run -0 bodies text-to-speech '[.model_id, .language_code]'
	assert_equal "$(sort -u <<< "$output")" '["eleven_flash_v2_5","fr"]'
	# English: the model as asked, no language_code.
	: > "$FAKE_LOG"
	run -0 mv-assemble -d "$d/w" -n 1 "$d/05.json"
	run -0 bodies text-to-speech '[.model_id, has("language_code")]'
	assert_equal "$(sort -u <<< "$output")" '["eleven_monolingual_v1",false]'
}

@test "elevenlabs: a bad key fails at once with ElevenLabs' own message" {
	export MV_TTS=elevenlabs MV_TTS_BASE_URL=$FAKE_URL MV_TTS_API_KEY=bad-eleven-key
	run -1 --separate-stderr mv-assemble -d "$d/w" -n 1 "$d/05.json"
	assert_equal "$stderr" "mv-assemble: scene 1: elevenlabs: 401: Invalid API key"
	assert_equal "$(fake_ctl stats | jq .requests)" 1
	[ ! -e "$d/w/narration/01.wav" ]
}

@test "MV_TTS=none: no narration clips, the scenes last their segments' seconds" {
	MV_TTS=none run -0 mv-assemble -x -d "$d/w" "$d/05.json"
	assert_equal "$(cat "$d/w/narration/index")" ""
	MV_TTS=none run -1 --separate-stderr mv-assemble -n 1 -d "$d/w" "$d/05.json"
	assert_equal "$stderr" "mv-assemble: '$d/05.json': MV_TTS is none: there is nothing to speak"
	# (The video is not what is tested: the smallest.)
	mv-design -d "$d/w" -s 128x72 -o "$d/05.json" "$d/04.json"
	MV_TTS=none run -0 --separate-stderr mv-assemble -d "$d/w" -s 128x72 -p ultrafast -o "$d/06.json" "$d/05.json"
	run -0 jq -c '[.narration[] | [.provider, .audio]] | unique' "$d/06.json"
	assert_output '[["none",null]]'
	assert_equal "$(jq -c '[.narration[].seconds]' "$d/06.json")" \
	    "$(jq -c '[.segments[].seconds]' "$d/06.json")"
	assert_equal "$(fake_ctl stats | jq .requests)" 0
}

@test "request files hold what decides each picture and clip, never the key" {
	use_openai_images
	use_openai_speech
	export MV_IMAGE_BASE_URL=http://me:pw@127.0.0.1:1/v1?x=1
	run -0 mv-design -x -s 320x180 -d "$d/w" "$d/05.json"
	run -0 mv-assemble -x -d "$d/w" "$d/05.json"
	run -0 jq -c '[.provider, .model, .base_url, .size, .quality,
	    .style, .seed, .width] ' "$d/w/scenes/01.json"
	assert_output '["openai","gpt-image-1","http://127.0.0.1:1/v1","1536x1024",null,null,null,320]'
	run -0 jq -c '[.provider, .model, .voice, .speed, .format,
	    (.base_url | endswith("/v1"))]' "$d/w/narration/01-01.json"
	assert_output '["openai","gpt-4o-mini-tts","alloy",1,"wav",true]'
	run grep -rl -e "$KEY" -e pw@ "$d/w"
	assert_failure
	# A service is asked for the prompt the plan (-p) holds for the scene.
	jq '.scenes[0].prompt = "A fox in a meadow, drawn in crayon."' "$d/05.json" > "$d/planned.json"
	mv-design -x -s 320x180 -d "$d/p" "$d/planned.json"
	assert_equal "$(jq -r .prompt "$d/p/scenes/01.json")" "A fox in a meadow, drawn in crayon."
	assert_equal "$(jq -r .prompt "$d/p/scenes/02.json")" "$(jq -r '.scenes[1].prompt' "$d/05.json")"
	# A new key changes no request: nothing to make again.
	touch -d '2001-01-01' "$d"/w/scenes/*.json "$d"/w/narration/*.json
	MV_IMAGE_API_KEY=sk-other MV_TTS_API_KEY=sk-other mv-design -x -s 320x180 -d "$d/w" "$d/05.json"
	MV_TTS_API_KEY=sk-other mv-assemble -x -d "$d/w" "$d/05.json"
	assert_equal "$(find "$d/w" -name '[0-9]*.json' -newer "$d/05.json" | wc -l)" 0
	# A new quality changes every picture's request, and only those.
	MV_IMAGE_QUALITY=low mv-design -x -s 320x180 -d "$d/w" "$d/05.json"
	assert_equal "$(find "$d/w/scenes" -name '*.json' -newer "$d/05.json" | wc -l)" 5
	assert_equal "$(find "$d/w/narration" -name '*.json' -newer "$d/05.json" | wc -l)" 0
}

# long_narration FILE N CHARS: FILE with scene N's narration made CHARS
# characters long or more, of whole sentences.
long_narration() {
	local s='The little seed dreamed of the warm sun, and the rain sang softly to it all night long. '
	local text=$s
	while [ ${#text} -lt "$3" ]; do text+=$s; done
	jq --argjson n "$2" --arg t "${text% }" \
	    '(.segments[] | select(.scene == $n) | .narration) = $t' "$1" > "$1.new"
	mv "$1.new" "$1"
}

# max_step WAV: the largest jump between two samples of a 16-bit mono WAV
# (a seam without a fade jumps; the fake's sine steps at most about 920).
max_step() {
	python3 -c 'import struct, sys, wave
w = wave.open(sys.argv[1]); d = w.readframes(w.getnframes())
s = struct.unpack("<%dh" % (len(d) // 2), d)
print(max(abs(s[i + 1] - s[i]) for i in range(len(s) - 1)))' "$1"
}

@test "openai speech: a narration over 4096 characters is spoken in parts cut at sentences and joined without a click" {
	use_openai_speech
	long_narration "$d/05.json" 2 9000
	text=$(jq -r '.segments[] | select(.scene == 2) | .narration' "$d/05.json")
	run -0 --separate-stderr mv-assemble -d "$d/w" -n 2 "$d/05.json"
	run -0 bodies '^/v1/audio/speech$' '.input | [length <= 4096, endswith("long.")]'
	assert_equal "${#lines[@]}" 3
	assert_equal "$(printf '%s\n' "${lines[@]}" | sort -u)" '[true,true]'
	# The parts, put in order (they run at once), are the narration.
	assert_equal "$(fake_requests speech | jq -rs --arg t "$text" \
	    'map(.body.input) | sort_by(. as $p | $t | index($p)) | join(" ")')" "$text"
	# One clip (the scene's one line) as long as its parts (the fake speaks words / 2.5 s each).
	want=$(fake_requests speech | jq -s '[.[].body.input | split(" ") |
	    length / 2.5 * 24000 | floor] | add / 24000')
	run -0 audio "$d/w/narration/02-01.wav"
	assert_regex "$output" '^pcm_s16le,24000,1,'
	(( $(bc -l <<< "${output##*,} - $want < 0.001 && $want - ${output##*,} < 0.001") ))
	run -0 jq -c --arg t "$text" '[.parts, .text == $t,
	    .usage.characters == ($t | length) - 2, .usage.seconds == .seconds]' \
	    "$d/w/narration/02-01.wav.json"
	assert_output '[3,true,true,true]'
	# Parts that end loud and begin silent (a ramp up) meet without a
	# click: each seam is faded. (Streamed WAVs, their sizes unset: each
	# part's true length counts.)
	python3 -c 'import struct, sys
n = 24000 * 32  # 96 s in all: within the bounds of the planned length
data = b"".join(struct.pack("<h", i * 8000 // n) for i in range(n))
sys.stdout.buffer.write(b"RIFF\xff\xff\xff\xffWAVEfmt " +
    struct.pack("<IHHIIHH", 16, 1, 1, 24000, 48000, 2, 16) +
    b"data\xff\xff\xff\xff" + data)' > "$d/ramp.wav"
	fake_state_file audio "$d/ramp.wav"
	fake_state audio_type '"audio/wav"'
	run -0 --separate-stderr mv-assemble -d "$d/w" -n 2 "$d/05.json"
	run -0 audio "$d/w/narration/02-01.wav"
	assert_output 'pcm_s16le,24000,1,96.000000'
	[ "$(max_step "$d/w/narration/02-01.wav")" -lt 100 ]
}

@test "elevenlabs: a narration over what one timed reply carries is spoken in parts of 5000 characters, under the model's limit" {
	export MV_TTS=elevenlabs MV_TTS_BASE_URL=$FAKE_URL ELEVENLABS_API_KEY=$KEY
	long_narration "$d/05.json" 1 15000
	run -0 --separate-stderr mv-assemble -d "$d/w" -n 1 "$d/05.json"
	run -0 bodies text-to-speech '.text | length <= 5000'
	assert_equal "${lines[*]}" "true true true true"
	run -0 jq -c '[.parts, .seconds > 1000 / 2.5]' "$d/w/narration/01-01.wav.json"
	assert_output '[4,true]'
	# The parts' words follow each other in the joined clip, rising.
	run -0 jq '[.words[].start] | . == sort and length > 2000' "$d/w/narration/01-01.wav.words.json"
	assert_output true
}

@test "elevenlabs: raw PCM labelled audio/mpeg is kept by what was asked; a page or JSON so labelled is not" {
	export MV_TTS=elevenlabs MV_TTS_BASE_URL=$FAKE_URL ELEVENLABS_API_KEY=$KEY
	# Samples that begin like an MPEG frame sync (-1) and like JSON ('{').
	for lead in '\xff\xff' '{\x00'; do
		fake_state audio "\"$(python3 -c 'import base64, struct, sys
lead = sys.argv[1].encode().decode("unicode_escape").encode("latin-1")
sys.stdout.write(base64.b64encode(lead + struct.pack("<h", 500) * 47999).decode())' "$lead")\""
		run -0 --separate-stderr mv-assemble -d "$d/w" -n 1 "$d/05.json"
		run -0 audio "$d/w/narration/01.wav"
		assert_output 'pcm_s16le,24000,1,2.000000'
	done
	cp "$d/w/narration/01.wav" "$d/old.wav"
	fake_state audio null
	fake_ctl faults '{"path": "speech", "action": "html"}'
	run -1 --separate-stderr mv-assemble -d "$d/w" -n 1 "$d/05.json"
	assert_regex "$stderr" '^mv-assemble: scene 1: elevenlabs: the narration is not audio \(text/html, [0-9]+ bytes\)$'
	fake_state audio "\"$(printf '{"detail": {"status": "busy", "message": "try later"}}' | base64 -w0)\""
	run -1 --separate-stderr mv-assemble -d "$d/w" -n 1 "$d/05.json"
	assert_regex "$stderr" '^mv-assemble: scene 1: elevenlabs: the narration is not audio \(application/json, [0-9]+ bytes\)$'
	cmp "$d/w/narration/01.wav" "$d/old.wav"
}

@test "openai dall-e-2: a prompt over 1000 characters is fitted, style and background first, never a look, and said" {
	use_openai_images
	export MV_IMAGE_MODEL=dall-e-2
	jq '.segments[0].background += ", " + ([range(0; 10) |
	    "a wooden fence with a blue gâte, ünder the élm"] | join(", "))' "$d/04.json" > "$d/long.json"
	run -0 --separate-stderr mv-design -d "$d/w" -s 320x180 -o "$d/05.json" "$d/long.json"
	run -0 bodies '^/v1/images/generations$' '.prompt | length <= 1000'
	assert_equal "$(printf '%s\n' "${lines[@]}" | sort -u)" true
	# Every look of the scene's characters is in its prompt, whole.
	run -0 jq -r '.characters as $c | .scenes[0] | . as $s | $c[] |
	    select(.name as $n | $s.characters | index($n)) |
	    .look as $l | $s.prompt | contains($l)' "$d/05.json"
	assert_equal "$(printf '%s\n' "${lines[@]}" | sort -u)" true
	assert_equal "${#lines[@]}" 2
	run -0 jq -c '.scenes[0] | [(.prompt | length <= 1000),
	    (.shortened | map([.part, .to > 0])), (.shortened | all(.to < .from)),
	    (.prompt | startswith("Setting: sunny vegetable garden (colourful")),
	    (.prompt | test("blue gâte[.]"))]' "$d/05.json"
	assert_output '[true,[["style",false],["background",true]],true,true,false]'
	assert_regex "$stderr" "mv-design: scene 1: openai: the prompt was shortened to the 1000 characters dall-e-2 takes: the style from [0-9]+ to [0-9]+ characters, the background from [0-9]+ to [0-9]+ characters"
	run -0 jq -c '.log[-1].warnings | length' "$d/05.json"
	assert_output 1
	# The other scenes were short enough: as they were.
	run -0 jq -c '[.scenes[1:][] | has("shortened")] | unique' "$d/05.json"
	assert_output '[false]'
}

@test "openai dall-e-2: when the looks alone are over the limit it fails before any call" {
	use_openai_images
	export MV_IMAGE_MODEL=dall-e-2
	jq '.context.characters[0].traits = [range(0; 120) | "wonderfully kind"]' \
	    "$d/04.json" > "$d/big.json"
	run -1 --separate-stderr mv-design -d "$d/w" -s 320x180 "$d/big.json"
	assert_regex "$stderr" "^mv-design: scene 1: openai: dall-e-2 takes at most 1000 characters of prompt, and the characters' looks alone take [0-9]+: choose a model that takes more \\(MV_IMAGE_MODEL\\)$"
	assert_equal "$(fake_ctl stats | jq .requests)" 0
	# dall-e-3 takes 4000: the looks fit.
	MV_IMAGE_MODEL=dall-e-3 run -0 --separate-stderr mv-design -d "$d/w" -s 320x180 -o "$d/05.json" "$d/big.json"
}

@test "a1111: an unknown sampler is reported with A1111's detail, not the exception's class" {
	export MV_IMAGE=a1111 MV_IMAGE_BASE_URL=$FAKE_URL MV_IMAGE_SAMPLER="Euler z"
	run -1 --separate-stderr mv-design -d "$d/w" -n 2 "$d/05.json"
	assert_equal "$stderr" "mv-design: scene 2: a1111: 400: Sampler not found"
	# Another exception has no detail; its text is in "errors".
	unset MV_IMAGE_SAMPLER
	fake_ctl faults '{"path": "txt2img", "action": "oom"}'
	MV_RETRIES=0 run -1 --separate-stderr mv-design -d "$d/w" -n 2 "$d/05.json"
	assert_equal "$stderr" "mv-design: scene 2: a1111: 500: CUDA out of memory. Tried to allocate 2.00 GiB"
}

@test "a1111: the checkpoint the server says it used is recorded, and a name it ignored is said" {
	export MV_IMAGE=a1111 MV_IMAGE_BASE_URL=$FAKE_URL
	MV_IMAGE_MODEL="dreamshaper_8.safetensors [879db523c3]" run -0 --separate-stderr mv-design -d "$d/w" -n 1 "$d/05.json"
	assert_equal "$stderr" ""
	run -0 jq -c '[.model, .checkpoint, .checkpoint_hash, has("model_asked")]' "$d/w/scenes/01.png.json"
	assert_output '["dreamshaper_8.safetensors [879db523c3]","dreamshaper_8","879db523c3",false]'
	MV_IMAGE_MODEL=sdxl-nonesuch run -0 --separate-stderr mv-design -d "$d/w" -n 1 "$d/05.json"
	assert_equal "$(bodies txt2img .override_settings.sd_model_checkpoint | tail -1)" '"sdxl-nonesuch"'
	assert_equal "$stderr" "mv-design: scene 1: a1111: the checkpoint 'sdxl-nonesuch' was asked for, but the server used 'fake-sd15' (it ignores a name it does not have: see its /sdapi/v1/sd-models)"
	run -0 jq -c '[.model, .model_asked, .checkpoint, .checkpoint_hash, (.warnings | length)]' "$d/w/scenes/01.png.json"
	assert_output '["fake-sd15","sdxl-nonesuch","fake-sd15","6ce0161689",1]'
}

@test "openrouter: a 200 that carries an error is reported with its message" {
	export MV_IMAGE=openrouter MV_IMAGE_BASE_URL=$FAKE_URL/api/v1 MV_IMAGE_API_KEY=$KEY
	fake_ctl faults '{"path": "chat", "action": "error200"}'
	run -1 --separate-stderr mv-design -d "$d/w" -n 2 "$d/05.json"
	assert_equal "$stderr" "mv-design: scene 2: openrouter: 502: Provider returned error"
}

@test "openrouter: a reply without a picture that quotes the key is quoted redacted" {
	export MV_IMAGE=openrouter MV_IMAGE_BASE_URL=$FAKE_URL/api/v1 MV_IMAGE_API_KEY=$KEY
	fake_ctl faults '{"path": "chat", "action": "echokey"}'
	run -1 --separate-stderr mv-design -d "$d/w" -n 2 "$d/05.json"
	assert_equal "$stderr" "mv-design: scene 2: openrouter: the reply has no picture: No picture for key *** today."
}

@test "openrouter: Flux is asked for the image modality alone; a refused choice is made again once with the other" {
	export MV_IMAGE=openrouter MV_IMAGE_BASE_URL=$FAKE_URL/api/v1 MV_IMAGE_API_KEY=$KEY
	MV_IMAGE_MODEL=black-forest-labs/flux.2-pro run -0 --separate-stderr mv-design -d "$d/w" -s 320x180 -o "$d/05.json" "$d/04.json"
	run -0 bodies chat/completions .modalities
	assert_equal "$(printf '%s\n' "${lines[@]}" | sort -u)" '["image"]'
	assert_equal "${#lines[@]}" 5
	# A model mv does not know, that makes only pictures.
	fake_state modalities '{"acme/painter-1": ["image"]}'
	: > "$FAKE_LOG"
	MV_IMAGE_MODEL=acme/painter-1 run -0 --separate-stderr mv-design -d "$d/w" -s 320x180 -o "$d/05.json" "$d/04.json"
	run -0 jq -sc 'sort_by(.t0) | map([.body.modalities, .status]) | group_by(.) | map([.[0], length])' "$FAKE_LOG"
	assert_output '[[[["image"],200],5],[[["image","text"],404],5]]'
	[ -s "$d/w/scenes/05.png" ]
}

@test "a GIF is kept as PNG: a picture is judged by its bytes" {
	export MV_IMAGE=a1111 MV_IMAGE_BASE_URL=$FAKE_URL
	ffmpeg -v error -f lavfi -i color=c=blue:s=80x48 -frames:v 1 -y "$d/pic.gif"
	fake_state picture "\"$(base64 -w0 "$d/pic.gif")\""
	run -0 --separate-stderr mv-design -d "$d/w" -n 3 "$d/05.json"
	assert_equal "$(head -c 8 "$d/w/scenes/03.png" | od -An -c | tr -d ' ')" '211PNG\r\n032\n'
	assert_equal "$(size "$d/w/scenes/03.png")" 80x48
}

@test "openai gpt-image-1: a reply without usage is kept, with no tokens made up" {
	use_openai_images
	fake_ctl faults '{"path": "images", "action": "nousage"}'
	run -0 --separate-stderr mv-design -d "$d/w" -n 2 "$d/05.json"
	run -0 jq -c '[.usage, has("tokens"), .size]' "$d/w/scenes/02.png.json"
	assert_output '[{"images":1},false,"1536x1024"]'
}

@test "openai speech: raw samples where a WAV was asked for are not taken as sound" {
	use_openai_speech
	fake_state audio "\"$(python3 -c 'import base64, struct, sys
sys.stdout.write(base64.b64encode(struct.pack("<h", 500) * 48000).decode())')\""
	fake_state audio_type '"audio/wav"'
	run -1 --separate-stderr mv-assemble -d "$d/w" -n 1 "$d/05.json"
	assert_equal "$stderr" "mv-assemble: scene 1: openai: the narration is not audio (audio/wav, 96000 bytes)"
}

@test "a service's clip far shorter than its text is refused before it is kept; the old one intact" {
	use_openai_speech
	mv-assemble -d "$d/w" -n 2 "$d/05.json"
	cp "$d/w/narration/02.wav" "$d/old.wav"
	cp "$d/w/narration/02-01.wav.json" "$d/old.json"
	ffmpeg -v error -f lavfi -i sine=d=0.1 -ar 24000 -c:a pcm_s16le -y "$d/short.wav"
	fake_state_file audio "$d/short.wav"
	fake_state audio_type '"audio/wav"'
	MV_TTS_VOICE=nova run -1 --separate-stderr mv-assemble -d "$d/w" -n 2 "$d/05.json"
	n=$(jq -r '.segments[] | select(.scene == 2) | .narration' "$d/05.json" | wc -w)
	assert_regex "$stderr" "'$d/w/narration/02-01.wav': 0\.10 s of speech for $n words; expected [0-9.]+ to [0-9.]+ s at 150 words a minute"
	cmp "$d/w/narration/02.wav" "$d/old.wav"
	cmp "$d/w/narration/02-01.wav.json" "$d/old.json"
	assert_equal "$(leftover_temps "$d/w")" ""
}
