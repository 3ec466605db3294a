/*
 * util.h - memory and string helpers shared by lib/ and tools/.
 *
 * The x* allocators abort on exhaustion, as libjq's own allocator does:
 * there is no useful recovery from it in a short-lived filter program.
 */
#ifndef MV_UTIL_H
#define MV_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));

/* 64-bit FNV-1a of n bytes; stable across runs and machines. */
uint64_t hash64(const void *p, size_t n, uint64_t seed);

/* A small deterministic generator (splitmix64) for procedural choices. */
struct rng {
	uint64_t s;
};
void rng_seed(struct rng *r, uint64_t seed);
uint64_t rng_next(struct rng *r);
/* A double in [lo, hi). */
double rng_range(struct rng *r, double lo, double hi);

/*
 * Reads a whole file (path NULL or "-": stdin) into a malloc'd, NUL-ended
 * buffer of at most max bytes. Returns 0 with *buf and *len set, or -1
 * with *err set (when err is not NULL: a caller that only asks whether
 * the file reads may pass NULL); an over-long file is an error, not a
 * truncation.
 */
int read_all(const char *path, size_t max, char **buf, size_t *len,
    char **err);

/* Base64 (standard or URL-safe, blanks ignored) into a malloc'd buffer
 * (*out, *len): 0, or -1 when s is not base64. */
int base64_decode(const char *s, size_t n, unsigned char **out, size_t *len);

/* The standard base64 of n bytes, padded, NUL-ended, malloc'd. */
char *base64_encode(const void *p, size_t n);

/* Seconds since the epoch as an ISO 8601 UTC string into out[21]. */
void iso8601(long long t, char out[21]);



/* A growable NUL-ended string. Zero-initialise before use. */
struct buf {
	char *s;
	size_t len, cap;
};
void buf_add(struct buf *b, const char *s);
void buf_addn(struct buf *b, const char *s, size_t n);
void buf_addf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Returns the string (never NULL) and resets b; the caller frees it. */
char *buf_take(struct buf *b);
#endif
