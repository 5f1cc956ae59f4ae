"""Lines of business a report's headings name. An annual report reviews its business line
by line under short headings (「资产托管」, 「做市服务」, 「汽车金融贷款」) and reports each
line's figures as the bank's (「2024年末，本行托管净值规模9.10万亿元」); the figure is the
line's. The entity stage names products the text cues; a heading line that names a line of
business by its head word (服务, 托管, 贷款, ...) is one too, found here from the layout, the
way a table's layout names its regions (:func:`kg.figures.tables.row_mentions`)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from re import _parser as sre_parse  # type: ignore[attr-defined]

from kg.figures.locate import Block
from kg.figures.rules import LineHeadings
from kg.models import Mention, TextContext
from kg.normalize import display_name

SENTENCE_ENDS = "。！？；”」』"

LINE_RULES = "obs.line."
"""The prefix of the rules of the mentions this module makes."""


_COVERED: list = [None, None, ()]
"""The context and mentions :func:`_covered` was last asked about, and their bounds."""


def _covered(ctx: TextContext, mentions: Sequence[Mention]) -> tuple[tuple[int, int], ...]:
    """The view bounds of ``mentions``: made once for the finders of this module, which
    each ask for those of the same mentions of a document (the same objects)."""
    if _COVERED[0] is ctx and _COVERED[1] is mentions:
        return _COVERED[2]
    bounds = tuple([ctx.view_bounds(m.span) for m in mentions])
    _COVERED[:] = [ctx, mentions, bounds]
    return bounds


def is_line(mention: Mention) -> bool:
    """Whether a mention is a line of business only a heading names (made here)."""
    return mention.rule.startswith(LINE_RULES)


def line_mentions(
    ctx: TextContext,
    view: tuple[int, int],
    blocks: Sequence[Block],
    mentions: Sequence[Mention],
    rules: LineHeadings | None,
) -> tuple[Mention, ...]:
    """A mention for each heading line of ``view`` that names a line of business: a line of
    its own, between ``min_chars`` and ``max_chars`` Han characters ending with a head
    word of ``heads``, not one of ``aggregates`` (「零售贷款」 is a book of the bank, not
    a line), after a line that ends a sentence (or nothing) and before a line of
    text, outside tables, that no mention covers already. A line after a line that does
    not end a sentence is an item of a menu or a wrapped line, not a heading."""
    if rules is None:
        return ()
    text = ctx.view.text
    lo, hi = view
    covered = _covered(ctx, mentions)
    out: list[Mention] = []
    lines = text[lo:hi].split("\n")
    at = lo
    prev = ""
    for k, raw in enumerate(lines):
        start = at + (len(raw) - len(raw.lstrip()))
        at += len(raw) + 1
        line = raw.strip()
        before, prev = prev, line if line else prev
        if not (rules.min_chars <= len(line) <= rules.max_chars):
            continue
        if not all("\u4e00" <= ch <= "\u9fff" for ch in line):
            continue
        if not line.endswith(rules.heads) or line in rules.aggregates:
            continue
        if before and before[-1] not in SENTENCE_ENDS:
            continue
        nxt = next((x.strip() for x in lines[k + 1 :] if x.strip()), "")
        if len(nxt) <= rules.max_chars:
            continue  # a list of names, or the heading of nothing
        end = start + len(line)
        if any(b.start <= start < b.end for b in blocks):
            continue
        if any(s < end and start < e for s, e in covered):
            continue
        span = ctx.span(start, end)
        out.append(
            Mention(
                span.quote, display_name(line), rules.kind, span, ctx.sentence_at(start), rules.id
            )
        )
    return tuple(out)


def flow_mentions(
    ctx: TextContext,
    view: tuple[int, int],
    blocks: Sequence[Block],
    mentions: Sequence[Mention],
    rules: LineHeadings | None,
) -> tuple[Mention, ...]:
    """A mention for each line of business whose flow a clause reports by name
    (「并购业务发生额510.35亿元」, 「；银团业务发生额……」): the words ending with
    ``flow_line`` right before ``flow_measure``, back to the clause's start, the bank's
    own word (本行) or a function word, when ``min_chars`` to ``max_chars`` long and not
    covered by a mention already. The figure's metric then parts at it (step metric_name:
    并购业务, 发生额)."""
    if rules is None or not rules.flow_measure:
        return ()
    text = ctx.view.text
    lo, hi = view
    covered = _covered(ctx, mentions)
    out: list[Mention] = []
    key = rules.flow_line + rules.flow_measure
    at = text.find(key, lo, hi)
    while at >= 0:
        end = at + len(rules.flow_line)
        start = at
        while start > lo and "\u4e00" <= text[start - 1] <= "\u9fff":
            if text[start - 1] in rules.flow_stops or text.endswith(rules.flow_owners, lo, start):
                break
            start -= 1
        name = text[start:end]
        if (
            rules.min_chars <= len(name) <= rules.max_chars
            and not any(b.start <= start < b.end for b in blocks)
            and not any(s < end and start < e for s, e in covered)
        ):
            span = ctx.span(start, end)
            out.append(
                Mention(
                    span.quote,
                    display_name(name),
                    rules.kind,
                    span,
                    ctx.sentence_at(start),
                    rules.flow_id,
                )
            )
        at = text.find(key, at + len(key), hi)
    return tuple(out)


ROW_BREAKDOWN = ("其中：", "其中:")
"""What opens the label of a row that breaks the row above down (「其中：住房按揭贷款余额」)."""


def row_mentions(
    ctx: TextContext,
    blocks: Sequence[Block],
    mentions: Sequence[Mention],
    rules: LineHeadings | None,
) -> tuple[Mention, ...]:
    """A mention for each line of business a table's row names: a row label that is a
    line ending with one of ``row_heads`` (a kind of loan) and then one of
    ``row_measures`` (「其中：住房按揭贷款余额」, 「消费性贷款余额」), ``min_chars`` to
    ``max_chars`` Han characters, not one of ``aggregates`` (「个人贷款」 is a whole
    book of the bank) and not covered by a mention already. A table that breaks a
    book down row by row reports each row's line (住房按揭贷款, 余额); the table's
    metric namer then parts the row's label at it."""
    if rules is None or not rules.row_heads:
        return ()
    text = ctx.view.text
    covered = _covered(ctx, mentions)
    out: list[Mention] = []
    seen: set[str] = set()
    for block in blocks:
        if block.kind != "grid":
            continue
        bare = _bare_rows(block, rules)
        for row in block.rows:
            label, start = row.label, row.start
            if text[start : start + len(label)] != label:
                continue
            opener = next((o for o in ROW_BREAKDOWN if label.startswith(o)), "")
            label, start = label[len(opener) :], start + len(opener)
            measure = next((m for m in rules.row_measures if label.endswith(m)), None)
            if measure is None and not bare:
                continue
            name = label[: -len(measure)] if measure else label
            end = start + len(name)
            if (
                not name.endswith(rules.row_heads)
                or name in rules.aggregates
                or name in seen
                or not (rules.min_chars <= len(name) <= rules.max_chars)
                or not all("\u4e00" <= ch <= "\u9fff" for ch in name)
                or any(s < end and start < e for s, e in covered)
            ):
                continue
            seen.add(name)
            span = ctx.span(start, end)
            out.append(
                Mention(
                    span.quote,
                    display_name(name),
                    rules.kind,
                    span,
                    ctx.sentence_at(start),
                    rules.row_id,
                )
            )
    return tuple(out)


