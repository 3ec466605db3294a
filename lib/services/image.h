/*
 * image.h - scene pictures from an image service over HTTP (the offline
 * illustrator is design.h's):
 *
 *   openai      POST base/images/generations {model, prompt, n: 1, size,
 *               quality, style (dall-e-3 only), response_format "url"
 *               (dall-e-* only)}; the reply's data[0].b64_json, or
 *               data[0].url downloaded without the key
 *   a1111       Automatic1111 / Forge: POST base/sdapi/v1/txt2img
 *               {prompt, negative_prompt, steps, cfg_scale, sampler_name,
 *               seed, width, height}; images[0], base64
 *   openrouter  POST base/chat/completions {model, messages, modalities:
 *               ["image", "text"] (["image"] for a model that makes only
 *               pictures: Flux and the like; a 400/404 refusing the
 *               modalities is made again once with the other choice),
 *               image_config: {aspect_ratio}}; the data: URL in
 *               choices[0].message.images[0].image_url.url
 *
 * The key goes in "Authorization: Bearer" (openai, openrouter); a1111 gets
 * none (a user:password@ in its base URL is sent as basic auth by libcurl).
 * Every picture is checked before it is kept: not empty, a PNG, JPEG,
 * WebP or GIF by its first bytes (media_sniff; never by Content-Type),
 * and decoded (a PNG by cairo; the others are turned into PNG by ffmpeg,
 * run without a shell). A page of HTML where a picture should be fails
 * as "openai: the picture is not an image (text/html, 1234 bytes)". An
 * error in the service's own shape is reported in its words: A1111's
 * FastAPI {error, detail} as "a1111: 400: Sampler not found", an
 * OpenRouter 200 with {error: {message, code}} as "openrouter: 502:
 * Provider returned error".
 *
 * Reference sheets (sheet.h): a request with "references" [{name, image}]
 * (the sheets of the scene's characters, relative to the job's dir) is
 * made with them where the service takes pictures in:
 *
 *   openai gpt-image-*  POST base/images/edits, multipart/form-data:
 *               model, prompt, n, size, quality, input_fidelity "high"
 *               (not for gpt-image-1-mini) and the sheets as image[]
 *               (up to 16); the prompt begins by saying which picture
 *               shows whom. Method "reference".
 *   openrouter  the sheets as image_url parts (data: URLs) after the
 *               prompt's text part in the user message. "reference".
 *   a1111       asks GET base/controlnet/model_list once a run; with an
 *               IP-Adapter model there (sd-webui-controlnet), one
 *               ControlNet unit a sheet (at most 3) in
 *               alwayson_scripts.controlnet.args, module
 *               "ip-adapter-auto": "ip-adapter"; without, the fixed seed
 *               of the scene's first character and the text: "seed".
 *   dall-e-2/3  take no references: the text alone, "text".
 *
 * a1111's settings (read here, not in conf.h): MV_IMAGE_STEPS (1-150,
 * default 25), MV_IMAGE_CFG (1-30, default 7), MV_IMAGE_SAMPLER (default
 * "Euler a"). Its seed is fixed per character: a hash of the name of the
 * first character in the scene (of the prompt when there is none), so a
 * character keeps its look from scene to scene.
 */
#ifndef MV_IMAGE_H
#define MV_IMAGE_H

#include <stddef.h>
#include <jv.h>

#include "core/conf.h"

/*
 * The request for one picture with the provider c (borrowed), from req,
 * design_request's (consumed), which is kept as it is for "offline". For
 * a service it holds everything that decides the picture and nothing
 * else: scene, width and height (of -s), prompt, provider, model, the
 * public base URL, size, quality, style and seed, and for a1111
 * negative_prompt, steps, cfg_scale and sampler; never the key. The same
 * inputs give the same request. For openai, a prompt longer than the
 * model takes (dall-e-2 1000 characters, dall-e-3 4000, gpt-image-*
 * 32000) is shortened: the style sentences, then "Setting:" (the
 * background), then the scene from its end, at word boundaries; the
 * strings of req's "looks" (the scene's characters' looks, not kept in
 * the request) never. Then "shortened" holds [{part, from, to}] in
 * characters. Returns an invalid with a message naming the variable for
 * a bad MV_IMAGE_SIZE, MV_IMAGE_STEPS or MV_IMAGE_CFG, and one naming
 * the scene when the looks alone are longer than the model takes.
 */
jv image_request(jv req, const struct conf *c);

/* Whether c's model may take the sheets (not offline, not dall-e). */
int image_takes_references(const struct conf *c);

/* One picture to make. */
struct image_job {
	jv req;			/* in: image_request's; borrowed */
	const char *path;	/* in: the PNG to write ("w/scenes/03.png") */
	const char *sidecar;	/* in: its provenance file, or NULL */
	const char *dir;	/* in: where req's references are, or NULL */
	jv prov;		/* out: provenance, owned (null until made) */
	char *err;		/* out: why it failed (malloc'd), or NULL */
};

/*
 * Makes the pictures of jobs with the service c, up to
 * c->http.concurrency at once (URL downloads are a second round), each
 * retried as http.h says. Each picture that arrives is checked and
 * written atomically to job->path, after its provenance to job->sidecar
 * when that is set; job->prov then holds {provider, model, prompt,
 * revised_prompt (when the service gave one), seed, size (the kept
 * picture's "WxH"), base_url, request (calls_hash of job->req), usage:
 * {images: 1}, and tokens (the service's own usage numbers) when given;
 * for a1111 also checkpoint and checkpoint_hash (what its info says it
 * used: sd_model_name, sd_model_hash), and when that is not the model
 * asked for, model (the one used) and model_asked; shortened, when the
 * prompt was; references, the names of the characters whose sheets went
 * in, and reference_method, how: reference, ip-adapter, seed or text,
 * when the request had references; warnings, a list of what the tool
 * should say}. A job that
 * fails has
 * job->err set ("openai: 401: Incorrect API key provided") and its old
 * picture untouched. Returns how many failed.
 */
size_t image_run(const struct conf *c, struct image_job *jobs, size_t n);

/*
 * Checks the picture in the file src (not empty, a PNG, JPEG, WebP or
 * GIF by its bytes, within the pixel limits, decoding) and writes it as
 * a PNG to path atomically. who begins the message of a failure
 * ("reference_image: 'fox.jpg': the picture does not decode: ...").
 */
int image_keep_file(const char *src, const char *path, const char *who,
    char **err);

/* Frees job->prov and job->err (not req). */
void image_job_release(struct image_job *job);

#endif
