/*
 * speech.h - narration clips from a speech service over HTTP (espeak-ng
 * is media.h's):
 *
 *   openai      POST base/audio/speech {model, input, voice, speed,
 *               response_format: "wav", and for gpt-4o-* models
 *               instructions}; "Authorization: Bearer" key
 *   elevenlabs  POST base/v1/text-to-speech/VOICE/with-timestamps
 *               ?output_format=pcm_24000 {text, model_id, voice_settings:
 *               {speed} when not 1, language_code for Turbo and Flash
 *               v2.5 when the language is not English}; "xi-api-key" key;
 *               the reply {audio_base64, alignment: {characters,
 *               character_start_times_seconds, ..._end_...}}: the raw PCM
 *               is wrapped as a WAV, and the alignment's characters cut
 *               at white space give each word's times, written beside the
 *               clip as PATH.words.json ({"words": [{word, start, end}]},
 *               words.h), before it
 *
 * A text longer than one request takes (openai 4096 characters;
 * elevenlabs 5000, for its timed reply in JSON to stay within
 * json_parse's limits, or less by model_id) goes in parts cut after a
 * sentence, else a comma, else between words, each under the limit, and
 * the parts' WAVs are joined (media_wav_join) into one clip, each part's
 * words after the parts before it.
 *
 * Every clip is checked before it is kept, its format decided by what
 * was asked and by its bytes (media_sniff), never by its Content-Type:
 * a sane RIFF/WAVE header with at least one sample (media_wav_check);
 * other audio (MP3, Ogg, FLAC, MP4) is turned into a WAV by ffmpeg, run
 * without a shell; bytes with no magic are raw PCM only where PCM was
 * asked for (elevenlabs). Anything else fails as "openai: the narration
 * is not audio (text/html, 1234 bytes)".
 */
#ifndef MV_SPEECH_H
#define MV_SPEECH_H

#include <stddef.h>
#include <jv.h>

#include "core/conf.h"

/*
 * The request for one clip with the provider c (borrowed), from req,
 * media_narration_request's (consumed), which is kept as it is for
 * espeak and flite (but for MV_TTS_VOICE, and MV_TTS_SPEED times its wpm,
 * when set; for flite, a brief's English voice that is not flite's, such
 * as espeak-ng's "en-us", becomes FLITE_NARRATOR_VOICE, and a voice of
 * another language, such as "fr", keeps its voice and becomes provider
 * "espeak": flite speaks English only). For a service: scene, text,
 * provider, model (speech_model's for the request's language), the
 * public base URL, voice, speed, format (and instructions for gpt-4o-*
 * models, and the language when req has one), and never the key.
 */
jv speech_request(jv req, const struct conf *c);

/* The ElevenLabs model for a language its asked model does not speak:
 * the operation's documented default. */
#define SPEECH_ELEVEN_MULTILINGUAL "eleven_multilingual_v2"

/*
 * The model that speaks lang (a BCP 47 tag, NULL or "" for English) with
 * the provider c: c->model, but for an ElevenLabs model that speaks
 * English only (eleven_monolingual_v1, eleven_flash_v2, eleven_turbo_v2,
 * eleven_english_v2) or eleven_multilingual_v1 without lang (it has en,
 * fr, de, hi, it, pl, pt, es), SPEECH_ELEVEN_MULTILINGUAL.
 */
const char *speech_model(const struct conf *c, const char *lang);

/*
 * When speech_model changes the model for lang, the message saying so
 * ("elevenlabs: eleven_monolingual_v1 does not speak French: the
 * narration uses eleven_multilingual_v2"), malloc'd; else NULL.
 */
char *speech_model_note(const struct conf *c, const char *lang);

/*
 * Whether flite speaks for voice, a brief's preferences.voice: NULL, "",
 * one of flite's own, or one of espeak-ng's English voices ("en",
 * "en-us", "en-gb-x-rp", "en+f3").
 */
int speech_flite_speaks(const char *voice);

/* One clip to make. */
struct speech_job {
	jv req;			/* in: speech_request's; borrowed */
	const char *path;	/* in: the WAV to write */
	const char *sidecar;	/* in: its provenance file, or NULL */
	jv prov;		/* out: provenance, owned (null until made) */
	char *err;		/* out: why it failed (malloc'd), or NULL */
};

/*
 * Makes the clips of jobs with the service c, up to c->http.concurrency
 * at once. Each is checked and written atomically to job->path, after
 * its provenance to job->sidecar when set; job->prov then holds
 * {provider, model, text, voice, speed, seed (null), base_url, request
 * (calls_hash of job->req), seconds, usage: {characters (sent, in all
 * parts), seconds}, and parts (their number) when there were more than
 * one}. A failure of one part ("openai: part 2 of 3: ...") fails the
 * clip. A
 * job that fails has job->err set and its old clip untouched. Returns
 * how many failed.
 */
size_t speech_run(const struct conf *c, struct speech_job *jobs, size_t n);

/* Frees job->prov and job->err (not req). */
void speech_job_release(struct speech_job *job);

#endif
