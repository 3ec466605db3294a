/*
 * board.c - the storyboard of a video.
 */
#include <stdlib.h>
#include <unistd.h>

#include "core/asset.h"
#include "core/json.h"
#include "core/util.h"
#include "offline/illustrate.h"
#include "video/board.h"

/*
 * The storyboard of the scenes sc into board: first the sheets of the
 * characters of st (borrowed) that are made, under dir, then every
 * scene with its first words.
 */
int
board_make(jv st, const char *dir, const struct scenes *sc,
    const char *title, const char *board, char **err)
{
	jv chars = jv_object_get(jv_copy(st), jv_string("characters"));
	int nc = jv_get_kind(chars) == JV_KIND_ARRAY ?
	    jv_array_length(jv_copy(chars)) : 0, m = 0, i, rc;
	struct board_item *items = xmalloc((size_t)(nc + sc->n) *
	    sizeof *items);
	char **own = xmalloc((size_t)(2 * nc + 1) * sizeof *own);

	for (i = 0; i < nc; i++) {
		jv ch = jv_array_get(jv_copy(chars), i);
		jv img = jv_object_get(jv_copy(ch), jv_string("reference_image"));
		jv nm = jv_object_get(ch, jv_string("name"));
		char *path = jv_get_kind(img) == JV_KIND_STRING &&
		    asset_path_ok(jv_string_value(img)) ? xasprintf("%s/%s",
		    dir, jv_string_value(img)) : NULL;

		if (path != NULL && access(path, R_OK) == 0) {
			own[2 * m] = path;
			own[2 * m + 1] = xstrdup(json_str(nm));
			items[m].image = own[2 * m];
			items[m].scene = 0;
			items[m].words = own[2 * m + 1];
			m++;
		} else
			free(path);
		jv_free(img);
		jv_free(nm);
	}
	for (i = 0; i < sc->n; i++) {
		items[m + i].image = sc->clips[i].image;
		items[m + i].scene = sc->no[i];
		items[m + i].words = sc->texts[i];
	}
	rc = illustrate_storyboard(items, m + sc->n, 1600, title, board, err);
	for (i = 0; i < 2 * m; i++)
		free(own[i]);
	free(own);
	free(items);
	jv_free(chars);
	return rc;
}
