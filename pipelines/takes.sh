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
# read the take file and say take K > 1 another way, lib/narrate.h). Take T of an asset is kept in
# .mv/takes/SUB/NN.EXT/T/: the file, the service's provenance beside it
# when there is one, and its record from .mv/rec, all hard links; takes
# are kept whatever KEEP says. Going back to a kept take puts those back,
# so the content guard finds it made from the same request: no call.
# redo and take hold the workflow's lock (lock.sh) and end before the run.
set -eu
cmd=$1 W=$2 scene=$3 what=${4:-picture} want=${5:-}
id=$(basename "$W")

case $what in
picture | "") sub=scenes ext=png ;;
voice) sub=narration ext=wav ;;
text)
	echo "mv: WHAT=text: another take of a scene's text is not made yet;" \
	    "use make WORKFLOW=$id edit SCENE=$scene to change its words" >&2
	exit 1
	;;
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
if ! grep -qx "$nn" "$W/$sub/index" 2> /dev/null; then
	echo "mv: SCENE=$scene: no such scene in $W; its scenes:" \
	    "$(sed 's/^0*//' "$W/$sub/index" 2> /dev/null | paste -sd' ')" >&2
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

# settake T: the take file says T.
settake() {
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

case $cmd in
redo)
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
take)
	case $want in
	"" | *[!0-9]*)
		echo "mv: TAKE='$want': expected a take number, like TAKE=1" >&2
		exit 1
		;;
	esac
	cur=$(current)
	if [ ! -d "$store/$want" ] && [ "$want" != "$cur" ]; then
		echo "mv: $f: no take $want; kept: $(takes | paste -sd' ')" >&2
		exit 1
	fi
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
kept)
	save "$(current)"
	;;
plan)
	if [ -n "$want" ] && [ ! -d "$store/$want" ] &&
	    [ "$want" != "$(current)" ]; then
		echo "mv: $f: no take $want; kept: $(takes | paste -sd' ')" >&2
		exit 1
	elif [ -n "$want" ]; then
		echo "mv: $f: would put take $want back (no call)"
	else
		echo "mv: $f: would make take $(next) (take $(current) is kept)"
	fi
	;;
whatif)
	# What redo or take (with TAKE) makes new: a clip made again (its
	# request, for make) or put back; a picture's take file, request and,
	# put back, the picture; then its segment and the one after it,
	# which crossfades from it.
	if [ "$what" = voice ]; then
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
