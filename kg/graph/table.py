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

Rows are distinct (actor, target, date, category, confidence, copy) with
their number of events (``copy``: the event repeats one of an earlier
reprint of its story, left out unless every mention is counted), as index arrays into ``nodes``, ``dates``,
``categories`` and ``confidences`` (``-1``: no target, date, category or
confidence). Confidences take few distinct values (kg's are calibrated
from a handful of features), so the table stays small.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Container

import numpy as np

from ..store.base import Store
from .actors import actor_table
from .filter import GraphFilter
from .int_grid import unique_rows
from .event_rows import COLUMNS, EventRows
from .pair_arrays import PairArrays

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = ["EventTable", "ARRAYS", "COLUMNS", "kept_mask", "needed_columns", "placed"]

#: The integer columns of the table, in the order they are saved.
ARRAYS = ("src", "dst", "date", "category", "confidence", "copy", "count")


@dataclass
class EventTable:
    """Events counted per (actor, target, date, category, confidence, copy); actors are indices into ``nodes``.

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
    #: 1 for events that repeat an event of an earlier document of their story (:mod:`kg.graph.reprints`)
    copy: np.ndarray
    count: np.ndarray
    #: Each node's actor IRIs: its own, then the short names linked to it ("BMM"), so the events
    #: behind the graph can be read without reading the actors again.
    iris: list[list[str]]
    #: The columns this table was counted with (a column left out reads as "none" everywhere).
    columns: frozenset[str] = COLUMNS

    # -- building ------------------------------------------------------------------
    @classmethod
    def read(cls, store: Store, columns: frozenset[str] = COLUMNS) -> "EventTable":
        """Count the store's events with SPARQL (two queries: the actors, then the events).

        ``columns`` (a subset of :data:`COLUMNS`): count only by these beyond
        actor and target. A store without a summary (a SPARQL server) then
        reads what the view needs: the whole graph without dates, categories
        and confidences reads 1.5x faster.
        """
        return cls.merge(EventRows.read(store, frozenset(columns)), *actor_table(store))

    @classmethod
    def merge(cls, rows: EventRows, actors: dict[str, dict], links: dict[str, str]) -> "EventTable":
        """The table of ``rows``: short names merged into the names they are linked to, events of an actor
        with itself and of actors not in ``actors`` (ignored by curation) left out.

        ``(actors, links)`` are :func:`kg.graph.actors.actor_table`'s. Value lists come out sorted, so the
        same events give the same table whatever order they were read or updated in.
        """
        order = sorted(actors)
        rank = {iri: i for i, iri in enumerate(order)}
        node = np.array([rank.get(links.get(i, i), -2) for i in rows.iris] + [-1], dtype=np.int64)
        src, dst = node[rows.actor], node[rows.target]
        keep = placed(src, dst)
        date, dates = _sorted_codes(rows.date[keep], rows.dates)
        category, categories = _sorted_codes(rows.category[keep], rows.categories)
        confidence, confidences = _sorted_codes(rows.confidence[keep], [float(c) for c in rows.confidences])
        grid = np.column_stack([src[keep], dst[keep], date, category, confidence, rows.copy[keep]])
        grid, inverse = unique_rows(grid)
        count = np.bincount(inverse.ravel(), weights=rows.count[keep], minlength=len(grid)).astype(np.int64)
        used = np.unique(np.concatenate([grid[:, 0][grid[:, 0] >= 0], grid[:, 1][grid[:, 1] >= 0]]))
        renumber = np.full(len(order) + 1, -1, dtype=np.int64)  # index -1 (no actor, no target) stays -1
        renumber[used] = np.arange(len(used))
        shorts: dict[str, list[str]] = {}
        for short, full in sorted(links.items()):
            shorts.setdefault(full, []).append(short)
        nodes, iris = [], []
        for i in used.tolist():  # only actors with events
            data = dict(actors[order[i]])
            nodes.append((data.pop("id"), data))
            iris.append([order[i], *shorts.get(order[i], [])])
        return cls(nodes=nodes, iris=iris, dates=dates, categories=categories, confidences=confidences,
                   src=renumber[grid[:, 0]], dst=renumber[grid[:, 1]], date=grid[:, 2].copy(),
                   category=grid[:, 3].copy(), confidence=grid[:, 4].copy(), copy=grid[:, 5].copy(),
                   count=count, columns=rows.columns)

    def actor_iris(self) -> tuple[dict[str, dict], dict[str, str]]:
        """``(actors, links)`` as :func:`kg.graph.actors.actor_table` gives them, for the actors with events.

        Only the entity ids are kept (what reading the events needs); a short
        name has none of its own, as it is read as the name it links to.
        """
        actors: dict[str, dict] = {}
        links: dict[str, str] = {}
        for (node, _), iris in zip(self.nodes, self.iris):
            actors[iris[0]] = {"id": node}
            for short in iris[1:]:
                actors[short] = {"id": None}
                links[short] = iris[0]
        return actors, links

    # -- selecting -----------------------------------------------------------------
    def mask(self, flt: GraphFilter | None = None, *, date: Callable[[str | None], bool] | None = None) -> np.ndarray:
        """Rows whose events ``flt`` keeps (:meth:`GraphFilter.keeps_event`), and whose date ``date`` keeps."""
        return kept_mask(self, flt, date=date)

    def mentions(self, keep: np.ndarray) -> np.ndarray:
        """Per node index: the kept events the actor acts in or is the target of (what ranks by "events"),
        events without a known actor included for their target."""
        src, dst, count = self.src[keep], self.dst[keep], self.count[keep]
        acting, targeted = src >= 0, dst >= 0
        return np.bincount(src[acting], weights=count[acting], minlength=len(self.nodes)) + \
            np.bincount(dst[targeted], weights=count[targeted], minlength=len(self.nodes))

    def pair_arrays(self, keep: np.ndarray | None = None) -> PairArrays:
        """The weighted actor graph of the rows ``keep`` selects as arrays: :meth:`weighted`'s nodes (actors
        with a kept event, in IRI order, with ``mentions``) and pairs, without a networkx graph."""
        if keep is None:
            keep = np.ones(len(self.src), dtype=bool)
        mentions = self.mentions(keep)
        present = np.flatnonzero(mentions > 0)
        renumber = np.full(len(self.nodes), -1, dtype=np.int64)
        renumber[present] = np.arange(len(present))
        src, dst, count = self.src[keep], self.dst[keep], self.count[keep]
        paired = (dst >= 0) & (src >= 0)  # an edge needs both ends: not an event without a known actor
        nodes = [self.nodes[i] for i in present.tolist()]
        return PairArrays.from_ends([node for node, _ in nodes], [dict(data) for _, data in nodes],
                                    mentions[present].astype(np.int64), renumber[src[paired]], renumber[dst[paired]],
                                    count[paired].astype(float))

    def weighted(self, keep: np.ndarray | None = None, *,
                 pairs: Container[tuple[str, str]] | None = None) -> nx.DiGraph:
        """The weighted actor graph of the rows ``keep`` selects (all by default).

        Nodes: the actors with at least one kept event, in IRI order, with
        their attributes and ``mentions`` (kept events they act in or are
        the target of). Edges: ``weight`` = events from actor to target.
        ``pairs`` keeps only those (actor id, target id) edges and the actors
        at their ends. (:meth:`pair_arrays` gives the same graph as arrays.)
        """
        P = self.pair_arrays(keep)
        if pairs is None:
            return P.to_digraph()
        ids = P.ids
        wanted = np.array([(ids[u], ids[v]) in pairs for u, v in zip(P.src.tolist(), P.dst.tolist())], dtype=bool)
        return P.to_digraph(edges=wanted)

    def count_events(self, keep: np.ndarray, *, pairs: Container[tuple[str, str]] | None = None) -> int:
        """Events from an actor to a target among the rows ``keep`` selects (and, with ``pairs``, between those
        actors)."""
        keep = keep & (self.dst >= 0) & (self.src >= 0)
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
        count = self.count[keep]
        by_category = np.bincount(self.category[keep] + 1, weights=count, minlength=len(self.categories) + 1)
        categories = Counter({None if i == 0 else self.categories[i - 1]: int(n)
                              for i, n in enumerate(by_category.tolist()) if n})
        by_date = np.bincount(self.date[keep] + 1, weights=count, minlength=len(self.dates) + 1)
        days: Counter = Counter()
        for i in np.flatnonzero(by_date[1:]).tolist():
            days[self.dates[i][:10]] += int(by_date[i + 1])
        return categories, days, int(by_date[0])


def kept_mask(counts: "EventTable | EventRows", flt: GraphFilter | None = None, *,
              date: Callable[[str | None], bool] | None = None) -> np.ndarray:
    """Which rows of a table or of event rows hold events ``flt`` keeps (:meth:`GraphFilter.keeps_event`),
    and whose date ``date`` keeps."""
    flt = flt or GraphFilter()
    missing = (needed_columns(flt) | ({"date"} if date is not None else set())) - counts.columns
    if missing:
        raise ValueError(f"these events were counted without {', '.join(sorted(missing))}")
    keep = _lookup(counts.dates, flt.keeps_date)[counts.date]
    if date is not None:
        keep &= _lookup(counts.dates, date)[counts.date]
    if flt.categories:
        keep &= _lookup(counts.categories, flt.keeps_category)[counts.category]
    if flt.min_confidence:
        keep &= _lookup(counts.confidences, flt.keeps_confidence)[counts.confidence]
    if not flt.mentions:
        keep &= counts.copy == 0
    return keep


def placed(src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Which event rows the table keeps, given their actor and target nodes (-1: none; -2: not an actor).

    An event from an actor (to an actor, or to nobody), or one without a
    known actor done to an actor ("14 people were killed"); never an actor's
    event with itself.
    """
    return ((src >= 0) & (dst != -2) | (src == -1) & (dst >= 0)) & (dst != src)


def needed_columns(flt: GraphFilter | None) -> frozenset[str]:
    """The table columns an event filter reads: dates for a time window, categories, confidences."""
    if flt is None:
        return frozenset()
    return frozenset(name for name, needed in (("date", flt.windowed), ("category", bool(flt.categories)),
                                                ("confidence", bool(flt.min_confidence))) if needed)


def _lookup(values: list, keeps: Callable[[Any], bool]) -> np.ndarray:
    """``keeps`` of each distinct value, then of None at index -1 (a missing value)."""
    return np.array([bool(keeps(v)) for v in values] + [bool(keeps(None))], dtype=bool)


def _sorted_codes(codes: np.ndarray, values: list) -> tuple[np.ndarray, list]:
    """``codes`` renumbered into the sorted list of the values they use (-1 stays -1)."""
    used = np.unique(codes[codes >= 0])
    ordered = sorted(used.tolist(), key=values.__getitem__)
    renumber = np.full(len(values) + 1, -1, dtype=np.int64)
    renumber[ordered] = np.arange(len(ordered))
    return renumber[codes], [values[i] for i in ordered]
