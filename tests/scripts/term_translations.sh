#!/usr/bin/env bash
# Terminal play and `leftsr analyze` in ru, es and fr (issue 16): a few
# scripted steps of coalition (help, state, log, take back, a classroom tie)
# and analyze's text reports show the catalogue's words, no English message
# of game/term or of analyze's output is left, Russian counts take their three
# plural forms, and columns stay aligned by display width.
set -uo pipefail
: "${LEFTSR:?}" "${SRC:?}"
cd "$SRC" || exit 2
. "$(dirname "$0")/lib/check.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# English fragments of the messages marked in FILES (the literal text between
# format directives, 10 characters and two words at least), one a line.
english_fragments() {
  python3 - "$@" <<'EOF'
import re, sys
text = open("assets/po/leftsr.pot", encoding="utf-8").read()
for block in text.split("\n\n"):
    refs = " ".join(re.findall(r"^#: (.*)$", block, re.M))
    if not any(f in refs for f in sys.argv[1:]):
        continue
    for key in ("msgid", "msgid_plural"):
        m = re.search(r"^%s ((?:\".*\"\n?)+)" % key, block, re.M)
        if not m:
            continue
        s = "".join(re.findall(r"\"(.*)\"", m.group(1)))
        s = s.replace("\\n", "\n").replace('\\"', '"')
        for frag in re.split(r"%[-+ #0-9.]*(?:l{0,2}|z|L)[a-zA-Z%]|\n", s):
            frag = frag.strip(" ()[]:;,.'\"")
            if len(frag) >= 10 and " " in frag:
                print(frag)
EOF
}
english_fragments game/term/ > "$tmp/term.en"
english_fragments game/tools/analyze_output.c > "$tmp/analyze.en"
[ "$(wc -l < "$tmp/term.en")" -gt 50 ] && [ "$(wc -l < "$tmp/analyze.en")" -gt 30 ] && ok \
  || bad "too few English messages found in the template"

# no_english NAME FRAGMENTS OUTPUT: no English message fragment is in OUTPUT
no_english() {
  local left
  left=$(grep -F -f "$2" <<< "$3" | head -3)
  [ -z "$left" ] && ok || bad "$1: English left: $left"
}

choices='h,s,l,1,u,1,1'
for lang in ru es fr; do
  out=$("$LEFTSR" play coalition --text --no-save --seed 1 --lang "$lang" --choices "$choices" 2>&1 </dev/null)
  case $lang in
    ru) want=('Ваш выбор [1-' 'Клавиши (введите клавишу и нажмите Enter)' 'u или back' 'Положение партии'
              'Чем выше, тем лучше' 'Журнал этой партии' '(конец журнала)' 'Ваше последнее решение отменено.'
              'Две оценки' 'Откуда взята история' 'ЧТО БЫЛО НА САМОМ ДЕЛЕ' 'Левые эсеры выбрали:' 'Ваши цели:') ;;
    es) want=('Tu elección [1-' 'Teclas (escribe una y pulsa Intro)' 'u o back' 'Estado del partido'
              'Cuanto más alto, mejor' 'El registro de esta partida' '(fin del registro)' 'Deshiciste tu última decisión.'
              'Las dos puntuaciones' 'LO QUE OCURRIÓ REALMENTE' 'Los eseristas de izquierda eligieron:' 'Tus objetivos:') ;;
    fr) want=('Votre choix [1-' 'Touches (tapez-en une et appuyez sur Entrée)' 'u ou back' 'État du parti'
              "Plus c'est haut, mieux c'est" 'Le journal de cette partie' '(fin du journal)' 'Votre dernière décision est annulée.'
              'Les deux scores' "CE QUI S'EST VRAIMENT PASSÉ" 'Les SR de gauche ont choisi :' 'Vos objectifs :') ;;
  esac
  for w in "${want[@]}"; do
    grep -qF -- "$w" <<< "$out" && ok || bad "play --lang $lang lacks '$w'"
  done
  no_english "play --lang $lang" "$tmp/term.en" "$out"
  # the state table: one column for every bar, Cyrillic units included
  sed -n '/^  \(Положение партии\|Estado del partido\|État du parti\)$/,/^$/p' <<< "$out" > "$tmp/state"
  [ "$(grep -c '\]$' "$tmp/state")" -ge 5 ] && python3 - "$tmp/state" <<'EOF' && ok || bad "play --lang $lang: the state table's bars are not in one column"
import sys
cols = {line.index("[") for line in open(sys.argv[1], encoding="utf-8") if line.rstrip().endswith("]")}
sys.exit(0 if len(cols) == 1 else 1)
EOF
done

# a whole game in Russian: the debrief's words and its decimal comma
all1=$(printf '1,%.0s' $(seq 1 30))
out=$("$LEFTSR" play coalition --text --no-save --seed 1 --lang ru --choices "$all1" 2>&1 </dev/null)
for w in 'ИТОГИ: ' 'Вы: ' 'История: ' 'Итог в сравнении с историей: ' 'Зерно: 1 (повторите эту партию'; do
  grep -qF -- "$w" <<< "$out" && ok || bad "the Russian debrief lacks '$w'"
done
grep -qE '^  Верность истории: [0-9]+,[0-9]%  \([0-9]+ из 8 решений — как у левых эсеров\)$' <<< "$out" && ok \
  || bad "the Russian fidelity line: $(grep 'Верность истории:' <<< "$out" | head -1)"
no_english "the Russian debrief" "$tmp/term.en" "$out"

