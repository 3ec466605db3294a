/*
 * mv-design - design the characters and draw a picture for every scene.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "asset.h"
#include "atomic.h"
#include "calls.h"
#include "conf.h"
#include "design.h"
#include "http.h"
#include "illustrate.h"
#include "image.h"
#include "msg.h"
#include "safety.h"
#include "state.h"
#include "textgen.h"
#include "tool.h"
#include "util.h"

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: %s [-hpx] [-d dir] [-n scene] [-o file] [-s size] [file]\n",
	    msg_prog());
	exit(status);
}

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
	jv names = jv_object_get(jv_copy(seg), jv_string("characters"));
	jv out = jv_array();

	if (jv_get_kind(names) == JV_KIND_ARRAY &&
	    jv_get_kind(chars) == JV_KIND_ARRAY)
		jv_array_foreach(chars, i, ch) {
			jv n = field(ch, "name"), l = field(ch, "look");
			int in = 0;

			(void)i;
			jv_array_foreach(names, k, x) {
				(void)k;
				in |= jv_equal(x, jv_copy(n));
			}
			if (in && jv_get_kind(l) == JV_KIND_STRING)
				out = jv_array_append(out, l);
			else
				jv_free(l);
			jv_free(n);
			jv_free(ch);
		}
	jv_free(names);
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
	if (strcmp(c->provider, "offline") != 0)
		req = jv_object_set(req, jv_string("looks"),
		    looks_of(seg, chars));
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

/*
 * Makes the pictures of the segments segs (borrowed) with the service c,
 * all at once up to MV_CONCURRENCY; with sidecars (-n), each picture's
 * provenance is written beside it first. Every call is logged once its
 * picture is in place, then the first failure ends the run. Returns the
 * provenance of each picture, in order.
 */
