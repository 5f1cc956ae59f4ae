"""Banks: the curated lexicon of bank names, and which bank a document is about."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from kg.normalize import normalize_name

SELF_REFERENCES = ("本行", "我行", "本集团", "全行", "本公司")


@dataclass(frozen=True)
class Bank:
    id: str
    name: str
    slug: str
    en: str
    aliases: tuple[str, ...]


@lru_cache(maxsize=1)
def banks() -> tuple[Bank, ...]:
    rows = yaml.safe_load(resources.files("kg.rules").joinpath("banks.yaml").read_text("utf-8"))
    return tuple(
        Bank(r["id"], r["name"], r["slug"], r["en"], tuple(r.get("aliases") or ())) for r in rows
    )


@lru_cache(maxsize=1)
def _alias_index() -> dict[str, Bank]:
    index: dict[str, Bank] = {}
    for bank in banks():
        for alias in (bank.name, *bank.aliases):
            index[normalize_name(alias)] = bank
    return index


def lookup(name: str) -> Bank | None:
    """The bank a name refers to (any script, any listed alias), or None."""
    return _alias_index().get(normalize_name(name))


@lru_cache(maxsize=1)
def _bank_pattern() -> re.Pattern[str]:
    names = sorted(_alias_index(), key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names), re.IGNORECASE)


def infer_bank(text: str) -> str | None:
    """The bank a report speaks for: the most-named bank in a text that refers to itself."""
    folded = normalize_name(text[:200000]) if text else ""
    counts: Counter[str] = Counter()
    for m in _bank_pattern().finditer(folded):
        bank = _alias_index()[m.group(0).casefold()]
        counts[bank.name] += 1
    if not counts:
        return None
    return counts.most_common(1)[0][0]
