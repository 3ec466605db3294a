#!/usr/bin/env bats
# The brief's language (issue 14): preferences.language, and the offline
# storyteller keeping the brief's own sentences in it.
bats_require_minimum_version 1.5.0
load helper

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
