"""The text's boundaries as figures read them: sentence and clause ends (a clause scan
skips brackets and quotes, a newline ends a clause only where it ends a paragraph or a
heading), marks of rule tables matched once per text, and small word helpers.

Boundaries are found once per text (:mod:`kg.clauses`), so a scan back to the nearest one
is a bisection, not a walk."""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from kg import clauses
from kg.figures.rules import PatternRule
from kg.grammar import (
    CLOSING_TO_OPENING,
    FIGURE_CLAUSE_END,
    cue,
    cued_finditer,
)

QUOTED = re.compile(
    r"“[^”\n]{1,40}”|「[^」\n]{1,40}」|『[^』\n]{1,40}』|《[^》\n]{1,40}》|‘[^’\n]{1,40}’"
)


HAN = re.compile(r"[\u4e00-\u9fff]")

_CATEGORIES = {
    sre_parse.CATEGORY_DIGIT: "\\d",
    sre_parse.CATEGORY_NOT_DIGIT: "\\D",
    sre_parse.CATEGORY_SPACE: "\\s",
    sre_parse.CATEGORY_NOT_SPACE: "\\S",
    sre_parse.CATEGORY_WORD: "\\w",
    sre_parse.CATEGORY_NOT_WORD: "\\W",
}


def _first_chars(items: Any) -> tuple[set[str], bool] | None:
    """The class items (as regex text) one of which the first character of any match of
    a parsed sequence is, and whether the sequence can match nothing; None when the parse
    shows no such class (any character, a back reference, ignoring case...)."""
    parts: set[str] = set()
    for op, av in items:
        found = _first_of(op, av)
        if found is None:
            return None
        parts |= found[0]
        if not found[1]:
            return parts, False
    return parts, True


def _first_of(op: Any, av: Any) -> tuple[set[str], bool] | None:
    if op is sre_parse.LITERAL:
        return {f"\\U{av:08x}"}, False
    if op is sre_parse.IN:
        parts = set()
        for o, a in av:
            if o is sre_parse.LITERAL:
                parts.add(f"\\U{a:08x}")
            elif o is sre_parse.RANGE:
                parts.add(f"\\U{a[0]:08x}-\\U{a[1]:08x}")
            elif o is sre_parse.CATEGORY and a in _CATEGORIES:
                parts.add(_CATEGORIES[a])
            else:  # a negated class, anything else: no claim
                return None
        return parts, False
    if op is sre_parse.SUBPATTERN:
        return None if (av[1] | av[2]) & re.IGNORECASE else _first_chars(av[3])
    if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, sre_parse.POSSESSIVE_REPEAT):
        low, high, sub = av
        found = _first_chars(sub) if high else (set(), True)
        return None if found is None else (found[0], found[1] or low == 0)
    if op is sre_parse.BRANCH:
        parts, empty = set(), False
        for alt in av[1]:
            found = _first_chars(alt)
            if found is None:
                return None
            parts |= found[0]
            empty = empty or found[1]
        return parts, empty
    if op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT, sre_parse.AT):
        return set(), True  # matches no character
    if op is sre_parse.ATOMIC_GROUP:
        return _first_chars(av)
    return None


_GUARDED: dict[re.Pattern[str], re.Pattern[str] | None] = {}
"""Each pattern's guarded form, None where it is given back as it is (patterns equal in
text and flags share an entry)."""


def guarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` with a lookahead for the characters a match can start with, where it
    opens with something optional or a lookbehind (「(?:不低于|…)?(?:人民币)?数字…」): the
    engine then tries a match only where one can start instead of at every character,
    finding the same matches (the lookahead holds wherever a match starts, and takes no
    character and no group). Other patterns (a word first, which the engine already looks
    for) and those the parse shows no class for are given back as they are."""
    if pattern in _GUARDED:
        found = _GUARDED[pattern]
    else:
        fast = _guard(pattern)
        found = _GUARDED[pattern] = None if fast is pattern else fast
    return pattern if found is None else found


def _guard(pattern: re.Pattern[str]) -> re.Pattern[str]:
    if pattern.flags & re.IGNORECASE:
        return pattern
    items = sre_parse.parse(pattern.pattern, pattern.flags)
    if not len(items):
        return pattern
    op, av = items[0]
    opens_optional = (
        op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, sre_parse.POSSESSIVE_REPEAT)
        and av[0] == 0
    ) or op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT)
    first = _first_chars(items)
    if not opens_optional or first is None or first[1] or not first[0]:
        return pattern
    try:
        return re.compile(f"(?=[{''.join(sorted(first[0]))}])" + pattern.pattern, pattern.flags)
    except re.error:  # inline flags that must open the pattern
        return pattern


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
        clauses.after_last(clauses.positions(text, _but_newline(delimiters)), pos),
        clauses.after_last(_hard_breaks(text), pos),
    )


@lru_cache(maxsize=16)
def _but_newline(delimiters: frozenset[str]) -> frozenset[str]:
    """``delimiters`` without the newline, made once per set (and the same object each
    time, whose hash the set keeps for the lookup of its positions)."""
    return delimiters - NEWLINE


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


_YEAR_DIGITS = [(sre_parse.CATEGORY, sre_parse.CATEGORY_DIGIT)]


@lru_cache(maxsize=256)
def _year_led(pattern: re.Pattern[str]) -> bool:
    """Whether every match of ``pattern`` opens with four digits (\\d{4}, in a group or
    not, as the year rules do: 「(?P<y>\\d{4})\\s*年…」)."""
    items = sre_parse.parse(pattern.pattern, pattern.flags)
    while len(items) and items[0][0] is sre_parse.SUBPATTERN:
        _, add_flags, del_flags, inner = items[0][1]
        if add_flags or del_flags:
            return False
        items = inner
    if not len(items):
        return False
    op, av = items[0]
    return (
        op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT)
        and av[0] == av[1] == 4
        and list(av[2]) == [(sre_parse.IN, _YEAR_DIGITS)]
    )


_FOUR_DIGITS: list = [None, 0, ()]
"""The text :func:`_year_starts` last read, with the flags, and where four digits start."""


def _year_starts(text: str, flags: int) -> tuple[int, ...]:
    """Every place of ``text`` where four digits start (\\d as ``flags`` read it), found
    once per text for all the year rules."""
    found = _FOUR_DIGITS
    if found[0] is not text or found[1] != flags & re.ASCII:
        starts = tuple(m.start() for m in re.compile(r"(?=\d{4})", flags & re.ASCII).finditer(text))
        _FOUR_DIGITS[:] = [text, flags & re.ASCII, starts]
    return _FOUR_DIGITS[2]


def _matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``. A pattern whose every match opens with four digits is
    tried only where four digits start (the places found once per text for all of them:
    the leftmost match from a place is the first of those that matches, as the engine
    finds it trying every character); any other as :func:`guarded` gives it."""
    if not _year_led(pattern):
        if cue(pattern) is not None:  # tried only where a cue character is in reach
            yield from cued_finditer(pattern, text)
        else:
            yield from guarded(pattern).finditer(text)
        return
    pos = 0
    for start in _year_starts(text, pattern.flags):
        if start < pos:
            continue
        m = pattern.match(text, start)
        if m is not None:
            yield m
            pos = m.end()  # at least the four digits: never empty


def _marks(text: str, rules: tuple[PatternRule, ...], blocked: list[tuple[int, int]]) -> list[Mark]:
    """Non-overlapping matches of a rule table, earlier rows winning, outside quotes."""
    taken = _mask(len(text), blocked)
    out: list[Mark] = []
    for rule in rules:
        for m in _matches(rule.pattern, text):
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
