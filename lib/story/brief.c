#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "core/state.h"
#include "core/text.h"
#include "core/util.h"
#include "media/media.h"
#include "offline/lexicon.h"
#include "services/llm.h"
#include "story/brief.h"
#include "story/textgen.h"

#define MAX_QUERY 200

#define STR KIND(JV_KIND_STRING)

static jv
bad(const char *path, const char *want, const char *got)
{
	return jv_invalid_with_msg(jv_string_fmt("%s: expected %s, got %s",
	    path, want, got));
}

/* Whether s holds a C0 control character or DEL. */
static int
has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

/*
 * Gets a string field of obj (borrowed), squeezed of surrounding and
 * repeated white space; required ones must not be empty. Returns the
 * string, jv_null() for an absent optional one, or an invalid.
 */
static jv
text_field(jv obj, const char *path, const char *key, int required,
    size_t max)
{
	jv v = state_field(obj, path, key, STR, "a string", required);
	char *s, *p;

	if (!jv_is_valid(v) || jv_get_kind(v) == JV_KIND_NULL)
		return v;
	p = text_squeeze(jv_string_value(v));
	jv_free(v);
	/* Stored composed (NFC), so that one name is one byte string. */
	s = text_nfc(p);
	free(p);
	p = *path ? xasprintf("%s.%s", path, key) : xstrdup(key);
	if (*s == '\0') {
		v = bad(p, "a non-empty string", "an empty one");
	} else if (has_control(s)) {
		/* White space was squeezed to spaces; what is left (an
		 * escape, a bell) would reach terminals and subtitles. */
		v = bad(p, "text without control characters",
		    "one (such as an escape)");
	} else if (strlen(s) > max) {
		char got[64];

		snprintf(got, sizeof got, "%zu bytes", strlen(s));
		v = jv_invalid_with_msg(jv_string_fmt("%s: expected at most "
		    "%zu bytes, got %s", p, max, got));
	} else
		v = jv_string(s);
	free(s);
	free(p);
	return v;
}

static jv
traits_of(jv c, const char *path)
{
	jv t = state_field(c, path, "traits", STR | KIND(JV_KIND_ARRAY),
	    "an array of strings", 0);
	jv out = jv_array();
	int i = 0;

	if (!jv_is_valid(t)) {
		jv_free(out);
		return t;
	}
	if (jv_get_kind(t) == JV_KIND_STRING) {
		/* "brave, curious" is taken as two traits. */
		jv parts = jv_string_split(t, jv_string(","));

		t = parts;
	}
	if (jv_get_kind(t) == JV_KIND_ARRAY) {
		jv_array_foreach(t, j, x) {
			char *p = xasprintf("%s.traits[%d]", path, j);

			if (jv_get_kind(x) != JV_KIND_STRING) {
				jv e = bad(p, "a string",
				    jv_kind_name(jv_get_kind(x)));

				free(p);
				jv_free(x);
				jv_free(t);
				jv_free(out);
				return e;
			}
			char *s = text_squeeze(jv_string_value(x));
			jv e = jv_null();

			jv_free(x);
			if (strlen(s) > BRIEF_MAX_NAME)
				e = jv_invalid_with_msg(jv_string_fmt("%s: "
				    "expected at most %d bytes, got %zu bytes",
				    p, BRIEF_MAX_NAME, strlen(s)));
			else if (*s != '\0' && i == BRIEF_MAX_TRAITS)
				e = jv_invalid_with_msg(jv_string_fmt("%s.traits:"
				    " expected at most %d traits, got more",
				    path, BRIEF_MAX_TRAITS));
			else if (*s != '\0') {
				out = jv_array_append(out, jv_string(s));
				i++;
			}
			free(s);
			free(p);
			if (!jv_is_valid(e)) {
				jv_free(t);
				jv_free(out);
				return e;
			}
		}
	}
	jv_free(t);
	return out;
}

