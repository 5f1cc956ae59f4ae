"""Distributive lists: a run of figures after 分别/各/respectively pairs, in
order, with the list of things before it (「A、B、C的渗透率分别达到58%、83%、96%」), or,
for a run of changes, with the levels just reported. Counts that disagree pair nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.figures.quantities import Quantity
from kg.figures.rules import ObservationRules
from kg.figures.scan import Scan
from kg.figures.text import _boundary_before, _ends_with, _is_item_char, _strip_prefix
from kg.grammar import FIGURE_SENTENCE_END
from kg.models import Mention

LIST_JOINS = ("以及", "、", "和", "及", "与")


RUN_GAPS = frozenset({"、", "和", "及", "与", "以及", "或"})


PREVIOUS = "previous"


@dataclass(frozen=True)
class Distribution:
    """What the figures of one run are distributed over, in order (分别/各/respectively).

    ``items`` qualify the metric (「全量客户」 + 渗透率) unless ``subjects`` is set: then
    each item is the subject of its figure (「中国石化、国家电网以及中国石油分别以……」).
    ``owner`` is the subject the items break down (「手机银行在……」), if the text names it.
    """

    items: tuple[str, ...]
    subjects: tuple[Mention, ...] | None
    owner: Mention | None
    rule: str
    joined: str = ""
    """The whole list as printed (「活期存款和定期存款」), replaced by each item in a metric
    that names it."""


def _runs(text: str, quantities: list[Quantity]) -> list[list[int]]:
    """Indices of quantities listed one after another: 「58%、83%、96%」, 「1万亿元和8800亿元」."""
    runs: list[list[int]] = []
    for i, q in enumerate(quantities):
        if runs and re.sub(r"\s", "", text[quantities[i - 1].end : q.start]) in RUN_GAPS:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _mention_at(
    named: list[tuple[int, int, Mention]], start: int, end: int
) -> tuple[int, int, Mention] | None:
    """The longest subject mention inside [start, end) that ends at ``end``."""
    best = None
    for s, e, m in named:
        if start <= s < end and e == end and (best is None or s < best[0]):
            best = (s, e, m)
    return best


def _mention_from(
    named: list[tuple[int, int, Mention]], start: int, end: int
) -> tuple[int, int, Mention] | None:
    """The longest subject mention that starts at ``start`` and ends inside [start, end)."""
    best = None
    for s, e, m in named:
        if s == start and e < end and (best is None or e > best[1]):
            best = (s, e, m)
    return best


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _list_items(
    text: str,
    lo: int,
    hi: int,
    named: list[tuple[int, int, Mention]],
    removed: bytearray,
    rules: ObservationRules,
    word_starts: frozenset[int] = frozenset(),
) -> tuple[list[tuple[int, int]], Mention | None] | None:
    """The last 、-list in [lo, hi) that leads up to ``hi`` (only a temporal phrase or one
    clause break may stand between), as item spans, with the subject it breaks down."""
    mark = text.rfind("、", lo, hi)
    if mark < 0:
        return _pair(text, lo, hi, named, removed, rules)
    end = mark + 1
    while end < hi and (text[end].isspace() or _is_item_char(text[end])):
        if any(text.startswith(w, end) for w in rules.list_item_stops):
            break
        end += 1
    gap = text[end:hi]
    after_break = re.split(r"[，,]", gap)
    if len(after_break) > 2 or (
        len(after_break) == 2
        and any(not (text[i].isspace() or removed[i]) for i in range(hi - len(after_break[1]), hi))
    ):
        return None
    if re.search(r"[；;。：:]", gap) or text.startswith("、", end):
        return None
    # the items right of the last 、, split on a closing 和/及/以及/与
    spans: list[tuple[int, int]] = []
    tail = text[mark + 1 : end]
    pos = mark + 1
    for part in re.split(r"(以及|和|及|与)", tail):
        if part in LIST_JOINS:
            pos += len(part)
            continue
        spans.append(_trimmed(text, pos, pos + len(part)))
        pos += len(part)
    # the items left of it, back to the first one
    right = mark
    j = mark - 1
    while j >= lo and (text[j].isspace() or _is_item_char(text[j]) or text[j] == "、"):
        if text[j] == "、":
            spans.insert(0, _trimmed(text, j + 1, right))
            right = j
        j -= 1
    first_start, first_end = _trimmed(text, j + 1, right)
    while first_start < first_end and (text[first_start].isspace() or removed[first_start]):
        first_start += 1  # 「本行核心一级资本充足率、……」: the bank's own name is no item
    _, cut = _strip_prefix(
        text[first_start:first_end],
        rules.openers,
        lambda n: (
            first_start + n in word_starts and text[first_start + n] not in rules.not_word_starts
        ),
    )
    first_start += cut
    found = _mention_at(named, first_start, first_end)
    owner = None
    if found is not None:
        first_start = found[0]
    else:
        squeezed = text[first_start:first_end]
        cut = max(
            (
                squeezed.rfind(w) + len(w)
                for w in (*rules.list_owner_links, "的")
                if w in squeezed  # a link word not found cuts nothing (not its length - 1)
            ),
            default=-1,
        )
        if 0 < cut <= len(squeezed) - 2:
            first_start = first_start + cut
    spans.insert(0, _trimmed(text, first_start, first_end))
    lead = text[lo:first_start].rstrip()
    link = _ends_with(lead, rules.list_owner_links)
    if link:
        before = lead[: -len(link)].rstrip()
        owner_end = lo + len(before)
        found = next((t for t in named if t[1] == owner_end), None)
        owner = found[2] if found else None
    if any(e - s < 1 for s, e in spans):
        return None
    return spans, owner


def _pair(
    text: str,
    lo: int,
    hi: int,
    named: list[tuple[int, int, Mention]],
    removed: bytearray,
    rules: ObservationRules,
) -> tuple[list[tuple[int, int]], Mention | None] | None:
    """Two items joined by 和/及/与 right before the marker, with no 、-list:
    「活期存款和定期存款分别为……」, 「招商银行App和掌上生活App分别……」."""
    start = max(lo, *(text.rfind(d, lo, hi) + 1 for d in "，；：。,;:"))
    while start < hi and (text[start].isspace() or removed[start]):
        start += 1
    chunk = text[start:hi]
    _, cut = _strip_prefix(chunk, rules.openers)
    start += cut
    end = hi
    while end > start and (text[end - 1].isspace() or removed[end - 1]):
        end -= 1
    if any(not (_is_item_char(text[i]) or text[i].isspace()) for i in range(start, end)):
        return None
    parts = [m for m in re.finditer(r"以及|和|及|与", text[start:end])]
    if len(parts) != 1:
        return None
    join = parts[0]
    spans = [
        _trimmed(text, start, start + join.start()),
        _trimmed(text, start + join.end(), end),
    ]
    owner = None
    head = _mention_from(named, *spans[0])
    if head is not None and _mention_at(named, *spans[1]) is None:
        # 「东南亚地区客户存款及贷款分别……」: the name before the first item owns both
        owner, spans[0] = head[2], (head[1], spans[0][1])
    if any(e - s < 2 for s, e in spans):
        return None
    return spans, owner


Plan = tuple["Distribution | str", int, int]


def _distributions(scan: Scan, rules: ObservationRules) -> dict[int, Plan]:
    """For each quantity of a distributive run: what the run pairs with, its place in the
    run and the run's length. A run pairs with the 、-list before its marker (分别, 各,
    respectively), else, if it reports changes, with the levels before it (decided when
    they are known: :data:`PREVIOUS`); a later run of as many figures in the sentence,
    marker or not, pairs with the same list. Counts that disagree pair nothing."""
    text = scan.text
    out: dict[int, Plan] = {}
    last: tuple[int, Distribution] | None = None
    for run in _runs(text, scan.quantities):
        if len(run) < 2:
            continue
        first = scan.quantities[run[0]]
        s_start = _boundary_before(text, first.start, FIGURE_SENTENCE_END)
        before = [q for q in scan.quantities[: run[0]] if q.unit or q.scaled_by or q.bare]
        lo = max(s_start, before[-1].end if before else 0)
        marker = None
        for rule in rules.distributive:
            m = rule.pattern.search(text, lo, first.start)
            if m and (marker is None or m.start() < marker[0]):
                marker = (m.start(), rule.id)
        choice: Distribution | str | None = None
        if marker is not None:
            listed = _list_items(
                text, s_start, marker[0], scan.named, scan.removed, rules, scan.word_starts
            )
            if listed is not None and listed[0][0][0] < lo:
                # 「……分别为712.54亿元、338.16亿元和287.43亿元，分别较上年末增长……」: the
                # figures before the marker are no list of things
                listed = None
            if listed is not None and len(listed[0]) == len(run):
                spans, owner = listed
                joined = re.sub(r"\s", "", text[spans[0][0] : spans[-1][1]])
                mentions = [_mention_at(scan.named, a, b) for a, b in spans]
                a, b = spans[-1]
                head = _mention_from(scan.named, a, b)
                if (
                    mentions[-1] is None
                    and head is not None
                    and all(m is not None and m[2].kind == head[2].kind for m in mentions[:-1])
                ):
                    # 「广东分行、江苏分行普惠贷款余额分别为……」: the last item is a name
                    # followed by the metric all the figures share
                    mentions[-1], spans[-1] = head, (a, head[1])
                items = tuple(re.sub(r"\s", "", text[a:b]) for a, b in spans)
                subjects = None
                starts = [a for a, _ in spans]
                if owner is None and all(
                    m is not None and m[0] == a for m, a in zip(mentions, starts, strict=True)
                ):
                    subjects = tuple(m[2] for m in mentions if m is not None)
                choice = Distribution(items, subjects, owner, marker[1], joined)
            elif (
                listed is None
                and last is not None
                and last[0] == s_start
                and len(last[1].items) == len(run)
            ):
                # 「……分别为5.62万亿元和8.02万亿元，占比分别为41.20%和58.80%」
                choice = last[1]
            elif listed is None:
                choice = PREVIOUS
        elif last is not None and last[0] == s_start and len(last[1].items) == len(run):
            choice = last[1]
        if choice is None:
            continue
        if isinstance(choice, Distribution):
            last = (s_start, choice)
        for k, i in enumerate(run):
            out[i] = (choice, k, len(run))
    return out


def _common_suffix(items: tuple[str, ...]) -> str:
    first = items[0]
    n = 0
    while n < len(first) and all(len(i) > n and i[-1 - n] == first[-1 - n] for i in items):
        n += 1
    return first[len(first) - n :]


def _list_head(items: tuple[str, ...], heads: tuple[str, ...]) -> str:
    """What the last item of a list of metrics says for all of them (「小微、涉农和精准扶贫
    贷款余额」: 贷款余额): from the first of ``heads`` inside it, after its first character."""
    last = items[-1]
    found = [last.find(h, 1) for h in heads if len(h) > 1 and last.find(h, 1) > 0]
    return last[min(found) :] if found else ""


def _qualified(
    item: str,
    metric: str,
    joined: str = "",
    items: tuple[str, ...] = (),
    heads: tuple[str, ...] = (),
) -> str:
    """A metric of one listed item: 「全量客户」 + 渗透率, 「房贷客户」 + 客户数 -> 房贷客户数,
    「活期存款和定期存款」 -> 活期存款 (the whole list in the metric gives way to the item);
    a metric that is the list's end is the list of metrics itself: each item is one."""
    if joined and joined in metric:
        return metric.replace(joined, item)
    if joined and metric and joined.endswith(metric) and items:
        # the clause of the figure saw only the end of the list (、 ends a clause): the
        # items are the metrics (「核心一级资本充足率、一级资本充足率及资本充足率分别为……」),
        # or the last one says for all what they are (「小微、涉农和精准扶贫贷款余额」)
        if len(_common_suffix(items)) > 1:
            return item
        head = _list_head(items, heads)
        return item if not head or item.endswith(head) else item + head
    if metric.startswith(item):
        return metric
    for k in range(min(len(item), len(metric)), 1, -1):
        if item.endswith(metric[:k]):
            return item + metric[k:]
    return item + metric
