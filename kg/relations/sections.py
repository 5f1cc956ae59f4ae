"""Headings, questions, leads and labels that frame the text under them: a strategy's
or a department's section, an FAQ answer, a paragraph opened by a short lead
sentence or by 「Name：」.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from itertools import pairwise

from kg.relations.evidence import Collector
from kg.relations.skeleton import Item, Skeleton, qualified


def find_sections(doc: Skeleton) -> Iterator[tuple[int, int, int, Item]]:
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


def run_headings(doc: Skeleton, out: Collector) -> None:
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


def run_topics(doc: Skeleton, out: Collector) -> None:
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
            if qualified(doc, it.pos, it.pos + 1, doc.unit_of(it.pos)[0]):
                continue
            if predicate == "partnersWith" and (
                _for_audience(doc, start, it.pos)
                or it.mention.rule.startswith(rule.not_partner_rules)
                or rule.store_after.match(doc.text, it.pos + 1)
            ):
                continue
            out.add(topic.mention, predicate, it.mention, doc.span(start, it.pos + 1), rule.id)


def _for_audience(doc: Skeleton, start: int, pos: int) -> bool:
    """Whether ``pos`` stands under a section label of whom the product is for
    (【适合客户】): the last label between ``start`` and it."""
    rule = doc.rules.topic
    last = None
    for m in rule.label.finditer(doc.text, start, pos):
        last = m.group(1) or m.group(2)
    return last is not None and rule.audience.search(last) is not None


def run_leads(doc: Skeleton, out: Collector) -> None:
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
        if rule.frame is not None and rule.frame.search(head.mention.name):
            _frame_aspects(doc, out, head, stop, p1)
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
            if predicate is None or qualified(doc, it.pos, it.pos + 1, doc.unit_of(it.pos)[0]):
                continue
            if predicate == "partOf" and rule.not_parts and rule.not_parts.search(it.mention.name):
                continue  # a frame of its own (五篇大文章, 某某国家战略), no line of the lead's
            out.add(s.mention, predicate, o.mention, doc.span(p0, it.pos + 1), rule.id)


def _frame_aspects(doc: Skeleton, out: Collector, head: Item, start: int, end: int) -> None:
    """The strategies that open a sentence of the paragraph as its aspect (「。绿色金融方面，」)
    are parts of the frame the paragraph's lead takes up (五篇大文章)."""
    for it in doc.mentions_in(start, end):
        if it.kind != "Strategy" or it.key == head.key:
            continue
        if doc.text[it.pos + 1 : it.pos + 3] != "方面" or doc.text[it.pos - 1] not in "。\n":
            continue
        predicate = doc.rules.resolve("serves", it.kind, head.kind)
        if predicate == "partOf":
            out.add(
                it.mention,
                predicate,
                head.mention,
                doc.span(it.pos, it.pos + 3),
                doc.rules.lead.aspect_id,
            )


def run_labels(doc: Skeleton, out: Collector) -> None:
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
            if qualified(doc, it.pos, it.pos + 1, doc.unit_of(it.pos)[0]):
                continue
            out.add(first.mention, predicate, it.mention, doc.span(p0, it.pos + 1), rule.id)
        head = _framing_strategy(doc, p0)
        if head is not None:
            predicate = doc.rules.resolve("serves", first.kind, head.kind)
            if predicate is not None and head.key != first.key:
                out.add(first.mention, predicate, head.mention, doc.span(p0, p0 + 2), rule.id)


def _framing_strategy(doc: Skeleton, pos: int) -> Item | None:
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
        if h0 < q0 < pos and doc.rules.label.numbered.match(doc.text, q0):
            return None
    return best[1]


def _faq(doc: Skeleton) -> Iterator[tuple[int, int, int]]:
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


def _question_topic(doc: Skeleton, out: Collector, q0: int, a0: int) -> Item | None:
    """The one product a question names; in 「A的B…？」 B (recorded as part of A)."""
    products = [it for it in doc.mentions_in(q0, a0) if it.kind == "Product"]
    if len({it.key for it in products}) == 1:
        return products[0]
    for whole, part in pairwise(products):
        if part.pos == whole.pos + 2 and doc.text[whole.pos + 1] == doc.rules.topic.possessive:
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
