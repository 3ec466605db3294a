/*
 * mv-assemble - narrate every scene and render the video, its subtitles
 * and an end card that states the moral.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "asset.h"
#include "atomic.h"
#include "calls.h"
#include "cast.h"
#include "conf.h"
#include "design.h"
#include "flite.h"
#include "http.h"
#include "illustrate.h"
#include "lines.h"
#include "media.h"
#include "msg.h"
#include "narrate.h"
#include "progress.h"
#include "render.h"
#include "speech.h"
#include "state.h"
#include "text.h"
#include "tool.h"
#include "util.h"
#include "words.h"

#define CARD_SECONDS 3	/* the end card, stating the moral */
#define TITLE_SECONDS 3	/* the title card */

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: %s [-AKSXchx] [-a aspect] [-d dir] [-g segment] [-L lufs] "
	    "[-m music] [-n scene] [-o file] [-p preset] [-q crf] [-r fps] "
	    "[-s size] [-t seconds] [file]\n",
	    msg_prog());
	exit(status);
}

/* The x264 presets. */
static const char *const presets[] = { "ultrafast", "superfast", "veryfast",
	"faster", "fast", "medium", "slow", "slower", "veryslow", NULL };

/* The aspect ratios and their full-size frames. */
static const struct {
	const char *name;
	int w, h;
} aspects[] = {
	{ "16:9", 1920, 1080 }, { "9:16", 1080, 1920 }, { "1:1", 1080, 1080 },
};

/* Frame rates whose frames hold a whole number of 48 kHz samples. */
static int
fps_of(const char *s, int *fps)
{
	static const char *const ok[] = { "24", "25", "30", "48", "50", "60",
		NULL };
	int i;

	for (i = 0; ok[i]; i++)
		if (strcmp(s, ok[i]) == 0) {
			*fps = atoi(s);
			return 0;
		}
	return -1;
}

/* The image of scene no in scenes (borrowed), checked to be a file
 * inside dir. Exits with a message naming the field otherwise. */
static char *
image_of(jv scenes, int idx, int no, const char *dir, const char *in)
{
	jv sc = jv_array_get(jv_copy(scenes), idx);
	jv img = state_field(sc, "scenes", "image", KIND(JV_KIND_STRING),
	    "a path", 1);
	jv n = jv_object_get(jv_copy(sc), jv_string("scene"));
	char *path, *err;

	if (!jv_is_valid(img)) {
		err = json_msg(img);
		msg_die("'%s': scenes[%d]: %s", state_name(in), idx, err);
	}
	if (json_num(n, -1) != no)
		msg_die("'%s': scenes[%d].scene: expected %d to match "
		    "segments[%d], got another", state_name(in), idx, no, idx);
	if (!asset_path_ok(jv_string_value(img)))
		msg_die("'%s': scenes[%d].image: expected a relative path "
		    "inside the asset folder, got '%.80s'", state_name(in),
		    idx, jv_string_value(img));
	path = xasprintf("%s/%s", dir, jv_string_value(img));
	if (access(path, R_OK) != 0)
		msg_die("'%s': scenes[%d].image: '%s':", state_name(in), idx,
		    path);
	/* Too large a picture is refused before anything decodes it. */
	if (media_image_file_check(path, &err) < 0)
		msg_die("scene %d: %s", no, err);
	jv_free(img);
	jv_free(n);
	jv_free(sc);
	return path;
}

/* The segment of scene no in segs (borrowed), or exit. */
static jv
segment_of(jv segs, int no, const char *in)
{
	jv seg = state_segment(segs, no);

	if (jv_get_kind(seg) != JV_KIND_OBJECT)
		msg_die("'%s': segments: no scene %d", state_name(in), no);
	return seg;
}

/* Seconds of silence between two lines of a scene. */
#define LINE_PAUSE 0.3

/* Who speaks the narration, in which voice. */
struct cast_of {
	const struct conf *c;
	jv prefs;		/* borrowed */
	jv chars;		/* context.characters, owned */
	jv voices;		/* name: voice, owned */
	char *narrator;		/* the narrator's voice, owned */
};

/* The cast of ctx with provider c; with tell, a note for each voice a
 * brief names that the provider lacks. */
static void
cast_init(struct cast_of *k, const struct conf *c, jv ctx, jv prefs,
    int tell)
{
	jv notes;

	k->c = c;
	k->prefs = prefs;
	k->chars = jv_object_get(jv_copy(ctx), jv_string("characters"));
	k->narrator = cast_narrator(c, prefs);
	k->voices = cast_brief(c, prefs, k->chars, k->narrator, &notes);
	jv_array_foreach(notes, i, n) {
		(void)i;
		if (tell)
			msg_warn("%s", jv_string_value(n));
		jv_free(n);
	}
	jv_free(notes);
}

static void
cast_free(struct cast_of *k)
{
	jv_free(k->chars);
	jv_free(k->voices);
	free(k->narrator);
}

/* The lines of seg (borrowed): its own when they are its narration,
 * else attributed now (a state from before lines, or edited). */
static jv
lines_of(const struct cast_of *k, jv seg)
{
	jv nv = jv_object_get(jv_copy(seg), jv_string("narration"));
	jv own = jv_object_get(jv_copy(seg), jv_string("lines"));
	jv l = jv_get_kind(own) == JV_KIND_ARRAY ? lines_check(own,
	    json_str(nv), k->chars) : jv_invalid();

	if (!jv_is_valid(l)) {
		jv_free(l);
		l = lines_attribute(json_str(nv), k->chars);
	}
	jv_free(nv);
	jv_free(own);
	return l;
}

/* The request for line li (1-based; line, borrowed) of seg (borrowed):
 * the scene's narration request with the line's text, speaker and
 * voice (a character's from the cast, the narrator's else). */
static jv
line_request(const struct cast_of *k, jv seg, jv line, int li)
{
	jv sp = jv_object_get(jv_copy(line), jv_string("speaker"));
	jv req = media_narration_request(seg, k->prefs, k->c->provider), pv,
	    v;

	req = jv_object_set(req, jv_string("text"), jv_object_get(
	    jv_copy(line), jv_string("text")));
	req = speech_request(req, k->c);
	req = jv_object_set(req, jv_string("line"), jv_number(li));
	pv = jv_object_get(jv_copy(req), jv_string("provider"));
	v = jv_object_get(jv_copy(k->voices), jv_copy(sp));
	/* espeak-ng speaking a language flite lacks: the narrator's voice. */
	if (strcmp(json_str(sp), LINES_NARRATOR) != 0 &&
	    strcmp(json_str(pv), k->c->provider) == 0 &&
	    jv_get_kind(v) == JV_KIND_STRING)
		req = jv_object_set(req, jv_string("voice"), jv_copy(v));
	req = jv_object_set(req, jv_string("speaker"), sp);
	jv_free(pv);
	jv_free(v);
	return req;
}

/* The requests of every line of seg (borrowed), in order. */
static jv
scene_requests(const struct cast_of *k, jv seg)
{
	jv lines = lines_of(k, seg), out = jv_array();

	jv_array_foreach(lines, i, l) {
		out = jv_array_append(out, line_request(k, seg, l, i + 1));
		jv_free(l);
	}
	jv_free(lines);
	return out;
}

