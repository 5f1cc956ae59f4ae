"""The graph made one document at a time (kg.docgraph): the same graph.ttl and the same
validation report as the whole graph, on the seeds and on every bad fixture."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import RDF, Graph

from kg.corpuscheck import object_targets, start_corpus_validation
from kg.docgraph import corpus_of, map_corpus, slug_groups
from kg.pipeline import build, output_files
from kg.validate import load_shapes, validate
from kg.vocab import BKG, InstanceNamespaces
from tests.test_validate import BAD, load_bad

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _slugs(graph: Graph) -> list[str]:
    ns = str(InstanceNamespaces()["doc"])
    docs = {str(d) for d in graph.subjects(RDF.type, BKG.Document)}
    return sorted(d[len(ns) :] for d in docs if d.startswith(ns))


def _oxigraph(graph: Graph) -> Graph:
    """The graph in an Oxigraph store, as a build makes it (a node with two values of one
    property, as some fixtures plant, gives the one the store lists first)."""
    out = Graph(store="Oxigraph")
    out.addN((s, p, o, out) for s, p, o in graph)
    return out


def _same(corpus_report, whole_report) -> None:
    assert corpus_report.results == whole_report.results
    assert corpus_report == replace(whole_report, seconds=corpus_report.seconds)


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_a_bad_fixture_kept_as_files_gives_the_whole_graphs_report(path, tmp_path):
    graph = _oxigraph(load_bad(path)[0])
    corpus = corpus_of(graph, _slugs(graph), object_targets(load_shapes()), scratch=tmp_path)
    try:
        _same(start_corpus_validation(corpus).report(), validate(graph))
    finally:
        corpus.close()


def test_every_bad_fixture_at_once_in_forked_workers(tmp_path):
    """Many shapes firing, documents in runs of their own, evidence looked up across
    runs for the results about shared nodes: one report, whatever the workers."""
    graph = Graph(store="Oxigraph")  # as a build's: the order a node's values are listed in
    for path in BAD:
        if path.stem == "dataset-two-documents":  # joins two documents: one run
            continue
        for triple in load_bad(path)[0]:
            graph.add(triple)
    whole = validate(graph)
    assert whole.violations > 0 and whole.warnings > 0
    corpus = corpus_of(graph, _slugs(graph), object_targets(load_shapes()), scratch=tmp_path)
    try:
        assert len(corpus.chunks) > 1
        _same(start_corpus_validation(corpus).report(), whole)
        _same(start_corpus_validation(corpus, workers=2).report(), whole)
    finally:
        corpus.close()


@pytest.fixture(scope="module")
def seeds_whole():
    return build([SEEDS])


def test_the_seeds_made_one_document_at_a_time_are_the_whole_graph(
    seeds_whole, tmp_path, monkeypatch
):
    monkeypatch.setattr("kg.docgraph.CHUNK_BYTES", 100_000)  # several runs of documents
    streamed = build([SEEDS], files=tmp_path, targets=object_targets(load_shapes()))
    corpus = streamed.graph
    try:
        assert not isinstance(corpus, Graph)
        assert len(corpus.chunks) > 1 and corpus.local_triples > 0
        assert streamed.stats == seeds_whole.stats
        assert output_files(streamed) == output_files(seeds_whole)
        _same(start_corpus_validation(corpus).report(), validate(seeds_whole.whole_graph))
    finally:
        corpus.close()
    assert not list(tmp_path.glob(".kg-graph-*")), "the files are removed when closed"


def test_graph_ttl_sorted_in_many_runs_merged_by_blocks_is_the_whole_graphs(
    seeds_whole, tmp_path, monkeypatch
):
    """The documents' own lines sorted in many runs on disk, merged with the shared lines
    a few lines at a time (kg.graphio.merge_blocks): graph.ttl is the whole graph's."""
    monkeypatch.setattr("kg.graphio.SORT_RUN_BYTES", 200_000)
    monkeypatch.setattr("kg.graphio.MERGE_BLOCK_BYTES", 5_000)
    streamed = build([SEEDS], files=tmp_path)
    try:
        assert streamed.graph.local.stat().st_size > 10 * 200_000  # type: ignore[union-attr]
        assert output_files(streamed) == output_files(seeds_whole)
    finally:
        streamed.graph.close()  # type: ignore[union-attr]


