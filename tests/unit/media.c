/* Unit checks for the subtitle cue splitter in lib/media.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "media.h"
#include "text.h"
#include "util.h"

/* Characters (code points) in s[0..n). */
static size_t
cps(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	return c;
}

static void
check_cues(const char *text, double start, double end)
{
	struct cue *v;
	size_t n = media_cues(text, start, end, &v), i;
	struct buf all = { 0 };
	char *a, *b;

	CHECK(n > 0);
	CHECK(fabs(v[0].start - start) < 1e-9);
	CHECK(fabs(v[n - 1].end - end) < 1e-9);
	for (i = 0; i < n; i++) {
		const char *nl = strchr(v[i].text, '\n');
		size_t l1 = nl ? (size_t)(nl - v[i].text) : strlen(v[i].text);

		CHECK(v[i].end > v[i].start);
		if (i > 0)
			CHECK(fabs(v[i].start - v[i - 1].end) < 1e-9);
		/* Only a single word longer than a line may exceed it. */
		CHECK(cps(v[i].text, l1) <= SUB_LINE ||
		    memchr(v[i].text, ' ', l1) == NULL);
		if (nl != NULL) {
			CHECK(strchr(nl + 1, '\n') == NULL);
			CHECK(cps(nl + 1, strlen(nl + 1)) <= SUB_LINE ||
			    strchr(nl + 1, ' ') == NULL);
		}
		if (i > 0)
			buf_add(&all, " ");
		buf_add(&all, v[i].text);
	}
	a = text_squeeze(all.s);
	b = text_squeeze(text);
	CHECK_STR(a, b);
	free(a);
	free(b);
	free(buf_take(&all));
	media_cues_free(v, n);
}

int
main(void)
{
	struct cue *v;
	size_t n;

	CHECK_NOTE("media_cues");
	check_cues("Short.", 1, 2);
	check_cues("Once upon a time, in an autumn forest beside a quiet "
	    "river, there lived a curious fox named Ruby, a wise owl named "
	    "Oliver and a shy squirrel named Pip. Tall trees whispered.", 3,
	    13.5);
	check_cues("Zoë the girl was brave and creative. Ñandú the bird was "
	    "fast and funny. Émile the turtle was patient and wise, and "
	    "everyone knew it.", 0, 9);
	check_cues("Averyveryveryveryveryveryveryveryveryveryverylongword "
	    "and more.", 0, 2);
	/* A sentence end past half a line ends the cue early. */
	n = media_cues("Ruby finds a shiny golden acorn today. She keeps it.",
	    0, 4, &v);
	CHECK_INT(n, 2);
	if (n == 2)
		CHECK_STR(v[0].text, "Ruby finds a shiny golden acorn today.");
	media_cues_free(v, n);
	/* Longer cues are shown longer. */
	n = media_cues("Go. This one is a much longer sentence than the first "
	    "one was.", 0, 6, &v);
	CHECK_INT(n, 1);
	media_cues_free(v, n);

	/* Markup in the words reaches both files as text to show. */
	CHECK_NOTE("media_subtitles");
	{
		struct clip c = { "a.png", NULL, 2, 60, 1, 3 };
		const char *t[] = { "<i>A</i> & {\\b1}B --> C" };
		char *srt, *vtt;

		media_subtitles(&c, t, 1, &srt, &vtt);
		CHECK_STR(srt, "1\n00:00:01,000 --> 00:00:03,000\n"
		    "<\xe2\x81\xa0i>A<\xe2\x81\xa0/i> & "
		    "{\xe2\x81\xa0\\b1}B --\xe2\x81\xa0> C\n\n");
		CHECK_STR(vtt, "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n"
		    "&lt;i&gt;A&lt;/i&gt; &amp; {\\b1}B --&gt; C\n\n");
		free(srt);
		free(vtt);
	}
	return check_done();
}
