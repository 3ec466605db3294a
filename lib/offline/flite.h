/*
 * flite.h - narration spoken in-process with libflite (Debian flite1-dev),
 * MV_TTS=flite: no process started per clip.
 *
 * Voices: "rms" (the default), "slt", "awb" and "kal16", all
 * 16 kHz mono 16-bit PCM, which is what the clips are written as (the
 * render resamples every clip, and levels its loudness, as espeak-ng's
 * 22.05 kHz ones).
 *
 * libflite keeps global state: flite_init() and each voice's register_*
 * run once, on first use, and the voices stay registered until
 * flite_narrator_release(). It is not thread-safe: speak from one thread.
 * The clustergen voices' noise comes from rand(), which is seeded with 1
 * before each clip, so the same text and voice give the same samples.
 * An error inside libflite (which would exit the process) is caught with
 * its cst_errjmp and returned as -1; libflite may then have printed a
 * line of its own to stderr.
 *
 * libflite is not linked: it is loaded (dynlib.h) with the first clip,
 * and each voice's library with the voice's first clip, so a program
 * starts without them. One that does not load fails that clip: "NAME:
 * dlerror's why (install libflite1: deps/debian)". Naming a voice needs
 * flitename.h alone.
 *
 * The names here avoid libflite's own flite_* symbols.
 */
#ifndef MV_FLITE_H
#define MV_FLITE_H

#include <stddef.h>
#include <jv.h>

/* Its voices' names, for the callers that name them. */
#include "core/flitename.h"

/*
 * Speaks text with voice (NULL or "": FLITE_NARRATOR_VOICE; one that is
 * not flite's, such as espeak-ng's "en-us", is an error; a shifted one
 * has its pitch and pace changed, by f0_shift for the clustergen voices,
 * int_f0_target_mean for kal16, and duration_stretch) at wpm words a
 * minute (its duration_stretch is 150 / wpm: flite's own pace is about
 * 150; wpm < 1 means 150). Typographic quotes, dashes and ellipses are
 * read as their ASCII forms. Returns a malloc'd WAV (16-bit mono PCM at
 * the voice's rate) with its length in *len, or NULL with *err set. With
 * words not NULL, *words gets (owned) each token spoken, in order, with
 * its times in the clip: [{word, start, end}] in seconds, from libflite's
 * segment end times (a token of punctuation alone is not spoken).
 */
unsigned char *flite_narrator_wav(const char *text, const char *voice,
    int wpm, size_t *len, jv *words, char **err);

/*
 * flite_narrator_wav into the WAV file path, checked as espeak-ng's clips
 * are (media_wav_check, media_clip_check) and written atomically, after
 * its words' times to PATH.words.json ({"words": *words above}). Returns 0 or -1 with *err set
 * ("'PATH': flite: why").
 */
int flite_narrate(const char *text, const char *voice, int wpm,
    const char *path, char **err);

/*
 * Unregisters the voices registered so far and frees them; with that,
 * libflite 2.2 has nothing left on the heap (valgrind: all heap blocks
 * freed, tests/unit/flite.c). Safe to call more than once; speaking again
 * registers the voice again.
 */
void flite_narrator_release(void);

#endif
