#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "core/text.h"
#include "core/util.h"

int
text_check_utf8(const char *str, size_t len, size_t *bad)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n, k;
	uint32_t c, min;

	while (i < len) {
		c = s[i];
		if (c == 0)
			goto fail;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			c &= 0x1f;
			min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			c &= 0x0f;
			min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			c &= 0x07;
			min = 0x10000;
		} else
			goto fail;
		for (k = 1; k <= n; k++) {
			if (i + k >= len || (s[i + k] & 0xc0) != 0x80)
				goto fail;
			c = (c << 6) | (s[i + k] & 0x3f);
		}
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			goto fail;
		i += n + 1;
	}
	return 0;
fail:
	*bad = i;
	return -1;
}

void
text_position(const char *s, size_t off, size_t *line, size_t *col)
{
	size_t i, l = 1, c = 1;

	for (i = 0; i < off; i++)
		if (s[i] == '\n') {
			l++;
			c = 1;
		} else
			c++;
	*line = l;
	*col = c;
}

int
text_is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

/* Whether c is written without spaces between words, each character a
 * word of its own: Han ideographs, hiragana and katakana. */
static int
unspaced(uint32_t c)
{
	return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) ||
	    (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
}

/* Whether c separates words though it is not a space: CJK punctuation
 * and full-width forms, dashes and quotes of General Punctuation. */
static int
gap(uint32_t c)
{
	return (c >= 0x2000 && c <= 0x206f) || (c >= 0x3000 && c <= 0x303f) ||
	    (c >= 0xff00 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20);
}

static uint32_t decode(const unsigned char *s, size_t *n);

int
text_unspaced(long c)
{
	return c >= 0 && (unspaced((uint32_t)c) || gap((uint32_t)c) ||
	    (c >= 0xe00 && c <= 0xeff) || (c >= 0x1000 && c <= 0x109f) ||
	    (c >= 0x1780 && c <= 0x17ff) || (c >= 0xff01 && c <= 0xff60)) &&
	    !(c >= 0x2000 && c <= 0x206f);
}

size_t
text_words(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0, len;
	uint32_t c;
	int in = 0;

	for (; *p; p += len) {
		c = decode(p, &len);
		if (text_is_space((int)*p) || gap(c))
			in = 0;
		else if (unspaced(c)) {
			n++;
			in = 0;
		} else if (!in) {
			in = 1;
			n++;
		}
	}
	return n;
}

/* Decodes the code point at s (valid UTF-8 assumed); *n gets its length. */
static uint32_t
decode(const unsigned char *s, size_t *n)
{
	if (s[0] < 0x80) {
		*n = 1;
		return s[0];
	}
	if (s[0] < 0xe0 && s[1]) {
		*n = 2;
		return ((uint32_t)(s[0] & 0x1f) << 6) | (s[1] & 0x3f);
	}
	if (s[0] < 0xf0 && s[1] && s[2]) {
		*n = 3;
		return ((uint32_t)(s[0] & 0x0f) << 12) |
		    ((uint32_t)(s[1] & 0x3f) << 6) | (s[2] & 0x3f);
	}
	if (s[1] && s[2] && s[3]) {
		*n = 4;
		return ((uint32_t)(s[0] & 0x07) << 18) |
		    ((uint32_t)(s[1] & 0x3f) << 12) |
		    ((uint32_t)(s[2] & 0x3f) << 6) | (s[3] & 0x3f);
	}
	*n = 1;
	return 0xfffd;
}

/* Letters and digits of any script; Latin-1 and general punctuation and
 * symbols are not. */
static int
is_wordcp(uint32_t c)
{
	if (c < 0x80)
		return isalnum((int)c);
	if (c >= 0xa0 && c <= 0xbf)
		return 0;
	if (c == 0xd7 || c == 0xf7)
		return 0;
	if (c >= 0x2000 && c <= 0x2bff)
		return 0;
	if (c >= 0x3000 && c <= 0x303f)
		return 0;
	return 1;
}

/* The code point that ends just before s + i. */
static uint32_t
decode_back(const char *s, size_t i)
{
	size_t j = i, n;

	if (i == 0)
		return ' ';
	j--;
	while (j > 0 && ((unsigned char)s[j] & 0xc0) == 0x80)
		j--;
	return decode((const unsigned char *)s + j, &n);
}

