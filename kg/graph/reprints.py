"""Reprints: the same story carried by several documents (wire copy, updates), and its events counted once.

Why: a news corpus holds the same wire story many times, in several
outlets and in updated versions. If every copy added its events, edge
weights and rankings would count how often a story was reprinted, not what
happened. So every document carries a MinHash signature of its text
(:func:`signature`, computed by ``kg build``), and after every change to the
documents the store's reprints are found again from the signatures
(:func:`refresh_reprints`) and recorded in the graph ``graph/reprints``:

* ``<doc B> kg:duplicateOf <doc A>``: B is a reprint of A, the earliest
  document (then the smallest id) of its group;
* ``<doc A> kg:copyCount n``: how many documents carry the story (A included);
* ``<event> kg:copyOf <event>``: an event of a reprint that an earlier
  document of the group already reports (same actor, action lemma, target
  and negation). Only those are left out of the default counts, so an
  update's new facts still count.

Analysis counts distinct events by default and every copy with
``GraphFilter(mentions=True)`` (``--count mentions``).

Two documents are reprints when the estimated Jaccard similarity of their
word 5-shingles is at least :data:`THRESHOLD` (0.5): on the human-annotated
ECB+ news (770 documents, 43 topics, many outlets per event) every pair at or
above it is the same wire text lightly edited, while independent reports of
one event stay below 0.3. Candidates come from banding the signatures (the
band layout is datasketch's for this threshold), compared with NumPy: 100,000
documents take well under a second where datasketch's own LSH index takes 9 s.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import re
from itertools import groupby
from typing import Collection

import numpy as np
import pyoxigraph as ox

from .. import vocab as V
from ..store.base import Store, iri_values

__all__ = ["REPRINT_GRAPH", "THRESHOLD", "PERMUTATIONS", "SHINGLE_WORDS", "MIN_WORDS", "signature",
           "signature_array", "reprint_groups", "refresh_reprints"]

REPRINT_GRAPH = V.ID + "graph/reprints"
#: Estimated Jaccard similarity of word shingles from which two documents are the same story.
THRESHOLD = 0.5
#: MinHash permutations (the estimate's standard error at J = 0.5 is 0.044).
PERMUTATIONS = 128
SHINGLE_WORDS = 5
#: Shorter texts get no signature: a one-line item shares too little to tell a reprint from a coincidence.
MIN_WORDS = 8
#: Written before the signature, so a store keeps working if the scheme ever changes.
_SCHEME = "affine32"
_PREFIX = f"{_SCHEME}:{PERMUTATIONS}:"
_WORD = re.compile(r"\w+")


def signature(text: str) -> str | None:
    """The MinHash signature of ``text``'s word 5-shingles (lower-cased) as a literal, or None if it is too short.

    >>> a = signature("The navy said on Monday that it had seized a fishing boat near the coast.")
    >>> b = signature("The navy said on Monday that it had seized a fishing boat near the coast, officials said.")
    >>> float(np.mean(signature_array(a) == signature_array(b))) > THRESHOLD
    True
    >>> signature("Too short to tell.") is None
    True
    """
    words = _WORD.findall(text.lower())
    if len(words) < MIN_WORDS:
        return None
    shingles = {" ".join(words[i:i + SHINGLE_WORDS]).encode("utf-8", "surrogatepass")
                for i in range(len(words) - SHINGLE_WORDS + 1)}
    return _PREFIX + base64.b64encode(_minhash(shingles).astype("<u4").tobytes()).decode("ascii")


def _minhash(shingles: Collection[bytes]) -> np.ndarray:
    """datasketch's ``MinHash(num_perm=PERMUTATIONS, seed=1, scheme="affine32")`` of ``shingles`` (never empty:
    :func:`signature` has at least one), written out.

    Why: importing datasketch imports its LSH classes and with them SciPy's
    integrate (0.3 s), which every ``kg build`` paid for a dozen lines of
    NumPy. Each shingle's SHA-1 gives a 32-bit value, mixed by MurmurHash3's
    finalizer, then mapped by each affine permutation ``a * h + b`` (mod
    2^32, ``a`` odd); the signature keeps each permutation's minimum. A test
    checks the values against datasketch's on many texts.
    """
    a, b = _permutations()
    hv = np.array([int.from_bytes(hashlib.sha1(s).digest()[:4], "little") for s in shingles],
                  dtype=np.uint32).reshape(-1, 1)
    hv ^= hv >> np.uint32(16)
    hv *= np.uint32(0x85EBCA6B)
    hv ^= hv >> np.uint32(13)
    hv *= np.uint32(0xC2B2AE35)
    hv ^= hv >> np.uint32(16)
    return (hv * a + b).min(axis=0)


@functools.lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The ``(a, b)`` of datasketch's affine32 permutations for seed 1, drawn in its order."""
    gen = np.random.RandomState(1)
    a = gen.randint(0, 1 << 31, PERMUTATIONS, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, PERMUTATIONS, dtype=np.uint32)
    return a, b


