# Thin wrapper over CMake: the README's two commands and a few helpers.
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=
SCENARIO   ?=
FUZZ_SECONDS ?= 60
FUZZ_BUILD ?= build-fuzz
WEB_BUILD  ?= build-web
PORT       ?= 8000
PREFIX     ?= /usr/local
DESTDIR    ?=
DEB_BUILD  ?= build-deb

.PHONY: all deps build play install deb po test test-fast test-asan test-fuzz test-valgrind bench fuzz valgrind clean \
        web serve test-web bench-web

all: build

deps:
	@bash .ci/deps.sh

$(BUILD)/CMakeCache.txt:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLSR_WERROR=ON $(CMAKE_FLAGS) >/dev/null

build: deps $(BUILD)/CMakeCache.txt
	@cmake --build $(BUILD) -j $(JOBS)

# Only the program: the tests, fuzz replays and benchmarks are not needed to play.
play: deps $(BUILD)/CMakeCache.txt
	@cmake --build $(BUILD) --target leftsr -j $(JOBS)
	@./$(BUILD)/leftsr play $(SCENARIO)

# make install [PREFIX=/usr/local] [DESTDIR=/staging]; the installed leftsr
# finds its data relative to itself, so the tree may be moved afterwards.
install: deps $(BUILD)/CMakeCache.txt
	@cmake --build $(BUILD) --target leftsr -j $(JOBS)
	@DESTDIR="$(DESTDIR)" cmake --install $(BUILD) --prefix "$(PREFIX)"

# leftsr_VERSION_ARCH.deb in $(DEB_BUILD)/: a release build with Debian's
# hardening flags, no tests, no path into this source tree; a game's binary
# goes to /usr/games there (Debian policy 11.11) and Debian's zsh reads
# vendor-completions.
DEB_FLAGS = DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get
deb:
	@bash .ci/deps.sh --deb
	@cmake -S . -B $(DEB_BUILD) -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
	  -DLSR_BUILD_TESTS=OFF -DLSR_SOURCE_FALLBACK=OFF -DCMAKE_INSTALL_BINDIR=games \
	  -DLSR_ZSH_COMPLETION_DIR=share/zsh/vendor-completions \
	  -DCMAKE_C_FLAGS="$$($(DEB_FLAGS) CFLAGS) $$($(DEB_FLAGS) CPPFLAGS)" \
	  -DCMAKE_EXE_LINKER_FLAGS="$$($(DEB_FLAGS) LDFLAGS)" $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(DEB_BUILD) --target leftsr -j $(JOBS)
	@cd $(DEB_BUILD) && cpack -G DEB >/dev/null
	@ls $(DEB_BUILD)/leftsr_*.deb

# The program's own words: refresh assets/po/leftsr.pot from the _(), N_() and
# lsr_ui_n() strings of game/ (xgettext) and merge it into each
# assets/po/LANG.po (msgmerge); then translate what is new or fuzzy.
po:
	@sh assets/po/update.sh
	@for po in assets/po/*.po; do printf '%s: ' "$$po"; msgfmt -c --statistics -o /dev/null "$$po"; done

# tests/ctest.sh is ctest plus a line per skipped test saying why.
test-fast: build
	@bash tests/ctest.sh $(BUILD) --output-on-failure -j $(JOBS)

test-asan: deps
	@bash .ci/deps.sh --test
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DLSR_WERROR=ON -DLSR_SANITIZE=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	@ASAN_OPTIONS=detect_leaks=1 bash tests/ctest.sh $(ASAN_BUILD) --output-on-failure -j $(JOBS) -LE packaging

# Every libFuzzer target for FUZZ_SECONDS each (clang, ASan+UBSan); crashes
# are copied to tests/fuzz/regressions/<target>/ to be fixed and committed.
fuzz: deps
	@bash .ci/deps.sh --test
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_BUILD=$(FUZZ_BUILD) bash tests/fuzz/run_fuzz.sh

# A short fuzzing run inside `make test`; new crash inputs stay in the build folder.
test-fuzz: deps
	@if command -v clang >/dev/null 2>&1; then \
	  FUZZ_SECONDS=$${FUZZ_SECONDS:-20} FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_KEEP=0 bash tests/fuzz/run_fuzz.sh; \
	else echo "leftsr: clang is missing, so the fuzz run cannot happen (bash .ci/deps.sh --test)" >&2; exit 1; fi

# Every test that needs no display under valgrind, test_analyze included
# (about 10 minutes); `make test` runs the engine's share of it.
test-valgrind valgrind: build
	@VALGRIND_TESTS=all bash tests/ctest.sh $(BUILD) --output-on-failure -R 'script/valgrind'

# The browser build (its libraries are built once and cached in build-web/),
# the whole suite (which then plays the site in headless Chromium), the same
# suite again under ASan+UBSan, then a short fuzzing run of every target;
# the time it took is printed last.
test: deps
	@start=$$(date +%s); \
	bash .ci/deps.sh --test && \
	$(MAKE) --no-print-directory web && \
	$(MAKE) --no-print-directory test-fast && \
	$(MAKE) --no-print-directory test-asan && \
	$(MAKE) --no-print-directory test-fuzz FUZZ_SECONDS=12; rc=$$?; \
	t=$$(( $$(date +%s) - start )); \
	echo "make test: $$([ $$rc -eq 0 ] && echo passed || echo FAILED) in $$((t / 60)) min $$((t % 60)) s"; \
	exit $$rc

bench: build
	@cmake --build $(BUILD) --target benchmarks -j $(JOBS)
	@bash bench/run.sh $(BUILD)

# The browser build (WebAssembly, same C game): WEB_BUILD/site is the whole
# site; the libraries it links are built once from Debian's sources.
web:
	@bash .ci/deps.sh --web
	@bash web/build.sh $(WEB_BUILD)

serve:
	@test -f $(WEB_BUILD)/site/leftsr.wasm || $(MAKE) --no-print-directory web
	@echo "leftsr: http://127.0.0.1:$(PORT)/ (Ctrl+C stops)"
	@cd $(WEB_BUILD)/site && python3 -m http.server $(PORT) --bind 127.0.0.1

# Builds the site and plays it in headless Chromium (`make test` builds the
# site first, and its suite plays it as script/web).
test-web: web
	@python3 tests/web/test_web.py $(WEB_BUILD)/site .

bench-web: web
	@python3 bench/web_bench.py $(WEB_BUILD)/site

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) $(DEB_BUILD)
