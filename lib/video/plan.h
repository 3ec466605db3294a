/*
 * plan.h - the plan of a video: its scenes with their pictures and
 * narration, the video's size, and the segment requests
 * (dir/segments/NAME.json, segments/index) that mv-assemble -X writes,
 * -g renders one by one and -c checks before the join.
 *
 * jv ownership as in state.h. Every function returns 0, or -1 with *err
 * (malloc'd) set to a whole message naming the file and field.
 */
#ifndef MV_PLAN_H
#define MV_PLAN_H

#include <jv.h>

#include "media/media.h"
#include "media/render.h"

struct cast_of;

/* The scenes of a state, with their pictures and narration. */
struct scenes {
	int n;
	struct clip *clips;
	const char **texts;	/* borrowed from segs */
	const char **images;	/* relative to dir */
	char **owned;
	int *no;
	int on;			/* narrated */
	jv lines;		/* each scene's line requests (owned) */
	double **onsets;	/* each scene's words' onsets (owned) */
};

/*
 * Gathers the scenes of segs and scenes (borrowed; state in names it in
 * messages) into s: pictures checked to be files inside dir; with on,
 * each scene's narration (narration_scene: with speak_them spoken now
 * offline, else made before) joined into its clip and measured; else
 * each scene lasts its segment's seconds. s is plan_free's either way.
 */
int plan_load(struct scenes *s, jv segs, jv scenes, const struct cast_of *k,
    const char *dir, const char *in, int on, int speak_them, char **err);
void plan_free(struct scenes *s);

/* The size of the first picture into v when it makes a video (64 to 7680
 * pixels, even), else 1920x1080. */
int plan_size(struct video *v, jv segs, jv scenes, const char *dir,
    const char *in, char **err);

/* -X: the segment requests of s, each rewritten only when it changes, and
 * segments/index, their names in order; the requests into *reqs. */
int plan_write(const struct video *v, const struct scenes *s,
    const char *dir, jv *reqs, char **err);

/* The whole render at once: the plan, then every segment one after
 * another, with progress in frames (the cards drawn before). */
int plan_render_all(const struct video *v, const struct scenes *s,
    const char *dir, long total, char **err);

/* -g: renders segment name from its request file dir/segments/NAME.json. */
int plan_render_one(const char *dir, const char *name, char **err);

/* -c: the names of the segments -X and -g made (*names), checked against
 * the plan of this run: same scenes, same lengths. */
int plan_check(const struct video *v, const struct scenes *s,
    const char *dir, jv *names, char **err);

#endif
