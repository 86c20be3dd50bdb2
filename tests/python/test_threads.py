"""Threads: the GIL is released while reframe works, and shared analyzers give the same results.

No timings are asserted. Overlap is shown deterministically: with the switch
interval set far beyond the test's length, a thread that holds the GIL keeps
it until it blocks; the main thread can only run while a worker is inside a
reframe call if that call released the GIL.
"""
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

import reframe
from conftest import FIXTURES

BIG = ("I want to connect, but I am too busy. You always make it a big deal. Thank you for dinner. " * 1000)


@pytest.fixture
def no_preemption():
    """No forced GIL hand-over for the duration of the test."""
    old = sys.getswitchinterval()
    sys.setswitchinterval(1000.0)
    yield
    sys.setswitchinterval(old)


def runs_while_inside(call):
    """True if the main thread got to run while `call` was in progress in another thread."""
    started = threading.Event()
    done = []

    def worker():
        started.set()
        for _ in range(5):
            call()
        done.append(True)

    t = threading.Thread(target=worker)
    t.start()
    started.wait()
    # The worker held the GIL from started.set() until its first reframe call;
    # getting here before it finished means a call let go of the GIL.
    overlapped = not done
    t.join()
    return overlapped


def test_check_releases_the_gil(no_preemption):
    a = reframe.Analyzer()
    assert runs_while_inside(lambda: a.check(BIG))


def test_check_many_releases_the_gil(no_preemption):
    texts = [BIG[:5000]] * 200
    assert runs_while_inside(lambda: reframe.check_many(texts))


def test_check_chat_releases_the_gil(no_preemption, tmp_path):
    chat = tmp_path / "chat.txt"
    with open(chat, "w", encoding="utf-8") as f:
        for i in range(40000):
            f.write(f"{1 + i % 28:02d}/03/2024, 10:{i % 60:02d} - Sam: I want to connect, but I am too busy. {i}\n")
    assert runs_while_inside(lambda: reframe.check_chat(chat, messages=False))


def test_the_check_itself_is_what_lets_go():
    """Control: pure-Python work in the worker never lets the main thread in."""
    old = sys.getswitchinterval()
    sys.setswitchinterval(1000.0)
    try:
        assert not runs_while_inside(lambda: sum(range(200000)))
    finally:
        sys.setswitchinterval(old)


def test_threads_share_one_analyzer_with_identical_results():
    a = reframe.Analyzer()
    texts = [f"{i}: I want to connect, but I am too busy. You never listen. Thank you." for i in range(400)]
    texts += ["Whatever.", "I feel numb.", "It's not my fault, what about you?", BIG[:20000]]
    want = [a.check(t) for t in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(a.check, texts))
        chats = list(pool.map(lambda p: reframe.check_chat(os.path.join(FIXTURES, p)),
                              ["whatsapp_android.txt", "telegram.json", "discord.json", "slack", "messenger"] * 4))
    assert got == want
    for i, c in enumerate(chats):
        assert c == chats[i % 5]


def test_one_chat_reader_is_not_read_by_two_threads_at_once(tmp_path):
    """Sharing one iterator between threads never corrupts it: each message comes out once."""
    chat = tmp_path / "chat.txt"
    with open(chat, "w", encoding="utf-8") as f:
        for i in range(20000):
            f.write(f"01/03/2024, 10:00 - Sam: message {i}\n")
    reader = reframe.read_chat(chat)
    seen, errors = [], []

    def drain():
        while True:
            try:
                m = next(reader)
            except StopIteration:
                return
            except ValueError as e:  # "already executing": the other thread is inside next()
                errors.append(str(e))
                continue
            seen.append(m["text"])

    threads = [threading.Thread(target=drain) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(seen) == sorted(f"message {i}" for i in range(20000))
    assert all("already executing" in e for e in errors)
