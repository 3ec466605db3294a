#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/text.h"
#include "core/util.h"
#include "offline/lexicon.h"
#include "offline/species.h"
#include "services/llm.h"
#include "story/design.h"
#include "story/textgen.h"

#define MAX_LOOK 600
#define MAX_PROMPT 1500

static const struct {
	const char *name;
	uint32_t rgb;
} colours[] = {
	{ "amber orange", 0xf28c28 }, { "sky blue", 0x4fa3e0 },
	{ "leaf green", 0x5dbb63 }, { "plum purple", 0x8e5cc2 },
	{ "cherry red", 0xd94a4a }, { "sunflower yellow", 0xf2c230 },
	{ "teal", 0x2ba8a0 }, { "rose pink", 0xe86fa8 },
	{ "chestnut brown", 0x9a6240 }, { "silver grey", 0x9aa5b1 },
	{ "coral", 0xff7f61 }, { "navy blue", 0x34508c },
	{ "snow white", 0xf2f2ee }, { "golden", 0xe0a526 },
};
#define NCOLOURS (sizeof colours / sizeof colours[0])

/* True when colours a and b (0xRRGGBB) are hard to tell apart. */
static int
alike(uint32_t a, uint32_t b)
{
	int d = 0, k;

	for (k = 0; k < 24; k += 8) {
		int x = (int)((a >> k) & 0xff) - (int)((b >> k) & 0xff);

		d += x < 0 ? -x : x;
	}
	return d < 150;
}

static const uint32_t skins[] = {
	0xf5d0b5, 0xe8b48f, 0xc98d62, 0x9a643f, 0x6b4429
};

static const char *const bodies[] = {
	"person", "four-legged animal", "bird", "fish", "bug", "robot",
	"plant", "creature", "round critter"
};

static const char *const accessories[] = { "none", "scarf", "hat", "bow" };

static void
hex(char out[8], uint32_t c)
{
	snprintf(out, 8, "#%06x", c & 0xffffff);
}

static uint32_t
unhex(const char *s, uint32_t dflt)
{
	char *end;
	unsigned long v;

	if (s[0] != '#' || strlen(s) != 7)
		return dflt;
	v = strtoul(s + 1, &end, 16);
	return *end == '\0' ? (uint32_t)v : dflt;
}

static int
index_of(const char *const *v, int n, const char *s)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return i;
	return -1;
}

/* The look of a character: the words every prompt repeats about it. */
static char *
look_of(const char *name, const char *type, jv trv, const char *style,
    int kind, int col, int acc)
{
	struct buf b = { 0 };
	double size = species_size(kind);

	buf_addf(&b, "%s, %s %s", name, text_article(type), type);
	if (jv_get_kind(trv) == JV_KIND_ARRAY &&
	    jv_array_length(jv_copy(trv)) > 0) {
		buf_add(&b, " who is ");
		jv_array_foreach(trv, t, x) {
			int n = jv_array_length(jv_copy(trv));

			if (t > 0)
				buf_add(&b, t == n - 1 ? " and " : ", ");
			buf_add(&b, json_str(x));
			jv_free(x);
		}
	}
	if (species_is_person(kind))
		buf_addf(&b, ": drawn in %s style as %s, dressed in %s",
		    style, species_look(kind), colours[col].name);
	else
		buf_addf(&b, ": drawn in %s style as a %s %s %s, %s",
		    style, size < 0.7 ? "small" : size > 1.0 ? "big" :
		    "medium-sized", species_colour_name(kind),
		    species_name(kind), species_look(kind));
	if (acc > 0)
		buf_addf(&b, ", always wearing %s %s %s",
		    text_article(colours[col].name), colours[col].name,
		    accessories[acc]);
	buf_add(&b, "; the same colours and shape in every scene");
	return buf_take(&b);
}

