/*
 * figure.c - the bodies of species.h's kinds drawn with cairo: outlines,
 * faces, poses and clothes; which kind a type names is species.c's.
 */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "offline/paint.h"
#include "offline/species.h"

/*
 * Every kind is drawn in its own unit space: feet on y = 0, up is
 * negative y, a grown man 1 tall, facing +x. species_draw scales it.
 */
struct pen {
	cairo_t *cr;
	double lw;		/* outline width in unit space */
	struct rgb c, dk, lt, acc, own, skin;
	int expr, accessory;
};

static void
fill(struct pen *p, struct rgb c)
{
	set(p->cr, c, 1);
	cairo_fill_preserve(p->cr);
	cairo_set_source_rgba(p->cr, 0.12, 0.08, 0.08, 0.7);
	cairo_set_line_width(p->cr, p->lw);
	cairo_set_line_join(p->cr, CAIRO_LINE_JOIN_ROUND);
	cairo_stroke(p->cr);
}

static void
flat(struct pen *p, struct rgb c, double a)
{
	set(p->cr, c, a);
	cairo_fill(p->cr);
}

/* A thick stroke with round caps and an outline: legs, arms, tails. */
static void
limb(struct pen *p, struct rgb c, double w)
{
	cairo_t *cr = p->cr;

	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	cairo_set_source_rgba(cr, 0.12, 0.08, 0.08, 0.7);
	cairo_set_line_width(cr, w + 2 * p->lw);
	cairo_stroke_preserve(cr);
	set(cr, c, 1);
	cairo_set_line_width(cr, w);
	cairo_stroke(cr);
}

static void
line(struct pen *p, struct rgb c, double w)
{
	cairo_set_line_cap(p->cr, CAIRO_LINE_CAP_ROUND);
	set(p->cr, c, 1);
	cairo_set_line_width(p->cr, w);
	cairo_stroke(p->cr);
}

static void
tri(cairo_t *cr, double x1, double y1, double x2, double y2, double x3,
    double y3)
{
	cairo_move_to(cr, x1, y1);
	cairo_line_to(cr, x2, y2);
	cairo_line_to(cr, x3, y3);
	cairo_close_path(cr);
}

/*
 * Eyes, brows and a mouth on a head of radius r centred at (x, y),
 * turned a little toward +x. The expression shows in all three.
 */
static void
face(struct pen *p, double x, double y, double r)
{
	cairo_t *cr = p->cr;
	struct rgb ink = { 0.1, 0.08, 0.12 };
	double ex = x + r * 0.12, ey = y - r * 0.08, d = r * 0.36;
	double er = r * (p->expr == EXPR_SURPRISED ? 0.24 : 0.19);
	int k;

	for (k = -1; k <= 1; k += 2) {
		double cx = ex + k * d;

		if (p->expr == EXPR_CALM || p->expr == EXPR_HAPPY) {
			/* Closed, smiling eyes when calm; open when happy. */
			if (p->expr == EXPR_CALM) {
				cairo_new_path(cr);
				cairo_arc(cr, cx, ey - er * 0.3, er * 0.8,
				    0.15 * M_PI, 0.85 * M_PI);
				line(p, ink, r * 0.07);
				continue;
			}
		}
		cairo_set_source_rgb(cr, 1, 1, 1);
		ellipse(cr, cx, ey, er, er * 1.1);
		cairo_fill(cr);
		set(cr, ink, 1);
		ellipse(cr, cx + er * 0.25, ey + er * 0.1, er * 0.55,
		    er * 0.62);
		cairo_fill(cr);
		/* Brows: raised, or tilted up in the middle. */
		cairo_new_path(cr);
		if (p->expr == EXPR_SURPRISED) {
			cairo_arc(cr, cx, ey - er * 0.4, er * 1.3, 1.2 * M_PI,
			    1.8 * M_PI);
		} else if (p->expr == EXPR_SAD || p->expr == EXPR_WORRIED) {
			/* Inner ends raised: a worried, sad brow. */
			cairo_move_to(cr, cx - k * er * 0.9, ey - er * 2.0);
			cairo_line_to(cr, cx + k * er * 1.1, ey - er * 1.4);
		}
		line(p, ink, r * 0.07);
	}
	cairo_new_path(cr);
	switch (p->expr) {
	case EXPR_HAPPY:
		cairo_arc(cr, ex, y + r * 0.3, r * 0.32, 0.05 * M_PI,
		    0.95 * M_PI);
		cairo_close_path(cr);
		set(cr, rgb(0x7a1f2b), 1);
		cairo_fill_preserve(cr);
		line(p, ink, r * 0.06);
		break;
	case EXPR_SAD:
		cairo_arc(cr, ex, y + r * 0.62, r * 0.25, 1.15 * M_PI,
		    1.85 * M_PI);
		line(p, ink, r * 0.08);
		/* A tear. */
		cairo_set_source_rgba(cr, 0.4, 0.7, 1, 0.9);
		ellipse(cr, ex - d - r * 0.05, ey + er * 1.9, r * 0.07,
		    r * 0.11);
		cairo_fill(cr);
		break;
	case EXPR_WORRIED:
		cairo_move_to(cr, ex - r * 0.25, y + r * 0.45);
		cairo_curve_to(cr, ex - r * 0.1, y + r * 0.33, ex + r * 0.05,
		    y + r * 0.55, ex + r * 0.25, y + r * 0.4);
		line(p, ink, r * 0.08);
		break;
	case EXPR_SURPRISED:
		ellipse(cr, ex, y + r * 0.45, r * 0.12, r * 0.17);
		set(cr, rgb(0x5a1520), 1);
		cairo_fill(cr);
		break;
	default:
		cairo_arc(cr, ex, y + r * 0.2, r * 0.25, 0.25 * M_PI,
		    0.75 * M_PI);
		line(p, ink, r * 0.07);
	}
}

/* A black nose at (x, y). */
static void
nose(struct pen *p, double x, double y, double r)
{
	set(p->cr, rgb(0x2b2020), 1);
	ellipse(p->cr, x, y, r, r * 0.75);
	cairo_fill(p->cr);
}

/* The character's accessory on a head of radius r at (x, y). */
static void
accessory(struct pen *p, double x, double y, double r)
{
	cairo_t *cr = p->cr;

	cairo_new_path(cr);
	switch (p->accessory) {
	case 1:		/* a scarf under the head */
		rounded(cr, x - r * 0.75, y + r * 0.8, r * 1.5, r * 0.32,
		    r * 0.15);
		cairo_rectangle(cr, x - r * 0.5, y + r * 0.9, r * 0.28,
		    r * 0.7);
		fill(p, p->own);
		break;
	case 2:		/* a small hat */
		rounded(cr, x - r * 0.8, y - r * 1.0, r * 1.6, r * 0.18,
		    r * 0.08);
		rounded(cr, x - r * 0.45, y - r * 1.55, r * 0.9, r * 0.65,
		    r * 0.12);
		fill(p, p->own);
		break;
	case 3:		/* a bow on top */
		tri(cr, x, y - r * 0.95, x - r * 0.5, y - r * 1.3,
		    x - r * 0.5, y - r * 0.65);
		tri(cr, x, y - r * 0.95, x + r * 0.5, y - r * 1.3,
		    x + r * 0.5, y - r * 0.65);
		fill(p, p->own);
		break;
	}
}

