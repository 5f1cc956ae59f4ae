"""The HTML view: one self-contained pyvis page of the graph that works offline.

The page is rendered by pyvis with our own Jinja template (``kg/templates/graph.html``)
instead of pyvis's stock one, which links Bootstrap from a CDN: vis-network's script
and style are inlined from pyvis's bundled ``templates/lib``, so opening the page makes
no network request. Node and edge data go into the page through Jinja's ``tojson``
(``<``, ``>``, ``&`` and quotes escaped), and the tooltips are built in the browser with
``textContent``, so no text from a document is ever parsed as HTML.

What to show is decided here, from the named queries (entities, relations, mentions,
observations), as plain :class:`ViewNode` and :class:`ViewEdge` records: a focus and a
depth cut out a neighbourhood, a set of kinds filters nodes, and observations, hidden
by default, can be added as one node per subject and metric.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

import opencc
import pyvis
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pyvis.network import Network
from rdflib import Graph

from kg.export import relation_labels
from kg.kinds import kinds
from kg.normalize import normalize_name
from kg.queries import from_text, load, run

TEMPLATES = Path(__file__).resolve().parent / "templates"
PYVIS_TEMPLATES = Path(pyvis.__file__).resolve().parent / "templates"
TEMPLATE = "graph.html"

# colour and vis-network shape per kind; every shape here is sized by ``size``
KIND_STYLE: dict[str, tuple[str, str]] = {k.name: (k.color, k.shape) for k in kinds()}
OBSERVATION_STYLE = ("#fff2b3", "box")
KIND_NAMES_ZH = {**{k.name: k.view_label for k in kinds()}, "Observation": "指标"}
LATEST_OBSERVATIONS = 4
MAX_SENTENCE = 160
STABILIZATION_ITERATIONS = 300

OPTIONS: dict[str, object] = {
    "layout": {"randomSeed": 7, "improvedLayout": True},
    "physics": {
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {
            "gravitationalConstant": -70,
            "centralGravity": 0.01,
            "springLength": 110,
            "springConstant": 0.08,
            "avoidOverlap": 0.5,
        },
        "maxVelocity": 60,
        "minVelocity": 1,
        "stabilization": {
            "enabled": True,
            "iterations": STABILIZATION_ITERATIONS,
            "updateInterval": 50,
            "fit": True,
        },
    },
    "nodes": {
        "font": {"size": 14, "face": "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"},
        "borderWidth": 1,
    },
    "edges": {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "color": {"color": "#9aa5b1", "highlight": "#333333", "inherit": False},
        "font": {"size": 10, "color": "#555555", "strokeWidth": 3, "align": "middle"},
        "smooth": {"enabled": True, "type": "continuous", "roundness": 0.3},
        "width": 1,
    },
    "interaction": {"hover": True, "tooltipDelay": 120, "keyboard": True, "multiselect": True},
}


class ViewError(Exception):
    """A focus that names no entity, or a kind the graph does not have; the message says which."""


@dataclass(frozen=True)
class Evidence:
    """One sentence that mentions an entity, where it is: document, offsets, page (PDF)."""

    sentence: str
    quote: str
    doc: str
    start: int
    end: int
    page: int | None = None


@dataclass(frozen=True)
class Figure:
    date: str
    metric: str
    value: str
    """As a reader of Chinese reports expects it: 3.85亿户."""
    number: float
    doc: str


@dataclass(frozen=True)
class ViewNode:
    id: str
    label: str
    kind: str
    aliases: tuple[str, ...] = ()
    docs: tuple[str, ...] = ()
    observations: tuple[str, ...] = ()
    evidence: str = ""
    evidence_doc: str = ""
    mentions: tuple[Evidence, ...] = ()
    figures: tuple[Figure, ...] = ()


@dataclass(frozen=True)
class ViewEdge:
    source: str
    target: str
    relation: str
    evidence: str = ""
    doc: str = ""
    count: int = 1


@dataclass(frozen=True)
class ViewData:
    nodes: tuple[ViewNode, ...]
    edges: tuple[ViewEdge, ...]
    focus: tuple[str, ...] = ()
    degree: Mapping[str, int] = field(default_factory=dict)
    unlinked_left_out: int = 0


def readable(value: str, unit: str) -> str:
    """A base-unit decimal as a reader of Chinese reports expects it: 3.85亿户, 7726万户, 8.3%."""
    try:
        number = Decimal(value)
    except InvalidOperation:
        return f"{value} {unit}".strip()
    for scale, word in (
        (Decimal(10) ** 12, "万亿"),
        (Decimal(10) ** 8, "亿"),
        (Decimal(10) ** 4, "万"),
    ):
        if abs(number) >= scale:
            scaled = format((number / scale).quantize(Decimal("0.01")).normalize(), "f")
            return f"{scaled}{word}{unit}"
    return f"{format(number.normalize(), 'f')}{unit}"


def _split(cell: str) -> tuple[str, ...]:
    return tuple(x for x in cell.split(" | ") if x) if cell else ()


def _clip(text: str, limit: int = MAX_SENTENCE) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _evidence(graph: Graph) -> dict[str, tuple[str, str]]:
    """The first sentence that mentions each entity (earliest document first), with its document."""
    out: dict[str, tuple[str, str]] = {}
    for rec in run(graph, load("mentions")).records():
        if rec["node"] not in out and rec["sentence"]:
            out[rec["node"]] = (_clip(rec["sentence"]), rec["doc"])
    return out


_PAGES = """PREFIX bkg: <https://w3id.org/bank-kg/def/bkg#>
PREFIX oa:  <http://www.w3.org/ns/oa#>
SELECT ?doc ?start ?page WHERE {
  ?span bkg:page ?page ; oa:hasSource/bkg:fileName ?doc ; oa:hasSelector/oa:start ?start .
} ORDER BY ?doc ?start ?page"""


def _all_evidence(graph: Graph) -> dict[str, list[Evidence]]:
    """Every sentence that mentions each entity, in document and text order, with the page
    a PDF's span starts on when the graph records it."""
    pages = {(r[0], r[1]): int(r[2]) for r in run(graph, from_text(_PAGES, "pages")).rows}
    out: dict[str, list[Evidence]] = defaultdict(list)
    seen: set[tuple[str, str, str]] = set()
    for rec in run(graph, load("mentions")).records():
        sentence = " ".join((rec["sentence"] or rec["quote"]).split())
        key = (rec["node"], rec["doc"], sentence)
        if key in seen:
            continue
        seen.add(key)
        out[rec["node"]].append(
            Evidence(
                sentence,
                rec["quote"],
                rec["doc"],
                int(rec["start"]),
                int(rec["end"]),
                pages.get((rec["doc"], rec["start"])),
            )
        )
    for items in out.values():
        items.sort(key=lambda e: (e.doc, e.start))
    return out


