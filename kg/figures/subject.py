"""The subject of a figure of prose: an ordered chain of named steps. Each step is a
function registered here by name (:func:`subject_step`); ``subject_chain`` in
``rules/observations.yaml`` runs them in its order, the first that answers decides, and
its id is recorded on the figure (``bkg:subjectRule``), so a wrong subject leads to its
step. The topics the later steps read are :mod:`kg.figures.topics`."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kg.figures.breakdown import breakdown_at
from kg.figures.clause import Clause
from kg.figures.distributive import Distribution, Plan
from kg.figures.metric import Classified, Named
from kg.figures.rules import ObservationRules, SubjectStep
from kg.figures.scan import Scan
from kg.figures.topics import (
    TOPIC_BREAKS,
    _paragraph_topic,
    _referred,
    _section_topic,
    _sentence_topic,
    _topic,
)
from kg.grammar import SCOPE_END, RuleTableError
from kg.models import Mention, Observation


def _subject_chain(rows: list[dict]) -> tuple[SubjectStep, ...]:
    steps = tuple(SubjectStep(r["id"], r["step"]) for r in rows)
    check_chain(steps)
    return steps


def check_chain(steps: tuple[SubjectStep, ...]) -> None:
    """A chain that names a step the code does not have, or does not end with the bank,
    is an error at load time."""
    unknown = [s.step for s in steps if s.step not in SUBJECT_STEPS]
    if unknown:
        raise RuleTableError(f"observations.yaml subject_chain: unknown step(s) {unknown}")
    if not steps or steps[-1].step != "bank":
        raise RuleTableError("observations.yaml subject_chain: the last step must be bank")


Subjects = tuple[Mention | None, ...]


BANK: Subjects = (None,)


@dataclass(frozen=True)
class SubjectCase:
    """What the steps of the subject chain read for one figure of prose."""

    scan: Scan
    clause: Clause
    carried: Mention | None
    """The subject an earlier clause of the sentence named (:class:`SentenceState`)."""
    embedded: Mention | None
    sentence_start: int
    clause_start: int
    scope_start: int
    named: Named
    made: Classified
    plan: Plan | None
    levels: tuple[Observation, ...]
    rules: ObservationRules
    number_start: int = 0
    """Where the figure's quantity starts (its hedge included)."""
    level_bank: bool = False
    """Whether the figure carries its metric over from one before it in the sentence that
    was the bank's (:attr:`SentenceState.named_bank`)."""


Decision = tuple[Subjects, str | None]
"""A step's answer: the subjects (None for the bank), and a more specific rule id than the
step's own when the step has one (a launched thing, a heading)."""


Step = Callable[["SubjectCase"], "Decision | None"]
SUBJECT_STEPS: dict[str, Step] = {}
"""The registered steps of the subject chain, by name; ``rules/observations.yaml``
(``subject_chain``) puts them in order and gives each the rule id recorded on the figures
it decides. A step is registered with :func:`subject_step`."""


def subject_step(name: str) -> Callable[[Step], Step]:
    """Register a step of the subject chain under the name the rule table gives it: it
    reads a :class:`SubjectCase` and answers with the subjects (and a more specific rule
    id of its own, if any), or None to leave the figure to the next step."""

    def register(step: Step) -> Step:
        if name in SUBJECT_STEPS:
            raise ValueError(f"subject step {name!r} is registered twice")
        SUBJECT_STEPS[name] = step
        return step

    return register


def _listed(case: SubjectCase) -> Distribution | None:
    if case.plan is None or not isinstance(case.plan[0], Distribution):
        return None
    return case.plan[0]


@subject_step("list_item")
def _step_list_item(case: SubjectCase) -> Decision | None:
    """「中国石化、国家电网以及中国石油分别以……」: each listed name is its figure's subject."""
    listed = _listed(case)
    if listed is None or listed.subjects is None or case.plan is None:
        return None
    return (listed.subjects[case.plan[1]],), None


@subject_step("list_owner")
def _step_list_owner(case: SubjectCase) -> Decision | None:
    """「手机银行在A、B、C的渗透率分别……」: the name the listed items break down."""
    listed = _listed(case)
    if listed is None or listed.subjects is not None or listed.owner is None:
        return None
    return (listed.owner,), None


