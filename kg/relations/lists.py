"""Enumerations (一是… 二是…): what each item launches is part of the product named in
the line that leads into them.
"""

from __future__ import annotations

from collections.abc import Iterator

from kg.grammar import ITEM_OPENERS
from kg.relations.evidence import Collector
from kg.relations.skeleton import Item, Skeleton, qualified


def run_list_items(doc: Skeleton, out: Collector) -> None:
    rule = doc.rules.list_items
    text = doc.text
    for m in rule.marker.finditer(text):
        if not m.group(0).startswith(rule.ordinals[0]):
            continue
        if m.start() > 0 and text[m.start() - 1] not in ITEM_OPENERS:
            continue
        line0 = text.rfind("\n", 0, m.start()) + 1
        lead = (line0, m.start())
        if not text[line0 : m.start()].strip():
            prev0 = text.rfind("\n", 0, max(line0 - 1, 0)) + 1
            units = [u for u in doc.units if prev0 <= u[0] < line0 and text[u[0] : u[1]].strip()]
            if not units:
                continue
            lead = units[-1]
        wholes = [it for it in doc.mentions_in(*lead) if it.kind == "Product"]
        if not wholes:
            continue
        whole = wholes[-1]
        for i0, i1 in _items(doc, m.start()):
            for u0, u1 in doc.units:
                if u1 <= i0 or u0 >= i1:
                    continue
                lo, hi = max(u0, i0), min(u1, i1)
                for part in _launched(doc, lo, hi):
                    out.add(
                        part.mention,
                        "partOf",
                        whole.mention,
                        doc.span(part.pos, part.pos + 1),
                        rule.id,
                    )


def _launched(doc: Skeleton, lo: int, hi: int) -> Iterator[Item]:
    """The products an item's sentence [lo, hi) launches: those after its first launch
    verb, but for a later clause that names where it puts what it launches (「并在P的Q专区
    新增R」 adds R to Q, not to the product that leads the enumeration; P and Q are no
    launch either)."""
    verbs = list(doc.rules.list_items.verbs.finditer(doc.text, lo, hi))
    if not verbs:
        return
    pos = verbs[0].end()
    while pos < hi:
        end = doc.clause_end(pos, hi)
        c0 = max(doc.clause_start(pos, lo), lo)
        own = next((v for v in verbs if c0 <= v.start() < end), None)
        placed = own is not None and c0 > verbs[0].start()
        if own is None or not placed or not _holds(doc, c0, own.start()):
            for part in doc.mentions_in(pos, end):
                if part.kind == "Product" and not qualified(doc, part.pos, part.pos + 1, lo):
                    yield part
        pos = end + 1


def _holds(doc: Skeleton, start: int, end: int) -> bool:
    return any(it.kind == "Product" for it in doc.mentions_in(start, end))


def _items(doc: Skeleton, first: int) -> Iterator[tuple[int, int]]:
    """The spans of 一是… 二是… 三是…: each next marker opens a clause on the same line or
    the next one; the last item ends with its line."""
    text = doc.text
    ordinals = doc.rules.list_items.ordinals
    pos = first
    for k in range(1, len(ordinals) + 1):
        line_end = text.find("\n", pos)
        line_end = len(text) if line_end < 0 else line_end
        nxt = -1
        if k < len(ordinals):
            marker = ordinals[k] + doc.rules.list_items.item_word
            after = line_end + 1 if line_end < len(text) else line_end
            following = text.find("\n", after)
            limit = len(text) if following < 0 else following
            at = text.find(marker, pos + 2, limit)
            if at > 0 and text[at - 1] in ITEM_OPENERS:
                nxt = at
        if nxt < 0:
            yield pos, line_end
            return
        yield pos, nxt
        pos = nxt
