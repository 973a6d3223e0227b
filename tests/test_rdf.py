"""kg.rdf: extraction results -> quads under ontology/README.md, valid IRIs and literals, SHACL-valid."""
from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from kg import vocab as V
from kg.extract.pipeline import ExtractionResult
from kg.model import Action, Argument, Document, EntityRef, Triple
from kg.rdf.quads import TYPE_CLASSES, content_hash, document_quads, entity_quads, event_key, is_actor
from kg.store import open_store
from kg.ingest.validation import validate_graph_text, validate_store

KG = V.KG
RDF_TYPE = V.RDF + "type"


def kg(name: str) -> ox.NamedNode:
    return ox.NamedNode(KG + name)


def objects(quads, subject, predicate: str) -> list:
    return [q.object for q in quads if q.subject == subject and q.predicate.value == predicate]


def events(quads) -> list[ox.NamedNode]:
    return [q.subject for q in quads if q.predicate.value == RDF_TYPE and q.object == kg("Event")]


def event_by_text(quads, text: str) -> ox.NamedNode:
    [event] = [q.subject for q in quads if q.predicate == kg("actionText") and q.object.value == text]
    return event


def round_trip(quads) -> list[ox.Quad]:
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    return list(ox.parse(data, ox.RdfFormat.N_QUADS))


def nquads_text(quads) -> str:
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8")


# --------------------------------------------------------------------------- the mapping


def test_every_document_quad_is_in_the_document_graph(hand_results):
    quads, _ = document_quads(hand_results[0])
    graph = ox.NamedNode(V.doc_iri("doc-one"))
    assert quads and {q.graph_name for q in quads} == {graph}


def test_document_description(hand_results):
    result = hand_results[0]
    quads, _ = document_quads(result)
    doc = ox.NamedNode(V.doc_iri("doc-one"))
    assert objects(quads, doc, RDF_TYPE) == [kg("Document")]
    assert objects(quads, doc, V.DCT + "identifier") == [ox.Literal("doc-one")]
    assert objects(quads, doc, V.DCT + "date") == [ox.Literal("2026-01-10", datatype=ox.NamedNode(V.XSD + "date"))]
    assert objects(quads, doc, V.DCT + "title") == [ox.Literal("Navy strikes Los Lobos")]
    assert objects(quads, doc, V.SCHEMA + "url") == [ox.Literal("https://example.org/1")]
    assert objects(quads, doc, V.DCT + "source") == [ox.Literal("Example Wire")]
    assert objects(quads, doc, KG + "contentHash") == [ox.Literal(content_hash(result.document))]
    assert objects(quads, doc, KG + "sentenceCount") == [ox.Literal("6", datatype=ox.NamedNode(V.XSD + "integer"))]
    mentions = {o.value for o in objects(quads, doc, KG + "mentions")}
    assert mentions == {V.entity_iri(i) for i in ("Person/alice-ayala", "Organization/los-lobos",
                                                  "Organization/ecuadorian-navy", "Country/united-states")}


def test_digest_argument_overrides_content_hash(hand_results):
    quads, _ = document_quads(hand_results[1], digest="abc")
    assert [q.object.value for q in quads if q.predicate == kg("contentHash")] == ["abc"]


def test_undated_document_has_no_date(hand_results):
    result = hand_results[1]
    result.document = Document("undated", "text")
    quads, _ = document_quads(result)
    assert not [q for q in quads if q.predicate.value == V.DCT + "date"]
    assert not [q for q in quads if q.predicate.value == V.DCT + "title"]


