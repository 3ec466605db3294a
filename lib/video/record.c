/*
 * record.c - the state's record of an assembled video.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/calls.h"
#include "core/conf.h"
#include "core/util.h"
#include "video/record.h"

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
		char *path = narration_line_path(dir, r), name[16];
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

/* Scene i's entry in "narration". */
static jv
narration_entry(const struct record *r, int i, int *gl, jv *use)
{
	const struct scenes *sc = r->sc;
	int on = sc->on, offline = r->offline;
	jv e = JV_OBJECT(
	    jv_string("scene"), jv_number(sc->no[i]),
	    jv_string("audio"), on ? jv_string(sc->clips[i].audio +
	    strlen(r->dir) + 1) : jv_null(),
	    jv_string("seconds"),
	    jv_number((double)(long)(sc->clips[i].seconds * 1000 + 0.5) /
	    1000),
	    jv_string("provider"), jv_string(on ? r->spoken : "none"),
	    jv_string("voice"), jv_string(offline ? r->voice :
	    r->cast->narrator));

	/* A service's model; each line's record says the rest. */
	if (on && !offline)
		e = jv_object_set(e, jv_string("model"), r->tc->model ?
		    jv_string(r->tc->model) : jv_null());
	return jv_object_set(e, jv_string("lines"), lines_record(sc, i,
	    r->dir, offline ? jv_null() : jv_get_kind(r->provs) ==
	    JV_KIND_ARRAY ? r->provs : jv_false(), gl, use));
}

/* What made the pictures, from their requests and records, into the
 * scenes st_scenes (consumed; returned). */
static jv
pictures_record(const struct record *r, jv st_scenes)
{
	char name[16];
	int i;

	for (i = 0; i < r->sc->n && jv_get_kind(st_scenes) ==
	    JV_KIND_ARRAY; i++) {
		jv pv, old;

		snprintf(name, sizeof name, "%02d", r->sc->no[i]);
		pv = made_by(r->dir, "scenes", "png", name);
		old = jv_get_kind(pv) == JV_KIND_OBJECT ? jv_array_get(
		    jv_copy(st_scenes), i) : jv_null();
		if (jv_get_kind(old) == JV_KIND_OBJECT)
			st_scenes = jv_array_set(st_scenes, i,
			    jv_object_merge(old, pv));
		else {
			jv_free(old);
			jv_free(pv);
		}
	}
	return st_scenes;
}

/* The spans of the scenes in the video, in seconds. */
static jv
spans_record(const struct scenes *sc)
{
	jv spans = jv_array();
	int i;

	for (i = 0; i < sc->n; i++)
		spans = jv_array_append(spans, JV_OBJECT(
		    jv_string("scene"), jv_number(sc->no[i]),
		    jv_string("start"), jv_number(sc->clips[i].start),
		    jv_string("end"), jv_number(sc->clips[i].end)));
	return spans;
}

/* "video". */
static jv
video_record(const struct record *r)
{
	const struct video *v = r->cp->v;
	double fps = v->fps, total = (double)r->total;
	jv vid = JV_OBJECT(jv_string("path"), jv_string("video.mp4"),
	    jv_string("subtitles"), jv_string("video.srt"),
	    jv_string("webvtt"), jv_string("video.vtt"),
	    jv_string("duration"), jv_number(total / fps),
	    jv_string("width"), jv_number(v->width),
	    jv_string("height"), jv_number(v->height),
	    jv_string("fps"), jv_number(v->fps),
	    jv_string("bytes"), jv_number((double)r->bytes),
	    jv_string("scenes"), spans_record(r->sc));

	vid = jv_object_set(vid, jv_string("storyboard"),
	    jv_string("storyboard.png"));
	vid = jv_object_set(vid, jv_string("burned_subtitles"),
	    jv_bool(v->subtitles));
	vid = jv_object_set(vid, jv_string("crossfade"),
	    jv_number((double)v->fade / fps));
	vid = jv_object_set(vid, jv_string("encoder"), JV_OBJECT(
	    jv_string("codec"), jv_string("h264"),
	    jv_string("crf"), jv_number(v->crf),
	    jv_string("preset"), jv_string(v->preset)));
	vid = jv_object_set(vid, jv_string("audio"), JV_OBJECT(
	    jv_string("music"), r->cp->music ? jv_string(r->cp->music) :
	    jv_null(),
	    jv_string("loudness"), jv_number(r->cp->loudness),
	    jv_string("true_peak"), jv_number(r->cp->peak)));
	vid = jv_object_set(vid, jv_string("segments"), jv_copy(r->names));
	vid = jv_object_set(vid, jv_string("title_card"), JV_OBJECT(
	    jv_string("image"), jv_string("titlecard.png"),
	    jv_string("start"), jv_number(0),
	    jv_string("end"), jv_number((double)v->title_frames / fps)));
	return jv_object_set(vid, jv_string("end_card"), JV_OBJECT(
	    jv_string("image"), jv_string("endcard.png"),
	    jv_string("start"), jv_number((double)(r->total -
	    v->card_frames) / fps),
	    jv_string("end"), jv_number(total / fps)));
}

jv
record_state(jv st, const struct record *r)
{
	jv narr = jv_array(), use = jv_object(), extra;
	int i, gl = 0, on = r->sc->on;

	for (i = 0; i < r->sc->n; i++)
		narr = jv_array_append(narr, narration_entry(r, i, &gl, &use));
	if (r->made) {
		jv s = pictures_record(r, jv_object_get(jv_copy(st),
		    jv_string("scenes")));

		if (jv_get_kind(s) == JV_KIND_ARRAY)
			st = jv_object_set(st, jv_string("scenes"), s);
		else
			jv_free(s);
	}
	st = jv_object_set(st, jv_string("narration"), narr);
	if (on)
		st = cast_record(st, r->cast);
	st = jv_object_set(st, jv_string("video"), video_record(r));
	extra = JV_OBJECT(jv_string("clips"), jv_number(on ? r->sc->n : 0));
	if (jv_object_length(jv_copy(use)) > 0)
		extra = jv_object_set(extra, jv_string("usage"), jv_copy(use));
	jv_free(use);
	return state_log(st, r->clk, on ? r->tc->provider : "none",
	    on && !r->offline ? r->tc->model : NULL, extra);
}
