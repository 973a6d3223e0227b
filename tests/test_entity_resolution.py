"""Entity resolution rules, each on sentences written for kg (issue 11: precision first).

Pronouns resolve only when the text leaves one compatible actor; unnamed
descriptions never merge across documents; name variants merge; titles are
roles, not names; non-actors are not actor names; corpus-wide resolution in
``kg extract`` agrees with the store's links.
"""
from __future__ import annotations

import json

import pytest
from hypothesis import example, given, settings, strategies as st

from conftest import run_cli
from kg.extract.consolidate import NameRow, canonical_links, consolidate
from kg.extract.names import (is_acronym_of, is_non_actor_name, looks_like_url, name_gender, same_person,
                              split_title)
from kg.extract.pipeline import extract, extract_documents, extract_text
from kg.graph.links import compute_links
from kg.model import Document


def _refs(text: str, doc_id: str = "d") -> list:
    """Every (surface text, id, label, type) of the subjects and objects extracted from ``text``."""
    out = []
    for t in extract_text(text, doc_id=doc_id):
        for ref in (t.subject, t.object):
            if ref is not None:
                out.append(ref)
    return out


def _type_of(text: str, surface: str) -> str | None:
    return next((r.type for r in _refs(text) if r.text == surface), None)


def _id_of(text: str, surface: str) -> str | None:
    ids = {r.id for r in _refs(text) if r.text.lower() == surface.lower()}
    assert ids, f"no mention {surface!r} in {[r.text for r in _refs(text)]}"
    assert len(ids) == 1, ids
    return ids.pop()


# -- pronouns -------------------------------------------------------------------------------------

def test_a_resolved_pronoun_tells_the_gender_of_a_name_kg_could_not_guess(nlp):
    # neither given name is in kg's list; "her lawyer" says Brito is a woman, so "she" is not the lawyer
    text = ("Joana Brito was charged with negligence on Monday. Her lawyer, Tomas Pina, said she would "
            "plead not guilty.")
    assert {r.id for r in _refs(text) if r.text == "she"} == {"Person/joana-brito"}, _refs(text)


@pytest.mark.parametrize("text, pronoun, expected", [
    # reported speech: the speaker
    ("Carlos Brito said he would resign from the port authority.", "he", "Person/carlos-brito"),
    # a clause before the main clause: its subject
    ("After she left the summit, Elena Castrillo criticised the cartel.", "she", "Person/elena-castrillo"),
    # gender: "she" skips the man named in between
    ("Elena Castrillo met Rui Sequeira in Lisbon. She praised the navy.", "She", "Person/elena-castrillo"),
    # "it": an organisation, not the person named after it
    ("The Praia Port Authority hired Carlos Brito. It later fired him.", "It", "Organization/praia-port-authority"),
    # a country's armed service: the pronoun refers to the same actor
    ("The Senegalese navy said it had seized two boats.", "it", "Organization/senegalese-navy"),
    # a participle's object is not the subject the participle hangs from
    ("Joaquim Serpa beat Rui Sequeira in the final, knocking him down twice.", "him", "Person/rui-sequeira"),
    # what "we" are is the speakers, not whom their "they" means: "they" stays unresolved
    ('"We are not smugglers. We are fishermen, and they treat us like criminals," said Rui Lopes.', "they", ""),
    # "ordered him held", "made him fight": the accusative is the object of the verb whose subject orders
    ("Rui Lopes appeared in court on Monday. The judge ordered him held without bail.", "him", "Person/rui-lopes"),
    ("Joaquim Serpa met Rui Sequeira in the final. Sequeira made him fight every round.", "him",
     "Person/joaquim-serpa"),
    # "her" too, before a participle or a bare verb (a possessive there would be "her winning smile")
    ("Marta Lobato appeared in court on Monday. The judge ordered her released on bail.", "her",
     "Person/marta-lobato"),
    # the apostrophe of a plural possessive opens no quotation ("the sailors' union leader ... said she")
    ("Ana Lopes met the press. The sailors' union leader, Carla Semedo, said she had asked for guarantees.",
     "she", "Person/carla-semedo"),
    # "it took part", "it took control": only someone does that ("it took three days" is no one, below)
    ("Senegal said it had not taken part in the raid.", "it", "Country/senegal"),
    ("Tecnicil Shipping said it had taken control of the port.", "it", "Organization/tecnicil-shipping"),
    # the speaker after his report is not whom the report names ("The judge may free her, he added")...
    ("Marta Lobato was charged on Monday. Her lawyer, Rui Tavares, spoke to reporters. The judge could free her "
     "on bail, he added.", "he", "Person/rui-tavares"),
    # ... except whoever says it in the report ("Tavares said X, he added": Tavares)
    ("Marta Lobato was charged on Monday. Rui Tavares said she would appeal, he added.", "he",
     "Person/rui-tavares"),
    # the speaker of unknown gender stands aside for the woman named in the sentence
    ("A friend of Marta Lobato told reporters she had left Praia.", "she", "Person/marta-lobato"),
    # a clause before the main clause points to a name, not to a description the main clause brings in
    ("Rui Tavares visited the farm on Monday. As he knocked on the door, a gunman appeared and shot him.",
     "he", "Person/rui-tavares"),
    # a conjoined verb's object is not the subject the verb shares ("a gunman appeared and shot him")
    ("Rui Tavares visited the farm on Monday. As he knocked on the door, a gunman appeared and shot him.",
     "him", "Person/rui-tavares"),
    # an organisation speaks of itself as "they", not of the fishermen named before
    ("The fishermen lost their nets in the storm. Tecnicil Shipping announced that they had repaired the quay.",
     "they", "Organization/tecnicil-shipping"),
])
def test_pronoun_resolves_to_the_one_compatible_actor(nlp, text, pronoun, expected):
    assert _id_of(text, pronoun) == expected


@pytest.mark.parametrize("text, pronoun, expected", [
    # a possessive in what someone is told to do is theirs: the workers' offices, not the police's
    ("Police told the workers to stay in their offices.", "their", "Group/worker"),
    ("The judge ordered Rui Lopes to hand over his passport.", "his", "Person/rui-lopes"),
    # but a body one is asked to join is the asker's
    ("President Ilona Varga asked Rui Lopes to join her administration.", "her", "Person/ilona-varga"),
])
def test_a_possessive_in_what_someone_is_told_to_do(nlp, text, pronoun, expected):
    from kg.extract.entities import DocumentEntities

    doc = nlp(text)
    tok = next(t for t in doc if t.lower_ == pronoun)
    assert DocumentEntities(doc, "d").resolve(tok, pronoun).id.split("~")[0] == expected


def test_an_object_pronoun_of_a_second_verb_is_the_first_verbs_object(nlp):
    # the story's main person ("he", Reis) is nearer in salience; the coordination says whom "him" means
    text = ("Tomas Reis scored twice on Sunday. He was the best player on the pitch. The Sharks made a bold move "
            "on Monday, firing coach Rui Lopes, who had criticised Reis, and replacing him with Ana Lobo.")
    assert _id_of(text, "him") == "Person/rui-lopes"


def test_the_source_of_according_to_is_not_the_he_of_its_report(nlp):
    # the reporter would say "I": the "he" of his report is someone else (here left unresolved, not the reporter)
    text = ("Porto to name Tomas Reis coach\n"
            "According to the Mindelo Herald's Rui Lobo, it is a done deal, and he is expected to sign on Monday.")
    assert _id_of(text, "he") != "Person/rui-lobo"
    text = "Tomas Reis trained with the squad on Monday. According to coach Rui Lobo, he is fit to play."
    assert _id_of(text, "he") == "Person/tomas-reis"


def test_reflexive_refers_to_its_clause_subject(nlp):
    from kg.extract.entities import DocumentEntities

    doc = nlp("Marta Lobato checked herself into a clinic in Praia.")
    herself = next(t for t in doc if t.lower_ == "herself")
    assert DocumentEntities(doc, "d").resolve(herself, "herself").id == "Person/marta-lobato"


@pytest.mark.parametrize("text, pronoun", [
    # two men in the previous sentence, both subjects: ambiguous, left unresolved
    ("Rui Sequeira and Joaquim Serpa met in Praia. He left early.", "He"),
    # plural "they" never resolves to one person
    ("Domingos Lima spoke on Monday. They asked about the strike.", "They"),
    # a third-person pronoun before "said" in a report is not the speaker
    ("He was released on Monday, said Fidelis Nhaga.", "He"),
    # nothing compatible named nearby
    ("The storm closed the port. She was not seen again.", "She"),
    # "it" with no one behind it: an empty subject, a report, or an object (a thing nine times in ten)
    ("Tecnicil Shipping hired two pilots. It is possible that the port will close.", "It"),
    ("Tecnicil Shipping hired two pilots. It was reported that two boats sank.", "It"),
    ("Tecnicil Shipping hired two pilots. It seems the strike will last.", "It"),
    ("Tecnicil Shipping said it took three days to repair the quay.", "it"),
    ("The Praia Port Authority drafted a budget, but the mayor vetoed it.", "it"),
    # a pronoun outside a quote does not refer to a name inside it ("'I trust Tavares,' he said")
    ("Reporters waited outside. \"I really do not question Rui Tavares at all,\" he said.", "he"),
    # the object of a verb whose subject is the one candidate, even when "its" named it on the way
    ("Tecnicil Shipping is checking its video footage and will hand it over to the police.", "it"),
    # a subject pronoun is never the noun its own verb takes as object ("They thanked the guards": others
    # did); the subject before, the guards, is then not the answer, and the miners no surer a one
    ("The guards questioned the miners at the gate. They later thanked the guards.", "They"),
    ("The guards questioned the miners at the gate. Some of them later thanked the guards.", "Some of them"),
    # whom the speaker calls "it" is not "they" in what it says (and "two judges" is typed one Person)
    ("The Corvina cartel threatened two judges. It said they would pay for the arrests.", "they"),
])
def test_pronoun_without_one_compatible_antecedent_stays_unresolved(nlp, text, pronoun):
    ids = {r.id for r in _refs(text) if r.text == pronoun}
    assert ids == {""}, ids


def test_unresolved_pronoun_makes_no_edge(nlp, tmp_path):
    from kg.rdf.quads import is_actor

    refs = [r for r in _refs("The storm closed the port. She was not seen again.") if r.text == "She"]
    assert refs and not is_actor(refs[0])


@pytest.mark.parametrize("text, surface, country", [
    ("Rui Lopes became the first South African to win the title.", "the first South African", "ZAF"),
    ("Rui Lopes became the first Cape Verdean to win the title.", "the first Cape Verdean", "CPV"),
])
def test_a_nationality_after_a_linking_verb_is_the_subjects_country_not_an_edge(nlp, text, surface, country):
    from kg.rdf.quads import is_actor

    triples = extract_text(text)
    objects = [t.object for t in triples if t.object is not None and t.object.text == surface]
    assert objects and not any(is_actor(o) for o in objects)
    assert {t.subject.country for t in triples if t.subject.text == "Rui Lopes"} == {country}


def test_pronoun_mentions_carry_their_own_offsets(nlp):
    text = "Carlos Brito said he would resign."
    he = next(r for r in _refs(text) if r.text == "he")
    assert text[he.start:he.end] == "he"
    assert he.label == "Carlos Brito" and he.kind == "pronoun"


# -- descriptions ---------------------------------------------------------------------------------

def test_unnamed_descriptions_never_merge_across_documents(nlp):
    docs = [Document("a", "A man robbed a bank in Lisbon."), Document("b", "A man robbed a shop in Porto.")]
    men = {r.subject.id for r in extract(docs) if r.subject.text.lower() == "a man"}
    assert len(men) == 2


def test_description_in_one_document_is_one_entity(nlp):
    text = "A fisherman found the boat. The fisherman called the coast guard."
    ids = {r.id for r in _refs(text) if "fisherman" in r.text.lower()}
    assert len(ids) == 1


def test_definite_description_takes_the_one_named_person(nlp):
    text = "Marta Lobato visited the harbour on Monday. The minister praised the crews."
    assert _id_of(text, "The minister") == "Person/marta-lobato"


def test_set_off_relative_clause_still_refers_back(nlp):
    text = ("Marta Lobato opened the new harbour on Monday. "
            "The minister, who took office in May, praised the crews.")
    assert _id_of(text, "The minister") == "Person/marta-lobato"


def test_the_government_is_a_country_never_a_nearby_organisation(nlp):
    # a command, a senate or a department is not "the government"; a country is, and so is a name saying so
    text = "The Atlantic Fisheries Command seized two trawlers on Monday. The government praised the crews."
    assert _id_of(text, "The government") != "Organization/atlantic-fisheries-command"
    text = "Guinea-Bissau recalled its ambassador on Monday. The government blamed the rebels."
    assert _id_of(text, "The government") == _id_of(text, "Guinea-Bissau")
    text = "The Government of Sylvania issued a decree. The government praised the police."
    assert _id_of(text, "The government") == _id_of(text, "The Government of Sylvania")


def test_a_speakers_pronoun_sets_the_speaker_apart_from_the_description(nlp):
    # "it" is Peru, who says it sends troops: "the country" is not Peru, but the one other country named lately
    text = "Bolivia's president called for help. On Monday, Peru said it was sending troops to the country."
    assert _id_of(text, "the country") == "Country/bolivia"
    text = "On Monday, Peru said it was sending troops to the country."
    assert _id_of(text, "the country") != "Country/peru"


def test_a_persons_own_country_is_the_country_the_text_gives_them(nlp):
    text = "Rui Lopes, a Portuguese diplomat, said his country would send a frigate."
    assert _id_of(text, "his country") == "Country/portugal"
    assert _id_of("Senegal said its nation would not yield.", "its nation") == "Country/senegal"


def test_a_capital_that_acts_or_is_told_is_its_government(nlp):
    def ends(text: str) -> set[tuple[str | None, str | None]]:
        return {(t.subject.id, t.object.id if t.object else None) for t in extract_text(text) if not t.derived}

    assert ("Country/russia", "Country/ukraine") in ends("Moscow warned Kyiv against joining the alliance.")
    assert ("Country/united-states", "Country/venezuela") in ends("Washington imposed sanctions on Caracas.")
    # attacked, or where something happens, it is the city
    assert any(o == "Location/kyiv" for _, o in ends("Rebels shelled Kyiv on Monday."))
    # (where: a derived fact, no event's target)
    assert any(t.object.id == "Location/tehran" for t in extract_text("Protesters gathered in Tehran.") if t.object)
    # what the city is known as is the city itself, no second node
    assert ("Location/athens", "") in ends("Athens is known as a stronghold of radicals.")
    # a capital's name that is a person's surname in the story is that person
    assert not any(s.startswith("Country/") for s, _ in ends(
        "Union leader Domingos Lima met the minister. Lima said the fishermen would strike."))


def test_a_description_of_one_kind_of_organisation_is_not_a_name_of_another(nlp):
    # "the cartel" is not the security command named just before; "the company" may be "Atlas Shipping Corp."
    text = ('The Atlantic Maritime Security Command said its ships had intercepted a vessel. "We will not let '
            'the cartel use our waters," its commander told reporters.')
    assert _id_of(text, "the cartel") != "Organization/atlantic-maritime-security-command"
    text = "Atlas Shipping Corp. cancelled its Monday crossings. The company said the storm was too strong."
    assert _id_of(text, "The company") == "Organization/atlas-shipping-corp"


def test_a_lede_description_is_not_the_source_named_after_it(nlp):
    # "A gunman ... Tim Fanning said": the spokesman who speaks is not the gunman; the accused is
    text = "A gunman opened fire at an office party on Friday. Police spokesman Rui Lopes said the party was small."
    assert _id_of(text, "A gunman") != "Person/rui-lopes"
    text = "A man has denied arson after a fire at a supermarket. Rui Tavares, 24, is accused of starting the fire."
    assert _id_of(text, "A man") == "Person/rui-tavares"


def test_a_person_only_quoted_is_not_a_later_description(nlp):
    # the one person named lately only says things: "the suspect" is someone else
    text = ("Police sealed off the street on Friday, spokesman Rui Lopes said. "
            "Officers negotiated with the suspect for two hours.")
    assert _id_of(text, "the suspect") != "Person/rui-lopes"
    # someone named doing something still is "the suspect"
    text = "Rui Lopes fled the bank on Friday. Officers negotiated with the suspect for two hours."
    assert _id_of(text, "the suspect") == "Person/rui-lopes"


def test_a_person_named_in_the_same_sentence_is_not_the_description(nlp):
    # "Dias hurt his ankle and the coach said ...": the coach is someone else
    text = "Rafael Dias hurt his ankle on Friday and the coach said the striker would rest."
    assert _id_of(text, "the coach") != "Person/rafael-dias"


def test_a_description_an_actors_name_modifies_is_not_a_recent_person(nlp):
    # "the Harriers coach" is whoever coaches the Harriers, not the last person named
    text = "Marta Lobato opened the new stadium on Monday. The Harriers coach praised the pitch."
    assert _id_of(text, "The Harriers coach") != "Person/marta-lobato"
    # a place or a title as modifier only describes: "the Lisbon minister" may still be her
    text = "Marta Lobato opened the new harbour on Monday. The Lisbon minister praised the crews."
    assert _id_of(text, "The Lisbon minister") == "Person/marta-lobato"


def test_a_young_persons_description_is_not_an_adult_named_lately(nlp):
    # two people named lately: the one of sixteen is "the teen", not the councilman or the man of 45
    for second in ("Councilman Rui Mendes", "Rui Mendes, 45,"):
        text = (f"Police shot Kofi Mensah, 16, in Flatbush on Saturday. {second} represents the area and "
                "visited the scene. The teen was rushed to a hospital, where he died.")
        assert _id_of(text, "The teen") == "Person/kofi-mensah", second
    # with no one young named, no adult becomes "the teen"
    text = ("Councilman Rui Mendes represents the area and visited the scene on Saturday. "
            "The teen was rushed to a hospital.")
    assert _id_of(text, "The teen") != "Person/rui-mendes"


@pytest.mark.parametrize("opener", ["Friends", "Colleagues"])
def test_a_plural_word_for_people_opening_a_sentence_is_no_organisation(nlp, opener):
    # the model tags the capitalised opener ORG: every story's "Friends said" would be one organisation
    text = f"Pedro Alves died on Friday. {opener} said he loved football."
    ref = {r.text: r for r in _refs(text, doc_id="d")}[opener]
    assert ref.type != "Organization" and "~" in ref.id, ref  # a description of this story


def test_a_people_named_by_its_nation_opening_a_sentence_stays_its_nations(nlp):
    refs = {r.text: r for r in _refs("Iranians are still haunted by the quake of 2003.", doc_id="d")}
    assert refs["Iranians"].id == "Country/iran", refs["Iranians"]


def test_the_one_person_the_text_made_young_is_the_teen_even_in_the_same_sentence(nlp):
    text = ("The killing of Kofi Mensah, 15, on Saturday sparked riots after witnesses said a police officer "
            "aimed at the teenager.")
    assert _id_of(text, "the teenager") == "Person/kofi-mensah"
    # two young people: which one is not said
    text = ("Kofi Mensah, 15, and his cousin Pedro Santos, 16, were hurt on Saturday after witnesses said a police "
            "officer aimed at the teenager.")
    assert _id_of(text, "the teenager") not in ("Person/kofi-mensah", "Person/pedro-santos")


