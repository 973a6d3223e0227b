"""The action lexicon: actions.ttl is a complete SKOS scheme and categorize() reads it right."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.namespace import SKOS

from kg.errors import InputError
from kg.extract.actions import ActionLexicon, load_lexicon, normalize_trigger
from kg.resources import ontology_file

KG = Namespace("https://w3id.org/kg-news/ns#")
ACT = Namespace("https://w3id.org/kg-news/action/")
PLOVER_GOLD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "plover" / "dev.gold.jsonl"


@pytest.fixture(scope="module")
def scheme() -> Graph:
    return Graph().parse(ontology_file("actions.ttl"), format="turtle")


@pytest.fixture(scope="module")
def lexicon() -> ActionLexicon:
    return load_lexicon()


def _gold_categories() -> set[str]:
    if not PLOVER_GOLD.is_file():
        pytest.skip("../shared/eval/plover/dev.gold.jsonl is not available")
    with PLOVER_GOLD.open(encoding="utf-8") as fh:
        return {json.loads(line)["category"] for line in fh if line.strip()} - {None}


# --------------------------------------------------------------------------- the scheme


def test_every_plover_gold_category_is_a_concept(scheme):
    gold = _gold_categories()
    assert len(gold) >= 15
    for name in sorted(gold):
        concept = ACT[name]
        assert (concept, RDF.type, SKOS.Concept) in scheme, name
        assert (concept, SKOS.inScheme, ACT.scheme) in scheme, name
        assert str(scheme.value(concept, SKOS.prefLabel)) == name


def test_scheme_has_exactly_the_gold_categories(scheme, lexicon):
    concepts = {str(c)[len(str(ACT)):] for c in scheme.subjects(RDF.type, SKOS.Concept)}
    assert concepts == _gold_categories()
    assert lexicon.categories() == sorted(concepts)


def test_concepts_are_documented(scheme):
    assert (ACT.scheme, RDF.type, SKOS.ConceptScheme) in scheme
    for concept in scheme.subjects(RDF.type, SKOS.Concept):
        assert scheme.value(concept, SKOS.definition) is not None, concept
        assert scheme.value(concept, SKOS.definition).language == "en"
        assert scheme.value(concept, SKOS.prefLabel).language == "en"


def _owner(scheme: Graph, holder) -> str:
    """The category a trigger belongs to: its concept, the concept of its trigger set, or the category a set
    that names one only when done to people gives."""
    concept = scheme.value(None, KG.triggerSet, holder) or scheme.value(holder, KG.doneToPeopleAs)
    return str(concept if concept is not None else holder)


def test_lexicon_size(scheme):
    per_category = Counter(_owner(scheme, c) for c, _ in scheme.subject_objects(KG.trigger))
    assert sum(per_category.values()) >= 400
    assert len(per_category) == len(set(scheme.subjects(RDF.type, SKOS.Concept)))
    assert min(per_category.values()) >= 15


def test_triggers_are_normalised_lemmas(scheme):
    for _, trigger in scheme.subject_objects(KG.trigger):
        text = str(trigger)
        assert text == normalize_trigger(text), f"{text!r} is not lowercase with single spaces"
        assert 1 <= len(text.split()) <= 4, text
        assert text.replace(" ", "").replace("-", "").isalpha(), text


def test_no_trigger_belongs_to_two_categories(scheme):
    owners: dict[str, set[str]] = {}
    for holder, trigger in scheme.subject_objects(KG.trigger):
        owners.setdefault(str(trigger), set()).add(_owner(scheme, holder))
    assert {t: c for t, c in owners.items() if len(c) > 1} == {}


def test_negated_as_points_inside_the_scheme(scheme):
    pairs = list(scheme.subject_objects(KG.negatedAs))
    assert pairs
    for source, target in pairs:
        assert (target, SKOS.inScheme, ACT.scheme) in scheme
        assert source != target


def test_trigger_and_negated_as_are_declared_in_the_ontology():
    from rdflib import OWL

    onto = Graph().parse(ontology_file("kg.ttl"), format="turtle")
    assert (KG.trigger, RDF.type, OWL.DatatypeProperty) in onto
    assert (KG.negatedAs, RDF.type, OWL.ObjectProperty) in onto


# --------------------------------------------------------------------------- categorize()


@pytest.mark.parametrize("lemma, kwargs, expected", [
    ("attack", {}, "ASSAULT"),
    ("Attack", {}, "ASSAULT"),
    ("kill", {}, "ASSAULT"),
    ("launch", {"noun": "strike"}, "ASSAULT"),
    ("carry", {"particle": "out", "noun": "raid"}, "ASSAULT"),
    ("carry out", {"noun": "raid"}, "ASSAULT"),
    ("take", {"noun": "hostage"}, "ASSAULT"),
    ("shell", {}, "FIGHT"),
    ("launch", {"noun": "offensive"}, "FIGHT"),
    ("wage", {"noun": "war"}, "FIGHT"),
    ("declare", {"noun": "war"}, "THREATEN"),
    ("threaten", {}, "THREATEN"),
    ("issue", {"noun": "ultimatum"}, "THREATEN"),
    ("hold", {"noun": "talk"}, "CONSULT"),
    ("meet", {"prep": "with"}, "CONSULT"),
    ("return", {"prep": "to", "noun": "talk"}, "CONSULT"),
    ("agree", {}, "AGREE"),
    ("agree", {"negated": True}, "REJECT"),
    ("support", {"negated": True}, "REJECT"),
    ("attack", {"negated": True}, "ASSAULT"),
    ("reject", {"negated": True}, "REJECT"),
    ("call", {"prep": "for"}, "DEMAND"),
    ("call", {"particle": "off", "noun": "strike"}, "CONCEDE"),
    ("go", {"prep": "on", "noun": "strike"}, "PROTEST"),
    ("stage", {"noun": "strike"}, "PROTEST"),
    ("impose", {"noun": "sanction"}, "SANCTION"),
    ("impose", {"noun": "curfew"}, "COERCE"),
    ("designate", {}, "SANCTION"),
    ("withdraw", {"prep": "from", "noun": "ambassador"}, "SANCTION"),
    ("withdraw", {"prep": "from"}, "RETREAT"),
    ("pull", {"particle": "out"}, "RETREAT"),
    ("lift", {"noun": "blockade"}, "RETREAT"),
    ("lift", {"noun": "curfew"}, "CONCEDE"),
    ("crack", {"particle": "down", "prep": "on"}, "COERCE"),
    ("arrest", {}, "COERCE"),
    ("deploy", {}, "MOBILIZE"),
    ("launch", {"noun": "investigation"}, "INVESTIGATE"),
    ("accuse", {}, "DISAPPROVE"),
    ("hit", {"particle": "out"}, "DISAPPROVE"),
    ("donate", {}, "AID"),
    ("cooperate", {"prep": "with"}, "COOPERATE"),
    ("welcome", {}, "SUPPORT"),
    ("stag", {"noun": "strike"}, "PROTEST"),   # spaCy lemmatises "staged" as "stag"
    ("wag", {"noun": "war"}, "FIGHT"),          # ... and "waged" as "wag"
    ("say", {}, None),
    ("launch", {"noun": "website"}, None),
    ("hold", {"noun": "election"}, None),
    ("", {}, None),
])
def test_categorize(lexicon, lemma, kwargs, expected):
    assert lexicon.categorize(lemma, **kwargs) == expected


def test_noun_alone_counts_only_after_a_light_verb(lexicon):
    assert "raid" in lexicon.triggers
    assert lexicon.categorize("see", noun="raid") is None
    assert lexicon.categorize("conduct", noun="raid") == "ASSAULT"


def test_default_lexicon_is_cached():
    assert load_lexicon() is load_lexicon()


# --------------------------------------------------------------------------- user files

EXTRA = """
@prefix kg:   <https://w3id.org/kg-news/ns#> .
@prefix act:  <https://w3id.org/kg-news/action/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex:   <https://example.org/actions/> .

