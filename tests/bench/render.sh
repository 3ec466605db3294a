#!/usr/bin/env bash
# tests/bench/render.sh - what rendering the video costs, measured side by
# side in one run (make bench-render) on the same 15-scene state, at one
# size (BENCH_SIZE, default 1920x1080), 30 fps, x264 veryfast, CRF 23:
#
#   floor   the static floor: the same pictures and narration with no
#           effects (no motion, crossfades, cards, subtitles or music) in
#           one FFmpeg pass, each picture decoded once and looped
#   naive   the naive peer: one FFmpeg run per scene (still + zoompan +
#           narration, AAC), then a second full video encode joining them
#           (concat demuxer) and burning the subtitles (audio copied)
#   mv-j1   mv's full render from the pictures and narration (motion,
#   mv-j2   crossfades, cards, burned subtitles, music, loudness), make -j1
#           and make -j2
#   change  mv, make -j2, after scene 8's narration text was changed in
#           04_script_segments.json, its first sentence too: redoes the
#           design state, the scene's narration and picture (which shows
#           its first sentence), then only the segments they touch
#   words   the same, but scene 8's first sentence kept: its picture
#           stays, so only its narration, its segment and the sound
#
# The variants run RUNS times (default 3), interleaved in rounds, as the
# machines are noisy; wall times are taken with bash's $EPOCHREALTIME.
# Not a test: compare the ratios rather than the seconds.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${MV_BIN:-$top/build/bin}
runs=${RUNS:-3}
size=${BENCH_SIZE:-1920x1080}
preset=veryfast crf=23 fps=30
tmp=$(mktemp -d)
spid=
cleanup() {
	[ -z "$spid" ] || kill "$spid" 2> /dev/null || :
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
export MV_QUIET=1

case $size in
[1-9]*x[1-9]*) w=${size%x*} h=${size#*x} ;;
*) echo "render.sh: BENCH_SIZE=$size: expected WIDTHxHEIGHT" >&2; exit 2 ;;
esac
for c in ffmpeg ffprobe jq make /usr/bin/time; do
	command -v "$c" > /dev/null || { echo "render.sh: needs $c" >&2; exit 2; }
done

W=$tmp/wf/b
mk() {	# mk MAKEARGS...: the workflow, with the benchmark's settings
	make -s -C "$top" WORKFLOWS="$tmp/wf" WORKFLOW=b BIN="$bin" \
	    INPUT="$top/tests/bench/brief-15.json" SIZE="$size" \
	    PRESET="$preset" CRF="$crf" MUSIC="$tmp/music.wav" "$@"
}

# stamp: each line of stdin with the time it arrived.
stamp() {
	local l
	while IFS= read -r l; do
		printf '%s %s\n' "$EPOCHREALTIME" "$l"
	done
}