@subject_step("list_carried")
def _step_list_carried(case: SubjectCase) -> Decision | None:
    """A list that only qualifies the metric although its clause opens with names: the
    subject carried from before the list, else the bank."""
    listed = _listed(case)
    if listed is None or listed.subjects is not None or not case.clause.subjects:
        return None
    return ((case.carried,) if case.carried else BANK), None


def _paired_level(case: SubjectCase) -> Observation | None:
    """The level a change of a run after 分别 pairs with, when the run pairs with levels."""
    if case.plan is None or isinstance(case.plan[0], Distribution):
        return None
    _, k, n = case.plan
    if case.made.measure == "level" or len(case.levels) < n:
        return None
    paired = case.levels[-n:]
    if len({(o.subject, o.metric) for o in paired}) != n:
        return None
    return paired[k]


@subject_step("paired_level")
def _step_paired_level(case: SubjectCase) -> Decision | None:
    """「……余额6万亿元，……余额5.4万亿元，分别较……增加了1万亿元和8800亿元」: the subject
    of the level a change pairs with."""
    level = _paired_level(case)
    return ((level.subject,), None) if level is not None else None


def _owner_before(scan: Scan, at: int) -> Decision | None:
    """The bank's own name, or a named thing, ending right before ``at`` (的 and spaces
    aside)."""
    text = scan.text
    i = at
    while i > 0 and (text[i - 1].isspace() or text[i - 1] == "的"):
        i -= 1
    if any(s < i <= e for s, e in scan.own):
        return BANK, None
    owner = next((m for s, e, m in scan.named if e == i), None)
    return ((owner,), None) if owner is not None else None


@subject_step("breakdown")
def _step_breakdown(case: SubjectCase) -> Decision | None:
    """「信用卡业务投诉占比53.1%，贷款业务投诉占比18.9%，……」: each category's share of one
    whole is the whole's, the name the sentence's lead opens with, else the bank's; the
    product a category opens with (信用卡) is no subject."""
    found = breakdown_at(case.scan, case.sentence_start, case.number_start, case.rules.breakdowns)
    if found is None:
        return None
    scan = case.scan
    i = case.sentence_start
    while i < found.start and (
        scan.text[i].isspace() or scan.removed[i] or scan.text[i] in TOPIC_BREAKS
    ):
        i += 1
    lead = next((m for s, _, m in scan.named if s == i), None) if i < found.start else None
    return ((lead,) if lead is not None else BANK), None


@subject_step("one_of")
def _step_one_of(case: SubjectCase) -> Decision | None:
    """「某分行是中国工商银行5家直属分行之一」: the count is of the units of the name right
    before it (工商银行 has 5 直属分行), not of the thing the clause opens with."""
    named = case.named
    if named.rule != "obs.metric.noun_after":
        return None
    text = case.scan.text
    after = text[named.end : named.end + 4].lstrip()
    if not after.startswith(case.rules.one_of):
        return None
    return _owner_before(case.scan, case.number_start)


@subject_step("clause")
def _step_clause(case: SubjectCase) -> Decision | None:
    """The name (or list of names of one kind) that opens the figure's own clause."""
    return (case.clause.subjects, None) if case.clause.subjects else None


@subject_step("metric_name")
def _step_metric_name(case: SubjectCase) -> Decision | None:
    """A clause naming no subject whose metric words open with a name the document gives
    (「对公客户数85.33万户」, 「某平台签约客户数2,975户」): that thing, the metric the rest;
    and the change after it that carries its metric over (「，较上年末增长13.2%」)."""
    if case.clause.embedded is not None:
        return (case.clause.embedded,), None
    if case.embedded is not None and not case.named.metric:
        return (case.embedded,), None
    return None


def _opens_with_own(case: SubjectCase) -> bool:
    """Whether the figure's clause opens with the bank's own name (本行, 我行, its name),
    dates and openers aside."""
    return _own_opening(case) is not None


