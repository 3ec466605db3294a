/*
 * conf.c - provider settings from the environment.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/conf.h"
#include "core/flitename.h"
#include "core/ledger.h"
#include "core/util.h"

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
	const char *h, *end, *at;
	size_t n;

	if (strncmp(v, "http://", 7) != 0 && strncmp(v, "https://", 8) != 0) {
		*err = xasprintf("%s: expected an http:// or https:// URL",
		    from);
		return -1;
	}
	/* RFC 3986 3.2.1: an '@' in a user or password is written %40. */
	h = strstr(v, "://") + 3;
	end = h + strcspn(h, "/?#");
	at = memchr(h, '@', (size_t)(end - h));
	if (at != NULL && memchr(at + 1, '@', (size_t)(end - at - 1)) != NULL) {
		*err = xasprintf("%s: the user or password holds an '@': "
		    "write it as %%40", from);
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

/*
 * Keys and vendors. A variable named for a vendor (OPENAI_API_KEY ...)
 * holds that vendor's key; a key whose prefix names a vendor ("sk-or-",
 * "tvly-") is that vendor's. Either goes only to a base URL that is its
 * vendor's, or to one of no known vendor (the user's own server or
 * proxy): never to another vendor's host.
 */
enum vendor { V_NONE, V_OPENAI, V_OPENROUTER, V_ELEVENLABS, V_TAVILY };

static const struct {
	const char *name, *domain, *prefix;
} vendors[] = {
	{ "none", NULL, NULL },
	{ "OpenAI", "openai.com", NULL },
	{ "OpenRouter", "openrouter.ai", "sk-or-" },
	{ "ElevenLabs", "elevenlabs.io", NULL },
	{ "Tavily", "tavily.com", "tvly-" },
};

/* The vendor whose host (or a subdomain of it) url names. */
static enum vendor
url_vendor(const char *url)
{
	const char *h, *end, *at;
	size_t n, d, i;

	if (url == NULL)
		return V_NONE;
	h = strstr(url, "://");
	h = h != NULL ? h + 3 : url;
	end = h + strcspn(h, "/?#");
	for (at = h; at < end; at++)
		if (*at == '@')
			h = at + 1;
	n = strcspn(h, ":/?#");
	while (n > 0 && h[n - 1] == '.')
		n--;
	for (i = 1; i < sizeof vendors / sizeof vendors[0]; i++) {
		d = strlen(vendors[i].domain);
		if (n < d || strncasecmp(h + n - d, vendors[i].domain, d) != 0)
			continue;
		if (n == d || h[n - d - 1] == '.')
			return (enum vendor)i;
	}
	return V_NONE;
}

static enum vendor
key_vendor(const char *key)
{
	size_t i;

	for (i = 1; i < sizeof vendors / sizeof vendors[0]; i++)
		if (vendors[i].prefix != NULL && strncmp(key,
		    vendors[i].prefix, strlen(vendors[i].prefix)) == 0)
			return (enum vendor)i;
	return V_NONE;
}

/* One place a key may come from. */
struct keyvar {
	const char *name;
	enum vendor vendor;	/* V_NONE: mv's own variable for this call */
	int same;		/* used only when vendor is the URL's vendor */
};

/*
 * The key for c->base_url from the first usable variable of vars (a
 * vendor's variable, or a key of a vendor, that belongs to another vendor
 * than the URL's is passed over). A key set in one of mv's own variables
 * for this call that belongs to another vendor is an error naming it.
 */
static int
pick_key(struct conf *c, const struct keyvar *vars, char **err)
{
	enum vendor to = url_vendor(c->base_url), kv;
	const char *v;

	for (; vars->name != NULL; vars++) {
		if ((v = env(vars->name)) == NULL)
			continue;
		kv = key_vendor(v);
		if (kv == V_NONE)
			kv = vars->vendor;
		if (vars->same && (kv == V_NONE || kv != to))
			continue;
		if (kv != V_NONE && to != V_NONE && kv != to) {
			if (vars->vendor != V_NONE)
				continue;
			*err = xasprintf("%s: holds a key of %s, which is "
			    "not sent to %s's %s", vars->name,
			    vendors[kv].name, vendors[to].name,
			    vendors[to].domain);
			return -1;
		}
		c->api_key = xstrdup(v);
		return 0;
	}
	return 0;
}

/*
 * The vendor of the text provider's base URL (MV_LLM_BASE_URL,
 * LLM_BASE_URL, else OpenAI's), when MV_LLM is unset or openai: the
 * vendor MV_LLM_API_KEY belongs to for pictures and speech.
 */
static enum vendor
llm_vendor(void)
{
	static const char *const urls[] = { "MV_LLM_BASE_URL", "LLM_BASE_URL",
		NULL };
	const char *p = env("MV_LLM"), *u = first(urls, NULL);

	if (p != NULL && strcmp(p, "openai") != 0)
		return V_NONE;
	return u != NULL ? url_vendor(u) : V_OPENAI;
}

static const char *const openai_keys[] = { "OPENAI_API_KEY", NULL };
static const char *const openrouter_keys[] = { "OPENROUTER_API_KEY", NULL };
static const char *const eleven_keys[] = { "ELEVENLABS_API_KEY",
	"XI_API_KEY", NULL };

/*
 * The settings every kind of call shares, and their ranges; MV_TIMEOUT's
 * default is the call's. lib/http reads the last two itself, once
 * checked here.
 */
static const struct {
	const char *name;
	long lo, hi, dflt;
} shared_settings[] = {
	{ "MV_CONCURRENCY", 1, 64, 4 }, { "MV_TIMEOUT", 1, 3600, 0 },
	{ "MV_RETRIES", 0, 10, 4 }, { "MV_BACKOFF_MS", 1, 60000, 500 },
	{ "MV_CONNECT_TIMEOUT", 1, 3600, 30 }, { "MV_IDLE_TIMEOUT", 1, 3600, 120 },
};
#define NSHARED (sizeof shared_settings / sizeof shared_settings[0])

static int
shared(struct conf *c, long timeout_s, char **err)
{
	long v[NSHARED];
	size_t i;

	for (i = 0; i < NSHARED; i++) {
		const char *names[] = { shared_settings[i].name, NULL };

		if (setting_long(names, shared_settings[i].lo,
		    shared_settings[i].hi, i == 1 ? timeout_s :
		    shared_settings[i].dflt, &v[i], err) < 0)
			return -1;
	}
	c->http.concurrency = (int)v[0];
	c->http.timeout_ms = v[1] * 1000;
	c->http.retries = (int)v[2];
	c->http.backoff_ms = v[3];
	c->http.who = c->provider;
	return 0;
}

/* The providers of each kind of call, as MV_LLM (MV_<STEP>_LLM), MV_IMAGE,
 * MV_TTS and MV_SEARCH name them. */
static const char *const llm_known[] = { "offline", "openai", NULL };
static const char *const image_known[] = { "offline", "openai", "a1111",
	"openrouter", NULL };
static const char *const tts_known[] = { "espeak", "flite", "openai",
	"elevenlabs", "none", NULL };
static const char *const search_known[] = { "none", "tavily", "searxng",
	"wikipedia", NULL };

/* "a, b or c" of the NULL-ended list, malloc'd. */
static char *
one_of(const char *const *known)
{
	struct buf b = { 0 };
	size_t i;

	for (i = 0; known[i] != NULL; i++)
		buf_addf(&b, "%s%s", i == 0 ? "" : known[i + 1] == NULL ?
		    " or " : ", ", known[i]);
	return buf_take(&b);
}

/* The provider's name into c->provider, checked against known. */
static int
provider(struct conf *c, const char *from, const char *v,
    const char *const *known, char **err)
{
	char *list;
	size_t i;

	for (i = 0; known[i] != NULL; i++)
		if (strcmp(v, known[i]) == 0) {
			snprintf(c->provider, sizeof c->provider, "%s", v);
			snprintf(c->provider_from, sizeof c->provider_from,
			    "%s", from);
			c->http.who = c->provider;
			return 0;
		}
	list = one_of(known);
	*err = xasprintf("%s: '%s': expected %s", from, v, list);
	free(list);
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
		if (provider(c, from, v, llm_known, err) < 0)
			return -1;
	} else if (key != NULL || url != NULL) {
		/* A key or an endpoint given: that is a choice. */
		if (provider(c, key != NULL ? keyfrom : urlfrom, "openai",
		    llm_known, err) < 0)
			return -1;
	} else
		(void)provider(c, "default", "offline", llm_known, err);
	if (strcmp(c->provider, "offline") == 0)
		return shared(c, 120, err);

	if (url != NULL) {
		if (base_url(urlfrom, url, &c->base_url, err) < 0)
			return -1;
	} else
		c->base_url = xstrdup("https://api.openai.com/v1");
	{
		struct keyvar kv[] = { { n[2], V_NONE, 0 },
			{ "MV_LLM_API_KEY", V_NONE, 0 },
			{ "LLM_API_KEY", V_NONE, 0 },
			{ "OPENAI_API_KEY", V_OPENAI, 0 },
			{ "OPENROUTER_API_KEY", V_OPENROUTER, 0 },
			{ NULL, V_NONE, 0 } };

		if (pick_key(c, kv, err) < 0)
			return -1;
	}
	names[0] = n[3], names[1] = "MV_LLM_MODEL", names[2] = segmodel,
	    names[3] = NULL;
	v = first(names, NULL);
	c->model = xstrdup(v != NULL ? v : "gpt-4o-mini");
	c->model_named = v != NULL;
	{
		const char *t[] = { n[4], "MV_LLM_TEMPERATURE", NULL };
		const char *m[] = { n[5], "MV_LLM_MAX_TOKENS", NULL };

		if (setting_double(t, 0, 2, -1, &c->temperature, err) < 0 ||
		    setting_long(m, 1, 1000000, 0, &c->max_tokens, err) < 0)
			return -1;
	}
	return shared(c, 120, err);
}