/* Four legs under a body: x positions of the hind and fore pairs. */
static void
legs4(struct pen *p, double xh, double xf, double top, double w,
    struct rgb c)
{
	double k[4] = { xh - w * 0.6, xf - w * 0.6, xh + w * 0.6,
		xf + w * 0.6 };
	int i;

	for (i = 0; i < 4; i++) {
		cairo_new_path(p->cr);
		cairo_move_to(p->cr, k[i], top);
		cairo_line_to(p->cr, k[i], -w / 2);
		limb(p, i < 2 ? shade(c, -0.2) : c, w);
	}
}

/* Pointed ears on a head at (x, y) of radius r, t tall. */
static void
ears_pointed(struct pen *p, double x, double y, double r, double t,
    struct rgb c)
{
	cairo_t *cr = p->cr;
	int k;

	for (k = -1; k <= 1; k += 2) {
		double bx = x + k * r * 0.55;

		tri(cr, bx - r * 0.35, y - r * 0.6, bx + k * r * 0.1,
		    y - r * 0.6 - t, bx + r * 0.35, y - r * 0.55);
		fill(p, c);
		tri(cr, bx - r * 0.18, y - r * 0.65, bx + k * r * 0.08,
		    y - r * 0.6 - t * 0.7, bx + r * 0.18, y - r * 0.62);
		flat(p, rgb(0xf2b8b0), 1);
	}
}

static void
ears_round(struct pen *p, double x, double y, double r, double er,
    struct rgb c, struct rgb in)
{
	int k;

	for (k = -1; k <= 1; k += 2) {
		cairo_arc(p->cr, x + k * r * 0.7, y - r * 0.7, er, 0,
		    2 * M_PI);
		fill(p, c);
		cairo_arc(p->cr, x + k * r * 0.7, y - r * 0.7, er * 0.55, 0,
		    2 * M_PI);
		flat(p, in, 1);
	}
}

/* A round head with a muzzle toward +x, a nose and a face. */
static void
head(struct pen *p, double x, double y, double r, double snout,
    struct rgb c, struct rgb muzzle)
{
	cairo_arc(p->cr, x, y, r, 0, 2 * M_PI);
	fill(p, c);
	if (snout > 0) {
		ellipse(p->cr, x + r * (0.45 + snout * 0.5), y + r * 0.35,
		    r * (0.45 + snout * 0.4), r * 0.32);
		fill(p, muzzle);
		nose(p, x + r * (0.45 + snout * 0.9), y + r * 0.22, r * 0.13);
	}
	face(p, x - r * 0.1, y - r * 0.05, r * 0.85);
}

static void
fox(struct pen *p)
{
	cairo_t *cr = p->cr;
	struct rgb white = rgb(0xfaf6ef);

	/* The big bushy tail, white at the tip. */
	cairo_move_to(cr, -0.28, -0.45);
	cairo_curve_to(cr, -0.5, -0.7, -0.85, -0.62, -0.95, -0.38);
	cairo_curve_to(cr, -0.8, -0.3, -0.5, -0.28, -0.28, -0.38);
	cairo_close_path(cr);
	fill(p, p->c);
	ellipse(cr, -0.88, -0.41, 0.09, 0.07);
	fill(p, white);
	legs4(p, -0.2, 0.2, -0.4, 0.07, rgb(0x3a2a22));
	ellipse(cr, 0, -0.45, 0.34, 0.15);
	fill(p, p->c);
	ears_pointed(p, 0.38, -0.66, 0.15, 0.2, p->c);
	/* A long pointed snout. */
	cairo_arc(cr, 0.38, -0.66, 0.15, 0, 2 * M_PI);
	fill(p, p->c);
	tri(cr, 0.44, -0.7, 0.72, -0.6, 0.44, -0.52);
	fill(p, white);
	nose(p, 0.71, -0.6, 0.025);
	face(p, 0.34, -0.68, 0.12);
	accessory(p, 0.38, -0.66, 0.15);
}

static void
cat(struct pen *p)
{
	cairo_t *cr = p->cr;

	/* Sitting up, the tail curling up behind. */
	cairo_move_to(cr, -0.12, -0.05);
	cairo_curve_to(cr, -0.45, -0.05, -0.42, -0.45, -0.3, -0.6);
	limb(p, p->c, 0.07);
	ellipse(cr, 0, -0.3, 0.2, 0.3);
	fill(p, p->c);
	ellipse(cr, 0.05, -0.3, 0.1, 0.2);
	flat(p, p->lt, 1);
	cairo_move_to(cr, 0.08, -0.35);
	cairo_line_to(cr, 0.08, -0.03);
	cairo_move_to(cr, 0.17, -0.35);
	cairo_line_to(cr, 0.17, -0.03);
	limb(p, p->c, 0.07);
	ears_pointed(p, 0.05, -0.72, 0.17, 0.13, p->c);
	cairo_arc(cr, 0.05, -0.72, 0.17, 0, 2 * M_PI);
	fill(p, p->c);
	face(p, 0.04, -0.74, 0.15);
	nose(p, 0.07, -0.68, 0.02);
	/* Whiskers. */
	cairo_move_to(cr, 0.16, -0.67);
	cairo_line_to(cr, 0.32, -0.7);
	cairo_move_to(cr, 0.16, -0.65);
	cairo_line_to(cr, 0.32, -0.62);
	cairo_move_to(cr, -0.04, -0.67);
	cairo_line_to(cr, -0.2, -0.7);
	line(p, rgb(0x333333), 0.008);
	accessory(p, 0.05, -0.72, 0.17);
}

static void
dog(struct pen *p)
{
	cairo_t *cr = p->cr;

	/* A wagging tail held up. */
	cairo_move_to(cr, -0.3, -0.5);
	cairo_curve_to(cr, -0.42, -0.6, -0.44, -0.72, -0.38, -0.8);
	limb(p, p->c, 0.06);
	legs4(p, -0.2, 0.2, -0.42, 0.09, p->c);
	ellipse(cr, 0, -0.48, 0.33, 0.16);
	fill(p, p->c);
	/* A square snout and floppy ears hanging down. */
	rounded(cr, 0.38, -0.7, 0.25, 0.14, 0.05);
	fill(p, p->lt);
	nose(p, 0.6, -0.67, 0.035);
	cairo_arc(cr, 0.35, -0.72, 0.15, 0, 2 * M_PI);
	fill(p, p->c);
	ellipse(cr, 0.22, -0.66, 0.06, 0.13);
	ellipse(cr, 0.47, -0.66, 0.06, 0.13);
	fill(p, p->dk);
	face(p, 0.33, -0.74, 0.12);
	accessory(p, 0.35, -0.72, 0.15);
}

