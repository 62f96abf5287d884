#!/usr/bin/env bash
# `leftsr analyze` has a budget (review 2026-12, #4): the review's small
# files that took 0.6-4.3 GB and up to a minute each stop cleanly at a small
# --max-memory with exit 1, a message naming the limit and what was
# explored, within seconds; --max-time stops exact analysis and random play
# (an event storm in a loop) the same way.
set -uo pipefail
: "${LEFTSR:?}" "${SRC:?}"
H="$SRC/tests/scenarios/hostile"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lsr-budget.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
timer=""; [ -x /usr/bin/time ] && timer=/usr/bin/time
run() { # NAME WANT_CODE MAX_SECONDS MAX_RSS_MB ARGS...
  local name=$1 code=$2 secs=$3 mb=$4; shift 4
  local start end rc rss=0
  start=$(date +%s)
  if [ -n "$timer" ]; then
    $timer -f "%M" -o "$tmp/rss" "$LEFTSR" analyze "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
    rss=$(tail -1 "$tmp/rss"); rss=$((rss / 1024))
  else
    "$LEFTSR" analyze "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
  fi
  end=$(date +%s)
  local why=""
  [ $rc -eq 1 ] || why="$why exit $rc;"
  grep -q "$code" "$tmp/out" || why="$why no $code in the report;"
  grep -q "explor\|play-throughs asked" "$tmp/out" || why="$why the report does not say what was explored;"
  [ $((end - start)) -le "$secs" ] || why="$why took $((end - start)) s;"
  # ASan's shadow memory is not the analysis's: the peak is checked in plain builds.
  if [ "${LSR_SANITIZED:-0}" != 1 ] && [ "$rss" -gt "$mb" ]; then why="$why peak RSS $rss MB;"; fi
  if [ -z "$why" ]; then pass=$((pass + 1)); echo "ok $name: $((end - start)) s, peak $rss MB"
  else fail=$((fail + 1)); echo "FAIL $name:$why"; head -20 "$tmp/out" "$tmp/err"; fi
}
# Before the budget: 630 MB / 5 s, 4.3 GB / 52 s, 1.2 GB / 40 s.
run counter-1var      A_MEMORY_BUDGET 30 260 "$H/counter-1var.json" --max-memory 150
run counter-1024vars  A_MEMORY_BUDGET 30 260 "$H/counter-1024vars.json" --max-memory 150
run b04-restart-event A_MEMORY_BUDGET 30 260 "$H/b04-event-next-start-always.json" --max-memory 150
run time-exact        A_TIME_BUDGET   15 2000 "$H/counter-1var.json" --max-time 1
run time-random       A_TIME_BUDGET   15 2000 "$H/c08-event-storm-loop.json" --random 1000000000 --max-time 1
"$LEFTSR" analyze "$H/c08-event-storm-loop.json" --random 3 --json --max-time 60 >"$tmp/out" 2>/dev/null
grep -q '"runs":[[:space:]]*3' "$tmp/out" && grep -q '"status":[[:space:]]*"ok"' "$tmp/out" && pass=$((pass + 1)) \
  || { fail=$((fail + 1)); echo "FAIL: --random 3 did not play exactly 3 runs"; }
"$LEFTSR" analyze "$SRC/scenarios/coalition.json" --max-memory 0 >/dev/null 2>&1
[ $? -eq 2 ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: --max-memory 0 accepted"; }
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
