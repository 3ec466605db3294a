#!/usr/bin/env bats
# Character reference sheets (issue 12): a picture of each character
# alone, made once, and given to the image services with every scene the
# character is in, each service in its own documented way (OpenAI's
# images/edits, OpenRouter's image_url parts, A1111's ControlNet
# IP-Adapter units), checked at the fake server.
bats_require_minimum_version 1.5.0
load helper
load lib/fakeapi

KEY=sk-test-SECRET-5f2b9c41d7e0

setup_file() {
	local f=$BATS_FILE_TMPDIR

	# Three characters; six scenes: all three, none, then each alone.
	mv-analyze "$top/examples/honest-fox.json" | mv-research | mv-story |
	    mv-segment 2> /dev/null | jq '.segments |= .[:6]' > "$f/04.json"
}

setup() {
	d=$BATS_TEST_TMPDIR
	cp "$BATS_FILE_TMPDIR"/04.json "$d/"
	fake_start
	unset OPENAI_API_KEY MV_LLM_API_KEY OPENROUTER_API_KEY
	export MV_BACKOFF_MS=50 MV_LLM=offline MV_IMAGE_API_KEY=$KEY
}

# sha FILE: the first 16 hex digits of its SHA-256, as the fake keeps them.
sha() {
	sha256sum "$1" | cut -c1-16
}

# sheets_of N: the fake's hashes of the sheets of scene N's characters,
# in the scene's order, as a JSON array.
sheets_of() {
	local name out=()

	while IFS= read -r name; do
		out+=("$(sha "$d/w/characters/$name.png")")
	done < <(jq -r --argjson n "$1" '. as $s | .segments[] |
	    select(.scene == $n) | .characters[] as $c |
	    $s.characters[] | select(.name == $c) | .sheet' "$d/05.json")
	printf '%s\n' "${out[@]}" | jq -Rsc 'split("\n") | map(select(. != ""))'
}

@test "mv-design: every character gets a sheet, characters/NAME.png, named from its name" {
	run -0 mv-design -d "$d/w" -o "$d/05.json" "$d/04.json"
	run -0 jq -r '.characters[] | [.name, .sheet, .reference_image] | @tsv' "$d/05.json"
	assert_output "$(printf 'Ruby\truby\tcharacters/ruby.png\nOliver\toliver\tcharacters/oliver.png\nPip\tpip\tcharacters/pip.png')"
	for n in ruby oliver pip; do
		run -0 file -b "$d/w/characters/$n.png"
		assert_regex "$output" '^PNG image data, 1024 x 1024'
	done
	# Names that fold alike, or to nothing, get names of their own.
	jq '.context.characters += [{name: "RUBY!", type: "cat",
	    traits: ["shy"]}, {name: "Ünï", type: "owl", traits: ["wise"]}]' \
	    "$d/04.json" > "$d/04b.json"
	run -0 mv-design -p "$d/04b.json"
	run -0 jq -r '[.characters[].sheet] | join(" ")' <<< "$output"
	assert_output "ruby oliver pip ruby-2 n"
}

@test "openai gpt-image-1: each scene at images/edits with exactly its characters' sheets, said in the prompt" {
	export MV_IMAGE=openai MV_IMAGE_BASE_URL=$FAKE_URL/v1 MV_IMAGE_MODEL=gpt-image-1
	run -0 --separate-stderr mv-design -d "$d/w" -o "$d/05.json" "$d/04.json"
	# Three sheets and the scene without characters from generations;
	# the five others from edits.
	run -0 fake_requests '^/v1/images/generations$'
	assert_equal "${#lines[@]}" 4
	run -0 fake_requests '^/v1/images/edits$'
	assert_equal "${#lines[@]}" 5
	run -0 jq -r '.headers["content-type"]' <<< "${lines[0]}"
	assert_regex "$output" '^multipart/form-data; boundary=.+'
	state=$(curl -sS "$FAKE_URL/_fake/state")
	for n in 1 3 4 5 6; do
		prompt=$(jq -r --argjson n $n '.scenes[] | select(.scene == $n) |
		    .prompt' "$d/05.json")
		run -0 jq -c --arg p "$prompt" '[.edits[] | select(.prompt == $p) |
		    .images]' <<< "$state"
		assert_equal "$output" "[$(sheets_of $n)]"
		run -0 jq -c --arg p "$prompt" '.edits[] | select(.prompt == $p) |
		    [.model, .fields]' <<< "$state"
		assert_output '["gpt-image-1",["input_fidelity","model","n","prompt","size"]]'
	done
	run -0 jq -r '.scenes[] | select(.scene == 1) | .prompt' "$d/05.json"
	assert_regex "$output" '^The reference pictures show, in order: first Ruby; second Oliver; third Pip\. Draw each character exactly as its own reference picture shows'
	run -0 jq -r '.scenes[] | select(.scene == 4) | .prompt' "$d/05.json"
	assert_regex "$output" '^The reference picture shows Oliver\. Draw the character exactly'
	run -0 jq -c '[.scenes[] | [.scene, .references, .reference_method]]' "$d/05.json"
	assert_output '[[1,["Ruby","Oliver","Pip"],"reference"],[2,null,null],[3,["Ruby"],"reference"],[4,["Oliver"],"reference"],[5,["Pip"],"reference"],[6,["Ruby"],"reference"]]'
	# The sheet's own request: the character alone, whole, plain.
	run -0 bodies '^/v1/images/generations$' '.prompt'
	assert_line --partial 'Character reference sheet for a children'"'"'s picture book: Pip'
	assert_line --partial 'alone on a plain white background'
}

