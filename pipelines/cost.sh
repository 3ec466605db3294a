#!/bin/sh
# pipelines/cost.sh - what a workflow's AI calls used, and roughly cost.
#
# usage: cost.sh W [brief]
#
# Sums the "usage" objects of the latest state's log (one entry a step)
# and of the pictures' and clips' records made under make (scenes/NN.png.json,
# narration/NN.wav.json), by provider and model: every number in them
# (calls, prompt_tokens, completion_tokens, images, characters, seconds,
# searches, ...). Prices come from the table in MV_PRICES (default
# pipelines/prices.tsv next to this script): "provider model field USD"
# lines, USD per unit of field; a model missing from it costs "?". With
# "brief", prints one line (the end of a run), and nothing when no call
# was paid for. With "sums", prints "CALLS USD" (USD "?" when a model has
# no price), for pipelines/batch.sh.
set -eu
W=$1
mode=${2:-table}
here=$(dirname "$0")
prices=${MV_PRICES:-$here/prices.tsv}
latest=
for f in "$W"/0[0-6]_*.json; do
	[ -f "$f" ] && latest=$f
done
if [ -z "$latest" ]; then
	[ "$mode" = brief ] || echo "mv: $W: no state yet" >&2
	exit 0
fi
# Nothing paid when no record has a usage object (a quick test: an
# offline workflow's sums cost no jq).
if [ "$mode" = sums ] && ! grep -qs '"usage"' "$latest" \
    "$W"/scenes/*.png.json "$W"/narration/*.wav.json; then
	echo "0 0"
	exit 0
fi
{
	jq -c '.log[]? | select(.usage != null) |
	    {provider, model, usage}' "$latest"
	for f in "$W"/scenes/*.png.json "$W"/narration/*.wav.json; do
		[ -f "$f" ] || continue
		jq -c 'select(.usage != null) | {provider, model, usage}' "$f"
	done
} | jq -rs --rawfile prices "$prices" --arg mode "$mode" '
    def price_table: $prices | split("\n") | map(select(test("^[^#]")) |
	split("\t") | select(length == 4)) |
	map({key: (.[0] + " " + .[1] + " " + .[2]), value: (.[3] | tonumber)})
	| from_entries;
    price_table as $p |
    map(select(.provider != "offline" and .provider != "espeak" and
	.provider != "flite" and
	.provider != "none")) |
    (map(.usage.calls // 1) | add // 0) as $calls |
    group_by([.provider, (.model // "-")]) |
    map({provider: .[0].provider, model: (.[0].model // "-"),
	usage: (map(.usage | to_entries) | add // [] | group_by(.key) |
	    map({key: .[0].key, value: (map(.value | numbers) | add)}) |
	    from_entries)}) |
    map(. as $r | .usd = ([$r.usage | to_entries[] |
	select(.key != "seconds" and .key != "calls") |
	($p[$r.provider + " " + $r.model + " " + .key]) as $unit |
	if $unit == null then null else $unit * .value end] |
	if length == 0 then 0 elif any(. == null) then null else add end)) |
    if $mode == "sums" then
	"\($calls) " + (if any(.usd == null) then "?" else
	    ((map(.usd) | add // 0) * 10000 | round / 10000 | tostring) end)
    elif $mode == "brief" then
	if length == 0 then empty else
	"mv: cost: " + (map(.provider + (if .model == "-" then "" else
	    " " + .model end) + ": " +
	    ([.usage | to_entries[] | select(.key != "seconds") |
	    "\(.value) \(.key | gsub("_"; " "))"] | join(", "))) |
	    join("; ")) + "; about " + (if any(.usd == null) then
	    "? (a model has no price in the table)" else
	    "$" + ((map(.usd) | add) * 10000 | round / 10000 | tostring)
	    end) end
    else
	(["provider", "model", "usage", "USD"] | @tsv),
	(.[] | [.provider, .model, ([.usage | to_entries[] |
	    "\(.key)=\(.value)"] | join(" ")),
	    (if .usd == null then "?" else (.usd * 10000 | round / 10000 |
	    tostring) end)] | @tsv),
	"total\t\t\t" + (if any(.usd == null) then "?" else
	    ((map(.usd) | add // 0) * 10000 | round / 10000 | tostring) end)
    end'
