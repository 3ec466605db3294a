#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/json.h"
#include "core/text.h"
#include "core/util.h"
#include "story/lines.h"

/* Verbs of a speech tag. */
static const char *const verbs[] = { "said", "says", "asked", "asks",
	"cried", "called", "shouted", "whispered", "replied", "answered",
	"laughed", "sang", "added", "exclaimed", "squeaked", "roared",
	"growled", "muttered", "murmured", "yelled", "giggled", "sighed",
	"began", "told", "explained", "agreed", "smiled", "grinned",
	"chirped", "squealed", "boomed", "gasped", "promised", "wondered",
	"declared", "insisted", "continued", "beamed", "chuckled", NULL };

static int
wordch(unsigned char c)
{
	return isalnum(c) || c >= 0x80 || c == '\'';
}

/* The names of names (borrowed: objects with "name", or strings). */
static jv
names_of(jv names)
{
	jv out = jv_array();

	if (jv_get_kind(names) != JV_KIND_ARRAY)
		return out;
	jv_array_foreach(names, i, c) {
		jv n = jv_get_kind(c) == JV_KIND_OBJECT ? jv_object_get(
		    jv_copy(c), jv_string("name")) : jv_copy(c);

		(void)i;
		if (jv_get_kind(n) == JV_KIND_STRING &&
		    jv_string_length_bytes(jv_copy(n)) > 0)
			out = jv_array_append(out, n);
		else
			jv_free(n);
		jv_free(c);
	}
	return out;
}

/* Whether s[at..at+n) is a whole word of s[0..len). */
static int
whole(const char *s, size_t len, size_t at, size_t n)
{
	return (at == 0 || !wordch((unsigned char)s[at - 1])) &&
	    (at + n >= len || !wordch((unsigned char)s[at + n]));
}

/* Where word (n bytes) last (or first) occurs whole in s[0..len), or -1. */
static long
find(const char *s, size_t len, const char *word, size_t n, int last)
{
	long at = -1;
	size_t i;

	if (n == 0 || n > len)
		return -1;
	for (i = 0; i + n <= len; i++)
		if (memcmp(s + i, word, n) == 0 && whole(s, len, i, n)) {
			at = (long)i;
			if (!last)
				break;
		}
	return at;
}

/*
 * The name of names (borrowed) found last (or first) in s[0..len): the
 * whole name, its first word or its last word (of 3 bytes or more).
 * NULL, else a pointer into names' strings (alive while names is).
 */
static const char *
name_in(const char *s, size_t len, jv names, int last, long *where)
{
	const char *best = NULL;
	long bat = -1;
	int i, n = jv_array_length(jv_copy(names));

	for (i = 0; i < n; i++) {
		jv v = jv_array_get(jv_copy(names), i);
		const char *name = jv_string_value(v), *sp = strchr(name, ' ');
		const char *lsp = strrchr(name, ' ');
		long at = find(s, len, name, strlen(name), last), a;

		if (sp != NULL && sp - name >= 3 && (a = find(s, len, name,
		    (size_t)(sp - name), last)) >= 0 && (at < 0 ||
		    (last ? a > at : a < at)))
			at = a;
		if (lsp != NULL && strlen(lsp + 1) >= 3 && (a = find(s, len,
		    lsp + 1, strlen(lsp + 1), last)) >= 0 && (at < 0 ||
		    (last ? a > at : a < at)))
			at = a;
		if (at >= 0 && (bat < 0 || (last ? at > bat : at < bat))) {
			bat = at;
			best = name;
		}
		/* The string stays alive in names. */
		jv_free(v);
	}
	if (where != NULL)
		*where = bat;
	return best;
}

/* Whether s[0..len) holds a speech verb as a whole word. */
static int
has_verb(const char *s, size_t len)
{
	int i;

	for (i = 0; verbs[i]; i++)
		if (find(s, len, verbs[i], strlen(verbs[i]), 0) >= 0)
			return 1;
	return 0;
}

/* The first n words of s (up to len): their length in bytes. */
static size_t
words_len(const char *s, size_t len, int n)
{
	size_t i = 0;

	while (i < len && n > 0) {
		while (i < len && text_is_space((unsigned char)s[i]))
			i++;
		while (i < len && !text_is_space((unsigned char)s[i]))
			i++;
		n--;
	}
	return i;
}

/* A quotation of narr: [a, b), widened to the blanks around it. */
struct quote {
	size_t a, b;
};

/* The quotations of s, widened to whole words; returns their count. */
static size_t
quotes(const char *s, struct quote **out)
{
	size_t n = 0, cap = 0, len = strlen(s);
	const char *p = s;

	*out = NULL;
	const char *open, *close;
	size_t olen, i, k;

	while (text_next_quote(p, &open, &close, &olen) == 0) {
		i = (size_t)(open - s);
		k = (size_t)(close - s) + olen;
		while (i > 0 && !text_is_space((unsigned char)s[i - 1]))
			i--;
		while (k < len && !text_is_space((unsigned char)s[k]))
			k++;
		if (n > 0 && i < (*out)[n - 1].b)
			(*out)[n - 1].b = k;	/* touching: one quotation */
		else {
			if (n == cap)
				*out = xrealloc(*out, (cap = cap ? 2 * cap :
				    8) * sizeof **out);
			(*out)[n].a = i;
			(*out)[n].b = k;
			n++;
		}
		p = s + k;
		if (*p == '\0')
			break;
	}
	return n;
}

