"""What a noun phrase tells about whom it denotes: its part in the clause, its head, its modifiers.

Why its own module: the name rules (:mod:`kg.extract.name_mentions`), the argument rules
(:mod:`kg.extract.arguments`) and the description rules (:mod:`kg.extract.descriptions`) ask the same
small questions of a token: is it a subject, an apposition list, marked as
someone new, tied to an actor by a name before it? Each test is one function here, so the rules read the
same way everywhere.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from .names import NAME_SUFFIXES
from .non_actor_mentions import capitalised_as_opener, headline_sentence
from .people_nouns import capitalised_plural_of_person, people_noun
from .wordlists import (actor_nouns, gendered_titles, new_referent_modifiers, person_nouns, place_nouns,
                        quantity_nouns, saying_verbs, titles, word_list)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

__all__ = ["act_charged", "aged", "background_role", "capitalised_person_noun", "clause_subjects_of",
           "compound_actor_type", "compound_head", "compound_of", "compound_words", "denotes_people",
           "description_label", "FINITE_VERB_TAGS", "first_conjunct", "from_name_start", "headline_passive",
           "is_name_suffix", "is_subject", "marked_new", "misattached_conjunct", "misread_subject", "name_given",
           "naming_participle", "named_aside", "named_modifier", "NAMING_PARTICIPLES", "partitive_member",
           "place_named", "place_of", "relative_antecedent", "RELATIVE_PRONOUNS", "role_of", "set_off",
           "stands_for_organisation", "SUBJECTS", "with_title"]

#: Tags of a verb with tense ("moved", "moves", "move"), which no noun phrase contains.
FINITE_VERB_TAGS = ("VBD", "VBZ", "VBP")
#: Dependency labels of a clause's subject.
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})


def misattached_conjunct(tok: "Token") -> bool:
    """True for a conjunct of a noun that is no item of its list: a verb with tense ("resigned after the
    collapse of the coalition and moved to Geneva") or the subject of the verb after it (:func:`misread_subject`)."""
    if tok.dep_ != "conj":
        return False
    verb_on_noun = tok.pos_ == "VERB" and tok.tag_ in FINITE_VERB_TAGS and tok.head.pos_ in ("NOUN", "PROPN")
    return verb_on_noun or misread_subject(tok) is not None


def misread_subject(tok: "Token") -> "Token | None":
    """The verb whose subject the parser hung as the last item of a list before it, or None.

    "Upon leaving Lagos, Nigeria, the tanker entered the canal": with no
    subject for "entered", the small model reads "the tanker" as a third
    conjunct of "Lagos". A noun set off by a comma, right before a verb
    with tense that has no subject and governs the list, is that verb's subject.
    """
    if (tok.dep_ != "conj" or tok.pos_ not in ("NOUN", "PROPN") or tok.i < tok.head.i
            or any(c.dep_ == "conj" for c in tok.children)):  # only the list's last item
        return None
    doc = tok.doc
    after, before = tok.right_edge.i + 1, tok.left_edge.i - 1
    if after >= len(doc) or before < 0 or doc[before].text != ",":
        return None
    verb = doc[after]
    if (verb.pos_ != "VERB" or verb.tag_ not in FINITE_VERB_TAGS or verb not in tok.ancestors
            or any(c.dep_ in SUBJECTS or c.dep_ == "expl" for c in verb.children)):
        return None
    return verb


#: Relative pronouns ("the ship which the navy seized"): a closed class of English.
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose"})


def denotes_people(tok: "Token") -> bool:
    """True for a noun denoting people or an institution ("navy", "fishermen", "the police"), by the word lists."""
    actors = actor_nouns()
    return tok.lower_ in actors or tok.lemma_.lower() in actors or tok.lower_ in person_nouns() or people_noun(tok)


def compound_actor_type(label: str) -> str | None:
    """The type ``actor_nouns.csv`` gives a description with its compounds ("coast guard": an Organization)."""
    return actor_nouns().get(label.lower()) if " " in label else None


#: Quantifier words that take "of" and what they count ("some of the workers", "all of them"): a closed
#: class of English, so grammar here rather than a word list (counting nouns are data: quantity_nouns.txt).
_QUANTIFIERS = frozenset({"some", "many", "most", "all", "several", "few", "none", "both", "each", "either",
                          "neither", "any", "one", "more", "fewer"})


def partitive_member(head: "Token") -> "Token | None":
    """What a quantity phrase counts: "civilians" in "dozens of civilians", "them" in "two of them".

    Why: in "wounding dozens of civilians" the civilians are the ones
    wounded; an entity called "dozen" tells the analyst nothing. None when
    ``head`` is no number, counting noun or quantifier, or has no "of"
    complement; a name never counts ("the Group of Seven").
    """
    if head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "FAC", "WORK_OF_ART"):
        return None
    if not (head.like_num or head.lemma_.lower() in quantity_nouns() or head.lower_ in _QUANTIFIERS
            or (head.lemma_.lower() in word_list("indefinite_quantity_nouns.txt")
                and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in head.children))):
        return None  # ("a host of reporters": indefinite_quantity_nouns.txt; "the host of the show" is a person)
    of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None


