/*
 * narration.c - who speaks each line of a scene, its request, its clip
 * spoken offline or by a service, and a scene's lines joined into its clip.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/atomic.h"
#include "core/calls.h"
#include "core/conf.h"
#include "core/http.h"
#include "core/json.h"
#include "core/msg.h"
#include "core/state.h"
#include "core/util.h"
#include "media/media.h"
#include "media/words.h"
#include "offline/flite.h"
#include "offline/narrate.h"
#include "services/speech.h"
#include "story/lines.h"
#include "video/cast.h"
#include "video/narration.h"

/* Seconds of silence between two lines of a scene. */
#define LINE_PAUSE 0.3

jv
narration_cast_init(struct cast_of *k, const struct conf *c, jv ctx, jv prefs)
{
	jv notes;

	k->c = c;
	k->prefs = prefs;
	k->chars = jv_object_get(jv_copy(ctx), jv_string("characters"));
	k->narrator = cast_narrator(c, prefs);
	k->voices = cast_brief(c, prefs, k->chars, k->narrator, &notes);
	return notes;
}

void
narration_cast_free(struct cast_of *k)
{
	jv_free(k->chars);
	jv_free(k->voices);
	free(k->narrator);
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
	jv lines = lines_of_scene(seg, k->chars), out = jv_array();

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

/* Removes the file beside path named path and suffix, if there is one.
 * Returns 0, or -1 with *err. */
static int
unlink_beside(const char *path, const char *suffix, char **err)
{
	char *side = xasprintf("%s%s", path, suffix);
	int rc = atomic_remove(side, err);

	free(side);
	return rc;
}

/* Speaks the line req (borrowed) offline into path; logs the call.
 * Returns 0, or -1 with *err. */
static int
speak(jv req, const char *path, char **err)
{
	int no = (int)json_num(jv_object_get(jv_copy(req), jv_string("scene")),
	    0), rc = 0;
	jv pv = jv_object_get(jv_copy(req), jv_string("provider"));
	char *why;

	/* A service's provenance of an earlier clip no longer holds, nor
	 * flite's word times (flite writes them anew). */
	if (unlink_beside(path, ".json", err) < 0 ||
	    unlink_beside(path, ".words.json", err) < 0)
		rc = -1;
	/* A call is logged once its result is safely in place. */
	else if (calls_offline("tts", no, &why) < 0 ||
	    narrate_request(req, path, &why) < 0 ||
	    calls_log("tts", no, json_str(pv), req, &why) < 0) {
		*err = xasprintf("scene %d: %s", no, why);
		free(why);
		rc = -1;
	}
	jv_free(pv);
	return rc;
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
 * Refuses each clip made of jobs (paths: two a job) whose length does not
 * fit its text at wpm: a reply of ten minutes for a ten-second scene, or
 * of a tenth of a second, with its figures. Returns how many it refused.
 */
static size_t
voice_measure(struct speech_job *jobs, char **paths, size_t n, int wpm)
{
	size_t i, bad = 0;

	for (i = 0; i < n; i++) {
		jv text = jv_object_get(jv_copy(jobs[i].req),
		    jv_string("text"));
		double secs;

		if (jobs[i].err == NULL && jv_get_kind(text) ==
		    JV_KIND_STRING && clip_measure(paths[2 * i],
		    jv_string_value(text), wpm, &secs, &jobs[i].err) < 0) {
			unlink(paths[2 * i]);
			unlink(paths[2 * i + 1]);
			bad++;
		}
		jv_free(text);
	}
	return bad;
}

/*
 * Logs every call of jobs whose clip is in place, then fails with the
 * first failure (bad of them), else puts each clip's provenance in order
 * into *provs. Returns 0, or -1 with *err.
 */
static int
voice_result(const struct conf *c, struct speech_job *jobs, const int *no,
    size_t n, size_t bad, jv *provs, char **err)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (jobs[i].err == NULL && calls_log("tts", no[i],
		    c->provider, jobs[i].req, err) < 0)
			return -1;
	for (i = 0; i < n; i++)
		if (jobs[i].err != NULL) {
			char *what = xasprintf("scene %d", no[i]);

			*err = calls_failed(what, jobs[i].err, bad, "clips");
			free(what);
			return -1;
		}
	*provs = jv_array();
	for (i = 0; i < n; i++)
		*provs = jv_array_append(*provs, jv_copy(jobs[i].prov));
	return 0;
}

/*
 * Speaks the lines reqs (borrowed: line_request's) with the service c into
 * dir/narration, all at once up to MV_CONCURRENCY; with sidecars (-n),
 * each clip's provenance is written beside it first. Every call is
 * logged once its clip is in place, then the first failure ends the run.
 * Puts the provenance of each clip, in order, into *provs. Returns 0, or
 * -1 with *err.
 */
static int
voice_all(const struct conf *c, jv reqs, jv prefs, const char *dir,
    int sidecars, jv *provs, char **err)
{
	size_t n = (size_t)jv_array_length(jv_copy(reqs)), i;
	struct speech_job *jobs = xmalloc((n ? n : 1) * sizeof *jobs);
	char **paths = xmalloc((n ? n : 1) * 2 * sizeof *paths);
	int *no = xmalloc((n ? n : 1) * sizeof *no), rc = 0;

	for (i = 0; i < n; i++) {
		memset(&jobs[i], 0, sizeof jobs[i]);
		jobs[i].req = jv_array_get(jv_copy(reqs), (int)i);
		jobs[i].prov = jv_null();
		no[i] = (int)json_num(jv_object_get(jv_copy(jobs[i].req),
		    jv_string("scene")), (double)i + 1);
		paths[2 * i] = line_path(dir, jobs[i].req);
		paths[2 * i + 1] = xasprintf("%s.json", paths[2 * i]);
		jobs[i].path = paths[2 * i];
		jobs[i].sidecar = sidecars ? paths[2 * i + 1] : NULL;
	}
	/* No engine's word times: they come from the sound. */
	for (i = 0; i < n && rc == 0; i++)
		rc = unlink_beside(paths[2 * i], ".words.json", err);
	if (rc == 0) {
		size_t bad = speech_run(c, jobs, n);

		bad += voice_measure(jobs, paths, n, wpm_of(prefs));
		rc = voice_result(c, jobs, no, n, bad, provs, err);
	}
	for (i = 0; i < n; i++) {
		speech_job_release(&jobs[i]);
		jv_free(jobs[i].req);
		free(paths[2 * i]);
		free(paths[2 * i + 1]);
	}
	free(jobs);
	free(paths);
	free(no);
	return rc;
}

/* Scene no's line clips as they are read and joined. */
struct joining {
	unsigned char **parts;	/* each line's WAV */
	size_t *lens;
	double *on;		/* where each word begins (words.h) */
	size_t nw;
	double at;		/* where the next line begins */
};

/*
 * Line li (0-based; its request r, borrowed) of scene no into j: its clip
 * read and checked, its length against its words at wpm, and where its
 * words begin. Returns 0, or -1 with *err.
 */
static int
join_line(struct joining *j, const char *dir, int no, int li, jv r, int wpm,
    char **err)
{
	jv t = jv_object_get(jv_copy(r), jv_string("text")), times;
	char *path = line_path(dir, r), *why = NULL, *wp;
	double secs = -1, *w;
	unsigned rate;
	size_t m, k;

	if (read_all(path, 256u << 20, (char **)&j->parts[li], &j->lens[li],
	    &why) < 0)
		*err = xasprintf("'%s': %s (make it with %s -n %d-%d)", path,
		    why, msg_prog(), no, li + 1);
	else if ((secs = media_wav_check(j->parts[li], j->lens[li],
	    &why)) < 0)
		*err = xasprintf("scene %d: '%s': %s (make it again: remove it "
		    "and resume)", no, path, why);
	/* A line's length against its words, before it is joined. */
	else if (media_clip_check(path, secs, json_str(t), wpm, &why) < 0) {
		*err = xasprintf("scene %d: %s (make it again: remove it and "
		    "resume)", no, why);
		secs = -1;
	}
	if (secs < 0) {
		free(why);
		free(path);
		jv_free(t);
		return -1;
	}
	/* The engine's word times, when it wrote them (flite). */
	wp = xasprintf("%s.words.json", path);
	times = access(wp, R_OK) == 0 ? state_read(wp) : jv_null();
	times = jv_get_kind(times) == JV_KIND_OBJECT ? jv_object_get(
	    times, jv_string("words")) : (jv_free(times), jv_null());
	free(wp);
	if (media_wav_pcm16(j->parts[li], j->lens[li], &rate, &m) == NULL)
		rate = 16000;	/* media_wav_lines says why */
	w = words_onsets(json_str(t), times, j->parts[li], j->lens[li], &m);
	j->on = xrealloc(j->on, (j->nw + m + 1) * sizeof *j->on);
	for (k = 0; k < m; k++)
		j->on[j->nw + k] = j->at + w[k];
	j->nw += m;
	/* media_wav_lines puts whole samples of silence between. */
	j->at += secs + floor(LINE_PAUSE * rate) / rate;
	free(w);
	free(path);
	jv_free(times);
	jv_free(t);
	return 0;
}

/*
 * The clip of scene no, dir/narration/NN.wav: the clips of its lines
 * (reqs, borrowed) joined with LINE_PAUSE between them, each at one
 * level (media_wav_lines), rewritten only when its bytes change; each
 * line's length is checked against its words at wpm first. Puts where
 * each word of the scene begins in it (words.h; *nw of them, malloc'd)
 * into *onsets. Returns 0, or -1 with *err.
 */
static int
join_lines(const char *dir, int no, jv reqs, int wpm, double **onsets,
    size_t *nw, char **err)
{
	int n = jv_array_length(jv_copy(reqs)), li, rc = 0;
	struct joining j = { NULL, NULL, NULL, 0, 0 };
	unsigned char *wav = NULL;
	char *path = NULL, *why;
	size_t len;

	j.parts = xmalloc((size_t)(n ? n : 1) * sizeof *j.parts);
	j.lens = xmalloc((size_t)(n ? n : 1) * sizeof *j.lens);
	for (li = 0; li < n; li++)
		j.parts[li] = NULL;
	for (li = 0; li < n && rc == 0; li++) {
		jv r = jv_array_get(jv_copy(reqs), li);

		rc = join_line(&j, dir, no, li, r, wpm, err);
		jv_free(r);
	}
	if (rc == 0 && (wav = media_wav_lines(j.parts, j.lens, (size_t)n,
	    LINE_PAUSE, &len, &why)) == NULL) {
		*err = xasprintf("scene %d: the lines do not join: %s", no,
		    why);
		free(why);
		rc = -1;
	}
	if (rc == 0) {
		path = xasprintf("%s/narration/%02d.wav", dir, no);
		if (atomic_update(path, wav, len, err) < 0)
			rc = -1;
	}
	for (li = 0; li < n; li++)
		free(j.parts[li]);
	free(j.parts);
	free(j.lens);
	free(wav);
	free(path);
	if (rc < 0)
		free(j.on);
	else {
		*onsets = j.on;
		*nw = j.nw;
	}
	return rc;
}

/*
 * -x: one request file per line, narration/NN-LL.json, rewritten only
 * when its content changes, and narration/index (empty without
 * narration).
 */
int
narration_export(const struct cast_of *k, jv segs, const char *dir, int on,
    char **err)
{
	jv reqs = jv_array();

	jv_array_foreach(segs, i, seg) {
		(void)i;
		if (on)
			reqs = jv_array_concat(reqs, scene_requests(k, seg));
		jv_free(seg);
	}
	return state_export(reqs, dir, "narration", err);
}

/* Speaks each line request of reqs (borrowed) offline, in order, into
 * its clip under dir. Returns 0, or -1 with *err. */
static int
speak_lines(jv reqs, const char *dir, char **err)
{
	int rc = 0;

	jv_array_foreach(reqs, i, r) {
		char *path = line_path(dir, r);

		(void)i;
		if (rc == 0)
			rc = speak(r, path, err);
		free(path);
		jv_free(r);
	}
	return rc;
}

/* Speaks the line requests reqs (borrowed) with k's provider: offline,
 * or from its service with each clip's provenance beside it. */
static int
speak_some(const struct cast_of *k, jv reqs, const char *dir, char **err)
{
	jv provs;

	if (strcmp(k->c->provider, "espeak") == 0 ||
	    strcmp(k->c->provider, "flite") == 0)
		return speak_lines(reqs, dir, err);
	http_init();
	if (voice_all(k->c, reqs, k->prefs, dir, 1, &provs, err) < 0)
		return -1;
	jv_free(provs);
	return 0;
}

/*
 * -n: speaks line (1-based) of seg (consumed), or with line 0 every line
 * of it, then joins them into the scene's clip.
 */
int
narration_speak_scene(const struct cast_of *k, jv seg, int line,
    const char *dir, const char *in, char **err)
{
	jv reqs = scene_requests(k, seg), one;
	int n = jv_array_length(jv_copy(reqs)), no = (int)json_num(
	    jv_object_get(jv_copy(seg), jv_string("scene")), 0), rc;
	double *on = NULL;
	size_t nw;

	jv_free(seg);
	if (line > n) {
		*err = xasprintf("'%s': scene %d has %d line%s, not %d",
		    state_name(in), no, n, n == 1 ? "" : "s", line);
		jv_free(reqs);
		return -1;
	}
	one = line > 0 ? JV_ARRAY(jv_array_get(jv_copy(reqs), line - 1)) :
	    jv_copy(reqs);
	rc = speak_some(k, one, dir, err);
	if (rc == 0 && line == 0)
		rc = join_lines(dir, no, reqs, wpm_of(k->prefs), &on, &nw,
		    err);
	free(on);
	jv_free(one);
	jv_free(reqs);
	return rc;
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

int
narration_voice_all(const struct cast_of *k, jv segs, const char *dir,
    jv *provs, char **err)
{
	jv reqs = jv_array();
	int rc;

	jv_array_foreach(segs, j, seg) {
		(void)j;
		reqs = jv_array_concat(reqs, scene_requests(k, seg));
		jv_free(seg);
	}
	http_init();
	rc = voice_all(k->c, reqs, k->prefs, dir, 0, provs, err);
	jv_free(reqs);
	return rc;
}

jv
narration_scene(const struct cast_of *k, jv seg, int no, const char *text,
    const char *dir, int speak_them, struct clip *clip, double **onsets,
    char **wav, char **err)
{
	jv reqs = scene_requests(k, seg);
	char *why;

	*onsets = NULL;
	*wav = NULL;
	if ((speak_them && speak_lines(reqs, dir, err) < 0) ||
	    join_lines(dir, no, reqs, wpm_of(k->prefs), onsets,
	    &clip->nonsets, err) < 0) {
		jv_free(reqs);
		return jv_invalid();
	}
	clip->onsets = *onsets;
	*wav = xasprintf("%s/narration/%02d.wav", dir, no);
	if (clip_measure(*wav, text, wpm_of(k->prefs), &clip->seconds,
	    &why) < 0) {
		*err = xasprintf("scene %d: %s (make it again: remove it and "
		    "resume)", no, why);
		free(why);
		free(*onsets);
		free(*wav);
		*onsets = NULL;
		*wav = NULL;
		clip->onsets = NULL;
		jv_free(reqs);
		return jv_invalid();
	}
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