def _bare_rows(block: Block, rules: LineHeadings) -> bool:
    """Whether a grid breaks loans down by kind, one kind a row with no measure of its own
    (「个人住房贷款」, 「个人消费贷款」 over 金额 and 占总额百分比 columns): at least
    ``row_bare_min`` row labels are kinds of ``row_heads`` that are no whole book
    (``aggregates``). Such a row is its line (obs.line.row), the columns its metrics."""
    kinds = {
        row.label
        for row in block.rows
        if row.label.endswith(rules.row_heads)
        and row.label not in rules.aggregates
        and rules.min_chars <= len(row.label) <= rules.max_chars
        and all("\u4e00" <= ch <= "\u9fff" for ch in row.label)
    }
    return len(kinds) >= rules.row_bare_min


CLAUSE_OPENS = "，。；：！？,;:"
"""The marks after which a clause opens (a line break only wraps a line of prose)."""


def card_mentions(
    ctx: TextContext,
    view: tuple[int, int],
    blocks: Sequence[Block],
    mentions: Sequence[Mention],
    rules: LineHeadings | None,
) -> tuple[Mention, ...]:
    """A mention for each card a clause opens with and counts the issue of
    (「；乡村振兴借记卡发卡6.31万张」): the Han words from the clause's start (or the bank's
    own word opening it, 本行) to a card word
    of ``card_ends`` right before ``card_measure`` (or one of ``card_gaps`` and it), with
    at least ``card_min_stem`` characters before the card word, no function word of
    ``card_stops`` and no opening word of ``card_not_openers``, ``max_chars`` at most,
    that no mention covers or crosses (the words the entity stage found inside it,
    乡村振兴 and 借记卡, are parts of its name). The figure is the card's (step clause),
    its issue count the metric (发卡量)."""
    if rules is None or not rules.card_measure:
        return ()
    text = ctx.view.text
    lo, hi = view
    covered = _covered(ctx, mentions)
    out: list[Mention] = []
    at = text.find(rules.card_measure, lo, hi)
    while at >= 0:
        end = at
        gap = next((g for g in rules.card_gaps if text.endswith(g, lo, end)), "")
        end -= len(gap)
        start = end
        while start > lo and "\u4e00" <= text[start - 1] <= "\u9fff":
            if text.endswith(rules.flow_owners, lo, start):
                break
            start -= 1
        before = start
        owner = next((o for o in rules.flow_owners if text.endswith(o, lo, before)), "")
        before -= len(owner)
        while before > lo and text[before - 1].isspace():
            before -= 1
        name = text[start:end]
        card = next((c for c in rules.card_ends if name.endswith(c)), None)
        if (
            card is not None
            and len(name) - len(card) >= rules.card_min_stem
            and (before == lo or text[before - 1] in CLAUSE_OPENS)
            and _plain_name(rules, name, start, end, rules.card_not_openers, blocks, covered)
        ):
            out.append(_line_mention(ctx, rules.kind, name, start, end, rules.card_id))
        at = text.find(rules.card_measure, at + len(rules.card_measure), hi)
    return tuple(out)


