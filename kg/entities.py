"""Entity recognition: find the strategies, products, departments and the rest.

The rules follow how bank reports name things, so they carry over to banks and years
the builder has never seen (tables in kg/rules/entities.yaml, each row an id that
the Mention records):

- names in quotes, typed by the word after them (“…”战略, 「…」专项行动, 「…」品牌), by
  the cue before them (推出「…」, 获评《…》「…」) or by their own last word (「制造e贷」);
- names ending in a head word (…业务部, …分行, …客户, …战略) whose start is found by
  walking left over jieba tokens until a verb, preposition or punctuation, so
  一是加强分行 yields no branch;
- product and group-company prefixes of the bank (工银e生活, 融e借, 工银理财) and the
  e- prefix (e支付);
- enumerations whose members share their head's kind (上海、天津等分行);
- versions and editions (手机银行10.0, 手机银行县域版), appositions in brackets or
  after a dash, bylines (供稿：网络金融部);
- curated lexicons only for what text alone cannot decide (banks, well-known outside
  organisations, common product and customer-group words, national policy frames,
  regions), and generic phrases that are never names.

Every rule proposes spans; overlaps are settled longest first, then by rule strength.
Spans weak rules proposed but did not accept (an untyped quote, a product-like noun
with no cue) come back as Candidates: the review queue.

All matching runs on a compact copy of the normalised view with the blanks inside
Chinese text removed (PDF flattening prints 工银 e钱包, 工 商银行); offsets map back.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

import yaml

from kg import clauses
from kg.banks import banks
from kg.models import Candidate, Mention, TextContext
from kg.normalize import display_name, normalize_name

QUOTE_PAIRS = {"「": "」", "“": "”", "『": "』", "《": "》", '"': '"', "‘": "’"}
CLOSERS = frozenset(QUOTE_PAIRS.values())
QUOTE_CHARS = frozenset(QUOTE_PAIRS) | CLOSERS
PUNCT = frozenset("，。；：！？、,.;:!?（）()【】[]—－-…\n\t ") | QUOTE_CHARS
CLAUSE_END = frozenset("，。；：！？\n")
GAP_STOP = frozenset("的了和与及或对为向在于从把将被由以给让是有至到")
GROUP_JOINERS = ("", "、", "和", "与", "及", "以及", "或")
FUNCTION_CHARS = frozenset("的了和与及或对为向在于从把将被由以给让是有等、")
NUMERALS = frozenset("一二两三四五六七八九十百千万0123456789")
MEASURES = frozenset("大个家项类名种位")
ORDINAL = re.compile(r"^第[一二三四五六七八九十百\d]+[届期次批]")
COUNT = re.compile(
    r"^(?:近|约|逾|超过?|共有?)?[\d一二两三四五六七八九十百千万亿.,]+(?:余|多)?[名个家户位类项种大款只张支]"
)
COUNT_BEFORE = re.compile(
    r"(?:近|约|逾|超过?|共|累计)?[\d一二两三四五六七八九十百千万亿.,]+[万亿]?(?:余|多)?[名个家户位]$"
)
STRENGTH_LEXICON, STRENGTH_STRONG, STRENGTH_PATTERN, STRENGTH_WEAK = 4, 3, 2, 1
STRENGTH_OVERRIDE = STRENGTH_LEXICON + 1


PosWords = tuple[tuple[int, int, str], ...]
"""jieba part-of-speech words as (start, end, tag), in offsets of the text they tag."""

BLANKS = frozenset(" \t\u3000\xa0")
_MIN_FLOAT = -3.14e100


def compact(view: str) -> tuple[str, tuple[int, ...], frozenset[int]]:
    """The view without the blanks PDF flattening left inside Chinese text (工银 e钱包),
    keeping those between two Latin letters or digits (ICBC PAY): the compact text, the
    view index of each of its characters, and the positions where blanks were dropped."""
    keep: list[int] = []
    blank_before: set[int] = set()
    n = len(view)
    for i, ch in enumerate(view):
        if ch in BLANKS:
            j = i - 1
            while j >= 0 and view[j] in BLANKS:
                j -= 1
            k = i + 1
            while k < n and view[k] in BLANKS:
                k += 1
            prev = view[j] if j >= 0 else ""
            nxt = view[k] if k < n else ""
            if not (prev.isascii() and prev.isalnum() and nxt.isascii() and nxt.isalnum()):
                blank_before.add(len(keep))
                continue
        keep.append(i)
    return "".join(view[i] for i in keep), tuple(keep), frozenset(blank_before)


def _viterbi(
    obs: str,
    states: Any,
    start_p: Any,
    trans_p: Any,
    emit_p: Any,
    emit_cache: dict[str, dict[Any, float]],
) -> Any:
    """jieba.posseg's Viterbi with the same result, walking each live state's own
    transitions instead of every pair of states: the same sums in the same order, the
    same tie-break (the larger state), three to four times faster. ``emit_cache``
    keeps each character's emission scores over its possible states."""
    all_states = trans_p.keys()
    score: dict[Any, float] = {}
    back: list[dict[Any, Any]] = [{}]
    for y in states.get(obs[0], all_states):
        score[y] = start_p[y] + emit_p[y].get(obs[0], _MIN_FLOAT)
        back[0][y] = ""
    for ch in obs[1:]:
        emit = emit_cache.get(ch)
        if emit is None:
            emit = {y: emit_p[y].get(ch, _MIN_FLOAT) for y in states.get(ch, all_states)}
            emit_cache[ch] = emit
        best: dict[Any, tuple[float, Any]] = {}
        for y0, v0 in score.items():
            for y, p in trans_p[y0].items():
                e = emit.get(y)
                if e is None:
                    continue
                cand = (v0 + p + e, y0)
                old = best.get(y)
                if old is None or cand > old:
                    best[y] = cand
        if not best:
            # none of the character's states can follow: jieba then allows every successor
            for y0, v0 in score.items():
                for y, p in trans_p[y0].items():
                    cand = (v0 + p + emit_p[y].get(ch, _MIN_FLOAT), y0)
                    old = best.get(y)
                    if old is None or cand > old:
                        best[y] = cand
        score = {y: c[0] for y, c in best.items()}
        back.append({y: c[1] for y, c in best.items()})
    prob, state = max((v, y) for y, v in score.items())
    route: list[Any] = [None] * len(obs)
    for i in range(len(obs) - 1, -1, -1):
        route[i] = state
        state = back[i][state]
    return prob, route


@lru_cache(maxsize=1)
def _pos_tokenizer() -> Any:
    """jieba.posseg's tokenizer with the faster Viterbi for runs of unknown characters
    (where it spends four fifths of its time); same words, same tags. Built on first
    use, sharing jieba's loaded dictionary and tag table."""
    import jieba.posseg as posseg

    class FastPOSTokenizer(posseg.POSTokenizer):
        def __init__(self) -> None:
            self.tokenizer = posseg.dt.tokenizer
            self.word_tag_tab = posseg.dt.word_tag_tab
            self.emit_cache: dict[str, dict[Any, float]] = {}

        # overrides POSTokenizer.__cut (name-mangled), the one caller of viterbi
        def _POSTokenizer__cut(self, sentence: str) -> Any:
            _, pos_list = _viterbi(
                sentence,
                posseg.char_state_tab_P,
                posseg.start_P,
                posseg.trans_P,
                posseg.emit_P,
                self.emit_cache,
            )
            begin, nexti = 0, 0
            for i, char in enumerate(sentence):
                pos = pos_list[i][0]
                if pos == "B":
                    begin = i
                elif pos == "E":
                    yield posseg.pair(sentence[begin : i + 1], pos_list[i][1])
                    nexti = i + 1
                elif pos == "S":
                    yield posseg.pair(char, pos_list[i][1])
                    nexti = i + 1
            if nexti < len(sentence):
                yield posseg.pair(sentence[nexti:], pos_list[nexti][1])

    return FastPOSTokenizer()


def pos_words(text: str) -> PosWords:
    """jieba.posseg's words of ``text`` with their part-of-speech tags (jieba.posseg
    cuts a little differently from the jieba.cut behind spaCy's tokens)."""
    out = []
    pos = 0
    for word, flag in _pos_tokenizer().cut(text, HMM=True):
        k = text.find(word, pos)
        if k < 0:
            continue
        out.append((k, k + len(word), flag))
        pos = k + len(word)
    return tuple(out)


def tag_view(view: str) -> PosWords:
    """The part-of-speech words of a view, tagged on its compact text (so 营 销 split by
    the PDF is tagged as 营销), in view offsets: what the kg_pos component computes."""
    text, keep, _ = compact(view)
    return tuple((keep[s], keep[e - 1] + 1, tag) for s, e, tag in pos_words(text))


def _is_word(text: str) -> bool:
    """Whether jieba's dictionary knows ``text`` as a word (员工银行: 银行 is one)."""
    import jieba

    return len(text) > 1 and bool(jieba.get_FREQ(text))


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _is_name_char(ch: str, digits: bool = False) -> bool:
    if _is_han(ch) or ch in "·•+":
        return True
    if ch.isascii() and ch.isalpha():
        return True
    return digits and (ch.isdigit() or ch in ".%×")


def _strip_quotes(text: str) -> str:
    return "".join(ch for ch in text if ch not in QUOTE_CHARS)


# ---------------------------------------------------------------------------
# Rule tables


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


@dataclass(frozen=True)
class InnerRule:
    id: str
    kind: str
    suffixes: tuple[str, ...]
    over_head: bool = False


@dataclass(frozen=True)
class SuffixRule:
    id: str
    kind: str
    heads: tuple[str, ...]
    support: str
    max_stem: int
    min_stem: int
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class EnumRule:
    id: str
    kind: str
    heads: tuple[str, ...]
    member_suffix: str
    members: str
    needs_gap: bool
    override: bool


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


@dataclass(frozen=True)
class LeadTrim:
    """What a name found by a pattern never begins with (see entities.yaml lead_trim)."""

    rules: tuple[str, ...]
    tags: frozenset[str]
    words: frozenset[str]


@dataclass(frozen=True)
class EntityRules:
    """Everything recognition needs, loaded once from the YAML tables."""

    boundary_words: frozenset[str]
    boundary_tags: frozenset[str]
    verb_object_heads: frozenset[str]
    verb_tags: frozenset[str]
    quote_heads: tuple[QuoteHead, ...]
    quote_cues: tuple[CueRule, ...]
    quote_after: tuple[CueRule, ...]
    quote_before: tuple[CueRule, ...]
    quote_inner: tuple[InnerRule, ...]
    numeral_id: str
    numeral_kind: str
    numeral: re.Pattern[str]
    award_giver_id: str
    award_name_id: str
    publication_words: tuple[str, ...]
    suffixes: tuple[SuffixRule, ...]
    suffix_cues: dict[str, tuple[str, ...]]
    award_suffix_id: str
    award_cues: tuple[str, ...]
    award_heads: tuple[str, ...]
    award_max_len: int
    enum_gap: re.Pattern[str]
    enumerations: tuple[EnumRule, ...]
    enum_head_pattern: re.Pattern[str]
    brand: BrandRules
    version_id: str
    version_base_id: str
    version_number: re.Pattern[str]
    version_not_after: re.Pattern[str]
    version_lead: re.Pattern[str]
    edition: re.Pattern[str]
    apposition_id: str
    apposition_max: int
    apposition_not: tuple[str, ...]
    byline_id: str
    byline: re.Pattern[str]
    byline_heads: tuple[str, ...]
    byline_max: int
    self_id: str
    self_words: tuple[str, ...]
    lexicon: dict[str, LexEntry]
    lexicon_pattern: re.Pattern[str]
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
    droppable: tuple[str, ...]
    jv_partners: tuple[str, ...]
    segment_cues: tuple[str, ...]
    segment_status_verbs: frozenset[str]
    segment_lead_verbs: tuple[str, ...]
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
    company_ends: tuple[str, ...]
    subsidiary_max: int
    bracket_company_id: str
    product_tail_id: str
    app_id: str
    app_words: re.Pattern[str]
    app_max_stem: int
    latin_product_id: str
    latin_product: re.Pattern[str]
    latin_not: frozenset[str]
    lead_trim: LeadTrim
    non_prose: re.Pattern[str]
    kind_authority: tuple[str, ...]
    sibling_id: str
    sibling_kinds: frozenset[str]
    sibling_max: int
    sibling_ends: tuple[str, ...]
    topic_id: str
    topic_patterns: tuple[re.Pattern[str], ...]
    topic_heads: tuple[str, ...]
    topic_max: int
    page_title_id: str
    page_sections: re.Pattern[str]
    page_title_max: int
    region_row_id: str
    region_row_min: int
    region_row_window: int
    admin_suffix: re.Pattern[str]
    award_classifiers: tuple[str, ...]


