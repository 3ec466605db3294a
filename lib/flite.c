#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <flite/flite.h>

#include "atomic.h"
#include "flite.h"
#include "media.h"
#include "util.h"

/* Each voice's registration, from its own library (-lflite_cmu_us_*). */
cst_voice *register_cmu_us_rms(const char *voxdir);
cst_voice *register_cmu_us_slt(const char *voxdir);
cst_voice *register_cmu_us_awb(const char *voxdir);
cst_voice *register_cmu_us_kal16(const char *voxdir);
void unregister_cmu_us_rms(cst_voice *v);
void unregister_cmu_us_slt(cst_voice *v);
void unregister_cmu_us_awb(cst_voice *v);
void unregister_cmu_us_kal16(cst_voice *v);

static struct {
	const char *name;
	cst_voice *(*reg)(const char *);
	void (*unreg)(cst_voice *);
	cst_voice *v;
} voices[] = {
	{ "rms", register_cmu_us_rms, unregister_cmu_us_rms, NULL },
	{ "slt", register_cmu_us_slt, unregister_cmu_us_slt, NULL },
	{ "awb", register_cmu_us_awb, unregister_cmu_us_awb, NULL },
	{ "kal16", register_cmu_us_kal16, unregister_cmu_us_kal16, NULL },
};

#define NVOICES (sizeof voices / sizeof voices[0])

static int initialised;

static size_t
voice_index(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < NVOICES; i++)
		if (strcmp(voices[i].name, name) == 0)
			return i;
	return NVOICES;
}

int
flite_narrator_voice(const char *name)
{
	return voice_index(name) < NVOICES;
}

/*
 * text with the UTF-8 punctuation that flite's tokenizer (ASCII only)
 * would read as letters replaced: quotes, dashes, ellipsis. Malloc'd.
 */
static char *
ascii_punct(const char *text)
{
	static const struct {
		const char *utf8, *ascii;
	} map[] = {
		{ "\xe2\x80\x98", "'" }, { "\xe2\x80\x99", "'" },
		{ "\xe2\x80\x9c", "\"" }, { "\xe2\x80\x9d", "\"" },
		{ "\xe2\x80\x93", ", " }, { "\xe2\x80\x94", ", " },
		{ "\xe2\x80\xa6", "..." }, { "\xc2\xa0", " " },
	};
	size_t n = strlen(text), i, k;
	char *out = xmalloc(n + 1);

	/* No replacement is longer than what it replaces. */
	for (i = 0, k = 0; i < n;) {
		size_t j;

		for (j = 0; j < sizeof map / sizeof map[0]; j++) {
			size_t l = strlen(map[j].utf8);

			if (strncmp(text + i, map[j].utf8, l) == 0) {
				memcpy(out + k, map[j].ascii,
				    strlen(map[j].ascii));
				k += strlen(map[j].ascii);
				i += l;
				break;
			}
		}
		if (j == sizeof map / sizeof map[0])
			out[k++] = text[i++];
	}
	out[k] = '\0';
	return out;
}

/* Runs flite_text_to_wave with libflite's errors caught. */
static cst_wave *
synth(const char *text, cst_voice *v)
{
	jmp_buf here;
	jmp_buf *volatile before = cst_errjmp;
	cst_wave *volatile w = NULL;

	/*
	 * The clustergen voices (rms, slt, awb) take the noise of their
	 * excitation from rand(): seeded alike, the same text gives the
	 * same samples, as offline providers must (mv(7)).
	 */
	srand(1);
	cst_errjmp = &here;
	if (setjmp(here) == 0)
		w = flite_text_to_wave(text, v);
	cst_errjmp = before;
	return w;
}

unsigned char *
flite_narrator_wav(const char *text, const char *voice, int wpm,
    size_t *len, char **err)
{
	size_t i = voice_index(voice), n, k;
	unsigned char *pcm, *wav;
	char *ascii;
	cst_wave *w;

	if (voice == NULL || *voice == '\0')
		i = voice_index(FLITE_NARRATOR_VOICE);
	else if (i == NVOICES) {
		*err = xasprintf("voice '%s': expected rms, slt, awb or kal16",
		    voice);
		return NULL;
	}
	if (!initialised) {
		flite_init();
		initialised = 1;
	}
	if (voices[i].v == NULL &&
	    (voices[i].v = voices[i].reg(NULL)) == NULL) {
		*err = xasprintf("voice '%s': it did not load",
		    voices[i].name);
		return NULL;
	}
	if (wpm < 1)
		wpm = 150;
	feat_set_float(voices[i].v->features, "duration_stretch",
	    150.0f / (float)wpm);
	ascii = ascii_punct(text);
	w = synth(ascii, voices[i].v);
	free(ascii);
	if (w == NULL || cst_wave_num_samples(w) < 1 ||
	    cst_wave_num_channels(w) != 1 || cst_wave_sample_rate(w) < 1) {
		*err = xasprintf("voice '%s': %s", voices[i].name, w == NULL ?
		    "synthesis failed" : "no audio");
		if (w != NULL)
			delete_wave(w);
		return NULL;
	}
	n = (size_t)cst_wave_num_samples(w);
	pcm = xmalloc(2 * n);
	/* Little-endian, as the WAV wants, whatever the host's order. */
	for (k = 0; k < n; k++) {
		uint16_t s = (uint16_t)cst_wave_samples(w)[k];

		pcm[2 * k] = (unsigned char)(s & 0xff);
		pcm[2 * k + 1] = (unsigned char)(s >> 8);
	}
	wav = media_wav_wrap(pcm, 2 * n, (unsigned)cst_wave_sample_rate(w),
	    len);
	free(pcm);
	delete_wave(w);
	return wav;
}

int
flite_narrate(const char *text, const char *voice, int wpm, const char *path,
    char **err)
{
	unsigned char *wav;
	size_t len;
	char *why;
	int rc;

	if ((wav = flite_narrator_wav(text, voice, wpm, &len, &why)) == NULL) {
		*err = xasprintf("'%s': flite: %s", path, why);
		free(why);
		return -1;
	}
	rc = media_clip_keep(path, "flite", wav, len, text, wpm, err);
	free(wav);
	return rc;
}

void
flite_narrator_release(void)
{
	size_t i;

	for (i = 0; i < NVOICES; i++)
		if (voices[i].v != NULL) {
			voices[i].unreg(voices[i].v);
			voices[i].v = NULL;
		}
}
