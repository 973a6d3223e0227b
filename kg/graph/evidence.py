"""The events behind the graph's edges, with their evidence: what each document says, sentence by sentence.

Why apart from the event table: counting events needs five columns, but a
graph page, an ego network, an export or ``kg events`` shows each event's
action, document, sentence and evidence text, which is far more to read.
So the table decides which actor pairs a view shows; this module reads the
events of only those pairs (or of every pair when the view shows all),
applying the same event filter (:meth:`kg.graph.filter.GraphFilter.keeps_event`).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Collection, Container, Iterable, Iterator

import networkx as nx
import numpy as np

from .. import vocab as V
from ..heap import paused_gc
from ..processes import usable_cpus
from ..store.base import Store, iri_values
from .filter import GraphFilter
from .reprints import REPRINT_GRAPH

if TYPE_CHECKING:  # pragma: no cover
    from .event_rows import EventRows

__all__ = ["read_events", "read_pair_events", "read_place_events", "event_multigraph"]

# Every property of an event in its own sub-SELECT, joined on ?e: Oxigraph then hash-joins
# whole-predicate scans instead of looking each event up eight times (2x faster at 100k events,
# same rows). An event IRI lives in exactly one document graph, so ?g only joins actor and docid.
_EVENTS_TEMPLATE = V.PREFIXES + """
SELECT ?e ?actor ?target ?text ?lemma ?cat ?date ?negated ?conf ?sent ?evidence ?docid ?copied
WHERE {
  { SELECT ?e ?actor ?g WHERE { %(actors)s GRAPH ?g { ?e kg:actor ?actor } } }
  { SELECT ?e WHERE { GRAPH ?g { ?e a kg:Event } } }
  { SELECT ?e ?text WHERE { GRAPH ?g { ?e kg:actionText ?text } } }
  { SELECT ?e ?lemma WHERE { GRAPH ?g { ?e kg:lemma ?lemma } } }
  { SELECT ?e ?negated WHERE { GRAPH ?g { ?e kg:negated ?negated } } }
  { SELECT ?e ?conf WHERE { GRAPH ?g { ?e kg:confidence ?conf } } }
  { SELECT ?e ?sent WHERE { GRAPH ?g { ?e kg:sentenceIndex ?sent } } }
  { SELECT ?e ?evidence WHERE { GRAPH ?g { ?e kg:evidence ?evidence } } }
  %(optional)s { SELECT ?e ?target WHERE { %(targets)s GRAPH ?g { ?e kg:target ?target } } }
  OPTIONAL { SELECT ?e ?cat WHERE { GRAPH ?g { ?e kg:category ?cat } } }
  OPTIONAL { SELECT ?e ?date WHERE { GRAPH ?g { ?e kg:date ?date } } }
  OPTIONAL { SELECT ?e ?copied WHERE { GRAPH <%(reprints)s> { ?e kg:copyOf ?copied } } }
  { SELECT ?g ?docid WHERE { GRAPH ?g { ?g dct:identifier ?docid } } }
}
"""
#: Every event (``OPTIONAL`` target: events without one still count as mentions).
_EVENTS = _EVENTS_TEMPLATE % {"actors": "", "targets": "", "optional": "OPTIONAL", "reprints": REPRINT_GRAPH}


def _events_among(actors: dict[str, dict], links: dict[str, str], ids: set[str]) -> str:
    """:data:`_EVENTS` for the events between the actors with these entity ids (short names included)."""
    iris = sorted(iri for iri, data in actors.items() if data["id"] in ids)
    iris += sorted(short for short, full in links.items() if actors[full]["id"] in ids)
    values = "VALUES ?%s { " + (" ".join(f"<{iri}>" for iri in iris) or f"<{V.ID}none>") + " }"
    return _EVENTS_TEMPLATE % {"actors": values % "actor", "targets": values % "target", "optional": "",
                               "reprints": REPRINT_GRAPH}


def read_events(store: Store, actors: dict[str, dict], links: dict[str, str], flt: GraphFilter, *,
                among: Collection[str] | None = None) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """``(actor id, target id, event IRI, attributes)`` of the targeted events ``flt`` keeps.

    ``among`` (entity ids): only events from one of these actors to another,
    looked up by the store instead of reading every event. Short names are
    merged as in :func:`kg.graph.actors.actor_table`.
    """
    query = _EVENTS if among is None else _events_among(actors, links, set(among))
    # kg's own query (IRIs it wrote into VALUES): no SERVICE to look for in a possibly huge text
    return _kept(store.query(query, prefixes=False, allow_service=True).rows, actors, links, flt)


# The IRIs of the events from (or to) some actors, with their graphs. One row per actor on the embedded
# store (each actor's events as one text, so Oxigraph decodes far fewer terms: 234k events of 269 actors
# of a 1M-event store in 1.1 s, 3.3 s as one row per event); one row per event on a server, which may cut
# GROUP_CONCAT short.
_ENDS_CONCAT = V.PREFIXES + """
SELECT ?x (GROUP_CONCAT(CONCAT(STR(?e), " ", STR(?g)); SEPARATOR=" ") AS ?events)
WHERE { { SELECT ?x ?e ?g WHERE { VALUES ?x { %s } GRAPH ?g { ?e kg:%s ?x } } } } GROUP BY ?x
"""
_ENDS_ROWS = V.PREFIXES + "SELECT ?x ?e ?g WHERE { VALUES ?x { %s } GRAPH ?g { ?e kg:%s ?x } }"
# The events' properties looked up event by event: the (event, graph) pairs come from a sub-SELECT, so
# Oxigraph follows them into its indexes (23.7k events of a 1M-event store: 2.2 s; the same VALUES beside
# the graph patterns made it scan whole predicates, 60 s).
_EVENTS_BY_IRI = V.PREFIXES + """
SELECT ?e ?actor ?target ?text ?lemma ?cat ?date ?negated ?conf ?sent ?evidence ?docid ?copied
WHERE {
  { SELECT ?e ?g WHERE { VALUES (?e ?g) { %s } } }
  OPTIONAL { GRAPH ?g { ?e kg:actor ?actor } }
  OPTIONAL { GRAPH ?g { ?e kg:target ?target } }
  OPTIONAL { GRAPH ?g { ?e kg:actionText ?text } }
  OPTIONAL { GRAPH ?g { ?e kg:lemma ?lemma } }
  OPTIONAL { GRAPH ?g { ?e kg:negated ?negated } }
  OPTIONAL { GRAPH ?g { ?e kg:confidence ?conf } }
  OPTIONAL { GRAPH ?g { ?e kg:sentenceIndex ?sent } }
  OPTIONAL { GRAPH ?g { ?e kg:evidence ?evidence } }
  OPTIONAL { GRAPH ?g { ?e kg:category ?cat } }
  OPTIONAL { GRAPH ?g { ?e kg:date ?date } }
  OPTIONAL { GRAPH ?g { ?g dct:identifier ?docid } }
  OPTIONAL { GRAPH <%s> { ?e kg:copyOf ?copied } }
}
"""
# The same properties of the events between given (actor, target) IRIs in given documents: the (graph,
# actor, target) triples from a sub-SELECT, each one index lookup, then the lookups above (17.9k events of
# a 1M-event store: 2.4 s, against 1.3 s to find them and 1.9 s to read them in two queries).
_EVENTS_IN_DOCUMENTS = _EVENTS_BY_IRI.replace(
    "{ SELECT ?e ?g WHERE { VALUES (?e ?g) { %s } } }",
    "{ SELECT ?e ?g ?actor ?target WHERE { { SELECT ?g ?actor ?target WHERE { VALUES (?g ?actor ?target) { %s } } }\n"
    "                                      GRAPH ?g { ?e kg:actor ?actor ; kg:target ?target } } }").replace(
    "  OPTIONAL { GRAPH ?g { ?e kg:actor ?actor } }\n  OPTIONAL { GRAPH ?g { ?e kg:target ?target } }\n", "")
_BATCH = 5000
#: Columns of :data:`_EVENTS_BY_IRI` every event has: actor, text, lemma, negated, confidence, sentence, evidence, document.
_REQUIRED = (1, 3, 4, 7, 8, 9, 10, 11)


def _event_ends(store: Store, predicate: str, iris: list[str]) -> dict[str, dict[str, str]]:
    """Per actor IRI: its events as ``actor`` (or ``target``), event IRI -> document graph IRI."""
    found: dict[str, dict[str, str]] = {}
    for values in iri_values(iris):
        if store.full_group_concat:
            for x, events in store.query(_ENDS_CONCAT % (values, predicate), prefixes=False, allow_service=True).rows:
                tokens = (events or "").split(" ")
                found.setdefault(x, {}).update(zip(tokens[0::2], tokens[1::2]))
        else:
            for x, e, g in store.query(_ENDS_ROWS % (values, predicate), prefixes=False, allow_service=True).rows:
                found.setdefault(x, {})[e] = g
    return found


def read_pair_events(store: Store, actors: dict[str, dict], links: dict[str, str], flt: GraphFilter,
                     pairs: Collection[tuple[str, str]], rows: "EventRows | None" = None,
                     ) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """What :func:`read_events` yields, for the events of these ``(actor id, target id)`` pairs only.

    Why: a page of 500 actors of a big store draws only its heaviest links
    (:func:`kg.views.edges.top_pairs`); the events between all its actors
    are several times more (72k against 24k at a million events). Only the
    pairs' events are found, and only their properties read. ``rows``: the
    store's events counted per document (:func:`kg.graph.summary.read_rows`),
    which say in which documents each pair's events are, so they are looked
    up there with their properties in one query (2.4 s for 17.9k events at a
    million); without them (a SPARQL server's store), the events from the
    pairs' actors and to their targets are found by IRI and intersected (5 s).
    """
    iris_of: dict[str, list[str]] = {}
    for iri, data in actors.items():
        iris_of.setdefault(data["id"], []).append(iri)
    for short, full in links.items():
        if full in actors:
            iris_of.setdefault(actors[full]["id"], []).append(short)
    pairs = {(u, v) for u, v in pairs if u in iris_of and v in iris_of}
    if rows is not None and len(rows.doc) and int(rows.doc.min()) >= 0:
        places = _pair_places(rows, {(a, t) for u, v in pairs for a in iris_of[u] for t in iris_of[v]})
        yield from read_place_events(store, actors, links, flt, places)
        return
    ordered = sorted(_pair_events_by_actor(store, pairs, iris_of).items())
    for start in range(0, len(ordered), _BATCH):
        values = " ".join(f"(<{e}> <{g}>)" for e, g in ordered[start:start + _BATCH])
        rows = store.query(_EVENTS_BY_IRI % (values, REPRINT_GRAPH), prefixes=False, allow_service=True).rows
        # every event kg writes has these; the whole-store query requires them too
        yield from _kept((row for row in rows if all(row[i] is not None for i in _REQUIRED)), actors, links, flt)


def read_place_events(store: Store, actors: dict[str, dict], links: dict[str, str], flt: GraphFilter,
                      places: list[tuple[str, str, str]]) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """What :func:`read_events` yields, for the events from one actor IRI to one target IRI in one document
    graph: ``places`` are ``(document graph IRI, actor IRI, target IRI)``, each one index lookup."""
    queries = [_EVENTS_IN_DOCUMENTS % (" ".join(f"(<{g}> <{a}> <{t}>)" for g, a, t in batch), REPRINT_GRAPH)
               for batch in _batches(places)]
    for found in _concurrently(store, queries):
        yield from _kept((row for row in found if all(row[i] is not None for i in _REQUIRED)), actors, links, flt)


def _batches(items: list, size: int = _BATCH) -> list[list]:
    """``items`` cut into batches of at most ``size``, at least one per CPU this process may use."""
    cpus = usable_cpus()
    size = max(1, min(size, -(-len(items) // max(1, cpus))))
    return [items[start:start + size] for start in range(0, len(items), size)]


def _concurrently(store: Store, queries: list[str]) -> Iterator[list[list]]:
    """The rows of each query, in order, the queries run by one thread per CPU.

    Why threads: the embedded Oxigraph evaluates a query without holding
    Python's lock, so two queries run on two cores at once (the 17.9k events
    of a 500-actor page of a million-event store: 3.6 s one after the
    other, 1.8 s two at a time).
    """
    if len(queries) < 2:
        yield from (store.query(q, prefixes=False, allow_service=True).rows for q in queries)
        return
    from concurrent.futures import ThreadPoolExecutor

    cpus = usable_cpus()
    with ThreadPoolExecutor(max_workers=min(cpus, len(queries)), thread_name_prefix="kg-events") as pool:
        yield from pool.map(lambda q: store.query(q, prefixes=False, allow_service=True).rows, queries)


def _pair_events_by_actor(store: Store, pairs: set[tuple[str, str]], iris_of: dict[str, list[str]]) -> dict[str, str]:
    """Event IRI -> document graph of the ``pairs``' events: every event from their actors and to their targets."""
    sources = _event_ends(store, "actor", sorted({i for u, _ in pairs for i in iris_of[u]}))
    targets = _event_ends(store, "target", sorted({i for _, v in pairs for i in iris_of[v]}))
    chosen: dict[str, str] = {}
    for u, v in pairs:
        into = set().union(*(targets.get(i, {}).keys() for i in iris_of[v]))
        for i in iris_of[u]:
            chosen.update((e, g) for e, g in sources.get(i, {}).items() if e in into)
    return chosen


