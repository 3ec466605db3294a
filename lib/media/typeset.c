#include <pango/pangocairo.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <string.h>

#include "media/typeset.h"

#define FAMILY	"Noto Sans, DejaVu Sans"

static const struct type_style plain = { 40, 0, 0, 0, TYPE_START, 0 };

/*
 * The language whose forms of the shared Han characters s wants: kana
 * make it Japanese, hangul Korean, ideographs alone Chinese; NULL when s
 * has none of them.
 */
static const char *
han_language(const char *s)
{
	const char *p, *lang = NULL;

	for (p = s; *p != '\0'; p = g_utf8_next_char(p))
		switch (g_unichar_get_script(g_utf8_get_char(p))) {
		case G_UNICODE_SCRIPT_HIRAGANA:
		case G_UNICODE_SCRIPT_KATAKANA:
			return "ja";
		case G_UNICODE_SCRIPT_HANGUL:
			return "ko";
		case G_UNICODE_SCRIPT_HAN:
			lang = "zh-cn";
			break;
		default:
			break;
		}
	return lang;
}

/* Whether pango's default font map has been made (typeset_cleanup). */
static int used;

static PangoLayout *
lay(cairo_t *cr, const char *s, const struct type_style *st)
{
	PangoLayout *l = pango_cairo_create_layout(cr);
	PangoFontDescription *fd = pango_font_description_from_string(FAMILY);
	char *ok = g_utf8_make_valid(s != NULL ? s : "", -1);
	const char *lang = han_language(ok);

	used = 1;
	pango_font_description_set_absolute_size(fd, st->size * PANGO_SCALE);
	pango_font_description_set_weight(fd, st->face & TYPE_BOLD ?
	    PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_style(fd, st->face & TYPE_ITALIC ?
	    PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	if (lang != NULL) {
		PangoAttrList *al = pango_attr_list_new();

		pango_attr_list_insert(al, pango_attr_language_new(
		    pango_language_from_string(lang)));
		pango_layout_set_attributes(l, al);
		pango_attr_list_unref(al);
	}
	pango_layout_set_auto_dir(l, TRUE);
	pango_layout_set_alignment(l, st->align == TYPE_CENTRE ?
	    PANGO_ALIGN_CENTER : st->align == TYPE_END ? PANGO_ALIGN_RIGHT :
	    PANGO_ALIGN_LEFT);
	if (st->width > 0) {
		pango_layout_set_width(l, (int)lround(st->width * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
		if (st->lines > 0) {
			pango_layout_set_height(l, -st->lines);
			pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
		}
	}
	pango_layout_set_text(l, ok, -1);
	g_free(ok);
	return l;
}

/* A context for measuring when the caller has none: an image surface's
 * defaults, as the pictures are drawn on. */
static cairo_t *
scratch(void)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    1, 1);
	cairo_t *cr = cairo_create(s);

	cairo_surface_destroy(s);
	return cr;
}

PangoLayout *
typeset_layout(cairo_t *cr, const char *s, const struct type_style *st)
{
	PangoLayout *l;

	if (cr != NULL)
		return lay(cr, s, st != NULL ? st : &plain);
	cr = scratch();
	l = lay(cr, s, st != NULL ? st : &plain);
	cairo_destroy(cr);
	return l;
}

/* The box of l; with draw, each line drawn at its place too. */
static int
walk(cairo_t *cr, PangoLayout *l, const struct type_style *st, double x,
    double y, int draw, struct type_box *box)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	double pitch = (st->pitch > 0 ? st->pitch : 1.3) * st->size, widest = 0;
	int n = 0;

	do {
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
		PangoRectangle lr;
		double lx, lw;

		pango_layout_iter_get_line_extents(it, NULL, &lr);
		lx = (double)lr.x / PANGO_SCALE;
		lw = (double)lr.width / PANGO_SCALE;
		widest = fmax(widest, lw);
		if (draw) {
			/* Unwrapped, x is an anchor rather than a box. */
			if (st->width <= 0)
				lx = st->align == TYPE_CENTRE ? -lw / 2 :
				    st->align == TYPE_END ? -lw : 0;
			cairo_move_to(cr, x + lx, y + n * pitch);
			pango_cairo_show_layout_line(cr, line);
		}
		n++;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	if (box != NULL) {
		box->width = widest;
		box->lines = n;
	}
	return n;
}

int
typeset_measure(cairo_t *cr, const char *s, const struct type_style *st,
    struct type_box *box)
{
	PangoLayout *l = typeset_layout(cr, s, st);
	int n = walk(NULL, l, st != NULL ? st : &plain, 0, 0, 0, box);

	g_object_unref(l);
	return n;
}

int
typeset_draw(cairo_t *cr, const char *s, const struct type_style *st,
    double x, double y, struct type_box *box)
{
	PangoLayout *l = lay(cr, s, st);
	int n;

	cairo_save(cr);
	n = walk(cr, l, st, x, y, 1, box);
	cairo_restore(cr);
	cairo_new_path(cr);
	g_object_unref(l);
	return n;
}

int
typeset_unknown(const char *s, const struct type_style *st)
{
	PangoLayout *l = typeset_layout(NULL, s, st);
	int n = pango_layout_get_unknown_glyphs_count(l);

	g_object_unref(l);
	return n;
}

int
typeset_rtl(const char *s)
{
	PangoLayout *l = typeset_layout(NULL, s, NULL);
	int rtl = pango_layout_get_line_readonly(l, 0)->resolved_dir ==
	    PANGO_DIRECTION_RTL;

	g_object_unref(l);
	return rtl;
}

/* The scripts Noto Sans lacks (but Han's) and the Noto family of each. */
static const struct {
	GUnicodeScript script;
	const char *family;
} families[] = {
	{ G_UNICODE_SCRIPT_ARABIC, "Noto Sans Arabic" },
	{ G_UNICODE_SCRIPT_HEBREW, "Noto Sans Hebrew" },
	{ G_UNICODE_SCRIPT_DEVANAGARI, "Noto Sans Devanagari" },
	{ G_UNICODE_SCRIPT_BENGALI, "Noto Sans Bengali" },
	{ G_UNICODE_SCRIPT_GURMUKHI, "Noto Sans Gurmukhi" },
	{ G_UNICODE_SCRIPT_GUJARATI, "Noto Sans Gujarati" },
	{ G_UNICODE_SCRIPT_TAMIL, "Noto Sans Tamil" },
	{ G_UNICODE_SCRIPT_TELUGU, "Noto Sans Telugu" },
	{ G_UNICODE_SCRIPT_KANNADA, "Noto Sans Kannada" },
	{ G_UNICODE_SCRIPT_MALAYALAM, "Noto Sans Malayalam" },
	{ G_UNICODE_SCRIPT_THAI, "Noto Sans Thai" },
	{ G_UNICODE_SCRIPT_ETHIOPIC, "Noto Sans Ethiopic" },
};

const char *
typeset_family(const char *s)
{
	const char *p, *lang;
	size_t i;

	if (s == NULL || !g_utf8_validate(s, -1, NULL))
		return "Noto Sans";
	if ((lang = han_language(s)) != NULL)
		return strcmp(lang, "ja") == 0 ? "Noto Sans CJK JP" :
		    strcmp(lang, "ko") == 0 ? "Noto Sans CJK KR" :
		    "Noto Sans CJK SC";
	for (p = s; *p != '\0'; p = g_utf8_next_char(p)) {
		GUnicodeScript sc = g_unichar_get_script(g_utf8_get_char(p));

		for (i = 0; i < sizeof families / sizeof families[0]; i++)
			if (families[i].script == sc)
				return families[i].family;
	}
	return "Noto Sans";
}

static void
finalized(gpointer flag)
{
	g_atomic_int_set((gint *)flag, 1);
}

/*
 * pango sorts the fallback fonts in threads of its own, each holding the
 * font map, and fontconfig's and cairo's caches, until it is done; those
 * caches can go only once the font map is finalized (its data is freed
 * after its finalizer, by then every thread has let go). At most 2 s:
 * else the caches stay, reachable.
 */
void
typeset_cleanup(void)
{
	static gint gone;
	int i;

	if (used) {
		g_object_set_data_full(G_OBJECT(
		    pango_cairo_font_map_get_default()), "mv-typeset-gone",
		    &gone, finalized);
		pango_cairo_font_map_set_default(NULL);
		for (i = 0; i < 2000 && !g_atomic_int_get(&gone); i++)
			g_usleep(1000);
		if (!g_atomic_int_get(&gone))
			return;
		used = 0;
	}
	cairo_debug_reset_static_data();
	FcFini();
}
