/*
 * textgen.c - prompts and checks of the model-written text steps (see
 * textgen.h).
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "brief.h"
#include "json.h"
#include "lang.h"
#include "lexicon.h"
#include "lines.h"
#include "segment.h"
#include "story.h"
#include "text.h"
#include "textgen.h"
#include "util.h"

#define MAX_TITLE 200
#define MAX_QUERY 200
#define MAX_LOOK 600
#define MAX_PROMPT 1500
#define MAX_DESC 400
#define MAX_SETTING 200

/* Shared pieces of the prompts. */
static const char json_only[] =
    "Reply with one JSON object and nothing else: no prose before or after "
    "it, no code fences, no comments.";

static const char safe_always[] =
    "Always warm and safe for children: no violence beyond a harmless "
    "bump or chase, no weapons, no death or injury, no cruelty or "
    "bullying left unresolved, no romance, no brand names, and nothing "
    "frightening that is not resolved quickly and kindly.";

static jv
get(jv obj, const char *key)
{
	return jv_get_kind(obj) == JV_KIND_OBJECT ?
	    jv_object_get(jv_copy(obj), jv_string(key)) : jv_invalid();
}

/* obj.key when it is a string with some non-space text, squeezed;
 * else NULL. malloc'd. */
static char *
str_of(jv obj, const char *key)
{
	jv v = get(obj, key);
	char *s = NULL;

	if (jv_get_kind(v) == JV_KIND_STRING) {
		s = text_squeeze(jv_string_value(v));
		if (*s == '\0') {
			free(s);
			s = NULL;
		}
	}
	jv_free(v);
	return s;
}

/* v (borrowed) as indented JSON, malloc'd. */
static char *
dump(jv v)
{
	jv s = jv_dump_string(jv_copy(v), JV_PRINT_INDENT_FLAGS(2));
	char *out = xstrdup(jv_string_value(s));

	jv_free(s);
	return out;
}

/* The names of chars (borrowed) as "A, B and C", malloc'd. */
static char *
names_of(jv chars)
{
	struct buf b = { 0 };
	int n = jv_get_kind(chars) == JV_KIND_ARRAY ?
	    jv_array_length(jv_copy(chars)) : 0;

	if (n == 0)
		return xstrdup("");
	jv_array_foreach(chars, i, c) {
		jv nm = get(c, "name");

		if (i > 0)
			buf_add(&b, i == n - 1 ? " and " : ", ");
		buf_add(&b, json_str(nm));
		jv_free(nm);
		jv_free(c);
	}
	return buf_take(&b);
}

/*
 * NULL when text passes s; else why, naming the word as the text has it
 * and where it is ("the story", "scene 3's description"). malloc'd.
 */
static char *
blocked(const struct safety *s, const char *text, const char *where)
{
	const char *entry, *p;
	size_t off, n = 0;

	if (s == NULL || !safety_find(s, text, &entry, &off))
		return NULL;
	for (p = text + off; p[n] != '\0' && n < 40 &&
	    (isalnum((unsigned char)p[n]) || (unsigned char)p[n] >= 0x80);
	    n++)
		;
	if (n == 0)
		return xasprintf("%s uses '%s', which is not allowed in a "
		    "story for children", where, entry);
	return xasprintf("%s uses the word '%.*s', which is not allowed in a "
	    "story for children", where, (int)n, p);
}

/* The youngest age of the context's age group (6 when unknown). */
static int
youngest(jv ctx)
{
	jv a = get(ctx, "age_group");
	int n = atoi(json_str(a));

	jv_free(a);
	return n > 0 ? n : 6;
}

static const char *
age_rules(int age)
{
	if (age <= 5)
		return "Very short sentences, mostly under 10 words. Simple, "
		    "concrete words a four-year-old knows. Repetition and a "
		    "gentle rhythm are welcome, such as a line that comes "
		    "back. One small problem, solved kindly and soon. Nothing "
		    "scary at all: no monsters, no danger, nobody lost in the "
		    "dark.";
	if (age <= 8)
		return "Sentences mostly under 15 words. Everyday words, with "
		    "now and then a new one whose meaning the story makes "
		    "clear. Lively dialogue. Mild suspense, such as something "
		    "lost or a storm coming, that resolves quickly and safely; "
		    "no real danger.";
	if (age <= 12)
		return "Varied sentences, a richer vocabulary and some "
		    "figurative language. Characters may have mixed feelings "
		    "and make mistakes they learn from. A real adventure with "
		    "mild peril is fine, always resolved, never described in "
		    "frightening detail.";
	return "Natural, vivid prose for teenagers. Complex feelings and real "
	    "stakes are fine, but no graphic violence, sexual content, drugs "
	    "or swearing.";
}

jv
textgen_log(const struct conf *c, const struct llm_usage *u)
{
	char *url = conf_public_url(c->base_url);
	jv out = JV_OBJECT(jv_string("usage"), llm_usage_json(u),
	    jv_string("base_url"), url != NULL ? jv_string(url) : jv_null());

	free(url);
	return out;
}

int
textgen_strict(jv prefs)
{
	const char *e = getenv("MV_STRICT");
	jv v = get(prefs, "strict");
	int strict = (e != NULL && strcmp(e, "1") == 0) ||
	    jv_get_kind(v) == JV_KIND_TRUE;

	jv_free(v);
	return strict;
}

/* The language tag of prefs (borrowed), malloc'd: "en" by default. */
static char *
tag_of(jv prefs)
{
	jv v = get(prefs, "language");
	char *t = xstrdup(jv_get_kind(v) == JV_KIND_STRING ?
	    jv_string_value(v) : "en");

	jv_free(v);
	return t;
}

/*
 * A step's paragraph on the language of tag for its system prompt
 * (malloc'd; "" for English): "Language: " and rest, a format whose one
 * %s is the language by name ("Japanese (日本語)", lang_prompt_name).
 */
static char *
language_rule(const char *tag, const char *rest)
{
	struct buf b = { 0 };
	char *name;

	if (lang_is_english(tag))
		return xstrdup("");
	name = lang_prompt_name(tag);
	buf_add(&b, "Language: ");
	buf_addf(&b, rest, name);
	buf_add(&b, "\n\n");
	free(name);
	return buf_take(&b);
}

