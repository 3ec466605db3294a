#!/usr/bin/env bats
# The fake AI server (tests/lib/fakeapi/) that the provider tests stand
# on: routes, control endpoints, fault rules, stats and the request log.

bats_require_minimum_version 1.5.0

load helper
load lib/fakeapi

setup() {
	fake_start
}

# status URL [curl args]: prints curl's exit status and the HTTP status.
hit() {
	local url=$1

	shift
	curl -s -o "$BATS_TEST_TMPDIR/body" -w '%{http_code}' "$@" \
	    "$FAKE_URL$url" && echo " 0" || echo " $?"
}

@test "fake_start exports a URL on loopback and the log's path" {
	assert_regex "$FAKE_URL" '^http://127\.0\.0\.1:[0-9]+$'
	[ -f "$FAKE_LOG" ]
	kill -0 "$FAKE_PID"
}

@test "a module's route answers and the request is logged once as JSON" {
	run -0 curl -sS -H 'Authorization: Bearer sk-test' -H 'X-One: 1' \
	    --data-binary '{"q":[1,2]}' "$FAKE_URL/echo/x?a=1&a=2&b="
	run -0 jq -c '[.method, .path, .query, .json, .headers["x-one"]]' \
	    <<<"$output"
	assert_output '["POST","/echo/x",{"a":["1","2"],"b":[""]},{"q":[1,2]},"1"]'
	run -0 fake_requests '^/echo'
	assert_equal "${#lines[@]}" 1
	run -0 jq -c '[.method, .path, .query.a, .body, .status, .fault,
	    .headers.authorization, (.t1 >= .t0)]' <<<"$output"
	assert_output '["POST","/echo/x",["1","2"],{"q":[1,2]},200,null,"Bearer sk-test",true]'
}

@test "an unknown route is a 404 with an OpenAI-style error body" {
	run -0 hit /v9/nothing
	assert_output '404 0'
	run -0 jq -r '.error.type + ": " + .error.message' "$BATS_TEST_TMPDIR/body"
	assert_output 'invalid_request_error: Unknown route: GET /v9/nothing'
}

@test "fault rules are taken in order, each up to its count, then routes answer" {
	fake_ctl faults '[{"path":"^/echo$","action":"429","retry_after":"7","count":2},
	    {"path":"^/echo$","method":"POST","action":"500"},
	    {"path":"^/echo$","action":"503"}]'
	run -0 curl -s -D - -o /dev/null "$FAKE_URL/echo"
	assert_line --partial 'HTTP/1.1 429'
	assert_line --regexp '^Retry-After: 7'
	run -0 hit /echo
	assert_output '429 0'
	run -0 hit /echo -d x
	assert_output '500 0'
	run -0 hit /echo
	assert_output '503 0'
	run -0 jq -r .error.message "$BATS_TEST_TMPDIR/body"
	assert_output --partial 'overloaded'
	run -0 hit /echo
	assert_output '200 0'
	run -0 fake_ctl faults
	assert_output --regexp '"count": 0.*"count": 0.*"count": 0'
	run -0 jq -s -c 'map([.status, .fault])' < <(fake_requests)
	assert_output '[[429,"429"],[429,"429"],[500,"500"],[503,"503"],[200,null]]'
}

@test "a rule with count -1 applies to every request; other paths pass" {
	fake_ctl faults '[{"path":"^/echo$","action":"status","status":401,"count":-1,
	    "body":"{\"error\":{\"message\":\"Incorrect API key provided\"}}"}]'
	for i in 1 2 3; do
		run -0 hit /echo
		assert_output '401 0'
	done
	run -0 jq -r .error.message "$BATS_TEST_TMPDIR/body"
	assert_output 'Incorrect API key provided'
	run -0 hit '/big?n=5'
	assert_output '200 0'
}

@test "reset closes without an answer, truncate sends a short body" {
	fake_ctl faults '[{"action":"reset"},{"action":"truncate"}]'
	run -0 hit /echo
	assert_output '000 56'
	run -0 hit '/big?n=1000'
	assert_output '200 18'
	[ "$(wc -c <"$BATS_TEST_TMPDIR/body")" -eq 500 ]
	run -0 jq -s -c 'map([.status, .fault])' < <(fake_requests)
	assert_output '[[null,"reset"],[200,"truncate"]]'
}

