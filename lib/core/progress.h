/*
 * progress.h - a progress bar on a terminal: percent, elapsed and
 * estimated remaining time, redrawn in place on standard error.
 *
 * Only when standard error is a terminal, MV_QUIET is unset and make is
 * not running jobs side by side (their bars would overwrite each other);
 * otherwise every call does nothing, so logs get no carriage returns.
 */
#ifndef MV_PROGRESS_H
#define MV_PROGRESS_H

struct progress {
	const char *label;
	double total;		/* units of work (frames, seconds) */
	double base;		/* units done before the current part */
	double start;		/* monotonic seconds at progress_init */
	double shown;		/* when the bar was last drawn */
	int on;
};

/* Starts a bar for total units of work, labelled label (borrowed). */
void progress_init(struct progress *p, const char *label, double total);

/* Shows base + done units of total as done (drawn at most 5 times a s). */
void progress_show(struct progress *p, double done);

/*
 * Reads one line of FFmpeg's -progress output: "frame=N" counts frames,
 * "out_time_us=N" microseconds; with frames set, frames are the unit.
 * Returns 1 when the line was a progress line (key=value), else 0.
 */
int progress_ffmpeg(struct progress *p, const char *line, int frames);

/* Erases the bar. */
void progress_done(struct progress *p);

#endif
