#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/json.h"
#include "core/lang.h"
#include "core/text.h"
#include "core/util.h"
#include "offline/lexicon.h"
#include "services/llm.h"
#include "story/story.h"
#include "story/textgen.h"

#define MAX_TITLE 200

#define MAXC 12
#define MAXT 8

struct cast {
	int n;
	const char *name[MAXC];
	const char *type[MAXC];
	const char *trait[MAXC][MAXT];
	int ntrait[MAXC];
	int acted[MAXC];
};

struct teller {
	struct cast *c;
	const struct theme *theme;
	struct buf out;
	int said;		/* dialogue lines used */
	unsigned moods_used;
	int turn;		/* round-robin over the cast */
	int thought;		/* quiet moments used */
	int view;		/* sceneries described again */
	const char *setting;
};

/* Quiet moments between events; {A} is the character. */
static const char *const thoughts[] = {
	"{A} wondered what would happen next",
	"{A} listened carefully to every word",
	"{A} took a moment to think",
	"For a moment, nobody said a word",
	"{A} felt a little braver than before",
	"{A} looked at the others and nodded",
	NULL
};

static const char *
number_word(int n)
{
	static const char *const w[] = {
		"no", "one", "two", "three", "four", "five", "six", "seven",
		"eight", "nine", "ten", "eleven", "twelve"
	};

	return n >= 0 && n <= 12 ? w[n] : "many";
}

/* "A", "A and B", "A, B and C". */
static void
add_list(struct buf *b, const char *const *items, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_add(b, i == n - 1 ? " and " : ", ");
		buf_add(b, items[i]);
	}
}

/* The last character before any trailing white space in b, or '.'. */
static char
last_mark(const struct buf *b)
{
	size_t n = b->len;

	while (n > 0 && text_is_space((unsigned char)b->s[n - 1]))
		n--;
	return n > 0 ? b->s[n - 1] : '.';
}

/* {A}, {B} and {N} replaced by two names and the whole cast. */
static void
add_subst(struct buf *b, const char *tmpl, const struct cast *c)
{
	const char *p;

	for (p = tmpl; *p; p++) {
		if (p[0] == '{' && p[2] == '}' && strchr("ABN", p[1])) {
			if (p[1] == 'A')
				buf_add(b, c->name[0]);
			else if (p[1] == 'B' && c->n > 1)
				buf_add(b, c->name[1]);
			else if (p[1] == 'B')
				/* A story of one needs somebody to meet. */
				buf_add(b, b->len == 0 || strchr(".!?",
				    last_mark(b)) ? "A new friend" :
				    "a new friend");
			else
				add_list(b, c->name, c->n);
			p += 2;
		} else
			buf_addn(b, p, 1);
	}
}

static void
sentence(struct buf *b, const char *s)
{
	if (b->len > 0 && b->s[b->len - 1] != '\n')
		buf_add(b, " ");
	buf_add(b, s);
	if (!text_ends_sentence(s))
		buf_add(b, ".");
}

static void
paragraph(struct buf *b)
{
	if (b->len > 0 && b->s[b->len - 1] != '\n')
		buf_add(b, "\n\n");
}

static int
starts_with_name(const struct cast *c, const char *s)
{
	int i;
	size_t n;

	for (i = 0; i < c->n; i++) {
		n = strlen(c->name[i]);
		if (strncmp(s, c->name[i], n) == 0 &&
		    !isalnum((unsigned char)s[n]))
			return 1;
	}
	return 0;
}

/* True when a sentence already starts like the start of a story event. */
static int
has_time_opening(const char *s)
{
	static const char *const w[] = {
		"one", "once", "then", "later", "soon", "every", "early",
		"long ago", "that", "on a", "in the", "after", "when",
		"while", "today", "yesterday", "last", "at", "one day",
		"meanwhile", "next", "finally", "first", NULL
	};
	size_t n;
	int i;

	for (i = 0; w[i]; i++) {
		n = strlen(w[i]);
		if (strncasecmp(s, w[i], n) == 0 &&
		    !isalnum((unsigned char)s[n]))
			return 1;
	}
	return 0;
}

