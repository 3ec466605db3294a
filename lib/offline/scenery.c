#include <cairo.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>

#include "core/text.h"
#include "core/util.h"
#include "offline/gloss.h"
#include "offline/lexicon.h"
#include "offline/scenery.h"

static const struct {
	unsigned bit;
	const char *words[10];
} setting_words[] = {
	{ SC2_FOREST, { "forest", "wood", "woods", "woodland", "grove",
	  "trees", "orchard", NULL } },
	{ SC2_JUNGLE, { "jungle", "rainforest", "tropical", "jungles",
	  NULL } },
	{ SC2_RIVER, { "river", "riverside", "riverbank", "stream", "brook",
	  "creek", "waterfall", NULL } },
	{ SC2_POND, { "pond", "puddle", "marsh", "swamp", NULL } },
	{ SC2_LAKE, { "lake", "lakeside", "lagoon", NULL } },
	{ SC2_SEA, { "sea", "ocean", "seaside", "harbor", "harbour", "coast",
	  "island", NULL } },
	{ SC2_BEACH, { "beach", "shore", "seashore", "sand", "sandy", "coast",
	  "island", NULL } },
	{ SC2_MOUNTAIN, { "mountain", "mountains", "hill", "hills", "valley",
	  "peak", "cliff", NULL } },
	{ SC2_DESERT, { "desert", "dune", "dunes", "oasis", "savanna",
	  "savannah", NULL } },
	{ SC2_FARM, { "farm", "field", "fields", "meadow", "barn",
	  "farmyard", "countryside", "pasture", NULL } },
	{ SC2_VILLAGE, { "village", "hamlet", "cottage", "cottages", "hut",
	  "huts", NULL } },
	{ SC2_TOWN, { "town", "street", "market", "neighborhood",
	  "neighbourhood", "square", NULL } },
	{ SC2_CITY, { "city", "metropolis", "downtown", NULL } },
	{ SC2_GARDEN, { "garden", "park", "playground", "yard", "flowers",
	  NULL } },
	{ SC2_INDOOR, { "inside", "indoors", "kitchen", "bedroom", "room",
	  "classroom", "library", "school", "playroom", "home" } },
	{ SC2_NIGHT, { "night", "midnight", "evening", "dark", "moonlit",
	  "starry", "dusk", "nighttime", NULL } },
	{ SC2_SNOW, { "snow", "snowy", "ice", "icy", "arctic", "winter",
	  "frozen", "polar", NULL } },
	{ SC2_CASTLE, { "castle", "kingdom", "palace", "fort", "tower",
	  NULL } },
	{ SC2_CAVE, { "cave", "cavern", "tunnel", "underground", NULL } },
	{ SC2_SPACE, { "space", "planet", "galaxy", "rocket", NULL } },
};
#define NSETTINGS (sizeof setting_words / sizeof setting_words[0])

/* scenery_features of a setting in English words. */
static unsigned
features_of(const char *setting)
{
	unsigned f = 0;
	size_t i, k;

	for (i = 0; i < NSETTINGS; i++)
		for (k = 0; k < 10 && setting_words[i].words[k]; k++)
			if (text_has_word(setting, setting_words[i].words[k])) {
				f |= setting_words[i].bit;
				break;
			}
	/* "house" is inside unless something outdoors is named with it. */
	if ((text_has_word(setting, "house") || text_has_word(setting,
	    "cosy") || text_has_word(setting, "cozy")) && (f & ~SC2_NIGHT) == 0)
		f |= SC2_INDOOR;
	if (f & SC2_INDOOR && (f & (SC2_FOREST | SC2_JUNGLE | SC2_RIVER |
	    SC2_SEA | SC2_DESERT | SC2_FARM | SC2_VILLAGE | SC2_TOWN |
	    SC2_MOUNTAIN | SC2_GARDEN | SC2_LAKE | SC2_POND)) &&
	    !text_has_word(setting, "inside") &&
	    !text_has_word(setting, "indoors") &&
	    !text_has_word(setting, "kitchen") &&
	    !text_has_word(setting, "bedroom") &&
	    !text_has_word(setting, "classroom"))
		f &= ~(unsigned)SC2_INDOOR;
	return f;
}

unsigned
scenery_features(const char *setting)
{
	char *glossed;
	unsigned f;

	if (setting == NULL)
		return 0;
	glossed = gloss(setting, GLOSS_PLACES);
	f = features_of(glossed != NULL ? glossed : setting);
	free(glossed);
	return f;
}

int
scenery_count(void)
{
	return (int)NSETTINGS;
}

