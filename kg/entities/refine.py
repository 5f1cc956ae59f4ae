"""Refinements of the chosen spans: the selection of overlapping proposals, versions,
appositions, back references, list siblings, one kind per name, branch names, leads."""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace

from kg.entities.context import DocContext, _Base
from kg.entities.family import Found, Proposal, step
from kg.entities.text import (
    FUNCTION_CHARS,
    PUNCT,
    STRENGTH_LEXICON,
    STRENGTH_PATTERN,
    STRENGTH_WEAK,
    _is_han,
    _is_name_char,
    _strip_quotes,
)
from kg.grammar import (
    QUOTE_CHARS,
    QUOTE_CLOSERS,
    QUOTE_PAIRS,
    alternation,
    cued_finditer,
)
from kg.normalize import display_name, normalize_name

BACKREF_RULE = "entity.backref"
"""The rule of a name's recurrence without the cue that typed it."""

SIBLING_LIST = re.compile(
    r"(?<![^，。；：！？\n、])[^，。；：！？\n、]+(?:、[^，。；：！？\n、]+)+"
)
"""A 、-list within one clause. It can only start after a delimiter or at the start (a
match starting inside a run extends to the run's start), and saying so keeps the search
linear: without the lookbehind, a text without 、 costs time quadratic in its length."""


_CHAPTER = re.compile(r"第[一二三四五六七八九十百\d]+[章节節]")
"""A chapter's heading: a number on its line is a section's, no version's."""


def _places(proposals: Iterable[Proposal]) -> set[int]:
    """The places of the text the proposals cover."""
    return {i for p in proposals for i in range(p.start, p.end)}


