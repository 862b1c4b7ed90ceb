#!/usr/bin/env bash
# Run the test suite (sets up first if needed; safe to run twice).
#   bash test.sh            the whole suite (a small, real version of the scale tests)
#   bash test.sh -k store   any pytest arguments
set -euo pipefail
cd "$(dirname "$0")"
bash setup.sh --no-run
status=0
.venv/bin/python -m pytest "$@" || status=$?
if [ "$status" -eq 5 ]; then
    echo "test.sh: no tests ran" >&2
    exit 1
fi
exit "$status"
