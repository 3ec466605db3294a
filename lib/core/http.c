#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <netdb.h>

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

/* libcurl is called through the table below: no type-checking macros. */
#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>
#include <jv.h>

#include "core/dynlib.h"
#include "core/http.h"
#include "core/json.h"
#include "core/ledger.h"
#include "core/limit.h"
#include "core/msg.h"
#include "core/util.h"

#ifndef MV_VERSION
#define MV_VERSION "0"
#endif

/*
 * libcurl's functions, loaded at the first request (http_init): a step
 * that makes none (every offline one) never loads libcurl and the thirty
 * libraries it needs, which took several times a process's own start.
 * The call sites keep libcurl's names, which these macros send through
 * the table.
 */
static struct {
	CURLcode (*global_init)(long);
	void (*global_cleanup)(void);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	void (*easy_cleanup)(CURL *);
	const char *(*easy_strerror)(CURLcode);
	CURLHcode (*easy_header)(CURL *, const char *, size_t, unsigned int,
	    int, struct curl_header **);
	time_t (*getdate)(const char *, const time_t *);
	CURLM *(*multi_init)(void);
	CURLMcode (*multi_add_handle)(CURLM *, CURL *);
	CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
	CURLMcode (*multi_perform)(CURLM *, int *);
	CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd[], unsigned int,
	    int, int *);
	CURLMsg *(*multi_info_read)(CURLM *, int *);
	CURLMcode (*multi_cleanup)(CURLM *);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
} cu;

static const struct dynlib_sym cu_names[] = {
	{ "curl_global_init", &cu.global_init },
	{ "curl_global_cleanup", &cu.global_cleanup },
	{ "curl_easy_init", &cu.easy_init },
	{ "curl_easy_setopt", &cu.easy_setopt },
	{ "curl_easy_getinfo", &cu.easy_getinfo },
	{ "curl_easy_cleanup", &cu.easy_cleanup },
	{ "curl_easy_strerror", &cu.easy_strerror },
	{ "curl_easy_header", &cu.easy_header },
	{ "curl_getdate", &cu.getdate },
	{ "curl_multi_init", &cu.multi_init },
	{ "curl_multi_add_handle", &cu.multi_add_handle },
	{ "curl_multi_remove_handle", &cu.multi_remove_handle },
	{ "curl_multi_perform", &cu.multi_perform },
	{ "curl_multi_poll", &cu.multi_poll },
	{ "curl_multi_info_read", &cu.multi_info_read },
	{ "curl_multi_cleanup", &cu.multi_cleanup },
	{ "curl_slist_append", &cu.slist_append },
	{ "curl_slist_free_all", &cu.slist_free_all },
};

#define curl_global_init (*cu.global_init)
#define curl_global_cleanup (*cu.global_cleanup)
#define curl_easy_init (*cu.easy_init)
/* (curl.h makes these two macros of three arguments.) */
#undef curl_easy_setopt
#undef curl_easy_getinfo
#define curl_easy_setopt (*cu.easy_setopt)
#define curl_easy_getinfo (*cu.easy_getinfo)
#define curl_easy_cleanup (*cu.easy_cleanup)
#define curl_easy_strerror (*cu.easy_strerror)
#define curl_easy_header (*cu.easy_header)
#define curl_getdate (*cu.getdate)
#define curl_multi_init (*cu.multi_init)
#define curl_multi_add_handle (*cu.multi_add_handle)
#define curl_multi_remove_handle (*cu.multi_remove_handle)
#define curl_multi_perform (*cu.multi_perform)
#define curl_multi_poll (*cu.multi_poll)
#define curl_multi_info_read (*cu.multi_info_read)
#define curl_multi_cleanup (*cu.multi_cleanup)
#define curl_slist_append (*cu.slist_append)
#define curl_slist_free_all (*cu.slist_free_all)

/* Why libcurl could not be loaded, once it could not. */
static char *cu_err;

/* Loads libcurl into cu; 0, or -1 with cu_err set. */
static int
cu_load(void)
{
	static const struct dynlib lib = {
		"libcurl", "libcurl.so.4", NULL, "7.83 or newer is needed",
		cu_names, DYNLIB_NSYMS(cu_names),
	};

	return dynlib_open(&lib, &cu_err) != NULL ? 0 : -1;
}

#define DEFAULT_MAX_BYTES ((size_t)64 << 20)
#define DEFAULT_BACKOFF_MS 500L
#define BACKOFF_CAP_MS 30000L
#define RETRY_AFTER_CAP_MS 120000L
#define CONNECT_TIMEOUT_MS 30000L
#define IDLE_TIMEOUT_MS 120000L
#define NOTE_EVERY_S 10
#define FIRST_LINE_MAX 200
#define MAX_HOPS 5
#define MESSAGE_MAX 400

enum { PENDING, RUNNING, DONE };

struct xfer {
	struct http_req *r;
	CURL *h;
	struct curl_slist *hdrs;
	char errbuf[CURL_ERROR_SIZE];
	struct buf resp;
	size_t max;
	int over;		/* the body passed max */
	int state;
	double ready_at;	/* monotonic seconds: when it may start */
	double t0;		/* the first attempt's start */
	double ta;		/* this attempt's start */
	char *why;		/* the last attempt's failure */
	long idle_ms;
	double last;		/* when a byte last went either way */
	curl_off_t moved;	/* bytes sent and received so far */
	int idle;		/* this attempt ended for being idle */
	int noted;		/* waiting notes printed (every 10 s) */
	char *url;		/* a redirect's target, or NULL: r->url */
	struct curl_slist *pin;	/* its checked addresses (CURLOPT_RESOLVE) */
	int hops;		/* redirects followed in this attempt */
	int hopping;		/* the next start follows a redirect */
	int foreign;		/* at another host: no secret headers */
	int slot;		/* its slot of the limits (lib/core/limit.h) */
	double charged;		/* its price reserved (lib/core/ledger.h) */
};

