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

import logging
import zipfile
from pathlib import Path
from typing import Collection, NamedTuple

import numpy as np
import orjson

from ..files import atomic_binary_file
from ..heap import paused_gc
from ..store.base import Store
from .actor_cache import ActorCache, load_actor_cache, save_actor_cache
from .actors import ActorMapping
from .curation import read_curation
from .event_rows import ROW_ARRAYS, EventRows
from .links import read_links
from .table import ARRAYS, COLUMNS, EventTable
from .table_update import follow_table

__all__ = ["SUMMARY_NAME", "ROWS_NAME", "FORMAT_VERSION", "Previous", "load_event_table", "read_before_write",
           "read_previous", "read_rows", "read_summary", "refresh_summary", "write_summary"]

#: Bumped whenever the archive layout or the meaning of a field changes.
FORMAT_VERSION = 8  # 6: integer columns as int32 when they fit (read back as int64); 7: actor -1 (none);
#: 8: rows with lemma and negation
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


class Previous(NamedTuple):
    """The saved table and how it placed the actors, as a writer found them before its first write."""

    table: EventTable
    mapping: ActorMapping
    actors: ActorCache


def read_previous(store: Store, actors: ActorCache | None) -> Previous | None:
    """The summary a writer can follow its change from (read before its first write, which deletes it).

    ``actors``: the actor cache the writer found (:func:`kg.graph.actor_cache.load_actor_cache`,
    saved with the summary by the last writer); None, or no summary: None, and the
    writer's summary is merged in full.
    """
    if actors is None:
        return None
    table = read_summary(store)
    if table is None:
        return None
    return Previous(table, ActorMapping.of(actors, read_links(store), read_curation(store)), actors)


def read_before_write(store: Store, *, actors: bool = True
                      ) -> tuple[EventRows | None, ActorCache | None, Previous | None]:
    """What a writer reads of the derived data before its first write deletes it, to follow its change:
    ``(events per document, actor cache, previous table)``, each None when missing.

    ``actors`` False: no actor cache (a forced build may replace any document unseen), so no table to follow.
    """
    rows = read_rows(store)
    cache = load_actor_cache(store) if actors else None
    return rows, cache, read_previous(store, cache) if rows is not None else None


