"""echo.py - GET/POST /echo answers with the request itself, as JSON:
{"method", "path", "query", "headers", "body" (text), "json", "fault"}.
For the fake server's own tests and tests/unit/http.c."""


def echo(req):
    return 200, {"Content-Type": "application/json"}, {
        "method": req.method,
        "path": req.path,
        "query": req.query,
        "headers": req.headers,
        "body": req.body.decode("utf-8", "replace"),
        "json": req.json,
        "fault": req.fault,
    }


def big(req):
    """GET /big?n=N: N bytes of 'x' (a response cap's test)."""
    n = int(req.query.get("n", ["1000"])[0])
    return 200, {"Content-Type": "text/plain"}, b"x" * n


ROUTES = [
    ("GET", r"^/echo(/.*)?$", echo),
    ("POST", r"^/echo(/.*)?$", echo),
    ("GET", r"^/big$", big),
]
