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
#include "story/lines.h"
#include "story/referent.h"
#include "story/segment.h"
#include "story/textgen.h"

#define MAX_DESC 400
#define MAX_SETTING 200

jv
segment_dialogue(const char *s)
{
	jv out = jv_array();
	const char *p = s, *open, *close;

	size_t olen;

	while (text_next_quote(p, &open, &close, &olen) == 0) {
		if (close > open + olen) {
			char *q = xasprintf("%.*s", (int)(close - open - olen),
			    open + olen);
			char *t = text_squeeze(q);
			size_t tl = strlen(t);

			while (tl > 0 && (t[tl - 1] == ',' || t[tl - 1] == ';'))
				t[--tl] = '\0';
			if (*t)
				out = jv_array_append(out, jv_string(t));
			free(q);
			free(t);
		}
		p = close + olen;
	}
	return out;
}

jv
segment_background(const char *setting, const char *also)
{
	const struct scenery *sc[3];
	char *both = also != NULL ? xasprintf("%s; %s", setting, also) :
	    xstrdup(setting);
	int n = lex_scenery(both, sc, 3), i;
	struct buf b = { 0 };
	char *s;
	jv v;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_add(&b, i == n - 1 ? " and " : ", ");
		buf_add(&b, sc[i]->look);
	}
	if (lex_is_night(setting))
		buf_add(&b, ", at night under a glowing moon");
	s = buf_take(&b);
	v = jv_string(s);
	free(s);
	free(both);
	return v;
}

static jv
scene_of(jv ctx, int no, const char *narr, double wpm)
{
	jv chars = jv_object_get(jv_copy(ctx), jv_string("characters"));
	jv setting = jv_object_get(jv_copy(ctx), jv_string("setting"));
	jv names = jv_array(), emo = jv_array();
	unsigned m = lex_moods(narr);
	size_t words = text_words(narr);
	struct buf d = { 0 };
	char *desc, *first;
	int i, nn = 0;
	jv sc;

	jv_array_foreach(chars, k, c) {
		jv n = jv_object_get(c, jv_string("name"));

		(void)k;
		if (text_count_name(narr, json_str(n)) > 0) {
			names = jv_array_append(names, jv_copy(n));
			if (nn++ > 0)
				buf_add(&d, ", ");
			buf_add(&d, json_str(n));
		}
		jv_free(n);
	}
	for (i = 0; i < MOOD_COUNT; i++)
		if (m & (1u << i))
			emo = jv_array_append(emo, jv_string(lex_mood_name(i)));
	if (m == 0)
		emo = jv_array_append(emo, jv_string("calm"));
	if (nn == 0)
		buf_add(&d, "The scene");
	buf_addf(&d, " in the %s", json_str(setting));
	first = text_first_sentence(narr);
	desc = text_clip(first, 160);
	buf_addf(&d, ": %s", desc);
	free(desc);
	free(first);
	desc = buf_take(&d);
	sc = JV_OBJECT(jv_string("scene"), jv_number(no),
	    jv_string("narration"), jv_string(narr),
	    jv_string("description"), jv_string(desc),
	    jv_string("characters"), names,
	    jv_string("dialogue"), segment_dialogue(narr),
	    jv_string("setting"), jv_copy(setting),
	    jv_string("background"), segment_background(json_str(setting),
	    NULL),
	    jv_string("emotions"), emo);
	sc = jv_object_set(sc, jv_string("words"), jv_number((double)words));
	sc = jv_object_set(sc, jv_string("seconds"),
	    jv_number(round((double)words * 600 / wpm) / 10));
	free(desc);
	jv_free(chars);
	jv_free(setting);
	return sc;
}

/* The cost of a scene of w words: its distance from the target, and far
 * more for each word outside the 8 to 12 second band. */
static double
scene_cost(double w, double per)
{
	double lo = per * 0.8, hi = per * 1.2, c = (w - per) * (w - per);

	if (w > hi)
		c += 50 * (w - hi) * (w - hi);
	if (w < lo)
		c += 50 * (lo - w) * (lo - w);
	return c;
}

