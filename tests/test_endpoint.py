"""kg.endpoint: the same answers from a SPARQL 1.1 server (Virtuoso) as from embedded Oxigraph.

A session starts two throw-away Virtuoso servers on loopback (tests/virtuoso.py):
one holds the small corpus built with ``kg build`` and is compared, check by
check, with an in-memory Oxigraph store built from the same files; the other
(``scratch_server`` in tests/conftest.py, shared with the store contract tests
of tests/test_store.py) is wiped before each test that writes on its own.
Without ``virtuoso-t`` the tests skip, except under CI (``$CI`` set), where they fail.

Virtuoso prints ``xsd:double`` with 6 significant digits, so confidences are
compared at that precision (see kg/endpoint.py).
"""
from __future__ import annotations

import io
import json
import math
import re
import shutil
import time

import pyoxigraph as ox
import pytest

from conftest import run_cli, start_virtuoso
from kg import vocab as V
from kg.errors import QueryError, StoreError
from kg.resources import examples_dir, ontology_file
from kg.store import open_store

import virtuoso as vt  # tests/virtuoso.py

pytestmark = pytest.mark.integration

#: Five stories of the example corpus and one whose "Lima" the model reads as the city of Peru, so the store
#: has a link (Location/lima -> Person/domingos-lima) for the back-ends to agree on.
CORPUS = ["2026-01-05-coast-guard-seizure.txt", "2026-01-09-cartel-threatens-officials.txt",
          "2026-01-20-militia-attack-patrol-boat.txt", "2026-01-27-portugal-sends-frigate.txt",
          "2026-02-23-militia-cartel-alliance.txt", "2026-01-31-fishermen-protest.txt"]
XSD_DOUBLE = ox.NamedNode(V.XSD + "double")


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """A Virtuoso server holding the corpus built by ``kg build`` (read by the comparisons)."""
    server = start_virtuoso(tmp_path_factory, "virtuoso")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    for name in CORPUS:
        shutil.copy(examples_dir() / name, folder / name)
    return folder


def _size(store) -> tuple[int, int]:
    """(quads, events) in a store."""
    return store.quad_count(), store.query("SELECT (COUNT(?e) AS ?n) WHERE { ?e a kg:Event }").rows[0][0]


@pytest.fixture(scope="session")
def timed_builds() -> dict:
    """Back-end name -> (seconds, (quads, events)) of one build of the corpus with a warm model."""
    return {}


@pytest.fixture(scope="session")
def oxigraph(corpus, timed_builds):
    """In-memory Oxigraph built from the corpus through the library (the reference answers)."""
    from kg import build

    store = open_store("memory")
    build([str(corpus)], kg_store=store)  # warms the spaCy model too
    started = time.perf_counter()
    store2 = open_store("memory")
    build([str(corpus)], kg_store=store2)
    timed_builds["oxigraph"] = (time.perf_counter() - started, _size(store2))
    store2.close()
    yield store
    store.close()


@pytest.fixture(scope="session")
def endpoint(virtuoso, corpus, oxigraph, timed_builds):
    """The corpus built into Virtuoso with ``kg build`` (the CLI), opened read-only."""
    started = time.perf_counter()
    result = run_cli("build", str(corpus), "--store", virtuoso.endpoint, "--no-html")
    seconds = time.perf_counter() - started
    assert result.exit_code == 0, result.output
    assert f"{len(CORPUS)} loaded" in result.stderr
    with open_store(virtuoso.endpoint, read_only=True) as store:
        timed_builds["virtuoso"] = (seconds, _size(store))
        yield store


# --------------------------------------------------------------------------- same answers


def _round(value):
    return float(f"{value:.6g}") if isinstance(value, float) else value


def _stats(store):
    from kg.graph.stats import store_stats

    return store_stats(store)


def _graph(store):
    from kg.graph.mirror import to_networkx

    G = to_networkx(store)
    nodes = sorted((n, json.dumps(d, sort_keys=True)) for n, d in G.nodes(data=True))
    edges = sorted((u, v, k, json.dumps({a: _round(b) for a, b in d.items()}, sort_keys=True))
                   for u, v, k, d in G.edges(keys=True, data=True))
    return nodes, edges


