/*
 * textgen.c - what every model-written text step's prompt says and logs
 * (see textgen.h).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/lang.h"
#include "core/text.h"
#include "core/util.h"
#include "story/textgen.h"

/* Shared pieces of the prompts. */
const char textgen_json_only[] =
    "Reply with one JSON object and nothing else: no prose before or after "
    "it, no code fences, no comments.";

jv
textgen_get(jv obj, const char *key)
{
	return jv_get_kind(obj) == JV_KIND_OBJECT ?
	    jv_object_get(jv_copy(obj), jv_string(key)) : jv_invalid();
}

/* obj.key when it is a string with some non-space text, squeezed;
 * else NULL. malloc'd. */
char *
textgen_str(jv obj, const char *key)
{
	jv v = textgen_get(obj, key);
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
char *
textgen_dump(jv v)
{
	jv s = jv_dump_string(jv_copy(v), JV_PRINT_INDENT_FLAGS(2));
	char *out = xstrdup(jv_string_value(s));

	jv_free(s);
	return out;
}

/* The names of chars (borrowed) as "A, B and C", malloc'd. */
char *
textgen_names(jv chars)
{
	struct buf b = { 0 };
	int n = jv_get_kind(chars) == JV_KIND_ARRAY ?
	    jv_array_length(jv_copy(chars)) : 0;

	if (n == 0)
		return xstrdup("");
	jv_array_foreach(chars, i, c) {
		jv nm = textgen_get(c, "name");

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
char *
textgen_blocked(const struct safety *s, const char *text, const char *where)
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
	jv v = textgen_get(prefs, "strict");
	int strict = (e != NULL && strcmp(e, "1") == 0) ||
	    jv_get_kind(v) == JV_KIND_TRUE;

	jv_free(v);
	return strict;
}

/* The language tag of prefs (borrowed), malloc'd: "en" by default. */
char *
textgen_tag(jv prefs)
{
	jv v = textgen_get(prefs, "language");
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
char *
textgen_language_rule(const char *tag, const char *rest)
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
