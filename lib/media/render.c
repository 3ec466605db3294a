#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/asset.h"
#include "core/atomic.h"
#include "core/child.h"
#include "core/progress.h"
#include "core/state.h"
#include "core/util.h"
#include "media/frames.h"
#include "media/render.h"
#include "media/typeset.h"

#define AUDIO_RATE 48000
#define MAX_PICTURE (64 << 20)	/* bytes read to hash one picture */

/* The version of the requests: bump it when rendering changes. */
#define SEGMENT_VERSION 3
/* The version of the sound's plan: bump it when mixing changes. */
#define MIX_VERSION 2

/* The level every narration clip is brought to before the mix, LUFS. */
#define NARRATION_LUFS (-20.0)

static const char *const moves[] = { "zoom-in", "zoom-out", "pan-right",
	"pan-left" };

long
render_plan(const struct video *v, struct clip *c, size_t n)
{
	long at = v->title_frames, f;
	size_t i;

	for (i = 0; i < n; i++) {
		f = (long)ceil(c[i].seconds * v->fps - 1e-6);
		if (f < 2 * v->fade)
			f = 2 * v->fade;	/* silence while it fades */
		if (f < 1)
			f = 1;
		c[i].frames = f;
		c[i].start = (double)at / v->fps;
		c[i].end = (double)(at + f) / v->fps;
		at += f;
	}
	return at + v->card_frames;
}

/* The content hash of a file, as 16 hex digits. */
static int
file_hash(const char *path, char out[17], char **err)
{
	char *b, *why;
	size_t len;

	if (read_all(path, MAX_PICTURE, &b, &len, &why) < 0) {
		*err = xasprintf("'%s': %s", path, why);
		free(why);
		return -1;
	}
	snprintf(out, 17, "%016llx", (unsigned long long)hash64(b, len, 0));
	free(b);
	return 0;
}

/* One picture of a segment: frames from..from+N-1 of a move of span. */
static jv
layer(const char *dir, const char *image, int move, long from, long span,
    char **err)
{
	char h[17], *path = xasprintf("%s/%s", dir, image);
	int rc = file_hash(path, h, err);

	free(path);
	if (rc < 0)
		return jv_invalid();
	return JV_OBJECT(jv_string("image"), jv_string(image),
	    jv_string("hash"), jv_string(h),
	    jv_string("move"), jv_string(move < 0 ? "still" : moves[move % 4]),
	    jv_string("from"), jv_number(from),
	    jv_string("span"), jv_number(span));
}

/*
 * The cues of text spoken by clip c that fall in [a, b), as segment-local
 * times; read-along, each with "karaoke": how long each of its words is
 * highlighted before the next (centiseconds, libass's \k), from its
 * onset to the next word's (the last to the cue's end).
 */
static jv
cues(const char *text, const struct clip *c, double a, double b,
    int readalong)
{
	struct cue *v;
	size_t m = media_cues_at(text, 0, c->seconds, c->onsets, c->nonsets,
	    &v), k, w;
	jv out = jv_array();

	for (k = 0; k < m; k++) {
		double s = fmax(v[k].start, a), e = fmin(v[k].end, b);
		jv cue, ks;

		if (e - s < 0.001)
			continue;
		cue = JV_OBJECT(
		    jv_string("start"), jv_number(round((s - a) * 1000) / 1000),
		    jv_string("end"), jv_number(round((e - a) * 1000) / 1000),
		    jv_string("text"), jv_string(v[k].text));
		if (readalong) {
			double at = s;

			ks = jv_array();
			for (w = 0; w < v[k].words; w++) {
				size_t i = v[k].first + w;
				double next = w + 1 < v[k].words &&
				    c->onsets != NULL && i + 1 < c->nonsets ?
				    c->onsets[i + 1] : v[k].end;
				long cs = lround((fmax(next, at) - at) * 100);

				if (c->onsets == NULL || c->nonsets == 0)
					cs = lround((v[k].end - v[k].start) *
					    100 / (double)v[k].words);
				ks = jv_array_append(ks, jv_number(cs));
				at = fmax(next, at);
			}
			cue = jv_object_set(cue, jv_string("karaoke"), ks);
		}
		out = jv_array_append(out, cue);
	}
	media_cues_free(v, m);
	return out;
}

static jv
request(const struct video *v, const char *name, long frames, jv layers)
{
	return JV_OBJECT(jv_string("segment"), jv_string(name),
	    jv_string("version"), jv_number(SEGMENT_VERSION),
	    jv_string("width"), jv_number(v->width),
	    jv_string("height"), jv_number(v->height),
	    jv_string("fps"), jv_number(v->fps),
	    jv_string("crf"), jv_number(v->crf),
	    jv_string("preset"), jv_string(v->preset),
	    jv_string("frames"), jv_number(frames),
	    jv_string("layers"), layers);
}

jv
render_requests(const struct video *v, const struct clip *c,
    const char *const *images, const char *const *texts, size_t n,
    const char *dir)
{
	long F = v->fade, half = v->fps / 2;
	jv out = jv_array(), r, prev, cur, sub;
	char name[32], *err = NULL;
	size_t i;

#define LAYER(dst, img, mv, from, span) do { \
		(dst) = layer(dir, (img), (mv), (from), (span), &err); \
		if (!jv_is_valid(dst)) \
			goto fail; \
	} while (0)
	LAYER(cur, "titlecard.png", -1, 0, 1);
	r = request(v, "title", v->title_frames, JV_ARRAY(cur));
	r = jv_object_set(r, jv_string("fade_in"), jv_number(half));
	out = jv_array_append(out, r);
	/*
	 * A scene's segment opens with the crossfade into it: the picture
	 * before it (the title card, or the scene before's last view, held:
	 * frame 1 of a move of 2 frames, and the frames past a move's end
	 * keep its last view) under its own. The held view depends on the
	 * picture and the move alone, not on how long the scene before
	 * lasts, so a changed scene renders its own segment only.
	 */
	for (i = 0; i <= n; i++) {
		if (i == 0)
			LAYER(prev, "titlecard.png", -1, 0, 1);
		else
			LAYER(prev, images[i - 1], (int)(i - 1), 1, 2);
		if (i == n) {
			LAYER(cur, "endcard.png", -1, 0, 1);
			snprintf(name, sizeof name, "end");
			r = request(v, name, v->card_frames, F > 0 ?
			    JV_ARRAY(prev, cur) : (jv_free(prev),
			    JV_ARRAY(cur)));
			r = jv_object_set(r, F > 0 ? jv_string("fade") :
			    jv_string("fade_in"), jv_number(F > 0 ? F : half));
			r = jv_object_set(r, jv_string("fade_out"),
			    jv_number(half));
		} else {
			LAYER(cur, images[i], (int)i, 0, c[i].frames);
			snprintf(name, sizeof name, "s%02zu", i + 1);
			r = request(v, name, c[i].frames, F > 0 ?
			    JV_ARRAY(prev, cur) : (jv_free(prev),
			    JV_ARRAY(cur)));
			if (F > 0)
				r = jv_object_set(r, jv_string("fade"),
				    jv_number(F));
			sub = cues(texts[i], &c[i], 0,
			    (double)c[i].frames / v->fps, v->subtitles == 2);
			if (v->subtitles && jv_array_length(jv_copy(sub)) > 0)
				r = jv_object_set(r, jv_string("subtitles"),
				    sub);
			else
				jv_free(sub);
		}
		out = jv_array_append(out, r);
	}
	return out;
