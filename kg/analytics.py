"""Graph analytics for what analysts ask after a query: who serves a strategy through
whom, which departments hold the graph together, which strategies share products, and
how the graph falls apart into groups.

Everything works on a networkx *projection* of the RDF graph (as read from
``out/graph.ttl``): one node per entity (its IRI, with ``kind`` and ``label``) and one
edge per truthy relation triple in the ``bkg:`` namespace. Each public function returns
a :class:`kg.queries.QueryResult` (column names and rows of strings), so the CLI prints
it like a query result; rows are sorted so the output is stable.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import pairwise

import networkx as nx
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from kg.models import RELATIONS
from kg.normalize import normalize_name
from kg.queries import QueryResult, with_numbers
from kg.vocab import BKG, KIND_TO_CLASS

#: the relations through which something serves a strategy: 手机银行10.0 versionOf
#: 手机银行 supports 第一个人金融银行; 小微e贷 partOf 经营快贷 supports 普惠金融
SERVING = ("partOf", "supports", "versionOf")
UNITS = ("Department", "Subsidiary")
_CLASS_TO_KIND = {cls: kind for kind, cls in KIND_TO_CLASS.items()}


class AnalyticsError(Exception):
    """An analysis that cannot run as asked (say, an unknown strategy); the message says why."""


def project(graph: Graph) -> nx.MultiDiGraph:
    """Entities and the relations between them, as a directed multigraph.

    Nodes are entity IRIs (strings) with ``kind``, ``label`` and ``names`` (normalised
    label and aliases); edges carry ``relation`` (the ``bkg:`` local name) and are keyed
    by it, so a relation stated in many places is one edge.
    """
    g = nx.MultiDiGraph()
    for cls, kind in _CLASS_TO_KIND.items():
        for node in graph.subjects(RDF.type, cls):
            if isinstance(node, URIRef):
                g.add_node(
                    str(node), kind=kind, label=_label(graph, node), names=_names(graph, node)
                )
    for relation in RELATIONS:
        for s, o in graph.subject_objects(BKG[relation]):
            if not (isinstance(s, URIRef) and isinstance(o, URIRef)):
                continue
            for node in (s, o):
                if str(node) not in g:
                    g.add_node(
                        str(node), kind="", label=_label(graph, node), names=_names(graph, node)
                    )
            g.add_edge(str(s), str(o), key=relation, relation=relation)
    return g


def _label(graph: Graph, node: URIRef) -> str:
    labels = sorted(
        str(v)
        for v in graph.objects(node, SKOS.prefLabel)
        if isinstance(v, Literal) and (v.language or "").lower() in ("zh-hans", "zh", "")
    )
    return labels[0] if labels else str(node).rsplit("/", 1)[-1]


def _names(graph: Graph, node: URIRef) -> frozenset[str]:
    names = [v for p in (SKOS.prefLabel, SKOS.altLabel) for v in graph.objects(node, p)]
    return frozenset(normalize_name(str(v)) for v in names if isinstance(v, Literal))


def _find(g: nx.MultiDiGraph, name: str, kinds: Iterable[str]) -> list[str]:
    """Nodes of these kinds whose label or an alias is ``name`` after normalisation."""
    key = normalize_name(name)
    wanted = set(kinds)
    return sorted(n for n, d in g.nodes(data=True) if d["kind"] in wanted and key in d["names"])


def _text(g: nx.MultiDiGraph, node: str) -> str:
    return str(g.nodes[node]["label"])


# ------------------------------------------------------------------ serving a strategy
def serving(graph: Graph, strategy: str | None = None) -> QueryResult:
    """Which products and initiatives serve a strategy, directly or through others.

    An item serves strategy S when a chain of partOf / supports / versionOf edges leads
    from it to S (through a product family, an edition, or a sub-strategy). One row per
    (strategy, item) with the shortest chain; ``strategy`` (a label or alias, either
    script) limits the answer to one strategy.
    """
    g = project(graph)
    targets = (
        _find(g, strategy, ("Strategy",))
        if strategy
        else sorted(n for n, d in g.nodes(data=True) if d["kind"] == "Strategy")
    )
    if strategy and not targets:
        raise AnalyticsError(f"no strategy named {strategy!r} in the graph")
    sub = _serving_graph(g)
    rows = []
    for target in targets:
        if target not in sub:
            continue
        paths = nx.single_source_shortest_path(sub.reverse(copy=False), target)
        for item, path in paths.items():
            if item == target or g.nodes[item]["kind"] not in ("Product", "Initiative"):
                continue
            chain = list(reversed(path))
            rows.append(
                (
                    _text(g, target),
                    _text(g, item),
                    g.nodes[item]["kind"],
                    "direct" if len(chain) == 2 else "indirect",
                    str(len(chain) - 1),
                    _chain(g, chain),
                )
            )
    rows.sort(key=lambda r: (r[0], int(r[4]), r[2], r[1]))
    columns = ("strategy", "item", "kind", "how", "hops", "path")
    return with_numbers(QueryResult(columns, tuple(rows)), ("hops",))


def _serving_graph(g: nx.MultiDiGraph) -> nx.DiGraph:
    sub = nx.DiGraph()
    for s, o, rel in g.edges(keys=True):
        if rel in SERVING:
            sub.add_edge(s, o, relation=rel)
    return sub


def _chain(g: nx.MultiDiGraph, nodes: list[str]) -> str:
    parts = [_text(g, nodes[0])]
    for a, b in pairwise(nodes):
        rel = next((k for k in SERVING if g.has_edge(a, b, key=k)), "?")
        parts.append(f"-{rel}-> {_text(g, b)}")
    return " ".join(parts)


def _served_by(g: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Each strategy and the products and initiatives that serve it (transitively)."""
    sub = _serving_graph(g)
    out: dict[str, set[str]] = {}
    for node, data in g.nodes(data=True):
        if data["kind"] != "Strategy" or node not in sub:
            continue
        reach = nx.ancestors(sub, node)
        out[node] = {n for n in reach if g.nodes[n]["kind"] in ("Product", "Initiative")}
    return out


