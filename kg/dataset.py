"""One named graph per document: the dataset view of a built graph.

A triple store keeps what one document says apart from what the build merged, so that
rebuilding after one document changed replaces that document's graph and nothing else:

- the named graph ``{document IRI}/graph`` holds the document's own facts: the document
  node, its metrics data set, its sentences, mention and evidence spans (with their
  selectors), its observations, and the ``prov:wasDerivedFrom`` links from relation
  statements to evidence found in it;
- the default graph holds what is shared across documents: the entities, relations as
  plain triples and as statements, metrics, periods, units, rules, and the build record
  (which documents it used, what it generated).

The placement is a function of the graph, not of the build: any ``graph.ttl`` (the
merged view, which stays the file for tools that read one graph) gives the same dataset,
and the union of the dataset's graphs is exactly that merged graph. Quads are sorted
(graph, subject, predicate, object) before serialising, so TriG and N-Quads are
byte-stable like the Turtle.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, Graph
from rdflib.namespace import PROV

from kg.graphio import GraphError, read_graph, to_ox_triples, write_bytes
from kg.vocab import BKG, OA, QB, InstanceNamespaces

_RDF_TYPE = ox.NamedNode(str(RDF.type))
_DOCUMENT = ox.NamedNode(str(BKG.Document))
_HAS_SOURCE = ox.NamedNode(str(OA.hasSource))
_QB_DATASET_CLASS = ox.NamedNode(str(QB.DataSet))
_QB_DATASET = ox.NamedNode(str(QB.dataSet))
_DERIVED_FROM = ox.NamedNode(str(PROV.wasDerivedFrom))
_GENERATED_BY = ox.NamedNode(str(PROV.wasGeneratedBy))

DATASET_FORMATS = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS}


def document_graph_iri(document_iri: str) -> str:
    """The named graph of one document: derived from the document's IRI, so it is as stable."""
    return f"{document_iri}/graph"


@dataclass(frozen=True)
class NamedGraphs:
    """A dataset: the default graph's triples and each document graph's, all sorted."""

    default: tuple[ox.Triple, ...]
    graphs: tuple[tuple[str, tuple[ox.Triple, ...]], ...]
    """(graph IRI, triples) pairs, by graph IRI."""
    prefixes: tuple[tuple[str, str], ...] = ()
    """Prefixes for TriG, as the source graph bound them."""

    def quads(self) -> list[ox.Quad]:
        """Default graph first, then each named graph, each in triple order."""
        out = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in self.default]
        for iri, triples in self.graphs:
            name = ox.NamedNode(iri)
            out.extend(ox.Quad(t.subject, t.predicate, t.object, name) for t in triples)
        return out

    def graph(self, iri: str | None) -> tuple[ox.Triple, ...]:
        """The triples of one graph (``None`` for the default graph); empty if absent."""
        if iri is None:
            return self.default
        return dict(self.graphs).get(iri, ())

    def names(self) -> list[str]:
        return [iri for iri, _ in self.graphs]


def _iri(term: object) -> str:
    """The IRI of a named node; an empty string for anything else."""
    return term.value if isinstance(term, ox.NamedNode) else ""


def _owners(triples: Sequence[ox.Triple]) -> dict[str, str]:
    """Which document each document-bound node belongs to (node IRI -> document IRI)."""
    owner: dict[str, str] = {}
    for t in triples:
        if t.predicate == _RDF_TYPE and t.object == _DOCUMENT:
            owner[_iri(t.subject)] = _iri(t.subject)
    for t in triples:  # spans and sentences name their document
        if t.predicate == _HAS_SOURCE and _iri(t.object) in owner:
            owner[_iri(t.subject)] = owner[_iri(t.object)]
    datasets = {
        _iri(t.subject)
        for t in triples
        if t.predicate == _RDF_TYPE and t.object == _QB_DATASET_CLASS
    }
    for t in triples:  # a document's metrics data set
        if t.predicate == _DERIVED_FROM and _iri(t.subject) in datasets and _iri(t.object) in owner:
            owner[_iri(t.subject)] = owner[_iri(t.object)]
    for t in triples:  # the observations in it
        if t.predicate == _QB_DATASET and _iri(t.object) in owner:
            owner[_iri(t.subject)] = owner[_iri(t.object)]
    owner.pop("", None)
    return owner


