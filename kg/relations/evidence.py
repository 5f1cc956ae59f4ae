"""The relations found so far, each with its evidence clipped to one sentence (and the
context it was read from when a rule looked into an earlier one); a link stated twice
in the same place is kept once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.grammar import EVIDENCE_CLAUSE_END
from kg.models import Mention, Relation
from kg.normalize import normalize_name
from kg.relations.skeleton import Skeleton


@dataclass
class Collector:
    doc: Skeleton
    relations: list[Relation] = field(default_factory=list)
    seen: set[tuple[str, str, str, str, str, int, int, str]] = field(default_factory=set)

    def add(
        self,
        subject: Mention,
        predicate: str,
        obj: Mention,
        view: tuple[int, int],
        rule: str,
        giver: Mention | None = None,
    ) -> None:
        if normalize_name(subject.name) == normalize_name(obj.name):
            return
        if obj.rule in self.doc.rules.not_objects.get(predicate, ()):
            return  # an authority is no partner
        ctx = self.doc.ctx
        lo, hi, k, context = self._place(view, (subject, obj))
        span = ctx.span(lo, hi)
        key = (
            subject.kind,
            normalize_name(subject.name),
            predicate,
            obj.kind,
            normalize_name(obj.name),
            span.start,
            span.end,
            normalize_name(giver.name) if giver else "",
        )
        if key in self.seen:
            return
        self.seen.add(key)
        self.relations.append(
            Relation(
                subject,
                predicate,
                obj,
                span,
                k,
                rule,
                giver,
                ctx.span(*context[:2]) if context else None,
                context[2] if context else None,
            )
        )

    def _place(
        self, view: tuple[int, int], ends: tuple[Mention, Mention]
    ) -> tuple[int, int, int, tuple[int, int, int] | None]:
        """Keep evidence inside one sentence: the one holding the later end named in the
        evidence (or its last character), clipped to it; the part of the evidence in the
        sentence of an end named earlier becomes the context.

        A rule may read across sentences (a paragraph's topic, the antecedent of 「其中」,
        the agent of an elided 「与…联动」), but evidence is quoted sentence by sentence.
        """
        ctx = self.doc.ctx
        bounds = ctx.sentence_bounds
        lo, hi = view
        inside = []
        for m in ends:
            s, e = ctx.view_bounds(m.span)
            if lo <= s and e <= hi and e > s:
                inside.append((s, e))
        k = ctx.sentence_at(max(s for s, _ in inside) if inside else max(hi - 1, lo))
        if not bounds or ctx.sentence_at(lo) == k == ctx.sentence_at(max(hi - 1, lo)):
            return lo, hi, k, None
        s0, s1 = bounds[k]
        a, b = _trim(ctx.view.text, max(lo, s0), min(hi, s1))
        context = None
        earlier = [(s, e) for s, e in inside if s < s0]
        if earlier:
            first, first_end = min(earlier)
            c = ctx.sentence_at(first)
            c0, c1 = bounds[c]
            stop = first_end
            while stop < min(hi, c1) and ctx.view.text[stop] not in EVIDENCE_CLAUSE_END:
                stop += 1
            ca, cb = _trim(ctx.view.text, max(lo, c0), min(hi, c1, stop + 1))
            context = (ca, cb, c)
        return a, b, k, context


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) without the white space at either edge (unless nothing else is left)."""
    a, b = start, end
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return (a, b) if b > a else (start, end)
