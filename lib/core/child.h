/*
 * child.h - run a helper program (ffmpeg, espeak-ng) without a shell.
 *
 * Arguments go straight to execvp as an array, so no text from a brief is
 * ever parsed by a shell. The child's standard output is discarded, its
 * standard error is kept (its last lines explain a failure), and it is
 * registered with atomic_child so that a signal to us ends it too.
 */
#ifndef MV_CHILD_H
#define MV_CHILD_H

#include <stddef.h>

/*
 * Called with each complete line the child writes to stderr. Returning
 * nonzero consumes the line (progress reports): it is not kept for the
 * error message.
 */
typedef int child_line_fn(const char *line, void *arg);

/*
 * Called for more input: points *data at the next bytes and returns their
 * count, 0 at the end of the input, or -1 to stop the child (the reason
 * is then in *err, set by the feeder).
 */
typedef long child_feed_fn(void *arg, const char **data, char **err);

/*
 * Runs argv[0] with argv, feeding it input (len bytes; NULL: /dev/null)
 * on standard input. Returns 0 when it exits with status 0; otherwise -1
 * with *err set to "<prog>: <why>: <its last stderr line>" (malloc'd).
 * A child that reports a failed write on stderr ("No space left on
 * device", "Input/output error", "Error writing ...") has failed even
 * when it exits 0: *err is then "<prog>: <errno text>: <that line>".
 * on_line, when not NULL, sees every stderr line as it arrives.
 */
int child_run(char *const argv[], const char *input, size_t len,
    child_line_fn *on_line, void *arg, char **err);

/* child_run in the folder cwd (NULL: ours). */
int child_run_in(const char *cwd, char *const argv[], const char *input,
    size_t len, child_line_fn *on_line, void *arg, char **err);

/*
 * child_run_in with the input made on demand by feed (called again once
 * the last bytes it gave are written), so that a producer and the child
 * work side by side without the whole input in memory.
 */
int child_run_feed(const char *cwd, char *const argv[], child_feed_fn *feed,
    void *farg, child_line_fn *on_line, void *arg, char **err);

/*
 * child_run, with the child's standard output kept: *out (malloc'd, NUL
 * after the *outlen bytes; NULL on failure). For a child that would write
 * a file and not notice a failed write (espeak-ng): the caller writes it.
 */
int child_run_out(char *const argv[], const char *input, size_t len,
    char **out, size_t *outlen, char **err);

/*
 * After a child_run* that failed because the child could not write:
 * replaces *err (malloc'd) with "'<path>': <errno text>" (such as "No
 * space left on device"), naming path, the file it was writing, instead
 * of its own words ("Conversion failed!"). Otherwise leaves *err as is.
 */
void child_blame(const char *path, char **err);

#endif
