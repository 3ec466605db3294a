#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/atomic.h"
#include "core/calls.h"
#include "core/child.h"
#include "core/flitename.h"
#include "core/http.h"
#include "core/json.h"
#include "core/lang.h"
#include "core/util.h"
#include "media/media.h"
#include "services/speech.h"

/*
 * The most characters of one ElevenLabs request with timestamps: its
 * reply carries the audio in base64 and three numbers a character, and
 * must stay within what json_parse reads (JSON_MAX_BYTES: about 330 s of
 * pcm_24000 speech in base64 is 21 MB).
 */
#define TIMED_MAX 5000

/* How a gpt-4o-* voice reads a children's story. */
#define INSTRUCTIONS "Read this children's story aloud warmly and " \
	"clearly, at a calm storytelling pace, with gentle expression."

static int
is_openai(const struct conf *c)
{
	return strcmp(c->provider, "openai") == 0;
}

static int
instructed(const struct conf *c)
{
	return is_openai(c) && c->model != NULL &&
	    strncmp(c->model, "gpt-4o", 6) == 0;
}

int
speech_flite_speaks(const char *voice)
{
	/* espeak-ng's English voices: "en", "en-us", "en-gb-x-rp", ... */
	return voice == NULL || *voice == '\0' || flite_narrator_voice(voice) ||
	    strcmp(voice, "en") == 0 || strncmp(voice, "en-", 3) == 0 ||
	    strncmp(voice, "en+", 3) == 0;
}

/* Whether the BCP 47 tag lang is English (or unset). */
static int
english(const char *lang)
{
	return lang == NULL || *lang == '\0' || ((lang[0] | 0x20) == 'e' &&
	    (lang[1] | 0x20) == 'n' && (lang[2] == '\0' || lang[2] == '-'));
}

/*
 * Whether the ElevenLabs model speaks lang, by the languages of its models
 * page (elevenlabs-docs a6510bb5, fern/docs/pages/models.mdx): English
 * only for eleven_monolingual_v1, eleven_flash_v2 and eleven_turbo_v2 (and
 * eleven_english_v2, by its name); eleven_multilingual_v1 en, fr, de, hi,
 * it, pl, pt, es; the others many.
 */
static int
eleven_speaks(const char *model, const char *lang)
{
	static const char *const v1[] = { "fr", "de", "hi", "it", "pl", "pt",
		"es", NULL };
	size_t i;

	if (english(lang) || model == NULL)
		return 1;
	if (strcmp(model, "eleven_monolingual_v1") == 0 ||
	    strcmp(model, "eleven_flash_v2") == 0 ||
	    strcmp(model, "eleven_turbo_v2") == 0 ||
	    strcmp(model, "eleven_english_v2") == 0)
		return 0;
	if (strcmp(model, "eleven_multilingual_v1") == 0) {
		for (i = 0; v1[i] != NULL; i++)
			if (strncasecmp(lang, v1[i], 2) == 0 &&
			    (lang[2] == '\0' || lang[2] == '-'))
				return 1;
		return 0;
	}
	return 1;
}

const char *
speech_model(const struct conf *c, const char *lang)
{
	if (strcmp(c->provider, "elevenlabs") == 0 &&
	    !eleven_speaks(c->model, lang))
		return SPEECH_ELEVEN_MULTILINGUAL;
	return c->model;
}

char *
speech_model_note(const struct conf *c, const char *lang)
{
	const struct lang *l;

	if (speech_model(c, lang) == c->model)
		return NULL;
	l = lang_find(lang);
	return xasprintf("%s: %s does not speak %s: the narration uses %s",
	    c->provider, c->model, l != NULL ? l->name : lang,
	    SPEECH_ELEVEN_MULTILINGUAL);
}

/*
 * The language_code ElevenLabs may be sent for lang with model: the
 * operation's schema says "Currently only Turbo v2.5 and Flash v2.5
 * support language enforcement. For other models, an error will be
 * returned if language code is provided." ISO 639-1: the tag's primary
 * subtag, of two letters; else NULL.
 */
static jv
language_code(const char *model, const char *lang)
{
	if (model == NULL || lang == NULL || english(lang) ||
	    (strcmp(model, "eleven_turbo_v2_5") != 0 &&
	    strcmp(model, "eleven_flash_v2_5") != 0) ||
	    strlen(lang) < 2 || (lang[2] != '\0' && lang[2] != '-'))
		return jv_null();
	return jv_string_fmt("%c%c", lang[0] | 0x20, lang[1] | 0x20);
}