def _plain_name(
    rules: LineHeadings,
    name: str,
    start: int,
    end: int,
    openers: tuple[str, ...],
    blocks: Sequence[Block],
    covered: Sequence[tuple[int, int]],
) -> bool:
    """Whether a line's name is short, holds no function word, opens with none of
    ``openers``, lies outside the tables and crosses no mention."""
    return (
        len(name) <= rules.max_chars
        and not any(ch in rules.card_stops for ch in name)
        and not name.startswith(openers)
        and not any(b.start <= start < b.end for b in blocks)
        and not any(_crosses(s, e, start, end) for s, e in covered)
    )


def _line_mention(
    ctx: TextContext, kind: str, name: str, start: int, end: int, rule: str
) -> Mention:
    """The mention of a line's name at ``start:end`` of the view."""
    span = ctx.span(start, end)
    return Mention(span.quote, display_name(name), kind, span, ctx.sentence_at(start), rule)


def _crosses(s: int, e: int, start: int, end: int) -> bool:
    """Whether a mention at ``s:e`` covers or crosses a name at ``start:end`` (one
    inside it is a part of the name)."""
    return s < end and start < e and (s < start or e > end or (s, e) == (start, end))


COUNTED = "数个家类套"
"""What follows a system's head when the systems are counted (合作平台数): a class."""


