#!/usr/bin/env bash
# Historical vote tallies are numbers a cited source prints: see vote_tallies.py.
exec python3 "$(dirname "$0")/vote_tallies.py"
