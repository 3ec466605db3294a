/*
 * mix.c - the sound of a video.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/json.h"
#include "core/msg.h"
#include "core/progress.h"
#include "core/util.h"
#include "video/mix.h"

void
mix_init(struct compose *c, const struct video *v, const struct scenes *s,
    long total, const char *dir, const char *music, double loudness)
{
	memset(c, 0, sizeof *c);
	c->v = v;
	c->clips = s->clips;
	c->n = (size_t)s->n;
	c->total = total;
	c->dir = dir;
	c->music = music;
	c->music_db = -14;
	c->loudness = loudness;
	c->peak = -1.5;
	c->names = jv_null();
}

static int
music_check(const struct compose *c, char **err)
{
	if (c->music != NULL && access(c->music, R_OK) != 0) {
		*err = xasprintf("'%s': %s", c->music, strerror(errno));
		return -1;
	}
	return 0;
}

int
mix_make(const struct compose *c, char **err)
{
	struct progress pr;
	int rc;

	if (music_check(c, err) < 0)
		return -1;
	progress_init(&pr, "mixing the sound", 5.0 * c->total / c->v->fps);
	rc = render_audio(c, &pr, err);
	progress_done(&pr);
	return rc;
}

int
mix_check(const struct compose *c, char **err)
{
	char *path = xasprintf("%s/segments/audio.json", c->dir);
	int rc = 0;

	if (music_check(c, err) < 0)
		rc = -1;
	else if (!jv_equal(json_load(path), render_audio_plan(c))) {
		*err = xasprintf("'%s': out of date: mix the sound again (%s "
		    "-A) with the same settings", path, msg_prog());
		rc = -1;
	}
	free(path);
	return rc;
}
