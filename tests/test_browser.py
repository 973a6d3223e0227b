"""kg.viz pages in a real Chromium, offline: they draw, search, filter and never run hostile text.

Needs Debian's /usr/bin/chromium and the playwright Python package (no browser
download). Set KG_SCREENSHOT_DIR to keep a screenshot of the rendered page.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from kg.views.viz import render_html

CHROMIUM = Path("/usr/bin/chromium")
XSS_SCRIPT = "<script>window.__xss=1</script>"
XSS_IMG = '<img src=x onerror="window.__xss=1">'
XSS_ALERT = "<img src=x onerror=alert(1)><svg onload=alert(2)>"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium"),
]


@dataclass
class PageLog:
    """What a page did that it should not have."""

    failed_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.failed_requests == []
        assert [url for url in self.requests if not url.startswith(("file:", "data:"))] == []
        assert self.console_errors == []
        assert self.page_errors == []
        assert self.dialogs == []


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
        )
        yield chromium
        chromium.close()


def offline_page(context: Any) -> tuple[Any, PageLog]:
    """A new page with the network blocked and every request, error and dialog recorded."""
    page = context.new_page()
    log = PageLog()
    page.route("http*://**", lambda route: route.abort())
    page.on("request", lambda request: log.requests.append(request.url))
    page.on("requestfailed", lambda request: log.failed_requests.append(request.url))
    page.on("console", lambda msg: log.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: log.page_errors.append(str(error)))

    def _dialog(dialog: Any) -> None:
        log.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", _dialog)
    return page, log


@pytest.fixture
def open_page(browser) -> Iterator[Any]:
    """Open an HTML file offline, wait until the layout has stabilised, return (page, log)."""
    contexts = []

    def _open(path: Path) -> tuple[Any, PageLog]:
        context = browser.new_context(viewport={"width": 1280, "height": 820})
        contexts.append(context)
        page, log = offline_page(context)
        page.goto(path.as_uri())
        # Poll with selectors: wait_for_function evaluates strings, which the page's CSP forbids.
        page.locator("body[data-kg-ready='1']").wait_for(state="attached", timeout=30_000)
        return page, log

    yield _open
    for context in contexts:
        context.close()


def add_event(G: nx.MultiDiGraph, u: str, v: str, key: str, lemma: str, category: str | None,
              **extra: Any) -> None:
    attrs = {"action": lemma + "ed", "lemma": lemma, "category": category, "date": "2031-05-01",
             "doc": "gazette-1", "sentence": 0, "evidence": f"{u} {lemma}ed {v}.", "negated": False,
             "confidence": 0.9, "weight": 1.0}
    attrs.update(extra)
    G.add_edge(u, v, key=key, **attrs)


@pytest.fixture
def island_graph() -> nx.MultiDiGraph:
    """Invented actors of the invented island of Verdania."""
    G = nx.MultiDiGraph()
    for node, label, kind, aliases in [
        ("Person/mira-kovalenko", "Mira Kovalenko", "Person", ["Kovalenko"]),
        ("Person/tomas-rell", "Tomas Rell", "Person", []),
        ("Organization/red-heron-brigade", "Red Heron Brigade", "Organization", ["RHB", "the Herons"]),
        ("Organization/salten-port-authority", "Salten Port Authority", "Organization", []),
        ("Country/verdania", "Verdania", "Country", []),
        ("Country/ostmark", "Ostmark", "Country", []),
        ("Location/port-salten", "Port Salten", "Location", []),
        ("Group/dock-workers", "dock workers", "Group", []),
    ]:
        G.add_node(node, label=label, type=kind, country="VRD", aliases=aliases, mentions=2)
    add_event(G, "Person/mira-kovalenko", "Organization/red-heron-brigade", "ev:1", "condemn", "DISAPPROVE")
    for i in range(3):
        add_event(G, "Organization/red-heron-brigade", "Location/port-salten", f"ev:a{i}", "attack", "ASSAULT",
                  sentence=i)
    add_event(G, "Country/verdania", "Organization/red-heron-brigade", "ev:2", "sanction", "SANCTION")
    add_event(G, "Country/ostmark", "Country/verdania", "ev:3", "support", "SUPPORT")
    add_event(G, "Group/dock-workers", "Organization/salten-port-authority", "ev:4", "protest", "PROTEST")
    add_event(G, "Person/tomas-rell", "Country/ostmark", "ev:5", "visit", None)
    add_event(G, "Organization/salten-port-authority", "Location/port-salten", "ev:6", "close", "COERCE")
    add_event(G, "Person/tomas-rell", "Person/mira-kovalenko", "ev:7", "meet", "CONSULT", negated=True)
    return G


def canvas_ink(page: Any) -> int:
    """Count drawn (non-transparent, non-white) pixels on vis-network's canvas."""
    return page.evaluate("""() => {
        const canvas = document.querySelector('#kg-graph canvas');
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let ink = 0;
        for (let i = 0; i < pixels.length; i += 4) {
            if (pixels[i + 3] > 0 && !(pixels[i] > 240 && pixels[i + 1] > 240 && pixels[i + 2] > 240)) ink++;
        }
        return ink;
    }""")