def _figures(graph: Graph) -> dict[str, list[Figure]]:
    """Each subject's figures, by metric and date."""
    out: dict[str, list[Figure]] = defaultdict(list)
    seen: set[tuple[str, str, str, str]] = set()
    for r in run(graph, load("observations")).records():
        key = (r["subject"], r["metric"], r["date"], r["value"])
        if key in seen:
            continue
        seen.add(key)
        try:
            number = float(Decimal(r["value"]))
        except InvalidOperation:
            continue
        out[r["subject"]].append(
            Figure(
                r["date"],
                r["metric"],
                f"{r['qualifier']}{readable(r['value'], r['unit'])}",
                number,
                r["doc"],
            )
        )
    for items in out.values():
        items.sort(key=lambda f: (f.metric, f.date, f.doc))
    return out


def _latest_observations(graph: Graph) -> dict[str, list[str]]:
    """A few of each subject's observations, latest date first."""
    rows = run(graph, load("observations")).records()
    rows.sort(key=lambda r: (r["subject"], r["date"], r["metric"], r["value"]), reverse=True)
    out: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        line = f"{r['date']}  {r['metric']} {r['qualifier']}{readable(r['value'], r['unit'])}"
        if len(out[r["subject"]]) < LATEST_OBSERVATIONS and line not in out[r["subject"]]:
            out[r["subject"]].append(line)
    return out


