"""Rule family: curated names (banks, organisations, vocabulary, regions) and the
bank's references to itself (本行)."""

from __future__ import annotations

import re

from kg.banks import banks
from kg.entities.context import DocContext, _Base
from kg.entities.family import Found, Proposals, family
from kg.entities.text import (
    STRENGTH_LEXICON,
    _is_han,
)
from kg.normalize import normalize_name


def _latin_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


class _Lexicon(_Base):
    """Lexicon names and self references."""

    # -- rules -------------------------------------------------------------
    def lexicon(self) -> None:
        rules = self.rules
        pos = 0
        search = rules.lexicon_words.finder(self.text)
        while (m := search(pos)) is not None:
            pos = m.end()
            surface = m.group(0)
            entry = rules.lexicon.get(normalize_name(surface))
            if entry is None:
                continue
            s, e = m.start(), m.end()
            if s > 0 and self.text[s - 1 : s + 1] in rules.boundary_words:
                pos = s + 1  # 其中小微企业: no name opens inside 其中; look again after it
                continue
            short = sum(_is_han(ch) for ch in surface) <= 3 or surface.isascii()
            left, right = self.t.boundary(s), self.t.boundary(e)
            if surface.isascii():
                # a Latin name ends where Latin letters and digits do (使用PayPal付款)
                left = s == 0 or not _latin_alnum(self.text[s - 1])
                right = e >= len(self.text) or not _latin_alnum(self.text[e])
            if not (left and right) and (short or not (left or right)):
                continue
            if entry.quoted_only:
                continue
            if surface.endswith("银行") and (
                self.text[e : e + 1] in ("间", "业")
                or self.text.startswith("系统", e)
                or self.text[e : e + 3] in ("保险业", "保险机", "保险监", "保险报")
            ):
                # 银行间市场, 银行业, 厦门银行系统, 中国银行保险业 (银行业保险业): banking,
                # not a bank
                continue
            if entry.kind == "CustomerSegment" and self.individual(s):
                continue
            if entry.kind in ("Bank", "Organization") and rules.event_after_name.match(
                self.text, e
            ):
                continue  # 中国银行数智峰会: the words of an event's name
            if (
                entry.kind == "Organization"
                and sum(_is_han(ch) for ch in surface) <= 2
                and self.text.endswith(rules.collective_before, 0, s)
            ):
                continue  # 全球主要央行: central banks, a class
            agency = (
                rules.sub_agency.match(self.text, e)
                if entry.kind == "Organization" and surface.endswith(rules.sub_agency_after)
                else None
            )
            if agency is not None:
                # 教育部国际文教处: the ministry's agency, named whole
                name = self.text[s : agency.end()]
                self.add(
                    s, agency.end(), "Organization", name, rules.sub_agency_id, STRENGTH_LEXICON
                )
                continue
            if entry.kind == "Bank":
                kind = self.bank_kind(entry.name)
                self.add(s, e, kind, surface, entry.rule, STRENGTH_LEXICON)
                self.hard.update(range(s, e))
            else:
                if (
                    entry.kind == "Product"
                    and self.text[max(0, s - 2) : s] == "个人"
                    and self.t.boundary(s - 2)
                ):
                    s -= 2
                self.add(s, e, entry.kind, self.text[s:e], entry.rule, STRENGTH_LEXICON)

    def bank_kind(self, name: str) -> str:
        """A listed bank is the document's Bank, a Subsidiary in its parent's report
        (中银香港 in 中国银行's), else an outside Organization."""
        if name == self.bank:
            return "Bank"
        if self.bank and any(b.name == name and b.parent == self.bank for b in banks()):
            return "Subsidiary"
        return "Organization"

    def self_references(self) -> None:
        for word in self.rules.self_words:
            for m in re.finditer(re.escape(word), self.text):
                if not (self.t.boundary(m.start()) and self.head_ends(m.end())):
                    continue
                if self.text[m.end() : m.end() + 1] in ("业", "长", "员"):
                    continue
                self.add(
                    m.start(),
                    m.end(),
                    "Bank",
                    self.bank or word,
                    self.rules.self_id,
                    STRENGTH_LEXICON,
                )
                self.hard.update(range(m.start(), m.end()))
        bank = self.bank
        if bank and len(bank) >= 4 and normalize_name(bank) not in self.rules.lexicon:
            for m in re.finditer(re.escape(bank), self.text):
                if self.t.boundary(m.start()) and self.head_ends(m.end()):
                    self.add(
                        m.start(), m.end(), "Bank", bank, self.rules.self_name_id, STRENGTH_LEXICON
                    )
                    self.hard.update(range(m.start(), m.end()))


@family("family.self_references", reads=("self_reference",))
def self_references(doc: DocContext, found: Found) -> Proposals:
    """The bank's references to itself (本行, 我行): the document's bank."""
    return _Lexicon.propose(doc, found, _Lexicon.self_references)


@family(
    "family.lexicon",
    reads=("boundary_words", "collective_before", "event_after_name", "sub_agency"),
)
def lexicon(doc: DocContext, found: Found) -> Proposals:
    """Curated names (banks, organisations, products, segments, policy frames, regions)."""
    return _Lexicon.propose(doc, found, _Lexicon.lexicon)
