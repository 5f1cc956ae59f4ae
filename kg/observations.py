"""Metric observations: every reported number as a typed, dated observation.

First version: a number with a scaling word and a unit, the metric taken from the
words before it in the clause, about the bank, dated at the document's reference date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from kg.models import Mention, Observation, TextContext

SCALES = {"万亿": Decimal(10) ** 12, "亿": Decimal(10) ** 8, "万": Decimal(10) ** 4, "": Decimal(1)}
NUMBER = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<scale>万亿|亿|万)?(?P<unit>元|户|%|笔|张|家|个|人)"
)


@dataclass(frozen=True)
class ObservationRules:
    scales: dict[str, Decimal]


def load_rules() -> ObservationRules:
    return ObservationRules(SCALES)


def extract(
    ctx: TextContext, mentions: tuple[Mention, ...], rules: ObservationRules
) -> tuple[Observation, ...]:
    if ctx.document.reference_date is None:
        return ()
    text = ctx.view.text
    out = []
    for m in NUMBER.finditer(text):
        clause_start = max(text.rfind(p, 0, m.start()) for p in "，。；：\n") + 1
        metric = re.sub(r"[^\u4e00-\u9fff]", "", text[clause_start : m.start()])[-8:]
        if not metric:
            continue
        value = Decimal(m.group("num").replace(",", "")) * rules.scales[m.group("scale") or ""]
        span = ctx.span(clause_start, m.end())
        out.append(
            Observation(
                None,
                metric,
                value,
                m.group("unit"),
                ctx.document.reference_date,
                ctx.view.quote(m.start(), m.end()),
                span,
                ctx.sentence_at(m.start()),
                "observation.clause_number",
            )
        )
    return tuple(out)
