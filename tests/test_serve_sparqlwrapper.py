"""A real SPARQL client (SPARQLWrapper) against a real `kg serve` process (subprocess, loopback only)."""
from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
import time
import urllib.error

import pyoxigraph as ox
import pytest

from kg.store import open_store

SPARQLWrapper = pytest.importorskip("SPARQLWrapper")

pytestmark = pytest.mark.integration

ARTICLE = """date 2026-03-04
The Ecuadorian Navy attacked Los Lobos in Guayaquil on Tuesday.
President Daniel Noboa condemned Los Choneros. The United States sanctioned Los Lobos.
"""
PREFIXES = ("PREFIX kg: <https://w3id.org/kg-news/ns#>\n"
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n")
SELECT = PREFIXES + "SELECT ?actor ?label WHERE { ?actor a kg:Actor ; skos:prefLabel ?label } ORDER BY ?actor"
CONSTRUCT = PREFIXES + "CONSTRUCT { ?e kg:actor ?a } WHERE { ?e a kg:Event ; kg:actor ?a }"


@pytest.fixture(scope="module")
def built_store(tmp_path_factory):
    from kg import build

    root = tmp_path_factory.mktemp("served")
    (root / "article.txt").write_text(ARTICLE, encoding="utf-8")
    report = build([str(root / "article.txt")], store=str(root / "store"))
    assert report.loaded == 1
    return root / "store"


def _read_line(proc: subprocess.Popen, deadline: float) -> str:
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 0.2)
        if ready:
            return proc.stdout.readline()
        if proc.poll() is not None:
            break
    return ""


@pytest.fixture(scope="module")
def server(built_store):
    """`python -m kg serve --port 0` (a free port chosen by the OS); yields its base URL; always stopped."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", str(built_store), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = _read_line(proc, time.monotonic() + 60)
        match = re.match(r"kg serve: (http://127\.0\.0\.1:\d+/) ", line)
        assert match, f"no URL from kg serve: {line!r} {proc.stderr.read() if proc.poll() is not None else ''}"
        yield {"url": match.group(1), "proc": proc}
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)  # Ctrl-C
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        proc.stdout.close()
        proc.stderr.close()


def client(server, query: str, fmt: str, method: str = "GET"):
    from SPARQLWrapper import SPARQLWrapper as Wrapper

    sparql = Wrapper(server["url"] + "sparql")
    sparql.setTimeout(30)
    sparql.setMethod(method)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    return sparql


def test_json_select_equals_kgstore_query(server, built_store):
    from SPARQLWrapper import JSON

    for method in ("GET", "POST"):
        data = client(server, SELECT, JSON, method).query().convert()
        got = [(b["actor"]["value"], b["label"]["value"]) for b in data["results"]["bindings"]]
        with open_store(built_store, read_only=True) as store:
            want = [tuple(row) for row in store.query(SELECT).rows]
        assert got == want
        assert len(got) >= 3


@pytest.mark.parametrize("label", ["Los Lobos", "Nobody At All"])
def test_ask_equals_kgstore_query(server, built_store, label):
    from SPARQLWrapper import JSON, XML

    query = PREFIXES + f'ASK {{ ?a skos:prefLabel "{label}" }}'
    with open_store(built_store, read_only=True) as store:
        want = store.query(query).boolean
    assert client(server, query, JSON).query().convert()["boolean"] is want
    xml_doc = client(server, query, XML).query().convert()  # a minidom Document
    assert xml_doc.getElementsByTagName("boolean")[0].firstChild.data == str(want).lower()


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # inside SPARQLWrapper
def test_construct_equals_kgstore_query(server, built_store):
    from SPARQLWrapper import TURTLE, XML

    with open_store(built_store, read_only=True) as store:
        want = set(store.query(CONSTRUCT).triples)
    assert want
    turtle = client(server, CONSTRUCT, TURTLE).query().convert()  # bytes
    got = {f"{t.subject} {t.predicate} {t.object} ." for t in ox.parse(turtle, ox.RdfFormat.TURTLE)}
    assert got == want
    graph = client(server, CONSTRUCT, XML).query().convert()  # RDF/XML parsed into an rdflib Graph
    assert {f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in graph} == want


def test_update_is_refused_with_403(server, built_store):
    from SPARQLWrapper import JSON, POST

    sparql = client(server, "INSERT DATA { <urn:kg:a> <urn:kg:b> <urn:kg:c> }", JSON)
    sparql.setMethod(POST)
    with pytest.raises(urllib.error.HTTPError) as info:
        sparql.query()
    assert info.value.code == 403
    assert b"read-only" in info.value.read()
    ask = client(server, "ASK { <urn:kg:a> ?p ?o }", JSON).query().convert()
    assert ask["boolean"] is False


def test_ctrl_c_stops_the_server_cleanly(built_store):
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", str(built_store), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert _read_line(proc, time.monotonic() + 60).startswith("kg serve: http://127.0.0.1:")
        proc.send_signal(signal.SIGINT)
        assert proc.wait(15) == 0
        err = proc.stderr.read()
        assert "kg serve: stopped" in err and "Traceback" not in err
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
        proc.stdout.close()
        proc.stderr.close()
