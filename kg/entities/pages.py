"""Rule families of page layouts: the title line a product page opens with (before its
section headings, or restated by the prose after it), the topic an FAQ's question asks
about; and the parts of a page that name nothing of the bank's world: web addresses and
the career profiles of a report's officers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from re import _parser as sre_parse  # type: ignore[attr-defined]

from kg.entities.context import DocContext, _Base
from kg.entities.family import Found, Proposal, Proposals, family, step
from kg.entities.text import BLANKS, PUNCT, STRENGTH_PATTERN, STRENGTH_STRONG, _is_han, _is_word
from kg.grammar import QUOTE_CHARS

# one-character words that derive an ordinary term (交易性, 数字化), no coined name's part
_AFFIXES = frozenset("性化式型类")
# tags of words jieba does not know that still name no coined thing (当期, 三成)
_NOT_COINED = frozenset({"t", "m", "mq", "q", "f", "d", "p", "c", "r"})


COLUMN_GAP = re.compile(r"\S(?: {2,}|\t)\S")
"""Two cells of a flattened table's row: text, two blanks or more (or a tab), text."""


_AFTER_MARKS = "(?:^|(?<=[。！？!?]))"
"""A pattern opening so lets a match start only where ^ holds or right after 。！？!?."""


@lru_cache(maxsize=64)
def _start_marks(pattern: re.Pattern[str]) -> str | None:
    """The characters right after which (besides the text's start) every match of
    ``pattern`` starts: a newline for a pattern opening with ^ under re.M, and the marks
    of :data:`_AFTER_MARKS` for one opening so; None for any other pattern (one with a
    top-level alternation among them: the parse would be one branch; and for one that
    can match nothing, whose next match may start where an empty one did)."""
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    if parsed.getwidth()[0] == 0:
        return None
    newline = "\n" if pattern.flags & re.MULTILINE else ""
    if len(parsed) and parsed[0] == (sre_parse.AT, sre_parse.AT_BEGINNING):
        return newline
    if (
        pattern.pattern.startswith(_AFTER_MARKS)
        and len(parsed) > 1
        and parsed[0][0] is sre_parse.BRANCH
    ):
        return newline + "。！？!?"
    return None


