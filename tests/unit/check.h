/*
 * check.h - the check macros of mv's lib unit tests, printing TAP.
 *
 * Each check prints "ok N - expr" or "not ok N - file:line: expr".
 * On failure CHECK_STR and CHECK_INT add "# got"/"# want" lines, and
 * CHECK_BUG (a check that fails because of a known bug in lib/) adds
 * "# LIB BUG: why". main() ends with "return check_done();", which
 * prints the plan "1..N" and returns 0 only when every check passed.
 * In the spirit of jq's src/jq_test.c and bfs's tests/tests.h.
 */
#ifndef MV_CHECK_H
#define MV_CHECK_H

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"

#include <stdio.h>
#include <string.h>

static int check_count, check_failed;

static inline int
check_report(int ok, const char *file, int line, const char *expr)
{
	check_count++;
	if (ok)
		printf("ok %d - %s\n", check_count, expr);
	else {
		check_failed++;
		printf("not ok %d - %s:%d: %s\n", check_count, file, line,
		    expr);
	}
	fflush(stdout);
	return ok;
}

static inline int
check_str(const char *a, const char *b, const char *file, int line,
    const char *expr)
{
	int ok = a != NULL && b != NULL && strcmp(a, b) == 0;

	if (!check_report(ok, file, line, expr)) {
		printf("#   got:  \"%s\"\n", a ? a : "(null)");
		printf("#   want: \"%s\"\n", b ? b : "(null)");
	}
	return ok;
}

static inline int
check_int(long long a, long long b, const char *file, int line,
    const char *expr)
{
	int ok = a == b;

	if (!check_report(ok, file, line, expr)) {
		printf("#   got:  %lld\n", a);
		printf("#   want: %lld\n", b);
	}
	return ok;
}

/* A check that fails because of a known bug in lib/: says so when it does. */
static inline int
check_bug(int ok, const char *file, int line, const char *expr,
    const char *why)
{
	if (!check_report(ok, file, line, expr))
		printf("#   LIB BUG: %s\n", why);
	return ok;
}

#define CHECK(c) check_report(!!(c), __FILE__, __LINE__, #c)
#define CHECK_BUG(c, why) check_bug(!!(c), __FILE__, __LINE__, #c, (why))
#define CHECK_STR(a, b) check_str((a), (b), __FILE__, __LINE__, \
	#a " == " #b)
#define CHECK_INT(a, b) check_int((long long)(a), (long long)(b), \
	__FILE__, __LINE__, #a " == " #b)

/* A line of commentary in the output, e.g. the name of a group. */
#define CHECK_NOTE(s) printf("# %s\n", (s))

static inline int
check_done(void)
{
	printf("1..%d\n", check_count);
	if (check_failed > 0)
		printf("# %d of %d checks failed\n", check_failed,
		    check_count);
	return check_failed > 0;
}


/* Removes path and, for a folder, everything in it (scratch clean-up). */
static inline void
check_rm_rf(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;

	if (d != NULL) {
		while ((e = readdir(d)) != NULL) {
			char *p;

			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			p = xasprintf("%s/%s", path, e->d_name);
			check_rm_rf(p);
			free(p);
		}
		closedir(d);
		rmdir(path);
	} else
		unlink(path);
}

#endif
