"""The entity rule tables (kg/rules/entities.yaml, lexicon.yaml, places.yaml ...) as
frozen dataclasses, loaded once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.banks import banks
from kg.entities.family import reads
from kg.grammar import (
    WordSearch,
    alternation,
    load_table,
)
from kg.normalize import search_keys


@dataclass(frozen=True)
class QuoteHead:
    id: str
    kind: str
    heads: tuple[str, ...]
    keep_head: bool
    max_gap: int
    strict_end: bool


@dataclass(frozen=True)
class CueRule:
    id: str
    kind: str
    cues: tuple[str, ...]
    window: int
    adjacent: tuple[str, ...] = ()
    """Cues that count only right before the quote."""


@dataclass(frozen=True)
class Indefinite:
    """One of a kind (一款…产品): ``counts`` before a class ``heads`` (``indefinite``)."""

    counts: tuple[str, ...]
    heads: frozenset[str]
    several: tuple[str, ...] = ()
    """Several of a kind (多类…活动): before any head, a description, no name."""


@dataclass(frozen=True)
class QualityRule:
    """Quoted words that name a quality, not a thing (``quoted_quality``)."""

    id: str
    endings: tuple[str, ...]
    max_len: int
    kinds: frozenset[str]


@dataclass(frozen=True)
class InnerRule:
    id: str
    kind: str
    suffixes: tuple[str, ...]
    over_head: bool = False
    not_suffixes: tuple[str, ...] = ()
    """Endings that look like a suffix but name none (风险 is no 险)."""
    verb_stem_not: tuple[str, ...] = ()
    """Suffixes after which a stem that is one verb names no thing (吸收存款)."""


@dataclass(frozen=True)
class SuffixRule:
    id: str
    kind: str
    heads: tuple[str, ...]
    support: str
    max_stem: int
    min_stem: int
    pattern: re.Pattern[str]
    stem_tags: frozenset[str] = frozenset()
    """support ``named_stem``: the jieba tags a stem's words may carry (nouns, places)."""
    not_before: tuple[str, ...] = ()
    """What may not follow the head (部 before 门 is the word 部门)."""
    not_after: tuple[str, ...] = ()
    """What may not stand right before the head (分部 is a segment of the accounts)."""
    modifier_stems_generic: bool = False
    """support ``context``: a stem of two modifiers or more (全省国有大中型企业, 省内大型企业)
    names no group; one size word (小型企业) does."""
    verbless_stem: bool = False
    """The stem holds no verb: one before the head ends the name there (收取大陆消费者)."""
    place_groups: bool = False
    """A place before the head names the group of that place (大陆消费者), not a row of a
    breakdown by place (上海客户)."""
    not_words: tuple[str, ...] = ()
    """Common words the head closes, which head no name (内部, 全部, 干部 end in 部)."""
    only_before: tuple[str, ...] = ()
    """What must follow the head (零售战略 only before 定位 or 转型: a short stem names a
    line's strategy where the bank says how it stands by it)."""


@dataclass(frozen=True)
class EnumRule:
    id: str
    kind: str
    heads: tuple[str, ...]
    member_suffix: str
    members: str
    needs_gap: bool
    override: bool
    not_ends: tuple[str, ...] = ()
    """Member endings that name no member of the head's kind (the bank's own staff in a
    list of 群体: 分行班子, 支行行长)."""


@dataclass(frozen=True)
class LexEntry:
    name: str
    kind: str
    rule: str
    quoted_only: bool = False


@dataclass(frozen=True)
class BrandRules:
    product_id: str
    subsidiary_id: str
    initiative_id: str
    e_prefix_id: str
    window: int
    terminals: tuple[str, ...]
    subsidiary_words: tuple[str, ...]
    initiative_heads: tuple[str, ...]
    not_after: tuple[str, ...]
    other_group_id: str
    """Another bank's group company named in this bank's report: an Organization."""
    own_product_id: str = ""
    own_subsidiary_id: str = ""
    own_name_ends: tuple[str, ...] = ()
    """What a bank's name ends in after its short name (玉山银行): for banks no table lists."""
    own_stem_not_ends: tuple[str, ...] = ()
    """Short names that only say the kind of bank (某某农商): no prefix of its names."""
    digital_self_id: str = ""
    digital_words: tuple[str, ...] = ()
    """数字工行, 数字中银: a word of transformation before the bank's own short name names
    the bank's programme of becoming it (a Strategy)."""


