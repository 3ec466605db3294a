#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "offline/gloss.h"
#include "offline/lexicon.h"
#include "offline/species.h"
static const struct kind {
	const char *name;
	uint32_t colour;
	const char *colour_name;
	double size, back, front, top;
	int gender;
	const char *words[8];	/* more words for the same kind */
	const char *look;
} kinds[] = {
	{ "girl", 0, "", 0.72, 0.32, 0.32, 1.0, 1,
	  { "daughter", "princess", "sister", "lass", "maiden", NULL },
	  "a little girl in a dress, her hair in two pigtails" },
	{ "boy", 0, "", 0.74, 0.32, 0.32, 1.0, -1,
	  { "son", "prince", "brother", "lad", NULL },
	  "a little boy in a shirt and shorts with short hair" },
	{ "woman", 0, "", 0.95, 0.32, 0.32, 1.0, 1,
	  { "mother", "mom", "mum", "mama", "lady", "queen", "aunt",
	    "wife" },
	  "a grown woman in a long dress with long hair" },
	{ "man", 0, "", 1.0, 0.32, 0.32, 1.0, -1,
	  { "father", "dad", "papa", "king", "uncle", "husband",
	    "gentleman", NULL },
	  "a grown man in a shirt and trousers with short hair" },
	{ "grandmother", 0, "", 0.9, 0.32, 0.34, 1.06, 1,
	  { "grandma", "granny", "nana", "gran", "grandmom", NULL },
	  "a grandmother with grey hair in a bun, glasses, a shawl and a "
	  "walking stick" },
	{ "grandfather", 0, "", 0.95, 0.32, 0.34, 1.0, -1,
	  { "grandpa", "granddad", "grandad", "gramps", NULL },
	  "a grandfather with a white beard, glasses and a walking stick" },
	{ "fox", 0xe07a2e, "russet orange", 0.75, 0.95, 0.75, 0.95, 0,
	  { "foxes", "vixen", NULL },
	  "with a long pointed snout, tall pointed ears and a big bushy "
	  "white-tipped tail" },
	{ "owl", 0x9a6a3f, "tawny brown", 0.62, 0.3, 0.3, 0.95, 0,
	  { "owlet", NULL },
	  "upright and round, with ear tufts, a pale face disc and big "
	  "round eyes" },
	{ "squirrel", 0xb5562a, "red-brown", 0.6, 0.6, 0.3, 1.0, 0,
	  { "chipmunk", NULL },
	  "sitting up with an acorn and a huge bushy tail curling over its "
	  "back" },
	{ "rabbit", 0xe6e0d6, "soft cream", 0.6, 0.35, 0.35, 0.95, 0,
	  { "bunny", "hare", NULL },
	  "sitting with very long upright ears and a white cotton tail" },
	{ "bear", 0x7a4a2a, "dark brown", 1.05, 0.45, 0.6, 1.0, 0,
	  { "bears", NULL },
	  "heavy, on four short thick legs, with small round ears" },
	{ "deer", 0xc08a50, "fawn brown", 0.95, 0.35, 0.5, 1.22, 0,
	  { "fawn", "stag", "doe", "reindeer", "elk", NULL },
	  "with long thin legs, a long neck, branching antlers and white "
	  "spots" },
	{ "monkey", 0x8a5a3a, "brown", 0.7, 0.5, 0.35, 0.95, 0,
	  { "ape", "chimp", "chimpanzee", "baboon", NULL },
	  "with long arms, big round ears, a pale face and a long curling "
	  "tail" },
	{ "elephant", 0x9aa0a8, "grey", 1.25, 0.5, 0.85, 0.88, 0,
	  { NULL },
	  "with a long curling trunk, large ears and thick legs" },
	{ "lion", 0xe0a94a, "golden", 0.95, 0.7, 0.7, 0.95, 0,
	  { "lioness", NULL },
	  "with a big shaggy brown mane and a tufted tail" },
	{ "tiger", 0xee8a2a, "orange", 0.95, 0.9, 0.7, 0.8, 0,
	  { "tigress", NULL },
	  "with black stripes, a long low body and a long tail" },
	{ "mouse", 0xa8a8b0, "grey", 0.45, 0.85, 0.55, 0.5, 0,
	  { "mice", NULL },
	  "with big round ears, whiskers and a long thin pink tail" },
	{ "bird", 0x5b8fd6, "blue", 0.5, 0.48, 0.4, 0.65, 0,
	  { "sparrow", "robin", "songbird", "finch", "birdie", NULL },
	  "round, with a red breast and a short beak" },
	{ "crow", 0x22252e, "black", 0.55, 0.65, 0.58, 0.7, 0,
	  { "raven", "blackbird", NULL },
	  "slim, with a long strong beak and a wedge tail" },
	{ "dove", 0xf4f4f0, "white", 0.5, 0.55, 0.5, 1.0, 0,
	  { "pigeon", NULL },
	  "with raised wings and an olive twig in its beak" },
	{ "cow", 0xf7f5ee, "white with black patches", 1.0, 0.52, 0.7,
	  1.0, 0, { "bull", "calf", "ox", "cattle", NULL },
	  "boxy, with short horns, a pink muzzle, an udder and a tufted "
	  "tail" },
	{ "goat", 0xe8e2d6, "off-white", 0.8, 0.36, 0.48, 1.0, 0,
	  { "billy", "goats", NULL },
	  "with horns curving back, a narrow head and a little beard" },
	{ "horse", 0x8a5530, "chestnut brown", 1.1, 0.55, 0.68, 1.15,
	  0, { "pony", "foal", "mare", "stallion", NULL },
	  "tall, with a long head, a dark mane and a flowing tail" },
	{ "cat", 0x9aa0aa, "grey tabby", 0.6, 0.45, 0.35, 0.95, 0,
	  { "kitten", "kitty", "cats", NULL },
	  "sitting up with pointed ears, whiskers and a tail curling up" },
	{ "dog", 0xc79a66, "sandy brown", 0.7, 0.45, 0.65, 0.9, 0,
	  { "puppy", "pup", "hound", "dogs", NULL },
	  "with floppy ears, a square snout and a wagging tail" },
	{ "turtle", 0x6f9a48, "green", 0.5, 0.45, 0.65, 0.45, 0,
	  { "tortoise", NULL },
	  "with a domed patterned shell and a head poking out" },
	{ "frog", 0x6cc04a, "bright green", 0.45, 0.45, 0.45, 0.5, 0,
	  { "toad", "tadpole", NULL },
	  "squatting with bulging eyes on top and folded legs" },
	{ "fish", 0xf28c28, "orange", 0.55, 0.5, 0.5, 0.95, 0,
	  { "goldfish", "fishes", NULL },
	  "with fins and a forked tail, in a bubble of water" },
	{ "bug", 0xd94a4a, "red", 0.45, 0.32, 0.32, 0.65, 0,
	  { "ladybug", "beetle", "bee", "ant", "butterfly", "caterpillar",
	    "spider", "insect" },
	  "round, with wings and feelers" },
	{ "robot", 0x9aa5b1, "silver", 0.9, 0.28, 0.28, 1.15, 0,
	  { "machine", "android", NULL },
	  "boxy, with an antenna" },
	{ "tree", 0x4caf50, "leafy green", 1.0, 0.5, 0.5, 1.25, 0,
	  { "flower", "plant", "bush", NULL },
	  "with a friendly face in its leaves" },
	{ "dragon", 0x5dbb63, "green", 1.1, 0.9, 0.6, 1.0, 0,
	  { "monster", "dinosaur", NULL },
	  "with spikes along its back, bat wings and a long tail" },
};
#define NKINDS ((int)(sizeof kinds / sizeof kinds[0]))

