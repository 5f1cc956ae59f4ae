"""Trigger patterns: each rule of the table matched sentence by sentence over the
skeleton, its subjects and objects paired (in order where the text says 分别, as
runs where the rule says so, with their givers for awards) and kept where the
relation allows their kinds and no negation or plan qualifies them.
"""

from __future__ import annotations

import re

from kg.grammar import LIST_MARKS, QUOTE_CLOSERS, QUOTE_PAIRS, char_class
from kg.relations.evidence import Collector
from kg.relations.places import fallback
from kg.relations.rules import Trigger
from kg.relations.skeleton import Item, Skeleton, qualified


def run_trigger(doc: Skeleton, trigger: Trigger, out: Collector) -> None:
    """Match one trigger in every sentence (or paragraph); pair its subjects and objects,
    found in its groups or where the rule says to look, and keep the pairs whose kinds
    the relation allows and that no negation or plan qualifies."""
    pieces = doc.pieces.get(trigger.scope)
    if pieces is None:  # each unit's text cut once per document, not once per trigger
        spans = {
            "paragraph": doc.paragraphs,
            "document": [(0, len(doc.text))],
        }.get(trigger.scope, doc.units)
        pieces = doc.pieces[trigger.scope] = [(u0, u1, doc.text[u0:u1]) for u0, u1 in spans]
    rules = doc.rules
    subject_kinds = trigger.subject_kinds or rules.kinds_at(trigger.predicate, 0)
    object_kinds = trigger.object_kinds or rules.kinds_at(trigger.predicate, 1)
    finditer = trigger.pattern.finditer
    if trigger.needs is not None:  # no match in a unit without one of these characters
        pieces = [pieces[k] for k in _holding(doc, trigger.scope, pieces, trigger.needs)]
    for u0, u1, piece in pieces:
        for m in finditer(piece):
            ms, me = u0 + m.start(), u0 + m.end()
            if qualified(doc, ms, me, doc.unit_of(ms)[0]):
                continue
            groups = m.groupdict()
            subjects = _group(doc, m, u0, "subj", subject_kinds)
            if "subj" not in groups:
                subjects = fallback(doc, trigger.subject, ms, me, (u0, u1), subject_kinds)
                if trigger.runs:
                    subjects = _runs(doc, subjects, subject_kinds)
            award_run = (
                frozenset({"Organization"}) if trigger.predicate == "received" else frozenset()
            )
            objects = _group(doc, m, u0, "obj", object_kinds | award_run)
            if "obj" not in groups:
                objects = fallback(doc, trigger.object, ms, me, (u0, u1), object_kinds)
            givers = _group(doc, m, u0, "giver", frozenset({"Organization"}))
            if trigger.predicate == "received":
                pairs = _awards(objects, givers)
                if not givers and trigger.giver:
                    found = fallback(
                        doc, trigger.giver, ms, me, (u0, u1), frozenset({"Organization"})
                    )
                    pairs = [(a, g or (found[-1] if found else None)) for a, g in pairs]
            else:
                if trigger.predicate != "versionOf":
                    subjects, objects = _editions(doc, subjects), _editions(doc, objects)
                pairs = [(o, None) for o in objects]
            if trigger.subject_name:
                name = trigger.subject_name
                subjects = [s for s in subjects if name.search(s.mention.name)]
            if trigger.object_name:
                name = trigger.object_name
                pairs = [(o, g) for o, g in pairs if name.search(o.mention.name)]
            combos = [(s, o, g) for s in subjects for o, g in pairs]
            if trigger.mutual:  # 「A、B、C联合…」: each with each, once, in text order
                combos = [(a, b, None) for i, a in enumerate(subjects) for b in subjects[i + 1 :]]
            if trigger.unless_quoted_apart:
                combos = [(s, o, g) for s, o, g in combos if not _quoted_apart(doc, s, o)]
            if trigger.predicate != "received":
                respective = _respectively(doc, subjects, [o for o, _ in pairs])
                if respective is not None:
                    combos = [(s, o, None) for s, o in respective]
            for s, o, g in combos:
                predicate = rules.resolve(trigger.predicate, s.kind, o.kind)
                if predicate is None:
                    continue
                ends = [p for p in (s.pos, o.pos) if u0 <= p < u1]
                lo = min([ms, *ends])
                hi = max([me, *(p + 1 for p in ends)])
                outside = [p for p in ends if not (ms <= p < me)]
                if any(qualified(doc, p, hi, doc.unit_of(p)[0]) for p in outside):
                    continue
                out.add(
                    s.mention,
                    predicate,
                    o.mention,
                    doc.span(lo, hi),
                    trigger.id,
                    g.mention if g else None,
                )


def _holding(
    doc: Skeleton, scope: str, pieces: list[tuple[int, int, str]], chars: frozenset[str]
) -> list[int]:
    """The indexes, in order, of the units of ``scope`` that hold any of ``chars`` (which
    units hold a character is looked up once per document and scope)."""
    found: set[int] = set()
    for ch in chars:
        where = doc.holding.get((scope, ch))
        if where is None:
            where = doc.holding[(scope, ch)] = [
                k for k, (_, _, piece) in enumerate(pieces) if ch in piece
            ]
        if len(chars) == 1:
            return where
        found.update(where)
    return sorted(found)


