"""Tables and charts that PDF flattening turned into lines of text.

Three shapes occur in bank reports:

* grids, row per line: a title, header lines naming the columns (often with every
  header word printed twice, 「項目項目」 「資產資產」, because of bold-font extraction),
  then one line per row: a label and its cells (「長江三角洲 14,762,702 28.2 ...」),
  with accounting negatives in brackets and dashes for empty cells;
* grids, cell per line: the same, but the label and every cell on a line of its own;
* bar charts: a 「單位：人民幣百萬元」 line naming the series, then year labels and
  values in whatever order the layout left them.

Each cell that is a measurement becomes an observation: the subject is the row (a
mention that is the whole row label, such as a Region; otherwise the bank, with the
row label folded into the metric), the metric, unit and date come from the column
headers (a date header gives the date, 「1-6月」 a half-year flow, a unit line such as
「人民幣百萬元，百分比除外」 the unit of columns that print none; 「本期」「上年同期」
「年初」 are dates relative to the report's own period). A title that names part of the
bank (「境外機構主要指標」) scopes the table: its totals are that part's figures. Lines
claimed by a table are skipped by the prose extractor, so no number is read twice.

Headers that name no 项目 column are read too. A unit line may stand in brackets,
full- or half-width, or after 「单位：」 (「（人民币百万元，百分比除外）」, 「(港幣百萬元)」,
「单位：亿元」); a currency keeps its unit (港币百万元 is 1e6 港元). 「截至6月30日止半年」
over bare-year columns dates them (2023年 -> 2023-06-30, the 2023-H1 flow), and a lone
metric line (「除税前溢利」) above segment rows names what they measure; a table may stack
one block of rows per metric line under one header. A header of dates only makes the
rows the metrics, and change columns beside date columns (增减, 变动, 增长率, 增减（%）)
are changes of the two dates before them: a growth rate when in %, a change in the
row's unit otherwise (百分点 for a ratio row), with those dates as comparison basis
and, like prose, the printed number plus a direction (（1,234） is 1,234, 减少). Each
such cell records the id of the rule that read it (``obs.table.grid.metric_rows``,
``obs.table.period.*``, ``obs.table.change.*``).

Fewer figures rather than wrong ones: a grid whose header cannot be aligned with its
cells, and a cell that would give an IC-12 key (subject, metric, date, measure) a second
value, are held back and listed by :func:`review` for the review queue.
:func:`row_mentions` proposes Region mentions for the rows of regional breakdowns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from importlib import resources
from typing import TYPE_CHECKING

import yaml

from kg import dates
from kg.models import Candidate, Mention, Observation, TextContext
from kg.normalize import display_name
from kg.numbers import ARABIC, parse_arabic, scaled
from kg.units import printed_forms

if TYPE_CHECKING:
    from kg.observations import PatternRule

CELL = rf"（[-−]?(?:{ARABIC})%?）|[-−]?(?:{ARABIC})%?|[–—-]"
"""A cell: a number, bracketed when negative, with a per cent sign when the column is a rate;
a dash for none. An unbalanced bracket (「19）」, a note's number) is not a cell."""
ROW = re.compile(rf"^(?P<label>\S.*?)\s+(?P<cells>(?:(?:{CELL})\s+)*(?:{CELL}))$")
NUMBERS_ONLY = re.compile(rf"^(?:(?:{CELL})\s*)+$")
YEAR = re.compile(r"^(?:19|20)\d\d$")
HAN = re.compile(r"[\u4e00-\u9fff]")
FOOTNOTE = re.compile(r"\s*[（(]\d{1,2}[)）]$")
NOTE_MARK = re.compile(r"[（(]\s*注\s*\d{1,2}\s*[)）]")
"""A note marker inside a row (「≥130（注 3）」): blanked, so it is read as neither a cell
nor part of the label."""
DATE_TOKEN = re.compile(r"\d{4}\s*年")
MAX_LABEL = 30
MAX_HEADER = 12


@dataclass(frozen=True)
class TableRules:
    """Table vocabulary from ``rules/tables.yaml``."""

    grid_rule: str
    chart_rule: str
    unit_line: re.Pattern[str]
    table_unit: re.Pattern[str]
    header_start: tuple[str, ...]
    totals: tuple[str, ...]
    subtotals: tuple[str, ...]
    share_words: tuple[str, ...]
    generic_columns: tuple[str, ...]
    title_affixes: re.Pattern[str]
    count_suffix: str
    count_units: frozenset[str]
    scales: dict[str, tuple[str, Decimal]]
    relative_stamps: tuple[Stamp, ...] = ()
    scope_titles: tuple[tuple[str, re.Pattern[str]], ...] = ()
    not_scopes: frozenset[str] = frozenset()
    review_unaligned: str = "obs.table.review.unaligned"
    review_conflict: str = "obs.table.review.conflict"
    regions: RegionRows | None = None
    temporal: tuple[PatternRule, ...] = ()
    share_pattern: re.Pattern[str] | None = None
    period_headers: tuple[PeriodHeader, ...] = ()
    year_stamp: re.Pattern[str] | None = None
    change_columns: tuple[ChangeColumn, ...] = ()
    directions: dict[str, tuple[str, str]] | None = None
    change_basis: dict[str, str] | None = None
    ratio_rows: re.Pattern[str] | None = None
    metric_rows_rule: str = "obs.table.grid.metric_rows"
    title_number: re.Pattern[str] | None = None
    subject_steps: dict[str, str] = field(default_factory=dict)
    count_names: tuple[str, ...] = ()
    prose_window: int = 0
    prose_units: tuple[str, ...] = ()
    """How a cell's subject was chosen -> the rule id recorded (``bkg:subjectRule``)."""


@dataclass(frozen=True)
class Stamp:
    """A column stamp relative to the report's period (本期, 上年同期, 年初)."""

    id: str
    kind: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class PeriodHeader:
    """A header line dating bare-year columns: 「截至6月30日止半年」 over 「2023年 2022年」."""

    id: str
    flow: bool
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class ChangeColumn:
    """A column that is a change between two date columns: 增减, 变动, 增长率."""

    id: str
    measure: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class RegionRows:
    """When a row label of a regional breakdown is a Region in its own right."""

    rule: str
    breakdown_titles: re.Pattern[str]
    min_known: int
    endings: tuple[str, ...]
    qualifiers: re.Pattern[str]


def load_rules(scales: dict[str, tuple[str, Decimal]]) -> TableRules:
    """Read ``rules/tables.yaml``; the scaling words are shared with prose."""
    data = yaml.safe_load(resources.files("kg.rules").joinpath("tables.yaml").read_text("utf-8"))
    grid, chart, regions = data["grid"], data["chart"], data["region_rows"]
    return TableRules(
        grid_rule=grid["id"],
        chart_rule=chart["id"],
        unit_line=re.compile(chart["unit_line"]),
        table_unit=re.compile(grid["unit_line"]),
        header_start=tuple(grid["header_start"]),
        totals=tuple(grid["totals"]),
        subtotals=tuple(grid["subtotals"]),
        share_words=tuple(grid["share_words"]),
        generic_columns=tuple(grid["generic_columns"]),
        title_affixes=re.compile(grid["title_affixes"]),
        count_suffix=grid["count_suffix"],
        count_units=frozenset(grid["count_units"]),
        scales=scales,
        relative_stamps=tuple(
            Stamp(r["id"], r["kind"], re.compile(rf"(?:{r['pattern']})"))
            for r in grid["relative_stamps"]
        ),
        scope_titles=tuple((r["id"], re.compile(r["pattern"])) for r in grid["scope_titles"]),
        not_scopes=frozenset(grid["not_scopes"]),
        review_unaligned=grid["review"]["unaligned"],
        review_conflict=grid["review"]["conflict"],
        regions=RegionRows(
            rule=regions["id"],
            breakdown_titles=re.compile(regions["breakdown_titles"]),
            min_known=int(regions["min_known"]),
            endings=tuple(regions["endings"]),
            qualifiers=re.compile(regions["qualifiers"]),
        ),
        share_pattern=re.compile(grid["share_pattern"]),
        period_headers=tuple(
            PeriodHeader(r["id"], bool(r["flow"]), re.compile(r["pattern"]))
            for r in grid["period_headers"]
        ),
        year_stamp=re.compile(grid["year_stamp"]),
        change_columns=tuple(
            ChangeColumn(r["id"], r["measure"], re.compile(r["pattern"]))
            for r in grid["change_columns"]
        ),
        directions={k: (v[0], v[1]) for k, v in grid["directions"].items()},
        change_basis=dict(grid["change_basis"]),
        ratio_rows=re.compile(grid["ratio_rows"]),
        metric_rows_rule=grid["metric_rows"]["id"],
        title_number=re.compile(grid["title_number"]) if "title_number" in grid else None,
        subject_steps=dict(grid["subject_steps"]),
        count_names=tuple(grid["unit_from_prose"]["count_names"]),
        prose_window=int(grid["unit_from_prose"]["window"]),
        prose_units=tuple(grid["unit_from_prose"]["units"]),
    )


@dataclass(frozen=True)
class Line:
    """One line of the original text, as its normalised view slice."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Cell:
    start: int
    end: int
    value: Decimal | None


@dataclass(frozen=True)
class Row:
    """A table row: its label (where it starts in the view) and its cells; ``section``
    is the metric line above it where a table stacks one block of rows per metric."""

    label: str
    start: int
    cells: tuple[Cell, ...]
    section: str = ""


@dataclass(frozen=True)
class Block:
    """A located table: its kind, view range, header lines and rows (or chart lines)."""

    kind: str
    start: int
    end: int
    header: tuple[Line, ...]
    rows: tuple[Row, ...] = ()
    body: tuple[Line, ...] = ()


def dedouble(text: str) -> str:
    """Undo doubled header words: 项目项目 -> 项目, 2025年6月年6月30日日 -> 2025年6月30日.

    Only a repeat that contains a Han character collapses, so digits such as 100 or
    2,222 stay as printed.
    """
    changed = True
    while changed:
        changed = False
        n = len(text)
        for i in range(n):
            for k in range(1, (n - i) // 2 + 1):
                piece = text[i : i + k]
                if text[i + k : i + 2 * k] == piece and HAN.search(piece):
                    text = text[: i + k] + text[i + 2 * k :]
                    changed = True
                    break
            if changed:
                break
    return text


def _lines(ctx: TextContext) -> list[Line]:
    """The original lines mapped to the view, so a table keeps its rows even where the
    view joined a long header line to the next."""
    out = []
    pos = 0
    for raw in ctx.document.text.split("\n"):
        s, e = pos, pos + len(raw)
        pos = e + 1
        vs, ve = ctx.view.to_view(s), ctx.view.to_view(e)
        body = ctx.view.text[vs:ve]
        lead = len(body) - len(body.lstrip())
        body = NOTE_MARK.sub(lambda m: " " * len(m.group(0)), body.strip()).rstrip()
        out.append(Line(vs + lead, vs + lead + len(body), body))
    return out


def _cells(text: str, offset: int) -> tuple[Cell, ...]:
    out = []
    for m in re.finditer(CELL, text):
        token = m.group(0)
        value = None if token in "–—-" else parse_arabic(token.replace("−", "-").replace("%", ""))
        out.append(Cell(offset + m.start(), offset + m.end(), value))
    return tuple(out)


def _row(line: Line) -> Row | None:
    """A row printed on one line: 「長江三角洲 5,432,100 22.4 0.80」."""
    m = ROW.match(line.text)
    if m is None or not HAN.search(m.group("label")) or "，" in m.group("label"):
        return None
    label = FOOTNOTE.sub("", dedouble(m.group("label"))).strip()
    return Row(label, line.start, _cells(m.group("cells"), line.start + m.start("cells")))


def _is_label(line: Line) -> bool:
    return (
        bool(HAN.search(line.text))
        and not NUMBERS_ONLY.match(line.text)
        and not re.search(r"[，。；：:]", line.text)
        and len(line.text) <= MAX_LABEL
        and ROW.match(line.text) is None
    )


def _header_like(line: Line, rules: TableRules) -> bool:
    if rules.table_unit.match(line.text):
        return True
    return (
        bool(line.text)
        and "，" not in line.text
        and not line.text.endswith(("。", "；"))
        and len(line.text) <= 160
    )


def _header_above(
    lines: list[Line], first: int, used: set[int], rules: TableRules
) -> tuple[list[Line], int]:
    header: list[Line] = []
    h = first - 1
    while h >= 0 and h not in used and len(header) < MAX_HEADER:
        if lines[h].text:
            if not _header_like(lines[h], rules):
                break
            header.insert(0, lines[h])
        h -= 1
    return header, h + 1


def _vertical_rows(lines: list[Line], i: int) -> tuple[list[Row], int]:
    """Rows printed a cell per line, starting at line ``i``: a label line, then its cells."""
    rows: list[Row] = []
    j = i
    while j < len(lines):
        while j < len(lines) and not lines[j].text:
            j += 1
        if j >= len(lines) or not _is_label(lines[j]):
            break
        label_line = lines[j]
        cells: list[Cell] = []
        k = j + 1
        while k < len(lines) and (not lines[k].text or NUMBERS_ONLY.match(lines[k].text)):
            if lines[k].text:
                cells.extend(_cells(lines[k].text, lines[k].start))
            k += 1
        if not cells:
            break
        label = FOOTNOTE.sub("", dedouble(label_line.text)).strip()
        rows.append(Row(label, label_line.start, tuple(cells)))
        j = k
    return rows, j


def locate(ctx: TextContext, rules: TableRules) -> tuple[Block, ...]:
    """Find grids (row per line or cell per line) and charts among the document's lines."""
    lines = _lines(ctx)
    blocks: list[Block] = []
    used: set[int] = set()
    i = 0
    while i < len(lines):
        line = lines[i]
        if rules.unit_line.match(line.text):
            j, body = i + 1, []
            while j < len(lines) and (not lines[j].text or NUMBERS_ONLY.match(lines[j].text)):
                if lines[j].text:
                    body.append(lines[j])
                j += 1
            if len(body) >= 2:
                blocks.append(Block("chart", line.start, body[-1].end, (line,), body=tuple(body)))
                used.update(range(i, j))
                i = j
                continue
        rows: list[Row] = []
        j = i
        if _row(line) is not None:
            while j < len(lines) and (not lines[j].text or _row(lines[j]) is not None):
                row = _row(lines[j]) if lines[j].text else None
                if row is not None:
                    rows.append(row)
                j += 1
        elif _is_label(line):
            rows, j = _vertical_rows(lines, i)
        if len(rows) >= 2:
            header, top = _header_above(lines, i, used, rules)
            end = max(c.end for c in rows[-1].cells)
            start = header[0].start if header else rows[0].start
            blocks.append(Block("grid", start, end, tuple(header), tuple(rows)))
            used.update(range(top, j))
            i = j
            continue
        i += 1
    return tuple(blocks)


@dataclass(frozen=True)
class Column:
    """What one cell position means. ``metric`` is empty when the rows are the metrics
    (a header of dates only); ``unit`` is None there when the rows print their own."""

    metric: str
    base: str
    unit: str | None
    factor: Decimal
    measure: str
    date: dates.Resolved | None
    basis: str | None = None
    rule: str = ""


def _unit_of(text: str, rules: TableRules) -> tuple[str, Decimal] | None:
    """「人民币百万元」 -> (元, 1e6); 「%」 -> (%, 1); 「个」 -> (个, 1)."""
    body = text.strip("（）() ")
    factor = Decimal(1)
    for word in sorted(rules.scales, key=len, reverse=True):
        if word in body:
            factor = rules.scales[word][1]
            body = body.replace(word, "", 1)
            break
    body = body.replace("人民币", "") or "元"
    forms = printed_forms()
    unit = forms.get(body)
    if unit is None and body.endswith("元") and body[:-1] in forms:
        unit = forms[body[:-1]]  # 港币百万元: the currency printed before the scale
        if unit.quantity != "currency":
            return None
    return (unit.symbol, factor) if unit else None


def _split_unit(label: str, rules: TableRules) -> tuple[str, tuple[str, Decimal] | None]:
    """A label and the unit it prints: 「客户数（万户）」 -> (客户数, (户, 1e4))."""
    m = re.match(r"^(?P<name>[^（(]+?)\s*(?P<unit>[（(][^（）()]+[)）])$", label)
    if m:
        unit = _unit_of(m.group("unit"), rules)
        if unit is not None:
            return m.group("name").strip(), unit
    return label, None


def _is_share(name: str, rules: TableRules) -> bool:
    """A share column: 占比, 比重, or 占总额百分比."""
    return name in rules.share_words or bool(
        name and rules.share_pattern is not None and rules.share_pattern.fullmatch(name)
    )


def _period_header(token: str, rules: TableRules) -> tuple[int, int, PeriodHeader] | None:
    """「截至6月30日止半年」 -> (6, 30, its rule): the part of the year bare-year columns cover."""
    for rule in rules.period_headers:
        m = rule.pattern.fullmatch(token)
        if m:
            return int(m.group("month")), int(m.group("day")), rule
    return None


def _change_of(token: str, rules: TableRules) -> tuple[ChangeColumn, str | None, str | None] | None:
    """A change column header: its rule, the basis it names (同比增减) and its printed unit."""
    m = re.match(r"^(?P<name>[^（(]*)(?P<unit>[（(][^（）()]+[)）])?$", token)
    if m is None:
        return None
    for rule in rules.change_columns:
        found = rule.pattern.fullmatch(m.group("name").strip())
        if found:
            return rule, found.groupdict().get("basis"), m.group("unit")
    return None


def _period_label(day: date) -> str | None:
    """The period a report ending on ``day`` covers: 2025-H1, 2025-Q1-Q3, 2025."""
    suffix = {3: "-Q1", 6: "-H1", 9: "-Q1-Q3", 12: ""}.get(day.month)
    if suffix is None or day != dates.month_end(day.year, day.month):
        return None
    return f"{day.year}{suffix}"


def _relative(kind: str, reference: date | None) -> dates.Resolved | None:
    """A stamp relative to the report's period (see ``relative_stamps`` in the rules)."""
    if reference is None:
        return None
    prior = dates.month_end(reference.year - 1, reference.month)
    if reference.day != dates.month_end(reference.year, reference.month).day:
        prior = reference.replace(year=reference.year - 1)
    if kind == "current_period":
        return dates.Resolved(reference, _period_label(reference))
    if kind == "prior_period":
        return dates.Resolved(prior, _period_label(prior))
    if kind == "current_end":
        return dates.Resolved(reference)
    if kind == "prior_year_end":
        return dates.Resolved(date(reference.year - 1, 12, 31))
    if kind == "prior_end":
        return dates.Resolved(prior)
    raise ValueError(f"unknown relative stamp kind {kind!r}; see kg/rules/tables.yaml")


def _is_stamp(token: str, rules: TableRules) -> bool:
    """A column header naming when: 「2025年6月30日」, 「2025年1-6月」, 「本期」, 「上年同期」."""
    return bool(DATE_TOKEN.search(token)) or any(
        s.pattern.fullmatch(token) for s in rules.relative_stamps
    )


def _is_position(token: str, rules: TableRules) -> bool:
    """A header token that names a cell position: a date stamp or a change (增减)."""
    return _is_stamp(token, rules) or _change_of(token, rules) is not None


def _stamp_date(
    stamp: str, head: Header, rules: TableRules, reference: date | None
) -> dates.Resolved | None:
    """When a date column is: a bare year under a period header takes the header's day
    (2023年 under 截至6月30日止半年 is 2023-06-30, the 2023-H1 flow)."""
    if head.period is not None and rules.year_stamp is not None:
        m = rules.year_stamp.fullmatch(stamp)
        if m:
            month, day, rule = head.period
            try:
                when = date(int(m.group("year")), month, day)
            except ValueError:
                return None
            return dates.Resolved(when, _period_label(when) if rule.flow else None)
    return _resolve(stamp, rules, reference)


def _basis(current: dates.Resolved, prior: dates.Resolved, rules: TableRules) -> str:
    """The comparison basis of a change between two date columns: 较上年末 for balances
    against the previous year end, 同比 for a period against the same period a year
    earlier, 比上年 for a year against the previous one, else 较<the earlier date>."""
    names = rules.change_basis or {}
    a, b = current.date, prior.date
    if current.period is None and b == date(a.year - 1, 12, 31):
        return names.get("prior_year_end", "较上年末")
    if current.period and prior.period and b.year == a.year - 1 and b.month == a.month:
        if a.month == 12:
            return names.get("prior_year", "比上年")
        return names.get("same_period", "同比")
    return f"较{b.year}年{b.month}月{b.day}日"


def _resolve(text: str, rules: TableRules, reference: date | None) -> dates.Resolved | None:
    for stamp in rules.relative_stamps:
        if stamp.pattern.fullmatch(text):
            return _relative(stamp.kind, reference)
    for rule in rules.temporal:
        m = rule.pattern.search(text)
        if m and m.group(0):
            return dates.resolve(rule.value or "", m.groupdict(), reference)
    return None


@dataclass(frozen=True)
class Header:
    """A grid's header, read: column labels and dates in print order, the title's date,
    topic and scope, the table-wide unit, and whether dates are the outer header level."""

    labels: list[str]
    stamps: list[str]
    title_date: dates.Resolved | None
    topic: str
    unit: tuple[str, Decimal] | None
    dates_outer: bool
    titles: tuple[Line, ...] = ()
    scope: str = ""
    scope_start: int | None = None
    period: tuple[int, int, PeriodHeader] | None = None


def _scope(
    titles: Sequence[Line], ctx: TextContext | None, rules: TableRules
) -> tuple[str, int | None]:
    """The part of the bank a table's title says the table is about (境外机构 in
    「境外机构主要指标」), with its view offset; empty when the title names the bank."""
    bank = display_name(ctx.document.bank) if ctx is not None and ctx.document.bank else ""
    for line in reversed(titles):
        text = dedouble(line.text)
        for _rule, pattern in rules.scope_titles:
            m = pattern.match(text)
            if m is None:
                continue
            scope = m.group("scope")
            if scope in rules.not_scopes or (bank and (scope in bank or bank in scope)):
                return "", None
            start = line.start + line.text.find(scope) if scope in line.text else None
            return scope, start
    return "", None


def _unnumbered(title: str, rules: TableRules) -> str:
    """A title without its table number: 「表3-9 绿色融资余额地区分布」 -> 绿色融资余额地区分布."""
    return rules.title_number.sub("", title) if rules.title_number is not None else title


def _read_header(
    block: Block, rules: TableRules, reference: date | None, ctx: TextContext | None = None
) -> Header:
    unit = None
    titles: list[Line] = []
    columns: list[str] = []
    texts = [dedouble(line.text) for line in block.header]
    # 「项目」 on a line of its own, or as the first cell of a laid-out header line
    # (「项目  2024 年 12 月 31 日  2023 年 12 月 31 日」)
    opens = [t in rules.header_start or _header_tokens(t)[0] in rules.header_start for t in texts]
    started = not any(opens)
    for line, text, opening in zip(block.header, texts, opens, strict=True):
        m = rules.table_unit.match(text)
        if m:
            unit = unit or _unit_of(m.group("unit"), rules)
            continue
        if not started:
            if opening:
                started = True
                if text in rules.header_start:
                    continue
            else:
                titles.append(line)
                continue
        columns.append(line.text)  # doubling is undone per token: 本期 上年同期 repeats
    if (
        not any(opens)
        and len(columns) > 1
        and " " not in _unnumbered(columns[0], rules)
        and not _is_position(dedouble(columns[0]), rules)
        and _period_header(dedouble(columns[0]), rules) is None
    ):
        first = columns.pop(0)
        titles.append(next(line for line in block.header if line.text == first))
    tokens: list[str] = []
    period = None
    for text in columns:
        for tok in _header_tokens(text):
            tok = dedouble(tok)
            if tok in rules.header_start:
                continue
            if re.fullmatch(r"[（(][^（）()]+[)）]", tok) and tokens:
                tokens[-1] += tok
            elif (found := _period_header(tok, rules)) is not None:
                period = period or found
            else:
                tokens.append(tok)
    if period is not None and rules.year_stamp is not None:
        stamp_at = [_is_position(t, rules) or bool(rules.year_stamp.fullmatch(t)) for t in tokens]
    else:
        stamp_at = [_is_position(t, rules) for t in tokens]
    date_tokens = [t for t, s in zip(tokens, stamp_at, strict=True) if s]
    labels = [t for t, s in zip(tokens, stamp_at, strict=True) if not s]
    first_date = next((i for i, s in enumerate(stamp_at) if s), len(tokens))
    first_label = next((i for i, s in enumerate(stamp_at) if not s), len(tokens))
    title_texts = [dedouble(t.text) for t in titles]
    title_date = None
    for title in title_texts:
        title_date = _resolve(title, rules, reference) or title_date
    topic = rules.title_affixes.sub("", _unnumbered(title_texts[-1], rules)) if title_texts else ""
    scope, scope_start = _scope(titles, ctx, rules)
    return Header(
        labels,
        date_tokens,
        title_date,
        topic,
        unit,
        first_date < first_label,
        tuple(titles),
        scope,
        scope_start,
        period,
    )


def _header_tokens(text: str) -> list[str]:
    """A header line's column heads. A layout reader (PDF, Word, HTML) parts cells by two
    spaces or more, and one space inside a cell is typesetting (「2024 年 12 月 31 日」);
    flattened text parts every head by white space."""
    if re.search(r"\S {2,}\S", text):
        return [re.sub(r"\s+", "", cell) for cell in re.split(r"\s{2,}", text.strip())]
    return text.split()


def _pairs(head: Header, n: int) -> list[tuple[str, str | None]] | None:
    """Column labels and stamps paired per cell position, or None when the header's
    shape does not say unambiguously which label and stamp each cell has. A header of
    stamps only (dates and changes) pairs them with no label: the rows are the metrics."""
    labels, stamps = head.labels, head.stamps
    if not n:
        return None
    if labels and len(labels) > n and len(labels) % n == 0 and len(stamps) <= 1:
        # 「地区 投诉数量 地区 投诉数量」: one table printed in groups side by side, read
        # row by row; each group repeats the same columns
        group = labels[:n]
        if labels == group * (len(labels) // n):
            labels = group
    if not labels:
        return [("", stamp) for stamp in stamps] if len(stamps) == n else None
    if len(labels) == n and len(stamps) == n:
        return list(zip(labels, stamps, strict=True))
    if len(labels) == n and len(stamps) <= 1:
        return [(label, stamps[0] if stamps else None) for label in labels]
    if len(labels) == n and n % len(stamps) == 0 and head.dates_outer:
        span = n // len(stamps)
        return [(labels[i], stamps[i // span]) for i in range(n)]
    if len(stamps) == n and n % len(labels) == 0:
        span = n // len(labels)
        return [(labels[i // span], stamps[i]) for i in range(n)]
    return None


def _columns(
    block: Block,
    n: int,
    rules: TableRules,
    reference: date | None,
    ctx: TextContext | None = None,
    prose: Sequence[Observation] = (),
) -> list[Column] | None:
    """One column per cell position, or None when the header cannot be aligned with
    the cells or would give two columns the same metric, date and measure (then the
    table gives no observations rather than guesses, and goes to the review queue).
    A count column that prints no unit (「投诉数量」) takes the unit of the prose figure
    right before the table about the same thing (「……投诉合计201,905件」)."""
    head = _read_header(block, rules, reference, ctx)
    pairs = _pairs(head, n)
    if pairs is None:
        return None
    columns: list[Column] = []
    previous = ""
    seen: dict[str, list[Column]] = {}  # the date columns so far, per label
    for position, (label, stamp) in enumerate(pairs):
        change = _change_of(stamp, rules) if stamp else None
        if change is not None and change[2] is None and _percent_cells(block, position, n, ctx):
            change = (change[0], change[1], "（%）")  # 「6.6%」 under 「本年末比上年末增减」
        m = re.match(r"^(?P<name>[^（(]*)(?P<unit>[（(][^（）()]+[)）])?$", label)
        if not m:
            return None
        if change is not None:
            column = _change_column(change, seen.get(label, []), rules)
            if column is None:
                return None
            columns.append(column)
            continue
        name = m.group("name").strip()
        unit = _unit_of(m.group("unit"), rules) if m.group("unit") else head.unit
        when = _stamp_date(stamp, head, rules, reference) if stamp else head.title_date
        rule = rules.grid_rule if name else rules.metric_rows_rule
        if head.period is not None and stamp and when is not None:
            rule = head.period[2].id
        if _is_share(name, rules):
            unit = ("%", Decimal(1))
        if unit is None and name:
            unit = _counted_in_prose(name, block, prose, rules)
        if unit is None and name:
            return None
        if name in rules.generic_columns and head.topic:
            name = head.topic
        measure = "level"
        base = name
        if unit is not None and unit[0] == "%" and name and _is_share(name, rules):
            if not previous:
                return None
            measure = "share"
            base = previous
            name = previous + name
        elif unit is not None and unit[0] == "%" and not name and previous:
            measure, base, name = "share", previous, previous + rules.share_words[0]
        else:
            previous = name
            counted = unit is not None and unit[0] in rules.count_units
            if counted and name and not name.endswith(rules.count_suffix):
                name += rules.count_suffix
        column = Column(
            name,
            base,
            unit[0] if unit else None,
            unit[1] if unit else Decimal(1),
            measure,
            when,
            rule=rule,
        )
        columns.append(column)
        if when is not None:
            seen.setdefault(label, []).append(column)
    keys = [(c.metric, c.measure, c.date, c.basis) for c in columns]
    if len(set(keys)) < len(keys):
        return None
    return columns


def _percent_cells(block: Block, position: int, n: int, ctx: TextContext | None) -> bool:
    """Every cell at ``position`` prints a per cent sign (a laid-out table, where the unit
    of a change column is in its cells rather than its header)."""
    if ctx is None:
        return False
    cells = [row.cells[position] for row in block.rows if len(row.cells) == n]
    return bool(cells) and all(
        c.value is not None and ctx.view.text[c.start : c.end].rstrip("）)").endswith("%")
        for c in cells
    )


def _change_column(
    change: tuple[ChangeColumn, str | None, str | None],
    dated: list[Column],
    rules: TableRules,
) -> Column | None:
    """A change column (增减, 增长率, 增减（%）) of the date columns before it under the
    same label: the later of the last two is its date, the earlier its comparison basis
    (unless the header names one: 同比增减). A change of a ratio is in 百分点."""
    if not dated or dated[-1].date is None:
        return None
    rule, named_basis, printed = change
    level = dated[-1]
    pair = [c.date for c in dated[-2:] if c.date is not None]
    current = max(pair, key=lambda r: r.date)
    prior = min(pair, key=lambda r: r.date)
    basis = named_basis or (_basis(current, prior, rules) if len(pair) > 1 else None)
    measure = rule.measure
    unit = (level.unit, level.factor) if level.unit else None
    if printed:
        unit = _unit_of(printed, rules)
        if unit is None:
            return None
        if unit[0] == "%":
            measure = "growthRate"
        elif unit[0] == "百分点":
            measure = "ppChange"
    if measure == "growthRate":
        unit = ("%", Decimal(1))
    elif measure == "change" and unit is not None and unit[0] == "%":
        measure, unit = "ppChange", ("百分点", Decimal(1))
    if unit is None and level.metric:
        return None
    return Column(
        level.metric,
        level.base,
        unit[0] if unit else None,
        unit[1] if unit else Decimal(1),
        measure,
        current,
        basis,
        rule.id,
    )


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


def _mention_at(
    ctx: TextContext, start: int | None, text: str, mentions: Sequence[Mention]
) -> Mention | None:
    if start is None:
        return None
    for mention in mentions:
        s, e = ctx.view_bounds(mention.span)
        if s == start and ctx.view.text[s:e] == text and mention.kind != "Bank":
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


def _common_suffix(a: str, b: str) -> int:
    k = 0
    while k < min(len(a), len(b)) and a[-1 - k] == b[-1 - k]:
        k += 1
    return k


def _counted_in_prose(
    name: str, block: Block, prose: Sequence[Observation], rules: TableRules
) -> tuple[str, Decimal] | None:
    """The count unit of a column named for a count of something (「投诉数量」: 投诉) that the
    last prose figure before the table, within ``prose_window`` characters, counts in a
    unit of its own (「……投诉合计201,905件」 -> 件)."""
    stem = name
    for word in rules.count_names:
        if stem.endswith(word) and len(stem) > len(word):
            stem = stem[: -len(word)]
            break
    else:
        return None
    before = [
        o
        for o in prose
        if block.start - rules.prose_window <= o.span.start < block.start
        and o.unit in rules.count_units | frozenset(rules.prose_units)
        and stem in o.metric
    ]
    return (before[-1].unit, Decimal(1)) if before else None


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
) -> list[Observation] | None:
    """The observations of one grid, or None when its header cannot be read.

    Where the header is dates only, the rows are the metrics (「客户存款 12,345 11,000
    12.2」 under 「2025年6月30日 2024年12月31日 增减(%)」): the subject is the bank, or
    the part of it the title names, and a row may print its own unit (「客户数（万户）」).
    """
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
                    measure, unit, factor = "ppChange", "百分点", Decimal(1)
                if subject is not None and head.topic:
                    metric = head.topic
                elif scoped is not None:
                    cell_subject, cell_how, metric = scoped, "scope", row_name
                elif head.scope and not row_name.startswith(head.scope[:2]):
                    cell_subject, cell_how, metric = None, "bank", head.scope + row_name
                else:
                    cell_subject, cell_how, metric = None, "bank", row_name
            elif total:
                metric = column.metric if scoped or not head.scope else _fold(head.scope, column)
                if row.label in rules.subtotals:
                    metric = f"{metric}（{row.label}）"
            elif subject is not None:
                metric = column.metric
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


def _key(obs: Observation) -> tuple:
    """What DuplicateObservationShape (IC-12) compares: one figure per key and document."""
    subject = (obs.subject.kind, display_name(obs.subject.name)) if obs.subject else None
    return (subject, obs.metric, obs.date, obs.measure, obs.basis, obs.planned)


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
        read = _grid(ctx, block, mentions, rules, prose)
        if read is None:
            held.append(_candidate(ctx, block, rules.review_unaligned, rules))
        else:
            out.extend(read)
    figures: dict[tuple, set[Decimal]] = {}
    for obs in (*prose, *out):
        figures.setdefault(_key(obs), set()).add(obs.value)
    kept = []
    for obs in out:
        if obs.rule != rules.chart_rule and len(figures[_key(obs)]) > 1:
            held.append(
                Candidate(
                    obs.metric,
                    "Observation",
                    rules.review_conflict,
                    ctx.document.name,
                    _line_text(ctx, obs),
                )
            )
        else:
            kept.append(obs)
    return kept, held


def _line_text(ctx: TextContext, obs: Observation) -> str:
    """The printed line a cell stands on (the view may have joined it to the next)."""
    text = ctx.document.text
    start = text.rfind("\n", 0, obs.span.start) + 1
    end = text.find("\n", obs.span.end)
    return text[start : end if end >= 0 else len(text)].strip()


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
) -> tuple[tuple[Observation, ...], tuple[Candidate, ...]]:
    """Observations from every located table, and what was held back (see :func:`review`);
    ``prose`` anchors chart series and decides which table figures conflict with the text."""
    observations, held = _read(ctx, blocks, mentions, rules, prose)
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
                or not any(label.endswith(e) and len(label) > len(e) for e in regions.endings)
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


def _region_of(ctx: TextContext, row: Row, mentions: Sequence[Mention]) -> Mention | None:
    mention = _row_subject(ctx, row, mentions)
    return mention if mention is not None and mention.kind == "Region" else None
