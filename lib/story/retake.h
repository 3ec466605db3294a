/*
 * retake.h - another take of one scene's words (make redo WHAT=text;
 * mv(7), TAKES): new lines for one scene of a script, in the shape of
 * segments[].lines (lines.h), from the text model with the scenes around
 * it as context, or offline as another wording of the same lines.
 *
 * jv ownership: every jv argument is borrowed; what is stored through an
 * out parameter or returned is the caller's.
 */
#ifndef MV_RETAKE_H
#define MV_RETAKE_H

#include <jv.h>

#include "core/safety.h"
#include "services/llm.h"

/*
 * Take (2 or more) of lines (a scene's, checked by lines_check), offline:
 * the narrator's sentences told another way, as a storyteller would when
 * asked again: an opening phrase said otherwise ("One day," becomes
 * "Then one day,"), a pair of words turned round ("patient and gentle",
 * "gentle and patient"), two short sentences joined when the second begins
 * with a character ("... gentle, and Grandpa Bo knew ..."). Each change
 * is one of the scene's n ways; take 2 makes them all, each later take
 * leaves out another combination, so takes 2 to 2^n differ (after that
 * they come round again). The characters' own lines stay as they are.
 * English only (lang, the story's language tag, "en" or "en-..."; NULL is
 * English). names: the characters, as lines_check takes them. Returns the
 * new lines, or an invalid with a message when there is no other wording
 * ("no other wording offline: ...").
 */
jv retake_offline(jv lines, jv names, const char *lang, int take);

/* How many other wordings retake_offline knows for lines (0 to 16). */
int retake_ways(jv lines, jv names);

/*
 * The temperature a take asks the model for: the step's own (0.7 when
 * unset, temperature < 0) plus 0.1 a take, in a round of five (take 2:
 * +0.1 ... take 6: +0.5, take 7: +0.1 again), at most 2.
 */
double retake_temperature(double temperature, int take);

/*
 * Take (2 or more) of scene no (counting from 1) of segs (the script's
 * segments) by the model c, in one chat call (llm_chat_json, so asked
 * once more when the reply breaks the rules): the scene's lines now, the
 * narrations of the scenes before and after it, the characters (ctx's)
 * and the story's language and age group (ctx, prefs) are given; the
 * reply is {"lines": [...]}, checked as lines_check does, with a
 * narration that is not the present one and passes s (NULL: off). c's
 * temperature is used as it is (the caller sets retake_temperature's).
 * *out: the lines. Returns 0, or -1 with a malloc'd *err.
 */
int retake_model(const struct conf *c, jv ctx, jv prefs, jv segs, int no,
    int take, const struct safety *s, jv *out, struct llm_usage *u,
    char **err);

#endif
