/*
 * lexicon.h - the word tables behind the offline providers: what a setting
 * looks like and sounds like, what a trait makes a character do, what a
 * theme sounds like, and which words carry which mood.
 *
 * Lookups are by whole words, ASCII case-insensitive (text_has_word).
 */
#ifndef MV_LEXICON_H
#define MV_LEXICON_H

#include <stdint.h>

/* Scenery features the illustrator can draw. */
enum {
	SC_TREES = 1 << 0, SC_WATER = 1 << 1, SC_HOUSES = 1 << 2,
	SC_MOUNTAINS = 1 << 3, SC_SAND = 1 << 4, SC_STARS = 1 << 5,
	SC_SNOW = 1 << 6, SC_CASTLE = 1 << 7, SC_FLOWERS = 1 << 8,
	SC_FENCE = 1 << 9, SC_CLOUDS = 1 << 10, SC_TOWERS = 1 << 11,
	SC_CAVE = 1 << 12, SC_SEA = 1 << 13, SC_INDOOR = 1 << 14
};

struct scenery {
	const char *kind;	/* "forest" */
	const char *words[8];	/* keywords, NULL-ended */
	const char *detail;	/* a sentence for the story */
	const char *look;	/* a phrase for image prompts */
	uint32_t sky_top, sky_low, ground, accent;	/* 0xRRGGBB */
	unsigned features;
};

/* The sceneries whose keywords occur in setting, best first; returns how
 * many were written to out (at most max). Falls back to a meadow. */
int lex_scenery(const char *setting, const struct scenery **out, int max);

/* True when the setting happens at night. */
int lex_is_night(const char *setting);

struct trait {
	const char *word;	/* "brave" */
	const char *who;	/* "was never afraid to try something new" */
	const char *act;	/* "took a deep breath and stepped forward" */
};

/* The entry for trait, or NULL when the table does not know it. */
const struct trait *lex_trait(const char *trait);

struct theme {
	const char *words[6];
	const char *say[3];	/* lines a character can say */
	const char *reflect;	/* a closing reflection; {N} = the names */
	const char *arc[4];	/* a plot when the brief has none: {A} = a
				 * first name, {B} = a second name */
};

/* The theme entry matching theme (or the general one). */
const struct theme *lex_theme(const char *theme);

/* Moods, ordered; lex_moods sets a bit for each found in text. */
enum {
	MOOD_JOY = 1 << 0, MOOD_WORRY = 1 << 1, MOOD_SADNESS = 1 << 2,
	MOOD_CALM = 1 << 3, MOOD_EXCITEMENT = 1 << 4, MOOD_WONDER = 1 << 5,
	MOOD_COURAGE = 1 << 6, MOOD_KINDNESS = 1 << 7
};
#define MOOD_COUNT 8

unsigned lex_moods(const char *text);

/* The name of mood bit i ("joyful", ...). */
const char *lex_mood_name(int i);

/* A sentence about a feeling for the strongest mood in mask, or NULL. */
const char *lex_mood_line(unsigned mask, unsigned variant);

/*
 * The body plan for a character type: 0 person, 1 four-legged animal,
 * 2 bird, 3 fish, 4 bug, 5 robot, 6 plant or tree, 7 creature (dragon,
 * monster), 8 generic round animal.
 */
int lex_body(const char *type);

/* Ear shape for four-legged animals: 0 round, 1 pointed, 2 long, 3 none. */
int lex_ears(const char *type);

#endif
