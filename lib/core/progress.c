#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/msg.h"
#include "core/progress.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void
progress_init(struct progress *p, const char *label, double total)
{
	const char *mf = getenv("MAKEFLAGS");

	memset(p, 0, sizeof *p);
	p->label = label;
	p->total = total > 0 ? total : 1;
	p->start = now();
	/* Under make -jN (a jobserver) other jobs share the terminal. */
	p->on = isatty(2) && getenv("MV_QUIET") == NULL && (mf == NULL ||
	    strstr(mf, "--jobserver") == NULL);
}

static void
clock_of(char *s, size_t n, double secs)
{
	long t = (long)(secs + 0.5);

	snprintf(s, n, "%ld:%02ld", t / 60, t % 60);
}

void
progress_show(struct progress *p, double done)
{
	double t = now(), f, el;
	char bar[31], a[48], b[48];
	int i, k;

	if (!p->on || t - p->shown < 0.2)
		return;
	p->shown = t;
	f = (p->base + done) / p->total;
	f = f < 0 ? 0 : f > 1 ? 1 : f;
	k = (int)(f * 30);
	for (i = 0; i < 30; i++)
		bar[i] = i < k ? '#' : '.';
	bar[30] = '\0';
	el = t - p->start;
	clock_of(a, sizeof a, el);
	if (f > 0.02)
		clock_of(b, sizeof b, el / f - el);
	else
		snprintf(b, sizeof b, "?");
	fprintf(stderr, "\r%s: %s [%s] %3d%%  %s elapsed, %s left\033[K",
	    msg_prog(), p->label, bar, (int)(f * 100), a, b);
	fflush(stderr);
}

int
progress_ffmpeg(struct progress *p, const char *line, int frames)
{
	const char *eq = strchr(line, '=');

	if (eq == NULL || eq == line || strchr(line, ' ') != NULL)
		return 0;
	if (frames && strncmp(line, "frame=", 6) == 0)
		progress_show(p, atof(eq + 1));
	else if (!frames && strncmp(line, "out_time_us=", 12) == 0)
		progress_show(p, atof(eq + 1) / 1e6);
	return 1;
}

void
progress_done(struct progress *p)
{
	if (p->on && p->shown > 0) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	p->shown = 0;
}