static const char *const abbrevs[] = {
	"Mr", "Mrs", "Ms", "Dr", "St", "Mt", "Jr", "Sr", "Prof", "vs",
	"e.g", "i.e", "etc", "no", NULL
};

static int
is_abbrev(const char *s, size_t dot)
{
	size_t b = dot;
	int i;

	/* Back to the start of the word, past any opening quote. */
	while (b > 0 && !text_is_space((unsigned char)s[b - 1]) &&
	    s[b - 1] != '"' && s[b - 1] != '\'' && s[b - 1] != '(' &&
	    !(b >= 3 && (strncmp(s + b - 3, "\xe2\x80\x9c", 3) == 0 ||
	    strncmp(s + b - 3, "\xe2\x80\x98", 3) == 0)))
		b--;
	for (i = 0; abbrevs[i]; i++)
		if (strlen(abbrevs[i]) == dot - b &&
		    strncmp(s + b, abbrevs[i], dot - b) == 0)
			return strcmp(abbrevs[i], "etc") != 0 &&
			    strcmp(abbrevs[i], "no") != 0;
	/* A single capital letter with a dot is an initial ("J. R."). */
	return dot - b == 1 && isupper((unsigned char)s[b]);
}

/* Length of a closing quote or bracket at s, or 0. */
static size_t
closer(const char *s)
{
	static const char *const c[] = {
		"\"", "'", ")", "]", "\xe2\x80\x9d", "\xe2\x80\x99",
		"\xc2\xbb", "\xe3\x80\x8d", "\xe3\x80\x8f",
		"\xef\xbc\x89", NULL
	};
	int i;

	for (i = 0; c[i]; i++)
		if (strncmp(s, c[i], strlen(c[i])) == 0)
			return strlen(c[i]);
	return 0;
}

/*
 * Length of a sentence's end in another script at s, or 0: the CJK
 * full stop, exclamation and question marks (*tight: a sentence ends
 * there with no space after), the Arabic question mark, the Urdu full
 * stop and the Devanagari danda (a space or the end must follow).
 */
static size_t
far_stop(const char *s, int *tight)
{
	static const char *const cjk[] = { "\xe3\x80\x82", "\xef\xbc\x81",
		"\xef\xbc\x9f", "\xef\xbd\xa1", NULL };
	static const char *const spaced[] = { "\xd8\x9f", "\xdb\x94",
		"\xe0\xa5\xa4", "\xe0\xa5\xa5", NULL };
	int i;

	for (i = 0; cjk[i]; i++)
		if (strncmp(s, cjk[i], strlen(cjk[i])) == 0) {
			*tight = 1;
			return strlen(cjk[i]);
		}
	for (i = 0; spaced[i]; i++)
		if (strncmp(s, spaced[i], strlen(spaced[i])) == 0) {
			*tight = 0;
			return strlen(spaced[i]);
		}
	return 0;
}

size_t
text_cjk_stop(const char *s)
{
	size_t k, n;
	int tight;

	if ((k = far_stop(s, &tight)) == 0 || !tight)
		return 0;
	for (;;)
		if ((n = closer(s + k)) > 0 || ((n = far_stop(s + k,
		    &tight)) > 0 && tight))
			k += n;
		else
			return k;
}

