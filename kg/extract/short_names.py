"""Short forms of organisation names: "Atlas" for "Atlas Networks", "the Commission" for "the European Commission".

Why its own module: news names an organisation in full once and then by a
part of it, and which part depends on the kind of name (a company keeps its
first word, an institution its head noun). Deciding which full name a short
form stands for, inside one document, is a string question apart from the
person-name rules of :mod:`kg.extract.names`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from .clusters import Cluster, NameMention
from .names import is_non_actor_name
from .non_actor_mentions import headline_sentence
from .wordlists import actor_nouns, company_suffixes, first_name_gender, organization_heads, place_plural_heads

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

__all__ = ["company_of_short_name", "institution_named", "number_word", "numbered_team", "place_and_plural",
           "places_as_teams", "plural_head_type", "plural_name_type", "short_name_of", "team_form", "team_name",
           "with_team_names"]


def company_of_short_name(word: str, organisations: Iterable[str], team: bool = False) -> str | None:
    """The one organisation ``word`` shortens: "Atlas" for "Atlas Networks", "Oceanic" for "Oceanic Telecom Ltd".

    Only when every other word of the long name is an organisation head or a
    legal form that names no institution: "Atlas" does not shorten "Atlas Mountains Trust Fund", nor
    "Surrey" "Surrey Police". ``team``: the text wrote the word as a team is written, a plural after
    "the" (:func:`team_form`), and it then shortens the one name it ends ("the Sharks", "the Mindelo
    Sharks"); a surname never takes "the" ("Yanes" is no short "Robin Yanes", whatever the model typed).

    >>> company_of_short_name("Atlas", ["Atlas Networks", "Coral Bank"])
    'Atlas Networks'
    >>> company_of_short_name("Coral", ["Coral Reef Alliance", ""]) is None
    True
    >>> company_of_short_name("Sharks", ["Mindelo Sharks", "Praia Lions"], team=True)
    'Mindelo Sharks'
    >>> company_of_short_name("Yanes", ["Robin Yanes"]) is None  # a surname: no "the" before it
    True
    """
    heads = organization_heads() | company_suffixes()
    institutions = actor_nouns()  # "Surrey Police", "Tata Group": a place or a family name, not a short form
    team = team and word.lower() not in heads and word.lower() not in institutions  # not "the Holdings"
    found = set()
    for name in organisations:
        first, *rest = name.split() or [""]
        if first == word and rest and all(w.lower().rstrip(".,") in heads and w.lower() not in institutions
                                          for w in rest):
            found.add(name)
        elif team and rest and rest[-1] == word:
            found.add(name)
    return found.pop() if len(found) == 1 else None


def short_name_of(ent: "Span", word: str, organisations: list[str], named_before: Iterable[str]) -> str | None:
    """The one longer organisation a one-word name shortens: its first word (:func:`company_of_short_name`)
    or, after "the", its head ("the Institute" after "the Institute of Marine Science", "the Commission" after
    "the European Commission": :func:`institution_named`, only among ``named_before``, the organisations
    the text named before it; a capitalised head used before the full name is a name of its own).
    """
    company = company_of_short_name(word, organisations, team_form(ent))
    if company is not None or not _after_the(ent):
        return company
    return institution_named(word, named_before)


def _after_the(ent: "Span") -> bool:
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    return ent[0].lower_ == "the" or (before is not None and before.lower_ == "the")


def plural_name_type(ent: "Span") -> str | None:
    """What a name the model tagged as a person is when the text writes it as a plural after "the".

    No person's name takes "the" and a plural: "the Praia Lions", "the
    Mindelo Sharks", "the Rams" are teams (Organization); "the Moreiras",
    whose singular is the surname of a person the document names, a family
    (Group). None for anything else, a singular ending in s included
    ("the Acropolis"), a modifier ("the Williams sisters") or a given name.
    """
    last = ent[-1]
    words = [t for t in ent if t.lower_ != "the"]
    if not _after_the(ent) or not words or last.tag_ not in ("NNPS", "NNS", "NNP") or not _plural_word(last.text) \
            or ent.root.dep_ == "compound" or last.lower_ in first_name_gender():
        return None  # "the Williams sisters", "the Charles" of a given name
    return "Group" if len(words) == 1 and _family_of_named_person(ent.doc, last.text) else "Organization"


def team_name(label: str) -> bool:
    """True for a name of two words or more written as a team's: its last word a capitalised plural or a
    number word ("Mindelo Sharks", "Halifax 49ers"), not a word such as "Holdings" that ends a company's name
    (one word such as "Atlas" may be anything).

    >>> team_name("Mindelo Sharks"), team_name("Halifax 49ers"), team_name("Atlas Holdings"), team_name("Atlas")
    (True, True, False, False)
    """
    words = label.split()
    last = words[-1] if len(words) > 1 else ""
    return (_plural_word(last) or (last[:1].isdigit() and last[-1:] == "s")) \
        and last.lower() not in organization_heads() | company_suffixes()


def plural_head_type(head: "Token") -> str | None:
    """What a capitalised plural after "the" that the model left untagged names: a team or a band
    ("the Sixers", "the Chiefs": Organization), or a family when its singular is the last word of a person the
    document names ("the Moreiras": Group). None for a place ("the Azores"), a headline's capitals, a noun
    in a compound, or anything the model tagged (:func:`plural_name_type` reads those)."""
    text = head.text
    if head.ent_type_ or head.dep_ == "compound" or not _plural_word(text) or not text[1:].islower() \
            or not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children) or headline_sentence(head.sent) \
            or head.lower_ in place_plural_heads() or head.lower_ in first_name_gender() or is_non_actor_name(text):
        return None  # "the Azores", "King James", "the Birthday Honours"
    return "Group" if _family_of_named_person(head.doc, text) else "Organization"


def _family_of_named_person(doc: "Doc", plural: str) -> bool:
    """True when ``plural`` is the surname of a person the document names, made plural ("the Moreiras")."""
    return any(e.label_ == "PERSON" and len(e) > 1 and e[-1].text == plural[:-1] for e in doc.ents)


def number_word(tok: "Token") -> bool:
    """A noun written with a number first ("49ers"): no dictionary word, a name's head when a name precedes it."""
    return tok.pos_ == "NOUN" and tok.text[:1].isdigit() and tok.text[-1:].isalpha()


def numbered_team(tok: "Token") -> bool:
    """A team's name written as a number and "-ers" ("76ers", "49ers"): never a common noun, even alone."""
    return number_word(tok) and tok.text.endswith("ers") and tok.text[:-3].isdigit()


def _plural_word(text: str) -> bool:
    return text[:1].isupper() and text.endswith("s") and not text.endswith(("ss", "us", "is", "'s"))


def team_form(ent: "Span") -> bool:
    """True for a one-word name written as a team's: a plural after "the" ("the Sharks", "the Braves")."""
    last = ent[-1]
    return len(ent) <= 2 and last.text.endswith("s") and not last.text.endswith("ss") and _after_the(ent)


def place_and_plural(head: "Token") -> bool:
    """A capitalised plural after a place's name: a team or a club ("the Lagos Kings", "the Accra Saints").

    Not a place or a building ("the Cayman Islands", "the Emirates Towers":
    :file:`place_plural_heads.txt`), nor a singular ending in s ("the Athens
    Acropolis"), nor a people the model tagged ("Gaza Palestinians"), nor a
    capital that only starts a sentence. The tagger reads such a plural as
    a common noun or a proper one, so the test is on the words as written.
    """
    text = head.text
    if (head.is_sent_start or not text[:1].isupper() or not text[1:].islower() or not text.endswith("s")
            or text.endswith(("ss", "is", "us")) or head.ent_type_ in ("NORP", "GPE", "LOC", "FAC")
            or head.lower_ in place_plural_heads()):
        return False
    before = [t for t in head.lefts if t.dep_ == "compound"]
    return bool(before) and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in before) \
        and any(t.ent_type_ in ("GPE", "LOC") for t in before)


