#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <espeak-ng/speak_lib.h>
#include <jv.h>

#include "core/dynlib.h"
#include "core/util.h"
#include "media/media.h"
#include "offline/espeak.h"

/*
 * libespeak-ng's functions, loaded with the first clip it speaks (in the
 * parent, before the fork: each child starts from the engine as
 * initialised): a program that speaks none starts without it. The call
 * sites keep its names, which these macros send through the table.
 */
static struct {
	int (*Initialize)(espeak_AUDIO_OUTPUT, int, const char *, int);
	void (*SetSynthCallback)(t_espeak_callback *);
	espeak_ERROR (*Synth)(const void *, size_t, unsigned int,
	    espeak_POSITION_TYPE, unsigned int, unsigned int,
	    unsigned int *, void *);
	espeak_ERROR (*SetParameter)(espeak_PARAMETER, int, int);
	espeak_ERROR (*SetVoiceByName)(const char *);
	espeak_ERROR (*SetVoiceByProperties)(espeak_VOICE *);
	espeak_ERROR (*Terminate)(void);
} es;

static const struct dynlib_sym es_names[] = {
	{ "espeak_Initialize", &es.Initialize },
	{ "espeak_SetSynthCallback", &es.SetSynthCallback },
	{ "espeak_Synth", &es.Synth },
	{ "espeak_SetParameter", &es.SetParameter },
	{ "espeak_SetVoiceByName", &es.SetVoiceByName },
	{ "espeak_SetVoiceByProperties", &es.SetVoiceByProperties },
	{ "espeak_Terminate", &es.Terminate },
};

#define espeak_Initialize (*es.Initialize)
#define espeak_SetSynthCallback (*es.SetSynthCallback)
#define espeak_Synth (*es.Synth)
#define espeak_SetParameter (*es.SetParameter)
#define espeak_SetVoiceByName (*es.SetVoiceByName)
#define espeak_SetVoiceByProperties (*es.SetVoiceByProperties)
#define espeak_Terminate (*es.Terminate)

/* The engine's sample rate once initialised, else 0. */
static int rate;

/* What the callback gathers from one espeak_Synth (one thread). */
static struct heard {
	int16_t *pcm;
	size_t n, cap;
	int *pos, *ms;		/* each word event: character, time */
	size_t nw, capw;
} *heard;

static int
gather(short *wav, int n, espeak_EVENT *ev)
{
	struct heard *h = heard;

	if (h == NULL)
		return 1;
	if (wav != NULL && n > 0) {
		if (h->n + (size_t)n > h->cap) {
			h->cap = (h->n + (size_t)n) * 2;
			h->pcm = xrealloc(h->pcm, h->cap * sizeof *h->pcm);
		}
		memcpy(h->pcm + h->n, wav, (size_t)n * sizeof *wav);
		h->n += (size_t)n;
	}
	for (; ev != NULL && ev->type != espeakEVENT_LIST_TERMINATED; ev++) {
		if (ev->type != espeakEVENT_WORD)
			continue;
		if (h->nw == h->capw) {
			h->capw = h->capw ? 2 * h->capw : 64;
			h->pos = xrealloc(h->pos, h->capw * sizeof *h->pos);
			h->ms = xrealloc(h->ms, h->capw * sizeof *h->ms);
		}
		h->pos[h->nw] = ev->text_position;
		h->ms[h->nw++] = ev->audio_position;
	}
	return 0;
}

static int
blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\f' || c == '\v';
}

/* The tokens of pend (consumed), each at at, after out (consumed). */
static jv
flush(jv out, jv pend, double at)
{
	jv_array_foreach(pend, i, t) {
		(void)i;
		out = jv_array_append(out, JV_OBJECT(jv_string("word"), t,
		    jv_string("start"), jv_number(at), jv_string("end"),
		    jv_number(at)));
	}
	jv_free(pend);
	return out;
}

/*
 * The tokens of text with the time of the first word event inside each
 * (events count characters from 1, as code points); each ends where the
 * next begins, the last at secs. A token with no event (a dash, a
 * quotation mark alone) starts and ends where the next spoken one
 * starts, as words.h takes punctuation alone.
 */
