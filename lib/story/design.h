/*
 * design.h - the character designer: a fixed look for every character
 * (colour, body plan, accessory, size) written into the state, an image
 * prompt for every scene, and the scene pictures drawn from them; offline,
 * or with the looks and prompts written by a text model (textgen_design;
 * what the model steps share: textgen.h).
 */
#ifndef MV_DESIGN_H
#define MV_DESIGN_H

#include <jv.h>

#include "offline/illustrate.h"

struct conf;
struct llm_usage;
struct safety;

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

/*
 * Design: chars is design_characters(ctx, prefs) and segs the state's
 * segments. *out is {"characters": chars with each "look" replaced by
 * the model's description of that character (the same words in every
 * picture prompt; every other key kept), "prompts": an array of one image
 * prompt (a string) per segment, in order}. Each prompt is
 * self-contained: the art style, the model's picture of the scene, the
 * looks of the characters in it (the segment's "characters") and the
 * safety line design_prompt ends with. Looks and prompts must pass s.
 */
int textgen_design(const struct conf *c, jv ctx, jv prefs, jv segs,
    jv chars, const struct safety *s, jv *out, struct llm_usage *u,
    char **err);

#endif
