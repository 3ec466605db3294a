/* Unit checks for lib/core/state.c. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/asset.h"
#include "check.h"
#include "core/msg.h"
#include "core/state.h"
#include "core/util.h"

/* The scratch folder, in $TMPDIR or /tmp; removed at the end. */
static char *dir;

/* Writes n bytes to dir/name and returns the path (malloc'd). */
static char *
put(const char *name, const char *s, size_t n)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *fp = fopen(path, "wb");

	if (fp == NULL || fwrite(s, 1, n, fp) != n || fclose(fp) != 0) {
		perror(path);
		exit(1);
	}
	return path;
}

static char *
slurp(const char *path)
{
	char *buf = NULL, *err = NULL;
	size_t len;

	if (read_all(path, 1 << 20, &buf, &len, &err) < 0) {
		printf("# %s: %s\n", path, err);
		free(err);
		return xstrdup("");
	}
	return buf;
}

/* Makes path the standard input. Returns 0 or -1. */
static int
stdin_from(const char *path)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	if (fd != 0) {
		if (dup2(fd, 0) < 0) {
			close(fd);
			return -1;
		}
		close(fd);
	}
	return 0;
}

/* Reads a file holding the n bytes s; returns the error message or, when
 * it reads as an object, "OK". Malloc'd. */
static char *
read_msg(const char *s, size_t n, char **path)
{
	jv v;

	*path = put("in.json", s, n);
	v = state_read(*path);
	if (jv_is_valid(v)) {
		jv_free(v);
		return xstrdup("OK");
	}
	return json_msg(v);
}

/* Checks that reading s fails with "'<file>'" + want. */
#define CHECK_READ_FAILS(s, want) do { \
	char *path_, *got_ = read_msg((s), sizeof(s) - 1, &path_); \
	char *want_ = xasprintf("'%s'%s", path_, (want)); \
	check_str(got_, want_, __FILE__, __LINE__, "state_read of " #s); \
	free(got_); \
	free(want_); \
	free(path_); \
} while (0)

static void
test_read(void)
{
	static const char doc[] = "{\n  \"format\": 1,\n  \"context\": "
	    "{\"theme\": \"caf\xc3\xa9\", \"n\": [1, 2.5, null, true]}\n}\n";
	static const char unfinished[] = "{\"secret\": \"hunter2 is here\"";
	static const char badword[] = "{\"key\": \"hunter2\",\n\n"
	    "  \"x\": tru}\n";
	char *path, *m, *prefix;
	jv v, want;
	int saved;

	CHECK_NOTE("state_read");
	path = put("good.json", doc, sizeof doc - 1);
	v = state_read(path);
	CHECK(jv_is_valid(v));
	CHECK(jv_get_kind(v) == JV_KIND_OBJECT);
	CHECK_INT(jv_get_refcnt(v), 1);
	want = jv_parse(doc);
	CHECK(jv_equal(jv_copy(v), want));
	jv_free(v);

	/* The same document on standard input, by NULL and by "-". */
	saved = dup(0);
	CHECK(stdin_from(path) == 0);
	v = state_read(NULL);
	CHECK(jv_get_kind(v) == JV_KIND_OBJECT);
	jv_free(v);
	CHECK(stdin_from(path) == 0);
	v = state_read("-");
	CHECK(jv_get_kind(v) == JV_KIND_OBJECT);
	jv_free(v);
	free(path);
	path = put("arr.json", "[]", 2);
	CHECK(stdin_from(path) == 0);
	m = json_msg(state_read(NULL));
	CHECK_STR(m, "'<stdin>': expected a JSON object at the top level, "
	    "got array");
	free(m);
	if (saved >= 0) {
		dup2(saved, 0);
		close(saved);
	}
	free(path);

	CHECK_STR(state_name(NULL), "<stdin>");
	CHECK_STR(state_name("-"), "<stdin>");
	CHECK_STR(state_name("a/b.json"), "a/b.json");

	/* Syntax errors: file, line and column, and never the document. */
	CHECK_READ_FAILS("{\"a\":\n  [1,,2]}",
	    ":2:6: expected value before ','");
	m = read_msg(unfinished, sizeof unfinished - 1, &path);
	prefix = xasprintf("'%s':1:", path);
	CHECK(strncmp(m, prefix, strlen(prefix)) == 0);
	CHECK(strstr(m, "hunter2") == NULL);
	CHECK(strstr(m, "secret") == NULL);
	CHECK(strstr(m, "while parsing") == NULL);
	printf("#   %s\n", m);
	free(prefix);
	free(path);
	free(m);
	m = read_msg(badword, sizeof badword - 1, &path);
	prefix = xasprintf("'%s':3:", path);
	CHECK(strncmp(m, prefix, strlen(prefix)) == 0);
	CHECK(strstr(m, "hunter2") == NULL);
	CHECK(strstr(m, "key") == NULL);
	printf("#   %s\n", m);
	free(prefix);
	free(path);
	free(m);

	CHECK_READ_FAILS("{} {}", ": more than one JSON document");
	CHECK_READ_FAILS("{\"a\":1}\n{\"b\":2}\n",
	    ": more than one JSON document");
	CHECK_READ_FAILS("{\"a\":1} x",
	    ":1:9: expected ',' or ':' before this value");
	/* libjq 1.6 leaks a value that follows another with no separator:
	 * refused before it parses (make fuzz found it). */
	CHECK_READ_FAILS("{\"a\": \"xxxx\" \"b\": 1}",
	    ":1:14: expected ',' or ':' before this value");
	CHECK_READ_FAILS("{\"a\": [\"s\" 2]}",
	    ":1:12: expected ',' or ':' before this value");
	CHECK_READ_FAILS("{\"a\": [1 2]}", ":1:10: expected ',' or ':' before "
	    "this value");
	CHECK_READ_FAILS("", ": empty input, expected a JSON object");
	CHECK_READ_FAILS(" \n\t\n", ": empty input, expected a JSON object");
	CHECK_READ_FAILS("[1, 2]",
	    ": expected a JSON object at the top level, got array");
	CHECK_READ_FAILS("\"story\"",
	    ": expected a JSON object at the top level, got string");
	CHECK_READ_FAILS("null",
	    ": expected a JSON object at the top level, got null");
	CHECK_READ_FAILS("{\"a\":\n\"\xff\"}", ":2:2: invalid UTF-8");
	CHECK_READ_FAILS("{\"a\":\n\"\xc0\xaf\"}", ":2:2: invalid UTF-8");
	CHECK_READ_FAILS("{\"a\":\n\"b\0\"}", ":2:3: NUL byte in input");

	path = xasprintf("%s/no-such.json", dir);
	m = json_msg(state_read(path));
	prefix = xasprintf("'%s': cannot open: No such file or directory",
	    path);
	CHECK_STR(m, prefix);
	free(prefix);
	free(m);
	free(path);
}

