/* Unit checks for lib/story/segment.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/json.h"
#include "core/text.h"
#include "core/util.h"
#include "story/segment.h"

/* A story of about 450 words, with quoted speech. */
static const char story[] =
	"Once upon a time, in a quiet forest beside a silver river, "
	"there lived a curious fox named Ruby. She had a bushy red "
	"tail and bright green eyes. Every morning she ran down to "
	"the water to watch the fish jump. Her best friends were Pip "
	"the squirrel and Oliver the owl.\n\n"
	"One day, Ruby found a shiny golden acorn under the old oak "
	"tree. It glowed in the sunlight like a tiny lantern. \"What "
	"a treasure!\" she whispered, and she hid it behind her back. "
	"But deep inside, Ruby knew that the acorn was not hers. She "
	"had seen Pip the squirrel bury it there the day before.\n\n"
	"Pip searched everywhere for his golden acorn. He looked "
	"under the ferns and behind the mossy stones. He even asked "
	"the frogs at the pond, but nobody had seen it. As the cold "
	"wind began to blow, Pip grew more and more worried. Winter "
	"was coming, and the golden acorn was his most special "
	"treasure.\n\n"
	"Oliver the owl watched from his branch high above. He was "
	"wise and kind, and he noticed everything. \"Ruby,\" he called "
	"softly, \"what are you holding behind your back?\" Ruby's "
	"cheeks grew hot. She looked at the ground and did not "
	"answer. Oliver waited patiently, because he knew that the "
	"truth sometimes needs a little time.\n\n"
	"At last Ruby took a deep breath. She walked slowly to Pip's "
	"tree and held out the golden acorn. \"I found this under the "
	"oak,\" she said. \"I wanted to keep it, but it belongs to "
	"you. I am sorry.\" Pip's eyes filled with happy tears. "
	"\"Thank you for being honest with me,\" he said, and he gave "
	"Ruby a big hug.\n\n"
	"Mr. Badger, who had been listening from his burrow, clapped "
	"his paws. \"Telling the truth is not always easy,\" he said. "
	"\"But it always makes friendships stronger.\" Ruby smiled, "
	"and she felt lighter than a feather.\n\n"
	"That afternoon, the three friends gathered acorns together "
	"before the first snow. They laughed and raced between the "
	"trees until the sun went down... and then they shared a "
	"warm supper of berries and nuts. When the snow finally "
	"came, it covered the forest in a soft white blanket. The "
	"river froze into a shining mirror. Pip kept his golden "
	"acorn safe in his cosy nest, and every time he looked at "
	"it, he thought of his honest friend.\n\n"
	"From that day on, Ruby always told the truth, even when it "
	"was hard. And whenever a young animal in the forest found "
	"something that was not theirs, the others would say, "
	"\"Remember Ruby and the golden acorn.\" The moral of the "
	"story is: honesty makes friendships stronger.";

static jv
context(void)
{
	return jv_parse("{\"setting\": \"a quiet forest\", \"characters\": ["
	    "{\"name\": \"Ruby\", \"type\": \"fox\"}, {\"name\": \"Pip\", "
	    "\"type\": \"squirrel\"}, {\"name\": \"Oliver\", \"type\": "
	    "\"owl\"}]}");
}

static jv
field(jv obj, const char *key)
{
	return jv_object_get(jv_copy(obj), jv_string(key));
}

/*
 * Segments text at wpm words a minute and checks what every scene must
 * hold: all the words of text once and in order, numbers from 1, the
 * word count and seconds, the characters named and the setting. Returns
 * the scenes.
 */
