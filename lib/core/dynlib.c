#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "core/dynlib.h"
#include "core/util.h"

void *
dynlib_open(const struct dynlib *lib, char **err)
{
	void *h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL), *p;
	const char *why;
	size_t i;

	if (h == NULL) {
		why = dlerror();
		*err = xasprintf("%s%s%s%s%s%s", lib->label ? lib->label : "",
		    lib->label ? ": " : "", why ? why : lib->soname,
		    lib->absent ? " (" : "", lib->absent ? lib->absent : "",
		    lib->absent ? ")" : "");
		return NULL;
	}
	for (i = 0; i < lib->nsyms; i++) {
		if ((p = dlsym(h, lib->syms[i].name)) == NULL) {
			*err = xasprintf("%s%s%s: not in %s%s%s%s",
			    lib->label ? lib->label : "",
			    lib->label ? ": " : "", lib->syms[i].name,
			    lib->soname, lib->old ? " (" : "",
			    lib->old ? lib->old : "", lib->old ? ")" : "");
			while (i-- > 0)
				memset(lib->syms[i].slot, 0, sizeof p);
			dlclose(h);
			return NULL;
		}
		/* (POSIX's way from a data pointer to a function's.) */
		memcpy(lib->syms[i].slot, &p, sizeof p);
	}
	return h;
}
