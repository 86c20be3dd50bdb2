#!/usr/bin/env python3
"""reframe on Dask: a folder of chat exports as a dask.bag, one export per task,
aggregated per person and per month.

    # on this machine (a LocalCluster on 127.0.0.1, no dashboard):
    PYTHONPATH=build/python /usr/bin/python3 examples/python/dask_chats.py EXPORTS/ --workers 2
    # on a cluster: start `dask-scheduler` and `dask-worker tcp://HOST:8786` on the machines
    # (each with reframe installed, `cmake --install`), then:
    python3 examples/python/dask_chats.py /shared/EXPORTS/ --scheduler tcp://HOST:8786

Every entry of EXPORTS is one export: a WhatsApp .txt or .zip, a Telegram, Discord or
Messenger .json, a .csv or .jsonl, or a folder (Slack, Messenger). The workers read the
files themselves, so on a cluster the folder must be on a file system they all see.
Each task runs reframe.check_chat(path, messages=False): it reads and analyses a whole
export without the GIL and returns only its summary, so little travels to the client.

Output: one table per person (by name, over all exports; --per-export keeps each
export's people apart) and one per month, with findings per category and per 100
analysed messages; --json FILE writes the same as JSON. Exports that cannot be read are
listed with their error (file and line) and make the exit code 2; the others still count.
"""
import argparse
import json
import os
import sys
import time

import dask
import dask.bag as db

CATEGORIES = ("mixed-message", "criticism", "defensiveness", "withdrawal")
EXPORT_SUFFIXES = (".txt", ".zip", ".json", ".jsonl", ".ndjson", ".csv")


def find_exports(folder):
    """The exports in `folder`, largest first (so the longest tasks start first)."""
    def size(path):
        if os.path.isfile(path):
            return os.path.getsize(path)
        return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(path) for f in files)

    paths = [os.path.join(folder, name) for name in sorted(os.listdir(folder)) if not name.startswith(".")]
    paths = [p for p in paths if os.path.isdir(p) or p.lower().endswith(EXPORT_SUFFIXES)]
    return sorted(paths, key=lambda p: (-size(p), p))


def summarise(path):
    """One task: the summary of one export (runs on a worker)."""
    import reframe  # imported on the worker
    try:
        doc = reframe.check_chat(path, messages=False)
    except reframe.Error as e:
        return {"export": path, "error": str(e)}
    return {"export": path, "format": doc["format"], "summary": doc["summary"]}


def zero():
    return {"messages": 0, "analysed": 0, "findings": dict.fromkeys(CATEGORIES, 0), "strengths": 0}


def add(total, counts):
    """total + counts, as a new dict (fold accumulators must not be shared)."""
    return {"messages": total["messages"] + counts.get("messages", 0),
            "analysed": total["analysed"] + counts["analysed"],
            "findings": {c: total["findings"][c] + counts["findings"][c] for c in CATEGORIES},
            "strengths": total["strengths"] + counts["strengths"]}


def person_rows(result, per_export):
    if "error" in result:
        return []
    return [((result["export"], name) if per_export else name, stats)
            for name, stats in result["summary"]["by_author"].items()]


def month_rows(result):
    if "error" in result:
        return []
    return list(result["summary"]["by_month"].items())


def fold(rows):
    """Sums (key, counts) rows per key, across partitions."""
    return rows.foldby(lambda row: row[0], lambda total, row: add(total, row[1]), zero(), add, zero())


def with_rates(counts):
    n = counts["analysed"]
    counts = dict(counts)
    counts["per_100"] = {c: round(100 * counts["findings"][c] / n, 1) if n else 0.0 for c in CATEGORIES}
    return counts


def analyse(paths, per_export=False):
    """The whole job as a dask.bag: one partition, so one task, per export."""
    summaries = db.from_sequence(paths, npartitions=max(1, len(paths))).map(summarise)
    people = fold(summaries.map(person_rows, per_export).flatten())
    months = fold(summaries.map(month_rows).flatten())
    errors = summaries.filter(lambda r: "error" in r).map(lambda r: r["error"])
    formats = summaries.filter(lambda r: "error" not in r).map(lambda r: (r["export"], r["format"]))
    people, months, errors, formats = dask.compute(people, months, errors, formats)
    key = (lambda k: list(k)) if per_export else (lambda k: k)
    return {
        "exports": len(paths),
        "formats": dict(formats),
        "people": [{"person": key(k), **with_rates(v)} for k, v in sorted(people)],
        "months": [{"month": k, **{f: x for f, x in with_rates(v).items() if f != "messages"}}  # not counted per month
                   for k, v in sorted(months)],
        "errors": sorted(errors),
    }


def table(rows, key, with_messages):
    cols = (["messages"] if with_messages else []) + ["analysed"] + list(CATEGORIES) + ["strengths"]
    head = [key] + cols + [f"{c} /100" for c in CATEGORIES]
    lines = [head]
    for r in rows:
        name = " / ".join(r[key]) if isinstance(r[key], list) else r[key]
        counts = [r[c] if c in r else r["findings"][c] for c in cols]
        lines.append([name] + [str(v) for v in counts] + [f"{r['per_100'][c]:.1f}" for c in CATEGORIES])
    widths = [max(len(row[i]) for row in lines) for i in range(len(head))]
    return "\n".join("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths)))
                     for row in lines)


def local_cluster(workers, local_directory=None):
    """Worker processes on this machine, one thread each."""
    from distributed import LocalCluster
    # Loopback only and no dashboard: nothing listens beyond this machine. Even without a
    # dashboard the scheduler and each worker serve HTTP (health, metrics), on every interface
    # unless told otherwise: the *_dashboard_address settings keep those on 127.0.0.1 too.
    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                        dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                        worker_dashboard_address="127.0.0.1:0", local_directory=local_directory)


def client_for(args):
    from distributed import Client
    if args.scheduler:
        return Client(args.scheduler), None
    cluster = local_cluster(args.workers, args.local_directory)
    return Client(cluster), cluster


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("folder", help="a folder of chat exports, one per entry")
    parser.add_argument("--scheduler", metavar="ADDRESS", help="a running Dask scheduler, e.g. tcp://10.0.0.5:8786")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="worker processes of the LocalCluster (without --scheduler); default: one per core")
    parser.add_argument("--local-directory", help="LocalCluster workers' scratch directory (default: the temp dir)")
    parser.add_argument("--per-export", action="store_true", help="keep people apart per export")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = parser.parse_args(argv)

    paths = find_exports(args.folder)
    if not paths:
        sys.exit(f"dask_chats: no chat exports in {args.folder}")
    client, cluster = client_for(args)
    try:
        start = time.perf_counter()
        result = analyse(paths, args.per_export)
        result["seconds"] = round(time.perf_counter() - start, 3)
        result["scheduler"] = client.scheduler.address
        result["workers"] = len(client.scheduler_info()["workers"])
    finally:
        client.close()
        if cluster:
            cluster.close()

    print(f"{result['exports']} exports on {result['workers']} workers ({result['scheduler']}) "
          f"in {result['seconds']} s\n")
    print(table(result["people"], "person", True) + "\n")
    print(table(result["months"], "month", False))
    for error in result["errors"]:
        print(f"dask_chats: {error}", file=sys.stderr)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=1, ensure_ascii=False)
    return 2 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
