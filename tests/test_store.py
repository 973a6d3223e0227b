"""kg.store: opening stores (memory, directory), the writer lock, replacing documents, queries.

Tests of the store contract (writing documents, hashes, queries) run on every
back-end through the ``backend_store`` / ``backend_hand_store`` fixtures of
tests/conftest.py: Oxigraph in memory, Oxigraph on disk, and a SPARQL 1.1
server (Virtuoso, only with ``-m integration``). Opening, locking and files on
disk are Oxigraph's own and are tested on it alone.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pyoxigraph as ox
import pytest

from conftest import SPARQL_BACKEND as SPARQL
from kg import vocab as V
from kg.errors import QueryError, StoreError, StoreLocked
from kg.rdf.quads import content_hash, document_quads, entity_quads
from kg.store import DEFAULT_STORE, Store, open_store, store_location

# A second process trying to become the writer; exit 3 means "StoreLocked", 0 "opened".
SECOND_WRITER = textwrap.dedent("""
    import sys
    from kg.errors import StoreLocked
    from kg.store import open_store
    try:
        store = open_store(sys.argv[1])
    except StoreLocked as exc:
        print(exc)
        sys.exit(3)
    store.close()
    print("opened")
""")


def run_second_writer(path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", SECOND_WRITER, str(path)], capture_output=True, text=True,
                          timeout=60)


def load(store: Store, result) -> None:
    quads, mentioned = document_quads(result)
    store.replace_document(result.document.id, quads, entity_quads(mentioned))


def graph_quads(store: Store, doc_id: str) -> set:
    return set(store.iter_quads(V.doc_iri(doc_id)))


# --------------------------------------------------------------------------- locations


def test_store_location_precedence(monkeypatch):
    monkeypatch.delenv("KG_STORE", raising=False)
    assert store_location(None) == DEFAULT_STORE
    monkeypatch.setenv("KG_STORE", "/somewhere/store")
    assert store_location(None) == "/somewhere/store"
    assert store_location("memory") == "memory"


def test_open_a_new_store(backend_location, backend_store):
    assert isinstance(backend_store, Store)
    assert backend_store.location == backend_location
    assert not backend_store.read_only
    assert backend_store.quad_count() == 0 == len(backend_store)


def test_open_directory_store_creates_it_and_persists(tmp_path, hand_results):
    path = tmp_path / "new" / "store"
    with open_store(path) as store:
        load(store, hand_results[0])
        count = store.quad_count()
        assert (path / "kg-writer.lock").read_text() == str(os.getpid())
    assert (path / "CURRENT").is_file()
    with open_store(path, read_only=True) as reader:
        assert reader.read_only
        assert reader.quad_count() == count > 0


def test_reader_on_missing_store_says_run_build(tmp_path):
    missing = tmp_path / "nothing-here"
    with pytest.raises(StoreError, match=r"no store at .*; run `kg build DOCS --store .*` first"):
        open_store(missing, read_only=True)
    assert not missing.exists()  # a reader never creates a store


def test_writer_without_create_on_missing_store(tmp_path):
    with pytest.raises(StoreError, match="run `kg build"):
        open_store(tmp_path / "nothing", create=False)


@pytest.mark.parametrize("read_only", [False, True])
def test_non_store_directory_is_refused(tmp_path, read_only):
    (tmp_path / "notes.txt").write_text("my notes", encoding="utf-8")
    with pytest.raises(StoreError, match="is not a kg store"):
        open_store(tmp_path, read_only=read_only)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


@pytest.mark.parametrize("read_only", [False, True])
def test_file_path_is_refused(tmp_path, read_only):
    path = tmp_path / "store.db"
    path.write_text("not a store", encoding="utf-8")
    with pytest.raises(StoreError, match="is a file, not a store directory"):
        open_store(path, read_only=read_only)


def test_sparql_endpoint_location_opens_an_endpoint_store():
    from kg.store.sparql import SparqlEndpointStore

    with open_store("http://localhost:8890/sparql", read_only=True) as store:  # nothing need listen yet
        assert isinstance(store, SparqlEndpointStore)


@pytest.mark.parametrize("backend_location", ["oxigraph", SPARQL], indirect=True)  # memory: nothing to reopen
def test_read_only_store_refuses_writes(backend_location, hand_results):
    with open_store(backend_location) as store:
        load(store, hand_results[0])
    with open_store(backend_location, read_only=True) as reader:
        with pytest.raises(StoreError, match="read-only"):
            load(reader, hand_results[1])
        with pytest.raises(StoreError, match="read-only"):
            reader.remove_document("doc-one")


# --------------------------------------------------------------------------- the writer lock


def test_second_writer_in_another_process_gets_store_locked(tmp_path):
    path = tmp_path / "store"
    store = open_store(path)
    try:
        proc = run_second_writer(path)
        assert proc.returncode == 3, proc.stderr
        message = proc.stdout.strip()
        assert f"in use by PID {os.getpid()}" in message
        assert "LOCK" not in message  # not RocksDB's cryptic message
        # a reader may still open the store while it is being written
        with open_store(path, read_only=True) as reader:
            assert reader.quad_count() == 0
    finally:
        store.close()
    proc = run_second_writer(path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip() == "opened"


def test_second_writer_in_this_process_is_locked_too(tmp_path):
    path = tmp_path / "store"
    with open_store(path):
        with pytest.raises(StoreLocked, match=f"in use by PID {os.getpid()}"):
            open_store(path)
    with open_store(path) as again:  # the lock was released on close
        assert again.quad_count() == 0


def test_lock_file_of_dead_process_does_not_block(tmp_path):
    path = tmp_path / "store"
    open_store(path).close()
    (path / "kg-writer.lock").write_text("999999999", encoding="utf-8")  # a PID file, no flock held
    with open_store(path) as store:
        assert store.quad_count() == 0
        assert (path / "kg-writer.lock").read_text() == str(os.getpid())


def test_directory_with_only_a_stale_lock_file_is_a_new_store(tmp_path):
    (tmp_path / "kg-writer.lock").write_text("12345", encoding="utf-8")
    with open_store(tmp_path) as store:
        assert store.quad_count() == 0
    assert (tmp_path / "CURRENT").is_file()


# --------------------------------------------------------------------------- documents


def test_replace_document_is_idempotent_and_replaces(backend_store, hand_results):
    first, store = hand_results[0], backend_store
    load(store, first)
    count = store.quad_count()
    before = graph_quads(store, "doc-one")
    load(store, first)
    assert store.quad_count() == count
    assert graph_quads(store, "doc-one") == before

    first.triples[1].action.text = "bombed"  # content changes -> graph replaced, not added to
    load(store, first)
    after = graph_quads(store, "doc-one")
    assert after != before
    texts = {q.object.value for q in after if q.predicate.value == V.KG + "actionText"}
    assert "bombed" in texts and "attacked" not in texts
    assert len(after) == len(before)  # one event changed its text, nothing else
    del first.triples[1:]
    load(store, first)
    assert store.quad_count() < count


def test_remove_document_keeps_entities_and_other_documents(backend_store, hand_results):
    store = backend_store
    for result in hand_results:
        load(store, result)
    entities = set(store.iter_quads(V.ENTITY_GRAPH))
    two = graph_quads(store, "doc-two")
    assert store.remove_document("doc-one") is True
    assert graph_quads(store, "doc-one") == set()
    assert store.remove_document("doc-one") is False
    assert set(store.iter_quads(V.ENTITY_GRAPH)) == entities
    assert graph_quads(store, "doc-two") == two
    assert set(store.document_hashes()) == {"doc-two"}


def test_document_hashes(backend_hand_store, hand_results):
    assert backend_hand_store.document_hashes() == {r.document.id: content_hash(r.document) for r in hand_results}


def test_document_hashes_of_empty_store(backend_store):
    assert backend_store.document_hashes() == {}


def test_bulk_load(backend_store, hand_results):
    quads, mentioned = document_quads(hand_results[0])
    backend_store.bulk_load([*quads, *entity_quads(mentioned)])
    assert backend_store.quad_count() == len({*quads, *entity_quads(mentioned)})


def test_load_documents_gives_what_replacing_each_gives(backend_store, hand_results):
    """A build's batches (``load_documents``) hold what one ``replace_document`` per document holds."""
    def items():
        for result in hand_results:
            quads, mentioned = document_quads(result)
            yield result.document.id, quads, entity_quads(mentioned)

    backend_store.load_documents(items())
    backend_store.load_documents(items())  # replaced, not doubled
    with open_store("memory") as reference:
        for result in hand_results:
            load(reference, result)
        assert set(backend_store.iter_quads()) == set(reference.iter_quads())
    assert backend_store.document_hashes() == {r.document.id: content_hash(r.document) for r in hand_results}


