/*
 * join.c - the video joined, and its sidecar subtitles.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/atomic.h"
#include "core/text.h"
#include "core/util.h"
#include "media/media.h"
#include "video/join.h"

/* The chapter titles of s: "Scene N: its first sentence", clipped. */
static char **
chapters_of(const struct scenes *s)
{
	char **chapters = xmalloc(((size_t)s->n + 1) * sizeof *chapters);
	int i;

	for (i = 0; i < s->n; i++) {
		char *first = text_first_sentence(s->texts[i]);
		char *c = text_clip(first, 60);

		chapters[i] = xasprintf("Scene %d: %s", s->no[i], c);
		free(first);
		free(c);
	}
	return chapters;
}

/* The video itself, with metadata and chapters. */
static int
join_mp4(struct compose *c, const struct scenes *s, jv names,
    const char *title, const char *moral, char **err)
{
	char **chapters = chapters_of(s);
	char *comment = xasprintf("The moral of the story: %s", moral);
	char *video = xasprintf("%s/video.mp4", c->dir);
	int rc, i;

	c->names = names;
	c->title = title;
	c->comment = comment;
	c->chapters = (const char *const *)chapters;
	c->out = video;
	rc = render_join(c, err);
	c->names = jv_null();
	c->comment = NULL;
	c->chapters = NULL;
	c->out = NULL;
	for (i = 0; i < s->n; i++)
		free(chapters[i]);
	free(chapters);
	free(comment);
	free(video);
	return rc;
}

int
join_video(struct compose *c, const struct scenes *s, jv names,
    const char *title, const char *moral, long long *bytes, char **err)
{
	char *video = xasprintf("%s/video.mp4", c->dir);
	char *srt = xasprintf("%s/video.srt", c->dir);
	char *vtt = xasprintf("%s/video.vtt", c->dir);
	char *srt_text, *vtt_text;
	struct atomic_file f;
	struct stat sb;
	int rc = -1;

	media_subtitles(s->clips, s->texts, (size_t)s->n, &srt_text,
	    &vtt_text);
	if (atomic_open(&f, srt, ".srt", err) < 0)
		goto out;
	if (fputs(srt_text, f.fp) == EOF) {
		*err = xasprintf("'%s': %s", srt, strerror(errno));
		atomic_rollback(&f);
		goto out;
	}
	if (atomic_detach(&f, err) < 0)
		goto out;
	if (join_mp4(c, s, names, title, moral, err) < 0) {
		atomic_rollback(&f);
		goto out;
	}
	if (atomic_commit(&f, err) < 0 ||
	    atomic_write(vtt, vtt_text, strlen(vtt_text), err) < 0)
		goto out;
	if (stat(video, &sb) != 0) {
		*err = xasprintf("'%s': %s", video, strerror(errno));
		goto out;
	}
	*bytes = (long long)sb.st_size;
	rc = 0;
out:
	free(srt_text);
	free(vtt_text);
	free(video);
	free(srt);
	free(vtt);
	return rc;
}