jv
speech_request(jv req, const struct conf *c)
{
	const char *model;
	char *url;
	jv out, lang;

	if (strcmp(c->provider, "espeak") == 0 ||
	    strcmp(c->provider, "flite") == 0) {
		/* MV_TTS_VOICE and MV_TTS_SPEED, when set, over the brief's. */
		if (c->voice != NULL)
			req = jv_object_set(req, jv_string("voice"),
			    jv_string(c->voice));
		if (c->speed != 1)
			req = jv_object_set(req, jv_string("wpm"), jv_number(
			    fmin(450, fmax(80, round(json_num(jv_object_get(
			    jv_copy(req), jv_string("wpm")), 150) *
			    c->speed)))));
		/* The brief's voice is espeak-ng's: flite speaks with its own
		 * English ones, and leaves another language to espeak-ng. */
		if (strcmp(c->provider, "flite") == 0 && c->voice == NULL) {
			jv v = jv_object_get(jv_copy(req), jv_string("voice"));

			if (!flite_narrator_voice(json_str(v)) &&
			    !speech_flite_speaks(json_str(v)))
				req = jv_object_set(req, jv_string("provider"),
				    jv_string("espeak"));
			else if (!flite_narrator_voice(json_str(v)))
				req = jv_object_set(req, jv_string("voice"),
				    jv_string(FLITE_NARRATOR_VOICE));
			jv_free(v);
		}
		return req;
	}
	if (strcmp(c->provider, "none") == 0)
		return req;
	url = conf_public_url(c->base_url);
	lang = jv_object_get(jv_copy(req), jv_string("language"));
	model = speech_model(c, jv_get_kind(lang) == JV_KIND_STRING ?
	    jv_string_value(lang) : NULL);
	out = JV_OBJECT(jv_string("scene"), jv_object_get(jv_copy(req),
	    jv_string("scene")),
	    jv_string("text"), jv_object_get(jv_copy(req),
	    jv_string("text")),
	    jv_string("provider"), jv_string(c->provider),
	    jv_string("model"), model ? jv_string(model) : jv_null(),
	    jv_string("base_url"), url ? jv_string(url) : jv_null(),
	    jv_string("voice"), c->voice ? jv_string(c->voice) : jv_null(),
	    jv_string("speed"), jv_number(c->speed),
	    jv_string("format"), jv_string(is_openai(c) ? "wav" :
	    "pcm_24000"));
	if (instructed(c))
		out = jv_object_set(out, jv_string("instructions"),
		    jv_string(INSTRUCTIONS));
	/* Only a language other than English is said (media.h). */
	if (jv_get_kind(lang) == JV_KIND_STRING)
		out = jv_object_set(out, jv_string("language"), lang);
	else
		jv_free(lang);
	free(url);
	jv_free(req);
	return out;
}

void
speech_job_release(struct speech_job *job)
{
	jv_free(job->prov);
	job->prov = jv_null();
	free(job->err);
	job->err = NULL;
}

/* The request for one part (text, consumed) of the clip of job (its
 * model and language) in voice; -1 with *err. */
static int
make_req(const struct conf *c, jv job, jv text, const char *voice_name,
    struct http_req *r, char **err)
{
	jv b, code, model = jv_object_get(jv_copy(job), jv_string("model"));
	jv lang = jv_object_get(jv_copy(job), jv_string("language"));
	char *v, *voice;

	/* The request's model (speech_model's), else the provider's. */
	if (jv_get_kind(model) != JV_KIND_STRING) {
		jv_free(model);
		model = c->model ? jv_string(c->model) : jv_string("");
	}

