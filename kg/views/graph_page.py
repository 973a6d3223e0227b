"""The graph page of a store (``kg viz``, and ``kg build`` at its end): choose the actors, then read their events.

Why not simply ``render_html(to_networkx(store))``: the page shows at most
``max_nodes`` actors (500 by default) but reading every event of a big store
for its evidence takes minutes (75 s at a million events). So the actors
are ranked on the weighted graph — from the store's event summary, in
seconds — and only the events between the shown actors are read, with an
index lookup per actor (:meth:`kg.graph.mirror.ActorGraph.events`). The
page is the same as the one drawn from every event (tested): same actors,
sizes, edges, evidence and "showing N of M".
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..analysis import metric_scores
from ..graph.mirror import ActorGraph, GraphFilter
from ..model import DEFAULT_METRIC
from ..store.base import Store
from .viz import render_html, to_html, top_nodes

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["write_graph_page", "graph_page_html", "shown_graph"]


def shown_graph(view: ActorGraph, metric: str = DEFAULT_METRIC,
                max_nodes: int = 500) -> "tuple[nx.MultiDiGraph, dict[str, float]]":
    """``(events among the shown actors, their scores)``: the top ``max_nodes`` actors by ``metric``.

    The actors are ranked on the weighted graph and only the events between
    the shown ones are read, with their evidence. Every actor keeps the
    whole window's attributes (mentions); actors with no event among the
    shown ones are still shown.
    """
    D = view.weighted
    scores = metric_scores(D, metric)
    shown = top_nodes(D, scores, max_nodes)
    G = view.events(among=shown)
    for node in shown:
        G.add_node(node, **D.nodes[node])
    return G, scores


def graph_page_html(view: ActorGraph, *, metric: str = DEFAULT_METRIC, max_nodes: int = 500,
                    title: str = "kg graph") -> str:
    """The graph page of an :class:`~kg.graph.mirror.ActorGraph` as HTML text (``kg serve``, the report)."""
    G, scores = shown_graph(view, metric, max_nodes)
    return to_html(G, scores=scores, metric=metric, max_nodes=max_nodes, title=title,
                   total_actors=view.weighted.number_of_nodes())


def write_graph_page(store: Store, path: str | os.PathLike[str], *, flt: GraphFilter | None = None,
                     metric: str = DEFAULT_METRIC, max_nodes: int = 500, title: str = "kg graph") -> Path:
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
    title : str

    Returns
    -------
    pathlib.Path
        The path written.
    """
    view = ActorGraph(store, flt)
    G, scores = shown_graph(view, metric, max_nodes)
    return render_html(G, path, scores=scores, metric=metric, max_nodes=max_nodes, title=title,
                       total_actors=view.weighted.number_of_nodes())
