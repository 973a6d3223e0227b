"""Communities of actors: Louvain on the undirected weighted graph, seeded so the same store gives the same groups.

networkx's Louvain on graphs up to :data:`kg.analysis.engines.ENGINE_FROM` actors, igraph's above
(the same algorithm in C, of the same modularity; see :mod:`kg.analysis.engines`).
"""
from __future__ import annotations

from typing import Any, Callable

import networkx as nx
import numpy as np

from ..errors import KgError
from ..graph.pair_arrays import PairArrays, as_networkx
from .engines import ENGINE_FROM, louvain
from .metrics import metric_scores, node_label, undirected

__all__ = ["communities", "community_rows"]


def communities(G: nx.MultiDiGraph | nx.DiGraph | PairArrays, *, seed: int = 42,
                resolution: float = 1.0) -> list[list[str]]:
    """Louvain communities of the actor graph.

    Parameters
    ----------
    G : networkx.MultiDiGraph or networkx.DiGraph
        The actor graph from :func:`kg.graph.mirror.to_networkx`, or its weighted
        collapse from :func:`kg.graph.mirror.to_weighted_digraph`, or that graph as arrays
        (:attr:`kg.graph.mirror.ActorGraph.pairs`): the same result.
        Direction is ignored; events between two actors add up to one edge
        weight.
    seed : int
        Seed of Louvain's node order, so the same graph gives the same result.
    resolution : float
        Louvain's resolution: above 1 favours smaller communities, below 1
        larger ones.

    Returns
    -------
    list of list of str
        Node ids per community, largest community first (ties by first id);
        ids sorted within a community. An actor without events between
        actors of the graph is a community of its own.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edges_from([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("z", "x"), ("c", "x")])
    [0, 0, 0, 0, 0, 0, 0]
    >>> communities(G)
    [['a', 'b', 'c'], ['x', 'y', 'z']]
    """
    if resolution <= 0:
        raise KgError(f"resolution must be above 0, got {resolution}")
    if G.number_of_nodes() == 0:
        return []
    if G.number_of_nodes() > ENGINE_FROM:  # igraph's C Louvain: 2.4 s at 100k actors, 19 s in networkx
        found = louvain(G, weight="weight", resolution=resolution, seed=seed)
    else:
        found = nx.community.louvain_communities(undirected(as_networkx(G)), weight="weight", resolution=resolution,
                                                 seed=seed)
    groups = [sorted(group, key=str) for group in found]
    groups.sort(key=lambda group: (-len(group), str(group[0])))
    return groups


def community_rows(G: nx.MultiDiGraph | nx.DiGraph | PairArrays, groups: list[list[str]] | None = None, *,
                   top: int | None = 5, metric: str = "pagerank", seed: int = 42, resolution: float = 1.0,
                   scores: dict[str, float] | None = None) -> list[dict[str, Any]]:
    """Describe communities as rows: number, size, events inside, most central members.

    Parameters
    ----------
    G : networkx.MultiDiGraph, networkx.DiGraph or PairArrays
        The actor graph, per event or weighted (events = summed ``weight``), or
        the weighted graph as arrays.
    groups : list of list of str, optional
        Communities from :func:`communities` (computed with ``seed`` and
        ``resolution`` when omitted).
    top : int, optional
        Members listed per community (None = all), by ``metric`` on the whole graph.
    metric : str
        One of :data:`METRICS`.
    scores : dict, optional
        ``metric``'s scores already computed on ``G``, e.g. by
        :func:`kg.analysis.centrality` (the report passes its PageRank:
        0.4 s less at 100k actors).

    Returns
    -------
    list of dict
        ``{"community": 1-based number, "size", "events" (between members),
        "members": [label, ...], "ids": [id, ...], metric: [score, ...]}``.
    """
    if groups is None:
        groups = communities(G, seed=seed, resolution=resolution)
    if scores is None:  # (a weighted graph is read as it is: 2.5 s to copy at 100k actors)
        scores = metric_scores(G, metric)
    label, inside = _labels_and_inside_events(G, groups)
    rows = []
    for number, (members, events) in enumerate(zip(groups, inside), 1):
        ranked = sorted(members, key=lambda n: (-scores.get(n, 0.0), label(n).lower()))
        shown = ranked[:top] if top else ranked
        rows.append({"community": number, "size": len(members), "events": events,
                     "members": [label(n) for n in shown], "ids": list(shown),
                     metric: [scores.get(n, 0.0) for n in shown]})
    return rows


def _labels_and_inside_events(G: nx.MultiDiGraph | nx.DiGraph | PairArrays,
                              groups: list[list[str]]) -> tuple[Callable[[Any], str], list[int]]:
    """``(label of a node, events between the members of each group)``."""
    if isinstance(G, PairArrays):
        index = {node: i for i, node in enumerate(G.ids)}
        group = np.full(G.number_of_nodes(), -1, dtype=np.int64)
        for number, members in enumerate(groups):
            group[[index[n] for n in members if n in index]] = number
        same = (group[G.src] == group[G.dst]) & (group[G.src] >= 0)
        inside = np.bincount(group[G.src][same], weights=G.weight[same], minlength=len(groups))
        return (lambda n: G.label(index[n])), [int(x) for x in inside.tolist()]
    events = []
    for members in groups:
        member = set(members)
        events.append(int(sum(w for _, v, w in G.edges(members, data="weight", default=1.0) if v in member)))
    return (lambda n: node_label(G, n)), events