/* The name of cs[i] as typed, squeezed (cs borrowed); malloc'd. */
static char *
typed_name(jv cs, int i)
{
	jv n = jv_object_get(jv_array_get(jv_copy(cs), i), jv_string("name"));
	char *s = text_squeeze(jv_string_value(n));

	jv_free(n);
	return s;
}

/*
 * Whether name (borrowed), character i's, clashes with one of the
 * characters before it (out, borrowed, normalised; cs, borrowed, as
 * given): the same name, or one that looks like it (the same after case
 * folding and without invisible characters). Returns jv_null() or an
 * invalid that shows both spellings.
 */
static jv
name_clash(jv cs, jv out, int i, jv name)
{
	char *key = text_name_key(jv_string_value(name));
	char *a = typed_name(cs, i);
	jv e = jv_null();

	jv_array_foreach(out, k, o) {
		jv on = jv_object_get(o, jv_string("name"));
		char *ok = text_name_key(jv_string_value(on));
		char *b = typed_name(cs, k);

		if (jv_get_kind(e) != JV_KIND_NULL || strcmp(ok, key) != 0)
			;
		else if (strcmp(a, b) == 0) {
			char *d = xasprintf("context.characters[%d].name", i);
			char *w = xasprintf("a name not used by "
			    "context.characters[%d]", k);

			e = bad(d, w, "a duplicate");
			free(d);
			free(w);
		} else {
			char *sa = text_show(a), *sb = text_show(b);

			e = jv_invalid_with_msg(jv_string_fmt(
			    "context.characters[%d].name: \"%s\" looks like "
			    "context.characters[%d].name \"%s\"", i, sa, k,
			    sb));
			free(sa);
			free(sb);
		}
		free(b);
		free(ok);
		jv_free(on);
	}
	free(a);
	free(key);
	return e;
}

/*
 * The reference picture a brief gives a character (ref, consumed; at
 * path): a file that is there and is a PNG, JPEG, WebP or GIF within the
 * pixel limits, as an absolute path (a relative one is from where the
 * program runs: the project's folder under make), or an invalid naming
 * the field.
 */
static jv
reference_of(const char *path, jv ref)
{
	char *p = xasprintf("%s.reference_image", path), *abs, *why;
	unsigned char head[64];
	const char *kind;
	size_t n = 0;
	FILE *f;
	jv out;

	abs = realpath(jv_string_value(ref), NULL);
	f = abs != NULL ? fopen(abs, "rb") : NULL;
	if (f == NULL) {
		out = jv_invalid_with_msg(jv_string_fmt("%s: '%s': %s", p,
		    jv_string_value(ref), strerror(errno)));
		goto out;
	}
	n = fread(head, 1, sizeof head, f);
	fclose(f);
	kind = media_sniff(head, n, 0);
	if (kind == NULL || (strcmp(kind, "png") != 0 && strcmp(kind, "jpg")
	    != 0 && strcmp(kind, "webp") != 0 && strcmp(kind, "gif") != 0))
		out = jv_invalid_with_msg(jv_string_fmt("%s: '%s': expected a "
		    "PNG, JPEG, WebP or GIF picture, got %s", p,
		    jv_string_value(ref), kind ? kind : "something else"));
	else if (media_image_file_check(abs, &why) < 0) {
		out = jv_invalid_with_msg(jv_string_fmt("%s: %s", p, why));
		free(why);
	} else
		out = jv_string(abs);
out:
	free(abs);
	free(p);
	jv_free(ref);
	return out;
}

static int voice_ok(const char *s);

/* A character's own voice (c.voice, optional): null when fine or absent,
 * else an invalid with a message naming the field. */
static jv
voice_of(jv c, const char *path)
{
	jv v = text_field(c, path, "voice", 0, 40);

	if (!jv_is_valid(v))
		return v;
	if (jv_get_kind(v) == JV_KIND_STRING && !voice_ok(jv_string_value(v))) {
		jv_free(v);
		return jv_invalid_with_msg(jv_string_fmt("%s.voice: expected "
		    "a voice name of letters, digits, '-', '_' or '+', got "
		    "another string", path));
	}
	jv_free(v);
	return jv_null();
}

