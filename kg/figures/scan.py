"""What is matched once per document and looked up figure by figure: the quantities,
the temporal, basis and plan marks, the named things that can be a figure's subject, and
the text the bank's own name takes."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import pairwise
from operator import itemgetter
from typing import Any

from kg.banks import lookup
from kg.figures.quantities import Quantity, _quantities
from kg.figures.rules import ObservationRules
from kg.figures.text import QUOTED, Mark, _marks, _mask
from kg.models import Mention, TextContext
from kg.normalize import normalize_name

PROPER_HEAD = "银行"
"""A bank's proper name holds it (工商银行, 工商銀行 once normalised); its short forms
(工行) and 本行 do not."""


@dataclass(frozen=True)
class Scan:
    """What is matched once per document and looked up clause by clause (view offsets)."""

    text: str
    quantities: list[Quantity]
    bases: list[Mark]
    temporal: list[Mark]
    plans: list[Mark]
    removed: bytearray
    named: list[tuple[int, int, Mention]]
    base_starts: list[int]
    own: list[tuple[int, int]] = field(default_factory=list)
    proper: frozenset[tuple[int, int]] = frozenset()
    """The spans of ``own`` that print the bank's proper name (工商银行), not 本行/我行:
    in a branch's profile the whole bank, not the branch."""
    sections: dict[int, Mention | None] = field(default_factory=dict)
    """The section topic of each line start looked up so far (:func:`_section_topic`)."""
    word_starts: frozenset[int] = frozenset()
    """Where the tokenizer's words start: a word cut from the front of a metric must end
    on one (「并购业务」 does not open with 并)."""
    own_prefix: re.Pattern[str] | None = None
    """The bank's own name after at most a place (「某地工行」), opening a metric of one of
    its branches: the branch's name, not part of the metric."""
    names: dict[str, Mention] = field(default_factory=dict)
    """The named things of the document by name (the first mention of each): a metric
    that opens with one (「对公客户数」 where the document names 对公客户) is about it."""
    quantity_starts: tuple[int, ...] | None = None
    """Each quantity's start, in order, where ``quantities`` are in the order of their
    starts (as they are read); None otherwise."""
    breakdown_runs: dict[tuple[int, int, int], list[list[tuple[int, int, str]]]] = field(
        default_factory=dict
    )
    """The runs of percentage clauses of each sentence asked so far, by (start, end, rules'
    id) (kg.figures.breakdown._runs)."""
    clause_topics: dict[tuple[int, int, bool, int], Any] = field(default_factory=dict)
    """What each clause of a sentence made the topic, by (start, end, launch, rules' id),
    as asked so far (kg.figures.topics._clause_topic)."""

    def quantities_between(self, lo: int, hi: int) -> list[Quantity]:
        """The quantities that start in [lo, hi), in their order: a slice found by bisect
        where they are in order of their starts, else a scan of all."""
        starts = self.quantity_starts
        if starts is None:
            return [q for q in self.quantities if lo <= q.start < hi]
        return self.quantities[bisect_left(starts, lo) : bisect_left(starts, hi)]


HEADING_CHARS = 12
"""The longest heading line a name of ``heading_kinds`` may be (「供应链金融」)."""


def _heading_lines(text: str) -> frozenset[str]:
    """The short lines of the text that are nothing but Han words: headings."""
    lines = (line.strip() for line in text.split("\n"))
    return frozenset(
        normalize_name(line)
        for line in lines
        if 2 <= len(line) <= HEADING_CHARS and all("\u4e00" <= ch <= "\u9fff" for ch in line)
    )


def _own_prefix(bank: str | None) -> re.Pattern[str] | None:
    known = lookup(bank) if bank else None
    if known is None:
        return None
    forms = sorted({normalize_name(n) for n in (known.name, *known.aliases)}, key=len)[::-1]
    own = "|".join(re.escape(f) for f in forms)
    # 「某地工行资产总额」, not 「中国银行业……」 (a bank's name inside a longer word)
    return re.compile(rf"^[\u4e00-\u9fff]{{0,4}}?(?:{own})(?!业)")


def _scan(
    ctx: TextContext,
    mentions: tuple[Mention, ...],
    rules: ObservationRules,
    skip: list[tuple[int, int]],
) -> Scan:
    text = ctx.view.text
    quotes = [(m.start(), m.end()) for m in QUOTED.finditer(text)]
    own = []
    proper: set[tuple[int, int]] = set()
    named: list[tuple[int, int, Mention]] = []
    for mention in mentions:
        s, e = ctx.view_bounds(mention.span)
        if mention.kind == "Bank" and (
            mention.rule == "entity.self_reference" or mention.name == ctx.document.bank
        ):
            own.append((s, e))
            if mention.rule != "entity.self_reference" and PROPER_HEAD in normalize_name(
                mention.text
            ):
                proper.add((s, e))
        elif mention.kind in rules.subject_kinds:
            named.append((s, e, mention))
    named.sort(key=lambda t: (t[0], -t[1]))
    by_name: dict[str, Mention] = {}
    for _, _, mention in named:
        by_name.setdefault(mention.name, mention)
    if rules.heading_kinds:
        headings = _heading_lines(text)
        for mention in mentions:
            if mention.kind in rules.heading_kinds and normalize_name(mention.name) in headings:
                by_name.setdefault(mention.name, mention)
    names = [(s + 1, e) for s, e, m in named if m.kind in rules.name_kinds]
    bases = _marks(text, rules.bases, quotes)
    temporal = _marks(text, rules.temporal, quotes + [(b.start, b.end) for b in bases])
    plans = _marks(text, rules.plans, quotes)
    word_starts = frozenset(map(itemgetter(0), ctx.tokens))  # made once for both
    quantities = _quantities(ctx, rules, sorted(skip + quotes + names), word_starts)
    starts = tuple(q.start for q in quantities)
    in_order = all(a <= b for a, b in pairwise(starts))
    return Scan(
        text,
        quantities,
        bases,
        temporal,
        plans,
        _mask(len(text), own + [(k.start, k.end) for k in (*bases, *temporal, *plans)]),
        named,
        [b.start for b in bases],
        own,
        proper=frozenset(proper),
        word_starts=word_starts,
        own_prefix=_own_prefix(ctx.document.bank),
        names=by_name,
        quantity_starts=starts if in_order else None,
    )
