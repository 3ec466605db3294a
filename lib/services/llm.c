/*
 * llm.c - OpenAI-compatible chat completions (see llm.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/http.h"
#include "core/json.h"
#include "core/util.h"
#include "services/llm.h"

/*
 * What endpoints have refused, learnt from a 400 and kept for the rest of
 * the program: a parameter is changed once, never back.
 */
static struct {
	int no_format;		/* response_format: not sent */
	int no_temperature;	/* temperature: not sent */
	int tokens;		/* the token limit's name: 0 the default, */
} learnt;			/* 1 max_tokens, 2 max_completion_tokens */

/* The longest part of a reply or a check's complaint quoted in errors. */
#define QUOTE_MAX 300

/* A reply as the endpoint gave it. */
struct reply {
	char *text;		/* malloc'd */
	int cut;		/* finish_reason "length" */
};

static int
fail(const struct conf *c, char **err, const char *why)
{
	/* The one redactor: every key in the environment, not only
	 * this provider's. */
	char *s = http_redact(why);

	*err = xasprintf("%s: %s", c->provider, s);
	free(s);
	return -1;
}

/* s contains what, ignoring case. */
static int
has(const char *s, const char *what)
{
	size_t n = strlen(what);

	for (; s != NULL && *s; s++)
		if (strncasecmp(s, what, n) == 0)
			return 1;
	return 0;
}

/*
 * A 400 (or a 422, as FastAPI servers send) that refuses the parameter
 * name: the error (OpenAI's message, and its error.param, in the body)
 * names it, with a word of refusal. OpenAI's are "Unsupported parameter: 'max_tokens' is
 * not supported with this model" and "Unsupported value: 'temperature'
 * does not support 0.3 with this model"; others say "unrecognized",
 * "unknown" or "extra inputs are not permitted". "max_tokens is too
 * large" is not a refusal of the name: changing it would not help. With
 * any, a mention is enough (LM Studio refuses response_format with
 * "'response_format.type' must be 'json_schema'").
 */
static int
rejected(const struct http_req *r, const char *name, int any)
{
	static const char *const refusal[] = { "unsupported",
		"not supported", "does not support", "unrecognized", "unknown",
		"not permitted", "not allowed", NULL };
	const char *hay[2] = { r->err, r->resp };
	int i, k;

	if (r->status != 400 && r->status != 422)
		return 0;
	for (i = 0; i < 2; i++) {
		if (!has(hay[i], name))
			continue;
		if (any)
			return 1;
		for (k = 0; refusal[k] != NULL; k++)
			if (has(hay[i], refusal[k]))
				return 1;
	}
	return 0;
}

/*
 * The default name of the token limit: OpenAI's own API has deprecated
 * max_tokens for max_completion_tokens (its OpenAPI spec: "not compatible
 * with o-series models"); other servers (Ollama, llama.cpp, vLLM, older
 * OpenRouter) may know only max_tokens.
 */
const char *
llm_token_param(const char *base_url)
{
	static const char host[] = "api.openai.com";
	const char *h = base_url != NULL ? strstr(base_url, "://") : NULL;
	size_t n = strlen(host);

	if (learnt.tokens != 0)
		return learnt.tokens == 2 ? "max_completion_tokens" :
		    "max_tokens";
	if (base_url == NULL)
		return "max_completion_tokens";
	if (h != NULL && strncasecmp(h + 3, host, n) == 0 &&
	    (h[3 + n] == '\0' || h[3 + n] == '/' || h[3 + n] == ':'))
		return "max_completion_tokens";
	return "max_tokens";
}

/*
 * After a failed request r: when its 400 refuses something that can be
 * changed, changes it (for this and every later call) and returns 1: ask
 * again. Else 0.
 */
