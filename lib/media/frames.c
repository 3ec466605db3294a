#include <cairo.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "media/frames.h"
#include "media/media.h"

/*
 * yuv_view's fixed point: a row is first blended vertically with 8-bit
 * weights into 16-bit sums (exact), then horizontally with 14-bit weights,
 * so that the total fits in 32 bits.
 */
#define VBITS	8
#define HBITS	14

/*
 * Straight loops run in blocks of BLK samples through local copies: GCC's
 * -O2 vectoriser takes a block whole (it will not add alias checks or
 * remainder loops there), and the copies make in-place use safe.
 */
#define BLK	16

/* One output sample's source: samples i and i + 1, the second weighted w. */
struct tap {
	int i;
	uint32_t w;
};

void
yuv_alloc(struct yuv *f, int w, int h)
{
	f->w = w;
	f->h = h;
	f->buf = xmalloc(yuv_bytes(f));
}

void
yuv_free(struct yuv *f)
{
	free(f->buf);
	f->buf = NULL;
	f->w = f->h = 0;
}

size_t
yuv_bytes(const struct yuv *f)
{
	return (size_t)f->w * f->h * 3 / 2;
}

unsigned char *
yuv_u(const struct yuv *f)
{
	return f->buf + (size_t)f->w * f->h;
}

unsigned char *
yuv_v(const struct yuv *f)
{
	return f->buf + (size_t)f->w * f->h * 5 / 4;
}

static cairo_status_t
png_read(void *fp, unsigned char *data, unsigned int n)
{
	return fread(data, 1, n, fp) == n ? CAIRO_STATUS_SUCCESS :
	    CAIRO_STATUS_READ_ERROR;
}

/* Reads path as a cairo surface, or returns NULL with *err set. */
static cairo_surface_t *
png_open(const char *path, char **err)
{
	unsigned char hd[24];	/* signature, then IHDR's width and height */
	cairo_surface_t *s;
	cairo_status_t st;
	size_t n;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL) {
		*err = xasprintf("'%s': %s", path, strerror(errno));
		return NULL;
	}
	n = fread(hd, 1, sizeof hd, fp);
	if (ferror(fp))
		*err = xasprintf("'%s': %s", path, strerror(errno));
	else if (n < 8 || memcmp(hd, "\x89PNG\r\n\x1a\n", 8) != 0)
		*err = xasprintf("'%s': not a PNG file", path);
	else if (n < sizeof hd)
		*err = xasprintf("'%s': truncated PNG file", path);
	/* Said plainly here, as libpng would only call the header bad. */
	else if (memcmp(hd + 16, "\0\0\0\0", 4) == 0 ||
	    memcmp(hd + 20, "\0\0\0\0", 4) == 0)
		*err = xasprintf("'%s': image has no pixels", path);
	/* Its size, before a byte of it is decoded. */
	else if (media_image_check(path, hd, sizeof hd, err) < 0)
		;
	else {
		rewind(fp);
		s = cairo_image_surface_create_from_png_stream(png_read, fp);
		st = cairo_surface_status(s);
		if (st == CAIRO_STATUS_SUCCESS) {
			fclose(fp);
			return s;
		}
		if (st == CAIRO_STATUS_READ_ERROR)
			*err = xasprintf("'%s': %s", path, ferror(fp) ?
			    "read error" : "truncated PNG file");
		else
			*err = xasprintf("'%s': bad PNG file: %s", path,
			    cairo_status_to_string(st));
		cairo_surface_destroy(s);
	}
	fclose(fp);
	return NULL;
}

/*
 * Converts an RGB24 surface to BT.709 limited range. Chroma is sited at
 * the even luma columns, as H.264 assumes, so it is filtered [1 2 1]
 * across those columns rather than box-averaged, which would shift colour
 * a quarter of a chroma sample to the right; down, it is the mean of the
 * two rows it sits between.
 */
