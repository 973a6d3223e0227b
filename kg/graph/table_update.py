"""The event table after a change, computed from the change instead of from every event.

Why: a day's build or removal changes a few hundred documents of a store
that holds a million events, but merging every event row into the table
again (:meth:`kg.graph.table.EventTable.merge`) and describing every actor
again (:func:`kg.graph.actors.actor_table`) took about 2.5 s per change at
that size. The table is a sum over event rows, so a change is a signed
delta:

* the rows of the removed or replaced documents, placed as the table
  placed them, are subtracted; the new documents' rows are added;
* the events of every actor whose place changed (a short name newly linked
  to a full name, an actor ignored, a new actor, one pruned) are counted
  again from the rows, under the new placing: the table's rows of those
  actors are dropped and replaced;
* only the actors whose description, votes or links changed are described
  again; every other actor keeps its attributes.

The rows stay sorted (actor, target, date, category, confidence, copy), so
the delta is merged in with binary search rather than by sorting a million
rows again. The result is exactly the table a full merge gives
(``tests/test_summary_updates.py`` checks random sequences of changes, and
``tests/test_table_update.py`` random tables); where it could not be
(curation changed, a count that would fall below zero) :func:`follow_table`
returns None and the caller merges everything.
"""
from __future__ import annotations

import bisect
from typing import Callable

import numpy as np

from .actor_cache import ActorCache
from .actors import ActorMapping
from .event_rows import EventRows
from .table import EventTable, placed

__all__ = ["follow_table"]


def follow_table(old: EventTable, removed: EventRows, added: EventRows, rows: EventRows,
                 before: ActorMapping, after: ActorMapping, cache_before: ActorCache,
                 cache_after: ActorCache) -> EventTable | None:
    """The table of ``rows`` placed by ``after``, from ``old`` (``rows`` less ``added`` plus ``removed``, placed
    by ``before``); None when it must be merged in full instead.

    ``removed``: the rows of the documents the change removed or replaced, as
    they were; ``added``: those documents' rows now; ``rows``: every row now.
    ``cache_before``/``cache_after``: the actors' descriptions and votes
    either side of the change (for which actors to describe again).
    """
    if before.curation != after.curation or old.columns != rows.columns:
        return None
    # an actor IRI's place can change only if it is linked (before or after) or became or stopped being an actor
    moved = {iri for iri in (before.described ^ after.described) | before.links.keys() | after.links.keys()
             if before.node(iri) != after.node(iri)}
    dirty = {n for iri in moved for n in (before.node(iri), after.node(iri)) if n is not None}
    # the rows to count again: every row of an actor whose place or short names changed
    to_redo = dirty | {short for short, full in after.links.items() if full in dirty}
    redo = _Rows(rows, after.node, _with_iris(rows, to_redo))
    parts = [(_Rows(removed, before.node), -1), (_Rows(added, after.node), 1)]
    old_nodes = [iris[0] for iris in old.iris]
    extra = sorted({n for part in (redo, *(p for p, _ in parts)) for n in part.names} - set(old_nodes))
    nodes = sorted(old_nodes + extra)  # (a sorted list and a few more: Timsort merges the runs)
    index = _positions(old_nodes, extra, nodes)
    dates = sorted(set(old.dates) | set(rows.dates) | set(removed.dates))
    categories = sorted(set(old.categories) | set(rows.categories) | set(removed.categories))
    confidences = sorted(set(old.confidences) | {float(c) for c in rows.confidences} |
                         {float(c) for c in removed.confidences})
    spaces = [_codes(dates), _codes(categories), _codes(confidences)]
    # the old table's rows of the actors whose place did not change, in the new numbering (still sorted)
    node_of_old = np.append(index, -1)
    in_dirty = np.zeros(len(old_nodes) + 1, dtype=bool)
    in_dirty[[k for k, n in enumerate(old_nodes) if n in dirty]] = True
    keep = ~(in_dirty[old.src] | in_dirty[old.dst])
    kept = [node_of_old[old.src[keep]], node_of_old[old.dst[keep]],
            *[_recode(getattr(old, name)[keep], values, space) for name, values, space in
              zip(("date", "category", "confidence"), (old.dates, old.categories, old.confidences), spaces)],
            old.copy[keep]]
    number = {n: bisect.bisect_left(nodes, n) for part in (redo, *(p for p, _ in parts)) for n in part.names}
    # the changed documents' rows of the other actors, taken off and put back; every row of the moved ones
    deltas = [part.grid(number, spaces, dirty, touching=False, sign=sign) for part, sign in parts]
    deltas.append(redo.grid(number, spaces, dirty, touching=True, sign=1))
    delta = np.concatenate([g for g, _ in deltas])
    columns, counts = _merge_sorted(kept, old.count[keep], delta, np.concatenate([c for _, c in deltas]))
    if (counts < 0).any():
        return None  # the rows do not add up to the old table: count everything again
    positive = counts > 0
    columns = [c[positive] for c in columns]
    changed = moved | dirty | cache_after.changed_since(cache_before)
    # an actor described anew where it is placed, and where it stands as a node itself: in contradicting
    # links (A into B and B into A) an IRI can stay a node while placed on the other
    anew = changed | {n for iri in changed if (n := after.node(iri)) is not None}
    return _compacted(old, columns, counts[positive], nodes, index, (dates, categories, confidences), after,
                      cache_after, anew, rows.columns)


