"""The topics a figure's subject may come from when its own clause names none: the
thing an anaphor (平台, 该产品) refers back to, the sentence's topic (a clause opening
with one name, or launching one thing), the paragraph's (its heading, or the thing its
sentences open with) and the section's (the heading a branch's profile stands under).
The steps of :mod:`kg.figures.subject` read them."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import pairwise
from operator import itemgetter

from kg.figures.clause import _are_examples, _subjects
from kg.figures.metric import Named
from kg.figures.rules import ObservationRules, ParagraphTopics
from kg.figures.scan import Scan
from kg.figures.text import (
    _boundary_after,
    _boundary_before,
    _is_item_char,
    _strip_prefix,
    _unbulleted,
)
from kg.grammar import SCOPE_END, char_class
from kg.models import Mention
from kg.normalize import normalize_name

TOPIC_WINDOW = 3000
"""How far back in one paragraph a figure's topic is looked for, in characters: each
figure reads the openings of its paragraph's sentences, which is quadratic in a paragraph
that runs on for pages (text flattened without line breaks)."""


def _referred(
    scan: Scan, lo: int, start: int, rules: ObservationRules
) -> tuple[Mention, str] | None:
    """The thing a clause opening with an anaphor (平台, 该产品) refers back to: the last
    mention of a kind the anaphor can name in the sentence before the clause, with the
    anaphor word."""
    if rules.anaphors is None:
        return None
    text = scan.text
    while start < len(text) and (text[start].isspace() or scan.removed[start]):
        start += 1  # 「年末该模型覆盖率……」: a date before the anaphor
    head, _ = _strip_prefix(text[start : start + 40], rules.openers)
    words = rules.anaphors.words
    if not head.startswith(words):  # one test in C: most clauses open with none
        return None
    word = next((w for w in words if head.startswith(w)), None)
    if word is None:
        return None
    # the names starting in [lo, start] (scan.named is in order of starts), by bisect
    named = scan.named
    first = bisect_left(named, lo, key=itemgetter(0))
    last = bisect_right(named, start, lo=first, key=itemgetter(0))
    earlier = [
        m
        for s, e, m in named[first:last]
        if lo <= s and e <= start and m.kind in rules.anaphors.kinds
    ]
    return (earlier[-1], word) if earlier else None


TOPIC_BREAKS = frozenset("，；：")
_TOPIC_MARK = re.compile(char_class(frozenset("（“「『《）”」』》") | TOPIC_BREAKS))
"""What :func:`_topic_starts` reads: the brackets and quotes, and the breaks."""


NO_TOPIC: tuple[Mention | None, ...] = (None,)


def _topic_starts(text: str, lo: int, hi: int) -> list[int]:
    """Where the clauses of ``text[lo:hi]`` start for a topic: after each ，；： outside
    brackets and quotes, and at ``lo``."""
    starts = [lo]
    depth = 0
    # only the marks, not every character (a range past the text's ends read as before)
    places = (
        (m.start() for m in _TOPIC_MARK.finditer(text, lo, hi))
        if lo >= 0 and hi <= len(text)
        else range(lo, hi)
    )
    for i in places:
        ch = text[i]
        if ch in "（“「『《":
            depth += 1
        elif ch in "）”」』》":
            depth = max(0, depth - 1)
        elif not depth and ch in TOPIC_BREAKS:
            starts.append(i + 1)
    return starts


def _topic(
    scan: Scan, lo: int, hi: int, rules: ObservationRules, launch: bool = True
) -> tuple[tuple[Mention | None, ...], bool]:
    """The subject in force at ``hi`` from the clauses of its sentence before it: the last
    clause that opens with one entity (「“行e通”平台聚焦……，全年交易量……」, across ；
    too), or the bank when the last one opens with 本行/本集团. Empty when none did. The
    flag says the topic is a thing launched in the sentence (:func:`_launched`)."""
    starts = _topic_starts(scan.text, lo, hi)
    topic: tuple[Mention | None, ...] = ()
    by_launch = False
    for a, b in zip(starts, [*starts[1:], hi], strict=True):
        key = (a, b, launch, id(rules))
        said = scan.clause_topics.get(key, _UNSEEN)
        if said is _UNSEEN:
            said = scan.clause_topics[key] = _clause_topic(scan, a, b, rules, launch)
        if said is not None:
            topic, by_launch = said
    return topic, by_launch


_UNSEEN = object()


def _clause_topic(
    scan: Scan, a: int, b: int, rules: ObservationRules, launch: bool
) -> tuple[tuple[Mention | None, ...], bool] | None:
    """What the clause ``[a, b)`` of a sentence makes the topic (see :func:`_topic`), and
    whether a launched thing; None when it leaves the topic as it was. A function of the
    document's scan and the clause: asked once per clause (the clauses before a figure
    are those before the next figure of the sentence too) and kept in the scan."""
    text = scan.text
    keep = [i for i in range(a, b) if not text[i].isspace() and not scan.removed[i]]
    keep = _unbulleted(text, keep)
    if not keep:
        return None
    _, cut = _strip_prefix("".join([text[i] for i in keep]), rules.openers)
    found = _subjects(text, keep[cut:], scan.named, b, rules.object_markers, rules, True)
    first = next((i for i in range(a, b) if not text[i].isspace()), b)
    unit = len(found) == 1 and _acts_for_bank(found[0], rules)
    if unit:
        found = ()  # 「某某部推出……」: the bank acts through its unit, as 本行 does
    launched = None if found or not launch else _launched(scan, a, b, rules)
    last = next((t for t in scan.named if t[2] is found[-1]), None) if found else None
    if last is not None and _are_examples(text, last, scan.named):
        return NO_TOPIC, False  # 「在A、B等12家分行……」: names, not a topic
    if found and any(r.pattern.search(text, a, b) for r in rules.distributive):
        return NO_TOPIC, False  # a list of subjects (分别) is no topic
    if len(found) == 1 and not _own_metric(found[0], rules):
        return (found[0],), False
    if launched is not None:
        return (launched,), True
    if unit or found or any(s <= first < e for s, e in scan.own):
        return NO_TOPIC, False
    return None


def _acts_for_bank(mention: Mention, rules: ObservationRules) -> bool:
    """Whether a name is a unit of the bank acting for it (个人信贷部), not a line of its
    business reporting its own work (运行管理条线)."""
    topics = rules.paragraph_topics
    return (
        topics is not None
        and mention.kind in topics.unit_kinds
        and not mention.name.endswith(topics.unit_lines)
        and not mention.text.endswith(topics.unit_lines)
    )


def _own_metric(mention: Mention, rules: ObservationRules) -> bool:
    """Whether a name is only the opening of its own clause's metric (a line whose flow the
    clause reports, 「并购业务发生额……」): no topic for the clauses after it."""
    lines = rules.line_headings
    return lines is not None and bool(lines.flow_id) and mention.rule == lines.flow_id


def _sentence_topic(
    scan: Scan, lo: int, hi: int, named: Named, metric: str, rules: ObservationRules
) -> tuple[tuple[Mention | None, ...], bool]:
    """The topic of the sentence for a figure whose clause (from ``hi``) names no subject,
    and whether it is a launched thing. A thing launched earlier in the sentence
    (「本行推出“某某贷”，……」) is the subject only of figures that name no thing of their
    own: the clause opens with a verb (服务客户……), the metric carries over or is short
    (余额, 不良率), not 「个人养老金资金账户开户数超300万户」."""
    topic, by_launch = _topic(scan, lo, hi, rules)
    topics = rules.paragraph_topics
    if topics is None or not topic or topic[0] is None:
        return topic, by_launch
    own = not (
        not named.metric
        or len(metric) <= topics.launch_metric
        or _opening(scan, hi, _boundary_after(scan.text, hi, TOPIC_BREAKS), rules)[0]
        == OPENS_CONTINUATION
    )
    if (
        own
        and topic[0].kind in rules.population_kinds
        and not _opens_with_group(metric, topic[0], rules)
    ):
        # 「私人银行客户……，管理资产……」 goes on with the group; 「……小微企业……，普惠型小微
        # 企业贷款余额……」 names a thing of its own: the bank's
        return NO_TOPIC, False
    plain, _ = _topic(scan, lo, hi, rules, launch=False)
    if plain != topic and own:
        topic, by_launch = plain, False
    return topic, by_launch


def _opens_with_group(metric: str, group: Mention, rules: ObservationRules) -> bool:
    """Whether a metric opens with a group's name, its head word (客户) aside:
    「科技企业贷款余额」 after 「科技企业客户数……」 goes on with the group."""
    name = normalize_name(group.name)
    head = next((h for h in rules.segment_heads if name.endswith(h)), "")
    stem = name[: len(name) - len(head)] if len(name) - len(head) >= 2 else name
    return normalize_name(metric).startswith(stem)


def _launched(scan: Scan, a: int, b: int, rules: ObservationRules) -> Mention | None:
    """The named product or initiative a clause ``[a, b)`` launches and ends with
    (「本行推出“某某贷”」, 「推出首款互联网融资产品——某某」, 「开展“某某”专项行动」): the
    subject of the figures after it in its sentence (「……，服务客户约2.6万户」)."""
    topics = rules.paragraph_topics
    if topics is None:
        return None
    text = scan.text
    clause = text[a:b]
    verb = max((clause.rfind(w) + len(w) for w in topics.launch_verbs if w in clause), default=-1)
    if verb < 0:
        return None
    if any(
        a <= s
        and e <= a + verb
        and m.kind in topics.launch_actors
        and not text[a:s].rstrip().endswith(topics.launch_partners)
        for s, e, m in scan.named
    ):
        return None  # 「附属公司某某人寿……合作推出年金产品」: its figures are the actor's
    after = [(s, e, m) for s, e, m in scan.named if a + verb <= s and e <= b]
    if not after or after[-1][2].kind not in topics.launch_kinds:
        return None
    # 「推出面向某某企业的“某某贷”」: the names in what the thing is for (up to the last 的
    # before it) qualify it, and 「推出信用卡专属APP——某某」 names what it is before a dash:
    # only the names after that 的 or dash are what is launched
    of = next(
        (
            i
            for i in range(after[-1][0] - 1, a + verb - 1, -1)
            if text[i] in "的—" and not any(s <= i < e for s, e, _ in after)
        ),
        -1,
    )
    after = [t for t in after if t[0] > of]
    # 「推出线上信贷产品“某某”」: a name right before a quoted one says what it is
    after = [
        t
        for t, nxt in zip(after, [*after[1:], None], strict=True)
        if nxt is None or text[t[1] : nxt[0]].strip() not in ("“", "「", "『")
    ]
    for (_, e0, _), (s1, _, _) in pairwise(after):
        if text[e0:s1].strip("”」』》’ "):
            return None  # a list, or more than a name: not one thing launched
    tail = text[after[-1][1] : b].strip("”」』》’ ，；：。！？\n")
    if len(tail) > topics.launch_tail or not all(_is_item_char(ch) for ch in tail):
        return None
    return after[-1][2]


def _heading_topic(scan: Scan, start: int, rules: ObservationRules) -> Mention | None:
    """The thing the heading lines right above the paragraph starting at ``start`` name
    (「3、企业级智能风控平台」, 「【一线】某分行：……」), if one of them opens with one."""
    topics = rules.paragraph_topics
    assert topics is not None
    text = scan.text
    end = start - 1
    for _ in range(topics.heading_lines):
        if end < 0 or text[end] != "\n":
            return None
        begin = text.rfind("\n", 0, end) + 1
        heading, head, names = _heading_line(scan, begin, end, topics)
        if not heading:
            return None
        if head is not None or names:
            return head
        end = begin - 1
    return None


def _heading_line(
    scan: Scan, begin: int, end: int, topics: ParagraphTopics
) -> tuple[bool, Mention | None, bool]:
    """Whether ``text[begin:end]`` is a heading line (short, no sentence punctuation), the
    thing of a topic kind it opens with (after its numbering and quotes), and whether it
    names anything at all."""
    text = scan.text
    line = text[begin:end]
    if not line.strip() or len(line.strip()) > topics.heading_max:
        return False, None, False
    if any(ch in "。！？；，" for ch in line):
        return False, None, False
    lead = len(line) - len(line.lstrip())
    mark = topics.heading_marks.match(line, lead)
    first = mark.end() if mark else lead
    while first < len(line) and line[first] in '“「『《‘"':
        first += 1
    # the names starting in [begin, end), in order (scan.named is in order of starts), by
    # bisect; those starting at or before the line's first word and ending after it
    named, start = scan.named, itemgetter(0)
    lo = bisect_left(named, begin, key=start)
    inside = named[lo : bisect_left(named, end, lo=lo, key=start)]
    found = [m for s, e, m in inside if e <= end and s <= begin + first < e]
    if found:
        head = found[0]
        return True, (head if head.kind in topics.kinds else None), True
    names = any(e <= end for _, e, _ in inside) or any(begin <= s < end for s, _ in scan.own)
    return True, None, names


def _section_topic(scan: Scan, pos: int, rules: ObservationRules) -> Mention | None:
    """The thing the heading of the section holding ``pos`` opens with: the nearest heading
    line above, across paragraphs and blank lines (「某某分行」 over the paragraphs of its
    profile). None when that heading names no unit of the kinds whose sections report
    their own business (``section_kinds``: a product's heading reaches its paragraph only,
    :func:`_heading_topic`), or none is found within ``section_lines`` lines."""
    topics = rules.paragraph_topics
    if topics is None or topics.section_lines <= 0:
        return None
    text = scan.text
    start = text.rfind("\n", 0, pos) + 1
    if start in scan.sections:
        return scan.sections[start]
    end = start - 1
    topic = None
    for _ in range(topics.section_lines):
        if end < 0:
            break
        begin = text.rfind("\n", 0, end) + 1
        heading, head, _ = _heading_line(scan, begin, end, topics)
        if heading:
            topic = (
                head
                if head is not None
                and (head.kind in topics.section_kinds or head.rule in topics.section_rules)
                else None
            )
            break
        end = begin - 1
    scan.sections[start] = topic
    return topic


OPENS_TOPIC, OPENS_CONTINUATION, OPENS_OTHER = "topic", "continuation", "other"


def _opening(scan: Scan, a: int, b: int, rules: ObservationRules) -> tuple[str, Mention | None]:
    """How the text ``[a, b)`` of a sentence opens, in its first clause with words left
    once dates are masked: with one named thing of a topic kind, with a word showing the
    clause has no subject of its own (累计, 上线以来, 服务, 该产品), or with anything else
    (another name, the bank, a noun). ``("", None)`` when nothing is left."""
    topics = rules.paragraph_topics
    assert topics is not None
    text = scan.text
    starts = _topic_starts(text, a, b)
    for lo, hi in zip(starts, [*starts[1:], b], strict=True):
        keep = [i for i in range(lo, hi) if not text[i].isspace() and not scan.removed[i]]
        keep = _unbulleted(text, keep)
        keep = [i for i in keep if text[i] not in TOPIC_BREAKS]
        first = next((i for i in range(lo, hi) if not text[i].isspace()), hi)
        if any(s <= first < e for s, e in scan.own):
            return OPENS_OTHER, None
        if not keep:
            continue
        raw = "".join([text[i] for i in keep])
        if _opens_with_word(scan, keep, 0, topics.continuations, raw):
            return OPENS_CONTINUATION, None
        if raw.startswith(topics.bank_words):
            return OPENS_OTHER, None
        _, cut = _strip_prefix(raw, rules.openers)
        if _opens_with_word(scan, keep, cut, topics.continuations, raw):
            return OPENS_CONTINUATION, None
        found = _subjects(text, keep[cut:], scan.named, hi, rules.object_markers, rules)
        if len(found) == 1 and found[0].kind in topics.kinds:
            return OPENS_TOPIC, found[0]
        return OPENS_OTHER, None
    return "", None


def _opens_with_word(
    scan: Scan, keep: list[int], at: int, words: tuple[str, ...], kept: str | None = None
) -> bool:
    """Whether the kept characters from ``keep[at]`` open with one of ``words`` as a whole
    word of the tokenizer: 「对公跨境汇款……」 does not open with the verb 对. ``kept``: the
    kept characters joined, when the caller has them."""
    if kept is None:
        kept = "".join([scan.text[i] for i in keep])
    rest = kept[at:]
    if not rest.startswith(words):
        return False  # none opens it (one test in C)
    for word in words:
        if rest.startswith(word):
            after = at + len(word)
            if after >= len(keep) or not scan.word_starts or keep[after] in scan.word_starts:
                return True
    return False


def _paragraph_topic(
    scan: Scan, lo: int, hi: int, rules: ObservationRules
) -> tuple[tuple[Mention, ...], bool]:
    """The paragraph's topic for a figure whose sentence starts at ``lo`` and whose clause
    starts at ``hi``: the thing the heading above the paragraph names, or an earlier
    sentence of the paragraph opens with, when every sentence since opened without a
    subject of its own (累计服务……, 上线以来……, 该产品……), and so does this one up to
    the figure. Empty otherwise. The flag says the heading gave it."""
    topics = rules.paragraph_topics
    if topics is None:
        return (), False
    text = scan.text
    # the figure's own clause ends at its sentence's end too (a clause without a comma
    # must not run on through the rest of a paragraph)
    end = _boundary_after(text, hi, TOPIC_BREAKS | SCOPE_END)
    opens, _ = _opening(scan, lo, end, rules)
    if opens != OPENS_CONTINUATION:
        return (), False
    start = _boundary_before(text, lo, frozenset())
    topic = _heading_topic(scan, start, rules)
    from_heading = topic is not None
    a = start
    if lo - a > TOPIC_WINDOW:  # a paragraph with no line break (pages run on):
        a = min(_boundary_after(text, lo - TOPIC_WINDOW, SCOPE_END) + 1, lo)
    while a < lo:
        b = min(_boundary_after(text, a, SCOPE_END) + 1, lo)
        opens, found = _opening(scan, a, b, rules)
        if opens == OPENS_TOPIC:
            topic, from_heading = found, False
        elif opens == OPENS_OTHER:
            topic, from_heading = None, False
        a = b
    return ((topic,), from_heading) if topic is not None else ((), False)
