"""Fast checks of kg.viz's HTML page (no browser; tests/test_browser.py drives Chromium)."""
from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from kg.errors import KgError
from kg.views.viz import CATEGORY_COLOURS, TYPE_COLOURS, category_colour, render_html, to_html

SCRIPT_LABEL = "<script>alert(1)</script>"
IMG_EVIDENCE = "<img src=x onerror=alert(1)>"


class PageParser(HTMLParser):
    """Collect what the tests look at: URL-bearing attributes, scripts, metas, ids."""

    URL_ATTRS = {"src", "href", "action", "formaction", "poster", "data", "srcset", "background"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str, str]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.metas: dict[str, str] = {}
        self.csp: str | None = None
        self.ids: dict[str, str] = {}
        self._script: dict[str, str | None] | None = None
        self._text_id: str | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        for name, value in attrs:
            if name in self.URL_ATTRS and value is not None:
                self.urls.append((tag, name, value))
        if tag == "meta" and attributes.get("name"):
            self.metas[attributes["name"] or ""] = attributes.get("content") or ""
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp = attributes.get("content")
        if tag == "script":
            self._script, self._buffer = attributes, []
        elif attributes.get("id"):
            self._text_id, self._buffer = attributes["id"], []

    def handle_data(self, data: str) -> None:
        self._buffer.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._buffer)))
            self._script = None
        elif self._text_id is not None and tag in {"p", "h1", "title"}:
            self.ids[self._text_id] = "".join(self._buffer).strip()
            self._text_id = None