@pytest.mark.parametrize("text, surface", [
    ("Marta Lobo won an Emmy in 2019.", "an Emmy"),
    ("Rui Lopes took a best-actor Tony for the role.", "a best-actor Tony"),
    ("The thief drove a Bentley into the harbour.", "a Bentley"),
    # a model year before a singular name makes it a vehicle, whatever the determiner
    ("Rui Lopes was driving his 2019 Bentley when the officers stopped him.", "his 2019 Bentley"),
    ("The boy was hit by a 2011 silver Toyota Corolla outside the school.", "a 2011 silver Toyota Corolla"),
    ("Their 1998 Volvo skidded on the ice.", "Their 1998 Volvo"),
])
def test_a_name_after_a_or_an_or_a_model_year_is_a_thing_named_so_not_an_actor(nlp, text, surface):
    ref = next(r for r in _refs(text) if r.text == surface)
    assert ref.type == "Other" and not ref.id.startswith(("Person/", "Organization/")), ref


def test_a_teams_season_is_still_the_team(nlp):
    ref = next(r for r in _refs("The 2008 Mindelo Sharks beat the Lions twice.") if r.text.endswith("Sharks"))
    assert ref.type != "Other", ref


def test_a_name_with_an_adjective_after_a_is_still_the_actor(nlp):
    text = "Rui Lopes met Marta Lobo in Praia. Later a tearful Marta Lobo thanked the crew."
    assert _id_of(text, "a tearful Marta Lobo") == "Person/marta-lobo"


@pytest.mark.parametrize("text, surface", [
    ("The van sped away and headed west on Atlantic Boulevard.", "Atlantic Boulevard"),
    ("Police closed Rua Augusta Street after the blast.", "Rua Augusta Street"),
])
def test_a_street_is_a_place_whatever_the_model_read(nlp, text, surface):
    assert _id_of(text, surface).startswith("Location/")


def test_a_person_whose_surname_is_a_street_word_stays_a_person(nlp):
    assert _id_of("Jorge Street met the minister on Monday.", "Jorge Street") == "Person/jorge-street"


@pytest.mark.parametrize("text, surface", [
    ("Rui Lopes is expected to appear in court on Monday.", "court"),
    ("The judge sent the smuggler to jail for six years.", "jail"),
    ("Marta Lobo made a brief appearance in provincial court on Friday.", "provincial court"),
])
def test_an_institution_named_as_a_setting_is_no_actor(nlp, text, surface):
    ref = next(r for r in _refs(text) if r.text == surface)
    assert ref.type == "Other", ref


def test_an_institution_with_its_article_still_acts(nlp):
    assert _id_of("The court ruled that the port must reopen.", "The court").startswith("Organization/")
    refs = _refs("Rui Lopes reported the theft to police on Monday.")
    assert any(r.text == "police" and r.type == "Organization" for r in refs)


def test_a_ship_is_its_navys_or_a_thing_never_a_person(nlp):
    refs = {r.text: r for r in _refs("INS Tarkash escorted MV Lagoa to safety. Pirates then fired on USS Halsey.")}
    assert refs["INS Tarkash"].type == "Organization" and refs["INS Tarkash"].country is None  # India's or Israel's
    assert refs["USS Halsey"].type == "Organization" and refs["USS Halsey"].country == "USA"
    assert refs["MV Lagoa"].type == "Other"


def test_a_name_after_mr_or_ms_is_a_person_whatever_the_model_read(nlp):
    assert _id_of("Ms Lobo met the minister on Monday.", "Ms Lobo") == "Person/lobo"


@pytest.mark.parametrize("saying", ["As they say, the third time is the charm.",
                                    "You know what they say: the third time is the charm."])
def test_the_they_of_a_saying_is_no_one(nlp, saying):
    text = f"The dockers' unions met the minister again on Monday. {saying}"
    assert _id_of(text, "they") == ""
    # someone's words are theirs: "they say the offer is fair"
    text = "The dockers' unions met the minister on Monday. They say the offer is fair."
    assert _id_of(text, "They") != ""


def test_a_headlines_bare_institution_noun_is_the_story_name_with_that_noun(nlp):
    text = ("Militia seizes six fishermen off Cacheu\n\n"
            "The Red Heron Militia seized six fishermen on Saturday, officials said. "
            "The Senegalese navy began a search.")
    assert _id_of(text, "Militia") == "Organization/red-heron-militia"
    # an institution noun of actor_nouns.csv too, as long as one name of the story has it
    text = "Navy rescues fishermen off Sal\nThe Cape Verdean Navy rescued six fishermen on Saturday, officials said."
    assert _id_of(text, "Navy") == "Organization/cape-verdean-navy"
    text = ("Police arrest man after fire in Praia\n"
            "Mindelo Police and Praia Police said on Monday that a man had been held.")
    assert "~" in _id_of(text, "Police")
    # two militias named: the headline does not say which
    text = ("Militia seizes six fishermen off Cacheu\n\n"
            "The Red Heron Militia and the Grey Egret Militia fought near Cacheu on Saturday.")
    assert _id_of(text, "Militia") not in ("Organization/red-heron-militia", "Organization/grey-egret-militia")
    # a scraped page's source URL and time stamp lines are no lines of the story
    text = ("https://news.example.org/2026/05/militia-seizes-six-fishermen\nUpdated: May 9, 2026 10:05 GMT\n"
            "Militia seizes six fishermen off Cacheu\n"
            "The Red Heron Militia seized six fishermen on Saturday, officials said.")
    assert _id_of(text, "Militia") == "Organization/red-heron-militia"


def test_a_headlines_capitalised_noun_is_no_name_shared_across_stories(nlp):
    docs = [Document("a", "Militia seizes six Senegalese fishermen, demands release of prisoners\n\n"
                          "The fishermen were taken near Cacheu."),
            Document("b", "Militia says the navy fired first, demands talks\n\nTwo sailors were hurt near Bissau.")]
    ids = {r.id for t in extract(docs) for r in (t.subject, t.object) if r is not None and r.text == "Militia"}
    assert len(ids) == 2 and all("~" in i for i in ids), ids


def test_a_lower_case_noun_the_tagger_read_as_a_name_is_a_description(nlp):
    ident = _id_of("The families gathered outside the foreign ministry in Dakar on Sunday.", "the foreign ministry")
    assert "~" in ident, ident  # scoped to its document, like any unnamed description


@pytest.mark.parametrize("text, surface", [
    ("Deputies and state police chased the van for ten miles on Monday.", "Deputies"),  # capital at the start
    ("Jurors also heard testimony from a ballistics expert on Tuesday.", "Jurors"),  # read as a name
    ("The lawyer said the attorneys would appeal on Monday.", "the attorneys"),  # no "-ers" ending
    ("The families of the two injured workers requested privacy.", "The families of the two injured workers"),
])
def test_the_plural_of_a_person_noun_is_a_group_of_its_story(nlp, text, surface):
    ref = next(r for r in _refs(text) if r.text == surface)
    assert ref.type == "Group" and "~" in ref.id, ref  # people, and only this story's


def test_they_refers_to_the_people_a_plural_person_noun_names(nlp):
    text = ("Jurors also found the charges true. In addition, Lopes's attorneys asked for a new trial. "
            "The attorneys also argued that the judge refused to let them call a witness.")
    assert _id_of(text, "them") == _id_of(text, "The attorneys")


def test_people_a_plural_noun_names_speak_of_themselves_as_they(nlp):
    # "Palestinian leaders" stand for a country; what they say "they" will do is still theirs
    text = "Senegalese ministers said they would meet the envoy in Praia."
    speaker = _id_of(text, "Senegalese ministers")
    assert speaker and _id_of(text, "they") == speaker


def test_a_surname_the_tagger_reads_as_a_plural_is_still_one_person_for_they(nlp):
    # the tagger reads "Lopes" as a plural noun; "they" are the miners, never the one person speaking
    text = "Rui Lopes treated the miners on Monday. Lopes said they would recover."
    assert _id_of(text, "they") == _id_of(text, "the miners") != _id_of(text, "Lopes")


@pytest.mark.parametrize("text, surface, type_", [
    # an award show or a final is an event, not an actor that hosts or is hosted
    ("Marta Reis will host the Oscars next year.", "the Oscars", "Other"),
    ("The Porto Dragons reached the Taca Finals on Sunday.", "the Taca Finals", "Other"),
    # a hut, a theatre or a stadium is where people go, not who acts
    ("Two climbers were approaching the Tasman Saddle Hut when the storm hit.", "the Tasman Saddle Hut", "Location"),
    ("The band will play at the Coliseu Theatre in May.", "the Coliseu Theatre", "Location"),
])
def test_events_and_buildings_are_no_actors(nlp, text, surface, type_):
    assert _type_of(text, surface) == type_, [(r.text, r.type) for r in _refs(text)]


def test_a_party_a_story_holds_is_a_gathering_and_a_named_party_an_organisation(nlp):
    text = ("A former cook walked into an office Christmas party in Faro and shot two guests. "
            "The gunman left the party before police arrived.")
    assert {_type_of(text, "an office Christmas party in Faro"), _type_of(text, "the party")} == {"Other"}
    text = "Guests at a birthday party said the opposition party had sent a gift. The Labour party denied it."
    assert _type_of(text, "the opposition party") == "Organization"
    assert _type_of("The party met in Lisbon on Monday and chose a new leader.", "The party") == "Organization"


def test_a_deliberate_non_actor_name_keeps_its_type_across_documents():
    # one story's model read "the Grace Awards" as an organisation; the name says an event
    rows = [NameRow("Organization/grace-awards", "Grace Awards", "Organization", mentions=3),
            NameRow("Other/grace-awards", "Grace Awards", "Other", mentions=1)]
    assert canonical_links(rows) == {"Organization/grace-awards": "Other/grace-awards"}
    # a plain miss of the model still yields to a typed name
    rows = [NameRow("Organization/tecnicil", "Tecnicil", "Organization"),
            NameRow("Other/tecnicil", "Tecnicil", "Other", mentions=5)]
    assert canonical_links(rows) == {"Other/tecnicil": "Organization/tecnicil"}


@pytest.mark.parametrize("text, surface", [
    ("A senior Hamas commander was killed in an air strike on Tuesday.", "A senior Hamas commander"),
    ("Two Toyota employees resigned on Friday.", "Two Toyota employees"),
    # counted through "of" as well: a few of its people, not the organisation
    ("Kalimeris Lines fired two of its pilots on Friday.", "two of its pilots"),
    ("One of the Corvina Cartel gunmen was arrested in Praia.", "One of the Corvina Cartel gunmen"),
])
def test_one_of_an_organisations_people_is_not_the_organisation(nlp, text, surface):
    ident = _id_of(text, surface)
    assert not ident.startswith("Organization/"), ident


def test_a_countrys_armed_service_is_one_organisation_whatever_its_case(nlp):
    text = ("The Senegalese navy seized two fishing boats on Monday. "
            "On Tuesday the Senegalese Navy released their crews in Dakar.")
    refs = {r.text: r for r in _refs(text)}
    assert refs["The Senegalese navy"].id == refs["the Senegalese Navy"].id == "Organization/senegalese-navy"
    assert refs["The Senegalese navy"].country == "SEN"
    # other forces still stand for the country, as event coding has it
    assert _id_of("Senegalese forces seized two fishing boats on Monday.", "Senegalese forces") == "Country/senegal"


@pytest.mark.parametrize("text, surface, country", [
    ("A Portuguese company bought the old ferry from the port authority.", "A Portuguese company", "PRT"),
    ("Italian unions called a strike at the shipyard.", "Italian unions", "ITA"),
    ("Police said a Brazilian gang had stolen the cargo.", "a Brazilian gang", "BRA"),
    ("Gambia's largest party rejected the budget on Tuesday.", "Gambia's largest party", "GMB"),
])
def test_a_private_organisation_is_from_its_country_not_the_country(nlp, text, surface, country):
    """"A Portuguese company": a company of Portugal (its country), not Portugal acting, as troops would be."""
    ref = next(r for r in _refs(text) if r.text == surface)
    assert ref.type == "Organization" and not ref.id.startswith("Country/") and ref.country == country, ref


@pytest.mark.parametrize("text, surface, country", [
    ("One Gambian was arrested by the coast guard near Banjul.", "One Gambian", "GMB"),
    ("The 40-year-old Nigerian denied the charges in court.", "The 40-year-old Nigerian", "NGA"),
    ("Police questioned a Ghanaian on Monday.", "a Ghanaian", "GHA"),
    ("The 30-year-old Portuguese was freed by the rebels.", "The 30-year-old Portuguese", "PRT"),
    # a headline drops the article: "an Australian", not Australia; "a Briton", which the model tags a person
    ("Australian rescued off Sal island\nAn Australian sailor was rescued on Monday.", "Australian", "AUS"),
    ("Briton dies in fall on Pico\nA British hiker died on Monday after a fall.", "Briton", "GBR"),
    # the tagger reads the counted nationality as an adjective when a second person follows
    ("One Australian and one Irish diver have drowned off Sal island.", "One Australian", "AUS"),
])
def test_one_person_named_by_nationality_is_a_person_of_that_country(nlp, text, surface, country):
    ref = next(r for r in _refs(text) if r.text == surface)
    assert (ref.type, ref.country) == ("Person", country)
    assert ref.id.startswith("Person/") and ref.generic, ref.id  # a description of its story, not a name


@pytest.mark.parametrize("text, surface, name", [
    # a nationality for one person refers back like "the climber" does, a birthplace before it no mark of
    # someone new ("New" of "New Zealand" had read as "a new one")
    ("On Monday, 41-year-old Kelvin Doyle died after a fall on Pico. The New Zealand-born Australian had "
     "been walking to a hut.", "The New Zealand-born Australian", "Person/kelvin-doyle"),
    ("Tomas Ruiz won the final in Praia on Sunday. The lanky Canadian, who turned 30 in May, beat the "
     "champion in four sets.", "The lanky Canadian", "Person/tomas-ruiz"),
    # a lede's count of one is the one person the story later calls by that nationality
    ("One Australian and one Irish diver have drowned off Sal island. Kelvin Doyle, 41, died on Friday "
     "near Santa Maria. The Perth-born Australian had dived there for years.", "One Australian",
     "Person/kelvin-doyle"),
])
def test_one_person_named_by_nationality_is_the_one_the_story_names(nlp, text, surface, name):
    assert _id_of(text, surface) == name


def test_a_count_of_one_is_not_a_person_the_story_called_by_a_plain_noun(nlp):
    # "one man" tells no more than "a man": the man the police named is the gunman, not the one he killed
    text = ("A former cook who opened fire at a Christmas party and killed one man has been charged. "
            "Police said the man, Rui Tavares, had lost his job.")
    assert _id_of(text, "one man") != "Person/rui-tavares"


def test_one_member_of_a_party_or_faith_is_a_person_of_the_story(nlp):
    # "a Republican" is someone, not the party (whose name every story would share)
    text = "The seat in Praia was won by a Republican in 2024."
    ref = next(r for r in _refs(text) if r.text == "a Republican")
    assert ref.type == "Person" and "~" in ref.id, ref
    # set beside a name it is that person
    text = "State Rep. Rui Lopes, a Republican who led a failed bid to change the law, spoke on Monday."
    assert _id_of(text, "a Republican") == "Person/rui-lopes"


@pytest.mark.parametrize("text, surface", [
    ("The French protested the decision on Monday.", "The French"),  # the people as a whole
    ("Police charged 12 Gambian with piracy on Monday.", "12 Gambian"),  # several
    ("Nigerians protested the decision on Monday.", "Nigerians"),
    # the model leaves "Britons" untagged: as a name it was one node for every story's Britons
    ("Two Britons were arrested in Lisbon on Monday.", "Two Britons"),
    ("Britons were warned to avoid the area.", "Britons"),
])
def test_a_nationality_for_many_people_still_stands_for_the_country(nlp, text, surface):
    assert _id_of(text, surface).startswith("Country/")


def test_a_bare_given_name_is_the_one_person_the_story_named_with_it(nlp):
    # the model leaves "Wladimir" alone untagged: it was an Other of its own
    text = ("Wladimir Kovac stopped Tony Baptista in the sixth round on Saturday. "
            "Before the fifth, his trainer urged Wladimir to throw more jabs.")
    assert _id_of(text, "Wladimir") == "Person/wladimir-kovac"
    # not a team after "the" whose first word a garbage name shares, nor a headline's word
    text = "Colts Captain Rui Lopes scored twice. The Colts won the game on Sunday."
    assert _id_of(text, "The Colts") != "Person/colts-captain-rui-lopes"


@pytest.mark.parametrize("text, surface, type_", [
    ("Rui Tavares will coach the Sharks in Saturday's game at Mindelo.", "the Sharks", "Organization"),
    ("The Herons beat the Chiefs on Sunday in Praia.", "the Chiefs", "Organization"),  # "chiefs" is a noun too
    # a family: the singular is the surname of a person the story names
    ("Ana Moreira and Rui Moreira live in Praia. The Moreiras gathered in Praia on Sunday.", "The Moreiras", "Group"),
    # an award list is no actor
    ("The award was announced in the Birthday Honours on Monday.", "the Birthday Honours", "Other"),
])
def test_a_capitalised_plural_after_the_is_a_team_or_a_family(nlp, text, surface, type_):
    assert {r.type for r in _refs(text) if r.text == surface} == {type_}


def test_a_team_named_with_a_number_is_one_organisation_across_documents(nlp):
    # the tagger reads "49ers" as a common plural noun; after a place name it is the team's name
    text = "The Halifax 49ers fired their coach on Monday after a fifth straight defeat."
    first = {r.text: r for r in _refs(text, doc_id="story-1")}["The Halifax 49ers"]
    second = {r.text: r for r in _refs(text, doc_id="story-2")}["The Halifax 49ers"]
    assert first.id == second.id == "Organization/halifax-49ers"


def test_a_team_named_by_a_number_is_a_team_alone_and_they_refer_back_to_it(nlp):
    # "49ers" is no dictionary word: alone ("the 49ers") it is still the team the story named in full
    triples = extract_text("The Boston 49ers fired coach Rui Lopes on Monday. But the 49ers said they would keep "
                           "his staff.", doc_id="d")
    ids = {t.subject.text: t.subject.id for t in triples}
    assert ids["The Boston 49ers"] == ids["the 49ers"] == ids["they"] == "Organization/boston-49ers"


def test_a_place_and_a_capitalised_plural_is_a_team_and_its_short_form_is_the_team(nlp):
    # the model tags only the place; the plural is read as a common noun ("Kings") or a proper one ("Saints")
    triples = extract_text("The Lagos Kings beat the Accra Saints on Saturday. The Saints had won their four "
                           "previous games, and the Kings thanked their fans.", doc_id="d")
    ids = {t.subject.text: t.subject.id for t in triples} | {t.object.text: t.object.id for t in triples if t.object}
    assert ids["The Lagos Kings"] == ids["the Kings"] == "Organization/lagos-kings"
    assert ids["the Accra Saints"] == ids["The Saints"] == "Organization/accra-saints"