def place_named(name: "Token") -> bool:
    """True when a proper noun names a place by a place noun before "of" ("the town of Vila Nova")."""
    prep = name.head
    return (name.dep_ == "pobj" and prep.dep_ == "prep" and prep.lower_ == "of" and prep.head.pos_ == "NOUN"
            and prep.head.lemma_.lower() in place_nouns())


def place_of(head: "Token", cluster_at: "Callable[[int], Any]") -> "Token | None":
    """The named place a place noun stands for ("Vila Nova" in "the town of Vila Nova"), if any.

    Why: "shelled the town of Vila Nova" is done to Vila Nova; the town is no
    other entity than the place its name gives.
    """
    if head.pos_ != "NOUN" or head.lemma_.lower() not in place_nouns():
        return None
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for pobj in prep.children:
                cluster = cluster_at(pobj.i)
                if place_named(pobj) and cluster is not None and cluster.type in ("Location", "Country"):
                    return pobj
    return None


def clause_subjects_of(obj: "Token") -> list["Token"]:
    """The subjects of the verb whose object (direct, or of its preposition) ``obj`` is.

    Why: the object of a verb is not its own subject ("X criticised the
    group": the group is not X), unless the object is reflexive. A pronoun
    subject of a reported clause brings the subject of the verb of saying
    (whom it usually stands for) along.
    """
    if obj.dep_ not in ("dobj", "pobj", "attr"):
        return []
    verb = _verb_of_object(obj)
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    # "the United States said it was sending troops to the country": "it" is the speaker, who is not the country
    while verb.dep_ in ("xcomp", "ccomp") and any(s.pos_ == "PRON" for s in subjects):
        verb = verb.head
        subjects += [c for c in verb.children if c.dep_ == "nsubj"]
    return subjects


def _verb_of_object(obj: "Token") -> "Token":
    """The verb a direct object, or the object of one of its prepositions, belongs to."""
    return obj.head.head if obj.dep_ == "pobj" else obj.head


def relative_antecedent(tok: "Token") -> "Token | None":
    """The noun a relative pronoun object stands for: "Lobato" in "Lobato, whom the rebels kidnapped".

    Why: the relative clause's event is done to that noun; "whom" or "which"
    as an entity of its own says nothing (subjects are handled with the
    clause, :func:`kg.extract.clauses.clause_subjects`).
    """
    if tok.lower_ not in RELATIVE_PRONOUNS or tok.dep_ not in ("dobj", "pobj"):
        return None
    verb = _verb_of_object(tok)
    return verb.head if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN") else None


#: Participles that give a noun its name ("a doctor named Rui Lopes", "a group calling itself X"): grammar.
NAMING_PARTICIPLES = frozenset({"named", "called", "dubbed", "nicknamed"})


def named_aside(participle: "Token") -> "Token | None":
    """The name an aside such as ", also called Lemon Base," renames: the proper noun right before its comma.

    The parser often hangs such a participle on the sentence's verb as a
    conjunct ("flew to visit troops at Camp Lemon, also called Lemon Base"),
    which would make the minister the one called Lemon Base.
    """
    if participle.lower_ not in NAMING_PARTICIPLES or participle.tag_ != "VBN" or participle.dep_ != "conj" \
            or any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in participle.children):
        return None
    comma = participle.left_edge.i - 1
    if comma < 1 or participle.doc[comma].text != "," or participle.doc[comma - 1].pos_ != "PROPN":
        return None
    return compound_head(participle.doc[comma - 1])


def naming_participle(verb: "Token") -> bool:
    """True for "named" in "a doctor named Rui Lopes": a participle giving its noun a name.

    Not when the noun is the sentence's root: "The port authority named Rui
    Lopes as harbour master" has no other verb, so "named" is the sentence's
    verb (an appointment) that the parser read as a participle.
    """
    return verb.dep_ == "acl" and verb.lower_ in NAMING_PARTICIPLES and verb.head.dep_ != "ROOT"


def name_given(noun: "Token") -> "Token | None":
    """The name a participle gives a noun: "Rui Lopes" in "a doctor named Rui Lopes" (its head token), if any."""
    for acl in noun.children:
        if naming_participle(acl):
            return next((c for c in acl.children if c.dep_ in ("oprd", "dobj", "attr") and c.pos_ == "PROPN"), None)
    return None


