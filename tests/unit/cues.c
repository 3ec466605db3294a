/*
 * Unit checks of media_cues_at over the scripts (issue 14): no cue or
 * line split inside a word or a grapheme cluster (combining marks,
 * Devanagari conjuncts and matras, emoji joined by ZWJ), CJK split at its
 * own punctuation and, in a sentence longer than a cue, between
 * characters, lines measured in display columns, Arabic in logical order,
 * cues in time order.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unigbrk.h>
#include <unistr.h>
#include <uniwidth.h>

#include "check.h"
#include "core/text.h"
#include "core/util.h"
#include "media/media.h"

/* Display columns of s[0..n): 2 a wide grapheme cluster, else 1. */
static size_t
columns(const char *s, size_t n)
{
	const uint8_t *u = (const uint8_t *)s;
	char *gb = xmalloc(n + 1);
	size_t i, c = 0;
	ucs4_t ch;

	u8_grapheme_breaks(u, n, gb);
	for (i = 0; i < n; i++)
		if (gb[i] && u8_mbtouc(&ch, u + i, n - i) > 0)
			c += uc_width(ch, "UTF-8") == 2 ? 2 : 1;
	free(gb);
	return c;
}

/* The code point before s + i (0 at the start). */
static ucs4_t
before(const char *s, size_t i)
{
	const uint8_t *p;
	ucs4_t c = 0;

	if (i == 0)
		return 0;
	p = u8_prev(&c, (const uint8_t *)s + i, (const uint8_t *)s);
	return p != NULL ? c : 0;
}

/* The first code point of s. */
static ucs4_t
first_of(const char *s)
{
	ucs4_t c = 0;

	u8_mbtouc(&c, (const uint8_t *)s, strlen(s));
	return c;
}

/* Grapheme clusters of s, its newlines left out. */
static size_t
clusters(const char *s)
{
	size_t n = strlen(s), i, c = 0;
	char *gb = xmalloc(n + 1);

	u8_grapheme_breaks((const uint8_t *)s, n, gb);
	for (i = 0; i < n; i++)
		c += gb[i] && s[i] != '\n';
	free(gb);
	return c;
}

/*
 * Checks the cues of text over [start, end): every line is the text's
 * own bytes in order (logical order, nothing added or dropped but the
 * spaces where lines break), starts and ends on grapheme cluster
 * boundaries, breaks inside no word of a spaced script, and is at most
 * SUB_LINE columns unless it is one unbreakable word; the cues tile the
 * time in order. Returns the number of cues.
 */
static size_t
check_script(const char *text, double start, double end)
{
	char *t = text_squeeze(text), *gb;
	size_t n, i, len = strlen(t), at = 0, ok_sub = 1, ok_gb = 1;
	size_t ok_word = 1, ok_cols = 1, ok_time = 1;
	struct cue *v;

	gb = xmalloc(len + 1);
	u8_grapheme_breaks((const uint8_t *)t, len, gb);
	n = media_cues(text, start, end, &v);
	CHECK(n > 0);
	for (i = 0; i < n; i++) {
		const char *line = v[i].text, *nl;

		if (v[i].end <= v[i].start || (i > 0 &&
		    fabs(v[i].start - v[i - 1].end) > 1e-9))
			ok_time = 0;
		for (; line != NULL; line = nl != NULL ? nl + 1 : NULL) {
			size_t ll;

			nl = strchr(line, '\n');
			ll = nl != NULL ? (size_t)(nl - line) : strlen(line);
			if (at < len && t[at] == ' ')
				at++;
			if (at + ll > len || memcmp(t + at, line, ll) != 0) {
				printf("#   line '%.*s' is not the text at %zu\n",
				    (int)ll, line, at);
				ok_sub = 0;
				break;
			}
			if (!gb[at] || (at + ll < len && !gb[at + ll]))
				ok_gb = 0;
			/* A break that is not at a space is between the
			 * characters of a script without spaces. */
			if (at > 0 && t[at - 1] != ' ' &&
			    !text_unspaced((long)before(t, at)) &&
			    !text_unspaced((long)first_of(t + at))) {
				printf("#   a word split before '%.*s'\n",
				    (int)ll, line);
				ok_word = 0;
			}
			if (columns(line, ll) > SUB_LINE && memchr(line, ' ',
			    ll) != NULL) {
				printf("#   %zu columns: '%.*s'\n",
				    columns(line, ll), (int)ll, line);
				ok_cols = 0;
			}
			at += ll;
		}
	}
	CHECK(ok_sub);
	CHECK(at == len);
	CHECK(ok_gb);
	CHECK(ok_word);
	CHECK(ok_cols);
	CHECK(ok_time);
	CHECK(fabs(v[0].start - start) < 1e-9);
	CHECK(fabs(v[n - 1].end - end) < 1e-9);
	media_cues_free(v, n);
	free(gb);
	free(t);
	return n;
}

