"""Hostile and broken input through `kg build` and the extractor: no tracebacks, bad records reported, data kept.

* A hand-made corpus of every kind of bad input (binary, invalid UTF-8,
  UTF-16, empty, 1 MB single lines, run-on text, malformed JSON Lines and CSV
  rows, duplicate ids, bad dates, lone surrogates, control characters,
  right-to-left text, markup) goes through ``kg build``: each bad record is
  reported as ``file:line: reason`` and skipped, ``--strict`` makes the first
  one fatal, the good documents are all in the store and nothing in them
  breaks the RDF or the graph page.
* Hypothesis writes random feeds and builds them (twice, so both the
  bulk-load and the SPARQL-update path see every string) and throws random
  text at the extractor: spans always slice the text to the evidence, and
  every quad kg.rdf makes is valid N-Quads and valid SPARQL ``INSERT DATA``.

``python -m pytest tests/test_hostile.py -m "" --hypothesis-show-statistics``
runs the slow variants too and prints how many examples each property ran.
"""
from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import run_cli
from kg.ingest.builder import MAX_CHARS, build
from kg.model import Document
from kg.rdf.quads import document_quads, entity_quads
from kg.store.base import insert_data
from kg.store import open_store

XSS = "kg-xss"


def write_hostile_corpus(root: Path) -> dict[str, list[str]]:
    """Write the corpus; return the ids that must be loaded and the problems that must be reported."""
    root.mkdir(parents=True)

    def text(name: str, content: str) -> None:
        (root / name).write_text(content, encoding="utf-8", newline="")

    text("good.txt", "date 2026-03-04 The Ecuadorian Navy attacked Los Lobos near Guayaquil on Monday.\n")
    text("rtl.txt", "date 2026-03-05 مرحبا بالعالم \u202eevil\u202c שלום. The United States sanctioned Los Lobos.\n")
    text("markup.txt", f'<script>alert("{XSS}")</script> The United States sanctioned "Los Lobos" & \'friends\' '
                       f"on Tuesday. <img src=x onerror=alert('{XSS}')> President Daniel Noboa praised the "
                       'Ecuadorian Navy 😀 e\u0301\u0302 \\u0000 """ \\ .\n')
    text("controls.txt", "The Ecuadorian\x01\x02 Navy attacked\x7f Los\u200b Lobos.\x0cThe\x1b[31m army left.\r\n")
    text("empty.txt", "")
    text("blank.txt", " \n\t \n")
    (root / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (root / "latin1.txt").write_bytes("Caf\u00e9 in Quito.".encode("latin-1"))
    (root / "utf16.txt").write_text("The army attacked.", encoding="utf-16")
    text("huge-line.txt", "x" * (1 << 20))  # a 1 MB single line
    text("unbroken.txt", "word " * 4000)  # 20,000 characters, no sentence break
    records = [
        json.dumps({"id": "j1", "text": "Spain arrested Joaquim Serpa in Madrid.", "date": "2026-03-04"}),
        '{"id": "j2", "text": ',
        "[1, 2]",
        json.dumps({"id": "j3"}),
        json.dumps({"id": "j4", "text": 42}),
        json.dumps({"id": "j5", "text": "Portugal condemned Joaquim Serpa.", "date": "2026-02-30"}),
        json.dumps({"id": "j1", "text": "A duplicate."}),
        json.dumps({"id": "j\ud800x", "text": "Senegal praised Portugal.", "title": "t\u0000\ud800 <b>",
                    "url": "javascript:alert(1)"}),
    ]
    feed = ("\n".join(records) + "\n").encode() + b'{"id": "j7", "text": "Bad \xff byte"}\n'
    records = [
        json.dumps({"id": "j6", "text": "   "}),
        json.dumps({"id": {"x": 1}, "text": "Object id."}),
        json.dumps({"id": "big", "text": "y" * (MAX_CHARS + 1)}),  # a 1 MB JSON Lines record
        json.dumps({"id": "j8", "text": "Spain thanked Senegal.", "date": "yesterday"}),
    ]
    (root / "feed.jsonl").write_bytes(feed + ("\n".join(records) + "\n").encode())
    text("sheet.csv", "id,text,date\n"
                      "c1,Senegal criticised Spain.,2026-03-04\n"
                      "c2,too,many,fields\n"
                      "c3,,2026-03-04\n"
                      "c4,Spain criticised Senegal.,04/03/2026\n"
                      "c1,Duplicate row.,2026-03-04\n"
                      '"c5","Quoted, with ""quotes"" and\nnewline.",\n')
    offset = len(feed) - len(b'{"id": "j7", "text": "Bad \xff byte"}\n') + len(b'{"id": "j7", "text": "Bad ')
    return {
        "loaded": ["c1", "c4", "c5", "controls", "good", "j1", "j5", "j8", "j\ufffdx", "markup", "rtl"],
        "problems": [
            "binary.txt: binary file (NUL byte at offset 8)",
            "blank.txt: empty document",
            "empty.txt: empty document",
            "feed.jsonl:2: malformed JSON (Expecting value at column 1)",
            "feed.jsonl:3: expected a JSON object, got array",
            "feed.jsonl:4: missing 'text' field",
            "feed.jsonl:5: 'text' is not a string",
            "feed.jsonl:6: invalid date '2026-02-30'; date left unknown",
            f"feed.jsonl:7: duplicate id 'j1' (first read from {root / 'feed.jsonl'}:1)",
            f"feed.jsonl:9: not valid UTF-8 (byte offset {offset})",
            "feed.jsonl:10: empty 'text'",
            "feed.jsonl:11: 'id' must be a string or an integer",
            ("feed.jsonl:12: document too long to parse (1000001 characters; at most 1000000); "
             "split it into several documents"),
            "feed.jsonl:13: invalid date 'yesterday'; date left unknown",
            ("huge-line.txt: document too long to parse (1048576 characters; at most 1000000); "
             "split it into several documents"),
            "latin1.txt: not valid UTF-8 (byte offset 3)",
            "sheet.csv:3: row has 4 fields, header has 3",
            "sheet.csv:4: empty 'text'",
            "sheet.csv:5: invalid date '04/03/2026'; date left unknown",
            f"sheet.csv:6: duplicate id 'c1' (first read from {root / 'sheet.csv'}:2)",
            ("unbroken.txt: 20000 characters without a sentence break (at most 10000 are parsed); "
             "split the text into sentences"),
            "utf16.txt: not valid UTF-8 (UTF-16 byte order mark); save it as UTF-8",
        ],
    }


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """(corpus root, expectations, store path, build result) of `kg build` on the hostile corpus."""
    base = tmp_path_factory.mktemp("hostile")
    root = base / "corpus"
    expected = write_hostile_corpus(root)
    store = base / "store"
    result = run_cli("build", str(root), "--store", str(store), "--html", str(base / "graph.html"),
                     "--verbose")
    return root, expected, store, result


def test_build_survives_hostile_input(hostile):
    _, _, _, result = hostile
    assert result.exit_code == 0, result.output
    assert result.exception is None
    assert "Traceback" not in result.output


def test_every_bad_record_is_reported_with_file_and_line(hostile):
    root, expected, _, result = hostile
    lines = result.stderr.splitlines()
    warnings = [line for line in lines if line.startswith("warning: ") and "documents have no date" not in line]
    assert warnings == [f"warning: {root}/{problem}" for problem in expected["problems"]]
    assert sum("documents have no date" in line for line in lines) == 1  # one summary line, not one per file
    skipped = sum("date left unknown" not in p for p in expected["problems"])
    assert f"read {len(expected['loaded'])} documents, skipped {skipped};" in result.stderr
    print(f"\nhostile corpus: {len(warnings)} bad records reported ({skipped} skipped, "
          f"{len(warnings) - skipped} kept with a warning), {len(expected['loaded'])} documents kept")


def test_good_documents_are_all_kept(hostile):
    _, expected, store, _ = hostile
    with open_store(store, read_only=True) as kg_store:
        assert sorted(kg_store.document_hashes()) == expected["loaded"]
        [row] = kg_store.query("SELECT ?t ?u WHERE { ?d dct:identifier 'j\ufffdx' ; dct:title ?t ; "
                               "schema:url ?u }").rows
        assert row == ["t\ufffd <b>", "javascript:alert(1)"]  # controls dropped, surrogate replaced, kept as text


def test_hostile_store_exports_valid_rdf_and_rebuilds_identically(hostile, copy_store):
    root, _, store, _ = hostile
    with open_store(store, read_only=True) as kg_store:
        buffer = io.BytesIO()
        kg_store.dump(buffer, ox.RdfFormat.N_QUADS)
        quads = set(kg_store.iter_quads())
    assert set(ox.parse(buffer.getvalue(), ox.RdfFormat.N_QUADS)) == quads
    copy = copy_store(store)
    result = run_cli("build", str(root), "--store", str(copy), "--no-html", "--force", "-q")
    assert result.exit_code == 0, result.output
    with open_store(copy, read_only=True) as again:
        assert set(again.iter_quads()) == quads  # replaced through SPARQL UPDATE: same strings back


def test_graph_page_escapes_markup_from_articles(hostile):
    root, _, _, _ = hostile
    html = (root.parent / "graph.html").read_text(encoding="utf-8")
    assert XSS in html  # the evidence is on the page ...
    assert f'<script>alert("{XSS}")' not in html and "<img src=x onerror" not in html  # ... never as markup


def test_strict_stops_at_the_first_bad_record(hostile, tmp_path):
    root, expected, _, _ = hostile
    result = run_cli("build", str(root), "--store", str(tmp_path / "s"), "--no-html", "--strict")
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.stderr == f"Error: {root}/{expected['problems'][0]}\n"


@pytest.mark.parametrize("name, content, problem", [
    ("late.jsonl", '{"id": "a", "text": "Spain thanked Senegal."}\n{"id": "b"\n', ":2: malformed JSON"),
    ("dup.csv", "id,text\nx,Spain thanked Senegal.\nx,Again.\n", ":3: duplicate id 'x'"),
    ("date.jsonl", '{"id": "a", "text": "Spain thanked Senegal.", "date": "2026-13-01"}\n', ":1: invalid date"),
    ("long.txt", "word " * 3000, ": 15000 characters without a sentence break"),
])
def test_strict_makes_each_kind_of_problem_fatal(tmp_path, name, content, problem):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = run_cli("build", str(path), "--store", str(tmp_path / "s"), "--no-html", "--strict")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"Error: {path}{problem}")
    assert "Traceback" not in result.output