def test_replace_graph(backend_store):
    graph = V.ID + "graph/test"
    quads = [ox.Quad(ox.NamedNode(f"{V.ID}thing/{i}"), ox.NamedNode(V.KG + "p"), ox.Literal(f"value {i}"),
                     ox.NamedNode(graph)) for i in range(3)]
    backend_store.replace_graph(graph, quads)
    backend_store.replace_graph(graph, quads[1:])
    assert set(backend_store.iter_quads(graph)) == set(quads[1:])
    backend_store.replace_graph(graph, [])
    assert backend_store.quad_count() == 0


def test_entity_merge_keeps_one_label_and_country(backend_store, hand_entities, hand_results):
    """A later document naming an actor differently adds an altLabel, not a second prefLabel."""
    from kg.extract.pipeline import ExtractionResult
    from kg.model import Action, Document, EntityRef, Triple
    from kg.ingest.validation import validate_store

    lobos = hand_entities["lobos"]
    renamed = EntityRef(text="LOS LOBOS", id=lobos.id, label="LOS LOBOS", type=lobos.type, country="COL")
    later = ExtractionResult(Document("doc-three", "LOS LOBOS threatened the Ecuadorian Navy."), [
        Triple("doc-three", 0, "LOS LOBOS threatened the Ecuadorian Navy.", (0, 41), renamed,
               Action("threatened", "threaten", "THREATEN"), hand_entities["navy"])], sentences=1)
    store = backend_store
    load(store, hand_results[0])
    load(store, later)
    iri = V.entity_iri(lobos.id)
    rows = store.query(f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}").rows
    assert [o for p, o in rows if p == V.SKOS + "prefLabel"] == ["Los Lobos"]
    assert [o for p, o in rows if p == V.KG + "country"] == ["ECU"]
    assert "LOS LOBOS" in [o for p, o in rows if p == V.SKOS + "altLabel"]
    conforms, report = validate_store(store)
    assert conforms, report


