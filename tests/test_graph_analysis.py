"""kg.graph (store -> networkx mirror, filters) and kg.analysis (centrality)."""
from __future__ import annotations

import networkx as nx
import pytest

from kg.analysis import metrics as analysis
from kg.analysis import METRICS, centrality, metric_scores
from kg.graph.mirror import GraphFilter, collapse, find_actor, to_networkx

ALICE, NAVY, LOBOS, USA = ("Person/alice-ayala", "Organization/ecuadorian-navy", "Organization/los-lobos",
                           "Country/united-states")


def pairs(G) -> list[tuple[str, str]]:
    return sorted((u, v) for u, v in G.edges())


# --------------------------------------------------------------------------- the mirror


def test_nodes_and_attributes(hand_store):
    G = to_networkx(hand_store)
    assert isinstance(G, nx.MultiDiGraph)
    assert set(G.nodes) == {ALICE, NAVY, LOBOS, USA}  # no generic police, no Other "statement"
    assert G.nodes[LOBOS] == {"label": "Los Lobos", "type": "Organization", "country": "ECU",
                              "aliases": ["Lobos"], "mentions": 6}
    assert G.nodes[USA]["aliases"] == ["U.S."]
    assert G.nodes[USA]["type"] == "Country"
    assert G.nodes[ALICE]["mentions"] == 3  # accused, rejected, resigned: every event counts
    assert G.nodes[NAVY]["mentions"] == 5


def test_edges_are_events_with_attributes(hand_store):
    G = to_networkx(hand_store)
    assert G.number_of_edges() == 7
    assert pairs(G) == sorted([(ALICE, LOBOS), (NAVY, LOBOS), (NAVY, LOBOS), (USA, NAVY), (USA, LOBOS),
                               (USA, LOBOS), (LOBOS, NAVY)])
    [(key, data)] = [(k, d) for _, _, k, d in G.edges(LOBOS, keys=True, data=True)]
    assert key.startswith("https://w3id.org/kg-news/id/event/")
    assert data["action"] == "threaten" and data["lemma"] == "threaten"
    assert data["category"] == "THREATEN"
    assert data["date"] == "2026-03-02"
    assert data["doc"] == "doc-two"
    assert data["sentence"] == 1
    assert data["evidence"].startswith("Sentence 1 of doc-two")
    assert data["negated"] is False
    assert data["confidence"] == pytest.approx(0.8)
    assert data["weight"] == 1.0
    undated = [d for _, _, d in G.edges(USA, data=True) if d["action"] == "condemned"]
    assert undated[0]["date"] is None


def test_empty_store_gives_empty_graph():
    from kg.store import open_store

    with open_store("memory") as store:
        G = to_networkx(store)
    assert G.number_of_nodes() == 0
    assert centrality(G) == []


def test_several_aliases_are_split(hand_store):
    hand_store.update("""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        INSERT DATA { GRAPH <https://w3id.org/kg-news/id/graph/entities> {
          <https://w3id.org/kg-news/id/entity/Organization/los-lobos> skos:altLabel "Los Lobos gang", "LL" } }""")
    assert to_networkx(hand_store).nodes[LOBOS]["aliases"] == ["LL", "Lobos", "Los Lobos gang"]


# --------------------------------------------------------------------------- filters


@pytest.mark.parametrize("flt, nodes, edges", [
    (GraphFilter(since="2026-03-01"), {ALICE, NAVY, LOBOS, USA}, [(LOBOS, NAVY), (USA, LOBOS)]),
    (GraphFilter(until="2026-01-10"), {ALICE, NAVY, LOBOS}, [(ALICE, LOBOS), (NAVY, LOBOS)]),
    (GraphFilter(since="2026-01-11", until="2026-01-12"), {NAVY, LOBOS, USA}, [(NAVY, LOBOS), (USA, NAVY)]),
    (GraphFilter(categories=("assault",)), {NAVY, LOBOS}, [(NAVY, LOBOS), (NAVY, LOBOS)]),
    (GraphFilter(categories=("SANCTION", "THREATEN")), {NAVY, LOBOS, USA}, [(LOBOS, NAVY), (USA, LOBOS)]),
    (GraphFilter(types=("Organization",)), {NAVY, LOBOS}, [(LOBOS, NAVY), (NAVY, LOBOS), (NAVY, LOBOS)]),
    (GraphFilter(types=("person", "COUNTRY")), {ALICE, USA}, []),
    (GraphFilter(min_weight=2), {NAVY, LOBOS, USA}, [(NAVY, LOBOS), (NAVY, LOBOS), (USA, LOBOS), (USA, LOBOS)]),
    (GraphFilter(min_weight=3), set(), []),
    (GraphFilter(actor="ayala"), {ALICE, LOBOS}, [(ALICE, LOBOS)]),
    (GraphFilter(actor="Alice Ayala"), {ALICE, LOBOS}, [(ALICE, LOBOS)]),
    (GraphFilter(actor=USA.lower()), {USA, NAVY, LOBOS},
     [(LOBOS, NAVY), (NAVY, LOBOS), (NAVY, LOBOS), (USA, LOBOS), (USA, LOBOS), (USA, NAVY)]),
    (GraphFilter(actor="nobody"), set(), []),
    (GraphFilter(actor="Lobos", types=("Organization",), since="2026-03-01"), {NAVY, LOBOS}, [(LOBOS, NAVY)]),
])
def test_filters(hand_store, flt, nodes, edges):
    G = to_networkx(hand_store, flt)
    assert set(G.nodes) == nodes
    assert pairs(G) == sorted(edges)


