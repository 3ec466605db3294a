/*
 * mv-assemble - narrate every scene and render the video, its subtitles
 * and an end card that states the moral.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "calls.h"
#include "design.h"
#include "illustrate.h"
#include "media.h"
#include "msg.h"
#include "state.h"
#include "text.h"
#include "tool.h"
#include "util.h"

#define CARD_SECONDS 3	/* the end card, stating the moral */
#define TITLE_SECONDS 3	/* the title card */

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: %s [-Schx] [-d dir] [-n scene] [-o file] [-r fps] [-s size] "
	    "[-t seconds] [file]\n",
	    msg_prog());
	exit(status);
}

/* Frame rates whose frames hold a whole number of 48 kHz samples. */
static int
fps_of(const char *s, int *fps)
{
	static const char *const ok[] = { "24", "25", "30", "48", "50", "60",
		NULL };
	int i;

	for (i = 0; ok[i]; i++)
		if (strcmp(s, ok[i]) == 0) {
			*fps = atoi(s);
			return 0;
		}
	return -1;
}

/* The image of scene no in scenes (borrowed), checked to be a file
 * inside dir. Exits with a message naming the field otherwise. */
static char *
image_of(jv scenes, int idx, int no, const char *dir, const char *in)
{
	jv sc = jv_array_get(jv_copy(scenes), idx);
	jv img = state_field(sc, "scenes", "image", KIND(JV_KIND_STRING),
	    "a path", 1);
	jv n = jv_object_get(jv_copy(sc), jv_string("scene"));
	char *path, *err;

	if (!jv_is_valid(img)) {
		err = jv_msg(img);
		msg_die("'%s': scenes[%d]: %s", state_name(in), idx, err);
	}
	if (jnum(n, -1) != no)
		msg_die("'%s': scenes[%d].scene: expected %d to match "
		    "segments[%d], got another", state_name(in), idx, no, idx);
	if (!path_is_inside(jv_string_value(img)))
		msg_die("'%s': scenes[%d].image: expected a relative path "
		    "inside the asset folder, got '%.80s'", state_name(in),
		    idx, jv_string_value(img));
	path = xasprintf("%s/%s", dir, jv_string_value(img));
	if (access(path, R_OK) != 0)
		msg_die("'%s': scenes[%d].image: '%s':", state_name(in), idx,
		    path);
	jv_free(img);
	jv_free(n);
	jv_free(sc);
	return path;
}

/* The segment of scene no in segs (borrowed), or exit. */
static jv
segment_of(jv segs, int no, const char *in)
{
	jv seg = state_segment(segs, no);

	if (jv_get_kind(seg) != JV_KIND_OBJECT)
		msg_die("'%s': segments: no scene %d", state_name(in), no);
	return seg;
}

/* Speaks scene seg (borrowed) into path; logs the call. */
static void
speak(jv seg, jv prefs, const char *path, const char *provider)
{
	jv req = media_narration_request(seg, prefs, provider);
	int no = (int)jnum(jv_object_get(jv_copy(seg), jv_string("scene")),
	    0);
	char *err;

	/* A call is logged once its result is safely in place. */
	if (calls_offline("tts", no, &err) < 0 ||
	    media_speak_request(req, path, &err) < 0 ||
	    calls_log("tts", no, provider, req, &err) < 0)
		msg_die("scene %d: %s", no, err);
	jv_free(req);
}

/*
 * -x: one request file per scene, narration/NN.json, rewritten only when
 * its content changes, and narration/index (empty without narration).
 */