def refresh_summary(store: Store, before: EventRows | None = None, changed: Collection[str] = (),
                    actors: ActorCache | None = None, previous: Previous | None = None) -> Path | None:
    """Count the store's events and save them, if the store keeps a summary and lacks a current one.

    Writers call this after their last write; a summary that exists is
    current, since every write deletes it. ``before``: the events per
    document as :func:`read_rows` gave them before the writer's first write;
    then only the ``changed`` documents (graph IRIs: written, removed, or
    with reprint marks that may have moved) are read again, instead of
    counting every event. ``previous`` (:func:`read_previous`, read with
    ``before``): the table is then updated by the change
    (:func:`kg.graph.table_update.follow_table`) instead of merged from every
    row and every actor again: the same table either way
    (``tests/test_summary_updates.py``).
    ``actors``: the actors' descriptions and votes as the writer has them
    (:mod:`kg.graph.actor_cache`), saved beside the summary for the next
    writer; default: read from the store.
    """
    path = _path(store)
    if path is None or store.read_only:
        return None
    if path.exists() and read_summary(store) is not None:  # an older kg's or a damaged file is replaced
        return None
    removed = added = None
    if before is None:
        rows = EventRows.read(store, per_document=True)
    elif changed:
        changed = set(changed)
        removed, added = before.only(changed), EventRows.read(store, docs=changed)
        rows = before.without(changed).plus(added)
    else:
        rows, removed, added = before, before.only(()), before.only(())
    actors = actors or load_actor_cache(store) or ActorCache.read(store)
    mapping = ActorMapping.of(actors, read_links(store), read_curation(store))  # (read once: follow or merge)
    table = None
    if previous is not None and removed is not None and added is not None:
        table = follow_table(previous.table, removed, added, rows, previous.mapping, mapping, previous.actors, actors)
    if table is None:
        table = EventTable.merge(rows, mapping.entries(actors), mapping.links)
    _save(path.parent / ROWS_NAME, rows, ROW_ARRAYS, {"docs": rows.docs, "iris": rows.iris, "lemmas": rows.lemmas})
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
        nodes = list(map(tuple, meta["nodes"]))
        if not all(len(n) == 2 and type(n[0]) is str and type(n[1]) is dict for n in nodes):
            raise TypeError("a node that is not (id, attributes)")
        table = EventTable(nodes=nodes, iris=_text_lists(meta["iris"]), dates=_texts(meta["dates"]),
                           categories=_texts(meta["categories"]),
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
        rows = EventRows(docs=_texts(meta["docs"]), iris=_texts(meta["iris"]),
                         dates=_texts(meta["dates"]), categories=_texts(meta["categories"]),
                         confidences=[float(c) for c in meta["confidences"]], lemmas=_texts(meta["lemmas"]), **arrays)
        problem = _out_of_range(rows, ROW_ARRAYS, {"doc": (0, len(rows.docs)), "actor": (-1, len(rows.iris)),
                                                   "target": (-1, len(rows.iris)), "lemma": (-1, len(rows.lemmas)),
                                                   "negated": (0, 2)})
    except (KeyError, TypeError, ValueError) as exc:
        problem = str(exc) or type(exc).__name__
    if problem:
        _log.warning("ignoring the saved event rows %s (%s); counting again", path.parent / ROWS_NAME, problem)
        return None
    return rows


def _texts(values: object) -> list[str]:
    """``values`` if it is a list of strings (as JSON gives it: checked, not copied), else TypeError."""
    if type(values) is not list or not all(type(v) is str for v in values):
        raise TypeError("a list of texts expected")
    return values


def _text_lists(values: object) -> list[list[str]]:
    if type(values) is not list or not all(type(v) is list and all(type(x) is str for x in v) and v for v in values):
        raise TypeError("lists of texts expected")
    return values


def _compact(array: np.ndarray) -> np.ndarray:
    """``array`` as int32 when its values fit (half the bytes to write and read; read back as int64)."""
    if array.dtype == np.int64 and (not array.size or (array.min() >= -2 ** 31 and array.max() < 2 ** 31)):
        return array.astype(np.int32)
    return array


def _save(path: Path, counts: EventTable | EventRows, arrays: tuple[str, ...], meta: dict) -> None:
    """Write the arrays and value lists of a table or of rows as a NumPy archive (temporary file, then rename)."""
    meta = {"version": FORMAT_VERSION, **meta, "dates": counts.dates, "categories": counts.categories,
            "confidences": counts.confidences}
    path.parent.mkdir(exist_ok=True)
    with atomic_binary_file(path, durable=False) as handle:  # a checked cache: damaged means counted again
        np.savez(handle, meta=np.frombuffer(orjson.dumps(meta), dtype=np.uint8),
                 **{name: _compact(getattr(counts, name)) for name in arrays})


def _load(path: Path, arrays: tuple[str, ...]) -> tuple[dict, dict] | None:
    """``(meta, arrays)`` of an archive of this format, or None (missing, another kg's, or damaged: logged)."""
    try:
        with np.load(path, allow_pickle=False) as archive, paused_gc():
            meta = orjson.loads(archive["meta"].tobytes())
            if not isinstance(meta, dict) or meta.get("version") != FORMAT_VERSION:
                return None  # another kg's format: count again (the next build rewrites it)
            loaded = {name: archive[name] for name in arrays}
        if any(a.dtype.kind not in "iu" for a in loaded.values()):
            return meta, loaded  # (refused by the caller's checks)
        return meta, {name: a.astype(np.int64, copy=False) for name, a in loaded.items()}
    except FileNotFoundError:
        return None
    except (OSError, EOFError, ValueError, KeyError, zipfile.BadZipFile) as exc:  # damaged (or empty): count again
        _log.warning("ignoring the analysis summary %s (%s); using SPARQL instead", path, exc)
        return None


def _inconsistency(t: EventTable) -> str | None:
    """What makes a loaded table unusable, or None."""
    if t.iris is None or len(t.iris) != len(t.nodes) or not all(t.iris):
        return "actor IRIs do not match the actors"
    return _out_of_range(t, ARRAYS, {"src": (-1, len(t.nodes)), "dst": (-1, len(t.nodes))})


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