static void
palette_of(struct palette *p, const struct scenery *sc, unsigned mood,
    int night)
{
	struct rgb grey = { 0.55, 0.58, 0.65 }, warm = { 1.0, 0.82, 0.55 };

	p->sky_top = rgb(sc->sky_top);
	p->sky_low = rgb(sc->sky_low);
	p->ground = rgb(sc->ground);
	p->accent = rgb(sc->accent);
	p->night = night;
	if (night) {
		p->sky_top = rgb(0x0f1c3f);
		p->sky_low = rgb(0x3b3f7a);
		p->ground = shade(p->ground, -0.45);
	}
	if (mood & (MOOD_WORRY | MOOD_SADNESS)) {
		p->sky_top = mix(p->sky_top, grey, 0.35);
		p->sky_low = mix(p->sky_low, grey, 0.3);
	} else if (mood & (MOOD_JOY | MOOD_KINDNESS)) {
		p->sky_low = mix(p->sky_low, warm, 0.25);
	}
}

static void
sky(cairo_t *cr, const struct palette *p, double w, double hz)
{
	cairo_pattern_t *g = cairo_pattern_create_linear(0, 0, 0, hz);

	cairo_pattern_add_color_stop_rgb(g, 0, p->sky_top.r, p->sky_top.g,
	    p->sky_top.b);
	cairo_pattern_add_color_stop_rgb(g, 1, p->sky_low.r, p->sky_low.g,
	    p->sky_low.b);
	cairo_rectangle(cr, 0, 0, w, hz + 2);
	cairo_set_source(cr, g);
	cairo_fill(cr);
	cairo_pattern_destroy(g);
}

static void
sun(cairo_t *cr, const struct palette *p, double x, double y, double r)
{
	cairo_pattern_t *g = cairo_pattern_create_radial(x, y, r * 0.5, x, y,
	    r * 3);
	struct rgb c = p->night ? rgb(0xf4f1d0) : rgb(0xffe27a);

	cairo_pattern_add_color_stop_rgba(g, 0, c.r, c.g, c.b, 0.55);
	cairo_pattern_add_color_stop_rgba(g, 1, c.r, c.g, c.b, 0);
	cairo_set_source(cr, g);
	cairo_arc(cr, x, y, r * 3, 0, 2 * M_PI);
	cairo_fill(cr);
	cairo_pattern_destroy(g);
	set(cr, c, 1);
	cairo_save(cr);
	cairo_arc(cr, x, y, r, 0, 2 * M_PI);
	if (p->night) {
		/* A crescent: the disc less a second, offset disc. */
		cairo_clip(cr);
		cairo_new_path(cr);
		cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
		cairo_rectangle(cr, x - r, y - r, 2 * r, 2 * r);
		cairo_arc(cr, x + r * 0.45, y - r * 0.2, r * 0.9, 0, 2 * M_PI);
	}
	cairo_fill(cr);
	cairo_restore(cr);
}

static void
stars(cairo_t *cr, struct rng *g, double w, double hz, double u)
{
	int i;

	for (i = 0; i < 90; i++) {
		double x = rng_range(g, 0, w), y = rng_range(g, 0, hz * 0.9);
		double r = rng_range(g, 0.8, 2.6) * u;

		cairo_set_source_rgba(cr, 1, 1, 0.9, rng_range(g, 0.5, 1));
		cairo_arc(cr, x, y, r, 0, 2 * M_PI);
		cairo_fill(cr);
	}
}

static void
cloud(cairo_t *cr, double x, double y, double s, double alpha)
{
	cairo_set_source_rgba(cr, 1, 1, 1, alpha);
	ellipse(cr, x, y, s * 1.3, s * 0.55);
	ellipse(cr, x - s * 0.6, y + s * 0.1, s * 0.6, s * 0.4);
	ellipse(cr, x + s * 0.2, y - s * 0.35, s * 0.6, s * 0.5);
	ellipse(cr, x + s * 0.8, y + s * 0.05, s * 0.55, s * 0.38);
	cairo_fill(cr);
}

static void
hills(cairo_t *cr, struct rng *g, struct rgb c, double w, double h,
    double base, double amp)
{
	double x, step = w / 4;

	set(cr, c, 1);
	cairo_move_to(cr, 0, h);
	cairo_line_to(cr, 0, base);
	for (x = 0; x < w; x += step)
		cairo_curve_to(cr, x + step * 0.3, base - rng_range(g, 0, amp),
		    x + step * 0.7, base - rng_range(g, 0, amp), x + step,
		    base - rng_range(g, -amp * 0.2, amp * 0.3));
	cairo_line_to(cr, w, h);
	cairo_close_path(cr);
	cairo_fill(cr);
}

