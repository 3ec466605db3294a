#!/bin/sh
# deps/install.sh - install the packages listed in deps/debian that are not
# installed yet (as root, or through sudo). Prints nothing when all are.
set -eu
list="$(dirname "$0")/debian"
missing=
for p in $(sed 's/#.*//' "$list"); do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
	    grep -q ' installed$' || missing="$missing $p"
done
[ -n "$missing" ] || exit 0
sudo=
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null 2>&1 || {
		echo "deps/install.sh: root needed to install:$missing" >&2
		exit 1
	}
	sudo=sudo
fi
echo "deps/install.sh: installing:$missing" >&2
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q \
    --no-install-recommends $missing