/* The clip of a line: dir/narration/NN-LL.wav. */
static char *
line_path(const char *dir, jv req)
{
	return xasprintf("%s/narration/%02d-%02d.wav", dir, (int)json_num(
	    jv_object_get(jv_copy(req), jv_string("scene")), 0),
	    (int)json_num(jv_object_get(jv_copy(req), jv_string("line")),
	    0));
}

/* Speaks the line req (borrowed) offline into path; logs the call. */
static void
speak(jv req, const char *path)
{
	int no = (int)json_num(jv_object_get(jv_copy(req), jv_string("scene")),
	    0);
	jv pv = jv_object_get(jv_copy(req), jv_string("provider"));
	char *err, *side = xasprintf("%s.json", path);

	/* A service's provenance of an earlier clip no longer holds, nor
	 * flite's word times (flite writes them anew). */
	if (unlink(side) != 0 && errno != ENOENT)
		msg_die("'%s':", side);
	free(side);
	side = xasprintf("%s.words.json", path);
	if (unlink(side) != 0 && errno != ENOENT)
		msg_die("'%s':", side);
	/* A call is logged once its result is safely in place. */
	if (calls_offline("tts", no, &err) < 0 ||
	    narrate_request(req, path, &err) < 0 ||
	    calls_log("tts", no, json_str(pv), req, &err) < 0)
		msg_die("scene %d: %s", no, err);
	jv_free(pv);
	free(side);
}

/* The narration speed of prefs (borrowed), in words a minute. */
static int
wpm_of(jv prefs)
{
	return (int)json_num(jv_object_get(jv_copy(prefs),
	    jv_string("narration_wpm")), 150);
}

/*
 * Measures the clip wav of the narration text (at wpm) into *secs and
 * checks its length against the text's. Returns 0, or -1 with *err.
 */
static int
clip_measure(const char *wav, const char *text, int wpm, double *secs,
    char **err)
{
	if (media_wav_seconds(wav, secs, err) < 0 ||
	    media_clip_check(wav, *secs, text, wpm, err) < 0)
		return -1;
	return 0;
}

/*
 * Speaks the lines reqs (borrowed: line_request's) with the service c into
 * dir/narration, all at once up to MV_CONCURRENCY; with sidecars (-n),
 * each clip's provenance is written beside it first. Every call is
 * logged once its clip is in place, then the first failure ends the run.
 * Returns the provenance of each clip, in order.
 */
static jv
voice_all(const struct conf *c, jv reqs, jv prefs, const char *dir,
    int sidecars)
{
	size_t n = (size_t)jv_array_length(jv_copy(reqs)), i, bad;
	struct speech_job *jobs = xmalloc((n ? n : 1) * sizeof *jobs);
	char **paths = xmalloc((n ? n : 1) * 2 * sizeof *paths), *err;
	int *no = xmalloc((n ? n : 1) * sizeof *no);
	jv provs = jv_array();

	for (i = 0; i < n; i++) {
		memset(&jobs[i], 0, sizeof jobs[i]);
		jobs[i].req = jv_array_get(jv_copy(reqs), (int)i);
		no[i] = (int)json_num(jv_object_get(jv_copy(jobs[i].req),
		    jv_string("scene")), (double)i + 1);
		paths[2 * i] = line_path(dir, jobs[i].req);
		paths[2 * i + 1] = xasprintf("%s.words.json", paths[2 * i]);
		/* No engine's word times: they come from the sound. */
		if (unlink(paths[2 * i + 1]) != 0 && errno != ENOENT)
			msg_die("'%s':", paths[2 * i + 1]);
		free(paths[2 * i + 1]);
		paths[2 * i + 1] = xasprintf("%s.json", paths[2 * i]);
		jobs[i].path = paths[2 * i];
		jobs[i].sidecar = sidecars ? paths[2 * i + 1] : NULL;
	}
	bad = speech_run(c, jobs, n);
	for (i = 0; i < n; i++) {
		jv text = jv_object_get(jv_copy(jobs[i].req),
		    jv_string("text"));
		double secs;

		/* A reply of ten minutes for a ten-second scene, or of a
		 * tenth of a second, is refused with its figures. */
		if (jobs[i].err == NULL && jv_get_kind(text) ==
		    JV_KIND_STRING && clip_measure(paths[2 * i],
		    jv_string_value(text), wpm_of(prefs), &secs,
		    &jobs[i].err) < 0) {
			unlink(paths[2 * i]);
			unlink(paths[2 * i + 1]);
			bad++;
		}
		jv_free(text);
	}
	for (i = 0; i < n; i++)
		if (jobs[i].err == NULL && calls_log("tts", no[i],
		    c->provider, jobs[i].req, &err) < 0)
			msg_die("%s", err);
	for (i = 0; i < n; i++) {
		if (jobs[i].err != NULL) {
			if (bad > 1)
				msg_die("scene %d: %s (and %zu more clips "
				    "failed)", no[i], jobs[i].err, bad - 1);
			msg_die("scene %d: %s", no[i], jobs[i].err);
		}
		provs = jv_array_append(provs, jv_copy(jobs[i].prov));
		speech_job_release(&jobs[i]);
		jv_free(jobs[i].req);
		free(paths[2 * i]);
		free(paths[2 * i + 1]);
	}
	free(jobs);
	free(paths);
	free(no);
	return provs;
}

/*
 * The clip of scene no, dir/narration/NN.wav: the clips of its lines
 * (reqs, borrowed) joined with LINE_PAUSE between them, each at one
 * level (media_wav_lines), rewritten only when its bytes change; each
 * line's length is checked against its words at wpm first. Returns
 * where each word of the scene begins in it (words.h; *nw of them,
 * malloc'd). Exits on failure.
 */
