"""Relations read off names alone (手机银行10.0 is a version of 手机银行, 私人银行部
answers for 第一私人银行), and the last pass that keeps the set of relations
consistent.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import replace

from kg.grammar import spelled_parts
from kg.models import ENTITY_KINDS, Mention, Relation
from kg.normalize import normalize_name
from kg.relations.evidence import Collector
from kg.relations.rules import NameRules, RelationRules
from kg.relations.skeleton import DROPPED, Item, Skeleton
from kg.relations.triggers import edition_run


def run_names(doc: Skeleton, mentions: tuple[Mention, ...], out: Collector) -> None:
    rules = doc.rules.names
    by_name: dict[tuple[str, str], Mention] = {}
    for m in mentions:
        by_name.setdefault((m.kind, normalize_name(m.name)), m)
    products = tuple(
        sorted({k for kind, k in by_name if kind == "Product"}, key=lambda k: (-len(k), k))
    )
    done: set[tuple[str, str, str]] = set()
    for it in doc.items:
        for edition in edition_run(doc, it):
            out.add(
                edition.mention,
                "versionOf",
                it.mention,
                doc.span(edition.pos, it.pos + 1),
                rules.edition_before_id,
            )
    # what a product's name gives, judged by the name alone against the document's names
    # (fixed here): once per name, however often it is mentioned
    bases: dict[str, str | None] = {}
    wholes: dict[str, str | None] = {}
    partners: dict[str, list[Mention]] = {}
    segments: dict[str, list[Mention]] = {}
    platforms = _platform_cores(rules, products)
    # the organisations and segments among the names, in order, picked out once
    named_orgs = [
        (other, target)
        for (kind, other), target in by_name.items()
        if kind == "Organization" and len(other) >= rules.partner_min_chars
    ]
    named_segments = [(seg, t) for (kind, seg), t in by_name.items() if kind == "CustomerSegment"]
    for m in mentions:
        key = normalize_name(m.name)
        s, e = doc.ctx.view_bounds(m.span)
        if m.kind == "Product":
            if key not in bases:
                bases[key] = _version_base(rules, key, products)
            base = bases[key]
            if base is not None:
                base_m = by_name.get(("Product", base)) or (
                    _synthetic(doc, m, base) if rules.synthesize_base else None
                )
                if base_m is not None and ("v", key, base) not in done:
                    done.add(("v", key, base))
                    out.add(m, "versionOf", base_m, (s, e), rules.version_id)
                continue
            if key not in wholes:
                wholes[key] = _part_of(rules, key, products, platforms)
                partners[key] = _named_partners(rules, key, named_orgs)
                segments[key] = _named_segments(rules, key, named_segments)
            whole = wholes[key]
            if whole is not None and ("p", key, whole) not in done:
                done.add(("p", key, whole))
                out.add(m, "partOf", by_name[("Product", whole)], (s, e), rules.part_id)
            for target in partners[key]:
                out.add(m, "partnersWith", target, (s, e), rules.partner_id)
            for target in segments[key]:
                out.add(m, "targets", target, (s, e), rules.segment_id)
        if rules.list_separator in key and ("l", key, "") not in done:
            done.add(("l", key, ""))
            for part in _listed_parts(doc, rules, m, key, by_name):
                out.add(part, "partOf", m, (s, e), rules.list_id)
        if m.kind in ("Department", "Subsidiary"):
            core = _core(rules, key)
            if core is None:
                continue
            for (kind, name), target in by_name.items():
                tail = 0 < rules.scope_min_tail <= len(name)
                named = core in name or (tail and core.endswith(name))
                if kind == "Strategy" and named and ("r", key, name) not in done:
                    done.add(("r", key, name))
                    out.add(m, "responsibleFor", target, (s, e), rules.scope_id)


_QUOTED = re.compile(r"[“「『‘\"]([^”」』’\"\n]{1,30})[”」』’\"]")


def run_acronyms(doc: Skeleton, out: Collector) -> None:
    """A frame named by numerals (一五一十) is made of the quoted names after it in its
    sentence whose leading numerals, in order, spell it."""
    rules = doc.rules.names
    digits = set(rules.acronym_numerals)
    view = doc.ctx.view.text
    for it in doc.items:
        key = it.key
        if it.kind not in ("Strategy", "Initiative") or not 2 <= len(key) <= 8:
            continue
        if not set(key) <= digits:
            continue
        _, u1 = doc.unit_of(it.pos)
        v0, v1 = doc.span(it.pos + 1, u1)
        quoted = (normalize_name(m.group(1)) for m in _QUOTED.finditer(view, v0, v1))
        parts = spelled_parts(key, quoted, digits)
        if parts is None:
            continue
        by_key = {x.key: x for x in doc.mentions_in(it.pos + 1, u1)}
        for name in parts:
            part = by_key.get(name)
            if part is not None and doc.rules.allowed("partOf", part.kind, it.kind):
                out.add(part.mention, "partOf", it.mention, doc.span(it.pos, u1), rules.acronym_id)


_FORMULA_JOINERS = re.compile(r"\s*[+＋、]\s*")
_BRACKETS = {"（": "）", "(": ")"}


def run_expansions(doc: Skeleton, out: Collector) -> None:
    """「“AI+T+Offline”（AI银行+远程银行+线下银行）」: a name made of parts joined by +,
    spelled out in the brackets right after it with as many parts, is made of the things
    the brackets name (the parts the document names, in the brackets or elsewhere)."""
    formulas = [it for it in doc.items if "+" in it.key]
    if not formulas:  # most documents: nothing to index
        return
    rules = doc.rules.names
    view = doc.ctx.view.text
    starts = [it.start for it in doc.items]
    named: dict[str, Item] = {}
    for x in doc.items:
        named.setdefault(x.key, x)
    for it in formulas:
        key = it.key
        count = key.count("+") + 1
        if count < 2 or not all(key.split("+")):
            continue
        o = it.end
        while o < len(view) and (view[o] in DROPPED):
            o += 1
        close = _BRACKETS.get(view[o : o + 1])
        if close is None:
            continue
        c = view.find(close, o + 1, o + 60)
        names = _FORMULA_JOINERS.split(view[o + 1 : c].strip()) if c > 0 else []
        if len(names) != count:
            continue
        k = bisect_left(starts, o + 1)
        # (the whole bracket is read as the name's alias: the parts are named elsewhere)
        inside = [x for x in doc.items[k:] if x.start < c and x.end <= c and "+" not in x.key]
        if not inside:
            inside = [named[n] for n in map(normalize_name, names) if n in named]
        parts = [x for x in inside if doc.rules.allowed("partOf", x.kind, it.kind)]
        for part in parts:
            out.add(part.mention, "partOf", it.mention, (it.start, c + 1), rules.expansion_id)


def run_listed_frames(doc: Skeleton, out: Collector) -> None:
    """「深化“零售做强、对公做精、同业做专”战略」: a quoted list of two or more strategies
    followed by a strategy word is the strategy they make up; each is part of it. The
    whole has no mention of its own (the recogniser keeps the members), so one is made."""
    rules = doc.rules.names
    view = doc.ctx.view.text
    for m in _QUOTED.finditer(view):
        inner = m.group(1)
        if rules.list_separator not in inner or not view.startswith(rules.frame_heads, m.end()):
            continue
        s, e = m.span(1)
        parts = [it for it in doc.items if it.kind == "Strategy" and s <= it.start and it.end <= e]
        if len(parts) < 2 or len(parts) != len(inner.split(rules.list_separator)):
            continue
        span = doc.ctx.span(s, e)
        whole = Mention(
            span.quote, inner, "Strategy", span, parts[0].mention.sentence, rules.frame_id
        )
        for part in parts:
            out.add(part.mention, "partOf", whole, (m.start(), m.end()), rules.frame_id)


def _listed_parts(
    doc: Skeleton,
    rules: NameRules,
    whole: Mention,
    key: str,
    by_name: dict[tuple[str, str], Mention],
) -> list[Mention]:
    """The parts a list-shaped name names (「零售做强、对公做精、同业做专」: 零售做强 …),
    each only where the document names it on its own as something that can be a part."""
    out = []
    for name in key.split(rules.list_separator):
        for kind in ENTITY_KINDS:
            part = by_name.get((kind, name))
            if part is not None and doc.rules.allowed("partOf", kind, whole.kind):
                out.append(part)
                break
    return out if len(out) >= 2 else []


def _version_base(rules: NameRules, name: str, products: tuple[str, ...]) -> str | None:
    """The product ``name`` is an edition of, judged by its name, or None.

    The base is a product mentioned in the document (longest first); without one, only a
    numbered version (e生活7.0) names its base, and only when synthesis is on.
    """
    # each product tried only where one opens or ends the name (one test in C each)
    near = name.startswith(products) or name.endswith(products)
    for base in products if near else ():
        if base == name:
            continue
        if name.startswith(base) and rules.version_marker.fullmatch(name[len(base) :]):
            return base
        if name.endswith(base) and rules.edition_prefix.fullmatch(name[: -len(base)]):
            return base
    m = rules.numbered.fullmatch(name)
    if m and rules.synthesize_base:
        return normalize_name(m.group("base"))
    return None


def _named_partners(rules: NameRules, key: str, orgs: list[tuple[str, Mention]]) -> list[Mention]:
    """The organisations a product's name holds, in order, of ``orgs`` (the document's
    organisations with a long enough name, by name)."""
    return [target for other, target in orgs if other != key and other in key]


def _named_segments(
    rules: NameRules, key: str, segments: list[tuple[str, Mention]]
) -> list[Mention]:
    """The customer segments a product's name opens with, a joining word after them, of
    ``segments`` (the document's, by name)."""
    out = []
    for seg, target in segments:
        if key.startswith(seg):
            rest = key[len(seg) :]
            if any(rest.startswith(j) for j in rules.segment_joiners):
                out.append(target)
    return out


def _platform_cores(rules: NameRules, products: tuple[str, ...]) -> list[tuple[str, str]]:
    """Each branded platform among ``products`` with its own name (the name without its
    platform word: Latin letters in it, or four characters or more), in order: worked
    out once per document's list of products, not again for every name judged."""
    out = []
    for base in products:
        core = next((base[: -len(t)] for t in rules.part_platform_tails if base.endswith(t)), "")
        branded = any(ch.isascii() and ch.isalpha() for ch in core) or len(core) >= 4
        if core and branded:
            out.append((base, core))
    return out


def _part_of(
    rules: NameRules, name: str, products: tuple[str, ...], platforms: list[tuple[str, str]]
) -> str | None:
    """The product ``name`` is a part of, judged by its name: a known product's name plus
    a short head word (e支付收款码), or plus a separator and a sub-name (惠农e贷·脱贫贷)."""
    for base in products if name.startswith(products) else ():  # one test in C first
        if base == name or not name.startswith(base):
            continue
        rest = name[len(base) :]
        if rest in rules.part_not_suffixes:
            continue
        if len(rest) <= rules.part_max_suffix and re.fullmatch(r"[\u4e00-\u9fff]+", rest):
            return base
        if (
            rules.part_separators
            and rest[:1] in rules.part_separators
            and re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9]+", rest[1:])
            and len(rest) - 1 <= rules.part_max_separated
        ):
            return base
    for base, core in platforms:
        # iDeal结构化询报价 is part of iDeal平台: the platform's own name without its
        # platform word, when it is a brand of its own (Latin letters, or long), then a
        # function's name
        if not name.startswith(core) or name == base:
            continue
        rest = name[len(core) :]
        if rest.endswith(rules.part_platform_tails):
            continue  # 某e购电商平台 beside 某e购平台: two names of one platform
        if 2 <= len(rest) <= rules.part_max_separated and re.fullmatch(r"[\u4e00-\u9fff]+", rest):
            return base
    return None


