"""kg.formatting.render_rows and kg.writers (triple lines, atomic files)."""
from __future__ import annotations

import csv
import io
import json

import pytest

from kg.formatting import FORMATS, render_rows
from kg.model import Action, Argument, EntityRef, Triple
from kg.extract.output import triple_line, triple_writer
from kg.files import atomic_text_file

ROWS = [
    {"label": "Los Lobos", "score": 0.123456, "n": 3, "aliases": ["Lobos", "LL"], "country": "ECU", "flag": True},
    {"label": "Navy, \"the\"\nfleet", "score": 1.0, "n": 10, "aliases": [], "country": None, "flag": False},
]
COLUMNS = ["label", "score", "n", "aliases", "country", "flag"]


# --------------------------------------------------------------------------- render_rows


def test_table():
    text = render_rows(ROWS, COLUMNS, "table")
    lines = text.split("\n")
    assert len(lines) == 4 and not text.endswith("\n")
    assert lines[0].split() == COLUMNS
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert lines[2].startswith("Los Lobos".ljust(len("Navy, \"the\" fleet")) + "  ")
    assert "0.1235" in lines[2] and "Lobos; LL" in lines[2] and "True" in lines[2]
    assert "Navy, \"the\" fleet" in lines[3]  # whitespace (the newline) collapsed
    assert "1.0000" in lines[3]
    # columns line up
    starts = [lines[0].index(c) for c in COLUMNS]
    assert lines[2].index("0.1235") == starts[1]
    assert lines[3].index("1.0000") == starts[1]


def test_table_truncates_long_cells_and_handles_no_rows():
    text = render_rows([{"a": "x" * 100}], ["a"], "table", max_width=10)
    assert text.split("\n")[2] == "x" * 9 + "…"
    assert render_rows([], ["a", "b"], "table") == "a  b\n-  -"


@pytest.mark.parametrize("fmt, delimiter", [("csv", ","), ("tsv", "\t")])
def test_csv_and_tsv(fmt, delimiter):
    text = render_rows(ROWS, COLUMNS, fmt)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    assert rows[0] == COLUMNS
    assert rows[1] == ["Los Lobos", "0.123456", "3", "Lobos; LL", "ECU", "True"]  # numbers unrounded
    assert rows[2] == ["Navy, \"the\" fleet", "1.0", "10", "", "", "False"]
    assert len(rows) == 3


def test_json():
    data = json.loads(render_rows(ROWS, COLUMNS, "json"))
    assert data[0] == {"label": "Los Lobos", "score": 0.123456, "n": 3, "aliases": ["Lobos", "LL"],
                       "country": "ECU", "flag": True}
    assert data[1]["country"] is None and data[1]["label"] == "Navy, \"the\"\nfleet"


def test_jsonl_keeps_column_order_and_unicode():
    text = render_rows([{"b": "é", "a": 1, "extra": "dropped"}], ["a", "b", "missing"], "jsonl")
    assert text == '{"a": 1, "b": "é", "missing": null}'
    assert render_rows([], ["a"], "jsonl") == ""


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders(fmt):
    assert render_rows(ROWS, COLUMNS, fmt)


def test_unknown_format():
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        render_rows(ROWS, COLUMNS, "xml")


# --------------------------------------------------------------------------- triple lines


@pytest.fixture
def triple() -> Triple:
    return Triple(
        doc="seed", sentence=3, text="The U.S.\tNavy attacked\nLos Lobos in Quito.", span=(120, 165),
        subject=EntityRef("The U.S. Navy", "Organization/us-navy", "United States Navy", "Organization", "USA"),
        action=Action("attacked", "attack", "ASSAULT"),
        object=EntityRef("Los Lobos", "Organization/los-lobos", "Los Lobos", "Organization", "ECU"),
        arguments=[Argument("in Quito", "in")], date="2026-03-03", confidence=0.823456)


def test_jsonl_line_is_the_contract(triple):
    line = triple_line(triple, "jsonl")
    assert "\n" not in line
    data = json.loads(line)
    assert data == triple.to_json()
    assert data["confidence"] == 0.8235
    assert data["span"] == [120, 165]
    assert data["subject"] == {"text": "The U.S. Navy", "id": "Organization/us-navy", "label": "United States Navy",
                               "type": "Organization", "country": "USA"}
    assert Triple.from_json(data).to_json() == data


def test_tsv_line(triple):
    assert triple_line(triple, "tsv").split("\t") == [
        "seed", "3", "United States Navy", "attacked", "Los Lobos", "ASSAULT", "2026-03-03", "0.8235"]


def test_tsv_line_without_object_category_or_date(triple):
    triple.object, triple.action.category, triple.date = None, None, None
    assert triple_line(triple, "tsv").split("\t") == [
        "seed", "3", "United States Navy", "attacked", "", "", "", "0.8235"]


def test_carb_line(triple):
    assert triple_line(triple, "carb").split("\t") == [
        "The U.S. Navy attacked Los Lobos in Quito.", "0.8235", "attacked", "The U.S. Navy", "Los Lobos", "in Quito"]
    triple.object = None
    assert triple_line(triple, "carb").split("\t")[4:] == ["in Quito"]


def test_unknown_triple_format(triple):
    with pytest.raises(ValueError, match="unknown triple format"):
        triple_line(triple, "xml")


@pytest.mark.parametrize("fmt, header", [("tsv", "doc\tsentence\tsubject"), ("jsonl", '{"doc"'), ("carb", "The U.S.")])
def test_triple_writer_to_file(tmp_path, triple, fmt, header):
    path = tmp_path / "out" / f"triples.{fmt}"
    with triple_writer(str(path), fmt) as write:
        write(triple)
        write(triple)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith(header)
    assert len(lines) == (3 if fmt == "tsv" else 2)
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_triple_writer_to_stdout(capsys, triple):
    with triple_writer("-", "tsv") as write:
        write(triple)
    out = capsys.readouterr().out.splitlines()
    assert out[0].split("\t")[0] == "doc" and out[1].split("\t")[0] == "seed"


# --------------------------------------------------------------------------- atomic files


def test_atomic_text_file_writes_on_success(tmp_path):
    path = tmp_path / "sub" / "out.txt"
    with atomic_text_file(path) as fh:
        fh.write("héllo\n")
        assert not path.exists()  # only appears when the block succeeds
    assert path.read_bytes() == "héllo\n".encode("utf-8")
    assert [p.name for p in path.parent.iterdir()] == ["out.txt"]


def test_atomic_text_file_removes_temp_on_exception(tmp_path):
    path = tmp_path / "out.txt"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError, match="interrupted"):
        with atomic_text_file(path) as fh:
            fh.write("half a file")
            raise RuntimeError("interrupted")
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_atomic_text_file_removes_temp_on_keyboard_interrupt(tmp_path):
    path = tmp_path / "new.txt"
    with pytest.raises(KeyboardInterrupt):
        with atomic_text_file(path) as fh:
            fh.write("x")
            raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_triple_writer_interrupted_leaves_nothing(tmp_path, triple):
    path = tmp_path / "triples.jsonl"
    with pytest.raises(ValueError):
        with triple_writer(str(path), "jsonl") as write:
            write(triple)
            raise ValueError("bad record")
    assert list(tmp_path.iterdir()) == []