/* ---------------------------------------------------------------- */
/* Analyze. */

static const char *const edited[] = { "theme", "setting", "moral_lesson",
	"topic", NULL };

/*
 * The context of norm (borrowed) with the model's edits of reply
 * (borrowed) applied, checked again by brief_normalise: {"context",
 * "preferences"}, or an invalid with why.
 */
static jv
analyze_merge(jv norm, jv reply)
{
	jv ctx = get(norm, "context"), rc = get(reply, "context");
	jv rchars = get(rc, "characters"), chars = get(ctx, "characters");
	jv out = jv_array(), brief, res;
	int i;

	for (i = 0; edited[i] != NULL; i++) {
		char *s = str_of(rc, edited[i]);

		if (s != NULL)
			ctx = jv_object_set(ctx, jv_string(edited[i]),
			    jv_string(s));
		free(s);
	}
	jv_array_foreach(chars, k, c) {
		jv r = jv_get_kind(rchars) == JV_KIND_ARRAY ?
		    jv_array_get(jv_copy(rchars), k) : jv_invalid();
		char *t = str_of(r, "type");
		jv traits = get(r, "traits");

		if (t != NULL)
			c = jv_object_set(c, jv_string("type"), jv_string(t));
		if (jv_get_kind(traits) == JV_KIND_ARRAY)
			c = jv_object_set(c, jv_string("traits"), traits);
		else
			jv_free(traits);
		out = jv_array_append(out, c);
		free(t);
		jv_free(r);
	}
	ctx = jv_object_set(ctx, jv_string("characters"), out);
	brief = JV_OBJECT(jv_string("context"), ctx,
	    jv_string("preferences"), get(norm, "preferences"));
	res = brief_normalise(brief);
	jv_free(brief);
	jv_free(rc);
	jv_free(rchars);
	jv_free(chars);
	return res;
}

static int
analyze_check(jv obj, void *arg, char **why)
{
	jv norm = *(jv *)arg;
	jv rc = get(obj, "context"), qs = get(obj, "search_queries");
	jv rchars = get(rc, "characters"), ctx = get(norm, "context");
	jv chars = get(ctx, "characters"), merged;
	int i, n, nq;

	*why = NULL;
	if (jv_get_kind(rc) != JV_KIND_OBJECT)
		*why = xstrdup("\"context\" is missing or not an object");
	for (i = 0; *why == NULL && i < 3; i++) {
		char *s = str_of(rc, edited[i]);

		if (s == NULL)
			*why = xasprintf("context.%s: expected a non-empty "
			    "string", edited[i]);
		free(s);
	}
	n = jv_array_length(jv_copy(chars));
	if (*why == NULL && (jv_get_kind(rchars) != JV_KIND_ARRAY ||
	    jv_array_length(jv_copy(rchars)) != n)) {
		char *names = names_of(chars);

		*why = xasprintf("context.characters: expected the brief's %d "
		    "characters, %s, in order", n, names);
		free(names);
	}
	for (i = 0; *why == NULL && i < n; i++) {
		jv c = jv_array_get(jv_copy(chars), i);
		jv r = jv_array_get(jv_copy(rchars), i);
		jv nm = get(c, "name"), rn = get(r, "name");
		jv tr = get(r, "traits");

		if (!jv_equal(jv_copy(nm), jv_copy(rn)))
			*why = xasprintf("context.characters[%d].name: "
			    "expected \"%s\" exactly as the brief spells it", i,
			    json_str(nm));
		else if (jv_get_kind(tr) != JV_KIND_ARRAY &&
		    jv_get_kind(tr) != JV_KIND_INVALID)
			*why = xasprintf("context.characters[%d].traits: "
			    "expected an array of strings", i);
		jv_free(c);
		jv_free(r);
		jv_free(nm);
		jv_free(rn);
		jv_free(tr);
	}
	nq = jv_get_kind(qs) == JV_KIND_ARRAY ? jv_array_length(jv_copy(qs)) :
	    -1;
	if (*why == NULL && (nq < 2 || nq > 5))
		*why = xstrdup("search_queries: expected an array of 2 to 5 "
		    "strings");
	for (i = 0; *why == NULL && i < nq; i++) {
		jv q = jv_array_get(jv_copy(qs), i);

		if (jv_get_kind(q) != JV_KIND_STRING ||
		    jv_string_length_bytes(jv_copy(q)) == 0 ||
		    jv_string_length_bytes(jv_copy(q)) > MAX_QUERY)
			*why = xasprintf("search_queries[%d]: expected a "
			    "string of 1 to %d bytes", i, MAX_QUERY);
		jv_free(q);
	}
	if (*why == NULL) {
		merged = analyze_merge(norm, obj);
		if (!jv_is_valid(merged))
			*why = json_msg(merged);
		else
			jv_free(merged);
	}
	jv_free(obj);
	jv_free(rc);
	jv_free(qs);
	jv_free(rchars);
	jv_free(ctx);
	jv_free(chars);
	return *why == NULL ? 0 : -1;
}

static const char analyze_system[] =
    "You are the story editor of a studio that makes short animated story "
    "videos for children. You receive a story brief and prepare it for the "
    "storyteller: you tidy its wording without changing its meaning, and "
    "you write web search queries that will find background facts for "
    "the story.\n\n"
    "Return this JSON object:\n"
    "{\"context\": {\"theme\": \"...\", \"setting\": \"...\", "
    "\"moral_lesson\": \"...\", \"topic\": \"...\", \"characters\": "
    "[{\"name\": \"...\", \"type\": \"...\", \"traits\": [\"...\"]}]}, "
    "\"search_queries\": [\"...\", \"...\"]}\n\n"
    "Rules for \"context\":\n"
    "- theme, setting, moral_lesson: fix spelling, spacing and grammar "
    "only; keep the writer's words and meaning. The moral is one sentence "
    "a child understands.\n"
    "- topic: what the story is about, in at most 12 words, such as \"A "
    "young fox learns to tell the truth\". Keep the brief's topic when it "
    "has a good one.\n"
    "- characters: the brief's characters, all of them, in the same "
    "order, each name exactly as the brief spells it. type: what the "
    "character is, in a few plain words (\"red fox\", \"old lighthouse "
    "keeper\"). traits: 1 to 5 short words or phrases about its "
    "personality (\"curious\", \"a little shy\"), from the brief; add "
    "some that fit only when the brief gives none.\n"
    "- Do not add, remove or rename characters, and do not invent "
    "events: the plot is the writer's.\n\n"
    "Rules for \"search_queries\": 2 to 5 queries of at most 10 words, "
    "as a person would type them into a search engine, that find facts "
    "for children about the setting, the animals or things in the story, "
    "and the theme; for example \"how red foxes live in autumn forests\" "
    "or \"stories about honesty for children aged 6-8\". Never use the "
    "characters' names: the search engine does not know them.\n\n";

