"""Clause and sentence boundaries found once per text, so that a scan back (or on) to
the nearest boundary is a bisection instead of a walk, one character at a time, per
mention: a sentence of 200,000 characters without punctuation costs time linear in
its length, not quadratic."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import lru_cache

from kg.grammar import BLANKS


@lru_cache(maxsize=64)
def positions(text: str, chars: frozenset[str]) -> tuple[int, ...]:
    """Where ``text`` holds any of ``chars``, in order (cached per text: a string keeps
    its hash, so a repeated lookup for the same text costs nothing)."""
    return tuple(i for i, ch in enumerate(text) if ch in chars)


def after_last(found: Sequence[int], pos: int) -> int:
    """Just after the last of the sorted positions ``found`` before ``pos``; 0 if none."""
    k = bisect_left(found, pos) - 1
    return found[k] + 1 if k >= 0 else 0


def first_from(found: Sequence[int], pos: int, end: int) -> int:
    """The first of the sorted positions ``found`` at or after ``pos``; ``end`` if none."""
    k = bisect_left(found, pos)
    return found[k] if k < len(found) else end


def _last_in(found: Sequence[int], lo: int, hi: int) -> int | None:
    """The last of the sorted positions ``found`` in [lo, hi]; None if none."""
    k = bisect_right(found, hi) - 1
    return found[k] if k >= 0 and found[k] >= lo else None


def cut_long(
    text: str,
    bounds: Sequence[tuple[int, int]],
    limit: int,
    marks: frozenset[str],
    word_starts: Sequence[int] = (),
) -> tuple[list[tuple[int, int]], list[tuple[int, str]]]:
    """``bounds`` with every sentence longer than ``limit`` cut into pieces of at most
    ``limit`` characters, each as long as it can be: after the last of ``marks`` (clause
    marks) in reach; where there is none, after the last white space, else before the last
    of the sorted ``word_starts``, else at the limit. Returns the new bounds (pieces of
    white space only are left out, as between sentences) and the cuts made elsewhere than
    at a clause mark, as (offset, "space" | "word" | "limit"), for the review queue.

    Every lookup is a bisection in positions found once per text: linear in its length."""
    if all(e - s <= limit for s, e in bounds):
        return list(bounds), []
    at_mark = positions(text, marks)
    at_space = positions(text, BLANKS)  # a table's column gap, a space between phrases
    out: list[tuple[int, int]] = []
    hard: list[tuple[int, str]] = []
    for s, e in bounds:
        while e - s > limit:
            reach = s + limit - 1  # the last character a piece from s may hold
            how = "clause"
            found = _last_in(at_mark, s, reach)
            if found is None:
                how, found = "space", _last_in(at_space, s, reach)
            if found is not None:
                cut = found + 1
            else:
                word = _last_in(word_starts, s + 1, s + limit)
                how, cut = ("word", word) if word is not None else ("limit", s + limit)
            if text[s:cut].strip():
                out.append((s, cut))
                if how != "clause":
                    hard.append((cut, how))
            s = cut
        if text[s:e].strip():
            out.append((s, e))
    return out, hard
