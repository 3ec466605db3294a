#!/usr/bin/env bats
# The review page (mv-review, review.html): made by the pipeline after the
# video, self-contained, escaped for a hostile brief, and loaded for real
# in headless Chromium (no console error, the video can play, every
# picture decodes).
bats_require_minimum_version 1.5.0
load helper

setup_file() {
	export ROOT=$BATS_FILE_TMPDIR/wf
	MV_CALL_LOG=$BATS_FILE_TMPDIR/calls make -s -C "$top" \
	    --no-print-directory BIN="$MV_BIN" WORKFLOWS="$ROOT" WORKFLOW=t SIZE="$SIZE" INPUT="$fixtures/injection.json" \
	    2> "$BATS_FILE_TMPDIR/run.err"
}

setup() {
	W=$ROOT/t
}

pipe() {
	make -s -C "$top" --no-print-directory BIN="$MV_BIN" \
	    WORKFLOWS="$ROOT" WORKFLOW=t "$@"
}

# tags PAGE: every start tag of PAGE with its attributes, one a line, and
# each script's text as "script-text: ..." (Python's HTML parser).
tags() {
	python3 - "$1" <<'PY'
import html.parser, sys
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.in_script = False
    def handle_starttag(self, t, a):
        print(t, " ".join("%s=%s" % (k, v) for k, v in a))
        self.in_script = t == "script"
    def handle_endtag(self, t):
        self.in_script = False
    def handle_data(self, d):
        if self.in_script: print("script-text:", d)
P().feed(open(sys.argv[1], encoding="utf-8").read())
PY
}

@test "the pipeline makes review.html after the video, and a second run leaves it" {
	[ -s "$W/review.html" ] || { cat "$BATS_FILE_TMPDIR/run.err"; fail "no review.html"; }
	[ "$W/review.html" -nt "$W/video.mp4" ]
	before=$(stat -c %Y.%s "$W/review.html")
	run -0 --separate-stderr pipe
	refute_output --partial mv-
	assert_equal "$(stat -c %Y.%s "$W/review.html")" "$before"
	assert_equal "$(leftover_temps "$W")" ""
}

@test "the page shows every scene's picture, lines, takes, provenance and the commands that redo it" {
	p=$W/review.html
	n=$(jq '.segments | length' "$W/06_final_output.json")
	assert_equal "$(grep -c '<section class="scene"' "$p")" "$n"
	for i in $(seq "$n"); do
		nn=$(printf %02d "$i")
		grep -q "<img src=\"scenes/$nn.png\"" "$p" || fail "no picture $nn"
		grep -q "redo SCENE=$i</code>" "$p" || fail "no redo for $i"
		grep -q "redo SCENE=$i WHAT=voice</code>" "$p" || fail "no voice redo for $i"
		grep -q "redo SCENE=$i WHAT=text</code>" "$p" || fail "no words redo for $i"
		grep -q "edit SCENE=$i</code>" "$p" || fail "no edit for $i"
		seed=$(jq -r .seed "$W/scenes/$nn.json")
		grep -q "<td>$seed</td>" "$p" || fail "no seed of $nn"
	done
	# A picture and words a scene, and a clip a line.
	lines=$(jq '[.segments[].lines | length] | add' "$W/06_final_output.json")
	assert_equal "$(grep -c '<tr><th>take</th><td>1 (1 kept)</td></tr>' "$p")" "$((2 * n + lines))"
	grep -q '<video controls preload="auto" src="video.mp4">' "$p"
	grep -q '<track kind="subtitles" label="Subtitles" srclang="en" default src="data:text/vtt;charset=utf-8,WEBVTT' "$p"
	grep -q '<track kind="chapters"' "$p"
	for prog in mv-analyze mv-story mv-segment mv-design mv-assemble; do
		grep -q "<td>$prog</td>" "$p" || fail "no log row of $prog"
	done
	grep -q 'No paid calls: every step ran offline.' "$p"
}

