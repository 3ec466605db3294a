/*
 * text.h - UTF-8 text helpers: validity, words, sentences, names.
 *
 * Words are runs of bytes between ASCII white space, so every byte of a
 * UTF-8 text belongs to exactly one word or to the space between words.
 */
#ifndef MV_TEXT_H
#define MV_TEXT_H

#include <stddef.h>

/* A byte range [off, off + len) of some text. */
struct span {
	size_t off;
	size_t len;
};

/*
 * Returns 0 when s[0..len) is valid UTF-8 with no NUL byte (no overlongs,
 * no surrogates, nothing above U+10FFFF); else -1 with *bad set to the
 * offset of the first offending byte.
 */
int text_check_utf8(const char *s, size_t len, size_t *bad);

/*
 * Decodes the UTF-8 character at s (len > 0 bytes left): its code point,
 * or -1 for an invalid byte, an overlong form or a surrogate; *n is its
 * length (1 for an invalid byte).
 */
long text_utf8_next(const unsigned char *s, size_t len, size_t *n);

struct buf;
/* Appends the code point c (0 to 0x10ffff) to b as UTF-8. */
void text_utf8_put(struct buf *b, long c);

/* 1-based line and column (in bytes) of offset off in s. */
void text_position(const char *s, size_t off, size_t *line, size_t *col);

/* True for the ASCII white space that separates words. */
int text_is_space(int c);

/* Number of words in s. */
size_t text_words(const char *s);

/*
 * Splits s into sentences: each ends at '.', '!' or '?' (or an ellipsis)
 * followed by optional closing quotes or brackets and then white space
 * and a character that is not a lower-case letter, or at a blank line, or
 * at the end. Common abbreviations ("Mr.", "Dr.", "e.g.") do not end one.
 * Spans exclude surrounding white space and together hold every word of
 * s in order. Returns the count; *out is malloc'd (NULL when 0).
 */
size_t text_sentences(const char *s, struct span **out);

/*
 * Length of a CJK sentence end at s (the full stop, exclamation or
 * question mark, U+3002, U+FF01, U+FF1F, U+FF61, repeated, then closing
 * quotes or brackets), after which a sentence ends with no space; 0 when
 * s does not begin with one.
 */
size_t text_cjk_stop(const char *s);

/* The first sentence of s (all of s when it has none), malloc'd. */
char *text_first_sentence(const char *s);

/*
 * Counts whole-word occurrences of name in s (case-sensitive). A match
 * must not be preceded or followed by a letter or digit, of any script,
 * except where words are not spaced: beside a kana or an ideograph, on
 * its side or the name's, a name needs no gap ("ハナは" has ハナ).
 */
size_t text_count_name(const char *s, const char *name);

/*
 * True when s contains word (ASCII case-insensitive) as a whole word, also
 * with a plural "s" or "es" after it.
 */
int text_has_word(const char *s, const char *word);

/*
 * Returns a malloc'd copy of s with leading and trailing white space
 * removed and inner runs of white space (newlines included) folded to one
 * space.
 */
char *text_squeeze(const char *s);

/* Returns a malloc'd copy of s with its first ASCII letter upper-cased. */
char *text_capitalize(const char *s);

/* Returns a malloc'd copy of s with its first ASCII letter lower-cased
 * unless the first word looks like a name or an acronym ("I", "NASA"). */
char *text_lowerfirst(const char *s);

/* "an" when w starts with a vowel letter, else "a". */
const char *text_article(const char *w);

/* Title Case for ASCII letters; small words stay lower case inside. */
char *text_title(const char *s);

/*
 * True when s ends with sentence punctuation (after closing quotes and
 * brackets): '.', '!', '?', the CJK full stop and marks, the Devanagari
 * danda, the Arabic question mark, the Urdu full stop.
 */
int text_ends_sentence(const char *s);

/* text_ends_sentence, or a comma, colon or semicolon (ASCII or CJK: 、，：；)
 * ends s. */
int text_ends_clause(const char *s);

/*
 * Whether the code point c belongs to a script written without spaces
 * between words, where a line may break between characters: kana, Han
 * ideographs, CJK punctuation and full-width forms, Thai, Lao, Myanmar,
 * Khmer.
 */
int text_unspaced(long c);

/*
 * A file-name-safe slug of s: lower-case ASCII letters and digits joined by
 * '-', at most max bytes; "story" when nothing is left. Malloc'd.
 */
char *text_slug(const char *s, size_t max);

/*
 * Shortens s to at most max bytes at a word boundary (on a UTF-8
 * character boundary), adding "..." when cut. Malloc'd.
 */
char *text_clip(const char *s, size_t max);

/*
 * Names as people read them (GNU libunistring does the Unicode work):
 *
 * text_nfc returns s in Unicode normalisation form C (composed: "e" and a
 * combining acute accent become one "\u00e9"), malloc'd; a copy of s when
 * s is not valid UTF-8.
 *
 * text_name_key returns the key two names are compared by, malloc'd: s
 * without its default-ignorable code points (zero-width spaces and
 * joiners, soft hyphens, bidi marks, variation selectors...), case folded
 * and in NFC. "Ruby", "ruby", "RUBY" and "Ru\u200bby" have one key.
 *
 * text_show returns s for a message, malloc'd: '"' and '\\' escaped, and
 * each invisible character (control, default-ignorable, and combining
 * marks when s is not in NFC) as \uXXXX or \UXXXXXXXX, so that two
 * spellings that look the same on a terminal are told apart.
 */
char *text_nfc(const char *s);
char *text_name_key(const char *s);
char *text_show(const char *s);

/*
 * The next quotation in s: a straight double quote to the next one, or a
 * curly U+201C to its U+201D, whichever opens first. Sets *open to its
 * opening mark, *close to its closing mark and *mark to the marks'
 * length (1 or 3); returns 0, or -1 when s has no closed quotation.
 */
int text_next_quote(const char *s, const char **open, const char **close,
    size_t *mark);

#endif
