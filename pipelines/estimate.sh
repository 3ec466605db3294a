#!/bin/sh
# pipelines/estimate.sh - the paid calls a workflow still has to make, and
# roughly what they will cost; it runs nothing and writes nothing.
#
# usage: estimate.sh W [total]
#
# Environment (from the Makefile's estimate target, the settings resolved
# as the run would): MAKE (the pipeline's make, for why.sh); MV_EST_TEXT,
# "step:provider:model" for each text step; MV_EST_IMAGE and MV_EST_TTS,
# "provider:model"; MV_EST_SEARCH, the search provider; INPUT, the brief
# when the workflow has none yet. Prices: MV_PRICES or prices.tsv here.
#
# What is still to make is what why.sh lists: a state means one text call
# (research one search too), a picture one picture, a clip the characters
# of its narration. When the scenes' plan itself is to be made again, every
# scene counts (the content guard may keep some: this is an upper bound);
# before there is a plan, five scenes a minute of the brief's duration_minutes,
# and 900 characters of narration a minute. A text call counts 1500 prompt
# and 1500 completion tokens. Offline providers cost nothing and are left
# out. Prints a table (step, provider, model, calls, units, USD) and the
# total; with "total", only the total in USD.
set -eu
W=$1
mode=${2:-table}
here=$(dirname "$0")
prices=${MV_PRICES:-$here/prices.tsv}

todo=$(sh "$here/why.sh" "$W" 2> /dev/null | sed 's/:.*//') || todo=
brief=$W/00_input.json
[ -f "$brief" ] || brief=${INPUT:-/dev/null}
minutes=$(jq -r '.context.duration_minutes // 3' "$brief" 2> /dev/null) ||
    minutes=3
nscenes=$(( minutes * 5 ))
[ ! -s "$W/scenes/index" ] || nscenes=$(wc -w < "$W/scenes/index")
chars=
[ ! -f "$W/04_script_segments.json" ] || chars=$(jq '[.segments[] |
    .narration // "" | length] | add // 0' "$W/04_script_segments.json")
[ -n "$chars" ] || chars=$(( minutes * 900 ))

has() {
	printf '%s\n' "$todo" | grep -qx "$1"
}

# One line a kind of call still to make: step provider model calls field
# units.
{
	for s in $MV_EST_TEXT; do
		step=${s%%:*} rest=${s#*:}
		prov=${rest%%:*} model=${rest#*:}
		case $step in
		analyze) f=01_validated_context.json ;;
		research) f=02_research_results.json ;;
		story) f=03_story.json ;;
		segment) f=04_script_segments.json ;;
		design) f=05_character_descriptions.json ;;
		esac
		has "$f" || continue
		if [ "$step" = research ] && [ "${MV_EST_SEARCH:-none}" != none ]
		then
			printf 'research\t%s\t-\t1\tsearches\t1\n' "$MV_EST_SEARCH"
		fi
		[ "$prov" != offline ] || continue
		printf '%s\t%s\t%s\t1\tprompt_tokens\t1500\n' "$step" "$prov" \
		    "$model"
		printf '%s\t%s\t%s\t0\tcompletion_tokens\t1500\n' "$step" \
		    "$prov" "$model"
	done
	if has scenes/index || [ ! -s "$W/scenes/index" ]; then
		pics=$nscenes
	else
		pics=$(printf '%s\n' "$todo" | grep -c '^scenes/.*\.png$') ||
		    pics=0
	fi
	ip=${MV_EST_IMAGE%%:*} im=${MV_EST_IMAGE#*:}
	case $ip in offline) ;; *) [ "$pics" = 0 ] ||
		printf 'image\t%s\t%s\t%s\timages\t%s\n' "$ip" "$im" "$pics" \
		    "$pics" ;;
	esac
	if has narration/index || [ ! -s "$W/narration/index" ]; then
		clips=$nscenes clipchars=$chars
	else
		clips=$(printf '%s\n' "$todo" | grep -c '^narration/.*\.wav$') ||
		    clips=0
		clipchars=$(( chars * clips / (nscenes > 0 ? nscenes : 1) ))
	fi
	tp=${MV_EST_TTS%%:*} tm=${MV_EST_TTS#*:}
	case $tp in espeak | flite | none) ;; *) [ "$clips" = 0 ] ||
		printf 'tts\t%s\t%s\t%s\tcharacters\t%s\n' "$tp" "$tm" "$clips" \
		    "$clipchars" ;;
	esac
} | jq -Rrs --rawfile prices "$prices" --arg mode "$mode" '
    ($prices | split("\n") | map(select(test("^[^#]")) | split("\t") |
	select(length == 4)) | map({key: (.[0] + " " + .[1] + " " + .[2]),
	value: (.[3] | tonumber)}) | from_entries) as $p |
    split("\n") | map(select(length > 0) | split("\t") |
	{step: .[0], provider: .[1], model: .[2], calls: (.[3] | tonumber),
	field: .[4], units: (.[5] | tonumber)} |
	.usd = (($p[.provider + " " + .model + " " + .field] //
	    $p[.provider + " - " + .field]) as $u |
	    if $u == null then null else $u * .units end)) |
    (if any(.[]; .usd == null) then null else map(.usd) | add // 0 end)
	as $total |
    group_by([.step, .provider, .model]) | map({step: .[0].step,
	provider: .[0].provider, model: .[0].model,
	calls: (map(.calls) | add),
	what: (map("\(.units) \(.field | gsub("_"; " "))") | join(", ")),
	usd: (if any(.[]; .usd == null) then null else map(.usd) | add
	    end)}) |
    sort_by(.step as $s | ["analyze", "research", "story", "segment",
	"design", "image", "tts"] | index($s)) |
    if $mode == "total" then
	if $total == null then "?" else $total * 10000 | round / 10000 |
	    tostring end
    else
	(["step", "provider", "model", "calls", "estimated", "USD"] | @tsv),
	(.[] | [.step, .provider, .model, .calls, .what,
	    (if .usd == null then "?" else (.usd * 10000 | round / 10000 |
	    tostring) end)] | @tsv),
	"total\t\t\t\(map(.calls) | add // 0)\t\t" + (if $total == null
	    then "? (a model has no price in the table)" else
	    ($total * 10000 | round / 10000 | tostring) end)
    end'
