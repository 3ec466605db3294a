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
 * per-step layer. Their keys fall back to MV_LLM_API_KEY then
 * OPENAI_API_KEY only for the openai providers (and openrouter images);
 * search's tavily key is TAVILY_API_KEY.
 *
 * Shared: MV_CONCURRENCY (1-64, default 4), MV_TIMEOUT (seconds, 1-3600,
 * default 120 for text, 300 for images and speech, 30 for search),
 * MV_RETRIES (0-10, default 4), MV_BACKOFF_MS (1-60000, default 500).
 *
 * A bad value (an unknown provider, a temperature of "hot") is an error
 * naming the variable: "MV_LLM_TEMPERATURE: expected a number from 0 to
 * 2". The key is never part of a message.
 */
#ifndef MV_CONF_H
#define MV_CONF_H

#include "http.h"

struct conf {
	char provider[16];	/* "offline", "openai", "tavily", ... */
	char *base_url;		/* malloc'd, no trailing slash; NULL */
	char *api_key;		/* malloc'd secret, or NULL */
	char *model;		/* malloc'd, or NULL */
	double temperature;	/* text: -1 when unset */
	long max_tokens;	/* text: 0 when unset */
	char *voice;		/* speech: malloc'd, or NULL */
	double speed;		/* speech: 1 when unset (0.25-4) */
	char *size;		/* images: "1024x1024" etc., or NULL */
	char *quality;		/* images, or NULL */
	char *style;		/* images, or NULL */
	long max_results;	/* search: default 5 (1-50) */
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

/* Frees what c holds (the key is zeroed first). */
void conf_free(struct conf *c);

/*
 * The base URL as it may be recorded (state, logs, messages): without a
 * user:password@ part or a query string. malloc'd; NULL for NULL.
 */
char *conf_public_url(const char *url);

#endif