static void
opening(struct teller *t, jv ctx)
{
	struct cast *c = t->c;
	const char *setting;
	jv sv = jv_object_get(jv_copy(ctx), jv_string("setting"));
	jv tale = jv_object_get(jv_copy(ctx), jv_string("story_tale"));
	const struct scenery *sc[3];
	struct buf s = { 0 };
	int i, n;

	setting = json_str(sv);
	if (jv_get_kind(tale) == JV_KIND_STRING) {
		buf_addf(&s, "This is %s %s story",
		    text_article(json_str(tale)),
		    json_str(tale));
		sentence(&t->out, s.s);
		free(buf_take(&s));
	}
	buf_add(&s, "Once upon a time, in ");
	if (strncasecmp(setting, "a ", 2) == 0 ||
	    strncasecmp(setting, "an ", 3) == 0 ||
	    strncasecmp(setting, "the ", 4) == 0) {
		char *l = text_lowerfirst(setting);

		buf_add(&s, l);
		free(l);
	} else if (isupper((unsigned char)setting[0]))
		buf_add(&s, setting);
	else
		buf_addf(&s, "%s %s", text_article(setting), setting);
	buf_add(&s, ", there lived ");
	if (c->n <= 3) {
		for (i = 0; i < c->n; i++) {
			if (i > 0)
				buf_add(&s, i == c->n - 1 ? " and " : ", ");
			if (c->ntrait[i] > 0)
				buf_addf(&s, "%s %s %s named %s",
				    text_article(c->trait[i][0]), c->trait[i][0],
				    c->type[i], c->name[i]);
			else
				buf_addf(&s, "%s %s named %s",
				    text_article(c->type[i]), c->type[i],
				    c->name[i]);
		}
	} else {
		buf_addf(&s, "%s good friends: ", number_word(c->n));
		for (i = 0; i < c->n; i++) {
			if (i > 0)
				buf_add(&s, i == c->n - 1 ? " and " : ", ");
			buf_addf(&s, "%s the %s", c->name[i], c->type[i]);
		}
	}
	sentence(&t->out, s.s);
	free(buf_take(&s));
	n = lex_scenery(setting, sc, 2);
	for (i = 0; i < n; i++)
		sentence(&t->out, sc[i]->detail);
	if (lex_is_night(setting))
		sentence(&t->out, "The moon glowed softly in the night sky");
	jv_free(sv);
	jv_free(tale);
}

static void
introductions(struct teller *t, int second)
{
	struct cast *c = t->c;
	struct buf s = { 0 };
	const struct trait *tr;
	int i, k, known;

	paragraph(&t->out);
	for (i = 0; i < c->n; i++) {
		if (c->ntrait[i] > 0) {
			buf_addf(&s, "%s the %s was ", c->name[i], c->type[i]);
			add_list(&s, c->trait[i], c->ntrait[i]);
		} else
			buf_addf(&s, "%s the %s was a good friend to everyone",
			    c->name[i], c->type[i]);
		sentence(&t->out, s.s);
		free(buf_take(&s));
		known = 0;
		for (k = 0; k < c->ntrait[i] && known < 1 + second; k++) {
			if ((tr = lex_trait(c->trait[i][k])) == NULL)
				continue;
			if (known == 0)
				buf_addf(&s, "%s %s", c->name[i], tr->who);
			else
				buf_addf(&s, "Everyone also knew that %s %s",
				    c->name[i], tr->who);
			sentence(&t->out, s.s);
			free(buf_take(&s));
			known++;
		}
	}
}