def _series_nodes(graph: Graph, subjects: Iterable[str]) -> tuple[list[ViewNode], list[ViewEdge]]:
    """One node per subject and metric, labelled with its latest value; dates in the tooltip."""
    wanted = set(subjects)
    series: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for r in run(graph, load("observations")).records():
        if r["subject"] in wanted:
            series[(r["subject"], r["metric"])].append(r)
    nodes, edges = [], []
    for (subject, metric), rows in sorted(series.items()):
        rows.sort(key=lambda r: (r["date"], r["doc"], r["value"]))
        last = rows[-1]
        node_id = f"{subject}#metric={metric}"
        nodes.append(
            ViewNode(
                node_id,
                f"{metric}\n{last['qualifier']}{readable(last['value'], last['unit'])}",
                "Observation",
                observations=tuple(
                    f"{r['date']}  {r['qualifier']}{readable(r['value'], r['unit'])}  ({r['doc']})"
                    for r in reversed(rows)
                ),
                evidence=_clip(last["quote"]),
                evidence_doc=last["doc"],
            )
        )
        edges.append(ViewEdge(subject, node_id, "observed", _clip(last["quote"]), last["doc"]))
    return nodes, edges


def _match(nodes: Mapping[str, ViewNode], name: str) -> list[str]:
    key = normalize_name(name)
    return sorted(
        n.id
        for n in nodes.values()
        if n.id == name or key in {normalize_name(x) for x in (n.label, *n.aliases)}
    )


def _parse_kinds(kinds: Iterable[str] | str | None) -> set[str] | None:
    if kinds is None:
        return None
    items = kinds.split(",") if isinstance(kinds, str) else list(kinds)
    wanted = {k.strip() for k in items if k.strip()}
    by_lower = {k.lower(): k for k in KIND_STYLE}
    unknown = sorted(k for k in wanted if k.lower() not in by_lower)
    if unknown:
        raise ViewError(f"unknown kind {unknown[0]!r}; kinds are {', '.join(KIND_STYLE)}")
    return {by_lower[k.lower()] for k in wanted}


def view_data(
    graph: Graph,
    focus: str | None = None,
    depth: int = 2,
    kinds: Iterable[str] | str | None = None,
    show_observations: bool = False,
) -> ViewData:
    """What the page shows: entities and the relations between them.

    ``kinds`` keeps only those kinds; without a focus it also leaves out the entities
    that have no relation among them (the view is about how those kinds connect).
    ``focus`` (a name, alias or IRI of an entity of a kind shown) cuts the view to
    ``depth`` relation steps around it; relations through hidden kinds are not followed.
    """
    if depth < 0:
        raise ViewError(f"depth must be 0 or more, not {depth}")
    wanted_kinds = _parse_kinds(kinds)
    evidence = _evidence(graph)
    latest = _latest_observations(graph)
    every_evidence = _all_evidence(graph)
    figures = _figures(graph)
    nodes: dict[str, ViewNode] = {}
    for rec in run(graph, load("entities")).records():
        sentence, doc = evidence.get(rec["entity"], ("", ""))
        nodes[rec["entity"]] = ViewNode(
            rec["entity"],
            rec["label"],
            rec["kind"],
            _split(rec["aliases"]),
            _split(rec["docs"]),
            tuple(latest.get(rec["entity"], ())),
            sentence,
            doc,
            tuple(every_evidence.get(rec["entity"], ())),
            tuple(figures.get(rec["entity"], ())),
        )
    grouped: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    for rec in run(graph, load("relations")).records():
        if rec["subject"] in nodes and rec["object"] in nodes:
            grouped[(rec["subject"], rec["relation"], rec["object"])].append(rec)
    edges = [
        ViewEdge(
            s,
            o,
            rel,
            _clip(recs[0]["sentence"] or recs[0]["quote"]),
            recs[0]["doc"],
            len({(r["doc"], r["quote"]) for r in recs}),
        )
        for (s, rel, o), recs in sorted(grouped.items())
    ]

    keep = {n.id for n in nodes.values() if wanted_kinds is None or n.kind in wanted_kinds}
    focus_ids: list[str] = []
    if focus is not None:
        focus_ids = [i for i in _match(nodes, focus) if i in keep]
        if not focus_ids:
            elsewhere = sorted({nodes[i].kind for i in _match(nodes, focus)})
            among = f" among {', '.join(sorted(wanted_kinds or ()))}" if elsewhere else ""
            hint = f" (it is a {', '.join(elsewhere)})" if elsewhere else ""
            raise ViewError(
                f"no entity named {focus!r}{among} in the graph{hint}; "
                "`kg query entities` lists the names and aliases"
            )
    edges = [e for e in edges if e.source in keep and e.target in keep]
    if focus_ids:
        neighbours: dict[str, set[str]] = defaultdict(set)
        for e in edges:
            neighbours[e.source].add(e.target)
            neighbours[e.target].add(e.source)
        reached = set(focus_ids)
        frontier = set(focus_ids)
        for _ in range(depth):
            frontier = {m for n in frontier for m in neighbours[n]} - reached
            reached |= frontier
        keep = reached
        edges = [e for e in edges if e.source in keep and e.target in keep]
    left_out = 0
    if wanted_kinds is not None and not focus_ids:
        linked = {e.source for e in edges} | {e.target for e in edges}
        left_out = len(keep - linked)
        keep &= linked
    shown = [nodes[i] for i in sorted(keep)]
    if show_observations:
        extra_nodes, extra_edges = _series_nodes(graph, keep)
        shown.extend(extra_nodes)
        edges.extend(extra_edges)
    degree: dict[str, int] = defaultdict(int)
    for e in edges:
        degree[e.source] += 1
        degree[e.target] += 1
    return ViewData(tuple(shown), tuple(edges), tuple(focus_ids), dict(degree), left_out)


