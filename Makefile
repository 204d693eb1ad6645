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
OBJS    := $(SRCS:%.c=$(BUILD)/%.o) $(BUILD)/gen/schema_sqlite.o $(BUILD)/gen/schema_pg.o \
           $(BUILD)/gen/web_assets.o $(BUILD)/gen/map_assets.o
LIBOBJS := $(filter-out $(BUILD)/src/main.o,$(OBJS))
SCHEMA  := $(sort $(wildcard src/store/schema/sqlite/*.sql))
SCHEMA_PG := $(sort $(wildcard src/store/schema/pg/*.sql))
WEB     := $(sort $(wildcard web/*.html web/*.js web/*.css))
MAP_WEB := $(sort $(wildcard web/map/*.html web/map/*.js web/map/*.css))
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

# The SQL migrations are compiled into the binary (scripts/embed.sh).
$(BUILD)/gen/schema_sqlite.c: $(SCHEMA) scripts/embed.sh
	@mkdir -p $(dir $@)
	scripts/embed.sh ks_schema_sqlite $(SCHEMA) > $@

$(BUILD)/gen/schema_pg.c: $(SCHEMA_PG) scripts/embed.sh
	@mkdir -p $(dir $@)
	scripts/embed.sh ks_schema_pg $(SCHEMA_PG) > $@

# So are the pages, scripts and styles of web/ (served by api/assets.c).
$(BUILD)/gen/web_assets.c: $(WEB) scripts/embed.sh
	@mkdir -p $(dir $@)
	scripts/embed.sh ks_web_assets $(WEB) > $@

# The portal's files (web/map/) have a table of their own (portal/pages.c).
$(BUILD)/gen/map_assets.c: $(MAP_WEB) scripts/embed.sh
	@mkdir -p $(dir $@)
	scripts/embed.sh ks_map_assets $(MAP_WEB) > $@

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
SOAK_SECONDS ?= 600
soak: deps all
	@KASIR_BIN=$(BUILD)/kasir SOAK_SECONDS=$(SOAK_SECONDS) node tests/soak/soak.js

clean:
	rm -rf build

-include $(OBJS:.o=.d) $(UNIT_OBJS:.o=.d)

# libFuzzer targets, and the replay of their corpora that make test runs.
include tests/fuzz/fuzz.mk