def with_team_names(doc: "Doc", ents: list["Span"]) -> list["Span"]:
    """The entity spans, with a place's name that opens a team's name grown into the team ("the Lagos Kings").

    The model tags only the place ("Lagos", GPE) and leaves the plural out;
    unless the whole name is one organisation from the start, the story has
    no team for "the team" or "they" to refer back to.
    """
    from spacy.tokens import Span

    out = []
    for e in ents:
        head = e.root.head
        if e.label_ in ("GPE", "LOC") and e.end == head.i and e.root.dep_ == "compound" and (
                place_and_plural(head) or numbered_team(head)):  # "the Lagos Kings", "the Philadelphia 76ers"
            e = Span(doc, e.start, head.i + 1, label="ORG")
        out.append(e)
    return out


#: How a place's bare name takes part in a game ("Creighton beat ...", "lost to Creighton", "Creighton's coach").
_PLAYING_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "poss"})
_PLAYING_PREPOSITIONS = frozenset({"to", "against", "over", "by", "with"})


def places_as_teams(doc: "Doc", mentions: list[NameMention], token_cluster: dict[int, Cluster]) -> None:
    """Give a place's bare name that acts or is acted on the team the story names after it, in place.

    Sports news calls a team by its place ("Creighton beat Wichita State",
    "lost to North Carolina") once it has named it in full ("the Creighton
    Bluejays"). Only a place (not a country: "Brazil" may be its government),
    only when the story names exactly one organisation that is the place's
    name followed by capitalised words ending in a plural, and only as a
    subject, an object, a possessor or after "to", "against", "over", "by"
    or "with": "in Creighton" and "the Creighton campus" stay the place.
    """
    teams: dict[str, dict[int, Cluster]] = {}
    for cluster in {id(m.cluster): m.cluster for m in mentions if m.cluster.type == "Organization"}.values():
        words = cluster.label.split()  # each organisation once, not once per mention of it
        for k in range(1, len(words)):
            rest = words[k:]
            if all(w[:1].isupper() for w in rest) and rest[-1].endswith("s") and not rest[-1].endswith("ss"):
                teams.setdefault(" ".join(words[:k]), {})[id(cluster)] = cluster
    for k, m in enumerate(mentions):
        found = teams.get(m.cluster.label) if m.cluster.type == "Location" else None
        if not found or len(found) != 1:
            continue
        root = doc[m.start:m.end].root
        if root.dep_ == "conj":  # "Creighton and Wichita State played ...": the first conjunct's part
            root = root.head
        if root.dep_ in _PLAYING_DEPS or (root.dep_ == "pobj" and root.head.lower_ in _PLAYING_PREPOSITIONS):
            team = next(iter(found.values()))
            mentions[k] = NameMention(m.start, m.end, team)
            token_cluster.update((i, team) for i in range(m.start, m.end))


def institution_named(word: str, organisations: Iterable[str]) -> str | None:
    """The one organisation whose name has ``word`` as its head: "Commission" for "European Commission".

    News names an institution in full once and then by its head noun ("the
    European Commission ... the Commission", "the International Court of
    Justice ... the court"). The head is the last word, or the word before
    the first lower-case one ("of", "to"). Two organisations with that head
    ("the Supreme Court", "the Court of Appeal") leave it unsaid.

    >>> institution_named("court", ["International Court of Justice", "Coral Bank"])
    'International Court of Justice'
    >>> institution_named("court", ["Supreme Court", "Court of Appeal"]) is None
    True
    """
    key = word.lower()
    found = {name for name in organisations if " " in name and _head_word(name) == key}
    return found.pop() if len(found) == 1 else None


def _head_word(name: str) -> str:
    """The noun an organisation's name is built on: the word before its first lower-case word, else its last.

    "International Court of Justice" -> court, "Committee to Protect Journalists" -> committee,
    "European Commission" -> commission.
    """
    words = name.split()
    lower = next((k for k, w in enumerate(words) if k and w.islower()), len(words))
    return words[lower - 1].lower()
