"""Cues in a sentence that a description and a name are one person.

Why its own module: news introduces people by a description ("a
59-year-old woman", "the leading contender") and names them elsewhere; the
text itself often says they are one: a copula or an "as" phrase ("Lopes is
the leading contender", "hired Lopes as coach"), the same stated age ("Luca
Ferreira, 59"), a headline's bare noun ("Woman killed in crash") standing for the
story's person. Each cue is a small test of tokens here;
:mod:`kg.extract.descriptions` decides with them which person is meant.
"""
from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from .clusters import Cluster
from .control import controllers
from .non_actor_mentions import headline_sentence
from .noun_phrases import capitalised_person_noun, marked_new, set_off
from .wordlists import actor_nouns, gendered_titles, person_nouns, word_list, wordnet_person_nouns

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

__all__ = ["deed_role_antecedent", "deeds", "determiner", "headline_noun", "identified_with", "indefinite",
           "may_be_person", "person_word", "same_deed", "stated_age", "titled"]

#: Verbs that say what their subject is ("Lopes is the chair", "became the first woman to ...").
_COPULAS = frozenset({"be", "become", "remain"})


def identified_with(tok: "Token") -> "Token | None":
    """The noun a copula or an "as" phrase says ``tok`` is the same one as, if the sentence says so.

    "Rui Lopes is the leading contender", "The man accused of the theft is
    Pedro Varela", "Lopes became the first woman to ...", "hired Lopes as
    coach", "Lopes was introduced as the new coach", "named Lopes chairman":
    the description and the other noun denote one person. Not when negated
    ("Lopes is not the man").
    """
    if tok.dep_ not in ("attr", "nsubj", "pobj", "oprd"):
        return None  # the one test most nouns stop at: this runs for every noun of a document
    head = tok.head
    if any(c.dep_ == "neg" for c in head.children):
        return None
    lemma = head.lemma_.lower()
    if tok.dep_ == "attr" and lemma in _COPULAS:
        subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None and head.dep_ in ("advcl", "xcomp", "conj") and head.tag_ == "VBG":
            subject = next((c for c in head.head.children if c.dep_ == "nsubj"), None)  # "..., becoming the first"
        return _antecedent(subject) if subject is not None else _shared_subject(head)
    if tok.dep_ == "nsubj" and lemma == "be":
        return next((c for c in head.children if c.dep_ == "attr"), None)  # "The man ... is Pedro Varela"
    verb = head.head if tok.dep_ == "pobj" and head.lower_ == "as" and head.dep_ == "prep" else (
        head if tok.dep_ == "oprd" else None)
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        return None
    for deps in (("dobj",), ("nsubjpass",), ("nsubj",)):  # hired X as coach; X was named as coach; X returns as host
        other = next((c for c in verb.children if c.dep_ in deps), None)
        if other is not None:
            return _antecedent(other)
    if verb.dep_ == "conj":  # "completed her residency and has served as CEO": the first verb's subject
        return _shared_subject(verb)
    if verb.dep_ == "xcomp" and tok.dep_ == "pobj":  # "X began singing as a teenager": the subject of "began"
        told = controllers(verb)  # "asked Sanjay Gupta to serve as surgeon general": Gupta, not the asker
        return told[0] if told else next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    return None


def _shared_subject(verb: "Token") -> "Token | None":
    """The subject a conjoined verb shares with the first verb of its chain ("X played ... and served as ...")."""
    while verb.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        verb = verb.head
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return _antecedent(subject) if subject is not None else None


def _antecedent(subject: "Token") -> "Token":
    """The noun a relative pronoun stands for ("Cheeks, who served as coach": Cheeks); any other subject itself."""
    return subject.head.head if subject.lower_ in ("who", "that", "which") and subject.head.dep_ == "relcl" \
        else subject


