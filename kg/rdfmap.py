"""Map the extraction results to RDF, the rdflib way.

The shape of the graph (see ``ontology/bkg.ttl`` and the README's data model):

- entities: ``/id/{type}/{slug}`` typed by a ``bkg:`` class, ``skos:prefLabel``
  (zh-Hans), ``rdfs:label``, ``skos:altLabel`` per surface form, ``bkg:ofBank``;
- mentions and evidence: ``bkg:TextSpan`` nodes with Web Annotation selectors
  (``oa:TextPositionSelector`` + ``oa:TextQuoteSelector``), ``oa:hasSource`` the
  document, ``bkg:inSentence`` the sentence span and ``bkg:extractedBy`` the rule;
  a mention span ``bkg:denotes`` its entity;
- observations: ``qb:Observation`` in one ``qb:DataSet`` per document, with
  ``bkg:refEntity``, ``bkg:indicator`` (a SKOS metric concept),
  ``sdmx-dimension:refPeriod`` (an OWL-Time instant), ``bkg:measureBasis``,
  ``sdmx-measure:obsValue`` (xsd:decimal, base units), ``sdmx-attribute:unitMeasure``;
  the same figure printed twice in a document is one observation with two spans (and
  two ``bkg:printedValue``s when the printings differ);
- relations: the plain triple plus a ``bkg:ExtractedStatement`` (an
  ``rdf:Statement``) that carries the evidence spans;
- a ``bkg:BuildRun`` (``prov:Activity``) that used each document (with its sha256).

No blank nodes and no timestamps: the same input gives the same triples.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any, cast

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as _rdflib_ns

from kg import __version__, vocab
from kg.banks import lookup
from kg.iris import doc_slug, metric_slug, short_hash
from kg.models import DocumentExtraction, Entity, Mention, Observation, Relation, Sentence, Span
from kg.ntterms import nt_terms
from kg.resolve import Resolution, bank_key, relation_ends
from kg.units import unit_for
from kg.vocab import KIND_TO_CLASS, KIND_TO_TYPE, ONTOLOGY_IRI, InstanceNamespaces


class _Terms:
    """A namespace whose terms are made once: rdflib makes a new URIRef (and checks it)
    at every read of an attribute (``BKG.page``), and mapping reads a few dozen terms
    some twenty times per figure and span. The same terms, each read from here once
    made (and, being the same objects, found in the builder's table of terms at once)."""

    def __init__(self, ns: Any) -> None:
        self._ns = ns

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "_ns":
            raise AttributeError(name)
        term = getattr(self._ns, name)
        setattr(self, name, term)  # read from the instance from now on
        return term

    def __getitem__(self, key: str) -> Any:
        return self._ns[key]

    def __str__(self) -> str:
        return str(self._ns)


RDF: Any = _Terms(_rdflib_ns.RDF)
RDFS: Any = _Terms(_rdflib_ns.RDFS)
DCTERMS: Any = _Terms(_rdflib_ns.DCTERMS)
OWL: Any = _Terms(_rdflib_ns.OWL)
PROV: Any = _Terms(_rdflib_ns.PROV)
SKOS: Any = _Terms(_rdflib_ns.SKOS)
XSD: Any = _Terms(_rdflib_ns.XSD)
BKG: Any = _Terms(vocab.BKG)
BKGU: Any = _Terms(vocab.BKGU)
OA: Any = _Terms(vocab.OA)
QB: Any = _Terms(vocab.QB)
QUDT: Any = _Terms(vocab.QUDT)
SDMX_ATTR: Any = _Terms(vocab.SDMX_ATTR)
SDMX_DIM: Any = _Terms(vocab.SDMX_DIM)
SDMX_MEASURE: Any = _Terms(vocab.SDMX_MEASURE)
TIME: Any = _Terms(vocab.TIME)
UNIT: Any = _Terms(vocab.UNIT)

MEASURE_LABELS = {
    "level": ("数值", "level"),
    "change": ("变动额", "change amount"),
    "growthRate": ("增长率", "growth rate"),
    "ppChange": ("百分点变动", "percentage-point change"),
    "share": ("占比", "share"),
}


def decimal_literal(value: Decimal) -> Literal:
    """An xsd:decimal literal in plain positional notation (never 3.85E+8)."""
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return Literal(text, datatype=XSD.decimal)


@lru_cache(maxsize=1 << 15)
def count_literal(value: int, datatype: URIRef) -> Literal:
    """An integer literal (offsets, pages, indexes), made once per value: rdflib's
    ``Literal(5, datatype=...)`` works out the lexical form through its table of Python
    types at every call, and a corpus repeats the same offsets in every document."""
    return Literal(value, datatype=datatype)


def expand_curie(curie: str) -> URIRef:
    prefix, _, local = curie.partition(":")
    if prefix == "unit":
        return UNIT[local]
    if prefix == "bkgu":
        return BKGU[local]
    return URIRef(curie)


@dataclass
class GraphBuilder:
    """Accumulates triples for one build; ``graph`` is an rdflib Graph (Oxigraph-backed),
    or None: the triples are then kept as N-Triples lines (:meth:`ntriples`).

    Triples are held back and written in batches (:meth:`flush`): one Oxigraph transaction
    per batch instead of one per triple, and each distinct term converted to Oxigraph once
    per batch instead of once per use (together most of the mapping's time). Without a
    graph each distinct term is written once, as Oxigraph writes it (:func:`nt_term`), and
    no store is filled only to be dumped again.
    """

    graph: Graph | None
    ids: InstanceNamespaces
    resolution: Resolution
    pages: dict[str, tuple[int, ...]] = dataclasses.field(default_factory=dict)
    """Where each page starts, for the documents of a format with pages (PDF)."""
    _pending: list[tuple[URIRef, URIRef, URIRef | Literal] | str] = dataclasses.field(
        default_factory=list, init=False, repr=False
    )
    """Triples held back: rdflib terms, or (a builder without a graph) N-Triples lines
    already made (:meth:`_span_lines`)."""
    _subject_ruled: set[URIRef] = dataclasses.field(default_factory=set, init=False, repr=False)
    _described: set[tuple[Any, ...]] = dataclasses.field(
        default_factory=set, init=False, repr=False
    )
    """What a figure's shared nodes were described from (a unit, a metric, a measure, a
    period): the same inputs give the same triples, added once per builder."""
    _lines: dict[str, None] = dataclasses.field(default_factory=dict, init=False, repr=False)
    _terms: dict[object, str] = dataclasses.field(default_factory=dict, init=False, repr=False)
    _iris: dict[str, str] = dataclasses.field(default_factory=dict, init=False, repr=False)

    BATCH = 200_000

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self._pending.append((s, p, o))
        if len(self._pending) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        """Write the held-back triples into the graph."""
        if not self._pending:
            return
        if self.graph is None:
            self._flush_lines()
            return
        # with a graph every triple is held as rdflib terms (no lines are made)
        triples = cast(list[tuple[URIRef, URIRef, URIRef | Literal]], self._pending)
        store = getattr(self.graph.store, "_inner", None)
        if isinstance(store, ox.Store):
            terms: dict[object, Any] = {}

            def term(node: Any) -> Any:
                found = terms.get(node)
                if found is None:
                    found = terms[node] = _to_ox(node)
                return found

            name = _to_ox(self.graph.identifier)
            store.extend([ox.Quad(term(s), term(p), term(o), name) for s, p, o in triples])
        else:
            self.graph.addN((s, p, o, self.graph) for s, p, o in triples)
        self._pending.clear()

    def _flush_lines(self) -> None:
        terms = self._terms
        triples = [t for t in self._pending if type(t) is tuple]
        terms.update(nt_terms({n for triple in triples for n in triple if n not in terms}))
        self._lines.update(
            dict.fromkeys(
                t if type(t) is str else f"{terms[t[0]]} {terms[t[1]]} {terms[t[2]]} .\n"
                for t in self._pending
            )
        )
        self._pending.clear()

    def _iri(self, iri: str) -> str:
        """An IRI (a plain str) in N-Triples, checked as a store checks it
        (:func:`nt_terms`), once per builder."""
        found = self._iris.get(iri)
        if found is None:
            ox.NamedNode(iri)
            found = self._iris[iri] = f"<{iri}>"
        return found

    def ntriples(self) -> bytes:
        """:meth:`lines` joined, as bytes."""
        return "".join(self.lines()).encode("utf-8")

    def lines(self) -> Iterable[str]:
        """The triples added, once each, as N-Triples lines (a builder without a graph):
        the lines Oxigraph would dump, in the order they were first added."""
        assert self.graph is None, "a builder with a graph writes into it"
        self.flush()
        return self._lines.keys()

    # ---------------------------------------------------------------- nodes
    def entity_iri(self, entity: Entity) -> URIRef:
        return URIRef(self.entity_iri_text(entity))

    def entity_iri_text(self, entity: Entity) -> str:
        return f"{self.ids[KIND_TO_TYPE[entity.kind]]}{entity.slug or 'x'}"

    def doc_iri(self, doc: str) -> URIRef:
        return self.ids["doc"][doc_slug(doc)]

    def rule_iri(self, rule: str) -> URIRef:
        return self.ids["rule"][rule.replace("_", "-")]

    def sentence_iri(self, doc: str, index: int) -> URIRef:
        return self.ids["sentence"][f"{doc_slug(doc)}-{index}"]

    def period_iri(self, day: date) -> URIRef:
        return self.ids["period"][day.isoformat()]

    # ---------------------------------------------------------------- provenance
    def add_selectors(self, node: URIRef, doc: str, start: int, end: int, quote: str) -> None:
        if self.graph is None:
            self._selector_lines(self._iri(f"{node}"), node, doc, start, end, quote)
            return
        pos = URIRef(f"{node}#position")
        exact = URIRef(f"{node}#quote")
        self.add(node, OA.hasSource, self.doc_iri(doc))
        self.add(node, OA.hasSelector, pos)
        self.add(node, OA.hasSelector, exact)
        self.add(pos, RDF.type, OA.TextPositionSelector)
        self.add(pos, OA.start, count_literal(start, XSD.nonNegativeInteger))
        self.add(pos, OA.end, count_literal(end, XSD.nonNegativeInteger))
        self.add(exact, RDF.type, OA.TextQuoteSelector)
        self.add(exact, OA.exact, Literal(quote))
        starts = self.pages.get(doc)
        if starts:
            page = max(bisect.bisect_right(starts, start), 1)
            self.add(node, BKG.page, count_literal(page, XSD.positiveInteger))

    def _selector_lines(
        self, n: str, node: str, doc: str, start: int, end: int, quote: str
    ) -> None:
        """:meth:`add_selectors` made as N-Triples lines (a builder without a graph):
        the same triples in the same order, each term written as :func:`nt_terms`
        writes it, without an rdflib term for each IRI and literal of each span."""
        if "#" in n:  # a second fragment: refused as a store refuses it
            pos, exact = self._iri(f"{node}#position"), self._iri(f"{node}#quote")
        else:  # the checked IRI with a fragment of letters: an IRI, checked no more
            pos, exact = f"{n[:-1]}#position>", f"{n[:-1]}#quote>"
        out = self._pending
        source = self._iri(f"{self.ids['doc']}{doc_slug(doc)}")
        out.append(f"{n} {_NT_HAS_SOURCE} {source} .\n")
        out.append(f"{n} {_NT_HAS_SELECTOR} {pos} .\n")
        out.append(f"{n} {_NT_HAS_SELECTOR} {exact} .\n")
        out.append(f"{pos} {_NT_TYPE} {_NT_POSITION_SELECTOR} .\n")
        out.append(f"{pos} {_NT_START} {_nt_count(start, XSD.nonNegativeInteger)} .\n")
        out.append(f"{pos} {_NT_END} {_nt_count(end, XSD.nonNegativeInteger)} .\n")
        out.append(f"{exact} {_NT_TYPE} {_NT_QUOTE_SELECTOR} .\n")
        out.append(f"{exact} {_NT_EXACT} {ox.Literal(quote)} .\n")
        starts = self.pages.get(doc)
        if starts:
            page = max(bisect.bisect_right(starts, start), 1)
            out.append(f"{n} {_NT_PAGE} {_nt_count(page, XSD.positiveInteger)} .\n")
        if len(out) >= self.BATCH:
            self.flush()

    def add_sentence(self, sentence: Sentence) -> URIRef:
        node = self.sentence_iri(sentence.doc, sentence.index)
        if self.graph is None:  # its lines themselves, as a span's
            n, out = self._iri(f"{node}"), self._pending
            out.append(f"{n} {_NT_TYPE} {_NT_SENTENCE} .\n")
            index = _nt_count(sentence.index, XSD.nonNegativeInteger)
            out.append(f"{n} {_NT_SENTENCE_INDEX} {index} .\n")
            self._selector_lines(n, node, sentence.doc, sentence.start, sentence.end, sentence.text)
            return node
        self.add(node, RDF.type, BKG.Sentence)
        self.add(node, BKG.sentenceIndex, count_literal(sentence.index, XSD.nonNegativeInteger))
        self.add_selectors(node, sentence.doc, sentence.start, sentence.end, sentence.text)
        return node

    def add_evidence(self, span: Span, sentence: int, rule: str) -> URIRef:
        """A span of evidence found by one rule; same span and rule, same node."""
        node = self.ids["span"][f"{doc_slug(span.doc)}-{span.start}-{span.end}-{_rule_hash(rule)}"]
        if self.graph is None:
            n = self._iri(f"{node}")
            out = self._pending
            out.append(f"{n} {_NT_TYPE} {_NT_TEXT_SPAN} .\n")
            out.append(f"{n} {_NT_TYPE} {_NT_SPECIFIC_RESOURCE} .\n")
            self._selector_lines(n, node, span.doc, span.start, span.end, span.quote)
            in_sentence = self._iri(f"{self.ids['sentence']}{doc_slug(span.doc)}-{sentence}")
            by = self._iri(f"{self.ids['rule']}{rule.replace('_', '-')}")
            out.append(f"{n} {_NT_IN_SENTENCE} {in_sentence} .\n")
            out.append(f"{n} {_NT_EXTRACTED_BY} {by} .\n")
            return node
        self.add(node, RDF.type, BKG.TextSpan)
        self.add(node, RDF.type, OA.SpecificResource)
        self.add_selectors(node, span.doc, span.start, span.end, span.quote)
        self.add(node, BKG.inSentence, self.sentence_iri(span.doc, sentence))
        self.add(node, BKG.extractedBy, self.rule_iri(rule))
        return node

    # ---------------------------------------------------------------- content
    def add_entity(self, entity: Entity) -> URIRef:
        node = self.entity_iri(entity)
        self.add(node, RDF.type, KIND_TO_CLASS[entity.kind])
        self.add(node, SKOS.prefLabel, Literal(entity.label, lang="zh-Hans"))
        self.add(node, RDFS.label, Literal(entity.label, lang="zh-Hans"))
        for alias in entity.aliases:
            self.add(node, SKOS.altLabel, Literal(alias.text, lang=alias.lang))
        if entity.kind == "Bank":
            bank = lookup(entity.label)
            if bank is not None:
                self.add(node, SKOS.prefLabel, Literal(bank.en, lang="en"))
                self.add(node, RDFS.label, Literal(bank.en, lang="en"))
                for name in bank.aliases:
                    if name.isascii():
                        self.add(node, SKOS.altLabel, Literal(name, lang="en"))
        elif entity.bank:
            bank_entity = self.resolution.entities.get(bank_key(entity.bank))
            if bank_entity is not None:
                self.add(node, BKG.ofBank, self.entity_iri(bank_entity))
        return node

    def add_mention(self, mention: Mention) -> None:
        entity = self.resolution.entity_of(mention)
        span = self.add_evidence(mention.span, mention.sentence, mention.rule)
        if self.graph is None:  # the line itself: the entity's IRI made as text
            of = self._iri(self.entity_iri_text(entity))
            self._pending.append(f"{self._iri(str(span))} {_NT_DENOTES} {of} .\n")
            return
        self.add(span, BKG.denotes, self.entity_iri(entity))

    def add_document(self, ex: DocumentExtraction, run: URIRef) -> None:
        doc = ex.document
        node = self.doc_iri(doc.name)
        self.add(node, RDF.type, BKG.Document)
        self.add(node, RDF.type, PROV.Entity)
        self.add(node, BKG.fileName, Literal(doc.name))
        self.add(node, BKG.sha256, Literal(doc.sha256))
        self.add(node, BKG.encoding, Literal(doc.encoding))
        self.add(node, DCTERMS.language, Literal(doc.script))
        if doc.title:
            self.add(node, DCTERMS.title, Literal(doc.title, lang="zh-Hans"))
        if doc.reference_date:
            self.add(node, BKG.referenceDate, Literal(doc.reference_date))
        bank = self.resolution.bank_entity(doc.name)
        if bank is not None:
            self.add(node, BKG.aboutBank, self.entity_iri(bank))
        for field in sorted(doc.inferred):
            self.add(node, BKG.inferredField, Literal(field))
        dataset = self.ids["dataset"][doc_slug(doc.name)]
        self.add(dataset, RDF.type, QB.DataSet)
        self.add(dataset, QB.structure, self.ids["dsd"]["bank-metrics"])
        self.add(dataset, PROV.wasDerivedFrom, node)
        self.add(dataset, PROV.wasGeneratedBy, run)
        self.add(dataset, RDFS.label, Literal(f"Metrics of {doc.name}", lang="en"))

    def add_observation(self, obs: Observation) -> URIRef | None:
        subject = self.resolution.subject_of(obs)
        if subject is None:
            return None
        if self.graph is None:
            return URIRef(_observation_lines(self, obs, subject))
        dataset = self.ids["dataset"][doc_slug(obs.span.doc)]
        metric = self.ids["metric"][metric_slug(obs.metric)]
        measure = self.ids["measure"][obs.measure]
        period = self.period_iri(obs.date)
        node = self.ids["obs"][_obs_local(obs, subject)]
        unit = unit_for(obs.unit)
        self.add(node, RDF.type, QB.Observation)
        self.add(node, QB.dataSet, dataset)
        self.add(node, BKG.refEntity, self.entity_iri(subject))
        self.add(node, BKG.indicator, metric)
        self.add(node, SDMX_DIM.refPeriod, period)
        self.add(node, BKG.measureBasis, measure)
        self.add(node, SDMX_MEASURE.obsValue, decimal_literal(obs.value))
        unit_iri = expand_curie(unit.iri)
        self.add(node, SDMX_ATTR.unitMeasure, unit_iri)
        if self._first("unit", unit_iri, unit.symbol):
            self.add(unit_iri, RDF.type, QUDT.Unit)
            self.add(unit_iri, QUDT.symbol, Literal(unit.symbol))
        self.add(node, BKG.printedValue, Literal(obs.raw))
        self.add(node, BKG.obsStatus, BKG.Planned if obs.planned else BKG.Actual)
        if obs.qualifier:
            self.add(node, BKG.qualifier, Literal(obs.qualifier, lang="zh-Hans"))
        if obs.basis:
            self.add(node, BKG.comparisonBasis, Literal(obs.basis, lang="zh-Hans"))
        if obs.direction:
            self.add(node, BKG.direction, Literal(obs.direction, lang="zh-Hans"))
        if obs.period:
            self.add(node, BKG.periodCovered, self.ids["period"][obs.period])
        self.add(node, PROV.wasDerivedFrom, self.add_evidence(obs.span, obs.sentence, obs.rule))
        if obs.subject_rule and node not in self._subject_ruled:
            # a figure printed twice keeps the step that chose the subject of its first printing
            self._subject_ruled.add(node)
            self.add(node, BKG.subjectRule, self.rule_iri(obs.subject_rule))
        _describe_figure(self, obs, metric, measure, period)
        return node

    def _first(self, *key: Any) -> bool:
        """Whether a shared node is described from these inputs for the first time."""
        if key in self._described:
            return False
        self._described.add(key)
        return True

    def add_extraction(self, ex: DocumentExtraction, run: URIRef) -> set[str]:
        """One document's own triples: the document, its mentions and figures with their
        evidence, and the sentences they cite; returns the rules it used."""
        rules: set[str] = set()
        used_sentences: set[tuple[str, int]] = set()
        self.add(run, PROV.used, self.doc_iri(ex.document.name))
        self.add_document(ex, run)
        for m in (*ex.mentions, *relation_ends(ex)):
            self.add_mention(m)
            rules.add(m.rule)
            used_sentences.add((m.span.doc, m.sentence))
        for obs in ex.observations:
            if self.add_observation(obs) is not None:
                rules.add(obs.rule)
                if obs.subject_rule:
                    rules.add(obs.subject_rule)
                used_sentences.add((obs.span.doc, obs.sentence))
        for rel in ex.relations:
            rules.add(rel.rule)
            used_sentences.add((rel.span.doc, rel.sentence))
            if rel.context is not None and rel.context_sentence is not None:
                used_sentences.add((rel.context.doc, rel.context_sentence))
        for sentence in ex.sentences:
            if (sentence.doc, sentence.index) in used_sentences:
                self.add_sentence(sentence)
        return rules

    def add_relations(self, relations: Iterable[Relation]) -> int:
        """One asserted triple and one statement per distinct (s, p, o); evidence accumulates."""
        grouped: dict[tuple[URIRef, URIRef, URIRef], list[Relation]] = defaultdict(list)
        for rel in relations:
            s = self.entity_iri(self.resolution.entity_of(rel.subject))
            o = self.entity_iri(self.resolution.entity_of(rel.object))
            if s == o:
                continue
            grouped[(s, BKG[rel.predicate], o)].append(rel)
        for (s, p, o), rels in grouped.items():
            self.add(s, p, o)
            if p == BKG.versionOf:
                self.add(s, RDF.type, BKG.ProductVersion)
            stmt = self.ids["stmt"][short_hash(s, p, o, length=12)]
            self.add(stmt, RDF.type, BKG.ExtractedStatement)
            self.add(stmt, RDF.type, RDF.Statement)
            self.add(stmt, RDF.subject, s)
            self.add(stmt, RDF.predicate, p)
            self.add(stmt, RDF.object, o)
            for rel in rels:
                evidence = self.add_evidence(rel.span, rel.sentence, rel.rule)
                self.add(stmt, PROV.wasDerivedFrom, evidence)
                if rel.context is not None and rel.context_sentence is not None:
                    context = self.add_evidence(rel.context, rel.context_sentence, rel.rule)
                    self.add(evidence, BKG.contextSpan, context)
                if rel.giver is not None:
                    giver = self.entity_iri(self.resolution.entity_of(rel.giver))
                    self.add(stmt, BKG.giver, giver)
                    self.add(o, BKG.awardedBy, giver)
        return len(grouped)

    def add_structure(self) -> None:
        dsd = self.ids["dsd"]["bank-metrics"]
        self.add(dsd, RDF.type, QB.DataStructureDefinition)
        components = [
            ("refEntity", QB.dimension, BKG.refEntity, 1),
            ("indicator", QB.dimension, BKG.indicator, 2),
            ("refPeriod", QB.dimension, SDMX_DIM.refPeriod, 3),
            ("measureBasis", QB.dimension, BKG.measureBasis, 4),
            ("obsValue", QB.measure, SDMX_MEASURE.obsValue, None),
            ("unitMeasure", QB.attribute, SDMX_ATTR.unitMeasure, None),
            ("obsStatus", QB.attribute, BKG.obsStatus, None),
        ]
        for name, kind, prop, order in components:
            comp = URIRef(f"{dsd}#{name}")
            self.add(dsd, QB.component, comp)
            self.add(comp, RDF.type, QB.ComponentSpecification)
            self.add(comp, kind, prop)
            if order is not None:
                self.add(comp, QB.order, Literal(order))
        for scheme, zh, en in (
            ("metrics", "指标代码表", "Metrics"),
            ("measures", "数值类型代码表", "Kinds of figure"),
        ):
            node = self.ids["scheme"][scheme]
            self.add(node, RDF.type, SKOS.ConceptScheme)
            self.add(node, SKOS.prefLabel, Literal(zh, lang="zh-Hans"))
            self.add(node, SKOS.prefLabel, Literal(en, lang="en"))


def _obs_local(obs: Observation, subject: Entity) -> str:
    """An observation's name: one per figure and document, not per printing (IC-12)."""
    key = (subject.key, obs.metric, obs.measure, obs.date, obs.value, obs.unit, obs.planned)
    return f"{doc_slug(obs.span.doc)}-{short_hash(*key, obs.basis)}"


def _describe_figure(b: GraphBuilder, obs: Observation, metric: Any, measure: Any, period: Any):
    """A figure's metric, measure code and period, described once per builder."""
    if b._first("metric", str(metric), obs.metric):
        metric = URIRef(metric)
        b.add(metric, RDF.type, BKG.Metric)
        b.add(metric, RDF.type, SKOS.Concept)
        b.add(metric, SKOS.inScheme, b.ids["scheme"]["metrics"])
        b.add(metric, SKOS.prefLabel, Literal(obs.metric, lang="zh-Hans"))
    if b._first("measure", str(measure), obs.measure):
        measure = URIRef(measure)
        zh, en = MEASURE_LABELS.get(obs.measure, (obs.measure, obs.measure))
        b.add(measure, RDF.type, BKG.MeasureKind)
        b.add(measure, RDF.type, SKOS.Concept)
        b.add(measure, SKOS.inScheme, b.ids["scheme"]["measures"])
        b.add(measure, SKOS.notation, Literal(obs.measure))
        b.add(measure, SKOS.prefLabel, Literal(zh, lang="zh-Hans"))
        b.add(measure, SKOS.prefLabel, Literal(en, lang="en"))
    if b._first("period", str(period), obs.date):
        b.add(URIRef(period), RDF.type, TIME.Instant)
        b.add(URIRef(period), TIME.inXSDDate, Literal(obs.date))
    if obs.period and b._first("interval", obs.period, str(period)):
        interval = b.ids["period"][obs.period]
        b.add(interval, RDF.type, TIME.ProperInterval)
        b.add(interval, TIME.hasEnd, URIRef(period))


def _observation_lines(b: GraphBuilder, obs: Observation, subject: Entity) -> str:
    """:meth:`GraphBuilder.add_observation` of a builder without a graph, its IRI: the same
    lines in the same order, the figure's IRIs made as text and its terms written as
    :func:`nt_terms` writes them, without an rdflib term for each."""
    ids, iri, out, nt = b.ids, b._iri, b._pending, _NT_OBS
    metric = f"{ids['metric']}{metric_slug(obs.metric)}"
    measure = f"{ids['measure']}{obs.measure}"
    period = f"{ids['period']}{obs.date.isoformat()}"
    node = f"{ids['obs']}{_obs_local(obs, subject)}"
    dataset = f"{ids['dataset']}{doc_slug(obs.span.doc)}"
    n = iri(node)
    unit_iri = expand_curie((unit := unit_for(obs.unit)).iri)
    out.append(f"{n} {_NT_TYPE} {nt['Observation']} .\n")
    out.append(f"{n} {nt['dataSet']} {iri(dataset)} .\n")
    out.append(f"{n} {nt['refEntity']} {iri(str(b.entity_iri(subject)))} .\n")
    out.append(f"{n} {nt['indicator']} {iri(metric)} .\n")
    out.append(f"{n} {nt['refPeriod']} {iri(period)} .\n")
    out.append(f"{n} {nt['measureBasis']} {iri(measure)} .\n")
    out.append(f"{n} {nt['obsValue']} {_nt_decimal(obs.value)} .\n")
    out.append(f"{n} {nt['unitMeasure']} {iri(str(unit_iri))} .\n")
    if b._first("unit", unit_iri, unit.symbol):
        b.add(unit_iri, RDF.type, QUDT.Unit)
        b.add(unit_iri, QUDT.symbol, Literal(unit.symbol))
    out.append(f"{n} {nt['printedValue']} {ox.Literal(obs.raw)} .\n")
    out.append(f"{n} {nt['obsStatus']} {nt['Planned' if obs.planned else 'Actual']} .\n")
    for p, text in zip(_NT_WORDS, (obs.qualifier, obs.basis, obs.direction), strict=True):
        if text:
            out.append(f"{n} {nt[p]} {ox.Literal(text, language='zh-Hans')} .\n")
    if obs.period:
        out.append(f"{n} {nt['periodCovered']} {iri(str(ids['period']) + obs.period)} .\n")
    span = b.add_evidence(obs.span, obs.sentence, obs.rule)
    out.append(f"{n} {nt['wasDerivedFrom']} {iri(str(span))} .\n")
    if obs.subject_rule and node not in b._subject_ruled:
        b._subject_ruled.add(node)  # type: ignore[arg-type]
        rule = f"{ids['rule']}{obs.subject_rule.replace('_', '-')}"
        out.append(f"{n} {nt['subjectRule']} {iri(rule)} .\n")
    _describe_figure(b, obs, metric, measure, period)  # a batch is flushed by add_evidence
    return node


@lru_cache(maxsize=1 << 12)
def _nt_decimal(value: Decimal) -> str:
    """:func:`decimal_literal` in N-Triples, made once per value (equal values, one form)."""
    return nt_terms([literal := decimal_literal(value)])[literal]


_NT_WORDS = ("qualifier", "comparisonBasis", "direction")
_NT_TYPE = f"<{RDF.type}>"
_NT_HAS_SOURCE = f"<{OA.hasSource}>"
_NT_HAS_SELECTOR = f"<{OA.hasSelector}>"
_NT_POSITION_SELECTOR = f"<{OA.TextPositionSelector}>"
_NT_QUOTE_SELECTOR = f"<{OA.TextQuoteSelector}>"
_NT_START = f"<{OA.start}>"
_NT_END = f"<{OA.end}>"
_NT_EXACT = f"<{OA.exact}>"
_NT_PAGE = f"<{BKG.page}>"
_NT_TEXT_SPAN = f"<{BKG.TextSpan}>"
_NT_SPECIFIC_RESOURCE = f"<{OA.SpecificResource}>"
_NT_IN_SENTENCE = f"<{BKG.inSentence}>"
_NT_EXTRACTED_BY = f"<{BKG.extractedBy}>"
_NT_DENOTES = f"<{BKG.denotes}>"
_NT_SENTENCE = f"<{BKG.Sentence}>"
_NT_SENTENCE_INDEX = f"<{BKG.sentenceIndex}>"
_NT_OBS = {  # the N-Triples of the IRIs of an observation's lines, by local name
    str(p).rsplit("/", 1)[-1].rsplit("#", 1)[-1]: f"<{p}>"
    for p in [
        *(QB.Observation, QB.dataSet, BKG.refEntity, BKG.indicator, SDMX_DIM.refPeriod),
        *(BKG.measureBasis, SDMX_MEASURE.obsValue, SDMX_ATTR.unitMeasure, BKG.printedValue),
        *(BKG.obsStatus, BKG.Planned, BKG.Actual, BKG.qualifier, BKG.comparisonBasis),
        *(BKG.direction, BKG.periodCovered, PROV.wasDerivedFrom, BKG.subjectRule),
    ]
}


@lru_cache(maxsize=1 << 15)
def _nt_count(value: int, datatype: URIRef) -> str:
    """:func:`count_literal` in N-Triples, as :func:`nt_terms` writes it (once per value)."""
    literal = count_literal(value, datatype)
    return nt_terms([literal])[literal]


@lru_cache(maxsize=4096)
def _rule_hash(rule: str) -> str:
    """The short hash of a rule's id in its spans' IRIs, made once per rule."""
    return short_hash(rule, length=4)


def run_iri(ids: InstanceNamespaces, extractions: Iterable[DocumentExtraction]) -> URIRef:
    digest = short_hash(__version__, *sorted(ex.document.sha256 for ex in extractions), length=12)
    return ids["run"][digest]


Parts = Callable[[InstanceNamespaces, URIRef], Iterable[tuple[bytes, set[str]]]]
"""Each document's part of the graph made elsewhere (:func:`document_parts` in worker
processes): N-Triples and the rules used, given the build's namespaces and run."""


def build_graph(
    extractions: list[DocumentExtraction],
    resolution: Resolution,
    base: str | None = None,
    parts: Parts | None = None,
) -> Graph:
    """The instance graph of a build (the ontology is imported, not copied).

    Each document's own triples (its data set, mentions, figures, evidence, sentences) are
    made here, one document after the other, or come from ``parts``; the entities,
    relations and rules, which join documents, are made here.
    """
    ids = InstanceNamespaces(base) if base else InstanceNamespaces()
    graph = Graph(store="Oxigraph")
    builder = GraphBuilder(graph, ids, resolution)
    builder.pages = {ex.document.name: ex.document.pages for ex in extractions if ex.document.pages}
    run = run_iri(ids, extractions)
    agent = add_header(builder, run)
    for entity in resolution.entities.values():
        builder.add_entity(entity)
    rules: set[str] = set()
    if parts is None:
        for ex in extractions:
            rules |= builder.add_extraction(ex, run)
    else:
        builder.flush()
        store = graph.store._inner  # type: ignore[attr-defined]
        name = _to_ox(graph.identifier)
        for data, used in parts(ids, run):
            store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=name)
            rules |= used
    relations = [rel for ex in extractions for rel in ex.relations]
    builder.add_relations(relations)
    add_rules(builder, rules, run, agent)
    builder.flush()
    _bind(graph, ids)
    return graph


