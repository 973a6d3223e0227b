"""Read news articles from files, directories and stdin as :class:`Document` objects.

Every later stage (extraction, RDF mapping, the incremental build) depends on
the same three things from its input: a stable document id, a date when one is
known, and the exact text that character offsets point into. Inputs arrive as
loose text files, JSON Lines exports and CSV sheets, with stray byte order
marks, invalid bytes, blank rows and half-written lines. Reading them in one
place means a bad record is reported once, as ``file:line: reason``, and
skipped (or made fatal with ``strict``) instead of crashing a long build or
silently dropping data (DESIGN §3).

Reading streams: files are opened one at a time and JSON Lines / CSV files
are parsed record by record, so inputs larger than memory are fine.
"""
from __future__ import annotations

import codecs
import csv
import itertools
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date as _date
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, TextIO

from kg.errors import InputError
from kg.model import Document

__all__ = [
    "INPUT_SUFFIXES",
    "Problem",
    "ReadReport",
    "iter_documents",
    "normalize_text",
    "parse_date",
]

#: File suffixes picked up when walking a directory (files given directly are
#: read whatever their suffix; unknown suffixes are read as plain text).
INPUT_SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".text", ".jsonl", ".ndjson", ".csv", ".tsv"})

_JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
_DELIMITERS = {".csv": ",", ".tsv": "\t"}
_PROBE_BYTES = 8192  # a NUL byte in this much of the head marks a binary file
_CHUNK_BYTES = 1 << 16
_STDIN_NAME = "<stdin>"
_log = logging.getLogger(__name__)

# C0 controls except \t and \n are dropped; \v and \f are line breaks in
# practice (page breaks in PDF dumps), so they become \n to keep words apart.
# Lone surrogates (only reachable through JSON "\udXXX" escapes) cannot be
# written as UTF-8 later, so they become U+FFFD.
_UNWANTED = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff]")
_TRANSLATION: dict[int, int | None] = {c: None for c in range(0x20) if c not in (0x09, 0x0A)}
_TRANSLATION.update({0x0B: 0x0A, 0x0C: 0x0A})
_TRANSLATION.update({c: 0xFFFD for c in range(0xD800, 0xE000)})

# ``date YYYY-MM-DD`` at the very start of a text file; the article text may
# follow on the same line (as in shared/data/seed-article.txt).
_HEADER = re.compile(r"\A\s*date:?[ \t]+(\d{4}-\d\d?-\d\d?(?:T\S*)?)(?=\s|\Z)", re.IGNORECASE)

_JSON_TYPES = {dict: "object", list: "array", str: "string", int: "number",
               float: "number", bool: "boolean", type(None): "null"}


@dataclass(frozen=True)
class Problem:
    """One input problem: where it is and what is wrong.

    ``line`` is 1-based, or None when the problem concerns a whole file.
    ``str(problem)`` gives ``path:line: reason`` (``path: reason`` without a line).
    """

    path: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.reason}"


@dataclass
class ReadReport:
    """What a run of :func:`iter_documents` read, skipped and complained about.

    ``skipped`` counts skipped units: a record, a line document, or a whole
    file that could not be read at all. ``problems`` also holds warnings that
    did not skip anything (an invalid date leaves the document in, undated).
    """

    read: int = 0
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)
    #: documents read without any date (no header, field or default date)
    undated: int = 0

    def summary(self) -> str:
        """Return a one-line count, e.g. ``"read 17 documents, skipped 2"``.

        Examples
        --------
        >>> ReadReport(read=1, skipped=2).summary()
        'read 1 document, skipped 2'
        """
        noun = "document" if self.read == 1 else "documents"
        return f"read {self.read} {noun}, skipped {self.skipped}"

    def undated_warning(self) -> str | None:
        """What to tell the user when documents came without a date, or None when all are dated.

        Examples
        --------
        >>> print(ReadReport(read=3, undated=2).undated_warning())  # doctest: +ELLIPSIS
        warning: 2 of 3 documents have no date: ...
        """
        if not self.undated:
            return None
        return (f"warning: {self.undated} of {self.read} documents have no date: their events are undated, "
                "so --since/--until windows and --by month|week leave them out and relative dates "
                "(\"on Monday\") stay unresolved; give one with --default-date YYYY-MM-DD, a \"date\" "
                "field or column, or a first line \"date YYYY-MM-DD\"")


