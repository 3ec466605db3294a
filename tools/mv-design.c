/*
 * mv-design - design the characters and draw a picture for every scene.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/asset.h"
#include "core/atomic.h"
#include "core/calls.h"
#include "core/conf.h"
#include "story/design.h"
#include "core/http.h"
#include "offline/illustrate.h"
#include "services/image.h"
#include "core/msg.h"
#include "core/safety.h"
#include "story/sheet.h"
#include "core/state.h"
#include "story/textgen.h"
#include "core/tool.h"
#include "core/util.h"

/* Whether characters get reference sheets (MV_IMAGE_SHEETS). */
static int with_sheets;

/* o's (borrowed) key, or null when o is not an object. */
static jv
field(jv o, const char *key)
{
	return jv_get_kind(o) == JV_KIND_OBJECT ? jv_object_get(jv_copy(o),
	    jv_string(key)) : jv_null();
}

/* The looks of the characters of chars (borrowed) that seg (borrowed)
 * names: an array of strings. */
static jv
looks_of(jv seg, jv chars)
{
	jv cast = sheet_cast(seg, chars), out = jv_array();

	jv_array_foreach(cast, i, ch) {
		jv l = field(ch, "look");

		(void)i;
		if (jv_get_kind(l) == JV_KIND_STRING)
			out = jv_array_append(out, l);
		else
			jv_free(l);
		jv_free(ch);
	}
	jv_free(cast);
	return out;
}

/*
 * segs (consumed) with each segment's take: the number in
 * dir/scenes/NN.take when there is one (a redo wrote it, mv(7)), which
 * design_request turns into another seed. Exits on a bad take file.
 */
static jv
with_takes(jv segs, const char *dir)
{
	jv out = jv_array();

	jv_array_foreach(segs, i, seg) {
		int no = (int)json_num(jv_object_get(jv_copy(seg),
		    jv_string("scene")), i + 1), take;
		char *p = xasprintf("%s/scenes/%02d.take", dir, no), *buf, *err;
		char *end;
		size_t len;

		if (access(p, F_OK) == 0) {
			if (read_all(p, 64, &buf, &len, &err) < 0)
				msg_die("'%s': %s", p, err);
			take = (int)strtol(buf, &end, 10);
			if (end == buf || (*end != '\0' && *end != '\n') ||
			    take < 1 || take > 9999)
				msg_die("'%s': expected a take number, 1 to "
				    "9999", p);
			if (take > 1)
				seg = jv_object_set(seg, jv_string("take"),
				    jv_number(take));
			free(buf);
		}
		out = jv_array_append(out, seg);
		free(p);
	}
	jv_free(segs);
	return out;
}

/*
 * The request for the picture of seg (borrowed), or exit. A service is
 * given the prompt planned for the scene (planned, the scenes of -p,
 * borrowed; null: design_prompt's).
 */
static jv
request(const struct conf *c, jv seg, jv chars, jv prefs, jv planned, int w,
    int h)
{
	jv req = design_request(seg, chars, prefs, w, h, c->provider);

	if (strcmp(c->provider, "offline") != 0 &&
	    jv_get_kind(planned) == JV_KIND_ARRAY) {
		jv no = jv_object_get(jv_copy(seg), jv_string("scene"));

		jv_array_foreach(planned, i, sc) {
			jv n = field(sc, "scene"), p = field(sc, "prompt");

			(void)i;
			if (jv_equal(n, jv_copy(no)) &&
			    jv_get_kind(p) == JV_KIND_STRING)
				req = jv_object_set(req, jv_string("prompt"),
				    jv_copy(p));
			jv_free(p);
			jv_free(sc);
		}
		jv_free(no);
	}
	/* The looks of the characters in the scene, which a prompt that
	 * must be shortened keeps whole (image_request drops them). */
	if (strcmp(c->provider, "offline") != 0) {
		jv refs = with_sheets ? sheet_refs(seg, chars) : jv_array();

		req = jv_object_set(req, jv_string("looks"),
		    looks_of(seg, chars));
		if (jv_array_length(jv_copy(refs)) > 0)
			req = jv_object_set(req, jv_string("references"),
			    refs);
		else
			jv_free(refs);
	}
	req = image_request(req, c);
	if (!jv_is_valid(req))
		msg_die("%s", json_msg(req));
	return req;
}

