# dyad - outcomes measurement for Child-Parent Psychotherapy programs.
# `make demo` and `make check` are the two commands a newcomer runs.

VERSION    = 0.1.0
SOVERSION  = 0
PREFIX    ?= /usr/local
DESTDIR   ?=
BINDIR     = $(PREFIX)/bin
LIBDIR     = $(PREFIX)/lib
INCDIR     = $(PREFIX)/include
MANDIR     = $(PREFIX)/share/man/man1
PCDIR      = $(LIBDIR)/pkgconfig
COMPDIR    = $(PREFIX)/share/bash-completion/completions

CC        ?= cc
OPT       ?= -O2
CFLAGS    ?= $(OPT) -g
WARN       = -std=c17 -Wall -Wextra -Wpedantic -Wshadow
ifeq ($(WERROR),1)
WARN      += -Werror
endif
ifeq ($(SANITIZE),1)
SANFLAGS   = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
BUILD     ?= build-san
else ifeq ($(SANITIZE),thread)
SANFLAGS   = -fsanitize=thread -fno-omit-frame-pointer
BUILD     ?= build-tsan
else
BUILD     ?= build
endif
# libxlsxwriter and libreadstat are not linked: lib/dlib.c loads them with
# dlopen when a workbook is written or a .sav/.dta/... file read, by the
# soname of the library compiled against here (lib/dlib.h has Debian's as
# the default).  Tests that call them directly link them (TEST_LDLIBS).
soname_of  = $(shell objdump -p "$$($(CC) -print-file-name=lib$(1).so)" 2>/dev/null | \
	awk '$$1 == "SONAME" { print $$2 }')
XLSX_SONAME     := $(call soname_of,xlsxwriter)
READSTAT_SONAME := $(call soname_of,readstat)
SONAMES    = $(if $(XLSX_SONAME),-DDY_SONAME_XLSXWRITER='"$(XLSX_SONAME)"') \
	$(if $(READSTAT_SONAME),-DDY_SONAME_READSTAT='"$(READSTAT_SONAME)"')
ALL_CFLAGS = $(WARN) $(CFLAGS) $(SANFLAGS) -D_POSIX_C_SOURCE=200809L -Iinclude -Ilib -fPIC $(SONAMES)
LDLIBS     = -Wl,--as-needed -lcsv -lgsl -lgslcblas -lm -lpthread -ldl
TEST_LDLIBS = -lreadstat -lxlsxwriter $(LDLIBS)
# The dyad program takes GSL from its static archive when it is installed
# (libgsl-dev has it): dyad calls a dozen of GSL's 5,600 functions, and
# loading libgsl.so was a tenth of a small run's time.  libdyad.so and
# programs built with pkg-config link the shared GSL as before.
GSL_STATIC := $(wildcard $(shell $(CC) -print-file-name=libgsl.a))
ifneq ($(GSL_STATIC),)
BIN_LDLIBS = -Wl,--as-needed -Wl,-Bstatic -lgsl -lgslcblas -Wl,-Bdynamic \
	-lcsv -lm -lpthread -ldl
else
BIN_LDLIBS = $(LDLIBS)
endif

