/*
 * lang.h - the languages mv tells stories in: the brief's
 * preferences.language, a BCP 47 tag ("es", "pt-BR", "zh-Hans"), and one
 * table of what mv itself writes in each (the moral's sentence, the
 * cards' words) and how the language is written.
 *
 * Adding a language is one row of the table in lang.c (mv(7) says how).
 * A tag whose language has no row is still a language: the model steps
 * write in it; mv's own words then fall back to English, and lang_get
 * says so.
 */
#ifndef MV_LANG_H
#define MV_LANG_H

struct lang {
	const char *tag;	/* the primary language subtag: "es" */
	const char *name;	/* its English name, for prompts: "Spanish" */
	const char *espeak;	/* espeak-ng's voice for it, or NULL */
	int spaced;		/* words are separated by spaces (not ja, zh) */
	int rtl;		/* written right to left (ar, he, fa, ur) */
	const char *moral;	/* the story's last sentence, "%s" the moral */
	const char *about;	/* a title from a theme, "%s" the theme */
	const char *moral_card;	/* the end card's heading */
	const char *end;	/* the end card's last words */
};

/*
 * Whether tag is a well-formed BCP 47 language tag of the common shape:
 * a language of 2 or 3 letters, then subtags of 2 to 8 letters or digits
 * ("en", "pt-BR", "zh-Hans-CN", "es-419"), at most 35 bytes.
 */
int lang_tag_ok(const char *tag);

/*
 * tag in its canonical case: the language lower-case, a region of two
 * letters upper-case, a script of four letters title-case ("PT-br" gives
 * "pt-BR"). Malloc'd.
 */
char *lang_canonical(const char *tag);

/*
 * The row of the language of tag ("pt-BR" finds "pt"), or NULL when the
 * table has none.
 */
const struct lang *lang_find(const char *tag);

/*
 * The row of tag, or English's when the table has none: then *fallback
 * is set to 1 (else 0), for the caller to say so.
 */
const struct lang *lang_get(const char *tag, int *fallback);

/* How many rows the table has; lang_at(i) is the i-th. */
int lang_count(void);
const struct lang *lang_at(int i);

#endif
