"""kg's attribute-rule table sets exactly what spaCy's AttributeRuler sets (kg.extract.attribute_rules)."""
from __future__ import annotations

import pytest
import spacy
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG
from spacy.tokens import Doc

from conftest import stock_and_replaced
from kg.extract.attribute_rules import Unsupported, compile_rules, use_attribute_rules

COLUMNS = [POS, TAG, DEP, MORPH, LEMMA]

#: Our own sentences, with what the model's rules mend: contractions, pronouns, auxiliaries, an expletive
#: "there", a demonstrative pronoun, white space tokens and a subordinating "but".
SENTENCES = [
    "I ain't gonna sign it, y'all, said the mayor of Praia.",
    "There's nothin' doin' here, ol' man. Let's go! C'mon, we gotta leave.",
    "She'd had enough of them; they'd been warned.\n\n  Then he said:   'em boats are ours, not yours.",
    "That is what this ministry does, and those who did it have themselves to blame.",
    "Nobody but the coast guard gets it; everyone got something.",
    "It was raining in Mindelo while you were being questioned, but I wasn't.",
    "",
    "   ",
]


@pytest.fixture(scope="module")
def both():
    return stock_and_replaced(use_attribute_rules)


def attributes(doc: Doc) -> list:
    return [(t.pos_, t.tag_, t.dep_, str(t.morph), t.lemma_) for t in doc]


def test_the_table_takes_the_rulers_place(both):
    _, table = both
    assert "attribute_ruler" not in table.pipe_names
    assert table.pipe_names.index("kg_attribute_rules") == table.pipe_names.index("lemmatizer") - 1


@pytest.mark.parametrize("text", SENTENCES)
def test_the_model_rules_set_the_same_attributes(both, text):
    stock, table = both
    expected, got = stock(text), table(text)
    assert attributes(got) == attributes(expected)
    assert (got.to_array(COLUMNS) == expected.to_array(COLUMNS)).all()


def test_a_document_after_a_cached_one_gets_its_own_rules(both):
    stock, table = both
    texts = ["They had left.", "Had they left?", "I had it, had I not?"]
    assert [attributes(d) for d in table.pipe(texts)] == [attributes(d) for d in stock.pipe(texts)]


def hand_doc(vocab) -> Doc:
    words = ["the", "old", "boat", "sank", "fast", "in", "  ", "the", "port"]
    tags = ["DT", "JJ", "NN", "VBD", "RB", "IN", "_SP", "DT", "NN"]
    heads = [2, 2, 3, 3, 3, 3, 5, 8, 5]
    deps = ["det", "amod", "nsubj", "ROOT", "advmod", "prep", "dep", "det", "pobj"]
    return Doc(vocab, words=words, tags=tags, heads=heads, deps=deps)


RULES = [  # every kind of test and target the table supports
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}},
    {"patterns": [[{"TAG": {"IN": ["DT", "JJ"]}}]], "attrs": {"POS": "DET", "MORPH": "Definite=Def"}},
    {"patterns": [[{"LOWER": {"REGEX": "^o.d$"}}]], "attrs": {"POS": "ADJ", "LEMMA": "olden"}},
    {"patterns": [[{"DEP": {"NOT_IN": ["ROOT", "det", ""]}, "TAG": "NN"}]], "attrs": {"MORPH": "Number=Sing"}},
    {"patterns": [[{"LOWER": "sank"}, {"LOWER": "fast"}, {"TAG": "IN"}]], "attrs": {"LEMMA": "quickly"},
     "index": -2},
    {"patterns": [[{"LOWER": "zzz"}], [{"TAG": "VBD"}, {"DEP": "advmod"}]], "attrs": {"POS": "VERB"}},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP", "POS": "SPACE", "DEP": "dep"}},
    {"patterns": [[{"TAG": "DT", "LOWER": "the"}]], "attrs": {"POS": "PRON"}},  # later: wins over rule 2
]


def test_hand_rules_set_what_the_ruler_sets():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(RULES)
    expected = ruler(hand_doc(nlp.vocab))
    got = compile_rules(ruler)(hand_doc(nlp.vocab))
    assert attributes(got) == attributes(expected)
    assert [t.lemma_ for t in got][3:5] == ["", "quickly"]  # the index counted from the match's end
    assert got[0].pos_ == "PRON" and got[1].pos_ == "ADJ"  # the later rule wins


@pytest.mark.parametrize("pattern", [
    [{"LOWER": "boat", "OP": "+"}],
    [{"POS": "NOUN"}],
    [{"LOWER": {"FUZZY": "boat"}}],
])
def test_a_ruler_the_table_cannot_reproduce_is_kept(pattern):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([pattern], {"LEMMA": "vessel"})
    with pytest.raises(Unsupported):
        compile_rules(ruler)
    assert not use_attribute_rules(nlp)
    assert nlp.pipe_names == ["attribute_ruler"]
