"""Reading the words before a quantity: the clause's metric words (openers, link and
change verbs, object verbs stripped), the names that open it (its subjects), and what
carries from clause to clause inside one sentence."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice

from kg.figures.quantities import Quantity
from kg.figures.rules import ChangeRule, LinkRule, ObservationRules
from kg.figures.text import HAN, _ends_with, _is_item_char, _strip_prefix, _unbulleted
from kg.kinds import names
from kg.models import Mention

METRIC_CHARS = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9+（）]")


MAX_METRIC = 16


FOOTNOTE_MARK = re.compile(r"(?:(?<=[\u4e00-\u9fff）])|^)\d{1,2}$")


BARE_COUNTS = frozenset({"数", "数量", "总数", "总量"})

OTHERS = ("及其他", "和其他", "以及其他", "及其它", "和其它")
"""What closes a list by naming the class of its members (「A、B及其他某类债券」)."""


@dataclass
class SentenceState:
    """What carries from clause to clause inside one sentence."""

    subject: Mention | None = None
    metric: str | None = None
    measure: str = "level"
    basis: str | None = None
    direction: str | None = None
    change_rule: str | None = None
    by_unit: dict[str, str] = field(default_factory=dict)
    counted: str | None = None
    level_metric: str | None = None
    embedded: Mention | None = None
    """The name the last figure's metric words opened with: the subject of the changes
    after it that carry its metric over (「对公客户数85.33万户，较上年末增长13.2%」)."""
    named_bank: bool = False
    """Whether the last figure with metric words of its own was the bank's: the changes
    after it that carry its metric over are the bank's too."""


@dataclass
class Clause:
    """The words before a quantity, analysed."""

    metric: str
    subjects: tuple[Mention, ...]
    change: ChangeRule | None
    level_link: bool
    object_verb: str | None
    start: int
    conjunction: bool
    embedded: Mention | None = None
    """A named thing the metric words open with (「对公客户数」, 「某平台签约客户数」),
    taken out of the metric: the figure's subject when the clause names none."""


CONJUNCTIONS = ("", "和", "及", "与", "以及", "或")


_LINK_WORDS: dict[int, tuple[tuple[LinkRule, ...], tuple[str, ...]]] = {}


def _link_words(links: tuple[LinkRule, ...]) -> tuple[str, ...]:
    """Every word of the link rules ``links``, in their order, made once per table (kept
    with the table, so that its id names it)."""
    found = _LINK_WORDS.get(id(links))
    if found is None or found[0] is not links:
        found = _LINK_WORDS[id(links)] = (links, tuple(w for link in links for w in link.words))
    return found[1]


