/*
 * review.c - the review page of a finished workflow (review.h).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/asset.h"
#include "core/calls.h"
#include "core/json.h"
#include "core/state.h"
#include "core/util.h"
#include "video/review.h"

#define SIDE_MAX (4u << 20)	/* bytes of a sidecar or subtitle file read */

static const char style[] =
    "body{font:15px/1.45 sans-serif;margin:0 auto;max-width:64em;"
    "padding:1em;color:#222;background:#fafaf7}"
    "video{width:100%;background:#000}"
    "section.scene{display:flex;gap:1em;border-top:1px solid #ccc;"
    "padding:1em 0}"
    "section.scene img{width:40%;height:auto;align-self:flex-start}"
    "section.scene div{flex:1;min-width:0}"
    "code,pre{background:#eee;padding:0 .2em;white-space:pre-wrap;"
    "word-break:break-word}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;"
    "padding:.2em .4em;text-align:left;vertical-align:top}"
    ".speaker{font-weight:bold}.sheets img{height:10em;margin:.3em}"
    "details{margin:.3em 0}";

/* Seeks the video to a chapter's start; nothing else runs. */
static const char script[] =
    "document.querySelectorAll('a[data-t]').forEach(function(a){"
    "a.addEventListener('click',function(e){e.preventDefault();"
    "var v=document.querySelector('video');"
    "v.currentTime=parseFloat(a.dataset.t);v.play();});});";

void
review_escape(struct buf *b, const char *s)
{
	buf_add(b, "");
	for (; *s != '\0'; s++)
		switch (*s) {
		case '&': buf_add(b, "&amp;"); break;
		case '<': buf_add(b, "&lt;"); break;
		case '>': buf_add(b, "&gt;"); break;
		case '"': buf_add(b, "&quot;"); break;
		case '\'': buf_add(b, "&#39;"); break;
		default: buf_addn(b, s, 1);
		}
}

/* Appends the bytes s[0..n) percent-encoded but for unreserved ones
 * (and '/' when slash). */
static void
pct(struct buf *b, const char *s, size_t n, int slash)
{
	size_t i;

	buf_add(b, "");
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~' || (slash && c == '/'))
			buf_addn(b, s + i, 1);
		else
			buf_addf(b, "%%%02X", c);
	}
}

void
review_url(struct buf *b, const char *p)
{
	pct(b, p, strlen(p), 1);
}

jv
review_prices(const char *text)
{
	jv out = jv_object();
	const char *p = text, *e;

	while (*p != '\0') {
		char f[4][128];
		size_t len;

		e = strchr(p, '\n');
		len = e ? (size_t)(e - p) : strlen(p);
		if (len > 0 && *p != '#') {
			char *line = xasprintf("%.*s", (int)len, p);
			char *s = line, *tab;
			int k;

			for (k = 0; k < 4 && s != NULL; k++) {
				tab = strchr(s, '\t');
				snprintf(f[k], sizeof f[k], "%.*s", tab ?
				    (int)(tab - s) : (int)strlen(s), s);
				s = tab ? tab + 1 : NULL;
			}
			if (k == 4 && s == NULL) {
				char *end, *key;
				double usd = strtod(f[3], &end);

				if (end != f[3] && *end == '\0') {
					key = xasprintf("%s %s %s", f[0], f[1],
					    f[2]);
					out = jv_object_set(out, jv_string(key),
					    jv_number(usd));
					free(key);
				}
			}
			free(line);
		}
		p += len + (e != NULL);
	}
	return out;
}

/* o[key] (o borrowed; null when o is not an object). */
static jv
get(jv o, const char *key)
{
	return jv_get_kind(o) == JV_KIND_OBJECT ?
	    jv_object_get(jv_copy(o), jv_string(key)) : jv_null();
}

/* The number at o[key] (o borrowed), or dflt. */
static double
num(jv o, const char *key, double dflt)
{
	return json_num(get(o, key), dflt);
}

/* The string at o[key] (borrowed, as json_str), "" when none. The jv is
 * kept alive in *hold, which the caller frees. */
static const char *
str(jv o, const char *key, jv *hold)
{
	*hold = get(o, key);
	return json_str(*hold);
}

