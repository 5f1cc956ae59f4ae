"""Entity recognition: find the strategies, products, departments and the rest.

First version: the bank's own name and self references, quoted names typed by the
head word after them, and department and branch suffixes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

import yaml

from kg.banks import SELF_REFERENCES, lookup
from kg.models import Candidate, Mention, TextContext
from kg.normalize import display_name

QUOTED = re.compile(r"[「“『《]([^」”』》\n]{2,20})[」”』》]")


@dataclass(frozen=True)
class EntityRules:
    quoted_heads: tuple[tuple[str, tuple[str, ...], str], ...]
    suffixes: tuple[tuple[str, tuple[str, ...], str, int], ...]


def load_rules() -> EntityRules:
    data = yaml.safe_load(resources.files("kg.rules").joinpath("entities.yaml").read_text("utf-8"))
    return EntityRules(
        tuple((r["id"], tuple(r["heads"]), r["kind"]) for r in data["quoted_heads"]),
        tuple((r["id"], tuple(r["suffixes"]), r["kind"], r["max_len"]) for r in data["suffixes"]),
    )


def _mention(
    ctx: TextContext, start: int, end: int, kind: str, rule: str, name: str | None = None
) -> Mention:
    span = ctx.span(start, end)
    return Mention(
        span.quote,
        name or display_name(ctx.view.text[start:end]),
        kind,
        span,
        ctx.sentence_at(start),
        rule,
    )


def recognize(
    ctx: TextContext, rules: EntityRules
) -> tuple[tuple[Mention, ...], tuple[Candidate, ...]]:
    text = ctx.view.text
    found: list[Mention] = []
    for ref in SELF_REFERENCES:
        for m in re.finditer(ref, text):
            found.append(
                _mention(
                    ctx,
                    m.start(),
                    m.end(),
                    "Bank",
                    "entity.self_reference",
                    ctx.document.bank or ref,
                )
            )
    for m in QUOTED.finditer(text):
        after = text[m.end() : m.end() + 4]
        for rule_id, heads, kind in rules.quoted_heads:
            if any(after.startswith(h) for h in heads):
                found.append(_mention(ctx, m.start(1), m.end(1), kind, rule_id))
                break
    token_starts = {s for s, _ in ctx.tokens}
    for rule_id, suffixes, kind, max_len in rules.suffixes:
        pattern = re.compile(
            rf"[\u4e00-\u9fff]{{1,{max_len}}}?(?:{'|'.join(map(re.escape, suffixes))})"
        )
        for m in pattern.finditer(text):
            start = m.start()
            while start not in token_starts and start < m.end():
                start += 1
            if m.end() - start >= 3:
                found.append(_mention(ctx, start, m.end(), kind, rule_id))
    for m in re.finditer(r"[\u4e00-\u9fff]{2,6}银行|[\u4e00-\u9fff]{1,2}行", text):
        bank = lookup(m.group(0))
        if bank is not None:
            found.append(
                _mention(ctx, m.start(), m.end(), "Bank", "entity.bank_lexicon", bank.name)
            )
    found.sort(key=lambda x: (x.span.start, -x.span.end, x.kind))
    return tuple(found), ()
