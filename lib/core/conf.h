/*
 * conf.h - which provider each kind of call uses, and how, from the
 * environment (see the ENVIRONMENT section of each man page and mv(7)).
 *
 * Text (step is "ANALYZE", "RESEARCH", "STORY", "SEGMENT" or "DESIGN"):
 * each setting is read first from MV_<STEP>_<NAME>, then MV_LLM_<NAME>
 * (MV_<STEP>_LLM, then MV_LLM, for the provider itself), then the
 * original tool's names: LLM_API_KEY and OPENAI_API_KEY for the key,
 * LLM_BASE_URL for the base URL, SCRIPT_SEGMENTER_MODEL (SEGMENT) and
 * CHARACTER_DESIGNER_MODEL (DESIGN) for the model. With no provider named,
 * a key or a base URL found selects "openai"; else "offline".
 *
 * Images (MV_IMAGE_*), speech (MV_TTS_*) and search (MV_SEARCH_*) have no
 * per-step layer. Speech defaults to "flite", or to "espeak" when
 * MV_TTS_VOICE names a voice flite lacks (espeak-ng's "en-gb").
 *
 * Keys: a provider uses mv's own variable for its kind of call first
 * (MV_<STEP>_API_KEY, MV_LLM_API_KEY, LLM_API_KEY for text;
 * MV_IMAGE_API_KEY; MV_TTS_API_KEY), then its vendor's: OPENAI_API_KEY
 * (openai text, images, speech), OPENROUTER_API_KEY (text, and openrouter
 * images), ELEVENLABS_API_KEY then XI_API_KEY (elevenlabs),
 * TAVILY_API_KEY (tavily); a1111 has only MV_IMAGE_API_KEY. Images and
 * speech take MV_LLM_API_KEY, after their own, only when the text's base
 * URL (MV_LLM_BASE_URL, LLM_BASE_URL, else OpenAI's) is the host of the
 * same vendor as theirs. A vendor's variable, or a key whose prefix names
 * a vendor ("sk-or-", "tvly-"), is never sent to another vendor's host
 * (openai.com, openrouter.ai, elevenlabs.io, tavily.com and their
 * subdomains): it is passed over, and one of mv's own variables holding
 * it is an error naming the variable. A host of no known vendor (the
 * user's own server or proxy) may get any of them.
 *
 * Shared: MV_CONCURRENCY (1-64, default 4), MV_TIMEOUT (seconds, 1-3600,
 * default 120 for text, 300 for images and speech, 30 for search),
 * MV_RETRIES (0-10, default 4), MV_BACKOFF_MS (1-60000, default 500),
 * MV_CONNECT_TIMEOUT (seconds, 1-3600, default 30) and MV_IDLE_TIMEOUT
 * (seconds without a byte either way, 1-3600, default 120); lib/http
 * reads the last three from the environment itself, once checked here.
 *
 * A bad value (an unknown provider, a temperature of "hot") is an error
 * naming the variable: "MV_LLM_TEMPERATURE: expected a number from 0 to
 * 2". The key is never part of a message.
 */
#ifndef MV_CONF_H
#define MV_CONF_H

#include "core/http.h"

struct conf {
	char provider[16];	/* "offline", "openai", "tavily", ... */
	char *base_url;		/* malloc'd, no trailing slash; NULL */
	char *api_key;		/* malloc'd secret, or NULL */
	char *model;		/* malloc'd, or NULL */
	int model_named;	/* text: the model came from a variable */
	double temperature;	/* text: -1 when unset */
	long max_tokens;	/* text: 0 when unset */
	char *voice;		/* speech: malloc'd, or NULL */
	double speed;		/* speech: 1 when unset (0.25-4) */
	char *size;		/* images: "1024x1024" etc., or NULL */
	char *quality;		/* images, or NULL */
	char *style;		/* images, or NULL */
	long max_results;	/* search: default 5 (1-50; tavily 1-20) */
	struct http_opts http;	/* concurrency, retries, timeout, backoff */
	/* Where the provider came from, for messages: "MV_STORY_LLM". */
	char provider_from[48];
};

