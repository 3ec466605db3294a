/*
 * Unit checks of lib/core/lang.c: the table's rows, the prompts' names of a
 * language, how lengths are counted, the cards' words with English as the
 * fallback, and the offline narrator's voice.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/lang.h"
#include "core/util.h"

/* The result of a malloc'ing helper, checked and freed; NULL is "(null)". */
#define CHECK_DUP(expr, want) do { \
	char *got_ = (expr); \
	check_str(got_ != NULL ? got_ : "(null)", want, __FILE__, __LINE__, \
	    #expr " == " #want); \
	free(got_); \
} while (0)

/* Whether f has exactly one conversion, a "%s". */
static int
one_s(const char *f)
{
	const char *p = strchr(f, '%');

	return p != NULL && p[1] == 's' && strchr(p + 2, '%') == NULL;
}

static void
test_rows(void)
{
	int i, ok = 1, sorted = 1;

	CHECK_NOTE("lang_at: every row whole, in the order of the tags");
	CHECK_INT(lang_count(), 12);
	for (i = 0; i < lang_count(); i++) {
		const struct lang *l = lang_at(i);

		if (l->tag == NULL || l->name == NULL || l->endonym == NULL ||
		    l->espeak == NULL || l->moral == NULL || l->about ==
		    NULL || l->moral_card == NULL || l->end == NULL ||
		    !one_s(l->moral) || !one_s(l->about) ||
		    strchr(l->moral_card, '%') != NULL ||
		    strchr(l->end, '%') != NULL ||
		    (l->per_word > 0) == (l->spaced != 0) ||
		    lang_find(l->tag) != l) {
			printf("#   row %s\n", l->tag);
			ok = 0;
		}
		if (i > 0 && strcmp(lang_at(i - 1)->tag, l->tag) >= 0)
			sorted = 0;
	}
	CHECK(ok);
	CHECK(sorted);
	CHECK(lang_at(lang_count()) == NULL);
}

static void
test_prompt(void)
{
	char *s;

	CHECK_NOTE("lang_prompt_name, lang_write_in");
	CHECK_DUP(lang_prompt_name("ja"), "Japanese (\xe6\x97\xa5\xe6\x9c\xac"
	    "\xe8\xaa\x9e)");
	CHECK_DUP(lang_prompt_name("pt-BR"), "Portuguese (portugu\xc3\xaas), "
	    "as written for the tag pt-BR");
	CHECK_DUP(lang_prompt_name("en"), "English");
	CHECK_DUP(lang_prompt_name("nl"), "the language of the BCP 47 tag "
	    "'nl'");
	CHECK_DUP(lang_write_in("hi"), "Write in Hindi (\xe0\xa4\xb9\xe0\xa4"
	    "\xbf\xe0\xa4\xa8\xe0\xa5\x8d\xe0\xa4\xa6\xe0\xa5\x80).");
	CHECK_DUP(lang_write_in("en-GB"), "");
	CHECK(lang_is_english("en") && lang_is_english("EN-us") &&
	    lang_is_english(NULL) && !lang_is_english("es") &&
	    !lang_is_english("eng1"));
	s = lang_write_in("ar");
	CHECK(strstr(s, "Arabic (\xd8\xa7\xd9\x84\xd8\xb9\xd8\xb1\xd8\xa8\xd9"
	    "\x8a\xd8\xa9)") != NULL);
	free(s);
}

static void
test_counts(void)
{
	CHECK_NOTE("lang_unit, lang_per_minute, lang_seconds");
	CHECK_STR(lang_unit("ja"), "characters");
	CHECK_STR(lang_unit("zh-Hans"), "characters");
	CHECK_STR(lang_unit("es"), "words");
	CHECK_STR(lang_unit("nl"), "words");
	CHECK_STR(lang_unit(NULL), "words");
	CHECK(fabs(lang_per_minute("ja", 150) - 300) < 1e-9);
	CHECK(fabs(lang_per_minute("zh", 150) - 240) < 1e-9);
	CHECK(fabs(lang_per_minute("hi", 120) - 120) < 1e-9);
	CHECK(fabs(lang_per_minute("en", 0) - 150) < 1e-9);
	/* 10 kana at 5 a second; 10 words at 2.5 a second. */
	CHECK(fabs(lang_seconds("ja", "\xe3\x81\x82\xe3\x81\x84\xe3\x81\x86"
	    "\xe3\x81\x88\xe3\x81\x8a\xe3\x81\x8b\xe3\x81\x8d\xe3\x81\x8f\xe3"
	    "\x81\x91\xe3\x81\x93\xe3\x80\x82", 150) - 2) < 1e-9);
	CHECK(fabs(lang_seconds("es", "uno dos tres cuatro cinco seis siete "
	    "ocho nueve diez.", 150) - 4) < 1e-9);
}

static void
test_cards(void)
{
	const struct lang *l;
	char *note;

	CHECK_NOTE("lang_cards");
	l = lang_cards("es-419", &note);
	CHECK(note == NULL);
	CHECK_STR(l->moral_card, "La moraleja de la historia");
	CHECK_STR(l->end, "Fin");
	l = lang_cards("ja", &note);
	CHECK(note == NULL);
	CHECK_STR(l->end, "\xe3\x81\x8a\xe3\x81\x97\xe3\x81\xbe\xe3\x81\x84");
	l = lang_cards("nl", &note);
	CHECK_STR(l->moral_card, "The moral of the story");
	CHECK_STR(l->end, "The End");
	CHECK_STR(l->about, "A story about %s");
	CHECK_STR(note, "language 'nl': mv has no card words for it; the cards "
	    "are in English (a row of lib/core/lang.c adds them)");
	free(note);
}

static void
test_voice(void)
{
	char *v;

	CHECK_NOTE("lang_offline_voice");
	CHECK_DUP(lang_offline_voice("zh-Hant"), "cmn");
	CHECK_DUP(lang_offline_voice("es"), "es");
	/* Not in the table: espeak-ng's own list. */
	CHECK_DUP(lang_offline_voice("nl-BE"), "nl");
	v = lang_offline_voice("tlh");
	CHECK(v == NULL);
	free(v);
	v = lang_offline_voice("x;y");
	CHECK(v == NULL);
	free(v);
}

int
main(void)
{
	test_rows();
	test_prompt();
	test_counts();
	test_cards();
	test_voice();
	return check_done();
}
