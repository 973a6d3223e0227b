"""A capital city standing for its country's government: "Moscow warned Kyiv", "urged Praia to act".

Why its own step: news names a government by its capital, and an analyst
reading the graph wants Russia warning Ukraine, not two cities. Only the
uses that cannot be the city are read so: the subject of an act or a
statement, and the direct object of a verbal act (urging, accusing,
meeting, threatening). "Rebels shelled Kyiv", "Kyiv was shelled" and "met
in Moscow" stay the city, as do mentions no event uses. The capitals are
data (``kg/data/words/capitals.csv``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from ..model import EntityRef
from .countries import country_name
from .names import entity_id
from .wordlists import capitals, saying_verbs

if TYPE_CHECKING:  # pragma: no cover
    from .actions import ActionLexicon
    from .candidates import Candidate

__all__ = ["capitals_as_governments"]

#: Forms of "be" opening a relation: a passive or a copula ("Athens is known as a stronghold": the city).
_BE = frozenset({"is", "was", "are", "were", "be", "been", "being", "'s"})


def capitals_as_governments(cand: "Candidate", lexicon: "ActionLexicon",
                            name_words: "Callable[[], set[str]]") -> "Candidate":
    """``cand`` with a capital that acts, speaks or is spoken to as its country (see the module's docstring).

    ``name_words``: the words of the document's person names, asked for only when a capital is met:
    "Lima said" after "Domingos Lima" is the man, not Peru.
    """
    action = cand.action
    if cand.derived or cand.agentless or not (_capital(cand.subject) or _capital(cand.object)):
        return cand
    if any(_capital(ref) and ref.text in name_words() for ref in (cand.subject, cand.object)):
        return cand
    subject, obj = cand.subject, cand.object
    # an act on someone or something ("Baghdad accepted the conditions"), or a statement; not a passive
    # ("Paris hit by jewelry heist", "Kyiv was shelled") nor an intransitive ("Athens burned": the city)
    acts = (action.category is not None and obj is not None and bool(obj.id)) or action.lemma in saying_verbs()
    passive = action.text.endswith(" by") or action.text.split(" ", 1)[0].lower() in _BE
    if acts and _capital(subject) and not passive:
        subject = _country_of(subject)
    told = action.category is not None and lexicon.modes.get(action.category) == "verbal"
    if told and obj is not None and _capital(obj) and not _ends_with_preposition(action.text):
        obj = _country_of(obj)
    cand.subject, cand.object = subject, obj
    return cand


def _capital(ref: EntityRef | None) -> bool:
    return ref is not None and ref.type == "Location" and ref.kind == "name" and _code(ref) is not None


def _code(ref: EntityRef) -> str | None:
    """The country of a capital named by its label ("Washington D.C.") or as the text writes it."""
    return capitals().get(ref.label) or capitals().get(ref.text)


def _ends_with_preposition(relation: str) -> bool:
    """True for "arrived in", "returned from": the object is then where, not who is acted on ("imposed
    sanctions on", "talked to" keep their target)."""
    last = relation.rsplit(" ", 1)[-1].lower()
    return last in ("in", "at", "from", "near", "into", "outside", "inside", "across", "through", "around", "of")


def _country_of(ref: EntityRef) -> EntityRef:
    code = _code(ref)
    name = country_name(code) or ref.label
    return EntityRef(text=ref.text, id=entity_id("Country", name), label=name, type="Country", country=code,
                     start=ref.start, end=ref.end, kind=ref.kind)
