"""kg.analysis beyond one ranking: Louvain communities, ego networks, centrality per month / ISO week."""
from __future__ import annotations

import networkx as nx
import pytest

from kg.analysis import (
    PeriodRanking, actor_rows, centrality_over_time, closest_actors, communities, community_rows, ego_network,
    event_rows, period_of,
)
from kg.errors import KgError
from kg.graph.mirror import to_networkx

ALICE, NAVY, LOBOS, USA = ("Person/alice-ayala", "Organization/ecuadorian-navy", "Organization/los-lobos",
                           "Country/united-states")


def event(G: nx.MultiDiGraph, u: str, v: str, date: str | None = "2031-05-01", **extra) -> None:
    for node in (u, v):
        if node not in G:
            G.add_node(node, label=node.title(), type="Person", country=None, aliases=[], mentions=1)
    G.add_edge(u, v, key=f"ev:{G.number_of_edges()}", date=date, action="met", lemma="meet",
               category="CONSULT", weight=1.0, **extra)


@pytest.fixture
def two_cliques() -> nx.MultiDiGraph:
    """Two 4-cliques (a*, b*) joined by one event; b-side events point both ways."""
    G = nx.MultiDiGraph()
    for side in "ab":
        members = [f"{side}{i}" for i in range(4)]
        for i, u in enumerate(members):
            for v in members[i + 1:]:
                event(G, u, v)
                if side == "b":
                    event(G, v, u)
    event(G, "a0", "b0")
    return G


# --------------------------------------------------------------------------- communities


def test_two_cliques_are_two_communities(two_cliques):
    # equal sizes: the tie is broken by the first id, so the order is fixed
    assert communities(two_cliques) == [["a0", "a1", "a2", "a3"], ["b0", "b1", "b2", "b3"]]


def test_communities_sorted_by_size_and_isolated_actors_alone(two_cliques):
    event(two_cliques, "b3", "b4")
    two_cliques.add_node("loner", label="Loner", type="Person")
    found = communities(two_cliques)
    assert [len(c) for c in found] == [5, 4, 1]
    assert found[0] == ["b0", "b1", "b2", "b3", "b4"]
    assert found[-1] == ["loner"]


def test_communities_are_reproducible_and_resolution_splits(two_cliques):
    assert communities(two_cliques, seed=1) == communities(two_cliques, seed=1)
    assert len(communities(two_cliques, resolution=0.01)) == 1  # low resolution merges everything
    assert len(communities(two_cliques, resolution=10)) > 2
    with pytest.raises(KgError, match="resolution must be above 0"):
        communities(two_cliques, resolution=0)


def test_communities_of_empty_graph():
    assert communities(nx.MultiDiGraph()) == []
    assert community_rows(nx.MultiDiGraph()) == []


def test_community_rows(two_cliques):
    event(two_cliques, "b1", "b2")  # b2 gets the most incoming weight on the b side
    rows = community_rows(two_cliques, top=2)
    assert [(r["community"], r["size"]) for r in rows] == [(1, 4), (2, 4)]
    assert rows[0]["events"] == 6 and rows[1]["events"] == 13  # the bridge a0->b0 is inside neither
    assert len(rows[1]["members"]) == len(rows[1]["ids"]) == len(rows[1]["pagerank"]) == 2
    assert rows[1]["pagerank"] == sorted(rows[1]["pagerank"], reverse=True)
    assert rows[0]["members"] == [two_cliques.nodes[n]["label"] for n in rows[0]["ids"]]
    assert len(community_rows(two_cliques, top=None)[0]["members"]) == 4


def test_communities_on_the_hand_store(hand_store):
    G = to_networkx(hand_store)
    found = communities(G)
    assert sorted(n for c in found for n in c) == sorted(G.nodes)


# --------------------------------------------------------------------------- ego networks


@pytest.fixture
def chain() -> nx.MultiDiGraph:
    """a -> b <- c -> d -> e, plus f -> e; direction must not matter for the radius."""
    G = nx.MultiDiGraph()
    for u, v in [("a", "b"), ("c", "b"), ("c", "d"), ("d", "e"), ("f", "e")]:
        event(G, f"Person/{u}", f"Person/{v}")
    G.nodes["Person/c"].update(label="Carla Cruz", aliases=["Cruz", "the minister"])
    return G