def _pair_places(rows: "EventRows", wanted: set[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(document graph, actor IRI, target IRI) where the rows count events between ``wanted`` IRI pairs."""
    index = {iri: i for i, iri in enumerate(rows.iris)}
    width = len(rows.iris) + 1
    keys = np.array([index[a] * width + index[t] for a, t in wanted if a in index and t in index], dtype=np.int64)
    hit = np.isin(rows.actor.astype(np.int64) * width + rows.target, keys) & (rows.target >= 0) & (rows.actor >= 0)
    return sorted({(rows.docs[d], rows.iris[a], rows.iris[t])
                   for d, a, t in zip(rows.doc[hit].tolist(), rows.actor[hit].tolist(), rows.target[hit].tolist())})


def _kept(rows: Iterable[list], actors: dict[str, dict], links: dict[str, str],
          flt: GraphFilter) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """The query rows as ``(actor id, target id, event IRI, attributes)``, short names merged, filtered."""
    for row in rows:
        e, actor, target, text, lemma, cat, date, negated, conf, sent, evidence, docid, copied = row
        if target is None:
            continue
        actor, target = links.get(actor, actor), links.get(target, target)
        if actor == target or actor not in actors or target not in actors:
            continue
        category = cat[len(V.ACT):] if cat else None
        if not flt.keeps_event(date, category, conf, copied is not None):
            continue
        yield actors[actor]["id"], actors[target]["id"], e, {
            "action": text, "lemma": lemma, "category": category, "date": date, "doc": docid,
            "sentence": sent, "evidence": evidence, "negated": bool(negated),
            "confidence": float(conf), "weight": 1.0}


def event_multigraph(D: nx.DiGraph, events: Iterator[tuple[str, str, str, dict[str, Any]]], *,
                     among: Container[str] | None = None) -> nx.MultiDiGraph:
    """The multigraph of ``events`` on the pairs of the weighted graph ``D``, with ``D``'s nodes and attributes.

    ``among``: keep only these actors (the shown ones of a page, an ego
    network's ring); the others' events are dropped with them.
    """
    G = nx.MultiDiGraph()
    with paused_gc():
        G.add_nodes_from((n, d) for n, d in D.nodes(data=True) if among is None or n in among)
        G.add_edges_from((u, v, key, data) for u, v, key, data in events if D.has_edge(u, v) and u in G and v in G)
    return G