def _own_opening(case: SubjectCase) -> tuple[int, int] | None:
    """The span of the bank's own name the figure's clause opens with, dates and openers
    aside."""
    scan = case.scan
    text = scan.text
    i = case.clause_start
    while i < len(text) and i < case.clause_start + 40:
        span = next(((s, e) for s, e in scan.own if s <= i < e), None)
        if span is not None:
            return span
        if not (text[i].isspace() or scan.removed[i] or text[i] in TOPIC_BREAKS):
            return None
        i += 1
    return None


def _whole_bank(scan: Scan, own: tuple[int, int]) -> bool:
    """Whether an own-name span prints the bank's proper name on its own (工商银行), not
    as the head of a unit's name (工商银行陕西省分行) nor as 本行."""
    return own in scan.proper and not any(s == own[1] for s, _, _ in scan.named)


@subject_step("own_clause")
def _step_own_clause(case: SubjectCase) -> Decision | None:
    """「……；本行发行借记卡2.1万张」: a clause that opens with the bank's own name is the
    bank's, whatever an earlier clause was about; in a section headed by a branch or
    subsidiary 本行 is that unit (step section_self decides), but the bank's proper name
    (「工商银行境外网络覆盖45个国家和地区」 in a branch's profile) is the whole bank."""
    opening = _own_opening(case)
    if opening is None:
        return None
    section = _section_topic(case.scan, case.scope_start, case.rules)
    topics = case.rules.paragraph_topics
    if section is not None and not (
        _whole_bank(case.scan, opening)
        and topics is not None
        and section.kind in topics.section_kinds
    ):
        return None
    return BANK, None


@subject_step("anaphor")
def _step_anaphor(case: SubjectCase) -> Decision | None:
    """A clause opening with 平台/该产品: the thing of that kind named before it."""
    referred = _referred(case.scan, case.sentence_start, case.clause_start, case.rules)
    return ((referred[0],), None) if referred is not None else None


@subject_step("carried")
def _step_carried(case: SubjectCase) -> Decision | None:
    """The subject an earlier clause of the sentence named (「A余额……，增长……」)."""
    return ((case.carried,), None) if case.carried is not None else None


@subject_step("sentence_topic")
def _step_sentence_topic(case: SubjectCase) -> Decision | None:
    """The last clause of the sentence before the figure that opens with one name, a thing
    it launches, or the bank. A change that carries over the metric of a figure the
    sentence gave the bank (「本行推出“某某贷”，科技型企业贷款余额……，较上年末增加……」:
    a book of the bank's, not the thing's) is the bank's too."""
    topic, launched = _sentence_topic(
        case.scan, case.scope_start, case.clause_start, case.named, case.made.metric, case.rules
    )
    if not topic:
        return None
    if topic[0] is not None and case.level_bank and not case.named.metric:
        return BANK, None
    topics = case.rules.paragraph_topics
    return topic, (topics.launch_id if launched and topics is not None else None)


def _opens_with_rate(case: SubjectCase, start: int) -> bool:
    """Whether the clause at ``start`` opens with a population and a rate over it
    (「代发工资客户渗透率74.83%」): the rate of something the text named before."""
    scan = case.scan
    text = scan.text
    i = start
    while i < len(text) and (text[i].isspace() or scan.removed[i] or text[i] in TOPIC_BREAKS):
        i += 1
    first = next(
        ((s, e, m) for s, e, m in scan.named if s == i and m.kind in case.rules.population_kinds),
        None,
    )
    if first is None:
        return False
    j = first[1]
    while j < len(text) and text[j].isspace():
        j += 1
    return text.startswith(case.rules.population_rates, j)


@subject_step("rate_continued")
def _step_rate_continued(case: SubjectCase) -> Decision | None:
    """「手机银行在各类重点客群中渗透率显著提升，……。代发工资客户渗透率74.83%，到店客户渗透率
    达到60.8%」: a sentence that opens with a population's rate and names nothing else goes
    on with the thing whose reach the sentence before measured (its topic)."""
    if not _opens_with_rate(case, case.sentence_start):
        return None
    text = case.scan.text
    end = case.sentence_start
    while end > 0 and (text[end - 1].isspace() or text[end - 1] in SCOPE_END):
        end -= 1
    start = max((text.rfind(ch, 0, end) for ch in SCOPE_END), default=-1) + 1
    if start >= end:
        return None
    topic, _ = _topic(case.scan, start, end, case.rules, launch=False)
    if len(topic) != 1 or topic[0] is None:
        return None
    return topic, None