jv
design_characters(jv ctx, jv prefs)
{
	jv chars = jv_object_get(jv_copy(ctx), jv_string("characters"));
	jv style = jv_object_get(jv_copy(prefs), jv_string("art_style"));
	jv out = jv_array();
	int used[NCOLOURS] = { 0 };

	jv_array_foreach(chars, i, c) {
		jv nv = jv_object_get(jv_copy(c), jv_string("name"));
		jv tv = jv_object_get(jv_copy(c), jv_string("type"));
		jv trv = jv_object_get(jv_copy(c), jv_string("traits"));
		const char *name = json_str(nv), *type = json_str(tv);
		uint64_t h = hash64(name, strlen(name), 0);
		int body = lex_body(type), k, col = -1, acc, near;
		int kind = species_find(type, &near);
		double size = species_size(kind);
		char c1[8], c2[8], c3[8];
		char *look;
		uint32_t skin = skins[h % 5];
		size_t j;

		/* Each character gets a colour nobody else has, for its
		 * clothes or accessory, one that stands out on its fur. */
		for (k = 0; k < 2 && col < 0; k++)
			for (j = 0; j < NCOLOURS; j++) {
				size_t t = ((size_t)i * 5 + j) % NCOLOURS;

				if (!used[t] && (k == 1 ||
				    species_is_person(kind) ||
				    !alike(colours[t].rgb,
				    species_colour(kind)))) {
					col = (int)t;
					break;
				}
			}
		if (col < 0)
			col = (int)(h % NCOLOURS);
		used[col] = 1;
		/* The character's own colour shows on its clothes or on
		 * its accessory: every animal wears one. */
		acc = body == 3 || body == 5 || body == 6 ? 0 :
		    1 + (int)((h >> 8) % 3);
		hex(c1, colours[col].rgb);
		hex(c2, colours[(col + 6) % NCOLOURS].rgb);
		hex(c3, skin);
		look = look_of(name, type, trv, json_str(style), kind, col,
		    acc);
		c = jv_object_set(c, jv_string("look"), jv_string(look));
		c = jv_object_set(c, jv_string("palette"), JV_OBJECT(
		    jv_string("color"), jv_string(c1),
		    jv_string("accent"), jv_string(c2),
		    jv_string("skin"), jv_string(c3)));
		c = jv_object_set(c, jv_string("body"),
		    jv_string(bodies[body]));
		c = jv_object_set(c, jv_string("kind"),
		    jv_string(species_name(kind)));
		if (near) {
			char *note = xasprintf("character '%s': no drawing "
			    "of '%s': drawn as the nearest kind, %s %s", name,
			    type, text_article(species_name(kind)),
			    species_name(kind));

			c = jv_object_set(c, jv_string("kind_note"),
			    jv_string(note));
			free(note);
		}
		c = jv_object_set(c, jv_string("accessory"),
		    jv_string(accessories[acc]));
		c = jv_object_set(c, jv_string("size"), jv_number(size));
		out = jv_array_append(out, c);
		free(look);
		jv_free(nv);
		jv_free(tv);
		jv_free(trv);
	}
	jv_free(chars);
	jv_free(style);
	return out;
}

jv
design_prompt(jv seg, jv chars, jv prefs)
{
	jv style = jv_object_get(jv_copy(prefs), jv_string("art_style"));
	jv desc = jv_object_get(jv_copy(seg), jv_string("description"));
	jv bg = jv_object_get(jv_copy(seg), jv_string("background"));
	jv set = jv_object_get(jv_copy(seg), jv_string("setting"));
	jv names = jv_object_get(jv_copy(seg), jv_string("characters"));
	jv emo = jv_object_get(jv_copy(seg), jv_string("emotions"));
	struct buf b = { 0 };
	char *s;
	jv out;

	buf_addf(&b, "A %s illustration for a children's story. Setting: %s "
	    "(%s). Scene: %s%s", json_str(style), json_str(set), json_str(bg),
	    json_str(desc), text_ends_sentence(json_str(desc)) ? "" : ".");
	if (jv_get_kind(names) == JV_KIND_ARRAY)
		jv_array_foreach(chars, i, c) {
			jv n = jv_object_get(jv_copy(c), jv_string("name"));
			jv l = jv_object_get(c, jv_string("look"));
			int in = 0;

			(void)i;
			jv_array_foreach(names, k, x) {
				(void)k;
				in |= jv_equal(x, jv_copy(n));
			}
			if (in)
				buf_addf(&b, " %s.", json_str(l));
			jv_free(n);
			jv_free(l);
		}
	if (jv_get_kind(emo) == JV_KIND_ARRAY) {
		buf_add(&b, " Mood:");
		jv_array_foreach(emo, i, x) {
			buf_addf(&b, "%s %s", i ? "," : "", json_str(x));
			jv_free(x);
		}
		buf_add(&b, ".");
	}
	buf_add(&b, " Warm, gentle, safe for young children; no text in the "
	    "picture.");
	s = buf_take(&b);
	out = jv_string(s);
	free(s);
	jv_free(style);
	jv_free(desc);
	jv_free(bg);
	jv_free(set);
	jv_free(names);
	jv_free(emo);
	return out;
}

