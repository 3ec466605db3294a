#!/usr/bin/env python3
"""contract.py - checks a request the fake received against the provider's
published specification (tests/contracts/*.json), as the real service
would, with Debian's python3-jsonschema.

    check(method, path, query, headers, body)
        -> None when no contract covers the endpoint, else the list of
           violations (strings; empty when the request is valid)
    refusal(path, violations)
        -> (status, headers, body): the error the real service sends for
           an invalid request, in its own shape

The endpoint picks the contract (ENDPOINTS). The body is validated against
the operation's requestBody schema (JSON, or the fields of a
multipart/form-data body, numbers and booleans read as the schema types
them, files as their names), and each query parameter against its
declared schema. The schemas are OpenAPI 3.0/3.1; before use, OpenAPI 3.0's
"nullable: true" becomes a "null" in the type (or an anyOf with null).
("deprecated" stays a note, as in JSON Schema: OpenAI still takes the
deprecated max_tokens, and its own examples send it.) Then
tests/contracts/rules.json adds the per-model limits that the
specifications state only in prose (max_tokens refused by o-series
models, prompt lengths per image model, OpenRouter's image-only
modalities).

Run as a program, it checks one request:
    contract.py METHOD PATH [NAME=VALUE...] < BODY
(NAME=VALUE: query parameters; a body that starts with "--" is read as
multipart/form-data with that boundary) and prints each violation on a
line; exit status 0 valid, 1 violations, 2 no contract for the endpoint.
"""

import email.parser
import email.policy
import json
import os
import re
import sys
import threading
import warnings

import jsonschema

CONTRACTS = os.path.normpath(os.path.join(os.path.dirname(
    os.path.abspath(__file__)), "..", "..", "contracts"))

# (method, the fake's path, contract file, the operation's path in it,
# the service's error shape)
ENDPOINTS = [
    ("POST", r"^/v1/chat/completions$", "openai-chat.json",
     "/chat/completions", "openai"),
    ("POST", r"^/v1/images/generations$", "openai-images.json",
     "/images/generations", "openai"),
    ("POST", r"^/v1/images/edits$", "openai-images.json",
     "/images/edits", "openai"),
    ("POST", r"^/v1/audio/speech$", "openai-speech.json",
     "/audio/speech", "openai"),
    ("POST", r"^/api/v1/chat/completions$", "openrouter-chat.json",
     "/chat/completions", "openrouter"),
    ("POST", r"^/v1/text-to-speech/[^/]+$", "elevenlabs-tts.json",
     "/v1/text-to-speech/{voice_id}", "fastapi"),
    ("POST", r"^/v1/text-to-speech/[^/]+/with-timestamps$",
     "elevenlabs-tts.json", "/v1/text-to-speech/{voice_id}/with-timestamps",
     "fastapi"),
    ("POST", r"^/sdapi/v1/txt2img$", "a1111-txt2img.json",
     "/sdapi/v1/txt2img", "fastapi"),
    ("POST", r"^/search$", "tavily-search.json", "/search", "tavily"),
]

LOCK = threading.Lock()
DOCS = {}
RULES = None


def openapi_to_jsonschema(node):
    """OpenAPI 3.0's nullable as JSON Schema, in place; returns node."""
    if isinstance(node, list):
        for v in node:
            openapi_to_jsonschema(v)
        return node
    if not isinstance(node, dict):
        return node
    for v in node.values():
        openapi_to_jsonschema(v)
    if node.pop("nullable", False) is True:
        t = node.get("type")
        if isinstance(t, str):
            node["type"] = [t, "null"]
            if isinstance(node.get("enum"), list) and None not in node["enum"]:
                node["enum"] = node["enum"] + [None]
        elif isinstance(t, list):
            if "null" not in t:
                node["type"] = t + ["null"]
        else:
            inner = {k: node.pop(k) for k in list(node)
                     if not k.startswith("x-") and k not in
                     ("description", "title", "default", "example")}
            node["anyOf"] = [inner, {"type": "null"}]
    return node


def doc(name):
    with LOCK:
        if name not in DOCS:
            with open(os.path.join(CONTRACTS, name), encoding="utf-8") as f:
                DOCS[name] = openapi_to_jsonschema(json.load(f))
        return DOCS[name]


def rules():
    global RULES
    with LOCK:
        if RULES is None:
            with open(os.path.join(CONTRACTS, "rules.json"),
                      encoding="utf-8") as f:
                RULES = json.load(f)["rules"]
        return RULES


def validate(document, schema, instance, where):
    with warnings.catch_warnings():
        # jsonschema 4.18 deprecates RefResolver; Debian 12 has 4.10.
        warnings.simplefilter("ignore", DeprecationWarning)
        v = jsonschema.Draft202012Validator(
            schema, resolver=jsonschema.RefResolver.from_schema(document))
    out = []
    for e in sorted(v.iter_errors(instance), key=lambda e: list(e.path)):
        at = "/".join(str(p) for p in e.absolute_path)
        msg = e.message
        if len(msg) > 200:
            msg = msg[:160] + "... " + msg[-30:]
        out.append("%s%s: %s" % (where, "/" + at if at else "", msg))
    return out


def form_fields(ctype, body, schema, document):
    """The fields of a multipart/form-data body as the schema types
    them; files as their file names."""
    msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + body)
    props = resolve(document, schema).get("properties", {})
    out = {}
    for part in msg.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        many = name.endswith("[]")
        name = name[:-2] if many else name
        fname = part.get_filename()
        if fname is not None:
            value = fname
        else:
            value = part.get_payload(decode=True).decode("utf-8", "replace")
            value = typed(value, types_of(document, props.get(name, {})))
        if many or name in out:
            prev = out.get(name, [])
            out[name] = (prev if isinstance(prev, list) else [prev]) + \
                [value]
        else:
            out[name] = value
    return out


