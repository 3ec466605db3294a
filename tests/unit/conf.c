/* Unit checks for lib/core/conf.c: which provider and settings the
 * environment selects. */
#include <sys/prctl.h>

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/conf.h"
#include "core/msg.h"
#include "core/util.h"

static const char *const vars[] = { "MV_LLM", "MV_LLM_BASE_URL",
	"MV_LLM_API_KEY", "MV_LLM_MODEL", "MV_LLM_TEMPERATURE",
	"MV_LLM_MAX_TOKENS", "MV_STORY_LLM", "MV_STORY_MODEL",
	"MV_STORY_API_KEY", "MV_SEGMENT_MODEL", "LLM_API_KEY", "LLM_BASE_URL",
	"OPENAI_API_KEY", "SCRIPT_SEGMENTER_MODEL", "CHARACTER_DESIGNER_MODEL",
	"MV_IMAGE", "MV_IMAGE_API_KEY", "MV_IMAGE_BASE_URL", "MV_TTS",
	"MV_TTS_VOICE", "MV_TTS_SPEED", "ELEVENLABS_API_KEY", "MV_SEARCH",
	"MV_SEARCH_BASE_URL", "TAVILY_API_KEY", "MV_CONCURRENCY",
	"MV_TIMEOUT", "MV_RETRIES", "MV_BACKOFF_MS", "OPENROUTER_API_KEY",
	"XI_API_KEY", "MV_TTS_API_KEY", "MV_TTS_BASE_URL",
	"MV_SEARCH_MAX_RESULTS", "MV_CONNECT_TIMEOUT", "MV_IDLE_TIMEOUT",
	"MV_IMAGE_MODEL", "MV_IMAGE_STEPS", "MV_SEGMENT_TEMPERATURE",
	"MV_DESIGN_MAX_TOKENS", NULL };

static void
clean(void)
{
	size_t i;

	for (i = 0; vars[i] != NULL; i++)
		unsetenv(vars[i]);
}

/* The line of name in conf_params_mk()'s text, without "NAME := " and its
 * closing '#'; malloc'd, or NULL. */
static char *
mk_value(const char *name)
{
	char *all = conf_params_mk(), *line, *v = NULL;
	size_t n = strlen(name), e;

	for (line = all; *line != '\0'; line += e + (line[e] == '\n')) {
		e = strcspn(line, "\n");
		if (strncmp(line, name, n) == 0 &&
		    strncmp(line + n, " := ", 4) == 0 && line[e - 1] == '#') {
			v = xstrdup(line + n + 4);
			v[e - n - 5] = '\0';
			break;
		}
	}
	free(all);
	return v;
}

static void
mk_is(const char *name, const char *want)
{
	char *v = mk_value(name);

	CHECK_STR(v, want);
	free(v);
}

