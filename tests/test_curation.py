"""Curation that lasts (issue 11): kg actors, merge, alias, rename, retype, ignore, curation undo.

Every decision is a ledger line applied at every build; these tests build a
small corpus written for kg into a real on-disk Oxigraph store.
"""
from __future__ import annotations

import json
from functools import partial

import pytest

from conftest import run_cli

DOCS = {
    "one.txt": "date 2026-02-01\nGeorge W. Bush met Hamid Karzai in Kabul. Bush praised the Afghan army.",
    "two.txt": "date 2026-02-02\nMullah Omar criticised the Taliban. The Taliban attacked a convoy near Kandahar. "
               "Mohammed Omar denounced George W. Bush.",
    "three.txt": "date 2026-02-03\nThe White Paper angered Hamid Karzai. Karzai rejected the White Paper.",
}

run = partial(run_cli, catch_exceptions=False)  # an unexpected exception fails the test with its traceback


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in DOCS.items():
        (folder / name).write_text(text, encoding="utf-8")
    store = tmp_path / "store"
    res = run("build", str(folder), "--store", str(store), "-q", "--no-html")
    assert res.exit_code == 0, res.output
    return folder, store


def actors(store) -> dict[str, dict]:
    res = run("actors", "--store", str(store), "--format", "json")
    assert res.exit_code == 0, res.output
    return {row["id"]: row for row in json.loads(res.output)}


def test_actors_lists_type_country_aliases_events(corpus):
    _, store = corpus
    rows = actors(store)
    karzai = rows["Person/hamid-karzai"]
    assert karzai["type"] == "Person" and karzai["events"] >= 2 and "Karzai" in karzai["aliases"]


def test_merge_and_undo_round_trip(corpus):
    _, store = corpus
    before = actors(store)
    # the gazetteer's Mullah Mohammad Omar and a "Mohammed Omar" spelled otherwise: two nodes until merged
    assert {"Person/mullah-mohammad-omar", "Person/mohammed-omar"} <= before.keys()
    res = run("merge", "Mohammed Omar", "Mullah Omar", "--store", str(store))
    assert res.exit_code == 0, res.output
    assert res.output == "merge Person/mohammed-omar -> Person/mullah-mohammad-omar\n"
    after = actors(store)
    assert "Person/mohammed-omar" not in after
    assert "Mohammed Omar" in after["Person/mullah-mohammad-omar"]["aliases"]
    assert after["Person/mullah-mohammad-omar"]["events"] == (before["Person/mohammed-omar"]["events"]
                                                             + before["Person/mullah-mohammad-omar"]["events"])
    listed = run("curation", "--store", str(store))
    assert listed.exit_code == 0 and "1  " in listed.output and "merge Person/mohammed-omar" in listed.output
    undone = run("curation", "undo", "--store", str(store))
    assert undone.output == "undone: merge Person/mohammed-omar -> Person/mullah-mohammad-omar\n"
    assert actors(store) == before


def test_curation_survives_rebuild_and_force(corpus):
    folder, store = corpus
    assert run("rename", "Hamid Karzai", "President Karzai", "--store", str(store)).exit_code == 0
    assert run("retype", "Taliban", "Group", "--store", str(store)).exit_code == 0
    for extra in ([], ["--force"]):
        res = run("build", str(folder), "--store", str(store), "-q", "--no-html", *extra)
        assert res.exit_code == 0, res.output
        rows = actors(store)
        assert rows["Person/hamid-karzai"]["label"] == "President Karzai"
        assert "Hamid Karzai" in rows["Person/hamid-karzai"]["aliases"]
        taliban = [r for r in rows.values() if r["label"] == "Taliban"]
        assert taliban and {r["type"] for r in taliban} == {"Group"}


def test_ignored_actor_is_never_a_node_even_after_remove_and_rebuild(corpus):
    folder, store = corpus
    before = actors(store)
    assert "Kandahar" in {r["label"] for r in before.values()} or "Person/hamid-karzai" in before
    assert run("ignore", "Hamid Karzai", "--store", str(store)).exit_code == 0
    assert "Person/hamid-karzai" not in actors(store)
    res = run("centrality", "--store", str(store), "--format", "json")
    assert "Hamid Karzai" not in res.output
    assert run("remove", "three", "--store", str(store), "-q").exit_code == 0
    assert run("build", str(folder), "--store", str(store), "-q", "--no-html").exit_code == 0
    assert "Person/hamid-karzai" not in actors(store)


