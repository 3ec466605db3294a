#!/usr/bin/env python3
"""server.py - a fake HTTP API on 127.0.0.1 for mv's tests.

usage: server.py [--log FILE] [--port N]

Listens on 127.0.0.1 (port N, default 0: a free one), prints the port as
the first line of stdout, and serves the ROUTES of every other *.py module
in this folder, in file name order:

    ROUTES = [("POST", r"^/v1/chat/completions$", handle), ...]

handle(req) returns (status, headers, body): body is bytes, a str (sent
as UTF-8) or a dict/list (sent as JSON). Without a Content-Type header the
server sends application/json for a body that parses as JSON, else
application/octet-stream. A handler that raises answers 500 (the traceback
goes to stderr). The first route whose method equals the request's and
whose regex matches the path (re.search) wins; none: 404 with an
OpenAI-style error body.

req has .method, .path (no query), .query (name -> list of str),
.headers (lower-case name -> value), .body (bytes), .json (the parsed body
or None), .fault (None, or the action of a fault rule that the server does
not implement itself, for the handler to act on), .rule (that rule, a dict,
or None), .state (a dict shared by all requests), .base
("http://127.0.0.1:PORT") and .match (the route's re.Match).

Control endpoints (JSON in, JSON out), not counted, faulted nor logged:
  POST /_fake/faults   [rule, ...] (or one rule) replaces the rules
  GET  /_fake/faults   the rules with the counts they have left
  POST /_fake/latency  {"seconds": f}: every API request waits f first
  POST /_fake/state    {"key": k, "value": v}: req.state[k] = v
  GET  /_fake/state    the state
  GET  /_fake/stats    {"requests": n, "max_inflight": m, "inflight": k,
                        "limited": l}
  POST /_fake/reset    clears the rules, latency, state and stats
  POST /_fake/limit    {"inflight": n}: a service's limit (see below)

A rule is {"path": regex (re.search; default: every path), "method": opt,
"count": n (default 1; -1: always), "action": a, ...}. Each API request
takes, when it arrives, the first rule that matches it and has a count
left (so rules are consumed in the order requests arrive). Then it waits
the latency, then the action runs:
  "429", "503"  that status with an error body and "retry_after" (if
                given) as the Retry-After header
  "500"         500 with an error body
  "status"      "status" (default 500) with "body" (default an error body)
  "reset"       the connection is closed with a TCP RST, no response
  "timeout"     no response for "seconds" (default 600), then the
                connection is closed; the wait ends early when the
                client hangs up
  "delay"       waits "seconds" (default 1), then handles it normally
  "truncate"    the handler's response with a Content-Length larger than
                what is sent, then the connection is closed
  "nonjson"     200 with an HTML page, as a misconfigured proxy sends
  other         the handler is called with req.fault set to it
"body", "retry_after" and "headers" (an object of extra response
headers, e.g. {"Location": ...} for a redirect with "status") apply to
any action that answers itself.

An API request is in flight from its arrival (its latency included) to
its end; max_inflight is the most at once since the last reset.

--log FILE: each API request is appended to FILE as one JSON line when it
ends: {"t0", "t1", "method", "path", "query", "headers", "body" (the
parsed JSON, else text, else null when empty), "status" (null when no
response was sent), "fault" (the action or null), "contract" (null when
no contract covers the endpoint or checking is off, else the list of the
request's violations of the provider's published specification: see
contract.py)}.

FAKE_CONTRACTS in the environment: "1" (the default) checks every API
request against tests/contracts/ and answers one that violates it as the
real service would (contract.refusal) instead of calling the handler;
"log" only records the violations; "0" checks nothing.

The server exits when its parent process does (so that a test that dies
cannot leave it behind), and on SIGTERM or SIGINT.
"""

import argparse
import importlib.util
import json
import os
import re
import select
import signal
import socket
import struct
import sys
import threading
import time
import traceback
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
CONTRACTS = os.environ.get("FAKE_CONTRACTS", "1")


def contract():
    """contract.py, imported on first use: python3-jsonschema takes a
    fifth of a second to load, so main() starts that in the background."""
    if HERE not in sys.path:
        sys.path.insert(0, HERE)
    import contract as c
    return c

ERROR_TYPES = {
    400: "invalid_request_error",
    401: "invalid_request_error",
    403: "permission_error",
    404: "invalid_request_error",
    429: "rate_limit_error",
}

