"""The rule table of relations (``kg/rules/relations.yaml``) read into frozen rules:
trigger patterns compiled over the kind skeleton, the kinds each relation joins, the
cues that qualify a statement and the structure rules. A malformed row is a
:class:`RuleError` that names it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from kg.grammar import RuleTableError, check_ids, load_table
from kg.kinds import names
from kg.models import ENTITY_KINDS

UNIT_KINDS = frozenset(names("unit"))
"""The kinds that are a bank's units: they act, head sections and are credited with work."""
KIND_CHAR: dict[str, str] = {kind: chr(0xE000 + i) for i, kind in enumerate(ENTITY_KINDS)}


REQUIRED_MACROS = ("list_sep", "launch")
"""The macros the loader itself uses: list_sep joins the members of a ``{X*}`` slot,
launch is the verb that introduces what a rule's ``launched_*`` place looks for."""


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
    mutual: bool = False
    needs: frozenset[str] | None = None
    """Characters of which every match of ``pattern`` holds one (:func:`needed_chars`):
    a unit with none of them is not searched."""


@dataclass(frozen=True)
class ListItems:
    id: str
    marker: re.Pattern[str]
    verbs: re.Pattern[str]
    ordinals: str
    item_word: str


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
    possessive: str
    label: re.Pattern[str]
    """A product page's section label (【产品特点】, 适用对象：)."""
    audience: re.Pattern[str]
    """A label over whom the product is for (【适合客户】): no partners are named there."""
    not_partner_rules: tuple[str, ...]
    store_after: re.Pattern[str]
    """The rules that name the state's bodies: where an answer sends the reader (a ministry
    that issues a record), no partner of the product."""


@dataclass(frozen=True)
class Lead:
    id: str
    verbs: re.Pattern[str]
    max_chars: int
    sentences: int
    not_parts: re.Pattern[str] | None = None
    frame: re.Pattern[str] | None = None
    """A lead strategy named by a count (五篇大文章): its aspects are its parts."""
    aspect_id: str = ""


@dataclass(frozen=True)
class Label:
    id: str
    kinds: frozenset[str]
    numbered: re.Pattern[str]


@dataclass(frozen=True)
class Agent:
    id: str
    head_office: str
    unit_prefixes: tuple[str, ...] = ()


@dataclass(frozen=True)
class NameRules:
    version_id: str
    version_marker: re.Pattern[str]
    edition_prefix: re.Pattern[str]
    numbered: re.Pattern[str]
    synthesize_base: bool
    edition_before_id: str
    list_id: str
    acronym_id: str
    acronym_numerals: str
    list_separator: str
    part_id: str
    part_max_suffix: int
    part_not_suffixes: frozenset[str]
    part_separators: str
    part_max_separated: int
    part_platform_tails: tuple[str, ...]
    scope_id: str
    scope_suffixes: tuple[str, ...]
    scope_min_core: int
    segment_id: str
    segment_joiners: tuple[str, ...]
    partner_id: str
    partner_min_chars: int
    frame_id: str
    frame_heads: tuple[str, ...]
    expansion_id: str
    scope_min_tail: int = 0


@dataclass(frozen=True)
class RelationRules:
    signatures: dict[str, frozenset[tuple[str, str]]]
    serves: dict[tuple[str, str], str]
    agent_kinds: frozenset[str]
    not_objects: dict[str, frozenset[str]]
    self_rules: frozenset[str]
    self_section_kinds: frozenset[str]
    negation: re.Pattern[str]
    planned: re.Pattern[str]
    respectively: re.Pattern[str]
    edition: re.Pattern[str]
    unnamed_subject: re.Pattern[str]
    unnamed_clause: re.Pattern[str]
    award_frame: re.Pattern[str]
    award_event: re.Pattern[str]
    launch: re.Pattern[str]
    launch_described: re.Pattern[str]
    """A launch verb and a few words describing what it launches (打造数字普惠智能体“某某”)."""
    joint: re.Pattern[str]
    triggers: tuple[Trigger, ...]
    byline: Byline
    heading: Heading
    topic: Topic
    lead: Lead
    label: Label
    list_items: ListItems
    agent: Agent
    names: NameRules
    line_words: re.Pattern[str] = re.compile("(?!)")

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
    sep = macros["list_sep"]

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