static jv
token_times(const char *text, const struct heard *h, double secs)
{
	jv out = jv_array(), pend = jv_array(), prev = jv_invalid();
	const char *s = text, *t;
	size_t e = 0;
	int ch = 0, first;	/* ch: code points before s */
	double at, last = 0;

	for (;; s = t) {
		while (blank(*s)) {
			s++;
			ch++;
		}
		if (*s == '\0')
			break;
		first = ch + 1;
		for (t = s; *t && !blank(*t); t++)
			if (((unsigned char)*t & 0xc0) != 0x80)
				ch++;
		while (e < h->nw && h->pos[e] < first)
			e++;
		if (e == h->nw || h->pos[e] > ch) {
			pend = jv_array_append(pend, jv_string_sized(s,
			    (int)(t - s)));
			continue;
		}
		at = h->ms[e] / 1000.0 > last ? h->ms[e] / 1000.0 : last;
		if (jv_is_valid(prev))
			out = jv_array_append(out, jv_object_set(prev,
			    jv_string("end"), jv_number(at)));
		else
			jv_free(prev);
		out = flush(out, pend, at);
		pend = jv_array();
		prev = JV_OBJECT(jv_string("word"), jv_string_sized(s,
		    (int)(t - s)), jv_string("start"), jv_number(at));
		last = at;
	}
	if (jv_is_valid(prev))
		out = jv_array_append(out, jv_object_set(prev,
		    jv_string("end"), jv_number(secs)));
	else
		jv_free(prev);
	return flush(out, pend, secs);
}

/* Loads and initialises libespeak-ng once; 0, or -1 with *err. */
static int
start(char **err)
{
	static const struct dynlib lib = {
		NULL, "libespeak-ng.so.1", "install libespeak-ng1: deps/debian",
		NULL, es_names, DYNLIB_NSYMS(es_names),
	};

	if (rate > 0)
		return 0;
	if (es.Initialize == NULL && dynlib_open(&lib, err) == NULL)
		return -1;
	rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL,
	    espeakINITIALIZE_DONT_EXIT);
	if (rate <= 0) {
		rate = 0;
		*err = xstrdup("its data did not load (espeak-ng-data)");
		return -1;
	}
	espeak_SetSynthCallback(gather);
	return 0;
}

/* What a child tells its parent, before the samples and events. */
struct told {
	int status;		/* 0, or 1: no such voice, 2: no audio */
	size_t n, nw;
};

static int
put(int fd, const void *p, size_t n)
{
	const char *c = p;
	ssize_t w;

	while (n > 0)
		if ((w = write(fd, c, n)) > 0) {
			c += w;
			n -= (size_t)w;
		} else if (w < 0 && errno != EINTR)
			return -1;
	return 0;
}

static int
get(int fd, void *p, size_t n)
{
	char *c = p;
	ssize_t r;

	while (n > 0)
		if ((r = read(fd, c, n)) > 0) {
			c += r;
			n -= (size_t)r;
		} else if (r == 0 || errno != EINTR)
			return -1;
	return 0;
}

/*
 * Selects voice as the espeak-ng command does: a voice's name or file
 * ("English_(Great_Britain)", "gmw/en"), else the language it speaks
 * ("en-gb", "es"), which is how the voices are usually named.
 */
static espeak_ERROR
set_voice(const char *voice)
{
	espeak_VOICE want;

	if (espeak_SetVoiceByName(voice) == EE_OK)
		return EE_OK;
	memset(&want, 0, sizeof want);
	want.languages = voice;
	return espeak_SetVoiceByProperties(&want);
}

/* In the child: speaks and tells fd; never returns. */
static void
speak_child(int fd, const char *text, const char *voice, int wpm, int pitch)
{
	struct heard h;
	struct told t;

	memset(&h, 0, sizeof h);
	memset(&t, 0, sizeof t);
	heard = &h;
	if (set_voice(voice) != EE_OK)
		t.status = 1;
	else {
		espeak_SetParameter(espeakRATE, wpm, 0);
		espeak_SetParameter(espeakPITCH, pitch, 0);
		if (espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0,
		    espeakCHARS_UTF8 | espeakENDPAUSE, NULL, NULL) != EE_OK ||
		    h.n == 0)
			t.status = 2;
	}
	t.n = t.status ? 0 : h.n;
	t.nw = t.status ? 0 : h.nw;
	_exit(put(fd, &t, sizeof t) < 0 ||
	    put(fd, h.pcm, t.n * sizeof *h.pcm) < 0 ||
	    put(fd, h.pos, t.nw * sizeof *h.pos) < 0 ||
	    put(fd, h.ms, t.nw * sizeof *h.ms) < 0);
}

