"""The shared triples a run of documents is checked with (kg/corpuscheck.py); the reports
of runs against the whole graph's are compared in tests/test_docgraph.py."""

from __future__ import annotations

from pathlib import Path

from kg.corpuscheck import SharedIndex
from kg.docgraph import local_namespaces
from kg.vocab import InstanceNamespaces

ID = "https://w3id.org/bank-kg/id/"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _line(s: str, p: str, o: str) -> bytes:
    return f"{s} {p} {o} .\n".encode()


def test_a_run_gets_the_shared_triples_its_nodes_lead_to_each_once():
    span, other_span = f"<{ID}span/a-1-2-x>", f"<{ID}span/b-1-2-x>"
    entity, bank, unused = f"<{ID}product/p>", f"<{ID}bank/b>", f"<{ID}product/q>"
    stmt, run, doc = f"<{ID}stmt/s>", f"<{ID}run/r>", f"<{ID}doc/a>"
    shared = [
        _line(entity, TYPE, "<https://w3id.org/bank-kg/def/bkg#Product>"),
        _line(entity, "<https://w3id.org/bank-kg/def/bkg#ofBank>", bank),
        _line(bank, TYPE, "<https://w3id.org/bank-kg/def/bkg#Bank>"),
        _line(bank, "<http://www.w3.org/2000/01/rdf-schema#label>", '"某行"@zh-Hans'),
        _line(unused, TYPE, "<https://w3id.org/bank-kg/def/bkg#Product>"),
        _line(stmt, "<http://www.w3.org/ns/prov#wasDerivedFrom>", span),
        _line(stmt, "<http://www.w3.org/ns/prov#wasDerivedFrom>", other_span),
        _line(stmt, "<http://www.w3.org/1999/02/22-rdf-syntax-ns#subject>", entity),
        _line(run, "<http://www.w3.org/ns/prov#used>", doc),
        _line(run, "<http://www.w3.org/ns/prov#used>", f"<{ID}doc/b>"),
    ]
    index = SharedIndex(shared, local_namespaces(InstanceNamespaces()))
    chunk = b"".join(
        [
            _line(span, "<https://w3id.org/bank-kg/def/bkg#denotes>", entity),
            _line(span, "<http://www.w3.org/ns/oa#hasSource>", doc),
            _line(f"<{ID}dataset/a>", "<http://www.w3.org/ns/prov#wasGeneratedBy>", run),
        ]
    )
    got = index.reach(chunk).splitlines(keepends=True)
    # the entity, the bank it leads to, the statement pointing at the span, the run
    assert got == sorted(line for line in shared if not line.startswith(unused.encode()))
    assert len(got) == len(set(got))
    assert (
        index.reach(_line(f"<{ID}doc/c>", TYPE, "<https://w3id.org/bank-kg/def/bkg#Document>"))
        == b""
    )


def test_a_runs_lines_are_loaded_without_checking_their_iris_again():
    """The lines of a run are the build's own, checked when made: they are loaded in
    Oxigraph's lenient mode (an IRI its strict parser refuses still loads), the same
    triples as a strict load of valid lines."""
    from kg.corpuscheck import _graph_of

    valid = _line(f"<{ID}doc/甲行-2023>", TYPE, "<https://w3id.org/bank-kg/def/bkg#Document>")
    valid += _line(f"<{ID}doc/甲行-2023>", "<http://purl.org/dc/terms/title>", '"年报 年報"@zh')
    graph = _graph_of(valid)
    assert len(graph) == 2
    loose = _graph_of(valid + _line(f"<{ID}doc/a b>", TYPE, "<urn:x>"))
    assert len(loose) == 3


def test_a_runs_reach_read_from_its_objects_and_owners_is_the_same(tmp_path, monkeypatch):
    """Given what the run owns, reach reads only the objects of the run's lines: the same
    shared triples as reading every IRI of them, on a node named only as a subject (the
    statement pointing at it comes along), and on the seeds cut into several runs. A
    quote that merely writes a shared node's IRI (a literal, no node of the run) no
    longer pulls that node in."""
    from kg.corpuscheck import object_targets
    from kg.docgraph import Chunk
    from kg.pipeline import build
    from kg.validate import load_shapes

    span, entity = f"<{ID}span/a-1-2-x>", f"<{ID}product/p>"
    stmt, quoted = f"<{ID}stmt/s>", f"<{ID}product/q>"
    shared = [
        _line(entity, TYPE, "<https://w3id.org/bank-kg/def/bkg#Product>"),
        _line(quoted, TYPE, "<https://w3id.org/bank-kg/def/bkg#Product>"),
        _line(stmt, "<http://www.w3.org/ns/prov#wasDerivedFrom>", span),
        _line(stmt, "<http://www.w3.org/ns/prov#wasDerivedFrom>", f"<{ID}span/b-1-2-x>"),
    ]
    index = SharedIndex(shared, local_namespaces(InstanceNamespaces()))
    owns = Chunk(0, 1, tuple(f"{ID}{t}/a" for t in ("doc", "span"))).owns
    chunk = _line(span, TYPE, "<https://w3id.org/bank-kg/def/bkg#TextSpan>")
    assert index.reach(chunk, owns) == index.reach(chunk) == shared[2] + shared[3]
    quote = _line(span, "<http://www.w3.org/ns/oa#exact>", f'"見 {quoted} 见"@zh')
    chunk += _line(span, "<https://w3id.org/bank-kg/def/bkg#denotes>", entity) + quote
    assert index.reach(chunk) == shared[0] + shared[1] + shared[2] + shared[3]
    assert index.reach(chunk, owns) == shared[0] + shared[2] + shared[3]

    monkeypatch.setattr("kg.docgraph.CHUNK_BYTES", 100_000)  # several runs of documents
    corpus = build([SEEDS], files=tmp_path, targets=object_targets(load_shapes())).graph
    try:
        seeds = SharedIndex(corpus.shared_lines(), local_namespaces(corpus.ids))
        assert len(corpus.chunks) > 1
        for run in corpus.chunks:
            lines = corpus.chunk_bytes(run)
            assert seeds.reach(lines, run.owns) == seeds.reach(lines)
    finally:
        corpus.close()