jv
design_request(jv seg, jv chars, jv prefs, int width, int height,
    const char *provider)
{
	jv names = jv_object_get(jv_copy(seg), jv_string("characters"));
	jv narr = jv_object_get(jv_copy(seg), jv_string("narration"));
	jv set = jv_object_get(jv_copy(seg), jv_string("setting"));
	jv figs = jv_array(), moods = jv_array(), req, prompt, sub;
	int no = (int)json_num(jv_object_get(jv_copy(seg), jv_string("scene")),
	    0);
	unsigned m = lex_moods(json_str(narr));
	char seed[17], *cap;
	int i, take;
	jv tk;

	jv_array_foreach(chars, k, c) {
		jv nm = jv_object_get(jv_copy(c), jv_string("name"));
		int in = 0;

		(void)k;
		if (jv_get_kind(names) == JV_KIND_ARRAY)
			jv_array_foreach(names, j, x) {
				(void)j;
				in |= jv_equal(x, jv_copy(nm));
			}
		if (in)
			figs = jv_array_append(figs, JV_OBJECT(
			    jv_string("name"), nm,
			    jv_string("type"), jv_object_get(jv_copy(c),
			    jv_string("type")),
			    jv_string("kind"), jv_object_get(jv_copy(c),
			    jv_string("kind")),
			    jv_string("body"), jv_object_get(jv_copy(c),
			    jv_string("body")),
			    jv_string("palette"), jv_object_get(jv_copy(c),
			    jv_string("palette")),
			    jv_string("accessory"), jv_object_get(jv_copy(c),
			    jv_string("accessory")),
			    jv_string("size"), jv_object_get(jv_copy(c),
			    jv_string("size"))));
		else
			jv_free(nm);
		jv_free(c);
	}
	/* The segment's emotions, as its prompt says them. */
	jv_free(moods);
	moods = jv_object_get(jv_copy(seg), jv_string("emotions"));
	if (jv_get_kind(moods) != JV_KIND_ARRAY) {
		jv_free(moods);
		moods = jv_array();
		for (i = 0; i < MOOD_COUNT; i++)
			if (m & (1u << i))
				moods = jv_array_append(moods,
				    jv_string(lex_mood_name(i)));
	}
	/* The seed follows what the picture shows (its prompt), not every
	 * word spoken over it: a word changed later in the narration keeps
	 * the picture, and the video segments that show it. */
	prompt = design_prompt(seg, chars, prefs);
	/* Take 2 on (seg's "take", a redo) draws it with another seed. */
	tk = jv_object_get(jv_copy(seg), jv_string("take"));
	take = (int)json_num(tk, 1);
	snprintf(seed, sizeof seed, "%016llx", (unsigned long long)hash64(
	    json_str(prompt), strlen(json_str(prompt)), (uint64_t)no +
	    (take > 1 ? (uint64_t)take * 0x9e3779b97f4a7c15ULL : 0)));
	cap = text_first_sentence(json_str(narr));
	req = JV_OBJECT(jv_string("scene"), jv_number(no),
	    jv_string("width"), jv_number(width),
	    jv_string("height"), jv_number(height),
	    jv_string("provider"), jv_string(provider),
	    jv_string("model"), jv_null(),
	    jv_string("prompt"), prompt,
	    jv_string("setting"), jv_copy(set),
	    jv_string("mood"), moods);
	req = jv_object_set(req, jv_string("seed"), jv_string(seed));
	/* Burned subtitles show the words already: no banner unless the
	 * preferences say that they are left out. */
	sub = jv_object_get(jv_copy(prefs), jv_string("subtitles"));
	req = jv_object_set(req, jv_string("banner"),
	    jv_bool(jv_get_kind(sub) == JV_KIND_FALSE));
	/* The caption only where it is drawn: new words under burned
	 * subtitles (an edit, a take of the words) keep the picture. */
	if (jv_get_kind(sub) == JV_KIND_FALSE)
		req = jv_object_set(req, jv_string("caption"), jv_string(cap));
	jv_free(sub);
	req = jv_object_set(req, jv_string("figures"), figs);
	if (take > 1)
		req = jv_object_set(req, jv_string("take"), jv_number(take));
	free(cap);
	jv_free(names);
	jv_free(narr);
	jv_free(set);
	return req;
}

