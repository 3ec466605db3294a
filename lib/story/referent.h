/*
 * referent.h - who a scene's "she", "he" and "they" are: the offline
 * segmenter counts a character that a scene refers to without naming it.
 *
 * The story is read sentence by sentence from its start. A character is
 * mentioned by its name, or by its kind when it is the only character of
 * that kind ("the owl", "her grandmother"; species_find). Its gender comes
 * from its type's words (species_gender: girl, grandmother, hen, mother
 * fox are "she"; boy, grandfather, king are "he"; a fox is neither).
 *
 * - "she", "her", "hers", "herself" refer to the last character mentioned
 *   alone as a "she" in an earlier sentence; when the last sentence that
 *   mentioned a "she" mentioned two, the word is ambiguous and counts no
 *   one. A sentence that itself mentions a "she" resolves its own "her".
 *   Likewise "he", "him", "his", "himself".
 * - "they", "them", "their", "themselves" refer to the characters of the
 *   last earlier sentence that mentioned two or more.
 */
#ifndef MV_REFERENT_H
#define MV_REFERENT_H

#include <stddef.h>

#include <jv.h>

/*
 * Returns scene (consumed) with its "characters" array (names, in the
 * order of ctx.characters) extended by the characters that its part of
 * story, the bytes from start to end, mentions by kind or refers to by
 * a pronoun as above. ctx is borrowed; story is the whole story.
 */
jv referent_scene(jv scene, jv ctx, const char *story, size_t start,
    size_t end);

#endif