class _Refine(_Base):
    """Steps after the selection."""

    # -- after selection -----------------------------------------------------------
    def versions(self, chosen: list[Proposal]) -> list[Proposal]:
        rules = self.rules
        text = self.text
        extra: list[Proposal] = []
        for p in chosen:
            if p.kind != "Product":
                continue
            lead = p.end
            end = self.version_end(p.end)
            if end is None:
                # 「兴e贷」5.0版本, 浦发银行App 12.0, …App升级至9.0版本: the number only
                m = rules.version_lead.match(text, p.end)
                lead = m.end() if m else p.end
                end = self.version_end(lead, number_only=True) if m else None
            if end is not None:
                extra.append(
                    Proposal(
                        p.start,
                        end,
                        "Product",
                        p.name + _strip_quotes(text[lead:end]),
                        rules.version_id,
                        STRENGTH_PATTERN,
                    )
                )
            for size in (2, 3, 4):
                s = p.start - size
                word = text[s : p.start] if s >= 0 else ""
                if (
                    len(word) == size
                    and word.endswith("版")
                    and all(_is_han(ch) and ch not in FUNCTION_CHARS for ch in word)
                    and self.t.boundary(s)
                    and word[:-1] not in rules.boundary_words
                ):
                    extra.append(
                        Proposal(
                            s, p.end, "Product", word + p.name, rules.version_id, STRENGTH_PATTERN
                        )
                    )
                    break
        covered = _places(chosen)  # looked up for each number, not every span tried
        for m in cued_finditer(rules.version_number, text):
            s = m.start()
            if s == 0 or s in covered:
                continue
            if rules.version_not_after.match(text, m.end()) or _CHAPTER.search(
                text, max(text.rfind(ch, 0, s) for ch in "\n。，；") + 1, s
            ):
                continue  # 第七章 股份变动及股东情况7.1: a chapter heading and its first section
            if not (_is_han(text[s - 1]) or text[s - 1].isalpha()):
                continue
            start = self.left_start(s, 6)
            if s - start < 2 or self.generic(text[start:s]) or not _is_han(text[start]):
                continue
            if any(p.start < s and p.end > start for p in chosen):
                continue
            end = self.version_end(s, number_only=False) or m.end()
            extra.append(
                Proposal(start, s, "Product", text[start:s], rules.version_base_id, STRENGTH_WEAK)
            )
            extra.append(
                Proposal(start, end, "Product", text[start:end], rules.version_id, STRENGTH_PATTERN)
            )
        return extra

    def version_end(self, pos: int, number_only: bool = False) -> int | None:
        """The end of a version number or edition right after ``pos`` (10.0, 县域版,
        “适老版”), or None."""
        rules = self.rules
        text = self.text
        close = QUOTE_PAIRS.get(text[pos : pos + 1])
        if close and not number_only:
            k = text.find(close, pos + 1, pos + 10)
            inner = text[pos + 1 : k] if k > 0 else ""
            if inner.endswith("版") and 2 <= len(inner) <= 7 and all(_is_han(ch) for ch in inner):
                return k + 1
        end = None
        m = rules.version_number.match(text, pos)
        if m and not rules.version_not_after.match(text, m.end()):
            end = m.end()
        e = rules.edition.match(text, end if end is not None else pos)
        if e and not number_only:
            stem = e.group(0)
            if not any(w in stem for w in ("、", "等")) and all(
                piece not in rules.boundary_words for piece in self.pieces(e.start(), e.end())
            ):
                end = e.end()
        return end

    def appositions(self, chosen: list[Proposal]) -> list[Proposal]:
        rules = self.rules
        text = self.text
        extra = []
        taken = {(p.start, p.end) for p in chosen}
        for p in chosen:
            if p.kind in ("Bank",):
                continue
            pos = p.end
            while pos < len(text) and text[pos] in QUOTE_CLOSERS:
                pos += 1
            if text[pos : pos + 1] in ("（", "("):
                close = "）" if text[pos] == "（" else ")"
                k = text.find(close, pos + 1, pos + rules.apposition_max + 8)
                if k < 0 or text.startswith(rules.company_ends, k + 1):
                    continue  # 某某（集团）有限公司: the brackets are in the name
                s, e = pos + 1, k
                cue = next((c for c in rules.apposition_cues if text.startswith(c, s)), "")
                s += len(cue)  # 以下简称“某某”: the short name is what follows
                while s < e and text[s] in "：:":
                    s += 1
                while s < e and text[s] in QUOTE_CHARS:
                    s += 1
                while e > s and text[e - 1] in QUOTE_CHARS:
                    e -= 1
            elif text.startswith("——", pos):
                s = pos + 2
                e = s
                while e < len(text) and text[e] not in PUNCT and e - s < rules.apposition_max:
                    e += 1
                if e - s >= rules.apposition_max:
                    continue
            else:
                continue
            inner = text[s:e]
            if len(inner) < 2 or inner.isdigit() or any(w in inner for w in rules.apposition_not):
                continue
            if any(ch in PUNCT for ch in inner) or (s, e) in taken:
                continue
            if inner in rules.generic or inner in rules.places:
                continue  # （以下简称“分行”）, 某某大学（深圳）: no name of its own
            if not (inner.isascii() or all(_is_name_char(ch, True) for ch in inner)):
                continue
            extra.append(Proposal(s, e, p.kind, inner, rules.apposition_id, STRENGTH_PATTERN))
        return extra

    def backrefs(self, chosen: list[Proposal]) -> list[Proposal]:
        """The chosen names and those already typed in this document where they recur
        without their cue. A recurring name made of lexicon words (乡村振兴 + 借记卡 in
        乡村振兴借记卡) replaces them there: the document named the longer thing."""
        text = self.text
        names: dict[str, tuple[str, str]] = {}
        for p in chosen:
            if p.kind == "Bank" or p.rule.startswith("entity.lexicon"):
                continue
            if len(p.name) >= 3 and p.name in text:
                names.setdefault(p.name, (p.kind, BACKREF_RULE))
            if p.kind == "Branch":
                pm = self.rules.place_pattern.match(p.name)
                if pm and len(p.name) - pm.end() >= 4:
                    names.setdefault(p.name[pm.end() :], ("Branch", "entity.backref.short"))
        if not names:
            return chosen
        spans = sorted(chosen, key=lambda p: (p.start, p.end))
        starts = [p.start for p in spans]
        extra = []
        covered: set[int] = set()
        pattern = re.compile(alternation(names))
        for m in pattern.finditer(text):
            s, e = m.start(), m.end()
            k = bisect.bisect_right(starts, e) - 1
            hit = [p for p in spans[max(0, k - 8) : k + 1] if p.start < e and s < p.end]
            inside = all(
                s <= p.start and p.end <= e and p.rule.startswith("entity.lexicon.") for p in hit
            )
            if hit and not inside:
                continue
            if not (self.t.boundary(s) and self.head_ends(e)):
                continue
            kind, rule = names[m.group(0)]
            extra.append(Proposal(s, e, kind, m.group(0), rule, STRENGTH_PATTERN))
            covered.update(id(p) for p in hit)
        return [p for p in chosen if id(p) not in covered] + extra

    # -- refinements of chosen spans ---------------------------------------------------
    def refine_leads(self, chosen: list[Proposal]) -> list[Proposal]:
        """A name found by a pattern does not begin with a verb, adverb, preposition,
        conjunction or pronoun (顺应对公客户, 已列入某某部, 可使用某某App): those words
        are dropped from its front; a name left generic or too short is no name."""
        trim = self.rules.lead_trim
        # a back-reference repeats a name as it was given: one given whole by a rule that
        # is not trimmed (“同业做专” in quotes) stays whole wherever it recurs
        kept = {p.name for p in chosen if not p.rule.startswith(trim.rules)}
        out = []
        for p in chosen:
            if not p.rule.startswith(trim.rules) or (p.rule == BACKREF_RULE and p.name in kept):
                out.append(p)
                continue
            start = self.lead_start(p)
            start, via_verb = (
                (_verb_before_group(self, p), True) if start == p.start else (start, False)
            )
            if start == p.start:
                out.append(p)
                continue
            name = self.text[start : p.end]
            entry = self.rules.lexicon.get(normalize_name(name))
            if entry is not None and (start == p.start + 1 or via_verb):
                # 以工信部 -> 工信部, 就读教育部 -> 教育部: the lexicon's name, kind and rule
                out.append(
                    replace(p, start=start, name=entry.name, kind=entry.kind, rule=entry.rule)
                )
                continue
            if name in self.rules.segment_classes:
                # 整合个人客户权益: the class of customers a verb acts on
                out.append(replace(p, start=start, name=name, rule=self.rules.segment_class_id))
                continue
            if len(name) < 2 or self.generic(name) or name in self.rules.generic:
                if p.kind != "Product":
                    continue  # 调整客群, 发挥委员会: a verb and its object
                out.append(p)  # 抵押贷, 质押贷款: the verb is the product's kind
                continue
            out.append(replace(p, start=start, name=display_name(name)))
        return out

    def one_kind_per_name(self, chosen: list[Proposal]) -> list[Proposal]:
        """A thing has one kind in a document: where one name was typed by its head word
        (“…”战略, …业务部) or the lexicon and elsewhere only by a cue (升级“…”), the
        more authoritative rule's kind holds for every mention of it."""
        authority = self.rules.kind_authority

        def rank(p: Proposal) -> int:
            return next(
                (i for i, prefix in enumerate(authority) if p.rule.startswith(prefix)),
                len(authority),
            )

        best: dict[str, Proposal] = {}
        for p in chosen:
            if p.kind != "Bank" and (p.name not in best or rank(p) < rank(best[p.name])):
                best[p.name] = p
        out = []
        for p in chosen:
            b = best.get(p.name)
            if (
                b is not None
                and b.kind != p.kind
                and rank(b) < rank(p)
                and rank(b) < len(authority)
            ):
                p = replace(p, kind=b.kind)
            out.append(p)
        return out

    def list_siblings(self, chosen: list[Proposal]) -> list[Proposal]:
        """Coordination: the members of one 、-list are things of one kind. Where the
        named members of a list agree on a kind, an unnamed member bounded by the list's
        marks (甲电信、乙大哥大、丙电信) takes that kind too."""
        rules = self.rules
        text = self.text
        by_span = {(p.start, p.end): p for p in chosen}
        by_end: dict[int, list[tuple[int, int]]] = defaultdict(list)
        by_start: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for x in by_span:
            by_start[x[0]].append(x)
            by_end[x[1]].append(x)
        taken = bytearray(len(text) + 1)
        for p in chosen:
            taken[p.start : p.end] = b"\1" * (p.end - p.start)
        extra: list[Proposal] = []
        for m in SIBLING_LIST.finditer(text):
            pieces, pos = [], m.start()
            for part in m.group(0).split("、"):
                pieces.append((pos, pos + len(part)))
                pos += len(part) + 1
            members = [
                self.list_member(a, b, i, len(pieces), by_start, by_end)
                for i, (a, b) in enumerate(pieces)
            ]
            kinds = Counter(by_span[x].kind for x in members if x in by_span)
            known = sum(kinds.values())
            if known < 1 or known * 3 < len(members):
                continue
            kind, agree = kinds.most_common(1)[0]
            if agree < 2 * (known - agree) + 1:
                continue  # the named members do not agree: one odd one out in many is noise
            if _lists_areas(self, pieces[-1][0], m.end()):
                continue  # 普惠、个金、信用卡等业务领域: lines of business, whatever one is named
            if kind not in rules.sibling_kinds:
                continue
            heads = {text[x[1] - 2 : x[1]] for x in members if x in by_span}
            if kind in rules.sibling_same_head and members[0] not in by_span:
                # 在产业金融、科技金融…: the first piece holds the member after its lead
                a, b = pieces[0]
                start = self.lead_start(Proposal(a, b, kind, text[a:b], rules.sibling_id, 0))
                if b - start >= 4:
                    members[0] = (start, b)
            for a, b in members:
                if (a, b) in by_span or any(taken[a:b]) or not self.sibling_name(a, b):
                    continue
                if kind in rules.sibling_same_head and text[b - 2 : b] not in heads:
                    continue  # 产业金融 beside 科技金融, but not 基础设施
                if kind != "Initiative" and text[a:b].endswith(rules.sibling_not_ends):
                    continue
                extra.append(Proposal(a, b, kind, text[a:b], rules.sibling_id, STRENGTH_WEAK))
        return extra

    def list_member(
        self,
        a: int,
        b: int,
        i: int,
        n: int,
        by_start: dict[int, list[tuple[int, int]]],
        by_end: dict[int, list[tuple[int, int]]],
    ) -> tuple[int, int]:
        """The span of the i-th of n pieces of a list: a chosen name (looked up by where
        it starts or ends) that ends the first piece or starts the last one, else the piece
        itself, cut before 等 and the like."""
        if i == 0:
            named = [x for x in by_end.get(b, ()) if a <= x[0]]
            return min(named) if named else (b, b)
        if i == n - 1:
            named = [x for x in by_start.get(a, ()) if x[1] <= b]
            if named:
                return max(named)
            cut = min(
                (k for w in self.rules.sibling_ends if (k := self.text.find(w, a, b)) > a),
                default=b,
            )
            return (a, cut) if cut < b else (b, b)
        return (a, b)

    def sibling_name(self, a: int, b: int) -> bool:
        """Whether a list member looks like a name: short, made of name characters, not
        generic, not opened by a function word, with no number or verb in it."""
        name = self.text[a:b]
        return (
            2 <= len(name) <= self.rules.sibling_max
            and all(_is_name_char(ch, True) for ch in name)
            and not self.generic(name)
            and self.text[a : self.next_bound(a)] not in self.rules.lead_trim.words
            and self.tags[a] not in self.rules.lead_trim.tags
            and self.t.boundary(a)
            and self.t.boundary(b)
            and not any(self.tags[i] in ("m", "mq", "q", "v", "vn", "vd") for i in range(a, b))
        )

    def branch_names(self, chosen: list[Proposal]) -> list[Proposal]:
        """湖北省分行 and 湖北分行 are one branch: its name drops the place's
        administrative word (省, 市, 自治区); the printed form stays as an alias. An
        award's name drops the word that only classifies it (…荣誉称号)."""
        out = []
        for p in chosen:
            p = self.regional_short_name(p)
            m = self.rules.admin_suffix.match(p.name) if p.kind == "Branch" else None
            if m and len(p.name) - m.end() >= 2:
                p = replace(p, name=m.group(1) + p.name[m.end() :])
            if p.kind == "Award":
                tail = next((w for w in self.rules.award_classifiers if p.name.endswith(w)), "")
                if tail and len(p.name) - len(tail) >= 4 and self.text.endswith(tail, 0, p.end):
                    p = replace(p, end=p.end - len(tail), name=p.name[: -len(tail)])
            out.append(p)
        return out

    def regional_short_name(self, p: Proposal) -> Proposal:
        """福建工行, 江苏省工行: a place right before the document's own bank by a short
        name is that bank's branch there (福建分行), printed so in branch profiles."""
        rules = self.rules
        entry = rules.lexicon.get(normalize_name(p.name)) if p.kind == "Bank" else None
        if entry is None or entry.name != self.bank or p.rule != rules.regional_short_bank_rule:
            return p
        if p.end - p.start > rules.regional_short_max or self.text.startswith(("分", "支"), p.end):
            return p
        for k in (5, 4, 3, 2):
            start = p.start - k
            if start < 0 or not self.t.boundary(start):
                continue
            before = self.text[start : p.start]
            m = rules.admin_suffix.match(before)
            place = m.group(1) if m and m.end() == len(before) else None
            if place is None and rules.place_pattern.fullmatch(before):
                place = before
            if place is None:
                continue
            return replace(
                p, start=start, kind="Branch", name=place + "分行", rule=rules.regional_short_id
            )
        return p

    def lead_start(self, p: Proposal) -> int:
        """Where ``p``'s name starts once its leading function words are dropped."""
        trim = self.rules.lead_trim
        start = p.start
        while start < p.end:
            end = min(self.next_bound(start), p.end)
            word, tag = self.text[start:end], self.tags[start]
            if _opens_name(self, word, end, p.kind):
                break
            if word not in trim.words and tag not in trim.tags:
                rest = normalize_name(self.text[start + 1 : p.end])
                if self.text[start] in trim.glued and rest in self.rules.lexicon:
                    start += 1  # 以工信部: jieba's 以工 hides the lexicon's 工信部
                break
            start = end
        return start


