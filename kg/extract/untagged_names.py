"""Organisation names the model did not tag: "Oceanic Telecom", "Serra Fishing Cooperative Bank".

Why its own step: the small English model misses many organisation names
that are plain to read, capitalised words ending in a word such as
"Telecom", "Bank" or "Institute" (:file:`organization_heads.txt`). kg
already made such a phrase a named actor when it met it as a subject or
an object; but a name that is no entity span is no cluster either, so
"the company" or "it" in the next sentence could not refer back to it and
became an actor of its own. Adding the span before the clusters are built
lets every rule that reads names see it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .non_actor_mentions import headline_sentence
from .wordlists import organization_heads

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

__all__ = ["with_untagged_organisations"]


def with_untagged_organisations(doc: "Doc", ents: list["Span"]) -> list["Span"]:
    """The entity spans, with an ORG span for each untagged run of capitalised proper nouns ending in an
    organisation's head word ("Oceanic Telecom cut prices": "Oceanic Telecom").

    Only a run of two words or more (a lone "Bank" or "Police" is a
    description), every word a proper noun written with a capital, and
    the last word the end of the run; not in a headline, whose title case
    makes proper nouns of common ones ("Local Police Chief Quits").
    """
    heads = organization_heads()
    taken = {i for e in ents for i in range(e.start, e.end)}
    added = []
    for tok in doc:
        if tok.i in taken or not _capitalised_name_word(tok) or tok.lower_ not in heads:
            continue
        after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if after is not None and _capitalised_name_word(after):
            continue  # "Oceanic Telecom Holdings": the run goes on
        start = tok.i
        while start > tok.sent.start and start - 1 not in taken and _capitalised_name_word(doc[start - 1]):
            start -= 1
        if start < tok.i and not headline_sentence(tok.sent):
            added.append(_org_span(doc, start, tok.i + 1))
    return sorted([*ents, *added], key=lambda e: e.start) if added else ents


def _capitalised_name_word(tok: "Token") -> bool:
    return tok.pos_ == "PROPN" and tok.text[:1].isupper() and tok.text[1:2].isalpha()


def _org_span(doc: "Doc", start: int, end: int) -> "Span":
    from spacy.tokens import Span

    return Span(doc, start, end, label="ORG")
