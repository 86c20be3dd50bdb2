#!/usr/bin/env python3
"""Tests of real_judged.py against a fake reframe and a tiny fake pool, so its numbers can be trusted.

The fake reframe flags a line with every category whose name (upper case) appears in it, e.g.
"you CRITICISM always" -> criticism. Usage: real_judged_test.py (no arguments; exits 1 on a failure).
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "real_judged.py")
FAKE = r'''#!/usr/bin/env python3
import json, sys
cats = ["mixed-message", "criticism", "defensiveness", "withdrawal"]
assert sys.argv[1:] == ["check", "--lines", "--format", "jsonl", "--fail-on", "never"], sys.argv
for n, line in enumerate(sys.stdin, 1):
    found = [{"category": c, "rule": c + "/x"} for c in cats if c.upper() in line]
    print(json.dumps({"line": n, "findings": found}))
'''
failures = []


def check(name, cond, detail=""):
    if not cond:
        failures.append(f"{name}: {detail}")


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def rec(corpus, ident, text, labels=(), allow=(), before=(), note="judged"):
    return {"corpus": corpus, "id": ident, "text": text, "labels": list(labels), "allow": list(allow),
            "flagged_before": list(before), "note": note}


def run(args):
    p = subprocess.run([sys.executable, SCRIPT, *args], capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout + p.stderr


def main():
    with tempfile.TemporaryDirectory() as tmp:
        fake = os.path.join(tmp, "reframe")
        write(fake, FAKE)
        os.chmod(fake, 0o755)
        data = os.path.join(tmp, "corpora")
        write(os.path.join(data, "sms-spam-collection", "SMSSpamCollection"),
              "ham\tyou CRITICISM always\nspam\tWIN CRITICISM now\nham\tOk WITHDRAWAL\nham\tnew CRITICISM here\n"
              "ham\tplain\n")
        write(os.path.join(data, "counsel-chat", "20200325_counsel_chat.csv"),
              "questionID,questionTitle,questionText,questionLink\n"
              '0,Title one,"Body\nWITHDRAWAL here",https://counselchat.com/questions/q-one\n'
              '0,Title one,"Body\nWITHDRAWAL here",https://counselchat.com/questions/q-one\n'
              "0,Title two,Body two,https://counselchat.com/questions/q-two\n")
        write(os.path.join(data, "goemotions", "original_labels.txt"), "anger\nneutral\n")
        write(os.path.join(data, "goemotions", "original_dev.tsv"), "you DEFENSIVENESS x\t0\tg1\n")
        write(os.path.join(data, "goemotions", "original_test.tsv"), "nice\t1\tg2\n")
        judged = os.path.join(tmp, "judged.jsonl")
        records = [
            rec("sms", 1, "you CRITICISM always", labels=["criticism"], before=["criticism"]),
            rec("sms", 3, "Ok WITHDRAWAL", allow=["withdrawal"], before=["withdrawal"]),
            rec("counsel-chat", "q-one", "Title one Body WITHDRAWAL here", before=["withdrawal"],
                note="withdrawal wrong: self-description — told to a therapist"),
            rec("counsel-chat", "q-two", "Title two Body two", labels=["mixed-message"], note="missed"),
            rec("goemotions", "g1", "you DEFENSIVENESS x", before=["defensiveness"],
                note="defensiveness wrong: playful — banter"),
        ]
        write(judged, "".join(json.dumps(r) + "\n" for r in records))

        # Judged texts only: 5 flags, 1 right, 1 allowed, 2 wrong; 2 labels, 1 found.
        code, out = run(["--reframe", fake, "--judged", judged])
        check("plain run exits 0", code == 0, out)
        check("overall row", "overall             4     1     1     2  0.250   0.500      2     1  0.500" in out, out)
        check("reasons counted", "self-description      1" in out and "playful               1" in out, out)
        check("no pool note", "pool not checked" in out, out)

        # Floors.
        code, out = run(["--reframe", fake, "--judged", judged, "--min-precision", "0.25", "--min-recall", "0.5"])
        check("floors met exit 0", code == 0, out)
        code, out = run(["--reframe", fake, "--judged", judged, "--min-precision", "0.3"])
        check("precision floor fails", code == 1 and "FAIL: precision" in out, out)
        code, out = run(["--reframe", fake, "--judged", judged, "--min-recall", "0.6"])
        check("recall floor fails", code == 1 and "FAIL: recall" in out, out)
        code, out = run(["--reframe", fake, "--judged", judged, "--min-lenient-precision", "0.6"])
        check("lenient floor fails", code == 1 and "FAIL: lenient precision" in out, out)

        # The pool: sms line 4 is flagged and unjudged (spam line 2 is not in the pool).
        unjudged = os.path.join(tmp, "unjudged.jsonl")
        code, out = run(["--reframe", fake, "--judged", judged, "--data", data, "--list-unjudged", unjudged])
        check("pool run exits 0 without floors", code == 0, out)
        check("pool size", "pool: 8 messages; flagged and not judged: 1 messages, 1 flags" in out, out)
        listed = [json.loads(line) for line in open(unjudged, encoding="utf-8")]
        check("unjudged listed", len(listed) == 1 and listed[0]["id"] == 4 and listed[0]["note"] == "UNJUDGED"
              and listed[0]["labels"] == [] and listed[0]["flagged_now"] == ["criticism"], listed)
        code, out = run(["--reframe", fake, "--judged", judged, "--data", data, "--min-precision", "0.1"])
        check("no precision while unjudged", code == 1 and "no precision to claim" in out, out)
        code, out = run(["--reframe", fake, "--judged", judged, "--data", data, "--min-recall", "0.5"])
        check("recall floor alone ignores unjudged", code == 0, out)

        # Unjudged records appended unjudged are refused; judged they count.
        with open(judged, "a", encoding="utf-8") as f:
            f.write(open(unjudged, encoding="utf-8").read())
        code, out = run(["--reframe", fake, "--judged", judged])
        check("UNJUDGED record refused", code == 2 and "judged.jsonl:6: not judged yet" in out, out)
        listed[0]["labels"], listed[0]["note"] = ["criticism"], "right"
        write(judged, "".join(json.dumps(r) + "\n" for r in records + listed))
        code, out = run(["--reframe", fake, "--judged", judged, "--data", data, "--min-precision", "0.4"])
        check("judged now: precision 2/5", code == 0 and "0.400" in out and "not judged: 0 messages" in out, out)

        # Bad input names file and line, exit 2.
        bad_cases = [
            ("not json", "{", "not JSON"),
            ("unknown category", json.dumps(rec("sms", 1, "x", labels=["rudeness"])), "labels must be"),
            ("unknown corpus", json.dumps(rec("irc", 1, "x")), "unknown corpus"),
            ("labels and allow", json.dumps(rec("sms", 1, "x", labels=["criticism"], allow=["criticism"])),
             "both labels and allow"),
            ("unknown reason", json.dumps(rec("sms", 1, "x", before=["criticism"], note="criticism wrong: rude")),
             "unknown reason"),
            ("unexplained wrong flag", json.dumps(rec("sms", 1, "x", before=["criticism"], note="nope")),
             "gives no 'criticism wrong"),
            ("missing field", json.dumps({"corpus": "sms", "id": 1, "text": "x"}), "field 'labels'"),
        ]
        for name, line, message in bad_cases:
            write(judged, json.dumps(records[0]) + "\n" + line + "\n")
            code, out = run(["--reframe", fake, "--judged", judged])
            check(f"bad input: {name}", code == 2 and "judged.jsonl:2:" in out and message in out, out)
        write(judged, json.dumps(records[0]) + "\n" + json.dumps(records[0]) + "\n")
        code, out = run(["--reframe", fake, "--judged", judged])
        check("duplicate refused", code == 2 and "already judged on line 1" in out, out)
        changed = dict(records[0], text="you CRITICISM never")
        write(judged, json.dumps(changed) + "\n")
        code, out = run(["--reframe", fake, "--judged", judged, "--data", data])
        check("text must match the pool", code == 2 and "text differs" in out, out)

        # Missing judged file or corpora: skipped.
        code, out = run(["--reframe", fake, "--judged", os.path.join(tmp, "absent.jsonl")])
        check("missing judged file is 77", code == 77, out)
        write(judged, json.dumps(records[0]) + "\n")
        code, out = run(["--reframe", fake, "--judged", judged, "--data", os.path.join(tmp, "nowhere")])
        check("missing corpora is 77", code == 77, out)

        # A reframe that fails is an error, not a score.
        broken = os.path.join(tmp, "broken")
        write(broken, "#!/bin/sh\necho boom >&2\nexit 3\n")
        os.chmod(broken, 0o755)
        code, out = run(["--reframe", broken, "--judged", judged])
        check("failing reframe is 2", code == 2 and "exited 3" in out, out)

    for f in failures:
        print("FAIL", f)
    print(f"{len(failures)} failures")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
