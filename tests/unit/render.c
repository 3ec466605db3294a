/* Unit checks for the video plan and the subtitle scripts of lib/media/render.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/util.h"
/* The module itself, so that its FFmpeg argument builder is checked. */
#include "media/render.c"

static void
check_plan(void)
{
	struct video v;
	struct clip c[3];
	long total;

	memset(&v, 0, sizeof v);
	memset(c, 0, sizeof c);
	v.fps = 30;
	v.fade = 15;
	v.title_frames = 90;
	v.card_frames = 90;
	c[0].seconds = 4.01;	/* 120.3 frames: rounded up, never cut */
	c[1].seconds = 0.2;	/* shorter than two fades: silence fills */
	c[2].seconds = 2.0;	/* exactly 60 frames */
	total = render_plan(&v, c, 3);
	CHECK_INT(c[0].frames, 121);
	CHECK_INT(c[1].frames, 30);
	CHECK_INT(c[2].frames, 60);
	CHECK_INT(total, 90 + 121 + 30 + 60 + 90);
	CHECK(fabs(c[0].start - 3.0) < 1e-9);
	CHECK(fabs(c[1].start - (90 + 121) / 30.0) < 1e-9);
	CHECK(fabs(c[2].end - (90 + 121 + 30 + 60) / 30.0) < 1e-9);
	/* A scene's length depends on its own narration only. */
	c[0].seconds = 9;
	render_plan(&v, c, 3);
	CHECK_INT(c[1].frames, 30);
	CHECK_INT(c[2].frames, 60);
	/* Without crossfades a scene is at least one frame. */
	v.fade = 0;
	c[1].seconds = 0.001;
	render_plan(&v, c, 3);
	CHECK_INT(c[1].frames, 1);
}

static void
check_ass(void)
{
	jv subs = JV_ARRAY(JV_OBJECT(jv_string("start"), jv_number(0.5),
	    jv_string("end"), jv_number(2), jv_string("text"),
	    jv_string("{\\b1}bold\\N C:\\path\nZoë")),
	    JV_OBJECT(jv_string("start"), jv_number(2), jv_string("end"),
	    jv_number(4), jv_string("text"), jv_string("to the end")));
	char *s = render_ass(subs, 1080, 1920, 4), *p;

	/* The script is at the video's own size, the text title-safe. */
	CHECK(strstr(s, "PlayResX: 1080\nPlayResY: 1920\n") != NULL);
	CHECK(strstr(s, ",2,108,108,192,-1\n") != NULL);
	/* Braces are escaped, a backslash cannot start an escape, a line
	 * break becomes \N, and UTF-8 passes through. */
	CHECK(strstr(s, "Dialogue: 0,0:00:00.50,0:00:02.00,Default,,0,0,0,,"
	    "\\{\\\xe2\x81\xa0" "b1\\}bold\\\xe2\x81\xa0N C:\\\xe2\x81\xa0path"
	    "\\NZoë\n") != NULL);
	for (p = strchr(s, '{'); p != NULL; p = strchr(p + 1, '{'))
		CHECK(p > s && p[-1] == '\\');
	/* A cue to the segment's end covers its last frame. */
	CHECK(strstr(s, "0:00:02.00,0:00:05.00,Default,,0,0,0,,to the end\n")
	    != NULL);
	/* The font fits 42 characters in 80 % of a portrait width; each
	 * line's direction is its own (Encoding -1). */
	CHECK(strstr(s, "Style: Default,Noto Sans,37,") != NULL);
	CHECK(strstr(s, "Style: Readalong,Noto Sans,37,") != NULL);
	free(s);
	/* Cues in a script Noto Sans lacks name the Noto family for it. */
	subs = JV_ARRAY(JV_OBJECT(jv_string("start"), jv_number(0),
	    jv_string("end"), jv_number(2), jv_string("text"),
	    jv_string("Hana: どんぐり")));
	s = render_ass(subs, 320, 180, 2);
	CHECK(strstr(s, "Style: Default,Noto Sans CJK JP,") != NULL);
	free(s);
}

/* An argument longer than any fixed buffer reaches FFmpeg whole: a long
 * filter graph cut short would be another graph, or none. */
static void
check_argf(void)
{
	struct args a = { NULL, 0, 0 };
	char *tail = xmalloc(2001);
	size_t len;

	memset(tail, 'x', 2000);
	tail[2000] = '\0';
	argf(&a, "%d", 48000);
	argf(&a, "[0:a]%s[a]", tail);
	CHECK_INT(a.n, 2);
	CHECK_STR(a.v[0], "48000");
	len = strlen(a.v[1]);
	CHECK_INT(len, 2000 + 8);
	CHECK(len == 2008 && strcmp(a.v[1] + 2005, "[a]") == 0);
	CHECK(a.v[2] == NULL);
	args_free(&a);
	free(tail);
}

int
main(void)
{
	check_plan();
	check_ass();
	check_argf();
	return check_done();
}