def test_extract_command_rejects_unparseable_documents_too(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text("x" * (MAX_CHARS + 1), encoding="utf-8")
    result = run_cli("extract", str(path))
    assert result.exit_code == 1, result.output  # nothing could be read: a failure, not an empty success
    assert result.stdout == ""
    assert f"warning: {path}: document too long to parse" in result.stderr
    assert result.stderr.endswith("Error: no document could be read\n")


# --------------------------------------------------------------------------- properties

#: Pieces of text that have broken text pipelines before: markup, quotes, escapes, emoji with
#: modifiers and flags, combining marks, right-to-left scripts and overrides, zero-width and
#: control characters, line and paragraph separators, and sentences kg does find events in.
FRAGMENTS = [
    "The Ecuadorian Navy attacked Los Lobos near Guayaquil on Monday. ",
    "President Daniel Noboa met Donald Trump in Quito on March 3. ",
    "SOUTHCOM said the U.S. would send troops. ",
    "<script>alert('x')</script>", "<img src=x onerror=alert(1)>", "</textarea>", "]]>", "-->",
    '"double" \'single\' `back` «guillemets» „low“ ', "\\", "\\n", "\\u0000", '"""', "'''", "{}<>|^%20&amp;",
    "😀", "👩🏽‍🚒", "🇪🇨", "e\u0301\u0302\u0303", "\u0d9a\u0dca\u200d\u0dbb",
    "مرحبا بالعالم. ", "שלום עולם. ", "\u202eevil\u202c", "\u2066isolated\u2069",
    "\u200b", "\u200d", "\ufeff", "\u00ad", "\x00", "\x01", "\x1b[31m", "\x7f", "\x85", "\u2028", "\u2029",
    "\n", "\n\n", "\r\n", "\t", "  ", ". ", "? ", "Mr. ", "U.S.", "1,000", "-- ",
]
TEXT = st.lists(st.one_of(st.sampled_from(FRAGMENTS),
                          st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)),
                min_size=1, max_size=10).map("".join)
