# mv - story briefs into narrated, illustrated videos.
#
#   make                         build the programs into $(BUILD)/bin
#   make WORKFLOW=id INPUT=f     run (or resume) a workflow in $(WORKFLOWS)/id
#   make demo                    install what is missing, build, render a demo
#   make check                   every test, then again under ASan+UBSan
#   make install                 programs and man pages under $(DESTDIR)$(PREFIX)

VERSION  != cat VERSION
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
	    -fno-sanitize-recover=all -fno-omit-frame-pointer)
override CFLAGS   := $(WARN) $(SAN) $(CFLAGS)
override CPPFLAGS := -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-DMV_VERSION='"$(VERSION)"' -Ilib $(CPPFLAGS)
override LDFLAGS  := $(SAN) -Wl,--as-needed $(LDFLAGS)
CAIRO_CFLAGS := $(shell pkg-config --cflags cairo fontconfig 2>/dev/null)
CAIRO_LIBS   := $(shell pkg-config --libs cairo fontconfig 2>/dev/null || \
		echo -lcairo -lfontconfig)
LDLIBS   := -ljq $(CAIRO_LIBS) -lm

TOOLS    := mv-analyze mv-research mv-story mv-segment mv-design mv-assemble
LIBSRC   := $(wildcard lib/*.c)
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
	clean
.DELETE_ON_ERROR:

all: $(BINS)

$(BUILD)/lib/%.o: lib/%.c lib/*.h | $(BUILD)/lib
	$(CC) $(CPPFLAGS) $(CAIRO_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/lib/libmv.a: $(LIBOBJ)
	$(AR) rcs $@ $^

$(BUILD)/bin/%: tools/%.c $(BUILD)/lib/libmv.a lib/*.h | $(BUILD)/bin
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< \
	    $(BUILD)/lib/libmv.a $(LDLIBS)

$(BUILD)/unit/%: tests/unit/%.c tests/unit/check.h $(BUILD)/lib/libmv.a \
    | $(BUILD)/unit
	$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) $(LDFLAGS) -o $@ $< \
	    $(BUILD)/lib/libmv.a $(LDLIBS)

$(BUILD)/lib $(BUILD)/bin $(BUILD)/unit:
	mkdir -p $@

# A workflow: the numbered states of pipelines/pipeline.mk in workflows/ID.
# With BIN given, the programs there are used as they are.
workflow: $(if $(filter command line,$(origin BIN)),,all)
	+$(MAKE) --no-print-directory -f pipelines/pipeline.mk \
	    W='$(WORKFLOWS)/$(WORKFLOW)' BIN='$(BIN)'

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
test: all $(UNITS)
	MV_BIN=$(CURDIR)/$(BUILD)/bin MV_UNIT=$(CURDIR)/$(BUILD)/unit \
	    prove -j2 -e 'bats --tap' tests/*.bats

check: all lint-man
	+$(MAKE) test
	+$(MAKE) BUILD=$(BUILD)/san SANITIZE=1 test

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
