"""Links computed again only for the actors a change can affect, with the result of linking every actor.

Why: the links (:func:`kg.graph.links.compute_links`, the rules of
:func:`kg.extract.consolidate.canonical_links`) were computed from every
actor after every build or removal: 1.9 s at 100,000 actors, for a day's
change of a few hundred. But a rule only ever compares names that share
something: a name key, a surname (or one edit of it, with the same given
names), an alias, an acronym's letters, the last words of a team's name
and the place before them. So actors fall into *blocks*, the connected
groups of "may affect each other's links", and linking every actor gives
exactly the union of linking each block on its own. A change then relinks
the blocks of the actors it changed (as they are now, and the actors their
old names touched), and keeps every other link as it was (:func:`relink`).

Each actor's keys are kept in an index on disk (:mod:`kg.graph.link_index`),
so finding a block reads only the keys it needs. The relation is a superset
of what the rules compare (two actors in one block may still not link):
``tests/test_relink.py`` checks on random actors that blocks linked one by
one give the links of all actors linked at once, and that :func:`relink`
after random changes gives the links of a full computation.
"""
from __future__ import annotations

from typing import Callable, Iterable, Mapping, Protocol

from ..extract.name_index import acronym_reach
from ..extract.names import (acronym_letters, is_acronym_of, looks_like_acronym, name_key, person_parts,
                             without_company_suffix)

__all__ = ["KeyLookup", "Row", "index_keys", "lookup_keys", "neighbours", "block", "relink"]

#: ``(label, type, aliases)`` of an actor, as linking reads it (:meth:`kg.graph.actor_cache.ActorCache.entity_rows`).
Row = tuple[str, str, tuple[str, ...]]
_ORGANISATIONS = ("Organization", "Group")
_PLACES = ("Location", "Country")
# Keys an actor holds to be found by others, never shared among themselves: acronyms by first letter
# ("A:"), the long names an acronym may stand for by its possible first letters ("L:"), places by name
# key ("P:"), organisations by the name key of a leading part ("X:"). As shared keys they would join
# every organisation starting with one letter, or every team of one town.
_FINDS = {"A": "L", "L": "A", "P": "X", "X": "P"}


class KeyLookup(Protocol):
    def actors_with(self, keys: Iterable[str]) -> Iterable[tuple[str, str]]:
        """``(key, actor IRI)`` of every actor holding one of ``keys``."""


def _shared_keys(label: str, type_: str, aliases: Iterable[str]) -> set[str]:
    key = name_key(label)
    keys = {"k:" + key, "a:" + label, *("a:" + a for a in aliases),
            "t:" + " ".join(w.lower() for w in label.split())}  # (a team named without its place)
    plain = without_company_suffix(label)
    if plain != label:  # "Tecnicil Shipping Corp." and "Tecnicil Shipping"
        keys.add("k:" + name_key(plain))
    if " " not in label:
        keys.add("s:" + key)  # a bare surname
    elif type_ == "Person":  # a full name: its surname, and one edit of it with the same given names
        given, last = person_parts(label)
        keys.add("s:" + last)
        if len(last) >= 4:
            first = "|".join(given)
            keys.update(f"d:{first}|{last[:i] + last[i + 1:]}" for i in range(len(last)))
            keys.add(f"d:{first}|{last}")
    if type_ == "Organization" and " " in label:  # "Mindelo Lions" is found as "Lions"
        words = [w.lower() for w in label.split()]
        keys.update("t:" + " ".join(words[-k:]) for k in range(1, len(words)))
    return keys


def _own_lookup_keys(label: str, type_: str) -> set[str]:
    keys = set()
    if looks_like_acronym(label):
        keys.add("A:" + acronym_letters(label)[:1])
    if type_ in _ORGANISATIONS and " " in label:
        keys.update("L:" + letter for letter in acronym_reach(label)[0])
    if type_ in _PLACES:
        keys.add("P:" + name_key(label))
    if type_ == "Organization":
        keys.update("X:" + prefix for prefix in _leading_parts(label))
    return keys


