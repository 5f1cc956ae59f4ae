"""Breakdowns of one whole by category: a run of clauses that each give one category's
share of the same whole (「信用卡业务投诉占比53.1%，贷款业务投诉占比18.9%，借记卡业务
投诉占比12.3%」). The shares are the whole's owner's (the bank's), not the categories':
a category is a qualifier of the shared metric (投诉占比 信用卡业务), even where it opens
with a product's name (信用卡, 借记卡)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.figures.rules import Breakdowns
from kg.figures.scan import Scan
from kg.grammar import FIGURE_SENTENCE_END, char_class

CLAUSE_MARKS = frozenset("，；,;：:")
"""What ends one clause of a run (a line break only wraps it)."""
_MARKS = tuple(sorted(CLAUSE_MARKS))


@dataclass(frozen=True)
class Breakdown:
    """The share a figure gives: the shared metric (``tail``), its own category, and where
    the run opens (its first clause's start)."""

    tail: str
    category: str
    start: int


_BLANK = re.compile(r"\s")


_SENTENCE_END = re.compile(char_class(FIGURE_SENTENCE_END))


def _words(text: str, start: int, end: int) -> str:
    return _BLANK.sub("", text[start:end])


def _clause_start(text: str, at: int, end: int) -> int:
    """Right after the last clause mark in ``text[at:end]``, else ``at``: each mark's last
    place found by rfind (no loop over the clause's characters)."""
    return max(at, max(text.rfind(mark, at, end) for mark in _MARKS) + 1)


def breakdown_at(
    scan: Scan, sentence_start: int, number_start: int, rules: Breakdowns | None
) -> Breakdown | None:
    """The breakdown the percentage at ``number_start`` belongs to, if it is one of a run
    of at least ``min_items`` clauses of its sentence in a row, each only words and one
    percentage at its end, whose words end with the same metric (a share word of
    ``shares`` at its end) after different categories. A head of ``category_heads`` the
    categories all end with belongs to them (信用卡业务, not 业务投诉占比); link words of
    ``links`` before the number are no part of the words."""
    if rules is None:
        return None
    text = scan.text
    found = _SENTENCE_END.search(text, number_start)  # the first of the marks after it
    end = found.start() if found is not None else len(text)
    key = (sentence_start, end, id(rules))
    runs = scan.breakdown_runs.get(key)
    if runs is None:
        runs = scan.breakdown_runs[key] = _runs(scan, sentence_start, end, rules)
    run = next((r for r in runs if any(n == number_start for n, _, _ in r)), None)
    if run is None or len(run) < rules.min_items:
        return None
    items = [w for _, _, w in run]
    tail = _common_suffix(items)
    if not tail.endswith(rules.shares):
        return None
    head = next((h for h in rules.category_heads if tail.startswith(h)), "")
    tail = tail[len(head) :]
    categories = [w[: len(w) - len(tail)] for w in items]
    if len(tail) < 3 or any(len(c) <= len(head) for c in categories):
        return None
    if len(set(categories)) != len(categories):
        return None
    mine = next(k for k, (n, _, _) in enumerate(run) if n == number_start)
    return Breakdown(tail, categories[mine], run[0][1])


def _runs(
    scan: Scan, sentence_start: int, end: int, rules: Breakdowns
) -> list[list[tuple[int, int, str]]]:
    """The runs of clauses of ``[sentence_start, end)`` each giving a percentage after its
    words only (number, clause start, words): a function of the sentence, made once for
    all its percentages (kept in the scan)."""
    text = scan.text
    runs: list[list[tuple[int, int, str]]] = [[]]
    at = sentence_start
    for q in scan.quantities_between(sentence_start, end):
        start = _clause_start(text, at, q.start)
        after = q.end
        while after < end and text[after].isspace():
            after += 1
        words = _words(text, start, q.start)
        link = next((w for w in rules.links if words.endswith(w)), "")
        words = words[: len(words) - len(link)]
        if (
            q.unit == "%"
            and (after >= end or text[after] in CLAUSE_MARKS)
            and words
            and all("\u4e00" <= ch <= "\u9fff" for ch in words)
        ):
            runs[-1].append((q.start, start, words))
        elif runs[-1]:
            runs.append([])
        at = after
    return runs


def _common_suffix(items: list[str]) -> str:
    first = items[0]
    n = 0
    while n < len(first) and all(len(i) > n and i[-1 - n] == first[-1 - n] for i in items):
        n += 1
    return first[len(first) - n :]
