"""IRIs of the kg ontology and of the resources kg mints.

One stable namespace for the ontology (``KG``), one for minted resources
(entities, events, documents, graphs). Every module that writes or queries
RDF takes its terms from here so the SPARQL in ``ontology/queries`` and the
mapping in ``kg.rdf.quads`` cannot drift apart.
"""
from __future__ import annotations

from urllib.parse import quote

__all__ = [
    "KG", "ACT", "ID", "SCHEMA", "SKOS", "PROV", "DCT", "XSD", "RDF", "RDFS",
    "ENTITY_GRAPH", "PREFIXES", "entity_iri", "doc_iri", "event_iri", "category_iri",
    "iri_to_entity_id", "iri_to_doc_id",
]

KG = "https://w3id.org/kg-news/ns#"
ACT = "https://w3id.org/kg-news/action/"
ID = "https://w3id.org/kg-news/id/"
SCHEMA = "https://schema.org/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"

#: Named graph holding the merged entity descriptions (labels, aliases, type, country).
ENTITY_GRAPH = ID + "graph/entities"

#: SPARQL prologue shared by kg's queries and offered to users' queries.
PREFIXES = f"""PREFIX kg: <{KG}>
PREFIX act: <{ACT}>
PREFIX schema: <{SCHEMA}>
PREFIX skos: <{SKOS}>
PREFIX prov: <{PROV}>
PREFIX dct: <{DCT}>
PREFIX xsd: <{XSD}>
PREFIX rdf: <{RDF}>
PREFIX rdfs: <{RDFS}>
"""



def _path(value: str) -> str:
    """Percent-encode an id for an IRI path, keeping "/" but never a "." or ".." segment.

    Dot segments are valid in an IRI but tools that normalise IRIs would
    collapse ``doc/../x`` into ``x``; encoding them keeps ids distinct.

    >>> _path("2026/../a b")
    '2026/%2E%2E/a%20b'
    """
    segments = quote(value, safe="/-._~").split("/")
    return "/".join(seg.replace(".", "%2E") if seg in (".", "..") else seg for seg in segments)


def entity_iri(entity_id: str) -> str:
    """IRI of an actor from its stable id (``Organization/los-lobos``)."""
    return ID + "entity/" + _path(entity_id)


def doc_iri(doc_id: str) -> str:
    """IRI of a document; also the name of the graph holding its statements."""
    return ID + "doc/" + _path(doc_id)


def event_iri(event_key: str) -> str:
    """IRI of an event node from its deterministic key (a content hash)."""
    return ID + "event/" + quote(event_key, safe="-._~")


def category_iri(category: str) -> str:
    """IRI of a PLOVER category concept in the SKOS action scheme."""
    return ACT + quote(category, safe="-._~")


def iri_to_entity_id(iri: str) -> str:
    """Inverse of :func:`entity_iri`."""
    from urllib.parse import unquote
    return unquote(iri[len(ID + "entity/"):]) if iri.startswith(ID + "entity/") else iri


def iri_to_doc_id(iri: str) -> str:
    """Inverse of :func:`doc_iri`."""
    from urllib.parse import unquote
    return unquote(iri[len(ID + "doc/"):]) if iri.startswith(ID + "doc/") else iri