static void
check_format(const char *doc, const char *want)
{
	jv st = jv_parse(doc);
	char *err = NULL;
	int rc = state_check(st, &err);

	if (want == NULL) {
		check_int(rc, 0, __FILE__, __LINE__, doc);
		CHECK(err == NULL);
	} else {
		check_int(rc, -1, __FILE__, __LINE__, doc);
		CHECK_STR(err, want);
	}
	CHECK_INT(jv_get_refcnt(st), 1);
	free(err);
	jv_free(st);
}

static void
test_check(void)
{
	CHECK_NOTE("state_check");
	check_format("{\"format\": 1}", NULL);
	check_format("{\"format\": 1, \"context\": {}}", NULL);
	check_format("{\"context\": {}}", "format: missing, expected a number "
	    "(is this an mv state? briefs go to mv-analyze)");
	check_format("{\"format\": null}", "format: missing, expected a "
	    "number (is this an mv state? briefs go to mv-analyze)");
	check_format("{\"format\": \"1\"}", "format: expected a number, got "
	    "string (is this an mv state? briefs go to mv-analyze)");
	check_format("{\"format\": 2}",
	    "format: expected version 1 or older, got 2 (made by a newer mv?)");
	check_format("{\"format\": 0}",
	    "format: expected a version number from 1 to 1, got 0");
	check_format("[1]", "top level: expected an object, got array "
	    "(is this an mv state? briefs go to mv-analyze)");
}

