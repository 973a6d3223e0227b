"""Inputs are never silently corrupted (issue 13): stdin gets the file checks, CSV quoting errors are reported."""
from __future__ import annotations

import io

import pytest

from conftest import run_cli
from kg.documents import ReadReport, iter_documents


class _Stdin(io.TextIOWrapper):
    """A text stdin over bytes, as the terminal gives it (``.buffer`` holds the raw bytes)."""


def _stdin(data: bytes) -> _Stdin:
    return _Stdin(io.BytesIO(data), encoding="utf-8", errors="surrogateescape")


@pytest.mark.parametrize("data, reason", [
    (b"\x7fELF\x02\x01\x01\x00\x00binary", "binary file (NUL byte at offset 7)"),
    (b"caf\xe9 au lait. The army left.", "not valid UTF-8 (byte offset 3)"),
    (b"\xff\xfeT\x00h\x00e\x00", "not valid UTF-8 (UTF-16 byte order mark); save it as UTF-8"),
])
def test_bad_stdin_is_reported_not_loaded(data, reason):
    report = ReadReport()
    docs = list(iter_documents(["-"], stdin=_stdin(data), report=report))
    assert docs == []
    assert [p.reason for p in report.problems] == [reason]


def test_stdin_jsonl_skips_only_the_bad_line():
    data = b'{"id": "a", "text": "The army left."}\n{"id": "b", "text": "x\xff"}\n{"id": "c", "text": "Fine."}\n'
    report = ReadReport()
    docs = list(iter_documents(["-"], stdin=_stdin(data), report=report))
    assert [d.id for d in docs] == ["a", "c"]
    assert [(p.line, p.reason.split(" (")[0]) for p in report.problems] == [(2, "not valid UTF-8")]


def test_good_stdin_still_reads():
    docs = list(iter_documents(["-"], stdin=_stdin("date 2026-03-04 Caf\u00e9 owners protested.".encode())))
    assert [(d.id, d.date, d.text) for d in docs] == [("stdin", "2026-03-04", "Caf\u00e9 owners protested.")]


