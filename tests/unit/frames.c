/* Unit checks for the frame drawing of lib/media/frames.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/util.h"
#include "media/frames.h"

static char *dir;

static void
fill(struct yuv *f, int y, int u, int v)
{
	size_t n = (size_t)f->w * f->h;

	memset(f->buf, y, n);
	memset(yuv_u(f), u, n / 4);
	memset(yuv_v(f), v, n / 4);
}

static void
noise(struct yuv *f, uint64_t seed)
{
	struct rng r;
	size_t i;

	rng_seed(&r, seed);
	for (i = 0; i < yuv_bytes(f); i++)
		f->buf[i] = rng_next(&r) & 255;
}

/* Samples of plane p (0 Y, 1 U, 2 V) further than tol from v. */
static int
count_far(const struct yuv *f, int p, int v, int tol)
{
	const unsigned char *b = p == 0 ? f->buf : p == 1 ? yuv_u(f) :
	    yuv_v(f);
	size_t i, n = (size_t)f->w * f->h / (p == 0 ? 1 : 4);
	int bad = 0;

	for (i = 0; i < n; i++)
		bad += abs(b[i] - v) > tol;
	return bad;
}

static int
count_not(const struct yuv *f, int p, int v)
{
	return count_far(f, p, v, 0);
}

/*
 * The centroid of a plane's samples weighted by their distance from the
 * background level bg, in sample indices.
 */
static void
centroid(const unsigned char *b, int w, int h, int bg, double *cx,
    double *cy)
{
	double m = 0, mx = 0, my = 0, d;
	int x, y;

	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			d = abs(b[(size_t)y * w + x] - bg);
			m += d;
			mx += d * x;
			my += d * y;
		}
	*cx = m > 0 ? mx / m : -1;
	*cy = m > 0 ? my / m : -1;
}

static void
check_view_identity(void)
{
	struct yuv a, b;

	yuv_alloc(&a, 66, 38);
	yuv_alloc(&b, 66, 38);
	noise(&a, 1);
	memset(b.buf, 0, yuv_bytes(&b));
	yuv_view(&a, 0, 0, 66, &b);
	CHECK(memcmp(a.buf, b.buf, yuv_bytes(&a)) == 0);
	yuv_free(&a);
	yuv_free(&b);
}

static void
check_view_step(void)
{
	struct yuv a, b;
	int y, bad = 0;

	yuv_alloc(&a, 64, 32);
	yuv_alloc(&b, 64, 32);
	fill(&a, 16, 128, 128);
	for (y = 0; y < 32; y++)
		memset(a.buf + y * 64 + 32, 235, 32);
	yuv_view(&a, 0.5, 0, 64, &b);
	/* Column 31 now samples 31.5: half black, half white. */
	for (y = 0; y < 32; y++)
		bad += b.buf[y * 64 + 30] != 16 || b.buf[y * 64 + 31] != 126 ||
		    b.buf[y * 64 + 32] != 235;
	CHECK_INT(bad, 0);
	CHECK_INT(b.buf[5 * 64 + 31], 126);
	/* The same down, through the 8-bit vertical weights. */
	fill(&a, 16, 128, 128);
	memset(a.buf + 16 * 64, 235, 16 * 64);
	yuv_view(&a, 0, 0.5, 64, &b);
	CHECK_INT(b.buf[14 * 64 + 7], 16);
	CHECK_INT(b.buf[15 * 64 + 7], 126);
	CHECK_INT(b.buf[16 * 64 + 7], 235);
	yuv_free(&a);
	yuv_free(&b);
}