def test_the_team_and_they_refer_back_to_a_team_named_by_place_and_plural(nlp):
    text = ("The Lagos Kings placed their star guard Tomas Pina on the injured list on Monday. "
            "The team said he would miss the rest of the season.")
    assert _id_of(text, "The team") == "Organization/lagos-kings"
    text = "The Lagos Kings sacked their coach on Monday. They said the season had been a disaster."
    assert _id_of(text, "They") == "Organization/lagos-kings"


def test_a_places_bare_name_in_a_game_is_the_team_the_story_named(nlp):
    text = ("The Lagos Kings reached the final on Saturday. Lagos beat the Accra Saints 68-61. "
            "Fans in Lagos celebrated until dawn.")
    triples = extract_text(text, doc_id="d")
    assert {t.subject.id for t in triples if t.action.lemma == "beat"} == {"Organization/lagos-kings"}
    assert any(t.object is not None and t.object.text == "Lagos" and t.object.id == "Location/lagos"
               for t in triples), [(t.subject.text, t.object and t.object.id) for t in triples]  # "in Lagos"


@pytest.mark.parametrize("text,name", [
    ("Aid ships reached the Cayman Islands on Monday.", "the Cayman Islands"),  # a place's plural
    ("Workers cleaned the Emirates Towers on Monday.", "the Emirates Towers"),  # a building
    ("Tourists crowded the Athens Acropolis on Monday.", "the Athens Acropolis"),  # a singular ending in s
])
def test_a_place_and_a_capitalised_plural_that_names_a_place_is_no_team(nlp, text, name):
    refs = {r.text: r for r in _refs(text, doc_id="d")}
    assert refs[name].type != "Organization", refs[name]


def test_a_headlines_place_before_a_colon_is_not_the_story_s_actor(nlp):
    # the parser reads "Ghana: British Teacher ..." as an apposition; the teacher is not Ghana
    triples = extract_text("Ghana: British Teacher Killed In Crash\nThe man was 40.", doc_id="d")
    teacher = next(t.subject for t in triples if t.subject.text == "British Teacher")
    assert not teacher.id.startswith("Country/"), teacher.id
    assert not any(t.action.text == "is" and t.subject.text == "Ghana" for t in triples)


def test_a_name_with_mount_inside_is_a_place_not_a_person(nlp):
    # the model tags "Ben Mount Walker" a person (a given name first); then "the man" would be a mountain
    refs = {r.text: r for r in _refs("Rescuers reached Ben Mount Walker on Friday. "
                                      "The man had fallen 200 metres from a ridge.")}
    assert refs["Ben Mount Walker"].type == "Location"
    assert refs["The man"].id != refs["Ben Mount Walker"].id
    # a person whose surname is such a word stays a person
    assert _id_of("Talk show host Ricki Lake married Ross Burningham on Sunday.", "Ross Burningham") \
        == "Person/ross-burningham"
    assert any(r.id == "Person/ricki-lake" for r in _refs("Talk show host Ricki Lake married Ross Burningham."))


def test_a_given_name_the_model_left_out_of_a_person_is_part_of_the_name(nlp):
    # opening a sentence, "Ana" is often left untagged and the person becomes "Reis"
    text = "Ana Reis met Rui Lopes in Praia on Monday. Reis said the talks went well."
    assert _id_of(text, "Ana Reis") == _id_of(text, "Reis") == "Person/ana-reis"


@pytest.mark.parametrize("noun", ["council", "committee", "senate"])
def test_a_deliberative_body_is_an_organisation_even_unnamed(nlp, noun):
    text = f"The {noun} rejected the harbour budget on Monday."
    assert next(r.type for r in _refs(text) if r.text == f"The {noun}") == "Organization"


def test_a_name_whose_surname_is_a_title_word_is_still_a_name(nlp):
    # "King", "Bishop", "Judge" are surnames too: after a known given name the span is a person
    text = "The Harriers fired president Billy King on Monday. King said he was surprised."
    assert _id_of(text, "King") == "Person/billy-king"
    assert _id_of(text, "he") == "Person/billy-king"


def test_an_organisations_fighters_act_for_it(nlp):
    text = "Hezbollah guerrillas attacked an army post on Sunday."
    assert _id_of(text, "Hezbollah guerrillas") == "Organization/hezbollah"


def test_a_pronoun_and_its_described_antecedent_share_one_id(nlp):
    # the description's label keeps its compound ("ferry captain"); the pronoun must land on the same id
    text = "A ferry captain was arrested in Mindelo on Monday. He denied the charges."
    assert _id_of(text, "He") == _id_of(text, "A ferry captain")
    # compounds tell descriptions apart within a document
    text = "A Porto man attacked a Braga man on Sunday."
    assert _id_of(text, "A Porto man") != _id_of(text, "a Braga man")


def test_description_with_its_own_complement_introduces_someone(nlp):
    text = "Marta Lobato opened the new harbour on Monday. The minister who signed the contract resigned."
    assert _id_of(text, "The minister") != "Person/marta-lobato"


def test_description_finds_the_person_the_text_called_by_that_noun(nlp):
    text = ("Coroner Ilda Soares and Pedro Varela reached the quay on Monday. Pedro Varela counted the boats. "
            "Pedro Varela left early. Reporters waited outside. The coroner signed the report.")
    assert _id_of(text, "The coroner") == "Person/ilda-soares"


def test_described_organisation_refers_back_to_the_one_named(nlp):
    # a news writer varies the name: "the shipping giant", "the Cape Verdean carrier"
    text = "Binter Atlantico cancelled six flights on Monday. The Cape Verdean airline blamed the storm."
    assert _id_of(text, "The Cape Verdean airline") == "Organization/binter-atlantico"
    text = "Atlantic Ferry Lines bought two ferries in May. The shipping giant said fares would rise."
    assert _id_of(text, "The shipping giant") == "Organization/atlantic-ferry-lines"


def test_pronoun_after_a_described_organisation_is_that_organisation(nlp):
    # not the country named inside the description ("US")
    text = ("Atlantic Ferry Lines cancelled six crossings on Monday. "
            "The US shipping giant said it would refund every ticket.")
    assert _id_of(text, "it") == "Organization/atlantic-ferry-lines"


def test_described_organisation_with_a_new_referent_word_is_someone_else(nlp):
    text = "Tecnicil Mar bought two ferries in May. The other shipping giant said fares would rise."
    assert _id_of(text, "The other shipping giant") != "Organization/tecnicil-mar"


def test_described_organisation_with_a_complement_of_its_own_is_not_resolved(nlp):
    text = ("The Atlantic Coastal Union lifted its sanctions on Monday. "
            "Senegal held the militia responsible for the men's safety.")
    assert all(t.object.id != "Organization/atlantic-coastal-union" for t in extract_text(text)
               if t.object is not None and "militia" in t.object.text)


def test_described_organisation_prefers_the_subject_of_the_last_sentence(nlp):
    # the company the text was talking about, not the one named on the way
    text = ("Atlantic Ferry Lines said thieves had stolen fuel from a depot of Enacol Energia. "
            "The company said it would hire guards.")
    assert _id_of(text, "The company") == "Organization/atlantic-ferry-lines"


def test_a_description_is_not_the_subject_of_its_own_sentence(nlp):
    text = ("Guinea-Bissau asked for help in March. Rui Lopes pushed for a vote on foreign bases. "
            "A month later, Senegal said it was sending troops to the country.")
    assert _id_of(text, "the country") != "Country/senegal"


def test_described_organisation_between_two_named_objects_stays_unnamed(nlp):
    text = "Police questioned Atlantic Ferry Lines and Binter Airlines on Monday. The company denied any wrongdoing."
    assert _id_of(text, "The company") not in ("Organization/atlantic-ferry-lines", "Organization/binter-airlines")


def test_every_apposition_in_a_list_is_the_name(nlp):
    text = "Esther Rocha, swimmer, actress, and pin-up icon, has died. The actress was 91."
    assert _id_of(text, "The actress") == "Person/esther-rocha"
    role = next(t.subject.role for t in extract_text(text) if t.subject.id == "Person/esther-rocha")
    assert role == "swimmer, actress, and pin-up icon"


def test_nouns_sharing_one_determiner_before_a_name_are_that_person(nlp):
    # "the singer and songwriter": one determiner, one person, whom the name after the comma renames
    text = "Officials confirmed that the singer and songwriter, Marta Duarte, died on Friday in Praia."
    assert {t.subject.id for t in extract_text(text) if t.subject.text != "Officials"} == {"Person/marta-duarte"}
    # "the singer and her husband" are two people: the name is only the husband's
    text = "Officials confirmed that the singer and her husband, Rui Lopes, died on Friday in Praia."
    assert _id_of(text, "the singer") != "Person/rui-lopes"


def test_an_apposition_of_an_apposition_without_a_comma_is_the_name(nlp):
    text = "Lena Moss, the tennis champion turned actress who starred in two films, has died."
    starred = next(t for t in extract_text(text) if t.action.lemma == "star")
    assert starred.subject.id == "Person/lena-moss"


@pytest.mark.parametrize("text", [
    "Esther Rocha, the swimming champion turned actress who starred in musicals, has died.",  # a misread relcl
    "Rui Lopes, a lawyer turned politician, won the vote in Praia on Sunday.",  # an acl on the apposition
])
def test_both_nouns_of_x_turned_y_are_the_name_and_turned_is_no_event(nlp, text):
    refs = _refs(text)
    named = refs[0].id
    assert named in ("Person/esther-rocha", "Person/rui-lopes"), refs
    people = {r.id for r in refs if r.id and r.text.split()[-1] in ("champion", "actress", "lawyer", "politician")}
    assert people <= {named}, refs
    assert not [t for t in extract_text(text) if t.action.lemma == "turn"]


def test_a_relative_clause_with_turned_is_still_an_event(nlp):
    # "who turned 80": the person did something; "whose luck turned sour": nothing renames anyone
    assert [t for t in extract_text("Ana Reis, who turned 80 on Monday, thanked her fans.") if t.action.lemma == "turn"]
    assert _id_of("Rui Lopes, whose luck turned sour, lost the vote.", "whose luck") != "Person/rui-lopes"


def test_two_common_nouns_with_nothing_between_are_no_apposition(nlp):
    # the parser hangs "star" on "pin" as an apposition: no statement "famous pin up is star"
    triples = extract_text("Famous pin up star Joana Brito has died in Praia.")
    assert not [t for t in triples if t.derived and t.subject.text.lower().startswith("famous")], triples


def test_a_modifier_set_off_by_a_comma_after_a_noun_is_no_part_of_it(nlp):
    # "aged 85" tells of the one who died, not of the place: the object is "Praia"
    triples = extract_text("Joana Brito died at home in Praia, aged 85.")
    assert {t.object.text for t in triples if t.object and t.object.text.startswith("Praia")} == {"Praia"}


def test_a_noun_hung_on_a_name_across_other_words_is_no_apposition(nlp):
    # the parser makes "a court reporter" an apposition of "Varela", over "was found guilty ...": a victim
    text = ("Varela, 41, was found guilty last month of murdering a judge, a court reporter, a prison guard "
            "and a police officer in the 2019 attack.")
    assert all(r.id != "Person/varela" for r in _refs(text) if r.text != "Varela")
    assert ("Varela", "41") in {(t.subject.text, t.object.text) for t in extract_text(text) if t.derived}


def test_a_statement_phrase_after_an_inverted_speaker_is_not_part_of_the_speaker(nlp):
    # the parser hangs "in a statement" on "the company", which then read as a description of its own
    text = ('Atlantic Ferry Lines cancelled its Monday crossings. "We regret the delay," '
            "said the company in a statement.")
    said = next(t for t in extract_text(text) if t.action.lemma == "say")
    assert (said.subject.text, said.subject.id) == ("the company", "Organization/atlantic-ferry-lines")
    text = '"We regret the delay," said ferry captain Rui Lopes at a news conference.'
    said = next(t for t in extract_text(text) if t.action.lemma == "say")
    assert said.subject.text == "ferry captain Rui Lopes"


def test_a_listed_description_with_a_singular_verb_is_no_second_subject(nlp):
    # the parser reads a list of conjuncts; "has" says it is one person described three ways
    text = "Esther Rocha, swimming champion, actress, and pin-up icon, has died."
    subjects = {(t.subject.text, t.subject.id) for t in extract_text(text)}
    assert subjects == {("Esther Rocha", "Person/esther-rocha")}
    text = "Esther Rocha, Lena Moss, and Ana Lopes have left."
    assert {t.subject.id for t in extract_text(text)} == {
        "Person/esther-rocha", "Person/lena-moss", "Person/ana-lopes"}


def test_a_counted_breakdown_of_a_plural_subject_is_no_list_of_subjects(nlp):
    # "four Senegalese and two Britons" say who the hostages are, set off by commas: one subject
    text = "The hostages, four Senegalese and two Britons, were handed to the Red Cross on Monday."
    assert {(t.subject.text, t.subject.type) for t in extract_text(text) if t.action.lemma == "hand"} == {
        ("The hostages", "Group")}  # nor Senegal: the count says who they are, it does not name them
    text = "The hostages, four South Africans and two Britons, were handed to the Red Cross on Monday."
    assert {t.subject.text for t in extract_text(text) if t.action.lemma == "hand"} == {"The hostages"}
    # a list without the closing comma is a list
    text = "The hostages, the guards and two Britons were freed on Monday."
    assert {t.subject.text for t in extract_text(text)} == {"The hostages", "the guards", "two Britons"}


def test_an_age_standing_alone_is_the_person_of_that_age(nlp):
    text = ("Police questioned Rui Lopes and Ana Reis on Monday. Mr Lopes, 61, denied the charges, and Ms Reis, "
            "34, said nothing. The 61-year-old was released on bail.")
    assert _id_of(text, "The 61-year-old") == "Person/rui-lopes"


def test_a_name_in_apposition_to_the_speaker_is_only_the_source(nlp):
    # "His lawyer, Ana Pires, said": she is quoted, not one of the story's people a description could be
    text = ("Police arrested Tomas Varela on Monday. His lawyer, Ana Pires, said the charges were false. "
            "The 61-year-old was released on bail.")
    assert _id_of(text, "The 61-year-old") == "Person/tomas-varela"


def test_a_status_word_a_description_gave_the_person_refers_back(nlp):
    text = "Police arrested Tomas Varela, a former fisheries minister, on Monday. The former minister denied the charges."
    assert _id_of(text, "The former minister") == "Person/tomas-varela"


def test_an_age_standing_for_a_person_refers_back(nlp):
    text = "Police found Marta Lobato in Praia on Monday. The 10-year-old was taken to hospital by her aunt."
    assert _id_of(text, "The 10-year-old") == "Person/marta-lobato"


@pytest.mark.parametrize("text, surface", [
    ("Man charged with arson after fire at supermarket in Mindelo", "Man"),
    ("Mindelo market fire: Man denies arson", "Man"),
    ("WOMAN HELD AFTER FIRE IN MINDELO", "WOMAN"),
])
def test_a_headlines_capitalised_person_noun_is_a_description_of_its_document(nlp, text, surface):
    ids = {r.id for r in _refs(text, doc_id="a") if r.text == surface}
    assert ids and all("~" in i for i in ids), ids  # scoped to the document: never one "Man" across stories


def test_a_title_after_a_hyphen_is_no_headline_noun(nlp):
    # "Fire - Man denies arson" opens a headline after a spaced dash; "Attorney-General" is one title
    from kg.extract.noun_phrases import capitalised_person_noun
    found = {s: [t.text for t in nlp(s) if capitalised_person_noun(t)]
             for s in ("He was Attorney-General until 1834.", "Mindelo fire - Man denies arson")}
    assert found == {"He was Attorney-General until 1834.": [], "Mindelo fire - Man denies arson": ["Man"]}


def test_an_organisation_that_names_someone_is_not_the_one_it_names(nlp):
    # the parser reads "The port authority named Rui Lopes ..." as "an authority named Rui Lopes"
    text = "The port authority named Rui Lopes as acting harbour master on Monday."
    triples = [t for t in extract_text(text) if t.object is not None and t.object.id == "Person/rui-lopes"]
    assert triples and all(t.subject.id.startswith("Organization/") for t in triples), \
        [(t.subject.id, t.action.text, t.object.id) for t in triples]


def test_gendered_description_prefers_the_one_person_known_to_agree(nlp):
    # Sousa's gender is unknown, Marta's is known: "the actress" is Marta Lobato, as "she" would be
    text = "Marta Lobato met Pedro Varela and Sousa in Praia on Monday. Sousa said the actress left early."
    assert _id_of(text, "the actress") == "Person/marta-lobato"


@pytest.mark.parametrize("text, surface", [
    ("Vincent 'The Chin' Rocha died on Monday in a prison in Praia.", "Vincent 'The Chin' Rocha"),
    ('Police said Jose "Pepe" Fortes fled.', 'Jose "Pepe" Fortes'),
    ("James 'Whitey' Bulgar was arrested in Santa Monica.", "James 'Whitey' Bulgar"),
    # the model may tag such a name as a work of art: the given name before the nickname tells
    ("Reputed gang leader Tomas 'The Hook' Varela died on Monday.", "Tomas 'The Hook' Varela"),
    # the tagger may read the surname after the nickname as a plural noun ("Tavares")
    ('Police arrested Robert "Bobby" Tavares on Monday. Tavares denied the charge.', 'Robert "Bobby" Tavares'),
])
def test_a_nickname_inside_a_name_is_left_out_of_it(nlp, text, surface):
    ident = _id_of(text, surface)
    words = surface.replace("'", '"').split('"')
    assert ident == "Person/" + "-".join((words[0] + words[2]).lower().split())


def _span(nlp, text: str, surface: str, label: str):
    from spacy.tokens import Span

    doc = nlp(text)
    first = next(t.i for t in doc if t.idx == text.index(surface))
    last = next(t.i for t in doc if t.idx + len(t) == text.index(surface) + len(surface))
    return Span(doc, first, last + 1, label=label)


def test_marks_left_out_of_a_name_keep_the_space_between_its_words(nlp):
    from kg.extract.name_mentions import canonical_name

    span = _span(nlp, "Police said Ana (de) Sousa fled.", "Ana (de) Sousa", "PERSON")
    assert canonical_name(span)[0] == "Ana de Sousa"
    span = _span(nlp, 'Mob boss Vincent "the Bull" Rocha died.', 'Vincent "the Bull" Rocha', "PERSON")
    assert canonical_name(span)[0] == "Vincent Rocha"  # and a nickname may open with a lower-case "the"


def test_a_given_name_before_a_nickname_makes_it_a_person_whatever_the_model_tagged(nlp):
    from kg.extract.name_mentions import with_nicknames

    span = _span(nlp, "Reputed gang leader Carlos 'The Hook' Varela died.", "Carlos 'The Hook' Varela", "WORK_OF_ART")
    joined = with_nicknames(span.doc, [span])
    assert [(e.text, e.label_) for e in joined] == [("Carlos 'The Hook' Varela", "PERSON")]
    span = _span(nlp, "Watergate 'Bagman' Fred Larsen died.", "Watergate 'Bagman' Fred Larsen", "WORK_OF_ART")
    assert with_nicknames(span.doc, [span]) == [span]  # no given name before it: a quoted description