struct run {
	const struct http_opts *o;
	CURLM *m;
	struct xfer *x;
	size_t n, running;
	int concurrency;
	long backoff_ms;
	long idle_ms;
	int trace;
	struct rng rng;
	struct limit *lim;	/* the provider's limits, or NULL */
	struct ledger *led;	/* the budget's ledger, or NULL */
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
http_init(void)
{
	static int done;
	struct sigaction sa;

	if (done)
		return cu_err != NULL ? -1 : 0;
	done = 1;
	if (cu_load() < 0)
		return -1;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	atexit(curl_global_cleanup);
	/*
	 * With CURLOPT_NOSIGNAL libcurl leaves SIGPIPE to the program, and
	 * a peer closing a TLS connection must not kill it.
	 */
	if (sigaction(SIGPIPE, NULL, &sa) == 0 && sa.sa_handler == SIG_DFL)
		signal(SIGPIPE, SIG_IGN);
	return 0;
}

void
http_header(struct http_req *r, const char *name, const char *value)
{
	int i;

	for (i = 0; i < HTTP_MAX_HEADERS && r->headers[i] != NULL; i++)
		;
	if (i == HTTP_MAX_HEADERS)
		abort();	/* a caller's bug, like a buffer overflow */
	r->headers[i] = xasprintf("%s: %s", name, value);
}

void
http_bearer(struct http_req *r, const char *key)
{
	char *v;

	if (key == NULL || *key == '\0')
		return;
	v = xasprintf("Bearer %s", key);
	http_header(r, "Authorization", v);
	explicit_bzero(v, strlen(v));
	free(v);
}

static void
wipe_free(char *s)
{
	if (s != NULL) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

void
http_req_free(struct http_req *r)
{
	int i;

	free(r->url);
	for (i = 0; i < HTTP_MAX_HEADERS; i++)
		wipe_free(r->headers[i]);
	free(r->body);
	free(r->resp);
	free(r->content_type);
	free(r->err);
	memset(r, 0, sizeof *r);
}

char *
http_url(const char *base, const char *path)
{
	size_t n = strlen(base);

	while (n > 0 && base[n - 1] == '/')
		n--;
	while (*path == '/')
		path++;
	return xasprintf("%.*s/%s", (int)n, base, path);
}

char *
http_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b = { 0 };
	const unsigned char *c;

	for (c = (const unsigned char *)s; *c; c++) {
		if (isalnum(*c) || strchr("-._~", *c) != NULL) {
			buf_addn(&b, (const char *)c, 1);
		} else {
			char e[3] = { '%', hex[*c >> 4], hex[*c & 15] };

			buf_addn(&b, e, 3);
		}
	}
	return buf_take(&b);
}

/* Whether a query parameter's name says its value is a credential. */
static int
secret_name(const char *name, size_t k)
{
	char lname[32];
	size_t i;

	for (i = 0; i < k && i < sizeof lname - 1; i++)
		lname[i] = (char)tolower((unsigned char)name[i]);
	lname[i] = '\0';
	return strstr(lname, "key") || strstr(lname, "token") ||
	    strstr(lname, "secret") || strstr(lname, "pass") ||
	    strstr(lname, "auth") || strstr(lname, "sig");
}

char *
http_public_url(const char *url, int keep_query)
{
	struct buf b = { 0 };
	const char *p, *host, *end, *at, *q;

	if (url == NULL)
		return NULL;
	p = strstr(url, "://");
	host = p != NULL ? p + 3 : url;
	end = host + strcspn(host, "/?#");
	/* RFC 3986 3.2.1: the userinfo ends at the last '@' of the authority. */
	at = NULL;
	for (q = host; q < end; q++)
		if (*q == '@')
			at = q;
	buf_addn(&b, url, (size_t)(host - url));
	if (at != NULL)
		host = at + 1;
	q = end + strcspn(end, "?#");
	buf_addn(&b, host, (size_t)(q - host));
	if (!keep_query) {
		buf_add(&b, "");
		return buf_take(&b);
	}
	while (*q) {
		size_t k = strcspn(q + 1, "=&#");
		const char *name = q + 1;
		int secret;

		buf_addn(&b, q, 1 + k);
		if (*q == '#') {
			buf_add(&b, q + 1 + k);
			break;
		}
		secret = secret_name(name, k);
		q = name + k;
		if (*q == '=') {
			size_t v = strcspn(q + 1, "&#");

			if (secret)
				buf_add(&b, "=***");
			else
				buf_addn(&b, q, 1 + v);
			q += 1 + v;
		}
	}
	buf_add(&b, "");
	return buf_take(&b);
}

/* Whether an environment variable's name says it holds a secret. */
static int
secret_var(const char *name, size_t n)
{
	static const char *const ends[] = { "_KEY", "_TOKEN", "_SECRET",
		"_PASSWORD", "_PASSWD", NULL };
	size_t i, k;

	for (i = 0; ends[i] != NULL; i++) {
		k = strlen(ends[i]);
		if (n >= k && strncmp(name + n - k, ends[i], k) == 0)
			return 1;
	}
	return 0;
}

/* s with every occurrence of secret (n = its length) as "***"; consumes s. */
static char *
mask(char *s, const char *secret, size_t n)
{
	struct buf b = { 0 };
	char *p, *hit;

	if (n < 6 || strstr(s, secret) == NULL)
		return s;
	for (p = s; (hit = strstr(p, secret)) != NULL;
	    p = hit + n) {
		buf_addn(&b, p, (size_t)(hit - p));
		buf_add(&b, "***");
	}
	buf_add(&b, p);
	explicit_bzero(s, strlen(s));
	free(s);
	return buf_take(&b);
}

extern char **environ;

char *
http_redact(const char *text)
{
	struct buf b = { 0 };
	const char *p, *w;
	char **e, *s;

	if (text == NULL)
		return NULL;
	/* Bearer tokens and the userinfo of URLs, wherever they are. */
	for (p = text; *p; ) {
		if (strncasecmp(p, "bearer ", 7) == 0 &&
		    (p == text || !isalnum((unsigned char)p[-1]))) {
			w = p + 7;
			w += strspn(w, " ");
			if (strspn(w, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
			    "qrstuvwxyz0123456789-._~+/=") >= 6) {
				buf_addn(&b, p, 7);
				buf_add(&b, "***");
				p = w + strspn(w, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "abcdefghijklmnopqrstuvwxyz0123456789"
				    "-._~+/=");
				continue;
			}
		}
		if (strncmp(p, "://", 3) == 0) {
			const char *a = p + 3, *end, *at = NULL, *q;

			end = a + strcspn(a, "/?# \t\r\n\"'<>");
			for (q = a; q < end; q++)
				if (*q == '@')
					at = q;
			buf_add(&b, "://");
			if (at != NULL) {
				buf_add(&b, "***@");
				p = at + 1;
			} else
				p = a;
			continue;
		}
		buf_addn(&b, p, 1);
		p++;
	}
	buf_add(&b, "");
	s = buf_take(&b);
	/* The value of every variable of the environment that holds a key. */
	for (e = environ; e != NULL && *e != NULL; e++) {
		const char *eq = strchr(*e, '=');

		if (eq != NULL && secret_var(*e, (size_t)(eq - *e)))
			s = mask(s, eq + 1, strlen(eq + 1));
	}
	return s;
}

/* Whether a header is known to hold no secret (all others may). */
static int
plain_header(const char *h, size_t n)
{
	static const char *const plain[] = {
		"accept", "accept-encoding", "accept-language", "content-type",
		"user-agent", "expect", "http-referer", "x-title",
		"openai-beta", "anthropic-version", NULL,
	};
	size_t i;

	for (i = 0; plain[i] != NULL; i++)
		if (strlen(plain[i]) == n && strncasecmp(h, plain[i], n) == 0)
			return 1;
	return 0;
}

/*
 * Each header's value (and its last word, a "Bearer" token) as "***",
 * wherever a provider's message echoes it.
 */
static char *
redact(char *s, char *const *headers)
{
	int i;

	for (i = 0; i < HTTP_MAX_HEADERS && headers[i] != NULL; i++) {
		const char *v = strchr(headers[i], ':'), *w;

		if (v == NULL || plain_header(headers[i],
		    (size_t)(v - headers[i])))
			continue;
		v += strspn(v + 1, " \t") + 1;
		w = strrchr(v, ' ');
		w = w != NULL ? w + 1 : v;
		s = mask(s, v, strlen(v));
		s = mask(s, w, strlen(w));
	}
	return s;
}

/* s[0..n) on one line: control characters dropped, at most max bytes. */
static void
add_clean(struct buf *b, const char *s, size_t n, size_t max)
{
	size_t i, start = b->len;

	for (i = 0; i < n && b->len - start < max; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\n' || c == '\r' || c == '\t') {
			if (b->len > start && b->s[b->len - 1] != ' ')
				buf_addn(b, " ", 1);
		} else if (c >= 0x20 && c != 0x7f)
			buf_addn(b, s + i, 1);
	}
	/* Do not end in the middle of a UTF-8 sequence. */
	if (i < n) {
		while (b->len > start &&
		    ((unsigned char)b->s[b->len - 1] & 0xc0) == 0x80)
			b->len--;
		if (b->len > start && ((unsigned char)b->s[b->len - 1]) >= 0xc0)
			b->len--;
		b->s[b->len] = '\0';
	}
	while (b->len > start && b->s[b->len - 1] == ' ')
		b->s[--b->len] = '\0';
}

