"""The date of a figure of prose: the temporal phrases of its sentence that reach it
(a phrase opening its clause dates the rest of the sentence, one inside a clause only
that clause), resolved against the document's reference date; a clause of what is
already done (「已举办136场」) is not dated by the plan before it."""

from __future__ import annotations

import bisect
from datetime import date

from kg import clauses, dates
from kg.figures.rules import ObservationRules
from kg.figures.text import Mark, _boundary_after, _boundary_before, _strip_prefix
from kg.grammar import CLAUSE_END, PLAN_CLAUSE_END, SCOPE_END


def _actual_from(text: str, lo: int, pos: int, rules: ObservationRules) -> int | None:
    """Where the last clause of ``text[lo:pos]`` opening with 已 (what is already done)
    starts: it and the clauses after it report actuals, whatever was planned before it."""
    found = clauses.positions(text, PLAN_CLAUSE_END)
    inside = found[bisect.bisect_left(found, lo) : bisect.bisect_left(found, pos)]
    starts = [lo] + [i + 1 for i in inside]
    for start in reversed(starts):
        if _strip_prefix(text[start:pos].lstrip(), rules.actual_openers)[1]:
            return start
    return None


def _outside_plans(
    text: str, temporal: list[Mark], plans: list[Mark], lo: int, hi: int
) -> list[Mark]:
    """The temporal marks that are not inside a clause of ``text[lo:hi]`` that carries a
    plan: 「全年」 dates 「全年计划举办200场」, not the 「已举办136场」 after it."""
    clauses = [
        (
            _boundary_before(text, p.start, PLAN_CLAUSE_END),
            _boundary_after(text, p.end, PLAN_CLAUSE_END),
        )
        for p in plans
        if lo <= p.start and p.end <= hi
    ]
    if not clauses:
        return temporal
    return [m for m in temporal if not any(a <= m.start and m.end <= b for a, b in clauses)]


def _date(
    text: str,
    pos: int,
    temporal: list[Mark],
    reference: date | None,
    rules: ObservationRules,
    nth: int | None = None,
) -> dates.Resolved | None:
    """The date in force at ``pos``: temporal phrases of the sentence that reach it,
    resolved in order, else the reference date.

    A phrase that opens its clause (「2024年末，」, 「截至6月末，」, 「上半年跨境……」)
    reaches to the end of the sentence; one inside a clause (「并于2018年推出……」)
    dates only that clause.
    """
    scope = _boundary_before(text, pos, SCOPE_END)
    current: dates.Resolved | None = None
    lo = bisect.bisect_left(temporal, scope, key=lambda m: m.start)
    hi = bisect.bisect_left(temporal, pos, key=lambda m: m.start)
    marks = [m for m in temporal[lo:hi] if m.end <= pos]
    if nth is not None and len(marks) > 1:
        run = [marks[-1]]
        for mark in reversed(marks[:-1]):
            if text[mark.end : run[0].start] not in ("和", "、", "及", "与", "以及"):
                break
            run.insert(0, mark)
        if len(run) > 1:
            marks = [m for m in marks if m not in run] + [run[min(nth, len(run) - 1)]]
    context = _as_of_before(text, temporal, lo, scope, reference)
    for mark in marks:
        if text.startswith("的", mark.end) and pos > mark.end + 1:
            continue
        if (
            mark.rule.inline == "clause"
            and not _opens_clause(text, mark, rules)
            and _boundary_after(text, mark.end, PLAN_CLAUSE_END) < pos
        ):
            continue
        kind = mark.rule.value or ""
        given = current
        if given is None and context is not None and not mark.groups.get("y") and kind in AS_OF:
            given = context  # 「截止2016年末，……。……截至12月末，……」: 2016-12-31
        resolved = dates.resolve(kind, mark.groups, reference, given)
        if resolved is not None:
            current = resolved
    if current is not None:
        return current
    return dates.Resolved(reference) if reference is not None else None


AS_OF = frozenset({"day", "month_end", "year_end"})
"""Kinds of phrases that name a point in time (截至6月末, 2016年末)."""


CONTEXT_WINDOW = 400
"""How far back (characters) an as-of date with its year reaches a month without one."""


def _as_of_before(
    text: str, temporal: list[Mark], lo: int, scope: int, reference: date | None
) -> dates.Resolved | None:
    """The as-of date with a year printed last before the sentence at ``scope``, at most
    ``CONTEXT_WINDOW`` characters back, when its year is not the reference year: a
    profile of 2016 in a report of 2017 dates its 「截至12月末」 in 2016."""
    for mark in reversed(temporal[:lo]):
        if mark.start < scope - CONTEXT_WINDOW:
            return None
        if mark.groups.get("y") and (mark.rule.value or "") in AS_OF:
            resolved = dates.resolve(mark.rule.value or "", mark.groups, reference)
            if resolved is None or (reference is not None and resolved.date.year == reference.year):
                return None
            return resolved
    return None


def _opens_clause(text: str, mark: Mark, rules: ObservationRules) -> bool:
    start = _boundary_before(text, mark.start, CLAUSE_END)
    lead = text[start : mark.start].strip()
    while lead:
        word = next((w for w in rules.temporal_openers if lead.startswith(w)), None)
        if word is None:
            return text.startswith("，", mark.end)
        lead = lead[len(word) :].strip()
    return True
