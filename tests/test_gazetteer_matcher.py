"""The gazetteer component gives the entities spaCy's span ruler gave, and its shipped tokens are current."""
from __future__ import annotations

import json

import pytest

from kg.extract.countries import gazetteer_patterns, load_gazetteer
from kg.extract.gazetteer_matcher import TOKENS_FILE, fingerprint, tokenise
from kg.extract.nlp import base_pipeline, gazetteer_ents_filter, load_nlp
from kg.resources import data_dir, examples_dir

TEXTS = [
    "SOUTHCOM and the Atlantic Maritime Security Command met in Praia on Monday.",
    "Los Lobos and Los Choneros clashed near Dakar, the Senegalese police said.",
    "The New York Times quoted a spokesman for the West Atlantic Coastal Union.",
    "Guinea-Bissau's navy boarded a trawler; Cape Verde and Senegal protested.",
    "DAKAR -- NATO, the EU and the U.S. Southern Command signed nothing.",
]


@pytest.fixture(scope="module")
def patterns():
    return gazetteer_patterns(load_gazetteer())


def test_the_shipped_tokens_are_those_of_the_default_pipeline(patterns):
    """Else start-up tokenises every pattern again: rebuild with `python -m kg.extract.nlp`."""
    nlp = base_pipeline()
    shipped = json.loads((data_dir() / TOKENS_FILE).read_text(encoding="utf-8"))
    assert shipped["fingerprint"] == fingerprint(patterns, nlp)
    assert shipped["tokens"] == tokenise(patterns, nlp)


def _span_ruler_pipeline(patterns):
    """The previous component: spaCy's span_ruler with phrase patterns on ORTH and the same filter."""
    from spacy import registry

    nlp = base_pipeline()
    registry.misc.register("kg.test_ents_filter.v1", func=lambda: gazetteer_ents_filter)
    ruler = nlp.add_pipe("span_ruler", name="ruler", after="ner", config={
        "spans_key": None, "annotate_ents": True, "overwrite": False, "phrase_matcher_attr": "ORTH",
        "ents_filter": {"@misc": "kg.test_ents_filter.v1"}})
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(patterns)
    return nlp


def test_entities_equal_the_span_rulers(patterns):
    reference = _span_ruler_pipeline(patterns)
    texts = TEXTS + [p.read_text(encoding="utf-8") for p in sorted(examples_dir().glob("*.txt"))[:6]]
    for ours, theirs in zip(load_nlp().pipe(texts), reference.pipe(texts)):
        assert [(e.start, e.end, e.label_, e.ent_id_) for e in ours.ents] == \
            [(e.start, e.end, e.label_, e.ent_id_) for e in theirs.ents]
