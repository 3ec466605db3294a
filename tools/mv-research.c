/*
 * mv-research - gather background for the story: search the web (or
 * nothing, offline) and summarise what was found for children.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/atomic.h"
#include "core/conf.h"
#include "core/http.h"
#include "core/json.h"
#include "core/msg.h"
#include "core/safety.h"
#include "core/state.h"
#include "core/tool.h"
#include "services/search.h"
#include "story/research.h"

/* The command line into *oflag and *in; exits on a bad one. */
static void
options(int argc, char *argv[], const char **oflag, const char **in)
{
	*oflag = NULL;
	while (tool_getopt(argc, argv, "o:", "[-h] [-o file] [file]") != -1)
		*oflag = optarg;
	*in = tool_operand(argc, argv);
}

int
main(int argc, char *argv[])
{
	const char *oflag, *in;
	struct step_clock clk;
	struct conf sc, lc;
	struct safety *sf = NULL;
	struct research_summary sum;
	jv st, queries, asked, results, report;
	char *err = NULL, *note;

	msg_init(argv[0]);
	options(argc, argv, &oflag, &in);
	atomic_init();
	step_clock_start(&clk);
	if (conf_search(&sc, &err) < 0)
		msg_die("%s", err);
	st = tool_read(in, 1);
	queries = tool_need(st, in, "search_queries", JV_KIND_ARRAY,
	    "mv-analyze");
	if (strcmp(sc.provider, "none") == 0) {
		tool_write(research_none(st, queries, &clk), oflag);
		conf_free(&sc);
		return msg_close_stdout(MV_EXIT_OK);
	}

	http_init();
	if (safety_open(&sf, &err) < 0)
		msg_die("%s", err);
	tool_llm("RESEARCH", &lc, 0, NULL);
	asked = research_queries(st, queries);
	jv_free(queries);
	results = search_run(&sc, asked, sf, &report);
	if (!jv_is_valid(results))
		msg_die("%s", (err = json_msg(results)));
	if ((note = research_blocked_note(report)) != NULL)
		msg_note("%s", note);
	free(note);
	if (research_summarize(st, &lc, results, sf, &sum, &err) < 0)
		msg_die("%s", err);
	if (sum.note != NULL)
		msg_note("%s", sum.note);
	st = research_record(st, &sc, &lc, asked, results, report, &sum,
	    &clk);
	tool_write(st, oflag);
	/* A call is logged once its result is safely in place. */
	if (research_log_calls(&sc, &lc, asked, &sum, &err) < 0)
		msg_die("%s", err);
	research_summary_release(&sum);
	jv_free(report);
	jv_free(asked);
	safety_close(sf);
	conf_free(&lc);
	conf_free(&sc);
	return msg_close_stdout(MV_EXIT_OK);
}
