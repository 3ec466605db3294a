#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/text.h"
#include "core/util.h"
#include "story/design.h"
#include "story/sheet.h"

int
sheet_enabled(char **err)
{
	const char *v = getenv("MV_IMAGE_SHEETS");

	if (v == NULL || *v == '\0' || strcmp(v, "1") == 0)
		return 1;
	if (strcmp(v, "0") == 0)
		return 0;
	*err = xasprintf("MV_IMAGE_SHEETS: expected 0 or 1, got '%.40s'", v);
	return -1;
}

/* The file name of name: see sheet.h. */
static char *
fold(const char *name, size_t nth)
{
	const char *p;

	for (p = name; *p; p++)
		if (isalnum((unsigned char)*p) && (unsigned char)*p < 0x80)
			return text_slug(name, 40);
	return xasprintf("character-%zu", nth);
}

/* The reference_image the brief gave the character named nm in given
 * (all borrowed), or jv_null(). */
static jv
given_picture(jv given, jv nm)
{
	jv out = jv_null();

	if (jv_get_kind(given) == JV_KIND_ARRAY)
		jv_array_foreach(given, i, g) {
			jv n = jv_object_get(jv_copy(g), jv_string("name"));

			(void)i;
			if (jv_get_kind(out) != JV_KIND_NULL)
				jv_free(n);
			else if (jv_equal(n, jv_copy(nm))) {
				out = jv_object_get(jv_copy(g),
				    jv_string("reference_image"));
				if (jv_get_kind(out) != JV_KIND_STRING) {
					jv_free(out);
					out = jv_null();
				}
			}
			jv_free(g);
		}
	return out;
}

jv
sheet_assign(jv chars, jv given)
{
	jv out = jv_array(), taken = jv_object();

	jv_array_foreach(chars, i, ch) {
		jv nm = jv_object_get(jv_copy(ch), jv_string("name"));
		jv src = given_picture(given, nm);
		char *base = fold(json_str(nm), (size_t)i + 1), *name, *rel;
		int k;

		name = xstrdup(base);
		for (k = 2; jv_object_has(jv_copy(taken), jv_string(name)); k++) {
			free(name);
			name = xasprintf("%s-%d", base, k);
		}
		taken = jv_object_set(taken, jv_string(name), jv_true());
		rel = xasprintf("characters/%s.png", name);
		/* The brief's own picture, when it gave one, is the sheet's
		 * source; reference_image names the sheet. */
		if (jv_get_kind(src) == JV_KIND_STRING)
			ch = jv_object_set(ch, jv_string("reference_source"),
			    jv_copy(src));
		ch = jv_object_set(ch, jv_string("sheet"), jv_string(name));
		ch = jv_object_set(ch, jv_string("reference_image"),
		    jv_string(rel));
		out = jv_array_append(out, ch);
		free(base);
		free(name);
		free(rel);
		jv_free(nm);
		jv_free(src);
	}
	jv_free(chars);
	jv_free(taken);
	return out;
}

jv
sheet_find(jv chars, const char *name)
{
	jv out = jv_null();

	if (jv_get_kind(chars) == JV_KIND_ARRAY)
		jv_array_foreach(chars, i, ch) {
			jv s = jv_object_get(jv_copy(ch), jv_string("sheet"));

			(void)i;
			if (jv_get_kind(out) == JV_KIND_NULL &&
			    strcmp(json_str(s), name) == 0)
				out = jv_copy(ch);
			jv_free(s);
			jv_free(ch);
		}
	return out;
}

/* A hash of the bytes of path, as 16 hex digits; an invalid naming the
 * file when it cannot be read. */
static jv
file_hash(const char *path)
{
	char *buf, *err;
	size_t len;
	jv out;

	if (read_all(path, 64u << 20, &buf, &len, &err) < 0) {
		out = jv_invalid_with_msg(jv_string_fmt("reference_image: %s",
		    err));
		free(err);
		return out;
	}
	out = jv_string_fmt("%016llx", (unsigned long long)hash64(buf, len,
	    0x5ee7));
	free(buf);
	return out;
}

