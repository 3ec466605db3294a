# tests/lib/fingerprint.sh - sourced by tests/soak.sh and the bats tests.
#
# fingerprint W: what must not differ between two runs of a workflow, one
# line a file: every state, the subtitles, the story's text, the pictures
# and clips, and the decoded frames and samples of the video.
fingerprint() {
	(cd "$1" && for f in 0[0-6]_*.json video.srt video.vtt 03_story.txt \
	    scenes/*.png narration/*.wav; do
		[ -e "$f" ] && echo "$f $(sha256sum < "$f" | cut -c1-16)"
	done
	echo "video $(ffmpeg -v error -i video.mp4 -map 0:v -map 0:a \
	    -f framemd5 - | grep -v '^#' | sha256sum | cut -c1-16)")
}
