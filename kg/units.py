"""The unit table: printed unit symbols and the IRIs the graph uses for them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kg.grammar import check_ids, load_table


@dataclass(frozen=True)
class Unit:
    id: str
    symbol: str
    iri: str
    en: str
    quantity: str
    printed: tuple[str, ...] = ()
    generic: bool = False


@lru_cache(maxsize=1)
def units() -> dict[str, Unit]:
    rows = load_table("units.yaml")
    check_ids(rows, "units.yaml")
    return {
        r["symbol"]: Unit(
            r["id"],
            r["symbol"],
            r["iri"],
            r["en"],
            r["quantity"],
            tuple(r.get("printed") or ()),
            bool(r.get("generic")),
        )
        for r in rows
    }


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
