"""Closed vocabularies: the ontology's terms and the standard ones we reuse.

A typo in a term raises at import time (``_fail = True``), the rdflib way. The
ontology file ``ontology/bkg.ttl`` defines every ``BKG`` term listed here; a test
checks the two agree.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from kg.kinds import kinds

ONTOLOGY_IRI = "https://w3id.org/bank-kg/def/bkg"
DEFAULT_BASE = "https://w3id.org/bank-kg/"


class BKG(DefinedNamespace):
    """Bank strategy knowledge graph ontology."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
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


QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIM = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATTR = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
OA = Namespace("http://www.w3.org/ns/oa#")
TIME = Namespace("http://www.w3.org/2006/time#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
BKGU = Namespace("https://w3id.org/bank-kg/def/unit/")


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
