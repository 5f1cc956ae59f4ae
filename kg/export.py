"""Exports for other graph tools: RDF formats through Oxigraph, GraphML through networkx,
and the dataset (one named graph per document) as TriG or N-Quads for triple stores."""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from kg.dataset import DATASET_FORMATS, NamedGraphs, write_dataset
from kg.graphio import GraphError, write_bytes, write_graph


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """Every resource a node, every triple between resources an edge; literals as attributes.

    Node attributes: ``label`` (the zh-Hans prefLabel if any), ``types`` (class IRIs
    joined by spaces) and one attribute per literal property (values joined by ' | ').
    """
    g = nx.MultiDiGraph()
    attrs: dict[str, dict[str, list[str]]] = {}
    for s, p, o in sorted(graph, key=lambda t: (str(t[0]), str(t[1]), str(t[2]))):
        sid = str(s)
        g.add_node(sid)
        if isinstance(o, Literal):
            attrs.setdefault(sid, {}).setdefault(_local(p), []).append(str(o))
            if p == SKOS.prefLabel and (o.language or "").lower() == "zh-hans":
                g.nodes[sid]["label"] = str(o)
        elif p == RDF.type:
            attrs.setdefault(sid, {}).setdefault("types", []).append(str(o))
        elif isinstance(o, URIRef):
            g.add_edge(sid, str(o), key=_local(p), predicate=str(p))
    for node, values in attrs.items():
        for key, vals in values.items():
            g.nodes[node][key] = " | ".join(sorted(set(vals)))
    return g


def _local(iri: object) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def export_graph(graph: Graph, fmt: str, out_path: Path) -> None:
    if fmt in ("ttl", "nt", "jsonld"):
        write_graph(graph, out_path, fmt)
    elif fmt == "graphml":
        buf = io.BytesIO()
        nx.write_graphml(to_networkx(graph), buf)
        write_bytes(out_path, buf.getvalue())
    else:
        raise GraphError(f"unknown export format {fmt!r}")


def export_dataset(dataset: NamedGraphs, fmt: str, out_path: Path) -> None:
    """The dataset (the default graph and one named graph per document) as TriG or N-Quads."""
    if fmt not in DATASET_FORMATS:
        raise GraphError(f"unknown dataset format {fmt!r}; use one of {', '.join(DATASET_FORMATS)}")
    write_dataset(dataset, out_path, fmt)
