/*
 * search.c - Tavily, SearxNG and Wikipedia search (see search.h).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/http.h"
#include "core/json.h"
#include "core/text.h"
#include "core/util.h"
#include "services/search.h"

#ifndef MV_VERSION
#define MV_VERSION "0"
#endif

/* Wikimedia asks every client to name itself (its User-Agent policy). */
#define WIKI_AGENT "mv-research/" MV_VERSION " (mv, narrated story videos " \
	"for children; https://www.mediawiki.org/wiki/API:Etiquette) libcurl"

#define SEARX_AGENT "mv-research/" MV_VERSION " (mv)"

/* What the results of one step share while they are taken in. */
struct take {
	const struct safety *sf;
	jv results;	/* kept */
	jv seen;	/* object: URL key -> true */
	jv blocked;
	long found, kept, dropped, duplicates, skipped;
};

static int
is_blank(long c)
{
	return c == ' ' || (c >= 0x09 && c <= 0x0d) || c == 0x85 ||
	    c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
	    c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f ||
	    c == 0x3000;
}

/* Characters that only steer or hide text: controls, bidi, zero-width. */
static int
is_hidden(long c)
{
	return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) ||
	    c == 0xad || (c >= 0x200b && c <= 0x200f) ||
	    (c >= 0x202a && c <= 0x202e) || (c >= 0x2060 && c <= 0x2069) ||
	    c == 0xfeff || (c >= 0xfff9 && c <= 0xfffb) || c == 0xfffd ||
	    c == 0xfffe || c == 0xffff || (c >= 0xe0000 && c <= 0xe007f);
}

char *
search_clean(const char *s, size_t len, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	struct buf b = { 0 };
	size_t i = 0, k;
	int space = 0;
	char *text, *out;
	long c;

	buf_add(&b, "");
	while (i < len) {
		c = text_utf8_next(p + i, len - i, &k);
		if (c < 0) {
			i++;
			continue;
		}
		if (is_blank(c))
			space = 1;
		else if (!is_hidden(c)) {
			if (space && b.len > 0)
				buf_addn(&b, " ", 1);
			space = 0;
			buf_addn(&b, s + i, k);
		}
		i += k;
		/* Enough is kept to cut at a word; the rest is never read. */
		if (b.len > max + 256)
			break;
	}
	text = buf_take(&b);
	out = text_clip(text, max);
	free(text);
	return out;
}

