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
from typing import Any, Collection, Iterator

import networkx as nx

from .. import vocab as V
from ..heap import paused_gc
from ..store.oxigraph import KgStore

__all__ = ["GraphFilter", "actor_table", "to_networkx", "to_weighted_digraph", "aggregate_digraph", "collapse"]

# One sub-SELECT per property, joined on ?a: Oxigraph hash-joins the scans
# (2.5x faster than nested lookups at 100k actors); same rows as a plain join.
_ACTORS = V.PREFIXES + """
SELECT ?a ?id ?label ?type ?stated ?inferred ?aliases
WHERE {
  { SELECT ?a WHERE { GRAPH <%(g)s> { ?a a kg:Actor } } }
  { SELECT ?a ?id WHERE { GRAPH <%(g)s> { ?a kg:entityId ?id } } }
  { SELECT ?a ?label WHERE { GRAPH <%(g)s> { ?a skos:prefLabel ?label } } }
  { SELECT ?a ?type WHERE { GRAPH <%(g)s> {
      ?a a ?cls . FILTER(?cls != kg:Actor) BIND(STRAFTER(STR(?cls), STR(kg:)) AS ?type) } } }
  OPTIONAL { SELECT ?a ?stated WHERE { GRAPH <%(g)s> { ?a kg:country ?stated } } }
  OPTIONAL { SELECT ?a ?inferred WHERE { GRAPH <%(g)s> { ?a kg:inferredCountry ?inferred } } }
  OPTIONAL { SELECT ?a (GROUP_CONCAT(DISTINCT ?alt; SEPARATOR="\\u001f") AS ?aliases)
             WHERE { GRAPH <%(g)s> { ?a skos:altLabel ?alt } } GROUP BY ?a }
}
""" % {"g": V.ENTITY_GRAPH}

# Every property of an event in its own sub-SELECT, joined on ?e: Oxigraph then hash-joins
# whole-predicate scans instead of looking each event up eight times (2x faster at 100k events,
# same rows). An event IRI lives in exactly one document graph, so ?g only joins actor and docid.
_EVENTS_TEMPLATE = V.PREFIXES + """
SELECT ?e ?actor ?target ?text ?lemma ?cat ?date ?negated ?conf ?sent ?evidence ?docid
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
  { SELECT ?g ?docid WHERE { GRAPH ?g { ?g dct:identifier ?docid } } }
}
"""
#: Every event (``OPTIONAL`` target: events without one still count as mentions).
_EVENTS = _EVENTS_TEMPLATE % {"actors": "", "targets": "", "optional": "OPTIONAL"}


@dataclass
class GraphFilter:
    """Which events go into the mirror. Empty fields mean no restriction."""

    since: str | None = None
    until: str | None = None
    categories: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    actor: str | None = None
    min_weight: int = 1
    #: Keep events whose extraction confidence is at least this (0 keeps all).
    min_confidence: float = 0.0

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