def test_a_nickname_may_open_with_a_lower_case_the(nlp):
    text = 'Gang leader Vincent "the Bull" Rocha died on Monday in a prison hospital.'
    assert {r.id for r in _refs(text) if r.type == "Person"} == {"Person/vincent-rocha"}


@pytest.mark.parametrize("text, surface, ident", [
    ("Following Rocha's death, prosecutors closed the case.", "Rocha", "Person/rocha"),
    ("Following Varela's arrest, the police closed the road. Varela had run the gang for years.", "Varela",
     "Person/varela"),
    ("Despite Lobato's warning, the minister signed the deal.", "Lobato", "Person/lobato"),
])
def test_a_preposition_opening_the_sentence_is_not_part_of_the_name(nlp, text, surface, ident):
    assert _id_of(text, surface) == ident


@pytest.mark.parametrize("text, surface, name", [
    ("Having Lobato host the show was a risk.", "Having Lobato", "Lobato"),
    ("Following Rocha's death, prosecutors closed the case.", "Following Rocha", "Rocha"),
    ('He said: "Despite Varela, we won."', "Despite Varela", "Varela"),
    ("The Hague Group met on Monday.", "The Hague Group", "Hague Group"),  # articles: clean_name's business
    ("Police said Following Rocha was arrested.", "Following Rocha", "Following Rocha"),  # not opening a sentence
])
def test_a_closed_class_word_opening_a_sentence_is_cut_from_a_name(nlp, text, surface, name):
    from kg.extract.name_mentions import canonical_name

    assert canonical_name(_span(nlp, text, surface, "PERSON"))[0] == name


def test_a_quoted_description_before_a_name_is_no_nickname(nlp):
    assert _id_of("Watergate 'Bagman' Fred Larsen, 75, Dies", "Watergate 'Bagman' Fred Larsen") == "Person/fred-larsen"


def test_nickname_name_and_plain_name_are_one_person(nlp):
    text = "Vincent 'The Chin' Rocha was jailed in 1997. Vincent Rocha died on Monday."
    assert _id_of(text, "Vincent 'The Chin' Rocha") == _id_of(text, "Vincent Rocha") == "Person/vincent-rocha"


def test_a_noun_the_document_always_capitalises_is_a_name(nlp):
    # the tagger reads a sentence-initial "Hornets" as a common noun; the article writes it as a name
    text = ("Hornets suffer major injury before the final. The Hornets said their captain hurt his knee, "
            "and the Hornets expect him back in May.")
    first = {t.subject.id for t in extract_text(text) if t.sentence == 0}
    assert first == {_id_of(text, "The Hornets")} and "~" not in first.pop()
    text = "Hornets suffer major injury before the final. Hornets are wasps, and hornets sting."
    assert all("~" in t.subject.id for t in extract_text(text) if t.sentence == 0)  # lower case too: a noun


def test_a_plural_description_and_its_pronoun_are_one_actor(nlp):
    text = "The army did not identify the gunmen, except to say that they had crossed the border."
    assert _id_of(text, "the gunmen") == _id_of(text, "they")


def test_a_sentence_initial_capital_is_no_name_when_the_text_writes_the_word_in_lower_case(nlp):
    text = "Pirates attacked a cargo ship off Mindelo on Monday. The coast guard said the pirates fled."
    assert "~" in _id_of(text, "Pirates")  # a description of this document, like "the pirates"
    assert _id_of(text, "Pirates") == _id_of(text, "the pirates")


_FILLER = "Firefighters worked through the night. The shop stayed closed on Sunday. "


def test_description_is_the_one_person_named_in_the_same_part_of_the_same_event(nlp):
    # named too far from the lede for the lede rule: the shared event ("charged") ties them
    text = "A man has been charged with arson in Mindelo. " + _FILLER + "Rui Tavares, 24, was charged on Monday."
    assert _id_of(text, "A man") == "Person/rui-tavares"


@pytest.mark.parametrize("text", [
    # "also": a second person in the same event
    "A man was arrested after the fight in Mindelo. " + _FILLER + "Police also arrested Rui Tavares on Monday.",
    # two named people charged: either could be the man
    ("A man has been charged with arson in Mindelo. " + _FILLER + "Rui Tavares was charged on Sunday, "
     "and Jorge Pina was charged on Monday."),
    # another part in the event: the man was charged, Rui Tavares charged someone
    "A man has been charged with arson in Mindelo. " + _FILLER + "Rui Tavares charged the suspects on Monday.",
    # saying is what everyone in a story does
    "A man said the fire started at dawn in Mindelo. " + _FILLER + "Rui Tavares said the shop would reopen.",
])
def test_description_in_an_event_with_another_or_several_named_people_stays_unnamed(nlp, text):
    assert "~" in _id_of(text, "A man")


@pytest.mark.parametrize("text, surface", [
    ("Rui Lopes disappeared in May. His body was found by a fisherman on Tuesday.", "His body"),
    ("The body of Rui Lopes was found near Praia.", "The body of Rui Lopes"),
])
def test_a_dead_persons_body_is_the_person(nlp, text, surface):
    assert _id_of(text, surface) == "Person/rui-lopes"


def test_a_body_that_is_no_persons_stays_a_description(nlp):
    assert "~" in _id_of("The governing body of the league met on Monday.", "The governing body of the league")


@pytest.mark.parametrize("text, named", [
    # a team the tagger read as a common noun, named once inside a sentence: a name, which "Mindelo Jaguars" can take
    ("Abel Reis completed 20 passes to lead the Hornets over the Jaguars in week 9.", True),
    # the same word in lower case elsewhere: a common noun written with a capital
    ("Abel Reis completed 20 passes to lead the Hornets over the Jaguars in week 9. Fans saw the jaguars.", False),
    # a headline capitalises every word
    ("Reis Leads Hornets Past The Jaguars In Week 9", False),
])
def test_a_capitalised_plural_after_the_is_a_name_once_the_text_never_writes_it_in_lower_case(nlp, text, named):
    from kg.extract.truecase import document_case

    doc = nlp(text)
    jaguars = next(t for t in doc if t.text == "Jaguars")
    assert jaguars.tag_ == "NNS"  # the tagger's reading this rule is for
    assert document_case(doc).named_plural(jaguars) is named


@pytest.mark.parametrize("text, surface", [
    ("The visiting Hornets beat the Lions on Sunday. The Hornets scored twice.", "The visiting Hornets"),
    ("The 2012 Hornets won the island cup. The Hornets scored twice.", "The 2012 Hornets"),
])
def test_words_before_a_name_are_not_part_of_it(nlp, text, surface):
    assert _id_of(text, surface) == _id_of(text, "The Hornets")


def test_lede_description_takes_the_person_named_next(nlp):
    text = ("A nurse rescued three sailors off Mindelo on Sunday. "
            "Rui Tavares, 52, spotted their boat at dawn.")
    assert _id_of(text, "A nurse") == "Person/rui-tavares"


def test_lede_with_two_people_links_neither(nlp):
    # the name that follows could be the driver's or the woman's: leave both unnamed
    text = ("A driver struck a woman near the market on Friday. "
            "Alda Fortes, 40, was taken to hospital.")
    refs = _refs(text)
    assert all(r.id != "Person/alda-fortes" for r in refs if r.text.lower() in ("a driver", "a woman"))


@pytest.mark.parametrize("headline, linked", [
    ("Son held after grandmother and aunt found dead", True),  # the other people of the headline are women
    ("Man held after uncle found dead", False),  # the brother may be the one named
    ("Woman held after grandmother and aunt found dead", False),  # the one named is a man
])
def test_a_gendered_lede_noun_is_not_blocked_by_people_of_the_other_gender(nlp, headline, linked):
    text = headline + "\nJohn Harper, 27, was arrested after the bodies were found in Braga."
    assert (_id_of(text, headline.split()[0]) == "Person/john-harper") is linked


def test_lede_description_after_a_name_is_not_linked_forward(nlp):
    text = ("Police chief Jorge Pina spoke on Friday. A nurse found the wreck. "
            "Rui Tavares, 52, called the coast guard.")
    assert _id_of(text, "A nurse") not in ("Person/rui-tavares", "Person/jorge-pina")


@pytest.mark.parametrize("text, description", [
    ("Dr. Rui Lopes, a surgeon, is the leading contender to lead the union.", "the leading contender"),
    ("The man accused of the theft is Rui Lopes, a clerk from Praia.", "The man accused of the theft"),
    ("Rui Lopes became the first nurse to lead the union in 2019.", "the first nurse"),
    ("The club hired Rui Lopes as head coach on Monday.", "head coach"),
    ("The ministry described Rui Lopes as a dedicated leader.", "a dedicated leader"),
])
def test_a_copula_or_as_phrase_says_the_description_is_the_named_person(nlp, text, description):
    # where the description acts (a subject) or is acted on: as what someone is, the object has no actor id
    ids = {r.id for r in _refs(text) if r.text.lower() == description.lower() and r.id}
    assert ids == {"Person/rui-lopes"}, [(r.text, r.id) for r in _refs(text)]


@pytest.mark.parametrize("text, description", [
    ("The suspect's name is Rui Lopes, police said.", "The suspect's name"),  # a name, not a person
    ("Rui Lopes is not the man who fled the scene.", "the man"),
])
def test_a_copula_does_not_make_a_name_or_a_denial_the_person(nlp, text, description):
    ids = {r.id for r in _refs(text) if r.text.lower() == description.lower()}
    assert ids and "Person/rui-lopes" not in ids, ids


def test_what_a_person_returns_as_is_no_actor_they_act_on(nlp):
    # "coach" is Rui Lopes himself: neither a self-loop nor a new unnamed coach
    facts = [t for t in extract_text("Rui Lopes will return as coach next year.") if t.object is not None]
    assert facts and all(t.object.id == "" for t in facts), [(t.subject.id, t.object.id) for t in facts]


@pytest.mark.parametrize("text", [
    "Ana Reis won the prize. She previously served as host of the show.",
    "The former nurse worked as a driver in Porto for two years.",
    # the verb shares its subject with an earlier one, or a relative pronoun stands for it
    "Ana Reis finished her training in Braga in 2001 and has served as director of the clinic since 2004.",
    "Rui Lopes, who played for the Lions for ten seasons and served as an assistant coach for three, was hired.",
    "Nurses and porters have served as volunteers at the shelter.",
])
def test_what_a_pronoun_or_description_serves_as_is_no_actor_it_acts_on(nlp, text):
    # the subject is not yet a name when the object is read: the "as" phrase still says who the subject is
    facts = [t for t in extract_text(text) if t.object is not None and t.action.text.endswith(" as")]
    assert facts and all(t.object.id == "" for t in facts), [(t.object.text, t.object.id) for t in facts]


@pytest.mark.parametrize("text, noun, name", [
    # another person noun in the lede ("the driver") leaves the name open, unless what happened to the
    # named person next is what happened to the lede's noun (struck, as the woman was)
    ("A woman has died after being struck by a bus in Porto, and the driver has been arrested. "
     "Police said 47-year-old Joana Martins was crossing the road when she was struck.",
     "A woman", "Person/joana-martins"),
    ("A man has died after being struck by a bus in Porto, and the driver has been arrested. "
     "Witnesses said 47-year-old Pedro Martins was crossing the road when he was struck.",
     "A man", "Person/pedro-martins"),
    # the same deed in other words: struck, then hit (one WordNet sense group)
    ("A woman died after being struck by a van in Faro, and officers arrested the driver who fled. "
     "Lena Marsh was hit by the van as she crossed the street.", "A woman", "Person/lena-marsh"),
    # was hit and killed: the second verb is as passive as the first
    ("A pensioner was hit and killed by a tram in Lisbon, and the driver was questioned. "
     "Police said Ines Duarte, 81, was killed instantly.", "A pensioner", "Person/ines-duarte"),
    # what was done to "her" later in the lede is done to the lede's woman (hit, then struck); the headline
    # names a place before "mother", which the model tags PERSON: no one named before the lede
    ("Man held after Vila Nova Hill mother killed in crash\n"
     "A 61-year-old woman was killed in a crash on Friday evening, and the man behind the wheel of the van that "
     "hit her was charged with drunk driving, police said.\n"
     "Lena Marsh was crossing the road at about 7 p.m. when she was struck by a van, which then sped off.",
     "A 61-year-old woman", "Person/lena-marsh"),
])
def test_a_lede_description_takes_the_person_named_next_for_the_same_deed(nlp, text, noun, name):
    assert _id_of(text, noun) == name


@pytest.mark.parametrize("headline, place", [
    ("Man held after Vila Nova Hill mother killed in crash", "Vila Nova Hill"),
    ("Driver held after Rich Hill mother killed in crash", "Rich Hill"),
])
def test_a_name_before_a_local_person_noun_is_a_place(nlp, headline, place):
    from kg.extract.entities import DocumentEntities

    doc = nlp(headline)
    assert any(e.text == place and e.label_ == "PERSON" for e in doc.ents)  # what the model reads
    start = next(e.start for e in doc.ents if e.text == place)
    cluster = DocumentEntities(doc, "d").cluster_at(start)
    assert cluster is not None and cluster.type == "Location"


def test_a_headline_word_the_text_puts_beside_a_named_person_is_that_person(nlp):
    # "tackle" is no noun of kg's lists; WordNet knows it for a player, and the lede's apposition says so here
    text = ("Praia Lions Defensive Tackle Faces Drink-Driving Charge\n"
            "Tomas Serpa, the defensive tackle for the Praia Lions, was arrested early on Sunday.")
    assert _id_of(text, "Praia Lions Defensive Tackle") == "Person/tomas-serpa"
    # an apposed word WordNet does not know for people stays a word elsewhere
    text = "Rui Lopes, the face of the campaign, spoke on Monday. The face smiled from every poster."
    assert not _id_of(text, "The face").startswith("Person/")


def test_a_bare_plural_that_is_a_named_organisations_one_word_name_is_that_organisation(nlp):
    # the model tags "The Saints" but not "Saints" at the start of a sentence (a common noun's capital)
    text = ("Rui Lopes's season has come to an end. The Saints placed Lopes on the injured list on Wednesday. "
            "Saints put Lopes on the list after he hurt his knee.")
    assert _id_of(text, "Saints") == "Organization/saints"


def test_a_description_brought_in_again_with_a_far_below_is_someone_new(nlp):
    text = ("Second climber dies on Pico\n"
            "A second man has fallen to his death on Pico. The man fell about 600 metres on Saturday. "
            "Rescuers could not reach him before dark. It was the second death on the mountain in two days. "
            "Police gave no names. A 36-year-old man died on Friday after he slipped on ice. "
            "The man had been walking alone.")
    ids = {}
    for r in sorted(_refs(text), key=lambda r: r.start):
        ids.setdefault(r.text, []).append(r.id)
    first, second = ids["A second man"][0], ids["A 36-year-old man"][0]
    assert first != second and ids["The man"][0] == first == _id_of(text, "him")  # the lede's man, then another
    assert ids["The man"][-1] == second == _id_of(text, "he")  # "the man" after the new one is the new one
    # the lede's "a" after a headline's or a subhead's is the same one
    text = ("Grandmother killed by a hit-and-run driver\n"
            "A grandmother crossing a street was struck by a hit-and-run driver on Friday, police said. "
            "Officers arrested the driver an hour later.")
    assert len({r.id for r in _refs(text) if r.text.lower().startswith(("a hit-and-run driver", "the driver"))}) == 1


def test_a_name_the_parser_made_a_conjunct_after_a_comma_is_an_apposition(nlp):
    # no "and" anywhere: the parser's conjunct is the trustee's name; with an "and" it stays a list
    text = "The Alvor Health Fund congratulates former trustee, Teresa Lima, Ph.D., on being named Surgeon General."
    assert _id_of(text, "former trustee") == "Person/teresa-lima"
    text = "Police questioned the driver, Rui Lopes and Ana Reis on Monday."
    assert _id_of(text, "the driver") != "Person/rui-lopes"


def test_the_other_person_noun_of_the_lede_never_refers_back_to_the_person_named_next(nlp):
    # the lede sets the woman and the driver apart: once she is named, "the driver" is still someone else
    text = ("A woman has died after being struck by a bus in Porto, and the driver has been arrested. "
            "Police said 47-year-old Joana Martins was crossing the road when she was struck. "
            "Officers caught up with the driver a mile away.")
    assert _id_of(text, "A woman") == "Person/joana-martins"
    assert _id_of(text, "the driver") != "Person/joana-martins"


def test_a_lede_description_does_not_take_a_person_named_next_for_another_deed(nlp):
    text = ("A man was stabbed outside a bar in Braga, and the attacker fled. "
            "Police said 30-year-old Rui Costa was arrested later that night.")
    assert _id_of(text, "A man") != "Person/rui-costa"


@pytest.mark.parametrize("text", [
    # killed is not hit: the one named next may be the driver
    "A woman was killed by a car in Faro, and the driver fled. Police said Rui Marsh, 30, was hit by a bus later.",
    # the driver did it too: struck is no cue to either of them
    "A cyclist was struck by a van in Faro, and the driver was struck by a falling sign. "
    "Police said Rui Duarte, 30, had been hit on the head.",
])
def test_a_lede_description_is_not_named_for_a_deed_of_another_sense_or_shared(nlp, text):
    noun = "A woman" if "A woman" in text else "A cyclist"
    assert _id_of(text, noun).startswith("Person/" + noun.split()[1] + "~"), _id_of(text, noun)


def test_a_lede_description_takes_the_person_named_with_the_same_age(nlp):
    # two people in the lede, so only the age says which one the name is
    text = ("A 44-year-old nurse was stabbed when a man attacked her outside the clinic. "
            "Maria Fontes, 44, was taken to hospital. Police arrested Tiago Meireles, 27, on Sunday.")
    assert _id_of(text, "A 44-year-old nurse") == "Person/maria-fontes"
    assert _id_of(text, "a man") != "Person/tiago-meireles"


def test_a_stated_age_beats_a_gender_guessed_from_the_given_name(nlp):
    # "Luca" is listed as a man's name; the text says she is a woman of 61
    text = ("A 61-year-old woman died after a van hit her on Friday. "
            "Luca Ferreira, 61, was crossing the road when she was struck.")
    ids = {r.id for r in _refs(text) if r.text.lower() in ("she", "a 61-year-old woman")}
    assert ids == {"Person/luca-ferreira"}, [(r.text, r.id) for r in _refs(text)]


