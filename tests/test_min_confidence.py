"""--min-confidence on extract, build and every analysis path (issue 12: confidence that ranks)."""
from __future__ import annotations

import json

import pytest

from conftest import run_cli
from kg.graph.mirror import ActorGraph, GraphFilter, collapse, to_networkx, to_weighted_digraph
from kg.graph.table import EventTable

TEXT = ("date 2026-03-02\nThe Corvina Cartel attacked the Atlantic Maritime Security Command. "
        "Rui Sequeira met Marta Lobato in Praia. The militia left. Lobato was attacked on Monday.")


def run(*args):
    return run_cli(*args, catch_exceptions=False)


def test_extract_drops_triples_below_the_threshold(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(TEXT, encoding="utf-8")
    everything = [json.loads(x) for x in run("extract", str(src), "-q").output.splitlines()]
    kept = [json.loads(x) for x in run("extract", str(src), "-q", "--min-confidence", "0.5").output.splitlines()]
    assert kept and len(kept) < len(everything)
    assert all(t["confidence"] >= 0.5 for t in kept)
    assert {json.dumps(t, sort_keys=True) for t in kept} <= {json.dumps(t, sort_keys=True) for t in everything}


def test_bad_threshold_is_a_usage_error(tmp_path):
    res = run("extract", "-", "--min-confidence", "2")
    assert res.exit_code == 2 and "--min-confidence" in res.output


@pytest.fixture()
def store(tmp_path):
    from kg import build, open_store

    src = tmp_path / "a.txt"
    src.write_text(TEXT, encoding="utf-8")
    build([str(src)], store=str(tmp_path / "s"))
    with open_store(tmp_path / "s", read_only=True) as s:
        yield s


@pytest.mark.parametrize("threshold", [0.0, 0.5, 0.8, 0.95])
def test_every_graph_path_applies_the_threshold_alike(store, threshold):
    flt = GraphFilter(min_confidence=threshold)
    G = to_networkx(store, flt)
    assert all(d["confidence"] >= threshold for _, _, d in G.edges(data=True))
    expected = sorted(collapse(G).edges(data="weight"))
    assert sorted(to_weighted_digraph(store, flt).edges(data="weight")) == expected  # summary or SPARQL
    counted = ActorGraph(store, flt, table=EventTable.read(store)).weighted  # counted again with SPARQL
    assert sorted(counted.edges(data="weight")) == expected


def test_threshold_removes_weak_edges(store):
    all_edges = to_networkx(store).number_of_edges()
    assert to_networkx(store, GraphFilter(min_confidence=0.99)).number_of_edges() < all_edges


def test_build_loads_only_confident_events(tmp_path):
    from kg import build, open_store

    src = tmp_path / "a.txt"
    src.write_text(TEXT, encoding="utf-8")
    build([str(src)], store=str(tmp_path / "all"))
    build([str(src)], store=str(tmp_path / "sure"), min_confidence=0.8)
    q = "SELECT (COUNT(?e) AS ?n) (MIN(?c) AS ?lo) WHERE { ?e a kg:Event ; kg:confidence ?c }"
    with open_store(tmp_path / "all", read_only=True) as a, open_store(tmp_path / "sure", read_only=True) as b:
        (n_all, _), = a.query(q).rows
        (n_sure, lo), = b.query(q).rows
    assert 0 < n_sure < n_all and lo >= 0.8
