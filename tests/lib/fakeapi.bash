# tests/lib/fakeapi.bash - the fake AI services (tests/lib/fakeapi/) for
# bats tests. Load it after helper: `load lib/fakeapi`.
#
# FAKE_PYTHON names the interpreter (default /usr/bin/python3, or python3).
# FAKE_CONTRACTS (default 1) makes the server check every request against
# the providers' published specifications (tests/contracts/), refuse one
# that breaks them as the service would, and log the violations in each
# request's "contract" (log: only log them; 0: check nothing); see
# tests/lib/fakeapi/server.py and tests/7005-contracts.bats.
#
#   fake_start             starts a server on a free port on 127.0.0.1 and
#                          exports FAKE_URL (http://127.0.0.1:PORT), FAKE_LOG
#                          (its request log) and FAKE_PID; its stderr goes
#                          to FAKE_ERR
#   fake_stop              stops it (idempotent)
#   fake_ctl NAME [JSON]   POSTs JSON to /_fake/NAME (GET without JSON,
#                          but reset is always a POST), e.g.
#                          fake_ctl faults '[{"path":"^/v1/","action":"429"}]'
#                          or fake_ctl stats; prints the answer
#   fake_state KEY JSON    sets the server's req.state[KEY] to the JSON value
#   fake_requests [REGEX]  the logged requests whose path matches REGEX, one
#                          compact JSON object a line, in order of arrival
#                          (the log is written as each one ends: a request
#                          that follows a reply can end up logged first)
#
# The server stops in teardown: this file defines a teardown() that calls
# fake_stop, so a test file that defines its own teardown must call
# fake_stop in it. As a second guard the server exits by itself when the
# shell that started it does (the end of the test), so a failing or
# interrupted test cannot leave it running.

# Debian's own python3 (deps/debian) when there is one: a version manager's
# shim in PATH can cost more to start than a whole test.
if [[ -z ${FAKE_PYTHON:-} ]]; then
	FAKE_PYTHON=python3
	[[ -x /usr/bin/python3 ]] && FAKE_PYTHON=/usr/bin/python3
fi
FAKE_SERVER=$(cd "$(dirname "${BASH_SOURCE[0]}")/fakeapi" && pwd)/server.py

fake_start() {
	local dir=${BATS_TEST_TMPDIR:-${BATS_FILE_TMPDIR:?}} i port=

	fake_stop
	FAKE_LOG=$dir/fake.log
	FAKE_ERR=$dir/fake.err
	: >"$FAKE_LOG"
	# fd 3 is bats's own: a background job holding it makes bats hang.
	"$FAKE_PYTHON" "$FAKE_SERVER" --log "$FAKE_LOG" >"$dir/fake.port" \
	    2>"$FAKE_ERR" 3>&- &
	FAKE_PID=$!
	for ((i = 0; i < 200; i++)); do
		if [[ $(wc -l <"$dir/fake.port") -ge 1 ]]; then
			read -r port <"$dir/fake.port"
			break
		fi
		if ! kill -0 "$FAKE_PID" 2>/dev/null; then
			echo "fake_start: the server died:" >&2
			cat "$FAKE_ERR" >&2
			unset FAKE_PID
			return 1
		fi
		sleep 0.05
	done
	if [[ ! $port =~ ^[0-9]+$ ]]; then
		echo "fake_start: no port from the server in 10 s" >&2
		cat "$FAKE_ERR" >&2
		fake_stop
		return 1
	fi
	FAKE_URL=http://127.0.0.1:$port
	export FAKE_URL FAKE_LOG FAKE_ERR FAKE_PID
}

fake_stop() {
	if [[ -n ${FAKE_PID:-} ]]; then
		kill "$FAKE_PID" 2>/dev/null
		wait "$FAKE_PID" 2>/dev/null
		unset FAKE_PID
	fi
	return 0
}

fake_ctl() {
	local name=${1#/}

	name=${name#_fake/}
	if [[ $# -ge 2 || $name == reset ]]; then
		curl -sS --fail-with-body -X POST \
		    -H 'Content-Type: application/json' --data-binary "${2:-}" \
		    "$FAKE_URL/_fake/$name"
	else
		curl -sS --fail-with-body "$FAKE_URL/_fake/$name"
	fi
}

fake_state() {
	fake_ctl state "$(jq -cn --arg k "$1" --argjson v "$2" \
	    '{key: $k, value: $v}')"
}

# fake_state_file KEY FILE: the state KEY set to FILE's bytes in base64
# (through a file: a long sound would pass the limit of one argument).
fake_state_file() {
	local body=$BATS_TEST_TMPDIR/fake-state.json

	base64 -w0 "$2" | jq -cR --arg k "$1" '{key: $k, value: .}' > "$body"
	curl -sS --fail-with-body -X POST -H 'Content-Type: application/json' \
	    --data-binary "@$body" "$FAKE_URL/_fake/state"
}

fake_requests() {
	jq -cs --arg re "${1:-}" 'sort_by(.t0)[] | select(.path | test($re))' \
	    "$FAKE_LOG"
}

# bodies PATH_REGEX JQ: JQ over the bodies of the logged requests.
bodies() {
	fake_requests "$1" | jq -c ".body | $2"
}

if ! declare -F teardown >/dev/null; then
	teardown() {
		fake_stop
	}
fi