/* Where the sentence holding s[at] begins: after the last ". ", "! " or
 * "? " before at, not before from. */
static size_t
sentence_start(const char *s, size_t from, size_t at)
{
	size_t i;

	for (i = at; i > from; i--)
		if (text_is_space((unsigned char)s[i - 1]) && i >= 2 &&
		    strchr(".!?", s[i - 2]) != NULL)
			return i;
	return from;
}

/* Whether the quotation q ends its sentence: a full stop inside its
 * closing quote mark ('."'), or one after it ('".'). */
static int
closed(const char *s, struct quote q)
{
	size_t b = q.b;

	while (b > q.a && strchr(".!?,;:", s[b - 1]) == NULL)
		b--;
	return b > q.a && s[b - 1] == '.';
}

/*
 * The speaker of the quotation q[k] of s, among names (borrowed); NULL
 * for the narrator.
 */
static const char *
speaker_of(const char *s, const struct quote *q, size_t nq, size_t k,
    jv names)
{
	size_t len = strlen(s), end = k + 1 < nq ? q[k + 1].a : len, from,
	    tag, start, i;
	const char *who;

	/* After it, when its sentence goes on: '"Hi," said Pip' or '"Hi!"
	 * Pip whispered' (not '"Hi." Pip smiled.'). */
	tag = words_len(s + q[k].b, end - q[k].b, 4);
	for (i = 0; i < tag; i++)
		if (strchr(".!?", s[q[k].b + i]) != NULL) {
			tag = i;
			break;
		}
	if (!closed(s, q[k]) && has_verb(s + q[k].b, tag) &&
	    (who = name_in(s + q[k].b, tag, names, 0, NULL)) != NULL)
		return who;
	/* Before it, in its sentence: 'Pip said, "Hi."'. */
	from = k > 0 ? q[k - 1].b : 0;
	start = sentence_start(s, from, q[k].a);
	if (q[k].a > start && (who = name_in(s + start, q[k].a - start, names,
	    0, NULL)) != NULL)
		return who;
	/* After it, a pronoun's tag ('"Hi," she said') or none: the one
	 * named last before it, outside quotations. */
	for (; k + 1 > 0; k--) {
		from = k > 0 ? q[k - 1].b : 0;
		if ((who = name_in(s + from, q[k].a - from, names, 1,
		    NULL)) != NULL)
			return who;
		if (k == 0)
			break;
	}
	return NULL;
}

/* Appends s[a..b) (trimmed) to lines as speaker's, merged with the last
 * line when it is the same speaker's. */
static jv
add(jv lines, const char *speaker, const char *s, size_t a, size_t b)
{
	char *t = xasprintf("%.*s", (int)(b - a), s + a), *sq = text_squeeze(t);
	int n = jv_array_length(jv_copy(lines));

	free(t);
	if (*sq == '\0') {
		free(sq);
		return lines;
	}
	if (n > 0) {
		jv last = jv_array_get(jv_copy(lines), n - 1);
		jv sp = jv_object_get(jv_copy(last), jv_string("speaker"));
		jv tx = jv_object_get(last, jv_string("text"));

		if (strcmp(json_str(sp), speaker) == 0) {
			char *m = xasprintf("%s %s", json_str(tx), sq);

			lines = jv_array_set(lines, n - 1, JV_OBJECT(
			    jv_string("speaker"), sp, jv_string("text"),
			    jv_string(m)));
			free(m);
			free(sq);
			jv_free(tx);
			return lines;
		}
		jv_free(sp);
		jv_free(tx);
	}
	lines = jv_array_append(lines, JV_OBJECT(jv_string("speaker"),
	    jv_string(speaker), jv_string("text"), jv_string(sq)));
	free(sq);
	return lines;
}

/* The lines of s from byte off on (s before it is context only). */
static jv
attribute(const char *s, size_t off, jv names)
{
	jv nm = names_of(names), out = jv_array();
	struct quote *q;
	size_t nq = quotes(s, &q), k, at = off;

	for (k = 0; k < nq; k++) {
		const char *who;

		if (q[k].a < off)
			continue;
		who = speaker_of(s, q, nq, k, nm);
		out = add(out, LINES_NARRATOR, s, at, q[k].a);
		out = add(out, who ? who : LINES_NARRATOR, s, q[k].a, q[k].b);
		at = q[k].b;
	}
	out = add(out, LINES_NARRATOR, s, at, strlen(s));
	free(q);
	jv_free(nm);
	return out;
}

jv
lines_attribute(const char *narr, jv names)
{
	return attribute(narr, 0, names);
}

