/*
 * Unit checks for the offline illustrator's scenes (lib/offline/illustrate.c,
 * lib/offline/scenery.c, lib/story/design.c): settings drawn from words, measured by
 * their colours; the characters kept clear of the subtitle band; one
 * text on screen; a reference sheet.
 */
#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/json.h"
#include "offline/illustrate.h"
#include "offline/scenery.h"
#include "story/design.h"

#define W 384
#define H 216

static char dir[] = "/tmp/mv-illustrate-XXXXXX";

struct img {
	cairo_surface_t *s;
	unsigned char *px;
	int stride;
};

static int
load(struct img *m, const char *path)
{
	m->s = cairo_image_surface_create_from_png(path);
	if (cairo_surface_status(m->s) != CAIRO_STATUS_SUCCESS)
		return -1;
	m->px = cairo_image_surface_get_data(m->s);
	m->stride = cairo_image_surface_get_stride(m->s);
	return 0;
}

static void
pixel(const struct img *m, int x, int y, double *r, double *g, double *b)
{
	const unsigned char *p = m->px + y * m->stride + x * 4;

	*b = p[0] / 255.0, *g = p[1] / 255.0, *r = p[2] / 255.0;
}

/* The share of a row's pixels (from x0 to x1) that are water blue. */
static double
blue(const struct img *m, int y, int x0, int x1)
{
	double r, g, b;
	int x, n = 0;

	for (x = x0; x < x1; x++) {
		pixel(m, x, y, &r, &g, &b);
		n += b > r + 0.15 && b > g + 0.05;
	}
	return (double)n / (x1 - x0);
}

/* The share of green leaves in a box. */
static double
green(const struct img *m, int x0, int y0, int x1, int y1)
{
	double r, g, b;
	int x, y, n = 0;

	for (y = y0; y < y1; y++)
		for (x = x0; x < x1; x++) {
			pixel(m, x, y, &r, &g, &b);
			n += g > r + 0.1 && g > b + 0.1;
		}
	return (double)n / ((x1 - x0) * (y1 - y0));
}

/* The mean brightness of the rows from y0 to y1. */
static double
light(const struct img *m, int y0, int y1)
{
	double r, g, b, sum = 0;
	int x, y;

	for (y = y0; y < y1; y++)
		for (x = 0; x < W; x++) {
			pixel(m, x, y, &r, &g, &b);
			sum += 0.3 * r + 0.59 * g + 0.11 * b;
		}
	return sum / ((y1 - y0) * W);
}

/* The share of pixels in a box near colour c (0xRRGGBB). */
static double
near_colour(const struct img *m, uint32_t c, int x0, int y0, int x1, int y1)
{
	double r, g, b, cr = (c >> 16 & 255) / 255.0;
	double cg = (c >> 8 & 255) / 255.0, cb = (c & 255) / 255.0;
	int x, y, n = 0;

	for (y = y0; y < y1; y++)
		for (x = x0; x < x1; x++) {
			pixel(m, x, y, &r, &g, &b);
			n += fabs(r - cr) + fabs(g - cg) + fabs(b - cb) < 0.12;
		}
	return (double)n / ((x1 - x0) * (y1 - y0));
}

/* The share of sand-coloured pixels in the rows from y0 to y1. */
static double
sandy(const struct img *m, int y0, int y1)
{
	double r, g, b;
	int x, y, n = 0;

	for (y = y0; y < y1; y++)
		for (x = 0; x < W; x++) {
			pixel(m, x, y, &r, &g, &b);
			n += r > 0.6 && r > g && g > b + 0.1 && g > 0.45;
		}
	return (double)n / ((y1 - y0) * W);
}

static int
scene(struct img *m, const char *setting, const struct figure *f, int n,
    const char *name)
{
	struct picture p;
	char *path = xasprintf("%s/%s.png", dir, name), *err = NULL;
	int rc;

	memset(&p, 0, sizeof p);
	p.width = W, p.height = H, p.setting = setting, p.seed = 7;
	p.expr = EXPR_PLAIN, p.figs = f, p.nfigs = n;
	rc = illustrate_scene(&p, path, &err);
	if (rc == 0)
		rc = load(m, path);
	free(err);
	free(path);
	return rc;
}

