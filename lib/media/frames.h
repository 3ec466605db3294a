/*
 * frames.h - video frames drawn by mv itself: a still picture loaded to
 * cover the frame, a camera window moved over it with sub-pixel accuracy,
 * crossfades and fades to black.
 *
 * A frame is 8-bit YUV 4:2:0, BT.709 matrix, limited (TV) range, laid out
 * as FFmpeg's "-f rawvideo -pix_fmt yuv420p" reads it: the Y plane (w*h),
 * then U and V ((w/2)*(h/2) each), with no padding. Chroma is sited as
 * H.264 assumes by default: co-sited with the even luma columns, midway
 * between luma rows. Sizes are even and positive throughout.
 */
#ifndef MV_FRAMES_H
#define MV_FRAMES_H

#include <stddef.h>

struct yuv {
	int w, h;		/* even */
	unsigned char *buf;	/* Y, then U, then V, no padding */
};

/* Allocates a w×h frame (contents unspecified); aborts on exhaustion. */
void yuv_alloc(struct yuv *f, int w, int h);
/* Frees the frame's buffer and zeroes *f; a zeroed frame may be freed. */
void yuv_free(struct yuv *f);
/* The size of the buffer: w*h*3/2. */
size_t yuv_bytes(const struct yuv *f);
/* The U and V planes of f, inside f->buf. */
unsigned char *yuv_u(const struct yuv *f);
unsigned char *yuv_v(const struct yuv *f);

/*
 * Loads the PNG at path (any size and colour type cairo reads; alpha
 * composited over black) and scales it to cover w×h: uniformly, until
 * both sides are at least w and h, centred, the overflow cut off (never
 * bars). Cairo's "good" filter resamples: bilinear when enlarging, a box
 * prefilter when shrinking (up to 16x; beyond that it may alias).
 * Converts to BT.709 limited range into *out, allocated here (the caller
 * frees it with yuv_free). Returns 0, or -1 with *err = "'path': why"
 * (malloc'd) for a file that cannot be opened, is not a PNG, is damaged,
 * or has no pixels; *out is then untouched.
 */
int yuv_load_png(const char *path, int w, int h, struct yuv *out,
    char **err);

/*
 * Fills dst (allocated, any size) with the window of src whose top-left
 * corner is at (x, y) in src luma pixels and whose width is ww src pixels
 * (its height ww * dst->h / dst->w), all fractional: pixels stay square.
 * Resampled bilinearly; sample positions are exact to 1/16384 pixel
 * across and 1/256 down, so a window moving smoothly moves the picture
 * smoothly (no whole-pixel rounding). Chroma planes map through the same
 * window at their own siting. Samples outside src repeat its edge.
 * A window equal to src at (0, 0) with dst the size of src copies src
 * exactly. src and dst must not overlap.
 */
void yuv_view(const struct yuv *src, double x, double y, double ww,
    struct yuv *dst);

/*
 * dst = a*(1-t) + b*t per sample, rounded; t is clamped to [0, 1] and
 * used to 1/256. All three are the same size; dst may alias a or b.
 */
void yuv_mix(struct yuv *dst, const struct yuv *a, const struct yuv *b,
    double t);

/*
 * Fades f toward black in place: level 1 leaves it, 0 makes it black
 * (Y 16, U and V 128); level is clamped to [0, 1] and used to 1/256.
 */
void yuv_fade(struct yuv *f, double level);
#endif