static void
tiger(struct pen *p)
{
	cairo_t *cr = p->cr;
	int k;

	cairo_move_to(cr, -0.42, -0.45);
	cairo_curve_to(cr, -0.7, -0.4, -0.8, -0.45, -0.85, -0.75);
	limb(p, p->c, 0.06);
	legs4(p, -0.27, 0.27, -0.38, 0.1, p->c);
	ellipse(cr, 0, -0.42, 0.45, 0.15);
	fill(p, p->c);
	/* Stripes over the back and the tail. */
	for (k = 0; k < 6; k++) {
		double sx = -0.32 + k * 0.12;

		cairo_move_to(cr, sx, -0.56);
		cairo_curve_to(cr, sx + 0.04, -0.49, sx - 0.02, -0.44,
		    sx + 0.02, -0.38);
	}
	line(p, rgb(0x2a1a12), 0.03);
	ears_round(p, 0.48, -0.57, 0.17, 0.055, p->c, p->lt);
	head(p, 0.48, -0.57, 0.17, 0.25, p->c, rgb(0xfaf6ef));
	cairo_move_to(cr, 0.42, -0.74);
	cairo_line_to(cr, 0.44, -0.68);
	cairo_move_to(cr, 0.5, -0.74);
	cairo_line_to(cr, 0.5, -0.67);
	line(p, rgb(0x2a1a12), 0.02);
	accessory(p, 0.48, -0.57, 0.17);
}

static void
lion(struct pen *p)
{
	cairo_t *cr = p->cr;
	int k;

	/* A thin tail with a tuft. */
	cairo_move_to(cr, -0.38, -0.45);
	cairo_curve_to(cr, -0.6, -0.4, -0.65, -0.6, -0.6, -0.72);
	limb(p, p->c, 0.04);
	cairo_arc(cr, -0.6, -0.74, 0.05, 0, 2 * M_PI);
	fill(p, rgb(0x8a4b1a));
	legs4(p, -0.24, 0.22, -0.4, 0.1, p->c);
	ellipse(cr, 0, -0.44, 0.4, 0.16);
	fill(p, p->c);
	/* The mane: a scalloped ring round the head. */
	for (k = 0; k < 14; k++) {
		double a = k * 2 * M_PI / 14;

		cairo_new_sub_path(cr);
		cairo_arc(cr, 0.4 + cos(a) * 0.2, -0.66 + sin(a) * 0.2, 0.08,
		    0, 2 * M_PI);
	}
	fill(p, rgb(0x9a5220));
	cairo_arc(cr, 0.4, -0.66, 0.22, 0, 2 * M_PI);
	fill(p, rgb(0x9a5220));
	ears_round(p, 0.42, -0.64, 0.15, 0.045, p->c, p->lt);
	head(p, 0.42, -0.64, 0.15, 0.15, p->c, rgb(0xfbe7b5));
	accessory(p, 0.42, -0.64, 0.26);
}

static void
bear(struct pen *p)
{
	cairo_t *cr = p->cr;

	legs4(p, -0.22, 0.2, -0.4, 0.15, p->c);
	ellipse(cr, 0, -0.45, 0.4, 0.28);
	fill(p, p->c);
	ears_round(p, 0.36, -0.72, 0.2, 0.07, p->c, p->lt);
	head(p, 0.36, -0.72, 0.2, 0.1, p->c, p->lt);
	accessory(p, 0.36, -0.72, 0.2);
}

static void
deer(struct pen *p)
{
	cairo_t *cr = p->cr;
	int k;

	legs4(p, -0.2, 0.2, -0.52, 0.05, p->c);
	ellipse(cr, -0.3, -0.6, 0.05, 0.04);
	fill(p, rgb(0xfaf6ef));
	ellipse(cr, 0, -0.58, 0.3, 0.13);
	fill(p, p->c);
	/* White spots on the back. */
	for (k = 0; k < 5; k++) {
		cairo_arc(cr, -0.2 + k * 0.09, -0.63 + (k % 2) * 0.04, 0.018,
		    0, 2 * M_PI);
		flat(p, rgb(0xfaf6ef), 0.9);
	}
	/* A long neck up to a small head. */
	cairo_move_to(cr, 0.2, -0.6);
	cairo_line_to(cr, 0.3, -0.86);
	limb(p, p->c, 0.1);
	/* Antlers, branching. */
	for (k = -1; k <= 1; k += 2) {
		double bx = 0.3 + k * 0.05;

		cairo_move_to(cr, bx, -0.95);
		cairo_line_to(cr, bx + k * 0.1, -1.15);
		cairo_move_to(cr, bx + k * 0.05, -1.05);
		cairo_line_to(cr, bx + k * 0.14, -1.06);
		cairo_move_to(cr, bx + k * 0.08, -1.11);
		cairo_line_to(cr, bx + k * 0.03, -1.2);
		limb(p, rgb(0x6b4a2e), 0.022);
	}
	/* Big ears sideways. */
	ellipse(cr, 0.17, -0.95, 0.07, 0.03);
	ellipse(cr, 0.43, -0.95, 0.07, 0.03);
	fill(p, p->c);
	head(p, 0.3, -0.9, 0.09, 0.35, p->c, p->lt);
	accessory(p, 0.3, -0.9, 0.09);
}

static void
horse(struct pen *p)
{
	cairo_t *cr = p->cr;
	struct rgb mane = shade(p->c, -0.55);

	/* A long flowing tail. */
	cairo_move_to(cr, -0.36, -0.62);
	cairo_curve_to(cr, -0.55, -0.6, -0.52, -0.35, -0.5, -0.25);
	limb(p, mane, 0.07);
	legs4(p, -0.25, 0.22, -0.55, 0.08, p->c);
	ellipse(cr, 0, -0.62, 0.38, 0.16);
	fill(p, p->c);
	/* A thick neck with a mane, and a long head. */
	cairo_move_to(cr, 0.2, -0.62);
	cairo_line_to(cr, 0.38, -0.98);
	limb(p, p->c, 0.17);
	cairo_move_to(cr, 0.23, -0.75);
	cairo_line_to(cr, 0.34, -1.05);
	limb(p, mane, 0.05);
	cairo_save(cr);
	cairo_translate(cr, 0.48, -0.98);
	cairo_rotate(cr, 0.45);
	ellipse(cr, 0, 0, 0.16, 0.075);
	cairo_restore(cr);
	fill(p, p->c);
	tri(cr, 0.34, -1.05, 0.37, -1.14, 0.41, -1.05);
	fill(p, p->c);
	nose(p, 0.6, -0.91, 0.02);
	face(p, 0.42, -1.0, 0.07);
	accessory(p, 0.4, -1.0, 0.09);
}

