/* Unit checks of lib/lines.c: who speaks each part of a narration. */
#include <stdlib.h>

#include <jv.h>

#include "check.h"
#include "json.h"
#include "lines.h"

/* "speaker|text;..." of lines (consumed), malloc'd. */
static char *
show(jv lines)
{
	struct buf b = { 0 };

	jv_array_foreach(lines, i, l) {
		jv s = jv_object_get(jv_copy(l), jv_string("speaker"));
		jv t = jv_object_get(l, jv_string("text"));

		buf_addf(&b, "%s%s|%s", i ? ";" : "", json_str(s), json_str(t));
		jv_free(s);
		jv_free(t);
	}
	jv_free(lines);
	buf_add(&b, "");
	return buf_take(&b);
}

static void
check_attr(const char *narr, jv names, const char *want)
{
	char *got = show(lines_attribute(narr, names));

	CHECK_STR(got, want);
	free(got);
}

int
main(void)
{
	jv names = JV_ARRAY(jv_string("Pip"), jv_string("Grandma Rose"),
	    JV_OBJECT(jv_string("name"), jv_string("Leo")));
	jv l, in, segs, ctx;
	char *s;

	CHECK_NOTE("a tag after the quotation names its speaker");
	check_attr("\"Hello,\" said Pip.", names,
	    "Pip|\"Hello,\";narrator|said Pip.");
	check_attr("\"Run!\" Leo roared. The end.", names,
	    "Leo|\"Run!\";narrator|Leo roared. The end.");
	CHECK_NOTE("a tag before it, the first word of a name");
	check_attr("Grandma said, \"Come in.\"", names,
	    "narrator|Grandma said,;Grandma Rose|\"Come in.\"");
	CHECK_NOTE("a quotation that ends its sentence: the one named before");
	check_attr("Pip looked up. \"It is late.\" Leo smiled.", names,
	    "narrator|Pip looked up.;Pip|\"It is late.\";narrator|Leo "
	    "smiled.");
	CHECK_NOTE("a pronoun's tag: the one named last; curly quotes");
	check_attr("Leo sat down. \xe2\x80\x9cI am tired,\xe2\x80\x9d he "
	    "sighed.", names, "narrator|Leo sat down.;Leo|\xe2\x80\x9cI am "
	    "tired,\xe2\x80\x9d;narrator|he sighed.");
	CHECK_NOTE("nobody named: the narrator's, merged into one line");
	check_attr("Once there was a song. \"La la la.\"", names,
	    "narrator|Once there was a song. \"La la la.\"");
	check_attr("", names, "");
	CHECK_NOTE("no characters at all");
	check_attr("\"Hi,\" said Pip.", jv_null(),
	    "narrator|\"Hi,\" said Pip.");

	CHECK_NOTE("a model's lines: kept when they are the narration");
	in = JV_ARRAY(JV_OBJECT(jv_string("speaker"), jv_string("pip"),
	    jv_string("text"), jv_string("\"Hi,\"")), JV_OBJECT(
	    jv_string("speaker"), jv_string("Narrator"), jv_string("text"),
	    jv_string("said  Pip.")));
	l = lines_check(in, "\"Hi,\" said Pip.", names);
	jv_free(in);
	s = show(l);
	CHECK_STR(s, "Pip|\"Hi,\";narrator|said Pip.");
	free(s);
	in = JV_ARRAY(JV_OBJECT(jv_string("speaker"), jv_string("Bob"),
	    jv_string("text"), jv_string("Hi.")));
	l = lines_check(in, "Hi.", names);
	jv_free(in);
	CHECK(!jv_is_valid(l));
	s = json_msg(l);
	CHECK_STR(s, "lines[0].speaker: expected \"narrator\" or a "
	    "character's name, got 'Bob'");
	free(s);
	in = JV_ARRAY(JV_OBJECT(jv_string("speaker"), jv_string("Pip"),
	    jv_string("text"), jv_string("Hi.")));
	l = lines_check(in, "Hi there.", names);
	jv_free(in);
	CHECK(!jv_is_valid(l));
	s = json_msg(l);
	CHECK_STR(s, "lines: their texts, joined, are not the scene's "
	    "narration");
	free(s);

	CHECK_NOTE("segments: the scene before is context");
	ctx = JV_OBJECT(jv_string("characters"), jv_copy(names));
	segs = lines_segments(JV_ARRAY(JV_OBJECT(jv_string("narration"),
	    jv_string("Leo woke up.")), JV_OBJECT(jv_string("narration"),
	    jv_string("\"Good morning.\" The sun rose."))), ctx);
	s = show(jv_object_get(jv_array_get(jv_copy(segs), 1),
	    jv_string("lines")));
	CHECK_STR(s, "Leo|\"Good morning.\";narrator|The sun rose.");
	free(s);
	jv_free(segs);
	jv_free(ctx);
	jv_free(names);
	return check_done();
}
