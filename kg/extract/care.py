"""Carrying someone to hospital as medical aid: "Paramedics rushed Johnson to Hennepin County Medical Center".

Why this exists: the verbs of carrying ("take", "rush", "bring", "fly")
name no category of their own, yet news of an accident or an attack
reports who took the wounded to hospital, and PLOVER's codebook counts
medical assistance and evacuation as AID. The verb alone cannot say so
("took the town", "brought charges"); its "to" phrase can, when it ends
in a place of care (``care_places.txt``: "hospital", "medical center").
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .wordlists import word_list

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from .actions import ActionLexicon

__all__ = ["taken_to_care"]


def taken_to_care(verb: "Token", negated: bool, lexicon: "ActionLexicon") -> str | None:
    """AID (or its negation) when ``verb`` carries someone to a place of care, else None."""
    if verb.lemma_.lower() not in word_list("care_transport_verbs.txt") or not any(
            c.dep_ in ("dobj", "nsubjpass") for c in verb.children):
        return None  # "rushed to her side": no one carried
    places = word_list("care_places.txt")
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("to", "into"):
            place = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if place is None:
                continue
            words = [t.lower_ for t in place.lefts if t.dep_ in ("compound", "amod")][-1:] + [place.lower_]
            if place.lower_ in places or " ".join(words) in places:
                return lexicon.negate("AID") if negated else "AID"
    return None