size_t
text_sentences(const char *s, struct span **out)
{
	size_t n = 0, cap = 0, i = 0, start, end, k;
	struct span *v = NULL;
	int tight;

	for (;;) {
		while (s[i] && text_is_space((unsigned char)s[i]))
			i++;
		if (s[i] == '\0')
			break;
		start = i;
		end = 0;
		while (s[i] && !end) {
			if (s[i] == '\n') {
				for (k = i + 1; s[k] == ' ' || s[k] == '\t' ||
				    s[k] == '\r'; k++)
					;
				if (s[k] == '\n') {
					end = i;
					break;
				}
			}
			if ((k = far_stop(s + i, &tight)) > 0) {
				k += i;
				while ((i = closer(s + k)) > 0)
					k += i;
				/* Repeated marks end one sentence. */
				while ((i = far_stop(s + k, &tight)) > 0)
					k += i;
				i = k;
				if (tight || s[k] == '\0' ||
				    text_is_space((unsigned char)s[k])) {
					end = k;
					break;
				}
				continue;
			}
			if (s[i] == '.' || s[i] == '!' || s[i] == '?') {
				size_t p = i;

				while (s[i + 1] == '.' || s[i + 1] == '!' ||
				    s[i + 1] == '?')
					i++;
				k = i + 1;
				while ((i = closer(s + k)) > 0)
					k += i;
				i = k;
				if (s[k] == '\0' || (text_is_space(
				    (unsigned char)s[k]) && !(s[p] == '.' &&
				    k == p + 1 && is_abbrev(s, p)))) {
					while (s[k] && text_is_space(
					    (unsigned char)s[k]))
						k++;
					if (!islower((unsigned char)s[k])) {
						end = i;
						break;
					}
				}
				continue;
			}
			i++;
		}
		if (!end)
			end = i;
		while (end > start && text_is_space((unsigned char)s[end - 1]))
			end--;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[n].off = start;
		v[n].len = end - start;
		n++;
		i = end;
	}
	*out = v;
	return n;
}

size_t
text_count_name(const char *s, const char *name)
{
	size_t n = 0, len = strlen(name), k;
	const char *p = s;

	uint32_t first, last, before, after;

	if (len == 0)
		return 0;
	first = decode((const unsigned char *)name, &k);
	last = decode_back(name, len);
	while ((p = strstr(p, name)) != NULL) {
		size_t at = (size_t)(p - s);

		before = decode_back(s, at);
		after = p[len] ? decode((const unsigned char *)p + len, &k) :
		    ' ';
		/* Where words are not spaced (kana, ideographs on either
		 * side), a name has no gap around it: "ハナは". */
		if ((!is_wordcp(before) || unspaced(before) ||
		    unspaced(first)) && (!is_wordcp(after) ||
		    unspaced(after) || unspaced(last)))
			n++;
		p += len;
	}
	return n;
}

int
text_has_word(const char *s, const char *word)
{
	size_t len = strlen(word), i, e, n;

	if (len == 0)
		return 0;
	for (i = 0; s[i]; i++) {
		if (strncasecmp(s + i, word, len) != 0 ||
		    is_wordcp(decode_back(s, i)))
			continue;
		e = i + len;
		if (tolower((unsigned char)s[e]) == 's')
			e++;
		else if (tolower((unsigned char)s[e]) == 'e' &&
		    tolower((unsigned char)s[e + 1]) == 's')
			e += 2;
		if (s[e] == '\0' || !is_wordcp(decode((const unsigned char *)s +
		    e, &n)))
			return 1;
	}
	return 0;
}

char *
text_squeeze(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;
	int space = 0;

	while (*s && text_is_space((unsigned char)*s))
		s++;
	for (; *s; s++) {
		if (text_is_space((unsigned char)*s)) {
			space = 1;
			continue;
		}
		if (space)
			*o++ = ' ';
		space = 0;
		*o++ = *s;
	}
	*o = '\0';
	return out;
}

char *
text_capitalize(const char *s)
{
	char *c = xstrdup(s), *p;

	for (p = c; *p; p++)
		if (isalpha((unsigned char)*p)) {
			*p = (char)toupper((unsigned char)*p);
			break;
		} else if ((unsigned char)*p >= 0x80)
			break;
	return c;
}

char *
text_lowerfirst(const char *s)
{
	char *c = xstrdup(s);

	if (isupper((unsigned char)c[0]) && !isupper((unsigned char)c[1]) &&
	    !(c[0] == 'I' && (c[1] == ' ' || c[1] == '\'')))
		c[0] = (char)tolower((unsigned char)c[0]);
	return c;
}

