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

/* Called with each complete line the child writes to stderr. */
typedef void child_line_fn(const char *line, void *arg);

/*
 * Runs argv[0] with argv, feeding it input (len bytes; NULL: /dev/null)
 * on standard input. Returns 0 when it exits with status 0; otherwise -1
 * with *err set to "<prog>: <why>: <its last stderr line>" (malloc'd).
 * on_line, when not NULL, sees every stderr line as it arrives.
 */
int child_run(char *const argv[], const char *input, size_t len,
    child_line_fn *on_line, void *arg, char **err);

/* child_run in the folder cwd (NULL: ours). */
int child_run_in(const char *cwd, char *const argv[], const char *input,
    size_t len, child_line_fn *on_line, void *arg, char **err);

#endif
