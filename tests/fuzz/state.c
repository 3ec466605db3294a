/* libFuzzer harness: the state reader and the state check (make fuzz). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <jv.h>

#include "core/state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	jv v = state_parse((const char *)data, size, "fuzz");
	char *err = NULL;

	if (jv_is_valid(v)) {
		if (state_check(v, &err) < 0)
			free(err);
		jv_free(v);
	} else {
		char *m = json_msg(v);

		free(m);
	}
	return 0;
}