def signature_array(literal: str) -> np.ndarray | None:
    """The hash values of a :func:`signature` literal (None for another scheme or a damaged value)."""
    if not literal.startswith(_PREFIX):
        return None
    try:
        values = np.frombuffer(base64.b64decode(literal[len(_PREFIX):], validate=True), dtype="<u4")
    except ValueError:
        return None
    return values if len(values) == PERMUTATIONS else None


#: (bands, rows per band): datasketch's band layout for :data:`THRESHOLD` and :data:`PERMUTATIONS`
#: (``MinHashLSH(threshold, num_perm)``'s ``b`` and ``r``; ``tests/test_reprints.py`` checks they still are).
#: Written out, because datasketch finds it by numerical integration, and importing that (SciPy's
#: integrate) cost every ``kg remove`` 0.4 s.
BANDS = (25, 5)


def reprint_groups(signatures: np.ndarray) -> list[list[int]]:
    """Groups (row indices, sorted) of documents whose signatures say they carry the same text.

    Rows sharing a band are candidates; a candidate pair whose estimated
    similarity reaches :data:`THRESHOLD` is joined, and the groups are the
    connected components (an update of an update stays with its story).

    >>> a = np.arange(128, dtype=np.uint32)
    >>> b = a.copy(); b[:40] += 1000  # 88 of 128 values shared: similarity 0.69
    >>> reprint_groups(np.array([a, b, a + 5000]))
    [[0, 1]]
    """
    if len(signatures) < 2:
        return []
    # Identical signatures (copies of one text) are one group whatever else they match: banded once, as
    # one row, they do not make every pair of a story's 100 copies a candidate in every band (3.7 s for
    # 100 stories of 100 copies; the pairs grew with the square of the copies).
    whole = np.ascontiguousarray(signatures)
    keys = whole.view(np.dtype((np.void, whole.dtype.itemsize * whole.shape[1]))).ravel()
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    inverse = inverse.ravel()
    copies: dict[int, list[int]] = {}
    for row, unique in enumerate(inverse.tolist()):
        copies.setdefault(unique, []).append(row)
    out = []
    for group in _similar_groups(whole[first], {u for u, rows_ in copies.items() if len(rows_) > 1}):
        out.append(sorted(row for u in group for row in copies[u]))
    return sorted(out)


def _similar_groups(signatures: np.ndarray, alone: set[int]) -> list[set[int]]:
    """Connected groups of distinct signatures whose estimated similarity reaches :data:`THRESHOLD`, found
    through shared bands; ``alone``: rows that are a group even without another (they stand for copies)."""
    n = len(signatures)
    bands, rows = BANDS
    pairs: set[tuple[int, int]] = set()
    for b in range(bands):
        band = np.ascontiguousarray(signatures[:, b * rows:(b + 1) * rows])
        keys = band.view(np.dtype((np.void, band.dtype.itemsize * rows))).ravel()
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        sizes = np.diff(np.r_[starts, n])
        for start, size in zip(starts[sizes > 1].tolist(), sizes[sizes > 1].tolist()):
            members = sorted(order[start:start + size].tolist())
            pairs.update((a, c) for k, a in enumerate(members) for c in members[k + 1:])
    import networkx as nx  # here: a removal reads this module's names, and networkx costs it 0.1 s

    G = nx.Graph()
    G.add_nodes_from(alone)
    G.add_edges_from((a, c) for a, c in pairs if np.mean(signatures[a] == signatures[c]) >= THRESHOLD)
    return list(nx.connected_components(G))


