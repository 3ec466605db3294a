#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic.h"
#include "media.h"
#include "state.h"
#include "child.h"
#include "text.h"
#include "util.h"


int
media_speak(const char *text, const char *voice, int wpm, const char *path,
    char **err)
{
	struct atomic_file af;
	char speed[16];
	char *argv[12];
	int i = 0;

	if (atomic_open(&af, path, ".wav", err) < 0 ||
	    atomic_detach(&af, err) < 0)
		return -1;
	snprintf(speed, sizeof speed, "%d", wpm);
	argv[i++] = "espeak-ng";
	argv[i++] = "-b";
	argv[i++] = "1";
	argv[i++] = "-v";
	argv[i++] = (char *)voice;
	argv[i++] = "-s";
	argv[i++] = speed;
	argv[i++] = "-w";
	argv[i++] = af.tmp;
	argv[i++] = "--stdin";
	argv[i] = NULL;
	if (child_run(argv, text, strlen(text), NULL, NULL, err) < 0) {
		atomic_rollback(&af);
		return -1;
	}
	return atomic_commit(&af, err);
}

jv
media_narration_request(jv seg, jv prefs, const char *provider)
{
	jv voice = jv_object_get(jv_copy(prefs), jv_string("voice"));
	jv wpm = jv_object_get(jv_copy(prefs), jv_string("narration_wpm"));

	if (jv_get_kind(voice) != JV_KIND_STRING) {
		jv_free(voice);
		voice = jv_string("en-us");
	}
	if (jv_get_kind(wpm) != JV_KIND_NUMBER) {
		jv_free(wpm);
		wpm = jv_number(150);
	}
	return JV_OBJECT(jv_string("scene"), jv_object_get(jv_copy(seg),
	    jv_string("scene")),
	    jv_string("text"), jv_object_get(jv_copy(seg),
	    jv_string("narration")),
	    jv_string("voice"), voice,
	    jv_string("wpm"), wpm,
	    jv_string("provider"), jv_string(provider),
	    jv_string("model"), jv_null());
}

