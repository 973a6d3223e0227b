"""Nouns that name people by what they are: "fishermen", "the attorneys", a sentence's "Jurors", "actress Reid".

Why its own module: whether a plural noun names people decides whether it is
an actor at all (a Group description of its story, not an Other), and so
whether "they" can refer to it; the name, description and argument rules ask
it the same way through these functions (:func:`kg.extract.noun_phrases.denotes_people`
adds kg's lists of institutions).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .wordlists import not_people_nouns, person_first_nouns, person_nouns, title_nouns, titles

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

__all__ = ["capitalised_plural_of_person", "descriptor_nouns", "people_noun"]

#: Endings of plural nouns that name people by what they do ("fishermen", "traders"): English
#: morphology, a closed set the rule is written against, not a word list to extend.
_PEOPLE_SUFFIXES = ("men", "ers", "ists", "ians", "ants", "ents", "ees", "ors", "iers")


def people_noun(head: "Token") -> bool:
    """A plural noun that names people by what they do ("fishermen", "traders", "activists", "attorneys").

    The ending alone over-reaches ("counters", "quarters", "statements"):
    a noun whose two most frequent WordNet senses are not people is not one.
    """
    if head.tag_ != "NNS":
        return False
    lemma = head.lemma_.lower()
    if lemma != head.lower_ and lemma in person_nouns():
        return True  # the plural of a person noun: "attorneys", "jurors", "judges"
    return head.lower_.endswith(_PEOPLE_SUFFIXES) and lemma not in not_people_nouns()


def descriptor_nouns(ent: "Span") -> set[str]:
    """Person nouns right before a name ("party girl Tara Reid", "actress Reid"): what the text calls them."""
    nouns, offices = person_nouns(), titles()
    out = set()
    for tok in ent.root.children:
        if tok.i < ent.start and tok.dep_ in ("compound", "amod", "nmod") and tok.pos_ == "NOUN":
            if tok.lower_ in nouns or tok.lemma_.lower() in nouns or people_noun(tok):
                out.add(tok.lemma_.lower())
        elif tok.i < ent.start and tok.dep_ == "compound" and tok.lower_.rstrip(".") in offices:
            out |= title_nouns([tok.text])  # "President Samia Hassan", the title outside the model's entity
    return out


def capitalised_plural_of_person(tok: "Token") -> bool:
    """A capitalised word that is the regular plural of a person noun ("Jurors": WordNet's juror), which the
    tagger reads as a name and lemmatises as itself."""
    word = tok.lower_
    return word.endswith("s") and tok.tag_ in ("NNP", "NNPS") and word[:-1] in person_first_nouns()
