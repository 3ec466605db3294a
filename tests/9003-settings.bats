#!/usr/bin/env bats
# The providers' settings under make: remembered, checked, kept secret;
# the offline note; the cost of a workflow's calls.
bats_require_minimum_version 1.5.0
load helper

setup() {
	wf=$BATS_TEST_TMPDIR/wf
	W=$wf/t
}

pipe() {
	make -s -C "$top" --no-print-directory BIN="$MV_BIN" WORKFLOWS="$wf" \
	    WORKFLOW=t SIZE="$SIZE" "$@"
}

@test "a key on make's command line is refused before anything runs, and never written" {
	run -2 pipe INPUT="$top/examples/little-seed.json" MV_LLM_API_KEY=sk-test-cmdline-123
	assert_output --partial "MV_LLM_API_KEY: put keys in the environment"
	refute_output --partial sk-test-cmdline-123
	[ ! -e "$W" ]
	for k in OPENAI_API_KEY TAVILY_API_KEY MV_STORY_API_KEY ELEVENLABS_API_KEY; do
		run -2 pipe INPUT="$top/examples/little-seed.json" "$k=secret"
		assert_output --partial "$k: put keys in the environment"
	done
}

@test "bad provider settings are refused before they are remembered" {
	mkdir -p "$W"
	echo 'SIZE := 320x180' > "$W/params.mk"
	cp "$W/params.mk" "$BATS_TEST_TMPDIR/params.mk"
	for kv in MV_LLM=gpt MV_STORY_LLM=claude MV_IMAGE=dalle MV_TTS=say \
	    MV_SEARCH=google MV_LLM_BASE_URL=ftp://x MV_CONCURRENCY=many \
	    MV_TIMEOUT= ; do
		run -2 pipe INPUT="$top/examples/little-seed.json" "$kv"
		assert_output --partial "mv: $kv: expected"
		cmp "$W/params.mk" "$BATS_TEST_TMPDIR/params.mk"
	done
	# A URL with a password in it is a secret: not remembered either.
	run -2 pipe INPUT="$top/examples/little-seed.json" MV_LLM_BASE_URL=https://me:pw@example.com/v1
	assert_output --partial "MV_LLM_BASE_URL: a URL with a user or password is a secret"
	refute_output --partial "pw@"
	cmp "$W/params.mk" "$BATS_TEST_TMPDIR/params.mk"
	[ ! -e "$W/00_input.json" ]
}

@test "good provider settings are remembered, and a later run uses them" {
	run -0 pipe INPUT="$top/examples/little-seed.json" MV_LLM_MODEL=my-model MV_CONCURRENCY=2 MV_TTS_VOICE=en-gb
	run -0 grep -c . "$W/params.mk"
	grep -qx 'MV_LLM_MODEL := my-model' "$W/params.mk"
	grep -qx 'MV_CONCURRENCY := 2' "$W/params.mk"
	# Remembered settings reach the programs: an unknown provider
	# remembered in the file (edited by hand) fails the step that reads it.
	echo 'MV_LLM := nonesuch' >> "$W/params.mk"
	run -2 pipe
	assert_output --partial "nonesuch"
}

@test "with no provider or key set a run says once that it is offline" {
	unset MV_QUIET
	run -0 --separate-stderr pipe INPUT="$top/examples/little-seed.json"
	assert_equal "$(grep -c 'mv: offline: no AI provider or key is set' <<< "$stderr")" 1
	# A key in the environment: no such note (the key itself chooses).
	run -0 --separate-stderr env TAVILY_API_KEY=tvly-x make -s -C "$top" --no-print-directory BIN="$MV_BIN" WORKFLOWS="$wf" WORKFLOW=t
	assert_equal "$(grep -c 'mv: offline' <<< "$stderr")" 0
	refute_output --partial tvly-x
	# Quiet: no note.
	MV_QUIET=1 run -0 --separate-stderr pipe
	assert_equal "$(grep -c 'mv: offline' <<< "$stderr")" 0
	# An offline workflow costs nothing and says nothing at the end.
	run -0 sh "$top/pipelines/cost.sh" "$W" brief
	assert_output ""
	run -0 make -s -C "$top" --no-print-directory BIN="$MV_BIN" WORKFLOWS="$wf" WORKFLOW=t cost
	assert_line --regexp $'^total\t\t\t0$'
}

@test "make cost sums every call's usage by provider and model, with prices from the table" {
	mkdir -p "$W/scenes" "$W/narration"
	cat > "$W/05_character_descriptions.json" <<-'EOF2'
	{"log":[{"provider":"offline","model":null},
	 {"provider":"openai","model":"gpt-4o-mini","usage":{"calls":1,"prompt_tokens":1000,"completion_tokens":500,"seconds":1.5}},
	 {"provider":"openai","model":"gpt-4o-mini","usage":{"calls":2,"prompt_tokens":3000,"completion_tokens":1500}},
	 {"provider":"tavily","model":null,"usage":{"searches":3}}]}
	EOF2
	# An earlier state's log is part of the later one: only the latest counts.
	echo '{"log":[{"provider":"openai","model":"gpt-4o-mini","usage":{"calls":1,"prompt_tokens":1000,"completion_tokens":500}}]}' > "$W/03_story.json"
	echo '{"provider":"openai","model":"gpt-image-1","usage":{"images":1}}' > "$W/scenes/01.png.json"
	echo '{"provider":"openai","model":"gpt-image-1","usage":{"images":1}}' > "$W/scenes/02.png.json"
	echo '{"provider":"openai","model":"gpt-4o-mini-tts","usage":{"characters":1000,"seconds":4}}' > "$W/narration/01.wav.json"
	run -0 make -s -C "$top" --no-print-directory BIN="$MV_BIN" WORKFLOWS="$wf" WORKFLOW=t cost
	assert_line --regexp $'^openai\tgpt-4o-mini\tcalls=3 completion_tokens=2000 prompt_tokens=4000 seconds=1.5\t0.0018$'
	assert_line --regexp $'^openai\tgpt-image-1\timages=2\t0.084$'
	assert_line --regexp $'^openai\tgpt-4o-mini-tts\tcharacters=1000 seconds=4\t0.015$'
	assert_line --regexp $'^tavily\t-\tsearches=3\t0.024$'
	assert_line --regexp $'^total\t\t\t0.1248$'
	# A model missing from the table makes the total unknown, not wrong.
	printf 'openai\tgpt-4o-mini\tprompt_tokens\t0.001\nopenai\tgpt-4o-mini\tcompletion_tokens\t0\n' > "$BATS_TEST_TMPDIR/prices"
	MV_PRICES=$BATS_TEST_TMPDIR/prices run -0 make -s -C "$top" --no-print-directory BIN="$MV_BIN" WORKFLOWS="$wf" WORKFLOW=t cost
	assert_line --regexp $'^openai\tgpt-4o-mini\t.*\t4$'
	assert_line --regexp $'^total\t\t\t\\?$'
	# The line at the end of a run.
	run -0 sh "$top/pipelines/cost.sh" "$W" brief
	assert_output "mv: cost: openai gpt-4o-mini: 3 calls, 2000 completion tokens, 4000 prompt tokens; openai gpt-4o-mini-tts: 1000 characters; openai gpt-image-1: 2 images; tavily: 3 searches; about \$0.1248"
}
