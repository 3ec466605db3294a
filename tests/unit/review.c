/* Unit checks for lib/video/review.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/state.h"
#include "core/util.h"
#include "video/review.h"

static char *
escaped(const char *s, int url)
{
	struct buf b = { 0 };

	if (url)
		review_url(&b, s);
	else
		review_escape(&b, s);
	return buf_take(&b);
}

int
main(void)
{
	char *s, *err = NULL;
	jv p, st;
	struct review_in in = { "/nonexistent", "<b>1 call</b>", jv_null() };
	static const char doc[] = "{\"format\": 1, \"workflow_id\": \"w'x\","
	    "\"story\": {\"title\": \"<i>T</i> & \\\"q\\\"\"},"
	    "\"segments\": [{\"scene\": 1, \"narration\": \"<script>x</script>\"},"
	    "{\"scene\": 2, \"lines\": [{\"speaker\": \"A<b>\", \"text\": \"hi\"}]}],"
	    "\"scenes\": [{\"scene\": 1, \"image\": \"scenes/01.png\", \"prompt\": \"p<\"}],"
	    "\"video\": {\"path\": \"video.mp4\", \"scenes\": [{\"scene\": 1,"
	    "\"start\": 3, \"end\": 5.5}], \"title_card\": {\"start\": 0, \"end\": 3}}}";

	s = escaped("<a href=\"x\">'&", 0);
	CHECK_STR(s, "&lt;a href=&quot;x&quot;&gt;&#39;&amp;");
	free(s);
	s = escaped("characters/O'li$(x) y&z.png", 1);
	CHECK_STR(s, "characters/O%27li%24%28x%29%20y%26z.png");
	free(s);
	s = escaped("caf\xc3\xa9/a-b_c.~d", 1);
	CHECK_STR(s, "caf%C3%A9/a-b_c.~d");
	free(s);

	p = review_prices("# comment\nopenai\tgpt-image-1\timages\t0.042\n"
	    "bad line\nx\ty\tz\tnot-a-number\nelevenlabs\t-\tcharacters\t0.0003");
	CHECK_INT(jv_object_length(jv_copy(p)), 2);
	CHECK(json_num(jv_object_get(jv_copy(p),
	    jv_string("openai gpt-image-1 images")), 0) == 0.042);
	CHECK(json_num(jv_object_get(jv_copy(p),
	    jv_string("elevenlabs - characters")), 0) == 0.0003);
	jv_free(p);

	st = state_parse(doc, strlen(doc), "doc");
	CHECK(jv_is_valid(st));
	s = review_page(st, &in, &err);
	CHECK(s != NULL);
	if (s != NULL) {
		CHECK(strstr(s, "<h1>&lt;i&gt;T&lt;/i&gt; &amp; &quot;q&quot;</h1>") != NULL);
		CHECK(strstr(s, "&lt;script&gt;x&lt;/script&gt;") != NULL);
		CHECK(strstr(s, "<span class=\"speaker\">A&lt;b&gt;:</span> hi") != NULL);
		CHECK(strstr(s, "<pre>&lt;b&gt;1 call&lt;/b&gt;</pre>") != NULL);
		CHECK(strstr(s, "make WORKFLOW=&#39;w&#39;\\&#39;&#39;x&#39; redo SCENE=1") != NULL);
		/* The picture is not there: no <img>. */
		CHECK(strstr(s, "<img") == NULL);
		/* The chapters: title, scene 1. */
		CHECK(strstr(s, "00%3A00%3A03.000%20--%3E%2000%3A00%3A05.500%0AScene%201") != NULL);
		CHECK(strstr(s, "<script src") == NULL);
		free(s);
	}
	jv_free(st);

	static const char bad[] = "{\"format\": 1, \"segments\": [], "
	    "\"video\": {\"path\": \"../v.mp4\"}}";

	st = state_parse(bad, strlen(bad), "bad");
	CHECK(review_page(st, &in, &err) == NULL);
	CHECK_STR(err, "video.path: expected a relative path inside the "
	    "workflow (run mv-assemble)");
	free(err);
	jv_free(st);
	return check_done();
}
