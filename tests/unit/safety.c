/* Unit checks for lib/core/safety.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "core/safety.h"
#include "core/util.h"

static char *dir;

/* The entry that blocks text, "" when it passes. */
static const char *
hit(const struct safety *s, const char *text)
{
	const char *e = NULL;
	size_t off;

	return safety_find(s, text, &e, &off) ? e : "";
}

static size_t
hit_off(const struct safety *s, const char *text)
{
	const char *e;
	size_t off = (size_t)-1;

	if (!safety_find(s, text, &e, &off))
		return (size_t)-1;
	return off;
}

/* Writes a word file, opens the filter with it; err (malloc'd) or "". */
static char *
open_with(const char *content, struct safety **s)
{
	char *path = xasprintf("%s/words", dir), *err = NULL;
	FILE *f = fopen(path, "w");

	fputs(content, f);
	fclose(f);
	setenv("MV_SAFETY_WORDS", path, 1);
	free(path);
	if (safety_open(s, &err) < 0)
		return err;
	return xstrdup("");
}

static void
check_builtin(void)
{
	struct safety *s = NULL;
	char *err = NULL;

	CHECK_NOTE("the built-in list");
	unsetenv("MV_SAFETY");
	unsetenv("MV_SAFETY_WORDS");
	CHECK_INT(safety_open(&s, &err), 0);
	CHECK(s != NULL);
	CHECK_STR(hit(s, "Kill!"), "kill");
	CHECK_STR(hit(s, "they will kill."), "kill");
	CHECK_STR(hit(s, "KILLED"), "killed");
	CHECK_STR(hit(s, "a skill to learn"), "");
	CHECK_STR(hit(s, "the fearless fox"), "");
	CHECK_STR(hit(s, "Skillful, fearless, killjoy"), "");
	CHECK_STR(hit(s, "kill2 kill_"), "kill");	/* '_' separates */
	CHECK_STR(hit(s, "kill2"), "");
	CHECK_STR(hit(s, "killé"), "");
	CHECK_STR(hit(s, "\xc2\xabkill\xc2\xbb"), "kill");
	CHECK_STR(hit(s, "kill\xe2\x80\x94them"), "kill");
	CHECK_STR(hit(s, "the murderer left"), "murder*");
	CHECK_STR(hit(s, "Murders"), "murder*");
	CHECK_STR(hit(s, "crack cocaine"), "crack cocaine");
	CHECK_STR(hit(s, "Crack --- \n COCAINE"), "crack cocaine");
	CHECK_STR(hit(s, "a crack in the wall"), "");
	CHECK_STR(hit(s, "self-harm"), "self harm*");
	CHECK_STR(hit(s, "reaches sexual maturity at one"), "");
	CHECK_STR(hit(s, "Sexual  assault"), "sexual assault");
	CHECK_STR(hit(s, "an honest fox in an autumn forest"), "");
	CHECK_STR(hit(s, "Sussex and Essex"), "");
	CHECK_STR(hit(s, "grapes and drapes"), "");
	CHECK_STR(hit(s, "Therapist"), "");
	CHECK_STR(hit(s, "a scunthorpe bitcoin"), "");
	CHECK_STR(hit(s, ""), "");
	CHECK_INT(hit_off(s, "Ruby and the gore"), 13);
	CHECK_INT(hit_off(s, "\xc3\xa9t\xc3\xa9, sex"), 7);
	/* Invalid UTF-8 separates words; it never crashes the filter. */
	CHECK_STR(hit(s, "\xff" "kill\xfe"), "kill");
	CHECK_STR(hit(s, "\xe2\x80"), "");
	CHECK_STR(hit(s, "ki\xc3"), "");
	CHECK_INT(safety_find(s, NULL, NULL, NULL), 0);
	CHECK_INT(safety_find(s, "kill", NULL, NULL), 1);
	safety_close(s);
	CHECK_INT(safety_find(NULL, "kill", NULL, NULL), 0);
}

