#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/text.h"
#include "core/util.h"
#include "media/media.h"
#include "media/words.h"

/* The words of text, squeezed, as an array of strings. */
static jv
split(const char *text)
{
	char *t = text_squeeze(text), *p = t;
	jv out = jv_array();

	while (*p) {
		char *sp = strchr(p, ' ');
		size_t l = sp ? (size_t)(sp - p) : strlen(p);

		out = jv_array_append(out, jv_string_sized(p, (int)l));
		p += l;
		while (*p == ' ')
			p++;
	}
	free(t);
	return out;
}

size_t
words_count(const char *text)
{
	jv w = split(text);
	size_t n = (size_t)jv_array_length(w);

	return n;
}

/* s lowercased, letters and digits only (ASCII; other bytes kept). */
static char *
norm(const char *s)
{
	char *o = xmalloc(strlen(s) + 1), *q = o;

	for (; *s; s++)
		if (isalnum((unsigned char)*s) || (unsigned char)*s >= 0x80)
			*q++ = (char)tolower((unsigned char)*s);
	*q = '\0';
	return o;
}

/* The spelling of token k of times (norm'd, malloc'd) and its start. */
static char *
token(jv times, int k, double *start)
{
	jv t = jv_array_get(jv_copy(times), k);
	jv tw = jv_object_get(jv_copy(t), jv_string("word"));
	char *b = norm(json_str(tw));

	*start = json_num(jv_object_get(jv_copy(t), jv_string("start")), 0);
	jv_free(tw);
	jv_free(t);
	return b;
}

/* k past the tokens of times (m of them) with nothing to spell
 * (punctuation alone). */
static int
skip_blank(jv times, int k, int m)
{
	double at;

	for (; k < m; k++) {
		char *b = token(times, k, &at);
		int blank = *b == '\0';

		free(b);
		if (!blank)
			break;
	}
	return k;
}

/* Onsets from the engine's token times; 0, or -1 when they do not
 * match the words. */
static int
from_times(jv words, jv times, double *on)
{
	int n = jv_array_length(jv_copy(words)), m, i, k = 0, rc = 0;

	if (jv_get_kind(times) != JV_KIND_ARRAY)
		return -1;
	m = jv_array_length(jv_copy(times));
	for (i = 0; i < n && rc == 0; i++) {
		jv w = jv_array_get(jv_copy(words), i);
		char *a = norm(jv_string_value(w));
		size_t got = 0;

		on[i] = -1;
		/* A token may hold less than a word ("well" "known" for
		 * "well-known"): take tokens while they spell it. */
		while (*a && got < strlen(a) && (k = skip_blank(times, k,
		    m)) < m) {
			double at;
			char *b = token(times, k, &at);
			size_t bl = strlen(b);

			if (strncmp(a + got, b, bl) != 0) {
				if (got == 0)
					rc = -1;
				free(b);
				break;
			}
			if (got == 0)
				on[i] = at;
			got += bl;
			k++;
			free(b);
		}
		if (*a && on[i] < 0)
			rc = -1;
		free(a);
		jv_free(w);
	}
	if (rc == 0 && skip_blank(times, k, m) != m)
		rc = -1;
	/* Punctuation alone starts with the word after it. */
	for (i = n - 1; rc == 0 && i >= 0; i--)
		if (on[i] < 0)
			on[i] = i + 1 < n ? on[i + 1] : (i > 0 ? on[i - 1] : 0);
	return rc;
}

