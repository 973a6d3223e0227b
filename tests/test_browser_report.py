"""The `kg report` page in a real Chromium, offline: charts drawn, graph frame running, hostile text inert.

Needs Debian's /usr/bin/chromium and the playwright Python package. Set
KG_SCREENSHOT_DIR to keep a full-page screenshot (kg-report.png).
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_browser import CHROMIUM, PageLog, browser, offline_page  # noqa: F401  (browser is a fixture)
from test_report import XSS_IMG, XSS_SCRIPT, payload_store  # noqa: F401  (payload_store is a fixture)

from kg.views.report import render_report
from kg.store import open_store

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium"),
]

FRAME = "#kg-graph-frame"


@pytest.fixture
def open_report(browser) -> Iterator[Any]:  # noqa: F811
    """Open a report offline, wait until the embedded graph is ready, return (page, graph frame, log)."""
    contexts = []

    def _open(path: Path) -> tuple[Any, Any, PageLog]:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page, log = offline_page(context)
        page.goto(path.as_uri())
        # Selectors, not wait_for_function: the CSP forbids evaluating strings in the page.
        page.frame_locator(FRAME).locator("body[data-kg-ready='1']").wait_for(state="attached", timeout=30_000)
        frame = page.locator(FRAME).element_handle().content_frame()
        return page, frame, log

    yield _open
    for context in contexts:
        context.close()


def graph_ink(page: Any, frame: Any) -> int:
    """Drawn pixels on the graph canvas, once the frame is on screen (offscreen frames do not paint)."""
    page.locator(FRAME).scroll_into_view_if_needed()
    ink = 0
    for _ in range(20):
        ink = frame.evaluate("""() => {
            const canvas = document.querySelector('#kg-graph canvas');
            const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            let ink = 0;
            for (let i = 0; i < px.length; i += 4) {
                if (px[i + 3] > 0 && !(px[i] > 240 && px[i + 1] > 240 && px[i + 2] > 240)) ink++;
            }
            return ink;
        }""")
        if ink > 2_000:
            break
        page.wait_for_timeout(150)
    return ink


@pytest.fixture(scope="module")
def examples_report_path(tmp_path_factory, examples_store) -> Path:
    with open_store(examples_store, read_only=True) as store:
        return render_report(store, tmp_path_factory.mktemp("browser-report") / "report.html")


def test_report_renders_offline_with_charts_and_graph(examples_report_path, open_report):
    page, frame, log = open_report(examples_report_path)
    assert page.title() == "kg report"
    assert page.locator("#kg-documents").inner_text() == "20"
    charts = page.locator("figure svg")
    assert charts.count() == 3
    for i in range(3):
        box = charts.nth(i).bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 100
    assert page.locator("#kg-top-actors tbody tr").count() == 20
    assert page.locator("#kg-communities li").count() >= 2
    assert frame.evaluate("kg.nodeView.length") > 20  # the graph's own script runs inside the frame
    assert graph_ink(page, frame) > 2_000
    frame.locator("#kg-search").fill("Serpa")
    frame.locator("#kg-search").press("Enter")
    assert frame.locator("#kg-search-status").inner_text() == "found: Joaquim Serpa"
    log.assert_clean()
    if os.environ.get("KG_SCREENSHOT_DIR"):
        out = Path(os.environ["KG_SCREENSHOT_DIR"])
        out.mkdir(parents=True, exist_ok=True)
        page.wait_for_timeout(1_000)  # let the graph's physics settle
        page.screenshot(path=str(out / "kg-report.png"), full_page=True)


def test_graph_frame_cannot_reach_the_report(examples_report_path, open_report):
    page, frame, log = open_report(examples_report_path)
    # sandbox="allow-scripts" without allow-same-origin: an opaque origin, the parent DOM is out of reach
    assert frame.evaluate("() => { try { return !!window.parent.document; } catch (e) { return 'blocked'; } }") \
        == "blocked"
    assert frame.evaluate("window.origin") == "null"
    log.assert_clean()


def test_article_payloads_never_execute_in_the_report(payload_store, tmp_path, open_report):  # noqa: F811
    with open_store(payload_store, read_only=True) as store:
        path = render_report(store, tmp_path / "hostile-report.html")
    page, frame, log = open_report(path)
    page.locator(FRAME).scroll_into_view_if_needed()
    edges = frame.evaluate("kg.data.edges.map(e => e.id)")
    texts = []
    for edge_id in edges:
        # a real hover: vis-network's tooltip shows the evidence (parallel edges may show a neighbour's)
        point = frame.evaluate(
            "(id) => kgNetwork.canvasToDOM(kgNetwork.body.edges[id].edgeType.getPoint(0.5))", edge_id)
        canvas = frame.locator("#kg-graph canvas").bounding_box()
        page.mouse.move(5, 5)
        page.mouse.move(canvas["x"] + point["x"], canvas["y"] + point["y"], steps=3)
        tip = frame.locator("div.vis-tooltip")
        tip.wait_for(state="visible", timeout=5_000)
        texts.append(tip.text_content())
        # the page's own click handler, for this exact edge: the details panel
        frame.evaluate("(id) => kgNetwork.body.emitter.emit('click', {nodes: [], edges: [id]})", edge_id)
        texts.append(frame.locator("#kg-details").inner_text())
        assert frame.evaluate("document.querySelectorAll("
                              "'div.vis-tooltip *:is(script, img), #kg-details *:is(script, img)').length") == 0
    shown = " ".join(texts)
    assert XSS_SCRIPT in shown and XSS_IMG in shown  # shown as text...
    page.wait_for_timeout(300)
    for context in (page, frame):  # ...and never run
        assert context.evaluate("typeof window.__xss") == "undefined"
        assert context.evaluate("document.querySelectorAll('img, iframe img, [onerror], [onload]').length") == 0
    log.assert_clean()
