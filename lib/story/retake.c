#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/json.h"
#include "core/text.h"
#include "core/util.h"
#include "story/lines.h"
#include "story/retake.h"
#include "story/textgen.h"

#define MAXWAYS 16
#define SHORT 12		/* words: a sentence short enough to join */

/* Opening phrases, and how a storyteller might say them instead. */
static const char *const openers[][2] = {
	{ "Once upon a time, ", "Long ago, " },
	{ "One day, ", "Then one day, " },
	{ "One morning, ", "Early one morning, " },
	{ "At last, ", "Finally, " },
	{ "At last ", "Finally, " },
	{ "At first, ", "In the beginning, " },
	{ "In the end, ", "Finally, " },
	{ "In the end ", "Finally, " },
	{ "Then ", "After that, " },
	{ "So ", "And so " },
	{ "Soon ", "Before long, " },
	{ "But ", "Still, " },
	{ "Suddenly, ", "All of a sudden, " },
	{ "Every morning ", "Each morning, " },
	{ "From that day on, ", "Ever since that day, " },
	{ "For a moment, ", "For a little while, " },
	{ "For a while, ", "For some time, " },
	{ "Together ", "Side by side, " },
	{ "The moral of the story is: ", "And the lesson of this story is: " },
	{ NULL, NULL }
};

/* Pronouns a joined sentence may begin with (then lower-cased). */
static const char *const pronouns[] = { "They ", "He ", "She ", "It ",
	NULL };

enum kind { OPENER, SWAP, JOIN };

struct way {
	int line, sent;
	enum kind kind;
};

/* The scene's lines, their narrator's sentences and the ways found. */
struct scene {
	jv lines, names;
	int nl;
	jv sents[64];		/* per line: an array of strings, or null */
	struct way way[MAXWAYS];
	int nway;
};

/* The sentences of t (squeezed): each ends at . ! or ? (and a closing
 * quote or bracket) before a space. */
static jv
sentences(const char *t)
{
	jv out = jv_array();
	size_t i, j, start = 0, n = strlen(t);

	for (i = 0; i < n; i++) {
		if (t[i] != '.' && t[i] != '!' && t[i] != '?')
			continue;
		for (j = i + 1; j < n && (t[j] == '"' || t[j] == '\'' ||
		    t[j] == ')'); j++)
			;
		if (j < n && t[j] == ' ') {
			out = jv_array_append(out, jv_string_sized(t + start,
			    (int)(j - start)));
			start = j + 1;
			i = j;
		}
	}
	if (start < n)
		out = jv_array_append(out, jv_string(t + start));
	return out;
}

static int
opener_of(const char *s)
{
	int i;

	for (i = 0; openers[i][0] != NULL; i++)
		if (strncmp(s, openers[i][0], strlen(openers[i][0])) == 0)
			return i;
	return -1;
}

static int
lower_word(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return 0;
	return n > 0;
}

/*
 * Where " was A and B." (or were) ends a sentence s: *a and *b get the
 * offsets of the two words, *na and *nb their lengths; 0 when it does not.
 */
static int
pair_of(const char *s, size_t *a, size_t *na, size_t *b, size_t *nb)
{
	const char *v = strstr(s, " was "), *p, *and;
	size_t n = strlen(s);

	if (v == NULL)
		v = strstr(s, " were ");
	if (v == NULL || n < 2 || (s[n - 1] != '.' && s[n - 1] != '!'))
		return 0;
	p = strchr(v + 1, ' ') + 1;
	and = strstr(p, " and ");
	if (and == NULL)
		return 0;
	*a = (size_t)(p - s);
	*na = (size_t)(and - p);
	*b = *a + *na + 5;
	*nb = n - 1 - *b;
	return lower_word(s + *a, *na) && lower_word(s + *b, *nb) &&
	    (*na != *nb || strncmp(s + *a, s + *b, *na) != 0);
}

/* Whether s begins with a character's name or a pronoun, then a space. */
static int
starts_with_someone(const char *s, jv names)
{
	int i, yes = 0;

	for (i = 0; pronouns[i] != NULL; i++)
		if (strncmp(s, pronouns[i], strlen(pronouns[i])) == 0)
			return 1;
	jv_array_foreach(names, k, n) {
		const char *nm = jv_string_value(n);
		size_t len = strlen(nm);

		(void)k;
		if (!yes && len > 0 && strncmp(s, nm, len) == 0 &&
		    s[len] == ' ')
			yes = 1;
		jv_free(n);
	}
	return yes;
}

static int
joinable(const char *s, const char *next, jv names)
{
	size_t n = strlen(s), w = text_words(s);

	return n > 0 && s[n - 1] == '.' && w >= 3 && w <= SHORT &&
	    text_words(next) <= SHORT && strstr(s, ", and ") == NULL &&
	    strchr(s, '"') == NULL && strchr(next, '"') == NULL &&
	    starts_with_someone(next, names);
}

