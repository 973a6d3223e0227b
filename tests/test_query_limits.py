"""Safe querying: row limits, timeouts, read-only by default, syntax errors with their position."""
from __future__ import annotations

import csv
import io
import subprocess
import sys
import time

import pyoxigraph as ox
import pytest

from conftest import run_cli
from kg.errors import QueryError, QueryTimeout, StoreError
from kg.store import open_store

ALL_SUBJECTS = "SELECT ?s WHERE { ?s ?p ?o }"
# every combination of four quads: never finishes on any store worth the name
_FOUR_QUADS = ("?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l "
               "FILTER(STRLEN(CONCAT(STR(?c), STR(?f), STR(?i), STR(?l))) < 0)")
ENDLESS = f"SELECT * WHERE {{ {_FOUR_QUADS} }}"
# updates see the default graph, not the union: name the graphs
ENDLESS_UPDATE = ("INSERT { GRAPH <urn:kg:test> { ?a <urn:kg:p> ?l } } WHERE { GRAPH ?w { ?a ?b ?c } "
                  "GRAPH ?x { ?d ?e ?f } GRAPH ?y { ?g ?h ?i } GRAPH ?z { ?j ?k ?l } "
                  "FILTER(STRLEN(CONCAT(STR(?c), STR(?f), STR(?i), STR(?l))) < 0) }")
# seconds of work on 150 quads (a three-way cross product with string building per row)
SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?x ?y ?z "
        "FILTER(STRLEN(CONCAT(STR(?c), STR(?f), STR(?z))) < 0) }")


def quad_count(path) -> int:
    with open_store(path, read_only=True) as store:
        return store.quad_count()


# --------------------------------------------------------------------------- row limit


def test_library_limit_stops_reading_and_flags_truncation(hand_store):
    total = len(hand_store.query(ALL_SUBJECTS).rows)
    assert total > 10
    cut = hand_store.query(ALL_SUBJECTS, limit=10)
    assert len(cut.rows) == 10 and cut.truncated
    exact = hand_store.query(ALL_SUBJECTS, limit=total)
    assert len(exact.rows) == total and not exact.truncated
    assert not hand_store.query(ALL_SUBJECTS).truncated
    graph = hand_store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", limit=3)
    assert len(graph.triples) == 3 and graph.truncated
    ask = hand_store.query("ASK { ?s ?p ?o }", limit=1)
    assert ask.boolean is True and not ask.truncated


def test_cli_limit_prints_the_first_rows_and_a_note(hand_store_path):
    result = run_cli("query", ALL_SUBJECTS, "--limit", "3", "--format", "csv", "--store", str(hand_store_path))
    assert result.exit_code == 0, result.output
    assert len(list(csv.reader(io.StringIO(result.stdout)))) == 1 + 3
    assert result.stderr == "note: only the first 3 rows are shown; raise --limit (0 = all) to see more\n"


def test_cli_limit_zero_prints_everything(hand_store_path):
    result = run_cli("query", ALL_SUBJECTS, "--limit", "0", "--format", "csv", "--store", str(hand_store_path))
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1 + quad_count(hand_store_path)
    assert result.stderr == ""


def test_cli_default_limit_is_10000(tmp_path):
    path = tmp_path / "big"
    with open_store(path) as store:
        store.oxigraph.extend(ox.Quad(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal(str(i)),
                                      ox.NamedNode("urn:g")) for i in range(10_050))
    result = run_cli("query", "SELECT ?s WHERE { ?s ?p ?o }", "--format", "tsv", "--store", str(path))
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1 + 10_000
    assert "only the first 10000 rows" in result.stderr


def test_cli_limit_on_construct(hand_store_path):
    result = run_cli("query", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "--limit", "2", store=hand_store_path)
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 2
    assert "only the first 2 triples" in result.stderr


# --------------------------------------------------------------------------- timeout