static void
cow(struct pen *p)
{
	cairo_t *cr = p->cr;
	struct rgb patch = rgb(0x2b2420);

	cairo_move_to(cr, -0.42, -0.68);
	cairo_curve_to(cr, -0.5, -0.6, -0.5, -0.45, -0.5, -0.32);
	limb(p, p->c, 0.025);
	cairo_arc(cr, -0.5, -0.3, 0.035, 0, 2 * M_PI);
	fill(p, patch);
	legs4(p, -0.28, 0.25, -0.4, 0.1, p->c);
	/* The udder. */
	ellipse(cr, -0.12, -0.36, 0.08, 0.05);
	fill(p, rgb(0xf4a6b4));
	rounded(cr, -0.42, -0.78, 0.82, 0.42, 0.12);
	fill(p, p->c);
	ellipse(cr, -0.15, -0.64, 0.12, 0.08);
	ellipse(cr, 0.16, -0.7, 0.08, 0.06);
	flat(p, patch, 1);
	/* Horns, sideways ears and a wide pink muzzle. */
	tri(cr, 0.38, -0.88, 0.32, -0.98, 0.43, -0.9);
	tri(cr, 0.56, -0.88, 0.62, -0.98, 0.51, -0.9);
	fill(p, rgb(0xf2ead0));
	ellipse(cr, 0.31, -0.86, 0.07, 0.03);
	ellipse(cr, 0.63, -0.86, 0.07, 0.03);
	fill(p, p->c);
	ellipse(cr, 0.47, -0.8, 0.13, 0.12);
	fill(p, p->c);
	ellipse(cr, 0.47, -0.7, 0.12, 0.07);
	fill(p, rgb(0xf4a6b4));
	face(p, 0.46, -0.84, 0.1);
	accessory(p, 0.47, -0.8, 0.13);
}

static void
goat(struct pen *p)
{
	cairo_t *cr = p->cr;

	cairo_move_to(cr, -0.28, -0.55);
	cairo_line_to(cr, -0.34, -0.66);
	limb(p, p->c, 0.04);
	legs4(p, -0.18, 0.17, -0.45, 0.05, p->c);
	ellipse(cr, 0, -0.5, 0.3, 0.13);
	fill(p, p->c);
	cairo_move_to(cr, 0.18, -0.52);
	cairo_line_to(cr, 0.28, -0.72);
	limb(p, p->c, 0.1);
	/* Horns curving back, a narrow head and a beard. */
	cairo_move_to(cr, 0.27, -0.83);
	cairo_curve_to(cr, 0.24, -0.98, 0.1, -1.0, 0.08, -0.88);
	limb(p, rgb(0x8d7b63), 0.03);
	cairo_save(cr);
	cairo_translate(cr, 0.34, -0.76);
	cairo_rotate(cr, 0.5);
	ellipse(cr, 0, 0, 0.11, 0.065);
	cairo_restore(cr);
	fill(p, p->c);
	tri(cr, 0.36, -0.7, 0.42, -0.7, 0.38, -0.56);
	fill(p, rgb(0xcfc6b6));
	ellipse(cr, 0.24, -0.8, 0.06, 0.022);
	fill(p, p->c);
	nose(p, 0.43, -0.71, 0.015);
	face(p, 0.31, -0.79, 0.065);
	accessory(p, 0.31, -0.79, 0.08);
}

static void
elephant(struct pen *p)
{
	cairo_t *cr = p->cr;

	cairo_move_to(cr, -0.42, -0.55);
	cairo_line_to(cr, -0.5, -0.35);
	limb(p, p->c, 0.025);
	legs4(p, -0.25, 0.22, -0.4, 0.16, p->c);
	ellipse(cr, 0, -0.55, 0.45, 0.3);
	fill(p, p->c);
	/* A big ear, a trunk curling out and a tusk. */
	cairo_move_to(cr, 0.52, -0.55);
	cairo_curve_to(cr, 0.68, -0.5, 0.7, -0.25, 0.66, -0.12);
	cairo_curve_to(cr, 0.72, -0.1, 0.8, -0.14, 0.8, -0.22);
	limb(p, p->c, 0.09);
	tri(cr, 0.56, -0.45, 0.68, -0.36, 0.6, -0.42);
	fill(p, rgb(0xfbf7ec));
	cairo_arc(cr, 0.45, -0.66, 0.2, 0, 2 * M_PI);
	fill(p, p->c);
	ellipse(cr, 0.33, -0.63, 0.16, 0.22);
	fill(p, shade(p->c, 0.15));
	ellipse(cr, 0.33, -0.63, 0.1, 0.15);
	flat(p, rgb(0xe9b7b7), 0.8);
	face(p, 0.52, -0.7, 0.12);
	accessory(p, 0.45, -0.66, 0.2);
}

static void
monkey(struct pen *p)
{
	cairo_t *cr = p->cr;
	struct rgb tan = rgb(0xf0cfa0);

	/* A long tail curling up into a spiral. */
	cairo_move_to(cr, -0.12, -0.2);
	cairo_curve_to(cr, -0.45, -0.2, -0.5, -0.6, -0.4, -0.75);
	cairo_curve_to(cr, -0.3, -0.85, -0.22, -0.72, -0.3, -0.66);
	limb(p, p->c, 0.035);
	/* Bent legs and long arms. */
	cairo_move_to(cr, -0.06, -0.22);
	cairo_line_to(cr, -0.14, -0.1);
	cairo_line_to(cr, -0.08, 0);
	cairo_move_to(cr, 0.06, -0.22);
	cairo_line_to(cr, 0.14, -0.1);
	cairo_line_to(cr, 0.12, 0);
	limb(p, p->c, 0.06);
	ellipse(cr, 0, -0.4, 0.16, 0.22);
	fill(p, p->c);
	ellipse(cr, 0.02, -0.38, 0.09, 0.14);
	flat(p, tan, 1);
	cairo_move_to(cr, 0.1, -0.52);
	if (p->expr == EXPR_HAPPY || p->expr == EXPR_SURPRISED)
		cairo_line_to(cr, 0.28, -0.85);
	else
		cairo_line_to(cr, 0.26, -0.2);
	cairo_move_to(cr, -0.1, -0.52);
	cairo_line_to(cr, -0.22, -0.22);
	limb(p, p->c, 0.05);
	/* Big round ears, a pale heart-shaped face. */
	ears_round(p, 0.02, -0.78, 0.22, 0.075, p->c, tan);
	cairo_arc(cr, 0.02, -0.78, 0.16, 0, 2 * M_PI);
	fill(p, p->c);
	ellipse(cr, 0.04, -0.74, 0.12, 0.11);
	flat(p, tan, 1);
	face(p, 0.03, -0.76, 0.12);
	accessory(p, 0.02, -0.78, 0.16);
}

static void
squirrel(struct pen *p)
{
	cairo_t *cr = p->cr;

	/* A huge bushy tail rising behind and curling over. */
	cairo_move_to(cr, -0.1, -0.08);
	cairo_curve_to(cr, -0.55, -0.1, -0.6, -0.55, -0.4, -0.85);
	cairo_curve_to(cr, -0.3, -1.0, -0.08, -0.98, -0.05, -0.88);
	cairo_curve_to(cr, -0.2, -0.9, -0.3, -0.78, -0.25, -0.6);
	cairo_curve_to(cr, -0.2, -0.4, -0.18, -0.25, -0.05, -0.2);
	cairo_close_path(cr);
	fill(p, shade(p->c, 0.08));
	ellipse(cr, 0.05, -0.25, 0.14, 0.22);
	fill(p, p->c);
	ellipse(cr, 0.1, -0.24, 0.07, 0.14);
	flat(p, rgb(0xf6e2c4), 1);
	ellipse(cr, 0.1, -0.02, 0.08, 0.03);
	fill(p, p->c);
	/* Paws held up, holding an acorn. */
	cairo_arc(cr, 0.2, -0.36, 0.04, 0, 2 * M_PI);
	fill(p, rgb(0x8a5a2b));
	ears_pointed(p, 0.1, -0.55, 0.12, 0.08, p->c);
	cairo_arc(cr, 0.1, -0.55, 0.12, 0, 2 * M_PI);
	fill(p, p->c);
	ellipse(cr, 0.2, -0.52, 0.05, 0.035);
	fill(p, rgb(0xf6e2c4));
	nose(p, 0.24, -0.53, 0.015);
	face(p, 0.08, -0.57, 0.1);
	accessory(p, 0.1, -0.55, 0.12);
}