jv
lines_segments(jv segs, jv ctx)
{
	jv chars = jv_get_kind(ctx) == JV_KIND_OBJECT ? jv_object_get(
	    jv_copy(ctx), jv_string("characters")) : jv_array();
	char *prev = NULL;
	int i, n;

	if (jv_get_kind(segs) != JV_KIND_ARRAY) {
		jv_free(chars);
		return segs;
	}
	n = jv_array_length(jv_copy(segs));
	for (i = 0; i < n; i++) {
		jv seg = jv_array_get(jv_copy(segs), i);
		jv nv = jv_object_get(jv_copy(seg), jv_string("narration"));
		jv own = jv_object_get(jv_copy(seg), jv_string("lines"));
		jv lines = jv_invalid();

		if (jv_get_kind(nv) != JV_KIND_STRING) {
			jv_free(nv);
			jv_free(own);
			jv_free(seg);
			continue;
		}
		if (jv_is_valid(own))
			lines = lines_check(own, jv_string_value(nv), chars);
		if (!jv_is_valid(lines)) {
			/* The scene before is context: who was named last. */
			char *all = xasprintf("%s%s%s", prev ? prev : "",
			    prev ? " " : "", jv_string_value(nv));

			jv_free(lines);
			lines = attribute(all, prev ? strlen(prev) + 1 : 0,
			    chars);
			free(all);
		}
		free(prev);
		prev = xstrdup(jv_string_value(nv));
		segs = jv_array_set(segs, i, jv_object_set(seg,
		    jv_string("lines"), lines));
		jv_free(own);
		jv_free(nv);
	}
	free(prev);
	jv_free(chars);
	return segs;
}

char *
lines_join(jv lines)
{
	struct buf b = { 0 };

	if (jv_get_kind(lines) == JV_KIND_ARRAY)
		jv_array_foreach(lines, i, l) {
			jv t = jv_get_kind(l) == JV_KIND_OBJECT ?
			    jv_object_get(jv_copy(l), jv_string("text")) :
			    jv_null();

			if (i > 0)
				buf_add(&b, " ");
			buf_add(&b, json_str(t));
			jv_free(t);
			jv_free(l);
		}
	buf_add(&b, "");
	return buf_take(&b);
}

jv
lines_check(jv lines, const char *narr, jv names)
{
	jv nm = names_of(names), out = jv_array(), err = jv_null();
	char *a, *b;

	if (jv_get_kind(lines) != JV_KIND_ARRAY ||
	    jv_array_length(jv_copy(lines)) == 0) {
		jv_free(nm);
		jv_free(out);
		return jv_invalid_with_msg(jv_string("lines: expected an "
		    "array of {speaker, text}"));
	}
	jv_array_foreach(lines, i, l) {
		jv sp = jv_get_kind(l) == JV_KIND_OBJECT ? jv_object_get(
		    jv_copy(l), jv_string("speaker")) : jv_null();
		jv tx = jv_get_kind(l) == JV_KIND_OBJECT ? jv_object_get(
		    jv_copy(l), jv_string("text")) : jv_null();
		const char *who = NULL;

		if (jv_get_kind(sp) == JV_KIND_STRING && strcasecmp(
		    jv_string_value(sp), LINES_NARRATOR) == 0)
			who = LINES_NARRATOR;
		else if (jv_get_kind(sp) == JV_KIND_STRING)
			jv_array_foreach(nm, j, n) {
				(void)j;
				if (who == NULL && strcasecmp(jv_string_value(n),
				    jv_string_value(sp)) == 0)
					who = jv_string_value(n);
				jv_free(n);
			}
		if (jv_get_kind(err) == JV_KIND_NULL) {
			if (jv_get_kind(tx) != JV_KIND_STRING ||
			    text_words(jv_string_value(tx)) == 0)
				err = jv_string_fmt("lines[%d].text: expected "
				    "some words", i);
			else if (who == NULL)
				err = jv_string_fmt("lines[%d].speaker: "
				    "expected \"narrator\" or a character's "
				    "name, got '%.40s'", i, json_str(sp));
			else {
				const char *t = jv_string_value(tx);

				out = add(out, who, t, 0, strlen(t));
			}
		}
		jv_free(sp);
		jv_free(tx);
		jv_free(l);
	}
	jv_free(nm);
	if (jv_get_kind(err) == JV_KIND_STRING) {
		jv_free(out);
		return jv_invalid_with_msg(err);
	}
	if (narr == NULL)
		return out;
	a = lines_join(out);
	b = text_squeeze(narr);
	if (strcmp(a, b) != 0) {
		jv_free(out);
		out = jv_invalid_with_msg(jv_string("lines: their texts, joined, "
		    "are not the scene's narration"));
	}
	free(a);
	free(b);
	return out;
}

jv
lines_of_scene(jv seg, jv names)
{
	jv nv = jv_object_get(jv_copy(seg), jv_string("narration"));
	jv own = jv_object_get(jv_copy(seg), jv_string("lines"));
	jv l = jv_get_kind(own) == JV_KIND_ARRAY ? lines_check(own, json_str(nv),
	    names) : jv_invalid();

	if (!jv_is_valid(l)) {
		jv_free(l);
		l = lines_attribute(json_str(nv), names);
	}
	jv_free(nv);
	jv_free(own);
	return l;
}
