/*
 * llm.h - OpenAI-compatible chat completions (POST base/chat/completions):
 * OpenAI, OpenRouter, Ollama, llama.cpp's server, vLLM, LM Studio.
 *
 * Requests carry model, messages (system, user), temperature and
 * max_tokens when set, and for JSON replies response_format
 * {"type":"json_object"}; an endpoint that rejects response_format with a
 * 400 that names it is asked again once without it (and remembered for
 * the rest of the program). The key goes in "Authorization: Bearer".
 */
#ifndef MV_LLM_H
#define MV_LLM_H

#include <jv.h>

#include "conf.h"

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
 * A chat call whose reply must be a JSON object: the object into *out.
 * The reply is parsed robustly (llm_extract_json); when it still is not
 * an object, or check (when not NULL) rejects it (returning -1 with a
 * malloc'd why), the model is asked once more with the error quoted;
 * then it fails: "openai: the reply is not the JSON asked for: why".
 */
typedef int llm_check_fn(jv obj, void *arg, char **why);
int llm_chat_json(const struct conf *c, const char *system,
    const char *user, llm_check_fn *check, void *arg, jv *out,
    struct llm_usage *u, char **err);

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
