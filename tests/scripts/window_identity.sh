#!/usr/bin/env bash
# The game window, on a real (virtual) X server, carries the application id
# as its WM_CLASS, matching the desktop entry so docks group it with the
# launcher, and a 64x64 icon instead of SDL's default.
set -uo pipefail
: "${LEFTSR:?}" "${SRC:?}" "${BUILD:?}"
grep -q '^LSR_WITH_SDL:BOOL=ON' "$BUILD/CMakeCache.txt" ||
  { echo "SKIP: this build has no SDL front end (LSR_WITH_SDL=OFF)"; exit 77; }
for tool in Xvfb xprop xwininfo; do
  command -v $tool >/dev/null || { echo "SKIP: $tool is missing (xvfb, x11-utils; bash .ci/deps.sh --test)"; exit 77; }
done
app=$(sed -n 's/^StartupWMClass=//p' "$SRC/assets/io.github.leftsr.Leftsr.desktop")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/leftsr-window.XXXXXX")
xpid=""; gpid=""
cleanup() {
  [ -n "$gpid" ] && kill "$gpid" 2>/dev/null
  [ -n "$xpid" ] && kill "$xpid" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$tmp/display" 2>"$tmp/xvfb.log" &
xpid=$!
for _ in $(seq 50); do [ -s "$tmp/display" ] && break; sleep 0.1; done
[ -s "$tmp/display" ] || { cat "$tmp/xvfb.log"; echo "FAIL: Xvfb did not start"; exit 1; }
export DISPLAY=:$(cat "$tmp/display")
env -u SDL_VIDEODRIVER -u SDL_VIDEO_X11_WMCLASS -u SDL_VIDEO_WAYLAND_WMCLASS \
  "$LEFTSR" play --no-save coalition </dev/null >"$tmp/game.log" 2>&1 &
gpid=$!
win=""
for _ in $(seq 100); do
  win=$(xwininfo -root -children 2>/dev/null | awk '/"Left SRs/ {print $1; exit}')
  [ -n "$win" ] && break
  kill -0 "$gpid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$win" ] || { cat "$tmp/game.log"; echo "FAIL: no leftsr window appeared"; exit 1; }
class=$(xprop -id "$win" WM_CLASS)
[ "$class" = "WM_CLASS(STRING) = \"$app\", \"$app\"" ] && ok || bad "WM_CLASS is not $app: $class"
icon=$(xprop -id "$win" _NET_WM_ICON | head -2)
grep -q 'Icon (64 x 64)' <<<"$icon" && ok || bad "the window has no 64x64 icon: $icon"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