@dataclass(frozen=True)
class Profile:
    """A person's career profile (entities.yaml profile): where one opens and ends."""

    opener: re.Pattern[str]
    marks: re.Pattern[str]
    heading: re.Pattern[str]
    career: re.Pattern[str]
    sentence_end: re.Pattern[str]
    max_lines: int
    keep_kinds: frozenset[str]
    keep_rules: tuple[str, ...]


@dataclass(frozen=True)
class DocumentBrand:
    """A brand learned from the document (entities.yaml document_brand)."""

    id: str
    min_products: int
    prefix_tags: frozenset[str]
    max_middle: int
    name: re.Pattern[str]


@dataclass(frozen=True)
class LeadTrim:
    """What a name found by a pattern never begins with (see entities.yaml lead_trim)."""

    rules: tuple[str, ...]
    tags: frozenset[str]
    words: frozenset[str]
    glued: frozenset[str] = frozenset()


@dataclass(frozen=True)
class EntityRules:
    """Everything recognition needs, loaded once from the YAML tables."""

    boundary_words: frozenset[str]
    boundary_tags: frozenset[str]
    peer_words: frozenset[str]
    product_user_ends: tuple[str, ...]
    cued_interior_tags: frozenset[str]
    verb_object_heads: frozenset[str]
    verb_tags: frozenset[str]
    quote_heads: tuple[QuoteHead, ...]
    quote_cues: tuple[CueRule, ...]
    quote_cue_time_clause: re.Pattern[str] | None
    quote_after: tuple[CueRule, ...]
    quote_before: tuple[CueRule, ...]
    quote_inner: tuple[InnerRule, ...]
    numeral_id: str
    numeral_kind: str
    policy_head: QuoteHead
    zone_heads: frozenset[str]
    state_names: frozenset[str]
    state_body_id: str
    award_body_before: re.Pattern[str] | None
    indefinite: Indefinite
    quality: QualityRule
    policy_verbs: tuple[str, ...]
    numeral_initiative_id: str
    numeral_initiative_ends: tuple[str, ...]
    numeral: re.Pattern[str]
    numeral_digits: frozenset[str]
    ui_id: str
    ui_after: tuple[str, ...]
    ui_typed_after: tuple[str, ...]
    quote_examples: tuple[tuple[str, str, re.Pattern[str]], ...]
    quote_list_kinds: tuple[tuple[str, str, re.Pattern[str]], ...]
    pillars_id: str
    pillars_kind: str
    pillars: re.Pattern[str]
    ui_path_marks: str
    award_giver_id: str
    award_name_id: str
    publication_words: tuple[str, ...]
    publication_gives: tuple[str, ...]
    publication_title_ends: tuple[str, ...]
    publication_title_not_ends: tuple[str, ...]
    document_title_ends: tuple[str, ...]
    rule_book_ends: tuple[str, ...]
    suffixes: tuple[SuffixRule, ...]
    suffix_cues: dict[str, tuple[str, ...]]
    award_suffix_id: str
    award_cues: tuple[str, ...]
    award_selected_id: str
    award_selected_cues: tuple[str, ...]
    award_selected_max: int
    award_heads: tuple[str, ...]
    award_head_not_before: tuple[str, ...]
    award_head_closing_words: tuple[str, ...]
    award_not_after: tuple[str, ...]
    award_head_patterns: tuple[re.Pattern[str], ...]
    award_giver_prefix: re.Pattern[str] | None
    award_named_giver_not: tuple[str, ...]
    award_max_len: int
    award_list_id: str
    award_list_joiners: tuple[str, ...]
    award_list_closer: re.Pattern[str]
    enum_gap: re.Pattern[str]
    enumerations: tuple[EnumRule, ...]
    enum_head_pattern: re.Pattern[str]
    brand: BrandRules
    document_brand: DocumentBrand
    version_id: str
    version_base_id: str
    version_number: re.Pattern[str]
    version_not_after: re.Pattern[str]
    version_lead: re.Pattern[str]
    edition: re.Pattern[str]
    apposition_id: str
    apposition_max: int
    apposition_not: tuple[str, ...]
    apposition_cues: tuple[str, ...]
    byline_id: str
    byline: re.Pattern[str]
    byline_heads: tuple[str, ...]
    byline_max: int
    self_id: str
    self_words: tuple[str, ...]
    self_name_id: str
    lexicon: dict[str, LexEntry]
    lexicon_words: WordSearch
    event_after_name: re.Pattern[str]
    collective_before: tuple[str, ...]
    sub_agency_id: str
    sub_agency_after: str
    sub_agency: re.Pattern[str]
    places: frozenset[str]
    regions: frozenset[str]
    region_list_id: str
    region_list: re.Pattern[str]
    region_cues: tuple[str, ...]
    region_abbr: re.Pattern[str]
    region_area_id: str
    region_area: re.Pattern[str]
    region_zone_id: str
    region_zones: tuple[str, ...]
    place_pattern: re.Pattern[str]
    generic: frozenset[str]
    modifiers: frozenset[str]
    descriptive_heads: frozenset[str]
    descriptive_endings: tuple[str, ...]
    droppable: tuple[str, ...]
    jv_partners: tuple[str, ...]
    segment_cues: tuple[str, ...]
    segment_status_verbs: frozenset[str]
    stem_time_words: frozenset[str]
    report_words: frozenset[str]
    segment_lead_verbs: tuple[str, ...]
    measure_leads: tuple[str, ...]
    segment_range_joiners: frozenset[str]
    segment_list_marks: tuple[str, ...]
    individual_before: re.Pattern[str]
    service_words: tuple[str, ...]
    product_qualifiers: tuple[str, ...]
    copula_id: str
    copula: re.Pattern[str]
    copula_heads: dict[str, str]
    latin_brand_id: str
    dept_after: tuple[str, ...]
    dept_before: tuple[str, ...]
    dept_bare: frozenset[str]
    dept_levels: tuple[str, ...]
    dept_line_stems: frozenset[str]
    dept_unit_words: tuple[str, ...]
    line_id: str
    line_names: re.Pattern[str]
    line_after: tuple[str, ...]
    line_before: tuple[str, ...]
    partner_id: str
    partner_list: re.Pattern[str]
    partner_min: int
    partner_not_last: tuple[str, ...]
    subsidiary_id: str
    subsidiary_cues: re.Pattern[str]
    parent_group_id: str
    parent_group: re.Pattern[str] | None
    """A bank's group by the prefix it is named after and a group head (平安集团)."""
    company_ends: tuple[str, ...]
    subsidiary_max: int
    bracket_company_id: str
    foreign_firm_id: str
    foreign_firm: re.Pattern[str]
    product_tail_id: str
    app_id: str
    app_words: re.Pattern[str]
    app_max_stem: int
    latin_product_id: str
    latin_product: re.Pattern[str]
    latin_not: frozenset[str]
    latin_heads: tuple[str, ...]
    latin_code_around: re.Pattern[str]
    latin_identifier: re.Pattern[str]
    lead_trim: LeadTrim
    non_prose: re.Pattern[str]
    profile: Profile
    kind_authority: tuple[str, ...]
    sibling_id: str
    sibling_kinds: frozenset[str]
    sibling_same_head: frozenset[str]
    sibling_max: int
    sibling_ends: tuple[str, ...]
    sibling_not_ends: tuple[str, ...]
    sibling_areas: tuple[str, ...]
    topic_id: str
    topic_patterns: tuple[re.Pattern[str], ...]
    definition_id: str
    definition_patterns: tuple[re.Pattern[str], ...]
    definition_not_ends: tuple[str, ...]
    topic_heads: tuple[str, ...]
    topic_max: int
    topic_inner_acts: tuple[str, ...]
    topic_trailing_words: tuple[str, ...]
    topic_min_occurrences: int
    page_title_id: str
    page_sections: re.Pattern[str]
    page_title_max: int
    page_restated_id: str
    page_restated_slack: int
    page_restated_defines: re.Pattern[str]
    region_row_id: str
    segment_class_id: str
    segment_classes: frozenset[str]
    segment_class_count_before: re.Pattern[str]
    segment_class_count_after: re.Pattern[str]
    region_row_min: int
    region_row_window: int
    admin_suffix: re.Pattern[str]
    regional_short_id: str
    regional_short_bank_rule: str
    regional_short_max: int
    award_classifiers: tuple[str, ...]
    award_title_tail: re.Pattern[str]
    award_title_prefix_max: int
    award_title_prefix_stops: tuple[str, ...]
    families: tuple[str, ...]
    steps: tuple[str, ...]
    spans_filter: str


