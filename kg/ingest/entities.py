"""The shared entity graph as derived data: rebuilt from what each document says of its actors.

Why this exists: actors are described once for the whole store (label,
aliases, title, country in ``graph/entities``), but the descriptions come
from documents. If the shared graph kept whatever the first document wrote
and added what later ones wrote, removing documents would leave their
aliases and countries behind, and the store would depend on load order.
So every document also states, in its own named graph, what it says of each
actor it mentions (``kg:documentLabel``, ``kg:documentAlias``,
``kg:documentTitle``; countries as ``kg:documentCountry`` /
``kg:documentInferredCountry``, see :mod:`kg.rdf.quads`), and after every build or
removal the descriptions of the actors those documents mention are rebuilt
from the documents that still mention them:

* label: the one most documents give (ties: the shortest, then code order);
* aliases: every other label and alias any document gives;
* title: the one most documents give. The country is written right after by
  :func:`kg.graph.links.reconcile_countries` (every build and removal refreshes
  the links next), which also pools the votes of linked variants.

The result is a function of the documents in the store alone, so removing
documents gives the same entity graph as a clean build of the rest.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Iterable

import pyoxigraph as ox

from .. import vocab as V
from ..model import EntityRef
from ..store.base import Store

__all__ = ["document_entity_quads", "mentioned_by", "rebuild_entities"]

_G = ox.NamedNode(V.ENTITY_GRAPH)
_KG = V.KG
_LABEL, _ALIAS, _TITLE = (ox.NamedNode(_KG + n) for n in ("documentLabel", "documentAlias", "documentTitle"))
_BATCH = 500


def document_entity_quads(doc_id: str, entities: Iterable[EntityRef]) -> list[ox.Quad]:
    """What one document says of the actors it mentions, as quads of its own graph."""
    g = ox.NamedNode(V.doc_iri(doc_id))
    out: list[ox.Quad] = []
    for e in entities:
        s = ox.NamedNode(V.entity_iri(e.id))
        out.append(ox.Quad(s, _LABEL, ox.Literal(e.label), g))
        for alias in sorted(set(e.aliases) - {e.label, ""}):
            if len(alias) <= 80:
                out.append(ox.Quad(s, _ALIAS, ox.Literal(alias), g))
        if e.role:
            out.append(ox.Quad(s, _TITLE, ox.Literal(e.role), g))
    return out


def mentioned_by(store: Store, doc_ids: Iterable[str]) -> set[str]:
    """IRIs of the actors the given documents mention (read before they are replaced or removed)."""
    iris = [f"<{V.doc_iri(d)}>" for d in doc_ids]
    out: set[str] = set()
    for k in range(0, len(iris), _BATCH):
        q = (f"SELECT DISTINCT ?a WHERE {{ VALUES ?g {{ {' '.join(iris[k:k + _BATCH])} }} "
             f"GRAPH ?g {{ ?g <{_KG}mentions> ?a }} }}")
        out.update(a for (a,) in store.query(q, prefixes=False, allow_service=True).rows)
    return out


def rebuild_entities(store: Store, iris: Iterable[str] | None = None) -> int:
    """Rebuild the descriptions of ``iris`` (default: every actor) from the documents; returns how many.

    An actor no document mentions any more loses its description.
    """
    if iris is None:
        q = (f"SELECT DISTINCT ?a WHERE {{ {{ GRAPH ?g {{ ?g <{_KG}mentions> ?a }} }} UNION "
             f"{{ GRAPH <{V.ENTITY_GRAPH}> {{ ?a a <{_KG}Actor> }} }} }}")
        iris = [a for (a,) in store.query(q, prefixes=False).rows]
    todo = sorted(set(iris))
    for k in range(0, len(todo), _BATCH):
        _rebuild_batch(store, todo[k:k + _BATCH])
    return len(todo)


def _rebuild_batch(store: Store, iris: list[str]) -> None:
    values = " ".join(f"<{i}>" for i in iris)
    # The predicates as a FILTER, not a second VALUES: Oxigraph joins two VALUES blocks with a scan of
    # every quad of every document (39 s for 500 actors in a 1M-event store) instead of reading each
    # actor's own quads (0.26 s). A quad is stated once per graph, so COUNT(*) counts documents.
    q = (f"SELECT ?a ?p ?o (COUNT(*) AS ?n) WHERE {{ VALUES ?a {{ {values} }} GRAPH ?g {{ ?a ?p ?o }} "
         f"FILTER(?p IN (<{_KG}documentLabel>, <{_KG}documentAlias>, <{_KG}documentTitle>)) }} GROUP BY ?a ?p ?o")
    said: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for a, p, o, n in store.query(q, prefixes=False, allow_service=True).rows:
        said[a][p[len(_KG):]][str(o)] += int(n)
    quads: list[ox.Quad] = []
    for iri in iris:
        facts = said.get(iri)
        if not facts or not facts.get("documentLabel"):
            continue  # mentioned by no document any more
        entity_id = iri[len(V.ID + "entity/"):]
        type_ = entity_id.split("/", 1)[0]
        s = ox.NamedNode(iri)
        labels = facts["documentLabel"]
        label = min(labels, key=lambda x: (-labels[x], len(x), x))
        from ..rdf.quads import TYPE_CLASSES

        quads += [ox.Quad(s, ox.NamedNode(V.RDF + "type"), ox.NamedNode(_KG + "Actor"), _G),
                  ox.Quad(s, ox.NamedNode(V.RDF + "type"), TYPE_CLASSES.get(type_, TYPE_CLASSES["Other"]), _G),
                  ox.Quad(s, ox.NamedNode(_KG + "entityId"), ox.Literal(entity_id), _G),
                  ox.Quad(s, ox.NamedNode(V.SKOS + "prefLabel"), ox.Literal(label), _G)]
        for alias in sorted((set(labels) | set(facts.get("documentAlias", ()))) - {label}):
            quads.append(ox.Quad(s, ox.NamedNode(V.SKOS + "altLabel"), ox.Literal(alias), _G))
        titles = facts.get("documentTitle")
        if titles:
            quads.append(ox.Quad(s, ox.NamedNode(_KG + "title"),
                                 ox.Literal(min(titles, key=lambda x: (-titles[x], x))), _G))
    from ..store.base import insert_data

    # one update, so one transaction: a build killed here leaves the old descriptions or the new ones
    delete = (f"DELETE {{ GRAPH <{V.ENTITY_GRAPH}> {{ ?a ?p ?o }} }} "
              f"WHERE {{ VALUES ?a {{ {values} }} GRAPH <{V.ENTITY_GRAPH}> {{ ?a ?p ?o }} }}")
    store.update(delete + (" ;\n" + insert_data(quads) if quads else ""), allow_service=True)