/* v's string value when v is a nonempty string; consumes v. */
static int
take_string(jv v, struct buf *b)
{
	int ok = jv_get_kind(v) == JV_KIND_STRING &&
	    jv_string_length_bytes(jv_copy(v)) > 0;

	if (ok) {
		const char *s = jv_string_value(v);

		add_clean(b, s, strlen(s), MESSAGE_MAX);
	}
	jv_free(v);
	return ok;
}

/* detail's message (a string, detail.message, or FastAPI's [{"msg"}]). */
static int
take_detail(jv v, struct buf *b)
{
	jv e = jv_object_get(jv_copy(v), jv_string("detail"));
	int ok = 0;

	if (jv_get_kind(e) == JV_KIND_OBJECT)
		ok = take_string(jv_object_get(jv_copy(e), jv_string("message")),
		    b);
	else if (jv_get_kind(e) == JV_KIND_ARRAY &&
	    jv_array_length(jv_copy(e)) > 0) {
		jv d = jv_array_get(jv_copy(e), 0);

		if (jv_get_kind(d) == JV_KIND_OBJECT)
			ok = take_string(jv_object_get(jv_copy(d),
			    jv_string("msg")), b);
		jv_free(d);
	} else
		ok = take_string(jv_copy(e), b);
	jv_free(e);
	return ok;
}

/* The body as a JSON object (the first element of an array), or invalid. */
static jv
body_object(const char *body, size_t len)
{
	jv v = json_parse(body, len);

	if (jv_get_kind(v) == JV_KIND_ARRAY && jv_array_length(jv_copy(v)) > 0)
		v = jv_array_get(v, 0);
	if (jv_get_kind(v) != JV_KIND_OBJECT) {
		jv_free(v);
		return jv_invalid();
	}
	return v;
}

/* The provider's message in a JSON error body, into b; 0 if none. */
static int
json_message(const char *body, size_t len, struct buf *b)
{
	jv v = body_object(body, len), e;
	int ok = 0;

	if (!jv_is_valid(v))
		return 0;
	e = jv_object_get(jv_copy(v), jv_string("error"));
	if (jv_get_kind(e) == JV_KIND_OBJECT)
		ok = take_string(jv_object_get(jv_copy(e), jv_string("message")),
		    b);
	else if (jv_get_kind(e) == JV_KIND_STRING &&
	    strchr(jv_string_value(e), ' ') == NULL)
		/*
		 * FastAPI (A1111): {"error": "HTTPException", "detail": "Sampler
		 * not found"}: the exception's name says less than its detail.
		 */
		ok = take_detail(v, b) || take_string(jv_copy(e), b);
	else
		ok = take_string(jv_copy(e), b);
	jv_free(e);
	if (!ok)
		ok = take_detail(v, b);
	if (!ok)
		ok = take_string(jv_object_get(jv_copy(v),
		    jv_string("message")), b);
	jv_free(v);
	return ok;
}

