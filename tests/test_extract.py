"""Extraction rules as tables: sentence in, (subject, lemma, object) triples out.

Every sentence here was written for kg. Cases the rules do not handle yet
are marked xfail with the reason, never deleted.
"""
from __future__ import annotations

import pytest

from kg.extract.pipeline import extract_text


def _svo(text: str, date: str | None = "2026-03-04"):
    return {(t.subject.label, t.action.lemma, t.object.label if t.object else None)
            for t in extract_text(text, date=date)}


@pytest.mark.parametrize("text, expected", [
    ("The army attacked the rebels.", ("army", "attack", "rebel")),
    ("Brazil and Argentina signed a trade deal.", ("Brazil", "sign", "trade deal")),
    ("Argentina signed a trade deal with Brazil.", ("Argentina", "sign", "Brazil")),
    ("Three officers were arrested by the Kenyan police.", ("Kenya", "arrest", "officer")),
    ("Germany sent troops and tanks to Lithuania.", ("Germany", "send", "Lithuania")),
    ("Poland imposed sanctions on Belarus.", ("Poland", "impose", "Belarus")),
    ("Indian forces launched strikes against militants in Kashmir.", ("India", "launch", "militant")),
    # a visit or talks wrapped up or concluded happened: its target is the visited, not the visit
    ("General Ana Reis wrapped up a two-day visit to Senegal.", ("Ana Reis", "wrap up", "Senegal")),
    ("The minister concluded talks with the rebels.", ("minister", "conclude", "rebel")),
])
def test_subject_verb_object(nlp, text, expected):
    assert expected in _svo(text)


def test_conjoined_subjects_split(nlp):
    got = _svo("France and Italy condemned the attack.")
    assert ("France", "condemn", "attack") in got and ("Italy", "condemn", "attack") in got


def test_conjoined_country_modifiers_split(nlp):
    got = _svo("Ecuadorian and Peruvian forces raided a camp near the border.")
    assert {s for s, lemma, _ in got if lemma == "raid"} >= {"Ecuador", "Peru"}


def test_each_country_of_a_conjoined_modifier_keeps_its_own_words(nlp):
    # the evidence text of each actor names that actor: "Peruvian forces", not "Ecuadorian and Peruvian forces"
    subjects = {t.subject.label: t.subject.text for t in extract_text(
        "Ecuadorian and Peruvian forces raided a camp near the border.") if t.action.lemma == "raid"}
    assert subjects == {"Ecuador": "Ecuadorian forces", "Peru": "Peruvian forces"}


def test_conjoined_objects_split(nlp):
    got = _svo("The ministry accused Ukraine and Moldova of smuggling.")
    assert {o for _, lemma, o in got if lemma == "accuse"} >= {"Ukraine", "Moldova"}


def test_negation_is_an_attribute_not_dropped(nlp):
    (t,) = [t for t in extract_text("Japan did not recognise the new government.") if t.action.lemma == "recognise"]
    assert t.action.negated is True and "not" in t.action.text


def test_modality_kept(nlp):
    triples = extract_text("Chile may expel the ambassador.")
    assert any(t.action.modality == "may" and t.action.lemma == "expel" for t in triples)


def test_reported_speech_gives_both_events(nlp):
    triples = extract_text("Kenya said Somalia would withdraw its troops from the border.")
    lemmas = {(t.subject.label, t.action.lemma) for t in triples}
    assert ("Kenya", "say") in lemmas and ("Somalia", "withdraw") in lemmas


def test_control_verb_inherits_subject(nlp):
    triples = extract_text("Norway agreed to send observers to Colombia.")
    send = [t for t in triples if t.action.lemma == "send"]
    assert send and send[0].subject.label == "Norway" and "agreed to send" in send[0].action.text
    assert send[0].action.category == "AGREE"


def test_relative_date_resolved_against_document_date(nlp):
    triples = extract_text("On Tuesday, Egypt closed the Rafah crossing.", date="2026-03-04")
    closed = [t for t in triples if t.action.lemma == "close"]
    assert closed and closed[0].date == "2026-03-03"


def test_event_date_falls_back_to_document_date(nlp):
    triples = extract_text("Egypt closed the crossing.", date="2026-03-04")
    assert triples and triples[0].date == "2026-03-04"


