#!/usr/bin/env bats
# The text steps on an OpenAI-compatible chat completions service (the
# fake of tests/lib/fakeapi/chat.py): mv-analyze, mv-story and mv-segment
# with MV_LLM=openai. Request shape, reply parsing, retries and give-ups,
# the word-for-word check of the scenes, the safety filter, usage in the
# log, and the key kept out of everything written.

bats_require_minimum_version 1.5.0

load helper
load lib/fakeapi

KEY=sk-test-0123456789abcdefSECRET

setup() {
	local v

	# Nothing from the caller's environment may choose or reach a service.
	for v in $(env | grep -oE '^(MV_[A-Z]+_(LLM|API_KEY|BASE_URL|MODEL|TEMPERATURE|MAX_TOKENS)|MV_LLM|LLM_API_KEY|LLM_BASE_URL|OPENAI_API_KEY|SCRIPT_SEGMENTER_MODEL|CHARACTER_DESIGNER_MODEL|MV_SAFETY|MV_SAFETY_WORDS|MV_CONCURRENCY|MV_RETRIES|MV_TIMEOUT)='); do
		unset "${v%=}"
	done
	export SOURCE_DATE_EPOCH=1795737600 MV_BACKOFF_MS=10
	cd "$BATS_TEST_TMPDIR"
	mv-analyze "$top/examples/honest-fox.json" > 01.json
	mv-research 01.json > 02.json
	fake_start
	fake_state chat_key "\"$KEY\"" >/dev/null
}

# The environment of a step that asks the fake.
online() {
	export MV_LLM=openai MV_LLM_BASE_URL=$FAKE_URL/v1 MV_LLM_API_KEY=$KEY \
	    MV_LLM_MODEL=fake-model
}

# chat_requests [JQ]: the chat requests logged so far, through JQ.
chat_requests() {
	fake_requests '^/v1/chat/completions$' | jq -c "${1:-.}"
}

count_chats() {
	fake_requests '^/v1/chat/completions$' | wc -l
}

@test "mv-story posts the documented chat request with the key in a header" {
	online
	run -0 --separate-stderr env MV_LLM_TEMPERATURE=0.3 \
	    MV_LLM_MAX_TOKENS=4000 mv-story -o 03.json 02.json
	assert_equal "$output" ""
	assert_equal "$(count_chats)" 1
	run -0 chat_requests '[.method, .path, .headers.authorization,
	    .headers["content-type"], .body.model, .body.temperature,
	    .body.max_tokens, .body.response_format,
	    [.body.messages[].role]]'
	assert_output "[\"POST\",\"/v1/chat/completions\",\"Bearer $KEY\",\"application/json\",\"fake-model\",0.3,4000,{\"type\":\"json_object\"},[\"system\",\"user\"]]"
	# The prompts carry the budget, the age group's rules and the cast.
	sys=$(chat_requests '.body.messages[0].content' | jq -r .)
	user=$(chat_requests '.body.messages[1].content' | jq -r .)
	assert_regex "$sys" 'about 300 words'
	assert_regex "$sys" 'children aged 6-8'
	assert_regex "$sys" 'Sentences mostly under 15 words'
	assert_regex "$sys" 'Ruby, Oliver and Pip'
	assert_regex "$sys" 'JSON'
	assert_regex "$user" '^mv step: story'
	assert_regex "$user" '"moral_lesson"'
}

@test "without a temperature or a token limit the request leaves them out" {
	online
	run -0 mv-story -o 03.json 02.json
	run -0 chat_requests '.body | [has("temperature"), has("max_tokens")]'
	assert_output '[false,false]'
}

