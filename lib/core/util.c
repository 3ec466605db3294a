#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/util.h"

static void
oom(void)
{
	static const char m[] = "out of memory\n";

	(void)!write(2, m, sizeof m - 1);
	abort();
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		oom();
	return p;
}

char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	va_list again;
	int n;
	char *s;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	if (n < 0)
		oom();
	s = xmalloc((size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, again);
	va_end(again);
	return s;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

uint64_t
hash64(const void *p, size_t n, uint64_t seed)
{
	const unsigned char *c = p;
	uint64_t h = 1469598103934665603ULL ^ seed;

	while (n-- > 0) {
		h ^= *c++;
		h *= 1099511628211ULL;
	}
	return h;
}

void
rng_seed(struct rng *r, uint64_t seed)
{
	r->s = seed;
}

uint64_t
rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

double
rng_range(struct rng *r, double lo, double hi)
{
	return lo + (hi - lo) * (double)(rng_next(r) >> 11) / 9007199254740992.0;
}

int
read_all(const char *path, size_t max, char **buf, size_t *len, char **err)
{
	int stdin_ = path == NULL || strcmp(path, "-") == 0;
	int fd = stdin_ ? 0 : open(path, O_RDONLY);
	size_t cap = 65536, n = 0;
	char *b, *e;
	ssize_t r;

	if (fd < 0) {
		e = xasprintf("cannot open: %s", strerror(errno));
		goto out;
	}
	b = xmalloc(cap);
	for (;;) {
		if (n + 1 >= cap) {
			if (cap > max) {
				e = xasprintf("larger than the limit of "
				    "%zu bytes", max);
				goto fail;
			}
			cap *= 2;
			b = xrealloc(b, cap);
		}
		r = read(fd, b + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			e = xasprintf("read error: %s", strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n > max) {
		e = xasprintf("larger than the limit of %zu bytes", max);
		goto fail;
	}
	if (!stdin_)
		close(fd);
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
fail:
	if (!stdin_)
		close(fd);
	free(b);
out:
	if (err != NULL)
		*err = e;
	else
		free(e);
	return -1;
}

void
iso8601(long long t, char out[21])
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void
buf_addn(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
buf_add(struct buf *b, const char *s)
{
	buf_addn(b, s, strlen(s));
}

void
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	buf_add(b, s);
	free(s);
}

char *
buf_take(struct buf *b)
{
	char *s = b->s ? b->s : xstrdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

int
base64_decode(const char *s, size_t n, unsigned char **out, size_t *len)
{
	unsigned char *b = xmalloc(n / 4 * 3 + 3);
	uint32_t acc = 0;
	size_t i, k = 0;
	int bits = 0, v, pad = 0;

	for (i = 0; i < n; i++) {
		char ch = s[i];

		if (ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t')
			continue;
		if (ch == '=') {
			pad++;
			continue;
		}
		if (pad)
			goto bad;
		if (ch >= 'A' && ch <= 'Z')
			v = ch - 'A';
		else if (ch >= 'a' && ch <= 'z')
			v = ch - 'a' + 26;
		else if (ch >= '0' && ch <= '9')
			v = ch - '0' + 52;
		else if (ch == '+' || ch == '-')
			v = 62;
		else if (ch == '/' || ch == '_')
			v = 63;
		else
			goto bad;
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			b[k++] = (unsigned char)(acc >> bits);
		}
	}
	if (bits >= 6 || pad > 2)
		goto bad;
	*out = b;
	*len = k;
	return 0;
bad:
	free(b);
	return -1;
}

char *
base64_encode(const void *p, size_t n)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789+/";
	const unsigned char *s = p;
	char *out = xmalloc((n + 2) / 3 * 4 + 1), *o = out;
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		uint32_t v = (uint32_t)s[i] << 16 | (uint32_t)s[i + 1] << 8 |
		    s[i + 2];

		*o++ = a[v >> 18];
		*o++ = a[v >> 12 & 63];
		*o++ = a[v >> 6 & 63];
		*o++ = a[v & 63];
	}
	if (i < n) {
		uint32_t v = (uint32_t)s[i] << 16 | (i + 1 < n ?
		    (uint32_t)s[i + 1] << 8 : 0);

		*o++ = a[v >> 18];
		*o++ = a[v >> 12 & 63];
		*o++ = i + 1 < n ? a[v >> 6 & 63] : '=';
		*o++ = '=';
	}
	*o = '\0';
	return out;
}
