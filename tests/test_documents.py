"""Tests for kg.documents: every input format, every reported problem, strict mode."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.documents import (
    Problem,
    ReadReport,
    iter_documents,
    normalize_text,
    parse_date,
)
from kg.errors import InputError
from kg.model import Document

SEED_ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "data" / "seed-article.txt"


def read(paths, **kwargs) -> tuple[list[Document], ReadReport]:
    report = ReadReport()
    docs = list(iter_documents(paths, report=report, **kwargs))
    return docs, report


def reasons(report: ReadReport) -> list[str]:
    return [str(p) for p in report.problems]


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- helpers -----------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("2026-03-04", "2026-03-04"),
    (" 2026-03-04 ", "2026-03-04"),
    ("2026-03-04T10:15:00", "2026-03-04"),
    ("2026-03-04T23:30:00-05:00", "2026-03-04"),
    ("2026-03-04T10:15:00Z", "2026-03-04"),
    ("2026-02-30", None),
    ("yesterday", None),
    ("", None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_parse_date_rejects_non_strings():
    assert parse_date(20260304) is None  # type: ignore[arg-type]


def test_normalize_text_keeps_unicode_and_drops_controls():
    text = "a\r\nb\rc\x00d\x07e\tf\x0cg  مرحبا «ok» ✓"
    assert normalize_text(text) == "a\nb\ncd" + "e\tf\ng  مرحبا «ok» ✓"


def test_problem_str_and_summary():
    assert str(Problem("a.jsonl", 3, "malformed JSON")) == "a.jsonl:3: malformed JSON"
    assert str(Problem("a.txt", None, "empty document")) == "a.txt: empty document"
    assert ReadReport(read=17, skipped=2).summary() == "read 17 documents, skipped 2"


# --- plain text --------------------------------------------------------------

def test_text_file_is_one_document_with_stem_id(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("The army attacked the rebels.\nTalks resumed.\n", encoding="utf-8")
    docs, report = read([path])
    assert docs == [Document(id="report", text="The army attacked the rebels.\nTalks resumed.\n")]
    assert report.read == 1 and report.skipped == 0 and report.problems == []


def test_unknown_extension_given_directly_is_text(tmp_path):
    path = tmp_path / "notes.article"
    path.write_text("Body.", encoding="utf-8")
    docs, _ = read([str(path)])
    assert [(d.id, d.text) for d in docs] == [("notes", "Body.")]


def test_seed_article_header_on_same_line():
    if not SEED_ARTICLE.is_file():
        pytest.skip(f"{SEED_ARTICLE} not present")
    docs, report = read([SEED_ARTICLE])
    assert report.problems == []
    (doc,) = docs
    assert doc.id == "seed-article"
    assert doc.date == "2026-03-04"
    assert doc.text.startswith("Ecuadorian")


@pytest.mark.parametrize("content, date, text", [
    ("date 2026-03-04\nBody here.", "2026-03-04", "Body here."),
    ("  \n date 2026-03-04   Body on the same line.", "2026-03-04", "Body on the same line."),
    ("Date: 2026-03-04\n\nBody.", "2026-03-04", "Body."),
    ("No header, date 2026-03-04 later.", "2025-01-01", "No header, date 2026-03-04 later."),
    ("dated 2026-03-04 is not a header", "2025-01-01", "dated 2026-03-04 is not a header"),
])
def test_date_header(tmp_path, content, date, text):
    path = tmp_path / "a.txt"
    path.write_text(content, encoding="utf-8")
    docs, report = read([path], date="2025-01-01")
    assert [(d.date, d.text) for d in docs] == [(date, text)]
    assert report.problems == []


def test_invalid_header_date_is_warned_and_unknown(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("date 2026-02-30 Body.", encoding="utf-8")
    docs, report = read([path], date="2025-01-01")
    assert [(d.date, d.text) for d in docs] == [(None, "Body.")]
    assert reasons(report) == [f"{path}:1: invalid date '2026-02-30' in header; date left unknown"]
    assert report.read == 1 and report.skipped == 0


def test_invalid_date_argument_raises(tmp_path):
    with pytest.raises(InputError, match="invalid date"):
        list(iter_documents([tmp_path], date="March"))


def test_text_normalised_and_bom_dropped(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffLine one\r\nLine\x07 two\rעברית".encode("utf-8"))
    docs, _ = read([path])
    assert docs[0].text == "Line one\nLine two\nעברית"


# --- --lines -----------------------------------------------------------------

def test_lines_mode_ids_and_header(tmp_path):
    path = tmp_path / "sentences.txt"
    path.write_text("date 2026-03-04\nFirst sentence.\n\n   \nFourth sentence.\r\nFifth.", encoding="utf-8")
    docs, report = read([path], lines=True)
    assert [(d.id, d.text, d.date) for d in docs] == [
        ("sentences:2", "First sentence.", "2026-03-04"),
        ("sentences:5", "Fourth sentence.", "2026-03-04"),
        ("sentences:6", "Fifth.", "2026-03-04"),
    ]
    assert report.read == 3 and report.skipped == 0


def test_lines_mode_header_with_text_on_same_line(tmp_path):
    path = tmp_path / "s.txt"
    path.write_text(" date 2026-03-04 One.\nTwo.\n", encoding="utf-8")
    docs, _ = read([path], lines=True)
    assert [(d.id, d.text, d.date) for d in docs] == [("s:1", "One.", "2026-03-04"), ("s:2", "Two.", "2026-03-04")]


# --- JSON Lines --------------------------------------------------------------

def test_jsonl_records_fields_and_default_ids(tmp_path):
    path = write_jsonl(tmp_path / "feed.jsonl", [
        json.dumps({"id": "a1", "text": "Alpha.", "date": "2026-03-04T08:00:00Z",
                    "title": "A", "url": "http://x/a", "source": "Wire"}),
        "",
        json.dumps({"text": "Beta.", "id": 7}),
        json.dumps({"text": "Gamma."}),
    ])
    docs, report = read([path], date="2025-01-01")
    assert docs == [
        Document("a1", "Alpha.", "2026-03-04", "A", "http://x/a", "Wire"),
        Document("7", "Beta.", "2025-01-01"),
        Document("feed:4", "Gamma.", "2025-01-01"),
    ]
    assert report.problems == [] and report.read == 3


def test_jsonl_custom_fields_and_ndjson(tmp_path):
    path = write_jsonl(tmp_path / "feed.ndjson", [json.dumps({"doc_id": "x", "body": "Text."})])
    docs, _ = read([path], text_field="body", id_field="doc_id")
    assert [(d.id, d.text) for d in docs] == [("x", "Text.")]


def test_jsonl_malformed_lines_reported_and_good_lines_kept(tmp_path):
    path = write_jsonl(tmp_path / "bad.jsonl", [
        json.dumps({"id": "ok1", "text": "Fine."}),
        '{"id": "broken", "text": ',
        "[1, 2]",
        json.dumps({"id": "notext"}),
        json.dumps({"id": "blank", "text": "  \n "}),
        json.dumps({"id": "num", "text": 42}),
        json.dumps({"id": ["x"], "text": "List id."}),
        json.dumps({"id": "baddate", "text": "Kept.", "date": "2026-13-01"}),
        json.dumps({"id": "ok2", "text": "Also fine."}),
    ])
    docs, report = read([path])
    assert [d.id for d in docs] == ["ok1", "baddate", "ok2"]
    assert docs[1].date is None
    problems = reasons(report)
    assert problems[0].startswith(f"{path}:2: malformed JSON")
    assert problems[1:] == [
        f"{path}:3: expected a JSON object, got array",
        f"{path}:4: missing 'text' field",
        f"{path}:5: empty 'text'",
        f"{path}:6: 'text' is not a string",
        f"{path}:7: 'id' must be a string or an integer",
        f"{path}:8: invalid date '2026-13-01'; date left unknown",
    ]
    assert report.read == 3 and report.skipped == 6


def test_jsonl_invalid_utf8_skips_only_that_line(tmp_path):
    path = tmp_path / "mixed.jsonl"
    good = json.dumps({"id": "a", "text": "Good."}).encode() + b"\n"
    bad = b'{"id": "b", "text": "Bad \xff byte"}\n'
    path.write_bytes(good + bad + json.dumps({"id": "c", "text": "Café."}, ensure_ascii=False).encode() + b"\n")
    docs, report = read([path])
    assert [d.id for d in docs] == ["a", "c"]
    offset = len(good) + bad.index(b"\xff")
    assert reasons(report) == [f"{path}:2: not valid UTF-8 (byte offset {offset})"]


def test_jsonl_escaped_controls_and_lone_surrogates(tmp_path):
    path = write_jsonl(tmp_path / "esc.jsonl", [
        '{"id": "nul", "text": "\\u0000"}',
        '{"id": "sur", "text": "half \\ud83d emoji \\ud83d\\ude00"}',
    ])
    docs, report = read([path])
    assert [(d.id, d.text) for d in docs] == [("sur", "half \ufffd emoji \U0001f600")]
    assert reasons(report) == [f"{path}:1: empty 'text'"]


# --- CSV / TSV ---------------------------------------------------------------

def test_csv_rows_with_quoted_newlines(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text('id,title,text,date\n'
                    'r1,One,"Multi\nline text.",2026-03-04\n'
                    '\n'
                    ',Two,Second row.,\n', encoding="utf-8")
    docs, report = read([path])
    assert docs == [
        Document("r1", "Multi\nline text.", "2026-03-04", title="One"),
        Document("sheet:5", "Second row.", None, title="Two"),
    ]
    assert report.problems == []


def test_tsv(tmp_path):
    path = tmp_path / "sheet.tsv"
    path.write_text("id\ttext\nt1\tTabbed, with comma.\n", encoding="utf-8")
    docs, _ = read([path])
    assert [(d.id, d.text) for d in docs] == [("t1", "Tabbed, with comma.")]


def test_csv_missing_text_column_is_a_file_error(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text("id,body\n1,hello\n", encoding="utf-8")
    docs, report = read([path])
    assert docs == []
    assert reasons(report) == [f"{path}:1: no 'text' column in header (columns: id, body)"]
    assert report.skipped == 1


def test_csv_bad_rows_reported_with_line(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text("id,text\na,Fine.\nb,too,many\nc,\nd,Also fine.\n", encoding="utf-8")
    docs, report = read([path])
    assert [d.id for d in docs] == ["a", "d"]
    assert reasons(report) == [f"{path}:3: row has 3 fields, header has 2", f"{path}:4: empty 'text'"]


def test_csv_empty_file_has_no_header(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")
    _, report = read([path])
    assert reasons(report) == [f"{path}: missing header row"]


# --- directories -------------------------------------------------------------

def test_directory_walk_relative_ids_sorted_and_filtered(tmp_path):
    root = tmp_path / "corpus"
    (root / "2026" / "03").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "b.txt").write_text("B.", encoding="utf-8")
    (root / "a.md").write_text("A.", encoding="utf-8")
    (root / "2026" / "03" / "c.text").write_text("C.", encoding="utf-8")
    (root / "2026" / "feed.jsonl").write_text('{"text": "D."}\n', encoding="utf-8")
    (root / ".secret.txt").write_text("hidden", encoding="utf-8")
    (root / ".hidden" / "x.txt").write_text("hidden", encoding="utf-8")
    (root / "image.png").write_bytes(b"\x89PNG")
    (root / "notes.docx").write_text("ignored", encoding="utf-8")
    docs, report = read([root])
    assert [(d.id, d.text) for d in docs] == [
        ("2026/03/c", "C."), ("2026/feed:1", "D."), ("a", "A."), ("b", "B."),
    ]
    assert report.problems == []


def test_missing_path_reported(tmp_path):
    missing = tmp_path / "nope.txt"
    docs, report = read([missing])
    assert docs == []
    assert reasons(report) == [f"{missing}: no such file or directory"]
    assert report.skipped == 1


# --- stdin -------------------------------------------------------------------

def test_stdin_text():
    docs, _ = read(["-"], stdin=io.StringIO(" date 2026-03-04 From a pipe.\n"))
    assert [(d.id, d.text, d.date) for d in docs] == [("stdin", "From a pipe.\n", "2026-03-04")]


def test_stdin_jsonl():
    stream = io.StringIO('\n{"id": "s1", "text": "One."}\n{"text": "Two."}\nnot json\n')
    docs, report = read(["-"], stdin=stream)
    assert [(d.id, d.text) for d in docs] == [("s1", "One."), ("stdin:3", "Two.")]
    assert reasons(report)[0].startswith("<stdin>:4: malformed JSON")


def test_stdin_lines():
    docs, _ = read(["-"], lines=True, stdin=io.StringIO("One.\n\nThree.\n"))
    assert [d.id for d in docs] == ["stdin:1", "stdin:3"]


def test_stdin_defaults_to_sys_stdin(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("Piped."))
    assert [d.text for d in iter_documents(["-"])] == ["Piped."]


def test_stdin_empty():
    _, report = read(["-"], stdin=io.StringIO("  \n"))
    assert reasons(report) == ["<stdin>: empty document"]


# --- bad inputs --------------------------------------------------------------

def test_invalid_utf8_file_skipped_with_count(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Fine.", encoding="utf-8")
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Caf\u00e9 in Quito.".encode("latin-1"))
    docs, report = read([good, bad])
    assert [d.id for d in docs] == ["good"]
    assert reasons(report) == [f"{bad}: not valid UTF-8 (byte offset 3)"]
    assert report.summary() == "read 1 document, skipped 1"


@pytest.mark.parametrize("lines", [False, True])
def test_invalid_utf8_late_in_streamed_file(tmp_path, lines):
    path = tmp_path / ("sheet.csv" if not lines else "s.txt")
    head = ("id,text\n" + "".join(f"{i},Row é {i}.\n" for i in range(20000))).encode("utf-8")
    path.write_bytes(head + b"x,\xe2\x82\n")
    docs, report = read([path], lines=lines)
    assert docs == []  # the whole file is skipped, nothing half-read
    assert reasons(report) == [f"{path}: not valid UTF-8 (byte offset {len(head) + 2})"]


def test_binary_file_skipped(tmp_path):
    path = tmp_path / "blob.txt"
    path.write_bytes(b"abc\x00\x01\x02" * 10)
    docs, report = read([path])
    assert docs == []
    assert reasons(report) == [f"{path}: binary file (NUL byte at offset 3)"]


def test_utf16_file_reported(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_text("Hello", encoding="utf-16")
    _, report = read([path])
    assert "not valid UTF-8 (UTF-16 byte order mark)" in reasons(report)[0]


def test_empty_documents_skipped(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    blank = tmp_path / "blank.txt"
    blank.write_text(" \n\t\x01\n", encoding="utf-8")
    header_only = tmp_path / "header.txt"
    header_only.write_text("date 2026-03-04\n", encoding="utf-8")
    docs, report = read([empty, blank, header_only])
    assert docs == []
    assert reasons(report) == [f"{p}: empty document" for p in (empty, blank, header_only)]
    assert report.skipped == 3


def test_duplicate_ids_later_one_skipped(tmp_path):
    (tmp_path / "a.txt").write_text("First.", encoding="utf-8")
    feed = write_jsonl(tmp_path / "feed.jsonl", [json.dumps({"id": "a", "text": "Second."}),
                                                 json.dumps({"id": "b", "text": "Third."})])
    docs, report = read([tmp_path / "a.txt", feed])
    assert [(d.id, d.text) for d in docs] == [("a", "First."), ("b", "Third.")]
    assert reasons(report) == [f"{feed}:1: duplicate id 'a' (first read from {tmp_path / 'a.txt'})"]


def test_strict_raises_with_file_and_line(tmp_path):
    path = write_jsonl(tmp_path / "bad.jsonl", [json.dumps({"text": "Fine."}), "{oops"])
    gen = iter_documents([path], strict=True)
    assert next(gen).text == "Fine."
    with pytest.raises(InputError, match=rf"^{path}:2: malformed JSON"):
        next(gen)


def test_strict_raises_on_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file or directory"):
        list(iter_documents([tmp_path / "gone.txt"], strict=True))


def test_iter_documents_is_lazy(tmp_path):
    (tmp_path / "a.txt").write_text("A.", encoding="utf-8")
    gen = iter_documents([tmp_path / "a.txt", tmp_path / "missing.txt"], strict=True)
    assert next(gen).id == "a"  # the missing file has not been looked at yet
    with pytest.raises(InputError):
        next(gen)


def test_without_report_problems_are_logged(tmp_path, caplog):
    with caplog.at_level("WARNING", logger="kg.documents.reading"):
        assert list(iter_documents([tmp_path / "missing.txt"])) == []
    assert "no such file or directory" in caplog.text


# --- properties --------------------------------------------------------------

def check_documents(docs: list[Document], report: ReadReport) -> None:
    assert report.read == len(docs)
    assert len({d.id for d in docs}) == len(docs)
    for doc in docs:
        assert doc.text.strip()
        assert "\x00" not in doc.text and "\r" not in doc.text
        doc.text.encode("utf-8")  # no lone surrogates


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(), lines=st.booleans())
def test_random_text_file_never_raises(tmp_path, text, lines):
    path = tmp_path / "random.txt"
    path.write_text(text, encoding="utf-8", newline="")
    docs, report = read([path], lines=lines)
    check_documents(docs, report)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(st.one_of(
    st.dictionaries(st.sampled_from(["id", "text", "date", "title"]),
                    st.one_of(st.text(), st.integers(), st.none(), st.lists(st.integers()))),
    st.text(),
)))
def test_random_jsonl_never_raises(tmp_path, records):
    path = tmp_path / "random.jsonl"
    body = "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records)
    path.write_text(body, encoding="utf-8", errors="surrogatepass", newline="")
    docs, report = read([path])
    check_documents(docs, report)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".txt", ".jsonl", ".csv", ".tsv"]))
def test_random_bytes_never_raise(tmp_path, data, suffix):
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    docs, report = read([path])
    check_documents(docs, report)