def act_charged(prep: "Token") -> "Token | None":
    """The gerund of "accused the minister of taking bribes" when the parser hung "of" on the person.

    It says what the verb's object did (a clause of its own), not which
    minister: the object is "the minister". Only on a verb's object that can
    be someone ("arrested two men for smuggling"), never "the art of fishing".
    """
    person = prep.head
    if prep.dep_ != "prep" or prep.lower_ not in ("of", "for") or person.dep_ != "dobj" \
            or not (person.pos_ == "PROPN" or denotes_people(person) or person.lemma_.lower() in person_nouns()):
        return None
    return next((c for c in prep.children if c.dep_ == "pcomp" and c.tag_ == "VBG"), None)


def first_conjunct(tok: "Token") -> "Token":
    """The first item of the list ``tok`` is in ("Sequeira" for "Serpa" in "Sequeira and Serpa met"), else
    ``tok``: the parser gives the whole list's part in the clause to its first item only."""
    while tok.dep_ == "conj" and tok.head != tok:
        tok = tok.head
    return tok


def background_role(tok: "Token") -> bool:
    """True for a description of someone in a story's background: a source ("the witness said", "said the
    spokesman") or a functionary ("the judge", "the sheriff": ``functionary_nouns_wordnet.txt``), who is
    someone new unless the text called a named person so (not the last person named: that was the one
    spoken of, judged or arrested more often than not, measured on ECB+)."""
    return (tok.dep_ == "nsubj" and tok.head.lemma_.lower() in saying_verbs()) \
        or tok.lemma_.lower() in word_list("functionary_nouns_wordnet.txt")


def is_subject(tok: "Token") -> bool:
    """A subject, or a conjunct of one ("Sequeira and Serpa met")."""
    return first_conjunct(tok).dep_ in ("nsubj", "nsubjpass")


def is_name_suffix(tok: "Token") -> bool:
    """True for "Jr.", "Sr.", "III" after a name: part of the name, though the parser reads an apposition."""
    return tok.text.lower().rstrip(".") in NAME_SUFFIXES and tok.text[0].isupper()


def capitalised_person_noun(tok: "Token") -> bool:
    """A headline's "Man charged ...", "Fire: Man denies arson", "SON HELD": a person noun in capitals, not a name."""
    if not capitalised_as_opener(tok):
        return False
    info = person_nouns().get(tok.lower_)
    if info is not None and not info.plural:
        return True
    # a plural only where the sentence start explains the capital ("Jurors also found ..."): a headline's
    # "People" and "Hackers" are as often a magazine or a film as a group
    return (info is not None or capitalised_plural_of_person(tok)) and tok.is_sent_start and not tok.is_upper \
        and not tok.ent_type_ and not headline_sentence(tok.sent)


def role_of(tok: "Token") -> "tuple[Token, str] | None":
    """(verb, "agent" or "patient") for a subject or object noun; conjuncts take their head's part.

    A headline's participle is a passive: "Lineman arrested after crash"
    (the subject of a bare participle), "Man charged with arson" (the noun
    the participle hangs on, as the parser often reads it).
    """
    tok = first_conjunct(tok)
    if tok.dep_ == "nsubj" and tok.head.pos_ == "VERB":
        return tok.head, "patient" if headline_passive(tok.head) else "agent"
    if tok.dep_ in ("nsubjpass", "dobj") and tok.head.pos_ == "VERB":
        return tok.head, "patient"
    if tok.dep_ == "ROOT":
        participle = next((c for c in tok.children if c.dep_ == "acl" and c.tag_ == "VBN"), None)
        if participle is not None:
            return participle, "patient"
    return None


def headline_passive(verb: "Token") -> bool:
    """True for a main-clause past participle with a subject but no auxiliary and no object: a headline's
    passive ("Lineman arrested on suspicion of DUI" is "a lineman was arrested")."""
    return (verb.tag_ == "VBN" and verb.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in verb.children)
            and not any(c.dep_ in ("aux", "auxpass", "dobj", "obj") for c in verb.children))


def marked_new(tok: "Token", *, ahead: bool = False) -> bool:
    """A word before the noun says it is someone new ("another man", "a second suspect", "other officers").

    ``ahead``: for a description that names someone the text introduces later
    (a lede's "A former police officer was jailed ... Rui Lopes, 44"), words
    that only say what the person is or was ("former", "new", "latest") are no
    such mark, nor is a count of one ("One Australian died ..."); they are when
    the description refers back. A place's name is no mark before a
    nationality ("the New Zealand-born Australian"); before another noun
    its "New" still is one, as the place tells two people apart ("A British
    man ... the New Zealand-born man").
    """
    words = new_referent_modifiers() - _STATUS_WORDS - {"one"} if ahead else new_referent_modifiers()
    national = tok.ent_type_ == "NORP"  # "the New Zealand-born Australian": "New" is a name's, no mark
    return any(c.lower_ in words and not (national and c.ent_type_ in ("GPE", "LOC", "NORP"))
               for c in tok.subtree if c.i < tok.i)