static jv
segment(const char *text, int wpm)
{
	jv ctx = context(), prefs = JV_OBJECT(jv_string("narration_wpm"),
	    jv_number(wpm)), scenes, words, all = jv_array();
	int ok_no = 1, ok_words = 1, ok_secs = 1, ok_chars = 1, ok_set = 1;

	scenes = segment_offline(ctx, prefs, text);
	CHECK_INT(jv_get_refcnt(scenes), 1);
	CHECK_INT(jv_get_refcnt(ctx), 1);
	CHECK_INT(jv_get_refcnt(prefs), 1);
	if (!CHECK(jv_get_kind(scenes) == JV_KIND_ARRAY)) {
		jv_free(all);
		jv_free(ctx);
		jv_free(prefs);
		return scenes;
	}
	jv_array_foreach(scenes, i, sc) {
		jv no = field(sc, "scene"), narr = field(sc, "narration");
		jv w = field(sc, "words"), s = field(sc, "seconds");
		jv names = field(sc, "characters"), want = jv_array();
		jv set = field(sc, "setting");
		double n = (double)text_words(json_str(narr));

		if (json_num(no, -1) != i + 1)
			ok_no = 0;
		all = jv_array_concat(all, segment_words(json_str(narr)));
		if (json_num(w, -1) != n)
			ok_words = 0;
		/* Rounded to a tenth of a second. */
		if (fabs(json_num(s, -1) - n * 60 / wpm) > 0.05 + 1e-9 ||
		    fabs(json_num(s, -1) * 10 - round(json_num(s,
		    -1) * 10)) > 1e-6) {
			printf("#   scene %d: %g words, %g s\n", i + 1, n,
			    json_num(s, -1));
			ok_secs = 0;
		}
		{
			jv cs = field(ctx, "characters");

			jv_array_foreach(cs, k, c) {
				jv nm = field(c, "name");

				(void)k;
				if (text_count_name(json_str(narr),
				    json_str(nm)) > 0)
					want = jv_array_append(want,
					    jv_copy(nm));
				jv_free(nm);
				jv_free(c);
			}
			jv_free(cs);
		}
		/* Everyone named is there; "she" and "he" may add more
		 * (tests/unit/referent.c). */
		jv_array_foreach(want, k, x) {
			int in = 0;

			(void)k;
			jv_array_foreach(names, j, y) {
				(void)j;
				in |= jv_equal(jv_copy(x), y);
			}
			if (!in)
				ok_chars = 0;
			jv_free(x);
		}
		jv_free(want);
		jv_free(names);
		if (strcmp(json_str(set), "a quiet forest") != 0)
			ok_set = 0;
		jv_free(set);
		jv_free(no);
		jv_free(narr);
		jv_free(w);
		jv_free(s);
		jv_free(sc);
	}
	words = segment_words(text);
	CHECK_INT(jv_get_refcnt(words), 1);
	CHECK_INT(jv_array_length(jv_copy(words)), text_words(text));
	CHECK(jv_equal(words, all));
	CHECK(ok_no);
	CHECK(ok_words);
	CHECK(ok_secs);
	CHECK(ok_chars);
	CHECK(ok_set);
	jv_free(ctx);
	jv_free(prefs);
	return scenes;
}

static void
test_story(void)
{
	jv scenes;
	int n, band = 0;

	CHECK_NOTE("segment_offline on a story of about 450 words");
	CHECK(text_words(story) >= 430 && text_words(story) <= 470);
	scenes = segment(story, 150);
	n = jv_array_length(jv_copy(scenes));
	CHECK(n >= 13 && n <= 23);
	printf("#   %d scenes:", n);
	jv_array_foreach(scenes, i, sc) {
		jv s = field(sc, "seconds");

		(void)i;
		printf(" %g", json_num(s, -1));
		if (json_num(s, -1) >= 8 && json_num(s, -1) <= 12)
			band++;
		jv_free(s);
		jv_free(sc);
	}
	printf("\n");
	/* Most scenes last 8 to 12 seconds. */
	CHECK(band * 4 >= n * 3);
	jv_free(scenes);

	/* Slower narration: fewer words a scene, so more scenes. */
	scenes = segment(story, 100);
	CHECK(jv_array_length(jv_copy(scenes)) > n);
	jv_free(scenes);
	scenes = segment(story, 97);
	jv_free(scenes);
	scenes = segment(story, 300);
	CHECK(jv_array_length(jv_copy(scenes)) < n);
	jv_free(scenes);
}

static void
test_short(void)
{
	jv ctx = context(), prefs = jv_object(), scenes, sc, v;

	CHECK_NOTE("segment_offline on short texts");
	scenes = segment("Ruby ran to the river to see the fish.", 150);
	CHECK_INT(jv_array_length(jv_copy(scenes)), 1);
	sc = jv_array_get(scenes, 0);
	v = field(sc, "narration");
	CHECK_STR(json_str(v), "Ruby ran to the river to see the fish.");
	jv_free(v);
	v = field(sc, "characters");
	CHECK(jv_equal(v, jv_parse("[\"Ruby\"]")));
	v = field(sc, "description");
	CHECK(jv_get_kind(v) == JV_KIND_STRING && *json_str(v) != '\0');
	jv_free(v);
	v = field(sc, "emotions");
	CHECK(jv_get_kind(v) == JV_KIND_ARRAY &&
	    jv_array_length(jv_copy(v)) > 0);
	jv_free(v);
	jv_free(sc);

	/* White space is squeezed but no word is lost. */
	scenes = segment("  Ruby  ran.\n\nPip\tfollowed her   home.  ", 150);
	CHECK_INT(jv_array_length(jv_copy(scenes)), 1);
	sc = jv_array_get(scenes, 0);
	v = field(sc, "narration");
	CHECK_STR(json_str(v), "Ruby ran. Pip followed her home.");
	jv_free(v);
	jv_free(sc);

	/* Without punctuation the whole text is one sentence. */
	scenes = segment("ruby ran and ran and ran", 150);
	CHECK_INT(jv_array_length(jv_copy(scenes)), 1);
	jv_free(scenes);

	/* No words: an error, not an empty list. */
	v = segment_offline(ctx, prefs, " \n ");
	CHECK(!jv_is_valid(v));
	{
		char *m = json_msg(v);

		CHECK_STR(m, "story.text: expected some words, got none");
		free(m);
	}
	/* No narration_wpm: 150 words a minute. */
	scenes = segment_offline(ctx, prefs, "One two three four five six "
	    "seven eight nine ten.");
	sc = jv_array_get(scenes, 0);
	v = field(sc, "seconds");
	CHECK(json_num(v, -1) == 4);
	jv_free(v);
	jv_free(sc);
	jv_free(ctx);
	jv_free(prefs);
}

