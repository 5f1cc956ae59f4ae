"""Table figures against the prose's and each other's: one figure per IC-12 key and
document, else the table's is held back for review (the table cannot tell which of two
figures is misread)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from kg.figures.rules import TableRules
from kg.models import Candidate, Observation, TextContext
from kg.normalize import display_name


def _key(obs: Observation) -> tuple:
    """What DuplicateObservationShape (IC-12) compares: one figure per key and document."""
    subject = (obs.subject.kind, display_name(obs.subject.name)) if obs.subject else None
    return (subject, obs.metric, obs.date, obs.measure, obs.basis, obs.planned)


def reconcile(
    ctx: TextContext,
    prose: Sequence[Observation],
    cells: list[Observation],
    rules: TableRules,
) -> tuple[list[Observation], list[Candidate]]:
    """The table figures ``cells`` kept, and those held back because another figure
    (another table's, or the prose's) has the same key and a different value."""
    figures: dict[tuple, set[Decimal]] = {}
    for obs in (*prose, *cells):
        figures.setdefault(_key(obs), set()).add(obs.value)
    kept = []
    held = []
    for obs in cells:
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
