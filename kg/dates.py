"""Dates: a document's reference date, and temporal phrases resolved against it.

A report states most numbers relative to the period it covers (「6月末」, 「上半年」,
「全年」), so every phrase is resolved against the document's reference date. A
resolved phrase gives the end of the period (the observation's date) and, for flows
over a period, a period label such as ``2025-H1`` or ``2024``.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from kg.normalize import make_view
from kg.numbers import parse_chinese

_YEAR_PHRASE = re.compile(r"(20\d\d|19\d\d)\s*年\s*(末|底|度|上半年|年中|中期|半年度|年)?")
_FULL_DATE = re.compile(
    r"(?:截至|截止|于)\s*(20\d\d|19\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
)
_FORWARD = re.compile(r"将|计划|力争|预计|展望|目标|到20\d\d年")
_REPORT = re.compile(
    r"(20\d\d|19\d\d)\s*年\s*(年度|年|中期|半年度|半年|第一季度|一季度|第三季度|三季度)\s*(?:报告|业绩报告)"
)
_TITLE_REPORT = re.compile(
    r"(20\d\d|19\d\d)\s*(?:年\s*(年度|年|中期|半年度|半年|第一季度|一季度|第三季度|三季度)"
    r"|(年度|中期|半年度|第一季度|第三季度)|年(?=报(?![\u4e00-\u9fff])))"
    r"\s*(?:报告|业绩报告|报(?![\u4e00-\u9fff]))"
)
"""A title line naming the report more loosely: 2023中期報告 (Hong Kong covers print no 年),
2023年年報 / 2023年报 (the annual report's short name ending the title)."""
_HAN_YEAR = re.compile(r"[〇零一二三四五六七八九]{4}(?=\s*年)")
_HAN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_REPORT_END = {
    "年度": (12, 31),
    "年": (12, 31),
    "中期": (6, 30),
    "半年度": (6, 30),
    "半年": (6, 30),
    "第一季度": (3, 31),
    "一季度": (3, 31),
    "第三季度": (9, 30),
    "三季度": (9, 30),
}
_BASIS = re.compile(
    r"(?:较|比|与)\s*[^，。；、\d]{0,6}?\d{0,2}\s*(?:月末|月底|季度末|年末|年底|年初|同期)"
)
_PERIOD_ENDS: tuple[tuple[tuple[int, int], re.Pattern[str]], ...] = (
    ((6, 30), re.compile(r"上半年|6月末|6月底|六月末|半年末|年中|中期报告|半年度报告")),
    ((9, 30), re.compile(r"前三季度|9月末|9月底|三季度末|第三季度报告")),
    ((3, 31), re.compile(r"一季度末|3月末|3月底|第一季度报告")),
)


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def infer_reference_date(text: str) -> date | None:
    """The as-of date a document reports for, from the years and period phrases it uses.

    A report names itself (「2022年中期报告」, 「2023年年度报告」; in its title also
    「2023中期報告」, 「二〇二三年年報」): that decides. Else an
    explicit 「截至2025年6月30日」 decides when it is the most frequent such date.
    Otherwise period-end phrases (2024年末, 2025年上半年) weigh more than a bare year;
    years in forward-looking sentences (将, 力争到2025年末) do not count. The period end
    is the one whose phrases are most frequent (year end, half year, three quarters,
    first quarter); a comparison basis (较6月末, 较上年末) is no evidence of the period.
    Works the same on traditional and simplified text, which is normalised first.
    """
    view = make_view(text).text
    named = _REPORT.search(view)
    if named is None:
        # the title, in its first lines: 二〇二三年中期報告 (a year in Chinese numerals)
        lines = [line for line in text.splitlines()[:12] if line.strip()][:8]
        title = "\n".join(make_view(line).text for line in lines)  # each line as printed
        title = _HAN_YEAR.sub(lambda m: m.group(0).translate(_HAN_DIGITS), title)
        titled = _TITLE_REPORT.search(title)
        if titled is not None:
            kind = titled.group(2) or titled.group(3) or "年度"
            month, day = _REPORT_END[kind]
            return date(int(titled.group(1)), month, day)
    if named:
        month, day = _REPORT_END[named.group(2)]
        return date(int(named.group(1)), month, day)
    explicit = Counter(
        date(int(y), int(m), int(d))
        for y, m, d in _FULL_DATE.findall(view)
        if 1 <= int(m) <= 12 and 1 <= int(d) <= calendar.monthrange(int(y), int(m))[1]
    )
    scores: Counter[int] = Counter()
    for sentence in re.split(r"[。！？；\n]", view):
        if _FORWARD.search(sentence):
            continue
        for m in _YEAR_PHRASE.finditer(sentence):
            year = int(m.group(1))
            scores[year] += 3 if m.group(2) in ("末", "底", "度", "上半年", "中期", "半年度") else 1
    if not scores and not explicit:
        return None
    if explicit:
        best, _ = max(explicit.items(), key=lambda kv: (kv[1], kv[0]))
        if not scores or best.year == max(scores.items(), key=lambda kv: (kv[1], kv[0]))[0]:
            return best
    year = max(scores.items(), key=lambda kv: (kv[1], kv[0]))[0]
    stated = _BASIS.sub("", view)
    counts = {(12, 31): len(re.findall(rf"{year}\s*年\s*(?:末|底|度)|(?<![\d上去])年末", stated))}
    for end, pattern in _PERIOD_ENDS:
        counts[end] = len(pattern.findall(stated))
    (month, day), _ = max(counts.items(), key=lambda kv: (kv[1], kv[0] == (12, 31)))
    return date(year, month, day)


@dataclass(frozen=True)
class Resolved:
    """A temporal phrase resolved: the period end, and the period for flows (else None)."""

    date: date
    period: str | None = None


def _number(text: str | None) -> int | None:
    if not text:
        return None
    if text.isdigit():
        return int(text)
    return int(parse_chinese(text))


_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def resolve(
    kind: str,
    groups: dict[str, str | None],
    reference: date | None,
    current: Resolved | None = None,
) -> Resolved | None:
    """Resolve one temporal phrase of a given ``kind`` (see rules/observations.yaml).

    ``groups`` holds the named groups of the phrase's match (y, m, d, q, m1, m2);
    ``current`` is the date in force before the phrase: year-to-date phrases keep it and
    phrases without a year take its year (「2025年第一季度……；一季度末」).
    Returns None when the phrase needs a reference date the document does not have, or
    names an impossible date.
    """
    year = _number(groups.get("y"))
    if year is None:
        if current is not None:
            year = current.date.year
        elif reference is None:
            return None
        else:
            year = reference.year
    try:
        if kind == "day":
            return Resolved(date(year, int(groups["m"] or 0), int(groups["d"] or 0)))
        if kind == "month_end":
            return Resolved(month_end(year, _number(groups.get("m")) or 0))
        if kind == "year_end":
            return Resolved(date(year, 12, 31))
        if kind == "year":
            return Resolved(date(year, 12, 31), f"{year}")
        if kind == "half":
            return Resolved(date(year, 6, 30), f"{year}-H1")
        if kind == "quarter":
            q = _QUARTERS[groups.get("q") or ""]
            return Resolved(month_end(year, 3 * q), None if groups.get("end") else f"{year}-Q{q}")
        if kind == "first_three_quarters":
            return Resolved(date(year, 9, 30), f"{year}-Q1-Q3")
        if kind == "months":
            first, last = int(groups["m1"] or 0), int(groups["m2"] or 0)
            if not 1 <= first <= last <= 12:
                return None
            label = {(1, 6): "H1", (1, 12): "", (1, 3): "Q1", (1, 9): "Q1-Q3"}.get(
                (first, last), f"M{first:02d}-M{last:02d}"
            )
            return Resolved(month_end(year, last), f"{year}-{label}" if label else f"{year}")
        if kind == "year_to_date":
            base = current.date if current is not None else reference
            if base is None:
                return None
            return Resolved(base, f"{base.year}-YTD")
        if kind == "reference":
            return Resolved(reference) if reference is not None else None
        if kind == "previous_year":
            if groups.get("y") is None and reference is None:
                return None
            return Resolved(date(year - 1, 12, 31), f"{year - 1}")
    except (ValueError, KeyError, TypeError):
        return None
    raise ValueError(f"unknown temporal kind {kind!r}; see kg/rules/observations.yaml")
