"""The SPARQL engine gives exactly pySHACL's report: every column of every result, on every
fixture and on the seeds; shapes it cannot translate are refused, never passed."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from test_validate import BAD, GOOD, load_bad

from kg.validate import ValidationError, ValidationReport, validate

FIXTURES = GOOD + BAD


def _rows(report: ValidationReport) -> list[tuple]:
    return sorted(
        (
            r.severity,
            r.shape,
            r.constraint,
            r.focus,
            r.path,
            r.value,
            r.message,
            r.quote,
            r.document,
        )
        for r in report.results
    )


def _same(graph: Graph) -> ValidationReport:
    fast = validate(graph, engine="sparql")
    reference = validate(graph, engine="pyshacl")
    assert _rows(fast) == _rows(reference)
    assert (fast.conforms, fast.violations, fast.warnings, fast.triples) == (
        reference.conforms,
        reference.violations,
        reference.warnings,
        reference.triples,
    )
    return fast


@pytest.mark.parametrize("path", FIXTURES, ids=[f"{p.parent.name}-{p.stem}" for p in FIXTURES])
def test_the_sparql_engine_finds_what_pyshacl_finds(path: Path):
    graph = load_bad(path)[0] if path in BAD else Graph().parse(path)
    report = _same(graph)
    assert bool(report.results) == (path in BAD)


def test_several_errors_at_once_are_each_found_once():
    """Three planted errors in one graph: the results are those of the three fixtures."""
    graph = Graph()
    for name in ("obs-two-values", "span-length-mismatch", "entity-two-chinese-labels"):
        graph += load_bad(BAD[0].parent / f"{name}.ttl")[0]
    report = _same(graph)
    shapes = {r.shape.rsplit("#", 1)[-1] for r in report.results}
    assert {"Observation-obsValue", "SpanLengthShape", "Entity-prefLabel-zh"} <= shapes


@pytest.mark.slow
def test_the_seeds_report_is_pyshacls(seeds_graph):
    report = _same(seeds_graph)
    assert report.violations == 0 and report.warnings > 0


def test_a_shape_feature_it_cannot_translate_is_refused(tmp_path):
    shapes = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <https://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true .
        """,
        format="turtle",
    )
    with pytest.raises(ValidationError, match=r"closed.*pyshacl engine"):
        validate(Graph(), shapes=shapes)


COUNT_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
ex:Labelled a sh:NodeShape ; sh:targetClass ex:Branch ;
    sh:property [ sh:path ex:label ; sh:minCount 2 ; sh:maxCount 3 ; sh:message "两到三个名称" ] ,
                [ sh:path ex:code ; sh:minCount 3 ; sh:maxCount 1 ; sh:message "代碼數目" ] ,
                [ sh:path ex:head ; sh:maxCount 1 ; sh:message "至多一位负责人" ] ,
                [ sh:path ex:city ; sh:minCount 1 ; sh:message "至少一个城市" ] .
