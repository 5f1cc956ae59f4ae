"""Newsletter articles closed by a byline (「供稿：<部门>」): the department answers for
what its article is about, and for the product family of each.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator

from kg.grammar import FULL_STOP
from kg.models import Mention, Relation
from kg.normalize import normalize_name
from kg.relations.evidence import Collector
from kg.relations.places import clause_actor
from kg.relations.rules import UNIT_KINDS
from kg.relations.skeleton import Item, Skeleton


def find_articles(doc: Skeleton) -> Iterator[tuple[int, int, Item]]:
    """Newsletter articles: from the end of the heading block after the previous byline
    (or the start of the text) to the byline that closes each, with its department."""
    rule = doc.rules.byline
    start = 0
    for m in rule.pattern.finditer(doc.text):
        dept = doc.at.get(m.start("dept"))
        if dept is None:
            continue
        yield start, m.start(), dept
        start = _after_headings(doc, m.end(), rule.heading_max_chars)


def _after_headings(doc: Skeleton, pos: int, max_chars: int) -> int:
    """Where the next article starts: after the short unpunctuated heading lines that
    follow a byline, or right after the byline when its line runs on into prose."""
    text = doc.text
    nl = text.find("\n", pos)
    rest = text[pos : nl if nl >= 0 else len(text)]
    if len(rest) > max_chars or any(ch in FULL_STOP for ch in rest):
        return pos
    if nl < 0:
        return len(text)
    pos = nl + 1
    while pos < len(text):
        nl = text.find("\n", pos)
        line = text[pos : nl if nl >= 0 else len(text)]
        if len(line) > max_chars or any(ch in FULL_STOP for ch in line.rstrip("\n")):
            return pos
        if nl < 0:
            return len(text)
        pos = nl + 1
    return pos


def run_bylines(doc: Skeleton, out: Collector) -> None:
    """The byline's department answers for what its article is about: the products and
    initiatives named at least ``min_mentions`` times there, unless another article of
    the document names them more often or the article credits them to another unit
    (launched by it, or named right after a joint effort with it); and for the product
    family of each: the base product an edition or version belongs to, and every other
    version or edition of that base the article names (掌上银行4.0, “县域版”, 掌上银行5.0)."""
    rule = doc.rules.byline
    counts = [
        Counter((it.kind, it.key) for it in doc.mentions_in(a0, a1) if it.kind in rule.kinds)
        for a0, a1, _ in doc.articles
    ]
    roots = _version_roots(out.relations)
    for k, (start, end, dept) in enumerate(doc.articles):
        credited = _credited(doc, out, start, end, dept)
        chosen: dict[tuple[str, str], Item] = {}
        for it in doc.mentions_in(start, end):
            key = (it.kind, it.key)
            n = counts[k][key]
            if it.kind not in rule.kinds or n < rule.min_mentions or key in chosen:
                continue
            if any(c[key] > n for c in counts) or key in credited:
                continue
            chosen[key] = it
        family: dict[str, Mention] = {}
        about = {name: it.mention for (kind, name), it in chosen.items() if kind == "Product"}
        about.update(_launched_by(doc, out, start, end, dept))
        for name, mention in about.items():
            base = roots.get(name)
            family.setdefault(base[0] if base else name, base[1] if base else mention)
        answered = [it.mention for it in chosen.values()]
        for root, base_mention in family.items():
            whole = ("Product", root)
            if whole not in chosen and not any(c[whole] > counts[k][whole] for c in counts):
                answered.append(base_mention)
            for it in doc.mentions_in(start, end):
                key = (it.kind, it.key)
                member = it.key in roots and roots[it.key][0] == root
                if it.kind == "Product" and member and key not in chosen and key not in credited:
                    chosen[key] = it
                    answered.append(it.mention)
        byline = doc.span(end, dept.pos + 1)
        for m in answered:
            if doc.rules.resolve("responsibleFor", dept.kind, m.kind) is not None:
                out.add(dept.mention, "responsibleFor", m, byline, rule.id)


def _launched_by(
    doc: Skeleton, out: Collector, start: int, end: int, dept: Item
) -> dict[str, Mention]:
    """The products a sentence of the article says its own department launches or runs."""
    own = normalize_name(dept.mention.name)
    found: dict[str, Mention] = {}
    for r in out.relations:
        if r.predicate != "responsibleFor" or r.object.kind != "Product":
            continue
        pos = bisect_right(doc.view_start, doc.ctx.view_bounds(r.span)[0]) - 1
        if start <= pos < end and normalize_name(r.subject.name) == own:
            found.setdefault(normalize_name(r.object.name), r.object)
    return found


def _version_roots(relations: list[Relation]) -> dict[str, tuple[str, Mention]]:
    """Each version or edition's base product, following chains (an edition of a numbered
    version belongs to the version's base): name -> (base name, a mention of the base)."""
    parent: dict[str, Mention] = {}
    for r in relations:
        if r.predicate == "versionOf":
            parent.setdefault(normalize_name(r.subject.name), r.object)
    roots: dict[str, tuple[str, Mention]] = {}
    for name, base in parent.items():
        seen = {name}
        key = normalize_name(base.name)
        while key in parent and key not in seen:
            seen.add(key)
            base = parent[key]
            key = normalize_name(base.name)
        roots[name] = (key, base)
    return roots


def _credited(
    doc: Skeleton, out: Collector, start: int, end: int, dept: Item
) -> set[tuple[str, str]]:
    """Items an article credits to a unit other than its byline's department: launched by
    that unit, or first named in a sentence that unit acts in or right after a joint
    effort with it."""
    own = normalize_name(dept.mention.name)
    launched: set[tuple[str, str]] = set()
    places: set[int] = set()
    for r in out.relations:
        pos = bisect_right(doc.view_start, doc.ctx.view_bounds(r.span)[0]) - 1
        if not (start <= pos < end):
            continue
        if r.predicate == "responsibleFor" and normalize_name(r.subject.name) != own:
            launched.add((r.object.kind, normalize_name(r.object.name)))
        if r.predicate == "collaboratesWith":
            places.update(range(pos, doc.unit_of(pos)[1]))
    first: dict[tuple[str, str], int] = {}
    for it in doc.mentions_in(start, end):
        first.setdefault((it.kind, it.key), it.pos)
    for pos in first.values():
        agent = clause_actor(doc, pos, doc.unit_of(pos)[0])
        if agent is not None and agent.kind in UNIT_KINDS and agent.key != own:
            places.add(pos)
    return launched | {key for key, pos in first.items() if pos in places}