PROXY_PAGE = (b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n"
              b"<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n"
              b"<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")


def error_body(status, message):
    return json.dumps({"error": {
        "message": message,
        "type": ERROR_TYPES.get(status, "server_error"),
        "code": None}}).encode()


def encode(body):
    if isinstance(body, (dict, list)):
        return json.dumps(body).encode()
    if isinstance(body, str):
        return body.encode()
    return body if body is not None else b""


class Fake:
    """What every request shares: rules, latency, state, stats, log."""

    def __init__(self, log):
        self.lock = threading.Lock()
        self.log = open(log, "a", encoding="utf-8") if log else None
        self.routes = []
        self.base = ""
        self.reset()

    def reset(self):
        with self.lock:
            self.rules = []
            self.latency = 0.0
            self.state = {}
            self.requests = 0
            self.inflight = 0
            self.max_inflight = 0
            self.limit = 0
            self.limited = 0
            self.busy = 0

    def arrive(self, method, path):
        """Counts a request in and takes its rule (or None)."""
        with self.lock:
            self.requests += 1
            self.inflight += 1
            self.max_inflight = max(self.max_inflight, self.inflight)
            if over_limit(self):
                return LIMITED
            self.busy += 1
            for r in self.rules:
                if r["count"] == 0:
                    continue
                if r.get("method") and \
                        str(r["method"]).upper() != method.upper():
                    continue
                if not re.search(r.get("path") or "", path):
                    continue
                if r["count"] > 0:
                    r["count"] -= 1
                return dict(r)
            return None

    def leave(self):
        with self.lock:
            self.inflight -= 1

    def record(self, entry):
        if self.log is None:
            return
        line = json.dumps(entry, default=str)
        with self.lock:
            self.log.write(line + "\n")
            self.log.flush()


