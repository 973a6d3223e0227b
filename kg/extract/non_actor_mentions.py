"""Mentions that look like actors and are not: a prize or product named after something, a street, a setting.

Why this exists: the model tags capitalised words and the actor-noun list
types institution words, whatever the phrase around them says. "won an
Emmy" is a prize, not an organisation called Emmy; "American Boulevard" is
a street the model read as an organisation; "appeared in court" names where
a hearing took place, not a court that acted. Each of these, typed an actor,
becomes a node with edges an analyst would have to delete by hand. The tests
here read only the phrase itself (its determiner, its preposition, its last
word), so they hold on text kg has never seen.
"""
from __future__ import annotations

import calendar
import re
from typing import TYPE_CHECKING

from .names import looks_like_url
from .wordlists import (actor_nouns, anaphoric_heads, first_name_gender, nickname_groups, person_nouns,
                        place_name_heads, setting_nouns, titles, vessel_prefixes, word_list)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

__all__ = ["a_name_as_a_noun", "capitalised_as_opener", "capitalised_institution_noun", "described_not_named",
           "headline_description", "headline_sentence", "institution_as_setting", "social_gathering", "street_name",
           "vessel"]

#: A model year written before a make or model: "his 2008 Bentley".
_MODEL_YEAR = re.compile(r"(?:19|20)\d\d")
#: Entity labels a make or model gets from the model (an organisation, a product, a person, none); not a
#: war, an award or a place ("the 1991 Gulf War", "at 2016 Ontario Street").
_MAKER_LABELS = frozenset({"ORG", "PRODUCT", "PERSON", ""})
#: Prepositions before a setting: "in court", "to jail", "into rehab", "at hospital".
_SETTING_PREPOSITIONS = frozenset({"in", "into", "to", "at", "from", "out"})


def a_name_as_a_noun(head: "Token") -> bool:
    """True for a proper noun after "a"/"an": one of a kind named after something, not that one actor.

    Why: "won an Emmy", "took a best-actor Tony", "drove a Bentley" name a
    prize, a product, a model; the model tags "Tony" a person and "Bentley"
    an organisation. A nationality ("an American", "a Democrat") is a
    member of a group and no name: callers leave NORP spans alone. An
    adjective on the name makes it the one actor again, seen in a passing
    state ("a tearful Ana Lobo", "a healthy Revco"). A model year before a
    singular name makes it a product whatever the determiner ("his 2008
    Bentley", "a 2007 silver Ford Fusion"); a plural is a team's season
    ("the 2008 Miami Dolphins"), still the team.
    """
    if head.pos_ != "PROPN" or head.dep_ == "compound":
        return False
    if head.tag_ != "NNPS" and head.ent_type_ in _MAKER_LABELS and any(
            _MODEL_YEAR.fullmatch(t.text) for t in head.doc[head.left_edge.i:head.i]):
        return True
    return any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in head.lefts) \
        and not any(c.dep_ == "amod" for c in head.lefts)


def street_name(name: str) -> bool:
    """A name of two or more words whose last is "Street", "Boulevard", "Square" and the like.

    >>> street_name("American Boulevard"), street_name("Main St."), street_name("Boulevard")
    (True, True, False)
    """
    words = name.split()
    return len(words) > 1 and words[-1].lower().rstrip(".") in place_name_heads()


def social_gathering(head: "Token") -> bool:
    """True for "party" as a gathering: "an office Christmas party", and "the party" in a story that holds one.

    Why: "party" is listed as an organisation ("the ruling party"), so a
    gunman who "walked into the party" acted on an organisation. A
    modifier from ``gathering_modifiers.txt`` marks the gathering; once a
    story has one, its other common-noun "party" mentions are that
    gathering unless a modifier of their own says otherwise ("the
    opposition party"). A named party is a name, never read here.
    """
    if head.lemma_.lower() != "party" or head.pos_ != "NOUN":
        return False
    marks = word_list("gathering_modifiers.txt")
    own = _modifiers(head)
    if any(m.lower_ in marks for m in own):
        return True
    if any(m.text[:1].isupper() or m.lower_ in word_list("political_party_modifiers.txt") for m in own):
        return False  # "the Labour party", "the opposition party"
    return any(t.lemma_.lower() == "party" and t.pos_ == "NOUN" and any(m.lower_ in marks for m in _modifiers(t))
               for t in head.doc)


def _modifiers(noun: "Token") -> list["Token"]:
    return [c for c in noun.children if c.dep_ in ("compound", "amod", "nmod") and c.i < noun.i]


def institution_as_setting(head: "Token") -> bool:
    """True for an institution noun with no determiner after a preposition: "appeared in court", "sent to jail".

    Why: English drops the article when the noun names the activity the
    place is for ("in court": a hearing; "in hospital": treatment), so the
    phrase says where something happened and refers to no court that acts
    ("the court ruled", "told the court" keep their article). Only the
    nouns in ``setting_nouns.txt`` are read this way: "reported to police"
    is an institution that hears the report.
    """
    if head.lemma_.lower() not in setting_nouns() or head.tag_ not in ("NN", "NNP") or head.dep_ != "pobj":
        return False
    if head.head.lower_ not in _SETTING_PREPOSITIONS:
        return False
    return not any(c.dep_ in ("det", "poss", "nummod") for c in head.children)