def parse(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    parser.close()
    return parser


def page_data(page: str) -> dict:
    (data,) = [body for attrs, body in parse(page).scripts if attrs.get("type") == "application/json"]
    return json.loads(data)


def add_event(G: nx.MultiDiGraph, u: str, v: str, key: str, lemma: str, category: str | None = None,
              **extra) -> None:
    attrs = {"action": lemma + "ed", "lemma": lemma, "category": category, "date": "2031-05-01",
             "doc": "gazette-1", "sentence": 0, "evidence": f"{u} {lemma}ed {v}.", "negated": False,
             "confidence": 0.9, "weight": 1.0}
    attrs.update(extra)
    G.add_edge(u, v, key=key, **attrs)


@pytest.fixture
def small_graph() -> nx.MultiDiGraph:
    """Five invented actors of the invented island of Verdania, seven events."""
    G = nx.MultiDiGraph()
    actors = [
        ("Person/mira-kovalenko", "Mira Kovalenko", "Person", "VRD", ["Kovalenko"], 6),
        ("Organization/red-heron-brigade", "Red Heron Brigade", "Organization", None, ["RHB"], 5),
        ("Country/verdania", "Verdania", "Country", "VRD", [], 4),
        ("Location/port-salten", "Port Salten", "Location", "VRD", [], 2),
        ("Group/dock-workers", "dock workers", "Group", None, [], 1),
    ]
    for node, label, kind, country, aliases, mentions in actors:
        G.add_node(node, label=label, type=kind, country=country, aliases=aliases, mentions=mentions)
    add_event(G, "Person/mira-kovalenko", "Organization/red-heron-brigade", "ev:1", "condemn", "DISAPPROVE")
    add_event(G, "Organization/red-heron-brigade", "Location/port-salten", "ev:2", "attack", "ASSAULT",
              date="2031-05-02", sentence=1)
    add_event(G, "Organization/red-heron-brigade", "Location/port-salten", "ev:3", "attack", "ASSAULT",
              date="2031-05-03", sentence=4)
    add_event(G, "Organization/red-heron-brigade", "Location/port-salten", "ev:4", "attack", "ASSAULT",
              date=None, doc="gazette-2")
    add_event(G, "Country/verdania", "Organization/red-heron-brigade", "ev:5", "sanction", "SANCTION")
    add_event(G, "Group/dock-workers", "Country/verdania", "ev:6", "protest", "PROTEST")
    add_event(G, "Person/mira-kovalenko", "Country/verdania", "ev:7", "visit", None)
    return G


def test_render_returns_path_and_writes_atomically(small_graph, tmp_path):
    target = tmp_path / "out" / "graph.html"
    assert render_html(small_graph, target) == target
    first = target.read_text(encoding="utf-8")
    render_html(small_graph, target, title="again")
    assert "again" in target.read_text(encoding="utf-8")
    assert sorted(p.name for p in target.parent.iterdir()) == ["graph.html"]
    assert first.startswith("<!DOCTYPE html>")


def test_page_is_self_contained(small_graph, tmp_path):
    page = render_html(small_graph, tmp_path / "g.html").read_text(encoding="utf-8")
    parsed = parse(page)
    external = [(tag, attr, url) for tag, attr, url in parsed.urls
                if re.match(r"\s*(https?:)?//", url, re.I)]
    assert external == []
    assert all("src" not in attrs for attrs, _ in parsed.scripts)
    assert not re.search(r"<link[^>]+rel=\"?stylesheet", page)
    assert "vis.Network" in page and ".vis-network" in page  # vis-network JS and CSS are inlined


def test_csp_blocks_network_and_allows_only_our_scripts(small_graph):
    parsed = parse(to_html(small_graph))
    assert parsed.csp is not None and "default-src 'none'" in parsed.csp
    executable = [body for attrs, body in parsed.scripts if attrs.get("type") != "application/json"]
    assert len(executable) == 2
    for body in executable:
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in parsed.csp
    assert "unsafe-inline" not in parsed.csp.split("script-src", 1)[1].split(";", 1)[0]


@pytest.mark.parametrize("max_nodes, notice, shown", [
    (3, "showing 3 of 5 actors (top by degree)", 3),
    (5, "showing 5 of 5 actors", 5),
    (500, "showing 5 of 5 actors", 5),
])
def test_cap_keeps_top_actors_and_says_so(small_graph, max_nodes, notice, shown):
    scores = {"Person/mira-kovalenko": 0.1, "Organization/red-heron-brigade": 0.9,
              "Country/verdania": 0.5, "Location/port-salten": 0.3, "Group/dock-workers": 0.05}
    page = to_html(small_graph, scores=scores, metric="degree", max_nodes=max_nodes)
    parsed = parse(page)
    assert parsed.ids["kg-cap-notice"] == notice
    assert parsed.metas["kg-node-count"] == str(shown)
    kept = [n["id"] for n in page_data(page)["nodes"]]
    assert kept == sorted(scores, key=scores.get, reverse=True)[:shown]
    data = page_data(page)
    assert all(e["from"] in kept and e["to"] in kept for e in data["edges"])


def test_node_size_follows_score_and_colour_follows_type(small_graph):
    scores = {n: float(i) for i, n in enumerate(small_graph.nodes)}
    nodes = page_data(to_html(small_graph, scores=scores))["nodes"]
    sizes = [n["size"] for n in nodes]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] > sizes[-1]
    assert {n["type"]: n["color"] for n in nodes} == {t: TYPE_COLOURS[t] for t in
                                                      ("Person", "Organization", "Country", "Location", "Group")}


def test_default_scores_are_pagerank(small_graph):
    nodes = page_data(to_html(small_graph))["nodes"]
    pagerank = nx.pagerank(nx.DiGraph(small_graph))
    assert nodes[0]["id"] == max(pagerank, key=pagerank.get)
    assert nodes[0]["tip"]["rows"][4][0] == "pagerank"


def test_parallel_events_collapse_into_one_counted_edge(small_graph):
    edges = page_data(to_html(small_graph))["edges"]
    attacks = [e for e in edges if e["from"] == "Organization/red-heron-brigade" and e["to"] == "Location/port-salten"]
    assert len(attacks) == 1
    (attack,) = attacks
    assert attack["count"] == 3 and attack["label"] == "attack · ASSAULT ×3"
    assert attack["color"] == CATEGORY_COLOURS["ASSAULT"]
    single = next(e for e in edges if e["label"] == "sanction · SANCTION")
    assert attack["width"] > single["width"]
    dates = [ev["date"] for ev in attack["tip"]["evidence"]]
    assert dates == ["2031-05-03", "2031-05-02", "undated"]
    assert next(e for e in edges if e["label"] == "visit")["color"] == category_colour(None)