def test_pronoun_resolves_to_previous_person(nlp):
    text = "Prime Minister Anna Kovac met union leaders. She later criticised the Slovenian police."
    got = _svo(text)
    assert ("Anna Kovac", "criticise", "Slovenia") in got or ("Anna Kovac", "criticise", "police") in got


def test_quoted_first_person_is_the_speaker(nlp):
    triples = extract_text('"We will not negotiate with kidnappers," the Colombian government said.')
    neg = [t for t in triples if t.action.lemma == "negotiate"]
    assert neg and neg[0].subject.label == "Colombia"


def test_evidence_offsets_point_at_the_sentence(nlp):
    text = "Intro line.\n\nRwanda accused Burundi of shelling the border."
    triples = extract_text(text)
    t = next(t for t in triples if t.action.lemma == "accuse")
    assert text[t.span[0]:t.span[1]] == t.text


def test_categories_come_from_the_lexicon(nlp):
    cats = {t.action.lemma: t.action.category for t in extract_text("Turkey shelled Kurdish positions.")}
    assert cats.get("shell") is not None


@pytest.mark.parametrize("text, targets", [
    ("The union imposed sanctions on Peru and on Bolivia.", {"Peru", "Bolivia"}),
    ("The navy fired on the trawler and on its tender.", {"the trawler", "its tender"}),  # no event noun
    ("Rebels launched attacks on Bamako and on Mopti.", {"Bamako", "Mopti"}),  # the event noun's
])
def test_a_preposition_said_again_after_and_introduces_a_target_too(nlp, text, targets):
    """"on Peru and on Bolivia": both are targets, not the first alone."""
    got = {t.object.text for t in extract_text(text) if t.object is not None and not t.derived}
    assert got == targets, got


def test_possessive_pronoun_resolves_to_the_group(nlp):
    triples = extract_text("Hamas said its fighters attacked an Israeli post.")
    assert any(t.subject.label == "Hamas" and t.action.lemma == "attack" for t in triples)


def test_definite_description_refers_back(nlp):
    text = "The Northern Fishers Cooperative blocked the harbour. The group accused the Ghanaian navy of harassment."
    accused = [t for t in extract_text(text) if t.action.lemma == "accuse"]
    assert accused and accused[0].subject.label == "Northern Fishers Cooperative"
    assert accused[0].object.country == "GHA"


def test_described_person_is_not_anaphoric(nlp):
    got = _svo("Putin offered to negotiate with the president of Armenia.")
    assert ("Vladimir Putin", "negotiate", "Armenia") in got


@pytest.mark.parametrize("text, first", [
    ("DAKAR -- Senegal deployed two ships.", "DAKAR --"),
    ("PRAIA, Cape Verde -- Carlos Brito resigned.", "PRAIA, Cape Verde --"),
    ("DAKAR -- Guinea-Bissau and Spain signed an accord.", "DAKAR --"),
    # a wire's dateline with the date and the agency, ended by a spaced hyphen
    ("PRAIA, Cape Verde, May 9 (Ilha Wire) - Carlos Brito resigned.", "PRAIA, Cape Verde, May 9 (Ilha Wire) -"),
    # one dateline a line: the second dash is inside the name
    ("MINDELO - Atlantic Ports - Harbour Division hired ten pilots.", "MINDELO -"),
    # the sentence may start with the article "A" (one capital letter is no all-caps name as in "ILHA - TV")
    ("PRAIA, June 12 - A court in Cape Verde fined the ferry company.", "PRAIA, June 12 -"),
])
def test_datelines_are_not_subjects(nlp, text, first):
    sents = [s.text.strip() for s in nlp(text).sents]
    assert sents[0] == first and len(sents) == 2


def test_a_spaced_hyphen_inside_a_name_is_no_dateline(nlp):
    text = "ILHA - TV reported that the ferry had sunk."
    assert [s.text for s in nlp(text).sents] == [text]


def test_a_title_line_is_one_sentence(nlp):
    # after a URL line the parser split this headline after its first word
    text = ("http://news.example.org/article/x-defeats-y-65-53\n"
            "Mindelo defeats Praia 65-53 in island tournament\nMar. 8 5:46 PM EST\nThe match was played on Sunday.")
    sents = [s.text.strip() for s in nlp(text).sents]
    assert "Mindelo defeats Praia 65-53 in island tournament" in sents
    assert "The match was played on Sunday." in sents  # a line with a full stop is left to the parser


