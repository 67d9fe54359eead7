#!/usr/bin/env bash
# Runs the libFuzzer targets, each for a given time (see fuzz/README.md).
#   fuzz/run.sh [SECONDS] [TARGET…]     default: 60 s each, every fuzz_*.cpp target
# Environment: FUZZ_BUILD (build folder, default build-fuzz), SATZWERK_SHARED_DIR
# (the shared corpus, default ../shared), FUZZ_JOBS (parallel targets, default 1).
# Seeds: fuzz/seeds/<name>/ plus, for XML targets, the shared NITF corpus, read
# in place. New inputs collect in $FUZZ_BUILD/fuzz-corpus/<name>/ (not in git);
# a crash, leak, timeout (>10 s) or out-of-memory (>1 GB) lands in
# $FUZZ_BUILD/fuzz-findings/<name>/ and makes the script fail. Each finding
# becomes a regression input in tests/hostile/regressions/<name>/.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
shift || true
build=${FUZZ_BUILD:-build-fuzz}
shared=${SATZWERK_SHARED_DIR:-../shared}
jobs=${FUZZ_JOBS:-1}

if [[ ! -f $build/CMakeCache.txt ]]; then
  cmake -S . -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DSATZWERK_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
targets=("$@")
if ((${#targets[@]} == 0)); then
  for f in fuzz/fuzz_*.cpp; do t=$(basename "$f" .cpp); targets+=("${t#fuzz_}"); done
fi
cmake --build "$build" -j "$(nproc)" $(printf -- '--target fuzz_%s ' "${targets[@]}") >/dev/null

run_one() {
  local name=$1 bin="$build/fuzz/fuzz_$1"
  local corpus="$build/fuzz-corpus/$name" findings="$build/fuzz-findings/$name"
  mkdir -p "$corpus" "$findings"
  local extra=() opts=(-max_total_time="$secs" -timeout=10 -rss_limit_mb=1024 -malloc_limit_mb=1024
                       -print_final_stats=1 -artifact_prefix="$findings/")
  [[ -d fuzz/seeds/$name ]] && extra+=("fuzz/seeds/$name")
  case $name in
    text) opts+=(-max_len=4096) ;;
    *)    opts+=(-max_len=65536 -dict=fuzz/nitf.dict)
          [[ -d $shared/corpus/nitf ]] && extra+=("$shared/corpus/nitf")
          [[ -d $shared/corpus/nitf-media ]] && extra+=("$shared/corpus/nitf-media") ;;
  esac
  local log="$build/fuzz-findings/$name.log"
  local status=0
  # The run stays inside the checkout and the shared corpus: inputs are read,
  # only $build is written.
  "$bin" "${opts[@]}" "$corpus" "${extra[@]}" >"$log" 2>&1 || status=$?
  local execs corpus_n
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  corpus_n=$(find "$corpus" -type f | wc -l)
  echo "fuzz $name: ${secs}s, ${execs} execs, corpus ${corpus_n} files, exit ${status}"
  if ((status != 0)) || compgen -G "$findings/*" >/dev/null; then
    echo "fuzz $name: FINDING — see $log and $findings/" >&2
    grep -m5 -E 'ERROR|SUMMARY|==[0-9]+==' "$log" >&2 || true
    return 1
  fi
}

fail=0
if ((jobs > 1)); then
  pids=()
  for t in "${targets[@]}"; do run_one "$t" & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p" || fail=1; done
else
  for t in "${targets[@]}"; do run_one "$t" || fail=1; done
fi
exit $fail
