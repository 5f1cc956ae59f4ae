"""Documentation of the ontology: an HTML page (pyLODE) and a picture of the data model.

Both are generated from ``ontology/bkg.ttl``, never written by hand, so they cannot drift
from the model. pyLODE concatenates labels in several languages ("product version产品版本"),
so the page is rendered from a filtered copy: one label per term, English with the
Chinese in brackets, and without the declarations of reused terms (``org:Organization``
would otherwise get an entry of its own, with the same HTML id as ``bkg:Organization``).

pyLODE and matplotlib are development dependencies; without them the functions raise
:class:`DocsError` saying so.
"""

from __future__ import annotations

import io
import logging
import re
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import to_canonical_graph
from rdflib.namespace import DCTERMS, SKOS
from rdflib.term import Node

from kg.graphio import GraphError, write_bytes
from kg.validate import ONTOLOGY_DIR
from kg.vocab import BKG, ONTOLOGY_IRI

DEFAULT_DOCS = Path("docs")
LABELS = (RDFS.label, SKOS.prefLabel, DCTERMS.title)
_NS = str(BKG._NS)


class DocsError(GraphError):
    """The ontology cannot be read or rendered; the message says why."""


def _load(path: Path) -> Graph:
    if not path.exists():
        raise DocsError(f"{path}: no such ontology file")
    try:
        return Graph().parse(path, format="turtle")
    except Exception as exc:  # the Turtle parser raises many types
        raise DocsError(f"{path}: not valid Turtle ({str(exc).splitlines()[0]})") from exc


def _ours(node: Node) -> bool:
    return isinstance(node, URIRef) and (str(node).startswith(_NS) or str(node) == ONTOLOGY_IRI)


def _by_lang(graph: Graph, subject: Node, predicate: URIRef) -> dict[str, str]:
    out: dict[str, str] = {}
    for o in sorted(graph.objects(subject, predicate), key=str):
        if isinstance(o, Literal):
            out.setdefault((o.language or "").lower(), str(o))
    return out


def publishable(ontology: Graph) -> Graph:
    """A copy of the ontology for pyLODE: one bilingual label per term, only our own terms."""
    out = Graph()
    for prefix, ns in ontology.namespaces():
        out.bind(prefix, ns)
    foreign = {
        s
        for s, o in ontology.subject_objects(RDF.type)
        if isinstance(s, URIRef) and not _ours(s) and o != OWL.NamedIndividual
    }
    for s, p, o in ontology:
        if s in foreign or p in LABELS:
            continue
        out.add((s, p, o))
    for s in {s for p in LABELS for s in ontology.subjects(p, None)} - foreign:
        for p in LABELS:
            labels = _by_lang(ontology, s, p)
            if not labels:
                continue
            en = labels.get("en") or next(iter(labels.values()))
            zh = labels.get("zh-hans")
            text = f"{en} ({zh})" if zh and zh != en else en
            out.add((s, p if p == DCTERMS.title else RDFS.label, Literal(text, lang="en")))
    canonical = Graph()  # blank nodes named by content, so the page is byte-stable
    for prefix, ns in out.namespaces():
        canonical.bind(prefix, ns)
    for triple in to_canonical_graph(out):
        canonical.add(triple)
    return canonical


_MEMBER = r'<span>\s*<a href="[^"]*">[^<]*</a>\s*<sup class="sup-c" title="[^"]*">c</sup>\s*</span>'
_JOIN = r'\s*<span class="cardinality">(?:or|and)</span>\s*'
_SET = re.compile(rf"{_MEMBER}(?:{_JOIN}{_MEMBER})+")


def _stable_sets(html: str) -> str:
    """pyLODE collects the members of a union in a Python set; list them in a fixed order."""

    def reorder(match: re.Match[str]) -> str:
        block = match.group(0)
        members = re.findall(_MEMBER, block)
        joiner = re.search(_JOIN, block)
        assert joiner is not None
        return joiner.group(0).join(sorted(members))

    return _SET.sub(reorder, html)


def render_html(ontology_path: Path | None = None) -> str:
    """The ontology as one HTML page (pyLODE OntPub profile), the same bytes on every run."""
    graph = publishable(_load(ontology_path or ONTOLOGY_DIR / "bkg.ttl"))
    with _root_logger_kept():
        try:
            from pylode import OntPub
        except ImportError as exc:
            raise DocsError(
                "pyLODE is not installed: install the dev extras (pip install -e .[dev])"
            ) from exc
        try:
            return _stable_sets(str(OntPub(ontology=graph, sort_subjects=True).make_html()))
        except Exception as exc:  # pyLODE raises its own and rdflib's errors
            raise DocsError(f"pyLODE could not render the ontology: {exc}") from exc


