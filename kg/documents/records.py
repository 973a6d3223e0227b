"""Decoded text to documents: one whole text, one per line, JSON Lines records, CSV/TSV rows.

Shared by the file readers (:mod:`kg.documents.formats`) and stdin
(:mod:`kg.documents.stdin`); each record is checked, and reported with its
line number when it is bad.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import TextIO

from kg.model import Document

from .problems import ReadRun
from .text import normalize_text, parse_date, split_header

__all__ = ["delimited_documents", "jsonl_documents", "line_documents", "text_document"]

_JSON_TYPES = {dict: "object", list: "array", str: "string", int: "number",
               float: "number", bool: "boolean", type(None): "null"}


def text_document(run: ReadRun, name: str, doc_id: str, raw: str) -> Document | None:
    """The whole of ``raw`` as one document (its date header removed), or None when empty or refused."""
    text, when = split_header(run, name, normalize_text(raw), None)
    if not text.strip():
        run.problem(name, None, "empty document")
        return None
    return run.accept(Document(id=doc_id, text=text, date=when), name, None)


def line_documents(run: ReadRun, name: str, base_id: str, stream: Iterable[str]) -> Iterator[Document]:
    """One document per non-empty line; a header on the first one dates them all."""
    when = run.default_date
    seen_content = False
    for number, raw in enumerate(stream, 1):
        text = normalize_text(raw.rstrip("\r\n"))
        if not text.strip():
            continue
        if not seen_content:
            seen_content = True
            text, when = split_header(run, name, text, number)
            if not text.strip():
                continue
        doc = run.accept(Document(id=f"{base_id}:{number}", text=text, date=when), name, number)
        if doc is not None:
            yield doc


def jsonl_documents(run: ReadRun, name: str, base_id: str,
                    numbered: Iterable[tuple[int, str]]) -> Iterator[Document]:
    """One document per JSON object line of ``numbered`` (``(line number, text)`` pairs)."""
    for number, line in numbered:
        if not line.strip():
            continue
        try:
            record = json.loads(line, strict=False)
        except json.JSONDecodeError as exc:
            run.problem(name, number, f"malformed JSON ({exc.msg} at column {exc.colno})")
            continue
        except RecursionError:
            run.problem(name, number, "malformed JSON (nested too deeply)")
            continue
        if not isinstance(record, dict):
            run.problem(name, number, f"expected a JSON object, got {_JSON_TYPES.get(type(record), 'value')}")
            continue
        doc = _record_document(run, name, number, base_id, record)
        if doc is not None:
            yield doc


def delimited_documents(run: ReadRun, name: str, base_id: str, stream: TextIO,
                        delimiter: str) -> Iterator[Document]:
    """One document per row under a header row that names the text column."""
    # strict: an unterminated quote is an error at the end of the file instead of a silently
    # swallowed rest of the file
    reader = csv.reader(stream, delimiter=delimiter, strict=True)
    header: list[str] | None = None
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            reason = (f"a quoted field opened on line {start} is never closed"
                      if "unexpected end of data" in str(exc) or "EOF" in str(exc) else f"malformed CSV ({exc})")
            run.problem(name, start, f"{reason}; this row and the rest of the file skipped "
                                     f"(check the quotes: a quote inside a field is written \"\")")
            return
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [cell.strip() for cell in row]
            if run.text_field not in header:
                run.problem(name, start, f"no {run.text_field!r} column in header "
                                         f"(columns: {', '.join(header)})")
                return
            continue
        if len(row) != len(header):
            spans = f" (the row runs over lines {start}-{reader.line_num}: an unbalanced quote?)" \
                if reader.line_num > start and len(row) < len(header) else ""
            run.problem(name, start, f"row has {len(row)} fields, header has {len(header)}{spans}")
            continue
        doc = _record_document(run, name, start, base_id, dict(zip(header, row)))
        if doc is not None:
            yield doc
    if header is None:
        run.problem(name, None, "missing header row")


def _record_document(run: ReadRun, name: str, number: int, base_id: str,
                     record: Mapping[str, object]) -> Document | None:
    """Build a document from one JSON Lines object or CSV row."""
    text = record.get(run.text_field)
    if text is None:
        run.problem(name, number, f"missing {run.text_field!r} field")
        return None
    if not isinstance(text, str):
        run.problem(name, number, f"{run.text_field!r} is not a string")
        return None
    text = normalize_text(text)
    if not text.strip():
        run.problem(name, number, f"empty {run.text_field!r}")
        return None
    raw_id = record.get(run.id_field)
    if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int, type(None))):
        run.problem(name, number, f"{run.id_field!r} must be a string or an integer")
        return None
    doc_id = normalize_text(str(raw_id)).strip() if raw_id is not None else ""
    raw_date = record.get("date")
    when = run.default_date
    if raw_date is not None and raw_date != "":
        when = parse_date(raw_date) if isinstance(raw_date, str) else None
        if when is None:
            run.problem(name, number, f"invalid date {raw_date!r}; date left unknown", skipped=False)
    doc = Document(id=doc_id or f"{base_id}:{number}", text=text, date=when,
                   title=_optional_str(record.get("title")), url=_optional_str(record.get("url")),
                   source=_optional_str(record.get("source")))
    return run.accept(doc, name, number)


def _optional_str(value: object) -> str | None:
    if value is None:
        return None
    text = normalize_text(value if isinstance(value, str) else str(value))
    return text.strip() or None
