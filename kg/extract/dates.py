"""Resolve the dates news sentences give against the document's date.

Articles say "on Tuesday", "On March 3", "last week": an event date is only
meaningful relative to when the article was written. We let dateparser
(a maintained library that knows relative expressions) do the arithmetic
with the document date as base and a preference for the past for
expressions precise to a day or a week. A bare month ("in September",
"since December 2025") resolves to the first day of its most recent
occurrence (month precision, so time windows by month stay right), and a
bare year other than the document's ("in 2019") to its first day; "last
year" or "this month" do not fix an event date, so the caller falls back
to the document date. "Two days later", "a month earlier" count from the
date the text gave just before (:func:`resolve_offset`), not from the
document's.
"""
from __future__ import annotations

import functools
import re
from datetime import date

__all__ = ["resolve_date", "is_day_precise", "resolve_month", "resolve_offset", "resolve_year"]

_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_DAY_PRECISE = re.compile(
    rf"\b({_WEEKDAYS}|today|yesterday|tonight|last night|tomorrow|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})"
    rf"|(?:last|past|previous)\s+week|\d+\s+days?\s+ago|a\s+day\s+(?:ago|earlier|before))\b",
    re.I,
)


def is_day_precise(text: str) -> bool:
    """True when a date expression names a day (or a week back), not just a month or year.

    >>> is_day_precise("On March 3"), is_day_precise("last year")
    (True, False)
    """
    return bool(_DAY_PRECISE.search(text))


_MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december"]
_BARE_MONTH = re.compile(
    r"^(?:(?:in|since|during|until|by|from|early|late|mid|mid-)\s+)*(?P<month>" + "|".join(_MONTH_NAMES)
    + r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?(?:\s+(?:of\s+)?(?P<year>\d{4}))?$", re.I)


def resolve_month(text: str, document_date: str | None, ahead: bool = False) -> str | None:
    """First day of a bare month ("in September") relative to the document date: the last one, or with
    ``ahead`` (the event is yet to come: "will vote in September") the next one.

    >>> resolve_month("in September", "2026-03-04"), resolve_month("since December 2024", None)
    ('2025-09-01', '2024-12-01')
    >>> resolve_month("in September", "2026-03-04", ahead=True), resolve_month("in February", "2026-03-04", True)
    ('2026-09-01', '2027-02-01')
    >>> resolve_month("May", "2026-03-04") is None  # "may" is too often the modal verb
    True
    """
    m = _BARE_MONTH.match(text.strip())
    if not m or (m.group("month").lower() == "may" and not m.group("year")):
        return None
    name = m.group("month").lower()
    month = next(i for i, full in enumerate(_MONTH_NAMES, 1) if full.startswith(name))
    if m.group("year"):
        year = int(m.group("year"))
    elif document_date:
        base = date.fromisoformat(document_date)
        if ahead:
            year = base.year if month >= base.month else base.year + 1
        else:
            year = base.year if month <= base.month else base.year - 1
    else:
        return None
    return date(year, month, 1).isoformat()


_BARE_YEAR = re.compile(r"^(?:(?:in|since|during|until|by|from|early|late|mid|mid-)\s+)*(?P<year>(?:1[89]|20)\d\d)$",
                        re.I)


def resolve_year(text: str, document_date: str | None) -> str | None:
    """First day of a bare year ("in 2019") other than the document's own (year precision).

    A year the article is written in says no more than the article's date
    does (the caller keeps that); an earlier or later one dates the event
    to that year, where the document's date would put it years off.

    >>> resolve_year("In 2019", "2026-03-04"), resolve_year("2026", "2026-03-04"), resolve_year("1990s", None)
    ('2019-01-01', None, None)
    """
    m = _BARE_YEAR.match(text.strip())
    if not m or (document_date and document_date[:4] == m.group("year")):
        return None
    return f"{m.group('year')}-01-01"


@functools.lru_cache(maxsize=4096)
def resolve_date(text: str, document_date: str | None, ahead: bool = False) -> str | None:
    """Resolve a date expression to ``YYYY-MM-DD`` relative to ``document_date``.

    Returns None when the expression is not precise to a day, cannot be
    parsed, or is relative ("Tuesday") while the document date is unknown.
    A weekday or a date without a year is the last one before the document
    date (news reports what happened), or with ``ahead`` the next one (what
    is yet to come: "will meet on Friday", "is due in court on March 10").

    >>> resolve_date("On March 3", "2026-03-04")
    '2026-03-03'
    >>> resolve_date("Tuesday", "2026-03-04"), resolve_date("Tuesday", "2026-03-04", ahead=True)
    ('2026-03-03', '2026-03-10')
    """
    ahead = ahead and not re.search(r"\b(last|past|ago|yesterday|earlier|previous)\b", text, re.I)  # "last Friday"
    if not is_day_precise(text):
        return resolve_month(text, document_date, ahead) or resolve_year(text, document_date)
    cleaned = re.sub(r"^(on|by|since|until|from|early|late)\s+(?=\w)", "", text.strip(), flags=re.I)
    cleaned = re.sub(rf"^(last|this|past)\s+(?=({_WEEKDAYS})\b)", "", cleaned, flags=re.I)
    cleaned = re.sub(r"\s+(morning|evening|afternoon|night)$", "", cleaned, flags=re.I)
    base = date.fromisoformat(document_date) if document_date else None
    if base is None and not re.search(r"\d{4}", cleaned):
        return None
    weekday = re.fullmatch(_WEEKDAYS, cleaned, re.I)
    if base is not None and weekday and base.strftime("%A").lower() == cleaned.lower():
        return base.isoformat()  # "said on Wednesday" in Wednesday's paper: the same day
    import datetime as _dt

    settings = {"PREFER_DATES_FROM": "future" if ahead else "past", "RETURN_AS_TIMEZONE_AWARE": False,
                "PREFER_DAY_OF_MONTH": "first"}
    if base is not None:
        settings["RELATIVE_BASE"] = _dt.datetime(base.year, base.month, base.day, 12, 0)
    from dateparser import parse

    result = parse(cleaned, languages=["en"], settings=settings)
    if result is None:
        return None
    resolved = result.date()
    if base is not None and resolved > base and not ahead and not re.search(r"\d{4}|tomorrow|next", text, re.I):
        # a weekday or "March 3" without a year in news refers to the past
        try:
            resolved = resolved.replace(year=resolved.year - 1) if (resolved - base).days > 7 else resolved
        except ValueError:
            return None
    return resolved.isoformat()


_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_OFFSET = re.compile(r"^(?P<n>\d{1,3}|" + "|".join(_NUMBER_WORDS) + r")\s+(?P<unit>day|week|month|year)s?\s+"
                     r"(?P<way>later|after|afterwards|earlier|before)$", re.I)


def resolve_offset(text: str, anchor: str | None) -> str | None:
    """The date ``text`` ("two days later", "a month earlier") names counted from ``anchor`` (ISO date).

    News tells a sequence: "The referendum failed in November; a month
    later the government ..." is December, whatever the article's date.
    None when ``text`` is no such offset or there is no anchor.

    >>> resolve_offset("a month later", "2025-11-01"), resolve_offset("Two days later", "2026-03-03")
    ('2025-12-01', '2026-03-05')
    >>> resolve_offset("three weeks earlier", "2026-03-24"), resolve_offset("later that day", "2026-03-03")
    ('2026-03-03', None)
    """
    m = _OFFSET.match(text.strip())
    if m is None or not anchor:
        return None
    from dateutil.relativedelta import relativedelta

    n = int(m.group("n")) if m.group("n").isdigit() else _NUMBER_WORDS[m.group("n").lower()]
    if m.group("way").lower() in ("earlier", "before"):
        n = -n
    delta = relativedelta(**{m.group("unit").lower() + "s": n})
    try:
        return (date.fromisoformat(anchor) + delta).isoformat()
    except (ValueError, OverflowError):
        return None
