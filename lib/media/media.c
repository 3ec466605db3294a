#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unigbrk.h>
#include <unilbrk.h>
#include <unistr.h>
#include <uniwidth.h>

#include "core/atomic.h"
#include "core/child.h"
#include "core/state.h"
#include "core/text.h"
#include "core/util.h"
#include "media/media.h"

/* U+2060, drawn as nothing: breaks a markup sequence without a mark. */
#define WORD_JOINER "\xe2\x81\xa0"

int
media_clip_keep(const char *path, const char *engine, const void *wav,
    size_t len, const char *text, int wpm, char **err)
{
	double secs;
	char *why;

	if ((secs = media_wav_check((unsigned char *)wav, len, &why)) < 0) {
		*err = xasprintf("'%s': %s: %s", path, engine, why);
		free(why);
		return -1;
	}
	if (media_clip_check(path, secs, text, wpm, err) < 0)
		return -1;
	return atomic_write(path, wav, len, err);
}

int
media_clip_keep_words(const char *path, const char *engine,
    const void *wav, size_t len, jv words, const char *text, int wpm,
    char **err)
{
	char *wp = xasprintf("%s.words.json", path);
	int rc = media_sidecar(wp, JV_OBJECT(jv_string("words"), words), err);

	free(wp);
	return rc < 0 ? -1 : media_clip_keep(path, engine, wav, len, text,
	    wpm, err);
}

size_t
media_words(const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t n = 0;
	int in = 0;

	for (; *s; s++) {
		if (s[0] == 0xe2 && (s[1] == 0x80 || s[1] == 0x81) && s[2]) {
			/* General punctuation (dashes, quotes): a gap. */
			in = 0;
			s += 2;
		} else if (*s >= 0xe2 && *s < 0xf8 && !(s[0] == 0xe2 &&
		    s[1] < 0xba)) {
			/* A character from U+2E80 on: a word of its own. */
			n++;
			in = 0;
			while ((s[1] & 0xc0) == 0x80)
				s++;
		} else if ((*s >= '0' && *s <= '9') || ((*s | 0x20) >= 'a' &&
		    (*s | 0x20) <= 'z') || *s >= 0x80) {
			n += !in;
			in = 1;
		} else if (*s == ' ' || *s == '\t' || *s == '\n' ||
		    *s == '\r')
			in = 0;
	}
	return n;
}

int
media_clip_check(const char *path, double secs, const char *text, int wpm,
    char **why)
{
	size_t words = media_words(text);
	double planned, lo, hi;

	if (wpm < 1)
		wpm = 150;
	planned = 60.0 * (double)words / wpm;
	lo = planned / MEDIA_CLIP_RATIO;
	hi = planned * MEDIA_CLIP_RATIO + MEDIA_CLIP_SLACK;
	if (secs >= lo && secs <= hi)
		return 0;
	*why = xasprintf("'%s': %.2f s of speech for %zu word%s; expected "
	    "%.1f to %.1f s at %d words a minute", path, secs, words,
	    words == 1 ? "" : "s", lo, hi, wpm);
	return -1;
}

jv
media_narration_request(jv seg, jv prefs, const char *provider)
{
	jv voice = jv_object_get(jv_copy(prefs), jv_string("voice"));
	jv wpm = jv_object_get(jv_copy(prefs), jv_string("narration_wpm"));
	jv lang = jv_object_get(jv_copy(prefs), jv_string("language"));
	const char *l = json_str(lang);
	jv out;

	if (jv_get_kind(voice) != JV_KIND_STRING) {
		jv_free(voice);
		voice = jv_string("en-us");
	}
	if (jv_get_kind(wpm) != JV_KIND_NUMBER) {
		jv_free(wpm);
		wpm = jv_number(150);
	}
	out = JV_OBJECT(jv_string("scene"), jv_object_get(jv_copy(seg),
	    jv_string("scene")),
	    jv_string("text"), jv_object_get(jv_copy(seg),
	    jv_string("narration")),
	    jv_string("voice"), voice,
	    jv_string("wpm"), wpm,
	    jv_string("provider"), jv_string(provider),
	    jv_string("model"), jv_null());
	/* A language other than English, for the services' models. */
	if (*l != '\0' && !(strncasecmp(l, "en", 2) == 0 && (l[2] == '\0' ||
	    l[2] == '-')))
		out = jv_object_set(out, jv_string("language"), jv_copy(lang));
	jv_free(lang);
	return out;
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

int
media_wav_seconds(const char *path, double *secs, char **err)
{
	unsigned char h[12], ch[8], fmt[16];
	uint32_t rate = 0, align = 0, size;
	FILE *fp = fopen(path, "rb");
	long here, end;

	if (fp == NULL) {
		*err = xasprintf("'%s': %s", path, strerror(errno));
		return -1;
	}
	if (fread(h, 1, 12, fp) != 12 || memcmp(h, "RIFF", 4) != 0 ||
	    memcmp(h + 8, "WAVE", 4) != 0)
		goto bad;
	fseek(fp, 0, SEEK_END);
	end = ftell(fp);
	fseek(fp, 12, SEEK_SET);
	while (fread(ch, 1, 8, fp) == 8) {
		size = le32(ch + 4);
		here = ftell(fp);
		if (memcmp(ch, "fmt ", 4) == 0 && size >= 16) {
			if (fread(fmt, 1, 16, fp) != 16)
				goto bad;
			rate = le32(fmt + 4);
			align = (uint32_t)fmt[12] | (uint32_t)fmt[13] << 8;
		} else if (memcmp(ch, "data", 4) == 0) {
			if (rate == 0 || align == 0)
				goto bad;
			/* A streamed WAV may leave the size unset. */
			if (size == 0 || size == 0xffffffff ||
			    (long)size > end - here)
				size = (uint32_t)(end - here);
			*secs = (double)(size / align) / rate;
			fclose(fp);
			if (*secs <= 0) {
				*err = xasprintf("'%s': no audio in it", path);
				return -1;
			}
			return 0;
		}
		if (fseek(fp, here + (long)size + (size & 1), SEEK_SET) != 0)
			break;
	}
bad:
	fclose(fp);
	*err = xasprintf("'%s': not a PCM WAV file", path);
	return -1;
}

static void
stamp(struct buf *b, double t, char sep)
{
	long ms = lround(t * 1000);

	buf_addf(b, "%02ld:%02ld:%02ld%c%03ld", ms / 3600000, ms / 60000 % 60,
	    ms / 1000 % 60, sep, ms % 1000);
}

/*
 * A run of a subtitle's text that is never split: a word, or where words
 * are not spaced (text_unspaced) what lies between two places where a
 * line may break (libunistring's line breaks, UAX #14), never inside a
 * grapheme cluster (UAX #29: combining marks, conjuncts, emoji joined by
 * ZWJ).
 */
struct atom {
	size_t off, len;	/* bytes of the squeezed text */
	size_t width;		/* display columns: 2 a wide cluster, else 1 */
	size_t graphemes;
	size_t tok;		/* the word (between spaces) it is part of */
	size_t at;		/* graphemes of that word before it */
	int sp;			/* a space before it */
	int last;		/* a phrase ends with it: a space, a comma or a
				 * full stop (of any script) follows */
	int ends;		/* it ends a sentence */
};

/* Appends an atom to *v (n of them, cap). */
static struct atom *
atom_add(struct atom *v, size_t *n, size_t *cap, const struct atom *a)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		v = xrealloc(v, *cap * sizeof *v);
	}
	v[(*n)++] = *a;
	return v;
}