/* Draws scene seg (borrowed) offline into dir; logs the call. */
static void
draw(const struct conf *c, jv seg, jv chars, jv prefs, const char *dir,
    int w, int h)
{
	int no = (int)json_num(jv_object_get(jv_copy(seg), jv_string("scene")),
	    0);
	jv req = request(c, seg, chars, prefs, jv_null(), w, h);
	char *path = xasprintf("%s/scenes/%02d.png", dir, no), *err;
	char *side = xasprintf("%s.json", path);

	/* A service's provenance of an earlier picture no longer holds. */
	if (unlink(side) != 0 && errno != ENOENT)
		msg_die("'%s':", side);
	/* A call is logged once its result is safely in place. */
	if (calls_offline("image", no, &err) < 0 ||
	    design_render(req, path, &err) < 0 ||
	    calls_log("image", no, c->provider, req, &err) < 0)
		msg_die("scene %d: %s", no, err);
	jv_free(req);
	free(path);
	free(side);
}

/* Pictures for a service to make at once, and what names each. */
struct batch {
	struct image_job *jobs;
	char **what;	/* the job's name in messages: "scene 3" */
	char **tag;	/* in the call log: "3", "pip" */
	size_t n;
};

/*
 * Adds to b the picture req (consumed) asks for, written to path (and
 * its provenance first to path.json, with sidecar), its references
 * under dir; what and tag are taken (malloc'd).
 */
static void
batch_add(struct batch *b, jv req, const char *path, int sidecar,
    const char *dir, char *what, char *tag)
{
	struct image_job *j;

	b->jobs = xrealloc(b->jobs, (b->n + 1) * sizeof *b->jobs);
	b->what = xrealloc(b->what, (b->n + 1) * sizeof *b->what);
	b->tag = xrealloc(b->tag, (b->n + 1) * sizeof *b->tag);
	j = &b->jobs[b->n];
	memset(j, 0, sizeof *j);
	j->req = req;
	j->path = xstrdup(path);
	j->sidecar = sidecar ? xasprintf("%s.json", path) : NULL;
	j->dir = dir;
	b->what[b->n] = what;
	b->tag[b->n] = tag;
	b->n++;
}

/*
 * Makes the pictures of b with the service c, all at once up to
 * MV_CONCURRENCY. Every call is logged as step and its tag once its
 * picture is in place, then the first failure ends the run. Returns the
 * provenance of each picture, in order; b is emptied.
 */
static jv
batch_run(const struct conf *c, struct batch *b, const char *step)
{
	size_t i, bad = image_run(c, b->jobs, b->n);
	jv provs = jv_array(), warnings;
	char *err;

	for (i = 0; i < b->n; i++)
		if (b->jobs[i].err == NULL && calls_log_as(step, b->tag[i],
		    c->provider, b->jobs[i].req, &err) < 0)
			msg_die("%s", err);
	for (i = 0; i < b->n; i++) {
		struct image_job *j = &b->jobs[i];

		if (j->err != NULL) {
			if (bad > 1)
				msg_die("%s: %s (and %zu more pictures "
				    "failed)", b->what[i], j->err, bad - 1);
			msg_die("%s: %s", b->what[i], j->err);
		}
		warnings = jv_object_get(jv_copy(j->prov),
		    jv_string("warnings"));
		if (jv_get_kind(warnings) == JV_KIND_ARRAY)
			jv_array_foreach(warnings, k, w) {
				(void)k;
				msg_warn("%s: %s", b->what[i], json_str(w));
				jv_free(w);
			}
		jv_free(warnings);
		provs = jv_array_append(provs, jv_copy(j->prov));
		image_job_release(j);
		jv_free(j->req);
		free((char *)j->path);
		free((char *)j->sidecar);
		free(b->what[i]);
		free(b->tag[i]);
	}
	free(b->jobs);
	free(b->what);
	free(b->tag);
	memset(b, 0, sizeof *b);
	return provs;
}