def _analyse_clause(
    text: str,
    start: int,
    q: Quantity,
    rules: ObservationRules,
    removed: bytearray,
    mentions: list[tuple[int, int, Mention]],
    has_basis: bool,
    names: dict[str, Mention] | None = None,
    min_name: int = 2,
    word_starts: frozenset[int] = frozenset(),
) -> Clause:
    keep: list[int] = []
    depth = 0
    bracket = None  # the last bracket of the clause, (open, close)
    opened = -1
    for i in range(start, q.start):
        ch = text[i]
        if ch == "（":
            opened = i if depth == 0 else opened
            depth += 1
            continue
        if ch == "）":
            depth = max(0, depth - 1)
            if depth == 0 and opened >= 0:
                bracket = (opened, i)
                if _gloss(text, opened, i, q.start, removed):
                    keep.extend(range(opened, i + 1))
            continue
        if depth or ch.isspace() or removed[i]:
            continue
        keep.append(i)
    keep = _unbulleted(text, keep)
    raw = "".join(text[i] for i in keep)

    def whole_from(offset: int) -> Callable[[int], bool]:
        """Whether cutting ``n`` characters of ``raw[offset:]`` leaves whole words."""

        def whole(n: int) -> bool:
            at = offset + n
            if at >= len(raw):
                return True
            if raw[at] in rules.not_word_starts:
                return False
            return not word_starts or keep[at] in word_starts

        return whole

    body, cut = _strip_prefix(raw, rules.openers, whole_from(0))
    subjects = _subjects(text, keep[cut:], mentions, q.start, rules.object_markers, rules)
    # 「为丙集团提供融资」: names a preposition governs are no subject, nor the metric
    named = subjects or _subjects(text, keep[cut:], mentions, q.start, (), rules)
    if named:
        last_end = _last_end(named, mentions)
        skip = sum(1 for i in keep[cut:] if i < last_end)
        body, _ = _strip_prefix(body[skip:], rules.openers, whole_from(cut + skip))
        unquoted = body.lstrip('”」』》’"')
        head = rules.subject_head.pattern.match(unquoted)
        if subjects and head and head.end() < len(unquoted):
            # 「“惠懂你”App累计访问量」: App names the subject, the metric is 累计访问量
            body = unquoted[head.end() :]

    for verb in rules.light_verbs:
        if verb in body and body != verb:
            body = body.replace(verb, "")
    change = None
    level_link = False
    object_verb = None
    while True:
        before = body
        body = body.rstrip("了")
        word = _ends_with(body, rules.object_verbs)
        every_link = _link_words(rules.links)
        longer_link = body.endswith(every_link) and any(  # one test in C first
            len(w) > len(word or "") for w in every_link if body.endswith(w)
        )
        if word and not change and not object_verb and not longer_link:
            object_verb = word
            body = body[: -len(word)]
        adverb = _ends_with(body, rules.trailing_adverbs)
        if adverb and body != adverb:
            body = body[: -len(adverb)]  # 「自助终端及智能服务设备共2,000台」, 「存款余额均超过」
        for link in rules.links:
            word = _ends_with(body, link.words)
            if word:
                body = body[: -len(word)]
                level_link = level_link or link.level
                break
        if not change and not level_link:
            for rule in rules.changes:
                word = _ends_with(body, rule.words)
                if word and (not rule.needs_basis or has_basis):
                    change = rule
                    body = body[: -len(word)]
                    break
        if body == before:
            break
    body = body.rstrip("的")
    body, _ = _strip_prefix(body, CONJUNCTIONS[1:])
    if "的" in body:
        tail = body[body.rfind("的") + 1 :]
        body = tail if HAN.search(tail) else body
    if "等" in body:
        body = body[body.rfind("等") + 1 :]
    other = max((body.rfind(w) + len(w) for w in OTHERS if w in body), default=-1)
    if 0 <= other < len(body) and HAN.search(body[other:]):
        body = body[other:]  # 「A、B及其他某类债券交易量」: the class and its measure
    at = raw.rfind(body) if body else -1
    body, _ = _strip_prefix(
        body,
        rules.openers,
        whole_from(at)
        if at >= 0
        else lambda n: n >= len(body) or body[n] not in rules.not_word_starts,
    )
    body = METRIC_CHARS.sub("", body)
    # 「零售客户数 1 （万户）」: a note marker after the name is no part of it
    body = FOOTNOTE_MARK.sub("", body)
    body, held = _strip_prefix(body, rules.holding_verbs)
    if held:
        # 「获得各类奖项共11项」: an opener after the verb of having (各类) says nothing of
        # what is counted either
        body, _ = _strip_prefix(
            body, rules.openers, lambda n: n >= len(body) or body[n] not in rules.not_word_starts
        )
    embedded = None
    if not subjects and names:
        embedded, body = _name_in_metric(body, names, min_name, rules)
        if embedded is not None and bracket is not None:
            embedded = _short_name(text, bracket, embedded, mentions) or embedded
    if len(body) > MAX_METRIC:
        # 「主承销五大重点区域……信用债」: the verb goes before the object is cut
        body, _ = _strip_prefix(body, rules.object_verbs)
    body = body[-MAX_METRIC:]
    if (subjects or embedded) and body in BARE_COUNTS:
        body = ""
    return Clause(
        body, subjects, change, level_link, object_verb, start, raw in CONJUNCTIONS, embedded
    )


GLOSS_MAX = 6
COMPARISONS = ("较", "比", "同比", "环比")
"""Words opening a comparison: what follows a bracket there is no metric word."""
"""The longest bracketed gloss kept inside a metric's words."""


