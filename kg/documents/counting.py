"""How many documents an input holds, counted cheaply, so a progress bar can show an ETA.

Counting walks directories the way :func:`kg.documents.iter_documents` does
(sorted, hidden entries skipped, only :data:`~kg.documents.INPUT_SUFFIXES`)
without parsing anything: a plain text file is one document; JSON Lines,
CSV/TSV and ``--lines`` text are counted by their non-blank lines, but only
while the line-counted files add up to at most ``max_bytes`` — past that,
or for stdin, the count is unknown and the bar shows the rate alone.
The count is an estimate for the bar (a CSV field with a line break, or a
malformed record, makes it off by a little), never used for anything else.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator

__all__ = ["COUNT_LIMIT_BYTES", "count_documents"]

#: Line-counted input (JSON Lines, CSV, --lines text) above this size is not counted.
COUNT_LIMIT_BYTES = 64 * 1024 * 1024

_LINE_SUFFIXES = frozenset({".jsonl", ".ndjson", ".csv", ".tsv"})
_HEADER_SUFFIXES = frozenset({".csv", ".tsv"})


def _walk(root: Path) -> Iterator[Path]:
    from .reading import INPUT_SUFFIXES

    seen: set[str] = set()
    stack = [root]
    while stack:
        directory = stack.pop()
        real = os.path.realpath(directory)
        if real in seen:
            continue
        seen.add(real)
        try:
            entries = list(directory.iterdir())
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                stack.append(entry)
            elif entry.is_file() and entry.suffix.lower() in INPUT_SUFFIXES:
                yield entry


def _non_blank_lines(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(1 for line in fh if line.strip())


def count_documents(inputs: Iterable[str], *, lines: bool = False,
                    max_bytes: int = COUNT_LIMIT_BYTES) -> int | None:
    """Estimated number of documents in ``inputs``, or None when it is unknown or too costly.

    Examples
    --------
    >>> count_documents(["-"]) is None
    True
    """
    total = 0
    budget = max_bytes
    for arg in inputs:
        if arg == "-":
            return None
        path = Path(arg)
        files = _walk(path) if path.is_dir() else [path] if path.is_file() else []
        for file in files:
            suffix = file.suffix.lower()
            if suffix not in _LINE_SUFFIXES and not lines:
                total += 1
                continue
            try:
                size = file.stat().st_size
                budget -= size
                if budget < 0:
                    return None
                count = _non_blank_lines(file)
            except OSError:
                continue
            total += max(0, count - 1) if suffix in _HEADER_SUFFIXES else count
    return total
