/*
 * http.h - HTTP requests on libcurl's multi interface: many at once up to
 * a limit, each with a timeout, retried with backoff when the failure is
 * worth retrying.
 *
 * A batch of requests runs in one call of http_run, which returns when
 * every request has succeeded or given up. At most o->concurrency are in
 * flight at any moment. A request is retried (up to o->retries times
 * after the first attempt) on a connection error, a timeout, a truncated
 * body, 408, 409, 425, 429 and 5xx, after exponential backoff with full
 * jitter (base o->backoff_ms, doubling, at most 30 s), or after the
 * server's Retry-After (seconds or an HTTP date; at most 120 s) when it
 * gives one. Any other 4xx fails at once. A retry waits without holding
 * a slot: other requests run meanwhile.
 *
 * Secrets: headers are handed to libcurl in memory, never to a child
 * process's argv, and are never part of an error message or trace
 * (MV_TRACE prints "http: METHOD URL" and the outcome only; URLs with a
 * user:password part are printed without it).
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
	 * "connection refused", "gave up after 5 attempts: 429: ...". No
	 * header values.
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

/* Once per program: curl_global_init; registered to clean up at exit. */
void http_init(void);

#endif