def actor_table(store: KgStore) -> tuple[dict[str, dict], dict[str, str]]:
    """Every actor as analysis sees it, and the variant -> canonical links, with curation applied.

    This is the one place actors are read for analysis, pages, reports and
    the event summary, so every command shows the same label, type and
    country for an actor:

    * the extracted description (``graph/entities``); one country per actor,
      by the documents' votes: a country any document states beats one
      only inferred, then the most documents win (ties: code order);
    * the ``owl:sameAs`` links of :mod:`kg.linking` ("BMM" -> Black Mangrove
      Militia), whose aliases and, when it has none stated, country the
      canonical actor takes;
    * the analyst's curation (:mod:`kg.curation`): merges, ignored actors
      (dropped, so their events are too), labels, types and aliases.

    Returns ``(actors by IRI, links IRI -> canonical IRI)``.
    """
    from .curation import read_curation
    from .links import decide_countries, read_links

    actors: dict[str, dict] = {}
    stated: dict[str, set[str]] = {}
    inferred: dict[str, set[str]] = {}
    for iri, eid, label, type_, st, inf, aliases in store.query(_ACTORS, prefixes=False).rows:
        actors[iri] = {"id": eid, "label": label, "type": type_ if type_ != "OtherActor" else "Other",
                       "country": None, "aliases": sorted(a for a in (aliases or "").split("\x1f") if a)}
        if st:
            stated.setdefault(iri, set()).add(st)
        if inf:
            inferred.setdefault(iri, set()).add(inf)
    from .links import country_votes

    votes = country_votes(store)
    cur = read_curation(store)
    links = {a: b for a, b in read_links(store).items() if a in actors and b in actors}
    for a, b in cur.merges.items():
        if a in actors and b in actors:
            links[a] = b
    links = {a: _canonical(a, links) for a in links}
    links = {a: b for a, b in links.items() if a != b}
    decided = decide_countries({iri: d["type"] for iri, d in actors.items()}, stated, inferred, votes, links)
    for iri, data in actors.items():
        data["country"] = decided[iri][0]
    for iri in cur.labels.keys() & actors.keys():
        old = actors[iri]["label"]
        actors[iri]["label"] = cur.labels[iri]
        actors[iri]["aliases"] = sorted(set(actors[iri]["aliases"]) | {old})
    for iri in cur.types.keys() & actors.keys():
        actors[iri]["type"] = cur.types[iri]
    for short, canonical in links.items():  # "BMM" -> Black Mangrove Militia: one node
        aliases = set(actors[canonical]["aliases"]) | {actors[short]["label"], *actors[short]["aliases"]}
        actors[canonical]["aliases"] = sorted(aliases)
    for iri, data in actors.items():
        aliases = (set(data["aliases"]) | cur.added_aliases.get(iri, set())) - cur.removed_aliases.get(iri, set())
        data["aliases"] = sorted(aliases - {data["label"]})
    for iri in cur.ignored:
        actors.pop(iri, None)
    return actors, links


def _canonical(iri: str, links: dict[str, str]) -> str:
    seen = {iri}
    while iri in links and links[iri] not in seen:
        iri = links[iri]
        seen.add(iri)
    return iri


def to_networkx(store: KgStore, flt: GraphFilter | None = None, *,
                among: Collection[str] | None = None) -> nx.MultiDiGraph:
    """Build the actor graph from a store.

    Parameters
    ----------
    store : KgStore
    flt : GraphFilter, optional
    among : collection of str, optional
        Entity ids: read only the events from one of these actors to
        another (the store looks them up instead of reading every event;
        a graph page's top actors out of a million events in seconds).
        ``mentions`` then counts those events only.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes: entity id -> ``label, type, country, aliases, mentions``.
        Edges: one per event with a target, key = event IRI, attributes
        ``action, lemma, category, date, doc, sentence, evidence, negated, confidence, weight``.
    """
    flt = flt or GraphFilter()
    G = nx.MultiDiGraph()
    actors, links = actor_table(store)
    mentions: Counter[str] = Counter()
    edges = []
    cats = {c.upper() for c in flt.categories}
    query = _EVENTS if among is None else _events_among(actors, links, set(among))
    # kg's own query (IRIs it wrote into VALUES): no SERVICE to look for in a possibly huge text
    for row in store.query(query, prefixes=False, allow_service=True).rows:
        e, actor, target, text, lemma, cat, date, negated, conf, sent, evidence, docid = row
        actor, target = links.get(actor, actor), links.get(target, target)
        if actor == target:
            continue
        category = cat[len(V.ACT):] if cat else None
        if not flt.keeps_date(date) or (cats and (category or "").upper() not in cats):
            continue
        if flt.min_confidence and float(conf) < flt.min_confidence:
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
    with paused_gc():
        for iri, count in mentions.items():
            data = dict(actors[iri])
            G.add_node(data.pop("id"), mentions=count, **data)
        for a, t, key, data in edges:
            G.add_edge(actors[a]["id"], actors[t]["id"], key=key, **data)
    if flt.types:
        _keep_types(G, flt.types)
    if flt.min_weight > 1:
        pair_counts = Counter((u, v) for u, v in G.edges())
        G.remove_edges_from([(u, v, k) for u, v, k in list(G.edges(keys=True))
                             if pair_counts[(u, v)] < flt.min_weight])
        G.remove_nodes_from([n for n in list(G.nodes) if G.degree(n) == 0])
    if flt.actor:
        G = _around_actor(G, flt.actor)
    return G


