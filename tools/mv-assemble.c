/*
 * mv-assemble - narrate every scene and render the video, its subtitles
 * and an end card that states the moral.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/asset.h"
#include "core/atomic.h"
#include "core/conf.h"
#include "core/json.h"
#include "core/msg.h"
#include "core/state.h"
#include "core/tool.h"
#include "core/util.h"
#include "media/render.h"
#include "offline/illustrate.h"
#include "video/board.h"
#include "video/cards.h"
#include "video/join.h"
#include "video/mix.h"
#include "video/narration.h"
#include "video/plan.h"
#include "video/record.h"

#define CARD_SECONDS 3	/* the end card, stating the moral */
#define TITLE_SECONDS 3	/* the title card */

/* -n's operand: a scene "N" (*line 0) or a line of one "N-L"; the
 * scene, or -1. */
static int
clip_of(const char *arg, int *line)
{
	const char *dash = strchr(arg, '-');
	char *sc;
	int no;

	*line = 0;
	if (dash == NULL)
		return tool_scene(arg);
	sc = xasprintf("%.*s", (int)(dash - arg), arg);
	no = tool_scene(sc);
	free(sc);
	if (no < 0 || (*line = tool_scene(dash + 1)) < 0)
		return -1;
	return no;
}

/* Everything a run is asked for. */
struct opts {
	struct video v;
	double xfade;
	const char *music;
	double loudness;
	const char *aspect;
	int sized;		/* -s or -a chose the size */
	const char *dflag, *gflag, *nflag, *oflag, *in;
	int Aflag, cflag, kflag, Kflag, xflag, Xflag;
	char **settings;	/* -k: the operands */
	int nsettings;
	int scene, line;	/* -n */
};

/* The state a run reads, and what it makes of it. */
struct run {
	struct opts *o;
	struct conf tc;
	struct step_clock clk;
	struct cast_of cast;
	struct scenes sc;
	struct compose cp;
	jv st, ctx, prefs, segs, story, scenes, provs;
	char *dir, *voice;
	const char *spoken;	/* the engine that speaks offline */
	int on;			/* narrated */
	int offline;		/* spoken here: espeak-ng or libflite */
	long total;		/* frames */
};

/* Prints the warning of a bad option's argument and the usage; exits. */
static void
bad_arg(int ch, const char *arg, const char *want)
{
	msg_warn("-%c '%s': expected %s", ch, arg, want);
	tool_usage(MV_EXIT_USAGE);
}

/* The value of arg, checked as the setting name (conf_setting), or a bad
 * argument. */
static const char *
setting_of(int ch, const char *arg, const char *name, const char *want)
{
	char *why;

	if (conf_setting(name, arg, &why) < 0) {
		free(why);
		bad_arg(ch, arg, want);
	}
	return arg;
}

/* -a: an aspect ratio, which sizes the video unless -s did. */
static void
aspect_option(struct opts *o, const char *arg)
{
	int k;

	setting_of('a', arg, "ASPECT", "16:9, 9:16 or 1:1");
	for (k = 0; strcmp(arg, conf_aspects[k].name) != 0; k++)
		;
	o->aspect = conf_aspects[k].name;
	if (!o->sized || o->sized == 'a') {
		o->v.width = conf_aspects[k].w;
		o->v.height = conf_aspects[k].h;
		o->sized = 'a';
	}
}

/* The options that shape the video; 0, or -1 when ch is not one. */
static int
video_option(struct opts *o, int ch, const char *arg)
{
	switch (ch) {
	case 'a':
		aspect_option(o, arg);
		break;
	case 'L':
		o->loudness = strtod(setting_of(ch, arg, "LOUDNESS",
		    "a loudness of -70 to -5 LUFS"), NULL);
		break;
	case 'm':
		o->music = *arg != '\0' ? arg : NULL;
		break;
	case 'p':
		o->v.preset = setting_of(ch, arg, "PRESET", "an x264 preset, "
		    "ultrafast to veryslow");
		break;
	case 'q':
		o->v.crf = atoi(setting_of(ch, arg, "CRF", "a CRF of 0 to 51"));
		break;
	case 'r':
		o->v.fps = atoi(setting_of(ch, arg, "FPS", "a frame rate of 24, "
		    "25, 30, 48, 50 or 60"));
		break;
	case 's':
		if (tool_size(arg, &o->v.width, &o->v.height) < 0)
			tool_usage(MV_EXIT_USAGE);
		o->sized = 's';
		break;
	case 'S':
		o->v.subtitles = 0;
		break;
	case 't':
		o->xfade = strtod(setting_of(ch, arg, "CROSSFADE",
		    "a crossfade of 0 to 2 seconds"), NULL);
		break;
	default:
		return -1;
	}
	return 0;
}

