/*
 * safety.c - the child-safety word filter (see safety.h).
 *
 * Texts and entries are cut into words the same way: a word is a run of
 * ASCII letters and digits and of non-ASCII characters other than the
 * Latin-1 punctuation and symbols (U+0080-U+00BF, U+00D7, U+00F7) and the
 * General Punctuation block (U+2000-U+206F); anything else, including
 * an invalid UTF-8 byte, separates words. Words are folded to lower case
 * (ASCII and Latin-1 letters). An entry of several words matches the same
 * words in a row, whatever separates them in the text.
 */
#include <stdlib.h>
#include <string.h>

#include "core/safety.h"
#include "core/text.h"
#include "core/util.h"

#define SAFETY_MAX_FILE (1u << 20)
#define SAFETY_MAX_ENTRY 200	/* bytes in one entry */
#define SAFETY_MAX_WORDS 8	/* words in one entry */

/*
 * The built-in list, for stories told to children of 3 to 12. It is
 * short on purpose: each entry is a word that has no everyday meaning a
 * children's story or an encyclopaedia article for children needs, so
 * that false alarms stay rare ("kill" is listed, "skill" passes; "fear",
 * "dead", "hunt", "blood", "naked" and "weed" are not listed, because
 * fables and nature facts need them, and "sexual" only in phrases, as
 * articles about animals speak of sexual maturity). Groups: killing and
 * violence, gore, sexual content, drugs and drunkenness, self-harm,
 * slurs and strong swearing. MV_SAFETY_WORDS replaces it for stricter
 * or looser needs.
 */
static const char *const builtin[] = {
	/* Killing and violence. */
	"kill", "kills", "killed", "killing", "killings",
	"murder*", "slaughter*", "massacre*", "genocide*",
	"torture*", "behead*", "decapitat*", "strangl*",
	"stab", "stabs", "stabbed", "stabbing*",
	"gunshot*", "gunfire", "shooting spree",
	"terroris*", "bloodbath", "execution style",
	/* Gore. */
	"gore", "gory", "gruesome", "dismember*", "mutilat*",
	"disembowel*", "corpse", "corpses",
	/* Sexual content. */
	"sex", "sexy", "sexual abuse", "sexual assault", "sexual content",
	"sexual intercourse", "sexually explicit", "porn*", "erotic*",
	"nude", "nudes",
	"nudity", "orgasm*", "masturbat*", "prostitut*", "rape", "raped",
	"rapes", "raping", "rapist*", "molest*", "incest*", "fetish*",
	"nsfw", "xxx",
	/* Drugs and alcohol abuse. */
	"cocaine", "heroin", "meth", "methamphetamine", "crack cocaine",
	"marijuana", "cannabis", "overdose*", "drunk", "drunken",
	"narcotic*",
	/* Self-harm. */
	"suicide*", "suicidal", "self harm*",
	/* Slurs. */
	"nigger*", "nigga*", "faggot*", "fag", "fags", "kike*",
	"retard", "retards", "retarded", "tranny", "trannies",
	"wetback*",
	/* Strong swearing. */
	"fuck*", "motherfuck*", "shit", "shits", "shitty", "bullshit",
	"cunt*", "bitch", "bitches", "whore*", "slut*", "asshole*",
};

struct entry {
	char *text;		/* as written, for messages */
	char *words[SAFETY_MAX_WORDS];	/* folded */
	size_t nwords;
	int prefix;		/* the last word matches as a prefix */
};

struct safety {
	struct entry *e;
	size_t n;
};

/* A folded word of a text: where it is and what it says. */
struct word {
	size_t off, len;	/* in the text */
	size_t foff, flen;	/* in the folded copy */
};

static int
is_word_char(long c)
{
	if (c < 0)
		return 0;
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9');
	if (c < 0xc0 || c == 0xd7 || c == 0xf7)
		return 0;
	if (c >= 0x2000 && c <= 0x206f)
		return 0;
	return 1;
}