/*
 * Makes the pictures of the segments segs (borrowed) with the service c;
 * with sidecars (-n), each picture's provenance is written beside it
 * first. Returns the provenance of each picture, in order.
 */
static jv
paint(const struct conf *c, jv segs, jv chars, jv prefs, jv planned,
    const char *dir, int w, int h, int sidecars)
{
	struct batch b = { 0 };
	char *path;

	jv_array_foreach(segs, i, seg) {
		int no = (int)json_num(jv_object_get(jv_copy(seg),
		    jv_string("scene")), (double)i + 1);

		path = xasprintf("%s/scenes/%02d.png", dir, no);
		batch_add(&b, request(c, seg, chars, prefs, planned, w, h),
		    path, sidecars, dir, xasprintf("scene %d", no),
		    xasprintf("%d", no));
		free(path);
		jv_free(seg);
	}
	return batch_run(c, &b, "image");
}

/* The request for the sheet of ch (borrowed, like chars and prefs), or
 * exit. The brief's own picture needs no provider. */
static jv
sheet_req(const struct conf *c, jv ch, jv chars, jv prefs)
{
	jv req = sheet_request(ch, chars, prefs, c);
	jv src = jv_is_valid(req) ? jv_object_get(jv_copy(req),
	    jv_string("source")) : jv_null();

	if (jv_get_kind(src) == JV_KIND_STRING) {
		jv r = JV_OBJECT(jv_string("sheet"), jv_true(),
		    jv_string("name"), jv_object_get(jv_copy(req),
		    jv_string("name")),
		    jv_string("source"), jv_copy(src),
		    jv_string("source_hash"), jv_object_get(jv_copy(req),
		    jv_string("source_hash")));

		jv_free(req);
		req = r;
	} else if (jv_is_valid(req)) {
		/* Its look is never shortened to fit a model's prompt. */
		req = jv_object_set(req, jv_string("looks"), JV_ARRAY(
		    jv_object_get(jv_copy(ch), jv_string("look"))));
		req = image_request(req, c);
	}
	jv_free(src);
	if (!jv_is_valid(req)) {
		jv nm = jv_object_get(jv_copy(ch), jv_string("name"));

		msg_die("the sheet of %s: %s", json_str(nm), json_msg(req));
	}
	return req;
}

/*
 * Makes the sheets of chars (borrowed; only the one named only, when
 * that is not NULL) in dir/characters: the brief's own pictures copied
 * (checked), the others drawn offline or made by the service c at once.
 */
