/*
 * Unit checks for lib/media/typeset.c: every script shows (no unknown glyphs),
 * right-to-left text runs from the right, wrapping without spaces, the
 * line limit's ellipsis, the ASS family of each script.
 *
 * Given state files (a finished workflow's 06_final_output.json) instead,
 * it checks that every text mv draws for that workflow (the title card,
 * the end card, the storyboard, the subtitles in the state's
 * video.subtitles, and the fixed words of the brief's language) shows no
 * missing-glyph box: tests/3003-scripts.bats.
 */
#include <pango/pangocairo.h>
#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/json.h"
#include "core/lang.h"
#include "core/state.h"
#include "core/util.h"
#include "media/typeset.h"

static const struct {
	const char *lang, *text;
} samples[] = {
	{ "es", "La zorra Lola encontró una bellota dorada junto al río. "
	    "¡Qué alegría! «Año nuevo», dijo Ñandú." },
	{ "hi", "मीरा को एक सुनहरा बलूत मिला। उसने उसे अपने दोस्तों के साथ "
	    "बाँटा।" },
	{ "ar", "وجدت ليلى بلوطة ذهبية. قررت أن تشاركها مع أصدقائها." },
	{ "ja", "ハナはどんぐりを見つけました。友だちをたいせつにしよう。" },
	{ "zh", "小狐狸找到了一颗金色的橡子，她和朋友们分享了。" },
	{ "ru", "Лиса нашла золотой жёлудь и поделилась им с друзьями." },
};

static void
test_scripts(void)
{
	size_t i;

	CHECK_NOTE("every script shows: no unknown glyphs");
	for (i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		int n = typeset_unknown(samples[i].text, NULL);

		printf("# %s: %d unknown\n", samples[i].lang, n);
		CHECK_INT(n, 0);
	}
	/* The count can fail: an unassigned code point has no glyph. */
	CHECK(typeset_unknown("a\xcd\xb8" "b", NULL) == 1);
	CHECK(typeset_unknown("", NULL) == 0);
}

/* The x of the leading edge of each character of l's text, in order,
 * are never increasing and end left of where they start. */
static int
leftward(PangoLayout *l)
{
	const char *t = pango_layout_get_text(l), *p;
	PangoRectangle r;
	int first = 0, last = 0, ok = 1, prev = INT32_MAX;

	for (p = t; *p != '\0'; p = g_utf8_next_char(p)) {
		pango_layout_index_to_pos(l, (int)(p - t), &r);
		if (p == t)
			first = r.x;
		ok &= r.x <= prev;
		prev = last = r.x;
	}
	return ok && last < first;
}

/* The logical box of l's first line, where the alignment put it. */
static void
line_box(PangoLayout *l, PangoRectangle *lr)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);

	pango_layout_iter_get_line_extents(it, NULL, lr);
	pango_layout_iter_free(it);
}

static void
test_rtl(void)
{
	const char *ar = samples[2].text, *he = "שלום לכולם, זה סיפור.";
	struct type_style st = { 20, 0, 600, 0, TYPE_START, 0 };
	PangoLayout *l;
	PangoRectangle lr;

	CHECK_NOTE("right-to-left text is laid out from the right");
	CHECK(typeset_rtl(ar));
	CHECK(typeset_rtl(he));
	CHECK(!typeset_rtl(samples[0].text));
	CHECK(!typeset_rtl(samples[3].text));
	/* The first strong letter decides: a Latin name first is LTR. */
	CHECK(!typeset_rtl("Layla: ليلى"));
	CHECK(typeset_rtl("«ليلى» Layla"));
	l = typeset_layout(NULL, ar, &st);
	CHECK(pango_layout_get_line_readonly(l, 0)->resolved_dir ==
	    PANGO_DIRECTION_RTL);
	CHECK(leftward(l));
	/* In a wide box, the start of a right-to-left line is the right. */
	line_box(l, &lr);
	CHECK(pango_layout_get_line_count(l) == 1);
	CHECK(lr.x > 0 && fabs((lr.x + lr.width) / (double)PANGO_SCALE -
	    600) < 1);
	g_object_unref(l);
	l = typeset_layout(NULL, samples[0].text, &st);
	CHECK(!leftward(l));
	line_box(l, &lr);
	CHECK(lr.x == 0);
	g_object_unref(l);
}

