#!/usr/bin/env python3
"""take.py - takes the part of a published OpenAPI document that mv relies
on, verbatim, into one small JSON contract file (tests/contracts/*.json).

usage: take.py SPEC OUT --source TEXT --repo R --path P --commit C
               --committed DATE [--page URL] [--op "METHOD /path"]...
               [--schema NAME]... [--stub NAME]... [--note TEXT]

SPEC is the document (JSON, or YAML when python3-yaml is there; it is only
needed to take a contract again, never to run the tests). The contract
holds:

  x-provenance        where and when it was taken (repository, path,
                      commit and its date, the page the repository
                      mirrors, the day it was taken, how)
  paths               each --op: its "parameters", "requestBody" and
                      "responses", verbatim; its documented examples
                      (OpenAI's x-oaiMeta request samples) under
                      "x-examples", verbatim
  components          each --schema and every component (schema,
                      response, ...) those and the operations name by
                      "$ref", verbatim, so that every "$ref" resolves in
                      the same file

A --stub NAME (a schema mv never sends nor reads) is kept as
{"x-not-taken": ..., "not": {}}, which refuses anything: that keeps the
file small without rewriting the parts that are taken, and a request that
starts to use the part left out fails until it is taken too. Nothing else
is changed.
"""

import argparse
import datetime
import json
import sys

KEEP = ("operationId", "summary", "parameters", "requestBody", "responses")


def load(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        return json.loads(text)
    except ValueError:
        import yaml  # python3-yaml; only to take a contract again
        return yaml.safe_load(text)


def refs(node, out):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str):
                out.append(v)
            else:
                refs(v, out)
    elif isinstance(node, list):
        for v in node:
            refs(v, out)


def examples(op):
    """The documented request samples of an operation, verbatim."""
    out = []
    for ex in (op.get("x-oaiMeta") or {}).get("examples") or []:
        req = ex.get("request") if isinstance(ex, dict) else None
        if isinstance(req, dict) and isinstance(req.get("curl"), str):
            out.append({"title": ex.get("title"), "curl": req["curl"]})
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("spec")
    ap.add_argument("out")
    ap.add_argument("--source", required=True)
    ap.add_argument("--repo", required=True)
    ap.add_argument("--path", required=True)
    ap.add_argument("--commit", required=True)
    ap.add_argument("--committed", required=True)
    ap.add_argument("--page")
    ap.add_argument("--note")
    ap.add_argument("--op", action="append", default=[])
    ap.add_argument("--schema", action="append", default=[])
    ap.add_argument("--stub", action="append", default=[])
    a = ap.parse_args()
    doc = load(a.spec)
    out = {
        "x-provenance": {
            "source": a.source, "repository": a.repo, "path": a.path,
            "commit": a.commit, "committed": a.committed,
            "taken": datetime.date.today().isoformat(),
            "how": "tests/contracts/take.py: the subtrees named here, "
                   "verbatim, with the schemas they $ref; schemas marked "
                   "x-not-taken refuse anything",
        },
        "openapi": doc.get("openapi"),
        "paths": {},
        "components": {"schemas": {}},
    }
    if a.page:
        out["x-provenance"]["page"] = a.page
    if a.note:
        out["x-provenance"]["note"] = a.note
    todo = []
    for spec in a.op:
        method, path = spec.split(" ", 1)
        op = doc["paths"][path][method.lower()]
        kept = {k: op[k] for k in KEEP if k in op}
        ex = examples(op)
        if ex:
            kept["x-examples"] = ex
        out["paths"].setdefault(path, {})[method.lower()] = kept
        refs(kept, todo)
    todo += ["#/components/schemas/" + n for n in a.schema]
    comps = out["components"]
    while todo:
        ref = todo.pop(0)
        part = ref.split("/")
        if len(part) != 4 or part[:2] != ["#", "components"]:
            sys.exit("take.py: %s: only #/components/KIND/NAME refs are "
                     "taken" % ref)
        kind, name = part[2], part[3]
        taken = comps.setdefault(kind, {})
        if name in taken:
            continue
        if name in a.stub:
            taken[name] = {"x-not-taken": "mv neither sends nor reads "
                           "it: refused until it is taken", "not": {}}
            continue
        taken[name] = doc["components"][kind][name]
        refs(taken[name], todo)
    for kind in comps:
        comps[kind] = dict(sorted(comps[kind].items()))
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