def _opens_name(work: _Refine, word: str, end: int, kind: str) -> bool:
    """A word that opens a name though it ends names elsewhere: the peers before a group
    (同业机构客户), the level of the bank before its unit (总行某某中心)."""
    if word in work.rules.peer_words and work.peer_before(end, kind == "CustomerSegment"):
        return True
    return kind == "Department" and word in work.rules.dept_levels


@step("step.quoted_lexicon_gives_way")
def quoted_lexicon_gives_way(
    doc: DocContext, found: Found, props: list[Proposal]
) -> list[Proposal]:
    """A lexicon word wholly inside a quoted name that a family consumed is part of that
    name, not a name of its own (a bank's name stays)."""
    if not found.consumed:
        return props
    inside = bytearray(len(doc.t.text) + 1)
    for a, b in found.consumed:
        inside[a:b] = b"\1" * (b - a)
    return [
        p
        for p in props
        if not (
            p.strength == STRENGTH_LEXICON and p.kind != "Bank" and all(inside[p.start : p.end])
        )
    ]


def _lists_areas(work: _Base, last: int, end: int) -> bool:
    """Whether a 、-list's last piece (from ``last`` to ``end``) closes it as lines of
    business or fields (…等业务领域): areas, not things of one kind."""
    piece = work.text[last:end]
    return any(area in piece for area in work.rules.sibling_areas)


