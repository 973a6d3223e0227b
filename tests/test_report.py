"""kg.report: the one-page offline HTML report (summary, tables, matplotlib SVG charts, communities, graph)."""
from __future__ import annotations

import dataclasses
import html
import os
import re
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import run_cli
from kg.analysis import centrality, communities
from kg.graph.mirror import ActorGraph, GraphFilter, to_networkx
from kg.views.report import event_facts, render_report, report_html, weekly_counts
from kg.graph.stats import store_stats
from kg.store import open_store

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"
PAYLOAD_ARTICLE = (
    "date 2026-03-10\n"
    "Senegal accused Portugal of hiding the cartel money. "
    f'Senegal condemned Portugal for the message "{XSS_SCRIPT}" on Monday. '
    f'Spain condemned Portugal after the minister wrote "{XSS_IMG}" in a letter to Joaquim Serpa.\n'
)
URL_ATTRIBUTES = {"src", "href", "xlink:href", "action", "formaction", "data", "poster", "srcset", "background",
                  "ping", "manifest", "cite"}


class Page(HTMLParser):
    """Tags and attributes of an HTML page (attribute values come back unescaped)."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attrs: list[tuple[str, str, str]] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        self.attrs += [(tag, name, value or "") for name, value in attrs]

    handle_startendtag = handle_starttag

    def values(self, name: str) -> list[str]:
        return [v for _, n, v in self.attrs if n == name]


def split_report(text: str) -> tuple[str, str]:
    """(the report without the iframe's srcdoc, the embedded graph page as the browser sees it)."""
    srcdocs = Page(text).values("srcdoc")
    assert len(srcdocs) == 1
    outer = re.sub(r'srcdoc="[^"]*"', 'srcdoc=""', text)
    return outer, srcdocs[0]


def assert_offline(page_text: str) -> None:
    """No attribute that makes a browser fetch or navigate points outside the page."""
    page = Page(page_text)
    external = [(tag, name, value) for tag, name, value in page.attrs
                if name in URL_ATTRIBUTES and re.match(r"\s*(https?:|//|ftp:)", value, re.I)]
    assert external == []
    assert not re.search(r"url\(\s*['\"]?\s*(https?:|//)", page_text, re.I)
    assert not re.search(r"@import", page_text)


@pytest.fixture(scope="module")
def examples_report(tmp_path_factory, examples_store) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("report") / "nested" / "report.html"
    with open_store(examples_store, read_only=True) as store:
        path = render_report(store, out)
    return path, path.read_text(encoding="utf-8")


@pytest.fixture(params=["hand", pytest.param("examples", marks=pytest.mark.slow)])
def any_report(request) -> str:
    """The report of the hand-made store (fast) and of the bundled corpus (slow: spaCy builds it)."""
    if request.param == "hand":
        return report_html(request.getfixturevalue("hand_store"))
    return request.getfixturevalue("examples_report")[1]


@pytest.fixture(scope="module")
def payload_store(tmp_path_factory) -> Path:
    """A store built (spaCy and all) from one article carrying script and img payloads in quotes."""
    from kg import build

    root = tmp_path_factory.mktemp("payload")
    (root / "docs").mkdir()
    (root / "docs" / "hostile.txt").write_text(PAYLOAD_ARTICLE, encoding="utf-8")
    report = build([str(root / "docs")], store=str(root / "store"))
    assert report.loaded == 1
    return root / "store"


def section(outer: str, section_id: str) -> str:
    return outer.split(f'id="{section_id}"', 1)[1].split("</section>", 1)[0]


# --------------------------------------------------------------------------- any store


def test_report_has_every_section(any_report):
    assert any_report.startswith("<!DOCTYPE html>")
    for section_id in ("kg-summary", "kg-top-actors", "kg-charts-section", "kg-communities", "kg-graph"):
        assert f'id="{section_id}"' in any_report
    assert "<title>kg report</title>" in any_report


def test_charts_are_inline_matplotlib_svg(any_report):
    outer, _ = split_report(any_report)
    svgs = re.findall(r"<svg\b.*?</svg>", outer, re.S)
    assert len(svgs) == 3
    for chart_id, svg in zip(("kg-chart-centrality", "kg-chart-categories", "kg-chart-timeline"), svgs):
        assert f'aria-labelledby="{chart_id}-title"' in svg
        assert svg.count("<path") > 10  # bars, axes and glyphs drawn by matplotlib
        assert 'id="' + chart_id + "-" in svg
        assert "<metadata" not in svg and "xmlns" not in svg
    ids = Counter(Page(outer).values("id"))
    assert [i for i, n in ids.items() if n > 1] == []  # several charts, no clashing glyph/clip ids
    references = re.findall(r'href="#([^"]+)"|url\(#([^)]+)\)', outer)
    assert references and all((a or b) in ids for a, b in references)
    assert "<!DOCTYPE svg" not in outer and "<?xml" not in outer


def test_report_needs_no_network(any_report):
    outer, graph = split_report(any_report)
    assert not re.search(r"https?:", outer, re.I)  # not even a namespace or a comment outside the graph
    assert_offline(outer)
    assert_offline(graph)
    assert not re.search(r"<script[^>]*\bsrc=", graph)
    assert Page(outer).tags["script"] == 0  # the report runs no script of its own


def test_report_csp_admits_exactly_the_graph_scripts(any_report):
    outer, graph = split_report(any_report)

    def policy(page: str) -> str:
        [content] = [v for t, n, v in Page(page).attrs if t == "meta" and n == "content" and "default-src" in v]
        return content

    assert policy(outer).startswith("default-src 'none'; ") and policy(graph).startswith("default-src 'none'; ")
    outer_src = re.search(r"script-src ([^;]*);", policy(outer)).group(1)
    graph_src = re.search(r"script-src ([^;]*);", policy(graph)).group(1)
    assert outer_src == graph_src and outer_src.count("'sha256-") >= 1


def test_graph_is_embedded_in_a_sandboxed_frame(any_report):
    attrs = {name: value for tag, name, value in Page(any_report).attrs if tag == "iframe"}
    assert attrs["sandbox"] == "allow-scripts"  # scripts run, but in an opaque origin without the report's DOM
    assert attrs["srcdoc"].startswith("<!DOCTYPE html>")
    assert "<title>kg report · graph</title>" in attrs["srcdoc"]


# --------------------------------------------------------------------------- the hand-made store


def test_hand_report_numbers(hand_store):
    numbers = store_stats(hand_store)
    outer, graph = split_report(report_html(hand_store, top=3))
    for key in ("documents", "sentences", "actors", "events"):
        assert f'<dd id="kg-{key}">{numbers[key]}</dd>' in outer
    assert '<dd id="kg-documents">2</dd>' in outer
    assert '<dd id="kg-date-range">2026-01-10 – 2026-03-01</dd>' in outer
    assert ("In the actor graph: 4 actors, 7 events between two actors, 10 events by these actors in all. "
            "1 undated events are left out of the timeline.") in outer
    top = [r["id"] for r in centrality(to_networkx(hand_store), ["events"], top=3)]
    assert [html.unescape(i) for i in re.findall(r'<td title="([^"]+)">', section(outer, "kg-top-actors"))] == top
    assert "Top 3 actors by events" in outer
    assert section(outer, "kg-communities").count("<li>") >= 1
    assert '<meta name="kg-node-count" content="4">' in graph


def test_report_file_is_written_atomically(hand_store, tmp_path):
    path = render_report(hand_store, tmp_path / "deep" / "er" / "report.html")
    assert path == tmp_path / "deep" / "er" / "report.html"
    assert [p.name for p in path.parent.iterdir()] == ["report.html"]  # no temporary file left behind
    assert oct(path.stat().st_mode & 0o777) == "0o644"
    assert path.read_text(encoding="utf-8") == report_html(hand_store)  # and deterministic


def test_filtered_report(hand_store):
    flt = GraphFilter(since="2026-03-01", categories=("sanction", "threaten"))
    text = report_html(hand_store, flt=flt, top=5, title="March & after")
    outer, _ = split_report(text)
    assert "<title>March &amp; after</title>" in outer
    assert "Filtered: events from 2026-03-01 to the end; categories SANCTION, THREATEN" in outer
    assert "In this filtered view: 3 actors, 2 events between two actors, 2 events by these actors in all." in outer
    assert outer.count("<tr><td") == 3
    timeline = re.findall(r"<!-- (\d{4}-W\d\d) -->", outer)
    assert timeline == ["2026-W09", "2026-W10"]


def test_event_facts_include_events_without_target(hand_store):
    G = to_networkx(hand_store)
    facts = event_facts(ActorGraph(hand_store))
    # 10 events have an actor (the generic police subject makes none); only 7 have a target actor
    assert G.number_of_edges() == 7
    assert facts.total == 10 and facts.undated == 1
    assert facts.categories == Counter({"ASSAULT": 3, "ACCUSE": 1, "REJECT": 1, "AID": 1, "SANCTION": 1,
                                        "THREATEN": 1, "DISAPPROVE": 1, None: 1})
    assert facts.dates == Counter({"2026-01-10": 3, "2026-01-11": 1, "2026-01-12": 1, "2026-03-01": 2,
                                   "2026-03-02": 1, "2026-03-03": 1})
    assert event_facts(ActorGraph(hand_store, GraphFilter(types=("Person",)))).total == 3  # Alice's


def test_weekly_counts_fill_gaps():
    assert weekly_counts(Counter()) == []
    assert weekly_counts(Counter({"2026-12-31": 1, "2027-01-04": 2, "bad": 5})) == [("2026-W53", 1),
                                                                                    ("2027-W01", 2)]
    assert [w for w, _ in weekly_counts(Counter({"2026-01-10": 1, "2026-02-02": 1}))] == [
        "2026-W02", "2026-W03", "2026-W04", "2026-W05", "2026-W06"]


def test_empty_store_report(tmp_path):
    with open_store("memory") as store:
        path = render_report(store, tmp_path / "empty.html")
    outer, graph = split_report(path.read_text(encoding="utf-8"))
    assert '<dd id="kg-documents">0</dd>' in outer
    assert '<dd id="kg-date-range">undated</dd>' in outer
    assert "<svg" not in outer
    assert outer.count('<p class="kg-empty">') == 5
    assert "no actors" in graph


def test_top_must_be_positive(hand_store):
    from kg.errors import KgError

    with pytest.raises(KgError, match="top must be at least 1"):
        report_html(hand_store, top=0)


# --------------------------------------------------------------------------- the bundled corpus (slow)


@pytest.mark.slow
def test_examples_report_matches_store(examples_report, examples_store):
    path, text = examples_report
    assert path.name == "report.html" and path.parent.name == "nested"
    outer, _ = split_report(text)
    with open_store(examples_store, read_only=True) as store:
        numbers = store_stats(store)
        G = to_networkx(store)
    for key in ("documents", "sentences", "actors", "events"):
        assert f'<dd id="kg-{key}">{numbers[key]}</dd>' in outer
    assert numbers["documents"] == 20
    assert f'<dd id="kg-date-range">{numbers["first_date"]} – {numbers["last_date"]}</dd>' in outer
    rows = re.findall(r'<tr><td class="kg-num">(\d+)</td><td title="([^"]+)">', section(outer, "kg-top-actors"))
    assert [int(n) for n, _ in rows] == list(range(1, 21))
    assert [html.unescape(i) for _, i in rows] == [r["id"] for r in centrality(G, ["events"], top=20)]
    found = communities(G)
    listing = section(outer, "kg-communities")
    assert f"Communities ({len(found)}, Louvain)" in listing
    assert listing.count("<li>") == min(len(found), 30)


@pytest.mark.slow
def test_examples_report_is_the_same_in_another_process(examples_store, tmp_path):
    """Same store, same bytes, whatever the interpreter's hash seed."""
    script = ("import sys; from kg.store import open_store; from kg.views.report import render_report\n"
              "with open_store(sys.argv[1], read_only=True) as s: render_report(s, sys.argv[2])\n")
    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"r{seed}.html"
        subprocess.run([sys.executable, "-c", script, str(examples_store), str(out)], check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        pages.append(out.read_text(encoding="utf-8"))
    outer = [split_report(p)[0] for p in pages]
    assert outer[0] == outer[1]  # everything the report draws itself
    assert pages[0] == pages[1]  # and the embedded graph page


# --------------------------------------------------------------------------- hostile text


def test_hostile_labels_are_escaped_everywhere(hand_store):
    hand_store.update(f"""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        DELETE {{ GRAPH ?g {{ ?a skos:prefLabel ?l }} }}
        INSERT {{ GRAPH ?g {{ ?a skos:prefLabel "{XSS_SCRIPT} $x^2$ --> & co" ; skos:altLabel "{XSS_IMG}" }} }}
        WHERE {{ GRAPH ?g {{ ?a skos:prefLabel ?l FILTER(?l = "Los Lobos") }} }}""")
    assert XSS_SCRIPT in {d["label"][:len(XSS_SCRIPT)] for _, d in to_networkx(hand_store).nodes(data=True)}
    text = report_html(hand_store, title=XSS_IMG)
    outer, graph = split_report(text)
    for raw in (XSS_SCRIPT, XSS_IMG, "<script>alert", "<img src=x"):
        assert raw not in text and raw not in outer and raw not in graph
    assert "&lt;script&gt;alert(1)&lt;/script&gt; $x^2$ --&gt; &amp; co" in outer  # table cell, escaped once
    assert f"<title>{html.escape(XSS_IMG, quote=False)}</title>" in outer
    svg_comments = re.findall(r"<!--(.*?)-->", outer, re.S)
    assert any("&lt;script&gt;" in c for c in svg_comments)  # matplotlib's own escaping of its text comments


def test_article_payloads_never_reach_the_pages_raw(payload_store, tmp_path):
    with open_store(payload_store, read_only=True) as store:
        G = to_networkx(store)
        path = render_report(store, tmp_path / "report.html")
    evidence = " ".join(d["evidence"] for _, _, d in G.edges(data=True))
    assert XSS_SCRIPT in evidence and XSS_IMG in evidence  # the payloads really are in the data
    graph_page = (payload_store.parent / "graph.html")
    from kg.views.viz import render_html

    render_html(G, graph_page)
    text = path.read_text(encoding="utf-8")
    outer, embedded = split_report(text)
    for page in (text, outer, embedded, graph_page.read_text(encoding="utf-8")):
        assert XSS_SCRIPT not in page and XSS_IMG not in page
    # ...but they are there, as inert text in the graph's JSON (HTML-escaped, then JSON-escaped)
    assert "\\u0026lt;script\\u0026gt;alert(1)\\u0026lt;/script\\u0026gt;" in embedded
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in embedded


# --------------------------------------------------------------------------- CLI


def test_cli_report(hand_store_path, tmp_path):
    out = tmp_path / "out" / "r.html"
    result = run_cli("report", "--store", str(hand_store_path), "-o", str(out), "--top", "3",
                     "--title", "Gulf watch", "--since", "2026-02-01")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(out)
    text = out.read_text(encoding="utf-8")
    assert "<title>Gulf watch</title>" in text and "Top 3 actors by events" in text
    assert "Filtered: events from 2026-02-01 to the end" in text


def test_cli_report_usage_errors(hand_store_path):
    result = run_cli("report", "--store", str(hand_store_path), "--top", "0")
    assert result.exit_code == 2
    result = run_cli("report", "--store", str(hand_store_path), "--since", "March")
    assert result.exit_code == 2 and "'March' is not a date (YYYY-MM-DD)" in result.output


def test_cli_report_missing_store(tmp_path):
    result = run_cli("report", "--store", str(tmp_path / "nowhere"), "-o", str(tmp_path / "r.html"))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert not (tmp_path / "r.html").exists()


def test_stray_dates_are_left_off_the_time_axis_and_reported(hand_results):
    from kg.ingest.builder import BuildReport, load_results
    from kg.views.report import split_outlying_dates
    from kg.store import open_store

    bulk, out = split_outlying_dates(Counter({"2026-01-10": 3, "2026-03-01": 2}))
    assert out == Counter() and sum(bulk.values()) == 5  # a small corpus keeps every date
    first = hand_results[0]
    template = first.triples[1]  # "the navy attacked Los Lobos"
    many = [dataclasses.replace(template, sentence=100 + k, date=f"2026-01-{1 + k % 28:02d}") for k in range(150)]
    stray = dataclasses.replace(template, sentence=99, date="2003-05-01")
    first.triples.extend([*many, stray])
    store = open_store("memory")
    load_results(store, hand_results, BuildReport())
    outer, _ = split_report(report_html(store))
    assert "1 events dated far outside the rest (2003-05-01) are left out of its axis." in outer
    assert "2003-W" not in outer
    store.close()


def test_a_sampled_betweenness_is_shown_with_its_error_and_its_pivots(examples_store, monkeypatch):
    """Above the exact limit the report samples fewer pivots than ``kg centrality`` and says so: each score
    with one standard error, from the pivots' groups, and a note with both numbers of pivots."""
    from kg.analysis import metrics
    from kg.analysis.engines import start_betweenness
    from kg.views import report

    monkeypatch.setattr(metrics, "BETWEENNESS_EXACT_LIMIT", 10)  # (the example graph is small: sample it)
    monkeypatch.setattr(report, "REPORT_BETWEENNESS_SAMPLES", 20)  # (fewer than the graph's actors)
    with open_store(examples_store, read_only=True) as store:
        outer, _ = split_report(report_html(store))
        P = ActorGraph(store).pairs
    n = P.number_of_nodes()
    assert n > 20
    pending = start_betweenness(P, 20, groups=10, background=False)
    expected = {r["id"]: r for r in centrality(P, ["events"], top=20)}
    table = section(outer, "kg-top-actors")
    shown = re.findall(r'<td title="([^"]+)">.*?<td class="kg-num">([0-9.]+) <span class="kg-meta">± ([0-9.]+)</span>',
                       table)
    assert [html.unescape(i) for i, _, _ in shown] == list(expected)
    for ident, score, error in shown:
        ident = html.unescape(ident)
        assert float(score) == pytest.approx(pending.result()[ident], abs=6e-5)
        assert float(error) == pytest.approx(pending.errors()[ident], abs=6e-5)
    assert any(float(e) > 0 for _, _, e in shown)
    assert (f"Betweenness estimated from the shortest paths of 20 sampled actors of {n}, ± one standard error "
            f"(from 10 groups of them); <code>kg centrality --metric betweenness</code> samples "
            f"{min(n, metrics.BETWEENNESS_SAMPLES)}.") in table


def test_an_exact_betweenness_has_no_error_and_no_note(examples_report):
    _, text = examples_report
    table = section(split_report(text)[0], "kg-top-actors")
    assert "±" not in table and "sampled actors" not in table
