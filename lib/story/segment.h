/*
 * segment.h - the segmenter: splits a story into scenes, offline or with
 * a text model choosing the split (textgen_segment; what the model steps
 * share: textgen.h).
 *
 * Scenes end on sentence boundaries; together their narrations hold every
 * word of the story exactly once, in order. The scene count follows the
 * narration length: about SEGMENT_TARGET_SECONDS of speech per scene at
 * the narration speed (8 to 12 seconds whenever sentences allow).
 */
#ifndef MV_SEGMENT_H
#define MV_SEGMENT_H

#include <jv.h>

struct conf;
struct llm_usage;
struct safety;

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
 * NULL when the strings of narrations (an array) together hold exactly
 * the words of text, in order (words are runs between white space, so
 * punctuation must match too); else a malloc'd why, such as "scene 3
 * has 'fox.' where the story has 'fox,' (word 41 of 230)".
 */
char *textgen_words_diff(const char *text, jv narrations);

#endif