int
media_speak_request(jv req, const char *path, char **err)
{
	jv text = jv_object_get(jv_copy(req), jv_string("text"));
	jv voice = jv_object_get(jv_copy(req), jv_string("voice"));
	int wpm = (int)jnum(jv_object_get(jv_copy(req), jv_string("wpm")),
	    150), rc;

	if (jv_get_kind(text) != JV_KIND_STRING) {
		*err = xasprintf("'%s': the narration request has no text",
		    path);
		rc = -1;
	} else
		rc = media_speak(jv_string_value(text), jstr(voice), wpm,
		    path, err);
	jv_free(text);
	jv_free(voice);
	return rc;
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

int
media_wav_seconds(const char *path, double *secs, char **err)
{
	unsigned char h[12], ch[8], fmt[16];
	uint32_t rate = 0, align = 0, size;
	FILE *fp = fopen(path, "rb");
	long here, end;

	if (fp == NULL) {
		*err = xasprintf("'%s': %s", path, strerror(errno));
		return -1;
	}
	if (fread(h, 1, 12, fp) != 12 || memcmp(h, "RIFF", 4) != 0 ||
	    memcmp(h + 8, "WAVE", 4) != 0)
		goto bad;
	fseek(fp, 0, SEEK_END);
	end = ftell(fp);
	fseek(fp, 12, SEEK_SET);
	while (fread(ch, 1, 8, fp) == 8) {
		size = le32(ch + 4);
		here = ftell(fp);
		if (memcmp(ch, "fmt ", 4) == 0 && size >= 16) {
			if (fread(fmt, 1, 16, fp) != 16)
				goto bad;
			rate = le32(fmt + 4);
			align = (uint32_t)fmt[12] | (uint32_t)fmt[13] << 8;
		} else if (memcmp(ch, "data", 4) == 0) {
			if (rate == 0 || align == 0)
				goto bad;
			/* A streamed WAV may leave the size unset. */
			if (size == 0 || size == 0xffffffff ||
			    (long)size > end - here)
				size = (uint32_t)(end - here);
			*secs = (double)(size / align) / rate;
			fclose(fp);
			if (*secs <= 0) {
				*err = xasprintf("'%s': no audio in it", path);
				return -1;
			}
			return 0;
		}
		if (fseek(fp, here + (long)size + (size & 1), SEEK_SET) != 0)
			break;
	}
bad:
	fclose(fp);
	*err = xasprintf("'%s': not a PCM WAV file", path);
	return -1;
}

static void
stamp(struct buf *b, double t, char sep)
{
	long ms = lround(t * 1000);

	buf_addf(b, "%02ld:%02ld:%02ld%c%03ld", ms / 3600000, ms / 60000 % 60,
	    ms / 1000 % 60, sep, ms % 1000);
}

/* Length of s in characters (UTF-8 code points), for line widths. */
static size_t
chars(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	return c;
}

size_t
media_cues(const char *text, double start, double end, struct cue **out)
{
	char *t = text_squeeze(text), *p = t;
	struct cue *v = NULL;
	struct buf cue = { 0 };
	size_t n = 0, cap = 0, line = 0, lines = 1, total, at = 0, i;

	/* Words fill lines of SUB_LINE characters, two lines a cue; a cue
	 * ends early at the end of a sentence once it is half full. */
	while (*p) {
		char *sp = strchr(p, ' ');
		size_t wl = sp ? (size_t)(sp - p) : strlen(p);
		size_t wc = chars(p, wl);
		int ends = wl > 0 && strchr(".!?", p[wl - 1]) != NULL;

		if (line > 0 && line + 1 + wc > SUB_LINE) {
			if (lines == 2) {
				if (n == cap) {
					cap = cap ? cap * 2 : 16;
					v = xrealloc(v, cap * sizeof *v);
				}
				v[n++].text = buf_take(&cue);
				lines = 1;
			} else {
				buf_add(&cue, "\n");
				lines = 2;
			}
			line = 0;
		} else if (line > 0) {
			buf_add(&cue, " ");
			line++;
		}
		buf_addn(&cue, p, wl);
		line += wc;
		p += wl;
		while (*p == ' ')
			p++;
		if (ends && *p && (lines == 2 || line >= SUB_LINE / 2)) {
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				v = xrealloc(v, cap * sizeof *v);
			}
			v[n++].text = buf_take(&cue);
			lines = 1;
			line = 0;
		}
	}
	if (cue.len > 0) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[n++].text = buf_take(&cue);
	}
	free(t);
	/* Each cue is shown for a share of the narration in proportion to
	 * its length: speech takes time in proportion to its letters. */
	for (i = 0, total = 0; i < n; i++)
		total += chars(v[i].text, strlen(v[i].text)) + 1;
	for (i = 0; i < n; i++) {
		v[i].start = start + (end - start) * (double)at / (double)total;
		at += chars(v[i].text, strlen(v[i].text)) + 1;
		v[i].end = start + (end - start) * (double)at / (double)total;
	}
	*out = v;
	return n;
}

void
media_cues_free(struct cue *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}

void
media_subtitles(const struct clip *c, const char *const *texts, size_t n,
    char **srt, char **vtt)
{
	struct buf a = { 0 }, b = { 0 };
	size_t i, k, m, no = 0;
	struct cue *v;

	buf_add(&b, "WEBVTT\n\n");
	for (i = 0; i < n; i++) {
		m = media_cues(texts[i], c[i].start, fmin(c[i].start +
		    c[i].seconds, c[i].end), &v);
		for (k = 0; k < m; k++) {
			buf_addf(&a, "%zu\n", ++no);
			stamp(&a, v[k].start, ',');
			buf_add(&a, " --> ");
			stamp(&a, v[k].end, ',');
			buf_addf(&a, "\n%s\n\n", v[k].text);
			stamp(&b, v[k].start, '.');
			buf_add(&b, " --> ");
			stamp(&b, v[k].end, '.');
			buf_addf(&b, "\n%s\n\n", v[k].text);
		}
		media_cues_free(v, m);
	}
	*srt = buf_take(&a);
	*vtt = buf_take(&b);
}

int
media_png_size(const char *path, int *w, int *h)
{
	unsigned char b[24];
	FILE *fp = fopen(path, "rb");
	int ok;

	if (fp == NULL)
		return -1;
	ok = fread(b, 1, 24, fp) == 24 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0
	    && memcmp(b + 12, "IHDR", 4) == 0;
	fclose(fp);
	if (!ok)
		return -1;
	*w = (int)((uint32_t)b[16] << 24 | (uint32_t)b[17] << 16 |
	    (uint32_t)b[18] << 8 | b[19]);
	*h = (int)((uint32_t)b[20] << 24 | (uint32_t)b[21] << 16 |
	    (uint32_t)b[22] << 8 | b[23]);
	return 0;
}
