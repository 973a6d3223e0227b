"""Whether the text says an event happened: negation and modality of a predicate.

Why its own module: "did not attack", "refused to pay", "instead of
advancing", "could strike", "plans to send" and "were said to have made"
are all events the graph must not count as facts of the same standing as
"attacked". The rules read the verb, its auxiliaries and the verb that
governs it; the lexicon supplies which verbs negate, intend or report.
"""
from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from .clauses import intent_frame, is_purpose_clause
from .control import adjective_frame
from .coref import PRONOUNS
from .identity_cues import person_word
from .noun_phrases import denotes_people
from .wordlists import (armed_forces_nouns, contest_verbs, modal_intent_verbs, negating_verbs, raising_verbs,
                        saying_verbs, word_list)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from ..model import Action
    from .actions import ActionLexicon

__all__ = ["MODALS", "armed_force", "as_done_to", "as_stated_intent", "contest_won", "excluded_conjunct",
           "game_result", "is_negated", "verb_modality"]

#: Modal auxiliaries: a closed class of English grammar, so it stays in code ("will" is not modal here).
MODALS = {"may", "might", "could", "would", "should", "must", "can", "will", "shall"}
#: "rather than lay a wreath", "instead of advancing": the alternative not taken.
_NOT_TAKEN = {("rather", "than"), ("instead", "of")}
#: Subjects that say the event happened to no one of a group ("none of the crew", "neither of them").
_NONE_OF = {"none", "neither"}


def is_negated(verb: "Token") -> bool:
    """True if the text says the event did not (or no longer) happen(s)."""
    if any(c.dep_ == "neg" or c.lower_ in ("never",) for c in verb.children):
        return True
    if any(c.dep_ in ("nsubj", "nsubjpass") and (c.lower_ in _NONE_OF or any(
            d.lower_ == "neither" and d.dep_ in ("det", "preconj", "cc") for d in c.children)) for c in verb.children):
        return True  # "None of them was charged", "Neither Portugal nor Spain has condemned it": no one did
    if any(c.dep_ == "advmod" and c.lower_ == "longer" and any(g.dep_ == "neg" for g in c.children)
           for c in verb.children):
        return True  # "no longer produces"
    if verb.dep_ in ("xcomp", "ccomp") and verb.head.lemma_ in negating_verbs() and not _negated_plain(verb.head):
        return True
    if verb.dep_ == "xcomp" and verb.head.dep_ == "acomp" and _negated_plain(verb.head.head):
        return True  # "were not ready to free the hostages"
    if intent_frame(verb) in negating_verbs():
        return True  # "the rebels' refusal to free the hostages"
    if verb.dep_ == "conj":  # "visited the memorial rather than lay a wreath"
        for c in verb.head.children:
            if c.dep_ in ("cc", "prep") and verb.head.i < c.i < verb.i and any(
                    (a.lower_, c.lower_) in _NOT_TAKEN for a in c.children):
                return True
    if verb.dep_ == "pcomp" and verb.head.lower_ in ("than", "of") and any(
            (a.lower_, verb.head.lower_) in _NOT_TAKEN for a in verb.head.children):
        return True  # "instead of advancing"
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.lower_ == "without":
        return True  # "entered without warning", "left without paying": the event did not happen
    return False


def excluded_conjunct(noun: "Token") -> bool:
    """True for a listed noun the event leaves out: "the captain" in "convicted three officers but not the
    captain" (and "... and not the captain"); "not only X but also Y" names both."""
    return noun.dep_ == "conj" and any(
        c.dep_ == "neg" and c.doc[c.i + 1:c.i + 2].text.lower() != "only" for c in noun.children)


def as_done_to(action: "Action", verb: "Token", noun: "Token", lexicon: "ActionLexicon", *,
               target: bool = False) -> "Action":
    """``verb``'s ``action`` for one listed subject or object: negated, with its category's negation, when the
    list leaves ``noun`` out ("The captain, not the officers, gave the order": the officers gave none); of
    the category it has when done to people, when ``noun`` is a ``target`` that is people ("captured two
    smugglers": COERCE).

    Only the verb's own list counts ("convicted two men but not Lobo, who was the leader": Lobo was the leader).
    """
    if not target and action.category == "ASSAULT" and action.lemma in _ARMED_VIOLENCE and armed_force(noun):
        # "British aircraft killed four men in an attack": conventional military force, PLOVER's FIGHT
        action = dataclasses.replace(action, category="FIGHT")
    on_people = lexicon.people.get(action.lemma)
    if target and on_people and action.category == lexicon.triggers.get(action.lemma) and _people(noun):
        # "captured 23 pirates": a detention (kg:doneToPeopleAs), where "captured the town" is fighting
        action = dataclasses.replace(action, category=lexicon.negate(on_people) if action.negated else on_people)
    if action.negated or not excluded_conjunct(noun) or not (verb.is_ancestor(noun) or verb.dep_ in ("conj", "xcomp")):
        return action
    return dataclasses.replace(action, negated=True, category=lexicon.negate(action.category))