static double *
join_lines(const char *dir, int no, jv reqs, int wpm, size_t *nw)
{
	int n = jv_array_length(jv_copy(reqs)), li;
	unsigned char **parts = xmalloc((size_t)n * sizeof *parts), *wav;
	size_t *lens = xmalloc((size_t)n * sizeof *lens), len, m, k;
	double *on = NULL, at = 0, secs;
	char *path, *err, *wp;
	unsigned rate;

	*nw = 0;
	for (li = 0; li < n; li++) {
		jv r = jv_array_get(jv_copy(reqs), li), times;
		jv t = jv_object_get(jv_copy(r), jv_string("text"));
		double *w;

		path = line_path(dir, r);
		if (read_all(path, 256u << 20, (char **)&parts[li], &lens[li],
		    &err) < 0)
			msg_die("'%s': %s (make it with %s -n %d-%d)", path,
			    err, msg_prog(), no, li + 1);
		if ((secs = media_wav_check(parts[li], lens[li], &err)) < 0)
			msg_die("scene %d: '%s': %s (make it again: remove it "
			    "and resume)", no, path, err);
		/* A line's length against its words, before it is joined. */
		if (media_clip_check(path, secs, json_str(t), wpm, &err) < 0)
			msg_die("scene %d: %s (make it again: remove it and "
			    "resume)", no, err);
		/* The engine's word times, when it wrote them (flite). */
		wp = xasprintf("%s.words.json", path);
		times = access(wp, R_OK) == 0 ? state_read(wp) : jv_null();
		times = jv_get_kind(times) == JV_KIND_OBJECT ? jv_object_get(
		    times, jv_string("words")) : (jv_free(times), jv_null());
		free(wp);
		if (media_wav_pcm16(parts[li], lens[li], &rate, &m) == NULL)
			rate = 16000;	/* media_wav_lines says why */
		w = words_onsets(json_str(t), times, parts[li], lens[li], &m);
		on = xrealloc(on, (*nw + m + 1) * sizeof *on);
		for (k = 0; k < m; k++)
			on[*nw + k] = at + w[k];
		*nw += m;
		/* media_wav_lines puts whole samples of silence between. */
		at += secs + floor(LINE_PAUSE * rate) / rate;
		free(w);
		free(path);
		jv_free(times);
		jv_free(t);
		jv_free(r);
	}
	if ((wav = media_wav_lines(parts, lens, (size_t)n, LINE_PAUSE, &len,
	    &err)) == NULL)
		msg_die("scene %d: the lines do not join: %s", no, err);
	path = xasprintf("%s/narration/%02d.wav", dir, no);
	if (atomic_update(path, wav, len, &err) < 0)
		msg_die("%s", err);
	for (li = 0; li < n; li++)
		free(parts[li]);
	free(parts);
	free(lens);
	free(wav);
	free(path);
	return on;
}

/*
 * -x: one request file per line, narration/NN-LL.json, rewritten only
 * when its content changes, and narration/index (empty without
 * narration).
 */
static void
export(const struct cast_of *k, jv segs, const char *dir, int on)
{
	jv reqs = jv_array();
	char *err;

	jv_array_foreach(segs, i, seg) {
		(void)i;
		if (on)
			reqs = jv_array_concat(reqs, scene_requests(k, seg));
		jv_free(seg);
	}
	if (state_export(reqs, dir, "narration", &err) < 0)
		msg_die("%s", err);
}

/*
 * What made the picture or clip name (a scene's NN, a line's NN-LL) under
 * make: the provider and model of its request (dir/sub/NAME.json), merged
 * with the provenance -n wrote beside it (dir/sub/NAME.EXT.json) when that
 * was made for this very
 * request, without its request hash. Null when there is no request file.
 */
static jv
made_by(const char *dir, const char *sub, const char *ext, const char *name)
{
	char *rp = xasprintf("%s/%s/%s.json", dir, sub, name);
	char *sp = xasprintf("%s/%s/%s.%s.json", dir, sub, name, ext);
	jv req = access(rp, R_OK) == 0 ? state_read(rp) : jv_invalid();
	jv side = jv_invalid(), out = jv_null(), h;
	char hash[17];

	if (jv_get_kind(req) == JV_KIND_OBJECT) {
		out = JV_OBJECT(jv_string("provider"), jv_object_get(
		    jv_copy(req), jv_string("provider")),
		    jv_string("model"), jv_object_get(jv_copy(req),
		    jv_string("model")));
		if (access(sp, R_OK) == 0)
			side = state_read(sp);
	}
	if (jv_get_kind(side) == JV_KIND_OBJECT) {
		calls_hash(req, hash);
		h = jv_object_get(jv_copy(side), jv_string("request"));
		if (jv_get_kind(h) == JV_KIND_STRING &&
		    strcmp(jv_string_value(h), hash) == 0)
			out = jv_object_merge(out, jv_object_delete(
			    jv_copy(side), jv_string("request")));
		jv_free(h);
	}
	jv_free(req);
	jv_free(side);
	free(rp);
	free(sp);
	return out;
}

/* Everything about the video a run is asked for. */
struct opts {
	struct video v;
	double xfade;
	const char *music;
	double loudness;
	const char *aspect;
	int sized;		/* -s or -a chose the size */
};

/* The scenes of a state, with their pictures and narration. */
struct scenes {
	int n;
	struct clip *clips;
	const char **texts;	/* borrowed from segs */
	const char **images;	/* relative to dir */
	char **owned;
	int *no;
	int on;			/* narrated */
	jv lines;		/* each scene's line requests (owned) */
	double **onsets;	/* each scene's words' onsets (owned) */
};

static void
scenes_free(struct scenes *s)
{
	int i;

	for (i = 0; i < 2 * s->n; i++)
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
}

/*
 * Gathers the scenes of the state: pictures checked to exist, narration
 * (when on) spoken now offline line by line (speak_them), or made before
 * by -n or voice_all, joined into each scene's clip and measured.
 */
static void
scenes_load(struct scenes *s, jv segs, jv scenes, const struct cast_of *k,
    const char *dir, const char *in, int on, int speak_them)
{
	char *err;
	int i;

	s->n = jv_array_length(jv_copy(segs));
	if (s->n == 0 || jv_array_length(jv_copy(scenes)) != s->n)
		msg_die("'%s': scenes: expected one per segment (%d), got %d",
		    state_name(in), s->n, jv_array_length(jv_copy(scenes)));
	s->clips = xmalloc((size_t)s->n * sizeof *s->clips);
	s->texts = xmalloc((size_t)s->n * sizeof *s->texts);
	s->images = xmalloc((size_t)s->n * sizeof *s->images);
	s->owned = xmalloc((size_t)s->n * 2 * sizeof *s->owned);
	s->no = xmalloc((size_t)s->n * sizeof *s->no);
	s->lines = jv_array();
	s->onsets = xmalloc((size_t)s->n * sizeof *s->onsets);
	s->on = on;
	for (i = 0; i < s->n; i++) {
		jv seg = jv_array_get(jv_copy(segs), i);
		jv text = state_field(seg, "segments", "narration",
		    KIND(JV_KIND_STRING), "a string", 1);
		int no = (int)json_num(jv_object_get(jv_copy(seg),
		    jv_string("scene")), i + 1);
		jv reqs = s->on ? scene_requests(k, seg) : jv_array();
		char *wav;

		if (!jv_is_valid(text)) {
			err = json_msg(text);
			msg_die("'%s': segments[%d]: %s", state_name(in), i,
			    err);
		}
		memset(&s->clips[i], 0, sizeof s->clips[i]);
		s->onsets[i] = NULL;
		s->no[i] = no;
		s->owned[2 * i] = image_of(scenes, i, no, dir, in);
		s->owned[2 * i + 1] = NULL;
		s->clips[i].image = s->owned[2 * i];
		s->images[i] = s->owned[2 * i] + strlen(dir) + 1;
		if (s->on) {
			if (speak_them)
				jv_array_foreach(reqs, j, r) {
					char *path = line_path(dir, r);

					(void)j;
					speak(r, path);
					free(path);
					jv_free(r);
				}
			s->onsets[i] = join_lines(dir, no, reqs,
			    wpm_of(k->prefs), &s->clips[i].nonsets);
			s->clips[i].onsets = s->onsets[i];
			wav = xasprintf("%s/narration/%02d.wav", dir, no);
			s->owned[2 * i + 1] = wav;
			if (jv_get_kind(text) == JV_KIND_STRING &&
			    clip_measure(wav, jv_string_value(text),
			    wpm_of(k->prefs), &s->clips[i].seconds, &err) < 0)
				msg_die("scene %d: %s (make it again: remove "
				    "it and resume)", no, err);
			s->clips[i].audio = wav;
		} else {
			s->clips[i].seconds = json_num(jv_object_get(
			    jv_copy(seg), jv_string("seconds")), 5);
			if (s->clips[i].seconds < 1)
				s->clips[i].seconds = 1;
		}
		s->lines = jv_array_append(s->lines, reqs);
		/* The text stays alive in segs. */
		s->texts[i] = jv_string_value(text);
		jv_free(text);
		jv_free(seg);
	}
}

