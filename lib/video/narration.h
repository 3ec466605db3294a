/*
 * narration.h - the narration of a video: who speaks each line of a scene
 * (the cast), the request of each line, its clip (dir/narration/NN-LL.wav)
 * spoken offline or by a service, and a scene's lines joined into its clip
 * (dir/narration/NN.wav) with where each word begins.
 *
 * jv ownership as in state.h. A function that fails returns -1 (or an
 * invalid) with *err (malloc'd) set to a whole message; it prints nothing
 * and has released what it held.
 */
#ifndef MV_NARRATION_H
#define MV_NARRATION_H

#include <stddef.h>
#include <jv.h>

struct conf;
struct clip;

/* Who speaks the narration, in which voice. */
struct cast_of {
	const struct conf *c;
	jv prefs;		/* borrowed */
	jv chars;		/* context.characters, owned */
	jv voices;		/* name: voice, owned */
	char *narrator;		/* the narrator's voice, owned */
};

/* The cast of ctx (borrowed) with provider c and preferences prefs
 * (borrowed, kept). Returns a note for each voice a brief names that the
 * provider lacks (an array of strings, owned), for the caller to tell. */
jv narration_cast_init(struct cast_of *k, const struct conf *c, jv ctx,
    jv prefs);
void narration_cast_free(struct cast_of *k);

/* -x: one request file per line of segs (borrowed), narration/NN-LL.json,
 * rewritten only when its content changes, and narration/index (empty
 * when on is 0). */
int narration_export(const struct cast_of *k, jv segs, const char *dir,
    int on, char **err);

/* -n: speaks line (1-based) of seg (consumed), or with line 0 every line
 * of it, then joins them into the scene's clip; in is the state's name. */
int narration_speak_scene(const struct cast_of *k, jv seg, int line,
    const char *dir, const char *in, char **err);

/* Speaks every line of segs (borrowed) with the service of k, all at
 * once up to MV_CONCURRENCY; every call whose clip is in place is logged
 * before the first failure is reported. Puts each clip's provenance, in
 * order, into *provs (owned). */
int narration_voice_all(const struct cast_of *k, jv segs, const char *dir,
    jv *provs, char **err);

/*
 * Scene no's clip: the lines of seg (borrowed), each spoken now offline
 * with speak_them (else made before), joined into dir/narration/NN.wav
 * (*wav, malloc'd) and measured against the scene's text into clip
 * (seconds, audio, onsets: *onsets, malloc'd). Returns the lines'
 * requests, or an invalid with *err (*wav and *onsets then NULL).
 */
jv narration_scene(const struct cast_of *k, jv seg, int no, const char *text,
    const char *dir, int speak_them, struct clip *clip, double **onsets,
    char **wav, char **err);

/* Who narrates with provider c and prefs (borrowed): the narrator's voice
 * (*voice, malloc'd) and the engine that speaks it (*spoken: flite speaks
 * English, another language is espeak-ng's). */
void narration_engine(const struct conf *c, jv prefs, char **voice,
    const char **spoken);

/* The clip of the line request req (borrowed): dir/narration/NN-LL.wav,
 * malloc'd. */
char *narration_line_path(const char *dir, jv req);

/* The narration speed of prefs (borrowed), in words a minute. */
int narration_wpm(jv prefs);

#endif