/* Closes the atom a (of t) and appends it, when it holds anything. */
static struct atom *
atom_close(struct atom *v, size_t *n, size_t *cap, struct atom *a,
    const char *t, size_t end)
{
	char *s;

	a->len = end - a->off;
	if (a->len == 0)
		return v;
	s = xasprintf("%.*s", (int)a->len, t + a->off);
	a->ends = text_ends_sentence(s);
	a->last = a->last || text_ends_clause(s);
	free(s);
	return atom_add(v, n, cap, a);
}

/*
 * Whether a line may break before c after prev only with a dictionary of
 * words, which libunistring does not have (Thai, Lao, Khmer, Myanmar:
 * it offers no break inside their runs): there, between any two grapheme
 * clusters except after a vowel written before its consonant (U+0E40 to
 * U+0E44, U+0EC0 to U+0EC4) or before a repetition mark (U+0E46,
 * U+0EC6), a last resort for a phrase longer than a
 * line (cues_fill keeps a phrase that fits whole).
 */
static int
dictionary(ucs4_t c)
{
	return (c >= 0xe00 && c <= 0xeff) || (c >= 0x1000 && c <= 0x109f) ||
	    (c >= 0x1780 && c <= 0x17ff);
}

/*
 * The atoms of the squeezed text t (n bytes): *ntok gets the number of
 * its words and *tokg (malloc'd) each word's graphemes.
 */
static struct atom *
atoms_of(const char *t, size_t n, size_t *na, size_t *ntok, size_t **tokg)
{
	const uint8_t *u = (const uint8_t *)t;
	char *gb = xmalloc(n + 1), *lb = xmalloc(n + 1);
	struct atom *v = NULL, a = { 0 };
	size_t cap = 0, i, j, tok = 0, *g = xmalloc((n + 1) * sizeof *g);
	ucs4_t c, prev = 0;

	memset(g, 0, (n + 1) * sizeof *g);
	u8_grapheme_breaks(u, n, gb);
	u8_possible_linebreaks(u, n, "UTF-8", lb);
	*na = 0;
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && !gb[j]; j++)
			;
		if (u8_mbtouc(&c, u + i, j - i) < 1)
			c = 0xfffd;
		if (t[i] == ' ') {
			a.last = 1;
			v = atom_close(v, na, &cap, &a, t, i);
			memset(&a, 0, sizeof a);
			a.off = j;
			a.sp = 1;
			a.tok = ++tok;
			continue;
		}
		if (i > a.off && ((lb[i] == UC_BREAK_POSSIBLE &&
		    (text_unspaced((long)prev) || text_unspaced((long)c))) ||
		    (dictionary(prev) && dictionary(c) && !(prev >= 0xe40 &&
		    prev <= 0xe44) && !(prev >= 0xec0 && prev <= 0xec4) &&
		    c != 0xe46 && c != 0xec6))) {
			size_t at = a.at + a.graphemes;

			v = atom_close(v, na, &cap, &a, t, i);
			memset(&a, 0, sizeof a);
			a.off = i;
			a.tok = tok;
			a.at = at;
		}
		a.width += uc_width(c, "UTF-8") == 2 ? 2 : 1;
		a.graphemes++;
		g[tok]++;
		prev = c;
	}
	a.last = 1;
	v = atom_close(v, na, &cap, &a, t, n);
	free(gb);
	free(lb);
	*ntok = tok + 1;
	*tokg = g;
	return v;
}

/* Where a cue is: its first and last atoms, its graphemes. */
struct cue_at {
	size_t a0, a1, graphemes;
};