static const struct {
	const char *name;
	long c;
} entities[] = {
	{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
	{ "apos", '\'' }, { "nbsp", 0xa0 }, { "ndash", 0x2013 },
	{ "mdash", 0x2014 }, { "hellip", 0x2026 }, { "lsquo", 0x2018 },
	{ "rsquo", 0x2019 }, { "ldquo", 0x201c }, { "rdquo", 0x201d },
	{ "laquo", 0xab }, { "raquo", 0xbb }, { "middot", 0xb7 },
	{ "copy", 0xa9 }, { "deg", 0xb0 },
};

/*
 * The character reference at s ('&'): its code point with *n its length,
 * 0 for one to drop, or -1 when it is none (kept as written).
 */
static long
entity(const char *s, size_t *n)
{
	const char *semi = strchr(s, ';');
	size_t len, i;
	char *end;
	long c;

	if (semi == NULL || semi - s > 12)
		return -1;
	len = (size_t)(semi - s) - 1;
	*n = len + 2;
	if (s[1] == '#') {
		int hex = s[2] == 'x' || s[2] == 'X';
		const char *d = s + 2 + hex;

		if (d == semi || !strchr("0123456789abcdefABCDEF", *d))
			return -1;
		c = strtol(d, &end, hex ? 16 : 10);
		if (end != semi)
			return -1;
		if (c <= 0 || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return 0;
		return c;
	}
	for (i = 0; i < sizeof(entities) / sizeof(entities[0]); i++)
		if (strlen(entities[i].name) == len &&
		    strncmp(s + 1, entities[i].name, len) == 0)
			return entities[i].c;
	return -1;
}

char *
search_html_text(const char *html)
{
	struct buf b = { 0 };
	const char *p = html;
	size_t n;
	long c;

	buf_add(&b, "");
	while (*p != '\0') {
		if (*p == '<') {
			const char *gt = strchr(p, '>');

			if (gt == NULL)
				break;
			p = gt + 1;
			continue;
		}
		if (*p == '&' && (c = entity(p, &n)) >= 0) {
			if (c > 0)
				text_utf8_put(&b, c);
			p += n;
			continue;
		}
		buf_addn(&b, p, 1);
		p++;
	}
	return buf_take(&b);
}

/* A jv string's bytes, NULs included, cleaned; "" for anything else. */
static char *
clean_jv(jv v, size_t max)
{
	if (jv_get_kind(v) != JV_KIND_STRING)
		return xstrdup("");
	return search_clean(jv_string_value(v),
	    (size_t)jv_string_length_bytes(jv_copy(v)), max);
}

/* The URL when it is one to keep: http(s), printable, not too long. */
static char *
good_url(jv v)
{
	const char *s;
	size_t len, i, bad;

	if (jv_get_kind(v) != JV_KIND_STRING)
		return NULL;
	s = jv_string_value(v);
	len = (size_t)jv_string_length_bytes(jv_copy(v));
	if (len > SEARCH_MAX_URL || strlen(s) != len ||
	    text_check_utf8(s, len, &bad) < 0)
		return NULL;
	if (strncasecmp(s, "http://", 7) != 0 &&
	    strncasecmp(s, "https://", 8) != 0)
		return NULL;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f ||
		    strchr("\"<>\\^`{|}", s[i]) != NULL)
			return NULL;
	if (strlen(s) <= strlen("https://"))
		return NULL;
	return xstrdup(s);
}

/* The key two URLs of the same page share: no fragment, no final '/'. */
static jv
url_key(const char *url)
{
	size_t n = strcspn(url, "#");

	while (n > 0 && url[n - 1] == '/')
		n--;
	return jv_string_sized(url, (int)n);
}

static int
blocked(struct take *t, const char *query, const char *field,
    const char *text)
{
	const char *entry;
	size_t off;

	if (!safety_find(t->sf, text, &entry, &off))
		return 0;
	t->blocked = jv_array_append(t->blocked, JV_OBJECT(
	    jv_string("query"), jv_string(query),
	    jv_string("field"), jv_string(field),
	    jv_string("entry"), jv_string(entry)));
	return 1;
}

/*
 * Takes one result in (title and content consumed; url malloc'd or NULL,
 * freed): returns 1 when it was kept.
 */
static int
take_one(struct take *t, const char *query, jv title, char *url,
    char *content)
{
	char *ti = clean_jv(title, SEARCH_MAX_TITLE);
	jv key;
	int kept = 0;

	jv_free(title);
	t->found++;
	if (url == NULL || (*ti == '\0' && *content == '\0')) {
		t->skipped++;
		goto out;
	}
	if (blocked(t, query, "title", ti) ||
	    blocked(t, query, "content", content) ||
	    blocked(t, query, "url", url)) {
		t->dropped++;
		goto out;
	}
	key = url_key(url);
	if (jv_object_has(jv_copy(t->seen), jv_copy(key))) {
		jv_free(key);
		t->duplicates++;
		goto out;
	}
	t->seen = jv_object_set(t->seen, key, jv_true());
	t->results = jv_array_append(t->results, JV_OBJECT(
	    jv_string("query"), jv_string(query),
	    jv_string("title"), jv_string(*ti != '\0' ? ti : url),
	    jv_string("url"), jv_string(url),
	    jv_string("content"), jv_string(content)));
	t->kept++;
	kept = 1;
out:
	free(ti);
	free(url);
	free(content);
	return kept;
}

/* Reads a reply's array of results (Tavily and SearxNG). */
static void
take_web(struct take *t, const char *query, jv list, long max)
{
	long n = 0;

	jv_array_foreach(list, i, r) {
		(void)i;
		if (n < max && jv_get_kind(r) == JV_KIND_OBJECT) {
			jv u = jv_object_get(jv_copy(r), jv_string("url"));
			jv c = jv_object_get(jv_copy(r), jv_string("content"));

			n += take_one(t, query, jv_object_get(jv_copy(r),
			    jv_string("title")), good_url(u),
			    clean_jv(c, SEARCH_MAX_CONTENT));
			jv_free(u);
			jv_free(c);
		} else if (n < max) {
			t->found++;
			t->skipped++;
		}
		jv_free(r);
	}
	jv_free(list);
}

/* Reads MediaWiki's query.search: HTML snippets, URLs from titles. */
static void
take_wiki(struct take *t, const char *query, jv list, long max,
    const char *base)
{
	long n = 0;

	jv_array_foreach(list, i, r) {
		(void)i;
		if (n < max && jv_get_kind(r) == JV_KIND_OBJECT) {
			jv ti = jv_object_get(jv_copy(r), jv_string("title"));
			jv sn = jv_object_get(jv_copy(r),
			    jv_string("snippet"));
			char *title = clean_jv(ti, SEARCH_MAX_TITLE);
			char *text = NULL, *url = NULL, *esc, *p;

			if (*title != '\0') {
				for (p = title; *p != '\0'; p++)
					if (*p == ' ')
						*p = '_';
				esc = http_escape(title);
				url = xasprintf("%s/wiki/%s", base, esc);
				free(esc);
			}
			if (jv_get_kind(sn) == JV_KIND_STRING) {
				char *plain = search_html_text(
				    jv_string_value(sn));

				text = search_clean(plain, strlen(plain),
				    SEARCH_MAX_CONTENT);
				free(plain);
			} else
				text = xstrdup("");
			n += take_one(t, query, ti, url, text);
			free(title);
			jv_free(sn);
		} else if (n < max) {
			t->found++;
			t->skipped++;
		}
		jv_free(r);
	}
	jv_free(list);
}

/*
 * Why a request failed, as "who: 401: message". Tavily puts its message
 * in detail.error, which lib/http does not look for.
 */
static char *
failure(const char *who, const struct http_req *r)
{
	jv body, msg = jv_invalid();
	char *why, *out;

	if (r->status >= 400 && r->resp != NULL) {
		body = json_parse(r->resp, r->resp_len);
		if (jv_get_kind(body) == JV_KIND_OBJECT)
			msg = jv_getpath(body, JV_ARRAY(jv_string("detail"),
			    jv_string("error")));
		else
			jv_free(body);
	}
	if (jv_get_kind(msg) == JV_KIND_STRING &&
	    r->err != NULL && strstr(r->err, "gave up") == NULL) {
		why = clean_jv(msg, 200);
		out = xasprintf("%s: %ld: %s", who, r->status, why);
		free(why);
	} else
		out = xasprintf("%s: %s", who, r->err != NULL ? r->err :
		    "request failed");
	jv_free(msg);
	if (strcmp(who, "searxng") == 0 && r->status == 429) {
		free(out);
		out = xasprintf("%s: 429: the instance's bot limiter refused "
		    "the request%s; use an instance of your own or one with "
		    "the limiter off and the JSON format enabled: set "
		    "MV_SEARCH_BASE_URL to it", who, r->attempts > 1 ?
		    " every time" : "");
	} else if (strcmp(who, "searxng") == 0 && r->status == 403) {
		why = out;
		out = xasprintf("%s (is the json format enabled in the "
		    "instance's settings.yml?)", why);
		free(why);
	}
	return out;
}

static void
build(const struct conf *c, const char *q, struct http_req *r)
{
	char *esc = http_escape(q), *path;

	memset(r, 0, sizeof(*r));
	r->max_bytes = SEARCH_MAX_REPLY;
	if (strcmp(c->provider, "tavily") == 0) {
		jv body = JV_OBJECT(jv_string("query"), jv_string(q),
		    jv_string("max_results"), jv_number(c->max_results),
		    jv_string("search_depth"), jv_string("basic"),
		    jv_string("topic"), jv_string("general"),
		    jv_string("include_answer"), jv_false(),
		    jv_string("include_raw_content"), jv_false(),
		    jv_string("include_images"), jv_false());
		jv dump = jv_dump_string(body, 0);

		r->method = "POST";
		r->url = http_url(c->base_url, "search");
		r->body = xstrdup(jv_string_value(dump));
		r->body_len = strlen(r->body);
		jv_free(dump);
		http_header(r, "Content-Type", "application/json");
		http_bearer(r, c->api_key);
	} else if (strcmp(c->provider, "searxng") == 0) {
		r->method = "GET";
		path = xasprintf("search?q=%s&format=json&safesearch=2", esc);
		r->url = http_url(c->base_url, path);
		free(path);
		/*
		 * SearxNG's bot limiter (searx/botdetection/http_accept.py,
		 * http_accept_language.py, http_user_agent.py) answers 429
		 * to an Accept without text/html, no Accept-Language or a
		 * bot's User-Agent; libcurl offers gzip and deflate.
		 */
		http_header(r, "Accept", "application/json, text/html;q=0.8, "
		    "*/*;q=0.5");
		http_header(r, "Accept-Language", "en-US,en;q=0.8");
		http_header(r, "User-Agent", SEARX_AGENT);
		free(esc);
		return;
	} else {
		r->method = "GET";
		path = xasprintf("w/api.php?action=query&list=search"
		    "&srsearch=%s&format=json&srlimit=%ld&utf8=1", esc,
		    c->max_results);
		r->url = http_url(c->base_url, path);
		free(path);
		http_header(r, "User-Agent", WIKI_AGENT);
	}
	http_header(r, "Accept", "application/json");
	free(esc);
}

/* Reads one reply into t: 0, or -1 with *err set. */
static int
reply(const struct conf *c, const char *q, const struct http_req *r,
    const char *base, struct take *t, char **err)
{
	jv doc, list;
	const char *who = c->provider;

	doc = r->resp != NULL ? json_parse(r->resp, r->resp_len) :
	    jv_invalid();
	if (!jv_is_valid(doc)) {
		jv_free(doc);
		*err = xasprintf("%s: the reply is not JSON", who);
		return -1;
	}
	if (jv_get_kind(doc) != JV_KIND_OBJECT) {
		*err = xasprintf("%s: the reply is not a JSON object", who);
		jv_free(doc);
		return -1;
	}
	if (strcmp(who, "wikipedia") == 0) {
		jv e = jv_object_get(jv_copy(doc), jv_string("error"));

		if (jv_get_kind(e) == JV_KIND_OBJECT) {
			/* MediaWiki reports API errors with status 200. */
			jv code = jv_object_get(jv_copy(e), jv_string("code"));
			jv info = jv_object_get(e, jv_string("info"));
			char *c1 = clean_jv(code, 60);
			char *c2 = clean_jv(info, 200);

			*err = xasprintf("%s: %s: %s", who, c1, c2);
			free(c1);
			free(c2);
			jv_free(code);
			jv_free(info);
			jv_free(doc);
			return -1;
		}
		jv_free(e);
		list = jv_getpath(doc, JV_ARRAY(jv_string("query"),
		    jv_string("search")));
		if (jv_get_kind(list) != JV_KIND_ARRAY) {
			jv_free(list);
			*err = xasprintf("%s: reply: query.search: expected "
			    "an array", who);
			return -1;
		}
		take_wiki(t, q, list, c->max_results, base);
		return 0;
	}
	list = jv_object_get(doc, jv_string("results"));
	if (jv_get_kind(list) != JV_KIND_ARRAY) {
		jv_free(list);
		*err = xasprintf("%s: reply: results: expected an array", who);
		return -1;
	}
	take_web(t, q, list, c->max_results);
	return 0;
}

jv
search_run(const struct conf *c, jv queries, const struct safety *sf,
    jv *report)
{
	struct take t = { sf, jv_array(), jv_object(), jv_array(),
		0, 0, 0, 0, 0 };
	struct http_req *r;
	char *err = NULL, *base;
	size_t n = 0, i, attempts = 0;
	jv out;

	if (strcmp(c->provider, "tavily") == 0 &&
	    (c->api_key == NULL || *c->api_key == '\0')) {
		*report = jv_object();
		jv_free(t.results);
		jv_free(t.seen);
		jv_free(t.blocked);
		return jv_invalid_with_msg(jv_string("TAVILY_API_KEY: not "
		    "set; tavily needs an API key"));
	}
	n = (size_t)jv_array_length(jv_copy(queries));
	r = xmalloc((n > 0 ? n : 1) * sizeof(*r));
	for (i = 0; i < n; i++) {
		jv q = jv_array_get(jv_copy(queries), (int)i);

		build(c, json_str(q), &r[i]);
		jv_free(q);
	}
	if (n > 0)
		http_run(r, n, &c->http);
	base = conf_public_url(c->base_url);
	for (i = 0; i < n; i++) {
		attempts += (size_t)r[i].attempts;
		if (err == NULL && r[i].err != NULL)
			err = failure(c->provider, &r[i]);
	}
	for (i = 0; i < n && err == NULL; i++) {
		jv q = jv_array_get(jv_copy(queries), (int)i);

		reply(c, json_str(q), &r[i], base, &t, &err);
		jv_free(q);
	}
	for (i = 0; i < n; i++)
		http_req_free(&r[i]);
	free(r);
	free(base);
	*report = JV_OBJECT(jv_string("queries"), jv_number((double)n),
	    jv_string("requests"), jv_number((double)attempts),
	    jv_string("found"), jv_number((double)t.found),
	    jv_string("kept"), jv_number((double)t.kept),
	    jv_string("dropped"), jv_number((double)t.dropped),
	    jv_string("duplicates"), jv_number((double)t.duplicates),
	    jv_string("skipped"), jv_number((double)t.skipped),
	    jv_string("blocked"), t.blocked);
	jv_free(t.seen);
	if (err != NULL) {
		/* It may quote the service: no key or password in it. */
		char *safe = http_redact(err);

		jv_free(t.results);
		out = jv_invalid_with_msg(jv_string(safe));
		free(safe);
		free(err);
		return out;
	}
	return t.results;
}

char *
search_extract(jv results, const struct safety *sf, size_t max)
{
	struct buf b = { 0 };
	const char *entry;
	size_t off;

	buf_add(&b, "");
	if (jv_get_kind(results) != JV_KIND_ARRAY)
		return buf_take(&b);
	jv_array_foreach(results, i, r) {
		jv c = jv_get_kind(r) == JV_KIND_OBJECT ?
		    jv_object_get(jv_copy(r), jv_string("content")) :
		    jv_invalid();
		char *s = text_first_sentence(json_str(c));
		size_t len = strlen(s);

		(void)i;
		if (text_words(s) >= 4 && text_ends_sentence(s) &&
		    (len < 3 || strcmp(s + len - 3, "...") != 0) &&
		    !safety_find(sf, s, &entry, &off) &&
		    strstr(b.s, s) == NULL &&
		    b.len + len + 1 <= max) {
			if (b.len > 0)
				buf_add(&b, " ");
			buf_add(&b, s);
		}
		free(s);
		jv_free(c);
		jv_free(r);
	}
	return buf_take(&b);
}
