"""The event summary (kg.graph.summary): written by builds and removals, deleted by every write, equal to SPARQL."""
from __future__ import annotations

import logging
import shutil

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, strategies as st

from kg.ingest.builder import build
from kg.graph.mirror import ActorGraph, GraphFilter, collapse, to_networkx, to_weighted_digraph
from kg.graph.table import EventTable
from kg.ingest.maintenance import remove_documents
from kg.graph.summary import SUMMARY_NAME
from kg.store.oxigraph import DERIVED_DIR
from kg.store import open_store
from kg.graph.summary import FORMAT_VERSION, read_summary, refresh_summary, write_summary


def _identical(D: nx.DiGraph, C: nx.DiGraph) -> None:
    """Same nodes, attributes, edges and weights, in the same order."""
    assert list(D.nodes(data=True)) == list(C.nodes(data=True))
    assert list(D.edges(data=True)) == list(C.edges(data=True))


@pytest.fixture
def store_copy(copy_store, examples_store):
    """A private copy of the example-corpus store (built by kg build, so it has a summary)."""
    return copy_store(examples_store)


def _from_summary(store, flt: GraphFilter | None = None) -> nx.DiGraph:
    table = read_summary(store)
    assert table is not None
    return table.weighted(table.mask(flt))


def aggregate_digraph(store, flt: GraphFilter | None = None) -> nx.DiGraph:
    """The weighted graph of the events counted again with SPARQL now (no summary involved)."""
    table = EventTable.read(store)
    return table.weighted(table.mask(flt))


def test_build_writes_a_summary_equal_to_the_sparql_aggregate(store_copy):
    assert (store_copy / DERIVED_DIR / SUMMARY_NAME).is_file()
    with open_store(store_copy, read_only=True) as store:
        from_summary = _from_summary(store)
        assert from_summary.number_of_edges() > 20
        _identical(from_summary, aggregate_digraph(store))
        _identical(to_weighted_digraph(store), from_summary)


WINDOWS = [GraphFilter(since="2026-02-01"), GraphFilter(until="2026-02-15"),
           GraphFilter(since="2026-02", until="2026-03-10"), GraphFilter(since="2027-01-01"),
           GraphFilter(categories=("assault", "COERCE")), GraphFilter(categories=("no-such-category",)),
           GraphFilter(since="2026-01-15", until="2026-04-01", categories=("SANCTION", "Consult", "threaten"))]


@pytest.mark.parametrize("flt", WINDOWS, ids=repr)
def test_time_windows_and_categories_equal_sparql(store_copy, flt):
    with open_store(store_copy, read_only=True) as store:
        expected = aggregate_digraph(store, flt)
        _identical(_from_summary(store, flt), expected)
        _identical(to_weighted_digraph(store, flt), expected)


@pytest.mark.parametrize("flt", [GraphFilter(types=("Person", "Organization")), GraphFilter(min_weight=2),
                                 GraphFilter(actor="Carlos Brito"),
                                 GraphFilter(since="2026-02-01", types=("Country", "Organization"), min_weight=2)], ids=repr)
def test_every_filter_through_the_summary_equals_the_event_graph(store_copy, flt):
    with open_store(store_copy, read_only=True) as store:
        D = to_weighted_digraph(store, flt)
        C = collapse(to_networkx(store, flt))
    assert dict(D.nodes(data=True)) == dict(C.nodes(data=True))
    assert sorted(D.edges(data="weight")) == sorted(C.edges(data="weight"))
    assert D.number_of_nodes() > 0


def test_hand_store_summary_equals_sparql_under_every_filter(hand_store_path):
    from test_weighted_graph import FILTERS

    with open_store(hand_store_path) as store:
        refresh_summary(store)
        for flt in FILTERS:
            _identical(_from_summary(store, flt.events_only()), aggregate_digraph(store, flt.events_only()))
            D, C = to_weighted_digraph(store, flt), collapse(to_networkx(store, flt))
            assert dict(D.nodes(data=True)) == dict(C.nodes(data=True))
            assert sorted(D.edges(data="weight")) == sorted(C.edges(data="weight"))


def test_any_write_deletes_the_summary_and_sparql_sees_the_change(store_copy):
    with open_store(store_copy) as store:
        before = to_weighted_digraph(store)
        u, v, w = max(before.edges(data="weight"), key=lambda e: (e[2], e[0], e[1]))
        # drop the targets of the heaviest pair's events, straight through SPARQL UPDATE
        store.update(f"""PREFIX kg: <https://w3id.org/kg-news/ns#>
            DELETE {{ GRAPH ?g {{ ?e kg:target ?t }} }} WHERE {{
              GRAPH ?g {{ ?e kg:actor ?a ; kg:target ?t }}
              GRAPH ?eg {{ ?a kg:entityId "{u}" . ?t kg:entityId "{v}" }} }}""")
        assert not (store_copy / DERIVED_DIR / SUMMARY_NAME).exists()
        assert read_summary(store) is None
        after = to_weighted_digraph(store)
    assert before[u][v]["weight"] == w and after.get_edge_data(u, v, {"weight": 0})["weight"] < w