static void
mountains(cairo_t *cr, struct rng *g, const struct palette *p, double w,
    double hz, double u)
{
	struct rgb far = mix(rgb(0x6b7b99), p->sky_low, 0.35);
	int i, n = 4;

	for (i = 0; i < n; i++) {
		double cx = w * (i + rng_range(g, 0.1, 0.9)) / n;
		double ht = rng_range(g, 180, 320) * u, bw = ht * 1.3;

		set(cr, i % 2 ? shade(far, -0.1) : far, 1);
		cairo_move_to(cr, cx - bw, hz + 4);
		cairo_line_to(cr, cx, hz - ht);
		cairo_line_to(cr, cx + bw, hz + 4);
		cairo_close_path(cr);
		cairo_fill(cr);
		cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
		cairo_move_to(cr, cx - bw * 0.28, hz - ht * 0.72);
		cairo_line_to(cr, cx, hz - ht);
		cairo_line_to(cr, cx + bw * 0.28, hz - ht * 0.72);
		cairo_line_to(cr, cx + bw * 0.1, hz - ht * 0.78);
		cairo_line_to(cr, cx - bw * 0.05, hz - ht * 0.7);
		cairo_close_path(cr);
		cairo_fill(cr);
	}
}

static void
tree(cairo_t *cr, double x, double y, double s, struct rgb leaf, int pine)
{
	set(cr, rgb(0x7a4b2a), 1);
	cairo_rectangle(cr, x - s * 0.09, y - s * 0.9, s * 0.18, s * 0.9);
	cairo_fill(cr);
	if (pine) {
		int k;

		for (k = 0; k < 3; k++) {
			double top = y - s * (1.0 + 0.45 * k) - s * 0.55;

			set(cr, shade(leaf, -0.1 * k), 1);
			cairo_move_to(cr, x - s * (0.6 - 0.12 * k),
			    top + s * 0.75);
			cairo_line_to(cr, x, top);
			cairo_line_to(cr, x + s * (0.6 - 0.12 * k),
			    top + s * 0.75);
			cairo_close_path(cr);
			cairo_fill(cr);
		}
		return;
	}
	set(cr, shade(leaf, -0.15), 1);
	cairo_arc(cr, x - s * 0.35, y - s * 1.05, s * 0.45, 0, 2 * M_PI);
	cairo_arc(cr, x + s * 0.38, y - s * 1.1, s * 0.42, 0, 2 * M_PI);
	cairo_fill(cr);
	set(cr, leaf, 1);
	cairo_arc(cr, x, y - s * 1.45, s * 0.55, 0, 2 * M_PI);
	cairo_fill(cr);
	set(cr, shade(leaf, 0.2), 0.6);
	cairo_arc(cr, x - s * 0.15, y - s * 1.6, s * 0.22, 0, 2 * M_PI);
	cairo_fill(cr);
}

static void
house(cairo_t *cr, double x, double y, double s, struct rgb wall,
    struct rgb roof)
{
	set(cr, wall, 1);
	cairo_rectangle(cr, x - s * 0.5, y - s * 0.7, s, s * 0.7);
	cairo_fill(cr);
	set(cr, roof, 1);
	cairo_move_to(cr, x - s * 0.62, y - s * 0.68);
	cairo_line_to(cr, x, y - s * 1.15);
	cairo_line_to(cr, x + s * 0.62, y - s * 0.68);
	cairo_close_path(cr);
	cairo_fill(cr);
	set(cr, rgb(0x6b4226), 1);
	cairo_rectangle(cr, x - s * 0.1, y - s * 0.35, s * 0.2, s * 0.35);
	cairo_fill(cr);
	set(cr, rgb(0xfff2b3), 1);
	cairo_rectangle(cr, x - s * 0.38, y - s * 0.55, s * 0.18, s * 0.16);
	cairo_rectangle(cr, x + s * 0.2, y - s * 0.55, s * 0.18, s * 0.16);
	cairo_fill(cr);
}

static void
tower_block(cairo_t *cr, struct rng *g, double x, double y, double w,
    double h, struct rgb c, double u)
{
	double wx, wy;

	set(cr, c, 1);
	cairo_rectangle(cr, x, y - h, w, h);
	cairo_fill(cr);
	for (wy = y - h + 14 * u; wy < y - 24 * u; wy += 30 * u)
		for (wx = x + 10 * u; wx < x + w - 20 * u; wx += 26 * u) {
			cairo_set_source_rgba(cr, 1, 0.95, 0.7,
			    rng_range(g, 0.35, 0.95));
			cairo_rectangle(cr, wx, wy, 12 * u, 16 * u);
			cairo_fill(cr);
		}
}

