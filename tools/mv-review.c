/*
 * mv-review - the review page of a finished workflow: the video, then
 * per scene its picture, lines, length, what made each asset and the
 * command that redoes it; the character sheets; the run's cost and log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/asset.h"
#include "core/atomic.h"
#include "core/msg.h"
#include "core/state.h"
#include "core/tool.h"
#include "core/util.h"
#include "video/review.h"

#define TEXT_MAX (1u << 20)	/* bytes of a cost summary or price table */

/* The text of the file named by an option, or exit 1 naming it. */
static char *
slurp(const char *path)
{
	char *buf, *err;
	size_t len;

	if (read_all(path, TEXT_MAX, &buf, &len, &err) < 0)
		msg_die("'%s': %s", path, err);
	if (memchr(buf, '\0', len) != NULL)
		msg_die("'%s': expected text, found a NUL byte", path);
	return buf;
}

int
main(int argc, char *argv[])
{
	const char *cflag = NULL, *dflag = NULL, *oflag = NULL, *pflag = NULL;
	const char *in;
	struct review_in ri = { 0 };
	char *cost = NULL, *prices = NULL, *dir, *page, *err;
	int ch;
	jv st;

	msg_init(argv[0]);
	while ((ch = tool_getopt(argc, argv, "c:d:o:p:", "[-h] [-c file] "
	    "[-d dir] [-o file] [-p file] [file]")) != -1)
		switch (ch) {
		case 'c':
			cflag = optarg;
			break;
		case 'd':
			dflag = optarg;
			break;
		case 'o':
			oflag = optarg;
			break;
		case 'p':
			pflag = optarg;
			break;
		}
	in = tool_operand(argc, argv);
	atomic_init();

	if (cflag != NULL)
		ri.cost = cost = slurp(cflag);
	if (pflag != NULL)
		prices = slurp(pflag);
	st = tool_read(in, 1);
	dir = asset_dir(dflag, oflag);
	ri.dir = dir;
	ri.prices = prices != NULL ? review_prices(prices) : jv_null();
	page = review_page(st, &ri, &err);
	free(cost);
	free(prices);
	free(dir);
	jv_free(ri.prices);
	jv_free(st);
	if (page == NULL) {
		msg_warn("'%s': %s", state_name(in), err);
		free(err);
		return MV_EXIT_FAIL;
	}
	if (oflag != NULL) {
		if (atomic_write(oflag, page, strlen(page), &err) < 0) {
			free(page);
			msg_die("%s", err);
		}
	} else
		fputs(page, stdout);
	free(page);
	return msg_close_stdout(MV_EXIT_OK);
}
