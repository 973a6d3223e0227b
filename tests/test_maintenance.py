"""kg.maintenance and `kg remove`: removing documents keeps the entity graph and the links consistent."""
from __future__ import annotations

import shutil

import pytest

from conftest import run_cli
from kg import vocab as V
from kg.graph.links import LINK_GRAPH, read_links
from kg.ingest.maintenance import LINKS_STALE, close_matches, links_pending, remove_documents
from kg.store import open_store

# a and b share Los Lobos; only a names the Ecuadorian Navy and Carlos Brito; c calls him "Brito" only,
# so the link Brito -> Carlos Brito exists while a is in the store.
ARTICLES = {
    "a": "date 2026-03-04 The Ecuadorian Navy attacked Los Lobos near Guayaquil on Monday. "
         "Carlos Brito, the port chief, accused Los Lobos of smuggling.\n",
    "b": "date 2026-03-05 The United States sanctioned Los Lobos on Tuesday.\n",
    "c": "date 2026-03-06 Brito accused the United States of lying on Wednesday.\n",
}
NAVY = V.entity_iri("Organization/ecuadorian-navy")
LOBOS = V.entity_iri("Organization/los-lobos")
CARLOS = V.entity_iri("Person/carlos-brito")
BRITO = V.entity_iri("Organization/brito")
USA = V.entity_iri("Country/united-states")
SKOS_PREF = V.SKOS + "prefLabel"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("remove-corpus")
    for name, text in ARTICLES.items():
        (root / f"{name}.txt").write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory, corpus):
    from kg import build

    path = tmp_path_factory.mktemp("remove-built") / "store"
    report = build([str(corpus)], store=str(path))
    assert report.loaded == 3
    return path


@pytest.fixture
def store_path(built, copy_store):
    return copy_store(built)


def entity_subjects(store) -> set[str]:
    return {q.subject.value for q in store.iter_quads(V.ENTITY_GRAPH)}


def labels(store) -> dict[str, str]:
    return {q.subject.value: q.object.value for q in store.iter_quads(V.ENTITY_GRAPH)
            if q.predicate.value == SKOS_PREF}


def quad_set(store, graph: str | None = None) -> set[str]:
    return {str(q) for q in store.iter_quads(graph)}


def test_the_fixture_has_what_the_tests_need(built):
    with open_store(built, read_only=True) as store:
        assert {NAVY, LOBOS, CARLOS, BRITO, USA} <= entity_subjects(store)
        assert read_links(store) == {BRITO: CARLOS}
        assert not links_pending(store)


def test_remove_prunes_only_actors_no_other_document_mentions(store_path):
    with open_store(store_path) as store:
        before = labels(store)
        others = {d: quad_set(store, V.doc_iri(d)) for d in ("b", "c")}
        assert remove_documents(store, ["a"]) == 1
        assert quad_set(store, V.doc_iri("a")) == set()
        assert set(store.document_hashes()) == {"b", "c"}
        after = labels(store)
        # shared actors keep their description; actors only "a" mentioned are gone entirely
        assert after[LOBOS] == before[LOBOS] == "Los Lobos"
        assert after[USA] == before[USA]
        assert {NAVY, CARLOS} & entity_subjects(store) == set()
        assert BRITO in after
        # links are recomputed: "Brito" no longer has a full name to point to
        assert read_links(store) == {}
        assert not links_pending(store)
        assert {d: quad_set(store, V.doc_iri(d)) for d in ("b", "c")} == others


def test_remove_then_rebuild_restores_the_same_store(store_path, corpus, built):
    from kg import build

    with open_store(built, read_only=True) as original:
        expected = quad_set(original)
    with open_store(store_path) as store:
        assert remove_documents(store, ["a", "c"]) == 2
        report = build([str(corpus)], kg_store=store)
        assert (report.loaded, report.unchanged) == (2, 1)
        assert quad_set(store) == expected


def test_unknown_ids_are_reported_with_close_matches(store_path):
    unknown = []
    with open_store(store_path) as store:
        count = store.quad_count()
        removed = remove_documents(store, ["nope", "b ", "b", "b"], on_unknown=lambda d, m: unknown.append((d, m)))
        assert removed == 1  # duplicates count once
        assert unknown == [("nope", []), ("b ", ["b"])]
        assert store.quad_count() < count
        assert remove_documents(store, ["b"], on_unknown=lambda d, m: unknown.append((d, m))) == 0


def test_only_the_first_unknown_ids_get_suggestions(store_path, monkeypatch):
    """Each suggestion compares the id with every stored id: a long list of removed ids must stay quick."""
    from kg.ingest import maintenance

    unknown = []
    typos = [f"b{letter}" for letter in "vwxyz"[:maintenance.SUGGESTED_IDS]] + ["bq", "bj", "bk"]
    with open_store(store_path) as store:
        remove_documents(store, typos, on_unknown=lambda d, m: unknown.append((d, m)))
    assert [d for d, _ in unknown] == typos  # every unknown id is still reported
    assert all("b" in m for _, m in unknown[:maintenance.SUGGESTED_IDS])
    assert all(m == [] for _, m in unknown[maintenance.SUGGESTED_IDS:])


