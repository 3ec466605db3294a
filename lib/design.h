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
 * The request for one scene's picture: everything the image provider
 * needs and nothing else (scene, size, provider, model, prompt, caption,
 * setting, mood, seed and the figures of the characters present). Built
 * from the segment, the designed characters and the preferences (all
 * borrowed). The same inputs give the same request, byte for byte. A
 * segment's "take" above 1 (a redo: mv(7), TAKES) is in the request and
 * changes its seed.
 */
jv design_request(jv seg, jv chars, jv prefs, int width, int height,
    const char *provider);

/* Draws the picture a request (borrowed) asks for into path (a PNG).
 * Returns 0 or -1 with *err set. */
int design_render(jv req, const char *path, char **err);


#endif
