"""Where a trigger looks for an end the sentence leaves out: the clause before or
after the match, the clause's actor, what a launch verb introduces, the article's
byline, the section's heading, the paragraph's topic, the bank.
"""

from __future__ import annotations

from kg.grammar import CONJUNCTIONS, QUOTE_PAIRS, RELATION_CLAUSE_END, joined
from kg.relations.rules import UNIT_KINDS, RuleError
from kg.relations.skeleton import Item, Skeleton

OPENING_QUOTES = frozenset(QUOTE_PAIRS) - {"《"}
"""A name's own opening quote (a book title aside): 「“A”“B”」 prints two names."""


def fallback(
    doc: Skeleton,
    specs: tuple[str, ...],
    ms: int,
    me: int,
    unit: tuple[int, int],
    kinds: frozenset[str],
) -> list[Item]:
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
        if spec == "agent" and clause_actor(doc, ms, u0) is not None:
            return []
    return []


def _locate(
    doc: Skeleton, spec: str, ms: int, me: int, unit: tuple[int, int], kinds: frozenset[str]
) -> list[Item]:
    u0, u1 = unit
    if spec == "clause_before":
        c0 = doc.clause_start(ms, u0)
        before = [it for it in doc.mentions_in(c0, ms) if it.kind in kinds]
        return [_named_of_line(doc, it) for it in before[-1:]]
    if spec == "event_frame":
        c0 = doc.clause_start(ms, u0)
        frame = doc.rules.award_frame.search(doc.text, u0, c0)
        if frame is None:
            return []
        f0, f1 = frame.span("frame")
        if doc.rules.award_event.search(doc.text, f1, frame.end()):
            # 在由甲、乙主办的某某交易会上: the event gives the award, not its hosts
            return [it for it in doc.mentions_in(f1, frame.end()) if it.kind in kinds][-1:]
        return [it for it in doc.mentions_in(f0, f1) if it.kind in kinds][-1:]
    if spec == "right_before":
        # 「…，“A”项目获某奖、“B”获某奖」: the name printed right before the verb
        before = [_self_unit(doc, it, ms) for it in doc.mentions_in(u0, ms) if it.pos == ms - 1]
        return [it for it in before if it.kind in kinds]
    if spec == "prev_clause":
        c0 = doc.clause_start(ms, u0)
        p0 = doc.clause_start(max(c0 - 1, u0), u0)
        before = [it for it in doc.mentions_in(p0, ms) if it.kind in kinds]
        return [_named_of_line(doc, it) for it in before[-1:]]
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
        for prefix in doc.rules.agent.unit_prefixes:
            if doc.text.startswith(prefix, c0):
                c0 += len(prefix)
                break
        first = doc.at.get(c0)
        if first is not None and first.kind == "Bank":
            first = doc.at.get(c0 + 1) or first
        if first is not None and first.pos < ms:
            first = _self_unit(doc, first, ms)
        return [first] if first is not None and first.pos < ms and first.kind in kinds else []
    if spec in ("agent", "opener"):
        agent = clause_actor(doc, ms, u0)
        if agent is not None:
            agent = _self_unit(doc, agent, ms)
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
        agent = clause_actor(doc, ms, u0)
        head = doc.section_of(ms)
        if agent is None or agent.kind != "Bank" or head is None or head.kind not in kinds:
            return []
        return [head]
    if spec == "section_unit":
        head = doc.section_of(ms)
        fits = head is not None and head.kind in UNIT_KINDS and head.kind in kinds
        return [head] if head is not None and fits else []
    if spec == "topic":
        topic = doc.topic_of(ms)
        return [topic] if topic is not None and topic.kind in kinds else []
    if spec == "bank":
        if doc.bank is not None and "Bank" in kinds:
            return [Item(doc.bank, -1, -1, -1)]
        return []
    raise RuleError(f"relations.yaml: unknown place to look {spec!r}")