static void
export(jv segs, jv prefs, const char *dir, const char *provider, int on)
{
	jv reqs = jv_array();
	char *err;

	jv_array_foreach(segs, i, seg) {
		(void)i;
		if (on)
			reqs = jv_array_append(reqs, media_narration_request(
			    seg, prefs, provider));
		jv_free(seg);
	}
	if (state_export(reqs, dir, "narration", &err) < 0)
		msg_die("%s", err);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const providers[] = { "espeak", NULL };
	const char *dflag = NULL, *oflag = NULL, *sflag = NULL, *in;
	const char *provider, *voice;
	struct step_clock clk;
	struct render r;
	struct clip *clips;
	const char **texts;
	char **owned, *dir, *sub, *err, *card, *title, *video, *srt, *vtt;
	jv st, ctx, prefs, story, segs, scenes, narr, vid, spans, tv, mv, vv;
	int ch, w = 0, h = 0, fps = 30, wpm, on, n = 0, i, scene = 0;
	int cflag = 0, xflag = 0;
	const char *nflag = NULL;
	long total, first;
	struct atomic_file srt_file;
	char *srt_text, *vtt_text;
	int Sflag = 0;
	double xfade = 0.5;
	char *end;
	struct stat sb;

	msg_init(argv[0]);
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":Scd:hn:o:r:s:t:x", longopts,
	    NULL)) != -1)
		switch (ch) {
		case 'c':
			cflag = 1;
			break;
		case 'n':
			nflag = optarg;
			if ((scene = tool_scene(optarg)) < 0) {
				msg_warn("-n '%s': expected a scene number "
				    "from 1 to 999", optarg);
				usage(MV_EXIT_USAGE);
			}
			break;
		case 'x':
			xflag = 1;
			break;
		case 'S':
			Sflag = 1;
			break;
		case 't':
			xfade = strtod(optarg, &end);
			if (*optarg == '\0' || *end != '\0' || !(xfade >= 0) ||
			    xfade > 2) {
				msg_warn("-t '%s': expected a crossfade of 0 to 2 "
				    "seconds", optarg);
				usage(MV_EXIT_USAGE);
			}
			break;
		case 'd':
			dflag = optarg;
			break;
		case 'h':
			usage(MV_EXIT_OK);
			break;
		case 'o':
			oflag = optarg;
			break;
		case 'r':
			if (fps_of(optarg, &fps) < 0) {
				msg_warn("-r '%s': expected a frame rate of "
				    "24, 25, 30, 48, 50 or 60", optarg);
				usage(MV_EXIT_USAGE);
			}
			break;
		case 's':
			sflag = optarg;
			if (tool_size(sflag, &w, &h) < 0)
				usage(MV_EXIT_USAGE);
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
	if (cflag + xflag + (nflag != NULL) > 1) {
		msg_warn("-c, -n and -x do not go together");
		usage(MV_EXIT_USAGE);
	}
	if ((xflag || nflag) && oflag != NULL) {
		msg_warn("-%c writes narration or requests, not a state: no -o",
		    xflag ? 'x' : 'n');
		usage(MV_EXIT_USAGE);
	}
	in = argc == 1 ? argv[0] : NULL;
	atomic_init();
	atexit(illustrate_cleanup);
	step_clock_start(&clk);
	provider = tool_provider("MV_TTS", "espeak", providers);

	st = tool_read(in, 1);
	ctx = tool_need(st, in, "context", JV_KIND_OBJECT, "mv-analyze");
	prefs = tool_need(st, in, "preferences", JV_KIND_OBJECT,
	    "mv-analyze");
	segs = tool_need(st, in, "segments", JV_KIND_ARRAY, "mv-segment");
	dir = asset_dir(dflag, oflag);
	if (xflag || nflag) {
		/* Narration needs only the segments and preferences. */
		story = jv_null();
		scenes = jv_null();
		goto narrate;
	}
	story = tool_need(st, in, "story", JV_KIND_OBJECT, "mv-story");
	scenes = tool_need(st, in, "scenes", JV_KIND_ARRAY, "mv-design");
	n = jv_array_length(jv_copy(segs));
	if (n == 0 || jv_array_length(jv_copy(scenes)) != n)
		msg_die("'%s': scenes: expected one per segment (%d), got %d",
		    state_name(in), n, jv_array_length(jv_copy(scenes)));
	if (w == 0) {
		/* By default the video has the first picture's size. */
		char *first = image_of(scenes, 0, (int)jnum(jv_object_get(
		    jv_array_get(jv_copy(segs), 0), jv_string("scene")), 1),
		    dir, in);

		if (media_png_size(first, &w, &h) < 0 || w < 64 || h < 64 ||
		    w > 7680 || h > 7680 || w % 2 || h % 2)
			w = 1920, h = 1080;
		free(first);
	}
narrate:
	vv = jv_object_get(jv_copy(prefs), jv_string("voice"));
	voice = jv_get_kind(vv) == JV_KIND_STRING ? jv_string_value(vv) :
	    "en-us";
	wpm = (int)jnum(jv_object_get(jv_copy(prefs),
	    jv_string("narration_wpm")), 150);
	on = jv_get_kind(jv_object_get(jv_copy(prefs),
	    jv_string("narration"))) != JV_KIND_FALSE;
	sub = xasprintf("%s/narration", dir);
	if ((on || xflag) && !cflag && atomic_mkdirs(sub, &err) < 0)
		msg_die("%s", err);
	if (xflag || nflag) {
		if (xflag)
			export(segs, prefs, dir, provider, on);
		else {
			jv seg = segment_of(segs, scene, in);
			char *path = xasprintf("%s/narration/%02d.wav", dir,
			    scene);

			if (!on)
				msg_die("'%s': preferences.narration is false: "
				    "there is nothing to speak", state_name(in));
			speak(seg, prefs, path, provider);
			jv_free(seg);
			free(path);
		}
		jv_free(vv);
		free(dir);
		free(sub);
		jv_free(ctx);
		jv_free(prefs);
		jv_free(story);
		jv_free(segs);
		jv_free(scenes);
		jv_free(st);
		return msg_close_stdout(MV_EXIT_OK);
	}

	clips = xmalloc((size_t)n * sizeof *clips);
	texts = xmalloc((size_t)n * sizeof *texts);
	owned = xmalloc((size_t)n * 2 * sizeof *owned);
	narr = jv_array();
	if (on && !cflag)
		msg_note("narrating %d scenes with espeak-ng (%s, %d wpm)", n,
		    voice, wpm);
	for (i = 0; i < n; i++) {
		jv seg = jv_array_get(jv_copy(segs), i);
		jv text = state_field(seg, "segments", "narration",
		    KIND(JV_KIND_STRING), "a string", 1);
		int no = (int)jnum(jv_object_get(jv_copy(seg),
		    jv_string("scene")), i + 1);
		char *rel = xasprintf("narration/%02d.wav", no);

		if (!jv_is_valid(text)) {
			err = jv_msg(text);
			msg_die("'%s': segments[%d]: %s", state_name(in), i,
			    err);
		}
		memset(&clips[i], 0, sizeof clips[i]);
		owned[2 * i] = image_of(scenes, i, no, dir, in);
		owned[2 * i + 1] = NULL;
		clips[i].image = owned[2 * i];
		if (on) {
			owned[2 * i + 1] = xasprintf("%s/%s", dir, rel);
			/* With -c the clips were made one by one (-n). */
			if (!cflag)
				speak(seg, prefs, owned[2 * i + 1], provider);
			else if (access(owned[2 * i + 1], R_OK) != 0)
				msg_die("'%s': missing (make it with %s -n %d):",
				    owned[2 * i + 1], msg_prog(), no);
			if (media_wav_seconds(owned[2 * i + 1],
			    &clips[i].seconds, &err) < 0)
				msg_die("scene %d: %s", no, err);
			clips[i].audio = owned[2 * i + 1];
		} else {
			clips[i].seconds = jnum(jv_object_get(jv_copy(seg),
			    jv_string("seconds")), 5);
			if (clips[i].seconds < 1)
				clips[i].seconds = 1;
		}
		texts[i] = jv_string_value(text);
		narr = jv_array_append(narr, JV_OBJECT(
		    jv_string("scene"), jv_number(no),
		    jv_string("audio"), on ? jv_string(rel) : jv_null(),
		    jv_string("seconds"),
		    jv_number((double)(long)(clips[i].seconds * 1000 + 0.5) /
		    1000),
		    jv_string("provider"), jv_string(on ? provider : "none"),
		    jv_string("voice"), jv_string(voice)));
		/* The text stays alive in segs. */
		jv_free(text);
		jv_free(seg);
		free(rel);
	}
	first = (long)TITLE_SECONDS * fps;
	total = first + media_plan(clips, (size_t)n, fps, first);

	title = xasprintf("%s/titlecard.png", dir);
	tv = jv_object_get(jv_copy(story), jv_string("title"));
	{
		jv th = jv_object_get(jv_copy(ctx), jv_string("theme"));
		jv set = jv_object_get(jv_copy(ctx), jv_string("setting"));
		/* "A story about honesty", unless the title says so. */
		char *foot = text_has_word(jstr(tv), jstr(th)) ? NULL :
		    xasprintf("A story about %s", jstr(th));

		if (illustrate_card(w, h, jstr(set), NULL, jstr(tv), foot, title,
		    &err) < 0)
			msg_die("%s", err);
		free(foot);
		jv_free(th);
		jv_free(set);
	}
	jv_free(tv);
	card = xasprintf("%s/endcard.png", dir);
	mv = jv_object_get(jv_copy(ctx), jv_string("moral_lesson"));
	tv = jv_object_get(jv_copy(ctx), jv_string("setting"));
	if (illustrate_card(w, h, jstr(tv), "The moral of the story",
	    jstr(mv), "The End", card, &err) < 0)
		msg_die("%s", err);
	jv_free(tv);
	tv = jv_object_get(jv_copy(story), jv_string("title"));
	video = xasprintf("%s/video.mp4", dir);
	srt = xasprintf("%s/video.srt", dir);
	vtt = xasprintf("%s/video.vtt", dir);
	memset(&r, 0, sizeof r);
	r.clips = clips;
	r.n = (size_t)n;
	r.xfade_frames = lround(xfade * fps);
	r.title = title;
	r.title_frames = first;
	r.card = card;
	r.card_frames = (long)CARD_SECONDS * fps;
	r.width = w;
	r.height = h;
	r.fps = fps;
	r.name = jv_get_kind(tv) == JV_KIND_STRING ? jv_string_value(tv) :
	    NULL;
	r.out = video;
	/* The subtitles are written first, to a temp file the render burns
	 * in, and put in place with the video. */
	media_subtitles(clips, texts, (size_t)n, &srt_text, &vtt_text);
	if (atomic_open(&srt_file, srt, ".srt", &err) < 0 ||
	    fputs(srt_text, srt_file.fp) == EOF ||
	    atomic_detach(&srt_file, &err) < 0)
		msg_die("%s", err ? err : "subtitles: write error");
	if (!Sflag)
		r.subs = srt_file.tmp;
	msg_note("rendering %.1f s of video at %dx%d, %d fps",
	    (double)(total + r.card_frames) / fps, w, h, fps);
	if (media_render(&r, &err) < 0)
		msg_die("%s", err);
	if (atomic_commit(&srt_file, &err) < 0 ||
	    atomic_write(vtt, vtt_text, strlen(vtt_text), &err) < 0)
		msg_die("%s", err);
	free(srt_text);
	free(vtt_text);
	if (stat(video, &sb) != 0)
		msg_die("'%s':", video);

	spans = jv_array();
	for (i = 0; i < n; i++) {
		jv seg = jv_array_get(jv_copy(segs), i);

		spans = jv_array_append(spans, JV_OBJECT(
		    jv_string("scene"), jv_object_get(seg, jv_string("scene")),
		    jv_string("start"), jv_number(clips[i].start),
		    jv_string("end"), jv_number(clips[i].end)));
	}
	vid = JV_OBJECT(jv_string("path"), jv_string("video.mp4"),
	    jv_string("subtitles"), jv_string("video.srt"),
	    jv_string("webvtt"), jv_string("video.vtt"),
	    jv_string("duration"),
	    jv_number((double)(total + r.card_frames) / fps),
	    jv_string("width"), jv_number(w),
	    jv_string("height"), jv_number(h),
	    jv_string("fps"), jv_number(fps),
	    jv_string("bytes"), jv_number((double)sb.st_size),
	    jv_string("scenes"), spans);
	vid = jv_object_set(vid, jv_string("burned_subtitles"),
	    jv_bool(!Sflag));
	vid = jv_object_set(vid, jv_string("crossfade"),
	    jv_number((double)r.xfade_frames / fps));
	vid = jv_object_set(vid, jv_string("title_card"), JV_OBJECT(
	    jv_string("image"), jv_string("titlecard.png"),
	    jv_string("start"), jv_number(0),
	    jv_string("end"), jv_number((double)first / fps)));
	vid = jv_object_set(vid, jv_string("end_card"), JV_OBJECT(
	    jv_string("image"), jv_string("endcard.png"),
	    jv_string("start"), jv_number((double)total / fps),
	    jv_string("end"), jv_number((double)(total + r.card_frames) /
	    fps)));
	msg_note("wrote '%s' (%.1f s)", video,
	    (double)(total + r.card_frames) / fps);
	st = jv_object_set(st, jv_string("narration"), narr);
	st = jv_object_set(st, jv_string("video"), vid);
	st = state_log(st, &clk, on ? provider : "none", NULL, JV_OBJECT(
	    jv_string("clips"), jv_number(on ? n : 0)));
	tool_write(st, oflag);

	for (i = 0; i < 2 * n; i++)
		free(owned[i]);
	free(owned);
	free(clips);
	free(texts);
	free(card);
	free(title);
	free(video);
	free(srt);
	free(vtt);
	free(dir);
	free(sub);
	jv_free(tv);
	jv_free(vv);
	jv_free(mv);
	jv_free(ctx);
	jv_free(prefs);
	jv_free(story);
	jv_free(segs);
	jv_free(scenes);
	return msg_close_stdout(MV_EXIT_OK);
}
