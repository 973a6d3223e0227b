"""The ontology files: they parse, declare the README's data model, validate it, and the queries run."""
from __future__ import annotations

import re

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS, XSD

from kg.resources import ontology_dir, ontology_file
from kg.vocab import ENTITY_GRAPH

KG = Namespace("https://w3id.org/kg-news/ns#")
SCHEMA = Namespace("https://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCT = Namespace("http://purl.org/dc/terms/")
SH = Namespace("http://www.w3.org/ns/shacl#")

ONTOLOGY_IRI = URIRef("https://w3id.org/kg-news/ns")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_file("kg.ttl"), format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ontology_file("shapes.ttl"), format="turtle")


# --------------------------------------------------------------------------- parsing


@pytest.mark.parametrize("name", ["kg.ttl", "shapes.ttl", "actions.ttl"])
def test_ontology_file_parses(name):
    graph = Graph().parse(ontology_file(name), format="turtle")
    assert len(graph) > 50


def test_ontology_header(ontology):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    assert ontology.value(ONTOLOGY_IRI, RDFS.label) is not None
    assert ontology.value(ONTOLOGY_IRI, RDFS.comment) is not None
    assert ontology.value(ONTOLOGY_IRI, DCT.license) == URIRef("https://opensource.org/licenses/MIT")


# --------------------------------------------------------------------------- classes


@pytest.mark.parametrize("cls, aligned", [
    ("Person", SCHEMA.Person),
    ("Organization", SCHEMA.Organization),
    ("Country", SCHEMA.Country),
    ("Location", SCHEMA.Place),
    ("Group", None),
    ("OtherActor", None),
])
def test_actor_classes(ontology, cls, aligned):
    supers = set(ontology.objects(KG[cls], RDFS.subClassOf))
    assert (KG[cls], RDF.type, OWL.Class) in ontology
    assert KG.Actor in supers
    if aligned is not None:
        assert aligned in supers


def test_event_document_argument_classes(ontology):
    assert SCHEMA.Event in set(ontology.objects(KG.Event, RDFS.subClassOf))
    assert {SCHEMA.NewsArticle, PROV.Entity} <= set(ontology.objects(KG.Document, RDFS.subClassOf))
    assert (KG.Argument, RDF.type, OWL.Class) in ontology


# --------------------------------------------------------------------------- properties