def _core(rules: NameRules, name: str) -> str | None:
    for suffix in rules.scope_suffixes:
        if name.endswith(suffix) and len(name) - len(suffix) >= rules.scope_min_core:
            return name[: -len(suffix)]
    return None


def _synthetic(doc: Skeleton, version: Mention, base: str) -> Mention | None:
    """A mention of the base product inside a version's own name (手机银行 of 手机银行10.0)."""
    s, e = doc.ctx.view_bounds(version.span)
    text = doc.ctx.view.text
    for i in range(s, e):
        for j in range(i + 1, e + 1):
            if normalize_name(text[i:j]) == base:
                span = doc.ctx.span(i, j)
                rule = doc.rules.names.version_id
                return Mention(span.quote, base, "Product", span, version.sentence, rule)
    return None


def of_base(relations: list[Relation], rules: RelationRules) -> list[Relation]:
    """An edition named beside or after a numbered version (「手机银行6.0及县域版」,
    「推出手机银行10.0，…推出“乡村版”」) is an edition of the version's base."""
    numbered = rules.names.numbered
    bases: dict[str, Mention] = {}
    for r in relations:
        if r.predicate == "versionOf" and numbered.fullmatch(normalize_name(r.subject.name)):
            bases.setdefault(normalize_name(r.object.name), r.object)
            bases.setdefault(normalize_name(r.subject.name), r.object)
    kept: list[Relation] = []
    seen: set[tuple[str, str, str, int, int]] = set()
    for r in relations:
        if r.predicate == "versionOf" and not numbered.fullmatch(normalize_name(r.subject.name)):
            base = bases.get(normalize_name(r.object.name))
            if base is not None:
                r = replace(r, object=base)
        key = (
            normalize_name(r.subject.name),
            r.predicate,
            normalize_name(r.object.name),
            r.span.start,
            r.span.end,
        )
        if r.predicate == "versionOf" and key in seen:
            continue
        seen.add(key)
        kept.append(r)
    return kept


def consistent(relations: list[Relation], doc: Skeleton) -> list[Relation]:
    """Drop part-whole links that contradict a version link or each other's direction,
    and a unit's responsibility for a part it answers for through the whole (unless the
    text names the part at least as often as the whole)."""

    def pair(r: Relation) -> tuple[str, str]:
        return normalize_name(r.subject.name), normalize_name(r.object.name)

    versions = {pair(r) for r in relations if r.predicate == "versionOf"}
    parts = {pair(r) for r in relations if r.predicate == "partOf"}
    wholes: dict[str, set[str]] = {}
    for a, b in parts:
        wholes.setdefault(a, set()).add(b)
    counts = Counter(it.key for it in doc.items)
    answers = {pair(r) for r in relations if r.predicate == "responsibleFor"}
    kept = []
    for r in relations:
        a, b = pair(r)
        if r.predicate == "partOf" and ((a, b) in versions or (b, a) in versions):
            continue
        if r.predicate == "partOf" and (b, a) in parts and r.subject.kind == r.object.kind:
            continue
        if r.predicate == "responsibleFor" and any(
            (a, w) in answers and counts[b] <= counts[w] for w in wholes.get(b, ())
        ):
            continue
        kept.append(r)
    return kept