_SIGNATURES = V.PREFIXES + """
SELECT ?g ?sig ?date WHERE { GRAPH ?g { ?g kg:minhash ?sig OPTIONAL { ?g dct:date ?date } } }
"""
# The documents' events from a sub-SELECT, then each property looked up event by event: with the VALUES
# beside GRAPH ?g { ... OPTIONAL ... } Oxigraph scanned every event of the store (34 s for 50 documents of
# a 1M-event store; 0.04 s this way, same rows). Every event has a lemma and a negation flag; one without a
# known actor (kg:AgentlessEvent) is keyed with none.
_EVENT_KEYS = V.PREFIXES + """
SELECT ?g ?e ?actor ?lemma ?target ?negated WHERE {
  { SELECT ?g ?e ?actor WHERE { VALUES ?g { %s }
                                 GRAPH ?g { { ?e kg:actor ?actor } UNION { ?e a kg:AgentlessEvent } } } }
  OPTIONAL { GRAPH ?g { ?e kg:lemma ?lemma } }
  OPTIONAL { GRAPH ?g { ?e kg:negated ?negated } }
  OPTIONAL { GRAPH ?g { ?e kg:target ?target } }
}
"""
_COPIES = f"SELECT ?d ?o WHERE {{ GRAPH <{REPRINT_GRAPH}> {{ ?d <{V.KG}duplicateOf> ?o }} }}"


def refresh_reprints(store: Store, changed: Collection[str] | None = None) -> set[str]:
    """Find the store's reprints again and replace ``graph/reprints``; returns the documents whose events'
    copy marks may have changed.

    Recomputed from the documents' signatures every time, so the result
    does not depend on the order documents came in, and a removed original
    hands its story to the next copy. ``changed``: the documents (graph
    IRIs) written or removed since the last refresh; then only the
    documents of the groups (before or after) with a member written or
    removed are returned, since another group's copy marks are the same;
    default: every document in a group, before or after (adding one
    document to a store of 10,000 reprints re-read them all).
    """
    groups_before = _groups(store)
    docs: list[tuple[str, str]] = []  # (date or "~" for undated, so they sort last; graph IRI)
    arrays = []
    for g, literal, date in store.query(_SIGNATURES, prefixes=False).rows:
        values = signature_array(str(literal))
        if values is not None:
            docs.append((str(date) if date else "~", g))
            arrays.append(values)
    quads: list[ox.Quad] = []
    graph = ox.NamedNode(REPRINT_GRAPH)
    groups = [sorted(docs[i] for i in group) for group in reprint_groups(np.array(arrays))] if arrays else []
    for group in groups:
        original = ox.NamedNode(group[0][1])
        quads.append(ox.Quad(original, ox.NamedNode(V.KG + "copyCount"),
                             ox.Literal(str(len(group)), datatype=ox.NamedNode(V.XSD + "integer")), graph))
        quads += [ox.Quad(ox.NamedNode(g), ox.NamedNode(V.KG + "duplicateOf"), original, graph) for _, g in group[1:]]
    quads += _event_copies(store, groups, graph)
    store.replace_graph(REPRINT_GRAPH, quads)
    after = [frozenset(g for _, g in group) for group in groups]
    if changed is None:
        return {d for group in [*groups_before, *after] for d in group}
    # a group's members, their order and their copy marks change only through a member written or removed
    # (a new copy joins, a removed one or a bridge leaves, a replaced one reports other events)
    changed = set(changed)
    return {d for group in [*groups_before, *after] if group & changed for d in group}


def _groups(store: Store) -> list[frozenset[str]]:
    """The reprint groups as ``graph/reprints`` holds them: each original with its copies."""
    members: dict[str, set[str]] = {}
    for copy, original in store.query(_COPIES, prefixes=False).rows:
        members.setdefault(original, {original}).add(copy)
    return [frozenset(group) for group in members.values()]


def _event_copies(store: Store, groups: list[list[tuple[str, str]]], graph: ox.NamedNode) -> list[ox.Quad]:
    """``kg:copyOf`` from each event of a reprint to the same event in an earlier document of its group."""
    if not groups:
        return []
    rank = {g: (k, position) for k, group in enumerate(groups) for position, (_, g) in enumerate(group)}
    events: dict[tuple, list[tuple[int, str]]] = {}
    graphs = sorted(rank)
    for values in iri_values(graphs):
        for g, e, actor, lemma, target, negated in store.query(_EVENT_KEYS % values, prefixes=False).rows:
            group, position = rank[g]
            events.setdefault((group, actor, lemma, target, str(negated)), []).append((position, e))
    copy_of = ox.NamedNode(V.KG + "copyOf")
    quads = []
    for found in events.values():
        # a document's k-th event with this key repeats the k-th one reported before it; beyond those it is new
        counted: list[str] = []
        for _, occurrences in groupby(sorted(found), key=lambda pe: pe[0]):
            for k, (_, e) in enumerate(occurrences):
                if k < len(counted):
                    quads.append(ox.Quad(ox.NamedNode(e), copy_of, ox.NamedNode(counted[k]), graph))
                else:
                    counted.append(e)
    return sorted(quads, key=str)
