"""The expensive algorithms on big graphs, run by igraph's C core: same answers as networkx, much sooner.

Why: sampled betweenness and Louvain in pure Python take minutes on a
100,000-actor graph (networkx: 506 s for 500 betweenness pivots, 19 s for
Louvain on the benchmark graph), so kg used to sample only 20 pivots there,
a noisy ranking. igraph runs the same algorithms in C (5.8 s for the same 500
pivots, 1.2 s for Louvain). networkx stays the API: graphs come in and
results go out as networkx graphs and dicts, and small graphs (up to
:data:`ENGINE_FROM` actors) keep networkx's own code path, so their results
do not change at all.

* :func:`sampled_betweenness` is networkx's estimator exactly: the same
  pivots (``random.Random(seed).sample(list(G), k)``, as networkx draws them)
  and the same rescaling (networkx >= 3.5), with igraph summing the
  dependencies from those sources: equal to ``nx.betweenness_centrality(G,
  k=k, seed=seed)`` to ~1e-18 (``tests/test_engines.py``).
* :func:`louvain` is igraph's multilevel modularity optimisation, seeded
  through igraph's random generator for the call, so a store gives the same
  communities every time. It is not networkx's node order, so the groups
  can differ from networkx's on a big graph; the modularity is the same
  (0.1755 against networkx's 0.1747 on the benchmark graph).
"""
from __future__ import annotations

import os
import random
from typing import Any, Hashable

import networkx as nx

from ..heap import paused_gc

__all__ = ["ENGINE_FROM", "sampled_betweenness", "louvain"]

#: Graphs with more actors than this run on igraph; smaller ones on networkx (unchanged results).
ENGINE_FROM = 2000


def _igraph(G: nx.Graph | nx.DiGraph) -> tuple[Any, list[Hashable]]:
    """``(igraph.Graph, nodes)``: the same graph with nodes numbered in ``G``'s order."""
    import igraph as ig

    with paused_gc():  # a million small objects: the cyclic collector would scan them again and again
        nodes = list(G)
        index = {n: i for i, n in enumerate(nodes)}
        edges = [(index[u], index[v]) for u, v in G.edges()]
        return ig.Graph(n=len(nodes), edges=edges, directed=G.is_directed()), nodes


def sampled_betweenness(G: nx.Graph | nx.DiGraph, k: int, *, seed: int = 42) -> dict[Hashable, float]:
    """Normalised betweenness estimated from ``k`` pivots: ``nx.betweenness_centrality(G, k=k, seed=seed)``'s result.

    Unweighted shortest paths, endpoints excluded, as networkx by default.

    >>> G = nx.gnp_random_graph(60, 0.08, seed=3, directed=True)
    >>> ours, theirs = sampled_betweenness(G, 10), nx.betweenness_centrality(G, k=10, seed=42)
    >>> max(abs(ours[n] - theirs[n]) for n in G) < 1e-12
    True
    """
    n = G.number_of_nodes()
    if n < 3 or k < 2 or k >= n:  # networkx computes these exactly (k = n) or needs no igraph
        return nx.betweenness_centrality(G, k=k, seed=seed, normalized=True)
    pivots = random.Random(seed).sample(list(G), k)
    graph, nodes = _igraph(G)
    index = {node: i for i, node in enumerate(nodes)}
    sums = _dependency_sums(graph, G.is_directed(), [index[p] for p in pivots])
    # networkx >= 3.5's rescaling of a sample without endpoints: a pivot is not a pair of its own paths
    valid = n - 2  # (n - 1) targets other than the source, less the node itself
    sampled = set(pivots)
    with paused_gc():
        scores = {node: s / ((k - 1 if node in sampled else k) * valid) for node, s in zip(nodes, sums)}
    if not G.is_directed():  # igraph counts each unordered pair once, networkx each ordered pair
        scores = {node: 2 * s for node, s in scores.items()}
    return scores


#: Below this many pivots × actors, one process sums the dependencies (a fork costs more than it saves).
PARALLEL_FROM = 2_000_000


def _dependency_sums(graph: Any, directed: bool, sources: list[int]) -> list[float]:
    """igraph's betweenness from ``sources``, the sources shared out over the CPUs this process may use.

    Dependencies add up over sources, so each forked child sums its share
    and the parent adds the shares (the report's 500 pivots at 100k actors:
    8.8 s on one core). igraph holds the GIL, so threads would not help;
    where there is no ``fork`` (Windows) or one CPU, one process does it all.
    """
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    workers = min(cpus, len(sources))
    if workers < 2 or not hasattr(os, "fork") or len(sources) * graph.vcount() < PARALLEL_FROM:
        return graph.betweenness(directed=directed, sources=sources)
    import numpy as np

    shares = [sources[w::workers] for w in range(workers)]
    children = []
    for share in shares[1:]:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: sum its share, send it as float64 bytes, leave without cleanup
            try:
                os.close(read)
                data = np.asarray(graph.betweenness(directed=directed, sources=share), dtype=np.float64).tobytes()
                with os.fdopen(write, "wb") as out:
                    out.write(data)
            finally:
                os._exit(0)
        os.close(write)
        children.append((pid, read))
    total = np.asarray(graph.betweenness(directed=directed, sources=shares[0]), dtype=np.float64)
    for (pid, read), share in zip(children, shares[1:]):
        with os.fdopen(read, "rb") as got:
            data = got.read()
        os.waitpid(pid, 0)
        part = np.frombuffer(data, dtype=np.float64)
        if part.size != total.size:  # a child that died: do its share here
            part = np.asarray(graph.betweenness(directed=directed, sources=share), dtype=np.float64)
        total += part
    return total.tolist()


def louvain(G: nx.Graph | nx.DiGraph | nx.MultiDiGraph, *, weight: str = "weight", resolution: float = 1.0,
            seed: int = 42) -> list[set[Hashable]]:
    """Louvain communities of a weighted graph, direction ignored (igraph's multilevel algorithm, seeded).

    Events between two actors, either way, add up to one edge weight, as in
    :func:`kg.analysis.metrics.undirected`; nodes in the same sorted order,
    so the event multigraph and its weighted collapse give the same groups.

    >>> U = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("z", "x"), ("c", "x")])
    >>> sorted(sorted(c) for c in louvain(U))
    [['a', 'b', 'c'], ['x', 'y', 'z']]
    """
    import igraph as ig
    import numpy as np

    with paused_gc():
        nodes = sorted(G, key=str)
        index = {n: i for i, n in enumerate(nodes)}
        ends = [(index[u], index[v], 1.0 if w is None else float(w)) for u, v, w in G.edges(data=weight, default=1.0)]
        pairs = np.array([(u, v) for u, v, _ in ends], dtype=np.int64).reshape(-1, 2)
        low, high = pairs.min(axis=1), pairs.max(axis=1)
        keys, inverse = np.unique(low * len(nodes) + high, return_inverse=True)
        weights = np.bincount(inverse.ravel(), weights=np.array([w for _, _, w in ends]), minlength=len(keys))
        graph = ig.Graph(n=len(nodes), edges=np.column_stack([keys // max(1, len(nodes)), keys % max(1, len(nodes))]).tolist(),
                         edge_attrs={"weight": weights.tolist()})
    ig.set_random_number_generator(random.Random(seed))
    try:
        found = graph.community_multilevel(weights="weight" if graph.ecount() else None, resolution=resolution)
    finally:
        ig.set_random_number_generator(random)  # igraph's default: the random module
    groups: dict[int, set[Hashable]] = {}
    for node, group in zip(nodes, found.membership):
        groups.setdefault(group, set()).add(node)
    return list(groups.values())