def vessel(name: str) -> tuple[str, str | None] | None:
    """(type, country) of a ship's name by its prefix, or None for no ship's name.

    A navy's ship is part of that navy: an Organization of its country
    ("USS Cole": USA; "INS Mysore": India's or Israel's, so no country).
    A merchant or private vessel ("MV Gibe", "MS Columbus") is a thing the
    story's actors act on: Other.

    >>> vessel("USS Cole"), vessel("MV Gibe"), vessel("Ms Lobo")
    (('Organization', 'USA'), ('Other', None), None)
    """
    words = name.split()
    if len(words) < 2 or not words[1][:1].isupper():
        return None
    prefixes = vessel_prefixes()
    prefix = words[0].replace(".", "").replace("/", "")
    if prefix not in prefixes:
        return None
    navy = prefixes[prefix]
    if navy is None:
        return "Other", None
    return "Organization", None if navy == "-" else navy


def capitalised_as_opener(tok: "Token") -> bool:
    """True for a word whose capitals a headline or a sentence start explain: the first word, a word after a
    headline's colon or dash ("Fire - Man denies arson"; not "Attorney-General"), or a word in all capitals."""
    before = tok.doc[tok.i - 1] if tok.i > 0 else None
    starts = tok.is_sent_start or (before is not None and before.text in (":", "-", "–", "—")
                                   and (before.whitespace_ != "" or before.text == ":"))
    return (starts or tok.is_upper) and tok.ent_iob_ != "I"


def capitalised_institution_noun(tok: "Token") -> bool:
    """A headline's "Militia seizes six fishermen", "Command says ...": an institution noun capitalised as the
    first word, a description of the story's militia, not a name shared by every story that opens so."""
    return (tok.lower_ in actor_nouns() or tok.lower_ in anaphoric_heads()) and tok.tag_ in ("NN", "NNP") \
        and capitalised_as_opener(tok)


#: The most words a headline has (news headlines run to about fifteen).
_HEADLINE_WORDS = 25


def headline_sentence(sent: "Span") -> bool:
    """True for a short line with no closing stop, as a headline is ("Kraft shooting: Ana Reis charged").

    Several rules ask it of one sentence: the answer is kept with the document (``Doc.user_data``)."""
    seen = sent.doc.user_data.setdefault("kg.headline_sentence", {})
    found = seen.get(sent.start)
    if found is None:
        if sent.end - sent.start > 3 * _HEADLINE_WORDS:  # too long to be one, whatever its spaces
            found = False
        else:
            words = [t for t in sent if not t.is_space]
            found = 0 < len(words) <= _HEADLINE_WORDS and words[-1].text not in (".", "!", "?", '"', "”", "'")
        seen[sent.start] = found
    return found


#: Words of a web page's time stamp line ("Updated: November 11, 2011 20:09 IST", "Posted: June 12, 2013").
_STAMP_WORDS = frozenset({"updated", "posted", "published", "modified", "last", "at", "on", "by", "gmt", "utc",
                          "ist", "est", "edt", "cst", "cdt", "pst", "pdt", "bst", "cet", "am", "pm", "a.m.", "p.m."})


def page_furniture(sent: "Span") -> bool:
    """True for a line that is no part of the story: a source URL or a time stamp ("Updated: May 9, 2026 10:05").

    Scraped news often opens with them, so "the story's first lines" are
    counted without them. A stamp is a short line of dates, times, numbers
    and stamp words only (:data:`_STAMP_WORDS`), with a date in it.
    """
    text = sent.text.strip()
    if looks_like_url(text):
        return True
    words = [t for t in sent if not (t.is_punct or t.is_space)]
    return 0 < len(words) <= 12 and any(t.ent_type_ == "DATE" or _calendar_word(t) for t in words) and all(
        t.ent_type_ in ("DATE", "TIME") or t.like_num or t.lower_ in _STAMP_WORDS or _calendar_word(t)
        or _CLOCK.fullmatch(t.lower_) for t in words)


#: A time of day written as one token ("07AM", "10:05pm") or a numeric date ("4/11/2007", "2007-7").
_CLOCK = re.compile(r"\d{1,2}(:\d\d)?(am|pm)|\d{1,4}([/.-]\d{1,4}){1,2}")


def _calendar_word(tok: "Token") -> bool:
    """A month's or weekday's name, whole or abbreviated ("Sep", "Sept.", "Saturday"), which the model does not
    always tag as a date on a line of its own ("Saturday, Sep 14, 2013" came out a law)."""
    word = tok.lower_.rstrip(".")
    return len(word) >= 3 and word in _CALENDAR_WORDS


#: Month and weekday names and their usual abbreviations, in English (the stamp lines of English news).
_CALENDAR_WORDS = frozenset(
    {m.lower() for m in (*calendar.month_name[1:], *calendar.month_abbr[1:], *calendar.day_name, *calendar.day_abbr)}
    | {"sept", "tues", "thur", "thurs"})


def headline_description(words: "list[Token]", head: "Token") -> bool:
    """A headline's title-case description ("Suspended Worker Kills 2": :func:`described_not_named`)."""
    return described_not_named([*words, head]) and headline_sentence(head.sent)  # the word test is the cheaper


def described_not_named(tokens: "list[Token]") -> bool:
    """Capitalised words that describe someone rather than name them ("Suspended Worker", "Brooklyn Teen").

    A singular person noun of kg's list comes last, written apart from the
    word before it ("Spider-Man" is a name), after words none of which is a
    given name, a nickname or a title ("Billy King", "Coach King" are names).
    """
    words = [t for t in tokens if not t.is_punct]
    nouns = person_nouns()
    info = nouns.get(words[-1].lower_) if len(words) > 1 and words[-2].whitespace_ else None
    if info is None or info.plural:
        return False
    given, nicks, offices = first_name_gender(), nickname_groups(), titles()
    return not any(t.lower_ in given or t.lower_ in nicks or t.lower_.rstrip(".") in offices for t in words[:-1])
