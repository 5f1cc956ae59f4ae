"""The dataset view: one named graph per document, the shared facts in the default graph."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Literal

from kg.cli import main
from kg.dataset import NamedGraphs, document_graph_iri, partition, read_dataset
from kg.graphio import GraphError, read_graph, to_ox_triples
from kg.pipeline import build
from kg.vocab import BKG

DOC_A = (
    "截至2024年末，本行手机银行客户数达到5.2亿户，比上年末增加3,000万户。\n"
    "本行推出「工银e生活」平台，网络金融部负责该平台的运营。\n"
)
DOC_B = (
    "2024年，本行持续推进「第一个人金融银行」战略。\n截至2024年末，本行信用卡发卡量达到1.6亿张。\n"
)


def _corpus(folder: Path, a: str = DOC_A, b: str = DOC_B) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text(a, encoding="utf-8")
    (folder / "b.txt").write_text(b, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def seeds_dataset(seeds_graph) -> NamedGraphs:
    return partition(seeds_graph)


def _key(t: ox.Triple) -> tuple[str, str, str]:
    return (str(t.subject), str(t.predicate), str(t.object))


def test_union_of_the_graphs_is_the_merged_graph(seeds_graph, seeds_dataset):
    merged = {_key(t) for t in to_ox_triples(seeds_graph)}
    placed = [_key(t) for t in seeds_dataset.default]
    for _, triples in seeds_dataset.graphs:
        placed.extend(_key(t) for t in triples)
    assert len(placed) == len(set(placed)), "a triple was placed in two graphs"
    assert set(placed) == merged


def test_one_graph_per_document_named_from_its_iri(seeds_build, seeds_dataset):
    docs = sorted(str(s) for s in seeds_build.graph.subjects(predicate=None, object=BKG.Document))
    assert len(docs) == len(seeds_build.extractions) == 5
    assert seeds_dataset.names() == sorted(document_graph_iri(d) for d in docs)
    for doc in docs:
        triples = seeds_dataset.graph(document_graph_iri(doc))
        subjects = {t.subject.value for t in triples}
        assert doc in subjects
        # everything with a source in this document is in this graph, nothing from another
        sources = {t.object.value for t in triples if t.predicate.value.endswith("oa#hasSource")}
        assert sources == {doc}


def test_shared_facts_and_build_record_stay_in_the_default_graph(seeds_dataset):
    default = seeds_dataset.default
    types = {
        (t.subject.value, t.object.value) for t in default if t.predicate.value.endswith("#type")
    }
    kinds = {o for _, o in types}
    assert str(BKG.BuildRun) in kinds
    assert str(BKG.ExtractedStatement) in kinds
    assert str(BKG.Product) in kinds
    for doc_only in (BKG.TextSpan, BKG.Sentence, BKG.Document):
        assert str(doc_only) not in kinds
    assert not any(str(o).endswith("cube#Observation") for o in kinds)
    # relation evidence links live with the evidence, the statement itself is shared
    evidence = [
        t
        for _, triples in seeds_dataset.graphs
        for t in triples
        if t.predicate.value.endswith("prov#wasDerivedFrom") and "/stmt/" in t.subject.value
    ]
    assert evidence
    # the build record: every prov:wasGeneratedBy (data sets included) in the default graph
    generated = [t for t in default if t.predicate.value.endswith("prov#wasGeneratedBy")]
    assert len(generated) == 1 + 5  # the graph header and five data sets


@pytest.mark.parametrize("fmt", ["trig", "nq"])
def test_export_is_byte_stable_and_round_trips(seeds_out, seeds_dataset, tmp_path, fmt):
    runner = CliRunner()
    paths = [tmp_path / f"one.{fmt}", tmp_path / f"two.{fmt}"]
    for path in paths:
        result = runner.invoke(
            main,
            [
                "export",
                "--graph",
                str(seeds_out / "graph.ttl"),
                "--format",
                fmt,
                "--out",
                str(path),
            ],
        )
        assert result.exit_code == 0, result.output
    assert paths[0].read_bytes() == paths[1].read_bytes()
    # our reader, and the export of the export, give the same dataset and bytes
    again = read_dataset(paths[0])
    assert again.default == seeds_dataset.default
    assert again.graphs == seeds_dataset.graphs
    # any command that reads a graph reads a dataset file as its merged view
    merged = {_key(t) for t in to_ox_triples(read_graph(seeds_out / "graph.ttl"))}
    assert {_key(t) for t in to_ox_triples(read_graph(paths[0]))} == merged
    third = tmp_path / f"three.{fmt}"
    runner.invoke(main, ["export", "--graph", str(paths[0]), "--format", fmt, "--out", str(third)])
    assert third.read_bytes() == paths[0].read_bytes()
    # rdflib reads the same quads into the same graphs
    ds = Dataset()
    ds.parse(paths[0], format="trig" if fmt == "trig" else "nquads")
    got = set()
    default = ds.default_graph.identifier
    for s, p, o, g in ds.quads((None, None, None, None)):
        name = "" if g is None or g == default else str(g)
        got.add((str(s), str(p), _rdflib_object(o), name))
    assert got == _ox_quads(seeds_dataset)


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _rdflib_object(o) -> tuple[str, ...]:
    if isinstance(o, Literal):
        datatype = "" if o.language or o.datatype is None else str(o.datatype)
        return ("L", str(o), "" if datatype == _XSD_STRING else datatype, o.language or "")
    return ("I", str(o))


def _ox_object(o) -> tuple[str, ...]:
    if isinstance(o, ox.Literal):
        datatype = "" if o.language or o.datatype.value == _XSD_STRING else o.datatype.value
        return ("L", o.value, datatype, o.language or "")
    return ("I", o.value)


def _ox_quads(dataset: NamedGraphs) -> set[tuple]:
    out = {(t.subject.value, t.predicate.value, _ox_object(t.object), "") for t in dataset.default}
    for iri, triples in dataset.graphs:
        out |= {(t.subject.value, t.predicate.value, _ox_object(t.object), iri) for t in triples}
    return out


@pytest.mark.slow
@pytest.mark.parametrize(("fmt", "syntax"), [("trig", "trig"), ("nq", "nquads")])
def test_export_parses_with_raptor(seeds_out, seeds_dataset, tmp_path, fmt, syntax):
    """An independent parser (Debian's raptor2-utils) reads every quad, graph by graph."""
    rapper = shutil.which("rapper")
    if rapper is None:
        pytest.skip("rapper is not installed (apt-get install raptor2-utils)")
    path = tmp_path / f"graph.{fmt}"
    CliRunner().invoke(
        main,
        ["export", "--graph", str(seeds_out / "graph.ttl"), "--format", fmt, "--out", str(path)],
    )
    done = subprocess.run(
        [rapper, "-i", syntax, "-o", "nquads", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Error" not in done.stderr, done.stderr
    theirs = list(ox.parse(done.stdout.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    ours = NamedGraphs.quads(seeds_dataset)
    assert sorted(map(str, theirs)) == sorted(map(str, ours))


def test_rebuild_after_one_document_changed_replaces_only_its_graph(tmp_path):
    first = partition(build([_corpus(tmp_path / "v1")]).graph)
    changed = DOC_B.replace("1.6亿张", "1.7亿张")
    second = partition(build([_corpus(tmp_path / "v2", b=changed)]).graph)
    assert first.names() == second.names() and len(first.names()) == 2
    differing = [iri for iri in first.names() if first.graph(iri) != second.graph(iri)]
    assert len(differing) == 1 and differing[0].endswith("/doc/b/graph")
    # the default graph changes only in the build record, which names the documents' hashes
    before, after = set(map(_key, first.default)), set(map(_key, second.default))
    assert before != after
    assert all("/run/" in s or "/run/" in o for s, _, o in before ^ after)


def test_unreadable_dataset_is_one_clear_error(tmp_path):
    bad = tmp_path / "g.trig"
    bad.write_text("<a> <b> { nonsense", encoding="utf-8")
    with pytest.raises(GraphError, match="not a readable RDF dataset"):
        read_dataset(bad)
    with pytest.raises(GraphError, match="no such dataset file"):
        read_dataset(tmp_path / "missing.nq")
