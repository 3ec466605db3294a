/* Unit checks for lib/story/story.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "story/brief.h"
#include "check.h"
#include "core/json.h"
#include "core/text.h"
#include "core/util.h"
#include "story/story.h"

/* Briefs that take the storyteller down its different paths. */
static const char *const briefs[] = {
	/* A plot that starts with a name; three characters. */
	"{\"context\": {\"topic\": \"The fox who found a golden acorn\", "
	"\"theme\": \"honesty\", \"characters\": ["
	"{\"name\": \"Ruby\", \"type\": \"fox\", \"traits\": [\"curious\", "
	"\"playful\"]}, {\"name\": \"Oliver\", \"type\": \"owl\", \"traits\": "
	"[\"wise\", \"kind\"]}, {\"name\": \"Pip\", \"type\": \"squirrel\", "
	"\"traits\": [\"shy\", \"hardworking\"]}], "
	"\"setting\": \"autumn forest beside a quiet river\", "
	"\"plot\": \"Ruby finds a shiny golden acorn under an old oak tree. "
	"She wants to keep it, even though she saw Pip bury it there the day "
	"before. Pip searches everywhere and grows more and more worried as "
	"winter comes closer. Oliver asks Ruby what she found, and Ruby feels "
	"her cheeks grow hot. At last Ruby gives the acorn back to Pip and "
	"says sorry. Pip forgives her and the three friends gather acorns "
	"together before the first snow.\", "
	"\"moral_lesson\": \"Telling the truth and giving back what is not "
	"yours makes friendships stronger.\"}}",

	/* Young listeners; a plot that starts with "The"; a moral without a
	 * full stop; a name with a non-ASCII letter. */
	"{\"context\": {\"theme\": \"friendship\", \"setting\": \"A sunny "
	"meadow\", \"moral_lesson\": \"Friends help each other\", "
	"\"characters\": [{\"name\": \"Leo\", \"type\": \"lion\", \"traits\": "
	"[\"brave\"]}, {\"name\": \"Zo\xc3\xab\", \"type\": \"bee\"}], "
	"\"plot\": \"The wind blew hard over the meadow. Leo and Zo\xc3\xab "
	"hid under a big leaf! Then the sun came out.\", "
	"\"age_group\": \"3-5\"}}",

	/* No plot (the theme's arc is told); four characters, two of them
	 * "Leo" and "Leopold"; a tale; older listeners; at night. */
	"{\"context\": {\"theme\": \"friendship\", \"setting\": \"snowy "
	"mountain village at night\", \"moral_lesson\": \"Together we are "
	"stronger.\", \"characters\": [{\"name\": \"Leo\", \"type\": \"lion\","
	" \"traits\": [\"brave\", \"kind\"]}, {\"name\": \"Leopold\", \"type\":"
	" \"penguin\", \"traits\": \"shy, curious\"}, {\"name\": \"Ana\", "
	"\"type\": \"girl\"}, {\"name\": \"Bo\", \"type\": \"robot\", "
	"\"traits\": [\"clever\"]}], \"story_tale\": \"Aesop\", "
	"\"age_group\": \"9-12\", \"duration_minutes\": 5}, "
	"\"preferences\": {\"narration_wpm\": 130}}",

	/* A plot that opens with a time phrase; one character. */
	"{\"context\": {\"theme\": \"courage\", \"setting\": \"the deep blue "
	"sea\", \"moral_lesson\": \"Be brave.\", \"characters\": [{\"name\": "
	"\"Finn\", \"type\": \"fish\", \"traits\": [\"timid\"]}], "
	"\"plot\": \"After the storm, the reef was dark. Finn swam to help "
	"his friends.\", \"duration_minutes\": 1}}",

	/* Every theme's arc, with unknown theme words too. */
	"{\"context\": {\"theme\": \"kindness\", \"setting\": \"a busy city "
	"park\", \"moral_lesson\": \"Small kindnesses matter.\", "
	"\"characters\": [{\"name\": \"Mia\", \"type\": \"mouse\"}]}}",
	"{\"context\": {\"theme\": \"sharing\", \"setting\": \"a desert\", "
	"\"moral_lesson\": \"Share.\", \"characters\": [{\"name\": \"Sam\", "
	"\"type\": \"camel\"}, {\"name\": \"Kit\", \"type\": \"cat\"}]}}",
	"{\"context\": {\"theme\": \"patience\", \"setting\": \"a garden\", "
	"\"moral_lesson\": \"Wait.\", \"characters\": [{\"name\": \"Tia\", "
	"\"type\": \"tortoise\"}, {\"name\": \"Ray\", \"type\": \"rabbit\"}]}}",
	"{\"context\": {\"theme\": \"the colour of the wind\", \"setting\": "
	"\"a castle\", \"moral_lesson\": \"Look closely.\", \"characters\": "
	"[{\"name\": \"Ola\", \"type\": \"dragon\"}]}}",
	NULL
};