static int
learn(const struct conf *c, const struct http_req *r, int json)
{
	const char *tok = llm_token_param(c->base_url);

	if (json && !learnt.no_format && (rejected(r, "response_format", 1) ||
	    rejected(r, "json_object", 1)))
		return learnt.no_format = 1;
	if (c->max_tokens > 0 && learnt.tokens == 0 && rejected(r, tok, 0)) {
		learnt.tokens = strcmp(tok, "max_tokens") == 0 ? 2 : 1;
		return 1;
	}
	if (c->temperature >= 0 && !learnt.no_temperature &&
	    rejected(r, "temperature", 0))
		return learnt.no_temperature = 1;
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

	if (c->temperature >= 0 && !learnt.no_temperature)
		body = jv_object_set(body, jv_string("temperature"),
		    jv_number(c->temperature));
	if (c->max_tokens > 0)
		body = jv_object_set(body,
		    jv_string(llm_token_param(c->base_url)),
		    jv_number((double)c->max_tokens));
	if (json && !learnt.no_format)
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

/*
 * "the reply was cut off ... before what: raise SETTING", true for what
 * was sent: the parameter and the limit, or none (the service's own), and
 * the setting that gave it (MV_<STEP>_MAX_TOKENS when set, else
 * MV_LLM_MAX_TOKENS). malloc'd.
 */
static char *
cut_why(const struct conf *c, const char *step, const char *what)
{
	char own[48] = "";
	const char *v;

	if (step != NULL)
		snprintf(own, sizeof own, "MV_%s_MAX_TOKENS", step);
	if (c->max_tokens <= 0)
		return xasprintf("the reply was cut off at the service's own "
		    "token limit before %s: set %s%sMV_LLM_MAX_TOKENS", what,
		    own, *own ? " or " : "");
	v = *own ? getenv(own) : NULL;
	return xasprintf("the reply was cut off at the token limit (%s %ld) "
	    "before %s: raise %s", llm_token_param(c->base_url),
	    c->max_tokens, what, v != NULL && *v ? own : "MV_LLM_MAX_TOKENS");
}

/* Reads a completion (resp) into *out; the usage into *u. */
static int
parse(const struct conf *c, const char *step, const char *resp, size_t len,
    struct reply *out, struct llm_usage *u, char **err)
{
	jv doc = json_parse(resp, len);
	jv choice, msg, content, finish, usage, e;
	char *why = NULL, *text = NULL;

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
			why = xstrdup("the reply was withheld by the "
			    "provider's content filter");
		else if (jv_get_kind(finish) == JV_KIND_STRING &&
		    strcmp(jv_string_value(finish), "length") == 0)
			why = cut_why(c, step, "any text");
		else
			why = xstrdup("the reply has no text");
		if (why != NULL)
			fail(c, err, why);
		free(why);
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
chat(const struct conf *c, const char *step, jv messages, int json,
    struct reply *out, struct llm_usage *u, char **err)
{
	struct http_req r;
	int rc = -1, tries;

	/* At most one more for each thing that can be learnt. */
	for (tries = 0; tries < 4; tries++) {
		memset(&r, 0, sizeof r);
		r.method = "POST";
		r.url = http_url(c->base_url != NULL ? c->base_url :
		    "https://api.openai.com/v1", "chat/completions");
		http_header(&r, "Content-Type", "application/json");
		http_header(&r, "Accept", "application/json");
		http_bearer(&r, c->api_key);
		r.body = request_body(c, messages, json);
		r.body_len = strlen(r.body);
		rc = http_one(&r, &c->http);
		u->seconds += r.seconds;
		if (rc < 0 && learn(c, &r, json)) {
			/* Asked again without it, here and from now on. */
			release(&r);
			continue;
		}
		break;
	}
	if (rc < 0)
		fail(c, err, r.err != NULL ? r.err : "the request failed");
	else {
		u->calls++;
		rc = parse(c, step, r.resp != NULL ? r.resp : "", r.resp_len,
		    out, u, err);
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
	int rc = chat(c, NULL, msgs, json, &r, u, err);

	jv_free(msgs);
	*reply = r.text;
	return rc;
}

int
llm_chat_json(const struct conf *c, const char *step, const char *system,
    const char *user, llm_check_fn *check, void *arg, int soft, jv *out,
    struct llm_usage *u, char **err)
{
	jv msgs = JV_ARRAY(message("system", system), message("user", user));
	jv obj, best = jv_invalid();
	struct reply r;
	char *why = NULL, *ask, *failed = NULL;
	int tries, d, bestd = 0;

	for (tries = 0; tries < 2 && failed == NULL; tries++) {
		memset(&r, 0, sizeof r);
		if (chat(c, step, msgs, 1, &r, u, &failed) < 0)
			break;
		obj = llm_extract_json(r.text);
		free(why);
		why = NULL;
		d = -1;
		if (!jv_is_valid(obj)) {
			jv m = jv_invalid_get_msg(obj);

			why = xstrdup(jv_get_kind(m) == JV_KIND_STRING ?
			    jv_string_value(m) : "no JSON object");
			jv_free(m);
			obj = jv_invalid();
		} else if (check == NULL ||
		    (d = check(jv_copy(obj), arg, &why)) == 0) {
			free(r.text);
			jv_free(msgs);
			jv_free(best);
			*out = obj;
			return 0;
		} else if (why == NULL)
			why = xstrdup("the object is not the one asked for");
		if (d > 0 && (!jv_is_valid(best) || d < bestd)) {
			/* Usable, only off a target of degree: the closest. */
			jv_free(best);
			best = obj;
			bestd = d;
		} else
			jv_free(obj);
		if (r.cut) {
			/* Asking again would be cut off again. */
			ask = xasprintf("its JSON was complete (%s)", why);
			failed = cut_why(c, step, ask);
			free(ask);
			ask = failed;
			fail(c, &failed, ask);
			free(ask);
		} else if (tries == 0) {
			/* The model sees its reply and what was wrong. */
			ask = xasprintf("That reply could not be used: %.*s. "
			    "Reply again with only the JSON object, in exactly "
			    "the shape asked for, and nothing before or after "
			    "it.", QUOTE_MAX, why);
			msgs = jv_array_append(msgs, message("assistant",
			    r.text));
			msgs = jv_array_append(msgs, message("user", ask));
			free(ask);
		}
		free(r.text);
	}
	jv_free(msgs);
	if (soft && jv_is_valid(best)) {
		/* Kept, for the caller to say how far off it is. */
		free(failed);
		free(why);
		*out = best;
		return 0;
	}
	jv_free(best);
	if (failed == NULL) {
		ask = xasprintf("the reply is not the JSON asked for: %.*s",
		    QUOTE_MAX, why);
		fail(c, &failed, ask);
		free(ask);
	}
	free(why);
	*err = failed;
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
