"""Quantities: a number with its hedge, scaling word and unit (「3.85亿户」, 「十余项」,
「超过99%」, 「逾三成」), and the numbers that are not measurements even with a unit
(ranks, product terms, ranges, versions: ``not_measurements`` in the rules)."""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from decimal import Decimal
from operator import itemgetter

from kg.figures.rules import ObservationRules, PatternRule
from kg.figures.text import HAN, _boundary_after, _boundary_before, guarded
from kg.grammar import CLAUSE_END, FIGURE_SENTENCE_END
from kg.models import TextContext
from kg.numbers import parse_arabic, parse_chinese, scaled
from kg.units import printed_forms, role

BARE_MAGNITUDES = frozenset("百千万亿")


@dataclass(frozen=True)
class Quantity:
    """A number with its hedge, scale and unit, at view offsets."""

    start: int
    num_start: int
    num_end: int
    unit_end: int
    end: int
    value: Decimal
    unit: str | None
    qualifier: str | None
    chinese: bool
    bare: bool
    scaled_by: str
    printed_start: int | None = None
    """Where the printed amount starts when a currency word opens it (「港幣82.45億元」)."""
    rule: str | None = None
    """The row that read the unit, when not the plain pattern (currency before, tenths)."""


def _quantities(
    ctx: TextContext,
    rules: ObservationRules,
    blocked: list[tuple[int, int]],
    token_starts: frozenset[int] | None = None,
) -> list[Quantity]:
    """Every number with a unit (or a scaling word) that is a measurement; ``token_starts``
    are where the tokens start (read from ``ctx`` when not given)."""
    text = ctx.view.text
    if token_starts is None:
        token_starts = frozenset(map(itemgetter(0), ctx.tokens))
    starts = [s for s, _ in blocked]
    # the spans overlap (a name inside a table): the furthest end reached so far decides
    reach = list(itertools.accumulate((e for _, e in blocked), max))
    out = []
    for m in guarded(rules.quantity).finditer(text):
        num_start, num_end = m.span("num")
        i = bisect.bisect_right(starts, num_start) - 1
        if i >= 0 and num_start < reach[i]:
            continue
        raw = m.group("num")
        chinese = not raw[0].isdigit()
        unit_text = m.group("unit")
        currency = m.group("cur") if not chinese else None
        if (
            unit_text
            and text.startswith(rules.unit_clashes, m.start("unit"))  # one test in C first
            and any(
                text.startswith(clash, m.start("unit")) and len(clash) > len(unit_text)
                for clash in rules.unit_clashes
            )
        ):
            unit_text = None
        start = m.start("qb") if m.group("qb") else num_start
        if m.group("cur") and chinese and not m.group("qb"):
            start = num_start
        tenth = _tenth(text, m, rules)
        if tenth is not None:
            if not _not_measurement(text, tenth, rules):
                out.append(tenth)
            continue
        if chinese:
            try:
                number = parse_chinese(raw)
            except ValueError:
                continue
            bare = all(ch in BARE_MAGNITUDES for ch in raw)
            if (number < 2 and not bare) or (not unit_text and not (bare and m.group("qb"))):
                continue
            if (
                start not in token_starts
                and start > 0
                and HAN.match(text[start - 1])
                and not (m.group("qb") and text[start - 1] in rules.contractions.each)
            ):
                continue  # 「三千万」 inside a word; 「双超千亿元」 (双超 one word) is a hedge
        else:
            if m.group("big"):
                continue
            try:
                number = parse_arabic(raw)
            except ValueError:  # too many digits: a code, not a figure
                continue
            bare = False
        scale = m.group("scale") or ""
        factor = rules.scales[scale][1] if scale else Decimal(1)
        value = scaled(number, factor)
        if m.group("rest"):  # 「2兆3,456億元」: both parts of one amount
            try:
                value += scaled(parse_arabic(m.group("rest")), rules.scales[m.group("scale2")][1])
            except ValueError:
                continue
        unit_end = (
            m.end("unit")
            if unit_text
            else m.end("scale2")
            if m.group("rest")
            else m.end("scale")
            if scale
            else num_end
        )
        if m.group("qa2") and not unit_text:
            unit_end = m.end("qa2")
        end = m.end("qa3") if unit_text and m.group("qa3") else unit_end
        qualifier = rules.before_qualifiers[m.group("qb")][1] if m.group("qb") else None
        for group in ("qa1", "qa2", "qa3"):
            word = m.group(group)
            if word and (group != "qa3" or unit_text):
                qualifier = qualifier or rules.after_qualifiers[word][1]
        symbol = printed_forms()[unit_text].symbol if unit_text else None
        if currency and (
            symbol is None or symbol == printed_forms()[currency].symbol or symbol == role("money")
        ):
            # 「港幣82.45億元」: the currency before the number is the unit, 元 only repeats it
            symbol = printed_forms()[currency].symbol
            start = m.start("qb") if m.group("qb") else m.start("cur")
        else:
            currency = None
        q = Quantity(
            start,
            num_start,
            num_end,
            unit_end,
            end,
            value,
            symbol,
            qualifier,
            chinese,
            bare,
            scale,
            m.start("cur") if currency else None,
            rules.currency_rule if currency else None,
        )
        if not _not_measurement(text, q, rules):
            out.append(q)
    return out


