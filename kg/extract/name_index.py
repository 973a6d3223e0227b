"""Indexes that find the few known names a name could be the same actor as.

Why its own module: linking compares names pairwise (:func:`~kg.extract.names.same_person`,
:func:`~kg.extract.names.is_acronym_of`), and a corpus of 100,000 actors has
ten billion pairs. Each index here returns, for one name, a small superset
of the names a rule could accept, so :func:`kg.extract.consolidate.canonical_links`
makes the same comparisons' decisions without making them all. Tests check
every index against comparing all pairs.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from .names import ACRONYM_SKIPPED_LEAD, ACRONYM_SMALL_WORDS, acronym_letters, name_key, surname

__all__ = ["NameRow", "PeopleIndex", "AcronymIndex", "acronym_reach"]


@dataclass
class NameRow:
    """One named entity as the corpus knows it."""

    id: str
    label: str
    type: str
    aliases: set[str] = field(default_factory=set)
    mentions: int = 1


class PeopleIndex:
    """Person names found so far, looked up by what :func:`kg.extract.names.same_person` needs to agree.

    Two names can only be one person's if their name keys are equal, or
    their surnames are equal or one edit apart (then both of 4+ letters);
    surnames one edit apart share a one-letter deletion (or one is the
    other's), so only surnames of 4+ letters are indexed by their deletions. So a name is compared with
    the few names that share its key or a surname variant, not with every
    person of the corpus: linking 100,000 people takes seconds, not hours.
    The comparisons made, and so the links, are the same.
    """

    def __init__(self) -> None:
        self.rows: list[NameRow] = []
        self._index: dict[tuple[str, str], list[int]] = defaultdict(list)

    @staticmethod
    def _keys(label: str) -> set[tuple[str, str]]:
        last = surname(label)
        keys = {("key", name_key(label)), ("surname", last)}
        if len(last) >= 4:  # same_person allows one edit only between surnames of 4+ letters
            keys.update(("surname", last[:i] + last[i + 1:]) for i in range(len(last)))
        return keys

    def add(self, row: NameRow) -> None:
        for key in self._keys(row.label):
            self._index[key].append(len(self.rows))
        self.rows.append(row)

    def candidates(self, label: str) -> list[NameRow]:
        """The names ``label`` may be the same person as, in the order they were added."""
        found = {i for key in self._keys(label) for i in self._index.get(key, ())}
        return [self.rows[i] for i in sorted(found)]


class AcronymIndex:
    """Organisation names by the letter an acronym of them must start with.

    :func:`~kg.extract.names.is_acronym_of` lets the long form open with up
    to two skipped words and skips small words anywhere, and every other
    word gives the acronym at least one letter. So an acronym starts with
    the first letter of a word it can reach past those, and has at least as
    many letters as the name has other words, less the two skipped. "BMM"
    is then compared with a few names, not with every organisation of the
    corpus (1.1 s per build at 100k actors); the same links come out.
    """

    def __init__(self, rows: Iterable[NameRow]) -> None:
        self._by_letter: dict[str, list[tuple[int, NameRow]]] = defaultdict(list)
        for row in rows:
            firsts, needed = acronym_reach(row.label)
            for letter in firsts:
                self._by_letter[letter].append((needed, row))

    def candidates(self, acronym: str) -> list[NameRow]:
        """Names ``acronym`` may stand for (every one :func:`~kg.extract.names.is_acronym_of` accepts)."""
        letters = acronym_letters(acronym)
        if not letters:
            return []
        return [row for needed, row in self._by_letter.get(letters[0], ()) if needed <= len(letters)]


def acronym_reach(label: str) -> tuple[set[str], int]:
    """``(letters, n)``: an acronym of ``label`` starts with one of ``letters`` and has at least ``n`` letters.

    >>> letters, n = acronym_reach("U.S. Southern Command")
    >>> sorted(letters), n
    (['s', 'u'], 2)
    """
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", label)]
    firsts = set()
    for start in range(min(ACRONYM_SKIPPED_LEAD + 1, len(words))):
        k = start
        while k < len(words):
            firsts.add(words[k][0])
            if words[k] not in ACRONYM_SMALL_WORDS:
                break
            k += 1
    return firsts, sum(w not in ACRONYM_SMALL_WORDS for w in words) - ACRONYM_SKIPPED_LEAD
