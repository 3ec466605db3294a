/*
 * espeak.h - narration spoken in-process with libespeak-ng (Debian
 * libespeak-ng-dev), MV_TTS=espeak and the languages flite lacks: no
 * process per clip, and the engine's own word events give each word's
 * time in the clip.
 *
 * Voices are espeak-ng's names, with its variants ("en-us", "fr",
 * "en-us+f3"); the clips are 16-bit mono PCM at the engine's rate
 * (22.05 kHz). libespeak-ng is not linked: it is loaded (dynlib.h) with
 * the first clip, so a program starts without it (one that does not
 * load fails that clip: "libespeak-ng.so.1: why (install libespeak-ng1:
 * deps/debian)"). It keeps global state: it is initialised on the
 * first clip, with its data where Debian puts it, and stays so until
 * espeak_narrator_release(). Its wave generator carries state from one
 * utterance to the next, so each clip is spoken in a child forked for it
 * (no exec, no data loaded again) and sent back through a pipe: the same
 * text, voice, pace and pitch give the same samples, in any order. Not
 * thread-safe: speak from one thread.
 *
 * The names here avoid libespeak-ng's own espeak_* symbols.
 */
#ifndef MV_ESPEAK_H
#define MV_ESPEAK_H

#include <stddef.h>
#include <jv.h>

/* The pitch espeak-ng speaks at unless told otherwise, 0 to 99. */
#define ESPEAK_PITCH 50

/*
 * Speaks text (UTF-8) with voice at wpm words a minute (80 to 450; < 1
 * means 150) and pitch (0 to 99; ESPEAK_PITCH is the voice's own).
 * Returns a malloc'd WAV with its length in *len, or NULL with *err set
 * (the voice espeak-ng does not have, no audio). With words not NULL,
 * *words gets (owned) the text's white-space-separated tokens, in order,
 * each with its times in the clip: [{word, start, end}] in seconds, start
 * from espeak-ng's word event (its audio_position) for the first word it
 * found in the token, end the next token's start (the last: the clip's
 * end). A token with nothing spoken (a dash alone) starts and ends where
 * the next spoken one starts.
 */
unsigned char *espeak_narrator_wav(const char *text, const char *voice,
    int wpm, int pitch, size_t *len, jv *words, char **err);

/*
 * espeak_narrator_wav into the WAV file path, checked (media_clip_keep)
 * and written atomically, after its words' times to PATH.words.json
 * ({"words": *words above}). 0, or -1 with *err set ("'PATH':
 * espeak-ng: why").
 */
int espeak_narrate(const char *text, const char *voice, int wpm, int pitch,
    const char *path, char **err);

/* Frees what libespeak-ng holds; speaking again initialises it again. */
void espeak_narrator_release(void);

#endif
