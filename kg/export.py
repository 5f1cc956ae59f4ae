"""Exports for other graph tools: RDF formats through Oxigraph, GraphML through networkx,
a Neo4j import bundle, and the dataset (one named graph per document) as TriG or N-Quads.

What graph tools (Gephi, networkx, Neo4j) want is the network of entities and the
relations between them, not the provenance that carries it (spans and sentences are
most of the nodes). So GraphML and the Neo4j bundle hold by default one node per entity
(its label, kind and typed counts; its figures as attributes) and one edge per relation
triple, with a unique id, a short ``kind`` and labels in Chinese and English read from
the ontology. ``--all-nodes`` keeps every resource, with unique edge ids too.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

import networkx as nx
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from kg.dataset import DATASET_FORMATS, NamedGraphs, write_dataset
from kg.graphio import GraphError, write_bytes, write_graph
from kg.models import RELATIONS
from kg.publish import check_out_dir, publish
from kg.queries import load, run
from kg.vocab import BKG, DEFAULT_BASE, InstanceNamespaces

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology" / "bkg.ttl"
#: the relations between entities: the eight extracted ones and an award's giver
ENTITY_RELATIONS: tuple[str, ...] = (*RELATIONS, "awardedBy")
#: the header of the Neo4j bundle, in neo4j-admin's import format (name:type, :ID …)
NEO4J_NODE_HEADER = (
    "id:ID",
    "label",
    "kind",
    "aliases:string[]",
    "docs:string[]",
    "documents:int",
    "observations:int",
    "figures:string[]",
    ":LABEL",
)
NEO4J_EDGE_HEADER = (
    ":START_ID",
    ":END_ID",
    ":TYPE",
    "id",
    "label_zh",
    "label_en",
    "evidence:int",
    "docs:string[]",
)
LATEST_FIGURES = 6


@dataclass(frozen=True)
class EntityNode:
    id: str
    label: str
    kind: str
    aliases: tuple[str, ...]
    docs: tuple[str, ...]
    observations: int
    figures: tuple[str, ...]
    """The latest figure of each metric: ``客户数 = 600000000 户 (2025-06-30)``."""


@dataclass(frozen=True)
class EntityEdge:
    id: str
    source: str
    target: str
    kind: str
    label_zh: str
    label_en: str
    evidence: int
    docs: tuple[str, ...]


@lru_cache(maxsize=1)
def relation_labels() -> dict[str, tuple[str, str]]:
    """(zh-Hans, en) label of every bkg: property, read from the ontology."""
    onto = Graph()
    onto.parse(ONTOLOGY, format="turtle")
    out: dict[str, tuple[str, str]] = {}
    for prop in set(onto.subjects(RDF.type, None)):
        if not str(prop).startswith(str(BKG._NS)):
            continue
        labels = {
            (v.language or "").lower(): str(v)
            for v in onto.objects(prop, RDFS.label)
            if isinstance(v, Literal)
        }
        local = str(prop)[len(str(BKG._NS)) :]
        out[local] = (labels.get("zh-hans", local), labels.get("en", local))
    return out


def _split(cell: str) -> tuple[str, ...]:
    return tuple(x for x in cell.split(" | ") if x) if cell else ()


def entity_network(graph: Graph) -> tuple[list[EntityNode], list[EntityEdge]]:
    """Entities (with their figures) and the relation triples between them."""
    figures: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
    counts: dict[str, int] = defaultdict(int)
    for r in run(graph, load("observations")).records():
        counts[r["subject"]] += 1
        line = f"{r['metric']} = {r['qualifier']}{r['value']} {r['unit']} ({r['date']})"
        known = figures[r["subject"]].get(r["metric"])
        if known is None or (r["date"], line) > known:
            figures[r["subject"]][r["metric"]] = (r["date"], line)
    nodes = []
    for r in run(graph, load("entities")).records():
        latest = sorted(figures[r["entity"]].values(), reverse=True)[:LATEST_FIGURES]
        nodes.append(
            EntityNode(
                r["entity"],
                r["label"],
                r["kind"],
                _split(r["aliases"]),
                _split(r["docs"]),
                counts[r["entity"]],
                tuple(line for _, line in latest),
            )
        )
    ids = {n.id for n in nodes}
    evidence: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    docs: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    by_label: dict[str, set[str]] = defaultdict(set)
    for n in nodes:
        by_label[n.label].add(n.id)
    for r in run(graph, load("relations")).records():
        keys = [(r["subject"], r["relation"], r["object"])]
        # the statement that an award was received also states who gave it
        keys += [(r["object"], "awardedBy", giver) for giver in by_label.get(r["giverLabel"], ())]
        for key in keys:
            evidence[key].add(f"{r['doc']}\t{r['quote']}")
            docs[key].add(r["doc"])
    labels = relation_labels()
    triples = sorted(
        (str(s), relation, str(o))
        for relation in ENTITY_RELATIONS
        for s, o in graph.subject_objects(BKG[relation])
        if str(s) in ids and str(o) in ids
    )
    edges = []
    for i, (s, relation, o) in enumerate(triples):
        zh, en = labels.get(relation, (relation, relation))
        key = (s, relation, o)
        edges.append(
            EntityEdge(
                f"e{i}", s, o, relation, zh, en, len(evidence[key]), tuple(sorted(docs[key]))
            )
        )
    return nodes, edges


def to_networkx(graph: Graph, entities_only: bool = True) -> nx.MultiDiGraph:
    """The graph for networkx and GraphML (Gephi, yEd, Cytoscape).

    Entities only (the default): node attributes ``label``, ``kind``, ``aliases``,
    ``documents`` (int), ``observations`` (int) and ``figures``; edge attributes ``kind``
    (``supports``), ``label`` (服务于), ``label_en``, ``evidence`` (int) and ``docs``;
    every edge keyed by a unique id. With ``entities_only=False`` every resource is a
    node (see :func:`_all_resources`).
    """
    if not entities_only:
        return _all_resources(graph)
    nodes, edges = entity_network(graph)
    g = nx.MultiDiGraph()
    for n in nodes:
        g.add_node(
            n.id,
            label=n.label,
            kind=n.kind,
            aliases=" | ".join(n.aliases),
            documents=len(n.docs),
            docs=" | ".join(n.docs),
            observations=n.observations,
            figures=" | ".join(n.figures),
        )
    for e in edges:
        g.add_edge(
            e.source,
            e.target,
            key=e.id,
            kind=e.kind,
            label=e.label_zh,
            label_en=e.label_en,
            evidence=e.evidence,
            docs=" | ".join(e.docs),
        )
    return g


def _number(value: Literal) -> float | None:
    if value.datatype is None or not str(value.datatype).startswith(str(XSD)):
        return None
    if value.datatype in (XSD.string, XSD.date, XSD.dateTime, XSD.boolean, XSD.anyURI):
        return None
    try:
        return float(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return None


def _all_resources(graph: Graph) -> nx.MultiDiGraph:
    """Every resource a node, every triple between resources an edge with a unique id;
    literals as node attributes (a single numeric value as a number)."""
    g = nx.MultiDiGraph()
    attrs: dict[str, dict[str, list[Literal]]] = {}
    labels = relation_labels()
    n = 0
    for s, p, o in sorted(graph, key=lambda t: (str(t[0]), str(t[1]), str(t[2]))):
        sid = str(s)
        g.add_node(sid)
        if isinstance(o, Literal):
            attrs.setdefault(sid, {}).setdefault(_local(p), []).append(o)
            if p == SKOS.prefLabel and (o.language or "").lower() == "zh-hans":
                g.nodes[sid]["label"] = str(o)
        elif p == RDF.type:
            if str(o).startswith(str(BKG._NS)):
                g.nodes[sid]["kind"] = _local(o)
            attrs.setdefault(sid, {}).setdefault("types", []).append(Literal(str(o)))
        elif isinstance(o, URIRef):
            local = _local(p)
            zh, en = labels.get(local, (local, local))
            g.add_edge(sid, str(o), key=f"e{n}", kind=local, label=zh, label_en=en)
            n += 1
    for node, values in attrs.items():
        for key, vals in values.items():
            numbers = [_number(v) for v in vals]
            if len(vals) == 1 and numbers[0] is not None and key != "label":
                g.nodes[node][key] = numbers[0]
            elif key != "label":
                g.nodes[node][key] = " | ".join(sorted({str(v) for v in vals}))
    return g


def _local(iri: object) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def project_prefixes(graph: Graph) -> dict[str, str]:
    """The project's prefixes (vocabularies and the ``e<type>`` instance prefixes of the
    graph's own base IRI), and no others."""
    from kg.rdfmap import prefixes

    base = DEFAULT_BASE
    for doc in graph.subjects(RDF.type, BKG.Document):
        text = str(doc)
        if "/id/doc/" in text:
            base = text.split("/id/doc/", 1)[0] + "/"
            break
    return prefixes(InstanceNamespaces(base))


