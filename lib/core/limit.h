/*
 * limit.h - a provider's limits, held by every mv process of the machine
 * (or of a cluster, when the lock folder is on storage the nodes share),
 * with flock(2) on files and no daemon.
 *
 * For a provider P (its name in capitals, other characters '_': "OPENAI",
 * "ELEVENLABS", "A1111"):
 *   MV_P_CONCURRENCY  at most this many of P's requests in flight (1 to 256)
 *   MV_P_RPM          at most this many started in any 60 s (1 to 100000)
 * Unset or empty: no such limit. Every attempt counts (a retry too).
 *
 * The lock folder is MV_LIMIT_DIR; unset, ".limits" in the folder that
 * holds the workflow W (the environment's W, as make sets it: so the
 * workflows folder's .limits), else /tmp/mv-limits-UID (made 0700,
 * refused unless this user's own). In it, P.slot.K (K below the concurrency) is a slot: held by an
 * flock while a request is in flight, and freed by the kernel when the
 * process ends, however; P.rpm.N is a ring of the start times of the last
 * N requests (milliseconds of the real-time clock, so the nodes' clocks
 * must agree), read and written under an flock: a request may start when
 * the one N requests before it started 60 s ago or more.
 */
#ifndef MV_LIMIT_H
#define MV_LIMIT_H

struct limit;

/*
 * The limits of provider who, from the environment. Returns 0 with *out
 * set (NULL when no limit is set: every take succeeds), or -1 with *err
 * set: a bad setting ("MV_OPENAI_RPM: expected a whole number from 1 to
 * 100000, got 'x'") or a folder or file that cannot be made or opened.
 */
int limit_open(const char *who, struct limit **out, char **err);

/*
 * Takes a slot and a start for one request, without waiting. Returns 1
 * with *slot set (to give back with limit_give), 0 when the request must
 * wait: *wait_ms is how long to wait before asking again; -1 with *err set
 * when a file cannot be read or written. l NULL: 1, *slot -1.
 */
int limit_take(struct limit *l, int *slot, long *wait_ms, char **err);

/* Gives back a slot limit_take gave (nothing for -1); *slot becomes -1. */
void limit_give(struct limit *l, int *slot);

/* Closes every file of l (its slots given back); NULL is fine. */
void limit_close(struct limit *l);

/*
 * The ring of starts alone, for the unit tests: under an flock of the
 * file at fd (a ring of n start times), records a start at now_ms and
 * returns 1 when fewer than n started within window_ms before now_ms;
 * else returns 0 with *wait_ms until the oldest leaves the window; -1
 * with *err set on a read or write error.
 */
int limit_rate(int fd, long n, long window_ms, long long now_ms,
    long *wait_ms, char **err);

#endif
