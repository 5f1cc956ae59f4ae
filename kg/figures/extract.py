"""Every figure of a document: prose, then tables, with the table figures held back for
review; the entry points the spaCy component (:mod:`kg.nlp`) wires together."""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg.figures.clause import BARE_COUNTS, _name_in_metric
from kg.figures.lines import (
    card_mentions,
    class_mentions,
    flow_mentions,
    group_mentions,
    line_mentions,
    system_mentions,
)
from kg.figures.lines import row_mentions as line_rows
from kg.figures.locate import Block, locate
from kg.figures.metric import _default_metric
from kg.figures.prose import _prose
from kg.figures.rules import ObservationRules, compile_rules
from kg.figures.subject import check_chain
from kg.figures.tables import RowNamer, read, row_mentions
from kg.models import Candidate, Mention, Observation, TextContext


def load_rules() -> ObservationRules:
    """Read and compile ``rules/observations.yaml`` and ``rules/tables.yaml`` (called from
    the component's initialize()); a subject chain naming an unknown step is an error."""
    rules = compile_rules()
    check_chain(rules.subject_chain)
    return rules


def read_part(
    ctx: TextContext,
    view: tuple[int, int],
    mentions: tuple[Mention, ...],
    rules: ObservationRules,
) -> tuple[tuple[Mention, ...], tuple[Observation, ...], tuple[Candidate, ...]]:
    """The figures of one part ``view`` of a document (the whole view, or a part an
    isolated run reads alone): the Region mentions its tables' layouts add and the lines of
    business its headings name (:mod:`kg.figures.lines`), the figures,
    and the figures held back for the review queue."""
    inside = mentions
    if view != (0, len(ctx.view.text)):
        s, e = ctx.view.to_original(*view)
        inside = tuple(m for m in mentions if s <= m.span.start and m.span.end <= e)
    blocks = locate(ctx, rules.table)
    rows = row_mentions(ctx, blocks, inside, rules.table)
    lines = line_mentions(ctx, view, blocks, inside, rules.line_headings)
    lines += flow_mentions(ctx, view, blocks, inside, rules.line_headings)
    lines += line_rows(ctx, blocks, inside, rules.line_headings)
    lines += card_mentions(ctx, view, blocks, inside, rules.line_headings)
    lines += group_mentions(ctx, view, blocks, inside, rules.line_headings)
    lines += class_mentions(ctx, view, blocks, inside, rules.line_headings)
    lines += system_mentions(
        ctx, view, blocks, inside, rules.line_headings, rules.openers + rules.object_verbs
    )
    if rows or lines:
        inside = tuple(sorted((*inside, *rows, *lines), key=lambda m: (m.span.start, -m.span.end)))
    found, held = extract_with_review(ctx, inside, rules, blocks)
    # a line of business is kept as the subject of figures: one that heads none is not
    subjects = {o.subject for o in found}
    return (*rows, *(m for m in lines if m in subjects)), found, held


def _row_namer(mentions: Sequence[Mention], rules: ObservationRules) -> RowNamer:
    """A table row that is a metric is parted as a prose metric is (step metric_name):
    「信用卡流通户数」 where the document names 信用卡 -> 信用卡, 流通户数; 「私行客户数」
    where it names 私行客户 -> 私行客户, 客户数 (the metric a bare count of 户 takes)."""
    names: dict[str, Mention] = {}
    for mention in mentions:
        if mention.kind in rules.subject_kinds:
            names.setdefault(mention.name, mention)

    def namer(label: str, unit: str) -> tuple[Mention | None, str]:
        metric = SPACE_BY_HAN.sub("", label)
        mention, rest = _name_in_metric(metric, names, rules.metric_name_min, rules)
        if mention is None:
            return None, label
        return mention, _default_metric(unit, rules) if rest in BARE_COUNTS else rest

    return namer


SPACE_BY_HAN = re.compile(r"(?<=[\u4e00-\u9fff])\s+|\s+(?=[\u4e00-\u9fff])")


def extract_with_review(
    ctx: TextContext,
    mentions: tuple[Mention, ...],
    rules: ObservationRules,
    blocks: Sequence[Block] | None = None,
) -> tuple[tuple[Observation, ...], tuple[Candidate, ...]]:
    """Every measurement in a document (prose quantities, then table cells), and the table
    figures held back for the review queue; each table is read once. ``blocks`` are the
    located tables when the caller has them already."""
    if blocks is None:
        blocks = locate(ctx, rules.table)
    skip = [(b.start, b.end) for b in blocks]
    prose = _prose(ctx, mentions, rules, skip)
    cells, held = read(ctx, blocks, mentions, rules.table, prose, _row_namer(mentions, rules))
    found = tuple(sorted((*prose, *cells), key=lambda o: (o.span.start, o.span.end)))
    return found, held


def extract(
    ctx: TextContext, mentions: tuple[Mention, ...], rules: ObservationRules
) -> tuple[Observation, ...]:
    """Every measurement in a document: prose quantities, then table cells."""
    return extract_with_review(ctx, mentions, rules)[0]
