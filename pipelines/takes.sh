#!/bin/sh
# pipelines/takes.sh - takes of one scene's picture or clip (mv(7), TAKES).
#
#   redo W SCENE WHAT        keep the current take, ask for a new one
#   take W SCENE WHAT TAKE   put a kept take back
#   kept W SCENE WHAT        after the run: keep the take now in place
#   plan W SCENE WHAT [TAKE] what redo or take would do (make -n, why)
#   whatif W SCENE WHAT [TAKE]  make's -W options for what redo (or
#                            take) changes
#
# WHAT is picture (scenes/NN.png) or voice (narration/NN-LL.wav, line LL of
# the scene, LINE in the environment, 1 by default). The take in
# use is the number in scenes/NN.take or narration/NN-LL.take (1 when there
# is none). A picture's take is in its request (mv-design reads the file),
# so take 2 is drawn with another seed; a clip's request stays the same
# and the clip is made again (a service samples anew; the offline voices
# read the take file and say take K > 1 another way, lib/offline/narrate.h). Take T of an asset is kept in
# .mv/takes/SUB/NN.EXT/T/: the file, the service's provenance beside it
# when there is one, and its record from .mv/rec, all hard links; takes
# are kept whatever KEEP says. Going back to a kept take puts those back,
# so the content guard finds it made from the same request: no call.
# redo and take hold the workflow's lock (lock.sh) and end before the run.
#
# WHAT=text is scene NN's words (its lines in 04_script_segments.json and
# 05_character_descriptions.json), take number in text/NN.take. A redo
# asks mv-segment -r (BIN, the text step's settings in the environment)
# for new lines: one call to the text model, with the next take's
# sampling, or offline another wording; they are applied as make edit's
# are (edit.sh apply), so the run that follows makes again only that
# scene's clips and video. Take T of the words is kept in
# .mv/takes/text/NN.json/T/: words.json (mv-segment -r's record: lines,
# provider, model, temperature) and clips/, the scene's clips of those
# words with their records, so going back to it calls nothing.
set -eu
cmd=$1 W=$2 scene=$3 what=${4:-picture} want=${5:-}
id=$(basename "$W")

case $what in
picture | "") sub=scenes ext=png ;;
voice) sub=narration ext=wav ;;
text) sub=text ext=json ;;
*)
	echo "mv: WHAT='$what': expected picture, voice or text" >&2
	exit 1
	;;
esac
case $scene in
"" | *[!0-9]* | 0*)
	echo "mv: SCENE='$scene': expected a scene number, like" \
	    "make WORKFLOW=$id redo SCENE=3" >&2
	exit 1
	;;
esac
nn=$(printf %02d "$scene")
# A clip is one line of a scene's narration (narration/NN-LL.wav): LINE,
# the scene's first by default.
if [ "$what" = voice ]; then
	case ${LINE:-1} in
	"" | *[!0-9]* | 0*)
		echo "mv: LINE='${LINE:-}': expected a line number, like" \
		    "LINE=2" >&2
		exit 1
		;;
	esac
	nn=$nn-$(printf %02d "${LINE:-1}")
fi
list=$W/$sub/index
[ "$what" != text ] || list=$W/scenes/index
if ! grep -qx "$nn" "$list" 2> /dev/null; then
	echo "mv: SCENE=$scene: no such scene in $W; its scenes:" \
	    "$(sed 's/^0*//' "$list" 2> /dev/null | paste -sd' ')" >&2
	exit 1
fi
f=$sub/$nn.$ext
store=$W/.mv/takes/$f
rec=$W/.mv/rec/$f

current() {
	t=$(cat "$W/$sub/$nn.take" 2> /dev/null || echo 1)
	case $t in
	"" | *[!0-9]*) echo 1 ;;
	*) echo "$t" ;;
	esac
}

# The takes kept, in order.
takes() {
	ls -1 "$store" 2> /dev/null | grep -x '[1-9][0-9]*' | sort -n || :
}

# wanted CUR: TAKE ($want) is a take number, kept or the current one
# (CUR); exits with a message naming what is kept otherwise.
wanted() {
	case $want in
	"" | *[!0-9]*)
		echo "mv: TAKE='$want': expected a take number, like TAKE=1" >&2
		exit 1
		;;
	esac
	if [ ! -d "$store/$want" ] && [ "$want" != "$1" ]; then
		echo "mv: $f: no take $want; kept: $(takes | paste -sd' ')" >&2
		exit 1
	fi
}

# put SRC DST: copies SRC over DST atomically (a new modification time,
# so what is made from DST is made again).
put() {
	cp -- "$1" "$(dirname "$2")/.$(basename "$2").tmp.$$"
	mv -f -- "$(dirname "$2")/.$(basename "$2").tmp.$$" "$2"
}