def parse_date(value: str) -> str | None:
    """Return the ``YYYY-MM-DD`` date of an ISO date or datetime, else None.

    Parameters
    ----------
    value : str
        An ISO 8601 date (``2026-03-04``) or datetime (``2026-03-04T10:15Z``);
        surrounding whitespace is ignored. A datetime keeps its own calendar
        date (no conversion to UTC).

    Returns
    -------
    str or None
        The date, or None when ``value`` is not a string or not a valid date.

    Examples
    --------
    >>> parse_date("2026-03-04T23:30:00-05:00")
    '2026-03-04'
    >>> parse_date("2026-02-30") is None
    True
    """
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    try:
        return _date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value).date().isoformat()
    except ValueError:
        return None


def normalize_text(text: str) -> str:
    """Normalise line breaks and drop control characters, keeping all else.

    ``\\r\\n`` and ``\\r`` become ``\\n``; C0 control characters other than
    ``\\n`` and ``\\t`` are removed (``\\v`` and ``\\f`` become ``\\n``); lone
    surrogates become U+FFFD. Unicode letters, punctuation and bidirectional
    text are left untouched.

    Examples
    --------
    >>> normalize_text("a\\r\\nb\\x00c\\rd")
    'a\\nbc\\nd'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _UNWANTED.search(text):
        text = text.translate(_TRANSLATION)
    return text


def iter_documents(
    paths: Iterable[str | Path],
    *,
    lines: bool = False,
    date: str | None = None,
    text_field: str = "text",
    id_field: str = "id",
    strict: bool = False,
    report: ReadReport | None = None,
    stdin: TextIO | None = None,
    reject: Callable[[Document], str | None] | None = None,
) -> Iterator[Document]:
    """Yield the documents in files, directories and stdin, one at a time.

    Parameters
    ----------
    paths : iterable of str or Path
        Files, directories (walked recursively in sorted order, skipping
        hidden entries, reading only :data:`INPUT_SUFFIXES`) and ``"-"`` for
        stdin. ``.jsonl``/``.ndjson`` hold one JSON object per line, ``.csv``
        and ``.tsv`` a header row and one document per row; anything else is
        one plain-text document whose id is its path relative to the
        directory argument (or its stem when given directly), without suffix.
        Stdin is read as JSON Lines when its first non-blank character is
        ``{``, else as one text document with id ``stdin``.
    lines : bool
        Make every non-empty line of a text input its own document, with id
        ``<id>:<line number>`` (1-based). JSON Lines and CSV are unaffected.
    date : str, optional
        Default ``YYYY-MM-DD`` date for documents that carry none. A leading
        ``date YYYY-MM-DD`` header in a text file, or a ``date`` field in a
        record, wins; an invalid one is reported and leaves the date unknown.
    text_field, id_field : str
        Names of the text and id fields in JSON Lines and CSV records. A
        record without an id gets ``<file id>:<line number>``.
    strict : bool
        Raise :class:`~kg.errors.InputError` at the first problem (warnings
        included) instead of reporting it and skipping.
    report : ReadReport, optional
        Filled in as documents are read. Without one, problems are logged at
        WARNING level on the ``kg.documents`` logger.
    stdin : TextIO, optional
        Stream read for ``"-"``; defaults to ``sys.stdin``.
    reject : callable, optional
        Called with each document; a returned string is a reason to skip it,
        reported like any bad record (``kg build`` rejects texts too long to
        parse this way).

    Yields
    ------
    Document
        Each document with non-empty, normalised text (see
        :func:`normalize_text`); the header of a text file is removed, so
        character offsets refer to ``Document.text``.

    Raises
    ------
    InputError
        If ``date`` is not a valid date, or on the first problem when
        ``strict`` is true. Its message is ``path:line: reason``.

    Examples
    --------
    >>> report = ReadReport()
    >>> docs = list(iter_documents(["articles/", "extra.jsonl"], report=report))  # doctest: +SKIP
    >>> report.summary()  # doctest: +SKIP
    'read 17 documents, skipped 2'
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    default_date = None
    if date is not None:
        default_date = parse_date(date)
        if default_date is None:
            raise InputError(f"invalid date {date!r}: expected YYYY-MM-DD")
    run = _Run(report if report is not None else ReadReport(), strict=strict, log=report is None,
               lines=lines, default_date=default_date, text_field=text_field, id_field=id_field,
               reject=reject)
    for arg in paths:
        if str(arg) == "-":
            yield from _read_stdin(run, stdin if stdin is not None else sys.stdin)
            continue
        path = Path(arg)
        if path.is_dir():
            for file, doc_id in _walk(run, path):
                yield from _read_file(run, file, doc_id)
        elif path.is_file():
            yield from _read_file(run, path, path.stem)
        elif not path.exists():
            run.problem(str(path), None, "no such file or directory")
        else:
            run.problem(str(path), None, "not a regular file or directory")


@dataclass
class _Run:
    """Options and bookkeeping shared by the readers of one call."""

    report: ReadReport
    strict: bool
    log: bool
    lines: bool
    default_date: str | None
    text_field: str
    id_field: str
    reject: Callable[[Document], str | None] | None = None
    first_seen: dict[str, str] = field(default_factory=dict)

    def problem(self, path: str, line: int | None, reason: str, *, skipped: bool = True) -> None:
        found = Problem(path, line, reason)
        self.report.problems.append(found)
        if skipped:
            self.report.skipped += 1
        if self.strict:
            raise InputError(str(found))
        if self.log:
            _log.warning("%s", found)

    def accept(self, doc: Document, path: str, line: int | None) -> Document | None:
        """Count ``doc`` as read, or report it when its id was already read or it is rejected."""
        reason = self.reject(doc) if self.reject is not None else None
        if reason:
            self.problem(path, line, reason)
            return None
        first = self.first_seen.get(doc.id)
        if first is not None:
            self.problem(path, line, f"duplicate id {doc.id!r} (first read from {first})")
            return None
        self.first_seen[doc.id] = path if line is None else f"{path}:{line}"
        self.report.read += 1
        self.report.undated += doc.date is None
        return doc


def _walk(run: _Run, root: Path) -> Iterator[tuple[Path, str]]:
    """Yield ``(file, id)`` under ``root`` in sorted order, ids relative to ``root``."""
    visited: set[str] = set()

    def visit(directory: Path) -> Iterator[tuple[Path, str]]:
        real = os.path.realpath(directory)
        if real in visited:  # a symlink loop
            return
        visited.add(real)
        try:
            entries = sorted(directory.iterdir(), key=lambda p: p.name)
        except OSError as exc:
            run.problem(str(directory), None, f"cannot read directory ({exc.strerror or exc})")
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                yield from visit(entry)
            elif entry.is_file() and entry.suffix.lower() in INPUT_SUFFIXES:
                yield entry, entry.relative_to(root).with_suffix("").as_posix()

    yield from visit(root)


def _read_file(run: _Run, path: Path, base_id: str) -> Iterator[Document]:
    name = str(path)
    suffix = path.suffix.lower()
    try:
        if suffix not in _JSONL_SUFFIXES and suffix not in _DELIMITERS and not run.lines:
            data = path.read_bytes()  # one document: its whole text is needed anyway
            if _plausible_text(run, name, data[:_PROBE_BYTES]):
                text = _decode_whole(run, name, data)
                doc = _text_document(run, name, base_id, text) if text is not None else None
                if doc is not None:
                    yield doc
            return
        with path.open("rb") as fh:
            if not _plausible_text(run, name, fh.read(_PROBE_BYTES)):
                return
            fh.seek(0)
            if suffix in _JSONL_SUFFIXES:  # undecodable lines are skipped one by one
                yield from _jsonl_documents(run, name, base_id, _decoded_lines(run, name, fh))
                return
            bad = _first_invalid_utf8(fh)  # check first: a file is read whole or not at all
            if bad is not None:
                run.problem(name, None, f"not valid UTF-8 (byte offset {bad})")
                return
        with path.open(encoding="utf-8-sig", newline="") as text_fh:
            if suffix in _DELIMITERS:
                yield from _delimited_documents(run, name, base_id, text_fh, _DELIMITERS[suffix])
            else:
                yield from _line_documents(run, name, base_id, text_fh)
    except OSError as exc:
        run.problem(name, None, f"cannot read ({exc.strerror or exc})")


def _plausible_text(run: _Run, name: str, head: bytes) -> bool:
    """Report UTF-16 and binary files from their first bytes."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        run.problem(name, None, "not valid UTF-8 (UTF-16 byte order mark); save it as UTF-8")
        return False
    nul = head.find(b"\x00")
    if nul >= 0:
        run.problem(name, None, f"binary file (NUL byte at offset {nul})")
        return False
    return True


def _first_invalid_utf8(fh: BinaryIO) -> int | None:
    """Return the byte offset of the first invalid UTF-8 sequence, streaming."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    while True:
        chunk = fh.read(_CHUNK_BYTES)
        pending = len(decoder.getstate()[0])
        try:
            decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            return offset - pending + exc.start
        if not chunk:
            return None
        offset += len(chunk)


def _decode_whole(run: _Run, name: str, data: bytes) -> str | None:
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[start:].decode("utf-8")
    except UnicodeDecodeError as exc:
        run.problem(name, None, f"not valid UTF-8 (byte offset {start + exc.start})")
        return None


def _decoded_lines(run: _Run, name: str, fh: BinaryIO) -> Iterator[tuple[int, str]]:
    """Yield ``(line number, text)``, reporting and skipping undecodable lines."""
    offset = 0
    for number, raw in enumerate(fh, 1):
        start = len(codecs.BOM_UTF8) if number == 1 and raw.startswith(codecs.BOM_UTF8) else 0
        try:
            yield number, raw[start:].decode("utf-8")
        except UnicodeDecodeError as exc:
            run.problem(name, number, f"not valid UTF-8 (byte offset {offset + start + exc.start})")
        offset += len(raw)


def _split_header(run: _Run, name: str, text: str, first_line: int | None) -> tuple[str, str | None]:
    """Remove a leading ``date YYYY-MM-DD`` header; return the text and its date."""
    match = _HEADER.match(text)
    if match is None:
        return text, run.default_date
    value = match.group(1)
    parsed = parse_date(value)
    if parsed is None:
        line = (first_line or 1) + text.count("\n", 0, match.start(1))
        run.problem(name, line, f"invalid date {value!r} in header; date left unknown", skipped=False)
    return text[match.end():].lstrip(), parsed


def _text_document(run: _Run, name: str, doc_id: str, raw: str) -> Document | None:
    text, when = _split_header(run, name, normalize_text(raw), None)
    if not text.strip():
        run.problem(name, None, "empty document")
        return None
    return run.accept(Document(id=doc_id, text=text, date=when), name, None)


def _line_documents(run: _Run, name: str, base_id: str, stream: Iterable[str]) -> Iterator[Document]:
    """One document per non-empty line; a header on the first one dates them all."""
    when = run.default_date
    seen_content = False
    for number, raw in enumerate(stream, 1):
        text = normalize_text(raw.rstrip("\r\n"))
        if not text.strip():
            continue
        if not seen_content:
            seen_content = True
            text, when = _split_header(run, name, text, number)
            if not text.strip():
                continue
        doc = run.accept(Document(id=f"{base_id}:{number}", text=text, date=when), name, number)
        if doc is not None:
            yield doc


def _jsonl_documents(run: _Run, name: str, base_id: str,
                     numbered: Iterable[tuple[int, str]]) -> Iterator[Document]:
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


def _delimited_documents(run: _Run, name: str, base_id: str, stream: TextIO,
                         delimiter: str) -> Iterator[Document]:
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


def _record_document(run: _Run, name: str, number: int, base_id: str,
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


def _read_stdin(run: _Run, stream: TextIO) -> Iterator[Document]:
    """Read stdin as JSON Lines if it starts with ``{``, else as text.

    The bytes are checked like a file's (binary data, UTF-16, invalid UTF-8
    are reported, never decoded into a garbled document): Python's own text
    stdin would let invalid bytes through as surrogates under a C locale.
    """
    raw = getattr(stream, "buffer", None)
    if raw is not None:
        yield from _read_stdin_bytes(run, raw)
        return
    head: list[str] = []
    try:
        for line in stream:
            if not head:
                line = line.lstrip("\ufeff")
            head.append(line)
            if line.strip():
                break
        if not any(line.strip() for line in head):
            run.problem(_STDIN_NAME, None, "empty document")
            return
        rest = itertools.chain(head, stream)
        if head[-1].lstrip().startswith("{"):
            yield from _jsonl_documents(run, _STDIN_NAME, "stdin", enumerate(rest, 1))
        elif run.lines:
            yield from _line_documents(run, _STDIN_NAME, "stdin", rest)
        else:
            doc = _text_document(run, _STDIN_NAME, "stdin", "".join(rest))
            if doc is not None:
                yield doc
    except UnicodeDecodeError as exc:
        run.problem(_STDIN_NAME, None, f"not valid UTF-8 ({exc.reason})")
    except OSError as exc:
        run.problem(_STDIN_NAME, None, f"cannot read ({exc})")


def _read_stdin_bytes(run: _Run, raw: BinaryIO) -> Iterator[Document]:
    """:func:`_read_stdin` on the byte stream under stdin, with the checks files get."""
    try:
        head = raw.read(_PROBE_BYTES)
        if not _plausible_text(run, _STDIN_NAME, head):
            return
        lines = _byte_lines(head, raw)
        first: list[bytes] = []
        for line in lines:
            first.append(line)
            if line.strip() and line.strip() != codecs.BOM_UTF8:
                break
        rest = itertools.chain(first, lines)
        if first and first[-1].lstrip(codecs.BOM_UTF8 + b" \t\r\n").startswith(b"{"):
            yield from _jsonl_documents(run, _STDIN_NAME, "stdin", _decoded_lines(run, _STDIN_NAME, rest))
            return
        text = _decode_whole(run, _STDIN_NAME, b"".join(rest))
        if text is None:
            return
        if not text.strip():
            run.problem(_STDIN_NAME, None, "empty document")
        elif run.lines:
            yield from _line_documents(run, _STDIN_NAME, "stdin", text.splitlines(keepends=True))
        else:
            doc = _text_document(run, _STDIN_NAME, "stdin", text)
            if doc is not None:
                yield doc
    except OSError as exc:
        run.problem(_STDIN_NAME, None, f"cannot read ({exc})")


def _byte_lines(head: bytes, raw: BinaryIO) -> Iterator[bytes]:
    """Lines (with their b"\\n") of ``head`` followed by the rest of ``raw``, read in chunks."""
    pending = head
    while True:
        *complete, pending = pending.split(b"\n")
        for line in complete:
            yield line + b"\n"
        chunk = raw.read(_CHUNK_BYTES)
        if not chunk:
            break
        pending += chunk
    if pending:
        yield pending
