/*
 * Unit checks for lib/core/http.c, against the fake server of
 * tests/lib/fakeapi/ (its echo.py module), started here.
 *
 * The server is found at $FAKE_SERVER, else at
 * tests/lib/fakeapi/server.py under $MV_TOP, else under the nearest
 * folder above this program's own file (/proc/self/exe) or above the
 * working folder that has one: tests/0002-unit.bats runs the program in
 * a scratch folder, but the build folder is inside the repository. The
 * interpreter is $FAKE_PYTHON, else /usr/bin/python3, else python3.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jv.h>

#include "check.h"
#include "core/http.h"
#include "core/util.h"

#define KEY "sk-unit-SECRET-0123456789"

static pid_t server;
static char base[64];

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The server's path, or NULL: see the comment at the top. */
static char *
find_server(void)
{
	const char *rel = "tests/lib/fakeapi/server.py";
	const char *e = getenv("FAKE_SERVER");
	char dir[PATH_MAX], *p;
	int pass;
	ssize_t n;

	if (e != NULL && *e != '\0')
		return xstrdup(e);
	if ((e = getenv("MV_TOP")) != NULL && *e != '\0') {
		p = xasprintf("%s/%s", e, rel);
		if (access(p, R_OK) == 0)
			return p;
		free(p);
	}
	for (pass = 0; pass < 2; pass++) {
		if (pass == 0) {
			n = readlink("/proc/self/exe", dir, sizeof dir - 1);
			if (n <= 0)
				continue;
			dir[n] = '\0';
		} else if (getcwd(dir, sizeof dir) == NULL)
			continue;
		for (;;) {
			char *slash = strrchr(dir, '/');

			p = xasprintf("%s/%s", dir, rel);
			if (access(p, R_OK) == 0)
				return p;
			free(p);
			if (slash == NULL || slash == dir)
				break;
			*slash = '\0';
		}
	}
	return NULL;
}

/* Starts the server; 0, or -1 (the checks are then skipped). */
static int
start_server(void)
{
	char *path = find_server(), line[32] = "";
	const char *py = getenv("FAKE_PYTHON");
	int fd[2];
	size_t len = 0;

	if (path == NULL) {
		CHECK_NOTE("cannot find tests/lib/fakeapi/server.py");
		return -1;
	}
	if (py == NULL || *py == '\0')
		py = access("/usr/bin/python3", X_OK) == 0 ?
		    "/usr/bin/python3" : "python3";
	if (pipe(fd) < 0)
		return -1;
	fflush(stdout);
	if ((server = fork()) == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execlp(py, py, path, (char *)NULL);
		_exit(127);
	}
	free(path);
	close(fd[1]);
	while (len < sizeof line - 1) {
		ssize_t k = read(fd[0], line + len, 1);

		if (k <= 0 || line[len] == '\n')
			break;
		len++;
	}
	line[len] = '\0';
	close(fd[0]);
	if (atoi(line) <= 0) {
		CHECK_NOTE("the fake server did not start");
		return -1;
	}
	snprintf(base, sizeof base, "http://127.0.0.1:%d", atoi(line));
	return 0;
}

static void
stop_server(void)
{
	if (server > 0) {
		kill(server, SIGTERM);
		waitpid(server, NULL, 0);
	}
}

static const struct http_opts quick = { 4, 0, 10000, 10, "unit" };

static struct http_req
req(const char *method, const char *path)
{
	struct http_req r = { 0 };

	r.method = method;
	r.url = http_url(base, path);
	return r;
}

static void
set_body(struct http_req *r, const char *body)
{
	r->body = xstrdup(body);
	r->body_len = strlen(body);
}

/* POSTs json to /_fake/name; the answer's body, malloc'd (or NULL). */
static char *
ctl(const char *name, const char *json)
{
	struct http_req r = req("POST", "/_fake/");
	char *out;

	free(r.url);
	r.url = xasprintf("%s/_fake/%s", base, name);
	if (json != NULL)
		set_body(&r, json);
	else
		r.method = "GET";
	if (http_one(&r, &quick) < 0) {
		printf("# ctl %s: %s\n", name, r.err);
		http_req_free(&r);
		return NULL;
	}
	out = r.resp;
	r.resp = NULL;
	http_req_free(&r);
	return out;
}