/*
 * The common settings of images and speech: base URL, model, and the key
 * from pfx_API_KEY, then MV_LLM_API_KEY when the text goes to the same
 * vendor (same_vendor set), then the vendor's own variables (vendor_vars,
 * NULL-ended, of vendor v).
 */
static int
service(struct conf *c, const char *pfx, const char *dflt_url,
    const char *dflt_model, int same_vendor, enum vendor v,
    const char *const *vendor_vars, char **err)
{
	char nb[32], nk[32], nm[32];
	struct keyvar kv[6] = { { NULL, V_NONE, 0 } };
	const char *u;
	size_t i = 0;

	snprintf(nb, sizeof nb, "%s_BASE_URL", pfx);
	snprintf(nk, sizeof nk, "%s_API_KEY", pfx);
	snprintf(nm, sizeof nm, "%s_MODEL", pfx);
	if ((u = env(nb)) != NULL) {
		if (base_url(nb, u, &c->base_url, err) < 0)
			return -1;
	} else if (dflt_url != NULL)
		c->base_url = xstrdup(dflt_url);
	kv[i++] = (struct keyvar){ nk, V_NONE, 0 };
	if (same_vendor)
		kv[i++] = (struct keyvar){ "MV_LLM_API_KEY", llm_vendor(), 1 };
	for (; vendor_vars != NULL && *vendor_vars != NULL && i < 5;
	    vendor_vars++)
		kv[i++] = (struct keyvar){ *vendor_vars, v, 0 };
	if (pick_key(c, kv, err) < 0)
		return -1;
	u = env(nm);
	c->model = dup_or_null(u != NULL ? u : dflt_model);
	return 0;
}