def test_unrecognised_multiword_names_stay_named_and_headline_nouns_do_not(nlp):
    triples = extract_text("The Corvina Cartel attacked a patrol boat. Command says the militia moved.")
    subjects = {t.subject.label: t.subject.generic for t in triples}
    assert subjects.get("Corvina Cartel") is False
    assert subjects.get("Command", True) is True


@pytest.mark.parametrize("text, expected", [
    ("The army shelled the port, wounding dozens of fishermen.", ("army", "wound", "fisherman")),
    ("Hundreds of farmers blocked the highway near Tete.", ("farmer", "block", "highway")),
    ("The coast guard rescued most of the sailors.", ("coast guard", "rescue", "sailor")),
    ("Rebels seized a handful of aid workers at the checkpoint.", ("rebel", "seize", "aid worker")),
])
def test_a_counted_group_is_the_people_it_counts(nlp, text, expected):
    """'dozens of fishermen', 'most of the sailors': the people, not an entity called 'dozen' or 'most'."""
    assert expected in _svo(text)


def test_an_age_after_a_name_is_no_subject(nlp):
    # the tagger reads "Fortes" as a plural noun and the parser "71" as its apposition: the age is no name
    triples = extract_text("Jose Fortes founded Barlavento Ferries. Fortes, 71, started the company with one boat.",
                           date="2026-03-04")
    assert {t.subject.text for t in triples if t.action.lemma == "start"} == {"Fortes"}
    # an organisation's name ending in "Wire" is a news agency, not a person
    told = [t for t in extract_text('"It was time," Fortes told Ilha Wire.')
            if t.object and t.object.text == "Ilha Wire"]
    assert told and told[0].object.type == "Organization"


def test_a_host_of_things_is_no_host_and_a_lot_of_people_are_people(nlp):
    """'a host of', 'a lot of', 'a slew of' count what follows only after "a": "the host of the show" is a person
    (indefinite_quantity_nouns.txt), and a counted thing never takes the named host's id."""
    triples = extract_text("Ana Reis, the host of the show, thanked a lot of fans. Police found a host of other "
                           "equipment on the boat. A host of reporters waited outside.", date="2026-03-04")
    by_action = {t.action.lemma: t for t in triples if not t.derived}
    assert by_action["thank"].object.id.startswith("Group/fan~")
    assert by_action["find"].object.id.startswith("Other/equipment~")
    assert by_action["wait"].subject.id.startswith("Group/reporter~")
    assert "Person/ana-reis" in {t.subject.id for t in triples}


def test_a_given_name_after_a_title_is_no_title(nlp):
    """WordNet lists named individuals ("Ana", "Tyler", "David") as people; as words before a surname they are
    a name, so an untagged "Actress Ana Reis" is the person Ana Reis, not Reis titled "Actress Ana"."""
    triples = extract_text("Actress Ana Reis checked into a clinic, her spokesman told reporters on Monday.",
                           date="2026-03-04")
    assert "Person/ana-reis" in {t.subject.id for t in triples if t.action.lemma == "check"}


def test_a_pronoun_counted_from_a_group_refers_to_the_group(nlp):
    triples = extract_text("The navy freed twelve fishermen on Monday. Some of them were taken to hospital in Praia.",
                           date="2026-03-04")
    (freed,) = {t.object.id for t in triples if t.action.lemma == "free"}
    (taken,) = [t for t in triples if t.action.lemma == "take" and not t.derived]
    assert freed.startswith("Group/fisherman~") and taken.subject.id == freed and taken.subject.text == "Some of them"


def test_the_town_of_a_name_is_that_place(nlp):
    """'the town of Porto Alto' is Porto Alto, a Location, even when the model reads the name as a person."""
    triples = extract_text("Militia fighters burned the town of Mateus Lobo on Friday.", date="2026-03-04")
    targets = {(t.object.label, t.object.type) for t in triples if t.action.lemma == "burn" and t.object}
    assert targets == {("Mateus Lobo", "Location")}


