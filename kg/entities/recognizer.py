"""The recognition pass: the rule families in their order, the selection and the
refinements, and the mentions and candidates they leave."""

from __future__ import annotations

from kg.entities.head_words import (
    _HeadWords,
)
from kg.entities.lexicon import (
    _Lexicon,
)
from kg.entities.lists import (
    _Lists,
)
from kg.entities.named import (
    _Named,
)
from kg.entities.quoted import (
    _Quoted,
)
from kg.entities.refine import (
    _Refine,
)
from kg.entities.regions import (
    _Regions,
)
from kg.entities.rules import (
    EntityRules,
)
from kg.entities.text import (
    CLOSERS,
    STRENGTH_LEXICON,
    PosWords,
    _Prop,
)
from kg.models import Candidate, Mention, TextContext
from kg.normalize import display_name


class _Recognizer(_Lexicon, _Quoted, _HeadWords, _Regions, _Lists, _Named, _Refine):
    """One document's recognition pass; the rules are the data, this is the machine."""

    def run(self) -> tuple[tuple[Mention, ...], tuple[Candidate, ...]]:
        self.self_references()
        self.lexicon()
        self.quoted_names()
        self.bylines()
        self.prefixes()
        self.award_names()
        self.suffix_names()
        self.enumerations()
        self.copulas()
        self.latin_brands()
        self.app_names()
        self.latin_products()
        self.business_lines()
        self.partner_lists()
        self.question_topics()
        self.page_titles()
        self.subsidiary_names()
        self.regions()
        self.region_rows()
        if self.consumed:
            inside = bytearray(len(self.text) + 1)
            for a, b in self.consumed:
                inside[a:b] = b"\1" * (b - a)
            self.props = [
                p
                for p in self.props
                if not (
                    p.strength == STRENGTH_LEXICON
                    and p.kind != "Bank"
                    and all(inside[p.start : p.end])
                )
            ]
        self.props = self.outside_non_prose(self.props)
        chosen = self.select(self.props)
        chosen = self.select(chosen + self.appositions(chosen))
        chosen = chosen + self.backrefs(chosen)
        chosen = self.branch_names(self.refine_leads(self.select(chosen)))
        chosen = self.one_kind_per_name(chosen + self.list_siblings(chosen))
        versions = self.versions(chosen)
        editions = [
            (p.start, p.end)
            for p in versions
            if p.rule == self.rules.version_id and self.text[p.end - 1 : p.end] in CLOSERS
        ]
        chosen = [
            p
            for p in chosen
            if not any(a < p.start and p.end <= b and p.kind == "Product" for a, b in editions)
        ] + versions
        unique = {(p.start, p.end, p.kind): p for p in chosen}
        mentions = [
            self.mention(p) for p in sorted(unique.values(), key=lambda p: (p.start, -p.end))
        ]
        return tuple(mentions), self.candidates(chosen)

    def mention(self, p: _Prop) -> Mention:
        vs, ve = self.t.view_span(p.start, p.end)
        span = self.ctx.span(vs, ve)
        return Mention(span.quote, p.name, p.kind, span, self.ctx.sentence_at(vs), p.rule)

    def candidates(self, chosen: list[_Prop]) -> tuple[Candidate, ...]:
        covered = bytearray(len(self.text) + 1)
        for p in chosen:
            covered[p.start : p.end] = b"\1" * (p.end - p.start)
        out = []
        seen = set()
        for s, e, kind, name, rule in self.cands:
            if all(covered[s:e]) or (name, rule) in seen:
                continue
            first = self.text[s : self.next_bound(s)]
            if any(ch in "（）()" for ch in name) or first in self.rules.boundary_words:
                continue
            seen.add((name, rule))
            vs, _ = self.t.view_span(s, e)
            sentence = (
                self.ctx.sentences[self.ctx.sentence_at(vs)].text if self.ctx.sentences else ""
            )
            out.append(Candidate(display_name(name), kind, rule, self.ctx.document.name, sentence))
        return tuple(out)


def recognize(
    ctx: TextContext, rules: EntityRules, pos: PosWords | None = None
) -> tuple[tuple[Mention, ...], tuple[Candidate, ...]]:
    """Mentions of every kind in one document, and the review queue of its weak spans.

    ``pos`` are the view's part-of-speech words as the kg_pos component leaves them on
    the Doc (:func:`tag_view`); without them the text is tagged here."""
    if not ctx.view.text:
        return (), ()
    return _Recognizer(ctx, rules, pos).run()
