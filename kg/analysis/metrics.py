"""Rank actors: centrality metrics on the weighted actor graph.

Functions take the graph explicitly and return plain rows, like networkx
itself. Metrics are computed on the weighted DiGraph collapse of the event
multigraph (many events between two actors = one heavier edge). Betweenness
is exact on small graphs and sampled with ``k`` pivots above
``BETWEENNESS_EXACT_LIMIT`` nodes (the cost is O(n·m)), on igraph
(:mod:`kg.analysis.engines`, networkx's estimate to the last digits); the row says which.
"""
from __future__ import annotations

import heapq
from collections import defaultdict
from typing import Any, Iterable

import networkx as nx

from ..graph.mirror import collapse
from ..model import METRICS  # re-exported: the names live with the other closed sets
from ..graph.pair_arrays import PairArrays, as_networkx
from .engines import PendingBetweenness, start_betweenness
from .sparse import pagerank, weighted_degrees

__all__ = ["METRICS", "BETWEENNESS_EXACT_LIMIT", "betweenness_samples", "centrality", "metric_scores",
           "undirected", "node_label", "start_betweenness_scores"]

#: Above this many actors betweenness is estimated from a sample of pivots.
BETWEENNESS_EXACT_LIMIT = 2000
BETWEENNESS_SAMPLES = 500
#: Work budget for sampled betweenness, in pivots × (actors + pairs): each pivot costs one
#: traversal of the graph, so very big graphs get fewer pivots. Sampled betweenness runs on igraph
#: (:mod:`kg.analysis.engines`): 500 pivots take 5.8 s on the 100k-actor / 850k-pair benchmark graph
#: (506 s in networkx), so the budget gives that graph all 500, and a graph ten times bigger ~100.
BETWEENNESS_BUDGET = 1_000_000_000
BETWEENNESS_MIN_SAMPLES = 20


def betweenness_samples(n_nodes: int, n_edges: int = 0) -> int | None:
    """Pivots used for betweenness on a graph of ``n_nodes`` actors and ``n_edges`` pairs (None = exact).

    >>> betweenness_samples(1500), betweenness_samples(5000, 20000), betweenness_samples(100_000, 850_000)
    (None, 500, 500)
    >>> betweenness_samples(1_000_000, 10_000_000)
    90
    """
    if n_nodes <= BETWEENNESS_EXACT_LIMIT:
        return None
    budget = BETWEENNESS_BUDGET // max(1, n_nodes + n_edges)
    return min(n_nodes, BETWEENNESS_SAMPLES, max(BETWEENNESS_MIN_SAMPLES, budget))


def metric_scores(D: nx.DiGraph | PairArrays, metric: str, *, seed: int = 42) -> dict[str, float]:
    """Scores of one metric on a weighted DiGraph (see :func:`kg.graph.mirror.collapse`), or on the same
    graph as arrays (:attr:`kg.graph.mirror.ActorGraph.pairs`: the same scores, sooner on a big graph).

    Raises
    ------
    ValueError
        For an unknown metric name.
    """
    if D.number_of_nodes() == 0:
        return {}
    D = _collapsed(D)
    if metric == "events":  # what the actor did or had done to it, said included: how much the news is about it
        if isinstance(D, PairArrays):
            if D.mentions is not None:
                return dict(zip(D.ids, D.mentions.tolist()))
            return {n: int(m) for n, m in weighted_degrees(D).items()}
        mentions = {n: d.get("mentions") for n, d in D.nodes(data=True)}
        if any(m is None for m in mentions.values()):  # (kg's graphs carry them: 0.5 s spared at 100k actors)
            strength = dict(D.degree(weight="weight"))
            return {n: int(strength[n] if m is None else m) for n, m in mentions.items()}
        return {n: int(m) for n, m in mentions.items()}
    if metric in ("degree", "in_degree", "out_degree"):
        return weighted_degrees(D, metric)
    if metric == "pagerank":
        return pagerank(D)
    if metric == "betweenness":
        return start_betweenness_scores(D, seed=seed).result()
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}; choose from {', '.join(METRICS)}")
    D = as_networkx(D)  # the rest are networkx's own algorithms
    if metric == "eigenvector":
        U = undirected(D)  # A->B and B->A add up
        try:
            return nx.eigenvector_centrality(U, max_iter=1000, weight="weight")
        except nx.PowerIterationFailedConvergence:
            try:
                return nx.eigenvector_centrality_numpy(U, weight="weight")
            except nx.AmbiguousSolution:  # disconnected: networkx will not choose a component
                return _leading_component_eigenvector(U)
    return nx.closeness_centrality(D)


def start_betweenness_scores(D: nx.DiGraph | PairArrays, *, seed: int = 42, background: bool = False,
                             samples: int | None = None, groups: int = 1) -> PendingBetweenness:
    """Betweenness as :func:`metric_scores` gives it, started: exact (networkx) on a small graph, else from
    :func:`betweenness_samples` pivots on igraph, summed in the ``background`` when asked
    (:func:`kg.analysis.engines.start_betweenness`).

    ``samples``: at most this many pivots (the report's overview takes fewer
    than :data:`BETWEENNESS_SAMPLES`); ``groups``: sum them in that many
    groups too, for each score's standard error (``.errors()``).
    """
    k = betweenness_samples(D.number_of_nodes(), D.number_of_edges())
    if k is None:  # a small graph: exact, networkx
        graph = as_networkx(D)
        return PendingBetweenness(lambda: nx.betweenness_centrality(graph, normalized=True))
    k = min(k, samples) if samples else k
    # networkx's estimate, computed by igraph
    return start_betweenness(D, k, seed=seed, background=background, groups=groups)