static void
test_write(void)
{
	static const char doc[] = "{\"format\": 1, \"b\": [1, 2.5, "
	    "\"caf\xc3\xa9\"], \"a\": {\"z\": null, \"y\": true}, "
	    "\"q\": \"say \\\"hi\\\"\\n\"}";
	char *p1 = xasprintf("%s/s1.json", dir), *p2 = xasprintf("%s/s2.json",
	    dir), *err = NULL, *b1, *b2, *b3;
	jv st = jv_parse(doc), back;

	CHECK_NOTE("state_write");
	CHECK(jv_is_valid(st));
	CHECK(state_write(jv_copy(st), p1, &err) == 0 && err == NULL);
	CHECK_INT(jv_get_refcnt(st), 1);
	back = state_read(p1);
	CHECK(jv_is_valid(back));
	CHECK(jv_equal(jv_copy(st), back));
	b1 = slurp(p1);
	CHECK_STR(b1, "{\n  \"a\": {\n    \"y\": true,\n    \"z\": null\n  },\n"
	    "  \"b\": [\n    1,\n    2.5,\n    \"caf\xc3\xa9\"\n  ],\n"
	    "  \"format\": 1,\n  \"q\": \"say \\\"hi\\\"\\n\"\n}\n");
	/* Twice, and over the first file: the same bytes. */
	CHECK(state_write(jv_copy(st), p2, &err) == 0);
	b2 = slurp(p2);
	CHECK_STR(b2, b1);
	CHECK(state_write(state_read(p1), p1, &err) == 0);
	b3 = slurp(p1);
	CHECK_STR(b3, b1);
	free(b1);
	free(b2);
	free(b3);
	/* A folder that does not exist: an error, nothing written. */
	free(p2);
	p2 = xasprintf("%s/none/s.json", dir);
	CHECK(state_write(st, p2, &err) == -1);
	CHECK(err != NULL && strstr(err, p2) != NULL);
	printf("#   %s\n", err ? err : "(null)");
	free(err);
	free(p1);
	free(p2);
}

#define CHECK_ERR(v, want) do { \
	jv v_ = (v); \
	char *m_; \
	CHECK(!jv_is_valid(v_)); \
	m_ = json_msg(v_); \
	check_str(m_, want, __FILE__, __LINE__, #v); \
	free(m_); \
} while (0)

static void
test_field(void)
{
	jv obj = jv_parse("{\"theme\": 5, \"name\": \"Ruby\", \"none\": null, "
	    "\"story\": {\"text\": \"x\"}, \"log\": [1]}");
	jv v, arr;

	CHECK_NOTE("state_field, state_need, json_str, json_num, json_msg");
	CHECK_ERR(state_field(obj, "context", "theme", KIND(JV_KIND_STRING),
	    "a string", 1), "context.theme: expected a string, got number");
	CHECK_ERR(state_field(obj, "", "theme", KIND(JV_KIND_STRING),
	    "a string", 0), "theme: expected a string, got number");
	CHECK_ERR(state_field(obj, "context", "moral", KIND(JV_KIND_STRING),
	    "a string", 1), "context.moral: missing, expected a string");
	CHECK_ERR(state_field(obj, "context", "none", KIND(JV_KIND_STRING),
	    "a string", 1), "context.none: missing, expected a string");
	v = state_field(obj, "context", "moral", KIND(JV_KIND_STRING),
	    "a string", 0);
	CHECK(jv_get_kind(v) == JV_KIND_NULL);
	jv_free(v);
	v = state_field(obj, "context", "none", KIND(JV_KIND_STRING),
	    "a string", 0);
	CHECK(jv_get_kind(v) == JV_KIND_NULL);
	jv_free(v);
	v = state_field(obj, "context", "theme",
	    KIND(JV_KIND_STRING) | KIND(JV_KIND_NUMBER), "text", 1);
	CHECK(jv_get_kind(v) == JV_KIND_NUMBER && json_num(v, 0) == 5);
	jv_free(v);
	v = state_field(obj, "context", "name", KIND(JV_KIND_STRING),
	    "a string", 1);
	CHECK_STR(json_str(v), "Ruby");
	/* The value is shared with obj, which is borrowed, not consumed. */
	CHECK_INT(jv_get_refcnt(v), 2);
	CHECK_INT(jv_get_refcnt(obj), 1);
	arr = jv_array();
	CHECK_ERR(state_field(arr, "context", "x", KIND(JV_KIND_STRING),
	    "a string", 1), "context: expected an object, got array");
	CHECK_INT(jv_get_refcnt(arr), 1);
	jv_free(arr);
	CHECK_ERR(state_field(jv_null(), "", "x", KIND(JV_KIND_STRING),
	    "a string", 1), "top level: expected an object, got null");

	CHECK_ERR(state_need(obj, "segments", JV_KIND_ARRAY, "mv-segment"),
	    "segments: missing (run mv-segment first)");
	CHECK_ERR(state_need(obj, "none", JV_KIND_ARRAY, "mv-segment"),
	    "none: missing (run mv-segment first)");
	CHECK_ERR(state_need(obj, "log", JV_KIND_OBJECT, "mv-story"),
	    "log: expected object, got array");
	{
		jv s = state_need(obj, "story", JV_KIND_OBJECT, "mv-story");

		CHECK(jv_get_kind(s) == JV_KIND_OBJECT);
		CHECK_INT(jv_get_refcnt(s), 2);
		jv_free(obj);
		CHECK_INT(jv_get_refcnt(s), 1);
		CHECK_INT(jv_get_refcnt(v), 1);
		jv_free(s);
	}
	CHECK_STR(json_str(v), "Ruby");
	jv_free(v);

	v = jv_number(2.5);
	CHECK_STR(json_str(v), "");
	CHECK(json_num(v, 7) == 2.5);
	v = jv_string("s");
	CHECK(json_num(v, 7) == 7);
	{
		char *m = json_msg(jv_invalid());

		CHECK_STR(m, "unknown error");
		free(m);
		m = json_msg(jv_invalid_with_msg(jv_string("boom")));
		CHECK_STR(m, "boom");
		free(m);
	}
}

