/* libFuzzer harness: the JSON extractor for model replies (make fuzz). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jv.h>

#include "core/json.h"
#include "core/util.h"
#include "services/llm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xmalloc(size + 1);
	jv v;

	memcpy(text, data, size);
	text[size] = '\0';
	v = llm_extract_json(text);
	if (jv_is_valid(v)) {
		/* What it returns is always an object. */
		if (jv_get_kind(v) != JV_KIND_OBJECT)
			abort();
		jv_free(v);
	} else
		free(json_msg(v));
	free(text);
	return 0;
}
