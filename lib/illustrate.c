#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic.h"
#include "illustrate.h"
#include "lexicon.h"
#include "text.h"
#include "util.h"

#define FONT "DejaVu Sans"

struct rgb {
	double r, g, b;
};

static struct rgb
rgb(uint32_t c)
{
	struct rgb x = { ((c >> 16) & 0xff) / 255.0, ((c >> 8) & 0xff) / 255.0,
	    (c & 0xff) / 255.0 };

	return x;
}

static struct rgb
mix(struct rgb a, struct rgb b, double t)
{
	struct rgb x = { a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t,
	    a.b + (b.b - a.b) * t };

	return x;
}

static void
set(cairo_t *cr, struct rgb c, double alpha)
{
	cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha);
}

static struct rgb
shade(struct rgb c, double t)
{
	struct rgb k = { 0, 0, 0 }, w = { 1, 1, 1 };

	return t < 0 ? mix(c, k, -t) : mix(c, w, t);
}

/* The scene's palette: the first scenery's colours, tinted by mood. */
struct palette {
	struct rgb sky_top, sky_low, ground, accent;
	int night;
};

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
ellipse(cairo_t *cr, double x, double y, double rx, double ry)
{
	cairo_save(cr);
	cairo_translate(cr, x, y);
	cairo_scale(cr, rx, ry);
	cairo_new_sub_path(cr);
	cairo_arc(cr, 0, 0, 1, 0, 2 * M_PI);
	cairo_restore(cr);
}

static void
rounded(cairo_t *cr, double x, double y, double w, double h, double r)
{
	cairo_new_sub_path(cr);
	cairo_arc(cr, x + w - r, y + r, r, -M_PI / 2, 0);
	cairo_arc(cr, x + w - r, y + h - r, r, 0, M_PI / 2);
	cairo_arc(cr, x + r, y + h - r, r, M_PI / 2, M_PI);
	cairo_arc(cr, x + r, y + r, r, M_PI, 1.5 * M_PI);
	cairo_close_path(cr);
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

/* Eyes and a mouth; worried faces get a flat, downturned mouth. */
static void
face(cairo_t *cr, double x, double y, double r, int worried)
{
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_arc(cr, x - r * 0.35, y - r * 0.1, r * 0.22, 0, 2 * M_PI);
	cairo_arc(cr, x + r * 0.35, y - r * 0.1, r * 0.22, 0, 2 * M_PI);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0.1, 0.1, 0.15);
	cairo_arc(cr, x - r * 0.32, y - r * 0.08, r * 0.12, 0, 2 * M_PI);
	cairo_arc(cr, x + r * 0.38, y - r * 0.08, r * 0.12, 0, 2 * M_PI);
	cairo_fill(cr);
	cairo_set_line_width(cr, r * 0.08);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	cairo_new_path(cr);
	if (worried)
		cairo_arc(cr, x, y + r * 0.55, r * 0.22, 1.2 * M_PI,
		    1.8 * M_PI);
	else
		cairo_arc(cr, x, y + r * 0.2, r * 0.3, 0.2 * M_PI,
		    0.8 * M_PI);
	cairo_stroke(cr);
}

static void
outline(cairo_t *cr, double u)
{
	cairo_set_source_rgba(cr, 0.15, 0.1, 0.1, 0.55);
	cairo_set_line_width(cr, 3 * u);
	cairo_stroke_preserve(cr);
}

static void
accessory(cairo_t *cr, const struct figure *f, double x, double y, double r)
{
	set(cr, rgb(f->accent), 1);
	switch (f->accessory) {
	case 1:		/* scarf under the head */
		rounded(cr, x - r * 0.8, y + r * 0.75, r * 1.6, r * 0.3,
		    r * 0.15);
		cairo_rectangle(cr, x + r * 0.3, y + r * 0.8, r * 0.28,
		    r * 0.7);
		cairo_fill(cr);
		break;
	case 2:		/* a small hat */
		cairo_rectangle(cr, x - r * 0.75, y - r * 0.95, r * 1.5,
		    r * 0.15);
		rounded(cr, x - r * 0.45, y - r * 1.5, r * 0.9, r * 0.6,
		    r * 0.12);
		cairo_fill(cr);
		break;
	case 3:		/* a bow on top */
		cairo_move_to(cr, x, y - r * 0.95);
		cairo_line_to(cr, x - r * 0.45, y - r * 1.25);
		cairo_line_to(cr, x - r * 0.45, y - r * 0.7);
		cairo_close_path(cr);
		cairo_move_to(cr, x, y - r * 0.95);
		cairo_line_to(cr, x + r * 0.45, y - r * 1.25);
		cairo_line_to(cr, x + r * 0.45, y - r * 0.7);
		cairo_close_path(cr);
		cairo_fill(cr);
		break;
	}
}