	if (conf_needs_key(c)) {
		*err = xasprintf("%s: no API key: set MV_TTS_API_KEY or %s",
		    c->provider, is_openai(c) ? "OPENAI_API_KEY" :
		    "ELEVENLABS_API_KEY");
		jv_free(text);
		jv_free(model);
		jv_free(lang);
		return -1;
	}
	memset(r, 0, sizeof *r);
	r->method = "POST";
	if (is_openai(c)) {
		r->url = http_url(c->base_url, "audio/speech");
		b = JV_OBJECT(jv_string("model"), jv_string(c->model),
		    jv_string("input"), text,
		    jv_string("voice"), jv_string(voice_name),
		    jv_string("speed"), jv_number(c->speed),
		    jv_string("response_format"), jv_string("wav"));
		if (instructed(c))
			b = jv_object_set(b, jv_string("instructions"),
			    jv_string(INSTRUCTIONS));
	} else {
		voice = http_escape(voice_name);
		/* With its words' times: the JSON reply, its audio in
		 * base64 (speech.h). */
		v = xasprintf("v1/text-to-speech/%s/with-timestamps"
		    "?output_format=pcm_24000", voice);
		r->url = http_url(c->base_url, v);
		free(v);
		free(voice);
		b = JV_OBJECT(jv_string("text"), text,
		    jv_string("model_id"), jv_string(json_str(model)));
		code = language_code(json_str(model), json_str(lang));
		if (jv_get_kind(code) == JV_KIND_STRING)
			b = jv_object_set(b, jv_string("language_code"), code);
		else
			jv_free(code);
		/* ElevenLabs speaks at 0.7 to 1.2 times its pace. */
		if (c->speed != 1)
			b = jv_object_set(b, jv_string("voice_settings"),
			    JV_OBJECT(jv_string("speed"), jv_number(
			    fmin(1.2, fmax(0.7, c->speed)))));
	}
	b = jv_dump_string(b, 0);
	r->body = xstrdup(jv_string_value(b));
	r->body_len = strlen(r->body);
	jv_free(b);
	http_header(r, "Content-Type", "application/json");
	if (is_openai(c))
		http_bearer(r, c->api_key);
	else if (c->api_key != NULL)
		http_header(r, "xi-api-key", c->api_key);
	http_header(r, "Accept", is_openai(c) ? "audio/wav" :
	    "application/json");
	jv_free(model);
	jv_free(lang);
	return 0;
}

/*
 * The most characters of text one request may carry. OpenAI: the
 * OpenAPI spec's CreateSpeechRequest.input maxLength (openai-openapi,
 * openapi.yaml, f85dbe2). ElevenLabs, by model_id: help.elevenlabs.io
 * "What's the maximum amount of characters and text I can generate?"
 * (Flash and Turbo v2.5 40000, Flash and Turbo v2 30000, Multilingual
 * and English v1 and v2 10000) and its v3 page (5000); an unknown model
 * gets the smallest.
 */
static size_t
limit_of(const struct conf *c, const char *model)
{
	static const struct {
		const char *model;
		size_t max;
	} eleven[] = {
		{ "eleven_flash_v2_5", 40000 }, { "eleven_turbo_v2_5", 40000 },
		{ "eleven_flash_v2", 30000 }, { "eleven_turbo_v2", 30000 },
		{ "eleven_multilingual_v2", 10000 },
		{ "eleven_multilingual_v1", 10000 },
		{ "eleven_monolingual_v1", 10000 },
		{ "eleven_english_v2", 10000 },
	};
	size_t i;

	if (is_openai(c))
		return 4096;
	for (i = 0; model && i < sizeof eleven / sizeof eleven[0]; i++)
		if (strcmp(model, eleven[i].model) == 0)
			return eleven[i].max < TIMED_MAX ? eleven[i].max :
			    TIMED_MAX;
	return 5000;
}

/* True when the blank at s[k] ends a sentence (".", "!", "?", "…",
 * maybe closed by a quote or bracket). */
static int
sentence_end(const char *s, size_t k)
{
	size_t j = k;

	while (j > 0 && (s[j - 1] == '"' || s[j - 1] == '\'' ||
	    s[j - 1] == ')'))
		j--;
	if (j >= 3 && memcmp(s + j - 3, "\xe2\x80", 2) == 0 &&
	    ((unsigned char)s[j - 1] == 0x9d || (unsigned char)s[j - 1] ==
	    0x99))
		j -= 3;
	if (j >= 3 && memcmp(s + j - 3, "\xe2\x80\xa6", 3) == 0)
		return 1;
	return j > 0 && (s[j - 1] == '.' || s[j - 1] == '!' ||
	    s[j - 1] == '?');
}

static int
blank(char ch)
{
	return ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r';
}

