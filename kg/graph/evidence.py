"""The events behind the graph's edges, with their evidence: what each document says, sentence by sentence.

Why apart from the event table: counting events needs five columns, but a
graph page, an ego network, an export or ``kg events`` shows each event's
action, document, sentence and evidence text, which is far more to read.
So the table decides which actor pairs a view shows; this module reads the
events of only those pairs (or of every pair when the view shows all),
applying the same event filter (:meth:`kg.graph.filter.GraphFilter.keeps_event`).
"""
from __future__ import annotations

from typing import Any, Collection, Container, Iterator

import networkx as nx

from .. import vocab as V
from ..heap import paused_gc
from ..store.base import Store
from .filter import GraphFilter
from .reprints import REPRINT_GRAPH

__all__ = ["read_events", "event_multigraph"]

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
    for row in store.query(query, prefixes=False, allow_service=True).rows:
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
