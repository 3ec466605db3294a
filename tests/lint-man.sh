#!/bin/sh
# lint-man.sh - check manual pages with mandoc -Tlint, cross-references too.
#
# usage: sh tests/lint-man.sh page.1 ... page.5 ... page.7
#
# The pages are copied into a temporary manual tree (<tmp>/man1/x.1, ...),
# indexed with makewhatis and linted with MANPATH set to that tree, so an
# .Xr to a sibling page is checked against the pages given, not against
# whatever is installed. An .Xr to another program's page (ffmpeg, jq) that
# the tree lacks is looked up with man -w and copied in (or stubbed when
# this machine has no such page), then the lint runs again; a missing mv-*
# page stays an error. Any message from mandoc, or a
# non-zero status, fails the check. The temporary tree is always removed.

prog=lint-man.sh

if [ "$#" -eq 0 ]; then
	echo "usage: $prog page ..." >&2
	exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/lint-man.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
tree=$tmp/tree

# The positional parameters become the copies' names relative to the tree;
# the map holds "copy<TAB>original" to name the originals in messages.
: > "$tmp/map" || exit 1
n=$#
for p; do
	base=${p##*/}
	sec=${base##*.}
	case $sec in
	[1-9])	;;
	*)
		echo "$prog: '$p': expected a name like page.1" >&2
		exit 2
		;;
	esac
	if [ -e "$tree/man$sec/$base" ]; then
		echo "$prog: '$p': given twice" >&2
		exit 2
	fi
	mkdir -p "$tree/man$sec" && cp -- "$p" "$tree/man$sec/$base" ||
	    exit 1
	printf '%s\t%s\n' "man$sec/$base" "$p" >> "$tmp/map"
	set -- "$@" "man$sec/$base"
done
shift "$n"

lint() {
	if ! makewhatis "$tree" > "$tmp/out" 2>&1; then
		cat "$tmp/out" >&2
		echo "$prog: makewhatis '$tree' failed" >&2
		exit 1
	fi
	(cd "$tree" && MANPATH=$tree mandoc -Tlint -W style "$@") \
	    > "$tmp/out" 2>&1
	status=$?
}

lint "$@"
sed -n 's/.*referenced manual not found: Xr \([^ ]*\) \([^ ]*\).*/\2 \1/p' \
    "$tmp/out" | sort -u > "$tmp/missing"
if [ -s "$tmp/missing" ]; then
	while read -r sec name; do
		case $name in
		mv-*)	continue ;;	# ours: must be among the pages given
		esac
		found=$(man -w "$sec" "$name" 2>/dev/null | sed -n 1p)
		mkdir -p "$tree/man$sec" || exit 1
		if [ -f "$found" ]; then
			cp -- "$found" "$tree/man$sec/" || exit 1
		else
			# Another package's page that this machine lacks
			# (a minimal image drops /usr/share/man): a stub
			# stands in, since only our own pages are checked.
			printf '.Dd January 1, 2026\n.Dt %s %s\n.Os\n.Sh NAME\n.Nm %s\n.Nd external page\n' \
			    "$name" "$sec" "$name" > "$tree/man$sec/$name.$sec" ||
			    exit 1
		fi
	done < "$tmp/missing"
	lint "$@"
fi

if [ "$status" -ne 0 ] || [ -s "$tmp/out" ]; then
	awk -F '\t' '
	NR == FNR { orig[$1] = $2; next }
	{
		for (c in orig)
			if ((i = index($0, " " c ":")) > 0) {
				$0 = substr($0, 1, i) orig[c] \
				    substr($0, i + 1 + length(c))
				break
			}
		print
	}' "$tmp/map" "$tmp/out" >&2
	echo "$prog: mandoc -Tlint found problems (status $status)" >&2
	exit 1
fi
exit 0