def _verb_before_group(work: _Base, p: Proposal) -> int:
    """整合个人客户权益: a verb before a group every report names on its own (a class of
    customers, a group of the lexicon) acts on the group and is no word of its name;
    代发工资客户 keeps its verb, as 工资客户 is no such group. So does a verb before an
    outside body the lexicon knows (就读教育部认可的学校: 教育部, no department)."""
    k = work.next_bound(p.start)
    if work.tags[p.start] != "v" or k >= p.end:
        return p.start
    rest = work.text[k : p.end]
    entry = work.rules.lexicon.get(normalize_name(rest))
    if p.kind == "CustomerSegment":
        if rest in work.rules.segment_classes or (
            entry is not None and entry.kind == "CustomerSegment"
        ):
            return k
    elif entry is not None and entry.kind in ("Organization", "Bank"):
        return k
    return p.start


@step(
    "step.appositions",
    reads=(
        "apposition",
        "generic_phrases.yaml:never",
        "places.yaml:cities",
        "places.yaml:overseas",
        "places.yaml:provinces",
        "subsidiary_cue",
    ),
)
def appositions(doc: DocContext, found: Found, chosen: list[Proposal]) -> list[Proposal]:
    """The chosen names and what stands in apposition to them (in brackets, after a dash)."""
    return chosen + _Refine(doc, found).appositions(chosen)