/* A JSON file of the workflow (dir/rel), or null when absent or bad. */
static jv
side(const char *dir, const char *rel)
{
	char *p = xasprintf("%s/%s", dir, rel);
	jv v = access(p, R_OK) == 0 ? state_read(p) : jv_null();

	free(p);
	if (jv_get_kind(v) != JV_KIND_OBJECT) {
		jv_free(v);
		return jv_null();
	}
	return v;
}

/* A service's provenance of an asset (dir/rel) when it was made for
 * this very request (req, borrowed), else null. */
static jv
provenance(const char *dir, const char *rel, jv req)
{
	jv sd = side(dir, rel), r = get(sd, "request");
	char hash[17];

	calls_hash(req, hash);
	if (jv_get_kind(sd) == JV_KIND_OBJECT &&
	    strcmp(json_str(r), hash) != 0) {
		jv_free(sd);
		sd = jv_null();
	}
	jv_free(r);
	return sd;
}

/* A text file of the workflow (dir/rel, a plain relative path), or NULL. */
static char *
text_of(const char *dir, const char *rel)
{
	char *p, *buf = NULL, *err = NULL;
	size_t len;

	if (!asset_path_ok(rel))
		return NULL;
	p = xasprintf("%s/%s", dir, rel);
	if (access(p, R_OK) != 0)
		buf = NULL;
	else if (read_all(p, SIDE_MAX, &buf, &len, &err) < 0) {
		free(err);
		buf = NULL;
	} else if (memchr(buf, '\0', len) != NULL) {
		free(buf);
		buf = NULL;
	}
	free(p);
	return buf;
}

/* Whether dir/rel is a file there (rel a plain relative path). */
static int
present(const char *dir, const char *rel)
{
	char *p;
	int ok;

	if (!asset_path_ok(rel))
		return 0;
	p = xasprintf("%s/%s", dir, rel);
	ok = access(p, R_OK) == 0;
	free(p);
	return ok;
}

/*
 * The take of an asset (sub "scenes" or "narration", scene no): the
 * number in dir/sub/NN.take (1 when none); *kept gets how many takes of
 * it are kept in dir/.mv/takes/sub/NN.ext.
 */
static int
take_of(const char *dir, const char *sub, const char *ext, const char *name,
    int *kept)
{
	char *rel = xasprintf("%s/%s.take", sub, name);
	char *t = text_of(dir, rel), *p;
	int n = t ? atoi(t) : 1;
	DIR *d;
	struct dirent *e;

	free(rel);
	free(t);
	*kept = 0;
	p = xasprintf("%s/.mv/takes/%s/%s.%s", dir, sub, name, ext);
	n = n > 0 ? n : 1;
	if ((d = opendir(p)) != NULL) {
		int mine = 0;

		while ((e = readdir(d)) != NULL)
			if (e->d_name[0] >= '1' && e->d_name[0] <= '9') {
				(*kept)++;
				mine |= atoi(e->d_name) == n;
			}
		closedir(d);
		/* The take in use is kept once the run that made it ends. */
		*kept += !mine;
	}
	free(p);
	return n;
}

/* "H:MM:SS.mmm" of t seconds, as WebVTT writes times. */
static void
vtt_time(struct buf *b, double t)
{
	long ms = (long)(t * 1000 + 0.5);

	if (ms < 0)
		ms = 0;
	buf_addf(b, "%02ld:%02ld:%02ld.%03ld", ms / 3600000,
	    ms / 60000 % 60, ms / 1000 % 60, ms % 1000);
}

/* Appends "data:text/vtt,..." of the WebVTT text vtt, escaped for HTML. */
static void
data_url(struct buf *b, const char *vtt)
{
	buf_add(b, "data:text/vtt;charset=utf-8,");
	pct(b, vtt, strlen(vtt), 0);
}

/* A cue's text for WebVTT: & < > as entities, no blank line or "-->". */
static void
cue_text(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++)
		if (*s == '&')
			buf_add(b, "&amp;");
		else if (*s == '<')
			buf_add(b, "&lt;");
		else if (*s == '>')
			buf_add(b, "&gt;");
		else if (*s == '\n' || *s == '\r')
			buf_add(b, " ");
		else
			buf_addn(b, s, 1);
}

/* One chapter cue. */
static void
chapter(struct buf *b, double from, double to, const char *title)
{
	buf_add(b, "\n");
	vtt_time(b, from);
	buf_add(b, " --> ");
	vtt_time(b, to);
	buf_add(b, "\n");
	cue_text(b, title);
	buf_add(b, "\n");
}

