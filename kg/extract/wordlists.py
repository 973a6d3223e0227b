"""Word lists that entity resolution reads as data (``kg/data/words``), not as code.

Why data: which words are titles, which nouns denote people (and their
gender and number), which given names mark a gender and which last words
make a capitalised phrase a law or a plan rather than an actor are facts a
user may want to extend for their corpus without touching Python. Each list
is a small text or CSV file; ``#`` starts a comment line. Loaded once per
process (``functools.lru_cache``).
"""
from __future__ import annotations

import csv
import functools
from typing import NamedTuple

from ..resources import data_dir

__all__ = ["PersonNoun", "titles", "non_actor_heads", "person_nouns", "first_name_gender", "nickname_groups"]


class PersonNoun(NamedTuple):
    """What a people noun says about its referent: gender ``"m"``/``"f"``/None, ``plural``."""

    gender: str | None
    plural: bool


def _lines(name: str) -> list[str]:
    text = (data_dir() / "words" / name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def _csv_rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(_lines(name)))


@functools.lru_cache(maxsize=1)
def titles() -> frozenset[str]:
    """Honorifics, ranks and job titles written before names, lower case, without dots."""
    return frozenset(w.rstrip(".") for w in _lines("titles.txt"))


@functools.lru_cache(maxsize=1)
def non_actor_heads() -> frozenset[str]:
    """Last words of names that are laws, documents, plans, events or meals, not actors."""
    return frozenset(_lines("non_actor_heads.txt"))


@functools.lru_cache(maxsize=1)
def person_nouns() -> dict[str, PersonNoun]:
    """Nouns denoting people: ``{"actress": PersonNoun("f", False), "pirates": PersonNoun(None, True)}``."""
    return {r["noun"]: PersonNoun(r["gender"] or None, r["number"] == "p") for r in _csv_rows("person_nouns.csv")}


@functools.lru_cache(maxsize=1)
def first_name_gender() -> dict[str, str]:
    """Given names that usually mark a gender (``"m"``/``"f"``); unlisted names are unknown."""
    return {r["name"]: r["gender"] for r in _csv_rows("first_names.csv")}


@functools.lru_cache(maxsize=1)
def nickname_groups() -> dict[str, frozenset[str]]:
    """Each English given name with the names it is a nickname of or has as nicknames (itself included).

    From the ``nicknames`` package (a hand-curated, Apache-licensed list):
    "freddie" -> {"freddie", "frederick", "ferdinand", ...}. Used to merge
    "Freddie Forsyth" with "Frederick Forsyth" only when the surname matches too.
    """
    from nicknames import name_triplets

    groups: dict[str, set[str]] = {}
    for t in name_triplets():
        groups.setdefault(t.name1, {t.name1}).add(t.name2)
        groups.setdefault(t.name2, {t.name2}).add(t.name1)
    return {k: frozenset(v) for k, v in groups.items()}