fail:
	jv_free(out);
	out = jv_invalid_with_msg(jv_string(err));
	free(err);
	return out;
#undef LAYER
}

/* A segment's pictures, loaded and ready to move. */
struct source {
	struct yuv pic;
	int move;		/* -1 still, else an index of moves[] */
	long from, span;
};

struct feed {
	const struct video *v;
	struct source src[2];
	int nsrc;
	long frames, done, fade, fade_in, fade_out;
	struct yuv out, tmp;
	struct progress *pr;
};

/*
 * Frame m of a move of span frames over the picture s: the window slides
 * or shrinks with sub-pixel accuracy, easing in and out (half a cosine),
 * so the camera starts from rest under the crossfade into the scene and
 * comes to rest before the crossfade out of it, which holds its last view.
 */
static void
view(const struct source *s, long m, struct yuv *dst)
{
	double sw = s->pic.w, sh = s->pic.h, p, ww, aspect = (double)dst->h /
	    dst->w, z, x, y;

	if (s->move < 0) {
		if (s->pic.w == dst->w && s->pic.h == dst->h)
			memcpy(dst->buf, s->pic.buf, yuv_bytes(dst));
		else
			yuv_view(&s->pic, 0, 0, sw, dst);
		return;
	}
	p = s->span > 1 ? (double)m / (double)(s->span - 1) : 0;
	p = p < 0 ? 0 : p > 1 ? 1 : p;
	p = (1 - cos(3.14159265358979323846 * p)) / 2;
	switch (s->move) {
	case 0:		/* zoom in */
	case 1:		/* zoom out */
		z = 1 + RENDER_ZOOM * (s->move == 0 ? p : 1 - p);
		ww = sw / z;
		x = (sw - ww) / 2;
		y = (sh - ww * aspect) / 2;
		break;
	default:	/* pan right, pan left */
		ww = sw / (1 + RENDER_ZOOM);
		x = (sw - ww) * (s->move == 2 ? p : 1 - p);
		y = (sh - ww * aspect) / 2;
		break;
	}
	yuv_view(&s->pic, x, y, ww, dst);
}

static long
next_frame(void *arg, const char **data, char **err)
{
	struct feed *f = arg;
	long j = f->done;
	double level = 1;

	(void)err;
	if (j >= f->frames)
		return 0;
	/* The last layer is the segment's own picture; a first one fades
	 * out under it over the first fade frames. */
	view(&f->src[f->nsrc - 1], f->src[f->nsrc - 1].from + j, &f->out);
	if (f->nsrc == 2 && j < f->fade) {
		view(&f->src[0], f->src[0].from + j, &f->tmp);
		/* Halfway through frame j of the fade. */
		yuv_mix(&f->out, &f->tmp, &f->out, (j + 0.5) / f->fade);
	}
	if (f->fade_in > 0 && j < f->fade_in)
		level = (j + 1.0) / (f->fade_in + 1);
	if (f->fade_out > 0 && j >= f->frames - f->fade_out)
		level = fmin(level, (double)(f->frames - j) /
		    (f->fade_out + 1));
	if (level < 1)
		yuv_fade(&f->out, level);
	f->done++;
	*data = (const char *)f->out.buf;
	return (long)yuv_bytes(&f->out);
}

static int
on_progress(const char *line, void *arg)
{
	struct feed *f = arg;

	return f->pr != NULL ? progress_ffmpeg(f->pr, line, 1) :
	    strchr(line, '=') != NULL && strchr(line, ' ') == NULL;
}

/* ASS time: h:mm:ss.cc, rounded down (up for ends). */
static void
ass_time(struct buf *b, double t, int up)
{
	long cs = up ? (long)ceil(t * 100 - 1e-6) : (long)floor(t * 100 +
	    1e-6);

	if (cs < 0)
		cs = 0;
	buf_addf(b, "%ld:%02ld:%02ld.%02ld", cs / 360000, cs / 6000 % 60,
	    cs / 100 % 60, cs % 100);
}

/*
 * Text as ASS shows it literally: libass reads "\N", "\n", "\h", "\{" and
 * "\}" in plain text and "{...}" as override tags, so a backslash gets a
 * word joiner after it and braces are escaped; lines break with "\N".
 */
static void
ass_text(struct buf *b, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '\\':
			buf_add(b, "\\\xe2\x81\xa0");
			break;
		case '{':
			buf_add(b, "\\{");
			break;
		case '}':
			buf_add(b, "\\}");
			break;
		case '\n':
			buf_add(b, "\\N");
			break;
		case '\r':
			break;
		default:
			buf_addn(b, s, 1);
		}
}

/*
 * A read-along cue's text: each word after a karaoke tag, {\kN}, that
 * holds it unlit for the N centiseconds of ks (borrowed) before it: the
 * words are lit one by one as they are spoken. A word past ks's end gets
 * none.
 */
static void
karaoke(struct buf *b, const char *s, jv ks)
{
	int n = jv_array_length(jv_copy(ks)), w = 0;
	const char *p = s;

	while (*p) {
		size_t l = strcspn(p, " \n");
		char *word = xasprintf("%.*s", (int)l, p);

		if (w < n)
			buf_addf(b, "{\\k%ld}", (long)json_num(jv_array_get(
			    jv_copy(ks), w), 0));
		w++;
		ass_text(b, word);
		free(word);
		p += l;
		if (*p == ' ')
			buf_add(b, " ");
		else if (*p == '\n')
			buf_add(b, "\\N");
		if (*p)
			p++;
	}
}

/* The Noto family for the script of the cues' texts (typeset.h);
 * consumes subs. */
static const char *
ass_family(jv subs)
{
	struct buf b = { 0 };
	const char *f;
	char *all;

	jv_array_foreach(subs, i, cue) {
		jv t = jv_object_get(cue, jv_string("text"));

		(void)i;
		buf_add(&b, json_str(t));
		jv_free(t);
	}
	jv_free(subs);
	all = buf_take(&b);
	f = typeset_family(all);
	free(all);
	return f;
}