static void
fault(const char *rules)
{
	free(ctl("faults", rules));
}

/* A number field of the server's stats. */
static double
stat_of(const char *field)
{
	char *s = ctl("stats", NULL);
	jv v = s ? jv_parse(s) : jv_invalid();
	double d = -1;

	free(s);
	if (jv_get_kind(v) == JV_KIND_OBJECT) {
		jv f = jv_object_get(v, jv_string(field));

		if (jv_get_kind(f) == JV_KIND_NUMBER)
			d = jv_number_value(f);
		jv_free(f);
	} else
		jv_free(v);
	return d;
}

/* The string at path (e.g. ["headers", "x-one"]) of r's JSON body. */
static char *
field(const struct http_req *r, jv path)
{
	jv v = r->resp ? jv_parse(r->resp) : jv_invalid(), f;
	char *out = NULL;

	if (!jv_is_valid(v)) {
		jv_free(v);
		jv_free(path);
		return NULL;
	}
	f = jv_getpath(v, path);
	if (jv_get_kind(f) == JV_KIND_STRING)
		out = xstrdup(jv_string_value(f));
	else if (jv_is_valid(f)) {
		jv d = jv_dump_string(jv_copy(f), 0);

		out = xstrdup(jv_string_value(d));
		jv_free(d);
	}
	jv_free(f);
	return out;
}

#define CHECK_FIELD(r, path, want) do { \
	char *got_ = field((r), (path)); \
	check_str(got_, (want), __FILE__, __LINE__, #path " == " #want); \
	free(got_); \
} while (0)

static void
check_round_trips(void)
{
	struct http_req r = req(NULL, "/echo?a=1&b=two%20words");
	char *s;

	CHECK_NOTE("GET and POST round trips");
	http_header(&r, "X-One", "1");
	CHECK_INT(http_one(&r, &quick), 0);
	CHECK(r.err == NULL);
	CHECK_INT(r.status, 200);
	CHECK_INT(r.attempts, 1);
	CHECK_STR(r.content_type, "application/json");
	CHECK(r.resp != NULL && r.resp_len == strlen(r.resp));
	CHECK(r.seconds > 0 && r.seconds < 5);
	CHECK_FIELD(&r, JV_ARRAY(jv_string("method")), "GET");
	CHECK_FIELD(&r, JV_ARRAY(jv_string("query"), jv_string("b"),
	    jv_number(0)), "two words");
	CHECK_FIELD(&r, JV_ARRAY(jv_string("headers"), jv_string("x-one")),
	    "1");
	CHECK_FIELD(&r, JV_ARRAY(jv_string("headers"),
	    jv_string("user-agent")), "mv/" MV_VERSION);
	http_req_free(&r);
	CHECK(r.url == NULL && r.resp == NULL && r.headers[0] == NULL);

	r = req("POST", "echo");
	http_header(&r, "Authorization", "Bearer " KEY);
	set_body(&r, "{\"q\":[1,\"\\u00e9\"]}");
	CHECK_INT(http_one(&r, &quick), 0);
	CHECK_FIELD(&r, JV_ARRAY(jv_string("method")), "POST");
	CHECK_FIELD(&r, JV_ARRAY(jv_string("json")), "{\"q\":[1,\"\xc3\xa9\"]}");
	CHECK_FIELD(&r, JV_ARRAY(jv_string("headers"),
	    jv_string("content-type")), "application/json");
	CHECK_FIELD(&r, JV_ARRAY(jv_string("headers"),
	    jv_string("authorization")), "Bearer " KEY);
	http_req_free(&r);

	r = req("POST", "/echo");
	http_header(&r, "Content-Type", "text/plain");
	set_body(&r, "two\nlines");
	CHECK_INT(http_one(&r, &quick), 0);
	CHECK_FIELD(&r, JV_ARRAY(jv_string("body")), "two\nlines");
	CHECK_FIELD(&r, JV_ARRAY(jv_string("headers"),
	    jv_string("content-type")), "text/plain");
	http_req_free(&r);

	/* An empty POST is a POST with Content-Length 0. */
	r = req("POST", "/echo");
	CHECK_INT(http_one(&r, &quick), 0);
	CHECK_FIELD(&r, JV_ARRAY(jv_string("method")), "POST");
	CHECK_FIELD(&r, JV_ARRAY(jv_string("headers"),
	    jv_string("content-length")), "0");
	http_req_free(&r);

	/* A 200 that is not JSON is still a success here. */
	fault("{\"action\":\"nonjson\"}");
	r = req("GET", "/echo");
	CHECK_INT(http_one(&r, &quick), 0);
	CHECK_STR(r.content_type, "text/html");
	CHECK(r.resp != NULL && strstr(r.resp, "502 Bad Gateway") != NULL);
	http_req_free(&r);

	s = http_url("http://h/v1/", "/chat");
	CHECK_STR(s, "http://h/v1/chat");
	free(s);
	s = http_url("http://h/v1", "chat");
	CHECK_STR(s, "http://h/v1/chat");
	free(s);
	s = http_escape("a b&c=d/é~-._");
	CHECK_STR(s, "a%20b%26c%3Dd%2F%C3%A9~-._");
	free(s);
}

