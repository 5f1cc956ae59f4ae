"""Entity resolution: one node per real-world thing across documents and scripts.

Mentions resolve by kind and a canonical form of their name, then linked forms are
merged:

- the canonical form is the normalised name (simplified, half-width, unquoted, no
  blanks: 手機銀行 = 手机银行), mapped through the curated lexicons (人行 = 人民银行),
  without a classifying head (“第一个人金融银行”战略 = 第一个人金融银行), and for
  products without the bank's own brand prefix or an audience prefix (工银e生活 =
  e生活, 个人手机银行 = 手机银行);
- within one document, a short form merges into the one long form of the same kind
  it abbreviates: its characters appear in order in the long form, starting with the
  same character (个金部 = 个人金融业务部, 网金条线 = 网络金融部, 私银客户 = 私人银行
  客户), or it is the long form minus a leading qualifier for branches, departments
  and initiatives (软件园支行 = 厦门软件园支行), or a list member standing for its
  group (建工 = 建工客群). A business segment (个金板块) spans several departments and
  merges into none. An ambiguous short form (two possible long forms)
  merges into neither. Products never merge by abbreviation: 手机银行10.0 and
  数字信用卡 are their own things, not 手机银行 or 信用卡;
- across documents, a business line joins the one department of its bank that it names
  or abbreviates (银行卡条线 = 银行卡业务部, 网金条线 = 网络金融部);
- within one document, a name in brackets or after a dash right after a name of the
  same kind is its alias (e支付（工银二维码支付）).

Things a bank owns (products, departments, branches, strategies, initiatives) are
scoped by the bank of the document that mentions them: 民生银行's 手机银行 is not
工商银行's; awards are scoped by their giver. Banks resolve through the bank lexicon;
a bank that no document speaks for is an outside Organization. Self references (本行,
我行) resolve to the document's bank but are not its aliases.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

from kg.banks import Bank, banks, lookup
from kg.grammar import NAME_QUOTES, check_ids, load_table
from kg.iris import entity_slug
from kg.kinds import kinds
from kg.models import Alias, DocumentExtraction, Entity, Mention, Observation
from kg.normalize import normalize_name, script_of_name

BANK_SCOPED = frozenset(k.name for k in kinds() if k.bank_scoped)
SELF_RULE = "entity.self_reference"
CLASSIFIERS = {k.name: k.classifiers for k in kinds() if k.classifiers}
QUOTE_OR_BLANK = r"[\s" + NAME_QUOTES + "]"
APPOSITION_SEPARATORS = ("（", "(", "——", "—", "－－", "--")


@dataclass(frozen=True)
class Spelling:
    kind: str
    old: str
    new: str
    min_length: int


@dataclass(frozen=True)
class ResolveRules:
    """The words of ``kg/rules/resolve.yaml`` (see its comments)."""

    audience_prefixes: tuple[str, ...]
    department_heads: tuple[str, ...]
    spanning_heads: frozenset[str]
    loose_heads: frozenset[str]
    line_head: str
    department_only_heads: frozenset[str]
    segment_heads: tuple[str, ...]
    platform_tails: tuple[str, ...]
    spellings: tuple[Spelling, ...]
    apposition_cues: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def rules() -> ResolveRules:
    """Read ``kg/rules/resolve.yaml`` (once)."""
    data = load_table("resolve.yaml")
    check_ids([data[k] for k in sorted(data)], "resolve.yaml")
    dep = data["departments"]
    return ResolveRules(
        audience_prefixes=tuple(data["audience"]["prefixes"]),
        department_heads=tuple(dep["heads"]),
        spanning_heads=frozenset(dep["spanning"]),
        loose_heads=frozenset(dep["loose"]),
        line_head=str(dep["line"]),
        department_only_heads=frozenset(dep["department"]),
        segment_heads=tuple(data["segments"]["heads"]),
        platform_tails=tuple(data["platforms"]["tails"]),
        spellings=tuple(
            Spelling(r["kind"], r["from"], r["to"], int(r["min_length"]))
            for r in data["spellings"]["rows"]
        ),
        apposition_cues=tuple(data["appositions"]["cues"]),
    )


@dataclass(frozen=True)
class Resolution:
    """Entities by key, and the key each mention resolved to."""

    entities: dict[str, Entity]
    mention_keys: dict[Mention, str]
    doc_banks: dict[str, str | None]
    merges: tuple[tuple[str, str, str], ...] = field(default=())
    hashed_keys: HashedKeys | None = None
    """After :meth:`compact`: each mention's key by the mention's hash (no mention held)."""

    def entity_of(self, mention: Mention) -> Entity:
        if self.hashed_keys is not None:
            return self.entities[self.hashed_keys[hash(mention)]]
        return self.entities[self.mention_keys[mention]]

    def compact(self) -> Resolution:
        """The same answers for every mention resolved here, holding none of them (a
        build of many documents keeps its resolution while it maps them one at a time):
        each key is found by the mention's hash, and the entities keep no mentions. Two
        mentions of different entities with one hash (never seen) keep the whole table."""
        hashed: dict[int, str] = {}
        for mention, key in self.mention_keys.items():
            if hashed.setdefault(hash(mention), key) != key:
                return self
        entities = {k: replace(e, mentions=()) for k, e in self.entities.items()}
        return Resolution(entities, {}, self.doc_banks, self.merges, HashedKeys(hashed))

    def bank_entity(self, doc: str) -> Entity | None:
        bank = self.doc_banks.get(doc)
        return self.entities.get(bank_key(bank)) if bank else None

    def subject_of(self, obs: Observation) -> Entity | None:
        """What a figure is about: its subject, else the bank of its document."""
        if obs.subject is not None:
            return self.entity_of(obs.subject)
        return self.bank_entity(obs.span.doc)


class HashedKeys:
    """Keys by hash, as :meth:`Resolution.compact` keeps them for every mention of a build:
    the hashes sorted in one array of machine integers, beside the number of each one's
    key in another, and every distinct key once. A dict of them held an int object and a
    table slot per mention (~100 bytes; ~20 MB over a thousand documents), these 12."""

    __slots__ = ("_hashes", "_keys", "_which")

    def __init__(self, keys: dict[int, str]) -> None:
        numbers: dict[str, int] = {}
        for key in keys.values():
            numbers.setdefault(key, len(numbers))
        order = sorted(keys)
        self._hashes = array("q", order)
        self._which = array("i", [numbers[keys[h]] for h in order])
        self._keys = tuple(numbers)

    def __len__(self) -> int:
        return len(self._hashes)

    def __getitem__(self, hashed: int) -> str:
        at = bisect_left(self._hashes, hashed)
        if at == len(self._hashes) or self._hashes[at] != hashed:
            raise KeyError(hashed)
        return self._keys[self._which[at]]


def bank_key(name: str) -> str:
    return f"Bank||{normalize_name(name)}"


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, tuple[str, str]]:
    from kg.entities import load_lexicon

    return {k: (v.name, v.kind) for k, v in load_lexicon().items() if v.kind != "Bank"}


@cache
def _brand_prefixes(bank_name: str | None) -> tuple[str, ...]:
    """The brand a bank puts before its products' names. A bank the lexicon does not list
    brands them with its own name short of 银行 (某山银行 -> 某山行动银行 = 行动银行)."""
    for bank in banks():
        if bank.name == bank_name:
            return tuple(
                sorted(set(bank.group_prefixes) & set(bank.product_prefixes), key=len, reverse=True)
            )
    stem = normalize_name(bank_name or "").removesuffix("银行")
    if bank_name and len(stem) >= 2 and len(stem) < len(normalize_name(bank_name)):
        return (stem,)
    return ()


def canonical(kind: str, name: str, doc_bank: str | None = None) -> str:
    """The comparison form of a name of a given kind (see the module docstring)."""
    norm = normalize_name(_unquote(name))
    known = _lexicon().get(norm)
    if known is not None and known[1] == kind:
        return normalize_name(known[0])
    for head in CLASSIFIERS.get(kind, ()):
        if norm.endswith(head) and len(norm) - len(head) >= 2:
            norm = norm[: -len(head)]
            break
    if kind == "Product":
        for prefix in rules().audience_prefixes + _brand_prefixes(doc_bank):
            prefix = normalize_name(prefix)
            if norm.startswith(prefix) and len(norm) - len(prefix) >= 2:
                norm = norm[len(prefix) :]
                break
        known = _lexicon().get(norm)
        if known is not None and known[1] == kind:
            return normalize_name(known[0])
    for spelling in rules().spellings:
        fits = kind == spelling.kind and len(norm) >= spelling.min_length
        if fits and norm.endswith(spelling.old):
            norm = norm[: -len(spelling.old)] + spelling.new
    return norm


def mention_key(mention: Mention, doc_bank: str | None) -> str:
    """The key a mention resolves to before within-document merges."""
    if mention.rule == SELF_RULE:
        return bank_key(doc_bank or mention.name)
    bank = lookup(mention.name)
    if mention.kind in ("Bank", "Organization") and bank is not None:
        return bank_key(bank.name)
    if mention.kind == "Bank":
        return bank_key(mention.name)
    scope = (doc_bank or "") if mention.kind in BANK_SCOPED else ""
    return f"{mention.kind}|{scope}|{canonical(mention.kind, mention.name, doc_bank)}"


def _unquote(text: str) -> str:
    return "".join(ch for ch in text if ch not in NAME_QUOTES)


def alias_text(surface: str) -> str:
    """A surface form as an alias: quotes dropped, blanks inside Chinese removed."""
    text = _unquote(surface).strip()
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])", "", text)


def _strip_head(name: str, heads: tuple[str, ...]) -> tuple[str, str]:
    for head in heads:
        if name.endswith(head) and len(name) > len(head):
            return name[: -len(head)], head
    return name, ""


VERSION_TAIL = re.compile(r"\s*[vV]?\d+(?:\.\d+)*")
"""What a version adds to a name (3.0, V2, 10)."""


def _in_order(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def abbreviates(kind: str, short: str, long: str) -> bool:
    """Whether ``short`` is a short form of ``long`` (both canonical, same kind)."""
    if short == long or len(short) >= len(long) or len(short) < 2:
        return False
    if long.startswith(short) and VERSION_TAIL.fullmatch(long[len(short) :]):
        return False  # e-ICBC3.0 is a version of e-ICBC, not its long form
    words = rules()
    if kind == "Department":
        s_stem, s_head = _strip_head(short, words.department_heads)
        l_stem, l_head = _strip_head(long, words.department_heads)
        if not l_head or l_head in words.spanning_heads:
            return False
        if long.endswith(short) and len(short) >= 4 and s_head:
            return True
        return (
            len(s_stem) >= 2
            and s_stem[0] == l_stem[0]
            and _in_order(s_stem, l_stem)
            and (not s_head or s_head in words.loose_heads or s_head == l_head)
        )
    if kind == "Branch":
        return long.endswith(short) and len(short) >= 4
    if kind in ("Initiative", "Award"):
        return long.endswith(short) and len(short) >= 4
    if kind == "CustomerSegment":
        s_stem, s_head = _strip_head(short, words.segment_heads)
        l_stem, l_head = _strip_head(long, words.segment_heads)
        if not s_head and l_head and s_stem == l_stem:
            return True
        return (
            bool(s_head and l_head)
            and 2 <= len(s_stem) < len(l_stem)
            and s_stem[0] == l_stem[0]
            and not l_stem.startswith(s_stem)
            and _in_order(s_stem, l_stem)
        )
    if kind == "Strategy":
        if not _in_order(short, long):
            return False
        if short[0] == long[0]:
            return True
        return len(short) >= 4 and short[-2:] == long[-2:]
    if kind == "Product":
        return any(long == short + tail for tail in words.platform_tails)
    return False


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _restricted(text: str, start: int) -> bool:
    """Whether the name at ``start`` closes a phrase that restricts it (…的个人客户): a
    short name announced after it (以下简称) names that phrase, a narrower class, not the
    name itself."""
    before = re.sub(QUOTE_OR_BLANK + "+$", "", text[max(0, start - 4) : start])
    return before.endswith("的")


def _appositions(ex: DocumentExtraction, keys: dict[Mention, str]) -> list[tuple[str, str]]:
    text = ex.document.text
    ordered = sorted(ex.mentions, key=lambda m: (m.span.start, -m.span.end))
    pairs = []
    for i, first in enumerate(ordered):
        for second in ordered[i + 1 : i + 4]:
            if second.kind != first.kind or second.span.start < first.span.end:
                continue
            between = re.sub(QUOTE_OR_BLANK, "", text[first.span.end : second.span.start])
            if (
                between[:1] in ("（", "(")
                and normalize_name(between[1:]) in rules().apposition_cues
            ):
                if _restricted(text, first.span.start):
                    continue  # 年收入百万元以上的个人客户（以下简称某客户）: a narrower class
                between = between[:1]  # 某某（以下简称“某”）
            if between not in APPOSITION_SEPARATORS:
                continue
            if between in ("（", "("):
                after = re.sub(
                    "^" + QUOTE_OR_BLANK + "*", "", text[second.span.end : second.span.end + 4]
                )
                if not after.startswith(("）", ")")):
                    continue
            pairs.append((keys[first], keys[second]))
    return pairs


def _abbreviations(
    ex: DocumentExtraction, keys: dict[Mention, str], union: _Union
) -> list[tuple[str, str]]:
    """Merge each short form into the one long form it abbreviates, longest short forms
    first (个金部 joins 个人金融业务部 before 个金 is weighed against both)."""
    by_kind: dict[tuple[str, str], set[str]] = defaultdict(set)
    for m in ex.mentions:
        if m.kind in ("Bank", "Organization", "Region", "Subsidiary"):
            continue
        kind, scope, canon = keys[m].split("|", 2)
        by_kind[(kind, scope)].add(canon)
    pairs = []
    for (kind, scope), names in sorted(by_kind.items()):
        for short, longer in _longer_names(kind, names):
            key = f"{kind}|{scope}|{short}"
            longs = {
                union.find(f"{kind}|{scope}|{long}")
                for long in longer
                if abbreviates(kind, short, long)
            } - {union.find(key)}
            if len(longs) == 1:
                target = longs.pop()
                union.union(key, target)
                pairs.append((key, target))
    return pairs


def _longer_names(kind: str, names: set[str]) -> Iterator[tuple[str, Sequence[str]]]:
    """Each name, longest first, with the names it may abbreviate: only longer ones can
    be (:func:`abbreviates`), and a product only its name with a platform's tail
    (手机银行 of 手机银行App): the pairs that cannot merge are not weighed (a document's
    names pair by pair were half of resolution's time)."""
    ordered = sorted(names, key=lambda n: (-len(n), n))
    tails = rules().platform_tails if kind == "Product" else ()
    bound = 0
    for k, short in enumerate(ordered):
        if k and len(short) != len(ordered[k - 1]):
            bound = k  # the names before this one are the longer ones
        if kind == "Product":
            yield short, [short + tail for tail in tails if short + tail in names]
        else:
            yield short, ordered[:bound]


def _business_lines(keys: Iterable[str], union: _Union) -> list[tuple[str, str]]:
    """Across documents, a business line (网金条线, 银行卡条线) joins the one department of its
    bank it names or abbreviates (网络金融部, 银行卡业务部): reports name the line in one
    place and the department in another. A line that could be two departments joins none."""
    words = rules()
    departments: dict[str, set[str]] = defaultdict(set)
    lines: dict[str, set[str]] = defaultdict(set)
    for key in keys:
        kind, scope, canon = key.split("|", 2)
        if kind != "Department":
            continue
        head = _strip_head(canon, words.department_heads)[1]
        if head == words.line_head:
            lines[scope].add(canon)
        elif head in words.department_only_heads:
            departments[scope].add(canon)
    pairs = []
    for scope in sorted(lines):
        for line in sorted(lines[scope]):
            key = f"Department|{scope}|{line}"
            stem = _strip_head(line, words.department_heads)[0]
            roots = {
                union.find(f"Department|{scope}|{dept}")
                for dept in departments[scope]
                if _strip_head(dept, words.department_heads)[0] == stem
                or abbreviates("Department", line, dept)
            }
            if union.find(key) in roots:
                continue
            if len(roots) == 1:
                target = roots.pop()
                union.union(key, target)
                pairs.append((key, target))
    return pairs


def _doc_bank_names(extractions: list[DocumentExtraction]) -> set[str]:
    names = set()
    for ex in extractions:
        bank = lookup(ex.document.bank) if ex.document.bank else None
        if bank is not None:
            names.add(bank.name)
        elif ex.document.bank:
            names.add(ex.document.bank)
    return names


def _label(mentions: list[Mention], shorts: set[str], keys: dict[Mention, str]) -> str:
    counts = Counter(m.name for m in mentions if m.rule != SELF_RULE)
    full = {m.name for m in mentions if keys[m] not in shorts and m.rule != "entity.apposition"}
    if not counts:
        return mentions[0].name
    return min(counts, key=lambda n: (n not in full, -counts[n], -len(n), n))


def _bank_entity(key: str, kind: str, label: str) -> tuple[str, str | None, Bank | None]:
    known = lookup(label) or lookup(key.split("|")[-1])
    if known is not None:
        return known.name, known.slug, known
    return label, None, None


def relation_ends(ex: DocumentExtraction) -> list[Mention]:
    """The ends of relations that the relation stage built from the text itself (the
    手机银行 of 手机银行10.0, the whole of 「A、B、C」战略): mentions the recogniser did not
    make, in the order the relations name them."""
    seen = set(ex.mentions)
    extra: list[Mention] = []
    for rel in ex.relations:
        for m in (rel.subject, rel.object, rel.giver):
            if m is not None and m not in seen:
                seen.add(m)
                extra.append(m)
    return extra


def _all_mentions(ex: DocumentExtraction) -> list[Mention]:
    """The recognised mentions, then any a later stage built (the 手机银行 of 手机银行10.0
    that a versionOf points to), so that every end of a fact resolves."""
    extra = relation_ends(ex)
    seen = {*ex.mentions, *extra}
    for obs in ex.observations:
        if obs.subject is not None and obs.subject not in seen:
            seen.add(obs.subject)
            extra.append(obs.subject)
    return [*ex.mentions, *extra]


def _scope_awards_by_giver(exs: list[DocumentExtraction], keys: dict[Mention, str]) -> None:
    """Key an award by its giver too: 「最佳零售银行」 of 《亚洲银行家》 and of 《环球金融》
    are two awards. A mention without a giver takes the giver its name has in its own
    document, else the one giver the name has anywhere; a name with several stays unscoped."""
    given: dict[Mention, str] = {}
    in_doc: dict[tuple[str, str], set[str]] = defaultdict(set)
    anywhere: dict[str, set[str]] = defaultdict(set)
    for ex in exs:
        for rel in ex.relations:
            if rel.predicate == "received" and rel.giver is not None and rel.object.kind == "Award":
                giver = keys[rel.giver].rsplit("|", 1)[-1]
                name = keys[rel.object]
                given[rel.object] = giver
                in_doc[(ex.document.name, name)].add(giver)
                anywhere[name].add(giver)
    for m, key in keys.items():
        if m.kind != "Award" or key not in anywhere:
            continue
        givers = {given[m]} if m in given else in_doc.get((m.span.doc, key)) or anywhere[key]
        if len(givers) == 1:
            keys[m] = f"Award|{next(iter(givers))}|{key.rsplit('|', 1)[-1]}"


def resolve(extractions: Iterable[DocumentExtraction]) -> Resolution:
    exs = list(extractions)
    union = _Union()
    keys: dict[Mention, str] = {}
    doc_banks: dict[str, str | None] = {}
    merges: list[tuple[str, str, str]] = []
    for ex in exs:
        doc_bank = ex.document.bank
        known = lookup(doc_bank) if doc_bank else None
        doc_bank = known.name if known else doc_bank
        doc_banks[ex.document.name] = doc_bank
        for m in _all_mentions(ex):
            keys[m] = mention_key(m, doc_bank)
        if doc_bank:
            union.find(bank_key(doc_bank))
    _scope_awards_by_giver(exs, keys)
    for key in keys.values():
        union.find(key)
    shorts: set[str] = set()
    for ex in exs:
        for a, b in _appositions(ex, keys):
            union.union(a, b)
            merges.append((ex.document.name, a, b))
        for short, long in _abbreviations(ex, keys, union):
            shorts.add(short)
            merges.append((ex.document.name, short, long))
    for line, department in _business_lines(sorted(set(keys.values())), union):
        shorts.add(line)
        merges.append(("", line, department))
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m, key in keys.items():
        groups[union.find(key)].append(m)
    for key in list(union.parent):
        groups.setdefault(union.find(key), [])
    doc_bank_names = _doc_bank_names(exs)
    entities: dict[str, Entity] = {}
    mention_keys: dict[Mention, str] = {}
    for root in sorted(groups):
        mentions = sorted(groups[root], key=lambda m: (m.span.doc, m.span.start, m.span.end))
        if root.startswith("Bank||"):
            label = _label(mentions, shorts, keys) if mentions else root.split("|")[-1]
            name, slug, _ = _bank_entity(root, "Bank", label)
            key = bank_key(name)
            kind = "Bank" if name in doc_bank_names else "Organization"
            entity = _make_entity(key, kind, name, mentions, None, slug)
        else:
            kind, scope, _ = root.split("|", 2)
            label = _label(mentions, shorts, keys)
            label_key = next(keys[m] for m in mentions if m.name == label)
            key = label_key
            bank = scope if kind in BANK_SCOPED and scope else None
            entity = _make_entity(key, kind, label, mentions, bank, None)
        entities[key] = entity
        for m in mentions:
            mention_keys[m] = key
    return Resolution(entities, mention_keys, doc_banks, tuple(merges))


def _make_entity(
    key: str,
    kind: str,
    label: str,
    mentions: list[Mention],
    bank: str | None,
    slug: str | None,
) -> Entity:
    aliases = set()
    for m in mentions:
        if m.rule == SELF_RULE:
            continue
        text = alias_text(m.text)
        if normalize_name(text) != normalize_name(_unquote(m.name)):
            continue
        lang = script_of_name(text)
        if text and not (text == label and lang == "zh-Hans"):
            aliases.add(Alias(text, lang))
    return Entity(
        key=key,
        kind=kind,
        label=label,
        aliases=tuple(sorted(aliases, key=lambda a: (a.lang, a.text))),
        bank=bank,
        mentions=tuple(mentions),
        slug=entity_slug(label, key, slug),
    )
