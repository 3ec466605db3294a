"""media.py - the picture and speech services of the fake API, each in its
provider's documented wire format, with real media made here from the
standard library alone:

  POST /v1/images/generations    OpenAI images: {created, data: [{url} or
                                 {b64_json, revised_prompt}], usage}; a
                                 model named dall-e-* with response_format
                                 "url" gets a URL to GET /files/<id>.png on
                                 this server
  POST /v1/images/edits          OpenAI images from reference pictures:
                                 multipart/form-data (model, prompt, n,
                                 size, quality, input_fidelity, image[]
                                 up to 16 PNG, WebP or JPEG files; one
                                 square PNG for dall-e-2; no dall-e-3);
                                 the reply as generations' b64_json
  GET  /files/<name>             the pictures those URLs name
  GET  /controlnet/model_list    sd-webui-controlnet's models: the state's
                                 "controlnet" list; 404 as A1111 without
                                 the extension when that is unset
  POST /sdapi/v1/txt2img         Automatic1111: {images: [b64], parameters,
                                 info: a JSON string with the seed and the
                                 checkpoint used}; ControlNet units in
                                 alwayson_scripts need the extension (the
                                 state's "controlnet"), a model it has
                                 and a decodable image; an unknown sampler is
                                 400 in FastAPI's HTTPException shape, an
                                 unknown checkpoint silently ignored
  POST /api/v1/chat/completions  OpenRouter image output: the picture as a
                                 data: URL in choices[0].message.images;
                                 modalities the model does not make are
                                 404 (the state's "modalities" maps a
                                 model to what it makes)
  POST /v1/audio/speech          OpenAI speech: a WAV (or raw PCM) sine,
                                 24 kHz mono 16-bit, words / 2.5 s long
  POST /v1/text-to-speech/<id>   ElevenLabs: raw pcm_24000 (pcm_16000 and
                                 pcm_22050 too), the same length, labelled
                                 audio/mpeg as ElevenLabs labels them
  POST /v1/text-to-speech/<id>/with-timestamps
                                 ElevenLabs with timestamps: JSON
                                 {audio_base64, alignment,
                                 normalized_alignment}, the audio as
                                 above but each word a tone of 3/4 of its
                                 slot after 40 ms of silence, and every
                                 character's start and end inside its
                                 word's tone (a blank: in the silence)

A picture is a valid PNG of the requested size, one colour picked from a
hash of the prompt, unless the state's "picture" holds other bytes
(base64) to send; speech sends the state's "audio" (base64; OpenAI as
"audio_type") when set. Text over a model's limit is refused as the
service refuses it (OpenAI speech 4096 characters; ElevenLabs by model). A key is refused (401, in the provider's own error
shape) when it is missing or starts with "bad".

Faults for the handlers (a fault rule's action):
  html          200 with an HTML page where the picture or sound should be
  emptyimage    an empty picture or sound (also "emptyaudio")
  badurl        a picture URL that answers 404
  slowdownload  a picture URL that waits the rule's "seconds" (default 5)
  noimage       OpenRouter: a reply with text but no picture
  echokey       OpenRouter: the same, its text quoting the request's key
  error200      OpenRouter: 200 with {"error": {"message", "code"}}
  nousage       OpenAI images: a reply without usage, as some servers send
  oom           A1111: 500 for an exception other than HTTPException
"""

import base64
import email.parser
import email.policy
import hashlib
import json
import math
import struct
import time
import uuid
import zlib

HTML = (b"<!DOCTYPE html>\n<html><head><title>429 Too Many Requests</title>"
        b"</head>\n<body><h1>Too Many Requests</h1><p>You are being rate "
        b"limited. Please slow down.</p></body></html>\n")


def png(width, height, seed):
    """A valid RGB PNG of width x height in one colour from seed."""
    h = hashlib.sha256(seed.encode()).digest()
    row = b"\x00" + bytes(h[:3]) * width
    raw = row * height

    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)

    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0,
                                       0, 0)) +
            chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


