"""The event summary: the event table (:mod:`kg.graph.table`) saved next to an on-disk store.

Why: counting a million events with SPARQL takes ~20 s of Oxigraph work,
while the events change only when documents change. So writers count them
once, at the end of ``kg build``, ``kg load``, ``kg remove`` and curation,
and readers load the arrays in well under a second
(:func:`load_event_table`).

What is stored (``<store>/derived/event-summary.npz``, a NumPy archive read
with ``allow_pickle=False``): the table's integer columns, and its actors,
dates, categories and confidences as JSON.

Why it is never stale: the store empties its folder of derived data
(:attr:`kg.store.base.Store.derived_dir`) before every write, and writers
save a new summary (to a temporary file, then an atomic rename) only after
their last write. A store without one (in memory, on a SPARQL endpoint,
after ``kg query --update``, written by an older kg, or damaged) is counted
with SPARQL again, with the same result.
"""
from __future__ import annotations

import json
import logging
import zipfile
from pathlib import Path
from typing import Collection

import numpy as np

from ..files import atomic_binary_file
from ..heap import paused_gc
from ..store.base import Store
from .actor_cache import ActorCache, load_actor_cache, save_actor_cache
from .actors import actor_table
from .event_rows import ROW_ARRAYS, EventRows
from .table import ARRAYS, COLUMNS, EventTable

__all__ = ["SUMMARY_NAME", "ROWS_NAME", "FORMAT_VERSION", "load_event_table", "read_rows", "read_summary",
           "refresh_summary", "write_summary"]

#: Bumped whenever the archive layout or the meaning of a field changes.
FORMAT_VERSION = 5
#: The summary's file name inside the store's folder of derived data.
SUMMARY_NAME = "event-summary.npz"
#: The events per document beside it, from which writers update the summary (:func:`refresh_summary`).
ROWS_NAME = "event-rows.npz"

_log = logging.getLogger(__name__)


def _path(store: Store) -> Path | None:
    folder = store.derived_dir
    return None if folder is None else folder / SUMMARY_NAME


def load_event_table(store: Store, columns: frozenset[str] = COLUMNS) -> EventTable:
    """The store's event table: from its summary when there is a current one, else counted with SPARQL.

    ``columns``: what the caller needs beyond actor and target; SPARQL then
    counts only by those (the summary always has them all).
    """
    cached = read_summary(store)
    return cached if cached is not None else EventTable.read(store, columns)


def refresh_summary(store: Store, before: EventRows | None = None, changed: Collection[str] = (),
                    actors: ActorCache | None = None) -> Path | None:
    """Count the store's events and save them, if the store keeps a summary and lacks a current one.

    Writers call this after their last write; a summary that exists is
    current, since every write deletes it. ``before``: the events per
    document as :func:`read_rows` gave them before the writer's first write;
    then only the ``changed`` documents (graph IRIs: written, removed, or
    with reprint marks that may have moved) are read again and the actors
    merged anew (links and curation may have changed), instead of counting
    every event: the same table either way (``tests/test_summary_updates.py``).
    ``actors``: the actors' descriptions and votes as the writer has them
    (:mod:`kg.graph.actor_cache`), saved beside the summary for the next
    writer; default: read from the store.
    """
    path = _path(store)
    if path is None or store.read_only:
        return None
    if path.exists() and read_summary(store) is not None:  # an older kg's or a damaged file is replaced
        return None
    if before is None:
        rows = EventRows.read(store, per_document=True)
    elif changed:
        rows = before.without(set(changed)).plus(EventRows.read(store, docs=changed))
    else:
        rows = before
    actors = actors or load_actor_cache(store) or ActorCache.read(store)
    table = EventTable.merge(rows, *actor_table(store, actors))
    _save(path.parent / ROWS_NAME, rows, ROW_ARRAYS, {"docs": rows.docs, "iris": rows.iris})
    save_actor_cache(store, actors)
    return write_summary(store, table)


def write_summary(store: Store, table: EventTable) -> Path | None:
    """Save ``table`` next to an on-disk store opened for writing (else do nothing and return None)."""
    path = _path(store)
    if path is None or store.read_only:
        return None
    if table.columns != COLUMNS:
        raise ValueError("only a table counted with every column can be saved as the summary")
    _save(path, table, ARRAYS, {"nodes": table.nodes, "iris": table.iris})
    return path


