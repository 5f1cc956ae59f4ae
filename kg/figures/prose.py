"""Figures of prose. Each quantity becomes one observation; its metric comes from
the words before it in the clause (「手机银行客户数达到3.85亿户」) or, after a verb like
成立 or 为, from the noun after it (「成立22家分行科技金融中心」). Inside a sentence the
metric and subject carry over to the changes that follow, so
「个人存款185,415.10亿元，增加19,759.42亿元，增长11.9%」 is one level, one change and
one growth rate of 个人存款. Dates come from the nearest temporal phrase in force,
subjects from the subject chain (:mod:`kg.figures.subject`)."""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from kg.figures.breakdown import breakdown_at
from kg.figures.clause import SentenceState, _analyse_clause
from kg.figures.dating import _actual_from, _date, _outside_plans
from kg.figures.distributive import Distribution, _distributions, _qualified
from kg.figures.metric import (
    _alias,
    _bare_measure,
    _classify,
    _default_metric,
    _drop_verbs,
    _name,
    _share_of,
)
from kg.figures.rules import ObservationRules
from kg.figures.scan import Scan, _scan
from kg.figures.subject import BANK, SubjectCase, _paired_level, decide_subject
from kg.figures.text import _boundary_before, _clause_start, _strip_prefix
from kg.figures.topics import _referred
from kg.grammar import FIGURE_SENTENCE_END, SCOPE_END
from kg.models import Mention, Observation, TextContext
from kg.units import point_symbols, role


def _without_lead(metric: str, scan: Scan, lo: int, hi: int, rules: ObservationRules) -> str:
    """A metric without the words that open it but say how or where a thing was done
    (``metric_lead_words``: 开展, 成功, 为), cut only where the metric as printed in
    ``[lo, hi)`` has a word start after them (对公客户 does not open with 对)."""
    if not metric.startswith(rules.lead_words):
        return metric
    hit = None
    for n in range(min(len(metric), 8), 2, -1):
        # the metric's first characters as printed (a count's 数/场次 is not)
        hit = re.compile(r"\s*".join(map(re.escape, metric[:n]))).search(scan.text, lo, hi)
        if hit is not None:
            break
    if hit is None:
        return metric
    at, view = hit.start(), scan.text

    def whole(n: int) -> bool:
        # the n-th character of the metric, as printed (white space may stand between)
        k, i = 0, at
        while k < n:
            if not view[i].isspace():
                k += 1
            i += 1
        while view[i].isspace():
            i += 1
        return i in scan.word_starts and view[i] not in rules.not_word_starts

    rest, _ = _strip_prefix(metric, rules.lead_words, whole)
    return rest if len(rest) >= 2 else metric


def _without_subject(metric: str, name: str) -> str:
    """A metric without the words it shares at its start with its subject's name, when
    they are all of that name but at most its last two characters (its head: 客户 of
    科技企业客户) and at least two characters are left: 「科技企业贷款余额」 of 科技企业客户
    -> 贷款余额, 「私人银行时点达标客户数」 of 私人银行客户 -> 时点达标客户数; 「个人客户数」 of
    个人手机银行 keeps its words (个人 is not most of that name)."""
    shared = 0
    while shared < min(len(metric), len(name)) and metric[shared] == name[shared]:
        shared += 1
    if shared >= 2 and shared >= len(name) - 2 and len(metric) - shared >= 2:
        return metric[shared:]
    return metric


def _after_own_name(metric: str, name: str, rules: ObservationRules) -> str:
    """「截止辖内某某分行全辖一级支行」 of 某某分行: the unit's own name inside the metric,
    after only openers and words for the unit's own area (截止, 辖内), ends what is not
    the metric."""
    at = metric.find(name)
    if at <= 0:
        return metric
    topics = rules.paragraph_topics
    words = (topics.section_self if topics is not None else ()) + rules.openers + SCOPE_WORDS
    rest, _ = _strip_prefix(metric[:at], words)
    return metric[at + len(name) :] if not rest and len(metric) - at - len(name) >= 2 else metric


SCOPE_WORDS = ("辖内", "区内", "省内", "市内", "境内")
"""Words for the area a unit covers, opening a metric before its name."""


