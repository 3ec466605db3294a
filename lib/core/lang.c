#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/child.h"
#include "core/lang.h"
#include "core/text.h"
#include "core/util.h"

/*
 * One row a language, in the order of the tags: its tag, English name,
 * own name, characters a word's worth where words are not spaced (0:
 * words are counted), espeak-ng voice, whether words are spaced, whether it is written right
 * to left, then mv's own words in it (UTF-8): the story's last sentence
 * with the moral, a title from the theme, the end card's heading and its
 * last words. Adding a language is adding its row (mv(7)).
 */
static const struct lang langs[] = {
	{ "ar", "Arabic", "العربية", 0, "ar", 1, 1,
	    "مغزى القصة: %s",
	    "قصة عن %s",
	    "مغزى القصة", "النهاية" },
	{ "de", "German", "Deutsch", 0, "de", 1, 0,
	    "Die Moral von der Geschichte: %s",
	    "Eine Geschichte über %s",
	    "Die Moral von der Geschichte", "Ende" },
	{ "en", "English", "English", 0, "en-us", 1, 0,
	    "The moral of the story is: %s",
	    "A story about %s",
	    "The moral of the story", "The End" },
	{ "es", "Spanish", "español", 0, "es", 1, 0,
	    "La moraleja de la historia es: %s",
	    "Una historia sobre %s",
	    "La moraleja de la historia", "Fin" },
	{ "fr", "French", "français", 0, "fr-fr", 1, 0,
	    "La morale de l'histoire : %s",
	    "Une histoire sur %s",
	    "La morale de l'histoire", "Fin" },
	{ "hi", "Hindi", "हिन्दी", 0, "hi", 1, 0,
	    "इस कहानी की सीख: %s",
	    "%s की कहानी",
	    "कहानी की सीख", "समाप्त" },
	{ "it", "Italian", "italiano", 0, "it", 1, 0,
	    "La morale della storia è: %s",
	    "Una storia su %s",
	    "La morale della storia", "Fine" },
	{ "ja", "Japanese", "日本語", 2.0, "ja", 0, 0,
	    "このおはなしのきょうくん：%s",
	    "%sのおはなし",
	    "おはなしのきょうくん", "おしまい" },
	{ "pt", "Portuguese", "português", 0, "pt", 1, 0,
	    "A moral da história é: %s",
	    "Uma história sobre %s",
	    "A moral da história", "Fim" },
	{ "ru", "Russian", "русский", 0, "ru", 1, 0,
	    "Мораль сказки: %s",
	    "Сказка: %s",
	    "Мораль сказки", "Конец" },
	{ "sw", "Swahili", "Kiswahili", 0, "sw", 1, 0,
	    "Funzo la hadithi hii ni: %s",
	    "Hadithi kuhusu %s",
	    "Funzo la hadithi", "Mwisho" },
	{ "zh", "Chinese", "中文", 1.6, "cmn", 0, 0,
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

int
lang_is_english(const char *tag)
{
	return tag == NULL || (strncasecmp(tag, "en", 2) == 0 &&
	    (tag[2] == '\0' || tag[2] == '-'));
}

char *
lang_prompt_name(const char *tag)
{
	const struct lang *l = lang_find(tag);

	if (l == NULL)
		return xasprintf("the language of the BCP 47 tag '%s'", tag);
	if (strchr(tag, '-') != NULL)
		return xasprintf("%s (%s), as written for the tag %s", l->name,
		    l->endonym, tag);
	if (strcmp(l->name, l->endonym) == 0)
		return xstrdup(l->name);
	return xasprintf("%s (%s)", l->name, l->endonym);
}

char *
lang_write_in(const char *tag)
{
	char *name, *out;

	if (lang_is_english(tag))
		return xstrdup("");
	name = lang_prompt_name(tag);
	out = xasprintf("Write in %s.", name);
	free(name);
	return out;
}

/* The row's characters a word's worth, 0 when words are counted. */
static double
per_word(const char *tag)
{
	const struct lang *l = tag != NULL ? lang_find(tag) : NULL;

	return l != NULL && l->per_word > 0 ? l->per_word : 0;
}

const char *
lang_unit(const char *tag)
{
	return per_word(tag) > 0 ? "characters" : "words";
}

double
lang_per_minute(const char *tag, double wpm)
{
	double k = per_word(tag);

	if (wpm <= 0)
		wpm = 150;
	return k > 0 ? wpm * k : wpm;
}

double
lang_seconds(const char *tag, const char *text, double wpm)
{
	return (double)text_words(text) * 60 / lang_per_minute(tag, wpm);
}

const struct lang *
lang_cards(const char *tag, char **note)
{
	int fallback;
	const struct lang *l = lang_get(tag, &fallback);

	*note = fallback ? xasprintf("language '%s': mv has no card words "
	    "for it; the cards are in English (a row of lib/core/lang.c adds "
	    "them)", tag != NULL ? tag : "") : NULL;
	return l;
}

/*
 * The language of the first voice in espeak-ng's list (out, its
 * --voices output) that is not an mbrola one (those need mbrola's own
 * voices, seldom installed), malloc'd, or NULL.
 */
static char *
first_voice(const char *out)
{
	const char *line = out, *nl;
	char one[256], pty[8], lang[40], ag[16], name[80], file[80];

	for (; line != NULL && *line != '\0'; line = nl != NULL ? nl + 1 :
	    NULL) {
		nl = strchr(line, '\n');
		snprintf(one, sizeof one, "%.*s", nl != NULL ? (int)(nl - line) :
		    (int)strlen(line), line);
		if (sscanf(one, "%7s %39s %15s %79s %79s", pty, lang, ag, name,
		    file) != 5 || !isdigit((unsigned char)pty[0]))
			continue;
		if (strncmp(file, "mb/", 3) != 0)
			return xstrdup(lang);
	}
	return NULL;
}

char *
lang_offline_voice(const char *tag)
{
	const struct lang *l = lang_find(tag);
	char *argv[3], *arg, *out = NULL, *err = NULL, *v;
	size_t len, n = strcspn(tag, "-");

	if (l != NULL && l->espeak != NULL)
		return xstrdup(l->espeak);
	if (!lang_tag_ok(tag))
		return NULL;
	arg = xasprintf("--voices=%.*s", (int)n, tag);
	argv[0] = "espeak-ng";
	argv[1] = arg;
	argv[2] = NULL;
	v = child_run_out(argv, NULL, 0, &out, &len, &err) == 0 ?
	    first_voice(out) : NULL;
	free(arg);
	free(out);
	free(err);
	return v;
}
