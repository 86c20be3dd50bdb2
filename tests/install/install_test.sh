#!/usr/bin/env bash
# Runs the install commands README.md gives, exactly as written, for the
# static and the shared library (the ```sh blocks after "<!-- install-test:
# static -->" and "<!-- install-test: shared -->"), in a copy of the source
# tree with HOME in a temporary directory; then checks what they installed
# (relocatable reframe.pc and CMake package, SONAME), the other examples, a
# strict C99 compile, and uses it the other ways a user would: add_subdirectory
# and Python ctypes; with --python also the Python package (pybind11), which
# must find libreframe.so through its RPATH, after the prefix was moved.
#   install_test.sh SOURCE_DIR [--python]
# The compiler cache, when there is one, makes the second build and reruns
# cheap: it changes no command.
set -euo pipefail
src=$(cd "$1" && pwd)
python_package=OFF
[ "${2:-}" = --python ] && python_package=ON
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/src"
# The tree as a user has it: no build directories, no .git.
tar -C "$src" --exclude='./build*' --exclude='./.git' -cf - . | tar -C "$work/src" -xf -
if command -v ccache >/dev/null; then
  export CMAKE_CXX_COMPILER_LAUNCHER=ccache CMAKE_C_COMPILER_LAUNCHER=ccache CCACHE_BASEDIR="$work" CCACHE_NOHASHDIR=1
fi

block() {  # the ```sh block after <!-- install-test: $1 --> in README.md
  awk -v tag="<!-- install-test: $1 -->" '
    $0 == tag { found = 1; next }
    found && /^```sh$/ { inside = 1; next }
    inside && /^```$/ { exit }
    inside { print }' "$src/README.md"
}

for kind in static shared; do
  commands=$(block "$kind")
  test -n "$commands" || { echo "README.md has no install-test: $kind block"; exit 1; }
  echo "== README, $kind:"
  echo "$commands"
  mkdir -p "$work/home-$kind"
  rm -rf "$work/src/build-examples" "$work/src/analyze" "$work/src/analyze.o"
  (cd "$work/src" && HOME="$work/home-$kind" bash -euo pipefail -c "$commands") > "$work/$kind.log" 2>&1 ||
    { tail -n 40 "$work/$kind.log"; echo "README's $kind install commands failed"; exit 1; }
  grep -q "criticism" "$work/$kind.log" || { cat "$work/$kind.log"; echo "the C example found nothing"; exit 1; }
  prefix="$work/home-$kind/.local"
  pc="$prefix/lib/pkgconfig/reframe.pc"
  grep -q '^prefix=${pcfiledir}/../..$' "$pc" || { cat "$pc"; echo "reframe.pc is not relocatable"; exit 1; }
  test -f "$prefix/share/reframe/lexicons/en/criticism.toml" || { echo "lexicons not installed"; exit 1; }
  if grep -rq "/usr/local" "$prefix/lib/cmake/reframe" "$pc"; then
    echo "the installed package still names /usr/local"; exit 1
  fi
done

prefix="$work/home-shared/.local"
echo "== the other examples (build-examples, shared) and gcc -std=c99 -pedantic -Werror"
LD_LIBRARY_PATH="$prefix/lib" "$work/src/build-examples/threads_example" >/dev/null
LD_LIBRARY_PATH="$prefix/lib" "$work/src/build-examples/c_example" >/dev/null
PKG_CONFIG_PATH="$prefix/lib/pkgconfig" gcc -std=c99 -Wall -Wextra -pedantic -Werror -c \
  "$src/examples/c/analyze.c" $(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags reframe) -o "$work/strict.o"

if [ "$python_package" = ON ]; then
  echo "== the Python package, built on README's shared build and installed into its prefix"
  cmake -S "$work/src" -B "$work/src/build-shared" -DREFRAME_BUILD_PYTHON=ON >/dev/null
  cmake --build "$work/src/build-shared" -j2 >/dev/null
  cmake --install "$work/src/build-shared" --prefix "$prefix" >/dev/null
fi

echo "== the shared library: SONAME, a moved prefix, ctypes"
soname=$(objdump -p "$prefix/lib/libreframe.so" | awk '/SONAME/ {print $2}')
case "$soname" in libreframe.so.0) echo "soname: $soname" ;; *) echo "unexpected SONAME $soname"; exit 1 ;; esac
mv "$prefix" "$work/moved"
PKG_CONFIG_PATH="$work/moved/lib/pkgconfig" pkg-config --variable=libdir reframe | grep -q "^$work/moved/" ||
  { echo "pkg-config does not follow a moved prefix"; exit 1; }
REFRAME_LIBRARY="$work/moved/lib/libreframe.so" python3 "$src/examples/python/reframe_ctypes.py" "I feel numb."
if [ "$python_package" = ON ]; then
  echo "== Python package (libreframe.so found through the extension's RPATH, in the moved prefix)"
  pydir=$(find "$work/moved" -type d -name reframe -path '*-packages/reframe' | head -n1)
  test -n "$pydir" || { echo "Python package not installed"; exit 1; }
  (cd "$work" && env -u LD_LIBRARY_PATH PYTHONPATH="$(dirname "$pydir")" /usr/bin/python3 -c \
    "import reframe; assert reframe.__file__.startswith('$work/moved'); print(reframe.check('I feel numb.')['score'])")
fi

echo "== add_subdirectory consumer (no install)"
cmake -S "$work/src/examples" -B "$work/subdir" -DREFRAME_SOURCE_DIR="$work/src" >/dev/null
cmake --build "$work/subdir" -j2 --target readme_example >/dev/null
env -u LD_LIBRARY_PATH "$work/subdir/readme_example" >/dev/null
echo "install test passed"
