/*
 * plan.c - the scenes of a video and its segment requests.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/asset.h"
#include "core/atomic.h"
#include "core/json.h"
#include "core/msg.h"
#include "core/progress.h"
#include "core/state.h"
#include "core/util.h"
#include "video/cards.h"
#include "video/narration.h"
#include "video/plan.h"

/* The image of scene no in scenes (borrowed), checked to be a file
 * inside dir; NULL with *err naming the field otherwise. */
static char *
image_of(jv scenes, int idx, int no, const char *dir, const char *in,
    char **err)
{
	jv sc = jv_array_get(jv_copy(scenes), idx);
	jv img = state_field(sc, "scenes", "image", KIND(JV_KIND_STRING),
	    "a path", 1);
	jv n = jv_object_get(jv_copy(sc), jv_string("scene"));
	char *path = NULL, *why;

	jv_free(sc);
	if (!jv_is_valid(img)) {
		why = json_msg(img);
		*err = xasprintf("'%s': scenes[%d]: %s", state_name(in), idx,
		    why);
		free(why);
		jv_free(n);
		return NULL;
	}
	if (json_num(n, -1) != no)
		*err = xasprintf("'%s': scenes[%d].scene: expected %d to match "
		    "segments[%d], got another", state_name(in), idx, no, idx);
	else if (!asset_path_ok(jv_string_value(img)))
		*err = xasprintf("'%s': scenes[%d].image: expected a relative "
		    "path inside the asset folder, got '%.80s'",
		    state_name(in), idx, jv_string_value(img));
	else {
		path = xasprintf("%s/%s", dir, jv_string_value(img));
		if (access(path, R_OK) != 0)
			*err = xasprintf("'%s': scenes[%d].image: '%s': %s",
			    state_name(in), idx, path, strerror(errno));
		/* Too large a picture is refused before anything decodes
		 * it. */
		else if (media_image_file_check(path, &why) < 0) {
			*err = xasprintf("scene %d: %s", no, why);
			free(why);
		} else {
			jv_free(img);
			return path;
		}
	}
	free(path);
	jv_free(img);
	return NULL;
}

static void
alloc_scenes(struct scenes *s, int n)
{
	memset(s, 0, sizeof *s);
	s->n = n;
	s->clips = xmalloc((size_t)n * sizeof *s->clips);
	memset(s->clips, 0, (size_t)n * sizeof *s->clips);
	s->texts = xmalloc((size_t)n * sizeof *s->texts);
	s->images = xmalloc((size_t)n * sizeof *s->images);
	s->owned = xmalloc((size_t)n * 2 * sizeof *s->owned);
	memset(s->owned, 0, (size_t)n * 2 * sizeof *s->owned);
	s->no = xmalloc((size_t)n * sizeof *s->no);
	s->lines = jv_array();
	s->onsets = xmalloc((size_t)n * sizeof *s->onsets);
	memset(s->onsets, 0, (size_t)n * sizeof *s->onsets);
}

/* Scene i of s: seg (borrowed) and its picture; its narration or its
 * segment's seconds. */
static int
load_scene(struct scenes *s, int i, jv seg, jv scenes,
    const struct cast_of *k, const char *dir, const char *in,
    int speak_them, char **err)
{
	jv text = state_field(seg, "segments", "narration",
	    KIND(JV_KIND_STRING), "a string", 1);
	int no = (int)json_num(jv_object_get(jv_copy(seg),
	    jv_string("scene")), i + 1);
	jv reqs = jv_array();
	char *why;

	if (!jv_is_valid(text)) {
		why = json_msg(text);
		*err = xasprintf("'%s': segments[%d]: %s", state_name(in), i,
		    why);
		free(why);
		jv_free(reqs);
		return -1;
	}
	s->no[i] = no;
	if ((s->owned[2 * i] = image_of(scenes, i, no, dir, in, err)) == NULL) {
		jv_free(text);
		jv_free(reqs);
		return -1;
	}
	s->clips[i].image = s->owned[2 * i];
	s->images[i] = s->owned[2 * i] + strlen(dir) + 1;
	if (s->on) {
		jv_free(reqs);
		reqs = narration_scene(k, seg, no, jv_string_value(text),
		    dir, speak_them, &s->clips[i], &s->onsets[i],
		    &s->owned[2 * i + 1], err);
		if (!jv_is_valid(reqs)) {
			jv_free(text);
			return -1;
		}
	} else {
		s->clips[i].seconds = json_num(jv_object_get(jv_copy(seg),
		    jv_string("seconds")), 5);
		if (s->clips[i].seconds < 1)
			s->clips[i].seconds = 1;
	}
	s->lines = jv_array_append(s->lines, reqs);
	/* The text stays alive in segs. */
	s->texts[i] = jv_string_value(text);
	jv_free(text);
	return 0;
}