/*
 * text in parts of at most max characters (code points), each as long as
 * it can be: cut after a sentence, else after a comma, semicolon or
 * colon, else between words, else between characters. A jv array.
 */
static jv
split_text(const char *s, size_t max)
{
	jv out = jv_array();
	size_t i, k, n, cut, comma, space;

	for (;;) {
		while (blank(*s))
			s++;
		if (*s == '\0')
			break;
		for (i = 0, n = 0; s[i] != '\0' && n < max; n++)
			do
				i++;
			while (((unsigned char)s[i] & 0xc0) == 0x80);
		if (s[i] == '\0') {
			for (k = i; k > 0 && blank(s[k - 1]); k--)
				;
			out = jv_array_append(out, jv_string_sized(s,
			    (int)k));
			break;
		}
		cut = comma = space = 0;
		for (k = 1; k <= i; k++) {
			if (!blank(s[k]) || blank(s[k - 1]))
				continue;
			if (sentence_end(s, k))
				cut = k;
			else if (s[k - 1] == ',' || s[k - 1] == ';' ||
			    s[k - 1] == ':')
				comma = k;
			space = k;
		}
		k = cut ? cut : comma ? comma : space ? space : i;
		out = jv_array_append(out, jv_string_sized(s, (int)k));
		s += k;
	}
	return out;
}

/* The clip's length into its provenance, and into its usage. */
static void
set_seconds(jv *prov, double secs)
{
	double s = round(secs * 1000) / 1000;

	*prov = jv_object_set(*prov, jv_string("seconds"), jv_number(s));
	*prov = jv_setpath(*prov, JV_ARRAY(jv_string("usage"),
	    jv_string("seconds")), jv_number(s));
}

/* Audio of type ext turned into a WAV in memory by ffmpeg (through temp
 * files beside path). 0, or -1 with *why. */
static int
to_wav(const char *path, const unsigned char *p, size_t n, const char *ext,
    unsigned char **out, size_t *len, char **why)
{
	static const char *const args[] = { "-vn", "-ac", "1", "-c:a",
		"pcm_s16le", "-f", "wav", NULL };
	struct atomic_file wav;
	char *dot = xasprintf(".%s", ext), *buf = NULL;
	int rc;

	rc = media_transcode(path, p, n, dot, args, ".wav", &wav, why);
	free(dot);
	if (rc < 0)
		return -1;
	rc = read_all(wav.tmp, 1u << 30, &buf, len, why);
	atomic_rollback(&wav);
	*out = (unsigned char *)buf;
	return rc;
}

/*
 * The words of an ElevenLabs alignment (consumed: {characters,
 * character_start_times_seconds, character_end_times_seconds}): its
 * characters cut at white space, each word with the start of its first
 * character and the end of its last, [{word, start, end}]; null when the
 * alignment is missing or its arrays do not match.
 */
static jv
alignment_words(jv al)
{
	jv ch = jv_object_get(jv_copy(al), jv_string("characters"));
	jv st = jv_object_get(jv_copy(al),
	    jv_string("character_start_times_seconds"));
	jv en = jv_object_get(jv_copy(al),
	    jv_string("character_end_times_seconds"));
	jv out = jv_array(), word = jv_string("");
	double start = 0, end = 0;
	int n, i;

	if (jv_get_kind(ch) != JV_KIND_ARRAY || jv_get_kind(st) !=
	    JV_KIND_ARRAY || jv_get_kind(en) != JV_KIND_ARRAY ||
	    (n = jv_array_length(jv_copy(ch))) != jv_array_length(
	    jv_copy(st)) || n != jv_array_length(jv_copy(en)))
		n = -1;
	for (i = 0; i <= n; i++) {
		jv x = i < n ? jv_array_get(jv_copy(ch), i) : jv_string(" ");
		const char *t = json_str(x);
		int sp = *t == '\0' || strchr(" \t\n\r", *t) != NULL;

		if (sp && jv_string_length_bytes(jv_copy(word)) > 0) {
			out = jv_array_append(out, JV_OBJECT(jv_string("word"),
			    word, jv_string("start"), jv_number(start),
			    jv_string("end"), jv_number(end)));
			word = jv_string("");
		} else if (!sp) {
			if (jv_string_length_bytes(jv_copy(word)) == 0)
				start = json_num(jv_array_get(jv_copy(st), i),
				    0);
			end = json_num(jv_array_get(jv_copy(en), i), start);
			word = jv_string_append_str(word, t);
		}
		jv_free(x);
	}
	jv_free(word);
	jv_free(ch);
	jv_free(st);
	jv_free(en);
	jv_free(al);
	if (n < 0) {
		jv_free(out);
		return jv_null();
	}
	return out;
}