static void
castle(cairo_t *cr, double cx, double y, double s, struct rgb flag)
{
	struct rgb stone = rgb(0xc9c3d6), dark = rgb(0xa79fbb);
	int k;

	set(cr, stone, 1);
	cairo_rectangle(cr, cx - s, y - s * 0.9, s * 2, s * 0.9);
	cairo_fill(cr);
	for (k = -1; k <= 1; k += 2) {
		double tx = cx + k * s;

		set(cr, dark, 1);
		cairo_rectangle(cr, tx - s * 0.22, y - s * 1.5, s * 0.44,
		    s * 1.5);
		cairo_fill(cr);
		set(cr, flag, 1);
		cairo_move_to(cr, tx - s * 0.3, y - s * 1.5);
		cairo_line_to(cr, tx, y - s * 1.95);
		cairo_line_to(cr, tx + s * 0.3, y - s * 1.5);
		cairo_close_path(cr);
		cairo_fill(cr);
	}
	set(cr, rgb(0x6b4a3a), 1);
	cairo_arc(cr, cx, y - s * 0.3, s * 0.22, M_PI, 2 * M_PI);
	cairo_rectangle(cr, cx - s * 0.22, y - s * 0.3, s * 0.44, s * 0.3);
	cairo_fill(cr);
	set(cr, flag, 1);
	cairo_rectangle(cr, cx - s * 0.02, y - s * 1.4, s * 0.04, s * 0.5);
	cairo_fill(cr);
	cairo_move_to(cr, cx + s * 0.02, y - s * 1.4);
	cairo_line_to(cr, cx + s * 0.3, y - s * 1.3);
	cairo_line_to(cr, cx + s * 0.02, y - s * 1.2);
	cairo_fill(cr);
}

static void
flowers(cairo_t *cr, struct rng *g, double w, double y0, double y1,
    double u)
{
	static const uint32_t c[] = { 0xff6b8b, 0xffd23f, 0xffffff, 0xb388ff,
		0xff9f43 };
	int i;

	for (i = 0; i < 40; i++) {
		double x = rng_range(g, 0, w), y = rng_range(g, y0, y1);
		double r = rng_range(g, 5, 9) * u;
		int k;

		set(cr, rgb(c[rng_next(g) % 5]), 0.95);
		for (k = 0; k < 5; k++)
			cairo_arc(cr, x + cos(k * 1.2566) * r,
			    y + sin(k * 1.2566) * r, r * 0.75, 0, 2 * M_PI);
		cairo_fill(cr);
		set(cr, rgb(0xffb300), 1);
		cairo_arc(cr, x, y, r * 0.55, 0, 2 * M_PI);
		cairo_fill(cr);
	}
}

static void
fence(cairo_t *cr, double w, double y, double u)
{
	double x;

	set(cr, rgb(0xf3e2c3), 1);
	for (x = 10 * u; x < w; x += 70 * u) {
		cairo_rectangle(cr, x, y - 70 * u, 14 * u, 70 * u);
	}
	cairo_rectangle(cr, 0, y - 55 * u, w, 9 * u);
	cairo_rectangle(cr, 0, y - 25 * u, w, 9 * u);
	cairo_fill(cr);
}

static void
water(cairo_t *cr, struct rng *g, double w, double y, double h, double u,
    int sea)
{
	cairo_pattern_t *p = cairo_pattern_create_linear(0, y, 0, y + h);
	int i;

	cairo_pattern_add_color_stop_rgb(p, 0, 0.25, 0.55, 0.85);
	cairo_pattern_add_color_stop_rgb(p, 1, 0.45, 0.75, 0.95);
	cairo_set_source(cr, p);
	if (sea)
		cairo_rectangle(cr, 0, y, w, h);
	else
		ellipse(cr, w * 0.5, y + h * 0.5, w * 0.42, h * 0.5);
	cairo_fill(cr);
	cairo_pattern_destroy(p);
	cairo_set_line_width(cr, 3 * u);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	for (i = 0; i < 14; i++) {
		double x = rng_range(g, sea ? 0 : w * 0.2, sea ? w : w * 0.8);
		double yy = rng_range(g, y + h * 0.2, y + h * 0.8);

		cairo_set_source_rgba(cr, 1, 1, 1, 0.55);
		cairo_move_to(cr, x, yy);
		cairo_line_to(cr, x + rng_range(g, 25, 60) * u, yy);
		cairo_stroke(cr);
	}
}

static void
snowfall(cairo_t *cr, struct rng *g, double w, double h, double u)
{
	int i;

	for (i = 0; i < 120; i++) {
		cairo_set_source_rgba(cr, 1, 1, 1, rng_range(g, 0.5, 0.95));
		cairo_arc(cr, rng_range(g, 0, w), rng_range(g, 0, h),
		    rng_range(g, 2, 5) * u, 0, 2 * M_PI);
		cairo_fill(cr);
	}
}