def needed_chars(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Characters of which every match of ``pattern`` holds one, or None when the parse
    shows no such set: read from the parsed pattern, a character or a class of plain
    characters that the pattern's sequence cannot skip (not optional, not in a lookaround,
    in every branch of an alternation), the kind placeholders first (the rarest), then the
    smallest set. Ignoring case, none is claimed."""
    if pattern.flags & re.IGNORECASE:
        return None
    return _needed(sre_parse.parse(pattern.pattern, pattern.flags))


def _needed(items: Any) -> frozenset[str] | None:
    found = []
    for op, av in items:
        need: frozenset[str] | None = None
        if op is sre_parse.LITERAL:
            need = frozenset(chr(av))
        elif op is sre_parse.IN:
            if all(o is sre_parse.LITERAL for o, _ in av):
                need = frozenset(chr(a) for _, a in av)
        elif op is sre_parse.SUBPATTERN:
            if not av[1] & re.IGNORECASE:
                need = _needed(av[3])
        elif op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, sre_parse.POSSESSIVE_REPEAT):
            if av[0] >= 1:
                need = _needed(av[2])
        elif op is sre_parse.BRANCH:
            alts = [_needed(alt) for alt in av[1]]
            if all(alts):
                need = frozenset().union(*alts)  # type: ignore[arg-type]
        elif op is sre_parse.ATOMIC_GROUP:
            need = _needed(av)
        if need:
            found.append(need)
    if not found:
        return None
    kinds = set(KIND_CHAR.values())
    return min(found, key=lambda chars: (not chars <= kinds, len(chars), sorted(chars)))


def _opt(pattern: str | None) -> re.Pattern[str] | None:
    return re.compile(pattern) if pattern else None


def _kinds(kinds: list[str] | None) -> frozenset[str] | None:
    return frozenset(kinds) if kinds else None


def load_rules(data: dict[str, Any] | None = None) -> RelationRules:
    """The rule table (``kg/rules/relations.yaml`` unless ``data`` is given)."""
    if data is None:
        data = load_table("relations.yaml")
    macros = {k: str(v) for k, v in data.get("macros", {}).items()}
    for name in REQUIRED_MACROS:
        if name not in macros:
            raise RuleError(f"relations.yaml: macro {name!r} is missing")
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
        pattern = compile_pattern(row["pattern"], macros, where)
        triggers.append(
            Trigger(
                id=row["id"],
                predicate=row["predicate"],
                pattern=pattern,
                needs=needed_chars(pattern),
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
                mutual=bool(row.get("mutual", False)),
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
        not_objects={p: frozenset(r) for p, r in (data.get("not_objects") or {}).items()},
        self_rules=frozenset((data.get("self_in_section") or {}).get("rules", ())),
        self_section_kinds=frozenset((data.get("self_in_section") or {}).get("kinds", ())),
        negation=re.compile(data["cues"]["negation"]),
        planned=re.compile(data["cues"]["planned"]),
        respectively=re.compile(data["cues"]["respectively"]),
        edition=re.compile(data["cues"]["edition"]),
        unnamed_subject=re.compile(data["cues"]["unnamed_subject"]),
        unnamed_clause=re.compile(data["cues"]["unnamed_clause"]),
        award_frame=re.compile(data["cues"]["award_frame"]),
        award_event=re.compile(data["cues"]["award_event"]),
        launch=re.compile(f"(?:{macros['launch']})$"),
        launch_described=re.compile(f"(?:{macros['launch']})[\u4e00-\u9fff]{{2,8}}$"),
        joint=re.compile(data["cues"]["joint"]),
        line_words=re.compile(data["cues"].get("line_words", "(?!)")),
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
            str(tp["possessive"]),
            re.compile(tp["label"], re.M),
            re.compile(tp["audience"]),
            tuple(tp["not_partner_rules"]),
            re.compile(tp["store_after"]),
        ),
        lead=Lead(
            ld["id"],
            re.compile(f"(?:{ld['verbs']})[^\ue000-\uf8ff，。；：]{{0,3}}$"),
            int(ld["max_chars"]),
            int(ld["sentences"]),
            _opt(ld.get("not_parts")),
            _opt(ld.get("frame")),
            ld.get("aspect_id", ""),
        ),
        label=Label(
            st["label"]["id"], frozenset(st["label"]["kinds"]), re.compile(st["label"]["numbered"])
        ),
        list_items=ListItems(
            li["id"],
            re.compile(li["marker"]),
            re.compile(li["verbs"]),
            str(li["ordinals"]),
            str(li["item_word"]),
        ),
        agent=Agent(
            st["agent"]["id"],
            str(st["agent"]["head_office"]),
            tuple(st["agent"].get("unit_prefixes", ())),
        ),
        names=NameRules(
            version_id=nm["version"]["id"],
            version_marker=re.compile(f"(?:{nm['version']['marker']})"),
            edition_prefix=re.compile(f"(?:{nm['version']['edition_prefix']})"),
            numbered=re.compile(r"(?P<base>.{2,}?)\s*[Vv]?\d+(?:\.\d+)+"),
            synthesize_base=bool(nm["version"].get("synthesize_base", False)),
            edition_before_id=nm["edition_before"]["id"],
            list_id=nm["list_name"]["id"],
            acronym_id=nm["acronym"]["id"],
            acronym_numerals=str(nm["acronym"]["numerals"]),
            list_separator=str(nm["list_name"]["separator"]),
            part_id=nm["part"]["id"],
            part_max_suffix=int(nm["part"]["max_suffix"]),
            part_not_suffixes=frozenset(nm["part"].get("not_suffixes", ())),
            part_separators=str(nm["part"].get("separators", "")),
            part_max_separated=int(nm["part"].get("max_separated_suffix", 0)),
            part_platform_tails=tuple(nm["part"]["platform_tails"]),
            scope_id=nm["department_scope"]["id"],
            scope_suffixes=tuple(nm["department_scope"]["suffixes"]),
            scope_min_core=int(nm["department_scope"]["min_core"]),
            scope_min_tail=int(nm["department_scope"].get("min_tail", 0)),
            segment_id=nm["segment_product"]["id"],
            segment_joiners=tuple(nm["segment_product"]["joiners"]),
            frame_id=nm["listed_frame"]["id"],
            frame_heads=tuple(sorted(nm["listed_frame"]["heads"], key=len, reverse=True)),
            expansion_id=nm["expansion"]["id"],
            partner_id=nm["partner_brand"]["id"],
            partner_min_chars=int(nm["partner_brand"]["min_chars"]),
        ),
    )
