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
are parsed record by record, so inputs larger than memory are fine. The
parts: :mod:`~kg.documents.walk` (directories), :mod:`~kg.documents.formats`
(the reader of each suffix), :mod:`~kg.documents.stdin`,
:mod:`~kg.documents.records` (records to documents), :mod:`~kg.documents.text`
(dates and text), :mod:`~kg.documents.problems` (reports).
"""
from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import TextIO

from kg.errors import InputError
from kg.model import Document

from .formats import INPUT_SUFFIXES, read_file
from .problems import Problem, ReadReport, ReadRun
from .stdin import read_stdin
from .text import normalize_text, parse_date
from .walk import walk

# Problem, normalize_text and INPUT_SUFFIXES are re-exported: this module was their home.
__all__ = [
    "INPUT_SUFFIXES",
    "Problem",
    "ReadReport",
    "iter_documents",
    "normalize_text",
    "parse_date",
]


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
    run = ReadRun(report if report is not None else ReadReport(), strict=strict, log=report is None,
                  lines=lines, default_date=default_date, text_field=text_field, id_field=id_field,
                  reject=reject)
    for arg in paths:
        if str(arg) == "-":
            yield from read_stdin(run, stdin if stdin is not None else sys.stdin)
            continue
        path = Path(arg)
        if path.is_dir():
            for file in walk(path, on_error=partial(_unreadable_directory, run)):
                yield from read_file(run, file, file.relative_to(path).with_suffix("").as_posix())
        elif path.is_file():
            yield from read_file(run, path, path.stem)
        elif not path.exists():
            run.problem(str(path), None, "no such file or directory")
        else:
            run.problem(str(path), None, "not a regular file or directory")


def _unreadable_directory(run: ReadRun, directory: Path, exc: OSError) -> None:
    run.problem(str(directory), None, f"cannot read directory ({exc.strerror or exc})")
