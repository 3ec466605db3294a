/*
 * search.h - web search for mv-research: Tavily (POST base/search),
 * SearxNG (GET base/search?format=json) and Wikipedia (GET
 * base/w/api.php?action=query&list=search), over lib/http.
 *
 * Search results are untrusted text. Every title and snippet is cleaned
 * (search_clean: valid UTF-8, no control characters, white space folded,
 * capped), Wikipedia's HTML snippets become plain text first
 * (search_html_text), a URL must be http(s) without spaces or controls,
 * duplicates (the same URL) are dropped, and a result whose title,
 * content or URL the child-safety filter blocks is dropped and counted.
 */
#ifndef MV_SEARCH_H
#define MV_SEARCH_H

#include <stddef.h>
#include <jv.h>

#include "core/conf.h"
#include "core/safety.h"

#define SEARCH_MAX_TITLE 200	/* bytes kept of a title */
#define SEARCH_MAX_CONTENT 1000	/* bytes kept of a snippet */
#define SEARCH_MAX_URL 2000	/* longer URLs are refused */
#define SEARCH_MAX_QUERY 300	/* bytes kept of a query */
#define SEARCH_MAX_QUERIES 8	/* queries asked at most */
#define SEARCH_MAX_REPLY (8u << 20)	/* bytes read of a reply */

/*
 * Runs each query of queries (an array of strings, borrowed) with the
 * provider c ("tavily", "searxng" or "wikipedia"), all at once up to
 * c->http.concurrency, and returns the results kept as an array of
 * {"query", "title", "url", "content"} objects: in the order of the
 * queries and of each provider's ranking, at most c->max_results a
 * query. sf (NULL: the filter is off) drops what it blocks.
 *
 * *report (owned by the caller, also on failure) describes the work for
 * the state's log without quoting any result: {"queries", "requests"
 * (HTTP attempts, retries included), "found", "kept", "dropped" (by the
 * filter), "duplicates", "skipped" (malformed: no URL, not http(s), no
 * text), "blocked": [{"query", "field", "entry"}]}.
 *
 * On failure returns an invalid whose message names the provider, as
 * "tavily: 401: Unauthorized: missing or invalid API key." or
 * "searxng: the reply is not JSON"; a missing key is
 * "TAVILY_API_KEY: not set; tavily needs an API key". The key is sent in
 * a header and is never part of a result, report or message.
 */
jv search_run(const struct conf *c, jv queries, const struct safety *sf,
    jv *report);

/*
 * s[0..len) (NULs and invalid UTF-8 allowed) as clean text: invalid
 * bytes, control characters (C0, DEL, C1), bidirectional overrides,
 * zero-width characters and U+FFFD (what a JSON parser makes of invalid
 * UTF-8) removed, white space (tabs, newlines, U+2028,
 * U+00A0 ...) folded to one space, trimmed, and cut to at most max bytes
 * at a word boundary ("..." added when cut; text_clip). Malloc'd.
 */
char *search_clean(const char *s, size_t len, size_t max);

/*
 * The text of an HTML fragment: tags removed, character references
 * (&quot; &amp; &lt; &gt; &apos; &nbsp; &#39; &#x27; ...) decoded; an
 * unknown or malformed reference is kept as written, a reference to NUL,
 * a surrogate or a code point above U+10FFFF is dropped. Malloc'd; not
 * yet cleaned (pass it to search_clean).
 */
char *search_html_text(const char *html);

/*
 * An extractive summary of results (as search_run returns them,
 * borrowed): the first sentence of each result's content in order,
 * skipping sentences cut short, shorter than four words or blocked by
 * sf, up to max bytes in all. Malloc'd; "" when none is usable.
 */
char *search_extract(jv results, const struct safety *sf, size_t max);

#endif