/*
 * The subtitles of a segment as an ASS script at the video's own
 * resolution: Noto Sans (or the Noto family of the cues' script, every
 * other character from the font fontconfig has it in) sized so that a
 * 42-character line fits the title-safe width (80 %) and is at most 5.5 %
 * of the height, with the text inside the title-safe area (10 % margins)
 * for every aspect ratio. Encoding -1 lets libass take each line's
 * direction from its first strong character: Arabic runs from the right.
 */
char *
render_ass(jv subs, int w, int h, double end)
{
	struct buf b = { 0 };
	double fs = fmin(0.055 * h, 0.8 * w / (42 * 0.56));
	const char *font = ass_family(jv_copy(subs));

	buf_addf(&b, "[Script Info]\nScriptType: v4.00+\nPlayResX: %d\n"
	    "PlayResY: %d\nWrapStyle: 0\nScaledBorderAndShadow: yes\n\n"
	    "[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, "
	    "SecondaryColour, OutlineColour, BackColour, Bold, Italic, "
	    "Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, "
	    "BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, "
	    "MarginV, Encoding\nStyle: Default,%s,%d,&H00FFFFFF,"
	    "&H000000FF,&H00101010,&H80000000,0,0,0,0,100,100,0,0,1,%.1f,"
	    "%.1f,2,%d,%d,%d,-1\n"
	    /* Read-along: a word turns from white (secondary) to yellow
	     * (primary) as it is spoken, and stays so. */
	    "Style: Readalong,%s,%d,&H0000E5FF,&H00FFFFFF,"
	    "&H00101010,&H80000000,0,0,0,0,100,100,0,0,1,%.1f,%.1f,2,%d,%d,"
	    "%d,-1\n\n[Events]\nFormat: Layer, Start, End, Style, "
	    "Name, MarginL, MarginR, MarginV, Effect, Text\n", w, h, font,
	    (int)lround(fs), fs * 0.09, fs * 0.04, w / 10, w / 10, h / 10,
	    font, (int)lround(fs), fs * 0.09, fs * 0.04, w / 10, w / 10,
	    h / 10);
	jv_array_foreach(subs, i, cue) {
		double s = json_num(jv_object_get(jv_copy(cue),
		    jv_string("start")), 0);
		double e = json_num(jv_object_get(jv_copy(cue),
		    jv_string("end")), 0);
		jv t = jv_object_get(jv_copy(cue), jv_string("text"));
		jv ks = jv_object_get(cue, jv_string("karaoke"));

		(void)i;
		buf_add(&b, "Dialogue: 0,");
		ass_time(&b, s, 0);
		buf_add(&b, ",");
		/* A cue running to the end of the segment covers its last
		 * frame, whatever the rounding. */
		ass_time(&b, e >= end - 0.001 ? end + 1 : e, 1);
		buf_add(&b, jv_get_kind(ks) == JV_KIND_ARRAY ?
		    ",Readalong,,0,0,0,," : ",Default,,0,0,0,,");
		if (jv_get_kind(ks) == JV_KIND_ARRAY)
			karaoke(&b, json_str(t), ks);
		else
			ass_text(&b, json_str(t));
		buf_add(&b, "\n");
		jv_free(ks);
		jv_free(t);
	}
	jv_free(subs);
	return buf_take(&b);
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

static void argf(struct args *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* An argument of any length: it is never cut short. */
static void
argf(struct args *a, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	arg(a, s);
	free(s);
}

static void
args_free(struct args *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		free(a->v[i]);
	free(a->v);
}

/*
 * The start of every FFmpeg command: quiet but for messages at level,
 * progress reports on standard error when asked (read by on_line), and
 * never a question on a terminal.
 */
static void
ffmpeg_args(struct args *a, const char *level, int progress)
{
	arg(a, "ffmpeg");
	arg(a, "-hide_banner");
	arg(a, "-nostdin");
	arg(a, "-nostats");
	arg(a, "-loglevel");
	arg(a, level);
	if (progress) {
		arg(a, "-progress");
		arg(a, "pipe:2");
	}
	arg(a, "-y");
}

/*
 * Ends command a with the output af->tmp as format fmt, runs it, and puts
 * the output in place, or removes it when the command fails.
 */
static int
run_into(struct args *a, struct atomic_file *af, const char *fmt,
    child_line_fn *on_line, void *arg_, char **err)
{
	int rc;

	arg(a, "-f");
	arg(a, fmt);
	arg(a, af->tmp);
	rc = child_run(a->v, NULL, 0, on_line, arg_, err);
	if (rc < 0) {
		child_blame(af->path, err);
		atomic_rollback(af);
		return -1;
	}
	return atomic_commit(af, err);
}

/* What ffprobe says of a file: its streams, frames and length. */
struct probe {
	int video, audio;	/* streams of each kind */
	long frames;		/* of the (first) video stream */
	double seconds;		/* of the whole file */
	int kind;		/* of the stream being read: 'v', 'a' or 0 */
};

/* Reads ffprobe's "flat" lines: streams.stream.N.KEY="VALUE". */
static int
on_probe(const char *line, void *arg_)
{
	struct probe *p = arg_;
	const char *k = line + 15, *v = strchr(line, '=');
	long n;

	if (v == NULL)
		return 0;
	v += v[1] == '"' ? 2 : 1;
	if (strncmp(line, "format.duration=", 16) == 0) {
		p->seconds = strtod(v, NULL);
		return 1;
	}
	if (strncmp(line, "streams.stream.", 15) != 0)
		return strncmp(line, "programs.", 9) == 0;
	k += strspn(k, "0123456789.");
	if (strncmp(k, "codec_type=", 11) == 0) {
		p->kind = strncmp(v, "video", 5) == 0 ? 'v' :
		    strncmp(v, "audio", 5) == 0 ? 'a' : 0;
		p->video += p->kind == 'v';
		p->audio += p->kind == 'a';
	} else if ((strncmp(k, "nb_frames=", 10) == 0 ||
	    strncmp(k, "nb_read_packets=", 16) == 0) && p->kind == 'v' &&
	    p->video == 1 && (n = strtol(v, NULL, 10)) > 0)
		p->frames = n;
	return 1;
}

/*
 * Probes path with ffprobe: its streams, the video's frames (counted,
 * packet by packet, when count is set: an MPEG-TS says nothing of them)
 * and its length. The probe reads the file as a player would, so a file
 * cut short by a full disk, or an MP4 without its moov, shows. Returns 0,
 * or -1 with *err naming the file.
 */
static int
probe(const char *path, int count, struct probe *p, char **err)
{
	char *argv[] = { "ffprobe", "-v", "error",
		count ? "-count_packets" : "-hide_banner", "-show_entries",
		"format=duration:stream=codec_type,nb_frames,nb_read_packets",
		"-of", "flat", "-o", "pipe:2", (char *)path, NULL };
	char *why = NULL;

	memset(p, 0, sizeof *p);
	if (child_run(argv, NULL, 0, on_probe, p, &why) < 0) {
		*err = xasprintf("'%s': unreadable after it was written (%s)",
		    path, why);
		free(why);
		return -1;
	}
	return 0;
}

/*
 * After the check of tmp, the output for out, failed with *err: when there
 * is no room beside it, that is the cause (FFmpeg may have exited 0 with
 * its last writes lost), and *err says so instead.
 */
static void
blame_room(const char *tmp, const char *out, char **err)
{
	int e = atomic_room(tmp);

	if (e == 0)
		return;
	free(*err);
	*err = xasprintf("'%s': %s", out, strerror(e));
}

/* The name of a segment: letters and digits only (it is a file name). */
static int
segment_name_ok(const char *s)
{
	return *s != '\0' && strlen(s) <= 16 && s[strspn(s,
	    "abcdefghijklmnopqrstuvwxyz0123456789")] == '\0';
}

static int
get_long(jv req, const char *key, long lo, long hi, long *out, char **err)
{
	jv x = jv_object_get(jv_copy(req), jv_string(key));
	double d = jv_get_kind(x) == JV_KIND_NUMBER ? jv_number_value(x) :
	    NAN;

	jv_free(x);
	if (!(d >= lo && d <= hi) || d != floor(d)) {
		*err = xasprintf("%s: expected a whole number from %ld to %ld",
		    key, lo, hi);
		return -1;
	}
	*out = (long)d;
	return 0;
}

static int
load_layer(jv l, const char *dir, const struct video *v, struct source *s,
    char **err)
{
	jv img = jv_object_get(jv_copy(l), jv_string("image"));
	jv hash = jv_object_get(jv_copy(l), jv_string("hash"));
	jv mv = jv_object_get(jv_copy(l), jv_string("move"));
	char h[17], *path = NULL;
	int rc = -1, k, cw, ch;

	memset(s, 0, sizeof *s);
	if (jv_get_kind(img) != JV_KIND_STRING ||
	    !asset_path_ok(jv_string_value(img))) {
		*err = xstrdup("layers[].image: expected a relative path "
		    "inside the asset folder");
		goto out;
	}
	s->move = -2;
	if (jv_get_kind(mv) == JV_KIND_STRING) {
		if (strcmp(jv_string_value(mv), "still") == 0)
			s->move = -1;
		for (k = 0; k < 4; k++)
			if (strcmp(jv_string_value(mv), moves[k]) == 0)
				s->move = k;
	}
	if (s->move == -2) {
		*err = xstrdup("layers[].move: expected still, zoom-in, "
		    "zoom-out, pan-right or pan-left");
		goto out;
	}
	if (get_long(l, "from", 0, 1000000, &s->from, err) < 0 ||
	    get_long(l, "span", 1, 1000000, &s->span, err) < 0)
		goto out;
	path = xasprintf("%s/%s", dir, jv_string_value(img));
	if (file_hash(path, h, err) < 0)
		goto out;
	if (jv_get_kind(hash) == JV_KIND_STRING &&
	    strcmp(h, jv_string_value(hash)) != 0) {
		*err = xasprintf("'%s': changed since the segment was planned "
		    "(plan the segments again)", path);
		goto out;
	}
	/* A moving picture is loaded larger, so the closest view of it
	 * still has a source pixel for every pixel of the frame. */
	cw = v->width, ch = v->height;
	if (s->move >= 0) {
		cw = 2 * (int)ceil(v->width * (1 + RENDER_ZOOM) / 2);
		ch = 2 * (int)ceil(v->height * (1 + RENDER_ZOOM) / 2);
	}
	rc = yuv_load_png(path, cw, ch, &s->pic, err);
out:
	jv_free(l);
	free(path);
	jv_free(img);
	jv_free(hash);
	jv_free(mv);
	return rc;
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

/* The numbers of the segment request req (borrowed) and its name,
 * preset, layers and subtitles (borrowed) into v, f and *crf; -1 with
 * *why (the field and what it expects) when one is wrong. */
static int
segment_check(jv req, jv name, jv preset, jv layers, jv subs,
    struct video *v, struct feed *f, long *crf, char **why)
{
	long w, h, fps;

	if (jv_get_kind(name) != JV_KIND_STRING ||
	    !segment_name_ok(jv_string_value(name))) {
		*why = xstrdup("segment: expected a name of letters and digits");
		return -1;
	}
	if (get_long(req, "width", 16, 7680, &w, why) < 0 ||
	    get_long(req, "height", 16, 7680, &h, why) < 0 ||
	    get_long(req, "fps", 1, 120, &fps, why) < 0 ||
	    get_long(req, "crf", 0, 51, crf, why) < 0 ||
	    get_long(req, "frames", 1, 1000000, &f->frames, why) < 0)
		return -1;
	if (w % 2 || h % 2) {
		*why = xstrdup("width, height: expected even numbers");
		return -1;
	}
	if (jv_get_kind(preset) != JV_KIND_STRING ||
	    !segment_name_ok(jv_string_value(preset))) {
		*why = xstrdup("preset: expected an x264 preset name");
		return -1;
	}
	if (jv_get_kind(layers) != JV_KIND_ARRAY ||
	    (f->nsrc = jv_array_length(jv_copy(layers))) < 1 || f->nsrc > 2) {
		*why = xstrdup("layers: expected one or two pictures");
		return -1;
	}
	if (jv_get_kind(subs) != JV_KIND_ARRAY &&
	    jv_get_kind(subs) != JV_KIND_INVALID) {
		*why = xstrdup("subtitles: expected an array of cues");
		return -1;
	}
	v->width = (int)w, v->height = (int)h, v->fps = (int)fps;
	if (f->nsrc == 2 && get_long(req, "fade", 1, f->frames, &f->fade,
	    why) < 0)
		return -1;
	if (jv_object_has(jv_copy(req), jv_string("fade_in")) &&
	    get_long(req, "fade_in", 0, f->frames, &f->fade_in, why) < 0)
		return -1;
	if (jv_object_has(jv_copy(req), jv_string("fade_out")) &&
	    get_long(req, "fade_out", 0, f->frames, &f->fade_out, why) < 0)
		return -1;
	return 0;
}

/* The pictures of layers (borrowed) into f; -1 with *err, which names
 * the picture for a picture's own trouble and the request for the
 * request's. */
static int
segment_layers(jv layers, const char *dir, const struct video *v,
    struct feed *f, char **err)
{
	char *why;
	int i;

	for (i = 0; i < f->nsrc; i++)
		if (load_layer(jv_array_get(jv_copy(layers), i), dir, v,
		    &f->src[i], &why) < 0) {
			while (i-- > 0)
				yuv_free(&f->src[i].pic);
			f->nsrc = 0;
			if (why[0] == '\'')
				*err = why;
			else {
				*err = xasprintf("segment request: %s", why);
				free(why);
			}
			return -1;
		}
	return 0;
}

/* The subtitles subs (borrowed) as a script beside the segment
 * (segdir/NAME.ass, in ass, *have set), when there are any. */
static int
segment_ass(jv subs, const char *segdir, const char *name,
    const struct video *v, double seconds, struct atomic_file *ass,
    int *have, char **err)
{
	char *ap, *text;
	int k;

	if (jv_get_kind(subs) != JV_KIND_ARRAY ||
	    jv_array_length(jv_copy(subs)) == 0)
		return 0;
	/* The script goes beside the segment and is named in the filter
	 * graph by its bare name: ours, and safe there. */
	ap = xasprintf("%s/%s.ass", segdir, name);
	text = render_ass(jv_copy(subs), v->width, v->height, seconds);
	k = atomic_open(ass, ap, ".ass", err);
	if (k == 0) {
		*have = 1;
		if (fputs(text, ass->fp) == EOF) {
			*err = xasprintf("'%s': %s", ap, strerror(errno));
			k = -1;
		} else
			k = atomic_detach(ass, err);
	}
	free(ap);
	free(text);
	return k < 0 ? -1 : 0;
}

/* The frames' pixel format and range, the same going in and coming out:
 * limited-range BT.709 4:2:0. */
static void
yuv_args(struct args *a)
{
	arg(a, "-pix_fmt");
	arg(a, "yuv420p");
	arg(a, "-color_range");
	arg(a, "tv");
	arg(a, "-colorspace");
	arg(a, "bt709");
}

/* FFmpeg's arguments up to the output: raw frames of v in, x264 with
 * preset and crf out, the subtitles script ass (a temp file's path, or
 * NULL) burned in. */
static void
segment_args(struct args *a, const struct video *v, const char *ass,
    const char *preset, long crf)
{
	const char *p;

	ffmpeg_args(a, "error", 1);
	arg(a, "-f");
	arg(a, "rawvideo");
	yuv_args(a);
	arg(a, "-s");
	argf(a, "%dx%d", v->width, v->height);
	arg(a, "-framerate");
	argf(a, "%d", v->fps);
	arg(a, "-i");
	arg(a, "pipe:0");
	if (ass != NULL) {
		p = strrchr(ass, '/');
		arg(a, "-vf");
		/* libass's complex shaping (HarfBuzz): the subtitles
		 * filter's simple one leaves Devanagari's conjuncts apart. */
		argf(a, "ass=shaping=complex:filename=%s",
		    p != NULL ? p + 1 : ass);
	}
	arg(a, "-c:v");
	arg(a, "libx264");
	arg(a, "-preset");
	arg(a, preset);
	arg(a, "-crf");
	argf(a, "%ld", crf);
	yuv_args(a);
	arg(a, "-color_primaries");
	arg(a, "bt709");
	arg(a, "-color_trc");
	arg(a, "bt709");
	arg(a, "-an");
	arg(a, "-f");
	arg(a, "mpegts");
}

/* Runs FFmpeg (a) on the frames of f into af, checks what is in the
 * file, and puts it in place as out, or removes it. */
static int
segment_encode(struct args *a, struct feed *f, struct atomic_file *af,
    const char *segdir, const char *out, char **err)
{
	struct probe pb;
	char *p;
	int rc;

	if ((p = absolute(af->tmp, err)) == NULL) {
		atomic_rollback(af);
		return -1;
	}
	arg(a, p);
	free(p);
	rc = child_run_feed(segdir, a->v, next_frame, f, on_progress, f, err);
	if (rc < 0)
		child_blame(out, err);
	if (f->pr != NULL)
		f->pr->base += f->frames;
	if (rc == 0 && f->done != f->frames) {
		*err = xasprintf("'%s': %ld of %ld frames written", out,
		    f->done, f->frames);
		rc = -1;
	}
	/* What is in the file, not what was sent: FFmpeg can exit 0 with the
	 * end of its output lost to a full disk. */
	if (rc == 0) {
		if ((rc = probe(af->tmp, 1, &pb, err)) == 0 && (pb.video != 1 ||
		    pb.frames != f->frames)) {
			*err = xasprintf("'%s': %ld of %ld frames in the file",
			    out, pb.frames, f->frames);
			rc = -1;
		}
		if (rc < 0)
			blame_room(af->tmp, out, err);
	}
	if (rc < 0) {
		atomic_rollback(af);
		return -1;
	}
	return atomic_commit(af, err);
}

int
render_segment(jv req, const char *dir, struct progress *pr, char **err)
{
	struct video v;
	struct feed f;
	struct args a = { NULL, 0, 0 };
	struct atomic_file af, ass;
	jv name = jv_object_get(jv_copy(req), jv_string("segment"));
	jv preset = jv_object_get(jv_copy(req), jv_string("preset"));
	jv layers = jv_object_get(jv_copy(req), jv_string("layers"));
	jv subs = jv_object_get(jv_copy(req), jv_string("subtitles"));
	long crf;
	char *out = NULL, *segdir = NULL, *why = NULL;
	int rc = -1, have_ass = 0, i;

	memset(&f, 0, sizeof f);
	memset(&v, 0, sizeof v);
	if (segment_check(req, name, preset, layers, subs, &v, &f, &crf,
	    &why) < 0) {
		*err = xasprintf("segment request: %s", why);
		free(why);
		goto done;
	}
	if (segment_layers(layers, dir, &v, &f, err) < 0)
		goto done;
	f.v = &v;
	f.pr = pr;
	yuv_alloc(&f.out, v.width, v.height);
	yuv_alloc(&f.tmp, v.width, v.height);
	segdir = xasprintf("%s/segments", dir);
	out = xasprintf("%s/%s.ts", segdir, jv_string_value(name));
	if (atomic_mkdirs(segdir, err) < 0 ||
	    segment_ass(subs, segdir, jv_string_value(name), &v,
	    (double)f.frames / v.fps, &ass, &have_ass, err) < 0 ||
	    atomic_open(&af, out, ".ts", err) < 0 ||
	    atomic_detach(&af, err) < 0)
		goto done;
	segment_args(&a, &v, have_ass ? ass.tmp : NULL,
	    jv_string_value(preset), crf);
	rc = segment_encode(&a, &f, &af, segdir, out, err);
done:
	if (have_ass)
		atomic_rollback(&ass);
	for (i = 0; i < f.nsrc; i++)
		yuv_free(&f.src[i].pic);
	if (f.out.buf != NULL) {
		yuv_free(&f.out);
		yuv_free(&f.tmp);
	}
	args_free(&a);
	free(out);
	free(segdir);
	jv_free(name);
	jv_free(preset);
	jv_free(layers);
	jv_free(subs);
	return rc;
}

/* Text as an FFmpeg metadata file keeps it: '=', ';', '#', '\' and line
 * ends escaped with a backslash. */
static void
meta_text(struct buf *b, const char *s)
{
	for (; s != NULL && *s; s++) {
		if (strchr("=;#\\\n", *s) != NULL)
			buf_add(b, "\\");
		buf_addn(b, s, 1);
	}
}

/* The sound of the video as a filter graph; inputs start at in; each
 * clip i with its gain[i] dB (when gain is not NULL). */
static char *
audio_graph(const struct compose *c, int in, const double *gain,
    const char *tail)
{
	const struct video *v = c->v;
	long spf = AUDIO_RATE / v->fps, total = v->title_frames +
	    v->card_frames;
	struct buf g = { 0 };
	const char *lay = c->music != NULL ? "stereo" : "mono";
	size_t i;

	buf_addf(&g, "anullsrc=r=%d:cl=mono,atrim=end_sample=%ld,"
	    "aformat=sample_fmts=fltp[t0];", AUDIO_RATE,
	    v->title_frames * spf);
	for (i = 0; i < c->n; i++) {
		total += c->clips[i].frames;
		if (c->clips[i].audio != NULL)
			buf_addf(&g, "[%d:a]aresample=%d,aformat=sample_fmts="
			    "fltp:channel_layouts=mono,volume=%.2fdB,apad,"
			    "atrim=end_sample=%ld[c%zu];", in++, AUDIO_RATE,
			    gain != NULL ? gain[i] : 0.0,
			    c->clips[i].frames * spf, i);
		else
			buf_addf(&g, "anullsrc=r=%d:cl=mono,atrim=end_sample="
			    "%ld,aformat=sample_fmts=fltp[c%zu];", AUDIO_RATE,
			    c->clips[i].frames * spf, i);
	}
	buf_addf(&g, "anullsrc=r=%d:cl=mono,atrim=end_sample=%ld,"
	    "aformat=sample_fmts=fltp[t1];[t0]", AUDIO_RATE,
	    v->card_frames * spf);
	for (i = 0; i < c->n; i++)
		buf_addf(&g, "[c%zu]", i);
	buf_addf(&g, "[t1]concat=n=%zu:v=0:a=1,aformat=channel_layouts=%s",
	    c->n + 2, lay);
	if (c->music != NULL) {
		double secs = (double)total / v->fps, out = (double)
		    v->card_frames / v->fps;

		/* The music under the voice: ducked by a compressor that
		 * listens to the voice, and faded out over the end card. */
		buf_addf(&g, ",asplit=2[voice][key];[%d:a]aresample=%d,"
		    "aformat=sample_fmts=fltp:channel_layouts=stereo,"
		    "atrim=end_sample=%ld,afade=t=in:d=1,afade=t=out:st=%.3f:"
		    "d=%.3f,volume=%.1fdB[music];[music][key]sidechaincompress="
		    "threshold=0.015:ratio=8:attack=20:release=400:knee=2[duck];"
		    "[voice][duck]amix=inputs=2:duration=first:normalize=0",
		    in, AUDIO_RATE, total * spf, secs - out, out, c->music_db);
	}
	buf_addf(&g, ",%s[a]", tail);
	return buf_take(&g);
}

static void
audio_inputs(struct args *a, const struct compose *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->clips[i].audio != NULL) {
			arg(a, "-i");
			arg(a, c->clips[i].audio);
		}
	if (c->music != NULL) {
		arg(a, "-stream_loop");
		arg(a, "-1");
		arg(a, "-i");
		arg(a, c->music);
	}
}

/*
 * The start of an FFmpeg command that makes the sound: the clips (and
 * music) as inputs, the mix ending in the filters tail, mapped out.
 */
static void
audio_command(struct args *a, const struct compose *c, const double *gain,
    const char *level, const char *tail)
{
	char *graph = audio_graph(c, 0, gain, tail);

	ffmpeg_args(a, level, 1);
	audio_inputs(a, c);
	arg(a, "-filter_complex");
	arg(a, graph);
	arg(a, "-map");
	arg(a, "[a]");
	free(graph);
}

struct measure {
	double lufs;
	int found;
	struct progress *pr;
};

/* Reads the integrated loudness from ebur128's summary ("I: -16.2 LUFS";
 * the summary's other lines start differently). */
static int
on_measure(const char *line, void *arg)
{
	struct measure *m = arg;
	const char *p = line + strspn(line, " \t");
	char *end;
	double v;

	if (strncmp(p, "I:", 2) == 0) {
		v = strtod(p + 2, &end);
		if (end != p + 2 && strstr(end, "LUFS") != NULL) {
			m->lufs = v;
			m->found = 1;
		}
		return 1;
	}
	if (m->pr != NULL)
		return progress_ffmpeg(m->pr, line, 0);
	return strchr(line, '=') != NULL && strchr(line, ' ') == NULL;
}

static int
on_seconds(const char *line, void *arg)
{
	struct progress *pr = arg;

	if (pr != NULL)
		return progress_ffmpeg(pr, line, 0);
	return strchr(line, '=') != NULL && strchr(line, ' ') == NULL;
}

/*
 * The start of an FFmpeg command that reads the premixed sound (a WAV
 * file) through the filters tail, mapped out.
 */
static void
premix_command(struct args *a, const char *premix, const char *level,
    const char *tail)
{
	ffmpeg_args(a, level, 1);
	arg(a, "-i");
	arg(a, premix);
	arg(a, "-filter_complex");
	argf(a, "[0:a]%s[a]", tail);
	arg(a, "-map");
	arg(a, "[a]");
}

/* Runs a, which ends in ebur128, and reads the loudness into *lufs. */
static int
run_measure(struct args *a, double *lufs, struct progress *pr, char **err)
{
	struct measure m = { 0, 0, pr };

	arg(a, "-f");
	arg(a, "null");
	arg(a, "-");
	if (child_run(a->v, NULL, 0, on_measure, &m, err) < 0)
		return -1;
	if (!m.found) {
		*err = xstrdup("ffmpeg: ebur128: no loudness in its output");
		return -1;
	}
	*lufs = m.lufs;
	return 0;
}

/*
 * Mixes the sound once into the WAV file af->tmp (32-bit float, so
 * nothing clips before the gain), measuring its integrated loudness
 * (LUFS) into *lufs on the way: every later pass reads this one file
 * instead of decoding and mixing the clips and the music again.
 */
static int
premix(const struct compose *c, struct atomic_file *af, double *lufs,
    struct progress *pr, char **err)
{
	struct args a = { NULL, 0, 0 };
	struct measure m = { 0, 0, pr };
	double *gain = xmalloc((c->n + 1) * sizeof *gain), l;
	size_t i;
	int rc;

	/*
	 * Every clip at one level (BS.1770 loudness, measured here from its
	 * samples): voices from different providers, or a service's uneven
	 * takes, then sound as one narrator. Within 20 dB: a clip so far
	 * off is mostly silence, and silence stays silent.
	 */
	for (i = 0; i < c->n; i++) {
		gain[i] = 0;
		if (c->clips[i].audio == NULL)
			continue;
		l = media_wav_loudness(c->clips[i].audio, err);
		if (isnan(l)) {
			free(gain);
			return -1;
		}
		if (isfinite(l))
			gain[i] = fmax(-20, fmin(20, NARRATION_LUFS - l));
	}
	/* ebur128 logs its frames at "verbose", its summary at "info". */
	audio_command(&a, c, gain, "info", "ebur128=framelog=verbose");
	free(gain);
	arg(&a, "-c:a");
	arg(&a, "pcm_f32le");
	arg(&a, "-f");
	arg(&a, "wav");
	arg(&a, af->tmp);
	rc = child_run(a.v, NULL, 0, on_measure, &m, err);
	args_free(&a);
	if (pr != NULL)
		pr->base += (double)c->total / c->v->fps;
	if (rc < 0)
		return -1;
	if (!m.found) {
		*err = xstrdup("ffmpeg: ebur128: no loudness in its output");
		return -1;
	}
	*lufs = m.lufs;
	return 0;
}

/* One pass that measures the premix after the filters pre ("" or ending
 * in a comma): its integrated loudness (LUFS) into *lufs. */
static int
measure(const struct compose *c, const char *mix, const char *pre,
    double *lufs, struct progress *pr, char **err)
{
	struct args a = { NULL, 0, 0 };
	char *tail = xasprintf("%sebur128=framelog=verbose", pre);
	int rc;

	premix_command(&a, mix, "info", tail);
	free(tail);
	rc = run_measure(&a, lufs, pr, err);
	args_free(&a);
	if (pr != NULL)
		pr->base += (double)c->total / c->v->fps;
	return rc;
}

/*
 * The filters that bring the premix mix, of loudness i1, to the target
 * loudness: a constant gain (so the voice keeps its level from scene to
 * scene, unlike loudnorm's dynamic mode) and a look-ahead limiter 1 dB
 * under the true-peak ceiling (AAC and inter-sample peaks add up to about
 * that). The limiter takes a little loudness from the peaks, so more
 * measurements correct the gain. Silence needs nothing. Returns a
 * malloc'd filter chain ending in a comma, or NULL with *err set.
 */
static char *
loudness(const struct compose *c, const char *mix, double i1,
    struct progress *pr, char **err)
{
	double i2, g, g0, l0, step;
	char lim[128], *pre;
	int k, rc;

	if (!isfinite(i1) || i1 < -69) {
		if (pr != NULL)
			pr->base += 3.0 * c->total / c->v->fps;
		return xstrdup("");
	}
	snprintf(lim, sizeof lim, "alimiter=limit=%.4f:attack=5:release=50:"
	    "level=false:latency=true", pow(10, (c->peak - 1) / 20));
	/*
	 * The limiter takes more the more gain it is given: find the gain
	 * that lands within 0.2 LU by the secant method, from the points
	 * (0, i1) and the first guess.
	 */
	g0 = 0, l0 = i1;
	g = c->loudness - i1;
	for (k = 0; k < 3; k++) {
		pre = xasprintf("volume=%.2fdB,%s,", g, lim);
		rc = measure(c, mix, pre, &i2, pr, err);
		free(pre);
		if (rc < 0)
			return NULL;
		if (!isfinite(i2) || fabs(c->loudness - i2) < 0.2 ||
		    fabs(i2 - l0) < 0.01)
			break;
		step = (c->loudness - i2) * (g - g0) / (i2 - l0);
		g0 = g, l0 = i2;
		g += step;
	}
	if (pr != NULL)
		pr->base += (2.0 - k) * c->total / c->v->fps;
	return xasprintf("volume=%.2fdB,%s,", g, lim);
}

/* The plan the sound follows, to tell whether an encoded sound fits. */
jv
render_audio_plan(const struct compose *c)
{
	jv frames = jv_array(), plan;
	size_t i;
	char h[17], *why;

	/* Each clip by its content (a clip spoken again with the same length
	 * is another sound). */
	for (i = 0; i < c->n; i++) {
		jv clip = jv_null();

		if (c->clips[i].audio != NULL) {
			if (file_hash(c->clips[i].audio, h, &why) == 0)
				clip = jv_string(h);
			else {
				free(why);
				clip = jv_string("unreadable");
			}
		}
		frames = jv_array_append(frames, JV_OBJECT(
		    jv_string("frames"), jv_number(c->clips[i].frames),
		    jv_string("audio"), clip));
	}
	plan = JV_OBJECT(jv_string("version"), jv_number(SEGMENT_VERSION),
	    jv_string("fps"), jv_number(c->v->fps),
	    jv_string("title_frames"), jv_number(c->v->title_frames),
	    jv_string("card_frames"), jv_number(c->v->card_frames),
	    jv_string("scenes"), frames,
	    jv_string("music"), c->music != NULL ? jv_string(c->music) :
	    jv_null(),
	    jv_string("music_db"), jv_number(c->music_db),
	    jv_string("loudness"), jv_number(c->loudness),
	    jv_string("peak"), jv_number(c->peak));
	return jv_object_set(plan, jv_string("mix"), jv_number(MIX_VERSION));
}

int
render_audio(const struct compose *c, struct progress *pr, char **err)
{
	struct args a = { NULL, 0, 0 };
	struct atomic_file af, mix;
	char *ln = NULL, *tail, *out = xasprintf("%s/segments/audio.m4a",
	    c->dir), *dir = xasprintf("%s/segments", c->dir), *p;
	double i1;
	int rc = -1, mixed = 0;

	if (atomic_mkdirs(dir, err) < 0)
		goto out;
	p = xasprintf("%s/mix.wav", dir);
	rc = atomic_open(&mix, p, ".wav", err);
	free(p);
	if (rc < 0)
		goto out;
	mixed = 1;
	rc = -1;
	if (atomic_detach(&mix, err) < 0 ||
	    premix(c, &mix, &i1, pr, err) < 0 ||
	    (ln = loudness(c, mix.tmp, i1, pr, err)) == NULL)
		goto out;
	/* Exactly as long as the pictures, whatever the limiter's delay. */
	tail = xasprintf("%saformat=channel_layouts=%s,apad,atrim=end_sample="
	    "%ld", ln, c->music != NULL ? "stereo" : "mono",
	    c->total * (AUDIO_RATE / c->v->fps));
	if (atomic_open(&af, out, ".m4a", err) < 0 ||
	    atomic_detach(&af, err) < 0) {
		free(tail);
		goto out;
	}
	premix_command(&a, mix.tmp, "error", tail);
	free(tail);
	/*
	 * The native encoder's "fast" coder: on the limited, loudness-
	 * normalised mix its default (twoloop) took 10.5 s for 151 s of
	 * stereo here, fast 3.4 s, and the sound is encoded again whenever
	 * any scene changes.
	 */
	arg(&a, "-c:a");
	arg(&a, "aac");
	arg(&a, "-aac_coder");
	arg(&a, "fast");
	arg(&a, "-b:a");
	arg(&a, c->music != NULL ? "160k" : "128k");
	arg(&a, "-ar");
	argf(&a, "%d", AUDIO_RATE);
	rc = run_into(&a, &af, "mp4", on_seconds, pr, err);
	if (rc == 0) {
		/* What it was made for, beside it. */
		jv plan = render_audio_plan(c);
		jv d = jv_dump_string(plan, STATE_DUMP_FLAGS);
		char *path = xasprintf("%s/segments/audio.json", c->dir);
		char *text = xasprintf("%s\n", jv_string_value(d));

		rc = atomic_update(path, text, strlen(text), err) < 0 ? -1 : 0;
		free(text);
		free(path);
		jv_free(d);
	}
out:
	if (mixed)
		atomic_rollback(&mix);
	args_free(&a);
	free(ln);
	free(out);
	free(dir);
	return rc;
}

/*
 * The joined video af->tmp, probed in full before it takes the place of
 * c->out: its moov (the probe reads nothing without it), one video and
 * one audio stream, every planned frame, and a length within two frames
 * of the plan. 0, or -1 with *err.
 */
static int
join_check(const struct compose *c, struct atomic_file *af, char **err)
{
	struct probe pb;
	double want = (double)c->total / c->v->fps;

	if (probe(af->tmp, 0, &pb, err) == 0) {
		if (pb.video == 1 && pb.audio == 1 && pb.frames == c->total &&
		    fabs(pb.seconds - want) <= 2.0 / c->v->fps)
			return 0;
		*err = xasprintf("'%s': %d video and %d audio streams, %ld "
		    "frames, %.3f s; expected 1 and 1, %ld frames, %.3f s",
		    c->out, pb.video, pb.audio, pb.frames, pb.seconds,
		    c->total, want);
	}
	blame_room(af->tmp, c->out, err);
	return -1;
}

/* text into a temp file beside path (af, *opened set once it is), which
 * FFmpeg reads by its temp name. */
static int
temp_text(struct atomic_file *af, const char *path, const char *text,
    int *opened, char **err)
{
	if (atomic_open(af, path, ".txt", err) < 0)
		return -1;
	*opened = 1;
	if (fputs(text, af->fp) == EOF || atomic_detach(af, err) < 0) {
		if (*err == NULL)
			*err = xasprintf("'%s': write error", af->tmp);
		return -1;
	}
	return 0;
}

/* The metadata of c into b: the title and comment, and chapters, one a
 * scene (the first from the start, the last to the end). */
static void
chapters_text(struct buf *b, const struct compose *c)
{
	const struct video *v = c->v;
	long at = v->title_frames;
	size_t i;

	buf_add(b, ";FFMETADATA1\ntitle=");
	meta_text(b, c->title);
	buf_add(b, "\ncomment=");
	meta_text(b, c->comment);
	buf_add(b, "\n");
	for (i = 0; i < c->n; i++) {
		long s = i == 0 ? 0 : at, e = at + c->clips[i].frames;

		if (i + 1 == c->n)
			e = c->total;
		buf_addf(b, "\n[CHAPTER]\nTIMEBASE=1/%d\nSTART=%ld\nEND=%ld\n"
		    "title=", v->fps, s, e);
		meta_text(b, c->chapters[i]);
		buf_add(b, "\n");
		at += c->clips[i].frames;
	}
}

int
render_join(const struct compose *c, char **err)
{
	struct args a = { NULL, 0, 0 };
	struct atomic_file af, list, meta;
	struct buf b = { 0 }, m = { 0 };
	char *segdir = xasprintf("%s/segments", c->dir), *p, *q;
	int rc = -1, lists = 0, metas = 0;

	/* The segments, in order, by their bare names (ours). */
	jv_array_foreach(c->names, j, name) {
		(void)j;
		buf_addf(&b, "file '%s.ts'\n", json_str(name));
		jv_free(name);
	}
	chapters_text(&m, c);
	p = xasprintf("%s/list.txt", segdir);
	q = xasprintf("%s/chapters.txt", segdir);
	if (temp_text(&list, p, b.s != NULL ? b.s : "", &lists, err) < 0 ||
	    temp_text(&meta, q, m.s, &metas, err) < 0 ||
	    atomic_open(&af, c->out, ".mp4", err) < 0 ||
	    atomic_detach(&af, err) < 0)
		goto out;
	ffmpeg_args(&a, "error", 0);
	arg(&a, "-f");
	arg(&a, "concat");
	arg(&a, "-i");
	arg(&a, list.tmp);
	arg(&a, "-i");
	free(p);
	p = xasprintf("%s/audio.m4a", segdir);
	arg(&a, p);
	arg(&a, "-f");
	arg(&a, "ffmetadata");
	arg(&a, "-i");
	arg(&a, meta.tmp);
	arg(&a, "-map");
	arg(&a, "0:v");
	arg(&a, "-map");
	arg(&a, "1:a");
	arg(&a, "-map_metadata");
	arg(&a, "2");
	arg(&a, "-map_chapters");
	arg(&a, "2");
	arg(&a, "-c");
	arg(&a, "copy");
	arg(&a, "-movflags");
	arg(&a, "+faststart");
	arg(&a, "-f");
	arg(&a, "mp4");
	arg(&a, af.tmp);
	if ((rc = child_run(a.v, NULL, 0, NULL, NULL, err)) < 0)
		child_blame(c->out, err);
	else
		rc = join_check(c, &af, err);
	if (rc < 0)
		atomic_rollback(&af);
	else
		rc = atomic_commit(&af, err);
out:
	if (lists)
		atomic_rollback(&list);
	if (metas)
		atomic_rollback(&meta);
	free(buf_take(&b));
	free(buf_take(&m));
	free(segdir);
	free(p);
	free(q);
	args_free(&a);
	return rc;
}
