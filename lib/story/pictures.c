#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/atomic.h"
#include "core/calls.h"
#include "core/json.h"
#include "core/state.h"
#include "core/util.h"
#include "services/image.h"
#include "story/design.h"
#include "story/pictures.h"
#include "story/sheet.h"

/* o's (borrowed) key, or null when o is not an object. */
static jv
field(jv o, const char *key)
{
	return jv_get_kind(o) == JV_KIND_OBJECT ? jv_object_get(jv_copy(o),
	    jv_string(key)) : jv_null();
}

static int
offline(const struct pictures *p)
{
	return strcmp(p->c->provider, "offline") == 0;
}

/* The scene number of seg (borrowed), the i-th. */
static int
scene_no(jv seg, int i)
{
	return (int)json_num(jv_object_get(jv_copy(seg), jv_string("scene")),
	    i + 1);
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

/* The take in the file p (1 when there is none), or -1 with *err. */
static int
take_of(const char *p, char **err)
{
	char *buf, *end, *e;
	size_t len;
	int take;

	if (access(p, F_OK) != 0)
		return 1;
	if (read_all(p, 64, &buf, &len, &e) < 0) {
		*err = xasprintf("'%s': %s", p, e);
		free(e);
		return -1;
	}
	take = (int)strtol(buf, &end, 10);
	if (end == buf || (*end != '\0' && *end != '\n') || take < 1 ||
	    take > 9999) {
		*err = xasprintf("'%s': expected a take number, 1 to 9999", p);
		take = -1;
	}
	free(buf);
	return take;
}

jv
pictures_takes(jv segs, const char *dir, char **err)
{
	jv out = jv_array();

	jv_array_foreach(segs, i, seg) {
		char *p = xasprintf("%s/scenes/%02d.take", dir,
		    scene_no(seg, i));
		int take = jv_is_valid(out) ? take_of(p, err) : 1;

		if (take < 0) {
			jv_free(out);
			out = jv_invalid();
		} else if (take > 1)
			seg = jv_object_set(seg, jv_string("take"),
			    jv_number(take));
		if (jv_is_valid(out))
			out = jv_array_append(out, seg);
		else
			jv_free(seg);
		free(p);
	}
	jv_free(segs);
	return out;
}

jv
pictures_request(const struct pictures *p, jv seg, char **err)
{
	jv req = design_request(seg, p->chars, p->prefs, p->w, p->h,
	    p->c->provider);

	if (!offline(p) && jv_get_kind(p->planned) == JV_KIND_ARRAY) {
		jv no = jv_object_get(jv_copy(seg), jv_string("scene"));

		jv_array_foreach(p->planned, i, sc) {
			jv n = field(sc, "scene"), pr = field(sc, "prompt");

			(void)i;
			if (jv_equal(n, jv_copy(no)) &&
			    jv_get_kind(pr) == JV_KIND_STRING)
				req = jv_object_set(req, jv_string("prompt"),
				    jv_copy(pr));
			jv_free(pr);
			jv_free(sc);
		}
		jv_free(no);
	}
	/* The looks of the characters in the scene, which a prompt that
	 * must be shortened keeps whole (image_request drops them). */
	if (!offline(p)) {
		jv refs = p->sheets ? sheet_refs(seg, p->chars) : jv_array();

		req = jv_object_set(req, jv_string("looks"),
		    looks_of(seg, p->chars));
		if (jv_array_length(jv_copy(refs)) > 0)
			req = jv_object_set(req, jv_string("references"),
			    refs);
		else
			jv_free(refs);
	}
	req = image_request(req, p->c);
	if (!jv_is_valid(req))
		*err = json_msg(req), req = jv_invalid();
	return req;
}

int
pictures_draw(const struct pictures *p, jv seg, char **err)
{
	int no = scene_no(seg, -1), rc = -1;
	jv req = pictures_request(p, seg, err);
	char *path = xasprintf("%s/scenes/%02d.png", p->dir, no), *e;
	char *side = xasprintf("%s.json", path);

	/* A service's provenance of an earlier picture no longer holds; a
	 * call is logged once its result is safely in place. */
	if (jv_is_valid(req) && atomic_remove(side, err) == 0) {
		if (calls_offline("image", no, &e) < 0 ||
		    design_render(req, path, &e) < 0 ||
		    calls_log("image", no, p->c->provider, req, &e) < 0) {
			*err = xasprintf("scene %d: %s", no, e);
			free(e);
		} else
			rc = 0;
	}
	jv_free(req);
	free(path);
	free(side);
	return rc;
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

/* Empties b. */
static void
batch_free(struct batch *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		image_job_release(&b->jobs[i]);
		jv_free(b->jobs[i].req);
		free((char *)b->jobs[i].path);
		free((char *)b->jobs[i].sidecar);
		free(b->what[i]);
		free(b->tag[i]);
	}
	free(b->jobs);
	free(b->what);
	free(b->tag);
	memset(b, 0, sizeof *b);
}

/* *said with what the service said of picture what (its provenance's
 * warnings, borrowed). */
static void
say_warnings(jv *said, const char *what, jv prov)
{
	jv ws = jv_object_get(jv_copy(prov), jv_string("warnings"));

	if (jv_get_kind(ws) == JV_KIND_ARRAY)
		jv_array_foreach(ws, k, w) {
			(void)k;
			*said = jv_array_append(*said, jv_string_fmt("%s: %s",
			    what, json_str(w)));
			jv_free(w);
		}
	jv_free(ws);
}

/*
 * Makes the pictures of b with the service c, all at once up to
 * MV_CONCURRENCY. Every call is logged as step and its tag once its
 * picture is in place; then the first failure (in b's order) is the
 * error, what the pictures before it said in *said. Returns the
 * provenance of each picture, in order, or an invalid; b is emptied.
 */
static jv
batch_run(const struct conf *c, struct batch *b, const char *step, jv *said,
    char **err)
{
	size_t i, bad = image_run(c, b->jobs, b->n);
	jv provs = jv_array();

	for (i = 0; i < b->n && jv_is_valid(provs); i++)
		if (b->jobs[i].err == NULL && calls_log_as(step, b->tag[i],
		    c->provider, b->jobs[i].req, err) < 0) {
			jv_free(provs);
			provs = jv_invalid();
		}
	for (i = 0; i < b->n && jv_is_valid(provs); i++) {
		struct image_job *j = &b->jobs[i];

		if (j->err != NULL) {
			*err = calls_failed(b->what[i], j->err, bad,
			    "pictures");
			jv_free(provs);
			provs = jv_invalid();
			break;
		}
		say_warnings(said, b->what[i], j->prov);
		provs = jv_array_append(provs, jv_copy(j->prov));
	}
	batch_free(b);
	return provs;
}

jv
pictures_paint(const struct pictures *p, jv segs, int sidecars, jv *said,
    char **err)
{
	struct batch b = { 0 };
	char *path;
	jv req;

	jv_array_foreach(segs, i, seg) {
		int no = scene_no(seg, i);

		req = pictures_request(p, seg, err);
		jv_free(seg);
		if (!jv_is_valid(req)) {
			batch_free(&b);
			return jv_invalid();
		}
		path = xasprintf("%s/scenes/%02d.png", p->dir, no);
		batch_add(&b, req, path, sidecars, p->dir,
		    xasprintf("scene %d", no), xasprintf("%d", no));
		free(path);
	}
	return batch_run(p->c, &b, "image", said, err);
}

/* The request for the sheet of ch (borrowed), or an invalid with *err.
 * The brief's own picture needs no provider. */
static jv
sheet_req(const struct pictures *p, jv ch, char **err)
{
	jv req = sheet_request(ch, p->chars, p->prefs, p->c);
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
		req = image_request(req, p->c);
	}
	jv_free(src);
	if (!jv_is_valid(req)) {
		jv nm = jv_object_get(jv_copy(ch), jv_string("name"));
		char *why = json_msg(req);

		*err = xasprintf("the sheet of %s: %s", json_str(nm), why);
		free(why);
		jv_free(nm);
		req = jv_invalid();
	}
	return req;
}

