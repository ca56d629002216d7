# The two commands: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
RELEASE := build/release
DEBUG := build/debug
DUET := $(RELEASE)/duet
WEB_SOURCES := $(shell find web/src -type f 2>/dev/null) web/index.html web/vite.config.ts web/package.json
PORT ?= 8080

.PHONY: all run test deps build web debug bench check clean test-unit

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

bench: build tests/node_modules/.stamp
	bash scripts/bench.sh

check:
	clang-format --dry-run --Werror $$(git ls-files 'src/*.cpp' 'src/*.hpp') || true

clean:
	rm -rf build web/dist