static void
sheets(const struct conf *c, jv chars, jv prefs, const char *dir,
    const char *only)
{
	struct batch b = { 0 };
	char *err;
	int found = 0;

	jv_array_foreach(chars, k, ch) {
		jv sh = jv_object_get(jv_copy(ch), jv_string("sheet"));
		jv nm = jv_object_get(jv_copy(ch), jv_string("name"));
		char *path = xasprintf("%s/characters/%s.png", dir,
		    json_str(sh)), *side = xasprintf("%s.json", path);
		jv req, src;

		(void)k;
		if (only != NULL && strcmp(json_str(sh), only) != 0)
			goto next;
		found = 1;
		req = sheet_req(c, ch, chars, prefs);
		src = jv_object_get(jv_copy(req), jv_string("source"));
		if (jv_get_kind(src) != JV_KIND_STRING &&
		    strcmp(c->provider, "offline") != 0) {
			batch_add(&b, req, path, 1, dir, xasprintf("the sheet "
			    "of %s", json_str(nm)), xstrdup(json_str(sh)));
			jv_free(src);
			goto next;
		}
		/* The brief's own picture, or the offline drawing: a
		 * service's provenance of an earlier sheet no longer holds. */
		if (unlink(side) != 0 && errno != ENOENT)
			msg_die("'%s':", side);
		if (jv_get_kind(src) == JV_KIND_STRING ? image_keep_file(
		    json_str(src), path, "reference_image", &err) < 0 :
		    calls_offline("sheet", 0, &err) < 0 ||
		    design_render(req, path, &err) < 0 ||
		    calls_log_as("sheet", json_str(sh), c->provider, req,
		    &err) < 0)
			msg_die("the sheet of %s: %s", json_str(nm), err);
		jv_free(src);
		jv_free(req);
next:
		free(path);
		free(side);
		jv_free(sh);
		jv_free(nm);
		jv_free(ch);
	}
	if (only != NULL && !found)
		msg_die("characters: no sheet '%s'", only);
	jv_free(batch_run(c, &b, "sheet"));
}

/*
 * -x, the sheets: one request file each, characters/NAME.json (and
 * characters/index), and scenes/sheets.mk, the sheets each scene's
 * picture is made with, as make prerequisites.
 */
static void
export_sheets(const struct conf *c, jv segs, jv chars, jv prefs,
    const char *dir)
{
	jv reqs = jv_array(), names = jv_array();
	struct buf mk = { 0 };
	char *path, *err;

	jv_array_foreach(chars, i, ch) {
		(void)i;
		if (with_sheets) {
			reqs = jv_array_append(reqs, sheet_req(c, ch, chars,
			    prefs));
			names = jv_array_append(names, jv_object_get(jv_copy(ch),
			    jv_string("sheet")));
		}
		jv_free(ch);
	}
	if (state_export_named(reqs, names, dir, "characters", &err) < 0)
		msg_die("%s", err);
	buf_add(&mk, "# The sheets each scene's picture is made with "
	    "(mv-design -x).\n");
	if (with_sheets && image_takes_references(c))
		jv_array_foreach(segs, i, seg) {
			jv refs = sheet_refs(seg, chars);

			if (jv_array_length(jv_copy(refs)) > 0) {
				buf_addf(&mk, "$(W)/scenes/%02d.png:", (int)
				    json_num(jv_object_get(jv_copy(seg),
				    jv_string("scene")), i + 1));
				jv_array_foreach(refs, k, r) {
					jv img = jv_object_get(r,
					    jv_string("image"));

					(void)k;
					buf_addf(&mk, " $(W)/%s", json_str(img));
					jv_free(img);
				}
				buf_add(&mk, "\n");
			}
			jv_free(refs);
			jv_free(seg);
		}
	path = xasprintf("%s/scenes/sheets.mk", dir);
	if (atomic_update(path, mk.s, mk.len, &err) < 0)
		msg_die("%s", err);
	free(path);
	free(buf_take(&mk));
}

/*
 * -x: one request file per scene, scenes/NN.json, rewritten only when
 * its content changes, and scenes/index, the list of scene numbers.
 */
static void
export(const struct conf *c, jv segs, jv chars, jv prefs, jv planned,
    const char *dir, int w, int h)
{
	jv reqs = jv_array();
	char *err;

	jv_array_foreach(segs, i, seg) {
		(void)i;
		reqs = jv_array_append(reqs, request(c, seg, chars, prefs,
		    planned, w, h));
		jv_free(seg);
	}
	if (state_export(reqs, dir, "scenes", &err) < 0)
		msg_die("%s", err);
}

/*
 * The model's prompts (an array of strings, one a segment of segs, both
 * borrowed) as the scenes a -p run plans: [{"scene", "prompt"}].
 */
