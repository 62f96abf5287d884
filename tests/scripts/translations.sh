#!/usr/bin/env bash
# Scenario translations: the bundled templates are what `leftsr po` writes
# today, every bundled file is 100 % translated into ru, es and fr, the
# catalogues are valid gettext, `check --lang` reports each kind of problem
# at its line (tests/scenarios/i18n), and play uses or refuses a language.
set -uo pipefail
: "${LEFTSR:?}" "${SRC:?}"
cd "$SRC"
. "$(dirname "$0")/lib/check.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
bundled=(coalition brest july campaign)

for id in "${bundled[@]}"; do
  if "$LEFTSR" po -o "$tmp/$id.pot" "scenarios/$id.json" 2>/dev/null && cmp -s "$tmp/$id.pot" "scenarios/po/$id.pot"; then ok
  else bad "scenarios/po/$id.pot is not what 'leftsr po scenarios/$id.json' writes now (run it, then msgmerge each language)"; fi
done

for lang in ru es fr; do
  files=(); for id in "${bundled[@]}"; do files+=("scenarios/$id.json"); done
  out=$("$LEFTSR" check --lang "$lang" "${files[@]}" 2>/dev/null); rc=$?
  n100=$(printf '%s\n' "$out" | grep -c "(100 %); 0 missing, 0 fuzzy, 0 out of date, 0 malformed, 0 unused")
  if [ $rc -eq 0 ] && [ "$n100" -eq ${#bundled[@]} ]; then ok
  else bad "check --lang $lang is not 100 % for every bundled file (exit $rc):"; printf '%s\n' "$out" | tail -5; fi
  if command -v msgfmt >/dev/null 2>&1; then
    for id in "${bundled[@]}"; do
      msgfmt -c -o /dev/null "scenarios/po/$lang/$id.po" 2>"$tmp/msgfmt" && ok \
        || bad "msgfmt -c rejects scenarios/po/$lang/$id.po: $(head -3 "$tmp/msgfmt")"
    done
  fi
done
command -v msgfmt >/dev/null 2>&1 || echo "note: msgfmt (gettext) is not installed: the catalogues' gettext syntax was checked by leftsr only"

# every kind of problem, at its line
out=$("$LEFTSR" check --lang xx tests/scenarios/i18n/minimal.json 2>/dev/null); rc=$?
[ $rc -eq 1 ] && ok || bad "check --lang xx exited $rc, not 1"
if diff -u tests/scenarios/i18n/expected-xx.txt <(printf '%s\n' "$out") > "$tmp/d"; then ok
else bad "check --lang xx output differs:"; head -20 "$tmp/d"; fi
out=$("$LEFTSR" check --lang yy tests/scenarios/i18n/minimal.json 2>/dev/null); rc=$?
[ $rc -eq 1 ] && grep -q "po/yy/minimal.po:7:1: error\[E_PO_SYNTAX\]: unknown escape" <<< "$out" && ok \
  || bad "a broken catalogue is not reported with its line (exit $rc): $out"

# play: a translation is used; a missing one is refused with the list
# (output is captured, then searched from a here-string: grep -q leaving a
# pipe early would kill the writer with SIGPIPE and fail it under pipefail)
out=$("$LEFTSR" play --text --no-save --lang xx --choices 1 tests/scenarios/i18n/minimal.json </dev/null 2>&1)
grep -q "Le plus petit scénario" <<< "$out" && ok || bad "play --lang xx does not show the translated title"
out=$("$LEFTSR" play --text --no-save --lang ru --choices 2 coalition </dev/null 2>&1)
grep -q "Переговоры о коалиции" <<< "$out" && ok || bad "play --lang ru coalition is not in Russian"
out=$("$LEFTSR" play --text --lang de coalition </dev/null 2>&1); rc=$?
[ $rc -eq 2 ] && grep -q "no 'de' translation.*available: en, es, fr, ru" <<< "$out" && ok \
  || bad "play --lang de: exit $rc, '$out'"
# the environment picks a language the scenario has; a missing one is a notice
out=$(LANGUAGE= LC_ALL= LC_MESSAGES= LANG=fr_FR.UTF-8 "$LEFTSR" play --text --no-save --choices 2 coalition </dev/null 2>&1)
grep -q "Les pourparlers de coalition" <<< "$out" && ok || bad "LANG=fr_FR does not choose French"
out=$(LANGUAGE= LC_ALL= LC_MESSAGES= LANG=de_DE.UTF-8 "$LEFTSR" play --text --no-save --choices 2 coalition </dev/null 2>&1)
grep -q "no 'de' translation of this scenario yet; playing in English" <<< "$out" && grep -q "Coalition talks" <<< "$out" \
  && ok || bad "LANG=de_DE: no notice or not English"
finish
