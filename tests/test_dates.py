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
    ("In 2019", "2019-01-01"),               # year precision: first day
    ("2026", None),                          # the article's own year says no more than its date
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


@pytest.mark.parametrize("text, anchor, expected", [
    ("a month later", "2025-11-01", "2025-12-01"),
    ("Two days later", "2026-03-03", "2026-03-05"),
    ("three weeks earlier", "2026-03-24", "2026-03-03"),
    ("a year before", "2026-02-28", "2025-02-28"),
    ("two days later", None, None),          # nothing to count from
    ("later that week", "2026-03-03", None),  # not a counted offset
])
def test_an_offset_counts_from_the_date_before_it(text, anchor, expected):
    from kg.extract.dates import resolve_offset

    assert resolve_offset(text, anchor) == expected


def _dates(text: str) -> dict[str, str | None]:
    from kg.extract.pipeline import extract_documents
    from kg.model import Document

    (result,) = extract_documents([Document(id="d", text=text, date="2026-03-20")])
    return {t.action.lemma: t.date for t in result.triples}


def test_an_offset_dates_its_event_from_the_last_date_the_text_gave():
    got = _dates("The trawler was seized on March 3. Two days later, the coast guard freed the crew.")
    assert got["seize"] == "2026-03-03" and got["free"] == "2026-03-05"
    got = _dates("The vote failed in November, but a month later the council said it would try again.")
    assert got["fail"] == "2025-11-01" and got["say"] == "2025-12-01"


def test_an_earlier_year_dates_its_event_to_that_year():
    assert _dates("In 2019, the cartel bribed the port chief.")["bribe"] == "2019-01-01"


def test_an_offset_without_a_date_before_it_fixes_no_date():
    assert _dates("Two days later, the coast guard freed the crew.")["free"] == "2026-03-20"  # the document's


def test_a_conjoined_verb_takes_its_own_date_first():
    got = _dates("The minister resigned on Tuesday and left the country on Thursday.")
    assert got["resign"] == "2026-03-17" and got["leave"] == "2026-03-19"


def test_a_participle_clause_and_a_report_share_their_events_date():
    got = _dates("Gunmen attacked the convoy on Tuesday, killing three soldiers.")
    assert got["attack"] == got["kill"] == "2026-03-17"
    got = _dates("The ministry said on Tuesday that police had arrested two smugglers.")
    assert got["say"] == got["arrest"] == "2026-03-17"


def test_what_is_yet_to_come_does_not_take_the_date_of_its_announcement():
    got = _dates("The ministry said on Tuesday that it would send two frigates.")
    assert got["say"] == "2026-03-17" and got["send"] == "2026-03-20"  # the document's


@pytest.mark.parametrize("text, expected", [
    ("on Friday", "2026-03-06"),             # the next one: the event is yet to come
    ("Thursday", "2026-03-05"),
    ("on Wednesday", "2026-03-04"),          # the paper's own day still
    ("March 10", "2026-03-10"),              # not last year's
    ("in September", "2026-09-01"),
    ("in February", "2027-02-01"),           # this year's is gone
    ("last Friday", "2026-02-27"),           # said to be past: past whatever the verb
    ("yesterday", "2026-03-03"),
    ("March 3, 2025", "2025-03-03"),         # a full date is what it says
])
def test_a_date_of_what_is_yet_to_come_looks_ahead(text, expected):
    assert resolve_date(text, DOC, ahead=True) == expected


@pytest.mark.parametrize("sentence, action, expected", [
    ("Lobato will meet the minister on Friday.", "will meet", "2026-03-06"),
    ("Lobato is due to appear in court on Thursday.", "is due to appear in", "2026-03-05"),
    ("The talks are set to resume on Friday.", "are set to resume", "2026-03-06"),
    ("Lobato said she would present a plan in September.", "would present", "2026-09-01"),
    ("Rebels attacked the town on Friday.", "attacked", "2026-02-27"),     # done: the last Friday
    ("Lobato could have left on Friday.", "could have left", "2026-02-27"),  # a modal of the past
    ("The rebels tried to flee on Friday.", "tried to flee", "2026-02-27"),  # an infinitive under a past verb
    ("Police would not say on Friday whether the men were armed.", "would not say", "2026-02-27"),  # unable: past
    ("Lobato will not meet the minister on Friday.", "will not meet", "2026-03-06"),
])
def test_an_event_yet_to_come_is_dated_ahead(sentence, action, expected):
    from kg.extract.pipeline import extract_text

    dates = {t.action.text: t.date for t in extract_text(sentence, date=DOC) if not t.derived}
    assert dates[action] == expected, dates
