"""Relations: who serves which strategy, who runs what, who works with whom.

Three kinds of signal, all driven by the rule table ``kg/rules/relations.yaml``:

- trigger patterns: regular expressions over a *kind skeleton* of each sentence, in
  which every recognised mention is one placeholder character standing for its kind
  (quotes and spaces dropped), so a rule reads ``为…{obj:Strategy}…赋能`` and never
  names an entity. Where the sentence leaves the subject out, the rule says where to
  look for it (the clause that opens the sentence, the article's byline, the bank).
- document structure: a newsletter article closed by 「供稿：<部门>」 is that
  department's; a heading that names a strategy or a department frames its section.
- names: 手机银行10.0 is a version of 手机银行; 私人银行部 answers for 第一私人银行.

Relations only join the kinds ANNOTATION.md allows; negated (未/没有…) and planned
(将/计划/拟…) statements are left out.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Any

from kg import clauses
from kg.grammar import (
    BLANKS,
    CONJUNCTIONS,
    EVIDENCE_CLAUSE_END,
    FULL_STOP,
    ITEM_OPENERS,
    LIST_MARKS,
    NAME_QUOTES,
    QUOTE_CLOSERS,
    QUOTE_PAIRS,
    RELATION_CLAUSE_END,
    RuleTableError,
    char_class,
    check_ids,
    joined,
    load_table,
)
from kg.models import ENTITY_KINDS, Mention, Relation, TextContext
from kg.normalize import normalize_name

KIND_CHAR: dict[str, str] = {kind: chr(0xE000 + i) for i, kind in enumerate(ENTITY_KINDS)}
DROPPED = (frozenset(NAME_QUOTES) - {"'"}) | BLANKS
"""What the kind skeleton leaves out: quotes (an ASCII apostrophe stays: 's) and blanks."""
_SLOT = re.compile(r"\{(?:(?P<name>\w+):)?(?P<kinds>[A-Za-z|]+)(?P<many>\*)?\}")


class RuleError(RuleTableError):
    """A malformed relation rule; the message names the rule."""


@dataclass(frozen=True)
class Trigger:
    id: str
    predicate: str
    pattern: re.Pattern[str]
    subject: tuple[str, ...] = ()
    object: tuple[str, ...] = ()
    giver: tuple[str, ...] = ()
    scope: str = "sentence"
    subject_name: re.Pattern[str] | None = None
    object_name: re.Pattern[str] | None = None
    subject_kinds: frozenset[str] | None = None
    object_kinds: frozenset[str] | None = None
    runs: bool = False
    unless_quoted_apart: bool = False


@dataclass(frozen=True)
class ListItems:
    id: str
    marker: re.Pattern[str]
    verbs: re.Pattern[str]


@dataclass(frozen=True)
class Byline:
    id: str
    pattern: re.Pattern[str]
    kinds: frozenset[str]
    min_mentions: int
    heading_max_chars: int


@dataclass(frozen=True)
class Heading:
    id: str
    pattern: re.Pattern[str]
    min_mentions: int
    frames: frozenset[str]


@dataclass(frozen=True)
class Topic:
    id: str
    question: re.Pattern[str]
    relate: dict[str, str]
    max_per_kind: int
    part_of_id: str


@dataclass(frozen=True)
class Lead:
    id: str
    verbs: re.Pattern[str]
    max_chars: int
    sentences: int


@dataclass(frozen=True)
class Label:
    id: str
    kinds: frozenset[str]


@dataclass(frozen=True)
class NameRules:
    version_id: str
    version_marker: re.Pattern[str]
    edition_prefix: re.Pattern[str]
    numbered: re.Pattern[str]
    synthesize_base: bool
    edition_before_id: str
    list_id: str
    list_separator: str
    part_id: str
    part_max_suffix: int
    part_separators: str
    part_max_separated: int
    scope_id: str
    scope_suffixes: tuple[str, ...]
    scope_min_core: int
    segment_id: str
    segment_joiners: tuple[str, ...]


@dataclass(frozen=True)
class RelationRules:
    signatures: dict[str, frozenset[tuple[str, str]]]
    serves: dict[tuple[str, str], str]
    agent_kinds: frozenset[str]
    negation: re.Pattern[str]
    planned: re.Pattern[str]
    respectively: re.Pattern[str]
    edition: re.Pattern[str]
    unnamed_subject: re.Pattern[str]
    unnamed_clause: re.Pattern[str]
    launch: re.Pattern[str]
    triggers: tuple[Trigger, ...]
    byline: Byline
    heading: Heading
    topic: Topic
    lead: Lead
    label: Label
    list_items: ListItems
    names: NameRules

    def allowed(self, predicate: str, subject: str, obj: str) -> bool:
        return (subject, obj) in self.signatures.get(predicate, frozenset())

    def resolve(self, predicate: str, subject: str, obj: str) -> str | None:
        """The relation a rule names for these two kinds, or None where none fits."""
        if predicate == "serves":
            predicate = self.serves.get((subject, obj), "")
        return predicate if self.allowed(predicate, subject, obj) else None

    def kinds_at(self, predicate: str, end: int) -> frozenset[str]:
        """The kinds a relation (or ``serves``) admits at its subject (0) or object (1) end."""
        names = set(self.serves.values()) if predicate == "serves" else {predicate}
        return frozenset(pair[end] for p in names for pair in self.signatures.get(p, ()))


def compile_pattern(pattern: str, macros: dict[str, str], where: str) -> re.Pattern[str]:
    """Expand slots and macros of a rule pattern into a regex over the kind skeleton."""
    for name, body in macros.items():
        pattern = pattern.replace("{" + name + "}", body)
    sep = macros.get("list_sep", "[、，和及与或]")

    def slot(m: re.Match[str]) -> str:
        kinds = m.group("kinds").split("|")
        unknown = [k for k in kinds if k not in KIND_CHAR]
        if unknown:
            raise RuleError(f"{where}: unknown kind {unknown[0]!r} in {m.group(0)}")
        cls = "[" + "".join(KIND_CHAR[k] for k in kinds) + "]"
        body = f"{cls}(?:{sep}*{cls})*" if m.group("many") else cls
        return f"(?P<{m.group('name')}>{body})" if m.group("name") else body

    expanded = _SLOT.sub(slot, pattern)
    try:
        return re.compile(expanded)
    except re.error as exc:
        raise RuleError(f"{where}: bad pattern ({exc})") from exc


def _opt(pattern: str | None) -> re.Pattern[str] | None:
    return re.compile(pattern) if pattern else None


def _kinds(kinds: list[str] | None) -> frozenset[str] | None:
    return frozenset(kinds) if kinds else None


def load_rules(data: dict[str, Any] | None = None) -> RelationRules:
    """The rule table (``kg/rules/relations.yaml`` unless ``data`` is given)."""
    if data is None:
        data = load_table("relations.yaml")
    macros = {k: str(v) for k, v in data.get("macros", {}).items()}
    signatures = {
        p: frozenset((str(a), str(b)) for a, b in pairs) for p, pairs in data["signatures"].items()
    }
    serves = {}
    for pair, predicate in data.get("serves", {}).items():
        a, _, b = pair.partition(">")
        serves[(a, b)] = predicate
    triggers = []
    check_ids(data.get("triggers", []), "relations.yaml triggers")
    for row in data.get("triggers", []):
        where = f"relations.yaml trigger {row.get('id')!r}"
        if row.get("predicate") not in (*signatures, "serves"):
            raise RuleError(f"{where}: unknown predicate {row.get('predicate')!r}")
        triggers.append(
            Trigger(
                id=row["id"],
                predicate=row["predicate"],
                pattern=compile_pattern(row["pattern"], macros, where),
                subject=tuple(row.get("subject", ())),
                object=tuple(row.get("object", ())),
                giver=tuple(row.get("giver", ())),
                scope=row.get("scope", "sentence"),
                subject_name=_opt(row.get("subject_name")),
                object_name=_opt(row.get("object_name")),
                subject_kinds=_kinds(row.get("subject_kinds")),
                object_kinds=_kinds(row.get("object_kinds")),
                runs=bool(row.get("runs", False)),
                unless_quoted_apart=bool(row.get("unless_quoted_apart", False)),
            )
        )
    st = data["structure"]
    by = st["byline"]
    hd = st["heading"]
    tp = st["topic"]
    ld = st["lead"]
    li = st["list_items"]
    nm = st["names"]
    return RelationRules(
        signatures=signatures,
        serves=serves,
        agent_kinds=frozenset(data.get("agent_kinds", ())),
        negation=re.compile(data["cues"]["negation"]),
        planned=re.compile(data["cues"]["planned"]),
        respectively=re.compile(data["cues"]["respectively"]),
        edition=re.compile(data["cues"]["edition"]),
        unnamed_subject=re.compile(data["cues"]["unnamed_subject"]),
        unnamed_clause=re.compile(data["cues"]["unnamed_clause"]),
        launch=re.compile(f"(?:{macros.get('launch', '推出')})$"),
        triggers=tuple(triggers),
        byline=Byline(
            by["id"],
            compile_pattern(by["pattern"], macros, "byline"),
            frozenset(by["kinds"]),
            int(by["min_mentions"]),
            int(by["heading_max_chars"]),
        ),
        heading=Heading(
            hd["id"],
            compile_pattern(hd["pattern"], macros, "heading"),
            int(hd["min_mentions"]),
            frozenset(hd["frames"]),
        ),
        topic=Topic(
            tp["id"],
            re.compile(tp["question"]),
            {str(k): str(v) for k, v in tp["relate"].items()},
            int(tp["max_per_kind"]),
            tp["part_of_id"],
        ),
        lead=Lead(
            ld["id"],
            re.compile(f"(?:{ld['verbs']})[^\ue000-\uf8ff，。；：]{{0,3}}$"),
            int(ld["max_chars"]),
            int(ld["sentences"]),
        ),
        label=Label(st["label"]["id"], frozenset(st["label"]["kinds"])),
        list_items=ListItems(li["id"], re.compile(li["marker"]), re.compile(li["verbs"])),
        names=NameRules(
            version_id=nm["version"]["id"],
            version_marker=re.compile(f"(?:{nm['version']['marker']})"),
            edition_prefix=re.compile(f"(?:{nm['version']['edition_prefix']})"),
            numbered=re.compile(r"(?P<base>.{2,}?)\s*[Vv]?\d+(?:\.\d+)+"),
            synthesize_base=bool(nm["version"].get("synthesize_base", False)),
            edition_before_id=nm["edition_before"]["id"],
            list_id=nm["list_name"]["id"],
            list_separator=str(nm["list_name"]["separator"]),
            part_id=nm["part"]["id"],
            part_max_suffix=int(nm["part"]["max_suffix"]),
            part_separators=str(nm["part"].get("separators", "")),
            part_max_separated=int(nm["part"].get("max_separated_suffix", 0)),
            scope_id=nm["department_scope"]["id"],
            scope_suffixes=tuple(nm["department_scope"]["suffixes"]),
            scope_min_core=int(nm["department_scope"]["min_core"]),
            segment_id=nm["segment_product"]["id"],
            segment_joiners=tuple(nm["segment_product"]["joiners"]),
        ),
    )


# ---------------------------------------------------------------------- the skeleton
@dataclass(frozen=True)
class _Item:
    """A mention with its view bounds and its place in the skeleton."""

    mention: Mention
    start: int
    end: int
    pos: int = -1

    @property
    def kind(self) -> str:
        return self.mention.kind

    @property
    def key(self) -> str:
        return normalize_name(self.mention.name)


@dataclass
class _Doc:
    """The kind skeleton of a document: one character per kept view character or mention."""

    ctx: TextContext
    rules: RelationRules
    items: list[_Item]
    text: str = ""
    view_start: list[int] = field(default_factory=list)
    view_end: list[int] = field(default_factory=list)
    at: dict[int, _Item] = field(default_factory=dict)
    units: list[tuple[int, int]] = field(default_factory=list)
    unit_starts: list[int] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    articles: list[tuple[int, int, _Item]] = field(default_factory=list)
    sections: list[tuple[int, int, int, _Item]] = field(default_factory=list)
    bank: Mention | None = None

    def build(self) -> None:
        view = self.ctx.view.text
        chars: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        by_start = {it.start: it for it in self.items}
        placed: list[_Item] = []
        i = 0
        while i < len(view):
            it = by_start.get(i)
            if it is not None:
                placed.append(_Item(it.mention, it.start, it.end, len(chars)))
                chars.append(KIND_CHAR[it.kind])
                starts.append(it.start)
                ends.append(it.end)
                i = it.end
                continue
            if view[i] not in DROPPED:
                chars.append(view[i])
                starts.append(i)
                ends.append(i + 1)
            i += 1
        self.items = placed
        self.at = {it.pos: it for it in placed}
        self.text = "".join(chars)
        self.view_start, self.view_end = starts, ends
        self.units = list(_split(self.text, FULL_STOP))
        self.unit_starts = [s for s, _ in self.units]
        self.paragraphs = list(_split(self.text, frozenset("\n")))

    def unit_of(self, pos: int) -> tuple[int, int]:
        k = bisect_right(self.unit_starts, pos) - 1
        return self.units[max(k, 0)]

    def clause_start(self, pos: int, floor: int) -> int:
        found = clauses.positions(self.text, RELATION_CLAUSE_END)
        return pos if pos <= floor else max(floor, clauses.after_last(found, pos))

    def clause_end(self, pos: int, ceiling: int) -> int:
        found = clauses.positions(self.text, RELATION_CLAUSE_END)
        return pos if pos >= ceiling else min(ceiling, clauses.first_from(found, pos, ceiling))

    def mentions_in(self, start: int, end: int) -> list[_Item]:
        return [self.at[p] for p in range(start, end) if p in self.at]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The view bounds of skeleton positions [start, end)."""
        end = max(end, start + 1)
        return self.view_start[start], self.view_end[min(end, len(self.text)) - 1]

    def article_of(self, pos: int) -> _Item | None:
        for start, end, dept in self.articles:
            if start <= pos < end:
                return dept
        return None

    def section_of(self, pos: int) -> _Item | None:
        """The strategy or unit whose heading line frames the section around ``pos``."""
        for _, body, end, head in self.sections:
            if body <= pos < end:
                return head
        return None

    def topic_of(self, pos: int) -> _Item | None:
        """The product the newsletter article around ``pos`` names most often."""
        for start, end, _ in self.articles:
            if start <= pos < end:
                products = [it for it in self.mentions_in(start, end) if it.kind == "Product"]
                counts = Counter(it.key for it in products)
                if not counts:
                    return None
                top = max(counts.values())
                return next(it for it in products if counts[it.key] == top)
        return None


def _split(text: str, stops: frozenset[str]) -> Iterator[tuple[int, int]]:
    start = 0
    for i, ch in enumerate(text):
        if ch in stops:
            yield start, i + 1
            start = i + 1
    if start < len(text):
        yield start, len(text)


def _maximal(ctx: TextContext, mentions: Iterable[Mention]) -> list[_Item]:
    """Mentions with view bounds, keeping the longest where they overlap."""
    items = []
    for m in mentions:
        if m.kind not in KIND_CHAR:
            continue
        s, e = ctx.view_bounds(m.span)
        if e > s:
            items.append(_Item(m, s, e))
    items.sort(key=lambda x: (-(x.end - x.start), x.start, x.kind))
    kept: list[_Item] = []
    taken: set[int] = set()
    for it in items:
        if any(p in taken for p in range(it.start, it.end)):
            continue
        kept.append(it)
        taken.update(range(it.start, it.end))
    kept.sort(key=lambda x: x.start)
    return kept


# ---------------------------------------------------------------------- extraction
@dataclass
class _Out:
    doc: _Doc
    relations: list[Relation] = field(default_factory=list)
    seen: set[tuple[str, str, str, str, str, int, int, str]] = field(default_factory=set)

    def add(
        self,
        subject: Mention,
        predicate: str,
        obj: Mention,
        view: tuple[int, int],
        rule: str,
        giver: Mention | None = None,
    ) -> None:
        if normalize_name(subject.name) == normalize_name(obj.name):
            return
        ctx = self.doc.ctx
        lo, hi, k, context = self._place(view, (subject, obj))
        span = ctx.span(lo, hi)
        key = (
            subject.kind,
            normalize_name(subject.name),
            predicate,
            obj.kind,
            normalize_name(obj.name),
            span.start,
            span.end,
            normalize_name(giver.name) if giver else "",
        )
        if key in self.seen:
            return
        self.seen.add(key)
        self.relations.append(
            Relation(
                subject,
                predicate,
                obj,
                span,
                k,
                rule,
                giver,
                ctx.span(*context[:2]) if context else None,
                context[2] if context else None,
            )
        )

    def _place(
        self, view: tuple[int, int], ends: tuple[Mention, Mention]
    ) -> tuple[int, int, int, tuple[int, int, int] | None]:
        """Keep evidence inside one sentence: the one holding the later end named in the
        evidence (or its last character), clipped to it; the part of the evidence in the
        sentence of an end named earlier becomes the context.

        A rule may read across sentences (a paragraph's topic, the antecedent of 「其中」,
        the agent of an elided 「与…联动」), but evidence is quoted sentence by sentence.
        """
        ctx = self.doc.ctx
        bounds = ctx.sentence_bounds
        lo, hi = view
        inside = []
        for m in ends:
            s, e = ctx.view_bounds(m.span)
            if lo <= s and e <= hi and e > s:
                inside.append((s, e))
        k = ctx.sentence_at(max(s for s, _ in inside) if inside else max(hi - 1, lo))
        if not bounds or ctx.sentence_at(lo) == k == ctx.sentence_at(max(hi - 1, lo)):
            return lo, hi, k, None
        s0, s1 = bounds[k]
        a, b = _trim(ctx.view.text, max(lo, s0), min(hi, s1))
        context = None
        earlier = [(s, e) for s, e in inside if s < s0]
        if earlier:
            first, first_end = min(earlier)
            c = ctx.sentence_at(first)
            c0, c1 = bounds[c]
            stop = first_end
            while stop < min(hi, c1) and ctx.view.text[stop] not in EVIDENCE_CLAUSE_END:
                stop += 1
            ca, cb = _trim(ctx.view.text, max(lo, c0), min(hi, c1, stop + 1))
            context = (ca, cb, c)
        return a, b, k, context


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) without the white space at either edge (unless nothing else is left)."""
    a, b = start, end
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return (a, b) if b > a else (start, end)


def extract(
    ctx: TextContext, mentions: tuple[Mention, ...], rules: RelationRules
) -> tuple[Relation, ...]:
    """The relations one document states between its mentions, each with its evidence.

    A link stated in several places comes back once per place (rdfmap makes one edge of
    them); the order is that of the rule table, then of the text.
    """
    doc = _Doc(ctx, rules, _maximal(ctx, mentions))
    doc.build()
    doc.bank = _bank_mention(ctx, mentions)
    doc.articles = list(_articles(doc))
    doc.sections = list(_sections(doc))
    out = _Out(doc)
    for trigger in rules.triggers:
        _run_trigger(doc, trigger, out)
    _run_list_items(doc, out)
    _run_names(doc, mentions, out)
    _run_bylines(doc, out)
    _run_headings(doc, out)
    _run_topics(doc, out)
    _run_leads(doc, out)
    _run_labels(doc, out)
    return tuple(_consistent(_of_base(out.relations, rules), doc))


def _bank_mention(ctx: TextContext, mentions: Iterable[Mention]) -> Mention | None:
    """A mention of the document's own bank, to stand for it where a sentence leaves it out."""
    bank = ctx.document.bank
    own = [m for m in mentions if m.kind == "Bank"]
    if bank:
        key = normalize_name(bank)
        for m in own:
            if normalize_name(m.name) == key:
                return m
    return None


def _cue(doc: _Doc, start: int, end: int, unit_start: int) -> bool:
    """A negation in the clause holding [start, end) up to its end, or a plan anywhere in
    the sentence up to ``end``: 「未与…合作」, 「下一步，手机银行将…为…提供」."""
    clause = doc.text[doc.clause_start(start, unit_start) : end]
    return bool(
        doc.rules.negation.search(clause) or doc.rules.planned.search(doc.text[unit_start:end])
    )


def _run_trigger(doc: _Doc, trigger: Trigger, out: _Out) -> None:
    """Match one trigger in every sentence (or paragraph); pair its subjects and objects,
    found in its groups or where the rule says to look, and keep the pairs whose kinds
    the relation allows and that no negation or plan qualifies."""
    spans = {
        "paragraph": doc.paragraphs,
        "document": [(0, len(doc.text))],
    }.get(trigger.scope, doc.units)
    rules = doc.rules
    subject_kinds = trigger.subject_kinds or rules.kinds_at(trigger.predicate, 0)
    object_kinds = trigger.object_kinds or rules.kinds_at(trigger.predicate, 1)
    for u0, u1 in spans:
        piece = doc.text[u0:u1]
        for m in trigger.pattern.finditer(piece):
            ms, me = u0 + m.start(), u0 + m.end()
            if _cue(doc, ms, me, doc.unit_of(ms)[0]):
                continue
            groups = m.groupdict()
            subjects = _group(doc, m, u0, "subj", subject_kinds)
            if "subj" not in groups:
                subjects = _fallback(doc, trigger.subject, ms, me, (u0, u1), subject_kinds)
                if trigger.runs:
                    subjects = _runs(doc, subjects, subject_kinds)
            award_run = (
                frozenset({"Organization"}) if trigger.predicate == "received" else frozenset()
            )
            objects = _group(doc, m, u0, "obj", object_kinds | award_run)
            if "obj" not in groups:
                objects = _fallback(doc, trigger.object, ms, me, (u0, u1), object_kinds)
            givers = _group(doc, m, u0, "giver", frozenset({"Organization"}))
            if trigger.predicate == "received":
                pairs = _awards(objects, givers)
                if not givers and trigger.giver:
                    found = _fallback(
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
                if any(_cue(doc, p, hi, doc.unit_of(p)[0]) for p in outside):
                    continue
                out.add(
                    s.mention,
                    predicate,
                    o.mention,
                    doc.span(lo, hi),
                    trigger.id,
                    g.mention if g else None,
                )


def _editions(doc: _Doc, items: list[_Item]) -> list[_Item]:
    """The editions in place of the product they qualify: in 「“幸福版”和“尊享版”手机银行」
    the things launched or aimed are the two editions, not 手机银行 itself."""
    out: list[_Item] = []
    for it in items:
        run = _edition_run(doc, it)
        for x in run or [it]:
            if x not in out:
                out.append(x)
    return out


def _edition_run(doc: _Doc, base: _Item) -> list[_Item]:
    """The quoted editions printed right before a product (「“美好家园版”手机银行」)."""
    if base.kind != "Product" or base.pos < 0 or _is_edition(doc, base):
        return []
    run: list[_Item] = []
    pos = base.pos
    while pos > 0:
        prev = doc.at.get(pos - 1)
        if prev is None and pos > 1 and doc.text[pos - 1] in LIST_MARKS:
            prev = doc.at.get(pos - 2) if run else None
        if prev is None or prev.kind != "Product" or not _is_edition(doc, prev):
            break
        run.insert(0, prev)
        pos = prev.pos
    return run


def _is_edition(doc: _Doc, it: _Item) -> bool:
    return bool(doc.rules.edition.search(it.mention.name))


def _respectively(
    doc: _Doc, subjects: list[_Item], objects: list[_Item]
) -> list[tuple[_Item, _Item]] | None:
    """1-1 pairs for 「针对A和B分别推出X和Y」: two runs of the same length with 分别 (or
    各自) from the clause of their first member to their last one, or a run of editions
    (each edition of a product is made for one audience); None where the text does not
    pair them."""
    if len(subjects) < 2 or len(subjects) != len(objects):
        return None
    places = [it.pos for it in (*subjects, *objects)]
    if min(places) < 0 or set(subjects) & set(objects):
        return None
    editions = all(_is_edition(doc, it) for it in subjects)
    start = doc.clause_start(min(places), doc.unit_of(min(places))[0])
    if not editions and not doc.rules.respectively.search(doc.text, start, max(places)):
        return None
    first = sorted(subjects, key=lambda it: it.pos)
    second = sorted(objects, key=lambda it: it.pos)
    return list(zip(first, second, strict=True))


def _runs(doc: _Doc, items: list[_Item], kinds: frozenset[str]) -> list[_Item]:
    """Each item with the list it stands in (「推出“A”“B”系列产品，服务…」: A and B, not
    only the B found nearest): neighbours of the same kinds joined by nothing or by a
    list word."""
    out: list[_Item] = []
    for it in items:
        run = [it]
        if it.pos >= 0:
            for step in (-1, 1):
                pos = it.pos
                while True:
                    nxt = _neighbour(doc, pos, step)
                    if nxt is None or nxt.kind not in kinds:
                        break
                    run.append(nxt)
                    pos = nxt.pos
        for x in sorted(run, key=lambda x: x.pos):
            if x not in out:
                out.append(x)
    return out


def _neighbour(doc: _Doc, pos: int, step: int) -> _Item | None:
    """The mention next to ``pos`` in a list (at most one list word between them)."""
    nxt = doc.at.get(pos + step)
    if nxt is None and 0 <= pos + step < len(doc.text) and doc.text[pos + step] in LIST_MARKS:
        nxt = doc.at.get(pos + 2 * step)
    return nxt


_QUOTED_APART = re.compile(
    char_class(QUOTE_CLOSERS - {"》"}) + r"\s*" + char_class(set(QUOTE_PAIRS) - {"《"})
)
"""A closing quote then an opening one (book-title marks aside): two names side by side."""


def _quoted_apart(doc: _Doc, a: _Item, b: _Item) -> bool:
    """Two names each in its own quotes side by side (「“招卓”“朝朝宝”系列」): a list of
    two things, not one name qualifying the other."""
    if a.pos < 0 or b.pos < 0:
        return False
    first, second = (a, b) if a.pos < b.pos else (b, a)
    if second.pos != first.pos + 1:
        return False
    between = doc.ctx.view.text[first.end : second.start]
    return bool(_QUOTED_APART.fullmatch(between.strip()))


def _group(doc: _Doc, m: re.Match[str], u0: int, name: str, kinds: frozenset[str]) -> list[_Item]:
    if m.groupdict().get(name) is None:
        return []
    s, e = m.span(name)
    return [it for it in doc.mentions_in(u0 + s, u0 + e) if it.kind in kinds]


def _awards(objects: list[_Item], givers: list[_Item]) -> list[tuple[_Item, _Item | None]]:
    """Awards in a run like 《A》《B》「X」「Y」、《C》「Z」, each with the givers before it;
    as many givers as awards right after them (「《A》《B》评选的“X”“Y”」) pair in order."""
    blocks: list[tuple[list[_Item], list[_Item]]] = []
    current: list[_Item] = list(givers)
    awards: list[_Item] = []
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
    pairs: list[tuple[_Item, _Item | None]] = []
    for block_givers, block_awards in blocks:
        if len(block_givers) >= 2 and len(block_givers) == len(block_awards):
            pairs.extend(zip(block_awards, block_givers, strict=True))
            continue
        heads: list[_Item | None] = list(block_givers) or [None]
        for award in block_awards:
            pairs.extend((award, g) for g in heads)
    return pairs


def _fallback(
    doc: _Doc,
    specs: tuple[str, ...],
    ms: int,
    me: int,
    unit: tuple[int, int],
    kinds: frozenset[str],
) -> list[_Item]:
    u0 = unit[0]
    for spec in specs:
        if spec == "named_subject":
            c0 = doc.clause_start(ms, u0)
            named = any(p in doc.at for p in range(c0, ms))
            # a bare name right before the verb is the clause's subject; before a
            # mention (「美国某杂志评选…」) it only qualifies that mention
            unnamed = doc.rules.unnamed_subject.search(doc.text, c0, ms) or (
                ms not in doc.at and doc.rules.unnamed_clause.fullmatch(doc.text, c0, ms)
            )
            if not named and unnamed:
                return []
            continue
        found = _locate(doc, spec, ms, me, unit, kinds)
        if found:
            return found
        if spec == "agent" and _agent(doc, ms, u0) is not None:
            return []
    return []


def _locate(
    doc: _Doc, spec: str, ms: int, me: int, unit: tuple[int, int], kinds: frozenset[str]
) -> list[_Item]:
    u0, u1 = unit
    if spec == "clause_before":
        c0 = doc.clause_start(ms, u0)
        before = [it for it in doc.mentions_in(c0, ms) if it.kind in kinds]
        return before[-1:]
    if spec == "prev_clause":
        c0 = doc.clause_start(ms, u0)
        p0 = doc.clause_start(max(c0 - 1, u0), u0)
        before = [it for it in doc.mentions_in(p0, ms) if it.kind in kinds]
        return before[-1:]
    if spec == "before":
        before = [it for it in doc.mentions_in(u0, ms) if it.kind in kinds]
        return before[-1:]
    if spec == "after":
        after = [it for it in doc.mentions_in(me, u1) if it.kind in kinds]
        return after[:1]
    if spec == "clause_after":
        return [it for it in doc.mentions_in(me, doc.clause_end(me, u1)) if it.kind in kinds]
    if spec == "all_after":
        return [it for it in doc.mentions_in(me, u1) if it.kind in kinds]
    if spec == "launched_after":
        return [it for it in _launched(doc, me, u1) if it.kind in kinds]
    if spec == "launched_before":
        return _last_launch(doc, u0, ms, kinds)
    if spec == "next_clause":
        pos = me
        while pos < u1:
            end = doc.clause_end(pos, u1)
            while end < u1 - 1 and doc.text[end + 1] in CONJUNCTIONS:
                end = doc.clause_end(end + 1, u1)
            found = [it for it in doc.mentions_in(pos, end) if it.kind in kinds]
            if found:
                return found
            pos = end + 1
        return []
    if spec == "clause_opener":
        c0 = doc.clause_start(ms, u0)
        first = doc.at.get(c0)
        if first is not None and first.kind == "Bank":
            first = doc.at.get(c0 + 1) or first
        return [first] if first is not None and first.pos < ms and first.kind in kinds else []
    if spec in ("agent", "opener"):
        agent = _agent(doc, ms, u0)
        return [agent] if agent is not None and agent.kind in kinds else []
    if spec == "article":
        dept = doc.article_of(ms)
        return [dept] if dept is not None and dept.kind in kinds else []
    if spec == "sentence_topic":
        first = doc.at.get(u0)
        return [first] if first is not None and first.kind in kinds else []
    if spec == "section":
        # only where the bank itself acts (「本行以…服务小微企业」): an unrecognised
        # product opening the sentence (「某贷款余额…，服务新市民」) is not the section's
        agent = _agent(doc, ms, u0)
        head = doc.section_of(ms)
        if agent is None or agent.kind != "Bank" or head is None or head.kind not in kinds:
            return []
        return [head]
    if spec == "section_unit":
        head = doc.section_of(ms)
        units = ("Branch", "Subsidiary", "Department")
        return [head] if head is not None and head.kind in units and head.kind in kinds else []
    if spec == "topic":
        topic = doc.topic_of(ms)
        return [topic] if topic is not None and topic.kind in kinds else []
    if spec == "bank":
        if doc.bank is not None and "Bank" in kinds:
            return [_Item(doc.bank, -1, -1, -1)]
        return []
    raise RuleError(f"relations.yaml: unknown place to look {spec!r}")


def _launched(doc: _Doc, start: int, end: int) -> list[_Item]:
    """Mentions in [start, end) that a launch verb introduces, with the run of mentions
    (「春苗」「秋实」, A、B和C) that follows it."""
    found = []
    previous: _Item | None = None
    for it in doc.mentions_in(start, end):
        before = doc.text[max(start, it.pos - 8) : it.pos]
        linked = previous is not None and joined(doc.text[previous.pos + 1 : it.pos])
        if doc.rules.launch.search(before) or (linked and previous in found):
            found.append(it)
        previous = it
    return found


_UNIT_OF_BANK = "总行"
_JOINT = re.compile("与|联合|携手|联手")


def _last_launch(doc: _Doc, start: int, end: int, kinds: frozenset[str]) -> list[_Item]:
    """The fitting mentions the last launch verb in [start, end) introduces, with the run
    that follows it (「发布P，新增…，主要面向A」: P). A launch made together with someone
    (「与A合作推出P，与B合作…」) leaves the later clauses to the actor, not to P."""
    run: list[_Item] = []
    previous: _Item | None = None
    for it in doc.mentions_in(start, end):
        before = doc.text[max(start, it.pos - 8) : it.pos]
        linked = previous is not None and joined(doc.text[previous.pos + 1 : it.pos])
        clause = doc.text[doc.clause_start(it.pos, start) : it.pos]
        if doc.rules.launch.search(before):
            run = [] if _JOINT.search(clause) else [it]
        elif linked and previous in run:
            run.append(it)
        previous = it
    return [it for it in run if it.kind in kinds]


def _agent(doc: _Doc, ms: int, u0: int) -> _Item | None:
    """The mention that opens the latest clause before ``ms``: the sentence's actor. The
    bank named right before one of its units or products (「本行交易银行事业部联合…」)
    stands for that unit, and so does a head-office word (「总行某部联动…」)."""
    best = None
    for it in doc.mentions_in(u0, ms):
        if it.kind not in doc.rules.agent_kinds:
            continue
        head = it.pos - len(_UNIT_OF_BANK)
        prefixed = head >= u0 and doc.text[head : it.pos] == _UNIT_OF_BANK
        opens = head if prefixed else it.pos
        if opens == u0 or doc.text[opens - 1] in RELATION_CLAUSE_END:
            best = it
    if best is not None and best.kind == "Bank":
        unit = doc.at.get(best.pos + 1)
        if unit is not None and unit.pos < ms and unit.kind in doc.rules.agent_kinds:
            return unit
    return best


# ---------------------------------------------------------------------- structure
def _articles(doc: _Doc) -> Iterator[tuple[int, int, _Item]]:
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


def _after_headings(doc: _Doc, pos: int, max_chars: int) -> int:
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


def _run_list_items(doc: _Doc, out: _Out) -> None:
    rule = doc.rules.list_items
    text = doc.text
    for m in rule.marker.finditer(text):
        if not m.group(0).startswith(_ORDINALS[0]):
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
                verb = rule.verbs.search(text, lo, hi)
                if verb is None:
                    continue
                for part in doc.mentions_in(verb.end(), hi):
                    if part.kind != "Product" or _cue(doc, part.pos, part.pos + 1, lo):
                        continue
                    out.add(
                        part.mention,
                        "partOf",
                        whole.mention,
                        doc.span(part.pos, part.pos + 1),
                        rule.id,
                    )


_ORDINALS = "一二三四五六七八九十"


def _items(doc: _Doc, first: int) -> Iterator[tuple[int, int]]:
    """The spans of 一是… 二是… 三是…: each next marker opens a clause on the same line or
    the next one; the last item ends with its line."""
    text = doc.text
    pos = first
    for k in range(1, len(_ORDINALS) + 1):
        line_end = text.find("\n", pos)
        line_end = len(text) if line_end < 0 else line_end
        nxt = -1
        if k < len(_ORDINALS):
            marker = _ORDINALS[k] + "是"
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


def _run_bylines(doc: _Doc, out: _Out) -> None:
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
        chosen: dict[tuple[str, str], _Item] = {}
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


def _launched_by(doc: _Doc, out: _Out, start: int, end: int, dept: _Item) -> dict[str, Mention]:
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


def _credited(doc: _Doc, out: _Out, start: int, end: int, dept: _Item) -> set[tuple[str, str]]:
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
    units = {"Department", "Subsidiary", "Branch"}
    first: dict[tuple[str, str], int] = {}
    for it in doc.mentions_in(start, end):
        first.setdefault((it.kind, it.key), it.pos)
    for pos in first.values():
        agent = _agent(doc, pos, doc.unit_of(pos)[0])
        if agent is not None and agent.kind in units and agent.key != own:
            places.add(pos)
    return launched | {key for key, pos in first.items() if pos in places}


def _sections(doc: _Doc) -> Iterator[tuple[int, int, int, _Item]]:
    """Sections under a heading line that is a strategy or a department: the heading's
    start, the body's start and end (the next heading-like line), and the head."""
    rule = doc.rules.heading
    paragraphs = doc.paragraphs
    for k, (p0, p1) in enumerate(paragraphs):
        line = doc.text[p0:p1].rstrip("\n")
        m = rule.pattern.match(line)
        if not m:
            continue
        head = doc.at.get(p0 + m.start("head"))
        if head is None:
            continue
        end = len(doc.text)
        previous = ""
        for q0, q1 in paragraphs[k + 1 :]:
            line = doc.text[q0:q1].rstrip("\n")
            # the line after a field label (「【适用对象】」) is the field's value
            if _is_heading(line) and not _SUBHEAD.match(previous):
                end = q0
                break
            previous = line
        yield p0, p1, end, head


def _run_headings(doc: _Doc, out: _Out) -> None:
    rule = doc.rules.heading
    for p0, p1, end, head in doc.sections:
        if head.kind not in rule.frames:
            continue
        items = doc.mentions_in(p1, end)
        counts = Counter((it.kind, it.key) for it in items)
        predicate = "serves" if head.kind == "Strategy" else "responsibleFor"
        done: set[tuple[str, str]] = set()
        for it in items:
            k2 = (it.kind, it.key)
            if k2 in done:
                continue
            if it.kind == "Product" and counts[k2] < rule.min_mentions:
                continue
            if head.kind == "Strategy":
                resolved = doc.rules.resolve(predicate, it.kind, head.kind)
                s, o = it, head
            else:
                resolved = doc.rules.resolve(predicate, head.kind, it.kind)
                s, o = head, it
            if resolved is None or (s.kind == "Strategy" and o.kind == "Strategy"):
                continue
            done.add(k2)
            out.add(s.mention, resolved, o.mention, doc.span(p0, p1), rule.id)


def _run_topics(doc: _Doc, out: _Out) -> None:
    """What an FAQ answer or a product's section says about the product its question or
    heading names: the segments it targets and the organisations it works with."""
    rule = doc.rules.topic
    places = [(q0, a0, end, _question_topic(doc, out, q0, a0)) for q0, a0, end in _faq(doc)]
    # a product's own name as the heading, not a business line (「银行卡业务」)
    places += [
        (p0, p1, end, head)
        for p0, p1, end, head in doc.sections
        if head.kind == "Product" and not doc.text[head.pos + 1 : p1].strip()
    ]
    for start, body, end, topic in places:
        if topic is None:
            continue
        # a question answered by a denial (「可以绑定A吗？暂不支持」) states nothing
        denied = doc.rules.negation.search(doc.text[body : doc.clause_end(body, end)])
        items = doc.mentions_in(body if denied else start, end)
        per_kind = Counter(kind for kind, _ in {(it.kind, it.key) for it in items})
        for it in items:
            if per_kind[it.kind] > rule.max_per_kind:
                continue
            predicate = rule.relate.get(it.kind)
            if predicate is None or not doc.rules.allowed(predicate, topic.kind, it.kind):
                continue
            if _cue(doc, it.pos, it.pos + 1, doc.unit_of(it.pos)[0]):
                continue
            out.add(topic.mention, predicate, it.mention, doc.span(start, it.pos + 1), rule.id)


def _run_leads(doc: _Doc, out: _Out) -> None:
    """A paragraph opened by a short sentence that takes a strategy forward (「——…，践行
    绿色金融。」): what it then names serves that strategy; its segments are the strategy's."""
    rule = doc.rules.lead
    for p0, p1 in doc.paragraphs:
        stop = doc.text.find("。", p0, p1)
        if stop < 0 or stop - p0 > rule.max_chars:
            continue
        # one strategy in the lead, right after a verb that takes it forward
        strategies = [it for it in doc.mentions_in(p0, stop) if it.kind == "Strategy"]
        if len(strategies) != 1:
            continue
        head = strategies[0]
        if not rule.verbs.search(doc.text, max(p0, head.pos - 6), head.pos):
            continue
        # the lead's own sentence and the next few: a long paragraph moves on
        end = stop
        for _ in range(rule.sentences):
            nxt = doc.text.find("。", end + 1, p1)
            end = p1 if nxt < 0 else nxt
        for it in doc.mentions_in(p0, end):
            if it.key == head.key:
                continue
            if it.kind == "CustomerSegment":
                s, o = head, it
                predicate = doc.rules.resolve("targets", s.kind, o.kind)
            else:
                s, o = it, head
                predicate = doc.rules.resolve("serves", s.kind, o.kind)
            if predicate is None or _cue(doc, it.pos, it.pos + 1, doc.unit_of(it.pos)[0]):
                continue
            out.add(s.mention, predicate, o.mention, doc.span(p0, it.pos + 1), rule.id)


_NUMBERED = re.compile(
    r"(?:\d+(?:\.\d+)+|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|[（(]\d+[）)])"
)


def _run_labels(doc: _Doc, out: _Out) -> None:
    """A paragraph that opens 「Name：」 describes Name: its segments and partners, and
    the strategy whose numbered heading it stands under is one it serves."""
    rule = doc.rules.label
    relate = doc.rules.topic.relate
    for p0, p1 in doc.paragraphs:
        first = doc.at.get(p0)
        if first is None or first.kind not in rule.kinds or doc.text[p0 + 1 : p0 + 2] not in "：:":
            continue
        if p0 + 1 >= len(doc.text):
            continue
        for it in doc.mentions_in(p0 + 2, p1):
            predicate = relate.get(it.kind)
            if predicate is None or not doc.rules.allowed(predicate, first.kind, it.kind):
                continue
            if _cue(doc, it.pos, it.pos + 1, doc.unit_of(it.pos)[0]):
                continue
            out.add(first.mention, predicate, it.mention, doc.span(p0, it.pos + 1), rule.id)
        head = _framing_strategy(doc, p0)
        if head is not None:
            predicate = doc.rules.resolve("serves", first.kind, head.kind)
            if predicate is not None and head.key != first.key:
                out.add(first.mention, predicate, head.mention, doc.span(p0, p0 + 2), rule.id)


def _framing_strategy(doc: _Doc, pos: int) -> _Item | None:
    """The strategy of the last heading line before ``pos``, unless another numbered
    heading comes between them."""
    best = None
    for h0, _, _, head in doc.sections:
        if h0 < pos:
            best = (h0, head)
    if best is None or best[1].kind != "Strategy":
        return None
    h0 = best[0]
    for q0, _ in doc.paragraphs:
        if h0 < q0 < pos and _NUMBERED.match(doc.text, q0):
            return None
    return best[1]


def _faq(doc: _Doc) -> Iterator[tuple[int, int, int]]:
    """Question-and-answer blocks (a question line, its answer lines, a blank line), read
    off the original text's lines, which the view may have joined: the skeleton positions
    of the question's start, the answer's start and the block's end."""
    text = doc.ctx.document.text
    rule = doc.rules.topic

    def at(offset: int) -> int:
        return bisect_right(doc.view_start, doc.ctx.view.to_view(offset) - 1)

    for m in re.finditer(r"\S(?:[^\n]|\n(?![ \t\u3000]*(?:\n|$)))*", text):
        nl = text.find("\n", m.start(), m.end())
        if nl < 0 or not rule.question.search(text, m.start(), nl):
            continue
        yield at(m.start()), at(nl + 1), at(m.end())


def _question_topic(doc: _Doc, out: _Out, q0: int, a0: int) -> _Item | None:
    """The one product a question names; in 「A的B…？」 B (recorded as part of A)."""
    products = [it for it in doc.mentions_in(q0, a0) if it.kind == "Product"]
    if len({it.key for it in products}) == 1:
        return products[0]
    for whole, part in pairwise(products):
        if part.pos == whole.pos + 2 and doc.text[whole.pos + 1] == "的":
            span = doc.span(whole.pos, part.pos + 1)
            out.add(part.mention, "partOf", whole.mention, span, doc.rules.topic.part_of_id)
            return part
    return None


_HEADING_LINE = re.compile(r"^(?:\d+(?:\.\d+)+\s*)?[^，。；：！？,;:]{1,16}$")


_SUBHEAD = re.compile(r"^[【\[［][^】\]］]{1,10}[】\]］]$")


def _is_heading(line: str) -> bool:
    """A short unpunctuated line; a bracketed field label (「【产品介绍】」) inside a product
    page is part of its section, not a new one."""
    return bool(line) and bool(_HEADING_LINE.match(line)) and not _SUBHEAD.match(line)


def _run_names(doc: _Doc, mentions: tuple[Mention, ...], out: _Out) -> None:
    rules = doc.rules.names
    by_name: dict[tuple[str, str], Mention] = {}
    for m in mentions:
        by_name.setdefault((m.kind, normalize_name(m.name)), m)
    products = sorted({k for kind, k in by_name if kind == "Product"}, key=lambda k: (-len(k), k))
    done: set[tuple[str, str, str]] = set()
    for it in doc.items:
        for edition in _edition_run(doc, it):
            out.add(
                edition.mention,
                "versionOf",
                it.mention,
                doc.span(edition.pos, it.pos + 1),
                rules.edition_before_id,
            )
    for m in mentions:
        key = normalize_name(m.name)
        s, e = doc.ctx.view_bounds(m.span)
        if m.kind == "Product":
            base = _version_base(rules, key, products)
            if base is not None:
                base_m = by_name.get(("Product", base)) or (
                    _synthetic(doc, m, base) if rules.synthesize_base else None
                )
                if base_m is not None and ("v", key, base) not in done:
                    done.add(("v", key, base))
                    out.add(m, "versionOf", base_m, (s, e), rules.version_id)
                continue
            whole = _part_of(rules, key, products)
            if whole is not None and ("p", key, whole) not in done:
                done.add(("p", key, whole))
                out.add(m, "partOf", by_name[("Product", whole)], (s, e), rules.part_id)
            for (kind, seg), target in by_name.items():
                if kind == "CustomerSegment" and key.startswith(seg):
                    rest = key[len(seg) :]
                    if any(rest.startswith(j) for j in rules.segment_joiners):
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
                if kind == "Strategy" and core in name and ("r", key, name) not in done:
                    done.add(("r", key, name))
                    out.add(m, "responsibleFor", target, (s, e), rules.scope_id)


def _listed_parts(
    doc: _Doc,
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


def _version_base(rules: NameRules, name: str, products: list[str]) -> str | None:
    """The product ``name`` is an edition of, judged by its name, or None.

    The base is a product mentioned in the document (longest first); without one, only a
    numbered version (e生活7.0) names its base, and only when synthesis is on.
    """
    for base in products:
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


def _part_of(rules: NameRules, name: str, products: list[str]) -> str | None:
    """The product ``name`` is a part of, judged by its name: a known product's name plus
    a short head word (e支付收款码), or plus a separator and a sub-name (惠农e贷·脱贫贷)."""
    for base in products:
        if base == name or not name.startswith(base):
            continue
        rest = name[len(base) :]
        if len(rest) <= rules.part_max_suffix and re.fullmatch(r"[\u4e00-\u9fff]+", rest):
            return base
        if (
            rules.part_separators
            and rest[:1] in rules.part_separators
            and re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9]+", rest[1:])
            and len(rest) - 1 <= rules.part_max_separated
        ):
            return base
    return None


def _core(rules: NameRules, name: str) -> str | None:
    for suffix in rules.scope_suffixes:
        if name.endswith(suffix) and len(name) - len(suffix) >= rules.scope_min_core:
            return name[: -len(suffix)]
    return None


def _synthetic(doc: _Doc, version: Mention, base: str) -> Mention | None:
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


def _of_base(relations: list[Relation], rules: RelationRules) -> list[Relation]:
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


def _consistent(relations: list[Relation], doc: _Doc) -> list[Relation]:
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