def _parent_group(heads: list[str]) -> re.Pattern[str] | None:
    """The groups banks are named after (平安银行 -> 平安集团, 光大银行 -> 光大集团): a
    group prefix that with 银行 is the bank's name, then a group head. 工银集团 is ICBC's
    own group (工银 names no bank), not a parent."""
    parents = [p for b in banks() for p in b.group_prefixes if p + "银行" in (b.name, *b.aliases)]
    if not parents or not heads:
        return None
    return re.compile(f"(?:{alternation(parents)})(?:{alternation(heads)})")


@lru_cache(maxsize=1)
def load_lexicon() -> dict[str, LexEntry]:
    """Every curated name (banks, organisations, vocabulary, regions) by normalised form."""
    lex: dict[str, LexEntry] = {}

    def add(surface: str, entry: LexEntry) -> None:  # the first row of a key keeps it
        lex.update({key: lex.get(key, entry) for key in search_keys(surface)})

    for bank in banks():
        for surface in (bank.name, *bank.aliases):
            add(surface, LexEntry(bank.name, "Bank", "entity.lexicon.bank"))
    orgs = load_table("organizations.yaml")
    for group, rows in orgs.items():
        for row in rows:
            entry = LexEntry(
                row["name"], "Organization", f"entity.lexicon.{group}", group == "media"
            )
            for surface in (row["name"], *(row.get("aliases") or ())):
                add(surface, entry)
    vocab = load_table("lexicon.yaml")
    for group, kind in (
        ("products", "Product"),
        ("segments", "CustomerSegment"),
        ("policy_frames", "Strategy"),
        ("subsidiaries", "Subsidiary"),
    ):
        for row in vocab.get(group) or ():
            entry = LexEntry(row["name"], kind, f"entity.lexicon.{group}")
            for surface in (row["name"], *(row.get("aliases") or ())):
                add(surface, entry)
    for region in load_table("places.yaml")["regions"]:
        add(region, LexEntry(region, "Region", "entity.lexicon.regions"))
    return lex