/* conf_params_mk: the settings as make records them. */
static void
params_mk(void)
{
	char *all;

	CHECK_NOTE("conf_params_mk: each step's settings as make records them");
	clean();
	all = conf_params_mk();
	CHECK_STR(all, "LLM_ANALYZE := llm=offline#\n"
	    "LLM_RESEARCH := llm=offline#\nLLM_STORY := llm=offline#\n"
	    "LLM_SEGMENT := llm=offline#\nLLM_DESIGN := llm=offline#\n"
	    "EST_TEXT := analyze:offline:- research:offline:- "
	    "story:offline:- segment:offline:- design:offline:-#\n"
	    "SEARCH_PARAMS := search=none results=5#\n"
	    "IMAGE_PARAMS := image=offline#\nEST_IMAGE := offline:-#\n"
	    "TTS_PARAMS := tts=flite#\nEST_TTS := flite:-#\n");
	free(all);
	/* A key alone selects openai, its value is nowhere; the model is
	 * "default" until one is named (the original tool's names too); the
	 * sampling settings as typed, as make recorded them before. */
	setenv("LLM_API_KEY", "sk-unit-secret-1", 1);
	setenv("SCRIPT_SEGMENTER_MODEL", "seg-model", 1);
	setenv("MV_SEGMENT_TEMPERATURE", "0.70", 1);
	setenv("MV_DESIGN_MAX_TOKENS", "900", 1);
	mk_is("LLM_STORY", "llm=openai model=default temperature=default "
	    "max_tokens=default");
	mk_is("LLM_SEGMENT", "llm=openai model=seg-model temperature=0.70 "
	    "max_tokens=default");
	mk_is("LLM_DESIGN", "llm=openai model=default temperature=default "
	    "max_tokens=900");
	mk_is("EST_TEXT", "analyze:openai:gpt-4o-mini "
	    "research:openai:gpt-4o-mini story:openai:gpt-4o-mini "
	    "segment:openai:seg-model design:openai:gpt-4o-mini");
	all = conf_params_mk();
	CHECK(strstr(all, "sk-unit") == NULL);
	free(all);
	/* A step's own provider wins; a refused setting is "invalid". */
	setenv("MV_STORY_LLM", "offline", 1);
	mk_is("LLM_STORY", "llm=offline");
	setenv("MV_LLM", "claude", 1);
	mk_is("LLM_ANALYZE", "llm=invalid");
	mk_is("LLM_STORY", "llm=offline");
	setenv("MV_SEARCH", "searxng", 1);
	mk_is("SEARCH_PARAMS", "search=invalid");
	setenv("MV_SEARCH", "wikipedia", 1);
	setenv("MV_SEARCH_MAX_RESULTS", "8", 1);
	mk_is("SEARCH_PARAMS", "search=wikipedia results=8");
	clean();
	/* The narrator's default is flite's, or espeak for a voice flite
	 * lacks; a URL with a password is "private". */
	setenv("MV_TTS_VOICE", "en-gb", 1);
	mk_is("TTS_PARAMS", "tts=espeak VOICE=en-gb");
	setenv("MV_TTS", "openai", 1);
	setenv("MV_TTS_BASE_URL", "http://user:pw@127.0.0.1:9/v1", 1);
	mk_is("TTS_PARAMS", "tts=openai BASE_URL=private VOICE=en-gb");
	mk_is("EST_TTS", "openai:gpt-4o-mini-tts");
	/* Any value is text to make: $, #, a backslash and a newline are
	 * escaped, so the line's only '#' is its end. */
	setenv("MV_IMAGE", "a1111", 1);
	setenv("MV_IMAGE_STEPS", "30", 1);
	setenv("MV_IMAGE_MODEL", "m$(shell x)#1\\\n2", 1);
	mk_is("IMAGE_PARAMS", "image=a1111 MODEL=m$$(shell x)$(mv_hash)1"
	    "$(mv_bs)$(mv_nl)2 STEPS=30");
	mk_is("EST_IMAGE", "a1111:m$$(shell x)$(mv_hash)1$(mv_bs)$(mv_nl)2");
	clean();
}

/* conf_setting: what each setting accepts, and the words of a refusal. */
static void
setting_is(const char *name, const char *v, const char *want)
{
	char *why = NULL;
	int r = conf_setting(name, v, &why);

	if (want == NULL) {
		CHECK_INT(r, 0);
		CHECK(why == NULL);
	} else {
		CHECK_INT(r, -1);
		CHECK_STR(why, want);
	}
	free(why);
}