@pytest.mark.parametrize("radius, expected", [
    (0, {"c"}),
    (1, {"b", "c", "d"}),
    (2, {"a", "b", "c", "d", "e"}),
    (3, {"a", "b", "c", "d", "e", "f"}),
])
def test_ego_radius_ignores_direction(chain, radius, expected):
    E = ego_network(chain, "Carla Cruz", radius=radius)
    assert set(E) == {f"Person/{n}" for n in expected}
    assert E.graph["centre"] == ["Person/c"] and E.graph["radius"] == radius
    assert E.nodes["Person/c"]["distance"] == 0
    assert all(E.nodes[n]["distance"] <= radius for n in E)


def test_ego_keeps_events_among_members_and_attributes(chain):
    E = ego_network(chain, "Person/c", radius=2)
    assert sorted((u, v) for u, v in E.edges()) == [("Person/a", "Person/b"), ("Person/c", "Person/b"),
                                                    ("Person/c", "Person/d"), ("Person/d", "Person/e")]
    assert E.nodes["Person/e"]["distance"] == 2
    assert E.nodes["Person/c"]["label"] == "Carla Cruz"
    assert "distance" not in chain.nodes["Person/c"]  # the input graph is untouched


@pytest.mark.parametrize("query", ["Carla Cruz", "carla cruz", "Cruz", "THE MINISTER", "Person/c"])
def test_ego_finds_actor_by_label_alias_or_id(chain, query):
    assert ego_network(chain, query, radius=0).graph["centre"] == ["Person/c"]


def test_ego_prefers_exact_label_over_alias(chain):
    chain.nodes["Person/d"]["aliases"] = ["Carla Cruz"]  # an alias clash
    assert ego_network(chain, "Carla Cruz", radius=0).graph["centre"] == ["Person/c"]
    chain.nodes["Person/a"]["aliases"] = ["Cruz"]
    assert ego_network(chain, "cruz", radius=0).graph["centre"] == ["Person/a", "Person/c"]


def test_ego_unknown_actor_lists_close_matches(chain):
    with pytest.raises(KgError) as info:
        ego_network(chain, "Carla Crus")
    assert str(info.value) == "no actor 'Carla Crus' in the graph; did you mean: Carla Cruz?"
    with pytest.raises(KgError, match=r"^no actor 'zzz' in the graph \(6 actors; "):
        ego_network(chain, "zzz")
    with pytest.raises(KgError, match="radius must be 0 or more"):
        ego_network(chain, "c", radius=-1)


def test_closest_actors(chain):
    assert closest_actors(chain, "crus") == ["Carla Cruz"]
    assert closest_actors(chain, "minister") == ["Carla Cruz"]
    assert closest_actors(chain, "xq") == []


def test_ego_on_the_hand_store(hand_store):
    G = to_networkx(hand_store)
    E = ego_network(G, "Ayala", radius=1)
    assert set(E) == {ALICE, LOBOS}
    assert [r["id"] for r in actor_rows(E)] == [ALICE, LOBOS]
    assert [(r["date"], r["actor"], r["action"], r["target"]) for r in event_rows(E)] == [
        ("2026-01-10", "Alice Ayala", "accused", "Los Lobos")]
    E2 = ego_network(G, "Ayala", radius=2)
    assert set(E2) == {ALICE, LOBOS, NAVY, USA}
    rows = event_rows(E2)
    assert [r["date"] for r in rows] == ["2026-01-10", "2026-01-10", "2026-01-11", "2026-01-12",
                                         "2026-03-01", "2026-03-02", None]  # undated last
    assert {r["distance"] for r in actor_rows(E2)} == {0, 1, 2}


# --------------------------------------------------------------------------- rankings over time


@pytest.mark.parametrize("date, by, period", [
    ("2026-03-04", "month", "2026-03"),
    ("2026-03-04", "week", "2026-W10"),
    ("2026-01-01", "week", "2026-W01"),
    ("2027-01-01", "week", "2026-W53"),
    ("2024-12-30", "week", "2025-W01"),
    ("2026-02-28T10:00:00", "month", "2026-02"),
    (None, "month", None),
    ("", "week", None),
    ("sometime", "month", None),
])
def test_period_of(date, by, period):
    assert period_of(date, by) == period


def test_period_of_unknown_length():
    with pytest.raises(ValueError, match="unknown period 'year'"):
        period_of("2026-01-01", "year")


