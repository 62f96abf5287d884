#!/usr/bin/env bash
# The interactive terminal game on a pseudo-terminal: see term_pty.py.
command -v python3 >/dev/null || { echo "SKIP: python3 is missing (bash .ci/deps.sh --test)"; exit 77; }
exec python3 "$(dirname "$0")/term_pty.py"
