#!/usr/bin/env bash
# A history note cites exactly the sources it uses, as far as a script can tell: see note_citations.py.
exec python3 "$(dirname "$0")/note_citations.py"
