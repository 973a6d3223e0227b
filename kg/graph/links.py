"""Cross-document entity consolidation: prune stale actors, link short names to full ones.

Within a document, :mod:`kg.extract.entities` already links "Noboa" to
"Daniel Noboa" and "SOUTHCOM" to "U.S. Southern Command". Across documents
an article may use only the short form ("BMM", "Brito") while another
defines it. After each build we look at the whole entity graph and record
``owl:sameAs`` from each short-name entity to the single full entity it can
only mean (an alias, a surname, an acronym), in the graph ``graph/links``,
which is recomputed from scratch every time (so it is idempotent and
order-independent). The networkx mirror follows these links.

Entities no document mentions any more (after a document changed or was
removed) are pruned from the entity graph.
"""
from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

import pyoxigraph as ox

from .. import vocab as V
from ..extract.consolidate import NameRow, canonical_links
from ..store.base import Store

__all__ = ["LINK_GRAPH", "SAME_AS", "compute_links", "refresh_links", "prune_entities", "read_links",
           "country_votes", "decide_countries", "reconcile_countries", "votes_read_once"]

LINK_GRAPH = V.ID + "graph/links"
SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"

_ENTITIES = V.PREFIXES + """
SELECT ?a ?label ?type (GROUP_CONCAT(DISTINCT ?alt; SEPARATOR="\\u001f") AS ?aliases)
WHERE { GRAPH <%s> {
  ?a a kg:Actor ; skos:prefLabel ?label ; a ?cls . FILTER(?cls != kg:Actor)
  BIND(STRAFTER(STR(?cls), STR(kg:)) AS ?type)
  OPTIONAL { ?a skos:altLabel ?alt } } }
GROUP BY ?a ?label ?type
""" % V.ENTITY_GRAPH

_UNMENTIONED = V.PREFIXES + """
SELECT ?a WHERE { GRAPH <%s> { ?a a kg:Actor } FILTER NOT EXISTS { GRAPH ?g { ?g kg:mentions ?a } } }
""" % V.ENTITY_GRAPH


def prune_entities(store: Store) -> int:
    """Delete descriptions of actors that no document mentions; returns how many.

    The actors are found first and only theirs deleted: one DELETE ... WHERE
    over every description took 3.7 s at 100k actors, to delete none.
    """
    stale = [a for (a,) in store.query(_UNMENTIONED, prefixes=False).rows]
    for start in range(0, len(stale), 500):
        values = " ".join(f"<{a}>" for a in stale[start:start + 500])
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


# How many documents place each actor in each country (stated and inferred apart): the votes
# that give every actor one country (kg.rdf writes one statement per document and actor).
# One branch per predicate (Oxigraph reads each from its predicate index; a VALUES ?p took 1.7x longer at
# 1M events). A quad is stated once per graph, so COUNT(*) counts documents.
_COUNTRY_VOTES = V.PREFIXES + """
SELECT ?a ?p ?c (COUNT(*) AS ?n)
WHERE { { GRAPH ?g { ?a kg:documentCountry ?c } BIND(kg:documentCountry AS ?p) }
        UNION { GRAPH ?g { ?a kg:documentInferredCountry ?c } BIND(kg:documentInferredCountry AS ?p) } }
GROUP BY ?a ?p ?c
"""
_ENTITY_COUNTRIES = V.PREFIXES + """
SELECT ?a ?p ?c WHERE { VALUES ?p { kg:country kg:inferredCountry } GRAPH <%s> { ?a ?p ?c } }
""" % V.ENTITY_GRAPH


#: Votes already read in a :func:`votes_read_once` block, by store (None outside one).
_REMEMBERED: ContextVar[dict[int, dict[str, Counter]] | None] = ContextVar("kg_country_votes", default=None)


@contextmanager
def votes_read_once() -> Iterator[None]:
    """Read each store's country votes at most once inside the block.

    Why: a writer reads them to reconcile the entity graph's countries and
    again for the event summary's actor table (2-3 s each at 1M events);
    nothing between those two writes a document, so the second reading
    would only repeat the first. Use it only around code that writes no
    document graph.
    """
    token = _REMEMBERED.set({})
    try:
        yield
    finally:
        _REMEMBERED.reset(token)