def _named_of_line(doc: Skeleton, item: Item) -> Item:
    """The product named right before the line it belongs to (「打造“某某快贷”某某通产品」:
    what the clause made is 某某快贷, of the 某某通 line), not the line itself; two names
    each in its own quotes side by side (「“A”“B”系列」) stay a list."""
    prev = doc.at.get(item.pos - 1) if item.pos > 0 else None
    if prev is None or prev.kind != "Product" or item.kind != "Product":
        return item
    if not doc.rules.line_words.match(doc.text, item.pos + 1):
        return item
    between = doc.ctx.view.text[prev.end : item.start].strip()
    return item if between[-1:] in OPENING_QUOTES else prev


def _self_unit(doc: Skeleton, item: Item, ms: int) -> Item:
    """本行/我行 under a heading line naming one of the bank's branches is that branch
    (「某某分行\n…我行荣获…」); anywhere else it stays the bank."""
    if item.mention.rule not in doc.rules.self_rules:
        return item
    head = doc.section_of(ms)
    if head is not None and head.kind in doc.rules.self_section_kinds:
        return head
    return item


def _launched(doc: Skeleton, start: int, end: int) -> list[Item]:
    """Mentions in [start, end) that a launch verb introduces, with the run of mentions
    (「春苗」「秋实」, A、B和C) that follows it."""
    found = []
    previous: Item | None = None
    view = doc.ctx.view.text
    for it in doc.mentions_in(start, end):
        before = doc.text[max(start, it.pos - 8) : it.pos]
        linked = previous is not None and joined(doc.text[previous.pos + 1 : it.pos])
        if (
            doc.rules.launch.search(before)
            or (linked and previous in found)
            # 「打造数字普惠智能体“某某”」: a quoted name the words after the verb describe
            or (
                view[it.start - 1 : it.start] in QUOTE_PAIRS
                and doc.rules.launch_described.search(doc.text, max(start, it.pos - 12), it.pos)
            )
        ):
            found.append(it)
        previous = it
    return found


def _last_launch(doc: Skeleton, start: int, end: int, kinds: frozenset[str]) -> list[Item]:
    """The fitting mentions the last launch verb in [start, end) introduces, with the run
    that follows it (「发布P，新增…，主要面向A」: P). A launch made together with someone
    (「与A合作推出P，与B合作…」) leaves the later clauses to the actor, not to P."""
    run: list[Item] = []
    previous: Item | None = None
    for it in doc.mentions_in(start, end):
        before = doc.text[max(start, it.pos - 8) : it.pos]
        linked = previous is not None and joined(doc.text[previous.pos + 1 : it.pos])
        clause = doc.text[doc.clause_start(it.pos, start) : it.pos]
        if doc.rules.launch.search(before):
            run = [] if doc.rules.joint.search(clause) else [it]
        elif linked and previous in run:
            run.append(it)
        previous = it
    return [it for it in run if it.kind in kinds]


def clause_actor(doc: Skeleton, ms: int, u0: int) -> Item | None:
    """The mention that opens the latest clause before ``ms``: the sentence's actor. The
    bank named right before one of its units or products (「本行交易银行事业部联合…」)
    stands for that unit, and so does a head-office word (「总行某部联动…」)."""
    best = None
    for it in doc.mentions_in(u0, ms):
        if it.kind not in doc.rules.agent_kinds:
            continue
        opens = it.pos
        for prefix in (doc.rules.agent.head_office, *doc.rules.agent.unit_prefixes):
            head = it.pos - len(prefix)
            if head >= u0 and doc.text[head : it.pos] == prefix:
                opens = head
                break
        if opens == u0 or doc.text[opens - 1] in RELATION_CLAUSE_END:
            best = it
    if best is not None and best.kind == "Bank":
        unit = doc.at.get(best.pos + 1)
        if unit is not None and unit.pos < ms and unit.kind in doc.rules.agent_kinds:
            return unit
    return best