int
textgen_analyze(const struct conf *c, jv norm, jv *out,
    struct llm_usage *u, char **err)
{
	jv ctx = get(norm, "context"), reply, merged, qs = jv_array();
	char *brief = dump(ctx), *user, *sys;
	int rc;

	{
		jv prefs = get(norm, "preferences");
		char *tag = tag_of(prefs), *lr = language_rule(tag, "Write in "
		    "%s. The story is told in that language: keep theme, "
		    "setting, moral_lesson, topic, types and traits in it, "
		    "as the brief writes them; names stay exactly as given. The "
		    "search queries may be in that language or in English, "
		    "whichever finds more for children.");

		sys = xasprintf("%s%s%s", analyze_system, lr, json_only);
		free(lr);
		free(tag);
		jv_free(prefs);
	}
	user = xasprintf("mv step: analyze\n\nThe brief's context:\n```json\n"
	    "%s\n```\n\nReturn the JSON object described above.", brief);
	rc = llm_chat_json(c, "ANALYZE", sys, user, analyze_check, &norm, 0,
	    &reply, u, err);
	free(sys);
	free(user);
	free(brief);
	jv_free(ctx);
	if (rc < 0)
		return -1;
	merged = analyze_merge(norm, reply);
	{
		jv rq = get(reply, "search_queries");

		jv_array_foreach(rq, i, q) {
			char *s = text_squeeze(json_str(q));
			int dup = 0;

			(void)i;
			jv_array_foreach(qs, k, x) {
				(void)k;
				dup |= strcmp(json_str(x), s) == 0;
				jv_free(x);
			}
			if (!dup && *s != '\0')
				qs = jv_array_append(qs, jv_string(s));
			free(s);
			jv_free(q);
		}
		jv_free(rq);
	}
	jv_free(reply);
	*out = jv_object_set(merged, jv_string("search_queries"), qs);
	return 0;
}

/* ---------------------------------------------------------------- */
/* Story. */

struct story_arg {
	jv chars;
	double budget;		/* in units: words, or characters */
	const char *unit;	/* lang_unit's */
};

static int
story_check(jv obj, void *arg, char **why)
{
	const struct story_arg *a = arg;
	char *title = str_of(obj, "title"), *names;
	jv text = get(obj, "text");
	const char *t = json_str(text);
	size_t words = text_words(t);
	int rc = -1;

	*why = NULL;
	if (title == NULL || strlen(title) > MAX_TITLE)
		*why = xasprintf("title: expected a string of 1 to %d bytes",
		    MAX_TITLE);
	else if (jv_get_kind(text) != JV_KIND_STRING || words == 0)
		*why = xstrdup("text: expected the story as a string");
	if (*why == NULL)
		jv_array_foreach(a->chars, i, ch) {
			jv nm = get(ch, "name");

			(void)i;
			if (*why == NULL && text_count_name(t,
			    json_str(nm)) == 0) {
				names = names_of(a->chars);
				*why = xasprintf("text: %s never appears by "
				    "name; every character must: %s",
				    json_str(nm), names);
				free(names);
			}
			jv_free(nm);
			jv_free(ch);
		}
	if (*why == NULL && (words < a->budget * 0.5 ||
	    words > a->budget * 1.6)) {
		/* A matter of degree: usable, the further off the worse. */
		*why = xasprintf("text: the story has %zu %s; it must have "
		    "about %.0f (from %.0f to %.0f)", words, a->unit,
		    a->budget, a->budget * 0.8, a->budget * 1.2);
		rc = 1 + (int)fabs((double)words - a->budget);
	}
	free(title);
	jv_free(text);
	jv_free(obj);
	return *why == NULL ? 0 : rc;
}

/* Paragraphs of s, each squeezed, joined by blank lines. malloc'd. */
static char *
paragraphs(const char *s)
{
	struct buf b = { 0 }, p = { 0 };
	const char *line = s, *nl;
	char *sq;

	for (;;) {
		size_t n;
		int empty = 1;

		nl = strchr(line, '\n');
		n = nl != NULL ? (size_t)(nl - line) : strlen(line);
		for (size_t i = 0; i < n; i++)
			if (!text_is_space((unsigned char)line[i]))
				empty = 0;
		if (!empty) {
			buf_addn(&p, line, n);
			buf_add(&p, " ");
		}
		if ((empty || nl == NULL) && p.s != NULL) {
			sq = text_squeeze(p.s);
			free(buf_take(&p));
			if (*sq != '\0') {
				if (b.len > 0)
					buf_add(&b, "\n\n");
				buf_add(&b, sq);
			}
			free(sq);
		}
		if (nl == NULL)
			break;
		line = nl + 1;
	}
	return buf_take(&b);
}

