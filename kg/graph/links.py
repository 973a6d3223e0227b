"""Cross-document entity consolidation: prune stale actors, link short names to full ones.

Within a document, :mod:`kg.extract.entities` already links "Noboa" to
"Daniel Noboa" and "SOUTHCOM" to "U.S. Southern Command". Across documents
an article may use only the short form ("BMM", "Brito") while another
defines it. After each build we look at the whole entity graph and record
``owl:sameAs`` from each short-name entity to the single full entity it can
only mean (an alias, a surname, an acronym), in the graph ``graph/links``.
The links are always those of linking every actor at once (so they are
idempotent and order-independent); after a change only the blocks of names
it can affect are linked again (:mod:`kg.graph.relink`). The networkx mirror
follows these links.

Entities no document mentions any more (after a document changed or was
removed) are pruned from the entity graph.
"""
from __future__ import annotations

import logging
import sqlite3
from collections import Counter
from typing import Collection

import pyoxigraph as ox

from .. import vocab as V
from ..extract.consolidate import NameRow, canonical_links
from ..store.base import Store, iri_values
from .actor_cache import ActorCache, ActorChange
from .link_index import build_link_index, open_link_index
from .relink import relink

__all__ = ["LINK_GRAPH", "SAME_AS", "compute_links", "refresh_links", "prune_entities", "read_links",
           "decide_countries", "reconcile_countries"]

LINK_GRAPH = V.ID + "graph/links"
SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
_log = logging.getLogger(__name__)

_UNMENTIONED = V.PREFIXES + """
SELECT ?a WHERE { GRAPH <%s> { ?a a kg:Actor } FILTER NOT EXISTS { GRAPH ?g { ?g kg:mentions ?a } } }
""" % V.ENTITY_GRAPH
_UNMENTIONED_AMONG = V.PREFIXES + """
SELECT ?a WHERE { { SELECT ?a WHERE { VALUES ?a { %s } GRAPH <""" + V.ENTITY_GRAPH + """> { ?a a kg:Actor } } }
                  FILTER NOT EXISTS { GRAPH ?g { ?g kg:mentions ?a } } }
"""


def prune_entities(store: Store, among: Collection[str] | None = None) -> int:
    """Delete descriptions of actors that no document mentions; returns how many.

    The actors are found first and only theirs deleted: one DELETE ... WHERE
    over every description took 3.7 s at 100k actors, to delete none.
    ``among``: look only at these actors (those a change touched: only a
    removed or replaced document's actors can lose their last mention).
    """
    if among is None:
        stale = [a for (a,) in store.query(_UNMENTIONED, prefixes=False).rows]
    else:
        stale = []
        for values in iri_values(sorted(among)):
            stale += [a for (a,) in store.query(_UNMENTIONED_AMONG % values, prefixes=False, allow_service=True).rows]
    for values in iri_values(stale):
        store.update(f"DELETE {{ GRAPH <{V.ENTITY_GRAPH}> {{ ?a ?p ?o }} }} "
                     f"WHERE {{ VALUES ?a {{ {values} }} GRAPH <{V.ENTITY_GRAPH}> {{ ?a ?p ?o }} }}", allow_service=True)
    return len(stale)


def compute_links(rows: list[tuple[str, str, str, list[str]]]) -> dict[str, str]:
    """Map variant entity IRIs to the one entity they denote (the rules of
    :func:`kg.extract.consolidate.canonical_links`, so ``kg extract`` and the store agree).

    ``rows`` are ``(iri, label, type, aliases)``.

    >>> compute_links([("p1", "Carlos Brito", "Person", []), ("p2", "Brito", "Organization", [])])
    {'p2': 'p1'}
    """
    return canonical_links(NameRow(iri, label, type_, set(aliases)) for iri, label, type_, aliases in rows)


