# pipelines/pipeline.mk - the six steps as make targets, per scene where
# the work is per scene.
#
# Run through the top-level Makefile (make WORKFLOW=id ...), which holds
# the workflow's lock and runs three phases, each a new make that reads the
# lists the one before wrote: "split" (steps 1 to 5 and the per-scene
# request files), "media" (one target per picture and per narration clip,
# then the plan of the video's segments) and "all" (one target per
# segment, then the video joined from them), so make -j works scene by
# scene and a changed scene renders again only the segments it touches.
# Every program writes its output atomically; step.sh guards each paid
# call by content and keeps history.

W     ?= $(error W is not set: run this through the top-level Makefile)
BIN   ?= build/bin
KEEP  ?= 10
STEP  := $(dir $(lastword $(MAKEFILE_LIST)))step.sh
id    := $(notdir $(W))

SHELL := /bin/sh
MAKEFLAGS += --no-builtin-rules --no-builtin-variables
.SUFFIXES:
.DEFAULT_GOAL := all
.PHONY: all split media params FORCE params-changed
FORCE:
params-changed:

# Settings remembered from earlier command lines, then the defaults.
-include $(W)/params.mk
ASPECT ?= 16:9
SIZE  ?= $(if $(filter 9:16,$(ASPECT)),1080x1920,$(if $(filter 1:1,\
	$(ASPECT)),1080x1080,1920x1080))
FPS   ?= 30
SUBTITLES ?= 1
CROSSFADE ?= 0.5
CRF   ?= 23
PRESET ?= veryfast
MUSIC ?=
LOUDNESS ?= -16
# The providers' settings: remembered ones reach the programs too (those
# from the environment or make's command line do anyway). Unset means
# each program's default (lib/core/conf.c), so none is spelled out here: a key
# alone must still select its provider.
include $(dir $(STEP))providers.mk
$(call literal,$(SETTINGS) $(PROVIDER_KEYS) INPUT)
export W KEEP $(foreach v,$(PROVIDER_SETTINGS),$(if $(filter file,$(origin \
	$v)),$v))

S00 := $(W)/00_input.json
# S01 to S06: the states of the steps, from the list of steps.
STEPS := $(strip $(file <$(dir $(STEP))steps))
$(foreach n,1 2 3 4 5 6,$(eval S0$n := $$(W)/$(firstword $(subst :, ,$(word \
	$n,$(STEPS)))).json))
OUT := $(S06) $(W)/video.mp4 $(W)/video.srt $(W)/video.vtt \
	$(W)/storyboard.png

# What each step's output depends on besides its input file: every setting
# that changes the result, and a version to bump when a step's meaning
# changes. Never secrets. The providers' as the programs resolve them
# (providers.mk), asked for when first used.
P01 = analyze-1 $(LLM_ANALYZE)
P02 = research-1 $(SEARCH_PARAMS) $(LLM_RESEARCH)
P03 = story-1 $(LLM_STORY)
P04 = segment-1 $(LLM_SEGMENT)
P05 = design-1 $(LLM_DESIGN)
# The offline illustrator draws the scene's words as a caption only when
# the subtitles are not burned in (a service's request has no caption).
PIMG = image-1 SIZE=$(SIZE) $(IMAGE_PARAMS)$(if $(filter \
	image=offline,$(IMAGE_PARAMS)), SUBTITLES=$(SUBTITLES))
# A character's sheet is square whatever the video's size.
PSHEET = sheet-1 $(IMAGE_PARAMS)
PTTS = tts-2 $(TTS_PARAMS)
PSEG := segments-1 SIZE=$(SIZE) FPS=$(FPS) SUBTITLES=$(SUBTITLES) \
	CROSSFADE=$(CROSSFADE) CRF=$(CRF) PRESET=$(PRESET)
PAUD := audio-1 FPS=$(FPS) CROSSFADE=$(CROSSFADE) MUSIC=$(MUSIC) \
	LOUDNESS=$(LOUDNESS)
