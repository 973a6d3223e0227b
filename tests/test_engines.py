"""igraph runs the big graphs' algorithms: networkx's own results for betweenness, Louvain of the same quality."""
from __future__ import annotations

import networkx as nx
import pytest

from kg.analysis.communities import communities
from kg.analysis.engines import ENGINE_FROM, louvain, sampled_betweenness
from kg.analysis.metrics import metric_scores


@pytest.mark.parametrize("directed", [True, False])
@pytest.mark.parametrize("n, p, k", [(300, 0.02, 40), (500, 0.004, 100), (50, 0.3, 49), (40, 0.1, 2)])
def test_sampled_betweenness_is_networkx_s_estimate(directed, n, p, k):
    G = nx.gnp_random_graph(n, p, seed=n, directed=directed)
    G.add_nodes_from(["isolated", ("tuple", 1)])  # nodes of any hashable kind, some without edges
    ours = sampled_betweenness(G, k, seed=7)
    theirs = nx.betweenness_centrality(G, k=k, seed=7, normalized=True)
    assert ours.keys() == theirs.keys()
    assert max(abs(ours[v] - theirs[v]) for v in G) < 1e-12


def test_small_graphs_keep_networkx_s_code_path(monkeypatch):
    """Up to ENGINE_FROM actors nothing changes: igraph is never asked."""
    import kg.analysis.engines as engines

    def refuse(*args, **kwargs):
        raise AssertionError("igraph used on a small graph")

    monkeypatch.setattr(engines, "_igraph", refuse)
    D = nx.gnp_random_graph(300, 0.01, seed=1, directed=True)  # any graph up to ENGINE_FROM actors
    nx.set_edge_attributes(D, 1, "weight")
    assert metric_scores(D, "betweenness") == nx.betweenness_centrality(D, normalized=True)
    from kg.analysis.metrics import undirected

    theirs = nx.community.louvain_communities(undirected(D), weight="weight", seed=42)
    assert communities(D) == sorted((sorted(c, key=str) for c in theirs), key=lambda c: (-len(c), str(c[0])))


def test_big_graphs_use_igraph_with_as_many_pivots_as_networkx_would(monkeypatch):
    import kg.analysis.engines as engines

    D = nx.gnp_random_graph(ENGINE_FROM + 1, 0.002, seed=2, directed=True)
    calls = []
    real = engines._igraph
    monkeypatch.setattr(engines, "_igraph", lambda *a, **kw: calls.append(1) or real(*a, **kw))
    ours = metric_scores(D, "betweenness")
    from kg.analysis.metrics import betweenness_samples

    k = betweenness_samples(D.number_of_nodes(), D.number_of_edges())
    theirs = nx.betweenness_centrality(D, k=k, seed=42, normalized=True)
    assert calls and max(abs(ours[v] - theirs[v]) for v in D) < 1e-12


def test_louvain_is_seeded_and_finds_planted_groups():
    U = nx.planted_partition_graph(6, 400, 0.05, 0.0005, seed=4)
    nx.set_edge_attributes(U, 2.0, "weight")
    first, again = louvain(U, seed=3), louvain(U, seed=3)
    assert first == again
    planted = [set(range(g * 400, (g + 1) * 400)) for g in range(6)]
    assert sorted(map(sorted, first)) == sorted(map(sorted, planted))
    theirs = nx.community.louvain_communities(U, weight="weight", seed=3)
    assert nx.community.modularity(U, first) == pytest.approx(nx.community.modularity(U, theirs), abs=0.01)


def test_louvain_takes_any_graph_and_adds_both_directions_up():
    G = nx.DiGraph()
    G.add_nodes_from(range(5))
    assert sorted(map(sorted, louvain(G))) == [[0], [1], [2], [3], [4]]  # no edges: each actor alone
    G.add_edge(1, 2, weight=None)  # a missing weight counts 1, as in kg.analysis.metrics.undirected
    G.add_edge(2, 1, weight=3)
    assert sorted(map(sorted, louvain(G))) == [[0], [1, 2], [3], [4]]
    M = nx.MultiDiGraph([("a", "b"), ("a", "b"), ("b", "c")])
    assert louvain(M) == louvain(nx.DiGraph([("a", "b", {"weight": 2}), ("b", "c", {"weight": 1})]))


@pytest.mark.parametrize("directed", [True, False])
def test_betweenness_shared_out_over_processes_equals_one_process(monkeypatch, directed):
    import os

    from kg.analysis import engines

    if not hasattr(os, "fork") or len(os.sched_getaffinity(0)) < 2:
        pytest.skip("needs fork and two CPUs")
    G = nx.gnp_random_graph(300, 0.02, seed=5, directed=directed)
    one = sampled_betweenness(G, 40)
    forks = []
    real_fork = os.fork

    def counted_fork():
        pid = real_fork()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(engines, "PARALLEL_FROM", 0)
    monkeypatch.setattr(engines.os, "fork", counted_fork)
    shared = sampled_betweenness(G, 40)
    assert forks, "the sources were not shared out"
    assert max(abs(one[n] - shared[n]) for n in G) < 1e-15
    assert shared == pytest.approx(nx.betweenness_centrality(G, k=40, seed=42), abs=1e-12)


@pytest.mark.parametrize("forked", [False, True])
def test_betweenness_in_groups_gives_the_same_scores_and_errors_that_cover_the_exact_value(monkeypatch, forked):
    """Pivots summed in groups: the same estimate, and a standard error from the groups' spread within which
    the exact betweenness falls as often as an error should allow (±2 errors: ~90% of the time with 8 groups)."""
    import os

    from kg.analysis import engines

    if forked and (not hasattr(os, "fork") or len(os.sched_getaffinity(0)) < 2):
        pytest.skip("needs fork and two CPUs")
    monkeypatch.setattr(engines, "PARALLEL_FROM", 0 if forked else 10 ** 12)
    G = nx.gnp_random_graph(200, 0.03, seed=11, directed=True)
    exact = nx.betweenness_centrality(G)
    inside = total = 0
    for seed in range(12):
        pending = engines.start_betweenness(G, 48, seed=seed, background=forked, groups=8)
        scores, errors = pending.result(), pending.errors()
        plain = sampled_betweenness(G, 48, seed=seed)
        assert max(abs(scores[n] - plain[n]) for n in G) < 1e-12
        for n in G:
            if exact[n] > 0.01:  # (actors on paths at all; zero ones have zero error)
                total += 1
                inside += abs(scores[n] - exact[n]) <= 2 * errors[n]
    assert total > 200 and 0.8 <= inside / total <= 0.99, (inside, total)
    assert engines.start_betweenness(G, 48).errors() is None  # one group: no error to tell


def _pid_and_double(x: int) -> tuple[int, int]:
    import os

    return os.getpid(), 2 * x


def _fails(x: int) -> int:
    raise ValueError(f"no {x}")


def test_in_child_computes_in_a_forked_child_and_falls_back_to_this_process(monkeypatch):
    """The report's Louvain runs beside its betweenness and its queries (kg.processes.in_child)."""
    import os

    from kg import processes

    if not hasattr(os, "fork") or processes.usable_cpus() < 2:
        pytest.skip("needs fork and two CPUs")
    pid, value = processes.in_child(_pid_and_double, 21).result()
    assert value == 42 and pid != os.getpid()
    with pytest.raises(ValueError, match="no 3"):  # the child's failure is raised here, by doing it here
        processes.in_child(_fails, 3).result()
    monkeypatch.setattr(processes, "usable_cpus", lambda: 1)  # one CPU: no child, the same result
    assert processes.in_child(_pid_and_double, 21).result() == (os.getpid(), 42)