static void
rabbit(struct pen *p)
{
	cairo_t *cr = p->cr;
	int k;

	cairo_arc(cr, -0.27, -0.2, 0.07, 0, 2 * M_PI);
	fill(p, rgb(0xffffff));
	ellipse(cr, 0, -0.22, 0.25, 0.21);
	fill(p, p->c);
	ellipse(cr, 0.02, -0.03, 0.14, 0.04);
	fill(p, p->c);
	/* Very long ears standing up. */
	for (k = -1; k <= 1; k += 2) {
		cairo_save(cr);
		cairo_translate(cr, 0.18 + k * 0.06, -0.72);
		cairo_rotate(cr, k * 0.15);
		ellipse(cr, 0, 0, 0.055, 0.22);
		fill(p, p->c);
		ellipse(cr, 0, 0.01, 0.028, 0.17);
		flat(p, rgb(0xf4b6c2), 1);
		cairo_restore(cr);
	}
	cairo_arc(cr, 0.18, -0.45, 0.14, 0, 2 * M_PI);
	fill(p, p->c);
	nose(p, 0.27, -0.42, 0.018);
	face(p, 0.16, -0.47, 0.12);
	accessory(p, 0.18, -0.45, 0.14);
}

static void
mouse(struct pen *p)
{
	cairo_t *cr = p->cr;

	/* A long thin tail along the ground, curling up. */
	cairo_move_to(cr, -0.28, -0.12);
	cairo_curve_to(cr, -0.55, -0.02, -0.75, -0.05, -0.8, -0.28);
	limb(p, rgb(0xe9a9b2), 0.018);
	cairo_move_to(cr, -0.28, -0.12);
	cairo_curve_to(cr, -0.2, -0.42, 0.2, -0.42, 0.42, -0.14);
	cairo_curve_to(cr, 0.3, -0.02, -0.2, -0.02, -0.28, -0.12);
	cairo_close_path(cr);
	fill(p, p->c);
	/* Big round ears. */
	cairo_arc(cr, 0.15, -0.4, 0.1, 0, 2 * M_PI);
	fill(p, p->c);
	cairo_arc(cr, 0.15, -0.4, 0.06, 0, 2 * M_PI);
	flat(p, rgb(0xf4b6c2), 1);
	nose(p, 0.43, -0.15, 0.02);
	face(p, 0.27, -0.22, 0.08);
	cairo_move_to(cr, 0.4, -0.16);
	cairo_line_to(cr, 0.52, -0.2);
	cairo_move_to(cr, 0.4, -0.14);
	cairo_line_to(cr, 0.52, -0.12);
	line(p, rgb(0x333333), 0.006);
	accessory(p, 0.3, -0.26, 0.08);
}

static void
turtle(struct pen *p)
{
	cairo_t *cr = p->cr;
	int k;

	legs4(p, -0.22, 0.22, -0.1, 0.08, rgb(0x8cc084));
	cairo_move_to(cr, 0.3, -0.12);
	cairo_line_to(cr, 0.48, -0.24);
	limb(p, rgb(0x8cc084), 0.08);
	/* A domed shell with plates. */
	cairo_move_to(cr, -0.4, -0.08);
	cairo_curve_to(cr, -0.38, -0.46, 0.38, -0.46, 0.4, -0.08);
	cairo_close_path(cr);
	fill(p, p->c);
	for (k = 0; k < 3; k++) {
		cairo_arc(cr, -0.17 + k * 0.17, -0.2 - (k == 1) * 0.06, 0.065,
		    0, 2 * M_PI);
		flat(p, shade(p->c, -0.2), 1);
	}
	rounded(cr, -0.42, -0.12, 0.84, 0.06, 0.03);
	fill(p, rgb(0xd8c58a));
	cairo_arc(cr, 0.53, -0.28, 0.09, 0, 2 * M_PI);
	fill(p, rgb(0x8cc084));
	face(p, 0.54, -0.29, 0.07);
	accessory(p, 0.53, -0.28, 0.09);
}

static void
frog(struct pen *p)
{
	cairo_t *cr = p->cr;
	int k;

	/* Folded hind legs on both sides and big webbed feet. */
	for (k = -1; k <= 1; k += 2) {
		ellipse(cr, k * 0.26, -0.12, 0.12, 0.1);
		fill(p, shade(p->c, -0.1));
		ellipse(cr, k * 0.33, -0.02, 0.1, 0.025);
		fill(p, shade(p->c, -0.1));
	}
	ellipse(cr, 0, -0.2, 0.28, 0.2);
	fill(p, p->c);
	ellipse(cr, 0, -0.14, 0.18, 0.1);
	flat(p, rgb(0xdff0b0), 1);
	cairo_move_to(cr, -0.08, -0.1);
	cairo_line_to(cr, -0.1, 0);
	cairo_move_to(cr, 0.08, -0.1);
	cairo_line_to(cr, 0.1, 0);
	limb(p, p->c, 0.04);
	/* Eyes bulging on top. */
	for (k = -1; k <= 1; k += 2) {
		cairo_arc(cr, k * 0.13, -0.4, 0.09, 0, 2 * M_PI);
		fill(p, p->c);
	}
	face(p, -0.01, -0.36, 0.2);
	accessory(p, 0, -0.32, 0.14);
}

static void
fish(struct pen *p)
{
	cairo_t *cr = p->cr;

	/* In a bubble of water, so that it can be anywhere. */
	cairo_arc(cr, 0, -0.45, 0.45, 0, 2 * M_PI);
	flat(p, rgb(0x9ad8ff), 0.35);
	tri(cr, -0.25, -0.45, -0.48, -0.65, -0.48, -0.25);
	fill(p, shade(p->c, -0.1));
	tri(cr, -0.1, -0.58, 0.05, -0.75, 0.15, -0.58);
	fill(p, shade(p->c, -0.1));
	ellipse(cr, 0, -0.45, 0.3, 0.17);
	fill(p, p->c);
	cairo_move_to(cr, 0.1, -0.58);
	cairo_curve_to(cr, 0.05, -0.5, 0.05, -0.4, 0.1, -0.32);
	line(p, shade(p->c, -0.25), 0.012);
	face(p, 0.18, -0.47, 0.09);
}