P06 := video-5 $(wordlist 2,99,$(PSEG)) MUSIC=$(MUSIC) LOUDNESS=$(LOUDNESS)
SOUND = $(if $(MUSIC),-m $(call q,$(MUSIC))) -L $(call q,$(LOUDNESS))
# The music file is a prerequisite (an edited file mixes again) when make
# can name it: not with a space or one of $ % : # \ * ? [ in it; then only
# a change of its name does.
hash   := \#
bslash := \$(strip)
unsafe := $$ % : $(hash) $(bslash) * ? [
music_dep := $(if $(or $(word 2,$(MUSIC)),$(strip $(foreach c,$(unsafe), \
	$(findstring $c,$(MUSIC))))),,$(MUSIC))
burn := $(if $(filter 0 no off false,$(SUBTITLES)),-S,$(if $(filter \
	readalong,$(SUBTITLES)),-K))
# Without burned subtitles the offline pictures carry the words instead.
caption := $(if $(filter 0 no off false,$(SUBTITLES)),-S)
# The video's settings, the same for the plan of its segments and the join.
VIDEO = $(burn) -r $(call q,$(FPS)) -s $(call q,$(SIZE)) -q $(call \
	q,$(CRF)) -p $(call q,$(PRESET)) -t $(call q,$(CROSSFADE))


# RUNNER=slurm (mv(7), SCALING): each picture, clip and video segment is
# made by a Slurm job step, srun, on whichever node has room (a step of
# the job this runs in, if any; else a job of its own), named
# mv-ID-FILE, with SLURM_ARGS (split into words, never evaluated) before
# the command; the workflows folder must be on storage the nodes share.
# A step that fails fails its target, and the program wrote its file
# atomically on the node, so nothing damaged is left. Only these three
# are run there: the rest is a moment's work beside them.
$(call literal,RUNNER SLURM_ARGS)
RUNNER ?= local
$(if $(filter-out local slurm,$(RUNNER)),$(error RUNNER=$(RUNNER): \
	expected local or slurm))
ON_NODE = $(if $(filter slurm,$(RUNNER)),srun --quiet --ntasks=1 \
	--job-name=mv-$(id)-$(@F) $$SLURM_ARGS )

# A target whose recorded parameters differ from these gets the phony
# prerequisite params-changed (kbuild's if_changed), decided while parsing:
# make -n, make -q and --trace stay truthful and nothing is written early.
neq = $(or $(subst x$1,,x$2),$(subst x$2,,x$1))
rec = $(W)/.mv/rec/$(patsubst $(W)/%,%,$1).params
was = $(if $(wildcard $(call rec,$1)),$(file <$(call rec,$1)),<none>)
stale = $(if $(call neq,$(strip $(call was,$1)),$(strip $2)),params-changed)
inputs = $(filter-out params-changed,$^)

# step PARAMS COMMAND [OUTPUTS]: unless the guard finds the outputs made
# from the same inputs and parameters, keep the old version in history,
# note what they are about to be made from, and run COMMAND; then that
# note becomes their record.
define step
	@echo "mv: $(patsubst $(W)/%,%,$(or $3,$@))" >&2
	@$(STEP) guard '$(subst $(eval) ,:,$(strip $(or $3,$@)))' $(call q,$1) \
	    $(inputs) || { $(STEP) keep $(or $3,$@) && \
	    $(STEP) pending '$(firstword $(or $3,$@))' $(call q,$1) $(inputs) && $2; }
	@$(STEP) record '$(firstword $(or $3,$@))'
endef

# Outputs are complete or absent (renamed into place), so make must never
# delete one, not even after Ctrl+C lands just after the rename.
.PRECIOUS: $(S00) $(S01) $(S02) $(S03) $(S04) $(S05) $(OUT) \
	$(W)/scenes/%.png $(W)/narration/%.wav $(W)/scenes/index \
	$(W)/characters/%.png \
	$(W)/narration/index $(W)/03_story.txt $(W)/02_research_summary.txt \
	$(W)/segments/index $(W)/segments/%.ts $(W)/segments/audio.m4a \
	$(W)/review.html

# The brief is copied in only when its bytes differ.
ifdef INPUT
ifneq ($(shell cmp -s -- $(call q,$(INPUT)) $(call q,$(S00)) && echo same),same)
$(S00): FORCE | $(W)/
	@cp -- $(call q,$(INPUT)) '$@.tmp.$$$$' && mv -f -- '$@.tmp.$$$$' '$@'
endif
endif

ifndef INPUT
$(S00):
	@echo "mv: $(W): no brief yet; run make WORKFLOW=$(id) INPUT=brief.json" >&2
	@exit 1
endif

.SECONDEXPANSION:

$(S01): $(S00) $$(call stale,$$@,$$(P01))
	$(call step,$(P01),$(BIN)/mv-analyze -w $(call q,$(id)) -o '$@' '$<')
	@$(STEP) latest '$@'
$(S02): $(S01) $$(call stale,$$@,$$(P02))
	$(call step,$(P02),$(BIN)/mv-research -o '$@' '$<')
	@$(STEP) latest '$@'
$(S03): $(S02) $$(call stale,$$@,$$(P03))
	$(call step,$(P03),$(BIN)/mv-story -o '$@' '$<')
	@$(STEP) latest '$@'
$(S04): $(S03) $$(call stale,$$@,$$(P04))
	$(call step,$(P04),$(BIN)/mv-segment -o '$@' '$<')
	@$(STEP) latest '$@'
$(S05): $(S04) $$(call stale,$$@,$$(P05))
	$(call step,$(P05),$(BIN)/mv-design -p -o '$@' '$<')
	@$(STEP) latest '$@'

# The per-scene request files: rewritten only when a scene's request
# changes, so make sees exactly which pictures and clips are out of date.
# A picture's take (scenes/NN.take, written by make redo) is in its
# request.
$(W)/scenes/index: $(S05) $(wildcard $(W)/scenes/*.take) \
	$$(call stale,$$@,$$(PIMG))
	@$(STEP) pending '$@' $(call q,$(PIMG)) $(inputs)
	@$(BIN)/mv-design -x $(caption) -s $(call q,$(SIZE)) -d $(call q,$(W)) \
	    $(call q,$(S05))
	@$(STEP) record '$@'
$(W)/narration/index: $(S04) $$(call stale,$$@,$$(PTTS))
	@$(STEP) pending '$@' $(call q,$(PTTS)) $(inputs)
	@$(BIN)/mv-assemble -x -d $(call q,$(W)) $(call q,$(S04))
	@$(STEP) record '$@'

# Side files for people, made from the states.
$(W)/03_story.txt: $(S03)
	@jq -r '.story.title, "", .story.text' '$<' > '$@.tmp.$$$$' && \
	    mv -f -- '$@.tmp.$$$$' '$@'
$(W)/02_research_summary.txt: $(S02)
	@jq -r '.research.summary' '$<' > '$@.tmp.$$$$' && \
	    mv -f -- '$@.tmp.$$$$' '$@'

split: $(S05) $(W)/scenes/index $(W)/narration/index $(W)/03_story.txt \
	$(W)/02_research_summary.txt

# Phase two: the scene lists written by phase one.
SHEETS := $(if $(wildcard $(W)/characters/index),$(file <$(W)/characters/index))
SCENES := $(if $(wildcard $(W)/scenes/index),$(file <$(W)/scenes/index))
CLIPS  := $(if $(wildcard $(W)/narration/index),$(file <$(W)/narration/index))
IMGS   := $(SCENES:%=$(W)/scenes/%.png)
PNGS   := $(SHEETS:%=$(W)/characters/%.png)
WAVS   := $(CLIPS:%=$(W)/narration/%.wav)

# Each character's reference sheet; a scene's picture is made with the
# sheets of its characters where the service takes them (scenes/sheets.mk,
# written by mv-design -x, names them as its prerequisites).
$(W)/characters/%.png: $(W)/characters/%.json $$(call stale,$$@,$$(PSHEET))
	$(call step,$(PSHEET),$(BIN)/mv-design -c $* -d $(call q,$(W)) \
	    $(call q,$(S05)))
-include $(W)/scenes/sheets.mk

$(W)/scenes/%.png: $(W)/scenes/%.json $$(call stale,$$@,$$(PIMG))
	$(call step,$(PIMG),$(ON_NODE)$(BIN)/mv-design -n $* $(caption) -s \
	    $(call q,$(SIZE)) -d $(call q,$(W)) $(call q,$(S05)))
$(W)/narration/%.wav: $(W)/narration/%.json $$(call stale,$$@,$$(PTTS))
	$(call step,$(PTTS),$(ON_NODE)$(BIN)/mv-assemble -n $* -d $(call \
	    q,$(W)) $(call q,$(S04)))

# The plan of the video: one request file per segment, rewritten only when
# what the segment shows changes (its pictures' content, its frames, its
# subtitles, the settings), and the cards.
$(W)/segments/index: $(S05) $(IMGS) $(WAVS) $$(call stale,$$@,$$(PSEG))
	@echo "mv: segments/index" >&2
	@$(STEP) pending '$@' $(call q,$(PSEG)) $(inputs)
	@$(BIN)/mv-assemble -X $(VIDEO) -d $(call q,$(W)) $(call q,$(S05)) && touch '$@'
	@$(STEP) record '$@'

media: $(PNGS) $(IMGS) $(WAVS) $(W)/segments/index

# Phase three: a target per segment, then the join.
SEGS   := $(if $(wildcard $(W)/segments/index),$(file <$(W)/segments/index))
TS     := $(SEGS:%=$(W)/segments/%.ts)

$(W)/segments/%.ts: $(W)/segments/%.json
	@echo "mv: segments/$*.ts" >&2
	@$(ON_NODE)$(BIN)/mv-assemble -g '$*' -d $(call q,$(W))

# The sound of the whole video, mixed and encoded once, beside the
# segments (make -j2 encodes it while they render): it follows the clips
# and the plan's timing, not the pictures.
$(W)/segments/audio.m4a: $(S05) $(WAVS) $(music_dep) $$(call stale,$$@,$$(PAUD))
	@echo "mv: segments/audio.m4a" >&2
	@$(STEP) pending '$@' $(call q,$(PAUD)) $(inputs)
	@$(BIN)/mv-assemble -A $(VIDEO) $(SOUND) -d $(call q,$(W)) $(call q,$(S05))
	@$(STEP) record '$@'

# One run joins the segments and the sound into the five files; the state
# is written last.
$(OUT) &: $(W)/segments/audio.m4a $(S05) $(TS) $(W)/segments/index $(PNGS) \
	$$(call stale,$(S06),$$(P06))
	$(call step,$(P06),$(BIN)/mv-assemble -c $(VIDEO) $(SOUND) \
	    -d $(call q,$(W)) -o $(call q,$(S06)) $(call q,$(S05)),$(OUT))
	@$(STEP) latest $(call q,$(S06))

# The review page (mv-review(1)): made after the video, again when the
# video or a take changes, or the character sheets do (their folder's
# time, and which there are: a sheet removed is noticed too). Nothing in
# it is paid for.
REVIEW := $(W)/review.html
PRICES := $(or $(MV_PRICES),$(dir $(STEP))prices.tsv)
PREV   := review-1 sheets=$(subst $(eval) ,/,$(strip $(notdir $(wildcard \
	$(W)/characters/*.png))))
$(REVIEW): $(OUT) $(wildcard $(W)/scenes/*.take $(W)/narration/*.take \
	$(W)/characters) $$(call stale,$$@,$$(PREV))
	@echo "mv: review.html" >&2
	@$(STEP) pending '$@' $(call q,$(PREV))
	@mkdir -p '$(W)/.mv' && sh $(dir $(STEP))cost.sh $(call q,$(W)) brief \
	    > '$(W)/.cost.txt.tmp.$$$$' && \
	    mv -f '$(W)/.cost.txt.tmp.$$$$' '$(W)/.mv/cost.txt'
	@$(BIN)/mv-review -c '$(W)/.mv/cost.txt' -p $(call q,$(PRICES)) \
	    -d $(call q,$(W)) -o '$@' $(call q,$(S06))
	@$(STEP) record '$@'

all: $(OUT) $(REVIEW)

# The settings each kind of target is made with now (for "make why").
params:
	@printf '%s\t%s\n' $(foreach p,01 02 03 04 05 06,$p $(call \
	    q,$(P$p))) scenes $(call q,$(PIMG)) characters $(call \
	    q,$(PSHEET)) narration $(call q,$(PTTS)) \
	    segments $(call q,$(PSEG)) audio $(call q,$(PAUD)) \
	    review $(call q,$(PREV))

$(W)/:
	@mkdir -p '$@'
