"""The rule tables of figures, compiled: ``rules/observations.yaml`` (prose) and
``rules/tables.yaml`` (tables). Prose and tables share the scaling words and the temporal
phrases; both import their rule types from here, so neither imports the other."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from kg.figures.line_rules import (
    Breakdowns,
    LineHeadings,
    TopicMoney,
    breakdowns,
    line_headings,
    topic_money,
)
from kg.grammar import alternation, load_table
from kg.kinds import names as kind_names
from kg.numbers import ARABIC, CHINESE_NUMERAL
from kg.units import count_symbols, forms_of, printed_forms, subset


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
    noun_only: bool = False
    """Read only on the noun after a quantity (「11.4万捐赠人」), never inside a metric."""


@dataclass(frozen=True)
class BareMeasures:
    """Metric words that name a measure but not what is measured (规模, 占比)."""

    id: str
    words: tuple[str, ...]
    shares: tuple[str, ...]
    verbs: tuple[str, ...]
    whole: re.Pattern[str] | None = None
    """A share taken of the whole bank (「在全行的占比」): its word (全行) stays."""


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
    section_rules: frozenset[str] = frozenset()
    """Rules of mentions whose heading reports their section's business whatever their
    kind (a line of business a heading names, :mod:`kg.figures.lines`)."""
    unit_kinds: frozenset[str] = frozenset()
    """Units of the bank that act for it (a department): a clause they open is the bank's
    act, no topic of the figures after it, unless it launches a thing."""
    unit_lines: tuple[str, ...] = ()
    """Heads of a unit's name that make it a line of the bank's business (运行管理条线):
    it reports its own line's work, and stays the topic."""


@dataclass(frozen=True)
class Bylines:
    """The unit a byline credits an article to (「供稿：私人银行部」): the subject of the
    article's figures that name none, when the article names that unit before them."""

    marks: re.Pattern[str]
    kinds: frozenset[str]


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
    flow_ends: tuple[str, ...] = ()
    """Lending verbs that, closing a metric after its noun (贷款新发放), name an amount lent:
    the metric takes ``flow_suffix`` (贷款新发放额)."""
    flow_suffix: str = ""


@dataclass(frozen=True)
class Contractions:
    """Contracted words that name two metrics at once (``contractions``)."""

    id: str
    words: dict[str, tuple[str, ...]]
    each: tuple[str, ...]


@dataclass(frozen=True)
class RankedBy:
    """The measure of a ranking that an amount after 以 is (``ranked_by``)."""

    id: str
    markers: tuple[str, ...]
    heads: tuple[str, ...]
    max_chars: int


@dataclass(frozen=True)
class AwardCounts:
    """How a count of units that won an award is named (``award_counts``)."""

    id: str
    verbs: tuple[str, ...]
    year: re.Pattern[str]
    drop_after: tuple[str, ...]


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
    noun_wholes: tuple[str, ...]
    one_of: tuple[str, ...]
    money_nouns: frozenset[str]
    award_counts: AwardCounts
    ranked_by: RankedBy
    contractions: Contractions
    money_nouns_id: str
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
    table: TableRules
    quantity: re.Pattern[str] = field(repr=False)
    actual_openers: tuple[str, ...] = ()
    count_names: dict[str, str] = field(default_factory=dict)
    anaphors: Anaphors | None = None
    paragraph_topics: ParagraphTopics | None = None
    metric_verbs: MetricVerbs | None = None
    subject_chain: tuple[SubjectStep, ...] = ()
    breakdowns: Breakdowns | None = None
    firsts: tuple[str, tuple[str, ...], int] | None = None
    """The rule id, rank words (首家) and the shortest metric after them
    (``metric_firsts``)."""
    topic_money: TopicMoney | None = None
    line_headings: LineHeadings | None = None
    bylines: Bylines | None = None
    holding_verbs: tuple[str, ...] = ()
    count_heads: tuple[str, ...] = ()
    """Nouns of what is counted (户): a growth rate of one is the growth of their number."""
    population_kinds: frozenset[str] = frozenset()
    modifier_kinds: frozenset[str] = frozenset()
    modifier_heads: tuple[str, ...] = ()
    """A name of ``modifier_kinds`` right before one of ``modifier_heads`` (信用卡 before
    客户) names something else (信用卡客户): no subject of the clause."""
    trailing_adverbs: tuple[str, ...] = ()
    """Adverbs between a metric's words and its number (共, 均, 合计): no part of it."""
    cumulative: re.Pattern[str] | None = None
    """Words saying a figure is cumulated (累计): kept in its metric where the sentence
    gives the same thing for the period too."""
    object_markers: tuple[str, ...] = ()
    """Prepositions whose names are their objects, never a clause's subject (与, 为, 向)."""
    descriptor_heads: tuple[str, ...] = ()
    """Head nouns of a descriptor a quoted name follows (数字员工“某某”): the name opens the
    clause."""
    not_word_starts: frozenset[str] = frozenset()
    """Characters that never open a word (级, 类, 型): an opener is not cut off before one."""
    lead_words: tuple[str, ...] = ()
    """Words that open a metric but say how or where a thing was done (开展, 为, 成功)."""
    lead_rule: str = "obs.metric.lead_word"
    metric_heads: tuple[str, ...] = ()
    """The words a metric of money or customers ends with (``implied_units``): where the
    last item of a list of metrics starts to say what all of them are."""
    metric_name_min: int = 3
    population_rates: tuple[str, ...] = ()
    """The fewest characters of a name the metric words open with that makes it the
    figure's subject (``metric_names``)."""
    bank_counted_classes: frozenset[str] = frozenset()
    """Classes of customers whose count is the bank's own metric (个人客户数)."""
    class_counts: frozenset[str] = frozenset()
    """The words of a count after such a class (数, 户数)."""
    segment_heads: tuple[str, ...] = ()
    """The heads of a segment's name whose count a metric may qualify inside it
    (私人银行时点达标客户数: ``metric_names.segment_counts``)."""
    segment_min_stem: int = 2
    segment_not_qualifiers: tuple[str, ...] = ()
    subject_kinds: frozenset[str] = frozenset()
    """The kinds a figure may be about (``figure_subject`` in ``rules/kinds.yaml``)."""
    heading_kinds: frozenset[str] = frozenset()
    """Kinds a metric may open with where a heading line of the document is the name
    (``metric_names.heading_kinds``: 「供应链金融」 over its section)."""
    name_kinds: frozenset[str] = frozenset()
    """Kinds whose names may carry numbers (``numbered_names``: 手机银行10.0, 春融行动2025):
    a quantity inside one, after its first character, is part of the name. A name that
    starts with the quantity, or a mention of another kind (a segment such as
    「近1万名私银潜力客户」 drawn too wide), does not hide it."""


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
        frozenset(row["section"].get("rules") or ()),
        frozenset(row.get("unit_kinds") or ()),
        tuple(row.get("unit_lines") or ()),
    )


