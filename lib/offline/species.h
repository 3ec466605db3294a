/*
 * species.h - the offline illustrator's characters: which kind of body a
 * character's type names, and that body drawn so that the kind shows in
 * its silhouette (ears, snout, tail, wings, trunk, horns, mane, hair,
 * clothes), with a face and a pose for the scene's feeling.
 *
 * Kinds are told apart by shape first and colour second: every kind has
 * a natural colour for its fur, feathers or skin, and a character's own
 * colour goes to its clothes or accessory.
 */
#ifndef MV_SPECIES_H
#define MV_SPECIES_H

#include <stdint.h>

/* cairo.h names it so too; the header needs no cairo include path. */
typedef struct _cairo cairo_t;

/* How one character is always drawn. */
struct figure {
	const char *name;
	int kind;		/* species_find */
	uint32_t color;		/* the character's own colour, 0xRRGGBB */
	uint32_t accent;	/* scarf, hat or bow */
	uint32_t skin;		/* people only */
	int accessory;		/* 0 none, 1 scarf, 2 hat, 3 bow */
	double size;		/* relative size, about 0.4 to 1.6 */
};

/* Feelings a face and a pose can show. */
enum {
	EXPR_CALM, EXPR_HAPPY, EXPR_SAD, EXPR_WORRIED, EXPR_SURPRISED,
	EXPR_PLAIN		/* open eyes, a small smile: no feeling named */
};
#define EXPR_COUNT 6

/* The number of kinds; kinds are 0 to species_count() - 1. */
int species_count(void);

/* The kind's name ("fox", "grandmother"). */
const char *species_name(int kind);

/* True when the kind is a person (girl, boy, woman, man, grandmother,
 * grandfather). */
int species_is_person(int kind);

/*
 * The kind a character's type names, by whole words, ASCII case-
 * insensitive: the last word that names a kind wins, so that "young
 * deer", "wise old owl", "baby elephant" and "mother bird" resolve to
 * deer, owl, elephant and bird, and "old woman" to grandmother. A type
 * that names no kind is drawn as the nearest one (a wolf as a dog, a
 * sheep as a goat, an unknown animal by its body plan, lex_body); then
 * *nearest is set to 1 (else 0) so that the caller can say so.
 */
int species_find(const char *type, int *nearest);

/* +1 when the type's words make the character a "she" (girl, mother,
 * hen, lioness...), -1 for a "he" (boy, father, king...), 0 when they
 * do not say. */
int species_gender(const char *type);

/* The kind's natural colour (0xRRGGBB), size (a grown man is 1.0) and
 * a phrase for image prompts: for a person a noun phrase ("a little girl
 * in a dress..."), for the others one that follows the kind's name
 * ("with a long pointed snout...", "upright and round, with..."). */
uint32_t species_colour(int kind);
double species_size(int kind);
const char *species_look(int kind);

/* The colour's name for species_colour ("russet orange"). */
const char *species_colour_name(int kind);

/*
 * Draws f standing on the ground at (x, y), h pixels tall for size 1,
 * facing right (facing 1) or left (-1), with expression expr (EXPR_*);
 * lw is the outline width in pixels. Draws a soft shadow under it. The
 * figure reaches species_extent times h * species_scale(f->size).
 * Leaves the cairo state as it found it.
 */
void species_draw(cairo_t *cr, const struct figure *f, double x, double y,
    double h, int facing, int expr, double lw);

/* How much taller than size 1 a figure of size size is drawn: sizes are
 * pressed together (size^0.6) so that a mouse beside an elephant can
 * still be seen and an elephant still fits the picture. */
double species_scale(double size);

/* How far the figure of kind reaches behind (back) and before (front)
 * its x, and above its feet (top), in units of h * size. */
void species_extent(int kind, double *back, double *front, double *top);

#endif