/* Draws f standing at (x, y) with height s; returns the label's top y. */
static void
figure(cairo_t *cr, const struct figure *f, double x, double y, double s,
    double u, int worried, int facing)
{
	struct rgb c = rgb(f->color), dk = shade(c, -0.25);
	double r, hx, hy;
	int k;

	cairo_save(cr);
	/* Shadow on the ground. */
	cairo_set_source_rgba(cr, 0, 0, 0, 0.18);
	ellipse(cr, x, y, s * 0.45, s * 0.07);
	cairo_fill(cr);
	switch (f->body) {
	case 0:		/* a person */
		r = s * 0.17;
		set(cr, rgb(0x3b3b4f), 1);
		cairo_rectangle(cr, x - s * 0.12, y - s * 0.32, s * 0.09,
		    s * 0.32);
		cairo_rectangle(cr, x + s * 0.03, y - s * 0.32, s * 0.09,
		    s * 0.32);
		cairo_fill(cr);
		set(cr, c, 1);
		cairo_move_to(cr, x - s * 0.2, y - s * 0.3);
		cairo_line_to(cr, x - s * 0.14, y - s * 0.68);
		cairo_line_to(cr, x + s * 0.14, y - s * 0.68);
		cairo_line_to(cr, x + s * 0.2, y - s * 0.3);
		cairo_close_path(cr);
		cairo_fill_preserve(cr);
		outline(cr, u);
		cairo_new_path(cr);
		set(cr, rgb(f->skin), 1);
		hx = x;
		hy = y - s * 0.68 - r * 0.95;
		cairo_arc(cr, hx, hy, r, 0, 2 * M_PI);
		cairo_fill_preserve(cr);
		outline(cr, u);
		cairo_new_path(cr);
		set(cr, shade(rgb(f->accent), -0.55), 1);
		cairo_arc(cr, hx, hy - r * 0.15, r * 1.02, M_PI, 2 * M_PI);
		cairo_fill(cr);
		face(cr, hx, hy + r * 0.1, r, worried);
		accessory(cr, f, hx, hy, r);
		break;
	case 2:		/* a bird */
		r = s * 0.3;
		hx = x;
		hy = y - s * 0.45;
		set(cr, rgb(0xe08a1e), 1);
		cairo_set_line_width(cr, 4 * u);
		cairo_move_to(cr, x - r * 0.3, y);
		cairo_line_to(cr, x - r * 0.2, hy + r * 0.8);
		cairo_move_to(cr, x + r * 0.3, y);
		cairo_line_to(cr, x + r * 0.2, hy + r * 0.8);
		cairo_stroke(cr);
		set(cr, c, 1);
		ellipse(cr, hx, hy, r, r * 0.95);
		cairo_fill_preserve(cr);
		outline(cr, u);
		cairo_new_path(cr);
		set(cr, dk, 1);
		ellipse(cr, hx - facing * r * 0.35, hy + r * 0.15, r * 0.55,
		    r * 0.35);
		cairo_fill(cr);
		set(cr, rgb(0xf4a020), 1);
		cairo_move_to(cr, hx + facing * r * 0.85, hy - r * 0.05);
		cairo_line_to(cr, hx + facing * r * 1.3, hy + r * 0.08);
		cairo_line_to(cr, hx + facing * r * 0.85, hy + r * 0.22);
		cairo_close_path(cr);
		cairo_fill(cr);
		face(cr, hx + facing * r * 0.3, hy - r * 0.25, r * 0.5,
		    worried);
		accessory(cr, f, hx, hy - r * 0.45, r * 0.55);
		break;
	case 3:		/* a fish in a bubble of water */
		r = s * 0.32;
		hx = x;
		hy = y - s * 0.5;
		cairo_set_source_rgba(cr, 0.6, 0.85, 1, 0.45);
		cairo_arc(cr, hx, hy, r * 1.5, 0, 2 * M_PI);
		cairo_fill(cr);
		set(cr, c, 1);
		ellipse(cr, hx, hy, r, r * 0.6);
		cairo_move_to(cr, hx - facing * r * 0.9, hy);
		cairo_line_to(cr, hx - facing * r * 1.45, hy - r * 0.5);
		cairo_line_to(cr, hx - facing * r * 1.45, hy + r * 0.5);
		cairo_close_path(cr);
		cairo_fill_preserve(cr);
		outline(cr, u);
		cairo_new_path(cr);
		face(cr, hx + facing * r * 0.4, hy, r * 0.45, worried);
		break;
	case 4:		/* a bug */
		r = s * 0.25;
		hx = x;
		hy = y - s * 0.3;
		cairo_set_source_rgba(cr, 1, 1, 1, 0.6);
		ellipse(cr, hx - r * 0.6, hy - r * 0.9, r * 0.6, r * 0.4);
		ellipse(cr, hx + r * 0.6, hy - r * 0.9, r * 0.6, r * 0.4);
		cairo_fill(cr);
		set(cr, c, 1);
		cairo_arc(cr, hx, hy, r, 0, 2 * M_PI);
		cairo_fill_preserve(cr);
		outline(cr, u);
		cairo_new_path(cr);
		set(cr, dk, 1);
		for (k = 0; k < 4; k++)
			cairo_arc(cr, hx + cos(k * 1.7) * r * 0.55,
			    hy + sin(k * 1.7) * r * 0.55, r * 0.15, 0,
			    2 * M_PI);
		cairo_fill(cr);
		set(cr, rgb(0x2b2b2b), 1);
		cairo_set_line_width(cr, 3 * u);
		cairo_move_to(cr, hx + facing * r * 0.6, hy - r * 0.8);
		cairo_line_to(cr, hx + facing * r, hy - r * 1.5);
		cairo_stroke(cr);
		face(cr, hx + facing * r * 0.5, hy - r * 0.2, r * 0.45,
		    worried);
		break;
	case 5:		/* a robot */
		r = s * 0.2;
		set(cr, rgb(0x55606e), 1);
		cairo_rectangle(cr, x - s * 0.15, y - s * 0.22, s * 0.1,
		    s * 0.22);
		cairo_rectangle(cr, x + s * 0.05, y - s * 0.22, s * 0.1,
		    s * 0.22);
		cairo_fill(cr);
		set(cr, c, 1);
		rounded(cr, x - s * 0.25, y - s * 0.6, s * 0.5, s * 0.4,
		    s * 0.05);
		cairo_fill_preserve(cr);
		outline(cr, u);
		cairo_new_path(cr);
		hx = x;
		hy = y - s * 0.6 - r * 1.05;
		set(cr, shade(c, 0.25), 1);
		rounded(cr, hx - r, hy - r * 0.9, r * 2, r * 1.8, r * 0.3);
		cairo_fill_preserve(cr);
		outline(cr, u);
		cairo_new_path(cr);
		set(cr, rgb(0x55606e), 1);
		cairo_rectangle(cr, hx - 2 * u, hy - r * 1.4, 4 * u, r * 0.5);
		cairo_fill(cr);
		set(cr, rgb(f->accent), 1);
		cairo_arc(cr, hx, hy - r * 1.45, r * 0.18, 0, 2 * M_PI);
		cairo_fill(cr);
		face(cr, hx, hy, r * 0.8, worried);
		set(cr, rgb(f->accent), 1);
		cairo_arc(cr, x, y - s * 0.42, s * 0.05, 0, 2 * M_PI);
		cairo_fill(cr);
		break;
	case 6:		/* a tree or plant with a face */
		tree(cr, x, y, s * 0.6, c, 0);
		face(cr, x, y - s * 0.85, s * 0.18, worried);
		break;
	default:	/* four legs (1), a creature (7), a round critter (8) */
		r = s * (f->body == 8 ? 0.3 : 0.22);
		hy = y - s * 0.38;
		set(cr, dk, 1);
		for (k = 0; k < 4; k++)
			rounded(cr, x + (k - 1.5) * s * 0.16 - s * 0.045,
			    hy, s * 0.09, y - hy, s * 0.03);
		cairo_fill(cr);
		/* Tail. */
		set(cr, c, 1);
		cairo_set_line_width(cr, s * 0.07);
		cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
		cairo_move_to(cr, x - facing * s * 0.33, hy - s * 0.05);
		cairo_curve_to(cr, x - facing * s * 0.5, hy - s * 0.1,
		    x - facing * s * 0.52, hy - s * 0.3, x - facing * s * 0.42,
		    hy - s * 0.38);
		cairo_stroke(cr);
		set(cr, c, 1);
		ellipse(cr, x, hy - s * 0.03, s * 0.36, s * 0.2);
		cairo_fill_preserve(cr);
		outline(cr, u);
		cairo_new_path(cr);
		if (f->body == 7) {
			set(cr, rgb(f->accent), 1);
			for (k = 0; k < 4; k++) {
				double sx = x + (k - 1.5) * s * 0.14;

				cairo_move_to(cr, sx - s * 0.05, hy - s * 0.2);
				cairo_line_to(cr, sx, hy - s * 0.32);
				cairo_line_to(cr, sx + s * 0.05, hy - s * 0.2);
			}
			cairo_fill(cr);
		}
		hx = x + facing * s * 0.3;
		hy = hy - s * 0.22;
		set(cr, c, 1);
		switch (f->ears) {
		case 0:
			cairo_arc(cr, hx - r * 0.7, hy - r * 0.75, r * 0.38, 0,
			    2 * M_PI);
			cairo_arc(cr, hx + r * 0.7, hy - r * 0.75, r * 0.38, 0,
			    2 * M_PI);
			break;
		case 1:
			cairo_move_to(cr, hx - r * 0.85, hy - r * 0.3);
			cairo_line_to(cr, hx - r * 0.6, hy - r * 1.35);
			cairo_line_to(cr, hx - r * 0.1, hy - r * 0.7);
			cairo_move_to(cr, hx + r * 0.85, hy - r * 0.3);
			cairo_line_to(cr, hx + r * 0.6, hy - r * 1.35);
			cairo_line_to(cr, hx + r * 0.1, hy - r * 0.7);
			break;
		case 2:
			ellipse(cr, hx - r * 0.4, hy - r * 1.3, r * 0.22,
			    r * 0.75);
			ellipse(cr, hx + r * 0.4, hy - r * 1.3, r * 0.22,
			    r * 0.75);
			break;
		}
		cairo_fill_preserve(cr);
		outline(cr, u);
		cairo_new_path(cr);
		set(cr, c, 1);
		cairo_arc(cr, hx, hy, r, 0, 2 * M_PI);
		cairo_fill_preserve(cr);
		outline(cr, u);
		cairo_new_path(cr);
		set(cr, shade(c, 0.45), 1);
		ellipse(cr, hx + facing * r * 0.1, hy + r * 0.45, r * 0.5,
		    r * 0.35);
		cairo_fill(cr);
		set(cr, rgb(0x2b2020), 1);
		ellipse(cr, hx + facing * r * 0.12, hy + r * 0.3, r * 0.14,
		    r * 0.1);
		cairo_fill(cr);
		face(cr, hx, hy - r * 0.05, r * 0.75, worried);
		accessory(cr, f, hx, hy, r);
		break;
	}
	cairo_restore(cr);
}

