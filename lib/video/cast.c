#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/flitename.h"
#include "core/json.h"
#include "core/text.h"
#include "core/util.h"
#include "services/speech.h"
#include "video/cast.h"

enum { ANY, FEMALE, MALE };
enum { PLAIN, SMALL, BIG, OLD };

/* What a character sounds like, from its words. */
struct kind {
	int sex, size;
};

static const char *const female[] = { "female", "girl", "woman", "lady",
	"mother", "mom", "mum", "mama", "grandmother", "grandma", "granny",
	"nana", "aunt", "auntie", "sister", "daughter", "queen", "princess",
	"she", "her", "hen", "mare", "cow", "ewe", "doe", "lioness", "witch",
	"fairy", "duchess", "niece", "wife", "madam", "miss", "mrs", NULL };
static const char *const male[] = { "male", "boy", "man", "gentleman",
	"father", "dad", "papa", "grandfather", "grandpa", "uncle",
	"brother", "son", "king", "prince", "he", "his", "rooster", "bull",
	"stallion", "ram", "lion", "wizard", "duke", "nephew", "husband",
	"sir", "mr", "giant", NULL };
static const char *const small[] = { "small", "tiny", "little", "baby",
	"young", "child", "kid", "cub", "chick", "kitten", "puppy", "mouse",
	"bird", "bee", "bug", "ant", "butterfly", "squirrel", "rabbit",
	"bunny", "frog", "duckling", "sparrow", "fairy", "elf", "seed",
	"caterpillar", "ladybug", "hamster", "shy", "playful", NULL };
static const char *const big[] = { "big", "large", "huge", "giant",
	"enormous", "lion", "bear", "elephant", "whale", "dragon", "ogre",
	"troll", "bull", "gorilla", "hippo", "moose", "rhino", "strong",
	"loud", "mighty", NULL };
static const char *const old[] = { "old", "elderly", "ancient", "aged",
	"grandmother", "grandma", "granny", "grandfather", "grandpa", "nana",
	"wise", "owl", "tortoise", "turtle", "elder", NULL };

static int
any_of(const char *words, const char *const *list)
{
	size_t i;

	for (i = 0; list[i]; i++)
		if (text_has_word(words, list[i]))
			return 1;
	return 0;
}

/* The words of a character (borrowed): type, traits, name. malloc'd. */
static char *
words_of(jv ch)
{
	jv t = jv_object_get(jv_copy(ch), jv_string("type"));
	jv tr = jv_object_get(jv_copy(ch), jv_string("traits"));
	struct buf b = { 0 };

	buf_addf(&b, "%s", json_str(t));
	if (jv_get_kind(tr) == JV_KIND_ARRAY)
		jv_array_foreach(tr, i, x) {
			(void)i;
			buf_addf(&b, " %s", json_str(x));
			jv_free(x);
		}
	else
		buf_addf(&b, " %s", json_str(tr));
	jv_free(t);
	jv_free(tr);
	buf_add(&b, "");
	return buf_take(&b);
}

static struct kind
kind_of(jv ch)
{
	char *w = words_of(ch);
	struct kind k;
	int f = any_of(w, female), m = any_of(w, male);

	k.sex = f && !m ? FEMALE : m && !f ? MALE : f && m ?
	    (text_has_word(w, "lioness") ? FEMALE : MALE) : ANY;
	/* Age before size: a wise old mouse is old; a baby dragon small. */
	k.size = any_of(w, old) && !text_has_word(w, "baby") ? OLD :
	    any_of(w, small) ? SMALL : any_of(w, big) ? BIG : PLAIN;
	free(w);
	return k;
}

