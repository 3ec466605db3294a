/*
 * mv-design - design the characters and draw a picture for every scene.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic.h"
#include "calls.h"
#include "design.h"
#include "illustrate.h"
#include "msg.h"
#include "state.h"
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

/* Draws scene seg (borrowed) of state st into dir; logs the call. */
static void
draw(jv seg, jv chars, jv prefs, const char *dir, int w, int h,
    const char *provider)
{
	int no = (int)jnum(jv_object_get(jv_copy(seg), jv_string("scene")),
	    0);
	jv req = design_request(seg, chars, prefs, w, h, provider);
	char *path = xasprintf("%s/scenes/%02d.png", dir, no), *err;

	/* A call is logged once its result is safely in place. */
	if (calls_offline("image", no, &err) < 0 ||
	    design_render(req, path, &err) < 0 ||
	    calls_log("image", no, provider, req, &err) < 0)
		msg_die("scene %d: %s", no, err);
	jv_free(req);
	free(path);
}

/*
 * -x: one request file per scene, scenes/NN.json, rewritten only when
 * its content changes, and scenes/index, the list of scene numbers.
 */
static void
export(jv segs, jv chars, jv prefs, const char *dir, int w, int h,
    const char *provider)
{
	jv reqs = jv_array();
	char *err;

	jv_array_foreach(segs, i, seg) {
		(void)i;
		reqs = jv_array_append(reqs, design_request(seg, chars, prefs,
		    w, h, provider));
		jv_free(seg);
	}
	if (state_export(reqs, dir, "scenes", &err) < 0)
		msg_die("%s", err);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const providers[] = { "offline", NULL };
	static const char *const writers[] = { "offline", NULL };
	const char *dflag = NULL, *oflag = NULL, *sflag = "1920x1080", *in;
	const char *provider, *writer, *nflag = NULL;
	struct step_clock clk;
	jv st, ctx, prefs, segs, chars, scenes, call;
	char *dir, *sub, *err;
	int ch, w, h, n = 0, pflag = 0, xflag = 0, scene = 0;

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
	provider = tool_provider("MV_IMAGE", "offline", providers);
	writer = tool_provider("MV_LLM", "offline", writers);

	st = tool_read(in, 1);
	ctx = tool_need(st, in, "context", JV_KIND_OBJECT, "mv-analyze");
	prefs = tool_need(st, in, "preferences", JV_KIND_OBJECT,
	    "mv-analyze");
	segs = tool_need(st, in, "segments", JV_KIND_ARRAY, "mv-segment");
	dir = asset_dir(dflag, oflag);
	sub = xasprintf("%s/scenes", dir);
	if (!pflag && atomic_mkdirs(sub, &err) < 0)
		msg_die("%s", err);

	if (xflag || nflag) {
		/* The characters were designed by an earlier -p run. */
		chars = tool_need(st, in, "characters", JV_KIND_ARRAY,
		    "mv-design -p");
		if (xflag)
			export(segs, chars, prefs, dir, w, h, provider);
		else {
			jv seg = state_segment(segs, scene);

			if (jv_get_kind(seg) != JV_KIND_OBJECT)
				msg_die("'%s': segments: no scene %d",
				    state_name(in), scene);
			draw(seg, chars, prefs, dir, w, h, provider);
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

		if (calls_offline("design", 0, &err) < 0)
			msg_die("%s", err);
		call = req;
	}
	scenes = jv_array();
	jv_array_foreach(segs, i, seg) {
		int no = (int)jnum(jv_object_get(jv_copy(seg),
		    jv_string("scene")), i + 1);
		char *rel = xasprintf("scenes/%02d.png", no);
		jv sc = JV_OBJECT(jv_string("scene"), jv_number(no),
		    jv_string("prompt"), design_prompt(seg, chars, prefs),
		    jv_string("image"), jv_string(rel),
		    jv_string("characters"), jv_object_get(jv_copy(seg),
		    jv_string("characters")),
		    jv_string("provider"), jv_string(provider),
		    jv_string("model"), jv_null());

		if (!pflag) {
			draw(seg, chars, prefs, dir, w, h, provider);
			sc = jv_object_set(sc, jv_string("width"),
			    jv_number(w));
			sc = jv_object_set(sc, jv_string("height"),
			    jv_number(h));
			n++;
		}
		scenes = jv_array_append(scenes, sc);
		free(rel);
		jv_free(seg);
	}
	if (!pflag)
		msg_note("drew %d scenes at %dx%d in '%s'", n, w, h, sub);
	st = jv_object_set(st, jv_string("characters"), chars);
	st = jv_object_set(st, jv_string("scenes"), scenes);
	st = state_log(st, &clk, pflag ? writer : provider, NULL, JV_OBJECT(
	    jv_string("images"), jv_number(n)));
	tool_write(st, oflag);
	if (calls_log("design", 0, writer, call, &err) < 0)
		msg_die("%s", err);
	jv_free(call);
out:
	jv_free(ctx);
	jv_free(prefs);
	jv_free(segs);
	free(dir);
	free(sub);
	return msg_close_stdout(MV_EXIT_OK);
}