def test_removal_rewrites_the_summary(store_copy):
    with open_store(store_copy) as store:
        doc = sorted(store.document_hashes())[0]
        before = to_weighted_digraph(store)
        assert remove_documents(store, [doc]) == 1
        assert (store_copy / DERIVED_DIR / SUMMARY_NAME).is_file()
        after = _from_summary(store)
        _identical(after, aggregate_digraph(store))
    assert sum(w for *_, w in after.edges(data="weight")) < sum(w for *_, w in before.edges(data="weight"))


def test_unchanged_rebuild_keeps_the_summary_and_a_missing_one_is_rewritten(store_copy):
    from kg.resources import examples_dir

    summary = store_copy / DERIVED_DIR / SUMMARY_NAME
    stamp = summary.stat().st_mtime_ns
    report = build([str(examples_dir())], store=str(store_copy))
    assert report.loaded == 0 and summary.stat().st_mtime_ns == stamp
    summary.unlink()
    build([str(examples_dir())], store=str(store_copy))
    with open_store(store_copy, read_only=True) as store:
        _identical(_from_summary(store), aggregate_digraph(store))


def test_a_build_counts_quads_only_when_asked(store_copy):
    from kg.resources import examples_dir

    quiet = build([str(examples_dir())], store=str(store_copy), count_quads=False)
    assert quiet.quads_after is None and "quads" not in quiet.summary()
    counted = build([str(examples_dir())], store=str(store_copy))
    with open_store(store_copy, read_only=True) as store:
        assert counted.quads_after == store.quad_count() > 0
    assert f"store has {counted.quads_after} quads" in counted.summary()


def _damage_truncate(path):
    path.write_bytes(path.read_bytes()[:100])


def _damage_garbage(path):
    path.write_bytes(b"not a numpy archive at all")


def _rewrite(path, **arrays):
    with np.load(path, allow_pickle=False) as archive:
        data = {k: archive[k] for k in archive.files}
    data.update(arrays)
    with open(path, "wb") as handle:
        np.savez(handle, **data)


def _damage_index(path):
    with np.load(path, allow_pickle=False) as archive:
        dst = archive["dst"].copy()
    dst[0] = 10**9
    _rewrite(path, dst=dst)


def _damage_lengths(path):
    with np.load(path, allow_pickle=False) as archive:
        count = archive["count"][:-1]
    _rewrite(path, count=count)


def _damage_json(path):
    _rewrite(path, meta=np.frombuffer(b'{"version": %d, "nodes": [[' % FORMAT_VERSION, dtype=np.uint8))


def _damage_nodes(path):
    _rewrite(path, meta=np.frombuffer(b'{"version": %d, "nodes": 7}' % FORMAT_VERSION, dtype=np.uint8))


def _damage_dates(path):  # a date index past the table
    with np.load(path, allow_pickle=False) as archive:
        date = archive["date"].copy()
    date[-1] = date.max() + 1
    _rewrite(path, date=date)


def _damage_floats(path):
    with np.load(path, allow_pickle=False) as archive:
        count = archive["count"].astype(float)
    _rewrite(path, count=count)


@pytest.mark.parametrize("damage", [_damage_truncate, _damage_garbage, _damage_index, _damage_lengths,
                                    _damage_json, _damage_nodes, _damage_dates, _damage_floats])
def test_a_damaged_summary_is_ignored_with_a_warning(store_copy, damage, caplog):
    damage(store_copy / DERIVED_DIR / SUMMARY_NAME)
    with open_store(store_copy, read_only=True) as store, caplog.at_level(logging.WARNING, logger="kg.graph.summary"):
        assert read_summary(store) is None
        _identical(to_weighted_digraph(store), aggregate_digraph(store))
    assert "ignoring the analysis summary" in caplog.text


def test_another_format_version_is_ignored_quietly_and_replaced(store_copy, caplog):
    meta = b'{"version": %d, "nodes": []}' % (FORMAT_VERSION + 1)
    _rewrite(store_copy / DERIVED_DIR / SUMMARY_NAME, meta=np.frombuffer(meta, dtype=np.uint8))
    with open_store(store_copy, read_only=True) as store, caplog.at_level(logging.WARNING, logger="kg.graph.summary"):
        assert read_summary(store) is None
    assert caplog.text == ""
    with open_store(store_copy) as store:  # the next writer replaces it
        assert refresh_summary(store) == store_copy / DERIVED_DIR / SUMMARY_NAME
        _identical(_from_summary(store), aggregate_digraph(store))


def test_stores_without_a_directory_or_write_access_keep_no_summary(hand_store, hand_store_path):
    assert hand_store.derived_dir is None
    assert refresh_summary(hand_store) is None and read_summary(hand_store) is None
    with open_store(hand_store_path, read_only=True) as store:
        assert refresh_summary(store) is None
        assert write_summary(store, EventTable.read(store)) is None
    assert not (hand_store_path / DERIVED_DIR / SUMMARY_NAME).exists()
    with open_store(hand_store_path) as store:  # loaded without kg build: the writer can add one
        assert refresh_summary(store) == hand_store_path / DERIVED_DIR / SUMMARY_NAME
        assert refresh_summary(store) is None  # already current
        _identical(_from_summary(store), aggregate_digraph(store))


