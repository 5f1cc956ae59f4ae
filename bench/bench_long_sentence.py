"""Benchmark: the cost of one very long sentence (text without punctuation).

Usage: .venv/bin/python bench/bench_long_sentence.py [--chars 25000 50000 ...] [--every 60]

Builds, for each length, the seeds' prose with every punctuation mark and line break
removed (one sentence as long as the text) and the same characters with a 。 every
``--every`` characters, and prints the seconds of each, their ratio, the seconds per
1,000 characters (flat when the cost is linear in the length) and bare jieba's time on
the same text. Figures, not assertions.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
import unicodedata
from pathlib import Path

import jieba

from kg.pipeline import build

ROOT = Path(__file__).resolve().parent.parent


def unpunctuated(chars: int) -> str:
    """The seeds' characters without punctuation, separators or line breaks, repeated."""
    text = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    kept = "".join(c for c in text if unicodedata.category(c)[0] in "LN")
    kept = re.sub(r"\d{7,}", lambda m: m.group()[:6], kept)  # figures that ran together
    return (kept * (chars // len(kept) + 1))[:chars]


def punctuated(text: str, every: int) -> str:
    return "。".join(text[i : i + every] for i in range(0, len(text), every))


def timed_build(text: str) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long.txt"
        path.write_text(text, encoding="utf-8")
        started = time.perf_counter()
        build([path])
        return time.perf_counter() - started


def timed_jieba(text: str) -> float:
    started = time.perf_counter()
    for _ in jieba.cut(text):
        pass
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, nargs="+", default=[25_000, 50_000, 100_000, 200_000])
    parser.add_argument("--every", type=int, default=60, help="a 。 every N characters")
    args = parser.parse_args()
    jieba.initialize()
    build([ROOT / "seeds" / "004_7dcf2261e12734e7.txt"])  # load the pipeline once
    print(f"{'chars':>8} {'no 。 s':>9} {'。 s':>8} {'ratio':>6} {'s/1k no 。':>11} {'jieba s':>8}")
    for n in args.chars:
        plain = unpunctuated(n)
        slow = timed_build(plain)
        fast = timed_build(punctuated(plain, args.every))
        bare = timed_jieba(plain)
        print(
            f"{n:>8,} {slow:>9.2f} {fast:>8.2f} {slow / fast:>6.2f} "
            f"{slow / n * 1000:>11.3f} {bare:>8.2f}"
        )


if __name__ == "__main__":
    main()