/* Lays out text in lines no wider than maxw; returns the line count
 * (at most maxlines, the last one ending in "..." when cut). */
static int
wrap(cairo_t *cr, const char *s, double maxw, char **lines, int maxlines)
{
	char *copy = text_squeeze(s), *p = copy, *line = NULL;
	cairo_text_extents_t te;
	int n = 0;

	while (*p && n < maxlines) {
		char *sp = strchr(p, ' ');
		size_t wl = sp ? (size_t)(sp - p) : strlen(p);
		char *cand = line ? xasprintf("%s %.*s", line, (int)wl, p)
		    : xasprintf("%.*s", (int)wl, p);

		cairo_text_extents(cr, cand, &te);
		if (te.x_advance > maxw && line != NULL) {
			lines[n++] = line;
			line = NULL;
			free(cand);
			continue;
		}
		free(line);
		line = cand;
		p += wl;
		while (*p == ' ')
			p++;
	}
	if (line != NULL && n < maxlines)
		lines[n++] = line;
	else
		free(line);
	if (*p && n > 0) {
		char *last = lines[n - 1];

		lines[n - 1] = xasprintf("%s...", last);
		free(last);
	}
	free(copy);
	return n;
}

static void
label(cairo_t *cr, const char *name, double x, double y, double u)
{
	cairo_text_extents_t te;
	double fs = 30 * u, pad = 12 * u, w;

	cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
	    CAIRO_FONT_WEIGHT_BOLD);
	cairo_set_font_size(cr, fs);
	cairo_text_extents(cr, name, &te);
	w = te.x_advance + 2 * pad;
	cairo_set_source_rgba(cr, 1, 1, 1, 0.88);
	rounded(cr, x - w / 2, y, w, fs + pad * 1.2, (fs + pad) / 2);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0.15, 0.12, 0.2);
	cairo_move_to(cr, x - te.x_advance / 2, y + fs * 0.98);
	cairo_show_text(cr, name);
}