static void
check_concurrency(void)
{
	struct http_req r[10];
	struct http_opts o = { 3, 0, 10000, 10, "unit" };
	double t, want = ceil(10.0 / 3) * 0.3;
	size_t i;
	int ok = 1;
	char note[128];

	CHECK_NOTE("at most o->concurrency in flight");
	free(ctl("reset", "{}"));
	free(ctl("latency", "{\"seconds\":0.3}"));
	for (i = 0; i < 10; i++)
		r[i] = req("GET", "/echo");
	t = now();
	CHECK_INT(http_run(r, 10, &o), 0);
	t = now() - t;
	for (i = 0; i < 10; i++) {
		ok &= r[i].status == 200 && r[i].attempts == 1;
		http_req_free(&r[i]);
	}
	CHECK(ok);
	CHECK_INT(stat_of("max_inflight"), 3);
	CHECK_INT(stat_of("requests"), 10);
	snprintf(note, sizeof note, "10 requests, limit 3, latency 0.3 s: "
	    "%.3f s (ideal %.1f s)", t, want);
	CHECK_NOTE(note);
	/* Never faster than the rounds allow; how close to them it comes is
	 * for make bench-fanout (timed tests fail on a busy machine). */
	CHECK(t >= want - 0.05);
	free(ctl("reset", "{}"));
}

