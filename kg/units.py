"""The unit table: printed unit symbols and the IRIs the graph uses for them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kg.grammar import RuleTableError, check_ids, load_table


@dataclass(frozen=True)
class Unit:
    id: str
    symbol: str
    iri: str
    en: str
    quantity: str
    printed: tuple[str, ...] = ()
    generic: bool = False
    point: bool = False
    """A unit of a change of a ratio (百分点, 基点): a percentage-point change."""


@lru_cache(maxsize=1)
def _table() -> dict:
    data = load_table("units.yaml")
    check_ids(data["units"], "units.yaml")
    return dict(data)


@lru_cache(maxsize=1)
def units() -> dict[str, Unit]:
    return {
        r["symbol"]: Unit(
            r["id"],
            r["symbol"],
            r["iri"],
            r["en"],
            r["quantity"],
            tuple(r.get("printed") or ()),
            bool(r.get("generic")),
            bool(r.get("point")),
        )
        for r in _table()["units"]
    }


@lru_cache(maxsize=1)
def count_symbols() -> frozenset[str]:
    """The counting words (户, 人, 家, 笔 ...): the units of quantity ``count``."""
    return frozenset(s for s, u in units().items() if u.quantity == "count")


@lru_cache(maxsize=1)
def point_symbols() -> frozenset[str]:
    """The units of a change of a ratio (百分点, 基点)."""
    return frozenset(s for s, u in units().items() if u.point)


@lru_cache(maxsize=8)
def role(name: str) -> str:
    """The unit that plays a role in reading (``roles`` in the table): ``percent``,
    ``point`` or ``money``."""
    symbol = _table()["roles"][name]
    if symbol not in units():
        raise RuleTableError(f"units.yaml roles: {name} names {symbol!r}, which is no unit row")
    return str(symbol)


@lru_cache(maxsize=8)
def subset(name: str) -> frozenset[str]:
    """A named per-use subset of the units (``subsets`` in the table)."""
    symbols = frozenset(_table()["subsets"][name])
    unknown = sorted(symbols - units().keys())
    if unknown:
        raise RuleTableError(f"units.yaml subsets: {name} names {unknown}, which are no unit rows")
    return symbols


def forms_of(quantity: str | None = None) -> tuple[str, ...]:
    """Every printed form of the units (of one ``quantity``), longest first: the
    alternatives a regular expression of the rule tables matches."""
    forms = {
        form
        for unit in units().values()
        if quantity is None or unit.quantity == quantity
        for form in (unit.symbol, *unit.printed)
    }
    return tuple(sorted(forms, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def printed_forms() -> dict[str, Unit]:
    """Every way a unit is printed (its symbol and its other forms) -> the unit."""
    forms: dict[str, Unit] = {}
    for unit in units().values():
        for form in (unit.symbol, *unit.printed):
            forms[form] = unit
    return forms


def unit_for(symbol: str) -> Unit:
    """The unit of a printed symbol; unknown symbols get a local unit named by their id."""
    known = printed_forms().get(symbol)
    if known is not None:
        return known
    from kg.iris import ascii_slug

    slug = ascii_slug(symbol).upper().replace("-", "_")
    return Unit(f"unit.{slug.lower()}", symbol, f"bkgu:{slug}", symbol, "count")


def specific_count_unit(symbols: set[str]) -> str | None:
    """The specific counting word among the units one figure was printed with.

    「境外机构413个」 and 「413家境外机构」 count the same things: when the units are the
    generic counting word and exactly one specific count unit, the specific one wins.
    """
    table = units()
    found = [table.get(s) for s in symbols]
    if len(symbols) != 2 or any(u is None or u.quantity != "count" for u in found):
        return None
    specific = [u for u in found if u is not None and not u.generic]
    return specific[0].symbol if len(specific) == 1 else None
