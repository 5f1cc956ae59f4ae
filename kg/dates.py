"""Dates: a document's reference date, and temporal phrases resolved against it."""

from __future__ import annotations

import calendar
import re
from collections import Counter
from datetime import date

from kg.normalize import make_view

_YEAR_PHRASE = re.compile(r"(20\d\d|19\d\d)年(末|底|度|上半年|年中|年)?")
_FORWARD = re.compile(r"将|计划|力争|预计|展望|目标")
_HALF = re.compile(r"上半年|6月末|6月底|六月末|半年末|年中")
_Q3 = re.compile(r"前三季度|9月末|9月底|三季度末")
_Q1 = re.compile(r"一季度|3月末|3月底")


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def infer_reference_date(text: str) -> date | None:
    """The as-of date a document reports for, from the years and period phrases it uses.

    Period-end phrases (2024年末, 2025年上半年) weigh more than a bare year; years in
    forward-looking sentences (将, 计划, 力争) do not count. The year's period end is
    the half-year or quarter end when those phrases outnumber year-end ones.
    """
    view = make_view(text).text
    scores: Counter[int] = Counter()
    for sentence in re.split(r"[。！？；\n]", view):
        forward = bool(_FORWARD.search(sentence))
        for m in _YEAR_PHRASE.finditer(sentence):
            year = int(m.group(1))
            if forward and not m.group(2):
                continue
            scores[year] += 3 if m.group(2) in ("末", "底", "度", "上半年") else 1
    if not scores:
        return None
    year = max(scores.items(), key=lambda kv: (kv[1], kv[0]))[0]
    year_end = len(re.findall(rf"{year}年(?:末|底|度)", view))
    year_end += len(re.findall(r"(?<!\d)年末", view))
    halves = len(_HALF.findall(view))
    if halves > year_end:
        return date(year, 6, 30)
    if len(_Q3.findall(view)) > year_end:
        return date(year, 9, 30)
    if len(_Q1.findall(view)) > year_end:
        return date(year, 3, 31)
    return date(year, 12, 31)