def read_summary(store: Store) -> EventTable | None:
    """The store's saved event table, or None if there is none to trust (the caller then uses SPARQL)."""
    path = _path(store)
    loaded = None if path is None else _load(path, ARRAYS)
    if loaded is None:
        return None
    meta, arrays = loaded
    try:
        table = EventTable(nodes=[(str(node), dict(data)) for node, data in meta["nodes"]],
                           iris=[[str(iri) for iri in iris] for iris in meta["iris"]],
                           dates=[str(d) for d in meta["dates"]],
                           categories=[str(c) for c in meta["categories"]],
                           confidences=[float(c) for c in meta["confidences"]], **arrays)
        problem = _inconsistency(table)
    except (KeyError, TypeError, ValueError) as exc:
        problem = str(exc) or type(exc).__name__
    if problem:
        _log.warning("ignoring the analysis summary %s (%s); using SPARQL instead", path, problem)
        return None
    return table


def read_rows(store: Store) -> EventRows | None:
    """The events per document saved with the summary (for writers to update it), or None."""
    path = _path(store)
    loaded = None if path is None else _load(path.parent / ROWS_NAME, ROW_ARRAYS)
    if loaded is None:
        return None
    meta, arrays = loaded
    try:
        rows = EventRows(docs=[str(d) for d in meta["docs"]], iris=[str(i) for i in meta["iris"]],
                         dates=[str(d) for d in meta["dates"]], categories=[str(c) for c in meta["categories"]],
                         confidences=[float(c) for c in meta["confidences"]], **arrays)
        problem = _out_of_range(rows, ROW_ARRAYS, {"doc": (0, len(rows.docs)), "actor": (0, len(rows.iris)),
                                                   "target": (-1, len(rows.iris))})
    except (KeyError, TypeError, ValueError) as exc:
        problem = str(exc) or type(exc).__name__
    if problem:
        _log.warning("ignoring the saved event rows %s (%s); counting again", path.parent / ROWS_NAME, problem)
        return None
    return rows


def _save(path: Path, counts: EventTable | EventRows, arrays: tuple[str, ...], meta: dict) -> None:
    """Write the arrays and value lists of a table or of rows as a NumPy archive (temporary file, then rename)."""
    meta = {"version": FORMAT_VERSION, **meta, "dates": counts.dates, "categories": counts.categories,
            "confidences": counts.confidences}
    path.parent.mkdir(exist_ok=True)
    with atomic_binary_file(path) as handle:
        np.savez(handle, meta=np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), dtype=np.uint8),
                 **{name: getattr(counts, name) for name in arrays})


def _load(path: Path, arrays: tuple[str, ...]) -> tuple[dict, dict] | None:
    """``(meta, arrays)`` of an archive of this format, or None (missing, another kg's, or damaged: logged)."""
    try:
        with np.load(path, allow_pickle=False) as archive, paused_gc():
            meta = json.loads(archive["meta"].tobytes().decode("utf-8"))
            if not isinstance(meta, dict) or meta.get("version") != FORMAT_VERSION:
                return None  # another kg's format: count again (the next build rewrites it)
            return meta, {name: archive[name] for name in arrays}
    except FileNotFoundError:
        return None
    except (OSError, EOFError, ValueError, KeyError, zipfile.BadZipFile) as exc:  # damaged (or empty): count again
        _log.warning("ignoring the analysis summary %s (%s); using SPARQL instead", path, exc)
        return None


def _inconsistency(t: EventTable) -> str | None:
    """What makes a loaded table unusable, or None."""
    if t.iris is None or len(t.iris) != len(t.nodes) or not all(t.iris):
        return "actor IRIs do not match the actors"
    return _out_of_range(t, ARRAYS, {"src": (0, len(t.nodes)), "dst": (-1, len(t.nodes))})


def _out_of_range(counts: EventTable | EventRows, arrays: tuple[str, ...], own: dict) -> str | None:
    """Why the arrays of a loaded table or rows cannot be used (lengths, types, index bounds), or None."""
    if len({len(getattr(counts, name)) for name in arrays}) != 1:
        return "arrays of different lengths"
    if any(getattr(counts, name).dtype.kind not in "iu" for name in arrays):
        return "non-integer arrays"
    if len(counts.count) == 0:
        return None
    bounds = {**own, "date": (-1, len(counts.dates)), "category": (-1, len(counts.categories)),
              "confidence": (-1, len(counts.confidences)), "copy": (0, 2), "count": (1, None)}
    for name, (low, high) in bounds.items():
        values = getattr(counts, name)
        if values.min() < low or (high is not None and values.max() >= high):
            return f"{name} out of range"
    return None
