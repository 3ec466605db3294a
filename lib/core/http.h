/*
 * http.h - HTTP requests on libcurl's multi interface: many at once up to
 * a limit, each with a timeout, retried with backoff when the failure is
 * worth retrying.
 *
 * A batch of requests runs in one call of http_run, which returns when
 * every request has succeeded or given up. At most o->concurrency are in
 * flight at any moment. An attempt fails when it has not connected
 * within MV_CONNECT_TIMEOUT seconds (default 30, at most timeout_ms),
 * when no byte went either way for MV_IDLE_TIMEOUT seconds (default 120:
 * "no reply: nothing received for 120 s"), or when it passes
 * o->timeout_ms. (Those two, like MV_BACKOFF_MS, are read here from the
 * environment, where conf_* has checked them.) A request is retried (up to o->retries times
 * after the first attempt) on a connection error, a timeout (an idle one
 * once only: a server that accepted and then kept silent twice is taken
 * as dead), a truncated body, 408, 409, 425, 429 and 5xx, after
 * exponential backoff with full
 * jitter (base o->backoff_ms, doubling, at most 30 s), or after the
 * server's Retry-After (seconds or an HTTP date; at most 120 s) when it
 * gives one. Any other 4xx fails at once, and so does a 429 whose error
 * type or code is "insufficient_quota" (OpenAI's: no wait brings credit).
 * A retry waits without holding a slot: other requests run meanwhile.
 * TLS failures are not retried: "TLS handshake failed: the server speaks
 * plain HTTP at this address? (wrong version number)", "the server's TLS
 * certificate was refused: ...".
 *
 * A GET follows at most 5 redirects (301, 302, 303, 307, 308), each
 * only to the request's own host name (any port, http or https), or over
 * https to a host whose every address is public: not unspecified,
 * loopback, private, CGNAT, link-local, multicast or reserved. The
 * addresses are checked before connecting and the connection is pinned
 * to them (CURLOPT_RESOLVE); another host gets none of the request's
 * headers that may hold a secret. Anything else fails at once: "redirect
 * to 169.254.169.254 refused: another host, and not https", "... it is
 * 127.0.0.1, not a public address", "more than 5 redirects". A redirect
 * is no attempt. Other methods follow no redirect.
 *
 * While a request waits for its reply, every 10 s past the first 10,
 * http_run prints a progress note (msg_note, so not under MV_QUIET):
 * "prog: openai: waiting for a reply from api.openai.com (20 s)", one
 * for the oldest request waiting at a time.
 *
 * Secrets: headers are handed to libcurl in memory, never to a child
 * process's argv, and are never part of an error message or trace
 * (MV_TRACE prints "http: METHOD URL" and the outcome only; URLs are
 * printed as http_public_url(url, 1) gives them). Every error message is
 * passed through http_redact, and through a masking of the request's own
 * header values. http_redact is the one redactor of every quote of a
 * service's reply: code that quotes a reply in a message of its own
 * (http_reply_message does it already) must pass it through http_redact.
 */
#ifndef MV_HTTP_H
#define MV_HTTP_H

#include <stddef.h>

#define HTTP_MAX_HEADERS 8

struct http_req {
	/* In: set by the caller. */
	const char *method;		/* "GET" or "POST" (NULL: GET) */
	char *url;			/* malloc'd; freed by http_req_free */
	/* "Name: value" lines, malloc'd (may hold keys); NULL-ended. */
	char *headers[HTTP_MAX_HEADERS + 1];
	char *body;			/* malloc'd request body, or NULL */
	size_t body_len;
	size_t max_bytes;		/* response cap; 0: 64 MB */
	void *user;			/* the caller's, untouched */

