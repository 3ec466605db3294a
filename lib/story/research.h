/*
 * research.h - the research step: which queries to ask (the analyze
 * step's, else the brief's own), the summary of what the search found
 * (a text model's, textgen_research, in the brief's language; else the
 * results' own sentences) and the state's research and log entries.
 * The searches themselves are search.h's.
 *
 * jv ownership as in state.h. What would be a note for the user is
 * returned as a string (malloc'd) for the tool to tell.
 */
#ifndef MV_RESEARCH_H
#define MV_RESEARCH_H

#include <jv.h>

#include "services/llm.h"

struct conf;
struct safety;
struct step_clock;

/*
 * The queries to ask, up to SEARCH_MAX_QUERIES clean, distinct,
 * non-empty strings: queries (borrowed, the state's search_queries as
 * the analyze step wrote them), else st's context.search_queries, else
 * queries made from the context (brief_queries). st is borrowed.
 */
jv research_queries(jv st, jv queries);

/*
 * The model's summary of results (search_run's, borrowed) for ctx and
 * prefs (borrowed; in the brief's language), with the text provider c:
 * 3 to 6 plain sentences of facts for children, cleaned and without any
 * word that looks like a URL. Returns 0 with *out (malloc'd) and *call
 * (the request, owned, for the calls log), or -1 with *err.
 */
int textgen_research(const struct conf *c, jv ctx, jv prefs, jv results,
    struct llm_usage *u, char **out, jv *call, char **err);

/* What the summary of a run is made of. */
struct research_summary {
	char *text;		/* malloc'd */
	const char *by;		/* "extract" or the model's provider */
	int used_llm;
	struct llm_usage u;
	jv call;		/* the model's call, for the calls log */
	char *note;		/* why the model's was not kept, or NULL */
};

/*
 * The summary of results (borrowed) for st (borrowed): the model's of
 * lc, unless lc is offline, nothing was kept or the filter sf blocks it
 * (then out->note says so); else the results' own sentences. Returns 0,
 * or -1 with *err (the model failed; out is then released).
 */
int research_summarize(jv st, const struct conf *lc, jv results,
    const struct safety *sf, struct research_summary *out, char **err);
void research_summary_release(struct research_summary *s);

/* What the filter dropped of report (borrowed, search_run's): how many
 * and the entries that matched, as a note (malloc'd), or NULL. */
char *research_blocked_note(jv report);

/* st (consumed) with the research of a run whose search provider is
 * 'none' (the brief alone; queries consumed) and its log entry. */
jv research_none(jv st, jv queries, const struct step_clock *clk);

/* st (consumed) with the research (asked and report borrowed, results
 * consumed) of the search provider sc and the summary sum, and the
 * step's log entries (lc's too when its model wrote the summary). */
jv research_record(jv st, const struct conf *sc, const struct conf *lc,
    jv asked, jv results, jv report, const struct research_summary *sum,
    const struct step_clock *clk);

/* Each search of asked (borrowed) and the model's call in the calls log
 * (MV_CALL_LOG), once the state that holds their results is in place.
 * Returns 0, or -1 with *err. */
int research_log_calls(const struct conf *sc, const struct conf *lc,
    jv asked, const struct research_summary *sum, char **err);

#endif