/* The caption sits inside the part of the picture that every camera
 * move keeps in view (a 12 % zoom crops 6 % from each side). */
static void
caption(cairo_t *cr, const char *text, int scene, double w, double h,
    double u)
{
	char *lines[2], num[16];
	double fs = 34 * u, pad = 20 * u, bx = fmax(40 * u, w * 0.07);
	double by = fmax(30 * u, h * 0.07), tx;
	double bw = w - 2 * bx, bh;
	cairo_text_extents_t te;
	int n, i;

	cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
	    CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, fs);
	tx = bx + pad + (scene > 0 ? fs * 1.9 : 0);
	n = wrap(cr, text, bw - (tx - bx) - pad, lines, 2);
	bh = pad * 2 + fs * 1.3 * (n > 0 ? n : 1) - fs * 0.3;
	cairo_set_source_rgba(cr, 1, 1, 1, 0.8);
	rounded(cr, bx, by, bw, bh, 18 * u);
	cairo_fill(cr);
	if (scene > 0) {
		snprintf(num, sizeof num, "%d", scene);
		cairo_set_source_rgb(cr, 0.93, 0.45, 0.3);
		cairo_arc(cr, bx + pad + fs * 0.75, by + bh / 2, fs * 0.75, 0,
		    2 * M_PI);
		cairo_fill(cr);
		cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
		    CAIRO_FONT_WEIGHT_BOLD);
		cairo_set_font_size(cr, fs * 0.8);
		cairo_text_extents(cr, num, &te);
		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_move_to(cr, bx + pad + fs * 0.75 - te.x_advance / 2,
		    by + bh / 2 + te.height / 2);
		cairo_show_text(cr, num);
		cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
		    CAIRO_FONT_WEIGHT_NORMAL);
		cairo_set_font_size(cr, fs);
	}
	cairo_set_source_rgb(cr, 0.13, 0.12, 0.2);
	for (i = 0; i < n; i++) {
		cairo_move_to(cr, tx, by + pad + fs * 0.9 + i * fs * 1.3);
		cairo_show_text(cr, lines[i]);
		free(lines[i]);
	}
}

static cairo_status_t
png_out(void *closure, const unsigned char *data, unsigned int len)
{
	return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS :
	    CAIRO_STATUS_WRITE_ERROR;
}

static int
save(cairo_surface_t *s, const char *path, char **err)
{
	struct atomic_file af;
	cairo_status_t st;

	if (atomic_open(&af, path, ".png", err) < 0)
		return -1;
	st = cairo_surface_write_to_png_stream(s, png_out, af.fp);
	if (st != CAIRO_STATUS_SUCCESS) {
		*err = xasprintf("'%s': %s", path, cairo_status_to_string(st));
		atomic_rollback(&af);
		return -1;
	}
	return atomic_commit(&af, err);
}

static cairo_surface_t *
canvas(int w, int h, char **err)
{
	cairo_surface_t *s;

	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		*err = xasprintf("cairo: %s",
		    cairo_status_to_string(cairo_surface_status(s)));
		cairo_surface_destroy(s);
		return NULL;
	}
	return s;
}