@pytest.mark.parametrize("text, description", [
    # a different age: someone else, whatever other rule would link them
    ("Luca Ferreira, 59, was hit by a van on Friday. The 23-year-old driver fled the scene.", "The 23-year-old driver"),
    # a title states the gender: "Mr" is no woman, even of the same age
    ("A 50-year-old woman was hurt in the blast. Mr Tavares, 50, was also injured.", "A 50-year-old woman"),
    # someone's neighbour is not that someone, even of the same age
    ("Rui Lopes, 50, was hurt in the blast. Lopes's 50-year-old neighbour called the police.",
     "Lopes's 50-year-old neighbour"),
    ("The trial of 17-year-old Rui Tavares began on Monday. Once the trial resumed, Tavares' 17-year-old "
     "best friend took the stand.", "Tavares' 17-year-old best friend"),  # the tagger missed "Tavares'"
])
def test_an_age_title_or_possessor_that_disagrees_keeps_the_description_apart(nlp, text, description):
    assert not _id_of(text, description).startswith(("Person/luca-ferreira", "Person/tavares", "Person/rui-lopes")), \
        _refs(text)


@pytest.mark.parametrize("text, description, expected", [
    # headlines drop the article: "Injured nurse saved ..." says "An injured nurse saved ..."
    ("Injured nurse saved three sailors off Mindelo\n"
     "Maria Fontes, 52, pulled them from the water on Sunday before she collapsed.",
     "Injured nurse", "Person/maria-fontes"),
    # "Praia man charged ..." is a noun phrase to the parser and "A man was charged ..." to a reader
    ("Praia man charged in fatal crash\n"
     "Tomas Pina, 23, was charged with manslaughter on Monday. A woman died in the crash.",
     "Praia man", "Person/tomas-pina"),
    # a capitalised "Man" after a headline's colon, which the tagger reads as a name
    ("Harbour blaze: Man denies arson\n"
     "A man has denied starting a fire at a harbour warehouse in Porto on Friday.\n"
     "Tomas Ferreira, 31, is accused of setting fire to the warehouse shortly after midnight.",
     "Man", "Person/tomas-ferreira"),
])
def test_a_headline_bare_noun_is_read_as_a_lede_description(nlp, text, description, expected):
    assert _id_of(text, description) == expected


def test_a_lede_description_takes_the_person_the_headline_names_when_named_next(nlp):
    text = ("Harbour fire: Ana Reis charged with arson\n"
            "A warehouse worker who had been dismissed on Monday returned hours later with a can of petrol and "
            "set fire to the building, police said.\n"
            "Ana Reis, 43, had quarrelled with her manager on Friday, officers said.")
    assert _id_of(text, "A warehouse worker") == "Person/ana-reis"
    # the headline names one person and the text names another next: the description may be either
    text = ("Mayor Ana Reis praises rescuer\n"
            "A fisherman pulled three sailors from the sea on Sunday after their boat capsized.\n"
            "Tomas Pina, 52, saw them from the pier.")
    assert _id_of(text, "A fisherman") not in ("Person/ana-reis", "Person/tomas-pina")
    # a person named in the text before it still keeps the description apart
    text = ("Ana Reis opened the new harbour on Friday. "
            "A fisherman pulled three sailors from the sea on Sunday after their boat capsized. "
            "Ana Reis, 43, thanked him.")
    assert _id_of(text, "A fisherman") != "Person/ana-reis"


def test_a_noun_whose_usual_sense_is_a_person_is_a_description_of_someone(nlp):
    # "parolee" is in none of kg's own lists; WordNet's first sense of it is a person
    text = ("A parolee who wore an ankle tag overpowered two guards on Monday and escaped.\n"
            "Tomas Pina, 49, was serving a sentence for robbery.")
    assert _id_of(text, "A parolee") == "Person/tomas-pina"
    # a boat as often as a fisherman: no person
    text = ("A trawler sank off Mindelo on Monday.\n"
            "Tomas Pina, 49, said the sea had been calm.")
    assert not _id_of(text, "A trawler").startswith("Person/")


def test_a_description_is_not_the_person_its_own_sentence_gives_another_part(nlp):
    # both were convicted, but the sentence that convicts the gang member has Rui Lopes as the one murdered
    text = ("A jury in Praia today convicted a harbour gang member of murdering police officer Rui Lopes in June. "
            "Rui Lopes had been convicted of fraud in 2001.")
    assert _id_of(text, "a harbour gang member of murdering police officer Rui Lopes in June") != \
        "Person/rui-lopes"


def test_a_capitalised_description_the_model_took_for_a_name_is_a_description(nlp):
    # "Suspended Worker" in a headline is tagged PERSON; it is the lede's "a suspended worker", never a name
    # shared by every story with such a headline
    text = ("Suspended Worker Kills Two At Harbour Depot\n"
            "A suspended worker shot two colleagues at a harbour depot in Mindelo on Friday, police said.\n"
            "Ana Reis, 43, had been suspended on Thursday.")
    assert _id_of(text, "Suspended Worker") == _id_of(text, "A suspended worker") == "Person/ana-reis"
    text = ("Harbour Shooter Named\n"
            "A shooter killed two men at a harbour depot in Mindelo on Friday, police said.\n"
            "Ana Reis, 43, was arrested on Saturday.")
    assert _id_of(text, "Shooter") == _id_of(text, "A shooter") == "Person/ana-reis"
    # a headline's "Harbour Teen" is this story's teen, not one entity of every story with that headline
    text = "Harbour Teen Shot By Police\nA teenager was shot by police in Mindelo on Saturday."
    ids = {r.id for doc in ("a", "b") for r in _refs(text, doc) if r.text == "Harbour Teen"}
    assert len(ids) == 2, ids
    # a given name, or a title before the noun, makes it a name ("Coach King")
    assert _id_of("Billy King hired a new coach on Monday.", "Billy King") == "Person/billy-king"
    assert _id_of("Terry White said on Monday that the deal was off.", "Terry White") == "Person/terry-white"


def test_people_an_organisation_serves_are_not_the_organisation(nlp):
    # its own people act for it ("Microsoft engineers"); its customers are other actors
    assert _id_of("Microsoft engineers fixed the flaw on Monday.", "Microsoft engineers") == "Organization/microsoft"
    text = "Microsoft released a patch on Tuesday. The flaw had exposed its customers to attacks."
    assert _id_of(text, "its customers") != "Organization/microsoft"
    assert _id_of("Hamas supporters marched in Gaza on Friday.", "Hamas supporters") != "Organization/hamas"


@pytest.mark.parametrize("text, surface, expected", [
    # the model tags the person's name, with the last word (PERSON) or without it
    ("He flew into John F. Kennedy Airport on Friday.", "John F. Kennedy Airport", "Location/john-f-kennedy-airport"),
    ("The Nelson Mandela Foundation said it would help.", "The Nelson Mandela Foundation",
     "Organization/nelson-mandela-foundation"),
    ("He spoke at the Ronald Reagan Library on Friday.", "the Ronald Reagan Library", "Location/ronald-reagan-library"),
])
def test_a_place_or_institution_named_after_a_person_is_no_person(nlp, text, surface, expected):
    assert _id_of(text, surface) == expected


def test_a_person_named_like_a_founder_stays_a_person(nlp):
    assert _id_of("Betty Ford said she would open a clinic.", "Betty Ford") == "Person/betty-ford"


def test_a_source_named_by_its_role_is_someone_new_unless_called_so(nlp):
    # "The witness said": a source the story introduces, not the man arrested (one name in the last
    # sentences is no reason: on ECB+ such guesses were wrong 15 times in 20)
    text = ("Rui Lopes, 34, was arrested on Monday after the fire at the warehouse. "
            "The witness said the flames spread quickly.")
    assert _id_of(text, "The witness") != "Person/rui-lopes"
    # the text called him so: then he is the one who speaks
    text = ("Rui Lopes, 34, was arrested on Monday after the fire. Lopes is a firefighter. "
            "The firefighter said he had tried to stop it.")
    assert _id_of(text, "The firefighter") == "Person/rui-lopes"


def test_a_functionary_is_only_someone_the_text_called_so(nlp):
    # "the judge" is whoever holds the office, not the man in the dock named last (WordNet's judges, police,
    # lawyers, guards, doctors: kg/data/words/functionary_nouns_wordnet.txt)
    text = "Rui Lopes, 34, appeared in court on Monday. The judge refused to release him on bail."
    assert _id_of(text, "The judge") != "Person/rui-lopes"
    assert _id_of(text, "him") == "Person/rui-lopes"
    text = "Judge Ana Cossa heard the case of Rui Lopes on Monday. The judge refused to release him on bail."
    assert _id_of(text, "The judge") == "Person/ana-cossa"


def test_the_president_is_only_someone_the_text_called_so(nlp):
    text = ("Dr. Ana Reis: nominee for health minister\n"
            "The President announced his nominee for health minister, Dr. Ana Reis, today at the palace.")
    assert _id_of(text, "The President") != "Person/ana-reis"
    text = "President Tomas Pina met Ana Reis on Monday. The president praised her work."
    assert _id_of(text, "The president") == "Person/tomas-pina"


def test_a_headline_noun_is_whoever_the_ledes_same_noun_is(nlp):
    # the lede's "a driver" stands beside "a woman", so neither is linked to the woman named next;
    # the headline's "Driver" must not guess on its own and take her
    text = ("Driver charged after fatal crash in Mindelo\n"
            "A driver has been charged with manslaughter after police say he struck and killed a woman on Friday.\n"
            "Ana Reis, 59, was crossing the road when Tomas Pina, 23, hit her with his van.")
    assert _id_of(text, "Driver") == _id_of(text, "A driver")
    assert _id_of(text, "Driver") != "Person/ana-reis"


def test_a_time_stamp_line_between_headline_and_lede_does_not_hide_the_ledes_noun(nlp):
    # scraped pages put a time stamp under the headline; the lede's "A fired nurse" is still the next line
    for stamp in ("Updated 4 / 11 / 2025 1:26 PM", "on Apr 12 2025", "Saturday, Sep 14, 2025", "March 3, 2025-7: 07AM"):
        text = (f"Fired nurse charged with arson at clinic\n{stamp}\n"
                "A fired nurse was charged on Monday with setting a fire at a clinic in Porto.\n"
                "Marta Sousa, 41, had lost her job a week earlier.")
        assert _id_of(text, "Fired nurse") == "Person/marta-sousa", stamp


def test_a_headline_noun_keeps_its_own_reading_when_the_ledes_noun_names_no_one(nlp):
    # the lede's "an escaped inmate" is an object, which no lede rule names; the headline's noun still is
    # the one person the story is about, and so is the lede's noun it repeats
    text = ("Escaped Inmate Sought Near Porto\n"
            "The prison service is searching for an escaped inmate, officials said on Monday.\n"
            "Officials said Joao Pires, 49, overpowered two officers and fled on foot. Pires was serving "
            "a life sentence. Pires has a scar on his left cheek.")
    assert _id_of(text, "Escaped Inmate") == "Person/joao-pires"
    assert _id_of(text, "an escaped inmate") == "Person/joao-pires"
    # but not when the lede puts another person beside it: the name may be either's
    text = text.replace("an escaped inmate,", "an escaped inmate who attacked a driver,")
    assert _id_of(text, "Escaped Inmate") != "Person/joao-pires"


def test_a_headlines_nationality_is_the_ledes_person_of_that_nationality(nlp):
    text = ("Briton dies in fall on Pico island\n"
            "A British climber has fallen to his death on Pico, police said.\n"
            "Tom Hale, 32, died while climbing to a hut on Saturday.")
    assert _id_of(text, "Briton") == _id_of(text, "A British climber") == "Person/tom-hale"
    # another nationality in the lede: not the same person
    text = text.replace("A British climber", "An Irish climber")
    assert _id_of(text, "Briton") != "Person/tom-hale"


def test_a_headline_noun_is_the_ledes_subject_that_did_the_same_deed(nlp):
    text = ("Sacked worker shoots two former colleagues\n"
            "A man suspected of shooting two people at a Mindelo bakery was arrested on Monday, police said.\n"
            "Police said they had found Rui Tavares, 38, on the coast road.")
    assert _id_of(text, "Sacked worker") == "Person/rui-tavares"
    # the lede's subject suffered the deed: she is the headline's colleague, not its worker
    text = ("Sacked worker shoots former colleague\n"
            "A woman was shot at a Mindelo bakery on Monday, police said.")
    assert _id_of(text, "former colleague") == _id_of(text, "A woman") != _id_of(text, "Sacked worker")


def test_a_ledes_plural_is_no_echo_of_a_headlines_singular(nlp):
    # "Woman" over "... left two women dead": the headline's woman is not the two victims
    text = ("Woman Convicted of Murder in Factory Shooting\n"
            "May 3, 2025 4:15 PM\n"
            "A judge today found a former factory employee guilty of a shooting that left two women dead.\n"
            "Witnesses say Rosa Duarte had long complained about her bosses. Duarte bought a gun in March. "
            "Duarte will be sentenced in June.")
    assert _id_of(text, "Woman") == "Person/rosa-duarte"


def test_relatives_a_headline_or_a_possessive_names_are_the_people_the_story_calls_so(nlp):
    text = ("Son held after mother and sister found dead\n"
            "Rui Tavares, 24, was arrested at the family home in Mindelo, where his mother, Ana Tavares, 58, "
            "and his sister Katia Tavares, 31, were found on Sunday. Neighbours said he idolised his sister.")
    refs = _refs(text)
    assert {r.id for r in refs if r.text == "mother"} == {"Person/ana-tavares"}, refs
    assert {r.id for r in refs if r.text in ("sister", "his sister") and r.id} == {"Person/katia-tavares"}, refs


@pytest.mark.parametrize("text, description, expected", [
    # a headline's capitalised "Man" is a noun, as "a man" would be
    ("Man charged with arson over warehouse fire in Praia\n"
     "Tomas Pina, 41, was charged with arson on Monday after the fire.", "Man", "Person/tomas-pina"),
    # a name's possessive makes the description definite: the one person the story calls her publicist
    ("Marta Reis's publicist says the singer has checked into a clinic. Her publicist, Tomas Pina, "
     "said she was doing well.", "Marta Reis's publicist", "Person/tomas-pina"),
])
def test_capitalised_or_possessed_descriptions_find_the_person_the_story_names(nlp, text, description, expected):
    assert _id_of(text, description) == expected


def test_a_capitalised_possessor_is_no_one_a_pronoun_can_mean(nlp):
    # "Sheriff's deputies chased him": "Sheriff" says whose deputies; "him" is still the man named before
    text = ("Police said they had located Rui Tavares, 38, on the highway. Sheriff's deputies chased him "
            "for 48 km before he finally pulled over.")
    assert {r.id for r in _refs(text) if r.text in ("him", "he")} == {"Person/rui-tavares"}, _refs(text)


def test_a_bare_noun_in_running_prose_is_no_headline(nlp):
    from kg.extract.identity_cues import headline_noun
    doc = nlp("Injured nurse saved three sailors off Mindelo\nPatient care suffered, the nurse said.")
    nouns = [(t.text, headline_noun(t)) for t in doc if t.text in ("nurse", "care")]
    assert nouns == [("nurse", True), ("care", False), ("nurse", False)]


def test_a_name_a_person_calls_themselves_is_no_target(nlp):
    # "called himself Tommy": an alias, not an act of Pina on Pina
    triples = extract_text("Tomas Pina called himself Pina.")
    assert all(not (t.object and t.object.id and t.object.id == t.subject.id) for t in triples), \
        [(t.subject.id, t.action.text, t.object and t.object.id) for t in triples]


@pytest.mark.parametrize("text, description, expected", [
    ("Dr. Rui Lopes met Pedro Varela on Monday. The doctor said the clinic would close.", "The doctor",
     "Person/rui-lopes"),
    ("Gov. Ana Reis met Tomas Pina on Monday. The governor said talks would resume.", "The governor",
     "Person/ana-reis"),
])
def test_an_abbreviated_title_calls_the_person_by_its_noun(nlp, text, description, expected):
    # two people named in the sentence before: only the title says which one "the doctor" is
    assert _id_of(text, description) == expected


def test_an_office_of_a_named_place_is_that_place_s_not_whoever_else_holds_the_title(nlp):
    text = ("Gov. Ana Reis met Tomas Pina on Monday. Reis said the governor of Madeira had done nothing "
            "to help the islands.")
    assert _id_of(text, "the governor of Madeira") != "Person/ana-reis"


def test_bare_surname_is_the_namesake_named_last(nlp):
    text = ("Tomas Furtado led the dockers' union for a decade. Furtado was arrested on Monday. "
            "His brother, Abel Furtado, was not charged. Furtado denied the claims on Tuesday.")
    ids = [r.id for r in _refs(text) if r.text == "Furtado"]
    assert ids == ["Person/tomas-furtado", "Person/abel-furtado"], ids


def test_description_is_not_an_alias(nlp):
    text = "Marta Lobato visited the harbour on Monday. The minister praised the crews."
    for t in extract_text(text):
        if t.subject.id == "Person/marta-lobato":
            assert "The minister" not in t.subject.aliases
    from kg.rdf.quads import entity_quads

    ref = next(r for r in _refs(text) if r.text == "The minister")
    alts = [q.object.value for q in entity_quads([ref]) if q.predicate.value.endswith("altLabel")]
    assert "The minister" not in alts


# -- names ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("a, b, same", [
    ("Freddie Forsyth", "Frederick Forsyth", True),
    ("W. Mark Felt", "Mark Felt", True),
    ("Duncan Rait", "Duncan Raite", True),
    ("Kilroy-Silk", "Kilroy Silk", False),  # one-word names are not full names
    ("George Bush", "Laura Bush", False),
    ("Robert Kilroy-Silk", "Robert Kilroy Silk", True),
    ("John Smith Jr.", "John Smith", True),
])
def test_same_person(a, b, same):
    assert same_person(a, b) is same


_GIVEN = ["Ana", "Anne", "John", "Jon", "Mark", "W.", "Freddie", "Frederick", "Li"]
_SURNAMES = ["Rai", "Rait", "Reit", "Raite", "Raitt", "Kost", "Kast", "Silva", "Silvas", "Felt", "Fel", "Ng", "Wu", "Wo", "Costa", "Kosta"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.lists(st.sampled_from(_GIVEN), min_size=1, max_size=2), st.sampled_from(_SURNAMES),
                          st.integers(1, 3)), min_size=2, max_size=25))
@example([(["Ana"], "Rait", 1), (["Ana"], "Reit", 2)])  # 4-letter surnames one substitution apart
@example([(["Ana"], "Rait", 1), (["Ana"], "Raitt", 2), (["Jon"], "Wu", 1), (["Jon"], "Wo", 1)])
def test_people_index_finds_every_name_same_person_accepts(names):
    """The person-name index compares a name only with a few others; linking must equal comparing every pair."""
    from kg.extract import consolidate

    class EveryName(consolidate.PeopleIndex):
        def candidates(self, label):
            return list(self.rows)

    rows = lambda: [NameRow(f"Person/p{k}", " ".join([*given, last]), "Person", set(), n)  # noqa: E731
                    for k, (given, last, n) in enumerate(names)]
    indexed = canonical_links(rows())
    real = consolidate.PeopleIndex
    try:
        consolidate.PeopleIndex = EveryName
        every = canonical_links(rows())
    finally:
        consolidate.PeopleIndex = real
    assert indexed == every


