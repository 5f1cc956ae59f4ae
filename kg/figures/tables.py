"""Figures of located tables: each cell that is a measurement becomes an
observation. The subject is the row (a mention that is the whole row label, such as a
Region; otherwise the bank, with the row label folded into the metric), the metric, unit
and date come from the header (:mod:`kg.figures.headers`). A header of dates only makes
the rows the metrics; a lone metric line above segment rows names what they measure, and
a table may stack one block of rows per metric line under one header. Each cell records
the id of the rule that read it.

Fewer figures rather than wrong ones: a grid whose header cannot be aligned with its
cells, and a cell that would give an IC-12 key a second value (:mod:`kg.figures.reconcile`),
are held back and listed by :func:`review` for the review queue. :func:`row_mentions`
proposes Region mentions for the rows of regional breakdowns."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import Decimal

from kg import dates
from kg.figures.headers import Column, _columns, _read_header, _split_unit, _unit_of
from kg.figures.locate import Block, Cell, Row, dedouble
from kg.figures.reconcile import reconcile
from kg.figures.rules import TableRules
from kg.models import Candidate, Mention, Observation, TextContext
from kg.normalize import display_name
from kg.numbers import parse_arabic, scaled
from kg.units import role

YEAR = re.compile(r"^(?:19|20)\d\d$")


RowNamer = Callable[[str, str], tuple[Mention | None, str]]
"""Parts the label of a row that is a metric into the name of the document it opens with
(or None) and the metric: 「信用卡流通户数」 -> 信用卡, 流通户数 (as prose metrics are)."""


def _row_subject(ctx: TextContext, row: Row, mentions: Sequence[Mention]) -> Mention | None:
    """The mention that is the whole row label (长江三角洲), not one inside it
    (对标准银行投资 is a line item, not 标准银行)."""
    return _mention_at(ctx, row.start, row.label, mentions)


def _named_subject(
    ctx: TextContext, row: Row, mentions: Sequence[Mention]
) -> tuple[Mention | None, str]:
    """The row's subject: the mention that is the row label, or else an entity the
    prose names with exactly that label (a segment table's 个人银行 row is the 個人銀行
    the text reports on), so a figure both print is one observation, not two; with the
    step that found it (``row``, ``row_name``; ``bank`` when none did)."""
    here = _row_subject(ctx, row, mentions)
    if here is not None:
        return here, "row"
    name = display_name(row.label)
    named = next(
        (m for m in mentions if m.kind != "Bank" and display_name(m.name) == name),
        None,
    )
    return named, ("row_name" if named is not None else "bank")


_by_start: list[tuple[TextContext, Sequence[Mention], dict[int, list[tuple[Mention, int]]]]] = []
"""The last document's mentions by view start (kept with the objects it was built from,
so an identity check finds it): a long report asks for thousands of row labels."""


def _mentions_by_start(
    ctx: TextContext, mentions: Sequence[Mention]
) -> dict[int, list[tuple[Mention, int]]]:
    if _by_start and _by_start[0][0] is ctx and _by_start[0][1] is mentions:
        return _by_start[0][2]
    index: dict[int, list[tuple[Mention, int]]] = {}
    for mention in mentions:
        s, e = ctx.view_bounds(mention.span)
        index.setdefault(s, []).append((mention, e))
    _by_start[:] = [(ctx, mentions, index)]
    return index


def _mention_at(
    ctx: TextContext, start: int | None, text: str, mentions: Sequence[Mention]
) -> Mention | None:
    """The first mention (not the bank) that starts at view offset ``start`` and reads
    ``text`` there."""
    if start is None:
        return None
    for mention, e in _mentions_by_start(ctx, mentions).get(start, ()):
        if ctx.view.text[start:e] == text and mention.kind != "Bank":
            return mention
    return None


def _fold(label: str, column: Column) -> str:
    """A row or scope label folded into the column's metric: 美洲 + 资产 -> 美洲资产,
    境外机构 + 机构数 -> 境外机构数 (the label already names what is counted), and a
    row that is a kind of the column's metric replaces it: 个人住房贷款 under 个人贷款
    (a title's topic over a 金额 column) -> 个人住房贷款, 个人住房贷款占总额百分比."""
    base = column.base
    if base and (label.endswith(base) or _common_suffix(label, base) >= 2):
        return label + column.metric[len(base) :]
    return label + column.metric


def _named_row_metric(label: str, column: Column) -> str:
    """The metric of a named row's cell: the column's, but where the table's topic stands
    in for a generic column (个人贷款 for 金额) and the row is a kind of that topic
    (个人住房贷款), the topic is the row itself: what the column adds to it
    (占总额百分比), else the name the header printed (金额)."""
    if column.printed and _common_suffix(label, column.base) >= 2:
        return column.metric[len(column.base) :] or column.printed
    return column.metric


def _common_suffix(a: str, b: str) -> int:
    k = 0
    while k < min(len(a), len(b)) and a[-1 - k] == b[-1 - k]:
        k += 1
    return k


def _section_columns(row: Row, columns: list[Column]) -> list[Column]:
    """The columns as a stacked section's rows read them: its metric line's metric."""
    if not row.section:
        return columns
    return [
        replace(c, metric=row.section + c.metric[len(c.base) :], base=row.section) for c in columns
    ]


def _signed(value: Decimal, measure: str, rules: TableRules) -> tuple[Decimal, str | None]:
    """A change keeps the number printed and records its direction, as prose does:
    （1,234） in an 增减 column is 1,234 with direction 减少."""
    words = (rules.directions or {}).get(measure)
    if words is None or value == 0:
        return value, None
    return (value, words[0]) if value > 0 else (-value, words[1])


def _grid(
    ctx: TextContext,
    block: Block,
    mentions: Sequence[Mention],
    rules: TableRules,
    prose: Sequence[Observation] = (),
    namer: RowNamer | None = None,
) -> list[Observation] | None:
    """The observations of one grid, or None when its header cannot be read.

    Where the header is dates only, the rows are the metrics (「客户存款 12,345 11,000
    12.2」 under 「2025年6月30日 2024年12月31日 增减(%)」): the subject is the bank, or
    the part of it the title names, and a row may print its own unit (「客户数（万户）」).
    """
    if any(not row.label for row in block.rows):
        return None  # cells whose label flattening moved where it cannot be told
    reference = ctx.document.reference_date
    n = max((len(row.cells) for row in block.rows), default=0)
    columns = _columns(block, n, rules, reference, ctx, prose)
    if not columns:
        return None
    head = _read_header(block, rules, reference, ctx)
    scoped = _mention_at(ctx, head.scope_start, head.scope, mentions)
    out = []
    for row in block.rows:
        subject, how = _named_subject(ctx, row, mentions)
        total = subject is None and (row.label in rules.totals or row.label in rules.subtotals)
        if total and scoped is not None:
            subject, how = scoped, "scope"
        row_name, row_unit = _split_unit(row.label, rules)
        if row_unit is None and rules.ratio_rows is not None and rules.ratio_rows.search(row_name):
            row_unit = ("%", Decimal(1))
        for cell, column in zip(row.cells, _section_columns(row, columns), strict=False):
            when = column.date or (dates.Resolved(reference) if reference else None)
            if cell.value is None or when is None:
                continue
            unit, factor, measure = column.unit, column.factor, column.measure
            cell_subject, cell_how = subject, how
            if not column.metric:
                # the rows are the metrics
                if row_unit is not None and measure in ("level", "change"):
                    unit, factor = row_unit
                if measure == "change" and unit == "%":
                    measure, unit, factor = "ppChange", role("point"), Decimal(1)
                if subject is not None and head.topic:
                    metric = head.topic
                elif scoped is not None:
                    cell_subject, cell_how, metric = scoped, "scope", row_name
                elif head.scope and not row_name.startswith(head.scope[:2]):
                    cell_subject, cell_how, metric = None, "bank", head.scope + row_name
                else:
                    counted = row_unit[0] if row_unit else unit or ""
                    named, metric = namer(row_name, counted) if namer else (None, row_name)
                    cell_subject, cell_how = named, "bank" if named is None else "metric_name"
            elif total:
                metric = column.metric if scoped or not head.scope else _fold(head.scope, column)
                if row.label in rules.subtotals:
                    metric = f"{metric}（{row.label}）"
            elif subject is not None:
                metric = _named_row_metric(row.label, column)
            else:
                metric = _fold(row.label, column)
            if unit is None or not metric:
                continue
            value, direction = _signed(scaled(cell.value, factor), measure, rules)
            out.append(
                Observation(
                    subject=cell_subject,
                    metric=metric,
                    value=value,
                    unit=unit,
                    date=when.date,
                    raw=ctx.view.quote(cell.start, cell.end),
                    span=ctx.span(cell.start, cell.end),
                    sentence=ctx.sentence_at(cell.start),
                    rule=column.rule or rules.grid_rule,
                    measure=measure,
                    basis=column.basis,
                    direction=direction,
                    period=when.period,
                    subject_rule=rules.subject_steps.get(cell_how),
                )
            )
    return out


def _chart(
    ctx: TextContext,
    block: Block,
    rules: TableRules,
    prose: Sequence[Observation],
) -> list[Observation]:
    reference = ctx.document.reference_date
    head = block.header[0].text
    units = list(rules.unit_line.finditer(head))
    unit = _unit_of(units[0].group("unit"), rules) if units else None
    if unit is None:
        return []
    labels = rules.unit_line.sub(" ", head).split()
    series: list[tuple[list[int], list[Cell]]] = []
    for line in block.body:
        for m in re.finditer(r"\S+", line.text):
            token = m.group(0)
            if YEAR.match(token):
                year = int(token)
                if not series or (series[-1][1] and series[-1][0] and year <= series[-1][0][-1]):
                    series.append(([], []))
                series[-1][0].append(year)
            elif series:
                s = line.start + m.start()
                series[-1][1].append(Cell(s, s + len(token), parse_arabic(token)))
    if len(series) != len(labels) or any(len(y) != len(v) for y, v in series):
        return []
    remaining = list(labels)
    assigned: list[tuple[str | None, list[tuple[int, Cell]]]] = []
    for years, values in series:
        label, pairs = _anchor(years, values, unit, remaining, prose)
        if label is not None:
            remaining.remove(label)
        assigned.append((label, pairs))
    out = []
    for label, pairs in assigned:
        name = label or remaining.pop(0)
        for year, cell in pairs:
            when = dates.Resolved(dates.month_end(year, 12))
            if reference is not None and year == reference.year:
                when = dates.Resolved(reference)
            out.append(
                Observation(
                    subject=None,
                    metric=name,
                    value=scaled(cell.value or Decimal(0), unit[1]),
                    unit=unit[0],
                    date=when.date,
                    raw=ctx.view.quote(cell.start, cell.end),
                    span=ctx.span(cell.start, cell.end),
                    sentence=ctx.sentence_at(cell.start),
                    rule=rules.chart_rule,
                    subject_rule=rules.subject_steps.get("bank"),
                )
            )
    return out


def _anchor(
    years: list[int],
    values: list[Cell],
    unit: tuple[str, Decimal],
    labels: list[str],
    prose: Sequence[Observation],
) -> tuple[str | None, list[tuple[int, Cell]]]:
    """Pair a chart series' values with its years and name.

    Flattening scrambles labels and bars, but the latest value of a series is usually
    restated in the prose (「个人存款185,415.10亿元」 = 18,541,510 百万元). A value that
    equals a prose level of one of the chart's series names fixes that value's year and
    the series' name; the other values take the other years in reading order. Without
    such an anchor values and years pair in reading order and names in header order.
    """
    for idx, cell in enumerate(values):
        base = scaled(cell.value or Decimal(0), unit[1])
        for obs in prose:
            if (
                obs.measure == "level"
                and obs.unit == unit[0]
                and obs.value == base
                and obs.date.year in years
            ):
                label = next((lb for lb in labels if lb in obs.metric or obs.metric in lb), None)
                if label is None:
                    continue
                rest_years = [y for y in years if y != obs.date.year]
                rest_values = [v for i, v in enumerate(values) if i != idx]
                pairs = [(obs.date.year, cell), *zip(rest_years, rest_values, strict=True)]
                return label, sorted(pairs, key=lambda p: p[0])
    return None, list(zip(years, values, strict=True))


def _stack_sections(ctx: TextContext, blocks: Sequence[Block], rules: TableRules) -> list[Block]:
    """Join the blocks of a table that stacks one block of rows per metric: a header
    of dates with one metric line (「2024年 2023年 / 营业收入」, segment rows), then
    another metric line (「净利润」) and the same rows again. Located apart, the later
    blocks have that line as their whole header; joined, their rows keep it as their
    section, the metric they measure."""
    out: list[Block] = []
    for block in blocks:
        last = out[-1] if out else None
        if (
            last is not None
            and last.kind == block.kind == "grid"
            and len(block.header) == 1
            and not ctx.view.text[last.end : block.start].strip()
            and _metric_line(last, rules, ctx) is not None
        ):
            section = dedouble(block.header[0].text)
            rows = tuple(replace(r, section=section) for r in block.rows)
            out[-1] = replace(last, end=block.end, rows=last.rows + rows)
            continue
        out.append(block)
    return out


def _metric_line(block: Block, rules: TableRules, ctx: TextContext) -> str | None:
    """The metric line of a dates-then-metric header (「2023年 2022年 / 除税前溢利」)."""
    head = _read_header(block, rules, ctx.document.reference_date, ctx)
    if len(head.labels) != 1 or not head.dates_outer or not block.header:
        return None
    label = head.labels[0]
    return label if dedouble(block.header[-1].text) == label else None


def _read(
    ctx: TextContext,
    blocks: Sequence[Block],
    mentions: Sequence[Mention],
    rules: TableRules,
    prose: Sequence[Observation],
    namer: RowNamer | None = None,
) -> tuple[list[Observation], list[Candidate]]:
    """Observations of every located table, and what was held back for review.

    A grid whose header cannot be aligned with its cells gives nothing. A table figure
    that shares its IC-12 key with a different figure (another table's, or the prose's)
    is held back too: one of them is misread and the table cannot tell which, so the
    row goes to the review queue instead of the graph.
    """
    out: list[Observation] = []
    held: list[Candidate] = []
    for block in _stack_sections(ctx, blocks, rules):
        if block.kind != "grid":
            out.extend(_chart(ctx, block, rules, prose))
            continue
        read = _grid(ctx, block, mentions, rules, prose, namer)
        if read is None:
            held.append(_candidate(ctx, block, rules.review_unaligned, rules))
        else:
            out.extend(read)
    kept, conflicts = reconcile(ctx, prose, out, rules)
    return kept, [*held, *conflicts]


def _candidate(ctx: TextContext, block: Block, rule: str, rules: TableRules) -> Candidate:
    """A table for the review queue: named by its title, shown by its header lines."""
    head = _read_header(block, rules, ctx.document.reference_date, ctx)
    name = dedouble(head.titles[-1].text) if head.titles else block.rows[0].label
    header = " / ".join(dedouble(line.text) for line in block.header)
    return Candidate(name, "Table", rule, ctx.document.name, header)


def read(
    ctx: TextContext,
    blocks: Sequence[Block],
    mentions: Sequence[Mention],
    rules: TableRules,
    prose: Sequence[Observation],
    namer: RowNamer | None = None,
) -> tuple[tuple[Observation, ...], tuple[Candidate, ...]]:
    """Observations from every located table, and what was held back (see :func:`review`);
    ``prose`` anchors chart series and decides which table figures conflict with the text;
    ``namer`` parts a metric row's label into a name of the document and the metric."""
    observations, held = _read(ctx, blocks, mentions, rules, prose, namer)
    return tuple(observations), tuple(held)


def extract(
    ctx: TextContext,
    blocks: Sequence[Block],
    mentions: Sequence[Mention],
    rules: TableRules,
    prose: Sequence[Observation],
) -> tuple[Observation, ...]:
    """Observations from every located table (:func:`read` without the review queue)."""
    return read(ctx, blocks, mentions, rules, prose)[0]


def review(
    ctx: TextContext,
    blocks: Sequence[Block],
    mentions: Sequence[Mention],
    rules: TableRules,
    prose: Sequence[Observation],
) -> tuple[Candidate, ...]:
    """What :func:`extract` held back, for the review queue (``candidates.csv``): grids
    whose header could not be read (rule ``obs.table.review.unaligned``, one per table)
    and figures that conflict with another figure of the same key
    (``obs.table.review.conflict``, one per cell)."""
    return read(ctx, blocks, mentions, rules, prose)[1]


def row_mentions(
    ctx: TextContext, blocks: Sequence[Block], mentions: Sequence[Mention], rules: TableRules
) -> tuple[Mention, ...]:
    """Region mentions for the row labels of regional breakdowns (环渤海地区, 美洲).

    A grid is a regional breakdown when its title says so (「地区分布」, 「按地区划分」)
    or enough of its rows are already Region mentions. A row label there that ends with
    a region word and carries no qualifier (「境外及其他」, 「亚太地区（除港澳）」, 「总行」)
    is a Region. The entity stage's gazetteer cannot list every region a report may
    use; the table's layout says what the label is.
    """
    regions = rules.regions
    if regions is None:
        return ()
    out: list[Mention] = []
    for block in blocks:
        if block.kind != "grid":
            continue
        head = _read_header(block, rules, ctx.document.reference_date, ctx)
        title = " ".join(dedouble(line.text) for line in head.titles)
        known = [r for r in block.rows if _region_of(ctx, r, mentions) is not None]
        if not regions.breakdown_titles.search(title) and len(known) < regions.min_known:
            continue
        for row in block.rows:
            label = row.label
            if (
                _row_subject(ctx, row, mentions) is not None
                or label in rules.totals
                or label in rules.subtotals
                or regions.qualifiers.search(label)
                or not (
                    any(label.endswith(e) and len(label) > len(e) for e in regions.endings)
                    or _places_only(label, regions.places)
                )
                or ctx.view.text[row.start : row.start + len(label)] != label
            ):
                continue
            span = ctx.span(row.start, row.start + len(label))
            out.append(
                Mention(
                    span.quote,
                    display_name(label),
                    "Region",
                    span,
                    ctx.sentence_at(row.start),
                    regions.rule,
                )
            )
    return tuple(out)


def _places_only(label: str, places: frozenset[str]) -> bool:
    """Whether ``label`` is two or more names of ``places`` one after another (香港澳门台湾)."""
    ends = {0}
    for i in range(1, len(label) + 1):
        if any(label[j:i] in places for j in ends if j < i):
            ends.add(i)
    return len(label) in ends and not any(label == p for p in places)


def _region_of(ctx: TextContext, row: Row, mentions: Sequence[Mention]) -> Mention | None:
    mention = _row_subject(ctx, row, mentions)
    return mention if mention is not None and mention.kind == "Region" else None