def stated_age(tok: "Token") -> str | None:
    """The age the text gives a person's noun or name, as written: "59" for "a 59-year-old woman",
    "the 59-year-old", "Luca Ferreira, 59, of Leeds", "Rui Lopes, aged 44,"; else None."""
    if tok.lower_ == "old":  # "the 61-year-old was released": the age standing for the person
        return _years_old(tok)
    for c in tok.children:
        if c.dep_ == "amod" and c.lower_ == "old":  # "a 59-year-old woman", "59-year-old Luca Ferreira"
            age = _years_old(c)
            if age is not None:
                return age
        elif c.dep_ == "appos" and c.i > tok.i and c.text.isdigit() and not list(c.children):
            return c.text  # "Luca Ferreira, 59,"
        elif c.dep_ in ("acl", "amod") and c.lower_ == "aged":  # "Rui Lopes, aged 44,"
            number = [n for n in c.children if n.text.isdigit()]
            if len(number) == 1 and not any(n.dep_ == "conj" for n in number[0].children):
                return number[0].text
    return None


def _years_old(old: "Token") -> str | None:
    """The number of "<number>-year-old" whose "old" is ``old``, as written; else None."""
    for year in old.children:
        if year.lower_ in ("year", "years"):
            number = next((n for n in year.children if n.dep_ == "nummod" and n.text.isdigit()), None)
            if number is not None:
                return number.text
    return None


def may_be_person(tok: "Token") -> bool:
    """True if the noun can denote one person: a people noun of kg's lists or a person in WordNet ("contender").

    "The suspect's name is Rui Lopes": a name is no person, though the copula
    says it is Rui Lopes; "a militant group ... is X": an organisation, even
    when the parser typed the name a person.
    """
    noun = tok.lemma_.lower()
    listed = actor_nouns().get(noun) or actor_nouns().get(tok.lower_)
    if listed is not None:
        return listed == "Person"
    return person_word(tok)


def person_word(tok: "Token") -> bool:
    """A word for a person by what they are or do ("singer", "contender"), as kg's lists or WordNet know it."""
    lemma = tok.lemma_.lower()
    return lemma in person_nouns() or tok.lower_ in person_nouns() or lemma in wordnet_person_nouns()


def titled(cluster: Cluster) -> bool:
    """True if a name of the cluster carries a gendered title ("Mr Ferreira", "Mrs. Lopes"): its gender is stated."""
    words = (w.lower().rstrip(".") for name in (cluster.label, *cluster.aliases) for w in name.split())
    return any(w in gendered_titles() for w in words)


def determiner(tok: "Token") -> str | None:
    """The noun's article or demonstrative, lower-cased; a headline's bare noun reads as "a" ("Woman hurt")."""
    det = next((c.lower_ for c in tok.children if c.dep_ == "det"), None)
    return "a" if det is None and headline_noun(tok) else det


def indefinite(tok: "Token") -> bool:
    """True for a noun that brings in someone not yet told of: "a woman", a headline's "Woman", "one Australian"."""
    det = determiner(tok)
    return det in ("a", "an") or (det is None and any(c.dep_ == "nummod" and c.lower_ == "one" for c in tok.children))


def headline_noun(tok: "Token") -> bool:
    """True for a singular common noun with no article in a short line with no closing stop: a headline's.

    Headlines drop articles: "Woman killed in crash", "Son held after
    mother and sister found dead" say "a woman", "his mother". Prose keeps
    them, and the few bare nouns it has ("care", "water") are no people.
    A person noun the tagger took for a name because a headline capitalised
    it ("Fire: Man denies arson") counts too.
    """
    if any(c.dep_ in ("det", "poss") for c in tok.children):
        return False
    if tok.tag_ != "NN" and not (tok.tag_ == "NNP" and capitalised_person_noun(tok)):
        return False
    return headline_sentence(tok.sent)