/* json_num consumes what it is given (ASan sees a leak otherwise);
 * json_load reads one document; read_all takes a NULL err. */
static void
test_json(void)
{
	char *path = xasprintf("%s/one.json", dir), *buf = NULL;
	size_t len;
	jv o = JV_OBJECT(jv_string("k"), jv_string("a string"),
	    jv_string("n"), jv_number(3)), v;
	FILE *fp;

	CHECK_NOTE("json_num consumes, json_load, read_all without err");
	CHECK(json_num(jv_object_get(jv_copy(o), jv_string("k")), 7) == 7);
	CHECK(json_num(jv_object_get(jv_copy(o), jv_string("n")), 7) == 3);
	CHECK(json_num(jv_object_get(jv_copy(o), jv_string("x")), 7) == 7);
	CHECK_INT(jv_get_refcnt(o), 1);
	CHECK(read_all(path, 1 << 20, &buf, &len, NULL) == -1);
	CHECK(buf == NULL);
	v = json_load(path);
	CHECK(jv_get_kind(v) == JV_KIND_INVALID);
	jv_free(v);
	if ((fp = fopen(path, "w")) != NULL) {
		fputs("{\"n\": 3}\n", fp);
		fclose(fp);
	}
	v = json_load(path);
	CHECK(jv_equal(jv_copy(v), JV_OBJECT(jv_string("n"), jv_number(3))));
	jv_free(v);
	if ((fp = fopen(path, "a")) != NULL) {
		fputs("{}\n", fp);
		fclose(fp);
	}
	v = json_load(path);
	CHECK(jv_get_kind(v) == JV_KIND_INVALID);
	jv_free(v);
	CHECK(read_all(path, 4, &buf, &len, NULL) == -1);
	CHECK(read_all(path, 1 << 20, &buf, &len, NULL) == 0 && len == 12);
	free(buf);
	jv_free(o);
	free(path);
}

static void
test_paths(void)
{
	CHECK_NOTE("asset_path_ok, asset_dir");
	CHECK(asset_path_ok("scenes/01.png"));
	CHECK(asset_path_ok("a"));
	CHECK(asset_path_ok(".hidden/x"));
	CHECK(asset_path_ok("a/b/c..d"));
	CHECK(asset_path_ok("..."));
	CHECK(!asset_path_ok(""));
	CHECK(!asset_path_ok("../x"));
	CHECK(!asset_path_ok("/etc/x"));
	CHECK(!asset_path_ok("a//b"));
	CHECK(!asset_path_ok("./a"));
	CHECK(!asset_path_ok("a/.."));
	CHECK(!asset_path_ok("a/../b"));
	CHECK(!asset_path_ok("a/./b"));
	CHECK(!asset_path_ok("a/"));
	CHECK(!asset_path_ok("."));
	CHECK(!asset_path_ok(".."));

#define CHECK_DIR(d, o, want) do { \
	char *got_ = asset_dir((d), (o)); \
	check_str(got_, want, __FILE__, __LINE__, "asset_dir(" #d ", " #o \
	    ") == " #want); \
	free(got_); \
} while (0)
	CHECK_DIR("assets", "out/state.json", "assets");
	CHECK_DIR(NULL, "out/state.json", "out");
	CHECK_DIR(NULL, "a/b/state.json", "a/b");
	CHECK_DIR(NULL, "state.json", ".");
	CHECK_DIR(NULL, "/state.json", "/");
	CHECK_DIR(NULL, "-", ".");
	CHECK_DIR(NULL, NULL, ".");
#undef CHECK_DIR
}

