"""Metric observations: every reported number as a typed, dated, sourced observation.

A quantity is a number with its scaling word and unit (「3.85亿户」, 「十余项」,
「超过99%」). Each quantity in prose becomes one observation; its metric and subject
come from the words before it in the clause (「手机银行客户数达到3.85亿户」) or, after
a verb like 成立 or 为, from the noun after it (「成立22家分行科技金融中心」). Inside a
sentence the metric and subject carry over to the changes that follow, so
「个人存款185,415.10亿元，增加19,759.42亿元，增长11.9%」 is one level, one change and
one growth rate of 个人存款. Dates come from the nearest temporal phrase in force
(「2024年末」, 「截至6月末」, 「上半年」) resolved against the document's reference date.
Tables are left to :mod:`kg.tables`, which this module calls.

All vocabulary (scales, hedges, change verbs, comparison bases, temporal phrases, plan
markers, non-measurement patterns) is data in ``rules/observations.yaml``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from itertools import pairwise

import yaml

from kg import clauses, dates, tables
from kg.models import Candidate, Mention, Observation, TextContext
from kg.numbers import ARABIC, CHINESE_NUMERAL, parse_arabic, parse_chinese, scaled
from kg.units import printed_forms

SUBJECT_KINDS = frozenset(
    {
        "Product",
        "Subsidiary",
        "Department",
        "Branch",
        "CustomerSegment",
        "Region",
        "Initiative",
        "Organization",
        "Bank",
    }
)
NAME_KINDS = frozenset({"Product", "Initiative", "Strategy", "Award"})
"""Kinds whose names may carry numbers (手机银行10.0, 春融行动2025): a quantity inside one,
after its first character, is part of the name. A name that starts with the quantity, or
a mention of another kind (a segment such as 「近1万名私银潜力客户」 drawn too wide), does
not hide it."""
CLAUSE_DELIMITERS = frozenset("，；。：！？、\n")
SENTENCE_DELIMITERS = frozenset("。！？；")
SCOPE_DELIMITERS = frozenset("。！？")
PLAN_CLAUSE = frozenset("，；。！？")
QUOTED = re.compile(
    r"“[^”\n]{1,40}”|「[^」\n]{1,40}」|『[^』\n]{1,40}』|《[^》\n]{1,40}》|‘[^’\n]{1,40}’"
)
HAN = re.compile(r"[\u4e00-\u9fff]")
METRIC_CHARS = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9+（）]")
MAX_METRIC = 16
FOOTNOTE_MARK = re.compile(r"(?:(?<=[\u4e00-\u9fff）])|^)\d{1,2}$")
MAX_NOUN = 12
BARE_MAGNITUDES = frozenset("百千万亿")
BARE_COUNTS = frozenset({"数", "数量", "总数", "总量"})


@dataclass(frozen=True)
class PatternRule:
    id: str
    pattern: re.Pattern[str]
    value: str | None = None
    inline: str | None = None
    change: str | None = None


@dataclass(frozen=True)
class ChangeRule:
    id: str
    direction: str
    sign: int
    words: tuple[str, ...]
    needs_basis: bool = False


@dataclass(frozen=True)
class LinkRule:
    id: str
    words: tuple[str, ...]
    level: bool = False


@dataclass(frozen=True)
class UnitHint:
    id: str
    unit: str
    endings: tuple[str, ...]


@dataclass(frozen=True)
class BareMeasures:
    """Metric words that name a measure but not what is measured (规模, 占比)."""

    id: str
    words: tuple[str, ...]
    shares: tuple[str, ...]
    verbs: tuple[str, ...]


@dataclass(frozen=True)
class Tenths:
    """「三成」 = 30%: the word after a number that makes it tenths of a whole."""

    id: str
    word: str
    factor: Decimal
    unit: str
    not_before: tuple[str, ...]


@dataclass(frozen=True)
class ShareOf:
    """How a share names what it is a share of (「占营业收入的比重」 -> 占营业收入比重)."""

    id: str
    words: tuple[str, ...]
    default: str
    held: tuple[str, ...]
    drop: tuple[str, ...]


@dataclass(frozen=True)
class Anaphors:
    """Clause openers that refer back to a thing named earlier in the sentence
    (「平台累计服务……」 after 「数字化平台“点绿成金”」): its figures are that thing's."""

    id: str
    words: tuple[str, ...]
    kinds: frozenset[str]


@dataclass(frozen=True)
class ParagraphTopics:
    """A paragraph's topic: the named thing its sentences open with, or its heading names
    (「3、企业级智能风控平台」), is the subject of the later sentences of the paragraph that
    report figures without naming their own (「……上线以来，累计拦截……」)."""

    id: str
    heading_id: str
    kinds: frozenset[str]
    heading_max: int
    heading_lines: int
    heading_marks: re.Pattern[str]
    continuations: tuple[str, ...]
    bank_words: tuple[str, ...]
    launch_verbs: tuple[str, ...]
    launch_kinds: frozenset[str]
    launch_tail: int
    launch_actors: frozenset[str]
    launch_partners: tuple[str, ...]
    launch_metric: int
    launch_id: str = "obs.subject.launched"
    section_lines: int = 0
    section_kinds: frozenset[str] = frozenset()
    section_self: tuple[str, ...] = ()


@dataclass(frozen=True)
class SubjectStep:
    """One step of the chain that decides a figure's subject: the function by name, and
    the rule id recorded on the figures it decides (``bkg:subjectRule``)."""

    id: str
    step: str


@dataclass(frozen=True)
class MetricVerbs:
    """Verbs dropped from a metric with what precedes them (投向, 建成, 存续, 办理), and the
    lending verbs whose bare money amount is a 金额 (投放 -> 投放金额)."""

    id: str
    words: tuple[str, ...]
    min_rest: int
    money_id: str
    money_words: frozenset[str]
    money_suffix: str


@dataclass(frozen=True)
class ObservationRules:
    """The rule tables of ``rules/observations.yaml``, compiled."""

    scales: dict[str, tuple[str, Decimal]]
    before_qualifiers: dict[str, tuple[str, str]]
    after_qualifiers: dict[str, tuple[str, str]]
    changes: tuple[ChangeRule, ...]
    change_nouns: tuple[str, ...]
    links: tuple[LinkRule, ...]
    bases: tuple[PatternRule, ...]
    temporal: tuple[PatternRule, ...]
    plans: tuple[PatternRule, ...]
    not_measurements: tuple[PatternRule, ...]
    implied_units: tuple[UnitHint, ...]
    count_suffix: str
    count_units: frozenset[str]
    count_except: tuple[str, ...]
    default_metrics: dict[str, tuple[str, str]]
    openers: tuple[str, ...]
    object_verbs: tuple[str, ...]
    noun_stops: tuple[str, ...]
    unit_clashes: tuple[str, ...]
    light_verbs: tuple[str, ...]
    bare_contexts: tuple[str, ...]
    temporal_openers: tuple[str, ...]
    numeral_contexts: tuple[str, ...]
    distributive: tuple[PatternRule, ...]
    list_item_stops: tuple[str, ...]
    list_owner_links: tuple[str, ...]
    bare_measures: BareMeasures
    currency_rule: str
    currencies: frozenset[str]
    tenths: Tenths
    share_of: ShareOf
    subject_head: PatternRule
    nominal_verbs: PatternRule
    metric_aliases: tuple[tuple[str, str, str], ...]
    table: tables.TableRules
    quantity: re.Pattern[str] = field(repr=False)
    actual_openers: tuple[str, ...] = ()
    count_names: dict[str, str] = field(default_factory=dict)
    anaphors: Anaphors | None = None
    paragraph_topics: ParagraphTopics | None = None
    metric_verbs: MetricVerbs | None = None
    subject_chain: tuple[SubjectStep, ...] = ()
    holding_verbs: tuple[str, ...] = ()


def _paragraph_topics(
    row: dict, anaphors: tuple[str, ...], verbs: tuple[str, ...]
) -> ParagraphTopics:
    heading = row["heading"]
    return ParagraphTopics(
        row["id"],
        heading["id"],
        frozenset(row["kinds"]),
        int(heading["max_chars"]),
        int(heading["max_lines"]),
        re.compile(heading["marks"]),
        _longest_first([*row["continuations"], *anaphors, *verbs]),
        _longest_first(row["bank_words"]),
        tuple(row["launch"]["verbs"]),
        frozenset(row["launch"]["kinds"]),
        int(row["launch"]["max_tail"]),
        frozenset(row["launch"]["actors"]),
        tuple(row["launch"]["partners"]),
        int(row["launch"]["max_metric"]),
        row["launch"]["id"],
        int(row["section"]["max_lines"]),
        frozenset(row["section"]["kinds"]),
        _longest_first(row["section"]["self_words"]),
    )


