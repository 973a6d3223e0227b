"""Repairs of the dependency parse that every later rule should see.

Why its own pipeline step: when the parser hangs a word on the wrong head,
each rule that reads the tree (identity facts, entity resolution, countries,
roles) would need the same exception. Mending the tree once, right after the
named entities are known, keeps those rules simple and in agreement.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .identity_cues import person_word

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

__all__ = ["repair_parse"]

#: Prepositions that tie a person noun to what the person speaks or works for ("a spokesman for the firm").
_OWNER_PREPOSITIONS = frozenset({"for", "of", "at", "with"})


def repair_parse(doc: "Doc") -> "Doc":
    """Mend the parse errors listed below in place; a spaCy pipeline component (after the NER)."""
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            _rehang_person_apposition(ent.root)
    return doc


def _is_person_noun(tok: "Token") -> bool:
    return tok.pos_ == "NOUN" and person_word(tok)


def _rehang_person_apposition(name: "Token") -> None:
    """"A spokesman for the firm, Carlos Duarte, said": the name renames the spokesman, not the firm.

    The parser hangs an apposed name on the nearest noun. When that noun
    cannot be a person and is the object of a preposition after a person
    noun, the name belongs to the person noun. "The daughter of a farmer,
    Ana Reis," is left alone: either could be Ana Reis; so is a quoted name,
    a work's title ("the star of the talk show "Rita"").
    """
    noun = name.head
    if name.dep_ != "appos" or noun.i > name.i or noun.pos_ != "NOUN" or _is_person_noun(noun):
        return
    first = name.left_edge
    if first.i > 0 and first.doc[first.i - 1].is_quote:
        return
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in _OWNER_PREPOSITIONS or prep.head.i >= prep.i:
        return
    if _is_person_noun(prep.head):
        name.head = prep.head