/* Words for which no drawing exists, and the kind that comes nearest. */
static const struct {
	const char *word, *kind;
} nearest[] = {
	{ "human", "man" }, { "person", "man" }, { "people", "man" },
	{ "farmer", "man" }, { "hunter", "man" }, { "teacher", "woman" },
	{ "wizard", "man" }, { "sailor", "man" }, { "pirate", "man" },
	{ "knight", "man" }, { "fisherman", "man" }, { "witch", "woman" },
	{ "fairy", "girl" }, { "child", "boy" }, { "kid", "boy" },
	{ "wolf", "dog" }, { "jackal", "dog" }, { "coyote", "fox" },
	{ "raccoon", "fox" }, { "panda", "bear" }, { "koala", "bear" },
	{ "badger", "bear" }, { "hippo", "elephant" },
	{ "hippopotamus", "elephant" }, { "rhino", "elephant" },
	{ "mammoth", "elephant" }, { "giraffe", "deer" },
	{ "antelope", "deer" }, { "gazelle", "deer" }, { "moose", "deer" },
	{ "zebra", "horse" }, { "donkey", "horse" }, { "mule", "horse" },
	{ "camel", "horse" }, { "unicorn", "horse" }, { "leopard", "tiger" },
	{ "cheetah", "tiger" }, { "jaguar", "tiger" }, { "panther", "cat" },
	{ "rat", "mouse" }, { "hamster", "mouse" }, { "hedgehog", "mouse" },
	{ "mole", "mouse" }, { "kangaroo", "rabbit" }, { "sheep", "goat" },
	{ "lamb", "goat" }, { "ram", "goat" }, { "pig", "cow" },
	{ "piglet", "cow" }, { "buffalo", "cow" }, { "gorilla", "monkey" },
	{ "parrot", "bird" }, { "eagle", "bird" }, { "hawk", "bird" },
	{ "duck", "bird" }, { "duckling", "bird" }, { "hen", "bird" },
	{ "chicken", "bird" }, { "chick", "bird" }, { "rooster", "bird" },
	{ "penguin", "bird" }, { "peacock", "bird" }, { "flamingo", "bird" },
	{ "swan", "dove" }, { "goose", "dove" }, { "seagull", "dove" },
	{ "gull", "dove" }, { "whale", "fish" }, { "dolphin", "fish" },
	{ "shark", "fish" }, { "octopus", "fish" }, { "crab", "turtle" },
	{ "snail", "turtle" }, { "lizard", "frog" }, { "crocodile", "dragon" },
	{ "alligator", "dragon" }, { "snake", "dragon" },
	{ "otter", "dog" }, { "beaver", "bear" }, { "bat", "bird" },
};

