/*
 * lines.h - who speaks each part of a scene's narration: the narrator, or
 * a character in quoted speech (segments[].lines, mv-state(5)).
 *
 * A scene's lines, in order, are {speaker, text}: speaker "narrator" or a
 * character's name as the brief gives it; their texts joined by single
 * spaces are the scene's narration (after text_squeeze). A quotation
 * keeps its quote marks and whatever clings to them ("Look!"-- stays
 * whole); a line is never empty, and two lines in a row never have the
 * same speaker.
 */
#ifndef MV_LINES_H
#define MV_LINES_H

#include <jv.h>

/* The speaker of what no character says. */
#define LINES_NARRATOR "narrator"

/*
 * The lines of narr, attributed offline: each quotation ("..." or curly
 * quotes) goes to the character a tag names after it (' "Hi," said Pip'
 * or ' "Hi," Pip said'), else to the one a tag names before it ('Pip
 * said, "Hi."', 'Pip whispered: "Hi."'), else to the character named last
 * before it in the scene (a quote after a line naming its speaker: 'Pip
 * looked up. "Hi."'; a pronoun, 'she said', goes to that one too), else
 * to the narrator. A name matches as a whole word, the full name or its
 * first or last word ("Grandma" for "Grandma Rose"). names: the
 * characters (borrowed: an array of objects with "name", or of strings).
 * Returns an array (empty for an empty narr).
 */
jv lines_attribute(const char *narr, jv names);

/*
 * Sets the "lines" of every segment of segs (consumed): a segment's own
 * lines (a model's) when lines_check finds them good, else
 * lines_attribute's, with the scene before it as context (a quotation
 * that opens a scene goes to the character named last in the scene
 * before). ctx: the context (borrowed), whose "characters" may speak.
 */
jv lines_segments(jv segs, jv ctx);

/*
 * Whether lines (borrowed), a model's, are lines of narr: an array of
 * objects with a non-empty string "text" and a "speaker" that is
 * "narrator" or one of names (borrowed, as above; matched ignoring case,
 * recorded as the brief spells it), whose texts joined by spaces are narr
 * (both squeezed; narr NULL: any words, as in a new take of a scene's
 * words). Returns the lines, cleaned (speakers as the brief
 * spells them, neighbours of one speaker merged), or an invalid with a
 * message ("lines[2].speaker: 'Bob' is not a character").
 */
jv lines_check(jv lines, const char *narr, jv names);

/*
 * The lines of the scene seg (borrowed): its own when lines_check finds
 * them its narration, else its narration attributed now (a state from
 * before lines, or a scene whose words were edited). names as above.
 */
jv lines_of_scene(jv seg, jv names);

/* The narration of lines (borrowed): their texts joined by spaces,
 * malloc'd. */
char *lines_join(jv lines);

#endif