def test_events_actor_target_and_direct_edges(hand_results, hand_entities):
    quads, mentioned = document_quads(hand_results[0])
    e = {k: ox.NamedNode(V.entity_iri(v.id)) for k, v in hand_entities.items()}
    # the generic police subject (s4) yields no event: five of six triples are events
    assert len(events(quads)) == 5
    for event in events(quads):
        assert len(objects(quads, event, KG + "actor")) == 1
        assert objects(quads, event, V.PROV + "wasDerivedFrom") == [ox.NamedNode(V.doc_iri("doc-one"))]
    attacked = event_by_text(quads, "attacked")
    assert objects(quads, attacked, KG + "actor") == [e["navy"]]
    assert objects(quads, attacked, KG + "target") == [e["lobos"]]
    assert objects(quads, attacked, KG + "category") == [ox.NamedNode(V.ACT + "ASSAULT")]
    assert objects(quads, attacked, KG + "lemma") == [ox.Literal("attack")]
    assert objects(quads, attacked, KG + "date") == [ox.Literal("2026-01-10", datatype=ox.NamedNode(V.XSD + "date"))]
    assert objects(quads, attacked, KG + "negated") == [ox.Literal(False)]
    assert objects(quads, attacked, KG + "confidence") == [ox.Literal(0.9)]
    assert objects(quads, attacked, KG + "sentenceIndex") == [ox.Literal(1)]
    assert objects(quads, attacked, KG + "spanStart") == [ox.Literal(100)]
    assert objects(quads, attacked, KG + "evidence")[0].value.startswith("Sentence 1 of doc-one")
    edges = {(q.subject, q.object) for q in quads if q.predicate == kg("actedOn")}
    assert edges == {(e["alice"], e["lobos"]), (e["navy"], e["lobos"]), (e["usa"], e["navy"])}
    # kg:actedOn only between actors: every edge's ends are targets or actors of some event
    assert {m.id for m in mentioned} == {"Person/alice-ayala", "Organization/los-lobos",
                                         "Organization/ecuadorian-navy", "Country/united-states"}


def test_non_actor_objects_become_arguments(hand_results, hand_entities):
    quads, mentioned = document_quads(hand_results[0])
    rejected = event_by_text(quads, "rejected")  # object of type Other
    assert objects(quads, rejected, KG + "target") == []
    [arg] = objects(quads, rejected, KG + "argument")
    assert objects(quads, arg, RDF_TYPE) == [kg("Argument")]
    assert objects(quads, arg, KG + "role") == [ox.Literal("object")]
    assert objects(quads, arg, V.RDF + "value") == [ox.Literal("the statement")]
    # neither the Other object nor the generic police become nodes anywhere
    all_iris = {t.value for q in quads for t in (q.subject, q.object) if isinstance(t, ox.NamedNode)}
    for name in ("statement", "police"):
        assert V.entity_iri(hand_entities[name].id) not in all_iris
    assert all(is_actor(m) for m in mentioned)


def test_generic_object_becomes_argument(hand_results, hand_entities):
    quads, mentioned = document_quads(hand_results[1])
    attacked = event_by_text(quads, "attacked")  # navy attacked (generic) police
    assert objects(quads, attacked, KG + "target") == []
    [arg] = objects(quads, attacked, KG + "argument")
    assert objects(quads, arg, V.RDF + "value") == [ox.Literal("police")]
    assert "Group/police" not in {m.id for m in mentioned}


def test_argument_order_object_first(hand_results):
    triple = hand_results[0].triples[5]
    triple.arguments = [Argument("on Monday", "on"), Argument("in Quito", "in")]
    quads, _ = document_quads(hand_results[0])
    event = event_by_text(quads, "rejected")
    values = []
    for k in range(3):
        arg = ox.NamedNode(f"{event.value}/arg/{k}")
        assert ox.Quad(event, kg("argument"), arg, quads[0].graph_name) in quads
        values.append((objects(quads, arg, KG + "role")[0].value, objects(quads, arg, V.RDF + "value")[0].value))
    assert values == [("object", "the statement"), ("on", "on Monday"), ("in", "in Quito")]


def test_intransitive_event_and_optional_fields(hand_results):
    quads, _ = document_quads(hand_results[1])
    resigned = event_by_text(quads, "resigned")
    assert objects(quads, resigned, KG + "target") == []
    assert objects(quads, resigned, KG + "category") == []
    assert objects(quads, resigned, KG + "argument") == []
    threaten = event_by_text(quads, "threaten")
    assert objects(quads, threaten, KG + "modality") == [ox.Literal("may")]
    condemned = event_by_text(quads, "condemned")
    assert objects(quads, condemned, KG + "date") == []


