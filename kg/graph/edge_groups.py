"""The edges of a graph page counted from the saved rows, and the few events whose evidence it shows.

Why: a page of a million-event store draws 2,000 links with about 18k
events between them, but shows at most 4,000 evidence sentences
(:mod:`kg.views.edges`). Reading every event of the drawn links for its
evidence was the largest part of ``kg report`` and ``kg viz`` at that size.
The summary's rows count the events of each document by lemma and negation
too (:mod:`kg.graph.event_rows`), which is what a page groups a link's
events by; so a page counts its edges from the rows (:meth:`EdgeGroups.count`),
decides from those counts alone how much evidence each edge shows, and
reads only each edge's newest events (:meth:`EdgeGroups.newest_events`).

Why the page stays exactly the page drawn from every event: an edge shows
its newest events first (by date, then document, sentence and words). The
rows give each event's date, so reading an edge's events date by date,
newest first, until there are enough, reads a prefix of that order; and
whole dates are read (every document of the last date read), so the order
of documents within a date does not matter. ``tests/test_graph_page.py``
compares the two pages.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterator, Mapping

import numpy as np

from ..store.base import Store
from .event_rows import EventRows
from .evidence import read_place_events
from .filter import GraphFilter
from .int_grid import unique_rows
from .table import kept_mask

__all__ = ["EdgeGroups", "GroupKey", "evidence_mark", "group_key"]

#: An edge of a page: (actor id, target id, lemma, category or None, negated).
GroupKey = tuple[Any, Any, str, "str | None", bool]
Event = tuple[str, str, str, dict[str, Any]]


def group_key(u: Any, v: Any, data: Mapping[str, Any]) -> GroupKey:
    """The page edge an event (its attributes ``data``) belongs to: its pair, lemma, category and negation."""
    return (u, v, str(data.get("lemma") or data.get("action") or "?"), data.get("category") or None,
            bool(data.get("negated")))


def evidence_mark(data: Mapping[str, Any]) -> tuple[Any, Any, Any]:
    """What makes two events of an edge one piece of evidence: the same document, sentence and action."""
    return (data.get("doc"), data.get("sentence"), data.get("action"))


@dataclass
class EdgeGroups:
    """The events of a page's links, counted per edge (:data:`GroupKey`) from the summary's rows."""

    #: Events per edge.
    counts: dict[GroupKey, int]
    #: Per edge: its rows' documents, actor and target IRIs and counts, newest date first, by date.
    dates: dict[GroupKey, list[tuple[str, list[tuple[str, str, str, int]]]]]

    @classmethod
    def count(cls, rows: EventRows, iris_of: Mapping[str, list[str]], flt: GraphFilter,
              pairs: set[tuple[str, str]]) -> "EdgeGroups | None":
        """The edges of ``pairs`` (actor id, target id) as ``flt`` keeps their events (``iris_of``: each of
        their actors' IRIs, short names linked to it included, as :attr:`kg.graph.table.EventTable.iris`
        has them); None when the rows cannot say (not counted per document, or an event without a
        lemma, which an edge names by its action instead)."""
        if not len(rows.doc) or int(rows.doc.min()) < 0:
            return None
        ids = sorted({i for pair in pairs for i in pair})
        number = {node: k for k, node in enumerate(ids)}
        position = {iri: k for k, iri in enumerate(rows.iris)}
        node = np.full(len(rows.iris) + 1, -1, dtype=np.int64)  # (the last: index -1, no actor or target)
        for entity in ids:
            node[[position[iri] for iri in iris_of.get(entity, ()) if iri in position]] = number[entity]
        src, dst = node[rows.actor], node[rows.target]
        width = len(ids) + 1
        wanted = np.array([number[u] * width + number[v] for u, v in pairs if u != v], dtype=np.int64)
        keep = kept_mask(rows, flt) & (src >= 0) & (dst >= 0) & np.isin(src * width + dst, wanted)
        if np.any(rows.lemma[keep] < 0):
            return None
        grid = np.column_stack([src[keep], dst[keep], rows.lemma[keep], rows.category[keep], rows.negated[keep]])
        edges, inverse = unique_rows(grid.reshape(-1, 5))
        inverse = inverse.ravel()
        totals = np.bincount(inverse, weights=rows.count[keep], minlength=len(edges)).astype(np.int64).tolist()
        keys = [(ids[u], ids[v], rows.lemmas[lemma], rows.categories[cat] if cat >= 0 else None, bool(neg))
                for u, v, lemma, cat, neg in edges.tolist()]
        counts = dict(zip(keys, totals))
        by_date: dict[GroupKey, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for k, d, a, t, date, n in zip(inverse.tolist(), rows.doc[keep].tolist(), rows.actor[keep].tolist(),
                                       rows.target[keep].tolist(), rows.date[keep].tolist(),
                                       rows.count[keep].tolist()):
            by_date[keys[k]][rows.dates[date] if date >= 0 else ""].append(
                (rows.docs[d], rows.iris[a], rows.iris[t], n))
        dates = {key: sorted(found.items(), reverse=True) for key, found in by_date.items()}  # "" (undated) last
        return cls(counts, dates)

    def newest_events(self, store: Store, actors: dict[str, dict], links: dict[str, str], flt: GraphFilter,
                      shares: Mapping[GroupKey, int]) -> list[Event]:
        """The newest events of each edge, enough for ``shares[edge]`` pieces of evidence
        (:func:`evidence_mark`) or all of them: whole dates, newest first, read from the store."""
        wanted = {key: n for key, n in shares.items() if n > 0 and key in self.dates}
        read_dates = dict.fromkeys(wanted, 0)  # per edge: how many of its dates are read
        places: set[tuple[str, str, str]] = set()
        found: dict[GroupKey, list[Event]] = defaultdict(list)
        while wanted:
            new = set()
            for key, share in wanted.items():
                dates, first = self.dates[key], read_dates[key]
                events, stop = sum(n for _, rows in dates[:first] for *_, n in rows), first
                # at least one date more; as many as the share needs if no two events are one mark
                while stop < len(dates) and (stop == first or events < share):
                    events += sum(n for *_, n in dates[stop][1])
                    stop += 1
                read_dates[key] = stop
                new |= {(g, a, t) for _, rows in dates[first:stop] for g, a, t, _ in rows} - places
            places |= new
            for u, v, e, data in read_place_events(store, actors, links, flt, sorted(new)):
                found[group_key(u, v, data)].append((u, v, e, data))
            wanted = {key: share for key, share in wanted.items()
                      if read_dates[key] < len(self.dates[key]) and _marks(self._read(key, found, read_dates)) < share}
        return [event for key in read_dates for event in self._read(key, found, read_dates)]

    def _read(self, key: GroupKey, found: Mapping[GroupKey, list[Event]], read_dates: Mapping[GroupKey, int]
              ) -> Iterator[Event]:
        """The events of edge ``key`` on its dates read so far (another edge's read may have brought older ones)."""
        dates = {date for date, _ in self.dates[key][:read_dates[key]]}
        return (event for event in found.get(key, ()) if str(event[3].get("date") or "") in dates)


def _marks(events: Iterator[Event]) -> int:
    return len({evidence_mark(data) for *_, data in events})
