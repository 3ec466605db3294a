/*
 * pictures.h - the pictures of the design step: every scene's and every
 * character sheet's, drawn by the offline illustrator or made by a
 * picture service all at once (image.h), each call logged once its
 * picture is in place; and the request files make reads (mv-design -x).
 *
 * What a service said of a picture it made (its warnings, "scene 3: the
 * prompt was shortened ...") is handed back in *said, an array of
 * strings for the program to print, also when a later picture failed.
 */
#ifndef MV_PICTURES_H
#define MV_PICTURES_H

#include <jv.h>

#include "core/conf.h"

/* What the pictures of a run are made from (all borrowed). */
struct pictures {
	const struct conf *c;	/* the illustrator */
	jv chars;		/* the designed characters */
	jv prefs;		/* the preferences */
	jv planned;		/* the model's prompts [{scene, prompt}], or null */
	const char *dir;	/* the asset folder */
	int w, h;		/* the scenes' size */
	int sheets;		/* whether characters get reference sheets */
};

/*
 * segs (consumed) with each segment's take: the number in
 * dir/scenes/NN.take when there is one (a redo wrote it, mv(7)), which
 * design_request turns into another seed. An invalid, with *err, for a
 * file that holds no take number.
 */
jv pictures_takes(jv segs, const char *dir, char **err);

/*
 * The request for the picture of seg (borrowed): design_request's, with,
 * for a service, the prompt p->planned has for the scene, the looks of
 * the characters in it (kept whole when a prompt must be shortened) and
 * their sheets, fitted by image_request; or an invalid with *err.
 */
jv pictures_request(const struct pictures *p, jv seg, char **err);

/* Draws the picture of seg (borrowed) offline into dir/scenes/NN.png and
 * logs the call. 0, or -1 with *err. */
int pictures_draw(const struct pictures *p, jv seg, char **err);

/*
 * Makes the pictures of segs (borrowed) with the service p->c, all at
 * once; with sidecars, each picture's provenance is written beside it
 * first. Returns each picture's provenance, in order, or an invalid with
 * *err naming the first picture that failed (and how many more did).
 */
jv pictures_paint(const struct pictures *p, jv segs, int sidecars,
    jv *said, char **err);

/*
 * Makes the sheets of p->chars (only the one named only, when that is
 * not NULL) in dir/characters: the brief's own pictures copied (checked),
 * the others drawn offline or made by the service all at once. 0, or -1
 * with *err.
 */
int pictures_sheets(const struct pictures *p, const char *only, jv *said,
    char **err);

/*
 * -x: one request file per scene of segs (borrowed), scenes/NN.json,
 * rewritten only when its content changes, and scenes/index; with
 * sheets, one per character, characters/NAME.json and characters/index;
 * and scenes/sheets.mk, the sheets each scene's picture is made with, as
 * make prerequisites. 0, or -1 with *err.
 */
int pictures_export(const struct pictures *p, jv segs, char **err);

/* The model's prompts (an array of strings, one a segment of segs, both
 * borrowed) as the scenes it planned: [{"scene", "prompt"}]. */
jv pictures_planned(jv segs, jv prompts);

/* The prompt planned for scene no in planned (borrowed), or jv_null(). */
jv pictures_prompt(jv planned, int no);

#endif