static jv
paint(const struct conf *c, jv segs, jv chars, jv prefs, jv planned,
    const char *dir, int w, int h, int sidecars)
{
	size_t n = (size_t)jv_array_length(jv_copy(segs)), i, bad;
	struct image_job *jobs = xmalloc((n ? n : 1) * sizeof *jobs);
	char **paths = xmalloc((n ? n : 1) * 2 * sizeof *paths), *err;
	int *no = xmalloc((n ? n : 1) * sizeof *no);
	jv provs = jv_array(), warnings;

	for (i = 0; i < n; i++) {
		jv seg = jv_array_get(jv_copy(segs), (int)i);

		no[i] = (int)json_num(jv_object_get(jv_copy(seg),
		    jv_string("scene")), (double)i + 1);
		paths[2 * i] = xasprintf("%s/scenes/%02d.png", dir, no[i]);
		paths[2 * i + 1] = xasprintf("%s.json", paths[2 * i]);
		memset(&jobs[i], 0, sizeof jobs[i]);
		jobs[i].req = request(c, seg, chars, prefs, planned, w, h);
		jobs[i].path = paths[2 * i];
		jobs[i].sidecar = sidecars ? paths[2 * i + 1] : NULL;
		jv_free(seg);
	}
	bad = image_run(c, jobs, n);
	for (i = 0; i < n; i++)
		if (jobs[i].err == NULL && calls_log("image", no[i],
		    c->provider, jobs[i].req, &err) < 0)
			msg_die("%s", err);
	for (i = 0; i < n; i++) {
		if (jobs[i].err != NULL) {
			if (bad > 1)
				msg_die("scene %d: %s (and %zu more pictures "
				    "failed)", no[i], jobs[i].err, bad - 1);
			msg_die("scene %d: %s", no[i], jobs[i].err);
		}
		warnings = jv_object_get(jv_copy(jobs[i].prov),
		    jv_string("warnings"));
		if (jv_get_kind(warnings) == JV_KIND_ARRAY)
			jv_array_foreach(warnings, k, w) {
				(void)k;
				msg_warn("scene %d: %s", no[i], json_str(w));
				jv_free(w);
			}
		jv_free(warnings);
		provs = jv_array_append(provs, jv_copy(jobs[i].prov));
		image_job_release(&jobs[i]);
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

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *dflag = NULL, *oflag = NULL, *sflag = "1920x1080", *in;
	const char *writer, *nflag = NULL;
	struct step_clock clk;
	struct conf ic, lc;
	struct llm_usage lu = { 0 };
	struct safety *safe = NULL;
	jv st, ctx, prefs, segs, chars, scenes, call, provs, use, warned;
	jv planned = jv_null();
	char *dir, *sub, *err;
	int ch, w, h, n = 0, pflag = 0, xflag = 0, scene = 0, offline;

	msg_init(argv[0]);
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":d:hn:o:ps:x", longopts,
	    NULL)) != -1)
		switch (ch) {
		case 'd':
			dflag = optarg;
			break;
		case 'h':
			usage(MV_EXIT_OK);
			break;
		case 'n':
			nflag = optarg;
			if ((scene = tool_scene(optarg)) < 0) {
				msg_warn("-n '%s': expected a scene number "
				    "from 1 to 999", optarg);
				usage(MV_EXIT_USAGE);
			}
			break;
		case 'o':
			oflag = optarg;
			break;
		case 'p':
			pflag = 1;
			break;
		case 's':
			sflag = optarg;
			break;
		case 'x':
			xflag = 1;
			break;
		case 'V':
			tool_version();
		default:
			tool_bad_option(ch, argv);
			usage(MV_EXIT_USAGE);
		}
	argc -= optind;
	argv += optind;
	if (argc > 1) {
		msg_warn("too many operands");
		usage(MV_EXIT_USAGE);
	}
	if (pflag + xflag + (nflag != NULL) > 1) {
		msg_warn("-n, -p and -x do not go together");
		usage(MV_EXIT_USAGE);
	}
	if ((xflag || nflag) && oflag != NULL) {
		msg_warn("-%c writes pictures or requests, not a state: no -o",
		    xflag ? 'x' : 'n');
		usage(MV_EXIT_USAGE);
	}
	if (tool_size(sflag, &w, &h) < 0)
		usage(MV_EXIT_USAGE);
	in = argc == 1 ? argv[0] : NULL;
	atomic_init();
	atexit(illustrate_cleanup);
	step_clock_start(&clk);
	if (conf_image(&ic, &err) < 0)
		msg_die("%s", err);
	offline = strcmp(ic.provider, "offline") == 0;
	if (!offline && !pflag && !xflag)
		http_init();
	if (conf_llm("DESIGN", &lc, &err) < 0)
		msg_die("%s", err);
	writer = lc.provider;
	if (strcmp(writer, "offline") != 0 && !xflag && !nflag)
		http_init();

	st = tool_read(in, 1);
	ctx = tool_need(st, in, "context", JV_KIND_OBJECT, "mv-analyze");
	prefs = tool_need(st, in, "preferences", JV_KIND_OBJECT,
	    "mv-analyze");
	segs = tool_segments(st, in);
	dir = asset_dir(dflag, oflag);
	if (asset_dir_check(dir, &err) < 0)
		msg_die("%s", err);
	sub = xasprintf("%s/scenes", dir);
	segs = with_takes(segs, dir);
	if (!pflag && atomic_mkdirs(sub, &err) < 0)
		msg_die("%s", err);

	if (xflag || nflag) {
		/* The characters were designed by an earlier -p run. */
		chars = tool_need(st, in, "characters", JV_KIND_ARRAY,
		    "mv-design -p");
		planned = jv_object_get(jv_copy(st), jv_string("scenes"));
		if (xflag)
			export(&ic, segs, chars, prefs, planned, dir, w, h);
		else {
			jv seg = state_segment(segs, scene);

			if (jv_get_kind(seg) != JV_KIND_OBJECT)
				msg_die("'%s': segments: no scene %d",
				    state_name(in), scene);
			if (offline)
				draw(&ic, seg, chars, prefs, dir, w, h);
			else {
				jv one = JV_ARRAY(jv_copy(seg));

				jv_free(paint(&ic, one, chars, prefs, planned,
				    dir, w, h, 1));
				jv_free(one);
			}
			jv_free(seg);
		}
		jv_free(chars);
		jv_free(st);
		goto out;
	}

	chars = design_characters(ctx, prefs);
	{
		jv req = JV_OBJECT(jv_string("characters"), jv_object_get(
		    jv_copy(ctx), jv_string("characters")),
		    jv_string("preferences"), jv_copy(prefs),
		    jv_string("segments"), jv_copy(segs));

		if (strcmp(writer, "offline") == 0) {
			if (calls_offline("design", 0, &err) < 0)
				msg_die("%s", err);
		} else {
			/* The model describes each character once and
			 * writes a picture prompt for every scene. */
			jv d, prompts;

			if (safety_open(&safe, &err) < 0 ||
			    textgen_design(&lc, ctx, prefs, segs, chars, safe,
			    &d, &lu, &err) < 0)
				msg_die("%s", err);
			jv_free(chars);
			chars = jv_object_get(jv_copy(d),
			    jv_string("characters"));
			prompts = jv_object_get(d, jv_string("prompts"));
			planned = planned_of(segs, prompts);
			jv_free(prompts);
		}
		call = req;
	}
	/* A service makes every picture at once, up to MV_CONCURRENCY. */
	provs = !pflag && !offline ? paint(&ic, segs, chars, prefs, planned,
	    dir, w, h, 0) : jv_array();
	use = jv_object();
	warned = jv_array();
	scenes = jv_array();
	jv_array_foreach(segs, i, seg) {
		int no = (int)json_num(jv_object_get(jv_copy(seg),
		    jv_string("scene")), i + 1);
		char *rel = xasprintf("scenes/%02d.png", no);
		jv pp = planned_prompt(planned, no);
		jv sc = JV_OBJECT(jv_string("scene"), jv_number(no),
		    jv_string("prompt"), jv_get_kind(pp) == JV_KIND_STRING ?
		    pp : (jv_free(pp), design_prompt(seg, chars, prefs)),
		    jv_string("image"), jv_string(rel),
		    jv_string("characters"), jv_object_get(jv_copy(seg),
		    jv_string("characters")),
		    jv_string("provider"), jv_string(ic.provider),
		    jv_string("model"), ic.model ? jv_string(ic.model) :
		    jv_null());

		if (!pflag && offline) {
			draw(&ic, seg, chars, prefs, dir, w, h);
			sc = jv_object_set(sc, jv_string("width"),
			    jv_number(w));
			sc = jv_object_set(sc, jv_string("height"),
			    jv_number(h));
			n++;
		} else if (!pflag) {
			jv pv = jv_object_delete(jv_array_get(jv_copy(provs),
			    i), jv_string("request")), ws;
			jv u = jv_object_get(jv_copy(pv), jv_string("usage"));
			jv sz = jv_object_get(jv_copy(pv), jv_string("size"));
			int pw, ph;

			calls_usage_add(&use, u);
			ws = jv_object_get(jv_copy(pv), jv_string("warnings"));
			if (jv_get_kind(ws) == JV_KIND_ARRAY)
				warned = jv_array_concat(warned, ws);
			else
				jv_free(ws);
			if (sscanf(json_str(sz), "%dx%d", &pw, &ph) == 2) {
				sc = jv_object_set(sc, jv_string("width"),
				    jv_number(pw));
				sc = jv_object_set(sc, jv_string("height"),
				    jv_number(ph));
			}
			sc = jv_object_merge(sc, pv);
			jv_free(u);
			jv_free(sz);
			n++;
		}
		scenes = jv_array_append(scenes, sc);
		free(rel);
		jv_free(seg);
	}
	if (!pflag && offline)
		msg_note("drew %d scenes at %dx%d in '%s'", n, w, h, sub);
	else if (!pflag)
		msg_note("made %d pictures with %s%s%s%s in '%s'", n,
		    ic.provider, ic.model ? " (" : "", ic.model ? ic.model :
		    "", ic.model ? ")" : "", sub);
	st = jv_object_set(st, jv_string("characters"), chars);
	st = jv_object_set(st, jv_string("scenes"), scenes);
	/* The text's call and the pictures' each have an entry, with what
	 * they used (make cost reads the entries' "usage"). */
	if (strcmp(writer, "offline") != 0)
		st = state_log(st, &clk, writer, lc.model, jv_object_merge(
		    JV_OBJECT(jv_string("task"), jv_string("characters and "
		    "picture prompts")), textgen_log(&lc, &lu)));
	if (!pflag || strcmp(writer, "offline") == 0) {
		jv extra = JV_OBJECT(jv_string("images"), jv_number(n));

		if (!pflag && !offline)
			extra = jv_object_set(extra, jv_string("usage"),
			    jv_copy(use));
		if (jv_array_length(jv_copy(warned)) > 0)
			extra = jv_object_set(extra, jv_string("warnings"),
			    jv_copy(warned));
		st = state_log(st, &clk, pflag ? writer : ic.provider,
		    pflag ? NULL : ic.model, extra);
	}
	tool_write(st, oflag);
	if (calls_log("design", 0, writer, call, &err) < 0)
		msg_die("%s", err);
	jv_free(call);
	jv_free(provs);
	jv_free(use);
	jv_free(warned);
	safety_close(safe);
out:
	jv_free(planned);
	conf_free(&lc);
	conf_free(&ic);
	jv_free(ctx);
	jv_free(prefs);
	jv_free(segs);
	free(dir);
	free(sub);
	return msg_close_stdout(MV_EXIT_OK);
}
