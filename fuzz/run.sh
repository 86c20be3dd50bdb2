#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan + fuzzer coverage) and runs each for
# SECONDS (default 600), seeded from samples/ and the test fixtures. Crash inputs land in
# fuzz/crashes/<target>/; keep each as a regression input in fuzz/regressions/<target>/.
#   bash fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
targets=("${@:-analyzer chat lexicon}")
command -v clang++ >/dev/null || apt-get install -y -qq clang libclang-rt-14-dev >/dev/null
cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo -DREFRAME_BUILD_FUZZ=ON \
      -DREFRAME_SANITIZE=ON -DREFRAME_BUILD_TESTS=OFF -DREFRAME_WARNINGS_AS_ERRORS=OFF >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target analyzer_fuzz chat_fuzz lexicon_fuzz >/dev/null
for t in ${targets[*]}; do
  corpus=build-fuzz/corpus/$t
  mkdir -p "$corpus" "fuzz/crashes/$t"
  case $t in
    analyzer) cp samples/*.txt "$corpus"/ ; head -c 4000 tests/accuracy/holdout.jsonl > "$corpus/holdout" ;;
    chat) cp -r tests/chat/fixtures/*.{txt,json,csv,jsonl} "$corpus"/ 2>/dev/null || true ;;
    lexicon) cp lexicons/en/*.toml "$corpus"/ ;;
  esac
  [ -d "fuzz/regressions/$t" ] && cp fuzz/regressions/$t/* "$corpus"/ 2>/dev/null || true
  echo "== $t for ${seconds}s"
  ASAN_OPTIONS=detect_leaks=1 "build-fuzz/fuzz/${t}_fuzz" "$corpus" -max_total_time="$seconds" -max_len=65536 \
      -artifact_prefix="fuzz/crashes/$t/" -print_final_stats=1 2>&1 | tail -n 12
done
