/*
 * dynlib.h - a shared library loaded when it is first needed (dlopen) and
 * its names resolved into a table of pointers, so that a program that
 * does not need it starts without loading it and the libraries it needs
 * in turn: libcurl (http.c) at the first request, libflite and its
 * voices (offline/flite.c) and libespeak-ng (offline/espeak.c) at the
 * first clip spoken offline.
 *
 * The caller keeps its own table, one slot a name (a function pointer of
 * the function's type, or a pointer to a variable), and calls through
 * it; the headers stay for the types. Each library is opened
 * RTLD_NOW | RTLD_LOCAL: what it needs comes from its own DT_NEEDED, and
 * a library opened again (a voice's libflite.so.1) is the one already
 * loaded, with the same global state. Libraries stay loaded: nothing of
 * theirs is on the heap of the program (LeakSanitizer sees none).
 */
#ifndef MV_DYNLIB_H
#define MV_DYNLIB_H

#include <stddef.h>

/* One name to resolve, and where its address goes (a pointer's address). */
struct dynlib_sym {
	const char *name;
	void *slot;
};

struct dynlib {
	const char *label;	/* NULL, or the messages' subject: "libcurl" */
	const char *soname;	/* "libcurl.so.4" */
	const char *absent;	/* NULL, or said when it does not load */
	const char *old;	/* NULL, or said when a name is not in it */
	const struct dynlib_sym *syms;
	size_t nsyms;
};

/*
 * Opens lib->soname and stores each of its syms' addresses in *slot.
 * Returns the library's handle, or NULL with *err set (malloc'd) and the
 * slots it had set NULL again: "[LABEL: ]DLERROR[ (ABSENT)]" when it does not load
 * (dlerror names the file that is missing, the library or one it needs),
 * "[LABEL: ]NAME: not in SONAME[ (OLD)]" when a name is not in it.
 */
void *dynlib_open(const struct dynlib *lib, char **err);

#define DYNLIB_NSYMS(a) (sizeof (a) / sizeof (a)[0])

#endif