/* A perching bird: body, head, beak, wing, tail and thin legs. */
static void
bird(struct pen *p)
{
	cairo_t *cr = p->cr;

	cairo_move_to(cr, -0.02, -0.2);
	cairo_line_to(cr, -0.04, 0);
	cairo_move_to(cr, 0.08, -0.2);
	cairo_line_to(cr, 0.08, 0);
	line(p, rgb(0xe08a1e), 0.015);
	tri(cr, -0.2, -0.38, -0.46, -0.56, -0.42, -0.42);
	fill(p, shade(p->c, -0.2));
	ellipse(cr, 0, -0.33, 0.23, 0.17);
	fill(p, p->c);
	ellipse(cr, 0.08, -0.28, 0.13, 0.1);
	flat(p, rgb(0xe8553b), 0.9);
	ellipse(cr, -0.06, -0.36, 0.14, 0.07);
	fill(p, shade(p->c, -0.2));
	cairo_arc(cr, 0.16, -0.52, 0.12, 0, 2 * M_PI);
	fill(p, p->c);
	tri(cr, 0.26, -0.55, 0.38, -0.5, 0.26, -0.47);
	fill(p, rgb(0xf4a020));
	face(p, 0.14, -0.54, 0.09);
	accessory(p, 0.16, -0.52, 0.12);
}

static void
owl(struct pen *p)
{
	cairo_t *cr = p->cr;
	struct rgb disc = rgb(0xf3e1c0);
	int k;

	/* An upright egg with ear tufts and a facial disc, on a branch. */
	cairo_move_to(cr, -0.45, -0.02);
	cairo_line_to(cr, 0.45, -0.02);
	cairo_move_to(cr, 0.28, -0.02);
	cairo_line_to(cr, 0.4, -0.12);
	limb(p, rgb(0x7a4b2a), 0.04);
	ellipse(cr, 0.4, -0.14, 0.05, 0.025);
	fill(p, rgb(0x5dbb63));
	for (k = -1; k <= 1; k += 2)
		tri(cr, k * 0.1, -0.7, k * 0.26, -0.92, k * 0.24, -0.66);
	fill(p, p->c);
	ellipse(cr, 0, -0.42, 0.27, 0.38);
	fill(p, p->c);
	for (k = -1; k <= 1; k += 2) {
		ellipse(cr, k * 0.22, -0.36, 0.1, 0.22);
		fill(p, shade(p->c, -0.2));
	}
	ellipse(cr, 0, -0.3, 0.15, 0.17);
	flat(p, shade(disc, -0.05), 1);
	for (k = 0; k < 3; k++) {
		cairo_move_to(cr, -0.06 + k * 0.06, -0.3);
		cairo_line_to(cr, -0.03 + k * 0.06, -0.25);
	}
	line(p, shade(p->c, -0.3), 0.012);
	for (k = -1; k <= 1; k += 2) {
		cairo_arc(cr, k * 0.1, -0.6, 0.1, 0, 2 * M_PI);
		fill(p, disc);
	}
	face(p, -0.012, -0.56, 0.27);
	tri(cr, -0.025, -0.52, 0.025, -0.52, 0, -0.45);
	fill(p, rgb(0xe0a020));
	for (k = -1; k <= 1; k += 2) {
		cairo_move_to(cr, k * 0.07 - 0.03, -0.02);
		cairo_line_to(cr, k * 0.07 + 0.03, -0.02);
		line(p, rgb(0xe0a020), 0.03);
	}
	accessory(p, 0, -0.62, 0.2);
}

static void
crow(struct pen *p)
{
	cairo_t *cr = p->cr;
	struct rgb sheen = rgb(0x3a4a6a);

	cairo_move_to(cr, 0, -0.22);
	cairo_line_to(cr, -0.03, 0);
	cairo_move_to(cr, 0.08, -0.22);
	cairo_line_to(cr, 0.1, 0);
	line(p, rgb(0x303030), 0.015);
	/* A long wedge tail and a slim body, tilted. */
	tri(cr, -0.2, -0.38, -0.62, -0.3, -0.6, -0.2);
	fill(p, p->c);
	cairo_save(cr);
	cairo_translate(cr, 0, -0.36);
	cairo_rotate(cr, -0.3);
	ellipse(cr, 0, 0, 0.28, 0.13);
	cairo_restore(cr);
	fill(p, p->c);
	ellipse(cr, -0.05, -0.38, 0.17, 0.06);
	fill(p, sheen);
	cairo_arc(cr, 0.25, -0.56, 0.1, 0, 2 * M_PI);
	fill(p, p->c);
	/* A long, strong beak. */
	tri(cr, 0.32, -0.6, 0.55, -0.53, 0.32, -0.5);
	fill(p, rgb(0x4a4a4a));
	face(p, 0.23, -0.58, 0.08);
	accessory(p, 0.25, -0.56, 0.1);
}

static void
dove(struct pen *p)
{
	cairo_t *cr = p->cr;
	int k;

	cairo_move_to(cr, 0, -0.18);
	cairo_line_to(cr, -0.02, 0);
	cairo_move_to(cr, 0.08, -0.18);
	cairo_line_to(cr, 0.09, 0);
	line(p, rgb(0xd86a7a), 0.015);
	/* A fanned tail and both wings raised, as in flight. */
	cairo_move_to(cr, -0.22, -0.32);
	cairo_line_to(cr, -0.5, -0.45);
	cairo_curve_to(cr, -0.52, -0.35, -0.52, -0.25, -0.48, -0.16);
	cairo_close_path(cr);
	fill(p, shade(p->c, -0.06));
	for (k = 0; k < 2; k++) {
		double dx = k ? 0.06 : -0.06;

		cairo_move_to(cr, -0.05 + dx, -0.4);
		cairo_curve_to(cr, -0.25 + dx, -0.6, -0.35 + dx, -0.8,
		    -0.3 + dx * 2, -0.95);
		cairo_curve_to(cr, -0.1 + dx, -0.85, 0.1 + dx, -0.6,
		    0.1 + dx, -0.4);
		cairo_close_path(cr);
		fill(p, k ? p->c : shade(p->c, -0.1));
	}
	ellipse(cr, 0, -0.3, 0.24, 0.14);
	fill(p, p->c);
	cairo_arc(cr, 0.24, -0.45, 0.09, 0, 2 * M_PI);
	fill(p, p->c);
	tri(cr, 0.32, -0.47, 0.4, -0.44, 0.32, -0.41);
	fill(p, rgb(0xf0a0a8));
	face(p, 0.23, -0.46, 0.07);
	/* An olive twig in the beak. */
	cairo_move_to(cr, 0.36, -0.44);
	cairo_line_to(cr, 0.48, -0.36);
	line(p, rgb(0x5b8a3a), 0.01);
	ellipse(cr, 0.45, -0.4, 0.025, 0.012);
	ellipse(cr, 0.42, -0.36, 0.025, 0.012);
	flat(p, rgb(0x6fa84a), 1);
	accessory(p, 0.24, -0.45, 0.09);
}

/* How a person is drawn. */
struct look {
	double head, hip, shoulder;	/* head radius, hip and shoulder y */
	int dress;		/* 0 trousers, 1 shorts, 2 dress, 3 long dress */
	int hair;		/* 0 short, 1 pigtails, 2 long, 3 bun, 4 bald */
	int old;		/* grey hair, a cane, a stoop */
	int beard;
};

static void
arms(struct pen *p, double sx, double sy, double len, struct rgb sleeve)

