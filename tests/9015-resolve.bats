#!/usr/bin/env bats
# One home for the providers' settings: make records what each step's
# result depends on as the programs resolve it (mv-analyze -P, the
# conf_*() functions of lib/core/conf.c), from exactly the settings the
# steps see (environment, command line, params.mk), asked once a run, and
# takes every value as text: nothing a user typed is ever run.
bats_require_minimum_version 1.5.0
load helper

TINY="SIZE=160x90 FPS=24 PRESET=ultrafast"

# One finished offline workflow, copied by the tests that need one.
setup_file() {
	export BASE=$BATS_FILE_TMPDIR/base
	# shellcheck disable=SC2086
	make -s -C "$top" --no-print-directory -j2 BIN="$MV_BIN" \
	    WORKFLOWS="$BASE" WORKFLOW=t $TINY \
	    INPUT="$top/examples/little-seed.json" 2> /dev/null
}

setup() {
	root=$BATS_TEST_TMPDIR/wf
	W=$root/t
	export MV_CALL_LOG=$BATS_TEST_TMPDIR/calls
	: > "$MV_CALL_LOG"
	# No key or provider of the caller's may leak in.
	unset MV_LLM MV_TTS MV_IMAGE MV_SEARCH OPENAI_API_KEY LLM_API_KEY \
	    MV_LLM_API_KEY OPENROUTER_API_KEY
}

pipe() {
	make -s -C "$top" --no-print-directory BIN="$MV_BIN" \
	    WORKFLOWS="$root" WORKFLOW=t "$@"
}

# params [ARGS]: what each kind of target of workflow $W is made with now
# (pipeline.mk's params, which make why reads).
params() {
	make -s --no-print-directory -f "$top/pipelines/pipeline.mk" \
	    W="$W" BIN="$MV_BIN" "$@" params
}

# param KIND [ARGS]: the one line of KIND.
param() {
	local kind=$1
	shift
	params "$@" | awk -F '\t' -v k="$kind" '$1 == k { print $2 }'
}

@test "each step records the programs' own resolution: a key alone selects openai, the narrator's default is flite's" {
	mkdir -p "$W"
	assert_equal "$(param 03)" "story-1 llm=offline"
	assert_equal "$(param narration)" "tts-2 tts=flite"
	# A key alone selects openai for every text step (its value is
	# nowhere); the original tool's model name is the segmenter's; a
	# step's own provider wins.
	LLM_API_KEY=sk-test-9015-secret SCRIPT_SEGMENTER_MODEL=seg \
	    MV_STORY_LLM=offline run -0 params
	assert_line $'01\tanalyze-1 llm=openai model=default temperature=default max_tokens=default'
	assert_line $'03\tstory-1 llm=offline'
	assert_line $'04\tsegment-1 llm=openai model=seg temperature=default max_tokens=default'
	refute_output --partial "sk-test-9015"
	# A voice flite lacks asks for espeak-ng; a URL with a password is
	# "private".
	assert_equal "$(MV_TTS_VOICE=en-gb param narration)" \
	    "tts-2 tts=espeak VOICE=en-gb"
	assert_equal "$(MV_TTS=openai MV_TTS_BASE_URL=https://me:pw@tts.example/v1 \
	    param narration)" "tts-2 tts=openai BASE_URL=private"
	# A refused setting: the step's settings are "invalid", so it runs
	# and says why.
	assert_equal "$(MV_LLM=gpt param 01)" "analyze-1 llm=invalid"
}

@test "settings remembered in params.mk and given on the command line are the ones resolved" {
	mkdir -p "$W"
	printf 'MV_LLM := openai\nMV_IMAGE := a1111\n' > "$W/params.mk"
	assert_equal "$(param 02)" "research-1 search=none results=5 llm=openai model=default temperature=default max_tokens=default"
	# The file wins over the environment (as make passes it to the
	# steps), the command line over both.
	assert_equal "$(MV_IMAGE=openai param characters)" "sheet-1 image=a1111"
	assert_equal "$(param 02 MV_RESEARCH_LLM=offline MV_SEARCH=wikipedia)" \
	    "research-1 search=wikipedia results=5 llm=offline"
	assert_equal "$(param scenes MV_IMAGE=offline)" \
	    "image-1 SIZE=1920x1080 image=offline SUBTITLES=1"
}

@test "hostile values from the environment, the command line and params.mk are recorded as typed and never run" {
	mkdir -p "$W"
	local p=$BATS_TEST_TMPDIR/pwned
	# params.mk as run.sh writes it: $ as $$, # as \#.
	printf 'MV_TTS_MODEL := t$$(shell touch %s.file)\\#x\n' "$p" > "$W/params.mk"
	MV_TTS=openai MV_LLM_API_KEY=sk-test-9015 \
	    MV_LLM_MODEL="m\$(shell touch $p.env)#\`touch $p.tick\`'q\\" \
	    run -0 --separate-stderr params \
	    "MV_IMAGE_MODEL=i\$(shell touch $p.cli)\$\$(x)#;\"" MV_IMAGE=openai
	assert_equal "$stderr" ""
	assert_line $'03\tstory-1 llm=openai model=m$(shell touch '"$p"'.env)#`touch '"$p"'.tick`'"'"'q\ temperature=default max_tokens=default'
	assert_line $'characters\tsheet-1 image=openai MODEL=i$(shell touch '"$p"'.cli)$$(x)#;"'
	assert_line $'narration\ttts-2 tts=openai MODEL=t$(shell touch '"$p"'.file)#x'
	run ls "$BATS_TEST_TMPDIR"
	refute_output --partial pwned
}

@test "a finished workflow asks the programs once; naming the default narrator makes nothing again, naming another would speak every clip again" {
	mkdir -p "$root"
	cp -a "$BASE/t" "$root/"
	# A BIN whose mv-analyze counts its -P runs.
	local bin=$BATS_TEST_TMPDIR/bin
	mkdir "$bin"
	ln -s "$MV_BIN"/* "$bin/"
	rm "$bin/mv-analyze"
	printf '#!/bin/sh\n[ "$1" != -P ] || echo P >> %s\nexec %s "$@"\n' \
	    "$BATS_TEST_TMPDIR/asked" "$MV_BIN/mv-analyze" > "$bin/mv-analyze"
	chmod +x "$bin/mv-analyze"
	run -0 make -s -C "$top" --no-print-directory BIN="$bin" \
	    WORKFLOWS="$root" WORKFLOW=t
	assert_equal "$(wc -l < "$BATS_TEST_TMPDIR/asked")" 1
	assert_equal "$(wc -l < "$MV_CALL_LOG")" 0
	# make why says what a run would make (tests/9002-resume.bats holds
	# it to that) and writes nothing.
	run -0 --separate-stderr pipe why MV_TTS=flite
	assert_output ""
	# espeak is not the default: every clip would be spoken again.
	run -0 --separate-stderr pipe why MV_TTS=espeak
	assert_equal "$(grep -c '^narration/.*\.wav: tts changed (flite -> espeak)$' <<<"$output")" \
	    "$(wc -w < "$W/narration/index")"
	assert_equal "$(wc -l < "$MV_CALL_LOG")" 0
}

@test "a setting the programs refuse fails the step that reads it, with the program's message" {
	run -2 --separate-stderr pipe INPUT="$top/examples/little-seed.json" \
	    MV_LLM=openai MV_LLM_TEMPERATURE=hot
	assert_regex "$stderr" "mv-analyze: MV_LLM_TEMPERATURE: expected a number from 0 to 2"
	[ ! -e "$W/01_validated_context.json" ]
}