int
plan_load(struct scenes *s, jv segs, jv scenes, const struct cast_of *k,
    const char *dir, const char *in, int on, int speak_them, char **err)
{
	int n = jv_array_length(jv_copy(segs)), i, rc = 0;

	alloc_scenes(s, n);
	s->on = on;
	if (n == 0 || jv_array_length(jv_copy(scenes)) != n) {
		*err = xasprintf("'%s': scenes: expected one per segment (%d), "
		    "got %d", state_name(in), n,
		    jv_array_length(jv_copy(scenes)));
		return -1;
	}
	for (i = 0; i < n && rc == 0; i++) {
		jv seg = jv_array_get(jv_copy(segs), i);

		rc = load_scene(s, i, seg, scenes, k, dir, in, speak_them,
		    err);
		jv_free(seg);
	}
	return rc;
}

void
plan_free(struct scenes *s)
{
	int i;

	for (i = 0; s->owned != NULL && i < 2 * s->n; i++)
		free(s->owned[i]);
	free(s->owned);
	free(s->clips);
	free(s->texts);
	free(s->images);
	free(s->no);
	jv_free(s->lines);
	for (i = 0; s->onsets != NULL && i < s->n; i++)
		free(s->onsets[i]);
	free(s->onsets);
	memset(s, 0, sizeof *s);
	s->lines = jv_null();
}

int
plan_size(struct video *v, jv segs, jv scenes, const char *dir,
    const char *in, char **err)
{
	/* By default the video has the first picture's size. */
	char *first = image_of(scenes, 0, (int)json_num(jv_object_get(
	    jv_array_get(jv_copy(segs), 0), jv_string("scene")), 1), dir, in,
	    err);

	if (first == NULL)
		return -1;
	if (media_png_size(first, &v->width, &v->height) < 0 ||
	    v->width < 64 || v->height < 64 || v->width > 7680 ||
	    v->height > 7680 || v->width % 2 || v->height % 2)
		v->width = 1920, v->height = 1080;
	free(first);
	return 0;
}

/* Writes the request req (borrowed) to sub/NAME.json when it changes and
 * adds its name to index. */
static int
write_request(jv req, const char *sub, struct buf *index, char **err)
{
	jv name = jv_object_get(jv_copy(req), jv_string("segment"));
	jv d = jv_dump_string(jv_copy(req), STATE_DUMP_FLAGS);
	char *text = xasprintf("%s\n", jv_string_value(d));
	char *path = xasprintf("%s/%s.json", sub, jv_string_value(name));
	int rc = atomic_update(path, text, strlen(text), err) < 0 ? -1 : 0;

	buf_addf(index, "%s\n", jv_string_value(name));
	free(path);
	free(text);
	jv_free(d);
	jv_free(name);
	return rc;
}