def test_date_window_drops_undated_events(hand_store):
    G = to_networkx(hand_store, GraphFilter(since="2000-01-01"))
    assert "condemned" not in {d["action"] for _, _, d in G.edges(data=True)}
    assert G.number_of_edges() == 6


def test_filter_keeps_date():
    assert GraphFilter().keeps_date(None)
    assert not GraphFilter(since="2026-01-01").keeps_date(None)
    assert GraphFilter(since="2026-01-01", until="2026-01-31").keeps_date("2026-01-31")
    assert not GraphFilter(until="2026-01-31").keeps_date("2026-02-01")


def test_filtered_mentions_count_only_kept_events(hand_store):
    G = to_networkx(hand_store, GraphFilter(categories=("ASSAULT",)))
    assert G.nodes[NAVY]["mentions"] == 3  # two attacks on Los Lobos, one on (generic) police
    assert G.nodes[LOBOS]["mentions"] == 2


def test_find_actor(hand_store):
    G = to_networkx(hand_store)
    assert find_actor(G, "LOBOS") == [LOBOS]
    assert find_actor(G, "u.s.") == [USA]
    assert find_actor(G, "Navy") == []  # exact match on id, label or alias, not substring


def test_collapse_sums_parallel_events(hand_store):
    D = collapse(to_networkx(hand_store))
    assert isinstance(D, nx.DiGraph)
    assert D.number_of_nodes() == 4 and D.number_of_edges() == 5
    assert D[NAVY][LOBOS]["weight"] == 2.0
    assert D[USA][LOBOS]["weight"] == 2.0
    assert D[LOBOS][NAVY]["weight"] == 1.0
    assert D.nodes[LOBOS]["label"] == "Los Lobos"


def test_collapse_uses_edge_weights():
    G = nx.MultiDiGraph()
    G.add_edge("a", "b", weight=2.5)
    G.add_edge("a", "b", weight=0.5)
    G.add_edge("a", "b")  # no weight: counts 1
    assert collapse(G)["a"]["b"]["weight"] == 4.0


# --------------------------------------------------------------------------- centrality


@pytest.fixture
def star() -> nx.MultiDiGraph:
    """A centre linked both ways to four leaves."""
    G = nx.MultiDiGraph()
    G.add_node("c", label="Centre", type="Organization", country="ECU", aliases=["Hub"])
    for i in range(1, 5):
        G.add_node(f"l{i}", label=f"Leaf {i}", type="Person", country=None, aliases=[])
        G.add_edge("c", f"l{i}")
        G.add_edge(f"l{i}", "c")
    return G


@pytest.mark.parametrize("metric", METRICS)
def test_star_centre_ranks_first_for_every_metric(star, metric):
    rows = centrality(star, [metric])
    assert rows[0]["id"] == "c"
    assert rows[0][metric] > rows[1][metric]
    assert [r["label"] for r in rows[1:]] == ["Leaf 1", "Leaf 2", "Leaf 3", "Leaf 4"]  # ties by label
    assert len({round(r[metric], 9) for r in rows[1:]}) == 1


def test_star_known_values(star):
    [row] = centrality(star, METRICS, top=1)
    assert row["degree"] == 8 and row["in_degree"] == 4 and row["out_degree"] == 4
    assert row["betweenness"] == pytest.approx(1.0)  # every leaf-to-leaf path goes through the centre
    assert row["closeness"] == pytest.approx(1.0)
    assert sum(r["pagerank"] for r in centrality(star, ["pagerank"])) == pytest.approx(1.0)


def test_row_shape_and_sorting(star):
    rows = centrality(star, ["in_degree", "pagerank"], sort_by="pagerank")
    assert list(rows[0]) == ["id", "label", "type", "country", "aliases", "in_degree", "pagerank"]
    assert rows[0] == {**rows[0], "id": "c", "label": "Centre", "type": "Organization", "country": "ECU",
                       "aliases": ["Hub"]}
    scores = [r["pagerank"] for r in rows]
    assert scores == sorted(scores, reverse=True)


def test_sort_by_metric_not_shown():
    G = nx.MultiDiGraph()
    G.add_edges_from([("a", "b"), ("c", "b"), ("b", "d")])
    rows = centrality(G, ["out_degree"], sort_by="in_degree")
    assert rows[0]["id"] == "b"
    assert "in_degree" not in rows[0]


