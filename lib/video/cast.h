/*
 * cast.h - a voice for every character, and the narrator's (issue 13).
 *
 * A character's voice is chosen from words of its type and traits (and
 * name): female ones ("grandmother", "queen", "hen", "she"), male ones
 * ("grandfather", "king", "lion", "he"), small ones ("small", "tiny",
 * "baby", "mouse", "bird": higher, quicker), big ones ("big", "giant",
 * "lion", "bear": lower, slower) and old ones ("old", "grandmother",
 * "wise": slower, a little lower). The same cast always gives the same
 * voices, never the narrator's, and no two characters share one while
 * the provider has voices left:
 *
 *   flite       slt (female), awb and kal16 (male), each shifted in pitch
 *               and pace ("slt+p130+r110", flite.h); rms is the narrator
 *   espeak      the narrator's language with a variant, "en-us+f3",
 *               "en-us+m3" (espeak-ng's voices/!v)
 *   openai      nova, shimmer, coral (female), onyx, echo, ash, fable
 *               (male), sage (old); alloy is the narrator
 *   elevenlabs  premade voice ids: Bella, Elli, Domi (female), Josh,
 *               Adam, Antoni, Arnold (male), Fin (old); Rachel
 *               (21m00Tcm4TlvDq8ikWAM) is the narrator
 *
 * A brief may name a character's voice (context.characters[].voice) and
 * the narrator's (MV_TTS_VOICE, or preferences.voice when it is one of
 * the provider's); a named voice the provider lacks is cast instead, with
 * a note saying so.
 */
#ifndef MV_CAST_H
#define MV_CAST_H

#include <jv.h>

#include "core/conf.h"

/*
 * The narrator's voice with provider c (borrowed): MV_TTS_VOICE (c->voice),
 * else prefs.voice when the provider has it, else the provider's default
 * (flite's rms, espeak-ng's "en-us", alloy, Rachel). malloc'd.
 */
char *cast_narrator(const struct conf *c, jv prefs);

/*
 * Whether the provider of c has voice (for a service whose voices are
 * ids, such as ElevenLabs, any id of letters and digits).
 */
int cast_has_voice(const struct conf *c, const char *voice);

/*
 * An object mapping each character of chars (borrowed: context.characters,
 * objects with name, type, traits, maybe voice) to its voice with
 * provider c, beside narrator (its voice). *notes, when not NULL, gets an
 * array of messages about named voices the provider lacks (owned).
 */
jv cast_voices(const struct conf *c, jv chars, const char *narrator,
    jv *notes);

/*
 * cast_voices for a brief whose preferences are prefs (borrowed): *notes
 * (not NULL) also says when its language makes the provider speak with
 * another model than asked (speech_model_note).
 */
jv cast_brief(const struct conf *c, jv prefs, jv chars,
    const char *narrator, jv *notes);

#endif