# classroom in Russian: a tie, the teacher's choice, and "по 1 голосу"
out=$("$LEFTSR" play coalition --text --no-save --seed 1 --lang ru --classroom --choices '1 1 0 0,C,A,r,q' 2>&1 </dev/null)
for w in 'Голоса класса за каждый вариант (A B C D)' 'Голоса разделились поровну. Учитель, введите букву выбранного варианта.' \
         'Учитель решает между вариантами, набравшими по 1 голосу.' 'Учитель: r — показать, что было на самом деле' \
         'Левые эсеры выбрали:' 'Остановка здесь'; do
  grep -qF -- "$w" <<< "$out" && ok || bad "the Russian classroom lacks '$w'"
done
out=$("$LEFTSR" play coalition --text --no-save --seed 1 --lang ru --classroom --choices '3 3 0 0,C,A,q' 2>&1 </dev/null)
grep -qF 'набравшими по 3 голоса.' <<< "$out" && ok || bad "the Russian classroom lacks 'по 3 голоса'"

# a vote in Russian words (the test scenario is English: the environment
# picks the program's language): the table's headings, the result, the
# sources' estimate with "1 воздержался"
for mode in "" --plain; do
  # shellcheck disable=SC2086
  out=$(env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=ru_RU.UTF-8 "$LEFTSR" play tests/scenarios/good/vote-estimate.json \
        --text $mode --no-save --seed 1 --choices 1,1,1 2>&1 </dev/null)
  want=('Предложение: Open' 'Предложение ПРИНЯТО.' 'Оценка (в источниках нет): 9 за, 5 против, 1 воздержался, принято.')
  if [ -z "$mode" ]; then want+=('за  против  воздерж.' 'Всего                               10       5         0')
  else want+=('Bloc one: 10 за, 0 против, 0 воздержались.'); fi
  for w in "${want[@]}"; do
    grep -qF -- "$w" <<< "$out" && ok || bad "a Russian vote ($mode) lacks '$w'"
  done
done

# analyze --lang: the summary, findings and closing counts in each language
for lang in ru es fr; do
  out=$("$LEFTSR" analyze --lang "$lang" tests/analyze/overflow.json 2>&1)
  case $lang in
    ru) want=('Ситуации       3 различные, 2 перехода' 'Партии         2 различных пути, самый длинный — 1 шаг'
              'Находки' 'ошибка[A_OVERFLOW]: ' 'Исторический путь: верность 100.0%' '1 ошибка, 0 предупреждений, 0 замечаний') ;;
    es) want=('Situaciones    3 distintas, 2 transiciones' 'Partidas       2 caminos distintos, el más largo de 1 paso'
              'Hallazgos' 'error[A_OVERFLOW]: ' '1 error, 0 avisos, 0 notas') ;;
    fr) want=('Situations     3 distinctes, 2 transitions' 'Parties        2 chemins distincts, le plus long de 1 étape'
              'Constats' 'erreur[A_OVERFLOW]: ' '1 erreur, 0 avertissement, 0 remarque') ;;
  esac
  for w in "${want[@]}"; do
    grep -qF -- "$w" <<< "$out" && ok || bad "analyze --lang $lang lacks '$w': $(head -6 <<< "$out")"
  done
  no_english "analyze --lang $lang" "$tmp/analyze.en" "$out"
  out=$("$LEFTSR" analyze --lang "$lang" --random 2000 --seed 1 coalition 2>&1)
  no_english "analyze --random --lang $lang" "$tmp/analyze.en" "$out"
  # translated tables stay within 80 columns
  long=$(python3 -c 'import sys
for l in sys.stdin.read().split("\n"):
    if len(l) > 80 and not l.startswith("leftsr "): print(l)' <<< "$out" | head -1)
  [ -z "$long" ] && ok || bad "analyze --random --lang $lang: a line over 80 columns: $long"
done

# Russian plurals, three forms: 1 путь / 3 пути / 6 путей, 1 шаг / 2 шага,
# 0 ошибок / 1 ошибка, 1 замечание / 2 замечания; grouped digits (2 000)
an() { "$LEFTSR" analyze --lang ru "$1" 2>&1; }
grep -qF '1 различный путь, самый длинный — 1 шаг' <<< "$(an tests/scenarios/good/minimal.json)" && ok || bad "ru: 1 путь"
out=$(an tests/analyze/features.json)
grep -qF '3 различных пути, самый длинный — 2 шага' <<< "$out" && grep -qF '0 ошибок, 0 предупреждений, 1 замечание' <<< "$out" \
  && ok || bad "ru: 3 пути / 1 замечание: $(grep -E '^Партии|ошиб' <<< "$out")"
out=$(an tests/analyze/ink-port.json)
grep -qF '6 различных путей' <<< "$out" && grep -qF '2 замечания' <<< "$out" && ok || bad "ru: 6 путей / 2 замечания"
grep -q '^2 000 случайных партий' <<< "$("$LEFTSR" analyze --lang ru --random 2000 coalition 2>&1)" && ok \
  || bad "ru: grouped digits in the random report"

# --json ignores --lang; an unknown --lang is a usage error naming the others
[ "$("$LEFTSR" analyze --json tests/analyze/overflow.json 2>&1)" = "$("$LEFTSR" analyze --json --lang ru tests/analyze/overflow.json 2>&1)" ] \
  && ok || bad "analyze --json changed with --lang"
out=$("$LEFTSR" analyze --lang de tests/analyze/overflow.json 2>&1); rc=$?
[ $rc -eq 2 ] && grep -qF 'en, es, fr, ru' <<< "$out" && ok || bad "analyze --lang de: exit $rc: $out"

# English stays English
out=$("$LEFTSR" play coalition --text --no-save --seed 1 --choices "$choices" 2>&1 </dev/null)
grep -qF 'Took back your last decision.' <<< "$out" && grep -qF 'State of the party' <<< "$out" && ok \
  || bad "English play lost its words"

finish
