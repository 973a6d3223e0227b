"""The event summary and the actor cache follow builds, replacements, removals and curation by their delta,
with the result of a full count.

Writers keep the events per document (``event-rows.npz``) and, after a
change, read only the changed documents again (:func:`kg.graph.summary.refresh_summary`);
they keep the actors' descriptions and country votes (``actors.json``) and
read only the touched actors and the changed documents' votes again
(:mod:`kg.graph.actor_cache`). Random sequences of changes (hypothesis) must
leave exactly the table and the actors a full SPARQL reading of the final
store gives, including reprint marks that move when an earlier copy of a
story arrives or leaves, short names that a new document links to a full
name, and countries decided anew by the documents' votes.
"""
from __future__ import annotations

import dataclasses
import tempfile

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from kg.extract.pipeline import ExtractionResult
from kg.graph.actor_cache import ActorCache, load_actor_cache, said_of, widely_named
from kg.graph.actors import actor_table
from kg.graph.event_rows import EventRows
from kg.graph.links import compute_links, read_links, reconcile_countries
from kg.graph.summary import read_rows, read_summary
from kg.graph.table import ARRAYS, EventTable
from kg.ingest.builder import BuildReport, _LoadSession, load_results
from kg.ingest.entities import description
from kg.ingest.maintenance import remove_documents
from kg.model import Document
from kg.store import open_store

from conftest import _entity, _triple

STORY = ("The harbour police of Port Alder arrested two smugglers on a fishing boat late on Sunday, "
         "the regional governor said, and thanked the coast guard for its help with the long chase.")
UPDATE = STORY + " The smugglers' lawyer said on Monday that her clients would plead not guilty."
OTHER = ("Farmers in the valley blocked the main road with tractors on Tuesday to protest against a new water "
         "tax, and the mayor promised to meet their leaders before the end of the week.")

NAVY = _entity("Organization", "ecuadorian-navy", "Ecuadorian Navy", "ECU")
LOBOS = _entity("Organization", "los-lobos", "Los Lobos", "ECU", ["Lobos"])
ALICE = _entity("Person", "alice-ayala", "Alice Ayala", "ECU")
# a short name another document links to Alice Ayala: placed in Senegal by two documents, it outvotes hers
AYALA = _entity("Person", "ayala", "Ayala", "SEN")
USA = _entity("Country", "united-states", "United States", "USA")
NAVY_SHORT = _entity("Organization", "ecuadorian-navy", "Navy", "ECU")  # the navy as one document names it


def _result(doc_id: str, text: str, date: str, triples: list[tuple]) -> ExtractionResult:
    made = []
    for k, (subject, action, obj, category, *agentless) in enumerate(triples):
        made.append(_triple(doc_id, k, subject, action, action, obj, category=category, date=date))
        made[-1].agentless = bool(agentless)  # a fifth True: "Los Lobos were charged", by nobody named
    entities = list({e.id: e for t in made for e in (t.subject, t.object) if e is not None}.values())
    return ExtractionResult(Document(doc_id, text, date=date), made, entities=entities, sentences=len(made))


#: Versions of documents a sequence may write (same id twice: a replacement).
VERSIONS = [
    _result("wire-a", STORY, "2026-05-03", [(NAVY, "arrest", LOBOS, "COERCE"), (ALICE, "thank", NAVY, "ENGAGE")]),
    _result("wire-b", UPDATE, "2026-05-04", [(NAVY, "arrest", LOBOS, "COERCE"), (ALICE, "thank", NAVY, "ENGAGE"),
                                              (NAVY, "arrest", LOBOS, "COERCE"), (LOBOS, "charge", None, None, True)]),
    _result("wire-c", STORY, "2026-05-01", [(NAVY, "arrest", LOBOS, "COERCE"),  # an earlier copy
                                            (LOBOS, "charge", None, None, True)]),
    _result("farmers", OTHER, "2026-05-05", [(AYALA, "meet", USA, "CONSULT"), (USA, "praise", NAVY, None)]),
    _result("wire-a", OTHER + " Police said nothing else.", "2026-05-06", [(USA, "sanction", LOBOS, "SANCTION")]),
    _result("quiet", "Nothing happened.", "2026-05-07", [(LOBOS, "threaten", NAVY, "THREATEN"),
                                                         (AYALA, "visit", LOBOS, None),
                                                         (AYALA, "jeer", USA, "PROTEST", True)]),
    # the first copy again, nearly the same text (still a reprint), reporting other events
    _result("wire-a", STORY + " Officials gave no names.", "2026-05-03",
            [(NAVY, "arrest", LOBOS, "COERCE"), (USA, "praise", NAVY, None)]),
    # as many documents saying "Navy" as "Ecuadorian Navy" make the shorter one the label
    _result("navy-note", OTHER + " The navy said little.", "2026-05-08", [(NAVY_SHORT, "patrol", LOBOS, None)]),
]
DOC_IDS = sorted({v.document.id for v in VERSIONS})