static jv
planned_of(jv segs, jv prompts)
{
	jv out = jv_array();

	jv_array_foreach(segs, i, seg) {
		jv p = jv_array_get(jv_copy(prompts), i);

		out = jv_array_append(out, JV_OBJECT(jv_string("scene"),
		    jv_object_get(seg, jv_string("scene")), jv_string("prompt"),
		    jv_get_kind(p) == JV_KIND_STRING ? p : (jv_free(p),
		    jv_null())));
	}
	return out;
}

/* The prompt planned for scene no in planned (borrowed), or jv_null(). */
static jv
planned_prompt(jv planned, int no)
{
	jv out = jv_null();

	if (jv_get_kind(planned) != JV_KIND_ARRAY)
		return out;
	jv_array_foreach(planned, i, sc) {
		(void)i;
		if (jv_get_kind(out) == JV_KIND_NULL &&
		    json_num(jv_object_get(jv_copy(sc), jv_string("scene")),
		    0) ==
		    no) {
			jv p = jv_object_get(jv_copy(sc), jv_string("prompt"));

			if (jv_get_kind(p) == JV_KIND_STRING)
				out = p;
			else
				jv_free(p);
		}
		jv_free(sc);
	}
	return out;
}

/* What every mode of a run works from. */
struct run {
	struct conf ic;		/* the illustrator */
	struct conf lc;		/* the writer of the prompts */
	const char *in;		/* the state's file, or NULL: stdin */
	char *dir;		/* the asset folder */
	jv st, ctx, prefs, segs;
	jv chars;		/* the designed characters */
	jv planned;		/* the model's prompts: [{scene, prompt}] */
	int w, h, offline;
};

/* -n: the picture of scene no alone, with its provenance beside it. */
static void
one_scene(struct run *r, int no)
{
	jv seg = state_segment(r->segs, no);

	if (jv_get_kind(seg) != JV_KIND_OBJECT)
		msg_die("'%s': segments: no scene %d", state_name(r->in), no);
	if (r->offline)
		draw(&r->ic, seg, r->chars, r->prefs, r->dir, r->w, r->h);
	else {
		jv one = JV_ARRAY(jv_copy(seg));

		jv_free(paint(&r->ic, one, r->chars, r->prefs, r->planned,
		    r->dir, r->w, r->h, 1));
		jv_free(one);
	}
	jv_free(seg);
}

/*
 * The design: the characters' looks (and sheets) into r->chars and,
 * from a model, a prompt for every scene into r->planned. Returns what
 * the call was asked, for the call log.
 */
static jv
design(struct run *r, struct llm_usage *lu, struct safety **safe)
{
	jv req = JV_OBJECT(jv_string("characters"), jv_object_get(
	    jv_copy(r->ctx), jv_string("characters")),
	    jv_string("preferences"), jv_copy(r->prefs),
	    jv_string("segments"), jv_copy(r->segs));
	jv given;
	char *err;

	r->chars = design_characters(r->ctx, r->prefs);
	/* A type the illustrator has no drawing of is said once. */
	jv_array_foreach(r->chars, i, ch) {
		jv note = jv_object_get(ch, jv_string("kind_note"));

		(void)i;
		if (jv_get_kind(note) == JV_KIND_STRING)
			msg_warn("%s", jv_string_value(note));
		jv_free(note);
	}
	if (strcmp(r->lc.provider, "offline") == 0) {
		if (calls_offline("design", 0, &err) < 0)
			msg_die("%s", err);
	} else {
		/* The model describes each character once and writes a
		 * picture prompt for every scene. */
		jv d, prompts;

		if (safety_open(safe, &err) < 0 || textgen_design(&r->lc,
		    r->ctx, r->prefs, r->segs, r->chars, *safe, &d, lu,
		    &err) < 0)
			msg_die("%s", err);
		jv_free(r->chars);
		r->chars = jv_object_get(jv_copy(d), jv_string("characters"));
		prompts = jv_object_get(d, jv_string("prompts"));
		r->planned = planned_of(r->segs, prompts);
		jv_free(prompts);
	}
	given = jv_object_get(jv_copy(r->ctx), jv_string("characters"));
	if (with_sheets)
		r->chars = sheet_assign(r->chars, given);
	jv_free(given);
	return req;
}