static jv
characters_of(jv ctx)
{
	jv cs = state_field(ctx, "context", "characters",
	    KIND(JV_KIND_ARRAY), "a non-empty array of characters", 1);
	jv out = jv_array();
	int n;

	if (!jv_is_valid(cs)) {
		jv_free(out);
		return cs;
	}
	n = jv_array_length(jv_copy(cs));
	if (n == 0 || n > BRIEF_MAX_CHARACTERS) {
		char got[32];

		snprintf(got, sizeof got, "%d", n);
		jv_free(cs);
		jv_free(out);
		return jv_invalid_with_msg(jv_string_fmt("context.characters: "
		    "expected from 1 to %d characters, got %s",
		    BRIEF_MAX_CHARACTERS, got));
	}
	jv_array_foreach(cs, i, c) {
		char *p = xasprintf("context.characters[%d]", i);
		jv name, type, traits, ref, e = jv_null();

		if (jv_get_kind(c) != JV_KIND_OBJECT) {
			e = bad(p, "an object with name and type",
			    jv_kind_name(jv_get_kind(c)));
			goto next;
		}
		name = text_field(c, p, "name", 1, BRIEF_MAX_NAME);
		if (!jv_is_valid(name)) {
			e = name;
			goto next;
		}
		type = text_field(c, p, "type", 1, BRIEF_MAX_NAME);
		if (!jv_is_valid(type)) {
			jv_free(name);
			e = type;
			goto next;
		}
		traits = traits_of(c, p);
		if (!jv_is_valid(traits)) {
			jv_free(name);
			jv_free(type);
			e = traits;
			goto next;
		}
		ref = text_field(c, p, "reference_image", 0, 4096);
		if (jv_get_kind(ref) == JV_KIND_STRING)
			ref = reference_of(p, ref);
		if (!jv_is_valid(ref)) {
			jv_free(name);
			jv_free(type);
			jv_free(traits);
			e = ref;
			goto next;
		}
		if (jv_get_kind(ref) == JV_KIND_STRING)
			c = jv_object_set(c, jv_string("reference_image"), ref);
		else
			jv_free(ref);
		e = name_clash(cs, out, i, name);
		if (jv_get_kind(e) == JV_KIND_NULL)
			e = voice_of(c, p);
		if (jv_get_kind(e) != JV_KIND_NULL) {
			jv_free(name);
			jv_free(type);
			jv_free(traits);
			goto next;
		}
		c = jv_object_set(c, jv_string("name"), name);
		c = jv_object_set(c, jv_string("type"), type);
		c = jv_object_set(c, jv_string("traits"), traits);
		out = jv_array_append(out, jv_copy(c));
next:
		free(p);
		jv_free(c);
		if (jv_get_kind(e) != JV_KIND_NULL) {
			jv_free(cs);
			jv_free(out);
			return e;
		}
	}
	jv_free(cs);
	return out;
}

static jv
age_group_of(jv ctx)
{
	jv v = state_field(ctx, "context", "age_group", STR,
	    "a range like \"6-8\"", 0);
	int a, b, n = 0;
	const char *s;

	if (!jv_is_valid(v))
		return v;
	if (jv_get_kind(v) == JV_KIND_NULL)
		return jv_string("6-8");
	s = jv_string_value(v);
	if (sscanf(s, "%d-%d%n", &a, &b, &n) == 2 && s[n] == '\0' &&
	    isdigit((unsigned char)s[0]) && a >= 1 && a <= b && b <= 18) {
		jv_free(v);
		return jv_string_fmt("%d-%d", a, b);
	}
	jv_free(v);
	return jv_invalid_with_msg(jv_string("context.age_group: expected a "
	    "range of ages from 1 to 18 like \"6-8\", got another string"));
}

