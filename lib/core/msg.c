#include <sys/prctl.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/msg.h"

extern char **environ;

static const char *prog = "mv";

/*
 * A process that holds a key (every *_API_KEY in its environment: the
 * names of lib/core/conf.c) makes no core dump, and no other user's process
 * may read its memory: a key must not reach a core file.
 */
static void
guard_secrets(void)
{
	char **e;
	const char *eq;

	for (e = environ; e != NULL && *e != NULL; e++)
		if ((eq = strchr(*e, '=')) != NULL && eq[1] != '\0' &&
		    eq - *e >= 8 && strncmp(eq - 8, "_API_KEY", 8) == 0) {
			(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
			return;
		}
}

void
msg_init(const char *argv0)
{
	const char *p;

	guard_secrets();
	if (argv0 == NULL || *argv0 == '\0')
		return;
	p = strrchr(argv0, '/');
	prog = p ? p + 1 : argv0;
}

const char *
msg_prog(void)
{
	return prog;
}

static void
vwarn(const char *fmt, va_list ap)
{
	int saved = errno;
	size_t n = strlen(fmt);

	fprintf(stderr, "%s: ", prog);
	vfprintf(stderr, fmt, ap);
	if (n > 0 && fmt[n - 1] == ':')
		fprintf(stderr, " %s", strerror(saved));
	fputc('\n', stderr);
}

void
msg_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

void
msg_die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	exit(MV_EXIT_FAIL);
}

void
msg_note(const char *fmt, ...)
{
	va_list ap;
	const char *q = getenv("MV_QUIET");

	if (q != NULL && *q != '\0')
		return;
	va_start(ap, fmt);
	fprintf(stderr, "%s: ", prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

int
msg_close_stdout(int status)
{
	int bad = fflush(stdout) != 0 || ferror(stdout);

	if (fclose(stdout) != 0)
		bad = 1;
	if (bad) {
		msg_warn("write error:");
		return MV_EXIT_FAIL;
	}
	return status;
}
