#!/usr/bin/env python3
"""Call reframe from Python through its C API, with the standard library only.

    REFRAME_LIBRARY=/usr/local/lib/libreframe.so python3 reframe_ctypes.py "I feel numb."
"""
import ctypes
import ctypes.util
import json
import os
import sys


def load():
    path = os.environ.get("REFRAME_LIBRARY") or ctypes.util.find_library("reframe")
    if not path:
        sys.exit("libreframe not found: set REFRAME_LIBRARY to its path")
    lib = ctypes.CDLL(path)
    lib.reframe_analyzer_new.restype = ctypes.c_void_p
    lib.reframe_analyzer_free.argtypes = [ctypes.c_void_p]
    lib.reframe_analyze_json.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]
    lib.reframe_analyze_json.restype = ctypes.c_void_p  # keep the pointer to free it
    lib.reframe_string_free.argtypes = [ctypes.c_void_p]
    lib.reframe_last_error.restype = ctypes.c_char_p
    lib.reframe_version.restype = ctypes.c_char_p
    return lib


def analyse(lib, analyzer, text):
    data = text.encode("utf-8")
    ptr = lib.reframe_analyze_json(analyzer, data, len(data))
    if not ptr:
        raise RuntimeError(lib.reframe_last_error().decode())
    try:
        return json.loads(ctypes.string_at(ptr).decode("utf-8"))
    finally:
        lib.reframe_string_free(ptr)


def main():
    lib = load()
    analyzer = lib.reframe_analyzer_new()
    if not analyzer:
        sys.exit(lib.reframe_last_error().decode())
    try:
        text = " ".join(sys.argv[1:]) or "I want to connect, but I am too busy."
        result = analyse(lib, analyzer, text)
        print(f"reframe {lib.reframe_version().decode()}: {len(result['findings'])} finding(s) in {text!r}")
        for f in result["findings"]:
            print(f"  [{f['category']}] {f['text']!r}: {f['message']}")
            print(f"    try: {f['reframes'][0]}")
        for s in result["strengths"]:
            print(f"  strength [{s['kind']}] {s['text']!r}")
        sys.exit(0 if result["findings"] or result["strengths"] else 1)
    finally:
        lib.reframe_analyzer_free(analyzer)


if __name__ == "__main__":
    main()
