/*
 * mv-design - design the characters and draw a picture for every scene.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/asset.h"
#include "core/atomic.h"
#include "core/calls.h"
#include "core/conf.h"
#include "core/http.h"
#include "core/msg.h"
#include "core/safety.h"
#include "core/state.h"
#include "core/tool.h"
#include "core/util.h"
#include "offline/illustrate.h"
#include "story/design.h"
#include "story/pictures.h"
#include "story/sheet.h"
#include "story/textgen.h"

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
	int sheets;		/* whether characters get reference sheets */
};

/* What r's pictures are made from. */
static struct pictures
pictures_of(const struct run *r)
{
	struct pictures p = { &r->ic, r->chars, r->prefs, r->planned, r->dir,
	    r->w, r->h, r->sheets };

	return p;
}

/* Says what the services said of their pictures (said, consumed), then,
 * when rc is -1, ends the run with err. */
static void
said_or_die(jv said, int rc, char *err)
{
	jv_array_foreach(said, i, w) {
		(void)i;
		msg_warn("%s", jv_string_value(w));
		jv_free(w);
	}
	jv_free(said);
	if (rc < 0)
		msg_die("%s", err);
}

/* -n: the picture of scene no alone, with its provenance beside it. */
static void
one_scene(struct run *r, int no)
{
	struct pictures p = pictures_of(r);
	jv seg = state_segment(r->segs, no);
	char *err;

	if (jv_get_kind(seg) != JV_KIND_OBJECT)
		msg_die("'%s': segments: no scene %d", state_name(r->in), no);
	if (r->offline) {
		if (pictures_draw(&p, seg, &err) < 0)
			msg_die("%s", err);
	} else {
		jv one = JV_ARRAY(jv_copy(seg)), said = jv_array();
		jv provs = pictures_paint(&p, one, 1, &said, &err);

		said_or_die(said, jv_is_valid(provs) ? 0 : -1, err);
		jv_free(provs);
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
		r->planned = pictures_planned(r->segs, prompts);
		jv_free(prompts);
	}
	given = jv_object_get(jv_copy(r->ctx), jv_string("characters"));
	if (r->sheets)
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
	jv pp = pictures_prompt(r->planned, no);
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
		struct pictures p = pictures_of(r);
		char *err;

		if (pictures_draw(&p, seg, &err) < 0)
			msg_die("%s", err);
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
	jv st = jv_copy(r->st), said = jv_array(), req;
	struct pictures p = pictures_of(r);
	char *err;
	int rc = 0;

	if (!pflag && !r->offline) {
		jv_array_foreach(r->segs, i, seg) {
			(void)i;
			req = pictures_request(&p, seg, &err);
			jv_free(seg);
			if (!jv_is_valid(req))
				msg_die("%s", err);
			jv_free(req);
		}
	}
	if (!pflag && r->sheets)
		rc = pictures_sheets(&p, NULL, &said, &err);
	said_or_die(said, rc, err);
	if (!pflag && !r->offline) {
		jv_free(provs);
		said = jv_array();
		provs = pictures_paint(&p, r->segs, 0, &said, &err);
		said_or_die(said, jv_is_valid(provs) ? 0 : -1, err);
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

/* -x: the request files of the scenes and the sheets, for make. */
static void
export_requests(const struct run *r)
{
	struct pictures p = pictures_of(r);
	char *err;

	if (pictures_export(&p, r->segs, &err) < 0)
		msg_die("%s", err);
}

/* -c: the sheet of the character whose sheet is name. */
static void
one_sheet(const struct run *r, const char *name)
{
	struct pictures p = pictures_of(r);
	jv said = jv_array();
	char *err;
	int rc = pictures_sheets(&p, name, &said, &err);

	said_or_die(said, rc, err);
}

/* The providers, the state and the asset folder of the run. */
static void
run_load(struct run *r, const struct opts *o)
{
	char *err;

	if (conf_image(&r->ic, &err) < 0 || (r->sheets =
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
	r->segs = pictures_takes(r->segs, r->dir, &err);
	if (!jv_is_valid(r->segs))
		msg_die("%s", err);
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
	if (o.xflag)
		export_requests(&r);
	else if (o.cflag)
		one_sheet(&r, o.cflag);
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
