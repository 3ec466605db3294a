#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/json.h"
#include "core/util.h"
#include "offline/espeak.h"
#include "offline/flite.h"
#include "offline/narrate.h"

void
narrate_take_shift(int take, int *rate, int *pitch)
{
	int k = take - 2, span = NARRATE_TAKE_RATE_MAX -
	    NARRATE_TAKE_RATE_MIN + 1, sign = k % 2 ? -1 : 1;

	*rate = *pitch = 0;
	if (take < 2)
		return;
	/* Takes 2, 3: 4 % faster, slower; 4, 5: 5 %; ... then again. */
	*rate = sign * (NARRATE_TAKE_RATE_MIN + k / 2 % span);
	*pitch = -sign * (NARRATE_TAKE_PITCH - k / 2 % 3);
}

/* The take of the clip path (1 when it has no take file); -1 with
 * *err. */
static int
take_of(const char *path, char **err)
{
	size_t n = strlen(path), len;
	char *p, *buf = NULL, *end, *why;
	long take = 1;

	if (n > 4 && strcmp(path + n - 4, ".wav") == 0)
		n -= 4;
	p = xasprintf("%.*s.take", (int)n, path);
	if (access(p, F_OK) == 0 || errno != ENOENT) {
		if (read_all(p, 64, &buf, &len, &why) < 0) {
			*err = xasprintf("'%s': %s", p, why);
			free(why);
			take = -1;
		} else {
			take = strtol(buf, &end, 10);
			if (end == buf || (*end != '\0' && *end != '\n') ||
			    take < 1 || take > 9999) {
				*err = xasprintf("'%s': expected a take number, "
				    "1 to 9999", p);
				take = -1;
			}
		}
	}
	free(buf);
	free(p);
	return (int)take;
}

/* p percent of v, changed by d percent, within lo and hi. */
static int
shifted(int v, int d, int lo, int hi)
{
	long r = lround(v * (100.0 + d) / 100);

	return (int)(r < lo ? lo : r > hi ? hi : r);
}

/* flite's voice (NULL: its narrator's) said as take's. Malloc'd. */
static char *
flite_take(const char *voice, int take)
{
	size_t i;
	int p, r, dr, dp;

	if (voice == NULL || *voice == '\0')
		voice = FLITE_NARRATOR_VOICE;
	narrate_take_shift(take, &dr, &dp);
	if ((dr == 0 && dp == 0) || flite_voice_parse(voice, &i, &p, &r) < 0)
		return xstrdup(voice);
	return xasprintf("%s+p%d+r%d", flite_voice_names()[i],
	    shifted(p, dp, FLITE_SHIFT_MIN, FLITE_SHIFT_MAX),
	    shifted(r, dr, FLITE_SHIFT_MIN, FLITE_SHIFT_MAX));
}

int
narrate_request(jv req, const char *path, char **err)
{
	jv text = jv_object_get(jv_copy(req), jv_string("text"));
	jv voice = jv_object_get(jv_copy(req), jv_string("voice"));
	jv prov = jv_object_get(jv_copy(req), jv_string("provider"));
	int wpm = (int)json_num(jv_object_get(jv_copy(req), jv_string("wpm")),
	    150), rc = -1, take, dr, dp;
	char *v;

	if (jv_get_kind(text) != JV_KIND_STRING)
		*err = xasprintf("'%s': the narration request has no text",
		    path);
	else if ((take = take_of(path, err)) < 0)
		;
	else if (strcmp(json_str(prov), "flite") == 0) {
		v = flite_take(json_str(voice), take);
		rc = flite_narrate(jv_string_value(text), v, wpm, path, err);
		free(v);
	} else {
		narrate_take_shift(take, &dr, &dp);
		rc = espeak_narrate(jv_string_value(text), json_str(voice),
		    shifted(wpm, dr, 80, 450), shifted(ESPEAK_PITCH, dp, 0,
		    99), path, err);
	}
	jv_free(text);
	jv_free(voice);
	jv_free(prov);
	return rc;
}

void
narrate_release(void)
{
	flite_narrator_release();
	espeak_narrator_release();
}