def test_unterminated_quote_is_reported_with_its_line(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text('id,text\n1,"The army left."\n2,"No closing quote\n3,"The navy arrived."\n'
                    + "".join(f'{n},"Row {n}."\n' for n in range(4, 104)), encoding="utf-8")
    report = ReadReport()
    docs = list(iter_documents([str(path)], report=report))
    assert [d.id for d in docs] == ["1"]
    assert report.skipped == 1 and report.problems[0].line == 3
    assert "quote" in report.problems[0].reason and "rest of the file skipped" in report.problems[0].reason


def test_stray_doubled_quote_does_not_swallow_the_next_row(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text('id,text\n1,"He said ""no.\n2,"The navy arrived."\n', encoding="utf-8")
    report = ReadReport()
    docs = list(iter_documents([str(path)], report=report))
    assert not any("navy" in d.text and "said" in d.text for d in docs)
    assert report.problems and report.problems[0].line == 2


def test_field_count_mismatch_is_reported(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text('id,text,date\n1,The army left.\n2,The navy arrived.,2026-01-03\n', encoding="utf-8")
    report = ReadReport()
    docs = list(iter_documents([str(path)], report=report))
    assert [d.id for d in docs] == ["2"]
    assert report.problems[0].line == 2 and report.problems[0].reason == "row has 2 fields, header has 3"


def test_extract_exits_non_zero_when_nothing_could_be_read(tmp_path):
    res = run_cli("extract", str(tmp_path / "missing.txt"))
    assert res.exit_code == 1
    assert res.stderr.endswith("Error: no document could be read\n")


def test_stats_date_range_ignores_undated_documents_and_counts_them(tmp_path):
    from kg import build, open_store
    from kg.graph.stats import store_stats

    (tmp_path / "a.txt").write_text("date 2026-03-04\nThe army attacked the rebels.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("The navy seized a boat.", encoding="utf-8")
    build([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], store=str(tmp_path / "s"))
    with open_store(tmp_path / "s", read_only=True) as store:
        stats = store_stats(store)
    assert (stats["documents"], stats["undated_documents"]) == (2, 1)
    assert stats["first_date"] == stats["last_date"] == "2026-03-04"


def test_update_that_changes_nothing_says_why(tmp_path):
    from kg import build

    (tmp_path / "a.txt").write_text("date 2026-03-04\nSenegal accused Mali of shelling the border.", encoding="utf-8")
    build([str(tmp_path / "a.txt")], store=str(tmp_path / "s"))
    res = run_cli("query", "--store", str(tmp_path / "s"), "--update",
                  "DELETE WHERE { ?e a kg:Event }")
    assert res.exit_code == 0
    assert "update done: +0 quads" in res.stderr and "GRAPH ?g" in res.stderr
    res = run_cli("query", "--store", str(tmp_path / "s"), "--update",
                  "DELETE WHERE { GRAPH ?g { ?e a kg:Event } }")
    assert res.exit_code == 0 and "update done: -" in res.stderr and "note:" not in res.stderr


def test_query_streams_rows_when_all_are_asked_for(tmp_path):
    """--limit 0 with csv/tsv/jsonl writes rows as they come (memory does not follow the result size)."""
    from kg import build
    from kg.store import open_store

    (tmp_path / "a.txt").write_text("date 2026-03-04\nSenegal accused Mali of shelling the border.", encoding="utf-8")
    build([str(tmp_path / "a.txt")], store=str(tmp_path / "s"))
    q = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    with open_store(tmp_path / "s", read_only=True) as store:
        variables, rows = store.stream_select(q)
        streamed = list(rows)
        assert variables == ["s", "p", "o"]
        assert len(streamed) == store.quad_count()
    res = run_cli("query", "--store", str(tmp_path / "s"), "--limit", "0", "--format", "csv", q)
    assert res.exit_code == 0
    lines = res.stdout.splitlines()
    assert lines[0] == "s,p,o" and len(lines) == len(streamed) + 1


def test_outputs_get_the_umask_mode(tmp_path, hand_store_path):
    import os
    import stat

    old = os.umask(0o022)
    try:
        out = tmp_path / "graph.nq"
        res = run_cli("export", "--store", str(hand_store_path), "--format", "nq", "-o", str(out))
        assert res.exit_code == 0, res.output
        assert stat.S_IMODE(out.stat().st_mode) == 0o644
        os.umask(0o077)
        private = tmp_path / "private.nq"
        run_cli("export", "--store", str(hand_store_path), "--format", "nq", "-o", str(private))
        assert stat.S_IMODE(private.stat().st_mode) == 0o600
    finally:
        os.umask(old)


def test_bundled_queries_run_by_name(hand_store_path):
    listed = run_cli("query", "--list-examples")
    assert listed.exit_code == 0 and listed.output.startswith("actor-timeline ")
    res = run_cli("query", "--store", str(hand_store_path), "--example", "top-actors", "--format", "csv")
    assert res.exit_code == 0 and res.stdout.startswith("actor,label,type,country,events")
    bad = run_cli("query", "--store", str(hand_store_path), "--example", "nope")
    assert bad.exit_code == 2 and "no example query 'nope'; choose from actor-timeline" in bad.output


def test_communities_hide_single_actors_and_say_so(examples_store):
    import json

    shown = run_cli("communities", "--store", str(examples_store), "--format", "json")
    everything = run_cli("communities", "--store", str(examples_store), "--format", "json",
                         "--min-size", "1")
    rows, all_rows = json.loads(shown.stdout), json.loads(everything.stdout)
    hidden = len(all_rows) - len(rows)
    assert hidden > 0 and all(r["size"] >= 2 for r in rows)
    assert shown.stderr == f"{hidden} communities of fewer than 2 actors not shown (--min-size 1 shows them)\n"


def test_a_file_name_that_is_not_utf8_gives_an_id_and_builds_twice(tmp_path):
    """Undecodable bytes in a file name (lone surrogates in Python) become U+FFFD in the id, not a traceback."""
    import os

    from conftest import run_cli

    folder = tmp_path / "docs"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"report \xff.txt"), "wb") as out:
        out.write(b"Police arrested two men in Quito on Monday after a long chase near the port.")
    store = tmp_path / "store"
    first = run_cli("build", folder, "--no-html", store=store, check=True)
    assert "1 loaded" in first.output
    assert "0 loaded, 1 unchanged" in run_cli("build", folder, "--no-html", store=store, check=True).output
    ids = run_cli("query", "SELECT ?id WHERE { GRAPH ?g { ?g dct:identifier ?id } }", store=store, check=True).output
    assert "report \ufffd" in ids