def system_mentions(
    ctx: TextContext,
    view: tuple[int, int],
    blocks: Sequence[Block],
    mentions: Sequence[Mention],
    rules: LineHeadings | None,
    verbs: tuple[str, ...] = (),
) -> tuple[Mention, ...]:
    """A mention for each system or platform a clause opens with and goes straight on from
    (「网络金融智能风控系统监控交易超过285亿笔」): the Han words from the clause's start (or
    the bank's own word opening it) to a head of ``system_heads`` with Han words after it,
    at least ``system_min_stem`` characters before the head, no count after it (合作平台数
    counts a class of platforms), no function word of
    ``card_stops``, not opening with a word of ``verbs`` or ``card_not_openers`` (「升级
    某某系统」 launches it) or ``system_generic`` (「关键业务系统」 is a class of systems),
    ``max_chars`` at most, that no mention covers or crosses. The figures of the clause
    are the system's (step clause)."""
    if rules is None or not rules.system_heads:
        return ()
    text = ctx.view.text
    lo, hi = view
    covered = _covered(ctx, mentions)
    openers = rules.card_not_openers + rules.system_generic + verbs
    out: list[Mention] = []
    for head in rules.system_heads:
        at = text.find(head, lo, hi)
        while at >= 0:
            end = at + len(head)
            start = at
            while start > lo and "\u4e00" <= text[start - 1] <= "\u9fff":
                if text.endswith(rules.flow_owners, lo, start):
                    break
                start -= 1
            before = start
            while before > lo and text[before - 1].isspace():
                before -= 1
            owner = next((o for o in rules.flow_owners if text.endswith(o, lo, before)), "")
            before -= len(owner)
            name = text[start:end]
            if (
                end < hi
                and "\u4e00" <= text[end] <= "\u9fff"
                and text[end] not in COUNTED
                and len(name) - len(head) >= rules.system_min_stem
                and (before == lo or text[before - 1] in CLAUSE_OPENS)
                and _plain_name(rules, name, start, end, openers, blocks, covered)
            ):
                out.append(_line_mention(ctx, rules.kind, name, start, end, rules.system_id))
            at = text.find(head, end, hi)
    return tuple(sorted(out, key=lambda m: m.span.start))