static cairo_surface_t *
surface(int w, int h, char **err)
{
	if (w < 16 || h < 16 || w > 8192 || h > 8192) {
		*err = xasprintf("picture size %dx%d: expected 16 to 8192 "
		    "pixels a side", w, h);
		return NULL;
	}
	return canvas(w, h, err);
}

static void
scenery(cairo_t *cr, struct rng *g, const struct palette *pal,
    unsigned feat, const struct scenery *first, double w, double h,
    double hz, double u)
{
	int i;

	if (feat & SC_INDOOR) {
		indoor(cr, pal, w, h, hz, u);
		return;
	}
	sky(cr, pal, w, hz);
	if ((feat & SC_STARS) || pal->night)
		stars(cr, g, w, hz, u);
	sun(cr, pal, w * rng_range(g, 0.12, 0.88), hz * rng_range(g, 0.18,
	    0.32), 55 * u);
	if ((feat & SC_CLOUDS) && !pal->night)
		for (i = 0; i < 4; i++)
			cloud(cr, rng_range(g, 0, w), hz * rng_range(g, 0.12,
			    0.45), rng_range(g, 50, 90) * u, 0.85);
	if (feat & SC_MOUNTAINS)
		mountains(cr, g, pal, w, hz, u);
	hills(cr, g, mix(pal->ground, pal->sky_low, 0.45), w, h, hz - 20 * u,
	    80 * u);
	if (feat & SC_TOWERS)
		for (i = 0; i < 9; i++)
			tower_block(cr, g, w * i / 9.0 + rng_range(g, 0, 20 *
			    u), hz + 10 * u, w / 11.0, rng_range(g, 180, 420) *
			    u, mix(rgb(0x7d8db0), rgb(first->accent),
			    rng_range(g, 0, 0.4)), u);
	if (feat & SC_CASTLE)
		castle(cr, w * rng_range(g, 0.3, 0.7), hz + 10 * u, 150 * u,
		    pal->accent);
	/* The ground. */
	{
		cairo_pattern_t *gr = cairo_pattern_create_linear(0, hz, 0, h);
		struct rgb a = pal->ground, b = shade(pal->ground, -0.2);

		if (feat & SC_SNOW)
			a = rgb(0xf4f8fb), b = rgb(0xd9e6f2);
		cairo_pattern_add_color_stop_rgb(gr, 0, a.r, a.g, a.b);
		cairo_pattern_add_color_stop_rgb(gr, 1, b.r, b.g, b.b);
		cairo_set_source(cr, gr);
		cairo_move_to(cr, 0, h);
		cairo_line_to(cr, 0, hz + 10 * u);
		cairo_curve_to(cr, w * 0.3, hz - 15 * u, w * 0.6, hz + 35 * u,
		    w, hz);
		cairo_line_to(cr, w, h);
		cairo_close_path(cr);
		cairo_fill(cr);
		cairo_pattern_destroy(gr);
	}
	if (feat & SC_SEA)
		water(cr, g, w, hz - 5 * u, 120 * u, u, 1);
	if (feat & SC_WATER)
		water(cr, g, w, hz + 40 * u, 110 * u, u, 0);
	if (feat & SC_HOUSES)
		for (i = 0; i < 4; i++) {
			double hx = w * (0.08 + 0.28 * i) + rng_range(g, -20, 20)
			    * u;

			house(cr, hx, hz + 40 * u, rng_range(g, 110, 150) * u,
			    rgb(0xfdf0d5), i % 2 ? pal->accent :
			    shade(pal->accent, 0.2));
		}
	if (feat & SC_TREES)
		for (i = 0; i < 6; i++) {
			double tx = i < 3 ? rng_range(g, 0.02, 0.22) * w :
			    rng_range(g, 0.78, 0.98) * w;

			tree(cr, tx, hz + rng_range(g, 30, 110) * u,
			    rng_range(g, 110, 170) * u, (feat & SC_SNOW) ?
			    rgb(0x2f6b4f) : rgb(first->accent == 0x2e5e2a ?
			    0x3f8f3a : 0x4caf50), (feat & SC_SNOW) != 0);
		}
	if (feat & SC_FENCE)
		fence(cr, w, hz + 70 * u, u);
	if (feat & SC_FLOWERS)
		flowers(cr, g, w, hz + 120 * u, h - 20 * u, u);
	if (feat & SC_SNOW)
		snowfall(cr, g, w, h, u);
	if (feat & SC_CAVE)
		cave_frame(cr, w, h);
}

int
illustrate_scene(const struct picture *p, const char *path, char **err)
{
	const struct scenery *sc[3];
	struct palette pal;
	struct rng g;
	cairo_surface_t *s;
	cairo_t *cr;
	double w = p->width, h = p->height, u = fmin(w, h) / 1080.0;
	double hz = h * 0.58, step, fs;
	unsigned feat = 0;
	int n, i, rc, worried = (p->mood & (MOOD_WORRY | MOOD_SADNESS)) != 0;

	if ((s = surface(p->width, p->height, err)) == NULL)
		return -1;
	cr = cairo_create(s);
	n = lex_scenery(p->setting, sc, 3);
	for (i = 0; i < n; i++)
		feat |= sc[i]->features;
	palette_of(&pal, sc[0], p->mood, lex_is_night(p->setting));
	rng_seed(&g, p->seed);
	scenery(cr, &g, &pal, feat, sc[0], w, h, hz, u);

	/* The characters stand in a row on the ground, facing the middle. */
	fs = fmin(330 * u, w * 0.8 / (p->nfigs > 0 ? p->nfigs : 1));
	step = w / (p->nfigs + 1);
	for (i = 0; i < p->nfigs; i++) {
		const struct figure *f = &p->figs[i];
		double x = step * (i + 1), y = h * 0.75 - (i % 2) * 18 * u;
		double sz = fs * f->size;

		figure(cr, f, x, y, sz, u, worried, x < w / 2 ? 1 : -1);
		label(cr, f->name, x, y + 12 * u, u);
	}
	if (p->caption != NULL)
		caption(cr, p->caption, p->scene, w, h, u);
	cairo_destroy(cr);
	rc = save(s, path, err);
	cairo_surface_destroy(s);
	return rc;
}

