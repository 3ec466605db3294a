/*
 * sheet.h - character reference sheets: one picture of each character
 * alone (characters/NAME.png), made once by the workflow's image provider
 * or copied from the brief's reference_image, and given to the image
 * services with every scene the character is in.
 *
 * NAME is the character's name folded to a file name: ASCII letters
 * lower-cased, digits kept, every other run of bytes one '-', at most 40
 * bytes; "character-N" when nothing is left; "-2", "-3" ... after a name
 * an earlier character already has. The same characters always give the
 * same names.
 */
#ifndef MV_SHEET_H
#define MV_SHEET_H

#include <jv.h>

#include "core/conf.h"

/*
 * Whether sheets are made and given: MV_IMAGE_SHEETS, "1" (the default)
 * or "0" (each scene from its text alone). Returns 1 or 0, or -1 with
 * *err for another value.
 */
int sheet_enabled(char **err);

/* The sheets' pictures are square, this many pixels a side. */
#define SHEET_SIZE 1024

/*
 * chars (consumed, the designed characters) with each one's
 * "reference_image" set to "characters/NAME.png", "sheet" to NAME and,
 * when the character of the same name in given (the brief's, context's
 * characters, borrowed) has a reference_image, "reference_source" to
 * that file.
 */
jv sheet_assign(jv chars, jv given);

/*
 * The request for the sheet of ch (one of sheet_assign's characters;
 * all borrowed): {sheet: NAME, name, width, height, provider, prompt
 * (the character alone, whole body, plain background, in prefs'
 * art_style), source: null} with, for "offline", design_request's
 * figures of that character alone and "sheet": true drawing; when the
 * brief gave the character's reference_image, "source" is that file and
 * "source_hash" a hash of its bytes (so an edited file makes the sheet
 * again), or an invalid with a message naming the file when it cannot
 * be read. The request is then fitted to the provider by image_request.
 */
jv sheet_request(jv ch, jv chars, jv prefs, const struct conf *c);

/*
 * The characters of chars that seg names (all borrowed), in the order
 * seg names them.
 */
jv sheet_cast(jv seg, jv chars);

/*
 * The sheets of the characters seg (borrowed) names, from chars
 * (borrowed): [{name, image: "characters/NAME.png"}], in the order of
 * seg's characters.
 */
jv sheet_refs(jv seg, jv chars);

/*
 * The character of chars (borrowed) whose sheet is NAME, or jv_null().
 */
jv sheet_find(jv chars, const char *name);

#endif
