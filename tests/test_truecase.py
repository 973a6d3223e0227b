"""Headlines re-cased from the article's own body before parsing (kg.extract.truecase)."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from kg.extract.pipeline import extract_text
from kg.extract.truecase import is_headline, truecase_headlines

BODY = ("Marta Lobato checked into the Santa Luzia Clinic on Friday, her lawyer said. "
        "The singer will stay in rehab for a month, the clinic said.")


@pytest.mark.parametrize("line, headline", [
    ("Marta Lobato Checks Into Rehab at Santa Luzia Clinic", True),
    ("MAN HELD AFTER FIRE IN MINDELO", True),
    ("Marta Lobato checked into rehab at the Santa Luzia Clinic.", False),
    ("Police said the fire started at dawn", False),
    ("Mindelo", False),
])
def test_is_headline(line, headline):
    assert is_headline(line) is headline


def test_words_take_the_case_the_body_gives_them():
    text = "Marta Lobato Checks Into Rehab at Santa Luzia Clinic\n" + BODY
    first = truecase_headlines(text).splitlines()[0]
    # "checks" ~ "checked", "rehab" and "into" are lower case in the body; the clinic's name is not
    assert first == "Marta Lobato checks into rehab at Santa Luzia Clinic"


def test_words_the_body_does_not_settle_keep_their_capitals():
    text = "Marta Lobato Thanks Fans\n" + BODY
    assert truecase_headlines(text).splitlines()[0] == "Marta Lobato Thanks Fans"


def test_verbs_the_lexicon_knows_are_lowered_when_the_body_does_not_settle_them():
    from kg.extract.actions import load_lexicon

    text = "Atlantic Ferry Lines Launches Emergency Service For MVC Islands\nThe MVC route opened on Friday."
    first = truecase_headlines(text, load_lexicon().common_words()).splitlines()[0]
    # "Launches" ~ launch (a lexicon verb); "MVC" is written in capitals in the body and stays so
    assert first == "Atlantic Ferry Lines launches Emergency Service for MVC Islands"


def test_capitals_headline():
    text = "MAN HELD AFTER FIRE IN MINDELO\nPolice in Mindelo held a man after a fire at a market."
    assert truecase_headlines(text).splitlines()[0] == "Man held after fire in Mindelo"


def test_text_without_a_headline_is_unchanged():
    assert truecase_headlines(BODY) == BODY


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_only_case_changes_never_the_length(text):
    out = truecase_headlines(text)
    assert len(out) == len(text) and out.lower() == text.lower()


def test_headline_event_is_extracted_and_quotes_the_original(nlp):
    text = "Marta Lobato Checks Into Rehab at Santa Luzia Clinic\n" + BODY
    headline = [t for t in extract_text(text) if t.sentence == 0]
    assert any(t.subject.id == "Person/marta-lobato" and t.action.lemma == "check"
               and t.object.id == "Organization/santa-luzia-clinic" for t in headline)
    # the evidence and the mentions quote the document, not the re-cased text the parser read
    assert all(t.text == "Marta Lobato Checks Into Rehab at Santa Luzia Clinic" for t in headline)
    assert "Rehab" in {t.object.text for t in headline}
