"""Finding tables and charts that PDF flattening turned into lines of text.

Three shapes occur in bank reports:

* grids, row per line: a title, header lines naming the columns (often with every
  header word printed twice, 「項目項目」 「資產資產」, because of bold-font extraction),
  then one line per row: a label and its cells (「長江三角洲 14,762,702 28.2 ...」),
  with accounting negatives in brackets and dashes for empty cells;
* grids, cell per line: the same, but the label and every cell on a line of its own;
* bar charts: a 「單位：人民幣百萬元」 line naming the series, then year labels and
  values in whatever order the layout left them.

Lines claimed by a table are skipped by the prose reader, so no number is read twice."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from kg.figures.rules import TableRules
from kg.figures.text import HAN
from kg.models import TextContext
from kg.numbers import ARABIC, parse_arabic

CELL = rf"（[-−]?(?:{ARABIC})%?）|[-−]?(?:{ARABIC})%?|[–—-]"
"""A cell: a number, bracketed when negative, with a per cent sign when the column is a rate;
a dash for none. An unbalanced bracket (「19）」, a note's number) is not a cell."""


ROW = re.compile(rf"^(?P<label>\S.*?)\s+(?P<cells>(?:(?:{CELL})\s+)*(?:{CELL}))$")


NUMBERS_ONLY = re.compile(rf"^(?:(?:{CELL})\s*)+$")


FOOTNOTE = re.compile(r"\s*[（(]\d{1,2}[)）]$")


NOTE_MARK = re.compile(r"[（(]\s*注\s*\d{1,2}\s*[)）]")
"""A note marker inside a row (「≥130（注 3）」): blanked, so it is read as neither a cell
nor part of the label."""


MAX_LABEL = 30


MAX_HEADER = 12


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
            # a repeat of length k starts again at i + k with text[i]: only those k are
            # tried (each found by str.find, in increasing order as before)
            ch, last = text[i], i + (n - i) // 2
            j = text.find(ch, i + 1, last + 1)
            while j >= 0:
                piece = text[i:j]
                if text[j : 2 * j - i] == piece and HAN.search(piece):
                    text = text[:j] + text[2 * j - i :]
                    changed = True
                    break
                j = text.find(ch, j + 1, last + 1)
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
        if "注" in body:  # every note marker holds it: most lines have none
            body = NOTE_MARK.sub(lambda m: " " * len(m.group(0)), body.strip()).rstrip()
        else:
            body = body.strip()
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


GAP = re.compile(r"\S+(?: \S+)*")
"""A run of text between column gaps (two blanks or more) on a line."""


def _side_by_side(line: Line) -> list[Row]:
    """A wide table that prints several (label, cells) groups on one line, side by side
    (「北京  2,269  福建  1,214  云南  754」 under 「地区  投诉数量  地区  投诉数量…」): a row
    per group, when every group has a label and as many cells as the others."""
    if "  " not in line.text and line.text.isprintable():
        # no blank but single spaces (the one printable blank): one run at most, no groups
        return []
    runs = list(GAP.finditer(line.text))
    groups: list[tuple[re.Match[str], list[re.Match[str]]]] = []
    for m in runs:
        if re.fullmatch(CELL, m.group(0)):
            if not groups:
                return []
            groups[-1][1].append(m)
        elif HAN.search(m.group(0)) and "，" not in m.group(0) and len(m.group(0)) <= MAX_LABEL:
            groups.append((m, []))
        else:
            return []
    if len(groups) < 2 or len({len(cells) for _, cells in groups}) != 1 or not groups[0][1]:
        return []
    return [
        Row(
            dedouble(label.group(0)),
            line.start + label.start(),
            tuple(c for cell in cells for c in _cells(cell.group(0), line.start + cell.start())),
        )
        for label, cells in groups
    ]


def _rows_of(line: Line) -> list[Row]:
    """The rows a line prints: one (「長江三角洲 5,432,100 22.4」) or one per group of a wide
    table that prints its rows side by side."""
    side = _side_by_side(line)
    if side:
        return side
    row = _row(line)
    return [row] if row is not None else []


def _one_copy(line: Line, copies: int) -> Line:
    """A header a wide table prints once per group of rows side by side (「地区  投诉数量
    地区  投诉数量」): its first copy, which names the columns of every group."""
    runs = [m.group(0) for m in GAP.finditer(line.text)]
    if copies < 2 or len(runs) % copies:
        return line
    width = len(runs) // copies
    if any(runs[k] != runs[k % width] for k in range(len(runs))):
        return line
    first = list(GAP.finditer(line.text))[width - 1]
    return Line(line.start, line.start + first.end(), line.text[: first.end()])


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


def _column_head(line: Line, rules: TableRules) -> bool:
    """A line that names a column, not a row: a change (「本年末比上年末增减」) or a date
    (「2024 年 12 月 31 日」), printed a head per line above cells printed a cell per line."""
    text = re.sub(r"\s+", "", dedouble(line.text))
    name = re.sub(r"[（(][^（）()]+[)）]$", "", text)
    return bool(COLUMN_DATE.fullmatch(text)) or any(
        rule.pattern.fullmatch(name) for rule in rules.change_columns
    )


COLUMN_DATE = re.compile(r"\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:末|底)?")


SUB_ITEM = re.compile(r"^其中[：:]\s*")
"""「其中：住房按揭贷款余额」: a row that is part of the row above; the marker is no part
of its label."""


def _label_line(line: Line) -> Line:
    """A label line without a sub-item marker."""
    m = SUB_ITEM.match(line.text)
    return Line(line.start + m.end(), line.end, line.text[m.end() :]) if m else line


def _vertical_rows(lines: list[Line], i: int) -> tuple[list[Row], int]:
    """Rows printed a cell per line, starting at line ``i``: a label line, then its cells.
    Cells at line ``i`` itself (no label over them) are a row with an empty label."""
    rows: list[Row] = []
    j = i
    while j < len(lines):
        while j < len(lines) and not lines[j].text:
            j += 1
        if j >= len(lines):
            break
        unlabeled = j == i and NUMBERS_ONLY.match(lines[j].text) is not None
        if not unlabeled and not _is_label(_label_line(lines[j])):
            break
        label_line = _label_line(lines[j])
        cells: list[Cell] = []
        k = j if unlabeled else j + 1
        while k < len(lines) and (not lines[k].text or NUMBERS_ONLY.match(lines[k].text)):
            if lines[k].text:
                cells.extend(_cells(lines[k].text, lines[k].start))
            k += 1
        if not cells:
            break
        label = "" if unlabeled else FOOTNOTE.sub("", dedouble(label_line.text)).strip()
        start = cells[0].start if unlabeled else label_line.start
        rows.append(Row(label, start, tuple(cells)))
        j = k
    return rows, j


def _trailing_labels(lines: list[Line], j: int) -> tuple[list[Line], int]:
    """Label lines right after a table's last cells with no cells under them: where PDF
    flattening put the labels of rows it printed without one."""
    labels: list[Line] = []
    k = j
    while k < len(lines):
        if not lines[k].text:
            k += 1
            continue
        line = _label_line(lines[k])
        if not _is_label(line):
            break
        labels.append(line)
        k += 1
    return labels, k


def _regroup(rows: list[Row], lines: list[Line], j: int) -> tuple[list[Row], int]:
    """Rows printed a cell per line whose labels PDF flattening moved: a row with no label
    or with twice the cells of the others (two rows whose second lost its label) is split
    at the table's width, and the rows left without a label take, in order, the label
    lines printed right after the table. Unchanged unless the labels left over are exactly
    as many as the rows without one."""
    if not rows:
        return rows, j
    n = min(len(r.cells) for r in rows)
    if any(len(r.cells) % n for r in rows):
        return rows, j
    split: list[Row] = []
    for row in rows:
        if len(row.cells) == n and row.label:
            split.append(row)
            continue
        groups = [row.cells[a : a + n] for a in range(0, len(row.cells), n)]
        for g, cells in enumerate(groups):
            keep = g == 0 and bool(row.label)
            split.append(
                Row(row.label if keep else "", row.start if keep else cells[0].start, cells)
            )
    missing = [k for k, row in enumerate(split) if not row.label]
    if not missing:
        return rows, j
    labels, end = _trailing_labels(lines, j)
    if len(labels) != len(missing):
        return rows, j
    for k, line in zip(missing, labels, strict=True):
        label = FOOTNOTE.sub("", dedouble(line.text)).strip()
        split[k] = Row(label, line.start, split[k].cells)
    return split, end


def _after_head(lines: list[Line], i: int, rules: TableRules) -> bool:
    """Cells printed a cell per line right under a column head line: a row whose label
    PDF flattening moved below the table."""
    if not NUMBERS_ONLY.match(lines[i].text):
        return False
    h = i - 1
    while h >= 0 and not lines[h].text:
        h -= 1
    return h >= 0 and _column_head(lines[h], rules)


def _continued(
    header: list[Line],
    top: int,
    lines: list[Line],
    used: set[int],
    blocks: list[Block],
    rules: TableRules,
) -> list[Line]:
    """A header that names no unit, right under the grid before it (a second header
    「项目 2024年 2023年」 continuing the same layout), reads in that grid's unit."""
    if (
        not blocks
        or blocks[-1].kind != "grid"
        or any(rules.table_unit.match(h.text) for h in header)
        or not any(dedouble(h.text.split()[0]) in rules.header_start for h in header if h.text)
    ):
        return header  # no second header of its own (a stacked section's metric line)
    h = top - 1
    while h >= 0 and not lines[h].text:
        h -= 1
    if h < 0 or h not in used:
        return header
    units = [line for line in blocks[-1].header if rules.table_unit.match(line.text)]
    return [*units[-1:], *header]


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
        headed = False
        copies = 1
        got = _rows_of(line)
        if got:
            # rows run on over blank lines, each line read once
            while got or (j < len(lines) and not lines[j].text):
                rows.extend(got)
                copies = max(copies, len(got))
                j += 1
                got = _rows_of(lines[j]) if j < len(lines) and lines[j].text else []
        elif (_is_label(line) and not _column_head(line, rules)) or _after_head(lines, i, rules):
            headed = _after_head(lines, i, rules)
            rows, j = _vertical_rows(lines, i)
            rows, j = _regroup(rows, lines, j)
        # one row is a table too where its cells stand under column heads and its label,
        # printed after them, was found (「个人存款日均余额」 under 2024年 2023年 增减)
        if len(rows) >= 2 or (headed and len(rows) == 1 and rows[0].label):
            header, top = _header_above(lines, i, used, rules)
            header = _continued(header, top, lines, used, blocks, rules)
            header = [_one_copy(h, copies) for h in header]
            end = max(max(c.end for c in r.cells) for r in rows)
            start = header[0].start if header else rows[0].start
            blocks.append(Block("grid", start, end, tuple(header), tuple(rows)))
            used.update(range(top, j))
            i = j
            continue
        i += 1
    return tuple(blocks)