/* What the scenes' pictures used and warned of, summed. */
struct made_sum {
	jv use, warned;
	int n;
};

/*
 * The state's entry of the picture of seg (borrowed), the i-th: drawn
 * now offline, or with prov (borrowed), a service's provenance, merged;
 * sums what it used into *sum. Unmade with pflag.
 */
static jv
scene_entry(struct run *r, jv seg, int i, jv prov, int pflag,
    struct made_sum *sum)
{
	int no = (int)json_num(jv_object_get(jv_copy(seg), jv_string("scene")),
	    i + 1), pw = r->w, ph = r->h;
	jv pp = planned_prompt(r->planned, no);
	jv sc = JV_OBJECT(jv_string("scene"), jv_number(no),
	    jv_string("prompt"), jv_get_kind(pp) == JV_KIND_STRING ? pp :
	    (jv_free(pp), design_prompt(seg, r->chars, r->prefs)),
	    jv_string("image"), jv_string_fmt("scenes/%02d.png", no),
	    jv_string("characters"), jv_object_get(jv_copy(seg),
	    jv_string("characters")),
	    jv_string("provider"), jv_string(r->ic.provider),
	    jv_string("model"), r->ic.model ? jv_string(r->ic.model) :
	    jv_null());
	jv pv, u, sz, ws;

	if (pflag)
		return sc;
	sum->n++;
	if (r->offline) {
		draw(&r->ic, seg, r->chars, r->prefs, r->dir, r->w, r->h);
		sc = jv_object_set(sc, jv_string("width"), jv_number(pw));
		return jv_object_set(sc, jv_string("height"), jv_number(ph));
	}
	pv = jv_object_delete(jv_copy(prov), jv_string("request"));
	u = jv_object_get(jv_copy(pv), jv_string("usage"));
	sz = jv_object_get(jv_copy(pv), jv_string("size"));
	ws = jv_object_get(jv_copy(pv), jv_string("warnings"));
	calls_usage_add(&sum->use, u);
	if (jv_get_kind(ws) == JV_KIND_ARRAY)
		sum->warned = jv_array_concat(sum->warned, ws);
	else
		jv_free(ws);
	if (sscanf(json_str(sz), "%dx%d", &pw, &ph) == 2) {
		sc = jv_object_set(sc, jv_string("width"), jv_number(pw));
		sc = jv_object_set(sc, jv_string("height"), jv_number(ph));
	}
	jv_free(u);
	jv_free(sz);
	return jv_object_merge(sc, pv);
}

/*
 * The whole step, or with pflag its plan: the design, every sheet, every
 * picture (a service's all at once, every request checked before the
 * first is paid for), and the state with characters, scenes and the
 * log's entries, written to oflag.
 */
