"""How many documents an input holds, counted cheaply, so a progress bar can show an ETA.

Counting walks directories with the reader's own walk (:func:`kg.documents.walk.walk`:
sorted, hidden entries skipped, only :data:`~kg.documents.INPUT_SUFFIXES`)
without parsing anything: a plain text file is one document; JSON Lines,
CSV/TSV and ``--lines`` text are counted by their non-blank lines, but only
while the line-counted files add up to at most ``max_bytes`` — past that,
or for stdin, the count is unknown and the bar shows the rate alone.
The count is an estimate for the bar (a CSV field with a line break, or a
malformed record, makes it off by a little), never used for anything else.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from .formats import file_format
from .walk import walk

__all__ = ["COUNT_LIMIT_BYTES", "count_documents"]

#: Line-counted input (JSON Lines, CSV, --lines text) above this size is not counted.
COUNT_LIMIT_BYTES = 64 * 1024 * 1024


def _non_blank_lines(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(1 for line in fh if line.strip())


def count_documents(inputs: Iterable[str], *, lines: bool = False,
                    max_bytes: int = COUNT_LIMIT_BYTES) -> int | None:
    """Estimated number of documents in ``inputs``, or None when it is unknown or too costly.

    A directory that cannot be listed counts nothing (reading it reports it).

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
        files = walk(path) if path.is_dir() else [path] if path.is_file() else []
        for file in files:
            fmt = file_format(file)
            if not fmt.one_per_line and not lines:
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
            total += max(0, count - 1) if fmt.header else count
    return total