def test_titles_split_into_a_role():
    assert split_title(["Coroner", "Gary", "Hargrove"]) == (["Coroner"], ["Gary", "Hargrove"])
    assert split_title(["Marine", "Le", "Pen"]) == ([], ["Marine", "Le", "Pen"])
    assert split_title(["Marine", "Gen.", "Francis", "Donovan"]) == (["Marine", "Gen."], ["Francis", "Donovan"])
    assert split_title(["Prime", "Minister"])[1] == ["Minister"]


def test_role_is_kept_out_of_the_name(nlp):
    refs = [r for r in _refs("Lawyer Louise Christian criticised the ruling.") if r.type == "Person"]
    assert refs and refs[0].label == "Louise Christian" and refs[0].role == "Lawyer"


def test_gender_from_title_or_given_name():
    assert name_gender(["Mrs", "Okafor"]) == "f"
    assert name_gender(["Rui", "Sequeira"]) == "m"
    assert name_gender(["Sequeira"]) is None


def test_a_name_defined_by_its_acronym_is_one_organisation(nlp):
    # the model tags "Azawad" a place and "MLA" a person; the bracket defines one organisation
    text = ("The Movement for the Liberation of Azawad (MLA) freed six hostages on Sunday. The MLA said it "
            "wanted talks.")
    ids = {r.text: r.id for r in _refs(text)}
    assert ids["The Movement for the Liberation of Azawad"] == ids["The MLA"] == ids["it"] == \
        "Organization/movement-for-the-liberation-of-azawad"
    # a product's long form keeps the model's reading: no organisation made of it
    assert not _id_of("Hackers attacked the Harbour Browser (HB) on Monday.", "the Harbour Browser").startswith(
        "Organization/")


def test_acronym_with_a_dotted_prefix():
    assert is_acronym_of("SOUTHCOM", "U.S. Southern Command")
    assert not is_acronym_of("UN", "Los Lobos")


def test_only_a_country_prefix_may_be_left_out_of_an_acronym():
    assert is_acronym_of("SAC", "Brazil Southern Air Command") and is_acronym_of("NAVCOM", "U.K. Naval Command")
    assert not is_acronym_of("L.A.", "Verdant Lab Americas") and not is_acronym_of("MB", "Cape Marine Biology")
    assert not is_acronym_of("D.A.", "U.S. Department of Agriculture")  # too short to leave the country out


@pytest.mark.parametrize("name, non_actor", [
    ("Data Protection Act", True), ("White Paper", True), ("Breakfast", True), ("Mutually Assured Destruction", True),
    ("Labour Party", False), ("Arab League", False), ("International Monetary Fund", False),
    ("Hurricane Rosa", True), ("Operation Sea Shield", True), ("Storm", False), ("Storm Shipping Ltd", False),
    ("Operation Smile Foundation", False),
    ("BS", True), ("PhD", True), ("DUI", True), ("BA", False), ("Medal of Honor", False),  # degrees, offences
])
def test_non_actor_names(name, non_actor):
    assert is_non_actor_name(name) is non_actor


def test_a_named_storm_is_no_actor_and_no_antecedent(nlp):
    text = "Her clinic was battered by Hurricane Rosa in 1998, but Ana Lobo rebuilt it each time."
    assert not any(r.id.startswith(("Organization/", "Person/")) for r in _refs(text) if r.text == "Hurricane Rosa")
    assert _id_of(text, "it") != "Other/hurricane-rosa"


def test_laws_and_urls_are_not_actors(nlp):
    refs = _refs("The Data Protection Act protects Marta Lobato. http://example.org/story.html reported it.")
    assert not any(r.type != "Other" and "Act" in r.label for r in refs)
    assert looks_like_url("http://example.org/story.html")


def test_one_type_per_name_in_a_document(nlp):
    text = ("Idrissa Kantoussan arrived in Dakar. Kantoussan met the envoys. "
            "Idrissa Kantoussan said the talks would go on.")
    types = {r.type for r in _refs(text) if "Kantoussan" in r.text}
    assert types == {"Person"}


# -- across documents -----------------------------------------------------------------------------

def test_surname_in_another_document_links_to_the_full_name(nlp):
    docs = [Document("a", "Joaquim Serpa denied the charges in Praia."),
            Document("b", "Serpa appealed against the ruling.")]
    ids = {t.subject.id for t in extract(docs) if "Serpa" in t.subject.text}
    assert ids == {"Person/joaquim-serpa"}


def test_extract_without_corpus_pass_keeps_per_document_ids(nlp):
    docs = [Document("a", "Joaquim Serpa denied the charges in Praia."),
            Document("b", "Serpa appealed against the ruling.")]
    ids = {t.subject.id for t in extract(docs, corpus=False) if "Serpa" in t.subject.text}
    assert "Person/joaquim-serpa" in ids and len(ids) == 2


def test_consolidate_keeps_document_order_and_count(nlp):
    docs = [Document(str(k), f"Rui Sequeira inspected boat {k}.") for k in range(5)]
    out = list(consolidate(extract_documents(docs)))
    assert [r.document.id for r in out] == [str(k) for k in range(5)]


def test_canonical_links_type_vote_and_ambiguous_surnames():
    rows = [NameRow("Person/ana-reis", "Ana Reis", "Person", mentions=3),
            NameRow("Location/ana-reis", "Ana Reis", "Location", mentions=1),
            NameRow("Person/paulo-costa", "Paulo Costa", "Person"),
            NameRow("Person/maria-costa", "Maria Costa", "Person"),
            NameRow("Person/costa", "Costa", "Person")]
    links = canonical_links(rows)
    assert links["Location/ana-reis"] == "Person/ana-reis"
    assert "Person/costa" not in links  # two Costas: left alone


def test_a_short_name_means_each_documents_own_namesake():
    # "Varga" in a football story is the striker, in a budget story the president: each document decides
    rows = [NameRow("Person/tomas-varga", "Tomas Varga", "Person", mentions=2),
            NameRow("Person/ilona-varga", "Ilona Varga", "Person", mentions=2),
            NameRow("Person/varga", "Varga", "Person", mentions=2)]
    context = {"Person/tomas-varga": {"Organization/harriers", "Organization/rovers", "Location/leeds"},
               "Person/ilona-varga": {"Organization/finance-ministry", "Organization/central-bank"},
               "Person/varga": {"Organization/harriers", "Organization/rovers",
                                "Organization/finance-ministry", "Organization/central-bank"}}
    stories = {"Person/varga": [("match", frozenset({"Organization/harriers", "Organization/rovers"})),
                                ("budget", frozenset({"Organization/finance-ministry", "Organization/central-bank"}))]}
    per_document: dict = {}
    links = canonical_links(rows, context, stories, per_document)
    assert "Person/varga" not in links  # no corpus-wide choice
    assert per_document == {("match", "Person/varga"): "Person/tomas-varga",
                            ("budget", "Person/varga"): "Person/ilona-varga"}
    # when every document points to the same namesake, that is the link for all
    stories = {"Person/varga": [("match", frozenset({"Organization/harriers", "Organization/rovers"}))]}
    context["Person/varga"] = {"Organization/harriers", "Organization/rovers"}
    per_document = {}
    assert canonical_links(rows, context, stories, per_document)["Person/varga"] == "Person/tomas-varga"
    assert per_document == {}


def test_consolidate_applies_each_documents_namesake(nlp):
    docs = [Document("m1", "Tomas Varga scored twice as the Harriers beat the Rovers and the Wolves in Leeds."),
            Document("m2", "Varga hurt his knee when the Harriers played the Rovers and the Wolves on Sunday."),
            Document("b1", "President Ilona Varga told the Finance Ministry and the Central Bank to cut spending."),
            Document("b2", "Varga met the Finance Ministry and the Central Bank again on Monday.")]
    ids = {}
    for r in consolidate(extract_documents(docs)):
        for t in r.triples:
            if t.subject.text in ("Varga", "Tomas Varga", "President Ilona Varga"):
                ids[r.document.id] = t.subject.id
    assert ids["m2"] == ids["m1"] == "Person/tomas-varga", ids
    assert ids["b2"] == ids["b1"] == "Person/ilona-varga", ids


def test_canonical_links_company_with_and_without_its_legal_form():
    rows = [NameRow("Organization/tecnicil-shipping", "Tecnicil Shipping", "Organization", mentions=5),
            NameRow("Organization/tecnicil-shipping-corp", "Tecnicil Shipping Corp.", "Organization"),
            NameRow("Organization/tecnicil-shipping-co-ltd", "Tecnicil Shipping Co., Ltd.", "Organization"),
            NameRow("Person/ford", "Ford", "Person", mentions=3),
            NameRow("Organization/ford-co", "Ford Co.", "Organization")]
    links = canonical_links(rows)
    assert links["Organization/tecnicil-shipping-corp"] == "Organization/tecnicil-shipping"
    assert links["Organization/tecnicil-shipping-co-ltd"] == "Organization/tecnicil-shipping"
    assert "Organization/ford-co" not in links  # a company is never a person named like it


def test_canonical_links_long_organisation_name_with_a_plural_word():
    rows = [NameRow("Organization/institute-of-marine-science-studies", "Institute of Marine Science Studies",
                    "Organization", mentions=4),
            NameRow("Organization/institute-of-marine-sciences-studies", "Institute of Marine Sciences Studies",
                    "Organization"),
            NameRow("Organization/mindelo-lions-club", "Mindelo Lions Club", "Organization", mentions=2),
            NameRow("Organization/mindelo-lion-club", "Mindelo Lion Club", "Organization")]
    links = canonical_links(rows)
    assert links["Organization/institute-of-marine-sciences-studies"] == \
        "Organization/institute-of-marine-science-studies"
    assert "Organization/mindelo-lion-club" not in links  # three words: may be two clubs


def test_canonical_links_context_decides_between_namesakes():
    rows = [NameRow("Person/paulo-costa", "Paulo Costa", "Person"), NameRow("Person/maria-costa", "Maria Costa", "Person"),
            NameRow("Person/costa", "Costa", "Person")]
    context = {"Person/costa": {"Organization/corvina-cartel", "Country/cape-verde"},
               "Person/paulo-costa": {"Organization/corvina-cartel", "Country/cape-verde"},
               "Person/maria-costa": {"Organization/red-cross"}}
    assert canonical_links(rows, context)["Person/costa"] == "Person/paulo-costa"


def test_canonical_links_suffix_is_not_the_surname():
    rows = [NameRow("Person/joao-lima-jr", "Joao Lima Jr.", "Person", mentions=4), NameRow("Person/lima", "Lima", "Person")]
    assert canonical_links(rows)["Person/lima"] == "Person/joao-lima-jr"


def test_canonical_links_dominant_namesake_when_the_documents_do_not_tell():
    rows = [NameRow("Person/paulo-costa", "Paulo Costa", "Person", mentions=40),
            NameRow("Person/maria-costa", "Maria Costa", "Person", mentions=3),
            NameRow("Person/costa", "Costa", "Person", mentions=2)]
    assert canonical_links(rows)["Person/costa"] == "Person/paulo-costa"
    rows[1].mentions = 15  # a namesake named often enough: not sure any more
    assert "Person/costa" not in canonical_links(rows)


def test_canonical_links_team_named_without_its_place():
    rows = [NameRow("Organization/praia-sharks", "Praia Sharks", "Organization", mentions=2),
            NameRow("Location/praia", "Praia", "Location"),
            NameRow("Other/sharks", "Sharks", "Other", mentions=9),
            NameRow("Organization/red-lions", "Red Lions", "Organization"),
            NameRow("Organization/lions", "Lions", "Organization")]
    links = canonical_links(rows)
    assert links["Other/sharks"] == "Organization/praia-sharks"
    assert "Organization/lions" not in links  # "Red" is not a place


def test_canonical_links_typed_name_beats_the_models_other():
    rows = [NameRow("Other/sharks", "Sharks", "Other", mentions=9), NameRow("Organization/sharks", "Sharks", "Organization")]
    assert canonical_links(rows)["Other/sharks"] == "Organization/sharks"


def test_store_links_follow_the_same_rules():
    rows = [("p1", "Freddie Forsyth", "Person", []), ("p2", "Frederick Forsyth", "Person", []),
            ("p3", "Forsyth", "Organization", [])]
    links = compute_links(rows)
    assert links.get("p3") in ("p1", "p2") and (links.get("p1") == "p2" or links.get("p2") == "p1")


