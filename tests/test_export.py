"""Exports as the receiving tools read them: GraphML in networkx (as Gephi keeps it), the
Neo4j import bundle against neo4j-admin's documented header format, Turtle with the
project's prefixes only."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.export import ENTITY_RELATIONS, NEO4J_EDGE_HEADER, NEO4J_NODE_HEADER, relation_labels
from kg.queries import from_text, run
from kg.rdfmap import prefixes

ENTITY_CLASSES = [
    "Bank",
    "Strategy",
    "Initiative",
    "Product",
    "Department",
    "Subsidiary",
    "Branch",
    "Organization",
    "CustomerSegment",
    "Award",
    "Region",
]


def _export(seeds_out: Path, tmp_path: Path, fmt: str, *extra: str) -> Path:
    out = tmp_path / f"export-{fmt}"
    graph = str(seeds_out / "graph.ttl")
    args = ["export", "--graph", graph, "--format", fmt, "--out", str(out), *extra]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return out


def _relation_triples(graph) -> set[tuple[str, str, str]]:
    """Counted independently of the exporter: triples of a relation property between two
    resources typed as entities."""
    text = (
        "PREFIX bkg: <https://w3id.org/bank-kg/def/bkg#>\n"
        "SELECT DISTINCT ?s ?p ?o WHERE {\n"
        f"  VALUES ?p {{ {' '.join('bkg:' + r for r in ENTITY_RELATIONS)} }}\n"
        f"  VALUES ?c {{ {' '.join('bkg:' + c for c in ENTITY_CLASSES)} }}\n"
        f"  VALUES ?d {{ {' '.join('bkg:' + c for c in ENTITY_CLASSES)} }}\n"
        "  ?s ?p ?o . ?s a ?c . ?o a ?d .\n} ORDER BY ?s ?p ?o"
    )
    return {tuple(row) for row in run(graph, from_text(text)).rows}


@pytest.fixture(scope="module")
def graphml(seeds_out, tmp_path_factory) -> nx.MultiDiGraph:
    path = _export(seeds_out, tmp_path_factory.mktemp("graphml"), "graphml")
    return nx.read_graphml(path, force_multigraph=True)


def test_graphml_has_one_edge_per_relation_between_entities(seeds_graph, graphml):
    triples = _relation_triples(seeds_graph)
    assert triples, "the seeds have relations"
    assert graphml.number_of_edges() == len(triples)
    got = {
        (s, "https://w3id.org/bank-kg/def/bkg#" + d["kind"], o)
        for s, o, d in graphml.edges(data=True)
    }
    assert got == triples


def test_graphml_edge_ids_are_unique(seeds_out, tmp_path):
    text = _export(seeds_out, tmp_path, "graphml").read_text(encoding="utf-8")
    ids = re.findall(r'<edge [^>]*\bid="([^"]+)"', text)
    assert ids and len(ids) == len(set(ids)) == text.count("<edge ")


def test_graphml_nodes_are_entities_with_typed_counts(graphml, seeds_graph):
    entities = {
        r[0]
        for r in run(
            seeds_graph,
            from_text(
                "PREFIX bkg: <https://w3id.org/bank-kg/def/bkg#>\nSELECT DISTINCT ?e WHERE {"
                f" VALUES ?c {{ {' '.join('bkg:' + c for c in ENTITY_CLASSES)} }} ?e a ?c }}"
                " ORDER BY ?e"
            ),
        ).rows
    }
    assert set(graphml.nodes) == entities
    for _, data in graphml.nodes(data=True):
        assert data["label"] and data["kind"] in ENTITY_CLASSES
        assert type(data["observations"]) is int and type(data["documents"]) is int
    with_figures = [d for _, d in graphml.nodes(data=True) if d["observations"]]
    assert with_figures and all(d["figures"] for d in with_figures)


def test_graphml_edges_carry_short_kind_and_labels_in_both_languages(graphml):
    labels = relation_labels()
    for _, _, data in graphml.edges(data=True):
        assert data["kind"] in ENTITY_RELATIONS
        assert (data["label"], data["label_en"]) == labels[data["kind"]]
        assert re.search(r"[\u4e00-\u9fff]", data["label"])
        assert type(data["evidence"]) is int
    assert labels["supports"] == ("服务于", "supports")


def test_graphml_of_every_resource_keeps_unique_ids_and_numbers(seeds_out, tmp_path):
    path = _export(seeds_out, tmp_path, "graphml", "--all-nodes")
    g = nx.read_graphml(path, force_multigraph=True)
    text = path.read_text(encoding="utf-8")
    ids = re.findall(r'<edge [^>]*\bid="([^"]+)"', text)
    assert len(ids) == len(set(ids)) == g.number_of_edges() > 1000
    values = [d["obsValue"] for _, d in g.nodes(data=True) if "obsValue" in d]
    assert values and all(isinstance(v, float) for v in values)


# neo4j-admin database import: a header field is name:type, or :ID / :LABEL / :START_ID /
# :END_ID / :TYPE (optionally named); types from the Neo4j import manual, arrays with []
_NEO4J_FIELD = re.compile(
    r"^(?:\w*:(?:ID|LABEL|START_ID|END_ID|TYPE|IGNORE)|\w+(?::(?:int|long|float|double|"
    r"boolean|byte|short|char|string|point|date|localtime|time|localdatetime|datetime|"
    r"duration)(?:\[\])?)?)$"
)


def test_neo4j_bundle_follows_the_import_format(seeds_graph, seeds_out, tmp_path):
    folder = _export(seeds_out, tmp_path, "neo4j")
    with (folder / "nodes.csv").open(encoding="utf-8", newline="") as fh:
        nodes = list(csv.reader(fh))
    with (folder / "relationships.csv").open(encoding="utf-8", newline="") as fh:
        edges = list(csv.reader(fh))
    assert tuple(nodes[0]) == NEO4J_NODE_HEADER and tuple(edges[0]) == NEO4J_EDGE_HEADER
    for field in nodes[0] + edges[0]:
        assert _NEO4J_FIELD.match(field), field
    assert sum(f.endswith(":ID") for f in nodes[0]) == 1
    assert {":START_ID", ":END_ID", ":TYPE"} <= set(edges[0])
    ids = [row[nodes[0].index("id:ID")] for row in nodes[1:]]
    assert len(ids) == len(set(ids))
    start, end, kind = (edges[0].index(c) for c in (":START_ID", ":END_ID", ":TYPE"))
    assert all(row[start] in set(ids) and row[end] in set(ids) for row in edges[1:])
    assert {row[kind] for row in edges[1:]} <= set(ENTITY_RELATIONS)
    assert len(edges) - 1 == len(_relation_triples(seeds_graph))
    for header, rows in ((nodes[0], nodes[1:]), (edges[0], edges[1:])):
        for i, field in enumerate(header):
            if field.endswith(":int"):
                assert all(re.fullmatch(r"\d+", row[i]) for row in rows), field
    labels = nodes[0].index(":LABEL")
    assert all(row[labels].startswith("Entity;") for row in nodes[1:])


def test_turtle_export_has_the_projects_prefixes_only(seeds_out, tmp_path):
    path = _export(seeds_out, tmp_path, "ttl")
    text = path.read_text(encoding="utf-8")
    declared = dict(re.findall(r"^@prefix ([\w-]*): <([^>]*)> \.$", text, re.M))
    assert declared and set(declared.items()) <= set(prefixes().items())
    assert "brick" not in declared and "sosa" not in declared
    assert {"bkg", "eproduct", "estrategy", "espan"} <= set(declared)
    assert path.read_bytes() == (seeds_out / "graph.ttl").read_bytes()
