"""The event table: every event of a store reduced to (actor, target, date, category, confidence) counts.

Why one table: rankings, pages, reports, exports, periods and ``kg events``
all start from "how many events from actor A to actor B inside this
window". Counting that once, as integer arrays, answers every window with
NumPy in well under a second even at a million events, and gives every view
the same numbers. There is one way to build it (:meth:`EventTable.read`,
two SPARQL queries on any store, short names already merged into full
names by :func:`kg.graph.actors.actor_table`) and one cache of it next to
an on-disk store (:mod:`kg.graph.summary`, whose
:func:`~kg.graph.summary.load_event_table` picks).

Rows are distinct (actor, target, date, category, confidence) with their
number of events, as index arrays into ``nodes``, ``dates``,
``categories`` and ``confidences`` (``-1``: no target, date, category or
confidence). Confidences take few distinct values (kg's are calibrated
from a handful of features), so the table stays small.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable, Container, Iterable

import networkx as nx
import numpy as np

from .. import vocab as V
from ..heap import paused_gc
from ..store.base import Store
from .actors import actor_table
from .filter import GraphFilter

__all__ = ["EventTable", "ARRAYS"]

#: The integer columns of the table, in the order they are saved.
ARRAYS = ("src", "dst", "date", "category", "confidence", "count")

_EVENT_PATTERNS = """
  { SELECT ?e ?actor WHERE { GRAPH ?g { ?e kg:actor ?actor } } }
  OPTIONAL { SELECT ?e ?target WHERE { GRAPH ?g { ?e kg:target ?target } } }
  OPTIONAL { SELECT ?e ?date WHERE { GRAPH ?g { ?e kg:date ?date } } }
  OPTIONAL { SELECT ?e ?cat WHERE { GRAPH ?g { ?e kg:category ?cat } } }
  OPTIONAL { SELECT ?e ?conf WHERE { GRAPH ?g { ?e kg:confidence ?conf } } }
"""
# Each pattern is its own sub-SELECT joined on ?e: Oxigraph hash-joins whole-predicate scans instead of
# one index lookup per event (5x less CPU at 1M events). One row per actor with its events as
# "target date category confidence" lines: the embedded store decodes each actor IRI once (1.6x faster
# than one row per group); a server, which may cut GROUP_CONCAT short, gets the plain GROUP BY.
_EVENT_LINES = V.PREFIXES + """
SELECT ?actor (GROUP_CONCAT(CONCAT(COALESCE(STR(?target), ""), " ", COALESCE(STR(?date), ""), " ",
                                   COALESCE(STRAFTER(STR(?cat), "%s"), ""), " ", COALESCE(STR(?conf), ""));
                            SEPARATOR="\\n") AS ?events)
