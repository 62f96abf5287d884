#!/usr/bin/env bash
# The program's own words in ru, es and fr (assets/po/LANG.po): the template
# holds every marked string of game/ today, every catalogue is complete and
# valid gettext, the language comes from the environment or --lang, reports
# are written in it (<html lang>, plural forms, dates, decimals), and a
# language with no translation is refused with the list or falls back to
# English with a notice.
set -uo pipefail
: "${LEFTSR:?}" "${SRC:?}"
cd "$SRC"
. "$(dirname "$0")/lib/check.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# the tests run with LANGUAGE=en; each case sets the whole environment it needs
in_lang() { local l=$1; shift; env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG="$l" "$@"; }

if command -v xgettext >/dev/null 2>&1 && command -v msgcomm >/dev/null 2>&1; then
  # the same msgids as xgettext finds now (locations and header aside)
  if sh assets/po/update.sh --pot "$tmp/now.pot" 2>"$tmp/err"; then
    msgcomm --unique --no-location -o "$tmp/diff.po" assets/po/leftsr.pot "$tmp/now.pot" 2>>"$tmp/err"
    if [ ! -s "$tmp/diff.po" ] || ! grep -v '^msgid ""$' "$tmp/diff.po" | grep -q '^msgid '; then ok
    else bad "assets/po/leftsr.pot is out of date (run 'make po'); strings only in one of old/new:"; grep -A2 '^msgid' "$tmp/diff.po" | head -20; fi
  else bad "assets/po/update.sh --pot failed: $(head -3 "$tmp/err")"; fi
else
  echo "note: xgettext is not installed: the template's freshness was not checked"
fi

total=$(grep -c '^msgid ' assets/po/leftsr.pot); total=$((total - 1))
for lang in ru es fr; do
  po=assets/po/$lang.po
  [ -f "$po" ] || { bad "$po is missing"; continue; }
  if command -v msgfmt >/dev/null 2>&1; then
    stats=$(LC_ALL=C msgfmt -c --check-format --statistics -o /dev/null "$po" 2>&1); rc=$?
    [ $rc -eq 0 ] && ok || bad "msgfmt -c --check-format rejects $po: $stats"
    [ "$stats" = "$total translated messages." ] && ok \
      || bad "$po is not complete: '$stats' (the template has $total strings)"
  fi
  grep -q '^"Plural-Forms: nplurals=' "$po" && ok || bad "$po has no Plural-Forms header"
done

# --help in the environment's language
out=$(in_lang ru_RU.UTF-8 "$LEFTSR" check --help 2>&1); rc=$?
[ $rc -eq 0 ] && grep -q '^использование: leftsr check' <<< "$out" && grep -q 'показать эту справку и выйти' <<< "$out" \
  && ok || bad "LANG=ru_RU.UTF-8 check --help is not Russian (exit $rc): $(head -3 <<< "$out")"
out=$(in_lang es_ES.UTF-8 "$LEFTSR" report --help 2>&1)
grep -q '^uso: leftsr report' <<< "$out" && grep -q 'mostrar esta ayuda y salir' <<< "$out" && ok \
  || bad "LANG=es_ES.UTF-8 report --help is not Spanish: $(head -3 <<< "$out")"
out=$(in_lang fr_FR.UTF-8 "$LEFTSR" play --help 2>&1)
grep -q '^usage : leftsr play' <<< "$out" && grep -q 'jouer dans le terminal' <<< "$out" && ok \
  || bad "LANG=fr_FR.UTF-8 play --help is not French: $(head -3 <<< "$out")"
# LANGUAGE is a preference list; the tests' own LANGUAGE=en keeps English
out=$(env -u LC_ALL -u LC_MESSAGES LANG=ru_RU.UTF-8 LANGUAGE=de:fr "$LEFTSR" list --help 2>&1)
grep -q '^usage : leftsr list' <<< "$out" && ok || bad "LANGUAGE=de:fr does not choose French: $out"
out=$(env -u LC_ALL -u LC_MESSAGES LANG=ru_RU.UTF-8 LANGUAGE=en "$LEFTSR" check --help 2>&1)
grep -q '^usage: leftsr check' <<< "$out" && ok || bad "LANGUAGE=en does not keep English: $(head -2 <<< "$out")"
# a language with no program catalogue: English and one line of notice
out=$(in_lang de_DE.UTF-8 "$LEFTSR" list 2>"$tmp/err"); rc=$?
[ $rc -eq 0 ] && grep -q 'all three in order' <<< "$out" && [ "$(wc -l < "$tmp/err")" -eq 1 ] \
  && grep -q "no 'de' translation of the program yet; using English" "$tmp/err" && ok \
  || bad "LANG=de_DE.UTF-8 list: exit $rc, stderr: $(cat "$tmp/err")"
