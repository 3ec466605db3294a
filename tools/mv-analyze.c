/*
 * mv-analyze - check and normalise a story brief; start the state.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/asset.h"
#include "core/atomic.h"
#include "core/calls.h"
#include "core/conf.h"
#include "core/msg.h"
#include "core/state.h"
#include "core/text.h"
#include "core/tool.h"
#include "core/util.h"
#include "story/brief.h"
#include "story/textgen.h"

/* -P: the providers' settings as make records them (conf_params_mk). */
static int
print_params(void)
{
	char *s = conf_params_mk();

	fputs(s, stdout);
	free(s);
	return msg_close_stdout(MV_EXIT_OK);
}

/* The options: -o, -w and the brief's file (NULL: stdin); -P alone,
 * into *pflag. */
static void
options(int argc, char *argv[], const char **oflag, const char **wflag,
    const char **in, int *pflag)
{
	int ch;

	*oflag = *wflag = NULL;
	*pflag = 0;
	while ((ch = tool_getopt(argc, argv, "Po:w:",
	    "[-h] [-o file] [-w id] [file]\n-P")) != -1)
		if (ch == 'P')
			*pflag = 1;
		else if (ch == 'o')
			*oflag = optarg;
		else
			*wflag = optarg;
	if (*pflag && optind < argc) {
		msg_warn("-P takes no operand");
		tool_usage(MV_EXIT_USAGE);
	}
	*in = tool_operand(argc, argv);
	if (*wflag != NULL && !asset_id_ok(*wflag)) {
		msg_warn("-w '%.80s': expected 1 to 64 letters, digits, '.', "
		    "'_' or '-'", *wflag);
		tool_usage(MV_EXIT_USAGE);
	}
}

/*
 * The brief checked and normalised, the narrator able to speak its
 * language, then analysed by the model or offline: the state's fields
 * besides the brief itself, with the search queries in *queries and the
 * model's log entry in *extra.
 */
static jv
analyze(const char *in, jv brief, struct conf *conf, int offline,
    jv *queries, jv *extra)
{
	struct llm_usage use = { 0 };
	const char *tts;
	char *err;
	jv norm, ctx, out;

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
	jv_free(brief);
	if (offline) {
		ctx = jv_object_get(jv_copy(norm), jv_string("context"));
		*queries = brief_queries(ctx);
		jv_free(ctx);
		*extra = jv_null();
		return norm;
	}
	if (textgen_analyze(conf, norm, &out, &use, &err) < 0)
		msg_die("%s", err);
	jv_free(norm);
	*queries = jv_object_get(jv_copy(out), jv_string("search_queries"));
	*extra = textgen_log(conf, &use);
	return jv_object_delete(out, jv_string("search_queries"));
}

/* The workflow's id: -w, else the topic as a slug. */
static char *
workflow_id(const char *wflag, jv norm)
{
	jv topic;
	char *id;

	if (wflag != NULL)
		return xstrdup(wflag);
	topic = jv_object_get(jv_object_get(jv_copy(norm),
	    jv_string("context")), jv_string("topic"));
	id = text_slug(json_str(topic), 40);
	jv_free(topic);
	return id;
}

int
main(int argc, char *argv[])
{
	const char *oflag, *wflag, *in;
	struct step_clock clk;
	struct conf conf;
	jv brief, norm, st, queries, extra;
	char *id, *err;
	int offline, pflag;

	msg_init(argv[0]);
	options(argc, argv, &oflag, &wflag, &in, &pflag);
	if (pflag)
		return print_params();
	atomic_init();
	step_clock_start(&clk);
	offline = tool_llm("ANALYZE", &conf, TOOL_LLM_HTTP, NULL);

	brief = tool_read(in, 0);
	norm = analyze(in, jv_copy(brief), &conf, offline, &queries, &extra);
	id = workflow_id(wflag, norm);
	st = JV_OBJECT(jv_string("format"), jv_number(STATE_FORMAT),
	    jv_string("workflow_id"), jv_string(id),
	    jv_string("input"), jv_copy(brief),
	    jv_string("search_queries"), queries);
	st = jv_object_merge(st, norm);
	st = state_log(st, &clk, conf.provider, conf.model, extra);
	tool_write(st, oflag);
	/* A call is logged once its result is safely in place. */
	if (calls_log("analyze", 0, conf.provider, brief, &err) < 0)
		msg_die("%s", err);
	jv_free(brief);
	free(id);
	conf_free(&conf);
	return msg_close_stdout(MV_EXIT_OK);
}
