#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/atomic.h"
#include "core/util.h"

#define MAX_TEMPS 64

/* Read by the signal handler, so plain pointers written with signals held. */
static char *temps[MAX_TEMPS];
static volatile pid_t child;
static mode_t file_mode = 0644;

static void
hold(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, old);
}

static void
release(const sigset_t *old)
{
	sigprocmask(SIG_SETMASK, old, NULL);
}

static int
track(char *tmp)
{
	sigset_t old;
	int i, rc = -1;

	hold(&old);
	for (i = 0; i < MAX_TEMPS; i++)
		if (temps[i] == NULL) {
			temps[i] = tmp;
			rc = 0;
			break;
		}
	release(&old);
	return rc;
}

static void
untrack(const char *tmp)
{
	sigset_t old;
	int i;

	hold(&old);
	for (i = 0; i < MAX_TEMPS; i++)
		if (temps[i] == tmp)
			temps[i] = NULL;
	release(&old);
}

static void
on_signal(int sig)
{
	int i;

	if (child > 0)
		kill(child, SIGTERM);
	for (i = 0; i < MAX_TEMPS; i++)
		if (temps[i] != NULL)
			unlink(temps[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
on_exit_remove(void)
{
	int i;

	for (i = 0; i < MAX_TEMPS; i++)
		if (temps[i] != NULL) {
			unlink(temps[i]);
			temps[i] = NULL;
		}
}

void
atomic_init(void)
{
	struct sigaction sa;
	mode_t mask;

	mask = umask(0);
	umask(mask);
	file_mode = 0666 & ~mask;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGINT);
	sigaddset(&sa.sa_mask, SIGTERM);
	sigaddset(&sa.sa_mask, SIGHUP);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	atexit(on_exit_remove);
}

void
atomic_child(pid_t pid)
{
	child = pid;
}

int
atomic_open(struct atomic_file *af, const char *path, const char *suffix,
    char **err)
{
	const char *base = strrchr(path, '/');
	size_t dirlen = base ? (size_t)(base - path) + 1 : 0;
	int fd;

	memset(af, 0, sizeof *af);
	base = base ? base + 1 : path;
	if (*base == '\0') {
		*err = xasprintf("'%s': not a file name", path);
		return -1;
	}
	af->path = xstrdup(path);
	af->tmp = xasprintf("%.*s.%s.tmp.XXXXXX%s", (int)dirlen, path, base,
	    suffix);
	fd = mkstemps(af->tmp, (int)strlen(suffix));
	if (fd < 0) {
		*err = xasprintf("'%s': cannot create a temporary file: %s",
		    path, strerror(errno));
		goto fail;
	}
	if (track(af->tmp) < 0) {
		close(fd);
		unlink(af->tmp);
		*err = xasprintf("'%s': too many temporary files", path);
		goto fail;
	}
	fchmod(fd, file_mode);
	af->fp = fdopen(fd, "w");
	if (af->fp == NULL) {
		*err = xasprintf("'%s': %s", af->tmp, strerror(errno));
		close(fd);
		atomic_rollback(af);
		return -1;
	}
	return 0;
fail:
	free(af->path);
	free(af->tmp);
	memset(af, 0, sizeof *af);
	return -1;
}

int
atomic_detach(struct atomic_file *af, char **err)
{
	int rc = fclose(af->fp);

	af->fp = NULL;
	if (rc != 0) {
		/* The temp file's trouble is its target's. */
		*err = xasprintf("'%s': %s", af->path, strerror(errno));
		atomic_rollback(af);
		return -1;
	}
	return 0;
}

static void
release_names(struct atomic_file *af)
{
	untrack(af->tmp);
	free(af->path);
	free(af->tmp);
	af->path = af->tmp = NULL;
}

static void
sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int fd;

	dir = slash ? xasprintf("%.*s", (int)(slash - path) + 1, path)
	    : xstrdup(".");
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

int
atomic_commit(struct atomic_file *af, char **err)
{
	int fd;

	if (af->fp != NULL) {
		errno = 0;
		if (fflush(af->fp) != 0 || ferror(af->fp) ||
		    fsync(fileno(af->fp)) != 0) {
			*err = xasprintf("'%s': %s", af->path,
			    strerror(errno ? errno : EIO));
			atomic_rollback(af);
			return -1;
		}
		if (fclose(af->fp) != 0) {
			af->fp = NULL;
			*err = xasprintf("'%s': %s", af->path,
			    strerror(errno));
			atomic_rollback(af);
			return -1;
		}
		af->fp = NULL;
	} else if ((fd = open(af->tmp, O_RDONLY)) >= 0) {
		fsync(fd);
		close(fd);
	}
	if (rename(af->tmp, af->path) != 0) {
		*err = xasprintf("'%s': cannot rename into place: %s",
		    af->path, strerror(errno));
		atomic_rollback(af);
		return -1;
	}
	sync_dir(af->path);
	release_names(af);
	return 0;
}

void
atomic_rollback(struct atomic_file *af)
{
	if (af->fp != NULL)
		fclose(af->fp);
	af->fp = NULL;
	if (af->tmp != NULL)
		unlink(af->tmp);
	release_names(af);
}

int
atomic_write(const char *path, const void *buf, size_t len, char **err)
{
	struct atomic_file af;

	if (atomic_open(&af, path, "", err) < 0)
		return -1;
	if (len > 0 && fwrite(buf, 1, len, af.fp) != len) {
		*err = xasprintf("'%s': %s", path, strerror(errno));
		atomic_rollback(&af);
		return -1;
	}
	return atomic_commit(&af, err);
}

int
atomic_mkdirs(const char *dir, char **err)
{
	char *p, *s;
	struct stat sb;

	if (*dir == '\0')
		return 0;
	p = xstrdup(dir);
	for (s = p + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			*err = xasprintf("'%s': cannot create folder: %s", p,
			    strerror(errno));
			free(p);
			return -1;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	if (stat(p, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		*err = xasprintf("'%s': not a folder", p);
		free(p);
		return -1;
	}
	free(p);
	return 0;
}

int
atomic_remove(const char *path, char **err)
{
	if (unlink(path) == 0 || errno == ENOENT)
		return 0;
	*err = xasprintf("'%s': %s", path, strerror(errno));
	return -1;
}

int
atomic_update(const char *path, const void *buf, size_t len, char **err)
{
	char *old, *e;
	size_t n;

	if (read_all(path, len + 1, &old, &n, &e) == 0) {
		int same = n == len && memcmp(old, buf, n) == 0;

		free(old);
		if (same)
			return 0;
	} else
		free(e);
	return atomic_write(path, buf, len, err) < 0 ? -1 : 1;
}

int
atomic_room(const char *tmp)
{
	static const char zero[8192];
	int fd = open(tmp, O_WRONLY | O_APPEND), i, e = 0;

	if (fd < 0)
		return errno;
	for (i = 0; i < 8 && e == 0; i++)
		if (write(fd, zero, sizeof zero) != (ssize_t)sizeof zero)
			e = errno ? errno : ENOSPC;
	if (e == 0 && fsync(fd) != 0)
		e = errno;
	close(fd);
	return e;
}