def _with_iris(rows: EventRows, iris: set[str]) -> np.ndarray:
    """Which of ``rows`` have an actor or a target among ``iris``."""
    listed = np.zeros(len(rows.iris) + 1, dtype=bool)
    listed[[k for k, iri in enumerate(rows.iris) if iri in iris]] = True
    return listed[rows.actor] | listed[rows.target]


def _positions(old: list[str], extra: list[str], nodes: list[str]) -> np.ndarray:
    """Where each of ``old`` (sorted) sits in ``nodes`` (``old`` and ``extra`` merged, sorted)."""
    shift = np.zeros(len(old) + 1, dtype=np.int64)
    for name in extra:
        shift[bisect.bisect_left(old, name)] += 1
    return np.arange(len(old), dtype=np.int64) + np.cumsum(shift)[:-1]


class _Rows:
    """Event rows (``which`` of them; default all) with their actor and target placed on canonical IRIs."""

    def __init__(self, rows: EventRows, node: Callable[[str], str | None], which: np.ndarray | None = None) -> None:
        self.rows = rows if which is None else rows.selected(which)
        used = np.unique(np.concatenate([self.rows.actor, self.rows.target]))
        self.placed = {int(k): node(self.rows.iris[k]) for k in used.tolist() if k >= 0}
        self.names = {n for n in self.placed.values() if n is not None}

    def grid(self, number: dict[str, int], spaces: list[dict], dirty: set[str], *, touching: bool,
             sign: int) -> tuple[np.ndarray, np.ndarray]:
        """The rows that touch ``dirty`` actors (or, ``touching`` False, that do not) as signed table rows
        (``number``: a canonical IRI's node index; rows :func:`kg.graph.table.placed` leaves out left out)."""
        rows = self.rows
        position = np.full(len(rows.iris) + 1, -2, dtype=np.int64)
        position[-1] = -1
        touches = np.zeros(len(rows.iris) + 1, dtype=bool)
        for k, name in self.placed.items():
            if name is not None:
                position[k] = number[name]
                touches[k] = name in dirty
        src, dst = position[rows.actor], position[rows.target]
        near = touches[rows.actor] | touches[rows.target]
        keep = placed(src, dst) & (near if touching else ~near)
        grid = np.column_stack([src[keep], dst[keep],
                                *[_recode(getattr(rows, name)[keep], values, space) for name, values, space in
                                  zip(("date", "category", "confidence"),
                                      (rows.dates, rows.categories, [float(c) for c in rows.confidences]), spaces)],
                                rows.copy[keep]]).reshape(-1, 6)
        return grid, sign * rows.count[keep]


def _codes(values: list) -> dict:
    return {v: i for i, v in enumerate(values)}


def _recode(codes: np.ndarray, values: list, space: dict) -> np.ndarray:
    """``codes`` into ``values`` renumbered into ``space`` (-1 stays -1)."""
    table = np.array([space[v] for v in values] + [-1], dtype=np.int64)
    return table[codes]


