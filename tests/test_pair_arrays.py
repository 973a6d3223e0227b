"""The weighted graph as arrays (PairArrays) gives every ranking, community and page what the networkx graph gives."""
from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kg.analysis.engines as engines
from kg.analysis import METRICS, centrality, communities, community_rows, metric_scores
from kg.analysis.engines import ENGINE_FROM, start_betweenness
from kg.graph.mirror import ActorGraph, GraphFilter, _top_indices
from kg.graph.pair_arrays import PairArrays
from kg.store import open_store

from test_weighted_graph import FILTERS


@st.composite
def actor_graphs(draw) -> nx.DiGraph:
    """Weighted DiGraphs as kg builds them: labelled actors with mentions, ties in every score."""
    n = draw(st.integers(min_value=0, max_value=14))
    D = nx.DiGraph()
    for i in draw(st.permutations(range(n))):
        D.add_node(f"Person/p{i}", label=draw(st.sampled_from(["Ann", "ann", "Bo", f"P{i}"])), type="Person",
                   mentions=draw(st.integers(1, 4)))
    if n:
        for u, v, w in draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.integers(1, 3)),
                                     max_size=40)):
            if u != v:
                D.add_edge(f"Person/p{u}", f"Person/p{v}", weight=float(w))
    return D


@settings(max_examples=120, deadline=None)
@given(actor_graphs(), st.integers(1, 5))
def test_arrays_rank_and_group_like_the_graph(D, top):
    P = PairArrays.from_digraph(D)
    back = P.to_digraph()
    assert list(back.nodes(data=True)) == list(D.nodes(data=True))
    assert sorted(back.edges(data="weight")) == sorted(D.edges(data="weight"))
    for metric in METRICS:
        ours, theirs = metric_scores(P, metric), metric_scores(D, metric)
        assert ours.keys() == theirs.keys()
        assert all(ours[n] == pytest.approx(theirs[n], abs=1e-12) for n in D), metric
    everyone = centrality(D, ["events", "pagerank"])
    assert centrality(P, ["events", "pagerank"]) == everyone
    # the top-k shortcut (only actors scoring at least the k-th) keeps ties at the cut, in the same order
    assert centrality(P, ["events", "pagerank"], top=top) == everyone[:top]
    assert centrality(D, ["events", "pagerank"], top=top) == everyone[:top]
    assert communities(P) == communities(D)
    assert community_rows(P, top=2) == community_rows(D, top=2)


def test_big_graphs_give_the_same_betweenness_and_communities_as_arrays():
    D = nx.gnp_random_graph(ENGINE_FROM + 300, 0.003, seed=5, directed=True)
    nx.set_edge_attributes(D, 1.0, "weight")
    for u, v in list(D.edges)[::7]:
        D[u][v]["weight"] = 3.0
    P = PairArrays.from_digraph(D)
    ours, theirs = metric_scores(P, "betweenness"), metric_scores(D, "betweenness")
    assert max(abs(ours[n] - theirs[n]) for n in D) < 1e-15
    assert communities(P) == communities(D)
    assert community_rows(P) == community_rows(D)


def test_background_betweenness_forks_and_gives_the_foreground_result(monkeypatch):
    """Every share of the pivots summed by a forked child while the caller goes on: the same scores."""
    import os

    from kg import processes

    D = nx.gnp_random_graph(400, 0.02, seed=9, directed=True)
    P = PairArrays.from_digraph(D)
    monkeypatch.setattr(engines, "PARALLEL_FROM", 0)  # fork even for this small graph
    monkeypatch.setattr(engines, "usable_cpus", lambda: 2)
    monkeypatch.setattr(processes, "usable_cpus", lambda: 2)  # (the children are forked by kg.processes.in_child)
    forks = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or real_fork())
    pending = start_betweenness(P, 60, seed=3, background=True)
    assert len(forks) == 2  # both shares in children, none left to the caller
    background = pending.result()
    monkeypatch.setattr(engines, "PARALLEL_FROM", 10**12)
    theirs = nx.betweenness_centrality(D, k=60, seed=3, normalized=True)
    assert max(abs(background[n] - theirs[n]) for n in D) < 1e-12


def test_top_indices_break_ties_by_name_as_a_full_sort():
    counts = np.array([3, 5, 5, 1, 5, 3, 0])
    names = ["g", "e", "b", "a", "c", "d", "f"]
    full = sorted(range(len(counts)), key=lambda i: (-int(counts[i]), names[i]))
    for k in range(len(counts) + 2):
        assert _top_indices(counts, names, k) == full[:k]


@pytest.mark.parametrize("flt", FILTERS, ids=repr)
def test_pairs_of_a_store_are_its_weighted_graph(hand_store, flt):
    view = ActorGraph(hand_store, flt)
    pairs = view.pairs.to_digraph()
    D = ActorGraph(hand_store, flt).weighted
    assert list(pairs.nodes(data=True)) == list(D.nodes(data=True))
    assert sorted(pairs.edges(data="weight")) == sorted(D.edges(data="weight"))


def test_examples_store_ranks_the_same_from_arrays(examples_store):
    with open_store(examples_store, read_only=True) as store:
        view = ActorGraph(store, GraphFilter())
        P, D = view.pairs, ActorGraph(store, GraphFilter()).weighted
        metrics = ["events", "pagerank", "degree", "betweenness"]
        assert centrality(P, metrics, top=10) == centrality(D, metrics, top=10)
        assert community_rows(P) == community_rows(D)


def test_event_batches_keep_order_and_give_each_cpu_one(monkeypatch):
    import kg.graph.evidence as evidence

    monkeypatch.setattr(evidence, "usable_cpus", lambda: 2)
    items = list(range(11))
    batches = evidence._batches(items, size=5)
    assert [x for b in batches for x in b] == items and len(batches) == 3
    assert evidence._batches(items[:6], size=5) == [[0, 1, 2], [3, 4, 5]]  # two CPUs: two queries at once
    assert evidence._batches([], size=5) == []