/* The chapters of video (borrowed) as WebVTT: the title card, each
 * scene, the end card. */
static char *
chapters_vtt(jv video)
{
	struct buf b = { 0 };
	jv tc = get(video, "title_card"), ec = get(video, "end_card");
	jv scenes = get(video, "scenes");

	buf_add(&b, "WEBVTT\n");
	if (jv_get_kind(tc) == JV_KIND_OBJECT)
		chapter(&b, num(tc, "start", 0),
		    num(tc, "end", 0), "Title");
	if (jv_get_kind(scenes) == JV_KIND_ARRAY)
		jv_array_foreach(scenes, i, sc) {
			int no = (int)num(sc, "scene", i + 1);
			char *t = xasprintf("Scene %d", no);

			chapter(&b, num(sc, "start", 0),
			    num(sc, "end", 0), t);
			free(t);
			jv_free(sc);
		}
	if (jv_get_kind(ec) == JV_KIND_OBJECT)
		chapter(&b, num(ec, "start", 0),
		    num(ec, "end", 0), "The end");
	jv_free(tc);
	jv_free(ec);
	jv_free(scenes);
	return buf_take(&b);
}

/* The entry of arr (borrowed) whose "scene" is no, or null. */
static jv
by_scene(jv arr, int no)
{
	jv out = jv_null();

	if (jv_get_kind(arr) != JV_KIND_ARRAY)
		return out;
	jv_array_foreach(arr, i, e) {
		(void)i;
		if (jv_get_kind(out) == JV_KIND_NULL &&
		    num(e, "scene", -1) == no)
			out = jv_copy(e);
		jv_free(e);
	}
	return out;
}

/* Appends what usage (borrowed) of provider/model used and cost. */
static void
cost_of(struct buf *b, const char *provider, const char *model, jv usage,
    jv prices)
{
	double usd = 0;
	int unknown = 0, any = 0;

	if (strcmp(provider, "offline") == 0 || strcmp(provider, "espeak") ==
	    0 || strcmp(provider, "flite") == 0 || strcmp(provider, "none") ==
	    0) {
		buf_add(b, "nothing (offline)");
		return;
	}
	if (jv_get_kind(usage) != JV_KIND_OBJECT) {
		buf_add(b, "not recorded");
		return;
	}
	jv_object_foreach(usage, k, v) {
		const char *key = jv_string_value(k);

		if (jv_get_kind(v) == JV_KIND_NUMBER &&
		    strcmp(key, "seconds") != 0 && strcmp(key, "calls") != 0) {
			char *pk = xasprintf("%s %s %s", provider, *model ?
			    model : "-", key);
			jv p = get(prices, pk);

			buf_add(b, any++ ? ", " : "");
			buf_addf(b, "%g ", jv_number_value(v));
			review_escape(b, key);
			if (jv_get_kind(p) == JV_KIND_NUMBER)
				usd += jv_number_value(p) * jv_number_value(v);
			else
				unknown = 1;
			jv_free(p);
			free(pk);
		}
		jv_free(k);
		jv_free(v);
	}
	if (!any)
		buf_add(b, "nothing recorded");
	else if (unknown)
		buf_add(b, "; about ? USD (no price in the table)");
	else
		buf_addf(b, "; about %.4f USD", usd);
}

/* A row "name: value" of an asset's table, value escaped. */
static void
row(struct buf *b, const char *name, const char *value)
{
	if (*value == '\0')
		return;
	buf_addf(b, "<tr><th>%s</th><td>", name);
	review_escape(b, value);
	buf_add(b, "</td></tr>\n");
}

/* The shell command that redoes an asset, for workflow id. */
static void
command(struct buf *b, const char *label, const char *id, const char *args)
{
	struct buf q = { 0 };
	const char *p;
	int plain = asset_id_ok(id);

	buf_add(&q, "make WORKFLOW=");
	if (!plain)
		buf_add(&q, "'");
	for (p = id; *p != '\0'; p++)
		if (*p == '\'')
			buf_add(&q, "'\\''");
		else
			buf_addn(&q, p, 1);
	if (!plain)
		buf_add(&q, "'");
	buf_addf(&q, " %s", args);
	buf_addf(b, "<tr><th>%s</th><td><code>", label);
	review_escape(b, q.s);
	buf_add(b, "</code></td></tr>\n");
	free(buf_take(&q));
}