jv
sheet_request(jv ch, jv chars, jv prefs, const struct conf *c)
{
	jv name = jv_object_get(jv_copy(ch), jv_string("name"));
	jv look = jv_object_get(jv_copy(ch), jv_string("look"));
	jv sheet = jv_object_get(jv_copy(ch), jv_string("sheet"));
	jv src = jv_object_get(jv_copy(ch), jv_string("reference_source"));
	jv style = jv_object_get(jv_copy(prefs), jv_string("art_style"));
	jv seg, req;

	/* The character alone in a scene of its own: the offline painter
	 * draws it whole on a plain background ("sheet": true). */
	seg = JV_OBJECT(jv_string("scene"), jv_number(0),
	    jv_string("characters"), JV_ARRAY(jv_copy(name)),
	    jv_string("narration"), jv_string(""),
	    jv_string("setting"), jv_string(""));
	req = design_request(seg, chars, prefs, SHEET_SIZE, SHEET_SIZE,
	    c->provider);
	jv_free(seg);
	req = jv_object_set(req, jv_string("scene"), jv_null());
	req = jv_object_delete(req, jv_string("caption"));
	req = jv_object_delete(req, jv_string("mood"));
	req = jv_object_set(req, jv_string("sheet"), jv_true());
	req = jv_object_set(req, jv_string("name"), sheet);
	req = jv_object_set(req, jv_string("character"), jv_copy(name));
	/* The look begins with the name ("Pip, a mouse who ..."). */
	req = jv_object_set(req, jv_string("prompt"), jv_string_fmt(
	    "Character reference sheet for a children's picture book: %s. "
	    "The whole body from head to feet, standing, facing the viewer, "
	    "alone on a plain white background, no other figures, no text. "
	    "Art style: %s.", jv_get_kind(look) == JV_KIND_STRING ?
	    json_str(look) : json_str(name),
	    jv_get_kind(style) == JV_KIND_STRING ? json_str(style) :
	    "storybook illustration"));
	if (jv_get_kind(src) == JV_KIND_STRING) {
		jv h = file_hash(json_str(src));

		if (!jv_is_valid(h)) {
			jv_free(req);
			req = h;
		} else {
			req = jv_object_set(req, jv_string("source"),
			    jv_copy(src));
			req = jv_object_set(req, jv_string("source_hash"), h);
		}
	}
	jv_free(name);
	jv_free(look);
	jv_free(src);
	jv_free(style);
	return req;
}

jv
sheet_cast(jv seg, jv chars)
{
	jv names = jv_object_get(jv_copy(seg), jv_string("characters"));
	jv out = jv_array();

	if (jv_get_kind(names) == JV_KIND_ARRAY &&
	    jv_get_kind(chars) == JV_KIND_ARRAY)
		jv_array_foreach(names, i, nm) {
			(void)i;
			jv_array_foreach(chars, k, ch) {
				jv n = jv_object_get(jv_copy(ch),
				    jv_string("name"));

				(void)k;
				if (jv_equal(n, jv_copy(nm)))
					out = jv_array_append(out, ch);
				else
					jv_free(ch);
			}
			jv_free(nm);
		}
	jv_free(names);
	return out;
}

jv
sheet_refs(jv seg, jv chars)
{
	jv cast = sheet_cast(seg, chars), out = jv_array();

	jv_array_foreach(cast, i, ch) {
		jv img = jv_object_get(jv_copy(ch), jv_string("reference_image"));

		(void)i;
		if (jv_get_kind(img) == JV_KIND_STRING)
			out = jv_array_append(out, JV_OBJECT(jv_string("name"),
			    jv_object_get(jv_copy(ch), jv_string("name")),
			    jv_string("image"), img));
		else
			jv_free(img);
		jv_free(ch);
	}
	jv_free(cast);
	return out;
}