/* The cast members named in s, in cast order; returns how many. */
static int
named_in(const struct cast *c, const char *s, int *who)
{
	int i, n = 0;

	for (i = 0; i < c->n; i++)
		if (text_count_name(s, c->name[i]) > 0)
			who[n++] = i;
	return n;
}

/* One reaction to plot sentence s; kind rotates. Returns 1 if added. */
static int
elaborate(struct teller *t, const char *s, int kind)
{
	struct cast *c = t->c;
	int who[MAXC], n = named_in(c, s, who), i, k;
	struct buf b = { 0 };
	const struct trait *tr;
	const char *line;
	unsigned m;

	if (n == 0) {
		who[0] = t->turn++ % c->n;
		n = 1;
	}
	switch (kind % 5) {
	case 0:		/* a character acts on a trait */
		for (k = 0; k < n; k++) {
			i = who[k];
			while (c->acted[i] < c->ntrait[i]) {
				tr = lex_trait(c->trait[i][c->acted[i]++]);
				if (tr == NULL)
					continue;
				buf_addf(&b, "%s %s", c->name[i], tr->act);
				sentence(&t->out, b.s);
				free(buf_take(&b));
				return 1;
			}
		}
		return 0;
	case 1:		/* the feeling of the moment */
		m = lex_moods(s) & ~t->moods_used;
		if ((line = lex_mood_line(m, (unsigned)t->turn)) == NULL)
			return 0;
		for (k = 0; k < MOOD_COUNT; k++)
			if ((m & (1u << k)) &&
			    strcmp(lex_mood_line(1u << k, (unsigned)t->turn),
			    line) == 0)
				t->moods_used |= 1u << k;
		sentence(&t->out, line);
		return 1;
	case 3:		/* a quiet moment */
		if (thoughts[t->thought] == NULL)
			return 0;
		line = thoughts[t->thought++];
		i = who[0];
		for (; *line; line++)
			if (strncmp(line, "{A}", 3) == 0) {
				buf_add(&b, c->name[i]);
				line += 2;
			} else
				buf_addn(&b, line, 1);
		sentence(&t->out, b.s);
		free(buf_take(&b));
		return 1;
	case 4: {	/* the place, seen again */
		const struct scenery *sc[3];
		int ns = lex_scenery(t->setting, sc, 3);

		while (t->view < ns && (sc[t->view]->features & (SC_INDOOR |
		    SC_STARS | SC_CAVE)))
			t->view++;
		if (t->view >= ns)
			return 0;
		buf_addf(&b, "The %s around them was full of %s",
		    sc[t->view]->kind, sc[t->view]->look);
		t->view++;
		sentence(&t->out, b.s);
		free(buf_take(&b));
		return 1;
	}
	default:	/* a line of dialogue on the theme */
		/* The last line of the three closes the plot. */
		if (t->said >= 2)
			return 0;
		line = t->theme->say[t->said++];
		i = who[(t->said + n - 1) % n];
		buf_addf(&b, "\"%s%s\" said %s", line,
		    text_ends_sentence(line) ? "" : ",", c->name[i]);
		sentence(&t->out, b.s);
		free(buf_take(&b));
		return 1;
	}
}

static void
ending(struct teller *t, const char *moral)
{
	struct buf s = { 0 };

	paragraph(&t->out);
	add_subst(&s, t->theme->reflect, t->c);
	sentence(&t->out, s.s);
	free(buf_take(&s));
	sentence(&t->out, "From that day on, they always remembered it");
	buf_addf(&s, "The moral of the story is: %s", moral);
	sentence(&t->out, s.s);
	free(buf_take(&s));
}