/*
 * Draws a card into dir/name, replacing the file only when its pixels
 * change, so that its segments are not rendered again for nothing.
 */
static void
card(const struct video *v, const char *dir, const char *name,
    const char *setting, const char *heading, const char *body,
    const char *footer)
{
	char *path = xasprintf("%s/%s", dir, name);
	char *tmp = xasprintf("%s/.%s.tmp.new.png", dir, name);
	char *a = NULL, *b = NULL, *err;
	size_t al = 0, bl = 0;

	if (illustrate_card(v->width, v->height, setting, heading, body,
	    footer, tmp, &err) < 0)
		msg_die("%s", err);
	if (read_all(tmp, 64 << 20, &a, &al, &err) < 0)
		msg_die("'%s': %s", tmp, err);
	if (read_all(path, 64 << 20, &b, &bl, &err) == 0 && al == bl &&
	    memcmp(a, b, al) == 0)
		unlink(tmp);
	else if (rename(tmp, path) != 0)
		msg_die("'%s':", path);
	if (b == NULL)
		free(err);
	free(a);
	free(b);
	free(tmp);
	free(path);
}

static void
cards(const struct video *v, const char *dir, jv ctx, jv story)
{
	jv tv = jv_object_get(jv_copy(story), jv_string("title"));
	jv th = jv_object_get(jv_copy(ctx), jv_string("theme"));
	jv set = jv_object_get(jv_copy(ctx), jv_string("setting"));
	jv mv = jv_object_get(jv_copy(ctx), jv_string("moral_lesson"));
	/* "A story about honesty", unless the title says so. */
	char *foot = text_has_word(json_str(tv), json_str(th)) ? NULL :
	    xasprintf("A story about %s", json_str(th));

	card(v, dir, "titlecard.png", json_str(set), NULL, json_str(tv), foot);
	card(v, dir, "endcard.png", json_str(set), "The moral of the story",
	    json_str(mv), "The End");
	free(foot);
	jv_free(tv);
	jv_free(th);
	jv_free(set);
	jv_free(mv);
}

/* -X: the segment requests, each rewritten only when it changes, and
 * segments/index, their names in order. Returns the requests. */
static jv
plan_segments(const struct video *v, const struct scenes *s,
    const char *dir)
{
	jv reqs = render_requests(v, s->clips, s->images, s->texts,
	    (size_t)s->n, dir);
	struct buf index = { 0 };
	char *path, *err, *sub = xasprintf("%s/segments", dir);

	if (!jv_is_valid(reqs))
		msg_die("%s", json_msg(reqs));
	if (atomic_mkdirs(sub, &err) < 0)
		msg_die("%s", err);
	jv_array_foreach(reqs, i, req) {
		jv name = jv_object_get(jv_copy(req), jv_string("segment"));
		jv d = jv_dump_string(req, STATE_DUMP_FLAGS);
		char *text = xasprintf("%s\n", jv_string_value(d));

		(void)i;
		path = xasprintf("%s/%s.json", sub, jv_string_value(name));
		if (atomic_update(path, text, strlen(text), &err) < 0)
			msg_die("%s", err);
		buf_addf(&index, "%s\n", jv_string_value(name));
		free(path);
		free(text);
		jv_free(d);
		jv_free(name);
	}
	path = xasprintf("%s/index", sub);
	if (atomic_update(path, index.s, index.len, &err) < 0)
		msg_die("%s", err);
	free(path);
	free(sub);
	free(buf_take(&index));
	return reqs;
}

/* -g: renders one segment from its request file. */
static void
render_one(const char *dir, const char *name)
{
	char *path = xasprintf("%s/segments/%s.json", dir, name), *err;
	jv req = tool_read(path, 0);
	struct progress pr;

	progress_init(&pr, name, json_num(jv_object_get(jv_copy(req),
	    jv_string("frames")), 1));
	if (render_segment(req, dir, &pr, &err) < 0) {
		progress_done(&pr);
		/* A file's own trouble names the file; the request's, the
		 * request. */
		if (err[0] == '\'')
			msg_die("%s", err);
		msg_die("'%s': %s", path, err);
	}
	progress_done(&pr);
	jv_free(req);
	free(path);
}

/* The JSON document in path, or an invalid jv. */
static jv
load_json(const char *path)
{
	/* jv_load_file gives every value in the file, in an array. */
	jv all = jv_load_file(path, 0);

	if (jv_get_kind(all) == JV_KIND_ARRAY &&
	    jv_array_length(jv_copy(all)) == 1)
		return jv_array_get(all, 0);
	jv_free(all);
	return jv_invalid();
}

/*
 * -c: the names of the segments made by -X and -g, checked against the
 * plan of this run (same scenes, same lengths), or exit.
 */
static jv
planned(const struct video *v, const struct scenes *s, const char *dir)
{
	jv want = render_requests(v, s->clips, s->images, s->texts,
	    (size_t)s->n, dir), names = jv_array();
	char *path;

	if (!jv_is_valid(want))
		msg_die("%s", json_msg(want));
	jv_array_foreach(want, i, req) {
		jv name = jv_object_get(jv_copy(req), jv_string("segment"));
		jv have;
		struct stat sb;

		(void)i;
		path = xasprintf("%s/segments/%s.json", dir,
		    jv_string_value(name));
		have = load_json(path);
		if (!jv_equal(jv_copy(have), jv_copy(req)))
			msg_die("'%s': out of date: plan the segments again "
			    "(%s -X) with the same settings", path, msg_prog());
		free(path);
		path = xasprintf("%s/segments/%s.ts", dir,
		    jv_string_value(name));
		if (stat(path, &sb) != 0)
			msg_die("'%s': missing (make it with %s -g %s):", path,
			    msg_prog(), jv_string_value(name));
		free(path);
		jv_free(have);
		jv_free(req);
		names = jv_array_append(names, name);
	}
	jv_free(want);
	return names;
}

/*
 * The storyboard of the scenes sc into board: first the sheets of the
 * characters of st (borrowed) that are made, under dir, then every
 * scene with its first words. Exits on failure.
 */
