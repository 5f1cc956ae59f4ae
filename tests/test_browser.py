"""The HTML view in a real browser: headless Chromium from Debian, driven by Playwright.

Every request the page makes is routed through a handler that lets ``file:`` and
``data:`` URLs through and aborts (and records) anything else, so a stray CDN link
fails the test instead of silently loading. Screenshots go to test-artifacts/; set
``KG_UPDATE_DOCS=1`` to also refresh docs/view.png (the README's picture).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.view import STABILIZATION_ITERATIONS, render_html

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
FOCUS = "第一个人金融银行"
HOSTILE = "<img src=x onerror=window.__pwned=1>工银卡"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing (apt-get install chromium)"
    ),
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Visit:
    """One page load with every request recorded and every non-local one aborted."""

    def __init__(self, browser, path: Path) -> None:
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 860})
        self.page.route("**/*", self._route)
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.kg && window.kg.ready === true", timeout=60_000)

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def js(self, expression: str):
        return self.page.evaluate(expression)


def _write(tmp_path: Path, name: str, html: str) -> Path:
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def pages(seeds_graph, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("view")
    return {
        "full": _write(folder, "full.html", render_html(seeds_graph)),
        "focus": _write(folder, "focus.html", render_html(seeds_graph, focus=FOCUS, depth=2)),
        "kinds": _write(
            folder, "kinds.html", render_html(seeds_graph, kinds="Strategy,Product,Department")
        ),
    }


@pytest.mark.parametrize("name", ["full", "focus", "kinds"], ids=["full", "focus", "kinds"])
def test_page_loads_offline_and_settles(browser, pages, name):
    visit = Visit(browser, pages[name])
    try:
        assert visit.blocked == [], "the page asked for something beyond file: and data:"
        assert all(u.startswith(("file:", "data:")) for u in visit.requests)
        assert visit.errors == []
        assert visit.js("kg.nodes.length") > 0
        assert visit.js("kg.iterations") <= STABILIZATION_ITERATIONS
        assert visit.js("kg.network.physics.physicsEnabled") is False
        ARTIFACTS.mkdir(exist_ok=True)
        visit.page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    finally:
        visit.page.close()


def test_full_view_has_legend_and_expected_nodes(browser, pages):
    visit = Visit(browser, pages["full"])
    try:
        legend = visit.page.eval_on_selector_all(
            "#legend label[data-kind]", "els => els.map(e => e.dataset.kind)"
        )
        kinds = visit.js("[...new Set(kg.nodes.get().map(n => n.kind))]")
        assert set(legend) == set(kinds)
        assert visit.page.is_visible("#legend")
        banks = visit.js("kg.nodes.get({filter: n => n.kind === 'Bank'}).map(n => n.label)")
        assert "工商银行" in banks
        assert visit.js("kg.nodes.get().every(n => n.title instanceof Element)")
        ARTIFACTS.mkdir(exist_ok=True)
        visit.page.screenshot(path=str(ARTIFACTS / "view.png"))
    finally:
        visit.page.close()


def test_legend_checkboxes_hide_a_kind_and_unlinked_nodes(browser, pages):
    visit = Visit(browser, pages["full"])
    try:
        linked_only = (
            "(() => { const linked = new Set(kg.edges.get().flatMap(e => [e.from, e.to]));"
            " return kg.nodes.get().every(n => !!n.hidden === !linked.has(n.id)); })()"
        )
        assert visit.js(linked_only), "unlinked nodes start hidden"
        count = int(visit.page.inner_text("#unlinked-count"))
        assert count == visit.js("kg.nodes.get({filter: n => n.hidden}).length") > 0
        visit.page.check("#show-unlinked")
        assert visit.js("kg.nodes.get().some(n => n.hidden)") is False
        visit.page.uncheck('#legend input[data-kind="Bank"]')
        hidden = visit.js("kg.nodes.get({filter: n => n.kind === 'Bank'}).map(n => n.hidden)")
        assert hidden and all(hidden)
        others = visit.js("kg.nodes.get({filter: n => n.kind !== 'Bank'}).some(n => n.hidden)")
        assert others is False
        visit.page.check('#legend input[data-kind="Bank"]')
        visit.page.uncheck("#show-unlinked")
        assert visit.js(linked_only)
    finally:
        visit.page.close()


def test_focused_view_centres_on_the_focus(browser, pages):
    visit = Visit(browser, pages["focus"])
    try:
        labels = visit.js("kg.nodes.get().map(n => n.label)")
        assert FOCUS in labels
        assert len(labels) <= 80
        assert f"focus: {FOCUS}" in visit.page.inner_text("#stats")
        assert visit.page.is_visible("#panel"), "the focus is pinned"
        assert visit.page.inner_text("#panel h2") == FOCUS
        if os.environ.get("KG_UPDATE_DOCS"):
            visit.page.screenshot(path=str(ROOT / "docs" / "view.png"))
    finally:
        visit.page.close()


def _click_node(visit: Visit, label: str) -> None:
    x, y = visit.page.evaluate(
        """label => {
            const id = kg.nodes.get({filter: n => n.label === label})[0].id;
            kg.network.focus(id, {scale: 1.2});
            const p = kg.network.canvasToDOM(kg.network.getPositions([id])[id]);
            return [p.x, p.y];
        }""",
        label,
    )
    box = visit.page.locator("#mynetwork").bounding_box()
    visit.page.mouse.click(box["x"] + x, box["y"] + y)


def test_clicking_a_node_pins_its_evidence(browser, pages, seeds_graph):
    """The panel stays when the mouse leaves, and its sentences are the graph's evidence."""
    from kg import queries

    visit = Visit(browser, pages["full"])
    try:
        assert visit.page.is_hidden("#panel")
        _click_node(visit, "手机银行")
        panel = visit.page.locator("#panel")
        panel.wait_for(state="visible", timeout=5_000)
        box = visit.page.locator("#mynetwork").bounding_box()
        visit.page.mouse.move(box["x"] + 4, box["y"] + box["height"] - 4)
        visit.page.wait_for_timeout(300)
        assert panel.is_visible(), "the panel is pinned, not a tooltip"
        assert visit.page.inner_text("#panel h2") == "手机银行"
        assert visit.page.inner_text("#panel .hant") == "手機銀行"
        shown = panel.locator(".evidence .sentence").all_inner_texts()
        where = panel.locator(".evidence .where").all_inner_texts()
        rows = queries.run(seeds_graph, queries.load("mentions"), {"entity": "手机银行"})
        expected = {" ".join((r["sentence"] or r["quote"]).split()) for r in rows.records()}
        assert shown and set(shown) == expected
        docs = {r["doc"] for r in rows.records()}
        assert all(any(w.startswith(d + " [") for d in docs) for w in where)
        assert "网络金融部" in visit.page.inner_text("#panel")  # a relation of it
        assert panel.locator("table td").count() > 0  # its figures
        if os.environ.get("KG_UPDATE_DOCS"):
            visit.page.evaluate("kg.network.fit({animation: false})")
            visit.page.screenshot(path=str(ROOT / "docs" / "view-full.png"))
    finally:
        visit.page.close()


