/*
 * mv-segment - split the story into scenes.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic.h"
#include "calls.h"
#include "conf.h"
#include "http.h"
#include "msg.h"
#include "safety.h"
#include "segment.h"
#include "state.h"
#include "textgen.h"
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
	const char *oflag = NULL, *in, *provider;
	struct step_clock clk;
	struct conf conf;
	struct llm_usage use = { 0 };
	struct safety *safe = NULL;
	jv st, ctx, prefs, story, text, segs, req, extra = jv_null();
	char *err, *why = NULL, *warn = NULL;
	int ch, offline;

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
	offline = tool_llm("SEGMENT", &conf, &safe);
	provider = conf.provider;

	st = tool_read(in, 1);
	ctx = tool_need(st, in, "context", JV_KIND_OBJECT, "mv-analyze");
	prefs = tool_need(st, in, "preferences", JV_KIND_OBJECT,
	    "mv-analyze");
	story = tool_need(st, in, "story", JV_KIND_OBJECT, "mv-story");
	text = state_field(story, "story", "text", KIND(JV_KIND_STRING),
	    "a string", 1);
	if (!jv_is_valid(text)) {
		err = json_msg(text);
		msg_die("'%s': %s", state_name(in), err);
	}
	req = JV_OBJECT(jv_string("text"), jv_copy(text),
	    jv_string("characters"), jv_object_get(jv_copy(ctx),
	    jv_string("characters")),
	    jv_string("setting"), jv_object_get(jv_copy(ctx),
	    jv_string("setting")),
	    jv_string("preferences"), jv_copy(prefs));
	if (!offline) {
		if (textgen_segment(&conf, ctx, prefs, jv_string_value(text),
		    safe, &segs, &why, &warn, &use, &err) < 0)
			msg_die("%s", err);
		extra = textgen_log(&conf, &use);
		if (warn != NULL) {
			msg_warn("%s", warn);
			extra = jv_object_set(extra, jv_string("warnings"),
			    JV_ARRAY(jv_string(warn)));
			free(warn);
		}
		if (why != NULL) {
			msg_note("the model's scenes are not the story word "
			    "for word (%s): the offline segmenter's are used",
			    why);
			extra = jv_object_set(extra, jv_string("fallback"),
			    jv_string("offline"));
			extra = jv_object_set(extra, jv_string("why"),
			    jv_string(why));
			free(why);
		}
	} else {
		if (calls_offline("segment", 0, &err) < 0)
			msg_die("%s", err);
		segs = segment_offline(ctx, prefs, jv_string_value(text));
		if (!jv_is_valid(segs)) {
			err = json_msg(segs);
			msg_die("'%s': %s", state_name(in), err);
		}
	}
	msg_note("%d scenes", jv_array_length(jv_copy(segs)));
	st = jv_object_set(st, jv_string("segments"), segs);
	st = state_log(st, &clk, provider, conf.model, extra);
	tool_write(st, oflag);
	if (calls_log("segment", 0, provider, req, &err) < 0)
		msg_die("%s", err);
	jv_free(req);
	jv_free(ctx);
	jv_free(prefs);
	jv_free(story);
	jv_free(text);
	safety_close(safe);
	conf_free(&conf);
	return msg_close_stdout(MV_EXIT_OK);
}
