/*
 * json.h - JSON that is not a state: untrusted text parsed safely, and the
 * typed getters every module uses on a jv it borrows.
 *
 * jv ownership as in state.h: "consumes" or "borrows" is said of each jv
 * argument; every jv returned is the caller's.
 */
#ifndef MV_JSON_H
#define MV_JSON_H

#include <stddef.h>
#include <jv.h>

/* The largest JSON document read, in bytes. */
#define JSON_MAX_BYTES (32u << 20)
/* At most this many values in a document: parsed, a small object costs
 * up to half a kilobyte, and no program may need more than 64 MB. */
#define JSON_MAX_VALUES 100000

/*
 * A first pass over JSON text, before libjq parses it: how many values it
 * holds, roughly (containers, plus the commas between members), which is
 * what parsing costs in memory (up to half a kilobyte a small object, far
 * more than its text); and in *adjacent the offset of the first scalar
 * that follows a complete value with no ',' or ':' between them, or len.
 * libjq 1.6 leaks that scalar when it reports the missing separator, so
 * such text is refused before libjq sees it.
 */
size_t json_prescan(const char *buf, size_t len, size_t *adjacent);

/*
 * jv_parse_sized for untrusted JSON (a service's reply): any one value,
 * or an invalid with a message. A value that follows another with no
 * separator is refused before libjq sees it (libjq 1.6 leaks it), and so
 * is a document larger than JSON_MAX_BYTES or JSON_MAX_VALUES.
 */
jv json_parse(const char *buf, size_t len);

/* The string value of v (borrowed: the result points into v, so the
 * caller keeps v alive while it uses it), or "" when v is not a string. */
const char *json_str(jv v);

/* The number in v (consumed, whatever its kind: json_num(jv_object_get(
 * ...), d) frees what the lookup returned), or dflt when v is not a
 * number. To keep v, pass jv_copy(v). */
double json_num(jv v, double dflt);

/* The one JSON document in the file path (a file this program wrote:
 * trusted), or an invalid without a message when it cannot be read or
 * holds another number of documents. */
jv json_load(const char *path);

/* The message of an invalid (consumed) as a malloc'd string. */
char *json_msg(jv inv);

#endif
