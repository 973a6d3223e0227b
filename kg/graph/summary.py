"""The event summary: every event reduced to (actor, target, date, category), saved next to an on-disk store.

Why: centrality needs only "how many events from actor A to actor B" in
the time window and categories asked for, but counting that with SPARQL
means joining and grouping every event and then decoding two IRIs per
actor pair: on the 100k-actor / 1M-event benchmark graph ~20 s of
Oxigraph work before networkx sees an edge. The events change only when
documents change, so writers reduce them once, at the end of ``kg build``
and ``kg remove``, to integer arrays; readers then answer any
``--since/--until/--category`` window with NumPy in well under a second
(:meth:`EventSummary.digraph`) and build the networkx graph from that.

What is stored (``<store>/kg-summary.npz``, a NumPy archive read with
``allow_pickle=False``): the actors in IRI order with their attributes,
the distinct dates and categories, and one row per distinct (actor,
target, date, category) with its number of events, as index arrays
(``-1``: no target, date or category). Short names linked to a full name
(:mod:`kg.linking`) are already merged, as in
:func:`kg.graph.to_weighted_digraph`.

Why it is never stale: every write through :class:`kg.store.KgStore`
deletes the file before touching the data, and writers save a new one (to
a temporary file, then an atomic rename) only after their last write. A
store without a summary — in memory, on a SPARQL endpoint, after
``kg query --update``, or written by an older kg — is aggregated with
SPARQL again (:func:`kg.graph.aggregate_digraph`), with the same result.
"""
from __future__ import annotations

import json
import logging
import os
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Container, Iterable

import networkx as nx
import numpy as np

from .. import vocab as V
from ..heap import paused_gc
from ..store.oxigraph import KgStore

__all__ = ["FORMAT_VERSION", "EventSummary", "read_summary", "refresh_summary", "summarise", "write_summary"]

#: Bumped whenever the archive layout or the meaning of a field changes.
FORMAT_VERSION = 2

_log = logging.getLogger(__name__)
_ARRAYS = ("src", "dst", "date", "category", "count")

# One row per actor, its events as "target date category" lines: the embedded store then decodes
# each actor IRI once (the per-pair GROUP BY decodes two IRIs per row and is ~1.6x slower).
_EVENT_LINES = V.PREFIXES + """
SELECT ?actor (GROUP_CONCAT(CONCAT(COALESCE(STR(?target), ""), " ", COALESCE(STR(?date), ""), " ",
                                   COALESCE(STRAFTER(STR(?cat), "%s"), "")); SEPARATOR="\\n") AS ?events)
WHERE {
  { SELECT ?e ?actor WHERE { GRAPH ?g { ?e kg:actor ?actor } } }
  OPTIONAL { SELECT ?e ?target WHERE { GRAPH ?g { ?e kg:target ?target } } }
  OPTIONAL { SELECT ?e ?date WHERE { GRAPH ?g { ?e kg:date ?date } } }
  OPTIONAL { SELECT ?e ?cat WHERE { GRAPH ?g { ?e kg:category ?cat } } }
} GROUP BY ?actor
""" % V.ACT


@dataclass
class EventSummary:
    """Events counted per (actor, target, date, category); actors are indices into ``nodes``.

    ``nodes`` holds ``(entity id, attributes)`` in actor-IRI order, without
    ``mentions`` (that depends on the window); ``dst``, ``date`` and
    ``category`` are ``-1`` where the events have none.
    """

    nodes: list[tuple[str, dict[str, Any]]]
    dates: list[str]
    categories: list[str]
    src: np.ndarray
    dst: np.ndarray
    date: np.ndarray
    category: np.ndarray
    count: np.ndarray

    def digraph(self, keep_date: Callable[[str], bool] | None = None, categories: Iterable[str] = (), *,
                pairs: Container[tuple[str, str]] | None = None) -> nx.DiGraph:
        """The weighted actor graph of the events whose date and category are kept.

        With ``keep_date``, undated events are left out and a dated one is
        kept if ``keep_date(date)``; with ``categories``, only events of
        those categories (any case) count. ``pairs`` keeps only those
        (actor id, target id) edges and drops actors left without any.
        Otherwise the graph is :func:`kg.graph.aggregate_digraph`'s for the
        same window: same nodes (with ``mentions``), attributes, edges and
        order.
        """
        keep = self._rows(keep_date, categories)
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

    def count_events(self, keep_date: Callable[[str], bool] | None = None, categories: Iterable[str] = (), *,
                     pairs: Container[tuple[str, str]] | None = None, undated: bool = False) -> int:
        """Events with a target whose date and category are kept (``undated``: also those with no date)."""
        keep = self._rows(keep_date, categories) & (self.dst >= 0)
        if undated:
            keep |= self._rows(None, categories) & (self.dst >= 0) & (self.date < 0)
        if pairs is None:
            return int(self.count[keep].sum())
        names = [node for node, _ in self.nodes]
        return sum(c for s, d, c in zip(self.src[keep].tolist(), self.dst[keep].tolist(), self.count[keep].tolist())
                   if (names[s], names[d]) in pairs)

    def periods(self, period_of: Callable[[str], str | None]) -> list[str]:
        """The distinct periods (``period_of(date)``, None skipped) of the dated events, sorted."""
        used = set(self.date[self.date >= 0].tolist())
        return sorted({p for i, d in enumerate(self.dates) if i in used and (p := period_of(d)) is not None})

    def _rows(self, keep_date: Callable[[str], bool] | None, categories: Iterable[str]) -> np.ndarray:
        """Mask of the rows whose date and category are kept."""
        keep = np.ones(len(self.src), dtype=bool)
        if keep_date is not None:
            dated = np.array([bool(keep_date(d)) for d in self.dates] + [False], dtype=bool)
            keep &= dated[self.date]  # index -1 (undated) reads the trailing False
        wanted = {c.upper() for c in categories}
        if wanted:
            chosen = np.array([c.upper() in wanted for c in self.categories] + [False], dtype=bool)
            keep &= chosen[self.category]
        return keep