/* The share of a box's pixels that were painted (not black). */
static double
inked(cairo_surface_t *s, int x0, int y0, int x1, int y1)
{
	const unsigned char *px = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s), x, y, n = 0;

	cairo_surface_flush(s);
	for (y = y0; y < y1; y++)
		for (x = x0; x < x1; x++)
			n += memcmp(px + y * stride + x * 4, "\0\0\0", 3) != 0;
	return (double)n / ((x1 - x0) * (y1 - y0));
}

static void
test_draw(void)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    400, 100);
	cairo_t *cr = cairo_create(s);
	struct type_style st = { 20, TYPE_BOLD, 380, 1, TYPE_START, 0 };
	struct type_box box;

	CHECK_NOTE("drawing: the start side of the box, each script's own");
	cairo_set_source_rgb(cr, 1, 1, 1);
	CHECK_INT(typeset_draw(cr, "ليلى", &st, 10, 40, &box), 1);
	CHECK(box.width > 20 && box.width < 190);
	CHECK(inked(s, 210, 0, 400, 100) > 0.01);
	CHECK(inked(s, 0, 0, 200, 100) == 0);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	CHECK_INT(typeset_draw(cr, "Lola", &st, 10, 40, &box), 1);
	CHECK(inked(s, 0, 0, 200, 100) > 0.01);
	CHECK(inked(s, 200, 0, 400, 100) == 0);
	/* Unwrapped and centred, x is the middle. */
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	st.width = 0, st.align = TYPE_CENTRE;
	typeset_draw(cr, "मीरा", &st, 200, 40, &box);
	CHECK(inked(s, 150, 0, 250, 100) > 0.02);
	CHECK(inked(s, 0, 0, 140, 100) == 0 && inked(s, 260, 0, 400, 100) ==
	    0);
	CHECK(cairo_status(cr) == CAIRO_STATUS_SUCCESS);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
}

static void
test_wrap(void)
{
	struct type_style st = { 20, 0, 200, 0, TYPE_START, 0 };
	struct type_box box;
	PangoLayout *l;
	char *word = xmalloc(301), *p;

	CHECK_NOTE("wrapping: between characters where there are no spaces");
	/* Japanese has no spaces: still wrapped to the width. */
	CHECK(typeset_measure(NULL, samples[3].text, &st, &box) >= 3);
	CHECK(box.width <= 200);
	CHECK(typeset_measure(NULL, samples[4].text, &st, &box) >= 2);
	/* One long word is cut between its characters. */
	for (p = word; p < word + 300; p += 2)
		memcpy(p, "ë", 2);
	*p = '\0';
	CHECK(typeset_measure(NULL, word, &st, &box) > 3 && box.width <= 200);
	/* A line limit: the last line ends in an ellipsis. */
	st.lines = 2;
	CHECK_INT(typeset_measure(NULL, word, &st, &box), 2);
	l = typeset_layout(NULL, word, &st);
	CHECK(pango_layout_is_ellipsized(l));
	g_object_unref(l);
	l = typeset_layout(NULL, "Short.", &st);
	CHECK(!pango_layout_is_ellipsized(l));
	g_object_unref(l);
	/* Unwrapped: one line, as wide as it needs; bold is wider. */
	st.width = 0, st.lines = 0;
	CHECK_INT(typeset_measure(NULL, word, &st, &box), 1);
	CHECK(box.width > 1000);
	typeset_measure(NULL, "Lola", &st, &box);
	st.face = TYPE_BOLD;
	{
		struct type_box bold;

		typeset_measure(NULL, "Lola", &st, &bold);
		CHECK(bold.width > box.width);
	}
	/* Bad UTF-8 is drawn as replacement characters, never fails. */
	CHECK_INT(typeset_measure(NULL, "\xff\xfe ok", &st, &box), 1);
	free(word);
}

static void
test_family(void)
{
	CHECK_NOTE("one family name for each script, for the subtitles");
	CHECK_STR(typeset_family(samples[0].text), "Noto Sans");
	CHECK_STR(typeset_family(samples[5].text), "Noto Sans");
	CHECK_STR(typeset_family(samples[1].text), "Noto Sans Devanagari");
	CHECK_STR(typeset_family(samples[2].text), "Noto Sans Arabic");
	CHECK_STR(typeset_family(samples[3].text), "Noto Sans CJK JP");
	CHECK_STR(typeset_family("森の中で、ハナは"), "Noto Sans CJK JP");
	CHECK_STR(typeset_family(samples[4].text), "Noto Sans CJK SC");
	CHECK_STR(typeset_family("Layla: ليلى"), "Noto Sans Arabic");
	CHECK_STR(typeset_family(NULL), "Noto Sans");
	CHECK_STR(typeset_family("\xff"), "Noto Sans");
}