def _centrality(store):
    from kg.analysis import centrality
    from kg.graph.mirror import to_networkx

    rows = centrality(to_networkx(store), ["pagerank", "degree", "betweenness"])
    return [(r["id"], round(r["pagerank"], 9), r["degree"], round(r["betweenness"], 9)) for r in rows]


def _top_actors(store):
    return store.query(ontology_file("queries/top-actors.rq").read_text(encoding="utf-8")).dicts()


def _document_hashes(store):
    return store.document_hashes()


def _links(store):
    from kg.graph.links import read_links

    return read_links(store)


def _quads(store):
    return store.quad_count(), len(store)


def _nquads(store):
    from kg.views.export import export

    buf = io.BytesIO()
    export(store, "nq", buf)
    return _quad_set(buf.getvalue())


def _quad_set(data: bytes) -> set:
    """Quads with doubles at Virtuoso's 6 significant digits."""
    out = set()
    for q in ox.parse(data, ox.RdfFormat.N_QUADS):
        o = q.object
        if isinstance(o, ox.Literal) and o.datatype == XSD_DOUBLE:
            o = ox.Literal(repr(float(f"{float(o.value):.6g}")), datatype=XSD_DOUBLE)
        out.add(ox.Quad(q.subject, q.predicate, o, q.graph_name))
    return out


CHECKS = {"stats": _stats, "networkx": _graph, "centrality": _centrality, "top-actors.rq": _top_actors,
          "document-hashes": _document_hashes, "links": _links, "quad-count": _quads, "export-nq": _nquads}


@pytest.mark.parametrize("check", sorted(CHECKS))
def test_same_answers_as_oxigraph(check, oxigraph, endpoint):
    expected = CHECKS[check](oxigraph)
    assert expected, f"{check}: the reference store gave nothing to compare"
    assert CHECKS[check](endpoint) == expected


def test_cli_stats_equal(oxigraph, endpoint, virtuoso):
    result = run_cli("stats", "--store", virtuoso.endpoint, "--format", "json")
    assert result.exit_code == 0, result.output
    numbers = json.loads(result.stdout)
    assert numbers == _stats(oxigraph)
    assert numbers["documents"] == len(CORPUS) and numbers["events"] > 0


def test_cli_query_top_actors_equal(oxigraph, endpoint, virtuoso):
    from kg.formatting import render_rows

    rq = ontology_file("queries/top-actors.rq")
    result = run_cli("query", "-f", str(rq), "--format", "json", "--store", virtuoso.endpoint)
    assert result.exit_code == 0, result.output
    expected = oxigraph.query(rq.read_text(encoding="utf-8"))
    assert result.stdout.strip() == render_rows(expected.dicts(), expected.variables, "json")


def test_cli_centrality_equal(oxigraph, endpoint, virtuoso):
    from kg.analysis import centrality
    from kg.graph.mirror import to_networkx

    result = run_cli("centrality", "--store", virtuoso.endpoint, "--format", "jsonl", "--top", "0")
    assert result.exit_code == 0, result.output
    ranked = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert ranked == [r["id"] for r in centrality(to_networkx(oxigraph), ["events", "pagerank", "degree",
                                                                            "betweenness"])]


def test_cli_export_nq_equal(oxigraph, endpoint, virtuoso, tmp_path):
    out = tmp_path / "graph.nq"
    result = run_cli("export", "--format", "nq", "-o", str(out), "--store", virtuoso.endpoint)
    assert result.exit_code == 0, result.output
    assert _quad_set(out.read_bytes()) == _nquads(oxigraph)


def test_ask_construct_and_prefixes_like_oxigraph(oxigraph, endpoint):
    for q in ("ASK { ?e a kg:Event }", "ASK { ?e a kg:NoSuchClass }",
              "CONSTRUCT { ?a skos:prefLabel ?l } WHERE { GRAPH ?g { ?a a kg:Actor ; skos:prefLabel ?l } }",
              "SELECT ?n WHERE { GRAPH ?g { ?d a kg:Document ; kg:sentenceCount ?n } } ORDER BY ?n",
              "SELECT ?neg (COUNT(*) AS ?c) WHERE { GRAPH ?g { ?e kg:negated ?neg } } GROUP BY ?neg ORDER BY ?neg"):
        a, b = oxigraph.query(q), endpoint.query(q)
        assert (a.kind, a.variables, a.boolean) == (b.kind, b.variables, b.boolean), q
        assert sorted(a.rows) == sorted(b.rows) and sorted(a.triples) == sorted(b.triples), q