def line_start_matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, where every match starts at the text's start or right
    after one of :func:`_start_marks`, tried only at those places (the leftmost match from
    a place is then the first of them that matches, as the engine finds it trying every
    character); any other pattern as finditer gives it."""
    marks = _start_marks(pattern)
    if marks is None:
        yield from pattern.finditer(text)
        return
    starts = [0]
    if marks:
        starts += [m.end() for m in re.finditer(f"[{re.escape(marks)}]", text)]
    pos = 0
    for start in starts:
        if start < pos:
            continue
        m = pattern.match(text, start)
        if m is not None:
            yield m
            pos = m.end()  # never empty (_start_marks)


class _Pages(_Base):
    """Names a product page or an FAQ gives by its layout."""

    def question_topics(self) -> None:
        """什么是X？ / X的申请条件是什么？ / 如何申请X？: the service a question-and-answer
        page asks about is a product, when its name ends in a product word; so is the one
        a page defines (X是指…)."""
        rules = self.rules
        patterns = [(p, rules.topic_id) for p in rules.topic_patterns]
        patterns += [(p, rules.definition_id) for p in rules.definition_patterns]
        for pattern, rule_id in patterns:
            for m in line_start_matches(pattern, self.text):
                s, e = m.span("name")
                while s < e and self.text[s] in QUOTE_CHARS:
                    s += 1
                while e > s and self.text[e - 1] in QUOTE_CHARS:
                    e -= 1
                for act in rules.topic_inner_acts:
                    k = self.text.rfind(act, s + 1, e)
                    if k > s and self.t.word_bound(k) and self.t.word_bound(k + len(act)):
                        s = k + len(act)  # 收款者使用某某转帐: what is used is the name
                        break
                name = self.text[s:e]
                for word in rules.topic_trailing_words:
                    bare = name.removesuffix(word)
                    if bare != name and len(bare) >= 2 and bare.endswith(rules.topic_heads):
                        e -= len(word)  # 某某提款服务 is 某某提款, named by its own head
                        name = bare
                        break
                title = self.title_above(s) if rule_id == rules.definition_id else None
                if title is not None and 2 <= len(name) <= rules.topic_max:
                    # 车位贷⏎【产品介绍】⏎车位贷款是指…: the page's product, spelled out
                    self.add(s, e, "Product", title, rule_id, STRENGTH_PATTERN)
                    continue
                if (
                    not 2 <= len(name) <= rules.topic_max
                    or any(ch in PUNCT or ch == "的" for ch in name)
                    or not name.endswith(rules.topic_heads)
                    or (rule_id == rules.definition_id and name.endswith(rules.definition_not_ends))
                    or self.generic(name)
                    or not self.t.boundary(s)
                    or self.text[s : self.next_bound(s)] in rules.lead_trim.words
                    or any(self.tags[i] in ("c", "p") for i in range(s, e))
                ):
                    continue  # 如何将款项…, 甲与乙, 对某系统: a clause, not a name
                if (
                    rule_id == rules.topic_id
                    and not self.named_by_the_bank(name)
                    and self.text.count(name) < rules.topic_min_occurrences
                ):
                    self.candidate(s, e, "Product", rule_id)
                    continue
                self.add(s, e, "Product", name, rule_id, STRENGTH_PATTERN)

    def named_by_the_bank(self, name: str) -> bool:
        """Whether a name opens with the bank's product prefix or short name (某某安居贷)."""
        prefixes = self.bank_prefixes()
        return bool(prefixes) and name.startswith(prefixes)

    def title_above(self, s: int) -> str | None:
        """The title of the product page whose section heading stands right above the line
        at ``s`` (某某⏎【产品介绍】⏎…): what the line defines is that product."""
        k = next((i for i, (a, b) in enumerate(self.lines) if a <= s <= b), 0)
        if k < 2 or not self.rules.page_sections.match(
            self.text[slice(*self.lines[k - 1])].strip()
        ):
            return None
        title = self.text[slice(*self.lines[k - 2])].strip()
        if not 2 <= len(title) <= self.rules.page_title_max or any(
            ch in "，。；：！？,;:!?、【】（）()" for ch in title
        ):
            return None
        return title

    def page_titles(self) -> None:
        """A product page opens with the product's name on a line of its own, followed by
        a section heading such as 【产品介绍】 or 产品特点：: that line is a product. A line
        that itself follows a section heading is that section's content, not a title."""
        rules = self.rules
        lines = self.lines
        for k in range(len(lines) - 1):
            s, e = self.original_line_start(*lines[k]), lines[k][1]
            while s < e and self.text[s] in BLANKS:
                s += 1
            while e > s and self.text[e - 1] in BLANKS:
                e -= 1
            name = self.text[s:e]
            ns, ne = lines[k + 1]
            after = self.text[ns:ne].strip()
            previous = self.text[slice(*lines[k - 1])].strip() if k else ""
            if (
                not 2 <= len(name) <= rules.page_title_max
                or any(ch in "，。；：！？,;:!?、【】（）()" for ch in name)
                or rules.page_sections.match(name)
                or (previous and rules.page_sections.match(previous))
                or self.generic(name)
            ):
                continue
            if rules.page_sections.match(after):
                self.add(s, e, "Product", name, rules.page_title_id, STRENGTH_STRONG)
            elif self.restated(name, after) and self.named_like_a_product(s, e, name):
                self.add(s, e, "Product", name, rules.page_restated_id, STRENGTH_PATTERN)

    def named_like_a_product(self, s: int, e: int, name: str) -> bool:
        """A restated title names a product when it ends in a product's head word (…手机银行,
        …贷) or is coined (a Latin letter, a one-character word or one jieba's dictionary
        does not know: 享档档, 乐存存); a title made of dictionary words only (其他业务,
        当期所得税) is a term a report's notes define."""
        if name.endswith(self.rules.topic_heads) or not all(_is_han(ch) for ch in name):
            return True
        k = s
        for piece in self.pieces(s, e):
            tag, k = self.tags[k], k + len(piece)
            if len(piece) == 1 and tag.startswith("n") and piece not in _AFFIXES:
                return True  # 享档|档
            if len(piece) > 1 and not _is_word(piece) and tag not in _NOT_COINED:
                return True  # 乐存存, 星河|云柜 (not a time word: 当期)
        return False

    def restated(self, name: str, prose: str) -> bool:
        """Whether a prose line opens by naming ``name`` again, whole or spelled out
        (个人网银 -> 个人网上银行: its characters in order), and goes on as a sentence."""
        if len(prose) <= len(name) + self.rules.page_restated_slack:
            return False
        if not any(ch in "，。；,;" for ch in prose):
            return False
        if prose[0] != name[0]:
            return False
        k = 0
        for ch in name:  # the name's characters in order, within the slack
            k = prose.find(ch, k, len(name) + self.rules.page_restated_slack) + 1
            if k == 0:
                return False
        # the spelled-out name may run on a little (企银 -> 企业网上银行) before it is defined
        stop = min(len(prose), len(name) + self.rules.page_restated_slack)
        for j in range(k, stop + 1):
            if self.rules.page_restated_defines.match(prose, j):
                return True
            if j < len(prose) and not _is_han(prose[j]):
                return False
        return False

    def profile_spans(self) -> list[tuple[int, int]]:
        """The stretches of text that are people's career profiles: from a line that opens
        one (a name, 先生/女士, a birth year or a degree) over the lines that go on with it
        (the next person's, a post held, a paragraph the layout wrapped) to the first that
        does not, a numbered heading, or ``max_lines`` lines after the last named one."""
        rule = self.rules.profile
        spans: list[tuple[int, int]] = []
        start = last = -1
        end = 0
        wrapped = False
        for i, (s, e) in enumerate(self.doc.lines):
            line = self.text[s:e]
            named = rule.opener.match(line) is not None
            if start >= 0 and (
                rule.heading.match(line)
                or i - last > rule.max_lines
                or not (named or wrapped or rule.career.search(line))
            ):
                spans.append((start, end))
                start = -1
            if named and (start >= 0 or rule.marks.search(line)):
                if start < 0:
                    start = s
                last = i
            if start >= 0:
                end = e
            wrapped = rule.sentence_end.search(line) is None
        if start >= 0:
            spans.append((start, end))
        return spans

    def outside_non_prose(self, props: list[Proposal]) -> list[Proposal]:
        """Drop spans inside a web or e-mail address: scraped pages print links
        (…/InquireAndUpload/Login) whose pieces look like Latin brand names."""
        spans = [(m.start(), m.end()) for m in self.rules.non_prose.finditer(self.text)]
        if not spans:
            return props
        return [p for p in props if not any(a < p.end and p.start < b for a, b in spans)]

    def within_cells(self, props: list[Proposal]) -> list[Proposal]:
        """Drop names read across the break between two rows of a flattened table: the
        view joins a wrapped row to the next (「…2023 年度关联交易情⏎制委员会  委员：…」),
        so a name there glues the end of one column to the start of another."""
        original = self.ctx.document.text
        to_original = self.ctx.view.to_original
        out = []
        for p in props:
            # the break in the original text the name's span covers (no Span made for it)
            s, e = to_original(*self.t.view_span(p.start, p.end))
            brk = original.find("\n", s, e)
            if brk >= 0:
                before = original[original.rfind("\n", 0, brk) + 1 : brk]
                nxt = original.find("\n", brk + 1)
                after = original[brk + 1 : nxt if nxt >= 0 else len(original)]
                if COLUMN_GAP.search(before) and COLUMN_GAP.search(after):
                    continue
            out.append(p)
        return out

    def outside_profiles(self, props: list[Proposal]) -> list[Proposal]:
        """Drop the names a career profile gives (the schools, firms and committees of a
        career) but the bank's own places and companies and the names the lexicon knows."""
        rule = self.rules.profile
        spans = self.profile_spans()
        if not spans:
            return props
        return [
            p
            for p in props
            if p.kind in rule.keep_kinds
            or p.rule.startswith(rule.keep_rules)
            or not any(a <= p.start and p.end <= b for a, b in spans)
        ]

    def original_line_start(self, s: int, e: int) -> int:
        """Where the last line of the original text begins within the compact line [s, e):
        the view may have joined lines the layout broke (a telephone number line and the
        title after it)."""
        vs, ve = self.t.view_span(s, e)
        span = self.ctx.span(vs, ve)
        cut = span.quote.rfind("\n")
        if cut < 0:
            return s
        start = span.start + cut + 1
        k = e
        # each character's original start, without a Span (and its quote) made for it
        to_original = self.ctx.view.to_original
        while k > s and to_original(*self.t.view_span(k - 1, k))[0] >= start:
            k -= 1
        return k


