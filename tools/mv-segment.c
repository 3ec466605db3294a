/*
 * mv-segment - split the story into scenes; or, with -r, write one
 * scene's words again (another take, make redo WHAT=text).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/atomic.h"
#include "core/calls.h"
#include "core/conf.h"
#include "core/http.h"
#include "core/msg.h"
#include "core/safety.h"
#include "core/state.h"
#include "core/tool.h"
#include "core/util.h"
#include "story/lines.h"
#include "story/retake.h"
#include "story/segment.h"
#include "story/textgen.h"

/*
 * -r: take (2 or more) of scene no's words in the script st (the
 * segments state, from in): its lines again from the text model, or
 * offline another wording, as the take's record: {scene, take, provider,
 * model, temperature (a model's), lines, narration, log}.
 */
static jv
retake(jv st, const char *in, int no, int take)
{
	struct conf conf;
	struct safety *safe = NULL;
	struct llm_usage use = { 0 };
	jv ctx = tool_need(st, in, "context", JV_KIND_OBJECT, "mv-analyze");
	jv prefs = tool_need(st, in, "preferences", JV_KIND_OBJECT,
	    "mv-analyze");
	jv segs = tool_segments(st, in), chars, sg, lines, lang, req, rec;
	jv extra = jv_null();
	char *err, *narr;
	int offline = tool_llm("SEGMENT", &conf, TOOL_LLM_SAFETY, &safe);

	if (no > jv_array_length(jv_copy(segs)))
		msg_die("-r %d: '%s' has %d scenes", no, state_name(in),
		    jv_array_length(jv_copy(segs)));
	chars = jv_object_get(jv_copy(ctx), jv_string("characters"));
	sg = jv_array_get(jv_copy(segs), no - 1);
	lines = lines_of_scene(sg, chars);
	if (!offline)
		conf.temperature = retake_temperature(conf.temperature, take);
	req = JV_OBJECT(jv_string("scene"), jv_number(no), jv_string("take"),
	    jv_number(take), jv_string("lines"), jv_copy(lines));
	if (!offline)
		req = jv_object_set(req, jv_string("temperature"),
		    jv_number(conf.temperature));
	if (offline) {
		if (calls_offline("segment", no, &err) < 0)
			msg_die("%s", err);
		lang = jv_object_get(jv_copy(prefs), jv_string("language"));
		rec = retake_offline(lines, chars, jv_get_kind(lang) ==
		    JV_KIND_STRING ? jv_string_value(lang) : NULL, take);
		jv_free(lang);
		if (!jv_is_valid(rec))
			msg_die("scene %d: %s", no, json_msg(rec));
	} else {
		if (retake_model(&conf, ctx, prefs, segs, no, take, safe, &rec,
		    &use, &err) < 0)
			msg_die("scene %d: %s", no, err);
		extra = textgen_log(&conf, &use);
	}
	narr = lines_join(rec);
	rec = JV_OBJECT(jv_string("scene"), jv_number(no), jv_string("take"),
	    jv_number(take), jv_string("provider"), jv_string(conf.provider),
	    jv_string("model"), conf.model != NULL && !offline ?
	    jv_string(conf.model) : jv_null(), jv_string("lines"), rec,
	    jv_string("narration"), jv_string(narr));
	if (!offline)
		rec = jv_object_set(rec, jv_string("temperature"),
		    jv_number(conf.temperature));
	if (jv_get_kind(extra) == JV_KIND_OBJECT)
		rec = jv_object_set(rec, jv_string("log"), extra);
	else
		jv_free(extra);
	if (calls_log("segment", no, conf.provider, req, &err) < 0)
		msg_die("%s", err);
	free(narr);
	jv_free(req);
	jv_free(lines);
	jv_free(sg);
	jv_free(chars);
	jv_free(segs);
	jv_free(ctx);
	jv_free(prefs);
	safety_close(safe);
	conf_free(&conf);
	return rec;
}

/* The command line: -o into *oflag, the operand into *in, -r and -t
 * into *rflag and *tflag (0 when not given); exits on a bad one. */