def centrality(G: nx.MultiDiGraph | nx.DiGraph | PairArrays, metrics: Iterable[str] = ("degree", "pagerank", "betweenness"),
               *, sort_by: str | None = None, top: int | None = None,
               scores: dict[str, dict[str, float]] | None = None) -> list[dict[str, Any]]:
    """Rank actors by centrality.

    Parameters
    ----------
    G : networkx.MultiDiGraph or networkx.DiGraph
        The actor graph from :func:`kg.graph.mirror.to_networkx` (collapsed here), or
        the weighted DiGraph from :func:`kg.graph.mirror.to_weighted_digraph` (used as
        it is: much faster to build on large stores, same scores), or that graph as
        arrays (:attr:`kg.graph.mirror.ActorGraph.pairs`: faster still, same rows).
    metrics : iterable of str
        Any of :data:`METRICS`.
    sort_by : str, optional
        Metric to sort by (default: the first of ``metrics``).
    top : int, optional
        Keep only the first ``top`` rows.
    scores : dict, optional
        Scores by metric already computed on this graph (:func:`metric_scores`);
        the metrics missing from it are computed and added to it, so a caller
        ranking the same graph again (:func:`kg.analysis.community_rows`) does
        not compute them twice.

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
    D = _collapsed(G)  # once, not once per metric
    scores = {} if scores is None else scores
    for m in dict.fromkeys([*metrics, sort_by]):
        if m not in scores:
            scores[m] = metric_scores(D, m)
    nodes = list(zip(G.ids, G.attrs) if isinstance(G, PairArrays) else G.nodes(data=True))
    key = scores[sort_by]
    # scores rounded so float noise (which depends on node order) cannot reorder equal actors
    rounded = [round(key.get(node, 0.0), 12) for node, _ in nodes]
    if top and len(nodes) > top:  # only the actors that can make the top (ties at the cut included)
        cut = heapq.nlargest(top, rounded)[-1]
        nodes = [pair for pair, score in zip(nodes, rounded) if score >= cut]
    rows = []
    for node, data in nodes:
        row: dict[str, Any] = {"id": node, "label": data.get("label", node), "type": data.get("type"),
                               "country": data.get("country"), "aliases": list(data.get("aliases", []))}
        for m in metrics:
            row[m] = scores[m].get(node, 0.0)
        rows.append(row)
    rows.sort(key=lambda r: (-round(key.get(r["id"], 0.0), 12), str(r["label"]).lower(), str(r["id"])))
    return rows[:top] if top else rows


def _collapsed(G: nx.DiGraph | nx.MultiDiGraph | PairArrays) -> nx.DiGraph | PairArrays:
    """The weighted graph metrics read: an event multigraph collapsed (:func:`~kg.graph.mirror.collapse`)."""
    return collapse(G) if isinstance(G, nx.Graph) and G.is_multigraph() else G


def _leading_component_eigenvector(U: nx.Graph) -> dict[Any, float]:
    """Eigenvector centrality of a disconnected graph: the leading eigenvector of its adjacency matrix.

    That vector lives on the component with the largest eigenvalue (ties: the
    larger component, then the first by node name); every other actor scores 0.
    networkx refuses to choose (``AmbiguousSolution``), which left ``kg
    centrality --metric eigenvector`` with a traceback when power iteration
    also failed.
    """
    scores = dict.fromkeys(U, 0.0)
    candidates = []
    for component in nx.connected_components(U):
        if len(component) < 2:
            continue
        nodes = sorted(component, key=str)
        sub = U.subgraph(nodes)
        candidates.append((-round(_largest_eigenvalue(sub, nodes), 9), -len(nodes), str(nodes[0]), sub))
    if candidates:
        scores.update(nx.eigenvector_centrality_numpy(min(candidates, key=lambda c: c[:3])[3], weight="weight"))
    return scores


def _largest_eigenvalue(U: nx.Graph, nodes: list) -> float:
    """The largest eigenvalue of a connected graph's weighted adjacency matrix (dense when small, else ARPACK)."""
    import numpy as np

    if len(nodes) <= 500:
        return float(np.linalg.eigvalsh(nx.to_numpy_array(U, nodelist=nodes, weight="weight"))[-1])
    from scipy.sparse.linalg import eigsh

    matrix = nx.to_scipy_sparse_array(U, nodelist=nodes, weight="weight", dtype=float)
    return float(eigsh(matrix, k=1, which="LA", return_eigenvectors=False)[0])


def undirected(G: nx.DiGraph | nx.MultiDiGraph) -> nx.Graph:
    """Undirected weighted collapse: events between two actors, either way, add up to one edge weight.

    Nodes and edges go in sorted order, so seeded algorithms (Louvain) give
    the same answer for the event multigraph and its weighted collapse,
    whatever order the store listed the actors in.
    """
    weights: dict[tuple[Any, Any], float] = defaultdict(float)
    for u, v, w in G.edges(data="weight", default=1.0):
        weights[(u, v) if str(u) <= str(v) else (v, u)] += float(w if w is not None else 1.0)
    U = nx.Graph()
    U.add_nodes_from(sorted(G.nodes, key=str))
    U.add_weighted_edges_from((u, v, w) for (u, v), w in sorted(weights.items(), key=lambda item: (
        str(item[0][0]), str(item[0][1]))))
    return U


def node_label(G: nx.MultiDiGraph, node: Any) -> str:
    return str(G.nodes[node].get("label") or node)