def _keys(columns: list[np.ndarray], spans: list[int]) -> np.ndarray:
    """One int64 per row, ordered as the rows are lexicographically (each column shifted past -1)."""
    key = np.zeros(len(columns[0]), dtype=np.int64)
    for column, span in zip(columns, spans):
        key = key * np.int64(span) + (column + 1)
    return key


def _merge_sorted(columns: list[np.ndarray], counts: np.ndarray, delta: np.ndarray,
                  signed: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Sorted, unique rows (as ``columns``) with the signed ``delta`` rows added in, still sorted and unique."""
    if not len(delta):
        return columns, counts
    spans = [max(int(c.max()) if len(c) else -1, int(delta[:, j].max())) + 2 for j, c in enumerate(columns)]
    if np.prod(np.array(spans, dtype=float)) >= 2.0 ** 62:  # (never for kg's tables)
        raise OverflowError("the table's columns do not fit one 63-bit key")
    keys = _keys(columns, spans)
    delta_keys, first, inverse = np.unique(_keys([delta[:, j] for j in range(6)], spans), return_index=True,
                                           return_inverse=True)
    summed = np.bincount(inverse.ravel(), weights=signed, minlength=len(delta_keys)).astype(np.int64)
    at = np.searchsorted(keys, delta_keys)
    found = at < len(keys)
    found[found] = keys[at[found]] == delta_keys[found]
    counts = counts.copy()
    counts[at[found]] += summed[found]
    new = ~found
    columns = [np.insert(c, at[new], delta[first[new], j]) for j, c in enumerate(columns)]
    return columns, np.insert(counts, at[new], summed[new])


def _present(codes: np.ndarray, size: int) -> np.ndarray:
    """The codes (of ``size`` values) that occur, in order: a full merge keeps only those."""
    seen = np.zeros(size + 1, dtype=bool)
    seen[codes] = True
    return np.flatnonzero(seen[:size])


def _compacted(old: EventTable, columns: list[np.ndarray], counts: np.ndarray, nodes: list[str], index: np.ndarray,
               values: tuple[list, list, list], after: ActorMapping, cache: ActorCache, anew: set[str],
               counted: frozenset[str]) -> EventTable:
    """The table of these rows with only the nodes and values they use, numbered as a full merge numbers them
    (``index``: where each of the old table's nodes sits in ``nodes``)."""
    src, dst = columns[0], columns[1]
    used = _present(np.concatenate([src, dst]), len(nodes))  # (-1, no target, lands past the end)
    renumber = np.full(len(nodes) + 1, -1, dtype=np.int64)
    renumber[used] = np.arange(len(used))
    previous = np.full(len(nodes), -1, dtype=np.int64)  # each node's place in the old table (-1: new)
    previous[index] = np.arange(len(index))
    names = [nodes[i] for i in used.tolist()]
    was = previous[used].tolist()
    entries = after.entries(cache, [n for n, k in zip(names, was) if k < 0 or n in anew])
    shorts: dict[str, list[str]] = {}
    for short, full in sorted(after.links.items()):
        shorts.setdefault(full, []).append(short)
    out_nodes, out_iris = [], []
    for name, k in zip(names, was):
        if name in entries:
            data = dict(entries[name])
            out_nodes.append((data.pop("id"), data))
            out_iris.append([name, *shorts.get(name, [])])
        elif k >= 0:
            out_nodes.append(old.nodes[k])
            out_iris.append(old.iris[k])
        else:
            raise KeyError(name)  # (never: a new node is always described anew)
    coded, lists = {}, []
    for name, column, listed in zip(("date", "category", "confidence"), columns[2:5], values):
        present = _present(column, len(listed))
        remap = np.full(len(listed) + 1, -1, dtype=np.int64)
        remap[present] = np.arange(len(present))
        coded[name] = remap[column]
        lists.append([listed[i] for i in present.tolist()])
    return EventTable(nodes=out_nodes, iris=out_iris, dates=lists[0], categories=lists[1], confidences=lists[2],
                      src=renumber[src], dst=renumber[dst], copy=columns[5].copy(), count=counts.astype(np.int64),
                      columns=counted, **coded)