@test "nothing of the hostile brief becomes markup, script or a URL" {
	p=$W/review.html
	run -0 tags "$p"
	# Only the page's own elements; the one script is the page's own.
	assert_equal "$(cut -d' ' -f1 <<<"$output" | grep -v '^script-text:' | sort -u | paste -sd' ')" \
	    "a body code details div figcaption figure h1 h2 head html img li meta ol p pre script section span style summary table td th title tr track video"
	assert_equal "$(grep -c '^script ' <<<"$output")" 1
	refute_output --regexp '^script .*src'
	refute_output --regexp '(src|href)=[a-z]+://'
	assert_equal "$(grep '^script-text:' <<<"$output" | grep -c .)" 1
	# The title, the moral and the setting are there as the text they are.
	grep -qF '<h1>The Tale of Ru&quot;by&#39;s \N {\an8}, O&#39;li$(touch CANARY3)ver and P;i,p [x]=%s `touch CANARY4`</h1>' "$p"
	# (The moral's quoted word is a line of its own now: lines.c.)
	grep -qF '<li><span class="speaker">narrator:</span> {\fs80}wins\N &amp; &lt;b&gt;lasts&lt;/b&gt; 100%.</li>' "$p"
	grep -qF '&quot;honesty&quot;</li>' "$p"
	grep -qF '[left] {right} &lt;u&gt;x&lt;/u&gt;' "$p"
	grep -qF 'O&#39;li$(touch CANARY3)ver' "$p"
	[ ! -e "$top/CANARY1" ] && [ ! -e "$W/CANARY1" ]
}

@test "a state pointing outside the workflow, or at the network, gets no picture" {
	d=$BATS_TEST_TMPDIR/d
	mkdir -p "$d/scenes"
	cp "$W/scenes/01.png" "$d/scenes/01.png"
	cp "$W/video.vtt" "$d/"
	jq '.scenes[0].image = "../../etc/passwd" | .scenes[1].image = "http://example.com/x.png"
	    | .scenes[2].image = "/etc/passwd" | .characters[0].reference_image = "https://example.com/a.png"' \
	    "$W/06_final_output.json" > "$d/06.json"
	run -0 --separate-stderr mv-review -d "$d" "$d/06.json"
	refute_output --partial 'passwd'
	refute_output --partial 'example.com'
	assert_equal "$(grep -c '<img ' <<<"$output")" 0
	jq '.video.path = "../v.mp4"' "$W/06_final_output.json" > "$d/bad.json"
	run -1 --separate-stderr mv-review -d "$d" "$d/bad.json"
	assert_equal "$stderr" "mv-review: '$d/bad.json': video.path: expected a relative path inside the workflow (run mv-assemble)"
}

@test "a character sheet, once there, is on the page; a paid clip shows its cost, a stale provenance is not shown" {
	d=$BATS_TEST_TMPDIR/d
	cp -r "$W" "$d"
	mkdir -p "$d/characters"
	cp "$W/scenes/01.png" "$d/characters/sheet.png"
	jq '.characters[0].reference_image = "characters/sheet.png"' \
	    "$W/06_final_output.json" > "$d/06.json"
	# A service's provenance of picture 2, made for another request.
	printf '{"provider":"openai","model":"gpt-image-1","request":"0000000000000000","usage":{"images":1},"revised_prompt":"REVISED"}' \
	    > "$d/scenes/02.png.json"
	# One of scene 1's first line's clip, made for its request (its
	# hash as MV_CALL_LOG says).
	hash=$(awk -F '\t' '$1 == "tts" && $2 == 1 { print $4; exit }' "$BATS_FILE_TMPDIR/calls")
	[ -n "$hash" ]
	printf '{"provider":"openai","model":"tts-1","request":"%s","usage":{"characters":100}}' \
	    "$hash" > "$d/narration/01-01.wav.json"
	run -0 --separate-stderr mv-review -p "$top/pipelines/prices.tsv" -d "$d" "$d/06.json"
	assert_output --partial '<figure><img src="characters/sheet.png" alt="'
	refute_output --partial REVISED
	assert_output --partial '<tr><th>cost</th><td>100 characters; about 0.0015 USD</td></tr>'
	assert_output --partial '<tr><th>model</th><td>tts-1</td></tr>'
	n=$(jq '.segments | length' "$d/06.json")
	lines=$(jq '[.segments[].lines | length] | add' "$d/06.json")
	assert_equal "$(grep -c 'nothing (offline)' <<<"$output")" "$((n + lines - 1))"
}