def _tenth(text: str, m: re.Match[str], rules: ObservationRules) -> Quantity | None:
    """「逾三成」 -> 30 % with the hedge 逾: a number of tenths, with no scale or unit."""
    tenths = rules.tenths
    num_start, num_end = m.span("num")
    pos = num_end
    if (
        m.group("unit")
        or m.group("scale")
        or m.group("qa1")
        or not text.startswith(tenths.word, pos)
    ):
        return None
    after = pos + len(tenths.word)
    if any(text.startswith(w, after) for w in tenths.not_before):
        return None
    raw = m.group("num")
    try:
        number = parse_chinese(raw) if not raw[0].isdigit() else parse_arabic(raw)
    except ValueError:
        return None
    if not 1 <= number <= 10:
        return None
    start = m.start("qb") if m.group("qb") else num_start
    if start == num_start and start > 0 and HAN.match(text[start - 1]):
        return None  # 「九成」 inside a word, with no hedge before it
    qualifier = rules.before_qualifiers[m.group("qb")][1] if m.group("qb") else None
    end = after
    for word, (_, value) in rules.after_qualifiers.items():
        if text.startswith(word, after):
            qualifier, end = qualifier or value, after + len(word)
            break
    return Quantity(
        start,
        num_start,
        num_end,
        after,
        end,
        number * tenths.factor,
        tenths.unit,
        qualifier,
        not raw[0].isdigit(),
        False,
        "",
        None,
        tenths.id,
    )


def _enumerated(text: str) -> int:
    """How many items a clause lists before a count: 「客户规模、活跃客户数、客户黏性」 -> 3."""
    items = [p for p in re.split(r"[、和及与]|以及", text) if p.strip()]
    return len(items) if "、" in text and len(items) >= 2 else 0


PERIOD_END = frozenset("。！？")
"""The end of a whole sentence, past its ；-parts (scope ``period``)."""


_SCOPES = ("before", "touching", "after", "around", "clause", "sentence", "period", "line")


_BY_SCOPE: dict[int, tuple[tuple[PatternRule, ...], dict[str, tuple[re.Pattern[str], ...]]]] = {}


def _by_scope(table: tuple[PatternRule, ...]) -> dict[str, tuple[re.Pattern[str], ...]]:
    """The patterns of ``table`` grouped by scope, in its order, once per table (kept with
    the table, so that its id names it)."""
    found = _BY_SCOPE.get(id(table))
    if found is None or found[0] is not table:
        grouped = {scope: tuple(r.pattern for r in table if r.value == scope) for scope in _SCOPES}
        found = _BY_SCOPE[id(table)] = (table, grouped)
    return found[1]


_SEARCHED: list = [None, {}]
"""The text :func:`_searched` last answered for, and its answers by (start, end, rules)."""


def _searched(text: str, a: int, b: int, patterns: tuple[re.Pattern[str], ...]) -> bool:
    """Whether any of ``patterns`` is found in ``text[a:b]``: asked once per span of the
    text (the figures of a sentence share its sentence and period), kept for the text."""
    memo = _SEARCHED
    if memo[0] is not text:
        memo[:] = [text, {}]
    key = (a, b, id(patterns))
    found = memo[1].get(key)
    if found is None:
        piece = text[a:b]
        found = memo[1][key] = any(p.search(piece) for p in patterns)
    return found


def _not_measurement(text: str, q: Quantity, rules: ObservationRules) -> bool:
    """Whether a quantity is no measurement by one of the rules of ``not_measurements``
    (any of them: each scope's text is cut once and searched by every rule of the scope)."""
    scoped = _by_scope(rules.not_measurements)
    before = text[max(0, q.start - 6) : q.start]
    if any(p.search(before) for p in scoped["before"]):
        return True
    if q.start == q.num_start and any(p.search(before) for p in scoped["touching"]):
        return True
    if scoped["after"]:
        after = text[q.unit_end : q.unit_end + 12]
        if any(p.search(after) for p in scoped["after"]):
            return True
    lo, hi = max(0, q.num_start - 12), q.num_end + 12
    for pattern in scoped["around"]:
        for m in pattern.finditer(text, lo, hi):
            if m.start() <= q.num_start < m.end():
                return True
    clause = text[_boundary_before(text, q.start, CLAUSE_END) : q.start]
    if scoped["clause"]:
        opened = clause + text[q.start : q.num_start]
        if any(p.search(opened) for p in scoped["clause"]):
            return True
    if scoped["sentence"]:
        a = _boundary_before(text, q.start, FIGURE_SENTENCE_END)
        b = _boundary_after(text, q.end, FIGURE_SENTENCE_END)
        if _searched(text, a, b, scoped["sentence"]):
            return True
    if scoped["period"]:
        a = _boundary_before(text, q.start, PERIOD_END)
        b = _boundary_after(text, q.end, PERIOD_END)
        if _searched(text, a, b, scoped["period"]):
            return True
    if scoped["line"]:
        line_start = text.rfind("\n", 0, q.start) + 1
        if any(p.match(text, line_start) for p in scoped["line"]):
            return True
    listed = _enumerated(clause.rsplit("等", 1)[0] if "等" in clause else clause)
    if listed and q.value == listed and q.qualifier is None:
        return True
    if q.chinese or q.bare:
        if q.start > 0 and text[q.start - 1] in "”」』的":
            return True
        if q.start == q.num_start and not _numeral_context(clause, rules):
            return True
    if q.bare and q.start == q.num_start:
        return not clause.rstrip().endswith(rules.bare_contexts)
    return False


def _numeral_context(before: str, rules: ObservationRules) -> bool:
    """A Chinese numeral is a quantity only after a verb, a hedge, 等 or a clause start."""
    before = before.rstrip().rstrip("了")
    if not before:
        return True
    words = (
        *rules.numeral_contexts,
        *rules.object_verbs,
        *(w for link in rules.links for w in link.words),
        *(w for change in rules.changes if not change.needs_basis for w in change.words),
    )
    return any(before.endswith(w) for w in words)
