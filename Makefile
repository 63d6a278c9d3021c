# rescuewiz: one Makefile. Every library comes through pkg-config.
PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/sbin
MANDIR   = $(PREFIX)/share/man/man8
DATADIR  = $(PREFIX)/share/rescuewiz
# where bash-completion loads a command's completion from when it is first typed
COMPLETIONDIR = $(PREFIX)/share/bash-completion/completions

CC      ?= gcc
LIBS     = hivex blkid mount yaml-0.1 ncursesw menuw formw json-c nettle
CFLAGS  ?= -O2 -g
# -Wno-format-truncation: snprintf into fixed buffers is how texts are bounded here, on purpose
CFLAGS  += -std=c11 -pthread -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-format-truncation -Isrc \
           -DRESCUEWIZ_DATADIR='"$(DATADIR)"' $(shell pkg-config --cflags $(LIBS))
LDLIBS   = $(shell pkg-config --libs $(LIBS)) -pthread
SAN      = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

SRC      = $(sort $(wildcard src/*.c src/*/*.c))
LIBSRC   = $(filter-out src/main.c,$(SRC))
UNIT     = $(sort $(wildcard tests/unit/test_*.c))
FIXSRC   = $(sort $(wildcard tests/fixtures/*.c))
FIXLIB   = $(sort $(wildcard tests/fixtures/lib/*.c))
# test support shared by unit tests (fake snapshots): every tests/unit/*.c that is not a test_*.c
UNITLIB  = $(filter-out $(UNIT),$(sort $(wildcard tests/unit/*.c)))

BUILD    = build
ASAN     = build/asan

# keep objects between runs (make would delete them as intermediates)
.SECONDARY:

.PHONY: all deps check unit e2e fuzz demo install uninstall clean bench
all: $(BUILD)/rescuewiz

$(BUILD)/%.o: %.c $(wildcard src/*/*.h src/*.h tests/fixtures/lib/*.h)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<
$(ASAN)/%.o: %.c $(wildcard src/*/*.h src/*.h tests/fixtures/lib/*.h)
	@mkdir -p $(dir $@)
	@echo "  CC asan $<"
	@$(CC) $(CFLAGS) $(SAN) -c -o $@ $<

$(BUILD)/rescuewiz: $(SRC:%.c=$(BUILD)/%.o)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(ASAN)/rescuewiz: $(SRC:%.c=$(ASAN)/%.o)
	@echo "  LD asan $@"
	@$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(LDLIBS)

# unit tests: one cmocka program per tests/unit/test_*.c, linked with the library part of src/
TESTLIB  = $(LIBSRC:%.c=$(ASAN)/%.o) $(FIXLIB:%.c=$(ASAN)/%.o) $(UNITLIB:%.c=$(ASAN)/%.o)
$(ASAN)/tests/unit/%.o: tests/unit/%.c $(wildcard src/*/*.h tests/unit/*.h tests/fixtures/lib/*.h)
	@mkdir -p $(dir $@)
	@echo "  CC asan $<"
	@$(CC) $(CFLAGS) $(SAN) -Itests/unit -Itests/fixtures/lib -c -o $@ $<
$(ASAN)/tests/unit/%: tests/unit/%.c $(TESTLIB) $(wildcard tests/unit/*.h tests/fixtures/lib/*.h)
	@mkdir -p $(dir $@)
	@echo "  LD asan $@"
	@$(CC) $(CFLAGS) $(SAN) -Itests/unit -Itests/fixtures/lib -o $@ $< $(TESTLIB) $(LDLIBS) $(shell pkg-config --libs cmocka)

# fixture builders (test-only programs that write hives and disks)
$(BUILD)/tests/fixtures/%: tests/fixtures/%.c $(FIXLIB:%.c=$(BUILD)/%.o) $(LIBSRC:%.c=$(BUILD)/%.o) $(wildcard tests/fixtures/lib/*.h)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) -Itests/fixtures/lib -Itests/fuzz -o $@ $< $(FIXLIB:%.c=$(BUILD)/%.o) $(LIBSRC:%.c=$(BUILD)/%.o) $(LDLIBS)

# libFuzzer harnesses, one per parser of disk bytes or operator files (tests/fuzz/fuzz_NAME.c), built by clang
# with the library part of src/ and the test support; tests/fuzz/run.sh runs each for FUZZ_SECONDS.
FUZZCC       ?= clang
FUZZ_SECONDS ?= 60
FUZZ         = build/fuzz
FUZZERS      = $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZBIN      = $(FUZZERS:tests/fuzz/%.c=$(FUZZ)/bin/%)
FUZZLIB      = $(LIBSRC) $(FIXLIB) $(UNITLIB) tests/fuzz/support.c
# clang knows no -Wformat-truncation; -O1 is libFuzzer's advice for speed with useful stacks
FUZZFLAGS    = $(filter-out -Wno-format-truncation -O2,$(CFLAGS)) -O1 -g -fsanitize=address,undefined \
               -fno-omit-frame-pointer -fno-sanitize-recover=all -Itests/unit -Itests/fixtures/lib -Itests/fuzz
$(FUZZ)/%.o: %.c $(wildcard src/*/*.h tests/unit/*.h tests/fixtures/lib/*.h tests/fuzz/*.h)
	@mkdir -p $(dir $@)
	@echo "  CC fuzz $<"
	@$(FUZZCC) $(FUZZFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<
$(FUZZ)/bin/%: $(FUZZ)/tests/fuzz/%.o $(FUZZLIB:%.c=$(FUZZ)/%.o)
	@mkdir -p $(dir $@)
	@echo "  LD fuzz $@"
	@$(FUZZCC) $(FUZZFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS) $(shell pkg-config --libs cmocka)

fuzz: $(FUZZBIN) $(BUILD)/tests/fixtures/mkseeds
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_COUNTS=$(FUZZ_COUNTS) sh tests/fuzz/run.sh $(FUZZBIN)

deps:
	@sh tests/deps.sh

unit: $(UNIT:%.c=$(ASAN)/%)
	@UNIT_COUNTS=$(UNIT_COUNTS) sh tests/run-unit.sh $^

e2e: $(BUILD)/rescuewiz $(ASAN)/rescuewiz $(FIXSRC:%.c=$(BUILD)/%)
	@E2E_COUNTS=$(E2E_COUNTS) bash tests/run-e2e.sh

check: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory test-all

.PHONY: test-all
test-all:
	@sh tests/check.sh

demo: deps
	@$(MAKE) --no-print-directory all $(FIXSRC:%.c=$(BUILD)/%)
	@sh tests/demo.sh

bench: $(BUILD)/rescuewiz $(FIXSRC:%.c=$(BUILD)/%) $(BUILD)/bench/copydump
	@bash bench/run.sh

# drivers of the benchmarks: a bench/*.c linked with the library part of src/
$(BUILD)/bench/%: bench/%.c $(LIBSRC:%.c=$(BUILD)/%.o)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) -o $@ $< $(LIBSRC:%.c=$(BUILD)/%.o) $(LDLIBS)

# share/ holds the data installed beside the wizards (share/man is the man page's source, share/bash-completion
# the completion's, both installed where man and bash look)
SHAREDATA = $(filter-out share/man/% share/bash-completion/%,$(shell find share -type f 2>/dev/null | sort))
install: $(BUILD)/rescuewiz
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(DATADIR)/wizards $(DESTDIR)$(COMPLETIONDIR)
	install -m 0755 $(BUILD)/rescuewiz $(DESTDIR)$(BINDIR)/rescuewiz
	install -m 0644 share/man/rescuewiz.8 $(DESTDIR)$(MANDIR)/rescuewiz.8
	for f in $(wildcard wizards/*.yaml) ; do install -m 0644 $$f $(DESTDIR)$(DATADIR)/wizards/ ; done
	for f in $(SHAREDATA) ; do install -D -m 0644 $$f $(DESTDIR)$(DATADIR)/$${f#share/} ; done
	@# the completion lists the installed wizards: it gets the same DATADIR the binary was compiled with
	sed 's|@DATADIR@|$(DATADIR)|g' share/bash-completion/rescuewiz > $(DESTDIR)$(COMPLETIONDIR)/rescuewiz
	chmod 0644 $(DESTDIR)$(COMPLETIONDIR)/rescuewiz

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/rescuewiz $(DESTDIR)$(MANDIR)/rescuewiz.8 $(DESTDIR)$(COMPLETIONDIR)/rescuewiz
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build
