"""Where given words stand in a document, found without making a spaCy Token for every other word.

Why its own module: several rules look for a handful of words in every
document (an opening bracket or quote before a nickname, an organisation's
head word). Walking ``for tok in doc`` builds a Python object per token,
which is most of such a scan's cost; the token array spaCy keeps (one hash
per token) answers the same question at C speed, and only the few tokens
found are then made.
"""
from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

__all__ = ["positions"]


def positions(doc: "Doc", words: Iterable[str], *, lower: bool = False) -> list[int]:
    """The indexes of the tokens whose text (or, with ``lower``, lower-case form) is one of ``words``.

    >>> from spacy.lang.en import English
    >>> positions(English()("Vincent (The Chin) Rocha"), ["(", ")"])
    [1, 4]
    >>> positions(English()("The Oceanic TELECOM"), ["telecom"], lower=True)
    [2]
    """
    from spacy.attrs import LOWER, ORTH

    wanted = _hashes(frozenset(words))
    return [i for i, h in enumerate(doc.to_array(LOWER if lower else ORTH).tolist()) if h in wanted]


@functools.lru_cache(maxsize=32)
def _hashes(words: frozenset[str]) -> frozenset[int]:
    from spacy.strings import hash_string

    return frozenset(hash_string(w) for w in words)