/* The kind a figure names, else the one its type resolves to. */
static int
kind_of(const char *kind, const char *type)
{
	int k, near;

	for (k = 0; k < species_count(); k++)
		if (strcmp(kind, species_name(k)) == 0)
			return k;
	return species_find(type, &near);
}

static int
surprised(const char *s)
{
	static const char *const w[] = {
		"surprised", "surprise", "astonished", "amazed", "shocked",
		"startled", "gasped", "gasp", "wow", NULL
	};
	int i;

	for (i = 0; w[i]; i++)
		if (text_has_word(s, w[i]))
			return 1;
	return 0;
}

/* The face and pose for a scene's moods: sadness first, then worry,
 * surprise, joy and calm; none of them, a plain friendly face. */
static int
expression(unsigned mood, int surprise)
{
	if (mood & MOOD_SADNESS)
		return EXPR_SAD;
	if (mood & MOOD_WORRY)
		return EXPR_WORRIED;
	if (surprise)
		return EXPR_SURPRISED;
	if (mood & (MOOD_JOY | MOOD_EXCITEMENT | MOOD_KINDNESS))
		return EXPR_HAPPY;
	if (mood & MOOD_CALM)
		return EXPR_CALM;
	return EXPR_PLAIN;
}

int
design_render(jv req, const char *path, char **err)
{
	jv figs = jv_object_get(jv_copy(req), jv_string("figures"));
	jv set = jv_object_get(jv_copy(req), jv_string("setting"));
	jv cap = jv_object_get(jv_copy(req), jv_string("caption"));
	jv seed = jv_object_get(jv_copy(req), jv_string("seed"));
	jv moods = jv_object_get(jv_copy(req), jv_string("mood"));
	jv banner = jv_object_get(jv_copy(req), jv_string("banner"));
	jv sheet = jv_object_get(jv_copy(req), jv_string("sheet"));
	jv keep = jv_array();
	struct figure f[12];
	struct picture p;
	int n = 0, i, rc, surprise = 0;

	memset(&p, 0, sizeof p);
	if (jv_get_kind(figs) == JV_KIND_ARRAY)
		jv_array_foreach(figs, k, c) {
			jv nm = jv_object_get(jv_copy(c), jv_string("name"));
			jv pal = jv_object_get(jv_copy(c), jv_string("palette"));
			jv col, acc, sk, kd, as, tp;

			(void)k;
			if (n == 12 || jv_get_kind(pal) != JV_KIND_OBJECT) {
				jv_free(nm);
				jv_free(pal);
				jv_free(c);
				continue;
			}
			col = jv_object_get(jv_copy(pal), jv_string("color"));
			acc = jv_object_get(jv_copy(pal), jv_string("accent"));
			sk = jv_object_get(pal, jv_string("skin"));
			kd = jv_object_get(jv_copy(c), jv_string("kind"));
			as = jv_object_get(jv_copy(c), jv_string("accessory"));
			tp = jv_object_get(jv_copy(c), jv_string("type"));
			f[n].name = json_str(nm);
			f[n].color = unhex(json_str(col), 0xf28c28);
			f[n].accent = unhex(json_str(acc), 0x2ba8a0);
			f[n].skin = unhex(json_str(sk), 0xe8b48f);
			f[n].kind = kind_of(json_str(kd), json_str(tp));
			f[n].accessory = index_of(accessories, 4, json_str(as));
			if (f[n].accessory < 0)
				f[n].accessory = 0;
			f[n].size = json_num(jv_object_get(jv_copy(c),
			    jv_string("size")), 1.0);
			if (f[n].size < 0.4 || f[n].size > 1.6)
				f[n].size = 1.0;
			n++;
			/* The name string lives on in keep. */
			keep = jv_array_append(keep, nm);
			jv_free(col);
			jv_free(acc);
			jv_free(sk);
			jv_free(kd);
			jv_free(as);
			jv_free(tp);
			jv_free(c);
		}
	p.width = (int)json_num(jv_object_get(jv_copy(req), jv_string("width")),
	    1920);
	p.height = (int)json_num(jv_object_get(jv_copy(req),
	    jv_string("height")), 1080);
	p.setting = json_str(set);
	if (jv_get_kind(moods) == JV_KIND_ARRAY)
		jv_array_foreach(moods, k, x) {
			(void)k;
			for (i = 0; i < MOOD_COUNT; i++)
				if (strcmp(json_str(x), lex_mood_name(i)) == 0)
					p.mood |= 1u << i;
			p.mood |= lex_moods(json_str(x));
			surprise |= surprised(json_str(x));
			jv_free(x);
		}
	p.expr = expression(p.mood, surprise);
	p.sheet = jv_get_kind(sheet) == JV_KIND_TRUE;
	if (p.sheet)
		p.expr = EXPR_PLAIN;
	p.scene = (int)json_num(jv_object_get(jv_copy(req), jv_string("scene")),
	    0);
	p.seed = strtoull(json_str(seed), NULL, 16);
	p.figs = f;
	p.nfigs = n;
	/* A request without "banner" (one made before it existed) has one,
	 * as it had then. */
	p.caption = jv_get_kind(cap) == JV_KIND_STRING && jv_get_kind(banner)
	    != JV_KIND_FALSE ? json_str(cap) : NULL;
	rc = illustrate_scene(&p, path, err);
	jv_free(keep);
	jv_free(figs);
	jv_free(set);
	jv_free(cap);
	jv_free(seed);
	jv_free(moods);
	jv_free(banner);
	jv_free(sheet);
	return rc;
}