/*
 * Whether the body is OpenAI's "insufficient_quota" error, which no retry
 * mends: {"error": {"type": or "code": "insufficient_quota"}}.
 */
static int
out_of_credit(const char *body, size_t len)
{
	jv v = body_object(body, len), e;
	int yes = 0, i;

	if (!jv_is_valid(v))
		return 0;
	e = jv_object_get(v, jv_string("error"));
	for (i = 0; i < 2 && !yes && jv_get_kind(e) == JV_KIND_OBJECT; i++) {
		jv c = jv_object_get(jv_copy(e), jv_string(i ? "type" :
		    "code"));

		yes = jv_get_kind(c) == JV_KIND_STRING &&
		    strcmp(jv_string_value(c), "insufficient_quota") == 0;
		jv_free(c);
	}
	jv_free(e);
	return yes;
}

char *
http_reply_message(const char *body, size_t len)
{
	struct buf b = { 0 };
	char *s;

	if (body == NULL || len == 0 || !json_message(body, len, &b)) {
		free(buf_take(&b));
		return NULL;
	}
	s = http_redact(b.s);
	free(buf_take(&b));
	return s;
}

static const char *
reason(long status)
{
	static const struct {
		long status;
		const char *text;
	} t[] = {
		{ 400, "Bad Request" }, { 401, "Unauthorized" },
		{ 402, "Payment Required" }, { 403, "Forbidden" },
		{ 404, "Not Found" }, { 405, "Method Not Allowed" },
		{ 408, "Request Timeout" }, { 409, "Conflict" },
		{ 413, "Payload Too Large" }, { 415, "Unsupported Media Type" },
		{ 422, "Unprocessable Entity" }, { 425, "Too Early" },
		{ 429, "Too Many Requests" }, { 500, "Internal Server Error" },
		{ 502, "Bad Gateway" }, { 503, "Service Unavailable" },
		{ 504, "Gateway Timeout" },
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		if (t[i].status == status)
			return t[i].text;
	return "HTTP error";
}

/* "401: message" for a response that is not a 2xx. */
static char *
status_why(long status, const char *body, size_t len)
{
	struct buf b = { 0 };

	buf_addf(&b, "%ld: ", status);
	if (len == 0 || !json_message(body, len, &b)) {
		size_t start = b.len, n = strcspn(body, "\r\n");

		add_clean(&b, body, n, FIRST_LINE_MAX);
		if (b.len == start)
			buf_add(&b, reason(status));
	}
	return buf_take(&b);
}

static int
retry_status(long s)
{
	return s == 408 || s == 409 || s == 425 || s == 429 ||
	    (s >= 500 && s <= 599);
}

/* curl's error text with a lower-case first letter. */
static char *
curl_why(struct xfer *x, CURLcode rc)
{
	char *s = xstrdup(x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc));

	if (isupper((unsigned char)s[0]) && !isupper((unsigned char)s[1]))
		s[0] = (char)tolower((unsigned char)s[0]);
	return s;
}

static char *
seconds_str(long ms)
{
	return xasprintf("%g s", (double)ms / 1000);
}

/* The whole seconds of variable name, in ms (1 s to 1 h), or dflt. */
static long
env_ms(const char *name, long dflt)
{
	const char *s = getenv(name);
	char *end;
	long v;

	if (s != NULL && *s != '\0') {
		errno = 0;
		v = strtol(s, &end, 10);
		if (errno == 0 && *end == '\0' && v >= 1 && v <= 3600)
			return v * 1000;
	}
	return dflt;
}

static long
connect_ms(const struct http_opts *o)
{
	long c = env_ms("MV_CONNECT_TIMEOUT", CONNECT_TIMEOUT_MS);

	return o->timeout_ms < c ? o->timeout_ms : c;
}

/* Why an attempt failed, and whether a retry might help. */
static char *
classify(struct run *run, struct xfer *x, CURLcode rc, long status,
    int *retry)
{
	long oserr = 0, conn_ms, connected = 0;
	char *t, *why;
	curl_off_t ct = 0;

	*retry = 0;
	curl_easy_getinfo(x->h, CURLINFO_OS_ERRNO, &oserr);
	switch (rc) {
	case CURLE_OK:
		if (status >= 200 && status <= 299)
			return NULL;
		*retry = retry_status(status);
		why = status_why(status, x->resp.s ? x->resp.s : "",
		    x->resp.len);
		if (x->resp.len > 0 && out_of_credit(x->resp.s, x->resp.len)) {
			/* "429: out of credit: You exceeded your current..." */
			t = why;
			why = xasprintf("%ld: out of credit: %s", status,
			    t + strcspn(t, " ") + 1);
			free(t);
			*retry = 0;
		}
		return why;
	case CURLE_WRITE_ERROR:
	case CURLE_FILESIZE_EXCEEDED:
		if (rc == CURLE_FILESIZE_EXCEEDED)
			x->over = 1;
		if (x->over)
			return xasprintf("response larger than %zu bytes",
			    x->max);
		return curl_why(x, rc);
	case CURLE_ABORTED_BY_CALLBACK:
		if (!x->idle)
			return curl_why(x, rc);
		*retry = 1;
		t = seconds_str(x->idle_ms);
		why = xasprintf("no reply: nothing received for %s", t);
		free(t);
		return why;
	case CURLE_SSL_CONNECT_ERROR:
		if (oserr == ECONNRESET) {
			*retry = 1;
			return xstrdup("connection reset");
		}
		t = curl_why(x, rc);
		if (strstr(t, "wrong version number") != NULL)
			why = xstrdup("TLS handshake failed: the server speaks "
			    "plain HTTP at this address? (wrong version "
			    "number)");
		else
			why = xasprintf("TLS handshake failed: %s", t);
		free(t);
		return why;
	case CURLE_PEER_FAILED_VERIFICATION:
		t = curl_why(x, rc);
		why = xasprintf("the server's TLS certificate was refused: %s",
		    t);
		free(t);
		return why;
	case CURLE_OPERATION_TIMEDOUT:
		*retry = 1;
		curl_easy_getinfo(x->h, CURLINFO_CONNECT_TIME_T, &ct);
		connected = ct > 0 || status > 0;
		conn_ms = connect_ms(run->o);
		t = seconds_str(connected ? run->o->timeout_ms : conn_ms);
		why = xasprintf("%stimed out after %s",
		    connected ? "" : "connection ", t);
		free(t);
		return why;
	case CURLE_COULDNT_CONNECT:
		*retry = 1;
		if (oserr == ECONNREFUSED)
			return xstrdup("connection refused");
		return curl_why(x, rc);
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
		*retry = 1;
		if (oserr == ECONNRESET)
			return xstrdup("connection reset");
		return curl_why(x, rc);
	case CURLE_PARTIAL_FILE:
		*retry = 1;
		t = curl_why(x, rc);
		why = xasprintf("truncated response: %s", t);
		free(t);
		return why;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_GOT_NOTHING:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_HTTP3:
	case CURLE_QUIC_CONNECT_ERROR:
		*retry = 1;
		return curl_why(x, rc);
	default:
		return curl_why(x, rc);
	}
}