changes = st.lists(st.one_of(st.tuples(st.just("write"), st.sampled_from(range(len(VERSIONS)))),
                             st.tuples(st.just("remove"), st.sampled_from(DOC_IDS)),
                             st.tuples(st.just("ignore"), st.sampled_from(["Los Lobos", "Ayala"]))),
                   min_size=1, max_size=6)


def _write(store, result: ExtractionResult) -> None:
    """One build of ``result`` through the build's own write path (skip-if-unchanged, refresh, summary)."""
    report = BuildReport()
    session = _LoadSession(store, report, False, None)
    load_results(store, session.marked(session_results(session, result)), report)
    session.finish(None)


def session_results(session, result):
    for doc in session.changed([result.document]):
        yield dataclasses.replace(result, document=doc)


def _assert_summary_is_a_full_count(store) -> None:
    saved = read_summary(store)
    assert saved is not None and read_rows(store) is not None
    fresh = ActorCache.read(store)
    assert load_actor_cache(store) == fresh  # the kept actors are what reading them gives
    # every actor holds the country a full decision gives, though a change decides only the actors it touched
    assert reconcile_countries(store, fresh, read_links(store)) == 0
    # every description is what the documents that name the actor say now, though a change counts only its own
    said = said_of(store, sorted(fresh.descriptions))
    assert widely_named(said) == fresh.said
    for iri, d in fresh.descriptions.items():
        label, aliases, _ = description(said[iri])
        assert (d.label, d.aliases) == (label, tuple(aliases)), iri
    # and the links, though a change relinks only the actors it can affect, are those of all actors
    assert read_links(store) == compute_links(fresh.entity_rows())
    counted = EventTable.merge(EventRows.read(store), *actor_table(store, fresh))
    assert saved.nodes == counted.nodes and saved.iris == counted.iris
    assert (saved.dates, saved.categories, saved.confidences) == (counted.dates, counted.categories,
                                                                   counted.confidences)
    for name in ARRAYS:
        assert np.array_equal(getattr(saved, name), getattr(counted, name)), name


@pytest.mark.parametrize("widely_named", [1, 2, 50])  # what documents say kept for every actor, some, none
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(sequence=changes)
def test_random_changes_leave_the_summary_a_full_count(sequence, widely_named, monkeypatch):
    from kg.graph.curating import curate

    monkeypatch.setattr("kg.graph.actor_cache.WIDELY_NAMED", widely_named)

    with tempfile.TemporaryDirectory() as folder:
        ledger = f"{folder}/curation.jsonl"
        with open_store(f"{folder}/store") as store:
            for op, arg in sequence:
                if op == "write":
                    _write(store, VERSIONS[arg])
                elif op == "remove":
                    remove_documents(store, [arg], on_unknown=lambda d, m: None, curation=ledger)
                else:
                    try:
                        curate(store, "ignore", arg, curation=ledger)
                    except Exception as exc:  # the actor is not in the store yet: nothing to decide
                        assert "no actor" in str(exc)
                        continue
                _assert_summary_is_a_full_count(store)


