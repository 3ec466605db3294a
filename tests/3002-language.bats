#!/usr/bin/env bats
# The brief's language (issue 14): preferences.language, and the offline
# storyteller keeping the brief's own sentences in it.
bats_require_minimum_version 1.5.0
load helper
load lib/fakeapi

fx=$top/tests/fixtures/lang

@test "preferences.language: a BCP 47 tag in its canonical case, en by default, a bad one named" {
	run -0 mv-analyze "$top/examples/honest-fox.json"
	assert_equal "$(jq -r .preferences.language <<< "$output")" en
	for t in es pt-br ZH-hans-cn es-419 sw; do
		run -0 mv-analyze <(jq --arg t "$t" '.preferences.language = $t' "$fx/es.json")
		echo "$t" >> "$BATS_TEST_TMPDIR/got"
		jq -r .preferences.language <<< "$output" >> "$BATS_TEST_TMPDIR/got"
	done
	run -0 paste -sd' ' "$BATS_TEST_TMPDIR/got"
	assert_output "es es pt-br pt-BR ZH-hans-cn zh-Hans-CN es-419 es-419 sw sw"
	for t in e "español" es_ES "en-" "toolongsubtag1" 12; do
		run -1 --separate-stderr mv-analyze <(jq --arg t "$t" '.preferences.language = $t' "$fx/es.json")
		assert_regex "$stderr" "preferences\.language: expected a BCP 47 language tag such as en, es, pt-BR or zh-Hans, got '"
	done
}

@test "the offline narrator's voice follows the language unless the brief names one" {
	run -0 mv-analyze "$fx/es.json"
	assert_equal "$(jq -r .preferences.voice <<< "$output")" es
	run -0 mv-analyze <(jq '.preferences.language = "zh"' "$fx/es.json")
	assert_equal "$(jq -r .preferences.voice <<< "$output")" cmn
	run -0 mv-analyze <(jq '.preferences.voice = "es-419"' "$fx/es.json")
	assert_equal "$(jq -r .preferences.voice <<< "$output")" es-419
	# A language without a row: the voice espeak-ng has for it.
	run -0 mv-analyze <(jq '.preferences.language = "nl"' "$fx/es.json")
	assert_equal "$(jq -r .preferences.voice <<< "$output")" nl
}

@test "a language no offline narrator speaks fails in mv-analyze, naming the settings; a speech service is not refused" {
	cd "$BATS_TEST_TMPDIR"
	jq '.preferences.language = "tlh"' "$fx/es.json" > tlh.json
	for tts in "" flite espeak; do
		MV_TTS=$tts run -1 --separate-stderr mv-analyze tlh.json
		assert_equal "$output" ""
		assert_equal "$stderr" "mv-analyze: 'tlh.json': preferences.language: no offline narrator speaks 'tlh' (flite speaks English; espeak-ng has no voice for it): set MV_TTS=openai or MV_TTS=elevenlabs (a speech service), preferences.voice (an espeak-ng voice), or preferences.narration to false"
	done
	# Before any call: the text service hears nothing.
	online
	MV_TTS= run -1 --separate-stderr mv-analyze tlh.json
	assert_regex "$stderr" "no offline narrator speaks 'tlh'"
	assert_equal "$(fake_requests | wc -l)" 0
	unset MV_LLM
	for tts in openai elevenlabs none; do
		MV_TTS=$tts run -0 mv-analyze tlh.json
		assert_equal "$(jq -r .preferences.language <<< "$output")" tlh
	done
	# Nothing to speak, or a voice the brief chose itself: no refusal.
	run -0 mv-analyze <(jq '.preferences.narration = false' tlh.json)
	run -0 mv-analyze <(jq '.preferences.voice = "en-gb"' tlh.json)
	# Languages espeak-ng speaks pass offline, with or without a row.
	for t in es hi ar ja nl; do
		run -0 mv-analyze <(jq --arg t "$t" '.preferences.language = $t' "$fx/es.json")
	done
}

@test "offline, a Spanish story is the brief's own sentences and the moral in Spanish, with no English added" {
	run -0 --separate-stderr bash -c "mv-analyze '$fx/es.json' | mv-research | mv-story"
	plot=$(jq -r .context.plot "$fx/es.json")
	moral=$(jq -r .context.moral_lesson "$fx/es.json")
	assert_equal "$(jq -r .story.text <<< "$output")" "$plot

La moraleja de la historia es: $moral"
	assert_equal "$(jq -r .story.title <<< "$output")" "Lola encuentra una bellota dorada"
	run -0 jq -r .story.text <<< "$output"
	refute_output --regexp 'Once upon|One day|said|The moral'
}

@test "Japanese: sentences end at 。, every kana and ideograph is a word, the title is the first sentence as written" {
	run -0 --separate-stderr bash -c "mv-analyze '$fx/ja.json' | mv-research | mv-story | mv-segment"
	st=$output
	assert_equal "$(jq -r .story.title <<< "$st")" "ハナはどんぐりを見つけました"
	assert_equal "$(jq -r .story.text <<< "$st" | tail -1)" "このおはなしのきょうくん：友だちをたいせつにしよう。"
	# 14 + 13 kana and ideographs in the plot, 12 + 12 in the last line.
	assert_equal "$(jq .story.word_count <<< "$st")" 51
	# Every scene's narration is whole sentences of the story.
	run -0 jq -r '.segments[].narration' <<< "$st"
	for l in "${lines[@]}"; do
		[[ $l == *。 ]] || fail "a scene cut inside a sentence: $l"
	done
}

