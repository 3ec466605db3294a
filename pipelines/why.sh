#!/bin/sh
# pipelines/why.sh W - what the next run would make, and why; it runs
# nothing (make -n --trace) and writes nothing.
set -eu
W=$1
now=$(eval "$MAKE -s params")
class() {
	case $1 in
	scenes/*) echo scenes ;;
	characters/*) echo characters ;;
	narration/*) echo narration ;;
	segments/audio.*) echo audio ;;
	segments/*) echo segments ;;
	video.* | storyboard.png | 06_*) echo 06 ;;
	review.html) echo review ;;
	0[1-6]_*) echo "${1%%_*}" ;;
	*) echo - ;;
	esac
}
explain() {
	t=$1 why=$2
	case $why in
	params-changed)
		old=$(cat "$W/.mv/rec/$t.params" 2>/dev/null || echo)
		new=$(printf '%s\n' "$now" | awk -F '\t' -v c="$(class "$t")" \
		    '$1 == c { print $2 }')
		if [ -z "$old" ]; then
			echo "$t: made for the first time"
			return
		fi
		printf '%s\n%s\n' "$old" "$new" | awk -v t="$t" '
		NR == 1 { for (i = 1; i <= NF; i++) {
			split($i, kv, "="); o[kv[1]] = substr($i, length(kv[1]) + 2) } }
		NR == 2 { for (i = 1; i <= NF; i++) {
			split($i, kv, "="); n = substr($i, length(kv[1]) + 2)
			if (!(kv[1] in o)) printf "%s: step version changed (%s)\n", t, $i
			else if (o[kv[1]] != n) printf "%s: %s changed (%s -> %s)\n", t, kv[1], o[kv[1]] == "" ? "default" : o[kv[1]], n == "" ? "default" : n } }'
		;;
	"")
		echo "$t: missing"
		;;
	FORCE)
		echo "$t: the brief given as INPUT differs"
		;;
	*)
		echo "$t: $why changed"
		;;
	esac
}
for phase in split media all; do
	eval "$MAKE -n --trace $phase" 2>&1 |
	    sed -n "s|^[^ ]*: update target '\(.*\)' due to: \(.*\)|\1	\2|p;
		    s|^[^ ]*: target '\(.*\)' does not exist|\1	|p" |
	    while IFS='	' read -r t why; do
		t=${t#"$W"}
		t=${t#/}
		case $t in
		"" | */ | params-changed | FORCE) continue ;;
		esac
		# make names a prerequisite even when the target is missing.
		[ -e "$W/$t" ] || why=
		first=$(printf '%s\n' "$why" | awk '{ print $1 }')
		case $why in
		*params-changed*) first=params-changed ;;
		esac
		explain "$t" "${first#"$W"/}"
	    done
	[ -e "$W/05_character_descriptions.json" ] || {
		echo "(the pictures and narration are planned once the scenes exist)"
		break
	}
done | awk '!seen[$0]++'
