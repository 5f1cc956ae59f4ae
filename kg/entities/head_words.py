"""Rule family: names ending in a head word (…业务部, …分行, …客户, …战略) whose start
is found by walking left over jieba tokens."""

from __future__ import annotations

import re

from kg.entities.context import DocContext
from kg.entities.cued import _Cued
from kg.entities.family import Found, Proposals, family
from kg.entities.rules import SuffixRule
from kg.entities.text import (
    FUNCTION_CHARS,
    PUNCT,
    STRENGTH_OVERRIDE,
    STRENGTH_PATTERN,
    _is_han,
)
from kg.normalize import normalize_name

UNITS_COUNTED = re.compile(r"[\d一二两三四五六七八九十百千]+\s*(?:余|多)?\s*[家个所]$")
"""A count right before a unit's level (22家分行某某中心): units of a kind, counted."""


_SEGMENT_HEADS: list = [None, ()]
"""The suffix rules :func:`_segment_heads` last read (the same object) and their heads."""


def _segment_heads(suffixes: tuple[SuffixRule, ...]) -> tuple[str, ...]:
    """The heads of the customer-group suffix rules, in order: made once per table (they
    were gathered again for every name, 6,900 times over 100 documents)."""
    if _SEGMENT_HEADS[0] is not suffixes:
        heads = tuple(h for r in suffixes if r.kind == "CustomerSegment" for h in r.heads)
        _SEGMENT_HEADS[:] = [suffixes, heads]
    return _SEGMENT_HEADS[1]


