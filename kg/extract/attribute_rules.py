"""spaCy's attribute ruler read as a lookup table: the same token attributes, in a tenth of the time.

Why: the English models' ``attribute_ruler`` maps every fine-grained tag to
its part of speech and morphology and mends pronouns, auxiliaries and
contractions, through some 180 Matcher patterns tried on every token. On
news that is about 19 µs a token, a sixth of the whole model's time and
more than its parser. Every pattern the models ship tests plain token
attributes (``TAG``, ``LOWER``, ``DEP``, ``IS_SPACE``; equal, ``IN``,
``NOT_IN``, ``REGEX``) on one or two tokens, so which rules fire on a token
depends only on those four values: :class:`AttributeRules` works the
outcome out once per combination and reuses it, then writes every
document's attributes in one :meth:`Doc.from_array` call.

The outcome is the ruler's own, attribute for attribute: the rules match on
the tagger's and parser's values, are applied in the order they were added
(a later rule wins), and set the ruler's own normalised values. A model
whose ruler holds anything else (quantifiers, other attributes, extension
attributes) keeps spaCy's component: :func:`compile_rules` raises
:class:`Unsupported`. ``tests/test_attribute_rules.py`` compares the two on
every sentence it has; ``tests/benchmarks/run.py`` on the evaluation texts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

__all__ = ["AttributeRules", "Unsupported", "compile_rules", "use_attribute_rules"]

#: The token attributes a pattern may test, in the order :class:`AttributeRules` reads them.
_TESTED = ("TAG", "LOWER", "DEP", "IS_SPACE")
#: Distinct lower-case words remembered between documents before the memo starts again.
_MEMO_WORDS = 200_000


class Unsupported(ValueError):
    """The ruler holds a pattern or an attribute this table cannot reproduce exactly."""


#: One token's test: the attribute values (tag, lower, dep, is_space) -> bool.
TokenTest = Callable[[tuple], bool]


@dataclass(frozen=True)
class _Rule:
    order: int  # the ruler's rule number: later rules win
    patterns: tuple[tuple[TokenTest, ...], ...]  # alternatives, each a sequence of token tests
    index: int  # which token of a match gets the attributes (negative: from the end)
    attrs: tuple[tuple[int, int], ...]  # (attribute id, value) as the ruler sets them


def _value_test(position: int, spec: Any) -> TokenTest:
    """The test of one attribute against a pattern's value: "NN", {"IN": [...]}, {"NOT_IN": [...]}, {"REGEX": ...}."""
    if isinstance(spec, (str, bool)):
        return lambda values: values[position] == spec
    if isinstance(spec, dict) and len(spec) == 1:
        (op, arg), = spec.items()
        if op == "IN":
            allowed = frozenset(arg)
            return lambda values: values[position] in allowed
        if op == "NOT_IN":
            banned = frozenset(arg)
            return lambda values: values[position] not in banned
        if op == "REGEX" and isinstance(arg, str):
            search = re.compile(arg).search  # the Matcher's REGEX predicate searches the attribute's string
            return lambda values: isinstance(values[position], str) and search(values[position]) is not None
    raise Unsupported(f"pattern value {spec!r}")


def _token_test(spec: dict) -> TokenTest:
    """All of one token's attribute tests (a pattern's token dict)."""
    tests = []
    for key, value in spec.items():
        if key not in _TESTED:
            raise Unsupported(f"pattern key {key!r}")
        tests.append(_value_test(_TESTED.index(key), value))
    return lambda values: all(test(values) for test in tests)


def _words_in(patterns: list, regexes: list[re.Pattern]) -> set[str]:
    """Every lower-case word a pattern names (the rest of the vocabulary is alike to every rule)."""
    words: set[str] = set()
    for pattern in patterns:
        for spec in pattern:
            value = spec.get("LOWER")
            if isinstance(value, str):
                words.add(value)
            elif isinstance(value, dict):
                (op, arg), = value.items()
                if op == "REGEX":
                    regexes.append(re.compile(arg))
                else:
                    words.update(arg)
    return words


def compile_rules(ruler: Any) -> "AttributeRules":
    """The lookup table of a spaCy ``AttributeRuler`` (its patterns, attributes and token indices).

    Raises
    ------
    Unsupported
        When a pattern tests anything but TAG, LOWER, DEP and IS_SPACE, uses
        an operator, or a rule sets extension attributes.
    """
    rules = []
    words: set[str] = set()
    regexes: list[re.Pattern] = []
    for order, entry in enumerate(ruler.patterns):
        attrs = dict(ruler.attrs[order])
        if attrs.pop("_", None):
            raise Unsupported("extension attributes")
        patterns = entry["patterns"]
        if any(not pattern or any("OP" in spec for spec in pattern) for pattern in patterns):
            raise Unsupported(f"rule {order}: empty pattern or operator")
        words |= _words_in(patterns, regexes)
        rules.append(_Rule(order, tuple(tuple(_token_test(spec) for spec in pattern) for pattern in patterns),
                           ruler.indices[order], tuple(sorted(attrs.items()))))
    return AttributeRules(rules, frozenset(words), regexes)


