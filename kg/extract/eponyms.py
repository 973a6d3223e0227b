"""Places and institutions named after a person: "the Betty Ford Center", "John F. Kennedy Airport".

Why its own step: the model tags the person's name inside such a name
("Betty Ford Rehab" PERSON, "Nelson Mandela" + "Foundation"), so the clinic
became a woman whom "she" could then refer to, and the airport a man. The
name's last word (``kg/data/words/eponym_heads.csv``) says what it is; the
span is grown over it when the model left it out, and relabelled.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .wordlists import eponym_heads

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span

__all__ = ["with_eponyms"]


def with_eponyms(doc: "Doc", ents: list["Span"]) -> list["Span"]:
    """The entity spans, with a person's name that opens a place's or an institution's name made that name.

    "the Betty Ford Center" (the model's PERSON "Betty Ford" and the word
    after it, of which the name is a compound) becomes one ORG span;
    "John F. Kennedy Airport" (all PERSON) becomes FAC. Only a capitalised
    head of the list, so "Betty Ford said" and "Emily Post" stay people.
    """
    from spacy.tokens import Span

    heads = eponym_heads()
    out = []
    for e in ents:
        if e.label_ == "PERSON":
            last = e[-1]
            after = doc[e.end] if e.end < len(doc) else None
            if len(e) > 1 and last.text[:1].isupper() and last.lower_ in heads:
                e = Span(doc, e.start, e.end, label=heads[last.lower_])
            elif after is not None and after.text[:1].isupper() and after.lower_ in heads \
                    and e.root.head.i == after.i and e.root.dep_ == "compound" and not after.ent_type_:
                e = Span(doc, e.start, e.end + 1, label=heads[after.lower_])
        out.append(e)
    return out
