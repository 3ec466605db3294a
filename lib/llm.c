/*
 * llm.c - OpenAI-compatible chat completions (see llm.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http.h"
#include "llm.h"
#include "state.h"
#include "util.h"

/* Set once an endpoint has rejected response_format: not sent again. */
static int no_format;

/* The longest part of a reply or a check's complaint quoted in errors. */
#define QUOTE_MAX 300

/* A reply as the endpoint gave it. */
struct reply {
	char *text;		/* malloc'd */
	int cut;		/* finish_reason "length" */
};

/* s with every copy of the key replaced by "***" (malloc'd). */
static char *
scrub(const char *s, const char *key)
{
	struct buf b = { 0 };
	const char *p;
	size_t n;

	if (key == NULL || strlen(key) < 4)
		return xstrdup(s);
	n = strlen(key);
	while ((p = strstr(s, key)) != NULL) {
		buf_addn(&b, s, (size_t)(p - s));
		buf_add(&b, "***");
		s = p + n;
	}
	buf_add(&b, s);
	return buf_take(&b);
}

static int
fail(const struct conf *c, char **err, const char *why)
{
	char *s = scrub(why, c->api_key);

	*err = xasprintf("%s: %s", c->provider, s);
	free(s);
	return -1;
}

/* A 400 that says response_format (or JSON mode) is the trouble. */
static int
format_rejected(const struct http_req *r)
{
	const char *hay[2] = { r->err, r->resp };
	int i;

	if (r->status != 400)
		return 0;
	for (i = 0; i < 2; i++)
		if (hay[i] != NULL && (strstr(hay[i], "response_format") ||
		    strstr(hay[i], "json_object")))
			return 1;
	return 0;
}

/* http_req_free, the key in the headers wiped first. */
static void
release(struct http_req *r)
{
	int i;

	for (i = 0; i < HTTP_MAX_HEADERS && r->headers[i] != NULL; i++)
		explicit_bzero(r->headers[i], strlen(r->headers[i]));
	http_req_free(r);
}

static char *
request_body(const struct conf *c, jv messages, int json)
{
	jv body = JV_OBJECT(jv_string("model"), jv_string(c->model != NULL ?
	    c->model : "gpt-4o-mini"), jv_string("messages"),
	    jv_copy(messages));
	jv s;
	char *out;

	if (c->temperature >= 0)
		body = jv_object_set(body, jv_string("temperature"),
		    jv_number(c->temperature));
	if (c->max_tokens > 0)
		body = jv_object_set(body, jv_string("max_tokens"),
		    jv_number((double)c->max_tokens));
	if (json && !no_format)
		body = jv_object_set(body, jv_string("response_format"),
		    JV_OBJECT(jv_string("type"), jv_string("json_object")));
	s = jv_dump_string(body, 0);
	out = xstrdup(jv_string_value(s));
	jv_free(s);
	return out;
}

/* The text of message.content: a string, or an array of text parts. */
static char *
content_text(jv content)
{
	struct buf b = { 0 };

	if (jv_get_kind(content) == JV_KIND_STRING)
		return xstrdup(jv_string_value(content));
	if (jv_get_kind(content) != JV_KIND_ARRAY)
		return NULL;
	jv_array_foreach(content, i, part) {
		jv t = jv_get_kind(part) == JV_KIND_OBJECT ?
		    jv_object_get(jv_copy(part), jv_string("text")) :
		    jv_copy(part);

		(void)i;
		if (jv_get_kind(t) == JV_KIND_STRING)
			buf_add(&b, jv_string_value(t));
		jv_free(t);
		jv_free(part);
	}
	return b.s != NULL ? buf_take(&b) : NULL;
}

static long
count(jv obj, const char *key)
{
	jv v = jv_get_kind(obj) == JV_KIND_OBJECT ?
	    jv_object_get(jv_copy(obj), jv_string(key)) : jv_invalid();
	long n = jv_get_kind(v) == JV_KIND_NUMBER && jv_number_value(v) > 0 ?
	    (long)jv_number_value(v) : 0;

	jv_free(v);
	return n;
}