def add_header(builder: GraphBuilder, run: URIRef) -> URIRef:
    """The graph's header, the build run, its agent (returned) and the data structure."""
    ids = builder.ids
    header = ids["graph"]["kg"]
    agent = ids["agent"][f"kg-{__version__}"]
    builder.add(header, RDF.type, OWL.Ontology)
    builder.add(header, OWL.imports, URIRef(ONTOLOGY_IRI))
    builder.add(header, PROV.wasGeneratedBy, run)
    builder.add(run, RDF.type, BKG.BuildRun)
    builder.add(run, RDF.type, PROV.Activity)
    builder.add(run, PROV.wasAssociatedWith, agent)
    builder.add(run, BKG.toolVersion, Literal(__version__))
    builder.add(agent, RDF.type, PROV.SoftwareAgent)
    builder.add(agent, RDFS.label, Literal(f"kg {__version__}", lang="en"))
    builder.add_structure()
    return agent


def add_rules(builder: GraphBuilder, rules: Iterable[str], run: URIRef, agent: URIRef) -> None:
    """Each rule used, as a plan of the build run. A builder without a graph takes each
    rule's lines made once per process (every document of a build repeats them)."""
    for rule in sorted(rules):
        if builder.graph is not None:
            _add_rule(builder, rule, run, agent)
            continue
        key = (str(builder.ids["rule"]), str(run), str(agent), rule)
        made = _RULE_LINES.get(key)
        if made is None:
            alone = GraphBuilder(None, builder.ids, builder.resolution)
            _add_rule(alone, rule, run, agent)
            if len(_RULE_LINES) > 1 << 14:
                _RULE_LINES.clear()
            made = _RULE_LINES[key] = list(alone.lines())
        builder._pending.extend(made)


