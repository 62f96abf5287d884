#!/usr/bin/env bash
# Renders the application icon from its SVG source: hicolor PNGs for the
# desktop and the window icon compiled into the SDL front end.
#   bash assets/make-icons.sh          rewrite assets/icons/hicolor and game/sdl/icon_rgba.h
#   bash assets/make-icons.sh DIR      write the same files under DIR (tests compare them)
# Needs rsvg-convert (Debian: librsvg2-bin) and python3.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/..}
app=io.github.leftsr.Leftsr
svg=$here/icons/$app.svg
for n in 16 22 24 32 48 64 128 256 512; do
  dir=$out/assets/icons/hicolor/${n}x${n}/apps
  mkdir -p "$dir"
  rsvg-convert --width "$n" --height "$n" --format png "$svg" --output "$dir/$app.png"
done
mkdir -p "$out/game/sdl"
python3 "$here/png_rgba.py" header "$out/assets/icons/hicolor/64x64/apps/$app.png" "$out/game/sdl/icon_rgba.h"
