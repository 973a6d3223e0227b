"""The actor-pair summary: the weighted actor graph, materialised next to an on-disk store.

Why: centrality needs only "how many events from actor A to actor B", but
counting that with SPARQL means joining and grouping every event and then
decoding two IRIs per actor pair. On the 100k-actor / 1M-event benchmark
graph that is ~13 s of Oxigraph work (the grouping itself is ~3 s; the rest
is turning internal ids back into IRI strings) before networkx sees an
edge. The answer changes only when documents change, so writers compute it
once, at the end of ``kg build`` and ``kg remove``, and readers load it in
well under a second.

What is stored (``<store>/kg-summary.npz``, a NumPy archive read with
``allow_pickle=False``): the unfiltered graph of
:func:`kg.graph.to_weighted_digraph` — nodes in order with their
attributes (JSON), edges as index arrays with float weights — and a format
version.

Why it is never stale: every write through :class:`kg.store.KgStore`
deletes the file before touching the data, and writers save a new one (to
a temporary file, then an atomic rename) only after their last write. A
store without a summary — in memory, on a SPARQL endpoint, after
``kg query --update``, or written by an older kg — is simply aggregated
with SPARQL again, with the same result.
"""
from __future__ import annotations

import json
import logging
import os
import zipfile
from pathlib import Path

import networkx as nx
import numpy as np

from .store import KgStore

__all__ = ["FORMAT_VERSION", "read_summary", "refresh_summary", "write_summary"]

#: Bumped whenever the archive layout or the meaning of a node attribute changes.
FORMAT_VERSION = 1

_log = logging.getLogger(__name__)


def _path(store: object) -> Path | None:
    return store.summary_path if isinstance(store, KgStore) else None


def refresh_summary(store: object) -> Path | None:
    """Count the store's actor pairs with SPARQL and save the summary, if the store keeps one and lacks it.

    Writers call this after their last write (``kg build``, ``kg remove``);
    a summary that exists is current, since every write deletes it.
    """
    path = _path(store)
    if path is None or store.read_only or path.exists():  # type: ignore[union-attr]
        return None
    from .graph import aggregate_digraph

    return write_summary(store, aggregate_digraph(store))  # type: ignore[arg-type]


def write_summary(store: KgStore, D: nx.DiGraph) -> Path | None:
    """Save ``D``, the store's unfiltered weighted actor graph, as its summary.

    Only for an on-disk store opened for writing, after its last write
    (a later write deletes the file again). Returns the file written, or
    None when the store keeps no summary.
    """
    path = _path(store)
    if path is None or store.read_only:
        return None
    nodes = list(D)
    index = {node: i for i, node in enumerate(nodes)}
    src, dst, weight = [], [], []
    for u, nbrs in D.adjacency():
        i = index[u]
        for v, data in nbrs.items():
            src.append(i)
            dst.append(index[v])
            weight.append(data.get("weight", 1.0))
    meta = {"version": FORMAT_VERSION, "nodes": [[n, D.nodes[n]] for n in nodes]}
    tmp = path.with_name("." + path.name + ".tmp")
    with open(tmp, "wb") as handle:
        np.savez(handle, meta=np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), dtype=np.uint8),
                 src=np.asarray(src, dtype=np.int64), dst=np.asarray(dst, dtype=np.int64),
                 weight=np.asarray(weight, dtype=np.float64))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    return path


def read_summary(store: object) -> nx.DiGraph | None:
    """The store's unfiltered weighted actor graph from its summary, or None if there is none to trust."""
    path = _path(store)
    if path is None:
        return None
    try:
        with np.load(path, allow_pickle=False) as archive:
            meta = json.loads(archive["meta"].tobytes().decode("utf-8"))
            src, dst, weight = archive["src"], archive["dst"], archive["weight"]
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:  # damaged: aggregate again
        _log.warning("ignoring the analysis summary %s (%s); using SPARQL instead", path, exc)
        return None
    if not isinstance(meta, dict) or meta.get("version") != FORMAT_VERSION:
        return None  # another kg's format: aggregate again (the next build rewrites it)
    try:
        nodes = [(str(node), dict(data)) for node, data in meta["nodes"]]
    except (KeyError, TypeError, ValueError):
        nodes = None
    ids = [node for node, _ in nodes or ()]
    if nodes is None or not (len(src) == len(dst) == len(weight)) or (len(src) and not (
            0 <= min(src.min(), dst.min()) and max(src.max(), dst.max()) < len(ids))):
        _log.warning("ignoring the analysis summary %s (inconsistent arrays); using SPARQL instead", path)
        return None
    D = nx.DiGraph()
    D.add_nodes_from(nodes)
    name = ids.__getitem__
    D.add_weighted_edges_from(zip(map(name, src.tolist()), map(name, dst.tolist()), weight.tolist()))
    return D