# ------------------------------------------------------------------ departments
def department_centrality(graph: Graph, top: int | None = None) -> QueryResult:
    """Departments and subsidiaries ranked by how connected they are.

    Degree counts distinct neighbours over every relation; betweenness (normalised,
    on the undirected simple projection of the whole relation graph) says how much a
    unit sits on the shortest paths between others, the "who links whom" of the bank.
    """
    g = project(graph)
    simple = nx.Graph()
    simple.add_nodes_from(g.nodes)
    simple.add_edges_from((s, o) for s, o in g.edges() if s != o)
    between = nx.betweenness_centrality(simple, normalized=True)
    rows = []
    for node, data in g.nodes(data=True):
        if data["kind"] not in UNITS:
            continue
        responsible = {o for _, o, k in g.out_edges(node, keys=True) if k == "responsibleFor"}
        partners = {
            n
            for a, b, k in [*g.out_edges(node, keys=True), *g.in_edges(node, keys=True)]
            if k == "collaboratesWith"
            for n in (a, b)
            if n != node
        }
        rows.append(
            (
                data["label"],
                data["kind"],
                str(simple.degree(node)),
                f"{between.get(node, 0.0):.4f}",
                str(len(responsible)),
                str(len(partners)),
            )
        )
    rows.sort(key=lambda r: (-int(r[2]), -float(r[3]), r[0]))
    if top is not None:
        rows = rows[:top]
    columns = ("unit", "kind", "degree", "betweenness", "responsible_for", "collaborates_with")
    return with_numbers(QueryResult(columns, tuple(rows)), columns[2:])


# ------------------------------------------------------------------ shared products
def shared_products(graph: Graph) -> QueryResult:
    """Pairs of strategies served by the same products or initiatives (transitively)."""
    g = project(graph)
    served = _served_by(g)
    names = sorted(served, key=lambda n: _text(g, n))
    rows = []
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            shared = served[a] & served[b]
            if shared:
                rows.append(
                    (
                        _text(g, a),
                        _text(g, b),
                        str(len(shared)),
                        " | ".join(sorted(_text(g, n) for n in shared)),
                    )
                )
    rows.sort(key=lambda r: (-int(r[2]), r[0], r[1]))
    columns = ("strategy_a", "strategy_b", "shared", "items")
    return with_numbers(QueryResult(columns, tuple(rows)), ("shared",))


# ------------------------------------------------------------------ groups
def components(graph: Graph) -> QueryResult:
    """Connected groups of entities (ignoring direction), largest first."""
    g = project(graph)
    simple = _linked(g)
    groups = sorted(
        (sorted(c, key=lambda n: _text(g, n)) for c in nx.connected_components(simple)),
        key=lambda c: (-len(c), _text(g, c[0])),
    )
    rows = tuple(_group_row(g, k + 1, c) for k, c in enumerate(groups))
    return with_numbers(QueryResult(_GROUP_COLUMNS, rows), ("group", "size"))


def communities(graph: Graph, seed: int = 0) -> QueryResult:
    """Communities of densely related entities (Louvain modularity, fixed seed)."""
    g = project(graph)
    simple = _linked(g)
    if simple.number_of_edges() == 0:
        return QueryResult(_GROUP_COLUMNS, ())
    found = nx.community.louvain_communities(simple, seed=seed)
    groups = sorted(
        (sorted(c, key=lambda n: _text(g, n)) for c in found),
        key=lambda c: (-len(c), _text(g, c[0])),
    )
    rows = tuple(_group_row(g, k + 1, c) for k, c in enumerate(groups))
    return with_numbers(QueryResult(_GROUP_COLUMNS, rows), ("group", "size"))


_GROUP_COLUMNS = ("group", "size", "kinds", "members")


def _linked(g: nx.MultiDiGraph) -> nx.Graph:
    """The undirected simple graph of entities that take part in some relation."""
    simple = nx.Graph()
    simple.add_edges_from((s, o) for s, o in g.edges() if s != o)
    return simple


def _group_row(g: nx.MultiDiGraph, index: int, members: list[str]) -> tuple[str, ...]:
    kinds: dict[str, int] = defaultdict(int)
    for n in members:
        kinds[g.nodes[n]["kind"] or "?"] += 1
    return (
        str(index),
        str(len(members)),
        ", ".join(f"{k} {v}" for k, v in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))),
        " | ".join(_text(g, n) for n in members),
    )
