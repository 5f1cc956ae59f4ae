"""SHACL validation: every shape passes the good fixtures and catches its planted error.

A bad fixture is a small patch on a good one: its header names the base file and the
results expected (``# expect: Violation bkgsh:Shape``); its triples are added to the base,
and each ``fix:Removal`` (an rdf:subject/predicate/object, object optional) is taken out.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH, SKOS

from kg.validate import (
    ValidationError,
    ValidationReport,
    format_report,
    load_shapes,
    shorten,
    validate,
)

SHAPES = Path(__file__).resolve().parent / "fixtures" / "shapes"
GOOD = sorted((SHAPES / "good").glob("*.ttl"))
BAD = sorted((SHAPES / "bad").glob("*.ttl"))
FIX = Namespace("https://w3id.org/bank-kg/test/fixture#")
HOLDER_KEYS = {
    RDF.type,
    RDFS.label,
    SH.property,
    SH.targetClass,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.target,
}
BKGSH = Namespace("https://w3id.org/bank-kg/def/bkg/shapes#")
_HEADER = re.compile(r"^#\s*(base|expect):\s*(.+?)\s*$")


def load_bad(path: Path) -> tuple[Graph, set[tuple[str, str]]]:
    """The base graph with the fixture's patch applied, and the expected (severity, shape)s."""
    base = None
    expected: set[tuple[str, str]] = set()
    for line in path.read_text("utf-8").splitlines():
        m = _HEADER.match(line)
        if m and m.group(1) == "base":
            base = m.group(2)
        elif m:
            severity, shape = m.group(2).split()
            expected.add((severity, shape))
    assert base is not None, f"{path.name}: no '# base:' line"
    graph = Graph().parse(SHAPES / "good" / base)
    patch = Graph().parse(path)
    for removal in list(patch.subjects(RDF.type, FIX.Removal)):
        s, p, o = (patch.value(removal, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        removed = len(graph)
        graph.remove((s, p, o))
        assert len(graph) < removed, f"{path.name}: nothing to remove for {s} {p} {o}"
        patch.remove((removal, None, None))
    return graph + patch, expected


def found(report: ValidationReport) -> set[tuple[str, str]]:
    return {(r.severity, shorten(r.shape)) for r in report.results}


@pytest.mark.parametrize("path", GOOD, ids=[p.stem for p in GOOD])
def test_good_fixtures_pass_every_shape(path):
    report = validate(Graph().parse(path))
    assert report.results == (), format_report(report, per_shape=None)
    assert report.conforms


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_fixture_is_caught_by_its_shape(path):
    graph, expected = load_bad(path)
    report = validate(graph)
    assert found(report) == expected, format_report(report, per_shape=None)
    assert report.conforms == all(severity != "Violation" for severity, _ in expected)


def _reporting_shapes(shapes: Graph) -> set[str]:
    """Named shapes that report results themselves: not mere holders of named property shapes."""
    out = set()
    for kind in (SH.NodeShape, SH.PropertyShape):
        for shape in shapes.subjects(RDF.type, kind):
            if not isinstance(shape, URIRef):
                continue
            own = set(shapes.predicates(shape, None)) - HOLDER_KEYS
            anonymous = [p for p in shapes.objects(shape, SH.property) if not isinstance(p, URIRef)]
            if own or anonymous:
                out.add(shorten(str(shape)))
    return out


def test_every_shape_has_a_bad_fixture():
    """A shape no fixture plants an error for is a shape nobody has seen fire."""
    covered = {shape for path in BAD for _, shape in load_bad(path)[1]}
    assert _reporting_shapes(load_shapes()) - covered == set()


SPARQL_CASES = [
    "span-length-mismatch",
    "span-outside-sentence",
    "duplicate-observation",
    "duplicate-change-same-basis",
    "period-end-mismatch",
    "statement-not-asserted",
]


@pytest.mark.parametrize("name", SPARQL_CASES, ids=SPARQL_CASES)
def test_prefiltered_sparql_shapes_give_the_same_results(name):
    graph, _ = load_bad(SHAPES / "bad" / f"{name}.ttl")
    fast = validate(graph, engine="pyshacl")
    plain = validate(graph, engine="pyshacl", prefilter=False)
    assert fast.results == plain.results
    assert fast.results


def test_results_name_the_source_sentence_and_document():
    graph, _ = load_bad(SHAPES / "bad" / "percent-below-floor.ttl")
    (result,) = validate(graph).results
    assert result.focus.endswith("/obs/ar-2024-deposits-growth")
    assert result.document == "ar-2024.txt"
    assert (
        result.quote
        == "2024年末，本行个人存款余额12,345.67亿元，比上年末增加1,234.50亿元，增长11.1%。"
    )
    assert result.severity == "Violation"
    assert result.constraint == "Or"


def test_relation_results_point_at_the_relation_evidence():
    graph, _ = load_bad(SHAPES / "bad" / "statement-giver-not-organization.ttl")
    (result,) = validate(graph).results
    assert result.path == "https://w3id.org/bank-kg/def/bkg#giver"
    assert result.value == "https://w3id.org/bank-kg/id/branch/guang-dong-fen-hang"
    assert result.document == "newsletter.txt"
    assert "环球金融" in (result.quote or "")


def test_warnings_do_not_break_conformance():
    graph, _ = load_bad(SHAPES / "bad" / "change-without-basis.ttl")
    report = validate(graph)
    assert (report.conforms, report.violations, report.warnings) == (True, 0, 1)


@pytest.mark.parametrize("store", ["default", "Oxigraph"])
@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_validation_leaves_the_data_graph_alone(store, engine):
    graph = Graph(store=store).parse(GOOD[0])
    before = set(graph)
    validate(graph, engine=engine)
    assert set(graph) == before
    if store == "Oxigraph":
        assert len(graph.store._inner) == len(before)  # type: ignore[attr-defined]


@pytest.mark.parametrize("store", ["default", "Oxigraph"])
def test_checks_shared_by_forked_workers_give_the_same_report(store):
    """Every bad fixture at once (many shapes firing): two processes give one's report."""
    graph = Graph(store=store)
    for path in BAD:
        for triple in load_bad(path)[0]:
            graph.add(triple)
    one = validate(graph)
    two = validate(graph, workers=2)
    assert one.violations > 0 and one.warnings > 0
    assert two.results == one.results
    assert (two.violations, two.warnings, two.triples) == (one.violations, one.warnings, len(graph))


def test_an_unknown_engine_is_a_validation_error():
    with pytest.raises(ValidationError, match="unknown validation engine 'jena'"):
        validate(Graph(), engine="jena")


def test_traditional_chinese_labels_are_checked_like_simplified():
    """A zh-Hant label next to the zh-Hans one is fine; in place of it, it is not."""
    graph = Graph().parse(SHAPES / "good" / "relations.ttl")
    node = URIRef("https://w3id.org/bank-kg/id/product/shou-ji-yin-hang")
    graph.add((node, SKOS.prefLabel, Literal("手機銀行", lang="zh-Hant")))
    graph.add((node, SKOS.altLabel, Literal("網上銀行手機版", lang="zh-Hant")))
    assert validate(graph).results == ()
    graph.remove((node, SKOS.prefLabel, Literal("手机银行", lang="zh-Hans")))
    assert found(validate(graph)) == {("Violation", "bkgsh:Entity-prefLabel-zh")}


def test_format_report_lists_counts_and_evidence():
    graph, _ = load_bad(SHAPES / "bad" / "duplicate-observation.ttl")
    text = format_report(validate(graph))
    assert "1 violation(s), 0 warning(s)" in text
    assert "does not conform" in text
    assert "bkgsh:DuplicateObservationShape" in text
    assert "in ar-2024.txt: 2024年末，本行个人存款余额" in text


def test_format_report_caps_results_per_shape():
    graph = Graph().parse(SHAPES / "good" / "observations.ttl")
    doc = URIRef("https://w3id.org/bank-kg/id/doc/ar-2024")
    graph.remove((doc, URIRef("https://w3id.org/bank-kg/def/bkg#sha256"), None))
    text = format_report(validate(graph), per_shape=0)
    assert "bkgsh:DocumentShape" in text
    assert "... and 1 more from this shape" in text


def test_unreadable_shapes_raise_a_validation_error(tmp_path):
    (tmp_path / "shapes.ttl").write_text("this is not turtle", encoding="utf-8")
    (tmp_path / "bkg.ttl").write_text("", encoding="utf-8")
    (tmp_path / "units.ttl").write_text("", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"shapes\.ttl: not valid Turtle"):
        validate(Graph(), ontology_dir=tmp_path)


def test_missing_ontology_raises_a_validation_error(tmp_path):
    with pytest.raises(ValidationError, match=r"\.ttl: missing; the ontology folder must hold it"):
        validate(Graph(), ontology_dir=tmp_path)


@pytest.fixture(scope="module")
def seeds_report(seeds_graph) -> ValidationReport:
    return validate(seeds_graph)


@pytest.mark.slow
def test_seeds_graph_has_no_violations(seeds_report):
    assert seeds_report.violations == 0, format_report(seeds_report)


def test_a_private_graph_holds_the_ontology_for_its_checks_and_is_left_as_it_was(monkeypatch):
    """A store that is the validation's own (a run of documents' graph) gets the
    ontology's triples it lacks into its graph for the checks, which then query one graph
    instead of the union of two, and has them taken out after: a triple of the ontology
    it held already stays. The findings are the union's."""
    from kg import shapecheck
    from kg.validate import _sparql_findings, load_ontology

    graph = Graph(store="Oxigraph")
    for path in BAD:
        for triple in load_bad(path)[0]:
            graph.add(triple)
    bkg = Namespace("https://w3id.org/bank-kg/def/bkg#")
    held = (bkg.Bank, RDFS.subClassOf, bkg.Institution)
    assert held in load_ontology()
    graph.add(held)
    before = set(graph)
    queried: list[int] = []
    run_checks = shapecheck.run_checks

    def counted(store, checks, prefixes, graphs=None):
        queried.append(len(graphs))
        return run_checks(store, checks, prefixes, graphs)

    monkeypatch.setattr(shapecheck, "run_checks", counted)
    private = _sparql_findings(graph, load_shapes(), load_ontology(), private=True)()
    assert queried == [1]
    assert set(graph) == before
    union = _sparql_findings(graph, load_shapes(), load_ontology())()
    assert queried == [1, 2]
    assert set(graph) == before
    assert private and sorted(map(repr, private)) == sorted(map(repr, union))