def _gloss(text: str, opened: int, closed: int, number: int, removed: bytearray) -> bool:
    """Whether the bracket ``[opened, closed]`` glosses the noun before it inside the
    metric's words (「全部存款（含同业）余额」, 「县（县级市）支行62家」): a few Han
    characters, and more metric words after it before the number. A bracket right before
    the number or a comparison (「外汇储蓄（含积存金）较年初增加」), a note or a short name
    (以下简称) is no part of the metric."""
    inner = text[opened + 1 : closed]
    after = closed + 1
    while after < number and text[after].isspace():
        after += 1
    return (
        0 < len(inner) <= GLOSS_MAX
        and all("\u4e00" <= c <= "\u9fff" for c in inner)
        and not SHORT_NAME.match(text, opened)
        and after < number
        and "\u4e00" <= text[after] <= "\u9fff"
        and not removed[after]
        and not text.startswith(COMPARISONS, after)
    )


SHORT_NAME = re.compile(r"（\s*(?:以下)?(?:简称|统称|下称)")


def _short_name(
    text: str,
    bracket: tuple[int, int],
    embedded: Mention,
    mentions: list[tuple[int, int, Mention]],
) -> Mention | None:
    """「……的小微企业（以下简称普惠型小微企业）贷款户数」: the name a bracket right after the
    metric's opening name gives it is the thing the figure is about (普惠型小微企业)."""
    lo, hi = bracket
    before = text[max(0, lo - len(embedded.name) - 4) : lo].rstrip()
    if not SHORT_NAME.match(text, lo) or not before.endswith(embedded.name):
        return None
    return next((m for s, e, m in mentions if lo < s and e <= hi), None)


def _name_in_metric(
    body: str, names: dict[str, Mention], shortest: int, rules: ObservationRules
) -> tuple[Mention | None, str]:
    """The longest name of the document the metric words open with, and the words after
    it: 「对公客户数」 -> 对公客户 + 数 when the document names 对公客户. Nothing when no
    name opens them, nothing is left after it, or the rest is a rate over a population
    (「私人银行客户渗透率」, 「信用卡覆盖率」)."""
    for cut in range(len(body) - 1, shortest - 1, -1):
        mention = names.get(body[:cut])
        if mention is not None:
            rest = body[cut:]
            if _ends_with(rest, rules.population_rates):
                return None, body
            if body[:cut] in rules.bank_counted_classes and rest in rules.class_counts:
                return None, body  # 对公客户数: the bank's count of a class of its customers
            return mention, rest
    counted = _segment_count(body, names, rules)
    return counted if counted is not None else (None, body)


_SEGMENTS: list = [None, None, 0, []]
"""The last :func:`_segments` made: of which names (the dict itself), rules, how many."""


def _segments(
    names: dict[str, Mention], rules: ObservationRules
) -> list[tuple[str, Mention, str, str]]:
    """The names of a population segment (a head of ``segment_heads`` after a stem long
    enough, not a class the bank counts as its own), with head and stem: what
    :func:`_segment_count` weighs for every metric of the document, found once per
    ``names`` (made once per document and not changed after) instead of at every metric."""
    cached = _SEGMENTS
    if cached[0] is names and cached[1] is rules and cached[2] == len(names):
        return cached[3]
    out = []
    for name, mention in names.items():
        head = next((h for h in rules.segment_heads if name.endswith(h)), None)
        if head is None or mention.kind not in rules.population_kinds:
            continue
        stem = name[: -len(head)]
        if len(stem) < rules.segment_min_stem or name in rules.bank_counted_classes:
            continue
        out.append((name, mention, head, stem))
    _SEGMENTS[:] = [names, rules, len(names), out]
    return out