/* Onsets aligned on the sound of the samples pcm (frames at rate). */
static void
from_sound(jv words, const unsigned char *pcm, size_t frames, unsigned rate,
    double *on)
{
	size_t hop = rate / 100, nf = hop ? frames / hop : 0, f, i, k;
	int n = jv_array_length(jv_copy(words)), w;
	double *e = xmalloc((nf + 1) * sizeof *e), *sorted, ref, thr;
	double total = 0, at, *cum = xmalloc(((size_t)n + 1) * sizeof *cum);
	unsigned char *sp = xmalloc(nf + 1), *pause = xmalloc((size_t)n + 1);
	double *est = xmalloc(((size_t)n + 1) * sizeof *est);
	double *got = xmalloc(((size_t)n + 1) * sizeof *got);
	int first;

	for (f = 0; f < nf; f++) {
		double s = 0;

		for (i = 0; i < hop; i++) {
			const unsigned char *q = pcm + 2 * (f * hop + i);
			double v = (int16_t)(q[0] | q[1] << 8);

			s += v * v;
		}
		e[f] = sqrt(s / (double)hop);
	}
	sorted = xmalloc((nf + 1) * sizeof *sorted);
	memcpy(sorted, e, nf * sizeof *e);
	for (i = 1; i < nf; i++)	/* small: insertion sort */
		for (k = i; k > 0 && sorted[k - 1] > sorted[k]; k--) {
			double t = sorted[k];

			sorted[k] = sorted[k - 1];
			sorted[k - 1] = t;
		}
	ref = nf ? sorted[nf * 9 / 10] : 0;
	thr = ref / 10;
	free(sorted);
	for (f = 0; f < nf; f++)
		sp[f] = e[f] > thr && e[f] > 30;
	/* Gaps under 60 ms are inside speech. */
	for (f = 0; f < nf; f++)
		if (!sp[f]) {
			for (k = f; k < nf && !sp[k]; k++)
				;
			if (f > 0 && k < nf && k - f < 6)
				memset(sp + f, 1, k - f);
			f = k;
		}
	for (f = 0; f < nf; f++)
		total += sp[f];
	cum[0] = 0;
	for (w = 0; w < n; w++) {
		jv x = jv_array_get(jv_copy(words), w);
		const char *q = jv_string_value(x);
		char *a = norm(q);
		size_t l = strlen(q);

		/* A word ending in a pause mark, maybe inside quotes. */
		while (l > 0 && strchr("\"')", q[l - 1]) != NULL)
			l--;
		pause[w] = l > 0 && strchr(",.;:!?", q[l - 1]) != NULL;
		cum[w + 1] = cum[w] + (double)strlen(a) + 1;
		free(a);
		jv_free(x);
	}
	/* The words over the speech frames, by their letters. */
	for (w = 0, f = 0, at = 0; w < n; w++) {
		double want = total * cum[w] / cum[n];

		while (f < nf && (at < want || !sp[f]))
			at += sp[f++];
		on[w] = nf ? (double)(f < nf ? f : nf - 1) * hop / rate : 0;
	}
	/*
	 * A stretch of speech begins the word placed nearest it: one after
	 * a pause mark (",", ".", "?", ...) within a second, else another
	 * within a third of one; the first word, the first stretch. A word
	 * goes to the stretch nearest its place.
	 */
	memcpy(est, on, (size_t)n * sizeof *on);
	for (w = 0; w < n; w++)
		got[w] = 1e9;
	for (f = 0, first = 1; f < nf; f++)
		if (sp[f] && (f == 0 || !sp[f - 1])) {
			double t = (double)f * hop / rate, best = 1e9;
			int bw = -1;

			/* After a pause mark first: speech resumes there. */
			for (w = first ? 0 : 1; w < n; w++) {
				double d = fabs(est[w] - t);

				if ((w == 0 || pause[w - 1]) && d < 1.0 &&
				    d < best) {
					best = d;
					bw = w;
				}
			}
			for (w = first ? 0 : 1; bw < 0 && w < n; w++) {
				double d = fabs(est[w] - t);

				if (d < 0.33 && d < best) {
					best = d;
					bw = w;
				}
			}
			if (bw >= 0 && best < got[bw]) {
				on[bw] = t;
				got[bw] = best;
			}
			first = 0;
		}
	for (w = 1; w < n; w++)
		if (on[w] < on[w - 1])
			on[w] = on[w - 1];
	free(e);
	free(sp);
	free(pause);
	free(est);
	free(got);
	free(cum);
}

double *
words_onsets(const char *text, jv times, unsigned char *wav, size_t len,
    size_t *n)
{
	jv words = split(text);
	double *on, secs;
	const unsigned char *pcm;
	unsigned rate = 0;
	size_t frames = 0, i;
	char *why = NULL;

	*n = (size_t)jv_array_length(jv_copy(words));
	if (*n == 0) {
		jv_free(words);
		return NULL;
	}
	on = xmalloc(*n * sizeof *on);
	if (from_times(words, times, on) == 0) {
		jv_free(words);
		return on;
	}
	if ((pcm = media_wav_pcm16(wav, len, &rate, &frames)) != NULL &&
	    rate >= 8000)
		from_sound(words, pcm, frames, rate, on);
	else {
		secs = wav != NULL ? media_wav_check(wav, len, &why) : 0;
		free(why);
		for (i = 0; i < *n; i++)
			on[i] = secs > 0 ? secs * (double)i / (double)*n : 0;
	}
	jv_free(words);
	return on;
}
