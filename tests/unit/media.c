/* Unit checks for lib/media/media.c: the subtitle cue splitter and files,
 * and the loudness of a WAV. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/atomic.h"
#include "check.h"
#include "core/child.h"
#include "core/text.h"
#include "core/util.h"
#include "media/media.h"

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

/* A picture's first bytes that claim w x h: kind "png", "jpeg", "gif",
 * "vp8", "vp8l" or "vp8x"; its length into *n. */
static unsigned char *
claim(const char *kind, long w, long h, size_t *n)
{
	static unsigned char b[64];

	memset(b, 0, sizeof b);
	*n = sizeof b;
	if (strcmp(kind, "png") == 0) {
		memcpy(b, "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16);
		b[16] = w >> 24, b[17] = w >> 16, b[18] = w >> 8, b[19] = w;
		b[20] = h >> 24, b[21] = h >> 16, b[22] = h >> 8, b[23] = h;
	} else if (strcmp(kind, "jpeg") == 0) {
		/* SOI, an APP0 of 16 bytes, a DHT of 4, then SOF2. */
		memcpy(b, "\xff\xd8\xff\xe0\x00\x10JFIF", 10);
		memcpy(b + 20, "\xff\xc4\x00\x02", 4);
		memcpy(b + 24, "\xff\xc2\x00\x11\x08", 5);
		b[29] = h >> 8, b[30] = h, b[31] = w >> 8, b[32] = w;
	} else if (strcmp(kind, "gif") == 0) {
		memcpy(b, "GIF89a", 6);
		put_le(b + 6, (uint32_t)w, 2);
		put_le(b + 8, (uint32_t)h, 2);
	} else {
		memcpy(b, "RIFF\0\0\0\0WEBP", 12);
		if (strcmp(kind, "vp8") == 0) {
			memcpy(b + 12, "VP8 ", 4);
			memcpy(b + 23, "\x9d\x01\x2a", 3);
			put_le(b + 26, (uint32_t)w, 2);
			put_le(b + 28, (uint32_t)h, 2);
		} else if (strcmp(kind, "vp8l") == 0) {
			memcpy(b + 12, "VP8L", 4);
			b[20] = 0x2f;
			put_le(b + 21, (uint32_t)(w - 1) |
			    (uint32_t)(h - 1) << 14, 4);
		} else {
			memcpy(b + 12, "VP8X", 4);
			put_le(b + 24, (uint32_t)(w - 1), 3);
			put_le(b + 27, (uint32_t)(h - 1), 3);
		}
	}
	return b;
}

static void
check_header(const char *kind, const char *want, long w, long h)
{
	size_t n;
	unsigned char *b = claim(kind, w, h, &n);
	long gw, gh;
	const char *got = media_image_header(b, n, &gw, &gh);

	CHECK_STR(got ? got : "(null)", want);
	CHECK_INT(gw, w);
	CHECK_INT(gh, h);
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
		struct clip c = { "a.png", NULL, 2, 60, 1, 3, NULL, 0 };
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
	/* Pictures are measured from their header, before decoding. */
	CHECK_NOTE("media_image_header, media_image_check");
	check_header("png", "PNG", 20000, 20000);
	check_header("jpeg", "JPEG", 65000, 65000);
	check_header("gif", "GIF", 320, 200);
	check_header("vp8", "WebP", 1024, 768);
	check_header("vp8l", "WebP", 16383, 2);
	check_header("vp8x", "WebP", 9000, 100);
	{
		size_t n;
		unsigned char *b;
		char *why = NULL, *d;
		struct atomic_file out;
		static const char *const args[] = { "-f", "image2", NULL };
		char dir[] = "/tmp/mv-unit-media.XXXXXX", *path;

		b = claim("png", 8192, 4096, &n);
		CHECK_INT(media_image_check("a.png", b, n, &why), 0);
		b = claim("png", 20000, 20000, &n);
		CHECK_INT(media_image_check("a.png", b, n, &why), -1);
		CHECK_STR(why, "'a.png': a PNG of 20000x20000 pixels; at most "
		    "8192 a side and 40 megapixels");
		free(why);
		b = claim("vp8x", 8000, 6000, &n);	/* 48 megapixels */
		CHECK_INT(media_image_check("a.webp", b, n, &why), -1);
		free(why);
		/* Not a picture: its decoder says what it is. */
		CHECK_INT(media_image_check("a", "hello", 5, &why), 0);

		/* A JPEG that claims 65000x65000 never reaches FFmpeg. */
		CHECK(mkdtemp(dir) != NULL);
		path = xasprintf("%s/01.png", dir);
		b = claim("jpeg", 65000, 65000, &n);
		why = NULL;
		CHECK_INT(media_transcode(path, b, n, ".jpg", args, ".png",
		    &out, &why), -1);
		CHECK(why != NULL && strstr(why, "a JPEG of 65000x65000 "
		    "pixels; at most 8192 a side") != NULL);
		free(why);
		free(path);
		rmdir(dir);

		/* A GIF is named, with what is expected. */
		b = claim("gif", 320, 200, &n);
		d = media_describe(b, n, "image/gif");
		CHECK_STR(d, "a GIF, 64 bytes; expected PNG, JPEG or WebP");
		free(d);
	}

	/* A clip's length against its text (mv(7) states the bounds). */
	CHECK_NOTE("media_words, media_clip_check");
	CHECK_INT(media_words("Ruby finds a shiny, golden acorn."), 6);
	CHECK_INT(media_words("  Go \xe2\x80\x94 now!  "), 2);
	CHECK_INT(media_words("\xe7\x8b\x90\xe7\x8b\xb8 fox"), 3);
	CHECK_INT(media_words(""), 0);
	{
		/* 25 words at 150 a minute: 10 s planned. */
		const char *t = "one two three four five six seven eight nine "
		    "ten one two three four five six seven eight nine ten one "
		    "two three four five";
		char *why = NULL;

		CHECK_INT(media_clip_check("c.wav", 10, t, 150, &why), 0);
		CHECK_INT(media_clip_check("c.wav", 1.3, t, 150, &why), 0);
		CHECK_INT(media_clip_check("c.wav", 81.9, t, 150, &why), 0);
		CHECK_INT(media_clip_check("c.wav", 1.2, t, 150, &why), -1);
		free(why);
		CHECK_INT(media_clip_check("c.wav", 82.1, t, 150, &why), -1);
		free(why);
		CHECK_INT(media_clip_check("c.wav", 600, t, 150, &why), -1);
		CHECK_STR(why, "'c.wav': 600.00 s of speech for 25 words; "
		    "expected 1.2 to 82.0 s at 150 words a minute");
		free(why);
		CHECK_INT(media_clip_check("c.wav", 0.1, t, 150, &why), -1);
		free(why);
	}

	/* A child that says its write failed has failed, even with 0. */
	CHECK_NOTE("child_run, child_blame");
	{
		char *argv[] = { "sh", "-c", "echo 'av_interleaved_write_frame"
		    "(): No space left on device' >&2; echo 'Conversion "
		    "failed!' >&2; exit 0", NULL };
		char *err = NULL, *out;
		size_t len;

		CHECK_INT(child_run(argv, NULL, 0, NULL, NULL, &err), -1);
		child_blame("narration/03.wav", &err);
		CHECK_STR(err, "'narration/03.wav': No space left on device");
		free(err);
		argv[2] = "printf 'RIFF'; echo fine >&2";
		CHECK_INT(child_run_out(argv, NULL, 0, &out, &len, &err), 0);
		CHECK_INT(len, 4);
		CHECK_STR(out, "RIFF");
		free(out);
	}
	return check_done();
}