@test "the model's story is kept with its counts, and its usage is logged" {
	online
	run -0 mv-story -o 03.json 02.json
	text=$(jq -r .story.text 03.json)
	assert_regex "$text" '^Once upon a time, in the autumn forest'
	assert_equal "$(jq .story.word_count 03.json)" "$(wc -w <<<"$text")"
	assert_equal "$(jq .story.target_words 03.json)" 300
	assert_equal "$(jq -c '.story.character_mentions | map_values(. > 0)' 03.json)" \
	    '{"Oliver":true,"Pip":true,"Ruby":true}'
	run -0 jq -c '.log[-1] | [.program, .provider, .model, .base_url,
	    .usage.calls, (.usage.prompt_tokens > 100),
	    (.usage.completion_tokens > 100)]' 03.json
	assert_output "[\"mv-story\",\"openai\",\"fake-model\",\"$FAKE_URL/v1\",1,true,true]"
	# The tokens are the ones the service reported.
	want=$(fake_requests | jq -s 'length')
	assert_equal "$want" 1
}

@test "MV_STORY_MODEL wins over MV_LLM_MODEL, for the story only" {
	online
	run -0 env MV_STORY_MODEL=story-model mv-story -o 03.json 02.json
	run -0 env MV_STORY_MODEL=story-model mv-segment -o 04.json 03.json
	run -0 chat_requests '.body.model'
	assert_equal "${lines[0]}" '"story-model"'
	assert_equal "${lines[1]}" '"fake-model"'
	assert_equal "$(jq -r '.log[-2].model, .log[-1].model' 04.json | paste -sd' ')" \
	    "story-model fake-model"
}

@test "SCRIPT_SEGMENTER_MODEL names the segmenter's model when no MV_ model is set" {
	online
	unset MV_LLM_MODEL
	export SCRIPT_SEGMENTER_MODEL=seg-model
	run -0 mv-story -o 03.json 02.json
	run -0 mv-segment -o 04.json 03.json
	run -0 chat_requests '.body.model'
	assert_equal "${lines[0]}" '"gpt-4o-mini"'
	assert_equal "${lines[1]}" '"seg-model"'
}

@test "the original's LLM_API_KEY and LLM_BASE_URL select openai without MV_LLM" {
	export LLM_API_KEY=$KEY LLM_BASE_URL=$FAKE_URL/v1
	run -0 mv-story -o 03.json 02.json
	assert_equal "$(jq -r '.log[-1].provider' 03.json)" openai
	run -0 chat_requests '.headers.authorization'
	assert_output "\"Bearer $KEY\""
}

@test "OPENAI_API_KEY is the key when no other is set" {
	export MV_LLM_BASE_URL=$FAKE_URL/v1 OPENAI_API_KEY=$KEY
	run -0 mv-story -o 03.json 02.json
	run -0 chat_requests '.headers.authorization'
	assert_output "\"Bearer $KEY\""
}

@test "a base URL alone selects openai and sends no Authorization header" {
	fake_ctl reset >/dev/null
	export MV_LLM_BASE_URL=$FAKE_URL/v1
	run -0 mv-story -o 03.json 02.json
	run -0 chat_requests '.headers | has("authorization")'
	assert_output false
	assert_equal "$(jq -r '.log[-1] | .provider + " " + .model' 03.json)" \
	    "openai gpt-4o-mini"
}

@test "a reply in prose, in a code fence or in parts is read" {
	online
	for fault in prose fence parts; do
		fake_ctl faults "[{\"path\": \"chat\", \"action\": \"$fault\"}]" >/dev/null
		run -0 mv-story -o "03-$fault.json" 02.json
		assert_regex "$(jq -r .story.text "03-$fault.json")" '^Once upon a time'
	done
	assert_equal "$(count_chats)" 3
	run -0 chat_requests '.fault'
	assert_output $'"prose"\n"fence"\n"parts"'
}

@test "a reply that is not JSON is asked for again with the problem quoted" {
	online
	fake_ctl faults '[{"path": "chat", "action": "badjson"}]' >/dev/null
	run -0 mv-story -o 03.json 02.json
	assert_equal "$(count_chats)" 2
	run -0 chat_requests '[.body.messages[].role]'
	assert_line -n 1 '["system","user","assistant","user"]'
	again=$(chat_requests '.body.messages[3].content' | sed -n 2p | jq -r .)
	assert_regex "$again" '^That reply could not be used: '
	assert_regex "$again" 'cut short|does not parse'
	assert_equal "$(jq '.log[-1].usage.calls' 03.json)" 2
}

