#!/usr/bin/env bats
# A full disk at every stage: the step fails, names the file and the cause,
# keeps the old target (or none), and once there is room again the resume
# makes exactly what an uninterrupted run makes.
#
# The disk is made full by tests/lib/enospc.c, an LD_PRELOAD shim that
# fails write(2), pwrite, writev and the stdio writes with ENOSPC once
# MV_ENOSPC_AFTER bytes went to files named MV_ENOSPC_NAME under
# MV_ENOSPC_DIR; the programs' children (FFmpeg) inherit it.
bats_require_minimum_version 1.5.0
load helper
load lib/fakeapi
. "$BATS_TEST_DIRNAME/lib/fingerprint.sh"

brief=$top/examples/little-seed.json
shim=${MV_UNIT:-$top/build/unit}/enospc.so

setup_file() {
	SOURCE_DATE_EPOCH=1700000000 make -s -C "$top" --no-print-directory \
	    -j2 BIN="$MV_BIN" WORKFLOWS="$BATS_FILE_TMPDIR/clean" WORKFLOW=t \
	    INPUT="$brief" SIZE="$SIZE" 2> /dev/null
	fingerprint "$BATS_FILE_TMPDIR/clean/t" > "$BATS_FILE_TMPDIR/clean.fp"
}

setup() {
	[ -e "$shim" ] || skip "no $shim (make $shim)"
	root=$BATS_TEST_TMPDIR/wf
	W=$root/t
	mkdir -p "$root"
	cp -a "$BATS_FILE_TMPDIR/clean/t" "$root/"
	export SOURCE_DATE_EPOCH=1700000000
}

pipe() {
	make -s -C "$top" --no-print-directory BIN="$MV_BIN" \
	    WORKFLOWS="$root" WORKFLOW=t SIZE="$SIZE" "$@"
}

# full NAME BYTES ARGS: the pipeline on a disk that holds BYTES more bytes
# of files named NAME (fnmatch, temp names included).
full() {
	local name=$1 after=$2
	shift 2
	MV_ENOSPC_DIR=$W MV_ENOSPC_NAME=$name MV_ENOSPC_AFTER=$after \
	    MV_ENOSPC_COUNT=$BATS_TEST_TMPDIR/count LD_PRELOAD=$shim \
	    ASAN_OPTIONS=verify_asan_link_order=0 pipe "$@"
}

# resumed: with room again, the run completes and matches the clean one.
resumed() {
	run -0 pipe
	fingerprint "$W" > "$BATS_TEST_TMPDIR/fp"
	run diff "$BATS_FILE_TMPDIR/clean.fp" "$BATS_TEST_TMPDIR/fp"
	assert_success
	assert_equal "$(leftover_temps "$W")" ""
}

@test "a state that does not fit is not written, and the resume makes it" {
	rm "$W/03_story.json"
	run --separate-stderr ! full '.03_story.json.tmp*' 100
	[[ $stderr == *"mv-story: '$W/03_story.json': No space left on device"* ]] ||
	    fail "$stderr"
	[ ! -e "$W/03_story.json" ]
	resumed
}

@test "a picture that does not fit is not kept" {
	rm "$W/scenes/03.png"
	run --separate-stderr ! full '.03.png.tmp*' 2000
	# (cairo words it: "error while writing to output stream")
	[[ $stderr == *"'$W/scenes/03.png': "*writ* ]] || fail "$stderr"
	[ ! -e "$W/scenes/03.png" ]
	resumed
}

@test "a narration clip cut short by a full disk is not kept as made" {
	# The write fails part way (flite and espeak-ng both speak in
	# process, and the clip is written by mv).
	rm "$W/narration/03-01.wav"
	run --separate-stderr ! full '.03-01.wav.tmp*' 20000
	[[ $stderr == *"scene 3: '$W/narration/03-01.wav': No space left on device"* ]] ||
	    fail "$stderr"
	[ ! -e "$W/narration/03-01.wav" ]
	resumed
}

@test "a segment cut short by a full disk is refused, not joined" {
	rm "$W/segments/s03.ts"
	run --separate-stderr ! full '.s03.ts.tmp*' 30000
	[[ $stderr == *"'$W/segments/s03.ts': No space left on device"* ]] ||
	    fail "$stderr"
	[[ $stderr != *"Conversion failed"* ]] || fail "$stderr"
	[ ! -e "$W/segments/s03.ts" ]
	resumed
}

@test "a final join on a full disk keeps the old video, playable" {
	echo old > "$W/video.mp4"
	rm "$W/06_final_output.json"
	run --separate-stderr ! full '.video.mp4.tmp*' 100000
	[[ $stderr == *"'$W/video.mp4': No space left on device"* ]] ||
	    fail "$stderr"
	[[ $stderr != *"Conversion failed"* ]] || fail "$stderr"
	assert_equal "$(cat "$W/video.mp4")" old
	[ ! -e "$W/06_final_output.json" ]
	rm "$W/video.mp4"
	resumed
}

@test "subtitles that do not fit name the file" {
	rm "$W/video.srt" "$W/06_final_output.json"
	run --separate-stderr ! full '.video.srt.tmp*' 100
	[[ $stderr == *"'$W/video.srt': No space left on device"* ]] ||
	    fail "$stderr"
	resumed
}

