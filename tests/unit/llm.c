/* Unit checks for lib/services/llm.c's reply parsing and lib/story/textgen.c's
 * word-for-word check. */
#include <stdlib.h>
#include <string.h>

#include "story/brief.h"
#include "check.h"
#include "core/http.h"
#include "core/json.h"
#include "core/util.h"
#include "services/llm.h"
#include "story/design.h"
#include "story/segment.h"
#include "story/story.h"
#include "story/textgen.h"

/* The object extracted from text, dumped compactly and sorted ("" for
 * none). */
static char *
extract(const char *text)
{
	jv v = llm_extract_json(text);
	jv s;
	char *out;

	if (!jv_is_valid(v)) {
		jv_free(v);
		return xstrdup("");
	}
	CHECK(jv_get_refcnt(v) == 1);
	s = jv_dump_string(v, JV_PRINT_SORTED);
	out = xstrdup(jv_string_value(s));
	jv_free(s);
	return out;
}

/* The message of the error for text (NULL when it parses). */
static char *
error_of(const char *text)
{
	jv v = llm_extract_json(text);

	if (jv_is_valid(v)) {
		jv_free(v);
		return NULL;
	}
	return json_msg(v);
}

static void
check_extract(const char *text, const char *want)
{
	char *got = extract(text);

	CHECK_STR(got, want);
	free(got);
}

static void
check_error(const char *text, const char *want)
{
	char *got = error_of(text);

	CHECK(got != NULL && strstr(got, want) != NULL);
	if (got == NULL || strstr(got, want) == NULL)
		printf("#   got:  \"%s\"\n#   want: \"...%s...\"\n",
		    got ? got : "(parsed)", want);
	free(got);
}

static void
extraction(void)
{
	CHECK_NOTE("llm_extract_json");
	check_extract("{\"a\":1}", "{\"a\":1}");
	check_extract("  \n{\"a\": [1, 2]}\n\n", "{\"a\":[1,2]}");
	check_extract("```json\n{\"a\":1}\n```", "{\"a\":1}");
	check_extract("```\n{\"a\":1}\n```\n", "{\"a\":1}");
	check_extract("```JSON{\"a\":1}```", "{\"a\":1}");
	check_extract("Here is the JSON you asked for:\n\n```json\n"
	    "{\"title\": \"T\"}\n```\nEnjoy!", "{\"title\":\"T\"}");
	check_extract("Sure! Here it is: {\"a\": 1} Hope it helps.",
	    "{\"a\":1}");
	/* Braces in prose before the object, and after it. */
	check_extract("Use {curly braces} like this: {\"a\": 2} {not json}",
	    "{\"a\":2}");
	/* Braces and quotes inside strings do not end the object. */
	check_extract("ok {\"a\": \"x } y { z\", \"b\": {\"c\": 1}} done",
	    "{\"a\":\"x } y { z\",\"b\":{\"c\":1}}");
	check_extract("{\"a\": \"he said \\\"}\\\" ok\", \"b\": \"\\\\\"}",
	    "{\"a\":\"he said \\\"}\\\" ok\",\"b\":\"\\\\\"}");
	check_extract("x {\"a\": \"back\\\\\"} y", "{\"a\":\"back\\\\\"}");
	check_extract("{\"t\": \"caf\xc3\xa9 \\u00e9\"}",
	    "{\"t\":\"caf\xc3\xa9 \xc3\xa9\"}");
	/* Nested objects: the outer one is taken. */
	check_extract("{\"scenes\": [{\"n\": 1}, {\"n\": 2}]}",
	    "{\"scenes\":[{\"n\":1},{\"n\":2}]}");
	/* A reasoning model's thoughts come first, braces and all. */
	check_extract("<think>The user wants {\"x\": 0}, hmm.</think>\n"
	    "{\"a\": 3}", "{\"a\":3}");
	/* A broken object before a good one after prose. */
	check_extract("Draft: {\"a\": } Final: {\"a\": 4}", "{\"a\":4}");

	check_error("", "no JSON object");
	check_error("I cannot help with that.", "no JSON object");
	check_error("[{\"a\": 1}]", "array");
	check_error("```json\n[1, 2]\n```", "array");
	check_error("{\"title\": \"Oops\", \"text\": \"unfinished",
	    "cut short");
	check_error("prose {\"a\": 1, \"b\": ", "cut short");
	check_error("42", "no JSON object");
	{
		/* A syntax error is reported without quoting the reply. */
		char *e = error_of("{\"a\": 1,}");

		CHECK(e != NULL && strstr(e, "does not parse") != NULL);
		CHECK(e != NULL && strstr(e, "while parsing") == NULL);
		CHECK(e != NULL && strstr(e, "\"a\"") == NULL);
		free(e);
	}
}

/* Narrations as a jv array of the NULL-ended strings. */
static jv
narrs(const char *const *s)
{
	jv a = jv_array();

	for (; *s != NULL; s++)
		a = jv_array_append(a, jv_string(*s));
	return a;
}

