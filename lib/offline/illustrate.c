#include <cairo.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/atomic.h"
#include "core/text.h"
#include "core/util.h"
#include "media/typeset.h"
#include "offline/illustrate.h"
#include "offline/lexicon.h"
#include "offline/paint.h"
#include "offline/scenery.h"
#include "offline/species.h"

/* Text with its blanks and line breaks squeezed to single spaces, drawn
 * by lib/typeset; returns the line count. */
static int
squeezed(cairo_t *cr, const char *text, const struct type_style *st,
    double x, double y, int draw)
{
	char *t = text_squeeze(text);
	int n = draw ? typeset_draw(cr, t, st, x, y, NULL) :
	    typeset_measure(cr, t, st, NULL);

	free(t);
	return n;
}

static void
label(cairo_t *cr, const char *name, double x, double y, double u)
{
	struct type_style st = { 30 * u, TYPE_BOLD, 0, 0, TYPE_CENTRE, 0 };
	struct type_box tb;
	double fs = st.size, pad = 12 * u, w;

	typeset_measure(cr, name, &st, &tb);
	w = tb.width + 2 * pad;
	cairo_set_source_rgba(cr, 1, 1, 1, 0.88);
	rounded(cr, x - w / 2, y, w, fs + pad * 1.2, (fs + pad) / 2);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0.15, 0.12, 0.2);
	typeset_draw(cr, name, &st, x, y + fs * 0.98, NULL);
}

/* The caption sits inside the part of the picture that every camera
 * move keeps in view (a 12 % zoom crops 6 % from each side). */
static void
caption(cairo_t *cr, const char *text, int scene, double w, double h,
    double u)
{
	char num[16];
	double fs = 34 * u, pad = 20 * u, bx = fmax(40 * u, w * 0.07);
	double by = fmax(30 * u, h * 0.07), tx;
	double bw = w - 2 * bx, bh;
	struct type_style st = { fs, 0, 0, 2, TYPE_START, 1.3 };
	struct type_style ns = { fs * 0.8, TYPE_BOLD, 0, 0, TYPE_CENTRE, 0 };
	int n;

	tx = bx + pad + (scene > 0 ? fs * 1.9 : 0);
	st.width = bw - (tx - bx) - pad;
	n = squeezed(cr, text, &st, 0, 0, 0);
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
		/* Digits stand about 0.72 em tall: centred on the disc. */
		cairo_set_source_rgb(cr, 1, 1, 1);
		typeset_draw(cr, num, &ns, bx + pad + fs * 0.75,
		    by + bh / 2 + ns.size * 0.36, NULL);
	}
	cairo_set_source_rgb(cr, 0.13, 0.12, 0.2);
	squeezed(cr, text, &st, tx, by + pad + fs * 0.9, 1);
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

/* The characters in a row on the ground, facing the middle, scaled to
 * fit between 0.12 and 0.88 of the width and below 0.08 of the height. */
static void
cast(cairo_t *cr, const struct picture *p, double w, double h, double u)
{
	double fl = h * SCENERY_FLOOR, H = 400 * u, span = 0, tall = 0;
	double back, front, top, x, gap = 30 * u;
	int i;

	for (i = 0; i < p->nfigs; i++) {
		species_extent(p->figs[i].kind, &back, &front, &top);
		span += (back + front) * species_scale(p->figs[i].size);
		tall = fmax(tall, top * species_scale(p->figs[i].size));
	}
	if (p->nfigs == 0)
		return;
	H = fmin(H, (w * 0.76 - gap * (p->nfigs - 1)) / span);
	H = fmin(H, (fl - h * 0.08) / tall);
	x = (w - span * H - gap * (p->nfigs - 1)) / 2;
	for (i = 0; i < p->nfigs; i++) {
		const struct figure *f = &p->figs[i];
		double s = H * species_scale(f->size), fx;
		int facing;

		species_extent(f->kind, &back, &front, &top);
		facing = x + (back + front) * s / 2 < w / 2 ? 1 : -1;
		fx = x + (facing > 0 ? back : front) * s;
		species_draw(cr, f, fx, fl, H, facing, p->expr, 3 * u);
		label(cr, f->name, fx, fl + 8 * u, u);
		x += (back + front) * s + gap;
	}
}