def _events_among(actors: dict[str, dict], links: dict[str, str], ids: set[str]) -> str:
    """:data:`_EVENTS` for the events between the actors with these entity ids (short names included)."""
    iris = sorted(iri for iri, data in actors.items() if data["id"] in ids)
    iris += sorted(short for short, full in links.items() if actors[full]["id"] in ids)
    values = "VALUES ?%s { " + (" ".join(f"<{iri}>" for iri in iris) or f"<{V.ID}none>") + " }"
    return _EVENTS_TEMPLATE % {"actors": values % "actor", "targets": values % "target", "optional": ""}


def _keep_types(G: nx.DiGraph, types: tuple[str, ...]) -> None:
    """Drop, in place, the actors whose type is not one of ``types``."""
    wanted = {t.lower() for t in types}
    G.remove_nodes_from([n for n, d in list(G.nodes(data=True)) if d["type"].lower() not in wanted])


def _around_actor(G: nx.DiGraph, actor: str) -> nx.DiGraph:
    """The actors matching ``actor`` (id, label or alias) and their direct neighbours."""
    hits = [n for n, d in G.nodes(data=True) if _actor_matches(actor, n, d)]
    keep = set(hits)
    for h in hits:
        keep |= set(G.predecessors(h)) | set(G.successors(h))
    return G.subgraph(keep).copy()


# Each pattern is its own sub-SELECT joined on ?e: Oxigraph then hash-joins the
# per-predicate scans instead of one index lookup per event (5x less CPU at 1M events).
_EVENTS_JOIN = """
  { SELECT ?e ?actor WHERE { GRAPH ?g { ?e kg:actor ?actor } } }
  OPTIONAL { SELECT ?e ?target WHERE { GRAPH ?g { ?e kg:target ?target } } }
  %s
"""
#: Events per actor pair (any SPARQL 1.1 store).
_PAIR_COUNTS = V.PREFIXES + "SELECT ?actor ?target (COUNT(*) AS ?n) WHERE {" + _EVENTS_JOIN + "} GROUP BY ?actor ?target"
#: The targets of each actor's events in one string ("-" = no target): one row per actor instead of
#: one per pair, so the embedded store decodes each actor IRI once (1.6x faster at 1M events).
_TARGET_LISTS = (V.PREFIXES + 'SELECT ?actor (GROUP_CONCAT(COALESCE(STR(?target), "-"); SEPARATOR=" ") AS ?targets) '
                 "WHERE {" + _EVENTS_JOIN + "} GROUP BY ?actor")


def _pair_counts(store: KgStore, flt: GraphFilter, *, lists: bool | None = None) -> Iterator[tuple[str, str | None, int]]:
    """``(actor, target or None, events)`` for the events ``flt`` keeps, from the store's SPARQL engine."""
    where = _event_filter(flt)
    if lists is None:
        lists = isinstance(store, KgStore)  # embedded Oxigraph; a server may cap GROUP_CONCAT's length
    if not lists:
        for actor, target, n in store.query(_PAIR_COUNTS % where, prefixes=False).rows:
            yield actor, target, n
        return
    for actor, targets in store.query(_TARGET_LISTS % where, prefixes=False).rows:
        for target, n in Counter(targets.split(" ")).items():  # IRIs from kg have no spaces (vocab quotes them)
            yield actor, None if target == "-" else target, n


