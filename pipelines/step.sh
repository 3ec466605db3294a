#!/bin/sh
# pipelines/step.sh - the bookkeeping around each step of pipeline.mk.
#
#   guard OUT[:OUT...] PARAMS INPUT...   exit 0, touching the outputs, when
#                                        they exist and were made from the same
#                                        parameters and the same input content
#   pending OUT PARAMS INPUT...          note what OUT is about to be made from
#   record OUT                           OUT was made: the note becomes its
#                                        record (also done by guard, so a step
#                                        killed just after it wrote OUT is
#                                        not paid for again)
#   keep FILE...                         keep the current FILE in history
#   retire FILE...                       keep, then remove (from=STEP)
#   latest FILE                          point latest_checkpoint.json at FILE
#                                        (the step's name from pipelines/steps)
#
# W (the workflow folder) and KEEP (versions kept per file) come from the
# environment. Make decides by modification time, cheaply; the guard checks
# content before anything is paid for, so a touched or copied workflow
# costs nothing. Parameters never include secrets.
set -eu

cmd=$1
shift
W=${W:?W is not set}
KEEP=${KEEP:-10}

rec() {
	printf '%s/.mv/rec/%s' "$W" "${1#"$W"/}"
}

# The content a step was made from: states without their log (timings
# change on every run), other files byte for byte.
digest() {
	for f; do
		case $f in
		*.json) jq -cS 'del(.log?)' "$f" 2>/dev/null || cat "$f" ;;
		*) cat "$f" ;;
		esac
		printf '\036'
	done | sha256sum | cut -c1-64
}

# put FILE TEXT: writes TEXT and a newline to FILE atomically. cat, not
# the shell, writes it: a failed write (a full disk) is then said with its
# cause and the file, and the old file is kept.
put() {
	mkdir -p "$(dirname "$1")"
	if ! e=$(printf '%s\n' "$2" | cat 2>&1 > "$1.tmp.$$"); then
		rm -f "$1.tmp.$$"
		echo "mv: '${1#"$W"/}': ${e##*: }" >&2
		exit 1
	fi
	mv -f "$1.tmp.$$" "$1"
}

keep1() {
	f=$1
	[ -e "$f" ] || return 0
	h=$W/.mv/history/${f#"$W"/}
	v=$(date -u -r "$f" +%Y%m%dT%H%M%S.%NZ)
	mkdir -p "$h"
	[ -e "$h/$v" ] || ln "$f" "$h/$v" 2>/dev/null || cp -p "$f" "$h/$v"
	ls -1 "$h" | sort -r | tail -n +$((KEEP + 1)) | while read -r old; do
		rm -f -- "$h/$old"
	done
}

# promote OUT: a pending record becomes the record when OUT was written
# after it (is not older than it), that is, when the step finished but was killed before it
# could say so; else it is dropped.
promote() {
	r=$(rec "$1")
	[ -e "$r.in.pending" ] || return 0
	# Not older, rather than newer: both can fall in one clock tick.
	if [ -e "$1" ] && ! [ "$r.in.pending" -nt "$1" ]; then
		mv -f "$r.in.pending" "$r.in"
		mv -f "$r.params.pending" "$r.params"
	else
		rm -f "$r.in.pending" "$r.params.pending"
	fi
}

case $cmd in
guard)
	outs=$1 p=$2
	shift 2
	first=${outs%%:*}
	promote "$first"
	r=$(rec "$first")
	[ -e "$r.params" ] && [ -e "$r.in" ] || exit 1
	rest=$outs
	while [ -n "$rest" ]; do
		o=${rest%%:*}
		[ -e "$o" ] || exit 1
		[ "$rest" = "$o" ] && rest= || rest=${rest#*:}
	done
	[ "$(cat "$r.params")" = "$p" ] || exit 1
	[ "$(digest "$@")" = "$(cat "$r.in")" ] || exit 1
	rest=$outs
	while [ -n "$rest" ]; do
		o=${rest%%:*}
		touch -c "$o"
		[ "$rest" = "$o" ] && rest= || rest=${rest#*:}
	done
	echo "mv: ${first#"$W"/}: same inputs as before, kept (nothing paid)" >&2
	;;
pending)
	# What OUT is about to be made from; the record once OUT is made.
	o=$1 p=$2
	shift 2
	r=$(rec "$o")
	put "$r.params.pending" "$p"
	put "$r.in.pending" "$(digest "$@")"
	;;
record)
	# The step succeeded: its pending record (if any) becomes the record.
	promote "$1"
	;;
keep)
	for f; do
		keep1 "$f"
	done
	;;
retire)
	for f; do
		[ -e "$f" ] || continue
		keep1 "$f"
		rm -f -- "$f"
		echo "mv: ${f#"$W"/}: retired to .mv/history" >&2
	done
	;;
latest)
	f=${1#"$W"/}
	# The step's name in the original tool, from the list of steps
	# (pipelines/steps: file:name:mv's name); the last one's otherwise.
	while IFS=: read -r file s short; do
		n=$s
		case $f in
		"${file%%_*}"_*) break ;;
		esac
	done < "${0%/*}/steps"
	s=$n
	new=$(printf '{\n  "checkpoint": "%s",\n  "step": "%s"\n}' "$f" "$s")
	[ "$(cat "$W/latest_checkpoint.json" 2>/dev/null)" = "$new" ] ||
	    put "$W/latest_checkpoint.json" "$new"
	;;
*)
	echo "step.sh: unknown command '$cmd'" >&2
	exit 2
	;;
esac