/* A reference sheet: the first figure alone on a plain light ground. */
static void
sheet(cairo_t *cr, const struct picture *p, double w, double h, double u)
{
	cairo_pattern_t *g = cairo_pattern_create_linear(0, 0, 0, h);
	double back, front, top, H, sc, fl = h * 0.9;

	cairo_pattern_add_color_stop_rgb(g, 0, 0.98, 0.97, 0.95);
	cairo_pattern_add_color_stop_rgb(g, 1, 0.92, 0.91, 0.88);
	cairo_set_source(cr, g);
	cairo_paint(cr);
	cairo_pattern_destroy(g);
	if (p->nfigs < 1)
		return;
	species_extent(p->figs[0].kind, &back, &front, &top);
	sc = species_scale(p->figs[0].size);
	H = fmin(h * 0.8 / (top * sc), w * 0.8 / ((back + front) * sc));
	species_draw(cr, &p->figs[0], w / 2 + (back - front) * H * sc / 2, fl,
	    H, 1, p->expr, 3 * u);
}

int
illustrate_scene(const struct picture *p, const char *path, char **err)
{
	cairo_surface_t *s;
	cairo_t *cr;
	double w = p->width, h = p->height, u = fmin(w, h) / 1080.0;
	int rc;

	if ((s = surface(p->width, p->height, err)) == NULL)
		return -1;
	cr = cairo_create(s);
	if (p->sheet)
		sheet(cr, p, w, h, u);
	else {
		scenery_draw(cr, p->setting, p->mood, p->seed, w, h, u);
		cast(cr, p, w, h, u);
		if (p->caption != NULL)
			caption(cr, p->caption, p->scene, w, h, u);
	}
	cairo_destroy(cr);
	rc = save(s, path, err);
	cairo_surface_destroy(s);
	return rc;
}

