"""The body that dismissed someone, when a passive names it only as what they were dismissed "from".

Why this exists: "A Troy man was fired from Gordon Advisors" has no "by",
so read plainly the firing has no doer and the firm is only where it
happened (or, worse, the man acts on the firm). English names the employer,
party or country that removes someone as the place they are removed from;
for the verbs of ``dismissal_verbs.txt`` that body is the doer. Only a body
that can act: a name the model tags as an organisation, group or country,
or an institution noun ("the party", "the board"); "fired from his job" has
none.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .wordlists import actor_nouns, word_list

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

__all__ = ["dismissing_body"]

_BODY_ENTITIES = frozenset({"ORG", "NORP", "GPE"})


def dismissing_body(verb: "Token", particle: str | None) -> "Token | None":
    """The head of the body a passive dismissal names with "from" ("out of" after "kicked out"), if it can act;
    ``particle``: the verb's (:func:`kg.extract.clauses.particle_of`)."""
    if not any(c.dep_ == "auxpass" for c in verb.children):
        return None
    lemma = verb.lemma_.lower()
    if (f"{lemma} {particle}" if particle else lemma) not in word_list("dismissal_verbs.txt"):
        return None
    for prep in verb.children:
        if prep.dep_ == "prep" and (prep.lower_ == "from" or (prep.lower_ == "of" and particle == "out")):
            body = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if body is not None and (body.ent_type_ in _BODY_ENTITIES or actor_nouns().get(
                    body.lemma_.lower()) in ("Organization", "Group", "Country")):
                return body
    return None
