#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/text.h"
#include "core/util.h"
#include "offline/species.h"
#include "story/referent.h"

#define MAXC 32

struct cast {
	int n;
	const char *name[MAXC];
	int kind[MAXC], gender[MAXC], unique[MAXC];
};

static const char *const she_words[] = { "she", "her", "hers", "herself",
	NULL };
static const char *const he_words[] = { "he", "him", "his", "himself",
	NULL };
static const char *const they_words[] = { "they", "them", "their",
	"theirs", "themselves", NULL };

static int
has_any(const char *s, const char *const *w)
{
	int i;

	for (i = 0; w[i]; i++)
		if (text_has_word(s, w[i]))
			return 1;
	return 0;
}

/* Who sentence s mentions: 1 by name, 2 by a kind only they have. */
static void
mentions(const struct cast *c, const char *s, int *in)
{
	int i;

	for (i = 0; i < c->n; i++)
		in[i] = text_count_name(s, c->name[i]) > 0 ? 1 :
		    c->unique[i] && text_has_word(s, species_name(c->kind[i])) ?
		    2 : 0;
}

/* The last sentence's "she" (g = 1) or "he" (g = -1): a character, -1
 * for none, -2 when two were mentioned together. */
static void
remember(const struct cast *c, const int *in, int *last, int *group,
    int *ngroup)
{
	int i, n = 0, g;

	for (g = 0; g < 2; g++) {
		int who = -1, k = 0;

		for (i = 0; i < c->n; i++)
			if (in[i] && c->gender[i] == (g ? -1 : 1))
				who = i, k++;
		if (k == 1)
			last[g] = who;
		else if (k > 1)
			last[g] = -2;
	}
	for (i = 0; i < c->n; i++)
		n += in[i] != 0;
	if (n >= 2) {
		memcpy(group, in, (size_t)c->n * sizeof *in);
		*ngroup = n;
	}
}

/* Adds to in the characters that s refers to by a pronoun. */
static void
resolve(const struct cast *c, const char *s, const int *last,
    const int *group, int ngroup, int *in)
{
	const char *const *w[2] = { she_words, he_words };
	int g, i, own;

	for (g = 0; g < 2; g++) {
		if (!has_any(s, w[g]) || last[g] < 0)
			continue;
		for (own = 0, i = 0; i < c->n; i++)
			own |= in[i] == 1 && c->gender[i] == (g ? -1 : 1);
		if (!own)
			in[last[g]] = 1;
	}
	if (ngroup >= 2 && has_any(s, they_words))
		for (i = 0; i < c->n; i++)
			in[i] |= group[i] != 0;
}

static void
cast_of(struct cast *c, jv chars)
{
	int i, j, near;

	c->n = 0;
	if (jv_get_kind(chars) != JV_KIND_ARRAY)
		return;
	jv_array_foreach(chars, k, ch) {
		jv n = jv_object_get(jv_copy(ch), jv_string("name"));
		jv t = jv_object_get(ch, jv_string("type"));

		(void)k;
		if (c->n < MAXC && jv_get_kind(n) == JV_KIND_STRING) {
			c->name[c->n] = xstrdup(json_str(n));
			c->kind[c->n] = species_find(json_str(t), &near);
			c->gender[c->n] = species_gender(json_str(t));
			c->n++;
		}
		jv_free(n);
		jv_free(t);
	}
	for (i = 0; i < c->n; i++) {
		c->unique[i] = 1;
		for (j = 0; j < c->n; j++)
			if (j != i && c->kind[j] == c->kind[i])
				c->unique[i] = 0;
	}
}

jv
referent_scene(jv scene, jv ctx, const char *story, size_t start,
    size_t end)
{
	jv chars = jv_object_get(jv_copy(ctx), jv_string("characters"));
	jv names = jv_array();
	struct span *sp;
	struct cast c;
	int last[2] = { -1, -1 }, group[MAXC], ngroup = 0, in[MAXC];
	int seen[MAXC] = { 0 };
	size_t ns, i;
	int k;

	cast_of(&c, chars);
	ns = text_sentences(story, &sp);
	for (i = 0; i < ns && sp[i].off < end; i++) {
		char *s = xasprintf("%.*s", (int)sp[i].len, story + sp[i].off);

		mentions(&c, s, in);
		if (sp[i].off >= start) {
			resolve(&c, s, last, group, ngroup, in);
			for (k = 0; k < c.n; k++)
				seen[k] |= in[k] != 0;
		}
		remember(&c, in, last, group, &ngroup);
		free(s);
	}
	/* Keep the names the scene had, add the ones found, in cast order. */
	{
		jv had = jv_object_get(jv_copy(scene), jv_string("characters"));

		for (k = 0; k < c.n; k++) {
			int was = 0;

			if (jv_get_kind(had) == JV_KIND_ARRAY)
				jv_array_foreach(had, j, x) {
					(void)j;
					was |= strcmp(json_str(x), c.name[k]) == 0;
					jv_free(x);
				}
			if (was || seen[k])
				names = jv_array_append(names,
				    jv_string(c.name[k]));
		}
		jv_free(had);
	}
	scene = jv_object_set(scene, jv_string("characters"), names);
	for (k = 0; k < c.n; k++)
		free((char *)c.name[k]);
	free(sp);
	jv_free(chars);
	return scene;
}
