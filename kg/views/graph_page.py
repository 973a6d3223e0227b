"""The graph page of a store (``kg viz``, and ``kg build`` at its end): choose the actors, then read their events.

Why not simply ``render_html(to_networkx(store))``: the page shows at most
``max_nodes`` actors (500 by default) but reading every event of a big store
for its evidence takes minutes (75 s at a million events). So the actors
are ranked on the weighted graph — from the store's event summary, in
seconds — and only the events between the shown actors are read, with an
index lookup per actor. The page is the same as the one drawn from every
event (tested): same actors, sizes, edges, evidence and "showing N of M".
"""
from __future__ import annotations

import os
from pathlib import Path

from ..analysis.metrics import metric_scores
from ..graph.mirror import GraphFilter, to_networkx, to_weighted_digraph
from ..model import DEFAULT_METRIC
from ..store.oxigraph import KgStore
from .viz import render_html, top_nodes

__all__ = ["write_graph_page"]


def write_graph_page(store: KgStore, path: str | os.PathLike[str], *, flt: GraphFilter | None = None,
                     metric: str = DEFAULT_METRIC, max_nodes: int = 500, title: str = "kg graph") -> Path:
    """Write the interactive graph of the events ``flt`` keeps, sized by ``metric``, to ``path``.

    Parameters
    ----------
    store : KgStore
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
    flt = flt or GraphFilter()
    D = to_weighted_digraph(store, flt)
    scores = metric_scores(D, metric)
    if D.number_of_nodes() <= max_nodes:  # every actor is shown: read every event
        return render_html(to_networkx(store, flt), path, scores=scores, metric=metric, max_nodes=max_nodes,
                           title=title)
    shown = top_nodes(D, scores, max_nodes)
    window = GraphFilter(since=flt.since, until=flt.until, categories=flt.categories)
    G = to_networkx(store, window, among=shown)
    pairs = set(D.edges())  # the pairs the other filters (types, minimum weight, actor) keep
    G.remove_edges_from([(u, v, key) for u, v, key in G.edges(keys=True) if (u, v) not in pairs])
    for node in shown:  # the whole window's attributes (mentions), and actors with no event among the shown
        G.add_node(node, **D.nodes[node])
    return render_html(G, path, scores=scores, metric=metric, max_nodes=max_nodes, title=title,
                       total_actors=D.number_of_nodes())