	/* Out: set by http_run. */
	long status;			/* last HTTP status, 0 if none */
	char *resp;			/* malloc'd body, NUL-ended, or NULL */
	size_t resp_len;
	char *content_type;		/* malloc'd, or NULL */
	int attempts;			/* 1 + retries made */
	double seconds;			/* wall time, all attempts */
	/*
	 * NULL on success (a 2xx with a complete body); otherwise why, as
	 * "401: Incorrect API key provided" (the status and the provider's
	 * own message, from the body: error.message, error (a string),
	 * detail (a string, or detail.message), message; else the body's
	 * first line, at most 200 bytes), "timed out after 30 s",
	 * "connection refused", "gave up after 5 attempts: 429: ...",
	 * "429: out of credit: You exceeded your current quota...". A
	 * string "error" without a space (an exception's name, as FastAPI's
	 * {"error": "HTTPException", "detail": "Sampler not found"}) gives
	 * way to "detail". No header values; redacted (http_redact).
	 */
	char *err;
};

struct http_opts {
	int concurrency;	/* > 0 */
	int retries;		/* >= 0 */
	long timeout_ms;	/* per attempt, whole transfer; > 0 */
	long backoff_ms;	/* first backoff; 0: 500 (MV_BACKOFF_MS) */
	const char *who;	/* "openai" etc., for traces */
};

/* Adds a header line "name: value" to r (at most HTTP_MAX_HEADERS). */
void http_header(struct http_req *r, const char *name, const char *value);

/*
 * Adds "Authorization: Bearer key" to r, the one way every provider that
 * takes a bearer token sends it; nothing when key is NULL or empty. The
 * line is r's (wiped by http_req_free); no copy of the key is left.
 * A vendor's own header (ElevenLabs' xi-api-key) is an http_header.
 */
void http_bearer(struct http_req *r, const char *key);

/*
 * Runs the n requests of r, concurrently up to o->concurrency, retrying
 * as above. Returns how many failed (r[i].err set). A failure to start
 * at all (libcurl's own) sets every r[i].err.
 */
size_t http_run(struct http_req *r, size_t n, const struct http_opts *o);

/* http_run of one request: 0, or -1 with r->err set. */
int http_one(struct http_req *r, const struct http_opts *o);

/* Frees what r holds (not r itself) and zeroes it. */
void http_req_free(struct http_req *r);

/*
 * The URL base + "/" + path with exactly one slash between them (base
 * may end in one, path may start with one). malloc'd.
 */
char *http_url(const char *base, const char *path);

/* s percent-encoded for a query string (RFC 3986 unreserved kept). */
char *http_escape(const char *s);

/*
 * The URL as it may be shown or recorded: without its userinfo (RFC 3986
 * 3.2.1: whatever comes before the last '@' of the authority, the part
 * between "//" and the first '/', '?' or '#'; so "https://u:p@ss@h/v1"
 * is "https://h/v1"). With keep_query, the query and fragment are kept
 * but the value of a query parameter whose name holds "key", "token",
 * "secret", "pass", "auth" or "sig" is "***"; without, both are dropped.
 * malloc'd; NULL for NULL.
 */
char *http_public_url(const char *url, int keep_query);

/*
 * text as it may be quoted in a message, a trace or a log: the value of
 * every environment variable whose name ends in _KEY (XI_API_KEY and
 * every *_API_KEY included), _TOKEN, _SECRET, _PASSWORD or _PASSWD (values
 * of 6 bytes or more), the token after "Bearer " and the userinfo of
 * every URL (what precedes the authority's last '@') replaced by "***".
 * malloc'd; NULL for NULL.
 */
char *http_redact(const char *text);

/*
 * The service's own message in a reply body, whatever its status (an
 * error in a 200, as OpenRouter sends): error.message, error (a string;
 * an exception's name gives way to detail), detail (a string,
 * detail.message or FastAPI's detail[0].msg), message; on one line, at
 * most 400 bytes, redacted. malloc'd; NULL when the body has none.
 */
char *http_reply_message(const char *body, size_t len);

/*
 * Once per program: loads libcurl (a step that makes no request never
 * does) and curl_global_init, registered to clean up at exit. Returns
 * 0, or -1 when libcurl cannot be loaded; then every request http_run
 * is given fails with why ("libcurl: libcurl.so.4: cannot open shared
 * object file: ...").
 */
int http_init(void);

#endif