def test_negated_event(hand_results):
    hand_results[1].triples[0].action.negated = True
    quads, _ = document_quads(hand_results[1])
    assert objects(quads, event_by_text(quads, "sanctioned"), KG + "negated") == [ox.Literal(True)]


def test_entity_quads(hand_entities):
    quads = list(entity_quads(hand_entities.values()))
    graph = ox.NamedNode(V.ENTITY_GRAPH)
    assert {q.graph_name for q in quads} == {graph}
    lobos = ox.NamedNode(V.entity_iri("Organization/los-lobos"))
    assert set(objects(quads, lobos, RDF_TYPE)) == {kg("Actor"), kg("Organization")}
    assert objects(quads, lobos, KG + "entityId") == [ox.Literal("Organization/los-lobos")]
    assert objects(quads, lobos, V.SKOS + "prefLabel") == [ox.Literal("Los Lobos")]
    assert objects(quads, lobos, V.SKOS + "altLabel") == [ox.Literal("Lobos")]
    assert objects(quads, lobos, KG + "country") == [ox.Literal("ECU")]
    subjects = {q.subject.value for q in quads}
    assert V.entity_iri("Group/police") not in subjects  # generic
    assert V.entity_iri("Other/statement") not in subjects  # not an actor


def test_type_classes_cover_every_entity_type():
    from kg.model import ENTITY_TYPES

    assert set(TYPE_CLASSES) == set(ENTITY_TYPES)
    assert TYPE_CLASSES["Other"] == kg("OtherActor")


def test_alias_equal_to_label_or_too_long_is_not_an_alt_label():
    ref = EntityRef(text="Navy", id="Organization/navy", label="Navy", type="Organization",
                    aliases=["Navy", "", "x" * 81, "The Navy"])
    alt = [q.object.value for q in entity_quads([ref]) if q.predicate.value == V.SKOS + "altLabel"]
    assert alt == ["The Navy"]


# --------------------------------------------------------------------------- IRIs and literals

NASTY_IDS = [
    "Person/José Ñúñez",
    "Organization/a <b> \"c\" {d} |e| ^f^ `g` \\h",
    "Other/中文 العربية",
    "Person/percent%20already",
    "Group/tab\there",
]


@pytest.mark.parametrize("entity_id", NASTY_IDS)
def test_iris_are_valid_for_any_id(entity_id):
    subject = EntityRef(text=entity_id, id=entity_id, label=entity_id, type="Person")
    target = EntityRef(text="B", id="Organization/b", label="B", type="Organization")
    doc_id = "folder/" + entity_id
    triple = Triple(doc_id, 0, "s", (0, 1), subject, Action("hit", "hit", "ASSAULT"), target)
    result = ExtractionResult(Document(doc_id, "s"), [triple], sentences=1)
    quads, mentioned = document_quads(result)
    quads += list(entity_quads(mentioned))
    for iri in {t.value for q in quads for t in (q.subject, q.object, q.graph_name) if isinstance(t, ox.NamedNode)}:
        assert not re.search(r'[\s<>"{}|^`\\]', iri), iri
    assert set(round_trip(quads)) == set(quads)
    assert V.iri_to_entity_id(V.entity_iri(entity_id)) == entity_id
    assert V.iri_to_doc_id(V.doc_iri(doc_id)) == doc_id
    with open_store("memory") as store:
        store.replace_document(doc_id, quads)
        assert store.document_hashes() == {doc_id: content_hash(result.document)}


