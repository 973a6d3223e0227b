"""The graph page of a store (``kg viz``, and ``kg build`` at its end): choose the actors, then read their events.

Why not simply ``render_html(to_networkx(store))``: the page shows at most
``max_nodes`` actors (500 by default) and ``max_edges`` links between them
(2,000), but reading every event of a big store for its evidence takes
minutes (75 s at a million events). So the actors and their links are
ranked on the weighted graph — from the store's event summary, in seconds —
the drawn links' edges are counted from the summary's rows, and only the
events whose evidence the page shows are read
(:meth:`kg.graph.mirror.ActorGraph.shown_events`; every event of the drawn
links on a store without a summary). The page is the same as the one drawn
from every event (tested): same actors, sizes, edges, evidence and
"showing N of M".
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..analysis import metric_scores
from ..graph.mirror import ActorGraph, GraphFilter
from ..model import DEFAULT_METRIC, MAX_EDGES
from ..store.base import Store
from .edges import GroupKey, evidence_shares, top_pairs
from .viz import render_html, to_html, top_nodes

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["ShownGraph", "write_graph_page", "graph_page_html", "shown_graph"]


class ShownGraph(NamedTuple):
    """What a page of a store draws (:func:`shown_graph`)."""

    #: The shown actors and the events whose evidence the page shows (every event of the drawn links
    #: when ``edge_counts`` is None)
    graph: "nx.MultiDiGraph"
    scores: dict[str, float]
    #: Links among the shown actors
    links: int
    #: Actors in the whole graph
    total: int
    #: Events per edge (:func:`kg.views.edges.group_key`), or None: counted in ``graph``
    edge_counts: "dict[GroupKey, int] | None"


def shown_graph(view: ActorGraph, metric: str = DEFAULT_METRIC, max_nodes: int = 500,
                max_edges: int = MAX_EDGES) -> ShownGraph:
    """The actors and events a page draws: the top ``max_nodes`` actors by ``metric`` and their links.

    The actors are ranked on the weighted graph, and so are the
    ``max_edges`` links between them with most events
    (:func:`~kg.views.edges.top_pairs`). Every actor keeps the whole
    window's attributes (mentions); actors with no drawn link are still
    shown. Ranked by the default metric (events), the actors are counted on
    the event table (:meth:`~kg.graph.mirror.ActorGraph.top_by_events`), not
    on a graph of every actor. Only the events whose evidence the page shows
    are read (:meth:`~kg.graph.mirror.ActorGraph.shown_events`).
    """
    fast = view.top_by_events(max_nodes) if metric == "events" and not view.weighted_built else None
    if fast is not None:  # the default ranking, counted on the event table: no graph of every actor
        D, scores, total = fast
    else:
        D = view.weighted
        scores, total = metric_scores(D, metric), D.number_of_nodes()
    shown = top_nodes(D, scores, max_nodes)
    members = set(shown)
    weights = {(u, v): data.get("weight", 1.0) for u in shown for v, data in D[u].items()
               if v in members and u != v}
    G, counts = view.shown_events(shown, top_pairs(weights, shown, max_edges), D,
                                  lambda counts: evidence_shares(counts, shown))
    for node in shown:
        G.add_node(node, **D.nodes[node])
    return ShownGraph(G, scores, len(weights), total, counts)


def graph_page_html(view: ActorGraph, *, metric: str = DEFAULT_METRIC, max_nodes: int = 500,
                    max_edges: int = MAX_EDGES, title: str = "kg graph") -> str:
    """The graph page of an :class:`~kg.graph.mirror.ActorGraph` as HTML text (``kg serve``, the report)."""
    page = shown_graph(view, metric, max_nodes, max_edges)
    return to_html(page.graph, scores=page.scores, metric=metric, max_nodes=max_nodes, title=title,
                   max_edges=max_edges, total_actors=page.total, total_links=page.links, edge_counts=page.edge_counts)


def write_graph_page(store: Store, path: str | os.PathLike[str], *, flt: GraphFilter | None = None,
                     metric: str = DEFAULT_METRIC, max_nodes: int = 500, max_edges: int = MAX_EDGES,
                     title: str = "kg graph") -> Path:
    """Write the interactive graph of the events ``flt`` keeps, sized by ``metric``, to ``path``.

    Parameters
    ----------
    store : Store
    path : str or os.PathLike
        The HTML file to write (replaced atomically).
    flt : GraphFilter, optional
    metric : str
        One of :data:`kg.analysis.METRICS`: node size, and the ranking that picks the shown actors.
    max_nodes : int
        Show at most this many actors.
    max_edges : int
        Draw at most this many links between them (those with most events).
    title : str

    Returns
    -------
    pathlib.Path
        The path written.
    """
    page = shown_graph(ActorGraph(store, flt), metric, max_nodes, max_edges)
    return render_html(page.graph, path, scores=page.scores, metric=metric, max_nodes=max_nodes, title=title,
                       max_edges=max_edges, total_actors=page.total, total_links=page.links,
                       edge_counts=page.edge_counts)
