"""chat.py - OpenAI chat completions: POST /v1/chat/completions.

Answers in OpenAI's documented wire format: {"id", "object":
"chat.completion", "created", "model" (the request's), "choices": [{"index":
0, "message": {"role": "assistant", "content"}, "finish_reason"}], "usage":
{"prompt_tokens", "completion_tokens", "total_tokens"}} (tokens counted as
about 4 bytes each). Requests are checked as OpenAI does: a missing model
or messages is a 400, and so is response_format json_object when no message
says "json".

Which reply: mv's prompts begin the user message with "mv step: NAME"
(analyze, story, segment, design). The content comes from
req.state["chat_replies"] when it has one, else from a generator that
answers each step with valid JSON made from the request (analyze: the
brief's context and two queries; story: a story of about the asked length
naming every character; segment: the story cut verbatim into 2 to 4 scenes
at sentence ends; design: a look per character and a prompt per scene), so
a whole pipeline runs on this fake without canned data. A request
without the marker gets a sentence of plain text.

req.state keys (tests set them with fake_state):
  chat_key        when set, the Authorization header must be "Bearer " and
                  this key, else 401 with OpenAI's invalid_api_key body
  chat_replies    canned contents (strings): a list, consumed in order, or
                  a dict from step name to a string or a list consumed in
                  order; when nothing is left, the generator answers
  chat_extra      a sentence the generated story ends with (to test the
                  safety filter)
  chat_no_format  when true, a request with response_format gets the 400
                  OpenAI gives models without JSON mode
  chat_reasoning  when true, the model is one of OpenAI's o-series or
                  gpt-5 (reasoning) models: a request with max_tokens gets
                  the 400 "unsupported_parameter" (param "max_tokens"), and
                  one with a temperature other than 1 the 400
                  "unsupported_value" (param "temperature"), in that order;
                  the bodies are the ones OpenAI sends, as quoted in
                  github.com/griptape-ai/ComfyUI-Griptape/issues/312 and
                  github.com/gabrii/Cursor-Azure-GPT-5/issues/33 (the
                  OpenAPI spec: max_tokens "is now deprecated in favor of
                  max_completion_tokens, and is not compatible with o-series
                  models")

Faults (the action of a /_fake/faults rule; each applies to the reply):
  prose    the content wrapped in a sentence before and after
  fence    the content in a ```json fence
  badjson  a content that is not JSON
  cut      half the content, with finish_reason "length"
  parts    the content as an array of {"type": "text", "text"} parts
  refuse   no content, a "refusal" instead
  nousage  the reply without "usage" (as some local servers send it)
  reorder  (segment) the first scene's first two words swapped
  badlines (segment) every line spoken by "Bob", no character of the brief
"""

import json
import re
import time

STEP = re.compile(r"^mv step: (\w+)", re.M)
FENCE = re.compile(r"```(json|text)\n(.*?)\n```", re.S)


def oa_error(status, message, etype="invalid_request_error", param=None,
             code=None):
    return status, {}, {"error": {"message": message, "type": etype,
                                  "param": param, "code": code}}