def test_cli_centrality_is_the_same_with_and_without_the_summary(store_copy):
    from conftest import run_cli

    args = ["centrality", "--store", str(store_copy), "--top", "15", "--metric", "pagerank", "--metric", "degree"]
    with_summary = run_cli(*args)
    (store_copy / DERIVED_DIR / SUMMARY_NAME).unlink()
    without = run_cli(*args)
    assert with_summary.exit_code == 0, with_summary.output
    assert with_summary.output == without.output and "Carlos Brito" in without.output


def _rounded(rows):
    return [{k: round(v, 12) if isinstance(v, float) else v for k, v in row.items()} for row in rows]


@pytest.mark.parametrize("by", ["month", "week"])
@pytest.mark.parametrize("flt", [GraphFilter(), GraphFilter(since="2026-02-01", until="2026-03-31"),
                                 GraphFilter(categories=("ASSAULT", "COERCE", "SANCTION")),
                                 GraphFilter(types=("Organization", "Person")), GraphFilter(min_weight=2),
                                 GraphFilter(actor="Carlos Brito")], ids=repr)
def test_rankings_per_period_from_the_summary_equal_the_event_graph(store_copy, flt, by):
    from kg.analysis import centrality_over_time

    metrics = ["pagerank", "degree", "in_degree", "betweenness"]
    with open_store(store_copy, read_only=True) as store:
        assert read_summary(store) is not None
        fast = centrality_over_time(ActorGraph(store, flt), by=by, metrics=metrics, top=5)
        slow = centrality_over_time(to_networkx(store, flt), by=by, metrics=metrics, top=5)
    assert fast.periods == slow.periods and fast.undated == slow.undated
    assert _rounded(fast) == _rounded(slow) and len(fast) > 0


def test_rankings_per_period_count_undated_events_like_the_event_graph(hand_store_path):
    from kg.analysis import centrality_over_time

    with open_store(hand_store_path) as store:
        slow = centrality_over_time(to_networkx(store), metrics=["degree"])
        without = centrality_over_time(ActorGraph(store), metrics=["degree"])  # no summary yet: counted by SPARQL
        refresh_summary(store)
        fast = centrality_over_time(ActorGraph(store), metrics=["degree"])
    assert slow.undated == fast.undated == without.undated == 1  # "United States condemned Los Lobos"
    assert _rounded(fast) == _rounded(slow) == _rounded(without)


@pytest.mark.parametrize("flt", [GraphFilter(), GraphFilter(since="2026-02-01"), GraphFilter(min_weight=2)], ids=repr)
def test_communities_of_the_weighted_graph_equal_the_event_graph(store_copy, flt):
    from kg.analysis import community_rows

    with open_store(store_copy, read_only=True) as store:
        weighted = community_rows(to_weighted_digraph(store, flt), top=None)
        events = community_rows(to_networkx(store, flt), top=None)
    for rows in (weighted, events):  # PageRank summed in another node order: equal to float noise
        for row in rows:
            row["pagerank"] = [round(x, 12) for x in row["pagerank"]]
    assert weighted == events and len(events) > 1


def test_a_changed_document_rebuild_rewrites_the_summary(store_copy, tmp_path):
    from kg.resources import examples_dir

    corpus = tmp_path / "corpus"
    shutil.copytree(examples_dir(), corpus)
    article = sorted(corpus.glob("*.txt"))[0]
    article.write_text(article.read_text(encoding="utf-8") +
                       "\nThe Ecuadorian Navy accused Los Lobos of smuggling fuel.\n", encoding="utf-8")
    (store_copy / DERIVED_DIR / ".event-summary.npz.tmp").write_bytes(b"left by a killed build")
    with open_store(store_copy, read_only=True) as store:
        before = _from_summary(store)
    report = build([str(corpus)], store=str(store_copy))
    assert report.loaded == 1
    assert not (store_copy / DERIVED_DIR / ".event-summary.npz.tmp").exists()
    with open_store(store_copy, read_only=True) as store:
        after = _from_summary(store)
        _identical(after, aggregate_digraph(store))
    assert after.has_edge("Organization/ecuadorian-navy", "Organization/los-lobos")
    assert not before.has_node("Organization/los-lobos")


@given(st.lists(st.tuples(*[st.integers(-3, 40)] * 4), min_size=1, max_size=60),
       st.sampled_from([1, 2 ** 20, 2 ** 40]))
def test_unique_rows_is_numpys_unique_along_rows(rows, scale):
    """The one-key sort gives np.unique(axis=0)'s rows and inverse, also when the key would overflow."""
    import numpy as np

    from kg.graph.int_grid import unique_rows

    grid = np.array(rows, dtype=np.int64) * np.array([scale, 1, scale, 1], dtype=np.int64)
    want, want_inverse = np.unique(grid, axis=0, return_inverse=True)
    got, got_inverse = unique_rows(grid)
    assert np.array_equal(got, want) and np.array_equal(got_inverse, want_inverse.reshape(-1))