/* ---------------------------------------------------------------- */
/* The model's half of design (textgen_design). */

struct design_arg {
	jv chars, segs;
	const struct safety *s;
};

/* The model's entry of arr (borrowed) whose key is want, or invalid. */
static jv
by_key(jv arr, const char *key, jv want)
{
	jv found = jv_invalid();

	if (jv_get_kind(arr) == JV_KIND_ARRAY)
		jv_array_foreach(arr, i, x) {
			jv k = textgen_get(x, key);
			int same = jv_equal(k, jv_copy(want));

			(void)i;
			if (same && !jv_is_valid(found))
				found = jv_copy(x);
			jv_free(x);
		}
	jv_free(want);
	return found;
}

static int
design_check(jv obj, void *arg, char **why)
{
	const struct design_arg *a = arg;
	jv mc = textgen_get(obj, "characters"), ms = textgen_get(obj, "scenes");
	int nseg = jv_array_length(jv_copy(a->segs)), i;
	char *where;

	*why = NULL;
	jv_array_foreach(a->chars, k, ch) {
		jv nm = textgen_get(ch, "name");
		jv e = by_key(mc, "name", jv_copy(nm));
		char *look = textgen_str(e, "look");

		(void)k;
		if (*why == NULL && (look == NULL || strlen(look) > MAX_LOOK))
			*why = xasprintf("characters: expected an entry for "
			    "\"%s\" (the name exactly as given) with a look of "
			    "1 to %d bytes", json_str(nm), MAX_LOOK);
		if (*why == NULL) {
			where = xasprintf("the look of %s", json_str(nm));
			*why = textgen_blocked(a->s, look, where);
			free(where);
		}
		free(look);
		jv_free(e);
		jv_free(nm);
		jv_free(ch);
	}
	if (*why == NULL && (jv_get_kind(ms) != JV_KIND_ARRAY ||
	    jv_array_length(jv_copy(ms)) != nseg))
		*why = xasprintf("scenes: expected %d entries, one for each "
		    "scene, in order", nseg);
	for (i = 0; *why == NULL && i < nseg; i++) {
		jv e = jv_array_get(jv_copy(ms), i);
		char *p = textgen_str(e, "prompt");

		if (p == NULL || strlen(p) > MAX_PROMPT)
			*why = xasprintf("scenes[%d].prompt: expected a string "
			    "of 1 to %d bytes", i, MAX_PROMPT);
		else {
			where = xasprintf("scene %d's prompt", i + 1);
			*why = textgen_blocked(a->s, p, where);
			free(where);
		}
		free(p);
		jv_free(e);
	}
	jv_free(mc);
	jv_free(ms);
	jv_free(obj);
	return *why == NULL ? 0 : -1;
}