RECORD = st.fixed_dictionaries(
    {"text": TEXT},
    optional={
        "id": st.one_of(st.text(max_size=12), st.integers(-5, 10**12), st.none(), st.booleans()),
        "date": st.one_of(st.dates().map(str), st.text(max_size=12), st.integers()),
        "title": st.one_of(TEXT, st.text(max_size=20)),
        "url": st.text(max_size=20),
        "source": st.text(max_size=12),
    })


def check_build_of_random_feed(tmp_path: Path, records: list[dict], article: str) -> None:
    feed = tmp_path / "feed.jsonl"
    # ensure_ascii writes lone surrogates and controls as escapes, as real exports do
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=True) for r in records) + "\n", encoding="utf-8")
    (tmp_path / "article.txt").write_text(article, encoding="utf-8", newline="")
    with open_store("memory") as store:
        report = build([str(feed), str(tmp_path / "article.txt")], kg_store=store)
        assert len(store.document_hashes()) == report.read.read == report.loaded
        event(f"documents loaded: {report.loaded if report.loaded < 4 else '4+'}")
        event("with events" if report.events else "without events")
        where = re.compile(rf"{re.escape(str(tmp_path))}/(feed\.jsonl:\d+|article\.txt(:\d+)?): \S")
        for problem in report.read.problems:
            assert where.match(str(problem)), problem
        quads = set(store.iter_quads())
        buffer = io.BytesIO()
        store.dump(buffer, ox.RdfFormat.N_QUADS)
        assert set(ox.parse(buffer.getvalue(), ox.RdfFormat.N_QUADS)) == quads
        again = build([str(feed), str(tmp_path / "article.txt")], kg_store=store, force=True)
        assert again.loaded == report.loaded
        assert set(store.iter_quads()) == quads


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(RECORD, max_size=4), article=TEXT)
def test_random_feeds_build_without_errors(tmp_path, records, article):
    check_build_of_random_feed(tmp_path, records, article)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(RECORD, max_size=6), article=TEXT)