def test_alias_add_and_remove(corpus):
    _, store = corpus
    assert run("alias", "add", "Hamid Karzai", "HK", "--store", str(store)).exit_code == 0
    assert "HK" in actors(store)["Person/hamid-karzai"]["aliases"]
    assert run("alias", "remove", "Hamid Karzai", "HK", "--store", str(store)).exit_code == 0
    assert "HK" not in actors(store)["Person/hamid-karzai"]["aliases"]


def test_shared_ledger_between_stores(corpus, tmp_path):
    folder, store = corpus
    ledger = tmp_path / "team.jsonl"
    assert run("ignore", "Hamid Karzai", "--store", str(store), "--curation", str(ledger)).exit_code == 0
    other = tmp_path / "other"
    res = run("build", str(folder), "--store", str(other), "-q", "--no-html")
    assert res.exit_code == 0 and "Person/hamid-karzai" in actors(other)  # not its ledger
    from kg.ingest.builder import build

    build([str(folder)], store=str(other), curation=str(ledger))
    assert "Person/hamid-karzai" not in actors(other)


def test_unknown_actor_is_a_clear_error(corpus):
    _, store = corpus
    res = run("ignore", "Hamid Karzi", "--store", str(store))
    assert res.exit_code == 1
    assert res.output == "Error: no actor 'Hamid Karzi' in the store; did you mean 'Hamid Karzai'?\n"
    res = run("retype", "Hamid Karzai", "Planet", "--store", str(store))
    assert res.exit_code == 2


def test_bad_ledger_line_names_file_and_line(corpus):
    _, store = corpus
    (store / "kg-curation.jsonl").write_text('{"op": "ignore", "actor": "Person/x"}\nnot json\n', encoding="utf-8")
    res = run("curation", "--store", str(store))
    assert res.exit_code == 1
    assert f"{store / 'kg-curation.jsonl'}:2: not a curation decision" in res.output


def test_memory_store_needs_a_ledger_file():
    from kg.graph.curating import curate
    from kg.errors import InputError
    from kg.store import open_store

    with open_store("memory") as store, pytest.raises(InputError, match="pass --curation FILE"):
        curate(store, "ignore", "Person/x")


def test_python_api_without_click(corpus, tmp_path):
    from kg.graph.curating import curate, list_actors, undo
    from kg.graph.curation import read_ledger
    from kg.store import open_store

    _, store = corpus
    with open_store(store) as kg_store:
        curate(kg_store, "merge", "Person/mohammed-omar", "Person/mullah-mohammad-omar")
        assert "Person/mohammed-omar" not in {r["id"] for r in list_actors(kg_store)}
        undo(kg_store)
        assert "Person/mohammed-omar" in {r["id"] for r in list_actors(kg_store)}
    assert read_ledger(store / "kg-curation.jsonl") == []


def test_one_country_in_rdf_and_every_command_by_document_votes(tmp_path):
    """The first document no longer decides: most documents stating a country do, in RDF too."""
    from kg import build, open_store
    from kg.graph.actors import actor_table

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("Peru's Coastal Fishers Union criticised the fishing ban.", encoding="utf-8")
    (folder / "b.txt").write_text("Chile's Coastal Fishers Union rejected the fishing ban.", encoding="utf-8")
    (folder / "c.txt").write_text("Chile's Coastal Fishers Union staged a protest.", encoding="utf-8")
    store = tmp_path / "store"
    build([str(folder / "a.txt")], store=str(store))
    build([str(folder)], store=str(store))
    iri = "https://w3id.org/kg-news/id/entity/Organization/coastal-fishers-union"
    q = f"SELECT ?c WHERE {{ GRAPH <https://w3id.org/kg-news/id/graph/entities> {{ <{iri}> kg:country ?c }} }}"
    with open_store(store, read_only=True) as s:
        assert [r[0] for r in s.query(q).rows] == ["CHL"]
        actors, _ = actor_table(s)
        assert actors[iri]["country"] == "CHL"
    assert actors_of(store)["Organization/coastal-fishers-union"]["country"] == "CHL"
    assert run("remove", "b", "c", "--store", str(store), "-q").exit_code == 0
    with open_store(store, read_only=True) as s:
        assert [r[0] for r in s.query(q).rows] == ["PER"]


def actors_of(store) -> dict[str, dict]:
    return actors(store)