# --------------------------------------------------------------------------- queries


def test_query_returns_typed_python_values(backend_hand_store):
    result = backend_hand_store.query("""
        SELECT ?doc ?date ?sentences ?conf ?negated ?text ?missing WHERE {
          ?e kg:actionText ?text ; kg:confidence ?conf ; kg:negated ?negated ; prov:wasDerivedFrom ?doc .
          ?doc kg:sentenceCount ?sentences ; dct:date ?date .
          OPTIONAL { ?e kg:modality ?missing }
          FILTER(?text = "raided")
        }""")
    assert result.kind == "select"
    assert result.variables == ["doc", "date", "sentences", "conf", "negated", "text", "missing"]
    [row] = result.dicts()
    assert row == {"doc": V.doc_iri("doc-one"), "date": "2026-01-10", "sentences": 6, "conf": 0.7,
                   "negated": False, "text": "raided", "missing": None}
    assert isinstance(row["sentences"], int) and isinstance(row["conf"], float)
    assert row["negated"] is False


def test_query_aggregates_and_union_default_graph(backend_hand_store):
    # the default graph is the union of all named graphs: entity labels join document events
    rows = backend_hand_store.query("""
        SELECT ?label (COUNT(?e) AS ?n) WHERE { ?e kg:actor ?a . ?a skos:prefLabel ?label }
        GROUP BY ?label ORDER BY DESC(?n) ?label""").rows
    assert rows == [["Alice Ayala", 3], ["Ecuadorian Navy", 3], ["United States", 3], ["Los Lobos", 1]]