def test_random_feeds_build_without_errors_many(tmp_path, records, article):
    check_build_of_random_feed(tmp_path, records, article)


def check_extraction(text: str) -> None:
    from kg.extract.pipeline import extract_text

    triples = extract_text(text, doc_id="h")
    event("with triples" if triples else "without triples")
    for triple in triples:
        start, end = triple.span
        assert text[start:end] == triple.text
        assert triple.text.strip() == triple.text and triple.text


def check_quads_of(text: str) -> None:
    from kg.extract.pipeline import extract_documents

    [result] = extract_documents([Document("h/ö ü\u202e<>\"{}|\\^`%", text, title=text[:20] or None)])
    quads, mentioned = document_quads(result)
    quads += list(entity_quads(mentioned))
    nquads = "".join(f"{q} .\n" for q in quads).encode("utf-8")
    assert list(ox.parse(nquads, ox.RdfFormat.N_QUADS)) == quads
    store = ox.Store()
    store.update(insert_data(quads))  # the SPARQL UPDATE a replaced document goes through
    assert set(store) == set(quads)


@settings(max_examples=60, deadline=None)
@given(text=TEXT)
def test_random_text_extracts_with_exact_spans(text):
    check_extraction(text)


@settings(max_examples=60, deadline=None)
@given(text=TEXT)
def test_random_text_maps_to_valid_rdf(text):
    check_quads_of(text)


@pytest.mark.slow
@settings(max_examples=500, deadline=None)
@given(text=TEXT)
def test_random_text_extracts_with_exact_spans_many(text):
    check_extraction(text)
    check_quads_of(text)


@pytest.mark.slow
def test_a_long_line_of_prose_is_parsed(tmp_path):
    """100,000 characters on one line, in sentences: not rejected, parsed, every event kept.

    (A full 1 MB line of prose parses too, but takes minutes: extraction time
    grows faster than linearly with document length.)
    """
    sentence = "The Ecuadorian Navy attacked Los Lobos near Guayaquil on Monday. "
    line = sentence * (100_000 // len(sentence))
    path = tmp_path / "one-line.txt"
    path.write_text(line + "\n", encoding="utf-8")
    with open_store("memory") as store:
        report = build([str(path)], kg_store=store)
        assert report.read.problems == [] and report.loaded == 1
        assert report.events == line.count(". ")
