"""Linking person names compares each name only with the names it could be, and finds the same links."""
from __future__ import annotations

import random
import string

import pytest

from kg.extract import consolidate
from kg.extract.consolidate import NameRow, canonical_links

GIVEN = ["Ana", "Anna", "Rui", "Marta", "Frederick", "Freddie", "William", "Bill", "W.", "Carlos", "Joaquim",
         "Idrissa", "Fidelis", "Elena", "Mark", "M.", "Tom", "Thomas"]
SURNAMES = ["Lobato", "Lobatto", "Sequeira", "Sequiera", "Kantoussan", "Nhaga", "Serpa", "Brito", "Britto",
            "Castrillo", "Oakes", "Oake", "Kilroy-Silk", "Kilroy Silk", "Mendes", "Mendez"]


def _rows(seed: int, n: int) -> list[NameRow]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        given = rng.sample(GIVEN, rng.choice([1, 1, 2]))
        label = " ".join([*given, rng.choice(SURNAMES)])
        rows.append(NameRow(f"Person/p{i}", label, "Person", set(), rng.randint(1, 9)))
    rows += [NameRow("Organization/brito", "Brito", "Organization"), NameRow("Person/serpa", "Serpa", "Person")]
    return rows


def _brute_force(monkeypatch) -> None:
    """Compare every name with every earlier one, as linking did before the index."""
    monkeypatch.setattr(consolidate._PeopleIndex, "candidates", lambda self, label: list(self.rows))


@pytest.mark.parametrize("seed", range(8))
def test_the_index_finds_the_links_comparing_all_pairs_finds(seed, monkeypatch):
    rows = _rows(seed, 120)
    indexed = canonical_links([NameRow(r.id, r.label, r.type, set(r.aliases), r.mentions) for r in rows])
    _brute_force(monkeypatch)
    everything = canonical_links([NameRow(r.id, r.label, r.type, set(r.aliases), r.mentions) for r in rows])
    assert indexed == everything and indexed


def test_each_name_is_compared_with_a_few_names_not_with_every_person(monkeypatch):
    """20,000 people with distinct surnames: a handful of comparisons each (all pairs: 200 million)."""
    rng = random.Random(7)
    rows = [NameRow(f"Person/p{i}", f"{rng.choice(GIVEN)} {''.join(rng.choices(string.ascii_lowercase, k=9))}",
                    "Person", set(), 1) for i in range(20_000)]
    calls = 0
    real = consolidate.same_person

    def counted(a: str, b: str) -> bool:
        nonlocal calls
        calls += 1
        return real(a, b)

    monkeypatch.setattr(consolidate, "same_person", counted)
    canonical_links(rows)
    assert calls < 2 * len(rows)