out=$(in_lang ru_RU.UTF-8 "$LEFTSR" list 2>&1)
grep -q '^coalition  Переговоры о коалиции .*25 октября 1917 г\..*(20 решений; найдено концовок: ' <<< "$out" && ok \
  || bad "LANG=ru_RU.UTF-8 list is not Russian: $out"

# a report in Russian from a scripted game
save=$tmp/game.json
"$LEFTSR" play --text --seed 1 --save "$save" --choices 1,2,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1 coalition \
  </dev/null >/dev/null 2>&1
if [ -s "$save" ]; then ok; else bad "play --save wrote no save"; fi
"$LEFTSR" report --lang ru --date 2026-12-01 -o "$tmp/ru.html" "$save" 2>"$tmp/err"; rc=$?
[ $rc -eq 0 ] && ok || bad "report --lang ru exited $rc: $(cat "$tmp/err")"
html=$(cat "$tmp/ru.html" 2>/dev/null)
for want in '<html lang="ru">' '<h2>Вопросы для обсуждения</h2>' '<h2>Решение за решением</h2>' \
            'Сыграно 1 декабря 2026 г.' 'Верность истории' 'частичный зачёт 0,5' '<th>Показатель</th>'; do
  grep -qF "$want" <<< "$html" && ok || bad "the Russian HTML report lacks '$want'"
done
grep -q 'Questions for discussion\|Decision by decision\|Played on' <<< "$html" \
  && bad "the Russian HTML report still has English headings" || ok
md=$("$LEFTSR" report --lang ru --date 2026-12-01 -f md "$save" 2>&1)
grep -q '^## Вопросы для обсуждения$' <<< "$md" && grep -qE '[0-9]+ из [0-9]+ решени(я|й) — как в истории' <<< "$md" \
  && ok || bad "the Russian Markdown report is not Russian: $(sed -n 1,12p <<< "$md")"
# the environment chooses the report's language too
# (here-strings, not pipes: grep -q closing a pipe early would fail the writer)
out=$(in_lang fr_FR.UTF-8 "$LEFTSR" report --date 2026-12-01 "$save" 2>/dev/null)
grep -q '<html lang="fr">' <<< "$out" && grep -q '<h2>Questions pour la discussion</h2>' <<< "$out" && ok \
  || bad "LANG=fr_FR.UTF-8 report is not French"
# English stays English (and the CSV's columns stay identifiers)
out=$("$LEFTSR" report --date 2026-12-01 "$save" 2>/dev/null)
grep -q '<html lang="en">' <<< "$out" && ok || bad "English report lost lang=en"
out=$("$LEFTSR" report --lang ru -f csv "$save" 2>/dev/null)
[[ $out == index,date,step_id,* ]] && ok || bad "the CSV header changed with the language"

# plural forms: a class vote of 1, 2 and 5 (1 голос, 2 голоса, 5 голосов)
cls=$tmp/class.json
for i in $(seq 1 40); do printf '1 2 5 0 0\n1 2 5 0\n1 2 5\n1 5\n'; done \
  | "$LEFTSR" play --text --classroom --seed 1 --save "$cls" coalition >/dev/null 2>&1
html=$("$LEFTSR" report --lang ru --date 2026-12-01 "$cls" 2>/dev/null)
for want in '>1 голос &middot;' '>2 голоса &middot;' '>5 голосов &middot;' '(5 из 8 голосов)'; do
  grep -qF "$want" <<< "$html" && ok || bad "the Russian class report lacks the plural '$want'"
done
html=$("$LEFTSR" report --lang fr --date 2026-12-01 "$cls" 2>/dev/null)
grep -qF '>1 voix &middot;' <<< "$html" && grep -qF '>5 voix &middot;' <<< "$html" && ok \
  || bad "the French class report lacks its vote counts"

