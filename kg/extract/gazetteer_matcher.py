"""Find the gazetteer's names in a parsed document, without paying for thousands of phrase patterns at start-up.

Why not spaCy's ``span_ruler`` with phrase patterns: it tokenises every
pattern (14,000 names and aliases) when the pipeline loads, creating some
20,000 lexemes: ~0.4 s before the first document, most of kg's start-up
over a bare ``spacy.load``. The patterns' tokens depend only on the
tokenizer and the gazetteer, so they are computed once and shipped
(``kg/data/gazetteer_tokens.json``, rebuilt by ``python -m
kg.extract.nlp``) with a fingerprint of what produced them;
when the fingerprint does not match (another model, an edited gazetteer, a
new spaCy) the patterns are tokenised at load time as before.

Matching is the phrase matcher's on ``ORTH``: every run of tokens equal to
a pattern's tokens, all lengths, every label; the matches then go through
:func:`kg.extract.nlp.gazetteer_ents_filter` exactly as the span ruler
passed them (deduplicated, sorted), so the entities are the same.
"""
from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any, Callable, Iterable

from ..resources import data_dir

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["GazetteerMatcher", "pattern_tokens", "fingerprint", "TOKENS_FILE"]

TOKENS_FILE = "gazetteer_tokens.json"


def fingerprint(patterns: list[dict], nlp: "Language") -> str:
    """What the patterns' tokens depend on: the patterns, the model, spaCy, the tokenizer's special cases and
    infix rules, and the prefixes kg keeps in one word ("Co-operation": :func:`kg.extract.nlp.keep_prefixed_words`)."""
    import spacy

    meta = nlp.meta
    infixes = getattr(getattr(nlp.tokenizer.infix_finditer, "__self__", None), "pattern", None)
    merged = list(getattr(_prefixed_words(nlp), "prefixes", ()))
    source = json.dumps([patterns, meta.get("name"), meta.get("version"), spacy.__version__,
                         sorted(nlp.tokenizer.rules or {}), infixes, merged], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def _prefixed_words(nlp: "Language") -> Any:
    """The pipeline's first step that keeps "Co-operation" one word, if it has it."""
    return nlp.get_pipe("kg_prefixed_words") if "kg_prefixed_words" in nlp.pipe_names else None


def tokenise(patterns: list[dict], nlp: "Language") -> list[list[str]]:
    """Each pattern's tokens, by the pipeline's tokenizer and its first step, which keeps "Co-operation" one
    word (what the phrase matcher compares)."""
    docs = nlp.tokenizer.pipe(p["pattern"] for p in patterns)
    step = _prefixed_words(nlp)
    if step is not None:
        docs = map(step, docs)
    return [[t.orth_ for t in doc] for doc in docs]


def pattern_tokens(patterns: list[dict], nlp: "Language") -> list[list[str]]:
    """The patterns' tokens: from the shipped file when its fingerprint matches, else tokenised now."""
    try:
        shipped = json.loads((data_dir() / TOKENS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        shipped = None
    if isinstance(shipped, dict) and shipped.get("fingerprint") == fingerprint(patterns, nlp):
        return shipped["tokens"]
    return tokenise(patterns, nlp)


class GazetteerMatcher:
    """A pipeline component: gazetteer names as entities, merged into the model's by ``ents_filter``."""

    def __init__(self, patterns: list[dict], tokens: list[list[str]],
                 ents_filter: Callable[[Any, Any], list]) -> None:
        from spacy.tokens import Span  # a component exists only once spaCy is loaded

        self._span = Span
        self.ents_filter = ents_filter
        self.index: dict[tuple[str, ...], list[tuple[str, str]]] = {}
        self.longest: dict[str, int] = {}  # first token -> longest pattern starting with it
        for pattern, orths in zip(patterns, tokens):
            if not orths:
                continue
            key = tuple(orths)
            hit = (pattern["label"], pattern.get("id", ""))
            if hit not in self.index.setdefault(key, []):
                self.index[key].append(hit)
            self.longest[key[0]] = max(self.longest.get(key[0], 0), len(key))

    def __call__(self, doc: "Doc") -> "Doc":
        make_span = self._span
        orths = [t.orth_ for t in doc]
        found = set()
        for start, first in enumerate(orths):
            longest = self.longest.get(first)
            if not longest:
                continue
            for end in range(start + 1, min(start + longest, len(orths)) + 1):
                for label, id_ in self.index.get(tuple(orths[start:end]), ()):
                    found.add(make_span(doc, start, end, label=label, span_id=id_))
        doc.ents = sorted(self.ents_filter(list(doc.ents), sorted(found)))
        return doc


def write_tokens(patterns: Iterable[dict], nlp: "Language") -> None:
    """Rebuild ``kg/data/gazetteer_tokens.json`` for this pipeline (``python -m kg.extract.nlp``, after editing the gazetteer)."""
    patterns = list(patterns)
    data = {"fingerprint": fingerprint(patterns, nlp), "tokens": tokenise(patterns, nlp)}
    (data_dir() / TOKENS_FILE).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n",
                                          encoding="utf-8")

