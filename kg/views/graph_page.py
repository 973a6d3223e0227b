"""The graph page of a store (``kg viz``, and ``kg build`` at its end): choose the actors, then read their events.

Why not simply ``render_html(to_networkx(store))``: the page shows at most
``max_nodes`` actors (500 by default) and ``max_edges`` links between them
(2,000), but reading every event of a big store for its evidence takes
minutes (75 s at a million events). So the actors and their links are
ranked on the weighted graph — from the store's event summary, in seconds —
and only the events of the drawn links are read, found by actor IRI
(:meth:`kg.graph.mirror.ActorGraph.events`). The page is the same as the
one drawn from every event (tested): same actors, sizes, edges, evidence
and "showing N of M".
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..analysis import metric_scores
from ..graph.mirror import ActorGraph, GraphFilter
from ..model import DEFAULT_METRIC, MAX_EDGES
from ..store.base import Store
from .edges import top_pairs
from .viz import render_html, to_html, top_nodes

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["write_graph_page", "graph_page_html", "shown_graph"]


def shown_graph(view: ActorGraph, metric: str = DEFAULT_METRIC, max_nodes: int = 500,
                max_edges: int = MAX_EDGES) -> "tuple[nx.MultiDiGraph, dict[str, float], int, int]":
    """``(events of the drawn links, scores, links among the shown actors, actors in the whole graph)``.

    The top ``max_nodes`` actors by ``metric`` are ranked on the weighted
    graph, and so are the ``max_edges`` links between them with most events
    (:func:`~kg.views.edges.top_pairs`); only those links' events are read,
    with their evidence. Every actor keeps the whole window's attributes
    (mentions); actors with no drawn link are still shown. Ranked by the
    default metric (events), the actors are counted on the event table
    (:meth:`~kg.graph.mirror.ActorGraph.top_by_events`), not on a graph of
    every actor.
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
    G = view.events(among=shown, pairs=top_pairs(weights, shown, max_edges), weighted=D)
    for node in shown:
        G.add_node(node, **D.nodes[node])
    return G, scores, len(weights), total


def graph_page_html(view: ActorGraph, *, metric: str = DEFAULT_METRIC, max_nodes: int = 500,
                    max_edges: int = MAX_EDGES, title: str = "kg graph") -> str:
    """The graph page of an :class:`~kg.graph.mirror.ActorGraph` as HTML text (``kg serve``, the report)."""
    G, scores, links, total = shown_graph(view, metric, max_nodes, max_edges)
    return to_html(G, scores=scores, metric=metric, max_nodes=max_nodes, title=title, max_edges=max_edges,
                   total_actors=total, total_links=links)


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
    view = ActorGraph(store, flt)
    G, scores, links, total = shown_graph(view, metric, max_nodes, max_edges)
    return render_html(G, path, scores=scores, metric=metric, max_nodes=max_nodes, title=title, max_edges=max_edges,
                       total_actors=total, total_links=links)
