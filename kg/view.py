"""The HTML view: a self-contained pyvis page of the graph, usable with no network.

pyvis's stock template links Bootstrap from a CDN; we render with pyvis's in-line
resources and strip those links, so the page makes no network request.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict

from pyvis.network import Network
from rdflib import Graph

from kg.queries import load, run

KIND_STYLE = {
    "Bank": ("#1f3b73", "star"),
    "Strategy": ("#d62728", "diamond"),
    "Initiative": ("#ff7f0e", "triangle"),
    "Product": ("#1f77b4", "dot"),
    "Department": ("#2ca02c", "square"),
    "Subsidiary": ("#17becf", "square"),
    "Branch": ("#8c564b", "triangleDown"),
    "Organization": ("#7f7f7f", "dot"),
    "CustomerSegment": ("#9467bd", "hexagon"),
    "Award": ("#bcbd22", "star"),
    "Region": ("#e377c2", "ellipse"),
}
_EXTERNAL = re.compile(
    r"<(?:link|script)[^>]+(?:href|src)=\"(?:https?:)?//[^\"]*\"[^>]*>(?:</script>)?"
)


def render_html(graph: Graph, title: str = "Bank knowledge graph") -> str:
    entities = run(graph, load("entities"))
    relations = run(graph, load("relations"))
    net = Network(height="800px", width="100%", directed=True, cdn_resources="in_line", heading="")
    degree: dict[str, int] = defaultdict(int)
    edges = {}
    for row in relations.rows:
        rec = dict(zip(relations.columns, row, strict=True))
        edges.setdefault((rec["subject"], rec["relation"], rec["object"]), rec)
        degree[rec["subject"]] += 1
        degree[rec["object"]] += 1
    for row in entities.rows:
        rec = dict(zip(entities.columns, row, strict=True))
        color, shape = KIND_STYLE.get(rec["kind"], ("#999999", "dot"))
        tip = "\n".join(
            [
                f"{rec['label']} ({rec['kind']})",
                f"aliases: {rec['aliases']}" if rec["aliases"] else "",
                f"docs: {rec['docs']}",
            ]
        ).strip()
        net.add_node(
            rec["entity"],
            label=html.escape(rec["label"]),
            title=html.escape(tip),
            color=color,
            shape=shape,
            size=10 + 3 * min(degree[rec["entity"]], 10),
        )
    for (s, rel, o), rec in sorted(edges.items()):
        if s in net.node_ids and o in net.node_ids:
            net.add_edge(s, o, label=rel, title=html.escape(rec["sentence"]))
    page = net.generate_html()
    page = _EXTERNAL.sub("", page)
    page = page.replace("<title>", f"<title>{html.escape(title)}", 1) if "<title>" in page else page
    return page
