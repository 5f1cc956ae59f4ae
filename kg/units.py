"""The unit table: printed unit symbols and the IRIs the graph uses for them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Unit:
    id: str
    symbol: str
    iri: str
    en: str
    quantity: str


@lru_cache(maxsize=1)
def units() -> dict[str, Unit]:
    rows = yaml.safe_load(resources.files("kg.rules").joinpath("units.yaml").read_text("utf-8"))
    return {r["symbol"]: Unit(r["id"], r["symbol"], r["iri"], r["en"], r["quantity"]) for r in rows}


def unit_for(symbol: str) -> Unit:
    """The unit of a printed symbol; unknown symbols get a local unit named by their id."""
    known = units().get(symbol)
    if known is not None:
        return known
    from kg.iris import ascii_slug

    slug = ascii_slug(symbol).upper().replace("-", "_")
    return Unit(f"unit.{slug.lower()}", symbol, f"bkgu:{slug}", symbol, "count")
