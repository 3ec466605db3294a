/*
 * design.h - the offline character designer: a fixed look for every
 * character (colour, body plan, accessory, size) written into the state,
 * an image prompt for every scene, and the scene pictures drawn from them.
 */
#ifndef MV_DESIGN_H
#define MV_DESIGN_H

#include <jv.h>

#include "illustrate.h"

/*
 * The designed characters for ctx.characters (ctx and prefs borrowed):
 * each input character with "look" (the description used in every
 * prompt) and "palette", "body", "accessory" and "size" added.
 */
jv design_characters(jv ctx, jv prefs);

/*
 * The image prompt for segment seg, given the designed characters and
 * the preferences (all borrowed). Returns a jv string.
 */
jv design_prompt(jv seg, jv chars, jv prefs);

/*
 * Draws the picture of segment seg (borrowed) with the designed
 * characters (borrowed) at width x height into path. Returns 0 or -1 with
 * *err set.
 */
int design_draw(jv seg, jv chars, int width, int height, const char *path,
    char **err);

/*
 * Parses "WxH" (each even, 64 to 7680) into *w and *h. Returns 0 or -1.
 */
int design_size(const char *s, int *w, int *h);

#endif
