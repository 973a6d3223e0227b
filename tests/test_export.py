"""kg.export (every format parses back) and kg.stats (summary numbers)."""
from __future__ import annotations

import io

import networkx as nx
import pyoxigraph as ox
import pytest

from kg.views import export as export_module
from kg.errors import KgError
from kg.views.export import EXPORT_FORMATS, export
from kg.graph.mirror import GraphFilter
from kg.graph.stats import store_stats
from kg.store import open_store

RDF_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS,
               "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD}
GRAPH_READERS = {"graphml": nx.read_graphml, "gexf": nx.read_gexf}


def test_formats_are_all_covered():
    assert set(EXPORT_FORMATS) == set(RDF_FORMATS) | set(GRAPH_READERS) | {"csv"}


def test_csv_export_is_the_weighted_edge_list_and_node_table(hand_store, tmp_path):
    import csv

    from kg.views.export import nodes_path
    from kg.graph.mirror import to_weighted_digraph

    path = tmp_path / "actors.csv"
    export(hand_store, "csv", path)
    edges = list(csv.DictReader(path.open(encoding="utf-8")))
    nodes = list(csv.DictReader(open(nodes_path(path), encoding="utf-8")))
    D = to_weighted_digraph(hand_store)
    assert {(e["Source"], e["Target"], int(e["Weight"])) for e in edges} == \
        {(u, v, int(w)) for u, v, w in D.edges(data="weight")}
    navy = next(n for n in nodes if n["Id"] == "Organization/ecuadorian-navy")
    assert navy["Label"] == "Ecuadorian Navy" and navy["country"] == "ECU"
    assert int(navy["events"]) == int(D.degree("Organization/ecuadorian-navy", weight="weight"))
    lobos_navy = next(e for e in edges if e["Source"] == "Organization/ecuadorian-navy"
                      and e["Target"] == "Organization/los-lobos")
    assert lobos_navy["Weight"] == "2" and lobos_navy["target_label"] == "Los Lobos"


def union_triples(store) -> set:
    return {ox.Triple(q.subject, q.predicate, q.object) for q in store.iter_quads()}


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_rdf_export_parses_back(hand_store, tmp_path, fmt):
    path = tmp_path / f"out.{fmt}"
    export(hand_store, fmt, path)
    parsed = list(ox.parse(path=str(path), format=RDF_FORMATS[fmt]))
    if fmt in ("ttl", "nt"):  # no graphs: the union of all graphs
        assert {ox.Triple(t.subject, t.predicate, t.object) for t in parsed} == union_triples(hand_store)
    else:
        assert set(parsed) == set(hand_store.iter_quads())
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no temporary file left


def test_turtle_uses_prefixes(hand_store):
    buf = io.BytesIO()
    export(hand_store, "ttl", buf)
    text = buf.getvalue().decode("utf-8")
    assert "@prefix kg: <https://w3id.org/kg-news/ns#>" in text
    assert "@prefix entity: <https://w3id.org/kg-news/id/entity/>" in text


@pytest.mark.parametrize("fmt", sorted(GRAPH_READERS))
def test_graph_export_reads_back(hand_store, tmp_path, fmt):
    """One edge per actor pair, weighted by its events and counted by category, from the event summary."""
    from kg.graph.mirror import to_weighted_digraph

    path = tmp_path / f"actors.{fmt}"
    export(hand_store, fmt, path)
    G = GRAPH_READERS[fmt](str(path))
    assert set(G.nodes) == {"Person/alice-ayala", "Organization/ecuadorian-navy", "Organization/los-lobos",
                            "Country/united-states"}
    D = to_weighted_digraph(hand_store)
    assert {(u, v, int(w)) for u, v, w in G.edges(data="weight")} == {(u, v, int(w)) for u, v, w in D.edges(data="weight")}
    assert sum(int(w) for _, _, w in G.edges(data="weight")) == 7  # the hand store's seven events
    lobos = G.nodes["Organization/los-lobos"]
    assert lobos["label"] == "Los Lobos"
    assert lobos["type"] == "Organization"
    assert lobos["country"] == "ECU"
    assert lobos["aliases"] == "Lobos"
    navy_lobos = G.edges["Organization/ecuadorian-navy", "Organization/los-lobos"]
    assert navy_lobos["category"] == "ASSAULT" and navy_lobos["categories"] == "ASSAULT 2"
    usa_lobos = G.edges["Country/united-states", "Organization/los-lobos"]  # a tie: the first by name leads
    assert usa_lobos["category"] == "DISAPPROVE" and usa_lobos["categories"] == "DISAPPROVE 1; SANCTION 1"
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