/* brief_normalise, consuming the brief (brief_normalise borrows it). */
static jv
normalise(jv brief)
{
	jv n = brief_normalise(brief);

	jv_free(brief);
	return n;
}

static jv
field(jv obj, const char *key)
{
	return jv_object_get(jv_copy(obj), jv_string(key));
}

/* Prints the text as TAP comments, to show what a failing check saw. */
static void
show(const char *text)
{
	const char *p = text, *e;

	while (*p) {
		e = strchr(p, '\n');
		if (e == NULL)
			e = p + strlen(p);
		printf("#   | %.*s\n", (int)(e - p), p);
		p = *e ? e + 1 : e;
	}
}

/* Where the first plot sentence s is in text: as written, or after
 * "One day, " with its first letter in lower case. NULL when missing. */
static const char *
find_first(const char *text, const char *s)
{
	char *a = xasprintf("One day, %s", s);
	const char *f = strstr(text, a);

	if (f == NULL) {
		a[9] = (char)(a[9] >= 'A' && a[9] <= 'Z' ? a[9] + 'a' - 'A' :
		    a[9]);
		f = strstr(text, a);
	}
	free(a);
	return f ? f + 9 : strstr(text, s);
}

/* True when s holds word in any case. */
static int
has_any_case(const char *s, const char *word)
{
	char *l = xstrdup(s), *p;
	int found;

	for (p = l; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 'a' - 'A');
	found = strstr(l, word) != NULL;
	free(l);
	return found;
}