/* Ends the cue being filled (b) at atom a - 1 and starts the next. */
static void
cue_end(struct cue **v, struct cue_at **w, size_t *n, size_t *cap,
    struct buf *b, size_t *first, size_t a, size_t *g)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*v = xrealloc(*v, *cap * sizeof **v);
		*w = xrealloc(*w, *cap * sizeof **w);
	}
	(*v)[*n].text = buf_take(b);
	(*w)[*n].a0 = *first;
	(*w)[*n].a1 = a - 1;
	(*w)[*n].graphemes = *g;
	(*n)++;
	*first = a;
	*g = 0;
}

/*
 * The atoms (na) in cues of at most two lines of SUB_LINE columns: a
 * phrase (words joined without a space up to a comma or full stop, CJK)
 * that fits a line is not split; a cue ends early at a sentence's end
 * once half full. *w (malloc'd) gets where each cue is.
 */
static size_t
cues_fill(const char *t, const struct atom *at, size_t na, struct cue **out,
    struct cue_at **w)
{
	struct cue *v = NULL;
	struct buf cue = { 0 };
	size_t n = 0, cap = 0, line = 0, lines = 1, a, k, pw, first = 0, g = 0;

	*w = NULL;
	for (a = 0; a < na; a++) {
		size_t gap = line > 0 && at[a].sp;

		/* A phrase that would not fit the line starts the next. */
		for (pw = 0, k = a; k < na && (k == a || !at[k].sp); k++) {
			pw += at[k].width;
			if (at[k].last)
				break;
		}
		if (line > 0 && line + gap + (at[a].sp || at[a - 1].last ? pw :
		    at[a].width) > SUB_LINE) {
			if (lines == 2) {
				cue_end(&v, w, &n, &cap, &cue, &first, a, &g);
				lines = 1;
			} else {
				buf_add(&cue, "\n");
				lines = 2;
			}
			line = 0;
			gap = 0;
		}
		if (gap)
			buf_add(&cue, " ");
		buf_addn(&cue, t + at[a].off, at[a].len);
		line += gap + at[a].width;
		g += gap + at[a].graphemes;
		if (at[a].ends && at[a].last && a + 1 < na && (lines == 2 ||
		    line >= SUB_LINE / 2)) {
			cue_end(&v, w, &n, &cap, &cue, &first, a + 1, &g);
			lines = 1;
			line = 0;
		}
	}
	if (cue.len > 0)
		cue_end(&v, w, &n, &cap, &cue, &first, na, &g);
	*out = v;
	return n;
}

size_t
media_cues(const char *text, double start, double end, struct cue **out)
{
	return media_cues_at(text, start, end, NULL, 0, out);
}

size_t
media_cues_at(const char *text, double start, double end,
    const double *onsets, size_t nonsets, struct cue **out)
{
	char *t = text_squeeze(text);
	size_t na = 0, ntok = 0, *tokg = NULL, n = 0, i, total, at;
	struct atom *a = *t ? atoms_of(t, strlen(t), &na, &ntok, &tokg) : NULL;
	struct cue_at *w = NULL;
	struct cue *v = NULL;

	if (na > 0)
		n = cues_fill(t, a, na, &v, &w);
	for (i = 0; i < n; i++) {
		v[i].first = a[w[i].a0].tok;
		v[i].words = a[w[i].a1].tok - a[w[i].a0].tok + 1;
	}
	if (onsets != NULL && nonsets == ntok && n > 0) {
		/* Each cue from its first word's onset to the next's; one
		 * that begins inside a word (CJK) that far into it. */
		for (i = 0; i < n; i++) {
			const struct atom *f = &a[w[i].a0];
			double o = onsets[f->tok], next = f->tok + 1 < ntok ?
			    onsets[f->tok + 1] : end - start;

			v[i].start = fmin(end, start + o + (next > o &&
			    tokg[f->tok] > 0 ? (next - o) * (double)f->at /
			    (double)tokg[f->tok] : 0));
			if (i > 0)
				v[i].start = fmax(v[i].start, v[i - 1].start);
		}
		for (i = 0; i < n; i++)
			v[i].end = i + 1 < n ? v[i + 1].start : end;
	} else {
		/* Each cue is shown for a share of the narration in
		 * proportion to its length: speech takes time in proportion
		 * to its letters. */
		for (i = 0, total = 0; i < n; i++)
			total += w[i].graphemes + 1;
		for (i = 0, at = 0; i < n; i++) {
			v[i].start = start + (end - start) * (double)at /
			    (double)total;
			at += w[i].graphemes + 1;
			v[i].end = start + (end - start) * (double)at /
			    (double)total;
		}
	}
	free(w);
	free(a);
	free(tokg);
	free(t);
	*out = v;
	return n;
}

void
media_cues_free(struct cue *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}

/*
 * A cue's text as a subtitle file shows it literally. WebVTT reads "<"
 * as a tag and "&" as an entity, so those and ">" are written as
 * entities. SRT has no escapes, but players read "<i>"-style tags and
 * "{\\...}" override tags in it (FFmpeg and libass among them), and a
 * "-->" in a cue confuses some parsers: there a word joiner (U+2060,
 * drawn as nothing) goes after each "<" and "{" and inside "-->".
 */
static void
sub_text(struct buf *b, const char *s, int vtt)
{
	for (; *s; s++)
		if (vtt && *s == '&')
			buf_add(b, "&amp;");
		else if (vtt && *s == '<')
			buf_add(b, "&lt;");
		else if (vtt && *s == '>')
			buf_add(b, "&gt;");
		else if (!vtt && (*s == '<' || *s == '{'))
			buf_addf(b, "%c" WORD_JOINER, *s);
		else if (!vtt && strncmp(s, "-->", 3) == 0) {
			buf_add(b, "--" WORD_JOINER ">");
			s += 2;
		} else
			buf_addn(b, s, 1);
}

