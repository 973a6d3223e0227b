"""Relative and partial dates resolved against the document date (2026-03-04 is a Wednesday)."""
from __future__ import annotations

import pytest

from kg.extract.dates import is_day_precise, resolve_date

DOC = "2026-03-04"


@pytest.mark.parametrize("text, expected", [
    ("On March 3", "2026-03-03"),
    ("Tuesday", "2026-03-03"),
    ("Tuesday evening", "2026-03-03"),
    ("on Wednesday", "2026-03-04"),          # the paper's own day
    ("last Friday", "2026-02-27"),
    ("yesterday", "2026-03-03"),
    ("last week", "2026-02-25"),
    ("3 days ago", "2026-03-01"),
    ("Dec. 12", "2025-12-12"),               # no year, in the past
    ("March 3, 2025", "2025-03-03"),
    ("in September", "2025-09-01"),          # month precision: first day
    ("In December", "2025-12-01"),
    ("March 2025", "2025-03-01"),
    ("last year", None),                     # too vague to date an event
    ("this month", None),
    ("recent years", None),
])
def test_resolve_against_document_date(text, expected):
    assert resolve_date(text, DOC) == expected


def test_relative_dates_need_a_document_date():
    assert resolve_date("Tuesday", None) is None
    assert resolve_date("March 3, 2025", None) == "2025-03-03"


def test_may_alone_is_not_a_month():
    assert resolve_date("May", DOC) is None


def test_day_precision():
    assert is_day_precise("On March 3") and not is_day_precise("last year")
