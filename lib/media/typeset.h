/*
 * typeset.h - the one home for laying out and drawing text: everything mv
 * draws (cards, captions, labels, the storyboard) goes through here, and
 * so through pango, HarfBuzz and fribidi, which shape every script
 * (Arabic joined, Devanagari's clusters), run right-to-left text from the
 * right and wrap Chinese or Japanese, which have no spaces, between
 * characters. cairo's toy text API did none of that.
 *
 * The font is Noto Sans; fontconfig falls back, per character, to the
 * installed font that has it (Noto Sans CJK, Noto Sans Arabic, Noto Sans
 * Devanagari, ... from Debian's fonts-noto-core and fonts-noto-cjk), so
 * one family covers every script. Text with kana is laid out as Japanese
 * and text with hangul as Korean (their forms of the shared ideographs).
 *
 * Text that is not valid UTF-8 has its bad bytes drawn as U+FFFD. The
 * functions print nothing and keep no state but pango's font caches.
 */
#ifndef MV_TYPESET_H
#define MV_TYPESET_H

#include <cairo.h>

typedef struct _PangoLayout PangoLayout;

enum { TYPE_BOLD = 1, TYPE_ITALIC = 2 };
enum { TYPE_START, TYPE_CENTRE, TYPE_END };

struct type_style {
	double size;	/* the em size in cr's units, as cairo_set_font_size */
	int face;	/* TYPE_BOLD | TYPE_ITALIC, or 0 */
	double width;	/* the box's width: lines wrap to it, between words
			 * or, in a word longer than a line or in scripts
			 * without spaces, between characters; 0: no wrap */
	int lines;	/* with a width, at most this many lines, the last
			 * ending in "..." when cut; 0: as many as needed */
	int align;	/* TYPE_START (left, or right for a right-to-left
			 * paragraph), TYPE_CENTRE or TYPE_END in the box;
			 * with no width, where x is: the line's left edge,
			 * its middle or its right edge */
	double pitch;	/* baseline to baseline in ems; 0: 1.3 */
};

/* What was laid out: the widest line's advance and the line count. */
struct type_box {
	double width;
	int lines;
};

/*
 * Lays s out in style st and, when box is not NULL, fills it; draws
 * nothing. cr (NULL for an image surface's defaults) gives the
 * transformation and font options that the drawing will have. Returns
 * the line count.
 */
int typeset_measure(cairo_t *cr, const char *s, const struct type_style *st,
    struct type_box *box);

/*
 * Draws s in style st with cr's source: the first line's baseline at y,
 * the box's left edge at x (with no width, see align), each next line
 * st->pitch ems lower. Fills box when not NULL; returns the line count.
 */
int typeset_draw(cairo_t *cr, const char *s, const struct type_style *st,
    double x, double y, struct type_box *box);

/*
 * How many characters of s would be drawn as a missing-glyph box (pango's
 * unknown glyphs): those that no installed font has. 0 when every script
 * in s shows. st NULL: 40 units, regular, unwrapped.
 */
int typeset_unknown(const char *s, const struct type_style *st);

/* 1 when s's first strong character is right-to-left (Arabic, Hebrew):
 * then its paragraphs are laid out from the right. */
int typeset_rtl(const char *s);

/*
 * The font family that has the glyphs of s's first letters in a script
 * Noto Sans lacks ("Noto Sans CJK JP", "Noto Sans Arabic",
 * "Noto Sans Devanagari", ...), else "Noto Sans": for renderers that
 * take one family name (the burned subtitles' ASS style). Static.
 */
const char *typeset_family(const char *s);

/*
 * The layout typeset_draw would draw (for tests, which read its glyph
 * positions and direction): a new PangoLayout for cr (NULL: an image
 * surface's), the caller's to g_object_unref.
 */
PangoLayout *typeset_layout(cairo_t *cr, const char *s,
    const struct type_style *st);

/* Releases pango's, cairo's and fontconfig's caches (for leak checkers);
 * at exit. */
void typeset_cleanup(void);

#endif
