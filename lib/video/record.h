/*
 * record.h - what mv-assemble records in the state once the video is
 * made: "narration" (each scene's clip, voice and lines, and what made
 * each line), "video" (its files, size, timing, encoder, sound, segments
 * and cards), each character's "voice", what made each picture (with
 * -c, from the requests and provenances make's runs left), and the log.
 */
#ifndef MV_RECORD_H
#define MV_RECORD_H

#include <jv.h>

#include "core/state.h"
#include "media/render.h"
#include "video/narration.h"
#include "video/plan.h"

struct conf;

/* Everything the record is made of (all borrowed). */
struct record {
	const struct scenes *sc;	/* planned and joined */
	const struct compose *cp;	/* the mix: music, loudness, peak */
	const struct cast_of *cast;
	const struct conf *tc;		/* the narration's provider */
	const struct step_clock *clk;
	const char *dir;
	const char *spoken;	/* the engine that spoke (flite, espeak) */
	const char *voice;	/* the offline narrator's voice */
	int offline;		/* spoken here (espeak-ng or flite) */
	int made;		/* -c: what made each asset, from its files */
	jv provs;		/* this run's clips' provenances, or null */
	jv names;		/* the segments, in order */
	long total;		/* frames */
	long long bytes;	/* the video's size */
};

/* The record of r into st (consumed); returns st. */
jv record_state(jv st, const struct record *r);

#endif
