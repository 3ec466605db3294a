#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "offline/gloss.h"
#include "offline/lexicon.h"

static const struct scenery sceneries[] = {
	{ "forest", { "forest", "wood", "woods", "woodland", "jungle",
	  "grove", NULL },
	  "Tall trees whispered in the breeze, and sunlight danced on the "
	  "soft green moss.",
	  "tall green trees, dappled sunlight and mossy ground",
	  0x8fd3f4, 0xe6f7d9, 0x4f8a3c, 0x2e5e2a,
	  SC_TREES | SC_FLOWERS | SC_CLOUDS },
	{ "pond", { "pond", "lake", "river", "stream", "brook", "creek",
	  NULL },
	  "The water sparkled like a mirror, and reeds swayed gently at "
	  "its edge.",
	  "sparkling blue water with reeds along the bank",
	  0x9ad7f5, 0xf0f8ff, 0x6aa84f, 0x3d85c6,
	  SC_WATER | SC_FLOWERS | SC_CLOUDS },
	{ "sea", { "sea", "ocean", "beach", "shore", "island", "coast",
	  "harbor", "harbour" },
	  "Waves rolled softly onto the warm sand, and seagulls called "
	  "high above.",
	  "blue waves rolling onto golden sand under a wide sky",
	  0x6ec6f0, 0xfdf3d7, 0xf2d58c, 0x1f78b4,
	  SC_SEA | SC_SAND | SC_CLOUDS },
	{ "village", { "village", "town", "hamlet", "neighborhood",
	  "neighbourhood", "street", NULL },
	  "Little houses with red roofs stood along a winding path, and "
	  "smoke curled from their chimneys.",
	  "small houses with red roofs along a winding path",
	  0xa3d8f4, 0xfff4e0, 0x8cbf5a, 0xc0392b,
	  SC_HOUSES | SC_FENCE | SC_CLOUDS },
	{ "city", { "city", "metropolis", "downtown", NULL },
	  "Tall buildings reached for the sky, and the streets hummed "
	  "with busy footsteps.",
	  "tall colourful buildings with many bright windows",
	  0x8ec5e8, 0xf5f0ff, 0x8e8e93, 0x5b6ee1,
	  SC_TOWERS | SC_CLOUDS },
	{ "mountain", { "mountain", "hill", "valley", "peak", "cliff",
	  NULL },
	  "Great mountains rose in the distance, their tops dusted with "
	  "snow.",
	  "rolling hills and snow-capped mountains",
	  0x7fb8e6, 0xeef6ff, 0x7aa95c, 0x6b7b8c,
	  SC_MOUNTAINS | SC_CLOUDS },
	{ "desert", { "desert", "dune", "oasis", "savanna", "savannah",
	  NULL },
	  "Golden sand stretched as far as the eye could see, and the sun "
	  "shone warm and bright.",
	  "golden dunes under a bright warm sun",
	  0xf6c667, 0xfff1cf, 0xe5b25d, 0xc77d2e,
	  SC_SAND },
	{ "farm", { "farm", "field", "meadow", "barn", "orchard",
	  "countryside", NULL },
	  "Green fields rolled gently under the sky, and a red barn stood "
	  "beside the path.",
	  "green fields, a wooden fence and a red barn",
	  0x9fd6f5, 0xfcfbe3, 0x7cc051, 0xb5462f,
	  SC_FENCE | SC_FLOWERS | SC_CLOUDS },
	{ "garden", { "garden", "park", "playground", "yard", NULL },
	  "Bright flowers nodded in the breeze, and butterflies flitted "
	  "from bloom to bloom.",
	  "colourful flower beds and neat green hedges",
	  0xa8dcf7, 0xfff9f0, 0x71b853, 0xe84a8a,
	  SC_FLOWERS | SC_TREES | SC_CLOUDS },
	{ "school", { "school", "classroom", "library", "playroom", "home",
	  "house", "kitchen", "bedroom" },
	  "Warm light filled the room, and shelves of books and toys lined "
	  "the walls.",
	  "a cosy room with warm light and shelves of books",
	  0xf3e3c3, 0xfbf3e4, 0xc99a6b, 0x8a5a44,
	  SC_INDOOR },
	{ "castle", { "castle", "kingdom", "palace", "fort", "tower",
	  NULL },
	  "A grand castle with tall towers and flags stood proudly on the "
	  "hill.",
	  "a grand castle with tall towers and fluttering flags",
	  0x9cc9f0, 0xf6efff, 0x79ad5d, 0x8e6fc1,
	  SC_CASTLE | SC_CLOUDS },
	{ "snow", { "snow", "ice", "arctic", "winter", "frozen", "north",
	  "polar", NULL },
	  "Snow covered everything in a soft white blanket, and the cold "
	  "air sparkled.",
	  "soft white snow, icy blue shadows and frosted pine trees",
	  0xbcd9f0, 0xf4fbff, 0xf4f8fb, 0x7fa7c9,
	  SC_SNOW | SC_TREES | SC_MOUNTAINS },
	{ "space", { "space", "planet", "galaxy", "star", "rocket", "moon",
	  NULL },
	  "Stars twinkled all around, and faraway planets glowed in "
	  "beautiful colours.",
	  "a deep blue sky full of stars and glowing planets",
	  0x0b1d3a, 0x2a3f7a, 0x6d6a8a, 0xf4d35e,
	  SC_STARS },
	{ "cave", { "cave", "cavern", "tunnel", "underground", NULL },
	  "Cool stones glittered on the cave walls, and drops of water "
	  "echoed softly.",
	  "a cool cave with glittering stones",
	  0x3b3350, 0x5d5478, 0x6f6259, 0xa5d8ff,
	  SC_CAVE },
	{ NULL, { NULL }, NULL, NULL, 0, 0, 0, 0, 0 }
};