def _without_self(metric: str, scan: Scan, rules: ObservationRules) -> str:
    """A metric of a branch or subsidiary without the name the unit goes by opening it: the
    bank's name after a place (「某地工行资产总额」), or a word for the unit itself
    (「分行共有员工」 -> 员工), with a verb of having after it."""
    topics = rules.paragraph_topics
    words = topics.section_self if topics is not None else ()
    rest = metric
    own = scan.own_prefix.match(rest) if scan.own_prefix is not None else None
    if own is not None:
        rest = rest[own.end() :]
    rest, _ = _strip_prefix(rest, words)
    rest, _ = _strip_prefix(rest, rules.holding_verbs)
    return rest if len(rest) >= 2 else metric


def _prose(
    ctx: TextContext,
    mentions: tuple[Mention, ...],
    rules: ObservationRules,
    skip: list[tuple[int, int]],
) -> list[Observation]:
    scan = _scan(ctx, mentions, rules, skip)
    text = scan.text
    out: list[Observation] = []
    state = SentenceState()
    sentence_start = -1
    floor = 0
    distributed = _distributions(scan, rules)
    levels: list[Observation] = []
    cumulative: list[bool] = []  # per figure of ``out``: its clause says 累计
    clauses: list[tuple[int, int, int]] = []  # per figure: its sentence, clause and number
    leads: list[str | None] = []  # per figure: the first amount's metric before it in its sentence
    for index, q in enumerate(scan.quantities):
        s_start = _boundary_before(text, q.start, FIGURE_SENTENCE_END)
        if s_start != sentence_start:
            state, sentence_start, floor = SentenceState(), s_start, s_start
            levels = []
        in_brackets = text.rfind("（", s_start, q.start) > text.rfind("）", s_start, q.start)
        c_start = max(_clause_start(text, q.start, s_start), floor)
        lo = bisect.bisect_left(scan.base_starts, c_start)
        hi = bisect.bisect_left(scan.base_starts, q.start)
        clause_bases = [b for b in scan.bases[lo:hi] if b.end <= q.start]
        clause = _analyse_clause(
            text,
            c_start,
            q,
            rules,
            scan.removed,
            scan.named,
            bool(clause_bases),
            scan.names,
            rules.metric_name_min,
            scan.word_starts,
        )
        if clause_bases and clause_bases[-1].rule.change and clause.change is None:
            lead = clause_bases[-1]
            if not text[lead.end : q.start].strip(" \n近约超过"):
                # 「领先第二名建行325万户」: a difference against the peer, not a level
                clause.change = next(
                    (c for c in rules.changes if c.id == lead.rule.change), clause.change
                )
        named = _name(text, q, clause, rules)
        if named is not None and named.unit == "%" and named.rule != "obs.metric.noun_after":
            share = _share_of(text, c_start, q, named.metric, rules)
            if share is not None:
                named = replace(named, metric=share, rule=rules.share_of.id)
        respectively = text.rfind("分别", s_start, q.start)
        # the quantities after 分别 and before this one (a slice found by bisect)
        nth = len(scan.quantities_between(respectively + 1, q.start)) if respectively >= 0 else None
        # 「全年计划举办200场，已举办136场」: a clause opening with 已 reports what is done
        # by the reference date; the plan before it, and the plan's date, stay its own
        actual = _actual_from(text, s_start, q.start, rules)
        plan_from = s_start if actual is None else actual
        temporal = (
            scan.temporal
            if actual is None
            else _outside_plans(text, scan.temporal, scan.plans, s_start, actual)
        )
        resolved = _date(text, q.start, temporal, ctx.document.reference_date, rules, nth)
        if named is None or resolved is None:
            continue
        local = replace(state) if in_brackets else state
        made = _classify(text, named, clause, clause_bases, local, rules)
        if not in_brackets:
            floor = max(floor, named.end)
        span_start = next((i for i in range(c_start, q.start) if not text[i].isspace()), q.start)
        plan = distributed.get(index)
        case = SubjectCase(
            scan,
            clause,
            local.subject,
            local.embedded,
            s_start,
            c_start,
            _boundary_before(text, q.start, SCOPE_END),
            named,
            made,
            plan,
            tuple(levels),
            rules,
            q.start,
            local.named_bank,
        )
        subjects, subject_rule = decide_subject(case)
        if named.metric:
            local.named_bank = subjects == BANK
        metric, rule = made.metric, made.change_rule or named.rule
        referred = None if clause.subjects else _referred(scan, s_start, c_start, rules)
        if referred is not None:
            word = referred[1]
            if metric.startswith(word) and len(metric) > len(word):
                metric = metric[len(word) :]
        if rule == "obs.quantity" and q.rule:
            rule = q.rule
        bare = _bare_measure(metric, rules) if named.rule != "obs.metric.noun_after" else None
        if bare is not None and made.measure in ("level", "share"):
            thing = local.level_metric if bare in rules.bare_measures.shares else local.counted
            if thing and not metric.startswith(thing):
                # 「ESG债券153只，承销规模1,669.26亿元」, 「中收458亿元，在全行占比51.4%」;
                # a verb the thing already opens with is not said twice (拦截风险交易金额)
                verb = metric[: len(metric) - len(bare)]
                metric = thing + (bare if verb and thing.startswith(verb) else metric)
                whole = rules.bare_measures.whole
                found = whole.search(text, c_start, q.start) if whole is not None else None
                if bare in rules.bare_measures.shares and found is not None:
                    # 「个金板块中收458亿元，在全行占比51.4%」 -> 中收全行占比
                    metric = thing + found.group("whole") + metric[len(thing) :]
                rule = rules.bare_measures.id
        if (
            made.measure == "level"
            and metric == _default_metric(named.unit, rules)
            and named.unit in rules.currencies | {role("money")}
        ):
            topic = _topic_money(scan, s_start, c_start, q.start, rules)
            if topic is not None and rules.topic_money is not None:
                # 「信用卡中收增长提速，实现217.6亿元」 -> 中收 (中间业务收入)
                old, metric = metric, topic
                rule = rules.topic_money.id
                if local.metric == old:
                    local.metric = metric
        if plan is not None:
            choice, k, _ = plan
            if isinstance(choice, Distribution):
                if choice.subjects is not None:
                    tail = made.metric
                    for item in choice.items:
                        tail = tail[tail.rfind(item) + len(item) :] if item in tail else tail
                    metric = tail or _default_metric(named.unit, rules)
                else:
                    metric = _qualified(
                        choice.items[k],
                        made.metric,
                        choice.joined,
                        choice.items,
                        rules.metric_heads,
                    )
                rule = choice.rule
            else:
                level = _paired_level(case)
                if level is not None:
                    # 「……余额6万亿元，……余额5.4万亿元，分别较……增加了1万亿元和8800亿元」
                    metric, rule = level.metric, "obs.distributive.levels"
        if metric and metric == made.metric:
            led = _without_lead(metric, scan, c_start, named.end, rules)
            if led != metric:
                if local.metric == metric:
                    local.metric = led
                metric = led
                if rule in (named.rule, q.rule):
                    rule = rules.lead_rule  # no more specific rule decided the figure
        if metric and subjects[0] is not None and len(subjects) == 1:
            # 「科技企业客户数……，科技企业贷款余额……」: the subject the sentence gave is
            # already the thing the metric opens with; the metric does not repeat it
            old, metric = metric, _without_subject(metric, subjects[0].name)
            if metric != old and local.metric == old:
                local.metric = metric
        sections = rules.paragraph_topics.section_kinds if rules.paragraph_topics else ()
        if metric and subjects[0] is not None and subjects[0].kind in sections:
            # 「某地工行资产总额」, 「分行全部存款余额」 in a branch's section: the branch's own
            # name or a word for it opens the metric, and the changes after it carry it
            old, metric = (
                metric,
                _without_self(_after_own_name(metric, subjects[0].name, rules), scan, rules),
            )
            if metric != old and local.metric == old:
                local.metric = metric
        if metric == _default_metric(named.unit, rules) and (
            clause.object_verb == "以" or AFTER_YI.search(text, s_start, q.start)
        ):
            ranked = _ranked_by(scan, s_start, q.start, rules)
            if ranked is not None:
                # 「对全球企业营业总收入排名……，某公司以5240亿美元蝉联榜首」
                metric, rule = ranked, rules.ranked_by.id
        before_drop = metric
        metric, dropped = _drop_verbs(metric, named.unit, rules)
        if metric != before_drop and metric.startswith(before_drop) and local.metric == before_drop:
            local.metric = metric  # 「贷款新发放额……，同比增长……」: the growth is of the amount
        metric, alias = _alias(metric, rules)
        rule = alias or dropped or rule
        if rules.firsts is not None:
            first_id, firsts, min_rest = rules.firsts
            at = max((metric.rfind(w) + len(w) for w in firsts if metric.find(w) > 0), default=-1)
            if at > 0 and len(metric) - at >= min_rest:
                # 「成为某市首家全部存贷款余额双超千亿元的……」 -> 全部存贷款余额
                metric, rule = metric[at:], first_id
        split = breakdown_at(scan, s_start, q.start, rules.breakdowns)
        if split is not None and rules.breakdowns is not None:
            # 「信用卡业务投诉占比53.1%，贷款业务投诉占比18.9%，……」 -> 投诉占比 信用卡业务
            metric, rule = f"{split.tail} {split.category}", rules.breakdowns.id
        said = rules.cumulative is not None and rules.cumulative.search(text, c_start, q.start)
        opening = next((o.metric for o in levels if o.unit != "%"), None)
        parts = _uncontracted(metric, text[c_start : q.start], rules)
        if parts != (metric,):
            rule = rules.contractions.id
        for subject, part in ((s, p) for p in parts for s in subjects):
            cumulative.append(bool(said))
            clauses.append((s_start, c_start, q.start))
            leads.append(opening if opening != part else None)
            out.append(
                Observation(
                    subject=subject,
                    metric=part,
                    value=q.value,
                    unit=named.unit,
                    date=resolved.date,
                    raw=ctx.view.quote(
                        q.printed_start if q.printed_start is not None else q.num_start,
                        q.unit_end,
                    ),
                    span=ctx.span(span_start, named.end),
                    sentence=ctx.sentence_at(q.num_start),
                    rule=rule,
                    measure=made.measure,
                    qualifier=q.qualifier,
                    basis=made.basis,
                    direction=made.direction,
                    period=resolved.period,
                    planned=any(p.end <= q.start and p.start >= plan_from for p in scan.plans),
                    subject_rule=subject_rule,
                )
            )
        if made.measure == "level":
            levels.append(out[-1])
            if named.unit != "%" and named.unit not in point_symbols():
                local.level_metric = metric
            own = rules.count_names.get(named.unit, rules.count_suffix)
            if (
                named.unit in rules.count_units
                and own.endswith(rules.count_suffix)
                and metric.endswith(own)
            ):
                # 「拦截可疑交易1.37万笔，涉及金额……」: 拦截可疑交易, not 拦截可疑交易笔
                local.counted = metric[: -len(own)] or None
        if clause.subjects and plan is None and text[c_start - 1 : c_start] != "、":
            # an item of a list (「……195亿元、某某基金1096亿元，……」) names its own figure
            # only: the clauses after the list do not go on with it
            local.subject = clause.subjects[0] if len(clause.subjects) == 1 else None
        if named.metric or clause.subjects or plan is not None:
            # a figure with metric words of its own, or a subject, ends what the name the
            # last metric opened with says of the figures after it
            local.embedded = clause.embedded if plan is None else None
    out = _cumulative_apart(out, cumulative, rules)
    out = _modifiers_apart(text, out, clauses)
    return _leads_apart(out, leads)