/* What made a picture or a clip dir/sub/NAME.ext: its request (NAME.json),
 * the service's provenance beside it when made for that very request
 * (NAME.ext.json), and its take; h holds the table's strings. */
struct made {
	jv req, sd, h[5];
	int take, kept;
};

static void
made_read(struct made *m, const char *dir, const char *sub, const char *ext,
    const char *name)
{
	char *rel = xasprintf("%s/%s.json", sub, name);
	char *srel = xasprintf("%s/%s.%s.json", sub, name, ext);
	int i;

	m->req = side(dir, rel);
	m->sd = provenance(dir, srel, m->req);
	m->take = take_of(dir, sub, ext, name, &m->kept);
	for (i = 0; i < 5; i++)
		m->h[i] = jv_null();
	free(rel);
	free(srel);
}

static void
made_release(struct made *m)
{
	int i;

	for (i = 0; i < 5; i++)
		jv_free(m->h[i]);
	jv_free(m->req);
	jv_free(m->sd);
}

/* The take, provider and model rows of m: the provider and model the
 * provenance says, else prov's (borrowed) provider and the request's
 * model. */
static void
made_rows(struct buf *b, struct made *m, jv prov)
{
	char tk[64];
	int sd = jv_get_kind(m->sd) == JV_KIND_OBJECT;

	snprintf(tk, sizeof tk, "%d (%d kept)", m->take, m->kept > 1 ?
	    m->kept : 1);
	row(b, "take", tk);
	row(b, "provider", str(sd ? m->sd : prov, "provider", &m->h[0]));
	row(b, "model", str(sd ? m->sd : m->req, "model", &m->h[1]));
}

/* The cost row of m: what its usage cost with its provider and model. */
static void
made_cost(struct buf *b, const struct review_in *in, const struct made *m)
{
	jv use = get(m->sd, "usage");
	struct buf c = { 0 };

	cost_of(&c, json_str(m->h[0]), json_str(m->h[1]), use, in->prices);
	buf_add(b, "<tr><th>cost</th><td>");
	buf_add(b, c.s);
	buf_add(b, "</td></tr>\n");
	free(buf_take(&c));
	jv_free(use);
}

/* The commands that redo scene no's asset (what: make's WHAT and LINE,
 * or "") and take the one kept before it back. */
static void
made_commands(struct buf *b, const struct made *m, const char *id, int no,
    const char *what)
{
	char *args = xasprintf("redo SCENE=%d%s", no, what);

	command(b, "redo", id, args);
	free(args);
	if (m->kept > 1) {
		args = xasprintf("take SCENE=%d%s TAKE=%d", no, what,
		    m->take > 1 ? m->take - 1 : 2);
		command(b, "another take", id, args);
		free(args);
	}
}

/* The picture's table: what made it (request, sidecar, state). */
static void
picture_rows(struct buf *b, const struct review_in *in, jv sc, int no,
    const char *id)
{
	struct made m;
	char nn[16];

	snprintf(nn, sizeof nn, "%02d", no);
	made_read(&m, in->dir, "scenes", "png", nn);
	buf_add(b, "<table>\n");
	made_rows(b, &m, sc);
	made_cost(b, in, &m);
	row(b, "seed", str(m.req, "seed", &m.h[2]));
	row(b, "prompt", str(sc, "prompt", &m.h[3]));
	row(b, "revised prompt", str(m.sd, "revised_prompt", &m.h[4]));
	made_commands(b, &m, id, no, "");
	buf_add(b, "</table>\n");
	made_release(&m);
}

/*
 * The table of one clip, narration/NAME.wav (a line of scene no, LINE
 * (0: the scene's one clip, from before lines): what made it.
 */
static void
voice_table(struct buf *b, const struct review_in *in, jv na, int no,
    const char *name, int line, const char *id)
{
	struct made m;
	char ln[24], what[48], *args;

	made_read(&m, in->dir, "narration", "wav", name);
	buf_add(b, "<table>\n");
	if (line > 0) {
		snprintf(ln, sizeof ln, "%d", line);
		row(b, "line", ln);
		row(b, "speaker", str(m.req, "speaker", &m.h[4]));
	}
	made_rows(b, &m, jv_get_kind(m.req) == JV_KIND_OBJECT ? m.req : na);
	row(b, "voice", str(jv_get_kind(m.req) == JV_KIND_OBJECT ? m.req :
	    na, "voice", &m.h[2]));
	made_cost(b, in, &m);
	row(b, "text spoken", str(m.req, "text", &m.h[3]));
	snprintf(what, sizeof what, " WHAT=voice");
	if (line > 1)
		snprintf(what, sizeof what, " WHAT=voice LINE=%d", line);
	made_commands(b, &m, id, no, what);
	args = xasprintf("edit SCENE=%d", no);
	command(b, "edit the words", id, args);
	free(args);
	buf_add(b, "</table>\n");
	made_release(&m);
}