static void
check_diff(const char *story, const char *const *scenes, const char *want)
{
	jv a = narrs(scenes);
	char *why = textgen_words_diff(story, a);

	if (want == NULL) {
		CHECK(why == NULL);
		if (why != NULL)
			printf("#   got:  \"%s\"\n", why);
	} else {
		CHECK(why != NULL && strstr(why, want) != NULL);
		if (why == NULL || strstr(why, want) == NULL)
			printf("#   got:  \"%s\"\n#   want: \"...%s...\"\n",
			    why ? why : "(same)", want);
	}
	CHECK(jv_get_refcnt(a) == 1);
	jv_free(a);
	free(why);
}

static void
words(void)
{
	static const char story[] = "Ruby found an acorn.  \"Mine!\" she "
	    "said.\n\nPip cried, and Ruby gave it back.";
	static const char *const same[] = { "Ruby found an acorn. \"Mine!\"",
		"she said.", "Pip cried, and Ruby\ngave it back.", NULL };
	static const char *const one[] = { story, NULL };
	static const char *const punct[] = { "Ruby found an acorn. \"Mine!\" "
		"she said.", "Pip cried and Ruby gave it back.", NULL };
	static const char *const lost[] = { "Ruby found an acorn. \"Mine!\" "
		"she said.", "Pip cried, and Ruby gave it", NULL };
	static const char *const added[] = { "Ruby found an acorn. \"Mine!\" "
		"she said.", "Pip cried, and Ruby gave it back.", "The End.",
		NULL };
	static const char *const swapped[] = { "Ruby found an acorn. \"Mine!\""
		" she said.", "and Pip cried, Ruby gave it back.", NULL };
	static const char *const dropped[] = { "Ruby found acorn. \"Mine!\" "
		"she said. Pip cried, and Ruby gave it back.", NULL };
	static const char *const none[] = { NULL };

	CHECK_NOTE("textgen_words_diff");
	check_diff(story, same, NULL);
	check_diff(story, one, NULL);
	check_diff(story, punct, "scene 2 has 'cried' where the story has "
	    "'cried,' (word 9 of 14)");
	check_diff(story, lost, "stop after word 13 of 14: 'back.'");
	check_diff(story, added, "scene 3 adds 'The'");
	check_diff(story, swapped, "scene 2 has 'and'");
	check_diff(story, dropped, "scene 1 has 'acorn.' where the story has "
	    "'an'");
	check_diff(story, none, "stop after word 0 of 14");
	check_diff("", none, NULL);
}

static void
usage_json(void)
{
	struct llm_usage u = { 1200, 345, 2, 1.5 };
	jv v = llm_usage_json(&u);
	jv s;

	CHECK_NOTE("llm_usage_json");
	CHECK(jv_get_refcnt(v) == 1);
	s = jv_dump_string(v, JV_PRINT_SORTED);
	CHECK_STR(jv_string_value(s), "{\"calls\":2,\"completion_tokens\":345,"
	    "\"prompt_tokens\":1200}");
	jv_free(s);
}

/* The token limit's name by endpoint, before any has refused one. */
static void
token_param(void)
{
	CHECK_NOTE("llm_token_param");
	CHECK_STR(llm_token_param(NULL), "max_completion_tokens");
	CHECK_STR(llm_token_param("https://api.openai.com/v1"),
	    "max_completion_tokens");
	CHECK_STR(llm_token_param("https://API.OpenAI.com:443/v1"),
	    "max_completion_tokens");
	CHECK_STR(llm_token_param("https://api.openai.com.example.net/v1"),
	    "max_tokens");
	CHECK_STR(llm_token_param("http://127.0.0.1:11434/v1"), "max_tokens");
	CHECK_STR(llm_token_param("https://openrouter.ai/api/v1"),
	    "max_tokens");
	CHECK_STR(llm_token_param("http://proxy/api.openai.com/v1"),
	    "max_tokens");
}

/* POSTs body to the fake's control endpoint url/../_fake/what. */
static void
fake_ctl(const char *url, const char *what, const char *body)
{
	struct http_opts o = { 1, 0, 10000, 10, "fake" };
	struct http_req r;
	char *base = xstrdup(url), *slash = strstr(base, "/v1");
	char *path = xasprintf("_fake/%s", what);

	if (slash != NULL)
		*slash = '\0';
	memset(&r, 0, sizeof r);
	r.method = "POST";
	r.url = http_url(base, path);
	http_header(&r, "Content-Type", "application/json");
	r.body = xstrdup(body);
	r.body_len = strlen(body);
	CHECK(http_one(&r, &o) == 0);
	http_req_free(&r);
	free(path);
	free(base);
}

