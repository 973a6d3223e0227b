"""What the words written before a person's name say the person is: a title, or a post somewhere.

Why its own module: "Soviet leader Mikhail Gorbachev" and "San Diego
Chargers defensive tackle Jamal Williams" state facts about a person that a
reader would write down ("is Soviet leader", "is defensive tackle of San
Diego Chargers"), read from the same few tokens before a name. Entity
resolution (:mod:`kg.extract.entities`) finds the names; this module reads
those tokens; :mod:`kg.extract.facts` states the facts.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from .wordlists import honorifics, person_nouns, titles

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from .entities import DocumentEntities

__all__ = ["affiliations", "titles_before_names"]


def affiliations(entities: "DocumentEntities", sent: "Span") -> Iterator[tuple["Span", list["Token"], "Span"]]:
    """(person, role words, organisation) for "San Diego Chargers defensive tackle Jamal Williams".

    A name preceded by job words that are themselves preceded by a named
    organisation or country: what the text says the person is there.
    """
    doc = entities.doc
    for m in entities.people_in(sent):
        j = m.start - 1
        # the post's words ("defensive tackle": the tagger may read a lower-case compound as a verb)
        while j >= sent.start and (doc[j].pos_ in ("NOUN", "ADJ") or (doc[j].dep_ == "compound" and doc[j].is_lower)
                                   ) and entities.cluster_at(j) is None:
            j -= 1
        role = list(doc[j + 1:m.start])
        org = entities.cluster_at(j) if j >= sent.start else None
        if not role or org is None or org.type not in ("Organization", "Country") or not any(
                t.pos_ == "NOUN" or (t.dep_ == "compound" and t.is_lower) for t in role):
            continue
        ent = entities.ent_at(j)
        if ent is not None and ent.end == j + 1:
            yield doc[m.start:m.end], role, ent


def titles_before_names(entities: "DocumentEntities", sent: "Span") -> Iterator[tuple["Span", list["Token"]]]:
    """(person, title words) for "Soviet leader Mikhail Gorbachev", "producer Leo Graham".

    The words before a person's name in its noun phrase that say what the
    person is: nouns and adjectives modifying the name, a country or
    nationality among them ("U.S. Attorney", "Soviet leader"), with at least
    one title or person noun (``titles.txt``, ``person_nouns.csv``); forms of
    address are left out ("Mr", ``honorifics.txt``). A named organisation or
    person before them makes it an affiliation instead (:func:`affiliations`).
    """
    doc, words, people = entities.doc, titles(), person_nouns()
    for m in entities.people_in(sent):
        j = m.start - 1
        while j >= sent.start and _title_word(entities, doc[j], m.end):
            j -= 1
        if j >= sent.start and (c := entities.cluster_at(j)) is not None and c.type in ("Organization", "Person"):
            continue  # "Chargers defensive tackle Jamal Williams": an affiliation
        role = [t for t in doc[j + 1:m.start] if t.lower_.rstrip(".") not in honorifics()]
        if any(t.lower_.rstrip(".") in words or t.lemma_.lower() in people for t in role
               if t.pos_ in ("NOUN", "PROPN")):
            yield doc[m.start:m.end], role


def _title_word(entities: "DocumentEntities", tok: "Token", end: int) -> bool:
    """Whether ``tok`` modifies a name ending at ``end`` (or a title word before it) and is not a name itself."""
    cluster = entities.cluster_at(tok.i)
    return (tok.pos_ in ("NOUN", "ADJ", "PROPN") and tok.dep_ in ("compound", "amod", "nmod")
            and tok.i < tok.head.i < end and (cluster is None or cluster.type == "Country" or tok.ent_type_ == "NORP"))