def _segment_count(
    body: str, names: dict[str, Mention], rules: ObservationRules
) -> tuple[Mention, str] | None:
    """「私人银行时点达标客户数」, 「私银外汇客户数」, 「时点达标私银客户数」 where the document
    names the segment 私人银行客户 (私银客户): the segment's count of a part of its
    customers, the qualifier inside or before its name; the metric is the qualified count
    (时点达标客户数). The classes the bank counts as its own (对公客户) are not split, nor
    is a verb before the name (新增代发客户, 服务县域客户: the bank's act, not a part of the
    segment)."""
    best: tuple[int, Mention, str] | None = None
    for name, mention, head, stem in _segments(names, rules):
        if body.endswith(head + "数"):  # the two endings tried in turn, no generator
            count = head + "数"
        elif body.endswith(head):
            count = head
        else:
            continue
        if body in (name, name + "数"):
            continue
        qualifier = len(body) - len(stem) - len(count)
        if body.startswith(stem) and qualifier >= rules.segment_min_stem:
            found = (len(stem), mention, body[len(stem) :])
        elif (
            body.endswith(stem + count)
            and qualifier >= rules.segment_min_stem
            and not body.startswith(rules.segment_not_qualifiers)
        ):
            found = (len(name), mention, body[:qualifier] + count)
        else:
            continue
        if best is None or found[0] > best[0]:
            best = found
    return (best[1], best[2]) if best is not None else None


def _modifies(
    text: str,
    named: tuple[Mention, ...],
    mentions: list[tuple[int, int, Mention]],
    stop: int,
    rules: ObservationRules,
) -> bool:
    """Whether the names opening a clause only qualify its metric: the population a rate
    is taken over (「代发工资客户渗透率」, 「某某客户覆盖率」), or a product naming the
    customers of it a rate is taken over (「信用卡客户渗透率」; 「手机银行用户数」 is the
    product's own). The figure is then the subject's the chain finds further on (the
    sentence's topic, the bank), and the metric keeps the name."""
    end = _last_end(named, mentions)
    rest = text[end:stop].lstrip()
    if named[-1].kind in rules.population_kinds and rest.startswith(rules.population_rates):
        return True
    if named[-1].name in rules.bank_counted_classes and (
        not rest
        or rest[0].isdigit()
        or rest.startswith(tuple(rules.class_counts))
        or any(w in rest for w in rules.population_rates)
    ):
        # 「个人客户7.66亿户」, 「对公客户数85.33万户」, 「个人客户线上交易占比94%」: the bank's
        # count of a class of its customers, or its share among them
        return True
    head = next((h for h in rules.modifier_heads if rest.startswith(h)), None)
    return (
        head is not None
        and named[-1].kind in rules.modifier_kinds
        and rest[len(head) :].lstrip().startswith(rules.population_rates)
    )


def _object_marked(text: str, start: int, markers: tuple[str, ...]) -> bool:
    """Whether a preposition stands right before the name at ``start`` (quotes and spaces
    aside): 「与腾讯、某某等320余家平台开展合作」, 「为某某提供」."""
    before = text[max(0, start - 6) : start].rstrip(' \n“「『"')
    for marker in markers:
        if before.endswith(marker):
            ahead = before[: -len(marker)]
            return not (len(marker) == 1 and ahead.endswith(NOT_PREPOSITION))
    return False


def _list_end(
    text: str, last: tuple[int, int, Mention], mentions: list[tuple[int, int, Mention]]
) -> int:
    """Where the list of names of one kind that ``last`` is in ends, read on past any
    bound (a figure's clause may start inside the list: 「广州、|杭州等12家」)."""
    end, kind = last[1], last[2].kind
    for ms, me, mention in mentions[bisect.bisect_left(mentions, end, key=lambda t: t[0]) :]:
        if mention.kind != kind or text[end:ms] not in ("、", "和", "及", "与"):
            break
        end = me
    return end


def _are_examples(
    text: str, last: tuple[int, int, Mention], mentions: list[tuple[int, int, Mention]]
) -> bool:
    """Whether the list of names ``last`` ends (or is in) is followed by 等 and a number:
    examples of the things the number counts (「在深圳、杭州等12家分行设立……」)."""
    return bool(EXAMPLES_COUNTED.match(text, _list_end(text, last, mentions)))


