/* Unit checks of lib/video/cast.c: a voice for every character. */
#include <stdlib.h>
#include <string.h>

#include <jv.h>

#include "video/cast.h"
#include "check.h"
#include "core/json.h"

static jv
ch(const char *name, const char *type, const char *trait, const char *voice)
{
	jv c = JV_OBJECT(jv_string("name"), jv_string(name),
	    jv_string("type"), jv_string(type),
	    jv_string("traits"), JV_ARRAY(jv_string(trait)));

	if (voice != NULL)
		c = jv_object_set(c, jv_string("voice"), jv_string(voice));
	return c;
}

static const char *
voice(jv cast, const char *name)
{
	jv v = jv_object_get(jv_copy(cast), jv_string(name));
	static char buf[64];

	snprintf(buf, sizeof buf, "%s", json_str(v));
	jv_free(v);
	return buf;
}

int
main(void)
{
	struct conf c;
	jv chars = JV_ARRAY(ch("Grandma Hazel", "grandmother owl", "wise",
	    NULL), ch("Pip", "small mouse", "curious", NULL), ch("Leo",
	    "lion", "brave", NULL), ch("Bo", "bear", "big", NULL)), cast,
	    again, notes, prefs = JV_OBJECT(jv_string("voice"),
	    jv_string("en-us"));
	char *narr;

	memset(&c, 0, sizeof c);
	strcpy(c.provider, "flite");
	narr = cast_narrator(&c, prefs);
	CHECK_STR(narr, "rms");
	cast = cast_voices(&c, chars, narr, &notes);
	CHECK_NOTE("flite: by sex, size and age; shifted; none alike");
	CHECK_STR(voice(cast, "Grandma Hazel"), "slt+p90+r86");
	CHECK_STR(voice(cast, "Pip"), "slt+p135+r112");
	CHECK_STR(voice(cast, "Leo"), "awb+p78+r90");
	CHECK(strncmp(voice(cast, "Bo"), "awb", 3) == 0 ||
	    strncmp(voice(cast, "Bo"), "kal16", 5) == 0);
	CHECK(strcmp(voice(cast, "Bo"), "awb+p78+r90") != 0);
	CHECK(jv_array_length(jv_copy(notes)) == 0);
	CHECK_NOTE("the same cast every time");
	again = cast_voices(&c, chars, narr, NULL);
	CHECK(jv_equal(jv_copy(cast), again));
	jv_free(cast);
	jv_free(notes);
	free(narr);

	CHECK_NOTE("a brief's voice is kept when the provider has it");
	chars = jv_array_set(chars, 1, ch("Pip", "small mouse", "curious",
	    "kal16+p150"));
	chars = jv_array_set(chars, 2, ch("Leo", "lion", "brave", "nova"));
	cast = cast_voices(&c, chars, "rms", &notes);
	CHECK_STR(voice(cast, "Pip"), "kal16+p150");
	CHECK(strcmp(voice(cast, "Leo"), "nova") != 0);
	CHECK(jv_array_length(jv_copy(notes)) == 1);
	jv_free(cast);
	jv_free(notes);

	CHECK_NOTE("openai: never the narrator's alloy; elevenlabs ids");
	strcpy(c.provider, "openai");
	c.voice = "alloy";
	narr = cast_narrator(&c, prefs);
	CHECK_STR(narr, "alloy");
	cast = cast_voices(&c, chars, narr, NULL);
	CHECK_STR(voice(cast, "Grandma Hazel"), "sage");
	CHECK_STR(voice(cast, "Leo"), "nova");
	CHECK(strcmp(voice(cast, "Pip"), "alloy") != 0);
	CHECK(strcmp(voice(cast, "Bo"), "alloy") != 0);
	jv_free(cast);
	free(narr);
	strcpy(c.provider, "elevenlabs");
	c.voice = NULL;
	narr = cast_narrator(&c, prefs);
	CHECK_STR(narr, "21m00Tcm4TlvDq8ikWAM");
	cast = cast_voices(&c, chars, narr, NULL);
	CHECK(strcmp(voice(cast, "Bo"), narr) != 0);
	CHECK_STR(voice(cast, "Grandma Hazel"), "EXAVITQu4vr4xnSDxMaL");
	jv_free(cast);
	free(narr);
	CHECK_NOTE("espeak-ng: the narrator's language with a variant");
	strcpy(c.provider, "espeak");
	cast = cast_voices(&c, chars, "en-us", NULL);
	CHECK_STR(voice(cast, "Grandma Hazel"), "en-us+f2");
	CHECK(strncmp(voice(cast, "Bo"), "en-us+m", 7) == 0);
	jv_free(cast);
	jv_free(chars);
	jv_free(prefs);
	return check_done();
}
