/* Unit checks of lib/core/limit.c: the settings, slots shared between
 * processes, and the ring of starts. */
#include <sys/stat.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "core/limit.h"

static char dir[64];

static void
settings(void)
{
	struct limit *l = (struct limit *)1;
	char *err = NULL;
	long wait = 0;
	int slot = 7;

	CHECK_NOTE("settings");
	unsetenv("MV_FAKE_CONCURRENCY");
	unsetenv("MV_FAKE_RPM");
	CHECK_INT(limit_open("fake", &l, &err), 0);
	CHECK(l == NULL);
	CHECK_INT(limit_take(l, &slot, &wait, &err), 1);
	CHECK_INT(slot, -1);
	CHECK_INT(limit_open(NULL, &l, &err), 0);
	setenv("MV_FAKE_RPM", "x", 1);
	CHECK_INT(limit_open("fake", &l, &err), -1);
	CHECK_STR(err, "MV_FAKE_RPM: expected a whole number from 1 to "
	    "100000, got 'x'");
	free(err);
	err = NULL;
	setenv("MV_FAKE_RPM", "", 1);
	setenv("MV_A1111_CONCURRENCY", "0", 1);
	CHECK_INT(limit_open("a1111", &l, &err), -1);
	CHECK_STR(err, "MV_A1111_CONCURRENCY: expected a whole number from "
	    "1 to 256, got '0'");
	free(err);
	err = NULL;
	unsetenv("MV_A1111_CONCURRENCY");
	setenv("MV_OPEN_ROUTER_CONCURRENCY", "-1", 1);
	CHECK_INT(limit_open("open-router", &l, &err), -1);
	free(err);
	unsetenv("MV_OPEN_ROUTER_CONCURRENCY");
}

/* A child that takes n slots, says so on the pipe, and holds them until
 * its stdin pipe closes. */
static pid_t
holder(int n, int *tell, int *done)
{
	int up[2], down[2];
	pid_t pid;

	if (pipe(up) < 0 || pipe(down) < 0)
		return -1;
	if ((pid = fork()) == 0) {
		struct limit *l = NULL;
		char *err = NULL, c = 0;
		long wait;
		int i, slot;

		close(up[0]);
		close(down[1]);
		if (limit_open("fake", &l, &err) < 0)
			_exit(1);
		for (i = 0; i < n; i++)
			if (limit_take(l, &slot, &wait, &err) != 1)
				_exit(2);
		if (write(up[1], "k", 1) != 1)
			_exit(3);
		if (read(down[0], &c, 1) < 0)
			_exit(4);
		_exit(0);
	}
	close(up[1]);
	close(down[0]);
	*tell = up[0];
	*done = down[1];
	return pid;
}

