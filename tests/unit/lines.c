/* Unit checks of lib/story/lines.c: who speaks each part of a narration. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <jv.h>

#include "check.h"
#include "core/json.h"
#include "media/media.h"
#include "story/lines.h"

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

/* A WAV of a 440 Hz sine of amplitude amp for secs at 16 kHz. */
static unsigned char *
sine(double amp, double secs, size_t *len)
{
	size_t n = (size_t)(16000 * secs), i;
	unsigned char *pcm = malloc(2 * n), *w;

	for (i = 0; i < n; i++) {
		int16_t v = (int16_t)lround(amp * 32767 * sin(2 * M_PI * 440 *
		    (double)i / 16000));

		pcm[2 * i] = (unsigned char)(v & 0xff);
		pcm[2 * i + 1] = (unsigned char)((uint16_t)v >> 8);
	}
	w = media_wav_wrap(pcm, 2 * n, 16000, len);
	free(pcm);
	return w;
}

/* RMS of samples [a, b) of the 16-bit PCM at p. */
static double
rms(const unsigned char *p, size_t a, size_t b)
{
	double s = 0;
	size_t i;

	for (i = a; i < b; i++) {
		double v = (int16_t)(p[2 * i] | p[2 * i + 1] << 8);

		s += v * v;
	}
	return sqrt(s / (double)(b - a));
}

/* The lines of a scene joined: one level, 0.3 s apart. */
static void
check_join(void)
{
	unsigned char *parts[2], *out;
	size_t lens[2], len, frames;
	unsigned rate;
	const unsigned char *pcm;
	char *why = NULL;
	double a, b;

	parts[0] = sine(0.02, 1, &lens[0]);
	parts[1] = sine(0.5, 1, &lens[1]);
	out = media_wav_lines(parts, lens, 2, 0.3, &len, &why);
	CHECK(out != NULL);
	pcm = media_wav_pcm16(out, len, &rate, &frames);
	CHECK(pcm != NULL && rate == 16000);
	CHECK_INT(frames, 16000 + 4800 + 16000);
	a = rms(pcm, 1000, 15000);
	b = rms(pcm, 21800, 35800);
	printf("# levels %.1f dB apart before, %.2f dB after\n",
	    20 * log10(0.5 / 0.02), 20 * log10(b / a));
	CHECK(fabs(20 * log10(b / a)) < 0.5);
	CHECK(rms(pcm, 16100, 20700) < 1);	/* the pause is silent */
	free(out);
	free(parts[0]);
	free(parts[1]);
}

/* A scene's own lines while they are its narration; after its words
 * changed, the new words attributed. */
static void
check_of_scene(jv names)
{
	jv seg = JV_OBJECT(jv_string("narration"), jv_string("Pip waved. "
	    "\"Hi!\""), jv_string("lines"), JV_ARRAY(JV_OBJECT(
	    jv_string("speaker"), jv_string("Leo"), jv_string("text"),
	    jv_string("Pip waved. \"Hi!\""))));
	char *s = show(lines_of_scene(seg, names));

	CHECK_STR(s, "Leo|Pip waved. \"Hi!\"");
	free(s);
	seg = jv_object_set(seg, jv_string("narration"), jv_string("Leo "
	    "waved. \"Bye!\""));
	s = show(lines_of_scene(seg, names));
	CHECK_STR(s, "narrator|Leo waved.;Leo|\"Bye!\"");
	free(s);
	seg = jv_object_delete(seg, jv_string("lines"));
	s = show(lines_of_scene(seg, names));
	CHECK_STR(s, "narrator|Leo waved.;Leo|\"Bye!\"");
	free(s);
	jv_free(seg);
}

int
main(void)
{
	jv names = JV_ARRAY(jv_string("Pip"), jv_string("Grandma Rose"),
	    JV_OBJECT(jv_string("name"), jv_string("Leo")));
	jv l, in, segs, ctx;
	char *s;

	CHECK_NOTE("a scene's lines: its own, or its words attributed");
	check_of_scene(names);
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
	CHECK_NOTE("a scene's lines joined at one level, with a pause");
	check_join();
	return check_done();
}