@pytest.mark.parametrize("fmt", sorted(GRAPH_READERS))
def test_graph_export_per_event_keeps_the_evidence(hand_store, tmp_path, fmt):
    path = tmp_path / f"events.{fmt}"
    export(hand_store, fmt, path, per_event=True)
    G = GRAPH_READERS[fmt](str(path))
    assert G.number_of_edges() == 7
    assert all(d.get("evidence") and d.get("doc") for _, _, d in G.edges(data=True))
    assert {"ASSAULT", "THREATEN", "SANCTION"} <= {d.get("category") for _, _, d in G.edges(data=True)}


def test_graph_export_applies_filter(hand_store):
    buf = io.BytesIO()
    export(hand_store, "graphml", buf, flt=GraphFilter(categories=("ASSAULT",)))
    G = nx.read_graphml(io.BytesIO(buf.getvalue()))
    assert set(G.nodes) == {"Organization/ecuadorian-navy", "Organization/los-lobos"}
    assert {(u, v, d["weight"], d["categories"]) for u, v, d in G.edges(data=True)} == {
        ("Organization/ecuadorian-navy", "Organization/los-lobos", 2, "ASSAULT 2")}
    export(hand_store, "graphml", buf := io.BytesIO(), flt=GraphFilter(categories=("ASSAULT",)), per_event=True)
    assert nx.read_graphml(io.BytesIO(buf.getvalue())).number_of_edges() == 2


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_export_to_stream(hand_store, fmt):
    buf = io.BytesIO()
    export(hand_store, fmt, buf)
    assert len(buf.getvalue()) > 100


def test_export_creates_parent_directories(hand_store, tmp_path):
    path = tmp_path / "a" / "b" / "out.nq"
    export(hand_store, "nq", str(path))
    assert path.is_file()


def test_unknown_format(hand_store, tmp_path):
    with pytest.raises(KgError, match="unknown export format 'xml'"):
        export(hand_store, "xml", tmp_path / "out.xml")
    assert list(tmp_path.iterdir()) == []


def test_failed_export_leaves_no_file_and_keeps_the_old_one(hand_store, tmp_path, monkeypatch):
    path = tmp_path / "out.nq"
    path.write_bytes(b"previous export\n")

    def fail_midway(store, fmt, out):
        out.write(b"<urn:half> <urn:written>")
        raise RuntimeError("disk full")

    monkeypatch.setattr(export_module, "_write_rdf", fail_midway)
    with pytest.raises(RuntimeError, match="disk full"):
        export(hand_store, "nq", path)
    assert path.read_bytes() == b"previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.nq"]


def test_export_of_empty_store(tmp_path):
    with open_store("memory") as store:
        for fmt in EXPORT_FORMATS:
            export(store, fmt, tmp_path / f"empty.{fmt}")
    assert nx.read_graphml(str(tmp_path / "empty.graphml")).number_of_nodes() == 0
    assert list(ox.parse(path=str(tmp_path / "empty.nq"))) == []


# --------------------------------------------------------------------------- stats


def test_stats_numbers(hand_store):
    stats = store_stats(hand_store)
    assert stats == {
        "documents": 2, "first_date": "2026-01-10", "last_date": "2026-03-01", "undated_documents": 0,
        "reprint_documents": 0, "sentences": 11, "events": 10, "event_mentions": 10, "with_target": 7, "categories": 7, "actors": 4, "quads": hand_store.quad_count(),
    }


def test_stats_of_empty_store():
    with open_store("memory") as store:
        stats = store_stats(store)
    assert stats == {"documents": 0, "first_date": None, "last_date": None, "undated_documents": 0,
                     "reprint_documents": 0, "sentences": 0, "events": 0, "event_mentions": 0,
                     "with_target": 0, "categories": 0, "actors": 0, "quads": 0}


def test_stats_after_removing_a_document(hand_store):
    hand_store.remove_document("doc-one")
    stats = store_stats(hand_store)
    assert (stats["documents"], stats["events"], stats["sentences"]) == (1, 5, 5)
    assert stats["first_date"] == stats["last_date"] == "2026-03-01"
