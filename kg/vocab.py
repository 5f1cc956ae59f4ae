"""Closed vocabularies: the ontology's terms and the standard ones we reuse.

A typo in a term raises at import time (``_fail = True``), the rdflib way. The
ontology file ``ontology/bkg.ttl`` defines every ``BKG`` term listed here; a test
checks the two agree.
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from kg.kinds import kinds

ONTOLOGY_IRI = "https://w3id.org/bank-kg/def/bkg"
DEFAULT_BASE = "https://w3id.org/bank-kg/"


class Vocabulary(Namespace):
    """A namespace of a vocabulary we reuse, whose terms are each made once: rdflib's
    ``Namespace`` makes and checks a new URIRef at every ``OA.hasSelector`` (a sixth of
    mapping's time), and the same object again is also found at once in a dict."""

    def term(self, name: str) -> URIRef:
        return _term(str.__str__(self), name if isinstance(name, str) else "")


@lru_cache(maxsize=4096)
def _term(namespace: str, name: str) -> URIRef:
    return URIRef(namespace + name)


class BKG(DefinedNamespace):
    """Bank strategy knowledge graph ontology."""

    _NS = Vocabulary(ONTOLOGY_IRI + "#")
    _fail = True

    # entity classes
    ReportedEntity: URIRef
    Institution: URIRef
    Bank: URIRef
    Strategy: URIRef
    Initiative: URIRef
    Product: URIRef
    ProductVersion: URIRef
    Department: URIRef
    Subsidiary: URIRef
    Branch: URIRef
    Organization: URIRef
    CustomerSegment: URIRef
    Award: URIRef
    Region: URIRef
    # observations, provenance, documents
    Metric: URIRef
    MeasureKind: URIRef
    ObservationStatus: URIRef
    Document: URIRef
    TextSpan: URIRef
    Sentence: URIRef
    ExtractionRule: URIRef
    ExtractedStatement: URIRef
    BuildRun: URIRef
    # relations between entities
    partOf: URIRef
    hasPart: URIRef
    versionOf: URIRef
    hasVersion: URIRef
    supports: URIRef
    supportedBy: URIRef
    responsibleFor: URIRef
    responsibilityOf: URIRef
    collaboratesWith: URIRef
    partnersWith: URIRef
    partnerOf: URIRef
    targets: URIRef
    targetedBy: URIRef
    received: URIRef
    receivedBy: URIRef
    awardedBy: URIRef
    giver: URIRef
    ofBank: URIRef
    # observation components
    refEntity: URIRef
    indicator: URIRef
    measureBasis: URIRef
    comparisonBasis: URIRef
    qualifier: URIRef
    direction: URIRef
    obsStatus: URIRef
    printedValue: URIRef
    periodCovered: URIRef
    subjectRule: URIRef
    # provenance and documents
    denotes: URIRef
    extractedBy: URIRef
    inSentence: URIRef
    contextSpan: URIRef
    sentenceIndex: URIRef
    page: URIRef
    fileName: URIRef
    sha256: URIRef
    encoding: URIRef
    referenceDate: URIRef
    aboutBank: URIRef
    inferredField: URIRef
    toolVersion: URIRef
    ruleVersion: URIRef
    # code list individuals
    Actual: URIRef
    Planned: URIRef


QB = Vocabulary("http://purl.org/linked-data/cube#")
SDMX_DIM = Vocabulary("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Vocabulary("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATTR = Vocabulary("http://purl.org/linked-data/sdmx/2009/attribute#")
QUDT = Vocabulary("http://qudt.org/schema/qudt/")
UNIT = Vocabulary("http://qudt.org/vocab/unit/")
OA = Vocabulary("http://www.w3.org/ns/oa#")
TIME = Vocabulary("http://www.w3.org/2006/time#")
ORG = Vocabulary("http://www.w3.org/ns/org#")
SCHEMA = Vocabulary("https://schema.org/")
BKGU = Vocabulary("https://w3id.org/bank-kg/def/unit/")


class InstanceNamespaces:
    """Slash namespaces for instances, one per type, under a configurable base IRI."""

    TYPES = (
        *(k.type for k in kinds()),
        "metric",
        "measure",
        "period",
        "doc",
        "dataset",
        "span",
        "sentence",
        "rule",
        "stmt",
        "obs",
        "run",
        "agent",
        "scheme",
        "dsd",
        "graph",
    )

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        if not base.endswith("/"):
            base += "/"
        self.base = base
        self.ns = {t: Namespace(f"{base}id/{t}/") for t in self.TYPES}

    def __getitem__(self, kind: str) -> Namespace:
        return self.ns[kind]

    def prefixes(self) -> dict[str, str]:
        """Turtle prefixes: ``e<type>`` for each instance type."""
        return {f"e{t}": str(ns) for t, ns in self.ns.items()}


KIND_TO_CLASS: dict[str, URIRef] = {k.name: getattr(BKG, k.name) for k in kinds()}
"""Each kind's class (a kind without a term above fails here: the namespace is closed)."""

KIND_TO_TYPE: dict[str, str] = {k.name: k.type for k in kinds()}