static void
cast_of(struct cast *c, jv chars)
{
	memset(c, 0, sizeof *c);
	jv_array_foreach(chars, i, x) {
		jv tr;

		if (i >= MAXC) {
			jv_free(x);
			continue;
		}
		/* The strings stay alive inside chars, which the caller
		 * holds for as long as the cast is used. */
		jv nv = jv_object_get(jv_copy(x), jv_string("name"));
		jv tv = jv_object_get(jv_copy(x), jv_string("type"));
		c->name[i] = json_str(nv);
		c->type[i] = json_str(tv);
		jv_free(nv);
		jv_free(tv);
		tr = jv_object_get(x, jv_string("traits"));
		if (jv_get_kind(tr) == JV_KIND_ARRAY)
			jv_array_foreach(tr, k, y) {
				if (k < MAXT) {
					c->trait[i][k] = json_str(y);
					c->ntrait[i]++;
				}
				jv_free(y);
			}
		jv_free(tr);
		c->n++;
	}
}

static char *
title_of(jv ctx, const struct cast *c)
{
	jv topic = jv_object_get(jv_copy(ctx), jv_string("topic"));
	struct buf b = { 0 };
	char *t;

	if (jv_get_kind(topic) == JV_KIND_STRING &&
	    text_words(json_str(topic)) <= 8) {
		char *s = xstrdup(json_str(topic));
		size_t n = strlen(s);

		while (n > 0 && strchr(".!?", s[n - 1]))
			s[--n] = '\0';
		t = text_title(s);
		free(s);
	} else {
		buf_add(&b, "The Tale of ");
		if (c->n > 3) {
			buf_addf(&b, "%s, %s, %s and Friends", c->name[0],
			    c->name[1], c->name[2]);
		} else
			add_list(&b, c->name, c->n);
		t = buf_take(&b);
	}
	jv_free(topic);
	return t;
}

/*
 * The story in a language other than English: the brief's own plot
 * sentences (or, without a plot, the theme in the language's words) and
 * the moral in the language's sentence, with none of the English
 * connectives; "as it is" when mv has no words for the language.
 */
static char *
told_as_given(jv ctx, const char *tag)
{
	jv plot = jv_object_get(jv_copy(ctx), jv_string("plot"));
	jv theme = jv_object_get(jv_copy(ctx), jv_string("theme"));
	jv moral = jv_object_get(jv_copy(ctx), jv_string("moral_lesson"));
	const struct lang *l = lang_find(tag);
	struct buf b = { 0 };

	if (jv_get_kind(plot) == JV_KIND_STRING)
		buf_add(&b, jv_string_value(plot));
	else if (l != NULL)
		buf_addf(&b, l->about, json_str(theme));
	else
		buf_add(&b, json_str(theme));
	buf_add(&b, "\n\n");
	if (l != NULL)
		buf_addf(&b, l->moral, json_str(moral));
	else
		buf_add(&b, json_str(moral));
	jv_free(plot);
	jv_free(theme);
	jv_free(moral);
	return buf_take(&b);
}

/*
 * The title in a language other than English: the topic as written (no
 * English title case) when it is short, else the theme in the language's
 * words.
 */
static char *
title_as_given(jv ctx, const char *tag)
{
	jv topic = jv_object_get(jv_copy(ctx), jv_string("topic"));
	jv theme = jv_object_get(jv_copy(ctx), jv_string("theme"));
	const struct lang *l = lang_find(tag);
	char *t;

	if (jv_get_kind(topic) == JV_KIND_STRING &&
	    text_words(json_str(topic)) <= (l != NULL && !l->spaced ? 16 : 8))
		t = xstrdup(json_str(topic));
	else if (l != NULL)
		t = xasprintf(l->about, json_str(theme));
	else
		t = xstrdup(json_str(theme));
	jv_free(topic);
	jv_free(theme);
	return t;
}

