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
 * prompt) and "palette", "body", "kind", "accessory" and "size" added.
 * "kind" is the drawing the offline illustrator uses (species_find);
 * when the type names no kind of its own, "kind_note" says which nearest
 * kind was taken ("character 'Tom': no drawing of 'human': drawn as the
 * nearest kind, a man"), for the tool to print.
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
 * setting, mood, seed, banner and the figures of the characters present,
 * each with its kind). "banner" is true only when prefs has "subtitles":
 * false: burned subtitles already show the caption's words; the caption
 * (the narration's first sentence) is there only then. Built from
 * the segment, the designed characters and the preferences (all
 * borrowed). The same inputs give the same request, byte for byte. A
 * segment's "take" above 1 (a redo: mv(7), TAKES) is in the request and
 * changes its seed.
 */
jv design_request(jv seg, jv chars, jv prefs, int width, int height,
    const char *provider);

/*
 * Draws the picture a request (borrowed) asks for into path (a PNG), the
 * offline painter. Keys read: width, height, setting, mood, seed,
 * caption (drawn as a banner unless "banner" is false), figures (name,
 * kind or type, palette, accessory, size) and:
 *
 *   "sheet": true   a reference sheet: the first figure alone, whole
 *                   body, centred, with a plain face, on a plain light
 *                   background (no setting, no label, no caption), as
 *                   for characters/NAME.png.
 *
 * Returns 0 or -1 with *err set.
 */
int design_render(jv req, const char *path, char **err);


#endif