"""


def test_a_paths_min_and_max_counts_are_one_query_with_pyshacls_results():
    """sh:minCount and sh:maxCount of one path are checked by one query counting its
    values; each node gets the results pySHACL gives it: too few, too many, or both at
    once where the bounds cannot both hold."""
    from kg.shapecheck import compile_checks

    shapes = Graph().parse(data=COUNT_SHAPES, format="turtle")
    checks = compile_checks(shapes)
    assert sorted(p.counts for c in checks for p in c.parts or (c,)) == [
        (("MaxCount", ">", 1),),
        (("MinCount", "<", 1),),
        (("MinCount", "<", 2), ("MaxCount", ">", 3)),
        (("MinCount", "<", 3), ("MaxCount", ">", 1)),
    ]
    data = Graph().parse(
        data="""
        @prefix ex: <https://example.org/> .
        ex:north a ex:Branch ; ex:label "北区支行" ; ex:code "A1", "A2" ; ex:city "杭州" .
        ex:south a ex:Branch ; ex:label "南區支行", "南区支行", "南支", "南" ;
            ex:head ex:wang, ex:li .
        ex:east a ex:Branch ; ex:label "东区", "東區" ; ex:code "E" ; ex:city "宁波" .
        """,
        format="turtle",
    )
    fast = validate(data, shapes=shapes, ontology=Graph(), engine="sparql")
    reference = validate(data, shapes=shapes, ontology=Graph(), engine="pyshacl")
    assert _rows(fast) == _rows(reference)
    found = sorted(
        (r.focus.rsplit("/", 1)[-1], r.path.rsplit("/", 1)[-1], r.constraint) for r in fast.results
    )
    assert found == [
        ("east", "code", "MinCount"),
        ("north", "code", "MaxCount"),
        ("north", "code", "MinCount"),
        ("north", "label", "MinCount"),
        ("south", "city", "MinCount"),
        ("south", "code", "MinCount"),
        ("south", "head", "MaxCount"),
        ("south", "label", "MaxCount"),
    ]


MERGED_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
ex:Account a sh:NodeShape ; sh:targetClass ex:Account ;
    sh:property [ sh:path ex:owner ; sh:minCount 1 ; sh:maxCount 1 ; sh:message "一位户主" ] ,
                [ sh:path ex:opened ; sh:maxCount 1 ; sh:message "開戶日期至多一個" ] ,
                [ sh:path ( ex:branch ex:city ) ; sh:minCount 1 ; sh:maxCount 1 ;
                  sh:message "所在城市唯一" ] ,
                [ sh:path ex:note ; sh:minCount 1 ; sh:message "至少一条备注" ] .
ex:Card a sh:NodeShape ; sh:targetClass ex:Card ;
    sh:property [ sh:path ex:owner ; sh:maxCount 1 ; sh:severity sh:Warning ;
                  sh:message "一卡一主" ] .
"""


def test_count_checks_of_one_target_are_one_query_with_pyshacls_results():
    """The count checks of paths with at most one value (sh:maxCount 1) on the same
    targets are one query counting each path's values apart: the counts of separate
    queries where a node has several values on several paths at once (the rows multiply)
    or none; a path without sh:maxCount 1 and another target keep their own queries."""
    from kg.shapecheck import compile_checks

    shapes = Graph().parse(data=MERGED_SHAPES, format="turtle")
    checks = [c for c in compile_checks(shapes) if c.counts]
    assert len(checks) == 3
    merged = [c for c in checks if c.parts]
    assert len(merged) == 1 and merged[0].query.count("OPTIONAL") == 3
    assert sorted(p.counts for p in merged[0].parts) == [
        (("MaxCount", ">", 1),),
        (("MinCount", "<", 1), ("MaxCount", ">", 1)),
        (("MinCount", "<", 1), ("MaxCount", ">", 1)),
    ]
    data = Graph().parse(
        data="""
        @prefix ex: <https://example.org/> .
        ex:a1 a ex:Account ; ex:owner ex:zhang ; ex:opened "2024-01-02" ;
            ex:branch ex:b1 ; ex:note "正常" .
        ex:a2 a ex:Account ; ex:owner ex:zhang, ex:wang, ex:zhao ;
            ex:opened "2024-03-01", "2024-03-02" ; ex:branch ex:b1, ex:b2 ;
            ex:note "三位户主", "兩個日期", "两个城市" .
        ex:a3 a ex:Account .
        ex:a4 a ex:Account ; ex:owner ex:li ; ex:branch ex:b3 ; ex:note "城市未知" .
        ex:c1 a ex:Card ; ex:owner ex:li, ex:zhou .
        ex:b1 ex:city "杭州" .
        ex:b2 ex:city "寧波" .
        """,
        format="turtle",
    )
    fast = validate(data, shapes=shapes, ontology=Graph(), engine="sparql")
    reference = validate(data, shapes=shapes, ontology=Graph(), engine="pyshacl")
    assert sorted(map(repr, fast.results)) == sorted(map(repr, reference.results))
    found = sorted(
        (r.focus.rsplit("/", 1)[-1], (r.path or "city").rsplit("/", 1)[-1], r.constraint)
        for r in fast.results
    )  # the sequence path (a blank node) has no path in a result
    assert found == [
        ("a2", "city", "MaxCount"),
        ("a2", "opened", "MaxCount"),
        ("a2", "owner", "MaxCount"),
        ("a3", "city", "MinCount"),
        ("a3", "note", "MinCount"),
        ("a3", "owner", "MinCount"),
        ("a4", "city", "MinCount"),  # its branch has no city
        ("c1", "owner", "MaxCount"),
    ]