int
conf_image(struct conf *c, char **err)
{
	const char *v = env("MV_IMAGE");

	init(c);
	if (provider(c, v != NULL ? "MV_IMAGE" : "default",
	    v != NULL ? v : "offline", image_known, err) < 0)
		return -1;
	if (strcmp(c->provider, "openai") == 0) {
		if (service(c, "MV_IMAGE", "https://api.openai.com/v1",
		    "gpt-image-1", 1, V_OPENAI, openai_keys, err) < 0)
			return -1;
	} else if (strcmp(c->provider, "a1111") == 0) {
		/* A local server: no key falls back from another's. */
		if (service(c, "MV_IMAGE", "http://127.0.0.1:7860", NULL, 0,
		    V_NONE, NULL, err) < 0)
			return -1;
	} else if (strcmp(c->provider, "openrouter") == 0) {
		if (service(c, "MV_IMAGE", "https://openrouter.ai/api/v1",
		    "google/gemini-2.5-flash-image", 1, V_OPENROUTER,
		    openrouter_keys, err) < 0)
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
	static const char *const sp[] = { "MV_TTS_SPEED", NULL };
	const char *v = env("MV_TTS");

	init(c);
	if (provider(c, v != NULL ? "MV_TTS" : "default",
	    v != NULL ? v : "flite", tts_known, err) < 0)
		return -1;
	if (strcmp(c->provider, "openai") == 0) {
		if (service(c, "MV_TTS", "https://api.openai.com/v1",
		    "gpt-4o-mini-tts", 1, V_OPENAI, openai_keys, err) < 0)
			return -1;
		c->voice = xstrdup(env("MV_TTS_VOICE") != NULL ?
		    env("MV_TTS_VOICE") : "alloy");
	} else if (strcmp(c->provider, "elevenlabs") == 0) {
		if (service(c, "MV_TTS", "https://api.elevenlabs.io",
		    "eleven_multilingual_v2", 0, V_ELEVENLABS, eleven_keys,
		    err) < 0)
			return -1;
		c->voice = xstrdup(env("MV_TTS_VOICE") != NULL ?
		    env("MV_TTS_VOICE") : "21m00Tcm4TlvDq8ikWAM");
	} else
		c->voice = dup_or_null(env("MV_TTS_VOICE"));
	/* The default narrator is flite's; a voice it lacks (espeak-ng's
	 * "en-gb") asks for espeak-ng. */
	if (v == NULL && c->voice != NULL && !flite_narrator_voice(c->voice))
		snprintf(c->provider, sizeof c->provider, "espeak");
	if (setting_double(sp, 0.25, 4, 1, &c->speed, err) < 0)
		return -1;
	return shared(c, 300, err);
}

int
conf_search(struct conf *c, char **err)
{
	static const char *const mr[] = { "MV_SEARCH_MAX_RESULTS", NULL };
	const char *v = env("MV_SEARCH"), *u = env("MV_SEARCH_BASE_URL");
	int tavily;

	init(c);
	if (provider(c, v != NULL ? "MV_SEARCH" : "default",
	    v != NULL ? v : "none", search_known, err) < 0)
		return -1;
	tavily = strcmp(c->provider, "tavily") == 0;
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
	if (strcmp(c->provider, "tavily") == 0) {
		static const struct keyvar tk[] = {
			{ "TAVILY_API_KEY", V_TAVILY, 0 }, { NULL, V_NONE, 0 } };

		if (pick_key(c, tk, err) < 0)
			return -1;
	}
	/* Tavily: max_results 0 to 20 (docs.tavily.com, api-reference). */
	if (setting_long(mr, 1, tavily ? 20 : 50, 5, &c->max_results,
	    err) < 0) {
		if (tavily) {
			char *e = *err;

			*err = xasprintf("%s for tavily", e);
			free(e);
		}
		return -1;
	}
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

int
conf_needs_key(const struct conf *c)
{
	static const char *const hosts[] = { "https://api.openai.com",
		"https://openrouter.ai", "https://api.elevenlabs.io", NULL };
	int i;

	if (c->api_key != NULL || strcmp(c->provider, "a1111") == 0 ||
	    c->base_url == NULL)
		return 0;
	for (i = 0; hosts[i]; i++)
		if (strncmp(c->base_url, hosts[i], strlen(hosts[i])) == 0)
			return 1;
	return 0;
}

char *
conf_public_url(const char *url)
{
	return http_public_url(url, 0);
}

/* The workflow's settings, as make takes them. */

const char *const conf_presets[] = { "ultrafast", "superfast", "veryfast",
	"faster", "fast", "medium", "slow", "slower", "veryslow", NULL };
/* Frame rates whose frames hold a whole number of 48 kHz samples. */
static const char *const frame_rates[] = { "24", "25", "30", "48", "50",
	"60", NULL };
const struct conf_aspect conf_aspects[] = {
	{ "16:9", 1920, 1080 }, { "9:16", 1080, 1920 }, { "1:1", 1080, 1080 },
	{ NULL, 0, 0 },
};

static int
listed(const char *v, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(v, *list) == 0)
			return 1;
	return 0;
}

/* A number from lo to hi, all of v. */
static int
in_range(const char *v, double lo, double hi)
{
	char *end;
	double d = strtod(v, &end);

	return *v != '\0' && *end == '\0' && d >= lo && d <= hi;
}

static int
size_ok(const char *v)
{
	int w, h, n = 0;

	/* Even sides, for 4:2:0 video. */
	return sscanf(v, "%dx%d%n", &w, &h, &n) == 2 && v[n] == '\0' &&
	    w >= 64 && h >= 64 && w <= 7680 && h <= 7680 && w % 2 == 0 &&
	    h % 2 == 0;
}

static int
crf_ok(const char *v)
{
	char *end;
	long n = strtol(v, &end, 10);

	return *v != '\0' && *end == '\0' && n >= 0 && n <= 51;
}

static int
ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	return n >= t && strcmp(s + n - t, tail) == 0;
}

