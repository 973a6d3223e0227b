"""kg serve survives abuse (issue 13): endless queries, huge bodies, cross-site requests, remote use."""
from __future__ import annotations

import time

import pytest
from starlette.testclient import TestClient

from kg.serve import create_app

ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture
def store_dir(tmp_path, hand_results):
    from kg.builder import BuildReport, load_results
    from kg.store import open_store

    path = tmp_path / "store"
    with open_store(path) as store:
        load_results(store, hand_results, BuildReport())
    return path


@pytest.fixture
def app(store_dir):
    app = create_app(store_dir, timeout_s=0.5, workers=2)
    yield app
    app.state.kg_query_processes.close()


def client_of(app, **kw) -> TestClient:
    return TestClient(app, base_url="http://127.0.0.1", **kw)


def test_endless_queries_do_not_take_the_server_down(app):
    client = client_of(app)
    for _ in range(4):  # more endless queries than workers, one after the other
        r = client.get("/sparql", params={"query": ENDLESS})
        assert r.status_code == 503 and "timed out" in r.text
    r = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert r.status_code == 200 and r.json()["boolean"] is True


def test_head_is_answered(app):
    r = client_of(app).head("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert r.status_code == 200 and r.content == b""


def test_chunked_body_is_capped_while_streaming(app):
    from kg.serve import MAX_QUERY_BYTES

    def chunks():
        sent = 0
        while sent < 64 * MAX_QUERY_BYTES:  # would be 64 MiB if read whole
            yield b"query=" if sent == 0 else b"x" * 65536
            sent += 65536

    r = client_of(app).post("/sparql", content=chunks(), headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413


@pytest.mark.parametrize("headers", [
    {"Sec-Fetch-Site": "cross-site"},
    {"Origin": "http://evil.example"},
    {"Origin": "null"},
])
def test_cross_site_browser_requests_are_refused(app, headers):
    r = client_of(app).post("/sparql", data={"query": "ASK {}"}, headers=headers)
    assert r.status_code == 403


def test_same_origin_and_plain_clients_are_served(app):
    client = client_of(app)
    assert client.post("/sparql", data={"query": "ASK {}"},
                       headers={"Origin": "http://127.0.0.1", "Sec-Fetch-Site": "same-origin"}).status_code == 200
    assert client.post("/sparql", data={"query": "ASK {}"}).status_code == 200  # curl, SPARQLWrapper


def test_token_is_required_when_set(store_dir):
    app = create_app(store_dir, token="s3cret", allowed_hosts=["kg.example.org"])
    try:
        client = TestClient(app, base_url="http://kg.example.org")
        assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 401
        assert client.get("/sparql", params={"query": "ASK {}"},
                          headers={"Authorization": "Bearer wrong"}).status_code == 401
        ok = client.get("/sparql", params={"query": "ASK {}"}, headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 200
        assert client.get("/", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        # the host allow-list still holds
        other = TestClient(app, base_url="http://attacker.example")
        assert other.get("/sparql", params={"query": "ASK {}"},
                         headers={"Authorization": "Bearer s3cret"}).status_code == 400
    finally:
        app.state.kg_query_processes.close()
