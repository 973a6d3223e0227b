"""kg serve: the SPARQL 1.1 Protocol endpoint and pages, through Starlette's TestClient (no socket)."""
from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import threading
import os
import time
import xml.etree.ElementTree as ET

import markupsafe
import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient

from conftest import run_cli, write_store
from kg import vocab as V
from kg.errors import KgError
from kg.serve.app import create_app, listen, server_url
from kg.serve.protocol import ProtocolError, inspect_query, negotiate
from kg.store import open_store

LABELS = "SELECT ?actor ?label WHERE { ?actor a kg:Actor ; skos:prefLabel ?label } ORDER BY ?label"
RES = "{http://www.w3.org/2005/sparql-results#}"
SPARQL_JSON = "application/sparql-results+json"
# A cross join of VALUES blocks: 60^4 = 13 million solutions to count, about 1-2 s whatever the store
# holds, and no output before the count is done, so Oxigraph cannot be interrupted.
_VALUES = " ".join(str(i) for i in range(60))
SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"VALUES ?{v} {{ {_VALUES} }}" for v in "abcd") + " }")


@pytest.fixture(scope="module")
def _shared(tmp_path_factory):
    return {"root": tmp_path_factory.mktemp("serve"), "store": None}


@pytest.fixture
def store_dir(_shared, hand_results):
    """The hand-made two-document store (tests/conftest.py) on disk, as `kg build` leaves it.

    Built once per module and shared: the server only reads it (tests that write use ``hand_store_path``).
    """
    if _shared["store"] is None:
        _shared["store"] = write_store(_shared["root"] / "store", hand_results)
    return _shared["store"]


@pytest.fixture
def expected(store_dir):
    """What KgStore.query answers on the same store."""
    with open_store(store_dir, read_only=True) as store:
        rows = store.query(LABELS).rows
        quads = store.quad_count()
    return {"labels": [label for _, label in rows], "actors": [a for a, _ in rows], "quads": quads}


def make_client(store_dir, **limits) -> TestClient:
    return TestClient(create_app(store_dir, **limits), base_url="http://127.0.0.1")


@pytest.fixture
def client(store_dir) -> TestClient:
    return make_client(store_dir)


def json_labels(response) -> list[str]:
    assert response.status_code == 200, response.text
    data = json.loads(response.text)
    assert data["head"]["vars"] == ["actor", "label"]
    return [b["label"]["value"] for b in data["results"]["bindings"]]


# --------------------------------------------------------------------------- protocol: the three ways to ask


def test_get_query_returns_sparql_json_by_default(client, expected):
    response = client.get("/sparql", params={"query": LABELS})
    assert response.headers["content-type"] == SPARQL_JSON
    assert response.headers["vary"] == "Accept"
    assert "x-kg-truncated" not in response.headers
    assert json_labels(response) == expected["labels"]
    assert "Alice Ayala" in expected["labels"]


def test_post_form_and_post_sparql_query_give_the_same_answer(client, expected):
    form = client.post("/sparql", data={"query": LABELS})
    direct = client.post("/sparql", content=LABELS.encode("utf-8"),
                         headers={"Content-Type": "application/sparql-query"})
    assert json_labels(form) == json_labels(direct) == expected["labels"]


