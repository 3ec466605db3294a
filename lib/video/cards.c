/*
 * cards.c - the title card and the end card, drawn beside the pictures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "video/cards.h"
#include "offline/illustrate.h"
#include "core/json.h"
#include "core/lang.h"
#include "core/msg.h"
#include "core/text.h"
#include "core/util.h"

/*
 * Draws a card into dir/name, replacing the file only when its pixels
 * change, so that its segments are not rendered again for nothing.
 */
static void
card(const struct video *v, const char *dir, const char *name,
    const char *setting, const char *heading, const char *body,
    const char *footer)
{
	char *path = xasprintf("%s/%s", dir, name);
	char *tmp = xasprintf("%s/.%s.tmp.new.png", dir, name);
	char *a = NULL, *b = NULL, *err;
	size_t al = 0, bl = 0;

	if (illustrate_card(v->width, v->height, setting, heading, body,
	    footer, tmp, &err) < 0)
		msg_die("%s", err);
	if (read_all(tmp, 64 << 20, &a, &al, &err) < 0)
		msg_die("'%s': %s", tmp, err);
	if (read_all(path, 64 << 20, &b, &bl, &err) == 0 && al == bl &&
	    memcmp(a, b, al) == 0)
		unlink(tmp);
	else if (rename(tmp, path) != 0)
		msg_die("'%s':", path);
	if (b == NULL)
		free(err);
	free(a);
	free(b);
	free(tmp);
	free(path);
}

void
cards_draw(const struct video *v, const char *dir, jv ctx, jv story,
    jv prefs)
{
	jv tv = jv_object_get(jv_copy(story), jv_string("title"));
	jv th = jv_object_get(jv_copy(ctx), jv_string("theme"));
	jv set = jv_object_get(jv_copy(ctx), jv_string("setting"));
	jv mv = jv_object_get(jv_copy(ctx), jv_string("moral_lesson"));
	jv tag = jv_get_kind(prefs) == JV_KIND_OBJECT ?
	    jv_object_get(jv_copy(prefs), jv_string("language")) :
	    jv_invalid();
	char *note;
	const struct lang *l = lang_cards(json_str(tag) != NULL ?
	    json_str(tag) : "en", &note);
	/* "A story about honesty", unless the title says so. */
	char *foot = text_has_word(json_str(tv), json_str(th)) ? NULL :
	    xasprintf(l->about, json_str(th));

	if (note != NULL)
		msg_warn("%s", note);
	card(v, dir, "titlecard.png", json_str(set), NULL, json_str(tv), foot);
	card(v, dir, "endcard.png", json_str(set), l->moral_card,
	    json_str(mv), l->end);
	free(note);
	free(foot);
	jv_free(tag);
	jv_free(tv);
	jv_free(th);
	jv_free(set);
	jv_free(mv);
}
