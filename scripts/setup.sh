#!/usr/bin/env bash
# Installs the Debian packages satzwerk needs (only the missing ones), then
# configures and builds into build/. Used by samples.sh and test.sh.
#   scripts/setup.sh [--test]   --test adds what the test suite needs
set -euo pipefail
cd "$(dirname "$0")/.."

build_pkgs=(pkg-config cmake g++ make libpodofo-dev libharfbuzz-dev libfreetype-dev libtinyxml2-dev
            libssl-dev zlib1g-dev libdeflate-dev doctest-dev libqrencode-dev libpoppler-cpp-dev)
test_pkgs=(clang libclang-rt-14-dev strace poppler-utils qpdf python3 python3-pikepdf python3-pdfminer
           python3-fonttools mupdf-tools ghostscript libxml2-utils
           default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java)
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

# The shared preflight reads PDFs with pdf.js as well when pdfjs-dist is there
# (optional: without npm or network the checks run without it).
shared=../shared/preflight
if [[ "${1:-}" == "--test" && -f $shared/package-lock.json && ! -d build/preflight-node/node_modules/pdfjs-dist ]] &&
   command -v npm >/dev/null; then
  mkdir -p build/preflight-node
  cp $shared/package.json $shared/package-lock.json build/preflight-node/
  npm ci --prefix build/preflight-node --no-audit --no-fund >/dev/null 2>&1 ||
    echo "satzwerk: pdfjs-dist not installed; preflight runs without pdf.js"
fi