/* Reads a completion (resp) into *out; the usage into *u. */
static int
parse(const struct conf *c, const char *resp, size_t len,
    struct reply *out, struct llm_usage *u, char **err)
{
	jv doc = json_parse(resp, len);
	jv choice, msg, content, finish, usage, e;
	const char *why = NULL;
	char *text = NULL;

	if (!jv_is_valid(doc) || jv_get_kind(doc) != JV_KIND_OBJECT) {
		/* jv_parse's message quotes the whole body: not used. */
		jv_free(doc);
		return fail(c, err, "the response is not a JSON object");
	}
	usage = jv_object_get(jv_copy(doc), jv_string("usage"));
	u->prompt_tokens += count(usage, "prompt_tokens");
	u->completion_tokens += count(usage, "completion_tokens");
	jv_free(usage);
	e = jv_getpath(jv_copy(doc), JV_ARRAY(jv_string("error"),
	    jv_string("message")));
	choice = jv_getpath(jv_copy(doc), JV_ARRAY(jv_string("choices"),
	    jv_number(0)));
	jv_free(doc);
	if (jv_get_kind(choice) != JV_KIND_OBJECT) {
		char *m = jv_get_kind(e) == JV_KIND_STRING ?
		    xstrdup(jv_string_value(e)) :
		    xstrdup("the response has no choices");

		jv_free(e);
		jv_free(choice);
		fail(c, err, m);
		free(m);
		return -1;
	}
	jv_free(e);
	msg = jv_object_get(jv_copy(choice), jv_string("message"));
	finish = jv_object_get(choice, jv_string("finish_reason"));
	content = jv_get_kind(msg) == JV_KIND_OBJECT ?
	    jv_object_get(jv_copy(msg), jv_string("content")) : jv_null();
	text = content_text(content);
	if (text == NULL || *text == '\0') {
		jv refusal = jv_get_kind(msg) == JV_KIND_OBJECT ?
		    jv_object_get(jv_copy(msg), jv_string("refusal")) :
		    jv_null();

		if (jv_get_kind(refusal) == JV_KIND_STRING) {
			char *m = xasprintf("the model refused: %.*s",
			    QUOTE_MAX, jv_string_value(refusal));

			fail(c, err, m);
			free(m);
		} else if (jv_get_kind(finish) == JV_KIND_STRING &&
		    strcmp(jv_string_value(finish), "content_filter") == 0)
			why = "the reply was withheld by the provider's "
			    "content filter";
		else if (jv_get_kind(finish) == JV_KIND_STRING &&
		    strcmp(jv_string_value(finish), "length") == 0)
			why = "the reply was cut off before any text: raise "
			    "MV_LLM_MAX_TOKENS";
		else
			why = "the reply has no text";
		if (why != NULL)
			fail(c, err, why);
		jv_free(refusal);
		free(text);
		jv_free(msg);
		jv_free(finish);
		jv_free(content);
		return -1;
	}
	out->text = text;
	out->cut = jv_get_kind(finish) == JV_KIND_STRING &&
	    strcmp(jv_string_value(finish), "length") == 0;
	jv_free(msg);
	jv_free(finish);
	jv_free(content);
	return 0;
}

/* One completion of messages (borrowed). */
static int
chat(const struct conf *c, jv messages, int json, struct reply *out,
    struct llm_usage *u, char **err)
{
	struct http_req r;
	char *auth;
	int rc = -1, tries;

