# Thin wrapper over CMake: the README's two commands and a few helpers.
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=
SCENARIO   ?=

.PHONY: all deps build play test test-fast test-asan bench fuzz valgrind clean

all: build

deps:
	@bash .ci/deps.sh

$(BUILD)/CMakeCache.txt:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLSR_WERROR=ON $(CMAKE_FLAGS) >/dev/null

build: deps $(BUILD)/CMakeCache.txt
	@cmake --build $(BUILD) -j $(JOBS)

play: build
	@./$(BUILD)/leftsr play $(SCENARIO)

test-fast: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: deps
	@bash .ci/deps.sh --test
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DLSR_WERROR=ON -DLSR_SANITIZE=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	@cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j $(JOBS)

# The whole suite, then the same suite again under ASan+UBSan.
test: deps
	@bash .ci/deps.sh --test
	@$(MAKE) --no-print-directory test-fast
	@$(MAKE) --no-print-directory test-asan

bench: build
	@cmake --build $(BUILD) --target benchmarks -j $(JOBS)
	@bash bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
