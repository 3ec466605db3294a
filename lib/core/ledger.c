#include <sys/file.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jv.h>

#include "core/json.h"
#include "core/ledger.h"
#include "core/util.h"

#define MAX_PRICES 512
#define CHAT_MAX_TOKENS 4096

struct price {
	char *provider, *model, *field;
	double usd;
};

struct ledger {
	double cap;
	char *path;
	struct price p[MAX_PRICES];
	size_t np;
};

/* What a request is: its kind, model and units of one priced field. */
struct use {
	const char *kind;	/* "picture", "clip", "text", "search" */
	const char *field[2];
	double units[2];
	char model[96];
};

static int
load_prices(struct ledger *l, char **err)
{
	const char *name = getenv("MV_PRICES");
	char line[512], *f[4], *s;
	FILE *fp;
	int i;

	if (name == NULL || *name == '\0')
		name = "pipelines/prices.tsv";
	if ((fp = fopen(name, "r")) == NULL) {
		*err = xasprintf("BUDGET: the prices '%s': %s", name,
		    strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof line, fp) != NULL && l->np < MAX_PRICES) {
		if (line[0] == '#')
			continue;
		line[strcspn(line, "\r\n")] = '\0';
		for (s = line, i = 0; i < 4 && s != NULL; i++) {
			f[i] = s;
			if ((s = strchr(s, '\t')) != NULL)
				*s++ = '\0';
		}
		if (i < 4)
			continue;
		l->p[l->np].provider = xstrdup(f[0]);
		l->p[l->np].model = xstrdup(f[1]);
		l->p[l->np].field = xstrdup(f[2]);
		l->p[l->np].usd = strtod(f[3], NULL);
		l->np++;
	}
	fclose(fp);
	return 0;
}

int
ledger_budget(const char *s, double *cap)
{
	char *end;

	errno = 0;
	*cap = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !(*cap >= 0) ||
	    *cap > 1e9 || strspn(s, "0123456789.") != strlen(s))
		return -1;
	return 0;
}

int
ledger_open(struct ledger **out, char **err)
{
	const char *b = getenv("BUDGET"), *path = getenv("MV_LEDGER");
	const char *w = getenv("W");
	struct ledger *l;
	double cap;

	*out = NULL;
	if (b == NULL || *b == '\0')
		return 0;
	if (ledger_budget(b, &cap) < 0) {
		*err = xasprintf("BUDGET: expected US dollars, like 2.50, got "
		    "'%s'", b);
		return -1;
	}
	if ((path == NULL || *path == '\0') && (w == NULL || *w == '\0')) {
		*err = xstrdup("BUDGET: no ledger: set MV_LEDGER (or run "
		    "through make)");
		return -1;
	}
	l = xmalloc(sizeof *l);
	memset(l, 0, sizeof *l);
	l->cap = cap;
	l->path = path != NULL && *path != '\0' ? xstrdup(path) :
	    xasprintf("%s/.mv/ledger", w);
	if (load_prices(l, err) < 0) {
		ledger_close(l);
		return -1;
	}
	*out = l;
	return 0;
}

static int
has(const char *url, const char *part)
{
	return url != NULL && strstr(url, part) != NULL;
}

/* The characters of the messages' contents (strings, or parts' text). */
static double
message_chars(jv msgs)
{
	double n = 0;

	if (jv_get_kind(msgs) != JV_KIND_ARRAY) {
		jv_free(msgs);
		return 0;
	}
	jv_array_foreach(msgs, i, m) {
		jv c = jv_object_get(m, jv_string("content"));

		(void)i;
		if (jv_get_kind(c) == JV_KIND_STRING)
			n += jv_string_length_bytes(jv_copy(c));
		else if (jv_get_kind(c) == JV_KIND_ARRAY)
			jv_array_foreach(c, k, part) {
				jv t = jv_object_get(part, jv_string("text"));

				(void)k;
				if (jv_get_kind(t) == JV_KIND_STRING)
					n += jv_string_length_bytes(jv_copy(t));
				jv_free(t);
			}
		jv_free(c);
	}
	jv_free(msgs);
	return n;
}