@pytest.mark.parametrize("text", [
    "Portugal will patrol the strait with Spain, starting next week.",
    "Senegal will close the border, starting on Monday.",
    "Talks resumed in Praia, beginning with the fishing dispute.",
])
def test_a_participle_used_as_a_preposition_is_no_event(nlp, text):
    """'starting next week', 'beginning with': a time or a topic, not an event of the subject."""
    assert not {lemma for _, lemma, _ in _svo(text)} & {"start", "begin"}


def test_a_demonstrative_pronoun_is_no_actor(nlp):
    """'That angered the rebels': the pronoun is kept as text, with no actor id of its own."""
    (t,) = [t for t in extract_text("The talks collapsed. That angered the rebels.") if t.action.lemma == "anger"]
    assert t.subject.text == "That" and t.subject.id == "" and t.object.label == "rebel"


def test_an_age_apposition_describes_the_person_not_the_other_way_round(nlp):
    """'Gomes, 58, denied': the model tags the age (DATE) and not the name; the fact is 'Gomes is 58'."""
    facts = {(t.subject.text, t.object.text) for t in extract_text(
        "Ana Tavares Gomes was charged on Monday. Gomes, 58, denied the charges.") if t.derived and t.action.text == "is"}
    assert ("Gomes", "58") in facts and ("58", "Gomes") not in facts


def test_a_date_apposition_is_no_fact(nlp):
    """'on Sunday, March 2, 2014': one date written in parts, not 'Sunday is March 2'."""
    triples = extract_text("The ministry said the fishing ban began on Sunday, March 2, 2014, in Praia.")
    assert not [t for t in triples if t.derived and t.action.text == "is"]


@pytest.mark.parametrize("text, doer, lemma", [
    ("Marta Nhantumbo accused the government of using the inspections to punish critics.", "government", "use"),
    ("The court banned the fishermen from leaving the island.", "fisherman", "leave"),
    # "charged X with" too, and a counted object: the ones counted do it
    ("Prosecutors charged two of the captains with dumping waste at sea.", "captain", "dump"),
    # after "threatened X with" the subject does it
    ("The army threatened the rebels with bombing their camps.", "army", "bomb"),
])
def test_the_object_does_what_its_gerund_says(nlp, text, doer, lemma):
    """'accused the government of using': the government uses; 'banned the fishermen from leaving': they leave."""
    assert {s for s, verb, _ in _svo(text) if verb == lemma} == {doer}


def test_a_gerund_after_without_is_negated(nlp):
    """'left the summit without signing the accord': the accord was not signed."""
    (t,) = [t for t in extract_text("The minister left the summit without signing the accord.")
            if t.action.lemma == "sign"]
    assert t.action.negated is True


def test_the_object_of_asked_to_does_not_inherit_the_asking(nlp):
    """'asked the police to investigate the owners': the ministry demands; the police investigate (no DEMAND)."""
    triples = extract_text("The ministry asked the police to investigate the owners.")
    categories = {(t.subject.label, t.action.lemma): t.action.category for t in triples}
    assert categories[("ministry", "ask")] == "DEMAND" and categories[("police", "investigate")] != "DEMAND"


@pytest.mark.parametrize("text, lemma, modality", [
    ("The summit urged the bloc to impose sanctions on Joaquim Serpa.", "impose", "urge"),
    ("Police told the workers to leave the building.", "leave", "tell"),
    ("The union encouraged its members to join the strike.", "join", "encourage"),
])
def test_an_event_someone_is_asked_to_do_is_hedged(nlp, text, lemma, modality):
    """'urged the bloc to impose sanctions': the sanctions are asked for, not imposed (modality 'urge')."""
    (t,) = [t for t in extract_text(text) if t.action.lemma == lemma and not t.derived]
    assert t.action.modality == modality


@pytest.mark.parametrize("text, phrase", [
    ("Inspectors found stolen and forged permits in the warehouse.", "stolen and forged permits"),
    ("The coast guard chased smugglers along the northern and western coasts.", "the northern and western coasts"),
    ("The cartel moved cocaine through ports in Senegal and Guinea-Bissau.", "ports in Senegal and Guinea-Bissau"),
])
def test_a_modifiers_conjuncts_stay_in_the_phrase(nlp, text, phrase):
    # only the phrase's own conjuncts are phrases of their own; "the northern and western coasts" is
    # one place, not "the northern coasts"
    texts = {r.text for t in extract_text(text, doc_id="d") for r in (t.object, *t.arguments) if r is not None}
    assert any(phrase in x for x in texts), texts
    assert not any(x.rstrip().endswith((" and", " or")) for x in texts), texts


