"""Rule families of named things found by their own pattern: awards, bylines,
copulas, Latin brands and products, apps, business lines, subsidiaries."""

from __future__ import annotations

import re

from kg.banks import banks
from kg.entities.context import DocContext, _Base
from kg.entities.family import Found, Proposal, Proposals, family
from kg.entities.rules import (
    load_lexicon,
)
from kg.entities.text import (
    FUNCTION_CHARS,
    PUNCT,
    STRENGTH_OVERRIDE,
    STRENGTH_PATTERN,
    STRENGTH_STRONG,
    _is_han,
    _is_name_char,
)
from kg.grammar import (
    QUOTE_CHARS,
    QUOTE_CLOSERS,
    QUOTE_PAIRS,
    alternation,
    cued_finditer,
)
from kg.normalize import normalize_name

_LATIN_GIVER = re.compile(r"[A-Z][A-Za-z&.]{2,30}")
"""A Latin name in the giver printed before an award's name."""


class _Named(_Base):
    """Named things found by their own pattern."""

    def award_names(self) -> None:
        rules = self.rules
        text = self.text
        for cue in rules.award_cues:
            for m in re.finditer(re.escape(cue), text):
                s = self.past_giver(m.end())
                seg = text[s : s + rules.award_max_len + 2]
                cut = next((k for k, ch in enumerate(seg) if ch in PUNCT), len(seg))
                seg = seg[:cut]
                # the first head, and the longest one there (奖状 over 奖)
                heads = self.award_heads(seg)
                if heads:
                    at, minus = min(heads)
                    e = s + at - minus
                    start = self.drop_front(s, e, words=False)
                    runs_on = text.startswith(rules.award_head_not_before, e) and not (
                        text.startswith(rules.award_head_closing_words, e) and e + 1 == s + cut
                    )
                    many = text.startswith(rules.award_not_after, start)
                    if not self.generic(text[start:e]) and not runs_on and not many:
                        self.add(
                            start,
                            e,
                            "Award",
                            text[start:e],
                            rules.award_suffix_id,
                            STRENGTH_PATTERN,
                        )
                    sized = any(p.fullmatch(text, s + at, e) for p in rules.award_head_patterns)
                    if e == s + cut or sized:
                        self.award_list(s + cut)
                    elif text.startswith(rules.award_list_joiners, e):
                        self.award_list(e)  # 获得A奖状和B称号
                elif (
                    cue in rules.award_selected_cues
                    and 2 <= cut <= rules.award_selected_max
                    and text[s + cut : s + cut + 1] in ("。", "；", "")
                    and not self.generic(seg)
                ):
                    # 入选优秀案例。: the whole short clause after the cue is the honour
                    self.add(s, s + cut, "Award", seg, rules.award_selected_id, STRENGTH_PATTERN)
                elif cut > 2:
                    self.award_list(s + cut, first=(s, s + cut))

    def past_giver(self, pos: int) -> int:
        """Past a giver printed between an award's cue and its name (某国《某某》杂志); a
        Latin name there is the giver, an outside body (英国Brandwise全球…500强)."""
        prefix = self.rules.award_giver_prefix
        m = prefix.match(self.text, pos) if prefix is not None else None
        groups = m.re.groupindex if m else {}
        for group in ("named", "body"):
            giver = m.group(group) if m and group in groups else None
            if m is None or not giver:
                continue
            if group == "named" and (
                giver in self.rules.places
                or giver in self.rules.boundary_words
                or giver.startswith(self.rules.award_named_giver_not)
            ):
                return pos
            # 获得某某协会某某奖: the body is the giver, though a noun follows its head
            self.add(
                m.start(group),
                m.end(group),
                "Organization",
                giver,
                self.rules.award_giver_id,
                STRENGTH_STRONG,
            )
            return m.end()
        latin = _LATIN_GIVER.search(self.text, pos, m.end()) if m else None
        if latin is not None:
            name = latin.group(0)
            self.add(
                latin.start(),
                latin.end(),
                "Organization",
                name,
                self.rules.award_giver_id,
                STRENGTH_STRONG,
            )
        return m.end() if m else pos

    def award_heads(self, seg: str) -> list[tuple[int, int]]:
        """(where, minus length) of each award head in ``seg`` after its first two
        characters: the head words, and a ranking list's size (1000强)."""
        rules = self.rules
        heads = [(seg.find(h), -len(h)) for h in rules.award_heads if seg.find(h) > 1]
        for pattern in rules.award_head_patterns:
            m = pattern.search(seg, 2)
            if m:
                heads.append((m.start(), m.start() - m.end()))
        return heads

    def award_list(self, pos: int, first: tuple[int, int] | None = None) -> None:
        """The rest of a list of award names after a cue (荣获A奖、B奖、C银行等多项荣誉):
        a member ending in an award head, or any member when the list closes with an
        honours noun or a count of awards, is an award name too; so is then the
        ``first`` member, the one right after the cue, when it has no head of its own."""
        rules = self.rules
        text = self.text
        members: list[tuple[int, int]] = []
        closed = False
        while joiner := next((j for j in rules.award_list_joiners if text.startswith(j, pos)), ""):
            s = self.past_giver(pos + len(joiner))
            seg = text[s : s + rules.award_max_len + 12]
            cut = next((k for k, ch in enumerate(seg) if ch in PUNCT), len(seg))
            m = rules.award_list_closer.search(seg[:cut])
            if m:
                members.append((s, s + m.start()))
                closed = True
                break
            members.append((s, s + cut))
            pos = s + cut
        if first is not None:
            if not closed:
                return
            members.insert(0, first)
        for a, b in members:
            ranked = False
            if not closed and not text[a:b].endswith(rules.award_heads):
                # a ranking list named by its size ends there (某某500强商业银行子榜单榜首)
                sizes = [p.search(text, a + 2, b) for p in rules.award_head_patterns]
                ends = [r.end() for r in sizes if r]
                if ends:
                    b, ranked = min(ends), True
            name = text[a:b]
            if not 2 < len(name) <= rules.award_max_len:
                continue
            if closed or ranked or name.endswith(rules.award_heads):
                start = self.drop_front(a, b, words=False)
                if self.generic(text[start:b]):
                    continue
                self.add(start, b, "Award", text[start:b], rules.award_list_id, STRENGTH_PATTERN)

    def bylines(self) -> None:
        rules = self.rules
        text = self.text
        for m in rules.byline.finditer(text):
            s = m.end()
            seg = text[s : s + rules.byline_max]
            best = None
            for head in rules.byline_heads:
                k = seg.find(head)
                if k >= 0 and all(_is_han(ch) for ch in seg[: k + len(head)]):
                    end = k + len(head)
                    if best is None or end < best:
                        best = end
            if best is not None and best >= 2:
                self.add(
                    s, s + best, "Department", text[s : s + best], rules.byline_id, STRENGTH_STRONG
                )

    def copulas(self) -> None:
        """以工银爱购为促销活动: the head after 为 types the name between 以 and 为."""
        rules = self.rules
        text = self.text
        for m in rules.copula.finditer(text):
            tail = text[m.end(2) : m.end(2) + 4]
            head = next(
                (
                    h
                    for h in sorted(rules.copula_heads, key=len, reverse=True)
                    if tail.startswith(h)
                ),
                None,
            )
            if head is None or not self.head_ends(m.end(2) + len(head)):
                continue
            s, e = m.span(1)
            while s < e and text[s] in QUOTE_CHARS:
                s += 1
            while e > s and text[e - 1] in QUOTE_CHARS:
                e -= 1
            name = text[s:e]
            if self.generic(name) or any(ch in FUNCTION_CHARS for ch in name):
                continue
            quoted = text[m.start(1)] in QUOTE_PAIRS and text[m.end(1) - 1] in QUOTE_CLOSERS
            if not quoted and not any(p.start == s and p.end == e for p in self.props):
                continue
            self.add(s, e, rules.copula_heads[head], name, rules.copula_id, STRENGTH_OVERRIDE)

    def latin_brands(self) -> None:
        """ICBC PAY: the bank's Latin short name and a capitalised product word."""
        own = [b for b in banks() if b.name == self.bank]
        names = [a for b in own for a in b.aliases if a.isascii() and a.isalpha()]
        if not names:
            return
        alternatives = "|".join(map(re.escape, names))
        pattern = re.compile(rf"(?<![A-Za-z0-9])(?:{alternatives}) ?[A-Z][A-Za-z]+(?![A-Za-z])")
        for m in pattern.finditer(self.text):
            self.add(
                m.start(),
                m.end(),
                "Product",
                m.group(0),
                self.rules.latin_brand_id,
                STRENGTH_STRONG,
            )

    def app_names(self) -> None:
        """兴业银行App, 兴业生活App, 某某银行动卡空间App: a product named by App at its end."""
        rules = self.rules
        text = self.text
        bank_ends = {p.end: p.start for p in self.props if p.kind in ("Bank", "Organization")}
        for m in cued_finditer(rules.app_words, text):
            hs, he = m.start(), m.end()
            start = hs
            while start > 0 and text[start - 1] == " ":
                start -= 1
            if start in bank_ends:
                start = bank_ends[start]
                lead = self.left_start(start, 4, use_tags=False)
                start = lead if start - lead >= 1 and self.t.word_bound(lead) else start
            else:
                start = self.left_start(start, rules.app_max_stem, use_tags=False)
                while start < hs and not _is_han(text[start]):
                    start += 1
                start = bank_ends.get(start, start)  # 某某银行动卡空间App
            stem = text[start:hs].strip()
            if len(stem) < 2 or stem in rules.self_words or self.generic(stem):
                continue
            entry = rules.lexicon.get(normalize_name(text[start:he]))
            if entry is not None or any(ch in FUNCTION_CHARS for ch in stem):
                continue
            self.add(start, he, "Product", text[start:he], rules.app_id, STRENGTH_STRONG)
            self.hard.update(range(start, he))

    def latin_products(self) -> None:
        """AskAnna, PayGo+: a mixed-case Latin brand is a product name."""
        rules = self.rules
        for m in cued_finditer(rules.latin_product, self.text):
            name = m.group(0)
            first = name.split(" ")[0].rstrip("+")
            if first.casefold() in rules.latin_not or normalize_name(name) in rules.lexicon:
                continue
            before = self.text[m.start() - 1 : m.start()]
            after = self.text[m.end() : m.end() + 1]
            if any(rules.latin_code_around.fullmatch(ch) for ch in (before, after) if ch):
                continue  # inside a web address or code: no name there
            if rules.latin_identifier.match(name):
                self.candidate(m.start(), m.end(), "Product", rules.latin_product_id)
                continue
            end = m.end()
            head = next((h for h in rules.latin_heads if self.text.startswith(h, end)), "")
            if head and self.head_ends(end + len(head)):
                end += len(head)

            # 电子钱包PayGo+: the product word glued before the brand only describes it
            def describes(p: Proposal, at: int = m.start()) -> bool:
                return p.end == at and p.strength <= STRENGTH_PATTERN and p.kind == "Product"

            self.withdraw(describes)
            name = self.text[m.start() : end]
            self.add(m.start(), end, "Product", name, rules.latin_product_id, STRENGTH_STRONG)

    def business_lines(self) -> None:
        """個人銀行錄得溢利, 企業銀行聯動財資業務: a business line that acts is a unit."""
        rules = self.rules
        text = self.text
        for m in rules.line_names.finditer(text):
            s, e = m.span()
            if not (self.t.boundary(s) and self.head_ends(e)):
                continue
            after = text[e : e + 4]
            before = text[max(0, s - 2) : s]
            if any(after.startswith(w) for w in rules.line_after) or any(
                before.endswith(w) for w in rules.line_before
            ):
                self.add(s, e, "Department", m.group(0), rules.line_id, STRENGTH_STRONG)

    def foreign_firms(self) -> None:
        rules = self.rules
        for m in rules.foreign_firm.finditer(self.text):
            if not self.t.boundary(m.start()):
                continue  # 中美商贸: the country is the end of another word
            name = m.group(0)
            self.add(
                m.start(), m.end(), "Organization", name, rules.foreign_firm_id, STRENGTH_STRONG
            )

    def is_a_bank(self, name: str, company_end: str | None) -> bool:
        """Whether a company named after a subsidiary cue is a bank the lexicon knows: the
        document's own bank (a group's report calls it its subsidiary) or another one."""
        core = name[: -len(company_end)] if company_end and name.endswith(company_end) else name
        entry = self.rules.lexicon.get(normalize_name(core))
        return entry is not None and entry.kind == "Bank"

    def subsidiary_names(self) -> None:
        """Group companies: 子公司兴银理财、兴业基金; 附属公司…有限公司（「简称」）; a listed
        bank's company with a country in brackets (中国工商银行（马来西亚）有限公司)."""
        rules = self.rules
        text = self.text
        for m in rules.subsidiary_cues.finditer(text):
            pos = m.end()
            for _ in range(6):
                end = pos
                while end < len(text) and end - pos < rules.subsidiary_max:
                    ch = text[end]
                    if not _is_name_char(ch) or ch in "、和及与":
                        break
                    if end > pos and (end in self.t.blanks or self.tags[end] in ("d", "p", "c")):
                        break  # 子公司某某不存在…: an adverb opens what is said of it
                    if (
                        end > pos + 1
                        and end in self.t.bounds
                        and any(
                            text.startswith(w, end) and self.t.boundary(end + len(w))
                            for w in rules.boundary_words
                            if len(w) > 1
                        )
                    ):
                        break
                    end += 1
                reach = text[pos : pos + rules.subsidiary_max]
                reach = reach[: next((k for k, ch in enumerate(reach) if ch in PUNCT), len(reach))]
                co = next((c for c in rules.company_ends if c in reach), None)
                if co is not None:
                    end = pos + reach.index(co) + len(co)
                else:
                    while end > pos and text[end - 1] in FUNCTION_CHARS:
                        end -= 1  # 子公司某某理财于2020年: 于 opens what follows
                    # 子公司某某租赁业绩增长: the name ends with its business word
                    found = ((text.rfind(w, pos + 2, end), w) for w in rules.brand.subsidiary_words)
                    last = max((k + len(w) for k, w in found if k >= 0), default=end)
                    end = last if end - last >= 2 else end
                name = text[pos:end]
                if (
                    len(name) < 3
                    or self.generic(name)
                    or name[0] in FUNCTION_CHARS
                    or any(name.startswith(w) for w in rules.boundary_words if len(w) > 1)
                    # 子公司出售资产所…, 子公司之间…: a verb or a position word opens a clause
                    or self.tags[pos] in ("v", "vn", "vd", "vi", "vg", "f", "d", "p", "c")
                    or (co is None and "的" in name)  # 子公司银行的账户
                    or self.is_a_bank(name, co)  # 某集团的控股子公司某某银行股份有限公司
                    # 子公司全链条综合服务能力: a noun runs on from it, the words describe it
                    or (
                        co is None
                        and end < len(text)
                        and self.tags[end] in ("n", "vn")
                        and not name.endswith(rules.brand.subsidiary_words)
                    )
                ):
                    break
                self.add(pos, end, "Subsidiary", name, rules.subsidiary_id, STRENGTH_STRONG)
                if text[end : end + 1] not in ("、", "和", "及"):
                    break
                pos = end + 1
        bank_names = alternation(b for b in load_lexicon() if load_lexicon()[b].kind == "Bank")
        pattern = re.compile(
            rf"({bank_names})[（(]([\u4e00-\u9fff]{{2,6}})[）)](?:{alternation(rules.company_ends)})"
        )
        own = next((b for b in banks() if b.name == self.bank), None)
        family = {self.bank, own.parent if own else None} - {None}
        for m in pattern.finditer(text):
            entry = rules.lexicon.get(normalize_name(m.group(1)))
            bank = next((b for b in banks() if entry and b.name == entry.name), None)
            if bank is None or m.group(2) not in rules.places:
                continue
            ours = bank.name in family or bank.parent in family
            kind = "Subsidiary" if ours else "Organization"
            self.add(
                m.start(), m.end(), kind, m.group(0), rules.bracket_company_id, STRENGTH_STRONG
            )
        # the group a bank is named after (rules.parent_group): the parent the bank
        # belongs to, an outside organisation in the graph
        for m in rules.parent_group.finditer(text) if rules.parent_group else ():
            if self.t.boundary(m.start()) and self.head_ends(m.end()):
                self.add(
                    m.start(),
                    m.end(),
                    "Organization",
                    m.group(0),
                    rules.parent_group_id,
                    STRENGTH_STRONG,
                )


