"""The fixed pool of real conversation text behind tests/accuracy/real_judged.jsonl.

Three corpora under ../shared/data/corpora (see REAL_TEXT_SOURCES.md for licences):
  sms           SMS Spam Collection, every "ham" line; id = 1-based line number in SMSSpamCollection.
  counsel-chat  one text per unique question (questionLink); text = questionTitle + " " + questionText;
                id = the last path component of questionLink. questionID is not a key in this file
                (18 IDs name two different questions, 9 questions carry two IDs), the link is.
  goemotions    original_dev.tsv and original_test.tsv; id = the comment id column; labels are names
                from original_labels.txt.
Every text has its line breaks turned into spaces, so one text is one line for `check --lines`.
Bad input raises PoolError naming the file and line.
"""
import csv
import os

CORPORA = ("sms", "counsel-chat", "goemotions")
SMS_FILE = os.path.join("sms-spam-collection", "SMSSpamCollection")
COUNSEL_FILE = os.path.join("counsel-chat", "20200325_counsel_chat.csv")
GOEMOTIONS_DIR = "goemotions"
GOEMOTIONS_SPLITS = ("original_dev.tsv", "original_test.tsv")


class PoolError(Exception):
    pass


def one_line(text):
    return text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")


def pool_files(data):
    """The files the pool is read from (for a clear "not found" before any work)."""
    goe = os.path.join(data, GOEMOTIONS_DIR)
    return ([os.path.join(data, SMS_FILE), os.path.join(data, COUNSEL_FILE),
             os.path.join(goe, "original_labels.txt")] + [os.path.join(goe, s) for s in GOEMOTIONS_SPLITS])


def load_sms(data):
    """[{id, text}] for every ham line; id is the 1-based line number as a string."""
    path = os.path.join(data, SMS_FILE)
    out = []
    with open(path, encoding="utf-8", newline="\n") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line:
                continue
            label, tab, text = line.partition("\t")
            if not tab or label not in ("ham", "spam"):
                raise PoolError(f"{path}:{number}: expected 'ham<TAB>text' or 'spam<TAB>text'")
            if label == "ham":
                out.append({"id": str(number), "text": one_line(text)})
    return out


def load_counsel_chat(data):
    """[{id, text}] for every unique question, in first-seen order."""
    path = os.path.join(data, COUNSEL_FILE)
    out, seen = [], {}
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = {"questionID", "questionTitle", "questionText", "questionLink"} - set(reader.fieldnames or [])
        if missing:
            raise PoolError(f"{path}:1: missing columns {sorted(missing)}")
        for row in reader:
            link = (row["questionLink"] or "").rstrip("/")
            qid = link.rsplit("/", 1)[-1]
            if not qid:
                raise PoolError(f"{path}:{reader.line_num}: empty questionLink")
            text = one_line((row["questionTitle"] or "").strip() + " " + (row["questionText"] or "").strip()).strip()
            if qid in seen:
                if seen[qid] != text:
                    raise PoolError(f"{path}:{reader.line_num}: question {qid} has two different texts")
                continue
            seen[qid] = text
            out.append({"id": qid, "text": text})
    return out


def goemotions_label_names(data):
    path = os.path.join(data, GOEMOTIONS_DIR, "original_labels.txt")
    with open(path, encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip()]


def load_goemotions(data):
    """[{id, text, emotions}] for the dev and test splits."""
    names = goemotions_label_names(data)
    out, seen = [], set()
    for split in GOEMOTIONS_SPLITS:
        path = os.path.join(data, GOEMOTIONS_DIR, split)
        with open(path, encoding="utf-8", newline="\n") as f:
            for number, line in enumerate(f, 1):
                parts = line.rstrip("\n").split("\t")
                if len(parts) != 3:
                    raise PoolError(f"{path}:{number}: expected text<TAB>labels<TAB>id")
                text, labels, cid = parts
                try:
                    emotions = [names[int(x)] for x in labels.split(",")]
                except (ValueError, IndexError):
                    raise PoolError(f"{path}:{number}: bad label list {labels!r}") from None
                if cid in seen:
                    raise PoolError(f"{path}:{number}: duplicate comment id {cid}")
                seen.add(cid)
                out.append({"id": cid, "text": one_line(text), "emotions": emotions})
    return out


def load_pool(data):
    """{corpus: [{id, text, ...}]} for the whole pool."""
    return {"sms": load_sms(data), "counsel-chat": load_counsel_chat(data), "goemotions": load_goemotions(data)}


CATEGORIES = ("mixed-message", "criticism", "defensiveness", "withdrawal")


def run_reframe(reframe, texts, extra_args=()):
    """The categories reframe flags in each text: [sorted list] per text, one process for all texts."""
    import json
    import subprocess

    stdin = "".join(one_line(t) + "\n" for t in texts)
    run = subprocess.run([reframe, *extra_args, "check", "--lines", "--format", "jsonl", "--fail-on", "never"],
                         input=stdin.encode("utf-8"), capture_output=True, timeout=3600)
    if run.returncode != 0:
        raise PoolError(f"{reframe} exited {run.returncode}: {run.stderr.decode(errors='replace')[:300]}")
    rows = [json.loads(line) for line in run.stdout.decode("utf-8").splitlines() if line.strip()]
    if len(rows) != len(texts):
        raise PoolError(f"{reframe}: expected {len(texts)} result lines, got {len(rows)}")
    out = []
    for number, row in enumerate(rows, 1):
        if row.get("line") != number:
            raise PoolError(f"{reframe}: result {number} is for line {row.get('line')}")
        out.append(sorted({f["category"] for f in row.get("findings", [])} & set(CATEGORIES)))
    return out