char *
text_title(const char *s)
{
	static const char *const small[] = {
		"a", "an", "the", "and", "of", "in", "on", "at", "to", "for",
		"with", "but", "or", "by", "from", NULL
	};
	char *c = xstrdup(s), *p = c;
	int first = 1, i;

	while (*p) {
		size_t n = 0;

		while (p[n] && !text_is_space((unsigned char)p[n]))
			n++;
		int keep = 0;
		for (i = 0; !first && small[i]; i++)
			if (strlen(small[i]) == n &&
			    strncasecmp(p, small[i], n) == 0)
				keep = 1;
		if (!keep && isalpha((unsigned char)*p))
			*p = (char)toupper((unsigned char)*p);
		first = 0;
		p += n;
		while (*p && text_is_space((unsigned char)*p))
			p++;
	}
	return c;
}

/*
 * Whether s ends, after closing quotes and brackets, with a sentence's
 * end of any script ('.', '!', '?', the CJK marks, the danda, the Arabic
 * question mark), or with clause also a comma, colon or semicolon (the
 * CJK ones, U+3001, U+FF0C, U+FF1A, U+FF1B, and ASCII).
 */
static int
ends_with_mark(const char *s, int clause)
{
	static const char *const commas[] = { "\xe3\x80\x81",
		"\xef\xbc\x8c", "\xef\xbc\x9a", "\xef\xbc\x9b", NULL };
	size_t n = strlen(s), k;
	int tight, i;

	while (n > 0) {
		for (k = 1; k <= 3 && k <= n; k++)
			if (closer(s + n - k) == k)
				break;
		if (k <= 3 && k <= n) {
			n -= k;
			continue;
		}
		break;
	}
	if (n > 0 && (s[n - 1] == '.' || s[n - 1] == '!' || s[n - 1] == '?'))
		return 1;
	if (clause && n > 0 && (s[n - 1] == ',' || s[n - 1] == ';' ||
	    s[n - 1] == ':'))
		return 1;
	for (k = 2; k <= 3 && k <= n; k++)
		if (far_stop(s + n - k, &tight) == k)
			return 1;
	for (i = 0; clause && commas[i]; i++)
		if (n >= 3 && strncmp(s + n - 3, commas[i], 3) == 0)
			return 1;
	return 0;
}

int
text_ends_sentence(const char *s)
{
	return ends_with_mark(s, 0);
}

int
text_ends_clause(const char *s)
{
	return ends_with_mark(s, 1);
}

char *
text_slug(const char *s, size_t max)
{
	char *out = xmalloc(max + 1);
	size_t n = 0;
	int dash = 0;

	for (; *s && n < max; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) && c < 0x80) {
			if (dash && n > 0) {
				/* A word that has no room for its dash is
				 * left out whole. */
				if (n + 2 > max)
					break;
				out[n++] = '-';
			}
			dash = 0;
			out[n++] = (char)tolower(c);
		} else
			dash = 1;
	}
	out[n] = '\0';
	if (n == 0) {
		free(out);
		return xstrdup("story");
	}
	return out;
}

