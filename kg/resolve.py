"""Entity resolution: one node per real-world thing across documents and scripts.

Mentions resolve by kind and normalised name (so 手機銀行 and 手机银行 are one).
Things a bank owns (its products, departments, branches, strategies, initiatives)
are scoped by the bank of the document that mentions them: 民生银行's 手机银行 is
not 工商银行's.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kg.banks import lookup
from kg.iris import entity_slug
from kg.models import Alias, DocumentExtraction, Entity, Mention
from kg.normalize import QUOTE_CHARS, normalize_name, script_of_name

BANK_SCOPED = frozenset({"Strategy", "Initiative", "Product", "Department", "Branch"})


@dataclass(frozen=True)
class Resolution:
    """Entities by key, and the key each mention resolved to."""

    entities: dict[str, Entity]
    mention_keys: dict[Mention, str]
    doc_banks: dict[str, str | None]

    def entity_of(self, mention: Mention) -> Entity:
        return self.entities[self.mention_keys[mention]]

    def bank_entity(self, doc: str) -> Entity | None:
        bank = self.doc_banks.get(doc)
        return self.entities.get(bank_key(bank)) if bank else None


def bank_key(name: str) -> str:
    return f"Bank||{normalize_name(name)}"


def mention_key(mention: Mention, doc_bank: str | None) -> str:
    if mention.kind == "Bank":
        bank = lookup(mention.name)
        return bank_key(bank.name if bank else mention.name)
    scope = (doc_bank or "") if mention.kind in BANK_SCOPED else ""
    return f"{mention.kind}|{scope}|{normalize_name(mention.name)}"


def _alias_text(surface: str) -> str:
    return " ".join(surface.split()).strip(QUOTE_CHARS).strip()


def _entity(key: str, kind: str, mentions: list[Mention], bank: str | None) -> Entity:
    names = Counter(m.name for m in mentions)
    label = min(names, key=lambda n: (-names[n], n))
    slug = None
    if kind == "Bank":
        known = lookup(label)
        if known is not None:
            label, slug = known.name, known.slug
    aliases = set()
    for m in mentions:
        text = _alias_text(m.text)
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


def resolve(extractions: Iterable[DocumentExtraction]) -> Resolution:
    grouped: dict[str, list[Mention]] = defaultdict(list)
    kinds: dict[str, str] = {}
    scopes: dict[str, str | None] = {}
    doc_banks: dict[str, str | None] = {}
    for ex in extractions:
        doc_bank = ex.document.bank
        doc_banks[ex.document.name] = doc_bank
        for mention in ex.mentions:
            key = mention_key(mention, doc_bank)
            grouped[key].append(mention)
            kinds[key] = mention.kind
            scopes[key] = doc_bank if mention.kind in BANK_SCOPED else None
        if doc_bank and bank_key(doc_bank) not in grouped:
            kinds[bank_key(doc_bank)] = "Bank"
            scopes[bank_key(doc_bank)] = None
            grouped[bank_key(doc_bank)] = []
    entities = {}
    mention_keys = {}
    for key in sorted(grouped):
        mentions = grouped[key]
        if not mentions:
            bank = lookup(key.split("|")[-1])
            name = bank.name if bank else key.split("|")[-1]
            entities[key] = Entity(
                key, "Bank", name, (), None, (), entity_slug(name, key, bank.slug if bank else None)
            )
            continue
        entities[key] = _entity(key, kinds[key], mentions, scopes[key])
        for m in mentions:
            mention_keys[m] = key
    return Resolution(entities, mention_keys, doc_banks)
