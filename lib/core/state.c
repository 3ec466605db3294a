#include <sys/stat.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/atomic.h"
#include "core/msg.h"
#include "core/state.h"
#include "core/text.h"
#include "core/util.h"

const char *
state_name(const char *path)
{
	return path == NULL || strcmp(path, "-") == 0 ? "<stdin>" : path;
}

static jv
fail(const char *name, const char *fmt, const char *why)
{
	return jv_invalid_with_msg(jv_string_fmt(fmt, name, why));
}

/* Turns jv_parser's "Why at line L, column C" into "'file':L:C: why". */
static jv
parse_error(const char *name, jv inv)
{
	jv m = jv_invalid_get_msg(inv);
	const char *s = json_str(m), *at = strstr(s, " at line ");
	long line = 0, col = 0;
	jv out;

	if (at != NULL && sscanf(at, " at line %ld, column %ld", &line,
	    &col) == 2) {
		char *why = xasprintf("%.*s", (int)(at - s), s);

		if (why[0] >= 'A' && why[0] <= 'Z' && why[1] >= 'a' &&
		    why[1] <= 'z')
			why[0] += 'a' - 'A';
		out = jv_invalid_with_msg(jv_string_fmt("'%s':%ld:%ld: %s",
		    name, line, col, why));
		free(why);
	} else
		out = fail(name, "'%s': %s", s);
	jv_free(m);
	return out;
}

jv
state_read(const char *path)
{
	const char *name = state_name(path);
	char *buf, *err;
	size_t len;
	jv v;

	if (read_all(path, STATE_MAX_BYTES, &buf, &len, &err) < 0) {
		v = fail(name, "'%s': %s", err);
		free(err);
		return v;
	}
	v = state_parse(buf, len, name);
	free(buf);
	return v;
}

jv
state_parse(const char *buf, size_t len, const char *name)
{
	size_t bad, line, col;
	jv_parser *p;
	jv v, extra;

	if (len > STATE_MAX_BYTES)
		return jv_invalid_with_msg(jv_string_fmt("'%s': larger than "
		    "%u bytes", name, STATE_MAX_BYTES));
	if (text_check_utf8(buf, len, &bad) < 0) {
		text_position(buf, bad, &line, &col);
		return jv_invalid_with_msg(jv_string_fmt("'%s':%zu:%zu: %s",
		    name, line, col, buf[bad] == '\0' ? "NUL byte in input"
		    : "invalid UTF-8"));
	}
	if (json_prescan(buf, len, &bad) > STATE_MAX_VALUES)
		return jv_invalid_with_msg(jv_string_fmt("'%s': expected at "
		    "most %d JSON values (objects, arrays, members), got more",
		    name, STATE_MAX_VALUES));
	if (bad < len) {
		text_position(buf, bad, &line, &col);
		return jv_invalid_with_msg(jv_string_fmt("'%s':%zu:%zu: "
		    "expected ',' or ':' before this value", name, line,
		    col));
	}
	p = jv_parser_new(0);
	jv_parser_set_buf(p, buf, (int)len, 0);
	v = jv_parser_next(p);
	if (!jv_is_valid(v)) {
		if (jv_invalid_has_msg(jv_copy(v)))
			v = parse_error(name, v);
		else {
			jv_free(v);
			v = fail(name, "'%s': %s", "empty input, expected a "
			    "JSON object");
		}
		goto out;
	}
	extra = jv_parser_next(p);
	if (jv_is_valid(extra) || jv_invalid_has_msg(jv_copy(extra))) {
		jv_free(v);
		v = jv_is_valid(extra) ? fail(name, "'%s': %s", "more than "
		    "one JSON document") : parse_error(name, jv_copy(extra));
		jv_free(extra);
		goto out;
	}
	jv_free(extra);
	if (jv_get_kind(v) != JV_KIND_OBJECT) {
		jv k = jv_string(jv_kind_name(jv_get_kind(v)));

		jv_free(v);
		v = jv_invalid_with_msg(jv_string_fmt("'%s': expected a JSON "
		    "object at the top level, got %s", name, json_str(k)));
		jv_free(k);
	}
out:
	jv_parser_free(p);
	return v;
}

int
state_check(jv st, char **err)
{
	jv f = state_field(st, "", "format", KIND(JV_KIND_NUMBER), "a number",
	    1);

	if (!jv_is_valid(f)) {
		char *m = json_msg(f);

		*err = xasprintf("%s (is this an mv state? briefs go to "
		    "mv-analyze)", m);
		free(m);
		return -1;
	}
	if (jv_number_value(f) > STATE_FORMAT) {
		*err = xasprintf("format: expected version %d or older, got "
		    "%.17g (made by a newer mv?)", STATE_FORMAT,
		    jv_number_value(f));
		jv_free(f);
		return -1;
	}
	if (jv_number_value(f) < 1 ||
	    jv_number_value(f) != (int)jv_number_value(f)) {
		*err = xasprintf("format: expected a version number from 1 to "
		    "%d, got %.17g", STATE_FORMAT, jv_number_value(f));
		jv_free(f);
		return -1;
	}
	jv_free(f);
	return 0;
}

