#!/usr/bin/env bats
# The camera move on a still, measured: the picture's geometry, and moves
# steady to a fraction of a pixel (unlike FFmpeg's zoompan, which rounds to
# whole pixels and wobbles).
bats_require_minimum_version 1.5.0
load helper

# Four small Gaussian dots (sigma 4 pixels) at a quarter of the width and
# of the height either side of the centre, on black. In a picture of W x H
# their centres are at W/4 and 3W/4 across, H/4 and 3H/4 down (pixel
# corners; pixel indices are half a pixel less).
dots() {
	local w=$1 h=$2 e='' x y
	for x in $((w / 4)) $((w * 3 / 4)); do
		for y in $((h / 4)) $((h * 3 / 4)); do
			e="$e+exp(-(pow(X+0.5-$x,2)+pow(Y+0.5-$y,2))/32)"
		done
	done
	ffmpeg -v error -f lavfi -i "color=black:s=${w}x$h,format=gray" \
	    -vf "geq=lum='clip(255*(${e#+}),0,255)'" -frames:v 1 "$3"
}

setup_file() {
	# The interpreter itself, not a version manager's shim: started a
	# dozen times, a slow shim would double the time this file takes.
	PY=$(python3 -c 'import sys; print(sys.executable)')
	export PY PYTHONDONTWRITEBYTECODE=1
	dots 640 360 "$BATS_FILE_TMPDIR/wide.png"
	dots 480 360 "$BATS_FILE_TMPDIR/four3.png"
}

# All at 320x180: x264 at CRF 4 adds less noise than mv's own error
# budget, so the figures measure the camera, not the encoder.
W=320
H=180
CRF=4
N=90

# Where the tracker starts looking for the dots of the 640x360 picture in
# a move's first frame (rough; it finds them within a few pixels).
start_of() {
	case $1 in
	zoom-in) echo "80,45 240,45 80,135 240,135" ;;
	zoom-out) echo "70,39 249,39 70,140 249,140" ;;
	pan-right) echo "89,39 268,39 89,140 268,140" ;;
	pan-left) echo "51,39 230,39 51,140 230,140" ;;
	esac
}

# render MOVE PICTURE: mv's segment of N frames of the move over PICTURE,
# decoded to gray frames in $BATS_TEST_TMPDIR/MOVE.gray.
render() {
	local d=$BATS_TEST_TMPDIR/r name=${1//-/}
	mkdir -p "$d/segments"
	cp "$2" "$d/pic.png"
	cat > "$d/segments/$name.json" <<-EOF
	{"segment":"$name","version":1,"width":$W,"height":$H,"fps":30,"crf":$CRF,
	 "preset":"veryfast","frames":$N,
	 "layers":[{"image":"pic.png","move":"$1","from":0,"span":$N}]}
	EOF
	mv-assemble -g "$name" -d "$d"
	ffmpeg -v error -i "$d/segments/$name.ts" -f rawvideo -pix_fmt gray - > "$BATS_TEST_TMPDIR/$1.gray"
	[ "$(stat -c %s "$BATS_TEST_TMPDIR/$1.gray")" -eq $((W * H * N)) ]
}

# zoompan MOVE SCALE: the same move (eased the same way) by FFmpeg's zoompan over the picture
# scaled to SCALE times the frame (supersampled), as gray frames in
# $BATS_TEST_TMPDIR/MOVE.zpSCALE.gray. Not encoded: without x264's noise
# zoompan can only look smoother than it is.
zoompan() {
	local z x e="(1-cos(PI*on/$((N - 1))))/2"
	case $1 in
	zoom-in) z="1+0.12*$e" x="iw/2-(iw/zoom/2)" ;;
	pan-right) z=1.12 x="(iw-iw/zoom)*$e" ;;
	esac
	ffmpeg -v error -i "$BATS_FILE_TMPDIR/wide.png" \
	    -vf "scale=$((W * $2)):$((H * $2)),zoompan=z='$z':x='$x':y='ih/2-(ih/zoom/2)':d=$N:s=${W}x$H:fps=30,format=yuv420p" \
	    -f rawvideo -pix_fmt gray - > "$BATS_TEST_TMPDIR/$1.zp$2.gray"
	[ "$(stat -c %s "$BATS_TEST_TMPDIR/$1.zp$2.gray")" -eq $((W * H * N)) ]
}

# measure MODE GRAY MOVE: the tracker's report on the four dots, kept for
# get and steady, and printed (bats shows it if the test fails).
measure() {
	# shellcheck disable=SC2046
	"$PY" "$top/tests/lib/track.py" "$1" $W $H "$2" $(start_of "$3") > "$BATS_TEST_TMPDIR/report" &&
	    cat "$BATS_TEST_TMPDIR/report"
}

# get NAME: one figure of the last report.
get() {
	local k v
	while read -r k v; do
		[ "$k" != "$1" ] || echo "$v"
	done < "$BATS_TEST_TMPDIR/report"
}

# The bounds of a smooth move, in pixels of a 320x180 frame. mv measures
# (CRF 4) 0.011-0.026 RMS and 0.04-0.09 at most for the change of step,
# about 0.01 RMS and 0.03-0.04 at most off the eased curve, under 0.02 up
# or down in a pan; x264's noise is most of that (encoded losslessly the
# figures are about 0.006 RMS and 0.02 at most). Rounding the camera to
# whole pixels changes the step by half a pixel and more.
D2_RMS=0.04
D2_MAX=0.15
FIT_RMS=0.03
FIT_MAX=0.10
CROSS_MAX=0.10

