"""Map extraction results to RDF quads under the kg ontology.

The mapping follows ``ontology/README.md``: each document's events live in
the named graph of the document (so a document can be replaced or removed
as a unit), actor descriptions live in one shared entity graph (set
semantics merge them across documents), and every event with a target also
yields a direct ``kg:actedOn`` edge so simple SPARQL stays simple.

Quads are pyoxigraph terms: the embedded store bulk-loads them as they are
and the SPARQL endpoint backend writes them as N-Triples text.
"""
from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Iterable, Iterator

from pyoxigraph import Literal, NamedNode, Quad

from .. import vocab as V
from ..model import ENTITY_TYPES, Argument, Document, EntityRef, Triple

if TYPE_CHECKING:  # pragma: no cover
    from ..extract.pipeline import ExtractionResult

__all__ = ["is_actor", "document_quads", "entity_quads", "event_key", "content_hash", "TYPE_CLASSES"]

_XSD_DATE = NamedNode(V.XSD + "date")
_XSD_DOUBLE = NamedNode(V.XSD + "double")
_XSD_INT = NamedNode(V.XSD + "integer")
_XSD_BOOL = NamedNode(V.XSD + "boolean")
_RDF_TYPE = NamedNode(V.RDF + "type")
_RDF_VALUE = NamedNode(V.RDF + "value")
_ENTITY_GRAPH = NamedNode(V.ENTITY_GRAPH)


def _kg(name: str) -> NamedNode:
    return NamedNode(V.KG + name)


#: kg type name -> ontology class
TYPE_CLASSES = {t: _kg(t if t != "Other" else "OtherActor")
                for t in ENTITY_TYPES}
_ACTOR = _kg("Actor")
_EVENT = _kg("Event")
_AGENTLESS = _kg("AgentlessEvent")
_DOCUMENT = _kg("Document")
_ARGUMENT = _kg("Argument")
_PREF = NamedNode(V.SKOS + "prefLabel")
_ALT = NamedNode(V.SKOS + "altLabel")
_DERIVED = NamedNode(V.PROV + "wasDerivedFrom")


def is_actor(ref: EntityRef | None) -> bool:
    """True if an argument names an actor worth a node in the graph (not a thing or a clause)."""
    return ref is not None and bool(ref.id) and ref.type != "Other" and not ref.generic