NUMERALS = {
    "两": 2,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
"""The numerals of a numbered group (「三大新兴行业」)."""

MEMBER = "[\u4e00-\u9fff]{1,12}"
"""A member of a list before a numbered group, with whatever opens the list."""


_MEMBERS = rf"{MEMBER}(?:、{MEMBER}){{1,9}}"
_MEMBERS_WIDTH = sre_parse.parse(_MEMBERS).getwidth()
"""The fewest and most characters the members of a numbered group take (3 and 129)."""
_NUMBERED = re.compile(rf"[{''.join(NUMERALS)}]大")


def _group_matches(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> Iterator[re.Match]:
    """``pattern.finditer(text, lo, hi)`` for the numbered-group pattern (members, then a
    numeral and 大), tried only where a match can start: the members before a numeral and
    大 take ``_MEMBERS_WIDTH`` characters, so a match starts that far before one of them.
    Each of those places is tried in order, as the scan would reach it (the first match
    from a place is the scan's), and the next is looked for after it."""
    fewest, most = _MEMBERS_WIDTH
    pos, tried = lo, lo - 1
    for numbered in _NUMBERED.finditer(text, lo, hi):
        q = numbered.start()
        at = max(pos, q - most, tried + 1)
        while at <= q - fewest:
            tried = at
            found = pattern.match(text, at, hi)
            if found is None:
                at += 1
                continue
            yield found
            pos = found.end()
            at = max(pos, tried + 1)


def group_mentions(
    ctx: TextContext,
    view: tuple[int, int],
    blocks: Sequence[Block],
    mentions: Sequence[Mention],
    rules: LineHeadings | None,
) -> tuple[Mention, ...]:
    """A mention for each numbered group of sectors the text defines by listing its members
    right before it (「甲、乙、丙三大新兴行业」): as many members as the numeral says, then
    the numeral, 大, at most ``group_max_stem`` Han characters and a head of
    ``group_heads``; outside tables and crossing no mention. The group is named where it is
    defined; a metric that opens with its name later is the group's (step metric_name)."""
    if rules is None or not rules.group_heads:
        return ()
    text = ctx.view.text
    lo, hi = view
    covered = _covered(ctx, mentions)
    heads = "|".join(re.escape(h) for h in rules.group_heads)
    pattern = re.compile(
        rf"(?P<members>{_MEMBERS})"
        rf"(?P<name>(?P<n>[{''.join(NUMERALS)}])大[\u4e00-\u9fff]{{0,{rules.group_max_stem}}}?"
        rf"(?:{heads}))"
    )
    out: list[Mention] = []
    for found in _group_matches(pattern, text, lo, hi):
        start, end = found.span("name")
        if found.group("members").count("、") + 1 != NUMERALS[found.group("n")]:
            continue
        if any(b.start <= start < b.end for b in blocks):
            continue
        if any(_crosses(s, e, start, end) for s, e in covered):
            continue
        out.append(
            _line_mention(ctx, rules.group_kind, found.group("name"), start, end, rules.group_id)
        )
    return tuple(out)


CLASS_AFTER_LIST = re.compile(
    r"(?P<members>[\u4e00-\u9fff]{2,12}(?:、[\u4e00-\u9fff]{2,12})+)"
    r"(?:以及|及|和)其[他它](?P<rest>[\u4e00-\u9fff]{2,16})"
)
"""A list closed by the class of its members: 「A债券、B债券及其他某类债券……」."""


CLASS_CUE = re.compile("[及和]其[他它]")
"""What every match of CLASS_AFTER_LIST holds: (以)及 or 和, then 其他 or 其它."""


def class_mentions(
    ctx: TextContext,
    view: tuple[int, int],
    blocks: Sequence[Block],
    mentions: Sequence[Mention],
    rules: LineHeadings | None,
) -> tuple[Mention, ...]:
    """A mention for each class a list of things closes with (「绿色债券、小微债券及其他
    可持续发展类债券交易量……」): the words after 及其他 up to the head noun of at least
    ``class_min_head`` characters that every member ends with (债券), longer than that
    head, outside tables and crossing no mention. A metric that opens with the class is
    the class's (step metric_name: 交易量)."""
    if rules is None or not rules.class_id:
        return ()
    text = ctx.view.text
    lo, hi = view
    if CLASS_CUE.search(text, lo, hi) is None:
        return ()  # no match without one (most texts have none; the pattern is slow)
    covered = _covered(ctx, mentions)
    out: list[Mention] = []
    for found in CLASS_AFTER_LIST.finditer(text, lo, hi):
        members = found.group("members").split("、")
        head = _common_tail(members)
        rest = found.group("rest")
        if len(head) < rules.class_min_head or head not in rest:
            continue
        name = rest[: rest.index(head) + len(head)]
        start = found.start("rest")
        end = start + len(name)
        if len(name) <= len(head) or len(name) > rules.max_chars:
            continue
        if any(b.start <= start < b.end for b in blocks):
            continue
        if any(_crosses(s, e, start, end) for s, e in covered):
            continue
        out.append(_line_mention(ctx, rules.class_kind, name, start, end, rules.class_id))
    return tuple(out)


def _common_tail(words: Sequence[str]) -> str:
    """The longest ending every word shares."""
    tail = words[0]
    for word in words[1:]:
        k = 0
        while k < min(len(tail), len(word)) and tail[-1 - k] == word[-1 - k]:
            k += 1
        tail = tail[len(tail) - k :]
    return tail
