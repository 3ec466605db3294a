/* Unit checks for lib/offline/species.c: kinds by name, and silhouettes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "check.h"
#include "offline/species.h"

#define GRID 48

/*
 * The silhouette of kind k drawn alone (opaque pixels only: the ground
 * shadow and the fish's water bubble are see-through), its bounding box
 * stretched onto a GRID x GRID mask, so that size does not count, only
 * shape.
 */
static void
silhouette(int k, unsigned char mask[GRID][GRID])
{
	int w = 320, h = 260, x, y, x0 = w, y0 = h, x1 = -1, y1 = -1, stride;
	struct figure f = { "x", k, 0x4fa3e0, 0xd94a4a, 0xe8b48f, 0, 1.0 };
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32,
	    w, h);
	cairo_t *cr = cairo_create(s);
	unsigned char *px;

	species_draw(cr, &f, w / 2.0, h - 12, 165, 1, EXPR_PLAIN, 1.5);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	px = cairo_image_surface_get_data(s);
	stride = cairo_image_surface_get_stride(s);
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++)
			if (px[y * stride + x * 4 + 3] > 160) {
				x0 = x < x0 ? x : x0, x1 = x > x1 ? x : x1;
				y0 = y < y0 ? y : y0, y1 = y > y1 ? y : y1;
			}
	for (y = 0; y < GRID; y++)
		for (x = 0; x < GRID; x++) {
			int sx = x0 + (int)((x + 0.5) * (x1 - x0 + 1) / GRID);
			int sy = y0 + (int)((y + 0.5) * (y1 - y0 + 1) / GRID);

			mask[y][x] = x1 >= 0 &&
			    px[sy * stride + sx * 4 + 3] > 160;
		}
	cairo_surface_destroy(s);
}

static double
iou(unsigned char a[GRID][GRID], unsigned char b[GRID][GRID])
{
	int x, y, i = 0, u = 0;

	for (y = 0; y < GRID; y++)
		for (x = 0; x < GRID; x++) {
			i += a[y][x] && b[y][x];
			u += a[y][x] || b[y][x];
		}
	return u > 0 ? (double)i / u : 1;
}

/* The kinds issue 12 names, each by its own word. */
static const char *const required[] = {
	"fox", "owl", "squirrel", "rabbit", "bear", "deer", "monkey",
	"elephant", "lion", "tiger", "mouse", "bird", "crow", "dove", "cow",
	"goat", "horse", "cat", "dog", "turtle", "frog", "fish", "girl",
	"boy", "woman", "man", "grandmother", "grandfather", NULL
};

static void
test_names(void)
{
	int i, near;

	for (i = 0; required[i]; i++) {
		int k = species_find(required[i], &near);

		CHECK_STR(species_name(k), required[i]);
		CHECK_INT(near, 0);
	}
	CHECK_STR(species_name(species_find("young deer", &near)), "deer");
	CHECK_STR(species_name(species_find("wise old owl", &near)), "owl");
	CHECK_STR(species_name(species_find("baby elephant", &near)),
	    "elephant");
	CHECK_STR(species_name(species_find("mother bird", &near)), "bird");
	CHECK_STR(species_name(species_find("kind old woman", &near)),
	    "grandmother");
	CHECK_STR(species_name(species_find("Little Bunnies", &near)),
	    "rabbit");
	CHECK_INT(near, 0);
	/* No drawing of its own: the nearest, and the caller is told. */
	CHECK_STR(species_name(species_find("grey wolf", &near)), "dog");
	CHECK_INT(near, 1);
	CHECK_STR(species_name(species_find("a curious human", &near)),
	    "man");
	CHECK_INT(near, 1);
	CHECK_STR(species_name(species_find("pangolin", &near)), "dog");
	CHECK_INT(near, 1);
	CHECK_INT(species_gender("girl"), 1);
	CHECK_INT(species_gender("grandmother"), 1);
	CHECK_INT(species_gender("old grandfather"), -1);
	CHECK_INT(species_gender("fox"), 0);
	CHECK_INT(species_gender("mother fox"), 1);
	CHECK_INT(species_gender("lioness"), 1);
}

/*
 * No two kinds may share a silhouette. Two drawings of the same kind,
 * whatever their size, come out at an IoU of 1 here; parts that tell
 * kinds apart (ears, a tail, a trunk, a dress) move a fifth or more of
 * the outline. 0.8 leaves room for two kinds with the same body plan
 * (a man and a boy, a lion and a tiger) while failing any kind whose
 * marks are too small to see at a glance.
 */
static void
test_silhouettes(void)
{
	static unsigned char m[64][GRID][GRID];
	int n = species_count(), i, j, bi = 0, bj = 0;
	double worst = 0;

	CHECK(n >= 28 && n <= 64);
	for (i = 0; i < n; i++)
		silhouette(i, m[i]);
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++) {
			double v = iou(m[i], m[j]);

			if (v > worst)
				worst = v, bi = i, bj = j;
			if (!CHECK(v < 0.8))
				printf("# %s and %s: IoU %.3f\n",
				    species_name(i), species_name(j), v);
		}
	printf("# most alike: %s and %s, IoU %.3f\n", species_name(bi),
	    species_name(bj), worst);
}

/* The pixels of kind k drawn with expression e, w x h, ARGB. */
static cairo_surface_t *
drawn(int k, int e, int w, int h)
{
	struct figure f = { "x", k, 0x4fa3e0, 0xd94a4a, 0xe8b48f, 0, 1.0 };
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32,
	    w, h);
	cairo_t *cr = cairo_create(s);

	species_draw(cr, &f, w / 2.0, h - 10, h * 0.8, 1, e, 1.5);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	return s;
}

/*
 * Each feeling shows: for a person (face and arms) and for an animal
 * (face and pose), any two expressions differ in at least 2 % of the
 * figure's pixels (a mouth alone is under 1 %: the pose must change too)
 * or, for the animal, at least 0.4 % (its face: eyes, brows, mouth).
 */
static void
test_expressions(void)
{
	static const char *const who[] = { "girl", "grandfather", "fox",
		"owl" };
	int i, a, b, near, w = 200, h = 240;

	for (i = 0; i < 4; i++) {
		cairo_surface_t *s[EXPR_COUNT];
		int k = species_find(who[i], &near), area = 0, x;
		unsigned char *p0;

		for (a = 0; a < EXPR_COUNT; a++)
			s[a] = drawn(k, a, w, h);
		p0 = cairo_image_surface_get_data(s[EXPR_PLAIN]);
		for (x = 0; x < w * h; x++)
			area += p0[x * 4 + 3] > 128;
		for (a = 0; a < EXPR_COUNT; a++)
			for (b = a + 1; b < EXPR_COUNT; b++) {
				unsigned char *pa =
				    cairo_image_surface_get_data(s[a]);
				unsigned char *pb =
				    cairo_image_surface_get_data(s[b]);
				int diff = 0;

				for (x = 0; x < w * h * 4; x += 4)
					diff += memcmp(pa + x, pb + x, 4) != 0;
				if (!CHECK(diff > area * (i < 2 ? 0.02 : 0.004)))
					printf("# %s: expressions %d and %d "
					    "differ in %d of %d pixels\n", who[i],
					    a, b, diff, area);
			}
		for (a = 0; a < EXPR_COUNT; a++)
			cairo_surface_destroy(s[a]);
	}
}

int
main(void)
{
	test_names();
	test_silhouettes();
	test_expressions();
	cairo_debug_reset_static_data();
	return check_done();
}