int
plan_write(const struct video *v, const struct scenes *s, const char *dir,
    jv *reqs, char **err)
{
	struct buf index = { 0 };
	char *path, *sub = xasprintf("%s/segments", dir);
	int rc, n, i;

	*reqs = render_requests(v, s->clips, s->images, s->texts,
	    (size_t)s->n, dir);
	if (!jv_is_valid(*reqs)) {
		*err = json_msg(*reqs);
		*reqs = jv_null();
		free(sub);
		return -1;
	}
	rc = atomic_mkdirs(sub, err);
	n = jv_array_length(jv_copy(*reqs));
	for (i = 0; i < n && rc == 0; i++) {
		jv req = jv_array_get(jv_copy(*reqs), i);

		rc = write_request(req, sub, &index, err);
		jv_free(req);
	}
	path = xasprintf("%s/index", sub);
	if (rc == 0 && atomic_update(path, index.s, index.len, err) < 0)
		rc = -1;
	free(path);
	free(sub);
	free(buf_take(&index));
	return rc;
}

int
plan_render_all(const struct video *v, const struct scenes *s,
    const char *dir, long total, char **err)
{
	struct progress pr;
	jv reqs;
	int rc = 0, n, i;

	/* Every segment, one after another (x264 keeps both cores busy). */
	if (plan_write(v, s, dir, &reqs, err) < 0)
		return -1;
	progress_init(&pr, "rendering", (double)total);
	n = jv_array_length(jv_copy(reqs));
	for (i = 0; i < n && rc == 0; i++) {
		jv req = jv_array_get(jv_copy(reqs), i);

		rc = render_segment(req, dir, &pr, err);
		jv_free(req);
	}
	progress_done(&pr);
	jv_free(reqs);
	return rc;
}

int
plan_render_one(const char *dir, const char *name, char **err)
{
	char *path = xasprintf("%s/segments/%s.json", dir, name), *why;
	jv req = state_read(path);
	struct progress pr;
	int rc = 0;

	if (!jv_is_valid(req)) {
		*err = json_msg(req);
		free(path);
		return -1;
	}
	progress_init(&pr, name, json_num(jv_object_get(jv_copy(req),
	    jv_string("frames")), 1));
	if (render_segment(req, dir, &pr, &why) < 0) {
		/* A file's own trouble names the file; the request's, the
		 * request. */
		*err = why[0] == '\'' ? xstrdup(why) : xasprintf("'%s': %s",
		    path, why);
		free(why);
		rc = -1;
	}
	progress_done(&pr);
	jv_free(req);
	free(path);
	return rc;
}

/* The segment of req (borrowed) is planned as req and rendered. */
static int
check_segment(jv req, const char *dir, char **err)
{
	jv name = jv_object_get(jv_copy(req), jv_string("segment"));
	char *path = xasprintf("%s/segments/%s.json", dir,
	    jv_string_value(name));
	jv have = json_load(path);
	struct stat sb;
	int rc = -1;

	if (!jv_equal(have, jv_copy(req)))
		*err = xasprintf("'%s': out of date: plan the segments again "
		    "(%s -X) with the same settings", path, msg_prog());
	else {
		free(path);
		path = xasprintf("%s/segments/%s.ts", dir,
		    jv_string_value(name));
		if (stat(path, &sb) != 0)
			*err = xasprintf("'%s': missing (make it with %s -g "
			    "%s): %s", path, msg_prog(),
			    jv_string_value(name), strerror(errno));
		else
			rc = 0;
	}
	free(path);
	jv_free(name);
	return rc;
}

int
plan_check(const struct video *v, const struct scenes *s, const char *dir,
    jv *names, char **err)
{
	jv want = render_requests(v, s->clips, s->images, s->texts,
	    (size_t)s->n, dir);
	int rc = 0, n, i;

	*names = jv_array();
	if (!jv_is_valid(want)) {
		*err = json_msg(want);
		return -1;
	}
	n = jv_array_length(jv_copy(want));
	for (i = 0; i < n && rc == 0; i++) {
		jv req = jv_array_get(jv_copy(want), i);

		if ((rc = check_segment(req, dir, err)) == 0)
			*names = jv_array_append(*names, jv_object_get(
			    jv_copy(req), jv_string("segment")));
		jv_free(req);
	}
	jv_free(want);
	return rc;
}
