"""One self-contained, offline HTML report of a store: summary, rankings, charts, communities, graph.

The page needs nothing from the network: charts are matplotlib figures
rendered to SVG and inlined, the interactive graph is :func:`kg.views.graph_page.graph_page_html`'s
page embedded in a sandboxed ``<iframe srcdoc>`` (attribute-escaped by
jinja2), and a Content-Security-Policy (``default-src 'none'``, plus the
hashes of the graph page's own scripts, which an ``srcdoc`` frame inherits)
stops the browser fetching or running anything else. All text from the store
goes through jinja2's autoescaping; matplotlib escapes the text it keeps in
SVG comments. The output is deterministic: same store, same bytes (fixed
``svg.hashsalt``, no dates in SVG metadata, seeded Louvain, no timestamp).
"""
from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from ..analysis.periods import period_of
from ..errors import KgError
from ..graph.mirror import ActorGraph, GraphFilter
from ..model import DEFAULT_METRIC, MAX_EDGES
from ..store.base import Store
from .csp import policy_sources

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["DEFAULT_REPORT", "render_report", "report_html", "event_facts", "EventFacts",
           "bar_chart_svg", "timeline_svg", "weekly_counts"]

DEFAULT_REPORT = "output/report.html"
_TEMPLATES = Path(__file__).resolve().parent / "templates"
_SVG_SALT = "kg-report"
_MAX_BAR_LABEL = 40
_MAX_TICKS = 18
_COMMUNITY_MEMBERS = 8
_COMMUNITIES_SHOWN = 30
#: Betweenness pivots of the report's table, in groups whose spread gives each score its standard error:
#: an overview's estimate, shown with its error (``kg centrality --metric betweenness`` takes up to
#: :data:`kg.analysis.metrics.BETWEENNESS_SAMPLES`). Measured on the 100k-actor benchmark graph: the report
#: took 12.6 s with 500 pivots and 9.9-10.5 s with 100 (``python tests/benchmarks/run.py --only daily``).
REPORT_BETWEENNESS_SAMPLES = 100
_BETWEENNESS_GROUPS = 10
_AXIS_COLOUR = "#444444"

@dataclass
class EventFacts:
    """Events (with or without a target) by category and by date, for the report's charts."""

    categories: Counter = field(default_factory=Counter)
    dates: Counter = field(default_factory=Counter)
    undated: int = 0

    @property
    def total(self) -> int:
        return sum(self.categories.values())


def event_facts(view: ActorGraph) -> EventFacts:
    """Count the events behind an actor graph by category and date, from its event table.

    Unlike the graph's edges, this includes events without a target actor
    ("X resigned", "X said ..."). An event counts when the filter keeps it
    and its actor is a node of the weighted graph, so type, actor and
    minimum-weight filters apply through the graph.
    """
    table = view.table_for({"date", "category"})
    categories, dates, undated = table.facts(table.mask(view.filter), set(view.pairs.ids))
    return EventFacts(categories=categories, dates=dates, undated=undated)


#: Share of events at each end of the time line a report's axis may leave out, and how far
#: (days) beyond the rest a date must lie to be left out: a stray "2003" in a 2026 corpus.
_OUTLIER_SHARE = 0.01
_OUTLIER_MARGIN_DAYS = 28