def node_point(page: Any, node_id: str) -> tuple[float, float]:
    """Viewport coordinates of a node's centre."""
    point = page.evaluate("(id) => kgNetwork.canvasToDOM(kgNetwork.getPosition(id))", node_id)
    box = page.locator("#kg-graph canvas").bounding_box()
    return box["x"] + point["x"], box["y"] + point["y"]


def edge_point(page: Any, edge_id: str) -> tuple[float, float]:
    """Viewport coordinates of the middle of a (curved) edge."""
    point = page.evaluate(
        "(id) => kgNetwork.canvasToDOM(kgNetwork.body.edges[id].edgeType.getPoint(0.5))", edge_id)
    box = page.locator("#kg-graph canvas").bounding_box()
    return box["x"] + point["x"], box["y"] + point["y"]


def hover_tooltip(page: Any, x: float, y: float) -> dict[str, Any]:
    """Hover a point, wait for vis-network's tooltip, return its text and any element it should not hold."""
    page.mouse.move(10, 10)
    page.mouse.move(x, y, steps=3)
    page.locator("div.vis-tooltip").wait_for(state="visible", timeout=5_000)
    return page.evaluate("""() => {
        const t = document.querySelector('div.vis-tooltip');
        return {text: t.textContent, markup: t.querySelectorAll('script, img, svg, iframe, [onerror], [onload]').length};
    }""")


def test_page_draws_offline_without_errors(island_graph, tmp_path, open_page):
    path = render_html(island_graph, tmp_path / "island.html", title="Verdania, May 2031")
    page, log = open_page(path)
    assert page.title() == "Verdania, May 2031"
    assert page.locator("#kg-cap-notice").inner_text() == "showing 8 of 8 actors"
    assert page.evaluate("kg.nodeView.length") == 8
    assert canvas_ink(page) > 2_000
    log.assert_clean()
    if os.environ.get("KG_SCREENSHOT_DIR"):
        out = Path(os.environ["KG_SCREENSHOT_DIR"])
        out.mkdir(parents=True, exist_ok=True)
        page.wait_for_timeout(1_500)  # let live physics settle for a tidy picture
        page.screenshot(path=str(out / "kg-graph.png"))


def test_search_finds_actor_by_label_and_alias(island_graph, tmp_path, open_page):
    page, log = open_page(render_html(island_graph, tmp_path / "island.html"))
    search, status = page.locator("#kg-search"), page.locator("#kg-search-status")
    for query, label, node_id in [("Port Salten", "Port Salten", "Location/port-salten"),
                                  ("heron", "Red Heron Brigade", "Organization/red-heron-brigade"),
                                  ("RHB", "Red Heron Brigade", "Organization/red-heron-brigade"),
                                  ("kovalenko", "Mira Kovalenko", "Person/mira-kovalenko")]:
        search.fill("")
        search.type(query)
        search.press("Enter")
        assert status.inner_text() == f"found: {label}"
        assert page.evaluate("kgNetwork.getSelectedNodes()") == [node_id]
        assert label in page.locator("#kg-details").inner_text()
    search.fill("atlantis")
    search.press("Enter")
    assert status.inner_text() == "not found"
    log.assert_clean()


def test_filters_and_physics_toggle(island_graph, tmp_path, open_page):
    page, log = open_page(render_html(island_graph, tmp_path / "island.html"))
    page.locator('input.kg-filter-type[data-kg-type="Person"]').uncheck()
    assert page.evaluate("kg.nodeView.length") == 6
    page.locator('input.kg-filter-category[data-kg-category="ASSAULT"]').uncheck()
    assert page.evaluate("kg.edgeView.length") == len(page.evaluate("kg.data.edges")) - 1
    page.locator("#kg-search").fill("Tomas")
    page.locator("#kg-search").press("Enter")  # finding a filtered-out actor shows its type again
    assert page.locator("#kg-search-status").inner_text() == "found: Tomas Rell"
    assert page.locator('input.kg-filter-type[data-kg-type="Person"]').is_checked()
    assert page.evaluate("kg.nodeView.length") == 8
    assert page.locator("#kg-physics").is_checked()
    assert page.evaluate("kgNetwork.physics.options.enabled") is True
    page.locator("#kg-physics").uncheck()
    assert page.evaluate("kgNetwork.physics.options.enabled") is False
    assert canvas_ink(page) > 2_000
    log.assert_clean()