def neo4j_bundle(graph: Graph) -> dict[str, str]:
    """``nodes.csv`` and ``relationships.csv`` for ``neo4j-admin database import full``
    (arrays split on ``;``, the tool's default)."""
    nodes, edges = entity_network(graph)

    def array(items: tuple[str, ...]) -> str:
        return ";".join(item.replace(";", ",") for item in items)

    out_nodes = io.StringIO()
    writer = csv.writer(out_nodes, lineterminator="\n")
    writer.writerow(NEO4J_NODE_HEADER)
    for n in nodes:
        writer.writerow(
            [
                n.id,
                n.label,
                n.kind,
                array(n.aliases),
                array(n.docs),
                len(n.docs),
                n.observations,
                array(n.figures),
                f"Entity;{n.kind}",
            ]
        )
    out_edges = io.StringIO()
    writer = csv.writer(out_edges, lineterminator="\n")
    writer.writerow(NEO4J_EDGE_HEADER)
    for e in edges:
        writer.writerow(
            [e.source, e.target, e.kind, e.id, e.label_zh, e.label_en, e.evidence, array(e.docs)]
        )
    return {"nodes.csv": out_nodes.getvalue(), "relationships.csv": out_edges.getvalue()}


EXPORT_FORMATS = ("ttl", "nt", "jsonld", "graphml", "neo4j")