def split_outlying_dates(dates: Counter) -> tuple[Counter, Counter]:
    """``(bulk, outliers)`` of event dates: outliers are the stray dates far outside the rest.

    A date is an outlier when it lies beyond the 1st or 99th percentile of
    the events' dates (counting events, not dates) by more than four weeks,
    so one mis-resolved year does not stretch a time axis over decades, and
    a small corpus keeps all its dates.

    Examples
    --------
    >>> bulk, out = split_outlying_dates(Counter({"2003-05-01": 1, **{f"2026-03-{d:02d}": 20 for d in range(1, 29)}}))
    >>> dict(out), len(bulk)
    ({'2003-05-01': 1}, 28)
    """
    valid = {}
    for text, count in dates.items():
        try:
            valid[dt.date.fromisoformat(text)] = (text, count)
        except ValueError:
            continue
    total = sum(count for _, count in valid.values())
    if not total:
        return Counter(), Counter()
    ordered = sorted(valid)
    cut = total * _OUTLIER_SHARE

    def past_cut(days: Sequence[dt.date]) -> dt.date:  # first date past the outermost 1% of events
        seen = 0
        for day in days:
            seen += valid[day][1]
            if seen > cut:
                return day
        return days[-1]

    lo, hi = past_cut(ordered), past_cut(ordered[::-1])
    margin = dt.timedelta(days=_OUTLIER_MARGIN_DAYS)
    bulk, outliers = Counter(), Counter()
    for day, (text, count) in valid.items():
        (bulk if lo - margin <= day <= hi + margin else outliers)[text] += count
    return bulk, outliers


def weekly_counts(dates: Counter) -> list[tuple[str, int]]:
    """Events per ISO week from the first to the last dated week, empty weeks included.

    Examples
    --------
    >>> weekly_counts(Counter({"2026-03-04": 2, "2026-03-20": 1}))
    [('2026-W10', 2), ('2026-W11', 0), ('2026-W12', 1)]
    """
    weeks: Counter = Counter()
    for text, count in dates.items():
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            continue
        weeks[day - dt.timedelta(days=day.weekday())] += count
    if not weeks:
        return []
    monday, last = min(weeks), max(weeks)
    out = []
    while monday <= last:
        out.append((period_of(monday, "week"), weeks[monday]))
        monday += dt.timedelta(days=7)
    return out


# --------------------------------------------------------------------------- charts (matplotlib -> SVG)


def _new_figure(width: float, height: float) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)  # no pyplot, no GUI: the figure belongs to this call only
    return fig