/* True when s starts with p. */
static int
starts(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/*
 * textgen_design against the fake of tests/lib/fakeapi/chat.py at url
 * (MV_TEST_LLM_URL, set by tests/7002-llm.bats): the looks replace the
 * offline ones, every prompt is whole, and a reply that leaves out a
 * character is asked for again, then fails.
 */
static void
live_design(const char *url)
{
	static const char brief[] = "{\"context\": {\"theme\": \"patience\", "
	    "\"setting\": \"sunny vegetable garden\", \"moral_lesson\": "
	    "\"Good things grow when we give them time.\", \"characters\": "
	    "[{\"name\": \"Mina\", \"type\": \"rabbit\"}, {\"name\": "
	    "\"Grandpa Bo\", \"type\": \"tortoise\"}], \"age_group\": "
	    "\"3-5\", \"duration_minutes\": 1}}";
	struct conf c;
	struct llm_usage u = { 0 };
	jv b = jv_parse(brief), norm, ctx, prefs, story, segs, chars, out;
	jv looks, prompts;
	char *err = NULL;
	int n, i;

	CHECK_NOTE("textgen_design");
	http_init();
	memset(&c, 0, sizeof c);
	strcpy(c.provider, "openai");
	c.base_url = xstrdup(url);
	c.model = xstrdup("fake-model");
	c.temperature = -1;
	c.http.concurrency = 1;
	c.http.timeout_ms = 10000;
	c.http.backoff_ms = 10;
	c.http.who = c.provider;
	norm = brief_normalise(b);
	ctx = jv_object_get(jv_copy(norm), jv_string("context"));
	prefs = jv_object_get(jv_copy(norm), jv_string("preferences"));
	story = story_offline(ctx, prefs);
	{
		jv t = jv_object_get(jv_copy(story), jv_string("text"));

		segs = segment_offline(ctx, prefs, json_str(t));
		jv_free(t);
	}
	chars = design_characters(ctx, prefs);
	n = jv_array_length(jv_copy(segs));
	CHECK(n >= 2);

	out = jv_null();
	if (!CHECK(textgen_design(&c, ctx, prefs, segs, chars, NULL, &out, &u,
	    &err) == 0)) {
		printf("#   err: %s\n", err);
		free(err);
		err = NULL;
		jv_free(out);
		out = JV_OBJECT(jv_string("characters"), jv_array(),
		    jv_string("prompts"), jv_array());
	}
	CHECK(jv_get_refcnt(out) == 1);
	CHECK_INT(u.calls, 1);
	CHECK(u.prompt_tokens > 0 && u.completion_tokens > 0);
	looks = jv_object_get(jv_copy(out), jv_string("characters"));
	prompts = jv_object_get(jv_copy(out), jv_string("prompts"));
	CHECK_INT(jv_array_length(jv_copy(looks)), 2);
	CHECK_INT(jv_array_length(jv_copy(prompts)), n);
	jv_array_foreach(looks, k, ch) {
		jv nm = jv_object_get(jv_copy(ch), jv_string("name"));
		jv look = jv_object_get(jv_copy(ch), jv_string("look"));
		jv pal = jv_object_get(jv_copy(ch), jv_string("palette"));
		char *want = xasprintf("%s is a friendly", json_str(nm));

		(void)k;
		CHECK(starts(json_str(look), want));
		/* The offline design's other keys are kept. */
		CHECK(jv_get_kind(pal) == JV_KIND_OBJECT);
		free(want);
		jv_free(nm);
		jv_free(look);
		jv_free(pal);
		jv_free(ch);
	}
	for (i = 0; i < n; i++) {
		jv p = jv_array_get(jv_copy(prompts), i);
		jv seg = jv_array_get(jv_copy(segs), i);
		jv who = jv_object_get(seg, jv_string("characters"));

		CHECK(starts(json_str(p),
		    "A cartoon illustration for a children's "
		    "story. "));
		CHECK(strstr(json_str(p), "no text in the picture.") != NULL);
		jv_array_foreach(who, k, nm) {
			char *want = xasprintf("%s is a friendly",
			    json_str(nm));

			(void)k;
			CHECK(strstr(json_str(p), want) != NULL);
			free(want);
			jv_free(nm);
		}
		jv_free(who);
		jv_free(p);
	}
	jv_free(looks);
	jv_free(prompts);
	jv_free(out);

	/* Both replies leave Grandpa Bo out: asked twice, then an error. */
	fake_ctl(url, "state", "{\"key\": \"chat_replies\", \"value\": "
	    "{\"design\": [\"{\\\"characters\\\": [], \\\"scenes\\\": []}\", "
	    "\"{\\\"characters\\\": []}\"]}}");
	memset(&u, 0, sizeof u);
	out = jv_null();
	CHECK(textgen_design(&c, ctx, prefs, segs, chars, NULL, &out, &u,
	    &err) == -1);
	CHECK(err != NULL && starts(err, "openai: the reply is not the JSON "
	    "asked for: characters: expected an entry for \"Mina\""));
	if (err != NULL)
		printf("#   err: %s\n", err);
	CHECK_INT(u.calls, 2);
	CHECK(jv_get_kind(out) == JV_KIND_NULL);
	free(err);

	jv_free(b);
	jv_free(norm);
	jv_free(ctx);
	jv_free(prefs);
	jv_free(story);
	jv_free(segs);
	jv_free(chars);
	free(c.base_url);
	free(c.model);
}

int
main(void)
{
	const char *url = getenv("MV_TEST_LLM_URL");

	extraction();
	words();
	usage_json();
	token_param();
	if (url != NULL && *url != '\0')
		live_design(url);
	return check_done();
}