def country_votes(store: Store) -> dict[str, Counter]:
    """Per actor IRI: ``Counter({(stated?, code): documents})`` (callers must not change it)."""
    memo = _REMEMBERED.get()
    if memo is not None and id(store) in memo:
        return memo[id(store)]
    votes: dict[str, Counter] = {}
    for iri, pred, code, n in store.query(_COUNTRY_VOTES, prefixes=False).rows:
        votes.setdefault(iri, Counter())[(pred == V.KG + "documentCountry", code)] += int(n)
    if memo is not None:
        memo[id(store)] = votes
    return votes


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
    votes = {k: Counter(v) for k, v in votes.items()}
    stated = {k: set(v) for k, v in stated.items()}
    inferred = {k: set(v) for k, v in inferred.items()}
    for short, canonical in sorted(links.items()):
        if types.get(short) != types.get(canonical):
            continue
        votes.setdefault(canonical, Counter()).update(votes.get(short, Counter()))
        stated.setdefault(canonical, set()).update(stated.get(short, set()))
        inferred.setdefault(canonical, set()).update(inferred.get(short, set()))
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


def reconcile_countries(store: Store, rows: list[tuple[str, str, str, list[str]]], links: dict[str, str]) -> int:
    """Write each actor's decided country into the entity graph (replacing "first document wins").

    So SPARQL on ``graph/entities`` shows the country every command shows.
    Only actors whose country changes are written; returns how many.
    """
    stated: dict[str, set[str]] = {}
    inferred: dict[str, set[str]] = {}
    current: dict[str, tuple[str, str]] = {}
    for iri, pred, code in store.query(_ENTITY_COUNTRIES, prefixes=False).rows:
        (stated if pred == V.KG + "country" else inferred).setdefault(iri, set()).add(code)
        current[iri] = (pred, code)
    types = {iri: type_ for iri, _, type_, _ in rows}
    decided = decide_countries(types, stated, inferred, country_votes(store), links)
    inserts = []
    for iri, (code, is_inferred) in sorted(decided.items()):
        if code is None:
            continue
        want = (V.KG + ("inferredCountry" if is_inferred else "country"), code)
        have = current.get(iri)
        if have == want and len(stated.get(iri, ())) + len(inferred.get(iri, ())) == 1:
            continue
        inserts.append(f'<{iri}> <{want[0]}> "{code}" .')
    for k in range(0, len(inserts), 200):
        batch = range(k, min(k + 200, len(inserts)))
        subjects = " ".join(inserts[i].split(" ", 1)[0] for i in batch)
        store.update(V.PREFIXES + f"""
DELETE {{ GRAPH <{V.ENTITY_GRAPH}> {{ ?a ?p ?c }} }}
WHERE {{ VALUES ?a {{ {subjects} }} GRAPH <{V.ENTITY_GRAPH}> {{ ?a ?p ?c }} FILTER(?p IN (kg:country, kg:inferredCountry)) }} ;
INSERT DATA {{ GRAPH <{V.ENTITY_GRAPH}> {{ {" ".join(inserts[i] for i in batch)} }} }}""", allow_service=True)
    return len(inserts)


def read_links(store: Store) -> dict[str, str]:
    """The ``owl:sameAs`` links recorded by the last build (IRI -> canonical IRI)."""
    q = f"SELECT ?a ?b WHERE {{ GRAPH <{LINK_GRAPH}> {{ ?a <{SAME_AS}> ?b }} }}"
    return {a: b for a, b in store.query(q, prefixes=False).rows}


def refresh_links(store: Store) -> dict[str, str]:
    """Prune stale actors, recompute the link graph and store it; returns the links.

    The link graph is written last: replacing it removes the "links stale"
    marker (:mod:`kg.ingest.maintenance`), so a run killed before that point, even
    while the countries are being reconciled, leaves the marker and the next
    build redoes all of this (found by the SIGKILL test: countries written
    after the marker was gone were lost for good).
    """
    prune_entities(store)
    rows = [(iri, label, type_, [a for a in (aliases or "").split("\x1f") if a])
            for iri, label, type_, aliases in store.query(_ENTITIES, prefixes=False).rows]
    links = compute_links(rows)
    reconcile_countries(store, rows, links)
    graph = ox.NamedNode(LINK_GRAPH)
    quads = [ox.Quad(ox.NamedNode(a), ox.NamedNode(SAME_AS), ox.NamedNode(b), graph) for a, b in sorted(links.items())]
    store.replace_graph(LINK_GRAPH, quads)
    return links