def test_result_cut_by_server_is_read_in_pages(oxigraph, endpoint):
    # > 10,000 rows: Virtuoso's ResultSetMaxRows (stock value, as in tests/virtuoso.py) cuts the answer
    q = ("SELECT ?s ?p ?k WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), STR(<%s>))) "
         "VALUES ?k { 1 2 3 4 5 6 } }" % V.ID)
    expected = sorted(oxigraph.query(q).rows)
    assert len(expected) > 10000
    assert sorted(endpoint.query(q).rows) == expected
    with pytest.raises(QueryError, match=r"cut the result at 10000 rows; .*ResultSetMaxRows"):
        endpoint.query(q + " LIMIT 20000")


def test_limit_sets_truncated_like_oxigraph(oxigraph, endpoint):
    for q in ("SELECT ?a WHERE { GRAPH ?g { ?a a kg:Actor } } ORDER BY ?a",
              "CONSTRUCT { ?a a kg:Actor } WHERE { GRAPH ?g { ?a a kg:Actor } }"):
        a, b = oxigraph.query(q, limit=3), endpoint.query(q, limit=3)
        assert (len(a.rows), len(a.triples), a.truncated) == (len(b.rows), len(b.triples), b.truncated), q
        assert a.truncated and a.rows == b.rows
    assert not endpoint.query("SELECT ?a WHERE { GRAPH ?g { ?a a kg:Actor } }", limit=1000).truncated


def test_timeout_is_a_query_timeout():
    import socket

    from kg.store.sparql import SparqlEndpointStore
    from kg.errors import QueryTimeout

    with socket.socket() as silent:  # accepts connections (backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/sparql"
        with SparqlEndpointStore(url) as store:
            started = time.monotonic()
            with pytest.raises(QueryTimeout, match=r"the query did not finish within 0.5 s"):
                store.query("SELECT * WHERE { ?s ?p ?o }", timeout=0.5)
            assert time.monotonic() - started < 5
            with pytest.raises(QueryTimeout, match=r"the update did not finish within 0.5 s"):
                store.update("CLEAR ALL", timeout=0.5)
        result = run_cli("stats", "--store", url, env={"KG_SPARQL_TIMEOUT": "1"})
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: SPARQL endpoint {url} did not answer within 1 s (KG_SPARQL_TIMEOUT)"


def test_iter_quads_in_small_pages(endpoint, virtuoso):
    from kg.store.sparql import SparqlEndpointStore

    with SparqlEndpointStore(virtuoso.endpoint, read_only=True, page_size=50) as small:
        assert set(small.iter_quads()) == set(endpoint.iter_quads())
        entity = set(small.iter_quads(V.ENTITY_GRAPH))
    assert entity and {q.graph_name.value for q in entity} == {V.ENTITY_GRAPH}


def test_rebuild_is_idempotent(endpoint, virtuoso, corpus):
    before_count, before = endpoint.quad_count(), set(endpoint.iter_quads())
    again = run_cli("build", str(corpus), "--store", virtuoso.endpoint, "--no-html")
    assert again.exit_code == 0, again.output
    assert f"0 loaded, {len(CORPUS)} unchanged" in again.stderr
    forced = run_cli("build", str(corpus), "--store", virtuoso.endpoint, "--no-html", "--force")
    assert forced.exit_code == 0, forced.output
    assert f"{len(CORPUS)} loaded" in forced.stderr
    assert endpoint.quad_count() == before_count
    assert set(endpoint.iter_quads()) == before


def test_viz_against_endpoint(endpoint, virtuoso, tmp_path):
    out = tmp_path / "graph.html"
    result = run_cli("viz", "-o", str(out), "--store", virtuoso.endpoint)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    label = endpoint.query("SELECT ?l WHERE { GRAPH ?g { ?a a kg:Actor ; skos:prefLabel ?l } } LIMIT 1").rows[0][0]
    assert "<html" in html.lower() and label.split()[0] in html


