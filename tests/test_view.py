"""The HTML view: offline, escaped, filtered and focused as asked, deterministic.

The browser-side checks (requests, the vis DataSet, tooltips, screenshots) are in
tests/test_browser.py; these read the page and the view data without a browser.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.models import Document, DocumentExtraction, Mention, Observation, Relation, Sentence, Span
from kg.rdfmap import build_graph
from kg.resolve import resolve
from kg.view import (
    KIND_STYLE,
    PYVIS_TEMPLATES,
    STABILIZATION_ITERATIONS,
    ViewError,
    readable,
    render_html,
    view_data,
)

FOCUS = "第一个人金融银行"
# a resource reference that would make the browser fetch something from the network
NETWORK_REFERENCE = re.compile(
    r"""(?:\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:url\(\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:@import\s+(?:url\()?\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:\b(?:fetch|importScripts|XMLHttpRequest|WebSocket|EventSource)\s*\(\s*["'](?:https?|wss?):)""",
    re.IGNORECASE,
)
HOSTILE = "<img src=x onerror=alert(1)>银行&卡</script>"


def _nodes_of(page: str) -> list[dict]:
    match = re.search(r"var nodeData = (\[.*?\]);\n", page, re.S)
    assert match, "the page carries its node data"
    return json.loads(match.group(1))


def _edges_of(page: str) -> list[dict]:
    match = re.search(r"var edgeData = (\[.*?\]);\n", page, re.S)
    assert match
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def hostile_graph():
    """A composed two-sentence report whose names and sentences carry markup."""
    text = f"「{HOSTILE}」是打造个人金融<b>银行</b>的利器。\n截至2024年末，{HOSTILE}客户数达到1.2亿户。\n"
    doc = "hostile.txt"
    sentences = []
    for m in re.finditer(r"[^\n]+\n", text):
        sentences.append(Sentence(doc, len(sentences), m.start(), m.end(), m.group()))

    def mention(surface: str, kind: str, nth: int = 0) -> Mention:
        start = -1
        for _ in range(nth + 1):
            start = text.index(surface, start + 1)
        sentence = next(s.index for s in sentences if s.start <= start < s.end)
        return Mention(
            surface,
            surface,
            kind,
            Span(doc, start, start + len(surface), surface),
            sentence,
            "entity.test",
        )

    product = mention(HOSTILE, "Product")
    strategy = mention("个人金融<b>银行</b>", "Strategy")
    again = mention(HOSTILE, "Product", 1)
    document = Document(
        doc, Path(doc), text, "utf-8", "0" * 64, bank="工商银行", reference_date=date(2024, 12, 31)
    )
    relation = Relation(
        product,
        "supports",
        strategy,
        Span(doc, sentences[0].start, sentences[0].end, sentences[0].text),
        0,
        "relation.test",
    )
    observation = Observation(
        again,
        "客户数",
        Decimal("120000000"),
        "户",
        date(2024, 12, 31),
        "1.2亿户",
        Span(
            doc,
            again.span.start,
            sentences[1].end - 2,
            text[again.span.start : sentences[1].end - 2],
        ),
        1,
        "observation.test",
    )
    extraction = DocumentExtraction(
        document, tuple(sentences), (product, strategy, again), (observation,), (relation,)
    )
    return build_graph([extraction], resolve([extraction]))


@pytest.fixture(scope="module")
def full_page(seeds_graph) -> str:
    return render_html(seeds_graph)


@pytest.fixture(scope="module")
def focus_page(seeds_graph) -> str:
    return render_html(seeds_graph, focus=FOCUS, depth=2)


# ----------------------------------------------------------------- offline
@pytest.mark.parametrize("page", ["full_page", "focus_page"], ids=["full", "focus"])
def test_page_makes_no_network_reference(request, page):
    html = request.getfixturevalue(page)
    assert not NETWORK_REFERENCE.findall(html)
    assert "bootstrap" not in html.lower()
    assert "<link" not in html.lower()
    assert not re.search(r"<script[^>]+src=", html, re.IGNORECASE)


def test_the_pattern_catches_what_it_should():
    for bad in [
        '<script src="https://cdn.x/y.js">',
        "<link href='//x.org/a.css'>",
        "background: url(http://x/y.png)",
        "@import url('https://x/y.css');",
        "fetch('https://api.x/')",
    ]:
        assert NETWORK_REFERENCE.search(bad), bad
    for fine in [
        'createElementNS("http://www.w3.org/2000/svg", "svg")',
        'url("data:image/png;base64,AAAA")',
        '<a href="#top">',
    ]:
        assert not NETWORK_REFERENCE.search(fine), fine


def test_vis_network_is_inlined_from_pyvis(full_page):
    script = (PYVIS_TEMPLATES / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text("utf-8")
    style = (PYVIS_TEMPLATES / "lib" / "vis-9.1.2" / "vis-network.css").read_text("utf-8")
    assert script[:2000] in full_page
    assert style[:500] in full_page
    assert "new vis.Network(" in full_page


def test_page_is_deterministic(seeds_graph, full_page):
    assert render_html(seeds_graph) == full_page


# ----------------------------------------------------------------- nodes, edges, legend
def test_nodes_are_styled_by_kind_and_sized_by_degree(full_page, seeds_graph):
    nodes = _nodes_of(full_page)
    data = view_data(seeds_graph)
    assert len(nodes) == len(data.nodes)
    for node in nodes:
        color, shape = KIND_STYLE[node["kind"]]
        assert (node["color"]["background"], node["shape"]) == (color, shape)
        assert node["size"] == 12 + 3 * min(data.degree.get(node["id"], 0), 12)
    bank = [n for n in nodes if n["label"] == "工商银行"]
    assert [n["kind"] for n in bank] == ["Bank"]


def test_edges_are_labelled_by_relation_in_chinese_and_english(full_page, seeds_graph):
    from kg.export import relation_labels

    edges = _edges_of(full_page)
    relations = {e.relation for e in view_data(seeds_graph).edges}
    assert {e["relation"] for e in edges} == relations
    labels = relation_labels()
    for e in edges:
        assert (e["label"], e["relationZh"], e["relationEn"]) == (
            labels[e["relation"]][0],
            *labels[e["relation"]],
        )
        assert re.search(r"[\u4e00-\u9fff]", e["label"]), "edge labels are Chinese"
        assert e["title"].startswith(f"{e['relationZh']} {e['relationEn']}")


def test_panel_holds_every_evidence_sentence_both_scripts_and_figures(full_page, seeds_graph):
    from kg import queries

    node = next(n for n in _nodes_of(full_page) if n["label"] == "手机银行")
    panel = node["panel"]
    assert (panel["label"], panel["hant"], panel["kind"]) == ("手机银行", "手機銀行", "Product")
    mentions = queries.run(seeds_graph, queries.load("mentions"), {"entity": "手机银行"})
    sentences = {" ".join((r["sentence"] or r["quote"]).split()) for r in mentions.records()}
    assert {e["sentence"] for e in panel["evidence"]} == sentences
    for e in panel["evidence"]:
        text = (Path(__file__).resolve().parent.parent / "seeds" / e["doc"]).read_text("utf-8")
        assert text[e["start"] : e["end"]] == e["quote"]
    figures = {(f["metric"], f["date"]) for f in panel["figures"]}
    assert ("客户数", "2020-06-30") in figures
    assert all(isinstance(f["number"], float) for f in panel["figures"])


def test_search_keys_cover_aliases_both_scripts_and_english(full_page):
    nodes = {n["label"]: n for n in _nodes_of(full_page)}
    mobile = nodes["手机银行"]["search"].split("\u0001")
    assert {"手机银行", "手機銀行", "个人手机银行"} <= set(mobile)
    bank = nodes["工商银行"]["search"].split("\u0001")
    assert {"icbc", "工行", "工商銀行"} <= set(bank)


def test_unlinked_nodes_start_hidden_and_are_counted(full_page):
    nodes = _nodes_of(full_page)
    linked = {e["from"] for e in _edges_of(full_page)} | {e["to"] for e in _edges_of(full_page)}
    assert all(n["hidden"] == (n["id"] not in linked) == (not n["linked"]) for n in nodes)
    unlinked = sum(1 for n in nodes if n["id"] not in linked)
    assert unlinked > 0
    assert f'<span class="count" id="unlinked-count">{unlinked}</span>' in full_page


def test_legend_lists_the_kinds_shown(full_page):
    kinds = {n["kind"] for n in _nodes_of(full_page)}
    legend = set(re.findall(r'<label data-kind="(\w+)">', full_page))
    assert legend == kinds
    assert "图例 legend" in full_page


def test_tooltip_carries_label_aliases_kind_observations_and_evidence(seeds_graph, full_page):
    nodes = {n["label"]: n for n in _nodes_of(full_page) if n["kind"] == "Bank"}
    tip = nodes["工商银行"]["tip"]
    assert tip["heading"] == "工商银行"
    assert ["类别 kind", "银行 Bank"] in tip["rows"]
    aliases = dict(tip["rows"]).get("别名 aliases", "")
    assert "ICBC" in aliases
    assert 0 < len(tip["observations"]) <= 4
    dates = [o.split()[0] for o in tip["observations"]]
    assert dates == sorted(dates, reverse=True)
    assert tip["evidence"] and tip["evidenceDoc"].endswith(".txt")


# ----------------------------------------------------------------- escaping
def test_document_text_never_reaches_the_page_as_markup(hostile_graph):
    page = render_html(hostile_graph, show_observations=True)
    assert HOSTILE not in page
    assert "<b>银行</b>" not in page
    assert page.count("</script>") == 2, "no text closes a script element early"
    labels = {n["label"] for n in _nodes_of(page)}
    assert HOSTILE in labels, "the label itself is kept verbatim, as text"
    tip = next(n["tip"] for n in _nodes_of(page) if n["label"] == HOSTILE)
    assert HOSTILE in tip["evidence"]
    own_script = page.rsplit("<script>", 1)[1]
    assert "textContent" in own_script and "innerHTML" not in own_script


# ----------------------------------------------------------------- focus and filter
def test_focus_keeps_the_neighbourhood_within_depth(seeds_graph):
    zero = view_data(seeds_graph, focus=FOCUS, depth=0)
    one = view_data(seeds_graph, focus=FOCUS, depth=1)
    two = view_data(seeds_graph, focus=FOCUS, depth=2)
    assert {n.id for n in zero.nodes} == set(zero.focus)
    assert {n.label for n in zero.nodes} == {FOCUS}
    assert {n.id for n in zero.nodes} <= {n.id for n in one.nodes} <= {n.id for n in two.nodes}
    for edge in one.edges:
        assert edge.source in one.focus or edge.target in one.focus
    assert len(two.nodes) <= 80, "a focused view stays readable"


def test_focus_accepts_traditional_script_and_iris(seeds_graph):
    simplified = view_data(seeds_graph, focus=FOCUS, depth=1)
    traditional = view_data(seeds_graph, focus="第一個人金融銀行", depth=1)
    assert simplified == traditional
    iri = simplified.focus[0]
    assert view_data(seeds_graph, focus=iri, depth=0).focus == (iri,)


def test_unknown_focus_is_an_error_naming_it(seeds_graph):
    with pytest.raises(ViewError, match="no entity named '不存在的战略'"):
        view_data(seeds_graph, focus="不存在的战略")


@pytest.mark.parametrize(
    "kinds",
    ["Strategy,Product,Department", ["strategy", "product", "department"]],
    ids=["comma-string", "list"],
)
def test_kinds_filter_nodes_and_leave_out_the_unlinked(seeds_graph, kinds):
    data = view_data(seeds_graph, kinds=kinds)
    assert {n.kind for n in data.nodes} <= {"Strategy", "Product", "Department"}
    shown = {n.id for n in data.nodes}
    linked = {e.source for e in data.edges} | {e.target for e in data.edges}
    assert shown == linked
    every = [
        n for n in view_data(seeds_graph).nodes if n.kind in {"Strategy", "Product", "Department"}
    ]
    assert len(shown) + data.unlinked_left_out == len(every)


def test_focus_is_looked_up_among_the_kinds_shown(seeds_graph):
    data = view_data(seeds_graph, focus=FOCUS, depth=1, kinds="Strategy,Product")
    assert {n.kind for n in data.nodes} <= {"Strategy", "Product"}
    with pytest.raises(ViewError, match=f"no entity named '{FOCUS}' among Award in the graph"):
        view_data(seeds_graph, focus=FOCUS, kinds="Award")


def test_unknown_kind_is_an_error_naming_it(seeds_graph):
    with pytest.raises(ViewError, match="unknown kind 'Produkt'"):
        view_data(seeds_graph, kinds="Strategy,Produkt")


def test_observations_are_hidden_unless_asked(seeds_graph, hostile_graph):
    assert not any(n.kind == "Observation" for n in view_data(seeds_graph).nodes)
    data = view_data(hostile_graph, show_observations=True)
    series = [n for n in data.nodes if n.kind == "Observation"]
    assert [n.label for n in series] == ["客户数\n1.2亿户"]
    assert [(e.relation, e.target) for e in data.edges if e.relation == "observed"] == [
        ("observed", series[0].id)
    ]


def test_full_view_physics_is_bounded(full_page):
    options = json.loads(re.search(r"var options = (\{.*?\});\n", full_page, re.S).group(1))
    stabilization = options["physics"]["stabilization"]
    assert stabilization["enabled"] and stabilization["iterations"] == STABILIZATION_ITERATIONS
    assert "setOptions({physics: {enabled: false}})" in full_page


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        ("385000000", "户", "3.85亿户"),
        ("77260000", "户", "7726万户"),
        ("8.3", "%", "8.3%"),
        ("18541510000000", "元", "18.54万亿元"),
        ("133", "家", "133家"),
    ],
    ids=["yi", "wan", "percent", "wan-yi", "plain"],
)
def test_readable_values(value, unit, shown):
    assert readable(value, unit) == shown


# ----------------------------------------------------------------- the viz command
def test_viz_command_writes_a_focused_filtered_view(seeds_out, tmp_path):
    out = tmp_path / "focus.html"
    result = CliRunner().invoke(
        main,
        [
            "viz",
            "--graph",
            str(seeds_out / "graph.ttl"),
            "--out",
            str(out),
            "--focus",
            FOCUS,
            "--depth",
            "1",
            "--kinds",
            "Strategy,Product,Department",
            "--observations",
        ],
    )
    assert result.exit_code == 0, result.output
    page = out.read_text("utf-8")
    nodes = _nodes_of(page)
    assert {n["kind"] for n in nodes} <= {"Strategy", "Product", "Department", "Observation"}
    assert {n["label"] for n in nodes if n["focus"]} == {FOCUS}
    assert f"focus: {FOCUS}" in page


def test_viz_command_reports_an_unknown_focus_in_one_line(seeds_out, tmp_path):
    result = CliRunner().invoke(
        main,
        [
            "viz",
            "--graph",
            str(seeds_out / "graph.ttl"),
            "--out",
            str(tmp_path / "x.html"),
            "--focus",
            "不存在的战略",
        ],
    )
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: no entity named '不存在的战略' in the graph; `kg query entities` lists the names and aliases"
    ]
    assert not (tmp_path / "x.html").exists()


def test_viz_help_has_an_example():
    result = CliRunner().invoke(main, ["viz", "--help"])
    assert "Example: kg viz --focus" in result.output
    for option in ("--focus", "--depth", "--kinds", "--observations"):
        assert option in result.output
