"""Graph files: deterministic bytes, atomic writes, clear read errors."""

from pathlib import Path

import pytest
from rdflib import XSD, Graph, Literal, Namespace

from kg.graphio import GraphError, atomic_write, read_graph, serialize, write_bytes, write_graph

EX = Namespace("https://example.org/")


def _graph(order: list[int]) -> Graph:
    g = Graph(store="Oxigraph")
    for i in order:
        g.add((EX[f"s{i}"], EX.p, Literal(f"值{i}", lang="zh-Hans")))
    return g


def test_serialisation_does_not_depend_on_insertion_order():
    assert serialize(_graph([1, 2, 3]), "ttl") == serialize(_graph([3, 1, 2]), "ttl")
    assert serialize(_graph([1, 2, 3]), "nt") == serialize(_graph([2, 3, 1]), "nt")


def test_turtle_from_sorted_lines_keeps_the_order_of_the_terms():
    """An Oxigraph-backed graph is written from its N-Triples lines sorted as bytes; an
    in-memory rdflib graph from its terms sorted as strings: the same bytes, also where
    one term's text is the start of another's (IRIs, plain, tagged and typed literals,
    escapes, characters beyond the Basic Multilingual Plane)."""
    objects = [
        Literal("abc"),
        Literal("abc", lang="en"),
        Literal("abc", datatype=XSD.token),
        Literal("ab"),
        Literal("abc d"),
        Literal('a"b'),
        Literal("a\nb\tc"),
        Literal("a\x01b"),
        Literal("中"),
        Literal("\U00020000"),
        Literal("\uffef"),
        Literal(7),
        Literal("07", datatype=EX.code),
        EX.a,
        EX.ab,
        EX["a/b"],
    ]
    subjects = [EX.a, EX.ab, EX["a%20b"], EX["a-"], EX["中"], EX["\U00020000"]]
    oxi, memory = Graph(store="Oxigraph"), Graph()
    for s in subjects:
        for p in (EX.p, EX.pq, EX["p/q"]):
            for o in objects:
                oxi.add((s, p, o))
                memory.add((s, p, o))
    assert len(oxi) == len(memory) == len(subjects) * 3 * len(objects)
    for fmt in ("ttl", "nt"):
        assert serialize(oxi, fmt, {"ex": str(EX)}) == serialize(memory, fmt, {"ex": str(EX)})


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


@pytest.mark.parametrize("fmt", ["ttl", "nt"])
def test_a_graph_sorted_in_runs_on_disk_is_written_as_in_one(fmt, monkeypatch, tmp_path):
    """Larger than one sorting run, the lines are sorted in runs written beside the output
    and merged: the same bytes, and nothing left in the scratch folder."""
    import io

    from kg import graphio

    graph = _graph(list(range(200, 0, -1)))
    whole = serialize(graph, fmt, {"ex": str(EX)})
    monkeypatch.setattr(graphio, "SORT_RUN_BYTES", 300)
    out = io.BytesIO()
    graphio.serialize_to(graph, out, fmt, {"ex": str(EX)}, tmp_path)
    assert out.getvalue() == whole
    assert whole.count(b"\n") >= 200
    assert list(tmp_path.iterdir()) == []


def test_triple_count_is_the_number_of_triples_of_the_graph_alone():
    """Counted by the store (no set of every triple), the graph's own triples only: not
    those another graph of the same store holds, and a triple added twice counts once."""
    import pyoxigraph as ox
    from oxrdflib._converter import to_ox

    from kg.graphio import triple_count

    graph = _graph([1, 2, 3])
    graph.add((EX.s1, EX.p, Literal("值1", lang="zh-Hans")))
    elsewhere = ox.Quad(to_ox(EX.s9), to_ox(EX.p), to_ox(Literal("x")), to_ox(EX.other))
    graph.store._inner.add(elsewhere)
    assert triple_count(graph) == 3 == len(graph)
    plain = Graph()
    plain.add((EX.s1, EX.p, Literal("a")))
    plain.add((EX.s2, EX.p, Literal("b")))
    assert triple_count(plain) == 2
    assert triple_count(Graph(store="Oxigraph")) == 0


