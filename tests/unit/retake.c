/* Unit checks of lib/story/retake.c: another take of a scene's words offline. */
#include <stdlib.h>
#include <string.h>

#include <jv.h>

#include "check.h"
#include "core/json.h"
#include "story/lines.h"
#include "story/retake.h"

/* The narration of take (consumed lines), or the error, malloc'd. */
static char *
said(jv lines)
{
	char *s;

	if (!jv_is_valid(lines)) {
		char *m = json_msg(lines);

		s = xasprintf("error: %s", m);
		free(m);
		return s;
	}
	s = lines_join(lines);
	jv_free(lines);
	return s;
}

static jv
narrator(const char *text)
{
	return JV_ARRAY(JV_OBJECT(jv_string("speaker"), jv_string("narrator"),
	    jv_string("text"), jv_string(text)));
}

int
main(void)
{
	jv names = JV_ARRAY(JV_OBJECT(jv_string("name"), jv_string("Mina")),
	    JV_OBJECT(jv_string("name"), jv_string("Grandpa Bo")));
	jv l = narrator("Grandpa Bo the tortoise was patient and gentle. "
	    "Grandpa Bo knew that good things take time. One day, Mina "
	    "planted a tiny seed.");
	jv talk;
	char *a, *b, *c;

	CHECK_NOTE("take 2 makes every change the scene allows");
	CHECK(retake_ways(l, names) == 3);
	a = said(retake_offline(l, names, NULL, 2));
	CHECK_STR(a, "Grandpa Bo the tortoise was gentle and patient, and "
	    "Grandpa Bo knew that good things take time. Then one day, Mina "
	    "planted a tiny seed.");
	CHECK_NOTE("each later take another combination, the same each time");
	b = said(retake_offline(l, names, "en-GB", 3));
	c = said(retake_offline(l, names, "en", 3));
	CHECK(strcmp(a, b) != 0);
	CHECK_STR(b, c);
	CHECK_STR(b, "Grandpa Bo the tortoise was patient and gentle, and "
	    "Grandpa Bo knew that good things take time. Then one day, Mina "
	    "planted a tiny seed.");
	free(a);
	free(b);
	free(c);
	CHECK_NOTE("after 2^n - 1 takes they come round again");
	a = said(retake_offline(l, names, NULL, 2));
	b = said(retake_offline(l, names, NULL, 9));
	CHECK_STR(a, b);
	free(a);
	free(b);
	CHECK_NOTE("take 1 is the words as first written; English only");
	a = said(retake_offline(l, names, NULL, 1));
	CHECK(strncmp(a, "error: take: expected 2", 23) == 0);
	free(a);
	a = said(retake_offline(l, names, "es", 2));
	CHECK(strncmp(a, "error: no other wording offline: mv rewords only "
	    "English", 56) == 0);
	free(a);
	jv_free(l);

	CHECK_NOTE("a character's quoted line stays as it is");
	talk = jv_array_concat(narrator("At last the sun came out."),
	    JV_ARRAY(JV_OBJECT(jv_string("speaker"), jv_string("mina"),
	    jv_string("text"), jv_string("\"At last!\""))));
	a = said(retake_offline(talk, names, NULL, 2));
	CHECK_STR(a, "Finally, the sun came out. \"At last!\"");
	free(a);
	jv_free(talk);

	CHECK_NOTE("nothing to turn: said so");
	l = narrator("Rain fell.");
	CHECK(retake_ways(l, names) == 0);
	a = said(retake_offline(l, names, NULL, 2));
	CHECK(strncmp(a, "error: no other wording offline: its sentences",
	    46) == 0);
	free(a);
	jv_free(l);

	CHECK_NOTE("a take's temperature: 0.1 a take, in a round of five");
	CHECK(retake_temperature(-1, 2) == 0.8);
	CHECK(retake_temperature(-1, 6) == 1.2);
	CHECK(retake_temperature(-1, 7) == 0.8);
	CHECK(retake_temperature(1.95, 6) == 2);
	jv_free(names);
	return check_done();
}
