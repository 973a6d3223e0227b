"""Input problems, the report of one read, and the bookkeeping every reader shares.

A bad record is reported once, as ``file:line: reason``, and skipped (or made
fatal with ``strict``) instead of crashing a long build or silently dropping
data (DESIGN §3). :class:`ReadRun` is where that happens for every format.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from kg.errors import InputError
from kg.model import Document

__all__ = ["Problem", "ReadReport", "ReadRun"]

# Problems are logged under the name they always had (users' logging
# configurations and the tests select it).
_log = logging.getLogger("kg.documents.reading")


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
    """What a run of :func:`~kg.documents.iter_documents` read, skipped and complained about.

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


@dataclass
class ReadRun:
    """Options and bookkeeping shared by the readers of one :func:`~kg.documents.iter_documents` call."""

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
        """Record a problem (raising it under ``strict``); ``skipped`` counts a skipped unit."""
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
