/*
 * media.h - narration requests, clips kept and measured, WAV and
 * subtitles (the engines that speak are narrate.h's, the video itself is
 * render.h's).
 */
#ifndef MV_MEDIA_H
#define MV_MEDIA_H

#include <stddef.h>
#include <jv.h>

/*
 * Puts a spoken clip (the WAV of len bytes at wav, from engine, for
 * messages) in place at path, atomically, once it is a whole WAV whose
 * length fits text at wpm (media_clip_check). Returns 0 or -1 with *err:
 * an engine that exits 0 after a failed write is not believed.
 */
int media_clip_keep(const char *path, const char *engine, const void *wav,
    size_t len, const char *text, int wpm, char **err);

/*
 * media_clip_keep for an engine that tells where its words are: their
 * times (words, consumed) go to PATH.words.json first, then the clip, so
 * that a clip in place always has them.
 */
int media_clip_keep_words(const char *path, const char *engine,
    const void *wav, size_t len, jv words, const char *text, int wpm,
    char **err);

/*
 * The request for one scene's narration: scene, text, voice, wpm,
 * provider and model, from the segment and preferences (borrowed), and
 * preferences.language when it is not English (speech_model's).
 */
jv media_narration_request(jv seg, jv prefs, const char *provider);

struct atomic_file;

/*
 * Converts the n bytes at p (a file of type ext, such as ".jpg") with
 * ffmpeg, through temp files beside path: "ffmpeg -i IN OUTARGS OUT",
 * where outargs is NULL-ended and names the output's format. On success
 * *out is the converted file, closed and not yet in place: the caller
 * commits it (atomic_commit) or drops it (atomic_rollback). Returns 0, or
 * -1 with *why set.
 */
int media_transcode(const char *path, const void *p, size_t n,
    const char *ext, const char *const *outargs, const char *outext,
    struct atomic_file *out, char **why);

/*
 * What the bytes p (n of them) are, for a message: "text/html, 1234
 * bytes". A page, JSON, XML or plain text is named by what it holds;
 * anything else by ctype (a Content-Type, parameters dropped; may be
 * NULL), else "unknown data". Returns a malloc'd string.
 */
char *media_describe(const void *p, size_t n, const char *ctype);

/*
 * Writes the provenance prov (consumed) of a picture or clip to path (the
 * sidecar, e.g. "scenes/03.png.json") atomically, before the picture or
 * clip itself is put in place. Returns 0 or -1 with *err set.
 */
int media_sidecar(const char *path, jv prov, char **err);

/*
 * Checks the WAV in buf (len bytes): RIFF/WAVE, a PCM or float fmt chunk
 * with 1 to 8 channels, 8 to 192 kHz and whole sample frames, a data
 * chunk with at least one frame. A size left unset by a streamed WAV
 * (0 or 0xffffffff) or past the end is set to what is there, in place.
 * Returns the length in seconds (> 0), or -1 with *why set (malloc'd).
 */
double media_wav_check(unsigned char *buf, size_t len, char **why);

/*
 * A WAV of raw signed 16-bit little-endian mono PCM at rate (len bytes;
 * an odd last byte is dropped): malloc'd, its length into *out_len.
 */
unsigned char *media_wav_wrap(const void *pcm, size_t len, unsigned rate,
    size_t *out_len);

/* Reads the width and height of a PNG file. Returns 0 or -1. */
int media_png_size(const char *path, int *w, int *h);

/* Pictures larger than these are refused before anything decodes them. */
#define MEDIA_MAX_SIDE 8192
#define MEDIA_MAX_PIXELS 40000000L

/*
 * What picture the n bytes at p are, from its header alone: "PNG",
 * "JPEG", "WebP" or "GIF", its size into *w and *h (0 when the header
 * that holds it is not within the n bytes); NULL when it is none of
 * these.
 */
const char *media_image_header(const void *p, size_t n, long *w, long *h);

/*
 * Checks the picture in the n bytes at p (from the file path, for the
 * message) against MEDIA_MAX_SIDE and MEDIA_MAX_PIXELS before it is
 * decoded. Returns 0, or -1 with *why: "'PATH': a PNG of 20000x20000
 * pixels; at most 8192 a side and 40 megapixels". Bytes that are no
 * picture pass: their decoder says what they are.
 */
int media_image_check(const char *path, const void *p, size_t n,
    char **why);

/* media_image_check on the first megabyte of the file path. */
int media_image_file_check(const char *path, char **why);

/*
 * A narration clip is refused when its length is outside
 * [planned / MEDIA_CLIP_RATIO, planned * MEDIA_CLIP_RATIO + MEDIA_CLIP_SLACK]
 * seconds, where planned is 60 * words / wpm (mv(7) states the bounds).
 * The ratio allows a service's speed setting (0.25 to 4 times) and a fast
 * or slow voice on top; a reply of ten minutes for a ten-second scene, or
 * of a tenth of a second, is still far outside.
 */
#define MEDIA_CLIP_RATIO 8.0
#define MEDIA_CLIP_SLACK 2.0

/*
 * The words of a narration text, for its planned length: runs of letters
 * or digits between blanks, each character of a script written without
 * spaces (U+2E80 and above, CJK) counting as one.
 */