@step(
    "step.backrefs", reads=("places.yaml:provinces", "places.yaml:cities", "places.yaml:overseas")
)
def backrefs(doc: DocContext, found: Found, chosen: list[Proposal]) -> list[Proposal]:
    """The chosen names and their recurrences without the cue that typed them."""
    return _Refine(doc, found).backrefs(chosen)


@step(
    "step.refine_leads",
    reads=(
        "boundary_words",
        "department_context",
        "lead_trim",
        "generic_phrases.yaml:never",
        "peer_words",
        "segment_classes",
    ),
)
def refine_leads(doc: DocContext, found: Found, chosen: list[Proposal]) -> list[Proposal]:
    """Names a pattern found lose the function words at their front."""
    return _Refine(doc, found).refine_leads(chosen)


@step(
    "step.branch_names",
    reads=(
        "award_classifiers",
        "branch_admin_words",
        "regional_short_name",
        "places.yaml:provinces",
        "places.yaml:cities",
        "places.yaml:overseas",
    ),
)
def branch_names(doc: DocContext, found: Found, chosen: list[Proposal]) -> list[Proposal]:
    """A branch's name without its place's administrative word (湖北省分行 is 湖北分行),
    an award's without the word that only classifies it."""
    return _Refine(doc, found).branch_names(chosen)


