/*
 * mv-research - gather background for the story (offline: none).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "atomic.h"
#include "msg.h"
#include "state.h"
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
	static const char *const providers[] = { "none", NULL };
	const char *oflag = NULL, *in, *provider;
	struct step_clock clk;
	jv st, queries, research;
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
	provider = tool_provider("MV_SEARCH", "none", providers);

	st = tool_read(in, 1);
	queries = tool_need(st, in, "search_queries", JV_KIND_ARRAY,
	    "mv-analyze");
	research = JV_OBJECT(jv_string("provider"), jv_string(provider),
	    jv_string("queries"), queries,
	    jv_string("results"), jv_array(),
	    jv_string("summary"), jv_string("No research was done: the "
	    "search provider is 'none', so the story rests on the brief "
	    "alone."));
	st = jv_object_set(st, jv_string("research"), research);
	st = state_log(st, &clk, provider, NULL, jv_null());
	tool_write(st, oflag);
	return msg_close_stdout(MV_EXIT_OK);
}