/* The kind drawn for a lex_body plan when no word names one. */
static const char *const by_body[] = {
	"man", "dog", "bird", "fish", "bug", "robot", "tree", "dragon", "dog"
};

int
species_count(void)
{
	return NKINDS;
}

static int
valid(int k)
{
	return k >= 0 && k < NKINDS ? k : 3;
}

const char *
species_name(int kind)
{
	return kinds[valid(kind)].name;
}

int
species_is_person(int kind)
{
	return valid(kind) < 6;
}

static int
kind_named(const char *name)
{
	int i;

	for (i = 0; i < NKINDS; i++)
		if (strcmp(kinds[i].name, name) == 0)
			return i;
	return 3;
}

/* The kind word w names (*near set when only nearly), or -1. */
static int
word_kind(const char *w, int *near)
{
	size_t i;
	int k, j;

	*near = 0;
	for (k = 0; k < NKINDS; k++) {
		if (strcmp(w, kinds[k].name) == 0)
			return k;
		for (j = 0; j < 8 && kinds[k].words[j]; j++)
			if (strcmp(w, kinds[k].words[j]) == 0)
				return k;
	}
	for (i = 0; i < sizeof nearest / sizeof nearest[0]; i++)
		if (strcmp(w, nearest[i].word) == 0) {
			*near = 1;
			return kind_named(nearest[i].kind);
		}
	return -1;
}