/* The text provider for step; 0, or -1 with *err set. */
int conf_llm(const char *step, struct conf *c, char **err);
/* The image, speech and search providers. */
int conf_image(struct conf *c, char **err);
int conf_tts(struct conf *c, char **err);
int conf_search(struct conf *c, char **err);

/*
 * True when c has no key but must have one: its base URL begins with a
 * paid vendor's own API (https://api.openai.com, https://openrouter.ai,
 * https://api.elevenlabs.io) and its provider is not a1111 (whose key is
 * optional wherever it runs). The image and speech requests refuse to
 * start then, naming the variables to set.
 */
int conf_needs_key(const struct conf *c);

/* Frees what c holds (the key is zeroed first). */
void conf_free(struct conf *c);

/*
 * The base URL as it may be recorded (state, logs, messages): without a
 * user:password@ part, a query or a fragment; http_public_url(url, 0).
 * malloc'd; NULL for NULL.
 */
char *conf_public_url(const char *url);

/*
 * The workflow's settings, as make takes them (NAME=value; see mv(7)):
 * whether the programs accept value for name, so that make remembers no
 * setting that would break every later run. The providers (MV_LLM,
 * MV_<STEP>_LLM, MV_IMAGE, MV_TTS, MV_SEARCH), the base URLs, the shared
 * numbers (MV_CONCURRENCY...) as the conf_*() functions read them; SIZE
 * (even sides, 64 to 7680), FPS, KEEP, CROSSFADE (0 to 2), ASPECT, CRF,
 * PRESET, LOUDNESS (-70 to -5), BUDGET (ledger_budget; empty for none)
 * and MUSIC (a readable file; empty for none) as mv-assemble, mv-design
 * and make use them. An empty value is refused but where it says none.
 * 0 (also for a name that is none of these), or -1 with *why set,
 * malloc'd: "expected 24, 25, 30, 48, 50 or 60", "no such file".
 */
int conf_setting(const char *name, const char *value, char **why);

/*
 * What each step's result depends on among the providers' settings, as
 * conf_llm(), conf_search(), conf_image() and conf_tts() resolve them from
 * the environment, in make's syntax (mv-analyze -P; pipelines/providers.mk
 * reads it): one line "NAME := value#" each for LLM_ANALYZE ... LLM_DESIGN
 * ("llm=offline", or "llm=openai model=M temperature=T max_tokens=N", each
 * "default" when unset), SEARCH_PARAMS ("search=P results=N"),
 * IMAGE_PARAMS ("image=P", then NAME=value for each MV_IMAGE_NAME set that
 * a picture's request depends on), TTS_PARAMS (the same of speech), and
 * what pipelines/estimate.sh prices: EST_TEXT ("step:provider:model"
 * each), EST_IMAGE and EST_TTS ("provider:model", "-" for none). An
 * MV_IMAGE_ or MV_TTS_ value with an '@' (a URL's user:password) is
 * "private"; the text steps' base URLs are left out, and the keys
 * (whether one is set counts, through the provider it selects); a setting
 * the programs refuse makes its provider "invalid", so that the step runs
 * and says why. Values are escaped for ":=": "$$" for '$', and $(mv_hash),
 * $(mv_nl), $(mv_bs) (the reader's variables) for '#', a newline and a
 * backslash; so each line's '#' survives make's $(shell), which turns
 * newlines into spaces. malloc'd.
 */
char *conf_params_mk(void);

/* The x264 presets, ultrafast to veryslow, NULL-ended. */
extern const char *const conf_presets[];

/* The aspect ratios (ASPECT, mv-assemble -a) and their full-size frames;
 * ended by a NULL name. */
struct conf_aspect {
	const char *name;
	int w, h;
};
extern const struct conf_aspect conf_aspects[];

#endif