def _uncontracted(metric: str, clause: str, rules: ObservationRules) -> tuple[str, ...]:
    """「存贷款余额均超3000亿元」: a metric naming two things in one contracted word, with a
    word saying the number holds for each (均, 双), is two figures: 存款余额, 贷款余额."""
    contractions = rules.contractions
    if not any(w in clause[-6:] for w in contractions.each):
        return (metric,)
    for word, parts in contractions.words.items():
        if word in metric:
            # the word saying each holds may stay glued to the metric (双超: one word)
            cut = next((w for w in contractions.each if metric.endswith(w)), "")
            whole = metric[: len(metric) - len(cut)]
            return tuple(whole.replace(word, part, 1) for part in parts)
    return (metric,)


AFTER_YI = re.compile(r"以[\s\d.,，、和及与亿万千百元美港欧英镑日人民币]*$")
"""A run of amounts after one 以 (「分别以4070亿美元、3839亿美元和3791亿美元」)."""


def _ranked_by(scan: Scan, lo: int, hi: int, rules: ObservationRules) -> str | None:
    """The measure a ranking earlier in the sentence is by (「对全球企业上一年度营业总收入
    排名」 -> 营业总收入): the longest run of whole words right before the ranking word, at
    most ``max_chars`` long, that ends with a measure's head word."""
    ranked = rules.ranked_by
    text = scan.text
    at = max((text.rfind(w, lo, hi) for w in ranked.markers), default=-1)
    if at < 0:
        return None
    best = None
    i = at
    while i > lo:
        i -= 1
        if text[i] in "，。；：、（）“”《》":
            break
        words = re.sub(r"\s+", "", text[i:at])
        if len(words) > ranked.max_chars:
            break
        if i in scan.word_starts and words.endswith(ranked.heads):
            best = words
    return best


