#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic.h"
#include "calls.h"
#include "child.h"
#include "http.h"
#include "media.h"
#include "speech.h"
#include "state.h"
#include "util.h"

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

jv
speech_request(jv req, const struct conf *c)
{
	char *url;
	jv out;

	if (strcmp(c->provider, "espeak") == 0) {
		/* MV_TTS_VOICE and MV_TTS_SPEED, when set, over the brief's. */
		if (c->voice != NULL)
			req = jv_object_set(req, jv_string("voice"),
			    jv_string(c->voice));
		if (c->speed != 1)
			req = jv_object_set(req, jv_string("wpm"), jv_number(
			    fmin(450, fmax(80, round(jnum(jv_object_get(
			    jv_copy(req), jv_string("wpm")), 150) *
			    c->speed)))));
		return req;
	}
	if (strcmp(c->provider, "none") == 0)
		return req;
	url = conf_public_url(c->base_url);
	out = JV_OBJECT(jv_string("scene"), jv_object_get(jv_copy(req),
	    jv_string("scene")),
	    jv_string("text"), jv_object_get(jv_copy(req),
	    jv_string("text")),
	    jv_string("provider"), jv_string(c->provider),
	    jv_string("model"), c->model ? jv_string(c->model) : jv_null(),
	    jv_string("base_url"), url ? jv_string(url) : jv_null(),
	    jv_string("voice"), c->voice ? jv_string(c->voice) : jv_null(),
	    jv_string("speed"), jv_number(c->speed),
	    jv_string("format"), jv_string(is_openai(c) ? "wav" :
	    "pcm_24000"));
	if (instructed(c))
		out = jv_object_set(out, jv_string("instructions"),
		    jv_string(INSTRUCTIONS));
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

static int
needs_key(const struct conf *c)
{
	static const char *const hosts[] = { "https://api.openai.com",
		"https://api.elevenlabs.io", NULL };
	int i;

	if (c->api_key != NULL || c->base_url == NULL)
		return 0;
	for (i = 0; hosts[i]; i++)
		if (strncmp(c->base_url, hosts[i], strlen(hosts[i])) == 0)
			return 1;
	return 0;
}

static int
make_req(const struct conf *c, jv req, struct http_req *r, char **err)
{
	jv text = jv_object_get(jv_copy(req), jv_string("text"));
	jv b;
	char *v, *voice;

	if (jv_get_kind(text) != JV_KIND_STRING ||
	    jv_string_length_bytes(jv_copy(text)) == 0) {
		*err = xasprintf("%s: the narration request has no text",
		    c->provider);
		jv_free(text);
		return -1;
	}
	if (needs_key(c)) {
		*err = xasprintf("%s: no API key: set MV_TTS_API_KEY or %s",
		    c->provider, is_openai(c) ? "OPENAI_API_KEY" :
		    "ELEVENLABS_API_KEY");
		jv_free(text);
		return -1;
	}
	memset(r, 0, sizeof *r);
	r->method = "POST";
	if (is_openai(c)) {
		r->url = http_url(c->base_url, "audio/speech");
		b = JV_OBJECT(jv_string("model"), jv_string(c->model),
		    jv_string("input"), text,
		    jv_string("voice"), jv_string(c->voice),
		    jv_string("speed"), jv_number(c->speed),
		    jv_string("response_format"), jv_string("wav"));
		if (instructed(c))
			b = jv_object_set(b, jv_string("instructions"),
			    jv_string(INSTRUCTIONS));
	} else {
		voice = http_escape(c->voice);
		v = xasprintf("v1/text-to-speech/%s?output_format=pcm_24000",
		    voice);
		r->url = http_url(c->base_url, v);
		free(v);
		free(voice);
		b = JV_OBJECT(jv_string("text"), text,
		    jv_string("model_id"), jv_string(c->model));
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
	if (c->api_key != NULL) {
		if (is_openai(c)) {
			v = xasprintf("Bearer %s", c->api_key);
			http_header(r, "Authorization", v);
		} else {
			v = xstrdup(c->api_key);
			http_header(r, "xi-api-key", v);
		}
		explicit_bzero(v, strlen(v));
		free(v);
	}
	http_header(r, "Accept", is_openai(c) ? "audio/wav" : "audio/pcm");
	return 0;
}

/* The container of audio bytes other than WAV, as a file extension. */
static const char *
audio_ext(const unsigned char *p, size_t n)
{
	if (n >= 3 && memcmp(p, "ID3", 3) == 0)
		return ".mp3";
	if (n >= 2 && p[0] == 0xff && (p[1] & 0xe0) == 0xe0)
		return (p[1] & 0x06) == 0 ? ".aac" : ".mp3";
	if (n >= 4 && memcmp(p, "OggS", 4) == 0)
		return ".ogg";
	if (n >= 4 && memcmp(p, "fLaC", 4) == 0)
		return ".flac";
	if (n >= 8 && memcmp(p + 4, "ftyp", 4) == 0)
		return ".m4a";
	return NULL;
}

/* Text where the sound should be: a page, JSON or a message. */
static int
is_text(const unsigned char *p, size_t n, const char *ctype)
{
	char *d;
	int text;

	if (ctype != NULL && (strncmp(ctype, "text/", 5) == 0 ||
	    strstr(ctype, "json") != NULL || strstr(ctype, "xml") != NULL))
		return 1;
	d = media_describe(p, n, NULL);
	text = strncmp(d, "unknown", 7) != 0;
	free(d);
	return text;
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

/* Turns audio (ext) into the WAV path with ffmpeg, then checks it. */
static int
convert(const char *path, const unsigned char *p, size_t n, const char *ext,
    const char *sidecar, jv *prov, double *secs, char **why)
{
	static const char *const args[] = { "-vn", "-ac", "1", "-c:a",
		"pcm_s16le", "-f", "wav", NULL };
	struct atomic_file wav;

	if (media_transcode(path, p, n, ext, args, ".wav", &wav, why) < 0)
		return -1;
	if (media_wav_seconds(wav.tmp, secs, why) < 0) {
		atomic_rollback(&wav);
		return -1;
	}
	set_seconds(prov, *secs);
	if (sidecar != NULL && media_sidecar(sidecar, jv_copy(*prov),
	    why) < 0) {
		atomic_rollback(&wav);
		return -1;
	}
	return atomic_commit(&wav, why);
}

/* Checks the clip in the reply r and puts it (and its sidecar) in place. */
static int
keep(const struct conf *c, struct speech_job *job, struct http_req *r,
    jv *prov, char **err)
{
	unsigned char *p = (unsigned char *)r->resp, *wav = NULL;
	size_t n = r->resp_len, len;
	const char *ext;
	char *why = NULL;
	double secs = -1;
	int rc = -1;

	if (n == 0 || p == NULL) {
		*err = xasprintf("%s: the narration is empty", c->provider);
		return -1;
	}
	if (!is_openai(c) && !is_text(p, n, r->content_type) &&
	    (r->content_type == NULL || strstr(r->content_type, "pcm") ||
	    strstr(r->content_type, "octet-stream"))) {
		/* ElevenLabs' pcm_24000: raw samples. */
		if (n < 2) {
			*err = xasprintf("%s: the narration is empty",
			    c->provider);
			return -1;
		}
		wav = media_wav_wrap(p, n, 24000, &len);
		secs = (double)((len - 44) / 2) / 24000;
	} else if (n >= 12 && memcmp(p, "RIFF", 4) == 0 &&
	    memcmp(p + 8, "WAVE", 4) == 0) {
		if ((secs = media_wav_check(p, n, &why)) < 0) {
			*err = xasprintf("%s: the narration is not usable "
			    "audio (WAV: %s)", c->provider, why);
			free(why);
			return -1;
		}
		wav = xmalloc(n);
		memcpy(wav, p, n);
		len = n;
	} else if ((ext = audio_ext(p, n)) != NULL &&
	    !is_text(p, n, r->content_type)) {
		if (convert(job->path, p, n, ext, job->sidecar, prov, &secs,
		    &why) < 0) {
			*err = xasprintf("%s: the narration (%s) does not "
			    "decode: %s", c->provider, ext + 1, why);
			free(why);
			return -1;
		}
		return 0;
	} else {
		why = media_describe(p, n, r->content_type);
		*err = xasprintf("%s: the narration is not audio (%s)",
		    c->provider, why);
		free(why);
		return -1;
	}
	set_seconds(prov, secs);
	if ((job->sidecar == NULL || media_sidecar(job->sidecar,
	    jv_copy(*prov), err) == 0) &&
	    atomic_write(job->path, wav, len, err) == 0)
		rc = 0;
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

size_t
speech_run(const struct conf *c, struct speech_job *jobs, size_t n)
{
	struct http_req *r = xmalloc((n ? n : 1) * sizeof *r);
	size_t *idx = xmalloc((n ? n : 1) * sizeof *idx);
	jv *prov = xmalloc((n ? n : 1) * sizeof *prov);
	size_t i, k, m = 0, failed = 0;
	char *url = conf_public_url(c->base_url);

	for (i = 0; i < n; i++) {
		jv text = jv_object_get(jv_copy(jobs[i].req),
		    jv_string("text"));
		char hash[17];

		jobs[i].err = NULL;
		jobs[i].prov = jv_null();
		calls_hash(jobs[i].req, hash);
		prov[i] = JV_OBJECT(jv_string("provider"),
		    jv_string(c->provider),
		    jv_string("model"), c->model ? jv_string(c->model) :
		    jv_null(),
		    jv_string("text"), jv_copy(text),
		    jv_string("voice"), c->voice ? jv_string(c->voice) :
		    jv_null(),
		    jv_string("speed"), jv_number(c->speed),
		    jv_string("seed"), jv_null(),
		    jv_string("base_url"), url ? jv_string(url) : jv_null(),
		    jv_string("request"), jv_string(hash));
		jv_free(text);
		if (make_req(c, jobs[i].req, &r[m], &jobs[i].err) == 0)
			idx[m++] = i;
	}
	free(url);
	if (m > 0)
		http_run(r, m, &c->http);
	for (k = 0; k < m; k++) {
		i = idx[k];
		if (r[k].err != NULL)
			jobs[i].err = xasprintf("%s: %s", c->provider,
			    r[k].err);
		else {
			jv text = jv_object_get(jv_copy(jobs[i].req),
			    jv_string("text"));

			/* Usage is known before the clip is kept: the
			 * sidecar records it. */
			prov[i] = jv_object_set(prov[i], jv_string("usage"),
			    JV_OBJECT(jv_string("characters"), jv_number(
			    (double)characters(jstr(text)))));
			jv_free(text);
			(void)keep(c, &jobs[i], &r[k], &prov[i],
			    &jobs[i].err);
		}
		http_req_free(&r[k]);
	}
	for (i = 0; i < n; i++) {
		if (jobs[i].err == NULL) {
			jobs[i].prov = prov[i];
			prov[i] = jv_null();
		} else
			failed++;
		jv_free(prov[i]);
	}
	free(prov);
	free(idx);
	free(r);
	return failed;
}