static void
check_view_ramp(void)
{
	struct yuv a, b;
	int x, y, bad = 0;

	/* Zooming in 2x on a ramp of 2 a pixel halves its slope... */
	yuv_alloc(&a, 64, 32);
	yuv_alloc(&b, 64, 32);
	fill(&a, 0, 128, 128);
	for (y = 0; y < 32; y++)
		for (x = 0; x < 64; x++)
			a.buf[y * 64 + x] = 16 + 2 * x;
	yuv_view(&a, 8, 4, 32, &b);
	/* ...sample i sits at 7.75 + i / 2: 31.5 + i, rounded up. */
	for (x = 0; x < 64; x++)
		bad += b.buf[10 * 64 + x] != 32 + x;
	CHECK_INT(bad, 0);
	CHECK_INT(b.buf[10 * 64 + 50] - b.buf[10 * 64 + 10], 40);
	yuv_free(&a);
	yuv_free(&b);

	/* Zooming out 2x on a ramp of 1 a pixel doubles it. */
	yuv_alloc(&a, 200, 64);
	yuv_alloc(&b, 64, 32);
	fill(&a, 0, 128, 128);
	for (y = 0; y < 64; y++)
		for (x = 0; x < 200; x++)
			a.buf[y * 200 + x] = 16 + x;
	yuv_view(&a, 10, 0, 128, &b);
	bad = 0;
	for (x = 0; x < 64; x++)
		bad += b.buf[3 * 64 + x] != 27 + 2 * x;
	CHECK_INT(bad, 0);
	CHECK_INT(b.buf[3 * 64 + 50] - b.buf[3 * 64 + 10], 80);
	yuv_free(&a);
	yuv_free(&b);
}

/*
 * The no-wobble property: as the window slides in small fractional steps,
 * a bright dot's centroid slides with it, linearly, at the zoom's scale.
 * A renderer rounding the window to whole pixels moves it in jumps.
 */
static void
check_view_glide(void)
{
	struct yuv a, b;
	double x0, y0, cx, cy, ux, uy, ex, prev = 0, worst = 0, wstep = 0;
	double wy = 0, wc = 0;
	int s;

	yuv_alloc(&a, 64, 64);
	yuv_alloc(&b, 64, 64);
	fill(&a, 16, 128, 128);
	/* A dot at luma (30, 30.5) and a chroma dot at the same place. */
	a.buf[30 * 64 + 30] = a.buf[31 * 64 + 30] = 235;
	yuv_u(&a)[15 * 32 + 15] = 200;
	/* Scale 2: the window is 32 source pixels wide. */
	yuv_view(&a, 14, 14, 32, &b);
	centroid(b.buf, 64, 64, 16, &x0, &y0);
	/* Source x 30 is 14 + (i + 0.5) / 2 - 0.5 at i = 32.5, y at 33.5. */
	CHECK(fabs(x0 - 32.5) < 1e-6);
	CHECK(fabs(y0 - 33.5) < 1e-6);
	for (s = 0; s <= 40; s++) {
		double dx = s * 0.05;

		yuv_view(&a, 14 + dx, 14 - dx, 32, &b);
		centroid(b.buf, 64, 64, 16, &cx, &cy);
		ex = x0 - 2 * dx;
		if (fabs(cx - ex) > worst)
			worst = fabs(cx - ex);
		if (fabs(cy - (y0 + 2 * dx)) > wy)
			wy = fabs(cy - (y0 + 2 * dx));
		if (s > 0 && fabs(prev - cx - 0.1) > wstep)
			wstep = fabs(prev - cx - 0.1);
		prev = cx;
		/* Chroma sits at luma (2u, 2v + 0.5), scaled alike. */
		centroid(yuv_u(&b), 32, 32, 128, &ux, &uy);
		if (fabs(2 * ux - cx) > wc)
			wc = fabs(2 * ux - cx);
		if (fabs(2 * uy + 0.5 - cy) > wc)
			wc = fabs(2 * uy + 0.5 - cy);
	}
	CHECK(worst < 0.01);
	CHECK(wy < 0.01);
	CHECK(wstep < 0.01);
	CHECK(wc < 0.02);

	/* At scale 1, a quarter-pixel step moves it a quarter pixel. */
	yuv_view(&a, 0, 0, 64, &b);
	centroid(b.buf, 64, 64, 16, &x0, &y0);
	yuv_view(&a, 0.25, 0, 64, &b);
	centroid(b.buf, 64, 64, 16, &cx, &cy);
	CHECK(fabs(x0 - cx - 0.25) < 0.005);
	CHECK(fabs(y0 - cy) < 1e-9);
	yuv_free(&a);
	yuv_free(&b);
}

