"""No query makes kg call another server (issue 13): SERVICE is refused in kg query, the library and kg serve.

A real socket listens on loopback and records every connection; queries in
many spellings (comments ending in \\r, \\r\\n or \\n, codepoint escapes,
case, nesting, SILENT, prefixed endpoints) must never reach it, and the
opt-in (``allow_service``) shows that Oxigraph really would call it.
"""
from __future__ import annotations

import socket
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from conftest import run_cli
from kg.errors import QueryError
from kg.serve.app import create_app
from kg.rdf.sparql_text import may_use_service
from kg.store import open_store


class Listener:
    """A TCP server on 127.0.0.1 that counts connections (and answers nothing)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


@pytest.fixture(scope="module")
def listener():
    server = Listener()
    yield server
    server.close()


def spellings(port: int) -> list[str]:
    url = f"<http://127.0.0.1:{port}/sparql>"
    return [
        f"SELECT ?x WHERE {{ SERVICE {url} {{ ?x ?p ?o }} }}",
        f"select ?x where {{ service silent {url} {{ ?x ?p ?o }} }}",
        f"SELECT ?x WHERE {{ # c\rSERVICE {url} {{ ?x ?p ?o }} }}",
        f"SELECT ?x WHERE {{ # c\r\nSERVICE {url} {{ ?x ?p ?o }} }}",
        f"SELECT ?x WHERE {{ # c\nSeRvIcE {url} {{ ?x ?p ?o }} }}",
        f"SELECT ?x WHERE {{ \\u0053ERVICE {url} {{ ?x ?p ?o }} }}",
        f"PREFIX r: <http://127.0.0.1:{port}/> SELECT ?x WHERE {{ {{ {{ SERVICE r:sparql {{ ?x ?p ?o }} }} }} }}",
        f"SELECT ?x WHERE {{ ?a ?b ?c OPTIONAL {{ SERVICE SILENT {url} {{ ?x ?p ?o }} }} }}",
        f"ASK {{ SERVICE {url} {{ ?x ?p ?o }} }}",
        f"CONSTRUCT {{ ?x ?p ?o }} WHERE {{ SERVICE {url} {{ ?x ?p ?o }} }}",
    ]


def test_every_spelling_is_refused_by_the_library_and_nothing_connects(hand_store_path, listener):
    before = listener.connections
    with open_store(hand_store_path, read_only=True) as store:
        for q in spellings(listener.port):
            with pytest.raises(QueryError, match="SERVICE"):
                store.query(q, prefixes=False)
    assert listener.connections == before


def test_kg_query_refuses_with_a_clear_error(hand_store_path, listener):
    q = spellings(listener.port)[2]
    res = run_cli("query", "--store", str(hand_store_path), q)
    assert res.exit_code == 1
    assert res.output.startswith("Error: the query may use SERVICE")
    assert "Traceback" not in res.output


def test_kg_serve_answers_403_and_nothing_connects(hand_store_path, listener):
    client = TestClient(create_app(hand_store_path), base_url="http://127.0.0.1")
    before = listener.connections
    for q in spellings(listener.port):
        assert client.get("/sparql", params={"query": q}).status_code == 403, q
        assert client.post("/sparql", data={"query": q}).status_code == 403, q
    assert listener.connections == before


def test_the_opt_in_really_federates(hand_store_path, listener):
    """Proof that the refusal is what stops the request: allowed, Oxigraph does connect."""
    before = listener.connections
    q = f"SELECT ?x WHERE {{ SERVICE SILENT <http://127.0.0.1:{listener.port}/sparql> {{ ?x ?p ?o }} }}"
    with open_store(hand_store_path, read_only=True) as store:
        try:
            store.query(q, prefixes=False, allow_service=True, timeout=5)
        except QueryError:
            pass  # the listener answers nothing: what matters is that it was called
    assert listener.connections > before


def test_service_words_in_strings_iris_and_comments_are_fine(hand_store_path):
    with open_store(hand_store_path, read_only=True) as store:
        store.query('SELECT * WHERE { ?s ?p "customer service" } # no SERVICE here\n')
        store.query("SELECT * WHERE { ?s <http://example.org/service> ?o }")
        # kg's predeclared prefixes count when the second reader checks a query that says "service"
        store.query('SELECT ?e WHERE { ?e kg:actionText "customer service" }')


_NOISE = st.sampled_from([" ", "\n", "\r", "\r\n", "\t", "# SERVICE\n", "#x\r", "{}", "\u00a0"])


@settings(max_examples=150, deadline=None)
@given(prefix=st.lists(_NOISE, max_size=4), case=st.lists(st.booleans(), min_size=7, max_size=7),
       escape=st.integers(min_value=-1, max_value=6), silent=st.booleans())
def test_generated_spellings_are_always_caught(prefix, case, escape, silent):
    word = "".join(c.upper() if up else c.lower() for c, up in zip("service", case))
    if escape >= 0:
        word = word[:escape] + f"\\u{ord(word[escape]):04X}" + word[escape + 1:]
    q = ("SELECT ?x WHERE {" + "".join(prefix) + " " + word + (" SILENT" if silent else "")
         + " <http://127.0.0.1:9/x> { ?x ?p ?o } }")
    assert may_use_service(q), repr(q)