jv
story_offline(jv ctx, jv prefs)
{
	struct cast cast;
	struct teller t;
	jv chars = jv_object_get(jv_copy(ctx), jv_string("characters"));
	jv plotv = jv_object_get(jv_copy(ctx), jv_string("plot"));
	jv themev = jv_object_get(jv_copy(ctx), jv_string("theme"));
	jv moralv = jv_object_get(jv_copy(ctx), jv_string("moral_lesson"));
	jv agev = jv_object_get(jv_copy(ctx), jv_string("age_group"));
	jv settingv = jv_object_get(jv_copy(ctx), jv_string("setting"));
	double minutes = json_num(jv_object_get(jv_copy(ctx),
	    jv_string("duration_minutes")), 3);
	double wpm = json_num(jv_object_get(jv_copy(prefs),
	    jv_string("narration_wpm")), 150);
	int young = atoi(json_str(agev)) > 0 && atoi(json_str(agev)) <= 5;
	int older = atoi(json_str(agev)) >= 9;
	struct span *sp = NULL;
	struct buf plot = { 0 };
	size_t np, i, budget, base, words;
	char *text, *title;
	int per, slots, kind = 0, k, made;
	jv out, langv;

	cast_of(&cast, chars);
	langv = jv_object_get(jv_copy(prefs), jv_string("language"));
	if (jv_get_kind(langv) == JV_KIND_STRING &&
	    !lang_is_english(jv_string_value(langv))) {
		text = told_as_given(ctx, jv_string_value(langv));
		title = title_as_given(ctx, jv_string_value(langv));
		/* Counted as the language counts: characters in Japanese. */
		wpm = lang_per_minute(jv_string_value(langv), wpm);
		budget = (size_t)(minutes * wpm);
		goto told;
	}
	memset(&t, 0, sizeof t);
	t.c = &cast;
	t.theme = lex_theme(json_str(themev));
	t.setting = json_str(settingv);
	if (jv_get_kind(plotv) == JV_KIND_STRING)
		buf_add(&plot, json_str(plotv));
	else
		for (k = 0; k < 4; k++) {
			if (k > 0)
				buf_add(&plot, " ");
			add_subst(&plot, t.theme->arc[k], &cast);
		}
	np = text_sentences(plot.s, &sp);

	/* The word budget: the target duration at the narration speed. */
	budget = (size_t)(minutes * wpm);
	base = text_words(plot.s) + 40 + 25 * (size_t)cast.n;
	per = young ? 2 : older ? 4 : 3;
	slots = np > 0 && budget > base ? (int)((budget - base) / 9 / np) : 0;
	if (slots > per)
		slots = per;

	opening(&t, ctx);
	introductions(&t, !young);
	paragraph(&t.out);
	for (i = 0; i < np; i++) {
		char *s = xasprintf("%.*s", (int)sp[i].len, plot.s + sp[i].off);

		if (i == 0 && !has_time_opening(s)) {
			char *l = starts_with_name(&cast, s) ? xstrdup(s) :
			    text_lowerfirst(s);
			char *o = xasprintf("One day, %s", l);

			sentence(&t.out, o);
			free(o);
			free(l);
		} else
			sentence(&t.out, s);
		for (made = 0, k = 0; made < slots && k < 5; k++)
			made += elaborate(&t, s, kind++);
		if (i + 1 == np && slots > 0) {
			int who[MAXC], n = named_in(&cast, s, who);
			struct buf b = { 0 };

			buf_addf(&b, "\"%s,\" said %s", t.theme->say[2],
			    cast.name[n > 0 ? who[n - 1] : 0]);
			sentence(&t.out, b.s);
			free(buf_take(&b));
		}
		if (i % 2 == 1 && i + 1 < np)
			paragraph(&t.out);
		free(s);
	}
	ending(&t, json_str(moralv));

	text = buf_take(&t.out);
	title = title_of(ctx, &cast);
told:
	words = text_words(text);
	out = JV_OBJECT(jv_string("title"), jv_string(title),
	    jv_string("text"), jv_string(text),
	    jv_string("word_count"), jv_number((double)words),
	    jv_string("reading_minutes"),
	    jv_number((double)(long long)(words * 10 / wpm + 0.5) / 10),
	    jv_string("character_mentions"), story_mentions(chars, text),
	    jv_string("target_words"), jv_number((double)budget));
	free(text);
	free(title);
	free(sp);
	free(buf_take(&plot));
	jv_free(langv);
	jv_free(chars);
	jv_free(plotv);
	jv_free(themev);
	jv_free(moralv);
	jv_free(agev);
	jv_free(settingv);
	return out;
}