/* The check of a provider or shared setting; 1 when name is neither. */
static int
service_setting(const char *name, const char *v, char **why)
{
	const char *const *known = NULL;
	char *e = NULL, *url;
	size_t i;
	long n;

	if (strcmp(name, "MV_LLM") == 0 || (strncmp(name, "MV_", 3) == 0 &&
	    strlen(name) > 7 && ends_with(name, "_LLM")))
		known = llm_known;
	else if (strcmp(name, "MV_IMAGE") == 0)
		known = image_known;
	else if (strcmp(name, "MV_TTS") == 0)
		known = tts_known;
	else if (strcmp(name, "MV_SEARCH") == 0)
		known = search_known;
	if (known != NULL) {
		if (listed(v, known))
			return 0;
		url = one_of(known);
		*why = xasprintf("expected %s", url);
		free(url);
		return -1;
	}
	if (ends_with(name, "_BASE_URL")) {
		if (base_url(name, v, &url, &e) == 0) {
			free(url);
			return 0;
		}
	} else {
		for (i = 0; i < NSHARED; i++)
			if (strcmp(name, shared_settings[i].name) == 0)
				break;
		if (i == NSHARED)
			return 1;
		if (whole(name, v, shared_settings[i].lo, shared_settings[i].hi,
		    &n, &e) == 0)
			return 0;
	}
	/* The message without "NAME: ". */
	*why = xstrdup(e + strlen(name) + 2);
	free(e);
	return -1;
}