/*
 * ElevenLabs' reply with timestamps, {audio_base64, alignment,
 * normalized_alignment}: its audio into *audio (malloc'd, *n bytes) and
 * the words of its alignment (of the text as sent) into *times. 0, or
 * -1 with *err (after "provider: " and where).
 */
static int
unwrap(const struct conf *c, const char *where, struct http_req *r,
    unsigned char **audio, size_t *n, jv *times, char **err)
{
	jv j = json_parse(r->resp ? r->resp : "", r->resp_len);
	jv b64 = jv_get_kind(j) == JV_KIND_OBJECT ? jv_object_get(jv_copy(j),
	    jv_string("audio_base64")) : jv_invalid();
	char *why;
	int rc = -1;

	if (jv_get_kind(b64) != JV_KIND_STRING) {
		why = media_describe(r->resp, r->resp_len, r->content_type);
		*err = xasprintf("%s: %sthe narration is not audio (%s)",
		    c->provider, where, why);
		free(why);
	} else if (base64_decode(jv_string_value(b64),
	    (size_t)jv_string_length_bytes(jv_copy(b64)), audio, n) < 0)
		*err = xasprintf("%s: %sthe narration's audio_base64 is not "
		    "base64", c->provider, where);
	else {
		*times = alignment_words(jv_object_get(jv_copy(j),
		    jv_string("alignment")));
		rc = 0;
	}
	jv_free(b64);
	jv_free(j);
	return rc;
}

/*
 * The reply r to one part as a WAV in memory (*wav, *len), its format
 * decided by what was asked (raw PCM from ElevenLabs) and by its bytes,
 * never by its Content-Type: ElevenLabs labels every reply audio/mpeg.
 * ElevenLabs' words' times (or null) go to *times. 0, or -1 with *err
 * (after "provider: " and where).
 */
static int
decode(const struct conf *c, const char *where, const char *path,
    struct http_req *r, unsigned char **wav, size_t *len, jv *times,
    char **err)
{
	unsigned char *p = (unsigned char *)r->resp, *audio = NULL;
	size_t n = r->resp_len;
	int pcm = !is_openai(c), rc = -1;
	const char *kind;
	char *why = NULL;

	*times = jv_null();
	if (pcm && n > 0 && p != NULL) {
		if (unwrap(c, where, r, &audio, &n, times, err) < 0)
			return -1;
		p = audio;
	}
	kind = media_sniff(p, n, pcm);
	if (n == 0 || p == NULL || (pcm && kind == NULL && n < 2))
		*err = xasprintf("%s: %sthe narration is empty", c->provider,
		    where);
	else if (kind == NULL && pcm) {
		/* ElevenLabs' pcm_24000: raw samples. */
		*wav = media_wav_wrap(p, n, 24000, len);
		rc = 0;
	} else if (kind != NULL && strcmp(kind, "wav") == 0) {
		if (media_wav_check(p, n, &why) < 0)
			*err = xasprintf("%s: %sthe narration is not usable "
			    "audio (WAV: %s)", c->provider, where, why);
		else {
			*wav = xmalloc(n);
			memcpy(*wav, p, n);
			*len = n;
			rc = 0;
		}
	} else if (kind != NULL && (strcmp(kind, "mp3") == 0 ||
	    strcmp(kind, "aac") == 0 || strcmp(kind, "ogg") == 0 ||
	    strcmp(kind, "flac") == 0 || strcmp(kind, "m4a") == 0)) {
		if (to_wav(path, p, n, kind, wav, len, &why) < 0)
			*err = xasprintf("%s: %sthe narration (%s) does not "
			    "decode: %s", c->provider, where, kind, why);
		else
			rc = 0;
	} else {
		why = media_describe(p, n, audio ? NULL : r->content_type);
		*err = xasprintf("%s: %sthe narration is not audio (%s)",
		    c->provider, where, why);
	}
	free(why);
	free(audio);
	if (rc < 0) {
		jv_free(*times);
		*times = jv_null();
	}
	return rc;
}

