/*
 * render.h - the video as segments, so that a change re-renders only what
 * it touches and make -j2 renders two segments at once.
 *
 * The timeline is the title card ("title"), every scene ("s01", "s02",
 * ...) and the end card ("end"); with crossfades, a scene's segment (and
 * the end card's) opens with the fade into it from the picture before,
 * so a changed scene renders again its own segment and the next. Each segment is described by a
 * request (a JSON object: pictures with a content hash, camera moves, frame
 * counts, subtitles, encoder settings), so a segment is rendered again
 * exactly when its request changes. mv draws every frame itself (sub-pixel
 * camera moves, see frames.h) and pipes it to x264; the segments, encoded
 * with identical settings, are then joined by stream copy, and the sound
 * (narration, music, loudness) is mixed and encoded once for the whole
 * video, so it has no joins at all.
 */
#ifndef MV_RENDER_H
#define MV_RENDER_H

#include <stddef.h>
#include <jv.h>

#include "media/media.h"

/* How much a camera move magnifies the picture at most. */
#define RENDER_ZOOM 0.12

struct video {
	int width, height, fps;
	int crf;		/* x264 quality */
	const char *preset;	/* x264 preset */
	long fade;		/* crossfade frames; 0 cuts */
	long title_frames;	/* the title card */
	long card_frames;	/* the end card */
	int subtitles;		/* burn them in: 1; read-along (each word
				 * lit as it is spoken, libass karaoke): 2 */
};

/*
 * Gives every clip its frames: enough for its narration (rounded up, so
 * no word is cut), and at least two crossfades; sets start and end (in
 * seconds, after the title card). A scene's length depends on its own
 * narration only, so one changed scene moves later scenes in time but
 * leaves their segments as they are. Returns the video's frame count.
 */
long render_plan(const struct video *v, struct clip *c, size_t n);

/*
 * The segment requests of the video, in order (an array): images[i] is
 * the picture of clip i relative to dir, texts[i] its narration (for the
 * subtitles); the cards are "titlecard.png" and "endcard.png" in dir.
 * Returns an invalid jv with a message when a picture cannot be read.
 */
jv render_requests(const struct video *v, const struct clip *c,
    const char *const *images, const char *const *texts, size_t n,
    const char *dir);

struct progress;

/*
 * The subtitles subs (an array of cues {start, end, text}, consumed) of a
 * segment end seconds long as an ASS script for a w×h video, malloc'd. A
 * cue with "karaoke" (centiseconds a word, in order) is read-along: its
 * words, white, turn yellow one by one ({\kN} tags, style Readalong).
 */
char *render_ass(jv subs, int w, int h, double end);

/*
 * Renders the segment that request req (borrowed) describes into
 * dir/segments/NAME.ts, atomically. pr, when not NULL, shows progress in
 * frames. Returns 0 or -1 with *err set.
 */
int render_segment(jv req, const char *dir, struct progress *pr, char **err);

struct compose {
	const struct video *v;
	const struct clip *clips;	/* planned, with their audio */
	size_t n;
	long total;		/* frames, from render_plan */
	jv names;		/* the segments in order (borrowed) */
	const char *dir;
	const char *music;	/* background music file, or NULL */
	double music_db;	/* its level under the voice, dB */
	double loudness;	/* target, LUFS integrated */
	double peak;		/* true-peak ceiling, dBTP */
	const char *title;	/* metadata */
	const char *comment;
	const char *const *chapters;	/* one title per scene */
	const char *out;	/* the .mp4, written atomically */
};

/*
 * Mixes and encodes the sound of the whole video once, into
 * dir/segments/audio.m4a: the narration of each scene padded with silence
 * to the scene's span, the music looped or cut to the video's length,
 * faded out and ducked under the voice by sidechain compression, the whole
 * brought to the target loudness by a measured constant gain and a
 * true-peak limiter; then dir/segments/audio.json, the plan it was made
 * for. pr counts seconds of sound, five passes of it at most. Returns 0
 * or -1 with *err set.
 */
int render_audio(const struct compose *c, struct progress *pr, char **err);

/* The plan render_audio records, for c (a new object). */
jv render_audio_plan(const struct compose *c);

/*
 * Joins the segments and the sound by stream copy into c->out, with a
 * chapter a scene and the title and comment as metadata. Returns 0 or -1.
 */
int render_join(const struct compose *c, char **err);

#endif
