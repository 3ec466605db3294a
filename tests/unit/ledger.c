/* Unit checks of lib/core/ledger.c: estimates, the cap, settling. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "core/ledger.h"

static char dir[64];

static double
spent(const char *path)
{
	int fd = open(path, O_RDONLY);
	double s = fd < 0 ? -1 : ledger_spent(fd);

	if (fd >= 0)
		close(fd);
	return s;
}

int
main(void)
{
	struct ledger *l = (struct ledger *)1;
	char *err = NULL, *path, *prices;
	const char *pic = "{\"model\":\"gpt-image-1\",\"prompt\":\"a fox\","
	    "\"n\":2}";
	const char *tts = "{\"model\":\"tts-1\",\"input\":\"abcdefghij\"}";
	const char *chat = "{\"model\":\"gpt-4o\",\"max_tokens\":100,"
	    "\"messages\":[{\"role\":\"user\",\"content\":\"12345678\"}]}";
	const char *reply = "{\"usage\":{\"prompt_tokens\":10,"
	    "\"completion_tokens\":20}}";
	double usd;
	FILE *fp;

	snprintf(dir, sizeof dir, "/tmp/mv-ledger-unit.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return 1;
	path = xasprintf("%s/ledger", dir);
	prices = xasprintf("%s/prices.tsv", dir);
	fp = fopen(prices, "w");
	fprintf(fp, "# a comment\nopenai\tgpt-image-1\timages\t0.05\n"
	    "openai\ttts-1\tcharacters\t0.001\n"
	    "openai\tgpt-4o\tprompt_tokens\t0.01\n"
	    "openai\tgpt-4o\tcompletion_tokens\t0.001\n"
	    "tavily\t-\tsearches\t0.008\n");
	fclose(fp);
	setenv("MV_PRICES", prices, 1);
	setenv("MV_LEDGER", path, 1);

	CHECK_NOTE("settings");
	unsetenv("BUDGET");
	CHECK_INT(ledger_open(&l, &err), 0);
	CHECK(l == NULL);
	CHECK_INT(ledger_reserve(l, "openai", "u", pic, strlen(pic), &usd,
	    &err), 0);
	setenv("BUDGET", "2,50", 1);
	CHECK_INT(ledger_open(&l, &err), -1);
	CHECK_STR(err, "BUDGET: expected US dollars, like 2.50, got '2,50'");
	free(err);
	err = NULL;

	CHECK_NOTE("estimates and the cap");
	setenv("BUDGET", "0.30", 1);
	CHECK_INT(ledger_open(&l, &err), 0);
	CHECK_INT(ledger_reserve(l, "openai", "http://h/v1/images/generations",
	    pic, strlen(pic), &usd, &err), 0);
	CHECK(usd > 0.0999 && usd < 0.1001);
	CHECK_INT(ledger_reserve(l, "openai", "http://h/v1/audio/speech",
	    tts, strlen(tts), &usd, &err), 0);
	CHECK(usd > 0.00999 && usd < 0.01001);
	/* 2 prompt tokens (8 characters / 4) and 100 completion ones. */
	CHECK_INT(ledger_reserve(l, "openai", "http://h/v1/chat/completions",
	    chat, strlen(chat), &usd, &err), 0);
	CHECK(usd > 0.1199 && usd < 0.1201);
	CHECK(spent(path) > 0.2299 && spent(path) < 0.2301);
	CHECK_INT(ledger_reserve(l, "openai", "http://h/v1/images/generations",
	    pic, strlen(pic), &usd, &err), -1);
	CHECK_STR(err, "budget 0.30 USD: 0.23 spent, the next picture would "
	    "cost 0.10");
	free(err);
	err = NULL;
	CHECK_INT(ledger_reserve(l, "openai", "http://h/v1/images/generations",
	    "{\"model\":\"dall-e-9\"}", 20, &usd, &err), -1);
	CHECK_STR(err, "budget: no price for openai dall-e-9 images in the "
	    "prices (pipelines/prices.tsv, MV_PRICES)");
	free(err);
	err = NULL;

	CHECK_NOTE("settling");
	/* The chat used 10 and 20 tokens: 0.1 + 0.02 = 0.12; its estimate
	 * was 0.12 too: no line. Then one that used less. */
	ledger_settle(l, "openai", "http://h/v1/chat/completions", chat,
	    strlen(chat), 0.12, reply, strlen(reply));
	CHECK(spent(path) > 0.2299 && spent(path) < 0.2301);
	ledger_settle(l, "openai", "http://h/v1/chat/completions", chat,
	    strlen(chat), 0.2, reply, strlen(reply));
	CHECK(spent(path) > 0.1499 && spent(path) < 0.1501);
	/* A failed picture costs nothing. */
	ledger_settle(l, "openai", "http://h/v1/images/generations", pic,
	    strlen(pic), 0.1, NULL, 0);
	CHECK(spent(path) > 0.0499 && spent(path) < 0.0501);
	CHECK_INT(ledger_reserve(l, "tavily", "http://h/search", "{}", 2,
	    &usd, &err), 0);
	CHECK(usd > 0.00799 && usd < 0.00801);
	ledger_close(l);

	check_rm_rf(dir);
	free(path);
	free(prices);
	return check_done();
}
