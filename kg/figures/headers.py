"""Reading a grid's header: column labels and date stamps paired per cell position.
A date header gives the date, 「1-6月」 a half-year flow, a unit line such as
「人民幣百萬元，百分比除外」 the unit of columns that print none (in brackets, full- or
half-width, or after 「单位：」; a currency keeps its unit: 港币百万元 is 1e6 港元);
「本期」「上年同期」「年初」 are dates relative to the report's own period; 「截至6月30日止半年」
over bare-year columns dates them. A title that names part of the bank
(「境外機構主要指標」) scopes the table. Change columns beside date columns (增减, 变动,
增长率, 增减（%）) are changes of the two dates before them, with those dates as their
comparison basis. A header that cannot be aligned with its cells reads as None."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kg import dates
from kg.figures.locate import Block, Line, dedouble
from kg.figures.rules import ChangeColumn, PeriodHeader, TableRules
from kg.models import Observation, TextContext
from kg.normalize import display_name
from kg.units import count_symbols, printed_forms, role

DATE_TOKEN = re.compile(r"\d{4}\s*年")


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
    printed: str = ""
    """The generic name the header printed (金额) where the table's topic stands in for
    it (个人贷款), on that column and the share column after it; else empty."""


def _unit_of(text: str, rules: TableRules) -> tuple[str, Decimal] | None:
    """「人民币百万元」 -> (元, 1e6); 「%」 -> (%, 1); 「个」 -> (个, 1)."""
    body = text.strip("（）() ")
    factor = Decimal(1)
    for word in sorted(rules.scales, key=len, reverse=True):
        if word in body:
            factor = rules.scales[word][1]
            body = body.replace(word, "", 1)
            break
    body = body.replace("人民币", "") or role("money")
    forms = printed_forms()
    unit = forms.get(body)
    if unit is None and body.endswith(role("money")) and body[:-1] in forms:
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
        for tok in _header_tokens(text, rules):
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


def _header_tokens(text: str, rules: TableRules | None = None) -> list[str]:
    """A header line's column heads. A layout reader (PDF, Word, HTML) parts cells by two
    spaces or more, and one space inside a cell is typesetting (「2024 年 12 月 31 日」);
    flattened text parts every head by white space, except on a line that is one date
    and nothing else (a header printed a head per line: 「2024 年 12 月 31 日」)."""
    if re.search(r"\S {2,}\S", text):
        return [re.sub(r"\s+", "", cell) for cell in re.split(r"\s{2,}", text.strip())]
    tokens = text.split()
    joined = "".join(tokens)
    if (
        rules is not None
        and len(tokens) > 1
        and len(DATE_TOKEN.findall(joined)) == 1
        and _is_stamp(dedouble(joined), rules)
        and not any(_is_position(dedouble(t), rules) for t in tokens)
    ):
        return [joined]
    return tokens


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
    previous = previous_printed = ""
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
            unit = _counted_in_prose(name, block, prose, rules, ctx)
        if unit is None and name:
            return None
        printed = ""
        if name in rules.generic_columns and head.topic:
            name, printed = head.topic, name
        measure = "level"
        base = name
        if unit is not None and unit[0] == "%" and name and _is_share(name, rules):
            if not previous:
                return None
            measure = "share"
            base = previous
            name = previous + name
            printed = previous_printed
        elif unit is not None and unit[0] == "%" and not name and previous:
            measure, base, name = "share", previous, previous + rules.share_words[0]
        else:
            previous, previous_printed = name, printed
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
            printed=printed,
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
        elif unit[0] == role("point"):
            measure = "ppChange"
    if measure == "growthRate":
        unit = ("%", Decimal(1))
    elif measure == "change" and unit is not None and unit[0] == "%":
        measure, unit = "ppChange", (role("point"), Decimal(1))
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


def _counted_in_prose(
    name: str,
    block: Block,
    prose: Sequence[Observation],
    rules: TableRules,
    ctx: TextContext | None = None,
) -> tuple[str, Decimal] | None:
    """The count unit of a column named for a count of something (「投诉数量」: 投诉) that the
    last prose figure before the table, within ``prose_window`` characters, counts in a
    unit of its own (「……投诉合计201,905件」 -> 件). A figure's evidence is in the original
    text, the table in the view: the figure's start is compared in the view."""
    stem = name
    for word in rules.count_names:
        if stem.endswith(word) and len(stem) > len(word):
            stem = stem[: -len(word)]
            break
    else:
        return None

    def at(o: Observation) -> int:
        return ctx.view.to_view(o.span.start) if ctx is not None else o.span.start

    before = [
        o
        for o in prose
        if block.start - rules.prose_window <= at(o) < block.start
        and o.unit in count_symbols()
        and stem in o.metric
    ]
    return (before[-1].unit, Decimal(1)) if before else None