def test_weighted_degree_on_the_store(hand_store):
    rows = centrality(to_networkx(hand_store), ["degree", "in_degree", "out_degree"])
    by_id = {r["id"]: r for r in rows}
    assert [r["id"] for r in rows] == [LOBOS, NAVY, USA, ALICE]
    assert by_id[LOBOS]["degree"] == 6 and by_id[LOBOS]["in_degree"] == 5
    assert by_id[USA]["out_degree"] == 3


def test_path_betweenness_and_top():
    G = nx.MultiDiGraph([("a", "b"), ("b", "c")])
    rows = centrality(G, ["betweenness"])
    assert rows[0]["id"] == "b" and rows[0]["betweenness"] == pytest.approx(0.5)
    assert len(centrality(G, ["betweenness"], top=2)) == 2
    assert len(centrality(G, ["betweenness"], top=0)) == 3  # 0 = all


def test_isolated_and_disconnected_nodes_get_scores():
    G = nx.MultiDiGraph([("a", "b"), ("c", "d"), ("d", "c")])
    G.add_node("lonely")
    rows = centrality(G, METRICS)
    assert len(rows) == 5
    for row in rows:
        for m in METRICS:
            assert isinstance(row[m], (int, float))


def test_betweenness_is_sampled_above_the_limit(star, monkeypatch):
    calls = []
    real = nx.betweenness_centrality

    def spy(G, k=None, **kwargs):
        calls.append(k)
        return real(G, k=k, **kwargs)

    def engine_spy(G, k, **kwargs):  # sampled betweenness runs on igraph (kg.analysis.engines)
        calls.append(k)
        return real_engine(G, k, **kwargs)

    real_engine = analysis.start_betweenness
    monkeypatch.setattr(analysis.nx, "betweenness_centrality", spy)
    monkeypatch.setattr(analysis, "start_betweenness", engine_spy)
    exact = metric_scores(collapse(star), "betweenness")
    assert calls == [None]

    monkeypatch.setattr(analysis, "BETWEENNESS_EXACT_LIMIT", 3)
    sampled = metric_scores(collapse(star), "betweenness")
    assert calls[-1] == 5  # BETWEENNESS_SAMPLES (500) capped at the number of nodes
    assert set(sampled) == set(exact)
    assert max(sampled, key=sampled.get) == "c"

    monkeypatch.setattr(analysis, "BETWEENNESS_SAMPLES", 2)
    sampled = metric_scores(collapse(star), "betweenness", seed=1)
    assert calls[-1] == 2
    assert set(sampled) == set(exact) and all(v >= 0 for v in sampled.values())


def test_unknown_metric_is_value_error(star):
    with pytest.raises(ValueError, match="unknown metric 'fame'"):
        centrality(star, ["degree", "fame"])
    with pytest.raises(ValueError, match="unknown metric"):
        metric_scores(collapse(star), "fame")
    with pytest.raises(ValueError, match="unknown metric"):
        centrality(star, ["degree"], sort_by="fame")


def test_metric_scores_on_empty_graph():
    assert metric_scores(nx.DiGraph(), "pagerank") == {}


def test_events_metric_counts_every_event_of_an_actor():
    import networkx as nx

    from kg.analysis import metric_scores

    D = nx.DiGraph()
    D.add_node("speaker", mentions=9)  # said a lot, to no one in particular
    D.add_node("sink", mentions=1)
    D.add_node("plain")  # no count kept: its weighted degree
    D.add_edge("plain", "sink", weight=1.0)
    assert metric_scores(D, "events") == {"speaker": 9, "sink": 1, "plain": 1}
    assert max(metric_scores(D, "pagerank"), key=metric_scores(D, "pagerank").get) == "sink"


def test_eigenvector_of_a_disconnected_graph_where_power_iteration_fails():
    """networkx's power iteration fails here and its numpy variant refuses a disconnected graph: the
    leading eigenvector (on the component with the largest eigenvalue) is the answer, not a traceback."""
    import numpy as np

    D = nx.DiGraph()
    D.add_nodes_from(range(8))
    D.add_weighted_edges_from([(0, 2, 1.0), (2, 5, 2.0), (3, 6, 1.0), (3, 1, 3.0), (5, 2, 1.0), (7, 0, 1.0)])
    U = analysis.undirected(D)
    with pytest.raises(nx.PowerIterationFailedConvergence):
        nx.eigenvector_centrality(U, max_iter=1000, weight="weight")
    scores = metric_scores(D, "eigenvector")
    leading = max((c for c in nx.connected_components(U) if len(c) > 1),
                  key=lambda c: np.linalg.eigvalsh(nx.to_numpy_array(U.subgraph(c), weight="weight"))[-1])
    expected = nx.eigenvector_centrality_numpy(U.subgraph(leading), weight="weight")
    assert all(scores[n] == pytest.approx(expected[n]) for n in leading)
    assert all(scores[n] == 0.0 for n in D if n not in leading)
