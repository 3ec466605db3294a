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
	const char *endonym;	/* its own name: "español", "日本語" */
	/* Where words are not spaced, how many characters (text_words's
	 * units: kana, ideographs) make a word's worth of speech: lengths
	 * and reading speeds are counted in characters, at wpm x this many
	 * a minute. 0 where words are counted. */
	double per_word;
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

/* Whether tag (BCP 47) is English ("en", "en-GB"); NULL is. */
int lang_is_english(const char *tag);

/*
 * The language of tag by name for a model's prompt, malloc'd: "Japanese
 * (日本語)", with the tag when it says more than the language
 * ("Portuguese (português), as written for the tag pt-BR"), or "the
 * language of the BCP 47 tag 'nl'" when the table has no row.
 */
char *lang_prompt_name(const char *tag);

/*
 * The sentence a model step's system prompt gets for tag (malloc'd):
 * "" for English, else "Write in Japanese (日本語)." and the like.
 */
char *lang_write_in(const char *tag);

/*
 * How text of the language of tag is measured: "words", or "characters"
 * where words are not spaced (per_word > 0). Lengths are text_words
 * units either way: text_words counts each kana and ideograph.
 */
const char *lang_unit(const char *tag);

/*
 * The narration speed wpm (words a minute) in the units of lang_unit:
 * wpm itself, or wpm x per_word characters a minute ("ja" at 150 words
 * a minute: 300 characters, 5 a second).
 */
double lang_per_minute(const char *tag, double wpm);

/* Seconds that text takes read aloud at wpm in the language of tag. */
double lang_seconds(const char *tag, const char *text, double wpm);

/*
 * The words of mv's own cards for tag: the row's moral_card, end and
 * about. When the table has no row, English's, and *note (malloc'd; else
 * NULL) says so for the log: "language 'nl': mv has no card words for
 * it; the cards are in English (a row of lib/core/lang.c adds them)".
 */
const struct lang *lang_cards(const char *tag, char **note);

/*
 * The voice of espeak-ng (the offline narrator of languages other than
 * English) for tag, malloc'd: the row's, else the first voice
 * `espeak-ng --voices=LANG` lists for its language (not an mbrola one);
 * NULL when there is none or espeak-ng cannot be run.
 */
char *lang_offline_voice(const char *tag);

#endif