def _tooltip(node: ViewNode) -> dict[str, object]:
    """Tooltip content as plain strings; the page turns it into DOM text nodes."""
    rows = [["类别 kind", f"{KIND_NAMES_ZH.get(node.kind, node.kind)} {node.kind}"]]
    if node.aliases:
        rows.append(["别名 aliases", " · ".join(node.aliases)])
    if node.docs:
        rows.append(["文档 docs", " · ".join(node.docs)])
    return {
        "heading": node.label.replace("\n", " "),
        "rows": rows,
        "observations": list(node.observations),
        "evidence": node.evidence,
        "evidenceDoc": node.evidence_doc,
        "iri": "" if node.kind == "Observation" else node.id,
    }


@lru_cache(maxsize=1)
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


def traditional(text: str) -> str:
    """The traditional-script form of a simplified name (OpenCC s2t)."""
    return str(_s2t().convert(text))


def _panel(node: ViewNode) -> dict[str, object]:
    """What the pinned side panel shows, as plain strings and numbers (made DOM text in
    the page)."""
    label = node.label.replace("\n", " ")
    hant = traditional(label)
    return {
        "label": label,
        "hant": hant if hant != label else "",
        "kind": node.kind,
        "kindZh": KIND_NAMES_ZH.get(node.kind, node.kind),
        "aliases": list(node.aliases),
        "docs": list(node.docs),
        "evidence": [
            {
                "sentence": e.sentence,
                "quote": e.quote,
                "doc": e.doc,
                "start": e.start,
                "end": e.end,
                "page": e.page,
            }
            for e in node.mentions
        ],
        "figures": [
            {"date": f.date, "metric": f.metric, "value": f.value, "number": f.number, "doc": f.doc}
            for f in node.figures
        ],
        "iri": "" if node.kind == "Observation" else node.id,
    }


def _search_keys(node: ViewNode) -> str:
    """Every name a user may type, lower-cased: label and aliases in both scripts, English
    names among the aliases."""
    names = {node.label.replace("\n", " "), *node.aliases}
    names |= {traditional(n) for n in names}
    names |= {normalize_name(n) for n in names}
    return "\u0001".join(sorted(n.lower() for n in names if n))