static const char story_system[] =
    "You are an award-winning author of picture books and bedtime "
    "stories. You write the narration of a short animated video for "
    "children aged %s: a narrator reads your text aloud while pictures "
    "are shown.\n\n"
    "Return this JSON object:\n"
    "{\"title\": \"...\", \"text\": \"...\"}\n"
    "- title: %s, without quotation marks.\n"
    "- text: the whole story as plain prose in paragraphs separated by a "
    "blank line (\\n\\n): no headings, lists, stage directions, markdown "
    "or emoji, and no \"The End\".\n\n"
    "Length: about %.0f %s (%g minute%s read aloud at %.0f %s a "
    "minute); stay between %.0f and %.0f %s.\n\n"
    "Keep to the brief:\n"
    "- Every character of the brief appears by name, spelled exactly as "
    "given: %s. You may add a minor unnamed character if the plot needs "
    "one.\n"
    "- Tell the brief's plot in its order. You may add small events, "
    "feelings and dialogue between its steps, never change what "
    "happens.\n"
    "- Show the characters' types and traits through what they do and "
    "say, in the brief's setting.\n"
    "- Let the moral grow out of what the characters do, and say it "
    "plainly in one sentence near the end: \"%s\"\n\n"
    "Write for ages %s: %s\n\n"
    "%s Write quoted speech with straight double quotes (\"). Use the "
    "research notes, if any, only as background facts: never copy them "
    "or mention them.\n\n"
    "An example of the shape (not of the length):\n"
    "{\"title\": \"Ruby and the Golden Acorn\", \"text\": \"In a quiet "
    "forest beside a silver river lived a curious fox named Ruby.\\n\\n"
    "One morning, something glittered under the old oak tree...\"}\n\n"
    "%s%s";

/*
 * The story step's system prompt (*sys) and user message (*user), both
 * malloc'd, for a budget in the language tag's units at wpm of them a
 * minute.
 */
static void
story_prompts(jv ctx, jv summary, const char *tag, size_t budget,
    double wpm, char **sys, char **user)
{
	jv chars = get(ctx, "characters"), age = get(ctx, "age_group");
	jv moral = get(ctx, "moral_lesson");
	double minutes = json_num(get(ctx, "duration_minutes"), 3);
	const char *unit = lang_unit(tag);
	char *names = names_of(chars), *bj = dump(ctx), *lr, *in;
	int en = lang_is_english(tag);

	lr = language_rule(tag, "Write in %s. The title and the whole text "
	    "are in that language, as a native author writes for children; "
	    "the names stay exactly as given. The example below is in "
	    "English only to show the shape.");
	*sys = xasprintf(story_system, json_str(age), en ? "2 to 8 words in "
	    "title case" : "a short title in the story's language, as its "
	    "books' titles are written", (double)budget, unit, minutes,
	    minutes == 1 ? "" : "s", wpm, unit,
	    (double)budget * 0.8, (double)budget * 1.2, unit, names,
	    json_str(moral), json_str(age), age_rules(youngest(ctx)),
	    safe_always, lr, json_only);
	in = en ? xstrdup("") : lang_prompt_name(tag);
	*user = xasprintf("mv step: story\n\nThe brief:\n```json\n%s\n```\n\n"
	    "Research notes:\n```text\n%s\n```\n\nWrite the story now%s%s: "
	    "about %zu %s, as the JSON object {\"title\", \"text\"}.", bj,
	    jv_get_kind(summary) == JV_KIND_STRING &&
	    *jv_string_value(summary) ? jv_string_value(summary) : "(none)",
	    en ? "" : ", in ", in, budget, unit);
	free(in);
	free(lr);
	free(names);
	free(bj);
	jv_free(chars);
	jv_free(age);
	jv_free(moral);
}

int
textgen_story(const struct conf *c, jv ctx, jv prefs, jv summary,
    const struct safety *s, jv *out, struct llm_usage *u, char **err)
{
	jv chars = get(ctx, "characters"), reply;
	double minutes = json_num(get(ctx, "duration_minutes"), 3);
	char *tag = tag_of(prefs);
	/* Lengths as the language counts them: words, or characters. */
	double wpm = lang_per_minute(tag, json_num(get(prefs, "narration_wpm"),
	    150));
	struct story_arg a;
	char *sys, *user, *title = NULL, *text = NULL, *again;
	char *why = NULL;
	size_t budget = (size_t)(minutes * wpm), words;
	int rc, tries;

	a.chars = chars;
	a.budget = (double)budget;
	a.unit = lang_unit(tag);
	story_prompts(ctx, summary, tag, budget, wpm, &sys, &user);
	for (tries = 0; tries < 2; tries++) {
		rc = llm_chat_json(c, "STORY", sys, user, story_check, &a,
		    !textgen_strict(prefs), &reply, u, err);
		if (rc < 0)
			break;
		title = str_of(reply, "title");
		{
			jv t = get(reply, "text");

			text = paragraphs(json_str(t));
			jv_free(t);
		}
		jv_free(reply);
		free(why);
		why = blocked(s, title, "the title");
		if (why == NULL)
			why = blocked(s, text, "the story");
		if (why == NULL)
			break;
		if (tries == 0) {
			/* Once more, with the draft and what is wrong. */
			again = xasprintf("%s\n\nA draft of this story was "
			    "rejected because %s. Here is the draft:\n```text"
			    "\n%s\n```\nWrite the story again without that "
			    "word or anything like it, keeping everything "
			    "else that is good.", user, why, text);
			free(user);
			user = again;
			free(title);
			free(text);
		} else {
			*err = xasprintf("%s: the story was rejected twice by "
			    "the child-safety filter (MV_SAFETY, "
			    "MV_SAFETY_WORDS): %s", c->provider, why);
			free(title);
			free(text);
			rc = -1;
		}
	}
	free(sys);
	free(user);
	if (rc == 0) {
		words = text_words(text);
		*out = JV_OBJECT(jv_string("title"), jv_string(title),
		    jv_string("text"), jv_string(text),
		    jv_string("word_count"), jv_number((double)words),
		    jv_string("reading_minutes"),
		    jv_number((double)(long long)(words * 10 / wpm + 0.5) / 10),
		    jv_string("character_mentions"),
		    story_mentions(chars, text),
		    jv_string("target_words"), jv_number((double)budget));
		free(title);
		free(text);
	}
	free(why);
	free(tag);
	jv_free(chars);
	return rc;
}

/* ---------------------------------------------------------------- */
/* Segment. */