/* The server's wish, in ms (at most 2 minutes), or -1. */
static long
retry_after(CURL *h)
{
	struct curl_header *hd;
	char *end;
	double v;
	time_t t;

	if (curl_easy_header(h, "retry-after-ms", 0, CURLH_HEADER, -1,
	    &hd) == CURLHE_OK) {
		v = strtod(hd->value, &end);
		if (end != hd->value && v >= 0)
			return v > RETRY_AFTER_CAP_MS ? RETRY_AFTER_CAP_MS :
			    (long)v;
	}
	if (curl_easy_header(h, "retry-after", 0, CURLH_HEADER, -1, &hd) !=
	    CURLHE_OK)
		return -1;
	v = strtod(hd->value, &end);
	if (end != hd->value && *end == '\0' && v >= 0)
		return v * 1000 > RETRY_AFTER_CAP_MS ? RETRY_AFTER_CAP_MS :
		    (long)(v * 1000);
	t = curl_getdate(hd->value, NULL);
	if (t == -1)
		return -1;
	v = difftime(t, time(NULL));
	if (v < 0)
		return 0;
	return v * 1000 > RETRY_AFTER_CAP_MS ? RETRY_AFTER_CAP_MS :
	    (long)(v * 1000);
}

/* Full jitter: uniform in [0, min(cap, base * 2^(attempt - 1))]. */
static long
backoff(struct run *run, int attempt)
{
	double top = (double)run->backoff_ms;
	int i;

	for (i = 1; i < attempt && top < BACKOFF_CAP_MS; i++)
		top *= 2;
	if (top > BACKOFF_CAP_MS)
		top = BACKOFF_CAP_MS;
	return (long)rng_range(&run->rng, 0, top + 1);
}

static size_t
on_data(char *p, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;

	n *= size;
	if (x->resp.len + n > x->max) {
		x->over = 1;
		return 0;
	}
	buf_addn(&x->resp, p, n);
	return n;
}

/* Ends an attempt that moved no byte for idle_ms. */
static int
on_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow,
    curl_off_t ultotal, curl_off_t ulnow)
{
	struct xfer *x = arg;
	double t = now();

	(void)dltotal;
	(void)ultotal;
	if (dlnow + ulnow != x->moved) {
		x->moved = dlnow + ulnow;
		x->last = t;
	} else if ((t - x->last) * 1000 >= (double)x->idle_ms) {
		x->idle = 1;
		return 1;
	}
	return 0;
}

/* The host (and port) of url, as it may be shown. malloc'd. */
static char *
url_host(const char *url)
{
	char *u = http_public_url(url, 0), *h = strstr(u, "://"), *out;

	h = h != NULL ? h + 3 : u;
	out = xasprintf("%.*s", (int)strcspn(h, "/"), h);
	free(u);
	return out;
}

/* Every 10 s, what the oldest request still without a reply waits for. */
static void
note_waiting(struct run *run)
{
	struct xfer *old = NULL;
	double t = now();
	size_t i;
	int k;
	char *host;

	for (i = 0; i < run->n; i++) {
		struct xfer *x = &run->x[i];

		if (x->state == RUNNING && x->resp.len == 0 &&
		    (old == NULL || x->ta < old->ta))
			old = x;
	}
	if (old == NULL)
		return;
	k = (int)((t - old->ta) / NOTE_EVERY_S);
	if (k <= old->noted)
		return;
	old->noted = k;
	host = url_host(old->r->url);
	msg_note("%s: waiting for a reply from %s (%d s)",
	    run->o->who ? run->o->who : "http", host, k * NOTE_EVERY_S);
	free(host);
}

static void
trace_start(struct run *run, struct xfer *x)
{
	char *u;

	if (!run->trace)
		return;
	u = http_public_url(x->r->url, 1);
	fprintf(stderr, "http: %s %s (%s)\n",
	    x->r->method ? x->r->method : "GET", u,
	    run->o->who ? run->o->who : "http");
	free(u);
}

static void
trace_end(struct run *run, struct xfer *x, const char *why, long wait_ms)
{
	struct http_req *r = x->r;
	char *u;

	if (!run->trace)
		return;
	u = http_public_url(r->url, 1);
	fprintf(stderr, "http: %s %s (%s): ", r->method ? r->method : "GET",
	    u, run->o->who ? run->o->who : "http");
	if (why == NULL)
		fprintf(stderr, "%ld, %zu bytes in %.2f s, attempt %d",
		    r->status, x->resp.len, now() - x->ta, r->attempts);
	else if (wait_ms >= 0)
		fprintf(stderr, "%s; retry in %.2f s (attempt %d of %d)", why,
		    (double)wait_ms / 1000, r->attempts,
		    run->o->retries + 1);
	else
		fprintf(stderr, "%s (attempt %d)", why, r->attempts);
	fputc('\n', stderr);
	free(u);
}