static void
indoor(cairo_t *cr, const struct palette *p, double w, double h, double hz,
    double u)
{
	double x;
	static const uint32_t books[] = { 0xd35454, 0x4f8fd6, 0x5fb35f,
		0xf2c230, 0x9b6bd1 };
	int k = 0;

	set(cr, p->sky_low, 1);
	cairo_rectangle(cr, 0, 0, w, hz);
	cairo_fill(cr);
	/* A window onto a blue sky. */
	set(cr, rgb(0xffffff), 1);
	cairo_rectangle(cr, w * 0.62, hz * 0.18, w * 0.22, hz * 0.5);
	cairo_fill(cr);
	set(cr, rgb(0x9fd6f5), 1);
	cairo_rectangle(cr, w * 0.63, hz * 0.2, w * 0.2, hz * 0.46);
	cairo_fill(cr);
	/* A bookshelf. */
	set(cr, rgb(0x8a5a44), 1);
	cairo_rectangle(cr, w * 0.08, hz * 0.25, w * 0.25, hz * 0.75);
	cairo_fill(cr);
	for (x = w * 0.09; x < w * 0.32; x += 26 * u) {
		set(cr, rgb(books[k++ % 5]), 1);
		cairo_rectangle(cr, x, hz * 0.33, 20 * u, hz * 0.17);
		cairo_rectangle(cr, x, hz * 0.6, 20 * u, hz * 0.17);
		cairo_fill(cr);
	}
	set(cr, p->ground, 1);
	cairo_rectangle(cr, 0, hz, w, h - hz);
	cairo_fill(cr);
}

static void
cave_frame(cairo_t *cr, double w, double h)
{
	cairo_pattern_t *g = cairo_pattern_create_radial(w / 2, h * 0.55,
	    h * 0.35, w / 2, h * 0.55, w * 0.65);

	cairo_pattern_add_color_stop_rgba(g, 0, 0.1, 0.08, 0.15, 0);
	cairo_pattern_add_color_stop_rgba(g, 1, 0.1, 0.08, 0.15, 0.9);
	cairo_set_source(cr, g);
	cairo_paint(cr);
	cairo_pattern_destroy(g);
}

/* A jungle tree: a curved trunk and a crown of long drooping leaves. */
static void
palm(cairo_t *cr, double x, double y, double s, struct rgb leaf, int lean)
{
	double tx = x + lean * s * 0.25, ty = y - s * 1.3;
	int k;

	cairo_move_to(cr, x, y);
	cairo_curve_to(cr, x, y - s * 0.6, tx - lean * s * 0.1, ty + s * 0.3,
	    tx, ty);
	set(cr, rgb(0x8a6238), 1);
	cairo_set_line_width(cr, s * 0.12);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	cairo_stroke(cr);
	for (k = 0; k < 7; k++) {
		double a = -M_PI + k * M_PI / 6, ex = tx + cos(a) * s * 0.8;
		double ey = ty + sin(a) * s * 0.35 + s * 0.25;

		cairo_move_to(cr, tx, ty);
		cairo_curve_to(cr, tx + cos(a) * s * 0.4, ty - s * 0.3,
		    ex, ey - s * 0.2, ex, ey);
		cairo_curve_to(cr, ex - cos(a) * s * 0.2, ey - s * 0.05,
		    tx + cos(a) * s * 0.3, ty - s * 0.05, tx, ty);
		set(cr, shade(leaf, -0.12 * (k % 2)), 1);
		cairo_fill(cr);
	}
}

/* Hanging vines and big leaves along the top edge. */
static void
vines(cairo_t *cr, struct rng *g, double w, double u)
{
	int i;

	for (i = 0; i < 9; i++) {
		double x = w * (i + 0.5) / 9 + rng_range(g, -30, 30) * u;
		double len = rng_range(g, 120, 300) * u;

		set(cr, rgb(0x2f7a32), 1);
		cairo_set_line_width(cr, 5 * u);
		cairo_move_to(cr, x, 0);
		cairo_curve_to(cr, x + 20 * u, len * 0.3, x - 20 * u, len * 0.6,
		    x, len);
		cairo_stroke(cr);
		ellipse(cr, x + 12 * u, len * 0.5, 16 * u, 8 * u);
		ellipse(cr, x - 10 * u, len, 18 * u, 9 * u);
		cairo_fill(cr);
	}
}