def test_a_coordinator_without_its_conjunct_is_left_out(nlp):
    # the parser sometimes hangs "and" on one noun and the conjunct on another word: the phrase
    # must not end in a bare "and" (a parse fixed by hand, as the small model gives it for some text)
    from spacy.tokens import Doc

    from kg.extract.arguments import noun_phrase, span_text

    words = ["Patrols", "near", "the", "bay", "and", "reef", "stopped", "boats"]
    heads = [6, 0, 3, 1, 3, 6, 6, 6]
    deps = ["nsubj", "prep", "det", "pobj", "cc", "npadvmod", "ROOT", "dobj"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps)
    assert span_text(noun_phrase(doc[0])) == "Patrols near the bay"


@pytest.mark.parametrize("text, category", [
    ("Spain sent dozens of soldiers to the border.", "MOBILIZE"),
    ("Lisbon said it was sending an unspecified number of troops to the islands.", "MOBILIZE"),
])
def test_a_counted_object_categorises_by_what_it_counts(nlp, text, category):
    # "sent dozens of soldiers" is "send soldier": the counting noun is not the event's noun
    assert category in {t.action.category for t in extract_text(text) if t.action.lemma == "send"}


@pytest.mark.parametrize("text, lemma, obj, argument", [
    ("The minister resigned on Friday.", "resign", None, "on Friday"),
    ("The harbour authority was founded in 1988.", "found", None, "in 1988"),
    ("The envoys met on Tuesday in Dakar.", "meet", None, "on Tuesday"),  # and "in Dakar" is where
    ("The envoys met on Tuesday with Rui Lopes.", "meet", "Rui Lopes", "on Tuesday"),
])
def test_a_time_is_an_argument_never_the_object(nlp, text, lemma, obj, argument):
    (t,) = [t for t in extract_text(text) if t.action.lemma == lemma and not t.derived]
    assert (t.object.text if t.object else None) == obj
    assert argument in [a.text for a in t.arguments]


def test_a_participle_after_a_participle_clause_is_the_main_subjects(nlp):
    # "Aircraft struck boats, accused of smuggling, killing ten people": the small model hangs "accused"
    # on the verb and "killing" on "accused"; the killing is the aircraft's (a parse fixed by hand)
    from spacy.tokens import Doc

    from kg.extract.clauses import clause_subjects

    words = ["Aircraft", "struck", "boats", ",", "accused", "of", "smuggling", ",", "killing", "ten", "people", "."]
    tags = ["NNS", "VBD", "NNS", ",", "VBN", "IN", "VBG", ",", "VBG", "CD", "NNS", "."]
    heads = [1, 1, 1, 1, 1, 4, 5, 4, 4, 10, 8, 1]
    deps = ["nsubj", "ROOT", "dobj", "punct", "advcl", "prep", "pcomp", "punct", "conj", "nummod", "dobj", "punct"]
    doc = Doc(nlp.vocab, words=words, tags=tags, heads=heads, deps=deps)
    subjects, _, inherited = clause_subjects(doc[8])
    assert [t.text for t in subjects] == ["Aircraft"] and inherited


def test_an_event_nouns_clause_is_not_part_of_the_relation(nlp):
    # the relation is the verb, the event noun and its preposition: a clause the parser hung on the
    # noun ("described by officials as ...") belongs elsewhere
    text = ("Since June, drones have carried out raids on camps in the hills, described by officials as rebel "
            "bases, killing about forty fighters.")
    relations = {t.action.text for t in extract_text(text) if t.action.lemma == "carry out" and not t.derived}
    assert relations == {"have carried out raids on"}


def test_a_dateline_states_nothing(nlp):
    triples = extract_text("PRAIA, May 9 (Ilha News) - Dock workers walked out on Monday.")
    assert triples and all(t.sentence == 1 for t in triples), [(t.sentence, t.subject.text) for t in triples]
