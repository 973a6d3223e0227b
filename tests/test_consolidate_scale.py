"""Linking person names compares each name only with the names it could be, and finds the same links."""
from __future__ import annotations

import random
import string

import pytest
from hypothesis import given, settings, strategies as st

from kg.extract import consolidate
from kg.extract.consolidate import NameRow, canonical_links
from kg.extract.names import is_acronym_of

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
    monkeypatch.setattr(consolidate.PeopleIndex, "candidates", lambda self, label: list(self.rows))


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


_ORG_WORDS = ["U.S.", "South", "Africa", "National", "Atlantic", "of", "the", "and", "Maritime", "Security",
              "Command", "Port", "Authority", "Black", "Mangrove", "Militia", "de", "Los", "Lobos", "Bank", "for",
              "Trade", "Department", "Defense", "Organization", "Treaty", "North", "Southern", "Brazil", "Ports"]


@given(names=st.lists(st.lists(st.sampled_from(_ORG_WORDS), min_size=1, max_size=7), min_size=1, max_size=30),
       picks=st.lists(st.tuples(st.integers(0, 29), st.integers(1, 3), st.integers(0, 2)), min_size=1, max_size=10))
@settings(max_examples=300, deadline=None)
def test_the_acronym_index_finds_every_name_an_acronym_can_stand_for(names, picks):
    rows = [NameRow(f"Organization/o{i}", " ".join(words), "Organization") for i, words in enumerate(names)]
    index = consolidate.AcronymIndex(rows)
    acronyms = {"US", "BMM", "NATO", "SOUTHCOM", "DOD", "AMSC", "PA", "LL"}
    for row_at, take, skip in picks:  # acronyms built from the names themselves: first letters, syllables
        words = rows[row_at % len(rows)].label.split()[skip:]
        if words:
            acronyms.add("".join(w[:take] for w in words).upper())
    for acronym in acronyms:
        every = {r.id for r in rows if is_acronym_of(acronym, r.label)}
        indexed = {r.id for r in index.candidates(acronym) if is_acronym_of(acronym, r.label)}
        assert indexed == every, acronym


def test_the_acronym_index_keeps_names_with_a_skipped_country_and_one_letter_per_word():
    rows = [NameRow("Organization/a", "South Africa National Port Authority", "Organization"),
            NameRow("Organization/b", "U.S. Department of Defense", "Organization")]
    index = consolidate.AcronymIndex(rows)
    for acronym, ident in (("NPA", "Organization/a"), ("DOD", "Organization/b"), ("USDD", "Organization/b")):
        assert is_acronym_of(acronym, next(r.label for r in rows if r.id == ident))
        assert ident in {r.id for r in index.candidates(acronym)}, acronym