def resolve(document, schema):
    while isinstance(schema, dict) and "$ref" in schema:
        node = document
        for p in schema["$ref"].lstrip("#/").split("/"):
            node = node[p]
        schema = node
    return schema if isinstance(schema, dict) else {}


def types_of(document, schema):
    schema = resolve(document, schema)
    t = schema.get("type")
    out = set(t if isinstance(t, list) else [t] if t else [])
    for k in ("anyOf", "oneOf", "allOf"):
        for s in schema.get(k, []):
            out |= types_of(document, s)
    return out


def typed(value, types):
    """A form field's text as the type the schema wants, when it reads as
    one (a service parses form fields so)."""
    if "integer" in types and re.fullmatch(r"-?\d+", value):
        return int(value)
    if "number" in types:
        try:
            return float(value)
        except ValueError:
            pass
    if "boolean" in types and value in ("true", "false"):
        return value == "true"
    return value


def endpoint(method, path):
    for m, rx, name, oppath, shape in ENDPOINTS:
        if m == method.upper() and re.search(rx, path):
            return name, oppath, shape
    return None


def check(method, path, query, headers, body):
    """None (no contract), or the list of violations."""
    try:
        return checked(method, path, query, headers, body)
    except Exception as e:  # a broken contract fails the test, loudly
        return ["%s %s: contract.py raised %s: %s" %
                (method, path, type(e).__name__, e)]


def checked(method, path, query, headers, body):
    ep = endpoint(method, path)
    if ep is None:
        return None
    name, oppath, _ = ep
    document = doc(name)
    op = document["paths"][oppath][method.lower()]
    where = "%s %s [%s]" % (method.upper(), oppath, name)
    out = []
    for p in op.get("parameters", []):
        if p.get("in") != "query":
            continue
        vals = (query or {}).get(p["name"])
        if not vals:
            if p.get("required"):
                out.append("%s: query: %s is required" % (where, p["name"]))
            continue
        for v in vals:
            v = typed(v, types_of(document, p.get("schema", {})))
            out += validate(document, p.get("schema", {}), v,
                            "%s: query %s" % (where, p["name"]))
    content = (op.get("requestBody") or {}).get("content", {})
    ctype = (headers or {}).get("content-type", "application/json")
    if ctype.startswith("multipart/form-data") and \
            "multipart/form-data" in content:
        schema = content["multipart/form-data"]["schema"]
        instance = form_fields(ctype, body or b"", schema, document)
    elif "application/json" in content:
        schema = content["application/json"]["schema"]
        try:
            instance = json.loads(body) if body else None
        except ValueError as e:
            return out + ["%s: body: not JSON: %s" % (where, e)]
        if instance is None:
            if (op.get("requestBody") or {}).get("required"):
                out.append("%s: body: required, none sent" % where)
            return out
    else:
        return out + ["%s: body: %s is not a documented content type" %
                      (where, ctype)]
    out += validate(document, schema, instance, where + ": body")
    if isinstance(instance, dict):
        out += by_rules(method, path, instance, where)
    return out


def by_rules(method, path, body, where):
    out = []
    for r in rules():
        m, rpath = r["endpoint"].split(" ", 1)
        if m != method.upper() or rpath != path:
            continue
        model = body.get("model") or r.get("default_model") or ""
        if not isinstance(model, str) or not re.search(r["model"], model):
            continue
        v = body.get(r["field"])
        if "maxLength" in r and isinstance(v, str) and \
                len(v) > r["maxLength"]:
            out.append("%s: body/%s: %d characters, more than the %d the "
                       "specification allows for %s (\"%s\")" %
                       (where, r["field"], len(v), r["maxLength"], model,
                        r["quote"]))
        if r.get("absent") and r["field"] in body:
            out.append("%s: body/%s: not supported with %s: the "
                       "specification says it is \"%s\"" %
                       (where, r["field"], model, r["quote"]))
        if "equals" in r and v != r["equals"]:
            out.append("%s: body/%s: %s, where the specification says %s "
                       "for %s (\"%s\")" %
                       (where, r["field"], json.dumps(v),
                        json.dumps(r["equals"]), model, r["quote"]))
    return out


def refusal(path, violations):
    """The service's own answer to an invalid request."""
    ep = endpoint("POST", path) or (None, None, "openai")
    msg = "; ".join(violations)
    shape = ep[2]
    if shape == "openrouter":
        return 400, {}, {"error": {"code": 400, "message": msg}}
    if shape == "fastapi":
        return 422, {}, {"detail": [{"loc": ["body"], "msg": v,
                                     "type": "value_error"}
                                    for v in violations]}
    if shape == "tavily":
        return 400, {}, {"detail": {"error": msg}}
    m = re.search(r": body/([^/:]+)", violations[0]) if violations else None
    return 400, {}, {"error": {"message": msg,
                               "type": "invalid_request_error",
                               "param": m.group(1) if m else None,
                               "code": None}}


def main(argv):
    if len(argv) < 3:
        sys.stderr.write("usage: contract.py METHOD PATH [NAME=VALUE...] "
                         "< BODY\n")
        return 2
    query = {}
    for a in argv[3:]:
        k, _, v = a.partition("=")
        query.setdefault(k, []).append(v)
    body = sys.stdin.buffer.read()
    headers = {}
    if body.startswith(b"--"):
        boundary = body[2:body.index(b"\r\n")].decode()
        headers["content-type"] = "multipart/form-data; boundary=" + boundary
    got = check(argv[1], argv[2], query, headers, body)
    if got is None:
        sys.stderr.write("contract.py: %s %s: no contract\n" %
                         (argv[1], argv[2]))
        return 2
    for v in got:
        print(v)
    return 1 if got else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