/*
 * Speaks in a child forked for the clip: libespeak-ng carries the state
 * of its wave generator from one utterance to the next (the same text
 * twice in one process gives other samples), so each clip starts from
 * the state the engine had once initialised, as a process of its own
 * would, without loading its data again. 0 with *h filled, or -1 with
 * *err.
 */
static int
speak_forked(const char *text, const char *voice, int wpm, int pitch,
    struct heard *h, char **err)
{
	struct told t;
	int fd[2], st = 0, bad;
	pid_t pid;

	memset(h, 0, sizeof *h);
	if (pipe(fd) < 0) {
		*err = xasprintf("pipe: %s", strerror(errno));
		return -1;
	}
	fflush(NULL);
	if ((pid = fork()) < 0) {
		*err = xasprintf("fork: %s", strerror(errno));
		close(fd[0]);
		close(fd[1]);
		return -1;
	}
	if (pid == 0) {
		close(fd[0]);
		speak_child(fd[1], text, voice, wpm, pitch);
	}
	close(fd[1]);
	bad = get(fd[0], &t, sizeof t) < 0 || t.n > ((size_t)1 << 31) ||
	    t.nw > t.n;
	if (!bad && t.status == 0) {
		h->n = t.n;
		h->nw = t.nw;
		h->pcm = xmalloc((t.n + 1) * sizeof *h->pcm);
		h->pos = xmalloc((t.nw + 1) * sizeof *h->pos);
		h->ms = xmalloc((t.nw + 1) * sizeof *h->ms);
		bad = get(fd[0], h->pcm, t.n * sizeof *h->pcm) < 0 ||
		    get(fd[0], h->pos, t.nw * sizeof *h->pos) < 0 ||
		    get(fd[0], h->ms, t.nw * sizeof *h->ms) < 0;
	}
	close(fd[0]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (bad || t.status != 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		*err = bad || t.status == 0 ? xstrdup("the engine failed") :
		    t.status == 1 ? xasprintf("voice '%s': espeak-ng has no "
		    "such voice (espeak-ng --voices lists them)", voice) :
		    xasprintf("voice '%s': no audio", voice);
		free(h->pcm);
		free(h->pos);
		free(h->ms);
		memset(h, 0, sizeof *h);
		return -1;
	}
	return 0;
}

unsigned char *
espeak_narrator_wav(const char *text, const char *voice, int wpm, int pitch,
    size_t *len, jv *words, char **err)
{
	struct heard h;
	unsigned char *pcm, *wav;
	size_t k;

	if (words != NULL)
		*words = jv_null();
	if (start(err) < 0)
		return NULL;
	if (voice == NULL || *voice == '\0')
		voice = "en";
	wpm = wpm < 1 ? 150 : wpm < espeakRATE_MINIMUM ? espeakRATE_MINIMUM :
	    wpm > espeakRATE_MAXIMUM ? espeakRATE_MAXIMUM : wpm;
	pitch = pitch < 0 ? 0 : pitch > 99 ? 99 : pitch;
	if (speak_forked(text, voice, wpm, pitch, &h, err) < 0)
		return NULL;
	pcm = xmalloc(2 * h.n);
	/* Little-endian, as the WAV wants, whatever the host's order. */
	for (k = 0; k < h.n; k++) {
		uint16_t s = (uint16_t)h.pcm[k];

		pcm[2 * k] = (unsigned char)(s & 0xff);
		pcm[2 * k + 1] = (unsigned char)(s >> 8);
	}
	wav = media_wav_wrap(pcm, 2 * h.n, (unsigned)rate, len);
	free(pcm);
	if (words != NULL)
		*words = token_times(text, &h, (double)h.n / (double)rate);
	free(h.pcm);
	free(h.pos);
	free(h.ms);
	return wav;
}

int
espeak_narrate(const char *text, const char *voice, int wpm, int pitch,
    const char *path, char **err)
{
	unsigned char *wav;
	size_t len;
	char *why;
	int rc;
	jv words;

	if ((wav = espeak_narrator_wav(text, voice, wpm, pitch, &len, &words,
	    &why)) == NULL) {
		*err = xasprintf("'%s': espeak-ng: %s", path, why);
		free(why);
		return -1;
	}
	rc = media_clip_keep_words(path, "espeak-ng", wav, len, words, text,
	    wpm, err);
	free(wav);
	return rc;
}

void
espeak_narrator_release(void)
{
	if (rate > 0)
		espeak_Terminate();
	rate = 0;
}