static void
add_way(struct scene *sc, int line, int sent, enum kind k)
{
	if (sc->nway < MAXWAYS) {
		sc->way[sc->nway].line = line;
		sc->way[sc->nway].sent = sent;
		sc->way[sc->nway].kind = k;
		sc->nway++;
	}
}

/* The ways of the narrator's sentences of line i, in order. */
static void
ways_of_line(struct scene *sc, int i, jv sents)
{
	int k, n = jv_array_length(jv_copy(sents)), joined = 0;
	size_t a, na, b, nb;

	for (k = 0; k < n; k++) {
		jv s = jv_array_get(jv_copy(sents), k);
		jv nx = k + 1 < n ? jv_array_get(jv_copy(sents), k + 1) :
		    jv_null();
		const char *t = jv_string_value(s);

		if (strchr(t, '"') == NULL && opener_of(t) >= 0)
			add_way(sc, i, k, OPENER);
		if (strchr(t, '"') == NULL && pair_of(t, &a, &na, &b, &nb))
			add_way(sc, i, k, SWAP);
		if (!joined && k + 1 < n && joinable(t, jv_string_value(nx),
		    sc->names)) {
			add_way(sc, i, k, JOIN);
			joined = 1;
		} else
			joined = 0;
		jv_free(s);
		jv_free(nx);
	}
}

/* Finds the ways of lines; 0, or -1 when lines are not lines. */
static int
scene_open(struct scene *sc, jv lines, jv names)
{
	int i;

	memset(sc, 0, sizeof *sc);
	sc->names = jv_array();
	if (jv_get_kind(names) == JV_KIND_ARRAY)
		jv_array_foreach(names, k, c) {
			jv n = jv_get_kind(c) == JV_KIND_OBJECT ? jv_object_get(
			    jv_copy(c), jv_string("name")) : jv_copy(c);

			(void)k;
			if (jv_get_kind(n) == JV_KIND_STRING)
				sc->names = jv_array_append(sc->names, n);
			else
				jv_free(n);
			jv_free(c);
		}
	sc->lines = lines_check(lines, NULL, names);
	if (!jv_is_valid(sc->lines))
		return -1;
	sc->nl = jv_array_length(jv_copy(sc->lines));
	if (sc->nl > 64)
		sc->nl = 64;
	for (i = 0; i < sc->nl; i++) {
		jv l = jv_array_get(jv_copy(sc->lines), i);
		jv sp = jv_object_get(jv_copy(l), jv_string("speaker"));
		jv tx = jv_object_get(l, jv_string("text"));

		sc->sents[i] = jv_null();
		if (strcmp(jv_string_value(sp), LINES_NARRATOR) == 0) {
			sc->sents[i] = sentences(jv_string_value(tx));
			ways_of_line(sc, i, sc->sents[i]);
		}
		jv_free(sp);
		jv_free(tx);
	}
	return 0;
}

static void
scene_close(struct scene *sc)
{
	int i;

	for (i = 0; i < sc->nl; i++)
		jv_free(sc->sents[i]);
	jv_free(sc->lines);
	jv_free(sc->names);
}

/* Whether way kind of sentence k of line i is among the chosen (mask). */
static int
chosen(const struct scene *sc, unsigned mask, int i, int k, enum kind kind)
{
	int w;

	for (w = 0; w < sc->nway; w++)
		if (sc->way[w].line == i && sc->way[w].sent == k &&
		    sc->way[w].kind == kind)
			return (mask >> w) & 1;
	return 0;
}

/* Sentence k of line i told with the chosen ways (joins aside). */
static char *
told(const struct scene *sc, unsigned mask, int i, int k)
{
	jv s = jv_array_get(jv_copy(sc->sents[i]), k);
	struct buf b = { 0 };
	const char *t = jv_string_value(s);
	size_t a, na, bb, nb;
	int o = opener_of(t);
	char *out;

	if (chosen(sc, mask, i, k, OPENER)) {
		buf_add(&b, openers[o][1]);
		buf_add(&b, t + strlen(openers[o][0]));
	} else
		buf_add(&b, t);
	out = buf_take(&b);
	if (chosen(sc, mask, i, k, SWAP) && pair_of(out, &a, &na, &bb, &nb)) {
		char *x = xasprintf("%.*s%.*s and %.*s%s", (int)a, out,
		    (int)nb, out + bb, (int)na, out + a, out + bb + nb);

		free(out);
		out = x;
	}
	jv_free(s);
	return out;
}