/* An integer field in [lo, hi] with a default; messages name the field. */
static jv
int_field(jv obj, const char *path, const char *key, int lo, int hi,
    int dflt)
{
	char want[64];
	jv v;
	double d;

	snprintf(want, sizeof want, "an integer from %d to %d", lo, hi);
	v = state_field(obj, path, key, KIND(JV_KIND_NUMBER), want, 0);
	if (!jv_is_valid(v))
		return v;
	if (jv_get_kind(v) == JV_KIND_NULL)
		return jv_number(dflt);
	d = jv_number_value(v);
	if (d < lo || d > hi || d != floor(d)) {
		char got[40];

		snprintf(got, sizeof got, "%.17g", d);
		jv_free(v);
		v = jv_invalid_with_msg(jv_string_fmt("%s.%s: expected %s, "
		    "got %s", path, key, want, got));
	}
	return v;
}

/* A topic when the brief has none: the plot's first sentence, or one
 * built from the theme in the words of the language tag. */
static jv
derive_topic(jv ctx, const char *tag)
{
	jv plot = jv_object_get(jv_copy(ctx), jv_string("plot"));
	jv theme = jv_object_get(jv_copy(ctx), jv_string("theme"));
	struct span *sp = NULL;
	jv out;

	if (jv_get_kind(plot) == JV_KIND_STRING &&
	    text_sentences(jv_string_value(plot), &sp) > 0) {
		const char *s = jv_string_value(plot);
		char *first = xasprintf("%.*s", (int)sp[0].len, s + sp[0].off);
		size_t n = strlen(first);
		char *clip;

		while (n > 0 && (first[n - 1] == '.' || first[n - 1] == '!' ||
		    first[n - 1] == '?'))
			first[--n] = '\0';
		/* (The CJK full stop and marks, U+3002, U+FF01, U+FF1F.) */
		while (n >= 3 && (strcmp(first + n - 3, "\xe3\x80\x82") == 0 ||
		    strcmp(first + n - 3, "\xef\xbc\x81") == 0 ||
		    strcmp(first + n - 3, "\xef\xbc\x9f") == 0))
			first[n -= 3] = '\0';
		clip = text_clip(first, 120);
		out = jv_string(clip);
		free(clip);
		free(first);
	} else {
		int fb;

		out = jv_string_fmt(lang_get(tag, &fb)->about,
		    json_str(theme));
	}
	free(sp);
	jv_free(plot);
	jv_free(theme);
	return out;
}

static jv
context_of(jv brief)
{
	static const struct {
		const char *key;
		int required;
		size_t max;
	} texts[] = {
		{ "theme", 1, BRIEF_MAX_FIELD },
		{ "setting", 1, BRIEF_MAX_FIELD },
		{ "moral_lesson", 1, BRIEF_MAX_FIELD },
		{ "topic", 0, BRIEF_MAX_FIELD },
		{ "story_tale", 0, BRIEF_MAX_FIELD },
		{ "plot", 0, BRIEF_MAX_PLOT },
	};
	jv ctx = state_field(brief, "", "context", KIND(JV_KIND_OBJECT),
	    "an object", 1);
	jv v;
	size_t i;

	if (!jv_is_valid(ctx))
		return ctx;
	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		v = text_field(ctx, "context", texts[i].key, texts[i].required,
		    texts[i].max);
		if (!jv_is_valid(v))
			goto fail;
		if (jv_get_kind(v) == JV_KIND_NULL)
			ctx = jv_object_delete(ctx, jv_string(texts[i].key));
		else
			ctx = jv_object_set(ctx, jv_string(texts[i].key), v);
		if (i == 2) {
			/* Characters are checked after the three required
			 * strings, in the order of DESIGN.md. */
			v = characters_of(ctx);
			if (!jv_is_valid(v))
				goto fail;
			ctx = jv_object_set(ctx, jv_string("characters"), v);
		}
	}
	v = age_group_of(ctx);
	if (!jv_is_valid(v))
		goto fail;
	ctx = jv_object_set(ctx, jv_string("age_group"), v);
	v = int_field(ctx, "context", "duration_minutes", 1, 10, 3);
	if (!jv_is_valid(v))
		goto fail;
	ctx = jv_object_set(ctx, jv_string("duration_minutes"), v);
	return ctx;