def content_hash(document: Document) -> str:
    """SHA-256 of what defines a document's extraction (text and metadata)."""
    h = hashlib.sha256()
    for part in (document.id, document.text, document.date or "", document.title or "",
                 document.url or "", document.source or ""):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def event_key(triple: Triple) -> str:
    """Deterministic id of an event: the same triple always gets the same IRI."""
    if is_actor(triple.object):
        obj = triple.object.id
    elif triple.object is not None:  # a thing, not an actor: its text tells events apart
        obj = "\x1e" + triple.object.text
    else:
        obj = ""
    raw = "\x1f".join([triple.doc, str(triple.sentence), triple.subject.id, triple.action.text,
                       triple.action.lemma, obj, str(triple.action.negated)])
    return hashlib.sha1(raw.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def _lit(value: str) -> Literal:
    return Literal(value)


def entity_quads(entities: Iterable[EntityRef]) -> Iterator[Quad]:
    """Descriptions of actors for the shared entity graph."""
    g = _ENTITY_GRAPH
    for e in entities:
        if not is_actor(e):
            continue
        s = NamedNode(V.entity_iri(e.id))
        yield Quad(s, _RDF_TYPE, _ACTOR, g)
        yield Quad(s, _RDF_TYPE, TYPE_CLASSES.get(e.type, TYPE_CLASSES["Other"]), g)
        yield Quad(s, _kg("entityId"), _lit(e.id), g)
        yield Quad(s, _PREF, _lit(e.label), g)
        if e.role:
            yield Quad(s, _kg("title"), _lit(e.role), g)
        if e.country:  # a stated country wins over an inferred one in kg.graph
            yield Quad(s, _kg("inferredCountry" if e.country_inferred else "country"), _lit(e.country), g)
        # only names are aliases (the name clusters' own spans, titles and articles stripped), never a
        # pronoun, a description or a whole noun phrase ("Cape Verde's Interior Minister Marta Lobato")
        for alias in set(e.aliases) - {e.label, ""}:
            if len(alias) <= 80:
                yield Quad(s, _ALT, _lit(alias), g)


def document_quads(result: "ExtractionResult", *, digest: str | None = None) -> tuple[list[Quad], list[EntityRef]]:
    """Quads of one document's named graph, and the entities its events mention.

    Only triples whose subject is an actor (see :func:`is_actor`) become events;
    a non-actor object is kept as an argument of the event, not as a node. An
    agentless passive's subject (:attr:`kg.model.Triple.agentless`) is the
    event's target, the event is also a ``kg:AgentlessEvent`` and has no
    ``kg:actor``, and its object (where or to whom: "were killed in Palma") is
    an argument.
    """
    doc = result.document
    g = NamedNode(V.doc_iri(doc.id))
    quads: list[Quad] = [
        Quad(g, _RDF_TYPE, _DOCUMENT, g),
        Quad(g, NamedNode(V.DCT + "identifier"), _lit(doc.id), g),
        Quad(g, _kg("contentHash"), _lit(digest or content_hash(doc)), g),
        Quad(g, _kg("sentenceCount"), Literal(str(result.sentences), datatype=_XSD_INT), g),
    ]
    if doc.date:
        quads.append(Quad(g, NamedNode(V.DCT + "date"), Literal(doc.date, datatype=_XSD_DATE), g))
    if doc.title:
        quads.append(Quad(g, NamedNode(V.DCT + "title"), _lit(doc.title), g))
    if doc.url:
        quads.append(Quad(g, NamedNode(V.SCHEMA + "url"), _lit(doc.url), g))
    if doc.source:
        quads.append(Quad(g, NamedNode(V.DCT + "source"), _lit(doc.source), g))
    mentioned: dict[str, EntityRef] = {}
    emitted: set[str] = set()
    for t in result.triples:
        if not is_actor(t.subject) or t.derived:  # a derived fact restates an event: not a second one
            continue
        key = event_key(t)
        if key in emitted:  # the same event twice (e.g. from two rules): keep the first
            continue
        emitted.add(key)
        e = NamedNode(V.event_iri(key))
        mentioned.setdefault(t.subject.id, t.subject)
        quads += [
            Quad(e, _RDF_TYPE, _EVENT, g),
            # "14 people were killed": the people are what the event acted on, and nobody is its actor
            Quad(e, _kg("target" if t.agentless else "actor"), NamedNode(V.entity_iri(t.subject.id)), g),
            *([Quad(e, _RDF_TYPE, _AGENTLESS, g)] if t.agentless else []),
            Quad(e, _kg("actionText"), _lit(t.action.text), g),
            Quad(e, _kg("lemma"), _lit(t.action.lemma), g),
            Quad(e, _kg("negated"), Literal("true" if t.action.negated else "false", datatype=_XSD_BOOL), g),
            # 4 decimals: the JSONL precision, and what every SPARQL server round-trips unchanged
            Quad(e, _kg("confidence"), Literal(repr(round(float(t.confidence), 4)), datatype=_XSD_DOUBLE), g),
            Quad(e, _kg("sentenceIndex"), Literal(str(t.sentence), datatype=_XSD_INT), g),
            Quad(e, _kg("evidence"), _lit(t.text), g),
            Quad(e, _kg("spanStart"), Literal(str(t.span[0]), datatype=_XSD_INT), g),
            Quad(e, _kg("spanEnd"), Literal(str(t.span[1]), datatype=_XSD_INT), g),
            Quad(e, _DERIVED, g, g),
        ]
        if t.action.category:
            quads.append(Quad(e, _kg("category"), NamedNode(V.category_iri(t.action.category)), g))
        if t.action.modality:
            quads.append(Quad(e, _kg("modality"), _lit(t.action.modality), g))
        if t.date:
            quads.append(Quad(e, _kg("date"), Literal(t.date, datatype=_XSD_DATE), g))
        args = list(t.arguments)
        if is_actor(t.object) and not t.agentless:
            assert t.object is not None
            target = NamedNode(V.entity_iri(t.object.id))
            mentioned.setdefault(t.object.id, t.object)
            quads.append(Quad(e, _kg("target"), target, g))
            quads.append(Quad(NamedNode(V.entity_iri(t.subject.id)), _kg("actedOn"), target, g))
        elif t.object is not None and t.object.text:  # a thing, or where an agentless event happened
            args.insert(0, Argument(t.object.text, "object"))
        for k, arg in enumerate(args):
            a = NamedNode(f"{V.event_iri(key)}/arg/{k}")
            quads += [Quad(e, _kg("argument"), a, g), Quad(a, _RDF_TYPE, _ARGUMENT, g),
                      Quad(a, _kg("role"), _lit(arg.role), g), Quad(a, _RDF_VALUE, _lit(arg.text), g)]
    for entity_id in mentioned:
        quads.append(Quad(g, _kg("mentions"), NamedNode(V.entity_iri(entity_id)), g))
    # what this document says of each actor's country, so analysis can count votes over documents
    placed = {(t.id, t.country, t.country_inferred) for t in _actor_refs(result.triples) if t.country}
    for entity_id, country, inferred in sorted(placed):
        quads.append(Quad(NamedNode(V.entity_iri(entity_id)),
                          _kg("documentInferredCountry" if inferred else "documentCountry"), _lit(country), g))
    return quads, list(mentioned.values())


def _actor_refs(triples: Iterable[Triple]) -> Iterator[EntityRef]:
    for t in triples:
        if not is_actor(t.subject) or t.derived:
            continue
        yield t.subject
        if is_actor(t.object) and not t.agentless:
            assert t.object is not None
            yield t.object

