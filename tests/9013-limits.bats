#!/usr/bin/env bats
# Limits shared by every process (lib/core/limit.c): eight programs fetching
# pictures at once from a fake service that allows 4 requests in flight
# and answers 429 beyond.
bats_require_minimum_version 1.5.0
load helper
load lib/fakeapi

KEY=sk-test-SECRET-5f2b9c41d7e0
LATENCY=0.25

setup_file() {
	states_to "$BATS_FILE_TMPDIR/s" "$top/examples/little-seed.json" \
	    2> /dev/null
}

setup() {
	d=$BATS_TEST_TMPDIR
	fake_start
	fake_ctl limit '{"inflight": 4}' > /dev/null
	fake_ctl latency "{\"seconds\": $LATENCY}" > /dev/null
	unset OPENAI_API_KEY MV_LLM_API_KEY
	export MV_LLM=offline MV_IMAGE=openai MV_IMAGE_BASE_URL=$FAKE_URL/v1
	export MV_IMAGE_API_KEY=$KEY MV_BACKOFF_MS=50 MV_CONCURRENCY=4
	export MV_LIMIT_DIR=$d/limits
	# Five pictures a process, from their text: the counts below are of
	# scenes (the characters' sheets, and pictures made with them, are
	# 7006's, which prices those too).
	export MV_IMAGE_SHEETS=0
}

# eight: eight mv-design at once, each fetching its five pictures (what
# eight workflows of a batch do at their pictures' step); waits for all,
# fails when one did.
eight() {
	local i pids=() rc=0
	for i in 1 2 3 4 5 6 7 8; do
		mv-design -d "$d/w$i" -s 160x90 "$BATS_FILE_TMPDIR/s/04.json" \
		    > /dev/null 2> "$d/err$i" &
		pids+=($!)
	done
	for i in "${pids[@]}"; do
		wait "$i" || rc=1
	done
	return $rc
}

@test "without a shared limit, eight processes pass the service's limit" {
	MV_RETRIES=0 eight || :
	run -0 fake_ctl stats
	# Each process keeps to MV_CONCURRENCY=4; together they do not.
	[ "$(jq .max_inflight <<<"$output")" -gt 4 ]
	[ "$(jq .limited <<<"$output")" -gt 0 ]
}

@test "MV_OPENAI_CONCURRENCY=4: no 429, and within 1.3 times the limit's time" {
	MV_OPENAI_CONCURRENCY=4 MV_RETRIES=0 eight || { cat "$d"/err* >&2; false; }
	run -0 fake_ctl stats
	# None passed the limit (the fake answers 429 to a request that
	# arrives while 4 are being worked on), and 4 ran at once.
	assert_equal "$(jq .limited <<<"$output")" 0
	[ "$(jq .max_inflight <<<"$output")" -ge 4 ]
	assert_equal "$(jq .requests <<<"$output")" 40
	for i in 1 2 3 4 5 6 7 8; do
		[ -s "$d/w$i/scenes/05.png" ]
	done
	# The time the limit allows: the service's own time for the 40
	# requests (LATENCY each, and its work on them, which is slower on a
	# loaded machine), 4 at a time, with no slot ever idle. Against it,
	# from the first request's arrival to the last one's end.
	run -0 jq -s '((map(.t1) | max) - (map(.t0) | min)) /
	    (map(.t1 - .t0) | add / 4) * 100 | round' "$FAKE_LOG"
	echo "# $output% of the time the limit allows" >&3
	[ "$output" -le 130 ]
	# Each slot is a file of the lock folder; none is held now.
	for i in 0 1 2 3; do
		flock -n "$MV_LIMIT_DIR/OPENAI.slot.$i" true
	done
	[ ! -e "$MV_LIMIT_DIR/OPENAI.slot.4" ]
}

@test "a slot held elsewhere counts: one process, three slots left" {
	# Someone else holds one slot of the four, as a request in flight
	# of another workflow would (this shell: its own open file).
	fake_ctl limit '{"inflight": 3}' > /dev/null
	mkdir -p "$MV_LIMIT_DIR"
	exec 5> "$MV_LIMIT_DIR/OPENAI.slot.2"
	flock -n 5
	MV_OPENAI_CONCURRENCY=4 MV_CONCURRENCY=8 MV_RETRIES=0 \
	    mv-design -d "$d/w" -s 160x90 "$BATS_FILE_TMPDIR/s/04.json" \
	    > /dev/null
	exec 5>&-
	run -0 fake_ctl stats
	assert_equal "$(jq .limited <<<"$output")" 0
	[ "$(jq .max_inflight <<<"$output")" -ge 3 ]
}

