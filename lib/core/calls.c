#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/calls.h"
#include "core/json.h"
#include "core/util.h"

void
calls_hash(jv request, char out[17])
{
	jv s = jv_dump_string(jv_copy(request), JV_PRINT_SORTED);
	const char *d = jv_string_value(s);

	snprintf(out, 17, "%016llx",
	    (unsigned long long)hash64(d, strlen(d), 0));
	jv_free(s);
}

int
calls_log(const char *step, int scene, const char *provider, jv request,
    char **err)
{
	char sc[16];

	if (scene > 0)
		snprintf(sc, sizeof sc, "%d", scene);
	else
		strcpy(sc, "-");
	return calls_log_as(step, sc, provider, request, err);
}

int
calls_log_as(const char *step, const char *what, const char *provider,
    jv request, char **err)
{
	const char *path = getenv("MV_CALL_LOG");
	char hash[17];
	char *line;
	ssize_t n;
	int fd;

	if (path == NULL || *path == '\0')
		return 0;
	calls_hash(request, hash);
	line = xasprintf("%s\t%s\t%s\t%s\n", step, what, provider, hash);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0) {
		*err = xasprintf("MV_CALL_LOG: '%s': %s", path,
		    strerror(errno));
		free(line);
		return -1;
	}
	n = write(fd, line, strlen(line));
	if (n != (ssize_t)strlen(line)) {
		*err = xasprintf("MV_CALL_LOG: '%s': write error: %s", path,
		    strerror(n < 0 ? errno : EIO));
		close(fd);
		free(line);
		return -1;
	}
	close(fd);
	free(line);
	return 0;
}

/* True when list (comma-separated) names step:scene or step. */
static int
named(const char *list, const char *step, int scene)
{
	char want[96], whole[96];
	const char *p = list;
	size_t n;

	snprintf(want, sizeof want, "%s:%d", step, scene);
	snprintf(whole, sizeof whole, "%s", step);
	while (*p) {
		n = strcspn(p, ",");
		if ((strlen(want) == n && strncmp(p, want, n) == 0) ||
		    (strlen(whole) == n && strncmp(p, whole, n) == 0))
			return 1;
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

int
calls_offline(const char *step, int scene, char **err)
{
	const char *d = getenv("MV_OFFLINE_DELAY"), *f = getenv("MV_FAULT");
	struct timespec ts;
	double secs;

	if (d != NULL && (secs = strtod(d, NULL)) > 0 && secs < 3600) {
		ts.tv_sec = (time_t)secs;
		ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
		while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
			;
	}
	if (f != NULL && named(f, step, scene)) {
		*err = xasprintf("%s: simulated failure (MV_FAULT)", step);
		return -1;
	}
	return 0;
}

void
calls_usage_add(jv *sum, jv u)
{
	if (jv_get_kind(u) != JV_KIND_OBJECT)
		return;
	jv_object_foreach(u, k, v) {
		jv have = jv_object_get(jv_copy(*sum), jv_copy(k));

		if (jv_get_kind(v) == JV_KIND_NUMBER)
			*sum = jv_object_set(*sum, jv_copy(k), jv_number(
			    json_num(jv_copy(have), 0) + jv_number_value(v)));
		jv_free(have);
		jv_free(k);
		jv_free(v);
	}
}


char *
calls_failed(const char *what, const char *why, size_t bad,
    const char *kinds)
{
	return bad > 1 ? xasprintf("%s: %s (and %zu more %s failed)", what,
	    why, bad - 1, kinds) : xasprintf("%s: %s", what, why);
}