class Req:
    pass


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without this, Nagle and the
    # client's delayed ACK add 40 ms to each answer.
    disable_nagle_algorithm = True

    def version_string(self):
        return "fakeapi/1"

    def log_message(self, fmt, *args):
        if os.environ.get("FAKE_VERBOSE"):
            sys.stderr.write("fakeapi: " + (fmt % args) + "\n")

    # -- reading and writing --

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            out = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return out
                out += self.rfile.read(size)
                self.rfile.readline()
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def send(self, status, headers, body, declared=None):
        """Sends a whole response; declared overrides Content-Length."""
        unbusy(self)
        body = encode(body)
        lower = {k.lower() for k in headers}
        self.send_response(status)
        if "content-type" not in lower and body:
            try:
                json.loads(body)
                ctype = "application/json"
            except ValueError:
                ctype = "application/octet-stream"
            self.send_header("Content-Type", ctype)
        for k, v in headers.items():
            if k.lower() != "content-length":
                self.send_header(k, str(v))
        self.send_header("Content-Length",
                         str(declared if declared is not None else len(body)))
        self.end_headers()
        return body

    def reply(self, status, headers, body):
        body = self.send(status, headers, body)
        self.wfile.write(body)
        self.wfile.flush()

    def reset_connection(self):
        """Closes the socket at once with an RST."""
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
        except OSError:
            pass
        os.close(self.connection.detach())

    def wait(self, seconds):
        """Sleeps; returns False early if the client hung up."""
        end = time.monotonic() + seconds
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return True
            try:
                r, _, _ = select.select([self.connection], [], [],
                                        min(left, 0.5))
                if r and self.connection.recv(1, socket.MSG_PEEK) == b"":
                    return False
                if r:
                    time.sleep(min(left, 0.05))
            except OSError:
                return False

    # -- dispatch --

    def do_GET(self):
        self.dispatch()

    def do_POST(self):
        self.dispatch()

    def do_PUT(self):
        self.dispatch()

    def do_DELETE(self):
        self.dispatch()

    def do_PATCH(self):
        self.dispatch()

    def do_HEAD(self):
        self.dispatch()

    def dispatch(self):
        fake = self.server.fake
        url = urllib.parse.urlsplit(self.path)
        body = self.read_body()
        if url.path.startswith("/_fake/"):
            self.control(fake, url.path, body)
            return
        req = Req()
        req.method = self.command
        req.path = url.path
        req.query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        req.headers = {k.lower(): v for k, v in self.headers.items()}
        req.body = body
        try:
            req.json = json.loads(body) if body else None
        except ValueError:
            req.json = None
        req.state = fake.state
        req.base = fake.base
        req.fault = None
        req.match = None
        entry = {"t0": time.time(), "t1": None, "method": req.method, "path": req.path,
                 "query": req.query, "headers": req.headers,
                 "body": req.json if req.json is not None else
                 (body.decode("utf-8", "replace") if body else None),
                 "status": None, "fault": None, "contract": None}
        if CONTRACTS != "0":
            req.violations = entry["contract"] = contract().check(
                req.method, req.path, req.query, req.headers, body)
        rule = fake.arrive(req.method, req.path)
        req.rule = rule
        self.busy = rule is not LIMITED
        try:
            entry["status"] = self.api(fake, req, rule, entry)
        finally:
            unbusy(self)
            fake.leave()
            entry["t1"] = time.time()
            fake.record(entry)

    def api(self, fake, req, rule, entry):
        """Answers an API request; returns the status sent or None."""
        action = str(rule.get("action", "")) if rule else None
        entry["fault"] = action
        if fake.latency > 0 and rule is not LIMITED and \
                not self.wait(fake.latency):
            self.close_connection = True
            return None
        extra = {}
        if rule and rule.get("retry_after") is not None:
            extra["Retry-After"] = str(rule["retry_after"])
        if rule and isinstance(rule.get("headers"), dict):
            extra.update({str(k): str(v) for k, v in rule["headers"].items()})
        if action in ("429", "500", "503"):
            status = int(action)
            msg = {429: "Rate limit reached (fake)",
                   500: "The server had an error (fake)",
                   503: "The engine is overloaded (fake)"}[status]
            self.reply(status, extra, rule.get("body") or
                       error_body(status, msg))
            return status
        if action == "status":
            status = int(rule.get("status", 500))
            body = rule.get("body")
            if body is None:
                body = error_body(status, "Fake status %d" % status)
            self.reply(status, extra, body)
            return status
        if action == "reset":
            self.reset_connection()
            return None
        if action == "timeout":
            self.wait(float(rule.get("seconds", 600)))
            self.close_connection = True
            return None
        if action == "nonjson":
            self.reply(200, dict(extra, **{"Content-Type": "text/html"}),
                       rule.get("body") or PROXY_PAGE)
            return 200
        if action == "delay":
            if not self.wait(float(rule.get("seconds", 1))):
                self.close_connection = True
                return None
        elif action not in (None, "truncate"):
            req.fault = action
        status, headers, body = self.route(fake, req)
        if action == "truncate":
            body = encode(body)
            self.send(status, headers, body, declared=len(body) + 64)
            self.wfile.write(body[:len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return status
        self.reply(status, headers, body)
        return status

    def route(self, fake, req):
        if CONTRACTS == "1" and getattr(req, "violations", None):
            return contract().refusal(req.path, req.violations)
        for method, rx, fn in fake.routes:
            if method.upper() != req.method.upper():
                continue
            m = rx.search(req.path)
            if m is None:
                continue
            req.match = m
            try:
                status, headers, body = fn(req)
                return status, dict(headers or {}), body
            except Exception:  # a broken handler is the test's problem
                traceback.print_exc()
                return 500, {}, error_body(500, "fake handler raised: " +
                                           traceback.format_exc(limit=1)
                                           .strip().splitlines()[-1])
        return 404, {}, error_body(404, "Unknown route: %s %s" %
                                   (req.method, req.path))

    def control(self, fake, path, body):
        try:
            self.control_json(fake, path, json.loads(body) if body else None)
        except (ValueError, TypeError, AttributeError) as e:
            self.reply(400, {}, error_body(400, "bad control request: %s"
                                           % e))

    def control_json(self, fake, path, arg):
        m = self.command
        if path == "/_fake/faults" and m == "POST":
            rules = arg if isinstance(arg, list) else ([arg] if arg else [])
            clean = []
            for r in rules:
                if not isinstance(r, dict):
                    self.reply(400, {}, error_body(400, "a rule is an object"))
                    return
                r = dict(r)
                r["count"] = int(r.get("count", 1))
                r.setdefault("action", "500")
                r["action"] = str(r["action"])
                try:
                    re.compile(r.get("path") or "")
                except re.error as e:
                    self.reply(400, {}, error_body(400, "bad path: %s" % e))
                    return
                clean.append(r)
            with fake.lock:
                fake.rules = clean
            self.reply(200, {}, {"rules": len(clean)})
        elif path == "/_fake/faults" and m == "GET":
            with fake.lock:
                out = [dict(r) for r in fake.rules]
            self.reply(200, {}, out)
        elif path == "/_fake/latency" and m == "POST":
            with fake.lock:
                fake.latency = float((arg or {}).get("seconds", 0))
            self.reply(200, {}, {"seconds": fake.latency})
        elif path == "/_fake/state" and m == "POST":
            if not isinstance(arg, dict) or "key" not in arg:
                self.reply(400, {}, error_body(400, "expected {key, value}"))
                return
            with fake.lock:
                fake.state[arg["key"]] = arg.get("value")
            self.reply(200, {}, {"key": arg["key"]})
        elif path == "/_fake/state" and m == "GET":
            with fake.lock:
                out = json.dumps(fake.state, default=str)
            self.reply(200, {}, out.encode())
        elif path == "/_fake/stats" and m == "GET":
            with fake.lock:
                out = {"requests": fake.requests,
                       "max_inflight": fake.max_inflight,
                       "inflight": fake.inflight,
                       "limited": fake.limited}
            self.reply(200, {}, out)
        elif path == "/_fake/limit" and m == "POST":
            with fake.lock:
                fake.limit = int((arg or {}).get("inflight", 0))
            self.reply(200, {}, {"inflight": fake.limit})
        elif path == "/_fake/reset":
            fake.reset()
            self.reply(200, {}, {"reset": True})
        else:
            self.reply(404, {}, error_body(404, "Unknown control: %s %s" %
                                           (m, path)))


# A service's limit on requests in flight (POST /_fake/limit {"inflight":
# n}; 0: none, as after a reset): a request that arrives while n others
# are being worked on is answered 429 at once (no latency), as a
# rate-limited service does, and counted in the stats' "limited". A
# request's work ends when its answer starts to go out (before the client
# can see it, so a client that waits for an answer before sending the
# next request never passes the limit).
LIMITED = {"action": "429", "count": 0, "body": error_body(
    429, "Rate limit reached: too many requests in flight (fake)")}


def over_limit(fake):
    """True (and counted) when this arrival passes the limit; under the
    lock, after the arrival was counted in flight."""
    if fake.limit > 0 and fake.busy >= fake.limit:
        fake.limited += 1
        return True
    return False


def unbusy(handler):
    """The end of the work on the handler's request (once)."""
    if getattr(handler, "busy", False):
        handler.busy = False
        with handler.server.fake.lock:
            handler.server.fake.busy -= 1


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        # A client that hangs up mid-answer is routine here.
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, BrokenPipeError, OSError)):
            return
        super().handle_error(request, client_address)