/* Whether some cue of text holds all of piece. */
static int
whole_in_a_cue(const char *text, const char *piece)
{
	struct cue *v;
	size_t n = media_cues(text, 0, 10, &v), i;
	int found = 0;

	for (i = 0; i < n; i++)
		found |= strstr(v[i].text, piece) != NULL;
	media_cues_free(v, n);
	return found;
}

#define JA "\xe3\x83\x8f\xe3\x83\x8a\xe3\x81\xaf\xe3\x82\x82\xe3\x82\x8a" \
    "\xe3\x81\xa7\xe3\x81\xa9\xe3\x82\x93\xe3\x81\x90\xe3\x82\x8a\xe3\x82" \
    "\x92\xe8\xa6\x8b\xe3\x81\xa4\xe3\x81\x91\xe3\x81\xbe\xe3\x81\x97\xe3" \
    "\x81\x9f\xe3\x80\x82" /* ハナはもりでどんぐりを見つけました。 */
#define JA2 "\xe3\x81\x8d\xe3\x82\x89\xe3\x81\x8d\xe3\x82\x89\xe3\x81\xb2" \
    "\xe3\x81\x8b\xe3\x82\x8b\xe3\x80\x81" /* きらきらひかる、 */
#define JA3 "\xe3\x81\xa8\xe3\x81\xa6\xe3\x82\x82\xe3\x81\x8d\xe3\x82\x8c" \
    "\xe3\x81\x84\xe3\x81\xaa\xe3\x81\xa9\xe3\x82\x93\xe3\x81\x90\xe3\x82" \
    "\x8a\xe3\x81\xa7\xe3\x81\x99\xe3\x80\x82" /* とてもきれいなどんぐりです。 */

static void
test_japanese(void)
{
	struct cue *v;
	struct buf b = { 0 };
	size_t n, i;
	int ok = 1;
	char *s;

	CHECK_NOTE("media_cues: Japanese, no spaces");
	check_script(JA JA2 JA3 JA JA2 JA3, 0, 12);
	/* Sentences end cues, and a phrase that fits a line is whole. */
	n = media_cues(JA JA2 JA3, 0, 6, &v);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(v[0].text, JA);
		CHECK_STR(v[1].text, JA2 "\n" JA3);
	}
	media_cues_free(v, n);
	/* One sentence far longer than a cue, without a mark: cut between
	 * characters, every line full, and a kana with a combining voiced
	 * mark (か U+3099) never parted from it. */
	for (i = 0; i < 40; i++)
		buf_add(&b, "\xe3\x81\x8b\xe3\x82\x99\xe3\x81\x82");
	buf_add(&b, "\xe3\x80\x82");
	n = check_script(b.s, 0, 20);
	CHECK(n >= 2);
	n = media_cues(b.s, 0, 20, &v);
	for (i = 0; i < n; i++) {
		s = strchr(v[i].text, '\n');
		if (strncmp(v[i].text, "\xe3\x82\x99", 3) == 0 || (s != NULL &&
		    strncmp(s + 1, "\xe3\x82\x99", 3) == 0))
			ok = 0;
		/* 21 wide characters a line: 42 columns. */
		if (i + 1 < n && (s == NULL || columns(v[i].text,
		    (size_t)(s - v[i].text)) < SUB_LINE - 1))
			ok = 0;
	}
	CHECK(ok);
	media_cues_free(v, n);
	/* Timed by one onset for the whole text (no spaces, one word): a
	 * cue inside it starts that far into the word's time. */
	{
		double on[1] = { 1.0 };

		n = media_cues_at(b.s, 0, 21, on, 1, &v);
		CHECK(n >= 2);
		CHECK(fabs(v[0].start - 1.0) < 1e-9);
		for (i = 1, ok = 1; i < n; i++)
			if (!(v[i].start > v[i - 1].start) ||
			    v[i - 1].end != v[i].start || v[i].first != 0 ||
			    v[i].words != 1)
				ok = 0;
		CHECK(ok);
		/* 81 clusters in 20 s from 1 s on. */
		CHECK(n >= 2 && fabs(v[1].start - (1.0 + 20.0 *
		    (double)clusters(v[0].text) / 81)) < 1e-9);
		media_cues_free(v, n);
	}
	free(buf_take(&b));
}

