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

import pyoxigraph as ox

from . import vocab as V
from .extract.consolidate import NameRow, canonical_links
from .store import KgStore

__all__ = ["LINK_GRAPH", "SAME_AS", "compute_links", "refresh_links", "prune_entities", "read_links"]

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

_PRUNE = V.PREFIXES + """
DELETE { GRAPH <%s> { ?a ?p ?o } }
WHERE { GRAPH <%s> { ?a a kg:Actor ; ?p ?o }
        FILTER NOT EXISTS { GRAPH ?g { ?g kg:mentions ?a } } }
""" % (V.ENTITY_GRAPH, V.ENTITY_GRAPH)


def prune_entities(store: KgStore) -> None:
    """Delete descriptions of actors that no document mentions."""
    store.update(_PRUNE)


def compute_links(rows: list[tuple[str, str, str, list[str]]]) -> dict[str, str]:
    """Map variant entity IRIs to the one entity they denote (the rules of
    :func:`kg.extract.consolidate.canonical_links`, so ``kg extract`` and the store agree).

    ``rows`` are ``(iri, label, type, aliases)``.

    >>> compute_links([("p1", "Carlos Brito", "Person", []), ("p2", "Brito", "Organization", [])])
    {'p2': 'p1'}
    """
    return canonical_links(NameRow(iri, label, type_, set(aliases)) for iri, label, type_, aliases in rows)


def read_links(store: KgStore) -> dict[str, str]:
    """The ``owl:sameAs`` links recorded by the last build (IRI -> canonical IRI)."""
    q = f"SELECT ?a ?b WHERE {{ GRAPH <{LINK_GRAPH}> {{ ?a <{SAME_AS}> ?b }} }}"
    return {a: b for a, b in store.query(q, prefixes=False).rows}


def refresh_links(store: KgStore) -> dict[str, str]:
    """Prune stale actors, recompute the link graph and store it; returns the links."""
    prune_entities(store)
    rows = [(iri, label, type_, [a for a in (aliases or "").split("\x1f") if a])
            for iri, label, type_, aliases in store.query(_ENTITIES, prefixes=False).rows]
    links = compute_links(rows)
    graph = ox.NamedNode(LINK_GRAPH)
    quads = [ox.Quad(ox.NamedNode(a), ox.NamedNode(SAME_AS), ox.NamedNode(b), graph) for a, b in sorted(links.items())]
    store.replace_graph(LINK_GRAPH, quads)
    return links