act:ASSAULT kg:trigger "knee-cap" , "Pistol Whip" .
act:PROTEST kg:trigger "strike" .
ex:CYBER a skos:Concept ; skos:prefLabel "CYBER"@en ;
    kg:trigger "hack" , "launch cyberattack" ;
    kg:negatedAs act:REJECT .
act:scheme kg:lightVerb "spearhead" .
"""


def test_extend_merges_a_user_file(tmp_path, lexicon):
    path = tmp_path / "extra.ttl"
    path.write_text(EXTRA, encoding="utf-8")
    extended = lexicon.extend(path)
    assert extended.categorize("knee-cap") == "ASSAULT"
    assert extended.categorize("pistol", noun="whip") == "ASSAULT"
    assert extended.categorize("hack") == "CYBER"
    assert extended.categorize("hack", negated=True) == "REJECT"
    assert extended.categorize("launch", noun="cyberattack") == "CYBER"
    assert extended.categorize("strike") == "PROTEST"          # the user's file wins
    assert extended.categorize("spearhead", noun="offensive") == "FIGHT"
    assert "CYBER" in extended.categories()
    assert extended.categorize("attack") == "ASSAULT"         # the bundled triggers stay
    # the cached default lexicon is not modified
    assert lexicon.categorize("hack") is None
    assert lexicon.categorize("strike") == "ASSAULT"


def test_load_lexicon_from_path(tmp_path):
    path = tmp_path / "only.ttl"
    path.write_text(EXTRA, encoding="utf-8")
    lex = load_lexicon(path)
    assert lex.categorize("hack") == "CYBER"
    assert lex.categorize("attack") is None


def test_bad_lexicon_files_raise_input_error(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        load_lexicon(tmp_path / "missing.ttl")
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix kg: <https://w3id.org/kg-news/ns#> .\nkg:x kg:trigger ", encoding="utf-8")
    with pytest.raises(InputError, match="not valid Turtle"):
        load_lexicon(broken)


def test_concept_iri(lexicon):
    assert lexicon.concept_iri("ASSAULT") == str(ACT.ASSAULT)
    assert isinstance(URIRef(lexicon.concept_iri("FIGHT")), URIRef)


# --------------------------------------------------------------------------- with the real parser


@pytest.fixture(scope="module")
def parser():
    spacy = pytest.importorskip("spacy")
    from kg.extract.nlp import DEFAULT_MODEL

    try:
        return spacy.load(DEFAULT_MODEL, disable=["ner"])
    except OSError:
        pytest.skip(f"spaCy model {DEFAULT_MODEL} is not installed")


@pytest.mark.parametrize("sentence, expected", [
    ("Workers staged a strike.", "PROTEST"),
    ("The rebels waged war.", "FIGHT"),
    ("Troops carried out raids.", "ASSAULT"),
    ("The army launched airstrikes.", "FIGHT"),
    ("The ministers held talks.", "CONSULT"),
    ("The government imposed sanctions.", "SANCTION"),
    ("The troops pulled out.", "RETREAT"),
    ("The unions called off the strike.", "CONCEDE"),
    ("Police cracked down on protesters.", "COERCE"),
    ("Gunmen shot dead two policemen.", "ASSAULT"),
    ("The court fined the company.", "SANCTION"),
    # trigger sets written from the codebook's definitions (ontology/actions.ttl, dct:source)
    ("The commander ordered the guards to open the gate.", "DEMAND"),
    ("Prosecutors suspect the mayor of fraud.", "DISAPPROVE"),
    ("The prisoner overpowered a guard.", "COERCE"),
    ("The academy awarded the novelist a medal.", "SUPPORT"),
    ("The shipyard laid off two hundred welders.", "SANCTION"),
    ("The teacher shielded the pupils.", "AID"),
    ("The rebels captured the town.", "FIGHT"),  # capturing a place is occupying territory (people: below)
    ("Government forces retook the town.", "FIGHT"),  # the model's lemma of "retook" is "retook"
    # WordNet synonyms of those triggers (the fourth batch)
    ("The junta incarcerated three editors.", "COERCE"),  # imprison, jail
    ("The senator chastised the minister.", "DISAPPROVE"),  # castigate
    ("Bandits waylaid the convoy.", "ASSAULT"),  # ambush
    ("The spill endangered the fishermen.", "THREATEN"),  # threaten
    ("The league punished the club.", "SANCTION"),  # penalize
])
def test_triggers_match_the_parsers_lemmas(parser, lexicon, sentence, expected):
    """The lexicon is written in spaCy's lemmas, including the model's quirks."""
    root = next(t for t in parser(sentence) if t.dep_ == "ROOT")
    particle = next((c.lemma_ for c in root.children if c.dep_ == "prt"), None)
    prep = next((c.lemma_ for c in root.children if c.dep_ == "prep"), None)
    noun = next((c.lemma_ for c in root.children if c.dep_ == "dobj" and c.pos_ == "NOUN"), None)
    assert lexicon.categorize(root.lemma_, particle=particle, prep=prep, noun=noun) == expected


@pytest.mark.parametrize("text, category", [
    # punishing, frightening and persuading people (the codebook's SANCTION, THREATEN and REQUEST)
    ("The club will not discipline the striker.", "SANCTION"),
    ("The militia terrorized the villagers.", "THREATEN"),
    ("Negotiators persuaded the rebels to free the hostages.", "DEMAND"),
    ("Police tried to coax the gunman out.", "DEMAND"),
    ("The ministry tried to discipline the market.", None),  # done to no one
    ("The noise frightened the horses.", None),
])
def test_acts_done_to_people_only(text, category):
    from kg.extract.pipeline import extract_text

    (t,) = [t for t in extract_text(text) if not t.derived and t.action.lemma.split()[0] in (
        "discipline", "terrorize", "persuade", "coax", "frighten")]
    assert t.action.category == category


def test_an_action_done_to_people_may_be_of_another_category(lexicon):
    """kg:doneToPeopleAs: capturing a town is fighting, capturing people detaining them (applied per target)."""
    from kg.extract.pipeline import extract_text

    assert lexicon.people.get("capture") == "COERCE"
    got = {t.object.text: t.action.category for t in extract_text(
        "The coast guard captured two smugglers. Rebels captured the town.") if not t.derived}
    assert got == {"two smugglers": "COERCE", "the town": "FIGHT"}


def test_loading_the_lexicon_does_not_import_rdflib():
    """Start-up of kg extract: the lexicon is parsed by pyoxigraph (importing rdflib alone took 65 ms)."""
    import subprocess
    import sys

    code = ("import sys; from kg.extract.actions import load_lexicon; lexicon = load_lexicon(); "
            "print('rdflib' in sys.modules, len(lexicon.triggers) > 500, lexicon.signs.get('ASSAULT'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True", "conflict"]
