#!/usr/bin/env bash
# Installs reframe (shared library) into a temporary prefix and uses it the
# three ways a user would: CMake find_package (C++ and C), pkg-config with a
# strict C99 compiler, and Python ctypes; with --python also the Python package
# (pybind11), which must find libreframe.so through its RPATH. A broken install
# fails this test.
#   install_test.sh SOURCE_DIR [--python]
set -euo pipefail
src=$(cd "$1" && pwd)
python_package=OFF
[ "${2:-}" = --python ] && python_package=ON
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"

echo "== build and install (BUILD_SHARED_LIBS=ON) into $prefix"
cmake -S "$src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON -DREFRAME_BUILD_TESTS=OFF \
      -DREFRAME_BUILD_PYTHON=$python_package -DCMAKE_INSTALL_PREFIX="$prefix" >/dev/null
cmake --build "$work/build" -j"$(nproc)" >/dev/null
cmake --install "$work/build" >/dev/null
libdir=$(find "$prefix" -name 'libreframe.so' -printf '%h\n' | head -n1)
test -n "$libdir" || { echo "libreframe.so not installed"; exit 1; }
test -f "$prefix/share/reframe/lexicons/en/criticism.toml" || { echo "lexicons not installed"; exit 1; }
soname=$(objdump -p "$libdir/libreframe.so" | awk '/SONAME/ {print $2}')
echo "soname: $soname"
case "$soname" in libreframe.so.0) ;; *) echo "unexpected SONAME $soname"; exit 1 ;; esac

echo "== find_package consumer (examples/)"
cmake -S "$src/examples" -B "$work/examples" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/examples" -j"$(nproc)" >/dev/null
export LD_LIBRARY_PATH="$libdir"
"$work/examples/readme_example"
"$work/examples/threads_example"
"$work/examples/c_example" >/dev/null

echo "== pkg-config and gcc -std=c99 -Werror"
export PKG_CONFIG_PATH="$libdir/pkgconfig"
pkg-config --cflags --libs reframe
gcc -std=c99 -Wall -Wextra -pedantic -Werror -c "$src/examples/c/analyze.c" $(pkg-config --cflags reframe) -o "$work/analyze.o"
g++ "$work/analyze.o" $(pkg-config --libs reframe) -o "$work/analyze_pc"
"$work/analyze_pc" "You never listen."

echo "== add_subdirectory consumer (no install)"
cmake -S "$src/examples" -B "$work/subdir" -DREFRAME_SOURCE_DIR="$src" >/dev/null
cmake --build "$work/subdir" -j"$(nproc)" --target readme_example >/dev/null
env -u LD_LIBRARY_PATH "$work/subdir/readme_example" >/dev/null

echo "== Python ctypes"
REFRAME_LIBRARY="$libdir/libreframe.so" python3 "$src/examples/python/reframe_ctypes.py" "I feel numb."
if [ "$python_package" = ON ]; then
  echo "== Python package (shared library found through the extension's RPATH)"
  pydir=$(find "$prefix" -type d -name reframe -path '*-packages/reframe' | head -n1)
  test -n "$pydir" || { echo "Python package not installed"; exit 1; }
  (cd "$work" && env -u LD_LIBRARY_PATH PYTHONPATH="$(dirname "$pydir")" /usr/bin/python3 -c \
    "import reframe; assert reframe.__file__.startswith('$prefix'); print(reframe.check('I feel numb.')['score'])")
fi
echo "install test passed"
