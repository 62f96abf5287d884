#!/bin/sh
# The program's own words: extracts every _(), N_() and lsr_ui_n() string of
# game/ into the template and merges it into each language's catalogue.
#   sh assets/po/update.sh            refresh assets/po/leftsr.pot and LANG.po
#   sh assets/po/update.sh --pot FILE only write the template, to FILE
# The template keeps file names but no line numbers and no creation date,
# so it changes only when the strings do.
set -eu
cd "$(dirname "$0")/../.."
pot=assets/po/leftsr.pot
only_pot=
if [ "${1:-}" = "--pot" ]; then
  pot=$2
  only_pot=1
fi
tmp="$pot.tmp.$$"
trap 'rm -f "$tmp"' EXIT
find game -name '*.c' | LC_ALL=C sort | xargs xgettext --from-code=UTF-8 --language=C \
  -k_ -kN_ -klsr_ui_n:1,2 --flag=lsr_ui_n:1:c-format --flag=lsr_ui_n:2:c-format \
  --flag=lsr_cli_fail:3:c-format --flag=lsr_rp_str_printf:2:c-format \
  --add-comments=TRANSLATORS: --add-location=file --sort-by-file \
  --package-name=leftsr --msgid-bugs-address=https://github.com/leftsr/leftsr/issues \
  -o - | sed '/^"POT-Creation-Date: /d' > "$tmp"
mv "$tmp" "$pot"
[ -n "$only_pot" ] && exit 0
for po in assets/po/*.po; do
  [ -e "$po" ] || continue
  msgmerge --quiet --update --backup=none --add-location=file "$po" "$pot"
done