static void
test_settings(void)
{
	struct img day, night, river, desert, sea, mix, farm;
	int fy = (int)(H * SCENERY_FLOOR), ry = (int)(H * 0.645);

	CHECK_NOTE("settings from words, by their colours");
	CHECK(scenery_count() >= 15);
	if (!CHECK(scene(&day, "a sunny forest", NULL, 0, "day") == 0 &&
	    scene(&night, "the forest at night", NULL, 0, "night") == 0 &&
	    scene(&river, "beside a river", NULL, 0, "river") == 0 &&
	    scene(&desert, "a hot desert", NULL, 0, "desert") == 0 &&
	    scene(&sea, "the sea and a sandy beach", NULL, 0, "sea") == 0 &&
	    scene(&mix, "a riverside jungle near a small village", NULL, 0,
	    "mix") == 0 &&
	    scene(&farm, "a farm with fields", NULL, 0, "farm") == 0))
		return;
	/* Night: a dark sky; day: a light one. */
	CHECK(light(&night, 0, H / 4) < 0.3);
	CHECK(light(&day, 0, H / 4) > 0.6);
	/* Water across the ground behind the characters, none in a desert
	 * or a forest. */
	CHECK(blue(&river, ry, 0, W) > 0.8);
	CHECK(blue(&desert, ry, 0, W) < 0.05);
	CHECK(blue(&day, ry, 0, W) < 0.05);
	CHECK(blue(&sea, (int)(H * 0.6), 0, W) > 0.8);
	/* Sand under the sea and in the desert, not in the forest. */
	CHECK(sandy(&sea, fy, H) > 0.5);
	CHECK(sandy(&desert, fy, H) > 0.5);
	CHECK(sandy(&day, fy, H) < 0.05);
	/* Trees: leaves at the sides of a forest, none in the desert sky. */
	CHECK(green(&day, 0, H / 4, W / 6, H / 2) > 0.2);
	CHECK(green(&desert, 0, 0, W, H / 2) < 0.02);
	/* Jungle, river and village together: vines and palms, water,
	 * cottage walls at the horizon. */
	CHECK(green(&mix, 0, 0, W, H / 10) > 0.03);
	CHECK(green(&mix, 0, H / 4, W / 6, H / 2) > 0.15);
	CHECK(blue(&mix, ry, 0, W) > 0.6);
	CHECK(near_colour(&mix, 0xf3e0bd, 0, (int)(H * 0.4), W,
	    (int)(H * SCENERY_HORIZON)) > 0.01);
	/* A farm has its red barn. */
	CHECK(near_colour(&farm, 0xb5362a, W / 2, (int)(H * 0.35), W,
	    (int)(H * 0.6)) > 0.01);
	cairo_surface_destroy(day.s);
	cairo_surface_destroy(night.s);
	cairo_surface_destroy(river.s);
	cairo_surface_destroy(desert.s);
	cairo_surface_destroy(sea.s);
	cairo_surface_destroy(mix.s);
	cairo_surface_destroy(farm.s);
}

/*
 * The camera crops up to 6 % above and below and 10.7 % at the sides;
 * burned subtitles cover the frame below 0.77, 0.74 of the picture at
 * full zoom. The characters (and their labels) change no pixel outside.
 */
static void
test_safe_area(void)
{
	static const char *const types[] = { "deer", "elephant", "girl",
		"giraffe" };
	struct figure f[4];
	struct img bare, cast;
	int i, x, y, top = H, bottom = 0, left = W, right = 0;

	CHECK_NOTE("characters stay above the subtitles, inside every move");
	for (i = 0; i < 4; i++) {
		int near;

		memset(&f[i], 0, sizeof f[i]);
		f[i].name = types[i];
		f[i].kind = species_find(types[i], &near);
		f[i].color = 0x4fa3e0, f[i].accent = 0xd94a4a;
		f[i].skin = 0xe8b48f, f[i].accessory = 2;
		f[i].size = species_size(f[i].kind);
	}
	if (!CHECK(scene(&bare, "a meadow", NULL, 0, "bare") == 0 &&
	    scene(&cast, "a meadow", f, 4, "cast") == 0))
		return;
	for (y = 0; y < H; y++)
		for (x = 0; x < W; x++)
			if (memcmp(bare.px + y * bare.stride + x * 4,
			    cast.px + y * cast.stride + x * 4, 3) != 0) {
				top = y < top ? y : top;
				bottom = y > bottom ? y : bottom;
				left = x < left ? x : left;
				right = x > right ? x : right;
			}
	printf("# drawn from x %d to %d, y %d to %d of %dx%d\n", left, right,
	    top, bottom, W, H);
	CHECK(bottom > top);
	CHECK(top >= 0.06 * H);
	CHECK(bottom < 0.74 * H);
	CHECK(left >= 0.107 * W);
	CHECK(right < 0.893 * W);
	cairo_surface_destroy(bare.s);
	cairo_surface_destroy(cast.s);
}

