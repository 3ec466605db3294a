# mv - story briefs into narrated, illustrated videos.
#
#   make                         build the programs into $(BUILD)/bin
#   make WORKFLOW=id INPUT=f     run (or resume) a workflow in $(WORKFLOWS)/id
#   make demo                    install what is missing, build, render a demo
#   make check                   every test, then again under ASan+UBSan
#   make install                 programs and man pages under $(DESTDIR)$(PREFIX)

VERSION  := $(strip $(file <VERSION))
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
BUILD    ?= build
WORKFLOWS ?= workflows
BIN      ?= $(CURDIR)/$(BUILD)/bin
DEMO     ?= examples/honest-fox.json

CFLAGS   ?= -O2 -g
WARN     := -std=c11 -Wall -Wextra -Wpedantic $(if $(WERROR),-Werror)
comma    := ,
SAN      := $(if $(SANITIZE),-fsanitize=address$(comma)undefined \
	    -fno-sanitize-recover=all -fno-omit-frame-pointer) \
	    $(if $(FUZZ),-fsanitize=fuzzer-no-link)
override CFLAGS   := $(WARN) $(SAN) $(CFLAGS)
override CPPFLAGS := -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-DMV_VERSION='"$(VERSION)"' -Ilib $(CPPFLAGS)
override LDFLAGS  := $(SAN) -Wl,--as-needed $(LDFLAGS)
# Asked of pkg-config only when something is compiled (and then once), so
# that running a workflow does not pay for it.
# pangocairo (with HarfBuzz and fribidi) lays out and shapes all the text
# mv draws (lib/media/typeset.c).
CAIRO_CFLAGS = $(eval CAIRO_CFLAGS := $(shell pkg-config --cflags cairo \
	fontconfig pangocairo 2>/dev/null))$(CAIRO_CFLAGS)
CAIRO_LIBS = $(eval CAIRO_LIBS := $(shell pkg-config --libs cairo \
	fontconfig pangocairo 2>/dev/null || echo -lpangocairo-1.0 \
	-lpango-1.0 -lgobject-2.0 -lglib-2.0 -lcairo -lfontconfig))$(CAIRO_LIBS)
# libunistring: Unicode normalisation and case folding of names (lib/core/text.c).
# libflite (MV_TTS=flite, lib/offline/flite.c) and libespeak-ng
# (lib/offline/espeak.c) speak in-process, but are not linked: like
# libcurl (lib/core/http.c) they are dlopen()ed when the first clip is
# spoken (lib/core/dynlib.c), so that the programs start without them
# and flite's voices (make bench-start). Their -dev packages give the
# headers; dlopen is in glibc's libc (2.34 and newer).
LDLIBS    = -ljq -lunistring -lm
# Link lists: only what draws links cairo (lib/offline/figure.c, illustrate.c,
# scenery.c, frames.c, image.c), so that the other programs start without
# its 52 libraries (make bench-start): mv-design and mv-assemble, the
# units and the fuzzers. Anything else that comes to call a drawing
# function fails to link until it is named here.
DRAWING   := $(BUILD)/bin/mv-design $(BUILD)/bin/mv-assemble
$(DRAWING) $(BUILD)/unit/% $(BUILD)/fuzz/%: LDLIBS += $(CAIRO_LIBS)

TOOLS    := mv-analyze mv-research mv-story mv-segment mv-design mv-assemble \
	mv-review
