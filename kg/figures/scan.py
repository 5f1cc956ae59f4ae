"""What is matched once per document and looked up figure by figure: the quantities,
the temporal, basis and plan marks, the named things that can be a figure's subject, and
the text the bank's own name takes."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.figures.quantities import Quantity, _quantities
from kg.figures.rules import ObservationRules
from kg.figures.text import QUOTED, Mark, _marks, _mask
from kg.models import Mention, TextContext


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
    sections: dict[int, Mention | None] = field(default_factory=dict)
    """The section topic of each line start looked up so far (:func:`_section_topic`)."""
    word_starts: frozenset[int] = frozenset()
    """Where the tokenizer's words start: a word cut from the front of a metric must end
    on one (「并购业务」 does not open with 并)."""
    names: dict[str, Mention] = field(default_factory=dict)
    """The named things of the document by name (the first mention of each): a metric
    that opens with one (「对公客户数」 where the document names 对公客户) is about it."""


def _scan(
    ctx: TextContext,
    mentions: tuple[Mention, ...],
    rules: ObservationRules,
    skip: list[tuple[int, int]],
) -> Scan:
    text = ctx.view.text
    quotes = [(m.start(), m.end()) for m in QUOTED.finditer(text)]
    own = []
    named: list[tuple[int, int, Mention]] = []
    for mention in mentions:
        s, e = ctx.view_bounds(mention.span)
        if mention.kind == "Bank" and (
            mention.rule == "entity.self_reference" or mention.name == ctx.document.bank
        ):
            own.append((s, e))
        elif mention.kind in rules.subject_kinds:
            named.append((s, e, mention))
    named.sort(key=lambda t: (t[0], -t[1]))
    by_name: dict[str, Mention] = {}
    for _, _, mention in named:
        by_name.setdefault(mention.name, mention)
    names = [(s + 1, e) for s, e, m in named if m.kind in rules.name_kinds]
    bases = _marks(text, rules.bases, quotes)
    temporal = _marks(text, rules.temporal, quotes + [(b.start, b.end) for b in bases])
    plans = _marks(text, rules.plans, quotes)
    return Scan(
        text,
        _quantities(ctx, rules, sorted(skip + quotes + names)),
        bases,
        temporal,
        plans,
        _mask(len(text), own + [(k.start, k.end) for k in (*bases, *temporal, *plans)]),
        named,
        [b.start for b in bases],
        own,
        word_starts=frozenset(s for s, _ in ctx.tokens),
        names=by_name,
    )