char *
textgen_words_diff(const char *text, jv narrs)
{
	jv a = segment_words(text), b = jv_array(), owner = jv_array();
	int na, nb, k, sc;
	char *why = NULL;

	if (jv_get_kind(narrs) == JV_KIND_ARRAY)
		jv_array_foreach(narrs, i, n) {
			jv w = segment_words(json_str(n));

			jv_array_foreach(w, j, x) {
				(void)j;
				b = jv_array_append(b, x);
				owner = jv_array_append(owner,
				    jv_number(i + 1));
			}
			jv_free(w);
			jv_free(n);
		}
	na = jv_array_length(jv_copy(a));
	nb = jv_array_length(jv_copy(b));
	for (k = 0; k < na && k < nb; k++) {
		jv x = jv_array_get(jv_copy(a), k), y = jv_array_get(jv_copy(b),
		    k);

		if (!jv_equal(jv_copy(x), jv_copy(y))) {
			sc = (int)json_num(jv_array_get(jv_copy(owner), k), 0);
			why = xasprintf("scene %d has '%.40s' where the story "
			    "has '%.40s' (word %d of %d)", sc, json_str(y),
			    json_str(x),
			    k + 1, na);
		}
		jv_free(x);
		jv_free(y);
		if (why != NULL)
			break;
	}
	if (why == NULL && nb < na) {
		jv x = jv_array_get(jv_copy(a), nb);

		why = xasprintf("the scenes stop after word %d of %d: "
		    "'%.40s' and the rest are missing", nb, na, json_str(x));
		jv_free(x);
	} else if (why == NULL && nb > na) {
		jv y = jv_array_get(jv_copy(b), na);

		sc = (int)json_num(jv_array_get(jv_copy(owner), na), 0);
		why = xasprintf("scene %d adds '%.40s' after the story's last "
		    "word", sc, json_str(y));
		jv_free(y);
	}
	jv_free(a);
	jv_free(b);
	jv_free(owner);
	return why;
}

/* The mood names of lexicon.h among list (borrowed), at most 3. */
static jv
moods_of(jv list, const char *narr)
{
	jv out = jv_array();
	unsigned seen = 0, m;
	int i, n = 0;

	if (jv_get_kind(list) == JV_KIND_ARRAY)
		jv_array_foreach(list, k, x) {
			(void)k;
			for (i = 0; i < MOOD_COUNT && n < 3; i++)
				if (strcasecmp(json_str(x),
				    lex_mood_name(i)) == 0 &&
				    !(seen & (1u << i))) {
					seen |= 1u << i;
					out = jv_array_append(out,
					    jv_string(lex_mood_name(i)));
					n++;
				}
			jv_free(x);
		}
	if (n > 0)
		return out;
	m = lex_moods(narr);
	for (i = 0; i < MOOD_COUNT; i++)
		if (m & (1u << i))
			out = jv_array_append(out, jv_string(lex_mood_name(i)));
	if (m == 0)
		out = jv_array_append(out, jv_string("calm"));
	return out;
}

/* The scene from the model's sc (borrowed) and its squeezed narration. */
static jv
scene_of(jv ctx, jv sc, int no, const char *narr, double wpm)
{
	jv chars = get(ctx, "characters"), listed = get(sc, "characters");
	jv emo = get(sc, "emotions"), names = jv_array(), out, lines;
	char *setting = str_of(sc, "setting"), *desc = str_of(sc,
	    "description"), *ss = str_of(ctx, "setting"), *clip;
	size_t words = text_words(narr);
	struct buf d = { 0 };
	int nn = 0;

	jv_array_foreach(chars, k, c) {
		jv n = get(c, "name");
		int in = text_count_name(narr, json_str(n)) > 0;

		(void)k;
		if (jv_get_kind(listed) == JV_KIND_ARRAY)
			jv_array_foreach(listed, j, x) {
				(void)j;
				in |= strcasecmp(json_str(x), json_str(n)) == 0;
				jv_free(x);
			}
		if (in) {
			names = jv_array_append(names, jv_copy(n));
			if (nn++ > 0)
				buf_add(&d, ", ");
			buf_add(&d, json_str(n));
		}
		jv_free(n);
		jv_free(c);
	}
	if (setting == NULL)
		setting = xstrdup(ss != NULL ? ss : "");
	else if (strlen(setting) > MAX_SETTING) {
		clip = text_clip(setting, MAX_SETTING);
		free(setting);
		setting = clip;
	}
	if (desc == NULL) {
		char *first = text_first_sentence(narr);

		if (nn == 0)
			buf_add(&d, "The scene");
		clip = text_clip(first, 160);
		buf_addf(&d, " in the %s: %s", setting, clip);
		free(clip);
		free(first);
		desc = buf_take(&d);
	} else {
		free(buf_take(&d));
		clip = text_clip(desc, MAX_DESC);
		free(desc);
		desc = clip;
	}
	out = JV_OBJECT(jv_string("scene"), jv_number(no),
	    jv_string("narration"), jv_string(narr),
	    jv_string("description"), jv_string(desc),
	    jv_string("characters"), names,
	    jv_string("dialogue"), segment_dialogue(narr),
	    jv_string("setting"), jv_string(setting),
	    jv_string("background"), segment_background(setting, ss ? ss : ""),
	    jv_string("emotions"), moods_of(emo, narr));
	/* The model's speakers, checked by lines_segments. */
	lines = get(sc, "lines");
	if (jv_is_valid(lines))
		out = jv_object_set(out, jv_string("lines"), lines);
	else
		jv_free(lines);
	out = jv_object_set(out, jv_string("words"), jv_number((double)words));
	out = jv_object_set(out, jv_string("seconds"),
	    jv_number(round((double)words * 600 / wpm) / 10));
	free(setting);
	free(desc);
	free(ss);
	jv_free(chars);
	jv_free(listed);
	jv_free(emo);
	return out;
}

struct segment_arg {
	const struct safety *s;
	double per, wpm;	/* units a scene, units a minute */
	const char *unit;	/* lang_unit's: words, or characters */
	int n;			/* scenes asked for */
};

/*
 * How far the scenes (borrowed) are from the targets of degree: 0 when
 * near enough (a third to three times the scenes asked for, none over six
 * times the words, a minute on one picture at the usual target); else a positive distance, with *why for the model and
 * *note for the user ("segment: 2 scenes, asked about 12: each picture
 * will stay about 60 s"), both malloc'd.
 */