static void
storyboard(jv st, const char *dir, const struct scenes *sc,
    const char *title, const char *board)
{
	jv chars = jv_object_get(jv_copy(st), jv_string("characters"));
	int nc = jv_get_kind(chars) == JV_KIND_ARRAY ?
	    jv_array_length(jv_copy(chars)) : 0, m = 0, i;
	struct board_item *items = xmalloc((size_t)(nc + sc->n) *
	    sizeof *items);
	char **own = xmalloc((size_t)(2 * nc + 1) * sizeof *own), *err;

	for (i = 0; i < nc; i++) {
		jv ch = jv_array_get(jv_copy(chars), i);
		jv img = jv_object_get(jv_copy(ch), jv_string("reference_image"));
		jv nm = jv_object_get(ch, jv_string("name"));
		char *path = jv_get_kind(img) == JV_KIND_STRING &&
		    asset_path_ok(jv_string_value(img)) ? xasprintf("%s/%s",
		    dir, jv_string_value(img)) : NULL;

		if (path != NULL && access(path, R_OK) == 0) {
			own[2 * m] = path;
			own[2 * m + 1] = xstrdup(json_str(nm));
			items[m].image = own[2 * m];
			items[m].scene = 0;
			items[m].words = own[2 * m + 1];
			m++;
		} else
			free(path);
		jv_free(img);
		jv_free(nm);
	}
	for (i = 0; i < sc->n; i++) {
		items[m + i].image = sc->clips[i].image;
		items[m + i].scene = sc->no[i];
		items[m + i].words = sc->texts[i];
	}
	if (illustrate_storyboard(items, m + sc->n, 1600, title, board,
	    &err) < 0)
		msg_die("%s", err);
	for (i = 0; i < 2 * m; i++)
		free(own[i]);
	free(own);
	free(items);
	jv_free(chars);
}

/*
 * The cast into the state st (consumed): each of its characters (the
 * design's) with its "voice"; returns st.
 */
static jv
cast_record(jv st, const struct cast_of *k)
{
	jv chars = jv_object_get(jv_copy(st), jv_string("characters"));

	if (jv_get_kind(chars) != JV_KIND_ARRAY) {
		jv_free(chars);
		return st;
	}
	jv_array_foreach(chars, i, ch) {
		jv n = jv_object_get(jv_copy(ch), jv_string("name"));
		jv v = jv_get_kind(n) == JV_KIND_STRING ? jv_object_get(
		    jv_copy(k->voices), n) : (jv_free(n), jv_invalid());

		if (jv_get_kind(v) == JV_KIND_STRING &&
		    jv_get_kind(ch) == JV_KIND_OBJECT)
			chars = jv_array_set(chars, i, jv_object_set(ch,
			    jv_string("voice"), v));
		else {
			jv_free(ch);
			jv_free(v);
		}
	}
	return jv_object_set(st, jv_string("characters"), chars);
}

/*
 * The record of scene i's lines for the state: each line's speaker,
 * voice and clip; for a service, its text and what made it, from this run's
 * provenances provs (borrowed, an array, from line *gl on; usage added
 * to *use), or with provs false from the sidecars -n wrote (the join of
 * a make run, whose usage make counts); with provs null, offline, none.
 */
static jv
lines_record(const struct scenes *sc, int i, const char *dir, jv provs,
    int *gl, jv *use)
{
	jv reqs = jv_array_get(jv_copy(sc->lines), i), out = jv_array();

	if (jv_get_kind(reqs) != JV_KIND_ARRAY) {
		jv_free(reqs);
		return out;
	}
	jv_array_foreach(reqs, j, r) {
		char *path = line_path(dir, r), name[16];
		jv e = JV_OBJECT(jv_string("line"), jv_number(j + 1),
		    jv_string("speaker"), jv_object_get(jv_copy(r),
		    jv_string("speaker")),
		    jv_string("voice"), jv_object_get(jv_copy(r),
		    jv_string("voice")),
		    jv_string("audio"), jv_string(path + strlen(dir) + 1)), pv;

		snprintf(name, sizeof name, "%02d-%02d", sc->no[i], j + 1);
		pv = jv_get_kind(provs) == JV_KIND_ARRAY ? jv_array_get(
		    jv_copy(provs), (*gl)++) : jv_get_kind(provs) ==
		    JV_KIND_FALSE ? made_by(dir, "narration", "wav", name) :
		    jv_null();
		if (jv_get_kind(pv) == JV_KIND_OBJECT) {
			jv u = jv_object_get(jv_copy(pv), jv_string("usage"));

			if (jv_get_kind(provs) == JV_KIND_ARRAY)
				calls_usage_add(use, u);
			jv_free(u);
			e = jv_object_merge(e, jv_object_delete(pv,
			    jv_string("request")));
		} else
			jv_free(pv);
		out = jv_array_append(out, e);
		free(path);
		jv_free(r);
	}
	jv_free(reqs);
	return out;
}

/*
 * -n: speaks line (1-based) of seg (consumed), or with line 0 every line
 * of it, then joins them into the scene's clip.
 */
static void
speak_scene(const struct cast_of *k, jv seg, int line, const char *dir,
    const char *in)
{
	jv reqs = scene_requests(k, seg), one;
	int n = jv_array_length(jv_copy(reqs)), no = (int)json_num(
	    jv_object_get(jv_copy(seg), jv_string("scene")), 0);

	if (line > n)
		msg_die("'%s': scene %d has %d line%s, not %d", state_name(in),
		    no, n, n == 1 ? "" : "s", line);
	one = line > 0 ? JV_ARRAY(jv_array_get(jv_copy(reqs), line - 1)) :
	    jv_copy(reqs);
	if (strcmp(k->c->provider, "espeak") == 0 ||
	    strcmp(k->c->provider, "flite") == 0)
		jv_array_foreach(one, i, r) {
			char *path = line_path(dir, r);

			(void)i;
			speak(r, path);
			free(path);
			jv_free(r);
		}
	else {
		http_init();
		jv_free(voice_all(k->c, one, k->prefs, dir, 1));
	}
	if (line == 0) {
		size_t nw;

		free(join_lines(dir, no, reqs, wpm_of(k->prefs), &nw));
	}
	jv_free(one);
	jv_free(reqs);
	jv_free(seg);
}

/* -n's operand: a scene "N" (*line 0) or a line of one "N-L"; the
 * scene, or -1. */