def _longest_first(words: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


def compile_rules() -> ObservationRules:
    """Read and compile ``rules/observations.yaml`` and ``rules/tables.yaml`` (the subject
    chain's steps are checked by :func:`kg.figures.extract.load_rules`)."""
    data = load_table("observations.yaml")
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
    not_before = {r["word"]: r.get("not_before") or () for r in data["scales"]}
    scale_alt = "|".join(
        re.escape(w) + (f"(?!{alternation(not_before[w])})" if not_before[w] else "")
        for w in _longest_first(list(scales))
    )
    quantity = re.compile(
        rf"(?:(?P<qb>{alternation(list(before))})\s{{0,2}})?"
        rf"(?:(?P<cur>{alternation(list(currencies))})\s{{0,2}})?"
        rf"(?<![\d.,])(?P<num>{ARABIC}|{CHINESE_NUMERAL})(?![\d])"
        rf"(?:\s{{0,2}}(?P<qa1>{after_alt}))?"
        rf"(?:\s{{0,2}}(?P<scale>{scale_alt}))?"
        # 「2兆3,456億元」, 「1万亿2,000亿元」: the rest of the amount in the next scale down
        rf"(?:(?:(?<=兆)|(?<=万亿))(?P<rest>{ARABIC})(?![\d])\s{{0,2}}(?P<scale2>亿))?"
        rf"(?P<qa2>{after_alt})?"
        # 「3万大关」, 「八大类」: 大 before a unit or 关; not 「630万大众客户」
        rf"(?P<big>大(?=关|\s{{0,2}}(?:{alternation(list(units))})))?"
        rf"(?:\s{{0,2}}(?P<unit>{alternation(list(units))}))?"
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
            UnitHint(r["id"], r["unit"], _longest_first(r["endings"]), bool(r.get("noun_only")))
            for r in data["implied_units"]
        ),
        count_suffix=suffix["suffix"],
        count_units=count_symbols(),
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
            tuple(data["metric_verbs"]["money"].get("flow_ends", [])),
            data["metric_verbs"]["money"].get("flow_suffix", ""),
        )
        if "metric_verbs" in data
        else None,
        bylines=Bylines(
            re.compile(data["bylines"]["marks"]),
            frozenset(data["bylines"]["kinds"]),
        )
        if "bylines" in data
        else None,
        line_headings=line_headings(data),
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
        noun_wholes=_longest_first(data.get("noun_wholes", [])),
        one_of=tuple(data.get("one_of", [])),
        money_nouns=frozenset(data["money_nouns"]["words"]),
        contractions=Contractions(
            data["contractions"]["id"],
            {k: tuple(v) for k, v in data["contractions"]["words"].items()},
            tuple(data["contractions"]["each"]),
        ),
        ranked_by=RankedBy(
            data["ranked_by"]["id"],
            tuple(data["ranked_by"]["markers"]),
            tuple(data["ranked_by"]["heads"]),
            int(data["ranked_by"]["max_chars"]),
        ),
        award_counts=AwardCounts(
            data["award_counts"]["id"],
            _longest_first(data["award_counts"]["verbs"]),
            re.compile(data["award_counts"]["year"]),
            _longest_first(data["award_counts"]["drop_after"]),
        ),
        money_nouns_id=data["money_nouns"]["id"],
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
            re.compile(data["bare_measures"]["whole"])
            if "whole" in data["bare_measures"]
            else None,
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
            re.compile(alternation(data["nominal_verbs"]["words"])),
        ),
        metric_aliases=tuple(
            sorted(
                ((w, r["metric"], r["id"]) for r in data["metric_aliases"] for w in r["printed"]),
                key=lambda t: -len(t[0]),
            )
        ),
        table=replace(load_table_rules(scales), temporal=temporal),
        quantity=quantity,
        subject_chain=tuple(SubjectStep(r["id"], r["step"]) for r in data["subject_chain"]),
        firsts=(
            data["metric_firsts"]["id"],
            _longest_first(data["metric_firsts"]["words"]),
            int(data["metric_firsts"]["min_rest"]),
        )
        if "metric_firsts" in data
        else None,
        topic_money=topic_money(data),
        breakdowns=breakdowns(data),
        holding_verbs=_longest_first(data["holding_verbs"]),
        object_markers=_longest_first(data.get("object_markers", [])),
        descriptor_heads=tuple(data.get("descriptor_heads", [])),
        trailing_adverbs=_longest_first(data.get("trailing_adverbs", [])),
        modifier_kinds=frozenset(data["metric_names"].get("modifier_kinds", [])),
        population_kinds=frozenset(data["metric_names"].get("population_kinds", [])),
        count_heads=_longest_first(data.get("count_heads", [])),
        modifier_heads=_longest_first(data["metric_names"].get("modifier_heads", [])),
        cumulative=re.compile("|".join(data["cumulative_words"]))
        if data.get("cumulative_words")
        else None,
        metric_name_min=int(data["metric_names"]["min_chars"]),
        heading_kinds=frozenset(data["metric_names"].get("heading_kinds", [])),
        lead_words=_longest_first(data["metric_lead_words"]["words"]),
        lead_rule=data["metric_lead_words"]["id"],
        metric_heads=tuple(w for r in data["implied_units"] for w in r["endings"]),
        population_rates=_longest_first(data["metric_names"]["population_rates"]),
        bank_counted_classes=frozenset(data["metric_names"].get("bank_counted_classes", [])),
        class_counts=frozenset(data["metric_names"].get("class_counts", [])),
        segment_heads=tuple(data["metric_names"].get("segment_counts", {}).get("heads", [])),
        segment_min_stem=int(data["metric_names"].get("segment_counts", {}).get("min_stem", 2)),
        segment_not_qualifiers=tuple(
            data["metric_names"].get("segment_counts", {}).get("not_qualifiers", [])
        ),
        not_word_starts=frozenset(data["not_word_starts"]),
        subject_kinds=frozenset(kind_names("figure_subject")),
        name_kinds=frozenset(kind_names("numbered_names")),
    )