def _figure_svg(fig: Figure, chart_id: str) -> str:
    """Inline SVG markup of a figure: deterministic, no XML prolog, no namespaces or metadata URLs."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": _SVG_SALT, "svg.fonttype": "path"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None,
                                                     "Type": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r'\s+xmlns(?::\w+)?="[^"]*"', "", svg)  # the HTML parser puts inline <svg> in its namespace
    # ids (glyphs, clip paths) are unique per chart once several charts share one page
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{chart_id}-\1"', svg)
    svg = re.sub(r'href="#([^"]+)"', rf'href="#{chart_id}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{chart_id}-\1)", svg)
    svg = svg.replace("<svg ", f'<svg role="img" aria-labelledby="{chart_id}-title" ', 1)
    return svg.strip()


def _short(text: str, limit: int = _MAX_BAR_LABEL) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _style_axes(ax: Any) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(_AXIS_COLOUR)
    ax.tick_params(colors=_AXIS_COLOUR, labelsize=9)
    ax.grid(axis="x" if ax.name == "rectilinear" else "both", color="#e0e0e0", linewidth=0.6)
    ax.set_axisbelow(True)


def bar_chart_svg(labels: Sequence[str], values: Sequence[float], colours: Sequence[str], *,
                  xlabel: str, chart_id: str, legend: Sequence[tuple[str, str]] = ()) -> str:
    """A horizontal bar chart (first item on top) as inline SVG.

    Parameters
    ----------
    labels, values, colours : sequences of equal length
        One bar each; labels are shown verbatim (no mathtext), cut at 40 characters.
    xlabel : str
        Axis label.
    chart_id : str
        Prefix for the ids inside the SVG (unique per page).
    legend : sequence of (name, colour), optional
        Legend entries.
    """
    fig = _new_figure(7.0, 0.8 + 0.28 * max(len(labels), 1))
    ax = fig.add_subplot()
    positions = list(range(len(labels)))
    ax.barh(positions, list(values), color=list(colours), height=0.7)
    ax.set_yticks(positions, labels=[_short(label) for label in labels], parse_math=False)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel, color=_AXIS_COLOUR, fontsize=9, parse_math=False)
    ax.margins(y=0.01)
    _style_axes(ax)
    ax.grid(axis="y", visible=False)
    if legend:
        from matplotlib.patches import Patch

        ax.legend(handles=[Patch(color=c, label=name) for name, c in legend], loc="lower right",
                  fontsize=8, frameon=False)
    return _figure_svg(fig, chart_id)


def timeline_svg(weeks: Sequence[tuple[str, int]], *, chart_id: str, colour: str = "#0072B2") -> str:
    """Events per ISO week as an inline SVG column chart (at most ~18 tick labels)."""
    fig = _new_figure(7.0, 2.8)
    ax = fig.add_subplot()
    positions = list(range(len(weeks)))
    ax.bar(positions, [count for _, count in weeks], color=colour, width=0.8)
    step = max(1, -(-len(weeks) // _MAX_TICKS))
    ticks = positions[::step]
    ax.set_xticks(ticks, labels=[weeks[i][0] for i in ticks], rotation=60, ha="right", parse_math=False)
    ax.set_ylabel("events", color=_AXIS_COLOUR, fontsize=9)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.margins(x=0.01)
    _style_axes(ax)
    ax.grid(axis="x", visible=False)
    ax.grid(axis="y", color="#e0e0e0", linewidth=0.6)
    return _figure_svg(fig, chart_id)


# --------------------------------------------------------------------------- the page


def _filter_note(flt: GraphFilter) -> str:
    parts = []
    if flt.since or flt.until:
        parts.append(f"events from {flt.since or 'the start'} to {flt.until or 'the end'}")
    if flt.categories:
        parts.append("categories " + ", ".join(c.upper() for c in flt.categories))
    if flt.types:
        parts.append("actor types " + ", ".join(flt.types))
    if flt.actor:
        parts.append(f"actor {flt.actor} and its neighbours")
    if flt.min_weight > 1:
        parts.append(f"actor pairs with at least {flt.min_weight} events")
    return "; ".join(parts)


def report_html(store: Store, *, flt: GraphFilter | None = None, top: int = 20, max_nodes: int = 500,
                max_edges: int = MAX_EDGES, title: str = "kg report") -> str:
    """Return the report page that :func:`render_report` writes.

    Parameters are those of :func:`render_report` without ``path``.
    """
    import jinja2

    from ..analysis import centrality, communities, community_rows, metric_scores
    from ..analysis.metrics import betweenness_samples, start_betweenness_scores
    from ..processes import in_child
    from ..graph.stats import store_stats
    from .graph_page import graph_page_html
    from .viz import TYPE_COLOURS, category_colour

    if top < 1:
        raise KgError(f"top must be at least 1, got {top}")
    flt = flt or GraphFilter()
    view = ActorGraph(store, flt)
    P = view.pairs  # one weighted graph, as arrays, for the ranking table, the communities and the page's sizes
    # betweenness (the costliest column: ~12 s of CPU at 100k actors) is summed by forked children while
    # this process does the rest of the page
    pending = start_betweenness_scores(P, background=True, samples=REPORT_BETWEENNESS_SAMPLES,
                                       groups=_BETWEENNESS_GROUPS)
    found = in_child(communities, P)  # Louvain too, by a forked child: the page's queries need this process
    # the corpus counts are SPARQL, which Oxigraph evaluates without holding Python's lock: in a thread
    counting = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-report-stats")
    counted = counting.submit(store_stats, store, quads=False)  # (quads: the page does not show them)
    scores: dict[str, dict[str, float]] = {"pagerank": metric_scores(P, "pagerank")}
    facts = event_facts(view)
    bulk, outliers = split_outlying_dates(facts.dates)
    weeks = weekly_counts(bulk)
    graph_page = graph_page_html(view, metric=DEFAULT_METRIC, max_nodes=max_nodes, max_edges=max_edges,
                                 title=title + " · graph")
    actors = centrality(P, ["events", "pagerank", "degree"], top=top, scores=scores)  # ranked by events
    groups = community_rows(P, found.result(), top=_COMMUNITY_MEMBERS, scores=scores["pagerank"])
    summary = counted.result()
    counting.shutdown()

    charts: dict[str, str | None] = dict.fromkeys(("centrality", "categories", "timeline"))
    if actors:
        types = list(dict.fromkeys(str(r["type"] or "Other") for r in actors))
        charts["centrality"] = bar_chart_svg(
            [r["label"] for r in actors], [r["events"] for r in actors],
            [TYPE_COLOURS.get(str(r["type"]), TYPE_COLOURS["Other"]) for r in actors],
            xlabel="events the actor takes part in", chart_id="kg-chart-centrality",
            legend=[(t, TYPE_COLOURS.get(t, TYPE_COLOURS["Other"])) for t in types])
    if facts.categories:
        ranked = sorted(facts.categories.items(), key=lambda kv: (-kv[1], kv[0] or "~"))
        charts["categories"] = bar_chart_svg(
            [c or "(no category)" for c, _ in ranked], [n for _, n in ranked],
            [category_colour(c) for c, _ in ranked], xlabel="events", chart_id="kg-chart-categories")
    if weeks:
        charts["timeline"] = timeline_svg(weeks, chart_id="kg-chart-timeline")
    betweenness, errors = pending.result(), pending.errors()
    for row in actors:
        row["betweenness"] = betweenness.get(row["id"], 0.0)
        row["betweenness_error"] = None if errors is None else errors.get(row["id"], 0.0)
    most = betweenness_samples(P.number_of_nodes(), P.number_of_edges())  # kg centrality's (None: exact)

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(_TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    return env.get_template("report.html.j2").render(
        title=title, filter_note=_filter_note(flt), summary=summary, actors=actors, top=top,
        view={"actors": P.number_of_nodes(), "edges": int(P.total_weight()), "events": facts.total,
              "undated": facts.undated, "weeks": len(weeks),
              "outliers": sum(outliers.values()), "outlier_dates": sorted(outliers)[:5]},
        charts=charts, communities=groups[:_COMMUNITIES_SHOWN], community_count=len(groups),
        betweenness_pivots=pending.pivots, betweenness_groups=_BETWEENNESS_GROUPS, centrality_pivots=most,
        graph_page=graph_page, script_hashes=policy_sources(graph_page),
    )


def render_report(store: Store, path: str | os.PathLike[str] = DEFAULT_REPORT, *,
                  flt: GraphFilter | None = None, top: int = 20, max_nodes: int = 500,
                  max_edges: int = MAX_EDGES, title: str = "kg report") -> Path:
    """Write a one-page, offline HTML report of a store.

    The page holds a corpus summary (documents, sentences, actors, events,
    date range), the top actors by PageRank (table and bar chart), events by
    PLOVER category, events per ISO week, Louvain communities and the
    interactive graph.

    Parameters
    ----------
    store : Store
        An open store (read-only is enough).
    path : str or os.PathLike
        Where to write; parent folders are created, the file is replaced atomically.
    flt : GraphFilter, optional
        Narrow the actor graph (and the event charts) as in ``kg centrality``.
        The corpus summary always describes the whole store.
    top : int
        Actors in the table and the bar chart.
    max_nodes : int
        Cap of the embedded graph (top actors by the default metric, events).
    max_edges : int
        Links the embedded graph draws at most (those with most events).
    title : str
        Page title.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    KgError
        If ``top`` or ``max_nodes`` is below 1.

    Examples
    --------
    >>> from kg.store import open_store
    >>> with open_store("output/store", read_only=True) as store:  # doctest: +SKIP
    ...     render_report(store, "output/report.html")
    PosixPath('output/report.html')
    """
    from ..files import atomic_text_file

    page = report_html(store, flt=flt, top=top, max_nodes=max_nodes, max_edges=max_edges, title=title)
    target = Path(path)
    with atomic_text_file(target) as handle:
        handle.write(page)
    return target
