"""The recognition pass: the rule families in their order (each sees what the ones before
it found), the steps on the proposals with the spans filter between them, and the
mentions and review candidates they leave. The order is data: the ``recognition``
section of kg/rules/entities.yaml; :func:`load_rules` checks it against the registry."""

from __future__ import annotations

from typing import Any

from kg import kinds
from kg.entities.brands import brand_prefixes, document_brands
from kg.entities.context import DocContext, _Base
from kg.entities.family import (
    FAMILIES,
    READERS,
    STEPS,
    Found,
    Proposal,
    Review,
    spans_filter,
)
from kg.entities.head_words import head_words
from kg.entities.lexicon import lexicon, self_references
from kg.entities.lists import enumerations, partner_lists
from kg.entities.named import (
    app_names,
    award_names,
    business_lines,
    bylines,
    copulas,
    latin_brands,
    latin_products,
    subsidiary_names,
)
from kg.entities.pages import (
    outside_non_prose,
    outside_profiles,
    page_titles,
    question_topics,
    within_cells,
)
from kg.entities.quoted import quoted_names
from kg.entities.refine import (
    appositions,
    backrefs,
    branch_names,
    list_siblings,
    one_kind_per_name,
    quoted_lexicon_gives_way,
    refine_leads,
    versions,
)
from kg.entities.regions import region_rows, regions
from kg.entities.rules import EntityRules, read_rules
from kg.entities.text import (
    PosWords,
)
from kg.grammar import (
    RuleTableError,
    load_table,
)
from kg.models import Candidate, Mention, TextContext
from kg.normalize import display_name


class _Recognizer(_Base):
    """The end of a pass: mentions of the chosen spans, and the review queue."""

    def mention(self, p: Proposal) -> Mention:
        vs, ve = self.t.view_span(p.start, p.end)
        span = self.ctx.span(vs, ve)
        return Mention(span.quote, p.name, p.kind, span, self.ctx.sentence_at(vs), p.rule)

    def candidates(
        self, chosen: list[Proposal], review: tuple[Review, ...]
    ) -> tuple[Candidate, ...]:
        covered = bytearray(len(self.text) + 1)
        for p in chosen:
            covered[p.start : p.end] = b"\1" * (p.end - p.start)
        out = []
        seen = set()
        for r in review:
            s, e, kind, name, rule = r.start, r.end, r.kind, r.name, r.rule
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


REGISTERED = (
    brand_prefixes,
    document_brands,
    head_words,
    lexicon,
    self_references,
    enumerations,
    partner_lists,
    app_names,
    award_names,
    business_lines,
    bylines,
    copulas,
    latin_brands,
    latin_products,
    page_titles,
    question_topics,
    subsidiary_names,
    quoted_names,
    appositions,
    backrefs,
    branch_names,
    list_siblings,
    one_kind_per_name,
    outside_non_prose,
    outside_profiles,
    within_cells,
    quoted_lexicon_gives_way,
    refine_leads,
    versions,
    region_rows,
    regions,
)
"""The families and steps a pass can run (importing them registers them)."""
SELECT = "select"
"""The name in the order of steps that stands for the spans filter."""
READ_TABLES = ("entities.yaml", "lexicon.yaml")
"""The tables in which every section must be read by a declared family or step."""


def recognize(
    ctx: TextContext, rules: EntityRules, pos: PosWords | None = None
) -> tuple[tuple[Mention, ...], tuple[Candidate, ...]]:
    """Mentions of every kind in one document, and the review queue of its weak spans.

    ``pos`` are the view's part-of-speech words as the kg_pos component leaves them on
    the Doc (:func:`tag_view`); without them the text is tagged here."""
    if not ctx.view.text:
        return (), ()
    doc = DocContext.of(ctx, rules, pos)
    found = Found()
    for name in rules.families:
        found = found.plus(FAMILIES[name].find(doc, found))
    select = spans_filter(rules.spans_filter)
    chosen = list(found.proposals)
    for name in rules.steps:
        chosen = select(chosen) if name == SELECT else STEPS[name].refine(doc, found, chosen)
    unique = {(p.start, p.end, p.kind): p for p in chosen}
    out = _Recognizer(doc, found)
    mentions = [out.mention(p) for p in sorted(unique.values(), key=lambda p: (p.start, -p.end))]
    return tuple(mentions), out.candidates(chosen, found.review)


def load_rules() -> EntityRules:
    """The entity rule tables, checked against the registry of families and steps."""
    rules = read_rules()
    check_rules(rules)
    return rules


def check_rules(rules: EntityRules) -> None:
    """Raise RuleTableError where the order in entities.yaml names a family or step that
    is not registered, leaves a registered one out, or where a section of entities.yaml
    or lexicon.yaml is read by no declared reader (or a reader declares one that is not
    there)."""
    where = "entities.yaml recognition"
    unknown = [f for f in rules.families if f not in FAMILIES]
    unknown += [s for s in rules.steps if s not in STEPS and s != SELECT]
    if unknown:
        raise RuleTableError(f"{where}: unknown family or step {unknown}")
    left_out = [f for f in (*FAMILIES, *STEPS) if f not in (*rules.families, *rules.steps)]
    if left_out:
        raise RuleTableError(f"{where}: registered but never run {left_out}")
    spans_filter(rules.spans_filter)
    declared = {s: r for r, sections in READERS.items() for s in sections}
    tables = {t: load_table(t) for t in READ_TABLES}
    for table, data in tables.items():
        for section in data:
            key = section if table == "entities.yaml" else f"{table}:{section}"
            if key not in declared:
                raise RuleTableError(
                    f"{table}: section {section!r} is read by no rule family or step "
                    "(declare it in the reads of the one that uses it, or remove it)"
                )
    known = set(kinds.names())
    for kind, rule in table_kinds(rules):
        if kind not in known:
            raise RuleTableError(f"entities.yaml {rule}: kind {kind!r} is not in kinds.yaml")
    for key, reader in declared.items():
        table, _, section = key.rpartition(":")
        data = tables.get(table or "entities.yaml")
        if data is not None and section != "*" and section not in data:
            raise RuleTableError(f"{reader} reads {key!r}, which is not in the rule tables")


def table_kinds(rules: EntityRules) -> list[tuple[str, str]]:
    """Every kind the rule tables assign, with the rule that assigns it: the
    recognisers' kinds are those of kg/rules/kinds.yaml."""
    groups: tuple[tuple[Any, ...], ...] = (
        rules.quote_heads,
        rules.quote_cues,
        rules.quote_after,
        rules.quote_before,
        rules.quote_inner,
        rules.suffixes,
        rules.enumerations,
    )
    rows: list[tuple[str, str]] = [(r.kind, r.id) for group in groups for r in group]
    rows.append((rules.numeral_kind, rules.numeral_id))
    rows.append(("Initiative", rules.numeral_initiative_id))
    rows.append((rules.policy_head.kind, rules.policy_head.id))
    rows += [(kind, rules.copula_id) for kind in rules.copula_heads.values()]
    rows += [(kind, rules.sibling_id) for kind in sorted(rules.sibling_kinds)]
    rows += [(e.kind, e.rule) for e in rules.lexicon.values()]
    return rows