@pytest.mark.parametrize("accept, media", [
    ("application/sparql-results+json", SPARQL_JSON),
    ("application/json", SPARQL_JSON),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/csv;q=0.4, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ("*/*", SPARQL_JSON),
])
def test_select_result_formats_parse(client, expected, accept, media):
    response = client.get("/sparql", params={"query": LABELS}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media
    if media == SPARQL_JSON:
        labels = [b["label"]["value"] for b in json.loads(response.text)["results"]["bindings"]]
    elif media.endswith("xml"):
        root = ET.fromstring(response.content)
        assert [v.get("name") for v in root.iter(RES + "variable")] == ["actor", "label"]
        labels = [b.find(RES + "literal").text for b in root.iter(RES + "binding") if b.get("name") == "label"]
    elif media == "text/csv":
        rows = list(csv.reader(io.StringIO(response.text)))
        assert rows[0] == ["actor", "label"]
        labels = [row[1] for row in rows[1:]]
    else:
        lines = response.text.splitlines()
        assert lines[0] == "?actor\t?label"
        labels = [json.loads(line.split("\t")[1]) for line in lines[1:]]  # "Alice Ayala" in N-Triples syntax
    assert labels == expected["labels"]


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml"])
@pytest.mark.parametrize("query, answer", [
    ("ASK { ?a skos:prefLabel \"Alice Ayala\" }", True),
    ("ASK { ?a skos:prefLabel \"Nobody\" }", False),
])
def test_ask_answers_a_boolean(client, accept, query, answer):
    response = client.post("/sparql", data={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    if accept.endswith("json"):
        assert response.json() == {"head": {}, "boolean": answer}
    else:
        assert ET.fromstring(response.content).find(RES + "boolean").text == str(answer).lower()


CONSTRUCT = "CONSTRUCT { ?a skos:prefLabel ?l } WHERE { ?a a kg:Actor ; skos:prefLabel ?l }"


@pytest.mark.parametrize("accept, fmt", [
    (None, ox.RdfFormat.TURTLE),
    ("text/turtle", ox.RdfFormat.TURTLE),
    ("application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/rdf+xml", ox.RdfFormat.RDF_XML),
])
def test_construct_parses_and_equals_kgstore_query(client, store_dir, accept, fmt):
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", params={"query": CONSTRUCT}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == fmt.media_type
    if fmt == ox.RdfFormat.JSON_LD:
        json.loads(response.text)
    triples = {f"{q.subject} {q.predicate} {q.object} ." for q in ox.parse(response.content, fmt)}
    with open_store(store_dir, read_only=True) as store:
        assert triples == set(store.query(CONSTRUCT).triples)
    assert len(triples) >= 4
    if fmt == ox.RdfFormat.TURTLE:
        assert "@prefix skos:" in response.text


def test_protocol_dataset_restricts_the_default_graph(client):
    events = "SELECT ?e WHERE { ?e a kg:Event }"
    everything = client.get("/sparql", params={"query": events}).json()["results"]["bindings"]
    one = client.get("/sparql", params={"query": events, "default-graph-uri": V.doc_iri("doc-one")})
    only_one = one.json()["results"]["bindings"]
    assert 0 < len(only_one) < len(everything)
    assert client.get("/sparql", params={"query": events, "default-graph-uri": "not an iri"}).status_code == 400


def test_from_clause_is_honoured(client):
    query = f"SELECT ?e FROM <{V.doc_iri('doc-two')}> WHERE {{ ?e a kg:Event }}"
    via_from = client.get("/sparql", params={"query": query}).json()["results"]["bindings"]
    via_protocol = client.get("/sparql", params={"query": "SELECT ?e WHERE { ?e a kg:Event }",
                                                 "default-graph-uri": V.doc_iri("doc-two")})
    assert sorted(b["e"]["value"] for b in via_from) == sorted(
        b["e"]["value"] for b in via_protocol.json()["results"]["bindings"])


# --------------------------------------------------------------------------- refusals


UPDATE = "INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }"


@pytest.mark.parametrize("how", ["form update=", "application/sparql-update", "update as query (GET)",
                                 "update as query (POST body)", "update= in GET"])
def test_updates_are_refused_with_403(client, store_dir, expected, how):
    if how == "form update=":
        response = client.post("/sparql", data={"update": UPDATE})
    elif how == "application/sparql-update":
        response = client.post("/sparql", content=UPDATE, headers={"Content-Type": "application/sparql-update"})
    elif how == "update as query (GET)":
        response = client.get("/sparql", params={"query": "PREFIX ex: <http://e/#> # INSERT\n" + UPDATE})
    elif how == "update as query (POST body)":
        response = client.post("/sparql", content="DROP ALL", headers={"Content-Type": "application/sparql-query"})
    else:
        response = client.get("/sparql", params={"update": UPDATE})
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("text/plain")
    assert "SPARQL UPDATE is not allowed: kg serve is read-only" in response.text
    with open_store(store_dir, read_only=True) as store:
        assert store.quad_count() == expected["quads"]


def test_syntax_error_is_400_with_the_position(client):
    response = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x ?p }"})
    assert response.status_code == 400
    assert re.match(r"SPARQL syntax error: error at 1:\d+", response.text), response.text


def test_service_is_refused(client):
    response = client.get("/sparql", params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"})
    assert response.status_code == 403
    assert "SERVICE" in response.text


@pytest.mark.parametrize("request_kwargs, status, message", [
    ({"method": "GET", "url": "/sparql"}, 400, "missing 'query' parameter"),
    ({"method": "GET", "url": "/sparql?query=ASK%7B%7D&query=ASK%7B%7D"}, 400, "more than one 'query'"),
    ({"method": "POST", "url": "/sparql", "content": "ASK {}", "headers": {"Content-Type": "text/plain"}}, 415,
     "application/sparql-query"),
    ({"method": "GET", "url": "/sparql?query=ASK%7B%7D", "headers": {"Accept": "image/png"}}, 406,
     "acceptable types: application/sparql-results+json"),
    ({"method": "GET", "url": "/sparql?query=ASK%7B%7D", "headers": {"Host": "evil.example"}}, 400,
     "Invalid host header"),
    ({"method": "POST", "url": "/sparql", "content": "x" * (1 << 20 + 1),
      "headers": {"Content-Type": "application/sparql-query"}}, 413, "larger than"),
])
def test_bad_requests(client, request_kwargs, status, message):
    response = client.request(**request_kwargs)
    assert response.status_code == status
    assert message in response.text


# --------------------------------------------------------------------------- limits


def test_more_than_max_rows_is_cut_and_flagged(store_dir, expected):
    n = len(expected["labels"])
    assert n >= 4
    client = make_client(store_dir, max_rows=n - 1)
    for accept in (SPARQL_JSON, "text/csv", "application/sparql-results+xml", "text/tab-separated-values"):
        response = client.get("/sparql", params={"query": LABELS}, headers={"Accept": accept})
        assert response.headers["x-kg-truncated"] == "true"
        assert response.headers["x-kg-max-rows"] == str(n - 1)
        if accept == SPARQL_JSON:
            assert json_labels(response) == expected["labels"][: n - 1]
        elif accept == "text/csv":
            assert len(list(csv.reader(io.StringIO(response.text)))) == n  # header + n - 1 rows
        elif accept.endswith("xml"):
            assert len(list(ET.fromstring(response.content).iter(RES + "result"))) == n - 1
        else:
            assert len(response.text.splitlines()) == n
    graph = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": "application/n-triples"})
    assert graph.headers["x-kg-truncated"] == "true"
    assert len(graph.text.splitlines()) == n - 1


def test_exactly_max_rows_is_not_flagged(store_dir, expected):
    n = len(expected["labels"])
    response = make_client(store_dir, max_rows=n).get("/sparql", params={"query": LABELS})
    assert "x-kg-truncated" not in response.headers
    assert json_labels(response) == expected["labels"]


def test_slow_query_times_out_with_503_and_is_really_stopped(store_dir):
    app = create_app(store_dir, timeout_s=0.5, workers=1)
    client = TestClient(app, base_url="http://127.0.0.1")
    assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200  # the worker is up
    (worker,) = app.state.kg_query_processes.processes
    started = time.monotonic()
    response = client.get("/sparql", params={"query": SLOW})
    assert response.status_code == 503
    assert response.text.strip() == "query timed out after 0.5 s (stopped)"
    assert time.monotonic() - started < 2.0  # the answer does not wait for the query
    # the query was stopped with its worker process: the CPU is free and the next query is answered
    assert not os.path.exists(f"/proc/{worker}") or open(f"/proc/{worker}/stat").read().split()[2] == "Z"
    assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
    app.state.kg_query_processes.close()


def test_other_routes_answer_while_a_query_runs(store_dir):
    client = make_client(store_dir, timeout_s=0.3, workers=2)
    assert client.get("/sparql", params={"query": SLOW}).status_code == 503  # still running in its thread
    started = time.monotonic()
    assert client.get("/").status_code == 200
    assert client.get("/sparql", params={"query": "ASK {}"}).json()["boolean"] is True
    assert time.monotonic() - started < 1.0
    for thread in threading.enumerate():  # let the runaway query end before the next test
        if thread.name == "kg-serve-query":
            thread.join(60)


def test_create_app_validates_its_arguments(store_dir, tmp_path):
    with pytest.raises(KgError, match="above 0"):
        create_app(store_dir, timeout_s=0)
    with pytest.raises(KgError, match="at least 1"):
        create_app(store_dir, max_rows=0)
    with pytest.raises(KgError, match="no store at"):
        create_app(tmp_path / "missing")
    with pytest.raises(KgError, match="not 'memory'"):
        create_app("memory")


def test_store_is_reopened_after_a_build(hand_store_path, hand_results):
    """A running server sees documents loaded after it started (the store is not locked by it)."""
    from kg.ingest.builder import BuildReport, load_results

    client = make_client(hand_store_path)
    ask = {"query": "ASK { ?d dct:identifier \"doc-three\" }"}
    assert client.get("/sparql", params=ask).json()["boolean"] is False
    two = hand_results[1]
    extra = dataclasses.replace(two, document=dataclasses.replace(two.document, id="doc-three"),
                                triples=[dataclasses.replace(t, doc="doc-three") for t in two.triples])
    with open_store(hand_store_path) as writer:  # the writer lock is free: the server only reads
        load_results(writer, [extra], BuildReport())
    assert client.get("/sparql", params=ask).json()["boolean"] is True


# --------------------------------------------------------------------------- pages


def test_index_page_is_offline_and_escapes_example_queries(client):
    from kg.resources import ontology_dir

    response = client.get("/")
    assert response.status_code == 200
    page = response.text
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", page, re.IGNORECASE)
    assert "innerHTML" not in page and "insertAdjacentHTML" not in page and "document.write" not in page
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'sha256-" in csp and "unsafe-inline" not in csp
    examples = sorted((ontology_dir() / "queries").glob("*.rq"))
    assert examples
    for path in examples:
        text = path.read_text(encoding="utf-8")
        assert str(markupsafe.escape(text)) in page, path.name
    assert "<https://w3id.org/kg-news/ns#>" not in page  # the IRIs in PREFIX lines are escaped text
    assert 'href="graph"' in page and 'action="sparql"' in page


def test_hostile_example_query_is_shown_as_text(store_dir, tmp_path, monkeypatch):
    import kg.resources

    (tmp_path / "onto" / "queries").mkdir(parents=True)
    evil = '# </pre><script>alert("x")</script>\nSELECT ("<img src=x onerror=alert(1)>" AS ?x) {}\n'
    (tmp_path / "onto" / "queries" / "evil.rq").write_text(evil, encoding="utf-8")
    monkeypatch.setattr(kg.resources, "ontology_dir", lambda: tmp_path / "onto")
    page = make_client(store_dir).get("/").text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;/pre&gt;&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert page.count("<script>") == 1  # ours


def test_graph_page_shows_the_store_offline(client):
    response = client.get("/graph")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "Alice Ayala" in response.text
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", response.text, re.IGNORECASE)


# --------------------------------------------------------------------------- the pure parts


@pytest.mark.parametrize("text, form, update, service", [
    ("SELECT * { ?s ?p ?o }", "SELECT", False, False),
    ("prefix ex: <http://e/#> base <http://b/> ask { ex:a ?p ?o }", "ASK", False, False),
    ("# INSERT\nCONSTRUCT WHERE { ?s ?p 'DELETE' }", "CONSTRUCT", False, False),
    ("PREFIX : <http://e/> INSERT DATA { :a :b :c }", "INSERT", True, False),
    ("with <urn:g> delete { ?s ?p ?o } where { ?s ?p ?o }", "WITH", True, False),
    ("SELECT * { ?s ?p \"\"\"a SERVICE\nb\"\"\" }", "SELECT", False, False),
    ("PREFIX ex: <http://e/> SELECT * { ?s ex:SERVICE ?o . ?SERVICE ?p <http://x/SERVICE> }", "SELECT", False, False),
    # "service" appears and the query cannot be parsed to check it (undeclared prefix): refused, fail closed
    ("SELECT * { ?s ex:SERVICE ?o }", "SELECT", False, True),
    ("SELECT * { service <http://x/> { ?s ?p ?o } }", "SELECT", False, True),
    ("SELECT * { ?s ?p \"\\\"\" SERVICE <http://x/> { ?s ?p ?o } }", "SELECT", False, True),
])
def test_inspect_query(text, form, update, service):
    shape = inspect_query(text)
    assert (shape.form, shape.is_update, shape.uses_service) == (form, update, service)


@pytest.mark.parametrize("accept, kind, media", [
    (None, "solutions", SPARQL_JSON),
    ("", "graph", "text/turtle"),
    ("application/sparql-results+json,application/json,text/javascript", "solutions", SPARQL_JSON),
    ("application/turtle,text/turtle", "graph", "text/turtle"),
    ("application/json", "graph", "application/ld+json"),
    ("text/*", "solutions", "text/csv"),
    ("text/csv;q=0, */*;q=0.1", "solutions", SPARQL_JSON),
])
def test_negotiate(accept, kind, media):
    assert negotiate(accept, kind)[0] == media


def test_negotiate_refuses_what_it_cannot_make():
    with pytest.raises(ProtocolError) as info:
        negotiate("text/turtle", "solutions")
    assert info.value.status == 406


# --------------------------------------------------------------------------- command line


def test_cli_refuses_a_non_loopback_host(store_dir):
    result = run_cli("serve", "--store", str(store_dir), "--host", "0.0.0.0")
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: refusing to listen on 0.0.0.0 (0.0.0.0): it is not a loopback address and kg serve is open to "
        "the network only with --allow-remote (and a --token); use --host 127.0.0.1")


def test_cli_allow_remote_needs_a_token(store_dir):
    result = run_cli("serve", "--store", str(store_dir), "--host", "0.0.0.0", "--allow-remote")
    assert result.exit_code == 2
    assert "--allow-remote needs --token" in result.output


def test_cli_reports_a_missing_store(tmp_path):
    result = run_cli("serve", "--store", str(tmp_path / "nope"), "--port", "0")
    assert result.exit_code == 1
    assert f"no store at {tmp_path / 'nope'}" in result.output


def test_listen_binds_loopback_and_reports_a_busy_port():
    sock = listen("127.0.0.1", 0)
    try:
        url = server_url(sock)
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", url)
        with pytest.raises(KgError, match="cannot listen on 127.0.0.1:"):
            listen("127.0.0.1", sock.getsockname()[1])
    finally:
        sock.close()


def test_the_readme_curl_example_answers_as_shown(examples_store):
    """README's `kg serve` section: its curl query, asked of `kg build --example`'s store, gives the CSV it shows."""
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = re.search(r"--data-urlencode 'query=(.*?)' \\\n\s*http://127\.0\.0\.1:8765/sparql\n(.*?)\n```", text, re.S)
    assert block, "README.md has no curl example under kg serve"
    query = " ".join(block.group(1).split())
    shown = block.group(2).strip().split("\n")
    response = make_client(examples_store).post("/sparql", data={"query": query}, headers={"Accept": "text/csv"})
    assert response.status_code == 200, response.text
    assert response.text.replace("\r\n", "\n").strip().split("\n") == shown