static void
check_switch(void)
{
	struct safety *s = (struct safety *)1;
	char *err = NULL;

	CHECK_NOTE("MV_SAFETY");
	setenv("MV_SAFETY", "off", 1);
	setenv("MV_SAFETY_WORDS", "/nonexistent", 1);
	CHECK_INT(safety_open(&s, &err), 0);
	CHECK(s == NULL);
	setenv("MV_SAFETY", "maybe", 1);
	CHECK_INT(safety_open(&s, &err), -1);
	CHECK_STR(err, "MV_SAFETY: expected 'on' or 'off', got 'maybe'");
	free(err);
	setenv("MV_SAFETY", "on", 1);
	unsetenv("MV_SAFETY_WORDS");
	CHECK_INT(safety_open(&s, &err), 0);
	CHECK_STR(hit(s, "sexy"), "sexy");
	safety_close(s);
	unsetenv("MV_SAFETY");
}

static void
check_file(void)
{
	struct safety *s = NULL;
	char *err, *want;

	CHECK_NOTE("MV_SAFETY_WORDS");
	err = open_with("# my list\n\n  Gore*  \nfear # a comment\n"
	    "\xc3\x89" "clair\nBig   bad wolf\n", &s);
	CHECK_STR(err, "");
	free(err);
	CHECK_STR(hit(s, "the gory part"), "");
	CHECK_STR(hit(s, "it gores"), "Gore*");
	CHECK_STR(hit(s, "GORE"), "Gore*");
	CHECK_STR(hit(s, "fearless"), "");
	CHECK_STR(hit(s, "no fear."), "fear");
	CHECK_STR(hit(s, "kill"), "");	/* the file replaces the list */
	CHECK_STR(hit(s, "an \xc3\xa9" "clair"), "\xc3\x89" "clair");
	CHECK_STR(hit(s, "\xc3\x89" "CLAIR"), "\xc3\x89" "clair");
	CHECK_STR(hit(s, "the big, bad... WOLF"), "Big   bad wolf");
	CHECK_STR(hit(s, "the big bad"), "");
	CHECK_STR(hit(s, "big bad wolves"), "");
	safety_close(s);
	s = NULL;

	err = open_with("ok\nbad*word\n", &s);
	want = xasprintf("MV_SAFETY_WORDS: '%s/words':2: '*' is allowed "
	    "only at the end of an entry", dir);
	CHECK_STR(err, want);
	CHECK(s == NULL);
	free(want);
	free(err);

	err = open_with("x\n\n-*\n", &s);
	want = xasprintf("MV_SAFETY_WORDS: '%s/words':3: '*' must follow "
	    "a letter or digit", dir);
	CHECK_STR(err, want);
	free(want);
	free(err);

	err = open_with("...\n", &s);
	want = xasprintf("MV_SAFETY_WORDS: '%s/words':1: no letters or "
	    "digits", dir);
	CHECK_STR(err, want);
	free(want);
	free(err);

	err = open_with("caf\xe9\n", &s);
	want = xasprintf("MV_SAFETY_WORDS: '%s/words':1: not valid UTF-8",
	    dir);
	CHECK_STR(err, want);
	free(want);
	free(err);

	err = open_with("# only comments\n\n", &s);
	want = xasprintf("MV_SAFETY_WORDS: '%s/words': no entries (set "
	    "MV_SAFETY=off to turn the filter off)", dir);
	CHECK_STR(err, want);
	free(want);
	free(err);

	setenv("MV_SAFETY_WORDS", "/nonexistent/words", 1);
	err = NULL;
	CHECK_INT(safety_open(&s, &err), -1);
	CHECK_STR(err, "MV_SAFETY_WORDS: '/nonexistent/words': cannot "
	    "open: No such file or directory");
	free(err);
	unsetenv("MV_SAFETY_WORDS");
}

int
main(void)
{
	const char *tmp = getenv("TMPDIR");

	dir = xasprintf("%s/mv-safety.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror(dir);
		return 1;
	}
	check_builtin();
	check_switch();
	check_file();
	check_rm_rf(dir);
	free(dir);
	return check_done();
}