static const struct scenery meadow = {
	"meadow", { NULL },
	"Soft grass swayed in the breeze, and the sky was wide and bright.",
	"a sunny meadow with soft grass and a wide sky",
	0x9fd6f5, 0xfdfbe8, 0x86c35f, 0xf2b134,
	SC_FLOWERS | SC_CLOUDS | SC_TREES
};

int
lex_scenery(const char *setting, const struct scenery **out, int max)
{
	char *glossed = gloss(setting, GLOSS_PLACES);
	const char *s = glossed != NULL ? glossed : setting;
	int n = 0, i, w;

	for (i = 0; sceneries[i].kind && n < max; i++)
		for (w = 0; w < 8 && sceneries[i].words[w]; w++)
			if (text_has_word(s, sceneries[i].words[w])) {
				out[n++] = &sceneries[i];
				break;
			}
	if (n == 0 && max > 0)
		out[n++] = &meadow;
	free(glossed);
	return n;
}

int
lex_is_night(const char *setting)
{
	static const char *const w[] = {
		"night", "midnight", "evening", "dark", "moonlit", "starry",
		"dusk", NULL
	};
	char *glossed = gloss(setting, GLOSS_PLACES);
	const char *s = glossed != NULL ? glossed : setting;
	int i, night = 0;

	for (i = 0; w[i] && !night; i++)
		night = text_has_word(s, w[i]);
	free(glossed);
	return night;
}

