# kasir: build, run, test, bench. `make SANITIZE=1 test` runs every suite on
# an AddressSanitizer + UndefinedBehaviorSanitizer build (in build/san/).

CC      ?= cc
SANITIZE ?= 0
PKGS    := libmicrohttpd jansson sqlite3 libsodium libcurl libpq

ifeq ($(SANITIZE),1)
BUILD   := build/san
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
OPT     := -O1 -g
else
BUILD   := build
SANFLAGS :=
OPT     := -O2 -g
endif

WARN    := -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wpointer-arith -Wwrite-strings -Wformat=2 -Wvla -fno-common -Werror
CFLAGS  += $(OPT) $(WARN) $(SANFLAGS) -D_GNU_SOURCE -Isrc -I$(BUILD)/gen -MMD -MP
LDFLAGS += $(SANFLAGS)
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)

SRCS    := $(shell find src -name '*.c' | sort)
SCHEMA  := $(sort $(wildcard src/store/schema/sqlite/*.sql))
SCHEMA_PG := $(sort $(wildcard src/store/schema/pg/*.sql))
WEB     := $(sort $(wildcard web/*.html web/*.js web/*.css))
MAP_WEB := $(sort $(wildcard web/map/*.html web/map/*.js web/map/*.css))

# The generated sources, each a table of files made by scripts/embed.sh:
# the SQL migrations, the pages, scripts and styles of web/ (served by
# api/assets.c) and the portal's files of web/map/ (portal/pages.c). This
# list is the only one: every build (this one, build/san and the libFuzzer
# build of tests/fuzz/fuzz.mk) takes its generated objects and their rules
# from it, so a new generated file is one more name here and its two
# variables, GEN_SYM_<name> (the table's symbol) and GEN_IN_<name> (its files);
# GEN_OPT_<name> -z adds the web files' gzip and brotli forms and ETags.
GEN     := schema_sqlite schema_pg web_assets map_assets
GEN_SYM_schema_sqlite := ks_schema_sqlite
GEN_IN_schema_sqlite   = $(SCHEMA)
GEN_SYM_schema_pg     := ks_schema_pg
GEN_IN_schema_pg       = $(SCHEMA_PG)
GEN_SYM_web_assets    := ks_web_assets
GEN_IN_web_assets      = $(WEB)
GEN_OPT_web_assets    := -z
GEN_SYM_map_assets    := ks_map_assets
GEN_IN_map_assets      = $(MAP_WEB)
GEN_OPT_map_assets    := -z
# $(call gen_srcs,DIR) and $(call gen_objs,DIR): DIR/gen/<name>.c and .o
gen_srcs = $(GEN:%=$(1)/gen/%.c)
gen_objs = $(GEN:%=$(1)/gen/%.o)
# $(call gen_rules,DIR) defines how DIR/gen/<name>.c is made, for each name
define gen_rule
$(1)/gen/$(2).c: $$(GEN_IN_$(2)) scripts/embed.sh
	@mkdir -p $$(dir $$@)
	scripts/embed.sh $$(GEN_OPT_$(2)) $$(GEN_SYM_$(2)) $$(GEN_IN_$(2)) > $$@
endef
gen_rules = $(foreach g,$(GEN),$(eval $(call gen_rule,$(1),$(g))))

OBJS    := $(SRCS:%.c=$(BUILD)/%.o) $(call gen_objs,$(BUILD))
LIBOBJS := $(filter-out $(BUILD)/src/main.o,$(OBJS))
UNIT_SRCS := $(shell find tests/unit -name '*.c' 2>/dev/null | sort)
UNIT_OBJS := $(UNIT_SRCS:%.c=$(BUILD)/%.o)

.PHONY: all deps run test test-unit test-e2e test-browser bench soak clean check-banned
all: check-banned $(BUILD)/kasir

deps:
	@scripts/deps.sh

$(BUILD)/kasir: $(OBJS)
	$(CC) $(LDFLAGS) -o $@ $(OBJS) $(PKG_LIBS) -lpthread

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

# The migrations and the web files are compiled into the binary (GEN above).
$(call gen_rules,$(BUILD))

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) $(CFLAGS) -Isrc -c -o $@ $<

$(BUILD)/unit-tests: $(UNIT_OBJS) $(LIBOBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(shell pkg-config --libs criterion) -lpthread

# git's banned.h, as a build step: these functions are easy to misuse.
check-banned:
	@if grep -nE '(^|[^_a-z.>])(strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|gmtime|localtime)[[:space:]]*\(' \
		$$(find src tests/unit tests/fuzz -name '*.[ch]'); then \
		echo "error: banned function used (see STYLE.md)"; exit 1; fi

run: deps all
	@mkdir -p kasir-data
	$(BUILD)/kasir serve --listen 127.0.0.1:8080 --db sqlite:kasir-data/kasir.db --demo

# Plain `make test` runs every suite twice: on the normal build and on the
# sanitizer build, so CI keeps both clean. SANITIZE=1 runs only the latter.
ifeq ($(SANITIZE),1)
test: deps all $(BUILD)/unit-tests
	@BUILDS="$(BUILD)" scripts/test.sh
else
test: deps all $(BUILD)/unit-tests
	@$(MAKE) --no-print-directory SANITIZE=1 all build/san/unit-tests
	@BUILDS="build build/san" scripts/test.sh
endif

test-unit: all $(BUILD)/unit-tests
	@BUILDS=$(BUILD) scripts/test.sh unit

test-e2e: all
	@BUILDS=$(BUILD) scripts/test.sh e2e

test-browser: all
	@BUILDS=$(BUILD) scripts/test.sh browser

bench: deps all
	@BUILD=$(BUILD) bench/run.sh
	@BUILD=$(BUILD) bench/notify.sh
	@BUILD=$(BUILD) bench/sim.sh
	@BUILD=$(BUILD) bench/portal.sh
	@BUILD=$(BUILD) BENCH_PORTAL_DB=pg bench/portal.sh
	@BUILD=$(BUILD) bench/pg.sh

# The crash soak (tests/soak/soak.js): mixed traffic while kasir is killed
# with kill -9 and restarted, then the invariants. Not part of make test.
# SOAK_DB=pg: two nodes on a throw-away PostgreSQL, one of them killed.
SOAK_SECONDS ?= 600
SOAK_DB      ?= sqlite
soak: deps all
	@KASIR_BIN=$(BUILD)/kasir SOAK_SECONDS=$(SOAK_SECONDS) SOAK_DB=$(SOAK_DB) node tests/soak/soak.js

clean:
	rm -rf build

-include $(OBJS:.o=.d) $(UNIT_OBJS:.o=.d)

# libFuzzer targets, and the replay of their corpora that make test runs.
include tests/fuzz/fuzz.mk
