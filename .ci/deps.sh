#!/usr/bin/env bash
# Installs the Debian packages leftsr needs to build, test and play, if any
# are missing. Uses sudo when not root. On other systems prints the list.
set -euo pipefail
PKGS=(cmake make gcc pkg-config libcjson-dev libsdl2-dev libsdl2-ttf-dev
      libfontconfig-dev fonts-dejavu-core)
# What `make deb` needs: dpkg-buildflags, dpkg-shlibdeps (and file, which CPack uses).
DEB_PKGS=(dpkg-dev file)
# Extra packages for the test suite (headless screens, fuzzing, reports; the
# install, package, desktop entry, metainfo, man page and icon checks).
if [ "${1:-}" = "--test" ]; then
  PKGS+=(clang libclang-rt-14-dev valgrind python3 chromium poppler-utils gettext
         "${DEB_PKGS[@]}" desktop-file-utils appstream mandoc librsvg2-bin lintian zsh bash-completion
         xvfb x11-utils)
elif [ "${1:-}" = "--deb" ]; then
  PKGS+=("${DEB_PKGS[@]}")
elif [ "${1:-}" = "--web" ]; then
  # The browser build (make web): Emscripten, its optimizer's acorn module,
  # apt-get source for the WebAssembly libraries, font subsetting, and
  # headless Chromium for its test and benchmark.
  PKGS+=(emscripten node-acorn dpkg-dev python3 fonttools fonts-dejavu-extra chromium)
fi

# The browser build compiles SDL2, SDL2_ttf, FreeType and cJSON from
# Debian's source packages: add deb-src for the mirror already in use.
web_sources() {
  local f=/etc/apt/sources.list.d/debian.sources
  grep -rqs '^Types:.*deb-src\|^deb-src ' /etc/apt/sources.list /etc/apt/sources.list.d/ && return 1
  echo "leftsr: adding deb-src lines (same mirror) for the WebAssembly libraries"
  if [ -f "$f" ]; then
    sed -n '/^Types:/,/^$/p' "$f" | grep -v '^#' | sed 's/^Types: deb$/Types: deb-src/' |
      $SUDO tee /etc/apt/sources.list.d/leftsr-deb-src.sources >/dev/null
  elif [ -f /etc/apt/sources.list ]; then
    grep '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' | $SUDO tee /etc/apt/sources.list.d/leftsr-deb-src.list >/dev/null
  fi
  return 0
}

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "leftsr: this is not a Debian-based system; please install the equivalents of:" >&2
  echo "  ${PKGS[*]}" >&2
  exit 0
fi
missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
SUDO=""
need_sudo() {
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "leftsr: not root and no sudo; please $1" >&2; exit 2; fi
  fi
}
update=0
if [ "${1:-}" = "--web" ] && ! grep -rqs '^Types:.*deb-src\|^deb-src ' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  need_sudo "add deb-src lines to /etc/apt/sources.list.d"
  web_sources && update=1
fi
[ ${#missing[@]} -eq 0 ] && [ $update -eq 0 ] && exit 0
need_sudo "install: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
[ ${#missing[@]} -eq 0 ] && exit 0
echo "leftsr: installing missing packages: ${missing[*]}"
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
