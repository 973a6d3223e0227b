"""Whether a token stands inside quotation marks: what someone is quoted as saying.

Why its own module: pronoun resolution (:mod:`kg.extract.coref`) and the
gender the text gives a name (:mod:`kg.extract.text_gender`) both read
quoted words apart ("he" inside a quote is not the speaker, who says "I"),
and both ask it of many tokens, so the counts are made once per document.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

__all__ = ["quoted"]


def quoted(tok: "Token") -> bool:
    """True if ``tok`` stands inside quotation marks in its sentence (an odd number of quotes before it).

    The quotes before each token, and where each token's sentence starts, are counted once per document
    and kept with it (``Doc.user_data``): rules ask this of many tokens."""
    doc = tok.doc
    counts = doc.user_data.get("kg.quotes_before")
    if counts is None:
        counts, starts, n = [0] * (len(doc) + 1), [0] * len(doc), 0
        for sent in doc.sents:
            for t in sent:
                counts[t.i], starts[t.i] = n, sent.start
                n += t.is_quote and t.tag_ != "POS"  # not the apostrophe of "the sailors' union"
        counts[len(doc)] = n
        doc.user_data["kg.quotes_before"], doc.user_data["kg.sentence_start"] = counts, starts
    return (counts[tok.i] - counts[doc.user_data["kg.sentence_start"][tok.i]]) % 2 == 1