def tokens(s):
    return max(1, (len(s.encode()) + 3) // 4)


def fences(text, kind):
    return [m.group(2) for m in FENCE.finditer(text) if m.group(1) == kind]


def sentences(text):
    """The sentences of text: each ends at . ! or ? (and a closing quote)
    before white space."""
    parts = re.split(r"(?<=[.!?])([\"\u201d']?)\s+", text.strip())
    out = [parts[i] + (parts[i + 1] if i + 1 < len(parts) else "")
           for i in range(0, len(parts), 2)]
    return [x for x in out if x.strip()]


def gen_analyze(user, state):
    ctx = json.loads(fences(user, "json")[0])
    chars = [{"name": c["name"], "type": c.get("type", "friend"),
              "traits": c.get("traits") or ["kind"]}
             for c in ctx.get("characters", [])]
    return {"context": {
        "theme": ctx["theme"], "setting": ctx["setting"],
        "moral_lesson": ctx["moral_lesson"],
        "topic": ctx.get("topic") or "A story about " + ctx["theme"],
        "characters": chars},
        "search_queries": ["%s facts for kids" % ctx["setting"],
                           "stories about %s for children" % ctx["theme"]]}


def gen_story(user, state):
    ctx = json.loads(fences(user, "json")[0])
    m = re.search(r"about (\d+) words", user)
    budget = int(m.group(1)) if m else 300
    names = [c["name"] for c in ctx.get("characters", [])]
    setting = ctx.get("setting", "a meadow")
    paras = ["Once upon a time, in the %s, there lived %s." %
             (setting, " and ".join(names))]
    if ctx.get("plot"):
        paras.append(ctx["plot"])
    filler = ["{n} looked around the {s} and smiled.",
              "{n} listened to the wind in the trees.",
              "{n} helped a friend carry a basket of apples.",
              "{n} laughed and waved to everyone nearby."]
    body, i = [], 0
    words = sum(len(p.split()) for p in paras) + 12
    while words < budget:
        line = filler[i % len(filler)].format(n=names[i % len(names)],
                                               s=setting)
        body.append(line)
        words += len(line.split())
        i += 1
        if len(body) == 5:
            paras.append(" ".join(body))
            body = []
    if body:
        paras.append(" ".join(body))
    end = "In the end, they all learned something: %s" % \
        ctx.get("moral_lesson", "be kind.")
    if state.get("chat_extra"):
        end += " " + state["chat_extra"]
    paras.append(end)
    return {"title": ctx.get("topic", "A Story")[:60], "text":
            "\n\n".join(paras)}


def speakers(narr, chars):
    """The narration's lines, as a model gives them: a quotation ending
    in a comma is the character named in the few words after it; every
    other one, and the rest, the narrator's."""
    names = [c["name"] for c in chars]
    lines = []
    for k, part in enumerate(re.split(r'("[^"]*"\S*)', narr)):
        part = part.strip()
        if not part:
            continue
        who = "narrator"
        if k % 2 == 1 and part.endswith(',"'):
            tag = narr[narr.index(part) + len(part):].split()[:3]
            who = next((n for n in names if n in " ".join(tag)), who)
        if lines and lines[-1]["speaker"] == who:
            lines[-1]["text"] += " " + part
        else:
            lines.append({"speaker": who, "text": part})
    return lines


def gen_segment(user, state, fault):
    text = fences(user, "text")[-1]
    chars = json.loads(fences(user, "json")[0])
    ss = sentences(text)
    n = max(1, min(4, len(ss) // 2 or 1))
    per = -(-len(ss) // n)
    scenes = []
    for k in range(0, len(ss), per):
        narr = " ".join(ss[k:k + per])
        who = [c["name"] for c in chars if c["name"] in narr]
        scenes.append({"narration": narr, "lines": speakers(narr, chars),
                       "description": "%s in a sunny place." %
                       (" and ".join(who) or "A quiet view"),
                       "characters": who, "setting": "the meadow",
                       "emotions": ["calm"]})
    if fault == "badlines":
        for sc in scenes:
            for line in sc["lines"]:
                line["speaker"] = "Bob"
    if fault == "reorder":
        w = scenes[0]["narration"].split(" ")
        if len(w) > 1:
            w[0], w[1] = w[1], w[0]
        scenes[0]["narration"] = " ".join(w)
    return {"scenes": scenes}


def gen_design(user, state):
    blocks = fences(user, "json")
    chars, scenes = json.loads(blocks[0]), json.loads(blocks[1])
    looks = [{"name": c["name"], "look": "%s is a friendly %s with bright "
              "eyes and a green scarf." % (c["name"], c.get("type", "friend"))}
             for c in chars]
    prompts = [{"scene": s["scene"], "prompt": "%s in %s, smiling." %
                (" and ".join(s.get("characters") or ["Nobody"]),
                 s.get("setting") or "a meadow")} for s in scenes]
    return {"characters": looks, "scenes": prompts}


def canned(state, step):
    r = state.get("chat_replies")
    if isinstance(r, list) and r:
        return r.pop(0)
    if isinstance(r, dict) and step in r:
        v = r[step]
        if isinstance(v, list):
            return v.pop(0) if v else None
        return v
    return None


def handle(req):
    body = req.json
    if not isinstance(body, dict):
        return oa_error(400, "We could not parse the JSON body of your "
                        "request.")
    key = req.state.get("chat_key")
    if key is not None:
        auth = req.headers.get("authorization", "")
        if not auth.startswith("Bearer "):
            return oa_error(401, "You didn't provide an API key. You need "
                            "to provide your API key in an Authorization "
                            "header using Bearer auth (i.e. Authorization: "
                            "Bearer YOUR_KEY).")
        if auth != "Bearer " + key:
            got = auth[len("Bearer "):]
            return oa_error(401, "Incorrect API key provided: %s...%s. You "
                            "can find your API key at https://platform."
                            "openai.com/account/api-keys." %
                            (got[:3], got[-4:]), code="invalid_api_key")
    model, msgs = body.get("model"), body.get("messages")
    if not isinstance(model, str) or not model:
        return oa_error(400, "you must provide a model parameter")
    if not isinstance(msgs, list) or not msgs:
        return oa_error(400, "[] is too short - 'messages'",
                        param="messages")
    if req.state.get("chat_reasoning"):
        if "max_tokens" in body:
            return oa_error(400, "Unsupported parameter: 'max_tokens' is not "
                            "supported with this model. Use "
                            "'max_completion_tokens' instead.",
                            param="max_tokens", code="unsupported_parameter")
        t = body.get("temperature")
        if t is not None and t != 1:
            return oa_error(400, "Unsupported value: 'temperature' does not "
                            "support %s with this model. Only the default "
                            "(1) value is supported." % t,
                            param="temperature", code="unsupported_value")
    rf = body.get("response_format")
    if rf is not None:
        if req.state.get("chat_no_format"):
            return oa_error(400, "Invalid parameter: 'response_format' of "
                            "type 'json_object' is not supported with this "
                            "model.", param="response_format")
        if rf.get("type") == "json_object" and not any(
                "json" in str(m.get("content", "")).lower() for m in msgs):
            return oa_error(400, "'messages' must contain the word 'json' "
                            "in some form, to use 'response_format' of "
                            "type 'json_object'.", param="messages")
    user = next((m.get("content", "") for m in msgs
                 if m.get("role") == "user"), "")
    m = STEP.search(user)
    step = m.group(1) if m else None
    content = canned(req.state, step)
    if content is None:
        gen = {"analyze": gen_analyze, "story": gen_story,
               "design": gen_design}.get(step)
        if step == "segment":
            content = json.dumps(gen_segment(user, req.state, req.fault))
        elif gen is not None:
            content = json.dumps(gen(user, req.state))
        else:
            content = ("The children's books say that this place is calm "
                       "and friendly, and full of small animals.")
    finish = "stop"
    message = {"role": "assistant", "content": content, "refusal": None}
    if req.fault == "prose":
        message["content"] = ("Sure! Here is the JSON you asked for:\n\n" +
                              content + "\n\nLet me know if you want "
                              "any changes {or more ideas}.")
    elif req.fault == "fence":
        message["content"] = "```json\n" + content + "\n```"
    elif req.fault == "badjson":
        message["content"] = '{"title": "Oops", "text": "unfinished'
    elif req.fault == "cut":
        message["content"] = content[:len(content) // 2]
        finish = "length"
    elif req.fault == "parts":
        half = len(content) // 2
        message["content"] = [{"type": "text", "text": content[:half]},
                              {"type": "text", "text": content[half:]}]
    elif req.fault == "refuse":
        message["content"] = None
        message["refusal"] = "I'm sorry, I can't help with that."
    prompt = sum(tokens(str(m.get("content", ""))) for m in msgs)
    done = tokens(json.dumps(message["content"]))
    out = {
        "id": "chatcmpl-fake%d" % int(time.time() * 1000),
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": message, "logprobs": None,
                     "finish_reason": finish}],
        "usage": {"prompt_tokens": prompt, "completion_tokens": done,
                  "total_tokens": prompt + done},
        "system_fingerprint": "fp_fake",
    }
    if req.fault == "nousage":
        del out["usage"]
    return 200, {"Content-Type": "application/json"}, out


ROUTES = [("POST", r"^/v1/chat/completions$", handle)]