# lib/ by layer, from the bottom: core (states, JSON, files, settings,
# HTTP), media (FFmpeg, frames, drawn text, word times), services (the
# vendors' APIs) beside offline (mv's own voices and illustrator), story
# (the text steps), video (what mv-assemble makes of them). Included as
# "layer/name.h", each layer from those below it only (tests/0002-unit.bats).
LIBDIRS  := core services media offline story video
LIBSRC   := $(foreach d,$(LIBDIRS),$(wildcard lib/$d/*.c))
LIBHDR   := $(foreach d,$(LIBDIRS),$(wildcard lib/$d/*.h))
LIBOBJ   := $(LIBSRC:lib/%.c=$(BUILD)/lib/%.o)
BINS     := $(TOOLS:%=$(BUILD)/bin/%)
UNITSRC  := $(wildcard tests/unit/*.c)
UNITS    := $(UNITSRC:tests/unit/%.c=$(BUILD)/unit/%)
MAN1     := $(TOOLS:%=man/%.1)
MAN5     := man/mv-state.5
MAN7     := man/mv.7

ifdef WORKFLOW
.DEFAULT_GOAL := workflow
else
.DEFAULT_GOAL := all
endif

.PHONY: all workflow demo deps check test unit lint-man install uninstall \
	clean bench bench-start bench-render bench-fanout bench-voice fuzz soak \
	valgrind-unit
.DELETE_ON_ERROR:

all: $(BINS)

$(BUILD)/lib/%.o: lib/%.c $(LIBHDR)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CAIRO_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/lib/libmv.a: $(LIBOBJ)
	$(AR) rcs $@ $^

$(BUILD)/bin/%: tools/%.c $(BUILD)/lib/libmv.a $(LIBHDR) | $(BUILD)/bin
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< \
	    $(BUILD)/lib/libmv.a $(LDLIBS)

$(BUILD)/unit/%: tests/unit/%.c tests/unit/check.h $(BUILD)/lib/libmv.a \
    | $(BUILD)/unit
	$(CC) $(CPPFLAGS) -Itests/unit $(CAIRO_CFLAGS) $(CFLAGS) $(LDFLAGS) \
	    -o $@ $< $(BUILD)/lib/libmv.a $(LDLIBS)

$(BUILD)/fuzz/%: tests/fuzz/%.c $(BUILD)/lib/libmv.a | $(BUILD)/fuzz
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -fsanitize=fuzzer -o $@ $< \
	    $(BUILD)/lib/libmv.a $(LDLIBS)

$(BUILD)/lib $(BUILD)/bin $(BUILD)/unit $(BUILD)/fuzz:
	mkdir -p $@

# The LD_PRELOAD shim that makes a disk look full (tests/9007-diskfull.bats,
# DISKFULL=1 make soak); built without the sanitizers, which must come
# first in a process and are loaded by the programs themselves.
$(BUILD)/unit/enospc.so: tests/lib/enospc.c | $(BUILD)/unit
	$(CC) -std=c11 -Wall -Wextra $(if $(WERROR),-Werror) -O2 -fPIC \
	    -shared -o $@ $< -ldl

# A workflow: the numbered states of pipelines/pipeline.mk in workflows/ID.
# A workflow: see pipelines/ and mv(7). With BIN given, the programs there
# are used as they are; otherwise they are built first.
ifdef WORKFLOW
allowed := a b c d e f g h i j k l m n o p q r s t u v w x y z A B C D E F \
	G H I J K L M N O P Q R S T U V W X Y Z 0 1 2 3 4 5 6 7 8 9 . _ -
# strip-ok and spread walk the list of allowed characters: what is left of
# the id after removing them all, and the id with a space after each.
strip-ok = $(if $(strip $2),$(call strip-ok,$(subst $(firstword $2),,$1),$(wordlist 2,99,$2)),$1)
spread = $(if $(strip $2),$(call spread,$(subst $(firstword $2),$(firstword $2) ,$1),$(wordlist 2,99,$2)),$1)
# The id is checked as typed, before make expands anything in it.
id := $(value WORKFLOW)
$(if $(or $(call strip-ok,$(id),$(allowed)),$(filter . ..,$(id)), \
	$(word 65,$(call spread,$(id),$(allowed)))),$(error \
	WORKFLOW='$(id)': expected 1 to 64 letters, digits, '.', '_' or '-'))
W       := $(WORKFLOWS)/$(WORKFLOW)
-include $(W)/params.mk
# Settings given on the command line are remembered for the workflow.
# The providers' settings (pipelines/providers.mk), keys excepted: those
# come from the environment only.
include pipelines/providers.mk
KNOWN   := $(SETTINGS)
# A key on make's command line would be in every process list (ps) for
# the whole run, and remembered nowhere: refused.
$(foreach k,$(PROVIDER_KEYS),$(if $(filter command line,$(origin $k)), \
	$(error $k: put keys in the environment (export $k=...), not on \
	make's command line, where any user of this machine can read them)))
cli     := $(foreach p,$(KNOWN),$(if $(filter command line,$(origin $p)),$p))
# From here on, what users gave is taken as typed (pipelines/providers.mk).
$(call literal,$(KNOWN) $(PROVIDER_KEYS) INPUT CHECKPOINT)
KEEP    ?= 10
PIPE    := $(MAKE) --no-print-directory -f $(CURDIR)/pipelines/pipeline.mk \
	W=$(call q,$(W)) BIN=$(call q,$(BIN)) KEEP=$(call q,$(KEEP))
DRY     := $(findstring n,$(firstword -$(MAKEFLAGS)))
NEEDBIN := $(if $(filter command line,$(origin BIN)),,all)
# No provider named and no key or endpoint set: the run says, once, that it
# is offline. (The keys' values are only tested here, never printed.)
online  := $(strip $(foreach v,MV_LLM $(LLM_STEPS:%=MV_%_LLM) MV_IMAGE \
	MV_TTS MV_SEARCH,$(filter-out offline espeak flite none,$($v)))$(foreach \
	k,$(PROVIDER_KEYS) LLM_BASE_URL MV_LLM_BASE_URL,$(if $($k),x)))
export MV_OFFLINE_NOTE := $(if $(online),,1)
define nl


endef
export MV_PARAMS := $(subst $(nl) ,$(nl),$(foreach p,$(cli),$p=$($p)$(nl)))

# from=STEP: that step's file goes to history first, so the step runs
# again; each later step then runs again when its input has changed.
# The steps, one a line: the state's file, the original tool's name of
# the step, mv's (pipelines/steps, the one list; step.sh reads it too).
STEPS := $(strip $(file <pipelines/steps))
ifdef from
from_no := $(firstword $(foreach s,$(STEPS),$(if $(filter $(from), \
	$(subst :, ,$(s))),$(firstword $(subst _, ,$(s))))))
$(if $(from_no),,$(error from=$(from): no such step; steps: \
	$(foreach s,$(STEPS),$(word 2,$(subst :, ,$s))) or \
	$(foreach s,$(STEPS),$(word 3,$(subst :, ,$s)))))
from_file := $(firstword $(filter $(from_no)_%,$(foreach s,$(STEPS), \
	$(firstword $(subst :, ,$s)).json)))
export MV_RETIRE := $(W)/$(from_file) $(if $(filter 06,$(from_no)), \
	$(W)/video.mp4 $(W)/video.srt)
endif

.PHONY: checkpoints restore why cost
ifeq ($(DRY),)
workflow: $(NEEDBIN)
	+@set -- $(PIPE); W=$(call q,$(W)); . ./pipelines/run.sh
else
# A dry run holds no lock and writes nothing; the per-scene work can only
# be listed once the scenes exist.
workflow: $(NEEDBIN)
	+@$(PIPE) split
	+@$(PIPE) media
	+@$(PIPE) all
endif

checkpoints:
	@MAKE='$(PIPE)' sh pipelines/checkpoints.sh $(call q,$(W))

restore: $(NEEDBIN)
	@sh pipelines/restore.sh $(call q,$(W)) $(call q,$(CHECKPOINT))
	+@set -- $(PIPE); W=$(call q,$(W)); . ./pipelines/run.sh

# What the workflow's AI calls used and roughly cost (pipelines/prices.tsv).
cost:
	@sh pipelines/cost.sh $(call q,$(W))

why: $(NEEDBIN)
	$(if $(redoing),+@$(take_env) sh pipelines/takes.sh plan $(take_args))
	+@MAKE='$(PIPE)$(WHATIF)' sh pipelines/why.sh $(call q,$(W))

# Another take of one scene's picture or clip, or a kept one back
# (pipelines/takes.sh; mv(7), TAKES). With why, or make -n, only what it
# would make is said: make's -W marks what the take changes as new.
# make edit SCENE=N opens $EDITOR on that scene's lines and applies them
# (pipelines/edit.sh).
.PHONY: redo take edit
WHAT    ?= picture
$(call literal,SCENE WHAT TAKE RUNNER SLURM_ARGS)
redoing := $(filter redo take,$(MAKECMDGOALS))
take_args = $(call q,$(W)) $(call q,$(SCENE)) $(call q,$(WHAT)) \
	$(if $(filter take,$(redoing)),$(call q,$(TAKE)))
# A take of the words runs mv-segment -r with the text step's settings,
# the remembered ones too (those of the environment are there anyway).
take_env = BIN=$(call q,$(BIN)) MV_TAKE_LLM=$(call q,$(patsubst \
	llm=%,%,$(firstword $(LLM_SEGMENT)))) \
	$(foreach v,$(PROVIDER_SETTINGS),$(if $(filter file,$(origin \
	$v)),$v=$(call q,$($v))))
WHATIF  := $(if $(or $(DRY),$(filter why,$(MAKECMDGOALS))),$(if \
	$(redoing),$(shell sh pipelines/takes.sh whatif $(take_args) \
	2>/dev/null),$(if $(filter edit,$(MAKECMDGOALS)),$(shell sh \
	pipelines/edit.sh whatif $(call q,$(W)) $(call q,$(SCENE)) \
	2>/dev/null))))
edit_plan = echo "mv: would open $${VISUAL:-$${EDITOR:-vi}} on the lines of scene \
	$(call q,$(SCENE)), then, when they change, make:"
ifneq ($(filter why,$(MAKECMDGOALS)),)
redo take edit: ;
else ifeq ($(DRY),)
redo take: $(NEEDBIN)
	@$(take_env) sh pipelines/takes.sh $@ $(take_args)
	+@set -- $(PIPE); W=$(call q,$(W)); . ./pipelines/run.sh
	@sh pipelines/takes.sh kept $(take_args)
edit: $(NEEDBIN)
	@sh pipelines/edit.sh edit $(call q,$(W)) $(call q,$(SCENE))
	+@set -- $(PIPE); W=$(call q,$(W)); . ./pipelines/run.sh
else
redo take edit: $(NEEDBIN)
	+@$(if $(filter edit,$@),$(edit_plan),$(take_env) sh \
	    pipelines/takes.sh plan $(take_args))
	+@$(PIPE)$(WHATIF) split
	+@$(PIPE)$(WHATIF) media
	+@$(PIPE)$(WHATIF) all
endif
endif

# Everything a fresh Debian 12 needs, from the one list in deps/debian.
deps:
	sh deps/install.sh

demo: deps
	+$(MAKE) all
	+$(MAKE) WORKFLOW=demo INPUT=$(DEMO)
	@echo "demo: workflows/demo/video.mp4"

unit: $(UNITS)
	@for t in $(UNITS); do $$t || exit 1; done

# The test suite runs twice: on the normal build and on one built with
# AddressSanitizer and UndefinedBehaviorSanitizer in $(BUILD)/san.
# Under the sanitizers the files that drive make and the scripts are left
# out, to keep make check within its 20 minutes on two cores (each says
# why below and where its C code runs sanitized): their C code runs
# sanitized elsewhere too
# (6003's frame drawing in 6001, 6002 and the frames unit; the make
# pipeline's modes of every program, which 9001, 9002 and 9003 drive, in
# 6002, 9004 and 9006), and what they add is make's and the camera's
# behaviour, the same on both builds; 7001 tests the fake server alone.
# 9007 (a full disk at every stage) too: the checks it drives are the
# media, render and atomic units' under the sanitizers. 9010 (the review
# page in a browser) too: 9006 runs mv-review on its hostile brief there;
# and 9011 (takes and edits: make's and the scripts' behaviour).
SAN_SKIP := tests/6003-motion.bats tests/7001-fakeapi.bats \
	tests/9001-pipeline.bats tests/9002-resume.bats \
	tests/9003-settings.bats tests/9007-diskfull.bats \
	tests/9010-review.bats tests/9011-takes.bats
# 6006 measures the sound and the frames (ffmpeg, python); its C, words.c,
# runs under the sanitizers in 6001, 6005 and 7003 (the services).
SAN_SKIP += tests/6006-words.bats
# 6005 speaks and renders (flite, ffmpeg, python); its C (lines.c, cast.c)
# has units of its own, run under the sanitizers, and mv-assemble speaks
# lines under them in 6001.
SAN_SKIP += tests/6005-lines.bats
# 9008 (the lock: lock.sh and make's signals) too: the programs' own
# handling of a signal runs under the sanitizers in 0001.
SAN_SKIP += tests/9008-lock.bats
# 9015 (what make records of the providers' settings): make's side; the C
# that resolves them (conf_params_mk) runs sanitized in the conf unit.
SAN_SKIP += tests/9015-resolve.bats
# The slowest files first, so that prove's two jobs end together instead
# of one running alone at the end of each pass.
SLOW_FIRST := $(addprefix tests/,9002-resume.bats 9011-takes.bats \
	7003-media.bats 6001-assemble.bats 9007-diskfull.bats 6002-render.bats \
	7006-sheets.bats 9012-batch.bats 9010-review.bats 7004-research.bats \
	7002-llm.bats)
TEST_FILES = $(filter $(wildcard tests/*.bats),$(SLOW_FIRST)) \
	$(filter-out $(SLOW_FIRST),$(wildcard tests/*.bats))
test: all $(UNITS) $(BUILD)/unit/enospc.so
	MV_BIN=$(CURDIR)/$(BUILD)/bin MV_UNIT=$(CURDIR)/$(BUILD)/unit \
	    prove -j2 --timer -e 'bats --tap' $(filter-out $(if \
	    $(SANITIZE),$(SAN_SKIP)),$(TEST_FILES))

check: all lint-man
	+$(MAKE) test
	+$(MAKE) BUILD=$(BUILD)/san SANITIZE=1 test
	+$(MAKE) valgrind-unit

# The C unit checks again under valgrind (memcheck, definite leaks are
# errors), two at a time, when valgrind is installed; all but storyboard,
# which is cairo's drawing of large pictures almost entirely (a minute
# under valgrind) and runs under ASan with the others.
VALGRIND := valgrind -q --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite
valgrind-unit: $(UNITS)
	@if command -v valgrind > /dev/null; then \
	    printf '%s\n' $(filter-out %/storyboard,$(UNITS)) | \
		MV_TOP=$(CURDIR) xargs -P2 -I{} sh -c \
		'$(VALGRIND) {} > {}.vg 2>&1 || { echo "valgrind: {}:"; \
		grep -v "^ok " {}.vg; exit 1; }' && \
	    echo "valgrind: $(words $(filter-out %/storyboard,$(UNITS))) unit programs clean"; \
	else echo "valgrind-unit: valgrind is not installed: skipped"; fi

# Benchmarks (not tests): figures as ratios measured side by side.
bench: all
	MV_BIN=$(CURDIR)/$(BUILD)/bin bash tests/bench/resume.sh

# Each program's start (--version) against a process that only links
# libjq, and against jq -S . on a state, as ratios measured side by side.
bench-start: all
	MV_BIN=$(CURDIR)/$(BUILD)/bin bash tests/bench/start.sh

# The render against a static floor and the naive per-scene approach, on
# tests/bench/brief-15.json at 1080p (BENCH_SIZE, RUNS to change).
bench-render: all
	MV_BIN=$(CURDIR)/$(BUILD)/bin bash tests/bench/render.sh

# 12 pictures and 12 clips from a fake service with 500 ms of latency,
# one at a time and concurrently.
bench-fanout: all
	MV_BIN=$(CURDIR)/$(BUILD)/bin bash tests/bench/fanout.sh

# The word error rate of each offline voice through Debian's pocketsphinx
# on three briefs' stories, and each engine's speed (deps/debian).
bench-voice: all
	MV_BIN=$(CURDIR)/$(BUILD)/bin bash tests/bench/voice.sh

# The crash soak: KILLS (default 50) kill -9s of make -j2 at random
# moments, each resumed; the result must match an uninterrupted run.
soak: all $(BUILD)/unit/enospc.so
	MV_UNIT=$(CURDIR)/$(BUILD)/unit MV_BIN=$(CURDIR)/$(BUILD)/bin bash tests/soak.sh

# libFuzzer harnesses (tests/fuzz/*.c), built with clang, ASan and UBSan,
# each run FUZZ_SECONDS from the seeds in tests/fuzz/corpus/NAME; what they
# find lands in $(BUILD)/fuzz/NAME-crash-* (and new inputs in a corpus
# there, not in the seeds).
FUZZERS      := $(basename $(notdir $(wildcard tests/fuzz/*.c)))
FUZZ_SECONDS ?= 60
fuzz:
	+$(MAKE) BUILD=$(BUILD)/fuzzing CC=clang SANITIZE=1 FUZZ=1 \
	    $(FUZZERS:%=$(BUILD)/fuzzing/fuzz/%)
	@for f in $(FUZZERS); do \
	    mkdir -p $(BUILD)/fuzzing/corpus/$$f && \
	    echo "fuzz: $$f for $(FUZZ_SECONDS) s" && \
	    $(BUILD)/fuzzing/fuzz/$$f -max_total_time=$(FUZZ_SECONDS) \
		-rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
		-artifact_prefix=$(BUILD)/fuzzing/$$f- \
		$(BUILD)/fuzzing/corpus/$$f tests/fuzz/corpus/$$f \
		2>&1 | grep -E '^(stat::number_of_executed_units|stat::peak_rss|==|SUMMARY|artifact_prefix|Test unit written)' ; \
	    found=$$(find $(BUILD)/fuzzing -maxdepth 1 -name "$$f-*"); \
	    if [ -n "$$found" ]; then echo "fuzz: $$f found:" $$found; \
		exit 1; fi; \
	done; echo "fuzz: nothing found"

lint-man:
	sh tests/lint-man.sh $(MAN1) $(MAN5) $(MAN7)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7
	install -m 0755 $(BINS) $(DESTDIR)$(BINDIR)
	install -m 0644 $(MAN1) $(DESTDIR)$(MANDIR)/man1
	install -m 0644 $(MAN5) $(DESTDIR)$(MANDIR)/man5
	install -m 0644 $(MAN7) $(DESTDIR)$(MANDIR)/man7

uninstall:
	rm -f $(TOOLS:%=$(DESTDIR)$(BINDIR)/%) \
	    $(TOOLS:%=$(DESTDIR)$(MANDIR)/man1/%.1) \
	    $(DESTDIR)$(MANDIR)/man5/mv-state.5 $(DESTDIR)$(MANDIR)/man7/mv.7

clean:
	rm -rf $(BUILD)

# A batch: one workflow per brief, all under this make, so that -j counts
# them all (pipelines/batch.sh; mv(7), Batches). With BIN given, the
# programs there are used as they are; otherwise they are built first.
BATCH ?= default
.PHONY: batch
batch: $(if $(filter command line,$(origin BIN)),,all)
	+@MAKE='$(MAKE)' BIN=$(call bq,$(BIN)) WORKFLOWS=$(call \
	    bq,$(WORKFLOWS)) BATCH=$(call bq,$(value BATCH)) \
	    BRIEFS=$(call bq,$(value BRIEFS)) sh pipelines/batch.sh run
bq = '$(subst ','\'',$1)'
SAN_SKIP += tests/9012-batch.bats
SAN_SKIP += tests/9013-limits.bats
SAN_SKIP += tests/9014-slurm.bats
# 3003 renders four languages (make, ffmpeg, libass, python); its C,
# typeset.c and illustrate.c, runs under the sanitizers in the typeset,
# illustrate and storyboard units, on the same scripts.
SAN_SKIP += tests/3003-scripts.bats
# 9004 (whole workflows against the fake services) and 7005 (every
# request checked against the contracts) run the same C as 7002 and 7003,
# which run under the sanitizers: kept out of that pass so that make check
# stays within its 20 minutes.
SAN_SKIP += tests/9004-online.bats tests/7005-contracts.bats

# What a workflow still has to pay for, estimated (pipelines/estimate.sh):
# make WORKFLOW=id estimate; and a batch's: make estimate BRIEFS=...
.PHONY: estimate
ifdef WORKFLOW
estimate: $(NEEDBIN)
	@MAKE='$(PIPE)' MV_EST_TEXT=$(call q,$(EST_TEXT)) \
	    MV_EST_IMAGE=$(call q,$(EST_IMAGE)) MV_EST_TTS=$(call \
	    q,$(EST_TTS)) MV_EST_SEARCH=$(call q,$(patsubst search=%,%,$(firstword \
	    $(SEARCH_PARAMS)))) \
	    sh pipelines/estimate.sh $(call q,$(W)) $(if $(EST_TOTAL),total)
else
estimate: $(if $(filter command line,$(origin BIN)),,all)
	+@MAKE='$(MAKE)' BIN=$(call bq,$(BIN)) WORKFLOWS=$(call \
	    bq,$(WORKFLOWS)) BATCH=$(call bq,$(value BATCH)) \
	    BRIEFS=$(call bq,$(value BRIEFS)) sh pipelines/batch.sh estimate
endif
