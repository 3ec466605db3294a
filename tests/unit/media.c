/* Unit checks for lib/media.c: the subtitle cue splitter and files,
 * and the loudness of a WAV. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "media.h"
#include "text.h"
#include "util.h"

/* Writes the n lowest bytes of v at p, little-endian. */
static void
put_le(unsigned char *p, uint32_t v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		p[i] = v >> (8 * i) & 0xff;
}

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

/* A mono sine WAV (rate, bits 16 or 24, amplitude, seconds): loudness. */
static void
check_loudness(unsigned rate, unsigned bits, double amp, double secs,
    double want)
{
	size_t n = (size_t)(rate * secs), i, bps = bits / 8;
	size_t len = 44 + n * bps;
	unsigned char *b = xmalloc(len);
	char path[] = "/tmp/mv-unit-XXXXXX", *err = NULL;
	double got;
	FILE *fp;
	int fd;

	memcpy(b, "RIFF", 4);
	put_le(b + 4, (uint32_t)(len - 8), 4);
	memcpy(b + 8, "WAVEfmt ", 8);
	put_le(b + 16, 16, 4);
	put_le(b + 20, 1, 2);
	put_le(b + 22, 1, 2);
	put_le(b + 24, rate, 4);
	put_le(b + 28, (uint32_t)(rate * bps), 4);
	put_le(b + 32, (uint32_t)bps, 2);
	put_le(b + 34, bits, 2);
	memcpy(b + 36, "data", 4);
	put_le(b + 40, (uint32_t)(n * bps), 4);
	for (i = 0; i < n; i++) {
		double v = amp * sin(2 * M_PI * 1000 * (double)i / rate);
		long q = lround(v * (bits == 16 ? 32767 : 8388607));

		put_le(b + 44 + i * bps, (uint32_t)q, (int)bps);
	}
	fd = mkstemp(path);
	CHECK(fd >= 0);
	fp = fdopen(fd, "wb");
	CHECK(fp != NULL && fwrite(b, 1, len, fp) == len);
	fclose(fp);
	got = media_wav_loudness(path, &err);
	if (isinf(want))
		CHECK(isinf(got) && got < 0);
	else
		CHECK(fabs(got - want) < 0.1);
	if (!(isinf(want) ? isinf(got) : fabs(got - want) < 0.1))
		printf("# %u Hz, %u bits: got %.3f LUFS, want %.3f\n", rate,
		    bits, got, want);
	unlink(path);
	free(b);
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

	/* Loudness (BS.1770): a 1 kHz sine of amplitude a on one channel
	 * is -3.01 + 20 log10(a) LUFS, at any rate and sample format. */
	CHECK_NOTE("media_wav_loudness");
	check_loudness(48000, 16, 0.1, 3, -23.01);
	check_loudness(22050, 16, 0.1, 3, -23.01);
	check_loudness(24000, 16, 0.5, 0.3, -9.03);	/* shorter than a block */
	check_loudness(44100, 24, 0.01, 2, -43.01);
	check_loudness(16000, 16, 0, 1, -HUGE_VAL);	/* silence */
	{
		char *err = NULL;

		CHECK(isnan(media_wav_loudness("/nonexistent.wav", &err)));
		CHECK(err != NULL);
		free(err);
	}

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
