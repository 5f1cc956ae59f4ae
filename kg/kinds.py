"""The kinds of entity, read from ``kg/rules/kinds.yaml``: one row a kind, from which
every stage derives its per-kind table (the mention kinds, the graph's classes and IRI
segments, the view's legend, resolution's bank scope), so that a new kind is one row
(and its ontology class) rather than a dozen edits.

The table is the code's closed vocabulary of kinds, as ``kg.vocab`` is of terms: it is
read once, when the first module that needs it loads, and a malformed row fails there
with a message that names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kg.grammar import RuleTableError, check_ids, load_table

TABLE = "kinds.yaml"
FLAGS = ("bank_scoped", "unit", "figure_subject", "numbered_names")


@dataclass(frozen=True)
class Kind:
    id: str
    name: str
    """The name in code and the local name of the ontology class (``bkg:<name>``)."""
    type: str
    """The IRI segment of its instances."""
    label_en: str
    label_zh: str
    view_label: str
    color: str
    shape: str
    bank_scoped: bool
    unit: bool
    figure_subject: bool
    numbered_names: bool
    classifiers: tuple[str, ...]


def _kind(row: dict[str, Any]) -> Kind:
    where = f"{TABLE} {row.get('id')!r}"
    try:
        flags = {}
        for flag in FLAGS:
            value = row[flag]
            if not isinstance(value, bool):
                raise RuleTableError(f"{where}: {flag} is {value!r}, not true or false")
            flags[flag] = value
        return Kind(
            id=str(row["id"]),
            name=str(row["kind"]),
            type=str(row["type"]),
            label_en=str(row["label"]["en"]),
            label_zh=str(row["label"]["zh"]),
            view_label=str(row["view"]["label"]),
            color=str(row["view"]["color"]),
            shape=str(row["view"]["shape"]),
            classifiers=tuple(str(c) for c in row["classifiers"]),
            **flags,
        )
    except (KeyError, TypeError) as exc:
        raise RuleTableError(f"{where}: missing or malformed field {exc}") from exc


def parse(rows: list[dict[str, Any]]) -> tuple[Kind, ...]:
    """The kinds of a table's rows, in order; an error names the row."""
    check_ids(rows, TABLE)
    found = tuple(_kind(row) for row in rows)
    for attr in ("name", "type"):
        values = [getattr(k, attr) for k in found]
        twice = sorted({v for v in values if values.count(v) > 1})
        if twice:
            raise RuleTableError(f"{TABLE}: {attr} {twice[0]!r} is used by two kinds")
    return found


@lru_cache(maxsize=1)
def kinds() -> tuple[Kind, ...]:
    """Every kind, in the table's order (the order the code numbers them)."""
    return parse(load_table(TABLE))


def names(flag: str | None = None) -> tuple[str, ...]:
    """The kinds' names in order; with ``flag`` (one of :data:`FLAGS`), only those that
    have it."""
    if flag is not None and flag not in FLAGS:
        raise ValueError(f"unknown kind flag {flag!r}; flags are {', '.join(FLAGS)}")
    return tuple(k.name for k in kinds() if flag is None or getattr(k, flag))