{
	cairo_t *cr = p->cr;
	double a[2][2];
	int k;

	for (k = 0; k < 2; k++) {
		double side = k ? 1 : -1;

		switch (p->expr) {
		case EXPR_HAPPY:	/* arms up in a cheer */
			a[k][0] = side * len * 0.55, a[k][1] = -len * 0.8;
			break;
		case EXPR_SURPRISED:	/* hands up beside the face */
			a[k][0] = side * len * 0.7, a[k][1] = -len * 0.45;
			break;
		case EXPR_WORRIED:	/* hands together in front */
			a[k][0] = -side * (sx - 0.01) + len * 0.1;
			a[k][1] = len * 0.6;
			break;
		case EXPR_SAD:		/* hanging close */
			a[k][0] = side * len * 0.05, a[k][1] = len * 0.98;
			break;
		case EXPR_CALM:		/* resting on the hips */
			a[k][0] = side * len * 0.45, a[k][1] = len * 0.45;
			break;
		default:
			a[k][0] = side * len * 0.35, a[k][1] = len * 0.88;
		}
		cairo_move_to(cr, side * sx, sy);
		cairo_line_to(cr, side * sx + a[k][0], sy + a[k][1]);
		limb(p, sleeve, len * 0.22);
		cairo_arc(cr, side * sx + a[k][0], sy + a[k][1],
		    len * 0.12, 0, 2 * M_PI);
		fill(p, p->skin);
	}
}

static void
hair(struct pen *p, const struct look *l, double hx, double hy,
    struct rgb c, int back)
{
	cairo_t *cr = p->cr;
	double r = l->head;

	if (back) {
		if (l->hair == 2)	/* long hair down the back */
			rounded(cr, hx - r * 1.1, hy - r * 0.6, r * 2.2,
			    r * 2.6, r * 0.8);
		else if (l->hair == 1) {	/* pigtails */
			ellipse(cr, hx - r * 1.25, hy + r * 0.3, r * 0.35,
			    r * 0.6);
			ellipse(cr, hx + r * 1.25, hy + r * 0.3, r * 0.35,
			    r * 0.6);
		} else if (l->hair == 3)	/* a bun on top */
			cairo_arc(cr, hx, hy - r * 1.05, r * 0.45, 0,
			    2 * M_PI);
		else
			return;
		fill(p, c);
		return;
	}
	cairo_new_path(cr);
	if (l->hair == 4) {	/* bald on top, a fringe at the sides */
		ellipse(cr, hx - r * 0.9, hy - r * 0.1, r * 0.25, r * 0.4);
		ellipse(cr, hx + r * 0.9, hy - r * 0.1, r * 0.25, r * 0.4);
	} else {
		cairo_arc(cr, hx, hy - r * 0.1, r * 1.04, M_PI * 1.02,
		    M_PI * 1.98);
		cairo_close_path(cr);
	}
	fill(p, c);
}

static void
person(struct pen *p, const struct look *l)
{
	cairo_t *cr = p->cr;
	struct rgb hc = l->old ? rgb(0xdcdcdc) : shade(p->acc, -0.6);
	struct rgb trousers = rgb(0x3b4a6b);
	double r = l->head, sh = l->shoulder, hip = l->hip;
	double hx = l->old ? 0.05 : 0, hy = sh - r * 1.05;
	double bw = l->old ? 0.15 : 0.14;

	if (l->old) {		/* a walking stick */
		cairo_move_to(cr, 0.26, -0.5);
		cairo_line_to(cr, 0.3, 0);
		limb(p, rgb(0x7a4b2a), 0.025);
	}
	hair(p, l, hx, hy, hc, 1);
	/* Legs. */
	cairo_move_to(cr, -0.05, hip);
	cairo_line_to(cr, -0.06, -0.02);
	cairo_move_to(cr, 0.05, hip);
	cairo_line_to(cr, 0.06, -0.02);
	limb(p, l->dress == 0 ? trousers : p->skin, 0.07);
	ellipse(cr, -0.05, -0.02, 0.06, 0.025);
	ellipse(cr, 0.08, -0.02, 0.06, 0.025);
	fill(p, rgb(0x4a3328));
	if (l->dress == 1) {	/* shorts */
		rounded(cr, -0.12, hip - 0.03, 0.24, 0.14, 0.03);
		fill(p, trousers);
	}
	/* The body: a shirt, or a dress flaring out. */
	cairo_move_to(cr, -bw, sh);
	cairo_line_to(cr, bw, sh);
	if (l->dress >= 2) {
		double hem = l->dress == 3 ? -0.08 : hip + 0.12;
		double fl = l->dress == 3 ? 0.07 : 0.12;

		cairo_line_to(cr, bw + fl, hem);
		cairo_line_to(cr, -bw - fl, hem);
	} else {
		cairo_line_to(cr, bw * 0.9, hip + 0.02);
		cairo_line_to(cr, -bw * 0.9, hip + 0.02);
	}
	cairo_close_path(cr);
	fill(p, p->own);
	if (l->old && l->dress >= 2) {	/* a shawl */
		tri(cr, -bw - 0.02, sh, bw + 0.02, sh, 0, sh + 0.16);
		fill(p, p->acc);
	}
	arms(p, bw - 0.01, sh + 0.03, (hip - sh) * 0.95, p->own);
	cairo_arc(cr, hx, hy, r, 0, 2 * M_PI);
	fill(p, p->skin);
	hair(p, l, hx, hy, hc, 0);
	if (l->beard) {
		cairo_move_to(cr, hx - r * 0.7, hy + r * 0.3);
		cairo_curve_to(cr, hx - r * 0.6, hy + r * 1.5, hx + r * 0.6,
		    hy + r * 1.5, hx + r * 0.7, hy + r * 0.3);
		cairo_close_path(cr);
		fill(p, rgb(0xf2f2f2));
	}
	face(p, hx, hy + r * 0.05, r * 0.95);
	if (l->old) {		/* glasses */
		cairo_new_path(cr);
		cairo_arc(cr, hx + r * 0.1 - r * 0.34, hy - r * 0.03,
		    r * 0.26, 0, 2 * M_PI);
		cairo_new_sub_path(cr);
		cairo_arc(cr, hx + r * 0.1 + r * 0.34, hy - r * 0.03,
		    r * 0.26, 0, 2 * M_PI);
		line(p, rgb(0x3a3030), r * 0.07);
	}
	if (p->accessory == 2 || p->accessory == 3) {
		/* In the accent colour, against clothes in the own one. */
		p->own = p->acc;
		accessory(p, hx, hy, r);
	}
}

static void
girl(struct pen *p)
{
	struct look l = { 0.16, -0.34, -0.62, 2, 1, 0, 0 };

	person(p, &l);
}

static void
boy(struct pen *p)
{
	struct look l = { 0.16, -0.36, -0.64, 1, 0, 0, 0 };

	person(p, &l);
}

static void
woman(struct pen *p)
{
	struct look l = { 0.12, -0.44, -0.76, 3, 2, 0, 0 };

	person(p, &l);
}

static void
man(struct pen *p)
{
	struct look l = { 0.12, -0.46, -0.78, 0, 0, 0, 0 };

	person(p, &l);
}

