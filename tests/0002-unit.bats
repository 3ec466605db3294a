#!/usr/bin/env bats
# The C unit checks of lib/ (tests/unit/*.c), one test per program. Each
# prints TAP; a failing check shows as "not ok N - file:line: expr".

bats_require_minimum_version 1.5.0
bats_load_library bats-support
bats_load_library bats-assert

setup() {
	# make test sets MV_UNIT to build/unit or build/san/unit.
	MV_UNIT=${MV_UNIT:-$BATS_TEST_DIRNAME/../build/unit}
	cd "$BATS_TEST_TMPDIR"
}

# Runs one unit program and demands that every check passed. Passing
# checks are dropped from $output, so a failure shows only the "not ok"
# lines, their diagnostics and the plan.
unit() {
	[ -x "$MV_UNIT/$1" ] || fail "$MV_UNIT/$1: not built (make unit)"
	run "$MV_UNIT/$1"
	output=$(grep -v '^ok ' <<<"$output")
	assert_success
	refute_output --partial 'not ok'
	assert_line --regexp '^1\.\.[1-9][0-9]*$'
}

@test "lib text helpers pass their unit checks" {
	unit text
}

@test "lib state reader, writer and field helpers pass their unit checks" {
	unit state
}

@test "lib atomic files pass their unit checks" {
	unit atomic
}

@test "lib brief checks and normalisation pass their unit checks" {
	unit brief
}

@test "lib offline segmenter passes its unit checks" {
	unit segment
}

@test "lib line attribution (who speaks each quotation) passes its unit checks" {
	unit lines
}

@test "lib casting (a voice for every character) passes its unit checks" {
	unit cast
}

@test "lib offline storyteller passes its unit checks" {
	unit story
}

@test "lib subtitle cue splitter passes its unit checks" {
	unit media
}

@test "lib frame drawing (sub-pixel views, fades) passes its unit checks" {
	unit frames
}

@test "lib storyboard contact sheet passes its unit checks" {
	unit storyboard
}

@test "lib video plan and subtitle scripts pass their unit checks" {
	unit render
}

@test "lib provider settings pass their unit checks" {
	unit conf
}

@test "lib child-safety word filter passes its unit checks" {
	unit safety
}

@test "lib chat reply parsing and the scenes' word-for-word check pass their unit checks" {
	unit llm
}

@test "lib HTTP layer (limits, retries, errors) passes its unit checks against the fake server" {
	MV_TOP=$BATS_TEST_DIRNAME/.. unit http
}

# Issue 12: the offline illustrator draws the story.
@test "lib illustrator kinds: names resolve, no two silhouettes alike, feelings show" {
	unit species
}

@test "lib illustrator scenes: settings from words, the subtitle-safe area, one text, the sheet" {
	unit illustrate
}

@test "lib referent: 'she', 'he' and 'they' count the characters they mean" {
	unit referent
}

@test "lib offline illustrator's words in other languages (gloss) pass their unit checks" {
	unit gloss
}

@test "lib dynamic loading (dynlib) passes its unit checks" {
	unit dynlib
}

@test "lib limits shared between processes (slots, starts per minute) pass their unit checks" {
	unit limit
}

@test "lib budget ledger (estimates, the cap, settling) passes its unit checks" {
	unit ledger
}

@test "lib review page (escaping, URLs, prices, the page) passes its unit checks" {
	unit review
}

# Issue 14: every script drawn shaped, in its direction, with no boxes.
@test "lib typesetting (every script shows, right-to-left, wrapping, fonts) passes its unit checks" {
	unit typeset
}

# lib/'s folders are layers (Makefile, LIBDIRS): a module includes from
# its own layer and the layers below it, never from above, and by the
# layer's name ("core/util.h"), so that the tree shows what depends on
# what. services and offline are side by side: neither includes the other.
@test "lib's layers include only from below" {
	local top=$BATS_TEST_DIRNAME/.. f layer dep bad=
	declare -A rank=([core]=0 [media]=1 [services]=2 [offline]=2 \
	    [story]=3 [video]=4)
	for f in "$top"/lib/*/*.[ch]; do
		layer=${f%/*}; layer=${layer##*/}
		[ -n "${rank[$layer]-}" ] || bad+="$f: lib/$layer is no layer"$'\n'
		while read -r dep; do
			if [ -z "${rank[$dep]-}" ]; then
				bad+="$f: includes from $dep/, no layer"$'\n'
			elif [ "$dep" != "$layer" ] &&
			    [ "${rank[$dep]}" -ge "${rank[$layer]}" ]; then
				bad+="$f: $layer includes from $dep"$'\n'
			fi
		done < <(sed -n 's|^#include "\([a-z]*\)/[a-z_]*\.h".*|\1|p' "$f")
		if grep -q '^#include "[a-z_]*\.h"' "$f"; then
			bad+="$f: a header included without its layer"$'\n'
		fi
	done
	[ -z "$bad" ] || fail "$bad"
}
