"""Names the model did not tag, or tagged with a word too many: "Oceanic Telecom", "Brazilian Carlos Moreira".

Why its own step: the small English model misses many organisation names
that are plain to read, capitalised words ending in a word such as
"Telecom", "Bank" or "Institute" (:file:`organization_heads.txt`). kg
already made such a phrase a named actor when it met it as a subject or
an object; but a name that is no entity span is no cluster either, so
"the company" or "it" in the next sentence could not refer back to it and
became an actor of its own. And it takes a nationality written before a
person's name into the name ("American Rui Tavares", often as an ORG), so
the person became an actor of their own, or an organisation. Mending the
spans before the clusters are built lets every rule that reads names see it.
"""
from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from .countries import country_code, demonym_code, demonym_words
from .non_actor_mentions import headline_sentence
from .noun_phrases import place_named
from .token_search import positions
from .wordlists import (first_name_gender, institution_heads, organization_heads, person_nouns, place_name_heads,
                        place_name_words, titles, wordnet_person_nouns)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

__all__ = ["with_amounts_cut", "with_defined_acronyms", "with_mended_names", "with_nationality_split",
           "with_untagged_nationalities", "with_untagged_organisations", "with_untagged_people",
           "with_untagged_places", "with_untagged_teams"]


def with_mended_names(doc: "Doc", ents: list["Span"]) -> list["Span"]:
    """The entity spans with the mendings below."""
    ents = with_untagged_places(doc, with_defined_acronyms(doc, with_amounts_cut(ents)))
    ents = with_untagged_people(doc, with_untagged_organisations(doc, ents))
    return with_untagged_nationalities(doc, with_nationality_split(doc, with_untagged_teams(doc, ents)))


def with_defined_acronyms(doc: "Doc", ents: list["Span"]) -> list["Span"]:
    """The entity spans, with a name the text defines by its acronym in brackets made one ORG, and the
    acronym an ORG wherever it stands ("The Movement for the Liberation of Azawad (MLA) ... The MLA said").

    The model often tags such a name in pieces ("Azawad" a place) and the
    acronym as a person; then the name and its acronym were two actors, one
    of them a person. The long form is the capitalised words (and small
    words such as "of", "the") right before the bracket whose initials
    spell the acronym (:func:`kg.extract.names.is_acronym_of`), and its
    head word (the last before a small word) an organisation's
    (``organization_heads.txt``): a product or a law keeps the model's reading,
    and so does a name the acronym spells only the end of ("African Party for
    the Independence of Cape Verde (PAICV)").
    """
    from .names import ACRONYM_SMALL_WORDS, is_acronym_of

    defined: dict[str, tuple[int, int]] = {}
    for close in positions(doc, (")",)):
        acronym, bracket = doc[close - 1], doc[close - 2] if close >= 2 else None
        if bracket is None or bracket.text != "(" or not (acronym.is_upper and acronym.is_alpha and len(acronym) > 1):
            continue
        for start in range(max(bracket.sent.start, bracket.i - 12), bracket.i - 1):
            words = doc[start:bracket.i]
            if doc[start].is_title and doc[start].lower_ != "the" and all(
                    t.text[:1].isupper() or t.lower_ in ACRONYM_SMALL_WORDS for t in words) \
                    and is_acronym_of(acronym.text, words.text):
                head = next((t for t in words if t.lower_ in ACRONYM_SMALL_WORDS), doc[bracket.i]).i - 1
                whole = start == bracket.sent.start or not doc[start - 1].is_title or doc[start - 1].lower_ == "the"
                if whole and not any(e.start == start and e.end == bracket.i for e in ents) \
                        and doc[head].lower_ in organization_heads():  # an organisation's: "Movement", "Union"
                    defined[acronym.text] = (start, bracket.i)  # (not "Internet Explorer (IE)", a product)
                break
    if not defined:
        return ents
    spans = [_span(doc, a, b, "ORG") for a, b in defined.values()]
    spans += [_span(doc, i, i + 1, "ORG") for i in positions(doc, defined)]
    covered = {i for sp in spans for i in range(sp.start, sp.end)}
    kept = [e for e in ents if not covered.intersection(range(e.start, e.end))]
    return sorted(kept + spans, key=lambda e: e.start)


def with_untagged_places(doc: "Doc", ents: list["Span"]) -> list["Span"]:
    """The entity spans, with a LOC span for an untagged name a place noun gives ("the island of Sal").

    The model misses small places; then "the island of Sal" had no place
    in it, and "Sal" elsewhere in the story, tagged a person, had no
    mention that says what it is. The name is the capitalised proper
    nouns ending at the object of "of".
    """
    taken = {i for e in ents for i in range(e.start, e.end)}
    added = []
    for of in (doc[i] for i in positions(doc, ("of",), lower=True)):
        name = next((c for c in of.children if c.dep_ == "pobj"), None)
        if name is None or not place_named(name) or name.i in taken or not _capitalised_name_word(name):
            continue
        start = name.i
        while start > of.i + 1 and doc[start - 1].dep_ == "compound" and _capitalised_name_word(doc[start - 1]) \
                and start - 1 not in taken:
            start -= 1
        added.append(_span(doc, start, name.i + 1, "LOC"))
    return sorted([*ents, *added], key=lambda e: e.start) if added else ents


