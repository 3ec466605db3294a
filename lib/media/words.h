/*
 * words.h - where each word of a spoken text begins in its clip, for
 * subtitles timed to the words (issue 13).
 *
 * The words of a text are its white-space-separated tokens after
 * text_squeeze, as media_cues splits it. A word's onset comes from the
 * engine when it reports word boundaries (flite's token times, written
 * beside its clip), else from the sound itself: speech is found by its
 * energy in 10 ms frames (above a tenth of the loud frames' level, gaps
 * under 60 ms bridged), the words are spread over the speech by their
 * letters, and a stretch of speech that begins near a word's place
 * begins that word.
 */
#ifndef MV_WORDS_H
#define MV_WORDS_H

#include <stddef.h>
#include <jv.h>

/* How many words text has, as above. */
size_t words_count(const char *text);

/*
 * The onset in seconds of each word of text in the WAV wav (len bytes,
 * 16-bit mono PCM; other audio gets the words spread over its length by
 * letters): from times (borrowed: [{word, start, end}], flite's, or null)
 * when they match the words in order (tokens of punctuation alone are
 * passed over; a word of punctuation alone takes the next
 * word's onset), else aligned on the sound. *n gets the number of words;
 * returns them malloc'd (NULL when there are none), non-decreasing.
 */
double *words_onsets(const char *text, jv times, unsigned char *wav,
    size_t len, size_t *n);

#endif
