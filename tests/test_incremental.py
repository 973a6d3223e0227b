"""Incremental, idempotent builds: unchanged documents change nothing, a changed one replaces only its graph."""
from __future__ import annotations

import shutil

import pytest

from conftest import run_cli
from kg import vocab as V
from kg.resources import examples_dir
from kg.store import open_store

EVENTS = "SELECT ?e WHERE { ?e a kg:Event }"
ENTITY_IDS = f"SELECT ?id WHERE {{ GRAPH <{V.ENTITY_GRAPH}> {{ ?a kg:entityId ?id }} }}"
GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def snapshot(path) -> dict:
    """Stats output and the identities in a store."""
    stats = run_cli("stats", "--store", str(path), check=True).stdout
    with open_store(path, read_only=True) as store:
        return {
            "stats": stats,
            "events": {row[0] for row in store.query(EVENTS).rows},
            "entities": {row[0] for row in store.query(ENTITY_IDS).rows},
            "graphs": dict(store.query(GRAPH_SIZES).rows),
            "quads": {str(q) for q in store.iter_quads()},
        }


@pytest.fixture(scope="module")
def example_build(tmp_path_factory):
    """The example corpus built once with `kg build --example`: (store path, snapshot)."""
    path = tmp_path_factory.mktemp("incremental") / "store"
    result = run_cli("build", "--example", "--store", str(path), "--no-html", check=True)
    assert "20 loaded, 0 unchanged" in result.stderr
    return path, snapshot(path)


@pytest.fixture
def example_copy(example_build, copy_store):
    return copy_store(example_build[0])


def test_rebuilding_the_examples_changes_nothing(example_build, example_copy):
    _, first = example_build
    result = run_cli("build", "--example", "--store", str(example_copy), "--no-html", check=True)
    assert "0 loaded, 20 unchanged" in result.stderr
    second = snapshot(example_copy)
    assert second["stats"] == first["stats"]
    assert second["events"] == first["events"] and len(first["events"]) > 100
    assert second["entities"] == first["entities"] and len(first["entities"]) > 10
    assert second == first


def test_force_rebuild_is_idempotent(example_build, example_copy):
    _, first = example_build
    result = run_cli("build", "--example", "--store", str(example_copy), "--no-html", "--force", check=True)
    assert "20 loaded, 0 unchanged" in result.stderr
    assert snapshot(example_copy) == first


@pytest.mark.slow
def test_building_into_a_fresh_store_twice_gives_the_same_store(example_build, tmp_path):
    _, first = example_build
    path = tmp_path / "again"
    run_cli("build", "--example", "--store", str(path), "--no-html", check=True)
    assert snapshot(path) == first


def test_a_changed_document_replaces_only_its_own_graph(example_build, example_copy, tmp_path):
    _, first = example_build
    corpus = tmp_path / "corpus"
    shutil.copytree(examples_dir(), corpus)
    changed = corpus / "2026-03-16-wacu-sanctions.txt"
    original_text = changed.read_text(encoding="utf-8")
    changed.write_text(original_text.rstrip("\n") + "\n\nPortugal condemned Joaquim Serpa on Friday.\n",
                       encoding="utf-8")
    doc_graph = V.doc_iri("2026-03-16-wacu-sanctions")

    result = run_cli("build", str(corpus), "--store", str(example_copy), "--no-html", check=True)
    assert "1 loaded, 19 unchanged" in result.stderr
    second = snapshot(example_copy)
    others = {g: n for g, n in first["graphs"].items() if g.startswith(V.ID + "doc/") and g != doc_graph}
    assert {g: second["graphs"][g] for g in others} == others  # every other document untouched
    assert second["graphs"][doc_graph] > first["graphs"][doc_graph]
    assert second["events"] > first["events"]  # old events kept (same sentences), one more added
    with open_store(example_copy, read_only=True) as store:
        from kg.documents.reading import iter_documents
        from kg.rdf.quads import content_hash

        [doc] = [d for d in iter_documents([corpus]) if d.id == "2026-03-16-wacu-sanctions"]
        assert store.document_hashes()[doc.id] == content_hash(doc)
        assert len(store.document_hashes()) == 20

    changed.write_text(original_text, encoding="utf-8")  # changing it back gives the original store
    result = run_cli("build", str(corpus), "--store", str(example_copy), "--no-html", check=True)
    assert "1 loaded, 19 unchanged" in result.stderr
    assert snapshot(example_copy) == first


def test_unchanged_documents_are_not_parsed(example_copy, monkeypatch):
    """The content hash skips documents before spaCy sees them."""
    import kg.extract.serial as serial

    parsed = []
    real = serial.triples_from_doc
    monkeypatch.setattr(serial, "triples_from_doc", lambda doc, document: parsed.append(document.id) or
                        real(doc, document))
    run_cli("build", "--example", "--store", str(example_copy), "--no-html", check=True)
    assert parsed == []


def test_inferred_country_is_stored_apart_from_a_stated_one(tmp_path):
    from kg import build, open_store

    (tmp_path / "a.txt").write_text("date 2026-03-04\nAnselm Drovak met the fishermen of Mopti in Mali.",
                                    encoding="utf-8")
    build([str(tmp_path / "a.txt")], store=str(tmp_path / "s"))
    with open_store(tmp_path / "s", read_only=True) as store:
        rows = store.query("SELECT ?p ?c WHERE { ?a a kg:Person ; ?p ?c "
                           "FILTER(?p IN (kg:country, kg:inferredCountry)) }").rows
        votes = store.query("SELECT ?p ?c WHERE { GRAPH ?g { ?g a kg:Document . ?a ?p ?c "
                            "FILTER(?p IN (kg:documentCountry, kg:documentInferredCountry) && CONTAINS(STR(?a), 'drovak')) } }").rows
    assert rows == [["https://w3id.org/kg-news/ns#inferredCountry", "MLI"]]
    # the document's own statement, its vote for the actor's country, is an inferred one too
    assert votes == [["https://w3id.org/kg-news/ns#documentInferredCountry", "MLI"]]