/* The voice's tables: one a line's clip (narration/NN-LL), or the
 * scene's one clip (NN) in a workflow made before lines. */
static void
voice_rows(struct buf *b, const struct review_in *in, jv na, int no,
    const char *id)
{
	char name[16], *p;
	int line, there;

	for (line = 1; line < 1000; line++) {
		snprintf(name, sizeof name, "%02d-%02d", no, line);
		p = xasprintf("%s/narration/%s.json", in->dir, name);
		there = access(p, F_OK) == 0;
		free(p);
		if (!there)
			break;
		voice_table(b, in, na, no, name, line, id);
	}
	if (line == 1) {
		snprintf(name, sizeof name, "%02d", no);
		voice_table(b, in, na, no, name, 0, id);
	}
}

/* The lines of segment seg (borrowed): its lines[] with speakers, else
 * its narration. */
static void
lines_of(struct buf *b, jv seg)
{
	jv lines = get(seg, "lines"), h;

	buf_add(b, "<ol class=\"lines\">\n");
	if (jv_get_kind(lines) == JV_KIND_ARRAY &&
	    jv_array_length(jv_copy(lines)) > 0)
		jv_array_foreach(lines, i, l) {
			jv s = get(l, "speaker"), t = get(l, "text");

			(void)i;
			buf_add(b, "<li><span class=\"speaker\">");
			review_escape(b, *json_str(s) ? json_str(s) :
			    "narrator");
			buf_add(b, ":</span> ");
			review_escape(b, json_str(t));
			buf_add(b, "</li>\n");
			jv_free(s);
			jv_free(t);
			jv_free(l);
		}
	else {
		buf_add(b, "<li><span class=\"speaker\">narrator:</span> ");
		review_escape(b, str(seg, "narration", &h));
		buf_add(b, "</li>\n");
		jv_free(h);
	}
	buf_add(b, "</ol>\n");
	jv_free(lines);
}

/*
 * The table of the scene's words: their take (text/NN.take; a redo
 * WHAT=text makes another), what wrote the take in use (its record,
 * .mv/takes/text/NN.json/T/words.json), and the commands.
 */
static void
words_rows(struct buf *b, const struct review_in *in, int no, const char *id)
{
	char nn[16], tk[64], *rel, *args;
	int kept, take;
	jv rec, h[2], t;

	snprintf(nn, sizeof nn, "%02d", no);
	take = take_of(in->dir, "text", "json", nn, &kept);
	rel = xasprintf(".mv/takes/text/%s.json/%d/words.json", nn, take);
	rec = side(in->dir, rel);
	buf_add(b, "<table>\n");
	snprintf(tk, sizeof tk, "%d (%d kept)", take, kept > 1 ? kept : 1);
	row(b, "take", tk);
	if (jv_get_kind(rec) == JV_KIND_OBJECT) {
		row(b, "written by", str(rec, "provider", &h[0]));
		row(b, "model", str(rec, "model", &h[1]));
		t = get(rec, "temperature");
		if (jv_get_kind(t) == JV_KIND_NUMBER) {
			snprintf(tk, sizeof tk, "%.2f", jv_number_value(t));
			row(b, "temperature", tk);
		}
		jv_free(t);
		jv_free(h[0]);
		jv_free(h[1]);
	}
	args = xasprintf("redo SCENE=%d WHAT=text", no);
	command(b, "redo", id, args);
	free(args);
	if (kept > 1) {
		args = xasprintf("take SCENE=%d WHAT=text TAKE=%d", no,
		    take > 1 ? take - 1 : 2);
		command(b, "another take", id, args);
		free(args);
	}
	args = xasprintf("edit SCENE=%d", no);
	command(b, "edit the words", id, args);
	free(args);
	buf_add(b, "</table>\n");
	jv_free(rec);
	free(rel);
}