@test "nonjson answers 200 with an HTML page" {
	fake_ctl faults '{"action":"nonjson"}'
	run -0 curl -sS -D - "$FAKE_URL/echo"
	assert_line --regexp '^HTTP/1.1 200'
	assert_line --regexp '^Content-Type: text/html'
	assert_output --partial '<title>502 Bad Gateway</title>'
}

@test "a timeout does not answer and does not hold up other requests" {
	fake_ctl faults '{"path":"^/echo$","action":"timeout","seconds":30}'
	run -0 hit /echo -m 1
	assert_output '000 28'
	run -0 hit /echo
	assert_output '200 0'
	# The wait ends soon after the client hangs up, not after 30 s.
	for i in $(seq 20); do
		[ "$(fake_ctl stats | jq .inflight)" = 0 ] && break
		sleep 0.1
	done
	run -0 fake_ctl stats
	assert_equal "$(jq .inflight <<<"$output")" 0
	run -0 fake_requests
	assert_equal "$(jq -s -c 'map([.status, .fault])' <<<"$output")" \
	    '[[null,"timeout"],[200,null]]'
}

@test "delay waits and then answers normally" {
	fake_ctl faults '{"action":"delay","seconds":0.5}'
	run -0 curl -sS -o /dev/null -w '%{http_code} %{time_total}' \
	    "$FAKE_URL/echo"
	assert_regex "$output" '^200 (0\.[5-9]|[1-9])'
	run -0 fake_requests
	assert_equal "$(jq -r .fault <<<"$output")" delay
}

@test "an unknown action reaches the handler as req.fault" {
	fake_ctl faults '{"action":"prose"}'
	run -0 curl -sS "$FAKE_URL/echo"
	assert_equal "$(jq -r .fault <<<"$output")" prose
	run -0 curl -sS "$FAKE_URL/echo"
	assert_equal "$(jq -r .fault <<<"$output")" null
}

@test "stats count requests and the most in flight at once under latency" {
	fake_ctl latency '{"seconds":0.5}'
	pids=
	for i in 1 2 3 4; do
		curl -s -o /dev/null "$FAKE_URL/echo" &
		pids+=" $!"
	done
	wait $pids
	run -0 fake_ctl stats
	assert_equal "$(jq -c . <<<"$output")" \
	    '{"requests":4,"max_inflight":4,"inflight":0,"limited":0}'
	fake_ctl reset
	run -0 fake_ctl stats
	assert_equal "$(jq -c . <<<"$output")" \
	    '{"requests":0,"max_inflight":0,"inflight":0,"limited":0}'
}

@test "reset clears rules, latency and state; control calls are not logged" {
	fake_state reply '{"text":"hi"}'
	run -0 fake_ctl state
	assert_equal "$(jq -c .reply <<<"$output")" '{"text":"hi"}'
	fake_ctl faults '{"action":"500","count":-1}'
	fake_ctl latency '{"seconds":2}'
	fake_ctl reset
	run -0 fake_ctl state
	assert_output '{}'
	run -0 curl -sS -o /dev/null -w '%{http_code} %{time_total}' \
	    "$FAKE_URL/echo"
	assert_regex "$output" '^200 0\.[0-4]'
	run -0 fake_requests
	assert_equal "${#lines[@]}" 1
}

@test "a bad control request is a 400 and changes nothing" {
	run -22 fake_ctl faults '[1]'
	run -22 fake_ctl faults '{"path":"("}'
	run -22 fake_ctl nothing '{}'
	run -0 fake_ctl faults
	assert_output '[]'
}

@test "the server exits by itself when the shell that started it does" {
	(
		"$FAKE_PYTHON" "$FAKE_SERVER" >"$BATS_TEST_TMPDIR/port2" \
		    2>/dev/null 3>&- &
		until [ -s "$BATS_TEST_TMPDIR/port2" ]; do sleep 0.05; done
	)
	url=http://127.0.0.1:$(cat "$BATS_TEST_TMPDIR/port2")
	run -0 curl -sS -o /dev/null "$url/echo"
	for i in $(seq 30); do
		curl -s -o /dev/null "$url/echo" || break
		sleep 0.1
	done
	run -7 curl -sS -o /dev/null "$url/echo"
}