static void
check_retries(void)
{
	struct http_opts o = { 2, 4, 10000, 10, "unit" };
	struct http_req r, two[2];
	char *s;

	CHECK_NOTE("retries");
	fault("[{\"path\":\"^/echo$\",\"action\":\"429\",\"retry_after\":\"1\"}]");
	r = req("GET", "/echo");
	CHECK_INT(http_one(&r, &o), 0);
	CHECK_INT(r.attempts, 2);
	CHECK_INT(r.status, 200);
	CHECK(r.seconds >= 1.0 && r.seconds < 3);
	http_req_free(&r);

	fault("{\"action\":\"500\",\"count\":2}");
	r = req("GET", "/echo");
	CHECK_INT(http_one(&r, &o), 0);
	CHECK_INT(r.attempts, 3);
	CHECK(r.err == NULL);
	http_req_free(&r);

	fault("{\"action\":\"reset\"}");
	r = req("POST", "/echo");
	set_body(&r, "{}");
	CHECK_INT(http_one(&r, &o), 0);
	CHECK_INT(r.attempts, 2);
	http_req_free(&r);

	fault("{\"action\":\"truncate\"}");
	r = req("GET", "/big?n=4000");
	CHECK_INT(http_one(&r, &o), 0);
	CHECK_INT(r.attempts, 2);
	CHECK_INT(r.resp_len, 4000);
	http_req_free(&r);

	fault("[{\"action\":\"status\",\"status\":408},"
	    "{\"action\":\"status\",\"status\":409},"
	    "{\"action\":\"status\",\"status\":425},"
	    "{\"action\":\"503\"}]");
	r = req("GET", "/echo");
	CHECK_INT(http_one(&r, &o), 0);
	CHECK_INT(r.attempts, 5);
	http_req_free(&r);

	/* OpenAI's quota error: no retry mends it. */
	fault("{\"action\":\"429\",\"count\":-1,\"body\":{\"error\":"
	    "{\"message\":\"You exceeded your current quota, please check "
	    "your plan and billing details.\",\"type\":\"insufficient_quota\","
	    "\"param\":null,\"code\":\"insufficient_quota\"}}}");
	r = req("GET", "/echo");
	CHECK_INT(http_one(&r, &o), -1);
	CHECK_INT(r.attempts, 1);
	CHECK_STR(r.err, "429: out of credit: You exceeded your current "
	    "quota, please check your plan and billing details.");
	http_req_free(&r);
	fault("[]");

	/* An HTTP date in the past: retry at once. */
	fault("{\"action\":\"429\",\"retry_after\":"
	    "\"Wed, 21 Oct 2015 07:28:00 GMT\"}");
	r = req("GET", "/echo");
	CHECK_INT(http_one(&r, &o), 0);
	CHECK_INT(r.attempts, 2);
	CHECK(r.seconds < 1);
	http_req_free(&r);

	fault("{\"action\":\"503\",\"count\":-1}");
	o.retries = 2;
	r = req("GET", "/echo");
	CHECK_INT(http_one(&r, &o), -1);
	CHECK_INT(r.attempts, 3);
	CHECK_INT(r.status, 503);
	CHECK_STR(r.err, "gave up after 3 attempts: 503: "
	    "The engine is overloaded (fake)");
	CHECK(r.resp != NULL && strstr(r.resp, "overloaded") != NULL);
	http_req_free(&r);

	fault("{\"action\":\"truncate\",\"count\":-1}");
	o.retries = 1;
	r = req("GET", "/big?n=100");
	CHECK_INT(http_one(&r, &o), -1);
	CHECK_INT(r.attempts, 2);
	s = r.err ? strstr(r.err, "gave up after 2 attempts: truncated") :
	    NULL;
	CHECK(s == r.err && s != NULL);
	http_req_free(&r);

	/* A retry's wait holds no slot: the other request runs meanwhile. */
	fault("{\"path\":\"^/echo/slow$\",\"action\":\"429\","
	    "\"retry_after\":\"1\"}");
	o.concurrency = 1;
	o.retries = 1;
	two[0] = req("GET", "/echo/slow");
	two[1] = req("GET", "/echo/fast");
	CHECK_INT(http_run(two, 2, &o), 0);
	CHECK_INT(two[0].attempts, 2);
	CHECK(two[0].seconds >= 1.0);
	CHECK(two[1].seconds < 0.5);
	http_req_free(&two[0]);
	http_req_free(&two[1]);
	fault("[]");
}