LIB_SRC    = $(filter-out $(LIB_EXCLUDE),$(wildcard lib/*.c))
LIB_OBJ    = $(patsubst lib/%.c,$(BUILD)/lib/%.o,$(LIB_SRC)) $(BUILD)/lib/catalog_data.o
CLI_SRC    = $(wildcard cli/*.c)
CLI_OBJ    = $(patsubst cli/%.c,$(BUILD)/cli/%.o,$(CLI_SRC))
UNIT_SRC   = $(wildcard tests/unit/test_*.c)
UNIT_BIN   = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
HEADERS    = $(wildcard include/*.h include/dyad/*.h lib/*.h cli/*.h)

STATIC     = lib/libdyad.a
SHARED     = lib/libdyad.so.$(VERSION)

# libFuzzer harnesses (see 'make fuzz' below).
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_BUILD    = build-fuzz
FUZZ_CFLAGS   = -std=c17 -g -O1 -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-D_POSIX_C_SOURCE=200809L -Iinclude -Ilib $(SONAMES)
FUZZ_NAMES    = $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN      = $(addprefix $(FUZZ_BUILD)/,$(FUZZ_NAMES))
FUZZ_OBJ      = $(patsubst lib/%.c,$(FUZZ_BUILD)/obj/%.o,$(LIB_SRC)) \
	$(FUZZ_BUILD)/obj/catalog_data.o
FUZZ_LIB      = $(FUZZ_BUILD)/libdyad-fuzz.a
# built by 'make check' when clang and its libFuzzer runtime are installed
FUZZ_RT       = $(wildcard $(shell $(FUZZ_CC) -print-resource-dir 2>/dev/null)/lib/*/libclang_rt.fuzzer*.a)
FUZZ_SMOKE    = $(if $(FUZZ_RT),$(FUZZ_BIN))

.PHONY: all deps demo check install uninstall clean bench charts memcheck tsan fuzz check-browser \
	fuzz-build fuzz-deps FORCE

all: dyad $(STATIC) $(SHARED)

$(BUILD)/lib/%.o: lib/%.c $(HEADERS) $(BUILD)/flags
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -DDYAD_VERSION='"$(VERSION)"' -c -o $@ $<

$(BUILD)/cli/%.o: cli/%.c $(HEADERS) $(BUILD)/flags
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -DDYAD_VERSION='"$(VERSION)"' -c -o $@ $<

# The default catalog is compiled into the library as a table of rows:
# tools/catalog_gen.c reads lib/catalog.csv with the library's own loader
# (and its checks) and prints the rows as C, so no run parses it at start.
GEN_OBJ    = $(filter-out %/catalog_data.o,$(LIB_OBJ))

$(BUILD)/tools/catalog_gen: tools/catalog_gen.c $(GEN_OBJ)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(GEN_OBJ) $(LDLIBS)

$(BUILD)/lib/catalog_data.c: lib/catalog.csv $(BUILD)/tools/catalog_gen
	@mkdir -p $(@D)
	$(BUILD)/tools/catalog_gen lib/catalog.csv > $@.tmp
	mv $@.tmp $@

$(BUILD)/lib/catalog_data.o: $(BUILD)/lib/catalog_data.c $(BUILD)/flags
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Objects live in $(BUILD) (build/ or build-san/), but dyad and lib/libdyad.*
# are shared by every build, so two stamps make a change of SANITIZE, CC,
# CFLAGS or WERROR rebuild what it must: $(BUILD)/flags holds the flags its
# objects were compiled with (a change recompiles them) and lib/libdyad.build
# the build the top-level library and program were linked from (a change
# relinks them).  Each is rewritten only when its text changes.
BUILD_ID = $(CC) $(ALL_CFLAGS) $(SANFLAGS)

$(BUILD)/flags: FORCE
	@mkdir -p $(@D)
	@echo '$(BUILD_ID)' | cmp -s - $@ || echo '$(BUILD_ID)' > $@

lib/libdyad.build: FORCE
	@echo '$(BUILD) $(BUILD_ID)' | cmp -s - $@ || echo '$(BUILD) $(BUILD_ID)' > $@

FORCE:

$(STATIC): $(LIB_OBJ) lib/libdyad.build
	rm -f $@
	ar rcs $@ $(LIB_OBJ)

$(SHARED): $(LIB_OBJ) lib/libdyad.build
	$(CC) $(SANFLAGS) -shared -Wl,-z,defs -Wl,-soname,libdyad.so.$(SOVERSION) -o $@ $(LIB_OBJ) $(LDLIBS)
	ln -sf libdyad.so.$(VERSION) lib/libdyad.so.$(SOVERSION)
	ln -sf libdyad.so.$(VERSION) lib/libdyad.so

dyad: $(CLI_OBJ) $(STATIC) lib/libdyad.build
	$(CC) $(SANFLAGS) -o $@ $(CLI_OBJ) $(STATIC) $(BIN_LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(STATIC) tests/unit/check.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(STATIC) $(TEST_LDLIBS)

# Debian packages: build (gcc, libgsl-dev, libcsv-dev, libreadstat-dev,
# libxlsxwriter-dev, pkg-config), run time (gnuplot-nox), tests (valgrind,
# mandoc, libxml2-utils, locales, python3).
DEB_PKGS = gcc make pkg-config libgsl-dev libcsv-dev libreadstat-dev \
	libxlsxwriter-dev gnuplot-nox valgrind mandoc libxml2-utils locales python3
deps:
	@missing=$$(for p in $(DEB_PKGS); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

demo: deps all
	@sh examples/demo.sh

check: deps all $(UNIT_BIN) $(FUZZ_SMOKE)
	@sh tests/run.sh $(BUILD)

memcheck: deps all
	@DYAD_VALGRIND=1 sh tests/run.sh $(BUILD) cli

# ThreadSanitizer on what runs on two threads (the split read, two-core
# pairing, the caregiver check, outcome statistics, streamed output):
# the unit tests that start threads and tests/sh/threads.sh and
# change_threads.sh, built with SANITIZE=thread in build-tsan/.  A race
# stops the program (halt_on_error), which fails its test.
TSAN_UNITS = test_split test_pairs test_putrows
tsan: deps
	@$(MAKE) --no-print-directory SANITIZE=thread all \
		$(addprefix build-tsan/tests/,$(TSAN_UNITS))
	@TSAN_OPTIONS="halt_on_error=1 $${TSAN_OPTIONS:-}" \
		sh tests/run.sh build-tsan threads $(TSAN_UNITS)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCDIR)/dyad \
		$(DESTDIR)$(MANDIR) $(DESTDIR)$(PCDIR)
	install -m 755 dyad $(DESTDIR)$(BINDIR)/dyad
	install -m 644 $(STATIC) $(DESTDIR)$(LIBDIR)/libdyad.a
	install -m 755 $(SHARED) $(DESTDIR)$(LIBDIR)/libdyad.so.$(VERSION)
	ln -sf libdyad.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libdyad.so.$(SOVERSION)
	ln -sf libdyad.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libdyad.so
	install -m 644 include/dyad.h $(DESTDIR)$(INCDIR)/dyad.h
	install -m 644 include/dyad/*.h $(DESTDIR)$(INCDIR)/dyad/
	install -m 644 man/*.1 $(DESTDIR)$(MANDIR)/
	install -d $(DESTDIR)$(COMPDIR)
	install -m 644 completion/dyad.bash $(DESTDIR)$(COMPDIR)/dyad
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' dyad.pc.in \
		> $(DESTDIR)$(PCDIR)/dyad.pc

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/dyad $(DESTDIR)$(LIBDIR)/libdyad.* \
		$(DESTDIR)$(PCDIR)/dyad.pc $(DESTDIR)$(MANDIR)/dyad*.1 \
		$(DESTDIR)$(COMPDIR)/dyad
	rm -rf $(DESTDIR)$(INCDIR)/dyad $(DESTDIR)$(INCDIR)/dyad.h

clean:
	rm -rf build build-san build-tsan build-fuzz dyad lib/libdyad.a lib/libdyad.so* \
		lib/libdyad.build

# libFuzzer harnesses tests/fuzz/fuzz_*.c, with the library sources compiled
# in (not lib/libdyad.a) under AddressSanitizer and UBSan, in build-fuzz/.
# 'make fuzz FUZZ_SECONDS=N' runs each for N seconds (tests/fuzz/run.sh);
# 'make check' builds them when clang is installed and tests/sh/fuzz_smoke.sh
# runs each for 3 seconds.
$(FUZZ_BUILD)/obj/%.o: lib/%.c $(HEADERS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link \
		-DDYAD_VERSION='"$(VERSION)"' -c -o $@ $<

$(FUZZ_BUILD)/obj/catalog_data.c: $(BUILD)/lib/catalog_data.c
	@mkdir -p $(@D)
	cp $< $@

$(FUZZ_BUILD)/obj/catalog_data.o: $(FUZZ_BUILD)/obj/catalog_data.c
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_LIB): $(FUZZ_OBJ)
	rm -f $@
	ar rcs $@ $(FUZZ_OBJ)

$(FUZZ_BIN): $(FUZZ_BUILD)/%: tests/fuzz/%.c $(FUZZ_LIB) $(HEADERS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIB) $(LDLIBS)

fuzz-deps:
	@$(MAKE) --no-print-directory deps DEB_PKGS='clang libclang-rt-dev'

fuzz-build: $(FUZZ_BIN)

fuzz: deps fuzz-deps
	@$(MAKE) --no-print-directory fuzz-build
	@sh tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

# Render the demo report with headless Chromium and keep the picture, so a
# person can look at it (examples/out/report.png).
check-browser: demo
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }
	@sh tests/browser.sh examples/out/report.html examples/out/report.png

# The benchmark of issue 7: dyad against the libcsv floor, R and datamash.
$(BUILD)/bench/floor: tests/bench/floor.c
	@mkdir -p $(@D)
	$(CC) -O2 -o $@ $< -lcsv

$(BUILD)/bench/timeit: tests/bench/timeit.c
	@mkdir -p $(@D)
	$(CC) -O2 -Wall -Wextra -o $@ $<

bench: all $(BUILD)/bench/floor $(BUILD)/bench/timeit
	@for p in datamash r-base-core r-cran-data.table; do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; \
	done > $(BUILD)/bench/missing; \
	if [ -s $(BUILD)/bench/missing ]; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		$$SUDO apt-get install -y -qq $$(cat $(BUILD)/bench/missing) >/dev/null; \
	fi
	@sh tests/bench/bench.sh

# The README's pictures: every chart kind for the example data.
charts: dyad
	sh tools/charts.sh