def decide_countries(types: dict[str, str], stated: dict[str, set[str]], inferred: dict[str, set[str]],
                     votes: dict[str, Counter], links: dict[str, str]) -> dict[str, tuple[str | None, bool]]:
    """One country per actor IRI: ``(code or None, inferred?)``, the same rule everywhere.

    A country any document states beats one only inferred; then the most
    documents win; ties go to the country the entity description holds, then
    code order. A variant linked to an actor of the same type votes for it
    (a place "Lima" linked to Domingos Lima does not). Without votes (a store
    written before per-document statements) the description's own country.

    >>> decide_countries({"a": "Person"}, {}, {}, {"a": Counter({(False, "SEN"): 2, (True, "CPV"): 1})}, {})
    {'a': ('CPV', False)}
    """
    votes, stated, inferred = dict(votes), dict(stated), dict(inferred)  # only the canonical actors' entries
    for short, canonical in sorted(links.items()):                     # are replaced, never changed in place
        if types.get(short) != types.get(canonical):
            continue
        votes[canonical] = Counter(votes.get(canonical, ())) + Counter(votes.get(short, ()))
        stated[canonical] = set(stated.get(canonical, ())) | set(stated.get(short, ()))
        inferred[canonical] = set(inferred.get(canonical, ())) | set(inferred.get(short, ()))
    out: dict[str, tuple[str | None, bool]] = {}
    for iri in types:
        pool = stated.get(iri) or inferred.get(iri) or set()
        if votes.get(iri):
            (is_stated, code), _ = max(votes[iri].items(), key=lambda kv: (
                kv[0][0], kv[1], kv[0][1] in pool, [-ord(ch) for ch in kv[0][1]]))
            out[iri] = (code, not is_stated)
        elif pool:
            out[iri] = (min(pool), not stated.get(iri))
        else:
            out[iri] = (None, False)
    return out


def reconcile_countries(store: Store, actors: ActorCache, links: dict[str, str],
                        only: Collection[str] | None = None) -> int:
    """Write each actor's decided country into the entity graph (replacing "first document wins").

    So SPARQL on ``graph/entities`` shows the country every command shows.
    Only actors whose country changes are written (and recorded in
    ``actors``); returns how many. ``only``: decide just these actors (the
    others' descriptions, votes and links are as the last reconciling left them).
    """
    if only is None:
        descriptions = actors.descriptions
    else:  # the actors asked for and the short names whose votes they take
        wanted = set(only) | {short for short, full in links.items() if full in only}
        descriptions = {iri: actors.descriptions[iri] for iri in wanted if iri in actors.descriptions}
    stated = {iri: set(d.stated) for iri, d in descriptions.items() if d.stated}
    inferred = {iri: set(d.inferred) for iri, d in descriptions.items() if d.inferred}
    types = {iri: d.type for iri, d in descriptions.items() if d.label is not None and d.type is not None}
    decided = decide_countries(types, stated, inferred, actors.votes, links)
    if only is not None:
        decided = {iri: decision for iri, decision in decided.items() if iri in only}
    inserts, written = [], []
    for iri, (code, is_inferred) in sorted(decided.items()):
        if code is None:
            continue
        d = actors.descriptions[iri]
        if (d.inferred, d.stated) == (((code,), ()) if is_inferred else ((), (code,))):
            continue  # already the one country statement it should be
        predicate = V.KG + ("inferredCountry" if is_inferred else "country")
        inserts.append(f'<{iri}> <{predicate}> "{code}" .')
        written.append((iri, code, is_inferred))
    for k in range(0, len(inserts), 200):
        batch = range(k, min(k + 200, len(inserts)))
        subjects = " ".join(inserts[i].split(" ", 1)[0] for i in batch)
        store.update(V.PREFIXES + f"""
DELETE {{ GRAPH <{V.ENTITY_GRAPH}> {{ ?a ?p ?c }} }}
WHERE {{ VALUES ?a {{ {subjects} }} GRAPH <{V.ENTITY_GRAPH}> {{ ?a ?p ?c }} FILTER(?p IN (kg:country, kg:inferredCountry)) }} ;
INSERT DATA {{ GRAPH <{V.ENTITY_GRAPH}> {{ {" ".join(inserts[i] for i in batch)} }} }}""", allow_service=True)
        for i in batch:
            actors.set_country(*written[i])
    return len(inserts)