static void
centred(cairo_t *cr, const char *s, double w, double y)
{
	cairo_text_extents_t te;

	cairo_text_extents(cr, s, &te);
	cairo_move_to(cr, (w - te.x_advance) / 2, y);
	cairo_show_text(cr, s);
}

int
illustrate_card(int width, int height, const char *setting,
    const char *heading, const char *body, const char *footer,
    const char *path, char **err)
{
	const struct scenery *sc[1];
	struct palette pal;
	cairo_pattern_t *g;
	cairo_surface_t *s;
	cairo_t *cr;
	double w = width, h = height, u = fmin(w, h) / 1080.0, y, fs;
	char *lines[8];
	int n, i, rc;

	if ((s = surface(width, height, err)) == NULL)
		return -1;
	cr = cairo_create(s);
	lex_scenery(setting ? setting : "", sc, 1);
	palette_of(&pal, sc[0], 0, 0);
	g = cairo_pattern_create_linear(0, 0, w, h);
	cairo_pattern_add_color_stop_rgb(g, 0, pal.sky_top.r * 0.55,
	    pal.sky_top.g * 0.55, pal.sky_top.b * 0.6);
	cairo_pattern_add_color_stop_rgb(g, 1, pal.accent.r * 0.45,
	    pal.accent.g * 0.45, pal.accent.b * 0.5);
	cairo_set_source(cr, g);
	cairo_paint(cr);
	cairo_pattern_destroy(g);
	/* Soft rings of light behind the text. */
	for (i = 0; i < 5; i++) {
		cairo_set_source_rgba(cr, 1, 1, 1, 0.04);
		cairo_arc(cr, w / 2, h / 2, fmin(w, h) * (0.2 + 0.1 * i), 0,
		    2 * M_PI);
		cairo_fill(cr);
	}
	/* Lay the body out first, to centre heading and body together. */
	n = 0;
	fs = 60 * u;
	if (body != NULL) {
		cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_ITALIC,
		    CAIRO_FONT_WEIGHT_BOLD);
		cairo_set_font_size(cr, fs);
		n = wrap(cr, body, w * 0.8, lines, 6);
		if (n > 3) {
			for (i = 0; i < n; i++)
				free(lines[i]);
			fs = 44 * u;
			cairo_set_font_size(cr, fs);
			n = wrap(cr, body, w * 0.84, lines, 8);
		}
	}
	y = (h - (heading ? 90 * u : 0) - n * fs * 1.35) / 2 + fs * 0.6;
	if (heading != NULL) {
		cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
		    CAIRO_FONT_WEIGHT_BOLD);
		cairo_set_font_size(cr, 44 * u);
		cairo_set_source_rgb(cr, 1, 0.85, 0.45);
		centred(cr, heading, w, y);
		y += 90 * u;
	}
	if (n > 0) {
		cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_ITALIC,
		    CAIRO_FONT_WEIGHT_BOLD);
		cairo_set_font_size(cr, fs);
		cairo_set_source_rgb(cr, 1, 1, 1);
		for (i = 0; i < n; i++) {
			centred(cr, lines[i], w, y + i * fs * 1.35);
			free(lines[i]);
		}
		y += n * fs * 1.35 + 40 * u;
	}
	if (footer != NULL) {
		cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
		    CAIRO_FONT_WEIGHT_NORMAL);
		cairo_set_font_size(cr, 36 * u);
		cairo_set_source_rgba(cr, 1, 1, 1, 0.8);
		centred(cr, footer, w, fmax(y + 40 * u, h * 0.82));
	}
	cairo_destroy(cr);
	rc = save(s, path, err);
	cairo_surface_destroy(s);
	return rc;
}

/* Storyboard limits: scenes, sheet width and height, narration shown. */
#define BOARD_MAX	200
#define BOARD_MINW	320
#define BOARD_MAXW	4096
#define BOARD_MAXH	16384
#define GIST_WORDS	8
#define GIST_CHARS	60

/* A storyboard's grid, in pixels. */
struct board {
	double u;		/* 1 at a width of 1600 */
	double margin, gap, top;	/* top: where the first row starts */
	double cw, th, fs;	/* cell width, thumbnail height, text size */
	double rh;		/* row pitch */
	int cols, rows, height;
};

/*
 * Wide pictures want few columns and tall ones many, so that a row of
 * thumbnails is neither a thin strip nor a wall: 5 * aspect^-0.35 gives
 * 4 for 16:9, 5 for 1:1 and 6 for 9:16. Narrow sheets lose columns to keep
 * thumbnails legible; more rows than the height allows gain columns.
 */