fail:
	jv_free(ctx);
	return v;
}

static int
voice_ok(const char *s)
{
	size_t n = 0;

	for (; s[n]; n++)
		if (!isalnum((unsigned char)s[n]) && s[n] != '-' &&
		    s[n] != '_' && s[n] != '+')
			return 0;
	return n > 0 && n <= 40 && s[0] != '-';
}

/* preferences.language of p (borrowed): a BCP 47 tag in its canonical
 * case, "en" when absent, or an invalid naming the field. */
static jv
language_of(jv p)
{
	jv v = text_field(p, "preferences", "language", 0, 64);
	char *c;

	if (!jv_is_valid(v))
		return v;
	if (jv_get_kind(v) == JV_KIND_NULL)
		return jv_string("en");
	if (!lang_tag_ok(jv_string_value(v))) {
		jv e = jv_invalid_with_msg(jv_string_fmt("preferences.language: "
		    "expected a BCP 47 language tag such as en, es, pt-BR or "
		    "zh-Hans, got '%.40s'", jv_string_value(v)));

		jv_free(v);
		return e;
	}
	c = lang_canonical(jv_string_value(v));
	jv_free(v);
	v = jv_string(c);
	free(c);
	return v;
}

static jv
preferences_of(jv brief)
{
	jv p = state_field(brief, "", "preferences", KIND(JV_KIND_OBJECT),
	    "an object", 0);
	jv v;

	if (!jv_is_valid(p))
		return p;
	if (jv_get_kind(p) == JV_KIND_NULL)
		p = jv_object();
	v = text_field(p, "preferences", "art_style", 0, BRIEF_MAX_NAME);
	if (!jv_is_valid(v))
		goto fail;
	p = jv_object_set(p, jv_string("art_style"),
	    jv_get_kind(v) == JV_KIND_NULL ? jv_string("cartoon") : v);
	v = state_field(p, "preferences", "narration", KIND_BOOL,
	    "true or false", 0);
	if (!jv_is_valid(v))
		goto fail;
	p = jv_object_set(p, jv_string("narration"),
	    jv_get_kind(v) == JV_KIND_NULL ? jv_true() : v);
	v = state_field(p, "preferences", "music", KIND_BOOL | STR,
	    "true, false or a file name", 0);
	if (!jv_is_valid(v))
		goto fail;
	p = jv_object_set(p, jv_string("music"),
	    jv_get_kind(v) == JV_KIND_NULL ? jv_false() : v);
	v = text_field(p, "preferences", "music_mood", 0, BRIEF_MAX_NAME);
	if (!jv_is_valid(v))
		goto fail;
	if (jv_get_kind(v) == JV_KIND_STRING)
		p = jv_object_set(p, jv_string("music_mood"), v);
	v = text_field(p, "preferences", "color_palette", 0, BRIEF_MAX_FIELD);
	if (!jv_is_valid(v))
		goto fail;
	if (jv_get_kind(v) == JV_KIND_STRING)
		p = jv_object_set(p, jv_string("color_palette"), v);
	v = language_of(p);
	if (!jv_is_valid(v))
		goto fail;
	p = jv_object_set(p, jv_string("language"), v);
	v = text_field(p, "preferences", "voice", 0, 40);
	if (!jv_is_valid(v))
		goto fail;
	if (jv_get_kind(v) == JV_KIND_NULL) {
		/* espeak-ng's voice for the language: the table's, else
		 * the one espeak-ng has; English's when there is none
		 * (brief_narrator_check then refuses an offline run). */
		jv tag = jv_object_get(jv_copy(p), jv_string("language"));
		char *ev = lang_is_english(jv_string_value(tag)) ? NULL :
		    lang_offline_voice(jv_string_value(tag));

		v = jv_string(ev != NULL ? ev : "en-us");
		free(ev);
		jv_free(tag);
	}
	if (!voice_ok(jv_string_value(v))) {
		jv_free(v);
		v = jv_invalid_with_msg(jv_string("preferences.voice: expected "
		    "a voice name of letters, digits, '-', '_' or '+', got "
		    "another string"));
		goto fail;
	}
	p = jv_object_set(p, jv_string("voice"), v);
	v = int_field(p, "preferences", "narration_wpm", 80, 300, 150);
	if (!jv_is_valid(v))
		goto fail;
	p = jv_object_set(p, jv_string("narration_wpm"), v);
	return p;
fail:
	jv_free(p);
	return v;
}