/* The options that choose the mode and the files. */
static void
mode_option(struct opts *o, int ch)
{
	switch (ch) {
	case 'A':
		o->Aflag = 1;
		break;
	case 'c':
		o->cflag = 1;
		break;
	case 'd':
		o->dflag = optarg;
		break;
	case 'g':
		o->gflag = optarg;
		if (strlen(optarg) > 16 || optarg[strspn(optarg,
		    "abcdefghijklmnopqrstuvwxyz0123456789")] != '\0' ||
		    *optarg == '\0')
			bad_arg(ch, optarg, "a segment name (from "
			    "segments/index)");
		break;
	case 'k':
		o->kflag = 1;
		break;
	case 'K':
		o->Kflag = 1;
		break;
	case 'n':
		o->nflag = optarg;
		if ((o->scene = clip_of(optarg, &o->line)) < 0)
			bad_arg(ch, optarg, "a scene number from 1 to 999, or "
			    "a scene's line as SCENE-LINE");
		break;
	case 'o':
		o->oflag = optarg;
		break;
	case 'x':
		o->xflag = 1;
		break;
	case 'X':
		o->Xflag = 1;
		break;
	}
}

/* The options and the operand, checked to go together. */
static void
options(int argc, char *argv[], struct opts *o)
{
	int ch;

	memset(o, 0, sizeof *o);
	o->v.fps = 30;
	o->v.crf = 23;
	o->v.preset = "veryfast";
	o->v.subtitles = 1;
	o->xfade = 0.5;
	o->loudness = -16;
	while ((ch = tool_getopt(argc, argv, "AKL:SXa:cd:g:km:n:o:p:q:r:s:t:x",
	    "[-AKSXchx] [-a aspect] [-d dir] [-g segment] [-L lufs] "
	    "[-m music] [-n scene] [-o file] [-p preset] [-q crf] [-r fps] "
	    "[-s size] [-t seconds] [file]\n-k setting ...")) != -1)
		if (video_option(o, ch, optarg) < 0)
			mode_option(o, ch);
	argc -= optind;
	argv += optind;
	if (o->Aflag + o->cflag + o->kflag + o->xflag + o->Xflag +
	    (o->nflag != NULL) + (o->gflag != NULL) > 1) {
		msg_warn("-A, -c, -g, -k, -n, -x and -X do not go together");
		tool_usage(MV_EXIT_USAGE);
	}
	if (o->kflag) {
		o->settings = argv;
		o->nsettings = argc;
		return;
	}
	if (argc > 1 || (o->gflag && argc > 0)) {
		msg_warn("too many operands");
		tool_usage(MV_EXIT_USAGE);
	}
	if ((o->Aflag || o->xflag || o->Xflag || o->nflag || o->gflag) &&
	    o->oflag != NULL) {
		msg_warn("-%c writes files beside the state, not a state: no -o",
		    o->Aflag ? 'A' : o->xflag ? 'x' : o->Xflag ? 'X' :
		    o->nflag ? 'n' : 'g');
		tool_usage(MV_EXIT_USAGE);
	}
	o->in = argc == 1 ? argv[0] : NULL;
	/* Read-along: burned in, each word lit as it is spoken. */
	if (o->Kflag && o->v.subtitles)
		o->v.subtitles = 2;
}

/*
 * -k: each operand a workflow's setting, NAME=value, checked as the
 * programs read it (conf_setting); each refused one on stdout with why.
 */
static int
settings_mode(const struct opts *o)
{
	int i, bad = 0;

	for (i = 0; i < o->nsettings; i++) {
		const char *kv = o->settings[i], *eq = strchr(kv, '=');
		char *name, *why;

		if (eq == NULL || eq == kv) {
			msg_warn("'%s': expected NAME=value", kv);
			tool_usage(MV_EXIT_USAGE);
		}
		name = xasprintf("%.*s", (int)(eq - kv), kv);
		if (conf_setting(name, eq + 1, &why) < 0) {
			printf("%s: %s\n", kv, why);
			bad = 1;
		}
		free(name);
		free(why);
	}
	return msg_close_stdout(bad ? MV_EXIT_FAIL : MV_EXIT_OK);
}

/* -g: one segment, from its request alone. */
static int
segment_mode(const struct opts *o)
{
	char *dir = asset_dir(o->dflag, NULL), *err;

	if (asset_dir_check(dir, &err) < 0 ||
	    plan_render_one(dir, o->gflag, &err) < 0)
		msg_die("%s", err);
	free(dir);
	return msg_close_stdout(MV_EXIT_OK);
}

