/*
 * mv-story - tell the story of the brief.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/atomic.h"
#include "core/calls.h"
#include "core/conf.h"
#include "core/http.h"
#include "core/lang.h"
#include "core/msg.h"
#include "core/safety.h"
#include "core/state.h"
#include "core/tool.h"
#include "story/story.h"
#include "story/textgen.h"

/*
 * "story: 98 words, asked about 450: the video will be about 39 s": the
 * figure, the target and what it means, for a story kept though its
 * length is off; in characters where the language counts them.
 */
static jv
length_warning(double words, double target, jv prefs)
{
	jv tag = jv_object_get(jv_copy(prefs), jv_string("language"));
	const char *t = jv_get_kind(tag) == JV_KIND_STRING ?
	    jv_string_value(tag) : NULL;
	double s = words * 60 / lang_per_minute(t, json_num(jv_object_get(
	    jv_copy(prefs), jv_string("narration_wpm")), 150));
	jv out;

	if (s < 90)
		out = jv_string_fmt("story: %.0f %s, asked about %.0f: the "
		    "video will be about %.0f s", words, lang_unit(t), target,
		    s);
	else
		out = jv_string_fmt("story: %.0f %s, asked about %.0f: the "
		    "video will be about %.1f min", words, lang_unit(t), target,
		    s / 60);
	jv_free(tag);
	return out;
}

/* The options: -o and the state's file (NULL: stdin). */
static void
options(int argc, char *argv[], const char **oflag, const char **in)
{
	*oflag = NULL;
	while (tool_getopt(argc, argv, "o:", "[-h] [-o file] [file]") != -1)
		*oflag = optarg;
	*in = tool_operand(argc, argv);
}

/*
 * What the story is told from (the call's request, logged): the context,
 * the preferences and the research's summary of the state st (borrowed).
 */
static jv
request(jv st, const char *in)
{
	jv ctx = tool_need(st, in, "context", JV_KIND_OBJECT, "mv-analyze");
	jv prefs = tool_need(st, in, "preferences", JV_KIND_OBJECT,
	    "mv-analyze");
	jv research = jv_object_get(jv_copy(st), jv_string("research"));
	jv req = JV_OBJECT(jv_string("context"), ctx,
	    jv_string("preferences"), prefs,
	    jv_string("research"), jv_get_kind(research) == JV_KIND_OBJECT ?
	    jv_object_get(jv_copy(research), jv_string("summary")) :
	    jv_null());

	jv_free(research);
	return req;
}

/*
 * The story told from req (borrowed) by the model or offline; *extra gets
 * the model's log entry (or null).
 */
static jv
tell(struct conf *conf, int offline, struct safety *safe, jv req, jv *extra)
{
	struct llm_usage use = { 0 };
	jv ctx, prefs, sum, story;
	char *err;

	ctx = jv_object_get(jv_copy(req), jv_string("context"));
	prefs = jv_object_get(jv_copy(req), jv_string("preferences"));
	*extra = jv_null();
	if (offline) {
		if (calls_offline("story", 0, &err) < 0)
			msg_die("%s", err);
		story = story_offline(ctx, prefs);
	} else {
		sum = jv_object_get(jv_copy(req), jv_string("research"));
		if (textgen_story(conf, ctx, prefs, sum, safe, &story, &use,
		    &err) < 0)
			msg_die("%s", err);
		jv_free(sum);
		*extra = textgen_log(conf, &use);
	}
	jv_free(ctx);
	jv_free(prefs);
	return story;
}

/*
 * extra with a warning when the story's length is off its target: a
 * model's story by more than a quarter short or a third long, an offline
 * one (which adds no events of its own) under 60 % of it.
 */
static jv
length_checked(jv extra, jv story, jv req, int offline)
{
	jv prefs = jv_object_get(jv_copy(req), jv_string("preferences"));
	double words = json_num(jv_object_get(jv_copy(story),
	    jv_string("word_count")), 0);
	double target = json_num(jv_object_get(jv_copy(story),
	    jv_string("target_words")), 0);

	if (!offline && (words < target * 0.75 || words > target * 1.35)) {
		jv w = length_warning(words, target, prefs);

		msg_warn("%s", jv_string_value(w));
		extra = jv_object_set(extra, jv_string("warnings"),
		    JV_ARRAY(w));
	} else if (offline && words < target * 0.6) {
		jv tag = jv_object_get(jv_copy(prefs), jv_string("language"));
		const char *u = lang_unit(jv_get_kind(tag) == JV_KIND_STRING ?
		    jv_string_value(tag) : NULL);
		jv w = jv_string_fmt("the story has %.0f %s of a budget of "
		    "%.0f: the offline storyteller adds no events the brief "
		    "does not have", words, u, target);

		jv_free(tag);
		msg_note("%s", jv_string_value(w));
		jv_free(extra);
		extra = JV_OBJECT(jv_string("warnings"), JV_ARRAY(w));
	}
	jv_free(prefs);
	return extra;
}

int
main(int argc, char *argv[])
{
	const char *oflag, *in;
	struct step_clock clk;
	struct conf conf;
	struct safety *safe = NULL;
	jv st, story, req, extra;
	char *err;
	int offline;

	msg_init(argv[0]);
	options(argc, argv, &oflag, &in);
	atomic_init();
	step_clock_start(&clk);
	offline = tool_llm("STORY", &conf, TOOL_LLM_SAFETY, &safe);

	st = tool_read(in, 1);
	req = request(st, in);
	story = tell(&conf, offline, safe, req, &extra);
	extra = length_checked(extra, story, req, offline);
	st = jv_object_set(st, jv_string("story"), story);
	st = state_log(st, &clk, conf.provider, conf.model, extra);
	tool_write(st, oflag);
	/* A call is logged once its result is safely in place. */
	if (calls_log("story", 0, conf.provider, req, &err) < 0)
		msg_die("%s", err);
	jv_free(req);
	safety_close(safe);
	conf_free(&conf);
	return msg_close_stdout(MV_EXIT_OK);
}
