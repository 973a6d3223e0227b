"""kg.graph_page: the page drawn from the shown actors' events equals the page drawn from every event."""
from __future__ import annotations

import pytest

from kg.analysis import metric_scores
from kg.graph.mirror import GraphFilter, to_networkx, to_weighted_digraph
from kg.views.graph_page import write_graph_page
from kg.store import open_store
from kg.views.viz import render_html

FILTERS = [GraphFilter(), GraphFilter(since="2026-02-01"), GraphFilter(categories=("ASSAULT", "SANCTION", "COERCE")),
           GraphFilter(types=("Person", "Organization")), GraphFilter(min_weight=2), GraphFilter(actor="Carlos Brito")]


@pytest.mark.parametrize("metric", ["degree", "events"])  # events: ranked on the table, no graph of every actor
@pytest.mark.parametrize("max_nodes,max_edges", [(6, 1000), (12, 1000), (1000, 1000), (12, 4), (1000, 9)])
@pytest.mark.parametrize("flt", FILTERS, ids=repr)
def test_page_equals_the_page_of_every_event(examples_store, tmp_path, flt, max_nodes, max_edges, metric):
    with open_store(examples_store, read_only=True) as store:
        fast = write_graph_page(store, tmp_path / "fast.html", flt=flt, max_nodes=max_nodes, metric=metric,
                                max_edges=max_edges)
        D = to_weighted_digraph(store, flt)
        scores = metric_scores(D, metric)
        slow = render_html(to_networkx(store, flt), tmp_path / "slow.html", scores=scores, metric=metric,
                           max_nodes=max_nodes, max_edges=max_edges)
    page = fast.read_text(encoding="utf-8")
    assert page == slow.read_text(encoding="utf-8")
    assert f"of {D.number_of_nodes()} actors" in page
    assert (f"(top by {metric})" in page) == (max_nodes < D.number_of_nodes())
    shown = set(sorted(D, key=lambda n: (-round(scores[n], 12), n))[:max_nodes])
    links = sum(1 for u, v in D.edges if u in shown and v in shown and u != v)
    assert (f"{max_edges} of {links} links (most events)" in page) == (max_edges < links)


def test_among_reads_only_events_between_the_given_actors(examples_store):
    with open_store(examples_store, read_only=True) as store:
        full = to_networkx(store)
        shown = ["Country/senegal", "Organization/black-mangrove-militia", "Location/dakar"]
        some = to_networkx(store, among=shown)
        none = to_networkx(store, among=[])
    expected = sorted(k for u, v, k in full.edges(keys=True) if u in shown and v in shown)
    assert sorted(k for _, _, k in some.edges(keys=True)) == expected and expected
    assert set(some) <= set(shown)
    assert none.number_of_nodes() == 0


@pytest.mark.parametrize("name,radius,flt", [("Joaquim Serpa", 1, GraphFilter()), ("Joaquim Serpa", 2, GraphFilter()),
                                             ("senegal", 1, GraphFilter(since="2026-02-01")),
                                             ("AMSC", 2, GraphFilter(categories=("ASSAULT", "COERCE", "THREATEN", "SANCTION"))),
                                             ("Carlos Brito", 2, GraphFilter(types=("Person", "Organization"))),
                                             ("Carlos Brito", 3, GraphFilter(min_weight=2)),
                                             ("Dakar", 0, GraphFilter())], ids=repr)
def test_ego_network_from_the_store_equals_the_one_from_every_event(examples_store, name, radius, flt):
    from kg.analysis import actor_rows, ego_network, event_rows
    from kg.graph.mirror import ActorGraph
    from kg.errors import KgError

    with open_store(examples_store, read_only=True) as store:
        try:
            slow = ego_network(to_networkx(store, flt), name, radius=radius)
        except KgError as exc:
            with pytest.raises(KgError, match="no actor"):
                ego_network(ActorGraph(store, flt), name, radius=radius)
            assert "no actor" in str(exc)
            return
        fast = ego_network(ActorGraph(store, flt), name, radius=radius)
    assert fast.graph == slow.graph
    assert dict(fast.nodes(data=True)) == dict(slow.nodes(data=True))
    assert sorted(fast.edges(keys=True, data="evidence")) == sorted(slow.edges(keys=True, data="evidence"))
    assert actor_rows(fast) == actor_rows(slow) and event_rows(fast) == event_rows(slow)


def test_a_page_ranked_by_events_builds_no_graph_of_every_actor(examples_store):
    from kg.graph.mirror import ActorGraph
    from kg.views.graph_page import shown_graph

    with open_store(examples_store, read_only=True) as store:
        view = ActorGraph(store)
        G, _, _, total, _ = shown_graph(view, "events", max_nodes=6)
        assert not view.weighted_built  # the whole graph was never built
        assert G.number_of_nodes() == 6 and total == to_weighted_digraph(store).number_of_nodes()
        shaped = ActorGraph(store, GraphFilter(types=("Person",)))
        shown_graph(shaped, "events", max_nodes=6)
        assert shaped.weighted_built  # a filter that shapes the graph needs it


