"""Clause and sentence boundaries found once per text, so that a scan back (or on) to
the nearest boundary is a bisection instead of a walk, one character at a time, per
mention: a sentence of 200,000 characters without punctuation costs time linear in
its length, not quadratic."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache


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