#: Modifiers that tell what someone is or was, not that they are someone else (see :func:`marked_new`).
_STATUS_WORDS = frozenset({"former", "new", "latest"})


def named_modifier(tok: "Token", token_cluster: dict) -> bool:
    """True when an actor's name says whose ``tok`` is ("the Saints coach"; not "the US envoy", "the Pie actress").

    A person's or an organisation's name as a modifier ties the description
    to that actor; a place's or a title's only describes.
    """
    for c in tok.children:
        cluster = token_cluster.get(c.i) if c.dep_ == "compound" else None
        if cluster is not None and cluster.type in ("Person", "Organization", "Group"):
            return True
    return False


def description_label(head: "Token") -> str:
    """The label of an unnamed description: its compound words and its head, lemmatised ("police officer").
    Compounds tell descriptions apart ("a Vancouver man", "a Seattle man"); adjectives and determiners do not."""
    return " ".join([t.lemma_.lower() for t in compound_words(head)] + [head.lemma_.lower()])


def compound_words(head: "Token") -> list["Token"]:
    """The words left of ``head`` that reach it through compound links ("drug trafficking" of "groups"); they
    are in its subtree, so between its left edge and it (no walk of the subtree's right side)."""
    return [t for t in head.doc[head.left_edge.i:head.i] if compound_of(t, head)]


def compound_head(tok: "Token") -> "Token":
    """The noun ``tok`` modifies through compound links to its right ("Camp" -> "Lemon" in "Camp Lemon"),
    else ``tok``."""
    while tok.dep_ == "compound" and tok.head.i > tok.i:
        tok = tok.head
    return tok


def compound_of(token: "Token", head: "Token") -> bool:
    """True if ``token`` reaches ``head`` through compound links only ("drug trafficking groups")."""
    cur = token
    while cur.dep_ == "compound" and cur.head != cur:
        cur = cur.head
        if cur == head:
            return True
    return False


def aged(tok: "Token") -> bool:
    """ "The 10-year-old was shot": an age standing for a person, as news writes it."""
    return (tok.lower_ == "old" and tok.pos_ in ("ADJ", "NOUN") and is_subject(tok)
            and any(c.lower_ in ("year", "years") for c in tok.children))


def set_off(tok: "Token") -> bool:
    """True if a modifier follows a comma ("the actress, who shot to fame"): it adds, it does not pick out."""
    edge = tok.left_edge.i
    return edge > 0 and tok.doc[edge - 1].text == ","


def from_name_start(head: "Token", text: str) -> str:
    """``text`` from the first word of the proper-noun run that ends at ``head``.

    "visiting Hornets", "2012 Mindelo Hornets", "top-ranked Tar Heels":
    the words before the name describe this mention, they are not the
    name. What follows the head stays ("University of Praia").
    """
    start = head
    while start.i > 0 and head.doc[start.i - 1].pos_ == "PROPN" and not head.doc[start.i - 1].is_punct:
        start = head.doc[start.i - 1]
    at = text.find(start.text)
    return text[at:] if at > 0 else text


def stands_for_organisation(head: "Token") -> bool:
    """True when a noun an organisation's name modifies stands for the organisation itself.

    "Hezbollah guerrillas", "the Hamas militia": its fighters or its arm act
    for it. One of its people ("a senior Hamas commander", "a Mafia
    leader") or a counted few ("two Google employees") is someone of the
    organisation, not the organisation: killing a commander is not killing
    the group. (A country's people still act for it, as event coding has it:
    "a U.S. soldier" -> United States.)
    """
    counted = head.dep_ == "pobj" and head.head.lower_ == "of" and partitive_member(head.head.head) == head
    if any(c.dep_ == "nummod" for c in head.children) or counted or \
            head.lemma_.lower() in word_list("clientele_nouns.txt"):
        return False  # "two Google employees", "two of its captains"; "its customers": not its people at all
    kind = actor_nouns().get(head.lower_) or actor_nouns().get(head.lemma_.lower())
    return kind == "Organization" or (head.tag_ in ("NNS", "NNPS") and kind != "Person")


def with_title(ent: "Span") -> list[str]:
    """The words of a name with the title the model left outside it: ["Dr.", "Thomas"] for "Dr. Thomas"."""
    before = ent.doc[ent.start - 1] if ent.start else None
    word = before.lower_.rstrip(".") if before is not None else ""
    return ([before.text] if word and (word in titles() or word in gendered_titles()) else []) + ent.text.split()
