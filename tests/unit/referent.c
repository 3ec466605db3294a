/* Unit checks for lib/story/referent.c: who "she", "he" and "they" are. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/json.h"
#include "story/referent.h"

static jv
ctx3(void)
{
	const char *s = "{\"characters\":["
	    "{\"name\":\"Amara\",\"type\":\"girl\"},"
	    "{\"name\":\"Nana Ruth\",\"type\":\"grandmother\"},"
	    "{\"name\":\"Bo\",\"type\":\"boy\"},"
	    "{\"name\":\"Hoot\",\"type\":\"wise old owl\"}]}";

	return json_parse(s, strlen(s));
}

/* The names referent_scene finds in the sentence that starts at "from"
 * in story (to its end), for a scene that named "named" (JSON). */
static char *
who(const char *story, const char *from, const char *named)
{
	jv ctx = ctx3(), sc, out;
	size_t start = (size_t)(strstr(story, from) - story);
	char *s;

	sc = JV_OBJECT(jv_string("characters"), json_parse(named,
	    strlen(named)));
	out = referent_scene(sc, ctx, story, start, strlen(story));
	out = jv_dump_string(jv_object_get(out, jv_string("characters")), 0);
	s = xstrdup(json_str(out));
	jv_free(out);
	jv_free(ctx);
	return s;
}

static void
check(const char *story, const char *from, const char *named,
    const char *want, int line)
{
	char *got = who(story, from, named);

	if (!CHECK_STR(got, want))
		printf("# line %d\n", line);
	free(got);
}

int
main(void)
{
	/* "She" after one girl named alone: the girl. */
	check("Amara ran to the barn. She was happy.", "She", "[]",
	    "[\"Amara\"]", __LINE__);
	/* "He" after a boy; the girl named before is not a "he". */
	check("Amara saw Bo. Later he laughed.", "Later", "[]", "[\"Bo\"]",
	    __LINE__);
	/* Two women named together: "she" is ambiguous. */
	check("Amara and Nana Ruth sat down. She smiled.", "She", "[]", "[]",
	    __LINE__);
	/* The last "she" named alone wins. */
	check("Nana Ruth baked bread. Amara came in. She was hungry.", "She",
	    "[]", "[\"Amara\"]", __LINE__);
	/* "They": everyone of the last sentence that named two or more. */
	check("Amara and Bo played. Then they slept.", "Then", "[]",
	    "[\"Amara\",\"Bo\"]", __LINE__);
	/* By kind, when only one has it: "her grandmother", "the owl". */
	check("Amara went out. Her grandmother waved at the owl.", "Her",
	    "[]", "[\"Amara\",\"Nana Ruth\",\"Hoot\"]", __LINE__);
	/* The owl is neither she nor he; names the scene had are kept. */
	check("Hoot flew by. She sang.", "She", "[\"Bo\"]", "[\"Bo\"]",
	    __LINE__);
	/* A sentence that names a "she" resolves its own "her". */
	check("Nana Ruth slept. Amara took her hat.", "Amara", "[\"Amara\"]",
	    "[\"Amara\"]", __LINE__);
	/* Nothing earlier: nobody. */
	check("She ran.", "She", "[]", "[]", __LINE__);
	return check_done();
}
