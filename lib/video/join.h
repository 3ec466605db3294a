/*
 * join.h - the last of a video: its segments and its sound joined by
 * stream copy into dir/video.mp4 with a chapter a scene, and the sidecar
 * subtitles dir/video.srt and dir/video.vtt.
 */
#ifndef MV_JOIN_H
#define MV_JOIN_H

#include <jv.h>

#include "media/render.h"
#include "video/plan.h"

/*
 * Joins the segments names (borrowed, plan_check's) and the sound of c
 * (mix_make's) into dir/video.mp4, titled title (or NULL) with moral in
 * its comment, and writes the subtitles of the scenes s beside it; all
 * three are in place only when all are made. Sets c's names, title,
 * comment, chapters and out for the call only, and *bytes to the video's
 * size. Returns 0, or -1 with *err.
 */
int join_video(struct compose *c, const struct scenes *s, jv names,
    const char *title, const char *moral, long long *bytes, char **err);

#endif