static void
board_layout(struct board *b, int n, int width, double aspect)
{
	double w = width;
	int cols;

	cols = (int)lround(5 * pow(aspect, -0.35) * fmin(1, w / 1280));
	b->u = w / 1600;
	b->margin = 32 * b->u;
	b->gap = 20 * b->u;
	b->top = 120 * b->u;
	for (b->cols = cols < 2 ? 2 : cols;; b->cols++) {
		b->cw = (w - 2 * b->margin - (b->cols - 1) * b->gap) / b->cols;
		b->th = b->cw / aspect;
		/* Two lines of about 30 characters fit under the picture. */
		b->fs = fmax(9, fmin(22 * b->u, b->cw / 16.5));
		b->rh = b->th + 12 * b->u + 2 * 1.3 * b->fs + b->gap;
		b->rows = (n + b->cols - 1) / b->cols;
		b->height = (int)ceil(b->top + b->rows * b->rh - b->gap +
		    b->margin);
		if (b->height <= BOARD_MAXH || b->cols >= n)
			break;
	}
}

/* The first words of s: at most GIST_WORDS words and GIST_CHARS
 * characters, cut between words (inside a first word that is longer). */
static char *
gist(const char *s)
{
	char *t = text_squeeze(s), *p = t, *end = t, *out;
	size_t chars = 0, words = 0;

	while (*p != '\0' && words < GIST_WORDS) {
		char *q = p;
		size_t c = 0;

		for (; *q != '\0' && *q != ' '; q++)
			if (((unsigned char)*q & 0xc0) != 0x80)
				c++;
		if (chars + (words > 0) + c > GIST_CHARS) {
			if (words == 0) {
				end = p;
				for (c = 0; *end != '\0' && c < GIST_CHARS - 3;
				    c++)
					while (((unsigned char)*++end & 0xc0) ==
					    0x80)
						;
			}
			break;
		}
		chars += (words > 0) + c;
		words++;
		end = q;
		p = *q == ' ' ? q + 1 : q;
	}
	if (*end == '\0')
		return t;
	while (end > t && strchr(".,;:-", end[-1]) != NULL)
		end--;
	out = xasprintf("%.*s...", (int)(end - t), t);
	free(t);
	return out;
}

/* cairo stops drawing on a context once it is shown bad UTF-8. */
static int
utf8_ok(const char *s)
{
	size_t bad;

	return s != NULL && text_check_utf8(s, strlen(s), &bad) == 0;
}

static void
thumb(cairo_t *cr, cairo_surface_t *img, double x, double y, double w,
    double h, double r)
{
	double iw = cairo_image_surface_get_width(img);
	double ih = cairo_image_surface_get_height(img);
	double k = fmax(w / iw, h / ih);
	cairo_pattern_t *p;

	cairo_save(cr);
	rounded(cr, x, y, w, h, r);
	cairo_clip(cr);
	if (cairo_image_surface_get_format(img) != CAIRO_FORMAT_RGB24) {
		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_paint(cr);
	}
	cairo_translate(cr, x + w / 2, y + h / 2);
	cairo_scale(cr, k, k);
	cairo_set_source_surface(cr, img, -iw / 2, -ih / 2);
	p = cairo_get_source(cr);
	cairo_pattern_set_filter(p, CAIRO_FILTER_GOOD);
	/* Without it the cropped edges fade into the background. */
	cairo_pattern_set_extend(p, CAIRO_EXTEND_PAD);
	cairo_paint(cr);
	cairo_restore(cr);
}

static void
missing(cairo_t *cr, double x, double y, double w, double h, double r,
    double fs)
{
	cairo_text_extents_t te;

	cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
	rounded(cr, x, y, w, h, r);
	cairo_fill(cr);
	cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
	    CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, fs * 1.2);
	cairo_text_extents(cr, "missing", &te);
	cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
	cairo_move_to(cr, x + (w - te.x_advance) / 2, y + h / 2 + fs * 0.4);
	cairo_show_text(cr, "missing");
}

/* The scene number in a pill, so that three digits fit too. */
static void
badge(cairo_t *cr, int scene, double x, double y, double r)
{
	cairo_text_extents_t te;
	char num[16];
	double w;

	snprintf(num, sizeof num, "%d", scene);
	cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
	    CAIRO_FONT_WEIGHT_BOLD);
	cairo_set_font_size(cr, r * 1.1);
	cairo_text_extents(cr, num, &te);
	w = fmax(2 * r, te.x_advance + r);
	cairo_set_source_rgb(cr, 0.93, 0.45, 0.3);
	rounded(cr, x, y, w, 2 * r, r);
	cairo_fill_preserve(cr);
	cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
	cairo_set_line_width(cr, fmax(1, r * 0.12));
	cairo_stroke(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_move_to(cr, x + (w - te.x_advance) / 2, y + r * 1.4);
	cairo_show_text(cr, num);
}

