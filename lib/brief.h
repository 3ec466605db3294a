/*
 * brief.h - checks and normalises a story brief (the input of mv-analyze)
 * and builds search queries from it.
 *
 * Rules (see mv-state(5)): context.theme, context.setting and
 * context.moral_lesson are non-empty strings; context.characters is a
 * non-empty array of objects with a non-empty string name (unique) and
 * type; context.duration_minutes is an integer from 1 to 10 (default 3);
 * context.age_group is a range "A-B" (default "6-8"); topic is derived
 * from the plot or theme when absent. Unknown keys are kept.
 */
#ifndef MV_BRIEF_H
#define MV_BRIEF_H

#include <jv.h>

/* Limits on what a brief may hold, enforced with clear errors. */
#define BRIEF_MAX_CHARACTERS 12
#define BRIEF_MAX_NAME 80	/* bytes in a character's name or type */
#define BRIEF_MAX_FIELD 2000	/* bytes in a short text field */
#define BRIEF_MAX_PLOT 20000	/* bytes in the plot */
#define BRIEF_MAX_TRAITS 8

/*
 * Checks brief (borrowed) and returns an object with the normalised
 * "context" and "preferences", or an invalid whose message is
 * "<field path>: expected <what>, got <what>".
 */
jv brief_normalise(jv brief);

/*
 * NULL when the narrator can speak the language of norm (brief_normalise's
 * result; brief, the brief it came from; both borrowed), else why,
 * malloc'd, naming the settings to change: "preferences.language: no
 * offline narrator speaks 'tlh' ...". tts is MV_TTS (NULL when unset):
 * the offline narrators (unset, flite, espeak) speak English and the
 * languages espeak-ng has a voice for (lang_offline_voice); a service
 * (openai, elevenlabs) or none, narration false, or a voice the brief
 * names itself are not refused.
 */
char *brief_narrator_check(jv brief, jv norm, const char *tts);

/* Search queries (an array of strings) for a normalised context
 * (borrowed). */
jv brief_queries(jv context);

#endif
