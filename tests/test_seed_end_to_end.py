"""End to end on the seed article: extraction, the Oxigraph store, the mirror and the page.

The seed is read through ../shared (never copied). These are the acceptance
checks of the walking-skeleton issue and the seed targets of the design.
"""
from __future__ import annotations

import re

import pytest

from kg import build, open_store, to_networkx
from kg.documents.reading import iter_documents
from kg.extract.pipeline import extract_documents


@pytest.fixture(scope="module")
def seed_triples(seed_path):
    (result,) = list(extract_documents(iter_documents([seed_path])))
    return result.triples


def _entities(triples):
    out = {}
    for t in triples:
        for e in (t.subject, t.object):
            if e is not None and e.id:
                out.setdefault(e.text, e)
    return out


def test_southcom_and_long_form_share_one_organization_id(seed_triples):
    ents = _entities(seed_triples)
    ids = {e.id for text, e in ents.items() if text in ("SOUTHCOM", "U.S. Southern Command")}
    assert len(ids) == 1
    (eid,) = ids
    ref = next(e for e in ents.values() if e.id == eid)
    assert ref.type == "Organization" and ref.country == "USA"


def test_noboa_and_daniel_noboa_share_one_person_id(seed_triples):
    people = {e.id: e for e in _entities(seed_triples).values() if e.label == "Daniel Noboa"}
    assert len(people) == 1
    (ref,) = people.values()
    assert ref.type == "Person" and ref.country == "ECU"


def test_cartels_are_organizations(seed_triples):
    ents = {e.label: e for e in _entities(seed_triples).values()}
    for name in ("Los Lobos", "Los Choneros"):
        assert ents[name].type == "Organization"
        assert ents[name].country == "ECU"


def test_trump_administration_designated_the_cartels(seed_triples):
    links = {(t.subject.label, t.action.lemma, t.object.label) for t in seed_triples if t.object}
    assert ("Donald Trump", "designate", "Los Lobos") in links
    assert ("Donald Trump", "designate", "Los Choneros") in links


def test_joint_operation_has_both_sides_and_is_dated(seed_triples):
    launched = [t for t in seed_triples if t.action.lemma == "launch" and t.text.startswith("On March 3")]
    assert {t.subject.label for t in launched} >= {"Ecuador", "United States"}
    assert {t.date for t in launched} == {"2026-03-03"}


def test_no_duplicate_nodes_for_one_actor(seed_triples):
    labels = {}
    for e in _entities(seed_triples).values():
        if e.type in ("Person", "Organization", "Country") and not e.generic:
            labels.setdefault(e.label.lower(), set()).add(e.id)
    assert all(len(ids) == 1 for ids in labels.values()), labels


def test_store_counts_events_and_rebuild_is_idempotent(seed_path, tmp_path):
    store = tmp_path / "store"
    first = build([str(seed_path)], store=str(store))
    assert first.loaded == 1
    with open_store(store, read_only=True) as s:
        n_events = s.query("SELECT (COUNT(?e) AS ?n) WHERE { ?e a kg:Event }").rows[0][0]
        quads = s.quad_count()
    assert n_events > 5
    again = build([str(seed_path)], store=str(store))
    assert again.unchanged == 1 and again.loaded == 0 and again.quads_after == quads
    forced = build([str(seed_path)], store=str(store), force=True)
    assert forced.loaded == 1 and forced.quads_after == quads


def test_graph_and_page_are_offline(seed_store, tmp_path):
    from kg.views.viz import render_html

    with open_store(seed_store, read_only=True) as s:
        G = to_networkx(s)
    assert G.number_of_nodes() >= 5
    page = render_html(G, tmp_path / "graph.html").read_text(encoding="utf-8")
    external = re.findall(r"<(?:script|link)[^>]+(?:src|href)\s*=\s*[\"']?https?://", page, re.I)
    assert external == []
    assert "Los Lobos" in page


def test_default_ranking_puts_the_actors_a_reader_calls_central_first(seed_store):
    # a reader of the seed article calls U.S. Southern Command and the United States central; PageRank
    # ranks one-edge sinks first, the default (events an actor takes part in, statements included) does not
    from kg.analysis import centrality
    from kg.graph.mirror import to_weighted_digraph
    from kg.model import DEFAULT_METRIC

    with open_store(str(seed_store), read_only=True) as store:
        D = to_weighted_digraph(store)
    top = [r["label"] for r in centrality(D, [DEFAULT_METRIC], top=3)]
    assert [r["label"] for r in centrality(D, ["pagerank"], top=3)] != top
    assert "U.S. Southern Command" in top and "United States" in top, top
