#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lang.h"
#include "util.h"

/*
 * One row a language, in the order of the tags: its tag, English name,
 * espeak-ng voice, whether words are spaced, whether it is written right
 * to left, then mv's own words in it (UTF-8): the story's last sentence
 * with the moral, a title from the theme, the end card's heading and its
 * last words. Adding a language is adding its row (mv(7)).
 */
static const struct lang langs[] = {
	{ "ar", "Arabic", "ar", 1, 1,
	    "مغزى القصة: %s",
	    "قصة عن %s",
	    "مغزى القصة", "النهاية" },
	{ "de", "German", "de", 1, 0,
	    "Die Moral von der Geschichte: %s",
	    "Eine Geschichte über %s",
	    "Die Moral von der Geschichte", "Ende" },
	{ "en", "English", "en-us", 1, 0,
	    "The moral of the story is: %s",
	    "A story about %s",
	    "The moral of the story", "The End" },
	{ "es", "Spanish", "es", 1, 0,
	    "La moraleja de la historia es: %s",
	    "Una historia sobre %s",
	    "La moraleja de la historia", "Fin" },
	{ "fr", "French", "fr-fr", 1, 0,
	    "La morale de l'histoire : %s",
	    "Une histoire sur %s",
	    "La morale de l'histoire", "Fin" },
	{ "hi", "Hindi", "hi", 1, 0,
	    "इस कहानी की सीख: %s",
	    "%s की कहानी",
	    "कहानी की सीख", "समाप्त" },
	{ "it", "Italian", "it", 1, 0,
	    "La morale della storia è: %s",
	    "Una storia su %s",
	    "La morale della storia", "Fine" },
	{ "ja", "Japanese", "ja", 0, 0,
	    "このおはなしのきょうくん：%s",
	    "%sのおはなし",
	    "おはなしのきょうくん", "おしまい" },
	{ "pt", "Portuguese", "pt", 1, 0,
	    "A moral da história é: %s",
	    "Uma história sobre %s",
	    "A moral da história", "Fim" },
	{ "ru", "Russian", "ru", 1, 0,
	    "Мораль сказки: %s",
	    "Сказка: %s",
	    "Мораль сказки", "Конец" },
	{ "sw", "Swahili", "sw", 1, 0,
	    "Funzo la hadithi hii ni: %s",
	    "Hadithi kuhusu %s",
	    "Funzo la hadithi", "Mwisho" },
	{ "zh", "Chinese", "cmn", 0, 0,
	    "这个故事告诉我们：%s",
	    "关于%s的故事",
	    "故事的寓意", "完" },
};

#define NLANGS ((int)(sizeof langs / sizeof langs[0]))

int
lang_tag_ok(const char *tag)
{
	size_t n = 0, part = 0, len = strlen(tag);
	const char *p;

	if (len == 0 || len > 35)
		return 0;
	for (p = tag; ; p++) {
		if (*p == '-' || *p == '\0') {
			/* The first subtag is 2 or 3 letters; the others 2 to
			 * 8 letters or digits. */
			if (n == 0 ? part < 2 || part > 3 : part < 2 || part > 8)
				return 0;
			if (*p == '\0')
				return 1;
			n++;
			part = 0;
		} else if (n == 0 ? !isalpha((unsigned char)*p) :
		    !isalnum((unsigned char)*p))
			return 0;
		else
			part++;
	}
}

char *
lang_canonical(const char *tag)
{
	char *out = xstrdup(tag), *p, *start = out;
	size_t n = 0, len;

	for (p = out; ; p++) {
		if (*p != '-' && *p != '\0')
			continue;
		len = (size_t)(p - start);
		for (char *q = start; q < p; q++)
			*q = (char)tolower((unsigned char)*q);
		if (n > 0 && len == 2)
			for (char *q = start; q < p; q++)
				*q = (char)toupper((unsigned char)*q);
		else if (n > 0 && len == 4 && isalpha((unsigned char)*start))
			*start = (char)toupper((unsigned char)*start);
		if (*p == '\0')
			return out;
		n++;
		start = p + 1;
	}
}

const struct lang *
lang_find(const char *tag)
{
	size_t n = strcspn(tag, "-");
	int i;

	for (i = 0; i < NLANGS; i++)
		if (strlen(langs[i].tag) == n && strncasecmp(langs[i].tag, tag,
		    n) == 0)
			return &langs[i];
	return NULL;
}

const struct lang *
lang_get(const char *tag, int *fallback)
{
	const struct lang *l = tag != NULL ? lang_find(tag) : NULL;

	*fallback = l == NULL;
	return l != NULL ? l : lang_find("en");
}

int
lang_count(void)
{
	return NLANGS;
}

const struct lang *
lang_at(int i)
{
	return i >= 0 && i < NLANGS ? &langs[i] : NULL;
}