@test "openai dall-e-3 takes no references: text only, and the provenance says so" {
	export MV_IMAGE=openai MV_IMAGE_BASE_URL=$FAKE_URL/v1 MV_IMAGE_MODEL=dall-e-3
	run -0 --separate-stderr mv-design -d "$d/w" -o "$d/05.json" "$d/04.json"
	run -0 fake_requests '^/v1/images/edits$'
	assert_output ''
	run -0 jq -c '[.scenes[] | select(.scene == 1) | .references, .reference_method]' "$d/05.json"
	assert_output '[[],"text"]'
	run -0 jq -r '.scenes[] | select(.scene == 1) | .prompt' "$d/05.json"
	refute_output --partial 'reference picture'
}

@test "openrouter: the sheets as image_url parts after the prompt's text" {
	export MV_IMAGE=openrouter MV_IMAGE_BASE_URL=$FAKE_URL/api/v1 \
	    MV_IMAGE_MODEL=google/gemini-2.5-flash-image-preview
	run -0 --separate-stderr mv-design -d "$d/w" -o "$d/05.json" "$d/04.json"
	run -0 bodies '^/api/v1/chat/completions$' '.messages[0].content |
	    if type == "array" then [.[].type] else "text" end'
	# Three sheets and scene 2 as plain text; five scenes with parts.
	assert_equal "$(grep -c '^"text"$' <<< "$output")" 4
	assert_line '["text","image_url","image_url","image_url"]'
	assert_equal "$(grep -c '^\["text","image_url"\]$' <<< "$output")" 4
	state=$(curl -sS "$FAKE_URL/_fake/state")
	run -0 jq -c '.image_inputs | map(select(length == 3))' <<< "$state"
	assert_output "[$(sheets_of 1)]"
	run -0 jq -c '[.scenes[] | select(.scene == 5) | .references, .reference_method]' "$d/05.json"
	assert_output '[["Pip"],"reference"]'
}

@test "a1111 with ControlNet: one IP-Adapter unit a sheet; without it, a seed per character" {
	export MV_IMAGE=a1111 MV_IMAGE_BASE_URL=$FAKE_URL
	unset MV_IMAGE_API_KEY
	fake_state controlnet '["control_v11p_sd15_openpose [cab727d4]",
	    "ip-adapter-full-face_sd15 [852b9843]", "ip-adapter_sd15 [6a3f6166]"]'
	run -0 --separate-stderr mv-design -d "$d/w" -o "$d/05.json" "$d/04.json"
	run -0 fake_requests '^/controlnet/model_list$'
	assert_equal "${#lines[@]}" 1
	run -0 bodies '^/sdapi/v1/txt2img$' '.alwayson_scripts.controlnet.args |
	    if . then [.[] | [.module, .model, .enabled]] | unique else null end'
	assert_line '[["ip-adapter-auto","ip-adapter_sd15 [6a3f6166]",true]]'
	state=$(curl -sS "$FAKE_URL/_fake/state")
	run -0 jq -c '.units | map(select(length == 3))' <<< "$state"
	assert_output "[$(sheets_of 1)]"
	run -0 jq -c '[.scenes[] | select(.scene == 3) | .references, .reference_method]' "$d/05.json"
	assert_output '[["Ruby"],"ip-adapter"]'

	# The same server without the extension: 404, then seeds.
	fake_ctl reset
	: > "$FAKE_LOG"
	rm -rf "$d/w"
	run -0 --separate-stderr mv-design -d "$d/w" -o "$d/05.json" "$d/04.json"
	run -0 bodies '^/sdapi/v1/txt2img$' 'has("alwayson_scripts")'
	refute_line true
	run -0 jq -c '[.scenes[] | select(.scene == 3) | .references, .reference_method]' "$d/05.json"
	assert_output '[[],"seed"]'
	# A character's seed is the same in its sheet and the scenes it
	# comes first in.
	run -0 bodies '^/sdapi/v1/txt2img$' '.seed'
	seed=$(jq -r '.scenes[] | select(.scene == 3) | .seed' "$d/05.json")
	first=$(jq '[.segments[] | select(.characters[0] == "Ruby")] | length' "$d/04.json")
	assert_equal "$(grep -c "^$seed\$" <<< "$output")" $((first + 1))
}