char *
text_clip(const char *s, size_t max)
{
	size_t n = strlen(s), cut;

	if (n <= max)
		return xstrdup(s);
	if (max < 4) {
		cut = max;
		while (cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
			cut--;
		return xasprintf("%.*s", (int)cut, s);
	}
	cut = max - 3;
	while (cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
		cut--;
	size_t sp = cut;
	while (sp > 0 && !text_is_space((unsigned char)s[sp]))
		sp--;
	if (sp > cut / 2)
		cut = sp;
	while (cut > 0 && (text_is_space((unsigned char)s[cut - 1]) ||
	    s[cut - 1] == ',' || s[cut - 1] == ';'))
		cut--;
	return xasprintf("%.*s...", (int)cut, s);
}

const char *
text_article(const char *w)
{
	return w[0] != '\0' && strchr("aeiouAEIOU", w[0]) ? "an" : "a";
}

char *
text_first_sentence(const char *s)
{
	struct span *sp = NULL;
	char *out;

	if (text_sentences(s, &sp) > 0)
		out = xasprintf("%.*s", (int)sp[0].len, s + sp[0].off);
	else
		out = xstrdup(s);
	free(sp);
	return out;
}

long
text_utf8_next(const unsigned char *s, size_t len, size_t *n)
{
	long c;
	size_t k, i;

	*n = 1;
	if (s[0] < 0x80)
		return s[0];
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		k = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		k = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		k = 4, c = s[0] & 0x07;
	else
		return -1;
	if (k > len)
		return -1;
	for (i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((k == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
	    (k == 4 && (c < 0x10000 || c > 0x10ffff)))
		return -1;
	*n = k;
	return c;
}

void
text_utf8_put(struct buf *b, long c)
{
	char u[4];

	if (c < 0x80) {
		u[0] = (char)c;
		buf_addn(b, u, 1);
	} else if (c < 0x800) {
		u[0] = (char)(0xc0 | c >> 6);
		u[1] = (char)(0x80 | (c & 0x3f));
		buf_addn(b, u, 2);
	} else if (c < 0x10000) {
		u[0] = (char)(0xe0 | c >> 12);
		u[1] = (char)(0x80 | (c >> 6 & 0x3f));
		u[2] = (char)(0x80 | (c & 0x3f));
		buf_addn(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | c >> 18);
		u[1] = (char)(0x80 | (c >> 12 & 0x3f));
		u[2] = (char)(0x80 | (c >> 6 & 0x3f));
		u[3] = (char)(0x80 | (c & 0x3f));
		buf_addn(b, u, 4);
	}
}

/* libunistring's result u[0..n) as a C string (u consumed), or a copy of
 * s when there is none (s was not UTF-8). */
static char *
unistr_take(uint8_t *u, size_t n, const char *s)
{
	char *out;

	if (u == NULL)
		return xstrdup(s);
	out = xmalloc(n + 1);
	memcpy(out, u, n);
	out[n] = '\0';
	free(u);
	return out;
}

char *
text_nfc(const char *s)
{
	size_t n = 0;
	uint8_t *u = u8_normalize(UNINORM_NFC, (const uint8_t *)s, strlen(s),
	    NULL, &n);

	return unistr_take(u, n, s);
}

char *
text_name_key(const char *s)
{
	size_t len = strlen(s), i = 0, n = 0, k = 0;
	uint8_t *kept = xmalloc(len + 1), *u;
	ucs4_t c;
	int m;

	/* Default-ignorable code points are dropped: invisible, they would
	 * make two names that read alike compare different. */
	while (i < len) {
		m = u8_mbtoucr(&c, (const uint8_t *)s + i, len - i);
		if (m < 1) {
			free(kept);
			return xstrdup(s);
		}
		if (!uc_is_property_default_ignorable_code_point(c)) {
			memcpy(kept + n, s + i, (size_t)m);
			n += (size_t)m;
		}
		i += (size_t)m;
	}
	u = u8_casefold(kept, n, NULL, UNINORM_NFC, NULL, &k);
	free(kept);
	return unistr_take(u, k, s);
}

char *
text_show(const char *s)
{
	size_t len = strlen(s), i = 0;
	char *nfc = text_nfc(s);
	int marks = strcmp(nfc, s) != 0, m;
	struct buf b = {0};
	ucs4_t c;

	free(nfc);
	while (i < len) {
		m = u8_mbtoucr(&c, (const uint8_t *)s + i, len - i);
		if (m < 1) {
			buf_addf(&b, "\\x%02x", (unsigned char)s[i]);
			i++;
			continue;
		}
		if (c == '"' || c == '\\')
			buf_addf(&b, "\\%c", (char)c);
		else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) ||
		    uc_is_property_default_ignorable_code_point(c) ||
		    (marks && uc_is_general_category(c, UC_CATEGORY_M)))
			buf_addf(&b, c > 0xffff ? "\\U%08lx" : "\\u%04lx",
			    (unsigned long)c);
		else
			buf_addn(&b, s + i, (size_t)m);
		i += (size_t)m;
	}
	return buf_take(&b);
}

int
text_next_quote(const char *s, const char **open, const char **close,
    size_t *mark)
{
	const char *a = strchr(s, '"'), *b = strstr(s, "\xe2\x80\x9c");

	if (a == NULL && b == NULL)
		return -1;
	if (a != NULL && (b == NULL || a < b)) {
		*open = a;
		*mark = 1;
		*close = strchr(a + 1, '"');
	} else {
		*open = b;
		*mark = 3;
		*close = strstr(b + 3, "\xe2\x80\x9d");
	}
	return *close != NULL ? 0 : -1;
}