static int
segment_off(const struct segment_arg *a, jv scenes, char **why,
    char **note)
{
	int n = jv_array_length(jv_copy(scenes)), longest = 0, at = 0;
	size_t total = 0;
	double d;

	jv_array_foreach(scenes, i, sc) {
		jv nv = get(sc, "narration");
		size_t w = text_words(json_str(nv));

		total += w;
		if ((int)w > longest) {
			longest = (int)w;
			at = i + 1;
		}
		jv_free(nv);
		jv_free(sc);
	}
	if (n * 3 < a->n || n > a->n * 3) {
		d = fabs((double)(n - a->n)) * a->per;
		*why = xasprintf("scenes: %d scenes where about %d were asked "
		    "for, of about %.0f %s each", n, a->n, a->per, a->unit);
		*note = xasprintf("segment: %d scene%s, asked about %d: each "
		    "picture will stay about %.0f s", n, n == 1 ? "" : "s",
		    a->n, (double)total / n * 60 / a->wpm);
	} else if (longest > a->per * 6) {
		d = longest - a->per;
		*why = xasprintf("scenes[%d].narration: %d %s where about "
		    "%.0f were asked for: split it", at - 1, longest, a->unit,
		    a->per);
		*note = xasprintf("segment: scene %d has %d %s, asked about "
		    "%.0f: its picture will stay about %.0f s", at, longest,
		    a->unit, a->per, longest * 60 / a->wpm);
	} else
		return 0;
	return 1 + (int)d;
}

static int
segment_check(jv obj, void *arg, char **why)
{
	const struct segment_arg *a = arg;
	jv scenes = get(obj, "scenes");
	int n = jv_get_kind(scenes) == JV_KIND_ARRAY ?
	    jv_array_length(jv_copy(scenes)) : -1, rc = -1;
	char *note = NULL;

	*why = NULL;
	if (n < 1 || n > SEGMENT_MAX_SCENES)
		*why = xasprintf("scenes: expected an array of 1 to %d scenes",
		    SEGMENT_MAX_SCENES);
	else
		jv_array_foreach(scenes, i, sc) {
			jv nv = get(sc, "narration");
			char *d = str_of(sc, "description");
			char *st = str_of(sc, "setting");
			char *where;

			if (*why == NULL &&
			    (jv_get_kind(nv) != JV_KIND_STRING ||
			    text_words(json_str(nv)) == 0))
				*why = xasprintf("scenes[%d].narration: "
				    "expected the scene's part of the story",
				    i);
			if (*why == NULL && d != NULL) {
				where = xasprintf("scene %d's description",
				    i + 1);
				*why = blocked(a->s, d, where);
				free(where);
			}
			if (*why == NULL && st != NULL) {
				where = xasprintf("scene %d's setting", i + 1);
				*why = blocked(a->s, st, where);
				free(where);
			}
			free(d);
			free(st);
			jv_free(nv);
			jv_free(sc);
		}
	if (*why == NULL)
		rc = segment_off(a, scenes, why, &note);
	free(note);
	jv_free(scenes);
	jv_free(obj);
	return *why == NULL ? 0 : rc;
}

static const char segment_system[] =
    "You are the storyboard artist of a short animated video for "
    "children. You split a finished story into scenes: each scene is one "
    "picture, shown while its part of the story is read aloud.\n\n"
    "Return this JSON object:\n"
    "{\"scenes\": [{\"narration\": \"...\", \"lines\": [{\"speaker\": "
    "\"...\", \"text\": \"...\"}], \"description\": \"...\", "
    "\"characters\": [\"...\"], \"setting\": \"...\", \"emotions\": "
    "[\"...\"]}]}\n\n"
    "The most important rule: the narrations, read one after another, "
    "are the story word for word. Copy the text exactly, every word and "
    "every punctuation mark, in order, and only choose where each scene "
    "begins. Never summarise, shorten, reword, correct, reorder or add "
    "anything, not even a title or \"The End\". Split between sentences, "
    "never inside one.\n\n"
    "- Scenes: about %.0f %s each (about %.0f seconds read aloud), so "
    "about %d scenes. Start a new scene where the place, the time or the "
    "action changes.\n"
    "- lines: the narration cut where the speaker changes, in order: "
    "each quotation is spoken by the character who says it, with its "
    "quote marks; everything else, speech tags such as \"said Ruby.\" "
    "included, by \"narrator\". speaker: \"narrator\" or a name from the "
    "list below. The texts, joined with spaces, are the narration.\n"
    "- description: what the picture shows, for an illustrator, in one or "
    "two sentences: who is where, doing what, with which expression. "
    "Only what can be seen; no dialogue.\n"
    "- characters: the names of the story's characters seen in the "
    "picture, from this list only: %s.\n"
    "- setting: where the scene takes place, in a few words, such as "
    "\"the riverbank at dawn\".\n"
    "- emotions: one to three moods of the scene, from this list only: "
    "%s.\n\n"
    "An example of one scene:\n"
    "{\"narration\": \"One morning, Ruby found a golden acorn under the "
    "old oak. \\\"What a treasure!\\\" she whispered.\", \"lines\": "
    "[{\"speaker\": \"narrator\", \"text\": \"One morning, Ruby found a "
    "golden acorn under the old oak.\"}, {\"speaker\": \"Ruby\", \"text\": "
    "\"\\\"What a treasure!\\\"\"}, {\"speaker\": \"narrator\", \"text\": "
    "\"she whispered.\"}], \"description\": "
    "\"Ruby the fox crouches under a big oak tree, eyes wide, holding a "
    "shining golden acorn in her paws.\", \"characters\": [\"Ruby\"], "
    "\"setting\": \"under the old oak in the forest\", \"emotions\": "
    "[\"amazed\"]}\n\n"
    "%s%s";

/* The segment step's system prompt for a (its targets), the characters
 * chars (borrowed) and the language tag, malloc'd. */
static char *
segment_prompt(const struct segment_arg *a, jv chars, const char *tag)
{
	struct buf moods = { 0 };
	char *names = names_of(chars), *ml, *lr, *sys;
	int i;

	for (i = 0; i < MOOD_COUNT; i++)
		buf_addf(&moods, "%s%s", i ? ", " : "", lex_mood_name(i));
	ml = buf_take(&moods);
	lr = language_rule(tag, "The story is in %s: the narrations and the "
	    "lines' texts are copied from it exactly. Write description and "
	    "setting in English all the same, for the illustrator, with the "
	    "names as the story spells them; the emotions come from the list "
	    "below. The example is in English only to show the shape.");
	sys = xasprintf(segment_system, a->per, a->unit, SEGMENT_TARGET_SECONDS,
	    a->n, names, ml, lr, json_only);
	free(lr);
	free(ml);
	free(names);
	return sys;
}