def pcm(seconds, rate=24000, freq=440.0):
    """A sine of seconds at rate, mono, signed 16-bit little-endian."""
    n = max(1, int(seconds * rate))
    step = 2 * math.pi * freq / rate
    one = [int(8000 * math.sin(step * i)) for i in range(rate // 40)]
    # A whole number of periods of 440 Hz fits in 1/40 s at these rates.
    period = struct.pack("<%dh" % len(one), *one)
    return (period * (n // len(one) + 1))[:2 * n]


def wav(seconds, rate=24000):
    data = pcm(seconds, rate)
    return (b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVE" +
            b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2,
                                  16) +
            b"data" + struct.pack("<I", len(data)) + data)


def spoken_seconds(text, speed=1.0):
    words = len(str(text).split())
    return max(0.4, words / 2.5 / (speed or 1.0))


def size_of(s, dflt=(1024, 1024)):
    try:
        w, h = str(s).lower().split("x")
        w, h = int(w), int(h)
        if 1 <= w <= 4096 and 1 <= h <= 4096:
            return w, h
    except ValueError:
        pass
    return dflt


def openai_auth(req):
    """None when the Bearer key is acceptable, else a 401 answer."""
    auth = req.headers.get("authorization", "")
    if not auth.startswith("Bearer ") or not auth[7:].strip():
        msg = ("You didn't provide an API key. You need to provide your "
               "API key in an Authorization header using Bearer auth.")
    elif auth[7:].startswith("bad"):
        key = auth[7:]
        msg = ("Incorrect API key provided: %s%s%s. You can find your API "
               "key at https://platform.openai.com/account/api-keys." %
               (key[:3], "*" * max(0, len(key) - 7), key[-4:]))
    else:
        return None
    return 401, {}, {"error": {"message": msg,
                               "type": "invalid_request_error",
                               "param": None, "code": "invalid_api_key"}}


def bad_request(msg, param=None):
    return 400, {}, {"error": {"message": msg,
                               "type": "invalid_request_error",
                               "param": param, "code": None}}


def picture(req, width, height, prompt):
    """The picture's bytes, or what the fault puts in its place."""
    if req.fault == "html":
        return HTML
    if req.fault in ("emptyimage", "emptyaudio"):
        return b""
    if isinstance(req.state.get("picture"), str):
        return base64.b64decode(req.state["picture"])
    return png(width, height, prompt)


# -- OpenAI images --

def images_generations(req):
    denied = openai_auth(req)
    if denied:
        return denied
    j = req.json
    if not isinstance(j, dict) or not isinstance(j.get("prompt"), str) or \
            not j["prompt"]:
        return bad_request("'prompt' is a required property", "prompt")
    model = j.get("model") or "dall-e-2"
    dalle = model.startswith("dall-e")
    # CreateImageRequest.prompt (openai-openapi): 32000 characters for the
    # GPT image models, 1000 for dall-e-2 and 4000 for dall-e-3.
    limit = {"dall-e-2": 1000, "dall-e-3": 4000}.get(model, 32000)
    if len(j["prompt"]) > limit:
        out = bad_request("Invalid 'prompt': string too long. Expected a "
                          "string with maximum length %d, but got a string "
                          "with length %d instead." % (limit,
                                                       len(j["prompt"])),
                          "prompt")
        out[2]["error"]["code"] = "string_above_max_length"
        return out
    if not dalle and "response_format" in j:
        return bad_request("Unknown parameter: 'response_format'.",
                           "response_format")
    if "style" in j and model != "dall-e-3":
        return bad_request("Unknown parameter: 'style'.", "style")
    if j.get("n", 1) != 1:
        return bad_request("The fake makes one picture a request.", "n")
    w, h = size_of(j.get("size", "1024x1024"))
    data = picture(req, w, h, j["prompt"])
    item = {}
    if dalle and j.get("response_format", "url") == "url":
        name = uuid.uuid4().hex + ".png"
        files = req.state.setdefault("files", {})
        if req.fault == "badurl":
            name = "missing-" + name
        else:
            files[name] = (data, "text/html" if req.fault == "html" else
                           "image/png")
        url = "%s/files/%s" % (req.base, name)
        if req.fault == "slowdownload":
            secs = (req.rule or {}).get("seconds", 5)
            url += "?slow=%s" % secs
        item["url"] = url
    else:
        item["b64_json"] = base64.b64encode(data).decode()
    if model == "dall-e-3":
        item["revised_prompt"] = "A picture book page: " + j["prompt"]
    out = {"created": int(time.time()), "data": [item]}
    if not dalle and req.fault != "nousage":
        n = len(j["prompt"].split())
        out["usage"] = {"total_tokens": n + 1056, "input_tokens": n,
                        "output_tokens": 1056,
                        "input_tokens_details": {"text_tokens": n,
                                                 "image_tokens": 0}}
    return 200, {}, out


def form(req):
    """The parts of a multipart/form-data body: (name, filename or None,
    bytes), in order."""
    msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + req.headers.get("content-type", "").encode() +
        b"\r\n\r\n" + req.body)
    if not msg.is_multipart():
        return None
    return [(part.get_param("name", header="content-disposition"),
             part.get_filename(), part.get_payload(decode=True))
            for part in msg.iter_parts()]


def images_edits(req):
    denied = openai_auth(req)
    if denied:
        return denied
    parts = form(req)
    if parts is None:
        return bad_request("Invalid Content-Type header (%s), expected "
                           "multipart/form-data." %
                           req.headers.get("content-type", ""))
    fields = {n: v.decode("utf-8", "replace") for n, f, v in parts
              if f is None}
    images = [(n, f, v) for n, f, v in parts if f is not None]
    model = fields.get("model", "dall-e-2")
    if model == "dall-e-3":
        return bad_request("Invalid value: 'dall-e-3'. Value must be one "
                           "of 'dall-e-2', 'gpt-image-1' ...", "model")
    if not fields.get("prompt"):
        return bad_request("Missing required parameter: 'prompt'.",
                           "prompt")
    if not images:
        return bad_request("Missing required parameter: 'image'.", "image")
    many = model.startswith("gpt-image") or model.startswith("chatgpt")
    if len(images) > (16 if many else 1):
        return bad_request("Invalid 'image': too many images, at most %d."
                           % (16 if many else 1), "image")
    for n, f, v in images:
        if n not in ("image", "image[]"):
            return bad_request("Unknown parameter: '%s'." % n, n)
        if not (v.startswith(b"\x89PNG") or v.startswith(b"\xff\xd8") or
                (v[:4] == b"RIFF" and v[8:12] == b"WEBP")):
            return bad_request("Invalid image file or mode for image %s, "
                               "please check your image file." % f, "image")
    if "input_fidelity" in fields and ("mini" in model or not many):
        return bad_request("Unknown parameter: 'input_fidelity'.",
                           "input_fidelity")
    req.state.setdefault("edits", []).append(
        {"model": model, "prompt": fields["prompt"],
         "images": [hashlib.sha256(v).hexdigest()[:16] for _, _, v in images],
         "fields": sorted(fields)})
    w, h = size_of(fields.get("size", "1024x1024"))
    data = picture(req, w, h, fields["prompt"])
    n = len(fields["prompt"].split())
    return 200, {}, {"created": int(time.time()),
                     "data": [{"b64_json": base64.b64encode(data).decode()}],
                     "usage": {"total_tokens": n + 1056 + 323 * len(images),
                               "input_tokens": n + 323 * len(images),
                               "output_tokens": 1056,
                               "input_tokens_details": {
                                   "text_tokens": n,
                                   "image_tokens": 323 * len(images)}}}


def controlnet_models(req):
    models = req.state.get("controlnet")
    if models is None:
        return 404, {}, {"detail": "Not Found"}
    return 200, {}, {"model_list": models}


def files(req):
    name = req.path.rsplit("/", 1)[-1]
    slow = req.query.get("slow")
    if slow:
        time.sleep(float(slow[0]))
    got = req.state.get("files", {}).get(name)
    if got is None:
        return 404, {"Content-Type": "application/xml"}, (
            b"<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>"
            b"BlobNotFound</Code><Message>The specified blob does not "
            b"exist.</Message></Error>")
    data, ctype = got
    return 200, {"Content-Type": ctype}, data


# -- Automatic1111 --

# A1111's samplers (modules/sd_samplers_kdiffusion.py and friends, names
# and aliases) and the checkpoints the fake has: the first is loaded.
SAMPLERS = {"Euler a", "Euler", "LMS", "Heun", "DPM2", "DPM2 a",
            "DPM++ 2S a", "DPM++ 2M", "DPM++ SDE", "DPM++ 2M SDE",
            "DPM fast", "DPM adaptive", "DDIM", "PLMS", "UniPC", "LCM",
            "DPM++ 2M Karras", "k_euler_a", "k_euler"}
CHECKPOINTS = [("fake-sd15", "6ce0161689"), ("dreamshaper_8", "879db523c3")]


def a1111_error(status, detail):
    """FastAPI's HTTPException as A1111's handler sends it (modules/api/
    api.py, handle_exception)."""
    return status, {}, {"error": "HTTPException", "detail": detail,
                        "body": "", "errors": "%d: %s" % (status, detail)}


def checkpoint_of(asked):
    """The checkpoint A1111 uses for override_settings.sd_model_checkpoint:
    the one named (by name, file name or title), else, silently, the one
    loaded (modules/processing.py, process_images)."""
    for name, short in CHECKPOINTS:
        if asked in (name, name + ".safetensors",
                     "%s.safetensors [%s]" % (name, short), short):
            return name, short
    return CHECKPOINTS[0]


def txt2img(req):
    j = req.json
    if not isinstance(j, dict):
        return 422, {}, {"detail": [{"loc": ["body"], "msg": "field "
                                     "required", "type": "value_error"}]}
    if j.get("sampler_name", "Euler") not in SAMPLERS:
        return a1111_error(400, "Sampler not found")
    if req.fault == "oom":
        # Any other exception: its class, no detail, its text in errors.
        return 500, {}, {"error": "OutOfMemoryError", "detail": "",
                         "body": "", "errors": "CUDA out of memory. Tried "
                         "to allocate 2.00 GiB"}
    units = ((j.get("alwayson_scripts") or {}).get("controlnet") or
             {}).get("args") or []
    if units and req.state.get("controlnet") is None:
        # A1111 without the extension: the script is unknown.
        return a1111_error(422, "Script 'controlnet' not found")
    for u in units:
        if u.get("model") not in req.state.get("controlnet", []):
            return a1111_error(500, "ControlNet model %s not found" %
                               u.get("model"))
        try:
            img = base64.b64decode(u.get("image") or "", validate=True)
        except ValueError:
            img = b""
        if not img.startswith(b"\x89PNG"):
            return a1111_error(500, "ControlNet unit image does not decode")
    req.state.setdefault("units", []).append(
        [hashlib.sha256(base64.b64decode(u["image"])).hexdigest()[:16]
         for u in units])
    model, short = checkpoint_of((j.get("override_settings") or {}).get(
        "sd_model_checkpoint", CHECKPOINTS[0][0]))
    w, h = int(j.get("width", 512)), int(j.get("height", 512))
    seed = int(j.get("seed", -1))
    if seed == -1:
        seed = int(hashlib.sha256(uuid.uuid4().bytes).hexdigest()[:8], 16)
    data = picture(req, w, h, "%s|%d" % (j.get("prompt", ""), seed))
    params = dict(j)
    info = {"prompt": j.get("prompt", ""), "all_prompts": [j.get("prompt",
                                                                  "")],
            "negative_prompt": j.get("negative_prompt", ""), "seed": seed,
            "all_seeds": [seed], "width": w, "height": h,
            "sampler_name": j.get("sampler_name", "Euler"),
            "cfg_scale": j.get("cfg_scale", 7), "steps": j.get("steps", 20),
            "sd_model_name": model, "sd_model_hash": short,
            "infotexts": [""]}
    return 200, {}, {"images": [base64.b64encode(data).decode()],
                     "parameters": params, "info": json.dumps(info)}


# -- OpenRouter image output --

ASPECTS = {"1:1": (1024, 1024), "2:3": (832, 1248), "3:2": (1248, 832),
           "3:4": (864, 1184), "4:3": (1184, 864), "4:5": (896, 1152),
           "5:4": (1152, 896), "9:16": (768, 1344), "16:9": (1344, 768),
           "21:9": (1536, 672)}


def openrouter_chat(req):
    auth = req.headers.get("authorization", "")
    if not auth.startswith("Bearer ") or auth[7:].startswith("bad") or \
            not auth[7:].strip():
        return 401, {}, {"error": {"message": "No auth credentials found",
                                   "code": 401}}
    j = req.json
    if not isinstance(j, dict) or not isinstance(j.get("messages"), list):
        return 400, {}, {"error": {"message": "Input required: specify "
                                   "\"prompt\" or \"messages\"",
                                   "code": 400}}
    model = j.get("model", "")
    # What the model makes: Flux and the like only pictures, others text
    # too; a request for output it does not make finds no endpoint.
    outputs = (req.state.get("modalities") or {}).get(model) or (
        ["image"] if "flux" in model or model.startswith(
            "black-forest-labs/") else ["image", "text"])
    asked = j.get("modalities") or ["text"]
    if not set(asked) <= set(outputs):
        return 404, {}, {"error": {
            "message": "No endpoints found that support the requested "
                       "output modalities: " + ", ".join(asked),
            "code": 404}}
    if req.fault == "error200":
        return 200, {}, {"error": {"message": "Provider returned error",
                                   "code": 502,
                                   "metadata": {"provider_name": "Google",
                                                "raw": "overloaded"}},
                         "user_id": "user_2x"}
    prompt = ""
    refs = []
    for m in j["messages"]:
        c = m.get("content") if m.get("role") == "user" else None
        if isinstance(c, str):
            prompt = c
        elif isinstance(c, list):
            for part in c:
                if part.get("type") == "text":
                    prompt = part.get("text", "")
                elif part.get("type") == "image_url":
                    url = part.get("image_url", {}).get("url", "")
                    head, _, data = url.partition(",")
                    if not head.startswith("data:image/") or \
                            not head.endswith(";base64"):
                        return 400, {}, {"error": {
                            "message": "Invalid image URL", "code": 400}}
                    refs.append(hashlib.sha256(base64.b64decode(
                        data)).hexdigest()[:16])
    req.state.setdefault("image_inputs", []).append(refs)
    aspect = (j.get("image_config") or {}).get("aspect_ratio", "1:1")
    w, h = ASPECTS.get(aspect, (1024, 1024))
    msg = {"role": "assistant", "content": "Here is your picture."}
    if "image" in (j.get("modalities") or []) and req.fault not in (
            "noimage", "echokey"):
        data = picture(req, w, h, prompt)
        msg["images"] = [{"type": "image_url", "image_url": {
            "url": "data:image/png;base64," +
            base64.b64encode(data).decode()}}]
    elif req.fault == "echokey":
        key = req.headers.get("authorization", "").replace("Bearer ", "")
        msg["content"] = "No picture for key " + key + " today."
    else:
        msg["content"] = "I can only describe it: " + prompt[:80]
    return 200, {}, {
        "id": "gen-" + uuid.uuid4().hex[:12], "object": "chat.completion",
        "created": int(time.time()), "model": j.get("model", ""),
        "provider": "Google",
        "choices": [{"index": 0, "finish_reason": "stop",
                     "native_finish_reason": "STOP", "message": msg}],
        "usage": {"prompt_tokens": len(prompt.split()),
                  "completion_tokens": 1290,
                  "total_tokens": len(prompt.split()) + 1290}}


# -- OpenAI speech --

VOICES = {"alloy", "ash", "ballad", "coral", "echo", "fable", "nova", "onyx",
          "sage", "shimmer", "verse"}


def audio_speech(req):
    denied = openai_auth(req)
    if denied:
        return denied
    j = req.json
    if not isinstance(j, dict) or not j.get("input"):
        return bad_request("'input' is a required property", "input")
    # CreateSpeechRequest.input: maxLength 4096 (openai-openapi).
    if len(j["input"]) > 4096:
        return bad_request("Invalid 'input': string too long. Expected a "
                           "string with maximum length 4096, but got a "
                           "string with length %d instead." %
                           len(j["input"]), "input")
    if j.get("voice") not in VOICES:
        return bad_request("Invalid value for 'voice'.", "voice")
    speed = float(j.get("speed", 1.0))
    if not 0.25 <= speed <= 4.0:
        return bad_request("Invalid 'speed': expected 0.25 to 4.0.",
                           "speed")
    fmt = j.get("response_format", "mp3")
    if req.fault == "html":
        return 200, {"Content-Type": "text/html"}, HTML
    if req.fault in ("emptyimage", "emptyaudio"):
        return 200, {"Content-Type": "audio/wav"}, b""
    if isinstance(req.state.get("audio"), str):
        return 200, {"Content-Type": req.state.get("audio_type",
                                                   "audio/mpeg")}, \
            base64.b64decode(req.state["audio"])
    secs = spoken_seconds(j["input"], speed)
    if fmt == "wav":
        return 200, {"Content-Type": "audio/wav"}, wav(secs)
    if fmt == "pcm":
        return 200, {"Content-Type": "audio/pcm"}, pcm(secs)
    return bad_request("The fake speaks wav and pcm only.",
                       "response_format")


# -- ElevenLabs --

# Characters a request may carry, by model_id (help.elevenlabs.io, "What's
# the maximum amount of characters and text I can generate?").
ELEVEN_LIMITS = {"eleven_flash_v2_5": 40000, "eleven_turbo_v2_5": 40000,
                 "eleven_flash_v2": 30000, "eleven_turbo_v2": 30000,
                 "eleven_multilingual_v2": 10000,
                 "eleven_multilingual_v1": 10000,
                 "eleven_monolingual_v1": 10000, "eleven_v3": 5000}


def elevenlabs_check(req):
    """(None, fmt rate, body) for a request the service takes, else
    (answer, None, None)."""
    key = req.headers.get("xi-api-key", "")
    if not key or key.startswith("bad"):
        return (401, {}, {"detail": {"status": "invalid_api_key",
                                     "message": "Invalid API key"}}), \
            None, None
    j = req.json
    if not isinstance(j, dict) or not j.get("text"):
        return (422, {}, {"detail": [{"loc": ["body", "text"],
                                      "msg": "field required",
                                      "type": "value_error.missing"}]}), \
            None, None
    limit = ELEVEN_LIMITS.get(j.get("model_id"), 10000)
    if len(j["text"]) > limit:
        return (400, {}, {"detail": {
            "status": "max_character_limit_exceeded",
            "message": "This request's text has %d characters and exceeds "
                       "the character limit of %d characters." %
                       (len(j["text"]), limit)}}), None, None
    # language_code: "Currently only Turbo v2.5 and Flash v2.5 support
    # language enforcement. For other models, an error will be returned
    # if language code is provided." (the operation's schema)
    if j.get("language_code") is not None and j.get("model_id") not in (
            "eleven_turbo_v2_5", "eleven_flash_v2_5"):
        return (400, {}, {"detail": {
            "status": "unsupported_language_code",
            "message": "language_code is not supported by model %s" %
                       j.get("model_id")}}), None, None
    fmt = (req.query.get("output_format") or ["mp3_44100_128"])[0]
    rates = {"pcm_16000": 16000, "pcm_22050": 22050, "pcm_24000": 24000}
    if fmt not in rates:
        return (400, {}, {"detail": {"status": "invalid_output_format",
                                     "message": "The fake speaks pcm only"}}), \
            None, None
    return None, rates[fmt], j


def elevenlabs_tts(req):
    # ElevenLabs labels every 200 reply audio/mpeg, whatever output_format
    # was asked for; so does the fake.
    mpeg = {"Content-Type": "audio/mpeg"}
    refused, rate, j = elevenlabs_check(req)
    if refused:
        return refused
    if req.fault == "html":
        return 200, mpeg, HTML
    if req.fault in ("emptyimage", "emptyaudio"):
        return 200, mpeg, b""
    if isinstance(req.state.get("audio"), str):
        return 200, mpeg, base64.b64decode(req.state["audio"])
    speed = float((j.get("voice_settings") or {}).get("speed", 1.0))
    return 200, mpeg, pcm(spoken_seconds(j["text"], speed), rate)


LEAD = 0.04


def timed_speech(text, seconds, rate, audio=None):
    """(samples, alignment) of text spoken over seconds: each word a tone
    in the first 3/4 of its slot after LEAD s of silence, its characters
    spread over the tone, a blank's time the silence after its word. With
    audio given (bytes), those samples, the words spread over them."""
    words = text.split()
    slot = (seconds - LEAD) / max(1, len(words))
    tone = slot * 0.75
    out = bytearray(b"\0\0" * int(LEAD * rate))
    chars, starts, ends = [], [], []
    i = 0
    for k, w in enumerate(words):
        at = LEAD + k * slot
        while text[i] != w[0] or not text.startswith(w, i):
            # the blanks before the word: in the silence before it
            chars.append(text[i])
            starts.append(round(max(0.0, at - slot / 4), 3))
            ends.append(round(at, 3))
            i += 1
        for n, ch in enumerate(w):
            chars.append(ch)
            starts.append(round(at + tone * n / len(w), 3))
            ends.append(round(at + tone * (n + 1) / len(w), 3))
        i += len(w)
        n = int(round((at + tone) * rate)) - len(out) // 2
        if n > 0:
            out += pcm((n + 1) / rate, rate)[:2 * n]
        n = int(round((at + slot) * rate)) - len(out) // 2
        out += b"\0\0" * max(0, n)
    for ch in text[i:]:
        chars.append(ch)
        starts.append(round(seconds, 3))
        ends.append(round(seconds, 3))
    al = {"characters": chars, "character_start_times_seconds": starts,
          "character_end_times_seconds": ends}
    return (bytes(out) if audio is None else audio), al


def elevenlabs_timestamps(req):
    refused, rate, j = elevenlabs_check(req)
    if refused:
        return refused
    if req.fault == "html":
        return 200, {"Content-Type": "text/html"}, HTML
    if req.fault in ("emptyimage", "emptyaudio"):
        return 200, {}, {"audio_base64": "", "alignment": None,
                         "normalized_alignment": None}
    audio = None
    speed = float((j.get("voice_settings") or {}).get("speed", 1.0))
    secs = spoken_seconds(j["text"], speed)
    if isinstance(req.state.get("audio"), str):
        audio = base64.b64decode(req.state["audio"])
        secs = max(LEAD + 0.01, len(audio) / 2 / rate)
    samples, al = timed_speech(j["text"], secs, rate, audio)
    return 200, {}, {"audio_base64": base64.b64encode(samples).decode(),
                     "alignment": al, "normalized_alignment": al}


ROUTES = [
    ("POST", r"^/v1/images/generations$", images_generations),
    ("POST", r"^/v1/images/edits$", images_edits),
    ("GET", r"^/controlnet/model_list$", controlnet_models),
    ("GET", r"^/files/[^/]+$", files),
    ("POST", r"^/sdapi/v1/txt2img$", txt2img),
    ("POST", r"^/api/v1/chat/completions$", openrouter_chat),
    ("POST", r"^/v1/audio/speech$", audio_speech),
    ("POST", r"^/v1/text-to-speech/[^/]+$", elevenlabs_tts),
    ("POST", r"^/v1/text-to-speech/[^/]+/with-timestamps$",
     elevenlabs_timestamps),
]
