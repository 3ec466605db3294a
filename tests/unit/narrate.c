/* Unit checks for lib/offline/espeak.c and lib/offline/narrate.c: espeak-ng in-process
 * with its word events, and the takes of a line said offline. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "core/json.h"
#include "core/util.h"
#include "media/media.h"
#include "media/words.h"
#include "offline/espeak.h"
#include "offline/narrate.h"

#define SENTENCE "\xe2\x80\x9cHello,\xe2\x80\x9d said Pip \xe2\x80\x94 " \
	"the well-known fox. It\xe2\x80\x99s a caf\xc3\xa9!"

/* The bytes of the file path (malloc'd), *len its length. */
static char *
slurp(const char *path, size_t *len)
{
	char *buf = NULL, *err = NULL;

	if (read_all(path, 1u << 26, &buf, len, &err) < 0) {
		free(err);
		*len = 0;
		return NULL;
	}
	return buf;
}

/* Writes take into PATH without ".wav" plus ".take". */
static void
set_take(const char *wav, const char *take)
{
	char *p = xasprintf("%.*s.take", (int)strlen(wav) - 4, wav);
	FILE *f = fopen(p, "w");

	if (f != NULL) {
		fputs(take, f);
		fclose(f);
	}
	free(p);
}

int
main(void)
{
	char dir[] = "/tmp/mv-narrate-XXXXXX", *err = NULL, *path, *b[4];
	unsigned char *w;
	size_t len, l[4], i, n = 0;
	double *on;
	double secs, prev = -1;
	int r, p, seen[32] = { 0 };
	jv words, req;

	CHECK_NOTE("espeak-ng speaks in-process with its word times");
	w = espeak_narrator_wav(SENTENCE, "en-us", 150, ESPEAK_PITCH, &len,
	    &words, &err);
	CHECK(w != NULL);
	secs = w ? media_wav_check(w, len, &err) : -1;
	CHECK(secs > 1.5 && secs < 8);
	CHECK_INT(w ? (long)(w[24] | w[25] << 8 | w[26] << 16) : 0, 22050);
	/* Every token, in order, each from its own event; the dash alone
	 * (token 3) where the word after it starts. */
	CHECK_INT(jv_array_length(jv_copy(words)), 10);
	on = words_onsets(SENTENCE, words, w, len, &n);
	CHECK_INT(n, 10);
	jv_array_foreach(words, k, x) {
		double s = json_num(jv_object_get(jv_copy(x),
		    jv_string("start")), -1);

		CHECK(k == 4 ? s == prev : s > prev);
		CHECK(s < secs);
		/* The onsets are the engine's, not the aligner's. */
		CHECK(on != NULL && on[k] == s);
		prev = s;
		if (k == 1) {
			jv word = jv_object_get(jv_copy(x), jv_string("word"));

			CHECK_STR(json_str(word), "said");
			jv_free(word);
		}
		jv_free(x);
	}
	jv_free(words);
	free(on);
	free(w);
	CHECK(espeak_narrator_wav("Hello", "xx-nonesuch", 150, 50, &len,
	    NULL, &err) == NULL);
	CHECK(err != NULL && strstr(err, "xx-nonesuch") != NULL);
	free(err);
	err = NULL;

	CHECK_NOTE("a take above 1 shifts pace 4 to 8 % and pitch up to 5 %");
	narrate_take_shift(1, &r, &p);
	CHECK(r == 0 && p == 0);
	for (i = 2; i < 32; i++) {
		narrate_take_shift((int)i, &r, &p);
		CHECK(abs(r) >= 4 && abs(r) <= 8 && p != 0 && abs(p) <= 5);
		seen[i] = r * 100 + p;
		CHECK(i < 3 || seen[i] != seen[i - 1]);
	}

	CHECK_NOTE("take 2 of a line differs; take 1 again is the same bytes");
	if (mkdtemp(dir) == NULL)
		return 1;
	path = xasprintf("%s/01-01.wav", dir);
	for (i = 0; i < 4; i++) {
		const char *prov = i < 2 ? "espeak" : "flite";

		req = JV_OBJECT(jv_string("text"), jv_string("The fox ran "
		    "home."), jv_string("voice"), jv_string(i < 2 ? "en-us" :
		    "rms"), jv_string("wpm"), jv_number(150),
		    jv_string("provider"), jv_string(prov));
		set_take(path, "1\n");
		CHECK_INT(narrate_request(req, path, &err), 0);
		b[0] = slurp(path, &l[0]);
		set_take(path, i % 2 ? "3\n" : "2\n");
		CHECK_INT(narrate_request(req, path, &err), 0);
		b[1] = slurp(path, &l[1]);
		set_take(path, "1\n");
		CHECK_INT(narrate_request(req, path, &err), 0);
		b[2] = slurp(path, &l[2]);
		CHECK(b[0] && b[1] && b[2]);
		CHECK(l[0] != l[1] || memcmp(b[0], b[1], l[0]) != 0);
		CHECK(l[0] == l[2] && memcmp(b[0], b[2], l[0]) == 0);
		free(b[0]);
		free(b[1]);
		free(b[2]);
		jv_free(req);
	}
	CHECK_NOTE("a take file without a take number is an error naming it");
	set_take(path, "two\n");
	req = JV_OBJECT(jv_string("text"), jv_string("The fox ran home."),
	    jv_string("provider"), jv_string("flite"));
	CHECK_INT(narrate_request(req, path, &err), -1);
	CHECK(err != NULL && strstr(err, "01-01.take") != NULL);
	free(err);
	jv_free(req);
	free(path);
	check_rm_rf(dir);
	narrate_release();
	narrate_release();
	return check_done();
}