def test_sign_filter_shows_cooperation_or_conflict(island_graph, tmp_path, open_page):
    page, log = open_page(render_html(island_graph, tmp_path / "island.html"))
    legend = page.locator("#kg-legend-signs").inner_text()
    assert "cooperation2" in legend.replace(" ", "").replace("\n", "") and "conflict5" in legend.replace(
        " ", "").replace("\n", "")
    page.locator('input.kg-filter-sign[data-kg-sign="conflict"]').uncheck()
    shown = page.evaluate("kg.edgeView.get().map(e => e.kgCategory).sort()")
    assert shown == ["", "CONSULT", "SUPPORT"]  # cooperation and the uncategorised visit
    page.locator('input.kg-filter-sign[data-kg-sign=""]').uncheck()
    assert page.evaluate("kg.edgeView.get().map(e => e.kgCategory).sort()") == ["CONSULT", "SUPPORT"]
    page.locator('input.kg-filter-sign[data-kg-sign="conflict"]').check()
    page.locator('input.kg-filter-sign[data-kg-sign="cooperation"]').uncheck()
    assert page.evaluate("kg.edgeView.get().map(e => e.kgCategory).sort()") == [
        "ASSAULT", "COERCE", "DISAPPROVE", "PROTEST", "SANCTION"]
    assert canvas_ink(page) > 1_000
    log.assert_clean()


def test_hostile_labels_and_evidence_never_execute(island_graph, tmp_path, open_page):
    G = island_graph
    G.add_node("Person/mallory", label=XSS_SCRIPT, type="Person", country=None,
               aliases=[XSS_IMG, XSS_ALERT], mentions=1)
    G.add_node("Group/eve", label=XSS_IMG, type="Group", country="<b>X</b>", aliases=[], mentions=1)
    add_event(G, "Person/mallory", "Group/eve", "ev:x1", XSS_SCRIPT, "<THREATEN>", action=XSS_IMG,
              evidence=f"{XSS_IMG} said {XSS_SCRIPT} and {XSS_ALERT}", doc=XSS_ALERT, date=None)
    add_event(G, "Group/eve", "Country/verdania", "ev:x2", "warn", "THREATEN", evidence=XSS_ALERT)
    page, log = open_page(render_html(G, tmp_path / "hostile.html", title=XSS_ALERT))

    node_tip = hover_tooltip(page, *node_point(page, "Person/mallory"))
    assert XSS_SCRIPT in node_tip["text"] and XSS_IMG in node_tip["text"] and node_tip["markup"] == 0
    edge_id = page.evaluate("kg.data.edges.find(e => e.from === 'Person/mallory').id")
    edge_tip = hover_tooltip(page, *edge_point(page, edge_id))
    assert XSS_ALERT in edge_tip["text"] and edge_tip["markup"] == 0

    x, y = node_point(page, "Group/eve")
    page.mouse.click(x, y)
    assert XSS_IMG in page.locator("#kg-details").inner_text()
    x, y = edge_point(page, edge_id)
    page.mouse.click(x, y)
    assert XSS_ALERT in page.locator("#kg-details").inner_text()
    page.locator("#kg-search").fill("<script>window")
    page.locator("#kg-search").press("Enter")
    assert page.locator("#kg-search-status").inner_text() == f"found: {XSS_SCRIPT}"

    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.evaluate("document.querySelectorAll('body img, body svg, [onerror], [onload]').length") == 0
    assert page.title() == XSS_ALERT
    log.assert_clean()


def test_empty_graph_page(tmp_path, open_page):
    page, log = open_page(render_html(nx.MultiDiGraph(), tmp_path / "empty.html"))
    assert page.locator("#kg-empty").inner_text() == "no actors"
    assert page.locator("#kg-cap-notice").inner_text() == "showing 0 of 0 actors"
    page.locator("#kg-search").fill("anyone")
    page.locator("#kg-search").press("Enter")
    assert page.locator("#kg-search-status").inner_text() == "not found"
    log.assert_clean()


def test_big_graph_is_capped_and_frozen_after_stabilisation(tmp_path, open_page):
    G = nx.MultiDiGraph()
    for i in range(260):
        G.add_node(f"Person/p{i}", label=f"Person {i}", type="Person", country=None, aliases=[], mentions=1)
    for i in range(260):
        add_event(G, f"Person/p{i}", f"Person/p{(i * 7 + 1) % 260}", f"ev:{i}", "meet", "CONSULT")
        add_event(G, f"Person/p{i}", f"Person/p{i // 2}", f"ev:h{i}", "call", None)
    page, log = open_page(render_html(G, tmp_path / "big.html", max_nodes=230))
    assert page.locator("#kg-cap-notice").inner_text() == "showing 230 of 260 actors (top by pagerank)"
    assert page.evaluate("kgNetwork.physics.options.enabled") is False
    assert not page.locator("#kg-physics").is_checked()
    assert canvas_ink(page) > 2_000
    log.assert_clean()
