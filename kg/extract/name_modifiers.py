"""Names written only to say who a person is: the "Chiefs" of "Chiefs quarterback Brady Quinn".

Why its own module: a team, a company or a country written before a
person's post and name is a fact about the person
(:mod:`kg.extract.person_roles` states it), not an actor the sentence
speaks of. Pronoun resolution must not take it as the one a later "they" or
"it" means: on sports news the opposing team named so ("... stuffed Chiefs
quarterback Brady Quinn") became the "they" of the next paragraph.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .wordlists import word_list

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

__all__ = ["home_before_person_noun", "modifies_person_name"]


def modifies_person_name(tok: "Token") -> bool:
    """True for a word in the run of compounds before a person's name ("Chiefs" of "Chiefs quarterback Brady
    Quinn", "Acme" of "Acme spokesman Rui Lobo")."""
    while tok.dep_ == "compound" and tok.head.i > tok.i:
        tok = tok.head
        if tok.ent_type_ == "PERSON":
            return True
    return False


def home_before_person_noun(ent: "Span") -> bool:
    """True for a name written before a noun for someone by sex, age, kin or residence: "S. Rich Hill mother",
    "Queens woman" (``local_people_nouns.txt``). A headline says where the person is from; the model may tag
    the place PERSON, and as a person it would stand for someone the story names ("Raj Chohan")."""
    head = ent.root.head
    return ent.root.dep_ == "compound" and head.i == ent.end and head.pos_ == "NOUN" and \
        head.lower_ in word_list("local_people_nouns.txt")
