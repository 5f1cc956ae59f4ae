"""The kind skeleton of a document: one character per kept view character, one
placeholder per mention, so that a rule reads ``为…{obj:Strategy}…赋能`` and never
names an entity; with the sentence, clause, article and section around a position.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from kg import clauses
from kg.grammar import BLANKS, FULL_STOP, NAME_QUOTES, RELATION_CLAUSE_END, char_class
from kg.models import Mention, TextContext
from kg.normalize import normalize_name
from kg.relations.rules import KIND_CHAR, RelationRules

DROPPED = (frozenset(NAME_QUOTES) - {"'"}) | BLANKS
"""What the kind skeleton leaves out: quotes (an ASCII apostrophe stays: 's) and blanks."""
_KEPT_RUN = re.compile(char_class(DROPPED).replace("[", "[^", 1) + "+")
"""A run of characters the skeleton keeps."""


@dataclass(frozen=True)
class Item:
    """A mention with its view bounds and its place in the skeleton."""

    mention: Mention
    start: int
    end: int
    pos: int = -1

    @property
    def kind(self) -> str:
        return self.mention.kind

    @property
    def key(self) -> str:
        return normalize_name(self.mention.name)


@dataclass
class Skeleton:
    """The kind skeleton of a document: one character per kept view character or mention."""

    ctx: TextContext
    rules: RelationRules
    items: list[Item]
    text: str = ""
    view_start: list[int] = field(default_factory=list)
    view_end: list[int] = field(default_factory=list)
    at: dict[int, Item] = field(default_factory=dict)
    placed_at: list[int] = field(default_factory=list)
    """The places of ``items`` in the skeleton, in order (after :meth:`build`)."""
    units: list[tuple[int, int]] = field(default_factory=list)
    unit_starts: list[int] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    articles: list[tuple[int, int, Item]] = field(default_factory=list)
    sections: list[tuple[int, int, int, Item]] = field(default_factory=list)
    bank: Mention | None = None
    pieces: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)
    """The units of each scope with their text, cut once (kg.relations.triggers)."""
    holding: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    """Which units of a scope hold a character, by (scope, character): looked up once."""

    def build(self) -> None:
        view = self.ctx.view.text
        pieces: list[str] = []  # joined once: no string per character
        starts: list[int] = []  # the view place of each character of the skeleton
        ends: list[int] = []
        by_start = {it.start: it for it in self.items}
        opens = sorted(by_start)
        placed: list[Item] = []
        i, k, n = 0, 0, len(view)
        while i < n:
            it = by_start.get(i)
            if it is not None:
                placed.append(Item(it.mention, it.start, it.end, len(starts)))
                pieces.append(KIND_CHAR[it.kind])
                starts.append(it.start)
                ends.append(it.end)
                i = it.end
                continue
            # the text up to the next mention's start, copied at once where nothing in it
            # is dropped (each run of kept characters otherwise)
            while k < len(opens) and opens[k] <= i:
                k += 1
            stop = min(opens[k], n) if k < len(opens) else n
            piece = view[i:stop]
            if DROPPED.isdisjoint(piece):
                pieces.append(piece)
                starts.extend(range(i, stop))
                ends.extend(range(i + 1, stop + 1))
            else:  # each run of kept characters at once
                for run in _KEPT_RUN.finditer(view, i, stop):
                    a, b = run.span()
                    pieces.append(run.group())
                    starts.extend(range(a, b))
                    ends.extend(range(a + 1, b + 1))
            i = stop
        self.items = placed
        self.at = {it.pos: it for it in placed}
        self.placed_at = [it.pos for it in placed]
        self.text = "".join(pieces)
        self.view_start, self.view_end = starts, ends
        self.units = list(_split(self.text, FULL_STOP))
        self.unit_starts = [s for s, _ in self.units]
        self.paragraphs = list(_split(self.text, frozenset("\n")))

    def unit_of(self, pos: int) -> tuple[int, int]:
        k = bisect_right(self.unit_starts, pos) - 1
        return self.units[max(k, 0)]

    def clause_start(self, pos: int, floor: int) -> int:
        found = clauses.positions(self.text, RELATION_CLAUSE_END)
        return pos if pos <= floor else max(floor, clauses.after_last(found, pos))

    def clause_end(self, pos: int, ceiling: int) -> int:
        found = clauses.positions(self.text, RELATION_CLAUSE_END)
        return pos if pos >= ceiling else min(ceiling, clauses.first_from(found, pos, ceiling))

    def mentions_in(self, start: int, end: int) -> list[Item]:
        """The mentions placed at [start, end), in order (by bisect on their places)."""
        if start >= end:
            return []
        at = self.placed_at
        return self.items[bisect_left(at, start) : bisect_left(at, end)]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The view bounds of skeleton positions [start, end)."""
        end = max(end, start + 1)
        return self.view_start[start], self.view_end[min(end, len(self.text)) - 1]

    def article_of(self, pos: int) -> Item | None:
        for start, end, dept in self.articles:
            if start <= pos < end:
                return dept
        return None

    def section_of(self, pos: int) -> Item | None:
        """The strategy or unit whose heading line frames the section around ``pos``."""
        for _, body, end, head in self.sections:
            if body <= pos < end:
                return head
        return None

    def topic_of(self, pos: int) -> Item | None:
        """The product the newsletter article around ``pos`` names most often."""
        for start, end, _ in self.articles:
            if start <= pos < end:
                products = [it for it in self.mentions_in(start, end) if it.kind == "Product"]
                counts = Counter(it.key for it in products)
                if not counts:
                    return None
                top = max(counts.values())
                return next(it for it in products if counts[it.key] == top)
        return None


def _split(text: str, stops: frozenset[str]) -> Iterator[tuple[int, int]]:
    """The units of ``text`` ending at each stop (the stop included), and the rest."""
    start = 0
    for m in _stop_pattern(stops).finditer(text):
        yield start, m.end()
        start = m.end()
    if start < len(text):
        yield start, len(text)


@lru_cache(maxsize=8)
def _stop_pattern(stops: frozenset[str]) -> re.Pattern[str]:
    return re.compile(char_class(stops))


def maximal(ctx: TextContext, mentions: Iterable[Mention]) -> list[Item]:
    """Mentions with view bounds, keeping the longest where they overlap."""
    items = []
    for m in mentions:
        if m.kind not in KIND_CHAR:
            continue
        s, e = ctx.view_bounds(m.span)
        if e > s:
            items.append(Item(m, s, e))
    items.sort(key=lambda x: (-(x.end - x.start), x.start, x.kind))
    kept: list[Item] = []
    taken: set[int] = set()
    for it in items:
        if not taken.isdisjoint(range(it.start, it.end)):
            continue
        kept.append(it)
        taken.update(range(it.start, it.end))
    kept.sort(key=lambda x: x.start)
    return kept


def bank_mention(ctx: TextContext, mentions: Iterable[Mention]) -> Mention | None:
    """A mention of the document's own bank, to stand for it where a sentence leaves it out."""
    bank = ctx.document.bank
    own = [m for m in mentions if m.kind == "Bank"]
    if bank:
        key = normalize_name(bank)
        for m in own:
            if normalize_name(m.name) == key:
                return m
    return None


def qualified(doc: Skeleton, start: int, end: int, unit_start: int) -> bool:
    """A negation in the clause holding [start, end) up to its end, or a plan anywhere in
    the sentence up to ``end``: 「未与…合作」, 「下一步，手机银行将…为…提供」."""
    clause = doc.text[doc.clause_start(start, unit_start) : end]
    return bool(
        doc.rules.negation.search(clause) or doc.rules.planned.search(doc.text[unit_start:end])
    )
