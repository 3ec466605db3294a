/*
 * ledger.h - a budget that holds: the price of each paid request is
 * reserved in a ledger before it is sent, under a lock shared by every
 * process, and a request that would pass the cap is not sent.
 *
 * BUDGET (US dollars, such as 2.50) sets the cap; unset or empty, there is
 * no ledger. The ledger is the file MV_LEDGER, by default W/.mv/ledger
 * (the workflow's; make batch sets the batch's, so the cap is the whole
 * batch's). Each line is "reserve" or "settle", an amount in USD, and what
 * it was for, tab-separated; what is spent is the sum of the amounts, so
 * a run that resumes goes on from what earlier runs spent.
 *
 * The price of a request is estimated from what is sent, with the prices
 * per unit of pipelines/prices.tsv (MV_PRICES names another table): for a
 * picture (.../images/...) its n pictures, for speech (.../audio/speech,
 * ElevenLabs' .../text-to-speech/...) the characters of its text, for a
 * chat (.../chat/completions) a quarter of its messages' characters as
 * prompt tokens and its max_tokens (else 4096) as completion tokens, for a
 * search one search. A request of a provider or model the table has no
 * price for is refused while a budget is set. When the reply comes, a
 * chat's reported usage replaces its estimate, and a request that failed
 * costs nothing ("settle" lines with the difference).
 */
#ifndef MV_LEDGER_H
#define MV_LEDGER_H

#include <stddef.h>

struct ledger;

/*
 * The ledger of this process, from the environment: 0 with *out set (NULL
 * when BUDGET is unset: nothing is reserved), or -1 with *err set: a bad
 * BUDGET ("BUDGET: expected US dollars, like 2.50, got 'x'"), a price
 * table that cannot be read.
 */
int ledger_open(struct ledger **out, char **err);

/*
 * A BUDGET's value: US dollars, digits and a point, 0 to 1e9 ("2.50").
 * 0 with *cap set, or -1.
 */
int ledger_budget(const char *s, double *cap);

/*
 * Reserves the estimated price of the request (provider who, its URL and
 * body) in the ledger. Returns 0 with *usd set to what was reserved, or -1
 * with *err set: "budget 2.50 USD: 2.31 spent, the next picture would cost
 * 0.19" (nothing reserved, nothing to send), a price that is not in the
 * table, a ledger that cannot be written. l NULL: 0, *usd 0.
 */
int ledger_reserve(struct ledger *l, const char *who, const char *url,
    const char *body, size_t len, double *usd, char **err);

/*
 * The reply to a request that reserved usd came: resp (its body, NULL when
 * the request failed) replaces the estimate with what it reports using,
 * or with 0 when it failed. Best effort: a ledger that cannot be written
 * keeps the reservation (the safe side).
 */
void ledger_settle(struct ledger *l, const char *who, const char *url,
    const char *body, size_t len, double usd, const char *resp,
    size_t resp_len);

/* Frees l; NULL is fine. */
void ledger_close(struct ledger *l);

/* What the ledger at fd holds spent (the sum of its amounts), for tests. */
double ledger_spent(int fd);

#endif
