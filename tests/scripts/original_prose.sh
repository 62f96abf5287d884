#!/usr/bin/env bash
# Scenario prose must be original: see original_prose.py.
exec python3 "$(dirname "$0")/original_prose.py"
