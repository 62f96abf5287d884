#!/usr/bin/env bash
# The committed icon PNGs and the window icon compiled into the SDL front end
# are what assets/make-icons.sh renders from the SVG today.
set -uo pipefail
: "${SRC:?}"
command -v rsvg-convert >/dev/null || { echo "SKIP: rsvg-convert is missing (librsvg2-bin; bash .ci/deps.sh --test)"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: python3 is missing (bash .ci/deps.sh --test)"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/leftsr-icons.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
app=io.github.leftsr.Leftsr
png="python3 $SRC/assets/png_rgba.py"

bash "$SRC/assets/make-icons.sh" "$tmp" || { echo "FAIL: make-icons.sh"; exit 1; }
for n in 16 22 24 32 48 64 128 256 512; do
  rel=assets/icons/hicolor/${n}x$n/apps/$app.png
  [ -f "$SRC/$rel" ] || { bad "$rel is not committed (bash assets/make-icons.sh)"; continue; }
  file "$SRC/$rel" | grep -q "PNG image data, $n x $n, 8-bit/color RGBA" && ok || bad "$rel: $(file -b "$SRC/$rel")"
  # pixels, not bytes: another librsvg may compress or antialias a little differently
  out=$($png compare "$SRC/$rel" "$tmp/$rel") && ok || bad "$rel is stale: $out (bash assets/make-icons.sh)"
done
# the window icon: exactly the committed 64 px PNG's pixels
$png header "$SRC/assets/icons/hicolor/64x64/apps/$app.png" "$tmp/icon_rgba.h"
cmp -s "$tmp/icon_rgba.h" "$SRC/game/sdl/icon_rgba.h" && ok || bad "game/sdl/icon_rgba.h is not the 64 px icon (bash assets/make-icons.sh)"
# the comparison itself tells a different picture apart: a blue banner
sed 's/#d1171e/#1f3fd1/' "$SRC/assets/icons/$app.svg" > "$tmp/blue.svg"
rsvg-convert -w 64 -h 64 "$tmp/blue.svg" -o "$tmp/blue.png"
out=$($png compare "$SRC/assets/icons/hicolor/64x64/apps/$app.png" "$tmp/blue.png")
grep -q "off by" <<<"$out" && ok || bad "png_rgba.py compare does not see a blue banner: $out"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
