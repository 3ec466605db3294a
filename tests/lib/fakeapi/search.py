"""search.py - fake search services in their documented wire formats.

  POST /search        Tavily (docs.tavily.com/api-reference/endpoint/search):
                      JSON body {query, max_results, search_depth, ...},
                      "Authorization: Bearer KEY"; answers {query, answer,
                      images, results: [{title, url, content, score,
                      raw_content}], response_time}
  GET  /search        SearxNG (docs.searxng.org/dev/search_api): q,
                      format=json; answers {query, number_of_results,
                      results: [{url, title, content, engine, score, ...}],
                      answers, corrections, infoboxes, suggestions,
                      unresponsive_engines}
  GET  /w/api.php     MediaWiki action=query&list=search: srsearch,
                      srlimit, format=json; answers {batchcomplete,
                      continue, query: {searchinfo: {totalhits}, search:
                      [{ns, title, pageid, size, wordcount, snippet,
                      timestamp}]}}; snippets carry <span
                      class="searchmatch"> tags and &quot; entities

Results are made from the query, the same for the same query: n results
(Tavily: max_results, default 5; SearxNG: 10; Wikipedia: srlimit, default
10), the last of which is the same page for every query (so that a client
has duplicates to drop).

req.state, set by tests with fake_state:
  tavily_key       when set, a Bearer token that differs gets Tavily's 401
                   {"detail": {"error": "Unauthorized: missing or invalid
                   API key."}}
  search_results   a list: every reply's results (Wikipedia: search
                   items) are exactly these, for hostile-input tests
  searxng_formats  the formats the SearxNG instance allows (default
                   ["json"]); another gets 403, as SearxNG does
  searxng_limiter  when true, SearxNG's bot limiter is on: as
                   searx/botdetection/http_*.py (searxng/searxng at
                   9fea412) it answers 429 "Too Many Requests" to a
                   request whose Accept lacks text/html, that has no
                   Accept-Language, whose Accept-Encoding has neither
                   gzip nor deflate, whose User-Agent starts like a bot
                   (curl, python-requests, Go-http-client ...), or that
                   says "Connection: close"
  search_raw       base64 of a body every route answers with, as it is
                   (status 200, application/json): bytes JSON cannot
                   carry, such as invalid UTF-8
"""

import base64
import hashlib
import html
import re

TAVILY_401 = {"detail": {"error": "Unauthorized: missing or invalid API key."}}
COMMON_URL = "https://example.org/stories-for-children"
COMMON_TITLE = "Stories for children"


def words(q):
    return re.findall(r"[A-Za-z0-9]+", q) or ["nothing"]


def slug(q):
    return "-".join(w.lower() for w in words(q))[:60]


def digest(q, i):
    return int(hashlib.sha1(("%s#%d" % (q, i)).encode()).hexdigest()[:8], 16)


def generated(q, n):
    """n results for query q: (title, url, content)."""
    topic = " ".join(words(q))
    out = []
    for i in range(1, n + 1):
        if i == n and n > 1:
            out.append((COMMON_TITLE, COMMON_URL,
                        "Gentle stories help children learn about the "
                        "world. Reading together builds trust."))
            continue
        out.append(("%s, page %d" % (topic.title(), i),
                    "https://example.org/%s/%d" % (slug(q), i),
                    "Fact %d: children who read about %s learn something "
                    "new every day. Page %d of the fake results." %
                    (i, topic.lower(), i)))
    return out


def raw(req):
    b = req.state.get("search_raw")
    if b is None:
        return None
    return 200, {"Content-Type": "application/json"}, base64.b64decode(b)


def tavily(req):
    if req.state.get("search_raw") is not None:
        return raw(req)
    auth = req.headers.get("authorization", "")
    key = req.state.get("tavily_key")
    if key is not None and auth != "Bearer " + key:
        return 401, {}, TAVILY_401
    body = req.json
    if not isinstance(body, dict) or not isinstance(body.get("query"), str) \
            or not body["query"].strip():
        return 400, {}, {"detail": {"error": "Query is missing."}}
    q = body["query"]
    n = body.get("max_results", 5)
    if not isinstance(n, int) or isinstance(n, bool) or not 0 <= n <= 20:
        return 400, {}, {"detail": {"error":
                                    "max_results must be from 0 to 20."}}
    if body.get("search_depth", "basic") not in ("basic", "advanced"):
        return 400, {}, {"detail": {"error": "Invalid search_depth."}}
    injected = req.state.get("search_results")
    if isinstance(injected, list):
        results = injected
    else:
        results = [{"title": t, "url": u, "content": c,
                    "score": round(0.99 - 0.07 * i, 4), "raw_content": None}
                   for i, (t, u, c) in enumerate(generated(q, n))]
    answer = None
    if body.get("include_answer"):
        answer = "A short answer about %s." % " ".join(words(q))
    return 200, {}, {"query": q, "follow_up_questions": None,
                     "answer": answer, "images": [], "results": results,
                     "response_time": 0.42}


SEARXNG_PAGE = (b"<!DOCTYPE html>\n<html><head><title>SearXNG</title></head>"
                b"<body><form id=\"search\"></form></body></html>\n")