#: Words that make a number an amount, not part of a name ("4 million euros"; "Channel 4" stays a name).
_AMOUNT_WORDS = frozenset({"hundred", "thousand", "million", "billion", "trillion", "m", "bn", "euros", "euro",
                           "dollars", "pounds", "francs", "escudos", "shillings", "rand", "yen", "yuan"})


def with_amounts_cut(ents: list["Span"]) -> list["Span"]:
    """The entity spans without an amount the model ran into a name ("fined Kalimeris Lines 4 million
    euros": "Kalimeris Lines", not a company called "Kalimeris Lines 4 million")."""
    out = []
    for e in ents:
        cut = next((t.i for t in e if t.like_num and t.i > e.start), None)
        after = e.doc[e.end] if e.end < len(e.doc) else None
        if cut is not None and e.label_ in ("ORG", "PERSON", "GPE", "NORP", "FAC") and (
                any(t.lower_ in _AMOUNT_WORDS for t in e.doc[cut:e.end])
                or (after is not None and after.lower_ in _AMOUNT_WORDS)):
            e = _span(e.doc, e.start, cut, e.label_)
        out.append(e)
    return out


def with_untagged_nationalities(doc: "Doc", ents: list["Span"]) -> list["Span"]:
    """The entity spans, with a NORP span for each untagged people-by-nationality word ("two Britons").

    The model tags "Three Americans" but often not "Two Britons" or
    "Britons were warned": the word then read as a name ("Other/britons",
    one node for every story's Britons) or as a description. Only a
    capitalised demonym of kg's list that is no country's name and no given
    name ("Finn"), used as a noun: a plural, or counted or determined ("one
    Briton", "the Briton"); a lone adjective ("British troops") is left to the
    rules that read a noun's modifiers.
    """
    taken = {i for e in ents for i in range(e.start, e.end)}
    added = []
    for tok in (doc[i] for i in positions(doc, demonym_words())):  # only the demonyms
        if tok.i in taken or not tok.text[:1].isupper() or tok.dep_ in ("amod", "compound"):
            continue
        if tok.tag_ not in ("NNS", "NNPS") and not (tok.tag_ in ("NN", "NNP", "JJ") and any(
                c.dep_ in ("det", "nummod") for c in tok.children)):
            continue
        if demonym_code(tok.text) and not country_code(tok.text) and tok.lower_ not in first_name_gender():
            added.append(_span(doc, tok.i, tok.i + 1, "NORP"))
    return sorted([*ents, *added], key=lambda e: e.start) if added else ents


def with_nationality_split(doc: "Doc", ents: list["Span"]) -> list["Span"]:
    """The entity spans, a nationality before a person's name left out of the name ("American Rui Tavares"
    -> PERSON "Rui Tavares"; kg reads the nationality as the person's country from the word before).

    Only when two capitalised words or more stay, and they are a person's
    name: the model tagged the span a person, or it starts with a known
    given name, or its last word is the last word of a person the document
    names ("Tavares"). "American Airlines", "German Marshall Fund" and a
    two-word name such as "Roman Lobo" stay whole.
    """
    out = []
    for e in ents:
        if len(e) < 3 or e.label_ not in ("PERSON", "ORG", "NORP", "GPE") or not demonym_code(e[0].text):
            out.append(e)
            continue
        rest = e[1:]
        if (not country_code(e[0].text) and all(t.pos_ == "PROPN" and t.is_title for t in rest)
                and rest[-1].lower_ not in organization_heads()
                and (e.label_ == "PERSON" or rest[0].lower_ in first_name_gender()
                     or any(p.label_ == "PERSON" and p[-1].text == rest[-1].text for p in ents))):
            e = _span(doc, rest.start, rest.end, "PERSON")
        out.append(e)
    return out


