"""Mirror the RDF graph into networkx for analysis.

The mirror is built with SPARQL SELECTs (actors, events, ``owl:sameAs``
links), so it works on any store kg can query. Short-name entities linked to
a full one by :mod:`kg.linking` ("BMM" -> "Black Mangrove Militia") become
one node. Nodes are actors keyed by entity id; edges are
events keyed by event IRI. Filters narrow the events before the graph is
built: time window, categories, actor types, one actor's events, and a
minimum number of events between a pair.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable

import networkx as nx

from . import vocab as V
from .store import KgStore

__all__ = ["GraphFilter", "to_networkx", "collapse"]

_ACTORS = V.PREFIXES + """
SELECT ?a ?id ?label ?type ?country (GROUP_CONCAT(DISTINCT ?alt; SEPARATOR="\\u001f") AS ?aliases)
WHERE {
  GRAPH <%s> {
    ?a a kg:Actor ; kg:entityId ?id ; skos:prefLabel ?label .
    ?a a ?cls . FILTER(?cls != kg:Actor)
    BIND(STRAFTER(STR(?cls), STR(kg:)) AS ?type)
    OPTIONAL { ?a kg:country ?country }
    OPTIONAL { ?a skos:altLabel ?alt }
  }
} GROUP BY ?a ?id ?label ?type ?country
""" % V.ENTITY_GRAPH

_EVENTS = V.PREFIXES + """
SELECT ?e ?actor ?target ?text ?lemma ?cat ?date ?negated ?conf ?sent ?evidence ?docid
WHERE {
  GRAPH ?g {
    ?e a kg:Event ; kg:actor ?actor ; kg:actionText ?text ; kg:lemma ?lemma ;
       kg:negated ?negated ; kg:confidence ?conf ; kg:sentenceIndex ?sent ; kg:evidence ?evidence .
    OPTIONAL { ?e kg:target ?target }
    OPTIONAL { ?e kg:category ?cat }
    OPTIONAL { ?e kg:date ?date }
    ?g dct:identifier ?docid .
  }
}
"""


@dataclass
class GraphFilter:
    """Which events go into the mirror. Empty fields mean no restriction."""

    since: str | None = None
    until: str | None = None
    categories: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    actor: str | None = None
    min_weight: int = 1

    def keeps_date(self, date: str | None) -> bool:
        if not (self.since or self.until):
            return True
        if date is None:
            return False
        return (not self.since or date >= self.since) and (not self.until or date <= self.until)


def _actor_matches(query: str, node: str, data: dict) -> bool:
    q = query.lower()
    names = [node.lower(), str(data.get("label", "")).lower(), *[a.lower() for a in data.get("aliases", [])]]
    return q in names


def to_networkx(store: KgStore, flt: GraphFilter | None = None) -> nx.MultiDiGraph:
    """Build the actor graph from a store.

    Parameters
    ----------
    store : KgStore
    flt : GraphFilter, optional

    Returns
    -------
    networkx.MultiDiGraph
        Nodes: entity id -> ``label, type, country, aliases, mentions``.
        Edges: one per event with a target, key = event IRI, attributes
        ``action, lemma, category, date, doc, sentence, evidence, negated, confidence, weight``.
    """
    flt = flt or GraphFilter()
    G = nx.MultiDiGraph()
    actors: dict[str, dict] = {}
    for iri, eid, label, type_, country, aliases in store.query(_ACTORS, prefixes=False).rows:
        actors[iri] = {"id": eid, "label": label, "type": type_ if type_ != "OtherActor" else "Other",
                       "country": country, "aliases": sorted(a for a in (aliases or "").split("\x1f") if a)}
    from .linking import read_links

    links = {a: b for a, b in read_links(store).items() if a in actors and b in actors}
    for short, canonical in links.items():  # "BMM" -> Black Mangrove Militia: one node
        aliases = set(actors[canonical]["aliases"]) | {actors[short]["label"], *actors[short]["aliases"]}
        actors[canonical]["aliases"] = sorted(aliases - {actors[canonical]["label"]})
    mentions: Counter[str] = Counter()
    edges = []
    cats = {c.upper() for c in flt.categories}
    for row in store.query(_EVENTS, prefixes=False).rows:
        e, actor, target, text, lemma, cat, date, negated, conf, sent, evidence, docid = row
        actor, target = links.get(actor, actor), links.get(target, target)
        if actor == target:
            continue
        category = cat[len(V.ACT):] if cat else None
        if not flt.keeps_date(date) or (cats and (category or "").upper() not in cats):
            continue
        if actor not in actors or (target is not None and target not in actors):
            continue
        mentions[actor] += 1
        if target is not None:
            mentions[target] += 1
            edges.append((actor, target, e, {
                "action": text, "lemma": lemma, "category": category, "date": date, "doc": docid,
                "sentence": sent, "evidence": evidence, "negated": bool(negated),
                "confidence": float(conf), "weight": 1.0}))
    for iri, count in mentions.items():
        data = dict(actors[iri])
        G.add_node(data.pop("id"), mentions=count, **data)
    for a, t, key, data in edges:
        G.add_edge(actors[a]["id"], actors[t]["id"], key=key, **data)
    if flt.types:
        wanted = {t.lower() for t in flt.types}
        G.remove_nodes_from([n for n, d in list(G.nodes(data=True)) if d["type"].lower() not in wanted])
    if flt.min_weight > 1:
        pair_counts = Counter((u, v) for u, v in G.edges())
        G.remove_edges_from([(u, v, k) for u, v, k in list(G.edges(keys=True))
                             if pair_counts[(u, v)] < flt.min_weight])
        G.remove_nodes_from([n for n in list(G.nodes) if G.degree(n) == 0])
    if flt.actor:
        hits = [n for n, d in G.nodes(data=True) if _actor_matches(flt.actor, n, d)]
        keep = set(hits)
        for h in hits:
            keep |= set(G.predecessors(h)) | set(G.successors(h))
        G = G.subgraph(keep).copy()
    return G


def collapse(G: nx.MultiDiGraph) -> nx.DiGraph:
    """Weighted DiGraph: parallel events between two actors summed into one edge weight."""
    D = nx.DiGraph()
    D.add_nodes_from(G.nodes(data=True))
    for u, v, data in G.edges(data=True):
        w = data.get("weight", 1.0)
        if D.has_edge(u, v):
            D[u][v]["weight"] += w
        else:
            D.add_edge(u, v, weight=w)
    return D


def find_actor(G: nx.MultiDiGraph, query: str) -> list[str]:
    """Node ids whose id, label or alias equals ``query`` (case-insensitive)."""
    return [n for n, d in G.nodes(data=True) if _actor_matches(query, n, d)]
