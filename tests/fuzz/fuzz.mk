# kasir's fuzz targets (tests/fuzz/fuzz_*.c, one per parser of outside
# input), included by the main Makefile:
#   make fuzz-replay            runs every target once over its checked-in
#                               corpus (and any saved crash), built with
#                               $(CC) on $(BUILD): SANITIZE=1 replays under
#                               ASan + UBSan; no libFuzzer needed
#   make fuzz FUZZ_SECONDS=N    fuzzes each target for N seconds with
#                               libFuzzer (clang, ASan + UBSan) in build/fuzz/;
#                               FUZZ_RUNS=N executions each instead, or
#                               FUZZ_TOTAL_RUNS=N in all (make -j2 fuzz: two
#                               targets at a time)
#   make fuzz-smoke             builds the libFuzzer targets and runs each
#                               FUZZ_SMOKE_RUNS (1000) times from its seeds:
#                               make test's check that the fuzz build works
# From the main Makefile it uses BUILD, CC, CFLAGS, LDFLAGS, PKG_CFLAGS,
# PKG_LIBS, LIBOBJS, SRCS, WARN and the generated sources' list (GEN,
# gen_objs, gen_rules), so both builds link the same objects.

FUZZ_DIR     := tests/fuzz
FUZZ_TARGETS := $(sort $(basename $(notdir $(wildcard $(FUZZ_DIR)/fuzz_*.c))))

# ---- replay: each target linked with replay.c instead of libFuzzer ----

FUZZ_REPLAY_BINS := $(FUZZ_TARGETS:%=$(BUILD)/fuzz-replay/%)
FUZZ_REPLAY_OBJS := $(FUZZ_TARGETS:%=$(BUILD)/$(FUZZ_DIR)/%.o) $(BUILD)/$(FUZZ_DIR)/replay.o

# Made by a pattern chain, so make would delete them as intermediate.
.SECONDARY: $(FUZZ_REPLAY_OBJS)