def with_untagged_organisations(doc: "Doc", ents: list["Span"]) -> list["Span"]:
    """The entity spans, with an ORG span for each untagged run of capitalised proper nouns ending in an
    organisation's head word ("Oceanic Telecom cut prices": "Oceanic Telecom").

    Only a run of two words or more (a lone "Bank" or "Police" is a
    description), every word a proper noun written with a capital, and
    the last word the end of the run; not in a headline, whose title case
    makes proper nouns of common ones ("Local Police Chief Quits").
    """
    taken = {i for e in ents for i in range(e.start, e.end)}
    added = []
    for tok in (doc[i] for i in positions(doc, organization_heads(), lower=True)):
        if tok.i in taken or not _capitalised_name_word(tok):
            continue
        after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if after is not None and _capitalised_name_word(after):
            continue  # "Oceanic Telecom Holdings": the run goes on
        start = tok.i
        while start > tok.sent.start and start - 1 not in taken and _capitalised_name_word(doc[start - 1]):
            start -= 1
        if start < tok.i and not headline_sentence(tok.sent):
            added.append(_span(doc, start, tok.i + 1, "ORG"))
    return sorted([*ents, *added], key=lambda e: e.start) if added else ents


def with_untagged_people(doc: "Doc", ents: list["Span"]) -> list["Span"]:
    """The entity spans, with a PERSON span for an untagged two- or three-word name that opens with a given
    name ("Ana Santos met the minister": the model tags neither word).

    Without a span the name was an actor where it stood but no cluster, so
    "She said ..." in the next sentence went to "the minister". The run is
    capitalised proper nouns, no other capitalised word before or after
    it, its first word in ``first_names.csv`` and its last no head word of
    an organisation, institution or place ("Victoria Station", "Georgia
    Power" stay out); not in a headline, whose title case makes proper
    nouns of common ones.
    """
    taken = {i for e in ents for i in range(e.start, e.end)}
    given, not_surnames = first_name_gender(), _not_surnames()
    added = []
    for tok in (doc[i] for i in positions(doc, given, lower=True)):
        start = end = tok.i
        while end < len(doc) and end not in taken and _capitalised_name_word(doc[end]) and end - start < 4:
            end += 1
        before = doc[start - 1] if start > tok.sent.start else None
        if not 2 <= end - start <= 3 or (end < len(doc) and _capitalised_name_word(doc[end])) or (
                before is not None and (before.i in taken or _capitalised_name_word(before))) or \
                doc[end - 1].lower_ in not_surnames or headline_sentence(tok.sent):
            continue
        added.append(_span(doc, start, end, "PERSON"))
    return sorted([*ents, *added], key=lambda e: e.start) if added else ents


@functools.lru_cache(maxsize=1)
def _not_surnames() -> frozenset[str]:
    """Last words of a name that make it an organisation, institution or place, not a person."""
    return organization_heads() | institution_heads() | place_name_heads() | place_name_words()


#: Most words of a post between a team and a name ("assistant head coach").
_POST_WORDS = 3


def with_untagged_teams(doc: "Doc", ents: list["Span"]) -> list["Span"]:
    """The entity spans, with an ORG span for a capitalised plural the model left untagged before a post and a
    person's name: "Chargers defensive tackle Jamal Williams", "... said Lions coach Rui Lobo".

    A team or a body named by its plural, as sport and politics write their
    clubs and parties; the post after it (lower case, ending in a word for a
    person: ``person_nouns.csv``, WordNet's people, ``titles.txt``) says the
    person holds it there. Not a plural of people ("Senators Rui Lobo and
    ..."), and not a common plural capitalised to start a sentence unless no
    sense of it is a person ("Officials ...", "Sharks ..." stay words).
    """
    taken = {i for e in ents for i in range(e.start, e.end)}
    people, added = _person_words(), []
    for ent in ents:
        if ent.label_ != "PERSON":
            continue
        j = ent.start - 1
        while j > ent.sent.start and doc[j].is_lower and doc[j].is_alpha and ent.start - j <= _POST_WORDS:
            j -= 1  # the post's words, however parsed ("defensive tackle": a compound, a verb, an adverbial)
        team = doc[j]
        if j == ent.start - 1 or j in taken or doc[ent.start - 1].lower_ not in people or not team.is_alpha:
            continue
        if team.tag_ == "NNPS" or (team.tag_ == "NNS" and team.i == team.sent.start):
            before = doc[team.i - 1] if team.i > team.sent.start else None  # "Hunger Games director ...": a title
            if team.text[:1].isupper() and team.lemma_.lower() not in people and team.lower_ not in people \
                    and (before is None or before.pos_ == "DET" or not before.text[:1].isupper()):
                added.append(_span(doc, j, j + 1, "ORG"))
    return sorted([*ents, *added], key=lambda e: e.start) if added else ents


@functools.lru_cache(maxsize=1)
def _person_words() -> frozenset[str]:
    """Lower-case words for a person: kg's lists, WordNet's people and the titles ("lineman", "coach")."""
    return frozenset(person_nouns()) | wordnet_person_nouns() | titles()


def _capitalised_name_word(tok: "Token") -> bool:
    return tok.pos_ == "PROPN" and tok.text[:1].isupper() and tok.text[1:2].isalpha()


def _span(doc: "Doc", start: int, end: int, label: str) -> "Span":
    from spacy.tokens import Span

    return Span(doc, start, end, label=label)
