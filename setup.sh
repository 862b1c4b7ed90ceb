#!/usr/bin/env bash
# Set up govgraph on a bare Debian machine (run as root) and run the main job:
# answer "who reports to the Strategic Partnership Board?" and draw it.
# Safe to run twice: every step checks before it installs.
#
#   bash setup.sh            set up, then run the main job
#   bash setup.sh --no-run   set up only (used by test.sh and CI)
set -euo pipefail
cd "$(dirname "$0")"

run_main_job=1
[ "${1:-}" = "--no-run" ] && run_main_job=0

say() { echo "setup: $*" >&2; }

# 1. System packages: Graphviz for diagrams, Chromium for browser tests and PDFs (the
#    briefing pack and the review report are printed by it), poppler-utils (pdftotext,
#    pdftoppm) to read the PDFs back in the tests, and OpenLink Virtuoso, one of the two real
#    SPARQL servers the remote-store tests start (tests/test_remote_stores.py; the other,
#    Oxigraph server, comes from PyPI with the test extra).
missing=()
for pkg in graphviz chromium chromium-driver poppler-utils virtuoso-opensource; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        say "need root to install: ${missing[*]} (run as root, or: sudo apt-get install -y ${missing[*]})"
        exit 2
    fi
    say "installing ${missing[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 2. A virtualenv with the package and its test tools (jinja2 for the documents; the
#    Playwright package drives the Debian chromium in the browser tests; never run
#    `playwright install`, which downloads a browser).
python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    say "creating .venv with $($python --version)"
    "$python" -m venv .venv
fi
stamp=.venv/.govgraph-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    say "installing govgraph and its dependencies into .venv"
    .venv/bin/python -m pip install -q --upgrade pip >/dev/null
    .venv/bin/python -m pip install -q -e '.[test]'
    touch "$stamp"
fi
# The package is installed editable, so pip compiles none of it: without bytecode every
# command compiles its modules again (~40 ms of a ~150 ms cached ask), and more so where
# PYTHONDONTWRITEBYTECODE is set. Fresh .pyc files are kept; stale ones are redone.
.venv/bin/python -m compileall -q src >/dev/null

# 2b. Mermaid 11 from npm into .mermaid/ (tests/test_mermaid.py renders every view's
#     .mmd through its bundled mermaid.min.js in headless Chromium), and Java for the
#     HermiT reasoner (tests/test_ontology.py, through owlready2).
if command -v npm >/dev/null 2>&1 && [ ! -f .mermaid/node_modules/mermaid/dist/mermaid.min.js ]; then
    say "installing the npm package mermaid@11 into .mermaid/"
    npm install --prefix .mermaid --no-audit --no-fund --silent mermaid@11 >/dev/null
fi
if ! command -v java >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    say "installing default-jre-headless (HermiT) with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends default-jre-headless >/dev/null
fi

# 3. The main job: build the store, answer a question, write its diagram.
if [ "$run_main_job" = 1 ]; then
    mkdir -p out
    .venv/bin/governance build
    .venv/bin/governance ask reports-to SPB --diagram out/spb-reporting.svg
    say "done: diagram in out/spb-reporting.svg; try '.venv/bin/governance --help'"
fi