# sampler ROOT: every 0.5 s, the sum of the resident sets of ROOT and all
# its descendants; the largest sum seen (kB) is kept in $tmp/sum.
sampler() {
	local max=0 s
	while :; do
		s=$(ps -e -o pid=,ppid=,rss= | awk -v root="$1" '
		    { pp[$1] = $2; rss[$1] = $3 }
		    END {
			for (p in pp) {
				q = p
				for (i = 0; i < 64 && q > 1 && q != root; i++)
					q = pp[q]
				if (q == root)
					t += rss[p]
			}
			print t + 0
		    }')
		if [ "$s" -gt "$max" ]; then
			max=$s
			echo "$max" > "$tmp/sum"
		fi
		sleep 0.5
	done
}

# timed NAME CMD...: runs CMD once, its stderr timestamped into
# $tmp/NAME.log, and adds "NAME seconds maxrss_kB treesum_kB t0 t1" to
# $tmp/results. maxrss is /usr/bin/time's %M: the largest single process
# waited for, not the sum of processes running at once; treesum is the
# sampled sum of the whole process tree.
timed() {
	local name=$1 t0 t1 rc=0 rss
	shift
	echo 0 > "$tmp/sum"
	t0=$EPOCHREALTIME
	( set -o pipefail
	  /usr/bin/time -f %M -o "$tmp/rss" "$@" 2>&1 > /dev/null |
	      stamp > "$tmp/$name.log" ) &
	local cpid=$!
	sampler "$cpid" &
	spid=$!
	wait "$cpid" || rc=$?
	t1=$EPOCHREALTIME
	kill "$spid" 2> /dev/null || :
	wait "$spid" 2> /dev/null || :
	spid=
	if [ "$rc" -ne 0 ]; then
		echo "render.sh: $name failed (exit $rc):" >&2
		tail -n 20 "$tmp/$name.log" >&2
		cat "$tmp/rss" >&2
		exit 1
	fi
	rss=$(tail -n 1 "$tmp/rss")
	echo "$name $t0 $t1 $rss $(cat "$tmp/sum")" |
	    awk '{ printf "%s %.3f %d %d %s %s\n", $1, $3 - $2, $4, $5, $2, $3 }' \
	    >> "$tmp/results"
	printf '  %-7s %8.1f s\n' "$name" "$(awk -v a="$t0" -v b="$t1" \
	    'BEGIN { print b - a }')"
}

# parts NAME: splits the last run of NAME (a make run) by the times of its
# lines "mv: segments/index" (the plan of the segments, once the pictures
# and narration are done) and "mv: 06_final_output.json ..." (the join,
# once every segment is done): "NAME before segments join" in $tmp/parts.
parts() {
	awk -v n="$1" '$1 == n { t0 = $5; t1 = $6 } END { print t0, t1 }' \
	    "$tmp/results" | {
		read -r t0 t1
		awk -v n="$1" -v t0="$t0" -v t1="$t1" '
		    $3 == "segments/index" && !a { a = $1 }
		    $3 == "06_final_output.json" && !b { b = $1 }
		    END {
			if (!a) a = t0
			if (!b) b = a
			printf "%s %.3f %.3f %.3f\n", n, a - t0, b - a, t1 - b
		    }' "$tmp/$1.log"
	} >> "$tmp/parts"
}

# restore SNAPSHOT: the workflow folder as it was in SNAPSHOT (dates kept).
restore() {
	rm -rf "$W"
	cp -a "$1" "$W"
}

echo "mv bench: rendering the 15-scene brief at ${size}, ${fps} fps," \
    "x264 $preset CRF $crf"
echo "machine: $(nproc) cores; $(ffmpeg -version | head -n 1 | cut -d' ' -f1-3)"

# 60 s of background music: two sines.
ffmpeg -v error -nostdin -f lavfi -i "sine=f=220:d=60,volume=0.3" \
    -f lavfi -i "sine=f=330:d=60,volume=0.2" \
    -filter_complex "amix=inputs=2:duration=longest" -ac 2 -ar 48000 \
    "$tmp/music.wav"

# The workflow once in full (not timed), then two copies: "done", the
# finished workflow, and "media", the same with everything the render makes
# removed (segment plan and segments, cards, video, subtitles, storyboard,
# final state) with their records, so each timed render starts from the
# pictures and narration and redoes the whole render.
echo "setup: running the workflow once in full (not timed) ..."
if ! mk -j"$(nproc)" 2> "$tmp/setup.log"; then
	tail -n 20 "$tmp/setup.log" >&2
	exit 1
fi
cp -a "$W" "$tmp/done"
cp -a "$W" "$tmp/media"
(cd "$tmp/media" && rm -rf segments video.mp4 video.srt video.vtt \
    storyboard.png titlecard.png endcard.png 06_final_output.json \
    .mv/rec/segments .mv/rec/06_final_output.json.* \
    .mv/history/segments .mv/history/video.* .mv/history/storyboard.png \
    .mv/history/06_final_output.json)

# The scenes: NN frames seconds (frames from the video's scene times).
jq -r --argjson fps "$fps" '.video.scenes[] |
    [(.scene | tostring | if length < 2 then "0" + . else . end),
     ((.end - .start) * $fps | round)] | @tsv' \
    "$tmp/done/06_final_output.json" |
    awk -v fps="$fps" '{ printf "%s %d %.6f\n", $1, $2, $2 / fps }' \
    > "$tmp/scenes"
nsc=$(wc -l < "$tmp/scenes")
psize=$(ffprobe -v error -select_streams v -show_entries stream=width,height \
    -of csv=s=x:p=0 "$tmp/done/scenes/01.png")
if [ "$psize" != "$size" ]; then
	echo "render.sh: the pictures are $psize, not $size" >&2
	exit 1
fi
# The title card's length: the subtitles of the naive video start that
# much earlier, as it has no title card.
offset=$(jq '.video.scenes[0].start' "$tmp/done/06_final_output.json")
awk -v off="$offset" '
    function ms(t,   a) {
	split(t, a, /[:,]/)
	return ((a[1] * 60 + a[2]) * 60 + a[3]) * 1000 + a[4]
    }
    function fmt(m) {
	if (m < 0) m = 0
	return sprintf("%02d:%02d:%02d,%03d", int(m / 3600000),
	    int(m / 60000) % 60, int(m / 1000) % 60, m % 1000)
    }
    / --> / {
	print fmt(ms($1) - off * 1000) " --> " fmt(ms($3) - off * 1000)
	next
    }
    { print }' "$tmp/done/video.srt" > "$tmp/naive.srt"
echo "state: $nsc scenes, $(awk '{ s += $3 } END { printf "%.1f", s }' \
    "$tmp/scenes") s of scenes (mv's video adds title and end cards)"

src=$tmp/done
# The static floor: one FFmpeg pass, each PNG decoded and converted to
# yuv420p once and its frame repeated (loop), each clip padded or cut to
# its scene (apad, atrim), all joined by the concat filter.
floor() {
	local args=() fc="" cat="" i=0 k n d
	while read -r k n d; do
		args+=(-framerate "$fps" -i "$src/scenes/$k.png"
		    -i "$src/narration/$k.wav")
		fc+="[$((2 * i)):v]format=yuv420p,loop=loop=$((n - 1)):size=1,"
		fc+="setpts=N/($fps*TB)[v$i];"
		fc+="[$((2 * i + 1)):a]aresample=48000,apad,atrim=0:$d,"
		fc+="asetpts=N/SR/TB[a$i];"
		cat+="[v$i][a$i]"
		i=$((i + 1))
	done < "$tmp/scenes"
	fc+="${cat}concat=n=$i:v=1:a=1[v][a]"
	ffmpeg -v error -nostdin -y "${args[@]}" -filter_complex "$fc" \
	    -map '[v]' -map '[a]' -c:v libx264 -preset "$preset" -crf "$crf" \
	    -pix_fmt yuv420p -r "$fps" -c:a aac -ac 2 -ar 48000 \
	    "$tmp/floor.mp4"
}

# The naive peer: a zoompan clip per scene with its narration, then the
# clips joined (concat demuxer) in a second full video encode that burns
# the subtitles; the audio is copied in the join.
naive() {
	local k n d
	rm -rf "$tmp/naive"
	mkdir "$tmp/naive"
	while read -r k n d; do
		ffmpeg -v error -nostdin -y -framerate "$fps" \
		    -i "$src/scenes/$k.png" -i "$src/narration/$k.wav" \
		    -filter_complex "[0:v]zoompan=z='min(zoom+0.0008,1.2)':\
x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':d=$n:s=${w}x${h}:fps=$fps,\
format=yuv420p[v];[1:a]apad,atrim=0:$d[a]" \
		    -map '[v]' -map '[a]' -c:v libx264 -preset "$preset" \
		    -crf "$crf" -c:a aac -ac 2 -ar 48000 "$tmp/naive/$k.mp4"
		echo "file '$k.mp4'" >> "$tmp/naive/list.txt"
	done < "$tmp/scenes"
	cp "$tmp/naive.srt" "$tmp/naive/video.srt"
	(cd "$tmp/naive" && ffmpeg -v error -nostdin -y -f concat -safe 0 \
	    -i list.txt -vf subtitles=video.srt -c:v libx264 \
	    -preset "$preset" -crf "$crf" -pix_fmt yuv420p -c:a copy \
	    "$tmp/naive.mp4")
}

# The changed scene: new narration for scene 8 (a new first sentence too,
# so its picture's request changes as well as its narration's).
jq --arg t "Pip crept out from behind a mossy stump near the water. He took \
a deep breath and asked the others what they had found today." \
    '(.segments[] | select(.scene == 8) | .narration) = $t' \
    "$tmp/done/04_script_segments.json" > "$tmp/04-change.json"
# The words alone: scene 8's first sentence kept, the rest new.
jq --arg t "He took a deep breath and asked the others, one by one, what they had found today." \
    '(.segments[] | select(.scene == 8) | .narration) |=
	((split(". ")[0]) + ". " + $t)' \
    "$tmp/done/04_script_segments.json" > "$tmp/04-words.json"

# /usr/bin/time runs programs, not functions: each variant is a bash -c.
export -f mk floor naive
export top bin size preset crf fps w h tmp src
echo "timed runs ($runs rounds: floor naive mv-j1 mv-j2 change words):"
: > "$tmp/results"
for ((r = 1; r <= runs; r++)); do
	echo " round $r"
	timed floor bash -c floor
	timed naive bash -c naive
	restore "$tmp/media"
	timed mv-j1 bash -c 'mk -j1'
	parts mv-j1
	cp "$W/video.mp4" "$tmp/mv.mp4"
	restore "$tmp/media"
	timed mv-j2 bash -c 'mk -j2'
	parts mv-j2
	for v in change words; do
		restore "$tmp/done"
		cp "$tmp/04-$v.json" "$W/04_script_segments.json.tmp"
		mv -f "$W/04_script_segments.json.tmp" \
		    "$W/04_script_segments.json"
		timed "$v" bash -c 'mk -j2'
		parts "$v"
		grep -o 'mv: segments/[^ ]*\.ts' "$tmp/$v.log" |
		    sed 's|mv: segments/||; s|\.ts$||' | tr '\n' ' ' |
		    sed 's/ $/\n/' >> "$tmp/$v-segs"
		grep -o 'mv: [^ ]*' "$tmp/$v.log" |
		    grep -v 'segments/[^ ]*\.ts' | sed 's/mv: //' |
		    tr '\n' ' ' | sed 's/ $/\n/' >> "$tmp/$v-steps"
	done
done

# stats NAME: "median min max" of the wall seconds; peak NAME: the largest
# maxrss and tree sum seen over the runs, in MB.
stats() {
	awk -v n="$1" '$1 == n { print $2 }' "$tmp/results" | sort -n |
	    awk '{ v[NR] = $1 } END {
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.2f %.2f %.2f", m, v[1], v[NR] }'
}
peak() {
	awk -v n="$1" '$1 == n { if ($3 > a) a = $3; if ($4 > b) b = $4 }
	    END { printf "%.0f %.0f", a / 1024, b / 1024 }' "$tmp/results"
}
median() {
	sort -n | awk '{ v[NR] = $1 } END { h = int(NR / 2)
	    printf "%.2f", NR % 2 ? v[h + 1] : (v[h] + v[h + 1]) / 2 }'
}
dur() {
	ffprobe -v error -show_entries format=duration -of csv=p=0 "$1" |
	    awk '{ printf "%.1f s", $1 }'
}

