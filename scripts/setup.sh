#!/usr/bin/env bash
# Installs the Debian packages satzwerk needs (only the missing ones), then
# configures and builds into build/. Used by samples.sh and test.sh.
#   scripts/setup.sh [--test]   --test adds what the test suite needs
set -euo pipefail
cd "$(dirname "$0")/.."

build_pkgs=(pkg-config cmake g++ make libpodofo-dev libharfbuzz-dev libfreetype-dev libtinyxml2-dev
            libssl-dev zlib1g-dev doctest-dev)
test_pkgs=(poppler-utils qpdf python3 python3-pikepdf python3-pdfminer)
pkgs=("${build_pkgs[@]}")
[[ "${1:-}" == "--test" ]] && pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "satzwerk: installing ${missing[*]}"
  if [[ $(id -u) -eq 0 ]]; then sudo=(); else sudo=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

werror=OFF
[[ -n "${CI:-}" ]] && werror=ON
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DSATZWERK_WERROR=$werror >/dev/null
cmake --build build -j "$(nproc)"
