# The two commands: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
RELEASE := build/release
DEBUG := build/debug
DUET := $(RELEASE)/duet
WEB_SOURCES := $(shell find web/src -type f -not -name api-schema.d.ts 2>/dev/null) web/index.html web/vite.config.ts web/package.json web/openapi.json
PORT ?= 8080

.PHONY: all run test deps build web debug bench check format clean test-unit test-asan fuzz openapi

all: build

deps:
	@bash scripts/install-deps.sh

web/node_modules/.stamp: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

web/dist/index.html: web/node_modules/.stamp $(WEB_SOURCES)
	cd web && npm run build --silent

tests/node_modules/.stamp: tests/package.json tests/package-lock.json
	cd tests && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

web: web/dist/index.html

$(RELEASE)/build.ninja: CMakeLists.txt
	cmake -S . -B $(RELEASE) -G Ninja -DCMAKE_BUILD_TYPE=Release

build: deps $(RELEASE)/build.ninja web
	ninja -C $(RELEASE)

debug: deps
	cmake -S . -B $(DEBUG) -G Ninja -DCMAKE_BUILD_TYPE=Debug
	ninja -C $(DEBUG)

run: build
	$(DUET) serve --port $(PORT) --demo --database sqlite:./var/duet.db

test: build tests/node_modules/.stamp
	cd $(RELEASE) && ctest --output-on-failure --timeout 900

test-unit: build
	cd $(RELEASE) && ctest --output-on-failure -L unit

# Unit and integration tests (both engines) under AddressSanitizer and UndefinedBehaviorSanitizer, in
# their own build directory. Slow (a full build with instrumentation): run before a release, not in CI.
ASAN := build/asan
test-asan: deps web tests/node_modules/.stamp
	cmake -S . -B $(ASAN) -G Ninja -DCMAKE_BUILD_TYPE=Debug \
	  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
	ninja -C $(ASAN)
	cd $(ASAN) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	  ctest --output-on-failure --timeout 1800 -LE e2e

# libFuzzer (clang) targets for the JSON input layer and the HTTP request parser with the framing rule,
# from the seed corpus in fuzz/corpus, for FUZZ_SECONDS each.
FUZZ := build/fuzz
FUZZ_SECONDS ?= 60
FUZZ_FLAGS := -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -Isrc
fuzz: deps
	command -v clang++ >/dev/null || apt-get install -y --no-install-recommends clang
	mkdir -p $(FUZZ)/corpus && cp -rn fuzz/corpus/. $(FUZZ)/corpus/
	clang++ $(FUZZ_FLAGS) fuzz/input_fuzz.cpp src/platform/input.cpp src/platform/codec.cpp src/platform/dates.cpp \
	  src/practice/rules.cpp src/scheduling/rules.cpp src/identity/rules.cpp src/platform/policy.cpp -ldate-tz -o $(FUZZ)/input_fuzz
	clang++ $(FUZZ_FLAGS) fuzz/framing_fuzz.cpp src/platform/http.cpp src/platform/input.cpp -o $(FUZZ)/framing_fuzz
	$(FUZZ)/input_fuzz -max_total_time=$(FUZZ_SECONDS) -timeout=5 $(FUZZ)/corpus/input
	$(FUZZ)/framing_fuzz -max_total_time=$(FUZZ_SECONDS) -timeout=5 $(FUZZ)/corpus/framing

# The API contract the web is typed against: regenerate after changing a route or a codec, and commit.
openapi:
	ninja -C $(RELEASE) duet
	$(DUET) openapi > web/openapi.json
	cd web && npm run types --silent

bench: build tests/node_modules/.stamp
	bash scripts/bench.sh

# The house style (.clang-format): fails on any difference. `make format` rewrites the files.
# clang-tidy (.clang-tidy) over the rules and stores; ESLint over the web.
FORMATTED = $$(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/unit/*.cpp' 'tests/core/*.cpp' 'bench/*.cpp' 'bench/*.hpp' 'fuzz/*.cpp')
check:
	clang-format --dry-run --Werror $(FORMATTED)
	bash scripts/tidy.sh
	cd web && npm run lint --silent

format:
	clang-format -i $(FORMATTED)

clean:
	rm -rf build web/dist
