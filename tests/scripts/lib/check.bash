# Shared by the script tests: counters, ok/bad, and the closing line
# ("N passed, N failed") that CI reads. Source it after `set -uo pipefail`.
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
# Prints the closing line and exits 0 only when nothing failed.
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit $?; }