/* Line i's narrator's text told with the chosen ways. */
static char *
line_told(const struct scene *sc, unsigned mask, int i)
{
	int k, n = jv_array_length(jv_copy(sc->sents[i]));
	struct buf b = { 0 };
	int join = 0;

	for (k = 0; k < n; k++) {
		char *t = told(sc, mask, i, k);

		if (join) {
			int p;

			/* "They smiled." joined: ", and they smiled." */
			for (p = 0; pronouns[p] != NULL; p++)
				if (strncmp(t, pronouns[p],
				    strlen(pronouns[p])) == 0)
					t[0] = (char)(t[0] - 'A' + 'a');
			buf_addf(&b, ", and %s", t);
		} else
			buf_addf(&b, "%s%s", k > 0 ? " " : "", t);
		join = chosen(sc, mask, i, k, JOIN);
		if (join)
			b.s[--b.len] = '\0';	/* the full stop */
		free(t);
	}
	return buf_take(&b);
}

int
retake_ways(jv lines, jv names)
{
	struct scene sc;
	int n = scene_open(&sc, lines, names) < 0 ? 0 : sc.nway;

	scene_close(&sc);
	return n;
}

static int
english(const char *lang)
{
	return lang == NULL || strcasecmp(lang, "en") == 0 ||
	    strncasecmp(lang, "en-", 3) == 0;
}

jv
retake_offline(jv lines, jv names, const char *lang, int take)
{
	struct scene sc;
	unsigned full, mask;
	jv out;
	int i;

	if (take < 2)
		return jv_invalid_with_msg(jv_string("take: expected 2 or "
		    "more (take 1 is the words as they were first written)"));
	if (!english(lang))
		return jv_invalid_with_msg(jv_string_fmt("no other wording "
		    "offline: mv rewords only English offline (the story is "
		    "in '%s'); set a text model (MV_SEGMENT_LLM=openai) for "
		    "another take", lang));
	if (scene_open(&sc, lines, names) < 0) {
		out = jv_copy(sc.lines);
		scene_close(&sc);
		return out;
	}
	if (sc.nway == 0) {
		scene_close(&sc);
		return jv_invalid_with_msg(jv_string("no other wording "
		    "offline: its sentences have no opening phrase, pair of "
		    "words or short sentences the offline writer can turn "
		    "another way; edit the words (make edit) or set a text "
		    "model (MV_SEGMENT_LLM=openai)"));
	}
	full = (1u << sc.nway) - 1;
	mask = full ^ ((unsigned)(take - 2) % full);
	out = jv_array();
	for (i = 0; i < sc.nl; i++) {
		jv l = jv_array_get(jv_copy(sc.lines), i);

		if (jv_get_kind(sc.sents[i]) == JV_KIND_ARRAY) {
			char *t = line_told(&sc, mask, i);

			l = jv_object_set(l, jv_string("text"), jv_string(t));
			free(t);
		}
		out = jv_array_append(out, l);
	}
	scene_close(&sc);
	lines = lines_check(out, NULL, names);
	jv_free(out);
	return lines;
}

double
retake_temperature(double temperature, int take)
{
	double t = (temperature < 0 ? 0.7 : temperature) +
	    0.1 * ((take > 1 ? take - 2 : 0) % 5 + 1);

	/* In hundredths, as a person would write it (0.8, not 0.7999...). */
	t = (double)(long)(t * 100 + 0.5) / 100;
	return t > 2 ? 2 : t;
}

/* ---------------------------------------------------------------- */
/* The model. */

struct retake_arg {
	jv names;
	const char *now;	/* the scene's words now, squeezed */
	const struct safety *s;
};

static int
retake_check(jv obj, void *arg, char **why)
{
	const struct retake_arg *a = arg;
	jv l = jv_get_kind(obj) == JV_KIND_OBJECT ? jv_object_get(jv_copy(obj),
	    jv_string("lines")) : jv_null();
	jv c = lines_check(l, NULL, a->names);
	const char *entry;
	size_t off, was = text_words(a->now), n;
	char *j;
	int rc = 0;

	jv_free(obj);
	jv_free(l);
	*why = NULL;
	if (!jv_is_valid(c)) {
		*why = json_msg(c);
		return -1;
	}
	j = lines_join(c);
	n = text_words(j);
	if (strcmp(j, a->now) == 0) {
		*why = xstrdup("lines: these are the scene's words as they "
		    "are; write them another way");
		rc = -1;
	} else if (a->s != NULL && safety_find(a->s, j, &entry, &off)) {
		*why = xasprintf("lines: they use '%s', which is not allowed in "
		    "a story for children", entry);
		rc = -1;
	} else if (n * 2 < was || n > was * 2) {
		*why = xasprintf("lines: %zu words, where the scene has %zu: "
		    "keep about as many", n, was);
		rc = 1 + (int)(n > was ? n - was : was - n);
	}
	free(j);
	jv_free(c);
	return rc;
}

