# pipelines/batch.mk - the workflows of a batch as targets of one make.
#
# Run by pipelines/batch.sh (make batch BRIEFS=...), with B set to the
# batch's folder, whose "plan" lists one brief a line. Target jobK runs
# the workflow of the K-th brief through the top-level Makefile; the "+"
# hands it make's jobserver, so that -j counts every workflow and every
# scene of them together. A job records how its workflow ended and always
# succeeds: a failed workflow stops none of the others (make -k's
# meaning, without -k).

B     ?= $(error B is not set: run this through make batch BRIEFS=...)
SHELL := /bin/sh
MAKEFLAGS += --no-builtin-rules --no-builtin-variables
.SUFFIXES:
q      = '$(subst ','\'',$1)'
N     := $(strip $(shell wc -l < $(call q,$(B)/plan)))
JOBS  := $(if $(filter-out 0,$(N)),$(addprefix job,$(shell seq $(N))))

.DEFAULT_GOAL := all
.PHONY: all $(JOBS)
all: $(JOBS)
$(JOBS):
	+@sh pipelines/batch.sh one $(call q,$(B)) $(N) $(@:job%=%)