def test_cli_extract_writes_offsets_and_corpus_ids(nlp, tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("Joaquim Serpa denied the charges in Praia.", encoding="utf-8")
    b.write_text("Serpa appealed against the ruling.", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    res = run_cli("extract", a, b, "-o", out, "-q")
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    serpa = [r["subject"] for r in rows if "Serpa" in r["subject"]["text"]]
    assert {s["id"] for s in serpa} == {"Person/joaquim-serpa"}
    texts = {"a": a.read_text(encoding="utf-8"), "b": b.read_text(encoding="utf-8")}
    for r in rows:
        s = r["subject"]
        assert texts[r["doc"]][s["start"]:s["end"]] == s["text"]


def test_a_facility_named_after_a_person_is_not_a_person(nlp):
    # a name that starts with a given name is a person's unless its last word says otherwise
    text = "The Maria Lopes Treatment Center said Rui Tavares had left. Staff at the Maria Lopes Treatment Center wept."
    assert _id_of(text, "The Maria Lopes Treatment Center") == "Organization/maria-lopes-treatment-center"


def test_a_possessive_does_not_keep_a_country_from_the_gazetteer(nlp):
    # the model reads "Cape Verde's" as a product; the gazetteer's country is the name, in every mention
    text = "Cape Verde's interior minister Rui Tavares visited Praia on Monday."
    assert _id_of(text, "Cape Verde") == "Country/cape-verde"
    doc = nlp("The New York Times reported the deal.")
    assert [(e.text, e.label_) for e in doc.ents] == [("The New York Times", "ORG")]  # a longer name stays whole


@pytest.mark.parametrize("text, surface, ident", [
    ("The company's chief executive Ana Lobo resigned.", "The company's chief executive Ana Lobo", "Person/ana-lobo"),
])
def test_a_name_the_model_missed_is_a_person_when_it_opens_with_a_given_name(nlp, text, surface, ident):
    assert _id_of(text, surface) == ident


def test_a_missed_name_without_a_known_given_name_stays_untyped():
    from kg.extract.entities import _given_and_surname

    assert _given_and_surname("Ana Lobo") and not _given_and_surname("Cape Lobo")
    assert not _given_and_surname("Ana") and not _given_and_surname("Ana Maria Lobo") and not _given_and_surname("Ana LOBO")
    assert not _given_and_surname("Grace Award")  # an award, not a person


def test_a_missed_name_the_model_tagged_as_something_else_is_not_made_a_person(nlp):
    from spacy.tokens import Span

    from kg.extract.entities import _given_and_surname

    doc = nlp("Rocha praised Grace Lobo on Monday.")
    doc.ents = []  # missed: a person's name
    assert _given_and_surname("Grace Lobo", doc[3])
    doc.ents = [Span(doc, 2, 4, label="ORG")]
    assert not _given_and_surname("Grace Lobo", doc[3])


@pytest.mark.parametrize("text, surface", [
    ("Rocha hosted the Grace Awards on Sunday.", "the Grace Awards"),  # the model tagged an organisation
    ("She won a Grace Award in 2004.", "a Grace Award"),
])
def test_a_given_name_does_not_make_an_award_a_person(nlp, text, surface):
    assert not _id_of(text, surface).startswith("Person/")


def test_a_plural_description_is_not_one_named_organisation():
    """'the agencies' are several: not the one agency the text named before."""
    text = "The Coastal Fisheries Agency published new rules. Critics said the agencies ignored the fishermen."
    assert _id_of(text, "the agencies").startswith("Organization/agency~")


def test_a_description_told_apart_from_an_actor_stays_apart():
    """'The Red Crescent Society criticised the group. The group ...': the group is not the society, twice."""
    text = "The Red Crescent Society criticised the group on Friday. The group had blocked aid convoys near Tete."
    ids = {r.id for r in _refs(text) if r.text.lower() == "the group"}
    assert len(ids) == 1 and ids.pop().startswith("Organization/group~")


@pytest.mark.parametrize("text, verb, target", [
    ("Marta Lobato, whom the rebels kidnapped in May, was freed.", "kidnap", "Marta Lobato"),
    ("The trawler which the navy seized belonged to a Spanish firm.", "seize", "trawler"),
    ("Police found the warrant that Cape Verde issued in March.", "issue", "warrant"),
])
def test_a_relative_pronoun_object_is_the_noun_it_stands_for(text, verb, target):
    (t,) = [t for t in extract_text(text) if t.action.lemma == verb]
    assert t.object.label == target and t.object.id


def test_a_compound_institution_is_an_organisation_though_its_head_is_a_person_noun():
    """'the coast guard' is an institution ('it'), not one guard."""
    refs = [r for r in _refs("The coast guard intercepted a speedboat near Sal. It seized two tonnes of fish.")
            if r.text.lower() in ("the coast guard", "it")]
    assert {(r.type, r.id) for r in refs} == {("Organization", refs[0].id)} and len(refs) == 2


def test_a_person_name_the_model_cut_before_its_last_part_is_whole():
    """'Ana Tavares Gomes' tagged as 'Ana Tavares': the name, its surname 'Gomes' and 'she' are one person."""
    text = ("Former finance minister Ana Tavares Gomes was charged with fraud on Wednesday. "
            "Gomes denied the charges and said she would appeal.")
    assert _id_of(text, "Gomes") == _id_of(text, "she") == "Person/ana-tavares-gomes"
    assert {r.type for r in _refs(text) if "Gomes" in r.text} == {"Person"}


def test_a_surname_the_tagger_read_as_a_plural_noun_is_still_the_person():
    """'Mendes told reporters': the tagger reads 'Mendes' as a plural noun ('mende'); it is Paulo Mendes."""
    text = "Dr. Paulo Mendes resigned in protest on Monday. Mendes told reporters that the panel was ignored."
    assert _id_of(text, "Mendes") == "Person/paulo-mendes"


def test_a_gazetteer_surname_after_another_given_name_is_someone_else():
    """The gazetteer knows 'Chissano' as Joaquim Chissano; 'Fernando Chissano' is another man."""
    assert _id_of("Fernando Chissano told local radio that he had done nothing wrong.",
                  "Fernando Chissano") == "Person/fernando-chissano"
    assert _id_of("Former president Chissano arrived in Praia on Monday.",
                  "Former president Chissano") == "Person/joaquim-chissano"


def test_a_noun_a_participle_names_is_that_name():
    """'a man called Rui Lopes' is Rui Lopes; the naming is a fact, not an event with a category."""
    triples = extract_text("Police arrested a man called Rui Lopes on Monday.")
    (arrest,) = [t for t in triples if t.action.lemma == "arrest" and not t.derived]
    assert arrest.object.id == "Person/rui-lopes"
    assert all(t.derived and t.action.category is None for t in triples if t.action.lemma == "call")


def test_a_shared_institution_name_is_the_gazetteers_only_where_its_country_is_named():
    """'Congress' in a story about Argentina is not the U.S. Congress; in one about the United States it is."""
    argentina = "Argentina and Brazil signed a steel deal. The minister said Congress would approve it in May."
    assert _id_of(argentina, "Congress") == "Organization/congress"
    usa = "The United States and Mexico signed a steel deal. Congress must approve it before May."
    assert _id_of(usa, "Congress") == "Organization/u-s-congress"


def test_he_inside_a_quote_is_not_the_one_quoted():
    """'"He betrayed the uniform," said Tomas Sitoe': the speaker would say 'I'; 'he' is the man jailed."""
    text = 'Alberto Mucavele was jailed on Monday. "He betrayed the uniform," said Tomas Sitoe.'
    assert _id_of(text, "He") == "Person/alberto-mucavele"


def test_a_lede_description_skips_the_source_to_find_the_person_it_names():
    """'A former police officer was jailed ... Judge Helena Cossa said Alberto Mucavele, 44, ...': the officer is Mucavele."""
    text = ("A former police officer was jailed for 12 years on Monday for running a kidnapping ring. "
            "Judge Helena Cossa said Alberto Mucavele, 44, had used his badge to stop victims.")
    assert _id_of(text, "A former police officer") == "Person/alberto-mucavele"


def test_a_company_named_by_its_first_word_is_the_company():
    """'Atlas Networks ... Mensah founded Atlas': the company, not a person called Atlas."""
    text = ("Oceanic Telecom agreed on Wednesday to buy Atlas Networks for $2.1 billion. "
            "Kofi Mensah founded Atlas in 2009.")
    assert _id_of(text, "Atlas") == _id_of(text, "Atlas Networks") == "Organization/atlas-networks"
    assert {r.type for r in _refs(text) if r.text == "Oceanic Telecom"} == {"Organization"}


@pytest.mark.parametrize("firm", ["Simon Advisors", "Simon Associates", "Simon Consultants", "Simon Industries"])
def test_a_firm_named_after_a_given_name_is_no_person(nlp, firm):
    # a given name first made the firm a person (kg/data/words/organization_heads.txt lists the head words)
    assert _id_of(f"Rui Lopes was fired from {firm} last week.", firm).startswith("Organization/")


def test_a_place_is_not_the_short_name_of_its_police():
    """'Surrey' is not short for 'Surrey Police' (a name ending in an institution noun is no company)."""
    text = "A fire gutted a supermarket in Surrey on Sunday. Surrey Police said the blaze was suspicious."
    assert _id_of(text, "Surrey Police") == "Organization/surrey-police" != _id_of(text, "Surrey")


def test_a_role_description_is_not_someone_the_text_gave_another_office():
    """'Juma Rashid, the managing director ... Police arrested the captain': the captain is someone else."""
    text = ("The ferry sank on Sunday. The company's managing director, Juma Rashid, denied that it was "
            "overloaded. Police later arrested the captain.")
    assert _id_of(text, "the captain").startswith("Person/captain~")


def test_a_title_outside_the_models_name_is_what_the_text_calls_the_person():
    """'President Samia Hassan' (the model tags only the name): an office, so 'the captain' is someone else."""
    text = ("A ferry sank off Zanzibar on Sunday. President Samia Hassan ordered an inquiry into the accident. "
            "Police later arrested the captain.")
    assert _id_of(text, "the captain").startswith("Person/captain~")


@pytest.mark.parametrize("text, surface", [
    ("Dr. Ana Reis chairs the board. She previously served as Associate Dean for Rural Health at the college.",
     "Associate Dean for Rural Health"),
    ("The rules bind every Deputy Assistant to the Mayor.", "every Deputy Assistant"),
])
def test_an_office_the_model_tagged_as_a_name_is_no_person(nlp, text, surface):
    # "Associate Dean" alone names no one: no Person node and no name every story shares ("~": this
    # document's description), and "She" is not given the office's id
    refs = _refs(text)
    ref = next(r for r in refs if r.text == surface)
    assert ref.type != "Person" and (not ref.id or "~" in ref.id), ref
    assert all(r.id != ref.id for r in refs if r.kind == "pronoun" and ref.id)


@pytest.mark.parametrize("text, surface", [
    ("The inspectors sealed the counters of the customs hall on Friday.", "the counters of the customs hall"),
    ("The rebels sent three letters to the mayor.", "three letters"),
    ("The mayor rejected the statements.", "the statements"),
])
def test_a_plural_that_only_ends_like_people_is_not_an_actor(nlp, text, surface):
    # "-ers", "-ents" mark people nouns ("workers", "residents"), but WordNet's first senses of
    # "counter", "letter" and "statement" are things: no Group node for them
    ref = next(r for r in _refs(text) if r.text == surface)
    assert ref.type not in ("Group", "Person"), ref


@pytest.mark.parametrize("text, surface", [
    ("The climbers reached the summit before the storm.", "The climbers"),
    ("The operators shut the port on Monday.", "The operators"),
    ("Dockworkers blocked the gates of the terminal.", "Dockworkers"),
])
def test_a_people_noun_whose_device_sense_comes_first_is_still_people(nlp, text, surface):
    assert next(r for r in _refs(text) if r.text == surface).type == "Group"


# -- a person's gender from the document; families; the story's main person ---------------------

def test_the_documents_pronouns_overrule_a_given_name_guess():
    # kg's name list calls Marion a woman's name; the text says "he" where it can only be him
    text = ("Marion Duarte was crossing the avenue on Friday when he was struck by a van. "
            "He died in hospital on Saturday.")
    assert {r.id for r in _refs(text) if r.text.lower() == "he"} == {"Person/marion-duarte"}


def test_a_gendered_noun_on_the_name_overrules_a_given_name_guess():
    # kg's name list calls Claude a man's name; "a 59-year-old grandmother" says otherwise
    text = "A van struck Claude Duarte, a 59-year-old grandmother, as she crossed the avenue on Friday."
    assert _id_of(text, "she") == "Person/claude-duarte"


def test_a_noun_with_its_own_name_before_and_is_a_list_item_not_a_description():
    text = "Kelly Duarte, her husband Rui and their two sons left the country on Monday. She said nothing."
    assert _id_of(text, "She") == "Person/kelly-duarte"  # not "the husband", a man
    facts = [(t.subject.text, t.object.text) for t in extract_text(text) if t.action.text == "is"]
    assert ("Kelly Duarte", "her husband") not in facts, facts


@pytest.mark.parametrize("text", [
    # whom someone speaks of is not the speaker
    "Commissioner Kelly Duarte says he was escorted out of the building. She praised the guards.",
    # whoever says it is someone else
    "Kelly Duarte lived there for years, he said. She praised the guards.",
    # a pronoun in another subject's clause
    "Kelly Duarte was at work when his letter arrived. She praised the guards.",
    # a pronoun before the name: the sentence is about someone else
    "After he was sworn in, Kelly Duarte thanked his supporters. She praised the guards.",
    # a bare surname may be another of the family
    "Kelly Duarte was questioned on Monday. Later, Duarte was arrested at the airport when he returned from "
    "Paris. She praised the guards.",
])
def test_a_pronoun_that_may_be_someone_else_does_not_change_the_guess(text):
    assert _id_of(text, "She") == "Person/kelly-duarte"


def test_a_title_and_a_surname_say_nothing_of_gender_even_when_the_surname_is_a_given_name():
    # "Thomas" is on the men's list; after "Dr." it is a surname, and Ana Thomas is a woman
    text = ("Dr. Thomas named to lead the clinic\nThe council named Ana Thomas to lead the clinic on Monday. "
            "She said the clinic would open in May.")
    assert _id_of(text, "She") == "Person/ana-thomas"


def test_a_gendered_title_picks_the_one_of_the_family_it_fits():
    text = ("Vicente Moura was born in 1950. His wife, Yolanda Moura, attended the hearing. "
            "Mr. Moura said nothing. Mrs. Moura wept.")
    assert _id_of(text, "Mr. Moura") == "Person/vicente-moura"
    assert _id_of(text, "Mrs. Moura") == "Person/yolanda-moura"


def test_an_apposed_description_is_the_role_without_the_given_name():
    ref = next(r for r in _refs("His wife, Yolanda Moura, attended the hearing.") if r.text == "Yolanda Moura")
    assert ref.role == "His wife"


_CLIFF = ("Woman dies after fall from cliff\n"
          "A woman died on Saturday after she fell from a cliff near Sagres. Rescuers recovered the body on "
          "Sunday. Officials later identified the hiker as Ana Pires, a teacher from Lagos. Pires had been "
          "walking with friends. Pires was an experienced hiker.")


def test_a_headline_and_lede_description_is_the_storys_main_person_of_that_gender():
    assert _id_of(_CLIFF, "Woman") == _id_of(_CLIFF, "A woman") == "Person/ana-pires"


_FUGITIVE = ("Inmate escapes during transfer to Evora\n"
             "Police are searching for a prisoner who fled a van on the road to Evora on Monday. "
             "Guards said he had a knife. Officers set up roadblocks across the district. "
             "Tiago Serra was serving a life sentence. Serra had been jailed in 2019. "
             "Police said Serra may be armed.")


@pytest.mark.parametrize("text, linked", [
    (_FUGITIVE, True),
    # two people named as often: the headline's inmate may be either
    (_FUGITIVE.replace("Serra had been jailed in 2019. Police said Serra may be armed.",
                       "Rui Lobo drove the van. Lobo was hurt. Lobo spoke. Serra was armed."), False),
])
def test_a_headline_noun_of_no_gender_is_the_person_the_story_names_far_more_than_anyone(text, linked):
    assert (_id_of(text, "Inmate") == "Person/tiago-serra") is linked


@pytest.mark.parametrize("text, surface", [
    # one of several people in a list
    ("A bomb killed two women and a man in Faro on Monday. Rescuers searched the rubble until night. "
     "The mayor spoke on Tuesday. Police said Pedro Reis had planted it. Reis was arrested. Reis denied it.",
     "a man"),
    # another person noun in the sentence may be the named man
    ("A deputy was shot by a gunman in Braga on Monday. Rescuers came too late. Neighbours gathered. "
     "Officials named Jorge Matos as the victim. Matos had served for years. Matos leaves two children.",
     "a gunman"),
    # the most named person may be the other woman: her gender is not known
    ("A woman was hurt in a fall on Monday. Rescuers came at once. Doctors treated her. "
     "Zuleika Horta said Ana Pires had slipped. Horta called for help. Horta waited. Horta wept.",
     "A woman"),
])
def test_a_description_that_may_be_someone_else_is_not_the_main_person(text, surface):
    assert "~" in _id_of(text, surface)


# -- an institution named in full, then by its head noun -----------------------------------------

@pytest.mark.parametrize("text, surface, expected", [
    ("The European Commission fined Atlas Networks on Monday. The Commission said the fine was final.",
     "The Commission", "Organization/european-commission"),
    ("The International Court of Justice heard Portugal on Monday. The court said it would rule in May.",
     "The court", "Organization/international-court-of-justice"),
    ("The International Court of Justice heard Portugal on Monday. The court said it would rule in May.",
     "it", "Organization/international-court-of-justice"),
    # a head the model tags as a name of its own ("The Institute", ORG) is still the short form
    ("The Institute of Marine Science and Technology announced on Monday that Rita Gomes will lead its fleet. "
     "The Institute said Gomes starts in May.", "The Institute", "Organization/institute-of-marine-science-and-technology"),
    ("Rui Lopes gave his papers to the Serra Heritage Foundation in May. The Foundation thanked Lopes on Monday.",
     "The Foundation", "Organization/serra-heritage-foundation"),
])
def test_an_institutions_head_noun_is_the_one_institution_the_story_named(text, surface, expected):
    assert _id_of(text, surface) == expected


@pytest.mark.parametrize("text, surface", [
    # two courts: which one is not said
    ("The Supreme Court and the Court of Appeal heard the case on Monday. The court said it would rule soon.",
     "The court"),
    # another court than the one named
    ("The International Court of Justice heard Portugal on Monday. The lower court had ruled in May.",
     "The lower court"),
    # the start of a longer name, however the parser split it
    ("The Democratic National Committee met in May. In June, Rui Lopes resigned to head the Committee to "
     "Reelect the Mayor.", "the Committee"),
    # the short form came first: a name of its own, not the partner named later
    ("Coalition advisers trained the fighters of the Northern Arab Coalition in May. The Coalition said "
     "more strikes would follow.", "The Coalition"),
    ("The Institute said on Monday that Rita Gomes will lead its fleet. The International Institute of Ports "
     "hired her in May.", "The Institute"),
])
def test_a_head_noun_that_may_be_another_institution_stays_apart(text, surface):
    assert _id_of(text, surface) != "Organization/northern-arab-coalition"
    assert not _id_of(text, surface).startswith(("Organization/international", "Organization/supreme",
                                                   "Organization/court-of", "Organization/democratic"))


# -- an organisation's name the model did not tag ---------------------------------------------------

@pytest.mark.parametrize("text, surface", [
    ("Oceanic Telecom cut its prices on Monday. The company said rivals would follow.", "The company"),
    ("Oceanic Telecom cut its prices on Monday. It said rivals would follow.", "It"),
])
def test_an_untagged_organisation_name_is_an_antecedent(text, surface):
    # the model tags no entity in the first sentence; the name still ends like a company's
    assert _id_of(text, surface) == "Organization/oceanic-telecom"


@pytest.mark.parametrize("text, expected", [
    ("Oceanic Telecom cut its prices on Monday.", ["Oceanic Telecom"]),
    # a lone head word is a description; a headline's title case makes names of common nouns
    ("The Telecom cut its prices on Monday.", []),
    ("Local Police Chief Quits Over Pay Row", []),
])
def test_untagged_organisation_spans(nlp, text, expected):
    from kg.extract.untagged_names import with_untagged_organisations

    doc = nlp(text)
    added = [e for e in with_untagged_organisations(doc, list(doc.ents)) if e not in doc.ents]
    assert [e.text for e in added] == expected
    assert all(e.label_ == "ORG" for e in added)


def test_an_untagged_name_opening_with_a_given_name_is_an_antecedent():
    # the model tags neither word of "Ana Santos"; "She" went to the minister
    text = "Ana Santos met the minister on Monday. She said the talks went well."
    assert _id_of(text, "She") == "Person/ana-santos"


@pytest.mark.parametrize("text, expected", [
    ("Ana Santos met the minister on Monday.", ["Ana Santos"]),
    # read with no entity spans at all: the last word of a place or an organisation, a longer run of capitals,
    # a headline
    ("Victoria Street was closed on Monday.", []),
    ("Grace Church held a vigil on Sunday.", []),
    ("Ana Santos Praia Hotel opened on Monday.", []),
    ("Ana Lobo Says She Will Run", []),
])
def test_untagged_people_spans(nlp, text, expected):
    from kg.extract.untagged_names import with_untagged_people

    doc = nlp(text)
    ents = [e for e in doc.ents if e.label_ in ("DATE", "TIME")]
    added = [e for e in with_untagged_people(doc, ents) if e not in ents]
    assert [e.text for e in added] == expected
    assert all(e.label_ == "PERSON" for e in added)


def test_an_untagged_name_a_place_noun_gives_is_a_place_throughout(nlp):
    # the model tags no "Sal" in the first sentence and a person in the second; "the island of" says a place
    text = "An oil spill fouled beaches on the island of Sal last year. Tourists still love Sal."
    assert {r.id for r in _refs(text) if r.text in ("the island of Sal", "Sal")} == {"Location/sal"}


def test_an_amount_the_model_ran_into_a_name_is_cut_off(nlp):
    from kg.extract.untagged_names import with_amounts_cut

    text = "A court fined the Greek shipping company Kalimeris Lines 4 million euros on Friday."
    doc = nlp(text)
    assert "Kalimeris Lines 4 million" in [e.text for e in doc.ents]  # the model's span, which this mends
    assert "Kalimeris Lines" in [e.text for e in with_amounts_cut(list(doc.ents))]
    assert _id_of(text + " Kalimeris Lines said it would appeal.", "Kalimeris Lines") == \
        "Organization/kalimeris-lines"  # one company, not two
    doc = nlp("Channel 4 reported the fine.")  # a number in a name stays
    assert [e.text for e in with_amounts_cut(list(doc.ents))] == [e.text for e in doc.ents]


@pytest.mark.parametrize("text, surface, expected", [
    # no person's name takes "the" and a plural: the model's PERSON is a team ...
    ("The Mindelo Sharks fired coach Rui Lopes on Monday.", "The Mindelo Sharks", "Organization"),
    ("Lopes made a similar move against the Rams last week.", "the Rams", "Organization"),
    # ... or, when its singular is a person's surname the story gives, a family
    ("Rui Moreira and Ana Moreira left Lisbon. The Moreiras said they would return.", "The Moreiras", "Group"),
])
def test_a_plural_name_after_the_is_no_person(text, surface, expected):
    assert [r.type for r in _refs(text) if r.text == surface] == [expected]


@pytest.mark.parametrize("text, word, expected", [
    ("They played the Rams on Sunday.", "Rams", "Organization"),
    ("The Williams sisters won again.", "Williams", None),  # a modifier of "sisters"
    ("She thanked the Charles who had helped her.", "Charles", None),  # a given name
    ("They visited the Acropolis on Sunday.", "Acropolis", None),  # a singular in -s
])
def test_which_names_after_the_read_as_plurals(nlp, text, word, expected):
    from spacy.tokens import Span

    from kg.extract.short_names import plural_name_type

    doc = nlp(text)
    i = next(t.i for t in doc if t.text == word)
    assert plural_name_type(Span(doc, i, i + 1, label="PERSON")) == expected


# -- kin named by their family name ----------------------------------------------------------------

@pytest.mark.parametrize("text, surface, expected", [
    ("Rui Vinar, 31, watched his brother fall on Friday. Rescuers found Peter Vinar two days later.",
     "his brother", "Person/peter-vinar"),
    ("Marta Reis said her daughter had left home. Police later found Helen Reis in Porto.",
     "her daughter", "Person/helen-reis"),
    # the first conjunct's owner is the second's: "his wife and son"
    ("David Serra was seen with his wife and son on Monday. Police later found Peter Serra in Porto.",
     "son", "Person/peter-serra"),
    # the owner is whom "his" stands for, here the speaker; his father is the other man of the name
    ("Mark Lobo coached for years. His son, Peter Lobo, said his father had a chance to coach.",
     "his father", "Person/mark-lobo"),
])
def test_a_kin_noun_is_the_one_other_person_of_the_family_name(text, surface, expected):
    assert _id_of(text, surface) == expected


@pytest.mark.parametrize("text, surface", [
    # two men of that name: which one is not said
    ("Rui Vinar watched his brother fall on Friday. Peter Vinar and Carlos Vinar joined the search.", "his brother"),
    # a mother or a wife often keeps another name: not guessed
    ("David Serra was charged with killing his mother. Police found Helen Serra at home.", "his mother"),
    # a man the noun's own sentence names is someone else than the kin
    ("Peter Lobo and his brother met Mark Lobo on Monday.", "his brother"),
    # A's son whose brother is A: one of the two is someone the story does not name
    ("David Serra chatted with his son. Peter Serra was in court when his brother admitted the crime.", "his son"),
    # a kin of unknown gender might be meant: none is chosen
    ("Rui Vinar watched his brother fall on Friday. Rescuers found Peter Vinar and Sam Vinar.", "his brother"),
])
def test_a_kin_noun_the_family_does_not_settle_stays_a_description(text, surface):
    assert "~" in _id_of(text, surface)


# -- "the team" is the one team the story named ---------------------------------------------------

@pytest.mark.parametrize("text, surface, expected", [
    # another organisation named since does not make "the team" unsure
    ("The Mindelo Sharks fired coach Rui Lopes on Saturday. The Associated Press said the team lost again.",
     "the team", "Organization/mindelo-sharks"),
    ("Rui Lopes hurt his knee, the Praia Gazette reported. Coach Ana Pires said the Mindelo Sharks would rest "
     "him. The Praia Gazette said the club paid his bills.", "the club", "Organization/mindelo-sharks"),
])
def test_the_team_is_the_one_team_the_story_named(text, surface, expected):
    assert _id_of(text, surface) == expected


@pytest.mark.parametrize("text, surface", [
    # another kind of team
    ("The Mindelo Sharks lost on Saturday. The Associated Press said the rescue team reached the hut.",
     "the rescue team"),
    # two teams: which one is not said
    ("The Mindelo Sharks beat the Praia Lions on Saturday. The Associated Press said the team celebrated.",
     "the team"),
])
def test_a_team_the_story_does_not_settle_stays_a_description(text, surface):
    assert "~" in _id_of(text, surface)


# -- a nationality written before a name is no part of it ---------------------------------------------

@pytest.mark.parametrize("text, surface, expected", [
    ("The club signed Brazilian Carlos Moreira on Monday. Moreira said he was happy.",
     "Brazilian Carlos Moreira", "Person/carlos-moreira"),
    # the model's ORG: the person the story names by the last word elsewhere
    ("The champion beat American Yusuf Tavares on Saturday. Yusuf Tavares said he was tired.",
     "American Yusuf Tavares", "Person/yusuf-tavares"),
])
def test_a_nationality_before_a_name_is_left_out_of_it(text, surface, expected):
    assert _id_of(text, surface) == expected
    assert [r.country for r in _refs(text) if r.text == surface] == [{"Brazilian": "BRA"}.get(surface.split()[0], "USA")]


@pytest.mark.parametrize("text, label, length", [
    ("American Carlos Airlines cut its fares on Monday.", "ORG", 3),  # ends like an organisation's name
    ("German Lobo cut his fares on Monday.", "PERSON", 2),  # one word would be left: a given name
    ("Brazilian Carlos Moreira cut his fares on Monday.", "PERSON", 3),  # (the control: split)
])
def test_a_name_that_opens_with_a_nationality_stays_whole(nlp, text, label, length):
    from spacy.tokens import Span

    from kg.extract.untagged_names import with_nationality_split

    doc = nlp(text)
    [mended] = with_nationality_split(doc, [Span(doc, 0, length, label=label)])
    assert (mended.start == 0) == (not text.startswith("Brazilian")), mended.text


# -- a party named by its members -----------------------------------------------------------------

def test_a_party_named_by_its_members_is_the_party():
    text = ("The Conservatives accused Rui Lopes of lying. Lopes said the Tories had no plan. "
            "The Liberal Democrats said they would back the motion.")
    assert _id_of(text, "The Conservatives") == _id_of(text, "the Tories") == "Organization/conservative-party"
    assert _id_of(text, "The Liberal Democrats") == _id_of(text, "they") == "Organization/liberal-democrats"


def test_another_countrys_party_of_that_name_is_its_own():
    # a name that goes on with "of": not the gazetteer's party
    text = "The candidates represent the ruling Democratic Party of Mindelo, the only party registered."
    assert _id_of(text, "the ruling Democratic Party of Mindelo") == "Organization/democratic-party-of-mindelo"


def test_a_datelines_wire_service_is_no_antecedent(nlp):
    # "the company" is not the agency of the dateline, the only organisation named before it
    text = ("PRAIA, May 9 (Ilha News) - Dock workers walked out after talks with their employer failed. "
            "The company said it would not raise wages.")
    assert "ilha" not in (_id_of(text, "The company") or "").lower()
    assert not any("ilha" in (r.id or "").lower() for r in _refs(text))


def test_a_name_apposed_to_what_a_person_works_for_renames_the_person(nlp):
    # the parser hangs "Carlos Duarte" on "the firm": he is the spokesman, the firm is not him
    text = "A spokesman for the firm, Carlos Duarte, said the raise was too high."
    assert _id_of(text, "Carlos Duarte") == "Person/carlos-duarte"
    facts = [(t.subject.text, t.object.text if t.object else None) for t in extract_text(text) if t.derived]
    assert ("Carlos Duarte", "A spokesman for the firm") in facts, facts
    assert all(o != "the firm" for _, o in facts), facts


def test_a_person_noun_right_before_a_name_is_the_names_role_not_a_second_speaker(nlp):
    # the parser makes "her longtime agent" and "Rui Vaz" two subjects of "said": one person said it
    triples = extract_text("Moss died on Monday at her home, her longtime agent Rui Vaz said.", doc_id="d")
    speakers = [t.subject for t in triples if t.action.lemma == "say"]
    assert [s.id for s in speakers] == ["Person/rui-vaz"], speakers
    assert speakers[0].text == "her longtime agent Rui Vaz"


def test_any_noun_the_parser_made_a_second_subject_before_a_name_describes_the_name(nlp):
    # "figure" is no person noun of kg's lists, but a verb has one subject: "Brexit figure" is Rui Vaz's
    text = "http://www.example.com/news/x.html\nBrexit figure Rui Vaz dies\nRui Vaz has died."
    dies = [t.subject for t in extract_text(text, doc_id="d") if t.action.text == "dies"]
    assert [(s.text, s.id) for s in dies] == [("Brexit figure Rui Vaz", "Person/rui-vaz")], dies


def test_a_quoted_name_after_a_person_and_a_show_names_the_show(nlp):
    text = 'Moura, the host of her own daytime talk show "Joana," first hosted the awards in 2007.'
    facts = [(t.subject.text, t.object.text if t.object else None) for t in extract_text(text) if t.derived]
    assert ("Joana", "her own daytime talk show") in facts, facts


@pytest.mark.parametrize("named_as, same", [
    ("former fisheries minister Tomas Varela", True),  # introduced as a former minister: the same man
    ("fisheries minister Tomas Varela", False),  # "the former minister" is then someone else
])
def test_the_former_minister_is_the_one_introduced_as_former(nlp, named_as, same):
    text = (f"A court on Thursday sentenced {named_as} to six years in prison. "
            "Prosecutors had accused the former minister of taking bribes.")
    assert (_id_of(text, "the former minister") == "Person/tomas-varela") is same


@pytest.mark.parametrize("text, surface, ident", [
    # names the model leaves untagged, which the text itself calls people
    ("Odete Semedo, the island's best-known potter, died on Sunday in Praia.", "Odete Semedo",
     "Person/odete-semedo"),
    ("Potter Celeste Rocha died on Sunday in Praia.", "Potter Celeste Rocha", "Person/celeste-rocha"),
])
def test_an_untagged_name_the_text_calls_a_person_is_a_person(nlp, text, surface, ident):
    assert _id_of(text, surface) == ident


def test_a_person_doing_something_as_a_description_is_that_description(nlp):
    # "as a teenager" is Semedo herself, not another person for "her" to go to
    # (the model leaves the second "Fonseca" untagged: a bare surname kg ties to its person)
    text = ("Odete Fonseca, the island's best-known singer, died on Sunday. Born in Mindelo in 1952, Fonseca "
            "began singing in the port's bars as a teenager. A French producer heard her in 1988.")
    refs = {r.text: r.id for r in _refs(text)}
    assert refs.get("her") == "Person/odete-fonseca", refs
    assert not any("teenager" in (i or "") for i in refs.values()), refs


def test_who_serves_as_a_description_after_being_asked_is_the_one_asked(nlp):
    text = "President-elect Rui Lopes has asked neurosurgeon Pedro Varela to serve as the country's surgeon general."
    ids = {r.id for r in _refs(text) if r.text == "the country's surgeon general"}
    assert "Person/rui-lopes" not in ids, ids


def test_a_spokesman_who_only_speaks_is_not_the_story_s_suspect(nlp):
    # the sergeant acts once, then only speaks: the story's most named person, but not the suspect
    text = ("A former clerk who opened fire at an office party has been charged with murder, police said. "
            "Sergeant Rui Lopes reached the building minutes later. "
            "Lopes said the gunman had entered the party at 4 p.m. "
            "One woman was shot and killed but the other guests escaped. "
            "\"Police negotiated with the suspect, who gave himself up,\" Lopes said.")
    ids = {r.id for r in _refs(text) if r.text in ("the suspect", "the gunman")}
    assert "Person/rui-lopes" not in ids, ids


def test_a_name_an_apposition_calls_a_person_is_a_person(nlp):
    # the model tags "Ulisses Rocha" an organisation; the text says he is a leader and an economist
    text = ("The MpD took 38 of the 72 seats. Its leader, Ulisses Rocha, a 48-year-old economist and former "
            "mayor of Praia, is expected to be named prime minister. Rocha thanked voters on Monday. "
            "Ulisses Rocha promised jobs. Ulisses Rocha will form a government.")
    assert _id_of(text, "Ulisses Rocha") == "Person/ulisses-rocha"  # stated once, outvoting the model's two
    assert _id_of(text, "Rocha") == "Person/ulisses-rocha"


def test_an_acronym_in_brackets_is_the_organisation_named_before_it(nlp):
    # its letters need not be the English name's; the parser hangs it on the name's last word
    text = ("The opposition Movement for Democracy won Sunday's parliamentary election in Cape Verde, ending ten "
            "years of rule by the African Party for the Independence of Cape Verde (PAICV), official results "
            "showed on Monday.\n\nPAICV leader Janira Almada conceded defeat on Monday night.")
    refs = _refs(text)
    ids = {r.id for r in refs if r.text == "PAICV"}
    assert ids == {"Organization/african-party"}, [(r.text, r.id) for r in refs]
    assert not any(r.text == "PAICV" and r.id == "" for r in refs)  # no "Cape Verde is PAICV"


def test_a_bracketed_acronym_is_not_given_to_a_tail_of_the_name(nlp):
    # when only the name's last part is a tagged organisation, it is not the whole name the acronym stands for
    from spacy.tokens import Span

    from kg.extract.name_mentions import _bracketed_acronyms

    doc = nlp("Talks were held with the Central Commission for Roads and Harbours (CCRH) in Praia.")
    i = next(t.i for t in doc if t.text == "Harbours")
    j = next(t.i for t in doc if t.text == "CCRH")
    tail, acronym = Span(doc, i, i + 1, label="ORG"), Span(doc, j, j + 1, label="ORG")
    raw = [(tail, "Harbours", "Organization", None, None), (acronym, "CCRH", "Organization", None, None)]
    assert [label for _, label, _, _, _ in _bracketed_acronyms(raw)] == ["Harbours", "CCRH"]
    whole = Span(doc, i - 5, i + 1, label="ORG")  # "Central Commission for Roads and Harbours"
    raw = [(whole, "Central Commission for Roads and Harbours", "Organization", None, None), raw[1]]
    assert _bracketed_acronyms(raw)[1][1] == "Central Commission for Roads and Harbours"


def test_a_place_the_text_calls_an_island_is_a_place_in_every_mention(nlp):
    # the model tags "Fogo" an organisation in the headline; "the island of Fogo" states what it is
    text = ("Quake kills at least 40 on Fogo\n\nA magnitude 6.1 earthquake struck the island of Fogo early on "
            "Tuesday, the civil protection service said.")
    assert {r.id for r in _refs(text) if r.text in ("Fogo", "the island of Fogo")} == {"Location/fogo"}


def test_a_description_far_from_the_only_name_stays_a_description(nlp):
    # named once, three sentences back: "the lawyer" may be anyone; a wrong link costs more than a missing one
    text = ("Rui Lopes opened a bakery in Praia in 1990. The shop sold bread and cakes. It closed last year. "
            "The street was quiet on Sunday. The lawyer said he would appeal in May.")
    assert _id_of(text, "The lawyer") != "Person/rui-lopes"


def test_a_team_written_by_its_last_word_is_the_team(nlp):
    # "the Lions" after "the Praia Lions"; a surname never takes "the", so "Yanes" stays with its person
    text = ("The Lions, who are top of the table, beat Atalaia 2-0 on Saturday. The Praia Lions have won eight "
            "of their last nine matches. Coach Nuno Yanes said the Lions played well.")
    refs = {(r.text, r.id) for r in _refs(text)}
    assert ("The Lions", "Organization/praia-lions") in refs or ("the Lions", "Organization/praia-lions") in refs, refs


@pytest.mark.parametrize("text, surface, expected", [
    # a person's spokesman is someone else speaking, never one more alias of that person
    ("Joana Brito died on Tuesday. Her spokesman said she had been ill.", "Her spokesman", None),
    ("Joana Brito died on Tuesday. Her spokesman said she had been ill.", "she", "Person/joana-brito"),
    # a player's or an owner's team is the one team the story named, else no one known; never the man himself
    ("Carlos Moreira, the owner of the Mindelo Sharks, said that his team would not sign Paulo Duarte.",
     "his team", "Organization/mindelo-sharks"),
    ("Carlos Moreira said that his team would not sign Paulo Duarte.", "his team", None),
    # a team or an administration named after its leader is a body of its own, one in every story; whose
    # administration it is (a possessive) says the leader acted
    ("Carlos Moreira met the press. The Moreira team chose a doctor.", "The Moreira team", "Organization/moreira-team"),
    ("Carlos Moreira's administration closed the port.", "Carlos Moreira's administration", "Person/carlos-moreira"),
    ("The Moreira administration closed the port on Monday.", "The Moreira administration",
     "Organization/moreira-administration"),
])
def test_an_institution_noun_stands_for_its_owner_only_where_it_can_be_the_owner(nlp, text, surface, expected):
    found = _id_of(text, surface)
    if expected is None:
        assert found is not None and not found.startswith(("Person/joana-brito", "Person/carlos-moreira")), found
    else:
        assert found == expected


@pytest.mark.parametrize("text, surface, expected", [
    # a company's management is the company acting, as its leadership is
    ("Tecnicil Shipping's management approved the merger on Monday.", "Tecnicil Shipping's management",
     "Organization/tecnicil-shipping"),
    ("Tecnicil Shipping management approved the merger on Monday.", "Tecnicil Shipping management",
     "Organization/tecnicil-shipping"),
])
def test_an_organisations_management_is_the_organisation(nlp, text, surface, expected):
    assert _id_of(text, surface) == expected


@pytest.mark.parametrize("text, surface", [
    # the place names the club (or the firm) after it; the club's management is not the city's
    ("Chicago 49ers management fired the coach on Saturday.", "Chicago 49ers management"),
])
def test_a_place_naming_the_body_after_it_is_no_owner(nlp, text, surface):
    assert not (_id_of(text, surface) or "").startswith("Location/"), _id_of(text, surface)


@pytest.mark.parametrize("text, kind, ident", [
    # a common noun right before an organisation's name says what kind it is: one actor, not two
    ("The militant group Hamas fired rockets at Sderot.", "The militant group", "Organization/hamas"),
    ("The rebel M23 seized Goma on Tuesday.", "The rebel", "Organization/m23"),
    ("The carrier TAP cancelled its flights to Praia.", "The carrier", "Organization/tap"),
    ("The broadcaster RTC criticised the minister.", "The broadcaster", "Organization/rtc"),
])
def test_a_kind_noun_before_an_organisations_name_is_its_role(text, kind, ident):
    triples = extract_text(text)
    assert {t.subject.id for t in triples if not t.derived} == {ident}
    assert any(t.subject.id == ident and t.action.text == "is" and t.object.text == kind for t in triples)


@pytest.mark.parametrize("text, surface, earlier", [
    # a role noun a deed done to them makes people so refers back to the unnamed people it was done to
    ("Police arrested a man on Monday. The suspect was taken to Praia.", "The suspect", "a man"),
    ("Police arrested three men on Monday. The suspects were taken to Praia.", "The suspects", "three men"),
    ("Gunmen shot two guards outside the bank. The victims were taken to hospital.", "The victims", "two guards"),
    ("A woman was struck by a van on Friday. The victim died in hospital.", "The victim", "A woman"),
    # a role the deed gives whoever did it
    ("Militants attacked an army post on Sunday. The attackers fled into the forest.", "The attackers",
     "Militants"),
    ("Two men robbed a bank in Praia. The robbers escaped in a grey van.", "The robbers", "Two men"),
])
def test_a_role_a_deed_gives_refers_to_the_people_it_was_done_to(text, surface, earlier):
    assert _id_of(text, surface) == _id_of(text, earlier)


@pytest.mark.parametrize("text, surface, earlier", [
    ("Police arrested a man on Monday. A second suspect was arrested on Tuesday.", "A second suspect", "a man"),
    ("Police arrested three men on Monday. The suspect was taken to Praia.", "The suspect", "three men"),  # number
    ("Police thanked a man on Monday. The suspect was taken to Praia.", "The suspect", "a man"),  # no such deed
])
def test_a_role_without_its_deed_or_number_is_someone_else(text, surface, earlier):
    assert _id_of(text, surface) != _id_of(text, earlier)


@pytest.mark.parametrize("text", [
    # the speaker of a verb conjoined to the first ("denied ... and said") is the first verb's subject
    "Opposition leader Carlos Mendes accused Prime Minister Jorge Santos of fraud. Santos denied the claims "
    "and said he would sue.",
    "Opposition leader Carlos Mendes accused Prime Minister Jorge Santos of fraud. Jorge Santos denied the "
    "claims and said he would sue.",
])
def test_he_in_what_the_second_of_two_verbs_says_is_their_subject(text):
    assert _id_of(text, "he") == "Person/jorge-santos"


def test_them_in_a_counted_object_is_not_the_subject():
    # "killed three of them": "them" is whom the troops killed some of, never the troops
    text = "The attackers fled into the forest. Troops later killed three of them in a gunfight."
    assert _id_of(text, "three of them") == _id_of(text, "The attackers")


def test_a_bare_surname_that_is_also_a_given_name_gives_no_gender():
    # "Hassan" is a man's given name in kg's list, but here the surname of Samia Suluhu Hassan
    text = ("Kenyan President William Ruto met Samia Suluhu Hassan in Arusha on Thursday. Hassan said she was "
            "pleased. Ruto thanked her.")
    assert _id_of(text, "she") == _id_of(text, "her") == "Person/samia-suluhu-hassan"


def test_he_in_a_joined_clause_is_the_first_clauses_subject():
    # the subject pronoun of the second of two joined clauses is the first clause's named subject (it went to
    # the one man of the sentence before whose given name kg knows)
    text = ("Producers Laurence Mark and Bill Condon chose Hugh Jackman. Mark and Condon want a new vibe for the "
            "show. Jackman may have more talent than most of us, but he lacks the fan base of Chris Rock.")
    assert _id_of(text, "he") == "Person/hugh-jackman"