/*
 * The text field name of a multipart/form-data body (OpenAI's
 * images/edits), as a jv string, or jv_null().
 */
static jv
form_value(const char *body, size_t len, const char *name)
{
	char *key = xasprintf("name=\"%s\"\r\n\r\n", name);
	const char *end = body + len, *p = body, *e;
	size_t k = strlen(key);
	jv out = jv_null();

	for (; p + k <= end; p++)
		if (memcmp(p, key, k) == 0) {
			p += k;
			for (e = p; e + 1 < end && !(e[0] == '\r' &&
			    e[1] == '\n'); e++)
				;
			out = jv_string_sized(p, (int)(e - p));
			break;
		}
	free(key);
	return out;
}

/* What a request uses, from its URL and body (and reply, when given). */
static void
usage_of(const char *url, const char *body, size_t len, const char *resp,
    size_t resp_len, struct use *u)
{
	jv b = body != NULL ? json_parse(body, len) : jv_null(), m;

	memset(u, 0, sizeof *u);
	if (jv_get_kind(b) != JV_KIND_OBJECT) {
		jv_free(b);
		b = jv_object();
		/* A form (pictures made with reference sheets): its model
		 * field; one picture. */
		if (body != NULL && len > 2 && body[0] == '-' && body[1] == '-')
			b = jv_object_set(b, jv_string("model"),
			    form_value(body, len, "model"));
	}
	m = jv_object_get(jv_copy(b), jv_string("model"));
	if (jv_get_kind(m) != JV_KIND_STRING) {
		jv_free(m);
		m = jv_object_get(jv_copy(b), jv_string("model_id"));
	}
	snprintf(u->model, sizeof u->model, "%s",
	    jv_get_kind(m) == JV_KIND_STRING ? json_str(m) : "-");
	jv_free(m);
	if (has(url, "/images/") || has(url, "/sdapi/")) {
		jv n = jv_object_get(jv_copy(b), jv_string("n"));

		u->kind = "picture";
		u->field[0] = "images";
		u->units[0] = json_num(n, 1);
	} else if (has(url, "/audio/speech") || has(url, "/text-to-speech/")) {
		jv t = jv_object_get(jv_copy(b), jv_string("input"));

		if (jv_get_kind(t) != JV_KIND_STRING) {
			jv_free(t);
			t = jv_object_get(jv_copy(b), jv_string("text"));
		}
		u->kind = "clip";
		u->field[0] = "characters";
		u->units[0] = jv_get_kind(t) == JV_KIND_STRING ?
		    jv_string_length_codepoints(jv_copy(t)) : 0;
		jv_free(t);
	} else if (has(url, "/chat/completions")) {
		jv mt = jv_object_get(jv_copy(b), jv_string("max_tokens")), r;
		jv mc = jv_object_get(jv_copy(b),
		    jv_string("max_completion_tokens"));

		u->kind = "text";
		u->field[0] = "prompt_tokens";
		u->field[1] = "completion_tokens";
		u->units[0] = ceil(message_chars(jv_object_get(jv_copy(b),
		    jv_string("messages"))) / 4);
		u->units[1] = json_num(mt, json_num(mc, CHAT_MAX_TOKENS));
		r = resp != NULL ? json_parse(resp, resp_len) : jv_null();
		if (jv_get_kind(r) == JV_KIND_OBJECT) {
			jv us = jv_object_get(r, jv_string("usage"));

			if (jv_get_kind(us) == JV_KIND_OBJECT) {
				jv p = jv_object_get(jv_copy(us),
				    jv_string("prompt_tokens"));
				jv c = jv_object_get(jv_copy(us),
				    jv_string("completion_tokens"));

				u->units[0] = json_num(p, u->units[0]);
				u->units[1] = json_num(c, u->units[1]);
			}
			jv_free(us);
		} else
			jv_free(r);
	} else {
		u->kind = "search";
		u->field[0] = "searches";
		u->units[0] = 1;
	}
	jv_free(b);
}