void
media_subtitles(const struct clip *c, const char *const *texts, size_t n,
    char **srt, char **vtt)
{
	struct buf a = { 0 }, b = { 0 };
	size_t i, k, m, no = 0;
	struct cue *v;

	buf_add(&b, "WEBVTT\n\n");
	for (i = 0; i < n; i++) {
		m = media_cues_at(texts[i], c[i].start, fmin(c[i].start +
		    c[i].seconds, c[i].end), c[i].onsets, c[i].nonsets, &v);
		for (k = 0; k < m; k++) {
			buf_addf(&a, "%zu\n", ++no);
			stamp(&a, v[k].start, ',');
			buf_add(&a, " --> ");
			stamp(&a, v[k].end, ',');
			buf_add(&a, "\n");
			sub_text(&a, v[k].text, 0);
			buf_add(&a, "\n\n");
			stamp(&b, v[k].start, '.');
			buf_add(&b, " --> ");
			stamp(&b, v[k].end, '.');
			buf_add(&b, "\n");
			sub_text(&b, v[k].text, 1);
			buf_add(&b, "\n\n");
		}
		media_cues_free(v, m);
	}
	*srt = buf_take(&a);
	*vtt = buf_take(&b);
}

int
media_png_size(const char *path, int *w, int *h)
{
	unsigned char b[24];
	FILE *fp = fopen(path, "rb");
	int ok;

	if (fp == NULL)
		return -1;
	ok = fread(b, 1, 24, fp) == 24 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0
	    && memcmp(b + 12, "IHDR", 4) == 0;
	fclose(fp);
	if (!ok)
		return -1;
	*w = (int)((uint32_t)b[16] << 24 | (uint32_t)b[17] << 16 |
	    (uint32_t)b[18] << 8 | b[19]);
	*h = (int)((uint32_t)b[20] << 24 | (uint32_t)b[21] << 16 |
	    (uint32_t)b[22] << 8 | b[23]);
	return 0;
}

static uint32_t
be16(const unsigned char *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t
le16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t
le24(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
}

/* A JPEG's size from its first SOFn segment (ITU-T T.81, B.1.1.3). */
static void
jpeg_size(const unsigned char *b, size_t n, long *w, long *h)
{
	size_t i = 2;
	unsigned m;

	while (i + 4 <= n) {
		if (b[i] != 0xff)
			return;
		m = b[i + 1];
		if (m == 0xff) {	/* fill */
			i++;
			continue;
		}
		if (m == 0x01 || (m >= 0xd0 && m <= 0xd8)) {
			i += 2;
			continue;
		}
		if (m == 0xd9 || m == 0xda)
			return;
		if (m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 &&
		    m != 0xcc) {
			if (i + 9 <= n) {
				*h = (long)be16(b + i + 5);
				*w = (long)be16(b + i + 7);
			}
			return;
		}
		i += 2 + be16(b + i + 2);
	}
}

const char *
media_image_header(const void *p, size_t n, long *w, long *h)
{
	const unsigned char *b = p;

	*w = *h = 0;
	if (n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0) {
		if (n >= 24 && memcmp(b + 12, "IHDR", 4) == 0) {
			*w = (long)(be16(b + 16) << 16 | be16(b + 18));
			*h = (long)(be16(b + 20) << 16 | be16(b + 22));
		}
		return "PNG";
	}
	if (n >= 3 && memcmp(b, "\xff\xd8\xff", 3) == 0) {
		jpeg_size(b, n, w, h);
		return "JPEG";
	}
	if (n >= 6 && (memcmp(b, "GIF87a", 6) == 0 ||
	    memcmp(b, "GIF89a", 6) == 0)) {
		if (n >= 10) {
			*w = (long)le16(b + 6);
			*h = (long)le16(b + 8);
		}
		return "GIF";
	}
	if (n >= 16 && memcmp(b, "RIFF", 4) == 0 &&
	    memcmp(b + 8, "WEBP", 4) == 0) {
		/* RFC 9649: the first chunk is VP8, VP8L or VP8X. */
		if (memcmp(b + 12, "VP8 ", 4) == 0 && n >= 30 &&
		    memcmp(b + 23, "\x9d\x01\x2a", 3) == 0) {
			*w = (long)(le16(b + 26) & 0x3fff);
			*h = (long)(le16(b + 28) & 0x3fff);
		} else if (memcmp(b + 12, "VP8L", 4) == 0 && n >= 25 &&
		    b[20] == 0x2f) {
			uint32_t v = le32(b + 21);

			*w = (long)(v & 0x3fff) + 1;
			*h = (long)(v >> 14 & 0x3fff) + 1;
		} else if (memcmp(b + 12, "VP8X", 4) == 0 && n >= 30) {
			*w = (long)le24(b + 24) + 1;
			*h = (long)le24(b + 27) + 1;
		}
		return "WebP";
	}
	return NULL;
}

int
media_image_check(const char *path, const void *p, size_t n, char **why)
{
	long w, h;
	const char *kind = media_image_header(p, n, &w, &h);

	if (kind == NULL || (w <= MEDIA_MAX_SIDE && h <= MEDIA_MAX_SIDE &&
	    w * h <= MEDIA_MAX_PIXELS))
		return 0;
	*why = xasprintf("'%s': a %s of %ldx%ld pixels; at most %d a side "
	    "and %ld megapixels", path, kind, w, h, MEDIA_MAX_SIDE,
	    MEDIA_MAX_PIXELS / 1000000);
	return -1;
}

int
media_image_file_check(const char *path, char **why)
{
	unsigned char *b = xmalloc(1 << 20);
	FILE *fp = fopen(path, "rb");
	size_t n;
	int rc;

	if (fp == NULL) {
		free(b);
		*why = xasprintf("'%s': %s", path, strerror(errno));
		return -1;
	}
	n = fread(b, 1, 1 << 20, fp);
	fclose(fp);
	rc = media_image_check(path, b, n, why);
	free(b);
	return rc;
}

/* True when the n bytes at p start (after blanks) with word, any case. */
static int
starts(const char *p, size_t n, const char *word)
{
	size_t i = 0, k = strlen(word);

	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' ||
	    p[i] == '\n' || (unsigned char)p[i] == 0xef ||
	    (unsigned char)p[i] == 0xbb || (unsigned char)p[i] == 0xbf))
		i++;
	return n - i >= k && strncasecmp(p + i, word, k) == 0;
}

