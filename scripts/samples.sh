#!/usr/bin/env bash
# The main job: set up, build, and render every article in samples/ as a
# Druckversion PDF into out/samples/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
mkdir -p out/samples
status=0
for xml in samples/*.xml; do
  pdf="out/samples/$(basename "${xml%.xml}").pdf"
  if build/satzwerk article "$xml" -o "$pdf"; then echo "  $pdf"; else status=1; fi
done
echo "satzwerk: PDFs are in $(pwd)/out/samples/"
exit $status
