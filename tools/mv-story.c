/*
 * mv-story - tell the story of the brief.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "atomic.h"
#include "calls.h"
#include "msg.h"
#include "state.h"
#include "story.h"
#include "tool.h"

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
	jv st, ctx, prefs, story, research, req, extra = jv_null();
	char *err;
	double words, target;
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
	research = jv_object_get(jv_copy(st), jv_string("research"));
	req = JV_OBJECT(jv_string("context"), jv_copy(ctx),
	    jv_string("preferences"), jv_copy(prefs),
	    jv_string("research"), jv_get_kind(research) == JV_KIND_OBJECT ?
	    jv_object_get(jv_copy(research), jv_string("summary")) :
	    jv_null());
	jv_free(research);
	if (calls_offline("story", 0, &err) < 0)
		msg_die("%s", err);
	story = story_offline(ctx, prefs);
	words = jnum(jv_object_get(jv_copy(story), jv_string("word_count")),
	    0);
	target = jnum(jv_object_get(jv_copy(story),
	    jv_string("target_words")), 0);
	if (words < target * 0.6) {
		jv w = jv_string_fmt("the story has %.0f words of a %.0f-word "
		    "budget: the offline storyteller adds no events the brief "
		    "does not have", words, target);

		msg_note("%s", jv_string_value(w));
		extra = JV_OBJECT(jv_string("warnings"), JV_ARRAY(w));
	}
	st = jv_object_set(st, jv_string("story"), story);
	st = state_log(st, &clk, provider, NULL, extra);
	tool_write(st, oflag);
	if (calls_log("story", 0, provider, req, &err) < 0)
		msg_die("%s", err);
	jv_free(req);
	jv_free(ctx);
	jv_free(prefs);
	return msg_close_stdout(MV_EXIT_OK);
}
