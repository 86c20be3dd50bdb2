#!/usr/bin/env bash
# Fails (exit 1) when a C++ file under src/, include/ or tests/ differs from
# what clang-format makes of it (.clang-format), naming each file.
#   bash .ci/check_format.sh            check
#   bash .ci/check_format.sh --fix      reformat those files in place
set -euo pipefail
cd "$(dirname "$0")/.."
format=${CLANG_FORMAT:-clang-format}
command -v "$format" >/dev/null || { echo "$format not found (apt-get install clang-format)" >&2; exit 2; }
mapfile -t files < <(git ls-files -- 'src/*.cc' 'src/*.h' 'include/*.h' 'tests/*.cc' 'tests/*.h' 2>/dev/null ||
                     find src include tests -name '*.cc' -o -name '*.h')
if [ "${1:-}" = --fix ]; then
  "$format" -i "${files[@]}"
  exit 0
fi
bad=()
for f in "${files[@]}"; do
  "$format" --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if ((${#bad[@]})); then
  printf '%s\n' "${bad[@]}" | sed 's/$/: not as clang-format makes it/'
  echo "${#bad[@]} of ${#files[@]} files need clang-format (bash .ci/check_format.sh --fix)"
  exit 1
fi
echo "${#files[@]} files formatted as .clang-format says"
