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
        visit.page.uncheck('#legend input[data-kind="Bank"]')
        hidden = visit.js("kg.nodes.get({filter: n => n.kind === 'Bank'}).map(n => n.hidden)")
        assert hidden and all(hidden)
        others = visit.js("kg.nodes.get({filter: n => n.kind !== 'Bank'}).some(n => n.hidden)")
        assert others is False
        visit.page.check('#legend input[data-kind="Bank"]')
        visit.page.uncheck("#show-unlinked")
        assert visit.js(
            "(() => { const linked = new Set(kg.edges.get().flatMap(e => [e.from, e.to]));"
            " return kg.nodes.get().every(n => n.hidden === !linked.has(n.id)); })()"
        )
    finally:
        visit.page.close()


def test_focused_view_centres_on_the_focus(browser, pages):
    visit = Visit(browser, pages["focus"])
    try:
        labels = visit.js("kg.nodes.get().map(n => n.label)")
        assert FOCUS in labels
        assert len(labels) <= 80
        assert f"focus: {FOCUS}" in visit.page.inner_text("#stats")
        if os.environ.get("KG_UPDATE_DOCS"):
            visit.page.screenshot(path=str(ROOT / "docs" / "view.png"))
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