static void
check_view_edge(void)
{
	struct yuv a, b;

	/* Outside the source, its edge repeats; no read past its end. */
	yuv_alloc(&a, 8, 8);
	yuv_alloc(&b, 16, 16);
	fill(&a, 100, 90, 80);
	yuv_view(&a, -3.3, -2.7, 14.2, &b);
	CHECK_INT(count_not(&b, 0, 100), 0);
	CHECK_INT(count_not(&b, 1, 90), 0);
	CHECK_INT(count_not(&b, 2, 80), 0);
	yuv_free(&a);
	yuv_free(&b);
}

static void
check_mix_fade(void)
{
	struct yuv a, b, d, e;
	size_t i, n;
	int bad = 0;

	/* Not a multiple of 16 samples: the blocked loops leave a tail. */
	yuv_alloc(&a, 34, 18);
	yuv_alloc(&b, 34, 18);
	yuv_alloc(&d, 34, 18);
	yuv_alloc(&e, 34, 18);
	noise(&a, 2);
	noise(&b, 3);
	n = yuv_bytes(&a);
	yuv_mix(&d, &a, &b, 0);
	CHECK(memcmp(d.buf, a.buf, n) == 0);
	yuv_mix(&d, &a, &b, 1);
	CHECK(memcmp(d.buf, b.buf, n) == 0);
	yuv_mix(&d, &a, &b, 0.5);
	for (i = 0; i < n; i++)
		bad += d.buf[i] != (a.buf[i] + b.buf[i] + 1) / 2;
	CHECK_INT(bad, 0);
	/* In place, into either side. */
	memcpy(e.buf, a.buf, n);
	yuv_mix(&e, &e, &b, 0.5);
	CHECK(memcmp(e.buf, d.buf, n) == 0);
	memcpy(e.buf, b.buf, n);
	yuv_mix(&e, &a, &e, 0.5);
	CHECK(memcmp(e.buf, d.buf, n) == 0);

	memcpy(e.buf, a.buf, n);
	yuv_fade(&e, 1);
	CHECK(memcmp(e.buf, a.buf, n) == 0);
	fill(&e, 216, 28, 228);
	yuv_fade(&e, 0.5);
	CHECK_INT(count_not(&e, 0, 116), 0);
	CHECK_INT(count_not(&e, 1, 78), 0);
	CHECK_INT(count_not(&e, 2, 178), 0);
	yuv_fade(&a, 0);
	CHECK_INT(count_not(&a, 0, 16), 0);
	CHECK_INT(count_not(&a, 1, 128), 0);
	CHECK_INT(count_not(&a, 2, 128), 0);
	yuv_free(&a);
	yuv_free(&b);
	yuv_free(&d);
	yuv_free(&e);
}