/*
 * The sheet of ch (borrowed), named sh, to path: the brief's own picture
 * copied, or drawn offline, or added to b for the service. 0, or -1
 * with *err.
 */
static int
sheet_one(const struct pictures *p, jv ch, const char *sh, const char *path,
    struct batch *b, char **err)
{
	jv nm = jv_object_get(jv_copy(ch), jv_string("name"));
	jv req = sheet_req(p, ch, err), src;
	char *side = xasprintf("%s.json", path), *e = NULL;
	int rc = -1;

	if (!jv_is_valid(req))
		goto out;
	src = jv_object_get(jv_copy(req), jv_string("source"));
	if (jv_get_kind(src) != JV_KIND_STRING && !offline(p)) {
		batch_add(b, req, path, 1, p->dir, xasprintf("the sheet of "
		    "%s", json_str(nm)), xstrdup(sh));
		jv_free(src);
		rc = 0;
		goto out;
	}
	/* The brief's own picture, or the offline drawing: a service's
	 * provenance of an earlier sheet no longer holds. */
	if (atomic_remove(side, err) == 0) {
		if (jv_get_kind(src) == JV_KIND_STRING ? image_keep_file(
		    json_str(src), path, "reference_image", &e) < 0 :
		    calls_offline("sheet", 0, &e) < 0 ||
		    design_render(req, path, &e) < 0 ||
		    calls_log_as("sheet", sh, p->c->provider, req, &e) < 0)
			*err = xasprintf("the sheet of %s: %s", json_str(nm),
			    e);
		else
			rc = 0;
	}
	free(e);
	jv_free(src);
	jv_free(req);
out:
	jv_free(nm);
	free(side);
	return rc;
}