class AttributeRules:
    """The pipeline component: applies compiled rules (see the module docstring)."""

    def __init__(self, rules: list[_Rule], words: frozenset[str], regexes: list[re.Pattern]) -> None:
        self.singles = [r for r in rules if any(len(p) == 1 for p in r.patterns)]
        self.sequences = [(r, p) for r in rules for p in r.patterns if len(p) > 1]
        self.words = words
        self.regexes = regexes
        self.columns = sorted({attr for r in rules for attr, _ in r.attrs})
        self._column_of = {attr: k for k, attr in enumerate(self.columns)}
        self._word_class: dict[int, int] = {}  # lower-case hash -> itself if a rule may name it, else 0
        self._outcome: dict[tuple, tuple] = {}  # (tag, word class, dep, is_space) hashes -> what applies

    def __call__(self, doc: "Doc") -> "Doc":
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG  # the order of _TESTED

        if not len(doc):
            return doc
        strings = doc.vocab.strings
        keys = [(tag, self._class_of(lower, strings), dep, space)
                for tag, lower, dep, space in doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()]
        outcomes = [self._outcome.get(key) or self._work_out(key, strings) for key in keys]
        targeted = self._sequence_matches(outcomes) if self.sequences else {}
        table = doc.to_array(self.columns)
        for i, (fired, assigned, _, _) in enumerate(outcomes):
            if i in targeted:  # a two-token rule too: merge by rule order
                assigned = _assigned(sorted(fired + targeted[i], key=lambda r: r.order))
            for attr, value in assigned:
                table[i, self._column_of[attr]] = value
        doc.from_array(self.columns, table)
        return doc

    def _class_of(self, lower: int, strings: Any) -> int:
        """``lower`` if some rule names or may match that word, else 0: all other words fare alike."""
        found = self._word_class.get(lower)
        if found is None:
            if len(self._word_class) > _MEMO_WORDS:
                self._word_class.clear()
            text = strings[lower]
            found = lower if text in self.words or any(r.search(text) for r in self.regexes) else 0
            self._word_class[lower] = found
        return found

    def _work_out(self, key: tuple, strings: Any) -> tuple:
        """Which single-token rules fire on a token with these values, what they set, and which tokens of the
        two-token rules it may be."""
        tag, word, dep, space = key
        values = (strings[tag] if tag else "", strings[word] if word else None, strings[dep] if dep else "",
                  bool(space))
        fired = [r for r in self.singles if any(len(p) == 1 and p[0](values) for p in r.patterns)]
        steps = frozenset((k, j) for k, (_, p) in enumerate(self.sequences) for j, test in enumerate(p)
                          if test(values))
        outcome = (fired, _assigned(fired), steps, [k for k, j in steps if j == 0])
        self._outcome[key] = outcome
        return outcome

    def _sequence_matches(self, outcomes: list) -> dict[int, list[_Rule]]:
        """The tokens the rules of several tokens set, each with the rules that set it."""
        targeted: dict[int, list[_Rule]] = {}
        for start, outcome in enumerate(outcomes):
            for k in outcome[3]:  # the sequences whose first token this one may be
                rule, pattern = self.sequences[k]
                n = len(pattern)
                if start + n <= len(outcomes) and all((k, j) in outcomes[start + j][2] for j in range(1, n)):
                    targeted.setdefault(start + (rule.index if rule.index >= 0 else n + rule.index), []).append(rule)
        return targeted


def _assigned(fired: list[_Rule]) -> tuple[tuple[int, int], ...]:
    """The attributes the rules set, in rule order, so the last rule to set one wins."""
    final: dict[int, int] = {}
    for rule in fired:
        final.update(rule.attrs)
    return tuple(final.items())


def use_attribute_rules(nlp: Any) -> bool:
    """Put :class:`AttributeRules` in place of ``nlp``'s ``attribute_ruler``; False (spaCy's kept) when the
    ruler holds something the table cannot reproduce, or there is none."""
    from spacy.language import Language

    if "attribute_ruler" not in nlp.pipe_names:
        return False
    if "kg_attribute_rules" not in Language.factories:
        Language.factory("kg_attribute_rules")(_make_attribute_rules)
    try:
        nlp.add_pipe("kg_attribute_rules", after="attribute_ruler")
    except Unsupported:
        return False
    nlp.remove_pipe("attribute_ruler")
    return True


def _make_attribute_rules(nlp: Any, name: str) -> AttributeRules:
    return compile_rules(nlp.get_pipe("attribute_ruler"))
