"""Which events and actors an analysis sees: the one filter implementation.

Why one place: every view of the graph (rankings, pages, reports, exports,
``kg events``, periods) must answer a window the same way, and a new filter
must be one edit. A :class:`GraphFilter` works at two levels:

* **events** (:meth:`GraphFilter.keeps_event`): time window, categories,
  minimum confidence, and reprints (each event once, or every mention). The event table applies it to each distinct date,
  category and confidence (then to its rows with NumPy), the evidence reader
  to each event it reads: the same predicates either way.
* **the weighted graph** (:meth:`GraphFilter.shape`): actor types, minimum
  events per pair, one actor's neighbourhood. Applied once to the weighted
  graph; the events shown with evidence are those of the pairs it keeps.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = ["GraphFilter", "actor_matches"]


@dataclass
class GraphFilter:
    """Which events go into the graph. Empty fields mean no restriction."""

    since: str | None = None
    until: str | None = None
    categories: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    actor: str | None = None
    min_weight: int = 1
    #: Keep events whose extraction confidence is at least this (0 keeps all).
    min_confidence: float = 0.0
    #: Count every mention of an event, reprints of a story included (default: each event once).
    mentions: bool = False

    # -- events ------------------------------------------------------------------
    @property
    def windowed(self) -> bool:
        """True if the filter has a time window (undated events are then left out)."""
        return bool(self.since or self.until)

    def keeps_date(self, date: str | None) -> bool:
        """True if an event on ``date`` (``YYYY-MM-DD``, None = undated) is inside the time window.

        >>> f = GraphFilter(since="2026-03-01")
        >>> f.keeps_date("2026-03-02"), f.keeps_date("2026-02-28"), f.keeps_date(None), GraphFilter().keeps_date(None)
        (True, False, False, True)
        """
        if not self.windowed:
            return True
        if date is None:
            return False
        return (not self.since or date >= self.since) and (not self.until or date <= self.until)

    def keeps_category(self, category: str | None) -> bool:
        """True if an event of ``category`` (None = uncategorised) is one of the categories asked for (any case)."""
        if not self.categories:
            return True
        return (category or "").upper() in {c.upper() for c in self.categories}

    def keeps_confidence(self, confidence: float | None) -> bool:
        """True if an event's extraction confidence reaches :attr:`min_confidence`."""
        return not self.min_confidence or (confidence is not None and float(confidence) >= self.min_confidence)

    def keeps_event(self, date: str | None, category: str | None, confidence: float | None,
                    copy: bool = False) -> bool:
        """The event-level filter: time window, category, confidence and (``copy``) reprints together.

        ``copy``: the event repeats one an earlier reprint of the same story
        reports (:mod:`kg.graph.reprints`); kept only when counting mentions.
        """
        return (self.keeps_date(date) and self.keeps_category(category) and self.keeps_confidence(confidence)
                and (self.mentions or not copy))

    def events_only(self) -> "GraphFilter":
        """This filter without its graph-shaping parts (types, minimum weight, actor)."""
        return replace(self, types=(), actor=None, min_weight=1)

    # -- the weighted graph --------------------------------------------------------
    def shape(self, D: nx.DiGraph) -> nx.DiGraph:
        """Apply the actor types, minimum weight and actor neighbourhood to a weighted graph.

        Returns ``D`` itself (changed in place) or, for an actor's
        neighbourhood, a new graph.
        """
        if self.types:
            wanted = {t.lower() for t in self.types}
            D.remove_nodes_from([n for n, d in list(D.nodes(data=True)) if str(d.get("type", "")).lower() not in wanted])
        if self.min_weight > 1:
            D.remove_edges_from([(u, v) for u, v, w in list(D.edges(data="weight")) if w < self.min_weight])
            D.remove_nodes_from([n for n in list(D.nodes) if D.degree(n) == 0])
        if self.actor:
            hits = [n for n, d in D.nodes(data=True) if actor_matches(self.actor, n, d)]
            keep = set(hits)
            for h in hits:
                keep |= set(D.predecessors(h)) | set(D.successors(h))
            D = D.subgraph(keep).copy()
        return D


def actor_matches(query: str, node: str, data: dict) -> bool:
    """True if ``query`` is the node's id, label or one of its aliases (case-insensitive)."""
    q = query.lower()
    names = [node.lower(), str(data.get("label", "")).lower(), *[a.lower() for a in data.get("aliases", [])]]
    return q in names
