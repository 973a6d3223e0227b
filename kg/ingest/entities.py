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

from collections import Counter
from typing import Iterable, Mapping

import pyoxigraph as ox

from .. import vocab as V
from ..model import EntityRef
from ..store.base import Store

__all__ = ["description", "document_entity_quads", "mentioned_by", "rebuild_entities"]

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


def rebuild_entities(store: Store, iris: Iterable[str] | None = None, said: Mapping[str, Counter] | None = None) -> int:
    """Rebuild the descriptions of ``iris`` (default: every actor) from the documents; returns how many.

    An actor no document mentions any more loses its description.
    ``said``: what the documents say of each actor, counted, when the
    caller keeps it (:mod:`kg.graph.actor_cache`); else it is read from the
    documents (for an actor named by half the store, reading it is most of a removal's time).
    """
    if iris is None:
        q = (f"SELECT DISTINCT ?a WHERE {{ {{ GRAPH ?g {{ ?g <{_KG}mentions> ?a }} }} UNION "
             f"{{ GRAPH <{V.ENTITY_GRAPH}> {{ ?a a <{_KG}Actor> }} }} }}")
        iris = [a for (a,) in store.query(q, prefixes=False).rows]
    from ..graph.actor_cache import said_of

    todo = sorted(set(iris))
    for k in range(0, len(todo), _BATCH):
        batch = todo[k:k + _BATCH]
        found = said_of(store, batch) if said is None else {iri: said[iri] for iri in batch if iri in said}
        _rebuild_batch(store, batch, found)
    return len(todo)


def description(said: Counter) -> tuple[str, list[str], str | None] | None:
    """``(label, aliases, title)`` from what the documents say of an actor, or None (no document labels it).

    The label most documents give (ties: the shortest, then code order); every
    other label and alias; the title most documents give.

    >>> description(Counter({("documentLabel", "Ana Tavares"): 3, ("documentLabel", "Tavares"): 1}))
    ('Ana Tavares', ['Tavares'], None)
    """
    labels = {o: n for (p, o), n in said.items() if p == "documentLabel" and n > 0}
    if not labels:
        return None
    label = min(labels, key=lambda x: (-labels[x], len(x), x))
    aliases = set(labels) | {o for (p, o), n in said.items() if p == "documentAlias" and n > 0}
    titles = {o: n for (p, o), n in said.items() if p == "documentTitle" and n > 0}
    title = min(titles, key=lambda x: (-titles[x], x)) if titles else None
    return label, sorted(aliases - {label}), title


def _rebuild_batch(store: Store, iris: list[str], said: Mapping[str, Counter]) -> None:
    from ..rdf.quads import TYPE_CLASSES
    from ..store.base import insert_data

    values = " ".join(f"<{i}>" for i in iris)
    quads: list[ox.Quad] = []
    for iri in iris:
        described = description(said.get(iri, Counter()))
        if described is None:
            continue  # mentioned by no document any more
        label, aliases, title = described
        entity_id = iri[len(V.ID + "entity/"):]
        type_ = entity_id.split("/", 1)[0]
        s = ox.NamedNode(iri)
        quads += [ox.Quad(s, ox.NamedNode(V.RDF + "type"), ox.NamedNode(_KG + "Actor"), _G),
                  ox.Quad(s, ox.NamedNode(V.RDF + "type"), TYPE_CLASSES.get(type_, TYPE_CLASSES["Other"]), _G),
                  ox.Quad(s, ox.NamedNode(_KG + "entityId"), ox.Literal(entity_id), _G),
                  ox.Quad(s, ox.NamedNode(V.SKOS + "prefLabel"), ox.Literal(label), _G)]
        quads += [ox.Quad(s, ox.NamedNode(V.SKOS + "altLabel"), ox.Literal(alias), _G) for alias in aliases]
        if title is not None:
            quads.append(ox.Quad(s, ox.NamedNode(_KG + "title"), ox.Literal(title), _G))
    # one update, so one transaction: a build killed here leaves the old descriptions or the new ones
    delete = (f"DELETE {{ GRAPH <{V.ENTITY_GRAPH}> {{ ?a ?p ?o }} }} "
              f"WHERE {{ VALUES ?a {{ {values} }} GRAPH <{V.ENTITY_GRAPH}> {{ ?a ?p ?o }} }}")
    store.update(delete + (" ;\n" + insert_data(quads) if quads else ""), allow_service=True)
