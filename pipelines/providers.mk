# pipelines/providers.mk - the names of the AI providers' settings, read by
# the top-level Makefile (to remember them per workflow) and pipeline.mk
# (to pass them down and to re-run a step when its own settings change).
# See mv(7) and the ENVIRONMENT section of each program's page.

LLM_STEPS := ANALYZE RESEARCH STORY SEGMENT DESIGN
LLM_NAMES := BASE_URL MODEL TEMPERATURE MAX_TOKENS

# Remembered when given on make's command line (never a key).
PROVIDER_SETTINGS := MV_LLM $(LLM_NAMES:%=MV_LLM_%) \
	$(foreach s,$(LLM_STEPS),MV_$s_LLM $(LLM_NAMES:%=MV_$s_%)) \
	LLM_BASE_URL SCRIPT_SEGMENTER_MODEL CHARACTER_DESIGNER_MODEL \
	MV_SEARCH MV_SEARCH_BASE_URL MV_SEARCH_MAX_RESULTS \
	MV_IMAGE MV_IMAGE_BASE_URL MV_IMAGE_MODEL MV_IMAGE_SIZE \
	MV_IMAGE_QUALITY MV_IMAGE_STYLE MV_IMAGE_STEPS MV_IMAGE_CFG \
	MV_IMAGE_SAMPLER MV_IMAGE_SHEETS \
	MV_TTS MV_TTS_BASE_URL MV_TTS_MODEL MV_TTS_VOICE MV_TTS_SPEED \
	MV_CONCURRENCY MV_TIMEOUT MV_CONNECT_TIMEOUT MV_IDLE_TIMEOUT MV_RETRIES \
	MV_SAFETY MV_SAFETY_WORDS

# Secrets: from the environment only, never written anywhere.
# Every variable lib/core/conf.c reads a key from (make refuses them on its
# command line).
PROVIDER_KEYS := MV_LLM_API_KEY $(LLM_STEPS:%=MV_%_API_KEY) LLM_API_KEY \
	OPENAI_API_KEY OPENROUTER_API_KEY TAVILY_API_KEY MV_IMAGE_API_KEY \
	MV_TTS_API_KEY ELEVENLABS_API_KEY XI_API_KEY

# llm STEP: what a text step's result depends on among the settings: the
# provider it resolves to (a key or a base URL alone selects openai, as
# in lib/core/conf.c; whether a key is set counts, never its value), the model
# and the sampling settings. Not the base URL (it may hold a password).
llm_key = $(strip $(MV_$1_API_KEY)$(MV_LLM_API_KEY)$(LLM_API_KEY)$(OPENAI_API_KEY))
llm_url = $(strip $(MV_$1_BASE_URL)$(MV_LLM_BASE_URL)$(LLM_BASE_URL))
llm_which = $(or $(MV_$1_LLM),$(MV_LLM),$(if $(call llm_key,$1)$(call \
	llm_url,$1),openai,offline))
llm_old = $(if $(filter SEGMENT,$1),$(SCRIPT_SEGMENTER_MODEL),$(if \
	$(filter DESIGN,$1),$(CHARACTER_DESIGNER_MODEL)))
llm_model = $(or $(MV_$1_MODEL),$(MV_LLM_MODEL),$(call llm_old,$1),default)
llm_temp = $(or $(MV_$1_TEMPERATURE),$(MV_LLM_TEMPERATURE),default)
llm_max = $(or $(MV_$1_MAX_TOKENS),$(MV_LLM_MAX_TOKENS),default)
llm = llm=$(call llm_which,$1)$(if $(filter-out offline,$(call \
	llm_which,$1)), model=$(call llm_model,$1) temperature=$(call \
	llm_temp,$1) max_tokens=$(call llm_max,$1))

# public URL: a base URL as it may be recorded; one with a user:password
# part (an "@") is recorded as "private" (so a change of it alone goes
# unseen: use from=STEP).
public = $(if $(findstring @,$1),private,$1)

# What the request files of pictures and clips hold besides each scene's
# own words: when one of these changes, the requests are written again and
# make re-makes exactly the pictures or clips whose request changed.
image_params = image=$(or $(MV_IMAGE),offline) $(foreach v,BASE_URL MODEL \
	SIZE QUALITY STYLE STEPS CFG SAMPLER SHEETS,$(if $(MV_IMAGE_$v),$v=$(call \
	public,$(MV_IMAGE_$v))))
tts_params = tts=$(or $(MV_TTS),espeak) $(foreach v,BASE_URL MODEL VOICE \
	SPEED,$(if $(MV_TTS_$v),$v=$(call public,$(MV_TTS_$v))))

# Every setting a user may give make (on the command line, in the
# environment, remembered in params.mk).
SETTINGS := ASPECT SIZE FPS KEEP SUBTITLES CROSSFADE CRF PRESET MUSIC \
	LOUDNESS $(PROVIDER_SETTINGS)

# Values from users are text as typed. literal NAMES makes each of NAMES
# that came from the command line or the environment its text as typed
# (make would otherwise expand a "$(...)" in it, running a $(shell) even),
# still exported to the programs as it was;
# q VALUE quotes a value for the shell: in single quotes, each single
# quote in it written '\''. No recipe puts a user's value in a command
# any other way.
literal = $(foreach v,$1,$(if $(filter command line environment,$(origin \
	$v)),$(eval override $v := $$(value $v))$(eval export $v)))
q = '$(subst ','\'',$1)'

# The budget (lib/core/ledger.h): remembered like a provider's setting, and
# passed to the programs, which reserve each paid call's price under it.
PROVIDER_SETTINGS += BUDGET
SETTINGS += BUDGET
