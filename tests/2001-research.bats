#!/usr/bin/env bats
# mv-research with the offline "none" provider.
bats_require_minimum_version 1.5.0
load helper

setup() {
	mv-analyze -o "$BATS_TEST_TMPDIR/01.json" "$top/examples/honest-fox.json"
}

@test "the none provider records no results, the queries and a summary" {
	run -0 --separate-stderr mv-research "$BATS_TEST_TMPDIR/01.json"
	assert_equal "$(jq -r .research.provider <<<"$output")" none
	assert_equal "$(jq -c .research.results <<<"$output")" "[]"
	assert_equal "$(jq -c '.research.queries == .search_queries' <<<"$output")" true
	assert_regex "$(jq -r .research.summary <<<"$output")" "^No research was done"
	assert_equal "$(jq -r '.log[-1] | [.program, .provider] | join(" ")' <<<"$output")" "mv-research none"
}

@test "MV_SEARCH=none is accepted and an unknown provider is refused with the valid ones" {
	MV_SEARCH=none run -0 mv-research "$BATS_TEST_TMPDIR/01.json"
	MV_SEARCH=google run -1 --separate-stderr mv-research "$BATS_TEST_TMPDIR/01.json"
	assert_equal "$stderr" "mv-research: MV_SEARCH: 'google': expected none, tavily, searxng or wikipedia"
}

@test "every key of the input state is kept" {
	run -0 mv-research "$BATS_TEST_TMPDIR/01.json"
	assert_equal "$(jq -s '(.[0] | del(.log)) == (.[1] | del(.research, .log))' "$BATS_TEST_TMPDIR/01.json" - <<<"$output")" true
}
