#!/usr/bin/env bash
# The whole test suite: set up (with test tools), build, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
cd build
ctest --output-on-failure -j "$(nproc)"
