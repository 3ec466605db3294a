#!/usr/bin/env bats
# The whole pipeline on the fake AI services (tests/lib/fakeapi/): every
# step talks HTTP, the video comes out, the usage adds up, and the keys
# are nowhere to be found afterwards.
bats_require_minimum_version 1.5.0
load helper
load lib/fakeapi

# Keys made to be found: if any of them shows up in a file, a log or a
# child's command line, the test names it.
KEY_LLM=sk-test-LLMKEY-e2e-4f1c
KEY_IMG=sk-test-IMGKEY-e2e-9b2d
KEY_TTS=sk-test-TTSKEY-e2e-77aa
KEY_SEARCH=tvly-test-SEARCHKEY-e2e-31

setup() {
	wf=$BATS_TEST_TMPDIR/wf
	W=$wf/t
	fake_start
	export MV_LLM=openai MV_LLM_BASE_URL=$FAKE_URL/v1 MV_LLM_API_KEY=$KEY_LLM
	export MV_SEARCH=tavily MV_SEARCH_BASE_URL=$FAKE_URL TAVILY_API_KEY=$KEY_SEARCH
	export MV_IMAGE=openai MV_IMAGE_BASE_URL=$FAKE_URL/v1 MV_IMAGE_API_KEY=$KEY_IMG
	export MV_TTS=openai MV_TTS_BASE_URL=$FAKE_URL/v1 MV_TTS_API_KEY=$KEY_TTS
	export MV_BACKOFF_MS=10
	# A picture a scene, each from its text: the characters' sheets, and
	# the scenes made with them, are 7006's.
	export MV_IMAGE_SHEETS=0
	# Every FFmpeg run is logged (its command line), then run for real.
	mkdir -p "$BATS_TEST_TMPDIR/bin"
	cat > "$BATS_TEST_TMPDIR/bin/ffmpeg" <<-EOF2
	#!/bin/sh
	printf '%s\n' "\$*" >> "$BATS_TEST_TMPDIR/argv.log"
	exec $(command -v ffmpeg) "\$@"
	EOF2
	chmod +x "$BATS_TEST_TMPDIR/bin/ffmpeg"
	export PATH=$BATS_TEST_TMPDIR/bin:$PATH
	export MV_CALL_LOG=$BATS_TEST_TMPDIR/calls
}

pipe() {
	make -s -C "$top" --no-print-directory BIN="$MV_BIN" WORKFLOWS="$wf" \
	    WORKFLOW=t SIZE="$SIZE" "$@"
}

# no_keys FILE...: none of the keys in any of the files.
no_keys() {
	local k
	for k in "$KEY_LLM" "$KEY_IMG" "$KEY_TTS" "$KEY_SEARCH"; do
		if grep -rlF -- "$k" "$@"; then
			fail "key $k found in the files above"
		fi
	done
}