def export_graph(
    graph: Graph, fmt: str, out_path: Path, entities_only: bool = True, force: bool = False
) -> list[Path]:
    """Write ``graph`` in ``fmt``; returns the files written (the Neo4j bundle is a folder
    with two CSV files, published together). Nothing is written through a symlink, FIFO
    or device (:mod:`kg.publish`) unless ``force``."""
    if fmt in ("ttl", "nt", "jsonld"):
        write_graph(graph, out_path, fmt, project_prefixes(graph), force)
    elif fmt == "graphml":
        buf = io.BytesIO()
        nx.write_graphml(to_networkx(graph, entities_only), buf)
        write_bytes(out_path, buf.getvalue(), force)
    elif fmt == "neo4j":
        check_out_dir(out_path, force)
        files = {name: text.encode("utf-8") for name, text in neo4j_bundle(graph).items()}
        return list(publish(out_path, files, force=force).values())
    else:
        raise GraphError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    return [out_path]


def export_dataset(dataset: NamedGraphs, fmt: str, out_path: Path, force: bool = False) -> None:
    """The dataset (the default graph and one named graph per document) as TriG or N-Quads."""
    if fmt not in DATASET_FORMATS:
        raise GraphError(f"unknown dataset format {fmt!r}; use one of {', '.join(DATASET_FORMATS)}")
    write_dataset(dataset, out_path, fmt, force)