def test_sorted_runs_merged_by_blocks_are_heapq_merge_of_them():
    """merge_blocks hands on the bytes heapq.merge gives, whatever the blocks' sizes:
    lines that begin others, lines equal across runs, empty and one-line runs, a run whose
    every line sorts before another's, lines beyond ASCII (UTF-8 keeps the code points'
    order)."""
    import heapq
    import random

    from kg.graphio import list_blocks, merge_blocks

    rng = random.Random(15)
    alphabet = ["a", "ab", "b", " ", "-", "#", ">", "中", "银", "\U00020000", "<x>"]
    for _ in range(200):
        runs = [
            sorted(
                ("".join(rng.choices(alphabet, k=rng.randint(0, 4))) + " .\n").encode()
                for _ in range(rng.randint(0, 30))
            )
            for _ in range(rng.randint(0, 5))
        ]
        if rng.random() < 0.2:
            runs.append([b"\x00 first .\n"] * 3)
        sizes = [rng.randint(1, 7) for _ in runs]
        merged = b"".join(
            merge_blocks([list_blocks(run, size) for run, size in zip(runs, sizes, strict=True)])
        )
        assert merged == b"".join(heapq.merge(*runs))


def test_a_file_is_read_in_blocks_of_whole_lines(tmp_path: Path, monkeypatch):
    from kg import graphio

    path = tmp_path / "run.nt"
    lines = [f'<s{i}> <p> "{"值" * (i % 7)}" .\n'.encode() for i in range(500)]
    path.write_bytes(b"".join(lines))
    monkeypatch.setattr(graphio, "MERGE_BLOCK_BYTES", 100)
    with path.open("rb") as fh:
        blocks = list(graphio.file_blocks(fh))
    assert len(blocks) > 10
    assert [line for block in blocks for line in block] == lines


def test_sorted_lines_are_parsed_without_checking_their_iris_again():
    """The sorted lines are a build's own or a store's dump, every IRI checked when made:
    they are parsed in Oxigraph's lenient mode (an IRI its strict parser refuses is
    written), valid lines give the Turtle of a strict parse."""
    import io

    import pyoxigraph as ox

    from kg.graphio import write_sorted_lines

    lines = [
        '<https://example.org/分行> <https://example.org/p> "支行 甲"@zh-Hant .\n'.encode(),
        '<https://example.org/總行> <https://example.org/p> "3"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'.encode(),
    ]
    out = io.BytesIO()
    write_sorted_lines(iter(lines), out, "ttl", {"ex": "https://example.org/"})
    strict = io.BytesIO()
    ox.serialize(
        ox.parse(b"".join(lines), format=ox.RdfFormat.N_TRIPLES),
        strict,
        format=ox.RdfFormat.TURTLE,
        prefixes={"ex": "https://example.org/"},
    )
    assert out.getvalue() == strict.getvalue()
    loose = io.BytesIO()
    write_sorted_lines(iter([b"<https://example.org/a b> <urn:p> <urn:o> .\n"]), loose, "ttl", None)
    assert b"<https://example.org/a b>" in loose.getvalue()


@pytest.mark.parametrize("durable", [True, False])
def test_a_durable_write_is_synced_before_its_rename(tmp_path: Path, monkeypatch, durable):
    """Outputs are synced to the disk before they replace the old file; a write that is
    not durable (files checked when read) is renamed without the wait."""
    import os

    synced: list[bool] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(True) or real(fd))
    path = tmp_path / "out.bin"
    path.write_bytes(b"old")
    write_bytes(path, b"new", durable=durable)
    assert path.read_bytes() == b"new"
    assert synced == ([True] if durable else [])
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_lines_read_through_the_reader_are_their_bytes_for_any_read_size():
    """The stream the Turtle writer parses hands on the lines' bytes as they are, read in
    any sizes, from a list of lines or from pieces of joined lines (one piece read over
    many reads, reads across pieces); what is left of a piece
    is read from a view of it, not kept as a copy."""
    import io
    import itertools
    import random

    from kg.graphio import _LinesReader

    rng = random.Random(7)
    lines = [f'<urn:x:{i}> <urn:p> "行{"甲" * rng.randrange(40)}" .\n'.encode() for i in range(500)]
    whole = b"".join(lines)
    cuts = [0, *sorted(rng.sample(range(1, 500), 12)), 500]
    pieces = [b"".join(lines[a:b]) for a, b in itertools.pairwise(cuts)]
    for source in (list(lines), iter(pieces), iter([whole])):
        reader = _LinesReader(source)
        got = []
        while n := reader.readinto(buffer := bytearray(rng.choice([1, 7, 64, 4096, 1 << 16]))):
            got.append(bytes(buffer[:n]))
            assert isinstance(reader._piece, memoryview)
        assert b"".join(got) == whole
    assert io.BufferedReader(_LinesReader(iter(pieces)), 1 << 10).read() == whole