static uint32_t
crc32(uint32_t c, const unsigned char *p, size_t n)
{
	int k;

	c ^= 0xffffffff;
	while (n-- > 0) {
		c ^= *p++;
		for (k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320 ^ c >> 1 : c >> 1;
	}
	return c ^ 0xffffffff;
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static void
chunk(FILE *fp, const char *type, const unsigned char *d, size_t n)
{
	unsigned char b[4];

	put32(b, n);
	fwrite(b, 1, 4, fp);
	fwrite(type, 1, 4, fp);
	if (n > 0)
		fwrite(d, 1, n, fp);
	put32(b, crc32(crc32(0, (const unsigned char *)type, 4), d, n));
	fwrite(b, 1, 4, fp);
}

/*
 * Writes dir/name, a PNG of colour type ct (0 grey, 2 RGB, 4 grey and
 * alpha, 6 RGBA) and depth 8 or 16 from unfiltered rows px, in stored
 * (uncompressed) deflate blocks: the test needs no PNG library of its own.
 */
static char *
png(const char *name, int w, int h, int ct, int depth, const void *px)
{
	static const int chans[7] = { 1, 0, 3, 0, 2, 0, 4 };
	size_t rb = (size_t)w * chans[ct] * depth / 8, n = (rb + 1) * h, i;
	size_t blocks = n / 65535 + 1, zn = 2 + n + 5 * blocks + 4, b, o, m;
	unsigned char *raw = xmalloc(n), *z = xmalloc(zn), hd[13];
	char *path = xasprintf("%s/%s", dir, name);
	uint32_t s1 = 1, s2 = 0;
	FILE *fp;
	int y;

	for (y = 0; y < h; y++) {
		raw[y * (rb + 1)] = 0;
		memcpy(raw + y * (rb + 1) + 1, (const char *)px + y * rb, rb);
	}
	z[0] = 0x78;
	z[1] = 0x01;
	for (b = 0, o = 2; b < blocks; b++) {
		m = b + 1 < blocks ? 65535 : n - b * 65535;
		z[o++] = b + 1 == blocks;
		z[o++] = m & 255;
		z[o++] = m >> 8;
		z[o++] = ~m & 255;
		z[o++] = ~m >> 8 & 255;
		memcpy(z + o, raw + b * 65535, m);
		o += m;
	}
	for (i = 0; i < n; i++) {
		s1 = (s1 + raw[i]) % 65521;
		s2 = (s2 + s1) % 65521;
	}
	put32(z + o, s2 << 16 | s1);
	put32(hd, w);
	put32(hd + 4, h);
	hd[8] = depth;
	hd[9] = ct;
	hd[10] = hd[11] = hd[12] = 0;
	fp = fopen(path, "wb");
	if (CHECK(fp != NULL)) {
		fwrite("\x89PNG\r\n\x1a\n", 1, 8, fp);
		chunk(fp, "IHDR", hd, 13);
		chunk(fp, "IDAT", z, zn);
		chunk(fp, "IEND", NULL, 0);
		CHECK(fclose(fp) == 0);
	}
	free(raw);
	free(z);
	return path;
}

/* An RGB picture of w×h whose colour is a function of x only. */
static char *
png_cols(const char *name, int w, int h, void (*col)(int, unsigned char *))
{
	unsigned char *px = xmalloc((size_t)w * h * 3);
	char *path;
	int x, y;

	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++)
			col(x, px + ((size_t)y * w + x) * 3);
	path = png(name, w, h, 2, 8, px);
	free(px);
	return path;
}

static void
red(int x, unsigned char *p)
{
	(void)x;
	p[0] = 255;
	p[1] = p[2] = 0;
}

/* Red, green and blue bands, split at columns split[0] and split[1]. */
static int split[2];

static void
bands(int x, unsigned char *p)
{
	p[0] = x < split[0] ? 255 : 0;
	p[1] = x >= split[0] && x < split[1] ? 255 : 0;
	p[2] = x >= split[1] ? 255 : 0;
}

static void
write_file(const char *path, const void *p, size_t n)
{
	FILE *fp = fopen(path, "wb");

	CHECK(fp != NULL && fwrite(p, 1, n, fp) == n && fclose(fp) == 0);
}

/* Loads path into w×h and checks it fails with "'path': why". */
static void
check_load_fails(const char *path, int w, int h, const char *why)
{
	struct yuv f = { 0 };
	char *err = NULL, *want = xasprintf("'%s': %s", path, why);

	CHECK_INT(yuv_load_png(path, w, h, &f, &err), -1);
	CHECK_STR(err, want);
	CHECK(f.buf == NULL);
	free(err);
	free(want);
}

static void
check_load(void)
{
	struct yuv f = { 0 };
	char *err = NULL, *p, *q;
	unsigned char px[20 * 20 * 4], *data;
	FILE *fp;
	long n;

	p = png_cols("red.png", 48, 30, red);
	CHECK_INT(yuv_load_png(p, 32, 32, &f, &err), 0);
	CHECK_INT(f.w, 32);
	CHECK_INT(f.h, 32);
	CHECK_INT(count_not(&f, 0, 63), 0);
	CHECK_INT(count_not(&f, 1, 102), 0);
	CHECK_INT(count_not(&f, 2, 240), 0);
	yuv_free(&f);
	free(p);

	/* Alpha goes over black: half-transparent white is mid grey. */
	memset(px, 255, sizeof px);
	for (n = 3; n < (long)sizeof px; n += 4)
		px[n] = 128;
	p = png("ghost.png", 20, 20, 6, 8, px);
	CHECK_INT(yuv_load_png(p, 20, 20, &f, &err), 0);
	CHECK(f.buf[0] >= 125 && f.buf[0] <= 127);
	CHECK_INT(count_not(&f, 0, f.buf[0]), 0);
	CHECK_INT(count_not(&f, 1, 128), 0);
	CHECK_INT(count_not(&f, 2, 128), 0);
	yuv_free(&f);
	free(p);
	/* 16-bit grey: 0x8080 is 128 of 255. */
	memset(px, 0x80, sizeof px);
	p = png("grey16.png", 10, 20, 0, 16, px);
	CHECK_INT(yuv_load_png(p, 4, 2, &f, &err), 0);
	CHECK_INT(count_not(&f, 0, 126), 0);
	CHECK_INT(count_not(&f, 1, 128), 0);
	yuv_free(&f);
	free(p);

	/*
	 * A 200×100 picture covers a square with its middle 100 columns,
	 * and a tall 64×128 frame with its middle 50: no bars, no outer band
	 * (the shrinking filter may lend an edge column a trace of it).
	 */
	split[0] = 50;
	split[1] = 150;
	p = png_cols("bands.png", 200, 100, bands);
	CHECK_INT(yuv_load_png(p, 64, 64, &f, &err), 0);
	CHECK_INT(count_far(&f, 0, 173, 2), 0);
	CHECK_INT(count_far(&f, 1, 42, 2), 0);
	CHECK_INT(count_far(&f, 2, 26, 2), 0);
	CHECK_INT(f.buf[32 * 64 + 32], 173);
	yuv_free(&f);
	CHECK_INT(yuv_load_png(p, 64, 128, &f, &err), 0);
	CHECK_INT(count_far(&f, 0, 173, 2), 0);
	yuv_free(&f);
	free(p);
	/* In thirds, the outer bands reach 10 columns into the square. */
	split[0] = 67;
	split[1] = 133;
	p = png_cols("thirds.png", 200, 100, bands);
	CHECK_INT(yuv_load_png(p, 64, 64, &f, &err), 0);
	CHECK_INT(f.buf[32 * 64 + 5], 63);
	CHECK_INT(f.buf[32 * 64 + 32], 173);
	CHECK_INT(f.buf[32 * 64 + 58], 32);
	yuv_free(&f);
	free(p);

	/*
	 * Chroma is sited on even columns: over a red|blue step at column 4,
	 * chroma sample 2 (luma column 4) sees a quarter red.
	 */
	split[0] = split[1] = 4;
	p = png_cols("step.png", 8, 2, bands);
	CHECK_INT(yuv_load_png(p, 8, 2, &f, &err), 0);
	CHECK_INT(yuv_u(&f)[2], 206);
	CHECK_INT(yuv_v(&f)[2], 148);
	CHECK_INT(yuv_u(&f)[0], 102);
	CHECK_INT(yuv_u(&f)[3], 240);
	CHECK_INT(yuv_v(&f)[3], 118);
	yuv_free(&f);

	/* Failures name the file. */
	q = xasprintf("%s/missing.png", dir);
	check_load_fails(q, 16, 16, "No such file or directory");
	free(q);
	q = xasprintf("%s/x.png", dir);
	write_file(q, "not a picture\n", 14);
	check_load_fails(q, 16, 16, "not a PNG file");
	free(q);
	/* The first half of a real PNG. */
	fp = fopen(p, "rb");
	CHECK(fp != NULL);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	data = xmalloc(n);
	CHECK(fread(data, 1, n, fp) == (size_t)n);
	fclose(fp);
	q = xasprintf("%s/half.png", dir);
	write_file(q, data, n / 2);
	check_load_fails(q, 16, 16, "truncated PNG file");
	free(q);
	free(data);
	free(p);
	p = png("empty.png", 0, 1, 2, 8, px);
	check_load_fails(p, 16, 16, "image has no pixels");
	free(p);
}

int
main(void)
{
	char tmpl[] = "/tmp/mv-frames.XXXXXX";

	CHECK_NOTE("yuv_view");
	check_view_identity();
	check_view_step();
	check_view_ramp();
	check_view_glide();
	check_view_edge();
	CHECK_NOTE("yuv_mix, yuv_fade");
	check_mix_fade();
	CHECK_NOTE("yuv_load_png");
	dir = mkdtemp(tmpl);
	if (CHECK(dir != NULL)) {
		check_load();
		check_rm_rf(dir);
	}
	return check_done();
}