# steady: fails, naming each bound the last report breaks.
steady() {
	awk -v d2r=$D2_RMS -v d2m=$D2_MAX -v fr=$FIT_RMS -v fm=$FIT_MAX -v cm=$CROSS_MAX '
	    { v[$1] = $2 }
	    function over(k, lim) { if (!(v[k] + 0 < lim)) { print k " " v[k] " is not below " lim; bad = 1 } }
	    END {
		over("d2_rms", d2r); over("d2_max", d2m)
		over("fit_rms", fr); over("fit_max", fm)
		if ("cross_max" in v) over("cross_max", cm)
		if (v["backward"] != 0) { print v["backward"] " frames stall or step backwards"; bad = 1 }
		exit bad
	    }' "$BATS_TEST_TMPDIR/report"
}

# near GOT WANT TOL: |GOT - WANT| <= TOL.
near() {
	awk -v g="$1" -v w="$2" -v t="$3" 'BEGIN { d = g - w; if (d < 0) d = -d; exit !(d <= t) }' ||
	    fail "got $1, expected $2 within $3"
}

@test "a zoom-in starts on the whole picture fitted to cover the frame and ends magnified 1.12 times" {
	# Expected: the centre of the frame plus each dot's offset from the
	# centre of the picture, scaled to cover the frame (a 16:9 picture
	# fits exactly; a 4:3 one loses its top and bottom, never gets bars),
	# times the magnification.
	for pic in wide:80:45 four3:80:60; do
		IFS=: read -r name dx dy <<< "$pic"
		render zoom-in "$BATS_FILE_TMPDIR/$name.png"
		# shellcheck disable=SC2046
		"$PY" "$top/tests/lib/track.py" track $W $H "$BATS_TEST_TMPDIR/zoom-in.gray" \
		    $(awk -v x="$dx" -v y="$dy" 'BEGIN { printf "%d,%d %d,%d %d,%d %d,%d", 160 - x, 90 - y, 160 + x, 90 - y, 160 - x, 90 + y, 160 + x, 90 + y }') > "$BATS_TEST_TMPDIR/track"
		assert_equal "$(wc -l < "$BATS_TEST_TMPDIR/track")" $N
		# Frame, then x y of each dot; each within 0.1 pixel.
		sed -n '1p;$p' "$BATS_TEST_TMPDIR/track" > "$BATS_TEST_TMPDIR/ends"
		awk -v dx="$dx" -v dy="$dy" -v p="$name" '
		    function abs(a) { return a < 0 ? -a : a }
		    { z = $1 == 0 ? 1 : 1.12
		      for (i = 0; i < 4; i++) {
			x = 159.5 + (i % 2 ? 1 : -1) * dx * z
			y = 89.5 + (i < 2 ? -1 : 1) * dy * z
			gx = $(2 * i + 2); gy = $(2 * i + 3)
			printf "%s frame %d dot %d at %.3f,%.3f, expected %.3f,%.3f\n", p, $1, i + 1, gx, gy, x, y
			if (abs(gx - x) > 0.1 || abs(gy - y) > 0.1) bad = 1
		      } }
		    END { exit bad }' "$BATS_TEST_TMPDIR/ends"
	done
}

@test "a pan moves every dot across along the eased curve, smoothly, and not up or down" {
	for move in pan-right pan-left; do
		render "$move" "$BATS_FILE_TMPDIR/wide.png"
		measure pan "$BATS_TEST_TMPDIR/$move.gray" "$move"
		steady
		echo "# $move: change of step $(get d2_rms) RMS, $(get d2_max) max; off the curve $(get fit_rms) RMS, $(get fit_max) max (px)" >&3
		# The window of 320/1.12 picture pixels crosses the 38.57 the
		# picture has to spare: 38.4 pixels of the frame in 89 steps.
		step=$(awk -v m="$move" 'BEGIN { s = (360 - 360 / 1.12) / (360 / 1.12 / 320) / 89; print m == "pan-right" ? -s : s }')
		near "$(get step_mean)" "$step" 0.002
	done
}

@test "a zoom moves every dot away from (or toward) the centre along the eased curve, smoothly" {
	for move in zoom-in zoom-out; do
		render "$move" "$BATS_FILE_TMPDIR/wide.png"
		measure zoom "$BATS_TEST_TMPDIR/$move.gray" "$move"
		steady
		echo "# $move: change of step $(get d2_rms) RMS, $(get d2_max) max; off the curve $(get fit_rms) RMS, $(get fit_max) max (px)" >&3
		# From 91.79 pixels from the centre to 1.12 times that, or back.
		step=$(awk -v m="$move" 'BEGIN { s = sqrt(80 * 80 + 45 * 45) * 0.12 / 89; print m == "zoom-out" ? -s : s }')
		near "$(get step_mean)" "$step" 0.002
	done
}

@test "the measure catches whole-pixel rounding: FFmpeg's zoompan fails it, even supersampled 4 times" {
	for move in zoom-in pan-right; do
		for scale in 1 4; do
			zoompan "$move" $scale
			measure "${move%-*}" "$BATS_TEST_TMPDIR/$move.zp$scale.gray" "$move"
			echo "# zoompan, $move over a picture ${scale}x the frame: change of step $(get d2_rms) RMS, $(get d2_max) max; off the curve $(get fit_rms) RMS, $(get fit_max) max (px)" >&3
			run -1 steady
			assert_output --partial "d2_rms"
			assert_output --partial "d2_max"
			# Not marginally: at least 3 times the bound (mv
			# measures under half of it).
			awk -v z="$(get d2_rms)" -v b=$D2_RMS 'BEGIN { exit !(z >= 3 * b) }' ||
			    fail "zoompan's change of step, $(get d2_rms) px RMS, is not 3 times the bound $D2_RMS"
			# Unsupersampled, it even stalls or steps backwards.
			[ "$scale" != 1 ] || [ "$(get backward)" -gt 0 ]
		done
	done
}
