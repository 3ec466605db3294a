#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <flite/flite.h>
#include <jv.h>

#include "core/atomic.h"
#include "core/dynlib.h"
#include "core/util.h"
#include "media/media.h"
#include "offline/flite.h"

/*
 * libflite's functions, loaded with the first clip (fl_load): a program
 * that speaks no clip offline starts without libflite and its voices,
 * whose hundred thousand relocations took several times a process's own
 * start. The call sites keep libflite's names, which these macros send
 * through the table.
 */
static struct {
	int (*init)(void);
	cst_utterance *(*synth_text)(const char *, cst_voice *);
	cst_wave *(*copy_wave)(const cst_wave *);
	void (*delete_wave)(cst_wave *);
	void (*delete_utterance)(cst_utterance *);
	cst_wave *(*utt_wave)(cst_utterance *);
	cst_relation *(*utt_relation)(const cst_utterance *, const char *);
	cst_item *(*relation_head)(cst_relation *);
	cst_item *(*item_next)(const cst_item *);
	cst_item *(*item_daughter)(const cst_item *);
	cst_item *(*item_last_daughter)(const cst_item *);
	const char *(*item_feat_string)(const cst_item *, const char *);
	float (*ffeature_float)(const cst_item *, const char *);
	float (*get_param_float)(const cst_features *, const char *, float);
	void (*feat_set_float)(cst_features *, const char *, float);
	jmp_buf **errjmp;
} fl;

static const struct dynlib_sym fl_names[] = {
	{ "flite_init", &fl.init },
	{ "flite_synth_text", &fl.synth_text },
	{ "copy_wave", &fl.copy_wave },
	{ "delete_wave", &fl.delete_wave },
	{ "delete_utterance", &fl.delete_utterance },
	{ "utt_wave", &fl.utt_wave },
	{ "utt_relation", &fl.utt_relation },
	{ "relation_head", &fl.relation_head },
	{ "item_next", &fl.item_next },
	{ "item_daughter", &fl.item_daughter },
	{ "item_last_daughter", &fl.item_last_daughter },
	{ "item_feat_string", &fl.item_feat_string },
	{ "ffeature_float", &fl.ffeature_float },
	{ "get_param_float", &fl.get_param_float },
	{ "feat_set_float", &fl.feat_set_float },
	{ "cst_errjmp", &fl.errjmp },
};

#define flite_init (*fl.init)
#define flite_synth_text (*fl.synth_text)
#define copy_wave (*fl.copy_wave)
#define delete_wave (*fl.delete_wave)
#define delete_utterance (*fl.delete_utterance)
#define utt_wave (*fl.utt_wave)
#define utt_relation (*fl.utt_relation)
#define relation_head (*fl.relation_head)
#define item_next (*fl.item_next)
#define item_daughter (*fl.item_daughter)
#define item_last_daughter (*fl.item_last_daughter)
#define item_feat_string (*fl.item_feat_string)
#define ffeature_float (*fl.ffeature_float)
#define get_param_float (*fl.get_param_float)
#define feat_set_float (*fl.feat_set_float)
#define cst_errjmp (*fl.errjmp)

/* What to do when libflite or a voice is not there. */
#define FLITE_ABSENT "install libflite1: deps/debian"

/*
 * Each voice, in flite_voice_names()' order: its library (which needs
 * libflite.so.1, the one loaded), loaded when the voice first speaks,
 * and its registration from it.
 */
static struct {
	const char *soname, *reg_name, *unreg_name;
	cst_voice *(*reg)(const char *);
	void (*unreg)(cst_voice *);
	cst_voice *v;
	float f0_mean;		/* its own int_f0_target_mean */
} voices[FLITE_NVOICES] = {
	{ "libflite_cmu_us_rms.so.1", "register_cmu_us_rms",
	    "unregister_cmu_us_rms", NULL, NULL, NULL, 0 },
	{ "libflite_cmu_us_slt.so.1", "register_cmu_us_slt",
	    "unregister_cmu_us_slt", NULL, NULL, NULL, 0 },
	{ "libflite_cmu_us_awb.so.1", "register_cmu_us_awb",
	    "unregister_cmu_us_awb", NULL, NULL, NULL, 0 },
	{ "libflite_cmu_us_kal16.so.1", "register_cmu_us_kal16",
	    "unregister_cmu_us_kal16", NULL, NULL, NULL, 0 },
};

/* Loads libflite (once) and voice i's library; 0, or -1 with *err. */
static int
fl_load(size_t i, char **err)
{
	static const struct dynlib lib = {
		NULL, "libflite.so.1", FLITE_ABSENT, NULL,
		fl_names, DYNLIB_NSYMS(fl_names),
	};
	struct dynlib voice = { NULL, voices[i].soname, FLITE_ABSENT,
	    NULL, NULL, 2 };
	struct dynlib_sym reg[2];

	if (fl.init == NULL && dynlib_open(&lib, err) == NULL)
		return -1;
	if (voices[i].reg != NULL)
		return 0;
	reg[0].name = voices[i].reg_name;
	reg[0].slot = &voices[i].reg;
	reg[1].name = voices[i].unreg_name;
	reg[1].slot = &voices[i].unreg;
	voice.syms = reg;
	return dynlib_open(&voice, err) != NULL ? 0 : -1;
}