static void
check_failures(void)
{
	struct http_opts o = { 2, 3, 10000, 10, "unit" };
	struct http_req r;
	double t;
	int fd, port = 0;
	struct sockaddr_in sa = { 0 };
	socklen_t sl = sizeof sa;

	CHECK_NOTE("failures that are not retried, and timeouts");
	fault("{\"action\":\"status\",\"status\":401,\"body\":"
	    "\"{\\\"error\\\":{\\\"message\\\":\\\"Incorrect API key "
	    "provided\\\",\\\"type\\\":\\\"invalid_request_error\\\"}}\"}");
	r = req("POST", "/echo");
	set_body(&r, "{}");
	CHECK_INT(http_one(&r, &o), -1);
	CHECK_STR(r.err, "401: Incorrect API key provided");
	CHECK_INT(r.attempts, 1);
	CHECK_INT(r.status, 401);
	http_req_free(&r);

	r = req("GET", "/nope");
	CHECK_INT(http_one(&r, &o), -1);
	CHECK_STR(r.err, "404: Unknown route: GET /nope");
	CHECK_INT(r.attempts, 1);
	http_req_free(&r);

	fault("{\"action\":\"timeout\",\"seconds\":10}");
	o.retries = 0;
	o.timeout_ms = 1000;
	r = req("GET", "/echo");
	t = now();
	CHECK_INT(http_one(&r, &o), -1);
	t = now() - t;
	CHECK_STR(r.err, "timed out after 1 s");
	CHECK_INT(r.attempts, 1);
	CHECK_INT(r.status, 0);
	CHECK(r.resp == NULL);
	CHECK(t >= 0.9 && t < 2.5);
	http_req_free(&r);

	fault("{\"action\":\"timeout\",\"seconds\":10,\"count\":-1}");
	o.retries = 1;
	o.timeout_ms = 500;
	r = req("GET", "/echo");
	CHECK_INT(http_one(&r, &o), -1);
	CHECK_STR(r.err, "gave up after 2 attempts: timed out after 0.5 s");
	http_req_free(&r);
	fault("[]");

	o.timeout_ms = 10000;
	o.retries = 0;
	r = req("GET", "/big?n=5000");
	r.max_bytes = 1000;
	CHECK_INT(http_one(&r, &o), -1);
	CHECK_STR(r.err, "response larger than 1000 bytes");
	CHECK_INT(r.attempts, 1);
	CHECK(r.resp == NULL);
	http_req_free(&r);
	r = req("GET", "/big?n=1000");
	r.max_bytes = 1000;
	CHECK_INT(http_one(&r, &o), 0);
	CHECK_INT(r.resp_len, 1000);
	http_req_free(&r);

	/* A server that accepts and never answers: the idle timeout ends
	 * the attempt, retried once only (issue 18.5). */
	fault("{\"action\":\"timeout\",\"seconds\":30,\"count\":-1}");
	setenv("MV_IDLE_TIMEOUT", "1", 1);
	o.retries = 3;
	r = req("GET", "/echo");
	t = now();
	CHECK_INT(http_one(&r, &o), -1);
	t = now() - t;
	CHECK_STR(r.err, "gave up after 2 attempts: no reply: nothing received "
	    "for 1 s");
	CHECK_INT(r.attempts, 2);
	CHECK(t >= 1.9 && t < 5);
	http_req_free(&r);
	unsetenv("MV_IDLE_TIMEOUT");
	fault("[]");
	o.retries = 0;

	/* https to a plain HTTP port: explained, not retried. */
	o.retries = 3;
	r = (struct http_req){ 0 };
	r.url = xasprintf("https://%s/echo", strstr(base, "//") + 2);
	CHECK_INT(http_one(&r, &o), -1);
	CHECK_STR(r.err, "TLS handshake failed: the server speaks plain HTTP "
	    "at this address? (wrong version number)");
	CHECK_INT(r.attempts, 1);
	http_req_free(&r);
	o.retries = 0;

	/* A port that was just free: nothing listens there. */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sa, &sl) == 0)
		port = ntohs(sa.sin_port);
	if (fd >= 0)
		close(fd);
	r = (struct http_req){ 0 };
	r.url = xasprintf("http://127.0.0.1:%d/x", port);
	CHECK_INT(http_one(&r, &o), -1);
	CHECK_STR(r.err, "connection refused");
	CHECK_INT(r.status, 0);
	o.retries = 1;
	CHECK_INT(http_one(&r, &o), -1);
	CHECK_STR(r.err, "gave up after 2 attempts: connection refused");
	CHECK_INT(r.attempts, 2);
	http_req_free(&r);
}

/* A GET of /echo/from answered by a redirect to location. */
static struct http_req
redirected(const char *location, long status)
{
	struct http_opts o = { 1, 2, 5000, 1, "unit" };
	struct http_req r = req("GET", "/echo/from");
	char *rule = xasprintf("{\"path\":\"^/echo/from$\",\"action\":"
	    "\"status\",\"status\":%ld,\"body\":\"moved\",\"count\":-1,"
	    "\"headers\":{\"Location\":\"%s\"}}", status, location);

	free(ctl("reset", "{}"));
	fault(rule);
	free(rule);
	http_header(&r, "Authorization", "Bearer " KEY);
	http_one(&r, &o);
	return r;
}