@test "headless Chromium loads the page: no console error, the video can play, every picture loads" {
	command -v chromium > /dev/null ||
	    skip "chromium is not installed (Debian package chromium, deps/debian)"
	# Every character sheet the pipeline made is on the page.
	n=0
	for ref in $(jq -r '.characters[].reference_image // empty' "$W/06_final_output.json"); do
		[ -s "$W/$ref" ] || continue
		grep -qF "<figure><img src=\"$ref\"" "$W/review.html" || fail "no sheet $ref"
		n=$((n + 1))
	done
	run -0 --separate-stderr python3 "$top/tests/lib/browse.py" "$W/review.html" "$BATS_TEST_TMPDIR/shot.png"
	assert_equal "$(jq -c .console_errors <<<"$output")" "[]"
	assert_equal "$(jq .canplay <<<"$output")" true
	assert_equal "$(jq .images <<<"$output")" "$(( $(jq '.segments | length' "$W/06_final_output.json") + n ))"
	assert_equal "$(jq -c .broken_images <<<"$output")" "[]"
	[ "$(head -c 8 "$BATS_TEST_TMPDIR/shot.png" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ]
	# The check fails when a picture is missing.
	mv "$W/scenes/02.png" "$BATS_TEST_TMPDIR/02.png"
	run -1 --separate-stderr python3 "$top/tests/lib/browse.py" "$W/review.html" "$BATS_TEST_TMPDIR/shot2.png"
	assert_equal "$(jq -r '.broken_images[0]' <<<"$output")" "scenes/02.png"
	mv "$BATS_TEST_TMPDIR/02.png" "$W/scenes/02.png"
}

@test "a character sheet that goes is noticed: the page is made again without it" {
	d=$BATS_TEST_TMPDIR/wf
	mkdir -p "$d/characters"
	cp "$W/scenes/01.png" "$d/characters/extra.png"
	jq '.characters = [{"name": "Extra", "reference_image": "characters/extra.png"}]' \
	    "$W/06_final_output.json" > "$d/06.json"
	run -0 --separate-stderr mv-review -d "$d" "$d/06.json"
	assert_output --partial '<figure><img src="characters/extra.png" alt="Extra">'
	rm "$d/characters/extra.png"
	run -0 --separate-stderr mv-review -d "$d" "$d/06.json"
	refute_output --partial '<figure>'
	# Under make, the page's record holds which sheets there are.
	run -0 pipe why
	assert_output ""
	sheet=$(ls "$W/characters/" | grep '\.png$' | head -1)
	[ -n "$sheet" ] || skip "the pipeline made no character sheet"
	mv "$W/characters/$sheet" "$BATS_TEST_TMPDIR/sheet.png"
	run -0 pipe why
	assert_line --partial "review.html: sheets changed"
	mv "$BATS_TEST_TMPDIR/sheet.png" "$W/characters/$sheet"
}

@test "a missing cost or price file is named; a state without segments is refused" {
	run -1 --separate-stderr mv-review -c "$BATS_TEST_TMPDIR/none.txt" "$W/06_final_output.json"
	assert_equal "$stderr" "mv-review: '$BATS_TEST_TMPDIR/none.txt': cannot open: No such file or directory"
	run -1 --separate-stderr mv-review -p "$BATS_TEST_TMPDIR/none.tsv" "$W/06_final_output.json"
	assert_equal "$stderr" "mv-review: '$BATS_TEST_TMPDIR/none.tsv': cannot open: No such file or directory"
	run -1 --separate-stderr mv-review <<<'{"format": 1}'
	assert_equal "$stderr" "mv-review: '<stdin>': segments: missing, expected an array (run mv-segment)"
	assert_output ""
}
