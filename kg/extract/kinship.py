"""Kin named by family name: "his brother" is the one other man of the story who bears his surname.

Why its own step: news often says "a climber who watched his brother fall"
and names both men further down ("Rui Serra ... Paulo Serra"). No
apposition ties "his brother" to a name, so the description stayed an
actor of its own. Once pronouns are resolved the owner ("his") is known;
when the story names that owner in full and exactly one other person with
the same surname and the kinship noun's gender, the noun is that person.
Only for kin who usually keep the family name (``surname_kin_nouns.txt``:
"brother", "daughter", not "wife" or "mother"), only with a stated gender
on both sides, and never when two ties stated between the same two people
disagree ("his son" and, of that son, "his brother": one of them is someone
the story does not name).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable

from .clusters import Cluster
from .names import surname
from .wordlists import person_nouns, word_list

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

__all__ = ["kin_by_surname", "place_kin"]


def kin_by_surname(doc: "Doc", descriptions: dict[int, Cluster], named: Callable[["Token"], Cluster | None],
                   clusters: Iterable[Cluster], named_in: Callable[["Span"], list[Cluster]]) -> dict[int, Cluster]:
    """Map each description's cluster (by ``id``) that is a surname kin of its owner to the named person it is.

    ``descriptions`` are the document's described people by token index,
    ``named`` the cluster a token names or a pronoun was resolved to,
    ``clusters`` the document's named actors and ``named_in`` the people a
    sentence names: a person the kin noun's own sentence names is someone
    else ("His son, T.J. Lobo, said his father ...").
    """
    kin, genders = word_list("surname_kin_nouns.txt"), person_nouns()
    by_surname: dict[str, list[Cluster]] = {}
    for c in clusters:
        if c.type == "Person" and " " in c.label and c.scope is None:
            by_surname.setdefault(surname(c.label), []).append(c)
    found: dict[int, tuple[Cluster, Cluster, str]] = {}  # description id -> (kin, owner, noun)
    for i, cluster in descriptions.items():
        tok = doc[i]
        noun = tok.lemma_.lower()
        gender = genders[noun].gender if noun in kin else None
        if cluster.scope is None or gender is None:
            continue
        owner = _owner(tok)
        person = named(owner) if owner is not None else None
        if person is None or person.type != "Person" or person.scope is not None or " " not in person.label:
            continue
        # anyone of unknown gender might be meant too: then none is
        family = [c for c in by_surname.get(surname(person.label), ()) if c is not person and c.gender != (
            "m" if gender == "f" else "f")]
        if len(family) == 1 and family[0].gender == gender and family[0] not in named_in(tok.sent):
            found.setdefault(id(cluster), (family[0], person, noun))
    # "his brother and son" both landing on one man, or A's son whose brother is A: one of them is someone the
    # story does not name, and which one is not known
    ties: dict[frozenset[int], set[tuple]] = {}
    for target, owner, noun in found.values():
        ties.setdefault(frozenset((id(target), id(owner))), set()).add(_tie(id(owner), id(target), noun))
    return {k: target for k, (target, owner, _) in found.items()
            if len(ties[frozenset((id(target), id(owner)))]) == 1}


#: Kinship nouns by the tie they state between owner and kin: siblings, the kin a child, the kin a parent.
_SIBLING, _CHILD = frozenset({"brother", "sister"}), frozenset({"son", "daughter", "grandson", "granddaughter"})


def _tie(owner: int, kin: int, noun: str) -> tuple:
    """One form for one tie however it is stated: "A's brother B" and "B's brother A" are one tie, as are
    "A's son B" and "B's father A"."""
    if noun in _SIBLING:
        return ("sibling", frozenset((owner, kin)))
    if noun in _CHILD:
        return ("parent", owner, kin, noun.startswith("grand"))
    return ("parent", kin, owner, noun.startswith("grand"))


def place_kin(doc: "Doc", descriptions: dict[int, Cluster], pronouns: dict[int, Cluster],
              named: Callable[["Token"], Cluster | None], clusters: Iterable[Cluster],
              named_in: Callable[["Span"], list[Cluster]]) -> None:
    """Give every mention of a surname kin (:func:`kin_by_surname`), pronouns resolved to it included, the
    named person's cluster, in place."""
    moved = kin_by_surname(doc, descriptions, named, clusters, named_in)
    for placed in (descriptions, pronouns) if moved else ():
        placed.update({i: moved[id(c)] for i, c in placed.items() if id(c) in moved})


def _owner(tok: "Token") -> "Token | None":
    """Whose kin the noun is: its possessor ("his brother", "Reis's son"), or a first conjunct's ("his mother
    and sister")."""
    owner = next((c for c in tok.children if c.dep_ == "poss"), None)
    if owner is None and tok.dep_ == "conj" and not any(c.dep_ == "det" for c in tok.children):
        owner = next((c for c in tok.head.children if c.dep_ == "poss"), None)
    return owner