@pytest.mark.parametrize("text", [
    'He said "stop" and left',
    "line one\nline two\r\nline three",
    "tab\tbell\x07null\x00del\x7f",
    "back\\slash \\n not a newline",
    "emoji 🚀, RTL \u202e, line sep \u2028, é",
    "",
])
def test_literals_round_trip(text):
    subject = EntityRef(text=text or "A", id="Person/a", label=text or "A", type="Person", aliases=[text])
    triple = Triple("d", 0, text, (0, len(text)), subject, Action(text, text, None, False, text or None),
                    None, arguments=[Argument(text, text)])
    quads, mentioned = document_quads(ExtractionResult(Document("d", text or "x", title=text or None), [triple]))
    quads += list(entity_quads(mentioned))
    assert set(round_trip(quads)) == set(quads)
    with open_store("memory") as store:
        store.replace_document("d", quads)
        [[evidence]] = store.query("SELECT ?t WHERE { ?e kg:evidence ?t }").rows
        assert evidence == text


def test_category_iri():
    assert V.category_iri("ASSAULT") == V.ACT + "ASSAULT"
    assert V.category_iri("REQUEST/DEMAND") == V.ACT + "REQUEST%2FDEMAND"


# --------------------------------------------------------------------------- event keys


def test_event_key_is_deterministic(hand_results):
    triple = hand_results[0].triples[1]
    again = Triple.from_json(triple.to_json())
    assert event_key(triple) == event_key(again)
    assert re.fullmatch(r"[0-9a-f]{20}", event_key(triple))
    assert len({event_key(t) for t in hand_results[0].triples}) == len(hand_results[0].triples)


@pytest.mark.parametrize("change", [
    lambda t: setattr(t, "doc", "other"),
    lambda t: setattr(t, "sentence", 7),
    lambda t: setattr(t.action, "text", "shelled"),
    lambda t: setattr(t.action, "lemma", "shell"),
    lambda t: setattr(t.action, "negated", True),
    lambda t: setattr(t, "object", None),
])
def test_event_key_changes_with_identity(hand_results, change):
    triple = hand_results[0].triples[1]
    before = event_key(triple)
    change(triple)
    assert event_key(triple) != before


def test_event_key_ignores_confidence_and_date(hand_results):
    triple = hand_results[0].triples[1]
    before = event_key(triple)
    triple.confidence, triple.date = 0.1, None
    assert event_key(triple) == before


def test_coordinated_non_actor_objects_are_distinct_events():
    """"Portugal will send a frigate and an aircraft": two events, each with one confidence and argument."""
    portugal = EntityRef("Portugal", "Country/portugal", "Portugal", "Country", "PRT")
    things = [EntityRef(t, f"Other/{t}", t, "Other", generic=True) for t in ("a frigate", "an aircraft")]
    triples = [Triple("d", 0, "s", (0, 1), portugal, Action("will send", "send"), thing, confidence=c)
               for thing, c in zip(things, (0.7, 0.6))]
    quads, _ = document_quads(ExtractionResult(Document("d", "s"), triples, sentences=1))
    assert len(events(quads)) == 2
    conforms, report = validate_graph_text(nquads_text(quads))
    assert conforms, report


def test_duplicate_triples_make_one_event(hand_results):
    result = hand_results[0]
    duplicate = Triple.from_json(result.triples[1].to_json())
    duplicate.confidence = 0.5
    result.triples.append(duplicate)
    quads, _ = document_quads(result)
    assert len(events(quads)) == 5
    assert objects(quads, event_by_text(quads, "attacked"), KG + "confidence") == [ox.Literal(0.9)]


# --------------------------------------------------------------------------- SHACL


def test_quads_conform_to_shapes(hand_results):
    with open_store("memory") as store:
        for result in hand_results:
            quads, mentioned = document_quads(result)
            store.replace_document(result.document.id, quads, entity_quads(mentioned))
        conforms, report = validate_store(store)
    assert conforms, report


def test_shapes_catch_a_bad_country(hand_entities):
    hand_entities["lobos"].country = "Ecuador"
    conforms, report = validate_graph_text(nquads_text(list(entity_quads([hand_entities["lobos"]]))))
    assert not conforms
    assert "ISO 3166-1 alpha-3" in report
