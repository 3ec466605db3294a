#!/usr/bin/env bash
# tests/bench/fanout.sh - what running a step's calls side by side saves
# (make bench-fanout): 12 pictures (mv-design, OpenAI images) and 12
# narration clips (mv-assemble, OpenAI speech) from the fake services of
# tests/lib/fakeapi/ with 500 ms of latency a request (FANOUT_LATENCY),
# one at a time (MV_CONCURRENCY=1) and concurrently (the default, 4).
#
#   images  mv-design's whole step, wall time
#   clips   the narration phase of mv-assemble's whole step: from the
#           first speech request's arrival to the last one's end, as the
#           fake server logged them (the rest of the step renders video)
#
# The variants run RUNS times (default 3), interleaved; the best time of
# each is printed with the ratio sequential / concurrent. The ideal ratio
# is 4 (12 calls in 12 rounds against 3); the issue's bound is that the
# concurrent step takes at most 1.3 x 0.5 s x 3 = 1.95 s of calls.
# Nothing leaves 127.0.0.1.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${MV_BIN:-$top/build/bin}
runs=${RUNS:-3}
latency=${FANOUT_LATENCY:-0.5}
tmp=$(mktemp -d)
spid=
cleanup() {
	[ -z "$spid" ] || kill "$spid" 2> /dev/null || :
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
export MV_QUIET=1
for c in python3 curl jq ffmpeg; do
	command -v "$c" > /dev/null || { echo "fanout.sh: needs $c" >&2; exit 2; }
done

python3 "$top/tests/lib/fakeapi/server.py" --log "$tmp/log" > "$tmp/port" &
spid=$!
for i in $(seq 100); do
	[ -s "$tmp/port" ] && break
	sleep 0.05
done
url=http://127.0.0.1:$(head -n 1 "$tmp/port")
ctl() {
	curl -sS --fail-with-body -X POST -H 'Content-Type: application/json' \
	    --data-binary "$2" "$url/_fake/$1" > /dev/null
}

# The states: 12 scenes, planned and drawn offline once.
"$bin/mv-analyze" "$top/tests/bench/brief-15.json" | "$bin/mv-research" |
    "$bin/mv-story" | "$bin/mv-segment" | jq '.segments |= .[:12]' \
    > "$tmp/04.json"
"$bin/mv-design" -d "$tmp/w" -s 320x180 -o "$tmp/05.json" "$tmp/04.json"

export MV_IMAGE=openai MV_IMAGE_BASE_URL=$url/v1 MV_IMAGE_SIZE=256x256
export MV_TTS=openai MV_TTS_BASE_URL=$url/v1
export MV_IMAGE_API_KEY=sk-bench MV_TTS_API_KEY=sk-bench
unset MV_CONCURRENCY

images() {	# images CONCURRENCY: seconds of mv-design's whole step
	local t0
	ctl reset '{}'
	ctl latency "{\"seconds\": $latency}"
	t0=$EPOCHREALTIME
	MV_CONCURRENCY=$1 "$bin/mv-design" -d "$tmp/w" -s 320x180 \
	    "$tmp/04.json" > /dev/null
	echo "$EPOCHREALTIME - $t0" | bc
}

clips() {	# clips CONCURRENCY: seconds of the narration calls
	ctl reset '{}'
	ctl latency "{\"seconds\": $latency}"
	: > "$tmp/log"
	MV_CONCURRENCY=$1 "$bin/mv-assemble" -d "$tmp/w" -s 320x180 \
	    -p ultrafast -o "$tmp/06.json" "$tmp/05.json"
	jq -s 'map(select(.path == "/v1/audio/speech")) |
	    (map(.t1) | max) - (map(.t0) | min)' "$tmp/log"
}

best() {	# best: the smallest of the numbers on stdin
	sort -g | head -n 1
}

: > "$tmp/times"
for r in $(seq "$runs"); do
	for c in 1 4; do
		printf 'images %s %s\n' "$c" "$(images "$c")" >> "$tmp/times"
		printf 'clips %s %s\n' "$c" "$(clips "$c")" >> "$tmp/times"
	done
done

printf '%-8s %12s %12s %8s\n' step sequential concurrent ratio
for k in images clips; do
	s=$(awk -v k="$k" '$1 == k && $2 == 1 { print $3 }' "$tmp/times" | best)
	p=$(awk -v k="$k" '$1 == k && $2 == 4 { print $3 }' "$tmp/times" | best)
	printf '%-8s %11.2fs %11.2fs %7.2fx\n' "$k" "$s" "$p" \
	    "$(echo "$s / $p" | bc -l)"
done
echo "12 calls each, $latency s latency, best of $runs interleaved runs;" \
    "bound: concurrent <= $(echo "1.3 * $latency * 3" | bc -l) s"
