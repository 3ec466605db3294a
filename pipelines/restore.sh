#!/bin/sh
# pipelines/restore.sh W CHECKPOINT - put a kept version of a numbered
# state back, or a state file from elsewhere (the current one is kept in
# history first). Its modification time is now, so the steps after it run
# again.
set -eu
W=$1 c=$2
states="01_validated_context.json 02_research_results.json 03_story.json
04_script_segments.json 05_character_descriptions.json 06_final_output.json"
# CHECKPOINT is FILE@VERSION (as make checkpoints lists it), the path of a
# kept version (W/.mv/history/FILE/VERSION), or the path of a state file
# named like one (the original's --checkpoint-path FILE).
if [ -f "$c" ]; then
	d=$(dirname -- "$c")
	h=$(cd -- "$d/.." 2> /dev/null && pwd -P) || h=
	if [ -n "$h" ] && [ -d "$W/.mv/history" ] &&
	    [ "$h" = "$(cd -- "$W/.mv/history" && pwd -P)" ]; then
		f=$(basename -- "$d") v=$(basename -- "$c")
	else
		f=$(basename -- "$c") v=$c
	fi
	src=$c
	case " $(echo $states) " in
	*" $f "*) ;;
	*)
		echo "mv: CHECKPOINT='$c': not a checkpoint: expected a" \
		    "file named like one of:" $states >&2
		exit 1
		;;
	esac
	if ! jq -e 'type == "object" and (.format | type == "number")' \
	    -- "$src" > /dev/null 2>&1; then
		echo "mv: CHECKPOINT='$c': not an mv state (a JSON object" \
		    "with a \"format\")" >&2
		exit 1
	fi
else
	case $c in
	*@*) f=${c%%@*} v=${c#*@} ;;
	*)
		echo "mv: CHECKPOINT='$c': expected FILE@VERSION, as listed by" \
		    "make WORKFLOW=$(basename "$W") checkpoints, or the path of" \
		    "a checkpoint file" >&2
		exit 1
		;;
	esac
	case $f in
	*/* | .* | *..*) echo "mv: CHECKPOINT='$c': not a checkpoint" >&2; exit 1 ;;
	esac
	src=$W/.mv/history/$f/$v
	if [ ! -f "$src" ]; then
		echo "mv: CHECKPOINT='$c': no such kept version; kept:" >&2
		ls -1 "$W/.mv/history/$f" 2>/dev/null | sed "s|^|  $f@|" >&2
		exit 1
	fi
fi
. "$(dirname "$0")/lock.sh"
mv_lock
if [ -n "$MV_RO" ]; then
	echo "mv: $W: read-only: cannot restore $f" >&2
	exit 1
fi
export W
sh "$(dirname "$0")/step.sh" keep "$W/$f"
cp "$src" "$W/.$f.tmp.restore"
mv -f "$W/.$f.tmp.restore" "$W/$f"
if [ "$v" = "$c" ]; then
	echo "mv: $f: restored from '$c'" >&2
else
	echo "mv: $f: restored the version of $v" >&2
fi