static const struct trait traits[] = {
	{ "brave", "was never afraid to try something new",
	  "took a deep breath and stepped forward" },
	{ "courageous", "faced hard things with a steady heart",
	  "stood tall and did not run away" },
	{ "curious", "always wanted to know how things worked",
	  "looked closely to learn what was going on" },
	{ "wise", "always thought carefully before speaking",
	  "paused to think about what would be best" },
	{ "kind", "always had a gentle word for everyone",
	  "offered a warm smile and a helping hand" },
	{ "clever", "could find a way around almost any problem",
	  "quickly thought of a smart idea" },
	{ "smart", "loved to solve puzzles",
	  "quickly thought of a smart idea" },
	{ "cooperative", "loved working together with friends",
	  "called everyone to work as one team" },
	{ "gentle", "moved softly and spoke softly",
	  "spoke softly so that nobody would be frightened" },
	{ "helpful", "was always ready to lend a hand",
	  "rushed over to see how to help" },
	{ "resourceful", "could make something useful out of almost "
	  "nothing", "looked around for anything that could help" },
	{ "honest", "always told the truth",
	  "said exactly what was true" },
	{ "shy", "was quiet and a little shy with new friends",
	  "peeked out carefully before speaking up" },
	{ "proud", "was very proud and liked to be admired",
	  "lifted a proud chin" },
	{ "greedy", "always wanted a little more than a fair share",
	  "eyed the treats with hungry eyes" },
	{ "lazy", "liked napping more than working",
	  "yawned and wished for a nap" },
	{ "friendly", "said hello to everyone along the way",
	  "waved and greeted everyone nearby" },
	{ "funny", "could make anyone laugh",
	  "made a silly face that made everyone giggle" },
	{ "playful", "loved games and giggles",
	  "turned even hard work into a little game" },
	{ "cheerful", "was cheerful from morning until night",
	  "hummed a happy tune to keep everyone's spirits up" },
	{ "patient", "knew that good things take time",
	  "waited calmly and did not rush" },
	{ "impatient", "always wanted everything right away",
	  "tapped a foot and wanted to hurry" },
	{ "hardworking", "worked hard from sunrise to sunset",
	  "got straight to work without a single complaint" },
	{ "generous", "loved to share with others",
	  "shared everything there was to share" },
	{ "selfish", "did not like to share",
	  "held on tightly to everything" },
	{ "careful", "checked everything twice",
	  "checked every step carefully" },
	{ "strong", "was strong enough to carry heavy things",
	  "used all of that strength to help" },
	{ "fast", "could run faster than the wind",
	  "dashed ahead as fast as possible" },
	{ "quick", "was quick on the feet",
	  "dashed ahead as fast as possible" },
	{ "slow", "moved slowly but surely",
	  "kept going slowly but surely" },
	{ "loyal", "never left a friend behind",
	  "stayed close beside every friend" },
	{ "creative", "was full of colourful ideas",
	  "imagined a brand-new way to solve it" },
	{ "stubborn", "did not like to change a plan",
	  "frowned and held on to the old plan" },
	{ "grumpy", "grumbled about almost everything",
	  "grumbled, but came along anyway" },
	{ "caring", "looked after everyone",
	  "made sure that everyone was all right" },
	{ "thoughtful", "thought about how others felt",
	  "thought about how the others were feeling" },
	{ "mischievous", "loved a good prank",
	  "grinned with a mischievous twinkle" },
	{ "timid", "was easily startled",
	  "trembled a little, but stayed" },
	{ "boastful", "liked to boast about being the best",
	  "boasted loudly about being the best" },
	{ "happy", "was happy almost all the time",
	  "smiled from ear to ear" },
	{ "determined", "never gave up",
	  "decided not to give up, no matter what" },
	{ "loving", "had a heart full of love",
	  "gave everyone a warm hug" },
	{ NULL, NULL, NULL }
};

const struct trait *
lex_trait(const char *t)
{
	int i;

	for (i = 0; traits[i].word; i++)
		if (text_has_word(t, traits[i].word) &&
		    strlen(t) <= strlen(traits[i].word) + 2)
			return &traits[i];
	return NULL;
}