/* A river: a band of water across the picture between horizon and floor. */
static void
river(cairo_t *cr, struct rng *g, double w, double y0, double y1, double u,
    int night)
{
	cairo_pattern_t *p = cairo_pattern_create_linear(0, y0, 0, y1);
	double x;
	int i;

	cairo_pattern_add_color_stop_rgb(p, 0, 0.2, 0.5, 0.85);
	cairo_pattern_add_color_stop_rgb(p, 1, 0.35, 0.68, 0.95);
	cairo_set_source(cr, p);
	cairo_move_to(cr, 0, y0 + 6 * u);
	for (x = 0; x <= w; x += w / 8)
		cairo_line_to(cr, x, y0 + sin(x / w * 7) * 6 * u);
	cairo_line_to(cr, w, y1);
	for (x = w; x >= 0; x -= w / 8)
		cairo_line_to(cr, x, y1 + sin(x / w * 5 + 1) * 6 * u);
	cairo_close_path(cr);
	cairo_fill(cr);
	cairo_pattern_destroy(p);
	cairo_set_line_width(cr, 3 * u);
	for (i = 0; i < 12; i++) {
		double yy = rng_range(g, y0 + (y1 - y0) * 0.25,
		    y0 + (y1 - y0) * 0.8);

		x = rng_range(g, 0, w);
		cairo_set_source_rgba(cr, 1, 1, 1, night ? 0.3 : 0.6);
		cairo_move_to(cr, x, yy);
		cairo_line_to(cr, x + rng_range(g, 25, 60) * u, yy);
		cairo_stroke(cr);
	}
}

static void
barn(cairo_t *cr, double x, double y, double s)
{
	set(cr, rgb(0xb5362a), 1);
	cairo_move_to(cr, x - s * 0.5, y);
	cairo_line_to(cr, x - s * 0.5, y - s * 0.6);
	cairo_line_to(cr, x, y - s);
	cairo_line_to(cr, x + s * 0.5, y - s * 0.6);
	cairo_line_to(cr, x + s * 0.5, y);
	cairo_close_path(cr);
	cairo_fill(cr);
	set(cr, rgb(0xf5f0e6), 1);
	cairo_set_line_width(cr, s * 0.04);
	cairo_rectangle(cr, x - s * 0.18, y - s * 0.45, s * 0.36, s * 0.45);
	cairo_move_to(cr, x - s * 0.18, y - s * 0.45);
	cairo_line_to(cr, x + s * 0.18, y);
	cairo_move_to(cr, x + s * 0.18, y - s * 0.45);
	cairo_line_to(cr, x - s * 0.18, y);
	cairo_stroke(cr);
}

/* Rows of crops in the ground, narrowing toward the horizon. */
static void
fields(cairo_t *cr, double w, double hz, double h, struct rgb c)
{
	int i;

	for (i = -6; i <= 6; i++) {
		cairo_move_to(cr, w / 2 + i * w * 0.04, hz + 4);
		cairo_line_to(cr, w / 2 + i * w * 0.3, h);
	}
	set(cr, shade(c, -0.2), 0.55);
	cairo_set_line_width(cr, w * 0.008);
	cairo_stroke(cr);
}

static void
dunes(cairo_t *cr, double w, double hz, double u)
{
	int i;

	for (i = 0; i < 3; i++) {
		double cx = w * (0.2 + 0.35 * i), r = (260 - 40 * i) * u;

		set(cr, rgb(i % 2 ? 0xe8b866 : 0xf0c878), 1);
		ellipse(cr, cx, hz + 10 * u, r * 1.8, r * 0.45);
		cairo_fill(cr);
	}
}

static void
cactus(cairo_t *cr, double x, double y, double s)
{
	set(cr, rgb(0x4f9a4a), 1);
	rounded(cr, x - s * 0.1, y - s, s * 0.2, s, s * 0.1);
	rounded(cr, x - s * 0.4, y - s * 0.7, s * 0.16, s * 0.35, s * 0.08);
	rounded(cr, x + s * 0.24, y - s * 0.8, s * 0.16, s * 0.4, s * 0.08);
	cairo_rectangle(cr, x - s * 0.4, y - s * 0.45, s * 0.4, s * 0.12);
	cairo_rectangle(cr, x, y - s * 0.52, s * 0.4, s * 0.12);
	cairo_fill(cr);
}