static void
check_redirects(void)
{
	struct http_req r;
	char *s;

	CHECK_NOTE("redirects: the same host, or https to a public address");
	r = redirected("/echo/to", 302);
	CHECK(r.err == NULL);
	CHECK_INT(r.status, 200);
	CHECK_INT(r.attempts, 1);
	CHECK_FIELD(&r, JV_ARRAY(jv_string("path")), "/echo/to");
	CHECK_FIELD(&r, JV_ARRAY(jv_string("headers"),
	    jv_string("authorization")), "Bearer " KEY);
	http_req_free(&r);
	s = xasprintf("%s/echo/to", base);
	r = redirected(s, 307);
	free(s);
	CHECK(r.err == NULL);
	CHECK_FIELD(&r, JV_ARRAY(jv_string("path")), "/echo/to");
	http_req_free(&r);

	/*
	 * The fake's own port under another name: refused unconnected. (Only
	 * loopback and 169.254.169.254 are named here: code that regressed
	 * would try to connect to them.)
	 */
	s = xasprintf("http://localhost:%s/echo/to", strrchr(base, ':') + 1);
	r = redirected(s, 302);
	free(s);
	CHECK_STR(r.err, "redirect to localhost refused: another host, and "
	    "not https");
	CHECK_INT(r.attempts, 1);
	CHECK_INT(stat_of("requests"), 1);
	http_req_free(&r);
	s = xasprintf("https://localhost:%s/echo/to", strrchr(base, ':') + 1);
	r = redirected(s, 302);
	free(s);
	CHECK(r.err != NULL && strncmp(r.err, "redirect to localhost "
	    "refused: it is ", 34) == 0 && strstr(r.err, "not a public "
	    "address") != NULL);
	CHECK_INT(stat_of("requests"), 1);
	http_req_free(&r);
	r = redirected("http://169.254.169.254/latest/meta-data/", 302);
	CHECK_STR(r.err, "redirect to 169.254.169.254 refused: another host, "
	    "and not https");
	http_req_free(&r);
	r = redirected("https://169.254.169.254/latest/meta-data/", 301);
	CHECK_STR(r.err, "redirect to 169.254.169.254 refused: it is "
	    "169.254.169.254, not a public address");
	http_req_free(&r);
	r = redirected("https://[::1]/x", 302);
	CHECK_STR(r.err, "redirect to ::1 refused: it is ::1, not a public "
	    "address");
	http_req_free(&r);
	r = redirected("https://[::ffff:127.0.0.1]/x", 302);
	CHECK(r.err != NULL && strstr(r.err, "not a public address"));
	http_req_free(&r);
	r = redirected("file:///etc/passwd", 302);
	CHECK_STR(r.err, "redirect to a URL that is not http(s) refused");
	CHECK_INT(stat_of("requests"), 1);
	http_req_free(&r);
	/* A loop ends after 5 hops. */
	r = redirected("/echo/from", 302);
	CHECK_STR(r.err, "more than 5 redirects");
	CHECK_INT(stat_of("requests"), 6);
	http_req_free(&r);
	fault("[]");
}

/* The message made of a status and a body given by a fault rule. */
static void
check_message(const char *body_json, long status, const char *want,
    int line)
{
	struct http_opts o = { 1, 0, 10000, 10, "unit" };
	struct http_req r = req("GET", "/echo");
	char *rule = xasprintf("{\"action\":\"status\",\"status\":%ld,"
	    "\"body\":%s}", status, body_json);

	fault(rule);
	free(rule);
	http_one(&r, &o);
	check_str(r.err, want, __FILE__, line, body_json);
	http_req_free(&r);
}

static void
check_messages(void)
{
	char long_line[400], *json, *want;

	CHECK_NOTE("the provider's own message");
	check_message("\"{\\\"error\\\":\\\"model not found\\\"}\"", 404,
	    "404: model not found", __LINE__);
	check_message("\"{\\\"detail\\\":\\\"Not authenticated\\\"}\"", 403,
	    "403: Not authenticated", __LINE__);
	check_message("\"{\\\"detail\\\":{\\\"message\\\":\\\"quota\\\"}}\"",
	    402, "402: quota", __LINE__);
	check_message("\"{\\\"detail\\\":[{\\\"loc\\\":[\\\"body\\\"],"
	    "\\\"msg\\\":\\\"field required\\\"}]}\"", 422,
	    "422: field required", __LINE__);
	check_message("\"{\\\"message\\\":\\\"Invalid token\\\"}\"", 401,
	    "401: Invalid token", __LINE__);
	check_message("\"[{\\\"error\\\":{\\\"message\\\":\\\"first\\\"}}]\"",
	    400, "400: first", __LINE__);
	check_message("\"{\\\"error\\\":{\\\"message\\\":\\\"two\\\\nlines"
	    "\\\\u0007\\\"}}\"", 400, "400: two lines", __LINE__);
	check_message("\"<html>\\r\\n<body>Bad gateway</body>\"", 418,
	    "418: <html>", __LINE__);
	check_message("\"bad \\u0001thing\\nsecond line\"", 400,
	    "400: bad thing", __LINE__);
	check_message("\"\"", 400, "400: Bad Request", __LINE__);
	/* A1111 (FastAPI): the detail says more than the exception's name. */
	check_message("\"{\\\"error\\\":\\\"HTTPException\\\","
	    "\\\"detail\\\":\\\"Sampler not found\\\"}\"", 404,
	    "404: Sampler not found", __LINE__);
	check_message("\"{\\\"error\\\":\\\"HTTPException\\\"}\"",
	    404, "404: HTTPException", __LINE__);
	check_message("\"{\\\"error\\\":{}}\"", 400, "400: {\"error\":{}}",
	    __LINE__);
	memset(long_line, 'x', sizeof long_line - 1);
	long_line[sizeof long_line - 1] = '\0';
	json = xasprintf("\"%s\"", long_line);
	want = xasprintf("400: %.200s", long_line);
	check_message(json, 400, want, __LINE__);
	free(json);
	free(want);
	fault("[]");
}

