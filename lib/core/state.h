/*
 * state.h - the one reader and the one writer of mv's state documents, the
 * field helpers that turn a wrong value into a message naming its path,
 * and a state's parts every step shares (log, segments, requests).
 * JSON of any kind is json.h's; asset folders and ids are asset.h's.
 *
 * jv ownership: a function "consumes" a jv argument (the caller's variable
 * is dead afterwards) unless it says it "borrows" it. Every jv returned is
 * owned by the caller. Errors come back as jv_invalid_with_msg(string).
 */
#ifndef MV_STATE_H
#define MV_STATE_H

#include <time.h>
#include <jv.h>

#include "core/json.h"

/* The state format version this code writes and understands. */
#define STATE_FORMAT 1

/* The largest state or brief read, and the most values in it: those of
 * any JSON mv reads (json.h). */
#define STATE_MAX_BYTES JSON_MAX_BYTES
#define STATE_MAX_VALUES JSON_MAX_VALUES

/* The one formatting of every state written: 2-space indent, sorted keys. */
#define STATE_DUMP_FLAGS (JV_PRINT_INDENT_FLAGS(2) | JV_PRINT_SORTED)

/* Kind masks for state_field. */
#define KIND(k) (1u << (k))
#define KIND_BOOL (KIND(JV_KIND_TRUE) | KIND(JV_KIND_FALSE))

/*
 * Reads exactly one JSON object from path (NULL or "-": stdin). The input
 * must be UTF-8 without NUL bytes. Returns the object, or an invalid whose
 * message is "'file':line:column: why" or "'file': why"; the message never
 * quotes the document.
 */
jv state_read(const char *path);

/* state_read of the len bytes at buf (borrowed), called name in messages. */
jv state_parse(const char *buf, size_t len, const char *name);

/* The name state_read uses for path in messages ("<stdin>" for stdin). */
const char *state_name(const char *path);

/*
 * Checks that st (borrowed) is a state this program can read: an object
 * whose "format" is a number not newer than STATE_FORMAT. Returns 0, or -1
 * with *err set (malloc'd, "format: ...").
 */
int state_check(jv st, char **err);

/*
 * Writes st (consumed) with STATE_DUMP_FLAGS and a final newline to path,
 * atomically; NULL or "-" means stdout. Returns 0 or -1 with *err set.
 */
int state_write(jv st, const char *path, char **err);

/*
 * Returns obj[key] when obj (borrowed) is an object and the value's kind
 * is in the kinds mask. A missing key or a null value gives jv_null()
 * when !required. Otherwise an invalid with "<path>.<key>: expected
 * <want>, got <kind>" or "<path>.<key>: missing, expected <want>".
 */
jv state_field(jv obj, const char *path, const char *key, unsigned kinds,
    const char *want, int required);

/*
 * Requires st.key (st borrowed) of the given kind, placed there by the
 * named program. Returns the value, or an invalid saying to run it first.
 */
jv state_need(jv st, const char *key, jv_kind kind, const char *producer);

/* When a step started: wall clock for the log, monotonic for seconds. */
struct step_clock {
	long long started;
	struct timespec mono;
	int fixed;	/* SOURCE_DATE_EPOCH is set: no timings recorded */
};

/* Starts the clock; honours SOURCE_DATE_EPOCH for reproducible output. */
void step_clock_start(struct step_clock *c);

/*
 * Appends a log entry to st.log (st consumed): program, version,
 * provider, model (may be NULL), started (ISO 8601 UTC) and seconds,
 * merged with extra (consumed; an object or null). Returns the new st.
 */
jv state_log(jv st, const struct step_clock *c, const char *provider,
    const char *model, jv extra);

/* The most scenes a state may have, and bytes in a scene's narration. */
#define STATE_MAX_SCENES 200
#define STATE_MAX_NARRATION 20000

/*
 * Checks the segments of a state (borrowed) before a program uses them:
 * an array of 1 to STATE_MAX_SCENES objects, each with a whole "scene"
 * from 1 to 999 greater than the one before, a "narration" string of at
 * most STATE_MAX_NARRATION bytes, and "characters", when present, an
 * array of strings. Returns 0, or -1 with *err set ("segments[3].scene:
 * expected ...").
 */
int state_segments_check(jv segs, char **err);

/* The segment of segs (borrowed) whose "scene" is no, or jv_null(). */
jv state_segment(jv segs, int no);

/*
 * Writes each request of reqs (an array, consumed; each with a "scene")
 * as DIR/SUB/NN.json (DIR/SUB/NN-LL.json for one with a "line" LL, a
 * line of a scene's narration), only when its content changes, so that
 * make sees exactly the scenes that changed; then DIR/SUB/index, their
 * names (NN or NN-LL) one per line. Returns 0 or -1 with *err set.
 */
int state_export(jv reqs, const char *dir, const char *sub, char **err);

/* state_export with the files named by names (an array of strings, one
 * a request, consumed): SUB/NAME.json and the names in SUB/index. */
int state_export_named(jv reqs, jv names, const char *dir, const char *sub,
    char **err);

#endif
