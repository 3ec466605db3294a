#include <cairo.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/atomic.h"
#include "core/calls.h"
#include "core/child.h"
#include "core/http.h"
#include "core/json.h"
#include "core/util.h"
#include "media/media.h"
#include "services/image.h"

/* What a picture for children must not show, for a1111. */
#define NEGATIVE "text, words, letters, watermark, signature, logo, " \
	"blurry, lowres, jpeg artifacts, deformed, extra limbs, scary, " \
	"violent, gore"

/* OpenRouter's aspect ratios (Gemini's). */
static const struct {
	const char *name;
	int w, h;
} aspects[] = {
	{ "1:1", 1, 1 }, { "2:3", 2, 3 }, { "3:2", 3, 2 }, { "3:4", 3, 4 },
	{ "4:3", 4, 3 }, { "4:5", 4, 5 }, { "5:4", 5, 4 }, { "9:16", 9, 16 },
	{ "16:9", 16, 9 }, { "21:9", 21, 9 },
};

static int
is_openai(const struct conf *c)
{
	return strcmp(c->provider, "openai") == 0;
}

static int
is_a1111(const struct conf *c)
{
	return strcmp(c->provider, "a1111") == 0;
}

static int
dalle(const struct conf *c)
{
	return c->model != NULL && strncmp(c->model, "dall-e", 6) == 0;
}

/* name's value as a number from lo to hi, dflt when unset or empty. */
static int
env_number(const char *name, double lo, double hi, double dflt, int whole,
    double *out, char **err)
{
	const char *v = getenv(name);
	char *end;
	double d;

	if (v == NULL || *v == '\0') {
		*out = dflt;
		return 0;
	}
	d = strtod(v, &end);
	if (end == v || *end != '\0' || !isfinite(d) || d < lo || d > hi ||
	    (whole && d != floor(d))) {
		*err = xasprintf("%s: expected a%s number from %g to %g", name,
		    whole ? " whole" : "", lo, hi);
		return -1;
	}
	*out = d;
	return 0;
}

/* "WxH" with sides of 64 to 4096 into *w, *h. */
static int
parse_size(const char *s, int *w, int *h)
{
	int n = 0;

	return sscanf(s, "%dx%d%n", w, h, &n) == 2 && s[n] == '\0' &&
	    *w >= 64 && *h >= 64 && *w <= 4096 && *h <= 4096 ? 0 : -1;
}

/* The supported aspect ratio nearest to w:h. */
static const char *
aspect_of(int w, int h)
{
	double want = log((double)w / h), best = 1e9, d;
	size_t i, k = 0;

	for (i = 0; i < sizeof aspects / sizeof aspects[0]; i++) {
		d = fabs(log((double)aspects[i].w / aspects[i].h) - want);
		if (d < best) {
			best = d;
			k = i;
		}
	}
	return aspects[k].name;
}

/*
 * The size to ask for: MV_IMAGE_SIZE, else what the service makes nearest
 * to the video's w x h. For openrouter an aspect ratio.
 */
static jv
size_for(const struct conf *c, int w, int h)
{
	int sw, sh;
	size_t i;

	if (strcmp(c->provider, "openrouter") == 0) {
		if (c->size == NULL)
			return jv_string(aspect_of(w, h));
		for (i = 0; i < sizeof aspects / sizeof aspects[0]; i++)
			if (strcmp(c->size, aspects[i].name) == 0)
				return jv_string(c->size);
		if (parse_size(c->size, &sw, &sh) == 0)
			return jv_string(aspect_of(sw, sh));
		return jv_invalid_with_msg(jv_string("MV_IMAGE_SIZE: expected "
		    "an aspect ratio such as 16:9, or WIDTHxHEIGHT"));
	}
	if (c->size != NULL) {
		if ((is_openai(c) && strcmp(c->size, "auto") == 0) ||
		    parse_size(c->size, &sw, &sh) == 0)
			return jv_string(c->size);
		return jv_invalid_with_msg(jv_string("MV_IMAGE_SIZE: expected "
		    "WIDTHxHEIGHT, sides from 64 to 4096"));
	}
	if (is_a1111(c)) {
		/* About a megapixel in steps of 64, as SDXL is trained. */
		double s = sqrt(1048576.0 / ((double)w * h));

		sw = (int)lround(w * s / 64) * 64;
		sh = (int)lround(h * s / 64) * 64;
		return jv_string_fmt("%dx%d", sw < 64 ? 64 : sw,
		    sh < 64 ? 64 : sh);
	}
	if (c->model != NULL && strcmp(c->model, "dall-e-2") == 0)
		return jv_string("1024x1024");
	if (dalle(c))
		return jv_string(w * 10 > h * 11 ? "1792x1024" : h * 10 >
		    w * 11 ? "1024x1792" : "1024x1024");
	return jv_string(w * 10 > h * 11 ? "1536x1024" : h * 10 > w * 11 ?
	    "1024x1536" : "1024x1024");
}

/*
 * The most characters of prompt the model takes, 0 when none is known:
 * CreateImageRequest.prompt in OpenAI's OpenAPI spec (openai-openapi,
 * openapi.yaml, f85dbe2): 32000 for the GPT image models, 1000 for
 * dall-e-2, 4000 for dall-e-3.
 */
static size_t
prompt_limit(const struct conf *c)
{
	if (!is_openai(c) || c->model == NULL)
		return 0;
	if (strcmp(c->model, "dall-e-2") == 0)
		return 1000;
	if (strcmp(c->model, "dall-e-3") == 0)
		return 4000;
	if (strncmp(c->model, "gpt-image", 9) == 0)
		return 32000;
	return 0;
}

/* What a piece of a prompt is, from what may go first to what never may. */
enum { P_STYLE, P_BACKGROUND, P_SCENE, P_KEEP };

static const char *const part_names[] = { "style", "background", "scene" };

struct piece {
	char *text;		/* malloc'd */
	int kind;
	int rank;		/* the order to shorten in, within its kind */
};

