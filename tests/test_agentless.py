"""A passive that does not say who acted ("14 people were killed") has a target and no actor.

Why this matters: such a clause used to make its grammatical subject the
event's actor, so victims ranked as the doers of the killing, with its
category. The triple keeps its subject (a fact reads "14 people | were killed"),
marks it ``agentless``, and the graph makes the subject the target of a
``kg:AgentlessEvent``: it counts for the target alone and draws no edge.
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
from kg.ingest.builder import BuildReport, load_results
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


@pytest.mark.parametrize("text, doer, done_to", [
    # the body one is removed "from" is the one that removed them
    ("A Lisbon accountant was fired from Tavira Holdings on Monday.", "Tavira Holdings", "A Lisbon accountant"),
    ("The deputy was expelled from the party for disloyalty.", "the party", "The deputy"),
    # "let go" read as one verb, its "by" phrase the doer
    ("Marta Lobo was let go by her employer last week.", "her employer", "Marta Lobo"),
    ("The clinic let go 30 nurses in June.", "The clinic", "30 nurses"),
])
def test_a_dismissal_has_the_body_that_dismissed_as_its_actor(nlp, text, doer, done_to):
    [t] = [t for t in _events(text) if t.object is not None and t.object.text == done_to]
    assert (t.subject.text, t.action.category, t.agentless) == (doer, "SANCTION", False)


@pytest.mark.parametrize("text", [
    "The nurse was fired from her job in May.",  # a job dismisses no one
    "A former employee recently let go from his job opened fire at a party.",  # the parser misreads the participle
    "She refused to let go of the rope.",
])
def test_no_dismissal_has_a_body_that_cannot_act_or_a_misread_doer(nlp, text):
    assert not any(t.action.category == "SANCTION" and t.object is not None and t.object.type != "Other"
                   and not t.agentless for t in _events(text)), [(t.subject.text, t.object) for t in _events(text)]


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
    types = {q.object for q in quads if q.subject == killing and q.predicate.value == V.RDF + "type"}
    assert types == {_kg("Event"), _kg("AgentlessEvent")}  # found by type, not by an absent property
    # where it happened is an argument, not an actor the villagers acted on
    assert not any(q.predicate == _kg("actedOn") and q.subject == about["target"] for q in quads)
    args = [q.object for q in quads if q.subject == killing and q.predicate == _kg("argument")]
    assert "Palma" in {q.object.value for q in quads if q.subject in args}
    assert {e.id for e in mentioned} == {"Group/villager", "Organization/harbour-police", "Person/rui-sabonete"}


def test_an_agentless_event_conforms_to_the_shapes():
    quads, _ = document_quads(_result())
    conforms, report = validate_graph_text(ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode())
    assert conforms, report


def _validated_without(drop) -> tuple[bool, str]:
    quads, _ = document_quads(_result())
    kept = [q for q in quads if not drop(q)]
    return validate_graph_text(ox.serialize(kept, format=ox.RdfFormat.N_QUADS).decode())


def test_an_agentless_event_without_target_does_not_conform():
    conforms, report = _validated_without(lambda q: q.predicate == _kg("target")
                                          and q.object == ox.NamedNode(V.entity_iri("Group/villager")))
    assert not conforms
    assert "An event without a known actor has a kg:target" in report


def test_an_event_without_actor_must_say_it_is_agentless():
    conforms, report = _validated_without(lambda q: q.object == _kg("AgentlessEvent"))
    assert not conforms
    assert "An event has exactly one kg:actor, or is a kg:AgentlessEvent with a kg:target." in report


def test_analysis_counts_an_agentless_event_for_its_target_alone(backend_store):
    """On every back-end: the embedded store with its summary, and a SPARQL server (Virtuoso) without one."""
    load_results(backend_store, [_result()], BuildReport())
    graph = ActorGraph(backend_store).weighted
    stats = store_stats(backend_store, quads=False)
    # the villagers did not kill anyone, and nobody named killed them: no edge, in either direction
    assert set(graph.edges) == {("Organization/harbour-police", "Person/rui-sabonete")}
    # but it happened to them: the event counts for them ("events" ranking), and for nobody else
    assert graph.nodes["Group/villager"]["mentions"] == 1
    assert "Location/palma" not in graph
    assert stats["events"] == 2 and stats["with_target"] == 2


def test_the_store_counts_agentless_events_alike_with_and_without_its_summary(tmp_path):
    path = write_store(tmp_path / "store", [_result()])
    with open_store(str(path)) as store:
        assert store_stats(store, quads=False) == store_stats(_NoSummary(store), quads=False)


class _NoSummary:
    """The store as a SPARQL server shows it: no saved summary, so the statistics come from SPARQL."""

    def __init__(self, store) -> None:
        self._store = store
        self.derived_dir = None

    def __getattr__(self, name):
        return getattr(self._store, name)



def test_a_headline_participle_with_a_subject_is_a_passive():
    # "Portugal rocked by protests" is "Portugal was rocked by protests": the protests act on Portugal
    triples = list(extract_text("Portugal rocked by more protests over teacher's dismissal"))
    pairs = [(t.subject.text, t.object.text if t.object else None) for t in triples if not t.derived]
    assert ("more protests over teacher's dismissal", "Portugal") in pairs, pairs
    assert ("Portugal", None) not in pairs