@pytest.mark.parametrize(
    "typed", ["个人手机银行", "手機銀行", "手机银"], ids=["alias", "traditional", "prefix"]
)
def test_search_as_you_type_finds_mobile_banking(browser, pages, typed):
    visit = Visit(browser, pages["full"])
    try:
        visit.page.locator("#search").press_sequentially(typed, delay=20)
        selected = visit.js("kg.network.getSelectedNodes().map(id => kg.nodes.get(id).label)")
        assert "手机银行" in selected
        assert "match" in visit.page.inner_text("#search-count")
        visit.page.locator("#search").press("Enter")
        assert visit.page.inner_text("#panel h2") in selected
    finally:
        visit.page.close()


def test_search_finds_the_bank_by_its_english_name(browser, pages):
    visit = Visit(browser, pages["full"])
    try:
        visit.page.fill("#search", "icbc")
        labels = visit.js("kg.network.getSelectedNodes().map(id => kg.nodes.get(id).label)")
        assert "工商银行" in labels
    finally:
        visit.page.close()


def test_legend_swatches_match_the_node_shapes(browser, pages):
    from kg.view import KIND_STYLE

    visit = Visit(browser, pages["full"])
    try:
        swatches = visit.page.eval_on_selector_all(
            "#legend label[data-kind] .swatch",
            "els => els.map(e => [e.parentNode.dataset.kind, e.className.split(' ')[1],"
            " getComputedStyle(e).clipPath, getComputedStyle(e).borderRadius])",
        )
        for kind, shape, clip, radius in swatches:
            assert shape == KIND_STYLE[kind][1]
            if shape == "hexagon":
                assert clip.startswith("polygon(") and clip.count(",") == 5
            if shape == "dot":
                assert radius == "50%"
            if shape == "square":
                assert clip == "none" and radius in ("0px", "")
    finally:
        visit.page.close()


def test_hovering_a_node_shows_its_tooltip_as_text(browser, hostile_graph, tmp_path):
    visit = Visit(browser, _write(tmp_path, "hostile.html", render_html(hostile_graph)))
    try:
        x, y = visit.page.evaluate(
            """label => {
                const id = kg.nodes.get({filter: n => n.label === label})[0].id;
                const p = kg.network.canvasToDOM(kg.network.getPositions([id])[id]);
                return [p.x, p.y];
            }""",
            HOSTILE,
        )
        box = visit.page.locator("#mynetwork").bounding_box()
        visit.page.mouse.move(box["x"] + x, box["y"] + y)
        tooltip = visit.page.locator("div.vis-tooltip")
        tooltip.wait_for(state="visible", timeout=5_000)
        assert HOSTILE in tooltip.inner_text()
        assert tooltip.locator("img").count() == 0
        visit.page.mouse.click(box["x"] + x, box["y"] + y)
        visit.page.locator("#panel").wait_for(state="visible", timeout=5_000)
        assert HOSTILE in visit.page.inner_text("#panel h2")
        assert visit.page.locator("#panel img").count() == 0
        assert visit.js("window.__pwned === undefined")
    finally:
        visit.page.close()


@pytest.fixture(scope="module")
def hostile_graph():
    """A graph whose product name carries markup, mapped by the real code."""
    from datetime import date

    from kg.models import Document, DocumentExtraction, Mention, Sentence, Span
    from kg.rdfmap import build_graph
    from kg.resolve import resolve

    text = f"「{HOSTILE}」深受客户欢迎。\n"
    doc = "hostile.txt"
    start = text.index(HOSTILE)
    sentence = Sentence(doc, 0, 0, len(text), text)
    mention = Mention(
        HOSTILE,
        HOSTILE,
        "Product",
        Span(doc, start, start + len(HOSTILE), HOSTILE),
        0,
        "entity.test",
    )
    document = Document(
        doc, Path(doc), text, "utf-8", "0" * 64, bank="工商银行", reference_date=date(2024, 12, 31)
    )
    extraction = DocumentExtraction(document, (sentence,), (mention,), (), ())
    return build_graph([extraction], resolve([extraction]))
