#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "lang.h"
#include "lexicon.h"
#include "referent.h"
#include "lines.h"
#include "segment.h"
#include "text.h"
#include "util.h"

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