/* Every kind of failure, with the key in the request and in the body. */
static void
check_no_secrets(void)
{
	static const char *rules[] = {
		"{\"action\":\"status\",\"status\":401,\"body\":"
		"\"{\\\"error\\\":{\\\"message\\\":\\\"Incorrect API key "
		"provided: " KEY "\\\"}}\"}",
		"{\"action\":\"status\",\"status\":400,\"body\":"
		"\"Bearer " KEY " is wrong\"}",
		"{\"action\":\"status\",\"status\":400,\"body\":"
		"\"{\\\"detail\\\":\\\"key=" KEY "\\\"}\"}",
		"{\"action\":\"500\",\"count\":-1,\"body\":"
		"\"{\\\"message\\\":\\\"" KEY "\\\"}\"}",
		"{\"action\":\"reset\",\"count\":-1}",
		"{\"action\":\"truncate\",\"count\":-1}",
		"{\"action\":\"timeout\",\"count\":-1}",
	};
	struct http_opts o = { 1, 1, 700, 1, "unit" };
	struct http_req r;
	size_t i;

	CHECK_NOTE("no header value in any error");
	for (i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		r = req("POST", "/echo");
		http_header(&r, "Authorization", "Bearer " KEY);
		http_header(&r, "X-Api-Key", KEY);
		set_body(&r, "{}");
		fault(rules[i]);
		CHECK_INT(http_one(&r, &o), -1);
		if (!CHECK(r.err != NULL && strstr(r.err, KEY) == NULL &&
		    strstr(r.err, "SECRET") == NULL))
			printf("#   rule %zu: %s\n", i, r.err ? r.err : "(null)");
		http_req_free(&r);
	}
	/* Headers that hold no secret are not hidden. */
	r = req("POST", "/echo");
	http_header(&r, "Content-Type", "text/plain");
	set_body(&r, "hi");
	fault("{\"action\":\"status\",\"status\":415,\"body\":"
	    "\"text/plain is not supported\"}");
	CHECK_INT(http_one(&r, &o), -1);
	CHECK_STR(r.err, "415: text/plain is not supported");
	http_req_free(&r);
	fault("[]");
}

/* One URL through http_public_url and conf's record of it. */
static void
check_url(const char *url, int keep, const char *want, int line)
{
	char *got = http_public_url(url, keep);

	check_str(got, want, __FILE__, line, url);
	free(got);
}

