#include <sys/file.h>
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/limit.h"
#include "core/util.h"

#define MAX_SLOTS 256
#define WINDOW_MS 60000L
/* How long a request that found every slot taken waits to ask again. */
#define SLOT_POLL_MS 10

struct limit {
	int nslots;
	int slot[MAX_SLOTS];	/* the slot files' fds */
	char held[MAX_SLOTS];	/* taken by this process */
	int next;		/* where the next take starts looking */
	long rpm;
	int rate;		/* the ring's fd, or -1 */
};

/* The setting MV_<WHO>_<WHAT> into *v (0: unset), checked. */
static int
setting(const char *who, const char *what, long max, long *v, char **err)
{
	char name[96], *end;
	const char *s;
	size_t i, n;

	n = (size_t)snprintf(name, sizeof name, "MV_%s_%s", who, what);
	for (i = 3; i < n && i < sizeof name - 1; i++)
		name[i] = isalnum((unsigned char)name[i]) ?
		    (char)toupper((unsigned char)name[i]) : '_';
	*v = 0;
	if ((s = getenv(name)) == NULL || *s == '\0')
		return 0;
	errno = 0;
	*v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || !isdigit((unsigned char)*s) ||
	    *v < 1 || *v > max) {
		*err = xasprintf("%s: expected a whole number from 1 to %ld, "
		    "got '%s'", name, max, s);
		return -1;
	}
	return 0;
}

/* The lock folder, made if missing; malloc'd, or NULL with *err. */
static char *
folder(char **err)
{
	const char *d = getenv("MV_LIMIT_DIR"), *w = getenv("W");
	struct stat st;
	char *p;

	if (d != NULL && *d != '\0')
		p = xstrdup(d);
	else if (w != NULL && *w != '\0') {
		/* The folder that holds W (W itself need not exist). */
		size_t n = strlen(w);

		while (n > 1 && w[n - 1] == '/')
			n--;
		while (n > 0 && w[n - 1] != '/')
			n--;
		while (n > 1 && w[n - 1] == '/')
			n--;
		p = n == 0 ? xstrdup(".limits") : xasprintf("%.*s/.limits",
		    (int)n, w);
	}
	else {
		p = xasprintf("/tmp/mv-limits-%ld", (long)getuid());
		if (mkdir(p, 0700) < 0 && errno != EEXIST)
			goto fail;
		if (lstat(p, &st) < 0)
			goto fail;
		if (!S_ISDIR(st.st_mode) || st.st_uid != getuid()) {
			*err = xasprintf("limits: '%s': not a folder of this "
			    "user's own (set MV_LIMIT_DIR)", p);
			free(p);
			return NULL;
		}
		return p;
	}
	if (mkdir(p, 0777) < 0 && errno != EEXIST)
		goto fail;
	return p;
fail:
	*err = xasprintf("MV_LIMIT_DIR: '%s': %s", p, strerror(errno));
	free(p);
	return NULL;
}

static int
open_file(const char *dir, const char *name, char **err)
{
	char *p = xasprintf("%s/%s", dir, name);
	int fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0666);

	if (fd < 0)
		*err = xasprintf("MV_LIMIT_DIR: '%s': %s", p, strerror(errno));
	free(p);
	return fd;
}