int
textgen_segment(const struct conf *c, jv ctx, jv prefs, const char *text,
    const struct safety *s, jv *out, char **fallback, char **warn,
    struct llm_usage *u, char **err)
{
	jv chars = get(ctx, "characters"), reply, scenes, narrs, segs;
	char *tag = tag_of(prefs);
	/* Lengths as the language counts them: words, or characters. */
	double wpm = lang_per_minute(tag, json_num(get(prefs, "narration_wpm"),
	    150));
	double per = wpm * SEGMENT_TARGET_SECONDS / 60;
	size_t total = text_words(text);
	char *sys, *user, *cast, *why;
	int n = (int)(total / per + 0.5), rc;
	struct segment_arg a;

	*warn = NULL;
	if (total == 0) {
		/* Nothing to split: the offline segmenter's message. */
		segs = segment_offline(ctx, prefs, text);
		if (jv_is_valid(segs)) {
			jv_free(segs);
			*err = xstrdup("story.text: expected some words, got "
			    "none");
		} else
			*err = json_msg(segs);
		jv_free(chars);
		free(tag);
		return -1;
	}
	if (n < 1)
		n = 1;
	a.s = s;
	a.per = per;
	a.wpm = wpm;
	a.unit = lang_unit(tag);
	a.n = n;
	sys = segment_prompt(&a, chars, tag);
	cast = dump(chars);
	user = xasprintf("mv step: segment\n\nThe characters:\n```json\n%s\n"
	    "```\n\nThe story, to copy exactly into the narrations:\n```text\n"
	    "%s\n```\n\nReturn the JSON object with the scenes.", cast, text);
	rc = llm_chat_json(c, "SEGMENT", sys, user, segment_check, &a,
	    !textgen_strict(prefs), &reply, u, err);
	free(tag);
	free(sys);
	free(user);
	free(cast);
	if (rc < 0) {
		jv_free(chars);
		return -1;
	}
	scenes = get(reply, "scenes");
	narrs = jv_array();
	jv_array_foreach(scenes, k, sc) {
		(void)k;
		narrs = jv_array_append(narrs, get(sc, "narration"));
		jv_free(sc);
	}
	why = textgen_words_diff(text, narrs);
	if (why != NULL) {
		segs = segment_offline(ctx, prefs, text);
		if (!jv_is_valid(segs)) {
			*err = json_msg(segs);
			free(why);
			rc = -1;
		} else {
			*fallback = why;
			*out = segs;
		}
	} else {
		char *off = NULL;

		/* The kept scenes may still be off: the user is told. */
		(void)segment_off(&a, scenes, &off, warn);
		free(off);
		segs = jv_array();
		jv_array_foreach(scenes, k, sc) {
			jv nv = get(sc, "narration");
			char *narr = text_squeeze(json_str(nv));

			segs = jv_array_append(segs, scene_of(ctx, sc, k + 1,
			    narr, wpm));
			free(narr);
			jv_free(nv);
			jv_free(sc);
		}
		*fallback = NULL;
		*out = lines_segments(segs, ctx);
	}
	jv_free(narrs);
	jv_free(scenes);
	jv_free(reply);
	jv_free(chars);
	return rc;
}

/* ---------------------------------------------------------------- */
/* Design. */

struct design_arg {
	jv chars, segs;
	const struct safety *s;
};

/* The model's entry of arr (borrowed) whose key is want, or invalid. */
static jv
by_key(jv arr, const char *key, jv want)
{
	jv found = jv_invalid();

	if (jv_get_kind(arr) == JV_KIND_ARRAY)
		jv_array_foreach(arr, i, x) {
			jv k = get(x, key);
			int same = jv_equal(k, jv_copy(want));

			(void)i;
			if (same && !jv_is_valid(found))
				found = jv_copy(x);
			jv_free(x);
		}
	jv_free(want);
	return found;
}

static int
design_check(jv obj, void *arg, char **why)
{
	const struct design_arg *a = arg;
	jv mc = get(obj, "characters"), ms = get(obj, "scenes");
	int nseg = jv_array_length(jv_copy(a->segs)), i;
	char *where;

	*why = NULL;
	jv_array_foreach(a->chars, k, ch) {
		jv nm = get(ch, "name");
		jv e = by_key(mc, "name", jv_copy(nm));
		char *look = str_of(e, "look");

		(void)k;
		if (*why == NULL && (look == NULL || strlen(look) > MAX_LOOK))
			*why = xasprintf("characters: expected an entry for "
			    "\"%s\" (the name exactly as given) with a look of "
			    "1 to %d bytes", json_str(nm), MAX_LOOK);
		if (*why == NULL) {
			where = xasprintf("the look of %s", json_str(nm));
			*why = blocked(a->s, look, where);
			free(where);
		}
		free(look);
		jv_free(e);
		jv_free(nm);
		jv_free(ch);
	}
	if (*why == NULL && (jv_get_kind(ms) != JV_KIND_ARRAY ||
	    jv_array_length(jv_copy(ms)) != nseg))
		*why = xasprintf("scenes: expected %d entries, one for each "
		    "scene, in order", nseg);
	for (i = 0; *why == NULL && i < nseg; i++) {
		jv e = jv_array_get(jv_copy(ms), i);
		char *p = str_of(e, "prompt");

		if (p == NULL || strlen(p) > MAX_PROMPT)
			*why = xasprintf("scenes[%d].prompt: expected a string "
			    "of 1 to %d bytes", i, MAX_PROMPT);
		else {
			where = xasprintf("scene %d's prompt", i + 1);
			*why = blocked(a->s, p, where);
			free(where);
		}
		free(p);
		jv_free(e);
	}
	jv_free(mc);
	jv_free(ms);
	jv_free(obj);
	return *why == NULL ? 0 : -1;
}