def test_documents_whose_nodes_could_mix_are_built_whole(seeds_whole, tmp_path):
    extractions = list(seeds_whole.extractions)
    assert slug_groups(extractions) is not None
    doc = extractions[0].document
    twin = replace(extractions[1], document=replace(doc, name=doc.name.replace(".", "-x.")))
    assert slug_groups([extractions[0], twin]) is None  # one slug begins the other
    clash = replace(extractions[1], document=replace(doc, name=doc.name.upper()))
    assert slug_groups([extractions[0], clash]) is None  # the same slug
    mixed = [extractions[0], twin]
    assert map_corpus(mixed, seeds_whole.resolution, scratch=tmp_path) is None


def test_a_triple_into_another_documents_node_is_found():
    from kg.docgraph import split_part

    ids = InstanceNamespaces()
    own = f"<{ids['dataset']}a> <{RDF.type}> <{BKG.Document}> .\n".encode()
    shared = f"<{ids['run']}r> <{BKG.toolVersion}> <{ids['dataset']}a> .\n".encode()
    into = f"<{ids['span']}a-1-2-ab> <{BKG.inSentence}> <{ids['sentence']}b-3> .\n".encode()
    longer = f"<{ids['span']}a-1-2-ab> <{BKG.inSentence}> <{ids['sentence']}ab-3> .\n".encode()
    part = split_part([own, shared], ids, ["a"], frozenset())
    assert part.ok and (part.local, part.shared, part.count) == (own, shared, 1)
    assert part.extra == ((own, own),)  # the type of a node a shared one points at
    assert not split_part([own, into], ids, ["a"], frozenset()).ok
    assert not split_part([own, longer], ids, ["a"], frozenset()).ok


def test_owned_by_any_chunk_is_the_test_of_every_prefix():
    """The shared nodes' results are kept when no run of documents owns their focus: the
    look-up by the IRI's heads answers as testing every owner prefix does, a slug that
    begins another's slug included."""
    from kg.docgraph import Chunk, _owned, owned_by_any

    ns = "https://example.org/kg/id/span/"
    chunks = [
        Chunk(0, 1, (f"{ns}nian-bao-2024", f"{ns}doc-a")),
        Chunk(1, 1, (f"{ns}doc-a-b", f"{ns}x#y")),
    ]
    owned = owned_by_any(chunks)
    iris = [
        f"{ns}nian-bao-2024",
        f"{ns}nian-bao-2024-17-25-ab12",
        f"{ns}nian-bao-2024#position",
        f"{ns}nian-bao-20245-1",
        f"{ns}nian-bao",
        f"{ns}doc-a-b-3",
        f"{ns}doc-ab",
        f"{ns}x#y#quote",
        f"{ns}x#yz",
        "https://example.org/kg/id/bank/pab",
        "",
    ]
    assert [owned(i) for i in iris] == [any(c.owns(i) for c in chunks) for i in iris]
    by_prefix = [any(_owned(i, p) for c in chunks for p in c.owners) for i in iris]
    assert [owned(i) for i in iris] == by_prefix
    assert [[c.owns(i) for i in iris] for c in chunks] == [
        [any(_owned(i, p) for p in c.owners) for i in iris] for c in chunks
    ]
    assert [owned(i) for i in iris] == [
        True,
        True,
        True,
        False,
        False,
        True,
        False,
        True,
        False,
        False,
        False,
    ]


