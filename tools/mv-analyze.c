/*
 * mv-analyze - check and normalise a story brief; start the state.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/asset.h"
#include "core/atomic.h"
#include "story/brief.h"
#include "core/calls.h"
#include "core/conf.h"
#include "core/msg.h"
#include "core/state.h"
#include "core/text.h"
#include "story/textgen.h"
#include "core/tool.h"
#include "core/util.h"

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: %s [-h] [-o file] [-w id] [file]\n"
	    "       %s -P\n", msg_prog(), msg_prog());
	exit(status);
}

/* -P: the providers' settings as make records them (conf_params_mk). */
static int
print_params(int argc)
{
	char *s;

	if (argc > 0) {
		msg_warn("-P takes no operand");
		usage(MV_EXIT_USAGE);
	}
	s = conf_params_mk();
	fputs(s, stdout);
	free(s);
	return msg_close_stdout(MV_EXIT_OK);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *oflag = NULL, *wflag = NULL, *in, *tts;
	struct step_clock clk;
	struct conf conf;
	struct llm_usage use = { 0 };
	jv brief, norm, ctx, st, call, queries = jv_null(), extra = jv_null();
	char *id, *err;
	int ch, offline, pflag = 0;

	msg_init(argv[0]);
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":hPo:w:", longopts, NULL)) != -1)
		switch (ch) {
		case 'h':
			usage(MV_EXIT_OK);
			break;
		case 'P':
			pflag = 1;
			break;
		case 'o':
			oflag = optarg;
			break;
		case 'w':
			wflag = optarg;
			break;
		case 'V':
			tool_version();
		default:
			tool_bad_option(ch, argv);
			usage(MV_EXIT_USAGE);
		}
	argc -= optind;
	argv += optind;
	if (pflag)
		return print_params(argc);
	if (argc > 1) {
		msg_warn("too many operands");
		usage(MV_EXIT_USAGE);
	}
	if (wflag != NULL && !asset_id_ok(wflag)) {
		msg_warn("-w '%.80s': expected 1 to 64 letters, digits, '.', "
		    "'_' or '-'", wflag);
		usage(MV_EXIT_USAGE);
	}
	in = argc == 1 ? argv[0] : NULL;
	atomic_init();
	step_clock_start(&clk);
	offline = tool_llm("ANALYZE", &conf, TOOL_LLM_HTTP, NULL);

	brief = tool_read(in, 0);
	if (offline && calls_offline("analyze", 0, &err) < 0)
		msg_die("%s", err);
	norm = brief_normalise(brief);
	if (!jv_is_valid(norm)) {
		err = json_msg(norm);
		jv_free(brief);
		msg_die("'%s': %s", state_name(in), err);
	}
	/* Before anything is paid: a narrator must speak the language. */
	tts = getenv("MV_TTS");
	if ((err = brief_narrator_check(brief, norm, tts != NULL &&
	    *tts != '\0' ? tts : NULL)) != NULL)
		msg_die("'%s': %s", state_name(in), err);
	if (!offline) {
		jv out;

		if (textgen_analyze(&conf, norm, &out, &use, &err) < 0)
			msg_die("%s", err);
		jv_free(norm);
		queries = jv_object_get(jv_copy(out),
		    jv_string("search_queries"));
		norm = jv_object_delete(out, jv_string("search_queries"));
		extra = textgen_log(&conf, &use);
	}
	ctx = jv_object_get(jv_copy(norm), jv_string("context"));
	if (offline)
		queries = brief_queries(ctx);
	if (wflag != NULL)
		id = xstrdup(wflag);
	else {
		jv topic = jv_object_get(jv_copy(ctx), jv_string("topic"));

		id = text_slug(json_str(topic), 40);
		jv_free(topic);
	}
	call = jv_copy(brief);
	st = JV_OBJECT(jv_string("format"), jv_number(STATE_FORMAT),
	    jv_string("workflow_id"), jv_string(id),
	    jv_string("input"), brief,
	    jv_string("search_queries"), queries);
	st = jv_object_merge(st, norm);
	st = state_log(st, &clk, conf.provider, conf.model, extra);
	tool_write(st, oflag);
	/* A call is logged once its result is safely in place. */
	if (calls_log("analyze", 0, conf.provider, call, &err) < 0)
		msg_die("%s", err);
	jv_free(call);
	jv_free(ctx);
	free(id);
	conf_free(&conf);
	return msg_close_stdout(MV_EXIT_OK);
}
