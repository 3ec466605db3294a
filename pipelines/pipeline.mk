# pipelines/pipeline.mk - the six steps as a chain of numbered targets.
#
# Run through the top-level Makefile: make WORKFLOW=id [INPUT=brief.json].
# Every numbered file is a target made by one program from the one before
# it, so make's own dependency check is the resume: a rerun makes only what
# is missing or older than its input, and deleting a numbered file makes
# that step and the ones after it run again. The programs write every file
# atomically (temp file, then rename), so an interrupted step leaves the
# old file or none, never half of one.

W     ?= $(error W is not set: run this through the top-level Makefile)
BIN   ?= build/bin
SIZE  ?= 1920x1080
FPS   ?= 30
id    := $(notdir $(W))

SHELL := /bin/sh
.SUFFIXES:
.DEFAULT_GOAL := all
.PHONY: all FORCE
FORCE:

# The programs never leave half a file, so make must never delete one
# either (it would, on Ctrl+C, even after the rename).
STATES := $(addprefix $(W)/,00_input.json 01_validated_context.json \
	02_research_results.json 03_story.json 04_script_segments.json \
	05_character_descriptions.json 06_final_output.json)
.PRECIOUS: $(STATES) $(W)/03_story.txt $(W)/02_research_summary.txt

all: $(W)/06_final_output.json $(W)/03_story.txt \
	$(W)/02_research_summary.txt

# The brief is copied in only when its bytes differ, so running again with
# the same INPUT changes nothing.
ifdef INPUT
ifneq ($(shell cmp -s -- '$(INPUT)' '$(W)/00_input.json' && echo same),same)
$(W)/00_input.json: FORCE | $(W)/
	cp -- '$(INPUT)' '$@.tmp' && mv -f -- '$@.tmp' '$@'
endif
endif

$(W)/01_validated_context.json: $(W)/00_input.json
	$(BIN)/mv-analyze -w '$(id)' -o '$@' '$<'
$(W)/02_research_results.json: $(W)/01_validated_context.json
	$(BIN)/mv-research -o '$@' '$<'
$(W)/03_story.json: $(W)/02_research_results.json
	$(BIN)/mv-story -o '$@' '$<'
$(W)/04_script_segments.json: $(W)/03_story.json
	$(BIN)/mv-segment -o '$@' '$<'
$(W)/05_character_descriptions.json: $(W)/04_script_segments.json
	$(BIN)/mv-design -s '$(SIZE)' -o '$@' '$<'
$(W)/06_final_output.json: $(W)/05_character_descriptions.json
	$(BIN)/mv-assemble -r '$(FPS)' -o '$@' '$<'

# Side files for people, made from the states.
$(W)/03_story.txt: $(W)/03_story.json
	jq -r '.story.title, "", .story.text' '$<' > '$@.tmp' && \
	    mv -f -- '$@.tmp' '$@'
$(W)/02_research_summary.txt: $(W)/02_research_results.json
	jq -r '.research.summary' '$<' > '$@.tmp' && mv -f -- '$@.tmp' '$@'

$(W)/:
	mkdir -p '$@'
