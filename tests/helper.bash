# tests/helper.bash - shared set-up for the bats tests.
#
# MV_BIN names the folder of the programs under test (make test sets it
# to build/bin, or build/san/bin for the sanitizer build).

bats_load_library bats-support
bats_load_library bats-assert

top=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
: "${MV_BIN:=$top/build/bin}"
PATH="$MV_BIN:$PATH"
fixtures="$top/tests/fixtures"
export MV_QUIET=1

TOOLS="mv-analyze mv-research mv-story mv-segment mv-design mv-assemble mv-review"

# Small pictures and videos keep the suite fast; full size is for benchmarks.
SIZE=${TEST_SIZE:-320x180}

# states_to DIR BRIEF: runs the first five steps into DIR/01.json..05.json.
states_to() {
	local d=$1 brief=$2
	mkdir -p "$d"
	mv-analyze -o "$d/01.json" "$brief" &&
	mv-research -o "$d/02.json" "$d/01.json" &&
	mv-story -o "$d/03.json" "$d/02.json" &&
	mv-segment -o "$d/04.json" "$d/03.json" &&
	mv-design -s "$SIZE" -o "$d/05.json" "$d/04.json"
}

# The state a program expects as input: the output of the step before it.
input_for() {
	case $1 in
	mv-analyze) echo "$top/examples/little-seed.json" ;;
	mv-research) echo 01.json ;;
	mv-story) echo 02.json ;;
	mv-segment) echo 03.json ;;
	mv-design) echo 04.json ;;
	mv-assemble) echo 05.json ;;
	esac
}

# Lists temp files left in a folder tree (none expected).
leftover_temps() {
	find "$1" -name '.*.tmp.*'
}

# run_bg ARGS: the pipeline (make WORKFLOW=t in $root) in a process group
# of its own, its stderr in $BATS_TEST_TMPDIR/bg.err, its pid in bg.
# SIGINT is not ignored (bash ignores it in a background command), as in
# a run started at a terminal: a Ctrl+C test then interrupts for real.
run_bg() {
	setsid env --default-signal=INT make -s -C "$top" \
	    --no-print-directory BIN="$MV_BIN" WORKFLOWS="$root" WORKFLOW=t \
	    "$@" > /dev/null 2> "$BATS_TEST_TMPDIR/bg.err" &
	bg=$!
}

# wait_for FILE: until FILE exists (at most 60 s: the sanitizer pass on a
# loaded machine is slow to get there).
wait_for() {
	for i in $(seq 1200); do
		[ -e "$1" ] && return 0
		sleep 0.05
	done
	fail "timed out waiting for $1"
}