static const char design_system[] =
    "You are the character designer and art director of a short animated "
    "video for children, drawn in a %s style. Each picture is made "
    "separately by an image model that has never seen the others, so "
    "every character must be described the same way every time, with "
    "concrete visual details.\n\n"
    "Return this JSON object:\n"
    "{\"characters\": [{\"name\": \"...\", \"look\": \"...\"}], "
    "\"scenes\": [{\"scene\": 1, \"prompt\": \"...\"}]}\n\n"
    "- characters: one entry for each character given, in the same "
    "order, with the name exactly as given. look: one or two sentences, "
    "at most 60 words, that fix how the character looks in every "
    "picture: what it is, age and size, body shape, the colours of its "
    "fur, skin, hair or feathers, its eyes, its clothes or accessories "
    "and one feature that makes it easy to recognise. It must fit the "
    "character's type and traits. Begin with the name, as in \"Ruby is "
    "a small red fox with a white-tipped bushy tail, amber eyes and a "
    "green scarf.\"\n"
    "- scenes: one entry for each scene given, with its number, in "
    "order. prompt: the picture for that scene in one to three "
    "sentences, at most 80 words: who is where (in front, behind), doing "
    "what, with which expressions, and the place, time of day and light. "
    "Name the characters in it but do not repeat their looks: they are "
    "added to every prompt for you. No words, letters or speech bubbles "
    "in the picture.\n%s%s\n\n%s%s";

/* The final prompt of a scene: frame, picture, looks of those in it. */
static char *
scene_prompt(jv seg, jv chars, jv prefs, const char *picture)
{
	jv style = textgen_get(prefs, "art_style"), names = textgen_get(seg,
	    "characters");
	struct buf b = { 0 };

	buf_addf(&b, "A %s illustration for a children's story. %s%s",
	    json_str(style), picture, text_ends_sentence(picture) ? "" : ".");
	jv_array_foreach(chars, i, c) {
		jv n = textgen_get(c, "name"), l = textgen_get(c, "look");
		int in = 0;

		(void)i;
		if (jv_get_kind(names) == JV_KIND_ARRAY)
			jv_array_foreach(names, k, x) {
				(void)k;
				in |= jv_equal(x, jv_copy(n));
			}
		if (in)
			buf_addf(&b, " %s%s", json_str(l),
			    text_ends_sentence(json_str(l)) ? "" : ".");
		jv_free(n);
		jv_free(l);
		jv_free(c);
	}
	buf_add(&b, " Warm, gentle, safe for young children; no text in the "
	    "picture.");
	jv_free(style);
	jv_free(names);
	return buf_take(&b);
}