@family(
    "family.question_topics",
    reads=("boundary_words", "definition", "lead_trim", "page_title", "question_topic"),
)
def question_topics(doc: DocContext, found: Found) -> Proposals:
    """The topic of a question heading (如何办理…？) on a product page."""
    return _Pages.propose(doc, found, _Pages.question_topics)


@family("family.page_titles", reads=("page_title", "question_topic"))
def page_titles(doc: DocContext, found: Found) -> Proposals:
    """A product page's title line before its first section heading."""
    return _Pages.propose(doc, found, _Pages.page_titles)


@step("step.outside_profiles", reads=("profile",))
def outside_profiles(doc: DocContext, found: Found, props: list[Proposal]) -> list[Proposal]:
    """No name of a career profile but the bank's own and the lexicon's."""
    return _Pages(doc, found).outside_profiles(props)


@step("step.within_cells")
def within_cells(doc: DocContext, found: Found, props: list[Proposal]) -> list[Proposal]:
    """No name across two rows of a flattened table."""
    return _Pages(doc, found).within_cells(props)


@step("step.outside_non_prose", reads=("non_prose",))
def outside_non_prose(doc: DocContext, found: Found, props: list[Proposal]) -> list[Proposal]:
    """No name inside a web or e-mail address."""
    return _Pages(doc, found).outside_non_prose(props)
