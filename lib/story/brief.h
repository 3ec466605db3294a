/*
 * brief.h - the analyze step: checks and normalises a story brief (the
 * input of mv-analyze) and builds search queries from it, offline or with
 * a text model (textgen_analyze; what the model steps share: textgen.h).
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

struct conf;
struct llm_usage;

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

#endif
