"""kg's lemma table sets exactly the lemmas of spaCy's rule lemmatizer (kg.extract.lemma_table)."""
from __future__ import annotations

import pytest
import spacy
from spacy.attrs import LEMMA
from spacy.tokens import Doc

from conftest import stock_and_replaced
from kg.extract.lemma_table import LemmaTable, add_prefixed_lemmas, use_lemma_table
from kg.extract.nlp import DEFAULT_MODEL, HYPHEN_PREFIXES

#: Our own sentences: regular and irregular inflections, words the model's word lists lack, proper nouns,
#: comparatives, contractions, numbers, white space and a word seen with two parts of speech.
SENTENCES = [
    "The fishermen's wives were cleaning the nets while the gulls circled the boats.",
    "She'd sold her better boats, and the worst of the ferries sank; they'd been overloaded.",
    "Mindelo's harbourmasters blockaded the quays, refueled tankers and re-inspected 14 trawlers.",
    "He runs, ran and has run the longest races; the runs were timed.\n\n   Then   it rained.",
    "Drones surveilled the dunes as the coastguards' cutters outpaced the smugglers' skiffs.",
    "",
    "  ",
]


@pytest.fixture(scope="module")
def both():
    return stock_and_replaced(use_lemma_table)


def lemmas(doc: Doc) -> list[str]:
    return [t.lemma_ for t in doc]


def test_the_table_takes_the_lemmatizers_place(both):
    stock, table = both
    assert "lemmatizer" not in table.pipe_names
    assert table.pipe_names.index("kg_lemma_table") == stock.pipe_names.index("lemmatizer")
    assert table.get_pipe("kg_lemma_table").lemmatizer is not None


@pytest.mark.parametrize("text", SENTENCES)
def test_the_same_lemmas_as_the_models_lemmatizer(both, text):
    stock, table = both
    expected, got = stock(text), table(text)
    assert lemmas(got) == lemmas(expected)
    assert (got.to_array([LEMMA]) == expected.to_array([LEMMA])).all()


def test_remembered_words_keep_their_part_of_speech(both):
    stock, table = both
    texts = ["The saw was sharp.", "He saw the port.", "They left the left bank."] * 2
    assert [lemmas(d) for d in table.pipe(texts)] == [lemmas(d) for d in stock.pipe(texts)]
    assert lemmas(table("He saw the saw."))[1:4] == ["see", "the", "saw"]


def test_a_lemma_set_earlier_is_kept_unless_the_lemmatizer_overwrites():
    nlp = spacy.load(DEFAULT_MODEL, exclude=["lemmatizer"])
    rules = spacy.load(DEFAULT_MODEL).get_pipe("lemmatizer")
    doc = nlp("The boats sank.")
    doc[1].lemma_ = "vessel"
    assert lemmas(LemmaTable(rules)(doc)) == ["the", "vessel", "sink", "."]
    rules.overwrite = True
    assert lemmas(LemmaTable(rules)(doc)) == ["the", "boat", "sink", "."]


def test_another_lemmatizer_mode_keeps_spacys_component():
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert not use_lemma_table(nlp)
    assert nlp.pipe_names == ["lemmatizer"]


def test_prefixed_words_are_lemmatised_after_the_table():
    from kg.extract.nlp import load_nlp

    nlp = load_nlp()
    assert nlp.pipe_names.index("kg_prefixed_lemmas") == nlp.pipe_names.index("kg_lemma_table") + 1
    doc = nlp("Two co-founders re-arrested the men.")
    assert [t.lemma_ for t in doc][1:3] == ["co-founder", "re-arrest"]
    assert not add_prefixed_lemmas(spacy.blank("en"), HYPHEN_PREFIXES)  # no lemmatizer: nothing to add
