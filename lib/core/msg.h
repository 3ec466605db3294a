/*
 * msg.h - diagnostics for the mv programs, in the shape "prog: what: why".
 *
 * Only tools/ print; lib/ returns errors as strings or invalid jvs.
 */
#ifndef MV_MSG_H
#define MV_MSG_H

/* The three exit statuses every program uses. */
enum {
	MV_EXIT_OK = 0,
	MV_EXIT_FAIL = 1,
	MV_EXIT_USAGE = 2
};

/*
 * Sets the program name used as the prefix from argv[0]'s basename; and
 * when a key (any *_API_KEY) is in the environment, makes the process
 * not dumpable (no core file, no ptrace or /proc memory by others).
 */
void msg_init(const char *argv0);

/* The program name set by msg_init ("mv" before it is called). */
const char *msg_prog(void);

/*
 * Prints "prog: " and the formatted text and a newline to stderr. A format
 * that ends in ':' gets " strerror(errno)" appended, as in sbase.
 */
void msg_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* msg_warn, then exit(MV_EXIT_FAIL) (atexit handlers remove temp files). */
void msg_die(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

/*
 * Prints a progress note ("prog: text") to stderr unless MV_QUIET is set
 * to a non-empty value. Progress is never written to stdout.
 */
void msg_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Flushes and closes stdout; on any error prints "prog: write error: ..."
 * and returns MV_EXIT_FAIL, else returns status unchanged.
 */
int msg_close_stdout(int status);

#endif