static void
settings(void)
{
	setting_is("FPS", "30", NULL);
	setting_is("FPS", "29", "expected 24, 25, 30, 48, 50 or 60");
	setting_is("SIZE", "320x180", NULL);
	setting_is("SIZE", "321x180", "expected WIDTHxHEIGHT, like 1920x1080");
	setting_is("SIZE", "huge", "expected WIDTHxHEIGHT, like 1920x1080");
	setting_is("PRESET", "veryslow", NULL);
	setting_is("PRESET", "placebo",
	    "expected an x264 preset, ultrafast to veryslow");
	setting_is("CRF", "51", NULL);
	setting_is("CRF", "52", "expected a CRF of 0 to 51");
	setting_is("LOUDNESS", "-16.5", NULL);
	setting_is("LOUDNESS", "-3", "expected LUFS, like -16");
	setting_is("CROSSFADE", "", "expected seconds, like 0.5");
	setting_is("ASPECT", "9:16", NULL);
	setting_is("ASPECT", "4:3", "expected 16:9, 9:16 or 1:1");
	setting_is("KEEP", "3", NULL);
	setting_is("KEEP", "-1", "expected a number");
	setting_is("BUDGET", "", NULL);
	setting_is("BUDGET", "2.50", NULL);
	setting_is("BUDGET", "lots", "expected US dollars, like 2.50");
	setting_is("MUSIC", "", NULL);
	setting_is("MUSIC", "/nonexistent/x.ogg", "no such file");
	/* The providers' lists are conf_llm's and the others'. */
	setting_is("MV_LLM", "openai", NULL);
	setting_is("MV_STORY_LLM", "claude", "expected offline or openai");
	setting_is("MV_TTS", "say",
	    "expected espeak, flite, openai, elevenlabs or none");
	setting_is("MV_IMAGE", "a1111", NULL);
	setting_is("MV_SEARCH", "",
	    "expected none, tavily, searxng or wikipedia");
	setting_is("MV_TTS_BASE_URL", "ftp://x",
	    "expected an http:// or https:// URL");
	setting_is("MV_CONCURRENCY", "65",
	    "expected a whole number from 1 to 64");
	setting_is("MV_RETRIES", "0", NULL);
	setting_is("MV_TIMEOUT", "", "expected a whole number from 1 to 3600");
	/* What mv does not check passes. */
	setting_is("MV_LLM_MODEL", "", NULL);
	setting_is("SUBTITLES", "readalong", NULL);
}