static int initialised;

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

/*
 * The words of utterance u with their times: each token of the text that
 * was spoken (a Token with words), {word, start, end} in seconds, from
 * the end times of the segments of its first and last words.
 */
static jv
token_times(cst_utterance *u)
{
	const cst_item *t;
	jv out = jv_array();

	for (t = relation_head(utt_relation(u, "Token")); t != NULL;
	    t = item_next(t)) {
		const cst_item *a = item_daughter(t), *b =
		    item_last_daughter(t);

		if (a == NULL || b == NULL)
			continue;
		out = jv_array_append(out, JV_OBJECT(jv_string("word"),
		    jv_string(item_feat_string(t, "name")),
		    jv_string("start"), jv_number(ffeature_float(a,
		    "R:SylStructure.daughter1.daughter1.R:Segment.p.end")),
		    jv_string("end"), jv_number(ffeature_float(b,
		    "R:SylStructure.daughtern.daughtern.R:Segment.end"))));
	}
	return out;
}

/*
 * Synthesises text with v, libflite's errors caught: the wave (owned)
 * and, when words is not NULL, token_times' into *words.
 */
static cst_wave *
synth(const char *text, cst_voice *v, jv *words)
{
	jmp_buf here;
	jmp_buf *volatile before = cst_errjmp;
	cst_utterance *volatile u = NULL;
	cst_wave *volatile w = NULL;

	/*
	 * The clustergen voices (rms, slt, awb) take the noise of their
	 * excitation from rand(): seeded alike, the same text gives the
	 * same samples, as offline providers must (mv(7)).
	 */
	srand(1);
	cst_errjmp = &here;
	if (setjmp(here) == 0)
		u = flite_synth_text(text, v);
	cst_errjmp = before;
	if (u == NULL)
		return NULL;
	if (utt_wave(u) != NULL)
		w = copy_wave(utt_wave(u));
	if (words != NULL)
		*words = token_times(u);
	delete_utterance(u);
	return w;
}

unsigned char *
flite_narrator_wav(const char *text, const char *voice, int wpm,
    size_t *len, jv *words, char **err)
{
	size_t i, n, k;
	int pitch, rate;
	unsigned char *pcm, *wav;
	char *ascii;
	cst_wave *w;

	if (voice == NULL || *voice == '\0')
		voice = FLITE_NARRATOR_VOICE;
	if (flite_voice_parse(voice, &i, &pitch, &rate) < 0) {
		*err = xasprintf("voice '%s': expected rms, slt, awb or kal16, "
		    "with +pNNN (pitch) and +rNNN (pace) in percent, %d to "
		    "%d", voice, FLITE_SHIFT_MIN, FLITE_SHIFT_MAX);
		return NULL;
	}
	if (fl_load(i, err) < 0)
		return NULL;
	if (!initialised) {
		flite_init();
		initialised = 1;
	}
	if (voices[i].v == NULL &&
	    (voices[i].v = voices[i].reg(NULL)) == NULL) {
		*err = xasprintf("voice '%s': it did not load",
		    flite_voice_names()[i]);
		return NULL;
	}
	if (wpm < 1)
		wpm = 150;
	if (voices[i].f0_mean == 0)
		voices[i].f0_mean = get_param_float(voices[i].v->features,
		    "int_f0_target_mean", 100);
	/* Set on every clip: the voice keeps its features between them. */
	feat_set_float(voices[i].v->features, "duration_stretch",
	    150.0f * 100 / ((float)wpm * (float)rate));
	/* Pitch: clustergen voices (rms, slt, awb) shift their F0 by
	 * f0_shift; the diphone kal16 by its target mean. */
	feat_set_float(voices[i].v->features, "f0_shift",
	    (float)pitch / 100);
	feat_set_float(voices[i].v->features, "int_f0_target_mean",
	    voices[i].f0_mean * (float)pitch / 100);
	if (words != NULL)
		*words = jv_null();
	ascii = ascii_punct(text);
	w = synth(ascii, voices[i].v, words);
	free(ascii);
	if (w == NULL || cst_wave_num_samples(w) < 1 ||
	    cst_wave_num_channels(w) != 1 || cst_wave_sample_rate(w) < 1) {
		*err = xasprintf("voice '%s': %s", flite_voice_names()[i], w == NULL ?
		    "synthesis failed" : "no audio");
		if (w != NULL)
			delete_wave(w);
		if (words != NULL) {
			jv_free(*words);
			*words = jv_null();
		}
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
	jv words;

	if ((wav = flite_narrator_wav(text, voice, wpm, &len, &words,
	    &why)) == NULL) {
		*err = xasprintf("'%s': flite: %s", path, why);
		free(why);
		return -1;
	}
	rc = media_clip_keep_words(path, "flite", wav, len, words, text, wpm,
	    err);
	free(wav);
	return rc;
}

void
flite_narrator_release(void)
{
	size_t i;

	for (i = 0; i < FLITE_NVOICES; i++)
		if (voices[i].v != NULL) {
			voices[i].unreg(voices[i].v);
			voices[i].v = NULL;
			voices[i].f0_mean = 0;
		}
}