# link SRC DST: DST becomes SRC (a hard link, else a copy), or goes.
link() {
	rm -f -- "$2"
	[ -e "$1" ] || return 0
	ln -- "$1" "$2" 2> /dev/null || cp -p -- "$1" "$2"
}

# save T: the asset in place, its provenance and record become take T.
save() {
	[ -e "$W/$f" ] || return 0
	mkdir -p "$store/$1"
	link "$W/$f" "$store/$1/asset"
	link "$W/$f.json" "$store/$1/provenance"
	link "$rec.in" "$store/$1/rec.in"
	link "$rec.params" "$store/$1/rec.params"
}

# The words' takes (WHAT=text). S04: the script, where the words are.
S04=$W/04_script_segments.json
edit=$(dirname "$0")/edit.sh
[ "$what" != text ] || f="scene $scene's words"

# clips: the names of the scene's clips now (narration/index).
clips() {
	grep "^$nn-" "$W/narration/index" 2> /dev/null || :
}

# save_text T: the words in place, and their clips, become take T (its
# record, from mv-segment -r, kept with the lines of now: an edit since
# is in the take).
save_text() {
	d=$store/$1
	mkdir -p "$d"
	[ -e "$d/words.json" ] || echo '{}' > "$d/words.json"
	jq --argjson n "$scene" --argjson t "$1" --slurpfile r \
	    "$d/words.json" '
	    .log as $log | (.segments[] | select(.scene == $n)) as $s |
	    ($r[0] // {}) + {scene: $n, take: $t,
	    lines: ($s.lines // [{speaker: "narrator", text: $s.narration}]),
	    narration: $s.narration} |
	    if has("provider") then . else . + {provider: (([$log[]? |
	    select(.program == "mv-segment")] | last | .provider) // null)}
	    end' "$S04" > "$d/.words.json.tmp.$$" ||
	    { rm -f "$d/.words.json.tmp.$$"; exit 1; }
	mv -f "$d/.words.json.tmp.$$" "$d/words.json"
	rm -rf "$d/clips"
	mkdir "$d/clips"
	for c in $(clips); do
		for x in "$W/narration/$c".wav "$W/narration/$c".wav.* \
		    "$W/narration/$c".take; do
			[ ! -e "$x" ] || link "$x" "$d/clips/${x##*/}"
		done
		for r in in params; do
			link "$W/.mv/rec/narration/$c.wav.$r" \
			    "$d/clips/$c.wav.rec.$r"
		done
	done
}

# restore_text T: take T's words and clips back in place.
restore_text() {
	d=$store/$1
	sh "$edit" apply "$W" "$scene" "$d/words.json"
	mkdir -p "$W/.mv/rec/narration"
	for x in "$d"/clips/*; do
		[ -e "$x" ] || continue
		b=${x##*/}
		case $b in
		*.wav.rec.in | *.wav.rec.params)
			r=${b%.rec.*}.${b##*.}
			put "$x" "$W/.mv/rec/narration/$r"
			rm -f -- "$W/.mv/rec/narration/$r.pending"
			;;
		*.wav)
			put "$x" "$W/narration/$b"
			# A clip with no take of its own then: none now.
			[ -e "$d/clips/${b%.wav}.take" ] ||
			    rm -f -- "$W/narration/${b%.wav}.take"
			;;
		*) put "$x" "$W/narration/$b" ;;
		esac
	done
}

# settake T: the take file says T.
settake() {
	mkdir -p "$W/$sub"
	printf '%s\n' "$1" > "$W/$sub/.$nn.take.tmp.$$"
	mv -f -- "$W/$sub/.$nn.take.tmp.$$" "$W/$sub/$nn.take"
}

next() {
	n=$(takes | tail -n 1)
	c=$(current)
	[ "${n:-0}" -gt "$c" ] || n=$c
	echo $((n + 1))
}

lock() {
	. "$(dirname "$0")/lock.sh"
	mv_lock
	if [ -n "$MV_RO" ]; then
		echo "mv: $W: read-only: cannot change the take of $f" >&2
		exit 1
	fi
}

case $cmd/$what in
redo/text)
	[ -e "$S04" ] || {
		echo "mv: $W: no scenes yet: run make WORKFLOW=$id first" >&2
		exit 1
	}
	lock
	cur=$(current)
	n=$(next)
	# The call first: when it fails, nothing has changed.
	mkdir -p "$store/$n"
	if ! "$BIN/mv-segment" -r "$scene" -t "$n" -o "$store/$n/words.json" \
	    "$S04"; then
		rm -rf "$store/$n"
		echo "mv: $f: no take $n made; nothing changed" >&2
		exit 1
	fi
	save_text "$cur"
	sh "$edit" apply "$W" "$scene" "$store/$n/words.json"
	settake "$n"
	echo "mv: $f: take $n: \"$(jq -r .narration "$store/$n/words.json")\"" \
	    "(take $cur is kept: make WORKFLOW=$id take SCENE=$scene" \
	    "WHAT=text TAKE=$cur goes back to it)" >&2
	;;