/* One scene's section. */
static void
scene_section(struct buf *b, const struct review_in *in, jv st, jv seg,
    const char *id)
{
	int no = (int)num(seg, "scene", 0);
	jv scenes = get(st, "scenes"), narr = get(st, "narration");
	jv video = get(st, "video"), vsc = get(video, "scenes");
	jv sc = by_scene(scenes, no), na = by_scene(narr, no);
	jv vs = by_scene(vsc, no), img;
	double len = num(vs, "end", 0) - num(vs, "start", 0);

	buf_addf(b, "<section class=\"scene\" id=\"scene-%d\">\n", no);
	img = get(sc, "image");
	if (present(in->dir, json_str(img))) {
		buf_add(b, "<img src=\"");
		review_url(b, json_str(img));
		buf_addf(b, "\" alt=\"the picture of scene %d\">\n", no);
	}
	buf_addf(b, "<div>\n<h2>Scene %d</h2>\n", no);
	buf_addf(b, "<p>%.1f s in the video (from %.1f s); the clip "
	    "%.1f s</p>\n", len > 0 ? len : 0, num(vs, "start", 0),
	    num(na, "seconds", 0));
	lines_of(b, seg);
	buf_add(b, "<details><summary>Words</summary>\n");
	words_rows(b, in, no, id);
	buf_add(b, "</details>\n<details open><summary>Picture</summary>\n");
	picture_rows(b, in, sc, no, id);
	buf_add(b, "</details>\n<details><summary>Voice</summary>\n");
	voice_rows(b, in, na, no, id);
	buf_add(b, "</details>\n</div>\n</section>\n");
	jv_free(img);
	jv_free(scenes);
	jv_free(narr);
	jv_free(video);
	jv_free(vsc);
	jv_free(sc);
	jv_free(na);
	jv_free(vs);
}

/* The character sheets that exist: reference_image, else
 * characters/NAME.png. */
static void
sheets(struct buf *b, const struct review_in *in, jv chars)
{
	int n = 0;

	if (jv_get_kind(chars) != JV_KIND_ARRAY)
		return;
	jv_array_foreach(chars, i, c) {
		jv name = get(c, "name"), ref = get(c, "reference_image");
		char *p = jv_get_kind(ref) == JV_KIND_STRING ?
		    xstrdup(jv_string_value(ref)) :
		    xasprintf("characters/%s.png", json_str(name));

		(void)i;
		if (present(in->dir, p)) {
			if (n++ == 0)
				buf_add(b, "<h2>Characters</h2>\n"
				    "<div class=\"sheets\">\n");
			buf_add(b, "<figure><img src=\"");
			review_url(b, p);
			buf_add(b, "\" alt=\"");
			review_escape(b, json_str(name));
			buf_add(b, "\"><figcaption>");
			review_escape(b, json_str(name));
			buf_add(b, "</figcaption></figure>\n");
		}
		free(p);
		jv_free(name);
		jv_free(ref);
		jv_free(c);
	}
	if (n > 0)
		buf_add(b, "</div>\n");
}

/* The run's log: a row per step, with its usage and warnings. */
static void
log_table(struct buf *b, jv log)
{
	buf_add(b, "<h2>Log</h2>\n<table>\n<tr><th>program</th><th>provider"
	    "</th><th>model</th><th>started</th><th>seconds</th><th>usage"
	    "</th><th>warnings</th></tr>\n");
	if (jv_get_kind(log) == JV_KIND_ARRAY)
		jv_array_foreach(log, i, e) {
			const char *keys[] = { "program", "provider", "model",
			    "started" };
			jv u = get(e, "usage"), w = get(e, "warnings"), h;
			size_t k;

			(void)i;
			buf_add(b, "<tr>");
			for (k = 0; k < sizeof keys / sizeof *keys; k++) {
				buf_add(b, "<td>");
				review_escape(b, str(e, keys[k], &h));
				buf_add(b, "</td>");
				jv_free(h);
			}
			buf_addf(b, "<td>%.3g</td><td>", num(e, "seconds", 0));
			if (jv_get_kind(u) == JV_KIND_OBJECT)
				jv_object_foreach(u, k2, v) {
					buf_add(b, " ");
					review_escape(b, jv_string_value(k2));
					buf_addf(b, "=%g", json_num(v, 0));
					jv_free(k2);
				}
			jv_free(u);
			buf_add(b, "</td><td>");
			if (jv_get_kind(w) == JV_KIND_ARRAY)
				jv_array_foreach(w, k3, x) {
					(void)k3;
					review_escape(b, json_str(x));
					buf_add(b, "<br>");
					jv_free(x);
				}
			jv_free(w);
			buf_add(b, "</td></tr>\n");
			jv_free(e);
		}
	buf_add(b, "</table>\n");
}

