/*
 * calls.h - the log of provider calls, and the offline providers' test
 * hooks.
 *
 * Every provider call (offline ones included) is one line appended to the
 * file named by MV_CALL_LOG, when that is set: step, scene (or "-"),
 * provider and a hash of the request, tab-separated. The same request
 * always has the same hash, so a test (or a person) can see exactly which
 * calls a run made or would have paid for. Lines are written with one
 * write(2) in append mode, so parallel programs never mix them.
 */
#ifndef MV_CALLS_H
#define MV_CALLS_H

#include <jv.h>

/* The hash of a request (borrowed): 16 hex digits of FNV-1a over its
 * sorted, compact JSON. */
void calls_hash(jv request, char out[17]);

/*
 * Records one call. scene <= 0 is written "-". Returns 0, or -1 with *err
 * set when MV_CALL_LOG is set but cannot be written.
 */
int calls_log(const char *step, int scene, const char *provider,
    jv request, char **err);

/* calls_log with what in the second column in place of a scene number
 * (a character's sheet: "ruby"). */
int calls_log_as(const char *step, const char *what, const char *provider,
    jv request, char **err);

/*
 * Adds the numbers of a call's usage record u (borrowed: the caller
 * still frees it) into the sums *sum (an object, owned by the caller and
 * replaced in place): {images: 1} into {images: 2, tokens: 9} gives
 * {images: 3, tokens: 9}. A key that is not a number in u is skipped; one
 * not yet in *sum counts from 0. A u that is not an object adds nothing.
 */
void calls_usage_add(jv *sum, jv u);

/*
 * The message of the first failure among requests made at once, bad of
 * them failed: "WHAT: WHY", with " (and N more KINDS failed)" when
 * others did too ("scene 3: timed out (and 2 more clips failed)").
 * malloc'd.
 */
char *calls_failed(const char *what, const char *why, size_t bad,
    const char *kinds);

/*
 * For tests of resume and failure: an offline call first sleeps
 * MV_OFFLINE_DELAY seconds (a decimal), and fails when MV_FAULT names it
 * as "step:scene" or "step" (a comma-separated list). Returns 0, or -1
 * with *err set for a simulated failure.
 */
int calls_offline(const char *step, int scene, char **err);

#endif