@test "bad JSON twice fails clearly, and the earlier output is left as it was" {
	online
	echo '{"old": true}' > 03.json
	fake_ctl faults '[{"path": "chat", "action": "badjson", "count": 2}]' >/dev/null
	run -1 --separate-stderr mv-story -o 03.json 02.json
	assert_equal "$output" ""
	assert_regex "$stderr" "^mv-story: openai: the reply is not the JSON asked for: "
	assert_equal "$(count_chats)" 2
	assert_equal "$(cat 03.json)" '{"old": true}'
	assert_equal "$(leftover_temps .)" ""
}

@test "a reply cut off at the token limit fails and names MV_LLM_MAX_TOKENS" {
	online
	fake_ctl faults '[{"path": "chat", "action": "cut"}]' >/dev/null
	run -1 --separate-stderr env MV_LLM_MAX_TOKENS=50 mv-story -o 03.json 02.json
	assert_regex "$stderr" "^mv-story: openai: the reply was cut off at the token limit"
	assert_regex "$stderr" "MV_LLM_MAX_TOKENS"
	assert_equal "$(count_chats)" 1
	[ ! -e 03.json ]
}

# story_words N: a canned story reply of N words that names the three
# friends.
story_words() {
	local n=$1 t="Ruby, Oliver and Pip met by the river." i

	for ((i = 8; i < n; i++)); do
		t+=" happily"
	done
	jq -nc --arg t "$t" '{title: "A Short Day", text: $t} | tojson'
}

@test "a story too short twice is kept, the closer one, and the log and stderr say so" {
	online
	fake_state chat_replies "{\"story\": [$(story_words 40), $(story_words 100)]}" >/dev/null
	run -0 --separate-stderr mv-story -o 03.json 02.json
	assert_equal "$stderr" "mv-story: story: 100 words, asked about 300: the video will be about 40 s"
	assert_equal "$(count_chats)" 2
	assert_equal "$(jq .story.word_count 03.json)" 100
	# The second request quotes the same range as the first one's prompt.
	sys=$(chat_requests '.body.messages[0].content' | head -1 | jq -r .)
	assert_regex "$sys" 'stay between 240 and 360 words'
	again=$(chat_requests '.body.messages[3].content' | tail -1 | jq -r .)
	assert_regex "$again" 'text: the story has 40 words; it must have about 300 \(from 240 to 360\)'
	run -0 jq -c '.log[-1] | [.usage.calls, .warnings]' 03.json
	assert_output '[2,["story: 100 words, asked about 300: the video will be about 40 s"]]'
}

@test "MV_STRICT=1, or preferences.strict in the brief, makes a short story fail" {
	online
	fake_state chat_replies "{\"story\": [$(story_words 40), $(story_words 100)]}" >/dev/null
	run -1 --separate-stderr env MV_STRICT=1 mv-story -o 03.json 02.json
	assert_regex "$stderr" "^mv-story: openai: the reply is not the JSON asked for: text: the story has 100 words; it must have about 300"
	[ ! -e 03.json ]
	# The brief's preferences.strict passes mv-analyze and asks the same.
	jq '.preferences.strict = true' "$top/examples/honest-fox.json" > strict.json
	MV_LLM=offline mv-analyze strict.json | MV_LLM=offline mv-research > s02.json
	assert_equal "$(jq .preferences.strict s02.json)" true
	fake_state chat_replies "{\"story\": [$(story_words 40), $(story_words 100)]}" >/dev/null
	run -1 --separate-stderr mv-story -o 03.json s02.json
	assert_regex "$stderr" "the story has 100 words"
	assert_equal "$(count_chats)" 4
}

@test "a story that never names a character fails after the second try, whatever its length" {
	online
	bad=$(story_words 300 | jq -c 'fromjson | .text |= sub("Pip"; "Kit") | tojson')
	fake_state chat_replies "{\"story\": [$bad, $bad]}" >/dev/null
	run -1 --separate-stderr mv-story -o 03.json 02.json
	assert_regex "$stderr" "^mv-story: openai: the reply is not the JSON asked for: text: Pip never appears by name"
	assert_equal "$(count_chats)" 2
}