EXAMPLES_COUNTED = re.compile(
    r"\s*等\s*(?:[\u4e00-\u9fff]{1,10}?\s*(?:共计|合计|总数|数量|共|达到|达|超过|超|逾|近|约)"
    r"\s*(?=[\d一二两三四五六七八九十][\d,.，万千百十]*\s*(?:个|家|项|款|只|类|种|条|支|套)))?"
    r"\s*(?:近|约|超过|超|逾)?\s*[\d一二两三四五六七八九十]"
)
"""等 and a number right after names (「深圳、杭州等12家」), or 等, the things counted, a
verb of counting and a count (「上线某助手、某平台等应用场景超200个」): the names are
examples of the things the number counts."""


OPENING_QUOTES = '“「『《‘"'
"""Quotes that may open a name right after a descriptor of it: 「信用卡App“某某”」 names
某某 (the descriptor's head)."""


NOT_PREPOSITION = tuple("成作称认视行因")
"""Characters that make a one-character marker the end of a verb: 成为, 作为, 认为, 行为."""


DESCRIPTOR_MAX = 12
"""The longest descriptor before a quoted name that opens a clause (企业级智能风控平台)."""


def _described(
    text: str,
    first: int,
    mentions: list[tuple[int, int, Mention]],
    stop: int,
    heads: tuple[str, ...],
) -> int:
    """Where the quoted name a clause opening at ``first`` gives after a descriptor of it
    starts (「数字员工“某某”……」: a run of Han characters or letters ending with one of
    ``heads``, then the name in quotes); ``first`` when it opens otherwise."""
    if not heads:
        return first
    last = min(stop, first + DESCRIPTOR_MAX + 1)
    at = bisect.bisect_right(mentions, first + 1, key=lambda t: t[0])
    for ms, _, _ in mentions[at:]:  # mentions are in order of their starts
        if ms > last:
            break
        if text[ms - 1] not in OPENING_QUOTES:
            continue
        words = text[first : ms - 1]
        if words.endswith(heads) and all(_is_item_char(ch) for ch in words):
            return ms
    return first


_ORDER: list = [None, 0, [], []]
"""The last :func:`_order` made: of which mentions (the list itself), how many, what."""


def _order(mentions: list[tuple[int, int, Mention]]) -> tuple[list[int], list[int]]:
    """The starts of ``mentions`` (in order of their starts) and the furthest end of each
    first k + 1 of them: made once per list of a document's mentions (made once, not
    changed after) instead of scanned for each clause."""
    cached = _ORDER
    if cached[0] is mentions and cached[1] == len(mentions):
        return cached[2], cached[3]
    starts = [ms for ms, _, _ in mentions]
    reach: list[int] = []
    furthest = -1
    for _, me, _ in mentions:
        furthest = max(furthest, me)
        reach.append(furthest)
    _ORDER[:] = [mentions, len(mentions), starts, reach]
    return starts, reach


_ENDS: list = [None, 0, {}]
"""The last :func:`_last_end` table: of which mentions (the list itself), how many, what."""


def _last_end(named: tuple[Mention, ...], mentions: list[tuple[int, int, Mention]]) -> int:
    """The furthest end of the entries of ``mentions`` holding one of ``named`` (equal to
    it): each mention's furthest end looked up in a table made once per list, instead of
    every entry compared with every name at each clause. None held: ValueError, as max()
    of nothing."""
    cached = _ENDS
    if not (cached[0] is mentions and cached[1] == len(mentions)):
        table: dict[Mention, int] = {}
        for _, e, m in mentions:
            table[m] = max(e, table.get(m, e))
        _ENDS[:] = [mentions, len(mentions), table]
    ends: dict[Mention, int] = _ENDS[2]
    return max(ends[m] for m in named if m in ends)


def _covered(at: int, mentions: list[tuple[int, int, Mention]]) -> bool:
    """Whether a mention covers position ``at`` (``mentions`` in order of their starts):
    whether the furthest end of those starting at or before it lies after it."""
    starts, reach = _order(mentions)
    k = bisect.bisect_right(starts, at)
    return k > 0 and reach[k - 1] > at