@contextmanager
def _root_logger_kept() -> Iterator[None]:
    """pyLODE 3.3 calls logging.basicConfig(level=DEBUG) when its modules load, and every
    library would then log its debug lines to our users' terminal. basicConfig does
    nothing while the root logger has a handler: hold a silent one while pyLODE runs."""
    root = logging.getLogger()
    level, quiet = root.level, logging.NullHandler()
    root.addHandler(quiet)
    try:
        yield
    finally:
        root.removeHandler(quiet)
        root.setLevel(level)


# ---------------------------------------------------------------- the data-model picture


def _members(graph: Graph, node: Node) -> list[Node]:
    """The classes a domain or range names: the class itself, or the members of a union."""
    if isinstance(node, BNode):
        union = graph.value(node, OWL.unionOf)
        if union is not None:
            return list(Collection(graph, union))
        return []
    return [node]


def _short(graph: Graph, node: Node) -> str:
    if _ours(node):
        return str(node)[len(_NS) :]
    try:
        return graph.namespace_manager.normalizeUri(str(node))
    except Exception:  # an IRI without a bound prefix
        return str(node)


def model_edges(ontology: Graph) -> tuple[list[tuple[str, str]], dict[tuple[str, str], list[str]]]:
    """Subclass links and property links (domain -> range) between the classes, by short name.

    Inverse properties are left out (each pair is drawn once, from the property that
    does not declare ``owl:inverseOf``); union domains and ranges are expanded.
    """
    subclass: list[tuple[str, str]] = []
    for s, o in ontology.subject_objects(RDFS.subClassOf):
        if _ours(s) and isinstance(o, URIRef):
            subclass.append((_short(ontology, s), _short(ontology, o)))
    relations: dict[tuple[str, str], list[str]] = defaultdict(list)
    for prop in ontology.subjects(RDF.type, OWL.ObjectProperty):
        if not _ours(prop) or (prop, OWL.inverseOf, None) in ontology:
            continue
        domains = [m for d in ontology.objects(prop, RDFS.domain) for m in _members(ontology, d)]
        ranges = [m for r in ontology.objects(prop, RDFS.range) for m in _members(ontology, r)]
        for d in domains:
            for r in ranges:
                relations[(_short(ontology, d), _short(ontology, r))].append(_short(ontology, prop))
    for labels in relations.values():
        labels.sort()
    return sorted(set(subclass)), dict(sorted(relations.items()))


def _kinds(ontology: Graph) -> list[str]:
    """The entity kinds in the order of their disjointness axiom, each subclass after its parent."""
    kinds: list[str] = []
    for axiom in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        head = ontology.value(axiom, OWL.members)
        members = list(Collection(ontology, head)) if head is not None else []
        if BKG.Bank in members:
            kinds = [_short(ontology, m) for m in members]
    for child, parent in sorted(ontology.subject_objects(RDFS.subClassOf)):
        name, parent_name = _short(ontology, child), _short(ontology, parent)
        if parent_name in kinds and name not in kinds and _ours(child):
            kinds.insert(kinds.index(parent_name) + 1, name)
    return kinds


def _layout(
    ontology: Graph, nodes: list[str], subclass: list[tuple[str, str]], edges: list[tuple[str, str]]
) -> dict[str, tuple[float, float]]:
    """Entity kinds on a circle around their superclasses; the other classes in columns beside it.

    Deterministic: the circle follows the order of the ontology's disjointness axiom, the
    columns are the distance from the circle and each column is ordered by its neighbours.
    """
    import math

    kinds = [k for k in _kinds(ontology) if k in nodes]
    pos: dict[str, tuple[float, float]] = {}
    for i, kind in enumerate(kinds):
        angle = math.pi / 2 - 2 * math.pi * i / max(len(kinds), 1)
        pos[kind] = (math.cos(angle), math.sin(angle))
    parents: dict[str, set[str]] = defaultdict(set)
    for child, parent in subclass:
        parents[child].add(parent)
    below: dict[str, set[str]] = defaultdict(set)
    for kind in kinds:
        stack, seen = list(parents.get(kind, ())), set()
        while stack:
            parent = stack.pop()
            if parent in seen:
                continue
            seen.add(parent)
            if parent not in kinds:
                below[parent].add(kind)
            stack.extend(parents.get(parent, ()))
    used: list[tuple[float, float]] = []
    for name in sorted(below, key=lambda n: (-len(below[n]), n)):
        if len(below[name]) == len(kinds):
            pos[name] = (0.0, 0.0)
            continue
        x = sum(pos[c][0] for c in below[name]) / len(below[name])
        y = sum(pos[c][1] for c in below[name]) / len(below[name])
        norm = math.hypot(x, y) or 1.0
        radius = 0.42 if ":" not in name else 0.72
        while any(math.dist((radius * x / norm, radius * y / norm), u) < 0.2 for u in used):
            radius += 0.15
        pos[name] = (radius * x / norm, radius * y / norm)
        used.append(pos[name])
    neighbours: dict[str, set[str]] = defaultdict(set)
    for a, b in [*subclass, *edges]:
        neighbours[a].add(b)
        neighbours[b].add(a)
    columns: list[list[str]] = []
    placed = set(pos)
    while len(placed) < len(nodes):
        column = sorted(n for n in nodes if n not in placed and neighbours[n] & placed)
        if not column:
            column = sorted(n for n in nodes if n not in placed)
        columns.append(column)
        placed.update(column)
    for c, column in enumerate(columns):

        def anchor(name: str) -> float:
            ys = [pos[n][1] for n in sorted(neighbours[name]) if n in pos]
            return sum(ys) / len(ys) if ys else -10.0

        column.sort(key=lambda n: (-anchor(n), n))
        step = 2.2 / max(len(column) - 1, 1)
        top = 1.1 if len(column) > 1 else 0.0
        for i, name in enumerate(column):
            pos[name] = (1.9 + 1.15 * c, top - i * step)
    return pos