def _clash_key(o: Observation) -> tuple:
    return (o.subject, o.metric, o.date, o.measure, o.basis, o.planned)


def _leads_apart(out: list[Observation], leads: list[str | None]) -> list[Observation]:
    """「其中甲类贷款766亿元，……平均抵押率44.6%；乙类贷款1,685亿元，……平均抵押率51.5%」:
    figures of two sentences that name no subject of their own are one key with two
    values (the bank's 平均抵押率); where the amount each sentence opens with tells them
    apart, the rate is that thing's (甲类贷款平均抵押率), so neither is lost to review."""
    values: dict[tuple, set] = {}
    for o in out:
        values.setdefault(_clash_key(o), set()).add((o.value, o.direction))
    clashing = {k for k, v in values.items() if len(v) > 1}
    if not clashing:
        return out
    after = [
        replace(o, metric=lead + o.metric)
        if _clash_key(o) in clashing and lead and not o.metric.startswith(lead)
        else o
        for o, lead in zip(out, leads, strict=True)
    ]
    still: dict[tuple, set] = {}
    for o in after:
        still.setdefault(_clash_key(o), set()).add((o.value, o.direction))
    # only where the leads tell every figure of a key apart
    undone = {
        _clash_key(o) for o, a in zip(out, after, strict=True) if len(still[_clash_key(a)]) > 1
    }
    return [o if _clash_key(o) in undone else a for o, a in zip(out, after, strict=True)]