int
limit_open(const char *who, struct limit **out, char **err)
{
	struct limit *l;
	char up[64], name[96], *dir;
	long conc, rpm;
	size_t i;

	*out = NULL;
	if (who == NULL || *who == '\0')
		return 0;
	for (i = 0; who[i] != '\0' && i < sizeof up - 1; i++)
		up[i] = isalnum((unsigned char)who[i]) ?
		    (char)toupper((unsigned char)who[i]) : '_';
	up[i] = '\0';
	if (setting(up, "CONCURRENCY", MAX_SLOTS, &conc, err) < 0 ||
	    setting(up, "RPM", 100000, &rpm, err) < 0)
		return -1;
	if (conc == 0 && rpm == 0)
		return 0;
	if ((dir = folder(err)) == NULL)
		return -1;
	l = xmalloc(sizeof *l);
	memset(l, 0, sizeof *l);
	l->rate = -1;
	l->rpm = rpm;
	for (l->nslots = 0; l->nslots < conc; l->nslots++) {
		snprintf(name, sizeof name, "%s.slot.%d", up, l->nslots);
		if ((l->slot[l->nslots] = open_file(dir, name, err)) < 0)
			goto fail;
	}
	if (rpm > 0) {
		snprintf(name, sizeof name, "%s.rpm.%ld", up, rpm);
		if ((l->rate = open_file(dir, name, err)) < 0)
			goto fail;
	}
	free(dir);
	*out = l;
	return 0;
fail:
	free(dir);
	limit_close(l);
	return -1;
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
io(ssize_t got, size_t want, const char *what, char **err)
{
	if (got == (ssize_t)want)
		return 0;
	*err = xasprintf("limits: cannot %s the ring of starts: %s", what,
	    got < 0 ? strerror(errno) : "short");
	return -1;
}

int
limit_rate(int fd, long n, long window_ms, long long now, long *wait_ms,
    char **err)
{
	int64_t idx = 0, t = 0;
	ssize_t got;
	int rc = -1;

	while (flock(fd, LOCK_EX) < 0)
		if (errno != EINTR) {
			*err = xasprintf("limits: flock: %s", strerror(errno));
			return -1;
		}
	/* A new file reads as zeros: every start long ago. */
	if ((got = pread(fd, &idx, sizeof idx, 0)) > 0 &&
	    io(got, sizeof idx, "read", err) < 0)
		goto out;
	if (idx < 0 || idx >= n)
		idx = 0;
	got = pread(fd, &t, sizeof t, (off_t)(sizeof idx * (size_t)(idx + 1)));
	if (got > 0 && io(got, sizeof t, "read", err) < 0)
		goto out;
	if (got <= 0)
		t = 0;
	if (t != 0 && now - t < window_ms) {
		*wait_ms = t > now ? window_ms : (long)(t + window_ms - now);
		rc = 0;
		goto out;
	}
	t = now;
	if (io(pwrite(fd, &t, sizeof t, (off_t)(sizeof idx *
	    (size_t)(idx + 1))), sizeof t, "write", err) < 0)
		goto out;
	idx = (idx + 1) % n;
	if (io(pwrite(fd, &idx, sizeof idx, 0), sizeof idx, "write", err) < 0)
		goto out;
	rc = 1;
out:
	flock(fd, LOCK_UN);
	return rc;
}

int
limit_take(struct limit *l, int *slot, long *wait_ms, char **err)
{
	int i, k, rc;

	*slot = -1;
	if (l == NULL)
		return 1;
	for (i = 0; i < l->nslots; i++) {
		k = (l->next + i) % l->nslots;
		if (!l->held[k] && flock(l->slot[k], LOCK_EX | LOCK_NB) == 0) {
			l->held[k] = 1;
			*slot = k;
			l->next = (k + 1) % l->nslots;
			break;
		}
	}
	if (l->nslots > 0 && *slot < 0) {
		/* Jittered, so that waiting processes do not ask in step. */
		*wait_ms = SLOT_POLL_MS + (long)(now_ms() % SLOT_POLL_MS);
		return 0;
	}
	if (l->rate < 0)
		return 1;
	rc = limit_rate(l->rate, l->rpm, WINDOW_MS, now_ms(), wait_ms, err);
	if (rc != 1)
		limit_give(l, slot);
	return rc;
}

void
limit_give(struct limit *l, int *slot)
{
	if (l != NULL && *slot >= 0 && *slot < l->nslots && l->held[*slot]) {
		flock(l->slot[*slot], LOCK_UN);
		l->held[*slot] = 0;
	}
	*slot = -1;
}

void
limit_close(struct limit *l)
{
	int i;

	if (l == NULL)
		return;
	for (i = 0; i < l->nslots; i++)
		close(l->slot[i]);
	if (l->rate >= 0)
		close(l->rate);
	free(l);
}