class _HeadWords(_Cued):
    """Head-word names."""

    def segment_classes(self) -> None:
        """A class of customers (个人客户, 公司户) named where it is not counted: generic
        in the rest of the family, a group the text talks about here."""
        rules = self.rules
        text = self.text
        for name in sorted(rules.segment_classes):
            start = text.find(name)
            while start >= 0:
                s, e = start, start + len(name)
                start = text.find(name, e)
                if not self.head_ends(e) or any(i in self.hard for i in range(s, e)):
                    continue
                if rules.segment_class_count_before.search(text[max(0, s - 12) : s]):
                    continue
                if rules.segment_class_count_after.match(text[e : e + 4]):
                    continue
                if not self.stands_alone(s):
                    continue
                self.add(s, e, "CustomerSegment", name, rules.segment_class_id, STRENGTH_PATTERN)

    def stands_alone(self, s: int) -> bool:
        """Whether nothing that could qualify a name stands right before ``s``: the text's
        or a line's start, punctuation, a function word, or a word that opens no name (a
        verb, preposition, particle: 面向个人客户, 顺应对公客户)."""
        text = self.text
        if s == 0 or text[s - 1] in PUNCT or text[s - 1] in FUNCTION_CHARS:
            return True
        if not self.word_bound(s):
            return False
        k = self.t.token_start_before(s - 1)
        word, tag = text[k:s], self.tags[s - 1]
        rules = self.rules
        return word in rules.boundary_words or tag in rules.boundary_tags or tag in rules.verb_tags

    # -- suffix rules ----------------------------------------------------------
    def suffix_names(self) -> None:
        text = self.text
        # where a quoted name goes on after a position: a head inside a quote that does
        # not close right after it is a word of the quoted name (“投资交易+客户业务”)
        quoted_to = [0] * (len(text) + 1)
        for o, c in self.quotes():
            quoted_to[o + 1 : c] = [c] * (c - o - 1)
        for rule in self.rules.suffixes:
            for m in rule.pattern.finditer(text):
                hs, he = m.start(), m.end()
                if not self.head_ends(he) or self.lexical_generic(hs, he):
                    continue
                if quoted_to[hs] > he or text.startswith(rule.not_before, he):
                    continue
                if rule.not_after and text.endswith(rule.not_after, 0, hs):
                    continue
                if rule.not_words and text.endswith(rule.not_words, 0, he):
                    continue
                if rule.only_before and not text.startswith(rule.only_before, he):
                    continue
                if rule.support == "cue":
                    self.cued_name(rule, hs, he)
                    continue
                if he - hs == 1 and rule.kind == "Organization" and not self.t.word_bound(hs):
                    continue  # 布局, 格局: the head is inside a word
                if rule.support == "department":
                    self.department_unit(rule, hs, he)
                    continue
                if rule.support == "organization":
                    _branded_service(self, rule, hs, he)
                    continue
                if (
                    rule.kind == "Organization"
                    and rule.support == "none"
                    and he < len(text)
                    and _is_han(text[he])
                    and self.tags[he][:1] == "n"
                ):
                    continue  # 电信商, 协会会员: the head word runs on into another noun
                digits = rule.kind == "CustomerSegment" and text[max(0, hs - 2) : hs] in (
                    "以上",
                    "以下",
                )
                max_stem = rule.max_stem + (4 if digits else 0)
                start = self.left_start(hs, max_stem, digits, m.group(0))
                # what opens the stem is a Chinese word or an upper-case abbreviation (OBU顾客,
                # VIP客户), not a digit or a mark the walk stopped after
                while start < hs and not (_is_han(text[start]) or text[start].isupper()):
                    start += 1
                if rule.kind == "CustomerSegment":
                    start = self.segment_start(start, hs)
                if rule.verbless_stem:
                    start = (
                        next(
                            (k for k in range(hs - 1, start - 1, -1) if self.tags[k] == "v"),
                            start - 1,
                        )
                        + 1
                    )
                elif rule.kind == "Department":
                    start = self.joined_start(start, hs)
                    # 某某总监兼某部, 某某有限公司某部: the unit is what follows the post it
                    # is held with, or the company it belongs to
                    for word in ("兼", "有限公司"):
                        k = text.rfind(word, start, hs)
                        if k > start:
                            start = k + len(word)
                stem = text[start:hs]
                if len(stem) < rule.min_stem:
                    continue
                name = text[start:he]
                if rule.support == "named_stem":
                    if self.place_in(start, hs) is not None or not self.named_stem(start, hs, rule):
                        continue  # a placed one is entity.suffix.branch's
                    if self.generic(name, m.group(0)):
                        continue
                    self.add(start, he, rule.kind, name, rule.id, STRENGTH_PATTERN)
                    self.hard.update(range(start, he))
                    continue
                if rule.support == "place":
                    pm = self.place_in(start, hs)
                    if pm is None:
                        if not self.generic(name, m.group(0)) and len(stem) >= 3:
                            self.candidate(start, he, rule.kind, rule.id)
                        continue
                    start = pm
                    if rule.kind == "Branch":
                        regulator = self.regulator_before(start)
                        if regulator is not None:
                            # 中国人民银行南京分行: a regulator's branch is an outside body
                            self.add(
                                regulator,
                                he,
                                "Organization",
                                text[regulator:he],
                                rule.id + ".regulator",
                                STRENGTH_OVERRIDE,
                            )
                            self.hard.update(range(regulator, he))
                            continue
                        start = self.other_bank_before(start)
                    name = text[start:he]
                head = m.group(0)
                if rule.kind == "Department":
                    if name in self.rules.generic or any(
                        text[hs - k : he] in self.rules.generic for k in (1, 2) if hs >= k
                    ):
                        continue
                    if (
                        head in ("委员会", "条线", "板块")
                        and self.all_modifiers(stem)
                        and stem not in self.rules.dept_line_stems
                    ):
                        continue
                    if name.endswith("分部") and self.all_modifiers(name[:-2]):
                        continue  # 业务分部: a reporting segment, no unit's name
                    if head == "委员会" and self.place_in(start, hs) == start:
                        continue  # 深圳市科技创新委员会: a government body
                    lead = 1 if name[:1] in self.rules.lead_trim.words else 0  # 原…
                    if head == "委员会" and name[lead:].startswith(tuple(self.rules.state_names)):
                        # 中国某某监督管理委员会: the state's commission, an outside body
                        rule_id = self.rules.state_body_id
                        self.add(
                            start + lead, he, "Organization", name[lead:], rule_id, STRENGTH_PATTERN
                        )
                        continue
                    if self.outside_body_tail(start, hs, he):
                        continue  # 中华人民共和国财政部: the lexicon's ministry
                elif (
                    # a line's strategy: its stem is a line word (零售, 对公), a modifier, and
                    # nothing else (发展战略定位 names none)
                    (
                        self.generic(name, head) != bool(rule.only_before)
                        or name in self.rules.generic
                    )
                    if rule.support != "context"
                    else name in self.rules.generic
                    or stem in self.rules.generic
                    or (rule.modifier_stems_generic and len(stem) >= 4 and self.all_modifiers(stem))
                ) or (
                    rule.kind == "CustomerSegment"
                    and (
                        (
                            self.place_stem(stem)
                            # 服务粤港澳大湾区客户: the customers of a region the bank
                            # targets are a group, not a breakdown of a figure
                            and not (stem in self.rules.regions and self.segment_cue(start))
                            and not rule.place_groups
                        )
                        or self.individual(start)
                    )
                ):
                    continue
                if rule.support == "context" and not (
                    self.segment_cue(start) or self.listed(start, he)
                ):
                    self.candidate(start, he, rule.kind, rule.id)
                    continue
                if (
                    rule.kind == "CustomerSegment"
                    and self.product_stem(stem)
                    and not (self.segment_cue(start) or self.parallel(start, he, head))
                ):
                    self.candidate(start, he, rule.kind, "entity.suffix.segment.product_users")
                    continue
                if rule.kind == "CustomerSegment" and stem.startswith(self.rules.measure_leads):
                    self.candidate(start, he, rule.kind, rule.id)  # 月均活跃客户: a measure
                    continue
                if rule.kind == "CustomerSegment" and self.branded_users(start, hs, he):
                    continue
                self.add(start, he, rule.kind, name, rule.id, STRENGTH_PATTERN)
                if rule.kind == "CustomerSegment":
                    self.ellipsis(rule, start, hs, he)
                if rule.kind in ("Branch", "Department"):
                    self.hard.update(range(start, he))

    def branded_users(self, start: int, hs: int, he: int) -> bool:
        """某某家族办公室客户 where 某某 is the bank's product prefix or short name: the users
        of the bank's product, which is the name; the group goes to review."""
        prefixes = self.bank_prefixes()
        stem = self.text[start:hs]
        prefix = next((p for p in prefixes if stem.startswith(p)), None)
        if prefix is None or len(stem) - len(prefix) < 2 or self.segment_cue(start):
            return False
        self.candidate(start, he, "CustomerSegment", "entity.suffix.segment.product_users")
        self.add(
            start, hs, "Product", stem, "entity.suffix.segment.brand_product", STRENGTH_PATTERN
        )
        return True

    def outside_body_tail(self, start: int, hs: int, he: int) -> bool:
        """Whether the name is the state's name and a ministry the lexicon knows
        (中华人民共和国财政部); 金融科技部 stays the bank's, though 科技部 is a ministry."""
        for k in range(start, hs):
            entry = self.rules.lexicon.get(normalize_name(self.text[k:he]))
            if entry is not None and entry.kind == "Organization":
                return self.text[start:k] in self.rules.state_names
        return False

    def named_stem(self, start: int, end: int, rule: SuffixRule) -> bool:
        """Whether text[start:end] is a proper stem: whole jieba words, each tagged as
        one of the rule's stem tags, not ending in a modifier (市场特色支行 is a kind)."""
        if not self.t.word_bound(start) and start not in self.t.bounds:
            return False
        stem = self.text[start:end]
        if any(stem[-k:] in self.rules.modifiers for k in range(1, min(4, len(stem)) + 1)):
            return False
        tags = self.tags
        return all(_is_han(self.text[i]) and tags[i] in rule.stem_tags for i in range(start, end))

    def regulator_before(self, start: int) -> int | None:
        """The start of a regulator's name that ends where a branch's name starts."""
        for p in self.props:
            if p.end == start and p.kind == "Organization" and p.rule.endswith(".regulators"):
                return p.start
        return None

    def other_bank_before(self, start: int) -> int:
        """中国银行广东省分行 in another bank's report: the branch keeps its bank's name
        (the document's own bank's branches are named without it)."""
        for p in self.props:
            if (
                p.end == start
                and p.kind in ("Organization", "Subsidiary")
                and p.rule.endswith(".bank")
            ):
                return p.start
        return start

    def department_unit(self, rule: SuffixRule, hs: int, he: int) -> None:
        """卡中心, 零售银行总部, 运营及研发中心, 办公室: a unit named by 中心,
        总部 or 办公室 is a department where the sentence treats it as one."""
        rules = self.rules
        text = self.text
        head = text[hs:he]
        start = self.left_start(hs, rule.max_stem, head_word=head)
        word = next((w for w in rules.dept_unit_words if text.endswith(w, 0, hs)), None)
        if start == hs and word is not None:
            start = self.left_start(hs - len(word), rule.max_stem - len(word))
        start = self.joined_start(start, hs)
        while start < hs and not _is_han(text[start]):
            start += 1
        name = text[start:he]
        after_bank = any(p.end == start and p.kind in ("Bank", "Organization") for p in self.props)
        if start == hs and not (head in rules.dept_bare and after_bank):
            return
        if name in rules.generic:
            return
        if start < hs and rules.lexicon.get(normalize_name(name)) is not None:
            return
        level = next((w for w in rules.dept_levels if text.endswith(w, 0, start)), None)
        if level is not None and UNITS_COUNTED.search(
            text, max(0, start - len(level) - 8), start - len(level)
        ):
            level = None  # 成立22家分行某某中心: a kind of unit counted, no one unit
        if level is not None and start < hs:
            start -= len(level)  # 总行某某中心: the head office's unit
            name = text[start:he]
        after = text[he : he + 3]
        before = text[max(0, start - 3) : start]
        context = (
            level is not None
            or after_bank
            or any(after.startswith(w) for w in rules.dept_after)
            or any(before.endswith(w) for w in rules.dept_before)
            or self.beside_department(start, he)
        )
        if not context:
            if start < hs:
                self.candidate(start, he, rule.kind, rule.id)
            return
        self.add(start, he, rule.kind, name, rule.id, STRENGTH_PATTERN)
        self.hard.update(range(start, he))

    def joined_start(self, start: int, hs: int) -> int:
        """住房金融与个人信贷部, 运营及研发中心: one unit's name joined by 与/及,
        when the words before the joint are no unit of their own and a cue opens them."""
        text = self.text
        if start < 1 or text[start - 1] not in "与及" or start >= hs:
            return start
        lead = self.left_start(start - 1, 8)
        left = text[lead : start - 1]
        if len(left) < 2 or not all(_is_han(ch) for ch in left):
            return start
        if any(
            left.endswith(h) for r in self.rules.suffixes if r.kind == "Department" for h in r.heads
        ):
            return start
        opener = text[max(0, lead - 3) : lead]
        cues = (*self.rules.dept_before, "，", "、", "。")
        if lead == 0 or text[lead - 1] in PUNCT or any(opener.endswith(w) for w in cues):
            return lead
        return start

    def beside_department(self, start: int, end: int) -> bool:
        """A unit listed with a department (财富管理部、卡中心)."""
        for p in self.props:
            if p.kind != "Department":
                continue
            gap_after = self.text[p.end : start]
            gap_before = self.text[end : p.start]
            if gap_after in ("、", "和", "及", "与") or gap_before in ("、", "和", "及", "与"):
                return True
        return False

    def segment_start(self, start: int, hs: int) -> int:
        """Where a customer group's name starts: 钻石及以上客户 reaches over 及 to the
        tier; 管理零售客户, 新增跨境客户 drop the verb that opens the phrase."""
        text = self.text
        heads = _segment_heads(self.rules.suffixes)
        if text.startswith(("以上", "以下"), start) and start > 0 and text[start - 1] == "及":
            lead = self.left_start(start - 1, 6)
            if start - 1 - lead >= 2 and _is_han(text[lead]):
                start = lead
        # B端商户, C端客户: the letter names the side of the market, part of the name
        if (
            start > 0
            and text[start] == "端"
            and text[start - 1] in "ABCGabcg"
            and (start < 2 or not text[start - 2].isascii() or not text[start - 2].isalnum())
        ):
            start -= 1
        # 代发及批量业务客户: a modifier joined by 及 to the stem, no group of its own,
        # shares the head (小微企业及个人客户 stays two groups)
        if start > 1 and text[start - 1] == "及" and start < hs:
            lead = self.left_start(start - 1, 4)
            left = text[lead : start - 1]
            if (
                2 <= len(left) <= 4
                and all(_is_han(ch) for ch in left)
                and not left.endswith((*heads, "公司", "机构", "银行", "集团", "人", "者", "户"))
                # 行业不平衡及个别对公客户: a state negated or described (不平衡) is no modifier
                and not (self.tags[lead][:1] == "a" or text[lead - 1 : lead] == "不")
            ):
                start = lead
        # the verb may follow an adverb jieba does not tag as one (深度经营中型企业)
        for verb in self.rules.segment_lead_verbs:
            at = text.rfind(verb, start, hs)
            k = at + len(verb)
            if (
                at >= 0
                and (k < hs or at == start)
                and self.t.word_bound(at)
                and self.t.word_bound(k)
            ):
                start = k
                break
        # 从战略客户到小微客户: a range of two groups, the second starts after 到
        for k in range(hs - 1, start, -1):
            if text[k] in self.rules.segment_range_joiners and text[start:k].endswith(heads):
                start = k + 1
                break
        area = self.place_area(start)
        if area is not None and hs - area >= 2:
            start = area  # 上海地区科技型企业, 无锡三地科技型企业: the place is a breakdown
        return start