jv
story_mentions(jv chars, const char *text)
{
	jv m = jv_object();

	if (jv_get_kind(chars) != JV_KIND_ARRAY)
		return m;
	jv_array_foreach(chars, i, c) {
		jv n = jv_get_kind(c) == JV_KIND_OBJECT ?
		    jv_object_get(jv_copy(c), jv_string("name")) : jv_null();

		(void)i;
		if (jv_get_kind(n) == JV_KIND_STRING)
			m = jv_object_set(m, jv_copy(n), jv_number((double)
			    text_count_name(text, jv_string_value(n))));
		jv_free(n);
		jv_free(c);
	}
	return m;
}

/* ---------------------------------------------------------------- */
/* The model's half of the story (textgen_story). */

static const char safe_always[] =
    "Always warm and safe for children: no violence beyond a harmless "
    "bump or chase, no weapons, no death or injury, no cruelty or "
    "bullying left unresolved, no romance, no brand names, and nothing "
    "frightening that is not resolved quickly and kindly.";

/* The youngest age of the context's age group (6 when unknown). */
static int
youngest(jv ctx)
{
	jv a = textgen_get(ctx, "age_group");
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

struct story_arg {
	jv chars;
	double budget;		/* in units: words, or characters */
	const char *unit;	/* lang_unit's */
};

static int
story_check(jv obj, void *arg, char **why)
{
	const struct story_arg *a = arg;
	char *title = textgen_str(obj, "title"), *names;
	jv text = textgen_get(obj, "text");
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
			jv nm = textgen_get(ch, "name");

			(void)i;
			if (*why == NULL && text_count_name(t,
			    json_str(nm)) == 0) {
				names = textgen_names(a->chars);
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
	jv chars = textgen_get(ctx, "characters"), age = textgen_get(ctx,
	    "age_group");
	jv moral = textgen_get(ctx, "moral_lesson");
	double minutes = json_num(textgen_get(ctx, "duration_minutes"), 3);
	const char *unit = lang_unit(tag);
	char *names = textgen_names(chars), *bj = textgen_dump(ctx), *lr, *in;
	int en = lang_is_english(tag);

	lr = textgen_language_rule(tag,
	    "Write in %s. The title and the whole text "
	    "are in that language, as a native author writes for children; "
	    "the names stay exactly as given. The example below is in "
	    "English only to show the shape.");
	*sys = xasprintf(story_system, json_str(age), en ? "2 to 8 words in "
	    "title case" : "a short title in the story's language, as its "
	    "books' titles are written", (double)budget, unit, minutes,
	    minutes == 1 ? "" : "s", wpm, unit,
	    (double)budget * 0.8, (double)budget * 1.2, unit, names,
	    json_str(moral), json_str(age), age_rules(youngest(ctx)),
	    safe_always, lr, textgen_json_only);
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
	jv chars = textgen_get(ctx, "characters"), reply;
	double minutes = json_num(textgen_get(ctx, "duration_minutes"), 3);
	char *tag = textgen_tag(prefs);
	/* Lengths as the language counts them: words, or characters. */
	double wpm = lang_per_minute(tag, json_num(textgen_get(prefs,
	    "narration_wpm"),
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
		title = textgen_str(reply, "title");
		{
			jv t = textgen_get(reply, "text");

			text = paragraphs(json_str(t));
			jv_free(t);
		}
		jv_free(reply);
		free(why);
		why = textgen_blocked(s, title, "the title");
		if (why == NULL)
			why = textgen_blocked(s, text, "the story");
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
