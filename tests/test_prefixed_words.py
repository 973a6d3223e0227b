"""A hyphen after a prefix that opens its word ("re-elected") keeps the word whole, exactly as the tokenizer's
infix rule with that exception would split it (kg merges after tokenizing:
:func:`kg.extract.nlp.keep_prefixed_words`)."""
from __future__ import annotations

import pytest

from kg.extract.nlp import HYPHEN_PREFIXES, keep_prefixed_words

TEXTS = [
    "Voters re-elected the mayor; Re-elected, RE-ELECTED and RE-elected (re-elected) \"co-operation\".",
    "The pre-war co-founders mis-sold a counter-attack and de-escalated the re-Brexit talks.",
    "x-re-elected pre-re-elected are-elected rE-elected co-op-ed re– elected re--elected re- pre-2020 re-elected's",
    "The Co-operation Council re-opened; the re-run was co-hosted by Re-Union.",
]


def _infix_rule_tokens(texts: list[str]) -> list[list[str]]:
    """The same texts through a tokenizer whose hyphen rule has the exception compiled in (the reference)."""
    import spacy
    from spacy.lang.char_classes import ALPHA, ALPHA_LOWER, ALPHA_UPPER, HYPHENS
    from spacy.util import compile_infix_regex

    reference = spacy.blank("en")
    rule = r"(?<=[{a}0-9])(?:{h})(?=[{a}])".format(a=ALPHA, h=HYPHENS)
    infixes = list(reference.Defaults.infixes)
    at = infixes.index(rule)
    kept = "".join(f"(?<!^{p}-)(?<!^{p.capitalize()}-)(?<!^{p.upper()}-)" for p in HYPHEN_PREFIXES)
    infixes[at:at + 1] = [r"(?<=[{a}0-9])(?:{h})(?=[{u}])".format(a=ALPHA, h=HYPHENS, u=ALPHA_UPPER),
                          r"(?<=[{a}0-9])(?:{h}){k}(?=[{l}])".format(a=ALPHA, h=HYPHENS, k=kept, l=ALPHA_LOWER)]
    reference.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    return [[t.text for t in reference(text)] for text in texts]


@pytest.mark.parametrize("text, expected", zip(TEXTS, _infix_rule_tokens(TEXTS)))
def test_merging_gives_the_infix_rule_s_tokens(text, expected):
    import spacy

    blank = spacy.blank("en")
    merged = keep_prefixed_words(blank.tokenizer(text), blank.tokenizer.prefix_search)
    assert [t.text for t in merged] == expected


def test_the_pipeline_keeps_prefixed_words_whole(nlp):
    tokens = [t.text for t in nlp("Voters re-elected the mayor, not the re-Brexit candidate.")]
    assert "re-elected" in tokens and "re-Brexit" not in tokens
