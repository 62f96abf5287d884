#!/usr/bin/env bash
# make web: builds the browser version into $OUT/site (index.html, page.js,
# sw.js, leftsr.js/.wasm and leftsr.data with the scenarios and fonts).
# The libraries are built once (build-deps.sh); later runs rebuild the game.
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$SRC/build-web}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}
FONTS=${LEFTSR_FONT_DIR:-/usr/share/fonts/truetype/dejavu}

bash "$SRC/web/build-deps.sh" "$OUT"

# ---- the data package: bundled scenarios and the five faces, subset to
# the scripts the game and its scenarios use (Latin, Cyrillic, punctuation,
# arrows and the few symbols the screens draw) to keep the download small.
DATA=$OUT/data
mkdir -p "$DATA/scenarios" "$DATA/fonts"
for f in "$SRC"/scenarios/*.json; do
  case $(basename "$f") in schema.json) continue ;; esac
  cmp -s "$f" "$DATA/scenarios/$(basename "$f")" || cp "$f" "$DATA/scenarios/"
done
for f in "$DATA"/scenarios/*.json; do [ -f "$SRC/scenarios/$(basename "$f")" ] || rm -f "$f"; done
# the program's own catalogues (assets/po/LANG.po), found as po/LANG.po
rm -rf "$DATA/po"
if compgen -G "$SRC/assets/po/*.po" >/dev/null; then
  mkdir -p "$DATA/po"
  cp -p "$SRC"/assets/po/*.po "$DATA/po/"
fi
# translations (?lang=ru): the catalogues, not their templates
rm -rf "$DATA/scenarios/po.new"
for f in "$SRC"/scenarios/po/*/*.po; do
  [ -f "$f" ] || continue
  rel=${f#"$SRC"/scenarios/po/}
  mkdir -p "$DATA/scenarios/po.new/$(dirname "$rel")"
  cp -p "$f" "$DATA/scenarios/po.new/$rel"
done
if [ -d "$DATA/scenarios/po.new" ]; then
  if diff -r "$DATA/scenarios/po.new" "$DATA/scenarios/po" >/dev/null 2>&1; then rm -rf "$DATA/scenarios/po.new"
  else rm -rf "$DATA/scenarios/po"; mv "$DATA/scenarios/po.new" "$DATA/scenarios/po"; fi
fi
python3 - "$SRC" "$OUT/fonts-text.txt" <<'PY'
import glob, sys
src, out = sys.argv[1], sys.argv[2]
chars = set()
for f in (glob.glob(src + '/scenarios/*.json') + glob.glob(src + '/scenarios/po/*/*.po') + glob.glob(src + '/assets/po/*.po') +
          glob.glob(src + '/game/**/*.[ch]', recursive=True)):
    chars |= set(open(f, encoding='utf-8', errors='ignore').read())
text = ''.join(sorted(c for c in chars if ord(c) >= 0x20))
try:
    if open(out, encoding='utf-8').read() == text: sys.exit(0)
except OSError: pass
open(out, 'w', encoding='utf-8').write(text)
PY
RANGES="U+0020-007E,U+00A0-017F,U+0400-045F,U+2010-2027,U+2030-205E,U+20AC,U+2190-21FF,U+2212,U+2264-2265,U+25A0-25FF,U+2713-2717"
for face in DejaVuSerif DejaVuSerif-Bold DejaVuSerif-Italic DejaVuSans DejaVuSans-Bold; do
  dst=$DATA/fonts/$face.ttf
  [ -f "$FONTS/$face.ttf" ] || { echo "leftsr web: $FONTS/$face.ttf is missing (fonts-dejavu-core, fonts-dejavu-extra)" >&2; exit 2; }
  if [ ! -f "$dst" ] || [ "$dst" -ot "$OUT/fonts-text.txt" ]; then
    if command -v pyftsubset >/dev/null; then
      pyftsubset "$FONTS/$face.ttf" --unicodes="$RANGES" --text-file="$OUT/fonts-text.txt" \
        --layout-features='kern,liga' --drop-tables+=FFTM --output-file="$dst"
    else
      echo "leftsr web: pyftsubset (fonttools) is missing; packaging whole fonts" >&2
      cp "$FONTS/$face.ttf" "$dst"
    fi
  fi
done

# ---- the game
if [ ! -f "$OUT/game/CMakeCache.txt" ]; then
  emcmake cmake -S "$SRC/web" -B "$OUT/game" -DCMAKE_BUILD_TYPE=Release \
    -DLSR_DEPS_PREFIX="$OUT/deps/prefix" -DLSR_WEB_DATA="$DATA" >"$OUT/game-configure.log" 2>&1 ||
    { cat "$OUT/game-configure.log" >&2; exit 1; }
fi
cmake --build "$OUT/game" -j "$JOBS"

# ---- the site
SITE=$OUT/site
mkdir -p "$SITE"
for f in leftsr.js leftsr.wasm leftsr.data; do cmp -s "$OUT/game/$f" "$SITE/$f" || cp "$OUT/game/$f" "$SITE/"; done
for f in index.html page.js; do cmp -s "$SRC/web/$f" "$SITE/$f" || cp "$SRC/web/$f" "$SITE/"; done
id=$(cat "$SITE/leftsr.wasm" "$SITE/leftsr.data" "$SITE/leftsr.js" "$SITE/page.js" "$SITE/index.html" | sha256sum | cut -c1-12)
sed "s/@BUILD_ID@/$id/" "$SRC/web/sw.js" >"$SITE/sw.js.new"
cmp -s "$SITE/sw.js.new" "$SITE/sw.js" && rm "$SITE/sw.js.new" || mv "$SITE/sw.js.new" "$SITE/sw.js"
echo "leftsr web: site ready in $SITE (make serve, then open http://127.0.0.1:8000/)"