static void
check_story(const char *brief)
{
	jv n = normalise(jv_parse(brief)), ctx, prefs, st, again;
	jv text, chars, plot, setting, moral, m, v;
	const char *t;
	char *want, *low, *dup;
	int failed = check_failed, clean;
	size_t ns, i;
	struct span *sp = NULL;
	double wpm, minutes;

	if (!CHECK(jv_is_valid(n))) {
		char *msg = json_msg(n);

		printf("#   %s\n", msg);
		free(msg);
		return;
	}
	ctx = field(n, "context");
	prefs = field(n, "preferences");
	jv_free(n);
	st = story_offline(ctx, prefs);
	CHECK_INT(jv_get_refcnt(st), 1);
	CHECK_INT(jv_get_refcnt(ctx), 1);
	CHECK_INT(jv_get_refcnt(prefs), 1);
	text = field(st, "text");
	t = json_str(text);
	CHECK(jv_get_kind(text) == JV_KIND_STRING && *t != '\0');

	/* Every character's name and type. */
	chars = field(ctx, "characters");
	jv_array_foreach(chars, k, c) {
		jv name = field(c, "name"), type = field(c, "type");

		(void)k;
		if (!check_report(text_count_name(t, json_str(name)) > 0,
		    __FILE__,
		    __LINE__, "the text names every character"))
			printf("#   missing: %s\n", json_str(name));
		if (!check_report(text_has_word(t, json_str(type)), __FILE__,
		    __LINE__, "the text gives every character's type"))
			printf("#   missing: %s\n", json_str(type));
		/*
		 * LIB BUG: with one character and no plot, the theme's arc
		 * fills both {A} and {B} with the same name: "Ola and Ola
		 * faced a difficult choice."
		 */
		dup = xasprintf("%s and %s", json_str(name), json_str(name));
		if (!CHECK_BUG(text_count_name(t, dup) == 0, "story_offline "
		    "pairs a character with itself"))
			printf("#   found: %s\n", dup);
		free(dup);
		jv_free(name);
		jv_free(type);
		jv_free(c);
	}

	/* Every plot sentence, in order. */
	plot = field(ctx, "plot");
	if (jv_get_kind(plot) == JV_KIND_STRING) {
		const char *p = json_str(plot), *at = t;

		ns = text_sentences(p, &sp);
		CHECK(ns > 0);
		for (i = 0; i < ns; i++) {
			char *s = xasprintf("%.*s", (int)sp[i].len,
			    p + sp[i].off);
			const char *f = i == 0 ? find_first(at, s) :
			    strstr(at, s);

			if (!check_report(f != NULL, __FILE__, __LINE__,
			    "the text tells every plot sentence in order"))
				printf("#   missing: %s\n", s);
			else
				at = f + 1;
			free(s);
		}
		free(sp);
	}
	jv_free(plot);

	/* The setting. */
	setting = field(ctx, "setting");
	low = text_lowerfirst(json_str(setting));
	CHECK(strstr(t, json_str(setting)) != NULL || strstr(t, low) != NULL);
	free(low);
	jv_free(setting);

	/* The moral, last. */
	moral = field(ctx, "moral_lesson");
	want = xasprintf("The moral of the story is: %s%s", json_str(moral),
	    text_ends_sentence(json_str(moral)) ? "" : ".");
	if (!CHECK(strlen(t) >= strlen(want) &&
	    strcmp(t + strlen(t) - strlen(want), want) == 0))
		printf("#   want the end: %s\n", want);
	free(want);
	jv_free(moral);

	/* No placeholders or template leftovers, and tidy spacing. */
	clean = strstr(t, "{A}") == NULL && strstr(t, "{B}") == NULL &&
	    strstr(t, "{N}") == NULL && strstr(t, "{") == NULL &&
	    !has_any_case(t, "lorem") && strstr(t, "TODO") == NULL &&
	    strstr(t, "(null)") == NULL;
	CHECK(clean);
	CHECK(strstr(t, "  ") == NULL && strstr(t, " .") == NULL &&
	    strstr(t, " ,") == NULL && strstr(t, "\n\n\n") == NULL &&
	    !text_is_space((unsigned char)t[0]) &&
	    !text_is_space((unsigned char)t[strlen(t) - 1]));

	/* The counts. */
	v = field(st, "word_count");
	CHECK_INT(json_num(v, -1), text_words(t));
	jv_free(v);
	m = field(st, "character_mentions");
	CHECK(jv_get_kind(m) == JV_KIND_OBJECT);
	CHECK_INT(jv_object_length(jv_copy(m)),
	    jv_array_length(jv_copy(chars)));
	jv_array_foreach(chars, k, c) {
		jv name = field(c, "name");
		jv got = jv_get_kind(m) == JV_KIND_OBJECT ?
		    jv_object_get(jv_copy(m), jv_copy(name)) : jv_invalid();

		(void)k;
		if (!check_report(json_num(got, -1) ==
		    (double)text_count_name(t, json_str(name)), __FILE__,
		    __LINE__,
		    "character_mentions[name] == text_count_name(text, name)"))
			printf("#   %s: %g, counted %zu\n", json_str(name),
			    json_num(got, -1), text_count_name(t,
			    json_str(name)));
		jv_free(got);
		jv_free(name);
		jv_free(c);
	}
	jv_free(m);
	wpm = json_num(jv_object_get(jv_copy(prefs),
	    jv_string("narration_wpm")),
	    0);
	minutes = json_num(jv_object_get(jv_copy(ctx),
	    jv_string("duration_minutes")), 0);
	v = field(st, "target_words");
	CHECK(json_num(v, -1) == minutes * wpm);
	jv_free(v);
	v = field(st, "reading_minutes");
	CHECK(fabs(json_num(v, -1) - text_words(t) / wpm) <= 0.05 + 1e-9);
	jv_free(v);
	v = field(st, "title");
	CHECK(jv_get_kind(v) == JV_KIND_STRING && *json_str(v) != '\0' &&
	    strchr(json_str(v), '\n') == NULL);
	jv_free(v);

	/* The same input tells the same story. */
	again = story_offline(ctx, prefs);
	v = field(again, "text");
	CHECK_STR(json_str(v), t);
	jv_free(v);
	CHECK(jv_equal(again, jv_copy(st)));

	if (check_failed > failed)
		show(t);
	jv_free(chars);
	jv_free(text);
	jv_free(st);
	jv_free(ctx);
	jv_free(prefs);
}

