"""`cmake --install` puts the package where Debian's python3 finds it; it works from there alone."""
import os
import site
import subprocess
import sys

import pytest

BUILD = os.environ["REFRAME_BINARY_DIR"]
INSTALL_DIR = os.environ["REFRAME_PYTHON_INSTALL_DIR"]  # relative to the prefix


def cache(name):
    with open(os.path.join(BUILD, "CMakeCache.txt"), encoding="utf-8") as f:
        for line in f:
            if line.startswith(name + ":"):
                return line.split("=", 1)[1].strip()
    return None


def test_install_into_a_prefix_and_import_from_there(tmp_path):
    prefix = tmp_path / "prefix"
    subprocess.run(["cmake", "--install", BUILD, "--prefix", str(prefix)], check=True, capture_output=True)
    package = prefix / INSTALL_DIR / "reframe"
    names = sorted(os.listdir(package))
    assert {"__init__.py", "__init__.pyi", "_reframe.pyi", "py.typed"} <= set(names), names
    assert any(n.startswith("_reframe.") and n.endswith(".so") for n in names), names

    # Nothing from the build tree: a clean environment, another working directory.
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(prefix / INSTALL_DIR),
           "PYTHONNOUSERSITE": "1"}
    code = ("import reframe, sys\n"
            "r = reframe.check('I want to connect, but I am too busy.')\n"
            "print(reframe.__file__)\n"
            "print(r['findings'][0]['category'])\n"
            "print(reframe.check_chat(sys.argv[1])['summary']['messages'])\n")
    chat = os.path.join(os.environ["REFRAME_SOURCE_DIR"], "samples", "chat-whatsapp.txt")
    p = subprocess.run([sys.executable, "-c", code, chat], env=env, cwd=tmp_path, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    where, category, messages = p.stdout.split()
    assert where == str(package / "__init__.py")
    assert category == "mixed-message" and messages == "50"


def test_default_location_is_on_debian_pythons_path():
    """With the default prefix, the package lands in a directory python3 searches by itself."""
    prefix = cache("CMAKE_INSTALL_PREFIX")
    if cache("REFRAME_PYTHON_INSTALL_DIR") != INSTALL_DIR or "deb_system" not in __import__("sysconfig").get_scheme_names():
        pytest.skip("not Debian's python3 or a chosen directory: the package goes where REFRAME_PYTHON_INSTALL_DIR says")
    searched = [os.path.normpath(p) for p in site.getsitepackages()]
    assert os.path.normpath(os.path.join(prefix, INSTALL_DIR)) in searched, (prefix, INSTALL_DIR, searched)