def summarise(store: Any) -> EventSummary:
    """Reduce the store's events to an :class:`EventSummary` (two SPARQL queries: actors, then events).

    Meant for the embedded store: the events come one row per actor with a
    ``GROUP_CONCAT``, which a SPARQL server may cut short.
    """
    from .mirror import actor_table

    actors, links = actor_table(store)
    order = sorted(actors)
    rank = {iri: i for i, iri in enumerate(order)}
    dates: dict[str, int] = {}
    categories: dict[str, int] = {}
    rows: Counter[tuple[int, int, int, int]] = Counter()
    for actor, lines in store.query(_EVENT_LINES, prefixes=False).rows:
        actor = links.get(actor, actor)
        if actor not in rank:
            continue
        for line in (lines or "").split("\n"):
            target, date, category = line.split(" ")
            target = links.get(target, target) if target else None
            if target == actor or (target is not None and target not in rank):
                continue
            rows[(rank[actor], rank[target] if target else -1,
                  dates.setdefault(date, len(dates)) if date else -1,
                  categories.setdefault(category, len(categories)) if category else -1)] += 1
    used = sorted({r[0] for r in rows} | {r[1] for r in rows if r[1] >= 0})
    renumber = {old: new for new, old in enumerate(used)}  # only actors with events
    renumber[-1] = -1
    keys = sorted(rows)
    nodes = []
    for i in used:
        data = dict(actors[order[i]])
        nodes.append((data.pop("id"), data))

    def column(k: int, mapping: dict[int, int] | None = None) -> np.ndarray:
        values = [key[k] for key in keys]
        return np.asarray([mapping[v] for v in values] if mapping else values, dtype=np.int64)

    return EventSummary(nodes=nodes, dates=list(dates), categories=list(categories),
                        src=column(0, renumber), dst=column(1, renumber), date=column(2), category=column(3),
                        count=np.asarray([rows[k] for k in keys], dtype=np.int64))


def _path(store: object) -> Path | None:
    return store.summary_path if isinstance(store, KgStore) else None


def refresh_summary(store: object) -> Path | None:
    """Summarise the store's events and save them, if the store keeps a summary and lacks it.

    Writers call this after their last write (``kg build``, ``kg remove``);
    a summary that exists is current, since every write deletes it.
    """
    path = _path(store)
    if path is None or store.read_only:  # type: ignore[union-attr]
        return None
    if path.exists() and read_summary(store) is not None:  # an older kg's or a damaged file is replaced
        return None
    return write_summary(store, summarise(store))  # type: ignore[arg-type]


def write_summary(store: KgStore, summary: EventSummary) -> Path | None:
    """Save ``summary`` next to an on-disk store opened for writing (else do nothing and return None)."""
    path = _path(store)
    if path is None or store.read_only:
        return None
    meta = {"version": FORMAT_VERSION, "nodes": summary.nodes, "dates": summary.dates,
            "categories": summary.categories}
    tmp = path.with_name("." + path.name + ".tmp")
    with open(tmp, "wb") as handle:
        np.savez(handle, meta=np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), dtype=np.uint8),
                 **{name: getattr(summary, name) for name in _ARRAYS})
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    return path


def read_summary(store: object) -> EventSummary | None:
    """The store's event summary, or None if there is none to trust (the caller then uses SPARQL)."""
    path = _path(store)
    if path is None:
        return None
    try:
        with np.load(path, allow_pickle=False) as archive, paused_gc():
            meta = json.loads(archive["meta"].tobytes().decode("utf-8"))
            if not isinstance(meta, dict) or meta.get("version") != FORMAT_VERSION:
                return None  # another kg's format: aggregate again (the next build rewrites it)
            arrays = {name: archive[name] for name in _ARRAYS}
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:  # damaged: aggregate again
        _log.warning("ignoring the analysis summary %s (%s); using SPARQL instead", path, exc)
        return None
    try:
        summary = EventSummary(nodes=[(str(node), dict(data)) for node, data in meta["nodes"]],
                               dates=[str(d) for d in meta["dates"]],
                               categories=[str(c) for c in meta["categories"]], **arrays)
        problem = _inconsistency(summary)
    except (KeyError, TypeError, ValueError) as exc:
        problem = str(exc) or type(exc).__name__
    if problem:
        _log.warning("ignoring the analysis summary %s (%s); using SPARQL instead", path, problem)
        return None
    return summary


def _inconsistency(s: EventSummary) -> str | None:
    """What makes a loaded summary unusable, or None."""
    if len({len(getattr(s, name)) for name in _ARRAYS}) != 1:
        return "arrays of different lengths"
    if any(getattr(s, name).dtype.kind not in "iu" for name in _ARRAYS):
        return "non-integer arrays"
    if len(s.src) == 0:
        return None
    bounds = {"src": (0, len(s.nodes)), "dst": (-1, len(s.nodes)), "date": (-1, len(s.dates)),
              "category": (-1, len(s.categories)), "count": (1, None)}
    for name, (low, high) in bounds.items():
        values = getattr(s, name)
        if values.min() < low or (high is not None and values.max() >= high):
            return f"{name} out of range"
    return None