# online: (re)starts the fake services; the steps after it talk to them.
online() {
	fake_start
	export MV_LLM=openai MV_LLM_BASE_URL=$FAKE_URL/v1 \
	    MV_LLM_API_KEY=sk-test-lang MV_LLM_MODEL=fake-model \
	    MV_SEARCH=tavily MV_SEARCH_BASE_URL=$FAKE_URL \
	    TAVILY_API_KEY=tvly-test-lang MV_BACKOFF_MS=10
}

@test "through the fake text service every request of a Spanish, Hindi, Arabic or Japanese run names the language" {
	cd "$BATS_TEST_TMPDIR"
	for t in es:Spanish:español hi:Hindi:हिन्दी ar:Arabic:العربية ja:Japanese:日本語; do
		IFS=: read -r tag name endo <<< "$t"
		online
		mv-analyze "$fx/$tag.json" | mv-research | mv-story |
		    mv-segment | mv-design -p > "$tag.json"
		# analyze, research's summary, story, segment, design.
		fake_requests '^/v1/chat/completions$' > chats
		run -0 jq -rs '[.[].body.messages[-1].content |
		    capture("^mv step: (?<s>[a-z]+)").s] | unique | join(" ")' chats
		assert_output "analyze design research segment story"
		mapfile -t lines < chats
		for r in "${lines[@]}"; do
			sys=$(jq -r '.body.messages[0].content' <<< "$r")
			user=$(jq -r '.body.messages[-1].content' <<< "$r")
			[[ $sys == *"$name ($endo)"* ]] ||
			    fail "$tag: a request without '$name ($endo)': ${user%%$'\n'*}"
		done
		# The picture prompts stay English.
		run -0 jq -r '.scenes[].prompt' "$tag.json"
		assert_regex "${lines[0]}" '^A .* illustration for a children.s story\.'
	done
	# An English run says nothing of a language.
	online
	mv-analyze "$top/examples/honest-fox.json" | mv-research | mv-story > en.json
	run -0 fake_requests '^/v1/chat/completions$'
	assert_equal "${#lines[@]}" 3
	refute_output --partial 'Language:'
}

@test "Japanese through the fake: a story of the asked length in characters passes; a far too short one warns, or fails when strict" {
	cd "$BATS_TEST_TMPDIR"
	online
	mv-analyze "$fx/ja.json" > 01.json
	# 17 kana a sentence, 50 sentences: 850 characters, 3 minutes at 300
	# characters a minute asks about 900.
	long=$(for i in $(seq 50); do printf 'ハナはもりでともだちとあそびました。'; done)
	fake_state chat_replies "$(jq -nc --arg t "$long" '{story: [{title: "ハナのもり", text: $t} | tojson]}')" > /dev/null
	run -0 --separate-stderr mv-story -o 03.json 01.json
	assert_equal "$stderr" ""
	run -0 jq -c '.story | [.word_count, .target_words, .reading_minutes]' 03.json
	assert_output '[850,900,2.8]'
	assert_equal "$(fake_requests '^/v1/chat/completions$' | grep -c 'mv step: story')" 1
	# The model's scenes, cut at a 。 with no space after it, are the
	# story word for word: kept, measured in characters (17 a sentence;
	# fewer scenes than the 17 of 50 characters asked: said).
	half=$(for i in $(seq 25); do printf 'ハナはもりでともだちとあそびました。'; done)
	fake_state chat_replies "$(jq -nc --arg t "$half" '{segment: [range(2) | {scenes: [range(2) | {narration: $t, lines: [{speaker: "narrator", text: $t}], description: "Hana in the forest.", characters: ["ハナ"], setting: "the forest", emotions: ["happy"]}]} | tojson]}')" > /dev/null
	run -0 --separate-stderr mv-segment 03.json
	assert_equal "$stderr" "mv-segment: segment: 2 scenes, asked about 17: each picture will stay about 85 s"
	run -0 jq -c '[.segments[] | [.words, .seconds]], (.log[-1] | has("fallback"))' <<< "$output"
	assert_output $'[[425,85],[425,85]]\nfalse'
	# Scenes of about 10 s: 50 characters each, seconds at 5 a second.
	unset MV_LLM
	run -0 jq -c '[.segments[] | .seconds == (.words / 5 * 10 | round / 10)] | unique' <(mv-segment 03.json)
	assert_output '[true]'
	online
	short='ハナはあそびました。'
	fake_state chat_replies "$(jq -nc --arg t "$short" '{story: [range(4) | {title: "ハナ", text: $t} | tojson]}')" > /dev/null
	run -0 --separate-stderr mv-story -o 03.json 01.json
	assert_equal "$stderr" "mv-story: story: 9 characters, asked about 900: the video will be about 2 s"
	MV_STRICT=1 run -1 --separate-stderr mv-story -o 03.json 01.json
	assert_regex "$stderr" 'the story has 9 characters; it must have about 900 \(from 720 to 1080\)'
}

# unit NAME: runs the unit program NAME (tests/unit/NAME.c) and demands
# that every check passed, as 0002 does.
unit() {
	local dir=${MV_UNIT:-$top/build/unit}

	[ -x "$dir/$1" ] || fail "$dir/$1: not built (make unit)"
	run "$dir/$1"
	output=$(grep -v '^ok ' <<<"$output")
	assert_success
	refute_output --partial 'not ok'
	assert_line --regexp '^1\.\.[1-9][0-9]*$'
}

@test "subtitle cues of every script: no split inside a word or a grapheme cluster, CJK at its marks, columns not bytes (unit checks)" {
	unit cues
}

@test "the table of languages: whole rows, prompt names, counts in characters, cards with English as the fallback, voices (unit checks)" {
	unit lang
}