def test_a_short_names_documents_can_move_the_full_names_country(tmp_path):
    """Alice Ayala (Ecuador, one document) gains "Ayala" (Senegal, two documents): her country is decided
    again, though no document that names her changed."""
    with open_store(str(tmp_path / "store")) as store:
        for version in (0, 3, 5):
            _write(store, VERSIONS[version])
            _assert_summary_is_a_full_count(store)
        alice = next(d for d in read_summary(store).nodes if d[0] == "Person/alice-ayala")
        assert alice[1]["country"] == "SEN"


def test_a_replaced_original_moves_its_copies_marks(tmp_path):
    """wire-b repeats wire-a; wire-a comes again with other events and stays in the story: wire-b's
    events that no longer repeat anything count again, though wire-b did not change."""
    with open_store(str(tmp_path / "store")) as store:
        for version in (0, 1, 6):
            _write(store, VERSIONS[version])
            _assert_summary_is_a_full_count(store)


def test_a_build_reads_only_the_documents_it_changed(tmp_path, monkeypatch):
    """The delta path is taken: after the first build, the next reads the events of its documents only."""
    from kg.graph import event_rows

    with open_store(str(tmp_path / "store")) as store:
        _write(store, VERSIONS[0])
        _write(store, VERSIONS[3])
        seen = []
        real = event_rows.EventRows.read.__func__

        def spy(cls, store, columns=event_rows.COLUMNS, *, per_document=False, docs=None):
            seen.append(None if docs is None else sorted(docs))
            return real(cls, store, columns, per_document=per_document, docs=docs)

        monkeypatch.setattr(event_rows.EventRows, "read", classmethod(spy))
        _write(store, VERSIONS[5])
        assert seen == [["https://w3id.org/kg-news/id/doc/quiet"]]
        _assert_summary_is_a_full_count(store)


def test_a_build_and_a_removal_read_only_the_actors_they_touch(tmp_path, monkeypatch):
    """After the first build, neither a build nor a removal reads every actor again."""
    from kg.graph import actor_cache

    with open_store(str(tmp_path / "store")) as store:
        _write(store, VERSIONS[0])
        _write(store, VERSIONS[3])
        full_reads = []
        real = actor_cache.ActorCache.read.__func__
        monkeypatch.setattr(actor_cache.ActorCache, "read",
                            classmethod(lambda cls, s: full_reads.append(1) or real(cls, s)))
        _write(store, VERSIONS[5])
        remove_documents(store, ["farmers"])
        _write(store, VERSIONS[4])  # a replacement: its old version's votes go
        assert full_reads == []
        monkeypatch.undo()
        _assert_summary_is_a_full_count(store)


@pytest.mark.parametrize("damage", [b"not json", b"", b'{"version": 2, "iris": ["x"], "ids": []}', b"[2]",
                                    b'{"version": 2, "iris": [], "ids": [], "labels": [], "types": [], "stated": [], '
                                    b'"inferred": [], "aliases": [], "vote_iris": ["x"], "vote_stated": [], '
                                    b'"vote_codes": [], "vote_counts": []}',
                                    b'{"version": 2, "iris": ["x"], "ids": ["a/x"], "labels": [7], "types": ["Person"], '
                                    b'"stated": [""], "inferred": [""], "aliases": [""], "vote_iris": [], '
                                    b'"vote_stated": [], "vote_codes": [], "vote_counts": []}'])
def test_damaged_actor_cache_means_a_full_reading(tmp_path, damage):
    with open_store(str(tmp_path / "store")) as store:
        _write(store, VERSIONS[0])
        (store.derived_dir / "actors.json").write_bytes(damage)
        assert load_actor_cache(store) is None
        _write(store, VERSIONS[3])
        _assert_summary_is_a_full_count(store)


@pytest.mark.parametrize("damage", [b"not an archive", b""])
def test_damaged_rows_mean_a_full_count(tmp_path, damage):
    with open_store(str(tmp_path / "store")) as store:
        _write(store, VERSIONS[0])
        (store.derived_dir / "event-rows.npz").write_bytes(damage)
        assert read_rows(store) is None
        _write(store, VERSIONS[3])
        _assert_summary_is_a_full_count(store)
