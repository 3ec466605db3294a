/* Unit checks for lib/offline/flite.c: narration spoken in-process by libflite. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "core/util.h"
#include "media/media.h"
#include "offline/flite.h"

#define SENTENCE "The little fox found a shiny key under the old oak tree."
#define WORDS 12

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/* Speaks SENTENCE-like text; checks the WAV; returns it and its seconds. */
static unsigned char *
speak(const char *text, const char *voice, int wpm, size_t *len,
    double *secs)
{
	char *err = NULL;
	unsigned char *w = flite_narrator_wav(text, voice, wpm, len, NULL, &err);

	if (!CHECK(w != NULL)) {
		printf("# %s\n", err ? err : "");
		free(err);
		exit(1);
	}
	*secs = media_wav_check(w, *len, &err);
	if (!CHECK(*secs > 0))
		printf("# %s\n", err ? err : "");
	/* 16-bit mono PCM at 16 kHz. */
	CHECK_INT(w[20] | w[21] << 8, 1);
	CHECK_INT(w[22] | w[23] << 8, 1);
	CHECK_INT(le32(w + 24), 16000);
	CHECK_INT(w[34] | w[35] << 8, 16);
	return w;
}

/* The root mean square of the WAV's samples (not silence). */
static double
rms_of(const unsigned char *w, size_t len)
{
	double s = 0;
	size_t i, n = (len - 44) / 2;

	for (i = 0; i < n; i++) {
		int16_t v = (int16_t)(w[44 + 2 * i] | w[45 + 2 * i] << 8);

		s += (double)v * v;
	}
	return n ? s / n : 0;
}

int
main(void)
{
	static const char *const names[] = { "rms", "slt", "awb", "kal16" };
	unsigned char *w[4], *u, *t;
	size_t len[4], ulen, tlen, i, j;
	double secs[4], usecs, tsecs, planned = 60.0 * WORDS / 150;
	char dir[] = "/tmp/mv-flite.XXXXXX", *path, *err = NULL;

	CHECK_NOTE("the voices");
	CHECK(flite_narrator_voice("rms"));
	CHECK(flite_narrator_voice("kal16"));
	CHECK(!flite_narrator_voice("en-us"));
	CHECK(!flite_narrator_voice(NULL));
	CHECK(!flite_narrator_voice(""));
	CHECK_NOTE("shifted voices: pitch and pace in percent, 50 to 200");
	CHECK(flite_narrator_voice("slt+p135+r112"));
	CHECK(flite_narrator_voice("kal16+p80"));
	CHECK(flite_narrator_voice("awb+r90"));
	CHECK(!flite_narrator_voice("slt+p201"));
	CHECK(!flite_narrator_voice("slt+r90+p100"));
	CHECK(!flite_narrator_voice("slt+"));
	CHECK(!flite_narrator_voice("sltx"));

	CHECK_NOTE("a sentence in each voice, of a plausible length");
	for (i = 0; i < 4; i++) {
		w[i] = speak(SENTENCE, names[i], 150, &len[i], &secs[i]);
		/* 12 words at 150 a minute: 4.8 s, within half and twice. */
		CHECK(secs[i] > planned / 2 && secs[i] < planned * 2);
		CHECK(rms_of(w[i], len[i]) > 100.0 * 100.0);
	}
	CHECK_NOTE("each voice sounds different: its own timing");
	for (i = 0; i < 4; i++)
		for (j = i + 1; j < 4; j++)
			CHECK(len[i] != len[j]);
	/*
	 * rms, slt and awb excite their filter with noise from rand(),
	 * which lib/offline/flite.c seeds before each clip.
	 */
	CHECK_NOTE("the same text and voice give the same audio");
	for (i = 0; i < 4; i++) {
		u = speak(SENTENCE, names[i], 150, &ulen, &usecs);
		CHECK(ulen == len[i] && memcmp(u, w[i], ulen) == 0);
		free(u);
	}
	CHECK_NOTE("a voice that is not flite's (espeak-ng's en-us) is refused");
	CHECK(flite_narrator_wav(SENTENCE, "en-us", 150, &ulen, NULL, &err) ==
	    NULL);
	CHECK_STR(err, "voice 'en-us': expected rms, slt, awb or kal16, "
	    "with +pNNN (pitch) and +rNNN (pace) in percent, 50 to 200");
	free(err);
	err = NULL;
	CHECK_NOTE("no voice: rms");
	u = speak(SENTENCE, NULL, 150, &ulen, &usecs);
	CHECK(ulen == len[0] && memcmp(u, w[0], ulen) == 0);
	free(u);

	CHECK_NOTE("twice the words a minute, about half the time");
	u = speak(SENTENCE, "rms", 300, &ulen, &usecs);
	CHECK(usecs > secs[0] * 0.35 && usecs < secs[0] * 0.65);
	free(u);

	CHECK_NOTE("typographic quotes read as ASCII ones");
	u = speak("\xe2\x80\x9cIt\xe2\x80\x99s mine,\xe2\x80\x9d said the fox"
	    "\xe2\x80\xa6", "slt", 150, &ulen, &usecs);
	t = speak("\"It's mine,\" said the fox...", "slt", 150, &tlen,
	    &tsecs);
	CHECK(ulen == tlen && memcmp(u, t, ulen) == 0);
	free(u);
	free(t);

	CHECK_NOTE("flite_narrate writes the checked clip atomically");
	if (mkdtemp(dir) == NULL)
		return 1;
	path = xasprintf("%s/01.wav", dir);
	CHECK_INT(flite_narrate(SENTENCE, "kal16", 150, path, &err), 0);
	free(err);
	err = NULL;
	if (CHECK_INT(media_wav_seconds(path, &usecs, &err), 0))
		CHECK(usecs > secs[3] - 0.01 && usecs < secs[3] + 0.01);
	free(err);
	err = NULL;
	free(path);
	CHECK_NOTE("a clip that cannot be written fails, naming its file");
	path = xasprintf("%s/none/01.wav", dir);
	CHECK_INT(flite_narrate(SENTENCE, "kal16", 150, path, &err), -1);
	CHECK(err != NULL && strstr(err, "none/01.wav") != NULL);
	CHECK(access(path, F_OK) != 0);
	free(err);
	free(path);
	check_rm_rf(dir);

	for (i = 0; i < 4; i++)
		free(w[i]);
	flite_narrator_release();
	flite_narrator_release();
	return check_done();
}