int
main(void)
{
	struct conf c;
	char *err = NULL, *u;

	clean();
	CHECK(conf_llm("STORY", &c, &err) == 0);
	CHECK_STR(c.provider, "offline");
	CHECK(c.api_key == NULL && c.model == NULL);
	CHECK_INT(c.http.concurrency, 4);
	CHECK_INT(c.http.retries, 4);
	conf_free(&c);

	/* A key alone selects openai, with OpenAI's defaults. */
	setenv("OPENAI_API_KEY", "sk-old", 1);
	CHECK(conf_llm("STORY", &c, &err) == 0);
	CHECK_STR(c.provider, "openai");
	CHECK_STR(c.api_key, "sk-old");
	CHECK_STR(c.base_url, "https://api.openai.com/v1");
	CHECK_STR(c.model, "gpt-4o-mini");
	CHECK(c.temperature < 0 && c.max_tokens == 0);
	conf_free(&c);

	/* The order: per step, then MV_LLM_*, then the original's names. */
	setenv("LLM_API_KEY", "sk-llm", 1);
	CHECK(conf_llm("STORY", &c, &err) == 0);
	CHECK_STR(c.api_key, "sk-llm");
	conf_free(&c);
	setenv("MV_LLM_API_KEY", "sk-mv", 1);
	setenv("MV_STORY_API_KEY", "sk-story", 1);
	setenv("MV_LLM_MODEL", "m-all", 1);
	setenv("MV_STORY_MODEL", "m-story", 1);
	setenv("SCRIPT_SEGMENTER_MODEL", "m-seg-old", 1);
	CHECK(conf_llm("STORY", &c, &err) == 0);
	CHECK_STR(c.api_key, "sk-story");
	CHECK_STR(c.model, "m-story");
	conf_free(&c);
	CHECK(conf_llm("ANALYZE", &c, &err) == 0);
	CHECK_STR(c.api_key, "sk-mv");
	CHECK_STR(c.model, "m-all");
	conf_free(&c);
	CHECK(conf_llm("SEGMENT", &c, &err) == 0);
	CHECK_STR(c.model, "m-all");
	conf_free(&c);
	unsetenv("MV_LLM_MODEL");
	CHECK(conf_llm("SEGMENT", &c, &err) == 0);
	CHECK_STR(c.model, "m-seg-old");
	conf_free(&c);
	setenv("MV_SEGMENT_MODEL", "m-seg", 1);
	CHECK(conf_llm("SEGMENT", &c, &err) == 0);
	CHECK_STR(c.model, "m-seg");
	conf_free(&c);

	/* Naming the provider wins over a key; per step over all steps. */
	setenv("MV_LLM", "offline", 1);
	CHECK(conf_llm("ANALYZE", &c, &err) == 0);
	CHECK_STR(c.provider, "offline");
	conf_free(&c);
	setenv("MV_STORY_LLM", "openai", 1);
	CHECK(conf_llm("STORY", &c, &err) == 0);
	CHECK_STR(c.provider, "openai");
	CHECK_STR(c.provider_from, "MV_STORY_LLM");
	conf_free(&c);

	/* A base URL alone selects openai; its trailing slash goes. */
	clean();
	setenv("LLM_BASE_URL", "http://127.0.0.1:11434/v1/", 1);
	CHECK(conf_llm("DESIGN", &c, &err) == 0);
	CHECK_STR(c.provider, "openai");
	CHECK_STR(c.base_url, "http://127.0.0.1:11434/v1");
	CHECK(c.api_key == NULL);
	conf_free(&c);

	/* Bad values name the variable, never the key. */
	clean();
	setenv("MV_LLM", "gpt", 1);
	CHECK(conf_llm("STORY", &c, &err) < 0);
	CHECK_STR(err, "MV_LLM: 'gpt': expected offline or openai");
	free(err);
	conf_free(&c);
	clean();
	setenv("MV_LLM_API_KEY", "sk-secret", 1);
	setenv("MV_LLM_TEMPERATURE", "hot", 1);
	CHECK(conf_llm("STORY", &c, &err) < 0);
	CHECK_STR(err, "MV_LLM_TEMPERATURE: expected a number from 0 to 2");
	free(err);
	conf_free(&c);
	setenv("MV_LLM_TEMPERATURE", "0.7", 1);
	setenv("MV_LLM_MAX_TOKENS", "1.5", 1);
	CHECK(conf_llm("STORY", &c, &err) < 0);
	CHECK_STR(err, "MV_LLM_MAX_TOKENS: expected a whole number from 1 to "
	    "1000000");
	free(err);
	conf_free(&c);
	unsetenv("MV_LLM_MAX_TOKENS");
	setenv("MV_LLM_BASE_URL", "ftp://x", 1);
	CHECK(conf_llm("STORY", &c, &err) < 0);
	CHECK_STR(err, "MV_LLM_BASE_URL: expected an http:// or https:// URL");
	free(err);
	conf_free(&c);
	unsetenv("MV_LLM_BASE_URL");
	setenv("MV_CONCURRENCY", "0", 1);
	CHECK(conf_llm("STORY", &c, &err) < 0);
	CHECK_STR(err, "MV_CONCURRENCY: expected a whole number from 1 to 64");
	free(err);
	conf_free(&c);
	unsetenv("MV_CONCURRENCY");
	setenv("MV_IDLE_TIMEOUT", "0", 1);
	CHECK(conf_llm("STORY", &c, &err) < 0);
	CHECK_STR(err, "MV_IDLE_TIMEOUT: expected a whole number from 1 to "
	    "3600");
	free(err);
	conf_free(&c);
	unsetenv("MV_IDLE_TIMEOUT");
	setenv("MV_CONNECT_TIMEOUT", "soon", 1);
	CHECK(conf_search(&c, &err) < 0);
	CHECK_STR(err, "MV_CONNECT_TIMEOUT: expected a whole number from 1 "
	    "to 3600");
	free(err);
	conf_free(&c);
	unsetenv("MV_CONNECT_TIMEOUT");
	setenv("MV_CONCURRENCY", "8", 1);
	setenv("MV_TIMEOUT", "5", 1);
	setenv("MV_RETRIES", "0", 1);
	CHECK(conf_llm("STORY", &c, &err) == 0);
	CHECK(c.temperature == 0.7);
	CHECK_INT(c.http.concurrency, 8);
	CHECK_INT(c.http.timeout_ms, 5000);
	CHECK_INT(c.http.retries, 0);
	CHECK_STR(c.http.who, "openai");
	conf_free(&c);

	/* Images, speech, search. */
	clean();
	CHECK(conf_image(&c, &err) == 0);
	CHECK_STR(c.provider, "offline");
	conf_free(&c);
	setenv("MV_IMAGE", "openai", 1);
	setenv("OPENAI_API_KEY", "sk-o", 1);
	CHECK(conf_image(&c, &err) == 0);
	CHECK_STR(c.api_key, "sk-o");
	CHECK_STR(c.model, "gpt-image-1");
	CHECK_INT(c.http.timeout_ms, 300000);
	conf_free(&c);
	setenv("MV_IMAGE", "a1111", 1);
	CHECK(conf_image(&c, &err) == 0);
	CHECK(c.api_key == NULL);	/* OpenAI's key stays with OpenAI */
	CHECK_STR(c.base_url, "http://127.0.0.1:7860");
	conf_free(&c);
	setenv("MV_IMAGE", "dalle", 1);
	CHECK(conf_image(&c, &err) < 0);
	CHECK_STR(err, "MV_IMAGE: 'dalle': expected offline, openai, a1111 "
	    "or openrouter");
	free(err);
	conf_free(&c);

	clean();
	CHECK(conf_tts(&c, &err) == 0);
	CHECK_STR(c.provider, "flite");	/* the clearest offline voice */
	conf_free(&c);
	setenv("MV_TTS_VOICE", "en-gb", 1);	/* espeak-ng's */
	CHECK(conf_tts(&c, &err) == 0);
	CHECK_STR(c.provider, "espeak");
	conf_free(&c);
	setenv("MV_TTS_VOICE", "slt", 1);
	CHECK(conf_tts(&c, &err) == 0);
	CHECK_STR(c.provider, "flite");
	conf_free(&c);
	unsetenv("MV_TTS_VOICE");
	setenv("MV_TTS", "espeak", 1);
	CHECK(conf_tts(&c, &err) == 0);
	CHECK_STR(c.provider, "espeak");
	conf_free(&c);
	setenv("MV_TTS", "elevenlabs", 1);
	setenv("OPENAI_API_KEY", "sk-o", 1);
	setenv("ELEVENLABS_API_KEY", "el-key", 1);
	CHECK(conf_tts(&c, &err) == 0);
	CHECK_STR(c.api_key, "el-key");
	CHECK_STR(c.voice, "21m00Tcm4TlvDq8ikWAM");
	CHECK(c.speed == 1);
	conf_free(&c);
	setenv("MV_TTS", "openai", 1);
	setenv("MV_TTS_SPEED", "9", 1);
	CHECK(conf_tts(&c, &err) < 0);
	CHECK_STR(err, "MV_TTS_SPEED: expected a number from 0.25 to 4");
	free(err);
	conf_free(&c);

	clean();
	CHECK(conf_search(&c, &err) == 0);
	CHECK_STR(c.provider, "none");
	conf_free(&c);
	setenv("MV_SEARCH", "searxng", 1);
	CHECK(conf_search(&c, &err) < 0);
	CHECK(strstr(err, "MV_SEARCH_BASE_URL") == err);
	free(err);
	conf_free(&c);
	setenv("MV_SEARCH", "tavily", 1);
	setenv("TAVILY_API_KEY", "tvly-x", 1);
	CHECK(conf_search(&c, &err) == 0);
	CHECK_STR(c.api_key, "tvly-x");
	CHECK_STR(c.base_url, "https://api.tavily.com");
	CHECK_INT(c.max_results, 5);
	CHECK_INT(c.http.timeout_ms, 30000);
	conf_free(&c);

	/* Tavily takes max_results 0 to 20; the others up to 50. */
	setenv("MV_SEARCH_MAX_RESULTS", "21", 1);
	CHECK(conf_search(&c, &err) < 0);
	CHECK_STR(err, "MV_SEARCH_MAX_RESULTS: expected a whole number from 1 "
	    "to 20 for tavily");
	free(err);
	conf_free(&c);
	setenv("MV_SEARCH_MAX_RESULTS", "20", 1);
	CHECK(conf_search(&c, &err) == 0);
	CHECK_INT(c.max_results, 20);
	conf_free(&c);
	setenv("MV_SEARCH", "wikipedia", 1);
	setenv("MV_SEARCH_MAX_RESULTS", "50", 1);
	CHECK(conf_search(&c, &err) == 0);
	CHECK_INT(c.max_results, 50);
	conf_free(&c);
	setenv("MV_SEARCH_MAX_RESULTS", "51", 1);
	CHECK(conf_search(&c, &err) < 0);
	CHECK_STR(err, "MV_SEARCH_MAX_RESULTS: expected a whole number from 1 "
	    "to 50");
	free(err);
	conf_free(&c);
	unsetenv("MV_SEARCH_MAX_RESULTS");

	/* A key goes only to its own vendor (issue 11.1). */
	CHECK_NOTE("keys: each vendor's own");
	clean();
	setenv("OPENAI_API_KEY", "sk-openai-only", 1);
	setenv("MV_IMAGE", "openrouter", 1);
	CHECK(conf_image(&c, &err) == 0);
	CHECK(c.api_key == NULL);	/* not OpenAI's key to OpenRouter */
	conf_free(&c);
	setenv("OPENROUTER_API_KEY", "sk-or-v1-router", 1);
	CHECK(conf_image(&c, &err) == 0);
	CHECK_STR(c.api_key, "sk-or-v1-router");
	conf_free(&c);
	/* OpenAI's key to OpenAI's host, or to the user's own server. */
	setenv("MV_IMAGE", "openai", 1);
	CHECK(conf_image(&c, &err) == 0);
	CHECK_STR(c.api_key, "sk-openai-only");
	conf_free(&c);
	setenv("MV_IMAGE_BASE_URL", "http://127.0.0.1:9/v1", 1);
	CHECK(conf_image(&c, &err) == 0);
	CHECK_STR(c.api_key, "sk-openai-only");
	conf_free(&c);
	/* ... but never to another vendor's host. */
	setenv("MV_IMAGE_BASE_URL", "https://openrouter.ai/api/v1", 1);
	CHECK(conf_image(&c, &err) == 0);
	CHECK(c.api_key == NULL);
	conf_free(&c);
	clean();
	/* MV_LLM_API_KEY serves speech only when the text's vendor is the
	 * speech's: an OpenRouter key for text is not sent to OpenAI. */
	setenv("MV_LLM_BASE_URL", "https://openrouter.ai/api/v1", 1);
	setenv("MV_LLM_API_KEY", "sk-or-v1-text", 1);
	setenv("MV_TTS", "openai", 1);
	CHECK(conf_tts(&c, &err) == 0);
	CHECK(c.api_key == NULL);
	conf_free(&c);
	setenv("MV_IMAGE", "openrouter", 1);
	CHECK(conf_image(&c, &err) == 0);
	CHECK_STR(c.api_key, "sk-or-v1-text");
	conf_free(&c);
	unsetenv("MV_LLM_BASE_URL");
	setenv("MV_LLM_API_KEY", "sk-text-openai", 1);
	CHECK(conf_tts(&c, &err) == 0);
	CHECK_STR(c.api_key, "sk-text-openai");
	conf_free(&c);
	/* An OpenRouter key (by its prefix) is refused for OpenAI's host,
	 * naming the variable and never the key. */
	setenv("MV_LLM_API_KEY", "sk-or-v1-text", 1);
	CHECK(conf_tts(&c, &err) == 0);
	CHECK(c.api_key == NULL);
	conf_free(&c);
	CHECK(conf_llm("STORY", &c, &err) < 0);
	CHECK_STR(err, "MV_LLM_API_KEY: holds a key of OpenRouter, which is "
	    "not sent to OpenAI's openai.com");
	free(err);
	conf_free(&c);
	setenv("MV_TTS_API_KEY", "sk-or-v1-tts", 1);
	CHECK(conf_tts(&c, &err) < 0);
	CHECK(strstr(err, "MV_TTS_API_KEY: holds a key of OpenRouter") == err);
	free(err);
	conf_free(&c);
	clean();
	/* Text: OpenAI's key for OpenAI, OpenRouter's for OpenRouter. */
	setenv("OPENAI_API_KEY", "sk-openai-only", 1);
	setenv("MV_LLM_BASE_URL", "https://openrouter.ai/api/v1", 1);
	CHECK(conf_llm("STORY", &c, &err) == 0);
	CHECK(c.api_key == NULL);
	conf_free(&c);
	setenv("OPENROUTER_API_KEY", "sk-or-v1-router", 1);
	CHECK(conf_llm("STORY", &c, &err) == 0);
	CHECK_STR(c.api_key, "sk-or-v1-router");
	conf_free(&c);
	clean();
	/* ElevenLabs: its own two names; Tavily: its own. */
	setenv("MV_TTS", "elevenlabs", 1);
	setenv("XI_API_KEY", "xi-key-123", 1);
	setenv("MV_LLM_API_KEY", "sk-text-openai", 1);
	CHECK(conf_tts(&c, &err) == 0);
	CHECK_STR(c.api_key, "xi-key-123");
	conf_free(&c);
	setenv("MV_SEARCH", "tavily", 1);
	setenv("MV_SEARCH_BASE_URL", "https://api.openai.com", 1);
	setenv("TAVILY_API_KEY", "tvly-key-123", 1);
	CHECK(conf_search(&c, &err) == 0);
	CHECK(c.api_key == NULL);
	conf_free(&c);
	clean();

	/* What may be recorded of a URL. */
	u = conf_public_url("https://user:pw@example.com:8080/v1?key=x");
	CHECK_STR(u, "https://example.com:8080/v1");
	free(u);
	u = conf_public_url("http://127.0.0.1:7860");
	CHECK_STR(u, "http://127.0.0.1:7860");
	free(u);
	u = conf_public_url("https://h/p@q");
	CHECK_STR(u, "https://h/p@q");
	free(u);
	CHECK(conf_public_url(NULL) == NULL);
	/* RFC 3986: the userinfo ends at the authority's last '@'. */
	u = conf_public_url("https://user:p@ss@host/v1");
	CHECK_STR(u, "https://host/v1");
	free(u);
	u = conf_public_url("https://u%40s:p%40ss:w@host:1/v1#x");
	CHECK_STR(u, "https://host:1/v1");
	free(u);
	clean();

	/* A process with a key in its environment makes no core dump. */
	CHECK_NOTE("msg_init: no core dump with a key");
	msg_init("conf");
	CHECK_INT(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 1);
	setenv("MV_STORY_API_KEY", "", 1);
	msg_init("conf");
	CHECK_INT(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 1);
	setenv("MV_STORY_API_KEY", "sk-x", 1);
	msg_init("conf");
	CHECK_INT(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
	unsetenv("MV_STORY_API_KEY");

	CHECK_NOTE("conf_needs_key: a vendor's own API without a key");
	memset(&c, 0, sizeof c);
	strcpy(c.provider, "openai");
	c.base_url = "https://api.openai.com/v1";
	CHECK(conf_needs_key(&c));
	c.base_url = "https://openrouter.ai/api/v1";
	CHECK(conf_needs_key(&c));
	strcpy(c.provider, "elevenlabs");
	c.base_url = "https://api.elevenlabs.io";
	CHECK(conf_needs_key(&c));
	c.api_key = "xi-test";
	CHECK(!conf_needs_key(&c));
	c.api_key = NULL;
	c.base_url = "http://127.0.0.1:8080/v1";
	CHECK(!conf_needs_key(&c));
	c.base_url = NULL;
	CHECK(!conf_needs_key(&c));
	strcpy(c.provider, "a1111");
	c.base_url = "https://openrouter.ai/api/v1";
	CHECK(!conf_needs_key(&c));
	settings();
	params_mk();
	return check_done();
}
