#!/usr/bin/env bash
# tests/bench/voice.sh - how well a listener understands each offline voice
# (make bench-voice), with a speech recogniser standing in for the
# listener (issue 13).
#
# Three briefs (BENCH_BRIEFS, default examples/*.json) are run offline
# through mv-analyze | mv-research | mv-story | mv-segment. Each voice of
# VOICES (default espeak-ng's en-us and flite's rms, slt, awb and kal16)
# speaks every scene's narration with mv-assemble -n, as a workflow does,
# at the brief's narration_wpm. A story's clips, joined and resampled to
# 16 kHz mono by ffmpeg, go to Debian's pocketsphinx_continuous with the
# pocketsphinx-en-us model; its words are compared with the narration
# spoken: the word error rate, (substitutions + deletions + insertions) /
# words spoken, by word-level Levenshtein distance on lowercased words
# stripped of punctuation.
#
#   wer     per voice per story, then over all the stories (total edits
#           over total words)
#   speed   seconds of speech made per second of wall time, the clips
#           made one after another: each clip is one mv-assemble -n
#           process for both engines (both speak in process; espeak-ng
#           in a fork of it), so the figure is what a workflow gets, not
#           the bare synthesiser's
#
# A recogniser is not a child: the figures rank the voices, they are not
# a measure of a listener. The recogniser's own errors are in every
# voice's figure alike.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${MV_BIN:-$top/build/bin}
model=${POCKETSPHINX_MODEL:-/usr/share/pocketsphinx/model/en-us}
voices=${VOICES:-espeak:en-us flite:rms flite:slt flite:awb flite:kal16}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
export MV_QUIET=1
unset MV_TTS MV_TTS_VOICE MV_TTS_SPEED MV_LLM MV_SEARCH MV_IMAGE
for c in jq ffmpeg python3 pocketsphinx_continuous; do
	command -v "$c" > /dev/null || {
		echo "voice.sh: needs $c (deps/debian, under bench-voice)" >&2
		exit 2
	}
done
[ -f "$model/en-us.lm.bin" ] || {
	echo "voice.sh: '$model': no pocketsphinx-en-us model there" >&2
	exit 2
}
if [ -n "${BENCH_BRIEFS:-}" ]; then
	read -r -a briefs <<< "$BENCH_BRIEFS"
else
	briefs=("$top"/examples/*.json)
fi

now() { date +%s.%N; }

# recognise WAV: the words pocketsphinx hears in it, on one line.
recognise() {
	pocketsphinx_continuous -hmm "$model/en-us" -lm "$model/en-us.lm.bin" \
	    -dict "$model/cmudict-en-us.dict" -infile "$1" -logfn /dev/null |
	    tr '\n' ' '
}

# One row per story and voice: story, voice, clips' seconds, wall
# seconds, then the text spoken and the text heard (tab-separated).
rows=$tmp/rows
: > "$rows"
for brief in "${briefs[@]}"; do
	name=$(basename "$brief" .json)
	s=$tmp/$name
	mkdir -p "$s"
	"$bin/mv-analyze" -o "$s/01.json" "$brief"
	"$bin/mv-research" -o "$s/02.json" "$s/01.json"
	"$bin/mv-story" -o "$s/03.json" "$s/02.json"
	"$bin/mv-segment" -o "$s/04.json" "$s/03.json"
	for ev in $voices; do
		engine=${ev%%:*} voice=${ev#*:}
		w=$s/$engine-$voice
		export MV_TTS=$engine MV_TTS_VOICE=$voice
		"$bin/mv-assemble" -x -d "$w" "$s/04.json"
		clips=$(cat "$w/narration/index")
		t0=$(now)
		for n in $clips; do
			"$bin/mv-assemble" -n "$n" -d "$w" "$s/04.json"
		done
		t1=$(now)
		unset MV_TTS MV_TTS_VOICE
		: > "$w/list" && : > "$w/text"
		for n in $clips; do
			printf "file '%s'\n" "$w/narration/$n.wav" >> "$w/list"
			jq -r '.text' "$w/narration/$n.json" >> "$w/text"
		done
		ffmpeg -v error -y -f concat -safe 0 -i "$w/list" -ar 16000 \
		    -ac 1 -c:a pcm_s16le "$w/all.wav"
		secs=$(ffprobe -v error -show_entries format=duration \
		    -of csv=p=0 "$w/all.wav")
		printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$engine $voice" \
		    "$secs" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" \
		    "$(tr '\n\t' '  ' < "$w/text")" \
		    "$(recognise "$w/all.wav")" >> "$rows"
	done
done

python3 - "$rows" <<'PY'
import re, sys

def words(s):
    s = s.lower().replace("\u2019", "'")
    return [w for w in re.sub(r"[^a-z0-9' ]+", " ", s).replace("'", "")
            .split() if w]

def edits(ref, hyp):
    prev = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        cur = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1,
                         prev[j - 1] + (r != h))
        prev = cur
    return prev[-1]

per, order, stories = {}, [], []
for line in open(sys.argv[1], encoding="utf-8"):
    story, voice, secs, wall, ref, hyp = line.rstrip("\n").split("\t")
    ref, hyp = words(ref), words(hyp)
    e = edits(ref, hyp)
    if voice not in per:
        per[voice] = [0, 0, 0.0, 0.0]
        order.append(voice)
    if story not in stories:
        stories.append(story)
    p = per[voice]
    p[0] += e; p[1] += len(ref); p[2] += float(secs); p[3] += float(wall)
    print("wer\t%-14s %-13s %4.2f  (%d edits, %d words)" %
          (story, voice, e / len(ref), e, len(ref)))
print()
print("voice          wer   speech s  wall s  speed (s of speech / s)")
for v in order:
    e, n, secs, wall = per[v]
    print("%-13s %5.2f %9.1f %7.1f %8.1f" % (v, e / n, secs, wall,
          secs / wall))
base = [v for v in order if v.startswith("espeak")]
if base:
    b = per[base[0]][0] / per[base[0]][1]
    best = min(order, key=lambda v: per[v][0] / per[v][1])
    bw = per[best][0] / per[best][1]
    print()
    print("clearest: %s, wer %.2f against %s's %.2f (%.2f of it; the "
          "issue asks at most 0.33) on %d stories" %
          (best, bw, base[0], b, bw / b if b else 0, len(stories)))
PY
