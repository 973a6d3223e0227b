"""Centrality of actors on the networkx mirror.

Functions take the graph explicitly and return plain rows, like networkx
itself. Metrics are computed on the weighted DiGraph collapse of the event
multigraph (many events between two actors = one heavier edge). Betweenness
is exact on small graphs and sampled with ``k`` pivots above
``BETWEENNESS_EXACT_LIMIT`` nodes (the cost is O(n·m)); the row says which.
"""
from __future__ import annotations

from typing import Any, Iterable

import networkx as nx

from .graph import collapse

__all__ = ["METRICS", "BETWEENNESS_EXACT_LIMIT", "betweenness_samples", "centrality", "metric_scores"]

METRICS = ("degree", "in_degree", "out_degree", "pagerank", "betweenness", "eigenvector", "closeness")
#: Above this many actors betweenness is estimated from a sample of pivots.
BETWEENNESS_EXACT_LIMIT = 2000
BETWEENNESS_SAMPLES = 500


def betweenness_samples(n_nodes: int) -> int | None:
    """Pivots used for betweenness on a graph of ``n_nodes`` actors (None = exact)."""
    return None if n_nodes <= BETWEENNESS_EXACT_LIMIT else min(BETWEENNESS_SAMPLES, n_nodes)


def metric_scores(D: nx.DiGraph, metric: str, *, seed: int = 42) -> dict[str, float]:
    """Scores of one metric on a weighted DiGraph (see :func:`kg.graph.collapse`).

    Raises
    ------
    ValueError
        For an unknown metric name.
    """
    if D.number_of_nodes() == 0:
        return {}
    if metric == "degree":
        return dict(D.degree(weight="weight"))
    if metric == "in_degree":
        return dict(D.in_degree(weight="weight"))
    if metric == "out_degree":
        return dict(D.out_degree(weight="weight"))
    if metric == "pagerank":
        return nx.pagerank(D, weight="weight")
    if metric == "betweenness":
        k = betweenness_samples(D.number_of_nodes())
        return nx.betweenness_centrality(D, k=k, seed=seed, normalized=True)
    if metric == "eigenvector":
        U = nx.Graph()
        U.add_nodes_from(D)
        for u, v, w in D.edges(data="weight", default=1.0):  # A->B and B->A add up
            U.add_edge(u, v, weight=U[u][v]["weight"] + w if U.has_edge(u, v) else w)
        try:
            return nx.eigenvector_centrality(U, max_iter=1000, weight="weight")
        except nx.PowerIterationFailedConvergence:
            return nx.eigenvector_centrality_numpy(U, weight="weight")
    if metric == "closeness":
        return nx.closeness_centrality(D)
    raise ValueError(f"unknown metric {metric!r}; choose from {', '.join(METRICS)}")


def centrality(G: nx.MultiDiGraph, metrics: Iterable[str] = ("degree", "pagerank", "betweenness"),
               *, sort_by: str | None = None, top: int | None = None) -> list[dict[str, Any]]:
    """Rank actors by centrality.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The actor graph from :func:`kg.graph.to_networkx`.
    metrics : iterable of str
        Any of :data:`METRICS`.
    sort_by : str, optional
        Metric to sort by (default: the first of ``metrics``).
    top : int, optional
        Keep only the first ``top`` rows.

    Returns
    -------
    list of dict
        ``{"id", "label", "type", "country", "aliases", <metric>: score, ...}``
        sorted by ``sort_by`` descending, ties by label.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", label="A", type="Person"); G.add_node("b", label="B", type="Person")
    >>> _ = G.add_edge("a", "b")
    >>> [r["id"] for r in centrality(G, ["in_degree"])]
    ['b', 'a']
    """
    metrics = list(metrics)
    for m in metrics:
        if m not in METRICS:
            raise ValueError(f"unknown metric {m!r}; choose from {', '.join(METRICS)}")
    sort_by = sort_by or metrics[0]
    D = collapse(G)
    scores = {m: metric_scores(D, m) for m in dict.fromkeys([*metrics, sort_by])}
    rows = []
    for node, data in G.nodes(data=True):
        row: dict[str, Any] = {"id": node, "label": data.get("label", node), "type": data.get("type"),
                               "country": data.get("country"), "aliases": list(data.get("aliases", []))}
        for m in metrics:
            row[m] = scores[m].get(node, 0.0)
        rows.append(row)
    key = scores[sort_by]
    rows.sort(key=lambda r: (-key.get(r["id"], 0.0), str(r["label"]).lower()))
    return rows[:top] if top else rows