jv
segment_offline(jv ctx, jv prefs, const char *text)
{
	jv tag = jv_object_get(jv_copy(prefs), jv_string("language"));
	/* The speed in the units of the language's lengths: words, or
	 * characters in Japanese and Chinese (lang.h). */
	double wpm = lang_per_minute(jv_get_kind(tag) == JV_KIND_STRING ?
	    jv_string_value(tag) : NULL, json_num(jv_object_get(jv_copy(prefs),
	    jv_string("narration_wpm")), 150));
	struct span *sp = NULL;
	size_t ns = text_sentences(text, &sp), i, j, *cum, *from, *cnt;
	size_t total = 0, k, n, *ends;
	jv out = jv_array();
	double per, *best, c;
	char *open;
	int depth;

	jv_free(tag);
	if (ns == 0) {
		jv_free(out);
		return jv_invalid_with_msg(jv_string("story.text: expected "
		    "some words, got none"));
	}
	cum = xmalloc((ns + 1) * sizeof *cum);
	cum[0] = 0;
	for (i = 0; i < ns; i++) {
		char *s = xasprintf("%.*s", (int)sp[i].len, text + sp[i].off);

		total += text_words(s);
		cum[i + 1] = total;
		free(s);
	}
	per = wpm * SEGMENT_TARGET_SECONDS / 60;
	/* A story too long for the scene limit gets longer scenes. */
	if ((double)total / per > SEGMENT_MAX_SCENES * 0.8)
		per = (double)total / (SEGMENT_MAX_SCENES * 0.8);
	/* A scene may not end inside a quotation. */
	open = xmalloc((ns + 1) * sizeof *open);
	open[0] = 0;
	for (i = 0, depth = 0; i < ns; i++) {
		const char *p = text + sp[i].off, *e = p + sp[i].len;

		for (; p < e; p++)
			if (*p == '"')
				depth ^= 1;
			else if (strncmp(p, "\xe2\x80\x9c", 3) == 0)
				depth |= 2;
			else if (strncmp(p, "\xe2\x80\x9d", 3) == 0)
				depth &= ~2;
		open[i + 1] = depth != 0;
	}
	/* An unmatched quote mark says nothing about where speech ends. */
	if (depth != 0)
		memset(open, 0, ns + 1);
	/*
	 * Scenes end on sentence ends; choose the ends that keep every scene
	 * closest to the target length (dynamic programming over sentence
	 * prefixes; a scene spans at most 4x the target unless one sentence
	 * is longer on its own).
	 */
	best = xmalloc((ns + 1) * sizeof *best);
	from = xmalloc((ns + 1) * sizeof *from);
	cnt = xmalloc((ns + 1) * sizeof *cnt);
	best[0] = 0;
	cnt[0] = 0;
	for (j = 1; j <= ns; j++) {
		best[j] = -1;
		if (open[j] && j < ns)
			continue;
		for (i = j; i-- > 0;) {
			double w = (double)(cum[j] - cum[i]);

			if (w > 4 * per && i + 1 < j && best[j] >= 0)
				break;
			if (best[i] < 0)
				continue;
			c = best[i] + scene_cost(w, per);
			if (best[j] < 0 || c < best[j]) {
				best[j] = c;
				from[j] = i;
				cnt[j] = cnt[i] + 1;
			}
		}
	}
	free(open);
	n = cnt[ns];
	if (n > SEGMENT_MAX_SCENES) {
		free(best);
		free(from);
		free(cnt);
		free(cum);
		free(sp);
		jv_free(out);
		return jv_invalid_with_msg(jv_string_fmt("story.text: expected "
		    "at most %d scenes, got %zu", SEGMENT_MAX_SCENES, n));
	}
	ends = xmalloc((n + 1) * sizeof *ends);
	for (j = ns, k = n; k > 0; k--) {
		ends[k] = j;
		j = from[j];
	}
	ends[0] = 0;
	for (k = 1; k <= n; k++) {
		size_t a = ends[k - 1], b = ends[k];
		char *raw = xasprintf("%.*s", (int)(sp[b - 1].off +
		    sp[b - 1].len - sp[a].off), text + sp[a].off);
		char *narr = text_squeeze(raw);

		out = jv_array_append(out, referent_scene(scene_of(ctx, (int)k,
		    narr, wpm), ctx, text, sp[a].off, sp[b - 1].off +
		    sp[b - 1].len));
		free(raw);
		free(narr);
	}
	free(ends);
	free(best);
	free(from);
	free(cnt);
	free(cum);
	free(sp);
	return lines_segments(out, ctx);
}