static void
drop_handle(struct run *run, struct xfer *x)
{
	struct curl_slist *l;

	if (x->h == NULL)
		return;
	curl_multi_remove_handle(run->m, x->h);
	curl_easy_cleanup(x->h);
	x->h = NULL;
	for (l = x->hdrs; l != NULL; l = l->next)
		explicit_bzero(l->data, strlen(l->data));
	curl_slist_free_all(x->hdrs);
	x->hdrs = NULL;
	run->running--;
	limit_give(run->lim, &x->slot);
}

/* The host of url (no userinfo, port or brackets) into h; 0 or -1. */
static int
url_hostname(const char *url, char *h, size_t size, int *port)
{
	const char *p = strstr(url, "://"), *a, *end, *q, *c;
	size_t n;

	if (p == NULL)
		return -1;
	*port = strncasecmp(url, "https", 5) == 0 ? 443 : 80;
	a = p + 3;
	end = a + strcspn(a, "/?#");
	for (q = a; q < end; q++)
		if (*q == '@')
			a = q + 1;
	if (*a == '[') {
		c = memchr(a, ']', (size_t)(end - a));
		if (c == NULL)
			return -1;
		n = (size_t)(c - a - 1);
		a++;
		c++;
	} else {
		c = memchr(a, ':', (size_t)(end - a));
		n = (size_t)((c != NULL ? c : end) - a);
	}
	if (c != NULL && c < end && *c == ':')
		*port = atoi(c + 1);
	if (n == 0 || n >= size)
		return -1;
	memcpy(h, a, n);
	h[n] = '\0';
	return 0;
}

/*
 * Whether addr is a public unicast address: not unspecified, loopback,
 * private (RFC 1918, fc00::/7), CGNAT (100.64/10), link-local,
 * multicast or reserved (240/4).
 */
static int
public_addr(const struct sockaddr *sa)
{
	const unsigned char *b;
	uint32_t v;

	if (sa->sa_family == AF_INET6) {
		const struct in6_addr *a6 =
		    &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;

		b = a6->s6_addr;
		if (IN6_IS_ADDR_V4MAPPED(a6) || IN6_IS_ADDR_V4COMPAT(a6)) {
			v = (uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 |
			    (uint32_t)b[14] << 8 | b[15];
			goto v4;
		}
		return !(IN6_IS_ADDR_UNSPECIFIED(a6) ||
		    IN6_IS_ADDR_LOOPBACK(a6) || IN6_IS_ADDR_LINKLOCAL(a6) ||
		    IN6_IS_ADDR_SITELOCAL(a6) || IN6_IS_ADDR_MULTICAST(a6) ||
		    (b[0] & 0xfe) == 0xfc);
	}
	if (sa->sa_family != AF_INET)
		return 0;
	v = ntohl(((const struct sockaddr_in *)(const void *)sa)->
	    sin_addr.s_addr);
v4:
	return !((v >> 24) == 0 || (v >> 24) == 10 || (v >> 24) == 127 ||
	    (v & 0xffc00000u) == 0x64400000u ||	/* 100.64/10 */
	    (v & 0xffff0000u) == 0xa9fe0000u ||	/* 169.254/16 */
	    (v & 0xfff00000u) == 0xac100000u ||	/* 172.16/12 */
	    (v & 0xffff0000u) == 0xc0a80000u ||	/* 192.168/16 */
	    (v >> 28) >= 14);			/* multicast, 240/4 */
}

/*
 * Whether x may follow a redirect to url: to the request's own host
 * name (any port, http or https), or over https to a host whose every
 * address is public, which is then pinned (x->pin) so that the
 * connection goes to the addresses checked. NULL, or why not.
 */
static char *
redirect_ok(struct xfer *x, const char *url)
{
	char from[256], to[256], addr[INET6_ADDRSTRLEN], *why = NULL;
	struct addrinfo hints, *res = NULL, *ai;
	struct buf pin = { 0 };
	int pf, pt, rc;

	if (strncasecmp(url, "http://", 7) != 0 &&
	    strncasecmp(url, "https://", 8) != 0)
		return xstrdup("redirect to a URL that is not http(s) "
		    "refused");
	if (url_hostname(x->r->url, from, sizeof from, &pf) < 0 ||
	    url_hostname(url, to, sizeof to, &pt) < 0)
		return xstrdup("redirect to a malformed URL refused");
	x->foreign = x->foreign || strcasecmp(from, to) != 0;
	curl_slist_free_all(x->pin);
	x->pin = NULL;
	if (strcasecmp(from, to) == 0)
		return NULL;
	if (strncasecmp(url, "https://", 8) != 0)
		return xasprintf("redirect to %s refused: another host, and "
		    "not https", to);
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	if ((rc = getaddrinfo(to, NULL, &hints, &res)) != 0)
		return xasprintf("redirect to %s: %s", to, gai_strerror(rc));
	buf_addf(&pin, "%s:%d:", to, pt);
	for (ai = res; ai != NULL && why == NULL; ai = ai->ai_next) {
		const void *a = ai->ai_family == AF_INET6 ?
		    (const void *)&((struct sockaddr_in6 *)(void *)
		    ai->ai_addr)->sin6_addr :
		    (const void *)&((struct sockaddr_in *)(void *)
		    ai->ai_addr)->sin_addr;

		if (inet_ntop(ai->ai_family, a, addr, sizeof addr) == NULL)
			continue;
		if (!public_addr(ai->ai_addr))
			why = xasprintf("redirect to %s refused: it is %s, "
			    "not a public address", to, addr);
		else
			buf_addf(&pin, "%s%s%s%s", ai == res ? "" : ",",
			    ai->ai_family == AF_INET6 ? "[" : "", addr,
			    ai->ai_family == AF_INET6 ? "]" : "");
	}
	freeaddrinfo(res);
	if (why == NULL)
		x->pin = curl_slist_append(NULL, pin.s);
	free(buf_take(&pin));
	return why;
}

/* Back to the request's own URL, for a new attempt. */
static void
unhop(struct xfer *x)
{
	free(x->url);
	x->url = NULL;
	curl_slist_free_all(x->pin);
	x->pin = NULL;
	x->hops = 0;
	x->foreign = 0;
}

static void
fail(struct xfer *x, const char *why)
{
	free(x->r->err);
	x->r->err = xstrdup(why);
	x->state = DONE;
}

static void
start(struct run *run, struct xfer *x)
{
	struct http_req *r = x->r;
	const char *method = r->method ? r->method : "GET";
	long conn_ms;
	int i, ctype = 0;
	CURL *h;

	x->ta = now();
	if (r->attempts == 0)
		x->t0 = x->ta;
	if (!x->hopping)
		r->attempts++;
	x->hopping = 0;
	x->errbuf[0] = '\0';
	x->over = 0;
	x->idle = 0;
	x->noted = 0;
	x->moved = 0;
	x->last = x->ta;
	x->idle_ms = run->idle_ms;
	free(buf_take(&x->resp));
	if ((h = curl_easy_init()) == NULL) {
		fail(x, "libcurl: cannot make a handle");
		return;
	}
	x->h = h;
	for (i = 0; i < HTTP_MAX_HEADERS && r->headers[i] != NULL; i++) {
		const char *colon = strchr(r->headers[i], ':');

		if (strncasecmp(r->headers[i], "content-type:", 13) == 0)
			ctype = 1;
		/* Another host gets no header that may hold a secret. */
		if (x->foreign && (colon == NULL || !plain_header(r->headers[i],
		    (size_t)(colon - r->headers[i]))))
			continue;
		x->hdrs = curl_slist_append(x->hdrs, r->headers[i]);
	}
	if (r->body != NULL && !ctype)
		x->hdrs = curl_slist_append(x->hdrs,
		    "Content-Type: application/json");
	/* No "Expect: 100-continue" round trip before a large body. */
	x->hdrs = curl_slist_append(x->hdrs, "Expect:");
	conn_ms = connect_ms(run->o);
	curl_easy_setopt(h, CURLOPT_URL, x->url != NULL ? x->url : r->url);
	if (x->pin != NULL)
		curl_easy_setopt(h, CURLOPT_RESOLVE, x->pin);
	curl_easy_setopt(h, CURLOPT_PRIVATE, x);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, x->hdrs);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "mv/" MV_VERSION);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, run->o->timeout_ms);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, conn_ms);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(h, CURLOPT_XFERINFODATA, x);
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)x->max);
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	/* Redirects are followed by finish, each target checked. */
	if (strcmp(method, "GET") == 0)
		;
	else if (strcmp(method, "POST") == 0 || r->body != NULL) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)(r->body != NULL ? r->body_len : 0));
		curl_easy_setopt(h, CURLOPT_POSTFIELDS,
		    r->body != NULL ? r->body : "");
		if (strcmp(method, "POST") != 0)
			curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	} else
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	if (curl_multi_add_handle(run->m, h) != CURLM_OK) {
		curl_easy_cleanup(h);
		x->h = NULL;
		fail(x, "libcurl: cannot add a transfer");
		return;
	}
	run->running++;
	x->state = RUNNING;
	trace_start(run, x);
}

