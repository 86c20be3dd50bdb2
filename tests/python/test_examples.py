"""The examples in examples/python: pandas tables and the Dask job equal `reframe chat` file by file."""
import importlib.util
import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import FIXTURES, SOURCE_DIR

EXAMPLES = os.path.join(SOURCE_DIR, "examples", "python")
CATEGORIES = ("mixed-message", "criticism", "defensiveness", "withdrawal")


def load_example(name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(EXAMPLES, name + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def generate_whatsapp(path, size):
    with open(path, "w", encoding="utf-8") as f:
        subprocess.run([sys.executable, os.path.join(SOURCE_DIR, "bench", "gen_corpus.py"), "whatsapp", str(size)],
                       stdout=f, check=True)


# ---- pandas ----------------------------------------------------------------------------------

PANDAS_CHATS = [os.path.join(SOURCE_DIR, "samples", "chat-whatsapp.txt")] + [
    os.path.join(FIXTURES, name) for name in ("whatsapp_android.txt", "telegram.json", "discord.csv", "slack", "messenger")]


def test_pandas_example_runs_as_a_script():
    p = subprocess.run([sys.executable, os.path.join(EXAMPLES, "pandas_example.py")], capture_output=True, text=True,
                       timeout=120)
    assert p.returncode == 0, p.stderr
    assert "50 messages, 47 analysed, 1 system events" in p.stdout
    assert "Per person" in p.stdout and "Per month" in p.stdout and "criticism/always-never" in p.stdout
    assert "Responses" in p.stdout


@pytest.mark.parametrize("path", PANDAS_CHATS, ids=os.path.basename)
def test_pandas_tables_equal_the_cli_summary(cli, path):
    example = load_example("pandas_example")
    summary = cli.chat_json(path)[0]["summary"]
    df = example.load(path)
    people = example.per_person(df)
    assert sorted(people.index) == sorted(summary["by_author"])
    for name, want in summary["by_author"].items():
        row = people.loc[name]
        assert (row["messages"], row["analysed"], row["strengths"]) == (want["messages"], want["analysed"],
                                                                        want["strengths"]), name
        assert {c: row[c] for c in CATEGORIES} == want["findings"], name
        for c in CATEGORIES:
            assert row[f"{c} /100"] == pytest.approx(round(want["per_100"][c], 1), abs=0.051)
    months = example.per_month(df)
    assert sorted(months.index) == sorted(summary["by_month"])
    for month, want in summary["by_month"].items():
        row = months.loc[month]
        assert row["analysed"] == want["analysed"] and row["strengths"] == want["strengths"]
        assert {c: row[c] for c in CATEGORIES} == want["findings"], month
    responses = example.responses(path)
    assert sorted(map(tuple, responses[["to", "reply", "from", "by", "count"]].values.tolist())) == sorted(
        (r["to"], r["reply"], r["from"], r["by"], r["count"]) for r in summary["responses"])


def test_one_line_dataframe_has_the_json_columns():
    import pandas as pd
    import reframe
    df = pd.DataFrame(reframe.check_chat(PANDAS_CHATS[0])["messages"])
    assert list(df.columns) == ["line", "source", "author", "time", "kind", "text", "findings", "strengths", "score",
                                "language", "reply_to"]
    assert set(df["language"].dropna()) == {"en"}  # messages of 24 letters or more (issue 16)
    assert df["reply_to"].notna().sum() > 10  # the turn each reply answers, a dict
    assert len(df) == 51


# ---- Dask ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    """A folder of exports: four generated WhatsApp chats of different lengths, a Telegram
    file and a Slack folder (an export that is a directory)."""
    folder = tmp_path_factory.mktemp("exports")
    for i, size in enumerate((150_000, 400_000, 90_000, 250_000)):
        generate_whatsapp(folder / f"WhatsApp Chat {i}.txt", size)
    shutil.copy(os.path.join(FIXTURES, "telegram.json"), folder / "telegram.json")
    shutil.copytree(os.path.join(FIXTURES, "slack"), folder / "slack")
    return folder


def expected(cli, folder, per_export):
    """What the Dask job must find: `reframe chat` on each export, summed here."""
    people, months = {}, {}

    def add(table, key, counts, with_messages):
        t = table.setdefault(key, {"messages": 0, "analysed": 0, "findings": dict.fromkeys(CATEGORIES, 0),
                                   "strengths": 0})
        t["messages"] += counts["messages"] if with_messages else 0
        t["analysed"] += counts["analysed"]
        t["strengths"] += counts["strengths"]
        for c in CATEGORIES:
            t["findings"][c] += counts["findings"][c]

    for name in sorted(os.listdir(folder)):
        path = str(folder / name)
        summary = cli.chat_json(path)[0]["summary"]
        for author, counts in summary["by_author"].items():
            add(people, (path, author) if per_export else author, counts, True)
        for month, counts in summary["by_month"].items():
            add(months, month, counts, False)
    return people, months


def run_dask(folder, tmp_path, *extra):
    out = tmp_path / "result.json"
    p = subprocess.run([sys.executable, os.path.join(EXAMPLES, "dask_chats.py"), str(folder), "--workers", "2",
                        "--local-directory", str(tmp_path / "dask"), "--json", str(out), *extra],
                       capture_output=True, text=True, timeout=300)
    return p, (json.loads(out.read_text()) if out.exists() else None)


@pytest.mark.parametrize("per_export", [False, True], ids=["per-person", "per-export"])
def test_dask_job_on_a_local_cluster_equals_cli_file_by_file(cli, exports, tmp_path, per_export):
    p, result = run_dask(exports, tmp_path, *(["--per-export"] if per_export else []))
    assert p.returncode == 0, p.stderr
    # A real cluster of two worker processes, on the loopback interface only.
    assert result["workers"] == 2 and result["scheduler"].startswith("tcp://127.0.0.1:"), result["scheduler"]
    assert result["exports"] == 6 and result["errors"] == []
    assert sorted(result["formats"].values()) == ["slack", "telegram"] + ["whatsapp"] * 4

    people, months = expected(cli, exports, per_export)
    got_people = {(tuple(r["person"]) if per_export else r["person"]): r for r in result["people"]}
    assert sorted(got_people) == sorted(people)
    for key, want in people.items():
        got = got_people[key]
        assert {k: got[k] for k in want} == want, key
        for c in CATEGORIES:
            assert got["per_100"][c] == pytest.approx(100 * want["findings"][c] / want["analysed"] if want["analysed"]
                                                      else 0.0, abs=0.051)
    got_months = {r["month"]: r for r in result["months"]}
    assert sorted(got_months) == sorted(months)
    for month, want in months.items():
        want.pop("messages")
        assert {k: got_months[month][k] for k in want} == want, month
    # Not vacuous: the generated chats span months and show every category.
    assert len(months) > 3 and all(sum(r["findings"][c] for r in result["months"]) > 0 for c in CATEGORIES)
    assert "person" in p.stdout and "month" in p.stdout


def network_calls(trace):
    """(call, family, address) of every bind/connect in an strace log."""
    import re
    calls = []
    with open(trace, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = re.search(r"\b(bind|connect)\(\d+, \{sa_family=(AF_INET6?)[^}]*?(?:inet_addr\(\"([^\"]*)\"\)|"
                          r"inet_pton\(AF_INET6, \"([^\"]*)\")", line)
            if m:
                calls.append((m[1], m[2], m[3] or m[4]))
    return calls


def test_dask_local_cluster_stays_on_loopback(exports, tmp_path):
    """Scheduler, workers and their HTTP servers bind and connect to 127.0.0.1 only."""
    trace = tmp_path / "trace"
    p = subprocess.run(["strace", "-f", "-qq", "-e", "trace=bind,connect", "-o", str(trace), sys.executable,
                        os.path.join(EXAMPLES, "dask_chats.py"), str(exports), "--workers", "2", "--local-directory",
                        str(tmp_path / "dask")], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    calls = network_calls(trace)
    assert any(c[0] == "bind" for c in calls) and any(c[0] == "connect" for c in calls), calls
    assert all(c[2] == "127.0.0.1" for c in calls), [c for c in calls if c[2] != "127.0.0.1"]


def test_the_package_itself_opens_no_socket(tmp_path):
    trace = tmp_path / "trace"
    code = ("import sys, reframe\n"
            "reframe.check('You never listen.')\n"
            "reframe.check_chat(sys.argv[1])\n"
            "list(reframe.read_chat(sys.argv[2]))\n")
    subprocess.run(["strace", "-f", "-qq", "-e", "trace=network", "-o", str(trace), sys.executable, "-c", code,
                    PANDAS_CHATS[0], os.path.join(FIXTURES, "whatsapp.zip")], check=True, timeout=120)
    assert trace.read_text() == ""


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # tornado's, from distributed's Client
def test_dask_job_on_a_scheduler_started_apart(exports, tmp_path):
    """--scheduler ADDRESS, as on a real cluster: `dask-scheduler` and two `dask-worker`
    processes started on their own (here on 127.0.0.1), the same results as the LocalCluster."""
    import time
    from distributed import Client
    scheduler_file = tmp_path / "scheduler.json"
    loopback = ["--host", "127.0.0.1", "--dashboard-address", "127.0.0.1:0", "--no-dashboard"]
    procs = [subprocess.Popen([shutil.which("dask-scheduler"), *loopback, "--port", "0",
                               "--scheduler-file", str(scheduler_file)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        for _ in range(600):
            if scheduler_file.exists() and scheduler_file.stat().st_size:
                break
            time.sleep(0.1)
        address = json.loads(scheduler_file.read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:")
        for i in range(2):
            procs.append(subprocess.Popen([shutil.which("dask-worker"), "--scheduler-file", str(scheduler_file),
                                           *loopback, "--nthreads", "1", "--local-directory", str(tmp_path / f"w{i}")],
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        p, result = run_dask(exports, tmp_path, "--scheduler", address)
        assert p.returncode == 0, p.stderr
        assert result["scheduler"] == address and result["workers"] == 2
        (tmp_path / "local").mkdir()
        _, local = run_dask(exports, tmp_path / "local")
        for key in ("exports", "formats", "people", "months", "errors"):
            assert result[key] == local[key], key
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in reversed(procs):
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_dask_job_reports_broken_exports_and_counts_the_rest(cli, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    generate_whatsapp(folder / "chat.txt", 50_000)
    (folder / "broken.json").write_text('{"name": "Sam", "messages": [\n {"id": 1, "type": "message", "from": "Sam", '
                                        '"text": "hi"},\n {"id": 2,,}\n]}\n')
    p, result = run_dask(folder, tmp_path)
    assert p.returncode == 2
    assert len(result["errors"]) == 1 and f"{folder / 'broken.json'}:3: malformed JSON" in result["errors"][0], result["errors"]
    assert result["errors"][0] in p.stderr
    summary = cli.chat_json(str(folder / "chat.txt"))[0]["summary"]
    assert {r["person"]: r["analysed"] for r in result["people"]} == {
        name: a["analysed"] for name, a in summary["by_author"].items()}


def test_dask_job_needs_exports(tmp_path):
    p = subprocess.run([sys.executable, os.path.join(EXAMPLES, "dask_chats.py"), str(tmp_path)], capture_output=True,
                       text=True, timeout=60)
    assert p.returncode == 1 and "no chat exports" in p.stderr


# ---- Spark / Hadoop Streaming mappers (README) ------------------------------------------------

def test_jsonl_mappers_as_the_readme_gives_them(cli, exports):
    """The shell commands the README gives for Spark's RDD.pipe(): one input record per line on
    stdin, JSON Lines out, exit 0."""
    drafts = ["I want to connect, but I am too busy.", "Thanks for dinner!", "You never listen."]
    p = subprocess.run(["sh", "-c", f"'{cli.path}' check --lines --format jsonl --fail-on never"],
                       input="\n".join(drafts) + "\n", capture_output=True, text=True, check=True)
    rows = [json.loads(line) for line in p.stdout.splitlines()]
    assert [r["line"] for r in rows] == [1, 2, 3]
    assert [sorted({f["category"] for f in r["findings"]}) for r in rows] == [["mixed-message"], [], ["criticism"]]

    paths = [str(exports / name) for name in sorted(os.listdir(exports))]
    p = subprocess.run(["sh", "-c", f"xargs -d '\\n' -n 1 '{cli.path}' chat --format jsonl --no-progress"],
                       input="\n".join(paths) + "\n", capture_output=True, text=True, check=True)
    want = [json.dumps(m, ensure_ascii=False, separators=(",", ":")) for path in paths for m in cli.chat_jsonl(path)]
    assert [json.dumps(json.loads(line), ensure_ascii=False, separators=(",", ":")) for line in p.stdout.splitlines()] == want