char *
media_describe(const void *data, size_t n, const char *ctype)
{
	const char *p = data, *kind = NULL;
	size_t i, text = 0, len;
	char ct[64];

	long w, h;
	const char *pic = media_image_header(p, n, &w, &h);

	if (pic != NULL)
		return xasprintf("a %s, %zu bytes; expected PNG, JPEG or WebP",
		    pic, n);
	if (starts(p, n, "<!doctype html") || starts(p, n, "<html") ||
	    starts(p, n, "<head") || starts(p, n, "<body"))
		kind = "text/html";
	else if (starts(p, n, "<?xml") || starts(p, n, "<"))
		kind = "text/xml";
	else if (starts(p, n, "{") || starts(p, n, "["))
		kind = "application/json";
	else if (n > 0) {
		for (i = 0; i < n && i < 512; i++)
			text += (p[i] >= 0x20 && p[i] < 0x7f) || p[i] == '\n' ||
			    p[i] == '\r' || p[i] == '\t';
		if (text == (n < 512 ? n : 512))
			kind = "text/plain";
	}
	if (kind == NULL && ctype != NULL && *ctype != '\0') {
		len = strcspn(ctype, "; \t");
		if (len >= sizeof ct)
			len = sizeof ct - 1;
		memcpy(ct, ctype, len);
		ct[len] = '\0';
		for (i = 0; i < len; i++)
			if (ct[i] < 0x20 || ct[i] >= 0x7f)
				ct[i] = '?';
		kind = ct;
	}
	return xasprintf("%s, %zu byte%s", kind ? kind : "unknown data", n,
	    n == 1 ? "" : "s");
}

int
media_sidecar(const char *path, jv prov, char **err)
{
	jv s = jv_dump_string(prov, STATE_DUMP_FLAGS);
	char *text = xasprintf("%s\n", jv_string_value(s));
	int rc = atomic_write(path, text, strlen(text), err);

	free(text);
	jv_free(s);
	return rc;
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = v & 0xff;
	p[1] = v >> 8 & 0xff;
	p[2] = v >> 16 & 0xff;
	p[3] = v >> 24 & 0xff;
}

/* A WAV's format and where its samples are, as wav_parse finds them. */
struct wav {
	unsigned fmt, ch, bits, align;
	uint32_t rate;
	size_t data, size;	/* offset and length of the samples */
};

/* media_wav_check's work, the format and data chunk into *w. */
static double
wav_parse(unsigned char *b, size_t len, struct wav *w, char **why)
{
	size_t at = 12, size;

	memset(w, 0, sizeof *w);
	if (len < 12 || memcmp(b, "RIFF", 4) != 0 ||
	    memcmp(b + 8, "WAVE", 4) != 0) {
		*why = xstrdup("not a RIFF/WAVE file");
		return -1;
	}
	while (at + 8 <= len) {
		size = le32(b + at + 4);
		if (memcmp(b + at, "fmt ", 4) == 0) {
			if (size < 16 || at + 8 + 16 > len)
				break;
			w->fmt = b[at + 8] | b[at + 9] << 8;
			w->ch = b[at + 10] | b[at + 11] << 8;
			w->rate = le32(b + at + 12);
			w->align = b[at + 20] | b[at + 21] << 8;
			w->bits = b[at + 22] | b[at + 23] << 8;
		} else if (memcmp(b + at, "data", 4) == 0) {
			if (w->fmt != 1 && w->fmt != 3 && w->fmt != 0xfffe) {
				*why = w->fmt == 0 ? xstrdup("no fmt chunk "
				    "before the data") : xasprintf("format %u "
				    "is not PCM", w->fmt);
				return -1;
			}
			if (w->ch < 1 || w->ch > 8 || w->rate < 8000 ||
			    w->rate > 192000 || (w->bits != 8 &&
			    w->bits != 16 && w->bits != 24 && w->bits != 32) ||
			    w->align != w->ch * w->bits / 8) {
				*why = xasprintf("a bad fmt chunk (%u "
				    "channels, %u Hz, %u bits)", w->ch,
				    (unsigned)w->rate, w->bits);
				return -1;
			}
			/* A streamed WAV leaves its sizes unset. */
			if (size == 0 || size == 0xffffffffu ||
			    size > len - at - 8) {
				size = len - at - 8;
				put32(b + at + 4, (uint32_t)size);
				put32(b + 4, (uint32_t)(at + 8 + size - 8));
			}
			if (size / w->align == 0) {
				*why = xstrdup("no samples in it");
				return -1;
			}
			w->data = at + 8;
			w->size = size;
			return (double)(size / w->align) / w->rate;
		}
		if (size > len - at - 8)
			break;
		at += 8 + size + (size & 1);
	}
	*why = xstrdup("no data chunk");
	return -1;
}

