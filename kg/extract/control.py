"""Who does what the parser hung on the wrong word: an infinitive after an object, a misread main verb, a
gerund after an adjective ("were responsible for killing").

Why its own module: the clause reader (:mod:`kg.extract.clauses`), the
relation's category (:mod:`kg.extract.triples`) and the identity cues
(:mod:`kg.extract.identity_cues`) must give "urged the rebels to disarm",
"called on the rebels to free" and "The council named Ana Thomas to lead
..." the same doer. Pronoun resolution (:mod:`kg.extract.coref`) reads the
same structure for whom a pronoun inside it means: "told the workers to stay
in their offices", "firing Jim O'Brien and replacing him", and not the source
of "according to X".
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .noun_phrases import NAMING_PARTICIPLES, act_charged, denotes_people, partitive_member
from .wordlists import object_control_verbs, person_nouns, purpose_verbs, subject_control_verbs, word_list

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

__all__ = ["according_to", "adjective_frame", "asked_through_preposition", "controllers", "copula_of_adjective",
           "gerund_doers", "misread_main_verb", "names_someone"]


def misread_main_verb(verb: "Token") -> bool:
    """True for a sentence's verb the parser hung on the root noun before it as a modifier.

    "The council named Ana Thomas to lead the clinic" has no other verb: the
    parser read "a council named Ana Thomas". A past tense there is the
    sentence's verb when it has an object or its noun an article or owner
    ("Her counterpart, Lamin Ceesay, called on the rebels ..."), and so is a
    naming participle with its name ("The port authority named Rui Lopes as
    harbour master"); a bare participle stays a headline's passive ("Man
    arrested in Praia").
    """
    head = verb.head
    if verb.dep_ != "acl" or head.dep_ != "ROOT" or head.pos_ not in ("NOUN", "PROPN") or head.i > verb.i:
        return False
    objects = [c for c in verb.children if c.dep_ in ("dobj", "oprd")]
    if verb.tag_ == "VBN":
        return bool(objects) and verb.lower_ in NAMING_PARTICIPLES
    # a past tense: with an object, or after a noun with an article or owner (a headline has neither)
    return verb.tag_ == "VBD" and (bool(objects) or any(c.dep_ in ("det", "poss") for c in head.children))


#: Object pronouns that stand for people ("urged them to leave"); "it", "this" or "what" rarely do.
_PERSONAL_OBJECTS = frozenset({"me", "you", "him", "her", "us", "them"})


def _someone_told(obj: "Token") -> bool:
    """An object that can be told to do something: a person or body, not "it", "what" or "a Kalashnikov"."""
    if obj.pos_ == "PRON":
        return obj.lower_ in _PERSONAL_OBJECTS
    if obj.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"):
        return False  # "threatened on Monday to break relations": a time is asked nothing
    if obj.pos_ == "PROPN" and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in obj.children):
        return False
    return names_someone(obj)


#: Prepositions through which a verb asks someone to do its infinitive ("called on the rebels to free",
#: "appealed to donors to give", "waited for the army to leave").
_ASKING_PREPOSITIONS = frozenset({"on", "upon", "to", "for"})


def asked_through_preposition(verb: "Token", complement: "Token") -> list["Token"]:
    """The people a verb asks through a preposition before its infinitive: "called on [the rebels] to free"."""
    return [o for p in verb.children if p.dep_ == "prep" and p.lower_ in _ASKING_PREPOSITIONS
            and verb.i < p.i < complement.i for o in p.children if o.dep_ == "pobj" and _someone_told(o)]


def controllers(complement: "Token") -> list["Token"]:
    """The objects of the verb above an xcomp that do the xcomp ("urged the rebels to disarm": the rebels).

    Listed object-control verbs give it to any object; any other verb gives a "to" infinitive
    after a person object to that person ("named Ana Thomas to lead the clinic", "expected the
    rebels to withdraw"), except the few whose own subject does it ("promised the voters to cut
    taxes", listed as subject-control verbs) and verbs of contest and contact, after which it
    is the subject's purpose ("beat Lopes to win the title", "grabbed the boy to shield him").
    A name after "a" is a thing ("used a Kalashnikov to ..."). Empty when the head's subject does it.
    """
    head = complement.head
    # the parser reads the name after a misread main verb as its predicate ("named Ana Thomas to lead")
    objs = [c for c in head.children if c.dep_ in ("dobj", "obj") or (c.dep_ == "oprd" and misread_main_verb(head))]
    objs = objs or asked_through_preposition(head, complement)
    if not objs:
        return []
    if head.lemma_ in object_control_verbs():
        return objs
    told = (complement.dep_ == "xcomp" and complement.i > objs[0].i
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in complement.children)
            and head.lemma_ not in subject_control_verbs() and head.lemma_ not in purpose_verbs()
            and all(_someone_told(o) for o in objs))
    return objs if told else []


def told_doer(tok: "Token") -> "Token | None":
    """The one told to do the "to" infinitive whose phrase ``tok`` is in ("told the workers to stay in their
    offices": the workers, whose offices they are), if one (:func:`controllers`). Not for a possessive of a
    body one joins (``staff_nouns.txt``): "asked Gupta to join his administration" is the asker's."""
    if tok.dep_ == "poss" and tok.head.lemma_.lower() in word_list("staff_nouns.txt"):
        return None
    verb = tok.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    doers = controllers(verb) if verb.dep_ == "xcomp" else []
    return doers[0] if len(doers) == 1 else None


def according_to(tok: "Token") -> bool:
    """True for the source of "according to X": a "he" or "she" in what X reports is someone else, as X would say
    "I" ("According to coach Rui Lobo, he is fit to play": the player). Not "they": "according to the officers
    ..., they exited their vehicle" paraphrases the officers speaking of themselves."""
    return tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.lower_ == "according"


def parallel_object(tok: "Token") -> "Token | None":
    """The object of the first of two conjoined verbs with one subject, for an object pronoun of the second:
    "firing head coach Jim O'Brien ... and replacing him" (him: O'Brien), "caught pirates and took 23 of them".
    Not when the second verb has a subject of its own ("Lopes hit Reis and she hit him back")."""
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.dep_ == "dobj":
        tok = tok.head.head  # "23 of them"
    verb = tok.head
    if tok.dep_ != "dobj" or verb.dep_ != "conj" or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    return next((c for c in verb.head.children if c.dep_ == "dobj"), None)


#: Verbs whose object does the deed their "with" gerund names ("charged two men with smuggling", "credited
#: her with saving"); after others the subject does it ("threatened the rebels with bombing their camps").
_CHARGING_WITH = frozenset({"charge", "credit", "task", "entrust"})


def gerund_doers(verb: "Token") -> list["Token"]:
    """Who does a gerund after a verb's object: the object ("accused the government of using force",
    "arrested two men for smuggling", "charged two of its captains with dumping"); [] when not so built."""
    prep = verb.head
    if verb.dep_ != "pcomp" or verb.tag_ != "VBG" or not (prep.lower_ in ("of", "for", "from") or (
            prep.lower_ == "with" and prep.head.lemma_ in _CHARGING_WITH)):
        return []
    doers = [o for o in prep.head.children if o.dep_ == "dobj" and o.i < prep.i
             and names_someone(partitive_member(o) or o)]  # "two of its captains": the captains
    if not doers and act_charged(prep) == verb:  # "of" hung on the object itself
        doers = [prep.head]
    return doers


def names_someone(tok: "Token") -> bool:
    """True for a noun or pronoun that can be someone acting ("the government", "him", "two men"), not a thing."""
    return (tok.pos_ in ("PROPN", "PRON") or tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
            or denotes_people(tok) or tok.lemma_.lower() in person_nouns())


#: Adjectives whose infinitive's object is the copula's subject ("Weitz is easy to work with", "the case is
#: hard to prove") or that take an empty subject ("it is early to say"): a closed class of English grammar.
_TOUGH = frozenset({"easy", "hard", "difficult", "tough", "rough", "impossible", "simple", "fun", "pleasant",
                    "dangerous", "safe", "expensive", "cheap", "early", "late", "interesting", "boring"})


def adjective_frame(verb: "Token") -> "list[Token]":
    """The copula, adjective and preposition before a gerund whose doer is the copula's subject ("was intent on"
    of "Obama was intent on recruiting him", "were responsible for" of "The rebels were responsible for killing
    two soldiers"), as "is willing to" frames an infinitive (:func:`copula_of_adjective`); [] otherwise."""
    prep = verb.head
    adjective = prep.head
    if verb.dep_ != "pcomp" or verb.tag_ != "VBG" or prep.dep_ != "prep" or adjective.pos_ != "ADJ" \
            or adjective.dep_ != "acomp" or adjective.head.pos_ not in ("AUX", "VERB"):
        return []
    return [adjective.head, adjective, prep]


def copula_of_adjective(verb: "Token") -> "Token | None":
    """The copula whose subject does an adjective's infinitive: "is" of "Syria is willing to withdraw".

    None for no adjective, and for an adjective whose subject is what the
    infinitive is done to ("Weitz is easy to work with"): no one named does it.
    """
    head = verb.head
    if verb.dep_ != "xcomp" or head.pos_ != "ADJ" or head.dep_ != "acomp" or head.lower_ in _TOUGH:
        return None
    return head.head
