"""The word lists derived from WordNet are what ``tests/tools/wordnet_lists.py`` writes today.

Needs Debian's ``wordnet-base`` (``/usr/share/wordnet``; ``.ci/run`` installs
it). Without it the test skips, except under CI (``$CI`` set), where it fails.
"""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

_TOOL = Path(__file__).parent / "tools" / "wordnet_lists.py"


def _tool():
    spec = importlib.util.spec_from_file_location("wordnet_lists", _TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tool_with_wordnet():
    """The tool, once WordNet is known to be installed (skip here without it; fail under CI)."""
    tool = _tool()
    if not (tool.WORDNET / "index.noun").exists():
        if os.environ.get("CI"):
            pytest.fail("WordNet is missing under CI: apt-get install wordnet-base")
        pytest.skip("WordNet not installed (apt-get install wordnet-base)")
    return tool


def test_not_people_nouns_are_regenerated_from_wordnet():
    tool = _tool_with_wordnet()
    assert tool.OUT.read_text(encoding="utf-8") == tool.render()
    listed = set(tool.not_people_nouns())
    assert {"counter", "statement", "quarter"} <= listed
    assert not {"worker", "climber", "protester", "resident"} & listed  # people in a top-two sense


def test_person_nouns_are_regenerated_from_wordnet():
    tool = _tool_with_wordnet()
    assert tool.PERSON_OUT.read_text(encoding="utf-8") == tool.render_person()
    listed = set(tool.person_nouns())
    assert {"contender", "host", "accountant", "climber"} <= listed
    assert not {"name", "choice", "part"} & listed  # no person sense among the two most frequent
    assert not {"david", "ana", "tyler", "nixon"} & listed  # named individuals (King David, John Tyler): names


def test_person_first_nouns_are_regenerated_from_wordnet():
    tool = _tool_with_wordnet()
    assert tool.PERSON_FIRST_OUT.read_text(encoding="utf-8") == tool.render_person_first()
    listed = set(tool.person_first_nouns())
    assert {"parolee", "receptionist", "client", "molester"} <= listed
    # a thing, an act or a place first or second: "computer" (a machine first), "trawler" (a boat second)
    assert not {"computer", "trawler", "fighter", "knockout", "ward", "name"} & listed
    assert not {"nixon", "reid", "woodward"} & listed  # one named individual first: a surname


def test_purpose_verbs_are_regenerated_from_wordnet():
    tool = _tool_with_wordnet()
    assert tool.PURPOSE_OUT.read_text(encoding="utf-8") == tool.render_purpose()
    listed = set(tool.purpose_verbs())
    assert {"beat", "defeat", "hit"} <= listed
    assert not {"urge", "appoint", "expect", "name", "use"} & listed  # a person object does their infinitive


def test_role_phrases_are_regenerated_from_wordnet():
    tool = _tool_with_wordnet()
    assert tool.ROLE_OUT.read_text(encoding="utf-8") == tool.render_roles()
    listed = set(tool.role_phrases())
    assert {"running back", "managing director", "prosecuting attorney", "running mate"} <= listed
    assert not {"bing crosby", "irving berlin", "king arthur", "living room"} & listed  # a named one, no person


def test_functionary_nouns_are_regenerated_from_wordnet():
    tool = _tool_with_wordnet()
    assert tool.FUNCTIONARY_OUT.read_text(encoding="utf-8") == tool.render_functionaries()
    listed = set(tool.functionary_nouns())
    assert {"judge", "sheriff", "attorney", "prosecutor", "coroner", "spokesman", "surgeon", "sergeant"} <= listed
    assert not {"actress", "suspect", "victim", "defendant", "teenager", "director", "player"} & listed


def test_deed_senses_are_regenerated_from_wordnet():
    tool = _tool_with_wordnet()
    assert tool.DEED_OUT.read_text(encoding="utf-8") == tool.render_deeds()
    rows = dict(tool.deed_senses())
    assert set(rows["hit"]) & set(rows["strike"])  # strike's blow is grouped with "hit, strike, collide with"
    assert set(rows["injure"]) & set(rows["wound"])
    assert not set(rows["kill"]) & set(rows["hit"]) and not set(rows["kill"]) & set(rows["die"])


def test_wordnet_synonym_triggers_are_synonyms_of_their_categorys_triggers():
    """Each trigger of a ``*-wordnet-synonyms`` set in ontology/actions.ttl is what the tool proposes for its
    category: a verb whose most frequent sense is that of one of the category's other triggers."""
    import rdflib

    from kg.extract.actions import load_lexicon

    tool = _tool_with_wordnet()
    graph = rdflib.Graph().parse(Path(__file__).parents[1] / "ontology" / "actions.ttl")
    kg_ns = rdflib.Namespace("https://w3id.org/kg-news/ns#")
    synonym_sets = {s: str(s).rsplit("/", 1)[-1].split("-wordnet-synonyms")[0]
                    for s in graph.subjects(rdflib.RDF.type, kg_ns.TriggerSet) if str(s).endswith("-wordnet-synonyms")}
    assert len(synonym_sets) >= 15
    added = {str(t): category for s, category in synonym_sets.items() for t in graph.objects(s, kg_ns.trigger)}
    triggers = load_lexicon().triggers
    others = {t: c for t, c in triggers.items() if t not in added}
    proposed = tool.trigger_synonyms(others)
    for trigger, category in added.items():
        assert triggers[trigger] == category, trigger
        assert category in proposed.get(trigger, ()), f"{trigger} is no WordNet synonym of a {category} trigger"
    assert {"say", "use", "let"} <= proposed.keys() and not {"say", "use", "let"} & added.keys()  # read, left out