def _readme_kg_terms() -> set[str]:
    readme = (ontology_dir() / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(.*?)```", readme, flags=re.S)
    assert blocks, "README.md lost its data model code blocks"
    return {m for block in blocks for m in re.findall(r"\bkg:([A-Za-z]+)", block)}


def test_every_kg_term_of_the_readme_is_declared(ontology):
    terms = _readme_kg_terms()
    assert {"actor", "target", "category", "actedOn", "evidence"} <= terms  # the parse worked
    declared = {str(s)[len(str(KG)):] for s in ontology.subjects(RDF.type, None) if str(s).startswith(str(KG))}
    assert sorted(terms - declared) == []


def _kg_properties(ontology: Graph) -> list[URIRef]:
    props = set(ontology.subjects(RDF.type, OWL.ObjectProperty)) | set(ontology.subjects(RDF.type, OWL.DatatypeProperty))
    return sorted(p for p in props if str(p).startswith(str(KG)))


def test_properties_are_documented_and_typed(ontology):
    props = _kg_properties(ontology)
    assert len(props) >= 23
    for prop in props:
        for attr in (RDFS.label, RDFS.comment, RDFS.domain, RDFS.range):
            assert ontology.value(prop, attr) is not None, f"{prop} has no {attr}"
        rng = ontology.value(prop, RDFS.range)
        is_datatype = (prop, RDF.type, OWL.DatatypeProperty) in ontology
        is_object = (prop, RDF.type, OWL.ObjectProperty) in ontology
        assert is_datatype != is_object, f"{prop} must be exactly one of object/datatype property"
        assert str(rng).startswith(str(XSD)) == is_datatype, f"{prop}: range {rng} does not fit its kind"


@pytest.mark.parametrize("prop, kind, domain, rng", [
    ("actor", OWL.ObjectProperty, KG.Event, KG.Actor),
    ("target", OWL.ObjectProperty, KG.Event, KG.Actor),
    ("actedOn", OWL.ObjectProperty, KG.Actor, KG.Actor),
    ("mentions", OWL.ObjectProperty, KG.Document, KG.Actor),
    ("category", OWL.ObjectProperty, KG.Event, SKOS.Concept),
    ("negatedAs", OWL.ObjectProperty, SKOS.Concept, SKOS.Concept),
    ("trigger", OWL.DatatypeProperty, SKOS.Concept, XSD.string),
    ("confidence", OWL.DatatypeProperty, KG.Event, XSD.double),
    ("date", OWL.DatatypeProperty, KG.Event, XSD.date),
    ("negated", OWL.DatatypeProperty, KG.Event, XSD.boolean),
    ("sentenceIndex", OWL.DatatypeProperty, KG.Event, XSD.integer),
])
def test_key_property_signatures(ontology, prop, kind, domain, rng):
    assert (KG[prop], RDF.type, kind) in ontology
    assert ontology.value(KG[prop], RDFS.domain) == domain
    assert ontology.value(KG[prop], RDFS.range) == rng


def test_reused_terms_are_not_redeclared(ontology):
    for term in (PROV.wasDerivedFrom, SKOS.prefLabel, SKOS.altLabel, RDF.value):
        assert (term, RDF.type, None) not in ontology


# --------------------------------------------------------------------------- SHACL

VALID_EXAMPLE = """
@prefix kg:     <https://w3id.org/kg-news/ns#> .
@prefix act:    <https://w3id.org/kg-news/action/> .
@prefix skos:   <http://www.w3.org/2004/02/skos/core#> .
@prefix prov:   <http://www.w3.org/ns/prov#> .
@prefix dct:    <http://purl.org/dc/terms/> .
@prefix schema: <https://schema.org/> .
@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf:    <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix id:     <https://w3id.org/kg-news/id/> .

# entity graph
<https://w3id.org/kg-news/id/entity/Organization/los-lobos> a kg:Actor , kg:Organization ;
    kg:entityId "Organization/los-lobos" ;
    skos:prefLabel "Los Lobos" ; skos:altLabel "Lobos" ;
    kg:country "ECU" .
<https://w3id.org/kg-news/id/entity/Organization/us-southern-command> a kg:Actor , kg:Organization ;
    kg:entityId "Organization/us-southern-command" ;
    skos:prefLabel "U.S. Southern Command" ; skos:altLabel "SOUTHCOM" ;
    kg:country "USA" .

# document graph
<https://w3id.org/kg-news/id/doc/seed> a kg:Document ;
    dct:identifier "seed" ; dct:date "2026-03-04"^^xsd:date ;
    dct:title "Joint operation" ; schema:url "https://example.org/seed" ; dct:source "Example" ;
    kg:contentHash "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" ;
    kg:mentions <https://w3id.org/kg-news/id/entity/Organization/los-lobos> ,
                <https://w3id.org/kg-news/id/entity/Organization/us-southern-command> .
<https://w3id.org/kg-news/id/event/abc123> a kg:Event ;
    kg:actor <https://w3id.org/kg-news/id/entity/Organization/us-southern-command> ;
    kg:target <https://w3id.org/kg-news/id/entity/Organization/los-lobos> ;
    kg:actionText "launched" ; kg:lemma "launch" ;
    kg:category act:FIGHT ;
    kg:date "2026-03-03"^^xsd:date ;
    kg:negated false ; kg:modality "may" ;
    kg:confidence "0.82"^^xsd:double ;
    kg:sentenceIndex 3 ; kg:evidence "On March 3, forces launched operations against Los Lobos." ;
    kg:spanStart 120 ; kg:spanEnd 240 ;
    kg:argument <https://w3id.org/kg-news/id/event/abc123/arg/0> ;
    prov:wasDerivedFrom <https://w3id.org/kg-news/id/doc/seed> .
<https://w3id.org/kg-news/id/event/abc123/arg/0> a kg:Argument ;
    kg:role "in" ; rdf:value "in Ecuador" .
<https://w3id.org/kg-news/id/entity/Organization/us-southern-command>
    kg:actedOn <https://w3id.org/kg-news/id/entity/Organization/los-lobos> .
"""

EVENT = URIRef("https://w3id.org/kg-news/id/event/abc123")
LOBOS = URIRef("https://w3id.org/kg-news/id/entity/Organization/los-lobos")
DOC = URIRef("https://w3id.org/kg-news/id/doc/seed")


def _validate(data: Graph, shapes: Graph) -> tuple[bool, set[URIRef]]:
    """Run pyshacl; return (conforms, the sh:resultPath of every violation)."""
    from pyshacl import validate

    conforms, report, _text = validate(data, shacl_graph=shapes, inference="none", advanced=False)
    paths = {p for p in report.objects(None, SH.resultPath)}
    return bool(conforms), paths


@pytest.fixture()
def valid_data() -> Graph:
    return Graph().parse(data=VALID_EXAMPLE, format="turtle")


def test_shapes_accept_valid_example(valid_data, shapes):
    conforms, paths = _validate(valid_data, shapes)
    assert conforms, paths


def _remove(subject, prop):
    def mutate(g: Graph) -> None:
        g.remove((subject, prop, None))
    return mutate


def _drop(prop):
    return _remove(EVENT, prop)


def _set(subject, prop, value):
    def mutate(g: Graph) -> None:
        g.set((subject, prop, value))
    return mutate


def _add(subject, prop, value):
    def mutate(g: Graph) -> None:
        g.add((subject, prop, value))
    return mutate


@pytest.mark.parametrize("mutate, path", [
    (_add(EVENT, KG.actor, LOBOS), KG.actor),
    (_set(EVENT, KG.actor, Literal("Los Lobos")), KG.actor),
    (_add(EVENT, KG.target, URIRef("https://w3id.org/kg-news/id/entity/Person/x")), KG.target),
    (_drop(KG.lemma), KG.lemma),
    (_drop(KG.evidence), KG.evidence),
    (_drop(PROV.wasDerivedFrom), PROV.wasDerivedFrom),
    (_set(EVENT, KG.negated, Literal("no")), KG.negated),
    (_set(EVENT, KG.confidence, Literal(1.5)), KG.confidence),
    (_set(EVENT, KG.confidence, Literal("0.5")), KG.confidence),
    (_set(EVENT, KG.sentenceIndex, Literal(-1)), KG.sentenceIndex),
    (_set(EVENT, KG.date, Literal("March 3")), KG.date),
    (_set(EVENT, KG.category, Literal("ASSAULT")), KG.category),
    (_remove(DOC, DCT.identifier), DCT.identifier),
    (_set(DOC, DCT.date, Literal("2026-03-04")), DCT.date),
    (_set(LOBOS, KG.country, Literal("EC")), KG.country),
    (_set(LOBOS, KG.country, Literal("ecu")), KG.country),
    (_add(LOBOS, SKOS.prefLabel, Literal("The Wolves")), SKOS.prefLabel),
    (_remove(LOBOS, KG.entityId), KG.entityId),
])
def test_shapes_reject_invalid_data(valid_data, shapes, mutate, path):
    mutate(valid_data)
    conforms, paths = _validate(valid_data, shapes)
    assert not conforms
    assert path in paths


def test_agentless_event_is_valid_with_a_target(valid_data, shapes):
    # "14 people were killed": the text does not say who acted
    valid_data.remove((EVENT, KG.actor, None))
    valid_data.add((EVENT, RDF.type, KG.AgentlessEvent))
    conforms, paths = _validate(valid_data, shapes)
    assert conforms, paths


@pytest.mark.parametrize("agentless, actor, target", [
    (False, False, True),  # no actor, and not said to be agentless
    (True, False, False),  # agentless, but done to nobody
    (True, True, True),  # agentless, yet with an actor
])
def test_event_actor_rules(valid_data, shapes, agentless, actor, target):
    if agentless:
        valid_data.add((EVENT, RDF.type, KG.AgentlessEvent))
    if not actor:
        valid_data.remove((EVENT, KG.actor, None))
    if not target:
        valid_data.remove((EVENT, KG.target, None))
    conforms, _ = _validate(valid_data, shapes)
    assert not conforms


def test_event_without_target_or_date_is_valid(valid_data, shapes):
    for prop in (KG.target, KG.date, KG.category, KG.modality):
        valid_data.remove((EVENT, prop, None))
    conforms, paths = _validate(valid_data, shapes)
    assert conforms, paths


# --------------------------------------------------------------------------- queries

E = "https://w3id.org/kg-news/id/entity/"
QUERY_DATA = f"""
@prefix kg:   <https://w3id.org/kg-news/ns#> .
@prefix act:  <https://w3id.org/kg-news/action/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dct:  <http://purl.org/dc/terms/> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .

<{ENTITY_GRAPH}> {{
  <{E}Organization/los-lobos> a kg:Actor , kg:Organization ; kg:entityId "Organization/los-lobos" ;
      skos:prefLabel "Los Lobos" ; skos:altLabel "Lobos" ; kg:country "ECU" .
  <{E}Country/ecuador> a kg:Actor , kg:Country ; kg:entityId "Country/ecuador" ;
      skos:prefLabel "Ecuador" ; kg:country "ECU" .
  <{E}Person/daniel-noboa> a kg:Actor , kg:Person ; kg:entityId "Person/daniel-noboa" ;
      skos:prefLabel "Daniel Noboa" ; skos:altLabel "Noboa" ; kg:country "ECU" .
}}

<https://w3id.org/kg-news/id/doc/a> {{
  <https://w3id.org/kg-news/id/doc/a> a kg:Document ; dct:identifier "a" ; dct:date "2026-03-04"^^xsd:date .
  <https://w3id.org/kg-news/id/event/a1> a kg:Event ;
      kg:actor <{E}Country/ecuador> ; kg:target <{E}Organization/los-lobos> ;
      kg:actionText "launched operations against" ; kg:lemma "launch" ; kg:category act:FIGHT ;
      kg:date "2026-03-03"^^xsd:date ; kg:negated false ; kg:confidence "0.8"^^xsd:double ;
      kg:sentenceIndex 0 ; kg:evidence "Ecuador launched operations against Los Lobos." ;
      prov:wasDerivedFrom <https://w3id.org/kg-news/id/doc/a> .
  <https://w3id.org/kg-news/id/event/a2> a kg:Event ;
      kg:actor <{E}Organization/los-lobos> ;
      kg:actionText "retreated" ; kg:lemma "retreat" ; kg:category act:RETREAT ;
      kg:negated false ; kg:confidence "0.6"^^xsd:double ;
      kg:sentenceIndex 1 ; kg:evidence "Los Lobos retreated." ;
      prov:wasDerivedFrom <https://w3id.org/kg-news/id/doc/a> .
}}

<https://w3id.org/kg-news/id/doc/b> {{
  <https://w3id.org/kg-news/id/doc/b> a kg:Document ; dct:identifier "b" ; dct:date "2026-01-10"^^xsd:date .
  <https://w3id.org/kg-news/id/event/b1> a kg:Event ;
      kg:actor <{E}Person/daniel-noboa> ; kg:target <{E}Organization/los-lobos> ;
      kg:actionText "accused" ; kg:lemma "accuse" ; kg:category act:DISAPPROVE ;
      kg:date "2026-01-09"^^xsd:date ; kg:negated false ; kg:confidence "0.7"^^xsd:double ;
      kg:sentenceIndex 0 ; kg:evidence "Noboa accused Los Lobos of extortion." ;
      prov:wasDerivedFrom <https://w3id.org/kg-news/id/doc/b> .
  <https://w3id.org/kg-news/id/event/b2> a kg:Event ;
      kg:actor <{E}Person/daniel-noboa> ;
      kg:actionText "spoke" ; kg:lemma "speak" ;
      kg:negated false ; kg:confidence "0.4"^^xsd:double ;
      kg:sentenceIndex 1 ; kg:evidence "Noboa spoke." ;
      prov:wasDerivedFrom <https://w3id.org/kg-news/id/doc/b> .
}}
"""


@pytest.fixture()
def store():
    import pyoxigraph as ox

    st = ox.Store()
    st.load(QUERY_DATA, format=ox.RdfFormat.TRIG)
    return st


def _rows(store, query: str) -> list[dict[str, str | None]]:
    results = store.query(query)
    names = [v.value for v in results.variables]
    return [{n: (sol[n].value if sol[n] is not None else None) for n in names} for sol in results]


def _query(name: str) -> str:
    return (ontology_dir() / "queries" / name).read_text(encoding="utf-8")


def test_query_files_exist_and_declare_prefixes():
    names = sorted(p.name for p in (ontology_dir() / "queries").glob("*.rq"))
    assert {"top-actors.rq", "events-by-category.rq", "actor-timeline.rq", "who-did-what.rq",
            "unnamed-doers.rq"} <= set(names)
    for name in names:
        text = _query(name)
        used = set(re.findall(r"\b([a-z]+):[A-Za-z]", re.sub(r"<[^>]*>|#.*", "", text)))
        declared = set(re.findall(r"PREFIX\s+([a-z]*):", text))
        assert used <= declared, f"{name} uses undeclared prefixes {used - declared}"


def test_top_actors(store):
    rows = _rows(store, _query("top-actors.rq"))
    assert rows[0]["label"] == "Los Lobos"
    assert rows[0]["events"] == "3"
    assert rows[0]["type"] == "Organization"
    assert rows[0]["country"] == "ECU"
    by_label = {r["label"]: int(r["events"]) for r in rows}
    assert by_label == {"Los Lobos": 3, "Daniel Noboa": 2, "Ecuador": 1}


def test_actor_timeline_orders_by_date(store):
    rows = _rows(store, _query("actor-timeline.rq"))
    assert [r["event"].rsplit("/", 1)[1] for r in rows] == ["b1", "a1", "a2"]
    assert [r["role"] for r in rows] == ["target", "target", "actor"]
    assert [r["otherLabel"] for r in rows] == ["Daniel Noboa", "Ecuador", None]
    # a2 has no kg:date: the document's date stands in
    assert [r["date"] for r in rows] == ["2026-01-09", "2026-03-03", "2026-03-04"]


def test_actor_timeline_matches_alias_case_insensitively(store):
    text = _query("actor-timeline.rq")
    assert text.count('VALUES ?name { "Los Lobos" }') == 1
    rows = _rows(store, text.replace('VALUES ?name { "Los Lobos" }', 'VALUES ?name { "LOBOS" }'))
    assert len(rows) == 3
    rows = _rows(store, text.replace('VALUES ?name { "Los Lobos" }', 'VALUES ?name { "noboa" }'))
    assert sorted(r["event"].rsplit("/", 1)[1] for r in rows) == ["b1", "b2"]


def test_events_by_category(store):
    rows = _rows(store, _query("events-by-category.rq"))
    counts = {r["label"]: int(r["events"]) for r in rows}
    assert counts == {"FIGHT": 1, "RETREAT": 1, "DISAPPROVE": 1, "(none)": 1}


def test_events_by_category_uses_scheme_labels(store):
    import pyoxigraph as ox

    store.add(ox.Quad(ox.NamedNode("https://w3id.org/kg-news/action/FIGHT"),
                      ox.NamedNode(str(SKOS.prefLabel)), ox.Literal("Fight (military)", language="en"),
                      ox.NamedNode("https://w3id.org/kg-news/action/scheme")))
    rows = _rows(store, _query("events-by-category.rq"))
    assert "Fight (military)" in {r["label"] for r in rows}
    assert sum(int(r["events"]) for r in rows) == 4


def test_who_did_what(store):
    rows = _rows(store, _query("who-did-what.rq"))
    assert len(rows) == 4
    triples = {(r["actorLabel"], r["action"], r["targetLabel"], r["category"]) for r in rows}
    assert ("Ecuador", "launched operations against", "Los Lobos", "FIGHT") in triples
    assert ("Daniel Noboa", "spoke", None, None) in triples
    assert rows[0]["date"] == "2026-03-03"
    assert "LIMIT 100" in _query("who-did-what.rq")


def test_unnamed_doers(store):
    import pyoxigraph as ox

    event, doc = ox.NamedNode("https://w3id.org/kg-news/id/event/b3"), ox.NamedNode("https://w3id.org/kg-news/id/doc/b")
    kg = "https://w3id.org/kg-news/ns#"
    for p, o in [(str(RDF.type), ox.NamedNode(kg + "Event")), (str(RDF.type), ox.NamedNode(kg + "AgentlessEvent")),
                 (kg + "target", ox.NamedNode(E + "Person/daniel-noboa")),
                 (kg + "actionText", ox.Literal("was jeered")), (kg + "evidence", ox.Literal("Noboa was jeered."))]:
        store.add(ox.Quad(event, ox.NamedNode(p), o, doc))
    rows = _rows(store, _query("unnamed-doers.rq"))
    # only the event whose doer the text does not say; the four with an actor are not listed
    assert [(r["targetLabel"], r["action"]) for r in rows] == [("Daniel Noboa", "was jeered")]


def test_queries_parse_in_rdflib():
    """The queries are plain SPARQL 1.1, not Oxigraph dialect."""
    from rdflib.plugins.sparql import prepareQuery

    paths = sorted((ontology_dir() / "queries").glob("*.rq"))
    assert paths, "no bundled queries found"
    for path in paths:
        prepareQuery(path.read_text(encoding="utf-8"))  # raises on anything but SPARQL 1.1