def index_keys(label: str, type_: str, aliases: Iterable[str]) -> set[str]:
    """The keys an actor is found by.

    >>> sorted(k for k in index_keys("Ana Tavares", "Person", ["Ana"]) if not k.startswith("d:"))
    ['a:Ana', 'a:Ana Tavares', 'k:anatavares', 's:tavares', 't:ana tavares']
    """
    return _shared_keys(label, type_, aliases) | _own_lookup_keys(label, type_)


def lookup_keys(label: str, type_: str, aliases: Iterable[str]) -> set[str]:
    """The keys an actor looks its possible neighbours up by."""
    return _shared_keys(label, type_, aliases) | {_FINDS[k[0]] + k[1:] for k in _own_lookup_keys(label, type_)}


def neighbours(lookup: KeyLookup, rows: Callable[[str], Row | None], items: Iterable[tuple[str, Row]]) -> set[str]:
    """The actors that may affect the links of these ``(IRI, row)`` actors, or be affected by them.

    ``rows``: an actor's row now (None: it has none). Acronyms are checked
    against each long name found (:func:`~kg.extract.names.is_acronym_of`).
    """
    asked: dict[str, list[tuple[str, Row]]] = {}
    for iri, row in items:
        for key in lookup_keys(*row):
            asked.setdefault(key, []).append((iri, row))
    found: set[str] = set()
    for key, other in lookup.actors_with(asked):
        for iri, (label, _, _) in asked[key]:
            if other == iri or other in found:
                continue
            if key[0] in "AL":  # an acronym and a long name: only if the acronym can stand for it
                theirs = rows(other)
                if theirs is None:
                    continue
                acronym, long_form = (theirs[0], label) if key[0] == "A" else (label, theirs[0])
                if not is_acronym_of(acronym, long_form):
                    continue
            found.add(other)
    return found


def block(lookup: KeyLookup, rows: Callable[[str], Row | None], seeds: Iterable[str],
          old_rows: Mapping[str, Row] = {}, limit: int | None = None) -> set[str] | None:
    """Every actor connected to the present ``seeds`` and to what ``old_rows`` (changed or gone actors, as
    they were) shared keys with; None when more than ``limit`` actors are reached (then link them all)."""
    todo = {s for s in seeds if rows(s) is not None}
    todo |= {n for n in neighbours(lookup, rows, old_rows.items()) if rows(n) is not None}
    seen = set(todo)
    while todo:
        if limit is not None and len(seen) > limit:
            return None
        found = neighbours(lookup, rows, [(iri, rows(iri)) for iri in todo])
        todo = {n for n in found if n not in seen and rows(n) is not None}
        seen |= todo
    return seen


def relink(lookup: KeyLookup, rows: Callable[[str], Row | None], changed: Mapping[str, Row | None],
           links: Mapping[str, str], compute: Callable[[list], dict[str, str]],
           limit: int | None = None) -> dict[str, str] | None:
    """The links after a change, from the ``links`` before it; None when the change reaches more than
    ``limit`` actors (then link them all).

    ``changed``: every actor whose row the change added, altered or
    removed, with its row before (None: it is new). ``compute``: linking
    itself (:func:`kg.graph.links.compute_links` on ``(iri, label, type, aliases)``).
    """
    affected = block(lookup, rows, changed, {iri: row for iri, row in changed.items() if row is not None}, limit)
    if affected is None:
        return None
    kept = {a: b for a, b in links.items() if a not in affected and a not in changed and rows(a) is not None}
    found = compute([(iri, *rows(iri)[:2], list(rows(iri)[2])) for iri in sorted(affected)])  # type: ignore[index]
    return dict(sorted({**kept, **found}.items()))


def _leading_parts(label: str) -> set[str]:
    """Name keys of the words before each tail of an organisation's name ("Mindelo" of "Mindelo Lions")."""
    words = label.split()
    return {name_key(" ".join(words[:k])) for k in range(1, len(words))}
