#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/conf.h"
#include "core/http.h"
#include "core/msg.h"
#include "core/safety.h"
#include "core/state.h"
#include "core/tool.h"
#include "core/util.h"

/* An option getopt_long rejected (ch ':' for a missing argument, '?'
 * for an unknown one), said as "prog: why". */
static void
tool_bad_option(int ch, char *const argv[])
{
	const char *arg = argv[optind - 1];

	if (ch == ':')
		msg_warn("option requires an argument: '%s'", arg);
	else if (optopt != 0)
		msg_warn("unknown option: '-%c'", optopt);
	else
		msg_warn("unknown option: '%s'", arg);
}

/* "prog VERSION" on stdout; exits 0 (1 on a write error). */
static void __attribute__((noreturn))
tool_version(void)
{
	printf("%s %s\n", msg_prog(), MV_VERSION);
	exit(msg_close_stdout(MV_EXIT_OK));
}

/* The usage line of the running program (tool_getopt's). */
static const char *usage_line = "[-h] [file]";

void
tool_usage(int status)
{
	FILE *fp = status ? stderr : stdout;
	const char *p = usage_line, *nl;

	/* Each further line is another form: "       prog FORM". */
	fprintf(fp, "usage: %s ", msg_prog());
	while ((nl = strchr(p, '\n')) != NULL) {
		fprintf(fp, "%.*s\n       %s ", (int)(nl - p), p, msg_prog());
		p = nl + 1;
	}
	fprintf(fp, "%s\n", p);
	exit(status);
}

int
tool_getopt(int argc, char *const argv[], const char *optstring,
    const char *usage)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	char opts[64];
	int ch;

	usage_line = usage;
	/* ':' first: a missing argument is told apart from a bad letter. */
	if (snprintf(opts, sizeof opts, ":h%s", optstring) >= (int)sizeof opts)
		abort();
	opterr = 0;
	ch = getopt_long(argc, argv, opts, longopts, NULL);
	switch (ch) {
	case 'h':
		tool_usage(MV_EXIT_OK);
	case 'V':
		tool_version();
	case ':':
	case '?':
		tool_bad_option(ch, argv);
		tool_usage(MV_EXIT_USAGE);
	default:
		return ch;
	}
}

const char *
tool_operand(int argc, char *const argv[])
{
	if (argc - optind > 1) {
		msg_warn("too many operands");
		tool_usage(MV_EXIT_USAGE);
	}
	return argc - optind == 1 ? argv[optind] : NULL;
}

jv
tool_read(const char *path, int check)
{
	char *err;
	jv st;

	if ((path == NULL || strcmp(path, "-") == 0) && isatty(0))
		msg_note("reading the %s from the terminal (end with ^D)",
		    check ? "state" : "brief");
	st = state_read(path);
	if (!jv_is_valid(st)) {
		err = json_msg(st);
		msg_die("%s", err);
	}
	if (check && state_check(st, &err) < 0) {
		jv_free(st);
		msg_die("'%s': %s", state_name(path), err);
	}
	return st;
}

jv
tool_need(jv st, const char *path, const char *key, jv_kind kind,
    const char *producer)
{
	jv v = state_need(st, key, kind, producer);
	char *err;

	if (!jv_is_valid(v)) {
		err = json_msg(v);
		jv_free(st);
		msg_die("'%s': %s", state_name(path), err);
	}
	return v;
}

jv
tool_segments(jv st, const char *path)
{
	jv segs = tool_need(st, path, "segments", JV_KIND_ARRAY,
	    "mv-segment");
	char *err;

	if (state_segments_check(segs, &err) < 0) {
		jv_free(segs);
		jv_free(st);
		msg_die("'%s': %s", state_name(path), err);
	}
	return segs;
}

void
tool_write(jv st, const char *path)
{
	char *err;

	if (state_write(st, path, &err) < 0)
		msg_die("%s", err);
}

const char *
tool_provider(const char *var, const char *dflt, const char *const *known)
{
	const char *v = getenv(var);
	struct buf b = { 0 };
	int i;

	if (v == NULL || *v == '\0')
		return dflt;
	for (i = 0; known[i]; i++)
		if (strcmp(v, known[i]) == 0)
			return known[i];
	for (i = 0; known[i]; i++)
		buf_addf(&b, "%s%s", i ? ", " : "", known[i]);
	msg_die("%s: unknown provider '%.40s'; expected one of: %s", var, v,
	    b.s);
}

int
tool_scene(const char *arg)
{
	char *end;
	long n = strtol(arg, &end, 10);

	return *arg != '\0' && *end == '\0' && n >= 1 && n <= 999 ? (int)n :
	    -1;
}

int
tool_size(const char *arg, int *w, int *h)
{
	char *why;

	if (conf_setting("SIZE", arg, &why) == 0 &&
	    sscanf(arg, "%dx%d", w, h) == 2)
		return 0;
	free(why);
	msg_warn("-s '%s': expected WIDTHxHEIGHT, even numbers from 64 to "
	    "7680", arg);
	return -1;
}

int
tool_llm(const char *step, struct conf *c, int setup,
    struct safety **safe)
{
	char *err;

	if (conf_llm(step, c, &err) < 0)
		msg_die("%s", err);
	if (strcmp(c->provider, "offline") == 0)
		return 1;
	if (setup & (TOOL_LLM_HTTP | TOOL_LLM_SAFETY))
		http_init();
	if ((setup & TOOL_LLM_SAFETY) && safety_open(safe, &err) < 0)
		msg_die("%s", err);
	return 0;
}