static jv
log_entry(jv st, int i)
{
	jv log = jv_object_get(jv_copy(st), jv_string("log"));

	if (jv_get_kind(log) != JV_KIND_ARRAY) {
		jv_free(log);
		return jv_invalid();
	}
	return jv_array_get(log, i);
}

static void
test_log(void)
{
	struct step_clock c;
	jv st = JV_OBJECT(jv_string("format"), jv_number(1)), e, f, want;
	time_t now;

	CHECK_NOTE("step_clock_start, state_log");
	msg_init("/usr/bin/mv-unit");
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	step_clock_start(&c);
	CHECK(c.fixed);
	CHECK(c.started == 1700000000);
	st = state_log(st, &c, "offline", NULL, jv_null());
	CHECK_INT(jv_get_refcnt(st), 1);
	e = log_entry(st, 0);
	want = JV_OBJECT(jv_string("program"), jv_string("mv-unit"),
	    jv_string("version"), jv_string(MV_VERSION),
	    jv_string("provider"), jv_string("offline"),
	    jv_string("model"), jv_null(),
	    jv_string("started"), jv_string("2023-11-14T22:13:20Z"),
	    jv_string("seconds"), jv_number(0));
	if (!CHECK(jv_equal(jv_copy(e), jv_copy(want)))) {
		jv d = jv_dump_string(jv_copy(e), JV_PRINT_SORTED);

		printf("#   got: %s\n", json_str(d));
		jv_free(d);
	}
	jv_free(want);
	jv_free(e);

	/* A second entry is appended, with the extra fields. */
	setenv("SOURCE_DATE_EPOCH", "0", 1);
	step_clock_start(&c);
	st = state_log(st, &c, "openai", "gpt-x", JV_OBJECT(jv_string("scenes"),
	    jv_number(12)));
	CHECK_INT(jv_get_refcnt(st), 1);
	f = jv_object_get(jv_copy(st), jv_string("log"));
	CHECK(jv_get_kind(f) == JV_KIND_ARRAY &&
	    jv_array_length(jv_copy(f)) == 2);
	jv_free(f);
	e = log_entry(st, 1);
	f = jv_object_get(jv_copy(e), jv_string("started"));
	CHECK_STR(json_str(f), "1970-01-01T00:00:00Z");
	jv_free(f);
	f = jv_object_get(jv_copy(e), jv_string("model"));
	CHECK_STR(json_str(f), "gpt-x");
	jv_free(f);
	f = jv_object_get(jv_copy(e), jv_string("scenes"));
	CHECK(json_num(f, -1) == 12);
	jv_free(f);
	f = jv_object_get(jv_copy(e), jv_string("seconds"));
	CHECK(json_num(f, -1) == 0);
	jv_free(f);
	jv_free(e);

	/* Not a number: the wall clock, and timings are recorded. */
	setenv("SOURCE_DATE_EPOCH", "soon", 1);
	step_clock_start(&c);
	CHECK(!c.fixed);
	unsetenv("SOURCE_DATE_EPOCH");
	step_clock_start(&c);
	now = time(NULL);
	CHECK(!c.fixed);
	CHECK(c.started <= (long long)now && c.started >= (long long)now - 5);
	st = state_log(st, &c, "offline", NULL, jv_string("not an object"));
	e = log_entry(st, 2);
	f = jv_object_get(jv_copy(e), jv_string("seconds"));
	CHECK(jv_get_kind(f) == JV_KIND_NUMBER && json_num(f, -1) >= 0 &&
	    json_num(f, -1) < 5);
	jv_free(f);
	jv_free(e);
	/* A "log" that is not an array is replaced. */
	st = jv_object_set(st, jv_string("log"), jv_string("junk"));
	st = state_log(st, &c, "offline", NULL, jv_null());
	f = jv_object_get(jv_copy(st), jv_string("log"));
	CHECK(jv_get_kind(f) == JV_KIND_ARRAY &&
	    jv_array_length(jv_copy(f)) == 1);
	jv_free(f);
	jv_free(st);
}

int
main(void)
{
	const char *tmp = getenv("TMPDIR");

	dir = xasprintf("%s/mv-unit-state.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror(dir);
		return 1;
	}
	test_read();
	test_check();
	test_write();
	test_field();
	test_json();
	test_paths();
	test_log();
	check_rm_rf(dir);
	free(dir);
	return check_done();
}
