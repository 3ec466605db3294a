/*
 * conf.c - provider settings from the environment.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "util.h"

/* The value of an environment variable, NULL when unset or empty. */
static const char *
env(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? v : NULL;
}

/*
 * The first set variable of the NULL-ended names: its value, and its name
 * in *from. NULL when none is set.
 */
static const char *
first(const char *const *names, const char **from)
{
	for (; *names != NULL; names++) {
		const char *v = env(*names);

		if (v != NULL) {
			if (from != NULL)
				*from = *names;
			return v;
		}
	}
	return NULL;
}

static int
number(const char *name, const char *s, double lo, double hi, double *out,
    char **err)
{
	char *end;
	double d;

	d = strtod(s, &end);
	while (isspace((unsigned char)*end))
		end++;
	if (end == s || *end != '\0' || !isfinite(d) || d < lo || d > hi) {
		*err = xasprintf("%s: expected a number from %g to %g", name,
		    lo, hi);
		return -1;
	}
	*out = d;
	return 0;
}

static int
whole(const char *name, const char *s, long lo, long hi, long *out,
    char **err)
{
	double d;

	if (number(name, s, (double)lo, (double)hi, &d, err) < 0) {
		free(*err);
		d = 0.5;
	}
	if (d != floor(d)) {
		*err = xasprintf("%s: expected a whole number from %ld to %ld",
		    name, lo, hi);
		return -1;
	}
	*out = (long)d;
	return 0;
}

/* The setting names[] (first set wins) as a whole number, or dflt. */
static int
setting_long(const char *const *names, long lo, long hi, long dflt,
    long *out, char **err)
{
	const char *from = NULL, *v = first(names, &from);

	if (v == NULL) {
		*out = dflt;
		return 0;
	}
	return whole(from, v, lo, hi, out, err);
}