# One run on every service carries all the checks of a whole run (each
# pipeline run costs seconds): the video, the calls, provenance, usage and
# cost, and the keys nowhere, even with MV_TRACE on and a call failing.
@test "the whole pipeline runs on the HTTP providers: a real video, provenance, cost, and no key anywhere" {
	export MV_TRACE=1
	unset MV_QUIET
	run -0 --separate-stderr pipe -j2 INPUT="$top/examples/little-seed.json"
	[ -s "$W/video.mp4" ]
	assert_equal "$(ffprobe -v error -show_entries stream=codec_name -of csv=p=0 "$W/video.mp4" | paste -sd' ')" "h264 aac bin_data"
	# Every kind of call went to the fake, with its key.
	for p in /v1/chat/completions /search /v1/images/generations /v1/audio/speech; do
		[ "$(fake_requests "^$p\$" | wc -l)" -gt 0 ] || fail "no request to $p"
	done
	fake_requests '^/v1/chat/completions$' | jq -se --arg k "Bearer $KEY_LLM" 'all(.[]; .headers.authorization == $k)' > /dev/null
	n=$(jq '.segments | length' "$W/04_script_segments.json")
	assert_equal "$(fake_requests '^/v1/images/generations$' | wc -l)" "$n"
	# One clip a line of a scene.
	assert_equal "$(fake_requests '^/v1/audio/speech$' | wc -l)" \
	    "$(jq '[.segments[].lines[]] | length' "$W/04_script_segments.json")"
	# Each step's log names its provider and model and what it used.
	run -0 jq -r '.log[] | select(.program == "mv-story") | [.provider, .model, .usage.prompt_tokens > 0] | @tsv' "$W/06_final_output.json"
	assert_output $'openai\tgpt-4o-mini\ttrue'
	# Sidecars beside the pictures and clips, folded into the final state.
	run -0 jq -c '[.provider, .model, .usage.images, .size]' "$W/scenes/03.png.json"
	assert_output '["openai","gpt-image-1",1,"1536x1024"]'
	run -0 jq -c '[.scenes[] | [.provider, .model, .usage.images, .size,
	    has("request")]] | unique' "$W/06_final_output.json"
	assert_output '[["openai","gpt-image-1",1,"1536x1024",false]]'
	run -0 jq -c '[.narration[] | [.provider, .model, .voice]] | unique' \
	    "$W/06_final_output.json"
	assert_output '[["openai","gpt-4o-mini-tts","alloy"]]'
	run -0 jq -c '[.narration[].lines[] | [.provider, .model,
	    .usage.characters == (.text | length), .usage.seconds == .seconds]]
	    | unique' "$W/06_final_output.json"
	assert_output '[["openai","gpt-4o-mini-tts",true,true]]'
	# The run ended by saying what it cost; make cost counts each call
	# once: tokens, pictures, characters of speech, searches.
	assert_regex "$stderr" "mv: cost: .*openai gpt-image-1: $n images"
	trace=$stderr
	run -0 pipe cost
	assert_line --regexp $'^openai\tgpt-4o-mini\t.*prompt_tokens=[1-9]'
	assert_line --regexp $'^openai\tgpt-image-1\timages='"$n"$'\t'
	assert_line --regexp $'^openai\tgpt-4o-mini-tts\tcharacters=[0-9]+ seconds=[0-9.]+\t'
	assert_line --regexp $'^tavily\t'
	# No key in any file, the call log, the commands FFmpeg ran with, or
	# what was printed (the trace included).
	no_keys "$W" "$BATS_TEST_TMPDIR/calls" "$BATS_TEST_TMPDIR/argv.log"
	for k in "$KEY_LLM" "$KEY_IMG" "$KEY_TTS" "$KEY_SEARCH"; do
		[[ $trace != *"$k"* ]] || fail "key $k on stderr"
	done
	[[ $trace == *"POST $FAKE_URL/v1/chat/completions"* ]] || fail "no trace"
	# Not even when a call fails: the key is wrong, the service says so.
	fake_state chat_key '"sk-the-right-one"'
	rm "$W/03_story.json"
	run -2 --separate-stderr pipe
	assert_regex "$stderr" "mv-story: openai: 401: Incorrect API key provided"
	[[ $stderr != *"$KEY_LLM"* ]] || fail "the key on stderr"
	no_keys "$W" "$BATS_TEST_TMPDIR/calls"
	# The 401 was not retried.
	assert_equal "$(fake_requests '^/v1/chat/completions$' | jq -s 'map(select(.status == 401)) | length')" 1
}

@test "a changed image model re-draws the pictures and nothing before them" {
	pipe -j2 INPUT="$top/examples/little-seed.json"
	before=$(fake_requests | wc -l)
	run -0 --separate-stderr pipe -j2 MV_IMAGE_MODEL=dall-e-3
	n=$(jq '.segments | length' "$W/04_script_segments.json")
	# (dall-e-3 answers with URLs: the pictures are downloaded from them.)
	assert_equal "$(fake_requests | tail -n +$((before + 1)) | jq -r .path | sed 's|^/files/.*|/files/|' | sort | uniq -c | awk '{ print $2, $1 }' | paste -sd' ')" "/files/ $n /v1/images/generations $n"
	fake_requests '^/v1/images/generations$' | tail -n "$n" | jq -se 'all(.[]; .body.model == "dall-e-3")' > /dev/null
	# Nothing changed: nothing called.
	before=$(fake_requests | wc -l)
	run -0 pipe
	assert_equal "$(fake_requests | wc -l)" "$before"
	# Back to the offline illustrator: its pictures say so, and the
	# service's records are gone; nothing else is called.
	run -0 pipe MV_IMAGE=offline
	assert_equal "$(fake_requests | wc -l)" "$before"
	run -0 jq -c '[.scenes[] | [.provider, .model, has("usage")]] | unique' \
	    "$W/06_final_output.json"
	assert_output '[["offline",null,false]]'
	[ ! -e "$W/scenes/01.png.json" ]
}

@test "every variable lib/core/conf.c reads a key from is refused on make's command line" {
	local k n=0
	for k in $(grep -oE '"[A-Z_]*(_API_KEY|_KEY)"' "$top/lib/core/conf.c" | tr -d '"' | sort -u) \
	    MV_STORY_API_KEY MV_DESIGN_API_KEY MV_IMAGE_API_KEY MV_TTS_API_KEY; do
		run -2 --separate-stderr pipe INPUT="$top/examples/little-seed.json" "$k=sk-cmdline-secret"
		assert_regex "$stderr" "$k: put keys in the environment"
		[[ $stderr != *sk-cmdline-secret* ]]
		n=$((n + 1))
	done
	[ ! -e "$W" ]
	# OPENROUTER_API_KEY and XI_API_KEY are among them.
	[ "$n" -ge 10 ]
}
