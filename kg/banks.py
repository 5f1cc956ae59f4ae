"""Banks: the curated lexicon of bank names, and which bank a document is about.

The lexicon (kg/rules/banks.yaml) also says how each bank names its group companies
(工银理财, 建信人寿) and its products (工银e生活, 融e借): text alone cannot tell that
工银 is ICBC's prefix, and recognition needs it to type names on documents it has
never seen.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from kg.grammar import check_ids, load_table
from kg.normalize import normalize_name

SELF_REFERENCES = ("本行", "我行", "本集团", "全行", "本公司")


@dataclass(frozen=True)
class Bank:
    id: str
    name: str
    slug: str
    en: str
    aliases: tuple[str, ...]
    group_prefixes: tuple[str, ...] = ()
    product_prefixes: tuple[str, ...] = ()
    ordinary_prefixes: tuple[str, ...] = ()
    parent: str | None = None
    """The name of the bank whose group this one belongs to (中银香港: 中国银行)."""


@lru_cache(maxsize=1)
def banks() -> tuple[Bank, ...]:
    rows = load_table("banks.yaml")
    check_ids(rows, "banks.yaml")
    names = {r["id"]: r["name"] for r in rows}
    return tuple(
        Bank(
            r["id"],
            r["name"],
            r["slug"],
            r["en"],
            tuple(r.get("aliases") or ()),
            tuple(r.get("group_prefixes") or ()),
            tuple(r.get("product_prefixes") or ()),
            tuple(r.get("ordinary_prefixes") or ()),
            names[r["parent"]] if r.get("parent") else None,
        )
        for r in rows
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


def surface_forms() -> dict[str, Bank]:
    """Every normalised name or alias of a listed bank, with its bank."""
    return dict(_alias_index())


@lru_cache(maxsize=1)
def _bank_pattern() -> re.Pattern[str]:
    names = sorted(_alias_index(), key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names), re.IGNORECASE)


def _counts(folded: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for m in _bank_pattern().finditer(folded):
        before = folded[m.start() - 1] if m.start() else ""
        after = folded[m.end()] if m.end() < len(folded) else ""
        if len(m.group(0)) <= 2 and m.group(0).isascii() and (before.isalnum() or after.isalnum()):
            continue
        if m.group(0).endswith("银行") and (after in "间业" or folded.startswith("系统", m.end())):
            continue
        bank = _alias_index()[m.group(0).casefold()]
        counts[bank.name] += 1
    return counts


TITLE_WORDS = re.compile(r"报告|報告|年报|年報|通讯|通訊|简报|簡報|公告|业绩|業績")
"""Words of a report's title line (2023中期報告, 某行通讯): the bank it names is the issuer."""


def _title_bank(text: str) -> str | None:
    """The bank the title line names: a report opens with its issuer (中銀香港（控股）有限公司
    2023中期報告), which may be named less often than its parent in the text."""
    first = next((line.strip() for line in text.splitlines()[:5] if line.strip()), "")
    if len(first) > 40 or not TITLE_WORDS.search(first):
        return None
    counts = _counts(normalize_name(first))
    return counts.most_common(1)[0][0] if len(counts) == 1 else None


def infer_bank(text: str) -> str | None:
    """The bank a report speaks for: the bank its title line names, else the most-named
    bank in a text that refers to itself.

    中國銀行間市場 names no bank (銀行間 is "interbank"); ASCII short names count only
    as whole words.
    """
    titled = _title_bank(text) if text else None
    if titled is not None:
        return titled
    folded = normalize_name(text[:200000]) if text else ""
    counts = _counts(folded)
    if not counts:
        return None
    return counts.most_common(1)[0][0]