static void
board_header(cairo_t *cr, const struct board *b, const char *title, int n,
    double w)
{
	cairo_text_extents_t te;
	char count[32], *line[1];
	double u = b->u;

	cairo_set_source_rgb(cr, 0.16, 0.18, 0.25);
	cairo_rectangle(cr, 0, 0, w, 96 * u);
	cairo_fill(cr);
	snprintf(count, sizeof count, "%d scene%s", n, n == 1 ? "" : "s");
	cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
	    CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, 26 * u);
	cairo_text_extents(cr, count, &te);
	cairo_set_source_rgb(cr, 0.7, 0.72, 0.8);
	cairo_move_to(cr, w - b->margin - te.x_advance, 60 * u);
	cairo_show_text(cr, count);
	cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
	    CAIRO_FONT_WEIGHT_BOLD);
	cairo_set_font_size(cr, 40 * u);
	if (!utf8_ok(title))
		title = "Storyboard";
	if (wrap(cr, title, w - 2 * b->margin - te.x_advance - 40 * u, line,
	    1) == 1) {
		cairo_set_source_rgb(cr, 1, 0.85, 0.45);
		cairo_move_to(cr, b->margin, 62 * u);
		cairo_show_text(cr, line[0]);
		free(line[0]);
	}
}

/* Cuts a line that is wider than maxw, such as one long word, between
 * characters and ends it in "...". Takes line; returns a malloc'd one. */
static char *
fit(cairo_t *cr, char *line, double maxw)
{
	cairo_text_extents_t te;
	size_t n = strlen(line);
	char *out;

	cairo_text_extents(cr, line, &te);
	if (te.x_advance <= maxw)
		return line;
	out = xmalloc(n + 4);
	while (n > 0) {
		while (n > 0 && ((unsigned char)line[--n] & 0xc0) == 0x80)
			;
		memcpy(out, line, n);
		memcpy(out + n, "...", 4);
		cairo_text_extents(cr, out, &te);
		if (te.x_advance <= maxw)
			break;
	}
	free(line);
	return out;
}

static void
board_cell(cairo_t *cr, const struct board *b, const struct board_item *it,
    cairo_surface_t *img, double x, double y)
{
	char *g, *lines[2];
	double r = 10 * b->u, br = fmax(9, fmin(20 * b->u, b->cw * 0.07));
	int i, k;

	if (img != NULL)
		thumb(cr, img, x, y, b->cw, b->th, r);
	else
		missing(cr, x, y, b->cw, b->th, r, b->fs);
	badge(cr, it->scene, x + 8 * b->u, y + 8 * b->u, br);
	if (!utf8_ok(it->words))
		return;
	g = gist(it->words);
	cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
	    CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, b->fs);
	k = wrap(cr, g, b->cw, lines, 2);
	cairo_set_source_rgb(cr, 0.9, 0.9, 0.94);
	for (i = 0; i < k; i++) {
		lines[i] = fit(cr, lines[i], b->cw);
		cairo_move_to(cr, x, y + b->th + 8 * b->u + b->fs +
		    i * 1.3 * b->fs);
		cairo_show_text(cr, lines[i]);
		free(lines[i]);
	}
	free(g);
}

static cairo_surface_t *
load_png(const char *path)
{
	cairo_surface_t *s;

	if (path == NULL)
		return NULL;
	s = cairo_image_surface_create_from_png(path);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		return NULL;
	}
	return s;
}

int
illustrate_storyboard(const struct board_item *items, int n, int width,
    const char *title, const char *path, char **err)
{
	struct board b;
	cairo_surface_t *s, *first = NULL;
	cairo_status_t st;
	cairo_t *cr;
	double aspect = 16.0 / 9;
	int i, k, rc;

	if (n < 1 || n > BOARD_MAX) {
		*err = xasprintf("'%s': %d scenes: expected 1 to %d", path, n,
		    BOARD_MAX);
		return -1;
	}
	if (width < BOARD_MINW || width > BOARD_MAXW) {
		*err = xasprintf("'%s': width %d: expected %d to %d pixels",
		    path, width, BOARD_MINW, BOARD_MAXW);
		return -1;
	}
	/* The first readable picture sets the cells' shape; keep it to draw. */
	for (k = 0; k < n && (first = load_png(items[k].image)) == NULL; k++)
		;
	if (first != NULL)
		aspect = fmin(4, fmax(0.25,
		    (double)cairo_image_surface_get_width(first) /
		    cairo_image_surface_get_height(first)));
	board_layout(&b, n, width, aspect);
	if ((s = canvas(width, b.height, err)) == NULL) {
		char *why = *err;

		*err = xasprintf("'%s': %s", path, why);
		free(why);
		if (first != NULL)
			cairo_surface_destroy(first);
		return -1;
	}
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 0.12, 0.13, 0.19);
	cairo_paint(cr);
	board_header(cr, &b, title, n, width);
	for (i = 0; i < n; i++) {
		cairo_surface_t *img = NULL;

		if (i == k)
			img = first;
		else if (i > k)
			img = load_png(items[i].image);
		board_cell(cr, &b, &items[i], img, b.margin + (i % b.cols) *
		    (b.cw + b.gap), b.top + (i / b.cols) * b.rh);
		if (img != NULL)
			cairo_surface_destroy(img);
	}
	st = cairo_status(cr);
	cairo_destroy(cr);
	if (st != CAIRO_STATUS_SUCCESS) {
		*err = xasprintf("'%s': cairo: %s", path,
		    cairo_status_to_string(st));
		rc = -1;
	} else
		rc = save(s, path, err);
	cairo_surface_destroy(s);
	return rc;
}

void
illustrate_cleanup(void)
{
	cairo_debug_reset_static_data();
	FcFini();
}
