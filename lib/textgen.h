/*
 * textgen.h - the text steps done by a language model: analyze, story,
 * segment and design, over llm_chat_json (llm.h). The prompts live in
 * textgen.c.
 *
 * Each function makes its calls with the text provider c (conf_llm),
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
 * story, segment, design), so that a log or a test double can tell the
 * steps apart; the data follows in ```json and ```text fences.
 */
#ifndef MV_TEXTGEN_H
#define MV_TEXTGEN_H

#include <jv.h>

#include "llm.h"
#include "safety.h"

/*
 * Analyze: norm is brief_normalise's result ({"context", "preferences"}).
 * The model tidies the wording of theme, setting, moral_lesson and topic
 * (and writes a topic when the brief has none), the characters' types and
 * traits, and writes 2 to 5 search queries. Names, plot, story_tale,
 * age_group, duration_minutes and every other key stay as the brief has
 * them, and the result passes brief_normalise again, so the state is as
 * valid as the offline one. *out: {"context", "preferences",
 * "search_queries"} (preferences as in norm).
 */
int textgen_analyze(const struct conf *c, jv norm, jv *out,
    struct llm_usage *u, char **err);

/*
 * Story: the story of ctx and prefs (normalised), for the age group and
 * with a word budget of duration_minutes x narration_wpm (characters in
 * a language that counts them: lang_per_minute), with summary
 * (a string, or null) as background. Every character's name must occur
 * in the text, and its length should be within half to 1.6 times the
 * budget: a target of degree, so after the second try the story closer
 * to the budget is kept and the caller compares word_count with
 * target_words; with textgen_strict(prefs) it is an error instead. The title and text must pass the filter s (NULL: off): a
 * blocked word gets one more call asking for the story without it, then
 * an error naming the word. *out has story_offline's keys: title, text,
 * word_count, reading_minutes, character_mentions and target_words.
 */
int textgen_story(const struct conf *c, jv ctx, jv prefs, jv summary,
    const struct safety *s, jv *out, struct llm_usage *u, char **err);

/*
 * Segment: the scenes of text, in segment_offline's shape (scene,
 * narration, description, characters, dialogue, setting, background,
 * emotions, words, seconds). The model chooses the split and writes each
 * scene's description, characters (names of the context only), setting
 * and emotions (mood names of lexicon.h only); narration, dialogue,
 * background, words and seconds are computed here. When the model's
 * narrations are not the story word for word (textgen_words_diff), *out
 * is segment_offline's and *fallback (malloc'd) says why; otherwise
 * *fallback is NULL. Descriptions and settings must pass s. The scene
 * count (about one scene for every SEGMENT_TARGET_SECONDS of narration)
 * and the scenes' lengths are targets of degree: fewer than a third or
 * more than three times the scenes asked for, or a scene of more than
 * six times the words, is asked for again, then kept (unless
 * textgen_strict(prefs)) with *warn (malloc'd; else NULL) saying so:
 * "segment: 2 scenes, asked about 12: each picture will stay about 60 s".
 */
int textgen_segment(const struct conf *c, jv ctx, jv prefs,
    const char *text, const struct safety *s, jv *out, char **fallback,
    char **warn, struct llm_usage *u, char **err);

/*
 * Design: chars is design_characters(ctx, prefs) and segs the state's
 * segments. *out is {"characters": chars with each "look" replaced by
 * the model's description of that character (the same words in every
 * picture prompt; every other key kept), "prompts": an array of one image
 * prompt (a string) per segment, in order}. Each prompt is
 * self-contained: the art style, the model's picture of the scene, the
 * looks of the characters in it (the segment's "characters") and the
 * safety line design_prompt ends with. Looks and prompts must pass s.
 */
int textgen_design(const struct conf *c, jv ctx, jv prefs, jv segs,
    jv chars, const struct safety *s, jv *out, struct llm_usage *u,
    char **err);

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

/*
 * NULL when the strings of narrations (an array) together hold exactly
 * the words of text, in order (words are runs between white space, so
 * punctuation must match too); else a malloc'd why, such as "scene 3
 * has 'fox.' where the story has 'fox,' (word 41 of 230)".
 */
char *textgen_words_diff(const char *text, jv narrations);

#endif