def _starting_at(at: int, mentions: list[tuple[int, int, Mention]]) -> list:
    """The mentions that start at ``at``, in their order (``mentions`` in order of their
    starts)."""
    starts, _ = _order(mentions)
    i = bisect.bisect_left(starts, at)
    out = []
    while i < len(mentions) and mentions[i][0] == at:
        out.append(mentions[i])
        i += 1
    return out


UNIT_KINDS = frozenset(names("unit"))
"""Units of the bank (kinds.yaml): a group of customers named right after one is the unit's,
no head of its name."""


def _subjects(
    text: str,
    keep: list[int],
    mentions: list[tuple[int, int, Mention]],
    stop: int,
    markers: tuple[str, ...] = (),
    rules: ObservationRules | None = None,
    examples: bool = False,
) -> tuple[Mention, ...]:
    """The mention that opens the clause, or the mentions of one kind it lists
    (「江苏、广东、山东分行客户增量超千户」: each branch gets the number); none when a
    preposition makes them its objects (``markers``: 「与腾讯、某某等……合作」) or they only
    qualify the metric (with ``rules``: :func:`_modifies`)."""
    # a name in quotes opens the clause too: 「“工银智能卫士”累计使用量……」
    # (the first kept place that is no quote mark: nothing else of ``keep`` is read)
    first = next((i for i in keep if text[i] not in '“「『《‘"'), -1)
    if first < 0:
        return ()
    # ``mentions`` are in order of their starts: none after ``first`` can cover it
    if rules is not None and not _covered(first, mentions):
        first = _described(text, first, mentions, stop, rules.descriptor_heads)
    found: list[tuple[int, int, Mention]] = []
    # those before the first that ends after ``first`` can neither cover it nor follow
    # a mention that does: the scan starts there
    for ms, me, mention in islice(mentions, bisect.bisect_right(_order(mentions)[1], first), None):
        if not found and ms > first:
            break  # none after can open the clause: nothing more would be found
        if me > stop:
            if not found:
                continue
            break
        if not found:
            if ms <= first < me:
                found.append((ms, me, mention))
            continue
        gap = text[found[-1][1] : ms]
        if (
            ms >= found[-1][1]
            and mention.kind == found[0][2].kind
            and gap in ("、", "和", "及", "与")
        ):
            found.append((ms, me, mention))
        elif ms >= found[-1][1]:
            break
    while found:
        head = found[0]
        gap_end = head[0] - 1
        if gap_end < 0 or text[gap_end] not in "、和及与":
            break
        previous = next(
            (t for t in mentions if t[1] == gap_end and t[2].kind == head[2].kind), None
        )
        if previous is None:
            break
        found.insert(0, previous)
    if found and markers and _object_marked(text, found[0][0], markers):
        return ()
    if found and not examples and _are_examples(text, found[-1], mentions):
        # 「在深圳、杭州等12家分行设立……」: the names are examples of what is counted
        # (``examples`` keeps them: a topic they end)
        return ()
    if len(found) > 1 and re.search("等|分别|各自", text[found[-1][1] : stop]):
        found = found[-1:]
    while len(found) == 1:
        # 「某某银行某某省分行」, 「某某银行信用卡」: a name right after the opening one, with
        # nothing between, is its head: the branch of the bank, the product of the brand
        end = found[0][1]
        heads = [t for t in _starting_at(end, mentions) if end < t[1] <= stop]
        if not heads:
            # 「信用卡App“某某”6.0……」: the quoted name a descriptor opens with, not its
            # edition (the shortest name there)
            heads = sorted(
                (
                    t
                    for t in _starting_at(end + 1, mentions)
                    if text[end] in OPENING_QUOTES and t[1] <= stop
                ),
                key=lambda t: t[1],
            )
        nxt = heads[0] if heads else None
        if nxt is None:
            break
        if found[0][2].kind in UNIT_KINDS and nxt[2].kind == "CustomerSegment":
            break  # 「某某支行小微企业有贷客户数」: the unit's customers of that group
        found = [nxt]
    named = tuple(m for _, _, m in found)
    if named and rules is not None and _modifies(text, named, mentions, stop, rules):
        return ()  # 「代发工资客户渗透率」: the name qualifies the metric
    return named