def test_split_part_keeps_the_lines_shared_checks_read_and_no_lookalike():
    """A document's part keeps, of its own lines, the type of each node a shared node
    points at and each line of a targeted predicate (keyed by its object); a quote whose
    text holds a predicate's IRI, or a type line of a node nothing shared points at, is
    not kept."""
    from kg.docgraph import split_part

    ids = InstanceNamespaces()
    span, obs = str(ids["span"]), str(ids["obs"])
    rdf_type = f"<{RDF.type}>"
    target = "<https://example.org/p/targeted>"
    quote = f'"引文 {rdf_type} 與 > {target} 相同"'
    lines = [
        f"<{span}doc-a-1> {rdf_type} <{BKG.TextSpan}> .\n",
        f"<{span}doc-a-2> {rdf_type} <{BKG.TextSpan}> .\n",
        f"<{span}doc-a-2> <https://example.org/p/quote> {quote} .\n",
        f"<{obs}doc-a-9> {target} <https://example.org/id/bank/x> .\n",
        f"<https://example.org/id/stmt/s1> <https://example.org/p/from> <{span}doc-a-1> .\n",
    ]
    part = split_part(
        [line.encode() for line in lines], ids, ["doc-a"], frozenset({target.encode()})
    )
    assert part.ok and part.count == 4
    assert part.extra == (
        (lines[0].encode(), lines[0].encode()),
        (b"<https://example.org/id/bank/x>", lines[3].encode()),
    )


def test_a_part_is_ok_exactly_when_every_node_of_the_namespaces_is_its_own(seeds_whole):
    """split_part's one scan for a stranger agrees with counting the nodes of the
    documents' namespaces and the documents' own (what it replaced), on the seeds' lines
    with the right slug, one slug too long or too short, and a slug that merely begins
    another (甲 / 甲乙), a name in both scripts (銀行 / 银行)."""
    import re

    from kg.docgraph import local_namespaces, owner_prefixes, split_part
    from kg.graphio import serialize
    from kg.iris import doc_slug

    ids = InstanceNamespaces()
    lines = serialize(seeds_whole.whole_graph, "nt").splitlines(keepends=True)
    slug = doc_slug(seeds_whole.extractions[0].document.name)
    mine = [line for line in lines if f"{slug}-".encode() in line or f"{slug}>".encode() in line]
    doc = str(ids["doc"])
    made = [
        f"<{doc}甲> <https://example.org/p> <{doc}甲乙> .\n".encode(),
        f"<{doc}甲乙-1> <https://example.org/p> <{doc}甲> .\n".encode(),
        f'<{doc}銀行#x> <https://example.org/p> "<{doc}银行" .\n'.encode(),
    ]

    def counted(part_lines, slugs):
        data = b"".join(part_lines)
        heads = b"|".join(re.escape(b"<" + ns.encode()) for ns in local_namespaces(ids))
        owned = b"|".join(
            re.escape(b"<" + p.encode()) for s in slugs for p in owner_prefixes(ids, s)
        )
        return len(re.findall(heads, data)) == len(re.findall(b"(?:" + owned + b")(?=[-#>])", data))

    cases = [
        (mine, [slug]),
        (mine, [slug[:-1]]),
        (mine, [slug + "0"]),
        (made, ["甲"]),
        (made, ["甲", "甲乙"]),
        (made, ["甲", "甲乙", "銀行"]),
        (made[:2], ["甲", "甲乙"]),
    ]
    verdicts = [split_part(part, ids, slugs, frozenset()).ok for part, slugs in cases]
    assert verdicts == [counted(part, slugs) for part, slugs in cases]
    # a quote naming a node's IRI (its text ends with a quote mark) is a stranger too
    assert verdicts == [True, False, False, False, False, False, True]