/*
 * Joins the WAVs of a clip's parts, checks the clip and puts it (and its
 * sidecar) in place. 0, or -1 with *err.
 */
static int
keep(const struct conf *c, struct speech_job *job, unsigned char **wavs,
    size_t *lens, size_t n, jv *prov, jv words, char **err)
{
	unsigned char *wav = wavs[0];
	size_t len = lens[0];
	char *why = NULL, *wp;
	double secs;
	int rc = -1, wpm, bad;
	jv t;

	if (n > 1 && (wav = media_wav_join(wavs, lens, n, &len, &why)) ==
	    NULL) {
		*err = xasprintf("%s: the parts of the narration do not join: "
		    "%s", c->provider, why);
		free(why);
		return -1;
	}
	if ((secs = media_wav_check(wav, len, &why)) < 0) {
		*err = xasprintf("%s: the narration is not usable audio "
		    "(WAV: %s)", c->provider, why);
		free(why);
		goto out;
	}
	/* Its length against its text, before it is put in place (a
	 * reply of ten minutes for a ten-second scene is no narration). */
	t = jv_object_get(jv_copy(job->req), jv_string("text"));
	wpm = (int)json_num(jv_object_get(jv_copy(job->req),
	    jv_string("wpm")), 150);
	bad = media_clip_check(job->path, secs, json_str(t), wpm, err) < 0;
	jv_free(t);
	if (bad)
		goto out;
	set_seconds(prov, secs);
	/* The words' times, the provenance, then the clip. */
	wp = xasprintf("%s.words.json", job->path);
	if ((jv_get_kind(words) != JV_KIND_ARRAY || media_sidecar(wp,
	    JV_OBJECT(jv_string("words"), jv_copy(words)), err) == 0) &&
	    (job->sidecar == NULL || media_sidecar(job->sidecar,
	    jv_copy(*prov), err) == 0) &&
	    atomic_write(job->path, wav, len, err) == 0)
		rc = 0;
	free(wp);
out:
	if (wav != wavs[0])
		free(wav);
	return rc;
}

/* Characters (code points) of s. */
static size_t
characters(const char *s)
{
	size_t c = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			c++;
	return c;
}

/* times (consumed: a part's words, or null) after at seconds, appended
 * to *words; a part without times leaves the clip without them. */
static void
add_times(jv *words, jv times, double at)
{
	if (jv_get_kind(times) != JV_KIND_ARRAY ||
	    jv_get_kind(*words) != JV_KIND_ARRAY) {
		jv_free(*words);
		*words = jv_null();
	} else
		jv_array_foreach(times, i, w) {
			(void)i;
			w = jv_object_set(w, jv_string("start"), jv_number(at +
			    json_num(jv_object_get(jv_copy(w),
			    jv_string("start")), 0)));
			w = jv_object_set(w, jv_string("end"), jv_number(at +
			    json_num(jv_object_get(jv_copy(w),
			    jv_string("end")), 0)));
			*words = jv_array_append(*words, w);
		}
	jv_free(times);
}

/* Makes job's clip from the replies r to its n parts (texts in parts). */
static void
finish(const struct conf *c, struct speech_job *job, struct http_req *r,
    jv parts, size_t n, jv *prov)
{
	unsigned char **wavs = xmalloc(n * sizeof *wavs);
	size_t *lens = xmalloc(n * sizeof *lens), i, k = 0, chars = 0;
	char where[64] = "", *why = NULL;
	double at = 0, secs;
	jv words = jv_array(), times;

	for (i = 0; i < n && job->err == NULL; i++) {
		jv t = jv_array_get(jv_copy(parts), (int)i);

		if (n > 1)
			snprintf(where, sizeof where, "part %zu of %zu: ",
			    i + 1, n);
		chars += characters(json_str(t));
		jv_free(t);
		if (r[i].err != NULL)
			job->err = xasprintf("%s: %s%s", c->provider, where,
			    r[i].err);
		else if (decode(c, where, job->path, &r[i], &wavs[k],
		    &lens[k], &times, &job->err) == 0) {
			/* Each part's words after the parts before it. */
			add_times(&words, times, at);
			if ((secs = media_wav_check(wavs[k], lens[k], &why)) >
			    0)
				at += secs;
			free(why);
			why = NULL;
			k++;
		}
	}
	if (job->err == NULL) {
		/* Usage is known before the clip is kept: the sidecar
		 * records it (the characters sent, in every part). */
		*prov = jv_object_set(*prov, jv_string("usage"), JV_OBJECT(
		    jv_string("characters"), jv_number((double)chars)));
		if (n > 1)
			*prov = jv_object_set(*prov, jv_string("parts"),
			    jv_number((double)n));
		(void)keep(c, job, wavs, lens, n, prov, words, &job->err);
	}
	jv_free(words);
	for (i = 0; i < k; i++)
		free(wavs[i]);
	free(wavs);
	free(lens);
}

