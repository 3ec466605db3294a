#!/usr/bin/env python3
"""tests/lib/browse.py - load a page in headless Chromium and check it.

usage: browse.py PAGE SCREENSHOT

Speaks the Chrome DevTools Protocol over --remote-debugging-pipe (JSON
messages ended by a NUL byte: Chromium reads them on fd 3 and writes on
fd 4), standard library only. Loads PAGE (a file), waits for its load
event, for its <video> to fire canplay and for every <img> to be decoded,
saves a screenshot of the whole page to SCREENSHOT (PNG), and prints one
JSON object: {console_errors: [...], canplay: bool, images: N,
broken_images: [...]}. Exits 0 when there is no console error or
exception, the video could play and every picture loaded; else 1.
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

TIMEOUT = 30


class Browser:
    def __init__(self, profile):
        exe = shutil.which("chromium") or shutil.which("chromium-browser")
        to_child_r, self.to_child = os.pipe()
        self.from_child, from_child_w = os.pipe()
        # The child gets them as fd 3 (it reads) and fd 4 (it writes).
        def fds():
            r, w = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(r, 3)
            os.dup2(w, 4)
        self.proc = subprocess.Popen(
            [exe, "--headless", "--no-sandbox", "--disable-gpu",
             "--remote-debugging-pipe", "--no-first-run",
             "--autoplay-policy=no-user-gesture-required",
             "--user-data-dir=" + profile, "about:blank"],
            preexec_fn=fds, pass_fds=(3, 4),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_child_r)
        os.close(from_child_w)
        self.next_id = 0
        self.buf = b""
        self.events = []

    def send(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_child, json.dumps(msg).encode() + b"\0")
        return self.next_id

    def read(self):
        while b"\0" not in self.buf:
            chunk = os.read(self.from_child, 65536)
            if not chunk:
                raise SystemExit("browse.py: chromium closed its pipe")
            self.buf += chunk
        raw, self.buf = self.buf.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method, params=None, session=None):
        want = self.send(method, params, session)
        while True:
            m = self.read()
            if m.get("id") == want:
                if "error" in m:
                    raise SystemExit("browse.py: %s: %s" % (method, m["error"]))
                return m.get("result", {})
            self.events.append(m)

    def close(self):
        try:
            self.send("Browser.close")
        except OSError:
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def errors_in(events):
    out = []
    for e in events:
        m, p = e.get("method"), e.get("params", {})
        if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            out.append("console: " + " ".join(str(a.get("value", a.get("description")))
                                               for a in p.get("args", [])))
        elif m == "Runtime.exceptionThrown":
            d = p.get("exceptionDetails", {})
            out.append("exception: " + d.get("text", "") + " " +
                       d.get("exception", {}).get("description", ""))
        elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            en = p["entry"]
            out.append("log: %s %s" % (en.get("text"), en.get("url", "")))
    return out


CHECK = """(() => {
  const imgs = [...document.images];
  return JSON.stringify({
    canplay: window.__mvCanplay === true,
    videoError: document.querySelector('video') && document.querySelector('video').error
      ? document.querySelector('video').error.code : null,
    images: imgs.length,
    pending: imgs.filter(i => !i.complete).length,
    broken: imgs.filter(i => i.complete && i.naturalWidth === 0).map(i => i.getAttribute('src'))
  });
})()"""


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: browse.py page screenshot")
    page = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as profile:
        b = Browser(profile)
        try:
            target = b.call("Target.createTarget", {"url": "about:blank"})["targetId"]
            s = b.call("Target.attachToTarget", {"targetId": target,
                                                 "flatten": True})["sessionId"]
            for dom in ("Runtime", "Log", "Page"):
                b.call(dom + ".enable", session=s)
            b.call("Page.addScriptToEvaluateOnNewDocument", {"source":
                   "document.addEventListener('canplay', () => "
                   "{ window.__mvCanplay = true; }, true);"}, session=s)
            b.call("Page.navigate", {"url": "file://" + page}, session=s)
            end = time.time() + TIMEOUT
            state = {}
            while time.time() < end:
                r = b.call("Runtime.evaluate", {"expression": CHECK,
                                                "returnByValue": True}, session=s)
                state = json.loads(r["result"].get("value") or "{}")
                if (state.get("canplay") or state.get("videoError")) and \
                        state.get("pending") == 0:
                    break
                time.sleep(0.2)
            shot = b.call("Page.captureScreenshot", {"format": "png",
                          "captureBeyondViewport": True}, session=s)
            with open(sys.argv[2], "wb") as f:
                f.write(base64.b64decode(shot["data"]))
            errs = errors_in(b.events)
        finally:
            b.close()
    result = {"console_errors": errs, "canplay": bool(state.get("canplay")),
              "video_error": state.get("videoError"),
              "images": state.get("images", 0),
              "pending_images": state.get("pending"),
              "broken_images": state.get("broken", [])}
    print(json.dumps(result))
    ok = not errs and result["canplay"] and result["images"] > 0 and \
        not result["broken_images"] and result["pending_images"] == 0
    sys.exit(0 if ok else 1)


main()