/* A row of tall town houses with many windows along the horizon. */
static void
townrow(cairo_t *cr, struct rng *g, double w, double y, double u,
    int night)
{
	static const uint32_t walls[] = { 0xe8c39e, 0xd98b6c, 0xf2e3c6,
		0xb7c9d9, 0xe6b8c2 };
	double x = 0;
	int i = 0;

	while (x < w) {
		double bw = rng_range(g, 110, 170) * u;
		double bh = rng_range(g, 170, 260) * u, wx, wy;

		set(cr, rgb(walls[i++ % 5]), 1);
		cairo_rectangle(cr, x, y - bh, bw, bh);
		cairo_fill(cr);
		set(cr, rgb(0x8e4a3a), 1);
		cairo_move_to(cr, x - 4 * u, y - bh);
		cairo_line_to(cr, x + bw / 2, y - bh - 50 * u);
		cairo_line_to(cr, x + bw + 4 * u, y - bh);
		cairo_fill(cr);
		for (wy = y - bh + 20 * u; wy < y - 40 * u; wy += 50 * u)
			for (wx = x + 18 * u; wx < x + bw - 30 * u;
			    wx += 40 * u) {
				set(cr, rgb(night ? 0xffd866 : 0x9fd0f0), 1);
				cairo_rectangle(cr, wx, wy, 22 * u, 28 * u);
				cairo_fill(cr);
			}
		x += bw + 2 * u;
	}
}

static void
hedge(cairo_t *cr, double w, double y, double u)
{
	double x;

	set(cr, rgb(0x3f8f3a), 1);
	for (x = 0; x < w + 40 * u; x += 60 * u)
		cairo_arc(cr, x, y, 42 * u, M_PI, 2 * M_PI);
	cairo_rectangle(cr, 0, y - 2, w, 30 * u);
	cairo_fill(cr);
}

void
scenery_palette(struct palette *p, const char *setting, unsigned mood)
{
	const struct scenery *sc[1];
	unsigned f = scenery_features(setting);

	lex_scenery(setting != NULL ? setting : "", sc, 1);
	palette_of(p, sc[0], mood, (f & SC2_NIGHT) != 0);
	if (f & SC2_DESERT)
		p->ground = rgb(0xe8bd6e);
	else if (f & SC2_JUNGLE)
		p->ground = rgb(0x3f8a3a);
	else if (f & (SC2_TOWN | SC2_CITY))
		p->ground = rgb(0xa8a29a);
	else if (f & SC2_SNOW)
		p->ground = rgb(0xf4f8fb);
	else if (f & (SC2_FOREST | SC2_FARM | SC2_GARDEN | SC2_VILLAGE |
	    SC2_RIVER | SC2_POND | SC2_LAKE))
		p->ground = rgb(0x6cb34e);
	if (f & SC2_NIGHT)
		p->ground = shade(p->ground, -0.5);
}

/* Sky, far things and the ground. */
static void
backdrop(cairo_t *cr, struct rng *g, const struct palette *pal, unsigned f,
    double w, double h, double u)
{
	double hz = h * SCENERY_HORIZON;
	cairo_pattern_t *gr;
	struct rgb a = pal->ground, b = shade(pal->ground, -0.2);
	int i;

	sky(cr, pal, w, hz);
	if (pal->night || (f & SC2_SPACE))
		stars(cr, g, w, hz, u);
	sun(cr, pal, w * rng_range(g, 0.12, 0.88), hz * rng_range(g, 0.18,
	    0.32), ((f & SC2_DESERT) ? 80 : 55) * u);
	if (!pal->night && !(f & (SC2_DESERT | SC2_SPACE)))
		for (i = 0; i < 4; i++)
			cloud(cr, rng_range(g, 0, w), hz * rng_range(g, 0.12,
			    0.45), rng_range(g, 50, 90) * u, 0.85);
	if (f & (SC2_MOUNTAIN | SC2_SNOW))
		mountains(cr, g, pal, w, hz, u);
	if (f & SC2_CITY)
		for (i = 0; i < 9; i++)
			tower_block(cr, g, w * i / 9.0 + rng_range(g, 0, 20 *
			    u), hz + 10 * u, w / 11.0, rng_range(g, 180, 420) *
			    u, mix(rgb(0x7d8db0), pal->accent, rng_range(g, 0,
			    0.4)), u);
	if (f & SC2_DESERT)
		dunes(cr, w, hz, u);
	else if (!(f & SC2_SEA))
		hills(cr, g, mix(pal->ground, pal->sky_low, 0.45), w, h,
		    hz - 20 * u, 80 * u);
	gr = cairo_pattern_create_linear(0, hz, 0, h);
	cairo_pattern_add_color_stop_rgb(gr, 0, a.r, a.g, a.b);
	cairo_pattern_add_color_stop_rgb(gr, 1, b.r, b.g, b.b);
	cairo_set_source(cr, gr);
	cairo_move_to(cr, 0, h);
	cairo_line_to(cr, 0, hz + 10 * u);
	cairo_curve_to(cr, w * 0.3, hz - 15 * u, w * 0.6, hz + 35 * u, w, hz);
	cairo_line_to(cr, w, h);
	cairo_close_path(cr);
	cairo_fill(cr);
	cairo_pattern_destroy(gr);
}

