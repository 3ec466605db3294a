/*
 * textgen.h - what every model-written text step shares: the pieces of
 * its prompt (the JSON-only rule, the language rule, the characters'
 * names), the safety check of what the model wrote, the strictness of
 * the targets of degree and the log entry. The steps themselves live
 * with their offline halves: textgen_analyze in brief.h,
 * textgen_research in research.h, textgen_story in story.h,
 * textgen_segment in segment.h, textgen_design in design.h, and a
 * scene's words again in retake.h.
 *
 * Each step makes its calls with the text provider c (conf_llm),
 * adds what they cost to *u, and returns 0, or -1 with a malloc'd *err
 * such as "openai: 401: Incorrect API key provided" or "openai: the reply
 * is not the JSON asked for: ...". What a model returns is checked in
 * code before it is used: a reply that breaks the rules is asked for
 * once more with the problem quoted (llm_chat_json), then it fails; but
 * a story or scenes whose only fault is a length or a count are kept
 * (unless textgen_strict).
 *
 * jv ownership: every jv argument is borrowed; every jv stored through an
 * out parameter is owned by the caller (and *out is untouched on error).
 *
 * Every system prompt names the brief's language (preferences.language)
 * when it is not English, "Write in Japanese (日本語)." (lang.h); looks
 * and picture prompts stay English.
 *
 * The first line of every user message is "mv step: NAME" (analyze,
 * research, story, segment, design, scene_take), so that a log or a test double can tell the
 * steps apart; the data follows in ```json and ```text fences.
 */
#ifndef MV_TEXTGEN_H
#define MV_TEXTGEN_H

#include <jv.h>

#include "core/safety.h"
#include "services/llm.h"

/* The end of every system prompt that asks for JSON (all but research's,
 * which asks for plain sentences): one JSON object and nothing else. */
extern const char textgen_json_only[];

/* obj.key (obj borrowed), or an invalid when obj is not an object. */
jv textgen_get(jv obj, const char *key);

/* obj.key when it is a string with some non-space text, squeezed; else
 * NULL. malloc'd. */
char *textgen_str(jv obj, const char *key);

/* v (borrowed) as indented JSON, malloc'd. */
char *textgen_dump(jv v);

/* The names of chars (borrowed) as "A, B and C", malloc'd. */
char *textgen_names(jv chars);

/*
 * NULL when text passes s (NULL: off); else why, naming the word as the
 * text has it and where it is ("the story", "scene 3's description").
 * malloc'd.
 */
char *textgen_blocked(const struct safety *s, const char *text,
    const char *where);

/* The language tag of prefs (borrowed), malloc'd: "en" by default. */
char *textgen_tag(jv prefs);

/*
 * A step's paragraph on the language of tag for its system prompt
 * (malloc'd; "" for English): "Language: " and rest, a format whose one
 * %s is the language by name ("Japanese (日本語)", lang_prompt_name).
 */
char *textgen_language_rule(const char *tag, const char *rest);

/*
 * Whether the targets of degree (a story's length) are as hard as the
 * others: MV_STRICT is "1" in the environment, or prefs (borrowed; the
 * brief's preferences) has "strict": true.
 */
int textgen_strict(jv prefs);

/*
 * What a model step adds to its log entry (state_log's extra):
 * {"usage": llm_usage_json(u), "base_url": c's base URL as
 * conf_public_url gives it}.
 */
jv textgen_log(const struct conf *c, const struct llm_usage *u);

#endif
