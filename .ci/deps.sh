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
  PKGS+=(clang libclang-rt-14-dev valgrind python3 chromium poppler-utils
         "${DEB_PKGS[@]}" desktop-file-utils appstream mandoc librsvg2-bin lintian zsh bash-completion
         xvfb x11-utils)
elif [ "${1:-}" = "--deb" ]; then
  PKGS+=("${DEB_PKGS[@]}")
fi

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
[ ${#missing[@]} -eq 0 ] && exit 0
echo "leftsr: installing missing packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "leftsr: not root and no sudo; please install: ${missing[*]}" >&2; exit 2; fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