# the campaign analysis in Russian (grouped digits, plural forms); analyze's JSON stays English
out=$(in_lang ru_RU.UTF-8 "$LEFTSR" analyze --max-states 1000 scenarios/campaign.json 2>&1)
grep -q '^кампания «campaign»: .* (3 части)$' <<< "$out" && grep -q '^Выборка: случайных партий всей кампании — 100 000' <<< "$out" \
  && ok || bad "the campaign analysis in Russian: $(head -3 <<< "$out")"
a_en=$("$LEFTSR" analyze --json tests/scenarios/good/vote-first.json 2>&1)
a_ru=$(in_lang ru_RU.UTF-8 "$LEFTSR" analyze --json tests/scenarios/good/vote-first.json 2>&1)
[ "$a_en" = "$a_ru" ] && ok || bad "analyze --json changed with the language"

# an unavailable --lang is an error that lists the available languages
for cmd in "report --lang de $save" "play --text --lang de coalition"; do
  # shellcheck disable=SC2086
  out=$("$LEFTSR" $cmd 2>&1 </dev/null); rc=$?
  [ $rc -eq 2 ] && grep -q "no 'de' translation of .*; available: en, es, fr, ru" <<< "$out" && ok \
    || bad "$cmd: exit $rc, $out"
done
# the man page's translations: clean roff, every command's options as the English page gives them
opts="python3 tests/scripts/help_options.py"
pages=(assets/man/*/leftsr.1)
[ ${#pages[@]} -ge 3 ] && ok || bad "fewer than three translated man pages: ${pages[*]}"
commands=$($opts commands "$LEFTSR")
for page in "${pages[@]}"; do
  if command -v groff >/dev/null 2>&1; then
    out=$(groff -k -Tutf8 -man -ww -z "$page" 2>&1)
    [ -z "$out" ] && ok || bad "groff -ww $page: $(head -3 <<< "$out")"
  fi
  if command -v mandoc >/dev/null 2>&1; then
    # -W warning: Cyrillic takes two bytes a letter, so mandoc's 80-byte style note does not apply
    out=$(mandoc -T lint -W warning "$page" 2>&1)
    [ -z "$out" ] && ok || bad "mandoc -T lint $page: $(head -3 <<< "$out")"
  fi
  # man_page.sh holds the English page to --help; each translation is held to the English page
  for cmd in $commands; do
    grep -q "^\.SS $cmd\$" "$page" && ok || bad "$page has no '.SS $cmd' section"
    in_en=$($opts man assets/leftsr.1 "$cmd")
    in_tr=$($opts man "$page" "$cmd")
    [ "$in_en" = "$in_tr" ] && ok \
      || bad "$page: '$cmd' options differ from assets/leftsr.1: $(diff <(echo "$in_en") <(echo "$in_tr") | grep '^[<>]' | tr '\n' ' ')"
  done
done

# installed: the catalogues, the scenarios' translations and the man pages,
# found by a moved install without the source tree
if [ -n "${BUILD:-}" ] && DESTDIR="$tmp/stage" cmake --install "$BUILD" --prefix /opt/leftsr >"$tmp/install.log" 2>&1; then
  root=$tmp/stage/opt/leftsr
  for f in share/leftsr/po/ru.po share/leftsr/po/es.po share/leftsr/po/fr.po \
           share/leftsr/scenarios/po/ru/coalition.po share/man/ru/man1/leftsr.1.gz \
           share/man/es/man1/leftsr.1.gz share/man/fr/man1/leftsr.1.gz; do
    [ -f "$root/$f" ] && ok || bad "not installed: $f"
  done
  out=$(cd "$tmp" && LEFTSR_NO_SOURCE_TREE=1 in_lang ru_RU.UTF-8 "$root/bin/leftsr" list 2>&1)
  grep -q '^coalition  Переговоры о коалиции .*(20 решений' <<< "$out" && ok \
    || bad "the installed leftsr does not list in Russian: $(head -2 <<< "$out")"
else
  echo "note: BUILD is unset or cmake --install failed: the installed catalogues were not checked"
fi
finish