static const char retake_system[] =
    "You are the writer of a short animated video for children (%s), "
    "read aloud scene by scene. You write one scene's words again, in "
    "other words, for another take of it: the same events in the same "
    "order, told by the same speakers, about as long, as warm and as "
    "simple, so that the scene still follows the one before it and leads "
    "into the one after it. Keep every name as it is written.\n\n"
    "Return this JSON object:\n"
    "{\"lines\": [{\"speaker\": \"...\", \"text\": \"...\"}]}\n\n"
    "- lines: the scene's new words cut where the speaker changes, in "
    "order: each quotation spoken by the character who says it, with its "
    "quote marks; everything else, speech tags such as \"said Ruby.\" "
    "included, by \"narrator\". speaker: \"narrator\" or a name from this "
    "list: %s.\n\n%s%s";

/* The narration of scene no (from 1) of segs, or "(none: ...)". */
static char *
narration_of(jv segs, int no, const char *none)
{
	jv sg = no >= 1 && no <= jv_array_length(jv_copy(segs)) ?
	    jv_array_get(jv_copy(segs), no - 1) : jv_null();
	jv n = jv_get_kind(sg) == JV_KIND_OBJECT ? jv_object_get(sg,
	    jv_string("narration")) : (jv_free(sg), jv_null());
	char *s = xstrdup(jv_get_kind(n) == JV_KIND_STRING ?
	    jv_string_value(n) : none);

	jv_free(n);
	return s;
}

/* "Mina and Grandpa Bo" of the names (strings). */
static char *
name_list(jv names)
{
	struct buf b = { 0 };
	int n = jv_array_length(jv_copy(names));

	jv_array_foreach(names, i, nm) {
		if (i > 0)
			buf_add(&b, i == n - 1 ? " and " : ", ");
		buf_add(&b, jv_string_value(nm));
		jv_free(nm);
	}
	buf_add(&b, "");
	return buf_take(&b);
}

int
retake_model(const struct conf *c, jv ctx, jv prefs, jv segs, int no,
    int take, const struct safety *s, jv *out, struct llm_usage *u,
    char **err)
{
	jv chars = jv_object_get(jv_copy(ctx), jv_string("characters"));
	jv age = jv_object_get(jv_copy(ctx), jv_string("age_group"));
	jv sg = jv_array_get(jv_copy(segs), no - 1), lines, reply, cast;
	struct retake_arg a;
	struct scene sc;
	char *sys, *user, *who, *before, *after, *now, *aud, *ls, *tag, *lr;
	jv lj, cj;
	int rc;

	lines = lines_of_scene(sg, chars);
	(void)scene_open(&sc, lines, chars);
	cast = jv_copy(sc.names);
	scene_close(&sc);
	who = name_list(cast);
	aud = jv_get_kind(age) == JV_KIND_STRING ? xasprintf("aged %s",
	    jv_string_value(age)) : xstrdup("young children");
	tag = textgen_tag(prefs);
	lr = textgen_language_rule(tag, "Write in %s, the language of the "
	    "scene's lines.");
	sys = xasprintf(retake_system, aud, who, lr, textgen_json_only);
	free(tag);
	free(lr);
	before = narration_of(segs, no - 1, "(none: this is the first scene)");
	after = narration_of(segs, no + 1, "(none: this is the last scene)");
	lj = jv_dump_string(JV_OBJECT(jv_string("lines"), jv_copy(lines)),
	    JV_PRINT_INDENT_FLAGS(2));
	cj = jv_dump_string(jv_get_kind(chars) == JV_KIND_ARRAY ?
	    jv_copy(chars) : jv_array(), 0);
	ls = xstrdup(jv_string_value(cj));
	jv_free(cj);
	user = xasprintf("mv step: scene_take\n\nThe characters:\n```json\n%s\n"
	    "```\n\nThe scene before it (scene %d):\n```text\n%s\n```\n\n"
	    "Scene %d, whose words you write again (take %d), its lines "
	    "now:\n```json\n%s\n```\n\nThe scene after it (scene %d):\n"
	    "```text\n%s\n```\n\nReturn the JSON object with scene %d's new "
	    "lines.", ls, no - 1, before, no, take, jv_string_value(lj),
	    no + 1, after, no);
	now = lines_join(lines);
	a.names = cast;
	a.now = now;
	a.s = s;
	rc = llm_chat_json(c, "SEGMENT", sys, user, retake_check, &a, 1,
	    &reply, u, err);
	if (rc == 0) {
		jv l = jv_object_get(reply, jv_string("lines"));

		*out = lines_check(l, NULL, cast);
		jv_free(l);
	}
	free(sys);
	free(user);
	free(who);
	free(aud);
	free(before);
	free(after);
	free(now);
	free(ls);
	jv_free(lj);
	jv_free(cast);
	jv_free(lines);
	jv_free(sg);
	jv_free(chars);
	jv_free(age);
	return rc;
}