double
media_wav_check(unsigned char *b, size_t len, char **why)
{
	struct wav w;

	return wav_parse(b, len, &w, why);
}

static double wav_loudness(unsigned char *b, size_t len, char **why);

/* One second-order IIR section (direct form II transposed). */
struct biquad {
	double b0, b1, b2, a1, a2, z1, z2;
};

static double
biquad_run(struct biquad *q, double x)
{
	double y = q->b0 * x + q->z1;

	q->z1 = q->b1 * x - q->a1 * y + q->z2;
	q->z2 = q->b2 * x - q->a2 * y;
	return y;
}

/*
 * The K-weighting of ITU-R BS.1770 at any rate: its high shelf and high
 * pass, from the analog prototypes the standard's 48 kHz coefficients
 * come from (as libebur128 derives them).
 */
static void
k_weighting(double rate, struct biquad *shelf, struct biquad *hp)
{
	double f0 = 1681.974450955533, g = 3.999843853973347,
	    q = 0.7071752369554196, k = tan(M_PI * f0 / rate),
	    vh = pow(10, g / 20), vb = pow(vh, 0.4996667741545416),
	    a0 = 1 + k / q + k * k;

	memset(shelf, 0, sizeof *shelf);
	shelf->b0 = (vh + vb * k / q + k * k) / a0;
	shelf->b1 = 2 * (k * k - vh) / a0;
	shelf->b2 = (vh - vb * k / q + k * k) / a0;
	shelf->a1 = 2 * (k * k - 1) / a0;
	shelf->a2 = (1 - k / q + k * k) / a0;
	f0 = 38.13547087602444, q = 0.5003270373238773;
	k = tan(M_PI * f0 / rate);
	a0 = 1 + k / q + k * k;
	memset(hp, 0, sizeof *hp);
	hp->b0 = 1, hp->b1 = -2, hp->b2 = 1;
	hp->a1 = 2 * (k * k - 1) / a0;
	hp->a2 = (1 - k / q + k * k) / a0;
}

/* Sample i of channel c of a PCM or float data chunk, from -1 to 1. */
static double
sample_at(const unsigned char *d, unsigned fmt, unsigned bits, unsigned ch,
    size_t i, unsigned c)
{
	const unsigned char *p = d + (i * ch + c) * (bits / 8);
	union {
		uint32_t u;
		float f;
	} v;

	switch (bits) {
	case 8:
		return (p[0] - 128) / 128.0;
	case 16:
		return (int16_t)(p[0] | p[1] << 8) / 32768.0;
	case 24:
		return (double)((int32_t)((uint32_t)p[0] << 8 |
		    (uint32_t)p[1] << 16 | (uint32_t)p[2] << 24) >> 8) /
		    8388608.0;
	default:
		v.u = le32(p);
		return fmt == 3 ? (double)v.f : (int32_t)v.u / 2147483648.0;
	}
}

double
media_wav_loudness(const char *path, char **err)
{
	unsigned char *b = NULL;
	char *why = NULL;
	size_t len;
	double out;

	if (read_all(path, 256u << 20, (char **)&b, &len, err) < 0)
		return NAN;
	out = wav_loudness(b, len, &why);
	if (isnan(out)) {
		*err = xasprintf("'%s': %s", path, why);
		free(why);
	}
	free(b);
	return out;
}

/* media_wav_loudness of the WAV in memory; NAN with *why. */
static double
wav_loudness(unsigned char *b, size_t len, char **why)
{
	size_t at, size, frames, i, nsub, k, nblk = 0, ngate = 0;
	unsigned fmt, ch, bits, c;
	struct wav w;
	uint32_t rate;
	double *sub = NULL, e, sum = 0, total = 0, gate, out = -HUGE_VAL;
	struct biquad sh[8], hp[8];

	if (wav_parse(b, len, &w, why) < 0)
		return NAN;
	fmt = w.fmt, ch = w.ch, bits = w.bits, rate = w.rate;
	at = w.data - 8, size = w.size;
	if (fmt == 0xfffe)
		fmt = bits == 32 ? 3 : 1;	/* the usual subformats */
	frames = size / (ch * (bits / 8));
	/* Mean squares of 100 ms sub-blocks, summed over the channels. */
	nsub = frames / (rate / 10);
	sub = xmalloc((nsub + 1) * sizeof *sub);
	for (c = 0; c < ch; c++)
		k_weighting(rate, &sh[c], &hp[c]);
	for (k = 0; k <= nsub; k++)
		sub[k] = 0;
	for (i = 0; i < frames; i++)
		for (c = 0; c < ch; c++) {
			double y = biquad_run(&hp[c], biquad_run(&sh[c],
			    sample_at(b + at + 8, fmt, bits, ch, i, c)));

			sub[i / (rate / 10)] += y * y;
			total += y * y;
		}
	for (k = 0; k < nsub; k++)
		sub[k] /= rate / 10;
	/*
	 * Integrated loudness: 400 ms blocks every 100 ms, gated at -70
	 * LUFS, then at 10 LU under the loudness of those. A clip shorter
	 * than a block is one block.
	 */
	if (nsub < 4) {
		e = total / (double)frames;
		if (e > 0 && -0.691 + 10 * log10(e) > -70)
			out = -0.691 + 10 * log10(e);
	} else {
		for (k = 0; k + 4 <= nsub; k++) {
			e = (sub[k] + sub[k + 1] + sub[k + 2] + sub[k + 3]) / 4;
			if (e > 0 && -0.691 + 10 * log10(e) > -70)
				sum += e, nblk++;
		}
		if (nblk > 0) {
			gate = -0.691 + 10 * log10(sum / nblk) - 10;
			for (k = 0, sum = 0; k + 4 <= nsub; k++) {
				e = (sub[k] + sub[k + 1] + sub[k + 2] +
				    sub[k + 3]) / 4;
				if (e > 0 && -0.691 + 10 * log10(e) > gate)
					sum += e, ngate++;
			}
			out = -0.691 + 10 * log10(sum / ngate);
		}
	}
	free(sub);
	return out;
}