static void
grandmother(struct pen *p)
{
	struct look l = { 0.12, -0.4, -0.72, 2, 3, 1, 0 };

	person(p, &l);
}

static void
grandfather(struct pen *p)
{
	struct look l = { 0.12, -0.44, -0.74, 0, 4, 1, 1 };

	person(p, &l);
}

static void
bug(struct pen *p)
{
	cairo_t *cr = p->cr;
	int k;

	ellipse(cr, -0.15, -0.42, 0.15, 0.1);
	ellipse(cr, 0.15, -0.42, 0.15, 0.1);
	flat(p, rgb(0xffffff), 0.6);
	cairo_arc(cr, 0, -0.25, 0.25, 0, 2 * M_PI);
	fill(p, p->c);
	for (k = 0; k < 4; k++) {
		cairo_arc(cr, cos(k * 1.7) * 0.14, -0.25 + sin(k * 1.7) * 0.14,
		    0.04, 0, 2 * M_PI);
		flat(p, p->dk, 1);
	}
	cairo_move_to(cr, 0.15, -0.45);
	cairo_line_to(cr, 0.25, -0.62);
	line(p, rgb(0x2b2b2b), 0.012);
	face(p, 0.12, -0.3, 0.11);
}

static void
robot(struct pen *p)
{
	cairo_t *cr = p->cr;

	rounded(cr, -0.15, -0.22, 0.1, 0.22, 0.02);
	rounded(cr, 0.05, -0.22, 0.1, 0.22, 0.02);
	fill(p, rgb(0x55606e));
	rounded(cr, -0.25, -0.6, 0.5, 0.4, 0.05);
	fill(p, p->c);
	rounded(cr, -0.2, -0.98, 0.4, 0.36, 0.06);
	fill(p, shade(p->c, 0.25));
	cairo_move_to(cr, 0, -0.98);
	cairo_line_to(cr, 0, -1.08);
	line(p, rgb(0x55606e), 0.015);
	cairo_arc(cr, 0, -1.1, 0.035, 0, 2 * M_PI);
	fill(p, p->acc);
	face(p, 0, -0.8, 0.16);
}

static void
plant(struct pen *p)
{
	cairo_t *cr = p->cr;

	rounded(cr, -0.05, -0.55, 0.1, 0.55, 0.02);
	fill(p, rgb(0x7a4b2a));
	cairo_arc(cr, -0.2, -0.62, 0.27, 0, 2 * M_PI);
	cairo_arc(cr, 0.22, -0.66, 0.25, 0, 2 * M_PI);
	fill(p, shade(p->c, -0.15));
	cairo_arc(cr, 0, -0.87, 0.33, 0, 2 * M_PI);
	fill(p, p->c);
	face(p, 0, -0.78, 0.15);
}

static void
dragon(struct pen *p)
{
	cairo_t *cr = p->cr;
	int k;

	cairo_move_to(cr, -0.35, -0.45);
	cairo_curve_to(cr, -0.6, -0.4, -0.7, -0.2, -0.85, -0.25);
	limb(p, p->c, 0.07);
	/* Bat wings. */
	cairo_move_to(cr, -0.05, -0.6);
	cairo_line_to(cr, -0.3, -1.0);
	cairo_line_to(cr, -0.2, -0.8);
	cairo_line_to(cr, -0.4, -0.78);
	cairo_line_to(cr, -0.25, -0.6);
	cairo_close_path(cr);
	fill(p, p->acc);
	legs4(p, -0.2, 0.2, -0.4, 0.1, p->c);
	ellipse(cr, 0, -0.45, 0.36, 0.18);
	fill(p, p->c);
	for (k = 0; k < 4; k++)
		tri(cr, -0.24 + k * 0.13, -0.6, -0.18 + k * 0.13, -0.72,
		    -0.12 + k * 0.13, -0.6);
	fill(p, p->acc);
	head(p, 0.38, -0.66, 0.15, 0.3, p->c, p->lt);
	tri(cr, 0.3, -0.78, 0.28, -0.92, 0.36, -0.8);
	fill(p, rgb(0xf2ead0));
	accessory(p, 0.38, -0.66, 0.15);
}

/* The drawing of each kind, by its name in species.c. */
static const struct {
	const char *name;
	void (*draw)(struct pen *);
} bodies[] = {
	{ "girl", girl }, { "boy", boy }, { "woman", woman }, { "man", man },
	{ "grandmother", grandmother }, { "grandfather", grandfather },
	{ "fox", fox }, { "owl", owl }, { "squirrel", squirrel },
	{ "rabbit", rabbit }, { "bear", bear }, { "deer", deer },
	{ "monkey", monkey }, { "elephant", elephant }, { "lion", lion },
	{ "tiger", tiger }, { "mouse", mouse }, { "bird", bird }, { "crow", crow },
	{ "dove", dove }, { "cow", cow }, { "goat", goat }, { "horse", horse },
	{ "cat", cat }, { "dog", dog }, { "turtle", turtle }, { "frog", frog },
	{ "fish", fish }, { "bug", bug }, { "robot", robot }, { "tree", plant },
	{ "dragon", dragon },
};

/* The drawing of kind (a person, the man, when there is none). */
static void
(*body_of(int kind))(struct pen *)
{
	const char *name = species_name(kind);
	size_t i;

	for (i = 0; i < sizeof bodies / sizeof bodies[0]; i++)
		if (strcmp(bodies[i].name, name) == 0)
			return bodies[i].draw;
	return man;
}

void
species_draw(cairo_t *cr, const struct figure *f, double x, double y,
    double h, int facing, int expr, double lw)
{
	double s = h * species_scale(f->size), back, front, top;
	struct pen p;

	p.cr = cr;
	p.lw = lw / s;
	p.own = rgb(f->color);
	p.acc = rgb(f->accent);
	p.skin = rgb(f->skin);
	p.c = species_is_person(f->kind) ? p.own : rgb(species_colour(f->kind));
	p.dk = shade(p.c, -0.25);
	p.lt = shade(p.c, 0.5);
	p.expr = expr >= 0 && expr < EXPR_COUNT ? expr : EXPR_CALM;
	p.accessory = f->accessory;
	species_extent(f->kind, &back, &front, &top);
	cairo_save(cr);
	cairo_new_path(cr);
	cairo_set_source_rgba(cr, 0, 0, 0, 0.18);
	ellipse(cr, x + facing * s * (front - back) / 2, y,
	    s * (front + back) * 0.5, s * 0.05);
	cairo_fill(cr);
	cairo_translate(cr, x, y);
	cairo_scale(cr, facing < 0 ? -s : s, s);
	/* The pose: a hop for joy, a droop for sadness, a start of
	 * surprise, a lean back in worry. */
	switch (p.expr) {
	case EXPR_HAPPY:
		cairo_translate(cr, 0, -0.04);
		break;
	case EXPR_SAD:
		cairo_scale(cr, 1, 0.94);
		break;
	case EXPR_SURPRISED:
		cairo_scale(cr, 0.97, 1.05);
		break;
	case EXPR_WORRIED:
		cairo_rotate(cr, -0.06);
		break;
	}
	body_of(f->kind)(&p);
	cairo_restore(cr);
}