def _longest_first(words: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    return "|".join(re.escape(w) for w in _longest_first(list(words)))


def load_rules() -> ObservationRules:
    """Read and compile ``rules/observations.yaml`` (called from the component's initialize())."""
    data = yaml.safe_load(
        resources.files("kg.rules").joinpath("observations.yaml").read_text("utf-8")
    )
    scales = {r["word"]: (r["id"], Decimal(str(r["factor"]))) for r in data["scales"]}
    before: dict[str, tuple[str, str]] = {}
    after: dict[str, tuple[str, str]] = {}
    for r in data["qualifiers"]:
        for w in r.get("before") or ():
            before[w] = (r["id"], r["value"])
        for w in r.get("after") or ():
            after[w] = (r["id"], r["value"])
    units = printed_forms()
    currencies = frozenset(w for w, u in units.items() if u.quantity == "currency")
    after_alt = "|".join(
        re.escape(w) + ("(?!额)" if w == "余" else "(?!元化|样化|方位)" if w == "多" else "")
        for w in _longest_first(list(after))
    )
    quantity = re.compile(
        rf"(?:(?P<qb>{_alternation(list(before))})\s{{0,2}})?"
        rf"(?:(?P<cur>{_alternation(list(currencies))})\s{{0,2}})?"
        rf"(?<![\d.,])(?P<num>{ARABIC}|{CHINESE_NUMERAL})(?![\d])"
        rf"(?:\s{{0,2}}(?P<qa1>{after_alt}))?"
        rf"(?:\s{{0,2}}(?P<scale>{_alternation(list(scales))}))?"
        rf"(?P<qa2>{after_alt})?"
        rf"(?P<big>大)?"
        rf"(?:\s{{0,2}}(?P<unit>{_alternation(list(units))}))?"
        rf"(?P<qa3>{after_alt})?"
    )

    def patterns(key: str, value: str) -> tuple[PatternRule, ...]:
        return tuple(
            PatternRule(
                r["id"], re.compile(r["pattern"]), r.get(value), r.get("inline"), r.get("change")
            )
            for r in data[key]
        )

    suffix = data["count_suffix"]
    temporal = patterns("temporal", "kind")
    return ObservationRules(
        scales=scales,
        before_qualifiers=before,
        after_qualifiers=after,
        changes=tuple(
            ChangeRule(
                r["id"],
                r["direction"],
                int(r["sign"]),
                _longest_first(r["words"]),
                bool(r.get("needs_basis")),
            )
            for r in data["changes"]
        ),
        change_nouns=_longest_first([w for r in data["change_nouns"] for w in r["words"]]),
        links=tuple(
            LinkRule(r["id"], _longest_first(r["words"]), bool(r.get("level")))
            for r in data["links"]
        ),
        bases=patterns("bases", "canonical"),
        temporal=temporal,
        plans=patterns("plans", "id"),
        not_measurements=patterns("not_measurements", "scope"),
        implied_units=tuple(
            UnitHint(r["id"], r["unit"], _longest_first(r["endings"]))
            for r in data["implied_units"]
        ),
        count_suffix=suffix["suffix"],
        count_units=frozenset(suffix["units"]),
        count_except=tuple(suffix["except_endings"]),
        count_names=dict(suffix.get("by_unit", {})),
        anaphors=Anaphors(
            data["anaphors"]["id"],
            _longest_first(data["anaphors"]["words"]),
            frozenset(data["anaphors"]["kinds"]),
        )
        if "anaphors" in data
        else None,
        metric_verbs=MetricVerbs(
            data["metric_verbs"]["id"],
            _longest_first(data["metric_verbs"]["words"]),
            int(data["metric_verbs"]["min_rest"]),
            data["metric_verbs"]["money"]["id"],
            frozenset(data["metric_verbs"]["money"]["words"]),
            data["metric_verbs"]["money"]["suffix"],
        )
        if "metric_verbs" in data
        else None,
        paragraph_topics=_paragraph_topics(
            data["paragraph_topic"],
            tuple(data["anaphors"]["words"]) if "anaphors" in data else (),
            tuple(data["object_verbs"]) + tuple(data["light_verbs"]),
        )
        if "paragraph_topic" in data
        else None,
        default_metrics={
            unit: (r["id"], r["metric"])
            for r in data["default_metrics"]
            for unit in (r["units"] if "units" in r else [r["unit"]])
        },
        openers=_longest_first(data["openers"]),
        object_verbs=_longest_first(data["object_verbs"]),
        noun_stops=_longest_first(data["noun_stops"]),
        unit_clashes=_longest_first(data["unit_clashes"]),
        light_verbs=_longest_first(data["light_verbs"]),
        bare_contexts=_longest_first(data["bare_contexts"]),
        temporal_openers=_longest_first(data["temporal_openers"]),
        actual_openers=_longest_first(data.get("actual_openers", [])),
        numeral_contexts=_longest_first(data["numeral_contexts"]),
        distributive=patterns("distributive", "id"),
        list_item_stops=_longest_first(data["list_item_stops"]),
        list_owner_links=_longest_first(data["list_owner_links"]),
        bare_measures=BareMeasures(
            data["bare_measures"]["id"],
            _longest_first(data["bare_measures"]["words"]),
            _longest_first(data["bare_measures"]["shares"]),
            _longest_first(data["bare_measures"]["verbs"]),
        ),
        currency_rule=data["currency_before"]["id"],
        currencies=currencies,
        tenths=Tenths(
            data["tenths"]["id"],
            data["tenths"]["word"],
            Decimal(str(data["tenths"]["factor"])),
            data["tenths"]["unit"],
            tuple(data["tenths"]["not_before"]),
        ),
        share_of=ShareOf(
            data["share_of"]["id"],
            _longest_first(data["share_of"]["words"]),
            data["share_of"]["default"],
            _longest_first(data["share_of"]["held"]),
            _longest_first(data["share_of"]["drop"]),
        ),
        subject_head=PatternRule(
            data["subject_heads"]["id"], re.compile(data["subject_heads"]["pattern"])
        ),
        nominal_verbs=PatternRule(
            data["nominal_verbs"]["id"],
            re.compile(_alternation(data["nominal_verbs"]["words"])),
        ),
        metric_aliases=tuple(
            sorted(
                ((w, r["metric"], r["id"]) for r in data["metric_aliases"] for w in r["printed"]),
                key=lambda t: -len(t[0]),
            )
        ),
        table=replace(tables.load_rules(scales), temporal=temporal),
        quantity=quantity,
        subject_chain=_subject_chain(data["subject_chain"]),
        holding_verbs=_longest_first(data["holding_verbs"]),
    )


class RuleTableError(ValueError):
    """A rule table that names something the code does not have."""


def _subject_chain(rows: list[dict]) -> tuple[SubjectStep, ...]:
    steps = tuple(SubjectStep(r["id"], r["step"]) for r in rows)
    unknown = [s.step for s in steps if s.step not in SUBJECT_STEPS]
    if unknown:
        raise RuleTableError(f"observations.yaml subject_chain: unknown step(s) {unknown}")
    if not steps or steps[-1].step != "bank":
        raise RuleTableError("observations.yaml subject_chain: the last step must be bank")
    return steps


@dataclass(frozen=True)
class Quantity:
    """A number with its hedge, scale and unit, at view offsets."""

    start: int
    num_start: int
    num_end: int
    unit_end: int
    end: int
    value: Decimal
    unit: str | None
    qualifier: str | None
    chinese: bool
    bare: bool
    scaled_by: str
    printed_start: int | None = None
    """Where the printed amount starts when a currency word opens it (「港幣82.45億元」)."""
    rule: str | None = None
    """The row that read the unit, when not the plain pattern (currency before, tenths)."""


@dataclass(frozen=True)
class Mark:
    """A matched phrase (temporal, basis, plan) at view offsets, with its rule."""

    start: int
    end: int
    rule: PatternRule
    groups: dict[str, str | None]


@dataclass
class SentenceState:
    """What carries from clause to clause inside one sentence."""

    subject: Mention | None = None
    metric: str | None = None
    measure: str = "level"
    basis: str | None = None
    direction: str | None = None
    change_rule: str | None = None
    by_unit: dict[str, str] = field(default_factory=dict)
    counted: str | None = None
    level_metric: str | None = None


def _quantities(
    ctx: TextContext, rules: ObservationRules, blocked: list[tuple[int, int]]
) -> list[Quantity]:
    """Every number with a unit (or a scaling word) that is a measurement."""
    text = ctx.view.text
    token_starts = {s for s, _ in ctx.tokens}
    starts = [s for s, _ in blocked]
    out = []
    for m in rules.quantity.finditer(text):
        num_start, num_end = m.span("num")
        i = bisect.bisect_right(starts, num_start) - 1
        if i >= 0 and blocked[i][0] <= num_start < blocked[i][1]:
            continue
        raw = m.group("num")
        chinese = not raw[0].isdigit()
        unit_text = m.group("unit")
        currency = m.group("cur") if not chinese else None
        if unit_text and any(
            text.startswith(clash, m.start("unit")) and len(clash) > len(unit_text)
            for clash in rules.unit_clashes
        ):
            unit_text = None
        start = m.start("qb") if m.group("qb") else num_start
        if m.group("cur") and chinese and not m.group("qb"):
            start = num_start
        tenth = _tenth(text, m, rules)
        if tenth is not None:
            if not _not_measurement(text, tenth, rules):
                out.append(tenth)
            continue
        if chinese:
            try:
                number = parse_chinese(raw)
            except ValueError:
                continue
            bare = all(ch in BARE_MAGNITUDES for ch in raw)
            if (number < 2 and not bare) or (not unit_text and not (bare and m.group("qb"))):
                continue
            if start not in token_starts and start > 0 and HAN.match(text[start - 1]):
                continue
        else:
            if m.group("big"):
                continue
            try:
                number = parse_arabic(raw)
            except ValueError:  # too many digits: a code, not a figure
                continue
            bare = False
        scale = m.group("scale") or ""
        factor = rules.scales[scale][1] if scale else Decimal(1)
        unit_end = m.end("unit") if unit_text else (m.end("scale") if scale else num_end)
        if m.group("qa2") and not unit_text:
            unit_end = m.end("qa2")
        end = m.end("qa3") if unit_text and m.group("qa3") else unit_end
        qualifier = rules.before_qualifiers[m.group("qb")][1] if m.group("qb") else None
        for group in ("qa1", "qa2", "qa3"):
            word = m.group(group)
            if word and (group != "qa3" or unit_text):
                qualifier = qualifier or rules.after_qualifiers[word][1]
        symbol = printed_forms()[unit_text].symbol if unit_text else None
        if currency and (
            symbol is None or symbol == printed_forms()[currency].symbol or symbol == "元"
        ):
            # 「港幣82.45億元」: the currency before the number is the unit, 元 only repeats it
            symbol = printed_forms()[currency].symbol
            start = m.start("qb") if m.group("qb") else m.start("cur")
        else:
            currency = None
        q = Quantity(
            start,
            num_start,
            num_end,
            unit_end,
            end,
            scaled(number, factor),
            symbol,
            qualifier,
            chinese,
            bare,
            scale,
            m.start("cur") if currency else None,
            rules.currency_rule if currency else None,
        )
        if not _not_measurement(text, q, rules):
            out.append(q)
    return out


def _tenth(text: str, m: re.Match[str], rules: ObservationRules) -> Quantity | None:
    """「逾三成」 -> 30 % with the hedge 逾: a number of tenths, with no scale or unit."""
    tenths = rules.tenths
    num_start, num_end = m.span("num")
    pos = num_end
    if (
        m.group("unit")
        or m.group("scale")
        or m.group("qa1")
        or not text.startswith(tenths.word, pos)
    ):
        return None
    after = pos + len(tenths.word)
    if any(text.startswith(w, after) for w in tenths.not_before):
        return None
    raw = m.group("num")
    try:
        number = parse_chinese(raw) if not raw[0].isdigit() else parse_arabic(raw)
    except ValueError:
        return None
    if not 1 <= number <= 10:
        return None
    start = m.start("qb") if m.group("qb") else num_start
    if start == num_start and start > 0 and HAN.match(text[start - 1]):
        return None  # 「九成」 inside a word, with no hedge before it
    qualifier = rules.before_qualifiers[m.group("qb")][1] if m.group("qb") else None
    end = after
    for word, (_, value) in rules.after_qualifiers.items():
        if text.startswith(word, after):
            qualifier, end = qualifier or value, after + len(word)
            break
    return Quantity(
        start,
        num_start,
        num_end,
        after,
        end,
        number * tenths.factor,
        tenths.unit,
        qualifier,
        not raw[0].isdigit(),
        False,
        "",
        None,
        tenths.id,
    )


def _enumerated(text: str) -> int:
    """How many items a clause lists before a count: 「客户规模、活跃客户数、客户黏性」 -> 3."""
    items = [p for p in re.split(r"[、和及与]|以及", text) if p.strip()]
    return len(items) if "、" in text and len(items) >= 2 else 0


def _not_measurement(text: str, q: Quantity, rules: ObservationRules) -> bool:
    before = text[max(0, q.start - 6) : q.start]
    after = text[q.unit_end : q.unit_end + 12]
    for rule in rules.not_measurements:
        if rule.value == "before" and rule.pattern.search(before):
            return True
        if rule.value == "touching" and q.start == q.num_start and rule.pattern.search(before):
            return True
        if rule.value == "after" and rule.pattern.search(after):
            return True
        if rule.value == "around":
            lo = max(0, q.num_start - 12)
            for m in rule.pattern.finditer(text, lo, q.num_end + 12):
                if m.start() <= q.num_start < m.end():
                    return True
    clause = text[_boundary_before(text, q.start, frozenset("，。；：！？\n")) : q.start]
    for rule in rules.not_measurements:
        if rule.value == "clause" and rule.pattern.search(clause + text[q.start : q.num_start]):
            return True
        if rule.value == "sentence" and rule.pattern.search(
            text[
                _boundary_before(text, q.start, SENTENCE_DELIMITERS) : _boundary_after(
                    text, q.end, SENTENCE_DELIMITERS
                )
            ]
        ):
            return True
        if rule.value == "line" and rule.pattern.match(text, text.rfind("\n", 0, q.start) + 1):
            return True
    listed = _enumerated(clause.rsplit("等", 1)[0] if "等" in clause else clause)
    if listed and q.value == listed and q.qualifier is None:
        return True
    if q.chinese or q.bare:
        if q.start > 0 and text[q.start - 1] in "”」』的":
            return True
        if q.start == q.num_start and not _numeral_context(clause, rules):
            return True
    if q.bare and q.start == q.num_start:
        return not clause.rstrip().endswith(rules.bare_contexts)
    return False


def _numeral_context(before: str, rules: ObservationRules) -> bool:
    """A Chinese numeral is a quantity only after a verb, a hedge, 等 or a clause start."""
    before = before.rstrip().rstrip("了")
    if not before:
        return True
    words = (
        *rules.numeral_contexts,
        *rules.object_verbs,
        *(w for link in rules.links for w in link.words),
        *(w for change in rules.changes if not change.needs_basis for w in change.words),
    )
    return any(before.endswith(w) for w in words)


OPENING = {"）": "（", "”": "“", "」": "「", "』": "『"}


def _clause_start(text: str, pos: int, floor: int = 0) -> int:
    """Where the clause ending at ``pos`` begins: after the last delimiter outside
    brackets and quotes (「五通、四集、三云」 is one phrase)."""
    marks, starts = _clause_index(text)
    k = bisect.bisect_left(marks, pos) - 1
    return max(floor, starts[k] if k >= 0 else 0)


_OPENERS = tuple(sorted(set(OPENING.values())))
_SCANNED = frozenset(OPENING) | frozenset(OPENING.values()) | CLAUSE_DELIMITERS


@lru_cache(maxsize=8)
def _clause_index(text: str) -> tuple[tuple[int, ...], list[int]]:
    """The positions of the characters a clause scan looks at (delimiters, brackets,
    quotes) and, for each, where a clause ending just after it begins when nothing bounds
    it from below, in one pass over the text: a scan back from a closing bracket or quote
    jumps to the opening one it waits for, found by the same recurrence. So
    :func:`_clause_start` is a bisection, not a walk back per figure."""
    marks = clauses.positions(text, _SCANNED)
    starts: list[int] = []
    # opened[o][k]: the mark where a scan back from mark k waiting for opener o stops; -1 none
    opened: dict[str, list[int]] = {o: [] for o in _OPENERS}
    for k, i in enumerate(marks):
        ch = text[i]
        if ch in OPENING:
            m = opened[OPENING[ch]][k - 1] if k else -1
            start = 0 if m < 0 else (starts[m - 1] if m else 0)
            for o in _OPENERS:
                opened[o].append(opened[o][m - 1] if m > 0 else -1)
        else:
            if ch == "（" or (ch in CLAUSE_DELIMITERS and (ch != "\n" or _hard_break(text, i))):
                start = i + 1
            else:
                start = starts[k - 1] if k else 0
            for o in _OPENERS:
                opened[o].append(k if ch == o else (opened[o][k - 1] if k else -1))
        starts.append(start)
    return marks, starts


def _hard_break(text: str, i: int) -> bool:
    """A newline that ends a paragraph or a heading, not one inside a sentence."""
    j = i - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    if j < 0 or text[j] in "。！？；：\n":
        return True
    line_start = text.rfind("\n", 0, j) + 1
    return "，" not in text[line_start:j]


def _boundary_before(text: str, pos: int, delimiters: frozenset[str]) -> int:
    return max(
        clauses.after_last(clauses.positions(text, delimiters - NEWLINE), pos),
        clauses.after_last(_hard_breaks(text), pos),
    )


def _boundary_after(text: str, pos: int, delimiters: frozenset[str]) -> int:
    end = len(text)
    return min(
        clauses.first_from(clauses.positions(text, delimiters), pos, end),
        clauses.first_from(_hard_breaks(text), pos, end),
    )


NEWLINE = frozenset("\n")
TOPIC_WINDOW = 3000
"""How far back in one paragraph a figure's topic is looked for, in characters: each
figure reads the openings of its paragraph's sentences, which is quadratic in a paragraph
that runs on for pages (text flattened without line breaks)."""


@lru_cache(maxsize=8)
def _hard_breaks(text: str) -> tuple[int, ...]:
    """Where ``text`` has a newline that ends a paragraph or heading, once per text."""
    return tuple(i for i in clauses.positions(text, NEWLINE) if _hard_break(text, i))


def _mask(size: int, spans: list[tuple[int, int]]) -> bytearray:
    """One byte per view character, set inside any of ``spans``."""
    mask = bytearray(size)
    for s, e in spans:
        mask[s:e] = b"\x01" * (e - s)
    return mask


def _marks(text: str, rules: tuple[PatternRule, ...], blocked: list[tuple[int, int]]) -> list[Mark]:
    """Non-overlapping matches of a rule table, earlier rows winning, outside quotes."""
    taken = _mask(len(text), blocked)
    out: list[Mark] = []
    for rule in rules:
        for m in rule.pattern.finditer(text):
            if m.start() == m.end() or any(taken[m.start() : m.end()]):
                continue
            taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            out.append(Mark(m.start(), m.end(), rule, m.groupdict()))
    out.sort(key=lambda k: k.start)
    return out


def _strip_prefix(text: str, words: tuple[str, ...]) -> tuple[str, int]:
    """Strip any of ``words`` from the start, repeatedly; returns (rest, chars removed)."""
    removed = 0
    changed = True
    while changed and text:
        changed = False
        for w in words:
            if text.startswith(w):
                text = text[len(w) :]
                removed += len(w)
                changed = True
                break
    return text, removed


def _ends_with(text: str, words: tuple[str, ...]) -> str | None:
    for w in words:
        if text.endswith(w):
            return w
    return None


@dataclass
class Clause:
    """The words before a quantity, analysed."""

    metric: str
    subjects: tuple[Mention, ...]
    change: ChangeRule | None
    level_link: bool
    object_verb: str | None
    start: int
    conjunction: bool


CONJUNCTIONS = ("", "和", "及", "与", "以及", "或")


def _analyse_clause(
    text: str,
    start: int,
    q: Quantity,
    rules: ObservationRules,
    removed: bytearray,
    mentions: list[tuple[int, int, Mention]],
    has_basis: bool,
) -> Clause:
    keep = []
    depth = 0
    for i in range(start, q.start):
        ch = text[i]
        if ch == "（":
            depth += 1
            continue
        if ch == "）":
            depth = max(0, depth - 1)
            continue
        if depth or ch.isspace() or removed[i]:
            continue
        keep.append(i)
    raw = "".join(text[i] for i in keep)
    body, cut = _strip_prefix(raw, rules.openers)
    subjects = _subjects(text, keep[cut:], mentions, q.start)
    if subjects:
        last_end = max(e for _, e, m in mentions if m in subjects)
        skip = sum(1 for i in keep[cut:] if i < last_end)
        body, _ = _strip_prefix(body[skip:], rules.openers)
        unquoted = body.lstrip('”」』》’"')
        head = rules.subject_head.pattern.match(unquoted)
        if head and head.end() < len(unquoted):
            # 「“惠懂你”App累计访问量」: App names the subject, the metric is 累计访问量
            body = unquoted[head.end() :]

    for verb in rules.light_verbs:
        if verb in body and body != verb:
            body = body.replace(verb, "")
    change = None
    level_link = False
    object_verb = None
    while True:
        before = body
        body = body.rstrip("了")
        word = _ends_with(body, rules.object_verbs)
        longer_link = any(
            len(w) > len(word or "") for link in rules.links for w in link.words if body.endswith(w)
        )
        if word and not change and not object_verb and not longer_link:
            object_verb = word
            body = body[: -len(word)]
        for link in rules.links:
            word = _ends_with(body, link.words)
            if word:
                body = body[: -len(word)]
                level_link = level_link or link.level
                break
        if not change and not level_link:
            for rule in rules.changes:
                word = _ends_with(body, rule.words)
                if word and (not rule.needs_basis or has_basis):
                    change = rule
                    body = body[: -len(word)]
                    break
        if body == before:
            break
    body = body.rstrip("的")
    body, _ = _strip_prefix(body, CONJUNCTIONS[1:])
    if "的" in body:
        tail = body[body.rfind("的") + 1 :]
        body = tail if HAN.search(tail) else body
    if "等" in body:
        body = body[body.rfind("等") + 1 :]
    body, _ = _strip_prefix(body, rules.openers)
    body = METRIC_CHARS.sub("", body)
    # 「零售客户数 1 （万户）」: a note marker after the name is no part of it
    body = FOOTNOTE_MARK.sub("", body)
    body, _ = _strip_prefix(body, rules.holding_verbs)
    if len(body) > MAX_METRIC:
        # 「主承销五大重点区域……信用债」: the verb goes before the object is cut
        body, _ = _strip_prefix(body, rules.object_verbs)
    body = body[-MAX_METRIC:]
    if subjects and body in BARE_COUNTS:
        body = ""
    return Clause(body, subjects, change, level_link, object_verb, start, raw in CONJUNCTIONS)


def _subjects(
    text: str, keep: list[int], mentions: list[tuple[int, int, Mention]], stop: int
) -> tuple[Mention, ...]:
    """The mention that opens the clause, or the mentions of one kind it lists
    (「江苏、广东、山东分行客户增量超千户」: each branch gets the number)."""
    # a name in quotes opens the clause too: 「“工银智能卫士”累计使用量……」
    keep = [i for i in keep if text[i] not in '“「『《‘"'] if keep else keep
    if not keep:
        return ()
    first = keep[0]
    found: list[tuple[int, int, Mention]] = []
    for ms, me, mention in mentions:
        if me > stop:
            if not found:
                continue
            break
        if not found:
            if ms <= first < me:
                found.append((ms, me, mention))
            continue
        gap = text[found[-1][1] : ms]
        if (
            ms >= found[-1][1]
            and mention.kind == found[0][2].kind
            and gap in ("、", "和", "及", "与")
        ):
            found.append((ms, me, mention))
        elif ms >= found[-1][1]:
            break
    while found:
        head = found[0]
        gap_end = head[0] - 1
        if gap_end < 0 or text[gap_end] not in "、和及与":
            break
        previous = next(
            (t for t in mentions if t[1] == gap_end and t[2].kind == head[2].kind), None
        )
        if previous is None:
            break
        found.insert(0, previous)
    if len(found) > 1 and re.search("等|分别|各自", text[found[-1][1] : stop]):
        found = found[-1:]
    while len(found) == 1:
        # 「某某银行某某省分行」, 「某某银行信用卡」: a name right after the opening one, with
        # nothing between, is its head: the branch of the bank, the product of the brand
        end = found[0][1]
        nxt = next((t for t in mentions if t[0] == end and end < t[1] <= stop), None)
        if nxt is None:
            break
        found = [nxt]
    return tuple(m for _, _, m in found)


def _noun_after(text: str, pos: int, rules: ObservationRules, skip_de: bool = False) -> str:
    """The noun a quantity counts, when it follows it: 「22家分行科技金融中心」."""
    if skip_de and text.startswith("的", pos):
        pos += 1
    out: list[str] = []
    i = pos
    while i < len(text) and len(out) < MAX_NOUN:
        ch = text[i]
        close = text.find("）", i, i + 6) if ch == "（" and out else -1
        if close > i + 1 and all(HAN.match(c) for c in text[i + 1 : close]):
            # 「2,100余个县（市）」: a short bracketed gloss belongs to the noun
            out.extend(text[i : close + 1])
            i = close + 1
            continue
        if not (HAN.match(ch) or (ch.isascii() and ch.isalpha())):
            break
        if any(text.startswith(w, i) for w in rules.noun_stops):
            break
        out.append(ch)
        i += 1
    return "".join(out)


def _implied_unit(metric: str, rules: ObservationRules) -> tuple[str, str] | None:
    """The unit a metric implies (余额 -> 元, 客户 -> 户): its ending, else the last
    telling word inside it."""
    for hint in rules.implied_units:
        if _ends_with(metric, hint.endings):
            return hint.unit, hint.id
    best: tuple[int, str, str] | None = None
    for hint in rules.implied_units:
        for word in hint.endings:
            pos = metric.rfind(word)
            if pos >= 0 and len(word) > 1 and (best is None or pos + len(word) > best[0]):
                best = (pos + len(word), hint.unit, hint.id)
    return (best[1], best[2]) if best else None


def _count_metric(noun: str, unit: str, rules: ObservationRules) -> str:
    if unit in rules.count_units and not _ends_with(noun, rules.count_except):
        own = rules.count_names.get(unit)
        if own is not None:
            return noun if noun.endswith(own) else noun + own
        return noun + rules.count_suffix
    return noun


def _measure(unit: str, change: bool, metric: str) -> str:
    if unit in ("百分点", "基点"):
        return "ppChange"
    if unit == "%" and re.search(r"(?:占比|比重|份额)$|^占|占.+比例$", metric):
        return "share"
    if change:
        return "growthRate" if unit == "%" else "change"
    if unit == "%" and "占比" in metric:
        return "share"
    return "level"


@dataclass(frozen=True)
class Scan:
    """What is matched once per document and looked up clause by clause (view offsets)."""

    text: str
    quantities: list[Quantity]
    bases: list[Mark]
    temporal: list[Mark]
    plans: list[Mark]
    removed: bytearray
    named: list[tuple[int, int, Mention]]
    base_starts: list[int]
    own: list[tuple[int, int]] = field(default_factory=list)
    sections: dict[int, Mention | None] = field(default_factory=dict)
    """The section topic of each line start looked up so far (:func:`_section_topic`)."""


def _scan(
    ctx: TextContext,
    mentions: tuple[Mention, ...],
    rules: ObservationRules,
    skip: list[tuple[int, int]],
) -> Scan:
    text = ctx.view.text
    quotes = [(m.start(), m.end()) for m in QUOTED.finditer(text)]
    own = []
    named: list[tuple[int, int, Mention]] = []
    for mention in mentions:
        s, e = ctx.view_bounds(mention.span)
        if mention.kind == "Bank" and (
            mention.rule == "entity.self_reference" or mention.name == ctx.document.bank
        ):
            own.append((s, e))
        elif mention.kind in SUBJECT_KINDS:
            named.append((s, e, mention))
    named.sort(key=lambda t: (t[0], -t[1]))
    names = [(s + 1, e) for s, e, m in named if m.kind in NAME_KINDS]
    bases = _marks(text, rules.bases, quotes)
    temporal = _marks(text, rules.temporal, quotes + [(b.start, b.end) for b in bases])
    plans = _marks(text, rules.plans, quotes)
    return Scan(
        text,
        _quantities(ctx, rules, sorted(skip + quotes + names)),
        bases,
        temporal,
        plans,
        _mask(len(text), own + [(k.start, k.end) for k in (*bases, *temporal, *plans)]),
        named,
        [b.start for b in bases],
        own,
    )


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


def _is_item_char(ch: str) -> bool:
    return bool(HAN.match(ch)) or (ch.isascii() and ch.isalnum())


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
    found = _mention_at(named, first_start, first_end)
    owner = None
    if found is not None:
        first_start = found[0]
    else:
        squeezed = text[first_start:first_end]
        cut = max(
            (squeezed.rfind(w) + len(w) for w in (*rules.list_owner_links, "的")),
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
        s_start = _boundary_before(text, first.start, SENTENCE_DELIMITERS)
        before = [q for q in scan.quantities[: run[0]] if q.unit or q.scaled_by or q.bare]
        lo = max(s_start, before[-1].end if before else 0)
        marker = None
        for rule in rules.distributive:
            m = rule.pattern.search(text, lo, first.start)
            if m and (marker is None or m.start() < marker[0]):
                marker = (m.start(), rule.id)
        choice: Distribution | str | None = None
        if marker is not None:
            listed = _list_items(text, s_start, marker[0], scan.named, scan.removed, rules)
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


def _qualified(item: str, metric: str, joined: str = "") -> str:
    """A metric of one listed item: 「全量客户」 + 渗透率, 「房贷客户」 + 客户数 -> 房贷客户数,
    「活期存款和定期存款」 -> 活期存款 (the whole list in the metric gives way to the item)."""
    if joined and joined in metric:
        return metric.replace(joined, item)
    if metric.startswith(item):
        return metric
    for k in range(min(len(item), len(metric)), 1, -1):
        if item.endswith(metric[:k]):
            return item + metric[k:]
    return item + metric


def _bare_measure(metric: str, rules: ObservationRules) -> str | None:
    """「承销规模」 -> 规模, 「占比」 -> 占比: a metric that names no thing measured."""
    bare = rules.bare_measures
    rest, _ = _strip_prefix(metric, bare.verbs)
    return rest if rest in bare.words or rest in bare.shares else None


@dataclass(frozen=True)
class Named:
    """A quantity's metric and unit, and how much text after it the metric used."""

    metric: str
    unit: str
    rule: str
    end: int


def _name(text: str, q: Quantity, clause: Clause, rules: ObservationRules) -> Named | None:
    """Metric and unit of a quantity: the clause's words, or the noun after it
    (「成立22家分行科技金融中心」), with a unit implied by either when none is printed."""
    noun = _noun_after(text, q.end, rules, skip_de=clause.object_verb == "以")
    if clause.object_verb == "以" and not text.startswith("的", q.end):
        noun = ""  # 「以4070亿美元排名第二」: an amount the subject ranks by, no noun counted
    metric = clause.metric
    rule_id = "obs.quantity"
    noun_end = None
    use_noun = bool(noun) and (
        clause.object_verb is not None or not metric or (clause.conjunction and q.unit is not None)
    )
    if (
        not use_noun
        and q.unit in rules.count_units
        and len(noun) >= 2
        and _ends_with(metric, rules.count_except) is None
    ):
        # 「服务全球超60个国家」: the noun after a count is what it counts, and the words
        # before it say which (服务全球国家数, not 服务全球数)
        use_noun, noun_end = True, _noun_end(text, q.end, noun)
        noun = (metric + noun)[-MAX_METRIC:]
    if (
        not use_noun
        and metric
        and clause.object_verb
        and rules.nominal_verbs.pattern.fullmatch(clause.object_verb)
    ):
        # 「全年科技投入66.5亿元」: nothing follows for 投入 to take, so it ends the noun
        metric = (metric + clause.object_verb)[-MAX_METRIC:]
        rule_id = rules.nominal_verbs.id
    unit = q.unit
    if unit is None:
        if not q.scaled_by and not q.bare:
            return None
        hint = _implied_unit(noun, rules) if noun else None
        use_noun = hint is not None
        if hint is None:
            hint = _implied_unit(metric, rules)
        if hint is None:
            return None
        unit, rule_id = hint
    if use_noun:
        return Named(
            _count_metric(noun, unit, rules),
            unit,
            "obs.metric.noun_after" if rule_id == "obs.quantity" else rule_id,
            noun_end if noun_end is not None else _noun_end(text, q.end, noun),
        )
    return Named(_count_metric(metric, unit, rules) if metric else "", unit, rule_id, q.end)


Subjects = tuple[Mention | None, ...]
BANK: Subjects = (None,)


@dataclass(frozen=True)
class SubjectCase:
    """What the steps of the subject chain read for one figure of prose."""

    scan: Scan
    clause: Clause
    carried: Mention | None
    """The subject an earlier clause of the sentence named (:class:`SentenceState`)."""
    sentence_start: int
    clause_start: int
    scope_start: int
    named: Named
    made: Classified
    plan: Plan | None
    levels: tuple[Observation, ...]
    rules: ObservationRules


Decision = tuple[Subjects, str | None]
"""A step's answer: the subjects (None for the bank), and a more specific rule id than the
step's own when the step has one (a launched thing, a heading)."""


def _listed(case: SubjectCase) -> Distribution | None:
    if case.plan is None or not isinstance(case.plan[0], Distribution):
        return None
    return case.plan[0]


def _step_list_item(case: SubjectCase) -> Decision | None:
    """「中国石化、国家电网以及中国石油分别以……」: each listed name is its figure's subject."""
    listed = _listed(case)
    if listed is None or listed.subjects is None or case.plan is None:
        return None
    return (listed.subjects[case.plan[1]],), None


def _step_list_owner(case: SubjectCase) -> Decision | None:
    """「手机银行在A、B、C的渗透率分别……」: the name the listed items break down."""
    listed = _listed(case)
    if listed is None or listed.subjects is not None or listed.owner is None:
        return None
    return (listed.owner,), None


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


def _step_paired_level(case: SubjectCase) -> Decision | None:
    """「……余额6万亿元，……余额5.4万亿元，分别较……增加了1万亿元和8800亿元」: the subject
    of the level a change pairs with."""
    level = _paired_level(case)
    return ((level.subject,), None) if level is not None else None


def _step_clause(case: SubjectCase) -> Decision | None:
    """The name (or list of names of one kind) that opens the figure's own clause."""
    return (case.clause.subjects, None) if case.clause.subjects else None


def _step_anaphor(case: SubjectCase) -> Decision | None:
    """A clause opening with 平台/该产品: the thing of that kind named before it."""
    referred = _referred(case.scan, case.sentence_start, case.clause_start, case.rules)
    return ((referred[0],), None) if referred is not None else None


def _step_carried(case: SubjectCase) -> Decision | None:
    """The subject an earlier clause of the sentence named (「A余额……，增长……」)."""
    return ((case.carried,), None) if case.carried is not None else None


def _step_sentence_topic(case: SubjectCase) -> Decision | None:
    """The last clause of the sentence before the figure that opens with one name, a thing
    it launches, or the bank."""
    topic, launched = _sentence_topic(
        case.scan, case.scope_start, case.clause_start, case.named, case.made.metric, case.rules
    )
    if not topic:
        return None
    topics = case.rules.paragraph_topics
    return topic, (topics.launch_id if launched and topics is not None else None)


def _step_paragraph_topic(case: SubjectCase) -> Decision | None:
    """The thing the paragraph's heading names or an earlier sentence opens with, for a
    sentence that opens without a subject of its own."""
    topic, heading = _paragraph_topic(case.scan, case.scope_start, case.clause_start, case.rules)
    if not topic:
        return None
    topics = case.rules.paragraph_topics
    return topic, (topics.heading_id if heading and topics is not None else None)


def _step_section_heading(case: SubjectCase) -> Decision | None:
    """The thing the heading of the figure's section names (a branch over its profile)."""
    topic = _section_topic(case.scan, case.scope_start, case.rules)
    return ((topic,), None) if topic is not None else None


def _step_section_self(case: SubjectCase) -> Decision | None:
    """「全行」「该行」「分行」 in a section headed by a branch or subsidiary: that unit, not
    the bank (「截至年末，全行各项存款余额……」 in a branch's profile)."""
    topics = case.rules.paragraph_topics
    if topics is None or not topics.section_self:
        return None
    scan = case.scan
    text = scan.text
    starts = [case.scope_start]
    starts += [i + 1 for i in range(case.scope_start, case.clause_start) if text[i] in TOPIC_BREAKS]
    for a in starts:
        i = a
        while i < case.clause_start + 1 and i < len(text):
            if any(s <= i < e for s, e in scan.own) or text.startswith(topics.section_self, i):
                topic = _section_topic(scan, case.scope_start, case.rules)
                return ((topic,), None) if topic is not None else None
            if not (text[i].isspace() or scan.removed[i]):
                break  # the clause opens with something else
            i += 1
    return None


def _step_bank(case: SubjectCase) -> Decision | None:
    """Nothing named a subject: the figure is the bank's."""
    return BANK, None


SUBJECT_STEPS = {
    "list_item": _step_list_item,
    "list_owner": _step_list_owner,
    "list_carried": _step_list_carried,
    "paired_level": _step_paired_level,
    "clause": _step_clause,
    "anaphor": _step_anaphor,
    "carried": _step_carried,
    "sentence_topic": _step_sentence_topic,
    "paragraph_topic": _step_paragraph_topic,
    "section_heading": _step_section_heading,
    "section_self": _step_section_self,
    "bank": _step_bank,
}
"""The named steps of the subject chain; ``rules/observations.yaml`` (``subject_chain``)
puts them in order and gives each the rule id recorded on the figures it decides."""


def decide_subject(case: SubjectCase) -> tuple[Subjects, str]:
    """The subjects of a figure of prose and the id of the step that decided them: the
    first step of the chain that answers."""
    for step in case.rules.subject_chain:
        decision = SUBJECT_STEPS[step.step](case)
        if decision is not None:
            subjects, specific = decision
            return subjects, specific or step.id
    raise ValueError("the subject chain ends without a step that always decides (bank)")


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
    for index, q in enumerate(scan.quantities):
        s_start = _boundary_before(text, q.start, SENTENCE_DELIMITERS)
        if s_start != sentence_start:
            state, sentence_start, floor = SentenceState(), s_start, s_start
            levels = []
        in_brackets = text.rfind("（", s_start, q.start) > text.rfind("）", s_start, q.start)
        c_start = max(_clause_start(text, q.start, s_start), floor)
        lo = bisect.bisect_left(scan.base_starts, c_start)
        hi = bisect.bisect_left(scan.base_starts, q.start)
        clause_bases = [b for b in scan.bases[lo:hi] if b.end <= q.start]
        clause = _analyse_clause(
            text, c_start, q, rules, scan.removed, scan.named, bool(clause_bases)
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
        nth = (
            sum(1 for p in scan.quantities if respectively < p.start < q.start)
            if respectively >= 0
            else None
        )
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
            s_start,
            c_start,
            _boundary_before(text, q.start, SCOPE_DELIMITERS),
            named,
            made,
            plan,
            tuple(levels),
            rules,
        )
        subjects, subject_rule = decide_subject(case)
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
                rule = rules.bare_measures.id
        if plan is not None:
            choice, k, _ = plan
            if isinstance(choice, Distribution):
                if choice.subjects is not None:
                    tail = made.metric
                    for item in choice.items:
                        tail = tail[tail.rfind(item) + len(item) :] if item in tail else tail
                    metric = tail or _default_metric(named.unit, rules)
                else:
                    metric = _qualified(choice.items[k], made.metric, choice.joined)
                rule = choice.rule
            else:
                level = _paired_level(case)
                if level is not None:
                    # 「……余额6万亿元，……余额5.4万亿元，分别较……增加了1万亿元和8800亿元」
                    metric, rule = level.metric, "obs.distributive.levels"
        metric, dropped = _drop_verbs(metric, named.unit, rules)
        metric, alias = _alias(metric, rules)
        rule = alias or dropped or rule
        for subject in subjects:
            out.append(
                Observation(
                    subject=subject,
                    metric=metric,
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
            if named.unit not in ("%", "百分点", "基点"):
                local.level_metric = metric
            own = rules.count_names.get(named.unit, rules.count_suffix)
            if (
                named.unit in rules.count_units
                and own.endswith(rules.count_suffix)
                and metric.endswith(own)
            ):
                # 「拦截可疑交易1.37万笔，涉及金额……」: 拦截可疑交易, not 拦截可疑交易笔
                local.counted = metric[: -len(own)] or None
        if clause.subjects and plan is None:
            local.subject = clause.subjects[0] if len(clause.subjects) == 1 else None
    return out


def _referred(
    scan: Scan, lo: int, start: int, rules: ObservationRules
) -> tuple[Mention, str] | None:
    """The thing a clause opening with an anaphor (平台, 该产品) refers back to: the last
    mention of a kind the anaphor can name in the sentence before the clause, with the
    anaphor word."""
    if rules.anaphors is None:
        return None
    head = scan.text[start:].lstrip()
    head, _ = _strip_prefix(head, rules.openers)
    word = next((w for w in rules.anaphors.words if head.startswith(w)), None)
    if word is None:
        return None
    earlier = [
        m for s, e, m in scan.named if lo <= s and e <= start and m.kind in rules.anaphors.kinds
    ]
    return (earlier[-1], word) if earlier else None


def _actual_from(text: str, lo: int, pos: int, rules: ObservationRules) -> int | None:
    """Where the last clause of ``text[lo:pos]`` opening with 已 (what is already done)
    starts: it and the clauses after it report actuals, whatever was planned before it."""
    found = clauses.positions(text, PLAN_CLAUSE)
    inside = found[bisect.bisect_left(found, lo) : bisect.bisect_left(found, pos)]
    starts = [lo] + [i + 1 for i in inside]
    for start in reversed(starts):
        if _strip_prefix(text[start:pos].lstrip(), rules.actual_openers)[1]:
            return start
    return None


def _outside_plans(
    text: str, temporal: list[Mark], plans: list[Mark], lo: int, hi: int
) -> list[Mark]:
    """The temporal marks that are not inside a clause of ``text[lo:hi]`` that carries a
    plan: 「全年」 dates 「全年计划举办200场」, not the 「已举办136场」 after it."""
    clauses = [
        (_boundary_before(text, p.start, PLAN_CLAUSE), _boundary_after(text, p.end, PLAN_CLAUSE))
        for p in plans
        if lo <= p.start and p.end <= hi
    ]
    if not clauses:
        return temporal
    return [m for m in temporal if not any(a <= m.start and m.end <= b for a, b in clauses)]


def _share_of(
    text: str, start: int, q: Quantity, metric: str, rules: ObservationRules
) -> str | None:
    """The name of a share that says what it is a share of: 「县域存款占全行存款的42.5%」 ->
    县域存款占全行存款比例, 「占营业收入的比重为57.86%」 -> 占营业收入比重,
    「占香港市场份额逾三成」 -> 香港市场份额. None when the clause has no 占 phrase."""
    share = rules.share_of
    pos = -1
    for i in range(q.start - 1, start - 1, -1):
        if text[i] == "占" and not text.startswith("占比", i):
            pos = i
            break
    if pos < 0:
        return None
    of = re.sub(r"\s", "", text[pos + 1 : q.start])
    links = tuple(w for link in rules.links for w in link.words)
    changed = True
    while changed:
        changed = False
        for word in (*links, "的"):
            if of.endswith(word) and len(of) > len(word):
                of, changed = of[: -len(word)], True
                break
    printed = _ends_with(of, share.words) or _ends_with(of, share.held)
    if printed:
        of = of[: -len(printed)].rstrip("的")
    of, _ = _strip_prefix(of, share.drop)
    if not of or not all(_is_item_char(ch) or ch in "（）" for ch in of):
        return None
    before = metric[: metric.rfind("占")] if "占" in metric else ""
    if printed in share.held:
        return (before + of + printed)[-2 * MAX_METRIC :]
    return (before + "占" + of + (printed or share.default))[-2 * MAX_METRIC :]


def _drop_verbs(metric: str, unit: str, rules: ObservationRules) -> tuple[str, str | None]:
    """「投向制造业贷款余额」 -> 制造业贷款余额, 「苏州设立科技支行数」 -> 科技支行数:
    the verb that says how the thing came about goes, with everything before it;
    「投放」 of an amount of money -> 投放金额."""
    verbs = rules.metric_verbs
    if verbs is None:
        return metric, None
    if metric in verbs.money_words and unit in rules.currencies | {"元"}:
        return metric + verbs.money_suffix, verbs.money_id
    cut = max(
        (metric.rfind(w) + len(w) for w in verbs.words if w in metric),
        default=-1,
    )
    rest = metric[cut:]
    bare = (*rules.bare_measures.words, *rules.bare_measures.shares)
    if cut < 0 or len(HAN.findall(rest)) < verbs.min_rest or rest in bare:
        return metric, None  # 「存续规模」 is a measure of its own
    return metric[cut:], verbs.id


def _alias(metric: str, rules: ObservationRules) -> tuple[str, str | None]:
    """「大字版MAU数」 -> 月活跃用户数: an abbreviated metric spelled out."""
    for printed, full, rule in rules.metric_aliases:
        if metric.endswith(printed):
            return full, rule
    return metric, None


TOPIC_BREAKS = frozenset("，；：")
NO_TOPIC: tuple[Mention | None, ...] = (None,)


def _topic(
    scan: Scan, lo: int, hi: int, rules: ObservationRules, launch: bool = True
) -> tuple[tuple[Mention | None, ...], bool]:
    """The subject in force at ``hi`` from the clauses of its sentence before it: the last
    clause that opens with one entity (「“行e通”平台聚焦……，全年交易量……」, across ；
    too), or the bank when the last one opens with 本行/本集团. Empty when none did. The
    flag says the topic is a thing launched in the sentence (:func:`_launched`)."""
    text = scan.text
    starts = [lo]
    depth = 0
    for i in range(lo, hi):
        ch = text[i]
        if ch in "（“「『《":
            depth += 1
        elif ch in "）”」』》":
            depth = max(0, depth - 1)
        elif not depth and ch in TOPIC_BREAKS:
            starts.append(i + 1)
    topic: tuple[Mention | None, ...] = ()
    by_launch = False
    for a, b in zip(starts, [*starts[1:], hi], strict=True):
        keep = [i for i in range(a, b) if not text[i].isspace() and not scan.removed[i]]
        if not keep:
            continue
        _, cut = _strip_prefix("".join(text[i] for i in keep), rules.openers)
        found = _subjects(text, keep[cut:], scan.named, b)
        first = next((i for i in range(a, b) if not text[i].isspace()), b)
        launched = None if found or not launch else _launched(scan, a, b, rules)
        if found and any(r.pattern.search(text, a, b) for r in rules.distributive):
            topic, by_launch = NO_TOPIC, False  # a list of subjects (分别) is no topic
        elif len(found) == 1:
            topic, by_launch = (found[0],), False
        elif launched is not None:
            topic, by_launch = (launched,), True
        elif found or any(s <= first < e for s, e in scan.own):
            topic, by_launch = NO_TOPIC, False
    return topic, by_launch


def _sentence_topic(
    scan: Scan, lo: int, hi: int, named: Named, metric: str, rules: ObservationRules
) -> tuple[tuple[Mention | None, ...], bool]:
    """The topic of the sentence for a figure whose clause (from ``hi``) names no subject,
    and whether it is a launched thing. A thing launched earlier in the sentence
    (「本行推出“某某贷”，……」) is the subject only of figures that name no thing of their
    own: the clause opens with a verb (服务客户……), the metric carries over or is short
    (余额, 不良率), not 「个人养老金资金账户开户数超300万户」."""
    topic, by_launch = _topic(scan, lo, hi, rules)
    topics = rules.paragraph_topics
    if topics is not None and topic and topic[0] is not None:
        plain, _ = _topic(scan, lo, hi, rules, launch=False)
        if plain != topic and not (
            not named.metric
            or len(metric) <= topics.launch_metric
            or _opening(scan, hi, _boundary_after(scan.text, hi, TOPIC_BREAKS), rules)[0]
            == OPENS_CONTINUATION
        ):
            topic, by_launch = plain, False
    return topic, by_launch


def _launched(scan: Scan, a: int, b: int, rules: ObservationRules) -> Mention | None:
    """The named product or initiative a clause ``[a, b)`` launches and ends with
    (「本行推出“某某贷”」, 「推出首款互联网融资产品——某某」, 「开展“某某”专项行动」): the
    subject of the figures after it in its sentence (「……，服务客户约2.6万户」)."""
    topics = rules.paragraph_topics
    if topics is None:
        return None
    text = scan.text
    clause = text[a:b]
    verb = max((clause.rfind(w) + len(w) for w in topics.launch_verbs if w in clause), default=-1)
    if verb < 0:
        return None
    if any(
        a <= s
        and e <= a + verb
        and m.kind in topics.launch_actors
        and not text[a:s].rstrip().endswith(topics.launch_partners)
        for s, e, m in scan.named
    ):
        return None  # 「附属公司某某人寿……合作推出年金产品」: its figures are the actor's
    after = [(s, e, m) for s, e, m in scan.named if a + verb <= s and e <= b]
    if not after or after[-1][2].kind not in topics.launch_kinds:
        return None
    for (_, e0, _), (s1, _, _) in pairwise(after):
        if text[e0:s1].strip("”」』》’ "):
            return None  # a list, or more than a name: not one thing launched
    tail = text[after[-1][1] : b].strip("”」』》’ ，；：。！？\n")
    if len(tail) > topics.launch_tail or not all(_is_item_char(ch) for ch in tail):
        return None
    return after[-1][2]


def _heading_topic(scan: Scan, start: int, rules: ObservationRules) -> Mention | None:
    """The thing the heading lines right above the paragraph starting at ``start`` name
    (「3、企业级智能风控平台」, 「【一线】某分行：……」), if one of them opens with one."""
    topics = rules.paragraph_topics
    assert topics is not None
    text = scan.text
    end = start - 1
    for _ in range(topics.heading_lines):
        if end < 0 or text[end] != "\n":
            return None
        begin = text.rfind("\n", 0, end) + 1
        heading, head, names = _heading_line(scan, begin, end, topics)
        if not heading:
            return None
        if head is not None or names:
            return head
        end = begin - 1
    return None


def _heading_line(
    scan: Scan, begin: int, end: int, topics: ParagraphTopics
) -> tuple[bool, Mention | None, bool]:
    """Whether ``text[begin:end]`` is a heading line (short, no sentence punctuation), the
    thing of a topic kind it opens with (after its numbering and quotes), and whether it
    names anything at all."""
    text = scan.text
    line = text[begin:end]
    if not line.strip() or len(line.strip()) > topics.heading_max:
        return False, None, False
    if any(ch in "。！？；，" for ch in line):
        return False, None, False
    lead = len(line) - len(line.lstrip())
    mark = topics.heading_marks.match(line, lead)
    first = mark.end() if mark else lead
    while first < len(line) and line[first] in '“「『《‘"':
        first += 1
    found = [m for s, e, m in scan.named if begin <= s and e <= end and s <= begin + first < e]
    if found:
        head = found[0]
        return True, (head if head.kind in topics.kinds else None), True
    names = any(begin <= s and e <= end for s, e, _ in scan.named) or any(
        begin <= s < end for s, _ in scan.own
    )
    return True, None, names


def _section_topic(scan: Scan, pos: int, rules: ObservationRules) -> Mention | None:
    """The thing the heading of the section holding ``pos`` opens with: the nearest heading
    line above, across paragraphs and blank lines (「某某分行」 over the paragraphs of its
    profile). None when that heading names no unit of the kinds whose sections report
    their own business (``section_kinds``: a product's heading reaches its paragraph only,
    :func:`_heading_topic`), or none is found within ``section_lines`` lines."""
    topics = rules.paragraph_topics
    if topics is None or topics.section_lines <= 0:
        return None
    text = scan.text
    start = text.rfind("\n", 0, pos) + 1
    if start in scan.sections:
        return scan.sections[start]
    end = start - 1
    topic = None
    for _ in range(topics.section_lines):
        if end < 0:
            break
        begin = text.rfind("\n", 0, end) + 1
        heading, head, _ = _heading_line(scan, begin, end, topics)
        if heading:
            topic = head if head is not None and head.kind in topics.section_kinds else None
            break
        end = begin - 1
    scan.sections[start] = topic
    return topic


OPENS_TOPIC, OPENS_CONTINUATION, OPENS_OTHER = "topic", "continuation", "other"


def _opening(scan: Scan, a: int, b: int, rules: ObservationRules) -> tuple[str, Mention | None]:
    """How the text ``[a, b)`` of a sentence opens, in its first clause with words left
    once dates are masked: with one named thing of a topic kind, with a word showing the
    clause has no subject of its own (累计, 上线以来, 服务, 该产品), or with anything else
    (another name, the bank, a noun). ``("", None)`` when nothing is left."""
    topics = rules.paragraph_topics
    assert topics is not None
    text = scan.text
    starts = [a]
    depth = 0
    for i in range(a, b):
        ch = text[i]
        if ch in "（“「『《":
            depth += 1
        elif ch in "）”」』》":
            depth = max(0, depth - 1)
        elif not depth and ch in TOPIC_BREAKS:
            starts.append(i + 1)
    for lo, hi in zip(starts, [*starts[1:], b], strict=True):
        keep = [i for i in range(lo, hi) if not text[i].isspace() and not scan.removed[i]]
        keep = [i for i in keep if text[i] not in TOPIC_BREAKS]
        first = next((i for i in range(lo, hi) if not text[i].isspace()), hi)
        if any(s <= first < e for s, e in scan.own):
            return OPENS_OTHER, None
        if not keep:
            continue
        raw = "".join(text[i] for i in keep)
        if raw.startswith(topics.continuations):
            return OPENS_CONTINUATION, None
        if raw.startswith(topics.bank_words):
            return OPENS_OTHER, None
        body, cut = _strip_prefix(raw, rules.openers)
        if body.startswith(topics.continuations):
            return OPENS_CONTINUATION, None
        found = _subjects(text, keep[cut:], scan.named, hi)
        if len(found) == 1 and found[0].kind in topics.kinds:
            return OPENS_TOPIC, found[0]
        return OPENS_OTHER, None
    return "", None


def _paragraph_topic(
    scan: Scan, lo: int, hi: int, rules: ObservationRules
) -> tuple[tuple[Mention, ...], bool]:
    """The paragraph's topic for a figure whose sentence starts at ``lo`` and whose clause
    starts at ``hi``: the thing the heading above the paragraph names, or an earlier
    sentence of the paragraph opens with, when every sentence since opened without a
    subject of its own (累计服务……, 上线以来……, 该产品……), and so does this one up to
    the figure. Empty otherwise. The flag says the heading gave it."""
    topics = rules.paragraph_topics
    if topics is None:
        return (), False
    text = scan.text
    # the figure's own clause ends at its sentence's end too (a clause without a comma
    # must not run on through the rest of a paragraph)
    end = _boundary_after(text, hi, TOPIC_BREAKS | SCOPE_DELIMITERS)
    opens, _ = _opening(scan, lo, end, rules)
    if opens != OPENS_CONTINUATION:
        return (), False
    start = _boundary_before(text, lo, frozenset())
    topic = _heading_topic(scan, start, rules)
    from_heading = topic is not None
    a = start
    if lo - a > TOPIC_WINDOW:  # a paragraph with no line break (pages run on):
        a = min(_boundary_after(text, lo - TOPIC_WINDOW, SCOPE_DELIMITERS) + 1, lo)
    while a < lo:
        b = min(_boundary_after(text, a, SCOPE_DELIMITERS) + 1, lo)
        opens, found = _opening(scan, a, b, rules)
        if opens == OPENS_TOPIC:
            topic, from_heading = found, False
        elif opens == OPENS_OTHER:
            topic, from_heading = None, False
        a = b
    return ((topic,), from_heading) if topic is not None else ((), False)


def _default_metric(unit: str, rules: ObservationRules) -> str:
    return (rules.default_metrics.get(unit) or rules.default_metrics["*"])[1]


@dataclass(frozen=True)
class Classified:
    metric: str
    measure: str
    basis: str | None
    direction: str | None
    change_rule: str | None


def _classify(
    text: str,
    named: Named,
    clause: Clause,
    clause_bases: list[Mark],
    state: SentenceState,
    rules: ObservationRules,
) -> Classified:
    """Level, change, growth rate, pp change or share; the metric a change carries over
    from the clause before it; the comparison basis in force. Updates ``state``."""
    metric = named.metric
    change = clause.change
    inherited = False
    if not metric:
        if state.metric and (change is not None or clause.conjunction or clause.level_link):
            # a change in 户 after 「客户数3.85亿户，市场占比30%，」 is one of 客户数
            same_unit = state.by_unit.get(named.unit) if change is not None else None
            metric, inherited = same_unit or state.metric, True
        else:
            metric = (rules.default_metrics.get(named.unit) or rules.default_metrics["*"])[1]
    if inherited and clause.conjunction and change is None:
        measure, direction, change_rule = state.measure, state.direction, state.change_rule
    else:
        is_change = change is not None or (
            not clause.level_link and _ends_with(metric, rules.change_nouns) is not None
        )
        measure = _measure(named.unit, is_change, metric)
        direction = change.direction if change else None
        change_rule = change.id if change else None
    if clause_bases:
        last = clause_bases[-1]
        state.basis = last.rule.value or text[last.start : last.end]
    elif measure == "level" and not inherited:
        state.basis = None
    basis = state.basis if measure in ("change", "growthRate", "ppChange") else None
    state.metric, state.measure, state.direction = metric, measure, direction
    state.change_rule = change_rule
    if measure == "level" and named.unit not in ("%", "百分点", "基点"):
        state.by_unit[named.unit] = metric
    return Classified(metric, measure, basis, direction, change_rule)


def _noun_end(text: str, pos: int, noun: str) -> int:
    return text.index(noun, pos) + len(noun) if noun and noun in text[pos:] else pos


def _date(
    text: str,
    pos: int,
    temporal: list[Mark],
    reference: date | None,
    rules: ObservationRules,
    nth: int | None = None,
) -> dates.Resolved | None:
    """The date in force at ``pos``: temporal phrases of the sentence that reach it,
    resolved in order, else the reference date.

    A phrase that opens its clause (「2024年末，」, 「截至6月末，」, 「上半年跨境……」)
    reaches to the end of the sentence; one inside a clause (「并于2018年推出……」)
    dates only that clause.
    """
    scope = _boundary_before(text, pos, SCOPE_DELIMITERS)
    current: dates.Resolved | None = None
    lo = bisect.bisect_left(temporal, scope, key=lambda m: m.start)
    hi = bisect.bisect_left(temporal, pos, key=lambda m: m.start)
    marks = [m for m in temporal[lo:hi] if m.end <= pos]
    if nth is not None and len(marks) > 1:
        run = [marks[-1]]
        for mark in reversed(marks[:-1]):
            if text[mark.end : run[0].start] not in ("和", "、", "及", "与", "以及"):
                break
            run.insert(0, mark)
        if len(run) > 1:
            marks = [m for m in marks if m not in run] + [run[min(nth, len(run) - 1)]]
    for mark in marks:
        if text.startswith("的", mark.end) and pos > mark.end + 1:
            continue
        if (
            mark.rule.inline == "clause"
            and not _opens_clause(text, mark, rules)
            and _boundary_after(text, mark.end, frozenset("，；。！？")) < pos
        ):
            continue
        resolved = dates.resolve(mark.rule.value or "", mark.groups, reference, current)
        if resolved is not None:
            current = resolved
    if current is not None:
        return current
    return dates.Resolved(reference) if reference is not None else None


def _opens_clause(text: str, mark: Mark, rules: ObservationRules) -> bool:
    start = _boundary_before(text, mark.start, frozenset("，；。！？：\n"))
    lead = text[start : mark.start].strip()
    while lead:
        word = next((w for w in rules.temporal_openers if lead.startswith(w)), None)
        if word is None:
            return text.startswith("，", mark.end)
        lead = lead[len(word) :].strip()
    return True


def extract_with_review(
    ctx: TextContext,
    mentions: tuple[Mention, ...],
    rules: ObservationRules,
    blocks: Sequence[tables.Block] | None = None,
) -> tuple[tuple[Observation, ...], tuple[Candidate, ...]]:
    """Every measurement in a document (prose quantities, then table cells), and the table
    figures held back for the review queue; each table is read once. ``blocks`` are the
    located tables when the caller has them already."""
    if blocks is None:
        blocks = tables.locate(ctx, rules.table)
    skip = [(b.start, b.end) for b in blocks]
    prose = _prose(ctx, mentions, rules, skip)
    cells, held = tables.read(ctx, blocks, mentions, rules.table, prose)
    found = tuple(sorted((*prose, *cells), key=lambda o: (o.span.start, o.span.end)))
    return found, held


def extract(
    ctx: TextContext, mentions: tuple[Mention, ...], rules: ObservationRules
) -> tuple[Observation, ...]:
    """Every measurement in a document: prose quantities, then table cells."""
    return extract_with_review(ctx, mentions, rules)[0]