size_t
speech_run(const struct conf *c, struct speech_job *jobs, size_t n)
{
	size_t cap = n ? n : 1, m = 0, i, k, at, failed = 0, max;
	struct http_req *r = xmalloc(cap * sizeof *r);
	size_t *first = xmalloc((n ? n : 1) * sizeof *first);
	size_t *count = xmalloc((n ? n : 1) * sizeof *count);
	jv *prov = xmalloc((n ? n : 1) * sizeof *prov);
	jv *parts = xmalloc((n ? n : 1) * sizeof *parts);
	char *url = conf_public_url(c->base_url);

	for (i = 0; i < n; i++) {
		jv text = jv_object_get(jv_copy(jobs[i].req),
		    jv_string("text"));
		jv mv = jv_object_get(jv_copy(jobs[i].req), jv_string("model"));
		const char *model = jv_get_kind(mv) == JV_KIND_STRING ?
		    jv_string_value(mv) : c->model;
		jv vv = jv_object_get(jv_copy(jobs[i].req), jv_string("voice"));
		/* The line's voice (a character's), else the provider's. */
		char *voice = xstrdup(jv_get_kind(vv) == JV_KIND_STRING ?
		    jv_string_value(vv) : c->voice ? c->voice : "");
		char hash[17];

		jobs[i].err = NULL;
		jobs[i].prov = jv_null();
		calls_hash(jobs[i].req, hash);
		prov[i] = JV_OBJECT(jv_string("provider"),
		    jv_string(c->provider),
		    jv_string("model"), model ? jv_string(model) : jv_null(),
		    jv_string("text"), jv_copy(text),
		    jv_string("voice"), *voice ? jv_string(voice) : jv_null(),
		    jv_string("speed"), jv_number(c->speed),
		    jv_string("seed"), jv_null(),
		    jv_string("base_url"), url ? jv_string(url) : jv_null(),
		    jv_string("request"), jv_string(hash));
		/* A long narration goes in parts the service takes, joined
		 * again into one clip. */
		max = limit_of(c, model);
		parts[i] = jv_get_kind(text) == JV_KIND_STRING ?
		    split_text(jv_string_value(text), max) : jv_array();
		first[i] = m;
		count[i] = (size_t)jv_array_length(jv_copy(parts[i]));
		jv_free(text);
		if (count[i] == 0)
			jobs[i].err = xasprintf("%s: the narration request "
			    "has no text", c->provider);
		for (k = 0; k < count[i] && jobs[i].err == NULL; k++) {
			if (m == cap)
				r = xrealloc(r, (cap *= 2) * sizeof *r);
			if (make_req(c, jobs[i].req, jv_array_get(
			    jv_copy(parts[i]), (int)k), voice, &r[m],
			    &jobs[i].err) < 0)
				break;
			m++;
		}
		free(voice);
		jv_free(vv);
		jv_free(mv);
		if (jobs[i].err != NULL) {
			for (at = first[i]; at < m; at++)
				http_req_free(&r[at]);
			m = first[i];
		}
	}
	free(url);
	if (m > 0)
		http_run(r, m, &c->http);
	for (i = 0; i < n; i++) {
		if (jobs[i].err == NULL)
			finish(c, &jobs[i], &r[first[i]], parts[i], count[i],
			    &prov[i]);
		if (jobs[i].err == NULL) {
			jobs[i].prov = prov[i];
			prov[i] = jv_null();
		} else
			failed++;
		jv_free(prov[i]);
		jv_free(parts[i]);
	}
	for (k = 0; k < m; k++)
		http_req_free(&r[k]);
	free(parts);
	free(prov);
	free(count);
	free(first);
	free(r);
	return failed;
}