unsigned char *
media_wav_wrap(const void *pcm, size_t len, unsigned rate, size_t *out_len)
{
	unsigned char *b;

	len &= ~(size_t)1;
	b = xmalloc(44 + len);
	memcpy(b, "RIFF", 4);
	put32(b + 4, (uint32_t)(36 + len));
	memcpy(b + 8, "WAVEfmt ", 8);
	put32(b + 16, 16);
	b[20] = 1, b[21] = 0;		/* PCM */
	b[22] = 1, b[23] = 0;		/* mono */
	put32(b + 24, rate);
	put32(b + 28, rate * 2);
	b[32] = 2, b[33] = 0;		/* frame: 2 bytes */
	b[34] = 16, b[35] = 0;
	memcpy(b + 36, "data", 4);
	put32(b + 40, (uint32_t)len);
	memcpy(b + 44, pcm, len);
	*out_len = 44 + len;
	return b;
}

int
media_transcode(const char *path, const void *p, size_t n, const char *ext,
    const char *const *outargs, const char *outext, struct atomic_file *out,
    char **why)
{
	struct atomic_file in;
	const char *argv[32];
	size_t i = 0, k;

	if (media_image_check(path, p, n, why) < 0)
		return -1;
	if (atomic_open(&in, path, ext, why) < 0)
		return -1;
	if (fwrite(p, 1, n, in.fp) != n) {
		*why = xasprintf("'%s': %s", path, strerror(errno));
		atomic_rollback(&in);
		return -1;
	}
	if (atomic_detach(&in, why) < 0) {
		atomic_rollback(&in);
		return -1;
	}
	if (atomic_open(out, path, outext, why) < 0 ||
	    atomic_detach(out, why) < 0) {
		atomic_rollback(&in);
		return -1;
	}
	argv[i++] = "ffmpeg";
	argv[i++] = "-hide_banner";
	argv[i++] = "-nostdin";
	argv[i++] = "-loglevel";
	argv[i++] = "error";
	argv[i++] = "-y";
	argv[i++] = "-i";
	argv[i++] = in.tmp;
	for (k = 0; outargs[k] != NULL && i < 30; k++)
		argv[i++] = outargs[k];
	argv[i++] = out->tmp;
	argv[i] = NULL;
	if (child_run((char *const *)argv, NULL, 0, NULL, NULL, why) < 0) {
		child_blame(path, why);
		atomic_rollback(out);
		atomic_rollback(&in);
		return -1;
	}
	atomic_rollback(&in);
	return 0;
}

const char *
media_sniff(const void *data, size_t n, int pcm)
{
	const unsigned char *p = data;
	char *d;
	int text;

	if (n >= 12 && memcmp(p, "RIFF", 4) == 0 && memcmp(p + 8, "WAVE", 4)
	    == 0)
		return "wav";
	if (n >= 12 && memcmp(p, "RIFF", 4) == 0 && memcmp(p + 8, "WEBP", 4)
	    == 0)
		return "webp";
	if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "png";
	if (n >= 3 && memcmp(p, "\xff\xd8\xff", 3) == 0)
		return "jpg";
	if (n >= 6 && (memcmp(p, "GIF87a", 6) == 0 ||
	    memcmp(p, "GIF89a", 6) == 0))
		return "gif";
	if (n >= 3 && memcmp(p, "ID3", 3) == 0)
		return "mp3";
	if (n >= 4 && memcmp(p, "OggS", 4) == 0)
		return "ogg";
	if (n >= 4 && memcmp(p, "fLaC", 4) == 0)
		return "flac";
	if (n >= 8 && memcmp(p + 4, "ftyp", 4) == 0)
		return "m4a";
	/* Samples can begin with anything: where raw PCM was asked for, a
	 * frame sync or a '{' is only believed when the rest agrees. */
	if (n >= 2 && p[0] == 0xff && (p[1] & 0xe0) == 0xe0 && !pcm)
		return (p[1] & 0x06) == 0 ? "aac" : "mp3";
	d = media_describe(p, n, NULL);
	text = strncmp(d, "unknown", 7) != 0;
	if (text && pcm && (strncmp(d, "application/json", 16) == 0 ||
	    strncmp(d, "text/xml", 8) == 0)) {
		jv j = strncmp(d, "text/xml", 8) == 0 ? jv_invalid() :
		    json_parse((const char *)p, n);

		text = jv_is_valid(j) || (n >= 5 && (starts((const char *)p,
		    n, "<?xml") || starts((const char *)p, n, "<error")));
		jv_free(j);
	}
	free(d);
	return text ? "text" : NULL;
}

/* Fades the ms first (in) or last (out) of 16-bit samples, for a join. */
static void
fade16(unsigned char *s, size_t frames, unsigned ch, uint32_t rate, int in)
{
	size_t k = (size_t)rate * 5 / 1000, i, f;
	unsigned c;

	if (k > frames)
		k = frames;
	for (i = 0; i < k; i++) {
		f = in ? i : frames - 1 - i;
		for (c = 0; c < ch; c++) {
			unsigned char *q = s + (f * ch + c) * 2;
			int v = (int16_t)(q[0] | q[1] << 8);

			v = (int)((double)v * (double)i / (double)k);
			q[0] = (unsigned char)(v & 0xff);
			q[1] = (unsigned char)((v >> 8) & 0xff);
		}
	}
}

