"""The weighted actor graph as arrays: the form the big-graph algorithms read, without a networkx graph.

Why: at 100k actors and 850k pairs, building the weighted networkx DiGraph
takes ~3 s and converting it back to arrays for igraph, SciPy and Louvain
another ~3 s, while the event table already holds the pairs as integer
arrays. :class:`PairArrays` keeps them as they are (actors, their events,
one weight per ordered pair), so ``kg report``, ``kg centrality`` and
``kg communities`` rank a big graph without a networkx graph in between.
It holds exactly what :attr:`kg.graph.mirror.ActorGraph.weighted` holds:
:meth:`PairArrays.to_digraph` gives that graph, node for node and weight for
weight, and :meth:`PairArrays.from_digraph` takes any weighted DiGraph (a
filter that reshapes the graph, a user's own graph).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Hashable

import numpy as np

from ..heap import paused_gc

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = ["PairArrays", "as_networkx"]


@dataclass
class PairArrays:
    """Actors and weighted actor→target pairs as arrays; actor ``i`` is ``ids[i]``.

    ``ids`` and ``attrs`` are in the weighted graph's node order;
    ``mentions`` is each actor's events (kept events it acts in or is the
    target of, ``None`` for a graph that does not count them); ``src``,
    ``dst`` and ``weight`` hold one row per ordered pair (each pair once),
    sorted by ``(src, dst)``.
    """

    ids: list[Hashable]
    attrs: list[dict[str, Any]]
    mentions: np.ndarray | None
    src: np.ndarray
    dst: np.ndarray
    weight: np.ndarray

    @classmethod
    def from_digraph(cls, D: nx.DiGraph, weight: str = "weight") -> "PairArrays":
        """The arrays of a weighted DiGraph (a missing weight counts 1; a multigraph's parallel edges add up).

        >>> import networkx as nx
        >>> D = nx.DiGraph([("a", "b", {"weight": 2.0}), ("b", "c", {})])
        >>> P = PairArrays.from_digraph(D)
        >>> P.ids, P.src.tolist(), P.dst.tolist(), P.weight.tolist()
        (['a', 'b', 'c'], [0, 1], [1, 2], [2.0, 1.0])
        """
        with paused_gc():
            ids = list(D)
            index = {node: i for i, node in enumerate(ids)}
            attrs = [dict(data) for _, data in D.nodes(data=True)]
            ends = [(index[u], index[v], 1.0 if w is None else float(w)) for u, v, w in D.edges(data=weight, default=1.0)]
        mentions = None
        if ids and all("mentions" in a for a in attrs):
            mentions = np.array([a.pop("mentions") for a in attrs], dtype=np.int64)
        src = np.array([u for u, _, _ in ends], dtype=np.int64)
        dst = np.array([v for _, v, _ in ends], dtype=np.int64)
        return cls.from_ends(ids, attrs, mentions, src, dst, np.array([w for _, _, w in ends], dtype=float))

    @classmethod
    def from_ends(cls, ids: list[Hashable], attrs: list[dict[str, Any]], mentions: np.ndarray | None,
                  src: np.ndarray, dst: np.ndarray, weight: np.ndarray) -> "PairArrays":
        """Arrays from one row per edge (or per event): rows of the same ordered pair add up, sorted by pair."""
        n = max(1, len(ids))
        keys, inverse = np.unique(src.astype(np.int64) * n + dst, return_inverse=True)
        summed = np.bincount(inverse.ravel(), weights=weight, minlength=len(keys)).astype(float)
        return cls(ids=ids, attrs=attrs, mentions=mentions, src=keys // n, dst=keys % n, weight=summed)

    # -- what networkx would say -----------------------------------------------------
    def number_of_nodes(self) -> int:
        return len(self.ids)

    def number_of_edges(self) -> int:
        return len(self.src)

    def total_weight(self) -> float:
        """Sum of the pair weights: ``D.size(weight="weight")``."""
        return float(self.weight.sum())

    def label(self, i: int) -> str:
        return str(self.attrs[i].get("label") or self.ids[i])

    def to_digraph(self, *, nodes: np.ndarray | None = None, edges: np.ndarray | None = None) -> nx.DiGraph:
        """The weighted DiGraph: the same nodes (with ``mentions`` when counted), edges and weights.

        ``nodes`` (a mask over :attr:`ids`): only those actors and the pairs
        between them (a page's shown actors); ``edges`` (a mask over the
        pairs): only those pairs and the actors at their ends.
        """
        import networkx as nx

        if edges is not None:
            nodes = np.zeros(len(self.ids), dtype=bool)
            nodes[self.src[edges]] = nodes[self.dst[edges]] = True
        elif nodes is not None:
            edges = nodes[self.src] & nodes[self.dst]
        src, dst, weight = (self.src, self.dst, self.weight) if edges is None else \
            (self.src[edges], self.dst[edges], self.weight[edges])
        shown = range(len(self.ids)) if nodes is None else np.flatnonzero(nodes).tolist()
        ids, attrs = self.ids, self.attrs
        D = nx.DiGraph()
        with paused_gc():
            if self.mentions is None:
                D.add_nodes_from((ids[i], dict(attrs[i])) for i in shown)
            else:
                mentions = self.mentions.tolist()
                D.add_nodes_from((ids[i], {"mentions": mentions[i], **attrs[i]}) for i in shown)
            D.add_weighted_edges_from(zip(map(ids.__getitem__, src.tolist()), map(ids.__getitem__, dst.tolist()),
                                          weight.tolist()))
        return D


def as_networkx(G: "nx.Graph | PairArrays") -> "nx.Graph":
    """``G`` for networkx's own algorithms: a networkx graph as it is, arrays as their weighted DiGraph."""
    return G.to_digraph() if isinstance(G, PairArrays) else G
