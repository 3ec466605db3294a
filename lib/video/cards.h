/*
 * cards.h - the title card and the end card of a video.
 */
#ifndef MV_CARDS_H
#define MV_CARDS_H

#include <jv.h>

#include "media/render.h"

/*
 * Draws dir/titlecard.png (the title of story, and what the story is
 * about unless the title says it) and dir/endcard.png (the moral of ctx),
 * each replaced only when its pixels change, so that their segments are
 * not rendered again for nothing. The cards' own words are in the
 * language of prefs (lib/core/lang.c; English for a language without its
 * row, with *note set to a malloc'd warning for the caller to tell, else
 * NULL). ctx, story and prefs are borrowed. Returns 0, or -1 with *err
 * (malloc'd; the card being drawn is not kept).
 */
int cards_draw(const struct video *v, const char *dir, jv ctx, jv story,
    jv prefs, char **note, char **err);

#endif
