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
        if m.group(0).isascii() and (before.isalnum() or after.isalnum()):
            continue  # BOC inside PBOC, ABC inside a word: Latin short names as whole words
        if m.group(0).endswith("银行") and (after in "间业" or folded.startswith("系统", m.end())):
            continue
        bank = _alias_index()[m.group(0).casefold()]
        counts[bank.name] += 1
    return counts


TITLE_WORDS = re.compile(
    r"报告|報告|年报|年報|通讯|通訊|简报|簡報|公告|业绩|業績"
    r"|产品介绍|產品介紹|产品手册|產品手冊|业务介绍|業務介紹|常见问题|常見問題|服务指南|服務指南"
)
"""Words of a title line (2023中期報告, 某行通讯, 某某农商银行产品介绍, 某某銀行常見問題): the
bank it names is the issuer."""


UNLISTED_BANK = re.compile(
    r"([\u4e00-\u9fff]{2,10}?(?:银行|信用合作联社|农村信用社))(?:股份有限公司|有限公司)?(?![业间系])"
)
"""A bank's name in a title (玉山商業銀行股份有限公司 2024年年報): its issuer, listed or not."""

OWN_KIND_NAME = re.compile(r"(?=([\u4e00-\u9fff]{2,6}?(?:农村商业银行|农商银行|村镇银行)))")
"""The name of a rural or village bank, which banks.yaml cannot list (there are thousands):
a document that names one such bank again and again is that bank's (某某农商银行 产品介绍)."""


def _title_bank(text: str) -> str | None:
    """The bank the title names: a report opens with its issuer (中銀香港（控股）有限公司
    2023中期報告), which may be named less often than its parent in the text. A cover may
    print the issuer and the title on two lines (某某银行股份有限公司⏎2024 年年度报告), and
    the issuer may be a bank banks.yaml does not list (its name, as printed, is the bank)."""
    lines = [line.strip() for line in text.splitlines()[:8] if line.strip()][:2]
    first = lines[0] if lines else ""
    if not TITLE_WORDS.search(first) and len(lines) == 2 and TITLE_WORDS.search(lines[1]):
        first = f"{first} {lines[1]}"
    if len(first) > 60 or not TITLE_WORDS.search(first):
        return None
    folded = normalize_name(first)
    counts = _counts(folded)
    if counts:
        return counts.most_common(1)[0][0] if len(counts) == 1 else None
    m = UNLISTED_BANK.search(folded)
    return _short_form(m.group(1)) if m else None


def _short_form(name: str) -> str:
    """The name a bank goes by: 农村商业银行 as 农商银行, 商业银行 as 银行
    (某某商業銀行: 某某银行)."""
    if name.endswith("农村商业银行"):
        return name.removesuffix("农村商业银行") + "农商银行"
    if name.endswith("商业银行") and len(name) >= 6:
        return name.removesuffix("商业银行") + "银行"
    return name


NAMED_BANK = re.compile(r"(?=([\u4e00-\u9fff]{2,4}银行)(?![业间系]))")


@lru_cache(maxsize=1)
def _kind_words() -> tuple[str, ...]:
    return tuple(load_table("bank_words.yaml")["kind_words"])


def _unlisted_bank(folded: str) -> tuple[str, int] | None:
    """The bank no table lists that a text names most (at least five times), with its
    count: 某某银行 whose characters before 银行 end in no word of a kind of bank or a
    channel (手机银行, 人民银行), nor in a listed bank's name; of the names ending where it
    ends, the longest one printed as often as the shortest (玉山银行, not 至玉山银行)."""
    listed = tuple(a for a in _alias_index() if a.endswith("银行"))
    kinds = _kind_words()
    counts = Counter(
        m.group(1)
        for m in NAMED_BANK.finditer(folded)
        if not m.group(1)[:-2].endswith(kinds) and not m.group(1).endswith(listed)
    )
    return _most_named(counts, 5)


def _own_kind_bank(folded: str) -> tuple[str, int] | None:
    """The rural or village bank a text names most (at least three times), with its count:
    of the names ending where it ends, the longest one printed as often as the shortest
    (巩义农商银行, not 义农商银行 nor 由巩义农商银行)."""
    return _most_named(Counter(m.group(1) for m in OWN_KIND_NAME.finditer(folded)), 3)


def _most_named(counts: Counter[str], least: int) -> tuple[str, int] | None:
    """The name printed most often (at least ``least`` times), with its count; of the names
    printed that often (one name and its tails), the longest."""
    top = max(counts.values(), default=0)
    if top < least:
        return None
    name = max((n for n, c in counts.items() if c == top), key=lambda n: (len(n), n))
    return _short_form(name), top


def infer_bank(text: str) -> str | None:
    """The bank a report speaks for: the bank its title line names, else the most-named
    bank in a text that refers to itself (a rural bank no table lists among them).

    中國銀行間市場 names no bank (銀行間 is "interbank"); ASCII short names count only
    as whole words.
    """
    titled = _title_bank(text) if text else None
    if titled is not None:
        return titled
    folded = normalize_name(text[:200000]) if text else ""
    counts = _counts(folded)
    own_kind = _own_kind_bank(folded)
    if own_kind is not None and (not counts or own_kind[1] > counts.most_common(1)[0][1]):
        return own_kind[0]
    if not counts:
        unlisted = _unlisted_bank(folded)
        return unlisted[0] if unlisted else None
    return counts.most_common(1)[0][0]