@pytest.fixture
def shifting() -> nx.MultiDiGraph:
    """January: hub is 'Ana' (three actors report to her). February: 'Ben' takes over."""
    G = nx.MultiDiGraph()
    for u, date in [("ben", "2026-01-10"), ("cy", "2026-01-11"), ("dee", "2026-01-12")]:
        event(G, u, "ana", date=date)
    for u, date in [("ana", "2026-02-02"), ("cy", "2026-02-03"), ("dee", "2026-02-04")]:
        event(G, u, "ben", date=date)
    event(G, "ben", "ana", date="2026-02-20")
    event(G, "cy", "dee", date=None)
    return G


def test_actor_rank_changes_between_months(shifting):
    rows = centrality_over_time(shifting, by="month", metrics=["pagerank", "degree"])
    assert isinstance(rows, PeriodRanking) and isinstance(rows, list)
    assert rows.periods == ["2026-01", "2026-02"]
    assert rows.undated == 1
    table = [(r["period"], r["rank"], r["id"], r["degree"], r["previous_rank"], r["rank_change"]) for r in rows]
    assert table[0] == ("2026-01", 1, "ana", 3.0, None, None)
    by_actor = {(r["period"], r["id"]): r for r in rows}
    assert by_actor[("2026-02", "ben")]["rank"] == 1
    assert by_actor[("2026-02", "ben")]["previous_rank"] > 1
    assert by_actor[("2026-02", "ben")]["rank_change"] > 0  # rising
    assert by_actor[("2026-02", "ana")]["rank_change"] < 0  # falling
    assert by_actor[("2026-02", "ben")]["degree"] == 4.0
    for period in rows.periods:
        ranks = [r["rank"] for r in rows if r["period"] == period]
        assert ranks == list(range(1, len(ranks) + 1))
        scores = [r["pagerank"] for r in rows if r["period"] == period]
        assert scores == sorted(scores, reverse=True)
    assert set(rows[0]) >= {"period", "rank", "id", "label", "type", "country", "aliases", "pagerank", "degree",
                            "previous_rank", "rank_change"}


def test_top_is_per_period(shifting):
    rows = centrality_over_time(shifting, by="month", metrics=["degree"], top=1)
    assert [(r["period"], r["id"]) for r in rows] == [("2026-01", "ana"), ("2026-02", "ben")]
    # rank_change is measured against the full previous ranking, not the top-1 cut
    assert rows[1]["previous_rank"] is not None and rows[1]["rank_change"] > 0


def test_weekly_periods(shifting):
    rows = centrality_over_time(shifting, by="week", metrics=["degree"])
    assert rows.periods == ["2026-W02", "2026-W03", "2026-W06", "2026-W08"]
    assert sum(r["degree"] for r in rows) == 2 * 7  # each dated event counts at both ends, once


def test_over_time_on_the_hand_store(hand_store):
    rows = centrality_over_time(to_networkx(hand_store), by="month", metrics=["degree"])
    assert rows.undated == 1  # "United States condemned Los Lobos" has no date
    assert [(r["period"], r["rank"], r["label"], r["degree"], r["rank_change"]) for r in rows] == [
        ("2026-01", 1, "Ecuadorian Navy", 3.0, None),
        ("2026-01", 2, "Los Lobos", 3.0, None),
        ("2026-01", 3, "Alice Ayala", 1.0, None),
        ("2026-01", 4, "United States", 1.0, None),
        ("2026-03", 1, "Los Lobos", 2.0, 1),
        ("2026-03", 2, "Ecuadorian Navy", 1.0, -1),
        ("2026-03", 3, "United States", 1.0, 1),
    ]


def test_over_time_edge_cases():
    assert centrality_over_time(nx.MultiDiGraph()) == []
    with pytest.raises(ValueError, match="unknown period"):
        centrality_over_time(nx.MultiDiGraph(), by="day")
    G = nx.MultiDiGraph()
    event(G, "a", "b", date=None)
    rows = centrality_over_time(G)
    assert rows == [] and rows.undated == 1 and rows.periods == []
    with pytest.raises(ValueError, match="unknown metric"):
        centrality_over_time(nx.MultiDiGraph([("a", "b", {"date": "2026-01-01"})]), metrics=["fame"])