int
conf_setting(const char *name, const char *v, char **why)
{
	static const struct {
		const char *name, *want;
	} wants[] = {
		{ "SIZE", "WIDTHxHEIGHT, like 1920x1080" },
		{ "FPS", "24, 25, 30, 48, 50 or 60" },
		{ "KEEP", "a number" },
		{ "CROSSFADE", "seconds, like 0.5" },
		{ "ASPECT", "16:9, 9:16 or 1:1" },
		{ "CRF", "a CRF of 0 to 51" },
		{ "PRESET", "an x264 preset, ultrafast to veryslow" },
		{ "LOUDNESS", "LUFS, like -16" },
		{ "BUDGET", "US dollars, like 2.50" },
	};
	double d;
	int ok, r;
	size_t i;

	*why = NULL;
	if ((r = service_setting(name, v, why)) <= 0)
		return r;
	if (strcmp(name, "SIZE") == 0)
		ok = size_ok(v);
	else if (strcmp(name, "FPS") == 0)
		ok = listed(v, frame_rates);
	else if (strcmp(name, "KEEP") == 0)
		ok = *v != '\0' && strspn(v, "0123456789") == strlen(v);
	else if (strcmp(name, "CROSSFADE") == 0)
		ok = in_range(v, 0, 2);
	else if (strcmp(name, "ASPECT") == 0) {
		for (i = 0; conf_aspects[i].name != NULL; i++)
			if (strcmp(v, conf_aspects[i].name) == 0)
				break;
		ok = conf_aspects[i].name != NULL;
	}
	else if (strcmp(name, "CRF") == 0)
		ok = crf_ok(v);
	else if (strcmp(name, "PRESET") == 0)
		ok = listed(v, conf_presets);
	else if (strcmp(name, "LOUDNESS") == 0)
		ok = in_range(v, -70, -5);
	else if (strcmp(name, "BUDGET") == 0)
		ok = *v == '\0' || ledger_budget(v, &d) == 0;
	else if (strcmp(name, "MUSIC") == 0) {
		if (*v == '\0' || access(v, R_OK) == 0)
			return 0;
		*why = xstrdup("no such file");
		return -1;
	} else
		return 0;
	if (ok)
		return 0;
	for (i = 0; strcmp(wants[i].name, name) != 0; i++)
		;
	*why = xasprintf("expected %s", wants[i].want);
	return -1;
}