@test "a refusal fails with the model's words" {
	online
	fake_ctl faults '[{"path": "chat", "action": "refuse"}]' >/dev/null
	run -1 --separate-stderr mv-story 02.json
	assert_equal "$stderr" "mv-story: openai: the model refused: I'm sorry, I can't help with that."
	# Not asked again: a refusal is an answer.
	assert_equal "$(count_chats)" 1
}

@test "a wrong key fails at once with the provider's message and one request" {
	online
	export MV_LLM_API_KEY=sk-wrong-key-000000000009999
	run -1 --separate-stderr mv-story -o 03.json 02.json
	assert_regex "$stderr" "^mv-story: openai: 401: Incorrect API key provided"
	refute_regex "$stderr" "sk-wrong-key-000000000009999"
	assert_equal "${#stderr_lines[@]}" 1
	assert_equal "$(count_chats)" 1
	[ ! -e 03.json ]
}

@test "a rate limit is waited out and the call succeeds" {
	online
	fake_ctl faults '[{"path": "chat", "action": "429", "count": 2}]' >/dev/null
	run -0 mv-story -o 03.json 02.json
	run -0 chat_requests '.status'
	assert_output $'429\n429\n200'
	assert_equal "$(jq '.log[-1].usage.calls' 03.json)" 1
}

@test "an endpoint without JSON mode is asked again without response_format" {
	online
	fake_state chat_no_format true >/dev/null
	run -0 mv-story -o 03.json 02.json
	run -0 mv-segment -o 04.json 03.json
	run -0 chat_requests '[.status, (.body | has("response_format"))]'
	# Once refused, it is not sent again by the same program.
	assert_output $'[400,true]\n[200,false]\n[400,true]\n[200,false]'
}

@test "a reasoning model's 400s switch max_tokens and drop the temperature, once per program" {
	online
	fake_state chat_reasoning true >/dev/null
	export MV_LLM_MAX_TOKENS=4000 MV_LLM_TEMPERATURE=0.3
	run -0 --separate-stderr mv-story -o 03.json 02.json
	run -0 --separate-stderr mv-segment -o 04.json 03.json
	run -0 chat_requests '[.status, .body.max_tokens, .body.max_completion_tokens, .body.temperature]'
	# Each program learns it from the 400s; then every call is right.
	assert_output $'[400,4000,null,0.3]\n[400,null,4000,0.3]\n[200,null,4000,null]\n[400,4000,null,0.3]\n[400,null,4000,0.3]\n[200,null,4000,null]'
	assert_equal "$(jq '.log[-1].usage.calls' 04.json)" 1
}

@test "a 400 that names no parameter mv can change is not retried" {
	online
	export MV_LLM_MAX_TOKENS=4000
	fake_ctl faults '[{"path": "chat", "action": "status", "status": 400, "body": {"error": {"message": "max_tokens is too large: 4000. This model supports at most 16384 completion tokens, whereas you provided 4000.", "type": "invalid_request_error", "param": "max_tokens", "code": null}}}]' >/dev/null
	run -1 --separate-stderr mv-story -o 03.json 02.json
	assert_equal "$stderr" "mv-story: openai: 400: max_tokens is too large: 4000. This model supports at most 16384 completion tokens, whereas you provided 4000."
	assert_equal "$(count_chats)" 1
}

@test "a cut-off reply names the step's own token setting and what was sent" {
	online
	fake_ctl faults '[{"path": "chat", "action": "cut"}]' >/dev/null
	run -1 --separate-stderr env MV_STORY_MAX_TOKENS=50 mv-story -o 03.json 02.json
	assert_regex "$stderr" "^mv-story: openai: the reply was cut off at the token limit \(max_tokens 50\) before its JSON was complete \(.*\): raise MV_STORY_MAX_TOKENS$"
	# The first request is refused for max_tokens; the second is cut.
	fake_ctl faults '[{"path": "chat", "action": "cut", "count": 2}]' >/dev/null
	fake_state chat_reasoning true >/dev/null
	run -1 --separate-stderr env MV_LLM_MAX_TOKENS=60 mv-story -o 03.json 02.json
	assert_regex "$stderr" "\(max_completion_tokens 60\) .*: raise MV_LLM_MAX_TOKENS$"
	# With no limit sent, the limit was the service's own.
	fake_ctl faults '[{"path": "chat", "action": "cut"}]' >/dev/null
	run -1 --separate-stderr mv-story -o 03.json 02.json
	assert_regex "$stderr" "at the service's own token limit .*: set MV_STORY_MAX_TOKENS or MV_LLM_MAX_TOKENS$"
}