int
state_write(jv st, const char *path, char **err)
{
	jv s = jv_dump_string(st, STATE_DUMP_FLAGS);
	const char *d = jv_string_value(s);
	size_t n = strlen(d);
	int rc = 0;

	if (path == NULL || strcmp(path, "-") == 0) {
		if (fwrite(d, 1, n, stdout) != n || putchar('\n') == EOF) {
			*err = xasprintf("write error: %s", strerror(errno));
			rc = -1;
		}
	} else {
		char *all = xmalloc(n + 1);

		memcpy(all, d, n);
		all[n] = '\n';
		rc = atomic_write(path, all, n + 1, err);
		free(all);
	}
	jv_free(s);
	return rc;
}

static const char *
kind_word(jv v)
{
	return jv_kind_name(jv_get_kind(v));
}

jv
state_field(jv obj, const char *path, const char *key, unsigned kinds,
    const char *want, int required)
{
	const char *dot = *path ? "." : "";
	jv v;

	if (jv_get_kind(obj) != JV_KIND_OBJECT)
		return jv_invalid_with_msg(jv_string_fmt("%s: expected an "
		    "object, got %s", *path ? path : "top level",
		    kind_word(obj)));
	v = jv_object_get(jv_copy(obj), jv_string(key));
	if (!jv_is_valid(v) || jv_get_kind(v) == JV_KIND_NULL) {
		jv_free(v);
		if (!required)
			return jv_null();
		return jv_invalid_with_msg(jv_string_fmt("%s%s%s: missing, "
		    "expected %s", path, dot, key, want));
	}
	if (!(kinds & KIND(jv_get_kind(v)))) {
		jv m = jv_string_fmt("%s%s%s: expected %s, got %s", path, dot,
		    key, want, kind_word(v));

		jv_free(v);
		return jv_invalid_with_msg(m);
	}
	return v;
}

jv
state_need(jv st, const char *key, jv_kind kind, const char *producer)
{
	jv v = jv_object_get(jv_copy(st), jv_string(key));

	if (!jv_is_valid(v) || jv_get_kind(v) == JV_KIND_NULL) {
		jv_free(v);
		return jv_invalid_with_msg(jv_string_fmt("%s: missing (run %s "
		    "first)", key, producer));
	}
	if (jv_get_kind(v) != kind) {
		jv m = jv_string_fmt("%s: expected %s, got %s", key,
		    jv_kind_name(kind), kind_word(v));

		jv_free(v);
		return jv_invalid_with_msg(m);
	}
	return v;
}

void
step_clock_start(struct step_clock *c)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char *end;

	memset(c, 0, sizeof *c);
	clock_gettime(CLOCK_MONOTONIC, &c->mono);
	if (sde != NULL && *sde != '\0') {
		errno = 0;
		c->started = strtoll(sde, &end, 10);
		if (errno == 0 && *end == '\0') {
			c->fixed = 1;
			return;
		}
	}
	c->started = (long long)time(NULL);
}

jv
state_log(jv st, const struct step_clock *c, const char *provider,
    const char *model, jv extra)
{
	struct timespec now;
	double secs = 0;
	char when[21];
	jv e, log;

	if (!c->fixed) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		secs = (double)(now.tv_sec - c->mono.tv_sec) +
		    (double)(now.tv_nsec - c->mono.tv_nsec) / 1e9;
		secs = (double)(long long)(secs * 1000 + 0.5) / 1000;
	}
	iso8601(c->started, when);
	e = JV_OBJECT(jv_string("program"), jv_string(msg_prog()),
	    jv_string("version"), jv_string(MV_VERSION),
	    jv_string("provider"), jv_string(provider),
	    jv_string("model"), model ? jv_string(model) : jv_null(),
	    jv_string("started"), jv_string(when),
	    jv_string("seconds"), jv_number(secs));
	if (jv_get_kind(extra) == JV_KIND_OBJECT)
		e = jv_object_merge(e, extra);
	else
		jv_free(extra);
	log = jv_object_get(jv_copy(st), jv_string("log"));
	if (jv_get_kind(log) != JV_KIND_ARRAY) {
		jv_free(log);
		log = jv_array();
	}
	log = jv_array_append(log, e);
	return jv_object_set(st, jv_string("log"), log);
}