def test_unknown_ids_are_logged_without_a_callback(store_path, caplog):
    with open_store(store_path) as store, caplog.at_level("WARNING", logger="kg.ingest.maintenance"):
        assert remove_documents(store, ["zzz"]) == 0
    assert "no document 'zzz' in the store" in caplog.text


def test_close_matches():
    known = ["2026-01-05-coast-guard-seizure", "2026-01-31-fishermen-protest", "2026-03-23-fishermen-kidnapped"]
    assert close_matches("fishermen", known) == ["2026-01-31-fishermen-protest", "2026-03-23-fishermen-kidnapped"]
    assert close_matches("2026-01-05-coast-guard-seizur", known) == ["2026-01-05-coast-guard-seizure"]
    assert close_matches("zebra", known) == []


def test_an_interrupted_removal_is_finished_by_the_next_build(store_path, corpus):
    """A removal killed after dropping the graph but before relinking leaves the marker; a build relinks."""
    from kg import build

    with open_store(store_path) as store:
        store.update(f"DROP GRAPH <{V.doc_iri('a')}> ; INSERT DATA {{ GRAPH <{LINK_GRAPH}> "
                     f"{{ {LINKS_STALE.subject} {LINKS_STALE.predicate} {LINKS_STALE.object} }} }}")
        assert links_pending(store)
        assert CARLOS in entity_subjects(store)  # stale until relinked
    (corpus.parent / "only-bc").mkdir(exist_ok=True)
    for name in ("b", "c"):
        shutil.copy(corpus / f"{name}.txt", corpus.parent / "only-bc" / f"{name}.txt")
    with open_store(store_path) as store:
        report = build([str(corpus.parent / "only-bc")], kg_store=store)
        assert report.loaded == 0 and report.unchanged == 2  # nothing to extract ...
        assert not links_pending(store)  # ... but the links were refreshed
        assert CARLOS not in entity_subjects(store)
        assert read_links(store) == {}


def test_a_build_without_changes_leaves_no_marker(built):
    with open_store(built, read_only=True) as store:
        assert not any(q.predicate == LINKS_STALE.predicate for q in store.iter_quads(LINK_GRAPH))


# --------------------------------------------------------------------------- kg remove


def test_cli_remove(store_path):
    result = run_cli("remove", "a", "zzz", "--store", str(store_path))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == ["warning: no document 'zzz' in the store", "removed 1 document"]
    with open_store(store_path, read_only=True) as store:
        assert set(store.document_hashes()) == {"b", "c"}


def test_cli_remove_nothing_found_exits_1(store_path):
    result = run_cli("remove", "c ", "--store", str(store_path))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stderr.splitlines() == ["warning: no document 'c ' in the store; did you mean 'c'?",
                                          "Error: no document removed"]


def test_cli_remove_quiet_and_missing_store(store_path, tmp_path):
    result = run_cli("remove", "a", "b", "-q", "--store", str(store_path))
    assert result.exit_code == 0 and result.output == ""
    missing = tmp_path / "none"
    result = run_cli("remove", "a", "--store", str(missing))
    assert result.exit_code == 1
    assert f"Error: no store at {missing}" in result.stderr
    assert not missing.exists()


def test_cli_remove_needs_an_id():
    assert run_cli("remove").exit_code == 2


def test_links_stay_pending_until_the_countries_are_reconciled(hand_store, monkeypatch):
    # a run that dies while writing the voted countries must leave the marker, so the next build redoes it
    from kg.graph import links as linking
    from kg.ingest.maintenance import mark_links_stale

    mark_links_stale(hand_store)

    def die(*args, **kwargs):
        raise RuntimeError("killed while reconciling countries")

    monkeypatch.setattr(linking, "reconcile_countries", die)
    with pytest.raises(RuntimeError):
        linking.refresh_links(hand_store)
    assert links_pending(hand_store)
    monkeypatch.undo()
    linking.refresh_links(hand_store)
    assert not links_pending(hand_store)


def test_documents_are_looked_up_by_id_whatever_characters_it_holds(hand_results):
    """kg remove finds documents by id with a query; quotes, backslashes and braces are data, not SPARQL."""
    import dataclasses

    from kg.ingest.builder import BuildReport, load_results
    from kg.store.base import hashes_of

    odd = 'wire "7" \\ {x} ; DROP ALL'
    result = dataclasses.replace(hand_results[1], document=dataclasses.replace(hand_results[1].document, id=odd))
    with open_store("memory") as store:
        load_results(store, [hand_results[0], result], BuildReport())
        assert set(hashes_of(store, [odd, "doc-one", "doc-two", 'x" } #'])) == {odd, "doc-one"}
        assert remove_documents(store, [odd]) == 1
        assert set(store.document_hashes()) == {"doc-one"}