@test "a reply without usage is kept, and the log counts the call" {
	online
	fake_ctl faults '[{"path": "chat", "action": "nousage"}]' >/dev/null
	run -0 mv-story -o 03.json 02.json
	assert_regex "$(jq -r .story.text 03.json)" '^Once upon a time'
	run -0 jq -c '.log[-1].usage' 03.json
	assert_output '{"calls":1,"completion_tokens":0,"prompt_tokens":0}'
}

@test "an error body in each shape the services document is reported in its words" {
	online
	# OpenAI (the OpenAPI ErrorResponse), Ollama and llama.cpp's string
	# error, OpenRouter (code, message, metadata), vLLM's flat object,
	# and OpenRouter's 200 that carries an error instead of choices.
	fake_ctl faults '[
	  {"path": "chat", "action": "status", "status": 404, "body": {"error": {"message": "The model `o9` does not exist or you do not have access to it.", "type": "invalid_request_error", "param": null, "code": "model_not_found"}}},
	  {"path": "chat", "action": "status", "status": 404, "body": {"error": "model \"llama9\" not found, try pulling it first"}},
	  {"path": "chat", "action": "status", "status": 402, "body": {"error": {"code": 402, "message": "Insufficient credits. Add more using https://openrouter.ai/credits", "metadata": {"provider_name": null}}}},
	  {"path": "chat", "action": "status", "status": 400, "body": {"object": "error", "message": "This model'"'"'s maximum context length is 8192 tokens.", "type": "BadRequestError", "param": null, "code": 400}},
	  {"path": "chat", "action": "status", "status": 200, "body": {"id": "gen-1", "error": {"code": 502, "message": "Provider returned error", "metadata": {"raw": "upstream"}}}}
	]' >/dev/null
	run -1 --separate-stderr mv-story 02.json
	assert_equal "$stderr" 'mv-story: openai: 404: The model `o9` does not exist or you do not have access to it.'
	run -1 --separate-stderr mv-story 02.json
	assert_equal "$stderr" 'mv-story: openai: 404: model "llama9" not found, try pulling it first'
	run -1 --separate-stderr mv-story 02.json
	assert_equal "$stderr" 'mv-story: openai: 402: Insufficient credits. Add more using https://openrouter.ai/credits'
	run -1 --separate-stderr mv-story 02.json
	assert_equal "$stderr" "mv-story: openai: 400: This model's maximum context length is 8192 tokens."
	run -1 --separate-stderr mv-story 02.json
	assert_equal "$stderr" 'mv-story: openai: Provider returned error'
	assert_equal "$(count_chats)" 5
}

@test "the model's scenes are kept when they are the story word for word" {
	online
	run -0 mv-story -o 03.json 02.json
	run -0 mv-segment -o 04.json 03.json
	assert_equal "$(jq '.segments | length' 04.json)" 4
	assert_equal "$(jq -r '[.segments[].narration] | join(" ")' 04.json | tr -s ' \n' '  ')" \
	    "$(jq -r .story.text 04.json | tr -s ' \n' '  ')"
	run -0 jq -c '.segments[0] | [.scene, (.description | test("in a sunny place")),
	    .setting, .emotions, (.words > 0), (.seconds > 0), (.dialogue | type),
	    (.background | length > 0)]' 04.json
	assert_output '[1,true,"the meadow",["calm"],true,true,"array",true]'
	run -0 jq -c '.log[-1] | [.program, .provider, .usage.calls, has("fallback")]' 04.json
	assert_output '["mv-segment","openai",1,false]'
}

