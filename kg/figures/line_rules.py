"""The rule tables of the figures that name things of their own (``observations.yaml``):
lines of business, cards and systems a clause or a layout names (:mod:`kg.figures.lines`),
breakdowns of one whole by category (:mod:`kg.figures.breakdown`) and the money a bare
「实现……亿元」 takes from the clause before it. Kept apart from :mod:`kg.figures.rules`,
which reads the rest of the table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


def _longest_first(words: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


@dataclass(frozen=True)
class LineHeadings:
    """Heading lines that name a line of business (「资产托管」, 「汽车金融贷款」): a mention
    of ``kind`` with rule ``id`` (:mod:`kg.figures.lines`), the subject of its section."""

    id: str
    kind: str
    min_chars: int
    max_chars: int
    heads: tuple[str, ...]
    aggregates: frozenset[str]
    flow_id: str = ""
    flow_line: str = ""
    flow_measure: str = ""
    flow_stops: str = ""
    flow_owners: tuple[str, ...] = ()
    row_id: str = ""
    row_heads: tuple[str, ...] = ()
    row_measures: tuple[str, ...] = ()
    row_bare_min: int = 2
    card_id: str = ""
    card_ends: tuple[str, ...] = ()
    card_measure: str = ""
    card_gaps: tuple[str, ...] = ()
    card_min_stem: int = 2
    card_stops: str = ""
    card_not_openers: tuple[str, ...] = ()
    system_id: str = ""
    system_heads: tuple[str, ...] = ()
    system_min_stem: int = 3
    system_generic: tuple[str, ...] = ()
    group_id: str = ""
    group_kind: str = ""
    group_heads: tuple[str, ...] = ()
    group_max_stem: int = 4
    class_id: str = ""
    class_kind: str = ""
    class_min_head: int = 2


@dataclass(frozen=True)
class TopicMoney:
    """A bare 「实现217.6亿元」 takes the money the clause before it names: rule ``id``, the
    ``verbs`` such a clause is, the money words (``endings``), the longest metric."""

    id: str
    verbs: tuple[str, ...]
    endings: tuple[str, ...]
    max_chars: int


@dataclass(frozen=True)
class Breakdowns:
    """A run of clauses giving categories' shares of one whole (:mod:`kg.figures.breakdown`):
    the metric rule ``id``, and what makes a run."""

    id: str
    min_items: int
    shares: tuple[str, ...]
    category_heads: tuple[str, ...]
    links: tuple[str, ...]


def line_headings(data: dict[str, Any]) -> LineHeadings | None:
    """The ``line_headings`` table (with its flow, rows, cards and systems), if given."""
    if "line_headings" not in data:
        return None
    return LineHeadings(
        data["line_headings"]["id"],
        data["line_headings"]["kind"],
        int(data["line_headings"]["min_chars"]),
        int(data["line_headings"]["max_chars"]),
        tuple(data["line_headings"]["heads"]),
        frozenset(data["line_headings"].get("aggregates") or ()),
        data["line_headings"]["flow"]["id"],
        data["line_headings"]["flow"]["line"],
        data["line_headings"]["flow"]["measure"],
        data["line_headings"]["flow"]["stops"],
        tuple(data["line_headings"]["flow"]["owners"]),
        data["line_headings"]["rows"]["id"],
        tuple(data["line_headings"]["rows"]["heads"]),
        tuple(data["line_headings"]["rows"]["measures"]),
        int(data["line_headings"]["rows"]["bare_min"]),
        data["line_headings"]["cards"]["id"],
        _longest_first(data["line_headings"]["cards"]["ends"]),
        data["line_headings"]["cards"]["measure"],
        _longest_first(data["line_headings"]["cards"]["gaps"]),
        int(data["line_headings"]["cards"]["min_stem"]),
        data["line_headings"]["cards"]["stops"],
        tuple(data["line_headings"]["cards"]["not_openers"]),
        data["line_headings"]["systems"]["id"],
        _longest_first(data["line_headings"]["systems"]["heads"]),
        int(data["line_headings"]["systems"]["min_stem"]),
        tuple(data["line_headings"]["systems"]["generic"]),
        data["line_headings"]["groups"]["id"],
        data["line_headings"]["groups"]["kind"],
        _longest_first(data["line_headings"]["groups"]["heads"]),
        int(data["line_headings"]["groups"]["max_stem"]),
        data["line_headings"]["classes"]["id"],
        data["line_headings"]["classes"]["kind"],
        int(data["line_headings"]["classes"]["min_head"]),
    )


def topic_money(data: dict[str, Any]) -> TopicMoney | None:
    """The ``topic_money`` table, with the money words of ``implied_units``, if given."""
    if "topic_money" not in data:
        return None
    return TopicMoney(
        data["topic_money"]["id"],
        _longest_first(data["topic_money"]["verbs"]),
        _longest_first(
            [
                w
                for r in data["implied_units"]
                if r["id"] == "obs.implied.money"
                for w in r["endings"]
            ]
        ),
        int(data["topic_money"]["max_chars"]),
    )


def breakdowns(data: dict[str, Any]) -> Breakdowns | None:
    """The ``breakdowns`` table, if given."""
    if "breakdowns" not in data:
        return None
    return Breakdowns(
        data["breakdowns"]["id"],
        int(data["breakdowns"]["min_items"]),
        tuple(data["breakdowns"]["shares"]),
        _longest_first(data["breakdowns"]["category_heads"]),
        _longest_first(data["breakdowns"]["links"]),
    )
