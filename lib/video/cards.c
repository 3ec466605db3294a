/*
 * cards.c - the title card and the end card, drawn beside the pictures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/atomic.h"
#include "core/json.h"
#include "core/lang.h"
#include "core/text.h"
#include "core/util.h"
#include "offline/illustrate.h"
#include "video/cards.h"

/*
 * Draws a card into dir/name, replacing the file only when its pixels
 * change, so that its segments are not rendered again for nothing.
 * Returns 0, or -1 with *err (the new picture removed).
 */
static int
card(const struct video *v, const char *dir, const char *name,
    const char *setting, const char *heading, const char *body,
    const char *footer, char **err)
{
	char *path = xasprintf("%s/%s", dir, name);
	char *tmp = xasprintf("%s/.%s.tmp.new.png", dir, name);
	char *a = NULL, *why = NULL;
	size_t al = 0;
	int rc = -1;

	if (illustrate_card(v->width, v->height, setting, heading, body,
	    footer, tmp, err) == 0) {
		if (read_all(tmp, 64 << 20, &a, &al, &why) < 0)
			*err = xasprintf("'%s': %s", tmp, why);
		else if (atomic_update(path, a, al, err) >= 0)
			rc = 0;
	}
	unlink(tmp);
	free(why);
	free(a);
	free(tmp);
	free(path);
	return rc;
}

int
cards_draw(const struct video *v, const char *dir, jv ctx, jv story,
    jv prefs, char **note, char **err)
{
	jv tv = jv_object_get(jv_copy(story), jv_string("title"));
	jv th = jv_object_get(jv_copy(ctx), jv_string("theme"));
	jv set = jv_object_get(jv_copy(ctx), jv_string("setting"));
	jv mv = jv_object_get(jv_copy(ctx), jv_string("moral_lesson"));
	jv tag = jv_get_kind(prefs) == JV_KIND_OBJECT ?
	    jv_object_get(jv_copy(prefs), jv_string("language")) :
	    jv_invalid();
	const struct lang *l = lang_cards(json_str(tag) != NULL ?
	    json_str(tag) : "en", note);
	/* "A story about honesty", unless the title says so. */
	char *foot = text_has_word(json_str(tv), json_str(th)) ? NULL :
	    xasprintf(l->about, json_str(th));

	int rc = 0;

	if (card(v, dir, "titlecard.png", json_str(set), NULL, json_str(tv),
	    foot, err) < 0 || card(v, dir, "endcard.png", json_str(set),
	    l->moral_card, json_str(mv), l->end, err) < 0)
		rc = -1;
	free(foot);
	jv_free(tag);
	jv_free(tv);
	jv_free(th);
	jv_free(set);
	jv_free(mv);
	return rc;
}