@test "scenes that reorder words fall back to the offline segmenter, and the log says why" {
	online
	run -0 mv-story -o 03.json 02.json
	fake_ctl faults '[{"path": "chat", "action": "reorder"}]' >/dev/null
	run -0 mv-segment -o 04.json 03.json
	MV_LLM=offline mv-segment -o offline.json 03.json
	assert_equal "$(jq -c .segments 04.json)" "$(jq -c .segments offline.json)"
	run -0 jq -r '.log[-1] | .fallback, .why' 04.json
	assert_line -n 0 offline
	assert_line -n 1 --regexp "^scene 1 has 'upon' where the story has 'Once' \(word 1 of [0-9]+\)$"
	assert_equal "$(count_chats)" 2
}

@test "scenes far fewer than asked, twice, are kept with a warning; MV_STRICT=1 fails" {
	online
	run -0 mv-story -o 03.json 02.json
	# The whole story as one scene: about 12 were asked for.
	one=$(jq -c '{scenes: [{narration: .story.text, description: "All three friends by the river.", characters: ["Ruby"], setting: "the forest", emotions: ["calm"]}]} | tojson' 03.json)
	fake_state chat_replies "{\"segment\": [$one, $one]}" >/dev/null
	run -0 --separate-stderr mv-segment -o 04.json 03.json
	assert_regex "$stderr" "^mv-segment: segment: 1 scene, asked about 12: each picture will stay about [0-9]+ s"
	assert_equal "$(jq '.segments | length' 04.json)" 1
	assert_equal "$(count_chats)" 3
	again=$(chat_requests '.body.messages[3].content' | tail -1 | jq -r .)
	assert_regex "$again" "^That reply could not be used: scenes: 1 scenes where about 12 were asked for"
	run -0 jq -c '.log[-1] | [.usage.calls, (.warnings | length), (.warnings[0] | test("^segment: 1 scene, asked about 12"))]' 04.json
	assert_output '[2,1,true]'
	fake_state chat_replies "{\"segment\": [$one, $one]}" >/dev/null
	run -1 --separate-stderr env MV_STRICT=1 mv-segment -o 04s.json 03.json
	assert_regex "$stderr" "^mv-segment: openai: the reply is not the JSON asked for: scenes: 1 scenes where about 12"
	[ ! -e 04s.json ]
}

