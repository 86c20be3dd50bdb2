#!/usr/bin/env python3
"""The layers of src/ point one way: no #include goes up a layer.

    snapshot <- text <- language <- lexicon <- engine <- report <- analyzer <- tools
    text <- readers;  analyzer, readers <- formatters <- pipeline <- capi
    cli: the public headers (include/reframe) only
    python/src (the Python binding): the public headers only, as the command

Each directory below src/ is a layer and may include its own headers and those of the layers
it builds on (LAYERS below, followed transitively). Public headers (reframe/...) may be included
from anywhere; a public header itself includes only public headers and no third-party ones, and
reframe/reframe.h includes them all (but the C API's). Third-party libraries stay in the layers
that own them (EXTERNAL): ICU in text, RE2 in the engine and readers, and so on.

Usage: check_layers.py PROJECT_DIR      Exit 1, naming file:line, when a rule is broken.
"""
import os
import re
import sys

# Each layer and the layers it builds on directly. A new src/ directory must be added here.
LAYERS = {
    "snapshot": [],  # the build-time image's reader and writer; each layer owns its section
    "text": ["snapshot"],  # the text model: UTF-8, folding, segmentation, offsets
    "language": ["text"],  # tokens, lemmas, word classes, clauses
    "lexicon": ["language"],  # lexicon data, loading, merging
    "engine": ["lexicon"],  # compiler, prefilter, matcher, evaluator
    "report": ["engine"],  # rule matches -> the public Report
    "analyzer": ["report"],  # the public Analyzer, the built-in image, lexicon checks
    "readers": ["text"],  # chat exports and input files -> messages
    "formatters": ["analyzer", "readers"],  # reports -> text, JSON, HTML; run summaries
    "pipeline": ["formatters"],  # many messages on many threads, in order
    "capi": ["pipeline"],  # the C API
    "tools": ["analyzer"],  # build-time programs (make_snapshot)
    "cli": [],  # the command: a client of the public API only
}

# Third-party headers (by include prefix) and the layers allowed to use them.
EXTERNAL = {
    "unicode/": {"text"},
    "cld2/": {"text"},
    "re2/": {"engine", "readers"},
    "toml++/": {"lexicon", "cli"},  # lexicons; the command's settings files
    "nlohmann/": {"formatters", "readers"},
    "zip.h": {"readers"},
    "csv.h": {"readers"},
    "CLI/": {"cli"},
}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def closure(layer):
    seen, todo = set(), [layer]
    while todo:
        for dep in LAYERS[todo.pop()]:
            if dep not in seen:
                seen.add(dep)
                todo.append(dep)
    return seen


def includes(path):
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            m = INCLUDE.match(line)
            if m:
                yield number, m.group(1), m.group(2)


def main():
    root = os.path.abspath(sys.argv[1])
    src = os.path.join(root, "src")
    problems = []
    checked = 0
    for layer in sorted(os.listdir(src)):
        directory = os.path.join(src, layer)
        if not os.path.isdir(directory):
            continue
        if layer not in LAYERS:
            problems.append(f"src/{layer}/: not a known layer; add it to LAYERS in {os.path.relpath(__file__, root)}")
            continue
        allowed = closure(layer) | {layer}
        for dirpath, _, files in os.walk(directory):
            for name in sorted(files):
                if not name.endswith((".h", ".cc")):
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root)
                checked += 1
                for number, kind, target in includes(path):
                    where = f"{rel}:{number}"
                    first = target.split("/")[0]
                    if kind == '"':
                        if first == "reframe":
                            continue
                        if "/" not in target and os.path.exists(os.path.join(dirpath, target)):
                            continue  # beside the including file: its own layer
                        if first not in LAYERS:
                            problems.append(f"{where}: \"{target}\" is not in a layer (src/<layer>/...)")
                        elif first not in allowed:
                            problems.append(f"{where}: src/{layer} includes \"{target}\", a layer above or "
                                            f"beside it (it may use: {', '.join(sorted(allowed - {layer})) or 'none'})")
                        continue
                    for prefix, owners in EXTERNAL.items():
                        if target.startswith(prefix) and layer not in owners:
                            problems.append(f"{where}: <{target}> belongs to src/{'|'.join(sorted(owners))}, "
                                            f"not src/{layer}")
    # The Python binding is a client of the public API, as the command is: its own
    # files, reframe/... and no third-party header of the library's layers.
    binding = os.path.join(root, "python", "src")
    if os.path.isdir(binding):
        for dirpath, _, files in os.walk(binding):
            for name in sorted(files):
                if not name.endswith((".h", ".cc")):
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root)
                checked += 1
                for number, kind, target in includes(path):
                    where = f"{rel}:{number}"
                    if kind == '"':
                        if target.startswith("reframe/"):
                            continue
                        if "/" not in target and os.path.exists(os.path.join(dirpath, target)):
                            continue
                        problems.append(f"{where}: the Python binding includes \"{target}\"; it may use only "
                                        f"the public headers (reframe/...) and its own")
                    elif any(target.startswith(prefix) for prefix in EXTERNAL):
                        problems.append(f"{where}: the Python binding includes <{target}>, which belongs to "
                                        f"the library's layers")
    public = os.path.join(root, "include", "reframe")
    umbrella = set()
    for name in sorted(os.listdir(public)):
        path = os.path.join(public, name)
        checked += 1
        for number, kind, target in includes(path):
            if name == "reframe.h":
                umbrella.add(target)
            if kind == '"' and not target.startswith("reframe/"):
                problems.append(f"include/reframe/{name}:{number}: a public header includes \"{target}\"")
            if kind == "<" and any(target.startswith(p) for p in EXTERNAL):
                problems.append(f"include/reframe/{name}:{number}: a public header includes <{target}>")
    # reframe.h is everything a C++ program needs: every public header but the C API's.
    generated = {"reframe/export.h", "reframe/version.h"}  # made by CMake, in the build tree
    for name in sorted(os.listdir(public)):
        if name not in ("reframe.h", "reframe_c.h") and f"reframe/{name}" not in umbrella:
            problems.append(f"include/reframe/reframe.h: does not include reframe/{name}")
    for name in sorted(generated - umbrella):
        problems.append(f"include/reframe/reframe.h: does not include {name}")
    for p in problems:
        print(p)
    print(f"{checked} files checked, {len(problems)} problem{'s' if len(problems) != 1 else ''}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
