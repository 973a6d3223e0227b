"""Document text and dates: ISO dates, text normalisation, the ``date YYYY-MM-DD`` header.

Every later stage depends on a date when one is known and on the exact text
that character offsets point into; these are the rules that fix both.
"""
from __future__ import annotations

import re
from datetime import date as _date
from datetime import datetime

from .problems import ReadRun

__all__ = ["normalize_text", "parse_date", "split_header"]

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


def split_header(run: ReadRun, name: str, text: str, first_line: int | None) -> tuple[str, str | None]:
    """Remove a leading ``date YYYY-MM-DD`` header; return the text and its date.

    Without a header the date is the run's default date; an invalid one is
    reported (at ``first_line``, or line 1 of a whole file) and leaves it unknown.
    """
    match = _HEADER.match(text)
    if match is None:
        return text, run.default_date
    value = match.group(1)
    parsed = parse_date(value)
    if parsed is None:
        line = (first_line or 1) + text.count("\n", 0, match.start(1))
        run.problem(name, line, f"invalid date {value!r} in header; date left unknown", skipped=False)
    return text[match.end():].lstrip(), parsed
