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

# What each step's result depends on among the providers' settings, as the
# programs resolve them (lib/core/conf.c; mv-analyze -P prints them, see
# mv-analyze(1)): LLM_ANALYZE ... LLM_DESIGN, SEARCH_PARAMS, IMAGE_PARAMS,
# TTS_PARAMS, and EST_TEXT, EST_IMAGE and EST_TTS for make estimate. Read
# once, by the first use of one of them (a finished workflow's make -q
# asks once), from the settings the steps will see: each one make holds
# (remembered in params.mk, given on the command line or in the
# environment) is passed to it as make holds it, the keys come from the
# environment (whether one is set counts, never its value). Not the base
# URL with a password: a value with an "@" is "private" (so a change of it
# alone goes unseen: use from=STEP). Its lines are "NAME := value#", the
# values escaped ($$, $(mv_hash), $(mv_nl), $(mv_bs)): make's $(shell)
# turns newlines into spaces, and the "#"s back into lines here.
RESOLVED := LLM_ANALYZE LLM_RESEARCH LLM_STORY LLM_SEGMENT LLM_DESIGN \
	SEARCH_PARAMS IMAGE_PARAMS TTS_PARAMS EST_TEXT EST_IMAGE EST_TTS
mv_hash := \#
mv_bs := \$(strip)
define mv_nl


endef
$(foreach v,$(RESOLVED),$(eval $v = $$(resolve)$$($v)))
# ($(shell) has make's own environment: those of params.mk and of the
# command line are passed; a newline in one would not survive that.)
resolve_cmd = $(foreach v,$(PROVIDER_SETTINGS),$(if $(or $(filter \
	file,$(origin $v)),$(filter $v,$(mv_cli))),$(if $(findstring \
	$(mv_nl),$($v)),$(error $v: a newline in a setting))$v=$(call \
	q,$($v)))) $(call q,$(BIN))/mv-analyze -P
resolve = $(eval resolve :=)$(call resolve_read,$(shell \
	$(resolve_cmd)),$(.SHELLSTATUS))
resolve_read = $(if $(filter 0,$2),$(eval $(subst $(mv_hash),$(mv_nl),$1)),$(error \
	mv: $(BIN)/mv-analyze -P failed: build the programs (make)))

# Every setting a user may give make (on the command line, in the
# environment, remembered in params.mk).
SETTINGS := ASPECT SIZE FPS KEEP SUBTITLES CROSSFADE CRF PRESET MUSIC \
	LOUDNESS $(PROVIDER_SETTINGS)

# Values from users are text as typed. literal NAMES makes each of NAMES
# that came from the command line or the environment its text as typed
# (make would otherwise expand a "$(...)" in it, running a $(shell) even),
# still exported to the programs as it was (mv_cli lists those of the
# command line);
# q VALUE quotes a value for the shell: in single quotes, each single
# quote in it written '\''. No recipe puts a user's value in a command
# any other way.
literal = $(foreach v,$1,$(if $(filter command line,$(origin $v)),$(eval \
	mv_cli += $v))$(if $(filter command line environment,$(origin \
	$v)),$(eval override $v := $$(value $v))$(eval export $v)))
q = '$(subst ','\'',$1)'

# The budget (lib/core/ledger.h): remembered like a provider's setting, and
# passed to the programs, which reserve each paid call's price under it.
PROVIDER_SETTINGS += BUDGET
SETTINGS += BUDGET
