"""Links found block by block, and after a change only for the blocks it touches, are the links of all actors.

:mod:`kg.graph.relink` claims that linking (:func:`kg.graph.links.compute_links`)
only ever relates actors that share a key, so every block of actors can be
linked on its own. Random actors drawn from names built to meet every rule
(person name variants, surnames one letter apart, acronyms, legal forms,
teams named without their town, aliases, several types per name) check it:
block by block gives the links of all at once, and :func:`relink` after
random additions, removals and retypings gives a full computation's links.
"""
from __future__ import annotations

import sqlite3
from contextlib import closing

from hypothesis import HealthCheck, example, given, settings, strategies as st

from kg.graph.link_index import LinkIndex
from kg.graph.links import compute_links
from kg.graph.relink import block, relink

LABELS = ["Ana Tavares", "A. Tavares", "Ana Tavarez", "Anna Tavares", "Tavares", "Rui Tavares Jr.", "Rui Tavares",
          "Freddie Forsyth", "Frederick Forsyth", "Forsyth", "Black Mangrove Militia", "BMM", "Mangrove",
          "Tecnicil Shipping Corp.", "Tecnicil Shipping", "Mindelo Lions", "Lions", "Mindelo", "Praia Lions", "Praia",
          "U.S. Southern Command", "SOUTHCOM", "Southern Command", "Atlas Networks", "Atlas", "NMA",
          "National Maritime Authority", "Maritime Authority", "Cape Verde Lions", "Cape Verde", "Lobos", "Los Lobos",
          "Duncan Rait", "Duncan Raite", "Rait"]
TYPES = ["Person", "Organization", "Group", "Location", "Country", "Other"]
ALIASES = ["Lobos", "BMM", "Ana", "Lions", "The Authority"]

row = st.tuples(st.sampled_from(LABELS), st.sampled_from(TYPES), st.sets(st.sampled_from(ALIASES), max_size=2))
actors = st.dictionaries(st.sampled_from([f"http://kg/e{i:02d}" for i in range(24)]), row, max_size=24)


def _rows(found: dict) -> dict:
    return {iri: (label, type_, tuple(sorted(aliases))) for iri, (label, type_, aliases) in found.items()}


def _all(rows: dict) -> dict[str, str]:
    return compute_links([(iri, label, type_, list(aliases)) for iri, (label, type_, aliases) in sorted(rows.items())])


def _index(rows: dict) -> LinkIndex:
    return LinkIndex.build(sqlite3.connect(":memory:"), sorted(rows.items()))


def _e(i: int) -> str:
    return f"http://kg/e{i:02d}"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(actors)
@example({_e(0): ("Mindelo Lions", "Organization", set()), _e(1): ("Lions", "Organization", set()),
          _e(2): ("Mindelo", "Location", set())})  # a team named without its town, when the town is known
@example({_e(0): ("Duncan Rait", "Person", set()), _e(1): ("Duncan Raite", "Person", set()),
          _e(2): ("Duncan Rait", "Other", set())})  # surnames one letter apart, one longer
def test_every_actors_block_links_as_all_actors_do(drawn):
    """Linked on its own, the block found from any of its actors gives exactly the links all actors give it."""
    rows = _rows(drawn)
    index = _index(rows)
    everything = _all(rows)
    for seed in rows:
        found = block(index, rows.get, [seed])
        assert found is not None and seed in found
        inside = {a: b for a, b in everything.items() if a in found}
        assert _all({iri: rows[iri] for iri in found}) == inside, seed
        assert all(b in found for b in inside.values())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(actors, actors, st.sets(st.sampled_from([f"http://kg/e{i:02d}" for i in range(24)])))
def test_relinking_a_change_gives_the_links_of_all_actors(before_drawn, written, removed):
    before = _rows(before_drawn)
    after = {iri: r for iri, r in before.items() if iri not in removed} | _rows(written)
    index = _index(before)
    changed = {iri: before.get(iri) for iri in before.keys() | after.keys() if before.get(iri) != after.get(iri)}
    index.update({iri: after.get(iri) for iri in changed})
    found = relink(index, after.get, changed, _all(before), compute_links)
    assert found == _all(after)


def test_a_change_beyond_the_limit_means_linking_everything():
    rows = {f"http://kg/p{i}": (f"Ana Tavare{'s' * (i % 2)} {i}", "Person", ()) for i in range(10)}
    rows |= {"http://kg/x": ("Ana Tavares", "Person", ())}
    index = _index(rows)
    assert block(index, rows.get, ["http://kg/x"], limit=None) is not None
    assert relink(index, rows.get, {"http://kg/x": None}, {}, compute_links, limit=0) is None


# -- the index next to a store -------------------------------------------------------------------------
def _store_with(tmp_path, *results):
    from kg.store import open_store
    from test_summary_updates import _write

    store = open_store(str(tmp_path / "store"))
    for result in results:
        _write(store, result)
    return store


def _result(doc_id: str, *entities):
    from conftest import _triple
    from kg.extract.pipeline import ExtractionResult
    from kg.model import Document

    triples = [_triple(doc_id, 0, entities[0], "meet", "meet", entities[1], category="CONSULT", date="2026-05-03")]
    return ExtractionResult(Document(doc_id, f"Story {doc_id} for the index test.", date="2026-05-03"), triples,
                            entities=list(entities), sentences=1)


def test_a_store_relinks_through_its_index_and_rebuilds_a_damaged_one(tmp_path):
    from conftest import _entity
    from kg.graph.actor_cache import ActorCache, load_actor_cache
    from kg.graph.link_index import FOLDER, NAME, open_link_index
    from kg.graph.links import read_links
    from test_summary_updates import _write

    alice = _entity("Person", "alice-ayala", "Alice Ayala", "ECU")
    navy = _entity("Organization", "ecuadorian-navy", "Ecuadorian Navy", "ECU")
    ayala = _entity("Person", "ayala", "Ayala")
    store = _store_with(tmp_path, _result("a", alice, navy))
    try:
        token = load_actor_cache(store).token
        assert token is not None and open_link_index(store, token) is not None  # saved with the cache
        assert open_link_index(store, "another token") is None
        _write(store, _result("b", ayala, navy))  # "Ayala" found through the index
        assert read_links(store) == {"https://w3id.org/kg-news/id/entity/Person/ayala":
                                     "https://w3id.org/kg-news/id/entity/Person/alice-ayala"}
        assert load_actor_cache(store).token != token
        token = load_actor_cache(store).token
        with closing(sqlite3.connect(store.derived_dir / FOLDER / NAME)) as db:  # a trigger nobody asked for
            db.execute("CREATE TRIGGER spy AFTER DELETE ON keys BEGIN DELETE FROM meta; END")
            db.commit()
        assert open_link_index(store, token) is None  # (not used: the index kg writes has none)
        (store.derived_dir / FOLDER / NAME).write_bytes(b"not a database" * 100)  # damaged: linked in full
        _write(store, _result("c", _entity("Person", "alice", "Alice"), navy))
        assert read_links(store) == compute_links(ActorCache.read(store).entity_rows())
        assert open_link_index(store, load_actor_cache(store).token) is not None  # and built again
    finally:
        store.close()