#: ASSAULT triggers that are FIGHT when armed forces do them: lethal force by weapons (not bodily violence,
#: abduction or torture, which stay ASSAULT whoever does them).
_ARMED_VIOLENCE = frozenset({"attack", "bomb", "kill", "shoot", "strike", "hit", "wound", "injure", "raid", "ambush",
                             "target", "fire on", "fire at", "shoot at", "open fire", "shoot dead", "gun down",
                             "blow up", "massacre", "slaughter"})


def game_result(verb: "Token") -> bool:
    """True for a contest verb reporting a game's score: "the Colts beat the Chiefs 24-7", "Porto edged Braga
    2-1" (``contest_verbs.txt``). A game is no assault; "beat him 10-15 times" is a count, not a score."""
    if verb.lemma_.lower() not in contest_verbs():
        return False
    words = [tok.text for tok in verb.sent]
    for i, text in enumerate(words):
        if _SCORE.fullmatch(text):  # "24-7"
            end = i
        elif _SCORE.fullmatch("".join(words[i:i + 3])):  # "3 - 0", as the tokenizer may split it
            end = i + 2
        else:
            continue
        after = verb.sent[end + 1] if end + 1 < len(words) else None
        if after is None or after.pos_ != "NOUN":  # not "10-15 times"
            return True
    return False


def contest_won(action: "Action", lemma: str, target_type: str, target: "Token") -> "Action":
    """``action`` without its ASSAULT category when a contest verb's target is an organisation, a country or a
    place: "the Mindelo Sharks beat the Praia Lions", "Labour beat the Liberal Party" report a game or an election
    (``contest_verbs.txt``), which PLOVER does not code; only a person or people can be beaten bodily ("police
    beat two protesters", "beat Palestinian detainees", whom kg gives their country, stay assaults). ``target``
    is the verb's direct object (the first of a list): a fact derived from a prepositional phrase keeps the event's
    category."""
    if action.category == "ASSAULT" and lemma in contest_verbs() and target.dep_ == "dobj" and target_type in (
            "Organization", "Country", "Location") and not denotes_people(target):
        return dataclasses.replace(action, category=None)
    return action


def target_category(action: "Action", lemma: str, doer_label: str, target_type: str, first: "Token",
                    target: "Token") -> "Action":
    """``action``'s category as what it is done to makes it: a game (:func:`contest_won`), a police stop
    (:func:`stopped_by_police`). ``first`` is the first of the listed objects ``target`` is one of."""
    action = stopped_by_police(contest_won(action, lemma, target_type, first), lemma, doer_label, target, target_type)
    return driven_into_people(action, lemma, first, target, target_type)


def stopped_by_police(action: "Action", lemma: str, doer_label: str, target: "Token", target_type: str) -> "Action":
    """``action`` as COERCE when the police stop a person or people: "Police stopped the driver two blocks
    away", "an officer stopped Rui Lopes for speeding" (a traffic stop, a detention), where a boxer who "stopped
    Tony Thompson in the sixth round" won a fight and "stopped the bleeding" is neither. The doer's name or
    description ends in a word of ``law_enforcement_nouns.txt``; the target is people by kg's type (a name the
    model tagged otherwise) or by its word."""
    doer = doer_label.rsplit(maxsplit=1)[-1].lower() if doer_label.strip() else ""
    if action.category is None and not action.negated and lemma in _POLICE_RESTRAINTS and \
            (target_type in ("Person", "Group") or _people(target)) and \
            doer in word_list("law_enforcement_nouns.txt"):
        return dataclasses.replace(action, category="COERCE")
    return action


#: Verbs that restrain people when the police do them (:func:`stopped_by_police`).
_POLICE_RESTRAINTS = frozenset({"stop"})


def driven_into_people(action: "Action", lemma: str, first: "Token", target: "Token", target_type: str) -> "Action":
    """``action`` as ASSAULT when a vehicle is driven into or over people: "drove over the woman", "ran her
    over", "plowed into a group of students" (PLOVER's physical assault, as "struck a pedestrian" already is);
    not "ran into an old friend" (met by chance) nor "drove over the bridge" (no people)."""
    ways = _DRIVEN_INTO.get(lemma)
    if action.category is not None or action.negated or ways is None or not (
            target_type in ("Person", "Group") or _people(target)):
        return action
    word = action.lemma.split(" ", 1)[1] if " " in action.lemma else first.head.lower_ if first.dep_ == "pobj" else ""
    return dataclasses.replace(action, category="ASSAULT") if word in ways else action


#: Verbs of driving, with the particles or prepositions that make them a vehicle driven into or over someone
#: (:func:`driven_into_people`); "" for the verb with a direct object ("rammed the officer").
_DRIVEN_INTO = {"drive": frozenset({"over", "into", "through"}), "run": frozenset({"over"}),
                "plow": frozenset({"into", "through"}), "plough": frozenset({"into", "through"}),
                "ram": frozenset({"", "into"}), "mow": frozenset({"into"})}


