/*
 * narration.c - who speaks each line of a scene, its request, its clip
 * spoken offline or by a service, and a scene's lines joined into its clip.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/atomic.h"
#include "core/calls.h"
#include "video/cast.h"
#include "core/conf.h"
#include "offline/flite.h"
#include "core/http.h"
#include "core/json.h"
#include "story/lines.h"
#include "media/media.h"
#include "core/msg.h"
#include "offline/narrate.h"
#include "video/narration.h"
#include "services/speech.h"
#include "core/state.h"
#include "core/util.h"
#include "media/words.h"

/* Seconds of silence between two lines of a scene. */
#define LINE_PAUSE 0.3

/* The cast of ctx with provider c; with tell, a note for each voice a
 * brief names that the provider lacks. */
void
narration_cast_init(struct cast_of *k, const struct conf *c, jv ctx, jv prefs,
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

void
narration_cast_free(struct cast_of *k)
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
void
narration_export(const struct cast_of *k, jv segs, const char *dir, int on)
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

/* Speaks each line request of reqs (borrowed) offline, in order, into
 * its clip under dir. */
static void
speak_lines(jv reqs, const char *dir)
{
	jv_array_foreach(reqs, i, r) {
		char *path = line_path(dir, r);

		(void)i;
		speak(r, path);
		free(path);
		jv_free(r);
	}
}

/*
 * -n: speaks line (1-based) of seg (consumed), or with line 0 every line
 * of it, then joins them into the scene's clip.
 */
void
narration_speak_scene(const struct cast_of *k, jv seg, int line, const char *dir,
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
		speak_lines(one, dir);
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

char *
narration_line_path(const char *dir, jv req)
{
	return line_path(dir, req);
}

int
narration_wpm(jv prefs)
{
	return wpm_of(prefs);
}

jv
narration_voice_all(const struct cast_of *k, jv segs, const char *dir)
{
	jv reqs = jv_array(), provs;

	jv_array_foreach(segs, j, seg) {
		(void)j;
		reqs = jv_array_concat(reqs, scene_requests(k, seg));
		jv_free(seg);
	}
	http_init();
	provs = voice_all(k->c, reqs, k->prefs, dir, 0);
	jv_free(reqs);
	return provs;
}

jv
narration_scene(const struct cast_of *k, jv seg, int no, const char *text,
    const char *dir, int speak_them, struct clip *clip, double **onsets,
    char **wav)
{
	jv reqs = scene_requests(k, seg);
	char *err;

	if (speak_them)
		speak_lines(reqs, dir);
	*onsets = join_lines(dir, no, reqs, wpm_of(k->prefs),
	    &clip->nonsets);
	clip->onsets = *onsets;
	*wav = xasprintf("%s/narration/%02d.wav", dir, no);
	if (clip_measure(*wav, text, wpm_of(k->prefs), &clip->seconds,
	    &err) < 0)
		msg_die("scene %d: %s (make it again: remove it and resume)",
		    no, err);
	clip->audio = *wav;
	return reqs;
}

void
narration_engine(const struct conf *c, jv prefs, char **voice,
    const char **spoken)
{
	jv vv = jv_object_get(jv_copy(prefs), jv_string("voice"));
	int offline = strcmp(c->provider, "espeak") == 0 ||
	    strcmp(c->provider, "flite") == 0;

	*voice = xstrdup(offline && c->voice ? c->voice : jv_get_kind(vv) ==
	    JV_KIND_STRING ? jv_string_value(vv) : "en-us");
	/* flite speaks English; another language is espeak-ng's. */
	*spoken = c->provider;
	if (strcmp(c->provider, "flite") == 0 && c->voice == NULL) {
		if (!speech_flite_speaks(*voice))
			*spoken = "espeak";
		else if (!flite_narrator_voice(*voice)) {
			free(*voice);
			*voice = xstrdup(FLITE_NARRATOR_VOICE);
		}
	}
	jv_free(vv);
}