@subject_step("paragraph_topic")
def _step_paragraph_topic(case: SubjectCase) -> Decision | None:
    """The thing the paragraph's heading names or an earlier sentence opens with, for a
    sentence that opens without a subject of its own."""
    topic, heading = _paragraph_topic(case.scan, case.scope_start, case.clause_start, case.rules)
    if not topic:
        return None
    topics = case.rules.paragraph_topics
    return topic, (topics.heading_id if heading and topics is not None else None)


@subject_step("section_heading")
def _step_section_heading(case: SubjectCase) -> Decision | None:
    """The thing the heading of the figure's section names (a branch over its profile)."""
    topic = _section_topic(case.scan, case.scope_start, case.rules)
    return ((topic,), None) if topic is not None else None


@subject_step("section_self")
def _step_section_self(case: SubjectCase) -> Decision | None:
    """「全行」「该行」「分行」 in a section headed by a branch or subsidiary: that unit, not
    the bank (「截至年末，全行各项存款余额……」 in a branch's profile)."""
    topics = case.rules.paragraph_topics
    if topics is None or not topics.section_self:
        return None
    scan = case.scan
    text = scan.text
    topic = _section_topic(scan, case.scope_start, case.rules)
    if topic is None:
        return None
    if topic.kind not in topics.section_kinds:
        # a line of business yields to a thing the sentence names or launches before the
        # figure (「本集团联同某分行推出“某服务”，累计……」 is the service's figure)
        named, _ = _sentence_topic(
            scan, case.scope_start, case.clause_start, case.named, case.made.metric, case.rules
        )
        if named and named[0] is not None:
            return None
    starts = [case.scope_start]
    starts += [i + 1 for i in range(case.scope_start, case.clause_start) if text[i] in TOPIC_BREAKS]
    for a in starts:
        i = a
        while i < case.clause_start + 1 and i < len(text):
            own = next(((s, e) for s, e in scan.own if s <= i < e), None)
            if own is not None and _whole_bank(scan, own) and topic.kind in topics.section_kinds:
                return BANK, None  # 「工商银行……」 in a branch's profile: the whole bank
            if own is not None or text.startswith(topics.section_self, i):
                return (topic,), None
            if not (text[i].isspace() or scan.removed[i]):
                break  # the clause opens with something else
            i += 1
    return None


def _byline_unit(
    scan: Scan, pos: int, marks: re.Pattern[str], kinds: frozenset[str]
) -> Mention | None:
    """The unit the byline of the article holding ``pos`` credits, when the article names
    it before ``pos``: the next byline after ``pos``, the article starting after the one
    before."""
    text = scan.text
    after = marks.search(text, pos)
    if after is None:
        return None
    unit = next((m for s, _, m in scan.named if s == after.end() and m.kind in kinds), None)
    if unit is None:
        return None
    start = 0
    for found in marks.finditer(text, 0, pos):
        start = found.end()
    if any(start <= s and e <= pos and m.name == unit.name for s, e, m in scan.named):
        return unit
    return None


@subject_step("byline")
def _step_byline(case: SubjectCase) -> Decision | None:
    """「……私人银行部坚持……，分3批召开分行电话会议……」 ended by 「供稿：私人银行部」: a figure
    no earlier step gave a subject is the work of the unit the byline credits, when the
    article names it before the figure."""
    bylines = case.rules.bylines
    if bylines is None:
        return None
    unit = _byline_unit(
        case.scan, case.number_start or case.clause_start, bylines.marks, bylines.kinds
    )
    return ((unit,), None) if unit is not None else None


@subject_step("bank")
def _step_bank(case: SubjectCase) -> Decision | None:
    """Nothing named a subject: the figure is the bank's."""
    return BANK, None


def decide_subject(case: SubjectCase) -> tuple[Subjects, str]:
    """The subjects of a figure of prose and the id of the step that decided them: the
    first step of the chain that answers."""
    for step in case.rules.subject_chain:
        decision = SUBJECT_STEPS[step.step](case)
        if decision is not None:
            subjects, specific = decision
            return subjects, specific or step.id
    raise ValueError("the subject chain ends without a step that always decides (bank)")
