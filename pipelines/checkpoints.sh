#!/bin/sh
# pipelines/checkpoints.sh W - each numbered state of a workflow with its
# status (done, stale or missing), time, size and the versions kept.
# MAKE is the command that runs pipeline.mk for W (make -q says stale).
set -eu
W=$1
[ -d "$W" ] || { echo "mv: $W: no such workflow" >&2; exit 1; }
printf '%-32s %-7s %-19s %9s  %s\n' checkpoint status time bytes kept
for s in 00_input 01_validated_context 02_research_results 03_story \
    04_script_segments 05_character_descriptions 06_final_output; do
	f=$W/$s.json
	h=$W/.mv/history/$s.json
	n=$(ls "$h" 2>/dev/null | wc -l)
	if [ -e "$f" ]; then
		if [ "$s" = 00_input ] || eval "$MAKE -q '$f'" 2>/dev/null; then
			st=done
		else
			st=stale
		fi
		t=$(date -r "$f" '+%F %T')
		b=$(stat -c %s "$f")
	else
		st=missing t=- b=-
	fi
	printf '%-32s %-7s %-19s %9s  %s\n' "$s.json" "$st" "$t" "$b" "$n"
done
count() {	# count LIST EXT: how many of the listed scenes have a file
	k=0
	for id in $(cat "$W/$1/index" 2>/dev/null); do
		[ -e "$W/$1/$id.$2" ] && k=$((k + 1))
	done
	echo "$k"
}
ns=$(cat "$W/scenes/index" 2>/dev/null | wc -l)
nn=$(cat "$W/narration/index" 2>/dev/null | wc -l)
echo "scenes: $(count scenes png) of $ns images, $(count narration wav) of $nn narrations"
if [ -e "$W/latest_checkpoint.json" ]; then
	echo "latest: $(sed -n 's/.*"checkpoint": "\(.*\)".*/\1/p' \
	    "$W/latest_checkpoint.json")"
fi
if [ -d "$W/.mv/history" ]; then
	echo "kept versions (make restore CHECKPOINT=...):"
	for s in 01_validated_context 02_research_results 03_story \
	    04_script_segments 05_character_descriptions 06_final_output; do
		for v in $(ls -1 "$W/.mv/history/$s.json" 2>/dev/null |
		    sort -r); do
			echo "  $s.json@$v"
		done
	done
fi