echo
echo "results ($runs runs each, wall seconds; RSS = /usr/bin/time %M, the"
echo "largest single process waited for (with make: the largest of its"
echo "children, e.g. one ffmpeg), not the sum of those running at once;"
echo "tree = the largest sum over the whole process tree, sampled every 0.5 s):"
printf '  %-52s %8s %17s %8s %8s\n' variant median min-max "RSS MB" "tree MB"
for v in floor naive mv-j1 mv-j2 change words; do
	case $v in
	floor) l="static floor (1 ffmpeg, no effects)" ;;
	naive) l="naive (ffmpeg per scene + zoompan, re-encode join)" ;;
	mv-j1) l="mv full render, make -j1" ;;
	mv-j2) l="mv full render, make -j2" ;;
	change) l="mv, scene 8 narration+picture changed, -j2" ;;
	words) l="mv, scene 8 words changed (same picture), -j2" ;;
	esac
	read -r md mn mx <<< "$(stats "$v")"
	read -r rss tree <<< "$(peak "$v")"
	printf '  %-52s %8.2f %8.2f-%-8.2f %8s %8s\n' "$l" "$md" "$mn" "$mx" \
	    "$rss" "$tree"
done
echo "where mv's time goes (medians, s): before the render (steps, pictures,"
echo "narration; for a full render only make's checks), the segments (plan"
echo "and encodes), the join (stream copy, music, loudness, audio encode):"
printf '  %-52s %8s %8s %8s\n' "" before segments join
for v in mv-j1 mv-j2 change words; do
	printf '  %-52s' "$v"
	for c in 2 3 4; do
		awk -v n="$v" -v c="$c" '$1 == n { print $c }' "$tmp/parts" |
		    median | awk '{ printf " %8.2f", $1 }'
	done
	echo