MODIFIER = re.compile(r"([\u4e00-\u9fff]{2,8})的\s*$")
"""The modifier right before a 的 that ends where a metric's words begin."""


def _modifier(text: str, clause: tuple[int, int, int], metric: str) -> str | None:
    """The words before the 的 that a metric's words follow in its clause:
    「……等承担信用风险的业务余额合计2,733.37亿元」 -> 承担信用风险 for 业务余额."""
    _, c_start, q_start = clause
    raw = re.sub(r"\s+", "", text[c_start:q_start])
    at = raw.rfind("的" + metric[:2])
    if at < 0:
        return None
    m = MODIFIER.search(raw[: at + 1])
    if m is None:
        return None
    words = re.split(r"[等及和与、]", m.group(1))[-1]
    return words if len(words) >= 2 else None


def _modifiers_apart(
    text: str, out: list[Observation], clauses: list[tuple[int, int, int]]
) -> list[Observation]:
    """「承担信用风险的业务余额合计2,733.37亿元……不承担信用风险的业务余额合计758.79亿元」:
    a metric cut after 的 left two figures of a document one key with two values; where
    the modifier before the 的 tells them apart, it stays in the metric (承担信用风险业务余额),
    and a change after a level in its sentence follows the level's name."""

    def key(o: Observation) -> tuple:
        return (o.subject, o.metric, o.date, o.measure, o.basis, o.planned)

    values: dict[tuple, set] = {}
    for o in out:
        values.setdefault(key(o), set()).add((o.value, o.direction))
    clashing = {k for k, v in values.items() if len(v) > 1}
    if not clashing:
        return out
    renamed: dict[int, str] = {}
    level_of: dict[tuple, str] = {}  # (sentence, subject, metric) -> the level's new name
    for i, o in enumerate(out):
        if key(o) not in clashing:
            continue
        sentence = clauses[i][0]
        if o.measure == "level":
            words = _modifier(text, clauses[i], o.metric)
            if words is not None and not o.metric.startswith(words):
                renamed[i] = words + o.metric
                level_of[(sentence, o.subject, o.metric)] = renamed[i]
        elif (sentence, o.subject, o.metric) in level_of:
            renamed[i] = level_of[(sentence, o.subject, o.metric)]
    after = [replace(o, metric=renamed[i]) if i in renamed else o for i, o in enumerate(out)]
    still: dict[tuple, set] = {}
    for o in after:
        still.setdefault(key(o), set()).add((o.value, o.direction))
    # only where the modifiers tell every figure of a key apart
    undone = {key(out[i]) for i in renamed if len(still[key(after[i])]) > 1}
    return [out[i] if key(out[i]) in undone else o for i, o in enumerate(after)]


