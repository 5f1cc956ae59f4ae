"""Graph files: deterministic bytes, atomic writes, clear read errors."""

from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace

from kg.graphio import GraphError, atomic_write, read_graph, serialize, write_graph

EX = Namespace("https://example.org/")


def _graph(order: list[int]) -> Graph:
    g = Graph(store="Oxigraph")
    for i in order:
        g.add((EX[f"s{i}"], EX.p, Literal(f"值{i}", lang="zh-Hans")))
    return g


def test_serialisation_does_not_depend_on_insertion_order():
    assert serialize(_graph([1, 2, 3]), "ttl") == serialize(_graph([3, 1, 2]), "ttl")
    assert serialize(_graph([1, 2, 3]), "nt") == serialize(_graph([2, 3, 1]), "nt")


def test_round_trip(tmp_path: Path):
    path = tmp_path / "g.ttl"
    write_graph(_graph([1, 2]), path, "ttl", {"ex": str(EX)})
    assert len(read_graph(path)) == 2
    assert "@prefix ex:" in path.read_text(encoding="utf-8")


def test_failed_write_keeps_the_previous_file(tmp_path: Path):
    path = tmp_path / "g.ttl"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_write(path) as fh:
        fh.write(b"half")
        raise RuntimeError("boom")
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["g.ttl"]


def test_unknown_format():
    with pytest.raises(GraphError, match="unknown format"):
        serialize(_graph([1]), "docx")


def test_unreadable_graph(tmp_path: Path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("not <turtle", encoding="utf-8")
    with pytest.raises(GraphError, match=r"bad\.ttl"):
        read_graph(bad)