# The objects come from the main Makefile's $(BUILD)/%.o rule ($(CC)
# $(CFLAGS) $(PKG_CFLAGS)), so the targets meet the same warnings.
$(BUILD)/fuzz-replay/%: $(BUILD)/$(FUZZ_DIR)/%.o $(BUILD)/$(FUZZ_DIR)/replay.o $(LIBOBJS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lpthread

# One line per target and a total; a crash or a broken invariant shows the
# end of that target's log (replay -v names each input before running it).
.PHONY: fuzz-replay
fuzz-replay: $(FUZZ_REPLAY_BINS)
	@export ASAN_OPTIONS="$${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1}"; \
	export UBSAN_OPTIONS="$${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"; \
	log=$$(mktemp); pass=0; fail=0; \
	for t in $(FUZZ_TARGETS); do \
		dirs="$(FUZZ_DIR)/corpus/$$t"; \
		if [ -d "$(FUZZ_DIR)/crashes/$$t" ]; then dirs="$$dirs $(FUZZ_DIR)/crashes/$$t"; fi; \
		$(BUILD)/fuzz-replay/$$t -v $$dirs > "$$log" 2>&1; rc=$$?; \
		line=$$(sed -n "s/^$$t: \([0-9]* passed, [0-9]* failed\)$$/\1/p" "$$log"); \
		if [ -n "$$line" ]; then \
			p=$${line%% passed*}; f=$${line#*passed, }; f=$${f%% failed}; \
		else \
			p=$$(($$(grep -c '^replay: ' "$$log") - 1)); f=0; \
		fi; \
		if [ "$$rc" -ne 0 ] && [ "$$f" -eq 0 ]; then f=1; fi; \
		echo "  $$t ($(BUILD)): $$p passed, $$f failed"; \
		if [ "$$rc" -ne 0 ]; then tail -n 40 "$$log" | sed 's/^/    /'; fi; \
		pass=$$((pass + p)); fail=$$((fail + f)); \
	done; \
	rm -f "$$log"; \
	echo "fuzz-replay: $$pass passed, $$fail failed"; \
	[ "$$fail" -eq 0 ]

-include $(FUZZ_REPLAY_OBJS:.o=.d)

# ---- libFuzzer: everything built again with clang into build/fuzz/ ----

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 10
# extra libFuzzer flags for every target, e.g. FUZZ_FLAGS=-jobs=2
FUZZ_FLAGS   ?=
FUZZ_OUT     := build/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
# gcc's build is the one held to -Werror; another compiler's new warnings
# must not stop a fuzzing run
FUZZ_CFLAGS  := -O1 -g $(filter-out -Werror,$(WARN)) $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
		-D_GNU_SOURCE -Isrc -I$(FUZZ_OUT)/gen -MMD -MP

# Largest input per target (-max_len), from what reaches the parser: the
# 16 KiB body limit for Snap requests, header and query lengths otherwise.
FUZZ_MAXLEN_fuzz_snap          := 16384
FUZZ_MAXLEN_fuzz_percent       := 4096
FUZZ_MAXLEN_fuzz_form          := 16384
FUZZ_MAXLEN_fuzz_route         := 2048
FUZZ_MAXLEN_fuzz_basic_auth    := 1024
FUZZ_MAXLEN_fuzz_notify_header := 1024
FUZZ_MAXLEN_fuzz_email         := 1024
FUZZ_MAXLEN_fuzz_opts          := 1024
FUZZ_MAXLEN_fuzz_fsm           := 512
FUZZ_MAXLEN_fuzz_card          := 256
FUZZ_MAXLEN_fuzz_expiry        := 64
# the flag parser prints every error it finds: keep it out of the log
FUZZ_FLAGS_fuzz_opts           := -close_fd_mask=2

FUZZ_LIBSRCS := $(filter-out src/main.c,$(SRCS))
# the generated sources come from the main Makefile's one list (GEN)
FUZZ_GENOBJS := $(call gen_objs,$(FUZZ_OUT)/obj)
FUZZ_LIBOBJS := $(FUZZ_LIBSRCS:%.c=$(FUZZ_OUT)/obj/%.o) $(FUZZ_GENOBJS)
FUZZ_TOBJS   := $(FUZZ_TARGETS:%=$(FUZZ_OUT)/obj/$(FUZZ_DIR)/%.o)
FUZZ_BINS    := $(FUZZ_TARGETS:%=$(FUZZ_OUT)/bin/%)

# Static pattern rules, so the main Makefile's $(BUILD)/%.o rule never
# builds these with $(CC), nor these rules the gcc objects.
$(FUZZ_LIBSRCS:%.c=$(FUZZ_OUT)/obj/%.o) $(FUZZ_TOBJS): $(FUZZ_OUT)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

$(call gen_rules,$(FUZZ_OUT))

$(FUZZ_GENOBJS): $(FUZZ_OUT)/obj/gen/%.o: $(FUZZ_OUT)/gen/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

# An archive, so each target links only the objects it needs.
$(FUZZ_OUT)/libkasir.a: $(FUZZ_LIBOBJS)
	@rm -f $@
	ar rcs $@ $^

$(FUZZ_BINS): $(FUZZ_OUT)/bin/%: $(FUZZ_OUT)/obj/$(FUZZ_DIR)/%.o $(FUZZ_OUT)/libkasir.a
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $^ $(PKG_LIBS) -lpthread

.PHONY: fuzz-build
fuzz-build: $(FUZZ_BINS)

# How long each target of make fuzz runs: FUZZ_SECONDS each by default;
# FUZZ_RUNS=N executions each instead; or FUZZ_TOTAL_RUNS=N executions in
# all, split evenly over the targets (rounded up), so a budget such as 10^8
# is met by count whatever the machine's speed. Counting executions
# (libFuzzer's -runs) rather than seconds gives the slow targets their share.
FUZZ_RUNS       ?=
FUZZ_TOTAL_RUNS ?=
ifneq ($(FUZZ_TOTAL_RUNS),)
FUZZ_LIMIT := -runs=$(shell echo $$(( ($(FUZZ_TOTAL_RUNS) + $(words $(FUZZ_TARGETS)) - 1) / $(words $(FUZZ_TARGETS)) )))
else ifneq ($(FUZZ_RUNS),)
FUZZ_LIMIT := -runs=$(FUZZ_RUNS)
else
FUZZ_LIMIT := -max_total_time=$(FUZZ_SECONDS)
endif

# One make target per fuzz target, so `make -j2 fuzz` fuzzes two at once.
# Each fuzzes its working corpus build/fuzz/corpus/<target>/ (kept for the
# next run; new inputs stay out of the tree) and the checked-in seeds; a
# crash is written to build/fuzz/crashes/<target>/, the log to
# build/fuzz/log/. The report gives each target's executions and the total
# (libFuzzer's stat::number_of_executed_units) and the wall time.
FUZZ_RUN_GOALS := $(FUZZ_TARGETS:%=fuzz-run/%)
.PHONY: fuzz $(FUZZ_RUN_GOALS)
$(FUZZ_RUN_GOALS): fuzz-run/%: $(FUZZ_OUT)/bin/%
	@echo "fuzz: $* ($(FUZZ_LIMIT))"
	@$(FUZZ_DIR)/libfuzzer.sh run $* $< $(FUZZ_OUT)/corpus/$* $(FUZZ_OUT)/log \
		$(or $(FUZZ_MAXLEN_$*),4096) $(FUZZ_LIMIT) $(FUZZ_FLAGS_$*) $(FUZZ_FLAGS)

fuzz: $(FUZZ_RUN_GOALS)
	@$(FUZZ_DIR)/libfuzzer.sh report fuzz $(FUZZ_OUT)/log $(FUZZ_TARGETS)

# The check make test runs when clang is there (scripts/test.sh, fuzz
# suite): the libFuzzer build links, and each target runs FUZZ_SMOKE_RUNS
# executions from its checked-in seeds alone (an empty working corpus, a
# fixed seed: the same inputs every time, bounded by count, not time).
FUZZ_SMOKE_RUNS ?= 1000
FUZZ_SMOKE_GOALS := $(FUZZ_TARGETS:%=fuzz-smoke/%)
.PHONY: fuzz-smoke $(FUZZ_SMOKE_GOALS)
$(FUZZ_SMOKE_GOALS): fuzz-smoke/%: $(FUZZ_OUT)/bin/%
	@rm -rf $(FUZZ_OUT)/smoke/corpus/$*
	@$(FUZZ_DIR)/libfuzzer.sh run $* $< $(FUZZ_OUT)/smoke/corpus/$* $(FUZZ_OUT)/smoke/log \
		$(or $(FUZZ_MAXLEN_$*),4096) -runs=$(FUZZ_SMOKE_RUNS) -seed=1 $(FUZZ_FLAGS_$*)

fuzz-smoke: $(FUZZ_SMOKE_GOALS)
	@$(FUZZ_DIR)/libfuzzer.sh report fuzz-smoke $(FUZZ_OUT)/smoke/log $(FUZZ_TARGETS)

-include $(FUZZ_LIBOBJS:.o=.d) $(FUZZ_TOBJS:.o=.d)