CLASS_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
ex:BranchHead a sh:NodeShape ; sh:targetClass ex:Branch ;
    sh:property [ sh:path ex:head ; sh:class ex:Person ; sh:message "负责人是人" ] ,
                [ sh:path ex:parent ; sh:class ex:Bank ; sh:message "上級是銀行" ] .
ex:HeadIsPerson a sh:NodeShape ; sh:targetObjectsOf ex:head ; sh:class ex:Person ;
    sh:message "被任命者是人" .
"""


def test_class_constraints_are_a_minus_of_the_class_with_pyshacls_results():
    """sh:class is checked as a MINUS of the class's members (subclasses included, from
    the ontology graph), found once per query; values that are literals, untyped, or of
    another class are each a result, as pySHACL finds them."""
    from kg.shapecheck import compile_checks

    shapes = Graph().parse(data=CLASS_SHAPES, format="turtle")
    classes = [c.query for c in compile_checks(shapes) if c.component == "Class"]
    assert len(classes) == 3
    assert all("MINUS {" in q and "EXISTS" not in q for q in classes)
    ontology = Graph().parse(
        data="""
        @prefix ex: <https://example.org/> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        ex:Manager rdfs:subClassOf ex:Person .
        ex:CityBank rdfs:subClassOf ex:Bank .
        """,
        format="turtle",
    )
    data = Graph().parse(
        data="""
        @prefix ex: <https://example.org/> .
        ex:hz a ex:Branch ; ex:head ex:wang ; ex:parent ex:zsyh .
        ex:nb a ex:Branch ; ex:head ex:li, "趙經理" ; ex:parent ex:hz .
        ex:sz a ex:Branch ; ex:head ex:zhou ; ex:parent ex:nbcb .
        ex:wang a ex:Manager .
        ex:li a ex:Department .
        ex:zsyh a ex:Bank .
        ex:nbcb a ex:CityBank .
        """,
        format="turtle",
    )
    fast = validate(data, shapes=shapes, ontology=ontology, engine="sparql")
    reference = validate(data, shapes=shapes, ontology=ontology, engine="pyshacl")
    assert _rows(fast) == _rows(reference)
    found = sorted(
        (r.focus.rsplit("/", 1)[-1], (r.value or "").rsplit("/", 1)[-1]) for r in fast.results
    )
    assert found == [
        ("li", ""),  # a department where a person is required (targetObjectsOf)
        ("nb", "hz"),  # a branch's parent that is a branch, not a bank
        ("nb", "li"),
        ("nb", "趙經理"),  # a literal is of no class
        ("sz", "zhou"),  # a node with no type
        ("zhou", ""),
        ("趙經理", ""),
    ]


def test_duplicate_observations_found_by_grouping_are_pyshacls():
    """DuplicateObservationShape runs here as bkgsh:selectUnbound (the shared keys found
    by grouping first), in pySHACL as sh:select: the same results where three
    observations share their keys, one of them with another status (not a duplicate of
    the other two), and a fourth with another comparison basis."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF

    from kg.vocab import BKG

    graph, _ = load_bad(BAD[0].parent / "duplicate-observation.ttl")
    base = URIRef("https://w3id.org/bank-kg/id/obs/ar-2024-deposits-again")
    planned = URIRef("https://w3id.org/bank-kg/id/obs/ar-2024-deposits-planned")
    based = URIRef("https://w3id.org/bank-kg/id/obs/ar-2024-deposits-based")
    for copy in (planned, based):
        for p, o in graph.predicate_objects(base):
            graph.add((copy, p, o))
    graph.set((planned, BKG.obsStatus, BKG.Planned))
    graph.add((based, BKG.comparisonBasis, Literal("较上年末", lang="zh-Hans")))
    assert (based, RDF.type, None) in graph
    report = _same(graph)
    dupes = [r for r in report.results if r.shape.endswith("DuplicateObservationShape")]
    assert len(dupes) == 1