static void
test_scripts(void)
{
	/* Hindi: conjuncts (क्ष, च्च) and matras, split only at spaces. */
	static const char hi[] = "\xe0\xa4\xae\xe0\xa5\x80\xe0\xa4\xb0\xe0"
	    "\xa4\xbe \xe0\xa4\x95\xe0\xa5\x8b \xe0\xa4\xb0\xe0\xa4\xbe\xe0"
	    "\xa4\xb8\xe0\xa5\x8d\xe0\xa4\xa4\xe0\xa5\x87 \xe0\xa4\xae\xe0"
	    "\xa5\x87\xe0\xa4\x82 \xe0\xa4\x8f\xe0\xa4\x95 \xe0\xa4\xac\xe0"
	    "\xa4\x9f\xe0\xa5\x81\xe0\xa4\x86 \xe0\xa4\xae\xe0\xa4\xbf\xe0"
	    "\xa4\xb2\xe0\xa4\xbe\xe0\xa5\xa4 \xe0\xa4\xb8\xe0\xa4\x9a\xe0"
	    "\xa5\x8d\xe0\xa4\x9a\xe0\xa4\xbe\xe0\xa4\x88 \xe0\xa4\x94\xe0"
	    "\xa4\xb0 \xe0\xa4\x95\xe0\xa5\x8d\xe0\xa4\xb7\xe0\xa4\xae\xe0"
	    "\xa4\xbe \xe0\xa4\x95\xe0\xa5\x80 \xe0\xa4\xaf\xe0\xa4\xb9 "
	    "\xe0\xa4\x95\xe0\xa4\xb9\xe0\xa4\xbe\xe0\xa4\xa8\xe0\xa5\x80 "
	    "\xe0\xa4\xb9\xe0\xa5\x88\xe0\xa5\xa4";
	/* Arabic with a shadda and tanwin, in logical order. */
	static const char ar[] = "\xd9\x88\xd8\xac\xd8\xaf\xd8\xaa \xd8\xb3"
	    "\xd9\x84\xd9\x85\xd9\x89 \xd9\x83\xd8\xb1\xd8\xa9 \xd8\xad\xd9"
	    "\x85\xd8\xb1\xd8\xa7\xd8\xa1 \xd9\x81\xd9\x8a \xd8\xa7\xd9\x84"
	    "\xd8\xad\xd8\xaf\xd9\x8a\xd9\x82\xd8\xa9. \xd8\xa3\xd8\xb9\xd8"
	    "\xa7\xd8\xaf\xd8\xaa \xd8\xb3\xd9\x84\xd9\x85\xd9\x89 \xd8\xa7"
	    "\xd9\x84\xd9\x83\xd8\xb1\xd8\xa9 \xd8\xa5\xd9\x84\xd9\x89 \xd8"
	    "\xb5\xd8\xa7\xd8\xad\xd8\xa8\xd9\x87\xd8\xa7\xd8\x8c \xd9\x88"
	    "\xd9\x83\xd8\xa7\xd9\x86\xd8\xaa \xd8\xb3\xd8\xb9\xd9\x8a\xd8"
	    "\xaf\xd8\xa9 \xd8\xac\xd8\xaf\xd9\x8b\xd8\xa7 \xd9\x84\xd8\xa3"
	    "\xd9\x86\xd9\x91\xd9\x87\xd8\xa7 \xd8\xb5\xd8\xa7\xd8\xaf\xd9"
	    "\x82\xd8\xa9.";
	/* Spanish, precomposed and decomposed accents (e + U+0301). */
	static const char es[] = "La ni\xc3\xb1" "a peque\xc3\xb1" "a corri"
	    "\xc3\xb3 por el cami\xc3\xb3n. \xc2\xbfQu\xc3\xa9 pas\xc3\xb3? "
	    "\xc2\xa1Incre\xc3\xad" "ble! \xc3\x91" "and\xc3\xba y Zoe\xcc"
	    "\x88 est\xc3\xa1n aqui\xcc\x81 tambie\xcc\x81n, con la "
	    "ma\xc3\xb1" "ana clara.";
	/* A family joined by ZWJ, a skin tone, a flag of ZWJ and VS16. */
	static const char emoji[] = "The family \xf0\x9f\x91\xa8\xe2\x80\x8d"
	    "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7\xe2\x80\x8d\xf0\x9f"
	    "\x91\xa6 went to the park \xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd and "
	    "then \xf0\x9f\x8f\xb3\xef\xb8\x8f\xe2\x80\x8d\xf0\x9f\x8c\x88 "
	    "flags waved, and the children \xf0\x9f\x91\xa7\xf0\x9f\x91\xa6"
	    "\xf0\x9f\x91\xa7\xf0\x9f\x91\xa6\xf0\x9f\x91\xa7\xf0\x9f\x91\xa6"
	    "\xf0\x9f\x91\xa7\xf0\x9f\x91\xa6 laughed all day long.";
	struct cue *v;
	size_t n;

	CHECK_NOTE("media_cues: Hindi with conjuncts and matras");
	check_script(hi, 0, 8);
	/* The danda ends a sentence, and so a cue once half full. */
	n = media_cues(hi, 0, 8, &v);
	CHECK(n >= 2);
	CHECK(n >= 2 && text_ends_sentence(v[0].text));
	media_cues_free(v, n);
	CHECK(whole_in_a_cue(hi, "\xe0\xa4\x95\xe0\xa5\x8d\xe0\xa4\xb7\xe0"
	    "\xa4\xae\xe0\xa4\xbe"));

	CHECK_NOTE("media_cues: Arabic, logical order, time order");
	n = check_script(ar, 2, 9);
	CHECK(n >= 2);

	CHECK_NOTE("media_cues: Spanish with accents");
	check_script(es, 0, 7);
	CHECK(whole_in_a_cue(es, "aqui\xcc\x81"));
	CHECK(whole_in_a_cue(es, "tambie\xcc\x81n,"));

	CHECK_NOTE("media_cues: Thai, a phrase longer than a line");
	{
		/* libunistring has no Thai dictionary: a phrase that fits
		 * a line stays whole, a longer one is cut between grapheme
		 * clusters, never after a vowel written before its
		 * consonant (เ). */
		static const char th[] = "\xe0\xb8\x81\xe0\xb8\xb2\xe0\xb8"
		    "\xa5\xe0\xb8\x84\xe0\xb8\xa3\xe0\xb8\xb1\xe0\xb9\x89"
		    "\xe0\xb8\x87\xe0\xb8\xab\xe0\xb8\x99\xe0\xb8\xb6\xe0"
		    "\xb9\x88\xe0\xb8\x87 ";
		static const char run[] = "\xe0\xb9\x80\xe0\xb8\x9e\xe0\xb8"
		    "\xb7\xe0\xb9\x88\xe0\xb8\xad\xe0\xb8\x99\xe0\xb9\x86";
		struct buf b = { 0 };
		struct cue *v;
		size_t i, k, n;
		int ok = 1;

		buf_add(&b, th);
		for (i = 0; i < 12; i++)
			buf_add(&b, run);
		buf_add(&b, " ");
		buf_add(&b, th);
		n = check_script(b.s, 0, 9);
		n = media_cues(b.s, 0, 9, &v);
		CHECK(n >= 1 && strncmp(v[0].text, th, strlen(th) - 1) == 0);
		for (i = 0; i < n; i++)
			for (k = 0; v[i].text[k] != '\0'; k++)
				if (v[i].text[k] == '\n' && (strncmp(v[i].text +
				    k - 3, "\xe0\xb9\x80", 3) == 0 ||
				    strncmp(v[i].text + k + 1, "\xe0\xb9\x86",
				    3) == 0))
					ok = 0;
		CHECK(ok);
		/* 12 x 5 clusters: cut to fit the lines. */
		for (i = 0, ok = 1; i < n; i++) {
			const char *nl = strchr(v[i].text, '\n');

			if (columns(v[i].text, nl != NULL ? (size_t)(nl -
			    v[i].text) : strlen(v[i].text)) > SUB_LINE ||
			    (nl != NULL && columns(nl + 1, strlen(nl + 1)) >
			    SUB_LINE))
				ok = 0;
		}
		CHECK(ok);
		media_cues_free(v, n);
		free(buf_take(&b));
	}

	CHECK_NOTE("media_cues: emoji joined by ZWJ");
	check_script(emoji, 0, 9);
	CHECK(whole_in_a_cue(emoji, "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91"
	    "\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7\xe2\x80\x8d\xf0\x9f\x91\xa6"));
	CHECK(whole_in_a_cue(emoji, "\xf0\x9f\x8f\xb3\xef\xb8\x8f\xe2\x80\x8d"
	    "\xf0\x9f\x8c\x88"));
	/* Emoji in a spaced word are not places to split it. */
	CHECK(whole_in_a_cue(emoji, "\xf0\x9f\x91\xa7\xf0\x9f\x91\xa6\xf0\x9f"
	    "\x91\xa7\xf0\x9f\x91\xa6\xf0\x9f\x91\xa7\xf0\x9f\x91\xa6\xf0\x9f"
	    "\x91\xa7\xf0\x9f\x91\xa6"));
}

int
main(void)
{
	test_japanese();
	test_scripts();
	return check_done();
}
