/* Unit checks for lib/core/dynlib.c: a library loaded when first needed. */
#include <dlfcn.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/dynlib.h"
#include "core/util.h"

static double (*my_cos)(double);
static double (*my_lgamma)(double);
static int *my_signgam;
static void (*my_none)(void);

static const struct dynlib_sym m_names[] = {
	{ "cos", &my_cos },
	{ "mv_no_such_function", &my_none },
};

static const struct dynlib_sym g_names[] = {
	{ "lgamma", &my_lgamma },
	{ "signgam", &my_signgam },
};

int
main(void)
{
	struct dynlib m = { "libm", "libm.so.6", NULL, NULL, m_names, 1 };
	struct dynlib g = { NULL, "libm.so.6", NULL, NULL, g_names, 2 };
	struct dynlib none = { NULL, "libmv-nonesuch.so.9",
	    "install it: deps/debian", "unused", m_names, 1 };
	char *err = NULL;
	void *h;
	size_t n;

	CHECK_NOTE("functions resolve into their slots, and call");
	h = dynlib_open(&m, &err);
	CHECK(h != NULL && err == NULL);
	CHECK(my_cos != NULL && my_cos(0.5) == cos(0.5));
	if (h != NULL)
		dlclose(h);

	CHECK_NOTE("a variable resolves to its address");
	h = dynlib_open(&g, &err);
	CHECK(h != NULL && my_lgamma != NULL && my_signgam != NULL);
	if (h != NULL) {
		/* Gamma(-0.5) < 0: lgamma sets the sign there. */
		*my_signgam = 1;
		my_lgamma(-0.5);
		CHECK_INT(*my_signgam, -1);
	}
	if (h != NULL)
		dlclose(h);

	CHECK_NOTE("a name not in the library: named, with the version "
	    "wanted, and no slot left set");
	m.nsyms = 2;
	m.old = "2.0 or newer is needed";
	CHECK(dynlib_open(&m, &err) == NULL);
	CHECK_STR(err, "libm: mv_no_such_function: not in libm.so.6 "
	    "(2.0 or newer is needed)");
	CHECK(my_cos == NULL && my_none == NULL);
	free(err);
	err = NULL;
	m.label = NULL;
	m.old = NULL;
	CHECK(dynlib_open(&m, &err) == NULL);
	CHECK_STR(err, "mv_no_such_function: not in libm.so.6");
	free(err);
	err = NULL;

	CHECK_NOTE("a library not there: dlerror's reason names it, then "
	    "what to do");
	CHECK(dynlib_open(&none, &err) == NULL);
	CHECK(err != NULL && strncmp(err, "libmv-nonesuch.so.9: ", 21) == 0);
	n = err != NULL ? strlen(err) : 0;
	CHECK(n > 26 && strcmp(err + n - 26, " (install it: deps/debian)") ==
	    0);
	free(err);
	err = NULL;
	none.label = "libnone";
	none.absent = NULL;
	CHECK(dynlib_open(&none, &err) == NULL);
	CHECK(err != NULL && strncmp(err, "libnone: libmv-nonesuch.so.9: ",
	    30) == 0 && strchr(err, '(') == NULL);
	free(err);
	return check_done();
}
