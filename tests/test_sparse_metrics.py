"""kg.sparse_metrics gives networkx's weighted degrees and PageRank on any weighted DiGraph."""
from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.analysis import metric_scores
from kg.graph.mirror import collapse
from kg.analysis.sparse import adjacency_matrix, pagerank, weighted_degrees


@st.composite
def weighted_digraphs(draw) -> nx.DiGraph:
    """Small DiGraphs with isolated and dangling nodes, self-loops, zero and missing weights."""
    n = draw(st.integers(min_value=0, max_value=12))
    D = nx.DiGraph()
    D.add_nodes_from(draw(st.permutations([f"n{i}" for i in range(n)])))
    if n:
        edges = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1),
                                        st.one_of(st.none(), st.integers(0, 5), st.floats(0.1, 9.5))), max_size=40))
        for u, v, w in edges:
            if w is None:
                D.add_edge(f"n{u}", f"n{v}")
            else:
                D.add_edge(f"n{u}", f"n{v}", weight=w)
    return D


@settings(max_examples=150, deadline=None)
@given(weighted_digraphs())
def test_pagerank_equals_networkx(D):
    ours = pagerank(D)
    theirs = nx.pagerank(D, weight="weight")
    assert list(ours) == list(theirs)
    assert all(ours[n] == pytest.approx(theirs[n], abs=1e-12) for n in D)


@settings(max_examples=150, deadline=None)
@given(weighted_digraphs())
def test_weighted_degrees_equal_networkx(D):
    for kind, view in (("degree", D.degree), ("in_degree", D.in_degree), ("out_degree", D.out_degree)):
        expected = dict(view(weight="weight"))
        got = weighted_degrees(D, kind)
        assert list(got) == list(expected)
        assert all(got[n] == pytest.approx(expected[n], abs=1e-9) for n in D)


def test_adjacency_rows_follow_node_order():
    D = nx.DiGraph()
    D.add_nodes_from(["c", "a", "b"])
    D.add_edge("c", "b", weight=2.0)
    D.add_edge("c", "a", weight=3.0)
    D.add_edge("b", "b")
    nodes, A = adjacency_matrix(D)
    assert nodes == ["c", "a", "b"]
    assert A.toarray().tolist() == [[0.0, 3.0, 2.0], [0.0, 0.0, 0.0], [0.0, 0.0, 1.0]]


def test_pagerank_reports_non_convergence_like_networkx():
    D = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("a", "c")])
    with pytest.raises(nx.PowerIterationFailedConvergence):
        pagerank(D, max_iter=1)
    with pytest.raises(nx.PowerIterationFailedConvergence):
        nx.pagerank(D, max_iter=1)


def test_metric_scores_accepts_a_multigraph():
    G = nx.MultiDiGraph()
    G.add_edge("a", "b", weight=1.0)
    G.add_edge("a", "b", weight=1.0)
    G.add_edge("b", "c", weight=1.0)
    G.add_edge("b", "a", weight=1.0)
    assert metric_scores(G, "out_degree") == {"a": 2.0, "b": 2.0, "c": 0.0}
    assert metric_scores(G, "pagerank") == pytest.approx(nx.pagerank(collapse(G)), abs=1e-12)
