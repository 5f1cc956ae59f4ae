"""The text's boundaries as figures read them: sentence and clause ends (a clause scan
skips brackets and quotes, a newline ends a clause only where it ends a paragraph or a
heading), marks of rule tables matched once per text, and small word helpers.

Boundaries are found once per text (:mod:`kg.clauses`), so a scan back to the nearest one
is a bisection, not a walk."""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from kg import clauses
from kg.figures.rules import PatternRule
from kg.grammar import (
    CLOSING_TO_OPENING,
    FIGURE_CLAUSE_END,
)

QUOTED = re.compile(
    r"“[^”\n]{1,40}”|「[^」\n]{1,40}」|『[^』\n]{1,40}』|《[^》\n]{1,40}》|‘[^’\n]{1,40}’"
)


HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Mark:
    """A matched phrase (temporal, basis, plan) at view offsets, with its rule."""

    start: int
    end: int
    rule: PatternRule
    groups: dict[str, str | None]


def _clause_start(text: str, pos: int, floor: int = 0) -> int:
    """Where the clause ending at ``pos`` begins: after the last delimiter outside
    brackets and quotes (「五通、四集、三云」 is one phrase)."""
    marks, starts = _clause_index(text)
    k = bisect.bisect_left(marks, pos) - 1
    return max(floor, starts[k] if k >= 0 else 0)


_OPENERS = tuple(sorted(set(CLOSING_TO_OPENING.values())))


_SCANNED = (
    frozenset(CLOSING_TO_OPENING) | frozenset(CLOSING_TO_OPENING.values()) | FIGURE_CLAUSE_END
)


@lru_cache(maxsize=8)
def _clause_index(text: str) -> tuple[tuple[int, ...], list[int]]:
    """The positions of the characters a clause scan looks at (delimiters, brackets,
    quotes) and, for each, where a clause ending just after it begins when nothing bounds
    it from below, in one pass over the text: a scan back from a closing bracket or quote
    jumps to the opening one it waits for, found by the same recurrence. So
    :func:`_clause_start` is a bisection, not a walk back per figure."""
    marks = clauses.positions(text, _SCANNED)
    starts: list[int] = []
    # opened[o][k]: the mark where a scan back from mark k waiting for opener o stops; -1 none
    opened: dict[str, list[int]] = {o: [] for o in _OPENERS}
    for k, i in enumerate(marks):
        ch = text[i]
        if ch in CLOSING_TO_OPENING:
            m = opened[CLOSING_TO_OPENING[ch]][k - 1] if k else -1
            start = 0 if m < 0 else (starts[m - 1] if m else 0)
            for o in _OPENERS:
                opened[o].append(opened[o][m - 1] if m > 0 else -1)
        else:
            if ch == "（" or (ch in FIGURE_CLAUSE_END and (ch != "\n" or _hard_break(text, i))):
                start = i + 1
            else:
                start = starts[k - 1] if k else 0
            for o in _OPENERS:
                opened[o].append(k if ch == o else (opened[o][k - 1] if k else -1))
        starts.append(start)
    return marks, starts


def _hard_break(text: str, i: int) -> bool:
    """A newline that ends a paragraph or a heading, not one inside a sentence."""
    j = i - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    if j < 0 or text[j] in "。！？；：\n":
        return True
    line_start = text.rfind("\n", 0, j) + 1
    return "，" not in text[line_start:j]


def _boundary_before(text: str, pos: int, delimiters: frozenset[str]) -> int:
    return max(
        clauses.after_last(clauses.positions(text, delimiters - NEWLINE), pos),
        clauses.after_last(_hard_breaks(text), pos),
    )


def _boundary_after(text: str, pos: int, delimiters: frozenset[str]) -> int:
    end = len(text)
    return min(
        clauses.first_from(clauses.positions(text, delimiters), pos, end),
        clauses.first_from(_hard_breaks(text), pos, end),
    )


NEWLINE = frozenset("\n")


@lru_cache(maxsize=8)
def _hard_breaks(text: str) -> tuple[int, ...]:
    """Where ``text`` has a newline that ends a paragraph or heading, once per text."""
    return tuple(i for i in clauses.positions(text, NEWLINE) if _hard_break(text, i))


def _mask(size: int, spans: list[tuple[int, int]]) -> bytearray:
    """One byte per view character, set inside any of ``spans``."""
    mask = bytearray(size)
    for s, e in spans:
        mask[s:e] = b"\x01" * (e - s)
    return mask


def _marks(text: str, rules: tuple[PatternRule, ...], blocked: list[tuple[int, int]]) -> list[Mark]:
    """Non-overlapping matches of a rule table, earlier rows winning, outside quotes."""
    taken = _mask(len(text), blocked)
    out: list[Mark] = []
    for rule in rules:
        for m in rule.pattern.finditer(text):
            if m.start() == m.end() or any(taken[m.start() : m.end()]):
                continue
            taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            out.append(Mark(m.start(), m.end(), rule, m.groupdict()))
    out.sort(key=lambda k: k.start)
    return out


def _strip_prefix(
    text: str, words: tuple[str, ...], whole: Callable[[int], bool] | None = None
) -> tuple[str, int]:
    """Strip any of ``words`` from the start, repeatedly; returns (rest, chars removed).
    ``whole`` (given how many characters would be removed) says whether the cut leaves
    whole words: 「并购业务」 and 「总行级战略客户」 do not open with 并 or 总行."""
    removed = 0
    changed = True
    while changed and text:
        if not text.startswith(words):
            break  # none opens it (one test in C; most texts open with none)
        changed = False
        for w in words:
            if text.startswith(w) and (whole is None or whole(removed + len(w))):
                text = text[len(w) :]
                removed += len(w)
                changed = True
                break
    return text, removed


def _ends_with(text: str, words: tuple[str, ...]) -> str | None:
    if not text.endswith(words):
        return None  # none ends it (one test in C; most texts end with none)
    for w in words:
        if text.endswith(w):
            return w
    return None


BULLETS = frozenset("●■◆▲►▶○◇□▪◎★☆")
"""Marks that open a list item (「● 本行……」) and say nothing: no part of a clause's words."""


def _unbulleted(text: str, keep: list[int]) -> list[int]:
    """The kept positions of a clause without the bullets it opens with (「● 」, or the
    private-use glyph a PDF's bullet becomes)."""
    start = 0
    while start < len(keep) and (
        text[keep[start]] in BULLETS or unicodedata.category(text[keep[start]]) == "Co"
    ):
        start += 1
    return keep[start:] if start else keep


def _is_item_char(ch: str) -> bool:
    return bool(HAN.match(ch)) or (ch.isascii() and ch.isalnum())