int
pictures_sheets(const struct pictures *p, const char *only, jv *said,
    char **err)
{
	struct batch b = { 0 };
	int found = 0, rc = 0;
	jv provs;

	jv_array_foreach(p->chars, k, ch) {
		jv sh = jv_object_get(jv_copy(ch), jv_string("sheet"));
		char *path = xasprintf("%s/characters/%s.png", p->dir,
		    json_str(sh));

		(void)k;
		if (rc == 0 && (only == NULL ||
		    strcmp(json_str(sh), only) == 0)) {
			found = 1;
			rc = sheet_one(p, ch, json_str(sh), path, &b, err);
		}
		free(path);
		jv_free(sh);
		jv_free(ch);
	}
	if (rc == 0 && only != NULL && !found) {
		*err = xasprintf("characters: no sheet '%s'", only);
		rc = -1;
	}
	if (rc < 0) {
		batch_free(&b);
		return -1;
	}
	provs = batch_run(p->c, &b, "sheet", said, err);
	rc = jv_is_valid(provs) ? 0 : -1;
	jv_free(provs);
	return rc;
}

/* scenes/sheets.mk's text: each scene's picture's sheets, as make
 * prerequisites, from segs (borrowed). */
static char *
sheets_mk(const struct pictures *p, jv segs)
{
	struct buf mk = { 0 };

	buf_add(&mk, "# The sheets each scene's picture is made with "
	    "(mv-design -x).\n");
	if (p->sheets && image_takes_references(p->c))
		jv_array_foreach(segs, i, seg) {
			jv refs = sheet_refs(seg, p->chars);

			if (jv_array_length(jv_copy(refs)) > 0) {
				buf_addf(&mk, "$(W)/scenes/%02d.png:",
				    scene_no(seg, i));
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
	return buf_take(&mk);
}

/* -x, the sheets: one request file each, characters/NAME.json (and
 * characters/index), and scenes/sheets.mk. */
static int
export_sheets(const struct pictures *p, jv segs, char **err)
{
	jv reqs = jv_array(), names = jv_array(), req;
	char *path, *mk;
	int rc;

	jv_array_foreach(p->chars, i, ch) {
		(void)i;
		if (p->sheets && jv_is_valid(reqs)) {
			req = sheet_req(p, ch, err);
			if (!jv_is_valid(req)) {
				jv_free(reqs);
				reqs = jv_invalid();
			} else {
				reqs = jv_array_append(reqs, req);
				names = jv_array_append(names, jv_object_get(
				    jv_copy(ch), jv_string("sheet")));
			}
		}
		jv_free(ch);
	}
	if (!jv_is_valid(reqs)) {
		jv_free(names);
		return -1;
	}
	if (state_export_named(reqs, names, p->dir, "characters", err) < 0)
		return -1;
	mk = sheets_mk(p, segs);
	path = xasprintf("%s/scenes/sheets.mk", p->dir);
	rc = atomic_update(path, mk, strlen(mk), err);
	free(path);
	free(mk);
	return rc;
}

int
pictures_export(const struct pictures *p, jv segs, char **err)
{
	jv reqs = jv_array(), req;

	jv_array_foreach(segs, i, seg) {
		(void)i;
		if (jv_is_valid(reqs)) {
			req = pictures_request(p, seg, err);
			if (jv_is_valid(req))
				reqs = jv_array_append(reqs, req);
			else {
				jv_free(reqs);
				reqs = jv_invalid();
			}
		}
		jv_free(seg);
	}
	if (!jv_is_valid(reqs))
		return -1;
	if (state_export(reqs, p->dir, "scenes", err) < 0)
		return -1;
	return export_sheets(p, segs, err);
}

jv
pictures_planned(jv segs, jv prompts)
{
	jv out = jv_array();

	jv_array_foreach(segs, i, seg) {
		jv pr = jv_array_get(jv_copy(prompts), i);

		out = jv_array_append(out, JV_OBJECT(jv_string("scene"),
		    jv_object_get(seg, jv_string("scene")), jv_string("prompt"),
		    jv_get_kind(pr) == JV_KIND_STRING ? pr : (jv_free(pr),
		    jv_null())));
	}
	return out;
}

jv
pictures_prompt(jv planned, int no)
{
	jv out = jv_null();

	if (jv_get_kind(planned) != JV_KIND_ARRAY)
		return out;
	jv_array_foreach(planned, i, sc) {
		(void)i;
		if (jv_get_kind(out) == JV_KIND_NULL &&
		    json_num(jv_object_get(jv_copy(sc), jv_string("scene")),
		    0) == no) {
			jv pr = jv_object_get(jv_copy(sc), jv_string("prompt"));

			if (jv_get_kind(pr) == JV_KIND_STRING)
				out = pr;
			else
				jv_free(pr);
		}
		jv_free(sc);
	}
	return out;
}
