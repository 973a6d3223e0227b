"""kg.events and ``kg events``: the events behind the graph as rows (issue 15)."""
from __future__ import annotations

import csv
import json

import pytest

from conftest import run_cli
from kg.errors import KgError
from kg.analysis.events import EVENT_COLUMNS, event_table
from kg.graph.mirror import GraphFilter, to_networkx


def test_every_edge_is_one_row_oldest_first_undated_last(hand_store):
    rows = event_table(hand_store)
    G = to_networkx(hand_store)
    assert {r["event"] for r in rows} == {k for _, _, k in G.edges(keys=True)}
    dates = [r["date"] for r in rows]
    dated = [d for d in dates if d]
    assert dated == sorted(dated) and dates[-1] is None
    assert set(rows[0]) == set(EVENT_COLUMNS)


def test_actor_and_target_filters(hand_store):
    by_navy = event_table(hand_store, actor="Ecuadorian Navy")
    assert by_navy and all(r["actor_id"] == "Organization/ecuadorian-navy" for r in by_navy)
    assert {r["action"] for r in by_navy} == {"attacked", "raided"}
    to_lobos = event_table(hand_store, target="lobos")  # an alias
    assert to_lobos and all(r["target_id"] == "Organization/los-lobos" for r in to_lobos)
    both = event_table(hand_store, actor="United States", target="Los Lobos")
    assert [r["action"] for r in both] == ["sanctioned", "condemned"]


def test_window_category_confidence_and_document(hand_store):
    march = event_table(hand_store, GraphFilter(since="2026-03-01", until="2026-03-31"))
    assert march and all(r["date"].startswith("2026-03") for r in march)
    assaults = event_table(hand_store, GraphFilter(categories=("ASSAULT",)))
    assert {r["category"] for r in assaults} == {"ASSAULT"}
    confident = event_table(hand_store, GraphFilter(min_confidence=0.85))
    assert [r["action"] for r in confident] == ["attacked"]
    assert all(r["doc"] == "doc-two" for r in event_table(hand_store, docs={"doc-two"}))


def test_sorts_and_limit(hand_store):
    newest = event_table(hand_store, reverse=True)
    dated = [r["date"] for r in newest if r["date"]]
    assert dated == sorted(dated, reverse=True) and newest[-1]["date"] is None
    top = event_table(hand_store, sort="confidence", limit=2)
    assert len(top) == 2 and top[0]["confidence"] >= top[1]["confidence"] == max(
        r["confidence"] for r in event_table(hand_store) if r["event"] != top[0]["event"])


def test_unknown_actor_suggests_close_names(hand_store):
    with pytest.raises(KgError, match="did you mean: Alice Ayala"):
        event_table(hand_store, actor="Alice Ayalla")


def test_cli_events_csv_is_the_timeline(hand_store_path, tmp_path):
    out = tmp_path / "lobos.csv"
    res = run_cli("events", "--store", str(hand_store_path), "--target", "Los Lobos",
                  "--format", "csv", "-o", str(out))
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows and all(r["target"] == "Los Lobos" for r in rows)
    assert rows[0]["evidence"].startswith("Sentence") and rows[0]["doc"] == "doc-one"
    res = run_cli("events", "--store", str(hand_store_path), "--category", "SANCTION",
                  "--format", "jsonl")
    assert [json.loads(line)["action"] for line in res.output.splitlines()] == ["sanctioned"]


def test_cli_events_user_mistakes_are_clean(hand_store_path):
    res = run_cli("events", "--store", str(hand_store_path), "--actor", "Nobody At All")
    assert res.exit_code == 1 and "no actor 'Nobody At All'" in res.output and "Traceback" not in res.output
    res = run_cli("events", "--store", str(hand_store_path), "--since", "March")
    assert res.exit_code == 2 and "is not a date" in res.output


def test_cli_events_table(hand_store_path):
    res = run_cli("events", "--store", str(hand_store_path), "--actor", "Alice Ayala")
    assert res.exit_code == 0
    assert res.stdout == (
        "date        actor        action   category  target     doc\n"
        "----------  -----------  -------  --------  ---------  -------\n"
        "2026-01-10  Alice Ayala  accused  ACCUSE    Los Lobos  doc-one\n")
    res = run_cli("events", "--store", str(hand_store_path), "--actor", "Alice Ayala",
                  "--category", "SANCTION")
    assert res.exit_code == 0 and res.stdout == "" and res.stderr == "no events match\n"


def test_sign_filter_is_the_categories_of_that_sign(hand_store_path):
    res = run_cli("events", "--store", str(hand_store_path), "--sign", "cooperation",
                  "--format", "jsonl")
    assert res.exit_code == 0, res.output
    assert [json.loads(line)["action"] for line in res.output.splitlines()] == ["supported"]
    res = run_cli("events", "--store", str(hand_store_path), "--sign", "conflict",
                  "--format", "jsonl")
    cats = {json.loads(line)["category"] for line in res.output.splitlines()}
    assert cats == {"ASSAULT", "SANCTION", "THREATEN", "DISAPPROVE"}  # ACCUSE is no category of the lexicon
    res = run_cli("centrality", "--store", str(hand_store_path), "--sign", "cooperation",
                  "--category", "ASSAULT")
    assert res.exit_code == 2 and "no cooperation category among --category ASSAULT" in res.output


def test_every_category_has_a_sign_and_a_mode():
    from kg.extract.actions import load_lexicon

    lexicon = load_lexicon()
    assert set(lexicon.signs) == set(lexicon.categories()) == set(lexicon.modes)
    assert lexicon.signs["ASSAULT"] == "conflict" and lexicon.modes["ASSAULT"] == "material"
    assert lexicon.signs["CONSULT"] == "cooperation" and lexicon.modes["CONSULT"] == "verbal"
