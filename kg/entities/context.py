"""One document's recognition state and the helpers every rule family uses: where a
name may start (left_start), whether a phrase is generic, clause starts, token bounds."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Self

from kg import clauses
from kg.banks import banks
from kg.entities.family import Found, Proposal, Proposals, Review, reads
from kg.entities.rules import EntityRules
from kg.entities.text import (
    COUNT,
    COUNT_BEFORE,
    FUNCTION_CHARS,
    MEASURES,
    NUMERALS,
    ORDINAL,
    PUNCT,
    PosWords,
    _is_han,
    _is_name_char,
    _is_word,
    _strip_quotes,
    _Text,
)
from kg.grammar import (
    CLAUSE_END,
    QUOTE_PAIRS,
)
from kg.models import TextContext
from kg.normalize import display_name, normalize_name


def _own_stem(bank: str, rules: EntityRules) -> str | None:
    """The short name of a bank that banks.yaml does not list (玉山银行 -> 玉山): its
    name without 银行, when that is two to four Han characters, no place (宁波银行's
    宁波 opens place names too) and no kind of bank (某某农商银行)."""
    stem = normalize_name(bank)
    for tail in rules.brand.own_name_ends:  # in order: 股份有限公司, then 商业银行 or 银行
        stem = stem.removesuffix(tail)
    if not normalize_name(bank).removesuffix("股份有限公司").endswith("银行"):
        return None
    if not 2 <= len(stem) <= 4 or not all(_is_han(ch) for ch in stem):
        return None
    if stem in rules.places or stem.endswith(rules.brand.own_stem_not_ends):
        return None
    return stem


@dataclass(frozen=True)
class DocContext:
    """One document as every rule family reads it, built once: the compact text with its
    tokens and tags, the rules, the document's bank and the prefixes of its names."""

    ctx: TextContext
    rules: EntityRules
    t: _Text
    bank: str | None
    product_prefixes: tuple[str, ...]
    ordinary_prefixes: frozenset[str]
    group_prefixes: tuple[str, ...]
    foreign_group_prefixes: frozenset[str] = frozenset()
    """Other banks' group prefixes, where the document's bank is known: a company named
    with one (中信证券 in another bank's report) is no company of this bank's group."""
    own_stem: str | None = None
    """The short name of a bank banks.yaml does not list (星河银行: 星河), which may open
    the names of its products and companies (family.own_name_prefix)."""

    @classmethod
    def of(cls, ctx: TextContext, rules: EntityRules, pos: PosWords | None = None) -> DocContext:
        bank = ctx.document.bank
        own = [b for b in banks() if bank and b.name == bank]
        # the bank's group: itself, its parent, and the banks either is the parent of
        group = {bank, own[0].parent if own else None} - {None}
        kin = {p for b in banks() if group & {b.name, b.parent} for p in b.group_prefixes}
        foreign = frozenset(p for b in banks() for p in b.group_prefixes if bank and p not in kin)
        return cls(
            ctx,
            rules,
            _Text.of(ctx, pos, rules.places),
            bank,
            tuple(p for b in own for p in b.product_prefixes),
            frozenset(p for b in own for p in b.ordinary_prefixes),
            tuple(p for b in banks() for p in b.group_prefixes),
            foreign,
            _own_stem(bank, rules) if bank and not own else None,
        )

    @cached_property
    def quotes(self) -> tuple[tuple[int, int], ...]:
        """(open, close) index pairs of quoted names (:meth:`_Base.quotes`), found once
        per document (two families read them), each opening quote found by a regex
        instead of a test of every character."""
        out = []
        text = self.t.text
        i = 0
        while (m := _OPENING_QUOTE.search(text, i)) is not None:
            i = m.start()
            close = QUOTE_PAIRS[text[i]]
            j = text.find(close, i + 1, i + 62)
            if j < 0 or "\n" in text[i + 1 : j]:
                i += 1
                continue
            out.append((i, j))
            i = j + 1
        return tuple(out)

    @cached_property
    def lines(self) -> list[tuple[int, int]]:
        """The text's lines as (start, end), blank ones left out."""
        out, pos = [], 0
        for line in self.t.text.split("\n"):
            if line.strip():
                out.append((pos, pos + len(line)))
            pos += len(line) + 1
        return out


_OPENING_QUOTE = re.compile("[" + re.escape("".join(QUOTE_PAIRS)) + "]")