@test "a record that does not fit names the file, not printf" {
	rm "$W/06_final_output.json"
	run --separate-stderr ! full '06_final_output.json.*pending*' 10
	[[ $stderr == *"mv: '.mv/rec/06_final_output.json."*"pending': No space left on device"* ]] ||
	    fail "$stderr"
	[[ $stderr != *"printf: I/O error"* ]] || fail "$stderr"
	resumed
}

# The last scene's clip and segment, the sound and the video to make again.
unmake_end() {
	rm "$W/narration/05.wav" "$W/segments/s05.ts" "$W/segments/audio.m4a" \
	    "$W/video.mp4" "$W/06_final_output.json"
}

@test "a disk full from some byte on fails clearly, and the resume completes" {
	# Everything under the workflow shares one budget, as on a real disk:
	# room for the clip, not for the sound's mix.
	unmake_end
	run --separate-stderr ! full '*' 400000 -j2
	[[ $stderr == *"No space left on device"* ]] || fail "$stderr"
	[ -e "$W/narration/05.wav" ]
	[ ! -e "$W/segments/audio.m4a" ]
	resumed
}

@test "a real full tmpfs (as root) fails clearly and resumes" {
	[ "$(id -u)" = 0 ] || skip "needs root to mount a tmpfs"
	local small=$BATS_TEST_TMPDIR/small
	mkdir "$small"
	unmake_end
	# Room for what is left and 100 KB: not for the clip (336 KB).
	mount -t tmpfs -o size=$(( $(du -sk "$W" | cut -f1) + 100 ))k tmpfs \
	    "$small" 2> /dev/null || skip "mount is not permitted here"
	cp -a "$W" "$small/t" || { umount "$small"; fail "no room to copy"; }
	run --separate-stderr make -s -C "$top" --no-print-directory \
	    BIN="$MV_BIN" WORKFLOWS="$small" WORKFLOW=t SIZE="$SIZE"
	local st=$status err=$stderr
	rm -rf "$W"
	cp -a "$small/t" "$W"
	umount "$small"
	[ "$st" -ne 0 ] || fail "the run on a full tmpfs succeeded"
	[[ $err == *"'$small/t/narration/05.wav': No space left on device"* ]] ||
	    fail "$err"
	[ ! -e "$W/narration/05.wav" ]
	resumed
}

# The other half of "nothing damaged is kept": inputs out of bounds are
# refused with their figures before anything is built on them.

@test "a narration clip of ten minutes for a 13-second scene is refused" {
	ffmpeg -v error -f lavfi -i anullsrc=r=8000:cl=mono -t 600 \
	    -c:a pcm_u8 -y "$W/narration/03-01.wav"
	rm "$W/06_final_output.json"
	run --separate-stderr ! pipe
	[[ $stderr == *"scene 3: '$W/narration/03-01.wav': 600.00 s of speech for 32 words; expected 1.6 to 104.4 s at 150 words a minute"* ]] ||
	    fail "$stderr"
}

@test "a narration clip of a tenth of a second is refused" {
	ffmpeg -v error -f lavfi -i anullsrc=r=22050:cl=mono -t 0.1 \
	    -c:a pcm_s16le -y "$W/narration/03-01.wav"
	rm "$W/06_final_output.json"
	run --separate-stderr ! pipe
	[[ $stderr == *"scene 3: '$W/narration/03-01.wav': 0.10 s of speech for 32 words"* ]] ||
	    fail "$stderr"
}

@test "a picture wider than 8192 pixels is refused before it is decoded" {
	ffmpeg -v error -f lavfi -i color=gray:s=9000x100 -frames:v 1 \
	    -pix_fmt rgb24 -y "$W/scenes/03.png"
	rm "$W/06_final_output.json"
	run --separate-stderr ! pipe
	[[ $stderr == *"'$W/scenes/03.png': a PNG of 9000x100 pixels; at most 8192 a side and 40 megapixels"* ]] ||
	    fail "$stderr"
}

@test "a JPEG from a service that claims 65000x65000 is never decoded" {
	local d=$BATS_TEST_TMPDIR/svc
	mkdir -p "$d/w"
	mv-analyze "$brief" | mv-research | mv-story | mv-segment \
	    > "$d/04.json" 2> /dev/null
	mv-design -p -o "$d/05.json" "$d/04.json"
	fake_start
	export MV_IMAGE=a1111 MV_IMAGE_BASE_URL=$FAKE_URL MV_LLM=offline
	# (A service's GIF is made PNG: tests/7003-media.bats.)
	# SOI, APP0 (JFIF), SOF0 of 65000x65000 (0xfde8), 3 components, EOI.
	printf '\377\330\377\340\000\020JFIF\000\001\001\000\000\001\000\001\000\000\377\300\000\021\010\375\350\375\350\003\001\021\000\002\021\001\003\021\001\377\331' \
	    > "$d/big.jpg"
	fake_state picture "\"$(base64 -w0 "$d/big.jpg")\""
	run -1 --separate-stderr mv-design -d "$d/w" -n 3 "$d/05.json"
	[[ $stderr == *"a JPEG of 65000x65000 pixels; at most 8192 a side and 40 megapixels"* ]] ||
	    fail "$stderr"
	[ ! -e "$d/w/scenes/03.png" ]
	assert_equal "$(leftover_temps "$d/w")" ""
}