def _branded_service(work: _Cued, rule: SuffixRule, hs: int, he: int) -> None:
    """An outside organisation's name right before a service word (某某Pay提领服务,
    某某宝快捷): the bank's service made with it, a product named after it."""
    org = next(
        (
            p
            for p in work.props
            if p.end == hs
            and p.kind == "Organization"
            and p.rule.startswith("entity.lexicon.")
            and hs - p.start >= rule.min_stem
        ),
        None,
    )
    if org is not None:
        work.add(org.start, he, rule.kind, work.text[org.start : he], rule.id, STRENGTH_PATTERN)


@family(
    "family.head_words",
    reads=(
        "boundary_words",
        "cued_interior_tags",
        "department_context",
        "generic_phrases.yaml:modifiers",
        "generic_phrases.yaml:never",
        "indefinite",
        "places.yaml:cities",
        "places.yaml:overseas",
        "places.yaml:provinces",
        "places.yaml:regions",
        "product_qualifiers",
        "segment_lead_verbs",
        "segment_list_marks",
        "segment_range_joiners",
        "lead_trim",
        "measure_leads",
        "state_body_id",
        "state_names",
        "suffix_cues",
        "suffixes",
        "verb_object_heads",
        "verb_tags",
        "zone_heads",
    ),
)
def head_words(doc: DocContext, found: Found) -> Proposals:
    """Names ending in a head word (…业务部, …分行, …客户, …战略)."""
    return _HeadWords.propose(doc, found, _HeadWords.suffix_names)


@family(
    "family.segment_classes",
    reads=("boundary_tags", "boundary_words", "segment_classes", "verb_tags"),
)
def segment_classes(doc: DocContext, found: Found) -> Proposals:
    """Classes of customers named where they are not counted (面向个人客户推出)."""
    return _HeadWords.propose(doc, found, _HeadWords.segment_classes)
