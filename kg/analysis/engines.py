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
import numpy as np

from ..graph.pair_arrays import PairArrays, as_networkx
from ..heap import paused_gc
from ..processes import in_child, usable_cpus

__all__ = ["ENGINE_FROM", "sampled_betweenness", "start_betweenness", "PendingBetweenness", "louvain"]

#: Graphs with more actors than this run on igraph; smaller ones on networkx (unchanged results).
ENGINE_FROM = 2000


def _igraph(G: nx.Graph | nx.DiGraph | PairArrays) -> tuple[Any, list[Hashable]]:
    """``(igraph.Graph, nodes)``: the same graph with nodes numbered in ``G``'s order."""
    if isinstance(G, PairArrays):  # the pairs are already numbered: no Python loop over them
        return _graph_of(G.number_of_nodes(), np.column_stack([G.src, G.dst]), directed=True), G.ids
    with paused_gc():  # a million small objects: the cyclic collector would scan them again and again
        nodes = list(G)
        index = {n: i for i, n in enumerate(nodes)}
        edges = np.array([(index[u], index[v]) for u, v in G.edges()], dtype=np.int64).reshape(-1, 2)
    return _graph_of(len(nodes), edges, directed=G.is_directed()), nodes


def _graph_of(n: int, edges: np.ndarray, *, directed: bool) -> Any:
    """An igraph graph of ``n`` nodes and these ``(source, target)`` rows (``add_edges`` reads the array
    in C: 0.2 s for 850k edges, against 0.7 s through the constructor)."""
    import igraph as ig

    graph = ig.Graph(n=n, directed=directed)
    if len(edges):
        graph.add_edges(np.ascontiguousarray(edges, dtype=np.int64))
    return graph


def sampled_betweenness(G: nx.Graph | nx.DiGraph | PairArrays, k: int, *, seed: int = 42) -> dict[Hashable, float]:
    """Normalised betweenness estimated from ``k`` pivots: ``nx.betweenness_centrality(G, k=k, seed=seed)``'s result.

    Unweighted shortest paths, endpoints excluded, as networkx by default.
    ``G`` may be the weighted graph as arrays (:class:`~kg.graph.pair_arrays.PairArrays`):
    the same scores as on :meth:`~kg.graph.pair_arrays.PairArrays.to_digraph`'s graph.

    >>> G = nx.gnp_random_graph(60, 0.08, seed=3, directed=True)
    >>> ours, theirs = sampled_betweenness(G, 10), nx.betweenness_centrality(G, k=10, seed=42)
    >>> max(abs(ours[n] - theirs[n]) for n in G) < 1e-12
    True
    """
    return start_betweenness(G, k, seed=seed, background=False).result()


class PendingBetweenness:
    """Sampled betweenness being summed: by forked children in the background while this process goes on.

    Why: the report's 500 pivots on 100k actors take ~12 s of CPU, and the
    report has ~6 s of its own work (Louvain, the graph page's evidence,
    charts). Started first, the pivots use the CPU time the rest leaves.
    :meth:`result` waits for them (and sums what it must itself).
    """

    def __init__(self, finish: Any, pivots: int | None = None):
        self._finish = finish
        #: The sampled actors whose paths are summed (None: exact, every actor's).
        self.pivots = pivots
        self._scores: dict[Hashable, float] | None = None
        self._errors: dict[Hashable, float] | None = None

    def result(self) -> dict[Hashable, float]:
        if self._scores is None:
            found = self._finish()
            self._scores, self._errors = found if isinstance(found, tuple) else (found, None)
        return self._scores

    def errors(self) -> dict[Hashable, float] | None:
        """Each score's standard error, when its pivots were summed in ``groups`` (see :func:`start_betweenness`)."""
        self.result()
        return self._errors


