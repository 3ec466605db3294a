/*
 * enospc.c - an LD_PRELOAD shim that makes a disk look full, for tests.
 *
 *   MV_ENOSPC_DIR    writes to files under this folder are counted
 *   MV_ENOSPC_AFTER  bytes that may be written there; every write past them
 *                    fails with ENOSPC (a write that crosses the limit is
 *                    cut short first, as on a real disk)
 *   MV_ENOSPC_NAME   optional fnmatch(3) pattern: only files whose name
 *                    (the last part of their path) matches are counted
 *   MV_ENOSPC_COUNT  optional file holding the count, shared by every
 *                    process of the run (children inherit the environment,
 *                    and FFmpeg and espeak-ng are linked dynamically, so the
 *                    shim applies to them too); otherwise each process
 *                    counts alone
 *
 * glibc's stdio writes through an internal write that no shim can see, so
 * fwrite, fputs, fputc, putc and vfprintf are caught on their own: past the
 * limit they set the stream's error flag and errno, as a failed flush does.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

static long long local_used;

/* True when fd is a file under MV_ENOSPC_DIR (and matches the name). */
static int
counted(int fd)
{
	static char dir[PATH_MAX];
	static int have = -1;
	char link[64], path[PATH_MAX];
	const char *d, *name, *base;
	ssize_t n;
	size_t k;

	if (have < 0) {
		d = getenv("MV_ENOSPC_DIR");
		have = d != NULL && realpath(d, dir) != NULL;
	}
	if (!have || fd < 0)
		return 0;
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof path - 1);
	if (n <= 0)
		return 0;
	path[n] = '\0';
	k = strlen(dir);
	if (strncmp(path, dir, k) != 0 || (path[k] != '/' && path[k] != '\0'))
		return 0;
	name = getenv("MV_ENOSPC_NAME");
	base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	return name == NULL || *name == '\0' || fnmatch(name, base, 0) == 0;
}

/*
 * Takes up to n bytes of the room left; returns how many may be written
 * (0: the disk is full).
 */
static size_t
take(size_t n)
{
	const char *a = getenv("MV_ENOSPC_AFTER"), *cf;
	long long limit = a != NULL ? atoll(a) : 0, used = 0, room;
	int fd;
	size_t got;

	cf = getenv("MV_ENOSPC_COUNT");
	fd = cf != NULL && *cf != '\0' ? (int)syscall(SYS_openat, AT_FDCWD,
	    cf, O_RDWR | O_CREAT | O_CLOEXEC, 0600) : -1;
	if (fd >= 0) {
		char b[32] = { 0 };

		flock(fd, LOCK_EX);
		if (syscall(SYS_pread64, fd, b, sizeof b - 1, (off_t)0) > 0)
			used = atoll(b);
	} else
		used = local_used;
	room = limit - used;
	got = room <= 0 ? 0 : (unsigned long long)room < n ? (size_t)room : n;
	used += (long long)got;
	if (fd >= 0) {
		char b[32];
		int len = snprintf(b, sizeof b, "%lld\n", used);

		syscall(SYS_pwrite64, fd, b, (size_t)len, (off_t)0);
		syscall(SYS_ftruncate, fd, (off_t)len);
		close(fd);
	} else
		local_used = used;
	return got;
}

#define REAL(ret, name, args) \
	static ret (*real_##name) args; \
	if (real_##name == NULL) \
		real_##name = (ret (*) args)dlsym(RTLD_NEXT, #name)

ssize_t
write(int fd, const void *buf, size_t n)
{
	size_t ok;

	REAL(ssize_t, write, (int, const void *, size_t));
	if (n == 0 || !counted(fd))
		return real_write(fd, buf, n);
	if ((ok = take(n)) == 0) {
		errno = ENOSPC;
		return -1;
	}
	return real_write(fd, buf, ok);
}

ssize_t
pwrite(int fd, const void *buf, size_t n, off_t off)
{
	size_t ok;

	REAL(ssize_t, pwrite, (int, const void *, size_t, off_t));
	if (n == 0 || !counted(fd))
		return real_pwrite(fd, buf, n, off);
	if ((ok = take(n)) == 0) {
		errno = ENOSPC;
		return -1;
	}
	return real_pwrite(fd, buf, ok, off);
}

ssize_t
pwrite64(int fd, const void *buf, size_t n, off_t off)
{
	return pwrite(fd, buf, n, off);
}

ssize_t
writev(int fd, const struct iovec *iov, int cnt)
{
	size_t n = 0, ok;
	ssize_t done = 0, r;
	int i;

	REAL(ssize_t, writev, (int, const struct iovec *, int));
	if (!counted(fd))
		return real_writev(fd, iov, cnt);
	for (i = 0; i < cnt; i++)
		n += iov[i].iov_len;
	if (n == 0)
		return 0;
	if ((ok = take(n)) == 0) {
		errno = ENOSPC;
		return -1;
	}
	/* Only the first ok bytes. */
	for (i = 0; i < cnt && ok > 0; i++) {
		size_t k = iov[i].iov_len < ok ? iov[i].iov_len : ok;

		r = write(fd, iov[i].iov_base, k);
		if (r < 0)
			return done > 0 ? done : -1;
		done += r;
		ok -= (size_t)r;
	}
	return done;
}

/* Stdio: what may go into fp of n bytes; 0 sets the error flag. */
static size_t
stdio_take(FILE *fp, size_t n)
{
	size_t ok;

	if (n == 0 || !counted(fileno(fp)))
		return n;
	ok = take(n);
	if (ok < n) {
		fp->_flags |= _IO_ERR_SEEN;
		errno = ENOSPC;
	}
	return ok;
}

size_t
fwrite(const void *p, size_t size, size_t nmemb, FILE *fp)
{
	size_t ok;

	REAL(size_t, fwrite, (const void *, size_t, size_t, FILE *));
	if (size == 0 || nmemb == 0)
		return real_fwrite(p, size, nmemb, fp);
	ok = stdio_take(fp, size * nmemb);
	if (ok == size * nmemb)
		return real_fwrite(p, size, nmemb, fp);
	if (ok / size > 0)
		real_fwrite(p, size, ok / size, fp);
	return ok / size;
}

int
fputs(const char *s, FILE *fp)
{
	size_t n = strlen(s);

	return fwrite(s, 1, n, fp) == n ? 1 : EOF;
}

int
fputc(int c, FILE *fp)
{
	REAL(int, fputc, (int, FILE *));
	if (stdio_take(fp, 1) == 0)
		return EOF;
	return real_fputc(c, fp);
}

int
putc(int c, FILE *fp)
{
	return fputc(c, fp);
}

int
vfprintf(FILE *fp, const char *fmt, va_list ap)
{
	char small[512], *s = small;
	va_list aq;
	int n;
	size_t w;

	va_copy(aq, ap);
	n = vsnprintf(small, sizeof small, fmt, aq);
	va_end(aq);
	if (n < 0)
		return n;
	if ((size_t)n >= sizeof small) {
		if ((s = malloc((size_t)n + 1)) == NULL)
			return -1;
		vsnprintf(s, (size_t)n + 1, fmt, ap);
	}
	w = fwrite(s, 1, (size_t)n, fp);
	if (s != small)
		free(s);
	return w == (size_t)n ? n : -1;
}

int
fprintf(FILE *fp, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(fp, fmt, ap);
	va_end(ap);
	return n;
}
