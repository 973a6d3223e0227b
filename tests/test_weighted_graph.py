"""to_weighted_digraph (aggregate SPARQL) equals collapse(to_networkx(...)) under every filter."""
from __future__ import annotations

import networkx as nx
import pytest

from kg.analysis import centrality
from kg.graph.mirror import GraphFilter, collapse, to_networkx, to_weighted_digraph
from kg.store import open_store

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


class _Server:
    """A store that answers like a SPARQL server which may cut GROUP_CONCAT short."""

    full_group_concat = False
    derived_dir = None  # a server keeps no derived files

    def __init__(self, store):
        self._store = store

    def query(self, *args, **kwargs):
        return self._store.query(*args, **kwargs)


def test_event_lines_and_group_by_count_the_same_table(hand_store):
    """The per-actor GROUP_CONCAT form (embedded store) and the plain GROUP BY form (servers) agree."""
    from kg.graph.table import EventTable

    lines, groups = EventTable.read(hand_store), EventTable.read(_Server(hand_store))
    for flt in FILTERS:
        _same(lines.weighted(lines.mask(flt)), groups.weighted(groups.mask(flt)))
    assert lines.count.sum() == groups.count.sum() > 0


_REFERENCE = """PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?aid ?tid (COUNT(?e) AS ?n) WHERE {
  GRAPH ?g { ?e a kg:Event ; kg:actor ?a0 ; kg:target ?t0 ; kg:confidence ?conf .
             OPTIONAL { ?e kg:date ?date } OPTIONAL { ?e kg:category ?cat } }
  OPTIONAL { GRAPH <%(links)s> { ?a0 owl:sameAs ?a1 } } BIND(COALESCE(?a1, ?a0) AS ?a)
  OPTIONAL { GRAPH <%(links)s> { ?t0 owl:sameAs ?t1 } } BIND(COALESCE(?t1, ?t0) AS ?t)
  GRAPH <%(entities)s> { ?a kg:entityId ?aid . ?t kg:entityId ?tid }
  FILTER(?a != ?t) %(filters)s
} GROUP BY ?aid ?tid"""


def _reference_weights(store, flt: GraphFilter) -> list:
    """Events per actor pair counted by one plain SPARQL query, with the event filters written in SPARQL."""
    from kg import vocab as V
    from kg.graph.links import LINK_GRAPH

    tests = []
    if flt.since:
        tests.append(f'STR(?date) >= "{flt.since}"')
    if flt.until:
        tests.append(f'STR(?date) <= "{flt.until}"')
    if flt.categories:
        tests.append("UCASE(STRAFTER(STR(?cat), STR(act:))) IN (%s)" % ", ".join(f'"{c.upper()}"' for c in flt.categories))
    if flt.min_confidence:
        tests.append(f"?conf >= {flt.min_confidence}")
    query = _REFERENCE % {"links": LINK_GRAPH, "entities": V.ENTITY_GRAPH,
                          "filters": "".join(f" FILTER({t})" for t in tests)}
    return sorted((a, t, float(n)) for a, t, n in store.query(query).rows)


@pytest.mark.parametrize("flt", [f for f in FILTERS if not (f.types or f.actor or f.min_weight > 1)]
                         + [GraphFilter(min_confidence=0.6)], ids=repr)
def test_weighted_graph_equals_plain_sparql(examples_store, flt):
    with open_store(examples_store, read_only=True) as store:
        assert sorted(to_weighted_digraph(store, flt).edges(data="weight")) == _reference_weights(store, flt)


@pytest.mark.parametrize("server", [False, True], ids=["lines", "group-by"])
def test_a_table_counted_with_fewer_columns_gives_the_same_graph(hand_store, server):
    """A store without a summary counts only the columns a view needs; the graphs are the same."""
    from kg.graph.table import COLUMNS, EventTable, needed_columns

    store = _Server(hand_store) if server else hand_store
    full = EventTable.read(store)
    for flt in FILTERS:
        part = EventTable.read(store, needed_columns(flt))
        assert part.columns == needed_columns(flt) <= COLUMNS
        _same(part.weighted(part.mask(flt)), full.weighted(full.mask(flt)))
    bare = EventTable.read(store, frozenset())
    with pytest.raises(ValueError, match="without date"):
        bare.mask(GraphFilter(since="2026-01-01"))


def test_an_actor_graph_counts_more_columns_when_a_view_needs_them(hand_store):
    from kg.analysis import centrality_over_time
    from kg.graph.mirror import ActorGraph

    view = ActorGraph(hand_store)  # in memory: no summary, counted by SPARQL
    assert view.table.columns == frozenset()
    rows = centrality_over_time(view, metrics=["degree"])
    assert "date" in view.table.columns and rows.periods
