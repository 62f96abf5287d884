#!/usr/bin/env bash
# `leftsr play --screenshots DIR` walks every screen of a scenario in the
# SDL window (offscreen) and writes one PNG per screen, then exits 0.
set -euo pipefail
: "${LEFTSR:?}" "${BUILD:?}"
if grep -q '^LSR_WITH_SDL:BOOL=OFF' "$BUILD/CMakeCache.txt" 2>/dev/null; then
  echo "skipped: built without SDL"
  exit 0
fi
export SDL_VIDEODRIVER=offscreen SDL_RENDER_DRIVER=software
out="$BUILD/ui-script-shots"
rm -rf "$out"
mkdir -p "$out"
export XDG_CONFIG_HOME="$out/config" XDG_DATA_HOME="$out/data"
"$LEFTSR" play brest --seed 7 --no-save --size 1024x700 --screenshots "$out"
fail=0
for s in title settings briefing decision vote consequence debrief ending; do
  f="$out/$s-1024x700.png"
  if [ ! -s "$f" ] || [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" != "211PNG" ]; then
    echo "missing or not a PNG: $f" >&2
    fail=1
  fi
done
exit $fail