def render_model_png(ontology_path: Path | None = None) -> bytes:
    """A PNG of the classes, their subclass links and the object properties between them."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        import networkx as nx
    except ImportError as exc:
        raise DocsError(
            "matplotlib is not installed: install the dev extras (pip install -e .[dev])"
        ) from exc
    ontology = _load(ontology_path or ONTOLOGY_DIR / "bkg.ttl")
    subclass, relations = model_edges(ontology)
    nodes = sorted({n for edge in [*subclass, *relations] for n in edge})
    pos = _layout(ontology, nodes, subclass, list(relations))
    fig, ax = plt.subplots(figsize=(24, 14), dpi=100)
    ax.set_axis_off()
    draw = nx.DiGraph()
    draw.add_nodes_from(nodes)
    ours = [n for n in nodes if ":" not in n]
    theirs = [n for n in nodes if ":" in n]
    nx.draw_networkx_nodes(draw, pos, nodelist=ours, node_color="#cfe2f3", node_size=3000, ax=ax)
    nx.draw_networkx_nodes(draw, pos, nodelist=theirs, node_color="#eeeeee", node_size=2400, ax=ax)
    nx.draw_networkx_labels(draw, pos, font_size=9, ax=ax)
    sub = nx.DiGraph(subclass)
    nx.draw_networkx_edges(
        sub,
        pos,
        edgelist=subclass,
        style="dashed",
        edge_color="#999999",
        arrowstyle="-|>",
        arrowsize=12,
        node_size=3000,
        ax=ax,
    )
    rel = nx.DiGraph()
    rel.add_edges_from((a, b) for (a, b) in relations if a != b)
    nx.draw_networkx_edges(
        rel,
        pos,
        edgelist=list(rel.edges),
        edge_color="#1f4e79",
        arrowstyle="-|>",
        arrowsize=16,
        node_size=3000,
        connectionstyle="arc3,rad=0.12",
        ax=ax,
    )
    labels = {(a, b): "\n".join(names) for (a, b), names in relations.items() if a != b}
    nx.draw_networkx_edge_labels(
        rel,
        pos,
        edge_labels=labels,
        font_size=7,
        font_color="#1f4e79",
        connectionstyle="arc3,rad=0.12",
        rotate=False,
        ax=ax,
    )
    for (a, b), names in relations.items():
        if a == b:
            x, y = pos[a]
            ax.annotate(
                "↻ " + ", ".join(names),
                (x, y),
                xytext=(0, -30),
                textcoords="offset points",
                ha="center",
                fontsize=7,
                color="#1f4e79",
            )
    title = _by_lang(ontology, URIRef(ONTOLOGY_IRI), DCTERMS.title).get("en", "")
    version = ontology.value(URIRef(ONTOLOGY_IRI), OWL.versionInfo)
    ax.set_title(
        f"{title} {version}: classes (blue: bkg, grey: reused), subclass links (dashed) "
        "and object properties (domain → range; ↻ from a class to itself)",
        fontsize=13,
    )
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def build_docs(out_dir: Path = DEFAULT_DOCS, ontology_dir: Path = ONTOLOGY_DIR) -> dict[str, Path]:
    """Write ``ontology.html`` and ``data-model.png`` into ``out_dir``, each atomically."""
    ontology = ontology_dir / "bkg.ttl"
    paths = {"html": out_dir / "ontology.html", "png": out_dir / "data-model.png"}
    html = render_html(ontology)
    png = render_model_png(ontology)
    write_bytes(paths["html"], html.encode("utf-8"))
    write_bytes(paths["png"], png)
    return paths
