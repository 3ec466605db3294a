/*
 * mv-segment - split the story into scenes.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "atomic.h"
#include "calls.h"
#include "msg.h"
#include "segment.h"
#include "state.h"
#include "tool.h"
#include "util.h"

static void
usage(int status)
{
	fprintf(status ? stderr : stdout, "usage: %s [-h] [-o file] [file]\n",
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
	const char *oflag = NULL, *in, *provider;
	struct step_clock clk;
	jv st, ctx, prefs, story, text, segs, req;
	char *err;
	int ch;

	msg_init(argv[0]);
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":ho:", longopts, NULL)) != -1)
		switch (ch) {
		case 'h':
			usage(MV_EXIT_OK);
			break;
		case 'o':
			oflag = optarg;
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
	in = argc == 1 ? argv[0] : NULL;
	atomic_init();
	step_clock_start(&clk);
	provider = tool_provider("MV_LLM", "offline", providers);

	st = tool_read(in, 1);
	ctx = tool_need(st, in, "context", JV_KIND_OBJECT, "mv-analyze");
	prefs = tool_need(st, in, "preferences", JV_KIND_OBJECT,
	    "mv-analyze");
	story = tool_need(st, in, "story", JV_KIND_OBJECT, "mv-story");
	text = state_field(story, "story", "text", KIND(JV_KIND_STRING),
	    "a string", 1);
	if (!jv_is_valid(text)) {
		err = jv_msg(text);
		msg_die("'%s': %s", state_name(in), err);
	}
	req = JV_OBJECT(jv_string("text"), jv_copy(text),
	    jv_string("characters"), jv_object_get(jv_copy(ctx),
	    jv_string("characters")),
	    jv_string("setting"), jv_object_get(jv_copy(ctx),
	    jv_string("setting")),
	    jv_string("preferences"), jv_copy(prefs));
	if (calls_offline("segment", 0, &err) < 0)
		msg_die("%s", err);
	segs = segment_offline(ctx, prefs, jv_string_value(text));
	if (!jv_is_valid(segs)) {
		err = jv_msg(segs);
		msg_die("'%s': %s", state_name(in), err);
	}
	msg_note("%d scenes", jv_array_length(jv_copy(segs)));
	st = jv_object_set(st, jv_string("segments"), segs);
	st = state_log(st, &clk, provider, NULL, jv_null());
	tool_write(st, oflag);
	if (calls_log("segment", 0, provider, req, &err) < 0)
		msg_die("%s", err);
	jv_free(req);
	jv_free(ctx);
	jv_free(prefs);
	jv_free(story);
	jv_free(text);
	return msg_close_stdout(MV_EXIT_OK);
}