static void
options(int argc, char *argv[], const char **oflag, const char **in,
    int *rflag, int *tflag)
{
	int ch;

	*oflag = NULL;
	*rflag = *tflag = 0;
	while ((ch = tool_getopt(argc, argv, "o:r:t:", "[-h] [-o file] [file]\n"
	    "-r scene -t take [-o file] [file]")) != -1)
		switch (ch) {
		case 'o':
			*oflag = optarg;
			break;
		case 'r':
			if ((*rflag = tool_scene(optarg)) < 0) {
				msg_warn("-r '%s': expected a scene number, 1 "
				    "to 999", optarg);
				tool_usage(MV_EXIT_USAGE);
			}
			break;
		case 't':
			*tflag = atoi(optarg);
			if (*tflag < 2 || *tflag > 9999 ||
			    strspn(optarg, "0123456789") != strlen(optarg)) {
				msg_warn("-t '%s': expected a take number, 2 "
				    "to 9999 (take 1 is the words as first "
				    "written)", optarg);
				tool_usage(MV_EXIT_USAGE);
			}
			break;
		}
	*in = tool_operand(argc, argv);
	if ((*rflag > 0) != (*tflag > 0)) {
		msg_warn("-r and -t go together");
		tool_usage(MV_EXIT_USAGE);
	}
}

/* The model's scenes of text (ctx and prefs borrowed) into *segs; its
 * log entry, with any warning and the offline fallback, returned. */
static jv
by_model(const struct conf *conf, jv ctx, jv prefs, const char *text,
    struct safety *safe, jv *segs)
{
	struct llm_usage use = { 0 };
	char *err, *why = NULL, *warn = NULL;
	jv extra;

	if (textgen_segment(conf, ctx, prefs, text, safe, segs, &why, &warn,
	    &use, &err) < 0)
		msg_die("%s", err);
	extra = textgen_log(conf, &use);
	if (warn != NULL) {
		msg_warn("%s", warn);
		extra = jv_object_set(extra, jv_string("warnings"),
		    JV_ARRAY(jv_string(warn)));
		free(warn);
	}
	if (why != NULL) {
		msg_note("the model's scenes are not the story word for word "
		    "(%s): the offline segmenter's are used", why);
		extra = jv_object_set(extra, jv_string("fallback"),
		    jv_string("offline"));
		extra = jv_object_set(extra, jv_string("why"), jv_string(why));
		free(why);
	}
	return extra;
}

/* The offline segmenter's scenes of text (ctx and prefs borrowed). */
static jv
by_offline(jv ctx, jv prefs, const char *text, const char *in)
{
	char *err;
	jv segs;

	if (calls_offline("segment", 0, &err) < 0)
		msg_die("%s", err);
	segs = segment_offline(ctx, prefs, text);
	if (!jv_is_valid(segs)) {
		err = json_msg(segs);
		msg_die("'%s': %s", state_name(in), err);
	}
	return segs;
}

int
main(int argc, char *argv[])
{
	const char *oflag, *in;
	int rflag, tflag, offline;
	struct step_clock clk;
	struct conf conf;
	struct safety *safe = NULL;
	jv st, ctx, prefs, story, text, segs, req, extra = jv_null();
	char *err;

	msg_init(argv[0]);
	options(argc, argv, &oflag, &in, &rflag, &tflag);
	atomic_init();
	if (rflag > 0) {
		st = tool_read(in, 1);
		tool_write(retake(st, in, rflag, tflag), oflag);
		jv_free(st);
		return msg_close_stdout(MV_EXIT_OK);
	}
	step_clock_start(&clk);
	offline = tool_llm("SEGMENT", &conf, TOOL_LLM_SAFETY, &safe);

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
	if (!offline)
		extra = by_model(&conf, ctx, prefs, jv_string_value(text), safe,
		    &segs);
	else
		segs = by_offline(ctx, prefs, jv_string_value(text), in);
	msg_note("%d scenes", jv_array_length(jv_copy(segs)));
	st = jv_object_set(st, jv_string("segments"), segs);
	st = state_log(st, &clk, conf.provider, conf.model, extra);
	tool_write(st, oflag);
	if (calls_log("segment", 0, conf.provider, req, &err) < 0)
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