done
cr=$(awk '$1 == "change" { print $3 + $4 }' "$tmp/parts" | median)
wr=$(awk '$1 == "words" { print $3 + $4 }' "$tmp/parts" | median)
echo "outputs: floor $(dur "$tmp/floor.mp4"), naive $(dur "$tmp/naive.mp4")," \
    "mv $(dur "$tmp/mv.mp4") (with its cards)"
for v in change words; do
	echo "$v: steps redone: $(sort -u "$tmp/$v-steps" | head -n 1)"
	sort -u "$tmp/$v-segs" | while read -r s; do
		echo "$v: segments re-rendered: $s"
	done
done

floor_m=$(stats floor | cut -d' ' -f1)
naive_m=$(stats naive | cut -d' ' -f1)
j1=$(stats mv-j1 | cut -d' ' -f1)
j2=$(stats mv-j2 | cut -d' ' -f1)
ch=$(stats change | cut -d' ' -f1)
wd=$(stats words | cut -d' ' -f1)
goal() {	# goal LABEL VALUE LIMIT UNIT
	awk -v l="$1" -v v="$2" -v g="$3" -v u="$4" 'BEGIN {
	    printf "  %-54s %7.2f%s (goal <= %s%s) %s\n", l, v, u, g, u,
		v <= g ? "met" : "NOT MET" }'
}
r() { awk -v a="$1" -v b="$2" 'BEGIN { print a / b }'; }
echo
echo "goals (medians):"
goal "mv -j1 / naive" "$(r "$j1" "$naive_m")" 0.6 x
goal "mv -j2 / naive" "$(r "$j2" "$naive_m")" 0.6 x
goal "mv -j1 / static floor" "$(r "$j1" "$floor_m")" 2.5 x
goal "mv -j2 / static floor" "$(r "$j2" "$floor_m")" 2.5 x
goal "one-scene change (new picture) / full render (-j2)" \
    "$(r "$ch" "$j2")" 0.2 x
goal "one-scene change, segments + join / full render (-j2)" \
    "$(r "$cr" "$j2")" 0.2 x
goal "one scene's words changed / full render (-j2), all of it" \
    "$(r "$wd" "$j2")" 0.2 x
goal "one scene's words changed, segments + join / full (-j2)" \
    "$(r "$wr" "$j2")" 0.2 x
mvrss=$(for v in mv-j1 mv-j2 change words; do peak "$v"; echo; done |
    awk '{ if ($1 > a) a = $1; if ($2 > b) b = $2 } END { print a, b }')
goal "peak RSS of mv, largest process" "${mvrss% *}" 1024 " MB"
goal "peak RSS of mv, sampled process tree" "${mvrss#* }" 1024 " MB"
