/* libFuzzer harness: the brief validator (make fuzz). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <jv.h>

#include "core/state.h"
#include "story/brief.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	jv in = state_parse((const char *)data, size, "fuzz"), v, ctx;

	if (!jv_is_valid(in)) {
		free(json_msg(in));
		return 0;
	}
	v = brief_normalise(in);	/* borrows in */
	jv_free(in);
	if (!jv_is_valid(v)) {
		free(json_msg(v));
		return 0;
	}
	ctx = jv_object_get(jv_copy(v), jv_string("context"));
	if (jv_get_kind(ctx) == JV_KIND_OBJECT)
		jv_free(brief_queries(ctx));	/* borrows ctx */
	jv_free(ctx);
	jv_free(v);
	return 0;
}