def deeds(tok: "Token") -> set[tuple[str, bool]]:
    """(lemma, done to?) of each verb ``tok`` is the subject or the object of, with the verbs that share it.

    "A woman has died after being hit by a car": {("die", False), ("hit",
    True)}: a participle or conjoined verb without a subject of its own is
    the subject's too, and passive if it follows a passive ("was hit and
    killed"). An object is done to: "after striking and injuring a woman"
    gives {("strike", True), ("injure", True)}. Lets a lede's "a woman" and
    a later "Lena Marsh ... when she was hit" be told to be one person by
    what happened to them, where a noun such as "the driver" in the lede
    leaves the name open.
    """
    if tok.dep_ == "dobj" and tok.head.pos_ == "VERB":
        verb = tok.head
        found = {(verb.lemma_.lower(), True)}
        while verb.dep_ == "conj" and verb.head.pos_ == "VERB" and not any(
                c.dep_ == "dobj" for c in verb.head.children):  # "striking and injuring a woman"
            verb = verb.head
            found.add((verb.lemma_.lower(), True))
        return found
    if tok.dep_ not in ("nsubj", "nsubjpass"):
        return set()
    found = set()
    todo = [(tok.head, False)]
    while todo:
        verb, after_passive = todo.pop()
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        passive = any(c.dep_ == "auxpass" for c in verb.children) or (after_passive and verb.tag_ == "VBN")
        found.add((verb.lemma_.lower(), passive))
        todo.extend((c, passive and c.dep_ == "conj") for c in verb.children
                    if c.dep_ in ("advcl", "xcomp", "conj", "pcomp")
                    and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children))
        todo.extend((g, False) for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pcomp"
                    and not any(h.dep_ in ("nsubj", "nsubjpass") for h in g.children))
    return found


def same_deed(deed: tuple[str, bool], others: "set[tuple[str, bool]]") -> bool:
    """True if one of ``others`` is ``deed`` or a verb of the same sense, done to (or by) its one alike.

    Senses are WordNet's (``deed_senses_wordnet.txt``): "struck by a car"
    and "was hit" tell one deed, "was killed" and "was hit" do not.
    """
    lemma, done_to = deed
    table = _deed_senses()
    senses = table.get(lemma, frozenset())
    return any(d == done_to and (o == lemma or senses & table.get(o, frozenset())) for o, d in others)


@functools.lru_cache(maxsize=1)
def _deed_senses() -> dict[str, frozenset[str]]:
    """Each listed verb's synsets (see :func:`same_deed`), read once."""
    return {row[0]: frozenset(row[1:]) for row in map(str.split, word_list("deed_senses_wordnet.txt"))}


def deed_role_antecedent(tok: "Token", plural: bool, described: "dict[int, Cluster]") -> Cluster | None:
    """The unnamed people a definite "the suspects", "the victim" or "the attackers" refers back to: the last
    unnamed description before ``tok`` (``described``: token index -> cluster) to whom a deed that makes them
    so was done, or who did it.

    "Police arrested three men on Monday. The suspects were taken to Praia":
    the suspects are the men (``deed_role_nouns.csv``: suspect <- arrest);
    "Militants attacked an army post ... The attackers fled": the militants.
    Only people of the same number; not "a second suspect" or "the other
    victims", someone new, nor a noun with its own complement (as
    :meth:`~kg.extract.descriptions.DescriptionRules._named_antecedent`
    reads "the suspect in the robbery").
    """
    made_by = _deed_roles().get(tok.lemma_.lower())
    if made_by is None or determiner(tok) not in ("the", "these", "those") or marked_new(tok) or any(
            c.dep_ in ("prep", "relcl", "acl") and not set_off(c) for c in tok.children):
        return None  # "the suspect in Sunday's robbery", "the victim who ...": introduced by its own words
    near = tok.sent.start if tok.sent.start == 0 else tok.doc[tok.sent.start - 1].sent.start
    for i in sorted((i for i, c in described.items() if i < tok.i and c.scope is not None), reverse=True):
        cluster = described[i]  # (a named person has no scope: only descriptions)
        done = deeds(tok.doc[i])
        # done to them: anywhere before; done by them: in this sentence or the one before ("a gunman shot
        # ... a gunman killed five before a policeman killed the shooter": many did something)
        if cluster.plural == plural and any(same_deed(deed, done) and (deed[1] or i >= near) for deed in made_by):
            return cluster
    return None


@functools.lru_cache(maxsize=1)
def _deed_roles() -> dict[str, frozenset[tuple[str, bool]]]:
    """Each role noun of ``deed_role_nouns.csv`` with the (verb, done to them?) deeds that make people so."""
    roles: dict[str, set[tuple[str, bool]]] = {}
    for row in word_list("deed_role_nouns.csv"):
        noun, verb, side = row.split(",")
        if noun != "noun":
            roles.setdefault(noun, set()).add((verb, side == "to"))
    return {noun: frozenset(deeds_) for noun, deeds_ in roles.items()}
