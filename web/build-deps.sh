#!/usr/bin/env bash
# Builds the C libraries the browser build links (SDL2, FreeType, SDL2_ttf,
# cJSON) for WebAssembly from Debian's own source packages, into
# $OUT/deps/prefix. Emscripten's ports download at build time, which cannot
# work offline; Debian's sources come through apt like everything else.
# A stamp per library keeps a second run from rebuilding anything.
set -euo pipefail
OUT=${1:?usage: build-deps.sh BUILD_WEB_DIR}
OUT=$(mkdir -p "$OUT" && cd "$OUT" && pwd)
DEPS=$OUT/deps
SRC=$DEPS/src
PREFIX=$DEPS/prefix
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}
mkdir -p "$SRC" "$PREFIX"

have_deb_src() {
  grep -rqs '^Types:.*deb-src\|^deb-src ' /etc/apt/sources.list /etc/apt/sources.list.d/
}

# Unpacks Debian's source package $1 into $SRC (once) and prints its folder.
fetch() {
  local pkg=$1 dir
  dir=$(find "$SRC" -maxdepth 1 -mindepth 1 -type d -name "$2-[0-9]*" | head -n 1)
  if [ -z "$dir" ]; then
    if ! have_deb_src; then
      echo "leftsr web: no deb-src line in /etc/apt/sources.list*; run: bash .ci/deps.sh --web" >&2
      exit 2
    fi
    (cd "$SRC" && apt-get source -qq "$pkg" >/dev/null 2>"$SRC/$pkg.log") || {
      echo "leftsr web: apt-get source $pkg failed (see $SRC/$pkg.log; try apt-get update)" >&2; exit 2; }
    dir=$(find "$SRC" -maxdepth 1 -mindepth 1 -type d -name "$2-[0-9]*" | head -n 1)
  fi
  echo "$dir"
}

# Configures, builds and installs one CMake project with emcmake.
build() {
  local name=$1 dir=$2; shift 2
  [ -f "$DEPS/$name.stamp" ] && return 0
  echo "leftsr web: building $name for WebAssembly (once; cached in $DEPS)"
  local start=$SECONDS
  rm -rf "$DEPS/build-$name"
  emcmake cmake -S "$dir" -B "$DEPS/build-$name" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$PREFIX" -DCMAKE_PREFIX_PATH="$PREFIX" \
    -DCMAKE_FIND_ROOT_PATH="$PREFIX" -DBUILD_SHARED_LIBS=OFF "$@" \
    >"$DEPS/$name.log" 2>&1 || { echo "leftsr web: configuring $name failed, see $DEPS/$name.log" >&2; exit 1; }
  cmake --build "$DEPS/build-$name" -j "$JOBS" >>"$DEPS/$name.log" 2>&1 &&
    cmake --install "$DEPS/build-$name" >>"$DEPS/$name.log" 2>&1 ||
    { echo "leftsr web: building $name failed, see $DEPS/$name.log" >&2; exit 1; }
  touch "$DEPS/$name.stamp"
  echo "leftsr web: $name built in $((SECONDS - start)) s"
}

command -v emcmake >/dev/null || { echo "leftsr web: emscripten is missing; run: bash .ci/deps.sh --web" >&2; exit 2; }

# cJSON and FreeType are small; SDL2 is the long one, so only what the game
# uses is enabled (video, events, timers, the GLES2 renderer).
build cjson "$(fetch cjson cjson)" -DENABLE_CJSON_TEST=OFF -DENABLE_CJSON_UTILS=OFF \
  -DENABLE_CUSTOM_COMPILER_FLAGS=OFF -DENABLE_TARGET_EXPORT=ON
build freetype "$(fetch freetype freetype)" -DFT_DISABLE_ZLIB=ON -DFT_DISABLE_BZIP2=ON \
  -DFT_DISABLE_PNG=ON -DFT_DISABLE_HARFBUZZ=ON -DFT_DISABLE_BROTLI=ON
build sdl2 "$(fetch libsdl2 libsdl2)" -DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_TEST=OFF \
  -DSDL_AUDIO=OFF -DSDL_JOYSTICK=OFF -DSDL_HAPTIC=OFF -DSDL_SENSOR=OFF -DSDL_POWER=OFF \
  -DSDL_HIDAPI=OFF -DSDL_THREADS=OFF -DSDL_PTHREADS=OFF -DSDL_LOCALE=OFF -DSDL_MISC=OFF \
  -DSDL_FILESYSTEM=ON -DSDL_ATOMIC=ON -DSDL_CPUINFO=ON
build sdl2_ttf "$(fetch libsdl2-ttf libsdl2-ttf)" -DSDL2TTF_SAMPLES=OFF -DSDL2TTF_VENDORED=OFF \
  -DSDL2TTF_HARFBUZZ=OFF -DSDL2TTF_INSTALL=ON -DSDL2_DIR="$PREFIX/lib/cmake/SDL2" \
  -DFREETYPE_LIBRARY="$PREFIX/lib/libfreetype.a" -DFREETYPE_INCLUDE_DIRS="$PREFIX/include/freetype2"
