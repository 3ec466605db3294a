/*
 * gloss.h - the offline illustrator's words in the languages mv tells
 * stories in (lang.h): what a brief's "zorra", "きつね" or "лиса" is, and
 * where "bosque", "森" or "الغابة" is, in the English words its tables
 * (lexicon.h, species.h, scenery.h) know. Picture prompts stay English
 * (issue 14); this only lets the drawing match the story.
 *
 * A word is found in text as its script writes words: Latin-script
 * words whole (with a plural -s or -es), Cyrillic and Devanagari words
 * by their start (any ending), and Arabic, Japanese and Chinese anywhere
 * (Arabic writes its article and prepositions joined to the word, and
 * the others leave no spaces); the longest word that fits wins. Text is
 * compared case-folded and in NFC.
 */
#ifndef MV_GLOSS_H
#define MV_GLOSS_H

enum gloss_kind {
	GLOSS_BEINGS,	/* a character's kind: fox, girl, robot */
	GLOSS_PLACES	/* a setting: forest, sea, village, night */
};

/*
 * text followed by the English word of each word of another language
 * found in it, malloc'd ("zorra sabia" -> "zorra sabia fox"); NULL when
 * there is none, and the caller goes on with text as it is.
 */
char *gloss(const char *text, enum gloss_kind kind);

/* Every word of the tables, for the unit checks: *en gets its English.
 * NULL past the end. */
const char *gloss_word(enum gloss_kind kind, int i, const char **en);

#endif