def _cumulative_apart(
    out: list[Observation], cumulative: list[bool], rules: ObservationRules
) -> list[Observation]:
    """「本年发卡6.31万张，累计发卡25.64万张」: the word 累计 leaves a metric with the
    openers, but where a sentence gives the same thing both for the period and cumulated,
    the cumulated figure keeps it (累计发卡量), so the two are two figures, not one figure
    with two values."""
    if rules.cumulative is None:
        return out
    word = rules.cumulative.pattern.split("|")[0]
    keys: dict[tuple, set[bool]] = {}

    def key(o: Observation) -> tuple:
        return (o.sentence, o.subject, o.metric, o.unit, o.date, o.measure, o.basis)

    for o, said in zip(out, cumulative, strict=True):
        keys.setdefault(key(o), set()).add(said)
    return [
        replace(o, metric=word + o.metric)
        if said and keys[key(o)] == {True, False} and not o.metric.startswith(word)
        else o
        for o, said in zip(out, cumulative, strict=True)
    ]


def _topic_money(
    scan: Scan, s_start: int, c_start: int, number: int, rules: ObservationRules
) -> str | None:
    """The money the clause before a bare 「实现217.6亿元」 names after its subject
    (「信用卡中收增长提速」 -> 中收, spelled out as 中间业务收入), when that clause is in the
    same sentence and no figure stands between; None otherwise."""
    found = rules.topic_money
    if found is None:
        return None
    text = scan.text
    own = re.sub(
        r"\s",
        "",
        "".join(ch for i, ch in enumerate(text[c_start:number], c_start) if not scan.removed[i]),
    )
    if own not in found.verbs:
        return None
    end = c_start - 1
    while end > s_start and (text[end].isspace() or text[end] in "，,"):
        end -= 1
    end += 1
    start = max(s_start, *(text.rfind(d, s_start, end) + 1 for d in "，,；;：:"))
    if end <= start or any(start <= q.start < c_start for q in scan.quantities):
        return None
    i = start
    while i < end and (text[i].isspace() or scan.removed[i]):
        i += 1
    opening = next((e for s, e, _ in scan.named if s == i), None)
    if opening is not None:
        i = opening
    words = re.sub(r"\s", "", text[i:end])
    cut = max((words.rfind(w) + len(w) for w in found.endings if w in words), default=-1)
    metric = words[:cut] if cut > 0 else ""
    if not metric or len(metric) > found.max_chars or not HAN_ONLY.fullmatch(metric):
        return None
    return _alias(metric, rules)[0]


HAN_ONLY = re.compile(r"[\u4e00-\u9fff]+")
