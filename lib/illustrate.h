/*
 * illustrate.h - the offline illustrator: procedural scene pictures and
 * title or end cards, drawn with cairo and written as PNG atomically.
 *
 * A picture shows the setting (sky, light and scenery chosen from the
 * setting's words, tinted by the scene's mood), the characters present
 * (each always in its own colour and body plan, labelled with its name)
 * and the scene's caption. The same input draws the same pixels.
 */
#ifndef MV_ILLUSTRATE_H
#define MV_ILLUSTRATE_H

#include <stdint.h>

/* How one character is always drawn. */
struct figure {
	const char *name;
	int body;		/* lex_body */
	int ears;		/* lex_ears */
	uint32_t color;		/* main colour, 0xRRGGBB */
	uint32_t accent;	/* scarf, hat or bow */
	uint32_t skin;		/* people only */
	int accessory;		/* 0 none, 1 scarf, 2 hat, 3 bow */
	double size;		/* relative size, about 0.6 to 1.4 */
};

struct picture {
	int width, height;
	const char *setting;
	unsigned mood;		/* lex_moods mask */
	uint64_t seed;		/* varies the layout between scenes */
	const char *caption;	/* may be NULL */
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

/* Releases the font caches (for leak checkers); call at exit. */
void illustrate_cleanup(void);

#endif