/* The settings as make records them (conf_params_mk). */

/* What a picture's or a clip's request depends on, besides the provider:
 * MV_IMAGE_ and MV_TTS_ these. */
static const char *const image_vars[] = { "BASE_URL", "MODEL", "SIZE",
	"QUALITY", "STYLE", "STEPS", "CFG", "SAMPLER", "SHEETS", NULL };
static const char *const tts_vars[] = { "BASE_URL", "MODEL", "VOICE",
	"SPEED", NULL };

/* "NAME := value#", value escaped for make (see conf.h). */
static void
mk_line(struct buf *b, const char *name, const char *v)
{
	buf_addf(b, "%s := ", name);
	for (; *v != '\0'; v++)
		switch (*v) {
		case '$':
			buf_add(b, "$$");
			break;
		case '#':
			buf_add(b, "$(mv_hash)");
			break;
		case '\n':
			buf_add(b, "$(mv_nl)");
			break;
		case '\\':
			buf_add(b, "$(mv_bs)");
			break;
		default:
			buf_addn(b, v, 1);
		}
	buf_add(b, "#\n");
}

/* A value as it may be recorded: one with an '@' is "private". */
static const char *
recordable(const char *v)
{
	return strchr(v, '@') != NULL ? "private" : v;
}

/*
 * The step's own or the shared setting WHAT ("TEMPERATURE") as typed,
 * else "default": recorded as typed, so that a workflow made before
 * this record ("0.70" then) does not pay for its text again.
 */
static const char *
typed(const char *step, const char *what)
{
	char own[48], shared[48];
	const char *names[] = { own, shared, NULL }, *v;

	snprintf(own, sizeof own, "MV_%s_%s", step, what);
	snprintf(shared, sizeof shared, "MV_LLM_%s", what);
	v = first(names, NULL);
	return v != NULL ? v : "default";
}