def test_tooltip_lists_at_most_five_evidence_sentences(small_graph):
    for i in range(8):
        add_event(small_graph, "Country/verdania", "Group/dock-workers", f"ev:x{i}", "arrest", "COERCE",
                  sentence=10 + i, evidence=f"Sentence number {i}.")
    edge = next(e for e in page_data(to_html(small_graph))["edges"] if e["label"].startswith("arrest"))
    assert len(edge["tip"]["evidence"]) == 5 and edge["tip"]["more"] == 3
    assert {"date", "doc", "sentence", "action", "text"} <= set(edge["tip"]["evidence"][0])


def test_negated_events_are_not_merged_with_asserted_ones(small_graph):
    add_event(small_graph, "Person/mira-kovalenko", "Organization/red-heron-brigade", "ev:n", "condemn",
              "DISAPPROVE", negated=True)
    labels = sorted(e["label"] for e in page_data(to_html(small_graph))["edges"] if e["category"] == "DISAPPROVE")
    assert labels == ["condemn · DISAPPROVE", "not condemn · DISAPPROVE"]


def test_hostile_text_is_escaped_everywhere(small_graph):
    small_graph.add_node("Person/mallory", label=SCRIPT_LABEL, type="Person", country=None,
                         aliases=[IMG_EVIDENCE], mentions=1)
    add_event(small_graph, "Person/mallory", "Country/verdania", "ev:evil", "<b>threaten</b>",
              "<THREATEN>", action="</script><script>alert(2)</script>", evidence=IMG_EVIDENCE,
              doc='"><svg onload=alert(3)>')
    page = to_html(small_graph, title="<svg onload=alert(4)>")
    for raw in (SCRIPT_LABEL, IMG_EVIDENCE, "<script>alert(2)", "<svg onload", "<b>threaten", "<THREATEN>"):
        assert raw not in page
    parsed = parse(page)
    assert len(parsed.scripts) == 3  # the hostile </script> did not end a script early
    data = page_data(page)
    node = next(n for n in data["nodes"] if n["id"] == "Person/mallory")
    assert node["label"] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert node["search"][1] == "&lt;img src=x onerror=alert(1)&gt;"
    edge = next(e for e in data["edges"] if e["from"] == "Person/mallory")
    assert edge["tip"]["evidence"][0]["text"] == "&lt;img src=x onerror=alert(1)&gt;"
    assert parsed.ids["kg-title"] == "<svg onload=alert(4)>"  # shown as text, parsed back from entities


def test_empty_graph_renders(tmp_path):
    page = render_html(nx.MultiDiGraph(), tmp_path / "empty.html").read_text(encoding="utf-8")
    parsed = parse(page)
    assert "no actors" in page
    assert parsed.ids["kg-cap-notice"] == "showing 0 of 0 actors"
    assert parsed.metas["kg-node-count"] == "0"
    assert page_data(page)["nodes"] == [] and page_data(page)["edges"] == []


def test_graph_without_optional_attributes_renders():
    G = nx.MultiDiGraph()
    G.add_edge("a", "b")
    G.add_edge("b", "a", lemma="answer")
    data = page_data(to_html(G))
    assert sorted(n["label"] for n in data["nodes"]) == ["a", "b"]
    assert sorted(e["label"] for e in data["edges"]) == ["?", "answer"]
    assert {n["type"] for n in data["nodes"]} == {"Other"}


def test_vis_options_stabilise_then_freeze_big_graphs(small_graph):
    data = page_data(to_html(small_graph, physics=False))
    assert data["options"]["physics"]["solver"] == "barnesHut"
    assert data["options"]["physics"]["stabilization"]["iterations"] == 200
    assert data["meta"]["freezeAbove"] == 200 and data["meta"]["physics"] is False
    assert 'id="kg-physics" type="checkbox">' in to_html(small_graph, physics=False)
    assert 'id="kg-physics" type="checkbox" checked>' in to_html(small_graph)