/* Appends the lower-case UTF-8 form of c (a word character) to b. */
static void
fold_add(struct buf *b, long c)
{
	if (c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	else if (c >= 0xc0 && c <= 0xde && c != 0xd7)
		c += 0x20;
	text_utf8_put(b, c);
}

/*
 * Cuts s into folded words: their folded text goes to *fold (each word
 * NUL-ended), their places to *out (malloc'd). Returns the count.
 */
static size_t
split_words(const char *s, struct buf *fold, struct word **out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0, n = 0, cap = 0, k;
	struct word *w = NULL;
	long c;

	while (i < len) {
		c = text_utf8_next(p + i, len - i, &k);
		if (!is_word_char(c)) {
			i += k;
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			w = xrealloc(w, cap * sizeof(*w));
		}
		w[n].off = i;
		w[n].foff = fold->len;
		while (i < len) {
			c = text_utf8_next(p + i, len - i, &k);
			if (!is_word_char(c))
				break;
			fold_add(fold, c);
			i += k;
		}
		w[n].len = i - w[n].off;
		w[n].flen = fold->len - w[n].foff;
		buf_addn(fold, "", 1);
		n++;
	}
	*out = w;
	return n;
}

static void
entry_release(struct entry *e)
{
	size_t i;

	free(e->text);
	for (i = 0; i < e->nwords; i++)
		free(e->words[i]);
}

/* Parses one entry (s, trimmed, not empty): 0, or -1 with *why. */
static int
entry_parse(const char *s, struct entry *e, const char **why)
{
	size_t len = strlen(s), i, n, bad;
	struct buf fold = { 0 };
	struct word *w;
	const char *star;

	memset(e, 0, sizeof(*e));
	if (len > SAFETY_MAX_ENTRY) {
		*why = "longer than 200 bytes";
		return -1;
	}
	if (text_check_utf8(s, len, &bad) < 0) {
		*why = "not valid UTF-8";
		return -1;
	}
	star = strchr(s, '*');
	if (star != NULL && star[1] != '\0') {
		*why = "'*' is allowed only at the end of an entry";
		return -1;
	}
	if (star != NULL && (star == s || ((unsigned char)star[-1] < 0x80 &&
	    !is_word_char((unsigned char)star[-1])))) {
		*why = "'*' must follow a letter or digit";
		return -1;
	}
	n = split_words(s, &fold, &w);
	if (n == 0) {
		free(w);
		free(fold.s);
		*why = "no letters or digits";
		return -1;
	}
	if (n > SAFETY_MAX_WORDS) {
		free(w);
		free(fold.s);
		*why = "more than 8 words";
		return -1;
	}
	e->text = xstrdup(s);
	for (i = 0; i < n; i++)
		e->words[i] = xstrdup(fold.s + w[i].foff);
	e->nwords = n;
	e->prefix = star != NULL;
	free(w);
	free(fold.s);
	return 0;
}

static void
add_entry(struct safety *s, const struct entry *e, size_t *cap)
{
	if (s->n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		s->e = xrealloc(s->e, *cap * sizeof(*s->e));
	}
	s->e[s->n++] = *e;
}

static int
load_file(struct safety *s, const char *path, char **err)
{
	char *data, *line, *next, *why_read;
	size_t len, cap = 0, lineno = 0;
	const char *why;
	struct entry e;

	if (read_all(path, SAFETY_MAX_FILE, &data, &len, &why_read) < 0) {
		*err = xasprintf("MV_SAFETY_WORDS: '%s': %s", path,
		    why_read);
		free(why_read);
		return -1;
	}
	if (memchr(data, '\0', len) != NULL) {
		*err = xasprintf("MV_SAFETY_WORDS: '%s': contains a NUL "
		    "byte", path);
		free(data);
		return -1;
	}
	for (line = data; line != NULL; line = next) {
		char *hash, *end;

		lineno++;
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		if ((hash = strchr(line, '#')) != NULL)
			*hash = '\0';
		while (text_is_space((unsigned char)*line))
			line++;
		end = line + strlen(line);
		while (end > line && text_is_space((unsigned char)end[-1]))
			*--end = '\0';
		if (*line == '\0')
			continue;
		if (entry_parse(line, &e, &why) < 0) {
			*err = xasprintf("MV_SAFETY_WORDS: '%s':%zu: %s",
			    path, lineno, why);
			free(data);
			return -1;
		}
		add_entry(s, &e, &cap);
	}
	free(data);
	if (s->n == 0) {
		*err = xasprintf("MV_SAFETY_WORDS: '%s': no entries (set "
		    "MV_SAFETY=off to turn the filter off)", path);
		return -1;
	}
	return 0;
}

int
safety_open(struct safety **out, char **err)
{
	const char *v = getenv("MV_SAFETY"), *path, *why;
	struct safety *s;
	struct entry e;
	size_t i, cap = 0;

	*out = NULL;
	if (v != NULL && *v != '\0' && strcmp(v, "on") != 0) {
		if (strcmp(v, "off") == 0)
			return 0;
		*err = xasprintf("MV_SAFETY: expected 'on' or 'off', got "
		    "'%.40s'", v);
		return -1;
	}
	s = xmalloc(sizeof(*s));
	s->e = NULL;
	s->n = 0;
	path = getenv("MV_SAFETY_WORDS");
	if (path != NULL && *path != '\0') {
		if (load_file(s, path, err) < 0) {
			safety_close(s);
			return -1;
		}
	} else
		for (i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++) {
			if (entry_parse(builtin[i], &e, &why) < 0)
				abort();	/* a typo in the list above */
			add_entry(s, &e, &cap);
		}
	*out = s;
	return 0;
}

static int
word_is(const char *fold, const struct word *w, const char *want,
    int prefix)
{
	size_t n = strlen(want);

	if (prefix ? w->flen < n : w->flen != n)
		return 0;
	return memcmp(fold + w->foff, want, n) == 0;
}

int
safety_find(const struct safety *s, const char *text, const char **entry,
    size_t *off)
{
	struct buf fold = { 0 };
	struct word *w;
	size_t n, i, j, k;
	int found = 0;

	if (s == NULL || text == NULL)
		return 0;
	n = split_words(text, &fold, &w);
	for (i = 0; i < n && !found; i++)
		for (j = 0; j < s->n && !found; j++) {
			const struct entry *e = &s->e[j];

			if (i + e->nwords > n)
				continue;
			for (k = 0; k < e->nwords; k++)
				if (!word_is(fold.s, &w[i + k], e->words[k],
				    e->prefix && k + 1 == e->nwords))
					break;
			if (k == e->nwords) {
				found = 1;
				if (entry != NULL)
					*entry = e->text;
				if (off != NULL)
					*off = w[i].off;
			}
		}
	free(w);
	free(fold.s);
	return found;
}

void
safety_close(struct safety *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++)
		entry_release(&s->e[i]);
	free(s->e);
	free(s);
}