def test_library_timeout_gives_up_in_time():
    with open_store("memory") as store:
        store.oxigraph.extend(ox.Quad(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal(str(i)),
                                      ox.NamedNode("urn:g")) for i in range(150))
        start = time.monotonic()
        with pytest.raises(QueryTimeout, match=r"^the query did not finish within 0\.05 s"):
            store.query(SLOW, timeout=0.05)
        assert time.monotonic() - start < 0.5
        assert store.query("ASK { ?s ?p ?o }", timeout=5).boolean  # quick queries are unaffected
        assert issubclass(QueryTimeout, QueryError)


def test_library_errors_cross_the_worker_thread(hand_store):
    with pytest.raises(QueryError, match="SPARQL syntax error: error at 1:"):
        hand_store.query("SELECT WHERE", timeout=5)


def run_kg(*args: str, timeout: float = 120) -> tuple[subprocess.CompletedProcess, float]:
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=timeout,
                          check=False)
    return proc, time.monotonic() - start


def test_cli_query_timeout_exits_1_with_a_message(hand_store_path):
    proc, elapsed = run_kg("query", ENDLESS, "--timeout", "0.5", "--store", str(hand_store_path))
    assert proc.returncode == 1
    assert proc.stderr == "Error: the query did not finish within 0.5 s; simplify it, add LIMIT, or raise --timeout\n"
    assert proc.stdout == ""
    assert elapsed < 30  # interpreter start-up + 0.5 s, with room for a busy machine


def test_cli_update_timeout_changes_nothing_and_frees_the_lock(hand_store_path):
    before = quad_count(hand_store_path)
    proc, _ = run_kg("query", "--update", ENDLESS_UPDATE, "--timeout", "0.5", "--store", str(hand_store_path))
    assert proc.returncode == 1
    assert proc.stderr.startswith("Error: the update did not finish within 0.5 s")
    assert quad_count(hand_store_path) == before
    with open_store(hand_store_path) as writer:  # the writer lock went with the process
        assert writer.quad_count() == before


def test_cli_timeout_zero_means_no_limit(hand_store_path):
    result = run_cli("query", "ASK { ?s ?p ?o }", "--timeout", "0", "--store", str(hand_store_path))
    assert result.exit_code == 0 and result.stdout == "true\n"


def test_cli_timeout_must_not_be_negative(hand_store_path):
    result = run_cli("query", "ASK {}", "--timeout", "-1", "--store", str(hand_store_path))
    assert result.exit_code == 2


def test_query_help_says_what_the_limits_do():
    result = run_cli("query", "--help")
    text = " ".join(result.output.split())
    assert "--timeout SECONDS" in text and "[default: 30.0; x>=0]" in text
    assert "--limit ROWS" in text and "[default: 10000; x>=0]" in text
    assert "Oxigraph cannot cancel a running query" in text
    assert "read-only unless --update" in text


# --------------------------------------------------------------------------- read-only, syntax errors


def test_update_text_is_refused_without_the_flag_even_behind_comments_and_prefixes(hand_store_path):
    before = quad_count(hand_store_path)
    sneaky = "# harmless?\nprefix ex: <urn:ex:>\n  insert data { ex:a ex:b ex:c }"
    result = run_cli("query", sneaky, "--store", str(hand_store_path))
    assert result.exit_code == 1
    assert result.stderr == "Error: this is a SPARQL UPDATE; add --update to change the store\n"
    assert quad_count(hand_store_path) == before


def test_a_read_only_store_refuses_updates_whatever_the_cli_thinks(hand_store_path):
    with open_store(hand_store_path, read_only=True) as reader, pytest.raises(StoreError, match="read-only"):
        reader.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")


def test_syntax_error_shows_line_and_column(hand_store_path):
    bad = "SELECT ?label\nWHERE {\n  ?a a kg:Actor ;\n     skos:prefLabel }"
    result = run_cli("query", bad, "--store", str(hand_store_path))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: SPARQL syntax error: error at 4:21:")


def test_update_syntax_error_shows_position(hand_store_path):
    result = run_cli("query", "INSERT DATA {\n <urn:a> <urn:b> }", "--update", "--store", str(hand_store_path))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: SPARQL syntax error: error at 2:")