def test_capped_page_like_oxigraph(oxigraph, endpoint, tmp_path):
    # the page's drawn links are read by actor IRI (GROUP_CONCAT on Oxigraph, one row per event on a server)
    from kg.views.graph_page import write_graph_page

    pages = [write_graph_page(store, tmp_path / f"{name}.html", max_nodes=12, max_edges=7, metric="degree")
             .read_text(encoding="utf-8") for name, store in (("oxigraph", oxigraph), ("endpoint", endpoint))]
    assert pages[0] == pages[1] and "7 of " in pages[0] and "links (most events)" in pages[0]


# --------------------------------------------------------------------------- opening, errors


def test_http_location_opens_an_endpoint_store(monkeypatch):
    from kg.store.sparql import SparqlEndpointStore

    monkeypatch.delenv("KG_UPDATE_ENDPOINT", raising=False)
    with open_store("http://user:secret@127.0.0.1:9/sparql", read_only=True) as store:  # nothing is contacted
        assert isinstance(store, SparqlEndpointStore) and store.read_only
        assert store.location == "http://127.0.0.1:9/sparql"  # no password in messages
        assert store.update_endpoint == "http://user:secret@127.0.0.1:9/sparql"
    with open_store("https://example.org/query", update_endpoint="https://example.org/update") as store:
        assert not store.read_only and store.update_endpoint == "https://example.org/update"
    monkeypatch.setenv("KG_UPDATE_ENDPOINT", "https://example.org/update")  # the CLI's --update-endpoint reads it,
    with open_store("https://example.org/query") as store:  # the library takes settings as arguments only
        assert store.update_endpoint == "https://example.org/query"


def test_update_endpoint_option_reaches_the_store_as_an_argument(monkeypatch):
    """``--update-endpoint`` (or $KG_UPDATE_ENDPOINT) is handed to open_store; a store directory ignores it."""
    import click

    from kg.cli.base import open_store as cli_open_store, store_option

    seen = {}

    @click.command()
    @store_option
    def probe(store):
        with cli_open_store(store, read_only=True) as s:
            seen["update"] = getattr(s, "update_endpoint", None)

    from click.testing import CliRunner

    result = CliRunner().invoke(probe, ["--store", "http://127.0.0.1:9/sparql", "--update-endpoint",
                                        "http://127.0.0.1:9/update"])
    assert result.exit_code == 0, result.output
    assert seen["update"] == "http://127.0.0.1:9/update"
    monkeypatch.setenv("KG_UPDATE_ENDPOINT", "http://127.0.0.1:9/update2")
    assert CliRunner().invoke(probe, ["--store", "memory"]).exit_code == 0  # ignored for an embedded store
    assert CliRunner().invoke(probe, ["--store", "http://127.0.0.1:9/sparql"]).exit_code == 0
    assert seen["update"] == "http://127.0.0.1:9/update2"