def _boundary_word_before(
    text: str, pos: int, words: frozenset[str], bounds: frozenset[int]
) -> bool:
    """Whether a boundary word of two to four characters ends at ``pos``, starting where a
    word does."""
    # the lengths 2, 3 and 4 written out (a generator per character walked was slower)
    return (
        (pos >= 2 and text[pos - 2 : pos] in words and (pos - 2) in bounds)
        or (pos >= 3 and text[pos - 3 : pos] in words and (pos - 3) in bounds)
        or (pos >= 4 and text[pos - 4 : pos] in words and (pos - 4) in bounds)
    )


class _Base:
    """One family's work on one document: the document's context, what the families
    before it found (``found``, read-only), and what it proposes (collected by ``add``,
    ``candidate``, ``withdraw`` and returned by ``result``). The helpers here are the
    ones every family shares: where a name may start, whether a phrase is generic."""

    def __init__(self, doc: DocContext, found: Found) -> None:
        self.doc = doc
        self.ctx = doc.ctx
        self.rules = doc.rules
        self.t = doc.t
        self.text = doc.t.text
        self.tags = doc.t.tags
        self.bank = doc.bank
        self.product_prefixes = doc.product_prefixes
        self.ordinary_prefixes = doc.ordinary_prefixes
        self.group_prefixes = doc.group_prefixes
        self.found = found
        self.props: list[Proposal] = list(found.proposals)
        """Every proposal so far: the earlier families' and this one's."""
        self.hard: set[int] = set(found.hard)
        self.proposed: list[Proposal] = []
        self.consumed: list[tuple[int, int]] = []
        self.cands: list[Review] = []
        self.withdrawn: list[Proposal] = []

    @classmethod
    def propose(cls, doc: DocContext, found: Found, method: Callable[[Self], None]) -> Proposals:
        """Run one family's ``method`` over ``doc`` after what ``found`` holds."""
        work = cls(doc, found)
        method(work)
        return work.result()

    def result(self) -> Proposals:
        """What this family found and tells the families after it."""
        return Proposals(
            tuple(self.proposed),
            frozenset(self.hard - self.found.hard),
            tuple(self.consumed),
            tuple(self.cands),
            tuple(self.withdrawn),
        )

    def withdraw(self, drop: Callable[[Proposal], bool]) -> None:
        """Take back the proposals so far that ``drop`` selects."""
        self.withdrawn.extend(p for p in self.props if drop(p))
        self.props = [p for p in self.props if not drop(p)]
        self.proposed = [p for p in self.proposed if not drop(p)]

    @property
    def lines(self) -> list[tuple[int, int]]:
        return self.doc.lines

    # -- helpers -----------------------------------------------------------
    def add(self, start: int, end: int, kind: str, name: str, rule: str, strength: int) -> None:
        name = display_name(_strip_quotes(name)).replace(" ", "") if not name.isascii() else name
        if end <= start or not name:
            return
        p = Proposal(start, end, kind, name, rule, strength)
        self.props.append(p)
        self.proposed.append(p)

    def candidate(self, start: int, end: int, kind: str, rule: str) -> None:
        self.cands.append(Review(start, end, kind, _strip_quotes(self.text[start:end]), rule))

    def clause_start(self, i: int, ends: frozenset[str] = CLAUSE_END) -> int:
        return clauses.after_last(clauses.positions(self.text, ends), i)

    def generic(self, name: str, head: str = "") -> bool:
        name = _strip_quotes(name)
        if name in self.rules.generic or len(name) < 2:
            return True
        stem = name[: len(name) - len(head)] if head and name.endswith(head) else name
        if head in self.rules.descriptive_heads and stem.endswith(self.rules.descriptive_endings):
            return True  # 定制化产品, 普惠性产品: a description of a kind
        return bool(head) and self.all_modifiers(stem)

    def all_modifiers(self, stem: str) -> bool:
        if not stem:
            return True
        if len(stem) >= 4 and stem not in self.rules.modifiers and _is_word(stem):
            return False  # 金融机构: one dictionary word, not a string of modifiers
        mods = self.rules.modifiers
        ok = [True] + [False] * len(stem)
        for i in range(1, len(stem) + 1):
            for j in range(max(0, i - 4), i):
                if ok[j] and stem[j:i] in mods:
                    ok[i] = True
                    break
        return ok[-1]

    def left_start(
        self,
        head: int,
        max_stem: int,
        digits: bool = False,
        head_word: str = "",
        use_tags: bool = True,
        cross_blank: bool = False,
    ) -> int:
        """Walk left from ``head`` over jieba tokens while they can be part of a name:
        not a boundary word or a verb, adverb, preposition... (by jieba's tags), not
        across punctuation, a blank the PDF left between words, or a bank's name."""
        pos = head
        words = self.rules.boundary_words
        stop_tags = self.rules.boundary_tags if use_tags else frozenset()
        if digits:
            stop_tags = stop_tags - {"m", "mq", "q", "f"}
        verb_object = head_word in self.rules.verb_object_heads
        while pos > 0 and (pos not in self.t.blanks or (cross_blank and pos == head)):
            peer = self.peer_before(pos, verb_object)
            if peer:
                pos = peer  # 同业机构客户: the peers, a noun's modifier, open the group's name
                continue
            if _boundary_word_before(self.text, pos, words, self.t.bounds):
                break
            s = self.t.token_start_before(pos - 1)
            blank = self.t.blank_between(s, pos)
            s = s if blank is None else blank
            piece = self.text[s:pos]
            if not piece or not all(_is_name_char(ch, digits) for ch in piece):
                k = pos
                while k > s and _is_name_char(self.text[k - 1], digits):
                    k -= 1
                if (
                    k < pos
                    and self.text[k:pos] not in words
                    and self.tags[k] not in stop_tags
                    and head - k <= max_stem
                ):
                    pos = k
                break
            if (
                piece in words
                or (
                    piece not in self.rules.report_words  # 可持续 is a word, not 可 + 持续
                    and any(
                        w in words
                        for w in (piece[-2:], piece[-3:], piece[:2], piece[:3])
                        if len(w) > 1
                    )
                )
                or (
                    self.tags[s] in stop_tags
                    and not self.direction_prefix(s)
                    and piece not in self.rules.stem_time_words
                )
                or (
                    verb_object
                    and pos == head
                    and self.tags[s] in self.rules.verb_tags
                    and piece not in self.rules.segment_status_verbs
                )
                or head - s > max_stem
                or not self.hard.isdisjoint(range(s, pos))
            ):
                break
            pos = s
        return self.drop_front(pos, head)

    def bank_prefixes(self) -> tuple[str, ...]:
        """What opens the names of the bank's own products: its product prefixes, and the
        short name of a bank no table lists (星河银行: 星河)."""
        own = self.doc.own_stem
        return (*self.product_prefixes, *((own,) if own else ()))

    def peer_before(self, pos: int, group: bool) -> int:
        """Where a peer word (同业) before ``pos`` starts, when it modifies the noun at
        ``pos`` inside a group's name (``group``: 同业机构客户); else 0."""
        if not group or pos >= len(self.text) or self.tags[pos][:1] != "n":
            return 0
        for word in self.rules.peer_words:
            k = pos - len(word)
            if k >= 0 and self.text[k:pos] == word and k in self.t.bounds:
                return k
        return 0

    def direction_prefix(self, s: int) -> bool:
        """中高端客户, 个金条线: one character opening a clause (or after 其中 or a segment
        cue: 其中中小企业主, 服务中高端客户) is part of the name there, whatever jieba tags
        it (中 as a postposition, 个 as a measure word)."""
        at_start = (
            s == 0
            or self.text[s - 1] in PUNCT
            or any(
                self.text.endswith(w, 0, s) and self.t.word_bound(s - len(w))
                for w in ("其中", *self.rules.segment_cues)
                if len(w) > 1
            )
        )
        return at_start and (self.tags[s] == "f" or self.next_bound(s) - s == 1)

    def drop_front(self, start: int, end: int, words: bool = True) -> int:
        """Drop ordinals, counts and (with ``words``) droppable qualifiers from the front
        of a name (第二届…, 近万名…, 七大…, 优质…). An award's title keeps its words:
        优质服务银行奖 is the whole title."""
        if (
            0 < start < end
            and self.text[start - 1] in NUMERALS
            and self.text[start] in MEASURES
            and self.t.word_bound(start + 1)  # 七大…, but 600万大众客户 keeps its word 大众
        ):
            start += 1
        changed = True
        while changed and start < end:
            changed = False
            m = ORDINAL.match(self.text[start:end]) or COUNT.match(self.text[start:end])
            if m:
                start += m.end()
                changed = True
            droppable = self.rules.droppable
            if not (words and self.text.startswith(droppable, start)):
                continue  # none opens it (one test in C), as at most places
            for word in droppable:
                if not self.text.startswith(word, start):
                    continue
                cut = start + len(word)
                rest = self.text[cut:end]
                # 部分小企业: one character of a name may stay before its head (小企业)
                if len(rest) > 1 or (len(rest) == 1 and _is_han(rest) and self.t.word_bound(cut)):
                    start = cut
                    changed = True
                    break
        return start

    def cue_before(self, start: int, cues: Iterable[str]) -> bool:
        """Whether a cue stands right before ``start``, past a 了 or 的 and past a count
        of what follows (为1.2万家跨国企业, 服务300余家小微企业)."""
        before = self.text[max(0, start - 16) : start]
        before = COUNT_BEFORE.sub("", before)[-8:]
        for tail in ("了", "的", ""):
            if tail and not before.endswith(tail):
                continue
            stem = before[: len(before) - len(tail)]
            if any(stem.endswith(c) for c in cues):
                return True
        return False

    def head_ends(self, end: int) -> bool:
        if end >= len(self.text):
            return True
        nxt = self.text[end]
        if not _is_han(nxt):
            return True
        if end in self.t.bounds:
            return True
        return nxt in FUNCTION_CHARS

    def quotes(self) -> list[tuple[int, int]]:
        """(open, close) index pairs of quoted names, innermost text 1..30 chars."""
        return list(self.doc.quotes)

    def next_bound(self, i: int) -> int:
        j = i + 1
        while j < len(self.text) and j not in self.t.bounds:
            j += 1
        return j

    def word_bound(self, i: int) -> bool:
        return self.t.word_bound(i)

    def segment_cue(self, start: int) -> bool:
        return self.cue_before(start, self.rules.segment_cues)

    def individual(self, start: int) -> bool:
        """厦门一家…的民营企业, 这家科创企业: one company described, not a group."""
        before = self.text[self.clause_start(start) : start]
        return bool(self.rules.individual_before.search(before))

    def parallel(self, start: int, end: int, head: str) -> bool:
        """A name in a list of names with the same head (全量客户、信用卡客户、私人银行客户)."""
        text = self.text
        if start > 0 and text[start - 1] == "、":
            k = start - 1
            if text[max(0, k - len(head)) : k] == head:
                return True
        if text[end : end + 1] == "、":
            seg = text[end + 1 : end + 14]
            cut = next((k for k, ch in enumerate(seg) if ch in PUNCT), len(seg))
            return head in seg[:cut]
        return False

    def product_stem(self, stem: str) -> bool:
        """Whether a customer group is named after a product (手机银行客户) or a service
        (现金管理客户, 外汇资产客户)."""
        if stem.startswith("个人") or any(w in stem for w in self.rules.service_words):
            return True
        if stem.endswith(self.rules.product_user_ends):
            return True  # 零售理财产品客户: the holders of a kind of product
        for i in range(len(stem)):
            for j in range(i + 2, len(stem) + 1):
                entry = self.rules.lexicon.get(normalize_name(stem[i:j]))
                if entry is not None and entry.kind == "Product":
                    return True
        return any(p.kind == "Product" and p.name and stem.endswith(p.name) for p in self.props)

    def place_area(self, start: int) -> int | None:
        """The end of a place and its area word at ``start`` (上海地区, 苏州三地), or None."""
        m = self.rules.region_area.match(self.text, start)
        if m is None or not self.is_area_place(m.group(1)):
            return None
        return m.end()

    def is_area_place(self, name: str) -> bool:
        rules = self.rules
        return name in rules.places or name in rules.regions or bool(rules.region_abbr.match(name))

    def pieces(self, s: int, e: int) -> list[str]:
        out = []
        pos = s
        while pos < e:
            nxt = min(self.next_bound(pos), e)
            out.append(self.text[pos:nxt])
            pos = nxt
        return out


reads(
    "context",
    (
        "boundary_tags",
        "boundary_words",
        "brand",
        "peer_words",
        "product_user_ends",
        "individual_before",
        "region_breakdown",
        "segment_cues",
        "segment_status_verbs",
        "stem_time_words",
        "verb_object_heads",
        "verb_tags",
        "generic_phrases.yaml:descriptive_endings",
        "generic_phrases.yaml:descriptive_heads",
        "generic_phrases.yaml:droppable",
        "generic_phrases.yaml:modifiers",
        "generic_phrases.yaml:never",
        "lexicon.yaml:service_words",
        "places.yaml:cities",
        "places.yaml:overseas",
        "places.yaml:provinces",
        "places.yaml:regions",
    ),
)