/* Water, buildings, then trees at the sides (the middle is for the
 * characters), then things in front. */
static void
middle(cairo_t *cr, struct rng *g, const struct palette *pal, unsigned f,
    double w, double h, double u)
{
	double hz = h * SCENERY_HORIZON, fl = h * SCENERY_FLOOR;
	int i;

	if (f & SC2_SEA)
		water(cr, g, w, hz - 5 * u, (fl - hz) * 0.85, u, 1);
	if (f & SC2_LAKE)
		water(cr, g, w, hz + 2 * u, (fl - hz) * 0.8, u, 0);
	if (f & SC2_RIVER)
		river(cr, g, w, hz + (fl - hz) * 0.35, fl - 6 * u, u,
		    pal->night);
	if (f & SC2_FARM) {
		fields(cr, w, hz, h, pal->ground);
		barn(cr, w * 0.85, hz + 12 * u, 170 * u);
	}
	if (f & SC2_TOWN)
		townrow(cr, g, w, hz + 12 * u, u, pal->night);
	if (f & SC2_VILLAGE) {
		static const double vx[] = { 0.1, 0.27, 0.74, 0.91 };

		for (i = 0; i < 4; i++)
			house(cr, w * vx[i], hz + (10 + 8 * (i % 2)) * u,
			    rng_range(g, 80, 115) * u, rgb(0xf3e0bd),
			    rgb(i % 2 ? 0xb5562a : 0x8e4a3a));
	}
	if (f & SC2_CASTLE)
		castle(cr, w * rng_range(g, 0.3, 0.7), hz + 10 * u, 150 * u,
		    pal->accent);
	if (f & SC2_GARDEN)
		hedge(cr, w, hz + 30 * u, u);
	if (f & (SC2_FOREST | SC2_SNOW) || f == 0 || f == SC2_NIGHT)
		for (i = 0; i < ((f & SC2_FOREST) ? 8 : 4); i++) {
			double tx = i % 2 ? rng_range(g, 0.0, 0.16) * w :
			    rng_range(g, 0.84, 1.0) * w;

			tree(cr, tx, hz + rng_range(g, 30, 110) * u,
			    rng_range(g, 120, 180) * u, (f & SC2_SNOW) ?
			    rgb(0x2f6b4f) : shade(rgb(0x4caf50), pal->night ?
			    -0.5 : -0.05 * (i % 3)), (f & SC2_SNOW) != 0);
		}
	if (f & SC2_JUNGLE) {
		for (i = 0; i < 6; i++) {
			double tx = i % 2 ? rng_range(g, 0.0, 0.15) * w :
			    rng_range(g, 0.85, 1.0) * w;

			palm(cr, tx, hz + rng_range(g, 40, 120) * u,
			    rng_range(g, 150, 210) * u, shade(rgb(0x2f9a3a),
			    pal->night ? -0.5 : -0.1 * (i % 3)), i % 2 ? 1 : -1);
		}
		vines(cr, g, w, u);
	}
	if (f & SC2_DESERT) {
		cactus(cr, w * 0.08, fl + 40 * u, 150 * u);
		cactus(cr, w * 0.93, hz + 60 * u, 110 * u);
	}
	if (f & SC2_FARM)
		fence(cr, w, fl + 30 * u, u);
	if (f & SC2_POND) {
		cairo_save(cr);
		cairo_translate(cr, w * 0.67, 0);
		water(cr, g, w * 0.33, fl + 50 * u, 100 * u, u, 0);
		cairo_restore(cr);
	}
	if (f & (SC2_GARDEN | SC2_FARM) || f == 0)
		flowers(cr, g, w, fl + 20 * u, h - 20 * u, u);
}

void
scenery_draw(cairo_t *cr, const char *setting, unsigned mood, uint64_t seed,
    double w, double h, double u)
{
	unsigned f = scenery_features(setting);
	struct palette pal;
	struct rng g;

	scenery_palette(&pal, setting, mood);
	rng_seed(&g, seed);
	if (f & SC2_INDOOR) {
		indoor(cr, &pal, w, h, h * SCENERY_HORIZON, u);
		if (pal.night) {
			cairo_set_source_rgba(cr, 0.05, 0.07, 0.2, 0.45);
			cairo_paint(cr);
		}
		return;
	}
	backdrop(cr, &g, &pal, f, w, h, u);
	middle(cr, &g, &pal, f, w, h, u);
	if (f & SC2_SNOW)
		snowfall(cr, &g, w, h, u);
	if (f & SC2_CAVE)
		cave_frame(cr, w, h);
}