static void
rgb_to_yuv(const unsigned char *data, int stride, struct yuv *f)
{
	/* Y in 1/2^16; U and V in 1/2^19, as sums of 8 weighted pixels. */
	const double ys = 219.0 / 255 * 65536, us = 224.0 / 255 / 1.8556 *
	    65536, vs = 224.0 / 255 / 1.5748 * 65536;
	const int32_t yr = lround(0.2126 * ys), yg = lround(0.7152 * ys),
	    yb = lround(0.0722 * ys);
	const int32_t ur = -lround(0.2126 * us), ug = -lround(0.7152 * us),
	    ub = -(ur + ug);
	const int32_t vg = -lround(0.7152 * vs), vb = -lround(0.0722 * vs),
	    vr = -(vg + vb);
	unsigned char *u = yuv_u(f), *v = yuv_v(f);
	int x, y, c, cw = f->w / 2;

	for (y = 0; y < f->h; y++) {
		const uint32_t *p = (const uint32_t *)(data + (size_t)y *
		    stride);
		unsigned char *d = f->buf + (size_t)y * f->w;

		for (x = 0; x < f->w; x++) {
			int32_t r = p[x] >> 16 & 255, g = p[x] >> 8 & 255,
			    b = p[x] & 255;

			d[x] = ((16 << 16) + yr * r + yg * g + yb * b +
			    32768) >> 16;
		}
	}
	for (y = 0; y < f->h / 2; y++) {
		const unsigned char *r0 = data + (size_t)2 * y * stride;
		const uint32_t *p0 = (const uint32_t *)r0;
		const uint32_t *p1 = (const uint32_t *)(r0 + stride);

		for (c = 0; c < cw; c++) {
			int l = c > 0 ? 2 * c - 1 : 0, m = 2 * c, n = 2 * c + 1;
			int32_t r = 0, g = 0, b = 0, cu, cv;
			uint32_t q[6];
			int k, wt;

			q[0] = p0[l], q[1] = p0[m], q[2] = p0[n];
			q[3] = p1[l], q[4] = p1[m], q[5] = p1[n];
			for (k = 0; k < 6; k++) {
				wt = k % 3 == 1 ? 2 : 1;
				r += wt * (int32_t)(q[k] >> 16 & 255);
				g += wt * (int32_t)(q[k] >> 8 & 255);
				b += wt * (int32_t)(q[k] & 255);
			}
			/* Offset first: the shifted sum is never negative. */
			cu = (128 << 19) + (1 << 18) + ur * r + ug * g + ub * b;
			cv = (128 << 19) + (1 << 18) + vr * r + vg * g + vb * b;
			u[(size_t)y * cw + c] = cu >> 19;
			v[(size_t)y * cw + c] = cv >> 19;
		}
	}
}

int
yuv_load_png(const char *path, int w, int h, struct yuv *out, char **err)
{
	cairo_surface_t *img, *dst;
	cairo_pattern_t *pat;
	cairo_status_t st;
	cairo_t *cr;
	double sw, sh, s;

	if ((img = png_open(path, err)) == NULL)
		return -1;
	sw = cairo_image_surface_get_width(img);
	sh = cairo_image_surface_get_height(img);
	s = fmax(w / sw, h / sh);
	dst = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cr = cairo_create(dst);
	cairo_scale(cr, s, s);
	cairo_set_source_surface(cr, img, -(sw - w / s) / 2,
	    -(sh - h / s) / 2);
	pat = cairo_get_source(cr);
	cairo_pattern_set_filter(pat, CAIRO_FILTER_GOOD);
	/* Padding keeps the edge pixels from blending with transparency. */
	cairo_pattern_set_extend(pat, CAIRO_EXTEND_PAD);
	/* Over the black of a new RGB24 surface: alpha goes over black. */
	cairo_paint(cr);
	st = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_destroy(img);
	if (st != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(dst);
		*err = xasprintf("'%s': %s", path, cairo_status_to_string(st));
		return -1;
	}
	cairo_surface_flush(dst);
	yuv_alloc(out, w, h);
	rgb_to_yuv(cairo_image_surface_get_data(dst),
	    cairo_image_surface_get_stride(dst), out);
	cairo_surface_destroy(dst);
	return 0;
}

/*
 * The taps of n output samples at source positions s0 + i * k (in sample
 * indices), clamped to the edge of a source of len samples, weighted in
 * 1/2^bits. The last sample may take tap i = len - 1 with weight 0,
 * reading one past the end: the row buffers hold a copy of the last
 * sample there.
 */
static void
taps(struct tap *t, int n, double s0, double k, int len, int bits)
{
	double s, f;
	int i;

	for (i = 0; i < n; i++) {
		s = s0 + i * k;
		t[i].i = 0;
		t[i].w = 0;
		if (!(s > 0))
			continue;
		if (s >= len - 1) {
			t[i].i = len - 1;
			continue;
		}
		f = floor(s);
		t[i].i = (int)f;
		t[i].w = (uint32_t)lround((s - f) * (1 << bits));
		if (t[i].w == 1u << bits) {
			t[i].i++;
			t[i].w = 0;
		}
	}
}