	for (tries = 0; tries < 2; tries++) {
		memset(&r, 0, sizeof r);
		r.method = "POST";
		r.url = http_url(c->base_url != NULL ? c->base_url :
		    "https://api.openai.com/v1", "chat/completions");
		http_header(&r, "Content-Type", "application/json");
		http_header(&r, "Accept", "application/json");
		if (c->api_key != NULL && *c->api_key != '\0') {
			auth = xasprintf("Bearer %s", c->api_key);
			http_header(&r, "Authorization", auth);
			explicit_bzero(auth, strlen(auth));
			free(auth);
		}
		r.body = request_body(c, messages, json);
		r.body_len = strlen(r.body);
		rc = http_one(&r, &c->http);
		u->seconds += r.seconds;
		if (rc < 0 && json && !no_format && format_rejected(&r)) {
			/* Asked again without it, here and from now on. */
			no_format = 1;
			release(&r);
			continue;
		}
		break;
	}
	if (rc < 0)
		fail(c, err, r.err != NULL ? r.err : "the request failed");
	else {
		u->calls++;
		rc = parse(c, r.resp != NULL ? r.resp : "", r.resp_len, out, u,
		    err);
	}
	release(&r);
	return rc;
}

static jv
message(const char *role, const char *content)
{
	return JV_OBJECT(jv_string("role"), jv_string(role),
	    jv_string("content"), jv_string(content));
}

int
llm_chat(const struct conf *c, const char *system, const char *user,
    int json, char **reply, struct llm_usage *u, char **err)
{
	jv msgs = JV_ARRAY(message("system", system), message("user", user));
	struct reply r = { 0 };
	int rc = chat(c, msgs, json, &r, u, err);

	jv_free(msgs);
	*reply = r.text;
	return rc;
}

int
llm_chat_json(const struct conf *c, const char *system, const char *user,
    llm_check_fn *check, void *arg, jv *out, struct llm_usage *u,
    char **err)
{
	jv msgs = JV_ARRAY(message("system", system), message("user", user));
	struct reply r;
	char *why = NULL, *ask;
	int tries;
	jv obj;

	for (tries = 0; tries < 2; tries++) {
		memset(&r, 0, sizeof r);
		if (chat(c, msgs, 1, &r, u, err) < 0) {
			jv_free(msgs);
			return -1;
		}
		obj = llm_extract_json(r.text);
		free(why);
		why = NULL;
		if (!jv_is_valid(obj)) {
			jv m = jv_invalid_get_msg(obj);

			why = xstrdup(jv_get_kind(m) == JV_KIND_STRING ?
			    jv_string_value(m) : "no JSON object");
			jv_free(m);
		} else if (check != NULL &&
		    check(jv_copy(obj), arg, &why) < 0) {
			jv_free(obj);
			if (why == NULL)
				why = xstrdup("the object is not the one asked "
				    "for");
		} else {
			free(r.text);
			jv_free(msgs);
			*out = obj;
			return 0;
		}
		if (r.cut) {
			char *m = xasprintf("the reply was cut off at the "
			    "token limit before its JSON was complete (%s); "
			    "raise MV_LLM_MAX_TOKENS", why);

			free(r.text);
			free(why);
			jv_free(msgs);
			fail(c, err, m);
			free(m);
			return -1;
		}
		/* The model sees its reply and what was wrong with it. */
		ask = xasprintf("That reply could not be used: %.*s. Reply "
		    "again with only the JSON object, in exactly the shape "
		    "asked for, and nothing before or after it.", QUOTE_MAX,
		    why);
		msgs = jv_array_append(msgs, message("assistant", r.text));
		msgs = jv_array_append(msgs, message("user", ask));
		free(ask);
		free(r.text);
	}
	jv_free(msgs);
	ask = xasprintf("the reply is not the JSON asked for: %.*s", QUOTE_MAX,
	    why);
	free(why);
	fail(c, err, ask);
	free(ask);
	return -1;
}

/* s parsed as one JSON value; an invalid with a message that never
 * quotes s. */
static jv
parse_span(const char *s, size_t n)
{
	jv v = json_parse(s, n);

	if (!jv_is_valid(v)) {
		jv m = jv_invalid_get_msg(v);
		const char *t = jv_get_kind(m) == JV_KIND_STRING ?
		    jv_string_value(m) : "not JSON";
		const char *cut = strstr(t, " (while parsing");
		int n = cut != NULL ? (int)(cut - t) : (int)strlen(t);
		jv e = jv_invalid_with_msg(jv_string_fmt("the JSON does not "
		    "parse: %.*s", n, t));

		jv_free(m);
		return e;
	}
	return v;
}