_RULE_LINES: dict[tuple[str, str, str, str], list[str]] = {}
"""The lines of a rule used (:func:`_add_rule`) by rule namespace, run, agent and rule."""


def _add_rule(builder: GraphBuilder, rule: str, run: URIRef, agent: URIRef) -> None:
    """One rule used, as a plan of the build run."""
    node = builder.rule_iri(rule)
    builder.add(node, RDF.type, BKG.ExtractionRule)
    builder.add(node, RDF.type, PROV.Plan)
    builder.add(node, RDFS.label, Literal(rule))
    builder.add(run, PROV.qualifiedAssociation, URIRef(f"{run}#{rule}"))
    builder.add(URIRef(f"{run}#{rule}"), RDF.type, PROV.Association)
    builder.add(URIRef(f"{run}#{rule}"), PROV.agent, agent)
    builder.add(URIRef(f"{run}#{rule}"), PROV.hadPlan, node)


def map_extractions(
    extractions: Sequence[DocumentExtraction],
    resolution: Resolution,
    ids: InstanceNamespaces,
    run: URIRef,
) -> tuple[GraphBuilder, set[str]]:
    """A builder without a graph holding the own triples of ``extractions`` (add more
    before asking for its :meth:`~GraphBuilder.ntriples`) and the rules they used."""
    builder = GraphBuilder(None, ids, resolution)
    builder.pages = {ex.document.name: ex.document.pages for ex in extractions if ex.document.pages}
    rules: set[str] = set()
    for ex in extractions:
        rules |= builder.add_extraction(ex, run)
    return builder, rules