@dataclass(frozen=True)
class TableRules:
    """Table vocabulary from ``rules/tables.yaml``."""

    grid_rule: str
    chart_rule: str
    unit_line: re.Pattern[str]
    table_unit: re.Pattern[str]
    header_start: tuple[str, ...]
    totals: tuple[str, ...]
    subtotals: tuple[str, ...]
    share_words: tuple[str, ...]
    generic_columns: tuple[str, ...]
    title_affixes: re.Pattern[str]
    count_suffix: str
    count_units: frozenset[str]
    """The units of a column named for its count (``table_count_columns`` in units.yaml)."""
    scales: dict[str, tuple[str, Decimal]]
    relative_stamps: tuple[Stamp, ...] = ()
    scope_titles: tuple[tuple[str, re.Pattern[str]], ...] = ()
    not_scopes: frozenset[str] = frozenset()
    review_unaligned: str = "obs.table.review.unaligned"
    review_conflict: str = "obs.table.review.conflict"
    regions: RegionRows | None = None
    temporal: tuple[PatternRule, ...] = ()
    share_pattern: re.Pattern[str] | None = None
    period_headers: tuple[PeriodHeader, ...] = ()
    year_stamp: re.Pattern[str] | None = None
    change_columns: tuple[ChangeColumn, ...] = ()
    directions: dict[str, tuple[str, str]] | None = None
    change_basis: dict[str, str] | None = None
    ratio_rows: re.Pattern[str] | None = None
    metric_rows_rule: str = "obs.table.grid.metric_rows"
    title_number: re.Pattern[str] | None = None
    subject_steps: dict[str, str] = field(default_factory=dict)
    count_names: tuple[str, ...] = ()
    prose_window: int = 0
    """How a cell's subject was chosen -> the rule id recorded (``bkg:subjectRule``)."""