static const struct theme themes[] = {
	{ { "honesty", "honest", "truth", "truthful", "lying", NULL },
	  { "The truth is always the best way, even when it is hard",
	    "I made a mistake, and I want to tell you the truth",
	    "Thank you for being honest with me" },
	  "{N} learned that telling the truth makes friendships strong and "
	  "hearts light.",
	  { "One day, {A} broke something special by accident.",
	    "At first, {A} wanted to hide what had happened.",
	    "Then {A} remembered how much {B} trusted every friend.",
	    "So {A} told {B} the whole truth, and {B} smiled." } },
	{ { "teamwork", "cooperation", "together", "team", NULL },
	  { "If we all work together, we can do this",
	    "You pull from that side, and I will pull from this side",
	    "We did it, and we did it together" },
	  "{N} learned that many hands make hard work light.",
	  { "One day, a big problem blocked the path home.",
	    "{A} tried to fix it alone, but it was far too hard.",
	    "Then {B} came to help, and the friends made a plan together.",
	    "Working as a team, they solved the problem at last." } },
	{ { "kindness", "kind", "compassion", "caring", "empathy", NULL },
	  { "Are you all right? Let me help you",
	    "A little kindness can make a big difference",
	    "Thank you, friend, you are so kind" },
	  "{N} learned that a small kindness can brighten a whole day.",
	  { "One day, {B} felt sad and lonely.",
	    "{A} noticed and stopped to ask what was wrong.",
	    "{A} listened carefully and shared a warm smile.",
	    "Soon {B} felt happy again, and the two became good "
	    "friends." } },
	{ { "friendship", "friends", "friend", "loyalty", NULL },
	  { "Friends always help each other",
	    "I am glad that you are my friend",
	    "Let us go together, side by side" },
	  "{N} learned that true friends stand by each other.",
	  { "One day, {A} and {B} had a silly argument.",
	    "For a while, each of them played alone, and it was no fun.",
	    "Then {A} said sorry, and {B} said sorry too.",
	    "They laughed and played together again." } },
	{ { "courage", "bravery", "brave", "fear", "afraid", NULL },
	  { "I am scared, but I will try anyway",
	    "Being brave does not mean you are not afraid",
	    "You can do it, I believe in you" },
	  "{N} learned that courage means trying even when you feel "
	  "afraid.",
	  { "One day, {B} needed help on the far side of a wobbly "
	    "bridge.",
	    "{A} felt afraid and wanted to turn back.",
	    "But {A} took one careful step, and then another.",
	    "At last {A} reached {B}, and they came home safely." } },
	{ { "sharing", "share", "generosity", "generous", "greed",
	  "greedy" },
	  { "There is plenty for everyone if we share",
	    "Here, you can have half of mine",
	    "Sharing makes everything taste sweeter" },
	  "{N} learned that sharing turns a little into a lot.",
	  { "One day, {A} found a basket full of sweet fruit.",
	    "{A} wanted to keep it all, but {B} was hungry too.",
	    "So {A} shared the fruit with {B} and with everyone nearby.",
	    "Together they had a happy feast." } },
	{ { "patience", "patient", "waiting", NULL },
	  { "Good things take time",
	    "Let us wait a little longer",
	    "It was worth the wait" },
	  "{N} learned that patience helps good things grow.",
	  { "One day, {A} planted a tiny seed.",
	    "Every morning {A} wanted it to grow right away.",
	    "{B} said that good things take time, so they waited.",
	    "At last a beautiful flower bloomed." } },
	{ { "perseverance", "persistence", "effort", "work", "practice",
	  "determination" },
	  { "I will keep trying until I get it right",
	    "Do not give up, you are getting closer",
	    "Practice makes progress" },
	  "{N} learned that trying again and again leads to success.",
	  { "One day, {A} wanted to climb the tallest hill.",
	    "{A} slipped and fell, again and again.",
	    "{B} cheered and said to keep trying.",
	    "At last {A} reached the top and waved with joy." } },
	{ { "gratitude", "thankful", "thanks", "grateful", NULL },
	  { "Thank you for everything you do",
	    "I am so grateful for my friends",
	    "Let us say thank you together" },
	  "{N} learned that saying thank you makes everyone feel "
	  "valued.",
	  { "One day, {B} worked hard to help everyone.",
	    "Nobody remembered to say thank you, and {B} felt tired.",
	    "{A} noticed and gathered everyone together.",
	    "They all thanked {B}, and {B} glowed with happiness." } },
	{ { "respect", "manners", "polite", "responsibility",
	  "responsible", "humility" },
	  { "Everyone deserves to be treated well",
	    "I will do my part, you can count on me",
	    "Let us listen to each other" },
	  "{N} learned that treating everyone with respect makes the "
	  "world better.",
	  { "One day, {A} was given an important job.",
	    "{A} was tempted to skip it and play instead.",
	    "{B} explained that others were counting on it.",
	    "So {A} finished the job well, and everyone was proud." } },
	{ { "forgiveness", "forgive", "sorry", "apology", NULL },
	  { "I am sorry, I did not mean to hurt you",
	    "I forgive you, friend",
	    "Let us start again" },
	  "{N} learned that forgiving others sets everyone free.",
	  { "One day, {A} accidentally knocked over the tower "
	    "{B} had built.",
	    "{B} felt upset and walked away.",
	    "{A} said sorry and offered to help build it again.",
	    "{B} forgave {A}, and they built an even taller tower." } },
	{ { NULL }, { "Let us do the right thing",
	    "We can figure this out together",
	    "I learned something important today" },
	  "{N} learned something that they would never forget.",
	  { "One day, {A} and {B} faced a difficult choice.",
	    "They talked about what was right and what was easy.",
	    "In the end they chose what was right.",
	    "Everyone was glad that they did." } }
};

