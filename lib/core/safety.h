/*
 * safety.h - the child-safety word filter for research results and
 * generated text.
 *
 * A text is blocked when it contains a listed word or phrase as whole
 * words: matched case-insensitively (ASCII and Latin-1 letters folded) on
 * word boundaries, so "kill" matches "Kill!" and "kill." but not "skill",
 * and "fear" does not match "fearless". A listed entry ending in "*"
 * matches any word that starts with it ("gore*": "gory" no, "gores"
 * yes). The built-in list is small and summarised in mv-research(1); MV_SAFETY_WORDS
 * names a file (one entry a line, "#" comments) that replaces it, and
 * MV_SAFETY=off turns the filter off.
 */
#ifndef MV_SAFETY_H
#define MV_SAFETY_H

#include <stddef.h>

struct safety;

/*
 * The filter as the environment sets it: 0 with *out set (NULL when the
 * filter is off), or -1 with *err set ("MV_SAFETY_WORDS: 'f': ...").
 */
int safety_open(struct safety **out, char **err);

/*
 * The first blocked word in text: 1 with the entry that matched in
 * *entry (owned by s) and the byte offset of the match in *off; 0 when
 * the text is clean (or s is NULL).
 */
int safety_find(const struct safety *s, const char *text,
    const char **entry, size_t *off);

void safety_close(struct safety *s);

#endif