def start_betweenness(G: nx.Graph | nx.DiGraph | PairArrays, k: int, *, seed: int = 42,
                      background: bool = True, groups: int = 1) -> PendingBetweenness:
    """Start :func:`sampled_betweenness`; ``background``: every share of the pivots in a forked child.

    ``groups`` above 1: the pivots are summed in that many interleaved groups
    as well, whose spread gives each score a standard error
    (:meth:`PendingBetweenness.errors`): the estimate is the sum of ``groups``
    independent group estimates, so its variance is ``groups`` times theirs.
    """
    n = G.number_of_nodes()
    if n < 3 or k < 2 or k >= n:  # networkx computes these exactly (k = n) or needs no igraph
        graph = as_networkx(G)
        return PendingBetweenness(lambda: nx.betweenness_centrality(graph, k=k, seed=seed, normalized=True),
                                  k if k < n else None)
    # the positions networkx's random.sample(list(G), k) picks: they depend only on the number of nodes
    pivots = random.Random(seed).sample(range(n), k)
    graph, nodes = _igraph(G)
    directed = isinstance(G, PairArrays) or G.is_directed()
    groups = max(1, min(groups, k // 2))
    sums = _DependencySums(graph, directed, pivots, background=background, groups=groups)

    def finish() -> dict[Hashable, float] | tuple[dict[Hashable, float], dict[Hashable, float]]:
        # networkx >= 3.5's rescaling of a sample without endpoints: a pivot is not a pair of its own paths
        valid = n - 2  # (n - 1) targets other than the source, less the node itself
        scale = np.full(n, 1.0 / (k * valid))
        scale[pivots] = 1.0 / ((k - 1) * valid)
        if not directed:  # igraph counts each unordered pair once, networkx each ordered pair
            scale *= 2
        parts = sums.result() * scale  # one row per group (one group: the plain sum)
        with paused_gc():
            scores = dict(zip(nodes, parts.sum(axis=0).tolist()))
            if groups == 1:
                return scores
            # each group's sum, times the number of groups, estimates the whole: their spread, the error
            spread = np.std(parts * groups, axis=0, ddof=1) / np.sqrt(groups)
            return scores, dict(zip(nodes, spread.tolist()))

    return PendingBetweenness(finish, k)


#: Below this many pivots × actors, one process sums the dependencies (a fork costs more than it saves).
PARALLEL_FROM = 2_000_000


class _DependencySums:
    """igraph's betweenness from ``sources``, the sources shared out over the CPUs this process may use.

    Dependencies add up over sources, so each forked child sums its share
    and the parent adds the shares (the report's 500 pivots at 100k actors:
    8.8 s on one core). igraph holds the GIL, so threads would not help;
    where there is no ``fork`` (Windows) or one CPU, one process does it all,
    when the result is asked for. In the foreground this process sums one
    share itself; in the ``background`` every share goes to a child, and this
    process goes on with its own work until :meth:`result`.
    """

    def __init__(self, graph: Any, directed: bool, sources: list[int], *, background: bool, groups: int = 1):
        self.graph, self.directed, self.sources = graph, directed, sources
        # the pivots in ``groups`` interleaved groups, each summed apart (one group: one plain sum)
        self.groups = [sources[g::groups] for g in range(groups)]
        self.group_count = groups
        cpus = usable_cpus()
        workers = min(cpus, len(sources))
        self.children: list[tuple[Any, list[int]]] = []  # (the child's pending sums, its share)
        self.own = list(range(groups))  # the groups this process sums itself
        if workers < 2 or not hasattr(os, "fork") or len(sources) * graph.vcount() < PARALLEL_FROM:
            return
        if groups >= workers:  # whole groups to each worker (each igraph call costs ~0.1 s at 100k actors)
            shares = [list(range(w, groups, workers)) for w in range(workers)]
        else:  # each worker a share of every group
            shares = [[g * workers + w for g in range(groups)] for w in range(workers)]
            self.groups = [group[w::workers] for group in self.groups for w in range(workers)]
        self.own = [] if background else shares[0]
        for share in (shares if background else shares[1:]):
            self.children.append((in_child(self._sums, share), share))

    def _sums(self, share: list[int]) -> np.ndarray:
        """One row per group of ``share`` (indices into :attr:`groups`): its sources' dependencies summed."""
        out = np.zeros((len(share), self.graph.vcount()))
        for row, g in enumerate(share):
            if self.groups[g]:
                out[row] = self.graph.betweenness(directed=self.directed, sources=self.groups[g])
        return out

    def result(self) -> np.ndarray:
        """The sums per group of pivots (one row each; each group summed over the workers' parts of it)."""
        n = self.graph.vcount()
        rows = np.zeros((len(self.groups), n))
        rows[self.own] = self._sums(self.own)
        for pending, share in self.children:
            rows[share] = pending.result()  # (a child that died: its share summed here)
        self.children = []
        return rows.reshape(self.group_count, -1, n).sum(axis=1)  # (each group's parts: one per worker)


def louvain(G: nx.Graph | nx.DiGraph | nx.MultiDiGraph | PairArrays, *, weight: str = "weight", resolution: float = 1.0,
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

    if isinstance(G, PairArrays):
        order = sorted(range(G.number_of_nodes()), key=lambda i: str(G.ids[i]))
        nodes = [G.ids[i] for i in order]
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        u, v, w = rank[G.src], rank[G.dst], G.weight
    else:
        with paused_gc():
            nodes = sorted(G, key=str)
            index = {n: i for i, n in enumerate(nodes)}
            ends = [(index[a], index[b], 1.0 if x is None else float(x)) for a, b, x in G.edges(data=weight, default=1.0)]
        u = np.array([a for a, _, _ in ends], dtype=np.int64)
        v = np.array([b for _, b, _ in ends], dtype=np.int64)
        w = np.array([x for _, _, x in ends], dtype=float)
    n = max(1, len(nodes))
    keys, inverse = np.unique(np.minimum(u, v) * n + np.maximum(u, v), return_inverse=True)
    weights = np.bincount(inverse.ravel(), weights=w, minlength=len(keys))
    graph = _graph_of(len(nodes), np.column_stack([keys // n, keys % n]), directed=False)
    graph.es["weight"] = weights.tolist()
    ig.set_random_number_generator(random.Random(seed))
    try:
        found = graph.community_multilevel(weights="weight" if graph.ecount() else None, resolution=resolution)
    finally:
        ig.set_random_number_generator(random)  # igraph's default: the random module
    groups: dict[int, set[Hashable]] = {}
    for node, group in zip(nodes, found.membership):
        groups.setdefault(group, set()).add(node)
    return list(groups.values())
