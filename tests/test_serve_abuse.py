"""kg serve survives abuse (issue 13): endless queries, huge bodies, cross-site requests, remote use."""
from __future__ import annotations

import time

import pytest
from starlette.testclient import TestClient

from kg.serve.app import create_app

ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture
def app(hand_store_path):
    app = create_app(hand_store_path, timeout_s=0.5, workers=2)
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


@pytest.mark.integration
def test_chunked_body_is_refused_while_streaming(hand_store_path):
    """A real server on loopback: a chunked body with no Content-Length is answered 413 after about
    MAX_QUERY_BYTES, long before the client has sent it all (it is never held whole in memory)."""
    import socket
    import threading

    import uvicorn

    from kg.serve.app import MAX_QUERY_BYTES, listen

    app = create_app(hand_store_path)
    sock = listen("127.0.0.1", 0)
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, lifespan="off", log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        client = socket.create_connection(("127.0.0.1", port), timeout=10)
        client.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                       b"Content-Type: application/x-www-form-urlencoded\r\n\r\n")
        import select

        chunk = b"x" * 65536
        sent, answer = 0, b""
        while sent < 64 * MAX_QUERY_BYTES:
            if select.select([client], [], [], 0)[0]:  # the server has answered
                answer = client.recv(65536)
                break
            try:
                client.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            except OSError:  # the server closed the connection after answering
                break
            sent += len(chunk)
        answer = answer or client.recv(65536)
        assert answer.startswith(b"HTTP/1.1 413")
        assert sent < 8 * MAX_QUERY_BYTES
        client.close()
    finally:
        server.should_exit = True
        thread.join(10)
        app.state.kg_query_processes.close()


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


def test_token_is_required_when_set(hand_store_path):
    app = create_app(hand_store_path, token="s3cret", allowed_hosts=["kg.example.org"])
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