unsigned char *
media_wav_join(unsigned char *const *parts, const size_t *lens, size_t n,
    size_t *out_len, char **why)
{
	struct wav w0, w;
	unsigned char *b, *at;
	size_t i, total = 0;

	if (n == 0) {
		*why = xstrdup("nothing to join");
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if (wav_parse(parts[i], lens[i], &w, why) < 0)
			return NULL;
		if (i == 0)
			w0 = w;
		else if (w.fmt != w0.fmt || w.ch != w0.ch || w.rate !=
		    w0.rate || w.bits != w0.bits) {
			*why = xasprintf("part %zu is %u Hz, %u channels, %u "
			    "bits; part 1 %u Hz, %u channels, %u bits", i + 1,
			    (unsigned)w.rate, w.ch, w.bits, (unsigned)w0.rate,
			    w0.ch, w0.bits);
			return NULL;
		}
		total += w.size - w.size % w.align;
	}
	if (total > 0xffffffffu - 36) {
		*why = xstrdup("the joined sound is over 4 GB");
		return NULL;
	}
	b = xmalloc(44 + total);
	memcpy(b, "RIFF", 4);
	put32(b + 4, (uint32_t)(36 + total));
	memcpy(b + 8, "WAVEfmt ", 8);
	put32(b + 16, 16);
	/* WAVE_FORMAT_EXTENSIBLE's sub-format is not kept: its PCM or float
	 * samples are said plainly. */
	w0.fmt = w0.fmt == 0xfffe ? (w0.bits == 32 ? 3 : 1) : w0.fmt;
	b[20] = (unsigned char)w0.fmt, b[21] = 0;
	b[22] = (unsigned char)w0.ch, b[23] = 0;
	put32(b + 24, w0.rate);
	put32(b + 28, w0.rate * w0.align);
	b[32] = (unsigned char)w0.align, b[33] = 0;
	b[34] = (unsigned char)w0.bits, b[35] = 0;
	memcpy(b + 36, "data", 4);
	put32(b + 40, (uint32_t)total);
	at = b + 44;
	for (i = 0; i < n; i++) {
		size_t sz;

		(void)wav_parse(parts[i], lens[i], &w, why);
		sz = w.size - w.size % w.align;
		memcpy(at, parts[i] + w.data, sz);
		/* Each seam fades out and in over 5 ms: no click. */
		if (w0.fmt == 1 && w0.bits == 16) {
			if (i > 0)
				fade16(at, sz / w.align, w.ch, w.rate, 1);
			if (i + 1 < n)
				fade16(at, sz / w.align, w.ch, w.rate, 0);
		}
		at += sz;
	}
	*out_len = 44 + total;
	return b;
}

unsigned char *
media_wav_lines(unsigned char *const *parts, const size_t *lens, size_t n,
    double pause, size_t *out_len, char **why)
{
	unsigned char **all = xmalloc((2 * n + 1) * sizeof *all), *out;
	size_t *alen = xmalloc((2 * n + 1) * sizeof *alen), i, k, m = 0;
	unsigned char *gap = NULL;
	struct wav w;

	for (i = 0; i < n; i++) {
		double l = wav_loudness(parts[i], lens[i], why), g, peak = 0;

		if (isnan(l) || wav_parse(parts[i], lens[i], &w, why) < 0)
			goto fail;
		if (w.fmt != 1 || w.bits != 16) {
			*why = xasprintf("part %zu is not 16-bit PCM", i + 1);
			goto fail;
		}
		/* Each line at one level (silence stays silence), no
		 * sample clipped. */
		g = isfinite(l) ? pow(10, (MEDIA_LINE_LUFS - l) / 20) : 1;
		g = fmin(10, fmax(0.1, g));
		for (k = 0; k + 1 < w.size; k += 2) {
			int v = (int16_t)(parts[i][w.data + k] |
			    parts[i][w.data + k + 1] << 8);

			peak = fmax(peak, fabs((double)v));
		}
		if (peak * g > 32000)
			g = 32000 / peak;
		for (k = 0; k + 1 < w.size; k += 2) {
			unsigned char *q = parts[i] + w.data + k;
			long v = lround((int16_t)(q[0] | q[1] << 8) * g);

			q[0] = (unsigned char)(v & 0xff);
			q[1] = (unsigned char)((v >> 8) & 0xff);
		}
		if (i > 0) {
			size_t glen, bytes = (size_t)(pause * w.rate) * 2 *
			    w.ch;

			if (gap == NULL) {
				unsigned char *z = xmalloc(bytes ? bytes : 2);

				memset(z, 0, bytes ? bytes : 2);

				gap = media_wav_wrap(z, bytes ? bytes : 2,
				    w.rate, &glen);
				free(z);
				alen[m] = glen;
			} else
				alen[m] = alen[m - 2];
			all[m++] = gap;
		}
		all[m] = parts[i];
		alen[m++] = lens[i];
	}
	out = media_wav_join(all, alen, m, out_len, why);
	free(gap);
	free(all);
	free(alen);
	return out;
fail:
	free(gap);
	free(all);
	free(alen);
	return NULL;
}

const unsigned char *
media_wav_pcm16(unsigned char *b, size_t len, unsigned *rate, size_t *frames)
{
	struct wav w;
	char *why = NULL;

	if (wav_parse(b, len, &w, &why) < 0 || w.fmt != 1 || w.bits != 16 ||
	    w.ch != 1) {
		free(why);
		return NULL;
	}
	*rate = w.rate;
	*frames = w.size / 2;
	return b + w.data;
}
