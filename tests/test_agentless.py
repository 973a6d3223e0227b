"""A passive that does not say who acted ("14 people were killed") has a target and no actor.

Why this matters: such a clause used to make its grammatical subject the
event's actor, so victims ranked as the doers of the killing, with its
category. The triple keeps its subject (a fact reads "14 people | were killed"),
marks it ``agentless``, and the graph makes the subject the event's target.
Every sentence here was written for kg.
"""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from conftest import write_store
from kg import vocab as V
from kg.extract.pipeline import ExtractionResult, extract_text
from kg.graph.mirror import ActorGraph
from kg.graph.stats import store_stats
from kg.ingest.validation import validate_graph_text
from kg.model import Action, Document, EntityRef, Triple
from kg.rdf.quads import document_quads
from kg.store import open_store


def _events(text: str) -> list[Triple]:
    return [t for t in extract_text(text, date="2026-03-04") if not t.derived]


def _by_lemma(text: str, lemma: str) -> list[Triple]:
    return [t for t in _events(text) if t.action.lemma == lemma]


# --------------------------------------------------------------------------- extraction


def test_a_passive_without_by_phrase_is_agentless(nlp):
    [t] = _by_lemma("Fourteen villagers were killed in the town of Palma on Sunday.", "kill")
    assert t.agentless
    assert t.subject.text == "Fourteen villagers"  # the fact still reads as the sentence does


def test_a_passive_with_its_agent_names_the_agent(nlp):
    [t] = _by_lemma("Two reporters were detained by soldiers in Bissau.", "detain")
    assert not t.agentless
    assert t.subject.label.lower().startswith("soldier")


def test_conjoined_passives_are_both_agentless(nlp):
    triples = _events("The mayor of Quelimane was arrested and charged with fraud.")
    assert {t.action.lemma for t in triples if t.agentless} >= {"arrest", "charge"}


def test_a_perfect_conjoined_to_a_passive_is_active(nlp):
    # the fisherman spoke to the police: nothing was done to him by anyone unnamed
    triples = _by_lemma("The fisherman was shot in the leg and has spoken to the police about the raid.", "speak")
    assert triples and not any(t.agentless for t in triples)


@pytest.mark.parametrize("text, lemma", [
    # where the charity is, where the soldiers are, whom he stands with: states, not acts done to them
    ("The Harbour Relief Trust is based in Maputo.", "base"),
    ("Three hundred soldiers are stationed in Pemba.", "station"),
    ("The smuggler was associated with the Lobo cartel.", "associate"),
    ("Two fishermen were involved in the collision.", "involve"),
])
def test_a_stative_passive_keeps_its_subject_as_actor(nlp, text, lemma):
    [t] = _by_lemma(text, lemma)
    assert not t.agentless


def test_an_active_clause_is_not_agentless(nlp):
    assert not any(t.agentless for t in _events("Rebels burned the market in Palma."))


def test_agentless_round_trips_through_json():
    subject = EntityRef("Fourteen villagers", "Group/villager", "villagers", "Group")
    t = Triple("d", 0, "Fourteen villagers were killed.", (0, 31), subject, Action("were killed", "kill", "ASSAULT"),
               agentless=True)
    data = t.to_json()
    assert data["agentless"] is True
    assert Triple.from_json(data).agentless
    plain = Triple.from_json({**data, "agentless": False})
    assert "agentless" not in plain.to_json()  # written only when true, like "derived"


# --------------------------------------------------------------------------- RDF and the graph

_VILLAGERS = EntityRef("Fourteen villagers", "Group/villager", "villagers", "Group")
_PALMA = EntityRef("Palma", "Location/palma", "Palma", "Location")
_POLICE = EntityRef("Police", "Organization/harbour-police", "Harbour Police", "Organization")
_MAYOR = EntityRef("the mayor", "Person/rui-sabonete", "Rui Sabonete", "Person")


def _result() -> ExtractionResult:
    text = "Fourteen villagers were killed in Palma. Harbour Police arrested Rui Sabonete."
    killed = Triple("d1", 0, "Fourteen villagers were killed in Palma.", (0, 40), _VILLAGERS,
                    Action("were killed in", "kill", "ASSAULT"), _PALMA, agentless=True)
    arrested = Triple("d1", 1, "Harbour Police arrested Rui Sabonete.", (41, 78), _POLICE,
                      Action("arrested", "arrest", "COERCE"), _MAYOR)
    return ExtractionResult(Document("d1", text, "2026-03-01"), [killed, arrested], sentences=2)


def _kg(name: str) -> ox.NamedNode:
    return ox.NamedNode(V.KG + name)


def test_an_agentless_event_has_its_subject_as_target_and_no_actor():
    quads, mentioned = document_quads(_result())
    [killing] = [q.subject for q in quads if q.predicate == _kg("lemma") and q.object.value == "kill"]
    about = {q.predicate.value.rsplit("#", 1)[1]: q.object for q in quads if q.subject == killing}
    assert about["target"] == ox.NamedNode(V.entity_iri("Group/villager"))
    assert "actor" not in about
    # where it happened is an argument, not an actor the villagers acted on
    assert not any(q.predicate == _kg("actedOn") and q.subject == about["target"] for q in quads)
    args = [q.object for q in quads if q.subject == killing and q.predicate == _kg("argument")]
    assert "Palma" in {q.object.value for q in quads if q.subject in args}
    assert {e.id for e in mentioned} == {"Group/villager", "Organization/harbour-police", "Person/rui-sabonete"}


def test_an_agentless_event_conforms_to_the_shapes():
    quads, _ = document_quads(_result())
    conforms, report = validate_graph_text(ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode())
    assert conforms, report


def test_an_event_with_neither_actor_nor_target_does_not_conform():
    quads, _ = document_quads(_result())
    kept = [q for q in quads if q.predicate != _kg("target") or q.object != ox.NamedNode(V.entity_iri("Group/villager"))]
    conforms, report = validate_graph_text(ox.serialize(kept, format=ox.RdfFormat.N_QUADS).decode())
    assert not conforms
    assert "An event has a kg:actor, a kg:target, or both." in report


def test_analysis_counts_only_events_with_a_known_actor(tmp_path):
    path = write_store(tmp_path / "store", [_result()])
    with open_store(str(path)) as store:
        graph = ActorGraph(store).weighted
        stats = store_stats(store, quads=False)
    # the villagers did not kill anyone, and nobody named killed them: no edge, in either direction
    assert not any("villager" in u or "villager" in v for u, v in graph.edges)
    assert set(graph.edges) == {("Organization/harbour-police", "Person/rui-sabonete")}
    assert stats["events"] == 1 and stats["with_target"] == 1