static void
whole(struct run *r, int pflag, const struct step_clock *clk,
    const char *oflag)
{
	struct llm_usage lu = { 0 };
	struct safety *safe = NULL;
	struct made_sum sum = { jv_object(), jv_array(), 0 };
	const char *writer = r->lc.provider;
	jv call = design(r, &lu, &safe), provs = jv_array(), scenes = jv_array();
	jv st = jv_copy(r->st);
	char *err;

	if (!pflag && !r->offline) {
		jv_array_foreach(r->segs, i, seg) {
			(void)i;
			jv_free(request(&r->ic, seg, r->chars, r->prefs,
			    r->planned, r->w, r->h));
			jv_free(seg);
		}
	}
	if (!pflag && with_sheets)
		sheets(&r->ic, r->chars, r->prefs, r->dir, NULL);
	if (!pflag && !r->offline) {
		jv_free(provs);
		provs = paint(&r->ic, r->segs, r->chars, r->prefs, r->planned,
		    r->dir, r->w, r->h, 0);
	}
	jv_array_foreach(r->segs, i, seg) {
		jv pv = jv_array_get(jv_copy(provs), i);

		scenes = jv_array_append(scenes, scene_entry(r, seg, i,
		    jv_is_valid(pv) ? pv : jv_null(), pflag, &sum));
		jv_free(pv);
		jv_free(seg);
	}
	if (!pflag && r->offline)
		msg_note("drew %d scenes at %dx%d in '%s/scenes'", sum.n, r->w,
		    r->h, r->dir);
	else if (!pflag)
		msg_note("made %d pictures with %s%s%s%s in '%s/scenes'", sum.n,
		    r->ic.provider, r->ic.model ? " (" : "", r->ic.model ?
		    r->ic.model : "", r->ic.model ? ")" : "", r->dir);
	st = jv_object_set(st, jv_string("characters"), jv_copy(r->chars));
	st = jv_object_set(st, jv_string("scenes"), scenes);
	/* The text's call and the pictures' each have an entry, with what
	 * they used (make cost reads the entries' "usage"). */
	if (strcmp(writer, "offline") != 0)
		st = state_log(st, clk, writer, r->lc.model, jv_object_merge(
		    JV_OBJECT(jv_string("task"), jv_string("characters and "
		    "picture prompts")), textgen_log(&r->lc, &lu)));
	if (!pflag || strcmp(writer, "offline") == 0) {
		jv extra = JV_OBJECT(jv_string("images"), jv_number(sum.n));

		if (!pflag && !r->offline)
			extra = jv_object_set(extra, jv_string("usage"),
			    jv_copy(sum.use));
		if (jv_array_length(jv_copy(sum.warned)) > 0)
			extra = jv_object_set(extra, jv_string("warnings"),
			    jv_copy(sum.warned));
		st = state_log(st, clk, pflag ? writer : r->ic.provider,
		    pflag ? NULL : r->ic.model, extra);
	}
	tool_write(st, oflag);
	if (calls_log("design", 0, writer, call, &err) < 0)
		msg_die("%s", err);
	jv_free(call);
	jv_free(provs);
	jv_free(sum.use);
	jv_free(sum.warned);
	safety_close(safe);
}

/* The asset folder dir's scenes and characters folders, made. */
static void
folders(const char *dir)
{
	static const char *const subs[] = { "scenes", "characters" };
	char *sub, *err;
	size_t i;

	for (i = 0; i < 2; i++) {
		sub = xasprintf("%s/%s", dir, subs[i]);
		if (atomic_mkdirs(sub, &err) < 0)
			msg_die("%s", err);
		free(sub);
	}
}

/* What a run is asked for. */
struct opts {
	const char *cflag, *dflag, *nflag, *oflag, *sflag;
	int pflag, Sflag, xflag, scene;
};

/* The options and the operand (*in), checked to go together; the size
 * into r. */
