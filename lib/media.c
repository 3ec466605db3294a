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

#define AUDIO_RATE 48000

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

long
media_plan(struct clip *c, size_t n, int fps, long first)
{
	double t = (double)first / fps;
	long at = first, next;
	size_t i;

	for (i = 0; i < n; i++) {
		t += c[i].seconds;
		next = lround(t * fps);
		if (next <= at)
			next = at + 1;
		c[i].frames = next - at;
		c[i].start = (double)at / fps;
		c[i].end = (double)next / fps;
		at = next;
	}
	return at - first;
}

struct args {
	char **v;
	size_t n, cap;
};

static void
arg(struct args *a, const char *s)
{
	if (a->n + 2 > a->cap) {
		a->cap = a->cap ? a->cap * 2 : 64;
		a->v = xrealloc(a->v, a->cap * sizeof *a->v);
	}
	a->v[a->n++] = xstrdup(s);
	a->v[a->n] = NULL;
}

static void
argf(struct args *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#include <stdarg.h>

static void
argf(struct args *a, const char *fmt, ...)
{
	va_list ap;
	char buf[256];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	arg(a, buf);
}

static void
args_free(struct args *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		free(a->v[i]);
	free(a->v);
}

/* A still that covers the frame and lasts frames frames. */
static void
still(struct buf *g, int in, const struct render *r, long frames,
    const char *extra, const char *label)
{
	buf_addf(g, "[%d:v]scale=%d:%d:force_original_aspect_ratio=increase,"
	    "crop=%d:%d,setsar=1,format=yuv420p,loop=loop=%ld:size=1:start=0,"
	    "setpts=N/(%d*TB)%s[%s];", in, r->width, r->height, r->width,
	    r->height, frames - 1, r->fps, extra, label);
}

/*
 * The camera move of scene k over frames frames: the picture grows by up
 * to ZOOM and the frame is cut from it, centred for a zoom, sliding for a
 * pan. The scaled size is kept even and the crop is recomputed from n
 * every frame (crop's iw is read only once).
 */
#define ZOOM 0.12
static void
motion(char *out, size_t len, int k, long frames, int w, int h)
{
	long d = frames > 1 ? frames - 1 : 1;
	char z[64], sw[96], sh[96];

	switch (k % 4) {
	case 0:		/* zoom in */
	case 1:		/* zoom out */
		snprintf(z, sizeof z, k % 4 ? "(1+%g*(1-min(n,%ld)/%ld))" :
		    "(1+%g*min(n,%ld)/%ld)", ZOOM, d, d);
		snprintf(sw, sizeof sw, "2*trunc(%d*%s/2)", w, z);
		snprintf(sh, sizeof sh, "2*trunc(%d*%s/2)", h, z);
		snprintf(out, len, ",scale=w='%s':h='%s':eval=frame,"
		    "crop=%d:%d:x='(%s-%d)/2':y='(%s-%d)/2':exact=1,setsar=1",
		    sw, sh, w, h, sw, w, sh, h);
		break;
	default: {	/* pan right, pan left */
		char x[320];

		snprintf(sw, sizeof sw, "%ld", 2 * (long)(w * (1 + ZOOM) / 2));
		snprintf(sh, sizeof sh, "%ld", 2 * (long)(h * (1 + ZOOM) / 2));
		if (k % 4 == 2)
			snprintf(x, sizeof x, "(%s-%d)*min(n,%ld)/%ld", sw, w, d,
			    d);
		else
			snprintf(x, sizeof x, "(%s-%d)*(%ld-min(n,%ld))/%ld", sw,
			    w, d, d, d);
		snprintf(out, len, ",scale=%s:%s,crop=%d:%d:x='%s':"
		    "y='(%s-%d)/2':exact=1,setsar=1", sw, sh, w, h, x, sh, h);
	}
		break;
	}
}

/* An absolute name for an existing file (FFmpeg then runs elsewhere). */
static char *
absolute(const char *path, char **err)
{
	char *p = realpath(path, NULL);

	if (p == NULL)
		*err = xasprintf("'%s': %s", path, strerror(errno));
	return p;
}

int
media_render(const struct render *r, char **err)
{
	struct args a = { NULL, 0, 0 };
	struct atomic_file af;
	struct buf g = { 0 }, cat = { 0 };
	long spf = AUDIO_RATE / r->fps;
	size_t i, audio_in;
	long F;
	char *graph = NULL;
	int rc;

	if (AUDIO_RATE % r->fps != 0) {
		*err = xasprintf("%d fps: expected a rate that divides 48000 "
		    "(24, 25, 30, 48, 50, 60)", r->fps);
		return -1;
	}
	char *cwd = NULL, *subname = NULL, *p;

	if (r->subs != NULL) {
		/*
		 * The subtitles filter takes a file name inside the filter
		 * graph, where ':', ',', quotes and brackets are syntax: FFmpeg
		 * runs in the subtitles' folder and is given the bare name,
		 * which is ours and safe, and every other file by absolute name.
		 */
		const char *slash = strrchr(r->subs, '/');

		subname = xstrdup(slash ? slash + 1 : r->subs);
		cwd = slash ? xasprintf("%.*s", (int)(slash - r->subs),
		    r->subs) : xstrdup(".");
		if (subname[strspn(subname, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")] != '\0') {
			*err = xasprintf("'%s': not a plain file name", subname);
			free(subname);
			free(cwd);
			return -1;
		}
	}
	if (atomic_open(&af, r->out, ".mp4", err) < 0 ||
	    atomic_detach(&af, err) < 0) {
		free(subname);
		free(cwd);
		return -1;
	}
	arg(&a, "ffmpeg");
	arg(&a, "-hide_banner");
	arg(&a, "-nostdin");
	arg(&a, "-loglevel");
	arg(&a, "error");
	arg(&a, "-y");
#define INPUT(path) do { \
		if (cwd == NULL) \
			arg(&a, (path)); \
		else if ((p = absolute((path), err)) == NULL) \
			goto fail; \
		else { \
			arg(&a, p); \
			free(p); \
		} \
	} while (0)
	for (i = 0; i < r->n; i++) {
		arg(&a, "-framerate");
		argf(&a, "%d", r->fps);
		arg(&a, "-i");
		INPUT(r->clips[i].image);
	}
	arg(&a, "-framerate");
	argf(&a, "%d", r->fps);
	arg(&a, "-i");
	INPUT(r->card);
	arg(&a, "-framerate");
	argf(&a, "%d", r->fps);
	arg(&a, "-i");
	INPUT(r->title);
	audio_in = r->n + 2;
	for (i = 0; i < r->n; i++)
		if (r->clips[i].audio != NULL) {
			arg(&a, "-i");
			INPUT(r->clips[i].audio);
		}
	/*
	 * Each scene is its still for exactly its frames; each narration is
	 * padded or cut to exactly the same span in samples, so sound and
	 * picture cannot drift apart however many scenes there are.
	 */
	/*
	 * With crossfades every picture but the last lasts F frames longer,
	 * and the fade to the next starts on the next narration's first
	 * frame: the sound is a plain concatenation, so it stays in place.
	 */
	F = r->xfade_frames;
	for (i = 0; i < r->n; i++)
		if (F >= r->clips[i].frames)
			F = r->clips[i].frames - 1;
	if (F >= r->title_frames)
		F = r->title_frames - 1;
	if (F >= r->card_frames)
		F = r->card_frames - 1;
	if (F < 0)
		F = 0;
	{
		char fade[96];

		snprintf(fade, sizeof fade, ",fade=t=in:s=0:n=%d", r->fps / 2);
		still(&g, (int)r->n + 1, r, r->title_frames + F, fade, "vT");
		buf_addf(&g, "anullsrc=r=%d:cl=mono,aformat=sample_fmts=fltp,"
		    "atrim=end_sample=%ld[aT];", AUDIO_RATE,
		    r->title_frames * spf);
		buf_add(&cat, "[vT][aT]");
	}
	for (i = 0; i < r->n; i++) {
		char v[32], s[32], move[1024];

		snprintf(v, sizeof v, "v%zu", i);
		snprintf(s, sizeof s, "a%zu", i);
		motion(move, sizeof move, (int)i, r->clips[i].frames, r->width,
		    r->height);
		still(&g, (int)i, r, r->clips[i].frames + F, move, v);
		if (r->clips[i].audio != NULL)
			buf_addf(&g, "[%zu:a]aresample=%d,aformat=sample_fmts="
			    "fltp:channel_layouts=mono,apad,atrim=end_sample="
			    "%ld[%s];", audio_in++, AUDIO_RATE,
			    r->clips[i].frames * spf, s);
		else
			buf_addf(&g, "anullsrc=r=%d:cl=mono,aformat="
			    "sample_fmts=fltp,atrim=end_sample=%ld[%s];",
			    AUDIO_RATE, r->clips[i].frames * spf, s);
		buf_addf(&cat, "[%s][%s]", v, s);
	}
	{
		char fade[96];
		long fl = r->fps / 2;

		if (F > 0)
			snprintf(fade, sizeof fade, ",fade=t=out:s=%ld:n=%ld",
			    r->card_frames - fl, fl);
		else
			snprintf(fade, sizeof fade, ",fade=t=in:s=0:n=%ld,"
			    "fade=t=out:s=%ld:n=%ld", fl, r->card_frames - fl,
			    fl);
		still(&g, (int)r->n, r, r->card_frames, fade, "vE");
		buf_addf(&g, "anullsrc=r=%d:cl=mono,aformat=sample_fmts=fltp,"
		    "atrim=end_sample=%ld[aE];", AUDIO_RATE,
		    r->card_frames * spf);
		buf_add(&cat, "[vE][aE]");
	}
	if (F == 0)
		buf_addf(&g, "%sconcat=n=%zu:v=1:a=1[v][a]", cat.s, r->n + 2);
	else {
		long at = r->title_frames;
		char prev[32] = "vT", next[32], in[32];

		for (i = 0; i <= r->n; i++) {
			if (i < r->n) {
				snprintf(next, sizeof next, "x%zu", i);
				snprintf(in, sizeof in, "v%zu", i);
			} else {
				snprintf(next, sizeof next, "v");
				snprintf(in, sizeof in, "vE");
			}
			buf_addf(&g, "[%s][%s]xfade=transition=fade:"
			    "duration=%.6f:offset=%.6f[%s];", prev, in,
			    (double)F / r->fps, (double)at / r->fps, next);
			if (i < r->n)
				at += r->clips[i].frames;
			snprintf(prev, sizeof prev, "%s", next);
		}
		buf_add(&g, "[aT]");
		for (i = 0; i < r->n; i++)
			buf_addf(&g, "[a%zu]", i);
		buf_addf(&g, "[aE]concat=n=%zu:v=0:a=1[a]", r->n + 2);
	}
	if (subname != NULL)
		/* Sizes are in libass's 288-line script space: the text is
		 * about 5.5 % of the height, inside the title-safe area. */
		buf_addf(&g, ";[v]subtitles=filename=%s:force_style='FontName="
		    "DejaVu Sans,FontSize=16,Outline=1.6,Shadow=0.6,"
		    "MarginV=16,MarginL=20,MarginR=20'[vs]", subname);
	graph = buf_take(&g);
	arg(&a, "-filter_complex");
	arg(&a, graph);
	arg(&a, "-map");
	arg(&a, subname != NULL ? "[vs]" : "[v]");
	arg(&a, "-map");
	arg(&a, "[a]");
	arg(&a, "-c:v");
	arg(&a, "libx264");
	arg(&a, "-preset");
	arg(&a, "veryfast");
	arg(&a, "-crf");
	arg(&a, "23");
	arg(&a, "-pix_fmt");
	arg(&a, "yuv420p");
	arg(&a, "-r");
	argf(&a, "%d", r->fps);
	arg(&a, "-c:a");
	arg(&a, "aac");
	arg(&a, "-b:a");
	arg(&a, "128k");
	arg(&a, "-ar");
	argf(&a, "%d", AUDIO_RATE);
	arg(&a, "-movflags");
	arg(&a, "+faststart");
	if (r->name != NULL) {
		char *m = xasprintf("title=%s", r->name);

		arg(&a, "-metadata");
		arg(&a, m);
		free(m);
	}
	arg(&a, "-f");
	arg(&a, "mp4");
	INPUT(af.tmp);
	rc = child_run_in(cwd, a.v, NULL, 0, NULL, NULL, err);
	free(graph);
	free(buf_take(&cat));
	args_free(&a);
	free(subname);
	free(cwd);
	if (rc < 0) {
		atomic_rollback(&af);
		return -1;
	}
	return atomic_commit(&af, err);
fail:
	free(graph);
	free(buf_take(&g));
	free(buf_take(&cat));
	args_free(&a);
	free(subname);
	free(cwd);
	atomic_rollback(&af);
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
