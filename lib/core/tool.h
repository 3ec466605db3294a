/*
 * tool.h - the parts of main() that every mv program shares.
 *
 * Unlike the rest of lib/, these functions are for tools/ only: like
 * msg.c they print diagnostics, and on failure they exit (with 1, or 2
 * for bad usage) after the atexit handlers have removed temp files.
 */
#ifndef MV_TOOL_H
#define MV_TOOL_H

#include <jv.h>

struct conf;
struct safety;

/*
 * The options every program has, around its own: tool_getopt is
 * getopt_long over optstring (the program's own letters, e.g. "o:w:")
 * that answers -h/--help (the usage line on stdout, exit 0), --version
 * ("prog VERSION" on stdout, exit 0) and a bad or incomplete option ("prog: unknown option:
 * '-q'", the usage line on stderr, exit 2) itself, and returns only the
 * program's letters, then -1. usage is the line after "usage: prog "
 * (each further line another form of the command, printed under it).
 * tool_operand then takes the one operand allowed (NULL when there is
 * none: stdin) and refuses more.
 */
int tool_getopt(int argc, char *const argv[], const char *optstring,
    const char *usage);
const char *tool_operand(int argc, char *const argv[]);

/* Prints the usage line (tool_getopt's) on stdout when status is 0, else
 * on stderr after whatever the caller said, and exits status. */
void tool_usage(int status) __attribute__((noreturn));


/*
 * Reads the document in path (NULL or "-": stdin). With check, it must be
 * an mv state (state_check); without, any JSON object (a brief). Exits 1
 * with "prog: 'file':line:col: why" when it cannot.
 */
jv tool_read(const char *path, int check);

/* state_need, or exit 1 with "prog: 'file': key: why". */
jv tool_need(jv st, const char *path, const char *key, jv_kind kind,
    const char *producer);

/*
 * The segments of st (borrowed), checked by state_segments_check, or exit
 * 1 with "prog: 'file': segments[2].scene: why".
 */
jv tool_segments(jv st, const char *path);

/* What tool_llm sets up when the text provider is a service. */
#define TOOL_LLM_HTTP 1		/* HTTP (http_init) */
#define TOOL_LLM_SAFETY 2	/* HTTP and the safety filter, into *safe */

/*
 * The text provider of a step ("STORY") into *c, or exit 1 naming the bad
 * setting: how every text tool chooses its provider (conf_llm). Returns 1
 * when offline. When it is a service, sets up what setup asks: nothing
 * (0: the tool does so itself, when it needs to), TOOL_LLM_HTTP, or
 * TOOL_LLM_SAFETY, which also opens the safety filter into *safe (left
 * NULL offline) or exits 1.
 */
int tool_llm(const char *step, struct conf *c, int setup,
    struct safety **safe);

/* Writes st (consumed) to path (NULL: stdout) or exits 1. */
void tool_write(jv st, const char *path);

/*
 * Parses -s WIDTHxHEIGHT (even sides, 64 to 7680); on a bad value prints
 * why (the caller then prints its usage and exits 2) and returns -1.
 */
int tool_size(const char *arg, int *w, int *h);

/* The scene number in arg (1 to 999), or -1 when it is not one. */
int tool_scene(const char *arg);

/*
 * The provider named by the environment variable var (dflt when unset or
 * empty). Exits 1 when it is not one of the NULL-ended list.
 */
const char *tool_provider(const char *var, const char *dflt,
    const char *const *known);

#endif
