#!/usr/bin/env bash
# Reports end to end: plays the historical path of a bundled scenario into a
# save, runs `leftsr report` to HTML, Markdown and CSV, and prints the HTML to
# PDF in headless Chromium (then to PNG with pdftoppm when present). Fails if
# the page does not render. Needs the Debian packages chromium and
# poppler-utils (`bash .ci/deps.sh --report`). LSR_REPORT_KEEP=DIR keeps the
# HTML, PDF and PNG pages there for a look.
set -uo pipefail
: "${LEFTSR:?}" "${SRC:?}"
fail() { echo "FAIL report_render: $*"; exit 1; }

CHROMIUM=""
for c in chromium chromium-browser google-chrome; do
  if command -v "$c" >/dev/null 2>&1; then CHROMIUM=$(command -v "$c"); break; fi
done
[ -n "$CHROMIUM" ] || fail "chromium is not installed: it is needed to check that reports render.
  Install it with: sudo apt-get install chromium poppler-utils   (or: bash .ci/deps.sh --report)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
id=coalition
scen="$SRC/scenarios/$id.json"
[ -f "$scen" ] || fail "no scenario $scen"
choices=$(python3 -c '
import json, sys
paths = json.load(open(sys.argv[1]))
p = next((p for p in paths if p["name"] == "historical"), paths[0])
print(",".join(p["choices"]))' "$SRC/tests/scenarios/paths/$id.json") || fail "cannot read tests/scenarios/paths/$id.json"

"$LEFTSR" play --text --seed 1 --save "$tmp/s.json" --choices "$choices" "$scen" </dev/null >"$tmp/play.txt" 2>&1 \
  || { tail -20 "$tmp/play.txt"; fail "leftsr play exited $?"; }
[ -s "$tmp/s.json" ] || fail "leftsr play wrote no save"

out=$("$LEFTSR" report "$tmp/s.json" --format html --date 2025-10-11 -o "$tmp/report.html" 2>&1)
rc=$?
if printf '%s' "$out" | grep -q "unknown command 'report'"; then
  fail "the leftsr binary has no 'report' command (wire lsr_cmd_report from game/tools/report.h into game/main.c)"
fi
[ $rc -eq 0 ] || { echo "$out"; fail "leftsr report exited $rc"; }
html="$tmp/report.html"
[ -s "$html" ] || fail "no HTML report written"
grep -q '<meta charset="utf-8">' "$html" || fail "report lacks <meta charset>"
grep -q '<svg class="line"' "$html" || fail "report has no charts"
# url(#id) names a pattern inside the page (the map's hatching); any other url( would load something
if grep -qE '(src|href)="https?:|url\([^#]|@import' "$html"; then fail "report refers to the network"; fi

# The same report twice: byte for byte the same.
"$LEFTSR" report "$tmp/s.json" --date 2025-10-11 -o "$tmp/again.html" >/dev/null 2>&1 || fail "second report failed"
cmp -s "$html" "$tmp/again.html" || fail "the report is not deterministic"
# Markdown and CSV from the same save.
"$LEFTSR" report "$tmp/s.json" --format md --date 2025-10-11 -o "$tmp/report.md" 2>/dev/null || fail "Markdown report failed"
head -1 "$tmp/report.md" | grep -q '^<!-- leftsr report -->' || fail "Markdown report lacks its marker"
"$LEFTSR" report "$tmp/s.json" --format csv -o "$tmp/report.csv" 2>/dev/null || fail "CSV report failed"
head -1 "$tmp/report.csv" | grep -q '^index,date,step_id,' || fail "CSV report lacks its header"
# Never overwrite a file that is not a report.
echo "lesson notes" > "$tmp/notes.txt"
if "$LEFTSR" report "$tmp/s.json" -o "$tmp/notes.txt" >/dev/null 2>&1; then fail "overwrote a file that is not a report"; fi
grep -q "lesson notes" "$tmp/notes.txt" || fail "notes.txt was changed"
# A damaged save: exit 2.
sed 's/"seed":"1"/"seed":"2"/' "$tmp/s.json" > "$tmp/bad.json"
"$LEFTSR" report "$tmp/bad.json" -o "$tmp/bad.html" >/dev/null 2>&1
[ $? -eq 2 ] || fail "a damaged save did not exit 2"

# Print to PDF, offline, with a throwaway profile.
export HOME="$tmp/home"; mkdir -p "$HOME"
timeout 180 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$(mktemp -d -p "$tmp")" --no-pdf-header-footer --print-to-pdf-no-header \
  --print-to-pdf="$tmp/report.pdf" "file://$html" >"$tmp/chromium.log" 2>&1
rc=$?
[ -s "$tmp/report.pdf" ] || { tail -20 "$tmp/chromium.log"; fail "chromium wrote no PDF (exit $rc)"; }
head -c 5 "$tmp/report.pdf" | grep -q '%PDF-' || fail "chromium's output is not a PDF"
size=$(stat -c %s "$tmp/report.pdf")
[ "$size" -gt 30000 ] || fail "the PDF is suspiciously small ($size bytes)"

pages=0
if command -v pdftoppm >/dev/null 2>&1; then
  pdftoppm -r 40 -png "$tmp/report.pdf" "$tmp/page" || fail "pdftoppm could not read the PDF"
  pages=$(ls "$tmp"/page-*.png 2>/dev/null | wc -l)
  [ "$pages" -ge 3 ] || fail "expected several A4 pages, got $pages"
  for p in "$tmp"/page-*.png; do
    [ "$(stat -c %s "$p")" -gt 3000 ] || fail "page $(basename "$p") looks blank"
  done
else
  echo "note: pdftoppm (poppler-utils) not installed; PNG pages not checked"
fi
if [ -n "${LSR_REPORT_KEEP:-}" ]; then
  mkdir -p "$LSR_REPORT_KEEP" && cp "$html" "$tmp/report.pdf" "$tmp"/page-*.png "$LSR_REPORT_KEEP"/ 2>/dev/null
fi
echo "report rendered: $size-byte PDF, $pages pages"
echo "1 passed, 0 failed"