static size_t
chars_of(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* The kind of one sentence of a prompt (design_prompt's shape). */
static int
kind_of(const char *s, size_t n)
{
	char *t;
	size_t i;
	int style;

	for (i = 0; i < n && !isalnum((unsigned char)s[i]); i++)
		;
	if (i == n)
		return P_KEEP;
	if (strncmp(s, "Setting:", 8) == 0)
		return P_BACKGROUND;
	t = xasprintf("%.*s", (int)n, s);
	style = strncmp(t, "Mood:", 5) == 0 || strncmp(t, "Warm, gentle", 12)
	    == 0 || strstr(t, "illustration for a children's story") != NULL;
	free(t);
	return style ? P_STYLE : P_SCENE;
}

/* Appends the sentences of s[0..n) to v as pieces. */
static void
sentences(struct piece **v, size_t *nv, const char *s, size_t n)
{
	size_t at = 0, i;

	while (at < n) {
		for (i = at; i < n; i++)
			if ((s[i] == '.' || s[i] == '!' || s[i] == '?') &&
			    (i + 1 == n || s[i + 1] == ' '))
				break;
		for (i = i < n ? i + 1 : n; i < n && s[i] == ' '; i++)
			;
		*v = xrealloc(*v, (*nv + 1) * sizeof **v);
		(*v)[*nv].text = xasprintf("%.*s", (int)(i - at), s + at);
		(*v)[*nv].kind = kind_of(s + at, i - at);
		/* The safety sentence is the last of the style to go; the
		 * scene is shortened from its end. */
		(*v)[*nv].rank = (*v)[*nv].kind == P_SCENE ? -(int)*nv :
		    strstr((*v)[*nv].text, "safe for young") ? 1000 :
		    (int)*nv;
		(*nv)++;
		at = i;
	}
}

/* Shortens p by at least over characters, at a word boundary: what is
 * kept ends in "." (and its blank). Returns the characters saved. */
static size_t
shorten(struct piece *p, size_t over)
{
	size_t n = chars_of(p->text), keep, i, k = 0, cut = 0;
	int blankend = p->text[0] && p->text[strlen(p->text) - 1] == ' ';
	char *t;

	if (over + 3 >= n) {
		p->text[0] = '\0';
		return n;
	}
	keep = n - over - 1 - (size_t)blankend;
	/* i walks bytes, k characters: cut at the last blank that leaves
	 * at most keep characters (before the ". "). */
	for (i = 0; p->text[i] && k <= keep; i++) {
		if (((unsigned char)p->text[i] & 0xc0) == 0x80)
			continue;
		if (p->text[i] == ' ')
			cut = i;
		k++;
	}
	if (cut == 0) {
		/* One long word: cut between characters. */
		for (i = 0, k = 0; p->text[i] && k < keep; k++)
			do
				i++;
			while (((unsigned char)p->text[i] & 0xc0) == 0x80);
		cut = i;
	}
	while (cut > 0 && strchr(" ,;:(-", p->text[cut - 1]))
		cut--;
	if (cut == 0) {
		p->text[0] = '\0';
		return n;
	}
	t = xasprintf("%.*s.%s", (int)cut, p->text, blankend ? " " : "");
	free(p->text);
	p->text = t;
	return n - chars_of(t);
}

static int
by_rank(const void *a, const void *b)
{
	const struct piece *const *x = a, *const *y = b;

	return ((*x)->rank > (*y)->rank) - ((*x)->rank < (*y)->rank);
}

/*
 * Fits the prompt of out (the request being made, consumed) to the most
 * the model takes, max characters: the style goes first, then the
 * background, then the scene from its end; the characters' looks (looks,
 * borrowed: an array of strings) never. Records what was shortened in
 * out's "shortened" ([{part, from, to}] in characters). An invalid when
 * even what may not be shortened is too long.
 */
static jv
fit_prompt(jv out, jv looks, size_t max, const struct conf *c)
{
	jv prompt = jv_object_get(jv_copy(out), jv_string("prompt")), cut;
	const char *s = json_str(prompt), *at, *hit, *best;
	struct piece *v = NULL, **order;
	size_t nv = 0, i, total, over, keep = 0, blen = 0;
	size_t from[3] = { 0 }, to[3] = { 0 };
	struct buf b = { 0 };
	int kind;

	if (jv_get_kind(prompt) != JV_KIND_STRING || chars_of(s) <= max) {
		jv_free(prompt);
		return out;
	}
	/* The looks, found in the prompt, are kept whole. */
	for (at = s; *at; ) {
		best = NULL;
		if (jv_get_kind(looks) == JV_KIND_ARRAY)
			jv_array_foreach(looks, k, l) {
				(void)k;
				if (jv_get_kind(l) == JV_KIND_STRING &&
				    *jv_string_value(l) && (hit = strstr(at,
				    jv_string_value(l))) != NULL &&
				    (best == NULL || hit < best)) {
					best = hit;
					blen = strlen(jv_string_value(l));
				}
				jv_free(l);
			}
		sentences(&v, &nv, at, best ? (size_t)(best - at) :
		    strlen(at));
		if (best == NULL)
			break;
		v = xrealloc(v, (nv + 1) * sizeof *v);
		v[nv].text = xasprintf("%.*s", (int)blen, best);
		v[nv].kind = P_KEEP;
		v[nv++].rank = 0;
		at = best + blen;
	}
	order = xmalloc((nv ? nv : 1) * sizeof *order);
	for (i = 0; i < nv; i++) {
		order[i] = &v[i];
		if (v[i].kind == P_KEEP)
			keep += chars_of(v[i].text);
		else
			from[v[i].kind] += chars_of(v[i].text);
	}
	qsort(order, nv, sizeof *order, by_rank);
	total = chars_of(s);
	over = total - max;
	for (kind = P_STYLE; kind < P_KEEP && over > 0; kind++)
		for (i = 0; i < nv && over > 0; i++)
			if (order[i]->kind == kind) {
				size_t saved = shorten(order[i], over);

				over -= saved < over ? saved : over;
			}
	for (i = 0; i < nv; i++) {
		buf_add(&b, v[i].text);
		if (v[i].kind != P_KEEP)
			to[v[i].kind] += chars_of(v[i].text);
		free(v[i].text);
	}
	free(v);
	free(order);
	while (b.len > 0 && b.s[b.len - 1] == ' ')
		b.s[--b.len] = '\0';
	if (chars_of(b.s) > max) {
		jv sc = jv_object_get(jv_copy(out), jv_string("scene"));

		jv_free(out);
		out = jv_invalid_with_msg(jv_string_fmt("scene %.0f: %s: %s "
		    "takes at most %zu characters of prompt, and the "
		    "characters' looks alone take %zu: choose a model that "
		    "takes more (MV_IMAGE_MODEL)", json_num(sc, 0), c->provider,
		    c->model, max, keep));
		free(buf_take(&b));
		jv_free(prompt);
		return out;
	}
	cut = jv_array();
	for (kind = P_STYLE; kind < P_KEEP; kind++)
		if (to[kind] != from[kind])
			cut = jv_array_append(cut, JV_OBJECT(jv_string("part"),
			    jv_string(part_names[kind]),
			    jv_string("from"), jv_number((double)from[kind]),
			    jv_string("to"), jv_number((double)to[kind])));
	out = jv_object_set(out, jv_string("prompt"), jv_string(b.s));
	out = jv_object_set(out, jv_string("shortened"), cut);
	free(buf_take(&b));
	jv_free(prompt);
	return out;
}

/* How c's model takes the sheets of a scene's characters (sheet.h);
 * a1111's "ip-adapter" falls back to "seed" without ControlNet. */
static const char *
ref_method(const struct conf *c)
{
	if (is_openai(c))
		return dalle(c) ? "text" : "reference";
	return is_a1111(c) ? "ip-adapter" : "reference";
}

int
image_takes_references(const struct conf *c)
{
	return strcmp(c->provider, "offline") != 0 &&
	    strcmp(ref_method(c), "text") != 0;
}

/*
 * out (consumed, image_request's so far) with what of in (borrowed)
 * concerns sheets: a sheet's own fields, and a scene's references,
 * whose prompt then begins by saying which picture shows whom.
 */
static jv
with_references(jv out, jv in, const struct conf *c)
{
	static const char *const keep[] = { "sheet", "name", "character",
		"source", "source_hash", NULL };
	static const char *const nth[] = { "first", "second", "third",
		"fourth", "fifth", "sixth", "seventh", "eighth" };
	jv refs = jv_object_get(jv_copy(in), jv_string("references"));
	int i, n;

	for (i = 0; keep[i] != NULL; i++)
		if (jv_object_has(jv_copy(in), jv_string(keep[i])))
			out = jv_object_set(out, jv_string(keep[i]),
			    jv_object_get(jv_copy(in), jv_string(keep[i])));
	n = jv_get_kind(refs) == JV_KIND_ARRAY ? jv_array_length(jv_copy(refs))
	    : 0;
	if (n == 0) {
		jv_free(refs);
		return out;
	}
	out = jv_object_set(out, jv_string("references"), jv_copy(refs));
	if (strcmp(ref_method(c), "reference") == 0) {
		jv p = jv_object_get(jv_copy(out), jv_string("prompt"));
		struct buf b = { 0 };
		char *t;

		buf_add(&b, n == 1 ? "The reference picture shows " :
		    "The reference pictures show, in order: ");
		for (i = 0; i < n; i++) {
			jv nm = jv_object_get(jv_array_get(jv_copy(refs), i),
			    jv_string("name"));

			if (n == 1)
				buf_addf(&b, "%s", json_str(nm));
			else
				buf_addf(&b, "%s%s %s", i ? "; " : "",
				    i < 8 ? nth[i] : "next", json_str(nm));
			jv_free(nm);
		}
		buf_addf(&b, ". Draw %s exactly as %s reference picture shows "
		    "(the same shape, colours, markings and clothes), in this "
		    "scene: %s", n == 1 ? "the character" : "each character",
		    n == 1 ? "its" : "its own", json_str(p));
		t = buf_take(&b);
		out = jv_object_set(out, jv_string("prompt"), jv_string(t));
		free(t);
		jv_free(p);
	}
	jv_free(refs);
	return out;
}

jv
image_request(jv req, const struct conf *c)
{
	jv out, size, figs, name;
	double steps, cfg;
	const char *sampler = getenv("MV_IMAGE_SAMPLER");
	char *err, *url;
	uint64_t h;
	int w, ht;

	if (strcmp(c->provider, "offline") == 0)
		return req;
	w = (int)json_num(jv_object_get(jv_copy(req), jv_string("width")),
	    1920);
	ht = (int)json_num(jv_object_get(jv_copy(req), jv_string("height")),
	    1080);
	size = size_for(c, w, ht);
	if (!jv_is_valid(size)) {
		jv_free(req);
		return size;
	}
	url = conf_public_url(c->base_url);
	out = JV_OBJECT(jv_string("scene"), jv_object_get(jv_copy(req),
	    jv_string("scene")),
	    jv_string("width"), jv_number(w),
	    jv_string("height"), jv_number(ht),
	    jv_string("prompt"), jv_object_get(jv_copy(req),
	    jv_string("prompt")),
	    jv_string("provider"), jv_string(c->provider),
	    jv_string("model"), c->model ? jv_string(c->model) : jv_null(),
	    jv_string("base_url"), url ? jv_string(url) : jv_null(),
	    jv_string("size"), size);
	free(url);
	out = jv_object_set(out, jv_string("quality"), c->quality &&
	    is_openai(c) ? jv_string(c->quality) : jv_null());
	out = jv_object_set(out, jv_string("style"), c->style && is_openai(c)
	    && c->model && strcmp(c->model, "dall-e-3") == 0 ?
	    jv_string(c->style) : jv_null());
	if (prompt_limit(c) > 0) {
		jv looks = jv_object_get(jv_copy(req), jv_string("looks"));

		out = fit_prompt(out, looks, prompt_limit(c), c);
		jv_free(looks);
		if (!jv_is_valid(out)) {
			jv_free(req);
			return out;
		}
	}
	out = with_references(out, req, c);
	if (!is_a1111(c)) {
		/* Neither OpenAI nor OpenRouter takes a seed. */
		out = jv_object_set(out, jv_string("seed"), jv_null());
		jv_free(req);
		return out;
	}
	if (env_number("MV_IMAGE_STEPS", 1, 150, 25, 1, &steps, &err) < 0 ||
	    env_number("MV_IMAGE_CFG", 1, 30, 7, 0, &cfg, &err) < 0) {
		jv_free(out);
		jv_free(req);
		out = jv_invalid_with_msg(jv_string(err));
		free(err);
		return out;
	}
	/* One seed per character: the first one in the scene. */
	figs = jv_object_get(jv_copy(req), jv_string("figures"));
	name = jv_get_kind(figs) == JV_KIND_ARRAY &&
	    jv_array_length(jv_copy(figs)) > 0 ? jv_object_get(
	    jv_array_get(jv_copy(figs), 0), jv_string("name")) : jv_null();
	if (jv_get_kind(name) == JV_KIND_STRING)
		h = hash64(jv_string_value(name),
		    strlen(jv_string_value(name)), 0x5eed);
	else {
		jv p = jv_object_get(jv_copy(req), jv_string("prompt"));

		h = hash64(json_str(p), strlen(json_str(p)), 0x5eed);
		jv_free(p);
	}
	out = jv_object_set(out, jv_string("seed"),
	    jv_number((double)(h % 2147483647u)));
	out = jv_object_set(out, jv_string("negative_prompt"),
	    jv_string(NEGATIVE));
	out = jv_object_set(out, jv_string("steps"), jv_number(steps));
	out = jv_object_set(out, jv_string("cfg_scale"), jv_number(cfg));
	out = jv_object_set(out, jv_string("sampler"), jv_string(sampler &&
	    *sampler ? sampler : "Euler a"));
	jv_free(name);
	jv_free(figs);
	jv_free(req);
	return out;
}

void
image_job_release(struct image_job *job)
{
	jv_free(job->prov);
	job->prov = jv_null();
	free(job->err);
	job->err = NULL;
}

/* One picture on its way. */
struct pic {
	struct image_job *job;
	unsigned char *data;	/* the picture's bytes */
	size_t len;
	char *ctype;		/* their Content-Type, when downloaded */
	char *url;		/* to download */
	jv prov;
};

/*
 * OpenRouter: a model that makes only pictures (Flux and the like) takes
 * modalities ["image"], one that writes text too (Gemini) ["image",
 * "text"] (openrouter.ai/docs, "Image Generation"). Chosen by the model's
 * name; a refusal of the choice turns it over for the rest of the run.
 */
static int modalities_turned;

static int
image_only(const struct conf *c)
{
	static const char *const only[] = { "black-forest-labs/", "flux",
		"sourceful/", "bytedance-seed/", "recraft", "ideogram",
		"stability", NULL };
	int i, yes = 0;

	for (i = 0; c->model != NULL && only[i] != NULL && !yes; i++)
		yes = strstr(c->model, only[i]) != NULL;
	return yes ^ modalities_turned;
}

/* True when r failed as OpenRouter refuses output modalities a model
 * does not have ("No endpoints found that support the requested output
 * modalities: image, text"). */
static int
modalities_refused(const struct http_req *r)
{
	return r->err != NULL && (r->status == 400 || r->status == 404) &&
	    r->resp != NULL && (strstr(r->resp, "modalit") != NULL ||
	    strstr(r->resp, "Modalit") != NULL);
}

/* A sheet read for a request: its character's name and its bytes. */
struct sheetpic {
	const char *name;	/* borrowed from the request */
	char *data;
	size_t len;
};

/* The most sheets a request carries: OpenAI's edits take 16 pictures;
 * A1111's ControlNet has 3 units unless its settings say more. */
static size_t
refs_max(const struct conf *c)
{
	return is_a1111(c) ? 3 : 16;
}

/* ControlNet on the a1111 server: unknown (-1), absent (0), present
 * with the IP-Adapter model cn_model (1); asked once a run. */
static int cn_state = -1;
static char *cn_model;

/*
 * The sheets of req's references (borrowed), read from under dir, as
 * the method of c uses them: none for "text", none for a1111 without
 * ControlNet; a sheet not made yet is left out, its name added to
 * *missing (an array). 0 with *out, *n, or -1 with *err.
 */
static int
load_refs(const struct conf *c, jv req, const char *dir,
    struct sheetpic **out, size_t *n, jv *missing, char **err)
{
	jv refs = jv_object_get(jv_copy(req), jv_string("references"));
	size_t k, m = jv_get_kind(refs) == JV_KIND_ARRAY ?
	    (size_t)jv_array_length(jv_copy(refs)) : 0;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (strcmp(ref_method(c), "text") == 0 || (is_a1111(c) &&
	    cn_state != 1))
		m = 0;
	if (m > refs_max(c))
		m = refs_max(c);
	if (m > 0)
		*out = xmalloc(m * sizeof **out);
	for (k = 0; k < m && rc == 0; k++) {
		jv r = jv_array_get(jv_copy(refs), (int)k);
		jv img = jv_object_get(jv_copy(r), jv_string("image"));
		jv nm = jv_object_get(r, jv_string("name"));
		char *path = xasprintf("%s/%s", dir ? dir : ".", json_str(img));
		char *why;

		/* The name lives as long as the request (borrowed). */
		(*out)[k].name = json_str(nm);
		jv_free(nm);
		if (access(path, F_OK) != 0 && errno == ENOENT) {
			/* Not made yet (a scene drawn by hand with -n before
			 * mv-design -c): that character from the text. */
			(*out)[k].data = NULL;
			(*out)[k].len = 0;
		} else if (read_all(path, 50u << 20, &(*out)[k].data,
		    &(*out)[k].len, &why) < 0) {
			*err = xasprintf("the sheet of %s: %s", (*out)[k].name,
			    why);
			free(why);
			rc = -1;
		}
		*n = k + 1;
		free(path);
		jv_free(img);
	}
	jv_free(refs);
	/* The sheets not made yet drop out, said in *missing. */
	m = *n;
	*n = 0;
	for (k = 0; k < m; k++)
		if ((*out)[k].data != NULL)
			(*out)[(*n)++] = (*out)[k];
		else if (rc == 0)
			*missing = jv_array_append(*missing,
			    jv_string((*out)[k].name));
	return rc;
}

static void
refs_free(struct sheetpic *refs, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		free(refs[k].data);
	free(refs);
}

/* One field of a multipart/form-data body into b. */
static void
form_field(struct buf *b, const char *bnd, const char *name,
    const char *file, const char *value, size_t len)
{
	buf_addf(b, "--%s\r\nContent-Disposition: form-data; name=\"%s\"",
	    bnd, name);
	if (file != NULL)
		buf_addf(b, "; filename=\"%s\"\r\nContent-Type: image/png",
		    file);
	buf_add(b, "\r\n\r\n");
	buf_addn(b, value, len);
	buf_add(b, "\r\n");
}

/*
 * OpenAI's images/edits body for req (borrowed) and its sheets: the
 * multipart form CreateImageEditRequest describes, its boundary into
 * *ctype (malloc'd "multipart/form-data; boundary=...").
 */
static char *
edits_body(const struct conf *c, jv req, const struct sheetpic *refs,
    size_t nref, size_t *len, char **ctype)
{
	static const char *const fields[] = { "prompt", "size", "quality",
		NULL };
	struct buf b = { 0 };
	char bnd[40], file[64];
	size_t k;
	int i;

	snprintf(bnd, sizeof bnd, "mv-form-%016llx", (unsigned long long)
	    hash64(refs[0].data, refs[0].len, (uint64_t)nref));
	form_field(&b, bnd, "model", NULL, c->model, strlen(c->model));
	for (i = 0; fields[i] != NULL; i++) {
		jv v = jv_object_get(jv_copy(req), jv_string(fields[i]));

		if (jv_get_kind(v) == JV_KIND_STRING)
			form_field(&b, bnd, fields[i], NULL, jv_string_value(v),
			    (size_t)jv_string_length_bytes(jv_copy(v)));
		jv_free(v);
	}
	form_field(&b, bnd, "n", NULL, "1", 1);
	/* Faces and markings kept close to the sheets; gpt-image-1-mini
	 * does not take the field (CreateImageEditRequest.input_fidelity). */
	if (strstr(c->model, "-mini") == NULL)
		form_field(&b, bnd, "input_fidelity", NULL, "high", 4);
	for (k = 0; k < nref; k++) {
		snprintf(file, sizeof file, "sheet-%zu.png", k + 1);
		form_field(&b, bnd, "image[]", file, refs[k].data, refs[k].len);
	}
	buf_addf(&b, "--%s--\r\n", bnd);
	*ctype = xasprintf("multipart/form-data; boundary=%s", bnd);
	*len = b.len;
	return buf_take(&b);
}

/* A data: URL of a sheet, a jv string. */
static jv
data_url(const struct sheetpic *r)
{
	char *b = base64_encode(r->data, r->len);
	jv out = jv_string_fmt("data:image/png;base64,%s", b);

	free(b);
	return out;
}

/* The ControlNet units of the sheets for a1111's alwayson_scripts
 * (sd-webui-controlnet's ControlNetUnit fields, internal_controlnet/
 * args.py): one IP-Adapter unit a sheet. */
static jv
controlnet(const struct sheetpic *refs, size_t nref)
{
	jv args = jv_array();
	size_t k;

	for (k = 0; k < nref; k++) {
		char *b = base64_encode(refs[k].data, refs[k].len);

		args = jv_array_append(args, JV_OBJECT(
		    jv_string("enabled"), jv_true(),
		    jv_string("module"), jv_string("ip-adapter-auto"),
		    jv_string("model"), jv_string(cn_model),
		    jv_string("weight"), jv_number(0.7),
		    jv_string("image"), jv_string(b),
		    jv_string("resize_mode"), jv_string("Crop and Resize"),
		    jv_string("control_mode"), jv_string("Balanced"),
		    jv_string("pixel_perfect"), jv_false()));
		free(b);
	}
	return JV_OBJECT(jv_string("controlnet"), JV_OBJECT(jv_string("args"),
	    args));
}

/* The body of the request for the service (*len bytes; its type into
 * *ctype), with the sheets refs. */
static char *
body_for(const struct conf *c, jv req, const struct sheetpic *refs,
    size_t nref, size_t *len, char **ctype)
{
	jv prompt, size, b;
	char *s;
	size_t k;

	if (is_openai(c) && nref > 0)
		return edits_body(c, req, refs, nref, len, ctype);
	prompt = jv_object_get(jv_copy(req), jv_string("prompt"));
	size = jv_object_get(jv_copy(req), jv_string("size"));
	*ctype = xstrdup("application/json");
	if (is_openai(c)) {
		jv q = jv_object_get(jv_copy(req), jv_string("quality"));
		jv st = jv_object_get(jv_copy(req), jv_string("style"));

		b = JV_OBJECT(jv_string("model"), jv_string(c->model),
		    jv_string("prompt"), jv_copy(prompt),
		    jv_string("n"), jv_number(1),
		    jv_string("size"), jv_copy(size));
		if (jv_get_kind(q) == JV_KIND_STRING)
			b = jv_object_set(b, jv_string("quality"), q);
		else
			jv_free(q);
		if (jv_get_kind(st) == JV_KIND_STRING)
			b = jv_object_set(b, jv_string("style"), st);
		else
			jv_free(st);
		/* gpt-image-* always answer b64_json and refuse the field. */
		if (dalle(c))
			b = jv_object_set(b, jv_string("response_format"),
			    jv_string("url"));
	} else if (is_a1111(c)) {
		int w = 1024, h = 1024;

		if (parse_size(json_str(size), &w, &h) < 0)
			w = h = 1024;
		b = JV_OBJECT(jv_string("prompt"), jv_copy(prompt),
		    jv_string("negative_prompt"), jv_object_get(jv_copy(req),
		    jv_string("negative_prompt")),
		    jv_string("steps"), jv_object_get(jv_copy(req),
		    jv_string("steps")),
		    jv_string("cfg_scale"), jv_object_get(jv_copy(req),
		    jv_string("cfg_scale")),
		    jv_string("sampler_name"), jv_object_get(jv_copy(req),
		    jv_string("sampler")),
		    jv_string("seed"), jv_object_get(jv_copy(req),
		    jv_string("seed")),
		    jv_string("width"), jv_number(w),
		    jv_string("height"), jv_number(h));
		b = jv_object_set(b, jv_string("batch_size"), jv_number(1));
		b = jv_object_set(b, jv_string("n_iter"), jv_number(1));
		if (c->model != NULL)
			b = jv_object_set(b, jv_string("override_settings"),
			    JV_OBJECT(jv_string("sd_model_checkpoint"),
			    jv_string(c->model)));
		if (nref > 0)
			b = jv_object_set(b, jv_string("alwayson_scripts"),
			    controlnet(refs, nref));
	} else {
		/* The sheets as image_url parts after the text
		 * (ChatUserMessage.content, ChatContentImage). */
		jv content = jv_copy(prompt);

		if (nref > 0) {
			content = JV_ARRAY(JV_OBJECT(jv_string("type"),
			    jv_string("text"), jv_string("text"), content));
			for (k = 0; k < nref; k++)
				content = jv_array_append(content, JV_OBJECT(
				    jv_string("type"), jv_string("image_url"),
				    jv_string("image_url"), JV_OBJECT(
				    jv_string("url"), data_url(&refs[k]))));
		}
		b = JV_OBJECT(jv_string("model"), jv_string(c->model),
		    jv_string("messages"), JV_ARRAY(JV_OBJECT(
		    jv_string("role"), jv_string("user"),
		    jv_string("content"), content)),
		    jv_string("modalities"), image_only(c) ?
		    JV_ARRAY(jv_string("image")) : JV_ARRAY(jv_string("image"),
		    jv_string("text")),
		    jv_string("image_config"), JV_OBJECT(
		    jv_string("aspect_ratio"), jv_copy(size)));
		b = jv_object_set(b, jv_string("stream"), jv_false());
	}
	b = jv_dump_string(b, 0);
	s = xstrdup(jv_string_value(b));
	*len = strlen(s);
	jv_free(b);
	jv_free(prompt);
	jv_free(size);
	return s;
}

/* Adds the warning w (consumed) to the provenance *prov. */
static void
warn(jv *prov, jv w)
{
	jv ws = jv_object_get(jv_copy(*prov), jv_string("warnings"));

	if (jv_get_kind(ws) != JV_KIND_ARRAY) {
		jv_free(ws);
		ws = jv_array();
	}
	*prov = jv_object_set(*prov, jv_string("warnings"),
	    jv_array_append(ws, w));
}

/*
 * True when the checkpoint asked for (a name, file name or title such as
 * "dir/v1-5.safetensors [6ce0161689]") is the one A1111 used, as its
 * txt2img info names it: sd_model_name (the file's name without folder
 * or extension) and sd_model_hash (the short hash).
 */
static int
same_checkpoint(const char *asked, const char *name, const char *hash)
{
	static const char *const exts[] = { ".safetensors", ".ckpt", ".pt",
		".pth", ".bin", ".gguf", NULL };
	const char *b = asked, *q;
	size_t n, e;
	int i;

	if (*hash != '\0' && strstr(asked, hash) != NULL)
		return 1;
	for (q = asked; *q; q++)
		if (*q == '/' || *q == '\\')
			b = q + 1;
	n = strcspn(b, "[");
	while (n > 0 && b[n - 1] == ' ')
		n--;
	for (i = 0; exts[i]; i++) {
		e = strlen(exts[i]);
		if (n > e && strncasecmp(b + n - e, exts[i], e) == 0) {
			n -= e;
			break;
		}
	}
	return n == strlen(name) && strncmp(b, name, n) == 0;
}

/*
 * The checkpoint A1111 says it used (in, the txt2img reply's info, a
 * JSON string in the reply: modules/processing.py Processed.js) into
 * p's provenance. A1111 ignores an override_settings.sd_model_checkpoint
 * it does not have and uses the one loaded (process_images): then the
 * model recorded is the one used, model_asked the one asked, and it is
 * said.
 */
static void
checkpoint(const struct conf *c, struct pic *p, jv in)
{
	jv mn = jv_object_get(jv_copy(in), jv_string("sd_model_name"));
	jv mh = jv_object_get(jv_copy(in), jv_string("sd_model_hash"));

	if (jv_get_kind(mn) != JV_KIND_STRING) {
		jv_free(mn);
		jv_free(mh);
		return;
	}
	if (c->model != NULL && !same_checkpoint(c->model, json_str(mn),
	    json_str(mh))) {
		warn(&p->prov, jv_string_fmt("%s: the checkpoint '%s' was "
		    "asked for, but the server used '%s' (it ignores a name "
		    "it does not have: see its /sdapi/v1/sd-models)",
		    c->provider, c->model, json_str(mn)));
		p->prov = jv_object_set(p->prov, jv_string("model_asked"),
		    jv_string(c->model));
		p->prov = jv_object_set(p->prov, jv_string("model"),
		    jv_copy(mn));
	}
	p->prov = jv_object_set(p->prov, jv_string("checkpoint"), mn);
	if (jv_get_kind(mh) == JV_KIND_STRING)
		p->prov = jv_object_set(p->prov, jv_string("checkpoint_hash"),
		    mh);
	else
		jv_free(mh);
}

/*
 * A1111's errors are FastAPI's HTTPException as its handler sends it,
 * {"error": "HTTPException", "detail": "Sampler not found", "body": "",
 * "errors": "400: Sampler not found"} (modules/api/api.py,
 * handle_exception): the error is the exception's class, the detail
 * what went wrong (for another exception, "errors" holds its text).
 * r->err with the detail in the class's place, or NULL when there is
 * nothing better to say.
 */
static char *
a1111_error(const struct http_req *r)
{
	jv j, e, d;
	char *out = NULL, *tail, *at;

	if (r->resp == NULL || r->status < 400)
		return NULL;
	j = json_parse(r->resp, r->resp_len);
	if (jv_get_kind(j) != JV_KIND_OBJECT) {
		jv_free(j);
		return NULL;
	}
	e = jv_object_get(jv_copy(j), jv_string("error"));
	d = jv_object_get(jv_copy(j), jv_string("detail"));
	/* An exception other than HTTPException has no detail: its text
	 * (str(e)) is in "errors". */
	if (jv_get_kind(d) != JV_KIND_STRING || *jv_string_value(d) == '\0') {
		jv_free(d);
		d = jv_object_get(jv_copy(j), jv_string("errors"));
	}
	if (jv_get_kind(e) == JV_KIND_STRING && jv_get_kind(d) ==
	    JV_KIND_STRING && *jv_string_value(d) != '\0' &&
	    strstr(r->err, jv_string_value(d)) == NULL) {
		tail = xasprintf("%ld: %s", r->status, jv_string_value(e));
		at = strstr(r->err, tail);
		if (at != NULL && strlen(at) == strlen(tail))
			out = xasprintf("%.*s%ld: %s", (int)(at - r->err),
			    r->err, r->status, jv_string_value(d));
		else
			out = xasprintf("%s (%s)", r->err,
			    jv_string_value(d));
		free(tail);
	}
	jv_free(e);
	jv_free(d);
	jv_free(j);
	return out;
}

/*
 * The error a reply (r, borrowed) of 200 carries instead of a picture:
 * OpenRouter's {"error": {"message", "code"}}, at the top or in
 * choices[0]. NULL when there is none.
 */
static char *
reply_error(jv r)
{
	jv e = jv_object_get(jv_copy(r), jv_string("error")), m, code;
	char *out = NULL;

	if (jv_get_kind(e) != JV_KIND_OBJECT && jv_get_kind(e) !=
	    JV_KIND_STRING) {
		jv_free(e);
		e = jv_getpath(jv_copy(r), JV_ARRAY(jv_string("choices"),
		    jv_number(0), jv_string("error")));
	}
	if (jv_get_kind(e) == JV_KIND_STRING) {
		out = xstrdup(jv_string_value(e));
	} else if (jv_get_kind(e) == JV_KIND_OBJECT) {
		m = jv_object_get(jv_copy(e), jv_string("message"));
		code = jv_object_get(jv_copy(e), jv_string("code"));
		if (jv_get_kind(m) == JV_KIND_STRING)
			out = jv_get_kind(code) == JV_KIND_NUMBER ?
			    xasprintf("%.0f: %s", jv_number_value(code),
			    jv_string_value(m)) : jv_get_kind(code) ==
			    JV_KIND_STRING ? xasprintf("%s: %s",
			    jv_string_value(code), jv_string_value(m)) :
			    xstrdup(jv_string_value(m));
		jv_free(m);
		jv_free(code);
	}
	jv_free(e);
	return out;
}

/* The picture of an OpenAI images reply r (borrowed): its base64, or
 * p->url; its revised prompt into p's provenance. */
static jv
reply_openai(jv r, struct pic *p)
{
	jv d = jv_getpath(jv_copy(r), JV_ARRAY(jv_string("data"),
	    jv_number(0)));
	jv img = jv_null(), u, rp;

	if (jv_get_kind(d) == JV_KIND_OBJECT) {
		img = jv_object_get(jv_copy(d), jv_string("b64_json"));
		u = jv_object_get(jv_copy(d), jv_string("url"));
		if (jv_get_kind(img) != JV_KIND_STRING &&
		    jv_get_kind(u) == JV_KIND_STRING)
			p->url = xstrdup(jv_string_value(u));
		jv_free(u);
		rp = jv_object_get(jv_copy(d), jv_string("revised_prompt"));
		if (jv_get_kind(rp) == JV_KIND_STRING)
			p->prov = jv_object_set(p->prov,
			    jv_string("revised_prompt"), rp);
		else
			jv_free(rp);
	}
	jv_free(d);
	return img;
}

/* The picture of an A1111 reply r (borrowed); the seed and checkpoint
 * the server says it used into p's provenance. */
static jv
reply_a1111(const struct conf *c, jv r, struct pic *p)
{
	jv info = jv_object_get(jv_copy(r), jv_string("info"));
	jv img = jv_getpath(jv_copy(r), JV_ARRAY(jv_string("images"),
	    jv_number(0)));

	/* info is JSON in a string: the seed the server used. */
	if (jv_get_kind(info) == JV_KIND_STRING) {
		jv in = json_parse(jv_string_value(info),
		    strlen(jv_string_value(info)));
		jv seed = jv_get_kind(in) == JV_KIND_OBJECT ?
		    jv_object_get(jv_copy(in), jv_string("seed")) :
		    jv_invalid();
		if (jv_get_kind(seed) == JV_KIND_NUMBER)
			p->prov = jv_object_set(p->prov,
			    jv_string("seed"), seed);
		else
			jv_free(seed);
		if (jv_get_kind(in) == JV_KIND_OBJECT)
			checkpoint(c, p, in);
		jv_free(in);
	}
	jv_free(info);
	return img;
}

/* The picture of an OpenRouter chat reply r (borrowed): a data: URL's
 * base64, or an http(s) URL into p->url. */
static jv
reply_openrouter(jv r, struct pic *p)
{
	jv url = jv_getpath(jv_copy(r), JV_ARRAY(jv_string("choices"),
	    jv_number(0), jv_string("message"), jv_string("images"),
	    jv_number(0), jv_string("image_url"), jv_string("url")));
	jv img = jv_null();

	if (jv_get_kind(url) == JV_KIND_STRING) {
		const char *s = jv_string_value(url);
		const char *comma = strchr(s, ',');

		if (strncmp(s, "data:", 5) == 0 && comma != NULL &&
		    comma - s >= 7 && strncmp(comma - 7, ";base64", 7) == 0)
			img = jv_string(comma + 1);
		else if (strncmp(s, "https://", 8) == 0 ||
		    strncmp(s, "http://", 7) == 0)
			p->url = xstrdup(s);
	}
	jv_free(url);
	return img;
}

/* Why reply r (borrowed) of provider who has no picture: the service's
 * error or words, quoted redacted (a reply may echo a key, issue 18.3). */
static char *
reply_no_picture(const char *who, jv r)
{
	jv content = jv_getpath(jv_copy(r), JV_ARRAY(jv_string("choices"),
	    jv_number(0), jv_string("message"), jv_string("content")));
	char *e = reply_error(r), *q = NULL, *err;

	if (e != NULL) {
		q = http_redact(e);
		err = xasprintf("%s: %s", who, q);
	} else if (jv_get_kind(content) == JV_KIND_STRING &&
	    jv_string_length_bytes(jv_copy(content)) > 0) {
		q = http_redact(jv_string_value(content));
		err = xasprintf("%s: the reply has no picture: %.120s", who, q);
	} else
		err = xasprintf("%s: the reply has no picture", who);
	free(q);
	free(e);
	jv_free(content);
	return err;
}

/* Usage into p's provenance: one picture (what prices go by); the
 * service's own counts in reply r (borrowed), tokens, beside it. */
static void
reply_usage(jv r, struct pic *p)
{
	jv use = jv_object_get(jv_copy(r), jv_string("usage"));
	jv toks = jv_object();

	if (jv_get_kind(use) == JV_KIND_OBJECT)
		jv_object_foreach(use, k, v) {
			if (jv_get_kind(v) == JV_KIND_NUMBER)
				toks = jv_object_set(toks, k, v);
			else {
				jv_free(k);
				jv_free(v);
			}
		}
	jv_free(use);
	p->prov = jv_object_set(p->prov, jv_string("usage"),
	    JV_OBJECT(jv_string("images"), jv_number(1)));
	if (jv_object_length(jv_copy(toks)) > 0)
		p->prov = jv_object_set(p->prov, jv_string("tokens"), toks);
	else
		jv_free(toks);
}

/* Parses a reply (JSON text) into p: the picture's bytes or its URL. */
static int
parse_reply(const struct conf *c, struct pic *p, const char *text,
    size_t len, const char *ctype, char **err)
{
	jv r = json_parse(text, len), img;
	const char *who = c->provider;
	char *why;
	int rc = -1;

	if (jv_get_kind(r) != JV_KIND_OBJECT) {
		/* jv_parse's message quotes the whole reply: never shown. */
		why = media_describe(text, len, ctype);
		*err = xasprintf("%s: the reply is not JSON (%s)", who, why);
		free(why);
		jv_free(r);
		return -1;
	}
	img = is_openai(c) ? reply_openai(r, p) : is_a1111(c) ?
	    reply_a1111(c, r, p) : reply_openrouter(r, p);
	if (jv_get_kind(img) == JV_KIND_STRING) {
		if (base64_decode(jv_string_value(img), (size_t)
		    jv_string_length_bytes(jv_copy(img)), &p->data,
		    &p->len) < 0)
			*err = xasprintf("%s: the picture is not valid base64",
			    who);
		else
			rc = 0;
	} else if (p->url != NULL)
		rc = 0;
	else
		*err = reply_no_picture(who, r);
	if (rc == 0)
		reply_usage(r, p);
	jv_free(img);
	jv_free(r);
	return rc;
}

struct rd {
	const unsigned char *p;
	size_t n, at;
};

static cairo_status_t
rd_png(void *arg, unsigned char *out, unsigned int len)
{
	struct rd *r = arg;

	if (r->n - r->at < len)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(out, r->p + r->at, len);
	r->at += len;
	return CAIRO_STATUS_SUCCESS;
}

/* Decodes the PNG in p; its size into *w, *h. 0, or -1 with *why. */
static int
png_decodes(const unsigned char *p, size_t n, int *w, int *h, char **why)
{
	struct rd r = { p, n, 0 };
	cairo_surface_t *s;
	cairo_status_t st;

	s = cairo_image_surface_create_from_png_stream(rd_png, &r);
	st = cairo_surface_status(s);
	if (st == CAIRO_STATUS_SUCCESS) {
		*w = cairo_image_surface_get_width(s);
		*h = cairo_image_surface_get_height(s);
	}
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS) {
		*why = xstrdup(st == CAIRO_STATUS_READ_ERROR ? "truncated" :
		    cairo_status_to_string(st));
		return -1;
	}
	if (*w < 1 || *h < 1) {
		*why = xstrdup("no pixels");
		return -1;
	}
	return 0;
}

/*
 * Turns the JPEG, WebP or GIF in p (of type ext, "jpg") into a PNG (malloc'd into *out) with
 * ffmpeg, through temp files beside path. 0, or -1 with *why.
 */
static int
to_png(const char *path, const unsigned char *p, size_t n, const char *ext,
    unsigned char **out, size_t *olen, char **why)
{
	static const char *const args[] = { "-frames:v", "1", "-c:v", "png",
		"-f", "image2", NULL };
	struct atomic_file png;
	char *buf = NULL, *dot = xasprintf(".%s", ext);
	int rc;

	rc = media_transcode(path, p, n, dot, args, ".png", &png, why);
	free(dot);
	if (rc < 0)
		return -1;
	rc = -1;
	if (read_all(png.tmp, 256u << 20, &buf, olen, why) == 0) {
		*out = (unsigned char *)buf;
		rc = 0;
	}
	atomic_rollback(&png);
	return rc;
}

/* Checks the picture in p and puts it (and its sidecar) in place; who
 * begins a failure's message. */
static int
keep(const char *who, struct pic *p, char **err)
{
	const char *ext = NULL, *kind;
	unsigned char *png = p->data, *conv = NULL;
	size_t len = p->len;
	char *why = NULL;
	int w, h, rc = -1;

	if (p->len == 0) {
		*err = xasprintf("%s: the picture is empty", who);
		return -1;
	}
	/* By its bytes, never its Content-Type. */
	kind = media_sniff(p->data, p->len, 0);
	if (kind != NULL && (strcmp(kind, "png") == 0 || strcmp(kind, "jpg")
	    == 0 || strcmp(kind, "webp") == 0 || strcmp(kind, "gif") == 0))
		ext = kind;
	if (ext == NULL) {
		why = media_describe(p->data, p->len, p->ctype);
		*err = xasprintf("%s: the picture is not an image (%s)", who,
		    why);
		free(why);
		return -1;
	}
	/* Its size from the header, before anything decodes it: a small
	 * file may claim a picture of gigabytes (issue 18.4). */
	if (media_image_check(p->job->path, p->data, p->len, &why) < 0) {
		*err = xasprintf("%s: %s", who, why);
		free(why);
		return -1;
	}
	if (strcmp(ext, "png") != 0) {
		if (to_png(p->job->path, p->data, p->len, ext, &conv, &len,
		    &why) < 0) {
			*err = xasprintf("%s: the picture (%s) does not "
			    "decode: %s", who, ext, why);
			free(why);
			return -1;
		}
		png = conv;
	}
	if (png_decodes(png, len, &w, &h, &why) < 0) {
		*err = xasprintf("%s: the picture (%s, %zu bytes) does not "
		    "decode: %s", who, ext, p->len, why);
		free(why);
		goto out;
	}
	p->prov = jv_object_set(p->prov, jv_string("size"),
	    jv_string_fmt("%dx%d", w, h));
	if (p->job->sidecar != NULL && media_sidecar(p->job->sidecar,
	    jv_copy(p->prov), err) < 0)
		goto out;
	if (atomic_write(p->job->path, png, len, err) < 0)
		goto out;
	rc = 0;
out:
	free(conv);
	return rc;
}

/* What fit_prompt shortened in req (borrowed), into *prov, and said. */
static void
note_shortened(const struct conf *c, jv *prov, jv req)
{
	jv cut = jv_object_get(jv_copy(req), jv_string("shortened"));
	struct buf b = { 0 };
	char *t;

	if (jv_get_kind(cut) != JV_KIND_ARRAY) {
		jv_free(cut);
		return;
	}
	buf_addf(&b, "%s: the prompt was shortened to the %zu characters %s "
	    "takes:", c->provider, prompt_limit(c), c->model);
	jv_array_foreach(cut, i, x) {
		jv part = jv_object_get(jv_copy(x), jv_string("part"));

		buf_addf(&b, "%s the %s from %.0f to %.0f characters", i ? "," :
		    "", json_str(part), json_num(jv_object_get(jv_copy(x),
		    jv_string("from")), 0), json_num(jv_object_get(jv_copy(x),
		    jv_string("to")), 0));
		jv_free(part);
		jv_free(x);
	}
	t = buf_take(&b);
	*prov = jv_object_set(*prov, jv_string("shortened"), cut);
	warn(prov, jv_string(t));
	free(t);
}

/*
 * The request of one job for the service, with the sheets of its
 * references where c takes them, and into *prov (when not NULL) which
 * went in and how; -1 with *err.
 */
static int
make_req(const struct conf *c, struct image_job *job, struct http_req *r,
    jv *prov, char **err)
{
	struct sheetpic *refs;
	size_t nref, k;
	char *ctype;
	jv names, missing;

	if (conf_needs_key(c)) {
		*err = xasprintf("%s: no API key: set MV_IMAGE_API_KEY%s",
		    c->provider, is_openai(c) ? " or OPENAI_API_KEY" :
		    strcmp(c->provider, "openrouter") == 0 ?
		    " or OPENROUTER_API_KEY" : "");
		return -1;
	}
	missing = jv_array();
	if (load_refs(c, job->req, job->dir, &refs, &nref, &missing,
	    err) < 0) {
		char *e = xasprintf("%s: %s", c->provider, *err);

		free(*err);
		*err = e;
		refs_free(refs, nref);
		jv_free(missing);
		return -1;
	}
	memset(r, 0, sizeof *r);
	r->method = "POST";
	r->url = http_url(c->base_url, is_openai(c) ? (nref > 0 ?
	    "images/edits" : "images/generations") : is_a1111(c) ?
	    "sdapi/v1/txt2img" : "chat/completions");
	r->body = body_for(c, job->req, refs, nref, &r->body_len, &ctype);
	http_header(r, "Content-Type", ctype);
	http_header(r, "Accept", "application/json");
	if (!is_a1111(c))
		http_bearer(r, c->api_key);
	if (prov != NULL && jv_object_has(jv_copy(job->req),
	    jv_string("references"))) {
		names = jv_array();
		for (k = 0; k < nref; k++)
			names = jv_array_append(names, jv_string(refs[k].name));
		*prov = jv_object_set(*prov, jv_string("references"), names);
		*prov = jv_object_set(*prov, jv_string("reference_method"),
		    jv_string(nref > 0 ? ref_method(c) : is_a1111(c) ?
		    "seed" : "text"));
		jv_array_foreach(missing, i, nm) {
			(void)i;
			warn(prov, jv_string_fmt("the sheet of %s is not made "
			    "yet (mv-design -c): drawn from the text",
			    json_str(nm)));
			jv_free(nm);
		}
	}
	jv_free(missing);
	free(ctype);
	refs_free(refs, nref);
	return 0;
}

/*
 * a1111: whether the server has ControlNet with an IP-Adapter model
 * (sd-webui-controlnet's GET /controlnet/model_list), asked once a run
 * and only when a picture has sheets to give. A server without the
 * extension answers 404; then the scenes keep a seed per character.
 */
static void
controlnet_probe(const struct conf *c)
{
	struct http_req r;
	jv j, list;

	if (cn_state != -1)
		return;
	cn_state = 0;
	memset(&r, 0, sizeof r);
	r.method = "GET";
	r.url = http_url(c->base_url, "controlnet/model_list");
	http_header(&r, "Accept", "application/json");
	if (http_one(&r, &c->http) == 0) {
		j = json_parse(r.resp, r.resp_len);
		list = jv_get_kind(j) == JV_KIND_OBJECT ? jv_object_get(
		    jv_copy(j), jv_string("model_list")) : jv_null();
		if (jv_get_kind(list) == JV_KIND_ARRAY)
			jv_array_foreach(list, i, m) {
				const char *s = json_str(m);

				(void)i;
				/* Not the face-ID ones: they need insightface
				 * and a face. */
				if (cn_model == NULL && strstr(s,
				    "ip-adapter") != NULL && strstr(s,
				    "face") == NULL) {
					cn_model = xstrdup(s);
					cn_state = 1;
				}
				jv_free(m);
			}
		jv_free(list);
		jv_free(j);
	}
	http_req_free(&r);
}

/*
 * The requests of r (m of them, for jobs[idx[k]]) that OpenRouter
 * refused for their modalities, made once more with the other choice,
 * which is kept for the rest of the run.
 */
static void
retry_modalities(const struct conf *c, struct image_job *jobs,
    struct http_req *r, const size_t *idx, size_t m)
{
	struct http_req *again = xmalloc((m ? m : 1) * sizeof *again);
	size_t *at = xmalloc((m ? m : 1) * sizeof *at), k, n = 0;

	for (k = 0; k < m; k++)
		if (modalities_refused(&r[k]))
			at[n++] = k;
	if (n == 0)
		goto out;
	modalities_turned ^= 1;
	/* (make_req cannot fail here: it did not the first time.) */
	for (k = 0; k < n; k++)
		(void)make_req(c, &jobs[idx[at[k]]], &again[k], NULL,
		    &jobs[idx[at[k]]].err);
	http_run(again, n, &c->http);
	for (k = 0; k < n; k++) {
		http_req_free(&r[at[k]]);
		r[at[k]] = again[k];
	}
out:
	free(again);
	free(at);
}

size_t
image_run(const struct conf *c, struct image_job *jobs, size_t n)
{
	struct http_req *r = xmalloc((n ? n : 1) * sizeof *r);
	struct pic *p = xmalloc((n ? n : 1) * sizeof *p);
	size_t *idx = xmalloc((n ? n : 1) * sizeof *idx);
	struct http_opts dl = c->http;
	size_t i, k, m = 0, failed = 0;
	char *url = conf_public_url(c->base_url);

	for (i = 0; i < n && is_a1111(c); i++)
		if (jv_object_has(jv_copy(jobs[i].req), jv_string("references")))
			controlnet_probe(c);
	for (i = 0; i < n; i++) {
		jv prompt = jv_object_get(jv_copy(jobs[i].req),
		    jv_string("prompt"));
		char hash[17];

		jobs[i].err = NULL;
		jobs[i].prov = jv_null();
		memset(&p[i], 0, sizeof p[i]);
		p[i].job = &jobs[i];
		calls_hash(jobs[i].req, hash);
		p[i].prov = JV_OBJECT(jv_string("provider"),
		    jv_string(c->provider),
		    jv_string("model"), c->model ? jv_string(c->model) :
		    jv_null(),
		    jv_string("prompt"), prompt,
		    jv_string("seed"), jv_object_get(jv_copy(jobs[i].req),
		    jv_string("seed")),
		    jv_string("base_url"), url ? jv_string(url) : jv_null(),
		    jv_string("request"), jv_string(hash));
		note_shortened(c, &p[i].prov, jobs[i].req);
		if (make_req(c, &jobs[i], &r[m], &p[i].prov, &jobs[i].err) == 0)
			idx[m++] = i;
	}
	free(url);
	if (m > 0)
		http_run(r, m, &c->http);
	if (strcmp(c->provider, "openrouter") == 0)
		retry_modalities(c, jobs, r, idx, m);
	for (k = 0; k < m; k++) {
		i = idx[k];
		if (r[k].err != NULL) {
			char *e = is_a1111(c) ? a1111_error(&r[k]) : NULL;
			char *q = e ? http_redact(e) : NULL;

			jobs[i].err = xasprintf("%s: %s", c->provider,
			    q ? q : r[k].err);
			free(q);
			free(e);
		} else
			(void)parse_reply(c, &p[i], r[k].resp, r[k].resp_len,
			    r[k].content_type, &jobs[i].err);
		http_req_free(&r[k]);
	}

	/* The pictures given as URLs: fetched without the key, each with
	 * its own timeout (at most two minutes). */
	if (dl.timeout_ms > 120000)
		dl.timeout_ms = 120000;
	m = 0;
	for (i = 0; i < n; i++)
		if (jobs[i].err == NULL && p[i].url != NULL &&
		    p[i].data == NULL) {
			memset(&r[m], 0, sizeof r[m]);
			r[m].method = "GET";
			r[m].url = xstrdup(p[i].url);
			idx[m++] = i;
		}
	if (m > 0)
		http_run(r, m, &dl);
	for (k = 0; k < m; k++) {
		i = idx[k];
		if (r[k].err != NULL)
			jobs[i].err = xasprintf("%s: downloading the picture: "
			    "%s", c->provider, r[k].err);
		else {
			p[i].data = (unsigned char *)r[k].resp;
			p[i].len = r[k].resp_len;
			p[i].ctype = r[k].content_type;
			r[k].resp = NULL;
			r[k].content_type = NULL;
		}
		http_req_free(&r[k]);
	}

	for (i = 0; i < n; i++) {
		if (jobs[i].err == NULL && keep(c->provider, &p[i], &jobs[i].err) == 0) {
			jobs[i].prov = p[i].prov;
			p[i].prov = jv_null();
		}
		if (jobs[i].err != NULL)
			failed++;
		jv_free(p[i].prov);
		free(p[i].data);
		free(p[i].ctype);
		free(p[i].url);
	}
	free(idx);
	free(p);
	free(r);
	return failed;
}

int
image_keep_file(const char *src, const char *path, const char *who,
    char **err)
{
	struct image_job job = { 0 };
	struct pic p = { 0 };
	char *buf, *why, *w;
	int rc;

	if (read_all(src, 50u << 20, &buf, &p.len, &why) < 0) {
		*err = xasprintf("%s: %s", who, why);
		free(why);
		return -1;
	}
	job.path = path;
	p.job = &job;
	p.data = (unsigned char *)buf;
	p.prov = jv_object();
	w = xasprintf("%s: '%s'", who, src);
	rc = keep(w, &p, err);
	free(w);
	jv_free(p.prov);
	free(buf);
	return rc;
}