def _yaml(name: str) -> Any:
    return yaml.safe_load(resources.files("kg.rules").joinpath(name).read_text("utf-8"))


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def load_lexicon() -> dict[str, LexEntry]:
    """Every curated name (banks, organisations, vocabulary, regions) by normalised form."""
    lex: dict[str, LexEntry] = {}

    def add(surface: str, entry: LexEntry) -> None:
        lex.setdefault(normalize_name(surface), entry)

    for bank in banks():
        for surface in (bank.name, *bank.aliases):
            add(surface, LexEntry(bank.name, "Bank", "entity.lexicon.bank"))
    orgs = _yaml("organizations.yaml")
    for group, rows in orgs.items():
        for row in rows:
            entry = LexEntry(
                row["name"], "Organization", f"entity.lexicon.{group}", group == "media"
            )
            for surface in (row["name"], *(row.get("aliases") or ())):
                add(surface, entry)
    vocab = _yaml("lexicon.yaml")
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
    for region in _yaml("places.yaml")["regions"]:
        add(region, LexEntry(region, "Region", "entity.lexicon.regions"))
    return lex


def load_rules() -> EntityRules:
    data = _yaml("entities.yaml")
    generic = _yaml("generic_phrases.yaml")
    places_data = _yaml("places.yaml")
    vocab = _yaml("lexicon.yaml")
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
            re.compile(_alternation(r["heads"])),
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
        )
        for r in data["enumerations"]["rows"]
    )
    brand = data["brand"]
    version = data["version"]
    award = data["award_suffix"]
    return EntityRules(
        boundary_words=frozenset(data["boundary_words"]),
        boundary_tags=frozenset(data["boundary_tags"]),
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
            CueRule(r["id"], r["kind"], tuple(r["cues"]), r["window"]) for r in data["quote_cues"]
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
            )
            for r in data["quote_inner"]
        ),
        numeral_id=data["quote_numeral_frame"]["id"],
        numeral_kind=data["quote_numeral_frame"]["kind"],
        numeral=re.compile(data["quote_numeral_frame"]["pattern"]),
        award_giver_id=data["award_giver_id"],
        award_name_id=data["award_name_id"],
        publication_words=tuple(data["publication_words"]),
        suffixes=suffixes,
        suffix_cues={k: tuple(v) for k, v in data["suffix_cues"].items()},
        award_suffix_id=award["id"],
        award_cues=tuple(award["cues"]),
        award_heads=tuple(sorted(award["heads"], key=len, reverse=True)),
        award_max_len=award["max_len"],
        enum_gap=re.compile(data["enumerations"]["gap"]),
        enumerations=enum_rows,
        enum_head_pattern=re.compile(_alternation(h for r in enum_rows for h in r.heads)),
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
        ),
        version_id=version["id"],
        version_base_id=version["base_id"],
        version_number=re.compile(version["number"]),
        version_not_after=re.compile(version["after_number_not"]),
        version_lead=re.compile(version["lead"]),
        edition=re.compile(version["edition"]),
        apposition_id=data["apposition"]["id"],
        apposition_max=data["apposition"]["max_len"],
        apposition_not=tuple(data["apposition"]["not_words"]),
        byline_id=data["byline"]["id"],
        byline=re.compile(data["byline"]["cue"]),
        byline_heads=tuple(data["byline"]["heads"]),
        byline_max=data["byline"]["max_len"],
        self_id=data["self_reference"]["id"],
        self_words=tuple(data["self_reference"]["words"]),
        lexicon=lexicon,
        lexicon_pattern=re.compile(_alternation(lexicon), re.IGNORECASE),
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
        place_pattern=re.compile(_alternation(places)),
        generic=frozenset(generic["never"]),
        modifiers=frozenset(generic["modifiers"]),
        droppable=tuple(sorted(generic["droppable"], key=len, reverse=True)),
        jv_partners=tuple(vocab.get("joint_venture_partners") or ()),
        segment_cues=tuple(data["segment_cues"]),
        segment_status_verbs=frozenset(data["segment_status_verbs"]),
        segment_lead_verbs=tuple(data["segment_lead_verbs"]),
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
        dept_unit_words=tuple(data["department_context"]["unit_words"]),
        line_id=data["business_lines"]["id"],
        line_names=re.compile(_alternation(data["business_lines"]["names"])),
        line_after=tuple(data["business_lines"]["after"]),
        line_before=tuple(data["business_lines"]["before"]),
        partner_id=data["partner_list"]["id"],
        partner_list=re.compile(data["partner_list"]["pattern"]),
        partner_min=data["partner_list"]["min_members"],
        partner_not_last=tuple(data["partner_list"]["not_last"]),
        subsidiary_id=data["subsidiary_cue"]["id"],
        subsidiary_cues=re.compile(_alternation(data["subsidiary_cue"]["cues"])),
        company_ends=tuple(data["subsidiary_cue"]["company_ends"]),
        subsidiary_max=data["subsidiary_cue"]["max_len"],
        bracket_company_id=data["bracket_company_id"],
        product_tail_id=data["product_tail_id"],
        app_id=data["app_product"]["id"],
        app_words=re.compile(
            rf"(?<![A-Za-z])(?:{_alternation(data['app_product']['words'])})(?![A-Za-z])"
        ),
        app_max_stem=data["app_product"]["max_stem"],
        latin_product_id=data["latin_product"]["id"],
        latin_product=re.compile(data["latin_product"]["pattern"]),
        latin_not=frozenset(w.casefold() for w in data["latin_product"]["not_words"]),
        lead_trim=LeadTrim(
            rules=tuple(data["lead_trim"]["rules"]),
            tags=frozenset(data["lead_trim"]["tags"]),
            words=frozenset(data["lead_trim"]["words"]) | frozenset(data["boundary_words"]),
        ),
        non_prose=re.compile("|".join(f"(?:{p})" for p in data["non_prose"])),
        kind_authority=tuple(data["one_kind_per_name"]),
        sibling_id=data["list_siblings"]["id"],
        sibling_kinds=frozenset(data["list_siblings"]["kinds"]),
        sibling_max=data["list_siblings"]["max_len"],
        sibling_ends=tuple(data["list_siblings"]["ends"]),
        topic_id=data["question_topic"]["id"],
        topic_patterns=tuple(re.compile(p, re.M) for p in data["question_topic"]["patterns"]),
        topic_heads=tuple(data["question_topic"]["heads"]),
        topic_max=data["question_topic"]["max_len"],
        page_title_id=data["page_title"]["id"],
        page_sections=re.compile(
            r"^[【\[〔(（]?(?:" + _alternation(data["page_title"]["sections"]) + r")[】\]〕)）:：]"
        ),
        page_title_max=data["page_title"]["max_len"],
        region_row_id=data["region_breakdown"]["row_id"],
        region_row_min=data["region_breakdown"]["row_min"],
        region_row_window=data["region_breakdown"]["row_window"],
        award_classifiers=tuple(sorted(data["award_classifiers"], key=len, reverse=True)),
        admin_suffix=re.compile(
            "^(" + _alternation(places) + ")(?:" + _alternation(data["branch_admin_words"]) + ")"
        ),
    )


# ---------------------------------------------------------------------------
# The compact text: the view without blanks inside Chinese text, with token bounds.


@dataclass(frozen=True)
class _Text:
    text: str
    view_pos: tuple[int, ...]
    starts: tuple[int, ...]
    bounds: frozenset[int]
    blanks: frozenset[int]
    tags: tuple[str, ...]
    word_bounds: frozenset[int]

    @classmethod
    def of(cls, ctx: TextContext, pos: PosWords | None = None) -> _Text:
        """The compact text of a context; ``pos`` are its view's part-of-speech words
        (from the kg_pos component), tagged here when not given."""
        view = ctx.view.text
        text, keep, blank_before = compact(view)
        n = len(view)
        v2c = [0] * (n + 1)
        c = 0
        for i in range(n + 1):
            v2c[i] = c
            if c < len(keep) and keep[c] == i:
                c += 1
        words = pos_words(text) if pos is None else tuple((v2c[s], v2c[e], t) for s, e, t in pos)
        tags = [""] * len(text)
        tag_starts: set[int] = set()
        for s, e, tag in words:
            tags[s:e] = [tag] * (e - s)
            tag_starts.add(s)
        starts = sorted({v2c[s] for s, _ in ctx.tokens} | blank_before | tag_starts)
        bounds = frozenset(starts) | frozenset(v2c[e] for _, e in ctx.tokens)
        words_b = frozenset(v2c[s] for s, _ in ctx.tokens) | frozenset(
            v2c[e] for _, e in ctx.tokens
        )
        return cls(text, keep, tuple(starts), bounds, blank_before, tuple(tags), words_b)

    def token_start_before(self, i: int) -> int:
        k = bisect.bisect_right(self.starts, i) - 1
        return self.starts[k] if k >= 0 else 0

    def boundary(self, i: int) -> bool:
        """Whether a name may start or end at i: a token bound, a script change, or a
        one-character function word next to it (以工银爱购: jieba cuts 以工/银爱购)."""
        if i <= 0 or i >= len(self.text) or i in self.bounds:
            return True
        a, b = self.text[i - 1], self.text[i]
        if not (_is_han(a) and _is_han(b)):
            return True
        return a in FUNCTION_CHARS or b in FUNCTION_CHARS

    def word_bound(self, i: int) -> bool:
        """A bound of jieba's own cut (posseg cuts 线上线下 as 线/上线/下)."""
        return i <= 0 or i >= len(self.text) or i in self.word_bounds

    def view_span(self, start: int, end: int) -> tuple[int, int]:
        return self.view_pos[start], self.view_pos[end - 1] + 1


@dataclass(frozen=True)
class _Prop:
    start: int
    end: int
    kind: str
    name: str
    rule: str
    strength: int


SIBLING_LIST = re.compile(
    r"(?<![^，。；：！？\n、])[^，。；：！？\n、]+(?:、[^，。；：！？\n、]+)+"
)
"""A 、-list within one clause. It can only start after a delimiter or at the start (a
match starting inside a run extends to the run's start), and saying so keeps the search
linear: without the lookbehind, a text without 、 costs time quadratic in its length."""


