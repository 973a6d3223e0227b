"""The reader registry: a file's suffix picks how it is read (and how its documents are counted).

``.jsonl``/``.ndjson`` hold one JSON object per line, ``.csv`` and ``.tsv`` a
header row and one document per row; anything else (``.txt``, ``.md``,
``.text``, or any suffix of a file given directly) is plain text: one
document, or one per line under ``--lines``. A new format is one reader
function and one :data:`FORMATS` entry; the directory walk
(:data:`INPUT_SUFFIXES`) and the document count follow from it.

Files are opened one at a time and JSON Lines / CSV files are parsed record
by record, so inputs larger than memory are fine.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from kg.model import Document

from .decoding import PROBE_BYTES, decode_whole, decoded_lines, first_invalid_utf8, plausible_text
from .problems import ReadRun
from .records import delimited_documents, jsonl_documents, line_documents, text_document
from .text import normalize_text

__all__ = ["FORMATS", "INPUT_SUFFIXES", "TEXT", "FileFormat", "file_format", "read_file"]

#: A reader: ``(run, path, base id)`` to the documents of one file.
Reader = Callable[[ReadRun, Path, str], Iterator[Document]]


@dataclass(frozen=True)
class FileFormat:
    """How the files of a suffix are read, and what counting their documents ahead needs to know."""

    read: Reader
    #: every non-blank line is one record, so counting lines counts documents
    one_per_line: bool = False
    #: the first record is a header row, not a document
    header: bool = False


def read_file(run: ReadRun, path: Path, base_id: str) -> Iterator[Document]:
    """The documents of one file, read by the reader its suffix picks; a read error is reported.

    A file name that is not valid UTF-8 (its undecodable bytes arrive as lone
    surrogates) gives an id with U+FFFD in their place: an id is stored as
    RDF text, which cannot hold a surrogate.
    """
    try:
        yield from file_format(path).read(run, path, normalize_text(base_id))
    except OSError as exc:
        run.problem(str(path), None, f"cannot read ({exc.strerror or exc})")


def file_format(path: Path) -> FileFormat:
    """The format of ``path`` by its suffix (any case); plain text when the suffix is not registered."""
    return FORMATS.get(path.suffix.lower(), TEXT)


def _read_text(run: ReadRun, path: Path, base_id: str) -> Iterator[Document]:
    name = str(path)
    if run.lines:
        if _valid_utf8(run, name, path):
            with path.open(encoding="utf-8-sig", newline="") as text_fh:
                yield from line_documents(run, name, base_id, text_fh)
        return
    data = path.read_bytes()  # one document: its whole text is needed anyway
    if plausible_text(run, name, data[:PROBE_BYTES]):
        text = decode_whole(run, name, data)
        doc = text_document(run, name, base_id, text) if text is not None else None
        if doc is not None:
            yield doc


def _read_jsonl(run: ReadRun, path: Path, base_id: str) -> Iterator[Document]:
    name = str(path)
    with path.open("rb") as fh:
        if not plausible_text(run, name, fh.read(PROBE_BYTES)):
            return
        fh.seek(0)
        # undecodable lines are skipped one by one
        yield from jsonl_documents(run, name, base_id, decoded_lines(run, name, fh))


def _read_delimited(run: ReadRun, path: Path, base_id: str, *, delimiter: str) -> Iterator[Document]:
    name = str(path)
    if _valid_utf8(run, name, path):
        with path.open(encoding="utf-8-sig", newline="") as text_fh:
            yield from delimited_documents(run, name, base_id, text_fh, delimiter)


def _valid_utf8(run: ReadRun, name: str, path: Path) -> bool:
    """Check a whole file first, reporting what is wrong: a file is read whole or not at all."""
    with path.open("rb") as fh:
        if not plausible_text(run, name, fh.read(PROBE_BYTES)):
            return False
        fh.seek(0)
        bad = first_invalid_utf8(fh)
    if bad is not None:
        run.problem(name, None, f"not valid UTF-8 (byte offset {bad})")
        return False
    return True


#: Plain text: one document per file, or per line under ``lines``.
TEXT = FileFormat(_read_text)

_JSONL = FileFormat(_read_jsonl, one_per_line=True)

#: The registered suffixes (lower case) and their formats; any other suffix is :data:`TEXT`.
FORMATS: dict[str, FileFormat] = {
    ".jsonl": _JSONL,
    ".ndjson": _JSONL,
    ".csv": FileFormat(partial(_read_delimited, delimiter=","), one_per_line=True, header=True),
    ".tsv": FileFormat(partial(_read_delimited, delimiter="\t"), one_per_line=True, header=True),
}

#: File suffixes picked up when walking a directory (files given directly are
#: read whatever their suffix; unknown suffixes are read as plain text).
INPUT_SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".text", *FORMATS})
