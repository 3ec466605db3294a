/*
 * flitename.h - flite's voices by name, and the shifts of pitch and pace
 * a name may ask for, known without libflite: casting, the settings and
 * the speech requests name voices, and only the tools that speak load
 * the engine (flite.h, through narrate.h).
 */
#ifndef MV_FLITENAME_H
#define MV_FLITENAME_H

#include <stddef.h>

/* The voice used when none is asked for. */
#define FLITE_NARRATOR_VOICE "rms"

/* The shifts of pitch and pace a voice may ask for, in percent. */
#define FLITE_SHIFT_MIN 50
#define FLITE_SHIFT_MAX 200

/* How many voices there are (flite.c loads each one's library). */
#define FLITE_NVOICES 4

/*
 * Whether name is one of the voices "rms", "slt", "awb", "kal16", alone
 * or shifted: "NAME", "NAME+pPPP", "NAME+rRRR" or "NAME+pPPP+rRRR", where
 * PPP is its pitch and RRR its pace in percent of its own
 * (FLITE_SHIFT_MIN to FLITE_SHIFT_MAX): "slt+p130+r110" is slt a third
 * higher, a tenth faster (how characters are cast, cast.h). NULL and ""
 * are not.
 */
int flite_narrator_voice(const char *name);

/*
 * name parsed as above: *index gets the voice's place in
 * flite_voice_names(), *pitch and *rate its shifts in percent (100 when
 * not shifted). 0, or -1 when name is not such a voice.
 */
int flite_voice_parse(const char *name, size_t *index, int *pitch,
    int *rate);

/* The voices' names, in the order above, NULL-terminated. */
const char *const *flite_voice_names(void);

#endif
