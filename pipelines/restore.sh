#!/bin/sh
# pipelines/restore.sh W FILE@VERSION - put a kept version of a numbered
# state back (the current one is kept in history first). Its modification
# time is now, so the steps after it run again.
set -eu
W=$1 c=$2
case $c in
*@*) f=${c%%@*} v=${c#*@} ;;
*)
	echo "mv: CHECKPOINT='$c': expected FILE@VERSION, as listed by" \
	    "make WORKFLOW=$(basename "$W") checkpoints" >&2
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
echo "mv: $f: restored the version of $v" >&2
