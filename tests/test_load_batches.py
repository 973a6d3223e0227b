"""Batched loading (KgStore.load_documents, builder.load_results): same store as one document at a time."""
from __future__ import annotations

import dataclasses

import pyoxigraph as ox
import pytest

from kg import vocab as V
from kg.ingest.builder import BuildReport, load_quads, load_results
from kg.store import open_store

PENDING = ox.NamedNode(V.ID + "graph/pending")


def _items(results):
    out = []
    for r in results:
        quads, entities, _ = load_quads(r)
        out.append((r.document.id, quads, entities))
    return out


def _quads(store) -> set[str]:
    return {str(q) for q in store.iter_quads()}


def _one_by_one(results) -> set[str]:
    with open_store("memory") as store:
        for doc_id, quads, entities in _items(results):
            store.replace_document(doc_id, quads, entities)
        return _quads(store)


def _renamed(result, doc_id: str, label: str | None = None):
    doc = dataclasses.replace(result.document, id=doc_id)
    triples = [dataclasses.replace(t, doc=doc_id) for t in result.triples]
    return dataclasses.replace(result, document=doc, triples=triples)


def test_batch_of_new_documents_equals_one_by_one(hand_results):
    with open_store("memory") as store:
        store.load_documents(_items(hand_results))
        assert _quads(store) == _one_by_one(hand_results)
        assert not store.oxigraph.contains_named_graph(PENDING)
        assert set(store.document_hashes()) == {"doc-one", "doc-two"}


def test_existing_and_repeated_documents_are_replaced_in_order(hand_results):
    one, two = hand_results
    changed = dataclasses.replace(one, triples=one.triples[:2])
    sequence = [one, two, changed, _renamed(two, "doc-three"), changed]
    with open_store("memory") as store:
        store.load_documents(_items([one]))
        store.load_documents(_items(sequence[1:]))
        assert _quads(store) == _one_by_one(sequence)


def test_first_label_wins_within_a_batch_as_one_by_one(hand_results, hand_entities):
    """Two new documents naming an actor differently: the first's label is kept, the second's is an alias."""
    one, two = hand_results
    renamed_navy = dataclasses.replace(hand_entities["navy"], label="Navy of Ecuador", text="Navy of Ecuador")
    two = dataclasses.replace(two, triples=[dataclasses.replace(t, subject=renamed_navy)
                                            if t.subject.id == renamed_navy.id else t for t in two.triples],
                              entities=[renamed_navy])
    with open_store("memory") as store:
        store.load_documents(_items([one, two]))
        assert _quads(store) == _one_by_one([one, two])
        labels = store.query(f"SELECT ?l WHERE {{ <{V.entity_iri(renamed_navy.id)}> skos:prefLabel ?l }}").rows
        assert labels == [["Ecuadorian Navy"]]


def test_interrupted_bulk_load_leaves_nothing_half_loaded(hand_results, tmp_path):
    """A load that dies inside the bulk loader: its documents are pending, without hashes, then dropped."""
    path = tmp_path / "store"
    items = _items(hand_results)
    store = open_store(path)

    def dying(quads):
        for n, q in enumerate(quads):
            if n == 7:
                raise KeyboardInterrupt  # the process is stopped mid-load
            yield q

    real = store._store
    try:
        store._store = _BulkThatDies(real, dying)
        with pytest.raises(KeyboardInterrupt):
            store.load_documents(items)
    finally:
        store._store = real
    assert store.document_hashes() == {}  # no hash: the next build re-extracts them
    assert real.contains_named_graph(PENDING)
    assert sorted(store.recover_pending()) == ["doc-one", "doc-two"]
    assert len(store) == 0
    store.load_documents(items)
    assert _quads(store) == _one_by_one(hand_results)
    store.close()


class _BulkThatDies:
    """A pyoxigraph store whose bulk loader gets the quads through ``wrap`` (to interrupt it)."""

    def __init__(self, store, wrap):
        self._store, self._wrap = store, wrap

    def bulk_extend(self, quads):
        self._store.bulk_extend(self._wrap(quads))

    def __getattr__(self, name):
        return getattr(self._store, name)


def test_load_results_batches_and_counts(hand_results):
    copies = [_renamed(r, f"{r.document.id}-{k}") for k in range(5) for r in hand_results]
    seen = []
    with open_store("memory") as store:
        calls = []
        real = store.load_documents
        store.load_documents = lambda batch: (calls.append(len(batch)), real(batch))  # type: ignore[method-assign]
        report = BuildReport()
        load_results(store, copies, report, seen.append, batch_documents=4)
        assert calls == [4, 4, 2]
        assert report.loaded == 10 and seen == [1] * 10
        assert report.triples == sum(len(r.triples) for r in copies)
        events = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?e a kg:Event }").rows[0][0]
        assert report.events == events
        assert _quads(store) == _one_by_one(copies)


def test_store_without_load_documents_gets_replace_document(hand_results):
    class Plain:
        def __init__(self):
            self.replaced = []

        def replace_document(self, doc_id, quads, entities):
            self.replaced.append(doc_id)

    plain = Plain()
    load_results(plain, hand_results, BuildReport())  # type: ignore[arg-type]
    assert plain.replaced == ["doc-one", "doc-two"]