static int
clip_of(const char *arg, int *line)
{
	const char *dash = strchr(arg, '-');
	char *sc;
	int no;

	*line = 0;
	if (dash == NULL)
		return tool_scene(arg);
	sc = xasprintf("%.*s", (int)(dash - arg), arg);
	no = tool_scene(sc);
	free(sc);
	if (no < 0 || (*line = tool_scene(dash + 1)) < 0)
		return -1;
	return no;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *dflag = NULL, *oflag = NULL, *nflag = NULL, *gflag = NULL;
	const char *in, *voice, *spoken;
	struct conf tc;
	struct step_clock clk;
	struct opts o;
	struct scenes sc;
	struct progress pr;
	struct compose cp;
	struct atomic_file srt_file;
	struct stat sb;
	char **chapters, *dir, *err, *video, *srt, *vtt, *srt_text, *vtt_text;
	char *board, *end, name[16];
	jv st, ctx, prefs, story, segs, scenes, narr, vid, spans, tv, mv, vv;
	jv names, reqs, provs = jv_null(), use, st_scenes;
	int ch, i, wpm, scene = 0, cflag = 0, xflag = 0, Xflag = 0, k;
	int Aflag = 0, Kflag = 0, on, espeak, line = 0, gl = 0;
	struct cast_of cast;
	long total;

	memset(&o, 0, sizeof o);
	o.v.fps = 30;
	o.v.crf = 23;
	o.v.preset = "veryfast";
	o.v.subtitles = 1;
	o.xfade = 0.5;
	o.loudness = -16;
	msg_init(argv[0]);
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":AKL:SXa:cd:g:hm:n:o:p:q:r:s:t:x",
	    longopts, NULL)) != -1)
		switch (ch) {
		case 'a':
			for (k = 0; k < 3; k++)
				if (strcmp(optarg, aspects[k].name) == 0)
					break;
			if (k == 3) {
				msg_warn("-a '%s': expected 16:9, 9:16 or 1:1",
				    optarg);
				usage(MV_EXIT_USAGE);
			}
			o.aspect = aspects[k].name;
			if (!o.sized || o.sized == 'a') {
				o.v.width = aspects[k].w;
				o.v.height = aspects[k].h;
				o.sized = 'a';
			}
			break;
		case 'A':
			Aflag = 1;
			break;
		case 'c':
			cflag = 1;
			break;
		case 'K':
			Kflag = 1;
			break;
		case 'g':
			gflag = optarg;
			if (strlen(optarg) > 16 || optarg[strspn(optarg,
			    "abcdefghijklmnopqrstuvwxyz0123456789")] != '\0' ||
			    *optarg == '\0') {
				msg_warn("-g '%s': expected a segment name "
				    "(from segments/index)", optarg);
				usage(MV_EXIT_USAGE);
			}
			break;
		case 'L':
			o.loudness = strtod(optarg, &end);
			if (*optarg == '\0' || *end != '\0' ||
			    !(o.loudness >= -70) || o.loudness > -5) {
				msg_warn("-L '%s': expected a loudness of -70 to "
				    "-5 LUFS", optarg);
				usage(MV_EXIT_USAGE);
			}
			break;
		case 'm':
			o.music = *optarg != '\0' ? optarg : NULL;
			break;
		case 'n':
			nflag = optarg;
			if ((scene = clip_of(optarg, &line)) < 0) {
				msg_warn("-n '%s': expected a scene number "
				    "from 1 to 999, or a scene's line as "
				    "SCENE-LINE", optarg);
				usage(MV_EXIT_USAGE);
			}
			break;
		case 'p':
			for (k = 0; presets[k]; k++)
				if (strcmp(optarg, presets[k]) == 0)
					break;
			if (presets[k] == NULL) {
				msg_warn("-p '%s': expected an x264 preset, "
				    "ultrafast to veryslow", optarg);
				usage(MV_EXIT_USAGE);
			}
			o.v.preset = presets[k];
			break;
		case 'q':
			o.v.crf = (int)strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || o.v.crf < 0 ||
			    o.v.crf > 51) {
				msg_warn("-q '%s': expected a CRF of 0 to 51",
				    optarg);
				usage(MV_EXIT_USAGE);
			}
			break;
		case 'x':
			xflag = 1;
			break;
		case 'X':
			Xflag = 1;
			break;
		case 'S':
			o.v.subtitles = 0;
			break;
		case 't':
			o.xfade = strtod(optarg, &end);
			if (*optarg == '\0' || *end != '\0' || !(o.xfade >= 0) ||
			    o.xfade > 2) {
				msg_warn("-t '%s': expected a crossfade of 0 to 2 "
				    "seconds", optarg);
				usage(MV_EXIT_USAGE);
			}
			break;
		case 'd':
			dflag = optarg;
			break;
		case 'h':
			usage(MV_EXIT_OK);
			break;
		case 'o':
			oflag = optarg;
			break;
		case 'r':
			if (fps_of(optarg, &o.v.fps) < 0) {
				msg_warn("-r '%s': expected a frame rate of "
				    "24, 25, 30, 48, 50 or 60", optarg);
				usage(MV_EXIT_USAGE);
			}
			break;
		case 's':
			if (tool_size(optarg, &o.v.width, &o.v.height) < 0)
				usage(MV_EXIT_USAGE);
			o.sized = 's';
			break;
		case 'V':
			tool_version();
		default:
			tool_bad_option(ch, argv);
			usage(MV_EXIT_USAGE);
		}
	argc -= optind;
	argv += optind;
	if (argc > 1 || (gflag && argc > 0)) {
		msg_warn("too many operands");
		usage(MV_EXIT_USAGE);
	}
	if (Aflag + cflag + xflag + Xflag + (nflag != NULL) + (gflag != NULL) >
	    1) {
		msg_warn("-A, -c, -g, -n, -x and -X do not go together");
		usage(MV_EXIT_USAGE);
	}
	if ((Aflag || xflag || Xflag || nflag || gflag) && oflag != NULL) {
		msg_warn("-%c writes files beside the state, not a state: no -o",
		    Aflag ? 'A' : xflag ? 'x' : Xflag ? 'X' : nflag ? 'n' : 'g');
		usage(MV_EXIT_USAGE);
	}
	in = argc == 1 ? argv[0] : NULL;
	/* Read-along: burned in, each word lit as it is spoken. */
	if (Kflag && o.v.subtitles)
		o.v.subtitles = 2;
	atomic_init();
	atexit(illustrate_cleanup);
	if (gflag) {
		/* A segment needs only its request. */
		dir = asset_dir(dflag, NULL);
		if (asset_dir_check(dir, &err) < 0)
			msg_die("%s", err);
		render_one(dir, gflag);
		free(dir);
		return msg_close_stdout(MV_EXIT_OK);
	}
	step_clock_start(&clk);
	if (conf_tts(&tc, &err) < 0)
		msg_die("%s", err);
	/* Spoken here and now, clip by clip: espeak-ng or libflite. */
	espeak = strcmp(tc.provider, "espeak") == 0 ||
	    strcmp(tc.provider, "flite") == 0;
	use = jv_object();

	st = tool_read(in, 1);
	ctx = tool_need(st, in, "context", JV_KIND_OBJECT, "mv-analyze");
	prefs = tool_need(st, in, "preferences", JV_KIND_OBJECT,
	    "mv-analyze");
	segs = tool_need(st, in, "segments", JV_KIND_ARRAY, "mv-segment");
	dir = asset_dir(dflag, oflag);
	if (asset_dir_check(dir, &err) < 0)
		msg_die("%s", err);
	/* MV_TTS=none narrates nothing, as preferences.narration false. */
	on = jv_get_kind(jv_object_get(jv_copy(prefs),
	    jv_string("narration"))) != JV_KIND_FALSE &&
	    strcmp(tc.provider, "none") != 0;
	if (xflag || nflag) {
		char *sub = xasprintf("%s/narration", dir);

		/* Narration needs only the segments and preferences. */
		if (atomic_mkdirs(sub, &err) < 0)
			msg_die("%s", err);
		cast_init(&cast, &tc, ctx, prefs, xflag);
		if (xflag)
			export(&cast, segs, dir, on);
		else {
			if (!on)
				msg_die("'%s': %s: there is nothing to speak",
				    state_name(in), strcmp(tc.provider,
				    "none") == 0 ? "MV_TTS is none" :
				    "preferences.narration is false");
			speak_scene(&cast, segment_of(segs, scene, in), line,
			    dir, in);
		}
		cast_free(&cast);
		free(sub);
		free(dir);
		conf_free(&tc);
		jv_free(use);
		jv_free(ctx);
		jv_free(prefs);
		jv_free(segs);
		jv_free(st);
		return msg_close_stdout(MV_EXIT_OK);
	}
	story = tool_need(st, in, "story", JV_KIND_OBJECT, "mv-story");
	scenes = tool_need(st, in, "scenes", JV_KIND_ARRAY, "mv-design");
	if (!o.sized) {
		/* By default the video has the first picture's size. */
		char *first = image_of(scenes, 0, (int)json_num(jv_object_get(
		    jv_array_get(jv_copy(segs), 0), jv_string("scene")), 1),
		    dir, in);

		if (media_png_size(first, &o.v.width, &o.v.height) < 0 ||
		    o.v.width < 64 || o.v.height < 64 || o.v.width > 7680 ||
		    o.v.height > 7680 || o.v.width % 2 || o.v.height % 2)
			o.v.width = 1920, o.v.height = 1080;
		free(first);
	}
	o.v.fade = lround(o.xfade * o.v.fps);
	o.v.title_frames = (long)TITLE_SECONDS * o.v.fps;
	o.v.card_frames = (long)CARD_SECONDS * o.v.fps;
	vv = jv_object_get(jv_copy(prefs), jv_string("voice"));
	voice = espeak && tc.voice ? tc.voice : jv_get_kind(vv) ==
	    JV_KIND_STRING ? jv_string_value(vv) : "en-us";
	/* flite speaks English; another language is espeak-ng's. */
	spoken = tc.provider;
	if (strcmp(tc.provider, "flite") == 0 && tc.voice == NULL) {
		if (!speech_flite_speaks(voice))
			spoken = "espeak";
		else if (!flite_narrator_voice(voice))
			voice = FLITE_NARRATOR_VOICE;
	}
	wpm = wpm_of(prefs);
	memset(&sc, 0, sizeof sc);
	cast_init(&cast, &tc, ctx, prefs, !cflag && !Xflag && !Aflag);
	if (!cflag && !Xflag && !Aflag && on) {
		char *sub = xasprintf("%s/narration", dir);

		if (atomic_mkdirs(sub, &err) < 0)
			msg_die("%s", err);
		free(sub);
		if (strcmp(spoken, "flite") == 0)
			msg_note("narrating %d scenes with flite (%s, %d wpm)",
			    jv_array_length(jv_copy(segs)), voice, wpm);
		else if (espeak)
			msg_note("narrating %d scenes with espeak-ng (%s, %d "
			    "wpm)", jv_array_length(jv_copy(segs)), voice,
			    wpm);
		else {
			/* Every clip at once, up to MV_CONCURRENCY. */
			msg_note("narrating %d scenes with %s (%s, %s)",
			    jv_array_length(jv_copy(segs)), tc.provider,
			    tc.model ? tc.model : "-",
			    tc.voice ? tc.voice : "-");
			jv reqs = jv_array();

			jv_array_foreach(segs, j, seg) {
				(void)j;
				reqs = jv_array_concat(reqs,
				    scene_requests(&cast, seg));
				jv_free(seg);
			}
			http_init();
			provs = voice_all(&tc, reqs, prefs, dir, 0);
			jv_free(reqs);
		}
	}
	scenes_load(&sc, segs, scenes, &cast, dir, in, on,
	    !cflag && !Xflag && !Aflag && espeak);
	total = render_plan(&o.v, sc.clips, (size_t)sc.n);

	if (Xflag) {
		cards(&o.v, dir, ctx, story);
		jv_free(plan_segments(&o.v, &sc, dir));
		goto done;
	}
	/* The sound follows the same plan. */
	memset(&cp, 0, sizeof cp);
	cp.v = &o.v;
	cp.clips = sc.clips;
	cp.n = (size_t)sc.n;
	cp.total = total;
	cp.dir = dir;
	cp.music = o.music;
	cp.music_db = -14;
	cp.loudness = o.loudness;
	cp.peak = -1.5;
	if (o.music != NULL && access(o.music, R_OK) != 0)
		msg_die("'%s':", o.music);
	if (Aflag || !cflag) {
		progress_init(&pr, "mixing the sound", 5.0 * total / o.v.fps);
		if (render_audio(&cp, &pr, &err) < 0) {
			progress_done(&pr);
			msg_die("%s", err);
		}
		progress_done(&pr);
		if (Aflag)
			goto done;
	} else {
		jv want = render_audio_plan(&cp);
		char *path = xasprintf("%s/segments/audio.json", dir);
		jv have = load_json(path);

		if (!jv_equal(have, want))
			msg_die("'%s': out of date: mix the sound again (%s -A) "
			    "with the same settings", path, msg_prog());
		free(path);
	}
	if (!cflag) {
		/* The whole step at once: every segment, one after another
		 * (x264 keeps both cores busy). */
		cards(&o.v, dir, ctx, story);
		reqs = plan_segments(&o.v, &sc, dir);
		msg_note("rendering %.1f s of video at %dx%d, %d fps",
		    (double)total / o.v.fps, o.v.width, o.v.height, o.v.fps);
		progress_init(&pr, "rendering", (double)total);
		jv_array_foreach(reqs, j, req) {
			(void)j;
			if (render_segment(req, dir, &pr, &err) < 0) {
				progress_done(&pr);
				msg_die("%s", err);
			}
			jv_free(req);
		}
		progress_done(&pr);
		jv_free(reqs);
	}
	names = planned(&o.v, &sc, dir);

	/* The sidecar subtitles, the sound and the join. */
	video = xasprintf("%s/video.mp4", dir);
	srt = xasprintf("%s/video.srt", dir);
	vtt = xasprintf("%s/video.vtt", dir);
	media_subtitles(sc.clips, sc.texts, (size_t)sc.n, &srt_text, &vtt_text);
	if (atomic_open(&srt_file, srt, ".srt", &err) < 0)
		msg_die("%s", err);
	if (fputs(srt_text, srt_file.fp) == EOF) {
		err = xasprintf("'%s': %s", srt, strerror(errno));
		atomic_rollback(&srt_file);
		msg_die("%s", err);
	}
	if (atomic_detach(&srt_file, &err) < 0)
		msg_die("%s", err);
	tv = jv_object_get(jv_copy(story), jv_string("title"));
	mv = jv_object_get(jv_copy(ctx), jv_string("moral_lesson"));
	chapters = xmalloc((size_t)sc.n * sizeof *chapters);
	for (i = 0; i < sc.n; i++) {
		char *first = text_first_sentence(sc.texts[i]);
		char *c = text_clip(first, 60);

		chapters[i] = xasprintf("Scene %d: %s", sc.no[i], c);
		free(first);
		free(c);
	}
	cp.names = names;
	cp.title = jv_get_kind(tv) == JV_KIND_STRING ? jv_string_value(tv) :
	    NULL;
	{
		char *comment = xasprintf("The moral of the story: %s",
		    json_str(mv));

		cp.comment = comment;
		cp.chapters = (const char *const *)chapters;
		cp.out = video;
		if (render_join(&cp, &err) < 0)
			msg_die("%s", err);
		free(comment);
	}
	if (atomic_commit(&srt_file, &err) < 0 ||
	    atomic_write(vtt, vtt_text, strlen(vtt_text), &err) < 0)
		msg_die("%s", err);
	free(srt_text);
	free(vtt_text);
	if (stat(video, &sb) != 0)
		msg_die("'%s':", video);

	/* A contact sheet: the characters' sheets, then the scenes. */
	board = xasprintf("%s/storyboard.png", dir);
	storyboard(st, dir, &sc, cp.title, board);

	narr = jv_array();
	spans = jv_array();
	st_scenes = jv_object_get(jv_copy(st), jv_string("scenes"));
	for (i = 0; i < sc.n; i++) {
		jv e = JV_OBJECT(
		    jv_string("scene"), jv_number(sc.no[i]),
		    jv_string("audio"), sc.on ? jv_string(sc.clips[i].audio +
		    strlen(dir) + 1) : jv_null(),
		    jv_string("seconds"),
		    jv_number((double)(long)(sc.clips[i].seconds * 1000 + 0.5) /
		    1000),
		    jv_string("provider"), jv_string(sc.on ? spoken :
		    "none"),
		    jv_string("voice"), jv_string(espeak ? voice :
		    cast.narrator)), pv;

		/* A service's model; each line's record says the rest. */
		if (sc.on && !espeak)
			e = jv_object_set(e, jv_string("model"), tc.model ?
			    jv_string(tc.model) : jv_null());

		e = jv_object_set(e, jv_string("lines"), lines_record(&sc, i,
		    dir, espeak ? jv_null() : jv_get_kind(provs) ==
		    JV_KIND_ARRAY ? provs : jv_false(), &gl, &use));
		narr = jv_array_append(narr, e);
		/* What made the pictures, from their requests and records. */
		snprintf(name, sizeof name, "%02d", sc.no[i]);
		pv = cflag ? made_by(dir, "scenes", "png", name) :
		    jv_null();
		if (jv_get_kind(pv) == JV_KIND_OBJECT &&
		    jv_get_kind(st_scenes) == JV_KIND_ARRAY) {
			jv old = jv_array_get(jv_copy(st_scenes), i);

			if (jv_get_kind(old) == JV_KIND_OBJECT)
				st_scenes = jv_array_set(st_scenes, i,
				    jv_object_merge(old, pv));
			else {
				jv_free(old);
				jv_free(pv);
			}
		} else
			jv_free(pv);
		spans = jv_array_append(spans, JV_OBJECT(
		    jv_string("scene"), jv_number(sc.no[i]),
		    jv_string("start"), jv_number(sc.clips[i].start),
		    jv_string("end"), jv_number(sc.clips[i].end)));
	}
	if (jv_get_kind(st_scenes) == JV_KIND_ARRAY)
		st = jv_object_set(st, jv_string("scenes"), st_scenes);
	else
		jv_free(st_scenes);
	vid = JV_OBJECT(jv_string("path"), jv_string("video.mp4"),
	    jv_string("subtitles"), jv_string("video.srt"),
	    jv_string("webvtt"), jv_string("video.vtt"),
	    jv_string("duration"), jv_number((double)total / o.v.fps),
	    jv_string("width"), jv_number(o.v.width),
	    jv_string("height"), jv_number(o.v.height),
	    jv_string("fps"), jv_number(o.v.fps),
	    jv_string("bytes"), jv_number((double)sb.st_size),
	    jv_string("scenes"), spans);
	vid = jv_object_set(vid, jv_string("storyboard"),
	    jv_string("storyboard.png"));
	vid = jv_object_set(vid, jv_string("burned_subtitles"),
	    jv_bool(o.v.subtitles));
	vid = jv_object_set(vid, jv_string("crossfade"),
	    jv_number((double)o.v.fade / o.v.fps));
	vid = jv_object_set(vid, jv_string("encoder"), JV_OBJECT(
	    jv_string("codec"), jv_string("h264"),
	    jv_string("crf"), jv_number(o.v.crf),
	    jv_string("preset"), jv_string(o.v.preset)));
	vid = jv_object_set(vid, jv_string("audio"), JV_OBJECT(
	    jv_string("music"), o.music ? jv_string(o.music) : jv_null(),
	    jv_string("loudness"), jv_number(o.loudness),
	    jv_string("true_peak"), jv_number(cp.peak)));
	vid = jv_object_set(vid, jv_string("segments"), names);
	vid = jv_object_set(vid, jv_string("title_card"), JV_OBJECT(
	    jv_string("image"), jv_string("titlecard.png"),
	    jv_string("start"), jv_number(0),
	    jv_string("end"), jv_number((double)o.v.title_frames / o.v.fps)));
	vid = jv_object_set(vid, jv_string("end_card"), JV_OBJECT(
	    jv_string("image"), jv_string("endcard.png"),
	    jv_string("start"), jv_number((double)(total - o.v.card_frames) /
	    o.v.fps),
	    jv_string("end"), jv_number((double)total / o.v.fps)));
	msg_note("wrote '%s' (%.1f s)", video, (double)total / o.v.fps);
	st = jv_object_set(st, jv_string("narration"), narr);
	if (sc.on)
		st = cast_record(st, &cast);
	st = jv_object_set(st, jv_string("video"), vid);
	{
		jv extra = JV_OBJECT(jv_string("clips"),
		    jv_number(sc.on ? sc.n : 0));

		if (jv_object_length(jv_copy(use)) > 0)
			extra = jv_object_set(extra, jv_string("usage"),
			    jv_copy(use));
		st = state_log(st, &clk, sc.on ? tc.provider : "none",
		    sc.on && !espeak ? tc.model : NULL, extra);
	}
	tool_write(st, oflag);

	for (i = 0; i < sc.n; i++)
		free(chapters[i]);
	free(chapters);
	free(board);
	free(video);
	free(srt);
	free(vtt);
	jv_free(tv);
	jv_free(mv);
	st = jv_null();		/* tool_write took it */
done:
	scenes_free(&sc);
	cast_free(&cast);
	conf_free(&tc);
	jv_free(provs);
	jv_free(use);
	jv_free(vv);
	free(dir);
	jv_free(ctx);
	jv_free(prefs);
	jv_free(story);
	jv_free(segs);
	jv_free(scenes);
	jv_free(st);
	return msg_close_stdout(MV_EXIT_OK);
}