jv
brief_normalise(jv brief)
{
	jv ctx, prefs;

	ctx = context_of(brief);
	if (!jv_is_valid(ctx))
		return ctx;
	prefs = preferences_of(brief);
	if (!jv_is_valid(prefs)) {
		jv_free(ctx);
		return prefs;
	}
	if (!jv_object_has(jv_copy(ctx), jv_string("topic"))) {
		jv tag = jv_object_get(jv_copy(prefs), jv_string("language"));

		ctx = jv_object_set(ctx, jv_string("topic"), derive_topic(ctx,
		    jv_string_value(tag)));
		jv_free(tag);
	}
	return JV_OBJECT(jv_string("context"), ctx, jv_string("preferences"),
	    prefs);
}

static jv
add_query(jv qs, jv q)
{
	jv_array_foreach(qs, i, x) {
		(void)i;
		if (jv_equal(x, jv_copy(q))) {
			jv_free(q);
			return qs;
		}
	}
	return jv_array_append(qs, q);
}

jv
brief_queries(jv ctx)
{
	jv qs = jv_array();
	jv theme = jv_object_get(jv_copy(ctx), jv_string("theme"));
	jv setting = jv_object_get(jv_copy(ctx), jv_string("setting"));
	jv tale = jv_object_get(jv_copy(ctx), jv_string("story_tale"));
	jv age = jv_object_get(jv_copy(ctx), jv_string("age_group"));
	jv cs = jv_object_get(jv_copy(ctx), jv_string("characters"));

	qs = add_query(qs, jv_string_fmt("%s moral stories for children "
	    "aged %s", json_str(theme), json_str(age)));
	qs = add_query(qs, jv_string_fmt("%s facts for kids",
	    json_str(setting)));
	if (jv_get_kind(tale) == JV_KIND_STRING)
		qs = add_query(qs, jv_string_fmt("%s tales about %s",
		    json_str(tale), json_str(theme)));
	if (jv_get_kind(cs) == JV_KIND_ARRAY)
		jv_array_foreach(cs, i, c) {
			jv t = jv_object_get(c, jv_string("type"));

			(void)i;
			if (jv_array_length(jv_copy(qs)) < 5 &&
			    jv_get_kind(t) == JV_KIND_STRING &&
			    lex_body(json_str(t)) != 0 &&
			    lex_body(json_str(t)) != 8)
				qs = add_query(qs, jv_string_fmt("%s "
				    "appearance and behaviour", json_str(t)));
			jv_free(t);
		}
	jv_free(theme);
	jv_free(setting);
	jv_free(tale);
	jv_free(age);
	jv_free(cs);
	return qs;
}