static void
finish(struct run *run, struct xfer *x, CURLcode rc)
{
	struct http_req *r = x->r;
	char *ctype = NULL, *why;
	long wait_ms = -1;
	int retry;

	curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &r->status);
	if (rc == CURLE_OK && (r->method == NULL ||
	    strcmp(r->method, "GET") == 0) && (r->status == 301 ||
	    r->status == 302 || r->status == 303 || r->status == 307 ||
	    r->status == 308)) {
		char *loc = NULL;

		curl_easy_getinfo(x->h, CURLINFO_REDIRECT_URL, &loc);
		if (loc == NULL)
			why = xasprintf("%ld: a redirect without a Location",
			    r->status);
		else if (x->hops >= MAX_HOPS)
			why = xasprintf("more than %d redirects", MAX_HOPS);
		else
			why = redirect_ok(x, loc);
		if (why == NULL) {
			char *u = http_public_url(loc, 1);

			if (run->trace)
				fprintf(stderr, "http: %ld: redirect to %s\n",
				    r->status, u);
			free(u);
			free(x->url);
			x->url = xstrdup(loc);
			x->hops++;
			x->hopping = 1;
			drop_handle(run, x);
			free(buf_take(&x->resp));
			x->state = PENDING;
			x->ready_at = now();
			return;
		}
		retry = 0;
	} else
		why = classify(run, x, rc, r->status, &retry);
	if (why != NULL) {
		char *t = http_redact(why = redact(why, r->headers));

		free(why);
		why = t;
	}
	/* An idle server is tried twice at most: silent twice, it is dead. */
	if (why != NULL && retry && r->attempts <= run->o->retries &&
	    !(x->idle && r->attempts >= 2)) {
		wait_ms = retry_after(x->h);
		if (wait_ms < 0)
			wait_ms = backoff(run, r->attempts);
	}
	trace_end(run, x, why, wait_ms);
	free(r->content_type);
	r->content_type = NULL;
	if (curl_easy_getinfo(x->h, CURLINFO_CONTENT_TYPE, &ctype) ==
	    CURLE_OK && ctype != NULL)
		r->content_type = xstrdup(ctype);
	drop_handle(run, x);
	free(r->resp);
	r->resp = NULL;
	r->resp_len = 0;
	if (r->status > 0 && !x->over) {
		r->resp_len = x->resp.len;
		r->resp = buf_take(&x->resp);
	} else
		free(buf_take(&x->resp));
	free(x->why);
	x->why = why;
	if (r->body != NULL)	/* what the call used replaces its estimate */
		ledger_settle(run->led, run->o->who, r->url, r->body,
		    r->body_len, x->charged, why == NULL ? r->resp : NULL,
		    r->resp_len);
	x->charged = 0;
	if (why == NULL) {
		x->state = DONE;
	} else if (wait_ms >= 0) {
		unhop(x);
		x->state = PENDING;
		x->ready_at = now() + (double)wait_ms / 1000;
	} else {
		free(r->err);
		r->err = retry && r->attempts > 1 ?
		    xasprintf("gave up after %d attempts: %s", r->attempts,
		    why) : xstrdup(why);
		x->state = DONE;
	}
	if (x->state == DONE)
		r->seconds = now() - x->t0;
}

