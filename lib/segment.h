/*
 * segment.h - the offline segmenter: splits a story into scenes.
 *
 * Scenes end on sentence boundaries; together their narrations hold every
 * word of the story exactly once, in order. The scene count follows the
 * narration length: about SEGMENT_TARGET_SECONDS of speech per scene at
 * the narration speed (8 to 12 seconds whenever sentences allow).
 */
#ifndef MV_SEGMENT_H
#define MV_SEGMENT_H

#include <jv.h>

#define SEGMENT_TARGET_SECONDS 10.0
#define SEGMENT_MAX_SCENES 200

/*
 * Returns the "segments" array for the story text, given the normalised
 * context and preferences (all borrowed), or an invalid with a message.
 */
jv segment_offline(jv context, jv preferences, const char *text);

/* The words of s, as an array of strings (for coverage checks): runs
 * between white space, cut after a CJK sentence end (text_cjk_stop). */
jv segment_words(const char *s);

/* Quoted speech in s ("..." or curly quotes), an array of strings. */
jv segment_dialogue(const char *s);

/*
 * The scenery behind a scene in setting (with the scenery words of also,
 * when not NULL: the story's setting), as a phrase for picture prompts.
 */
jv segment_background(const char *setting, const char *also);

#endif