#: A game's score: two numbers of at most three digits joined by a hyphen or an en dash.
_SCORE = re.compile(r"\d{1,3}[-–]\d{1,3}")


def armed_force(noun: "Token") -> bool:
    """True for a subject that is a state's armed force or its platform: "troops", "Russian aircraft",
    "the Indian Army", "Serb forces" (``armed_forces_nouns.txt``)."""
    return noun.lemma_.lower() in armed_forces_nouns() or noun.lower_ in armed_forces_nouns()


def _people(noun: "Token") -> bool:
    """True for a noun that is a person or people: a name tagged so, a people noun (kg's lists or WordNet's
    "accountant"), a personal pronoun."""
    pronoun = PRONOUNS.get(noun.lower_) if noun.pos_ == "PRON" else None  # "captured him", "captured them"
    return noun.ent_type_ in ("PERSON", "NORP") or denotes_people(noun) or person_word(noun) or (
        pronoun is not None and pronoun.person == 3 and bool(pronoun.types & {"Person", "Group"}))


def _negated_plain(verb: "Token") -> bool:
    """A verb's own negation ("did not refuse to pay": then the payment is not denied)."""
    return any(c.dep_ == "neg" for c in verb.children)


def verb_modality(verb: "Token") -> str | None:
    """How sure the text is the event happens: a modal ("could"), an intent verb ("plan"), "reported", or None."""
    for c in verb.children:
        if c.dep_ == "aux" and c.lower_ in MODALS and c.lower_ != "will":
            return c.lower_
    if verb.dep_ == "xcomp" and verb.head.lemma_ in modal_intent_verbs():
        return verb.head.lemma_
    if (frame := intent_frame(verb)) in modal_intent_verbs():
        return frame  # "Portugal's plan to send a frigate": planned
    if verb.dep_ == "xcomp" and verb.head.lemma_ in raising_verbs():
        return "reported"  # "were said to have made bombs": hearsay, not a finding
    if is_purpose_clause(verb):
        return "purpose"  # "blocked the road to stop the convoy": an aim, not a finding that it was stopped
    if (frame := adjective_frame(verb)) and frame[1].lemma_.lower() not in _DONE_ADJECTIVES:
        return frame[1].lemma_.lower()  # "is capable of attacking the town": able to, not done
    return None


#: Adjectives before a gerund that say the deed was done: "were responsible for killing two soldiers".
_DONE_ADJECTIVES = frozenset({"responsible", "guilty", "famous", "known", "notorious", "remembered", "proud"})


#: Adjectives whose "to" infinitive is an act the subject says it will do: "is willing to withdraw".
_WILLING = frozenset({"willing", "prepared", "ready", "determined"})


def stated_intent(verb: "Token") -> bool:
    """True when the text gives an act as what its subject will do, not as done: "Finland will give
    Tanzania a grant", "Syria says it is willing to withdraw", "the farmers said they would blockade Paris".

    "would" counts only in what someone says ("said they would ..."); in narrative it tells what
    later happened ("he would later become president") or a condition, and "would have" what did not.
    """
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return False  # "the pirates will be handed over": done to them, by someone unnamed
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if verb.dep_ != "xcomp" and (subject is None or not _can_intend(subject)):
        return False  # "the store will reopen", "the operation will cut off ...": no one who promises
    aux = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    if aux & {"will", "shall", "'ll"}:
        return True
    if "would" in aux and "have" not in aux and verb.dep_ == "ccomp" and verb.head.lemma_.lower() in saying_verbs():
        return True
    return verb.dep_ == "xcomp" and verb.head.lower_ in _WILLING


def as_stated_intent(category: str | None, verb: "Token", negated: bool, lexicon: "ActionLexicon") -> str | None:
    """The category of an act the subject says it will do: PLOVER's AGREE for a cooperative act, THREATEN for
    a conflictual one ("will give a grant": AGREE; "would boycott the vote": THREATEN), as the codebook codes
    a promise or a threat; the act's own category when it is done, negated, or of no sign."""
    if category is None or negated or category in ("AGREE", "THREATEN") or not stated_intent(verb):
        return category
    sign = lexicon.signs.get(category)
    if sign == "cooperation":
        return "AGREE"
    # a conflictual deed ("would blockade Paris") or sanction is threatened; a future demand or accusation is
    # still one ("will ask the judge")
    return "THREATEN" if sign == "conflict" and (lexicon.modes.get(category) == "material"
                                                  or category == "SANCTION") else category


def _can_intend(subject: "Token") -> bool:
    """True for a subject that can promise or threaten: a personal pronoun, a name, a noun for people or an
    institution ("the farmers", "the ministry")."""
    if subject.pos_ == "PRON":
        info = PRONOUNS.get(subject.lower_)
        return info is not None and bool(info.types & {"Person", "Group", "Organization", "Country"})
    return subject.pos_ == "PROPN" or subject.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or denotes_people(subject)
