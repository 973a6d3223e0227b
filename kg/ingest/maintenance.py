"""Keep a store consistent across builds, removals and crashes: ``kg remove`` and the link-graph state.

Cross-document state (the pruned entity graph and the ``owl:sameAs`` links
of :mod:`kg.graph.links`) is derived from the documents after every change. A
build or removal that dies between changing documents and refreshing that
state must not leave it stale for good, so every change first records a
marker quad in the link graph, in the same transaction as (or before) the
change itself; :func:`kg.graph.links.refresh_links` replaces the link graph in
one transaction, which removes the marker. A build that finds the marker
refreshes the links even when no document changed.
"""
from __future__ import annotations

import difflib
import logging
from collections.abc import Callable, Collection, Iterable

import pyoxigraph as ox

from .. import vocab as V
from ..graph.actor_cache import ActorChange
from ..graph.links import LINK_GRAPH, refresh_links
from ..store.base import Store, document_ids, hashes_of, insert_data

__all__ = ["LINKS_STALE", "close_matches", "links_pending", "mark_links_stale", "refresh_derived", "remove_documents"]

#: Marker quad: documents changed since the links were last computed.
LINKS_STALE = ox.Quad(ox.NamedNode(LINK_GRAPH), ox.NamedNode(V.KG + "linksStale"),
                      ox.Literal("true", datatype=ox.NamedNode(V.XSD + "boolean")), ox.NamedNode(LINK_GRAPH))

_log = logging.getLogger(__name__)


def links_pending(store: Store) -> bool:
    """True if documents changed since the links and the entity graph were last refreshed."""
    q = f"ASK {{ GRAPH {LINKS_STALE.graph_name} {{ {LINKS_STALE.subject} {LINKS_STALE.predicate} ?v }} }}"
    return bool(store.query(q, prefixes=False).boolean)


def mark_links_stale(store: Store) -> None:
    """Record (in one transaction) that the links must be refreshed."""
    store.update(insert_data([LINKS_STALE]))


def refresh_derived(store: Store, change: ActorChange | None = None,
                    documents: Collection[str] | None = None) -> set[str]:
    """After documents changed: describe the touched actors again (``change.touched``; no change or None:
    all), find reprints, relink (``change.after`` is then the actors as they now are).

    The links come last: replacing their graph clears the "links stale"
    marker, so a run killed anywhere before that redoes all three next time.
    Returns the documents (graph IRIs) whose events' reprint marks may have
    changed, which the event summary reads again. ``documents``: the graph
    IRIs written or removed (then only their reprint groups' documents are
    returned; None: every document in a group).
    """
    from ..graph.reprints import refresh_reprints
    from ..graph.actor_cache import said_of
    from .entities import rebuild_entities

    if change is not None and change.followable():  # the widely named from the kept counts, the others read
        kept = change.count(store)[1]
        read = said_of(store, sorted(set(change.touched or ()) - kept.keys()))
        rebuild_entities(store, change.touched, said={**kept, **read})
        change.settle(read)
    else:
        rebuild_entities(store, None if change is None else change.touched)
    regrouped = refresh_reprints(store, documents)
    refresh_links(store, change)
    return regrouped


#: Unknown ids ``remove_documents`` suggests a known id for: one suggestion compares the id with every
#: id in the store (1.4 s at 100,000 documents): a list of 50 ids already removed took 70 s.
SUGGESTED_IDS = 3


def close_matches(doc_id: str, known: Iterable[str], n: int = 3) -> list[str]:
    """Known document ids a mistyped ``doc_id`` may mean: ids containing it first, then similar ones.

    >>> close_matches("coast-guard", ["2026-01-05-coast-guard-seizure", "fishermen-protest"])
    ['2026-01-05-coast-guard-seizure']
    """
    known = sorted(known)
    containing = [k for k in known if doc_id and doc_id in k]
    similar = difflib.get_close_matches(doc_id, known, n=n, cutoff=0.6)
    return list(dict.fromkeys([*containing, *similar]))[:n]


def remove_documents(store: Store, doc_ids: Iterable[str], *,
                     on_unknown: Callable[[str, list[str]], None] | None = None,
                     curation: str | None = None) -> int:
    """Delete documents' named graphs, prune actors no longer mentioned, refresh the links and the summary.

    All named documents are dropped in one transaction (with the link-graph
    marker), so a crash leaves either all of them or none; the refresh that
    follows is re-run by the next build or removal if the process dies first.

    Parameters
    ----------
    store : Store
        A store opened for writing.
    doc_ids : iterable of str
        Document ids as ``kg build`` gave them (see ``kg query`` on ``dct:identifier``).
    on_unknown : callable, optional
        Called as ``on_unknown(doc_id, close_matches)`` for each id the store
        does not hold (close matches for the first :data:`SUGGESTED_IDS` of them
        only); by default a warning is logged on ``kg.ingest.maintenance``.
    curation : str, optional
        A shared curation ledger (default: the store's own), applied again afterwards.

    Returns
    -------
    int
        How many documents were removed.

    Examples
    --------
    >>> from kg.store import open_store
    >>> with open_store("memory") as store:
    ...     remove_documents(store, ["nothing"], on_unknown=lambda d, m: None)
    0
    """
    from ..graph.actor_cache import document_said, document_votes
    from ..graph.curation import refresh_curation
    from ..graph.summary import read_before_write, refresh_summary

    asked = list(dict.fromkeys(doc_ids))
    held = hashes_of(store, asked)  # looked up by id, not by reading every document's
    known: list[str] | None = None  # every id, read only to suggest one for a mistyped id
    present: list[str] = []
    suggested = 0
    for doc_id in asked:
        if doc_id in held:
            present.append(doc_id)
            continue
        matches: list[str] = []
        if suggested < SUGGESTED_IDS:  # each suggestion compares the id with every id in the store
            known = document_ids(store) if known is None else known
            matches = close_matches(doc_id, known)
            suggested += 1
        if on_unknown is not None:
            on_unknown(doc_id, matches)
        else:
            hint = f"; did you mean {', '.join(map(repr, matches))}?" if matches else ""
            _log.warning("no document %r in the store%s", doc_id, hint)
    from .entities import mentioned_by

    pending = links_pending(store)
    if not present and not pending:  # nothing to remove (a mistyped id): no derived data read, none changed
        refresh_curation(store, curation)
        refresh_summary(store)
        return 0
    # the events per document (to drop the removed ones'), the actors' descriptions and votes, and the table
    before, actors_before, previous = read_before_write(store)
    touched = mentioned_by(store, present) if present else set()
    changed = {V.doc_iri(d) for d in present}
    gone = document_votes(store, changed) if actors_before is not None else {}
    gone_said = document_said(store, changed) if actors_before is not None else {}
    if present:
        drops = "".join(f"DROP SILENT GRAPH <{V.doc_iri(d)}> ;\n" for d in present)
        store.update(drops + insert_data([LINKS_STALE]))
    change = ActorChange(actors_before, None if pending else touched, gone, gone_said=gone_said)
    if present or pending:
        # the removed documents' actors are described again from the documents that remain
        changed |= refresh_derived(store, change, None if pending else set(changed))
    refresh_curation(store, curation)
    refresh_summary(store, before, changed, change.after or actors_before, previous)
    return len(present)