const struct theme *
lex_theme(const char *theme)
{
	int i, w;

	for (i = 0; themes[i].words[0]; i++)
		for (w = 0; w < 6 && themes[i].words[w]; w++)
			if (text_has_word(theme, themes[i].words[w]))
				return &themes[i];
	return &themes[i];
}

static const struct {
	const char *name;
	const char *words[12];
	const char *line[2];
} moods[MOOD_COUNT] = {
	{ "joyful", { "happy", "joy", "celebrate", "laugh", "smile",
	  "cheer", "glad", "delight", "party", "feast", "hug", NULL },
	  { "Everyone's hearts were full of joy.",
	    "Laughter rang out all around." } },
	{ "worried", { "trap", "trapped", "cries", "cry", "help", "lost",
	  "danger", "stuck", "scared", "afraid", "worried", "problem" },
	  { "Everyone felt worried, but nobody gave up hope.",
	    "It was a worrying moment, and everyone held their breath." } },
	{ "sad", { "sad", "lonely", "tears", "alone", "upset", "sorry",
	  "miss", "broke", "broken", NULL },
	  { "For a moment, everything felt a little sad.",
	    "A quiet sadness settled over them." } },
	{ "calm", { "calm", "quiet", "peaceful", "rest", "sleep",
	  "gentle", "soft", "slowly", NULL },
	  { "Everything was calm and peaceful.",
	    "A gentle quiet settled over the place." } },
	{ "excited", { "excited", "race", "run", "ran", "hurry", "quick",
	  "quickly", "adventure", "jump", "rush", NULL },
	  { "Everyone's hearts beat fast with excitement.",
	    "What an exciting moment it was!" } },
	{ "amazed", { "magic", "magical", "wonder", "amazing", "surprise",
	  "discover", "sparkle", "sparkling", "glow", "secret", NULL },
	  { "It was a wonderful, magical sight.",
	    "Everyone gasped in wonder." } },
	{ "brave", { "brave", "bravely", "courage", "rescue", "save",
	  "free", "dared", "bold", NULL },
	  { "It took real courage, and they found it.",
	    "Bravery shone in every step they took." } },
	{ "warm", { "kind", "kindly", "share", "shared", "gift", "thank",
	  "thanks", "friend", "friends", "friendship", "together",
	  "forgive" },
	  { "Kindness filled the air like sunshine.",
	    "It felt warm to be among such good friends." } }
};

unsigned
lex_moods(const char *text)
{
	unsigned m = 0;
	int i, w;

	for (i = 0; i < MOOD_COUNT; i++)
		for (w = 0; w < 12 && moods[i].words[w]; w++)
			if (text_has_word(text, moods[i].words[w])) {
				m |= 1u << i;
				break;
			}
	return m;
}

const char *
lex_mood_name(int i)
{
	return i >= 0 && i < MOOD_COUNT ? moods[i].name : "calm";
}