/* One plane: rows blended into row[], then columns from it. */
static void
plane(const unsigned char *src, int sw, int sh, unsigned char *dst, int dw,
    int dh, const struct tap *col, const struct tap *rowt, uint16_t *row)
{
	unsigned char ka[BLK], kb[BLK];
	uint16_t ko[BLK];
	int lo = col[0].i, hi = col[dw - 1].i, i, j, k;

	/* For a window of negative width the taps run backwards. */
	if (lo > hi) {
		i = lo;
		lo = hi;
		hi = i;
	}

	for (j = 0; j < dh; j++) {
		const unsigned char *a = src + (size_t)rowt[j].i * sw;
		const unsigned char *b = rowt[j].i + 1 < sh ? a + sw : a;
		uint16_t wb = rowt[j].w, wa = (1 << VBITS) - wb;
		unsigned char *d = dst + (size_t)j * dw;

		for (i = lo; i + BLK <= hi + 1; i += BLK) {
			memcpy(ka, a + i, BLK);
			memcpy(kb, b + i, BLK);
			for (k = 0; k < BLK; k++)
				ko[k] = ka[k] * wa + kb[k] * wb;
			memcpy(row + i, ko, sizeof ko);
		}
		for (; i <= hi; i++)
			row[i] = a[i] * wa + b[i] * wb;
		row[hi + 1] = hi + 1 < sw ? a[hi + 1] * wa + b[hi + 1] * wb :
		    row[hi];
		for (i = 0; i < dw; i++) {
			const uint16_t *p = row + col[i].i;
			uint32_t w = col[i].w;

			d[i] = (p[0] * ((1u << HBITS) - w) + p[1] * w +
			    (1u << (VBITS + HBITS - 1))) >> (VBITS + HBITS);
		}
	}
}

void
yuv_view(const struct yuv *src, double x, double y, double ww,
    struct yuv *dst)
{
	int dw = dst->w, dh = dst->h, sw = src->w, sh = src->h;
	double k = ww / dw;
	struct tap *t = xmalloc(sizeof *t * ((size_t)dw + dh) * 3 / 2);
	struct tap *ly = t + dw, *cx = ly + dh, *cy = cx + dw / 2;
	uint16_t *row = xmalloc(sizeof *row * ((size_t)sw + 1));

	/*
	 * Output sample i covers [i, i + 1) of the output, centred at
	 * i + 0.5; in the source that is x + (i + 0.5) * k, which is sample
	 * index x + (i + 0.5) * k - 0.5. Chroma sits at luma position 2c + 0.5
	 * across and 2r + 1 down, so its index maps the same way from there.
	 */
	taps(t, dw, x + (k - 1) / 2, k, sw, HBITS);
	taps(ly, dh, y + (k - 1) / 2, k, sh, VBITS);
	taps(cx, dw / 2, x / 2 + (k - 1) / 4, k, sw / 2, HBITS);
	taps(cy, dh / 2, y / 2 + (k - 1) / 2, k, sh / 2, VBITS);
	plane(src->buf, sw, sh, dst->buf, dw, dh, t, ly, row);
	plane(yuv_u(src), sw / 2, sh / 2, yuv_u(dst), dw / 2, dh / 2, cx, cy,
	    row);
	plane(yuv_v(src), sw / 2, sh / 2, yuv_v(dst), dw / 2, dh / 2, cx, cy,
	    row);
	free(row);
	free(t);
}

/* d = (a * wa + b * wb + 128) / 256, wa + wb = 256; d may alias a or b. */
static void
blend(unsigned char *d, const unsigned char *a, const unsigned char *b,
    size_t n, uint16_t wa, uint16_t wb)
{
	unsigned char ka[BLK], kb[BLK], ko[BLK];
	size_t i;
	int k;

	for (i = 0; i + BLK <= n; i += BLK) {
		memcpy(ka, a + i, BLK);
		memcpy(kb, b + i, BLK);
		for (k = 0; k < BLK; k++)
			ko[k] = (uint16_t)(ka[k] * wa + kb[k] * wb + 128) >> 8;
		memcpy(d + i, ko, BLK);
	}
	for (; i < n; i++)
		d[i] = (uint16_t)(a[i] * wa + b[i] * wb + 128) >> 8;
}

/* d = (d * l + (256 - l) * to + 128) / 256. */
static void
toward(unsigned char *d, size_t n, uint16_t l, uint16_t to)
{
	unsigned char kd[BLK];
	uint16_t c = (256 - l) * to + 128;
	size_t i;
	int k;

	for (i = 0; i + BLK <= n; i += BLK) {
		memcpy(kd, d + i, BLK);
		for (k = 0; k < BLK; k++)
			kd[k] = (uint16_t)(kd[k] * l + c) >> 8;
		memcpy(d + i, kd, BLK);
	}
	for (; i < n; i++)
		d[i] = (uint16_t)(d[i] * l + c) >> 8;
}

/* Weights have 8 bits: the sums then fit the 16-bit lanes of SIMD. */
void
yuv_mix(struct yuv *dst, const struct yuv *a, const struct yuv *b, double t)
{
	uint16_t wb;

	t = t > 0 ? (t < 1 ? t : 1) : 0;
	wb = (uint16_t)lround(t * 256);
	blend(dst->buf, a->buf, b->buf, yuv_bytes(dst), 256 - wb, wb);
}

void
yuv_fade(struct yuv *f, double level)
{
	size_t n = (size_t)f->w * f->h;
	uint16_t l;

	level = level > 0 ? (level < 1 ? level : 1) : 0;
	l = (uint16_t)lround(level * 256);
	toward(f->buf, n, l, 16);
	toward(yuv_u(f), n / 2, l, 128);
}