def test_ask_and_construct(backend_hand_store):
    assert backend_hand_store.query("ASK { ?a kg:actedOn ?b }").boolean is True
    assert backend_hand_store.query("ASK { ?a kg:actedOn <urn:nobody> }").boolean is False
    result = backend_hand_store.query("CONSTRUCT { ?a kg:actedOn ?b } WHERE { ?a kg:actedOn ?b }")
    assert result.kind == "graph"
    assert len(result.triples) == 5  # distinct actor pairs with an event
    assert all(line.startswith("<") and line.endswith(" .") for line in result.triples)


def test_stream_select_gives_the_rows_of_query(backend_hand_store):
    q = "SELECT ?label WHERE { ?a skos:prefLabel ?label } ORDER BY ?label"
    expected = backend_hand_store.query(q)
    variables, rows = backend_hand_store.stream_select(q)
    assert variables == expected.variables == ["label"]
    assert list(rows) == expected.rows and "Los Lobos" in [label for (label,) in expected.rows]
    with pytest.raises(QueryError, match="only SELECT"):
        backend_hand_store.stream_select("ASK { ?s ?p ?o }")


def test_query_without_predeclared_prefixes(backend_hand_store):
    with pytest.raises(QueryError):
        backend_hand_store.query("SELECT * WHERE { ?a kg:actedOn ?b }", prefixes=False)


def test_syntax_error_is_a_one_line_query_error(backend_hand_store):
    with pytest.raises(QueryError) as info:
        backend_hand_store.query("SELECT ?x WHERE { ?x ")
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("backend_location", ["memory", "oxigraph"], indirect=True)  # Oxigraph's parser
def test_syntax_error_is_query_error_with_position(backend_hand_store):
    with pytest.raises(QueryError) as info:
        backend_hand_store.query("SELECT ?x WHERE { ?x ")
    message = str(info.value)
    assert message.startswith("SPARQL syntax error: ")
    assert "1:22" in message  # line:column of the error
    assert "\n" not in message
    with pytest.raises(QueryError, match="SPARQL syntax error"):
        backend_hand_store.update("INSERT DATA { <urn:a> ")


def test_update_and_update_syntax_error(backend_hand_store):
    before = backend_hand_store.quad_count()
    # a graph of kg's: a store on a SPARQL server counts only those, not the server's own
    backend_hand_store.update(f"INSERT DATA {{ GRAPH <{V.ID}graph/test> {{ <urn:a> <urn:p> 1 }} }}")
    assert backend_hand_store.quad_count() == before + 1
    with pytest.raises(QueryError, match="syntax error"):
        backend_hand_store.update("INSERT DATA { <urn:a> ")


def test_iter_quads_and_dump(backend_hand_store):
    import io

    assert len(list(backend_hand_store.iter_quads())) == backend_hand_store.quad_count()
    buf = io.BytesIO()
    backend_hand_store.dump(buf, ox.RdfFormat.N_TRIPLES, from_graph=V.ENTITY_GRAPH)
    assert len(list(ox.parse(buf.getvalue(), ox.RdfFormat.N_TRIPLES))) == len(list(backend_hand_store.iter_quads(V.ENTITY_GRAPH)))


def test_query_with_from_uses_only_that_graph():
    import pyoxigraph as ox

    with open_store("memory") as store:
        for s, g in (("http://ex/a", "http://ex/g1"), ("http://ex/b", "http://ex/g2")):
            store.oxigraph.add(ox.Quad(ox.NamedNode(s), ox.NamedNode("http://ex/p"), ox.Literal("x"), ox.NamedNode(g)))
        union = sorted(r[0] for r in store.query("SELECT ?s WHERE { ?s ?p ?o }").rows)
        one = [r[0] for r in store.query("SELECT ?s FROM <http://ex/g1> WHERE { ?s ?p ?o }").rows]
    assert union == ["http://ex/a", "http://ex/b"] and one == ["http://ex/a"]