@pytest.mark.parametrize("text, form", [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
    ("PREFIX ex: <http://ex.org/ns#>\n# a comment\nask { ?s ex:p ?o }", "ASK"),
    ("BASE <http://x/#frag> PREFIX : <http://y#> CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("  describe <http://x>", "DESCRIBE"),
    ("# only a comment", ""),
])
def test_query_form(text, form):
    from kg.store.sparql import query_form

    assert query_form(text) == form



def test_nothing_listening_is_a_clear_error(corpus):
    url = f"http://127.0.0.1:{vt.free_port()}/sparql"
    for args in (["stats"], ["build", str(corpus), "--no-html"], ["query", "ASK {}"]):
        result = run_cli(*args, "--store", url)
        assert result.exit_code == 1, result.output
        assert result.output.strip().splitlines()[-1] == (
            f"Error: cannot reach SPARQL endpoint {url}: connection refused (is the server running?)")
        assert "Traceback" not in result.output


def test_sparql_syntax_error_is_one_line(endpoint, virtuoso):
    result = run_cli("query", "SELEC ?x WHERE { ?x ?y ?z }", "--store", virtuoso.endpoint)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: SPARQL query failed on {virtuoso.endpoint}: Virtuoso 37000 Error SP030")
    assert len(result.output.strip().splitlines()) == 1


def test_syntax_error_line_is_the_users_line(endpoint, virtuoso):
    """kg's predeclared prefixes sit on one line, so the server's line number is the line of the query typed."""
    result = run_cli("query", "SELECT ?x\nWHERE { ?x ?y }", "--store", virtuoso.endpoint)
    assert result.exit_code == 1
    assert re.search(r"\bline 2\b", result.output), result.output


def test_wrong_path_is_not_an_endpoint(virtuoso):
    url = virtuoso.endpoint.replace("/sparql", "/nothing-here")
    result = run_cli("stats", "--store", url)
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: no SPARQL endpoint at {url} (HTTP 404)"


def test_read_only_store_refuses_writes(virtuoso):
    with open_store(virtuoso.endpoint, read_only=True) as store:
        with pytest.raises(StoreError, match="opened read-only"):
            store.update("CLEAR ALL")
        with pytest.raises(StoreError, match="opened read-only"):
            store.replace_graph(V.ID + "graph/x", [])


# --------------------------------------------------------------------------- writing (scratch server)


def test_replace_document_and_entity_merge_like_oxigraph(scratch, hand_results):
    from kg.ingest.builder import BuildReport, load_results
    from kg.graph.links import refresh_links
    from kg.model import EntityRef
    from kg.rdf.quads import document_quads, entity_quads

    reference = open_store("memory")
    for store in (reference, scratch):
        load_results(store, hand_results, BuildReport())
        # a later document names Los Lobos differently: prefLabel stays, the new name becomes an altLabel
        renamed = EntityRef(text="LOS LOBOS", id="Organization/los-lobos", label="LOS LOBOS",
                            type="Organization", country="COL", aliases=[])
        quads, _ = document_quads(hand_results[1])
        store.replace_document("doc-two", quads, entity_quads([renamed]))
        refresh_links(store)
    assert set(scratch.iter_quads()) == set(reference.iter_quads())
    labels = scratch.query("SELECT ?p ?l WHERE { GRAPH ?g { <%s> ?p ?l } FILTER(?p IN (skos:prefLabel, "
                           "skos:altLabel, kg:country)) }" % V.entity_iri("Organization/los-lobos")).rows
    assert sorted(labels) == sorted([[V.SKOS + "prefLabel", "Los Lobos"], [V.SKOS + "altLabel", "Lobos"],
                                     [V.SKOS + "altLabel", "LOS LOBOS"], [V.KG + "country", "ECU"]])
    assert scratch.remove_document("doc-one") and reference.remove_document("doc-one")
    assert not scratch.remove_document("doc-one")
    assert set(scratch.iter_quads()) == set(reference.iter_quads())
    reference.close()


def _copies(results, n):
    """``results`` repeated ``n`` times under new document ids."""
    import dataclasses

    out = []
    for copy in range(n):
        for r in results:
            doc = dataclasses.replace(r.document, id=f"{r.document.id}-{copy}")
            out.append(dataclasses.replace(r, document=doc, triples=[dataclasses.replace(t, doc=doc.id)
                                                                     for t in r.triples]))
    return out


def test_load_documents_packs_many_documents_per_request(scratch_server, scratch, hand_results):
    """A build's batches: the same quads as the embedded store, far fewer requests, no document split."""
    from kg.ingest.builder import BuildReport, load_results
    from kg.store.sparql import SparqlEndpointStore

    results = _copies(hand_results, 6)  # 12 documents of 40-80 quads (events and what they say of actors)
    reference = open_store("memory")
    load_results(reference, results, BuildReport())
    requests: list[str] = []
    with SparqlEndpointStore(scratch_server.endpoint, batch_size=40, request_quads=300, request_operations=12) as store:
        send = store._send_update
        store._send_update = lambda ops, deadline=None: (requests.append(" ;\n".join(ops)), send(ops, deadline))
        load_results(store, results, BuildReport())
        assert set(store.iter_quads()) == set(reference.iter_quads())
        first = len(requests)
        load_results(store, results, BuildReport())  # replaced, not doubled
        assert set(store.iter_quads()) == set(reference.iter_quads())
    assert first < len(results)  # one request per document (plus lookups) before
    assert all(text.count("DROP SILENT GRAPH") + text.count("INSERT DATA") <= 12 for text in requests)
    drops = [(graph, text) for text in requests for graph in re.findall(r"DROP SILENT GRAPH <([^>]+)>", text)]
    assert len(drops) == 2 * len(results)
    for graph, text in drops:  # a document that fits in one request is never split: its hash (last) is there too
        assert f"<{graph}> <{V.KG}contentHash>" in text
    reference.close()


def test_big_document_is_written_in_batches(scratch, scratch_server):
    from kg.store.sparql import SparqlEndpointStore

    g = ox.NamedNode(V.doc_iri("big"))
    quads = [ox.Quad(ox.NamedNode(f"{V.ID}event/{i}"), ox.NamedNode(V.KG + "evidence"),
                     ox.Literal(f"sentence {i}: «Praia» café — “quoted” \"and\" \\ back\nslash"), g)
             for i in range(2500)]
    quads.append(ox.Quad(g, ox.NamedNode(V.KG + "contentHash"), ox.Literal("abc"), g))
    with SparqlEndpointStore(scratch_server.endpoint, batch_size=400, request_quads=1000) as store:
        store.replace_document("big", quads)
        store.replace_document("big", quads)  # replaced, not doubled
        assert set(store.iter_quads(g.value)) == set(quads)
        assert store.document_hashes() == {}  # no dct:identifier in this toy graph
        store.replace_graph(g.value, [])
        assert store.quad_count() == 0


def test_update_without_rights_is_a_clear_error(scratch, scratch_server, corpus):
    revoked = scratch_server.isql('REVOKE SPARQL_UPDATE FROM "SPARQL";')
    assert revoked.returncode == 0, revoked.stdout
    try:
        result = run_cli("build", str(corpus), "--store", scratch_server.endpoint, "--no-html")
    finally:
        scratch_server.isql('GRANT SPARQL_UPDATE TO "SPARQL";')
    assert result.exit_code == 1
    message = result.output.strip().splitlines()[-1]
    assert message.startswith(f"Error: SPARQL endpoint {scratch_server.endpoint} does not allow updates "
                              "for anonymous access (HTTP ")
    assert message.endswith('(Virtuoso: GRANT SPARQL_UPDATE TO "SPARQL")') and "SR186" in message


def test_update_endpoint_and_digest_credentials(scratch_server, monkeypatch, tmp_path):
    # queries go to the anonymous endpoint, updates to the digest-protected one as dba
    monkeypatch.setenv("KG_SPARQL_USER", "dba")
    monkeypatch.setenv("KG_SPARQL_PASSWORD", "dba")
    monkeypatch.setenv("KG_UPDATE_ENDPOINT", "")
    insert = f'INSERT DATA {{ GRAPH <{V.ID}graph/test> {{ <urn:a> <urn:b> "c" }} }}'
    result = run_cli("query", insert, "--update", "--store", scratch_server.endpoint,
                     "--update-endpoint", scratch_server.auth_endpoint)
    assert result.exit_code == 0, result.output
    with open_store(scratch_server.endpoint, read_only=True) as store:
        assert store.quad_count() == 1
    monkeypatch.setenv("KG_SPARQL_PASSWORD", "wrong")
    result = run_cli("query", "ASK { ?s ?p ?o }", "--store", scratch_server.auth_endpoint)
    assert result.exit_code == 1
    assert result.output.strip() == (f"Error: SPARQL endpoint {scratch_server.auth_endpoint} refused user 'dba' "
                                     "(HTTP 401); set KG_SPARQL_USER and KG_SPARQL_PASSWORD")


def test_timed_builds_are_whole_and_equal(timed_builds, endpoint, oxigraph, virtuoso):
    """The build times quoted for the two back-ends are of complete builds of the same corpus.

    Both timed builds hold the same quads and events as the reference store, and
    every figure is a positive, finite number of seconds (``-s`` prints them).
    """
    (ox_seconds, ox_size), (vt_seconds, vt_size) = timed_builds["oxigraph"], timed_builds["virtuoso"]
    assert ox_size == vt_size == _size(oxigraph)
    assert ox_size[1] > 0  # events, not only documents
    for seconds in (virtuoso.startup_seconds, ox_seconds, vt_seconds):
        assert seconds is not None and math.isfinite(seconds) and seconds > 0
    print(f"\nvirtuoso started in {virtuoso.startup_seconds:.2f} s; build of {len(CORPUS)} docs (model warm): "
          f"oxigraph memory {ox_seconds:.2f} s, virtuoso {vt_seconds:.2f} s; {ox_size[0]} quads, {ox_size[1]} events")
