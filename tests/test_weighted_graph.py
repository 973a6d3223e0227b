"""to_weighted_digraph (aggregate SPARQL) equals collapse(to_networkx(...)) under every filter."""
from __future__ import annotations

import networkx as nx
import pytest

from kg.analysis.metrics import centrality
from kg.graph.mirror import GraphFilter, collapse, to_networkx, to_weighted_digraph
from kg.store.oxigraph import open_store

FILTERS = [
    GraphFilter(),
    GraphFilter(since="2026-01-11"),
    GraphFilter(until="2026-01-11"),
    GraphFilter(since="2026-01-11", until="2026-03-01"),
    GraphFilter(categories=("assault", "SANCTION")),
    GraphFilter(types=("Organization",)),
    GraphFilter(min_weight=2),
    GraphFilter(actor="Los Lobos"),
    GraphFilter(since="2026-02-01", categories=("ASSAULT", "THREATEN"), types=("Organization", "Country")),
]


def _same(D: nx.DiGraph, C: nx.DiGraph) -> None:
    assert dict(D.nodes(data=True)) == dict(C.nodes(data=True))
    assert sorted(D.edges(data="weight")) == sorted(C.edges(data="weight"))


@pytest.mark.parametrize("flt", FILTERS, ids=repr)
def test_hand_store(hand_store, flt):
    _same(to_weighted_digraph(hand_store, flt), collapse(to_networkx(hand_store, flt)))


@pytest.mark.parametrize("flt", [GraphFilter(), GraphFilter(since="2026-03-01"), GraphFilter(categories=("ASSAULT",)),
                                 GraphFilter(min_weight=2), GraphFilter(types=("Person", "Group"))], ids=repr)
def test_examples_store(examples_store, flt):
    with open_store(examples_store, read_only=True) as store:
        D = to_weighted_digraph(store, flt)
        C = collapse(to_networkx(store, flt))
    _same(D, C)
    if flt == GraphFilter():
        assert D.number_of_edges() > 20


def test_centrality_on_the_weighted_digraph_equals_the_multigraph(hand_store):
    metrics = ["degree", "in_degree", "pagerank", "betweenness"]
    assert centrality(to_weighted_digraph(hand_store), metrics) == centrality(to_networkx(hand_store), metrics)


def test_quotes_in_filters_are_escaped(hand_store):
    assert to_weighted_digraph(hand_store, GraphFilter(categories=('x") } } } #',))).number_of_nodes() == 0


@pytest.mark.parametrize("flt", [GraphFilter(), GraphFilter(since="2026-01-11", categories=("ASSAULT", "SANCTION"))],
                         ids=repr)
def test_pair_counts_same_with_and_without_target_lists(hand_store, flt):
    """The per-actor GROUP_CONCAT form (embedded store) and the per-pair GROUP BY form (servers) agree."""
    from collections import Counter

    from kg.graph.mirror import _pair_counts

    def counts(lists: bool) -> Counter:
        out: Counter = Counter()
        for actor, target, n in _pair_counts(hand_store, flt, lists=lists):
            out[(actor, target)] += n
        return out

    assert counts(True) == counts(False)
    assert sum(counts(True).values()) > 0