/* The video, its tracks and the chapter list. */
static void
video_part(struct buf *b, const struct review_in *in, jv video)
{
	jv path = get(video, "path"), vtt = get(video, "webvtt");
	char *subs = text_of(in->dir, *json_str(vtt) ? json_str(vtt) :
	    "video.vtt");
	char *chap = chapters_vtt(video);
	jv scenes = get(video, "scenes");

	buf_add(b, "<video controls preload=\"auto\" src=\"");
	review_url(b, json_str(path));
	buf_add(b, "\">\n");
	if (subs != NULL && strncmp(subs, "WEBVTT", 6) == 0) {
		buf_add(b, "<track kind=\"subtitles\" label=\"Subtitles\" "
		    "srclang=\"en\" default src=\"");
		data_url(b, subs);
		buf_add(b, "\">\n");
	}
	buf_add(b, "<track kind=\"chapters\" label=\"Scenes\" srclang=\"en\" "
	    "src=\"");
	data_url(b, chap);
	buf_add(b, "\">\n</video>\n<p>Chapters:");
	if (jv_get_kind(scenes) == JV_KIND_ARRAY)
		jv_array_foreach(scenes, i, sc) {
			double t = num(sc, "start", 0);
			int no = (int)num(sc, "scene", i + 1);

			buf_addf(b, " <a href=\"#scene-%d\" data-t=\"%.3f\">"
			    "scene %d (", no, t, no);
			vtt_time(b, t);
			buf_add(b, ")</a>");
			jv_free(sc);
		}
	buf_add(b, "</p>\n");
	jv_free(scenes);
	jv_free(path);
	jv_free(vtt);
	free(subs);
	free(chap);
}

char *
review_page(jv st, const struct review_in *in, char **err)
{
	jv video = get(st, "video"), segs = get(st, "segments"), h[3];
	jv story = get(st, "story"), chars = get(st, "characters");
	jv log = get(st, "log");
	struct buf b = { 0 };
	const char *title, *id;

	if (jv_get_kind(segs) != JV_KIND_ARRAY ||
	    !asset_path_ok(json_str(h[0] = get(video, "path")))) {
		*err = xstrdup(jv_get_kind(segs) != JV_KIND_ARRAY ?
		    "segments: missing, expected an array (run mv-segment)" :
		    "video.path: expected a relative path inside the "
		    "workflow (run mv-assemble)");
		jv_free(h[0]);
		jv_free(video);
		jv_free(segs);
		jv_free(story);
		jv_free(chars);
		jv_free(log);
		return NULL;
	}
	jv_free(h[0]);
	title = str(story, "title", &h[0]);
	id = str(st, "workflow_id", &h[1]);
	buf_add(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width\">\n"
	    "<title>Review: ");
	review_escape(&b, title);
	buf_addf(&b, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>",
	    style);
	review_escape(&b, title);
	buf_add(&b, "</h1>\n<p>Workflow <code>");
	review_escape(&b, id);
	buf_addf(&b, "</code>: %d scenes, %.1f s, %dx%d.</p>\n",
	    jv_array_length(jv_copy(segs)), num(video, "duration", 0),
	    (int)num(video, "width", 0),
	    (int)num(video, "height", 0));
	video_part(&b, in, video);
	jv_array_foreach(segs, i, seg) {
		(void)i;
		scene_section(&b, in, st, seg, id);
		jv_free(seg);
	}
	sheets(&b, in, chars);
	buf_add(&b, "<h2>Cost</h2>\n<pre>");
	review_escape(&b, in->cost && *in->cost ? in->cost :
	    "No paid calls: every step ran offline.");
	buf_add(&b, "</pre>\n");
	log_table(&b, log);
	buf_addf(&b, "<script>%s</script>\n</body>\n</html>\n", script);
	jv_free(h[0]);
	jv_free(h[1]);
	jv_free(video);
	jv_free(segs);
	jv_free(story);
	jv_free(chars);
	jv_free(log);
	return buf_take(&b);
}
