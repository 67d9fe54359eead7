#!/usr/bin/env bash
# The main job: set up, build, and render samples/ — a Druckversion PDF for
# every article and the compiled issue for every issue manifest — into
# out/samples/, with a JSON and a JUnit report.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
mkdir -p out/samples
build/satzwerk batch samples -o out/samples --report out/samples/report.json --junit out/samples/report.xml
echo "satzwerk: PDFs are in $(pwd)/out/samples/"
