#!/usr/bin/env python3
"""reframe + pandas: one chat export as tables, per person and per month.

Run it as a script, or cell by cell (the `# %%` markers) in Jupyter, VS Code or Spyder:

    PYTHONPATH=build/python /usr/bin/python3 examples/python/pandas_example.py samples/chat-whatsapp.txt

Needs Debian's python3-pandas and the reframe package (-DREFRAME_BUILD_PYTHON=ON).
"""
# %% Load a chat: one row per message, in one line.
import os
import sys

import pandas as pd

import reframe

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CHAT = os.path.normpath(os.path.join(HERE, "..", "..", "samples", "chat-whatsapp.txt"))


def load(path):
    """Every message of the export as a DataFrame (columns: the JSON message object's fields)."""
    df = pd.DataFrame(reframe.check_chat(path)["messages"])
    # One column per category ("score" holds the counts), and the month of each message.
    df = df.join(pd.DataFrame(df["score"].tolist(), index=df.index))
    df["month"] = df["time"].str[:7].fillna("unknown")
    # As in reframe's own summary: a message without an author counts as "(unknown)".
    df.loc[df["kind"] != "event", "author"] = df["author"].fillna("(unknown)")
    df["strength_count"] = df["strengths"].str.len()
    return df


# %% Per person: messages, what was analysed, findings per category, and rates per 100 messages.
def per_person(df):
    messages = df[df["kind"] != "event"]  # media, deleted and empty ones count as messages, not analysed
    analysed = messages[messages["kind"] == "text"]
    people = pd.DataFrame({"messages": messages.groupby("author").size()})
    people["analysed"] = analysed.groupby("author").size()
    people = people.join(analysed.groupby("author")[list(reframe.CATEGORIES) + ["strength_count"]].sum())
    people = people.fillna(0).astype(int)
    for c in reframe.CATEGORIES:
        people[f"{c} /100"] = (100 * people[c] / people["analysed"].where(people["analysed"] > 0)).fillna(0).round(1)
    return people.rename(columns={"strength_count": "strengths"})


# %% Per month: findings over time, everyone together.
def per_month(df):
    analysed = df[df["kind"] == "text"]
    months = analysed.groupby("month")[list(reframe.CATEGORIES) + ["strength_count"]].sum()
    months.insert(0, "analysed", analysed.groupby("month").size())
    return months.rename(columns={"strength_count": "strengths"})


# %% Findings as their own table: which rules fire, for whom, with an example.
def findings(df):
    table = pd.json_normalize(df.to_dict("records"), record_path="findings", meta=["author", "time"],
                              record_prefix="finding.")
    return table


# %% What answered what: each message is read with the turn it answers ("reply_to": who, when and
# what that turn did), and the summary counts the responses between two people.
def responses(path):
    table = pd.DataFrame(reframe.check_chat(path, messages=False)["summary"]["responses"],
                         columns=["by", "reply", "to", "from", "count"])
    return table.sort_values(["by", "count"], ascending=[True, False], kind="stable")


def main(path):
    df = load(path)
    pd.set_option("display.width", 160)
    pd.set_option("display.max_columns", 20)
    print(f"{path}: {int((df['kind'] != 'event').sum())} messages, {int((df['kind'] == 'text').sum())} analysed, "
          f"{int((df['kind'] == 'event').sum())} system events\n")
    print("Per person\n" + per_person(df).to_string() + "\n")
    print("Per month\n" + per_month(df).to_string() + "\n")
    f = findings(df)
    if len(f):
        top = (f.groupby(["author", "finding.rule"]).size().rename("count").reset_index()
               .sort_values(["author", "count"], ascending=[True, False]).groupby("author").head(3))
        print("Most frequent rules per person\n" + top.to_string(index=False) + "\n")
    r = responses(path)
    if len(r):
        print("Responses (by answered a 'to' of 'from' with a 'reply')\n" + r.to_string(index=False))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_CHAT)
