/*
 * illustrate.h - the offline illustrator: procedural scene pictures and
 * title or end cards, drawn with cairo, their text laid out by typeset.h
 * (pango: every script shaped, in its direction), written as PNG atomically.
 *
 * A picture shows the setting (scenery.h, tinted by the scene's mood), the
 * characters present (species.h: each kind by its silhouette, in its own
 * colour of clothes or accessory, labelled with its name, all with the
 * scene's expression) and, when asked, the scene's caption. The same
 * input draws the same pixels.
 *
 * Everything that matters stays inside the part of the picture that the
 * camera keeps in view and that subtitles leave free: a 1.12 zoom or a
 * pan crops 6 % above and below and up to 10.7 % at the sides, and the
 * burned subtitles (render.c) take the band below 0.77 of the frame's
 * height, 0.74 of the picture's at full zoom. Characters stand with their
 * feet at SCENERY_FLOOR (0.68) between 0.12 and 0.88 of the width, their
 * name labels end above 0.73, and their heads stay below 0.08.
 */
#ifndef MV_ILLUSTRATE_H
#define MV_ILLUSTRATE_H

#include <stdint.h>

#include "offline/species.h"

struct picture {
	int width, height;
	const char *setting;
	unsigned mood;		/* lex_moods mask */
	int expr;		/* EXPR_* of the characters' faces and poses */
	uint64_t seed;		/* varies the layout between scenes */
	int sheet;		/* a reference sheet: figs[0] alone, whole,
				 * centred on a plain light background */
	const char *caption;	/* a banner at the top; NULL for none */
	int scene;		/* shown in a badge; 0 for none */
	const struct figure *figs;
	int nfigs;
};

/* Draws p into path (a PNG). Returns 0 or -1 with *err set. */
int illustrate_scene(const struct picture *p, const char *path, char **err);

/*
 * Draws a card: a heading, a body wrapped to fit, and a footer (each may be
 * NULL) over a soft background in the setting's colours. Returns 0 or -1.
 */
int illustrate_card(int width, int height, const char *setting,
    const char *heading, const char *body, const char *footer,
    const char *path, char **err);

/* One scene, or one character's sheet, on a storyboard. */
struct board_item {
	const char *image;	/* the scene's picture (PNG, any size) */
	int scene;		/* its number, shown in a badge; 0: a sheet */
	const char *words;	/* its narration; the first words are shown
				 * (a sheet's: the character's name) */
};

/*
 * Draws a contact sheet of n scenes into path (PNG, atomically): a header
 * with title ("Storyboard" when NULL) and the scene count, then the
 * characters' sheets (the items at the start with scene 0), each whole
 * in its cell on a light ground with its name under it, in a row of
 * their own (or more), then a grid of
 * thumbnails in the order given, each with its number in a badge and the
 * first words of its narration under it (at most 8 words and 60
 * characters, cut between words with "...", on at most two lines).
 *
 * width (320 to 4096) is the sheet's width in pixels, e.g. 1600; the height
 * follows from the rows and stays at most 16384. Every cell has the aspect
 * of the first picture that can be read (16:9 when none can) and each
 * picture is scaled to cover it, cropping the overflow. The column count
 * follows the aspect: 4 for 16:9, 5 for 1:1, 6 for 9:16 (fewer on sheets
 * narrower than 1280 pixels, more when the rows would not fit the height).
 * A picture that cannot be read (or a NULL image) is drawn as a grey cell
 * saying "missing", and text that is not valid UTF-8 (or NULL) is left
 * out; neither is an error.
 *
 * Returns 0, or -1 with *err set ("'path': why", malloc'd) when n is not
 * 1 to 200, width is out of range, or the sheet cannot be written.
 */
int illustrate_storyboard(const struct board_item *items, int n, int width,
    const char *title, const char *path, char **err);

/* Releases the font caches (for leak checkers); call at exit. */
void illustrate_cleanup(void);

#endif