static void
test_details(void)
{
	jv n = normalise(jv_parse(briefs[1]));
	jv ctx = field(n, "context"), prefs = field(n, "preferences");
	jv st = story_offline(ctx, prefs), text = field(st, "text");
	const char *t = json_str(text);

	CHECK_NOTE("story_offline details");
	/* The first plot sentence after "One day, ", in lower case. */
	CHECK(strstr(t, "One day, the wind blew hard over the meadow.") !=
	    NULL);
	/* A setting with an article keeps it, in lower case. */
	CHECK(strstr(t, "in a sunny meadow") != NULL);
	jv_free(text);
	jv_free(st);
	jv_free(ctx);
	jv_free(prefs);
	jv_free(n);

	n = normalise(jv_parse(briefs[0]));
	ctx = field(n, "context");
	prefs = field(n, "preferences");
	st = story_offline(ctx, prefs);
	text = field(st, "text");
	t = json_str(text);
	/* A first sentence that starts with a name keeps its capital. */
	CHECK(strstr(t, "One day, Ruby finds a shiny golden acorn") != NULL);
	CHECK(strstr(t, "a curious fox named Ruby") != NULL);
	{
		jv title = field(st, "title");

		CHECK_STR(json_str(title), "The Fox Who Found a Golden Acorn");
		jv_free(title);
	}
	jv_free(text);
	jv_free(st);
	jv_free(ctx);
	jv_free(prefs);
	jv_free(n);

	/* A sentence that opens with a time phrase is told as written. */
	n = normalise(jv_parse(briefs[3]));
	ctx = field(n, "context");
	prefs = field(n, "preferences");
	st = story_offline(ctx, prefs);
	text = field(st, "text");
	t = json_str(text);
	CHECK(strstr(t, "One day") == NULL);
	CHECK(strstr(t, "After the storm, the reef was dark.") != NULL);
	jv_free(text);
	jv_free(st);
	jv_free(ctx);
	jv_free(prefs);
	jv_free(n);

	/*
	 * LIB BUG: "Once," and "Then," with a comma are not seen as time
	 * openings (the table wants "once " and "then " with a space), so
	 * the story says "One day, once, a storm shook the reef."
	 */
	n = normalise(jv_parse("{\"context\": {\"theme\": \"courage\", "
	    "\"setting\": \"a reef\", \"moral_lesson\": \"Be brave.\", "
	    "\"characters\": [{\"name\": \"Finn\", \"type\": \"fish\"}], "
	    "\"plot\": \"Once, a storm shook the reef. Finn swam home.\"}}"));
	ctx = field(n, "context");
	prefs = field(n, "preferences");
	st = story_offline(ctx, prefs);
	text = field(st, "text");
	t = json_str(text);
	CHECK(strstr(t, "a storm shook the reef.") != NULL);
	CHECK_BUG(strstr(t, "One day, once,") == NULL, "story_offline tells "
	    "\"One day, once, a storm shook the reef.\"");
	jv_free(text);
	jv_free(st);
	jv_free(ctx);
	jv_free(prefs);
	jv_free(n);
}

static void
test_mentions(void)
{
	jv chars = jv_parse("[{\"name\": \"Leo\"}, {\"name\": \"Leopold\"}, "
	    "{\"name\": \"Zo\xc3\xab\"}, 5, {\"type\": \"cat\"}]");
	jv m = story_mentions(chars, "Leo met Leopold. Leo\xe2\x80\x99s friend "
	    "Zo\xc3\xab waved to Leo's sister, not to Leonie.");

	CHECK_NOTE("story_mentions");
	CHECK_INT(jv_get_refcnt(m), 1);
	CHECK_INT(jv_get_refcnt(chars), 1);
	CHECK(jv_equal(m, jv_parse("{\"Leo\": 3, \"Leopold\": 1, "
	    "\"Zo\xc3\xab\": 1}")));
	m = story_mentions(jv_null(), "Leo");
	CHECK(jv_equal(m, jv_object()));
	jv_free(chars);
}

int
main(void)
{
	int i;

	for (i = 0; briefs[i] != NULL; i++) {
		printf("# story_offline on brief %d\n", i);
		check_story(briefs[i]);
	}
	test_details();
	test_mentions();
	return check_done();
}
