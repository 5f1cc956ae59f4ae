"""Graph analytics on a small graph built by hand, where every answer is known."""

from __future__ import annotations

import pytest
from rdflib import RDF, Graph, Literal, Namespace
from rdflib.namespace import SKOS

from kg import analytics
from kg.vocab import BKG

ID = Namespace("https://example.org/id/")

ENTITIES = {
    "s1": ("Strategy", "第一个人金融银行", ["第一個人金融銀行"]),
    "s2": ("Strategy", "第一私人银行", []),
    "s3": ("Strategy", "普惠金融", []),
    "p1": ("Product", "手机银行", ["手機銀行"]),
    "p2": ("Product", "手机银行10.0", []),
    "p3": ("Product", "经营快贷", []),
    "p4": ("Product", "小微e贷", []),
    "p5": ("Product", "私银传承贷", []),
    "i1": ("Initiative", "文化兴金", []),
    "d1": ("Department", "网络金融部", []),
    "d2": ("Department", "私人银行部", []),
    "d3": ("Department", "个人金融业务部", []),
    "sub": ("Subsidiary", "工银理财", []),
    "bank": ("Bank", "工商银行", []),
    "award": ("Award", "世界500强", []),
}
EDGES = [
    ("p1", "supports", "s1"),
    ("p2", "versionOf", "p1"),
    ("p3", "supports", "s3"),
    ("p4", "partOf", "p3"),
    ("p5", "supports", "s2"),
    ("p5", "supports", "s3"),
    ("s2", "partOf", "s1"),
    ("i1", "supports", "s1"),
    ("d1", "responsibleFor", "p1"),
    ("d2", "responsibleFor", "p5"),
    ("d2", "collaboratesWith", "d3"),
    ("d3", "collaboratesWith", "d1"),
    ("sub", "collaboratesWith", "d2"),
    ("bank", "received", "award"),
]


@pytest.fixture(scope="module")
def graph() -> Graph:
    g = Graph()
    for key, (kind, label, aliases) in ENTITIES.items():
        node = ID[key]
        g.add((node, RDF.type, BKG[kind]))
        g.add((node, SKOS.prefLabel, Literal(label, lang="zh-Hans")))
        for alias in aliases:
            g.add((node, SKOS.altLabel, Literal(alias, lang="zh-Hant")))
    for s, p, o in EDGES:
        g.add((ID[s], BKG[p], ID[o]))
    # the statement node that carries evidence is not an entity and must be ignored
    g.add((ID["stmt"], RDF.type, BKG.ExtractedStatement))
    return g


def test_projection_has_entities_and_relation_edges(graph):
    g = analytics.project(graph)
    assert g.number_of_nodes() == len(ENTITIES)
    assert g.nodes[str(ID["p1"])]["kind"] == "Product"
    assert g.nodes[str(ID["p1"])]["label"] == "手机银行"
    assert sorted(k for _, _, k in g.edges(keys=True)) == sorted(p for _, p, _ in EDGES)


def test_serving_follows_versions_parts_and_sub_strategies(graph):
    result = analytics.serving(graph, "第一个人金融银行")
    assert result.columns == ("strategy", "item", "kind", "how", "hops", "path")
    assert [r[1:5] for r in result.rows] == [
        ("文化兴金", "Initiative", "direct", "1"),
        ("手机银行", "Product", "direct", "1"),
        ("手机银行10.0", "Product", "indirect", "2"),
        ("私银传承贷", "Product", "indirect", "2"),
    ]
    paths = {r[1]: r[5] for r in result.rows}
    assert (
        paths["手机银行10.0"] == "手机银行10.0 -versionOf-> 手机银行 -supports-> 第一个人金融银行"
    )
    assert paths["私银传承贷"] == "私银传承贷 -supports-> 第一私人银行 -partOf-> 第一个人金融银行"


def test_serving_finds_a_strategy_by_traditional_alias(graph):
    by_alias = analytics.serving(graph, "第一個人金融銀行")
    assert by_alias == analytics.serving(graph, "第一个人金融银行")


def test_serving_every_strategy_and_unknown_strategy(graph):
    rows = analytics.serving(graph).rows
    assert {r[0] for r in rows} == {"第一个人金融银行", "第一私人银行", "普惠金融"}
    assert ("普惠金融", "小微e贷") in {(r[0], r[1]) for r in rows}
    with pytest.raises(analytics.AnalyticsError, match="no strategy named"):
        analytics.serving(graph, "外汇首选银行")


def test_department_centrality_ranks_the_unit_that_links_others_first(graph):
    result = analytics.department_centrality(graph)
    assert result.columns == (
        "unit",
        "kind",
        "degree",
        "betweenness",
        "responsible_for",
        "collaborates_with",
    )
    rows = {r[0]: r for r in result.rows}
    assert result.rows[0][0] == "私人银行部"
    assert rows["私人银行部"][2:3] == ("3",)
    assert rows["私人银行部"][4:] == ("1", "2")
    assert float(rows["私人银行部"][3]) > float(rows["工银理财"][3]) == 0.0
    assert set(rows) == {"网络金融部", "私人银行部", "个人金融业务部", "工银理财"}
    assert [r[0] for r in analytics.department_centrality(graph, top=1).rows] == ["私人银行部"]


def test_shared_products_counts_transitive_service(graph):
    result = analytics.shared_products(graph)
    assert result.columns == ("strategy_a", "strategy_b", "shared", "items")
    assert result.rows == (
        ("普惠金融", "第一个人金融银行", "1", "私银传承贷"),
        ("普惠金融", "第一私人银行", "1", "私银传承贷"),
        ("第一个人金融银行", "第一私人银行", "1", "私银传承贷"),
    )


def test_components_largest_first(graph):
    result = analytics.components(graph)
    assert result.columns == ("group", "size", "kinds", "members")
    assert [r[1] for r in result.rows] == ["13", "2"]
    assert result.rows[1][3] == "世界500强 | 工商银行"
    assert result.rows[0][2].startswith("Product 5, Department 3, Strategy 3")


def test_communities_partition_the_linked_entities_stably(graph):
    first = analytics.communities(graph)
    assert first == analytics.communities(graph)
    members = [m for r in first.rows for m in r[3].split(" | ")]
    assert sorted(members) == sorted(label for _, label, _ in ENTITIES.values())
    assert sum(int(r[1]) for r in first.rows) == len(ENTITIES)


def test_empty_graph_gives_empty_answers():
    empty = Graph()
    assert analytics.serving(empty).rows == ()
    assert analytics.department_centrality(empty).rows == ()
    assert analytics.shared_products(empty).rows == ()
    assert analytics.components(empty).rows == ()
    assert analytics.communities(empty).rows == ()
