/*
 * mv-design - design the characters and draw a picture for every scene.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "atomic.h"
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
	    "usage: %s [-h] [-d dir] [-o file] [-s size] [file]\n",
	    msg_prog());
	exit(status);
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
	const char *dflag = NULL, *oflag = NULL, *sflag = "1920x1080", *in;
	const char *provider;
	struct step_clock clk;
	jv st, ctx, prefs, segs, chars, scenes;
	char *dir, *sub, *err;
	int ch, w, h, n = 0;

	msg_init(argv[0]);
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":d:ho:s:", longopts, NULL)) !=
	    -1)
		switch (ch) {
		case 'd':
			dflag = optarg;
			break;
		case 'h':
			usage(MV_EXIT_OK);
			break;
		case 'o':
			oflag = optarg;
			break;
		case 's':
			sflag = optarg;
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
	if (design_size(sflag, &w, &h) < 0) {
		msg_warn("-s '%s': expected WIDTHxHEIGHT, even numbers from 64 "
		    "to 7680", sflag);
		usage(MV_EXIT_USAGE);
	}
	in = argc == 1 ? argv[0] : NULL;
	atomic_init();
	atexit(illustrate_cleanup);
	step_clock_start(&clk);
	provider = tool_provider("MV_IMAGE", "offline", providers);

	st = tool_read(in, 1);
	ctx = tool_need(st, in, "context", JV_KIND_OBJECT, "mv-analyze");
	prefs = tool_need(st, in, "preferences", JV_KIND_OBJECT,
	    "mv-analyze");
	segs = tool_need(st, in, "segments", JV_KIND_ARRAY, "mv-segment");
	dir = asset_dir(dflag, oflag);
	sub = xasprintf("%s/scenes", dir);
	if (atomic_mkdirs(sub, &err) < 0)
		msg_die("%s", err);

	chars = design_characters(ctx, prefs);
	scenes = jv_array();
	jv_array_foreach(segs, i, seg) {
		int no = (int)jnum(jv_object_get(jv_copy(seg),
		    jv_string("scene")), i + 1);
		char *rel = xasprintf("scenes/%02d.png", no);
		char *path = xasprintf("%s/%s", dir, rel);
		jv names = jv_object_get(jv_copy(seg), jv_string("characters"));

		if (design_draw(seg, chars, w, h, path, &err) < 0)
			msg_die("%s", err);
		scenes = jv_array_append(scenes, JV_OBJECT(
		    jv_string("scene"), jv_number(no),
		    jv_string("prompt"), design_prompt(seg, chars, prefs),
		    jv_string("image"), jv_string(rel),
		    jv_string("width"), jv_number(w),
		    jv_string("height"), jv_number(h),
		    jv_string("characters"), names,
		    jv_string("provider"), jv_string(provider),
		    jv_string("model"), jv_null()));
		n++;
		free(rel);
		free(path);
		jv_free(seg);
	}
	msg_note("drew %d scenes at %dx%d in '%s'", n, w, h, sub);
	st = jv_object_set(st, jv_string("characters"), chars);
	st = jv_object_set(st, jv_string("scenes"), scenes);
	st = state_log(st, &clk, provider, NULL, JV_OBJECT(
	    jv_string("images"), jv_number(n)));
	tool_write(st, oflag);
	jv_free(ctx);
	jv_free(prefs);
	jv_free(segs);
	free(dir);
	free(sub);
	return msg_close_stdout(MV_EXIT_OK);
}
