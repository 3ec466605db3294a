/*
 * libFuzzer harness: the subtitle cue splitter and the subtitle script
 * (make fuzz). The text is what a state can hold: valid UTF-8 without NUL
 * (the state reader refuses anything else); the first two bytes choose
 * the span.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/util.h"
#include "media/media.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cue *v;
	double secs;
	size_t n, i, bad;
	char *text;

	if (size < 2)
		return 0;
	secs = 0.01 + (data[0] << 8 | data[1]) / 100.0;
	data += 2, size -= 2;
	if (text_check_utf8((const char *)data, size, &bad) < 0)
		return 0;
	text = xmalloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	n = media_cues(text, 1.0, 1.0 + secs, &v);
	for (i = 0; i < n; i++) {
		/* In order, inside the span, never empty. */
		if (!(v[i].start >= 1.0 - 1e-9 && v[i].end <= 1.0 + secs + 1e-6 &&
		    v[i].start <= v[i].end) || v[i].text == NULL ||
		    v[i].text[0] == '\0' || (i > 0 && v[i].start <
		    v[i - 1].end - 1e-6))
			abort();
	}
	media_cues_free(v, n);
	free(text);
	return 0;
}
