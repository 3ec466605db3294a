/*
 * mix.h - the sound of a video, mixed once for the whole of it
 * (dir/segments/audio.m4a, render_audio) and checked against the plan it
 * was made for (dir/segments/audio.json) before the join.
 */
#ifndef MV_MIX_H
#define MV_MIX_H

#include "media/render.h"
#include "video/plan.h"

/* The mix of the scenes s (borrowed, planned: total frames) into c:
 * music (a file, or NULL) ducked under the voice, the whole brought to
 * loudness LUFS under a true peak of -1.5 dBTP. */
void mix_init(struct compose *c, const struct video *v,
    const struct scenes *s, long total, const char *dir, const char *music,
    double loudness);

/* -A: mixes the sound, with progress. Returns 0, or -1 with *err. */
int mix_make(const struct compose *c, char **err);

/* -c: the sound was mixed (-A) for this very plan. Returns 0, or -1 with
 * *err. */
int mix_check(const struct compose *c, char **err);

#endif