/* The dialogue lines of all scenes, as one array. */
static jv
dialogue(jv scenes)
{
	jv all = jv_array();

	jv_array_foreach(scenes, i, sc) {
		(void)i;
		all = jv_array_concat(all, field(sc, "dialogue"));
		jv_free(sc);
	}
	return all;
}

static void
test_dialogue(void)
{
	jv scenes, d;
	int quoted = 1;

	CHECK_NOTE("dialogue");
	scenes = segment("Ruby said, \"Let us go home.\" Pip nodded. \"Yes, "
	    "please,\" said Pip. He whispered \xe2\x80\x9cGood night;\xe2\x80"
	    "\x9d and slept. \"\" Oliver hooted.", 150);
	d = dialogue(scenes);
	if (!CHECK(jv_equal(jv_copy(d), jv_parse("[\"Let us go home.\", "
	    "\"Yes, please\", \"Good night\"]")))) {
		jv s = jv_dump_string(jv_copy(d), 0);

		printf("#   got: %s\n", json_str(s));
		jv_free(s);
	}
	jv_free(d);
	jv_free(scenes);

	scenes = segment("Nobody spoke. The wind blew.", 150);
	d = dialogue(scenes);
	CHECK_INT(jv_array_length(d), 0);
	jv_free(scenes);

	/*
	 * LIB BUG: a scene may end between two sentences of one quotation
	 * ("... belongs to you. I am sorry."), and then the next scene's
	 * dialogue pairs the closing quote with the next opening one and
	 * lists narration as speech: "Pip's eyes filled with happy tears."
	 * Every dialogue line must come from inside quotes in the text.
	 */
	scenes = segment(story, 150);
	d = dialogue(scenes);
	jv_array_foreach(d, i, x) {
		char *q = xasprintf("\"%s", json_str(x));

		(void)i;
		if (strstr(story, q) == NULL) {
			printf("#   not quoted in the story: \"%s\"\n",
			    json_str(x));
			quoted = 0;
		}
		free(q);
		jv_free(x);
	}
	CHECK_BUG(quoted, "segment_offline lists narration as dialogue when "
	    "a scene ends inside a quotation");
	jv_free(d);
	jv_free(scenes);
}

static void
test_long(void)
{
	struct buf b = { 0 };
	char *text;
	jv scenes;
	int i, n;

	CHECK_NOTE("segment_offline on a very long text");
	for (i = 0; i < 300; i++)
		buf_addf(&b, "Sentence %d has a few words, some more words and "
		    "then a few more words to make twenty-five words in all, "
		    "or close to it, ending here.\n", i);
	text = buf_take(&b);
	scenes = segment(text, 150);
	n = jv_array_length(jv_copy(scenes));
	printf("#   %d sentences of 27 words: %d scenes\n", i, n);
	CHECK(n >= SEGMENT_MAX_SCENES / 2);
	/*
	 * LIB BUG: the cap is not kept. Once every path to a sentence has
	 * SEGMENT_MAX_SCENES scenes, the fallback adds one scene for each
	 * further sentence: 300 sentences give 298 scenes.
	 */
	CHECK_BUG(n <= SEGMENT_MAX_SCENES, "segment_offline makes more than "
	    "SEGMENT_MAX_SCENES scenes");
	jv_free(scenes);
	free(text);
}

/* Scenes may be cut where a CJK sentence ends, with no space. */
static void
test_words_cjk(void)
{
	jv w = segment_words("\xe3\x81\x82\xe3\x80\x82\xe3\x81\x84\xef\xbc\x81"
	    "\xe3\x80\x8d\xe3\x81\x86 ok.");

	CHECK_NOTE("segment_words: CJK sentence ends");
	CHECK_INT(jv_array_length(jv_copy(w)), 4);
	CHECK(jv_equal(jv_copy(w), JV_ARRAY(jv_string("\xe3\x81\x82\xe3\x80\x82"),
	    jv_string("\xe3\x81\x84\xef\xbc\x81\xe3\x80\x8d"),
	    jv_string("\xe3\x81\x86"), jv_string("ok."))));
	jv_free(w);
}

int
main(void)
{
	test_story();
	test_short();
	test_dialogue();
	test_long();
	test_words_cjk();
	return check_done();
}