@test "a scene far longer than asked, twice, is kept with a warning that names it" {
	online
	run -0 mv-story -o 03.json 02.json
	# Four scenes, as few as allowed, the first of 160 words (about 25 asked).
	four=$(jq -c '[.story.text | splits("\\s+")] as $w
	    | {scenes: [[0, 160], [160, 210], [210, 260], [260, ($w | length)]]
	    | map({narration: ($w[.[0]:.[1]] | join(" ")), description: "Ruby by the river.",
	      characters: ["Ruby"], setting: "the forest", emotions: ["calm"]})} | tojson' 03.json)
	fake_state chat_replies "{\"segment\": [$four, $four]}" >/dev/null
	run -0 --separate-stderr mv-segment -o 04.json 03.json
	assert_equal "${stderr_lines[0]}" "mv-segment: segment: scene 1 has 160 words, asked about 25: its picture will stay about 64 s"
	assert_equal "$(jq -c '[.segments[].words]' 04.json)" "[160,50,50,$(( $(jq .story.word_count 03.json) - 260 ))]"
	again=$(chat_requests '.body.messages[3].content' | tail -1 | jq -r .)
	assert_regex "$again" "scenes\[0\]\.narration: 160 words where about 25 were asked for: split it"
}

@test "the safety filter blocks a story with a listed word, after one more try" {
	online
	fake_state chat_extra '"Then the wolf wanted to kill them all."' >/dev/null
	run -1 --separate-stderr mv-story -o 03.json 02.json
	assert_regex "$stderr" "^mv-story: openai: the story was rejected twice by the child-safety filter"
	assert_regex "$stderr" "'kill'"
	assert_equal "$(count_chats)" 2
	again=$(chat_requests '.body.messages[1].content' | sed -n 2p | jq -r .)
	assert_regex "$again" "rejected because the story uses the word 'kill'"
	[ ! -e 03.json ]
}

@test "the safety filter passes 'skill' and 'fearless', and MV_SAFETY=off passes all" {
	online
	fake_state chat_extra '"The fearless fox showed great skill."' >/dev/null
	run -0 mv-story -o 03.json 02.json
	assert_regex "$(jq -r .story.text 03.json)" 'fearless fox showed great skill\.$'
	fake_state chat_extra '"The wolf did not kill anyone."' >/dev/null
	run -0 env MV_SAFETY=off mv-story -o 03b.json 02.json
	assert_equal "$(count_chats)" 2
}

@test "mv-analyze takes the model's tidied context and queries, checked by the brief's rules" {
	online
	run -0 mv-analyze -o a.json "$top/examples/honest-fox.json"
	run -0 jq -c '.search_queries' a.json
	assert_output '["autumn forest beside a quiet river facts for kids","stories about honesty for children"]'
	assert_equal "$(jq -c '[.context.characters[].name]' a.json)" '["Ruby","Oliver","Pip"]'
	assert_equal "$(jq -c '.context | del(.topic)' a.json)" "$(jq -c '.context | del(.topic)' 01.json)"
	run -0 jq -c '.log[-1] | [.program, .provider, .model, .usage.calls]' a.json
	assert_output '["mv-analyze","openai","fake-model",1]'
	user=$(chat_requests '.body.messages[1].content' | jq -r .)
	assert_regex "$user" '^mv step: analyze'
}

@test "mv-analyze refuses a reply that renames a character, after asking again" {
	online
	bad=$(jq -c '{context: (.context | .characters[1].name = "Olive"), search_queries: ["a", "b"]} | tojson' 01.json)
	fake_state chat_replies "{\"analyze\": [$bad, $bad]}" >/dev/null
	run -1 --separate-stderr mv-analyze -o a.json "$top/examples/honest-fox.json"
	assert_regex "$stderr" "^mv-analyze: openai: the reply is not the JSON asked for: context.characters\[1\].name: expected \"Oliver\""
	assert_equal "$(count_chats)" 2
	[ ! -e a.json ]
}

@test "a brief that breaks a rule fails before any model is asked" {
	online
	jq '.context.theme = ""' "$top/examples/honest-fox.json" > bad.json
	run -1 --separate-stderr mv-analyze bad.json
	assert_equal "$stderr" "mv-analyze: 'bad.json': context.theme: expected a non-empty string, got an empty one"
	assert_equal "$(count_chats)" 0
}

@test "analyze, story and segment run on the fake, and the key is written nowhere" {
	online
	export MV_CALL_LOG=$BATS_TEST_TMPDIR/calls.log MV_TRACE=1
	mv-analyze -o w1.json "$top/examples/little-seed.json" 2>err1
	mv-research -o w2.json w1.json 2>err2
	mv-story -o w3.json w2.json 2>err3
	mv-segment -o w4.json w3.json 2>err4
	assert_equal "$(jq -r '[.log[] | .provider] | join(" ")' w4.json)" \
	    "openai none openai openai"
	assert_equal "$(cut -f1,3 calls.log | paste -sd' ')" \
	    "$(printf 'analyze\topenai story\topenai segment\topenai')"
	run grep -rlF --exclude=fake.log -- "$KEY" .
	assert_failure
	assert_output ""
}

@test "offline stays the default and writes the same bytes as before" {
	MV_LLM=offline mv-story -o off.json 02.json
	mv-story -o dflt.json 02.json
	cmp off.json dflt.json
	assert_equal "$(jq -c '.log[-1] | [.provider, .model, has("usage")]' off.json)" \
	    '["offline",null,false]'
	assert_equal "$(count_chats)" 0
}

@test "the unit checks of the text steps pass against the fake, design included" {
	MV_UNIT=${MV_UNIT:-$top/build/unit}
	[ -x "$MV_UNIT/llm" ] || fail "$MV_UNIT/llm: not built (make unit)"
	fake_ctl reset >/dev/null
	run -0 env MV_TEST_LLM_URL=$FAKE_URL/v1 "$MV_UNIT/llm"
	refute_output --partial 'not ok'
	assert_output --partial '# textgen_design'
}