int
illustrate_card(int width, int height, const char *setting,
    const char *heading, const char *body, const char *footer,
    const char *path, char **err)
{
	struct palette pal;
	cairo_pattern_t *g;
	cairo_surface_t *s;
	cairo_t *cr;
	double w = width, h = height, u = fmin(w, h) / 1080.0, y, fs;
	struct type_style bs = { 60 * u, TYPE_BOLD | TYPE_ITALIC, w * 0.8, 6,
	    TYPE_CENTRE, 1.35 };
	struct type_style hs = { 44 * u, TYPE_BOLD, w * 0.9, 1, TYPE_CENTRE,
	    0 };
	struct type_style ft = { 36 * u, 0, w * 0.9, 1, TYPE_CENTRE, 0 };
	int n, i, rc;

	if ((s = surface(width, height, err)) == NULL)
		return -1;
	cr = cairo_create(s);
	scenery_palette(&pal, setting, 0);
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
	if (body != NULL) {
		n = squeezed(cr, body, &bs, 0, 0, 0);
		if (n > 3) {
			bs.size = 44 * u;
			bs.width = w * 0.84;
			bs.lines = 8;
			n = squeezed(cr, body, &bs, 0, 0, 0);
		}
	}
	fs = bs.size;
	y = (h - (heading ? 90 * u : 0) - n * fs * 1.35) / 2 + fs * 0.6;
	if (heading != NULL) {
		cairo_set_source_rgb(cr, 1, 0.85, 0.45);
		squeezed(cr, heading, &hs, (w - hs.width) / 2, y, 1);
		y += 90 * u;
	}
	if (n > 0) {
		cairo_set_source_rgb(cr, 1, 1, 1);
		squeezed(cr, body, &bs, (w - bs.width) / 2, y, 1);
		y += n * fs * 1.35 + 40 * u;
	}
	if (footer != NULL) {
		cairo_set_source_rgba(cr, 1, 1, 1, 0.8);
		squeezed(cr, footer, &ft, (w - ft.width) / 2,
		    fmax(y + 40 * u, h * 0.82), 1);
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

/* Text that is not UTF-8 is left out rather than drawn mangled. */
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

/* img whole, centred in the rounded cell on a light ground (a sheet). */
static void
whole(cairo_t *cr, cairo_surface_t *img, double x, double y, double w,
    double h, double r)
{
	double iw = cairo_image_surface_get_width(img);
	double ih = cairo_image_surface_get_height(img);
	double k = fmin(w / iw, h / ih);

	cairo_save(cr);
	rounded(cr, x, y, w, h, r);
	cairo_clip(cr);
	cairo_set_source_rgb(cr, 0.96, 0.95, 0.92);
	cairo_paint(cr);
	cairo_translate(cr, x + w / 2, y + h / 2);
	cairo_scale(cr, k, k);
	cairo_set_source_surface(cr, img, -iw / 2, -ih / 2);
	cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
	cairo_paint(cr);
	cairo_restore(cr);
}

static void
missing(cairo_t *cr, double x, double y, double w, double h, double r,
    double fs)
{
	struct type_style st = { fs * 1.2, 0, 0, 0, TYPE_CENTRE, 0 };

	cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
	rounded(cr, x, y, w, h, r);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
	typeset_draw(cr, "missing", &st, x + w / 2, y + h / 2 + fs * 0.4,
	    NULL);
}

/* The scene number in a pill, so that three digits fit too. */
static void
badge(cairo_t *cr, int scene, double x, double y, double r)
{
	struct type_style st = { r * 1.1, TYPE_BOLD, 0, 0, TYPE_CENTRE, 0 };
	struct type_box tb;
	char num[16];
	double w;

	snprintf(num, sizeof num, "%d", scene);
	typeset_measure(cr, num, &st, &tb);
	w = fmax(2 * r, tb.width + r);
	cairo_set_source_rgb(cr, 0.93, 0.45, 0.3);
	rounded(cr, x, y, w, 2 * r, r);
	cairo_fill_preserve(cr);
	cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
	cairo_set_line_width(cr, fmax(1, r * 0.12));
	cairo_stroke(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	typeset_draw(cr, num, &st, x + w / 2, y + r * 1.4, NULL);
}

static void
board_header(cairo_t *cr, const struct board *b, const char *title, int n,
    double w)
{
	double u = b->u;
	struct type_style cs = { 26 * u, 0, 0, 0, TYPE_END, 0 };
	struct type_style ts = { 40 * u, TYPE_BOLD, 0, 1, TYPE_START, 0 };
	struct type_box tb;
	char count[32];

	cairo_set_source_rgb(cr, 0.16, 0.18, 0.25);
	cairo_rectangle(cr, 0, 0, w, 96 * u);
	cairo_fill(cr);
	snprintf(count, sizeof count, "%d scene%s", n, n == 1 ? "" : "s");
	cairo_set_source_rgb(cr, 0.7, 0.72, 0.8);
	typeset_draw(cr, count, &cs, w - b->margin, 60 * u, &tb);
	if (!utf8_ok(title))
		title = "Storyboard";
	ts.width = w - 2 * b->margin - tb.width - 40 * u;
	cairo_set_source_rgb(cr, 1, 0.85, 0.45);
	squeezed(cr, title, &ts, b->margin, 62 * u, 1);
}

static void
board_cell(cairo_t *cr, const struct board *b, const struct board_item *it,
    cairo_surface_t *img, double x, double y)
{
	struct type_style st = { b->fs, 0, b->cw, 2, TYPE_START, 1.3 };
	double r = 10 * b->u, br = fmax(9, fmin(20 * b->u, b->cw * 0.07));
	char *g;

	if (img != NULL && it->scene == 0)
		whole(cr, img, x, y, b->cw, b->th, r);
	else if (img != NULL)
		thumb(cr, img, x, y, b->cw, b->th, r);
	else
		missing(cr, x, y, b->cw, b->th, r, b->fs);
	if (it->scene > 0)
		badge(cr, it->scene, x + 8 * b->u, y + 8 * b->u, br);
	if (!utf8_ok(it->words))
		return;
	g = gist(it->words);
	cairo_set_source_rgb(cr, 0.9, 0.9, 0.94);
	typeset_draw(cr, g, &st, x, y + b->th + 8 * b->u + b->fs, NULL);
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
	int i, k, rc, ns, skip;

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
	/* The sheets come first, in rows of their own. */
	for (ns = 0; ns < n && items[ns].scene == 0; ns++)
		;
	/* The first readable scene sets the cells' shape; keep it to draw. */
	for (k = ns; k < n && (first = load_png(items[k].image)) == NULL; k++)
		;
	if (first != NULL)
		aspect = fmin(4, fmax(0.25,
		    (double)cairo_image_surface_get_width(first) /
		    cairo_image_surface_get_height(first)));
	board_layout(&b, n, width, aspect);
	skip = ns > 0 ? (ns + b.cols - 1) / b.cols * b.cols - ns : 0;
	if (skip > 0) {
		board_layout(&b, n + skip, width, aspect);
		skip = (ns + b.cols - 1) / b.cols * b.cols - ns;
	}
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
	board_header(cr, &b, title, n - ns, width);
	for (i = 0; i < n; i++) {
		cairo_surface_t *img = NULL;
		int at = i < ns ? i : i + skip;

		if (i == k)
			img = first;
		else if (i > k || i < ns)
			img = load_png(items[i].image);
		board_cell(cr, &b, &items[i], img, b.margin + (at % b.cols) *
		    (b.cw + b.gap), b.top + (at / b.cols) * b.rh);
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
	typeset_cleanup();
}