@pytest.mark.parametrize("flt", FILTERS[:3], ids=repr)
def test_pair_events_found_through_the_saved_rows_equal_those_found_by_actor(examples_store, flt):
    import random

    from kg.graph.evidence import read_pair_events
    from kg.graph.mirror import ActorGraph
    from kg.graph.summary import read_rows

    with open_store(examples_store, read_only=True) as store:
        view = ActorGraph(store, flt)
        actors, links = view.table.actor_iris()
        rows = read_rows(store)
        assert rows is not None and int(rows.doc.min()) >= 0  # a built store keeps its events per document
        edges = sorted((u, v) for u, v in view.weighted.edges if u != v)
        for seed in range(3):
            pairs = random.Random(seed).sample(edges, min(len(edges), 7 + 5 * seed))
            by_rows = sorted(read_pair_events(store, actors, links, flt.events_only(), pairs, rows=rows),
                             key=lambda r: r[2])
            by_actor = sorted(read_pair_events(store, actors, links, flt.events_only(), pairs), key=lambda r: r[2])
            assert by_rows == by_actor and by_rows
            assert {(u, v) for u, v, _, _ in by_rows} <= set(pairs)


def test_a_page_of_a_saved_store_reads_only_the_evidence_it_shows(tmp_path, monkeypatch):
    """Edges counted from the summary's rows; of each edge only its newest events are read, whole dates at a
    time, and again when two of them are one piece of evidence (same sentence and action): the same page."""
    import kg.views.edges as edges_module
    from kg.graph.mirror import ActorGraph
    from kg.graph.curating import curate
    from kg.graph.summary import refresh_summary
    from kg.views.graph_page import shown_graph

    from conftest import _entity, _triple, write_store
    from kg.extract.pipeline import ExtractionResult
    from kg.model import Document

    navy = _entity("Organization", "harbour-navy", "Harbour Navy", "ECU")
    gang = _entity("Organization", "salt-gang", "Salt Gang", "ECU")
    mayor = _entity("Person", "ines-faro", "Ines Faro", "ECU")
    command = _entity("Organization", "navy-command", "Navy Command", "ECU")  # merged into the navy below
    plan = {  # document -> (date, [(sentence, subject, action, lemma, object, negated)])
        "d1": ("2026-05-01", [(0, navy, "arrested", "arrest", gang, False), (1, mayor, "praised", "praise", navy, False)]),
        "d2": ("2026-05-02", [(0, navy, "arrested", "arrest", gang, False), (1, navy, "arrested", "arrest", gang, True)]),
        "d3": ("2026-05-02", [(0, navy, "arrested", "arrest", gang, False)]),  # the same date as d2
        "d4": ("2026-05-03", [(2, navy, "arrested", "arrest", gang, False),
                              (2, command, "arrested", "arrest", gang, False)]),
        "d5": ("2026-05-03", [(0, mayor, "praised", "praise", navy, False)]),
    }
    results = []
    for doc, (date, events) in plan.items():
        triples = [_triple(doc, k, s, action, lemma, o, category="COERCE" if lemma == "arrest" else None, date=date,
                           negated=negated) for k, s, action, lemma, o, negated in events]
        results.append(ExtractionResult(Document(doc, f"Text of {doc}.", date=date), triples,
                                        entities=[navy, gang, mayor, command], sentences=3))
    path = write_store(tmp_path / "store", results)
    with open_store(str(path)) as store:
        refresh_summary(store)
        curate(store, "merge", "Navy Command", "Harbour Navy", curation=tmp_path / "curation.jsonl")
    monkeypatch.setattr(edges_module, "_MAX_PAGE_EVIDENCE", 4)
    with open_store(str(path), read_only=True) as store:
        page = shown_graph(ActorGraph(store), "events")
        fast = write_graph_page(store, tmp_path / "fast.html", metric="events")
        slow = render_html(to_networkx(store), tmp_path / "slow.html", scores=page.scores, metric="events")
        every = to_networkx(store).number_of_edges()
    assert fast.read_text(encoding="utf-8") == slow.read_text(encoding="utf-8")
    arrest = ("Organization/harbour-navy", "Organization/salt-gang", "arrest", "COERCE", False)
    assert page.edge_counts is not None and page.edge_counts[arrest] == 5
    # shares 2 (arrest), 1 (not arrest), 1 (praise): d4's two events are one piece of evidence, so the
    # arrests of 2026-05-02 are read too; the praise of 2026-05-01 is not
    read = sorted((d["doc"], d["sentence"], d["negated"]) for _, _, d in page.graph.edges(data=True))
    assert read == [("d2", 0, False), ("d2", 1, True), ("d3", 0, False), ("d4", 2, False), ("d4", 2, False),
                    ("d5", 0, False)]
    assert len(read) < every == 8