def test_page_has_controls_and_legend(small_graph):
    page = to_html(small_graph)
    for element_id in ("kg-search", "kg-search-status", "kg-physics", "kg-cap-notice", "kg-legend-types",
                       "kg-legend-categories"):
        assert f'id="{element_id}"' in page
    assert page.count('class="kg-filter-type"') == 5
    assert 'data-kg-category="ASSAULT"' in page and 'data-kg-category=""' in page  # "" = no category


def test_long_labels_are_shortened_on_canvas_only(small_graph):
    small_graph.nodes["Group/dock-workers"]["label"] = "Federation of " + "very " * 20 + "long names"
    node = next(n for n in page_data(to_html(small_graph))["nodes"] if n["id"] == "Group/dock-workers")
    assert len(node["label"]) == 40 and node["label"].endswith("…")
    assert node["tip"]["title"].endswith("long names")


def test_max_nodes_must_be_positive(small_graph):
    with pytest.raises(KgError, match="max_nodes"):
        to_html(small_graph, max_nodes=0)
    with pytest.raises(KgError, match="max_edges"):
        to_html(small_graph, max_edges=0)


def test_link_cap_draws_the_pairs_with_most_events_and_says_so(small_graph):
    # brigade -> port (3 events) first; then one-event pairs by the actors' rank (scores below)
    scores = {"Person/mira-kovalenko": 0.9, "Organization/red-heron-brigade": 0.8,
              "Country/verdania": 0.5, "Location/port-salten": 0.3, "Group/dock-workers": 0.05}
    page = to_html(small_graph, scores=scores, max_edges=2)
    pairs = [(e["from"], e["to"]) for e in page_data(page)["edges"]]
    assert pairs == [("Person/mira-kovalenko", "Organization/red-heron-brigade"),
                     ("Organization/red-heron-brigade", "Location/port-salten")]
    assert parse(page).ids["kg-cap-notice"] == "showing 5 of 5 actors; 2 of 5 links (most events)"
    assert parse(to_html(small_graph, scores=scores, max_edges=5)).ids["kg-cap-notice"] == "showing 5 of 5 actors"


def test_page_evidence_is_shared_out_edge_by_edge_within_the_budget(small_graph, monkeypatch):
    import kg.views.edges as edges_module

    for i in range(4):
        add_event(small_graph, "Country/verdania", "Group/dock-workers", f"ev:y{i}", "arrest", "COERCE",
                  sentence=20 + i, evidence="x" * (700 + i))
    monkeypatch.setattr(edges_module, "_MAX_PAGE_EVIDENCE", 8)
    edges = page_data(to_html(small_graph))["edges"]
    shown = [len(e["tip"]["evidence"]) for e in edges]
    assert sum(shown) == 8 and min(shown) >= 1  # everyone's first sentence before anyone's second
    arrest = next(e for e in edges if e["label"].startswith("arrest"))
    assert len(arrest["tip"]["evidence"]) + arrest["tip"]["more"] == 4
    assert all(len(ev["text"]) == 600 and ev["text"].endswith("…") for ev in arrest["tip"]["evidence"])


def test_importing_viz_does_not_import_pyvis():
    code = "import sys, kg.views.viz; print('pyvis' in sys.modules, 'jinja2' in sys.modules)"
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=root, env={"PYTHONPATH": str(root), "PATH": ""})
    assert out.stdout.split() == ["False", "False"]


def test_the_page_reads_pyvis_assets_without_importing_pyvis():
    # importing pyvis imports IPython: half a second of every page command for two files on disk
    code = ("import sys; from kg.views.viz import _vis_assets; js, css = _vis_assets(); "
            "assert 'vis' in js and css; print(sorted(m for m in ('pyvis', 'IPython') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