@test "a bad limit or lock folder is refused with its name" {
	MV_OPENAI_CONCURRENCY=lots run -1 --separate-stderr \
	    mv-design -d "$d/w" -s 160x90 "$BATS_FILE_TMPDIR/s/04.json"
	assert_regex "$stderr" "MV_OPENAI_CONCURRENCY: expected a whole number from 1 to 256, got 'lots'"
	MV_OPENAI_RPM=10 MV_LIMIT_DIR=/proc/none run -1 --separate-stderr \
	    mv-design -d "$d/w" -s 160x90 "$BATS_FILE_TMPDIR/s/04.json"
	assert_regex "$stderr" "MV_LIMIT_DIR: '/proc/none': "
	run -0 fake_ctl stats
	assert_equal "$(jq .requests <<<"$output")" 0
}

# spent LEDGER: the sum of its amounts, in USD.
spent() {
	awk -F '\t' '{ s += $2 } END { printf "%.6f", s }' "$1"
}

@test "BUDGET: eight processes at once never pay for more than it allows" {
	fake_ctl limit '{"inflight": 0}' > /dev/null
	# gpt-image-1 at 0.042 a picture (pipelines/prices.tsv): 0.21 USD
	# is five pictures of the forty.
	export MV_LEDGER=$d/ledger
	BUDGET=0.21 MV_RETRIES=0 eight && fail "the budget stopped nothing"
	run -0 fake_ctl stats
	assert_equal "$(jq .requests <<<"$output")" 5
	assert_equal "$(spent "$d/ledger")" 0.210000
	assert_equal "$(grep -c '^reserve' "$d/ledger")" 5
	grep -h 'budget' "$d"/err* | head -n 1 | grep -q \
	    "openai: budget 0.21 USD: 0.21 spent, the next picture would cost 0.04"
	# A higher budget goes on from what was spent.
	rm -rf "$d"/w2
	BUDGET=0.42 MV_RETRIES=0 mv-design -d "$d/w2" -s 160x90 \
	    "$BATS_FILE_TMPDIR/s/04.json" > /dev/null
	assert_equal "$(spent "$d/ledger")" 0.420000
	[ -s "$d/w2/scenes/05.png" ]
}

@test "BUDGET: a failed call is given back; a chat's usage replaces its estimate" {
	fake_ctl limit '{"inflight": 0}' > /dev/null
	fake_ctl faults '[{"path": "/images/", "action": "500", "count": 1}]' \
	    > /dev/null
	export MV_LEDGER=$d/ledger BUDGET=1
	MV_RETRIES=0 mv-design -d "$d/w" -s 160x90 \
	    "$BATS_FILE_TMPDIR/s/04.json" > /dev/null 2>&1 || :
	# The failed picture: reserved, then settled back to nothing.
	assert_equal "$(grep -c '^settle.*failed' "$d/ledger")" 1
	assert_equal "$(spent "$d/ledger")" 0.168000
	: > "$d/ledger"
	MV_LLM=openai MV_LLM_BASE_URL=$FAKE_URL/v1 MV_LLM_API_KEY=$KEY \
	    mv-story -o "$d/03.json" "$BATS_FILE_TMPDIR/s/02.json"
	grep -q '^reserve' "$d/ledger"
	grep -q '^settle.*used' "$d/ledger"
	# What the replies said they used, at gpt-4o-mini's prices.
	run -0 jq -r '[.log[] | .usage? // empty] | last |
	    (.prompt_tokens * 0.00000015 + .completion_tokens * 0.0000006)' \
	    "$d/03.json"
	assert_equal "$(spent "$d/ledger")" "$(printf '%.6f' "$output")"
}