/* FNV-1a of s: a stable choice among equals. */
static unsigned
hash(const char *s)
{
	unsigned h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* Whether voice is taken: the narrator's, or in used (borrowed). */
static int
taken(const char *voice, const char *narrator, jv used)
{
	int t = narrator != NULL && strcmp(voice, narrator) == 0;

	jv_array_foreach(used, i, u) {
		(void)i;
		t |= strcmp(jv_string_value(u), voice) == 0;
		jv_free(u);
	}
	return t;
}

/* flite: a base voice by sex, shifted by size; a free pitch step when
 * another character has it. */
static char *
flite_cast(struct kind k, const char *name, const char *narrator, jv used)
{
	static const char *const males[] = { "awb", "kal16" };
	static const int pitch[] = { 100, 135, 78, 90 };
	static const int rate[] = { 100, 112, 90, 86 };
	const char *base;
	char *v = NULL;
	int step;

	if (k.sex == FEMALE)
		base = "slt";
	else if (k.sex == MALE)
		base = males[k.size == SMALL ? 1 : k.size == BIG ||
		    k.size == OLD ? 0 : hash(name) % 2];
	else
		base = k.size == SMALL ? "slt" : males[hash(name) % 2];
	for (step = 0; step < 12; step++) {
		int p = pitch[k.size] + (step % 2 ? -1 : 1) * 12 * ((step + 1) /
		    2);

		if (p < FLITE_SHIFT_MIN || p > FLITE_SHIFT_MAX)
			continue;
		free(v);
		if (p == 100 && rate[k.size] == 100)
			v = xstrdup(base);
		else
			v = xasprintf("%s+p%d+r%d", base, p, rate[k.size]);
		if (!taken(v, narrator, used))
			return v;
	}
	return v;
}

/* A service's or espeak-ng's list: the first of the kind's voices not
 * taken, else the first of all not taken, else by the name's hash. */
static char *
pick(const char *const *want, const char *const *all, const char *name,
    const char *narrator, jv used)
{
	size_t i, n;

	for (i = 0; want[i]; i++)
		if (!taken(want[i], narrator, used))
			return xstrdup(want[i]);
	for (i = 0; all[i]; i++)
		if (!taken(all[i], narrator, used))
			return xstrdup(all[i]);
	for (n = 0; all[n]; n++)
		;
	return xstrdup(all[hash(name) % n]);
}

/* OpenAI's built-in voices (openai-speech.json: CreateSpeechRequest). */
static const char *const oa_all[] = { "nova", "onyx", "shimmer", "echo",
	"coral", "ash", "fable", "sage", "alloy", NULL };
/* ElevenLabs' premade voices. */
#define RACHEL "21m00Tcm4TlvDq8ikWAM"
#define BELLA "EXAVITQu4vr4xnSDxMaL"
#define ELLI "MF3mGyEYCl7XYWbV9V6O"
#define DOMI "AZnzlk1XvdvUeBnXmlld"
#define JOSH "TxGEqnHWrfWFTfGW9XjX"
#define ADAM "pNInz6obpgDQGcFmaJgB"
#define ANTONI "ErXwobaYiN019PkySvjV"
#define ARNOLD "VR6AewLTigWG4xSOukaG"
#define FIN "D38z5RcWu1voky8WS1ja"
static const char *const el_all[] = { BELLA, JOSH, ELLI, ANTONI, DOMI,
	ADAM, ARNOLD, FIN, RACHEL, NULL };

static char *
service_cast(const struct conf *c, struct kind k, const char *name,
    const char *narrator, jv used)
{
	/* [sex][size]: PLAIN, SMALL, BIG, OLD. */
	static const char *const oa[3][4][4] = {
		{ { "echo", "nova", NULL }, { "shimmer", "fable", NULL },
		  { "onyx", "ash", NULL }, { "sage", "fable", NULL } },
		{ { "nova", "coral", "shimmer", NULL }, { "shimmer", "nova",
		  NULL }, { "coral", "nova", NULL }, { "sage", "coral", NULL } },
		{ { "echo", "ash", "onyx", NULL }, { "fable", "echo", NULL },
		  { "onyx", "ash", NULL }, { "ash", "onyx", NULL } },
	};
	static const char *const el[3][4][4] = {
		{ { ANTONI, BELLA, NULL }, { ELLI, DOMI, NULL }, { JOSH, ADAM,
		  NULL }, { FIN, ARNOLD, NULL } },
		{ { BELLA, DOMI, NULL }, { ELLI, DOMI, NULL }, { DOMI, BELLA,
		  NULL }, { BELLA, ELLI, NULL } },
		{ { ANTONI, ADAM, NULL }, { ANTONI, JOSH, NULL }, { JOSH, ADAM,
		  ARNOLD }, { FIN, ARNOLD, NULL } },
	};

	if (strcmp(c->provider, "openai") == 0)
		return pick(oa[k.sex][k.size], oa_all, name, narrator, used);
	return pick(el[k.sex][k.size], el_all, name, narrator, used);
}

/* espeak-ng: the narrator's language with a variant (voices/!v). */
static char *
espeak_cast(struct kind k, const char *name, const char *narrator, jv used)
{
	static const char *const f[] = { "f2", "f3", "f4", "f1", "f5", NULL };
	static const char *const fs[] = { "f4", "f5", "f2", NULL };
	static const char *const m[] = { "m3", "m2", "m4", "m6", "m7", NULL };
	static const char *const ms[] = { "m5", "m3", "m1", NULL };
	static const char *const all[] = { "f2", "m3", "f4", "m2", "f3",
		"m4", "f1", "m6", "f5", "m7", "m5", NULL };
	const char *const *want = k.sex == FEMALE ? (k.size == SMALL ? fs :
	    f) : k.sex == MALE ? (k.size == SMALL ? ms : m) : k.size ==
	    SMALL ? fs : all;
	size_t lang = strcspn(narrator, "+"), i;
	jv mine = jv_array();
	char *v, *out;

	/* Compare the variants alone: those taken, as "f3". */
	jv_array_foreach(used, j, u) {
		const char *p = strchr(jv_string_value(u), '+');

		(void)j;
		if (p != NULL)
			mine = jv_array_append(mine, jv_string(p + 1));
		jv_free(u);
	}
	v = pick(want, all, name, NULL, mine);
	jv_free(mine);
	for (i = 0; narrator[i] && i < lang; i++)
		;
	out = xasprintf("%.*s+%s", (int)i, narrator, v);
	free(v);
	return out;
}

int
cast_has_voice(const struct conf *c, const char *voice)
{
	size_t i;

	if (voice == NULL || *voice == '\0')
		return 0;
	if (strcmp(c->provider, "flite") == 0)
		return flite_narrator_voice(voice);
	if (strcmp(c->provider, "openai") == 0) {
		for (i = 0; oa_all[i]; i++)
			if (strcmp(oa_all[i], voice) == 0)
				return 1;
		return 0;
	}
	if (strcmp(c->provider, "elevenlabs") == 0) {
		for (i = 0; voice[i]; i++)
			if (!isalnum((unsigned char)voice[i]))
				return 0;
		return i >= 8 && i <= 40;
	}
	/* espeak-ng: a voice name, maybe with a variant. */
	for (i = 0; voice[i]; i++)
		if (!isalnum((unsigned char)voice[i]) && voice[i] != '-' &&
		    voice[i] != '+' && voice[i] != '_')
			return 0;
	return 1;
}

char *
cast_narrator(const struct conf *c, jv prefs)
{
	jv v = jv_get_kind(prefs) == JV_KIND_OBJECT ? jv_object_get(
	    jv_copy(prefs), jv_string("voice")) : jv_null();
	const char *p = json_str(v);
	char *out;

	if (c->voice != NULL)
		out = xstrdup(c->voice);
	else if (strcmp(c->provider, "flite") == 0)
		out = xstrdup(flite_narrator_voice(p) ? p :
		    FLITE_NARRATOR_VOICE);
	else if (strcmp(c->provider, "espeak") == 0)
		out = xstrdup(*p ? p : "en-us");
	else if (cast_has_voice(c, p))
		out = xstrdup(p);
	else
		out = xstrdup(strcmp(c->provider, "openai") == 0 ? "alloy" :
		    RACHEL);
	jv_free(v);
	return out;
}

jv
cast_voices(const struct conf *c, jv chars, const char *narrator,
    jv *notes)
{
	jv out = jv_object(), used = jv_array();

	if (notes != NULL)
		*notes = jv_array();
	if (jv_get_kind(chars) != JV_KIND_ARRAY) {
		jv_free(used);
		return out;
	}
	/* The brief's own voices first: they are taken before any cast. */
	jv_array_foreach(chars, i, ch) {
		jv n = jv_object_get(jv_copy(ch), jv_string("name"));
		jv v = jv_object_get(jv_copy(ch), jv_string("voice"));

		(void)i;
		if (jv_get_kind(v) == JV_KIND_STRING &&
		    jv_get_kind(n) == JV_KIND_STRING) {
			if (cast_has_voice(c, jv_string_value(v))) {
				out = jv_object_set(out, jv_copy(n),
				    jv_copy(v));
				used = jv_array_append(used, jv_copy(v));
			} else if (notes != NULL)
				*notes = jv_array_append(*notes, jv_string_fmt(
				    "%s: voice '%s': %s has no such voice; "
				    "casting one", jv_string_value(n),
				    jv_string_value(v), c->provider));
		}
		jv_free(n);
		jv_free(v);
		jv_free(ch);
	}
	jv_array_foreach(chars, i, ch) {
		jv n = jv_object_get(jv_copy(ch), jv_string("name"));
		struct kind k;
		char *v = NULL;

		(void)i;
		if (jv_get_kind(n) != JV_KIND_STRING || jv_object_has(
		    jv_copy(out), jv_copy(n))) {
			jv_free(n);
			jv_free(ch);
			continue;
		}
		k = kind_of(ch);
		if (strcmp(c->provider, "flite") == 0)
			v = flite_cast(k, jv_string_value(n), narrator, used);
		else if (strcmp(c->provider, "espeak") == 0)
			v = espeak_cast(k, jv_string_value(n), narrator, used);
		else if (strcmp(c->provider, "openai") == 0 ||
		    strcmp(c->provider, "elevenlabs") == 0)
			v = service_cast(c, k, jv_string_value(n), narrator,
			    used);
		if (v != NULL) {
			out = jv_object_set(out, n, jv_string(v));
			used = jv_array_append(used, jv_string(v));
			free(v);
		} else
			jv_free(n);
		jv_free(ch);
	}
	jv_free(used);
	return out;
}

jv
cast_brief(const struct conf *c, jv prefs, jv chars, const char *narrator,
    jv *notes)
{
	jv out = cast_voices(c, chars, narrator, notes);
	jv lang = jv_object_get(jv_copy(prefs), jv_string("language"));
	char *note = speech_model_note(c, json_str(lang));

	if (note != NULL)
		*notes = jv_array_append(*notes, jv_string(note));
	free(note);
	jv_free(lang);
	return out;
}