static void
check_redactor(void)
{
	char *s;

	CHECK_NOTE("one redactor: URLs (RFC 3986 userinfo) and text");
	check_url("https://user:p@ss@host/v1", 0, "https://host/v1", __LINE__);
	check_url("https://us@r:p:w@x%40y@host:8080/v1?key=k#f", 0,
	    "https://host:8080/v1", __LINE__);
	check_url("https://us%40er:pa%3Ass@host/v1?a=1&api_key=k&b=2#f", 1,
	    "https://host/v1?a=1&api_key=***&b=2#f", __LINE__);
	check_url("https://host/p@q?x=a@b", 1, "https://host/p@q?x=a@b",
	    __LINE__);
	check_url("https://host?u=a@b", 0, "https://host", __LINE__);
	check_url("http://127.0.0.1:7860", 0, "http://127.0.0.1:7860",
	    __LINE__);
	CHECK(http_public_url(NULL, 1) == NULL);

	setenv("MV_UNIT_API_KEY", "or-unit-SECRET-42", 1);
	setenv("XI_API_KEY", "xi-unit-SECRET-43", 1);
	setenv("MV_UNIT_SHORT_KEY", "abc", 1);
	s = http_redact("no picture: echo or-unit-SECRET-42 and "
	    "xi-unit-SECRET-43, Authorization: Bearer sk-abcdef123; see "
	    "https://u:p@ss@host/v1 and abc");
	CHECK_STR(s, "no picture: echo *** and ***, Authorization: Bearer "
	    "***; see https://***@host/v1 and abc");
	free(s);
	unsetenv("MV_UNIT_API_KEY");
	unsetenv("XI_API_KEY");
	unsetenv("MV_UNIT_SHORT_KEY");
	CHECK(http_redact(NULL) == NULL);

	setenv("OPENROUTER_API_KEY", "sk-or-v1-unit-SECRET", 1);
	s = "{\"error\":{\"message\":\"No endpoints found for "
	    "sk-or-v1-unit-SECRET\",\"code\":404}}";
	s = http_reply_message(s, strlen(s));
	CHECK_STR(s, "No endpoints found for ***");
	free(s);
	unsetenv("OPENROUTER_API_KEY");
	CHECK(http_reply_message("{\"data\":[]}", 11) == NULL);
	CHECK(http_reply_message("", 0) == NULL);
}

/* MV_TRACE: what stderr gets while f runs. */
static char *
stderr_of(void (*f)(void))
{
	char path[] = "/tmp/mv-http-trace-XXXXXX", *out = NULL, *err = NULL;
	size_t len;
	int fd = mkstemp(path), saved;

	if (fd < 0)
		return xstrdup("");
	fflush(stderr);
	saved = dup(2);
	dup2(fd, 2);
	f();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	close(fd);
	if (read_all(path, 1 << 20, &out, &len, &err) < 0) {
		free(err);
		out = xstrdup("");
	}
	unlink(path);
	return out;
}

static void
traced(void)
{
	struct http_opts o = { 1, 1, 5000, 1, "unit" };
	struct http_req r = { 0 };
	const char *p = strstr(base, "//") + 2;

	fault("{\"action\":\"500\"}");
	r.url = xasprintf("http://user:" KEY "@%s/echo?q=a&api_key=%s", p,
	    KEY);
	http_header(&r, "Authorization", "Bearer " KEY);
	http_one(&r, &o);
	http_req_free(&r);
}

static void
check_trace(void)
{
	char *s, *want;

	CHECK_NOTE("MV_TRACE");
	setenv("MV_TRACE", "1", 1);
	s = stderr_of(traced);
	unsetenv("MV_TRACE");
	want = xasprintf("\nhttp: GET %s/echo?q=a&api_key=*** (unit)\n", base);
	CHECK(strstr(s, want) != NULL);
	free(want);
	want = xasprintf("http: GET %s/echo?q=a&api_key=*** (unit): 500: "
	    "The server had an error (fake); retry in", base);
	CHECK(strstr(s, want) != NULL);
	free(want);
	CHECK(strstr(s, ": 200, ") != NULL);
	CHECK(strstr(s, KEY) == NULL && strstr(s, "user") == NULL);
	printf("%s", s[0] ? "# trace:\n" : "# no trace\n");
	for (char *l = strtok(s, "\n"); l != NULL; l = strtok(NULL, "\n"))
		printf("#   %s\n", l);
	free(s);
}

/* The one Authorization header of the bearer-token providers. */
static void
check_bearer(void)
{
	struct http_req r;

	CHECK_NOTE("http_bearer: the Authorization line, or none");
	memset(&r, 0, sizeof r);
	http_bearer(&r, "sk-test-123456");
	http_bearer(&r, NULL);
	http_bearer(&r, "");
	CHECK_STR(r.headers[0], "Authorization: Bearer sk-test-123456");
	CHECK(r.headers[1] == NULL);
	http_req_free(&r);
}

int
main(void)
{
	http_init();
	check_bearer();
	setenv("MV_BACKOFF_MS", "10", 1);
	if (start_server() == 0) {
		check_round_trips();
		check_concurrency();
		check_retries();
		check_failures();
		check_messages();
		check_no_secrets();
		check_redactor();
		check_redirects();
		check_trace();
		stop_server();
	} else
		CHECK(!"the fake server runs");
	return check_done();
}