@test "a bad BUDGET is refused, by make and by a program" {
	run --separate-stderr make -C "$top" --no-print-directory \
	    BIN="$MV_BIN" WORKFLOWS="$d/wf" WORKFLOW=t \
	    INPUT="$top/examples/little-seed.json" BUDGET=lots
	assert_equal "$status" 2
	assert_regex "$stderr" "mv: BUDGET=lots: expected US dollars, like 2.50"
	BUDGET=x run -1 --separate-stderr mv-design -d "$d/w" -s 160x90 \
	    "$BATS_FILE_TMPDIR/s/04.json"
	assert_regex "$stderr" "BUDGET: expected US dollars, like 2.50, got 'x'"
}

@test "make estimate: the calls still to make, priced, writing nothing" {
	local p=$d/prices.tsv
	printf 'openai\tgpt-image-1\timages\t0.5\nopenai\tgpt-4o-mini-tts\tcharacters\t0.001\nopenai\tgpt-4o-mini\tprompt_tokens\t0.0001\nopenai\tgpt-4o-mini\tcompletion_tokens\t0.0002\n' > "$p"
	run -0 --separate-stderr env MV_PRICES="$p" make -s -C "$top" \
	    --no-print-directory BIN="$MV_BIN" WORKFLOWS="$d/wf" WORKFLOW=t \
	    INPUT="$top/examples/little-seed.json" MV_LLM=openai \
	    MV_IMAGE=openai MV_TTS=openai estimate
	# A one-minute brief: five text steps, five pictures, five clips.
	assert_equal "$(awk -F '\t' '$1 == "image" { print $4, $5, $6 }' \
	    <<<"$output")" "5 5 images 2.5"
	assert_equal "$(awk -F '\t' '$1 == "story" { print $4, $6 }' \
	    <<<"$output")" "1 0.45"
	assert_equal "$(awk -F '\t' '$1 == "tts" { print $4, $5, $6 }' \
	    <<<"$output")" "5 900 characters 0.9"
	assert_equal "$(awk -F '\t' '$1 == "total" { print $4, $6 }' \
	    <<<"$output")" "15 5.65"
	[ ! -e "$d/wf" ]
	# A model without a price: "?".
	run -0 --separate-stderr env MV_PRICES="$p" make -s -C "$top" \
	    --no-print-directory BIN="$MV_BIN" WORKFLOWS="$d/wf" WORKFLOW=t \
	    INPUT="$top/examples/little-seed.json" MV_IMAGE=openai \
	    MV_IMAGE_MODEL=dall-e-9 estimate
	assert_regex "$output" "total	+5	+\? \(a model has no price in the table\)"
	# A batch's: each brief's total, and theirs.
	run -0 --separate-stderr env MV_PRICES="$p" make -s -C "$top" \
	    --no-print-directory BIN="$MV_BIN" WORKFLOWS="$d/wf" \
	    BRIEFS="$top/examples/little-seed.json $top/examples/honest-fox.json" \
	    MV_IMAGE=openai estimate
	assert_equal "$output" "little-seed	2.5
honest-fox	5
total	7.5000"
	[ ! -e "$d/wf" ]
}

@test "BUDGET in a batch: one ledger, and the batch never pays past it" {
	local n
	fake_ctl limit '{"inflight": 0}' > /dev/null
	mkdir -p "$d/briefs"
	for n in a b c; do
		cp "$top/examples/little-seed.json" "$d/briefs/$n.json"
	done
	# Fifteen pictures wanted, five (0.21 USD at 0.042) allowed.
	run --separate-stderr make -C "$top" --no-print-directory -j4 \
	    BIN="$MV_BIN" WORKFLOWS="$d/wf" BRIEFS="$d/briefs/*.json" batch \
	    BUDGET=0.21 MV_RETRIES=0 MV_TTS=none SIZE=160x90 FPS=24 \
	    PRESET=ultrafast CROSSFADE=0
	assert_equal "$status" 2
	run -0 fake_ctl stats
	assert_equal "$(jq .requests <<<"$output")" 5
	assert_equal "$(spent "$d/wf/.batch/default/ledger")" 0.210000
	[ ! -e "$d/wf/a/.mv/ledger" ]
	run -0 jq -r 'select(.status == "failed") | .error' \
	    "$d/wf/.batch/default/summary.jsonl"
	assert_regex "$output" "budget 0.21 USD: 0.21 spent, the next picture would cost 0.04"
	grep -qx 'BUDGET := 0.21' "$d/wf/a/params.mk"
}