char *
brief_narrator_check(jv brief, jv norm, const char *tts)
{
	jv prefs = jv_object_get(jv_copy(norm), jv_string("preferences"));
	jv tag = jv_object_get(jv_copy(prefs), jv_string("language"));
	jv on = jv_object_get(jv_copy(prefs), jv_string("narration"));
	jv bp = jv_get_kind(brief) == JV_KIND_OBJECT ? jv_object_get(
	    jv_copy(brief), jv_string("preferences")) : jv_null();
	const char *t = json_str(tag);
	char *why = NULL, *voice = NULL;
	int named = jv_get_kind(bp) == JV_KIND_OBJECT &&
	    jv_object_has(jv_copy(bp), jv_string("voice"));

	/* Only the offline narrators are limited: flite speaks English,
	 * espeak-ng the languages it has a voice for. A service's
	 * multilingual model speaks the others. */
	if (jv_get_kind(on) != JV_KIND_FALSE && !named && !lang_is_english(t) &&
	    (tts == NULL || strcmp(tts, "flite") == 0 ||
	    strcmp(tts, "espeak") == 0) &&
	    (voice = lang_offline_voice(t)) == NULL)
		why = xasprintf("preferences.language: no offline narrator "
		    "speaks '%s' (flite speaks English; espeak-ng has no voice "
		    "for it): set MV_TTS=openai or MV_TTS=elevenlabs (a speech "
		    "service), preferences.voice (an espeak-ng voice), or "
		    "preferences.narration to false", t);
	free(voice);
	jv_free(prefs);
	jv_free(tag);
	jv_free(on);
	jv_free(bp);
	return why;
}

/* ---------------------------------------------------------------- */
/* The model's half of analyze (textgen_analyze). */

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
	jv ctx = textgen_get(norm, "context"), rc = textgen_get(reply,
	    "context");
	jv rchars = textgen_get(rc, "characters"), chars = textgen_get(ctx,
	    "characters");
	jv out = jv_array(), brief, res;
	int i;

	for (i = 0; edited[i] != NULL; i++) {
		char *s = textgen_str(rc, edited[i]);

		if (s != NULL)
			ctx = jv_object_set(ctx, jv_string(edited[i]),
			    jv_string(s));
		free(s);
	}
	jv_array_foreach(chars, k, c) {
		jv r = jv_get_kind(rchars) == JV_KIND_ARRAY ?
		    jv_array_get(jv_copy(rchars), k) : jv_invalid();
		char *t = textgen_str(r, "type");
		jv traits = textgen_get(r, "traits");

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
	    jv_string("preferences"), textgen_get(norm, "preferences"));
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
	jv rc = textgen_get(obj, "context"), qs = textgen_get(obj,
	    "search_queries");
	jv rchars = textgen_get(rc, "characters"), ctx = textgen_get(norm,
	    "context");
	jv chars = textgen_get(ctx, "characters"), merged;
	int i, n, nq;

	*why = NULL;
	if (jv_get_kind(rc) != JV_KIND_OBJECT)
		*why = xstrdup("\"context\" is missing or not an object");
	for (i = 0; *why == NULL && i < 3; i++) {
		char *s = textgen_str(rc, edited[i]);

		if (s == NULL)
			*why = xasprintf("context.%s: expected a non-empty "
			    "string", edited[i]);
		free(s);
	}
	n = jv_array_length(jv_copy(chars));
	if (*why == NULL && (jv_get_kind(rchars) != JV_KIND_ARRAY ||
	    jv_array_length(jv_copy(rchars)) != n)) {
		char *names = textgen_names(chars);

		*why = xasprintf("context.characters: expected the brief's %d "
		    "characters, %s, in order", n, names);
		free(names);
	}
	for (i = 0; *why == NULL && i < n; i++) {
		jv c = jv_array_get(jv_copy(chars), i);
		jv r = jv_array_get(jv_copy(rchars), i);
		jv nm = textgen_get(c, "name"), rn = textgen_get(r, "name");
		jv tr = textgen_get(r, "traits");

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
	jv ctx = textgen_get(norm, "context"), reply, merged, qs = jv_array();
	char *brief = textgen_dump(ctx), *user, *sys;
	int rc;

	{
		jv prefs = textgen_get(norm, "preferences");
		char *tag = textgen_tag(prefs);
		char *lr = textgen_language_rule(tag, "Write in "
		    "%s. The story is told in that language: keep theme, "
		    "setting, moral_lesson, topic, types and traits in it, "
		    "as the brief writes them; names stay exactly as given. The "
		    "search queries may be in that language or in English, "
		    "whichever finds more for children.");

		sys = xasprintf("%s%s%s", analyze_system, lr,
		    textgen_json_only);
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
		jv rq = textgen_get(reply, "search_queries");

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