/* Checks that one text of a workflow shows whole. */
static void
shows(const char *what, const char *text)
{
	int n = typeset_unknown(text, NULL);

	if (n != 0)
		printf("# %s: %d unknown glyphs in \"%s\"\n", what, n, text);
	check_report(n == 0, __FILE__, __LINE__, what);
}

static void
shows_field(jv st, const char *what, const char *path)
{
	jv v = jv_copy(st);
	char *p = xstrdup(path), *save = NULL, *k;

	for (k = strtok_r(p, ".", &save); k != NULL; k = strtok_r(NULL, ".",
	    &save))
		v = jv_get_kind(v) == JV_KIND_OBJECT ? jv_object_get(v,
		    jv_string(k)) : (jv_free(v), jv_null());
	shows(what, json_str(v));
	check_report(jv_get_kind(v) == JV_KIND_STRING && *json_str(v) != '\0',
	    __FILE__, __LINE__, path);
	jv_free(v);
	free(p);
}

/* Every text of array field key's elements' field sub. */
static void
shows_each(jv st, const char *what, const char *key, const char *sub)
{
	jv a = jv_object_get(jv_copy(st), jv_string(key));

	check_report(jv_get_kind(a) == JV_KIND_ARRAY, __FILE__, __LINE__, key);
	if (jv_get_kind(a) == JV_KIND_ARRAY)
		jv_array_foreach(a, i, e) {
			jv t = jv_object_get(e, jv_string(sub));

			(void)i;
			shows(what, json_str(t));
			jv_free(t);
		}
	jv_free(a);
}

/* The subtitles file: every line that is neither a number nor a time. */
static void
shows_srt(const char *dir, jv st)
{
	jv v = jv_object_get(jv_object_get(jv_copy(st), jv_string("video")),
	    jv_string("subtitles"));
	char *path = xasprintf("%s/%s", dir, json_str(v)), *buf, *err, *l;
	char *save = NULL;
	size_t len;
	int n = 0;

	if (!check_report(read_all(path, 1 << 20, &buf, &len, &err) == 0,
	    __FILE__, __LINE__, "video.subtitles read")) {
		printf("# %s\n", err);
		free(err);
	} else {
		for (l = strtok_r(buf, "\n", &save); l != NULL;
		    l = strtok_r(NULL, "\n", &save))
			if (strspn(l, "0123456789:,-> \r") < strlen(l)) {
				shows("subtitle", l);
				n++;
			}
		check_report(n > 0, __FILE__, __LINE__, "subtitles have text");
		free(buf);
	}
	free(path);
	jv_free(v);
}

static void
test_workflow(const char *file)
{
	jv st = state_read(file), lg;
	const struct lang *lang;
	char *copy = xstrdup(file), *dir = dirname(copy);
	int fallback;

	printf("# %s\n", file);
	if (!check_report(jv_is_valid(st), __FILE__, __LINE__, file)) {
		jv msg = jv_invalid_get_msg(st);

		printf("# %s\n", json_str(msg));
		jv_free(msg);
		free(copy);
		return;
	}
	shows_field(st, "title card: the title", "story.title");
	shows_field(st, "title card: the theme", "context.theme");
	shows_field(st, "end card: the moral", "context.moral_lesson");
	shows_each(st, "storyboard: a name", "characters", "name");
	shows_each(st, "storyboard: a scene's words", "segments", "narration");
	shows_srt(dir, st);
	/* The cards' fixed words in the brief's language. */
	lg = jv_object_get(jv_object_get(jv_copy(st),
	    jv_string("preferences")), jv_string("language"));
	lang = lang_get(json_str(lg), &fallback);
	check_report(!fallback, __FILE__, __LINE__, "the language has a row");
	shows("fixed words", lang->about);
	shows("fixed words", lang->moral_card);
	shows("fixed words", lang->end);
	jv_free(lg);
	jv_free(st);
	free(copy);
}

int
main(int argc, char **argv)
{
	int i;

	if (argc > 1)
		for (i = 1; i < argc; i++)
			test_workflow(argv[i]);
	else {
		test_scripts();
		test_rtl();
		test_draw();
		test_wrap();
		test_family();
	}
	typeset_cleanup();
	return check_done();
}