jv
segment_words(const char *s)
{
	jv out = jv_array();
	const char *p = s, *e;
	size_t k;

	for (;;) {
		while (*p && text_is_space((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		/* A CJK sentence end ends a word too: scenes may be cut
		 * there, with no space. */
		for (e = p; *e && !text_is_space((unsigned char)*e); e++)
			if ((k = text_cjk_stop(e)) > 0) {
				e += k;
				break;
			}
		out = jv_array_append(out, jv_string_sized(p, (int)(e - p)));
		p = e;
	}
	return out;
}

/* ---------------------------------------------------------------- */
/* The model's half of segment (textgen_segment). */

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
model_scene(jv ctx, jv sc, int no, const char *narr, double wpm)
{
	jv chars = textgen_get(ctx, "characters"), listed = textgen_get(sc,
	    "characters");
	jv emo = textgen_get(sc, "emotions"), names = jv_array(), out, lines;
	char *setting = textgen_str(sc, "setting"), *desc = textgen_str(sc,
	    "description"), *ss = textgen_str(ctx, "setting"), *clip;
	size_t words = text_words(narr);
	struct buf d = { 0 };
	int nn = 0;

	jv_array_foreach(chars, k, c) {
		jv n = textgen_get(c, "name");
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
	lines = textgen_get(sc, "lines");
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
		jv nv = textgen_get(sc, "narration");
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
	jv scenes = textgen_get(obj, "scenes");
	int n = jv_get_kind(scenes) == JV_KIND_ARRAY ?
	    jv_array_length(jv_copy(scenes)) : -1, rc = -1;
	char *note = NULL;

	*why = NULL;
	if (n < 1 || n > SEGMENT_MAX_SCENES)
		*why = xasprintf("scenes: expected an array of 1 to %d scenes",
		    SEGMENT_MAX_SCENES);
	else
		jv_array_foreach(scenes, i, sc) {
			jv nv = textgen_get(sc, "narration");
			char *d = textgen_str(sc, "description");
			char *st = textgen_str(sc, "setting");
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
				*why = textgen_blocked(a->s, d, where);
				free(where);
			}
			if (*why == NULL && st != NULL) {
				where = xasprintf("scene %d's setting", i + 1);
				*why = textgen_blocked(a->s, st, where);
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
	char *names = textgen_names(chars), *ml, *lr, *sys;
	int i;

	for (i = 0; i < MOOD_COUNT; i++)
		buf_addf(&moods, "%s%s", i ? ", " : "", lex_mood_name(i));
	ml = buf_take(&moods);
	lr = textgen_language_rule(tag,
	    "The story is in %s: the narrations and the "
	    "lines' texts are copied from it exactly. Write description and "
	    "setting in English all the same, for the illustrator, with the "
	    "names as the story spells them; the emotions come from the list "
	    "below. The example is in English only to show the shape.");
	sys = xasprintf(segment_system, a->per, a->unit, SEGMENT_TARGET_SECONDS,
	    a->n, names, ml, lr, textgen_json_only);
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
	jv chars = textgen_get(ctx, "characters"), reply, scenes, narrs, segs;
	char *tag = textgen_tag(prefs);
	/* Lengths as the language counts them: words, or characters. */
	double wpm = lang_per_minute(tag, json_num(textgen_get(prefs,
	    "narration_wpm"),
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
	cast = textgen_dump(chars);
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
	scenes = textgen_get(reply, "scenes");
	narrs = jv_array();
	jv_array_foreach(scenes, k, sc) {
		(void)k;
		narrs = jv_array_append(narrs, textgen_get(sc, "narration"));
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
			jv nv = textgen_get(sc, "narration");
			char *narr = text_squeeze(json_str(nv));

			segs = jv_array_append(segs, model_scene(ctx, sc, k + 1,
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
