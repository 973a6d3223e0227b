"""spaCy's rule lemmatizer with a memo: the same lemmas, without walking every token in Python.

Why: the English models' rule lemmatizer sets each token's lemma through the
``Token`` API (``token.lemma_ = ...``), about 25 µs a token on news: a tenth
of the whole model's time, as much as its tagger and parser together. Its
rules read only three things of a token (the word, its part of speech and
its morphology), so a word seen once with the same three gets the same lemma
again. :class:`LemmaTable` reads those three for the whole document as one
array, looks each triple up in a memo filled by the lemmatizer itself
(``lemmatize``, the very function spaCy's component calls, given its word
lists as sets: the model ships them as lists, searched from the start for
every candidate form of an unseen word), and writes the lemmas back in one
:meth:`Doc.from_array` call.

Like spaCy's component it leaves a lemma an earlier step set alone unless
the lemmatizer overwrites; a lemmatizer in any mode but ``rule`` keeps
spaCy's component (:func:`use_lemma_table` returns False).
``tests/test_lemma_table.py`` compares the two, ``tests/benchmarks/run.py``
times them on the evaluation texts.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Sequence

    from spacy.tokens import Doc

__all__ = ["LemmaTable", "PrefixedLemmas", "add_prefixed_lemmas", "use_lemma_table"]

#: Distinct (word, part of speech, morphology) triples remembered before the memo starts again.
_MEMO_SIZE = 500_000


class LemmaTable:
    """The pipeline component (see the module docstring); ``lemmatizer`` is the model's own, still usable."""

    def __init__(self, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer
        self._rules = _with_indexes_as_sets(lemmatizer)
        self._memo: dict[tuple[int, int, int], int] = {}  # (orth, pos, morph) hashes -> lemma hash

    def __call__(self, doc: "Doc") -> "Doc":
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        if not len(doc):
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        overwrite = self.lemmatizer.overwrite
        memo = self._memo
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not overwrite:
                continue
            found = memo.get((orth, pos, morph))
            if found is None:
                found = self._work_out(doc, i, (orth, pos, morph))
            lemmas[i] = found
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc

    def _work_out(self, doc: "Doc", i: int, key: tuple[int, int, int]) -> int:
        """The lemma the model's lemmatizer gives token ``i``, remembered for every token like it."""
        if len(self._memo) >= _MEMO_SIZE:
            self._memo.clear()
        found = doc.vocab.strings.add(self._rules.lemmatize(doc[i])[0])
        self._memo[key] = found
        return found


def _with_indexes_as_sets(lemmatizer: Any) -> Any:
    """A copy of ``lemmatizer`` whose word lists per part of speech are sets.

    Its rules ask ``form in index`` of every candidate form; the model ships
    each index as a list (57k nouns), so that one test costs most of the
    lemmatizer's time on a word it has not seen. A set answers the same.
    """
    import copy

    from spacy.lookups import Lookups, Table

    fast = copy.copy(lemmatizer)
    fast.lookups = Lookups()
    for name in lemmatizer.lookups.tables:
        table = lemmatizer.lookups.get_table(name)
        if name == "lemma_index":
            table = Table(name, {key: frozenset(words) for key, words in table.items()})
        fast.lookups.set_table(name, table)
    fast.cache = {}
    fast.lemmatize = fast.rule_lemmatize  # the original's attribute is a method bound to the original
    return fast


def use_lemma_table(nlp: Any) -> bool:
    """Put :class:`LemmaTable` in place of ``nlp``'s rule ``lemmatizer`` (same position, name
    ``kg_lemma_table``); False (spaCy's kept) for another mode, or when there is none."""
    from spacy.language import Language

    if "lemmatizer" not in nlp.pipe_names:
        return False
    lemmatizer = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule" or not hasattr(lemmatizer, "lemmatize"):
        return False
    if not getattr(lemmatizer, "_validated", True):  # what spaCy's component checks on its first document
        lemmatizer._validate_tables()
        lemmatizer._validated = True
    if "kg_lemma_table" not in Language.factories:
        Language.factory("kg_lemma_table")(_make_lemma_table)
    nlp.add_pipe("kg_lemma_table", after="lemmatizer")
    nlp.remove_pipe("lemmatizer")
    return True


def _make_lemma_table(nlp: Any, name: str) -> LemmaTable:
    return LemmaTable(nlp.get_pipe("lemmatizer"))


class PrefixedLemmas:
    """Lemmatise a word kept whole after a hyphen prefix as its prefix plus the lemma of the rest.

    spaCy's rule lemmatizer knows "arrested" but not "re-arrested" (it gives
    "re-arreste"); the rest of the word is lemmatised as the same part of
    speech ("re-arrested" -> "re-arrest", "co-founders" -> "co-founder").
    """

    def __init__(self, lemmatizer: Any, prefixes: "Sequence[str]") -> None:
        import re

        self.lemmatizer = lemmatizer
        self.dashed = tuple(p.lower() + "-" for p in prefixes)
        # where such a word can start in the text: the document's tokens are not walked one by one
        self.starts = re.compile(r"(?i)\b(?:%s)-[a-z]" % "|".join(map(re.escape, prefixes)))

    def __call__(self, doc: "Doc") -> "Doc":
        from spacy.tokens import Doc

        for found in self.starts.finditer(doc.text):
            span = doc.char_span(found.start(), found.end(), alignment_mode="expand")
            token = span[0] if span is not None and len(span) else None
            if token is None or token.idx != found.start() or not token.text.lower().startswith(self.dashed):
                continue
            prefix, _, rest = token.text.partition("-")
            if not rest.isalpha():
                continue
            word = Doc(doc.vocab, words=[rest])
            word[0].tag_, word[0].pos_ = token.tag_, token.pos_
            lemmas = self.lemmatizer.rule_lemmatize(word[0])
            if lemmas:
                token.lemma_ = f"{prefix}-{lemmas[0]}".lower()
        return doc


def add_prefixed_lemmas(nlp: Any, prefixes: "Sequence[str]") -> bool:
    """Add :class:`PrefixedLemmas` right after the lemmas are set; False when ``nlp`` has no rule lemmatizer."""
    from spacy.language import Language

    step, lemmatizer = _lemma_step(nlp)
    if not hasattr(lemmatizer, "rule_lemmatize"):
        return False
    if "kg_prefixed_lemmas" not in Language.factories:
        Language.factory("kg_prefixed_lemmas", default_config={"prefixes": []})(_make_prefixed_lemmas)
    nlp.add_pipe("kg_prefixed_lemmas", after=step, config={"prefixes": list(prefixes)})
    return True


def _lemma_step(nlp: Any) -> tuple[str | None, Any]:
    """The pipeline step that sets the lemmas (kg's table or spaCy's lemmatizer) and the model's lemmatizer."""
    step = next((name for name in ("kg_lemma_table", "lemmatizer") if name in nlp.pipe_names), None)
    return step, (getattr(nlp.get_pipe(step), "lemmatizer", nlp.get_pipe(step)) if step else None)


def _make_prefixed_lemmas(nlp: Any, name: str, prefixes: list[str]) -> PrefixedLemmas:
    return PrefixedLemmas(_lemma_step(nlp)[1], prefixes)
