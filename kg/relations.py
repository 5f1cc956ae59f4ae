"""Relations: who serves which strategy, who runs what, who works with whom.

First version: a department credited with 供稿 is responsible for the products of
the article it closes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.models import Mention, Relation, TextContext

BYLINE = re.compile(r"供稿[：:]\s*")


@dataclass(frozen=True)
class RelationRules:
    byline: re.Pattern[str]


def load_rules() -> RelationRules:
    return RelationRules(BYLINE)


def extract(
    ctx: TextContext, mentions: tuple[Mention, ...], rules: RelationRules
) -> tuple[Relation, ...]:
    text = ctx.view.text
    out: list[Relation] = []
    article_start = 0
    for m in rules.byline.finditer(text):
        departments = [
            x
            for x in mentions
            if x.kind == "Department"
            and ctx.view_bounds(x.span)[0] >= m.end()
            and ctx.view_bounds(x.span)[0] <= m.end() + 2
        ]
        for dept in departments[:1]:
            for x in mentions:
                start = ctx.view_bounds(x.span)[0]
                if x.kind == "Product" and article_start <= start < m.start():
                    out.append(
                        Relation(
                            dept, "responsibleFor", x, dept.span, dept.sentence, "relation.byline"
                        )
                    )
        article_start = m.end()
    return tuple(out)