def _event_filter(flt: GraphFilter) -> str:
    """Sub-SELECTs keeping the events ``?e`` inside the time window, categories and confidence of ``flt``."""
    parts = []
    if flt.since or flt.until:  # an undated event is outside any window, as in to_networkx
        tests = []
        if flt.since:
            tests.append(f"STR(?date) >= {_sparql_string(flt.since)}")
        if flt.until:
            tests.append(f"STR(?date) <= {_sparql_string(flt.until)}")
        parts.append(f"{{ SELECT ?e WHERE {{ GRAPH ?g {{ ?e kg:date ?date FILTER({' && '.join(tests)}) }} }} }}")
    if flt.min_confidence:
        parts.append(f"{{ SELECT ?e WHERE {{ GRAPH ?g {{ ?e kg:confidence ?conf "
                     f"FILTER(?conf >= {float(flt.min_confidence)!r}) }} }} }}")
    if flt.categories:
        wanted = ", ".join(_sparql_string(c.upper()) for c in flt.categories)
        parts.append(f'{{ SELECT ?e WHERE {{ GRAPH ?g {{ ?e kg:category ?cat '
                     f'FILTER(UCASE(STRAFTER(STR(?cat), "{V.ACT}")) IN ({wanted})) }} }} }}')
    return "\n  ".join(parts)


def _sparql_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def to_weighted_digraph(store: KgStore, flt: GraphFilter | None = None) -> nx.DiGraph:
    """Build the weighted actor graph: one edge per actor pair, weighted by its events.

    What :func:`collapse` of :func:`to_networkx` gives, with the same nodes,
    node attributes and filters, without ever materialising the events or
    a multigraph in Python: the way to go for centrality on large graphs
    (DESIGN §11). It comes from the store's event summary
    (:mod:`kg.summary`, written by ``kg build``) when there is one,
    otherwise the store counts the events per actor pair (``GROUP BY``):
    the same graph either way. Use :func:`to_networkx` when the edges' evidence, dates
    or documents are needed (views, ego networks, time slices).

    Parameters
    ----------
    store : KgStore
    flt : GraphFilter, optional

    Returns
    -------
    networkx.DiGraph
        Nodes: entity id -> ``label, type, country, aliases, mentions``.
        Edges: ``weight`` = number of events from actor to target.
    """
    from .summary import read_summary

    return _weighted_digraph(store, flt or GraphFilter(), read_summary(store))


def _weighted_digraph(store: KgStore, flt: GraphFilter, summary: Any) -> nx.DiGraph:
    """:func:`to_weighted_digraph` with the store's summary already read (None: count with SPARQL)."""
    if summary is not None and not flt.min_confidence:  # the summary does not keep confidences
        D = summary.digraph(flt.keeps_date if flt.since or flt.until else None, flt.categories)
    else:
        D = aggregate_digraph(store, flt)
    if flt.types:
        _keep_types(D, flt.types)
    if flt.min_weight > 1:
        D.remove_edges_from([(u, v) for u, v, w in list(D.edges(data="weight")) if w < flt.min_weight])
        D.remove_nodes_from([n for n in list(D.nodes) if D.degree(n) == 0])
    if flt.actor:
        D = _around_actor(D, flt.actor)
    return D


def aggregate_digraph(store: KgStore, flt: GraphFilter | None = None) -> nx.DiGraph:
    """The weighted actor graph of the events inside ``flt``'s time window and categories, counted by SPARQL.

    The other parts of ``flt`` (types, minimum weight, one actor) are left
    to :func:`to_weighted_digraph`. Nodes come in IRI order and each node's
    successors in node order, so the graph is the same whatever order the
    store answers in.
    """
    flt = flt or GraphFilter()
    actors, links = actor_table(store)
    mentions: Counter[str] = Counter()
    weights: Counter[tuple[str, str]] = Counter()
    for actor, target, n in _pair_counts(store, flt):
        actor, target = links.get(actor, actor), links.get(target, target)
        if actor == target or actor not in actors or (target is not None and target not in actors):
            continue
        mentions[actor] += n
        if target is not None:
            mentions[target] += n
            weights[(actor, target)] += n
    D = nx.DiGraph()
    order = sorted(mentions)
    with paused_gc():
        for iri in order:
            data = dict(actors[iri])
            D.add_node(data.pop("id"), mentions=mentions[iri], **data)
        rank = {iri: i for i, iri in enumerate(order)}
        pairs = sorted(weights.items(), key=lambda item: (rank[item[0][0]], rank[item[0][1]]))
        D.add_edges_from((actors[a]["id"], actors[t]["id"], {"weight": float(n)}) for (a, t), n in pairs)
    return D


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