static void
options(int argc, char *argv[], struct opts *o, struct run *r)
{
	int ch;

	memset(o, 0, sizeof *o);
	o->sflag = "1920x1080";
	while ((ch = tool_getopt(argc, argv, "c:d:n:o:pSs:x", "[-hpSx] "
	    "[-c name] [-d dir] [-n scene] [-o file] [-s size] [file]")) != -1)
		switch (ch) {
		case 'c':
			o->cflag = optarg;
			break;
		case 'd':
			o->dflag = optarg;
			break;
		case 'n':
			o->nflag = optarg;
			if ((o->scene = tool_scene(optarg)) < 0) {
				msg_warn("-n '%s': expected a scene number "
				    "from 1 to 999", optarg);
				tool_usage(MV_EXIT_USAGE);
			}
			break;
		case 'o':
			o->oflag = optarg;
			break;
		case 'p':
			o->pflag = 1;
			break;
		case 'S':
			o->Sflag = 1;
			break;
		case 's':
			o->sflag = optarg;
			break;
		case 'x':
			o->xflag = 1;
			break;
		}
	r->in = tool_operand(argc, argv);
	if (o->pflag + o->xflag + (o->nflag != NULL) + (o->cflag != NULL) >
	    1) {
		msg_warn("-c, -n, -p and -x do not go together");
		tool_usage(MV_EXIT_USAGE);
	}
	if ((o->xflag || o->nflag || o->cflag) && o->oflag != NULL) {
		msg_warn("-%c writes pictures or requests, not a state: no -o",
		    o->xflag ? 'x' : o->nflag ? 'n' : 'c');
		tool_usage(MV_EXIT_USAGE);
	}
	if (tool_size(o->sflag, &r->w, &r->h) < 0)
		tool_usage(MV_EXIT_USAGE);
}

/* The providers, the state and the asset folder of the run. */
static void
run_load(struct run *r, const struct opts *o)
{
	char *err;

	if (conf_image(&r->ic, &err) < 0 || (with_sheets =
	    sheet_enabled(&err)) < 0)
		msg_die("%s", err);
	tool_llm("DESIGN", &r->lc, 0, NULL);
	r->offline = strcmp(r->ic.provider, "offline") == 0;
	if ((!r->offline && !o->pflag && !o->xflag) ||
	    (strcmp(r->lc.provider, "offline") != 0 && !o->xflag &&
	    !o->nflag && !o->cflag))
		http_init();
	r->st = tool_read(r->in, 1);
	r->ctx = tool_need(r->st, r->in, "context", JV_KIND_OBJECT,
	    "mv-analyze");
	r->prefs = tool_need(r->st, r->in, "preferences", JV_KIND_OBJECT,
	    "mv-analyze");
	r->segs = tool_segments(r->st, r->in);
	/* Without burned subtitles the scene's words are drawn as a
	 * caption (design.h). */
	if (o->Sflag)
		r->prefs = jv_object_set(r->prefs, jv_string("subtitles"),
		    jv_false());
	r->dir = asset_dir(o->dflag, o->oflag);
	if (asset_dir_check(r->dir, &err) < 0)
		msg_die("%s", err);
	r->segs = with_takes(r->segs, r->dir);
	if (!o->pflag)
		folders(r->dir);
	if (o->xflag || o->nflag || o->cflag) {
		/* The characters were designed by an earlier -p run. */
		r->chars = tool_need(r->st, r->in, "characters", JV_KIND_ARRAY,
		    "mv-design -p");
		r->planned = jv_object_get(jv_copy(r->st), jv_string("scenes"));
	}
}

int
main(int argc, char *argv[])
{
	struct step_clock clk;
	struct run r = { .planned = jv_null(), .chars = jv_null() };
	struct opts o;

	msg_init(argv[0]);
	options(argc, argv, &o, &r);
	atomic_init();
	atexit(illustrate_cleanup);
	step_clock_start(&clk);
	run_load(&r, &o);
	if (o.xflag) {
		export(&r.ic, r.segs, r.chars, r.prefs, r.planned, r.dir, r.w,
		    r.h);
		export_sheets(&r.ic, r.segs, r.chars, r.prefs, r.dir);
	} else if (o.cflag)
		sheets(&r.ic, r.chars, r.prefs, r.dir, o.cflag);
	else if (o.nflag)
		one_scene(&r, o.scene);
	else
		whole(&r, o.pflag, &clk, o.oflag);
	jv_free(r.st);
	jv_free(r.chars);
	jv_free(r.planned);
	conf_free(&r.lc);
	conf_free(&r.ic);
	jv_free(r.ctx);
	jv_free(r.prefs);
	jv_free(r.segs);
	free(r.dir);
	return msg_close_stdout(MV_EXIT_OK);
}