# searx/botdetection/http_user_agent.py's USER_AGENT (abridged): matched
# at the start of the User-Agent.
BOT_AGENT = re.compile(
    r"(unknown|[Cc][Uu][Rr][Ll]|[wW]get|Scrapy|splash|JavaFX|FeedFetcher"
    r"|python-requests|Go-http-client|Java|Jakarta|okhttp|HttpClient"
    r"|Jersey|Python|libwww-perl|Ruby|SynHttpClient|UniversalFeedParser"
    r"|Googlebot|bingbot|HeadlessChrome)")


def limited(req):
    """Why SearxNG's bot limiter refuses req, or None."""
    h = req.headers
    accept = [m.split(";")[0].strip() for m in h.get("accept", "").split(",")]
    if "text/html" not in accept and "*/*" not in accept and \
            "text/*" not in accept:
        return "HTTP header Accept did not contain text/html"
    if h.get("accept-language", "").strip() == "":
        return "missing HTTP header Accept-Language"
    enc = [e.strip() for e in h.get("accept-encoding", "").split(",")]
    if "gzip" not in enc and "deflate" not in enc:
        return "HTTP header Accept-Encoding did not contain gzip nor deflate"
    if BOT_AGENT.match(h.get("user-agent", "unknown")):
        return "bot detected"
    if h.get("connection", "").strip() == "close":
        return "HTTP header 'Connection=close"
    return None


def searxng(req):
    if req.state.get("search_raw") is not None:
        return raw(req)
    if req.state.get("searxng_limiter") and limited(req) is not None:
        return 429, {"Content-Type": "text/html; charset=utf-8"}, \
            b"Too Many Requests"
    fmt = req.query.get("format", [""])[0]
    q = req.query.get("q", [""])[0]
    if fmt == "":
        return 200, {"Content-Type": "text/html; charset=utf-8"}, SEARXNG_PAGE
    if fmt not in req.state.get("searxng_formats", ["json"]):
        return 403, {"Content-Type": "text/html"}, \
            b"<html><body><h1>403 Forbidden</h1></body></html>\n"
    if not q.strip():
        return 400, {"Content-Type": "text/html"}, \
            b"<html><body><h1>400 Bad Request</h1></body></html>\n"
    injected = req.state.get("search_results")
    if isinstance(injected, list):
        results = injected
    else:
        results = []
        for i, (t, u, c) in enumerate(generated(q, 10)):
            engine = ["duckduckgo", "brave", "wikipedia"][i % 3]
            results.append({
                "url": u, "title": t, "content": c, "engine": engine,
                "parsed_url": ["https", "example.org", u[19:], "", "", ""],
                "template": "default.html", "engines": [engine],
                "positions": [i + 1], "score": round(3.0 / (i + 1), 4),
                "category": "general"})
    return 200, {}, {"query": q, "number_of_results": len(results) * 1000,
                     "results": results, "answers": [], "corrections": [],
                     "infoboxes": [], "suggestions": [],
                     "unresponsive_engines": []}


def mw_error(code, info):
    # MediaWiki reports API errors with status 200.
    return 200, {"MediaWiki-API-Error": code}, {
        "error": {"code": code, "info": info,
                  "*": "See https://en.wikipedia.org/w/api.php for API "
                       "usage."},
        "servedby": "mw-fake"}


def wikipedia(req):
    if req.state.get("search_raw") is not None:
        return raw(req)
    ua = req.headers.get("user-agent", "")
    if "/" not in ua or ua.startswith(("curl/", "python-requests/")):
        return 403, {"Content-Type": "text/plain"}, (
            "Please set a user-agent and respect our robot policy "
            "https://w.wiki/4wJS. See also T400119.\n")
    p = {k: v[0] for k, v in req.query.items()}
    if p.get("action") != "query" or p.get("list") != "search":
        return mw_error("badvalue", "Unrecognized value for parameter "
                        "\"action\".")
    q = p.get("srsearch", "")
    if not q.strip():
        return mw_error("nosrsearch", "The \"srsearch\" parameter must be "
                        "set.")
    if p.get("format") != "json":
        return 200, {"Content-Type": "text/html"}, \
            b"<html><body><pre>{ }</pre></body></html>\n"
    try:
        n = int(p.get("srlimit", "10"))
    except ValueError:
        return mw_error("badinteger", "Invalid value \"%s\" for integer "
                        "parameter \"srlimit\"." % p.get("srlimit"))
    n = max(1, min(n, 500))
    injected = req.state.get("search_results")
    if isinstance(injected, list):
        items = injected
    else:
        items = []
        first = words(q)[0].lower()
        for i, (t, u, c) in enumerate(generated(q, n)):
            text = html.escape("%s, the \"%s\" page." % (c.split(".")[0], t),
                               quote=True).replace("&#x27;", "'")
            text = re.sub(r"\b(%s)\b" % re.escape(first),
                          r'<span class="searchmatch">\1</span>', text,
                          flags=re.I)
            items.append({"ns": 0, "title": t, "pageid": digest(q, i) % 10**7,
                          "size": 1000 + digest(q, i) % 50000,
                          "wordcount": 100 + digest(q, i) % 8000,
                          "snippet": text,
                          "timestamp": "2024-05-%02dT12:00:00Z" % (i + 1)})
    return 200, {}, {"batchcomplete": "",
                     "continue": {"sroffset": len(items),
                                  "continue": "-||"},
                     "query": {"searchinfo": {"totalhits": len(items) * 37},
                               "search": items}}


ROUTES = [
    ("POST", r"^/search$", tavily),
    ("GET", r"^/search$", searxng),
    ("GET", r"^/w/api\.php$", wikipedia),
]