/* Renders a request through design_render; returns 0 or -1. */
static int
render(jv req, const char *name, struct img *m)
{
	char *path = xasprintf("%s/%s.png", dir, name), *err = NULL;
	int rc = design_render(req, path, &err);

	if (rc == 0)
		rc = load(m, path);
	free(err);
	free(path);
	return rc;
}

static int
same(const struct img *a, const struct img *b)
{
	int y;

	for (y = 0; y < H; y++)
		if (memcmp(a->px + y * a->stride, b->px + y * b->stride,
		    W * 4) != 0)
			return 0;
	return 1;
}

static void
test_text_once(void)
{
	const char *cs = "{\"characters\":[{\"name\":\"Amara\","
	    "\"type\":\"girl\"},{\"name\":\"Moo\",\"type\":\"cow\"}]}";
	const char *sg = "{\"scene\":1,\"narration\":\"Amara fed Moo. She "
	    "was happy.\",\"characters\":[\"Amara\",\"Moo\"],\"setting\":"
	    "\"a farm\",\"description\":\"Amara and Moo\"}";
	jv ctx = json_parse(cs, strlen(cs)), seg = json_parse(sg, strlen(sg));
	jv prefs = JV_OBJECT(jv_string("art_style"), jv_string("cartoon"));
	jv chars = design_characters(ctx, prefs), req, plain, off, sheet;
	struct img a, b, c, d;

	CHECK_NOTE("one text on screen: no banner under burned subtitles");
	req = design_request(seg, chars, prefs, W, H, "offline");
	CHECK(jv_get_kind(jv_object_get(jv_copy(req), jv_string("banner"))) ==
	    JV_KIND_FALSE);
	plain = jv_object_delete(jv_copy(req), jv_string("caption"));
	prefs = jv_object_set(prefs, jv_string("subtitles"), jv_false());
	off = design_request(seg, chars, prefs, W, H, "offline");
	CHECK(jv_get_kind(jv_object_get(jv_copy(off), jv_string("banner"))) ==
	    JV_KIND_TRUE);
	sheet = jv_object_set(jv_copy(req), jv_string("sheet"), jv_true());
	if (CHECK(render(req, "req", &a) == 0 && render(plain, "plain", &b) ==
	    0 && render(off, "off", &c) == 0 && render(sheet, "sheet", &d) ==
	    0)) {
		/* The caption leaves no mark; asked for, its white banner
		 * lights the top of the picture. */
		CHECK(same(&a, &b));
		CHECK(!same(&a, &c));
		CHECK(near_colour(&c, 0xffffff, W / 4, (int)(H * 0.08), W / 2,
		    (int)(H * 0.12)) > 0.3);
		/* The sheet: one character on a plain light ground, no
		 * setting: light all round its edges, no sky blue. */
		CHECK(light(&d, 0, H / 10) > 0.9);
		CHECK(blue(&d, H / 2, 0, W / 8) == 0);
		CHECK(!same(&a, &d));
		cairo_surface_destroy(a.s);
		cairo_surface_destroy(b.s);
		cairo_surface_destroy(c.s);
		cairo_surface_destroy(d.s);
	}
	jv_free(req);
	jv_free(plain);
	jv_free(off);
	jv_free(sheet);
	jv_free(ctx);
	jv_free(seg);
	jv_free(prefs);
	jv_free(chars);
}

int
main(void)
{
	if (mkdtemp(dir) == NULL)
		return 1;
	test_settings();
	test_safe_area();
	test_text_once();
	check_rm_rf(dir);
	illustrate_cleanup();
	return check_done();
}