size_t media_words(const char *text);

/*
 * Checks a clip of secs seconds against its text spoken at wpm words a
 * minute. Returns 0, or -1 with *why: "'PATH': 0.44 s of speech for 32
 * words; expected 4.3 to 40.4 s at 150 words a minute".
 */
int media_clip_check(const char *path, double secs, const char *text,
    int wpm, char **why);

/*
 * The integrated loudness (ITU-R BS.1770: K-weighted, gated) of a PCM or
 * float WAV file, in LUFS; -HUGE_VAL for silence. NAN with *err set when
 * the file cannot be read or is not such a WAV.
 */
double media_wav_loudness(const char *path, char **err);

/* Reads the length in seconds of a PCM WAV file. Returns 0 or -1. */
int media_wav_seconds(const char *path, double *secs, char **err);

/* One scene of the video. */
struct clip {
	const char *image;	/* picture, any size: scaled to cover */
	const char *audio;	/* narration WAV, or NULL for silence */
	double seconds;		/* narration length */
	long frames;		/* frames the scene lasts (set by render_plan) */
	double start, end;	/* scene span in seconds (set by render_plan) */
	/* Where each word of its narration begins in the clip, seconds
	 * (words.h), or NULL: cues then share the time by letters. */
	const double *onsets;
	size_t nonsets;
};

/* Subtitle lines hold at most this many display columns (a wide
 * character is two); a cue two lines. */
#define SUB_LINE 42

/* One subtitle: its time span and its one or two lines ("\n" between). */
struct cue {
	double start, end;
	char *text;
	size_t first, words;	/* the words (between spaces) it has some
				 * of: the first's place, and how many */
};

/*
 * Splits text into cues of at most two lines of SUB_LINE columns, on
 * word boundaries, never inside a grapheme cluster; where words are not
 * spaced (CJK, Thai) between characters, a phrase up to its comma or full
 * stop kept whole when it fits a line (a cue ends early at a sentence's
 * end once half full); the text stays in logical order (RTL too),
 * and shares [start, end) among them in proportion to their length.
 * Returns the count; *out is malloc'd (free with media_cues_free).
 */
size_t media_cues(const char *text, double start, double end,
    struct cue **out);

/*
 * media_cues timed by the words: with onsets (n, one per word of text,
 * seconds from start; words.h), each cue starts at its first word's onset
 * (one that begins inside a word that far into the word's time by its
 * grapheme clusters)
 * and ends where the next begins (the last at end); without them, or
 * with another count, as media_cues.
 */
size_t media_cues_at(const char *text, double start, double end,
    const double *onsets, size_t n, struct cue **out);
void media_cues_free(struct cue *v, size_t n);

/*
 * The subtitles of the clips as SRT (*srt) and WebVTT (*vtt) text, both
 * malloc'd: each clip's narration (texts[i]) split by media_cues_at over
 * the time it is spoken, at its words' onsets when the clip has them.
 */
void media_subtitles(const struct clip *c, const char *const *texts,
    size_t n, char **srt, char **vtt);

/*
 * What the n bytes at p are by their first bytes, never by a label:
 * "wav", "mp3", "aac", "ogg", "flac", "m4a" (audio), "png", "jpg",
 * "webp", "gif" (pictures), "text" (a page, JSON, XML or plain text), or
 * NULL (no magic: raw samples, or nothing known). With pcm set (raw PCM
 * was asked for), an MPEG frame sync is not believed and a '{' or '<' is
 * text only when it parses as such, since samples may begin with them.
 */
const char *media_sniff(const void *p, size_t n, int pcm);

/*
 * The n WAVs parts[i] (lens[i] bytes each, checked by media_wav_check)
 * joined into one WAV of the same format, each seam faded out and in
 * over 5 ms (16-bit PCM). Returns it malloc'd with its length in
 * *out_len, or NULL with *why set when the formats differ.
 */
unsigned char *media_wav_join(unsigned char *const *parts,
    const size_t *lens, size_t n, size_t *out_len, char **why);

/*
 * The samples of the WAV b (len bytes; checked, its sizes set in place as
 * media_wav_check does) when it is 16-bit mono PCM: a pointer into b,
 * the rate into *rate and the number of samples into *frames; else NULL.
 */
const unsigned char *media_wav_pcm16(unsigned char *b, size_t len,
    unsigned *rate, size_t *frames);

/* The loudness every line of a scene is brought to, in LUFS. */
#define MEDIA_LINE_LUFS -20.0

/*
 * The lines of a scene, n WAVs of 16-bit PCM at one rate (parts[i],
 * lens[i] bytes; their samples are levelled in place), joined into one
 * with pause seconds of silence between each two: each line first
 * brought to MEDIA_LINE_LUFS (BS.1770, as media_wav_loudness; the gain
 * within 0.1 to 10 and lowered so that no sample clips), so that voices
 * speak at one level. Returns it malloc'd with its length in *out_len,
 * or NULL with *why.
 */
unsigned char *media_wav_lines(unsigned char *const *parts,
    const size_t *lens, size_t n, double pause, size_t *out_len,
    char **why);

#endif