def _owner_of(node: object, owner: dict[str, str]) -> str | None:
    iri = _iri(node)
    if not iri:
        return None
    found = owner.get(iri)
    if found is None and "#" in iri:  # a selector of a span, a part of a node
        found = owner.get(iri.split("#", 1)[0])
    return found


def _ordered(triples: Iterable[ox.Triple]) -> tuple[ox.Triple, ...]:
    return tuple(sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object))))


def partition(graph: Graph) -> NamedGraphs:
    """Split a merged graph into the default graph and one named graph per document."""
    triples = to_ox_triples(graph)
    owner = _owners(triples)
    default: list[ox.Triple] = []
    named: dict[str, list[ox.Triple]] = {}
    for t in triples:
        doc = None
        if t.predicate != _GENERATED_BY:  # the build record stays in the default graph
            doc = _owner_of(t.subject, owner)
            if doc is None and t.predicate == _DERIVED_FROM:  # a statement's evidence
                doc = _owner_of(t.object, owner)
        if doc is None:
            default.append(t)
        else:
            named.setdefault(document_graph_iri(doc), []).append(t)
    graphs = tuple((k, tuple(v)) for k, v in sorted(named.items()))
    return NamedGraphs(tuple(default), graphs, _prefixes(set(owner.values())))


def _prefixes(documents: set[str]) -> tuple[tuple[str, str], ...]:
    """The build's prefixes, for the base IRI its document IRIs were minted under."""
    from kg.rdfmap import prefixes

    bases = {d.rsplit("id/doc/", 1)[0] for d in documents if "id/doc/" in d}
    ids = InstanceNamespaces(bases.pop()) if len(bases) == 1 else InstanceNamespaces()
    return tuple(prefixes(ids).items())


def serialize_dataset(dataset: NamedGraphs, fmt: str = "trig") -> bytes:
    if fmt not in DATASET_FORMATS:
        raise GraphError(f"unknown dataset format {fmt!r}; use one of {', '.join(DATASET_FORMATS)}")
    out = ox.serialize(
        dataset.quads(),
        format=DATASET_FORMATS[fmt],
        prefixes=dict(dataset.prefixes) if fmt == "trig" else None,
    )
    return out if isinstance(out, bytes) else b""


def write_dataset(dataset: NamedGraphs, path: Path, fmt: str = "trig", force: bool = False) -> None:
    write_bytes(path, serialize_dataset(dataset, fmt), force)


def read_dataset(path: Path) -> NamedGraphs:
    """A dataset from TriG or N-Quads as written, or the partition of a one-graph file."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in DATASET_FORMATS:
        return partition(read_graph(path))
    if not path.exists():
        raise GraphError(f"{path}: no such dataset file; run `kg export --format {suffix}` first")
    try:
        parser = ox.parse(path=str(path), format=DATASET_FORMATS[suffix])
        quads = list(parser)
        prefixes = tuple(sorted(parser.prefixes.items())) if suffix == "trig" else ()
    except (SyntaxError, ValueError, OSError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
        raise GraphError(f"{path}: not a readable RDF dataset ({first})") from exc
    default: set[ox.Triple] = set()
    named: dict[str, set[ox.Triple]] = {}
    for q in quads:
        if isinstance(q.graph_name, ox.DefaultGraph):
            default.add(q.triple)
        else:
            named.setdefault(q.graph_name.value, set()).add(q.triple)
    graphs = tuple((k, _ordered(v)) for k, v in sorted(named.items()))
    return NamedGraphs(_ordered(default), graphs, prefixes)


def union_graph(dataset: NamedGraphs) -> Graph:
    """The merged view of a dataset (every graph's triples, once) as an rdflib Graph."""
    triples = set(dataset.default)
    for _, graph_triples in dataset.graphs:
        triples.update(graph_triples)
    data = ox.serialize(_ordered(triples), format=ox.RdfFormat.N_TRIPLES)
    graph = Graph(store="Oxigraph")
    graph.parse(data=data or b"", format="ox-ntriples")
    for prefix, ns in dataset.prefixes:
        graph.bind(prefix, ns, override=True)
    return graph
