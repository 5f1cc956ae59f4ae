"""Helpers of the head-word family: names whose head needs a cue or context before
it (…客户 after 服务, …部 after a bank), ellipses and place stems."""

from __future__ import annotations

import re

from kg.entities.context import _Base
from kg.entities.rules import SuffixRule
from kg.entities.text import (
    FUNCTION_CHARS,
    PUNCT,
    STRENGTH_PATTERN,
    _is_han,
)
from kg.normalize import normalize_name

SLASHED_MAX = 4
"""The longest word of a slashed list of stems (私人银行/极致/菁英会员)."""
ZONE_STEM_MAX = 6
"""The longest stem of a zone named right after an app (某某App境外专区)."""


_COUNTED = re.compile(r"\s*(?:[\d.,]+|[一二两三四五六七八九十百千]+)\s*[万千百]?\s*(?:场|次|期|轮)")
"""A count of occurrences right after an activity (…活动1.9万场): a kind of activity."""


class _Cued(_Base):
    """Cued head-word names."""

    def ellipsis(self, rule: SuffixRule, start: int, hs: int, he: int) -> None:
        """极高、超高净值客户: a short word before 、 shares the rest of the next name;
        极致/登峰/菁英会员: each word before a slash shares the head of the last."""
        text = self.text
        if start >= 2 and text[start - 1] in "/／":
            self.slashed(rule, start, hs, he)
            return
        if start < 2 or text[start - 1] != "、":
            return
        x0 = self.left_start(start - 1, 3, use_tags=False)
        word = text[x0 : start - 1]
        stem = text[start:hs]
        first = self.next_bound(start) - start
        if (
            1 <= len(word) == first < len(stem)
            and all(_is_han(ch) for ch in word)
            and self.t.word_bound(x0)
            and not any(h in word for h in rule.heads)
        ):
            name = word + stem[len(word) :] + text[hs:he]
            if not self.generic(name, text[hs:he]):
                self.add(x0, start - 1, rule.kind, name, rule.id + ".ellipsis", STRENGTH_PATTERN)

    def slashed(self, rule: SuffixRule, start: int, hs: int, he: int) -> None:
        """Words joined by slashes before a name's stem are stems of their own with its
        head (个人/企业网银, 私人银行/极致/菁英会员): each a whole short word between slashes."""
        text = self.text
        k = start
        while k >= 2 and text[k - 1] in "/／":
            x0 = k - 1
            while x0 > 0 and _is_han(text[x0 - 1]) and k - 1 - x0 < SLASHED_MAX:
                x0 -= 1
            word = text[x0 : k - 1]
            if (
                not word
                or (x0 > 0 and _is_han(text[x0 - 1]))
                or any(h in word for h in rule.heads)
                or word in self.rules.generic  # 产品/关键客户群体: a generic word, no stem
            ):
                return
            name = word + text[hs:he]
            if self.generic(name, text[hs:he]):
                return
            self.add(x0, k - 1, rule.kind, name, rule.id + ".ellipsis", STRENGTH_PATTERN)
            k = x0

    def zone_after_app(self, hs: int) -> int | None:
        """某某银行 APP⏎境外专区: a zone named right after an app (a line break or blank
        between them) is a name of its own, cue or not."""
        text = self.text
        k = hs
        while k > 0 and _is_han(text[k - 1]) and hs - k < ZONE_STEM_MAX:
            k -= 1
        j = k
        while j > 0 and text[j - 1] in " \n\t\u3000":
            j -= 1
        if hs - k >= 2 and text[max(0, j - 3) : j].lower() == "app":
            return k
        return None

    def name_then_verb(self, start: int, hs: int, rule: SuffixRule) -> bool:
        """Whether a whole name (a head of two characters or more) and then a verb stand
        between a cue and a head: 「某APP财富专区新增养老专区」 names two things, the second
        after its own verb."""
        text = self.text
        for head in rule.heads:
            if len(head) < 2:
                continue
            k = text.find(head, start, hs)
            while k >= 0:
                e = k + len(head)
                if e < hs and self.word_bound(e) and self.tags[e] in self.rules.verb_tags:
                    return True
                k = text.find(head, k + 1, hs)
        return False

    def cued_name(self, rule: SuffixRule, hs: int, he: int) -> None:
        """A product or initiative name that runs from a cue word to its head."""
        text = self.text
        cues = self.rules.suffix_cues.get(rule.kind, ())
        lo = max(0, hs - rule.max_stem - 6)
        window = text[lo:hs]
        cut = max((k for k, ch in enumerate(window) if ch in PUNCT), default=-1)
        window = window[cut + 1 :]
        lo = hs - len(window)
        found: list[int] = []
        for cue in cues:
            k = window.find(cue)
            while k >= 0:
                if self.word_bound(lo + k) and self.word_bound(lo + k + len(cue)):
                    found.append(lo + k + len(cue))
                k = window.find(cue, k + 1)
        start = None
        for cue_end in sorted(set(found)):
            cand = cue_end
            while cand < hs and text[cand] in "了的着":
                cand += 1
            if text.startswith(self.rules.indefinite.counts, cand) and (
                text[hs:he] in self.rules.indefinite.heads
            ):
                continue  # 推出的一款储蓄存款产品: the kind of thing, no name of it
            if text.startswith(self.rules.indefinite.several, cand):
                return  # 组织多类创新赛事活动: several of a kind, described
            cand = self.drop_front(cand, hs)
            stem = text[cand:hs]
            first = text[cand : self.next_bound(cand)] if cand < hs else ""
            if (
                rule.min_stem <= len(stem) <= rule.max_stem
                and first not in self.rules.boundary_words
                and not any(ch in FUNCTION_CHARS for ch in stem)
                and not self.clause_inside(cand, hs)
                and not self.name_then_verb(cand, hs, rule)
            ):
                start = cand
                break
        zone = rule.kind == "Product" and text[hs:he] in self.rules.zone_heads
        if start is None and zone:
            start = self.zone_after_app(hs)
        elif start is not None and rule.kind == "Product":
            # 某某银行APP个人养老金专区: the app, then the zone inside it; two names
            app = max(text.rfind(w, start, hs) for w in ("APP", "App", "app"))
            if app > start and hs - (app + 3) >= rule.min_stem and _is_han(text[app + 3]):
                start = app + 3
        # a zone of an app is named by its topic, however common the word (境外专区)
        zone = (
            zone
            and start is not None
            and text[max(0, start - 8) : start].rstrip()[-3:].lower() == "app"
        )
        name = text[start:he] if start is not None else ""
        continues = (
            rule.kind == "Product"
            and he < len(text)
            and _is_han(text[he])
            and self.tags[he][:1] == "n"
            and text[he] not in FUNCTION_CHARS
        )
        stem_entry = (
            self.rules.lexicon.get(normalize_name(text[start:hs])) if start is not None else None
        )
        if (
            stem_entry is not None
            and stem_entry.kind in ("Organization", "Bank")
            and not stem_entry.quoted_only  # 财富 is a magazine only in 《》
        ):
            return
        if start is not None and self.ends_in_outside_name(start, he):
            return  # 签约支付宝: the head word is the end of an outside organisation's name
        if (
            start is not None
            and text[hs:he] in self.rules.verb_object_heads
            and self.tags[start] in self.rules.verb_tags
            and self.next_bound(start) >= hs
        ):
            return  # 塑造产品: a verb and its object, no name
        ok = (
            start is not None
            and not continues
            and rule.min_stem <= hs - start <= rule.max_stem
            and not any(ch in FUNCTION_CHARS for ch in text[start:hs])
            and (zone or not self.generic(name, text[hs:he]))
        )
        if not ok:
            fallback = self.left_start(hs, rule.max_stem, head_word=text[hs:he])
            if hs - fallback >= rule.min_stem and not self.generic(text[fallback:he], text[hs:he]):
                self.candidate(fallback, he, rule.kind, rule.id)
            return
        assert start is not None
        if rule.kind == "Initiative" and _COUNTED.match(text, he):
            self.candidate(start, he, rule.kind, rule.id)
            return  # 组织…宣传活动1.9万场: activities of a kind, counted, no campaign's name
        end = self.unqualified_end(start, hs, he)
        self.add(start, end, rule.kind, text[start:end], rule.id, STRENGTH_PATTERN)
        pos = he
        while pos < len(text) and (text[pos] in "、和及" or text.startswith("以及", pos)):
            nxt = pos + (2 if text.startswith("以及", pos) else 1)
            m = rule.pattern.search(text, nxt, nxt + rule.max_stem + 4)
            if m is None:
                break
            piece = text[nxt : m.start()]
            if (
                len(piece) < rule.min_stem
                or any(ch in PUNCT or ch in FUNCTION_CHARS for ch in piece)
                or not self.head_ends(m.end())
                or self.generic(text[nxt : m.end()], m.group(0))
            ):
                break
            self.add(nxt, m.end(), rule.kind, text[nxt : m.end()], rule.id, STRENGTH_PATTERN)
            pos = m.end()

    def ends_in_outside_name(self, start: int, end: int) -> bool:
        """Whether text[start:end] ends in a name the lexicon gives an outside
        organisation or a bank (…开通支付宝)."""
        for k in range(start + 1, end - 1):
            entry = self.rules.lexicon.get(normalize_name(self.text[k:end]))
            if entry is not None and entry.kind in ("Organization", "Bank"):
                return not entry.quoted_only
        return False

    def clause_inside(self, start: int, end: int) -> bool:
        """Whether a word after the first of text[start:end] carries a tag of
        ``cued_interior_tags`` (a conjunction, preposition, adverb): the span is a
        clause, not a name."""
        for i in range(start + 1, end):
            if i not in self.t.bounds:
                continue
            if self.tags[i] in self.rules.cued_interior_tags:
                return True
        return False

    def unqualified_end(self, start: int, hs: int, he: int) -> int:
        """全球财资管理优势产品 names 全球财资管理: a ranking word and 产品 after a name
        only classify it."""
        if self.text[hs:he] != "产品":
            return he
        stem = self.text[start:hs]
        for q in self.rules.product_qualifiers:
            rest = stem[: len(stem) - len(q)]
            if stem.endswith(q) and len(rest) >= 3 and not self.generic(rest):
                return hs - len(q)
        return he

    def lexical_generic(self, hs: int, he: int) -> bool:
        """干部, 外部, 全部: the head belongs to a generic word jieba keeps whole."""
        if he - hs > 1:
            return False
        ts = self.t.token_start_before(hs)
        return ts < hs and self.text[ts:he] in self.rules.generic

    def listed(self, start: int, end: int) -> bool:
        """A name in a list (养殖大户、家庭农场; 个体工商户和涉农主体; 蔬菜等种植户)."""
        marks = self.rules.segment_list_marks
        before = self.text[max(0, start - 2) : start]
        after = self.text[end : end + 2]
        return any(before.endswith(w) for w in marks) or any(after.startswith(w) for w in marks)

    def place_in(self, start: int, end: int) -> int | None:
        for m in self.rules.place_pattern.finditer(self.text, start, end):
            if self.t.boundary(m.start()) or m.start() == start:
                middle = self.text[m.end() : end]
                if all(_is_han(ch) for ch in middle) and not any(
                    w in middle for w in ("、", "等") if w
                ):
                    return m.start()
        return None

    def place_stem(self, stem: str) -> bool:
        """华南地区客户: the customers of a place are a breakdown of a figure,
        not a group the bank targets."""
        rules = self.rules
        if stem.endswith(("地区", "区域")):
            return True
        return stem in rules.places or stem in rules.regions