WHERE { %s } GROUP BY ?actor
""" % (V.ACT, _EVENT_PATTERNS)
_EVENT_GROUPS = V.PREFIXES + """
SELECT ?actor ?target ?date ?cat ?conf (COUNT(*) AS ?n)
WHERE { %s } GROUP BY ?actor ?target ?date ?cat ?conf
""" % _EVENT_PATTERNS


@dataclass
class EventTable:
    """Events counted per (actor, target, date, category, confidence); actors are indices into ``nodes``.

    ``nodes`` holds ``(entity id, attributes)`` in actor-IRI order for the
    actors that have events, without ``mentions`` (that depends on the
    window).
    """

    nodes: list[tuple[str, dict[str, Any]]]
    dates: list[str]
    categories: list[str]
    confidences: list[float]
    src: np.ndarray
    dst: np.ndarray
    date: np.ndarray
    category: np.ndarray
    confidence: np.ndarray
    count: np.ndarray

    # -- building ------------------------------------------------------------------
    @classmethod
    def read(cls, store: Store) -> "EventTable":
        """Count the store's events with SPARQL (two queries: the actors, then the events)."""
        actors, links = actor_table(store)
        if store.full_group_concat:
            rows: Iterable[tuple[Any, ...]] = _split_lines(store.query(_EVENT_LINES, prefixes=False).rows)
        else:
            rows = ((a, t, d, c[len(V.ACT):] if c else None, f, n)
                    for a, t, d, c, f, n in store.query(_EVENT_GROUPS, prefixes=False).rows)
        return cls.from_counts(actors, links, rows)

    @classmethod
    def from_counts(cls, actors: dict[str, dict], links: dict[str, str],
                    rows: Iterable[tuple[str, str | None, str | None, str | None, Any, int]]) -> "EventTable":
        """The table of ``(actor IRI, target IRI, date, category, confidence, events)`` rows.

        Short names are merged into the names they are linked to, events of
        an actor with itself and of actors not in ``actors`` (ignored by
        curation) are left out.
        """
        order = sorted(actors)
        rank = {iri: i for i, iri in enumerate(order)}
        dates: dict[str, int] = {}
        categories: dict[str, int] = {}
        confidences: dict[Any, int] = {}  # keyed by the value as the store gave it (text or number)
        counts: Counter[tuple[int, int, int, int, int]] = Counter()
        for actor, target, date, category, conf, n in rows:
            actor = links.get(actor, actor)
            target = links.get(target, target) if target else None
            if actor not in rank or target == actor or (target is not None and target not in rank):
                continue
            counts[(rank[actor], rank[target] if target else -1,
                    dates.setdefault(str(date), len(dates)) if date else -1,
                    categories.setdefault(category, len(categories)) if category else -1,
                    confidences.setdefault(conf, len(confidences)) if conf not in (None, "") else -1)] += n
        used = sorted({k[0] for k in counts} | {k[1] for k in counts if k[1] >= 0})
        renumber = {old: new for new, old in enumerate(used)}  # only actors with events
        renumber[-1] = -1
        keys = sorted(counts)
        nodes = []
        for i in used:
            data = dict(actors[order[i]])
            nodes.append((data.pop("id"), data))

        def column(k: int, mapping: dict[int, int] | None = None) -> np.ndarray:
            values = [key[k] for key in keys]
            return np.asarray([mapping[v] for v in values] if mapping else values, dtype=np.int64)

        return cls(nodes=nodes, dates=list(dates), categories=list(categories),
                   confidences=[float(c) for c in confidences],
                   src=column(0, renumber), dst=column(1, renumber), date=column(2), category=column(3),
                   confidence=column(4), count=np.asarray([counts[k] for k in keys], dtype=np.int64))

    # -- selecting -----------------------------------------------------------------
    def mask(self, flt: GraphFilter | None = None, *, date: Callable[[str | None], bool] | None = None) -> np.ndarray:
        """Rows whose events ``flt`` keeps (:meth:`GraphFilter.keeps_event`), and whose date ``date`` keeps."""
        flt = flt or GraphFilter()
        keep = _lookup(self.dates, flt.keeps_date)[self.date]
        if date is not None:
            keep &= _lookup(self.dates, date)[self.date]
        if flt.categories:
            keep &= _lookup(self.categories, flt.keeps_category)[self.category]
        if flt.min_confidence:
            keep &= _lookup(self.confidences, flt.keeps_confidence)[self.confidence]
        return keep

    def weighted(self, keep: np.ndarray | None = None, *, pairs: Container[tuple[str, str]] | None = None) -> nx.DiGraph:
        """The weighted actor graph of the rows ``keep`` selects (all by default).

        Nodes: the actors with at least one kept event, in IRI order, with
        their attributes and ``mentions`` (kept events they act in or are
        the target of). Edges: ``weight`` = events from actor to target.
        ``pairs`` keeps only those (actor id, target id) edges and the actors
        at their ends.
        """
        if keep is None:
            keep = np.ones(len(self.src), dtype=bool)
        src, dst, count = self.src[keep], self.dst[keep], self.count[keep]
        n = len(self.nodes)
        names = [node for node, _ in self.nodes]
        targeted = dst >= 0
        mentions = np.bincount(src, weights=count, minlength=n) + \
            np.bincount(dst[targeted], weights=count[targeted], minlength=n)
        keys, inverse = np.unique(src[targeted] * n + dst[targeted], return_inverse=True)
        weights = np.bincount(inverse.ravel(), weights=count[targeted], minlength=len(keys)).tolist()
        edges = zip(map(names.__getitem__, (keys // n).tolist()), map(names.__getitem__, (keys % n).tolist()))
        D = nx.DiGraph()
        with paused_gc():
            if pairs is None:
                D.add_nodes_from((node, {"mentions": int(m), **data})
                                 for (node, data), m in zip(self.nodes, mentions.tolist()) if m > 0)
                D.add_weighted_edges_from((u, v, w) for (u, v), w in zip(edges, weights))
            else:
                kept = [(u, v, w) for (u, v), w in zip(edges, weights) if (u, v) in pairs]
                ends = {u for u, _, _ in kept} | {v for _, v, _ in kept}
                D.add_nodes_from((node, {"mentions": int(m), **data})
                                 for (node, data), m in zip(self.nodes, mentions.tolist()) if node in ends)
                D.add_weighted_edges_from(kept)
        return D

    def count_events(self, keep: np.ndarray, *, pairs: Container[tuple[str, str]] | None = None) -> int:
        """Events with a target among the rows ``keep`` selects (and, with ``pairs``, between those actors)."""
        keep = keep & (self.dst >= 0)
        if pairs is None:
            return int(self.count[keep].sum())
        names = [node for node, _ in self.nodes]
        return sum(c for s, d, c in zip(self.src[keep].tolist(), self.dst[keep].tolist(), self.count[keep].tolist())
                   if (names[s], names[d]) in pairs)

    def periods(self, keep: np.ndarray, period_of: Callable[[str], str | None]) -> list[str]:
        """The distinct periods (``period_of(date)``, None skipped) of the dated rows ``keep`` selects, sorted."""
        used = set(self.date[keep & (self.date >= 0)].tolist())
        return sorted({p for i, d in enumerate(self.dates) if i in used and (p := period_of(d)) is not None})

    def facts(self, keep: np.ndarray, actors: Container[str]) -> tuple[Counter, Counter, int]:
        """``(events by category, events by day, undated events)`` of the kept rows whose actor is in ``actors``.

        Unlike the graph's edges this counts events without a target too
        ("X resigned", "X said ..."): the report's charts.
        """
        acting = np.array([node in actors for node, _ in self.nodes] + [False], dtype=bool)
        keep = keep & acting[self.src]
        categories: Counter = Counter()
        days: Counter = Counter()
        undated = 0
        for cat, day, n in zip(self.category[keep].tolist(), self.date[keep].tolist(), self.count[keep].tolist()):
            categories[self.categories[cat] if cat >= 0 else None] += n
            if day >= 0:
                days[self.dates[day][:10]] += n
            else:
                undated += n
        return categories, days, undated


def _lookup(values: list, keeps: Callable[[Any], bool]) -> np.ndarray:
    """``keeps`` of each distinct value, then of None at index -1 (a missing value)."""
    return np.array([bool(keeps(v)) for v in values] + [bool(keeps(None))], dtype=bool)


def _split_lines(rows: list[list[Any]]) -> Iterable[tuple[str, str | None, str | None, str | None, str, int]]:
    """The per-actor ``GROUP_CONCAT`` lines as counted rows (IRIs from kg have no spaces)."""
    for actor, lines in rows:
        for line, n in Counter((lines or "").split("\n")).items():
            target, date, category, conf = line.split(" ")
            yield actor, target or None, date or None, category or None, conf, n