def load_routes():
    routes = []
    for name in sorted(os.listdir(HERE)):
        if not name.endswith(".py") or name.startswith((".", "_")) or \
                name in ("server.py", "contract.py"):
            continue
        spec = importlib.util.spec_from_file_location(
            "fakeapi_" + name[:-3], os.path.join(HERE, name))
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        for method, rx, fn in getattr(mod, "ROUTES", []):
            routes.append((method, re.compile(rx), fn))
    return routes


def watch_parent(ppid):
    while True:
        time.sleep(0.5)
        if os.getppid() != ppid:
            os._exit(0)


def main():
    ap = argparse.ArgumentParser(description="a fake HTTP API for tests")
    ap.add_argument("--log")
    ap.add_argument("--port", type=int, default=0)
    a = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    signal.signal(signal.SIGINT, lambda *_: os._exit(0))
    if CONTRACTS != "0":
        if importlib.util.find_spec("jsonschema") is None:
            sys.exit("server.py: python3-jsonschema is missing (deps/debian);"
                     " FAKE_CONTRACTS=0 turns the contract checks off")
        threading.Thread(target=contract, daemon=True).start()
    fake = Fake(a.log)
    fake.routes = load_routes()
    srv = Server(("127.0.0.1", a.port), Handler)
    srv.fake = fake
    port = srv.server_address[1]
    fake.base = "http://127.0.0.1:%d" % port
    threading.Thread(target=watch_parent, args=(os.getppid(),),
                     daemon=True).start()
    print(port, flush=True)
    srv.serve_forever(poll_interval=0.2)


if __name__ == "__main__":
    main()