/* One text step's line; its part of EST_TEXT into est. */
static void
llm_params(struct buf *b, struct buf *est, const char *step)
{
	struct conf c;
	struct buf v = { 0 };
	char name[16], lower[16], *err = NULL, *s;
	size_t i;

	for (i = 0; step[i] != '\0' && i + 1 < sizeof lower; i++)
		lower[i] = (char)tolower((unsigned char)step[i]);
	lower[i] = '\0';
	buf_addf(est, "%s%s:", est->len > 0 ? " " : "", lower);
	if (conf_llm(step, &c, &err) < 0) {
		free(err);
		buf_add(&v, "llm=invalid");
		buf_add(est, "invalid:-");
	} else if (strcmp(c.provider, "offline") == 0) {
		buf_add(&v, "llm=offline");
		buf_add(est, "offline:-");
	} else {
		buf_addf(&v, "llm=%s model=%s", c.provider, c.model_named ?
		    c.model : "default");
		buf_addf(&v, " temperature=%s max_tokens=%s",
		    typed(step, "TEMPERATURE"), typed(step, "MAX_TOKENS"));
		buf_addf(est, "%s:%s", c.provider, c.model);
	}
	conf_free(&c);
	snprintf(name, sizeof name, "LLM_%s", step);
	s = buf_take(&v);
	mk_line(b, name, s);
	free(s);
}

/* KIND_PARAMS (KIND is IMAGE or TTS): what=provider of c (or "invalid"),
 * then NAME=value of each MV_KIND_NAME of vars set; and EST_KIND. */
static void
media_params(struct buf *b, const char *what, const char *kind,
    const char *const *vars, int ok, const struct conf *c)
{
	struct buf v = { 0 };
	char name[32], *s;
	const char *val;
	size_t i;

	buf_addf(&v, "%s=%s", what, ok ? c->provider : "invalid");
	for (i = 0; vars[i] != NULL; i++) {
		snprintf(name, sizeof name, "MV_%s_%s", kind, vars[i]);
		if ((val = env(name)) != NULL)
			buf_addf(&v, " %s=%s", vars[i], recordable(val));
	}
	s = buf_take(&v);
	snprintf(name, sizeof name, "%s_PARAMS", kind);
	mk_line(b, name, s);
	free(s);
	s = xasprintf("%s:%s", ok ? c->provider : "invalid", ok &&
	    c->model != NULL ? c->model : "-");
	snprintf(name, sizeof name, "EST_%s", kind);
	mk_line(b, name, s);
	free(s);
}

char *
conf_params_mk(void)
{
	static const char *const steps[] = { "ANALYZE", "RESEARCH", "STORY",
		"SEGMENT", "DESIGN", NULL };
	struct buf b = { 0 }, est = { 0 };
	struct conf c;
	char *err = NULL, *s;
	size_t i;
	int ok;

	for (i = 0; steps[i] != NULL; i++)
		llm_params(&b, &est, steps[i]);
	s = buf_take(&est);
	mk_line(&b, "EST_TEXT", s);
	free(s);

	ok = conf_search(&c, &err) == 0;
	s = ok ? xasprintf("search=%s results=%ld", c.provider,
	    c.max_results) : xstrdup("search=invalid");
	mk_line(&b, "SEARCH_PARAMS", s);
	free(s);
	conf_free(&c);
	free(err);
	err = NULL;

	ok = conf_image(&c, &err) == 0;
	media_params(&b, "image", "IMAGE", image_vars, ok, &c);
	conf_free(&c);
	free(err);
	err = NULL;

	ok = conf_tts(&c, &err) == 0;
	media_params(&b, "tts", "TTS", tts_vars, ok, &c);
	conf_free(&c);
	free(err);
	return buf_take(&b);
}