def document_part(
    extractions: Sequence[DocumentExtraction],
    resolution: Resolution,
    ids: InstanceNamespaces,
    run: URIRef,
) -> tuple[bytes, set[str]]:
    """The own triples of ``extractions`` (:meth:`GraphBuilder.add_extraction`) as
    N-Triples, and the rules they used: what a worker process returns to
    :func:`build_graph`'s ``parts``, compact and cheap to load into the build's store."""
    builder, rules = map_extractions(extractions, resolution, ids, run)
    return builder.ntriples(), rules


def _to_ox(node: Any) -> Any:
    """An rdflib term as an Oxigraph term (as oxrdflib converts it)."""
    from oxrdflib._converter import to_ox

    return to_ox(node)


def _bind(graph: Graph, ids: InstanceNamespaces) -> None:
    for prefix, ns in prefixes(ids).items():
        graph.bind(prefix, ns, override=True)


def prefixes(ids: InstanceNamespaces | None = None) -> dict[str, str]:
    ids = ids or InstanceNamespaces()
    out = {
        "bkg": str(BKG._NS),
        "bkgu": str(BKGU),
        "qb": str(QB),
        "sdmx-dimension": str(SDMX_DIM),
        "sdmx-measure": str(SDMX_MEASURE),
        "sdmx-attribute": str(SDMX_ATTR),
        "unit": str(UNIT),
        "qudt": str(QUDT),
        "oa": str(OA),
        "time": str(TIME),
        "prov": str(PROV),
        "skos": str(SKOS),
        "dcterms": str(DCTERMS),
        "rdfs": str(RDFS),
        "rdf": str(RDF),
        "owl": str(OWL),
        "xsd": str(XSD),
    }
    out.update(ids.prefixes())
    return out