take/text)
	cur=$(current)
	wanted "$cur"
	lock
	save_text "$cur"
	[ "$want" = "$cur" ] || restore_text "$want"
	settake "$want"
	echo "mv: $f: take $want (take $cur is kept)" >&2
	;;
kept/text)
	save_text "$(current)"
	;;
redo/*)
	[ -e "$W/$f" ] || {
		echo "mv: $f: not made yet: run make WORKFLOW=$id first" >&2
		exit 1
	}
	lock
	cur=$(current)
	[ -d "$store/$cur" ] || save "$cur"
	n=$(next)
	settake "$n"
	# A clip's request does not change: the clip goes, so it is made
	# again (it is kept as take $cur).
	if [ "$what" = voice ]; then
		rm -f -- "$W/$f" "$W/$f.json"
	fi
	echo "mv: $f: making take $n (take $cur is kept: make" \
	    "WORKFLOW=$id take SCENE=$scene${what:+ WHAT=$what} TAKE=$cur" \
	    "goes back to it)" >&2
	;;
take/*)
	cur=$(current)
	wanted "$cur"
	lock
	[ -d "$store/$cur" ] || save "$cur"
	if [ "$want" != "$cur" ]; then
		put "$store/$want/asset" "$W/$f"
		if [ -e "$store/$want/provenance" ]; then
			put "$store/$want/provenance" "$W/$f.json"
		else
			rm -f -- "$W/$f.json"
		fi
		mkdir -p "$(dirname "$rec")"
		for r in in params; do
			if [ -e "$store/$want/rec.$r" ]; then
				put "$store/$want/rec.$r" "$rec.$r"
			else
				rm -f -- "$rec.$r"
			fi
		done
		rm -f -- "$rec.in.pending" "$rec.params.pending"
	fi
	settake "$want"
	echo "mv: $f: take $want (take $cur is kept)" >&2
	;;
kept/*)
	save "$(current)"
	;;
plan/*)
	if [ -n "$want" ] && [ ! -d "$store/$want" ] &&
	    [ "$want" != "$(current)" ]; then
		echo "mv: $f: no take $want; kept: $(takes | paste -sd' ')" >&2
		exit 1
	elif [ -n "$want" ]; then
		echo "mv: $f: would put take $want back (no call)"
	elif [ "$what" = text ]; then
		# What redo runs before the run: one text call.
		echo "mv: $f: would make take $(next) with one call to the text" \
		    "model (${MV_TAKE_LLM:-offline}) (take $(current) is kept)," \
		    "then make again that scene's clips and video"
		echo "$BIN/mv-segment -r $scene -t $(next) -o" \
		    "'$store/$(next)/words.json' '$S04'"
	else
		echo "mv: $f: would make take $(next) (take $(current) is kept)"
	fi
	;;
whatif/*)
	# What redo or take (with TAKE) makes new: a clip made again (its
	# request, for make) or put back; a picture's take file, request and,
	# put back, the picture; then its segment and the one after it,
	# which crossfades from it. New words: the scene's clips made again
	# (as an edit's) or put back, and its segment.
	if [ "$what" = text ] && [ -n "$want" ]; then
		for x in "$store/$want"/clips/*.wav; do
			[ ! -e "$x" ] || printf ' -W %s' "$W/narration/${x##*/}"
		done
		printf ' -W %s\n' "$W/segments/s$nn.json"
	elif [ "$what" = text ]; then
		sh "$edit" whatif "$W" "$scene"
	elif [ "$what" = voice ]; then
		if [ -n "$want" ]; then
			printf ' -W %s' "$W/$f"
		else
			printf ' -W %s' "$W/$sub/$nn.json"
		fi
	else
		printf ' -W %s -W %s' "$W/$sub/$nn.take" "$W/$sub/$nn.json"
		[ -z "$want" ] || printf ' -W %s' "$W/$f"
		awk -v s="s$nn" 'hit { print; exit } $0 == s { print; hit = 1 }' \
		    "$W/segments/index" 2> /dev/null |
		    while read -r g; do printf ' -W %s' "$W/segments/$g.json"; done
	fi
	echo
	;;
*)
	echo "takes.sh: unknown command '$cmd'" >&2
	exit 2
	;;
esac