def test_a_parts_shared_lines_are_loaded_without_checking_their_iris_again(tmp_path: Path):
    """The shared lines of a part are the build's own (or a store's dump), checked when
    made: loaded in Oxigraph's lenient mode (an IRI its strict parser refuses loads),
    valid lines the same triples as a strict load."""
    from kg.docgraph import CorpusGraph, GroupPart

    ids = InstanceNamespaces()
    valid = (
        "<https://example.org/id/bank/甲行> <http://www.w3.org/2004/02/skos/core#prefLabel> "
        '"甲銀行 总行"@zh .\n'
        "<https://example.org/id/bank/甲行> <https://example.org/p> <https://example.org/x> .\n"
    ).encode()
    loose = b"<https://example.org/id/bank/a b> <urn:p> <urn:o> .\n"
    corpus = CorpusGraph(Graph(store="Oxigraph"), ids, tmp_path)
    try:
        corpus.add(GroupPart(b"", valid, (), 0, True), [])
        assert sorted(corpus.shared_lines()) == sorted(valid.splitlines(keepends=True))
        corpus.add(GroupPart(b"", loose, (), 0, True), [])
        assert loose in corpus.shared_lines()
    finally:
        corpus.finish()
        corpus.close()


def _held_by_line(lines, targets, pointed_from):
    """What a part keeps for the shared checks, found line by line (as split_part did)."""
    from kg.docgraph import RDF_TYPE, _split

    pointed = {_split(line)[2] for line in pointed_from}
    out = []
    for line in lines:
        s, p, o = _split(line)
        if p == RDF_TYPE and s in pointed:
            out.append((line, line))
        elif p in targets:
            out.append((o, line))
    return tuple(out)


def test_a_documents_lines_split_as_text_are_the_split_of_its_ntriples(seeds_whole):
    """map_group splits the builder's lines as text and encodes the few shared ones: the
    same part as splitting its N-Triples (own and shared lines, what the shared checks
    read, the verdict), for each seeds document; the lines the shared checks read are
    those a line-by-line split finds, a quote holding a wanted predicate's IRI too."""
    from kg.docgraph import _held_lines, local_namespaces, map_group, split_part
    from kg.iris import doc_slug
    from kg.rdfmap import GraphBuilder, add_header, add_rules, map_extractions, run_iri

    ids = InstanceNamespaces()
    resolution = seeds_whole.resolution
    extractions = list(seeds_whole.extractions)
    run = run_iri(ids, extractions)
    agent = add_header(GraphBuilder(Graph(store="Oxigraph"), ids, resolution), run)
    targets = object_targets(load_shapes())
    heads = tuple(b"<" + ns.encode() for ns in local_namespaces(ids))
    for ex in extractions:
        part = map_group([ex], resolution, ids, run, agent, targets)
        builder, rules = map_extractions([ex], resolution, ids, run)
        builder.add_relations(ex.relations)
        add_rules(builder, rules, run, agent)
        lines = builder.ntriples().splitlines(keepends=True)
        assert part == split_part(lines, ids, [doc_slug(ex.document.name)], targets)
        own = [line for line in lines if line.startswith(heads)]
        shared = [line for line in lines if not line.startswith(heads)]
        assert part.extra == _held_by_line(own, targets, shared)
        assert any(p == line for p, line in part.extra) and part.ok
    span, target = str(ids["span"]), "<https://example.org/p/targeted>"
    rdf_type = f"<{RDF.type}>"
    own = [
        f'<{span}a-1> {target} "引文 > {target} 與 > {rdf_type} 相同" .\n'.encode(),
        f"<{span}a-1> {rdf_type} <{BKG.TextSpan}> .\n".encode(),
        f'<{span}a-2> <https://example.org/p/q> "見 > {target} 见" .\n'.encode(),
        f"<{span}a-2> {rdf_type} <{BKG.TextSpan}> .\n".encode(),
    ]
    pointer = [f"<https://example.org/id/stmt/s> <https://example.org/p/from> <{span}a-1> .\n"]
    wanted = {RDF.type.n3().encode(), target.encode()}
    pointed = {f"<{span}a-1>".encode()}
    held = _held_lines(b"".join(own), wanted, pointed, frozenset({target.encode()}))
    assert held == _held_by_line(own, {target.encode()}, [pointer[0].encode()])
    assert held == ((f'"引文 > {target} 與 > {rdf_type} 相同"'.encode(), own[0]), (own[1], own[1]))