@test "a brief's own reference_image is checked by mv-analyze and becomes the sheet, unpaid" {
	ffmpeg -v error -f lavfi -i color=c=red:s=300x500 -frames:v 1 -y "$d/ruby.jpg"
	jq --arg p "$d/ruby.jpg" '.context.characters[0].reference_image = $p' \
	    "$top/examples/honest-fox.json" > "$d/brief.json"
	mv-analyze "$d/brief.json" | mv-research | mv-story | mv-segment \
	    2> /dev/null | jq '.segments |= .[:2]' > "$d/04.json"
	export MV_IMAGE=openai MV_IMAGE_BASE_URL=$FAKE_URL/v1 MV_IMAGE_MODEL=gpt-image-1
	run -0 --separate-stderr mv-design -d "$d/w" -o "$d/05.json" "$d/04.json"
	run -0 file -b "$d/w/characters/ruby.png"
	assert_regex "$output" '^PNG image data, 300 x 500'
	run -0 jq -r '.characters[0] | [.reference_source, .reference_image] | @tsv' "$d/05.json"
	assert_output "$d/ruby.jpg	characters/ruby.png"
	# Two sheets paid for, not three.
	run -0 bodies '^/v1/images/generations$' '.prompt | test("reference sheet")'
	assert_equal "$(grep -c true <<< "$output")" 2

	echo 'not a picture' > "$d/bad.png"
	jq --arg p "$d/bad.png" '.context.characters[1].reference_image = $p' \
	    "$top/examples/honest-fox.json" > "$d/bad.json"
	run -1 --separate-stderr mv-analyze "$d/bad.json"
	assert_regex "$stderr" "context\.characters\[1\]\.reference_image: '$d/bad\.png': expected a PNG, JPEG, WebP or GIF picture"
	jq '.context.characters[1].reference_image = "/nonexistent/x.png"' \
	    "$top/examples/honest-fox.json" > "$d/gone.json"
	run -1 --separate-stderr mv-analyze "$d/gone.json"
	assert_regex "$stderr" "reference_image: '/nonexistent/x\.png': No such file or directory"
}

@test "make: a changed look re-makes one sheet and only the pictures of its scenes" {
	export MV_IMAGE=openai MV_IMAGE_BASE_URL=$FAKE_URL/v1 MV_IMAGE_MODEL=gpt-image-1
	export MV_TTS=none MV_CALL_LOG=$d/calls
	cd "$top"
	run -0 make -s WORKFLOWS="$d/wf" WORKFLOW=fox \
	    INPUT="$top/examples/honest-fox.json" SIZE=320x180
	w=$d/wf/fox
	sheets=$(grep -c '^sheet' "$d/calls")
	assert_equal "$sheets" "$(jq '.characters | length' "$w/05_character_descriptions.json")"
	# Each scene with characters has its sheets as prerequisites.
	run -0 grep -c '^\$(W)/scenes/[0-9]*\.png: \$(W)/characters/' "$w/scenes/sheets.mk"
	assert_output "$(jq '[.segments[] | select(.characters | length > 0)] |
	    length' "$w/05_character_descriptions.json")"
	# Oliver's look changes by hand: his sheet and his scenes only.
	jq '(.characters[] | select(.name == "Oliver") | .look) |= . + ", with a red scarf"' \
	    "$w/05_character_descriptions.json" > "$d/05.json"
	mv "$d/05.json" "$w/05_character_descriptions.json"
	: > "$d/calls"
	run -0 make -s WORKFLOWS="$d/wf" WORKFLOW=fox
	run -0 cut -f1,2 "$d/calls"
	want=$(jq -r '"sheet\toliver", (.segments[] | select(.characters | index("Oliver")) |
	    "image\t\(.scene)")' "$w/05_character_descriptions.json" | sort)
	assert_equal "$(cut -f1,2 "$d/calls" | grep -v '^segment\|^video' | sort)" "$want"
}