@step(
    "step.list_siblings",
    reads=("boundary_words", "department_context", "lead_trim", "list_siblings", "peer_words"),
)
def list_siblings(doc: DocContext, found: Found, chosen: list[Proposal]) -> list[Proposal]:
    """The chosen names and their unnamed siblings in the same 、-list."""
    return chosen + _Refine(doc, found).list_siblings(chosen)


@step("step.one_kind_per_name", reads=("one_kind_per_name",))
def one_kind_per_name(doc: DocContext, found: Found, chosen: list[Proposal]) -> list[Proposal]:
    """One kind for each name in a document, the most authoritative rule's."""
    return _Refine(doc, found).one_kind_per_name(chosen)


@step("step.versions", reads=("boundary_words", "version"))
def versions(doc: DocContext, found: Found, chosen: list[Proposal]) -> list[Proposal]:
    """Versions and editions of products (手机银行10.0, 「…」县域版); a product inside an
    edition in quotes gives way to it."""
    work = _Refine(doc, found)
    found_versions = work.versions(chosen)
    editions = [
        (p.start, p.end)
        for p in found_versions
        if p.rule == work.rules.version_id and work.text[p.end - 1 : p.end] in QUOTE_CLOSERS
    ]
    return [
        p
        for p in chosen
        if not any(a < p.start and p.end <= b and p.kind == "Product" for a, b in editions)
    ] + found_versions