static int
letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The next ASCII word of *s, lower-cased into w (cut at 31 bytes);
 * returns its length, 0 at the end. */
static size_t
next_word(const char **s, char w[32])
{
	size_t n = 0;

	while (**s != '\0' && !letter(**s))
		(*s)++;
	for (; letter(**s); (*s)++)
		if (n < 31)
			w[n++] = (char)(**s | 0x20);
	w[n] = '\0';
	return n;
}

/* The kind a word names, plurals too ("bunnies", "foxes", "cows"). */
static int
word_kind_plural(char *w, size_t n, int *near)
{
	int k = word_kind(w, near);

	if (k < 0 && n > 4 && strcmp(w + n - 3, "ies") == 0) {
		strcpy(w + n - 3, "y");
		k = word_kind(w, near);
	}
	if (k < 0 && n > 3 && w[n - 1] == 's') {
		w[strlen(w) - 1] = '\0';
		k = word_kind(w, near);
	}
	return k;
}

int
species_find(const char *type, int *near)
{
	char w[32];
	char *glossed = gloss(type, GLOSS_BEINGS);
	const char *s = glossed != NULL ? glossed : type != NULL ? type : "";
	int best = -1, bnear = 1, old = 0, k, nr;
	size_t n;

	while ((n = next_word(&s, w)) > 0) {
		if (strcmp(w, "old") == 0 || strcmp(w, "elderly") == 0 ||
		    strcmp(w, "aged") == 0)
			old = 1;
		if ((k = word_kind_plural(w, n, &nr)) >= 0)
			best = k, bnear = nr;
	}
	if (best < 0) {
		best = kind_named(by_body[lex_body(type != NULL ? type : "")]);
		bnear = 1;
	}
	free(glossed);
	/* An old woman is drawn as a grandmother, an old man likewise. */
	if (old && best == 2)
		best = 4;
	else if (old && best == 3)
		best = 5;
	*near = bnear;
	return best;
}

int
species_gender(const char *type)
{
	static const char *const she[] = {
		"she", "her", "female", "hen", "cow", "doe", "mare",
		"lioness", "tigress", "vixen", "witch", "fairy", "ewe",
		"nanny", NULL
	};
	static const char *const he[] = {
		"he", "him", "his", "male", "bull", "stag", "rooster",
		"stallion", "ram", "wizard", "farmer", "billy", NULL
	};
	const char *s = type != NULL ? type : "";
	char w[32];
	size_t n;
	int i, near, k;

	/* A word for a person says it: "mother fox", "king lion". */
	while ((n = next_word(&s, w)) > 0)
		if ((k = word_kind_plural(w, n, &near)) >= 0 && !near &&
		    kinds[k].gender != 0)
			return kinds[k].gender;
	k = species_find(type, &near);
	for (i = 0; she[i]; i++)
		if (text_has_word(type, she[i]))
			return 1;
	for (i = 0; he[i]; i++)
		if (text_has_word(type, he[i]))
			return -1;
	return near ? kinds[k].gender : 0;
}

uint32_t
species_colour(int kind)
{
	return kinds[valid(kind)].colour;
}

const char *
species_colour_name(int kind)
{
	return kinds[valid(kind)].colour_name;
}

double
species_size(int kind)
{
	return kinds[valid(kind)].size;
}

const char *
species_look(int kind)
{
	return kinds[valid(kind)].look;
}

double
species_scale(double size)
{
	return pow(size > 0 ? size : 1, 0.6);
}

void
species_extent(int kind, double *back, double *front, double *top)
{
	const struct kind *k = &kinds[valid(kind)];

	*back = k->back;
	*front = k->front;
	*top = k->top;
}
