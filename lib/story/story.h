/*
 * story.h - the storyteller: a deterministic retelling of a brief
 * offline, or a story written by a text model (textgen_story; what the
 * model steps share: textgen.h).
 *
 * Offline, it opens in the setting, introduces every character with its type and
 * traits, tells every plot sentence in order (adding reactions, feelings
 * and lines of dialogue drawn from the traits and theme while the word
 * budget allows), and ends by stating the moral.
 */
#ifndef MV_STORY_H
#define MV_STORY_H

#include <jv.h>

struct conf;
struct llm_usage;
struct safety;

/*
 * Tells the story of a normalised context and preferences (both
 * borrowed). Returns an object with title, text, word_count,
 * reading_minutes, character_mentions and target_words; word_count and
 * target_words are characters in a language that counts them (lang.h).
 */
jv story_offline(jv context, jv preferences);

/* {name: count} of whole-word mentions of each character (borrowed
 * array) in text. */
jv story_mentions(jv characters, const char *text);

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

#endif
