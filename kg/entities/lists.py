"""Rule family: enumerations whose members share their head's kind (上海、天津等分行)
and lists of partners."""

from __future__ import annotations

import re

from kg import clauses
from kg.entities.context import DocContext, _Base
from kg.entities.family import Found, Proposals, family
from kg.entities.rules import EnumRule
from kg.entities.text import (
    FUNCTION_CHARS,
    PUNCT,
    STRENGTH_OVERRIDE,
    STRENGTH_PATTERN,
    STRENGTH_STRONG,
    _is_han,
    _is_name_char,
    _strip_quotes,
)
from kg.grammar import (
    QUOTE_CHARS,
    QUOTE_CLOSERS,
    QUOTE_PAIRS,
)
from kg.normalize import normalize_name

_LIST_BEFORE = re.compile(r"、[^，。；：！？、\n]{1,8}$")
"""与 right after a list member of its own: the words before 与 are one member of a list."""


_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9.+\-]*")


def _units(name: str) -> int:
    """A name's length in words of Han length: a Latin word (DevMate, RiskGPT) counts as
    one character, as it reads as one syllable-sized unit of the name, not as seven."""
    return len(_LATIN_RUN.sub("x", name))


_QUOTE_JOINERS = ("以及", "和", "与", "及")


class _Lists(_Base):
    """Enumerations and partner lists."""

    # -- enumerations ------------------------------------------------------------
    def enumerations(self) -> None:
        rules = self.rules
        text = self.text
        by_head = {h: r for r in rules.enumerations for h in r.heads}
        for m in rules.enum_head_pattern.finditer(text):
            rule = by_head[m.group(0)]
            hs, he = m.start(), m.end()
            if not self.head_ends(he):
                continue
            if (
                rule.members != "place"
                and he < len(text)
                and _is_han(text[he])
                and self.tags[he][:1] == "n"
                and text[he] not in FUNCTION_CHARS
            ):
                continue
            list_end = None
            for g in range(min(8, hs), -1, -1):
                if rules.enum_gap.fullmatch(text[hs - g : hs]) and hs - g > 0:
                    prev = text[hs - g - 1]
                    if (
                        _is_name_char(prev, True) and prev not in FUNCTION_CHARS
                    ) or prev in QUOTE_CLOSERS:
                        list_end = hs - g
                        break
            if list_end is None or (rule.needs_gap and list_end == hs):
                continue
            has_etc = "等" in text[list_end:hs]
            members = self.members(list_end)
            if len(members) < 2 and not (
                has_etc and members and any(ch in QUOTE_CHARS for ch in text[slice(*members[0])])
            ):
                continue
            if rule.members == "region":
                known = sum(
                    _strip_quotes(text[a:b]) in rules.regions | rules.places for a, b in members
                )
                if known * 2 < len(members) or any(
                    b - a > 3 and _strip_quotes(text[a:b]) not in rules.regions | rules.places
                    for a, b in members
                ):
                    continue
            for ms, me in members:
                self.enum_member(rule, ms, me, hs)

    def members(self, end: int) -> list[tuple[int, int]]:
        text = self.text
        out: list[tuple[int, int]] = []
        pos = end
        while pos > 0 and len(out) < 10:
            j = clauses.after_last(clauses.positions(text, PUNCT - QUOTE_CHARS), pos) - 1
            start = j + 1
            if j < 0 or text[j] != "、":
                start = self.left_start_member(pos)
                piece = (start, pos)
                out.extend(self.split_conj(*piece))
                break
            out.extend(self.split_conj(start, pos))
            pos = j
            if _units(text[start:pos]) > 12:
                break
        good = []
        for s, e in out:
            raw = text[s:e]
            opened = sum(ch in QUOTE_PAIRS for ch in raw)
            closed = sum(ch in QUOTE_CLOSERS for ch in raw)
            if not 1 <= _units(raw) <= 12 or opened != closed:
                break
            functions = [
                i
                for i in range(s, e)
                if text[i] in FUNCTION_CHARS - {"与"}
                and self.t.word_bound(i)
                and self.t.word_bound(i + 1)  # 碳中和: 和 inside a word is none
            ]
            if functions and raw[0] not in QUOTE_CHARS:
                break
            if any(len(w) > 1 and w in self.rules.boundary_words for w in self.pieces(s, e)):
                break
            good.append((s, e))
        return list(reversed(good))

    def left_start_member(self, end: int) -> int:
        text = self.text
        pos = end
        while pos > 0 and text[pos - 1] in QUOTE_CHARS:
            pos -= 1
            while pos > 0 and text[pos - 1] not in QUOTE_CHARS and text[pos - 1] not in PUNCT:
                pos -= 1
            if pos > 0 and text[pos - 1] in QUOTE_CHARS:
                pos -= 1
            # 「數位轉型」與「永續金融」: a joiner between two quotes goes on to the first
            joiner = next((j for j in _QUOTE_JOINERS if text.startswith(j, pos - len(j))), "")
            if joiner and pos - len(joiner) > 0 and text[pos - len(joiner) - 1] in QUOTE_CLOSERS:
                pos -= len(joiner)
        start = self.left_start(
            pos, 10 - (end - pos) if end - pos < 10 else 0, digits=True, use_tags=False
        )
        if (
            start > 0
            and start in self.t.blanks
            and text[start:end].isascii()
            and _is_han(text[start - 1])
        ):  # 知识数据 Agent: the PDF's blank between Han and a Latin word is inside the name
            before = self.left_start(
                start, 10 - _units(text[start:end]), use_tags=False, cross_blank=True
            )
            if before < start:
                return before
        return start

    def split_conj(self, s: int, e: int) -> list[tuple[int, int]]:
        """The last members of a list may be joined by 和/及/以及 (与 only before a prefix)."""
        piece = self.text[s:e]
        for conj in ("以及", "及", "和"):
            k = piece.rfind(conj)
            if (
                k > 0
                and k + len(conj) < len(piece)
                and self.t.word_bound(s + k)  # 碳中和 is a word: its 和 joins nothing
                and self.t.word_bound(s + k + len(conj))
            ):
                return [(s + k + len(conj), e), (s, s + k)]
        k = piece.rfind("与")
        if k > 0 and (
            any(piece.startswith(p, k + 1) for p in self.product_prefixes)
            or (piece[k - 1] in QUOTE_CLOSERS and piece[k + 1 : k + 2] in QUOTE_PAIRS)
        ):
            return [(s + k + 1, e), (s, s + k)]
        return [(s, e)]

    def enum_member(self, rule: EnumRule, s: int, e: int, head: int) -> None:
        text = self.text
        raw = text[s:e]
        name = _strip_quotes(raw)
        entry = self.rules.lexicon.get(normalize_name(name))
        strength = STRENGTH_PATTERN
        if entry is not None:
            if not rule.override or entry.kind in ("Bank", "Organization", "Subsidiary"):
                return
            strength = STRENGTH_OVERRIDE
        inside_strong = any(
            p.start <= s and e <= p.end and p.strength >= STRENGTH_STRONG for p in self.props
        )
        quoted_segment = any(ch in QUOTE_CHARS for ch in raw) and rule.kind == "CustomerSegment"
        if inside_strong and not quoted_segment:
            if not rule.override:
                return
            strength = STRENGTH_OVERRIDE
        if rule.members == "place":
            if name not in self.rules.places:
                return
            self.add(s, e, rule.kind, name + rule.member_suffix, rule.id, strength)
            return
        if sum(ch in QUOTE_PAIRS for ch in raw) > 1:
            return
        if (self.generic(name) and rule.members != "region") or _units(name) > 10:
            return
        if any(ch in QUOTE_CHARS for ch in raw) and not (
            raw[0] not in QUOTE_CHARS or rule.kind in ("CustomerSegment", "Strategy")
        ):
            return
        if rule.not_ends and name.endswith(rule.not_ends):
            return  # 支行行长、校招生等群体: the bank's staff, no group of customers
        if rule.kind == "CustomerSegment" and self.all_modifiers(name):
            return  # 上市公司、跨境等客群: a modifier alone names no group
        if rule.kind == "CustomerSegment" and self.all_verbs(s, e):
            return  # 扶贫攻坚等群体: a campaign named by verbs, no group of people or firms
        if rule.kind == "Strategy" and self.tags[s] == "v":
            return  # 做精做深“五篇大文章”: what is done to the strategies, no strategy
        self.add(s, e, rule.kind, name + rule.member_suffix, rule.id, strength)

    def all_verbs(self, s: int, e: int) -> bool:
        """Whether every word of text[s:e] is a verb or verbal noun to jieba (扶贫/v 攻坚/vn:
        any tag starting with v, wider than verb_tags) and none names a customer's status
        (代发, 签约: 代发客群 is a group)."""
        words = []
        pos = s
        while pos < e:
            end = min(self.next_bound(pos), e)
            words.append((self.text[pos:end], self.tags[pos]))
            pos = end
        return bool(words) and all(
            t.startswith("v") and w not in self.rules.segment_status_verbs for w, t in words
        )

    def partner_lists(self) -> None:
        """与小米、理想汽车等车企合作, 与华为、阿里云合作: the partners are organisations."""
        rules = self.rules
        text = self.text
        for m in rules.partner_list.finditer(text):
            if _LIST_BEFORE.search(text, max(0, m.start() - 12), m.start()):
                continue  # 、通知存款与活期存款互转、…签约等业务: 与 joins two members of a list
            s, e = m.span(1)
            members = []
            pos = s
            for part in re.split(r"(、|和|及|以及)", text[s:e]):
                if part in ("、", "和", "及", "以及"):
                    pos += len(part)
                    continue
                members.append((pos, pos + len(part)))
                pos += len(part)
            if len(members) < rules.partner_min:
                continue
            good: list[tuple[int, int, str]] = []
            for ms, me in members:
                name = text[ms:me]
                entry = rules.lexicon.get(normalize_name(name))
                if entry is not None and entry.kind not in ("Organization", "Bank"):
                    good = []
                    break
                if not (2 <= len(name) <= 10) or not all(_is_name_char(ch) for ch in name):
                    good = []
                    break
                if (
                    self.generic(name)
                    or self.all_modifiers(name)
                    or name.endswith(rules.partner_not_last)
                    or any(w in name for w in rules.self_words)
                    or any(len(w) > 1 and w in rules.boundary_words for w in self.pieces(ms, me))
                    or not self.t.boundary(ms)
                ):
                    good = []
                    break
                if entry is None:
                    good.append((ms, me, name))
            for ms, me, name in good:
                self.add(ms, me, "Organization", name, rules.partner_id, STRENGTH_PATTERN)


@family(
    "family.enumerations",
    reads=(
        "boundary_words",
        "enumerations",
        "places.yaml:cities",
        "places.yaml:overseas",
        "places.yaml:provinces",
        "places.yaml:regions",
        "segment_status_verbs",
    ),
)
def enumerations(doc: DocContext, found: Found) -> Proposals:
    """Enumerations whose members share their head's kind (上海、天津等分行)."""
    return _Lists.propose(doc, found, _Lists.enumerations)


@family("family.partner_lists", reads=("boundary_words", "partner_list", "self_reference"))
def partner_lists(doc: DocContext, found: Found) -> Proposals:
    """Lists of partner organisations."""
    return _Lists.propose(doc, found, _Lists.partner_lists)