def _all_links(store: Store, actors: ActorCache) -> dict[str, str]:
    """Every actor linked, and the link index built again (its token given to ``actors``)."""
    rows = actors.entity_rows()
    links = compute_links(rows)
    try:
        index = build_link_index(store, ((iri, (label, type_, tuple(aliases))) for iri, label, type_, aliases in rows))
        actors.token = index.commit() if index is not None else None
        if index is not None:
            index.close()
    except (sqlite3.Error, OSError) as exc:  # no index: the next change links every actor again
        _log.warning("could not write the link index (%s); the next change links every actor again", exc)
        actors.token = None
    return links


def _followed_links(store: Store, before: ActorCache, after: ActorCache, links: dict[str, str]) -> dict[str, str]:
    """The links after a change, relinking only the actors it can affect (:mod:`kg.graph.relink`) when the
    link index matches the actor cache; else every actor."""
    index = open_link_index(store, before.token)
    if index is None:
        return _all_links(store, after)
    try:
        changed = {iri: was for iri in after.changed if (was := before.link_row(iri)) != after.link_row(iri)}
        index.update({iri: after.link_row(iri) for iri in changed})
        limit = max(1000, len(after.descriptions) // 4)  # beyond: linking everything costs no more
        found = relink(index, after.link_row, changed, links, compute_links, limit)
        if found is not None:
            after.token = index.commit()
            return found
    except sqlite3.Error as exc:  # a damaged index: built again
        _log.warning("ignoring the link index (%s); linking every actor", exc)
    finally:
        index.close()
    return _all_links(store, after)


def read_links(store: Store) -> dict[str, str]:
    """The ``owl:sameAs`` links recorded by the last build (IRI -> canonical IRI)."""
    q = f"SELECT ?a ?b WHERE {{ GRAPH <{LINK_GRAPH}> {{ ?a <{SAME_AS}> ?b }} }}"
    return {a: b for a, b in store.query(q, prefixes=False).rows}


def refresh_links(store: Store, change: ActorChange | None = None) -> dict[str, str]:
    """Prune stale actors, recompute the link graph and store it; returns the links.

    ``change``: what the writer changed; when it holds the actor cache the
    writer found (:mod:`kg.graph.actor_cache`), only the touched actors are
    pruned and read again, and ``change.after`` is set to the actors as
    they now are (for the event summary); else every actor is read.

    The link graph is written last: replacing it removes the "links stale"
    marker (:mod:`kg.ingest.maintenance`), so a run killed before that point, even
    while the countries are being reconciled, leaves the marker and the next
    build redoes all of this (found by the SIGKILL test: countries written
    after the marker was gone were lost for good).
    """
    only = None  # the actors whose country is decided again (None: all)
    if change is not None and change.followable():
        prune_entities(store, among=change.touched)
        actors = change.before.follow(store, change)
        before = read_links(store)
        links = _followed_links(store, change.before, actors, before)
        # a country decision changes only with the actor's own description or votes, or a short name's
        moved = {a for a in before.keys() | links.keys() if before.get(a) != links.get(a)}
        only = {n for iri in actors.changed | moved for n in (iri, before.get(iri), links.get(iri)) if n is not None}
    else:
        prune_entities(store)
        actors = ActorCache.read(store)
        links = _all_links(store, actors)
    reconcile_countries(store, actors, links, only)
    graph = ox.NamedNode(LINK_GRAPH)
    quads = [ox.Quad(ox.NamedNode(a), ox.NamedNode(SAME_AS), ox.NamedNode(b), graph) for a, b in sorted(links.items())]
    store.replace_graph(LINK_GRAPH, quads)
    if change is not None:
        change.after = actors
    return links