static const char design_system[] =
    "You are the character designer and art director of a short animated "
    "video for children, drawn in a %s style. Each picture is made "
    "separately by an image model that has never seen the others, so "
    "every character must be described the same way every time, with "
    "concrete visual details.\n\n"
    "Return this JSON object:\n"
    "{\"characters\": [{\"name\": \"...\", \"look\": \"...\"}], "
    "\"scenes\": [{\"scene\": 1, \"prompt\": \"...\"}]}\n\n"
    "- characters: one entry for each character given, in the same "
    "order, with the name exactly as given. look: one or two sentences, "
    "at most 60 words, that fix how the character looks in every "
    "picture: what it is, age and size, body shape, the colours of its "
    "fur, skin, hair or feathers, its eyes, its clothes or accessories "
    "and one feature that makes it easy to recognise. It must fit the "
    "character's type and traits. Begin with the name, as in \"Ruby is "
    "a small red fox with a white-tipped bushy tail, amber eyes and a "
    "green scarf.\"\n"
    "- scenes: one entry for each scene given, with its number, in "
    "order. prompt: the picture for that scene in one to three "
    "sentences, at most 80 words: who is where (in front, behind), doing "
    "what, with which expressions, and the place, time of day and light. "
    "Name the characters in it but do not repeat their looks: they are "
    "added to every prompt for you. No words, letters or speech bubbles "
    "in the picture.\n%s%s\n\n%s%s";

/* The final prompt of a scene: frame, picture, looks of those in it. */
static char *
scene_prompt(jv seg, jv chars, jv prefs, const char *picture)
{
	jv style = get(prefs, "art_style"), names = get(seg, "characters");
	struct buf b = { 0 };

	buf_addf(&b, "A %s illustration for a children's story. %s%s",
	    json_str(style), picture, text_ends_sentence(picture) ? "" : ".");
	jv_array_foreach(chars, i, c) {
		jv n = get(c, "name"), l = get(c, "look");
		int in = 0;

		(void)i;
		if (jv_get_kind(names) == JV_KIND_ARRAY)
			jv_array_foreach(names, k, x) {
				(void)k;
				in |= jv_equal(x, jv_copy(n));
			}
		if (in)
			buf_addf(&b, " %s%s", json_str(l),
			    text_ends_sentence(json_str(l)) ? "" : ".");
		jv_free(n);
		jv_free(l);
		jv_free(c);
	}
	buf_add(&b, " Warm, gentle, safe for young children; no text in the "
	    "picture.");
	jv_free(style);
	jv_free(names);
	return buf_take(&b);
}

int
textgen_design(const struct conf *c, jv ctx, jv prefs, jv segs, jv chars,
    const struct safety *s, jv *out, struct llm_usage *u, char **err)
{
	jv style = get(prefs, "art_style"), pal = get(prefs, "color_palette");
	jv cast = jv_array(), scenes = jv_array(), reply, mc, ms;
	jv newchars = jv_array(), prompts = jv_array();
	struct design_arg a = { chars, segs, s };
	char *sys, *user, *cj, *sj, *palette, *tag = tag_of(prefs), *lr;
	int rc;

	jv_array_foreach(chars, i, ch) {
		(void)i;
		cast = jv_array_append(cast, JV_OBJECT(
		    jv_string("name"), get(ch, "name"),
		    jv_string("type"), get(ch, "type"),
		    jv_string("traits"), get(ch, "traits")));
		jv_free(ch);
	}
	jv_array_foreach(segs, i, sg) {
		scenes = jv_array_append(scenes, JV_OBJECT(
		    jv_string("scene"), jv_number(json_num(get(sg, "scene"),
		    i + 1)),
		    jv_string("narration"), get(sg, "narration"),
		    jv_string("characters"), get(sg, "characters"),
		    jv_string("setting"), get(sg, "setting")));
		jv_free(sg);
	}
	palette = jv_get_kind(pal) == JV_KIND_STRING ? xasprintf("- Colours: "
	    "keep every picture in this palette: %s.\n", json_str(pal)) :
	    xstrdup("");
	/* Image models read English: only the names stay as given. */
	lr = language_rule(tag, "the story is told in %s, but the image model "
	    "reads English: write every look and prompt in English all the "
	    "same, with the characters' names exactly as given.");
	sys = xasprintf(design_system, json_str(style), palette,
	    "- The pictures are for children: friendly, appealing faces; "
	    "nothing scary, violent or unsafe.", lr, json_only);
	free(lr);
	free(tag);
	cj = dump(cast);
	sj = dump(scenes);
	{
		jv setting = get(ctx, "setting");

		user = xasprintf("mv step: design\n\nThe story's setting: "
		    "%s\n\nThe characters:\n```json\n%s\n```\n\n"
		    "The scenes:\n```json\n%s\n```\n\nReturn the JSON object "
		    "with the characters' looks and the scenes' prompts.",
		    json_str(setting), cj, sj);
		jv_free(setting);
	}
	rc = llm_chat_json(c, "DESIGN", sys, user, design_check, &a, 0, &reply,
	    u, err);
	free(sys);
	free(user);
	free(cj);
	free(sj);
	free(palette);
	jv_free(cast);
	jv_free(scenes);
	jv_free(style);
	jv_free(pal);
	if (rc < 0) {
		jv_free(newchars);
		jv_free(prompts);
		return -1;
	}
	mc = get(reply, "characters");
	ms = get(reply, "scenes");
	jv_array_foreach(chars, i, ch) {
		jv e = by_key(mc, "name", get(ch, "name"));
		char *look = str_of(e, "look");

		(void)i;
		ch = jv_object_set(ch, jv_string("look"), jv_string(look));
		newchars = jv_array_append(newchars, ch);
		free(look);
		jv_free(e);
	}
	jv_array_foreach(segs, i, sg) {
		jv e = jv_array_get(jv_copy(ms), i);
		char *pic = str_of(e, "prompt");
		char *p = scene_prompt(sg, newchars, prefs, pic);

		prompts = jv_array_append(prompts, jv_string(p));
		free(p);
		free(pic);
		jv_free(e);
		jv_free(sg);
	}
	jv_free(mc);
	jv_free(ms);
	jv_free(reply);
	*out = JV_OBJECT(jv_string("characters"), newchars,
	    jv_string("prompts"), prompts);
	return 0;
}