static void
slots(void)
{
	struct limit *l = NULL;
	char *err = NULL, c, *p;
	long wait = 0;
	int a, b, x, tell, done, st;
	pid_t pid;
	struct stat sb;

	CHECK_NOTE("slots");
	setenv("MV_LIMIT_DIR", dir, 1);
	setenv("MV_FAKE_CONCURRENCY", "2", 1);
	CHECK_INT(limit_open("fake", &l, &err), 0);
	CHECK(l != NULL);
	p = xasprintf("%s/FAKE.slot.1", dir);
	CHECK_INT(stat(p, &sb), 0);
	free(p);
	CHECK_INT(limit_take(l, &a, &wait, &err), 1);
	CHECK_INT(limit_take(l, &b, &wait, &err), 1);
	CHECK(a >= 0 && b >= 0 && a != b);
	CHECK_INT(limit_take(l, &x, &wait, &err), 0);
	CHECK(wait >= 10 && wait < 20);
	CHECK_INT(x, -1);
	limit_give(l, &a);
	CHECK_INT(a, -1);
	CHECK_INT(limit_take(l, &x, &wait, &err), 1);
	limit_give(l, &x);
	limit_give(l, &b);

	/* Another process holding both: none here, until it ends (the
	 * kernel frees its locks, whatever way it goes). */
	pid = holder(2, &tell, &done);
	CHECK(pid > 0);
	CHECK_INT(read(tell, &c, 1), 1);
	CHECK_INT(limit_take(l, &x, &wait, &err), 0);
	close(done);
	close(tell);
	CHECK_INT(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK_INT(limit_take(l, &x, &wait, &err), 1);
	limit_give(l, &x);
	/* One of two held elsewhere: one here. */
	pid = holder(1, &tell, &done);
	CHECK_INT(read(tell, &c, 1), 1);
	CHECK_INT(limit_take(l, &a, &wait, &err), 1);
	CHECK_INT(limit_take(l, &b, &wait, &err), 0);
	close(done);
	close(tell);
	waitpid(pid, &st, 0);
	limit_give(l, &a);
	limit_close(l);
	unsetenv("MV_FAKE_CONCURRENCY");
}

static void
ring(void)
{
	char *err = NULL, *p = xasprintf("%s/ring", dir);
	long wait = 0;
	int fd = open(p, O_RDWR | O_CREAT, 0600);

	CHECK_NOTE("the ring of starts");
	CHECK(fd >= 0);
	CHECK_INT(limit_rate(fd, 3, 1000, 1000, &wait, &err), 1);
	CHECK_INT(limit_rate(fd, 3, 1000, 1001, &wait, &err), 1);
	CHECK_INT(limit_rate(fd, 3, 1000, 1002, &wait, &err), 1);
	CHECK_INT(limit_rate(fd, 3, 1000, 1003, &wait, &err), 0);
	CHECK_INT(wait, 997);
	CHECK_INT(limit_rate(fd, 3, 1000, 1999, &wait, &err), 0);
	CHECK_INT(wait, 1);
	CHECK_INT(limit_rate(fd, 3, 1000, 2000, &wait, &err), 1);
	CHECK_INT(limit_rate(fd, 3, 1000, 2001, &wait, &err), 1);
	CHECK_INT(limit_rate(fd, 3, 1000, 2001, &wait, &err), 0);
	CHECK_INT(wait, 1);
	/* A clock set back: wait a whole window at most. */
	CHECK_INT(limit_rate(fd, 3, 1000, 500, &wait, &err), 0);
	CHECK_INT(wait, 1000);
	close(fd);

	/* Through limit_take: RPM 2, the third start waits most of 60 s. */
	{
		struct limit *l = NULL;
		int s;

		setenv("MV_FAKE_RPM", "2", 1);
		CHECK_INT(limit_open("fake", &l, &err), 0);
		CHECK_INT(limit_take(l, &s, &wait, &err), 1);
		CHECK_INT(s, -1);
		CHECK_INT(limit_take(l, &s, &wait, &err), 1);
		CHECK_INT(limit_take(l, &s, &wait, &err), 0);
		CHECK(wait > 59000 && wait <= 60000);
		limit_close(l);
		unsetenv("MV_FAKE_RPM");
	}
	free(p);
}

static void
folders(void)
{
	struct limit *l = NULL;
	char *err = NULL, *w = xasprintf("%s/wf/t", dir), *p;
	struct stat sb;

	CHECK_NOTE("the lock folder");
	unsetenv("MV_LIMIT_DIR");
	setenv("W", w, 1);
	setenv("MV_FAKE_CONCURRENCY", "1", 1);
	p = xasprintf("%s/wf", dir);
	mkdir(p, 0700);
	free(p);
	/* W itself need not exist yet. */
	CHECK_INT(limit_open("fake", &l, &err), 0);
	limit_close(l);
	p = xasprintf("%s/wf/.limits/FAKE.slot.0", dir);
	CHECK_INT(stat(p, &sb), 0);
	free(p);
	setenv("MV_LIMIT_DIR", "/proc/none/x", 1);
	CHECK_INT(limit_open("fake", &l, &err), -1);
	CHECK(err != NULL && strncmp(err, "MV_LIMIT_DIR: '/proc/none/x': ",
	    30) == 0);
	free(err);
	unsetenv("MV_FAKE_CONCURRENCY");
	unsetenv("MV_LIMIT_DIR");
	unsetenv("W");
	free(w);
}

int
main(void)
{
	snprintf(dir, sizeof dir, "/tmp/mv-limit-unit.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return 1;
	settings();
	slots();
	ring();
	folders();
	check_rm_rf(dir);
	return check_done();
}
