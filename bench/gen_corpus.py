#!/usr/bin/env python3
"""Deterministic synthetic chat corpora for benchmarks (self-made; no real chats).

  gen_corpus.py lines N > corpus.txt          N messages, one per line (~86 bytes each)
  gen_corpus.py distinct-lines N > corpus.txt the same messages, each ending " (msg I)" so that
                                              none repeats (analyzers remember a repeated
                                              message's suggestions: this measures them unremembered)
  gen_corpus.py whatsapp BYTES > chat.txt     a WhatsApp (Android) export of about BYTES bytes

Messages mix everyday texting (most of them, as in real chats) with the four
patterns reframe looks for, in plain, lower-case, shorthand and curly-quote
variants, so every stage of the analyzer is exercised.
"""
import random
import sys

EVERYDAY = [
    "Running 10 min late, traffic is terrible on the bridge, sorry!! be there soon",
    "Can you grab milk and eggs on the way home? we are out of both again lol",
    "Good morning! Did you sleep ok? I dreamt about the beach house last night",
    "The plumber is coming at 10 tomorrow so someone needs to be home, can you?",
    "haha that video is hilarious, send it to your brother he will love it too",
    "Booked the table for 7:30 at the Thai place, the one with the good curry",
    "Are you still at the gym? I'll start dinner when you text me you're leaving",
    "Don't forget mom's birthday is on Sunday, I got a card we can both sign it",
    "omw, just parking now. which entrance are you at? the north one or south",
    "The kids are finally asleep. Want to watch the next episode tonight maybe?",
    "Thank you for picking up the dry cleaning, you saved my whole afternoon!",
    "I’m at the store, do we need anything else for the party on Saturday night?",
]
PATTERNS = [
    "I want to connect, but I am too busy this week with the project deadline.",
    "i miss u but im slammed rn, maybe later this month when things calm down",
    "You never listen to me when I tell you something important about my day.",
    "I meant to call you back last night, but I didn't, the meeting ran late.",
    "Whatever. Do what you want, I'm done talking about this for today okay.",
    "I feel numb about the whole thing and I don’t want to discuss it anymore.",
    "It's not my fault the reservation got cancelled, you booked it, not me.",
    "Are you serious right now? You always make everything about yourself.",
]


def message(rng):
    if rng.random() < 0.8:
        return rng.choice(EVERYDAY)
    return rng.choice(PATTERNS)


def main():
    kind, size = sys.argv[1], int(float(sys.argv[2]))
    rng = random.Random(42)
    out = sys.stdout
    if kind == "lines":
        for _ in range(size):
            out.write(message(rng) + "\n")
        return
    if kind == "distinct-lines":
        for i in range(size):
            out.write(f"{message(rng)} (msg {i + 1})\n")
        return
    if kind == "whatsapp":
        written, minute = 0, 0
        names = ["Sam", "Alex"]
        while written < size:
            day, hh, mm = 1 + (minute // 1440) % 28, (minute // 60) % 24, minute % 60
            month = 1 + (minute // 40320) % 12
            year = 2015 + (minute // 483840) % 10  # stay in 2015-2024 however long the export
            text = message(rng)
            if rng.random() < 0.03:
                text = "<Media omitted>"
            elif rng.random() < 0.02:
                text += "\nand another line of the same message"
            line = f"{day:02d}/{month:02d}/{year}, {hh:02d}:{mm:02d} - {rng.choice(names)}: {text}\n"
            out.write(line)
            written += len(line.encode())
            minute += 1 + rng.randrange(30)
        return
    sys.exit(__doc__)


if __name__ == "__main__":
    main()