jv
state_segment(jv segs, int no)
{
	jv seg = jv_null();

	if (jv_get_kind(segs) != JV_KIND_ARRAY)
		return seg;
	jv_array_foreach(segs, i, x) {
		(void)i;
		if (jv_get_kind(seg) == JV_KIND_NULL &&
		    jv_get_kind(x) == JV_KIND_OBJECT &&
		    json_num(jv_object_get(jv_copy(x), jv_string("scene")),
		    0) == no)
			seg = jv_copy(x);
		jv_free(x);
	}
	return seg;
}

int
state_export_named(jv reqs, jv names, const char *dir, const char *sub,
    char **err)
{
	struct buf index = { 0 };
	char *path;
	int rc = 0;

	jv_array_foreach(reqs, i, req) {
		jv name = jv_array_get(jv_copy(names), i);
		jv s = jv_dump_string(req, STATE_DUMP_FLAGS);
		char *text = xasprintf("%s\n", jv_string_value(s));

		path = xasprintf("%s/%s/%s.json", dir, sub, json_str(name));
		if (rc == 0 && atomic_update(path, text, strlen(text), err) < 0)
			rc = -1;
		buf_addf(&index, "%s\n", json_str(name));
		free(path);
		free(text);
		jv_free(s);
		jv_free(name);
	}
	jv_free(reqs);
	jv_free(names);
	if (rc == 0) {
		path = xasprintf("%s/%s/index", dir, sub);
		rc = atomic_write(path, index.s ? index.s : "", index.len,
		    err);
		free(path);
	}
	free(buf_take(&index));
	return rc;
}

int
state_export(jv reqs, const char *dir, const char *sub, char **err)
{
	jv names = jv_array();

	jv_array_foreach(reqs, i, req) {
		int no = (int)json_num(jv_object_get(jv_copy(req),
		    jv_string("scene")), i + 1);
		int line = (int)json_num(jv_object_get(req,
		    jv_string("line")), 0);

		/* A line of a scene (narration/NN-LL) or the scene. */
		names = jv_array_append(names, line > 0 ? jv_string_fmt(
		    "%02d-%02d", no, line) : jv_string_fmt("%02d", no));
	}
	return state_export_named(reqs, names, dir, sub, err);
}

int
state_segments_check(jv segs, char **err)
{
	char path[48];
	double last = 0;
	int n, i, k;

	if (jv_get_kind(segs) != JV_KIND_ARRAY) {
		*err = xasprintf("segments: expected an array, got %s",
		    jv_kind_name(jv_get_kind(segs)));
		return -1;
	}
	n = jv_array_length(jv_copy(segs));
	if (n < 1 || n > STATE_MAX_SCENES) {
		*err = xasprintf("segments: expected from 1 to %d scenes, got "
		    "%d", STATE_MAX_SCENES, n);
		return -1;
	}
	for (i = 0; i < n; i++) {
		jv seg = jv_array_get(jv_copy(segs), i), v;
		double no;

		snprintf(path, sizeof path, "segments[%d]", i);
		if (jv_get_kind(seg) != JV_KIND_OBJECT) {
			*err = xasprintf("%s: expected an object, got %s", path,
			    jv_kind_name(jv_get_kind(seg)));
			jv_free(seg);
			return -1;
		}
		v = state_field(seg, path, "scene", KIND(JV_KIND_NUMBER),
		    "a scene number", 1);
		if (jv_is_valid(v)) {
			no = jv_number_value(v);
			jv_free(v);
			if (no != floor(no) || no < 1 || no > 999 || no <= last) {
				*err = xasprintf("%s.scene: expected a whole "
				    "number from 1 to 999, greater than the "
				    "scene before, got %g", path, no);
				jv_free(seg);
				return -1;
			}
			last = no;
			v = state_field(seg, path, "narration",
			    KIND(JV_KIND_STRING), "a string", 1);
		}
		if (jv_is_valid(v)) {
			k = jv_string_length_bytes(jv_copy(v));
			jv_free(v);
			if (k > STATE_MAX_NARRATION) {
				*err = xasprintf("%s.narration: expected at most "
				    "%d bytes, got %d", path,
				    STATE_MAX_NARRATION, k);
				jv_free(seg);
				return -1;
			}
			v = state_field(seg, path, "characters",
			    KIND(JV_KIND_ARRAY), "an array of names", 0);
		}
		if (jv_is_valid(v) && jv_get_kind(v) == JV_KIND_ARRAY) {
			jv_array_foreach(v, j, name) {
				int bad = jv_get_kind(name) != JV_KIND_STRING;

				jv_free(name);
				if (bad) {
					*err = xasprintf("%s.characters[%d]: "
					    "expected a name (a string)", path,
					    j);
					jv_free(v);
					jv_free(seg);
					return -1;
				}
			}
		}
		jv_free(seg);
		if (!jv_is_valid(v)) {
			*err = json_msg(v);
			return -1;
		}
		jv_free(v);
	}
	return 0;
}