/* The price of u at provider who: 0, or -1 with *err when unknown. */
static int
price(const struct ledger *l, const char *who, const struct use *u,
    double *usd, char **err)
{
	size_t i, k;
	int found;

	*usd = 0;
	for (k = 0; k < 2 && u->field[k] != NULL; k++) {
		found = 0;
		for (i = 0; i < l->np && !found; i++)
			if (strcmp(l->p[i].provider, who) == 0 &&
			    strcmp(l->p[i].field, u->field[k]) == 0 &&
			    (strcmp(l->p[i].model, u->model) == 0 ||
			    strcmp(l->p[i].model, "-") == 0)) {
				*usd += l->p[i].usd * u->units[k];
				found = 1;
			}
		if (!found) {
			*err = xasprintf("budget: no price for %s %s %s in "
			    "the prices (pipelines/prices.tsv, MV_PRICES)",
			    who, u->model, u->field[k]);
			return -1;
		}
	}
	return 0;
}

double
ledger_spent(int fd)
{
	char buf[8192], line[512];
	double sum = 0;
	size_t n = 0;
	ssize_t got;
	off_t at = 0;
	int i;

	/* Line by line through a buffer: the second field of each. */
	while ((got = pread(fd, buf, sizeof buf, at)) > 0) {
		at += got;
		for (i = 0; i < got; i++) {
			if (buf[i] != '\n') {
				if (n < sizeof line - 1)
					line[n++] = buf[i];
				continue;
			}
			line[n] = '\0';
			n = 0;
			if (strchr(line, '\t') != NULL)
				sum += strtod(strchr(line, '\t') + 1, NULL);
		}
	}
	return sum;
}

/* Under the ledger's lock: when check, refuses to pass the cap with
 * usd; appends the line. */
static int
append(const struct ledger *l, const char *what, double usd,
    const char *note, int check, const char *kind, char **err)
{
	char *line;
	double spent;
	int fd, rc = -1;
	size_t n;

	fd = open(l->path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
	if (fd < 0) {
		*err = xasprintf("budget: the ledger '%s': %s", l->path,
		    strerror(errno));
		return -1;
	}
	while (flock(fd, LOCK_EX) < 0 && errno == EINTR)
		;
	spent = ledger_spent(fd);
	if (check && spent + usd > l->cap + 1e-9) {
		*err = xasprintf("budget %.2f USD: %.2f spent, the next %s "
		    "would cost %.2f", l->cap, spent, kind, usd);
		goto out;
	}
	line = xasprintf("%s\t%.6f\t%s\n", what, usd, note);
	n = strlen(line);
	if (write(fd, line, n) != (ssize_t)n)
		*err = xasprintf("budget: the ledger '%s': cannot write: %s",
		    l->path, strerror(errno));
	else
		rc = 0;
	free(line);
out:
	flock(fd, LOCK_UN);
	close(fd);
	return rc;
}

int
ledger_reserve(struct ledger *l, const char *who, const char *url,
    const char *body, size_t len, double *usd, char **err)
{
	struct use u;
	char note[160];

	*usd = 0;
	if (l == NULL)
		return 0;
	usage_of(url, body, len, NULL, 0, &u);
	if (price(l, who, &u, usd, err) < 0)
		return -1;
	snprintf(note, sizeof note, "%s %s %s", who, u.model, u.kind);
	return append(l, "reserve", *usd, note, 1, u.kind, err);
}

void
ledger_settle(struct ledger *l, const char *who, const char *url,
    const char *body, size_t len, double usd, const char *resp,
    size_t resp_len)
{
	struct use u;
	double actual = 0;
	char note[160], *err = NULL;

	if (l == NULL)
		return;
	usage_of(url, body, len, resp, resp_len, &u);
	if (resp != NULL && price(l, who, &u, &actual, &err) < 0) {
		free(err);
		return;
	}
	if (fabs(actual - usd) < 1e-9)
		return;
	snprintf(note, sizeof note, "%s %s %s", who, u.model,
	    resp != NULL ? "used" : "failed");
	if (append(l, "settle", actual - usd, note, 0, u.kind, &err) < 0)
		free(err);
}

void
ledger_close(struct ledger *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->np; i++) {
		free(l->p[i].provider);
		free(l->p[i].model);
		free(l->p[i].field);
	}
	free(l->path);
	free(l);
}
