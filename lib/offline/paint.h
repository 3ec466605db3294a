/*
 * paint.h - small cairo helpers shared by the offline illustrator's
 * modules (illustrate.c, species.c, scenery.c): colours as 0xRRGGBB,
 * mixing and shading them, and ellipse and rounded-rectangle paths.
 *
 * All are static inline: they hold no state and print nothing.
 */
#ifndef MV_PAINT_H
#define MV_PAINT_H

#include <cairo.h>
#include <math.h>
#include <stdint.h>

struct rgb {
	double r, g, b;
};

/* 0xRRGGBB as a colour. */
static inline struct rgb
rgb(uint32_t c)
{
	struct rgb x = { ((c >> 16) & 0xff) / 255.0, ((c >> 8) & 0xff) / 255.0,
	    (c & 0xff) / 255.0 };

	return x;
}

/* a moved toward b by t (0 to 1). */
static inline struct rgb
mix(struct rgb a, struct rgb b, double t)
{
	struct rgb x = { a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t,
	    a.b + (b.b - a.b) * t };

	return x;
}

/* c darkened (t < 0, toward black) or lightened (t > 0, toward white). */
static inline struct rgb
shade(struct rgb c, double t)
{
	struct rgb k = { 0, 0, 0 }, w = { 1, 1, 1 };

	return t < 0 ? mix(c, k, -t) : mix(c, w, t);
}

static inline void
set(cairo_t *cr, struct rgb c, double alpha)
{
	cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha);
}

/* Adds an ellipse centred on (x, y) to the path as a new sub-path. */
static inline void
ellipse(cairo_t *cr, double x, double y, double rx, double ry)
{
	cairo_save(cr);
	cairo_translate(cr, x, y);
	cairo_scale(cr, rx, ry);
	cairo_new_sub_path(cr);
	cairo_arc(cr, 0, 0, 1, 0, 2 * M_PI);
	cairo_restore(cr);
}

/* Adds a rectangle with corners of radius r to the path. */
static inline void
rounded(cairo_t *cr, double x, double y, double w, double h, double r)
{
	cairo_new_sub_path(cr);
	cairo_arc(cr, x + w - r, y + r, r, -M_PI / 2, 0);
	cairo_arc(cr, x + w - r, y + h - r, r, 0, M_PI / 2);
	cairo_arc(cr, x + r, y + h - r, r, M_PI / 2, M_PI);
	cairo_arc(cr, x + r, y + r, r, M_PI, 1.5 * M_PI);
	cairo_close_path(cr);
}

#endif
