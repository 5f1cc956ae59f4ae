"""Rule family: names in quotes, typed by the word after them (“…”战略), by the cue
before them (推出「…」) or by their own last word (「制造e贷」)."""

from __future__ import annotations

import re
from dataclasses import replace

from kg.entities.brands import _Brands
from kg.entities.context import DocContext, _Base
from kg.entities.family import Found, Proposal, Proposals, family
from kg.entities.rules import CueRule, InnerRule, QualityRule, QuoteHead
from kg.entities.text import (
    GAP_STOP,
    PUNCT,
    STRENGTH_STRONG,
    _is_han,
)
from kg.grammar import LIST_JOINERS, spelled_parts
from kg.normalize import normalize_name

_COMPANY_SHORT = ("公司（", "公司(", "公司（以下简称", "公司(以下简称", "公司（简称", "公司(简称")
_QUOTED_AFTER = re.compile(r"[“「『]([^”」』\n]{1,30})[”」』]")

_EDITION_TAIL = re.compile(r"(?<=[\u4e00-\u9fff])\s*(?:PLUS|Plus|Pro|PRO|Max|MAX|Lite|Mini)$")


def _or_parts(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """「定期存款或定期储蓄存款」 quotes two names."""
    out = []
    pos = s
    for piece in text[s:e].split("或"):
        if len(piece) >= 2:
            out.append((pos, pos + len(piece)))
        pos += len(piece) + 1
    return out


_Firsts = list[tuple[QuoteHead, frozenset[str] | None]]
_FIRSTS: dict[int, tuple[tuple[QuoteHead, ...], _Firsts]] = {}


def _head_firsts(rules: tuple[QuoteHead, ...]) -> _Firsts:
    """Each quote-head rule with the first characters of its heads (None where a head is
    empty: it is found anywhere), made once per table (kept with the table, so that its
    id names it)."""
    found = _FIRSTS.get(id(rules))
    if found is None or found[0] is not rules:
        pairs = [(r, frozenset(h[0] for h in r.heads) if all(r.heads) else None) for r in rules]
        found = _FIRSTS[id(rules)] = (rules, pairs)
    return found[1]


class _Quoted(_Brands):
    """Quoted names."""

    def quote_groups(self, quotes: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
        groups: list[list[tuple[int, int]]] = []
        for q in quotes:
            if groups:
                prev = groups[-1][-1]
                sep = self.text[prev[1] + 1 : q[0]]
                if sep in LIST_JOINERS and self.text[prev[0]] != "《" and self.text[q[0]] != "《":
                    groups[-1].append(q)
                    continue
            groups.append([q])
        return groups

    def find_head(self, pos: int) -> tuple[QuoteHead, int, int] | None:
        """The head rule whose head word follows ``pos`` soonest (longest head first)."""
        text = self.text
        best: tuple[int, int, QuoteHead] | None = None
        limit = max(r.max_gap for r in self.rules.quote_heads)
        window = text[pos : pos + limit + 8]
        present = set(window)
        for rule, firsts in _head_firsts(self.rules.quote_heads):
            if firsts is not None and firsts.isdisjoint(present):
                continue  # no head of the rule can start in the window (one test in C)
            for head in rule.heads:
                k = window.find(head)
                while 0 <= k <= rule.max_gap:
                    gap = window[:k].replace("为主题", "")
                    if any(ch in PUNCT or (ch in GAP_STOP) for ch in gap):
                        break
                    end = pos + k + len(head)
                    if len(head) == 1 and not self.t.word_bound(end):
                        # a one-character head that begins a longer word (“某某”部分), no head
                        k = window.find(head, k + 1)
                        continue
                    if rule.strict_end and not (
                        end >= len(text) or text[end] in PUNCT or self.head_ends(end)
                    ):
                        k = window.find(head, k + 1)
                        continue
                    if rule.strict_end and end < len(text) and _is_han(text[end]):
                        nxt_tok = text[end : self.next_bound(end)]
                        # the phrase ends where a boundary word follows, alone or opening
                        # jieba's word (「并购+」全流程服务积极支持…: 积极支持), not where a
                        # noun continues it (“无接触”服务需求)
                        if not any(
                            nxt_tok[:n] in self.rules.boundary_words for n in (4, 3, 2)
                        ) and (nxt_tok not in self.rules.boundary_words):
                            k = window.find(head, k + 1)
                            continue
                    cand = (k, -len(head), rule)
                    if best is None or cand[:2] < best[:2]:
                        best = cand
                    break
        if best is None:
            return None
        k, neg, rule = best
        return rule, pos + k, pos + k - neg

    def quoted_names(self) -> None:
        rules = self.rules
        text = self.text
        quotes = self.quotes()
        for group in self.quote_groups(quotes):
            last_close = group[-1][1]
            head = self.find_head(last_close + 1)
            if head is not None:
                self.consumed.append((head[1], head[2]))
            awarded = False
            for qi, (o, c) in enumerate(group):
                inner = text[o + 1 : c]
                s, e = o + 1, c
                if not inner.strip() or (len(inner) < 2 and not inner.isascii()):
                    continue
                if text[o] == "《":
                    self.publication(o, c)
                    continue
                if (
                    any(text.startswith(rules.ui_after, c + 1 + k) for k in (0, 1, 2))
                    or text.endswith(rules.ui_typed_after, 0, o)
                    or any(ch in rules.ui_path_marks for ch in inner)
                ):
                    self.candidate(s, e, "Unknown", rules.ui_id)
                    self.consumed.append((o, c + 1))
                    continue
                if (
                    text.endswith(_COMPANY_SHORT, 0, o)
                    and inner.endswith(("银行", "銀行", "公司"))
                    and rules.lexicon.get(normalize_name(inner)) is None
                ) or any(w in inner for w in rules.company_ends):
                    # 某某银行股份有限公司（“原某某银行”）: a bank's or a company's short or
                    # former name, or a company's whole name (“某某有限公司－自有资金”): no
                    # strategy or campaign of the bank, whatever head follows; for review
                    self.candidate(s, e, "Organization", "entity.quote.company_short")
                    continue
                if (head is None and _pillars(self, s, e)) or _listed_kind(self, s, e, c):
                    continue
                if _motto(self, o, inner, head, last_close):
                    self.consumed.append((o, c + 1))
                    continue
                over = next(
                    (
                        r
                        for r in rules.quote_inner
                        if r.over_head and any(inner.endswith(x) for x in r.suffixes)
                    ),
                    None,
                )
                if over is not None:
                    typed: InnerRule | QuoteHead = over
                    if _supported_policy(self, over.kind, inner, o):
                        typed = rules.policy_head
                    self.add(s, e, typed.kind, inner, typed.id, STRENGTH_STRONG)
                    continue
                if (
                    head is not None
                    and head[0].id.endswith("strategy_frame")
                    and text[o - 1 : o]
                    in (
                        "向",
                        "为",
                    )
                ):
                    head = None
                if head is not None and _supported_policy(
                    self, head[0].kind, text[head[1] : head[2]], o
                ):
                    head = (rules.policy_head, head[1], head[2])
                if head is not None and not (awarded and head[0].kind != "Award"):
                    rule, hs, he = head
                    if "+" in inner and rule.kind == "Strategy" and _named_engines(self, o, c):
                        continue  # “某某贷+某某宝”双轮驱动: two products named, no strategy
                    members = [(s, e)]
                    if "、" in inner and hs - (last_close + 1) <= 1:
                        members = self.split_members(s, e)
                    elif "、" in inner:
                        continue
                    for ms, me in members:
                        if rule.keep_head and qi == len(group) - 1 and len(members) == 1:
                            name = text[ms:me] + text[c + 1 : he]
                            if self.product_users(rule, o, he, ms, me):
                                continue
                            self.add(o, he, rule.kind, name, rule.id, STRENGTH_STRONG)
                        elif not self.generic(text[ms:me]):
                            self.add(
                                ms,
                                me,
                                rule.kind,
                                self.attach_left(ms, me, o),
                                rule.id,
                                STRENGTH_STRONG,
                            )
                    continue
                if awarded and not self.wins_own_award(c):
                    self.add(s, e, "Award", inner, rules.award_name_id, STRENGTH_STRONG)
                    continue
                if _modifier_quote(self, c):
                    self.candidate(s, e, "Unknown", "entity.quote.modifier")
                    continue
                parts = [q for p in self.plus_parts(s, e) for q in _or_parts(text, *p)]
                for ps, pe in parts:
                    kind = self.untyped_quote(o, c, ps, pe, part=len(parts) > 1)
                    awarded = awarded or kind == "Award"

        _drop_qualities(self, self.rules.quality)
        _award_titles(self)

    def product_users(self, rule: QuoteHead, o: int, he: int, s: int, e: int) -> bool:
        """“薪薪宝”客户数: a quoted product before 客户 names its users, not a group the
        bank targets, unless a segment cue or a list says so. The quote is the Product."""
        if rule.kind != "CustomerSegment":
            return False
        inner = self.text[s:e]
        product = next(
            (
                r
                for r in self.rules.quote_inner
                if r.kind == "Product" and any(inner.endswith(x) for x in r.suffixes)
            ),
            None,
        )
        tail = _product_tail(self, inner)
        if product is None and not tail and not self.product_stem(inner):
            return False
        if self.segment_cue(o) or self.parallel(o, he, self.text[e + 1 : he]):
            return False
        self.candidate(o, he, rule.kind, "entity.suffix.segment.product_users")
        if product is not None or tail:
            rule_id = product.id if product is not None else self.rules.product_tail_id
            self.add(s, e, "Product", inner, rule_id, STRENGTH_STRONG)
        return True

    def plus_parts(self, s: int, e: int) -> list[tuple[int, int]]:
        """「e生活小站+美团街区」: two names joined by +; 「并购+」 is one."""
        inner = self.text[s:e]
        parts = inner.split("+")
        if len(parts) < 2 or any(sum(_is_han(ch) for ch in p) < 2 for p in parts):
            return [(s, e)]
        out = []
        pos = s
        for part in parts:
            out.append((pos, pos + len(part)))
            pos += len(part) + 1
        return out

    def split_members(self, s: int, e: int) -> list[tuple[int, int]]:
        out = []
        pos = s
        for part in self.text[s:e].split("、"):
            if len(part) >= 2:
                out.append((pos, pos + len(part)))
            pos += len(part) + 1
        return out

    def attach_left(self, s: int, e: int, o: int) -> str:
        """幸福「1+4」: a quoted name with no Chinese in it takes the word glued before it,
        unless that word is a verb."""
        inner = self.text[s:e]
        if any(_is_han(ch) for ch in inner) or o == 0 or not _is_han(self.text[o - 1]):
            return inner
        ts = self.t.token_start_before(o - 1)
        word = self.text[ts:o]
        if word in self.rules.boundary_words or len(word) > 3:
            return inner
        if self.tags[ts][:1] == "v":  # 迭代打磨「3+3」平台: a verb acts on the name
            return inner
        return word + inner

    def publication(self, o: int, c: int) -> None:
        """《环球金融》: an Organization when it gives an award or is a known title."""
        rules = self.rules
        inner = self.text[o + 1 : c]
        after = self.text[c + 1 : c + 4].lstrip()
        entry = rules.lexicon.get(normalize_name(inner))
        gives = after[:1] in ("「", "“", "《", "『") or any(
            after.startswith(w) for w in rules.publication_words
        )
        if not gives and rules.publication_gives:
            rest = self.text[c + 1 : c + 60]
            while rest.startswith("《") and "》" in rest:  # 《甲》《乙》评选的
                rest = rest[rest.index("》") + 1 :]
            gives = rest.lstrip().startswith(rules.publication_gives)
        title = inner.endswith(rules.publication_title_ends) and not inner.endswith(
            rules.publication_title_not_ends
        )
        if inner.endswith(rules.document_title_ends) and not (
            entry and entry.kind == "Organization"
        ):
            gives = title = False  # 《公司法》《证券法》: laws listed, no giver
        if (entry is not None and entry.kind == "Organization") or gives or title:
            self.add(o + 1, c, "Organization", inner, rules.award_giver_id, STRENGTH_STRONG)
        else:
            self.candidate(o + 1, c, "Organization", "entity.quote.publication_untyped")

    def wins_own_award(self, c: int) -> bool:
        """Whether the quote closing at ``c`` is followed by its own award verb (“甲”获
        “某奖”、“乙”获“某案例”): the winner of the next award, not one of a list."""
        award_cue = self.award_cue()
        if award_cue is None:
            return False
        return self.text.startswith((*award_cue.cues, *award_cue.adjacent), c + 1)

    def award_cue(self) -> CueRule | None:
        """The cue rule that types a quoted name as an award."""
        return next((r for r in self.rules.quote_cues if r.kind == "Award"), None)

    def giver_before(self, o: int) -> bool:
        """Whether an award giver stands right before the quote opening at ``o``."""
        j = o
        while j > 0 and self.text[j - 1] in " 、":
            j -= 1
        if j > 0 and self.text[j - 1] in ("》", "」", "”"):
            k = self.text.rfind("《", max(0, j - 32), j)
            if k >= 0 and self.text[j - 1] == "》":
                return True
        return any(p.end == j and p.kind == "Organization" for p in self.props)

    def untyped_quote(self, o: int, c: int, s: int, e: int, part: bool = False) -> str | None:
        """Type a quoted name nothing after it typed: award context, number words,
        prefixes, its own last word, then the cue before it. Returns the kind given."""
        rules = self.rules
        text = self.text
        inner = text[s:e]
        whole = (s, e) == (o + 1, c)
        entry = rules.lexicon.get(normalize_name(inner))
        if entry is not None and not entry.quoted_only:
            return None
        if (
            whole
            and text[s : self.next_bound(s)] in rules.boundary_words
            and any(p.name == inner for p in self.props)
        ):
            # a name this document already gave whole (“同业做专” again), which the
            # boundary words below would cut: left whole to its back-reference
            return None
        c0 = self.clause_start(o)
        clause = text[c0:o]
        timed = rules.quote_cue_time_clause
        if c0 > 0 and timed is not None and timed.fullmatch(clause):
            # a clause that is only a time goes on with the clause before it
            clause = text[self.clause_start(c0 - 1) : o]
        body = self.rules.award_body_before
        closer = self.rules.award_list_closer
        if whole and (
            (self.giver_before(o) and not inner.endswith(rules.rule_book_ends))
            or _award_cued(self, clause, body)
            or _in_award_list(self, o, c, closer, body)
        ):
            self.add(s, e, "Award", inner, rules.award_name_id, STRENGTH_STRONG)
            return "Award"
        if rules.numeral.match(inner) or _spelled_by_parts(self, inner, c):
            if inner.endswith(rules.numeral_initiative_ends):
                self.add(s, e, "Initiative", inner, rules.numeral_initiative_id, STRENGTH_STRONG)
                return "Initiative"
            self.add(s, e, rules.numeral_kind, inner, rules.numeral_id, STRENGTH_STRONG)
            return rules.numeral_kind
        if self.brand_name(s, e) is not None:
            return "Product"
        if _product_tail(self, inner):
            self.add(s, e, "Product", inner, rules.product_tail_id, STRENGTH_STRONG)
            return "Product"
        while s < e and _leading_word(self, s, e):
            s = self.next_bound(s)
        inner = text[s:e]
        if "、" in inner and not part:
            # “绿色银行、财富银行、投资银行”: a list of names that share a typing last word
            members = self.split_members(s, e)
            for inner_rule in rules.quote_inner:
                if len(members) >= 2 and all(
                    any(
                        text[ms:me].endswith(x) and me - ms - len(x) >= 1
                        for x in inner_rule.suffixes
                    )
                    and not self.generic(text[ms:me])
                    for ms, me in members
                ):
                    for ms, me in members:
                        self.add(
                            ms, me, inner_rule.kind, text[ms:me], inner_rule.id, STRENGTH_STRONG
                        )
                    return inner_rule.kind
        # 「某某白金卡PLUS」, 「某某贴Pro」: a Latin edition word after the name's own head
        core = _EDITION_TAIL.sub("", inner) if inner[:1] and _is_han(inner[0]) else inner
        for inner_rule in rules.quote_inner:
            for x in inner_rule.suffixes:
                stem = core[: len(core) - len(x)]
                if (
                    core.endswith(x)
                    and len(stem) >= (2 if inner_rule.kind == "CustomerSegment" else 1)
                    and len(inner.rsplit("、", 1)[-1]) >= 2  # 「量、价、险」: 险 is a member
                    and not core.endswith(inner_rule.not_suffixes)
                ):
                    if x in inner_rule.verb_stem_not and _one_verb(self, s, s + len(stem)):
                        return None  # “吸收存款”: a verb and its object
                    if not self.generic(inner):
                        as_rule: InnerRule | QuoteHead = inner_rule
                        if _supported_policy(self, inner_rule.kind, inner, o):
                            as_rule = rules.policy_head
                        self.add(s, e, as_rule.kind, inner, as_rule.id, STRENGTH_STRONG)
                        return as_rule.kind
                    return None
        if "的" in inner or "、" in inner or len(inner) > 12 or part or self.generic(inner):
            # (a generic phrase quoted for emphasis, 推进“数字化转型”, names nothing)
            self.candidate(s, e, "Unknown", "entity.quote.untyped")
            return None
        for rule in rules.quote_before:
            if whole and any(text[max(0, o - len(cue)) : o] == cue for cue in rule.cues):
                self.add(s, e, rule.kind, inner, rule.id, STRENGTH_STRONG)
                return rule.kind
        for rule in rules.quote_cues:
            if rule.kind == "Award":
                continue
            lo = max(self.clause_start(o), o - rule.window - 4)
            before = text[lo:o]
            for cue in rule.cues:
                k = before.rfind(cue)
                if (
                    k >= 0
                    and len(before) - k - len(cue) <= rule.window
                    and "的" not in before[k:]
                    and not _cue_qualifies(self, lo + k, lo + k + len(cue), o)
                ):
                    self.add(s, e, rule.kind, inner, rule.id, STRENGTH_STRONG)
                    return rule.kind
        after = text[c + 1 : c + 12]  # the cue, or the quote's type word and the cue
        lead = next((k for k, ch in enumerate(after[:4]) if not _is_han(ch)), 4)  # 慈善权益已服务
        for rule in rules.quote_after:
            if whole and any(
                after.startswith(cue, k) for cue in rule.cues for k in range(lead + 1)
            ):
                self.add(s, e, rule.kind, inner, rule.id, STRENGTH_STRONG)
                return rule.kind
        for rule_id, kind, pattern in rules.quote_examples if whole else ():
            if pattern.search(text, max(0, o - 80), o):
                self.add(s, e, kind, inner, rule_id, STRENGTH_STRONG)
                return kind
        self.candidate(s, e, "Unknown", "entity.quote.untyped")
        return None


def _cue_qualifies(work: _Base, start: int, end: int, o: int) -> bool:
    """启动状态为「自动」: a cue word used as a noun (jieba's vn) before a noun qualifies it
    (the state of starting) and launches nothing; the quote is no name it cues."""
    return (
        end < o
        and work.tags[start] == "vn"
        and work.t.word_bound(end)
        and work.tags[end][:1] == "n"
        and work.next_bound(end) < o
    )


def _one_verb(work: _Base, s: int, e: int) -> bool:
    """Whether text[s:e] is one word jieba tags a verb (吸收, 发放)."""
    return e > s and work.tags[s] == "v" and work.next_bound(s) >= e


def _modifier_quote(work: _Base, c: int) -> bool:
    """「自有+三方+数字货币」相协调的…, “首贷”户: the quote qualifies the noun after it."""
    after = work.text[c + 1 : c + 6]
    cut = next((k for k, ch in enumerate(after) if ch in PUNCT), len(after))
    return "的" in after[:cut] or after[:1] in ("户", "率", "量", "额", "数")


def _product_tail(work: _Base, inner: str) -> bool:
    """「中银香港企业网上银行」, 「某某银行手机银行」: a quoted name ending in a common
    product word (手机银行, 网上银行) is that product of whoever it names."""
    norm = normalize_name(inner)
    for k in range(1, len(norm) - 1):
        entry = work.rules.lexicon.get(norm[k:])
        if entry is not None and entry.kind == "Product" and len(norm) - k >= 2:
            return True
    return False


def _spelled_by_parts(work: _Quoted, inner: str, c: int) -> bool:
    """“一五一十”: a name made of numerals only that the quoted names after it in the
    sentence spell with their leading numerals (“一个中心”“五篇大文章”…) is a frame."""
    digits = work.rules.numeral_digits
    if not 2 <= len(inner) <= 8 or not set(inner) <= digits:
        return False
    end = len(work.text)
    for stop in "。！？\n":
        k = work.text.find(stop, c)
        if k >= 0:
            end = min(end, k)
    names = (m.group(1) for m in _QUOTED_AFTER.finditer(work.text, c + 1, end))
    return spelled_parts(inner, names, digits) is not None


def _award_titles(work: _Quoted) -> None:
    """江苏省“某某金融服务”十佳团队, 某某协会“千佳”服务示范网点: a quoted award that is only
    part of its title. The title runs on from the quote to its head word, and back over the
    words before the quote that open it (not over the giver, a verb or a number)."""
    rules, text = work.rules, work.text

    def whole(p: Proposal) -> Proposal:
        if p.kind != "Award" or p.start < 1 or text[p.start - 1] not in "“「『":
            return p
        if p.end >= len(text) or text[p.end] not in "”」』":
            return p
        tail = rules.award_title_tail.match(text, p.end + 1)
        if tail is None:
            return p
        start = p.start - 1
        while start > 0 and _is_han(text[start - 1]):
            k = work.t.token_start_before(start - 1)
            word = text[k:start]
            if (
                word.endswith(rules.award_title_prefix_stops)
                or not all(_is_han(ch) for ch in word)
                or p.start - 1 - k > rules.award_title_prefix_max
            ):
                break
            start = k
        name = text[start : p.start - 1] + p.name + text[p.end + 1 : tail.end()]
        return replace(p, start=start, end=tail.end(), name=name)

    ours = {id(p) for p in work.proposed}  # this family's proposals, not earlier ones
    work.proposed = [whole(p) for p in work.proposed]
    work.props = [whole(p) if id(p) in ours else p for p in work.props]


def _drop_qualities(work: _Base, rule: QualityRule) -> None:
    """A short quoted quality (“网格化”管理, “基础性”产品, “陪伴式”服务) names no product:
    it goes to the review queue."""

    def quality(p: Proposal) -> bool:
        return (
            p.kind in rule.kinds and len(p.name) <= rule.max_len and p.name.endswith(rule.endings)
        )

    for p in work.proposed:
        if quality(p):
            work.candidate(p.start, p.end, p.kind, rule.id)
    work.proposed = [p for p in work.proposed if not quality(p)]
    work.props = [p for p in work.props if not quality(p) or p in work.found.proposals]


def _awarded_title(work: _Quoted, o: int, inner: str, body: re.Pattern[str] | None) -> bool:
    """获“金融支持‘大众创业、万众创新’贡献奖”: a title that ends in 奖 right after an award
    verb is the award's name, though a list's comma stands inside it."""
    return inner.endswith("奖") and _award_cued(work, work.text[work.clause_start(o) : o], body)


def _award_cued(work: _Quoted, clause: str, body: re.Pattern[str] | None) -> bool:
    """Whether the clause before a quote gives an award: an award verb within its window,
    or a bare 获 right before it or before the body that gives it (获自治区政府“…奖”)."""
    cue = work.award_cue()
    if cue is None:
        return False
    if any(c in clause[-cue.window :] for c in cue.cues) or clause.endswith(cue.adjacent):
        return True
    return body is not None and body.search(clause) is not None


def _in_award_list(
    work: _Quoted, o: int, c: int, closer: re.Pattern[str], body: re.Pattern[str] | None
) -> bool:
    """荣获全国“文明单位”，某省“某某”十佳团队、“某某示范单位”等称号: a quote between an
    award verb earlier in its sentence and the list's closing 等…称号 later in it is one of
    the awards listed, though a comma parts it from the verb."""
    ends = frozenset("。！？；\n")
    start = work.clause_start(o, ends)
    stop = next((k for k in range(c, min(len(work.text), c + 80)) if work.text[k] in ends), c + 80)
    after = work.text[c + 1 : stop]
    return closer.search(after) is not None and _award_cued(work, work.text[start:o][-40:], body)


def _named_engines(work: _Quoted, o: int, c: int) -> bool:
    """Whether every part of the quote “A+B” (opening at ``o``, closing at ``c``) is a name
    typed on its own (直贴, 转贴: products), each then proposed as such."""
    kinds = [work.untyped_quote(o, c, ps, pe, part=True) for ps, pe in work.plus_parts(o + 1, c)]
    return len(kinds) > 1 and all(kinds)


def _leading_word(work: _Base, s: int, e: int) -> bool:
    """Whether the quote text[s:e] opens with a boundary word (a verb, 以, 在…) to drop, not
    one of a modifier (“有温度的、…银行”: 有 is in 有温度的)."""
    after = work.next_bound(s)
    return (
        work.text[s:after] in work.rules.boundary_words
        and not work.text[s:e].split("、")[0].endswith("的")
        and work.tags[s][:1] not in ("n", "j")  # “同业做专”: a noun opens the name
        and work.tags[s] != "vn"  # “服务某某专题活动”: a verbal noun opens it too
        and work.next_bound(after) < e  # “守护时光”: a verb and one word are the name
    )


def _pillars(work: _Quoted, s: int, e: int) -> bool:
    """“做精行业、做精客户”: a quoted list whose every member is a business and a 做-verb
    of building it up names the bank's pillars, each a Strategy."""
    rules, text = work.rules, work.text
    members = work.split_members(s, e)
    if len(members) < 2 or len(text[s:e].split("、")) != len(members):
        return False
    if not all(rules.pillars.match(text[ms:me]) for ms, me in members):
        return False
    for ms, me in members:
        work.add(ms, me, rules.pillars_kind, text[ms:me], rules.pillars_id, STRENGTH_STRONG)
    return True


def _listed_kind(work: _Quoted, s: int, e: int, c: int) -> bool:
    """深耕“甲、乙、丙、丁”等产品体系: a quoted 、-list closed by 等 and a kind of thing
    names things of that kind, each member one (not a motto, however long)."""
    text = work.text
    if "、" not in text[s:e]:
        return False
    for rule_id, kind, after in work.rules.quote_list_kinds:
        if after.match(text, c + 1):
            for ms, me in work.split_members(s, e):
                if not work.generic(text[ms:me]):
                    work.add(ms, me, kind, text[ms:me], rule_id, STRENGTH_STRONG)
            return True
    return False


def _motto(
    work: _Quoted, o: int, inner: str, head: tuple[QuoteHead, int, int] | None, close: int
) -> bool:
    """A quote (opening at ``o``, the last of its group closing at ``close``) that is a
    motto or a list of aims, no name; or too long for one."""
    campaign = head is not None and head[0].kind == "Initiative" and head[1] == close + 1
    return (
        _is_slogan(inner, campaign)
        and not _awarded_title(work, o, inner, work.rules.award_body_before)
    ) or len(inner) > 30


def _is_slogan(inner: str, campaign: bool = False) -> bool:
    """A motto or a list of aims in quotes, no name: clauses (“稳中求进，以进促稳”) unless
    a campaign's head follows a couplet (``campaign``: “畅游四海，刷卡无忧”系列活动), or long
    items listed (“一个客户、多个账户、多种产品”) unless they are the modifiers of one noun
    (“有担当的、区域领先的某某银行”: the last item has 的 before its head)."""
    if any(ch in inner for ch in "。；！？"):
        return True
    clauses = re.split("[，,]", inner)
    if len(clauses) > 1:
        return not (campaign and len(clauses) == 2 and all(2 <= len(c) <= 8 for c in clauses))
    parts = inner.split("、")
    if len(parts) >= 2 and "的" in parts[-1][:-1] and all(len(p) <= 8 for p in parts[:-1]):
        return False
    return len(parts) >= 2 and (len(parts) >= 4 or any(len(p) > 6 for p in parts))


def _supported_policy(work: _Base, kind: str, words: str, o: int) -> bool:
    """支持广东“某某工程”: a programme (``words`` end in a programme's head) named after a
    verb of supporting (a place between them) is an outside policy, not the bank's own
    initiative."""
    if kind != "Initiative" or not words.endswith(work.rules.policy_head.heads):
        return False
    before = work.text[work.clause_start(o) : o]
    for n in (4, 3, 2):
        if len(before) > n and before[-n:] in work.rules.places:
            before = before[:-n]
            break
    return before.endswith(work.rules.policy_verbs)


@family(
    "family.quoted_names",
    reads=(
        "award_giver_id",
        "award_name_id",
        "boundary_words",
        "brand",
        "lexicon.yaml:joint_venture_partners",
        "places.yaml:cities",
        "places.yaml:overseas",
        "places.yaml:provinces",
        "product_tail_id",
        "publication_title_ends",
        "publication_title_not_ends",
        "document_title_ends",
        "rule_book_ends",
        "subsidiary_cue",
        "publication_gives",
        "publication_words",
        "quote_after_cues",
        "quote_cues",
        "quote_cue_time_clause",
        "award_body_before",
        "award_suffix",
        "award_title",
        "quote_examples",
        "quote_heads",
        "quote_inner",
        "quote_list_kinds",
        "quote_pillars",
        "quote_numeral_frame",
        "quote_policy",
        "quote_ui",
        "quote_type_before",
        "quoted_quality",
    ),
)
def quoted_names(doc: DocContext, found: Found) -> Proposals:
    """Names in quotes, typed by the word after them, the cue before them or their last word.
    A short quoted quality (“网格化”管理, “基础性”产品, “陪伴式”服务) names no product: it
    goes to the review queue."""
    return _Quoted.propose(doc, found, _Quoted.quoted_names)
