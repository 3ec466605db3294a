/*
 * review.h - the review page of a finished workflow (review.html): the
 * video with its subtitles and chapters, then per scene its picture, its
 * lines, its length, what made each asset (provider, model, cost, prompt,
 * take) and the command that redoes it; the character sheets; the run's
 * cost and log.
 *
 * The page is self-contained: its style and its one small script are
 * inline, the subtitles and chapters are data: URLs, and the video,
 * pictures and sound are referenced relatively (only plain relative paths
 * inside the workflow folder, asset_path_ok). Every text taken from the
 * state or a file is escaped for HTML (review_escape), every path for a
 * URL and then for HTML, so no brief can add markup or script.
 *
 * jv ownership as in state.h.
 */
#ifndef MV_REVIEW_H
#define MV_REVIEW_H

#include <jv.h>

#include "core/util.h"

/* What the page is made from besides the final state. */
struct review_in {
	const char *dir;	/* the workflow folder (assets, sidecars) */
	const char *cost;	/* the run's cost summary (text), or NULL */
	jv prices;		/* review_prices' table (borrowed), or null */
};

/* Appends s to b escaped for HTML text and quoted attribute values:
 * & < > " ' become entities. */
void review_escape(struct buf *b, const char *s);

/* Appends the relative path p to b as a URL (bytes other than
 * A-Z a-z 0-9 - . _ ~ / percent-encoded), escaped for HTML. */
void review_url(struct buf *b, const char *p);

/*
 * The price table of a prices.tsv text (borrowed): lines "provider
 * model field USD", tab-separated, "#" comments; as an object keyed
 * "provider model field" with the USD per unit. Bad lines are skipped.
 */
jv review_prices(const char *text);

/*
 * The page of the final state st (borrowed). Returns a malloc'd
 * NUL-ended HTML document, or NULL with *err (malloc'd) when st lacks
 * what a finished workflow has (video.path, segments).
 */
char *review_page(jv st, const struct review_in *in, char **err);

#endif