class _Recognizer:
    """One document's recognition pass; the rules are the data, this is the machine."""

    def __init__(self, ctx: TextContext, rules: EntityRules, pos: PosWords | None = None) -> None:
        self.ctx = ctx
        self.rules = rules
        self.t = _Text.of(ctx, pos)
        self.text = self.t.text
        self.props: list[_Prop] = []
        self.cands: list[tuple[int, int, str, str, str]] = []
        self.bank = ctx.document.bank
        own = [b for b in banks() if self.bank and b.name == self.bank]
        self.product_prefixes = tuple(p for b in own for p in b.product_prefixes)
        self.ordinary_prefixes = frozenset(p for b in own for p in b.ordinary_prefixes)
        self.group_prefixes = tuple(p for b in banks() for p in b.group_prefixes)
        self.hard: set[int] = set()
        self.tags = self.t.tags
        self.consumed: list[tuple[int, int]] = []

    # -- helpers -----------------------------------------------------------
    def add(self, start: int, end: int, kind: str, name: str, rule: str, strength: int) -> None:
        name = display_name(_strip_quotes(name)).replace(" ", "") if not name.isascii() else name
        if end <= start or not name:
            return
        self.props.append(_Prop(start, end, kind, name, rule, strength))

    def candidate(self, start: int, end: int, kind: str, rule: str) -> None:
        self.cands.append((start, end, kind, _strip_quotes(self.text[start:end]), rule))

    def clause_start(self, i: int, ends: frozenset[str] = CLAUSE_END) -> int:
        return clauses.after_last(clauses.positions(self.text, ends), i)

    def generic(self, name: str, head: str = "") -> bool:
        name = _strip_quotes(name)
        if name in self.rules.generic or len(name) < 2:
            return True
        stem = name[: len(name) - len(head)] if head and name.endswith(head) else name
        return bool(head) and self.all_modifiers(stem)

    def all_modifiers(self, stem: str) -> bool:
        if not stem:
            return True
        if len(stem) >= 4 and stem not in self.rules.modifiers and _is_word(stem):
            return False  # 金融机构: one dictionary word, not a string of modifiers
        mods = self.rules.modifiers
        ok = [True] + [False] * len(stem)
        for i in range(1, len(stem) + 1):
            for j in range(max(0, i - 4), i):
                if ok[j] and stem[j:i] in mods:
                    ok[i] = True
                    break
        return ok[-1]

    def left_start(
        self,
        head: int,
        max_stem: int,
        digits: bool = False,
        head_word: str = "",
        use_tags: bool = True,
    ) -> int:
        """Walk left from ``head`` over jieba tokens while they can be part of a name:
        not a boundary word or a verb, adverb, preposition... (by jieba's tags), not
        across punctuation, a blank the PDF left between words, or a bank's name."""
        pos = head
        words = self.rules.boundary_words
        stop_tags = self.rules.boundary_tags if use_tags else frozenset()
        if digits:
            stop_tags = stop_tags - {"m", "mq", "q", "f"}
        verb_object = head_word in self.rules.verb_object_heads
        while pos > 0 and pos not in self.t.blanks:
            if any(
                self.text[pos - n : pos] in words and (pos - n) in self.t.bounds
                for n in (2, 3, 4)
                if pos - n >= 0
            ):
                break
            s = self.t.token_start_before(pos - 1)
            s = max(s, max((b for b in self.t.blanks if s < b < pos), default=s))
            piece = self.text[s:pos]
            if not piece or not all(_is_name_char(ch, digits) for ch in piece):
                k = pos
                while k > s and _is_name_char(self.text[k - 1], digits):
                    k -= 1
                if (
                    k < pos
                    and self.text[k:pos] not in words
                    and self.tags[k] not in stop_tags
                    and head - k <= max_stem
                ):
                    pos = k
                break
            if (
                piece in words
                or any(
                    w in words for w in (piece[-2:], piece[-3:], piece[:2], piece[:3]) if len(w) > 1
                )
                or (self.tags[s] in stop_tags and not self.direction_prefix(s))
                or (
                    verb_object
                    and pos == head
                    and self.tags[s] in self.rules.verb_tags
                    and piece not in self.rules.segment_status_verbs
                )
                or head - s > max_stem
                or any(i in self.hard for i in range(s, pos))
            ):
                break
            pos = s
        return self.drop_front(pos, head)

    def direction_prefix(self, s: int) -> bool:
        """中高端客户, 个金条线: one character opening a clause (or after 其中 or a segment
        cue: 其中中小企业主, 服务中高端客户) is part of the name there, whatever jieba tags
        it (中 as a postposition, 个 as a measure word)."""
        at_start = (
            s == 0
            or self.text[s - 1] in PUNCT
            or any(
                self.text.endswith(w, 0, s) and self.t.word_bound(s - len(w))
                for w in ("其中", *self.rules.segment_cues)
                if len(w) > 1
            )
        )
        return at_start and (self.tags[s] == "f" or self.next_bound(s) - s == 1)

    def drop_front(self, start: int, end: int) -> int:
        """Drop ordinals, counts and droppable qualifiers from the front of a name
        (第二届…, 近万名…, 七大…, 优质…)."""
        if 0 < start < end and self.text[start - 1] in NUMERALS and self.text[start] in MEASURES:
            start += 1
        changed = True
        while changed and start < end:
            changed = False
            m = ORDINAL.match(self.text[start:end]) or COUNT.match(self.text[start:end])
            if m:
                start += m.end()
                changed = True
            for word in self.rules.droppable:
                if self.text.startswith(word, start) and end - start > len(word) + 1:
                    start += len(word)
                    changed = True
                    break
        return start

    def cue_before(self, start: int, cues: Iterable[str]) -> bool:
        """Whether a cue stands right before ``start``, past a 了 or 的 and past a count
        of what follows (为1.2万家跨国企业, 服务300余家小微企业)."""
        before = self.text[max(0, start - 16) : start]
        before = COUNT_BEFORE.sub("", before)[-8:]
        for tail in ("了", "的", ""):
            if tail and not before.endswith(tail):
                continue
            stem = before[: len(before) - len(tail)]
            if any(stem.endswith(c) for c in cues):
                return True
        return False

    def head_ends(self, end: int) -> bool:
        if end >= len(self.text):
            return True
        nxt = self.text[end]
        if not _is_han(nxt):
            return True
        if end in self.t.bounds:
            return True
        return nxt in FUNCTION_CHARS

    # -- rules -------------------------------------------------------------
    def lexicon(self) -> None:
        rules = self.rules
        for m in rules.lexicon_pattern.finditer(self.text):
            surface = m.group(0)
            entry = rules.lexicon.get(normalize_name(surface))
            if entry is None:
                continue
            s, e = m.start(), m.end()
            short = sum(_is_han(ch) for ch in surface) <= 3 or surface.isascii()
            left, right = self.t.boundary(s), self.t.boundary(e)
            if surface.isascii():
                left = s == 0 or not self.text[s - 1].isalnum()
                right = e >= len(self.text) or not self.text[e].isalnum()
            if not (left and right) and (short or not (left or right)):
                continue
            if entry.quoted_only:
                continue
            if surface.endswith("银行") and (
                self.text[e : e + 1] in ("间", "业") or self.text.startswith("系统", e)
            ):
                # 银行间市场, 银行业, 厦门银行系统: banking, not a bank
                continue
            if entry.kind == "CustomerSegment" and self.individual(s):
                continue
            if entry.kind == "Bank":
                kind = self.bank_kind(entry.name)
                self.add(s, e, kind, surface, entry.rule, STRENGTH_LEXICON)
                self.hard.update(range(s, e))
            else:
                if (
                    entry.kind == "Product"
                    and self.text[max(0, s - 2) : s] == "个人"
                    and self.t.boundary(s - 2)
                ):
                    s -= 2
                self.add(s, e, entry.kind, self.text[s:e], entry.rule, STRENGTH_LEXICON)

    def bank_kind(self, name: str) -> str:
        """A listed bank is the document's Bank, a Subsidiary in its parent's report
        (中银香港 in 中国银行's), else an outside Organization."""
        if name == self.bank:
            return "Bank"
        if self.bank and any(b.name == name and b.parent == self.bank for b in banks()):
            return "Subsidiary"
        return "Organization"

    def self_references(self) -> None:
        for word in self.rules.self_words:
            for m in re.finditer(re.escape(word), self.text):
                if not (self.t.boundary(m.start()) and self.head_ends(m.end())):
                    continue
                if self.text[m.end() : m.end() + 1] in ("业", "长", "员"):
                    continue
                self.add(
                    m.start(),
                    m.end(),
                    "Bank",
                    self.bank or word,
                    self.rules.self_id,
                    STRENGTH_LEXICON,
                )
                self.hard.update(range(m.start(), m.end()))

    def quotes(self) -> list[tuple[int, int]]:
        """(open, close) index pairs of quoted names, innermost text 1..30 chars."""
        out = []
        text = self.text
        i = 0
        while i < len(text):
            ch = text[i]
            close = QUOTE_PAIRS.get(ch)
            if close is None:
                i += 1
                continue
            j = text.find(close, i + 1, i + 62)
            if j < 0 or "\n" in text[i + 1 : j]:
                i += 1
                continue
            out.append((i, j))
            i = j + 1
        return out

    def quote_groups(self, quotes: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
        groups: list[list[tuple[int, int]]] = []
        for q in quotes:
            if groups:
                prev = groups[-1][-1]
                sep = self.text[prev[1] + 1 : q[0]]
                if sep in GROUP_JOINERS and self.text[prev[0]] != "《" and self.text[q[0]] != "《":
                    groups[-1].append(q)
                    continue
            groups.append([q])
        return groups

    def find_head(self, pos: int) -> tuple[QuoteHead, int, int] | None:
        """The head rule whose head word follows ``pos`` soonest (longest head first)."""
        text = self.text
        best: tuple[int, int, QuoteHead] | None = None
        limit = max(r.max_gap for r in self.rules.quote_heads)
        window = text[pos : pos + limit + 8]
        for rule in self.rules.quote_heads:
            for head in rule.heads:
                k = window.find(head)
                while 0 <= k <= rule.max_gap:
                    gap = window[:k].replace("为主题", "")
                    if any(ch in PUNCT or (ch in GAP_STOP) for ch in gap):
                        break
                    end = pos + k + len(head)
                    if rule.strict_end and not (
                        end >= len(text) or text[end] in PUNCT or self.head_ends(end)
                    ):
                        k = window.find(head, k + 1)
                        continue
                    if rule.strict_end and end < len(text) and _is_han(text[end]):
                        nxt_tok = text[end : self.next_bound(end)]
                        # the phrase ends where a boundary word follows, alone or opening
                        # jieba's word (「并购+」全流程服务积极支持…: 积极支持), not where a
                        # noun continues it (“无接触”服务需求)
                        if not any(
                            nxt_tok[:n] in self.rules.boundary_words for n in (4, 3, 2)
                        ) and (nxt_tok not in self.rules.boundary_words):
                            k = window.find(head, k + 1)
                            continue
                    cand = (k, -len(head), rule)
                    if best is None or cand[:2] < best[:2]:
                        best = cand
                    break
        if best is None:
            return None
        k, neg, rule = best
        return rule, pos + k, pos + k - neg

    def next_bound(self, i: int) -> int:
        j = i + 1
        while j < len(self.text) and j not in self.t.bounds:
            j += 1
        return j

    def is_slogan(self, inner: str) -> bool:
        if any(ch in inner for ch in "，。；！？,"):
            return True
        parts = inner.split("、")
        return len(parts) >= 2 and (len(parts) >= 4 or any(len(p) > 6 for p in parts))

    def quoted_names(self) -> None:
        rules = self.rules
        text = self.text
        quotes = self.quotes()
        for group in self.quote_groups(quotes):
            last_close = group[-1][1]
            head = self.find_head(last_close + 1)
            if head is not None:
                self.consumed.append((head[1], head[2]))
            awarded = False
            for qi, (o, c) in enumerate(group):
                inner = text[o + 1 : c]
                s, e = o + 1, c
                if not inner.strip() or (len(inner) < 2 and not inner.isascii()):
                    continue
                if text[o] == "《":
                    self.publication(o, c)
                    continue
                if self.is_slogan(inner) or len(inner) > 30:
                    self.consumed.append((o, c + 1))
                    continue
                over = next(
                    (
                        r
                        for r in rules.quote_inner
                        if r.over_head and any(inner.endswith(x) for x in r.suffixes)
                    ),
                    None,
                )
                if over is not None:
                    self.add(s, e, over.kind, inner, over.id, STRENGTH_STRONG)
                    continue
                if (
                    head is not None
                    and head[0].id.endswith("strategy_frame")
                    and text[o - 1 : o]
                    in (
                        "向",
                        "为",
                    )
                ):
                    head = None
                if head is not None and not (awarded and head[0].kind != "Award"):
                    rule, hs, he = head
                    members = [(s, e)]
                    if "、" in inner and hs - (last_close + 1) <= 1:
                        members = self.split_members(s, e)
                    elif "、" in inner:
                        continue
                    for ms, me in members:
                        if rule.keep_head and qi == len(group) - 1 and len(members) == 1:
                            name = text[ms:me] + text[c + 1 : he]
                            if self.product_users(rule, o, he, ms, me):
                                continue
                            self.add(o, he, rule.kind, name, rule.id, STRENGTH_STRONG)
                        elif not self.generic(text[ms:me]):
                            self.add(
                                ms,
                                me,
                                rule.kind,
                                self.attach_left(ms, me, o),
                                rule.id,
                                STRENGTH_STRONG,
                            )
                    continue
                if awarded:
                    self.add(s, e, "Award", inner, rules.award_name_id, STRENGTH_STRONG)
                    continue
                if self.modifier_quote(c):
                    self.candidate(s, e, "Unknown", "entity.quote.modifier")
                    continue
                parts = self.plus_parts(s, e)
                for ps, pe in parts:
                    kind = self.untyped_quote(o, c, ps, pe, part=len(parts) > 1)
                    awarded = awarded or kind == "Award"

    def product_users(self, rule: QuoteHead, o: int, he: int, s: int, e: int) -> bool:
        """“薪薪宝”客户数: a quoted product before 客户 names its users, not a group the
        bank targets, unless a segment cue or a list says so. The quote is the Product."""
        if rule.kind != "CustomerSegment":
            return False
        inner = self.text[s:e]
        product = next(
            (
                r
                for r in self.rules.quote_inner
                if r.kind == "Product" and any(inner.endswith(x) for x in r.suffixes)
            ),
            None,
        )
        tail = self.product_tail(inner)
        if product is None and not tail and not self.product_stem(inner):
            return False
        if self.segment_cue(o) or self.parallel(o, he, self.text[e + 1 : he]):
            return False
        self.candidate(o, he, rule.kind, "entity.suffix.segment.product_users")
        if product is not None or tail:
            rule_id = product.id if product is not None else self.rules.product_tail_id
            self.add(s, e, "Product", inner, rule_id, STRENGTH_STRONG)
        return True

    def product_tail(self, inner: str) -> bool:
        """「中银香港企业网上银行」, 「某某银行手机银行」: a quoted name ending in a common
        product word (手机银行, 网上银行) is that product of whoever it names."""
        norm = normalize_name(inner)
        for k in range(1, len(norm) - 1):
            entry = self.rules.lexicon.get(norm[k:])
            if entry is not None and entry.kind == "Product" and len(norm) - k >= 2:
                return True
        return False

    def modifier_quote(self, c: int) -> bool:
        """「自有+三方+数字货币」相协调的…, “首贷”户: the quote qualifies the noun after it."""
        after = self.text[c + 1 : c + 6]
        cut = next((k for k, ch in enumerate(after) if ch in PUNCT), len(after))
        return "的" in after[:cut] or after[:1] in ("户", "率", "量", "额", "数")

    def plus_parts(self, s: int, e: int) -> list[tuple[int, int]]:
        """「e生活小站+美团街区」: two names joined by +; 「并购+」 is one."""
        inner = self.text[s:e]
        parts = inner.split("+")
        if len(parts) < 2 or any(sum(_is_han(ch) for ch in p) < 2 for p in parts):
            return [(s, e)]
        out = []
        pos = s
        for part in parts:
            out.append((pos, pos + len(part)))
            pos += len(part) + 1
        return out

    def split_members(self, s: int, e: int) -> list[tuple[int, int]]:
        out = []
        pos = s
        for part in self.text[s:e].split("、"):
            if len(part) >= 2:
                out.append((pos, pos + len(part)))
            pos += len(part) + 1
        return out

    def attach_left(self, s: int, e: int, o: int) -> str:
        """幸福「1+4」: a quoted name with no Chinese in it takes the word glued before it."""
        inner = self.text[s:e]
        if any(_is_han(ch) for ch in inner) or o == 0 or not _is_han(self.text[o - 1]):
            return inner
        ts = self.t.token_start_before(o - 1)
        word = self.text[ts:o]
        if word in self.rules.boundary_words or len(word) > 3:
            return inner
        return word + inner

    def publication(self, o: int, c: int) -> None:
        """《环球金融》: an Organization when it gives an award or is a known title."""
        rules = self.rules
        inner = self.text[o + 1 : c]
        after = self.text[c + 1 : c + 4].lstrip()
        entry = rules.lexicon.get(normalize_name(inner))
        gives = after[:1] in ("「", "“", "《", "『") or any(
            after.startswith(w) for w in rules.publication_words
        )
        if (entry is not None and entry.kind == "Organization") or gives:
            self.add(o + 1, c, "Organization", inner, rules.award_giver_id, STRENGTH_STRONG)
        else:
            self.candidate(o + 1, c, "Organization", "entity.quote.publication_untyped")

    def giver_before(self, o: int) -> bool:
        """Whether an award giver stands right before the quote opening at ``o``."""
        j = o
        while j > 0 and self.text[j - 1] in " 、":
            j -= 1
        if j > 0 and self.text[j - 1] in ("》", "」", "”"):
            k = self.text.rfind("《", max(0, j - 32), j)
            if k >= 0 and self.text[j - 1] == "》":
                return True
        return any(p.end == j and p.kind == "Organization" for p in self.props)

    def untyped_quote(self, o: int, c: int, s: int, e: int, part: bool = False) -> str | None:
        """Type a quoted name nothing after it typed: award context, number words,
        prefixes, its own last word, then the cue before it. Returns the kind given."""
        rules = self.rules
        text = self.text
        inner = text[s:e]
        whole = (s, e) == (o + 1, c)
        entry = rules.lexicon.get(normalize_name(inner))
        if entry is not None and not entry.quoted_only:
            return None
        clause = text[self.clause_start(o) : o]
        award_cue = next((r for r in rules.quote_cues if r.kind == "Award"), None)
        if whole and (
            self.giver_before(o)
            or (
                award_cue is not None
                and any(cue in clause[-award_cue.window :] for cue in award_cue.cues)
            )
        ):
            self.add(s, e, "Award", inner, rules.award_name_id, STRENGTH_STRONG)
            return "Award"
        if rules.numeral.match(inner):
            self.add(s, e, rules.numeral_kind, inner, rules.numeral_id, STRENGTH_STRONG)
            return rules.numeral_kind
        if self.brand_name(s, e) is not None:
            return "Product"
        if self.product_tail(inner):
            self.add(s, e, "Product", inner, rules.product_tail_id, STRENGTH_STRONG)
            return "Product"
        while s < e and self.text[s : self.next_bound(s)] in rules.boundary_words:
            s = self.next_bound(s)
        inner = text[s:e]
        if "、" in inner and not part:
            # “绿色银行、财富银行、投资银行”: a list of names that share a typing last word
            members = self.split_members(s, e)
            for inner_rule in rules.quote_inner:
                if len(members) >= 2 and all(
                    any(
                        text[ms:me].endswith(x) and me - ms - len(x) >= 1
                        for x in inner_rule.suffixes
                    )
                    and not self.generic(text[ms:me])
                    for ms, me in members
                ):
                    for ms, me in members:
                        self.add(
                            ms, me, inner_rule.kind, text[ms:me], inner_rule.id, STRENGTH_STRONG
                        )
                    return inner_rule.kind
        for inner_rule in rules.quote_inner:
            for x in inner_rule.suffixes:
                if inner.endswith(x) and len(inner) - len(x) >= (
                    2 if inner_rule.kind == "CustomerSegment" else 1
                ):
                    if not self.generic(inner):
                        self.add(s, e, inner_rule.kind, inner, inner_rule.id, STRENGTH_STRONG)
                        return inner_rule.kind
                    return None
        if "的" in inner or "、" in inner or len(inner) > 12 or part:
            self.candidate(s, e, "Unknown", "entity.quote.untyped")
            return None
        for rule in rules.quote_before:
            if whole and any(text[max(0, o - len(cue)) : o] == cue for cue in rule.cues):
                self.add(s, e, rule.kind, inner, rule.id, STRENGTH_STRONG)
                return rule.kind
        for rule in rules.quote_cues:
            if rule.kind == "Award":
                continue
            before = text[max(self.clause_start(o), o - rule.window - 4) : o]
            for cue in rule.cues:
                k = before.rfind(cue)
                if k >= 0 and len(before) - k - len(cue) <= rule.window and "的" not in before[k:]:
                    self.add(s, e, rule.kind, inner, rule.id, STRENGTH_STRONG)
                    return rule.kind
        after = text[c + 1 : c + 8]
        for rule in rules.quote_after:
            if whole and any(after.startswith(cue) for cue in rule.cues):
                self.add(s, e, rule.kind, inner, rule.id, STRENGTH_STRONG)
                return rule.kind
        self.candidate(s, e, "Unknown", "entity.quote.untyped")
        return None

    def brand_name(self, s: int, e: int) -> tuple[int, int] | None:
        """A quoted name that starts with a product or group prefix is typed by it."""
        inner = self.text[s:e]
        for prefix in (*self.product_prefixes, *self.group_prefixes):
            if inner.startswith(prefix) and len(inner) > len(prefix):
                got = self.prefixed(s, prefix, limit=e, whole=True)
                if got:
                    return got
        if re.match(r"[eEi][\u4e00-\u9fff]", inner):
            self.add(s, e, "Product", inner, self.rules.brand.e_prefix_id, STRENGTH_STRONG)
            return s, e
        return None

    # -- prefixes ------------------------------------------------------------
    def prefixed(
        self, start: int, prefix: str, limit: int | None = None, whole: bool = False
    ) -> tuple[int, int] | None:
        """工银理财 (group), 工银e生活 (product), 工银理财节 (initiative)."""
        b = self.rules.brand
        text = self.text
        p_end = start + len(prefix)
        hard_end = limit if limit is not None else len(text)
        run_end = p_end
        while (
            run_end < hard_end
            and _is_name_char(text[run_end])
            and run_end - p_end < 12
            and (run_end == p_end or run_end not in self.t.blanks)
        ):
            run_end += 1
        run = text[p_end:run_end]
        if not run or any(run.startswith(w) for w in b.not_after):
            return None
        first = text[p_end : self.next_bound(p_end)]
        if len(first) > 1 and first in self.rules.boundary_words:
            return None  # 中银香港推出…: the prefix is the bank's name, a verb follows
        group = prefix in self.group_prefixes
        if group:
            word = next((w for w in b.subsidiary_words if run.startswith(w)), None)
            word = word or next((w for w in self.rules.jv_partners if run.startswith(w)), None)
            if word is None:
                m = self.rules.place_pattern.match(run)
                word = m.group(0) if m else None
            if word is not None:
                end = p_end + len(word)
                if word in self.rules.jv_partners:
                    # 交银施罗德基金: a joint venture's name goes on to its business word, but
                    # not where the word names what is sold (代销某某保险195亿元, 某某基金1096亿元)
                    more = next((w for w in b.subsidiary_words if text.startswith(w, end)), None)
                    after = text[end + len(more) : end + len(more) + 4].lstrip(" ") if more else ""
                    if (
                        more is not None
                        and not after[:1].isdigit()
                        and "代销" not in text[max(0, start - 4) : start]
                        and (end + len(more) >= run_end or self.t.boundary(end + len(more)))
                        and not text.startswith(("经理", "产品", "公司"), end + len(more))
                    ):
                        end += len(more)
                tail = text[end:run_end]
                ini = next((h for h in b.initiative_heads if tail.startswith(h)), None)
                if ini:
                    end += len(ini)
                    self.add(
                        start, end, "Initiative", text[start:end], b.initiative_id, STRENGTH_STRONG
                    )
                    return start, end
                if whole and end < hard_end:
                    return None
                self.add(
                    start, end, "Subsidiary", text[start:end], b.subsidiary_id, STRENGTH_STRONG
                )
                return start, end
        if prefix not in self.product_prefixes:
            return None
        window = run[: b.window + (4 if not whole else 8)]
        for k in range(len(window)):
            if any(window.startswith(w, k) for w in ("为", "的", "和", "与", "等")):
                window = window[:k]
                break
        for head in b.initiative_heads:
            k = window.find(head)
            if k > 0 and not whole:
                end = p_end + k + len(head)
                if self.head_ends(end):
                    self.add(
                        start, end, "Initiative", text[start:end], b.initiative_id, STRENGTH_STRONG
                    )
                    return start, end
        if whole:
            end = hard_end
        else:
            found = self.product_end(p_end, run_end, b.window)
            if found is None:
                return None
            end = found
        if prefix in self.ordinary_prefixes and not (
            text[p_end : p_end + 1] in "eEi" or any(text[:end].endswith(t) for t in b.terminals)
        ):
            return None
        self.add(start, end, "Product", text[start:end], b.product_id, STRENGTH_STRONG)
        return start, end

    def product_end(self, p_end: int, run_end: int, window: int) -> int | None:
        """Where a prefixed product name ends: its last product word within the window,
        else the first word after the prefix (and its e/i letter)."""
        b = self.rules.brand
        text = self.text
        words = self.rules.boundary_words
        stop = p_end
        while stop < run_end and stop - p_end < window + 1:
            tok_end = self.next_bound(stop)
            if text[stop:tok_end] in words and stop > p_end:
                break
            stop = tok_end if tok_end <= run_end else run_end
        stop = min(stop, p_end + window + 1, run_end)
        best = None
        for term in b.terminals:
            k = text.rfind(term, p_end, stop)
            if k >= p_end and _is_word(text[k : k + len(term) + 1]):
                continue  # 某行通讯: 通 opens the word 通讯, no product ends there
            if k >= p_end and (best is None or k + len(term) > best):
                best = k + len(term)
        if best is not None:
            while best < run_end and text[best].isascii() and text[best].isalpha():
                best += 1
            return best
        pos = p_end
        while pos < run_end and text[pos] in "eEi" and pos - p_end < 1:
            pos += 1
        if pos >= run_end:
            return None
        k = pos
        while (
            k < run_end
            and text[k] not in FUNCTION_CHARS
            and not any(text[k : k + n] in words and k in self.t.bounds for n in (2, 3, 4))
        ):
            k += 1
        w_end = self.next_bound(pos)
        if w_end - pos >= 2 and w_end <= run_end and _is_word(text[pos:w_end]):
            end = w_end  # 某行通讯: the word after the prefix, not more
        elif 0 < k - pos <= 3:
            end = k
        else:
            end = self.next_bound(pos)
            if end > run_end or end - p_end > 4:
                end = min(run_end, p_end + 4)
        while end < run_end and text[end].isascii() and text[end].isalpha():
            end += 1
        return end

    def prefixes(self) -> None:
        text = self.text
        for prefix in sorted(
            set(self.product_prefixes + self.group_prefixes), key=len, reverse=True
        ):
            for m in re.finditer(re.escape(prefix), text):
                if self.t.boundary(m.start()) or not _is_word(text[m.end() - 1 : m.end() + 1]):
                    self.prefixed(m.start(), prefix)
        b = self.rules.brand
        for m in re.finditer(r"(?<![A-Za-z])[eE](?=[\u4e00-\u9fff])", text):
            s = m.start()
            run_end = s + 1
            while run_end < len(text) and _is_han(text[run_end]) and run_end - s < 8:
                run_end += 1
            end = None
            for k in range(s + 2, min(run_end, s + 6) + 1):
                if any(text[s + 1 : k].endswith(t) for t in b.terminals):
                    end = k
                    break
            if end is not None:
                for k in range(end + 2, min(run_end, end + 3) + 1):
                    chunk = text[end:k]
                    if any(chunk.endswith(t) for t in b.terminals) and self.head_ends(k):
                        end = k
            else:
                end = self.next_bound(s + 1)
                if end > run_end or end - s > 5:
                    continue
            if text[s + 1 : end] in self.rules.generic or text[s + 1 : end] in ("系列",):
                continue
            if text[end : end + 3].casefold() == "app":
                end += 3
            if self.head_ends(end) or text[end : end + 1].isascii():
                start = s
                if s > 0 and _is_han(text[s - 1]) and s not in self.t.blanks:
                    ts = self.t.token_start_before(s - 1)
                    glued = text[ts:s]
                    if (
                        1 <= len(glued) <= 2
                        and glued not in self.rules.boundary_words
                        and not any(ch in FUNCTION_CHARS for ch in glued)
                        and glued[-1:] not in self.rules.boundary_words
                    ):
                        start = ts
                self.add(start, end, "Product", text[start:end], b.e_prefix_id, STRENGTH_STRONG)

    # -- suffix rules ----------------------------------------------------------
    def suffix_names(self) -> None:
        text = self.text
        # where a quoted name goes on after a position: a head inside a quote that does
        # not close right after it is a word of the quoted name (“投资交易+客户业务”)
        quoted_to = [0] * (len(text) + 1)
        for o, c in self.quotes():
            quoted_to[o + 1 : c] = [c] * (c - o - 1)
        for rule in self.rules.suffixes:
            for m in rule.pattern.finditer(text):
                hs, he = m.start(), m.end()
                if not self.head_ends(he) or self.lexical_generic(hs, he):
                    continue
                if quoted_to[hs] > he:
                    continue
                if rule.support == "cue":
                    self.cued_name(rule, hs, he)
                    continue
                if he - hs == 1 and rule.kind == "Organization" and not self.t.word_bound(hs):
                    continue  # 布局, 格局: the head is inside a word
                if rule.support == "department":
                    self.department_unit(rule, hs, he)
                    continue
                if (
                    rule.kind == "Organization"
                    and rule.support == "none"
                    and he < len(text)
                    and _is_han(text[he])
                    and self.tags[he][:1] == "n"
                ):
                    continue  # 电信商, 协会会员: the head word runs on into another noun
                digits = rule.kind == "CustomerSegment" and text[max(0, hs - 2) : hs] in (
                    "以上",
                    "以下",
                )
                max_stem = rule.max_stem + (4 if digits else 0)
                start = self.left_start(hs, max_stem, digits, m.group(0))
                while start < hs and not _is_han(text[start]):
                    start += 1
                if rule.kind == "CustomerSegment":
                    start = self.segment_start(start, hs)
                elif rule.kind == "Department":
                    start = self.joined_start(start, hs)
                stem = text[start:hs]
                if len(stem) < rule.min_stem:
                    continue
                name = text[start:he]
                if rule.support == "place":
                    pm = self.place_in(start, hs)
                    if pm is None:
                        if not self.generic(name, m.group(0)) and len(stem) >= 3:
                            self.candidate(start, he, rule.kind, rule.id)
                        continue
                    start = pm
                    if rule.kind == "Branch":
                        regulator = self.regulator_before(start)
                        if regulator is not None:
                            # 中国人民银行南京分行: a regulator's branch is an outside body
                            self.add(
                                regulator,
                                he,
                                "Organization",
                                text[regulator:he],
                                rule.id + ".regulator",
                                STRENGTH_OVERRIDE,
                            )
                            self.hard.update(range(regulator, he))
                            continue
                        start = self.other_bank_before(start)
                    name = text[start:he]
                head = m.group(0)
                if rule.kind == "Department":
                    if name in self.rules.generic or any(
                        text[hs - k : he] in self.rules.generic for k in (1, 2) if hs >= k
                    ):
                        continue
                    if head in ("委员会", "条线", "板块") and self.all_modifiers(stem):
                        continue
                    if name.endswith("分部") and self.all_modifiers(name[:-2]):
                        continue  # 业务分部: a reporting segment, no unit's name
                    if head == "委员会" and self.place_in(start, hs) == start:
                        continue  # 深圳市科技创新委员会: a government body
                elif (
                    self.generic(name, head)
                    if rule.support != "context"
                    else name in self.rules.generic or stem in self.rules.generic
                ) or (
                    rule.kind == "CustomerSegment"
                    and (self.place_stem(stem) or self.individual(start))
                ):
                    continue
                if rule.support == "context" and not (
                    self.segment_cue(start) or self.listed(start, he)
                ):
                    self.candidate(start, he, rule.kind, rule.id)
                    continue
                if (
                    rule.kind == "CustomerSegment"
                    and self.product_stem(stem)
                    and not (self.segment_cue(start) or self.parallel(start, he, head))
                ):
                    self.candidate(start, he, rule.kind, "entity.suffix.segment.product_users")
                    continue
                self.add(start, he, rule.kind, name, rule.id, STRENGTH_PATTERN)
                if rule.kind == "CustomerSegment":
                    self.ellipsis(rule, start, hs, he)
                if rule.kind in ("Branch", "Department"):
                    self.hard.update(range(start, he))

    def regulator_before(self, start: int) -> int | None:
        """The start of a regulator's name that ends where a branch's name starts."""
        for p in self.props:
            if p.end == start and p.kind == "Organization" and p.rule.endswith(".regulators"):
                return p.start
        return None

    def other_bank_before(self, start: int) -> int:
        """中国银行广东省分行 in another bank's report: the branch keeps its bank's name
        (the document's own bank's branches are named without it)."""
        for p in self.props:
            if (
                p.end == start
                and p.kind in ("Organization", "Subsidiary")
                and p.rule.endswith(".bank")
            ):
                return p.start
        return start

    def department_unit(self, rule: SuffixRule, hs: int, he: int) -> None:
        """卡中心, 零售银行总部, 运营及研发中心, 办公室: a unit named by 中心,
        总部 or 办公室 is a department where the sentence treats it as one."""
        rules = self.rules
        text = self.text
        head = text[hs:he]
        start = self.left_start(hs, rule.max_stem, head_word=head)
        word = next((w for w in rules.dept_unit_words if text.endswith(w, 0, hs)), None)
        if start == hs and word is not None:
            start = self.left_start(hs - len(word), rule.max_stem - len(word))
        start = self.joined_start(start, hs)
        while start < hs and not _is_han(text[start]):
            start += 1
        name = text[start:he]
        after_bank = any(p.end == start and p.kind in ("Bank", "Organization") for p in self.props)
        if start == hs and not (head in rules.dept_bare and after_bank):
            return
        if name in rules.generic:
            return
        if start < hs and rules.lexicon.get(normalize_name(name)) is not None:
            return
        after = text[he : he + 3]
        before = text[max(0, start - 3) : start]
        context = (
            after_bank
            or any(after.startswith(w) for w in rules.dept_after)
            or any(before.endswith(w) for w in rules.dept_before)
            or self.beside_department(start, he)
        )
        if not context:
            if start < hs:
                self.candidate(start, he, rule.kind, rule.id)
            return
        self.add(start, he, rule.kind, name, rule.id, STRENGTH_PATTERN)
        self.hard.update(range(start, he))

    def joined_start(self, start: int, hs: int) -> int:
        """住房金融与个人信贷部, 运营及研发中心: one unit's name joined by 与/及,
        when the words before the joint are no unit of their own and a cue opens them."""
        text = self.text
        if start < 1 or text[start - 1] not in "与及" or start >= hs:
            return start
        lead = self.left_start(start - 1, 8)
        left = text[lead : start - 1]
        if len(left) < 2 or not all(_is_han(ch) for ch in left):
            return start
        if any(
            left.endswith(h) for r in self.rules.suffixes if r.kind == "Department" for h in r.heads
        ):
            return start
        opener = text[max(0, lead - 3) : lead]
        cues = (*self.rules.dept_before, "，", "、", "。")
        if lead == 0 or text[lead - 1] in PUNCT or any(opener.endswith(w) for w in cues):
            return lead
        return start

    def beside_department(self, start: int, end: int) -> bool:
        """A unit listed with a department (财富管理部、卡中心)."""
        for p in self.props:
            if p.kind != "Department":
                continue
            gap_after = self.text[p.end : start]
            gap_before = self.text[end : p.start]
            if gap_after in ("、", "和", "及", "与") or gap_before in ("、", "和", "及", "与"):
                return True
        return False

    def segment_start(self, start: int, hs: int) -> int:
        """Where a customer group's name starts: 钻石及以上客户 reaches over 及 to the
        tier; 管理零售客户, 新增跨境客户 drop the verb that opens the phrase."""
        text = self.text
        if text.startswith(("以上", "以下"), start) and start > 0 and text[start - 1] == "及":
            lead = self.left_start(start - 1, 6)
            if start - 1 - lead >= 2 and _is_han(text[lead]):
                start = lead
        for verb in self.rules.segment_lead_verbs:
            k = start + len(verb)
            if text.startswith(verb, start) and k < hs and self.t.word_bound(k):
                start = k
                break
        area = self.place_area(start)
        if area is not None and hs - area >= 2:
            start = area  # 上海地区科技型企业, 无锡三地科技型企业: the place is a breakdown
        return start

    def place_area(self, start: int) -> int | None:
        """The end of a place and its area word at ``start`` (上海地区, 苏州三地), or None."""
        m = self.rules.region_area.match(self.text, start)
        if m is None or not self.is_area_place(m.group(1)):
            return None
        return m.end()

    def is_area_place(self, name: str) -> bool:
        rules = self.rules
        return name in rules.places or name in rules.regions or bool(rules.region_abbr.match(name))

    def regions(self) -> None:
        """Regions a report breaks figures down by: a list of places after 分地区看 or of
        compass parts of a province (苏南、苏北), a place with 地区 (上海地区), and a
        region with its zone word (某某经济区)."""
        rules = self.rules
        text = self.text
        for m in rules.region_list.finditer(text):
            s = m.start(1)
            members = []
            pos = s
            for part in re.split(r"(、|和|及|与)", m.group(1)):
                if part in ("、", "和", "及", "与"):
                    pos += len(part)
                    continue
                members.append((pos, pos + len(part)))
                pos += len(part)
            # the last member runs on into the sentence: keep its place only
            ls, le = members[-1]
            last = next(
                (k for k in range(min(le, ls + 4), ls + 1, -1) if self.is_area_place(text[ls:k])),
                None,
            )
            if last is None:
                continue
            members[-1] = (ls, last)
            names = [text[a:b] for a, b in members]
            if len(members) < 2 or not all(self.is_area_place(n) for n in names):
                continue
            cue = text[max(0, s - 8) : s]
            if not (
                any(c in cue for c in rules.region_cues)
                or all(rules.region_abbr.match(n) for n in names)
            ):
                continue
            for a, b in members:
                self.add(a, b, "Region", text[a:b], rules.region_list_id, STRENGTH_OVERRIDE)
        for m in rules.region_area.finditer(text):
            name = m.group(1)
            if m.group(2) != "地区" or name not in rules.places or not self.t.boundary(m.start()):
                continue
            if name in rules.regions:
                continue
            self.add(
                m.start(),
                m.end(),
                "Region",
                text[m.start() : m.end()],
                rules.region_area_id,
                STRENGTH_PATTERN,
            )
        for p in list(self.props):
            if p.kind != "Region":
                continue
            for word in rules.region_zones:
                if text.startswith(word, p.end):
                    end = p.end + len(word)
                    self.add(
                        p.start,
                        end,
                        "Region",
                        text[p.start : end],
                        rules.region_zone_id,
                        STRENGTH_OVERRIDE,
                    )
                    break

    def place_stem(self, stem: str) -> bool:
        """华南地区客户: the customers of a place are a breakdown of a figure,
        not a group the bank targets."""
        rules = self.rules
        if stem.endswith(("地区", "区域")):
            return True
        return stem in rules.places or stem in rules.regions

    def listed(self, start: int, end: int) -> bool:
        """A name in a list (养殖大户、家庭农场; 个体工商户和涉农主体; 蔬菜等种植户)."""
        marks = self.rules.segment_list_marks
        before = self.text[max(0, start - 2) : start]
        after = self.text[end : end + 2]
        return any(before.endswith(w) for w in marks) or any(after.startswith(w) for w in marks)

    def ellipsis(self, rule: SuffixRule, start: int, hs: int, he: int) -> None:
        """极高、超高净值客户: a short word before 、 shares the rest of the next name."""
        text = self.text
        if start < 2 or text[start - 1] != "、":
            return
        x0 = self.left_start(start - 1, 3, use_tags=False)
        word = text[x0 : start - 1]
        stem = text[start:hs]
        first = self.next_bound(start) - start
        if (
            1 <= len(word) == first < len(stem)
            and all(_is_han(ch) for ch in word)
            and self.t.word_bound(x0)
            and not any(h in word for h in rule.heads)
        ):
            name = word + stem[len(word) :] + text[hs:he]
            if not self.generic(name, text[hs:he]):
                self.add(x0, start - 1, rule.kind, name, rule.id + ".ellipsis", STRENGTH_PATTERN)

    def product_stem(self, stem: str) -> bool:
        """Whether a customer group is named after a product (手机银行客户) or a service
        (现金管理客户, 外汇资产客户)."""
        if stem.startswith("个人") or any(w in stem for w in self.rules.service_words):
            return True
        for i in range(len(stem)):
            for j in range(i + 2, len(stem) + 1):
                entry = self.rules.lexicon.get(normalize_name(stem[i:j]))
                if entry is not None and entry.kind == "Product":
                    return True
        return any(p.kind == "Product" and p.name and stem.endswith(p.name) for p in self.props)

    def word_bound(self, i: int) -> bool:
        return self.t.word_bound(i)

    def segment_cue(self, start: int) -> bool:
        return self.cue_before(start, self.rules.segment_cues)

    def individual(self, start: int) -> bool:
        """厦门一家…的民营企业, 这家科创企业: one company described, not a group."""
        before = self.text[self.clause_start(start) : start]
        return bool(self.rules.individual_before.search(before))

    def parallel(self, start: int, end: int, head: str) -> bool:
        """A name in a list of names with the same head (全量客户、信用卡客户、私人银行客户)."""
        text = self.text
        if start > 0 and text[start - 1] == "、":
            k = start - 1
            if text[max(0, k - len(head)) : k] == head:
                return True
        if text[end : end + 1] == "、":
            seg = text[end + 1 : end + 14]
            cut = next((k for k, ch in enumerate(seg) if ch in PUNCT), len(seg))
            return head in seg[:cut]
        return False

    def lexical_generic(self, hs: int, he: int) -> bool:
        """干部, 外部, 全部: the head belongs to a generic word jieba keeps whole."""
        if he - hs > 1:
            return False
        ts = self.t.token_start_before(hs)
        return ts < hs and self.text[ts:he] in self.rules.generic

    def cued_name(self, rule: SuffixRule, hs: int, he: int) -> None:
        """A product or initiative name that runs from a cue word to its head."""
        text = self.text
        cues = self.rules.suffix_cues.get(rule.kind, ())
        lo = max(0, hs - rule.max_stem - 6)
        window = text[lo:hs]
        cut = max((k for k, ch in enumerate(window) if ch in PUNCT), default=-1)
        window = window[cut + 1 :]
        lo = hs - len(window)
        found: list[int] = []
        for cue in cues:
            k = window.find(cue)
            while k >= 0:
                if self.word_bound(lo + k) and self.word_bound(lo + k + len(cue)):
                    found.append(lo + k + len(cue))
                k = window.find(cue, k + 1)
        start = None
        for cue_end in sorted(set(found)):
            cand = cue_end
            while cand < hs and text[cand] in "了的着":
                cand += 1
            cand = self.drop_front(cand, hs)
            stem = text[cand:hs]
            first = text[cand : self.next_bound(cand)] if cand < hs else ""
            if (
                rule.min_stem <= len(stem) <= rule.max_stem
                and first not in self.rules.boundary_words
                and not any(ch in FUNCTION_CHARS for ch in stem)
            ):
                start = cand
                break
        name = text[start:he] if start is not None else ""
        continues = (
            rule.kind == "Product"
            and he < len(text)
            and _is_han(text[he])
            and self.tags[he][:1] == "n"
            and text[he] not in FUNCTION_CHARS
        )
        stem_entry = (
            self.rules.lexicon.get(normalize_name(text[start:hs])) if start is not None else None
        )
        if stem_entry is not None and stem_entry.kind in ("Organization", "Bank"):
            return
        ok = (
            start is not None
            and not continues
            and rule.min_stem <= hs - start <= rule.max_stem
            and not any(ch in FUNCTION_CHARS for ch in text[start:hs])
            and not self.generic(name, text[hs:he])
        )
        if not ok:
            fallback = self.left_start(hs, rule.max_stem, head_word=text[hs:he])
            if hs - fallback >= rule.min_stem and not self.generic(text[fallback:he], text[hs:he]):
                self.candidate(fallback, he, rule.kind, rule.id)
            return
        assert start is not None
        end = self.unqualified_end(start, hs, he)
        self.add(start, end, rule.kind, text[start:end], rule.id, STRENGTH_PATTERN)
        pos = he
        while pos < len(text) and (text[pos] in "、和及" or text.startswith("以及", pos)):
            nxt = pos + (2 if text.startswith("以及", pos) else 1)
            m = rule.pattern.search(text, nxt, nxt + rule.max_stem + 4)
            if m is None:
                break
            piece = text[nxt : m.start()]
            if (
                len(piece) < rule.min_stem
                or any(ch in PUNCT or ch in FUNCTION_CHARS for ch in piece)
                or not self.head_ends(m.end())
                or self.generic(text[nxt : m.end()], m.group(0))
            ):
                break
            self.add(nxt, m.end(), rule.kind, text[nxt : m.end()], rule.id, STRENGTH_PATTERN)
            pos = m.end()

    def unqualified_end(self, start: int, hs: int, he: int) -> int:
        """全球财资管理优势产品 names 全球财资管理: a ranking word and 产品 after a name
        only classify it."""
        if self.text[hs:he] != "产品":
            return he
        stem = self.text[start:hs]
        for q in self.rules.product_qualifiers:
            rest = stem[: len(stem) - len(q)]
            if stem.endswith(q) and len(rest) >= 3 and not self.generic(rest):
                return hs - len(q)
        return he

    def place_in(self, start: int, end: int) -> int | None:
        for m in self.rules.place_pattern.finditer(self.text, start, end):
            if self.t.boundary(m.start()) or m.start() == start:
                middle = self.text[m.end() : end]
                if all(_is_han(ch) for ch in middle) and not any(
                    w in middle for w in ("、", "等") if w
                ):
                    return m.start()
        return None

    def award_names(self) -> None:
        rules = self.rules
        text = self.text
        for cue in rules.award_cues:
            for m in re.finditer(re.escape(cue), text):
                s = m.end()
                seg = text[s : s + rules.award_max_len + 2]
                cut = next((k for k, ch in enumerate(seg) if ch in PUNCT), len(seg))
                seg = seg[:cut]
                ends = [seg.find(h) + len(h) for h in rules.award_heads if seg.find(h) > 1]
                if ends:
                    e = s + min(ends)
                    start = self.drop_front(s, e)
                    self.add(
                        start, e, "Award", text[start:e], rules.award_suffix_id, STRENGTH_PATTERN
                    )

    def bylines(self) -> None:
        rules = self.rules
        text = self.text
        for m in rules.byline.finditer(text):
            s = m.end()
            seg = text[s : s + rules.byline_max]
            best = None
            for head in rules.byline_heads:
                k = seg.find(head)
                if k >= 0 and all(_is_han(ch) for ch in seg[: k + len(head)]):
                    end = k + len(head)
                    if best is None or end < best:
                        best = end
            if best is not None and best >= 2:
                self.add(
                    s, s + best, "Department", text[s : s + best], rules.byline_id, STRENGTH_STRONG
                )

    # -- enumerations ------------------------------------------------------------
    def enumerations(self) -> None:
        rules = self.rules
        text = self.text
        by_head = {h: r for r in rules.enumerations for h in r.heads}
        for m in rules.enum_head_pattern.finditer(text):
            rule = by_head[m.group(0)]
            hs, he = m.start(), m.end()
            if not self.head_ends(he):
                continue
            if (
                rule.members != "place"
                and he < len(text)
                and _is_han(text[he])
                and self.tags[he][:1] == "n"
                and text[he] not in FUNCTION_CHARS
            ):
                continue
            list_end = None
            for g in range(min(8, hs), -1, -1):
                if rules.enum_gap.fullmatch(text[hs - g : hs]) and hs - g > 0:
                    prev = text[hs - g - 1]
                    if (
                        _is_name_char(prev, True) and prev not in FUNCTION_CHARS
                    ) or prev in CLOSERS:
                        list_end = hs - g
                        break
            if list_end is None or (rule.needs_gap and list_end == hs):
                continue
            has_etc = "等" in text[list_end:hs]
            members = self.members(list_end)
            if len(members) < 2 and not (
                has_etc and members and any(ch in QUOTE_CHARS for ch in text[slice(*members[0])])
            ):
                continue
            if rule.members == "region":
                known = sum(
                    _strip_quotes(text[a:b]) in rules.regions | rules.places for a, b in members
                )
                if known * 2 < len(members) or any(
                    b - a > 3 and _strip_quotes(text[a:b]) not in rules.regions | rules.places
                    for a, b in members
                ):
                    continue
            for ms, me in members:
                self.enum_member(rule, ms, me, hs)

    def members(self, end: int) -> list[tuple[int, int]]:
        text = self.text
        out: list[tuple[int, int]] = []
        pos = end
        while pos > 0 and len(out) < 10:
            j = clauses.after_last(clauses.positions(text, PUNCT - QUOTE_CHARS), pos) - 1
            start = j + 1
            if j < 0 or text[j] != "、":
                start = self.left_start_member(pos)
                piece = (start, pos)
                out.extend(self.split_conj(*piece))
                break
            out.extend(self.split_conj(start, pos))
            pos = j
            if pos - start > 12:
                break
        good = []
        for s, e in out:
            raw = text[s:e]
            bare = _strip_quotes(raw)
            opened = sum(ch in QUOTE_PAIRS for ch in raw)
            closed = sum(ch in CLOSERS for ch in raw)
            if not 1 <= e - s <= 12 or opened != closed:
                break
            if any(ch in FUNCTION_CHARS - {"与"} for ch in bare) and raw[0] not in QUOTE_CHARS:
                break
            if any(len(w) > 1 and w in self.rules.boundary_words for w in self.pieces(s, e)):
                break
            good.append((s, e))
        return list(reversed(good))

    def left_start_member(self, end: int) -> int:
        text = self.text
        pos = end
        while pos > 0 and text[pos - 1] in QUOTE_CHARS:
            pos -= 1
            while pos > 0 and text[pos - 1] not in QUOTE_CHARS and text[pos - 1] not in PUNCT:
                pos -= 1
            if pos > 0 and text[pos - 1] in QUOTE_CHARS:
                pos -= 1
        return self.left_start(
            pos, 10 - (end - pos) if end - pos < 10 else 0, digits=True, use_tags=False
        )

    def split_conj(self, s: int, e: int) -> list[tuple[int, int]]:
        """The last members of a list may be joined by 和/及/以及 (与 only before a prefix)."""
        piece = self.text[s:e]
        for conj in ("以及", "及", "和"):
            k = piece.rfind(conj)
            if k > 0 and k + len(conj) < len(piece) and self.t.boundary(s + k):
                return [(s + k + len(conj), e), (s, s + k)]
        k = piece.rfind("与")
        if k > 0 and any(piece.startswith(p, k + 1) for p in self.product_prefixes):
            return [(s + k + 1, e), (s, s + k)]
        return [(s, e)]

    def enum_member(self, rule: EnumRule, s: int, e: int, head: int) -> None:
        text = self.text
        raw = text[s:e]
        name = _strip_quotes(raw)
        entry = self.rules.lexicon.get(normalize_name(name))
        strength = STRENGTH_PATTERN
        if entry is not None:
            if not rule.override or entry.kind in ("Bank", "Organization", "Subsidiary"):
                return
            strength = STRENGTH_OVERRIDE
        inside_strong = any(
            p.start <= s and e <= p.end and p.strength >= STRENGTH_STRONG for p in self.props
        )
        quoted_segment = any(ch in QUOTE_CHARS for ch in raw) and rule.kind == "CustomerSegment"
        if inside_strong and not quoted_segment:
            if not rule.override:
                return
            strength = STRENGTH_OVERRIDE
        if rule.members == "place":
            if name not in self.rules.places:
                return
            self.add(s, e, rule.kind, name + rule.member_suffix, rule.id, strength)
            return
        if sum(ch in QUOTE_PAIRS for ch in raw) > 1:
            return
        if (self.generic(name) and rule.members != "region") or len(name) > 10:
            return
        if any(ch in QUOTE_CHARS for ch in raw) and not (
            raw[0] not in QUOTE_CHARS or rule.kind == "CustomerSegment"
        ):
            return
        self.add(s, e, rule.kind, name + rule.member_suffix, rule.id, strength)

    def copulas(self) -> None:
        """以工银爱购为促销活动: the head after 为 types the name between 以 and 为."""
        rules = self.rules
        text = self.text
        for m in rules.copula.finditer(text):
            tail = text[m.end(2) : m.end(2) + 4]
            head = next(
                (
                    h
                    for h in sorted(rules.copula_heads, key=len, reverse=True)
                    if tail.startswith(h)
                ),
                None,
            )
            if head is None or not self.head_ends(m.end(2) + len(head)):
                continue
            s, e = m.span(1)
            while s < e and text[s] in QUOTE_CHARS:
                s += 1
            while e > s and text[e - 1] in QUOTE_CHARS:
                e -= 1
            name = text[s:e]
            if self.generic(name) or any(ch in FUNCTION_CHARS for ch in name):
                continue
            quoted = text[m.start(1)] in QUOTE_PAIRS and text[m.end(1) - 1] in CLOSERS
            if not quoted and not any(p.start == s and p.end == e for p in self.props):
                continue
            self.add(s, e, rules.copula_heads[head], name, rules.copula_id, STRENGTH_OVERRIDE)

    def latin_brands(self) -> None:
        """ICBC PAY: the bank's Latin short name and a capitalised product word."""
        own = [b for b in banks() if b.name == self.bank]
        names = [a for b in own for a in b.aliases if a.isascii() and a.isalpha()]
        if not names:
            return
        alternatives = "|".join(map(re.escape, names))
        pattern = re.compile(rf"(?<![A-Za-z0-9])(?:{alternatives}) ?[A-Z][A-Za-z]+(?![A-Za-z])")
        for m in pattern.finditer(self.text):
            self.add(
                m.start(),
                m.end(),
                "Product",
                m.group(0),
                self.rules.latin_brand_id,
                STRENGTH_STRONG,
            )

    def app_names(self) -> None:
        """兴业银行App, 兴业生活App, 某某银行动卡空间App: a product named by App at its end."""
        rules = self.rules
        text = self.text
        bank_ends = {p.end: p.start for p in self.props if p.kind in ("Bank", "Organization")}
        for m in rules.app_words.finditer(text):
            hs, he = m.start(), m.end()
            start = hs
            while start > 0 and text[start - 1] == " ":
                start -= 1
            if start in bank_ends:
                start = bank_ends[start]
                lead = self.left_start(start, 4, use_tags=False)
                start = lead if start - lead >= 1 and self.t.word_bound(lead) else start
            else:
                start = self.left_start(start, rules.app_max_stem, use_tags=False)
                while start < hs and not _is_han(text[start]):
                    start += 1
                start = bank_ends.get(start, start)  # 某某银行动卡空间App
            stem = text[start:hs].strip()
            if len(stem) < 2 or stem in rules.self_words or self.generic(stem):
                continue
            entry = rules.lexicon.get(normalize_name(text[start:he]))
            if entry is not None or any(ch in FUNCTION_CHARS for ch in stem):
                continue
            self.add(start, he, "Product", text[start:he], rules.app_id, STRENGTH_STRONG)
            self.hard.update(range(start, he))

    def latin_products(self) -> None:
        """AskAnna, PayGo+: a mixed-case Latin brand is a product name."""
        rules = self.rules
        for m in rules.latin_product.finditer(self.text):
            name = m.group(0)
            first = name.split(" ")[0].rstrip("+")
            if first.casefold() in rules.latin_not or normalize_name(name) in rules.lexicon:
                continue
            # 电子钱包PayGo+: the product word glued before the brand only describes it
            self.props = [
                p
                for p in self.props
                if not (
                    p.end == m.start() and p.strength <= STRENGTH_PATTERN and p.kind == "Product"
                )
            ]
            self.add(m.start(), m.end(), "Product", name, rules.latin_product_id, STRENGTH_STRONG)

    def business_lines(self) -> None:
        """個人銀行錄得溢利, 企業銀行聯動財資業務: a business line that acts is a unit."""
        rules = self.rules
        text = self.text
        for m in rules.line_names.finditer(text):
            s, e = m.span()
            if not (self.t.boundary(s) and self.head_ends(e)):
                continue
            after = text[e : e + 4]
            before = text[max(0, s - 2) : s]
            if any(after.startswith(w) for w in rules.line_after) or any(
                before.endswith(w) for w in rules.line_before
            ):
                self.add(s, e, "Department", m.group(0), rules.line_id, STRENGTH_STRONG)

    def question_topics(self) -> None:
        """什么是X？ / X的申请条件是什么？ / 如何申请X？: the service a question-and-answer
        page asks about is a product, when its name ends in a product word."""
        rules = self.rules
        for pattern in rules.topic_patterns:
            for m in pattern.finditer(self.text):
                s, e = m.span("name")
                while s < e and self.text[s] in QUOTE_CHARS:
                    s += 1
                while e > s and self.text[e - 1] in QUOTE_CHARS:
                    e -= 1
                name = self.text[s:e]
                if (
                    not 2 <= len(name) <= rules.topic_max
                    or any(ch in PUNCT or ch == "的" for ch in name)
                    or not name.endswith(rules.topic_heads)
                    or self.generic(name)
                    or not self.t.boundary(s)
                    or self.text[s : self.next_bound(s)] in rules.lead_trim.words
                    or any(self.tags[i] in ("c", "p") for i in range(s, e))
                ):
                    continue  # 如何将款项…, 甲与乙, 对某系统: a clause, not a name
                self.add(s, e, "Product", name, rules.topic_id, STRENGTH_PATTERN)

    @cached_property
    def lines(self) -> list[tuple[int, int]]:
        """The text's lines as (start, end), blank ones left out."""
        out, pos = [], 0
        for line in self.text.split("\n"):
            if line.strip():
                out.append((pos, pos + len(line)))
            pos += len(line) + 1
        return out

    def page_titles(self) -> None:
        """A product page opens with the product's name on a line of its own, followed by
        a section heading such as 【产品介绍】 or 产品特点：: that line is a product. A line
        that itself follows a section heading is that section's content, not a title."""
        rules = self.rules
        lines = self.lines
        for k in range(len(lines) - 1):
            s, e = self.original_line_start(*lines[k]), lines[k][1]
            while s < e and self.text[s] in BLANKS:
                s += 1
            while e > s and self.text[e - 1] in BLANKS:
                e -= 1
            name = self.text[s:e]
            ns, ne = lines[k + 1]
            previous = self.text[slice(*lines[k - 1])].strip() if k else ""
            if (
                not 2 <= len(name) <= rules.page_title_max
                or any(ch in "，。；：！？,;:!?、【】" for ch in name)
                or rules.page_sections.match(name)
                or not rules.page_sections.match(self.text[ns:ne].strip())
                or (previous and rules.page_sections.match(previous))
                or self.generic(name)
            ):
                continue
            self.add(s, e, "Product", name, rules.page_title_id, STRENGTH_STRONG)

    def original_line_start(self, s: int, e: int) -> int:
        """Where the last line of the original text begins within the compact line [s, e):
        the view may have joined lines the layout broke (a telephone number line and the
        title after it)."""
        vs, ve = self.t.view_span(s, e)
        span = self.ctx.span(vs, ve)
        cut = span.quote.rfind("\n")
        if cut < 0:
            return s
        start = span.start + cut + 1
        k = e
        while k > s and self.ctx.span(*self.t.view_span(k - 1, k)).start >= start:
            k -= 1
        return k

    def region_rows(self) -> None:
        """A table flattened from a PDF prints its row labels one to a line: places that
        stand alone on their lines, several close together, are the regions its figures
        are broken down by."""
        rules = self.rules
        rows = []  # (line number, start, end)
        for n, (s, e) in enumerate(self.lines):
            name = self.text[s:e].strip(" \t\u3000")
            if name in rules.places or rules.admin_suffix.fullmatch(name):
                k = self.text.index(name, s)
                rows.append((n, k, k + len(name)))
        w = rules.region_row_min
        for i, (n, s, e) in enumerate(rows):
            near = [
                r
                for r in rows[max(0, i - w) : i + w + 1]
                if abs(r[0] - n) <= rules.region_row_window
            ]
            if len(near) >= rules.region_row_min:
                self.add(s, e, "Region", self.text[s:e], rules.region_row_id, STRENGTH_PATTERN)

    def partner_lists(self) -> None:
        """与小米、理想汽车等车企合作, 与华为、阿里云合作: the partners are organisations."""
        rules = self.rules
        text = self.text
        for m in rules.partner_list.finditer(text):
            s, e = m.span(1)
            members = []
            pos = s
            for part in re.split(r"(、|和|及|以及)", text[s:e]):
                if part in ("、", "和", "及", "以及"):
                    pos += len(part)
                    continue
                members.append((pos, pos + len(part)))
                pos += len(part)
            if len(members) < rules.partner_min:
                continue
            good: list[tuple[int, int, str]] = []
            for ms, me in members:
                name = text[ms:me]
                entry = rules.lexicon.get(normalize_name(name))
                if entry is not None and entry.kind not in ("Organization", "Bank"):
                    good = []
                    break
                if not (2 <= len(name) <= 10) or not all(_is_name_char(ch) for ch in name):
                    good = []
                    break
                if (
                    self.generic(name)
                    or self.all_modifiers(name)
                    or name.endswith(rules.partner_not_last)
                    or any(w in name for w in rules.self_words)
                    or any(len(w) > 1 and w in rules.boundary_words for w in self.pieces(ms, me))
                    or not self.t.boundary(ms)
                ):
                    good = []
                    break
                if entry is None:
                    good.append((ms, me, name))
            for ms, me, name in good:
                self.add(ms, me, "Organization", name, rules.partner_id, STRENGTH_PATTERN)

    def subsidiary_names(self) -> None:
        """Group companies: 子公司兴银理财、兴业基金; 附属公司…有限公司（「简称」）; a listed
        bank's company with a country in brackets (中国工商银行（马来西亚）有限公司)."""
        rules = self.rules
        text = self.text
        for m in rules.subsidiary_cues.finditer(text):
            pos = m.end()
            for _ in range(6):
                end = pos
                while end < len(text) and end - pos < rules.subsidiary_max:
                    ch = text[end]
                    if not _is_name_char(ch) or ch in "、和及与":
                        break
                    if (
                        end > pos + 1
                        and end in self.t.bounds
                        and any(
                            text.startswith(w, end) and self.t.boundary(end + len(w))
                            for w in rules.boundary_words
                            if len(w) > 1
                        )
                    ):
                        break
                    end += 1
                reach = text[pos : pos + rules.subsidiary_max]
                reach = reach[: next((k for k, ch in enumerate(reach) if ch in PUNCT), len(reach))]
                co = next((c for c in rules.company_ends if c in reach), None)
                if co is not None:
                    end = pos + reach.index(co) + len(co)
                name = text[pos:end]
                if len(name) < 3 or self.generic(name) or name[0] in FUNCTION_CHARS:
                    break
                self.add(pos, end, "Subsidiary", name, rules.subsidiary_id, STRENGTH_STRONG)
                if text[end : end + 1] not in ("、", "和", "及"):
                    break
                pos = end + 1
        bank_names = _alternation(b for b in load_lexicon() if load_lexicon()[b].kind == "Bank")
        pattern = re.compile(
            rf"({bank_names})[（(]([\u4e00-\u9fff]{{2,6}})[）)](?:{_alternation(rules.company_ends)})"
        )
        own = next((b for b in banks() if b.name == self.bank), None)
        family = {self.bank, own.parent if own else None} - {None}
        for m in pattern.finditer(text):
            entry = rules.lexicon.get(normalize_name(m.group(1)))
            bank = next((b for b in banks() if entry and b.name == entry.name), None)
            if bank is None or m.group(2) not in rules.places:
                continue
            ours = bank.name in family or bank.parent in family
            kind = "Subsidiary" if ours else "Organization"
            self.add(
                m.start(), m.end(), kind, m.group(0), rules.bracket_company_id, STRENGTH_STRONG
            )

    # -- after selection -----------------------------------------------------------
    def versions(self, chosen: list[_Prop]) -> list[_Prop]:
        rules = self.rules
        text = self.text
        extra: list[_Prop] = []
        for p in chosen:
            if p.kind != "Product":
                continue
            lead = p.end
            end = self.version_end(p.end)
            if end is None:
                # 「兴e贷」5.0版本, 浦发银行App 12.0, …App升级至9.0版本: the number only
                m = rules.version_lead.match(text, p.end)
                lead = m.end() if m else p.end
                end = self.version_end(lead, number_only=True) if m else None
            if end is not None:
                extra.append(
                    _Prop(
                        p.start,
                        end,
                        "Product",
                        p.name + _strip_quotes(text[lead:end]),
                        rules.version_id,
                        STRENGTH_PATTERN,
                    )
                )
            for size in (2, 3, 4):
                s = p.start - size
                word = text[s : p.start] if s >= 0 else ""
                if (
                    len(word) == size
                    and word.endswith("版")
                    and all(_is_han(ch) and ch not in FUNCTION_CHARS for ch in word)
                    and self.t.boundary(s)
                    and word[:-1] not in rules.boundary_words
                ):
                    extra.append(
                        _Prop(
                            s, p.end, "Product", word + p.name, rules.version_id, STRENGTH_PATTERN
                        )
                    )
                    break
        covered = [(p.start, p.end) for p in chosen]
        for m in rules.version_number.finditer(text):
            s = m.start()
            if s == 0 or any(a <= s < b for a, b in covered):
                continue
            if rules.version_not_after.match(text, m.end()):
                continue
            if not (_is_han(text[s - 1]) or text[s - 1].isalpha()):
                continue
            start = self.left_start(s, 6)
            if s - start < 2 or self.generic(text[start:s]) or not _is_han(text[start]):
                continue
            if any(a < s and b > start for a, b in covered):
                continue
            end = self.version_end(s, number_only=False) or m.end()
            extra.append(
                _Prop(start, s, "Product", text[start:s], rules.version_base_id, STRENGTH_WEAK)
            )
            extra.append(
                _Prop(start, end, "Product", text[start:end], rules.version_id, STRENGTH_PATTERN)
            )
        return extra

    def version_end(self, pos: int, number_only: bool = False) -> int | None:
        """The end of a version number or edition right after ``pos`` (10.0, 县域版,
        “适老版”), or None."""
        rules = self.rules
        text = self.text
        close = QUOTE_PAIRS.get(text[pos : pos + 1])
        if close and not number_only:
            k = text.find(close, pos + 1, pos + 10)
            inner = text[pos + 1 : k] if k > 0 else ""
            if inner.endswith("版") and 2 <= len(inner) <= 7 and all(_is_han(ch) for ch in inner):
                return k + 1
        end = None
        m = rules.version_number.match(text, pos)
        if m and not rules.version_not_after.match(text, m.end()):
            end = m.end()
        e = rules.edition.match(text, end if end is not None else pos)
        if e and not number_only:
            stem = e.group(0)
            if not any(w in stem for w in ("、", "等")) and all(
                piece not in rules.boundary_words for piece in self.pieces(e.start(), e.end())
            ):
                end = e.end()
        return end

    def pieces(self, s: int, e: int) -> list[str]:
        out = []
        pos = s
        while pos < e:
            nxt = min(self.next_bound(pos), e)
            out.append(self.text[pos:nxt])
            pos = nxt
        return out

    def appositions(self, chosen: list[_Prop]) -> list[_Prop]:
        rules = self.rules
        text = self.text
        extra = []
        taken = {(p.start, p.end) for p in chosen}
        for p in chosen:
            if p.kind in ("Bank",):
                continue
            pos = p.end
            while pos < len(text) and text[pos] in CLOSERS:
                pos += 1
            if text[pos : pos + 1] in ("（", "("):
                close = "）" if text[pos] == "（" else ")"
                k = text.find(close, pos + 1, pos + rules.apposition_max + 4)
                if k < 0:
                    continue
                s, e = pos + 1, k
                while s < e and text[s] in QUOTE_CHARS:
                    s += 1
                while e > s and text[e - 1] in QUOTE_CHARS:
                    e -= 1
            elif text.startswith("——", pos):
                s = pos + 2
                e = s
                while e < len(text) and text[e] not in PUNCT and e - s < rules.apposition_max:
                    e += 1
                if e - s >= rules.apposition_max:
                    continue
            else:
                continue
            inner = text[s:e]
            if len(inner) < 2 or inner.isdigit() or any(w in inner for w in rules.apposition_not):
                continue
            if any(ch in PUNCT for ch in inner) or (s, e) in taken:
                continue
            if not (inner.isascii() or all(_is_name_char(ch, True) for ch in inner)):
                continue
            extra.append(_Prop(s, e, p.kind, inner, rules.apposition_id, STRENGTH_PATTERN))
        return extra

    def backrefs(self, chosen: list[_Prop]) -> list[_Prop]:
        """Names already typed in this document, where they recur without their cue."""
        text = self.text
        names: dict[str, tuple[str, str]] = {}
        for p in chosen:
            if p.kind == "Bank" or p.rule.startswith("entity.lexicon"):
                continue
            if len(p.name) >= 3 and p.name in text:
                names.setdefault(p.name, (p.kind, "entity.backref"))
            if p.kind == "Branch":
                pm = self.rules.place_pattern.match(p.name)
                if pm and len(p.name) - pm.end() >= 4:
                    names.setdefault(p.name[pm.end() :], ("Branch", "entity.backref.short"))
        if not names:
            return []
        occupied = sorted((p.start, p.end) for p in chosen)
        starts = [a for a, _ in occupied]
        extra = []
        pattern = re.compile(_alternation(names))
        for m in pattern.finditer(text):
            s, e = m.start(), m.end()
            k = bisect.bisect_right(starts, e) - 1
            if any(a < e and s < b for a, b in occupied[max(0, k - 8) : k + 1]):
                continue
            if not (self.t.boundary(s) and self.head_ends(e)):
                continue
            kind, rule = names[m.group(0)]
            extra.append(_Prop(s, e, kind, m.group(0), rule, STRENGTH_PATTERN))
        return extra

    # -- refinements of chosen spans ---------------------------------------------------
    def outside_non_prose(self, props: list[_Prop]) -> list[_Prop]:
        """Drop spans inside a web or e-mail address: scraped pages print links
        (…/InquireAndUpload/Login) whose pieces look like Latin brand names."""
        spans = [(m.start(), m.end()) for m in self.rules.non_prose.finditer(self.text)]
        if not spans:
            return props
        return [p for p in props if not any(a < p.end and p.start < b for a, b in spans)]

    def refine_leads(self, chosen: list[_Prop]) -> list[_Prop]:
        """A name found by a pattern does not begin with a verb, adverb, preposition,
        conjunction or pronoun (顺应对公客户, 已列入某某部, 可使用某某App): those words
        are dropped from its front; a name left generic or too short is no name."""
        trim = self.rules.lead_trim
        out = []
        for p in chosen:
            if not p.rule.startswith(trim.rules):
                out.append(p)
                continue
            start = self.lead_start(p)
            if start == p.start:
                out.append(p)
                continue
            name = self.text[start : p.end]
            if len(name) < 2 or self.generic(name) or name in self.rules.generic:
                if p.kind != "Product":
                    continue  # 调整客群, 发挥委员会: a verb and its object
                out.append(p)  # 抵押贷, 质押贷款: the verb is the product's kind
                continue
            out.append(replace(p, start=start, name=display_name(name)))
        return out

    def one_kind_per_name(self, chosen: list[_Prop]) -> list[_Prop]:
        """A thing has one kind in a document: where one name was typed by its head word
        (“…”战略, …业务部) or the lexicon and elsewhere only by a cue (升级“…”), the
        more authoritative rule's kind holds for every mention of it."""
        authority = self.rules.kind_authority

        def rank(p: _Prop) -> int:
            return next(
                (i for i, prefix in enumerate(authority) if p.rule.startswith(prefix)),
                len(authority),
            )

        best: dict[str, _Prop] = {}
        for p in chosen:
            if p.kind != "Bank" and (p.name not in best or rank(p) < rank(best[p.name])):
                best[p.name] = p
        out = []
        for p in chosen:
            b = best.get(p.name)
            if (
                b is not None
                and b.kind != p.kind
                and rank(b) < rank(p)
                and rank(b) < len(authority)
            ):
                p = replace(p, kind=b.kind)
            out.append(p)
        return out

    def list_siblings(self, chosen: list[_Prop]) -> list[_Prop]:
        """Coordination: the members of one 、-list are things of one kind. Where the
        named members of a list agree on a kind, an unnamed member bounded by the list's
        marks (甲电信、乙大哥大、丙电信) takes that kind too."""
        rules = self.rules
        text = self.text
        by_span = {(p.start, p.end): p for p in chosen}
        by_end: dict[int, list[tuple[int, int]]] = defaultdict(list)
        by_start: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for x in by_span:
            by_start[x[0]].append(x)
            by_end[x[1]].append(x)
        taken = bytearray(len(text) + 1)
        for p in chosen:
            taken[p.start : p.end] = b"\1" * (p.end - p.start)
        extra: list[_Prop] = []
        for m in SIBLING_LIST.finditer(text):
            pieces, pos = [], m.start()
            for part in m.group(0).split("、"):
                pieces.append((pos, pos + len(part)))
                pos += len(part) + 1
            members = [
                self.list_member(a, b, i, len(pieces), by_start, by_end)
                for i, (a, b) in enumerate(pieces)
            ]
            kinds = {by_span[x].kind for x in members if x in by_span}
            known = sum(x in by_span for x in members)
            if len(kinds) != 1 or known < 1 or known * 3 < len(members):
                continue
            kind = kinds.pop()
            if kind not in rules.sibling_kinds:
                continue
            for a, b in members:
                if (a, b) in by_span or any(taken[a:b]) or not self.sibling_name(a, b):
                    continue
                extra.append(_Prop(a, b, kind, text[a:b], rules.sibling_id, STRENGTH_WEAK))
        return extra

    def list_member(
        self,
        a: int,
        b: int,
        i: int,
        n: int,
        by_start: dict[int, list[tuple[int, int]]],
        by_end: dict[int, list[tuple[int, int]]],
    ) -> tuple[int, int]:
        """The span of the i-th of n pieces of a list: a chosen name (looked up by where
        it starts or ends) that ends the first piece or starts the last one, else the piece
        itself, cut before 等 and the like."""
        if i == 0:
            named = [x for x in by_end.get(b, ()) if a <= x[0]]
            return min(named) if named else (b, b)
        if i == n - 1:
            named = [x for x in by_start.get(a, ()) if x[1] <= b]
            if named:
                return max(named)
            cut = min(
                (k for w in self.rules.sibling_ends if (k := self.text.find(w, a, b)) > a),
                default=b,
            )
            return (a, cut) if cut < b else (b, b)
        return (a, b)

    def sibling_name(self, a: int, b: int) -> bool:
        """Whether a list member looks like a name: short, made of name characters, not
        generic, not opened by a function word, with no number or verb in it."""
        name = self.text[a:b]
        return (
            2 <= len(name) <= self.rules.sibling_max
            and all(_is_name_char(ch, True) for ch in name)
            and not self.generic(name)
            and self.text[a : self.next_bound(a)] not in self.rules.lead_trim.words
            and self.tags[a] not in self.rules.lead_trim.tags
            and self.t.boundary(a)
            and self.t.boundary(b)
            and not any(self.tags[i] in ("m", "mq", "q", "v", "vn", "vd") for i in range(a, b))
        )

    def branch_names(self, chosen: list[_Prop]) -> list[_Prop]:
        """湖北省分行 and 湖北分行 are one branch: its name drops the place's
        administrative word (省, 市, 自治区); the printed form stays as an alias. An
        award's name drops the word that only classifies it (…荣誉称号)."""
        out = []
        for p in chosen:
            m = self.rules.admin_suffix.match(p.name) if p.kind == "Branch" else None
            if m and len(p.name) - m.end() >= 2:
                p = replace(p, name=m.group(1) + p.name[m.end() :])
            if p.kind == "Award":
                tail = next((w for w in self.rules.award_classifiers if p.name.endswith(w)), "")
                if tail and len(p.name) - len(tail) >= 4 and self.text.endswith(tail, 0, p.end):
                    p = replace(p, end=p.end - len(tail), name=p.name[: -len(tail)])
            out.append(p)
        return out

    def lead_start(self, p: _Prop) -> int:
        """Where ``p``'s name starts once its leading function words are dropped."""
        trim = self.rules.lead_trim
        start = p.start
        while start < p.end:
            end = min(self.next_bound(start), p.end)
            word, tag = self.text[start:end], self.tags[start]
            if word not in trim.words and tag not in trim.tags:
                break
            start = end
        return start

    # -- selection -------------------------------------------------------------------
    @staticmethod
    def select(props: list[_Prop]) -> list[_Prop]:
        """Longest first, then strongest; a span overlapping a chosen one is dropped."""
        order = sorted(props, key=lambda p: (-(p.end - p.start), -p.strength, p.start, p.kind))
        chosen: list[_Prop] = []
        taken = bytearray()
        for p in order:
            if len(taken) < p.end:
                taken.extend(b"\0" * (p.end - len(taken)))
            if any(taken[p.start : p.end]):
                continue
            chosen.append(p)
            taken[p.start : p.end] = b"\1" * (p.end - p.start)
        return chosen

    def run(self) -> tuple[tuple[Mention, ...], tuple[Candidate, ...]]:
        self.self_references()
        self.lexicon()
        self.quoted_names()
        self.bylines()
        self.prefixes()
        self.award_names()
        self.suffix_names()
        self.enumerations()
        self.copulas()
        self.latin_brands()
        self.app_names()
        self.latin_products()
        self.business_lines()
        self.partner_lists()
        self.question_topics()
        self.page_titles()
        self.subsidiary_names()
        self.regions()
        self.region_rows()
        if self.consumed:
            inside = bytearray(len(self.text) + 1)
            for a, b in self.consumed:
                inside[a:b] = b"\1" * (b - a)
            self.props = [
                p
                for p in self.props
                if not (
                    p.strength == STRENGTH_LEXICON
                    and p.kind != "Bank"
                    and all(inside[p.start : p.end])
                )
            ]
        self.props = self.outside_non_prose(self.props)
        chosen = self.select(self.props)
        chosen = self.select(chosen + self.appositions(chosen))
        chosen = chosen + self.backrefs(chosen)
        chosen = self.branch_names(self.refine_leads(self.select(chosen)))
        chosen = self.one_kind_per_name(chosen + self.list_siblings(chosen))
        versions = self.versions(chosen)
        editions = [
            (p.start, p.end)
            for p in versions
            if p.rule == self.rules.version_id and self.text[p.end - 1 : p.end] in CLOSERS
        ]
        chosen = [
            p
            for p in chosen
            if not any(a < p.start and p.end <= b and p.kind == "Product" for a, b in editions)
        ] + versions
        unique = {(p.start, p.end, p.kind): p for p in chosen}
        mentions = [
            self.mention(p) for p in sorted(unique.values(), key=lambda p: (p.start, -p.end))
        ]
        return tuple(mentions), self.candidates(chosen)

    def mention(self, p: _Prop) -> Mention:
        vs, ve = self.t.view_span(p.start, p.end)
        span = self.ctx.span(vs, ve)
        return Mention(span.quote, p.name, p.kind, span, self.ctx.sentence_at(vs), p.rule)

    def candidates(self, chosen: list[_Prop]) -> tuple[Candidate, ...]:
        covered = bytearray(len(self.text) + 1)
        for p in chosen:
            covered[p.start : p.end] = b"\1" * (p.end - p.start)
        out = []
        seen = set()
        for s, e, kind, name, rule in self.cands:
            if all(covered[s:e]) or (name, rule) in seen:
                continue
            first = self.text[s : self.next_bound(s)]
            if any(ch in "（）()" for ch in name) or first in self.rules.boundary_words:
                continue
            seen.add((name, rule))
            vs, _ = self.t.view_span(s, e)
            sentence = (
                self.ctx.sentences[self.ctx.sentence_at(vs)].text if self.ctx.sentences else ""
            )
            out.append(Candidate(display_name(name), kind, rule, self.ctx.document.name, sentence))
        return tuple(out)


def recognize(
    ctx: TextContext, rules: EntityRules, pos: PosWords | None = None
) -> tuple[tuple[Mention, ...], tuple[Candidate, ...]]:
    """Mentions of every kind in one document, and the review queue of its weak spans.

    ``pos`` are the view's part-of-speech words as the kg_pos component leaves them on
    the Doc (:func:`tag_view`); without them the text is tagged here."""
    if not ctx.view.text:
        return (), ()
    return _Recognizer(ctx, rules, pos).run()