def _plain_title(node: ViewNode) -> str:
    """The tooltip as plain text: what vis-network shows if the page's script cannot run."""
    lines = [node.label.replace("\n", " "), f"{node.kind}"]
    if node.aliases:
        lines.append(" · ".join(node.aliases))
    lines += node.observations
    if node.evidence:
        lines.append(f"“{node.evidence}” ({node.evidence_doc})")
    return "\n".join(lines)


def _environment(context: Mapping[str, object]) -> Environment:
    env = Environment(
        loader=FileSystemLoader([str(TEMPLATES), str(PYVIS_TEMPLATES)]),
        autoescape=select_autoescape(["html"]),
    )
    env.globals.update(context)
    return env


def render_html(
    graph: Graph,
    focus: str | None = None,
    depth: int = 2,
    kinds: Iterable[str] | str | None = None,
    show_observations: bool = False,
    title: str = "Bank knowledge graph",
) -> str:
    """A self-contained HTML page of the graph (see :func:`view_data` for the options)."""
    data = view_data(graph, focus, depth, kinds, show_observations)
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    linked = {e.source for e in data.edges} | {e.target for e in data.edges}
    if not linked:  # nothing is connected: show everything rather than an empty page
        linked = {n.id for n in data.nodes}
    unlinked = sum(1 for n in data.nodes if n.id not in linked)
    for node in data.nodes:
        color, shape = KIND_STYLE.get(node.kind, OBSERVATION_STYLE)
        tip = _tooltip(node)
        degree = data.degree.get(node.id, 0)
        net.add_node(
            node.id,
            label=node.label,
            focus=node.id in data.focus,
            title=_plain_title(node),
            tip=tip,
            panel=_panel(node),
            search=_search_keys(node),
            linked=node.id in linked,
            hidden=node.id not in linked,
            physics=node.id in linked,
            kind=node.kind,
            color={"background": color, "border": "#333333" if node.id in data.focus else color},
            borderWidth=3 if node.id in data.focus else 1,
            shape=shape,
            size=12 + 3 * min(degree, 12),
            font={"size": 12} if node.kind == "Observation" else {"size": 14 + min(degree, 6)},
        )
    labels = relation_labels()
    for i, edge in enumerate(data.edges):
        said = f"\n“{edge.evidence}” ({edge.doc})" if edge.evidence else ""
        if edge.count > 1:
            said += f"\n+{edge.count - 1} more evidence"
        zh, en = labels.get(edge.relation, ("指标", edge.relation))
        net.add_edge(
            edge.source,
            edge.target,
            id=f"e{i}",
            label=zh,
            relation=edge.relation,
            relationZh=zh,
            relationEn=en,
            evidence=edge.evidence,
            doc=edge.doc,
            title=f"{zh} {en}{said}",
            dashes=edge.relation == "observed",
        )
    net.options = OPTIONS
    kinds_shown = sorted({n.kind for n in data.nodes}, key=_kind_order)
    counts: dict[str, int] = defaultdict(int)
    for n in data.nodes:
        counts[n.kind] += 1
    legend = [
        {
            "kind": kind,
            "zh": KIND_NAMES_ZH.get(kind, kind),
            "color": KIND_STYLE.get(kind, OBSERVATION_STYLE)[0],
            "shape": KIND_STYLE.get(kind, OBSERVATION_STYLE)[1],
            "count": counts[kind],
        }
        for kind in kinds_shown
    ]
    focus_labels = [f"{n.label} ({n.kind})" for n in data.nodes if n.id in data.focus]
    net.templateEnv = _environment(
        {
            "page_title": title,
            "legend": legend,
            "focus_labels": focus_labels,
            "depth": depth,
            "node_count": len(data.nodes),
            "edge_count": len(data.edges),
            "unlinked_left_out": data.unlinked_left_out,
            "unlinked_count": unlinked,
            "stabilization_iterations": STABILIZATION_ITERATIONS,
        }
    )
    net.path = TEMPLATE
    return net.generate_html()


def _kind_order(kind: str) -> int:
    order = [*KIND_STYLE, "Observation"]
    return order.index(kind) if kind in order else len(order)


def options_json() -> str:
    """The vis-network options the page uses (for tests and for tuning by hand)."""
    return json.dumps(OPTIONS, ensure_ascii=False, sort_keys=True)