static int
blank(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* [s, s + n) without surrounding white space. */
static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && blank((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && blank((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

/*
 * The end (one past the closing brace) of the balanced object that opens
 * at s[0] == '{', with strings and their escapes skipped; NULL when the
 * text ends first.
 */
static const char *
balanced(const char *s)
{
	int depth = 0, instr = 0;

	for (; *s; s++) {
		if (instr) {
			if (*s == '\\' && s[1] != '\0')
				s++;
			else if (*s == '"')
				instr = 0;
		} else if (*s == '"')
			instr = 1;
		else if (*s == '{')
			depth++;
		else if (*s == '}' && --depth == 0)
			return s + 1;
	}
	return NULL;
}

/*
 * [s, s + n) as one JSON object. Sets *array when it is a JSON array
 * instead; an invalid without a message when it does not even start like
 * JSON, with one when it does but does not parse.
 */
static jv
whole(const char *s, size_t n, int *array)
{
	jv v;

	trim(&s, &n);
	if (n == 0 || (*s != '{' && *s != '['))
		return jv_invalid();
	v = parse_span(s, n);
	if (jv_is_valid(v) && jv_get_kind(v) != JV_KIND_OBJECT) {
		*array = jv_get_kind(v) == JV_KIND_ARRAY;
		jv_free(v);
		return jv_invalid_with_msg(jv_string("the reply is JSON but "
		    "not an object"));
	}
	return v;
}

/* Keeps the first error with a message in *first; frees the rest. */
static void
keep(jv *first, jv v)
{
	if (!jv_invalid_has_msg(jv_copy(*first)) &&
	    jv_invalid_has_msg(jv_copy(v))) {
		jv_free(*first);
		*first = v;
	} else
		jv_free(v);
}

jv
llm_extract_json(const char *text)
{
	const char *s = text, *p, *end, *close;
	jv v, first = jv_invalid();
	int array = 0;

	/* Reasoning models may think aloud first, braces and all. */
	if ((p = strstr(s, "</think>")) != NULL && strstr(s, "<think>") != NULL)
		s = p + strlen("</think>");
	v = whole(s, strlen(s), &array);
	if (jv_is_valid(v))
		return v;
	keep(&first, v);
	/* A fenced block: ``` or ```json, up to the closing fence. */
	if (!array && (p = strstr(s, "```")) != NULL) {
		p += 3;
		while (*p && *p != '\n' && *p != '{' && *p != '[')
			p++;
		close = strstr(p, "```");
		v = whole(p, close != NULL ? (size_t)(close - p) : strlen(p),
		    &array);
		if (jv_is_valid(v)) {
			jv_free(first);
			return v;
		}
		keep(&first, v);
	}
	if (array) {
		jv_free(first);
		return jv_invalid_with_msg(jv_string("the reply is a JSON "
		    "array, not the object asked for"));
	}
	/* Else the first balanced {...} that parses, after any prose. */
	for (p = strchr(s, '{'); p != NULL; p = strchr(p + 1, '{')) {
		if ((end = balanced(p)) == NULL) {
			/* Truncation says more than the parser would. */
			jv_free(first);
			first = jv_invalid_with_msg(jv_string("the JSON object "
			    "in the reply is cut short"));
			break;
		}
		v = parse_span(p, (size_t)(end - p));
		if (jv_is_valid(v) && jv_get_kind(v) == JV_KIND_OBJECT) {
			jv_free(first);
			return v;
		}
		keep(&first, v);
	}
	if (jv_invalid_has_msg(jv_copy(first)))
		return first;
	jv_free(first);
	return jv_invalid_with_msg(jv_string("no JSON object in the reply"));
}

jv
llm_usage_json(const struct llm_usage *u)
{
	return JV_OBJECT(jv_string("calls"), jv_number((double)u->calls),
	    jv_string("prompt_tokens"), jv_number((double)u->prompt_tokens),
	    jv_string("completion_tokens"),
	    jv_number((double)u->completion_tokens));
}
