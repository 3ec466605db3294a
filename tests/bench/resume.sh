#!/usr/bin/env bash
# tests/bench/resume.sh - what resuming and one step cost, measured side
# by side in one run (make bench). Wall-clock medians of RUNS runs, taken
# with bash's $EPOCHREALTIME (no process of its own); compare the ratios
# rather than the milliseconds, as the machines are noisy.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${MV_BIN:-$top/build/bin}
runs=${RUNS:-21}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export MV_QUIET=1

# median_ms CMD...: the median wall time of runs of CMD, in milliseconds.
median_ms() {
	local i t0 t1
	for ((i = 0; i < runs; i++)); do
		t0=$EPOCHREALTIME
		"$@" > /dev/null 2>&1
		t1=$EPOCHREALTIME
		echo "$t0 $t1"
	done | awk '{ print ($2 - $1) * 1000 }' | sort -n |
	    awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] }'
}

row() {	# row LABEL MS BASE: one line with the ratio to BASE
	awk -v l="$1" -v m="$2" -v b="$3" \
	    'BEGIN { printf "  %-46s %8.1f ms  %5.1fx\n", l, m, m / b }'
}

echo "mv bench: resume and per-step overhead ($runs runs each, median)"
make -s -C "$top" WORKFLOWS="$tmp/wf" WORKFLOW=b BIN="$bin" SIZE=320x180 \
    INPUT="$top/tests/bench/brief-15.json" > /dev/null 2>&1
n=$(wc -l < "$tmp/wf/b/scenes/index")
echo "workflow: $n scenes, finished"

base=$(median_ms /bin/true)
bare=$(median_ms make -s -f /dev/null -q x)
noop=$(median_ms make -s -C "$top" WORKFLOWS="$tmp/wf" WORKFLOW=b BIN="$bin")
noopb=$(median_ms make -s -C "$top" WORKFLOWS="$tmp/wf" WORKFLOW=b)
echo "resume (times /bin/true, the cost of starting a process here):"
row "/bin/true" "$base" "$base"
row "make -q on an empty makefile" "$bare" "$base"
row "no-op make WORKFLOW=b BIN=... (goal <= 30 ms)" "$noop" "$base"
row "no-op make WORKFLOW=b (also checks the build)" "$noopb" "$base"

W=$tmp/wf/b
cp "$W/04_script_segments.json" "$tmp/04.json"
cp "$W/05_character_descriptions.json" "$tmp/05.json"
jqs=$(median_ms jq -S . "$tmp/05.json")
echo "one step on the $n-scene state, no espeak-ng or ffmpeg (times jq -S .):"
row "jq -S . (parse and print the same state)" "$jqs" "$jqs"
row "mv-analyze" "$(median_ms "$bin/mv-analyze" -o "$tmp/o1.json" \
    "$W/00_input.json")" "$jqs"
row "mv-research" "$(median_ms "$bin/mv-research" -o "$tmp/o2.json" \
    "$W/01_validated_context.json")" "$jqs"
row "mv-story" "$(median_ms "$bin/mv-story" -o "$tmp/o3.json" \
    "$W/02_research_results.json")" "$jqs"
row "mv-segment" "$(median_ms "$bin/mv-segment" -o "$tmp/o4.json" \
    "$W/03_story.json")" "$jqs"
row "mv-design -p (plan, no pictures; goal <= 5 ms)" "$(median_ms \
    "$bin/mv-design" -p -o "$tmp/o5.json" "$tmp/04.json")" "$jqs"
row "mv-design -x (per-scene requests)" "$(median_ms "$bin/mv-design" -x \
    -s 320x180 -d "$tmp" "$tmp/05.json")" "$jqs"
row "mv-assemble -x (per-scene requests)" "$(median_ms \
    "$bin/mv-assemble" -x -d "$tmp" "$tmp/05.json")" "$jqs"
row "mv-design -n 1 (one 1920x1080 picture)" "$(median_ms \
    "$bin/mv-design" -n 1 -d "$tmp" "$tmp/05.json")" "$jqs"
