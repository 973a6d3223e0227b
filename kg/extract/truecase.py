"""Headlines in the case the rest of the article writes their words, so the parser can read them.

Why: a news document usually opens with its headline, in title case or in
capitals ("Marta Lobato Checks Into Rehab at Santa Luzia Clinic", "MAN HELD
AFTER FIRE"). The statistical tagger reads every capitalised word there as
a proper noun, so the verb goes missing and the people in the headline
either vanish or merge with the words around them: on the ECB+ train
documents only 23% of the participants named in title-case lines were
found, against 71% in the body. The article itself says how its words are
written: "checks" and "rehab" appear in lower case further down, "Santa
Luzia Clinic" in capitals. So each word of a headline line takes the case
the document's body gives it (its own form or another form of the same
word: "Checks" / "checked"; a word the body writes in capitals, "MVC",
stays so); closed-class words (data file ``headline_lowercase.txt``) are
lower case anyway; a word the body does not write at all is lowered when
the action lexicon knows it as a verb or event noun ("Launches"); anything
else keeps its capitals, since an unknown capitalised word may well be a
name. On ECB+ train, 60% of the participants named in headlines are found
so (23% before), against 71% in the body.

Only the case of letters changes, never the length of the text, so every
character offset (mentions, sentences, evidence spans) is the same in the
original text, which is what the output quotes.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, NamedTuple

from .non_actor_mentions import headline_sentence
from .wordlists import headline_lowercase as _closed_class, person_nouns, wordnet_person_nouns

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

__all__ = ["truecase_headlines", "is_headline", "document_case", "DocumentCase"]

_WORD = re.compile(r"[^\W\d_](?:[\w’'-]*\w)?")
#: Characters after which the next word starts a sentence (so its capital says nothing).
_SENTENCE_END = frozenset('.!?:;"“”')
_SUFFIX = re.compile(r"(?:ing|ed|es|s)$")


def _stem(word: str) -> str:
    """A crude shared form for "checks" / "checked" / "checking" (headline verbs are mostly inflected)."""
    return _SUFFIX.sub("", word) if len(word) > 4 else word


def is_headline(line: str) -> bool:
    """True for a line in title case or in capitals ("Man Denies Arson", "MAN HELD AFTER FIRE").

    At least three words, no sentence-final full stop, and four of five
    content words (longer than three letters, not closed-class) capitalised.

    >>> is_headline("Marta Lobato Checks Into Rehab at Santa Luzia Clinic")
    True
    >>> is_headline("Marta Lobato checked into rehab at the Santa Luzia Clinic.")
    False
    """
    words = _WORD.findall(line)
    if len(words) < 3 or len(words) > 25 or line.rstrip().endswith("."):
        return False
    content = [w for w in words if len(w) > 3 and w.lower() not in _closed_class()]
    if len(content) < 2:
        return False
    return sum(w[0].isupper() for w in content) >= 0.8 * len(content)


class _BodyCase:
    """How the body writes each word (by stem), outside sentence starts, and which word pairs it capitalises."""

    def __init__(self, lines: list[str]) -> None:
        self.lower: Counter = Counter()
        self.upper: Counter = Counter()
        self.names: set[tuple[str, str]] = set()  # ("luzia", "clinic") from "Santa Luzia Clinic"
        self.acronyms: set[str] = set()
        for line in lines:
            prev, prev_end = None, 0
            for m in _WORD.finditer(line):
                word = m.group()
                gap = line[prev_end:m.start()]  # only what lies since the last word: linear in the line
                capital = word[0].isupper()
                if capital and prev is not None and prev[0].isupper() and gap == " ":
                    self.names.add((prev.lower(), word.lower()))
                starts = (prev is None and not gap.strip()) or gap.rstrip()[-1:] in _SENTENCE_END
                prev, prev_end = word, m.end()
                if starts:
                    continue  # a sentence's first word is capitalised whatever it is
                if word.islower():
                    self.lower[_stem(word)] += 1
                elif capital:
                    self.upper[_stem(word.lower())] += 1
                    if word.isupper() and len(word) > 1:
                        self.acronyms.add(word.lower())  # "MVC", "IE": stays in capitals

    def recased(self, word: str, first: bool, in_name: bool, common: frozenset[str] = frozenset()) -> str:
        """The headline word as the body would write it (see the module docstring).

        ``common``: lower-case words known to be common (verbs and event
        nouns of the action lexicon), lowered when the body does not
        write the word at all ("Launches", "Rehires").
        """
        key = _stem(word.lower())
        if in_name or word.lower() in self.acronyms:
            return word
        if word.lower() in _closed_class() and not first:
            return word.lower()
        lower = self.lower[key] > self.upper[key] or (not self.upper[key] and _known(word.lower(), common))
        if lower:
            if first:
                return word[0] + word[1:].lower() if word.isupper() else word
            return word.lower()
        if word.isupper() and len(word) > 1 and self.upper[key]:
            return word[0] + word[1:].lower()  # "MINDELO" written "Mindelo" in the body
        return word


def _known(word: str, common: frozenset[str]) -> bool:
    """``word`` or a base form of it ("launches", "released", "rehiring") is in ``common``."""
    if word in common:
        return True
    for suffix, repl in (("ies", "y"), ("es", ""), ("es", "e"), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""),
                         ("ing", ""), ("ing", "e")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and word[:-len(suffix)] + repl in common:
            return True
    return False


def truecase_headlines(text: str, common: frozenset[str] = frozenset()) -> str:
    """``text`` with its headline lines in the case the body writes their words (same length).

    ``common``: words known to be common nouns or verbs (lower case), for
    headline words the body does not write (see :meth:`_BodyCase.recased`).

    >>> body = "The actress checked into rehab on Friday, her spokesman said."
    >>> truecase_headlines("Lobato Checks Into Rehab\\n" + body).splitlines()[0]
    'Lobato checks into rehab'
    """
    lines = text.split("\n")
    heads = [i for i, line in enumerate(lines) if is_headline(line)]
    if not heads:
        return text
    headlines = set(heads)
    body = _BodyCase([line for i, line in enumerate(lines) if i not in headlines])
    for i in heads:
        line = lines[i]
        words = list(_WORD.finditer(line))
        keys = [m.group().lower() for m in words]
        out = []
        last = 0
        for k, m in enumerate(words):
            in_name = (k > 0 and (keys[k - 1], keys[k]) in body.names) or (
                k + 1 < len(keys) and (keys[k], keys[k + 1]) in body.names)
            new = body.recased(m.group(), k == 0, in_name, common)
            out.append(line[last:m.start()])
            out.append(new if len(new) == len(m.group()) else m.group())
            last = m.end()
        out.append(line[last:])
        lines[i] = "".join(out)
    return "\n".join(lines)


class DocumentCase(NamedTuple):
    """How a parsed document writes its words inside sentences, where the case means something."""

    names: frozenset[str]  # written capitalised twice or more, never in lower case ("hornets")
    common: frozenset[str]  # written in lower case, never capitalised ("pirates")
    capitalised: frozenset[str] = frozenset()  # written capitalised at least once ("people" of "told People")
    lowered: frozenset[str] = frozenset()  # written in lower case at least once

    def common_at_start(self, ent: "Span") -> bool:
        """A one-word entity at a sentence's start that the document writes as a common noun elsewhere, or a
        plural word for people it never writes capitalised inside a sentence.

        "Pirates attacked a ship ... the pirates were caught", "Friends said
        he loved football": the tagger took the capital of the first word for
        a name (and "Friends" would be one organisation across the corpus).
        "People" stays a name where the text also writes "told People", and a
        people named by its nation ("Iranians") stays its nation's.
        """
        if len(ent) != 1 or not ent[0].is_sent_start:
            return False
        word = ent[0].lower_
        return word in self.common or (word not in self.capitalised and ent.label_ != "NORP"  # "Iranians said"
                                       and _plural_people_word(word))

    def named_plural(self, head: "Token") -> bool:
        """A capitalised plural after "the" inside a sentence, never written in lower case ("beat the Jaguars").

        English capitalises a plural common noun inside a sentence only when
        it names a team, a band or a group; once is enough when the text never
        writes the word in lower case. Not in a headline, whose words are all
        capitalised.
        """
        prev = head.doc[head.i - 1] if head.i > 0 else None
        return (head.tag_ == "NNS" and prev is not None and prev.lower_ == "the"
                and head.lower_ not in self.lowered and not headline_sentence(head.sent))


def _plural_people_word(word: str) -> bool:
    """A plural noun for people by kg's lists or WordNet ("friends", "neighbours", "colleagues")."""
    info = person_nouns().get(word)
    if info is not None:
        return info.plural
    return word.endswith("s") and (word[:-1] in wordnet_person_nouns() or word[:-1] in person_nouns())


def document_case(doc: "Doc") -> DocumentCase:
    """Count, over the tokens inside sentences (not first, not after a colon or quote), how words are written."""
    upper: Counter = Counter()
    lower: set[str] = set()
    before = ""  # the previous token's text (looked up as doc[i - 1], a new Token per word)
    for tok in doc:
        after_quote, before = before in (":", '"', "“", "'", "‘"), tok.text
        if not tok.is_alpha or tok.is_sent_start or after_quote:
            continue
        if tok.text.islower():
            lower.add(tok.lower_)
        elif tok.is_title:
            upper[tok.lower_] += 1
    return DocumentCase(frozenset(w for w, n in upper.items() if n >= 2 and w not in lower),
                        frozenset(lower - upper.keys()), frozenset(upper), frozenset(lower))
