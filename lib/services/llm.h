/*
 * llm.h - OpenAI-compatible chat completions (POST base/chat/completions):
 * OpenAI, OpenRouter, Ollama, llama.cpp's server, vLLM, LM Studio.
 *
 * Requests carry model, messages (system, user), temperature and the
 * token limit when set (as llm_token_param names it), and for JSON
 * replies response_format {"type":"json_object"}. What an endpoint
 * refuses with a 400 (or 422) is learnt once and remembered for the rest
 * of the program, the request asked again at once: response_format named
 * at all is left out; the token limit's name refused ("Unsupported
 * parameter: 'max_tokens' ... Use 'max_completion_tokens' instead") is
 * swapped for the other; a temperature refused ("Unsupported value:
 * 'temperature' does not support 0.3 with this model", as o-series and
 * gpt-5 models say) is left out. A 400 about a value ("max_tokens is too
 * large") is an error. The key goes in "Authorization: Bearer".
 */
#ifndef MV_LLM_H
#define MV_LLM_H

#include <jv.h>

#include "core/conf.h"

/* What a call cost, for the state's log. */
struct llm_usage {
	long prompt_tokens, completion_tokens, calls;
	double seconds;
};

/*
 * One chat call: the reply's text (message.content, malloc'd) into
 * *reply. Usage is added to *u. Returns 0, or -1 with *err set to
 * "openai: 401: Incorrect API key provided" and the like.
 */
int llm_chat(const struct conf *c, const char *system, const char *user,
    int json, char **reply, struct llm_usage *u, char **err);

/*
 * The name of the token limit sent to base_url (NULL: OpenAI's):
 * "max_completion_tokens" for api.openai.com, whose OpenAPI spec has
 * deprecated max_tokens ("not compatible with o-series models"), else
 * "max_tokens", as Ollama, llama.cpp, vLLM and older OpenRouter know it;
 * once an endpoint has refused one, the other.
 */
const char *llm_token_param(const char *base_url);

/*
 * A check of a model's object (consumed): 0 when it is the one asked for;
 * -1 when it cannot be used (no text, a required field missing or of the
 * wrong type, a character never named); a positive number when it can be
 * used but misses a target that is a matter of degree (a length, a count),
 * the larger the further off. Either way but 0 with a malloc'd why.
 */
typedef int llm_check_fn(jv obj, void *arg, char **why);

/*
 * A chat call whose reply must be a JSON object: the object into *out.
 * step ("STORY", or NULL) names the step's settings in messages. The
 * reply is parsed robustly (llm_extract_json); when it still is not an
 * object, or check (when not NULL) finds fault, the model is asked once
 * more with the fault quoted. Then, with soft, the reply that missed only
 * targets of degree, the closer of the two, is kept (returning 0: the
 * caller says how far off it is); else it fails: "openai: the reply is
 * not the JSON asked for: why". A reply cut off at the token limit is not
 * asked for again: "openai: the reply was cut off at the token limit
 * (max_tokens 800) before its JSON was complete (why): raise
 * MV_STORY_MAX_TOKENS" (or "at the service's own token limit", when none
 * was sent).
 */
int llm_chat_json(const struct conf *c, const char *step,
    const char *system, const char *user, llm_check_fn *check, void *arg,
    int soft, jv *out, struct llm_usage *u, char **err);

/*
 * The first JSON object in a model's reply: the whole text, or inside a
 * ``` or ```json fence, or the first balanced {...} after leading prose
 * (strings and escapes respected). Returns the object, or jv_invalid
 * with a message.
 */
jv llm_extract_json(const char *text);

/* The usage as a log object: {"calls","prompt_tokens",...}. */
jv llm_usage_json(const struct llm_usage *u);

#endif