@dataclass(frozen=True)
class Stamp:
    """A column stamp relative to the report's period (本期, 上年同期, 年初)."""

    id: str
    kind: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class PeriodHeader:
    """A header line dating bare-year columns: 「截至6月30日止半年」 over 「2023年 2022年」."""

    id: str
    flow: bool
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class ChangeColumn:
    """A column that is a change between two date columns: 增减, 变动, 增长率."""

    id: str
    measure: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class RegionRows:
    """When a row label of a regional breakdown is a Region in its own right."""

    rule: str
    breakdown_titles: re.Pattern[str]
    min_known: int
    endings: tuple[str, ...]
    qualifiers: re.Pattern[str]
    places: frozenset[str] = frozenset()
    """The provinces and overseas places of ``places.yaml``: a row label made of them only
    (香港澳门台湾) is a region of the breakdown too."""


UNIT_PLACEHOLDER = re.compile(r"\{(units|currencies|scales)\}")


def _unit_pattern(pattern: str, scales: dict[str, tuple[str, Decimal]]) -> re.Pattern[str]:
    """A pattern of ``tables.yaml`` with its placeholders filled from the one table of
    units: ``{units}`` every printed form, ``{currencies}`` the currencies' forms,
    ``{scales}`` the scaling words (longest first, so 百万 is tried before 万)."""
    forms = {
        "units": forms_of(),
        "currencies": forms_of("currency"),
        "scales": _longest_first(list(scales)),
    }
    return re.compile(
        UNIT_PLACEHOLDER.sub(lambda m: "|".join(re.escape(w) for w in forms[m.group(1)]), pattern)
    )


def load_table_rules(scales: dict[str, tuple[str, Decimal]]) -> TableRules:
    """Read ``rules/tables.yaml``; the scaling words are shared with prose."""
    data = load_table("tables.yaml")
    grid, chart, regions = data["grid"], data["chart"], data["region_rows"]
    return TableRules(
        grid_rule=grid["id"],
        chart_rule=chart["id"],
        unit_line=_unit_pattern(chart["unit_line"], scales),
        table_unit=_unit_pattern(grid["unit_line"], scales),
        header_start=tuple(grid["header_start"]),
        totals=tuple(grid["totals"]),
        subtotals=tuple(grid["subtotals"]),
        share_words=tuple(grid["share_words"]),
        generic_columns=tuple(grid["generic_columns"]),
        title_affixes=re.compile(grid["title_affixes"]),
        count_suffix=grid["count_suffix"],
        count_units=subset("table_count_columns"),
        scales=scales,
        relative_stamps=tuple(
            Stamp(r["id"], r["kind"], re.compile(rf"(?:{r['pattern']})"))
            for r in grid["relative_stamps"]
        ),
        scope_titles=tuple((r["id"], re.compile(r["pattern"])) for r in grid["scope_titles"]),
        not_scopes=frozenset(grid["not_scopes"]),
        review_unaligned=grid["review"]["unaligned"],
        review_conflict=grid["review"]["conflict"],
        regions=RegionRows(
            rule=regions["id"],
            breakdown_titles=re.compile(regions["breakdown_titles"]),
            min_known=int(regions["min_known"]),
            endings=tuple(regions["endings"]),
            qualifiers=re.compile(regions["qualifiers"]),
            places=frozenset(
                name
                for key in regions.get("places", [])
                for name in load_table("places.yaml")[key]
                if len(name) >= 2
            ),
        ),
        share_pattern=re.compile(grid["share_pattern"]),
        period_headers=tuple(
            PeriodHeader(r["id"], bool(r["flow"]), re.compile(r["pattern"]))
            for r in grid["period_headers"]
        ),
        year_stamp=re.compile(grid["year_stamp"]),
        change_columns=tuple(
            ChangeColumn(r["id"], r["measure"], re.compile(r["pattern"]))
            for r in grid["change_columns"]
        ),
        directions={k: (v[0], v[1]) for k, v in grid["directions"].items()},
        change_basis=dict(grid["change_basis"]),
        ratio_rows=re.compile(grid["ratio_rows"]),
        metric_rows_rule=grid["metric_rows"]["id"],
        title_number=re.compile(grid["title_number"]) if "title_number" in grid else None,
        subject_steps=dict(grid["subject_steps"]),
        count_names=tuple(grid["unit_from_prose"]["count_names"]),
        prose_window=int(grid["unit_from_prose"]["window"]),
    )
