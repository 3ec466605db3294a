/*
 * board.h - the storyboard of a video (storyboard.png): a contact sheet
 * of the characters' reference sheets, then every scene's picture with
 * its first words.
 */
#ifndef MV_BOARD_H
#define MV_BOARD_H

#include <jv.h>

#include "video/plan.h"

/* The storyboard of the scenes sc into the file board: first the sheets
 * of the characters of st (borrowed) that are made, under dir, then every
 * scene. Returns 0, or -1 with *err. */
int board_make(jv st, const char *dir, const struct scenes *sc,
    const char *title, const char *board, char **err);

#endif
