#!/bin/sh
# pipelines/edit.sh - edit one scene's words (mv(7), TAKES).
#
#   edit W SCENE     open $VISUAL or $EDITOR (else vi) on the scene's lines,
#                    one a line as "Speaker: text"; check what is saved and
#                    apply it to the scene in 04_script_segments.json and
#                    05_character_descriptions.json
#   whatif W SCENE   make's -W options for what an edit changes
#   apply W SCENE FILE  apply the lines of FILE ({"lines": [...]}, a text
#                    take's record, pipelines/takes.sh) as an edit's are;
#                    the caller holds the workflow's lock
#
# A speaker is "narrator" or a character of the brief (any case). A line
# that is not "Speaker: text", names no such speaker or has no text is
# refused with its number, and the states are left as they were. The
# scene's narration becomes its lines' texts joined by spaces; its lines
# are kept as segments[].lines when it had them or a line names a
# character. Both states' old versions go to history first; the design
# step's record is renewed (its result stands for the new words, so no
# text call is made again), and the run that follows makes again what
# the words are in: that scene's clip and request, its video segment, the
# sound and the join.
set -eu
cmd=$1 W=$2 scene=$3
id=$(basename "$W")
S04=$W/04_script_segments.json
S05=$W/05_character_descriptions.json
step=$(dirname "$0")/step.sh

case $scene in
"" | *[!0-9]* | 0*)
	echo "mv: SCENE='$scene': expected a scene number, like" \
	    "make WORKFLOW=$id edit SCENE=3" >&2
	exit 1
	;;
esac
nn=$(printf %02d "$scene")

if [ "$cmd" = whatif ]; then
	# The scene's lines, each a clip (narration/NN-LL.json), and its
	# stretch of video.
	for r in "$W/narration/$nn"-[0-9]*.json; do
		case $r in
		*.wav.*) ;;	# a clip's side file, not its request
		*) [ ! -e "$r" ] || printf ' -W %s' "$r" ;;
		esac
	done
	printf ' -W %s\n' "$W/segments/s$nn.json"
	exit 0
fi
case $cmd in
edit | apply) ;;
*) echo "edit.sh: unknown command '$cmd'" >&2; exit 2 ;;
esac

if [ ! -e "$S05" ]; then
	echo "mv: $W: no scenes yet: run make WORKFLOW=$id first" >&2
	exit 1
fi
if ! jq -e --argjson n "$scene" 'any(.segments[]?; .scene == $n)' "$S04" \
    > /dev/null; then
	echo "mv: SCENE=$scene: no such scene in $W; its scenes:" \
	    "$(jq -r '[.segments[]?.scene] | map(tostring) | join(" ")' "$S04")" >&2
	exit 1
fi

# apply STATE LINES: the scene's lines and narration replaced by those of
# the file LINES, into STATE.tmp.
apply() {
	jq --argjson n "$scene" --slurpfile e "$2" '
	    $e[0].lines as $l |
	    .segments |= map(if .scene == $n then
		.narration = ([$l[].text] | join(" ")) |
		.words = ([.narration | splits("\\s+") | select(length > 0)] |
		    length) |
		if (.lines | type) == "array" or
		    any($l[]; .speaker != "narrator")
		then .lines = $l else . end
	    else . end)' "$1" > "$W/.$(basename "$1").tmp.$$"
}
# apply_lines FILE: the lines of FILE become scene $scene's in both states.
apply_lines() {
	export W
	apply "$S04" "$1"
	apply "$S05" "$1"
	sh "$step" keep "$S04" "$S05"
	mv -f "$W/.$(basename "$S04").tmp.$$" "$S04"
	# The design step's result stands for the new words: its record
	# says so.
	sh "$step" pending "$S05" "$(cat "$W/.mv/rec/$(basename "$S05").params" \
	    2> /dev/null)" "$S04"
	mv -f "$W/.$(basename "$S05").tmp.$$" "$S05"
	sh "$step" record "$S05"
}

if [ "$cmd" = apply ]; then
	if ! jq -e '.lines | type == "array" and length > 0' "$4" \
	    > /dev/null 2>&1; then
		echo "mv: '$4': expected {\"lines\": [...]}" >&2
		exit 1
	fi
	apply_lines "$4"
	exit 0
fi

. "$(dirname "$0")/lock.sh"
mv_lock
if [ -n "$MV_RO" ]; then
	echo "mv: $W: read-only: cannot edit scene $scene" >&2
	exit 1
fi

tmp=$(mktemp "${TMPDIR:-/tmp}/mv-edit.XXXXXX")
trap 'rm -f "$tmp" "$tmp.json"' EXIT
trap 'exit 1' HUP INT TERM
names=$(jq -c '[.context.characters[]?.name | strings]' "$S04")
jq -r --argjson n "$scene" --argjson names "$names" '
	(.segments[] | select(.scene == $n)) as $s |
	"# Scene \($n) of \"\(.story.title // "")\": one line per speaker line,",
	"# as Speaker: text. Speakers: \((["narrator"] + $names) | join(", ")).",
	"# Lines that start with # are left out. Save and quit to apply.",
	(if ($s.lines | type) == "array" and ($s.lines | length) > 0 then
		$s.lines[] | "\(.speaker // "narrator"): \(.text // "")"
	else "narrator: \($s.narration // "")" end)' "$S04" > "$tmp"
cp "$tmp" "$tmp.orig"
trap 'rm -f "$tmp" "$tmp.orig" "$tmp.json"' EXIT
ed=${VISUAL:-${EDITOR:-vi}}
if ! sh -c "$ed \"\$1\"" sh "$tmp"; then
	echo "mv: edit: the editor ($ed) failed; scene $scene is untouched" >&2
	exit 1
fi
if cmp -s "$tmp" "$tmp.orig"; then
	echo "mv: scene $scene: unchanged" >&2
	exit 0
fi

# The saved lines, checked: {lines: [{speaker, text}]} or {error}.
jq -Rs --argjson names "$names" '
	def fold: ascii_downcase;
	def trim: gsub("^\\s+|\\s+$"; "");
	(["narrator"] + $names) as $who |
	[split("\n") | to_entries[] | .key += 1 |
	    select(.value | test("^\\s*(#.*)?$") | not)] as $ls |
	[$ls[] | if (.value | test("^[^:]+:") | not) then
		"line \(.key): expected \"Speaker: text\", like \"narrator: Once upon a time.\""
	    else (.value | capture("^(?<s>[^:]+):(?<t>.*)$")) as $m |
		($m.s | trim) as $sp |
		if ([$who[] | fold] | index($sp | fold)) == null then
		    "line \(.key): \"\($sp)\" is not a speaker of this story; the speakers: \($who | join(", "))"
		elif ($m.t | test("^\\s*$")) then
		    "line \(.key): no words after \"\($sp):\""
		else empty end
	    end] as $errs |
	if ($errs | length) > 0 then {error: $errs[0]}
	elif ($ls | length) == 0 then {error: "no lines: a scene needs at least one"}
	else {lines: [$ls[] | (.value | capture("^(?<s>[^:]+):(?<t>.*)$")) |
	    (.s | trim) as $sp |
	    {speaker: first($who[] | select(fold == ($sp | fold))),
	     text: (.t | trim | gsub("\\s+"; " "))}]} end
' "$tmp" > "$tmp.json"
err=$(jq -r '.error // empty' "$tmp.json")
if [ -n "$err" ]; then
	echo "mv: edit: scene $scene: $err; nothing was changed" >&2
	exit 1
fi
apply_lines "$tmp.json"
echo "mv: scene $scene: new words applied; its clip and video are made" \
    "again" >&2
