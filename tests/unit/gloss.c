/*
 * Unit checks for lib/offline/gloss.c: the offline illustrator's words in
 * other languages, found as their scripts write words, and what they
 * make it draw (species_find, lex_scenery, scenery_features).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/text.h"
#include "offline/gloss.h"
#include "offline/lexicon.h"
#include "offline/scenery.h"
#include "offline/species.h"

/* The kind drawn for type, by name. */
static const char *
kind(const char *type)
{
	int near;

	return species_name(species_find(type, &near));
}

/* The first scenery of setting, by name. */
static const char *
place(const char *setting)
{
	const struct scenery *sc[1];

	lex_scenery(setting, sc, 1);
	return sc[0]->kind;
}

/* Every word is as gloss compares text (folded, NFC), and its English
 * one the tables know. */
static void
test_tables(void)
{
	const char *w, *en;
	int i, folded = 1, known = 1, near;
	char *key;

	for (i = 0; (w = gloss_word(GLOSS_BEINGS, i, &en)) != NULL; i++) {
		key = text_name_key(w);
		if (strcmp(key, w) != 0)
			folded = 0, printf("# not folded: %s\n", w);
		/* Drawn as itself, as its body, or as the kind nearest
		 * to it: anything but what an unknown word gets. */
		if (species_find(en, &near) == species_find("zzz", &near) &&
		    lex_body(en) == 8)
			known = 0, printf("# no drawing for: %s\n", en);
		free(key);
	}
	CHECK(i > 500);
	for (i = 0; (w = gloss_word(GLOSS_PLACES, i, &en)) != NULL; i++) {
		key = text_name_key(w);
		if (strcmp(key, w) != 0)
			folded = 0, printf("# not folded: %s\n", w);
		if (scenery_features(en) == 0 && strcmp(place(en), "meadow") ==
		    0)
			known = 0, printf("# no scenery for: %s\n", en);
		free(key);
	}
	CHECK(i > 300);
	CHECK(folded);
	CHECK(known);
	CHECK(gloss_word(GLOSS_PLACES, -1, &en) == NULL && en == NULL);
}

/* A character's kind in the languages mv tells stories in. */
static void
test_beings(void)
{
	CHECK_STR(kind("zorra"), "fox");
	CHECK_STR(kind("Zorros astutos"), "fox");
	CHECK_STR(kind("un petit renard"), "fox");
	CHECK_STR(kind("Fuchs"), "fox");
	CHECK_STR(kind("きつね"), "fox");
	CHECK_STR(kind("キツネのこ"), "fox");
	CHECK_STR(kind("狐狸"), "fox");
	CHECK_STR(kind("Лиса"), "fox");
	CHECK_STR(kind("лисёнок"), "fox");
	CHECK_STR(kind("लोमड़ी"), "fox");
	CHECK_STR(kind("الثعلب"), "fox");
	CHECK_STR(kind("búho sabio"), "owl");
	CHECK_STR(kind("猫头鹰"), "owl");	/* not 猫, a cat */
	CHECK_STR(kind("ハリネズミ"), "mouse");	/* a hedgehog, not ねずみ */
	CHECK_STR(kind("conejita"), "dog");	/* unknown: the default */
	CHECK_STR(kind("coneja"), "rabbit");
	CHECK_STR(kind("ng'ombe"), "cow");
	CHECK_STR(kind("女王"), "woman");	/* a queen, not 女 and 王 */
	CHECK_STR(kind("abuela"), "grandmother");
	CHECK_STR(kind("गिलहरी"), "squirrel");
	/* A word's start with a short ending only: "который" ("which")
	 * is no кот, a cat; the last kind named is the one drawn. */
	CHECK_STR(kind("мальчик, который"), "boy");
	CHECK_STR(kind("кошка"), "cat");
	/* English stays as it was, and costs no allocation. */
	CHECK(gloss("a clever fox", GLOSS_BEINGS) == NULL);
	CHECK(gloss("", GLOSS_BEINGS) == NULL);
	CHECK(gloss(NULL, GLOSS_PLACES) == NULL);
	CHECK_STR(kind("a clever fox"), "fox");
}

/* A setting's scenery. */
static void
test_places(void)
{
	char *g = gloss("un bosque encantado", GLOSS_PLACES);

	CHECK_STR(g, "un bosque encantado forest");
	free(g);
	CHECK_STR(place("un bosque"), "forest");
	CHECK_STR(place("森の中"), "forest");
	CHECK_STR(place("в лесу"), "forest");
	CHECK_STR(place("колесо"), "meadow");	/* лес inside a word */
	CHECK_STR(place("जंगल में"), "forest");
	CHECK_STR(place("في الغابة"), "forest");
	CHECK_STR(place("la plage"), "sea");
	CHECK_STR(place("海边的村庄"), "sea");
	CHECK_STR(place("城市"), "city");	/* not 城, a castle */
	CHECK_STR(place("ein Dorf"), "village");
	CHECK(lex_is_night("une forêt sombre la nuit"));
	CHECK(!lex_is_night("une forêt sombre"));
	CHECK(scenery_features("la montaña nevada") ==
	    scenery_features("the mountain"));
	CHECK(gloss("the deep blue sea", GLOSS_PLACES) == NULL);
}

int
main(void)
{
	test_tables();
	test_beings();
	test_places();
	return check_done();
}