/* The state, the asset folder and the narration's provider. */
static void
run_load(struct run *r, struct opts *o)
{
	char *err;

	memset(r, 0, sizeof *r);
	r->o = o;
	r->provs = jv_null();
	r->story = r->scenes = jv_null();
	r->sc.lines = jv_null();
	step_clock_start(&r->clk);
	if (conf_tts(&r->tc, &err) < 0)
		msg_die("%s", err);
	r->offline = strcmp(r->tc.provider, "espeak") == 0 ||
	    strcmp(r->tc.provider, "flite") == 0;
	r->st = tool_read(o->in, 1);
	r->ctx = tool_need(r->st, o->in, "context", JV_KIND_OBJECT,
	    "mv-analyze");
	r->prefs = tool_need(r->st, o->in, "preferences", JV_KIND_OBJECT,
	    "mv-analyze");
	r->segs = tool_need(r->st, o->in, "segments", JV_KIND_ARRAY,
	    "mv-segment");
	r->dir = asset_dir(o->dflag, o->oflag);
	if (asset_dir_check(r->dir, &err) < 0)
		msg_die("%s", err);
	/* MV_TTS=none narrates nothing, as preferences.narration false. */
	r->on = jv_get_kind(jv_object_get(jv_copy(r->prefs),
	    jv_string("narration"))) != JV_KIND_FALSE &&
	    strcmp(r->tc.provider, "none") != 0;
}

static int
run_free(struct run *r)
{
	plan_free(&r->sc);
	narration_cast_free(&r->cast);
	conf_free(&r->tc);
	jv_free(r->provs);
	free(r->voice);
	free(r->dir);
	jv_free(r->ctx);
	jv_free(r->prefs);
	jv_free(r->story);
	jv_free(r->segs);
	jv_free(r->scenes);
	jv_free(r->st);
	return msg_close_stdout(MV_EXIT_OK);
}

static void
narration_dir(const struct run *r)
{
	char *sub = xasprintf("%s/narration", r->dir), *err;

	if (atomic_mkdirs(sub, &err) < 0)
		msg_die("%s", err);
	free(sub);
}

/* The cast of the narration; with tell, a warning for each voice the
 * brief names that the provider lacks. */
static void
cast_init(struct run *r, int tell)
{
	jv notes = narration_cast_init(&r->cast, &r->tc, r->ctx, r->prefs);

	jv_array_foreach(notes, i, n) {
		(void)i;
		if (tell)
			msg_warn("%s", jv_string_value(n));
		jv_free(n);
	}
	jv_free(notes);
}

/* -x and -n: narration needs only the segments and preferences. */
static void
narration_mode(struct run *r)
{
	const struct opts *o = r->o;
	char *err;
	jv seg;

	narration_dir(r);
	cast_init(r, o->xflag);
	if (o->xflag) {
		if (narration_export(&r->cast, r->segs, r->dir, r->on,
		    &err) < 0)
			msg_die("%s", err);
		return;
	}
	if (!r->on)
		msg_die("'%s': %s: there is nothing to speak",
		    state_name(o->in), strcmp(r->tc.provider, "none") == 0 ?
		    "MV_TTS is none" : "preferences.narration is false");
	seg = state_segment(r->segs, o->scene);
	if (jv_get_kind(seg) != JV_KIND_OBJECT)
		msg_die("'%s': segments: no scene %d", state_name(o->in),
		    o->scene);
	if (narration_speak_scene(&r->cast, seg, o->line, r->dir, o->in,
	    &err) < 0)
		msg_die("%s", err);
}

/* The whole step's narration: spoken now, each clip in turn offline, or
 * every clip at once from a service, up to MV_CONCURRENCY. */
static void
narrate(struct run *r)
{
	int n = jv_array_length(jv_copy(r->segs));
	int wpm = narration_wpm(r->prefs);
	char *err;

	narration_dir(r);
	if (strcmp(r->spoken, "flite") == 0)
		msg_note("narrating %d scenes with flite (%s, %d wpm)", n,
		    r->voice, wpm);
	else if (r->offline)
		msg_note("narrating %d scenes with espeak-ng (%s, %d wpm)", n,
		    r->voice, wpm);
	else {
		msg_note("narrating %d scenes with %s (%s, %s)", n,
		    r->tc.provider, r->tc.model ? r->tc.model : "-",
		    r->tc.voice ? r->tc.voice : "-");
		if (narration_voice_all(&r->cast, r->segs, r->dir, &r->provs,
		    &err) < 0)
			msg_die("%s", err);
	}
}

/* The scenes, their pictures and narration (spoken now unless -A, -c or
 * -X uses what -n made), and the plan of the video's frames. */