def _editions(doc: Skeleton, items: list[Item]) -> list[Item]:
    """The editions in place of the product they qualify: in 「“幸福版”和“尊享版”手机银行」
    the things launched or aimed are the two editions, not 手机银行 itself."""
    out: list[Item] = []
    for it in items:
        run = edition_run(doc, it)
        for x in run or [it]:
            if x not in out:
                out.append(x)
    return out


def edition_run(doc: Skeleton, base: Item) -> list[Item]:
    """The quoted editions printed right before a product (「“美好家园版”手机银行」)."""
    if base.kind != "Product" or base.pos < 0 or is_edition(doc, base):
        return []
    run: list[Item] = []
    pos = base.pos
    while pos > 0:
        prev = doc.at.get(pos - 1)
        if prev is None and pos > 1 and doc.text[pos - 1] in LIST_MARKS:
            prev = doc.at.get(pos - 2) if run else None
        if prev is None or prev.kind != "Product" or not is_edition(doc, prev):
            break
        run.insert(0, prev)
        pos = prev.pos
    return run


def is_edition(doc: Skeleton, it: Item) -> bool:
    return bool(doc.rules.edition.search(it.mention.name))


def _respectively(
    doc: Skeleton, subjects: list[Item], objects: list[Item]
) -> list[tuple[Item, Item]] | None:
    """1-1 pairs for 「针对A和B分别推出X和Y」: two runs of the same length with 分别 (or
    各自) from the clause of their first member to their last one, or a run of editions
    (each edition of a product is made for one audience); None where the text does not
    pair them."""
    if len(subjects) < 2 or len(subjects) != len(objects):
        return None
    places = [it.pos for it in (*subjects, *objects)]
    if min(places) < 0 or set(subjects) & set(objects):
        return None
    editions = all(is_edition(doc, it) for it in subjects)
    start = doc.clause_start(min(places), doc.unit_of(min(places))[0])
    if not editions and not doc.rules.respectively.search(doc.text, start, max(places)):
        return None
    first = sorted(subjects, key=lambda it: it.pos)
    second = sorted(objects, key=lambda it: it.pos)
    return list(zip(first, second, strict=True))


def _runs(doc: Skeleton, items: list[Item], kinds: frozenset[str]) -> list[Item]:
    """Each item with the list it stands in (「推出“A”“B”系列产品，服务…」: A and B, not
    only the B found nearest): neighbours of the fitting kinds joined by a list word, or
    of the item's own kind joined by nothing (「某行某分行荣获」: a bank right before a
    branch owns it, it is no second winner)."""
    out: list[Item] = []
    for it in items:
        run = [it]
        if it.pos >= 0:
            for step in (-1, 1):
                pos = it.pos
                while True:
                    nxt = _neighbour(doc, pos, step)
                    if nxt is None or nxt.kind not in kinds:
                        break
                    if abs(nxt.pos - pos) == 1 and nxt.kind != it.kind:
                        break
                    run.append(nxt)
                    pos = nxt.pos
        for x in sorted(run, key=lambda x: x.pos):
            if x not in out:
                out.append(x)
    return out


def _neighbour(doc: Skeleton, pos: int, step: int) -> Item | None:
    """The mention next to ``pos`` in a list (at most one list word between them)."""
    nxt = doc.at.get(pos + step)
    if nxt is None and 0 <= pos + step < len(doc.text) and doc.text[pos + step] in LIST_MARKS:
        nxt = doc.at.get(pos + 2 * step)
    return nxt


_QUOTED_APART = re.compile(
    char_class(QUOTE_CLOSERS - {"》"}) + r"\s*" + char_class(set(QUOTE_PAIRS) - {"《"})
)
"""A closing quote then an opening one (book-title marks aside): two names side by side."""


def _quoted_apart(doc: Skeleton, a: Item, b: Item) -> bool:
    """Two names each in its own quotes side by side (「“招卓”“朝朝宝”系列」): a list of
    two things, not one name qualifying the other."""
    if a.pos < 0 or b.pos < 0:
        return False
    first, second = (a, b) if a.pos < b.pos else (b, a)
    if second.pos != first.pos + 1:
        return False
    between = doc.ctx.view.text[first.end : second.start]
    return bool(_QUOTED_APART.fullmatch(between.strip()))


def _group(
    doc: Skeleton, m: re.Match[str], u0: int, name: str, kinds: frozenset[str]
) -> list[Item]:
    if m.groupdict().get(name) is None:
        return []
    s, e = m.span(name)
    return [it for it in doc.mentions_in(u0 + s, u0 + e) if it.kind in kinds]


def _awards(objects: list[Item], givers: list[Item]) -> list[tuple[Item, Item | None]]:
    """Awards in a run like 《A》《B》「X」「Y」、《C》「Z」, each with the givers before it;
    as many givers as awards right after them (「《A》《B》评选的“X”“Y”」) pair in order."""
    blocks: list[tuple[list[Item], list[Item]]] = []
    current: list[Item] = list(givers)
    awards: list[Item] = []
    for it in objects:
        if it.kind == "Organization":
            if awards:
                blocks.append((current, awards))
                current, awards = [], []
            current.append(it)
        elif it.kind == "Award":
            awards.append(it)
    if awards:
        blocks.append((current, awards))
    pairs: list[tuple[Item, Item | None]] = []
    for block_givers, block_awards in blocks:
        if len(block_givers) >= 2 and len(block_givers) == len(block_awards):
            pairs.extend(zip(block_awards, block_givers, strict=True))
            continue
        heads: list[Item | None] = list(block_givers) or [None]
        for award in block_awards:
            pairs.extend((award, g) for g in heads)
    return pairs