int
textgen_design(const struct conf *c, jv ctx, jv prefs, jv segs, jv chars,
    const struct safety *s, jv *out, struct llm_usage *u, char **err)
{
	jv style = textgen_get(prefs, "art_style"), pal = textgen_get(prefs,
	    "color_palette");
	jv cast = jv_array(), scenes = jv_array(), reply, mc, ms;
	jv newchars = jv_array(), prompts = jv_array();
	struct design_arg a = { chars, segs, s };
	char *sys, *user, *cj, *sj, *palette, *tag = textgen_tag(prefs), *lr;
	int rc;

	jv_array_foreach(chars, i, ch) {
		(void)i;
		cast = jv_array_append(cast, JV_OBJECT(
		    jv_string("name"), textgen_get(ch, "name"),
		    jv_string("type"), textgen_get(ch, "type"),
		    jv_string("traits"), textgen_get(ch, "traits")));
		jv_free(ch);
	}
	jv_array_foreach(segs, i, sg) {
		scenes = jv_array_append(scenes, JV_OBJECT(
		    jv_string("scene"), jv_number(json_num(textgen_get(sg,
		    "scene"),
		    i + 1)),
		    jv_string("narration"), textgen_get(sg, "narration"),
		    jv_string("characters"), textgen_get(sg, "characters"),
		    jv_string("setting"), textgen_get(sg, "setting")));
		jv_free(sg);
	}
	palette = jv_get_kind(pal) == JV_KIND_STRING ? xasprintf("- Colours: "
	    "keep every picture in this palette: %s.\n", json_str(pal)) :
	    xstrdup("");
	/* Image models read English: only the names stay as given. */
	lr = textgen_language_rule(tag,
	    "the story is told in %s, but the image model "
	    "reads English: write every look and prompt in English all the "
	    "same, with the characters' names exactly as given.");
	sys = xasprintf(design_system, json_str(style), palette,
	    "- The pictures are for children: friendly, appealing faces; "
	    "nothing scary, violent or unsafe.", lr, textgen_json_only);
	free(lr);
	free(tag);
	cj = textgen_dump(cast);
	sj = textgen_dump(scenes);
	{
		jv setting = textgen_get(ctx, "setting");

		user = xasprintf("mv step: design\n\nThe story's setting: "
		    "%s\n\nThe characters:\n```json\n%s\n```\n\n"
		    "The scenes:\n```json\n%s\n```\n\nReturn the JSON object "
		    "with the characters' looks and the scenes' prompts.",
		    json_str(setting), cj, sj);
		jv_free(setting);
	}
	rc = llm_chat_json(c, "DESIGN", sys, user, design_check, &a, 0, &reply,
	    u, err);
	free(sys);
	free(user);
	free(cj);
	free(sj);
	free(palette);
	jv_free(cast);
	jv_free(scenes);
	jv_free(style);
	jv_free(pal);
	if (rc < 0) {
		jv_free(newchars);
		jv_free(prompts);
		return -1;
	}
	mc = textgen_get(reply, "characters");
	ms = textgen_get(reply, "scenes");
	jv_array_foreach(chars, i, ch) {
		jv e = by_key(mc, "name", textgen_get(ch, "name"));
		char *look = textgen_str(e, "look");

		(void)i;
		ch = jv_object_set(ch, jv_string("look"), jv_string(look));
		newchars = jv_array_append(newchars, ch);
		free(look);
		jv_free(e);
	}
	jv_array_foreach(segs, i, sg) {
		jv e = jv_array_get(jv_copy(ms), i);
		char *pic = textgen_str(e, "prompt");
		char *p = scene_prompt(sg, newchars, prefs, pic);

		prompts = jv_array_append(prompts, jv_string(p));
		free(p);
		free(pic);
		jv_free(e);
		jv_free(sg);
	}
	jv_free(mc);
	jv_free(ms);
	jv_free(reply);
	*out = JV_OBJECT(jv_string("characters"), newchars,
	    jv_string("prompts"), prompts);
	return 0;
}