static void
video_load(struct run *r)
{
	struct opts *o = r->o;
	int whole = !o->cflag && !o->Xflag && !o->Aflag;
	char *err;

	r->story = tool_need(r->st, o->in, "story", JV_KIND_OBJECT,
	    "mv-story");
	r->scenes = tool_need(r->st, o->in, "scenes", JV_KIND_ARRAY,
	    "mv-design");
	if (!o->sized && plan_size(&o->v, r->segs, r->scenes, r->dir, o->in,
	    &err) < 0)
		msg_die("%s", err);
	o->v.fade = lround(o->xfade * o->v.fps);
	o->v.title_frames = (long)TITLE_SECONDS * o->v.fps;
	o->v.card_frames = (long)CARD_SECONDS * o->v.fps;
	narration_engine(&r->tc, r->prefs, &r->voice, &r->spoken);
	cast_init(r, whole);
	if (whole && r->on)
		narrate(r);
	if (plan_load(&r->sc, r->segs, r->scenes, &r->cast, r->dir, o->in,
	    r->on, whole && r->offline, &err) < 0)
		msg_die("%s", err);
	r->total = render_plan(&o->v, r->sc.clips, (size_t)r->sc.n);
	mix_init(&r->cp, &o->v, &r->sc, r->total, r->dir, o->music,
	    o->loudness);
}

/* The join of the segments and the sound, the storyboard, and the state
 * that records them. */
static void
video_finish(struct run *r)
{
	jv tv = jv_object_get(jv_copy(r->story), jv_string("title"));
	jv mv = jv_object_get(jv_copy(r->ctx), jv_string("moral_lesson"));
	const char *title = jv_get_kind(tv) == JV_KIND_STRING ?
	    jv_string_value(tv) : NULL;
	char *board = xasprintf("%s/storyboard.png", r->dir), *err;
	struct record rec;

	memset(&rec, 0, sizeof rec);
	if (plan_check(&r->o->v, &r->sc, r->dir, &rec.names, &err) < 0 ||
	    join_video(&r->cp, &r->sc, rec.names, title, json_str(mv),
	    &rec.bytes, &err) < 0 ||
	    board_make(r->st, r->dir, &r->sc, title, board, &err) < 0)
		msg_die("%s", err);
	msg_note("wrote '%s/video.mp4' (%.1f s)", r->dir,
	    (double)r->total / r->o->v.fps);
	rec.sc = &r->sc;
	rec.cp = &r->cp;
	rec.cast = &r->cast;
	rec.tc = &r->tc;
	rec.clk = &r->clk;
	rec.dir = r->dir;
	rec.spoken = r->spoken;
	rec.voice = r->voice;
	rec.offline = r->offline;
	rec.made = r->o->cflag;
	rec.provs = r->provs;
	rec.total = r->total;
	tool_write(record_state(r->st, &rec), r->o->oflag);
	r->st = jv_null();	/* tool_write took it */
	jv_free(rec.names);
	jv_free(tv);
	jv_free(mv);
	free(board);
}

/* The title card and the end card. */
static void
cards(const struct run *r)
{
	char *note, *err;
	int rc = cards_draw(&r->o->v, r->dir, r->ctx, r->story, r->prefs,
	    &note, &err);

	if (note != NULL)
		msg_warn("%s", note);
	free(note);
	if (rc < 0)
		msg_die("%s", err);
}

/* -X, -A, -c or the whole step: the video's modes. */
static void
video_mode(struct run *r)
{
	const struct opts *o = r->o;
	char *err;
	jv reqs;

	video_load(r);
	if (o->Xflag) {
		cards(r);
		if (plan_write(&o->v, &r->sc, r->dir, &reqs, &err) < 0)
			msg_die("%s", err);
		jv_free(reqs);
		return;
	}
	if ((o->cflag ? mix_check(&r->cp, &err) : mix_make(&r->cp, &err)) < 0)
		msg_die("%s", err);
	if (o->Aflag)
		return;
	if (!o->cflag) {
		msg_note("rendering %.1f s of video at %dx%d, %d fps",
		    (double)r->total / o->v.fps, o->v.width, o->v.height,
		    o->v.fps);
		cards(r);
		if (plan_render_all(&o->v, &r->sc, r->dir, r->total,
		    &err) < 0)
			msg_die("%s", err);
	}
	video_finish(r);
}

int
main(int argc, char *argv[])
{
	struct opts o;
	struct run r;

	msg_init(argv[0]);
	options(argc, argv, &o);
	if (o.kflag)
		return settings_mode(&o);
	atomic_init();
	atexit(illustrate_cleanup);
	if (o.gflag)
		return segment_mode(&o);
	run_load(&r, &o);
	if (o.xflag || o.nflag)
		narration_mode(&r);
	else
		video_mode(&r);
	return run_free(&r);
}
