/*
 * story.h - the offline storyteller: a deterministic retelling of a brief.
 *
 * It opens in the setting, introduces every character with its type and
 * traits, tells every plot sentence in order (adding reactions, feelings
 * and lines of dialogue drawn from the traits and theme while the word
 * budget allows), and ends by stating the moral.
 */
#ifndef MV_STORY_H
#define MV_STORY_H

#include <jv.h>

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

#endif