static int
setting_double(const char *const *names, double lo, double hi, double dflt,
    double *out, char **err)
{
	const char *from = NULL, *v = first(names, &from);

	if (v == NULL) {
		*out = dflt;
		return 0;
	}
	return number(from, v, lo, hi, out, err);
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* A base URL: http(s) only, without its trailing slashes. */
static int
base_url(const char *from, const char *v, char **out, char **err)
{
	size_t n;

	if (strncmp(v, "http://", 7) != 0 && strncmp(v, "https://", 8) != 0) {
		*err = xasprintf("%s: expected an http:// or https:// URL",
		    from);
		return -1;
	}
	n = strlen(v);
	while (n > 8 && v[n - 1] == '/')
		n--;
	*out = xmalloc(n + 1);
	memcpy(*out, v, n);
	(*out)[n] = '\0';
	return 0;
}

static int
shared(struct conf *c, long timeout_s, char **err)
{
	static const char *const conc[] = { "MV_CONCURRENCY", NULL };
	static const char *const tmo[] = { "MV_TIMEOUT", NULL };
	static const char *const ret[] = { "MV_RETRIES", NULL };
	static const char *const bo[] = { "MV_BACKOFF_MS", NULL };
	long n, t, r, b;

	if (setting_long(conc, 1, 64, 4, &n, err) < 0 ||
	    setting_long(tmo, 1, 3600, timeout_s, &t, err) < 0 ||
	    setting_long(ret, 0, 10, 4, &r, err) < 0 ||
	    setting_long(bo, 1, 60000, 500, &b, err) < 0)
		return -1;
	c->http.concurrency = (int)n;
	c->http.timeout_ms = t * 1000;
	c->http.retries = (int)r;
	c->http.backoff_ms = b;
	c->http.who = c->provider;
	return 0;
}

/* The provider's name into c->provider, checked against known. */
static int
provider(struct conf *c, const char *from, const char *v,
    const char *const *known, char **err)
{
	struct buf b = { 0 };
	size_t i;

	for (i = 0; known[i] != NULL; i++)
		if (strcmp(v, known[i]) == 0) {
			snprintf(c->provider, sizeof c->provider, "%s", v);
			snprintf(c->provider_from, sizeof c->provider_from,
			    "%s", from);
			c->http.who = c->provider;
			return 0;
		}
	for (i = 0; known[i] != NULL; i++)
		buf_addf(&b, "%s%s", i == 0 ? "" : known[i + 1] == NULL ?
		    " or " : ", ", known[i]);
	*err = xasprintf("%s: '%s': expected %s", from, v, b.s);
	free(buf_take(&b));
	return -1;
}

static void
init(struct conf *c)
{
	memset(c, 0, sizeof *c);
	c->temperature = -1;
	c->speed = 1;
	c->max_results = 5;
}

int
conf_llm(const char *step, struct conf *c, char **err)
{
	static const char *const known[] = { "offline", "openai", NULL };
	char n[8][48];
	const char *names[5], *from = NULL, *v;
	const char *segmodel = strcmp(step, "SEGMENT") == 0 ?
	    "SCRIPT_SEGMENTER_MODEL" : strcmp(step, "DESIGN") == 0 ?
	    "CHARACTER_DESIGNER_MODEL" : NULL;
	const char *key, *url, *keyfrom = NULL, *urlfrom = NULL;

	init(c);
	snprintf(n[0], sizeof n[0], "MV_%s_LLM", step);
	snprintf(n[1], sizeof n[1], "MV_%s_BASE_URL", step);
	snprintf(n[2], sizeof n[2], "MV_%s_API_KEY", step);
	snprintf(n[3], sizeof n[3], "MV_%s_MODEL", step);
	snprintf(n[4], sizeof n[4], "MV_%s_TEMPERATURE", step);
	snprintf(n[5], sizeof n[5], "MV_%s_MAX_TOKENS", step);

	names[0] = n[2], names[1] = "MV_LLM_API_KEY", names[2] = "LLM_API_KEY",
	    names[3] = "OPENAI_API_KEY", names[4] = NULL;
	key = first(names, &keyfrom);
	names[0] = n[1], names[1] = "MV_LLM_BASE_URL",
	    names[2] = "LLM_BASE_URL", names[3] = NULL;
	url = first(names, &urlfrom);

	names[0] = n[0], names[1] = "MV_LLM", names[2] = NULL;
	if ((v = first(names, &from)) != NULL) {
		if (provider(c, from, v, known, err) < 0)
			return -1;
	} else if (key != NULL || url != NULL) {
		/* A key or an endpoint given: that is a choice. */
		if (provider(c, key != NULL ? keyfrom : urlfrom, "openai",
		    known, err) < 0)
			return -1;
	} else
		(void)provider(c, "default", "offline", known, err);
	if (strcmp(c->provider, "offline") == 0)
		return shared(c, 120, err);

	if (url != NULL) {
		if (base_url(urlfrom, url, &c->base_url, err) < 0)
			return -1;
	} else
		c->base_url = xstrdup("https://api.openai.com/v1");
	c->api_key = dup_or_null(key);
	names[0] = n[3], names[1] = "MV_LLM_MODEL", names[2] = segmodel,
	    names[3] = NULL;
	v = first(names, NULL);
	c->model = xstrdup(v != NULL ? v : "gpt-4o-mini");
	{
		const char *t[] = { n[4], "MV_LLM_TEMPERATURE", NULL };
		const char *m[] = { n[5], "MV_LLM_MAX_TOKENS", NULL };

		if (setting_double(t, 0, 2, -1, &c->temperature, err) < 0 ||
		    setting_long(m, 1, 1000000, 0, &c->max_tokens, err) < 0)
			return -1;
	}
	return shared(c, 120, err);
}

/* The common settings of images and speech: base URL, key, model. */
static int
service(struct conf *c, const char *pfx, const char *dflt_url,
    const char *dflt_model, int openai_key, char **err)
{
	char nb[32], nk[32], nm[32];
	const char *names[5], *from = NULL, *v;

	snprintf(nb, sizeof nb, "%s_BASE_URL", pfx);
	snprintf(nk, sizeof nk, "%s_API_KEY", pfx);
	snprintf(nm, sizeof nm, "%s_MODEL", pfx);
	if ((v = env(nb)) != NULL) {
		if (base_url(nb, v, &c->base_url, err) < 0)
			return -1;
	} else if (dflt_url != NULL)
		c->base_url = xstrdup(dflt_url);
	names[0] = nk, names[1] = openai_key ? "MV_LLM_API_KEY" : NULL,
	    names[2] = "OPENAI_API_KEY", names[3] = NULL;
	c->api_key = dup_or_null(first(names, &from));
	v = env(nm);
	c->model = dup_or_null(v != NULL ? v : dflt_model);
	return 0;
}

int
conf_image(struct conf *c, char **err)
{
	static const char *const known[] = { "offline", "openai", "a1111",
		"openrouter", NULL };
	const char *v = env("MV_IMAGE");

	init(c);
	if (provider(c, v != NULL ? "MV_IMAGE" : "default",
	    v != NULL ? v : "offline", known, err) < 0)
		return -1;
	if (strcmp(c->provider, "openai") == 0) {
		if (service(c, "MV_IMAGE", "https://api.openai.com/v1",
		    "gpt-image-1", 1, err) < 0)
			return -1;
	} else if (strcmp(c->provider, "a1111") == 0) {
		if (service(c, "MV_IMAGE", "http://127.0.0.1:7860", NULL, 0,
		    err) < 0)
			return -1;
		/* A local server: no key falls back from OpenAI's. */
		if (env("MV_IMAGE_API_KEY") == NULL) {
			free(c->api_key);
			c->api_key = NULL;
		}
	} else if (strcmp(c->provider, "openrouter") == 0) {
		if (service(c, "MV_IMAGE", "https://openrouter.ai/api/v1",
		    "google/gemini-2.5-flash-image", 1, err) < 0)
			return -1;
	}
	c->size = dup_or_null(env("MV_IMAGE_SIZE"));
	c->quality = dup_or_null(env("MV_IMAGE_QUALITY"));
	c->style = dup_or_null(env("MV_IMAGE_STYLE"));
	return shared(c, 300, err);
}

int
conf_tts(struct conf *c, char **err)
{
	static const char *const known[] = { "espeak", "openai",
		"elevenlabs", "none", NULL };
	static const char *const sp[] = { "MV_TTS_SPEED", NULL };
	const char *v = env("MV_TTS");

	init(c);
	if (provider(c, v != NULL ? "MV_TTS" : "default",
	    v != NULL ? v : "espeak", known, err) < 0)
		return -1;
	if (strcmp(c->provider, "openai") == 0) {
		if (service(c, "MV_TTS", "https://api.openai.com/v1",
		    "gpt-4o-mini-tts", 1, err) < 0)
			return -1;
		c->voice = xstrdup(env("MV_TTS_VOICE") != NULL ?
		    env("MV_TTS_VOICE") : "alloy");
	} else if (strcmp(c->provider, "elevenlabs") == 0) {
		if (service(c, "MV_TTS", "https://api.elevenlabs.io",
		    "eleven_multilingual_v2", 0, err) < 0)
			return -1;
		/* ElevenLabs keys are not OpenAI's. */
		if (env("MV_TTS_API_KEY") == NULL) {
			free(c->api_key);
			c->api_key = dup_or_null(env("ELEVENLABS_API_KEY"));
		}
		c->voice = xstrdup(env("MV_TTS_VOICE") != NULL ?
		    env("MV_TTS_VOICE") : "21m00Tcm4TlvDq8ikWAM");
	} else
		c->voice = dup_or_null(env("MV_TTS_VOICE"));
	if (setting_double(sp, 0.25, 4, 1, &c->speed, err) < 0)
		return -1;
	return shared(c, 300, err);
}

int
conf_search(struct conf *c, char **err)
{
	static const char *const known[] = { "none", "tavily", "searxng",
		"wikipedia", NULL };
	static const char *const mr[] = { "MV_SEARCH_MAX_RESULTS", NULL };
	const char *v = env("MV_SEARCH"), *u = env("MV_SEARCH_BASE_URL");

	init(c);
	if (provider(c, v != NULL ? "MV_SEARCH" : "default",
	    v != NULL ? v : "none", known, err) < 0)
		return -1;
	if (u != NULL) {
		if (base_url("MV_SEARCH_BASE_URL", u, &c->base_url, err) < 0)
			return -1;
	} else if (strcmp(c->provider, "tavily") == 0)
		c->base_url = xstrdup("https://api.tavily.com");
	else if (strcmp(c->provider, "wikipedia") == 0)
		c->base_url = xstrdup("https://en.wikipedia.org");
	else if (strcmp(c->provider, "searxng") == 0) {
		*err = xstrdup("MV_SEARCH_BASE_URL: searxng has no public "
		    "default: expected the URL of your instance");
		return -1;
	}
	if (strcmp(c->provider, "tavily") == 0)
		c->api_key = dup_or_null(env("TAVILY_API_KEY"));
	if (setting_long(mr, 1, 50, 5, &c->max_results, err) < 0)
		return -1;
	return shared(c, 30, err);
}

void
conf_free(struct conf *c)
{
	if (c->api_key != NULL) {
		volatile char *p = c->api_key;

		while (*p != '\0')
			*p++ = '\0';
		free(c->api_key);
	}
	free(c->base_url);
	free(c->model);
	free(c->voice);
	free(c->size);
	free(c->quality);
	free(c->style);
	memset(c, 0, sizeof *c);
}

char *
conf_public_url(const char *url)
{
	const char *s, *at, *end, *slash;
	struct buf b = { 0 };

	if (url == NULL)
		return NULL;
	s = strstr(url, "://");
	s = s != NULL ? s + 3 : url;
	end = s + strcspn(s, "?#");
	slash = s + strcspn(s, "/?#");
	at = memchr(s, '@', (size_t)(slash - s));
	buf_addn(&b, url, (size_t)(s - url));
	if (at != NULL)
		s = at + 1;
	buf_addn(&b, s, (size_t)(end - s));
	return buf_take(&b);
}