const char *
lex_mood_line(unsigned mask, unsigned variant)
{
	static const int order[] = { 1, 2, 6, 0, 4, 5, 7, 3 };
	int k;

	for (k = 0; k < MOOD_COUNT; k++)
		if (mask & (1u << order[k]))
			return moods[order[k]].line[variant % 2];
	return NULL;
}

static const struct {
	const char *word;
	int body, ears;
} bodies[] = {
	{ "boy", 0, 3 }, { "girl", 0, 3 }, { "child", 0, 3 },
	{ "kid", 0, 3 }, { "human", 0, 3 }, { "person", 0, 3 },
	{ "man", 0, 3 }, { "woman", 0, 3 }, { "king", 0, 3 },
	{ "queen", 0, 3 }, { "prince", 0, 3 }, { "princess", 0, 3 },
	{ "farmer", 0, 3 }, { "teacher", 0, 3 }, { "grandmother", 0, 3 },
	{ "grandfather", 0, 3 }, { "student", 0, 3 }, { "wizard", 0, 3 },
	{ "fairy", 0, 3 }, { "hunter", 0, 3 }, { "people", 0, 3 },
	{ "lion", 1, 0 }, { "bear", 1, 0 }, { "mouse", 1, 0 },
	{ "rat", 1, 0 }, { "monkey", 1, 0 }, { "elephant", 1, 0 },
	{ "panda", 1, 0 }, { "koala", 1, 0 }, { "hippo", 1, 0 },
	{ "cat", 1, 1 }, { "kitten", 1, 1 }, { "fox", 1, 1 },
	{ "wolf", 1, 1 }, { "tiger", 1, 0 }, { "dog", 1, 1 },
	{ "puppy", 1, 1 }, { "squirrel", 1, 1 }, { "deer", 1, 1 },
	{ "horse", 1, 1 }, { "goat", 1, 1 }, { "cow", 1, 0 },
	{ "pig", 1, 1 }, { "sheep", 1, 0 }, { "lamb", 1, 0 },
	{ "rabbit", 1, 2 }, { "bunny", 1, 2 }, { "hare", 1, 2 },
	{ "donkey", 1, 2 }, { "turtle", 1, 3 }, { "tortoise", 1, 3 },
	{ "frog", 1, 3 }, { "hedgehog", 1, 0 }, { "animal", 8, 0 },
	{ "bird", 2, 3 }, { "sparrow", 2, 3 }, { "dove", 2, 3 },
	{ "owl", 2, 3 }, { "crow", 2, 3 }, { "parrot", 2, 3 },
	{ "eagle", 2, 3 }, { "duck", 2, 3 }, { "hen", 2, 3 },
	{ "chicken", 2, 3 }, { "penguin", 2, 3 }, { "peacock", 2, 3 },
	{ "swan", 2, 3 }, { "goose", 2, 3 }, { "fish", 3, 3 },
	{ "whale", 3, 3 }, { "dolphin", 3, 3 }, { "shark", 3, 3 },
	{ "ant", 4, 3 }, { "bee", 4, 3 }, { "butterfly", 4, 3 },
	{ "ladybug", 4, 3 }, { "caterpillar", 4, 3 }, { "spider", 4, 3 },
	{ "robot", 5, 3 }, { "machine", 5, 3 }, { "tree", 6, 3 },
	{ "flower", 6, 3 }, { "plant", 6, 3 }, { "dragon", 7, 1 },
	{ "monster", 7, 1 }, { "dinosaur", 7, 3 }, { "unicorn", 7, 2 },
	{ NULL, 8, 0 }
};

static int
body_entry(const char *type)
{
	char *glossed = gloss(type, GLOSS_BEINGS);
	const char *s = glossed != NULL ? glossed : type;
	int i;

	for (i = 0; bodies[i].word; i++)
		if (text_has_word(s, bodies[i].word))
			break;
	free(glossed);
	return i;
}

int
lex_body(const char *type)
{
	return bodies[body_entry(type)].body;
}

int
lex_ears(const char *type)
{
	return bodies[body_entry(type)].ears;
}
