#!/usr/bin/env bash
# Runs every built benchmark and prints its figures (each a median of runs).
set -uo pipefail
build=${1:-build}
status=0
for b in "$build"/bench_*; do
  [ -x "$b" ] || continue
  echo "== $(basename "$b")"
  "$b" || status=1
done
exit $status
