/*
 * narrate.h - a line spoken offline, in-process: flite for its own voices
 * (flite.h), espeak-ng for the others (espeak.h). The engines and their
 * voices are loaded with the first clip spoken, not linked; a step that
 * only names voices (casting, requests) needs flitename.h.
 *
 * A take (mv(7), TAKES): the number in the clip's take file, PATH without
 * ".wav" plus ".take" (narration/NN-LL.take, written by make redo), 1
 * when there is none. Take 1 is the line as asked; take K > 1 is said
 * another way, the same for the same K: its pace NARRATE_TAKE_RATE_MIN to
 * NARRATE_TAKE_RATE_MAX percent faster or slower and its pitch up to
 * NARRATE_TAKE_PITCH percent the other way (flite: the voice's +p and
 * +r shifts; espeak-ng: its words a minute and pitch). Going back to
 * take 1 makes the same bytes as before.
 */
#ifndef MV_NARRATE_H
#define MV_NARRATE_H

#include <jv.h>

#define NARRATE_TAKE_RATE_MIN 4
#define NARRATE_TAKE_RATE_MAX 8
#define NARRATE_TAKE_PITCH 5

/*
 * How take (> 1) changes a line: *rate and *pitch get the change in
 * percent (0 for take 1 and below).
 */
void narrate_take_shift(int take, int *rate, int *pitch);

/*
 * Speaks the request req (borrowed: media_narration_request's, after
 * speech_request: text, voice, wpm, provider "flite" or else espeak-ng)
 * into the WAV path, and its words' times into PATH.words.json (words.h),
 * each atomically, said as the clip's take (above). 0, or -1 with *err
 * set (a take file that holds no take number, 1 to 9999, is an error
 * naming it).
 */
int narrate_request(jv req, const char *path, char **err);

/* Frees what the engines hold (flite's voices, espeak-ng). */
void narrate_release(void);

#endif