static long
env_backoff(const struct http_opts *o)
{
	const char *s = getenv("MV_BACKOFF_MS");
	char *end;
	long v;

	if (s != NULL && *s != '\0') {
		errno = 0;
		v = strtol(s, &end, 10);
		if (errno == 0 && *end == '\0' && v >= 0 && v <= 600000)
			return v;
	}
	return o->backoff_ms > 0 ? o->backoff_ms : DEFAULT_BACKOFF_MS;
}

/* The machine-wide limits (lib/core/limit.h) let x start now, and the budget
 * (lib/core/ledger.h) lets a paid call (a request with a body) be made; else it
 * waits, or fails. */
static int
take(struct run *run, struct xfer *x, double tnow)
{
	struct http_req *r = x->r;
	char *err = NULL;
	long wait_ms = 0;
	int rc = limit_take(run->lim, &x->slot, &wait_ms, &err);

	if (rc == 1 && r->body != NULL && ledger_reserve(run->led,
	    run->o->who, r->url, r->body, r->body_len, &x->charged,
	    &err) < 0) {
		limit_give(run->lim, &x->slot);
		rc = -1;
	}
	if (rc < 0)
		fail(x, err);
	else if (rc == 0)
		x->ready_at = tnow + (double)wait_ms / 1000;
	free(err);
	return rc == 1;
}

size_t
http_run(struct http_req *r, size_t n, const struct http_opts *o)
{
	struct run run = { 0 };
	size_t i, failed = 0, done;
	const char *t = getenv("MV_TRACE");
	CURLMsg *msg;
	char *lerr = NULL;
	int left;

	if (n == 0)
		return 0;
	if (http_init() < 0 || limit_open(o->who, &run.lim, &lerr) < 0 ||
	    ledger_open(&run.led, &lerr) < 0) {
		limit_close(run.lim);
		for (i = 0; i < n; i++) {
			free(r[i].err);
			r[i].err = xstrdup(lerr != NULL ? lerr : cu_err);
		}
		free(lerr);
		return n;
	}
	run.o = o;
	run.n = n;
	run.concurrency = o->concurrency > 0 ? o->concurrency : 1;
	run.trace = t != NULL && *t != '\0';
	run.backoff_ms = env_backoff(o);
	run.idle_ms = env_ms("MV_IDLE_TIMEOUT", IDLE_TIMEOUT_MS);
	rng_seed(&run.rng, (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32) ^
	    (uint64_t)(uintptr_t)r);
	run.x = xmalloc(n * sizeof *run.x);
	memset(run.x, 0, n * sizeof *run.x);
	for (i = 0; i < n; i++) {
		struct xfer *x = &run.x[i];

		x->r = &r[i];
		x->max = r[i].max_bytes > 0 ? r[i].max_bytes : DEFAULT_MAX_BYTES;
		x->state = PENDING;
		x->slot = -1;
		r[i].status = 0;
		r[i].attempts = 0;
		r[i].seconds = 0;
		free(r[i].resp);
		free(r[i].content_type);
		free(r[i].err);
		r[i].resp = r[i].content_type = r[i].err = NULL;
		r[i].resp_len = 0;
	}
	if ((run.m = curl_multi_init()) == NULL) {
		for (i = 0; i < n; i++)
			r[i].err = xstrdup("libcurl: cannot start");
		limit_close(run.lim);
		ledger_close(run.led);
		free(run.x);
		return n;
	}
	for (;;) {
		double tnow = now(), next = -1;
		int got = 0, still;
		long wait_ms;

		done = 0;
		for (i = 0; i < n; i++) {
			struct xfer *x = &run.x[i];

			if (x->state == PENDING && x->ready_at <= tnow &&
			    (int)run.running < run.concurrency &&
			    take(&run, x, tnow)) {
				start(&run, x);
				if (x->h == NULL)	/* it could not start */
					limit_give(run.lim, &x->slot);
			}
			if (x->state == DONE)
				done++;
			else if (x->state == PENDING && (next < 0 ||
			    x->ready_at < next))
				next = x->ready_at;
		}
		if (done == n)
			break;
		curl_multi_perform(run.m, &still);
		while ((msg = curl_multi_info_read(run.m, &left)) != NULL) {
			struct xfer *x;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
			    (char **)&x);
			finish(&run, x, msg->data.result);
			got = 1;
		}
		if (got)
			continue;
		wait_ms = 1000;
		if (next >= 0 && (int)run.running < run.concurrency) {
			double d = (next - now()) * 1000;

			wait_ms = d < 0 ? 0 : d < 1000 ? (long)d + 1 : 1000;
		}
		curl_multi_poll(run.m, NULL, 0, (int)wait_ms, NULL);
		note_waiting(&run);
	}
	for (i = 0; i < n; i++) {
		unhop(&run.x[i]);
		free(run.x[i].why);
		free(buf_take(&run.x[i].resp));
		if (r[i].err != NULL)
			failed++;
	}
	curl_multi_cleanup(run.m);
	limit_close(run.lim);
	ledger_close(run.led);
	free(run.x);
	return failed;
}

int
http_one(struct http_req *r, const struct http_opts *o)
{
	return http_run(r, 1, o) == 0 ? 0 : -1;
}