def _document_brand(row: dict) -> DocumentBrand:
    middle, heads = int(row["max_middle"]), alternation(row["terminals"])
    return DocumentBrand(
        row["id"],
        int(row["min_products"]),
        frozenset(row["prefix_tags"]),
        middle,
        # a lookahead, so the names of one brand that overlap are all found
        re.compile(f"(?=([\u4e00-\u9fff]{{2}})([\u4e00-\u9fffA-Za-z]{{0,{middle}}}?)({heads}))"),
    )


def read_rules() -> EntityRules:
    """The entity rule tables as they stand (kg.entities.load_rules checks them too)."""
    data = load_table("entities.yaml")
    generic = load_table("generic_phrases.yaml")
    places_data = load_table("places.yaml")
    vocab = load_table("lexicon.yaml")
    lexicon = load_lexicon()
    places = frozenset(places_data["provinces"] + places_data["cities"] + places_data["overseas"])
    suffixes = tuple(
        SuffixRule(
            r["id"],
            r["kind"],
            tuple(r["heads"]),
            r["support"],
            r["max_stem"],
            r["min_stem"],
            re.compile(alternation(r["heads"])),
            frozenset(r.get("stem_tags", ())),
            tuple(r.get("not_before", ())),
            tuple(r.get("not_after", ())),
            bool(r.get("modifier_stems_generic", False)),
            bool(r.get("verbless_stem", False)),
            bool(r.get("place_groups", False)),
            tuple(r.get("not_words", ())),
            tuple(r.get("only_before", ())),
        )
        for r in data["suffixes"]
    )
    enum_rows = tuple(
        EnumRule(
            r["id"],
            r["kind"],
            tuple(r["heads"]),
            r.get("member_suffix", ""),
            r.get("members", ""),
            r.get("needs_gap", False),
            r.get("override", False),
            tuple(r.get("not_ends", ())),
        )
        for r in data["enumerations"]["rows"]
    )
    brand = data["brand"]
    version = data["version"]
    award = data["award_suffix"]
    return EntityRules(
        boundary_words=frozenset(data["boundary_words"]),
        boundary_tags=frozenset(data["boundary_tags"]),
        peer_words=frozenset(data["peer_words"]),
        product_user_ends=tuple(data["product_user_ends"]),
        cued_interior_tags=frozenset(data["cued_interior_tags"]),
        verb_object_heads=frozenset(data["verb_object_heads"]),
        verb_tags=frozenset(data["verb_tags"]),
        quote_heads=tuple(
            QuoteHead(
                r["id"],
                r["kind"],
                tuple(sorted(r["heads"], key=len, reverse=True)),
                r["keep_head"],
                r["max_gap"],
                r.get("strict_end", False),
            )
            for r in data["quote_heads"]
        ),
        quote_cues=tuple(
            CueRule(r["id"], r["kind"], tuple(r["cues"]), r["window"], tuple(r.get("adjacent", ())))
            for r in data["quote_cues"]
        ),
        quote_cue_time_clause=(
            re.compile(data["quote_cue_time_clause"]) if data.get("quote_cue_time_clause") else None
        ),
        quote_after=tuple(
            CueRule(r["id"], r["kind"], tuple(sorted(r["cues"], key=len, reverse=True)), 0)
            for r in data["quote_after_cues"]
        ),
        quote_before=tuple(
            CueRule(r["id"], r["kind"], tuple(sorted(r["cues"], key=len, reverse=True)), 0)
            for r in data["quote_type_before"]
        ),
        quote_inner=tuple(
            InnerRule(
                r["id"],
                r["kind"],
                tuple(sorted(r["suffixes"], key=len, reverse=True)),
                r.get("over_head", False),
                tuple(r.get("not_suffixes", ())),
                tuple(r.get("verb_stem_not", ())),
            )
            for r in data["quote_inner"]
        ),
        numeral_id=data["quote_numeral_frame"]["id"],
        numeral_kind=data["quote_numeral_frame"]["kind"],
        policy_head=QuoteHead(
            data["quote_policy"]["id"],
            data["quote_policy"]["kind"],
            tuple(data["quote_policy"]["heads"]),
            False,
            0,
            False,
        ),
        policy_verbs=tuple(data["quote_policy"]["verbs"]),
        zone_heads=frozenset(data["zone_heads"]),
        state_names=frozenset(data["state_names"]),
        state_body_id=data["state_body_id"],
        indefinite=Indefinite(
            tuple(data["indefinite"]["counts"]),
            frozenset(data["indefinite"]["heads"]),
            tuple(data["indefinite"].get("several", ())),
        ),
        award_body_before=re.compile(data["award_body_before"])
        if data.get("award_body_before")
        else None,
        quality=QualityRule(
            data["quoted_quality"]["id"],
            tuple(data["quoted_quality"]["endings"]),
            int(data["quoted_quality"]["max_len"]),
            frozenset(data["quoted_quality"]["kinds"]),
        ),
        numeral_initiative_id=data["quote_numeral_frame"]["initiative_id"],
        numeral_initiative_ends=tuple(data["quote_numeral_frame"]["initiative_ends"]),
        numeral=re.compile(data["quote_numeral_frame"]["pattern"]),
        numeral_digits=frozenset(data["quote_numeral_frame"]["acronym_numerals"]),
        ui_id=data["quote_ui"]["id"],
        ui_after=tuple(data["quote_ui"]["after"]),
        ui_typed_after=tuple(data["quote_ui"]["typed_after"]),
        quote_examples=tuple(
            (r["id"], r["kind"], re.compile(r["pattern"])) for r in data["quote_examples"]
        ),
        quote_list_kinds=tuple(
            (r["id"], r["kind"], re.compile(r["after"])) for r in data["quote_list_kinds"]
        ),
        pillars_id=data["quote_pillars"]["id"],
        pillars_kind=data["quote_pillars"]["kind"],
        pillars=re.compile(data["quote_pillars"]["pattern"]),
        ui_path_marks=str(data["quote_ui"]["path_marks"]),
        award_giver_id=data["award_giver_id"],
        award_name_id=data["award_name_id"],
        publication_words=tuple(data["publication_words"]),
        publication_gives=tuple(data.get("publication_gives", ())),
        publication_title_ends=tuple(data["publication_title_ends"]),
        publication_title_not_ends=tuple(data["publication_title_not_ends"]),
        document_title_ends=tuple(data["document_title_ends"]),
        rule_book_ends=tuple(data["rule_book_ends"]),
        suffixes=suffixes,
        suffix_cues={k: tuple(v) for k, v in data["suffix_cues"].items()},
        award_suffix_id=award["id"],
        award_cues=tuple(award["cues"]),
        award_selected_id=award["selected"]["id"],
        award_selected_cues=tuple(award["selected"]["cues"]),
        award_selected_max=int(award["selected"]["max_len"]),
        award_heads=tuple(sorted(award["heads"], key=len, reverse=True)),
        award_head_not_before=tuple(award["head_not_before"]),
        award_head_closing_words=tuple(award.get("head_closing_words", ())),
        award_not_after=tuple(award.get("not_after", ())),
        award_head_patterns=tuple(re.compile(p) for p in award.get("head_patterns", ())),
        award_giver_prefix=re.compile(award["giver_prefix"]) if award.get("giver_prefix") else None,
        award_named_giver_not=tuple(award.get("named_giver_not", ())),
        award_max_len=award["max_len"],
        award_list_id=award["list"]["id"],
        award_list_joiners=tuple(sorted(award["list"]["joiners"], key=len, reverse=True)),
        award_list_closer=re.compile(award["list"]["closer"]),
        enum_gap=re.compile(data["enumerations"]["gap"]),
        enumerations=enum_rows,
        enum_head_pattern=re.compile(alternation(h for r in enum_rows for h in r.heads)),
        brand=BrandRules(
            brand["product_id"],
            brand["subsidiary_id"],
            brand["initiative_id"],
            brand["e_prefix_id"],
            brand["window"],
            tuple(brand["terminals"]),
            tuple(sorted(brand["subsidiary_words"], key=len, reverse=True)),
            tuple(brand["initiative_heads"]),
            tuple(brand["not_after"]),
            brand["other_group_id"],
            brand["own_product_id"],
            brand["own_subsidiary_id"],
            tuple(brand["own_name_ends"]),
            tuple(brand["own_stem_not_ends"]),
            brand["digital_self"]["id"],
            tuple(brand["digital_self"]["words"]),
        ),
        document_brand=_document_brand(data["document_brand"]),
        version_id=version["id"],
        version_base_id=version["base_id"],
        version_number=re.compile(version["number"]),
        version_not_after=re.compile(version["after_number_not"]),
        version_lead=re.compile(version["lead"]),
        edition=re.compile(version["edition"]),
        apposition_id=data["apposition"]["id"],
        apposition_max=data["apposition"]["max_len"],
        apposition_not=tuple(data["apposition"]["not_words"]),
        apposition_cues=tuple(data["apposition"].get("cues", ())),
        byline_id=data["byline"]["id"],
        segment_class_id=data["segment_classes"]["id"],
        segment_classes=frozenset(data["segment_classes"]["names"]),
        segment_class_count_before=re.compile(data["segment_classes"]["count_before"]),
        segment_class_count_after=re.compile(data["segment_classes"]["count_after"]),
        byline=re.compile(data["byline"]["cue"]),
        byline_heads=tuple(data["byline"]["heads"]),
        byline_max=data["byline"]["max_len"],
        self_id=data["self_reference"]["id"],
        self_words=tuple(data["self_reference"]["words"]),
        self_name_id=data["self_reference"]["name_id"],
        lexicon=lexicon,
        lexicon_words=WordSearch(lexicon, re.IGNORECASE),
        event_after_name=re.compile(data["event_after_name"]),
        collective_before=tuple(data["collective_before"]),
        sub_agency_id=data["sub_agency"]["id"],
        sub_agency_after=data["sub_agency"]["ministry_end"],
        sub_agency=re.compile(data["sub_agency"]["pattern"]),
        places=places,
        regions=frozenset(places_data["regions"]),
        region_list_id=data["region_breakdown"]["list_id"],
        region_list=re.compile(data["region_breakdown"]["list"]),
        region_cues=tuple(data["region_breakdown"]["cues"]),
        region_abbr=re.compile(data["region_breakdown"]["abbreviation"]),
        region_area_id=data["region_breakdown"]["area_id"],
        region_area=re.compile(data["region_breakdown"]["area"]),
        region_zone_id=data["region_breakdown"]["zone_id"],
        region_zones=tuple(data["region_breakdown"]["zones"]),
        place_pattern=re.compile(alternation(places)),
        generic=frozenset(generic["never"]),
        modifiers=frozenset(generic["modifiers"]),
        descriptive_heads=frozenset(generic["descriptive_heads"]),
        descriptive_endings=tuple(generic["descriptive_endings"]),
        droppable=tuple(sorted(generic["droppable"], key=len, reverse=True)),
        jv_partners=tuple(vocab.get("joint_venture_partners") or ()),
        segment_cues=tuple(data["segment_cues"]),
        segment_status_verbs=frozenset(data["segment_status_verbs"]),
        stem_time_words=frozenset(data.get("stem_time_words", ())),
        report_words=frozenset(row["word"] for row in load_table("words.yaml")["words"]),
        segment_lead_verbs=tuple(data["segment_lead_verbs"]),
        measure_leads=tuple(data["measure_leads"]),
        segment_range_joiners=frozenset(data["segment_range_joiners"]),
        segment_list_marks=tuple(data["segment_list_marks"]),
        individual_before=re.compile(data["individual_before"]),
        service_words=tuple(vocab.get("service_words") or ()),
        product_qualifiers=tuple(sorted(data["product_qualifiers"], key=len, reverse=True)),
        copula_id=data["copula"]["id"],
        copula=re.compile(data["copula"]["pattern"]),
        copula_heads=dict(data["copula"]["heads"]),
        latin_brand_id=data["latin_brand_id"],
        dept_after=tuple(data["department_context"]["after"]),
        dept_before=tuple(data["department_context"]["before"]),
        dept_bare=frozenset(data["department_context"]["bare_after_bank"]),
        dept_levels=tuple(data["department_context"]["levels"]),
        dept_line_stems=frozenset(data["department_context"]["line_stems"]),
        dept_unit_words=tuple(data["department_context"]["unit_words"]),
        line_id=data["business_lines"]["id"],
        line_names=re.compile(alternation(data["business_lines"]["names"])),
        line_after=tuple(data["business_lines"]["after"]),
        line_before=tuple(data["business_lines"]["before"]),
        partner_id=data["partner_list"]["id"],
        partner_list=re.compile(data["partner_list"]["pattern"]),
        partner_min=data["partner_list"]["min_members"],
        partner_not_last=tuple(data["partner_list"]["not_last"]),
        subsidiary_id=data["subsidiary_cue"]["id"],
        subsidiary_cues=re.compile(alternation(data["subsidiary_cue"]["cues"])),
        parent_group_id=data["subsidiary_cue"]["parent_group"]["id"],
        parent_group=_parent_group(data["subsidiary_cue"]["parent_group"]["heads"]),
        company_ends=tuple(data["subsidiary_cue"]["company_ends"]),
        subsidiary_max=data["subsidiary_cue"]["max_len"],
        bracket_company_id=data["bracket_company_id"],
        foreign_firm_id=data["foreign_firm"]["id"],
        foreign_firm=re.compile(data["foreign_firm"]["pattern"], re.M),
        product_tail_id=data["product_tail_id"],
        app_id=data["app_product"]["id"],
        app_words=re.compile(
            rf"(?<![A-Za-z])(?:{alternation(data['app_product']['words'])})(?![A-Za-z])"
        ),
        app_max_stem=data["app_product"]["max_stem"],
        latin_product_id=data["latin_product"]["id"],
        latin_product=re.compile(data["latin_product"]["pattern"]),
        latin_not=frozenset(w.casefold() for w in data["latin_product"]["not_words"]),
        latin_heads=tuple(data["latin_product"]["heads"]),
        latin_code_around=re.compile(data["latin_product"]["code_around"]),
        latin_identifier=re.compile(data["latin_product"]["identifier"]),
        lead_trim=LeadTrim(
            rules=tuple(data["lead_trim"]["rules"]),
            tags=frozenset(data["lead_trim"]["tags"]),
            words=frozenset(data["lead_trim"]["words"]) | frozenset(data["boundary_words"]),
            glued=frozenset(data["lead_trim"]["glued"]),
        ),
        non_prose=re.compile("|".join(f"(?:{p})" for p in data["non_prose"])),
        profile=Profile(
            re.compile(data["profile"]["opener"]),
            re.compile(data["profile"]["marks"]),
            re.compile(data["profile"]["heading"]),
            re.compile(data["profile"]["career"]),
            re.compile(data["profile"]["sentence_end"]),
            data["profile"]["max_lines"],
            frozenset(data["profile"]["keep_kinds"]),
            tuple(data["profile"]["keep_rules"]),
        ),
        kind_authority=tuple(data["one_kind_per_name"]),
        sibling_id=data["list_siblings"]["id"],
        sibling_kinds=frozenset(data["list_siblings"]["kinds"]),
        sibling_same_head=frozenset(data["list_siblings"]["same_head"]),
        sibling_max=data["list_siblings"]["max_len"],
        sibling_ends=tuple(data["list_siblings"]["ends"]),
        sibling_not_ends=tuple(data["list_siblings"]["not_ends"]),
        sibling_areas=tuple(data["list_siblings"]["areas_after"]),
        topic_id=data["question_topic"]["id"],
        topic_patterns=tuple(re.compile(p, re.M) for p in data["question_topic"]["patterns"]),
        definition_id=data["definition"]["id"],
        definition_patterns=tuple(re.compile(p, re.M) for p in data["definition"]["patterns"]),
        definition_not_ends=tuple(data["definition"]["not_ends"]),
        topic_heads=tuple(data["question_topic"]["heads"]),
        topic_max=data["question_topic"]["max_len"],
        topic_inner_acts=tuple(data["question_topic"].get("inner_acts", ())),
        topic_trailing_words=tuple(data["question_topic"].get("trailing_words", ())),
        topic_min_occurrences=data["question_topic"]["min_occurrences"],
        page_title_id=data["page_title"]["id"],
        page_sections=re.compile(
            r"^[【\[〔(（]?(?:" + alternation(data["page_title"]["sections"]) + r")[】\]〕)）:：]"
        ),
        page_title_max=data["page_title"]["max_len"],
        page_restated_id=data["page_title"]["restated_id"],
        page_restated_slack=data["page_title"]["restated_slack"],
        page_restated_defines=re.compile(data["page_title"]["restated_defines"]),
        region_row_id=data["region_breakdown"]["row_id"],
        region_row_min=data["region_breakdown"]["row_min"],
        region_row_window=data["region_breakdown"]["row_window"],
        award_classifiers=tuple(sorted(data["award_classifiers"], key=len, reverse=True)),
        award_title_tail=re.compile(data["award_title"]["tail"]),
        award_title_prefix_max=data["award_title"]["prefix_max"],
        award_title_prefix_stops=tuple(data["award_title"]["prefix_stops"]),
        admin_suffix=re.compile(
            "^(" + alternation(places) + ")(?:" + alternation(data["branch_admin_words"]) + ")"
        ),
        regional_short_id=data["regional_short_name"]["id"],
        regional_short_bank_rule=data["regional_short_name"]["bank_rule"],
        regional_short_max=data["regional_short_name"]["max_chars"],
        families=tuple(data["recognition"]["families"]),
        steps=tuple(data["recognition"]["steps"]),
        spans_filter=data["recognition"]["spans_filter"],
    )


reads(
    "lexicon_table",
    (
        "lexicon.yaml:products",
        "lexicon.yaml:segments",
        "lexicon.yaml:policy_frames",
        "lexicon.yaml:subsidiaries",
        "places.yaml:regions",
        "organizations.yaml:*",
        "banks.yaml:*",
    ),
)
reads("recognition", ("recognition",))