@family("family.foreign_firms", reads=("foreign_firm",))
def foreign_firms(doc: DocContext, found: Found) -> Proposals:
    """Foreign firms named by country and 商 (日商某某, 香港商某某銀行)."""
    return _Named.propose(doc, found, _Named.foreign_firms)


@family("family.bylines", reads=("byline",))
def bylines(doc: DocContext, found: Found) -> Proposals:
    """Bylines (供稿：网络金融部): the department that wrote the piece."""
    return _Named.propose(doc, found, _Named.bylines)


@family(
    "family.award_names",
    reads=(
        "award_giver_id",
        "award_suffix",
        "boundary_words",
        "places.yaml:cities",
        "places.yaml:overseas",
        "places.yaml:provinces",
    ),
)
def award_names(doc: DocContext, found: Found) -> Proposals:
    """Awards named by their head word after a giver's cue (荣获…奖)."""
    return _Named.propose(doc, found, _Named.award_names)


@family("family.copulas", reads=("copula",))
def copulas(doc: DocContext, found: Found) -> Proposals:
    """Names a copula defines (…是…的产品)."""
    return _Named.propose(doc, found, _Named.copulas)


@family("family.latin_brands", reads=("latin_brand_id",))
def latin_brands(doc: DocContext, found: Found) -> Proposals:
    """Latin brand names right after a bank's name."""
    return _Named.propose(doc, found, _Named.latin_brands)


@family("family.app_names", reads=("app_product", "self_reference"))
def app_names(doc: DocContext, found: Found) -> Proposals:
    """Apps and mobile channels named by their own word (…APP, …小程序)."""
    return _Named.propose(doc, found, _Named.app_names)


@family("family.latin_products", reads=("latin_product",))
def latin_products(doc: DocContext, found: Found) -> Proposals:
    """Mixed-case Latin brands (AskAnna, PayGo+) as products."""
    return _Named.propose(doc, found, _Named.latin_products)


@family("family.business_lines", reads=("business_lines",))
def business_lines(doc: DocContext, found: Found) -> Proposals:
    """Business lines named in their context (公司金融, 个人金融 …条线)."""
    return _Named.propose(doc, found, _Named.business_lines)


@family(
    "family.subsidiary_names",
    reads=(
        "boundary_words",
        "bracket_company_id",
        "brand",
        "places.yaml:cities",
        "places.yaml:overseas",
        "places.yaml:provinces",
        "subsidiary_cue",
    ),
)
def subsidiary_names(doc: DocContext, found: Found) -> Proposals:
    """Companies named after a subsidiary cue (旗下, 控股子公司)."""
    return _Named.propose(doc, found, _Named.subsidiary_names)
